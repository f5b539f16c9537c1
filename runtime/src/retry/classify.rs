//! Which failures are worth another attempt.
//!
//! The lists follow the official SDKs (smithy-rs's `AwsErrorCodeClassifier`
//! and `HttpStatusCodeClassifier`), with 429 added as throttling: it is the
//! status HTTP defines for "too many requests".

use super::quota::{RETRY_COST, TIMEOUT_RETRY_COST};
use crate::error::{ClassifyError, ErrorKind, ProvideErrorMetadata};
use crate::transport::{TransportError, TransportErrorKind};

/// Error codes AWS services use for throttling.
pub const THROTTLING_ERROR_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes AWS services use for transient failures. `InternalError`
/// comes with a 500 (transient by its status) except from S3 operations
/// that fail after sending `200` (an `<Error>` body), which the AWS SDKs
/// retry too.
pub const TRANSIENT_ERROR_CODES: &[&str] =
    &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// HTTP statuses that mean throttling.
pub const THROTTLING_STATUS_CODES: &[u16] = &[429];

/// HTTP statuses that mean a transient failure.
pub const TRANSIENT_STATUS_CODES: &[u16] = &[500, 502, 503, 504];

/// Why a failed attempt may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryClass {
    /// The service asked us to slow down.
    Throttling,
    /// The service or the network failed in a way that may not last.
    Transient,
    /// The attempt ran out of time. Retrying costs more quota: a service that
    /// does not answer at all is the likeliest to be overwhelmed.
    Timeout,
}

impl RetryClass {
    /// The retry quota tokens a retry after this failure costs.
    pub const fn cost(self) -> u32 {
        match self {
            Self::Timeout => TIMEOUT_RETRY_COST,
            Self::Throttling | Self::Transient => RETRY_COST,
        }
    }
}

/// Classifies an error response the service sent with HTTP `status`; `None`
/// means retrying cannot help.
///
/// In order: the model's `@retryable` trait, the error code, the status.
pub fn classify_service_error<E>(error: &E, status: u16) -> Option<RetryClass>
where
    E: ClassifyError + ProvideErrorMetadata,
{
    classify(error.error_kind(), error.code(), status)
}

fn classify(kind: Option<ErrorKind>, code: Option<&str>, status: u16) -> Option<RetryClass> {
    match kind {
        Some(ErrorKind::Throttling) => return Some(RetryClass::Throttling),
        Some(ErrorKind::Transient) => return Some(RetryClass::Transient),
        // Models often leave well-known throttling errors without
        // `@retryable`, so the code and status still get their say.
        Some(ErrorKind::Server | ErrorKind::Client) | None => {}
    }
    if let Some(code) = code {
        if THROTTLING_ERROR_CODES.contains(&code) {
            return Some(RetryClass::Throttling);
        }
        if TRANSIENT_ERROR_CODES.contains(&code) {
            return Some(RetryClass::Transient);
        }
    }
    if THROTTLING_STATUS_CODES.contains(&status) {
        Some(RetryClass::Throttling)
    } else if TRANSIENT_STATUS_CODES.contains(&status) {
        Some(RetryClass::Transient)
    } else {
        None
    }
}

/// Classifies a response that could not be read: worth retrying when its
/// status is 5xx, since that is usually an error page from a proxy or load
/// balancer in front of the service rather than the service's own answer.
pub fn classify_unreadable_response(status: u16) -> Option<RetryClass> {
    (500..600)
        .contains(&status)
        .then_some(RetryClass::Transient)
}

/// Classifies a transport failure: timeouts and broken or refused
/// connections are worth retrying; TLS failures and malformed responses are
/// not, they would fail the same way again.
pub fn classify_transport_error(error: &TransportError) -> Option<RetryClass> {
    match error.kind() {
        TransportErrorKind::Timeout => Some(RetryClass::Timeout),
        TransportErrorKind::Connect | TransportErrorKind::Io => Some(RetryClass::Transient),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RetryClass::{Throttling, Timeout, Transient};

    #[test]
    fn classification_table() {
        type Case = (
            Option<ErrorKind>,
            Option<&'static str>,
            u16,
            Option<RetryClass>,
        );
        let table: &[Case] = &[
            // The model's word comes first.
            (
                Some(ErrorKind::Throttling),
                Some("Whatever"),
                400,
                Some(Throttling),
            ),
            (Some(ErrorKind::Transient), None, 400, Some(Transient)),
            (
                Some(ErrorKind::Transient),
                Some("ThrottlingException"),
                400,
                Some(Transient),
            ),
            // Then the codes, whatever the status.
            (None, Some("ThrottlingException"), 400, Some(Throttling)),
            (None, Some("Throttling"), 400, Some(Throttling)),
            (
                None,
                Some("TooManyRequestsException"),
                400,
                Some(Throttling),
            ),
            (None, Some("RequestLimitExceeded"), 503, Some(Throttling)),
            (None, Some("SlowDown"), 503, Some(Throttling)),
            (
                Some(ErrorKind::Client),
                Some("LimitExceededException"),
                400,
                Some(Throttling),
            ),
            (None, Some("RequestTimeout"), 400, Some(Transient)),
            (None, Some("RequestTimeoutException"), 408, Some(Transient)),
            // Codes are case sensitive, as AWS sends them.
            (None, Some("throttlingexception"), 400, None),
            // Then the status.
            (None, None, 429, Some(Throttling)),
            (None, Some("InternalFailure"), 500, Some(Transient)),
            (
                Some(ErrorKind::Server),
                Some("InternalServerException"),
                500,
                Some(Transient),
            ),
            (None, None, 502, Some(Transient)),
            (None, None, 503, Some(Transient)),
            (None, None, 504, Some(Transient)),
            // Never other 4xx errors, nor 5xx outside the list.
            (None, Some("ValidationException"), 400, None),
            (
                Some(ErrorKind::Client),
                Some("AccessDeniedException"),
                403,
                None,
            ),
            (None, Some("ResourceNotFoundException"), 404, None),
            (None, None, 408, None),
            (
                Some(ErrorKind::Client),
                Some("ConflictException"),
                409,
                None,
            ),
            (None, None, 501, None),
            (None, None, 200, None),
        ];
        for &(kind, code, status, expected) in table {
            assert_eq!(
                classify(kind, code, status),
                expected,
                "kind {kind:?}, code {code:?}, status {status}"
            );
        }
    }

    #[test]
    fn unreadable_responses_are_retried_when_5xx() {
        assert_eq!(classify_unreadable_response(503), Some(Transient));
        assert_eq!(classify_unreadable_response(500), Some(Transient));
        assert_eq!(classify_unreadable_response(599), Some(Transient));
        assert_eq!(classify_unreadable_response(200), None);
        assert_eq!(classify_unreadable_response(404), None);
    }

    #[test]
    fn transport_errors_by_kind() {
        let cases = [
            (TransportError::timeout("slow"), Some(Timeout)),
            (TransportError::connect("refused"), Some(Transient)),
            (TransportError::io("reset"), Some(Transient)),
            (TransportError::tls("untrusted certificate"), None),
            (TransportError::other("malformed response"), None),
        ];
        for (error, expected) in cases {
            assert_eq!(classify_transport_error(&error), expected, "{error}");
        }
    }

    #[test]
    fn timeouts_cost_double() {
        assert_eq!(Throttling.cost(), 5);
        assert_eq!(Transient.cost(), 5);
        assert_eq!(Timeout.cost(), 10);
    }
}
