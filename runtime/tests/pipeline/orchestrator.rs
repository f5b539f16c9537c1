//! `invoke` with a fake operation, `ReplayTransport` and a paused clock.

use bytes::Bytes;
use lean_runtime::auth::{BoxFuture, NoAuth, SignRequest};
use lean_runtime::endpoint::{Endpoint, ResolveEndpointError};
use lean_runtime::error::{
    BoxError, BuildError, ClassifyError, DeserializeError, ErrorKind, ErrorMetadata,
    ProvideErrorMetadata, SdkError, UnhandledError,
};
use lean_runtime::operation::{HttpRequest, HttpResponse, Operation, OperationFailure};
use lean_runtime::orchestrator::{ClientHandle, ClientHandleBuilder, DEFAULT_USER_AGENT, invoke};
use lean_runtime::retry::{FixedJitter, RetryConfig, RetryQuota};
use lean_runtime::timeout::{TimeoutConfig, TimeoutElapsed, TimeoutScope};
use lean_runtime::transport::{
    HttpTransport, ReplayEvent, ReplayTransport, TransportError, TransportErrorKind,
};
use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::time::Instant;

/// The fake operation's error: the code comes from `x-amzn-errortype`, and
/// the code `ModeledRetryable` stands for an error the model marks
/// `@retryable`.
#[derive(Debug)]
struct EchoError {
    meta: ErrorMetadata,
}

impl fmt::Display for EchoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.meta.code().unwrap_or("unknown"))
    }
}

impl StdError for EchoError {}

impl ProvideErrorMetadata for EchoError {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl ClassifyError for EchoError {
    fn error_kind(&self) -> Option<ErrorKind> {
        match self.meta.code() {
            Some("ModeledRetryable") => Some(ErrorKind::Transient),
            Some("ValidationException") => Some(ErrorKind::Client),
            _ => None,
        }
    }
}

impl From<UnhandledError> for EchoError {
    fn from(e: UnhandledError) -> Self {
        Self {
            meta: e.meta().clone(),
        }
    }
}

/// POSTs its input to `/echo?v=1` and returns the response body. An empty
/// input does not serialize; a body starting with `<` does not deserialize.
struct Echo;

impl Operation for Echo {
    type Input = String;
    type Output = String;
    type Error = EchoError;
    const NAME: &'static str = "Echo";

    fn serialize(input: &String) -> Result<HttpRequest, BuildError> {
        if input.is_empty() {
            return Err(BuildError::missing_field("message", "to echo"));
        }
        http::Request::builder()
            .method("POST")
            .uri("/echo?v=1")
            .header("content-type", "application/x-amz-json-1.1")
            .body(Bytes::from(input.clone()))
            .map_err(|e| BuildError::other(e.to_string()))
    }

    fn deserialize(response: &HttpResponse) -> Result<String, OperationFailure<EchoError>> {
        let body = String::from_utf8_lossy(response.body()).into_owned();
        if body.starts_with('<') {
            return Err(DeserializeError::custom("expected JSON").into());
        }
        if response.status().is_success() {
            return Ok(body);
        }
        let mut meta = ErrorMetadata::new().with_status(response.status().as_u16());
        if let Some(code) = response.headers().get("x-amzn-errortype") {
            meta = meta.with_code(code.to_str().unwrap_or_default());
        }
        Err(OperationFailure::Service(EchoError { meta }))
    }
}

fn ok(body: &'static str) -> HttpResponse {
    http::Response::builder()
        .status(200)
        .body(Bytes::from_static(body.as_bytes()))
        .expect("valid response")
}

fn failure(status: u16, code: &str) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("x-amzn-errortype", code)
        .body(Bytes::from_static(b"{}"))
        .expect("valid response")
}

fn html(status: u16) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .body(Bytes::from_static(b"<html>Service Unavailable</html>"))
        .expect("valid response")
}

/// A client on `transport`, with jitter fixed at one half so backoffs are
/// known: 0.5 s before the first retry, 1 s before the second.
fn client(transport: impl HttpTransport + 'static) -> ClientHandleBuilder {
    ClientHandle::builder()
        .transport(transport)
        .endpoint(Ok(Endpoint::new("https://svc.test")))
        .jitter(FixedJitter(0.5))
}

fn header(request: &HttpRequest, name: &str) -> String {
    request
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("ASCII").to_owned())
        .unwrap_or_default()
}

fn headers(replay: &ReplayTransport, name: &str) -> Vec<String> {
    replay.requests().iter().map(|r| header(r, name)).collect()
}

fn service_code(error: &SdkError<EchoError>) -> Option<&str> {
    error.as_service_error().and_then(|e| e.code())
}

/// A transport that never answers, counting the requests it swallows.
#[derive(Clone, Debug, Default)]
struct NeverAnswers {
    calls: Arc<AtomicUsize>,
}

impl HttpTransport for NeverAnswers {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(std::future::pending())
    }
}

#[tokio::test(start_paused = true)]
async fn throttling_then_success_retries_once_with_the_sdk_headers() {
    let replay = ReplayTransport::from_responses([failure(429, "ThrottlingException"), ok("done")]);
    let handle = client(replay.clone()).user_agent("test-app/1.0").build();
    let start = Instant::now();

    let output = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect("second attempt succeeds");

    assert_eq!(output, "done");
    assert_eq!(
        start.elapsed(),
        Duration::from_millis(500),
        "one backoff of 0.5 × 1 s"
    );
    assert_eq!(
        headers(&replay, "amz-sdk-request"),
        ["attempt=1; max=3", "attempt=2; max=3"]
    );
    let ids = headers(&replay, "amz-sdk-invocation-id");
    assert_eq!(ids[0], ids[1], "one invocation id per operation");
    assert_eq!(ids[0].len(), 36, "{ids:?}");
    assert_eq!(headers(&replay, "user-agent"), ["test-app/1.0"; 2]);
    assert_eq!(headers(&replay, "x-amz-user-agent"), ["test-app/1.0"; 2]);
    assert_eq!(
        handle.retry_quota().available(),
        500,
        "the retry's 5 tokens came back with the success"
    );
}

#[tokio::test(start_paused = true)]
async fn three_server_errors_give_up_after_three_attempts() {
    let replay = ReplayTransport::from_responses([
        failure(500, "InternalFailure"),
        failure(503, "ServiceUnavailable"),
        failure(500, "InternalFailure"),
    ]);
    let handle = client(replay.clone()).build();
    let start = Instant::now();

    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("always 5xx");

    assert_eq!(service_code(&error), Some("InternalFailure"));
    assert_eq!(error.raw_response().map(|r| r.status().as_u16()), Some(500));
    assert_eq!(replay.requests().len(), 3);
    assert_eq!(
        headers(&replay, "amz-sdk-request"),
        ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]
    );
    assert_eq!(
        start.elapsed(),
        Duration::from_millis(1500),
        "0.5 s + 1 s of backoff"
    );
    assert_eq!(
        handle.retry_quota().available(),
        490,
        "two retries stay spent"
    );
}

#[tokio::test(start_paused = true)]
async fn client_errors_are_not_retried() {
    for (status, code) in [
        (400, "ValidationException"),
        (403, "AccessDenied"),
        (404, "NotFound"),
    ] {
        let replay = ReplayTransport::from_responses([failure(status, code), ok("unused")]);
        let handle = client(replay.clone()).build();
        let start = Instant::now();
        let error = invoke::<Echo>(&handle, "hi".into()).await.expect_err("4xx");
        assert_eq!(service_code(&error), Some(code));
        assert_eq!(replay.requests().len(), 1, "{code}");
        assert_eq!(start.elapsed(), Duration::ZERO);
        assert_eq!(handle.retry_quota().available(), 500);
    }
}

#[tokio::test(start_paused = true)]
async fn errors_the_model_marks_retryable_are_retried() {
    let replay = ReplayTransport::from_responses([failure(400, "ModeledRetryable"), ok("done")]);
    let handle = client(replay.clone()).build();
    assert_eq!(
        invoke::<Echo>(&handle, "hi".into()).await.expect("retried"),
        "done"
    );
    assert_eq!(replay.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn an_empty_quota_stops_retrying_and_returns_the_last_error() {
    let replay = ReplayTransport::from_responses([
        failure(500, "First"),
        failure(500, "Second"),
        failure(500, "Third"),
        ok("unused"),
    ]);
    let quota = RetryQuota::new(7);
    let handle = client(replay.clone()).retry_quota(quota.clone()).build();

    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("out of quota");

    assert_eq!(service_code(&error), Some("Second"));
    assert_eq!(
        replay.requests().len(),
        2,
        "7 tokens pay for one retry of 5"
    );
    assert_eq!(quota.available(), 2);

    // The quota is the client's: its next call cannot retry either.
    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("no retry");
    assert_eq!(service_code(&error), Some("Third"));
    assert_eq!(replay.requests().len(), 3);
    assert_eq!(replay.remaining(), 1);
}

#[tokio::test(start_paused = true)]
async fn disabled_retries_make_one_attempt() {
    let replay = ReplayTransport::from_responses([failure(503, "ServiceUnavailable")]);
    let handle = client(replay.clone())
        .retry_config(RetryConfig::disabled())
        .build();
    invoke::<Echo>(&handle, "hi".into()).await.expect_err("503");
    assert_eq!(headers(&replay, "amz-sdk-request"), ["attempt=1; max=1"]);
}

#[tokio::test(start_paused = true)]
async fn broken_connections_are_retried_and_tls_failures_are_not() {
    let replay = ReplayTransport::new([
        ReplayEvent::error(TransportError::io("connection reset")),
        ReplayEvent::error(TransportError::connect("connection refused")),
        ReplayEvent::response(ok("done")),
    ]);
    let handle = client(replay.clone()).build();
    assert_eq!(
        invoke::<Echo>(&handle, "hi".into())
            .await
            .expect("third attempt"),
        "done"
    );

    let replay = ReplayTransport::new([
        ReplayEvent::error(TransportError::tls("certificate not trusted")),
        ReplayEvent::response(ok("unused")),
    ]);
    let handle = client(replay.clone()).build();
    let error = invoke::<Echo>(&handle, "hi".into()).await.expect_err("tls");
    assert!(matches!(error, SdkError::DispatchFailure(_)), "{error:?}");
    let source = error
        .source()
        .and_then(|s| s.downcast_ref::<TransportError>());
    assert_eq!(
        source.map(TransportError::kind),
        Some(TransportErrorKind::Tls)
    );
    assert_eq!(replay.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_last_attempt_decides_the_error() {
    let replay = ReplayTransport::new([
        ReplayEvent::response(failure(500, "InternalFailure")),
        ReplayEvent::error(TransportError::io("connection reset")),
        ReplayEvent::error(TransportError::io("connection reset")),
    ]);
    let handle = client(replay.clone()).build();
    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("fails");
    assert!(matches!(error, SdkError::DispatchFailure(_)), "{error:?}");
    assert!(error.raw_response().is_none());

    let replay = ReplayTransport::new([
        ReplayEvent::error(TransportError::io("connection reset")),
        ReplayEvent::response(failure(503, "ServiceUnavailable")),
        ReplayEvent::response(failure(500, "InternalFailure")),
    ]);
    let handle = client(replay.clone()).build();
    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("fails");
    assert_eq!(service_code(&error), Some("InternalFailure"));
    assert_eq!(error.raw_response().map(|r| r.status().as_u16()), Some(500));
}

#[tokio::test(start_paused = true)]
async fn transport_timeouts_are_timeout_errors_costing_ten_tokens() {
    let replay = ReplayTransport::new(
        (0..3).map(|_| ReplayEvent::error(TransportError::timeout("connect timeout"))),
    );
    let handle = client(replay.clone()).build();
    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("timeouts");
    assert!(matches!(error, SdkError::TimeoutError(_)), "{error:?}");
    assert_eq!(replay.requests().len(), 3);
    assert_eq!(handle.retry_quota().available(), 480);
}

#[tokio::test(start_paused = true)]
async fn unreadable_5xx_responses_are_retried_and_unreadable_2xx_are_not() {
    let replay = ReplayTransport::from_responses([html(503), ok("done")]);
    let handle = client(replay.clone()).build();
    assert_eq!(
        invoke::<Echo>(&handle, "hi".into()).await.expect("retried"),
        "done"
    );

    let replay = ReplayTransport::from_responses([html(200), ok("unused")]);
    let handle = client(replay.clone()).build();
    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("unreadable");
    assert!(matches!(error, SdkError::ResponseError(_)), "{error:?}");
    assert_eq!(
        error.raw_response().map(|r| r.body().clone()),
        Some(Bytes::from_static(b"<html>Service Unavailable</html>"))
    );
    assert_eq!(replay.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn each_attempt_is_cut_by_the_attempt_timeout_and_retried() {
    let transport = NeverAnswers::default();
    let handle = client(transport.clone())
        .timeout_config(TimeoutConfig::new().with_attempt_timeout(Duration::from_secs(2)))
        .build();
    let start = Instant::now();

    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("never answered");

    assert!(matches!(error, SdkError::TimeoutError(_)), "{error:?}");
    let elapsed = error
        .source()
        .and_then(|s| s.downcast_ref::<TimeoutElapsed>());
    assert_eq!(
        elapsed.map(TimeoutElapsed::scope),
        Some(TimeoutScope::Attempt)
    );
    assert_eq!(transport.calls.load(Ordering::SeqCst), 3);
    assert_eq!(
        start.elapsed(),
        Duration::from_millis(2000 + 500 + 2000 + 1000 + 2000)
    );
    assert_eq!(
        handle.retry_quota().available(),
        480,
        "10 tokens per retry after a timeout"
    );
}

#[tokio::test(start_paused = true)]
async fn the_operation_timeout_ends_everything() {
    let transport = NeverAnswers::default();
    let handle = client(transport.clone())
        .timeout_config(TimeoutConfig::new().with_operation_timeout(Duration::from_secs(5)))
        .build();
    let start = Instant::now();

    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("never answered");

    assert!(matches!(error, SdkError::TimeoutError(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "request timed out: operation timeout of 5s elapsed"
    );
    assert_eq!(transport.calls.load(Ordering::SeqCst), 1);
    assert_eq!(start.elapsed(), Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn the_operation_timeout_covers_backoff() {
    let replay = ReplayTransport::from_responses([
        failure(500, "InternalFailure"),
        failure(500, "InternalFailure"),
        ok("too late"),
    ]);
    let handle = client(replay.clone())
        .jitter(FixedJitter(1.0))
        .timeout_config(TimeoutConfig::new().with_operation_timeout(Duration::from_millis(1200)))
        .build();
    let start = Instant::now();
    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("out of time");
    assert!(matches!(error, SdkError::TimeoutError(_)), "{error:?}");
    assert_eq!(
        start.elapsed(),
        Duration::from_millis(1200),
        "during the 2 s backoff"
    );
    assert_eq!(replay.requests().len(), 2);
}

#[tokio::test]
async fn construction_failures_never_reach_the_transport() {
    let replay = ReplayTransport::default();

    let handle = client(replay.clone()).build();
    let error = invoke::<Echo>(&handle, String::new())
        .await
        .expect_err("no message");
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("`message` was not specified"),
        "{error}"
    );

    let handle = client(replay.clone())
        .endpoint(Err(ResolveEndpointError::message(
            "Invalid Configuration: FIPS and custom endpoint are not supported",
        )))
        .build();
    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("no endpoint");
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("FIPS and custom endpoint"),
        "{error}"
    );

    let handle = client(replay.clone()).signer(NoCredentials).build();
    let error = invoke::<Echo>(&handle, "hi".into())
        .await
        .expect_err("cannot sign");
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("no credentials"), "{error}");

    assert!(replay.requests().is_empty());
}

#[derive(Debug)]
struct NoCredentials;

impl SignRequest for NoCredentials {
    fn sign<'a>(
        &'a self,
        _: &'a mut HttpRequest,
        _: SystemTime,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async { Err("no credentials in the environment".into()) })
    }
}

/// Signs with the time and the final URI, to show what the signer sees.
#[derive(Debug)]
struct Stamp;

impl SignRequest for Stamp {
    fn sign<'a>(
        &'a self,
        request: &'a mut HttpRequest,
        time: SystemTime,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let secs = time.duration_since(UNIX_EPOCH)?.as_secs();
            let stamp = format!(
                "stamp {secs} {} {}",
                request.uri(),
                header(request, "amz-sdk-request")
            );
            request
                .headers_mut()
                .insert("authorization", stamp.parse()?);
            Ok(())
        })
    }
}

#[tokio::test]
async fn requests_are_aimed_at_the_endpoint_then_signed() {
    let endpoint = Endpoint::new("https://svc.test:8443/base/").with_header("x-amz-endpoint", "e");
    let expected = http::Request::builder()
        .method("POST")
        .uri("https://svc.test:8443/base/echo?v=1")
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-endpoint", "e")
        .header("host", "svc.test:8443")
        .header("user-agent", DEFAULT_USER_AGENT)
        .header("x-amz-user-agent", DEFAULT_USER_AGENT)
        .header("content-length", "5")
        .header("amz-sdk-request", "attempt=1; max=3")
        .header(
            "authorization",
            "stamp 1700000000 https://svc.test:8443/base/echo?v=1 attempt=1; max=3",
        )
        .body(Bytes::from_static(b"hello"))
        .expect("valid request");
    let replay = ReplayTransport::new([ReplayEvent::response(ok("hello")).expecting(expected)]);
    let handle = ClientHandle::builder()
        .transport(replay.clone())
        .endpoint(Ok(endpoint))
        .signer(Stamp)
        .clock(|| UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        .build();

    assert_eq!(
        invoke::<Echo>(&handle, "hello".into())
            .await
            .expect("echoed"),
        "hello"
    );
    replay.assert_requests_match(&["amz-sdk-invocation-id"]);
}

#[tokio::test]
async fn one_handle_serves_concurrent_calls() {
    let replay = ReplayTransport::from_responses([ok("a"), ok("b")]);
    let handle = client(replay.clone()).signer(NoAuth).build();
    let (first, second) = tokio::join!(
        invoke::<Echo>(&handle, "1".into()),
        invoke::<Echo>(&handle, "2".into())
    );
    let mut outputs = [first.expect("first"), second.expect("second")];
    outputs.sort();
    assert_eq!(outputs, ["a", "b"]);
    let ids = headers(&replay, "amz-sdk-invocation-id");
    assert_ne!(ids[0], ids[1], "each call has its own invocation id");
}

#[test]
fn invoke_futures_can_move_between_threads() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_sync<T: Send + Sync>() {}
    assert_sync::<ClientHandle>();
    let handle = client(ReplayTransport::default()).build();
    assert_send(&invoke::<Echo>(&handle, "hi".into()));
}
