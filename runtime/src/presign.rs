//! Presigned requests: a request signed in its URL, for someone without
//! credentials to send (a browser downloading an S3 object, a device
//! uploading one), until it expires.
//!
//! Generated clients offer `presigned(PresigningConfig)` on the operations
//! AWS SDKs presign (S3's `GetObject`, `PutObject`, `HeadObject`,
//! `DeleteObject`, `UploadPart`); it gives a [`PresignedRequest`]: the
//! method, the URL and the headers the sender must send as they are.

use crate::operation::HttpRequest;
use http::{HeaderMap, Method};
use std::fmt;
use std::time::{Duration, SystemTime};

/// The longest a presigned request may stay valid: SigV4's seven days.
pub const MAX_EXPIRES_IN: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// How long a presigned request stays valid, and from when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresigningConfig {
    expires_in: Duration,
    start_time: Option<SystemTime>,
}

/// A [`PresigningConfig`] that cannot be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresigningConfigError(String);

impl fmt::Display for PresigningConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PresigningConfigError {}

impl PresigningConfig {
    /// Valid for `expires_in` from now (whole seconds, at least one, at
    /// most [`MAX_EXPIRES_IN`]).
    ///
    /// # Errors
    /// When `expires_in` is under a second or over seven days.
    pub fn expires_in(expires_in: Duration) -> Result<Self, PresigningConfigError> {
        if expires_in < Duration::from_secs(1) {
            return Err(PresigningConfigError(format!(
                "a presigned request must stay valid for at least one second, not {expires_in:?}"
            )));
        }
        if expires_in > MAX_EXPIRES_IN {
            return Err(PresigningConfigError(format!(
                "a presigned request can stay valid for at most seven days (604800 s), not {} s",
                expires_in.as_secs()
            )));
        }
        Ok(Self {
            expires_in,
            start_time: None,
        })
    }

    /// Signed as of `start_time` instead of now.
    #[must_use]
    pub fn with_start_time(mut self, start_time: SystemTime) -> Self {
        self.start_time = Some(start_time);
        self
    }

    /// How long the request stays valid.
    pub fn expires(&self) -> Duration {
        self.expires_in
    }

    /// When validity starts, if not now.
    pub fn start_time(&self) -> Option<SystemTime> {
        self.start_time
    }
}

/// A request signed in its URL.
#[derive(Clone, Debug)]
pub struct PresignedRequest {
    method: Method,
    uri: String,
    headers: HeaderMap,
}

impl PresignedRequest {
    pub(crate) fn new(request: &HttpRequest) -> Self {
        let mut headers = request.headers().clone();
        // Every HTTP client sends `host` from the URL itself.
        headers.remove(http::header::HOST);
        Self {
            method: request.method().clone(),
            uri: request.uri().to_string(),
            headers,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URL, signature included.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// Headers that were signed, which the request must carry as they are.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_is_one_second_to_seven_days() {
        assert!(PresigningConfig::expires_in(Duration::from_secs(1)).is_ok());
        assert!(PresigningConfig::expires_in(MAX_EXPIRES_IN).is_ok());
        let short = PresigningConfig::expires_in(Duration::from_millis(500)).unwrap_err();
        assert!(short.to_string().contains("at least one second"), "{short}");
        let long =
            PresigningConfig::expires_in(MAX_EXPIRES_IN + Duration::from_secs(1)).unwrap_err();
        assert!(long.to_string().contains("at most seven days"), "{long}");
    }
}
