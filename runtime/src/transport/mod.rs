//! The HTTP transport: how a signed request reaches the service.
//!
//! The orchestrator talks to an [`HttpTransport`], a single async method
//! taking a request and returning the response with its whole body. Two
//! implementations ship here:
//!
//! - [`HyperTransport`], the default: HTTP/1.1 over hyper, TLS with rustls,
//!   a small pool of keep-alive connections, proxies ([`ProxyConfig`]) and
//!   extra certificate authorities ([`TrustRoots`]).
//! - [`ReplayTransport`], for tests: canned responses in order, every request
//!   recorded, no network.

mod error;
mod hyper_client;
mod proxy;
mod replay;
mod trust;

pub use error::{TransportError, TransportErrorKind};
pub use hyper_client::{
    DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_IDLE_PER_HOST, DEFAULT_MAX_RESPONSE_BODY, HyperTransport,
    HyperTransportBuilder,
};
pub use proxy::{InvalidProxy, ProxyConfig};
pub use replay::{ReplayEvent, ReplayTransport, RequestMismatch};
pub use trust::{InvalidTrustRoots, TrustRoots};

use crate::auth::BoxFuture;
use crate::operation::{HttpRequest, HttpResponse};
use std::fmt;
use std::sync::Arc;

/// Sends HTTP requests and reads the whole response.
pub trait HttpTransport: Send + Sync + fmt::Debug {
    /// Sends `request`, whose URI is absolute (`https://host/path?query`),
    /// and returns the response with its body read.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

/// A transport shared between clients and threads.
#[derive(Clone, Debug)]
pub struct SharedTransport(Arc<dyn HttpTransport>);

impl SharedTransport {
    /// Shares `transport`.
    pub fn new(transport: impl HttpTransport + 'static) -> Self {
        Self(Arc::new(transport))
    }
}

impl From<Arc<dyn HttpTransport>> for SharedTransport {
    fn from(transport: Arc<dyn HttpTransport>) -> Self {
        Self(transport)
    }
}

impl HttpTransport for SharedTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.send(request)
    }
}

/// A copy of `request` (method, URI, version, headers and body, and the
/// extensions an attempt reads: a streaming body, the request to stream
/// the response, the request to check its checksum, and where the signer
/// leaves what signs an event stream; `http` cannot clone extensions
/// wholesale).
pub(crate) fn clone_request(request: &HttpRequest) -> HttpRequest {
    use crate::byte_stream::{StreamResponse, StreamingBody};
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    if let Some(body) = request.extensions().get::<StreamingBody>() {
        copy.extensions_mut().insert(body.clone());
    }
    if let Some(marker) = request.extensions().get::<StreamResponse>() {
        copy.extensions_mut().insert(*marker);
    }
    if let Some(marker) = request
        .extensions()
        .get::<crate::checksum::ValidateResponse>()
    {
        copy.extensions_mut().insert(*marker);
    }
    #[cfg(feature = "event-stream")]
    if let Some(slot) = request
        .extensions()
        .get::<crate::event_stream::SigningSlot>()
    {
        copy.extensions_mut().insert(slot.clone());
    }
    copy
}
