//! Why a request could not be exchanged with the server.

use crate::error::BoxError;
use std::error::Error as StdError;
use std::fmt;

/// The broad cause of a [`TransportError`]; the retry strategy reads it to
/// decide whether another attempt could help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made: DNS failed, or the connection was refused.
    Connect,
    /// The server did not answer in time (such as the connect timeout).
    Timeout,
    /// The connection broke: reset, or closed before the response was complete.
    Io,
    /// TLS failed: the certificate was not trusted, or the peer does not speak TLS.
    Tls,
    /// Anything else: an unusable URI, a malformed or oversized response.
    Other,
}

/// A request could not be exchanged with the server.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    host: Option<String>,
    source: BoxError,
}

impl TransportError {
    /// An error of `kind` caused by `source`.
    pub fn new(kind: TransportErrorKind, source: impl Into<BoxError>) -> Self {
        Self {
            kind,
            host: None,
            source: source.into(),
        }
    }

    /// No connection could be made.
    pub fn connect(source: impl Into<BoxError>) -> Self {
        Self::new(TransportErrorKind::Connect, source)
    }

    /// The server did not answer in time.
    pub fn timeout(source: impl Into<BoxError>) -> Self {
        Self::new(TransportErrorKind::Timeout, source)
    }

    /// The connection broke.
    pub fn io(source: impl Into<BoxError>) -> Self {
        Self::new(TransportErrorKind::Io, source)
    }

    /// TLS failed.
    pub fn tls(source: impl Into<BoxError>) -> Self {
        Self::new(TransportErrorKind::Tls, source)
    }

    /// Any other failure.
    pub fn other(source: impl Into<BoxError>) -> Self {
        Self::new(TransportErrorKind::Other, source)
    }

    /// Names the server (`host` or `host:port`) the error happened with.
    pub fn with_host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// The broad cause.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The server the error happened with, when known.
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// No connection could be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// The server did not answer in time.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// The connection broke.
    pub fn is_io(&self) -> bool {
        self.kind == TransportErrorKind::Io
    }

    /// TLS failed.
    pub fn is_tls(&self) -> bool {
        self.kind == TransportErrorKind::Tls
    }

    /// Any other failure.
    pub fn is_other(&self) -> bool {
        self.kind == TransportErrorKind::Other
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::Tls => "TLS failed",
            TransportErrorKind::Other => "request failed",
        };
        f.write_str(what)?;
        if let Some(host) = &self.host {
            let preposition = match self.kind {
                TransportErrorKind::Connect => "to",
                _ => "with",
            };
            write!(f, " {preposition} {host}")?;
        }
        write!(f, ": {}", self.source)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.source.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    #[test]
    fn display_names_host_and_cause() {
        let refused = io::Error::new(io::ErrorKind::ConnectionRefused, "connection refused");
        let e = TransportError::connect(refused).with_host("127.0.0.1:9");
        assert!(e.is_connect() && !e.is_timeout());
        assert_eq!(
            e.to_string(),
            "could not connect to 127.0.0.1:9: connection refused"
        );
        let e = TransportError::timeout("no connection within 3.1s").with_host("example.test");
        assert!(e.is_timeout());
        assert_eq!(
            e.to_string(),
            "timed out with example.test: no connection within 3.1s"
        );
        assert_eq!(
            TransportError::io("reset").to_string(),
            "connection failed: reset"
        );
    }

    #[test]
    fn source_keeps_the_cause_for_downcasting() {
        let e = TransportError::io(io::Error::new(io::ErrorKind::ConnectionReset, "reset"));
        assert!(e.is_io());
        let source = e.source().and_then(|s| s.downcast_ref::<io::Error>());
        assert_eq!(
            source.map(io::Error::kind),
            Some(io::ErrorKind::ConnectionReset)
        );
    }
}
