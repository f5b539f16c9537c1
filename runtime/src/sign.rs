//! AWS Signature Version 4, through the `aws-sigv4` crate.
//!
//! [`SigV4Signer`] is the [`SignRequest`] the orchestrator calls for each
//! attempt: it fetches credentials from its provider (cached, see
//! [`crate::credentials::CredentialsCache`]), then signs every header the
//! request carries (except those SigV4 leaves out, such as `user-agent`), the
//! body's SHA-256 and the `host` header, which it adds from the URI when the
//! request has none. It sets `authorization`, `x-amz-date` and, for temporary
//! credentials, `x-amz-security-token` (also signed).

use crate::auth::{BoxFuture, SignRequest};
use crate::credentials::{Credentials, ProvideCredentials, SharedCredentialsProvider};
use crate::error::BoxError;
use crate::operation::HttpRequest;
use crate::region::Region;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use http::Uri;
use http::header::{AUTHORIZATION, HOST, HeaderName, HeaderValue};
use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::time::SystemTime;

/// Headers a previous signature of the same request left behind. A retry
/// re-signs its request, and SigV4 must not see the old values.
const SIGNATURE_HEADERS: [&str; 3] = ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256"];

/// Signs requests with SigV4 for one service name and region.
///
/// ```
/// use lean_runtime::credentials::{Credentials, SharedCredentialsProvider};
/// use lean_runtime::region::Region;
/// use lean_runtime::sign::SigV4Signer;
/// use std::time::SystemTime;
///
/// let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "Example");
/// let signer = SigV4Signer::new(
///     SharedCredentialsProvider::new(credentials.clone()),
///     "proton",
///     Region::from_static("us-east-1"),
/// );
/// let mut request = http::Request::post("https://proton.us-east-1.amazonaws.com/")
///     .header("content-type", "application/x-amz-json-1.0")
///     .header("x-amz-target", "AwsProton20200720.ListEnvironments")
///     .body(bytes::Bytes::from_static(b"{}"))?;
/// signer.sign_with(&mut request, &credentials, SystemTime::now())?;
/// let authorization = request.headers()["authorization"].to_str()?;
/// assert!(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct SigV4Signer {
    credentials: SharedCredentialsProvider,
    signing_name: Cow<'static, str>,
    region: Region,
}

impl SigV4Signer {
    /// A signer using `credentials`, for service `signing_name` (the
    /// model's `aws.auth#sigv4` name, such as `proton`) in `region`.
    pub fn new(
        credentials: SharedCredentialsProvider,
        signing_name: impl Into<Cow<'static, str>>,
        region: Region,
    ) -> Self {
        Self {
            credentials,
            signing_name: signing_name.into(),
            region,
        }
    }

    /// The service name signatures are scoped to.
    pub fn signing_name(&self) -> &str {
        &self.signing_name
    }

    /// The region signatures are scoped to.
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// Signs `request` with `credentials` as of `time`, synchronously.
    ///
    /// `request` must carry an absolute URI or a `host` header. Headers from
    /// an earlier signature are replaced.
    pub fn sign_with(
        &self,
        request: &mut HttpRequest,
        credentials: &Credentials,
        time: SystemTime,
    ) -> Result<(), SigningError> {
        let headers = request.headers_mut();
        headers.remove(AUTHORIZATION);
        for name in SIGNATURE_HEADERS {
            headers.remove(name);
        }
        if !request.headers().contains_key(HOST) {
            let host = host_header(request.uri())?;
            request.headers_mut().insert(HOST, host);
        }
        // `aws-sigv4` takes header values as text; refuse the rare value that
        // is not, rather than sign a request without it.
        if let Some((name, _)) = request.headers().iter().find(|(_, v)| v.to_str().is_err()) {
            return Err(SigningError::new(ErrorKind::HeaderNotText(name.clone())));
        }

        // Per request, `aws-sigv4` allocates the canonical request, the
        // string to sign and the settings' excluded-header list, and derives
        // the signing key with four HMACs. The key depends only on the
        // secret, the UTC date, the region and the service, so it could be
        // cached per day and credentials; the settings could be built once.
        // Both need an API `aws-sigv4` does not offer, so they are left to a
        // measured need. Credentials keep their `Identity`, so at least that
        // is not rebuilt.
        let settings = SigningSettings::default();
        let params = v4::SigningParams::builder()
            .identity(credentials.identity())
            .region(self.region.as_ref())
            .name(&self.signing_name)
            .time(time)
            .settings(settings)
            .build()
            .map_err(|e| SigningError::new(ErrorKind::Sigv4(e.into())))?
            .into();
        // The host is in the headers, so only the path and query are needed
        // (and borrowed rather than re-serialized from the URI).
        let path_and_query = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
        let signable = SignableRequest::new(
            request.method().as_str(),
            path_and_query,
            request
                .headers()
                .iter()
                .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?))),
            SignableBody::Bytes(request.body()),
        )
        .map_err(|e| SigningError::new(ErrorKind::Sigv4(e.into())))?;
        let (instructions, _signature) = sign(signable, &params)
            .map_err(|e| SigningError::new(ErrorKind::Sigv4(e.into())))?
            .into_parts();

        let (new_headers, _query) = instructions.into_parts();
        for header in new_headers {
            let name = HeaderName::from_bytes(header.name().as_bytes())
                .map_err(|_| SigningError::new(ErrorKind::InvalidSignatureHeader(header.name())))?;
            let mut value = HeaderValue::from_str(header.value())
                .map_err(|_| SigningError::new(ErrorKind::InvalidSignatureHeader(header.name())))?;
            value.set_sensitive(header.sensitive());
            request.headers_mut().insert(name, value);
        }
        Ok(())
    }
}

impl SignRequest for SigV4Signer {
    fn sign<'a>(
        &'a self,
        request: &'a mut HttpRequest,
        time: SystemTime,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let credentials = self.credentials.provide_credentials().await?;
            self.sign_with(request, &credentials, time)?;
            Ok(())
        })
    }
}

/// The `host` header for `uri`: its host, with the port unless it is the
/// scheme's default (which clients leave out of the header they send).
fn host_header(uri: &Uri) -> Result<HeaderValue, SigningError> {
    let host = uri
        .host()
        .filter(|h| !h.is_empty())
        .ok_or(SigningError::new(ErrorKind::NoHost))?;
    let default_port = match uri.scheme_str() {
        Some("https") => Some(443),
        Some("http") => Some(80),
        _ => None,
    };
    let value = match uri.port_u16() {
        Some(port) if Some(port) != default_port => HeaderValue::try_from(format!("{host}:{port}")),
        _ => HeaderValue::from_str(host),
    };
    value.map_err(|_| SigningError::new(ErrorKind::NoHost))
}

/// A request could not be signed.
#[derive(Debug)]
pub struct SigningError {
    kind: ErrorKind,
}

#[derive(Debug)]
enum ErrorKind {
    NoHost,
    HeaderNotText(HeaderName),
    InvalidSignatureHeader(&'static str),
    Sigv4(BoxError),
}

impl SigningError {
    fn new(kind: ErrorKind) -> Self {
        Self { kind }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::NoHost => f.write_str(
                "the request has no host to sign (no `host` header and no host in its URI)",
            ),
            ErrorKind::HeaderNotText(name) => {
                write!(
                    f,
                    "header `{name}` is not visible ASCII text and cannot be signed"
                )
            }
            ErrorKind::InvalidSignatureHeader(name) => write!(
                f,
                "the signature's `{name}` header is not a valid header value (check the session token)"
            ),
            ErrorKind::Sigv4(e) => write!(f, "SigV4 signing failed: {e}"),
        }
    }
}

impl StdError for SigningError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.kind {
            ErrorKind::Sigv4(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::time::Duration;

    /// 2015-08-30T12:36:00Z, the time of the published SigV4 test suite.
    fn suite_time() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }

    fn suite_credentials(token: Option<&str>) -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token.map(str::to_owned),
            None,
            "Test",
        )
    }

    fn signer(name: &'static str, credentials: Credentials) -> SigV4Signer {
        SigV4Signer::new(credentials.into(), name, Region::from_static("us-east-1"))
    }

    fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
        request.headers().get(name).map(|v| v.to_str().unwrap())
    }

    fn request(method: &str, uri: &str) -> HttpRequest {
        http::Request::builder()
            .method(method)
            .uri(uri)
            .body(Bytes::new())
            .unwrap()
    }

    /// Known answers from the published AWS SigV4 test suite.
    #[test]
    fn published_vectors() {
        let cases = [
            (
                "GET",
                "https://example.amazonaws.com/",
                None,
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
            (
                "POST",
                "https://example.amazonaws.com/",
                None,
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            ),
            (
                "GET",
                "https://example.amazonaws.com/?Param2=value2&Param1=value1",
                None,
                "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
            ),
            (
                "GET",
                "https://example.amazonaws.com/",
                Some("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"),
                "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
            ),
        ];
        for (method, uri, token, signature) in cases {
            let credentials = suite_credentials(token);
            let mut req = request(method, uri);
            signer("service", credentials.clone())
                .sign_with(&mut req, &credentials, suite_time())
                .unwrap();
            let signed_headers = if token.is_some() {
                "host;x-amz-date;x-amz-security-token"
            } else {
                "host;x-amz-date"
            };
            assert_eq!(
                header(&req, "authorization").unwrap(),
                format!(
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                     SignedHeaders={signed_headers}, Signature={signature}"
                ),
                "{method} {uri}"
            );
            assert_eq!(header(&req, "x-amz-date"), Some("20150830T123600Z"));
            assert_eq!(header(&req, "host"), Some("example.amazonaws.com"));
            assert_eq!(header(&req, "x-amz-security-token"), token);
        }
    }

    fn json_request() -> HttpRequest {
        http::Request::post("https://proton.us-east-1.amazonaws.com/")
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", "AwsProton20200720.ListEnvironments")
            .header("user-agent", "lean/0.1")
            .body(Bytes::from_static(b"{}"))
            .unwrap()
    }

    #[test]
    fn signs_the_protocol_headers_and_the_session_token() {
        let credentials = suite_credentials(Some("TOKEN"));
        let mut req = json_request();
        signer("proton", credentials.clone())
            .sign_with(&mut req, &credentials, suite_time())
            .unwrap();
        let authorization = header(&req, "authorization").unwrap();
        assert!(
            authorization.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/proton/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="
            ),
            "{authorization}"
        );
        assert_eq!(header(&req, "host"), Some("proton.us-east-1.amazonaws.com"));
        assert_eq!(header(&req, "x-amz-security-token"), Some("TOKEN"));
        assert!(req.headers()["x-amz-security-token"].is_sensitive());
        // The secret is never sent.
        assert!(
            req.headers()
                .values()
                .all(|v| !v.to_str().unwrap().contains("wJalrXUtnFEMI"))
        );
    }

    #[test]
    fn the_body_is_part_of_the_signature() {
        let credentials = suite_credentials(None);
        let signature = |body: &'static [u8]| {
            let mut req = json_request();
            *req.body_mut() = Bytes::from_static(body);
            signer("proton", credentials.clone())
                .sign_with(&mut req, &credentials, suite_time())
                .unwrap();
            header(&req, "authorization").unwrap().to_owned()
        };
        assert_ne!(signature(b"{}"), signature(b"{ }"));
    }

    #[test]
    fn host_comes_from_the_uri_unless_already_set() {
        let credentials = suite_credentials(None);
        let s = signer("proton", credentials.clone());
        for (uri, host) in [
            ("http://localhost:8080/", "localhost:8080"),
            ("https://example.com:443/", "example.com"),
            ("http://example.com:80/a", "example.com"),
            ("https://example.com:80/", "example.com:80"),
            ("http://[::1]:9000/", "[::1]:9000"),
        ] {
            let mut req = request("POST", uri);
            s.sign_with(&mut req, &credentials, suite_time()).unwrap();
            assert_eq!(header(&req, "host"), Some(host), "{uri}");
        }
        let mut req = request("POST", "http://127.0.0.1:1234/");
        req.headers_mut()
            .insert(HOST, HeaderValue::from_static("proton.example"));
        s.sign_with(&mut req, &credentials, suite_time()).unwrap();
        assert_eq!(header(&req, "host"), Some("proton.example"));
    }

    #[test]
    fn re_signing_replaces_the_old_signature() {
        let credentials = suite_credentials(Some("TOKEN"));
        let s = signer("proton", credentials.clone());
        let mut req = json_request();
        s.sign_with(&mut req, &credentials, suite_time()).unwrap();
        let first = header(&req, "authorization").unwrap().to_owned();
        let plain = suite_credentials(None);
        s.sign_with(&mut req, &plain, suite_time() + Duration::from_secs(1))
            .unwrap();
        assert_eq!(req.headers().get_all("authorization").iter().count(), 1);
        assert_eq!(header(&req, "x-amz-date"), Some("20150830T123601Z"));
        assert_eq!(header(&req, "x-amz-security-token"), None);
        assert_ne!(header(&req, "authorization").unwrap(), first);
        // Same request, same inputs: same signature as a fresh one.
        let mut fresh = json_request();
        s.sign_with(&mut fresh, &plain, suite_time() + Duration::from_secs(1))
            .unwrap();
        assert_eq!(
            header(&req, "authorization"),
            header(&fresh, "authorization")
        );
    }

    #[test]
    fn unsignable_requests_are_errors_not_panics() {
        let credentials = suite_credentials(None);
        let s = signer("proton", credentials.clone());

        let mut req = request("GET", "/relative");
        let err = s
            .sign_with(&mut req, &credentials, suite_time())
            .unwrap_err();
        assert!(err.to_string().contains("no host"), "{err}");

        let mut req = json_request();
        req.headers_mut()
            .insert("x-binary", HeaderValue::from_bytes(b"caf\xe9").unwrap());
        let err = s
            .sign_with(&mut req, &credentials, suite_time())
            .unwrap_err();
        assert!(err.to_string().contains("x-binary"), "{err}");

        let bad_token = suite_credentials(Some("line\nbreak"));
        let mut req = json_request();
        let err = s.sign_with(&mut req, &bad_token, suite_time()).unwrap_err();
        assert!(!err.to_string().contains("line\nbreak"), "{err}");
    }

    #[test]
    fn debug_does_not_leak_the_secret() {
        let s = signer("proton", suite_credentials(Some("TOKEN")));
        let debug = format!("{s:?}");
        assert!(
            debug.contains("proton") && debug.contains("AKIDEXAMPLE"),
            "{debug}"
        );
        assert!(
            !debug.contains("wJalrXUtnFEMI") && !debug.contains("TOKEN"),
            "{debug}"
        );
    }

    #[tokio::test]
    async fn sign_request_fetches_credentials_from_the_provider() {
        let mut req = json_request();
        signer("proton", suite_credentials(Some("TOKEN")))
            .sign(&mut req, suite_time())
            .await
            .unwrap();
        assert_eq!(header(&req, "x-amz-security-token"), Some("TOKEN"));
        assert!(header(&req, "authorization").is_some());
    }

    #[tokio::test]
    async fn credential_errors_surface_from_sign() {
        #[derive(Debug)]
        struct Missing;
        impl ProvideCredentials for Missing {
            fn provide_credentials(
                &self,
            ) -> BoxFuture<'_, Result<Credentials, crate::credentials::CredentialsError>>
            {
                Box::pin(async {
                    Err(crate::credentials::CredentialsError::not_loaded(
                        "Missing",
                        "none here",
                    ))
                })
            }
        }
        let s = SigV4Signer::new(
            SharedCredentialsProvider::new(Missing),
            "proton",
            Region::from_static("us-east-1"),
        );
        let mut req = json_request();
        let err = s.sign(&mut req, suite_time()).await.unwrap_err();
        assert_eq!(err.to_string(), "no credentials from Missing: none here");
        assert!(req.headers().get("authorization").is_none());
    }
}
