//! Clock skew: signing with the service's idea of the time.
//!
//! SigV4 signatures are valid for 15 minutes around the service's clock. A
//! machine whose clock is off by more fails every call with an error such
//! as `RequestTimeTooSkewed` or `InvalidSignatureException` ("Signature
//! expired"). The response's `Date` header says what time the service
//! thinks it is; the difference is kept and added to the local clock for
//! every later signature of the client, as aws-sdk-rust does.

use crate::DateTime;
use crate::datetime::Format;
use crate::operation::HttpResponse;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

/// Error codes with which services reject a signature's time (the list of
/// botocore and aws-sdk-rust).
pub const CLOCK_SKEW_ERROR_CODES: &[&str] = &[
    "AuthFailure",
    "InvalidSignatureException",
    "RequestExpired",
    "RequestInTheFuture",
    "RequestTimeTooSkewed",
    "SignatureDoesNotMatch",
];

/// The offset between the service's clock and ours, shared by a client's
/// clones. Starts at zero.
#[derive(Clone, Debug, Default)]
pub struct ClockSkew {
    /// Milliseconds to add to the local clock.
    offset_millis: Arc<AtomicI64>,
}

impl ClockSkew {
    /// The offset to add to the local clock.
    pub fn offset(&self) -> (Duration, bool) {
        let millis = self.offset_millis.load(Ordering::Relaxed);
        (Duration::from_millis(millis.unsigned_abs()), millis < 0)
    }

    /// `now` corrected by the offset.
    pub fn apply(&self, now: SystemTime) -> SystemTime {
        let millis = self.offset_millis.load(Ordering::Relaxed);
        let offset = Duration::from_millis(millis.unsigned_abs());
        let corrected = if millis >= 0 {
            now.checked_add(offset)
        } else {
            now.checked_sub(offset)
        };
        corrected.unwrap_or(now)
    }

    /// Keeps the offset between `server_time` and the local `now`.
    pub fn learn(&self, server_time: SystemTime, now: SystemTime) {
        let millis = match server_time.duration_since(now) {
            Ok(ahead) => i64::try_from(ahead.as_millis()).unwrap_or(i64::MAX),
            Err(behind) => -i64::try_from(behind.duration().as_millis()).unwrap_or(i64::MAX),
        };
        tracing::debug!(
            offset_ms = millis,
            "clock skew corrected from the response's Date"
        );
        self.offset_millis.store(millis, Ordering::Relaxed);
    }
}

/// The time of the response's `Date` header.
pub(super) fn server_time(response: &HttpResponse) -> Option<SystemTime> {
    let date = response.headers().get(http::header::DATE)?.to_str().ok()?;
    let parsed = DateTime::from_str(date.trim(), Format::HttpDate).ok()?;
    SystemTime::try_from(parsed).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_offsets_either_way() {
        let skew = ClockSkew::default();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(skew.apply(now), now);
        skew.learn(now + Duration::from_secs(3600), now);
        assert_eq!(skew.apply(now), now + Duration::from_secs(3600));
        assert_eq!(skew.clone().offset(), (Duration::from_secs(3600), false));
        skew.learn(now - Duration::from_secs(90), now);
        assert_eq!(skew.apply(now), now - Duration::from_secs(90));
    }

    #[test]
    fn reads_the_date_header() {
        let response = http::Response::builder()
            .header("date", "Tue, 14 Nov 2023 22:13:20 GMT")
            .body(bytes::Bytes::new())
            .unwrap();
        assert_eq!(
            server_time(&response),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        );
        let garbage = http::Response::builder()
            .header("date", "yesterday")
            .body(bytes::Bytes::new())
            .unwrap();
        assert_eq!(server_time(&garbage), None);
    }
}
