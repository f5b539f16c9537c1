//! The default transport: HTTP/1.1 with hyper, TLS with rustls.

mod body;
mod connect;
mod io;
mod pool;

use self::body::{BodyTooLarge, FullBody, ReadBodyError, read_body};
use self::connect::{Connection, Connector, Target};
use self::pool::Pool;
use super::{HttpTransport, ProxyConfig, TransportError, TrustRoots};
use crate::auth::BoxFuture;
use crate::byte_stream::{StreamResponse, StreamingBody};
use crate::operation::{HttpRequest, HttpResponse};
use crate::timeout::{DEFAULT_CONNECT_TIMEOUT, StalledStreamProtection};
use bytes::Bytes;
use http::header::{HOST, HeaderValue, PROXY_AUTHORIZATION};
use http::uri::PathAndQuery;
use std::error::Error as StdError;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::runtime::Handle;
use tokio::time::Instant;

/// How many idle connections are kept per server by default.
pub const DEFAULT_MAX_IDLE_PER_HOST: usize = 8;
/// How long an idle connection is kept by default.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// The largest response body read by default: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

/// Sends requests over HTTP/1.1 with hyper, through TLS (rustls, trusting
/// the Mozilla roots and any [`TrustRoots`] added) for `https` and in the
/// clear for `http`, through a proxy when its [`ProxyConfig`] says so,
/// keeping connections alive for the next request to the same server.
///
/// Clones share their connections. A request that meets a pooled connection
/// the server has just closed (the keep-alive race) is sent on a new
/// connection only when it was never written; one that was written and got
/// no response fails with an [`Io`](super::TransportErrorKind::Io) error,
/// which the retry policy may retry as a counted attempt.
///
/// A read timeout bounds each wait for the server; [`StalledStreamProtection`]
/// fails a request body the server stops reading, or a response body that
/// stops arriving. Must be used within a Tokio runtime that has I/O and time
/// enabled; outside one, `send` fails instead of panicking.
#[derive(Clone, Debug)]
pub struct HyperTransport {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// An error when the TLS configuration could not be built; every
    /// request then fails with it.
    connector: Result<Connector, String>,
    pool: Pool<Target, Connection>,
    max_response_body: usize,
    read_timeout: Option<Duration>,
    stall_grace: Option<Duration>,
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
        self.exchange(&target, request, &runtime)
            .await
            .map_err(|e| e.with_host(target.to_string()))
    }

    async fn exchange(
        &self,
        target: &Target,
        request: HttpRequest,
        runtime: &Handle,
    ) -> Result<HttpResponse, TransportError> {
        let inner = &self.inner;
        let connector = inner
            .connector
            .as_ref()
            .map_err(|e| TransportError::tls(e.clone()))?;
        // HTTP/2 when the request asks for it (an operation whose service
        // requires it): a connection of its own, never pooled.
        let http2 = request.version() == http::Version::HTTP_2;
        let mut pool_allowed = !http2;
        let mut request = Some(request);
        loop {
            let pooled = pool_allowed.then(|| inner.pool.checkout(target)).flatten();
            let reused = pooled.is_some();
            let mut conn = match pooled {
                Some(conn) => conn,
                None => connector.connect(target, http2, runtime).await?,
            };
            let Some(outgoing) = request.take() else {
                return Err(TransportError::other("the request was lost"));
            };
            // A body that is not in memory is read from its source as it
            // is sent (opened again should this loop send it again).
            let stream = match outgoing.extensions().get::<StreamingBody>() {
                Some(StreamingBody(body)) => {
                    Some(body.reader().await.map_err(TransportError::other)?)
                }
                None => None,
            };
            let stream_response = outgoing.extensions().get::<StreamResponse>().is_some();
            let outgoing = to_wire_form(
                outgoing,
                target,
                conn.forward.as_ref(),
                conn.sender.is_http2(),
                stream,
            );
            let head = self.await_head(conn.sender.send(outgoing), &conn);
            let response = match head.await? {
                Ok(response) => response,
                Err(mut error) => {
                    // The keep-alive race: the server closed this idle
                    // connection as we took it from the pool. When hyper saw
                    // the close in time it hands the request back unsent, and
                    // sending it on a new connection is safe (never the pool
                    // again, so at most once). A request that was written
                    // may have been acted on: only the retry policy may send
                    // it again, as a counted attempt.
                    match error.take_message() {
                        Some(unsent) if reused => {
                            request = Some(from_wire_form(unsent, target));
                        }
                        _ => return Err(classify_hyper_error(error.into_error())),
                    }
                    pool_allowed = false;
                    continue;
                }
            };
            let (parts, body) = response.into_parts();
            if stream_response && parts.status.is_success() {
                // The output reads the body as it arrives; the connection
                // is busy until then, so it does not go back to the pool.
                let len = parts
                    .headers
                    .get(http::header::CONTENT_LENGTH)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok());
                let stream =
                    crate::byte_stream::ByteStream::from_incoming(body, len, self.chunk_wait());
                let mut response = http::Response::from_parts(parts, Bytes::new());
                response
                    .extensions_mut()
                    .insert(crate::byte_stream::ResponseStream::new(stream));
                return Ok(response);
            }
            let body = self.read_body(body).await?;
            // hyper takes the next request on a connection only once its task
            // has finished with this response. Waiting for that here (a task
            // switch, the body being read) means the connection is back in the
            // pool when `send` returns, so the next request reuses it; if the
            // server asked to close, it never becomes ready and is dropped.
            if !conn.sender.is_http2() && conn.sender.ready().await.is_ok() {
                inner.pool.checkin(target, conn);
            }
            return Ok(http::Response::from_parts(parts, body));
        }
    }

    /// Waits for the response head under the read timeout, failing when the
    /// request's upload stalls for the grace period.
    async fn await_head<F, T>(&self, head: F, conn: &Connection) -> Result<T, TransportError>
    where
        F: Future<Output = T>,
    {
        let inner = &self.inner;
        let (read_timeout, grace) = (inner.read_timeout, inner.stall_grace);
        if read_timeout.is_none() && grace.is_none() {
            return Ok(head.await);
        }
        let started = Instant::now();
        let mut head = std::pin::pin!(head);
        loop {
            // Wake at the read deadline, or often enough to notice a stall
            // within a quarter of the grace period.
            let mut wake = read_timeout.map(|t| started + t);
            if let Some(grace) = grace {
                let tick = Instant::now() + grace / 4;
                wake = Some(wake.map_or(tick, |w| w.min(tick)));
            }
            let Some(wake) = wake else {
                return Ok(head.await);
            };
            if let Ok(response) = tokio::time::timeout_at(wake, head.as_mut()).await {
                return Ok(response);
            }
            if let Some(limit) = read_timeout
                && started.elapsed() >= limit
            {
                return Err(TransportError::timeout(format!(
                    "no response within the read timeout of {limit:?}"
                )));
            }
            if let Some(grace) = grace
                && conn.activity.write_stalled_for() >= grace
            {
                return Err(TransportError::timeout(format!(
                    "stalled upload: the server read none of the request for {grace:?}"
                )));
            }
        }
    }

    /// How long to wait for each chunk of a response body: the read
    /// timeout or the stall grace period, whichever is shorter.
    fn chunk_wait(&self) -> Option<Duration> {
        let inner = &self.inner;
        match (inner.read_timeout, inner.stall_grace) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Reads the body whole; each wait for more is bounded by
    /// [`chunk_wait`](Self::chunk_wait).
    async fn read_body(&self, body: hyper::body::Incoming) -> Result<Bytes, TransportError> {
        let inner = &self.inner;
        let wait = self.chunk_wait();
        read_body(body, inner.max_response_body, wait)
            .await
            .map_err(|e| match e {
                ReadBodyError::Body(e) => classify_hyper_error(e),
                ReadBodyError::TooLarge { limit } => TransportError::other(BodyTooLarge { limit }),
                ReadBodyError::Stalled { after } => TransportError::timeout(format!(
                    "stalled download: no data from the server for {after:?}"
                )),
            })
    }
}

impl HttpTransport for HyperTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(self.send_request(request))
    }
}

/// Writes the request as it goes on the wire: `/path?query` with a `host`
/// header to a server; through a forward proxy (plain `http`), the absolute
/// URI and the proxy's credentials.
fn to_wire_form(
    request: HttpRequest,
    target: &Target,
    forward: Option<&Option<HeaderValue>>,
    http2: bool,
    stream: Option<crate::byte_stream::Reader>,
) -> http::Request<FullBody> {
    let (mut parts, body) = request.into_parts();
    if http2 {
        // HTTP/2 takes the scheme and authority from the absolute URI (its
        // `:scheme` and `:authority`); the signed `host` header stays.
        let body = match stream {
            Some(reader) => FullBody::Stream(reader),
            None => FullBody::new(body),
        };
        return http::Request::from_parts(parts, body);
    }
    // Written as HTTP/1.1 whatever version the request names.
    parts.version = http::Version::HTTP_11;
    if !parts.headers.contains_key(HOST) {
        // A host parsed out of a URI is always a valid header value.
        if let Ok(host) = HeaderValue::from_str(&target.host_header()) {
            parts.headers.insert(HOST, host);
        }
    }
    match forward {
        Some(authorization) => {
            if let Some(value) = authorization {
                parts.headers.insert(PROXY_AUTHORIZATION, value.clone());
            }
        }
        None => {
            let path = parts
                .uri
                .path_and_query()
                .cloned()
                .unwrap_or_else(|| PathAndQuery::from_static("/"));
            parts.uri = http::Uri::from(path);
        }
    }
    let body = match stream {
        Some(reader) => FullBody::Stream(reader),
        None => FullBody::new(body),
    };
    http::Request::from_parts(parts, body)
}

/// Undoes [`to_wire_form`] for a request hyper handed back unsent, so it
/// can go out on a new connection (which may be routed differently).
fn from_wire_form(request: http::Request<FullBody>, target: &Target) -> HttpRequest {
    let (mut parts, body) = request.into_parts();
    parts.headers.remove(PROXY_AUTHORIZATION);
    if parts.uri.scheme().is_none() {
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        if let Ok(uri) = format!("{}://{}{path}", target.scheme_str(), target).parse() {
            parts.uri = uri;
        }
    }
    http::Request::from_parts(parts, body.into_bytes())
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
    read_timeout: Option<Duration>,
    stalled_stream: StalledStreamProtection,
    max_idle_per_host: usize,
    idle_timeout: Option<Duration>,
    max_response_body: usize,
    proxy: ProxyConfig,
    trust: TrustRoots,
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            read_timeout: None,
            stalled_stream: StalledStreamProtection::default(),
            max_idle_per_host: DEFAULT_MAX_IDLE_PER_HOST,
            idle_timeout: Some(DEFAULT_IDLE_TIMEOUT),
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            proxy: ProxyConfig::disabled(),
            trust: TrustRoots::default(),
        }
    }
}

impl HyperTransportBuilder {
    /// Limits the time to connect (DNS, TCP, a proxy's tunnel and the TLS
    /// handshake together); `None` waits as long as the operating system
    /// does. Default: 3.1 s.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limits each wait for the server: for the response head once the
    /// request is sent, then between reads of the body. Default: none.
    pub fn read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Fails uploads and downloads that stop moving. Default: on, 5 s.
    pub fn stalled_stream_protection(mut self, protection: StalledStreamProtection) -> Self {
        self.stalled_stream = protection;
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

    /// The proxies requests go through. Default: none (a transport built by
    /// a client's configuration takes them from the environment).
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxy = proxy;
        self
    }

    /// The certificate authorities trusted besides the Mozilla roots.
    /// Default: none.
    pub fn trust_roots(mut self, trust: TrustRoots) -> Self {
        self.trust = trust;
        self
    }

    /// The transport.
    pub fn build(self) -> HyperTransport {
        HyperTransport {
            inner: Arc::new(Inner {
                connector: Connector::new(self.connect_timeout, self.proxy, &self.trust)
                    .map_err(|e| e.to_string()),
                pool: Pool::new(self.max_idle_per_host, self.idle_timeout),
                max_response_body: self.max_response_body,
                read_timeout: self.read_timeout,
                stall_grace: self.stalled_stream.grace_period(),
            }),
        }
    }
}
