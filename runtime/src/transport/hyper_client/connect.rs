//! Opening connections: DNS, TCP, TLS, and the HTTP/1.1 handshake.

use super::body::FullBody;
use super::io::TokioIo;
use crate::transport::TransportError;
use hyper::client::conn::http1::SendRequest;
use std::fmt;
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

/// Opens connections, each driven by its own task on the runtime.
#[derive(Debug)]
pub(super) struct Connector {
    timeout: Option<Duration>,
}

impl Connector {
    pub(super) fn new(timeout: Option<Duration>) -> Self {
        Self { timeout }
    }

    /// A new connection to `target`, ready for a request. The connect timeout
    /// covers DNS, TCP and the TLS handshake together.
    pub(super) async fn connect(
        &self,
        target: &Target,
        runtime: &Handle,
    ) -> Result<SendRequest<FullBody>, TransportError> {
        let connecting = self.connect_unbounded(target, runtime);
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
        runtime: &Handle,
    ) -> Result<SendRequest<FullBody>, TransportError> {
        let tcp = tcp_connect(target).await?;
        match target.scheme {
            Scheme::Http => handshake(tcp, runtime).await,
            Scheme::Https => handshake(tls::connect(target.bare_host(), tcp).await?, runtime).await,
        }
    }
}

/// Resolves `target` and connects to its addresses in turn.
async fn tcp_connect(target: &Target) -> Result<TcpStream, TransportError> {
    let addresses = tokio::net::lookup_host((target.bare_host(), target.port))
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
async fn handshake<T>(io: T, runtime: &Handle) -> Result<SendRequest<FullBody>, TransportError>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(super::classify_hyper_error)?;
    // A connection error also fails the request in flight, which reports it;
    // the task has nobody else to tell.
    runtime.spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

#[cfg(feature = "rustls")]
mod tls {
    use crate::transport::TransportError;
    use std::io;
    use std::sync::{Arc, OnceLock};
    use tokio::net::TcpStream;
    use tokio_rustls::client::TlsStream;
    use tokio_rustls::rustls::{self, ClientConfig, RootCertStore, pki_types::ServerName};

    /// The TLS configuration, built once per process: ring for cryptography,
    /// the Mozilla roots for trust, HTTP/1.1 announced through ALPN.
    fn config() -> Result<Arc<ClientConfig>, TransportError> {
        static CONFIG: OnceLock<Result<Arc<ClientConfig>, rustls::Error>> = OnceLock::new();
        CONFIG
            .get_or_init(|| {
                let provider = Arc::new(rustls::crypto::ring::default_provider());
                let roots = RootCertStore {
                    roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
                };
                let mut config = ClientConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()?
                    .with_root_certificates(roots)
                    .with_no_client_auth();
                config.alpn_protocols = vec![b"http/1.1".to_vec()];
                Ok(Arc::new(config))
            })
            .clone()
            .map_err(TransportError::tls)
    }

    pub(super) async fn connect(
        host: &str,
        tcp: TcpStream,
    ) -> Result<TlsStream<TcpStream>, TransportError> {
        let name = ServerName::try_from(host.to_owned())
            .map_err(|e| TransportError::tls(format!("`{host}` is not a valid TLS name: {e}")))?;
        tokio_rustls::TlsConnector::from(config()?)
            .connect(name, tcp)
            .await
            .map_err(classify)
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
    use crate::transport::TransportError;
    use tokio::net::TcpStream;

    pub(super) async fn connect(_host: &str, _tcp: TcpStream) -> Result<TcpStream, TransportError> {
        Err(TransportError::tls(
            "https needs the `rustls` feature of lean-runtime",
        ))
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
