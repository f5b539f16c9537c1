//! Opening connections: DNS, TCP, TLS, and the HTTP/1.1 handshake (or,
//! for requests that ask for it, HTTP/2's).

use super::body::FullBody;
use super::io::{Activity, TokioIo};
use super::pool::Reusable;
use crate::transport::{ProxyConfig, TransportError, TrustRoots};
use http::HeaderValue;
use hyper::client::conn::TrySendError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::runtime::Handle;

/// Whether to speak TLS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Scheme {
    Http,
    Https,
}

/// A server, as the pool keys connections: scheme, host and port.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Target {
    scheme: Scheme,
    /// Lower case; IPv6 addresses keep their brackets, as in a URI.
    host: String,
    port: u16,
}

impl Target {
    /// The server an absolute URI points at.
    pub(super) fn from_uri(uri: &http::Uri) -> Result<Self, TransportError> {
        let scheme = match uri.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") => Scheme::Https,
            Some(s) if s.eq_ignore_ascii_case("http") => Scheme::Http,
            Some(other) => {
                return Err(TransportError::other(format!(
                    "unsupported URI scheme `{other}` in `{uri}`: use http or https"
                )));
            }
            None => {
                return Err(TransportError::other(format!(
                    "the request URI `{uri}` is not absolute"
                )));
            }
        };
        let host = match uri.host() {
            Some(host) if !host.is_empty() => host.to_ascii_lowercase(),
            _ => {
                return Err(TransportError::other(format!(
                    "the request URI `{uri}` has no host"
                )));
            }
        };
        // `http::Uri` reads any digits as a port and reports one out of
        // range as none, which would silently dial the default port.
        if uri
            .authority()
            .is_some_and(crate::endpoint::has_invalid_port)
        {
            return Err(TransportError::other(format!(
                "the port of `{uri}` is not a number from 0 to 65535"
            )));
        }
        let port = uri.port_u16().unwrap_or(match scheme {
            Scheme::Http => 80,
            Scheme::Https => 443,
        });
        Ok(Self { scheme, host, port })
    }

    /// The `host` header: the port is left out when it is the scheme's default.
    pub(super) fn host_header(&self) -> String {
        match (self.scheme, self.port) {
            (Scheme::Http, 80) | (Scheme::Https, 443) => self.host.clone(),
            _ => self.to_string(),
        }
    }

    /// `http` or `https`.
    pub(super) fn scheme_str(&self) -> &'static str {
        match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    /// The name to resolve, and to present in TLS: without IPv6 brackets.
    fn bare_host(&self) -> &str {
        self.host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(&self.host)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// The response to a request sent on a connection, or the request back
/// when it could not be sent.
pub(super) type ResponseFuture = Pin<
    Box<
        dyn Future<
                Output = Result<
                    http::Response<hyper::body::Incoming>,
                    TrySendError<http::Request<FullBody>>,
                >,
            > + Send,
    >,
>;

/// The sending half of a connection, by HTTP version.
#[derive(Debug)]
pub(super) enum Sender {
    /// HTTP/1.1: one request at a time; pooled between requests.
    Http1(hyper::client::conn::http1::SendRequest<FullBody>),
    /// HTTP/2 (the requests of operations whose service requires it, such
    /// as event streams to Transcribe Streaming): one connection per
    /// request, never pooled.
    #[cfg(feature = "http2")]
    Http2(hyper::client::conn::http2::SendRequest<FullBody>),
}

impl Sender {
    /// Sends `request`.
    pub(super) fn send(&mut self, request: http::Request<FullBody>) -> ResponseFuture {
        match self {
            Self::Http1(sender) => Box::pin(sender.try_send_request(request)),
            #[cfg(feature = "http2")]
            Self::Http2(sender) => Box::pin(sender.try_send_request(request)),
        }
    }

    /// Waits until the connection can take another request.
    pub(super) async fn ready(&mut self) -> Result<(), hyper::Error> {
        match self {
            Self::Http1(sender) => sender.ready().await,
            #[cfg(feature = "http2")]
            Self::Http2(sender) => sender.ready().await,
        }
    }

    /// Whether requests on this connection are HTTP/2.
    pub(super) fn is_http2(&self) -> bool {
        match self {
            Self::Http1(_) => false,
            #[cfg(feature = "http2")]
            Self::Http2(_) => true,
        }
    }
}

/// A connection ready for requests, and how requests must be written on it.
#[derive(Debug)]
pub(super) struct Connection {
    pub(super) sender: Sender,
    pub(super) activity: Arc<Activity>,
    /// Set for plain `http` through a proxy: requests carry the absolute URI
    /// and this `Proxy-Authorization`, if any.
    pub(super) forward: Option<Option<HeaderValue>>,
}

impl Reusable for Connection {
    fn is_closed(&self) -> bool {
        match &self.sender {
            Sender::Http1(sender) => sender.is_closed(),
            #[cfg(feature = "http2")]
            Sender::Http2(sender) => sender.is_closed(),
        }
    }

    fn is_ready(&self) -> bool {
        match &self.sender {
            Sender::Http1(sender) => sender.is_ready(),
            #[cfg(feature = "http2")]
            Sender::Http2(sender) => sender.is_ready(),
        }
    }
}

/// Opens connections, each driven by its own task on the runtime.
#[derive(Debug)]
pub(super) struct Connector {
    timeout: Option<Duration>,
    proxy: ProxyConfig,
    tls: tls::Tls,
}

impl Connector {
    pub(super) fn new(
        timeout: Option<Duration>,
        proxy: ProxyConfig,
        trust: &TrustRoots,
    ) -> Result<Self, TransportError> {
        Ok(Self {
            timeout,
            proxy,
            tls: tls::Tls::new(trust)?,
        })
    }

    /// A new connection to `target`, ready for a request (HTTP/2 when
    /// `http2`: negotiated through ALPN over TLS, with prior knowledge over
    /// plain TCP). The connect timeout covers DNS, TCP, the proxy's tunnel
    /// and the TLS handshake together.
    pub(super) async fn connect(
        &self,
        target: &Target,
        http2: bool,
        runtime: &Handle,
    ) -> Result<Connection, TransportError> {
        let connecting = self.connect_unbounded(target, http2, runtime);
        match self.timeout {
            None => connecting.await,
            Some(limit) => match tokio::time::timeout(limit, connecting).await {
                Ok(result) => result,
                Err(_) => Err(TransportError::timeout(format!(
                    "no connection within the connect timeout of {limit:?}"
                ))),
            },
        }
    }

    async fn connect_unbounded(
        &self,
        target: &Target,
        http2: bool,
        runtime: &Handle,
    ) -> Result<Connection, TransportError> {
        let https = target.scheme == Scheme::Https;
        let proxy = self.proxy.proxy_for(https, &target.host, target.port);
        let tcp = match proxy {
            None => tcp_connect(target.bare_host(), target.port).await?,
            Some(proxy) => {
                let bare = proxy.host().trim_start_matches('[').trim_end_matches(']');
                tcp_connect(bare, proxy.port()).await.map_err(|e| {
                    TransportError::connect(format!(
                        "cannot connect to the proxy {}:{}: {e}",
                        proxy.host(),
                        proxy.port()
                    ))
                })?
            }
        };
        let activity = Activity::new();
        if http2 {
            return match (target.scheme, proxy) {
                (Scheme::Http, Some(_)) => Err(TransportError::connect(
                    "HTTP/2 without TLS cannot go through a forwarding proxy",
                )),
                (Scheme::Http, None) => handshake_http2(tcp, activity, runtime).await,
                (Scheme::Https, proxy) => {
                    let mut tcp = tcp;
                    if let Some(proxy) = proxy {
                        tunnel(&mut tcp, target, proxy.authorization()).await?;
                    }
                    let tls = self.tls.connect_http2(target.bare_host(), tcp).await?;
                    handshake_http2(tls, activity, runtime).await
                }
            };
        }
        match (target.scheme, proxy) {
            (Scheme::Http, None) => handshake(tcp, activity, None, runtime).await,
            (Scheme::Http, Some(proxy)) => {
                let authorization = proxy.authorization().cloned();
                handshake(tcp, activity, Some(authorization), runtime).await
            }
            (Scheme::Https, proxy) => {
                let mut tcp = tcp;
                if let Some(proxy) = proxy {
                    tunnel(&mut tcp, target, proxy.authorization()).await?;
                }
                let tls = self.tls.connect(target.bare_host(), tcp).await?;
                handshake(tls, activity, None, runtime).await
            }
        }
    }
}

/// The largest `CONNECT` response head read from a proxy.
const MAX_TUNNEL_RESPONSE: usize = 16 * 1024;

/// Asks the proxy on `tcp` for a tunnel to `target` (`CONNECT host:port`)
/// and reads its answer; anything but a 2xx ends the attempt.
async fn tunnel(
    tcp: &mut TcpStream,
    target: &Target,
    authorization: Option<&HeaderValue>,
) -> Result<(), TransportError> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n").into_bytes();
    if let Some(value) = authorization {
        request.extend_from_slice(b"Proxy-Authorization: ");
        request.extend_from_slice(value.as_bytes());
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    tcp.write_all(&request).await.map_err(TransportError::io)?;
    // Read byte by byte up to the blank line: anything after it already
    // belongs to the tunnel (the TLS handshake), so nothing may be over-read.
    let mut head = Vec::with_capacity(256);
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() >= MAX_TUNNEL_RESPONSE {
            return Err(TransportError::other(
                "the proxy's answer to CONNECT is too long",
            ));
        }
        match tcp.read(&mut byte).await.map_err(TransportError::io)? {
            0 => {
                return Err(TransportError::io(
                    "the proxy closed the connection before answering CONNECT",
                ));
            }
            _ => head.push(byte[0]),
        }
    }
    let status_line = head
        .split(|b| *b == b'\n')
        .next()
        .map(|line| String::from_utf8_lossy(line).trim().to_owned())
        .unwrap_or_default();
    let status = status_line.split_whitespace().nth(1).unwrap_or_default();
    if status.len() == 3 && status.starts_with('2') {
        Ok(())
    } else {
        Err(TransportError::connect(format!(
            "the proxy refused the tunnel to {target}: {status_line}"
        )))
    }
}

/// Resolves `host` and connects to its addresses in turn.
async fn tcp_connect(host: &str, port: u16) -> Result<TcpStream, TransportError> {
    let addresses = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| TransportError::connect(format!("DNS lookup failed: {e}")))?;
    let mut last_error = None;
    for address in addresses {
        match TcpStream::connect(address).await {
            Ok(stream) => {
                // Requests are written whole; waiting to coalesce them with
                // more data (Nagle) only adds latency. Failing to turn it off
                // costs speed, not correctness.
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(e) => last_error = Some(e),
        }
    }
    Err(match last_error {
        Some(e) => TransportError::connect(e),
        None => TransportError::connect("DNS lookup returned no address"),
    })
}

/// Starts HTTP/1.1 on `io` and spawns the task that drives the connection.
async fn handshake<T>(
    io: T,
    activity: Arc<Activity>,
    forward: Option<Option<HeaderValue>>,
    runtime: &Handle,
) -> Result<Connection, TransportError>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(io, activity.clone()))
            .await
            .map_err(super::classify_hyper_error)?;
    // A connection error also fails the request in flight, which reports it;
    // the task has nobody else to tell.
    runtime.spawn(async move {
        let _ = connection.await;
    });
    Ok(Connection {
        sender: Sender::Http1(sender),
        activity,
        forward,
    })
}

/// Starts HTTP/2 on `io` and spawns the task that drives the connection
/// (and the tasks hyper spawns for its streams).
#[cfg(feature = "http2")]
async fn handshake_http2<T>(
    io: T,
    activity: Arc<Activity>,
    runtime: &Handle,
) -> Result<Connection, TransportError>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (sender, connection) = hyper::client::conn::http2::handshake(
        Spawner(runtime.clone()),
        TokioIo::new(io, activity.clone()),
    )
    .await
    .map_err(super::classify_hyper_error)?;
    runtime.spawn(async move {
        let _ = connection.await;
    });
    Ok(Connection {
        sender: Sender::Http2(sender),
        activity,
        forward: None,
    })
}

#[cfg(not(feature = "http2"))]
async fn handshake_http2<T>(
    _io: T,
    _activity: Arc<Activity>,
    _runtime: &Handle,
) -> Result<Connection, TransportError> {
    Err(TransportError::other(
        "the request needs HTTP/2 (the service takes this event stream over nothing else): \
         enable the `http2` feature of the client crate",
    ))
}

/// Runs hyper's HTTP/2 tasks on the transport's runtime.
#[cfg(feature = "http2")]
#[derive(Clone)]
struct Spawner(Handle);

#[cfg(feature = "http2")]
impl<F> hyper::rt::Executor<F> for Spawner
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn execute(&self, future: F) {
        self.0.spawn(future);
    }
}

#[cfg(feature = "rustls")]
mod tls {
    use crate::transport::{TransportError, TrustRoots};
    use std::io;
    use std::sync::{Arc, OnceLock};
    use tokio::net::TcpStream;
    use tokio_rustls::client::TlsStream;
    use tokio_rustls::rustls::{self, ClientConfig, RootCertStore, pki_types::ServerName};

    /// The TLS client configuration of one transport (announcing HTTP/1.1
    /// through ALPN), and its HTTP/2 twin, made on first use.
    #[derive(Debug)]
    pub(super) struct Tls(Arc<ClientConfig>, OnceLock<Arc<ClientConfig>>);

    impl Tls {
        /// With the default roots, the configuration built once per process;
        /// with others, one of its own.
        pub(super) fn new(trust: &TrustRoots) -> Result<Self, TransportError> {
            if trust.is_default() {
                static DEFAULT: OnceLock<Result<Arc<ClientConfig>, rustls::Error>> =
                    OnceLock::new();
                let config = DEFAULT
                    .get_or_init(|| {
                        build(RootCertStore {
                            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
                        })
                    })
                    .clone()
                    .map_err(TransportError::tls)?;
                return Ok(Self(config, OnceLock::new()));
            }
            let mut roots = RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            for der in trust.extra() {
                roots
                    .add(der.clone().into())
                    .map_err(|e| TransportError::tls(format!("unusable CA certificate: {e}")))?;
            }
            #[cfg(feature = "native-roots")]
            if trust.native() {
                // Certificates the system store holds but rustls cannot use
                // (expired, odd encodings) are skipped, as browsers skip them.
                let native = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(native.certs);
            }
            Ok(Self(
                build(roots).map_err(TransportError::tls)?,
                OnceLock::new(),
            ))
        }

        pub(super) async fn connect(
            &self,
            host: &str,
            tcp: TcpStream,
        ) -> Result<TlsStream<TcpStream>, TransportError> {
            let name = ServerName::try_from(host.to_owned()).map_err(|e| {
                TransportError::tls(format!("`{host}` is not a valid TLS name: {e}"))
            })?;
            tokio_rustls::TlsConnector::from(self.0.clone())
                .connect(name, tcp)
                .await
                .map_err(classify)
        }

        /// [`connect`](Self::connect), announcing only HTTP/2 (`h2`); a
        /// server that does not agree is an error.
        pub(super) async fn connect_http2(
            &self,
            host: &str,
            tcp: TcpStream,
        ) -> Result<TlsStream<TcpStream>, TransportError> {
            let name = ServerName::try_from(host.to_owned()).map_err(|e| {
                TransportError::tls(format!("`{host}` is not a valid TLS name: {e}"))
            })?;
            let config = self.1.get_or_init(|| {
                let mut config = (*self.0).clone();
                config.alpn_protocols = vec![b"h2".to_vec()];
                Arc::new(config)
            });
            let tls = tokio_rustls::TlsConnector::from(config.clone())
                .connect(name, tcp)
                .await
                .map_err(classify)?;
            if tls.get_ref().1.alpn_protocol() != Some(b"h2") {
                return Err(TransportError::tls(format!(
                    "{host} did not agree to HTTP/2, which this request needs"
                )));
            }
            Ok(tls)
        }
    }

    /// ring for cryptography, HTTP/1.1 announced through ALPN.
    fn build(roots: RootCertStore) -> Result<Arc<ClientConfig>, rustls::Error> {
        // rustls 0.23.48 deprecates ring's provider because it lacks
        // post-quantum key exchange, which only aws-lc-rs offers; aws-lc-rs
        // needs a C toolchain (and cmake on some targets) and doubles the
        // build. ring stays the default until the budget can take that.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }

    /// tokio-rustls reports TLS failures (an untrusted certificate, a peer
    /// that does not speak TLS) as `InvalidData` wrapping the rustls error;
    /// anything else is the connection itself failing mid-handshake.
    fn classify(error: io::Error) -> TransportError {
        let is_tls = error
            .get_ref()
            .is_some_and(|inner| inner.is::<rustls::Error>());
        if is_tls {
            TransportError::tls(error)
        } else {
            TransportError::io(error)
        }
    }
}

#[cfg(not(feature = "rustls"))]
mod tls {
    use crate::transport::{TransportError, TrustRoots};
    use tokio::net::TcpStream;

    #[derive(Debug)]
    pub(super) struct Tls;

    impl Tls {
        pub(super) fn new(_trust: &TrustRoots) -> Result<Self, TransportError> {
            Ok(Self)
        }

        pub(super) async fn connect(
            &self,
            _host: &str,
            _tcp: TcpStream,
        ) -> Result<TcpStream, TransportError> {
            Err(TransportError::tls(
                "https needs the `rustls` feature of lean-runtime",
            ))
        }

        pub(super) async fn connect_http2(
            &self,
            host: &str,
            tcp: TcpStream,
        ) -> Result<TcpStream, TransportError> {
            self.connect(host, tcp).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(uri: &str) -> Result<Target, TransportError> {
        Target::from_uri(&uri.parse().expect("test URIs parse"))
    }

    #[test]
    fn targets_default_the_port_by_scheme() {
        let t = target("https://Proton.us-east-1.amazonaws.com/path").expect("valid");
        assert_eq!(t.to_string(), "proton.us-east-1.amazonaws.com:443");
        assert_eq!(t.host_header(), "proton.us-east-1.amazonaws.com");
        let t = target("http://127.0.0.1:8080/").expect("valid");
        assert_eq!(t.scheme, Scheme::Http);
        assert_eq!(t.host_header(), "127.0.0.1:8080");
        let t = target("http://[::1]/").expect("valid");
        assert_eq!(t.bare_host(), "::1");
        assert_eq!(t.host_header(), "[::1]");
    }

    #[test]
    fn targets_reject_what_cannot_be_dialled() {
        let e = target("http://127.0.0.1:99999/").expect_err("port out of range");
        assert!(e.to_string().contains("65535"), "{e}");
        let e = target("/relative").expect_err("no scheme");
        assert!(
            e.is_other() && e.to_string().contains("not absolute"),
            "{e}"
        );
        let e = target("ftp://example.test/").expect_err("bad scheme");
        assert!(
            e.to_string().contains("unsupported URI scheme `ftp`"),
            "{e}"
        );
    }
}
