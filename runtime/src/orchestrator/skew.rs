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

/// How far the service's clock must be from the one used for signing to
/// correct it: SigV4 accepts signatures 5 minutes either side (15 for some
/// services), so less is noise from the `Date` header's one-second
/// resolution and the time in flight.
pub const SIGNIFICANT_SKEW: Duration = Duration::from_secs(4 * 60);

/// The offset between the service's clock and ours, shared by a client's
/// clones. Starts at zero.
#[derive(Clone, Debug, Default)]
pub struct ClockSkew {
    /// Milliseconds to add to the local clock.
    offset_millis: Arc<AtomicI64>,
}

impl ClockSkew {
    /// Milliseconds added to the local clock when signing (negative when
    /// the service's clock is behind ours).
    pub fn offset_millis(&self) -> i64 {
        self.offset_millis.load(Ordering::Relaxed)
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

    /// Keeps the offset between `server_time` and the local `now` when it
    /// differs from the one in use by more than [`SIGNIFICANT_SKEW`]; says
    /// whether it did, that is whether signing again can help. (A wrong
    /// secret key also gives `SignatureDoesNotMatch`; a clock that agrees
    /// with the service's makes that no reason to retry.)
    pub fn learn(&self, server_time: SystemTime, now: SystemTime) -> bool {
        let millis = match server_time.duration_since(now) {
            Ok(ahead) => i64::try_from(ahead.as_millis()).unwrap_or(i64::MAX),
            Err(behind) => -i64::try_from(behind.duration().as_millis()).unwrap_or(i64::MAX),
        };
        let current = self.offset_millis.load(Ordering::Relaxed);
        let change = millis.saturating_sub(current).unsigned_abs();
        if u128::from(change) <= SIGNIFICANT_SKEW.as_millis() {
            return false;
        }
        tracing::debug!(
            offset_ms = millis,
            "clock skew corrected from the response's Date"
        );
        self.offset_millis.store(millis, Ordering::Relaxed);
        true
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
        assert!(skew.learn(now + Duration::from_secs(3600), now));
        assert_eq!(skew.apply(now), now + Duration::from_secs(3600));
        assert_eq!(skew.clone().offset_millis(), 3_600_000);
        // Close to the offset in use: nothing to correct, no reason to retry.
        assert!(!skew.learn(now + Duration::from_secs(3630), now));
        assert_eq!(skew.offset_millis(), 3_600_000);
        assert!(skew.learn(now - Duration::from_secs(600), now));
        assert_eq!(skew.apply(now), now - Duration::from_secs(600));
        // A clock that agrees with the service's is not skewed.
        assert!(!ClockSkew::default().learn(now + Duration::from_secs(2), now));
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
