//! The orchestrator: the one driver every generated operation calls.
//!
//! [`invoke`] takes an operation's input through its whole life: serialize
//! it once, aim it at the endpoint, then for each attempt stamp the SDK
//! headers, sign, send under the attempt timeout, read the response and
//! decide whether to retry, sleeping a jittered backoff in between (or what
//! the service asked for in `x-amz-retry-after`). The operation timeout
//! bounds all of it.
//!
//! When the service rejects a signature as too old or too new, the client
//! learns the offset of its clock from the response's `Date`, retries, and
//! signs later calls with it too, as aws-sdk-rust does.
//!
//! Each call is a `tracing` span (`operation`, with the service and the
//! operation), each attempt a span within it; events at `debug` report the
//! endpoint, each response's status, request id and time, and each retry
//! decision. Nothing secret is in them: no header values but the request id,
//! no bodies.

mod endpoint;
mod handle;
mod skew;

pub use handle::{ClientHandle, ClientHandleBuilder, DEFAULT_USER_AGENT, OwnedBuiltIns};
pub use skew::{CLOCK_SKEW_ERROR_CODES, ClockSkew, SIGNIFICANT_SKEW};

use crate::error::{BoxError, ProvideErrorMetadata, SdkError};
use crate::operation::{AuthMode, HttpRequest, HttpResponse, Operation, OperationFailure};
use crate::retry::{
    RetryClass, backoff, classify_service_error, classify_transport_error,
    classify_unreadable_response,
};
use crate::timeout::{TimeoutElapsed, TimeoutScope};
use crate::transport::{HttpTransport, TransportError, clone_request};
use http::Method;
use http::header::{CONTENT_LENGTH, HeaderName, HeaderValue, USER_AGENT};
use std::time::{Duration, SystemTime};
use tracing::Instrument;

/// One id per operation call, the same on every attempt, so AWS can tell a
/// retry from a new call.
pub const AMZ_SDK_INVOCATION_ID: HeaderName = HeaderName::from_static("amz-sdk-invocation-id");
/// `attempt=N; max=M`: which attempt this is, out of how many at most.
pub const AMZ_SDK_REQUEST: HeaderName = HeaderName::from_static("amz-sdk-request");
/// The user agent again: browsers forbid scripts to set `user-agent`, so AWS
/// reads this one.
pub const X_AMZ_USER_AGENT: HeaderName = HeaderName::from_static("x-amz-user-agent");

/// Runs operation `O` with `input` against the client `handle` describes.
///
/// Retries what is worth retrying (see [`crate::retry`]) and returns the last
/// error when attempts or retry quota run out. Every error made from a
/// response keeps that response.
pub async fn invoke<O: Operation>(
    handle: &ClientHandle,
    input: O::Input,
) -> Result<O::Output, SdkError<O::Error>> {
    let endpoint = operation_endpoint::<O>(handle, &input).await?;
    let request = crate::uuid::with_provider(&handle.idempotency, || O::serialize(&input))
        .map_err(SdkError::construction_failure)?;
    // Only serializing and reading are specific to `O`; the rest runs
    // type-erased, so the retry loop is compiled once, not once per operation
    // of every generated client. Each response read lands in `outcome`.
    let mut outcome = None;
    let mut read = |response: HttpResponse| {
        let (result, verdict) = read_response::<O>(response);
        outcome = Some(result);
        verdict
    };
    let span = tracing::debug_span!(
        "operation",
        service = handle.service_name(),
        operation = O::NAME
    );
    let executed = execute(handle, request, O::AUTH, endpoint.as_ref(), &mut read)
        .instrument(span)
        .await;
    match (executed, outcome) {
        (Err(ended), _) => Err(ended.into_sdk_error()),
        (Ok(()), Some(result)) => result,
        // `execute` succeeds only after a response was read.
        (Ok(()), None) => Err(SdkError::dispatch_failure("no response was received")),
    }
}

/// The endpoint of this call when operation `O` sets endpoint parameters
/// of its own (`None`: the client's). A client whose own endpoint did not
/// resolve (no region, an invalid one) fails every call with that error.
async fn operation_endpoint<O: Operation>(
    handle: &ClientHandle,
    input: &O::Input,
) -> Result<Option<endpoint::PreparedEndpoint>, SdkError<O::Error>> {
    let account_id = match (O::ENDPOINT_NEEDS_ACCOUNT_ID, O::AUTH) {
        (true, AuthMode::Required | AuthMode::Optional) => handle.signer.account_id().await,
        _ => None,
    };
    let endpoint = match handle.endpoint_builtins() {
        Some(builtins) => O::endpoint(input, &builtins.as_builtins(account_id.as_deref()))
            .map(|resolved| resolved.and_then(|e| endpoint::PreparedEndpoint::new(&e))),
        None => None,
    };
    match endpoint {
        Some(Ok(endpoint)) => Ok(Some(endpoint)),
        Some(Err(e)) => Err(SdkError::construction_failure(e)),
        None => Ok(None),
    }
}

/// Presigns operation `O` with `input`: the request aimed at its endpoint
/// and signed in its URL (see [`crate::presign`]), not sent.
///
/// # Errors
/// A construction failure when the input cannot be serialized, the
/// endpoint does not resolve, or the signer cannot presign (no
/// credentials, or a client without SigV4).
pub async fn presign<O: Operation>(
    handle: &ClientHandle,
    input: O::Input,
    config: &crate::presign::PresigningConfig,
) -> Result<crate::presign::PresignedRequest, SdkError<O::Error>> {
    let endpoint = operation_endpoint::<O>(handle, &input).await?;
    let mut request = crate::uuid::with_provider(&handle.idempotency, || O::serialize(&input))
        .map_err(SdkError::construction_failure)?;
    aim(handle, &mut request, endpoint.as_ref()).map_err(SdkError::construction_failure)?;
    let time = config
        .start_time()
        .unwrap_or_else(|| handle.skew.apply(handle.clock.now()));
    handle
        .signer
        .presign(&mut request, time, config.expires())
        .await
        .map_err(SdkError::construction_failure)?;
    Ok(crate::presign::PresignedRequest::new(&request))
}

/// What a response came to, as the retry loop sees it.
enum Verdict {
    Success,
    /// An error response: why it may be retried, and what it says of the
    /// service's clock when it rejected the signature's time.
    Failure {
        retry: Option<RetryClass>,
        server_time: Option<SystemTime>,
    },
}

/// Reads a response into `O`'s result, and classifies it for retries.
fn read_response<O: Operation>(
    response: HttpResponse,
) -> (Result<O::Output, SdkError<O::Error>>, Verdict) {
    let status = response.status().as_u16();
    match O::deserialize(&response) {
        Ok(output) => (Ok(output), Verdict::Success),
        Err(OperationFailure::Service(error)) => {
            let retry = classify_service_error(&error, status);
            let server_time = error
                .code()
                .filter(|code| CLOCK_SKEW_ERROR_CODES.contains(code))
                .and_then(|_| skew::server_time(&response));
            tracing::debug!(
                status,
                code = error.code().unwrap_or_default(),
                "service error"
            );
            let error = SdkError::service_error(error, response);
            (Err(error), Verdict::Failure { retry, server_time })
        }
        Err(OperationFailure::Unparseable(error)) => {
            tracing::debug!(status, %error, "unreadable response");
            let retry = classify_unreadable_response(status);
            let error = SdkError::response_error(
                UnreadableResponse {
                    operation: O::NAME,
                    source: error,
                },
                response,
            );
            (
                Err(error),
                Verdict::Failure {
                    retry,
                    server_time: None,
                },
            )
        }
    }
}

/// A response that could not be read, with the operation it answered
/// (`GetCallerIdentity: XML body ends before its elements are closed`).
#[derive(Debug)]
struct UnreadableResponse {
    operation: &'static str,
    source: crate::error::DeserializeError,
}

impl std::fmt::Display for UnreadableResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.operation, self.source)
    }
}

impl std::error::Error for UnreadableResponse {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Why an operation ended without a response to return.
enum Ended {
    /// The request could not be prepared or signed; nothing was sent.
    Construction(BoxError),
    /// An attempt or the operation ran out of time.
    Timeout(BoxError),
    /// The transport failed.
    Dispatch(BoxError),
}

impl Ended {
    fn into_sdk_error<E>(self) -> SdkError<E> {
        match self {
            Self::Construction(e) => SdkError::construction_failure(e),
            Self::Timeout(e) => SdkError::timeout_error(e),
            Self::Dispatch(e) => SdkError::dispatch_failure(e),
        }
    }
}

type ReadResponse<'a> = dyn FnMut(HttpResponse) -> Verdict + Send + 'a;

/// Runs the attempts under the operation timeout. `Ok` means the last
/// response was handed to `read`, which holds the result.
async fn execute(
    handle: &ClientHandle,
    request: HttpRequest,
    auth: AuthMode,
    endpoint: Option<&endpoint::PreparedEndpoint>,
    read: &mut ReadResponse<'_>,
) -> Result<(), Ended> {
    let attempts = attempts(handle, request, auth, endpoint, read);
    match handle.timeouts.operation_timeout() {
        None => attempts.await,
        Some(limit) => match tokio::time::timeout(limit, attempts).await {
            Ok(result) => result,
            Err(_) => Err(Ended::Timeout(Box::new(TimeoutElapsed::new(
                TimeoutScope::Operation,
                limit,
            )))),
        },
    }
}

async fn attempts(
    handle: &ClientHandle,
    request: HttpRequest,
    auth: AuthMode,
    endpoint: Option<&endpoint::PreparedEndpoint>,
    read: &mut ReadResponse<'_>,
) -> Result<(), Ended> {
    let mut request = prepare(handle, request, endpoint).map_err(|e| {
        tracing::debug!(error = %e, "the request could not be prepared; nothing was sent");
        Ended::Construction(e)
    })?;
    let one_shot = hash_body(&mut request).await.map_err(Ended::Construction)?;
    // The host only: a path or query may carry input values.
    tracing::debug!(
        method = %request.method(),
        host = request.uri().authority().map_or("", |a| a.as_str()),
        "endpoint resolved"
    );
    // A body read as it arrives cannot be sent twice.
    let max_attempts = if one_shot {
        1
    } else {
        handle.retry.max_attempts()
    };
    let mut last_retry_cost = None;
    let mut attempt = 1;
    loop {
        let mut request = clone_request(&request);
        let progress = format!("attempt={attempt}; max={max_attempts}");
        if let Ok(progress) = HeaderValue::try_from(progress) {
            request.headers_mut().insert(AMZ_SDK_REQUEST, progress);
        }
        let span = tracing::debug_span!("attempt", attempt, max_attempts);
        // `ended` is `None` when the failure is an error response, which
        // `read` already holds.
        let mut retry_after = None;
        let (ended, retry) = match attempt_once(handle, request, auth).instrument(span).await {
            Ok(response) => {
                retry_after = requested_delay(&response, &handle.retry);
                match read(response) {
                    Verdict::Success => {
                        handle.quota.record_success(last_retry_cost);
                        return Ok(());
                    }
                    Verdict::Failure { retry, server_time } => {
                        // Signing again with the service's time can help
                        // only when that time is far from the one used.
                        let corrected = server_time.is_some_and(|server_time| {
                            handle.skew.learn(server_time, handle.clock.now())
                        });
                        let retry = if corrected {
                            retry.or(Some(RetryClass::Transient))
                        } else {
                            retry
                        };
                        (None, retry)
                    }
                }
            }
            Err((ended, retry)) => (Some(ended), retry),
        };
        let retry =
            retry.filter(|class| attempt < max_attempts && handle.quota.try_acquire(class.cost()));
        let Some(class) = retry else {
            tracing::debug!(attempt, "not retrying");
            return ended.map_or(Ok(()), Err);
        };
        last_retry_cost = Some(class.cost());
        let delay =
            retry_after.unwrap_or_else(|| backoff(&handle.retry, attempt, handle.jitter.sample()));
        tracing::debug!(attempt, reason = ?class, delay = ?delay, "retrying");
        tokio::time::sleep(delay).await;
        attempt += 1;
    }
}

/// The delay the service asked for before a retry (`x-amz-retry-after`, in
/// milliseconds), bounded by the retry configuration's longest backoff so
/// that a wrong or hostile value cannot stall the client.
fn requested_delay(response: &HttpResponse, retry: &crate::retry::RetryConfig) -> Option<Duration> {
    let millis: u64 = response
        .headers()
        .get("x-amz-retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_millis(millis).min(retry.max_backoff()))
}

/// The hashes the request's body needs before it is signed, all taken in
/// one read of a stream (which is read again from the start as it is sent):
///
/// - a stream's SHA-256 in `x-amz-content-sha256`, which SigV4 signs, or
///   `UNSIGNED-PAYLOAD` for a body that can be read only once; an
///   operation that set the header already (`UNSIGNED-PAYLOAD` where the
///   model allows it) keeps it;
/// - Glacier's linear and tree hashes where the operation asks for them;
/// - a flexible checksum ([`crate::checksum::RequestChecksum`]) in its
///   algorithm's header, for any body but one that can be read only once,
///   which would need `aws-chunked` trailers (refused).
///
/// Returns whether the body can be read only once.
async fn hash_body(request: &mut HttpRequest) -> Result<bool, BoxError> {
    use crate::byte_stream::StreamingBody;
    use crate::digest::Sha256;
    const HEADER: &str = "x-amz-content-sha256";
    let checksum = request
        .extensions()
        .get::<crate::checksum::RequestChecksum>()
        .map(|requested| requested.0);
    let Some(StreamingBody(body)) = request.extensions().get::<StreamingBody>() else {
        // In memory: SigV4 hashes the body itself.
        if let Some(algorithm) = checksum {
            let value = HeaderValue::try_from(algorithm.checksum(request.body()))?;
            request.headers_mut().insert(algorithm.header(), value);
        }
        return Ok(false);
    };
    let body = body.clone();
    if !body.is_replayable() {
        if let Some(algorithm) = checksum {
            return Err(format!(
                "a {algorithm} checksum of a body that can be read only once is not supported; \
                 give the body as bytes or a file"
            )
            .into());
        }
        if !request.headers().contains_key(HEADER) {
            request
                .headers_mut()
                .insert(HEADER, HeaderValue::from_static("UNSIGNED-PAYLOAD"));
        }
        return Ok(true);
    }
    let tree = request
        .extensions()
        .get::<crate::http_binding::TreeHashRequired>()
        .is_some();
    let mut tree_hasher = tree.then(crate::http_binding::TreeHasher::default);
    let mut digest = (!tree && !request.headers().contains_key(HEADER)).then(Sha256::new);
    let mut flexible = checksum.map(crate::checksum::Algorithm::hasher);
    if tree_hasher.is_some() || digest.is_some() || flexible.is_some() {
        let mut chunks = body.clone();
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk?;
            if let Some(hasher) = &mut tree_hasher {
                hasher.update(&chunk);
            }
            if let Some(digest) = &mut digest {
                digest.update(&chunk);
            }
            if let Some(hasher) = &mut flexible {
                hasher.update(&chunk);
            }
        }
    }
    let mut headers = Vec::new();
    if let Some(hasher) = tree_hasher {
        let (linear, tree) = hasher.finish();
        headers.push((HEADER, linear));
        headers.push(("x-amz-sha256-tree-hash", tree));
    }
    if let Some(digest) = digest {
        headers.push((HEADER, crate::sign::hex(&digest.finish())));
    }
    if let (Some(algorithm), Some(hasher)) = (checksum, flexible) {
        headers.push((algorithm.header(), hasher.finish()));
    }
    for (name, value) in headers {
        request
            .headers_mut()
            .insert(name, HeaderValue::try_from(value)?);
    }
    Ok(false)
}

/// Aims `request` at the operation's own endpoint, else the client's
/// (whose resolution error, if any, fails the call).
fn aim(
    handle: &ClientHandle,
    request: &mut HttpRequest,
    endpoint: Option<&endpoint::PreparedEndpoint>,
) -> Result<(), BoxError> {
    let endpoint = match endpoint {
        Some(endpoint) => endpoint,
        None => handle.endpoint.as_ref().map_err(Clone::clone)?,
    };
    endpoint.apply(request)
}

/// The request every attempt starts from: aimed at the endpoint, with the
/// headers that stay the same across attempts. Nothing was sent when this
/// fails.
fn prepare(
    handle: &ClientHandle,
    mut request: HttpRequest,
    endpoint: Option<&endpoint::PreparedEndpoint>,
) -> Result<HttpRequest, BoxError> {
    aim(handle, &mut request, endpoint)?;
    // Before the length is set and the request signed: both are of the
    // body as sent.
    #[cfg(feature = "gzip")]
    crate::compression::compress_request(&mut request);
    let invocation_id = HeaderValue::try_from(crate::uuid::v4())?;
    // A streaming body's length, when known; else it goes chunked.
    let body_len = match request
        .extensions()
        .get::<crate::byte_stream::StreamingBody>()
    {
        Some(crate::byte_stream::StreamingBody(body)) => body.content_length(),
        None => Some(request.body().len() as u64),
    };
    let method = request.method().clone();
    let headers = request.headers_mut();
    headers.insert(AMZ_SDK_INVOCATION_ID, invocation_id);
    headers.insert(USER_AGENT, handle.user_agent.clone());
    headers.insert(X_AMZ_USER_AGENT, handle.user_agent.clone());
    // Methods without a body get no `content-length: 0` (RFC 9110 §8.6).
    let bodyless = matches!(
        method,
        Method::GET | Method::HEAD | Method::DELETE | Method::OPTIONS
    );
    if let Some(body_len) = body_len
        && (body_len > 0 || !bodyless)
    {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(body_len));
    }
    Ok(request)
}

/// Signs and sends one attempt under the attempt timeout.
async fn attempt_once(
    handle: &ClientHandle,
    mut request: HttpRequest,
    auth: AuthMode,
) -> Result<HttpResponse, (Ended, Option<RetryClass>)> {
    let exchange = async move {
        let now = handle.skew.apply(handle.clock.now());
        match auth {
            AuthMode::None => {}
            AuthMode::Required => {
                if let Err(e) = handle.signer.sign(&mut request, now).await {
                    tracing::debug!(error = %e, "signing failed; nothing was sent");
                    return Err((Ended::Construction(e), None));
                }
            }
            AuthMode::Optional => {
                // Signing only adds headers; a failure (no credentials)
                // leaves the request as it was, to go unsigned.
                if let Err(e) = handle.signer.sign(&mut request, now).await {
                    tracing::debug!(error = %e, "no signature; sending unsigned (@optionalAuth)");
                }
            }
        }
        let started = std::time::Instant::now();
        let validate = request
            .extensions()
            .get::<crate::checksum::ValidateResponse>()
            .copied();
        let mut result = handle.transport.send(request).await;
        // The response's reader checks the body's checksum where asked.
        if let (Some(validate), Ok(response)) = (validate, &mut result) {
            response.extensions_mut().insert(validate);
        }
        let elapsed = started.elapsed();
        match &result {
            Ok(response) => tracing::debug!(
                status = response.status().as_u16(),
                request_id = request_id(response).unwrap_or_default(),
                elapsed = ?elapsed,
                "response"
            ),
            Err(error) => tracing::debug!(%error, elapsed = ?elapsed, "transport error"),
        }
        result.map_err(transport_failure)
    };
    match handle.timeouts.attempt_timeout() {
        None => exchange.await,
        Some(limit) => match tokio::time::timeout(limit, exchange).await {
            Ok(result) => result,
            Err(_) => {
                let elapsed = TimeoutElapsed::new(TimeoutScope::Attempt, limit);
                Err((Ended::Timeout(Box::new(elapsed)), Some(RetryClass::Timeout)))
            }
        },
    }
}

/// The request id AWS sent back, for support cases and logs.
fn request_id(response: &HttpResponse) -> Option<&str> {
    ["x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"]
        .iter()
        .find_map(|name| response.headers().get(*name))
        .and_then(|value| value.to_str().ok())
}

fn transport_failure(error: TransportError) -> (Ended, Option<RetryClass>) {
    let retry = classify_transport_error(&error);
    let ended = if error.is_timeout() {
        Ended::Timeout(Box::new(error))
    } else {
        Ended::Dispatch(Box::new(error))
    };
    (ended, retry)
}
