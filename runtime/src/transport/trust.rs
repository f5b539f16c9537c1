//! Which certificate authorities TLS connections trust.
//!
//! By default: the Mozilla root store compiled into the binary
//! (`webpki-roots`), which works the same on every machine. Added to it:
//! certificates from a PEM bundle (`AWS_CA_BUNDLE`, a profile's
//! `ca_bundle`, or [`TrustRoots::with_pem_file`]) for private CAs and TLS
//! inspection; and, with the `native-roots` cargo feature and
//! [`TrustRoots::with_native_roots`], the operating system's store (which
//! also honours `SSL_CERT_FILE` and `SSL_CERT_DIR`).

use std::fmt;
use std::path::Path;

/// The certificate authorities a transport trusts, besides the Mozilla
/// roots.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TrustRoots {
    /// DER certificates, each checked to be a usable trust anchor.
    extra: Vec<Vec<u8>>,
    native: bool,
}

impl TrustRoots {
    /// The Mozilla roots only.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the certificates of a PEM bundle (`-----BEGIN CERTIFICATE-----`
    /// blocks; anything else in the file is ignored).
    ///
    /// # Errors
    /// When the text holds no certificate, or one that cannot be a trust
    /// anchor.
    pub fn with_pem(mut self, pem: &[u8]) -> Result<Self, InvalidTrustRoots> {
        let certificates = parse_pem(pem)?;
        self.extra.extend(certificates);
        Ok(self)
    }

    /// Adds the certificates of the PEM bundle at `path`.
    ///
    /// # Errors
    /// When the file cannot be read, or as [`with_pem`](Self::with_pem);
    /// the error names the file.
    pub fn with_pem_file(self, path: impl AsRef<Path>) -> Result<Self, InvalidTrustRoots> {
        let path = path.as_ref();
        let pem = std::fs::read(path).map_err(|e| {
            InvalidTrustRoots(format!("cannot read the CA bundle {}: {e}", path.display()))
        })?;
        self.with_pem(&pem)
            .map_err(|e| InvalidTrustRoots(format!("the CA bundle {}: {}", path.display(), e.0)))
    }

    /// Adds one DER-encoded certificate.
    ///
    /// # Errors
    /// When it cannot be a trust anchor.
    pub fn with_der(mut self, der: Vec<u8>) -> Result<Self, InvalidTrustRoots> {
        check_anchor(&der)?;
        self.extra.push(der);
        Ok(self)
    }

    /// Also trusts the operating system's certificate store, read when a
    /// transport is built (`native-roots` cargo feature).
    #[cfg(feature = "native-roots")]
    pub fn with_native_roots(mut self) -> Self {
        self.native = true;
        self
    }

    /// Whether anything beyond the Mozilla roots is trusted.
    pub fn is_default(&self) -> bool {
        self.extra.is_empty() && !self.native
    }

    /// The added certificates, DER-encoded (read by the TLS connector only).
    #[cfg_attr(not(feature = "rustls"), allow(dead_code))]
    pub(crate) fn extra(&self) -> &[Vec<u8>] {
        &self.extra
    }

    /// Whether the system store is trusted too.
    #[cfg_attr(not(feature = "native-roots"), allow(dead_code))]
    pub(crate) fn native(&self) -> bool {
        self.native
    }
}

impl fmt::Debug for TrustRoots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrustRoots")
            .field("extra_certificates", &self.extra.len())
            .field("native", &self.native)
            .finish()
    }
}

#[cfg(feature = "rustls")]
fn parse_pem(pem: &[u8]) -> Result<Vec<Vec<u8>>, InvalidTrustRoots> {
    use tokio_rustls::rustls::pki_types::CertificateDer;
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    let mut certificates = Vec::new();
    for (index, certificate) in CertificateDer::pem_slice_iter(pem).enumerate() {
        let certificate = certificate.map_err(|e| {
            InvalidTrustRoots(format!("certificate {} is not valid PEM: {e}", index + 1))
        })?;
        check_anchor(&certificate)
            .map_err(|e| InvalidTrustRoots(format!("certificate {}: {}", index + 1, e.0)))?;
        certificates.push(certificate.to_vec());
    }
    if certificates.is_empty() {
        return Err(InvalidTrustRoots(
            "no PEM certificate (-----BEGIN CERTIFICATE-----) found".to_owned(),
        ));
    }
    Ok(certificates)
}

#[cfg(not(feature = "rustls"))]
fn parse_pem(_pem: &[u8]) -> Result<Vec<Vec<u8>>, InvalidTrustRoots> {
    Err(InvalidTrustRoots(
        "certificates need the `rustls` feature of lean-runtime".to_owned(),
    ))
}

#[cfg(feature = "rustls")]
fn check_anchor(der: &[u8]) -> Result<(), InvalidTrustRoots> {
    use tokio_rustls::rustls::RootCertStore;
    use tokio_rustls::rustls::pki_types::CertificateDer;
    RootCertStore::empty()
        .add(CertificateDer::from(der))
        .map_err(|e| InvalidTrustRoots(format!("not a usable CA certificate: {e}")))
}

#[cfg(not(feature = "rustls"))]
fn check_anchor(_der: &[u8]) -> Result<(), InvalidTrustRoots> {
    Err(InvalidTrustRoots(
        "certificates need the `rustls` feature of lean-runtime".to_owned(),
    ))
}

/// Certificates that cannot be trusted as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidTrustRoots(String);

impl fmt::Display for InvalidTrustRoots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidTrustRoots {}

#[cfg(all(test, feature = "rustls"))]
mod tests {
    use super::*;

    #[test]
    fn pem_without_certificates_is_an_error() {
        let error = TrustRoots::new().with_pem(b"just text").unwrap_err();
        assert!(error.to_string().contains("no PEM certificate"), "{error}");
        let error = TrustRoots::new()
            .with_pem(b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
            .unwrap_err();
        assert!(error.to_string().contains("certificate 1"), "{error}");
        let error = TrustRoots::new()
            .with_pem_file("/nonexistent/ca.pem")
            .unwrap_err();
        assert!(error.to_string().contains("/nonexistent/ca.pem"), "{error}");
    }
}
