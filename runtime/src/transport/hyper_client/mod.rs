//! The default transport: HTTP/1.1 with hyper, TLS with rustls.

mod body;
mod connect;
mod io;
mod pool;

use self::body::{BodyTooLarge, FullBody, ReadBodyError, read_body};
use self::connect::{Connector, Target};
use self::pool::Pool;
use super::{HttpTransport, TransportError};
use crate::auth::BoxFuture;
use crate::operation::{HttpRequest, HttpResponse};
use crate::timeout::DEFAULT_CONNECT_TIMEOUT;
use http::header::{HOST, HeaderValue};
use http::uri::PathAndQuery;
use hyper::client::conn::http1::SendRequest;
use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;
use tokio::runtime::Handle;

/// How many idle connections are kept per server by default.
pub const DEFAULT_MAX_IDLE_PER_HOST: usize = 8;
/// How long an idle connection is kept by default.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// The largest response body read by default: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

/// Sends requests over HTTP/1.1 with hyper, through TLS (rustls with the
/// Mozilla roots) for `https` and in the clear for `http`, keeping
/// connections alive for the next request to the same server.
///
/// Clones share their connections. A request that meets a pooled connection
/// the server has just closed (the keep-alive race) is sent once more on a
/// new connection. Must be used within a Tokio runtime that has I/O and time
/// enabled; outside one, `send` fails instead of panicking.
#[derive(Clone, Debug)]
pub struct HyperTransport {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    connector: Connector,
    pool: Pool<Target, SendRequest<FullBody>>,
    max_response_body: usize,
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl HyperTransport {
    /// A transport with the default settings (see [`HyperTransportBuilder`]).
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder to change the settings.
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::default()
    }

    async fn send_request(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let runtime = Handle::try_current().map_err(|_| {
            TransportError::other("HyperTransport must be used within a Tokio runtime")
        })?;
        let target = Target::from_uri(request.uri())?;
        self.exchange(&target, to_origin_form(request, &target), &runtime)
            .await
            .map_err(|e| e.with_host(target.to_string()))
    }

    async fn exchange(
        &self,
        target: &Target,
        mut request: http::Request<FullBody>,
        runtime: &Handle,
    ) -> Result<HttpResponse, TransportError> {
        let inner = &self.inner;
        let mut pool_allowed = true;
        loop {
            let pooled = pool_allowed.then(|| inner.pool.checkout(target)).flatten();
            let reused = pooled.is_some();
            let mut conn = match pooled {
                Some(conn) => conn,
                None => inner.connector.connect(target, runtime).await?,
            };
            let copy = reused.then(|| duplicate(&request));
            let response = match conn.try_send_request(request).await {
                Ok(response) => response,
                Err(mut error) => {
                    let unsent = error.take_message();
                    let error = error.into_error();
                    // The keep-alive race: the server closed this idle
                    // connection as we took it from the pool. Either hyper saw
                    // the close in time and hands the request back unsent, or
                    // it wrote into the closing socket and the connection
                    // ended before a response head. Browsers resend in this
                    // case whatever the method, and so do we: once more, on
                    // a new connection (never the pool again, so at most once).
                    match (copy, unsent) {
                        (Some(_), Some(unsent)) => request = unsent,
                        (Some(copy), None) if error.is_incomplete_message() => request = copy,
                        _ => return Err(classify_hyper_error(error)),
                    }
                    pool_allowed = false;
                    continue;
                }
            };
            let (parts, body) = response.into_parts();
            let body = read_body(body, inner.max_response_body)
                .await
                .map_err(|e| match e {
                    ReadBodyError::Body(e) => classify_hyper_error(e),
                    ReadBodyError::TooLarge { limit } => {
                        TransportError::other(BodyTooLarge { limit })
                    }
                })?;
            // hyper takes the next request on a connection only once its task
            // has finished with this response. Waiting for that here (a task
            // switch, the body being read) means the connection is back in the
            // pool when `send` returns, so the next request reuses it; if the
            // server asked to close, it never becomes ready and is dropped.
            if conn.ready().await.is_ok() {
                inner.pool.checkin(target, conn);
            }
            return Ok(http::Response::from_parts(parts, body));
        }
    }
}

impl HttpTransport for HyperTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(self.send_request(request))
    }
}

/// Rewrites the absolute URI to the `/path?query` form HTTP/1.1 requests
/// carry, and names the server in `host` unless the caller already did.
fn to_origin_form(request: HttpRequest, target: &Target) -> http::Request<FullBody> {
    let (mut parts, body) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .cloned()
        .unwrap_or_else(|| PathAndQuery::from_static("/"));
    parts.uri = http::Uri::from(path);
    if !parts.headers.contains_key(HOST) {
        // A host parsed out of a URI is always a valid header value.
        if let Ok(host) = HeaderValue::from_str(&target.host_header()) {
            parts.headers.insert(HOST, host);
        }
    }
    http::Request::from_parts(parts, FullBody::new(body))
}

/// A copy of a request about to go out on a reused connection, to resend if
/// that connection turns out to be dead.
fn duplicate(request: &http::Request<FullBody>) -> http::Request<FullBody> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// Sorts a hyper error into the kinds retries care about.
fn classify_hyper_error(error: hyper::Error) -> TransportError {
    if error.is_timeout() {
        TransportError::timeout(error)
    } else if has_io_source(&error)
        || error.is_incomplete_message()
        || error.is_closed()
        || error.is_canceled()
        || error.is_body_write_aborted()
    {
        // The connection broke, or ended before the response did.
        TransportError::io(error)
    } else {
        // A malformed response, or a request hyper refused to write.
        TransportError::other(error)
    }
}

fn has_io_source(error: &hyper::Error) -> bool {
    let mut source = error.source();
    while let Some(cause) = source {
        if cause.is::<std::io::Error>() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// Settings of a [`HyperTransport`].
#[derive(Clone, Debug)]
pub struct HyperTransportBuilder {
    connect_timeout: Option<Duration>,
    max_idle_per_host: usize,
    idle_timeout: Option<Duration>,
    max_response_body: usize,
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            max_idle_per_host: DEFAULT_MAX_IDLE_PER_HOST,
            idle_timeout: Some(DEFAULT_IDLE_TIMEOUT),
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
        }
    }
}

impl HyperTransportBuilder {
    /// Limits the time to connect (DNS, TCP and TLS handshake together);
    /// `None` waits as long as the operating system does. Default: 3.1 s.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many idle connections to keep per server; 0 opens a new connection
    /// for every request. Default: 8.
    pub fn max_idle_per_host(mut self, max: usize) -> Self {
        self.max_idle_per_host = max;
        self
    }

    /// How long an idle connection may wait for its next request before it is
    /// dropped; `None` keeps it until the server closes it. Default: 90 s.
    pub fn idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// The largest response body to read; a larger one fails the request
    /// with an error of kind [`Other`](super::TransportErrorKind::Other).
    /// Default: 64 MiB.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// The transport.
    pub fn build(self) -> HyperTransport {
        HyperTransport {
            inner: Arc::new(Inner {
                connector: Connector::new(self.connect_timeout),
                pool: Pool::new(self.max_idle_per_host, self.idle_timeout),
                max_response_body: self.max_response_body,
            }),
        }
    }
}
