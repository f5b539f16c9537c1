//! Errors shared by every generated client.
//!
//! [`SdkError`] is what `send()` returns. It separates the failures a caller
//! reacts to differently: the request could not be built, it could not be
//! delivered (I/O, connection, timeout), the response could not be read, or
//! the service answered with an error, which carries the operation's own
//! error enum.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

/// What `Debug` and `Display` show instead of a `@sensitive` value.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A boxed error that can cross threads.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// The HTTP response type every error keeps a copy of.
pub type RawResponse = http::Response<bytes::Bytes>;

/// What the protocol extracted from an error response: the error code, the
/// message, the request id and the HTTP status.
///
/// When the message is the value of a `@sensitive` member (generated code
/// says so with [`with_sensitive_message`](Self::with_sensitive_message)),
/// `Debug` shows it redacted.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
    sensitive_message: bool,
}

impl fmt::Debug for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message: &dyn fmt::Debug = match &self.message {
            Some(_) if self.sensitive_message => &REDACTED,
            message => message,
        };
        f.debug_struct("ErrorMetadata")
            .field("code", &self.code)
            .field("message", message)
            .field("request_id", &self.request_id)
            .field("status", &self.status)
            .finish()
    }
}

impl ErrorMetadata {
    /// Metadata with every field unset.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the error code (already stripped of any `namespace#` prefix).
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets the message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Sets the request id.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Sets the HTTP status code.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Marks the message as a `@sensitive` value, as the model says the
    /// error's message member is: neither `Debug` nor the errors' `Display`
    /// show it any more, while [`message`](Self::message) still returns it.
    ///
    /// Generated code calls this when the error code names such an error,
    /// before reading the body: if the body cannot be read as that error,
    /// the unhandled error made of this metadata keeps the message hidden.
    pub fn with_sensitive_message(mut self) -> Self {
        self.sensitive_message = true;
        self
    }

    /// The error code, such as `ResourceNotFoundException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message the service sent.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id AWS assigned (`x-amzn-requestid`).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status code of the response.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

/// Access to the [`ErrorMetadata`] of a service error.
pub trait ProvideErrorMetadata {
    /// The metadata of this error.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code, such as `ResourceNotFoundException`.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The message the service sent.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }

    /// The request id AWS assigned.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

/// How the model classifies a modelled error for retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `@retryable(throttling: true)`: the caller is sending too fast.
    Throttling,
    /// `@retryable`: a transient failure worth another attempt.
    Transient,
    /// `@error("server")` without `@retryable`: the service failed.
    Server,
    /// `@error("client")` without `@retryable`: the request was wrong.
    Client,
}

/// Implemented by every operation error enum so the retry strategy can read the
/// model's `@retryable` traits.
pub trait ClassifyError {
    /// The model's classification of this error, `None` for an unmodelled one.
    fn error_kind(&self) -> Option<ErrorKind>;

    /// Whether the model marks this error retryable (`@retryable`).
    fn is_retryable(&self) -> bool {
        matches!(
            self.error_kind(),
            Some(ErrorKind::Throttling | ErrorKind::Transient)
        )
    }

    /// Whether the model marks this error as throttling
    /// (`@retryable(throttling: true)`).
    fn is_throttling(&self) -> bool {
        matches!(self.error_kind(), Some(ErrorKind::Throttling))
    }
}

/// What every error a service returns is: an error with its metadata and
/// its retry classification. Generated error enums hand out their variant's
/// error as one (`inner()`), and delegate to it.
pub trait ModelledError:
    StdError + ProvideErrorMetadata + ClassifyError + Send + Sync + 'static
{
}

impl<T> ModelledError for T where
    T: StdError + ProvideErrorMetadata + ClassifyError + Send + Sync + 'static
{
}

/// An operation's error enum: one variant per error the model lists for the
/// operation, and `Unhandled`. Its metadata (`code()`, `message()`,
/// `request_id()` of [`ProvideErrorMetadata`]) and retry classification
/// (`is_retryable()`, `is_throttling()` of [`ClassifyError`]) are those of
/// the error its variant holds, through the implementations below; the
/// generated enum writes only the match.
pub trait OperationError {
    /// The error itself, whichever variant holds it.
    fn inner(&self) -> &dyn ModelledError;
}

impl<T: OperationError> ProvideErrorMetadata for T {
    fn meta(&self) -> &ErrorMetadata {
        self.inner().meta()
    }
}

impl<T: OperationError> ClassifyError for T {
    fn error_kind(&self) -> Option<ErrorKind> {
        self.inner().error_kind()
    }
}

/// A service error that the model does not describe, or a failure that had to
/// be turned into one (see [`SdkError::into_service_error`]).
#[derive(Debug)]
pub struct UnhandledError {
    meta: ErrorMetadata,
    source: Option<BoxError>,
}

impl UnhandledError {
    /// An unmodelled error response described by its metadata.
    pub fn new(meta: ErrorMetadata) -> Self {
        Self { meta, source: None }
    }

    /// An unmodelled error that wraps another error.
    pub fn from_source(meta: ErrorMetadata, source: impl Into<BoxError>) -> Self {
        Self {
            meta,
            source: Some(source.into()),
        }
    }

    /// The error code, if the response had one.
    pub fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    /// The message, if the response had one.
    pub fn message(&self) -> Option<&str> {
        self.meta.message()
    }

    /// The request id, if the response had one.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }

    /// The HTTP status code, if this came from a response.
    pub fn status(&self) -> Option<u16> {
        self.meta.status()
    }

    /// The metadata of this error.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl ClassifyError for UnhandledError {
    /// The model says nothing of an error it does not describe.
    fn error_kind(&self) -> Option<ErrorKind> {
        None
    }
}

/// An operation's error from one of its modelled errors: `read` takes the
/// error response and its metadata, and `variant` wraps what it gives.
/// A body that is not what the model says (the code is known, the members
/// are not) gives the unhandled error the metadata makes, keeping what the
/// protocol could read rather than failing. Generated error dispatch calls
/// this once per modelled error.
pub fn modelled_error<T, E>(
    response: &crate::operation::HttpResponse,
    meta: ErrorMetadata,
    read: fn(&crate::operation::HttpResponse, ErrorMetadata) -> Result<T, DeserializeError>,
    variant: fn(T) -> E,
) -> E
where
    E: From<UnhandledError>,
{
    match read(response, meta.clone()) {
        Ok(error) => variant(error),
        Err(_) => E::from(UnhandledError::new(meta)),
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.meta.message().map(|message| {
            if self.meta.sensitive_message {
                REDACTED
            } else {
                message
            }
        });
        match (self.meta.code(), message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}")?,
            (Some(code), None) => f.write_str(code)?,
            (None, Some(message)) => write!(f, "unhandled error: {message}")?,
            // A wrapped failure describes itself, the response's status
            // included, so the status is not repeated after it.
            (None, None) => match &self.source {
                Some(source) => return write!(f, "unhandled error: {source}"),
                None => f.write_str("unhandled error")?,
            },
        }
        if let Some(status) = self.meta.status() {
            write!(f, " (HTTP {status}")?;
            if let Some(id) = self.meta.request_id() {
                write!(f, ", request id {id}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl StdError for UnhandledError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

impl ProvideErrorMetadata for UnhandledError {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

/// A request could not be built: a required member is missing or a value is
/// invalid. Nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum BuildErrorKind {
    MissingField {
        field: &'static str,
        details: &'static str,
    },
    InvalidField {
        field: &'static str,
        details: Cow<'static, str>,
    },
    Other(Cow<'static, str>),
}

impl BuildError {
    /// A required member was not set.
    pub fn missing_field(field: &'static str, details: &'static str) -> Self {
        Self {
            kind: BuildErrorKind::MissingField { field, details },
        }
    }

    /// A member was set to a value the client rejects before sending.
    pub fn invalid_field(field: &'static str, details: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind: BuildErrorKind::InvalidField {
                field,
                details: details.into(),
            },
        }
    }

    /// Any other reason a request could not be built.
    pub fn other(details: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind: BuildErrorKind::Other(details.into()),
        }
    }

    /// Whether a required member was missing.
    pub fn is_missing_field(&self) -> bool {
        matches!(self.kind, BuildErrorKind::MissingField { .. })
    }

    /// What is wrong, without the member's name: the `details` given to
    /// the constructor.
    pub fn details(&self) -> &str {
        match &self.kind {
            BuildErrorKind::MissingField { details, .. } => details,
            BuildErrorKind::InvalidField { details, .. } | BuildErrorKind::Other(details) => {
                details
            }
        }
    }

    /// The member at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match &self.kind {
            BuildErrorKind::MissingField { field, .. }
            | BuildErrorKind::InvalidField { field, .. } => Some(field),
            BuildErrorKind::Other(_) => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::MissingField { field, details } => {
                write!(f, "`{field}` was not specified but it is required")?;
                if !details.is_empty() {
                    write!(f, " {details}")?;
                }
                Ok(())
            }
            BuildErrorKind::InvalidField { field, details } => {
                write!(f, "invalid value for `{field}`: {details}")
            }
            BuildErrorKind::Other(details) => f.write_str(details),
        }
    }
}

impl StdError for BuildError {}

/// A response body could not be read as the protocol says it should be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeserializeError {
    message: Cow<'static, str>,
    offset: Option<usize>,
}

impl DeserializeError {
    /// An error with a message and no position.
    pub fn custom(message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            message: message.into(),
            offset: None,
        }
    }

    /// An error at a byte offset of the input.
    pub fn at(offset: usize, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            message: message.into(),
            offset: Some(offset),
        }
    }

    /// The byte offset in the body where reading failed, when known.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "{} at byte {offset}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl StdError for DeserializeError {}

/// The request could not be built (see [`BuildError`]) or prepared for
/// sending (endpoint resolution, credentials, signing). Nothing was sent.
#[derive(Debug)]
pub struct ConstructionFailure {
    source: BoxError,
}

impl ConstructionFailure {
    /// The [`BuildError`] when the input itself was at fault.
    pub fn build_error(&self) -> Option<&BuildError> {
        self.source.downcast_ref::<BuildError>()
    }
}

/// The request was not answered in time.
#[derive(Debug)]
pub struct TimeoutError {
    source: BoxError,
}

/// The request could not be delivered: connection refused, DNS, TLS or I/O.
#[derive(Debug)]
pub struct DispatchFailure {
    source: BoxError,
}

/// A response arrived but could not be read.
pub struct ResponseError {
    source: BoxError,
    raw: RawResponse,
}

impl ResponseError {
    /// The response that could not be read.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }
}

/// The service answered with an error.
pub struct ServiceError<E> {
    source: E,
    raw: RawResponse,
}

impl<E> ServiceError<E> {
    /// The operation's error.
    pub fn err(&self) -> &E {
        &self.source
    }

    /// The operation's error, by value.
    pub fn into_err(self) -> E {
        self.source
    }

    /// The raw HTTP response.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }
}

/// Debug output of a raw response: status and body size, never the body,
/// which may hold `@sensitive` values.
struct RawSummary<'a>(&'a RawResponse);

impl fmt::Debug for RawSummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.0.status().as_u16())
            .field("body_len", &self.0.body().len())
            .finish()
    }
}

impl fmt::Debug for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseError")
            .field("source", &self.source)
            .field("raw", &RawSummary(&self.raw))
            .finish()
    }
}

impl<E: fmt::Debug> fmt::Debug for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("source", &self.source)
            .field("raw", &RawSummary(&self.raw))
            .finish()
    }
}

/// What an operation's `send()` returns when it fails.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built or prepared; nothing was sent.
    ConstructionFailure(ConstructionFailure),
    /// A timeout elapsed (per attempt or per operation).
    TimeoutError(TimeoutError),
    /// The request could not be delivered.
    DispatchFailure(DispatchFailure),
    /// A response arrived but could not be read.
    ResponseError(ResponseError),
    /// The service answered with an error.
    ServiceError(ServiceError<E>),
}

impl<E> SdkError<E> {
    /// A request that could not be built or prepared.
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        Self::ConstructionFailure(ConstructionFailure {
            source: source.into(),
        })
    }

    /// A timeout.
    pub fn timeout_error(source: impl Into<BoxError>) -> Self {
        Self::TimeoutError(TimeoutError {
            source: source.into(),
        })
    }

    /// A request that could not be delivered.
    pub fn dispatch_failure(source: impl Into<BoxError>) -> Self {
        Self::DispatchFailure(DispatchFailure {
            source: source.into(),
        })
    }

    /// A response that could not be read.
    pub fn response_error(source: impl Into<BoxError>, raw: RawResponse) -> Self {
        Self::ResponseError(ResponseError {
            source: source.into(),
            raw,
        })
    }

    /// An error the service returned.
    pub fn service_error(source: E, raw: RawResponse) -> Self {
        Self::ServiceError(ServiceError { source, raw })
    }

    /// The operation's error, when the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::ServiceError(e) => Some(&e.source),
            _ => None,
        }
    }

    /// The raw response, when one arrived.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            Self::ServiceError(e) => Some(&e.raw),
            Self::ResponseError(e) => Some(&e.raw),
            _ => None,
        }
    }

    /// Maps the service error type, keeping everything else.
    pub fn map_service_error<F>(self, map: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            Self::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
            Self::TimeoutError(e) => SdkError::TimeoutError(e),
            Self::DispatchFailure(e) => SdkError::DispatchFailure(e),
            Self::ResponseError(e) => SdkError::ResponseError(e),
            Self::ServiceError(e) => SdkError::ServiceError(ServiceError {
                source: map(e.source),
                raw: e.raw,
            }),
        }
    }
}

impl<E> SdkError<E>
where
    E: From<UnhandledError> + StdError + Send + Sync + 'static,
{
    /// The operation's error. Failures that are not service errors become its
    /// unhandled variant, wrapping this error, so one `match` covers every case.
    pub fn into_service_error(self) -> E {
        match self {
            Self::ServiceError(e) => e.source,
            other => {
                let mut meta = ErrorMetadata::new();
                if let Some(raw) = other.raw_response() {
                    meta = meta.with_status(raw.status().as_u16());
                }
                E::from(UnhandledError::from_source(meta, other))
            }
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConstructionFailure(e) => write!(f, "failed to construct request: {}", e.source),
            Self::TimeoutError(e) => write!(f, "request timed out: {}", e.source),
            Self::DispatchFailure(e) => write!(f, "failed to send request: {}", e.source),
            Self::ResponseError(e) => write!(
                f,
                "failed to read response (HTTP {}): {}",
                e.raw.status().as_u16(),
                e.source
            ),
            // The service error's own Display shows its code and message.
            Self::ServiceError(e) => fmt::Display::fmt(&e.source, f),
        }
    }
}

impl<E> StdError for SdkError<E>
where
    E: StdError + 'static,
{
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::ConstructionFailure(e) => Some(e.source.as_ref()),
            Self::TimeoutError(e) => Some(e.source.as_ref()),
            Self::DispatchFailure(e) => Some(e.source.as_ref()),
            Self::ResponseError(e) => Some(e.source.as_ref()),
            Self::ServiceError(e) => Some(&e.source),
        }
    }
}

impl<E: ProvideErrorMetadata> ProvideErrorMetadata for SdkError<E> {
    fn meta(&self) -> &ErrorMetadata {
        static EMPTY: ErrorMetadata = ErrorMetadata {
            code: None,
            message: None,
            request_id: None,
            status: None,
            sensitive_message: false,
        };
        match self {
            Self::ServiceError(e) => e.source.meta(),
            _ => &EMPTY,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct OpError(UnhandledError);
    impl fmt::Display for OpError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Display::fmt(&self.0, f)
        }
    }
    impl StdError for OpError {}
    impl From<UnhandledError> for OpError {
        fn from(e: UnhandledError) -> Self {
            Self(e)
        }
    }

    fn raw(status: u16) -> RawResponse {
        http::Response::builder()
            .status(status)
            .body(bytes::Bytes::new())
            .unwrap()
    }

    #[test]
    fn service_error_display_shows_code_and_message() {
        let meta = ErrorMetadata::new()
            .with_code("Oops")
            .with_message("it broke")
            .with_status(500)
            .with_request_id("req-1");
        let err: SdkError<OpError> =
            SdkError::service_error(OpError(UnhandledError::new(meta)), raw(500));
        assert_eq!(
            err.to_string(),
            "Oops: it broke (HTTP 500, request id req-1)"
        );
        assert!(err.as_service_error().is_some());
    }

    #[test]
    fn non_service_errors_become_unhandled() {
        let err: SdkError<OpError> = SdkError::dispatch_failure("connection refused");
        assert_eq!(
            err.to_string(),
            "failed to send request: connection refused"
        );
        let op = err.into_service_error();
        assert!(op.0.code().is_none());
        assert!(op.0.to_string().contains("connection refused"));

        let err: SdkError<OpError> = SdkError::response_error("bad json", raw(502));
        let op = err.into_service_error();
        assert_eq!(op.0.status(), Some(502));
        assert_eq!(
            op.to_string(),
            "unhandled error: failed to read response (HTTP 502): bad json"
        );
    }

    #[test]
    fn debug_never_prints_response_bodies() {
        let raw = http::Response::builder()
            .status(400)
            .body(bytes::Bytes::from_static(b"{\"secret\":\"hunter2\"}"))
            .unwrap();
        let err: SdkError<OpError> = SdkError::service_error(
            OpError(UnhandledError::new(ErrorMetadata::new())),
            raw.clone(),
        );
        assert!(!format!("{err:?}").contains("hunter2"));
        let err: SdkError<OpError> = SdkError::response_error("bad json", raw);
        assert!(!format!("{err:?}").contains("hunter2"));
    }

    #[test]
    fn a_sensitive_message_is_redacted_in_debug_and_display() {
        let meta = ErrorMetadata::new()
            .with_code("LoginFailed")
            .with_message("hunter2 is wrong")
            .with_status(401);
        let unhandled = UnhandledError::new(meta.clone().with_sensitive_message());
        let debug = format!("{unhandled:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(
            debug.contains("LoginFailed") && debug.contains("401"),
            "{debug}"
        );
        assert_eq!(unhandled.message(), Some("hunter2 is wrong"));
        assert_eq!(
            unhandled.to_string(),
            "LoginFailed: *** Sensitive Data Redacted *** (HTTP 401)"
        );
        // Without the mark the message is an ordinary one.
        let plain = UnhandledError::new(meta);
        assert!(format!("{plain:?}").contains("hunter2"));
        assert!(plain.to_string().contains("hunter2 is wrong"));
        // No message, nothing to redact.
        let quiet = format!("{:?}", ErrorMetadata::new().with_sensitive_message());
        assert!(quiet.contains("message: None"), "{quiet}");
    }

    #[test]
    fn build_error_names_the_member() {
        let e = BuildError::missing_field("component_name", "when building the input");
        assert_eq!(e.field(), Some("component_name"));
        assert_eq!(e.details(), "when building the input");
        assert_eq!(
            e.to_string(),
            "`component_name` was not specified but it is required when building the input"
        );
    }

    #[test]
    fn deserialize_error_reports_offset() {
        assert_eq!(
            DeserializeError::at(7, "expected a string").to_string(),
            "expected a string at byte 7"
        );
    }
}
