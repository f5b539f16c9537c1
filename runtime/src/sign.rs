//! AWS Signature Version 4.
//!
//! [`SigV4Signer`] is the [`SignRequest`] the orchestrator calls for each
//! attempt: it fetches credentials from its provider (cached, see
//! [`crate::credentials::CredentialsCache`]), then signs every header the
//! request carries (except those SigV4 leaves out, such as `user-agent`), the
//! body's SHA-256 and the `host` header, which it adds from the URI when the
//! request has none. It sets `authorization`, `x-amz-date` and, for temporary
//! credentials, `x-amz-security-token` (also signed).
//!
//! The signing key is derived from the secret with four HMACs over the UTC
//! date, the region and the service. It stays the same all day, so the
//! signer keeps the last one (per secret) instead of deriving it for every
//! request; each request then costs two SHA-256 hashes (body and canonical
//! request) and one HMAC. The canonical request follows `aws-sigv4`'s rules,
//! see [`canonical`].

mod canonical;

use crate::auth::{BoxFuture, SignRequest};
use crate::credentials::{Credentials, ProvideCredentials, SharedCredentialsProvider};
use crate::datetime::DateTime;
use crate::digest::{Hmac, HmacKey, Sha256};
use crate::error::BoxError;
use crate::operation::HttpRequest;
use crate::region::Region;
use http::Uri;
use http::header::{AUTHORIZATION, HOST, HeaderName, HeaderValue};
use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const X_AMZ_DATE: HeaderName = HeaderName::from_static("x-amz-date");
const X_AMZ_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-amz-security-token");
const X_AMZ_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-amz-content-sha256");

/// Headers a previous signature of the same request left behind. A retry
/// re-signs its request, and SigV4 must not see the old values.
/// (`x-amz-content-sha256` is not one: the request's preparation sets it,
/// for a body the signer cannot read, and the signer signs it as the
/// payload hash.)
const SIGNATURE_HEADERS: [&str; 2] = ["x-amz-date", "x-amz-security-token"];

/// Signs requests with SigV4 for one service name and region.
///
/// Clones share the cached signing key.
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
#[derive(Clone)]
pub struct SigV4Signer {
    credentials: SharedCredentialsProvider,
    signing_name: Cow<'static, str>,
    region: Region,
    /// `<region>/<service>/aws4_request`: the credential scope after the date.
    scope_suffix: String,
    /// S3's variant of SigV4 (for signing names `s3`, `s3-object-lambda`
    /// and `s3-outposts`): the path signed as sent, without normalization
    /// or a second encoding, and the payload hash always sent in
    /// `x-amz-content-sha256`, which S3 requires.
    s3: bool,
    key: Arc<Mutex<Option<SigningKey>>>,
}

/// A derived signing key, ready to sign (its HMAC state already keyed),
/// with what it was derived from besides the signer's region and service.
struct SigningKey {
    /// `YYYYMMDD`.
    date: [u8; 8],
    /// The credentials whose secret the key comes from (a cheap clone,
    /// compared by secret).
    credentials: Credentials,
    key: HmacKey,
}

impl SigV4Signer {
    /// A signer using `credentials`, for service `signing_name` (the
    /// model's `aws.auth#sigv4` name, such as `proton`) in `region`.
    pub fn new(
        credentials: SharedCredentialsProvider,
        signing_name: impl Into<Cow<'static, str>>,
        region: Region,
    ) -> Self {
        let signing_name = signing_name.into();
        let scope_suffix = format!("{}/{signing_name}/aws4_request", region.as_ref());
        let s3 = matches!(&*signing_name, "s3" | "s3-object-lambda" | "s3-outposts");
        Self {
            credentials,
            signing_name,
            region,
            scope_suffix,
            s3,
            key: Arc::default(),
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
        Self::prepare_headers(request)?;
        let stamp = Stamp::new(time)?;
        let headers = request.headers_mut();
        headers.insert(
            X_AMZ_DATE,
            HeaderValue::from_bytes(&stamp.date_time)
                .map_err(|_| SigningError::new(ErrorKind::InvalidSignatureHeader("x-amz-date")))?,
        );
        if let Some(token) = credentials.session_token() {
            let mut value = HeaderValue::from_str(token).map_err(|_| {
                SigningError::new(ErrorKind::InvalidSignatureHeader("x-amz-security-token"))
            })?;
            value.set_sensitive(true);
            headers.insert(X_AMZ_SECURITY_TOKEN, value);
        }

        let payload_hash = Self::payload_hash(request);
        if self.s3 && !request.headers().contains_key(X_AMZ_CONTENT_SHA256) {
            // A hex digest is always a valid header value.
            if let Ok(value) = HeaderValue::from_str(&payload_hash) {
                request.headers_mut().insert(X_AMZ_CONTENT_SHA256, value);
            }
        }
        let signed_headers = canonical::signed_headers(request.headers());
        let mut canonical_request = String::with_capacity(512);
        canonical::write_canonical_request(
            &mut canonical_request,
            request.method().as_str(),
            request.uri().path(),
            request.uri().query(),
            &signed_headers,
            &payload_hash,
            self.s3,
        );
        let signature = self.signature(credentials, &stamp, &canonical_request)?;

        let access_key_id = credentials.access_key_id();
        let mut authorization = String::with_capacity(
            160 + access_key_id.len() + self.scope_suffix.len() + signed_headers.len() * 16,
        );
        authorization.push_str(ALGORITHM);
        authorization.push_str(" Credential=");
        authorization.push_str(access_key_id);
        authorization.push('/');
        authorization.push_str(stamp.date_str());
        authorization.push('/');
        authorization.push_str(&self.scope_suffix);
        authorization.push_str(", SignedHeaders=");
        canonical::push_header_names(&signed_headers, &mut authorization);
        authorization.push_str(", Signature=");
        authorization.push_str(&signature);
        let authorization = HeaderValue::try_from(authorization)
            .map_err(|_| SigningError::new(ErrorKind::InvalidSignatureHeader("authorization")))?;
        request.headers_mut().insert(AUTHORIZATION, authorization);
        Ok(())
    }

    /// Presigns `request` with `credentials` as of `time`, valid for
    /// `expires_in`: the signature goes into the query string
    /// (`X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
    /// `X-Amz-SignedHeaders`, `X-Amz-Security-Token`, `X-Amz-Signature`),
    /// so that whoever holds the URL (and sends the headers signed with it)
    /// can make the request without credentials. S3's payload is
    /// `UNSIGNED-PAYLOAD`: the holder chooses the body.
    pub fn presign_with(
        &self,
        request: &mut HttpRequest,
        credentials: &Credentials,
        time: SystemTime,
        expires_in: std::time::Duration,
    ) -> Result<(), SigningError> {
        // The holder chooses the body: no payload hash travels with it.
        request.headers_mut().remove(X_AMZ_CONTENT_SHA256);
        Self::prepare_headers(request)?;
        let stamp = Stamp::new(time)?;
        let signed_headers = canonical::signed_headers(request.headers());
        let mut signed_header_list = String::new();
        canonical::push_header_names(&signed_headers, &mut signed_header_list);
        let credential = format!(
            "{}/{}/{}",
            credentials.access_key_id(),
            stamp.date_str(),
            self.scope_suffix
        );
        let date_time = String::from_utf8_lossy(&stamp.date_time).into_owned();
        let mut params = vec![
            ("X-Amz-Algorithm", ALGORITHM.to_owned()),
            ("X-Amz-Credential", credential),
            ("X-Amz-Date", date_time),
            ("X-Amz-Expires", expires_in.as_secs().to_string()),
            ("X-Amz-SignedHeaders", signed_header_list),
        ];
        if let Some(token) = credentials.session_token() {
            params.push(("X-Amz-Security-Token", token.to_owned()));
        }
        let mut query = request.uri().query().unwrap_or_default().to_owned();
        for (name, value) in &params {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(name);
            query.push('=');
            query.push_str(&crate::http_binding::percent_encode(value, false));
        }
        let payload_hash = if self.s3 {
            "UNSIGNED-PAYLOAD".to_owned()
        } else {
            Self::payload_hash(request)
        };
        let mut canonical_request = String::with_capacity(512);
        canonical::write_canonical_request(
            &mut canonical_request,
            request.method().as_str(),
            request.uri().path(),
            Some(&query),
            &signed_headers,
            &payload_hash,
            self.s3,
        );
        let signature = self.signature(credentials, &stamp, &canonical_request)?;
        query.push_str("&X-Amz-Signature=");
        query.push_str(&signature);
        let mut parts = request.uri().clone().into_parts();
        let path = request.uri().path().to_owned();
        parts.path_and_query = Some(
            http::uri::PathAndQuery::try_from(format!("{path}?{query}"))
                .map_err(|_| SigningError::new(ErrorKind::InvalidSignatureHeader("uri")))?,
        );
        *request.uri_mut() = Uri::from_parts(parts)
            .map_err(|_| SigningError::new(ErrorKind::InvalidSignatureHeader("uri")))?;
        Ok(())
    }

    /// Drops what an earlier signature left, adds `host` from the URI when
    /// missing, and checks that every header value is text.
    fn prepare_headers(request: &mut HttpRequest) -> Result<(), SigningError> {
        let headers = request.headers_mut();
        headers.remove(AUTHORIZATION);
        for name in SIGNATURE_HEADERS {
            headers.remove(name);
        }
        if !request.headers().contains_key(HOST) {
            let host = host_header(request.uri())?;
            request.headers_mut().insert(HOST, host);
        }
        // SigV4 signs header values as text; refuse the rare value that is
        // not, rather than sign a request without it.
        if let Some((name, _)) = request.headers().iter().find(|(_, v)| v.to_str().is_err()) {
            return Err(SigningError::new(ErrorKind::HeaderNotText(name.clone())));
        }
        Ok(())
    }

    /// The signature of `canonical_request`:
    /// the string to sign (algorithm, time, scope, hash) keyed with the
    /// day's signing key, in hex.
    fn signature(
        &self,
        credentials: &Credentials,
        stamp: &Stamp,
        canonical_request: &str,
    ) -> Result<String, SigningError> {
        let mut mac = self.keyed_mac(credentials, stamp.date())?;
        mac.update(ALGORITHM.as_bytes());
        mac.update(b"\n");
        mac.update(stamp.date_time);
        mac.update(b"\n");
        mac.update(stamp.date());
        mac.update(b"/");
        mac.update(self.scope_suffix.as_bytes());
        mac.update(b"\n");
        mac.update(hex(&Sha256::digest(canonical_request.as_bytes())));
        Ok(hex(&mac.finish()))
    }

    /// The payload hash SigV4 signs: the `x-amz-content-sha256` header when
    /// the request carries one (a streaming body hashed as it was prepared, or
    /// `UNSIGNED-PAYLOAD`), else the SHA-256 of the body.
    fn payload_hash(request: &HttpRequest) -> String {
        match request
            .headers()
            .get(X_AMZ_CONTENT_SHA256)
            .and_then(|v| v.to_str().ok())
        {
            Some(hash) => hash.to_owned(),
            None => hex(&Sha256::digest(request.body())),
        }
    }

    /// An HMAC keyed with the signing key of `credentials` on `date`: the
    /// cached one when the last request was signed the same day with the
    /// same secret, else a new one (which replaces it in the cache).
    fn keyed_mac(&self, credentials: &Credentials, date: &[u8]) -> Result<Hmac, SigningError> {
        let mut cached = self.key.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(key) = cached.as_ref().filter(|key| {
            key.date == date
                && key.credentials.secret_access_key() == credentials.secret_access_key()
        }) {
            return Ok(key.key.start());
        }
        let hmac = |key: &[u8], data: &[u8]| HmacKey::new(key).sign(data);
        let mut secret = zeroize::Zeroizing::new(Vec::with_capacity(
            4 + credentials.secret_access_key().len(),
        ));
        secret.extend_from_slice(b"AWS4");
        secret.extend_from_slice(credentials.secret_access_key().as_bytes());
        let key = hmac(&secret, date);
        let key = hmac(&key, self.region.as_ref().as_bytes());
        let key = hmac(&key, self.signing_name.as_bytes());
        let key = HmacKey::new(&hmac(&key, b"aws4_request"));
        let mac = key.start();
        *cached = Some(SigningKey {
            date: date
                .try_into()
                .map_err(|_| SigningError::new(ErrorKind::Time))?,
            credentials: credentials.clone(),
            key,
        });
        Ok(mac)
    }
}

impl fmt::Debug for SigV4Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigV4Signer")
            .field("credentials", &self.credentials)
            .field("signing_name", &self.signing_name)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl SignRequest for SigV4Signer {
    fn with_region(&self, region: &Region) -> Option<Arc<dyn SignRequest>> {
        Some(Arc::new(Self::new(
            self.credentials.clone(),
            self.signing_name.clone(),
            region.clone(),
        )))
    }

    fn sign<'a>(
        &'a self,
        request: &'a mut HttpRequest,
        time: SystemTime,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let credentials = self.credentials.provide_credentials().await?;
            self.sign_with(request, &credentials, time)?;
            #[cfg(feature = "event-stream")]
            self.fill_event_signer(request, credentials, time);
            Ok(())
        })
    }

    fn presign<'a>(
        &'a self,
        request: &'a mut HttpRequest,
        time: SystemTime,
        expires_in: std::time::Duration,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let credentials = self.credentials.provide_credentials().await?;
            self.presign_with(request, &credentials, time, expires_in)?;
            Ok(())
        })
    }

    fn account_id(&self) -> BoxFuture<'_, Option<String>> {
        // The provider caches: the signature that follows takes the same
        // credentials without loading them again.
        Box::pin(async move {
            let credentials = self.credentials.provide_credentials().await.ok()?;
            credentials.account_id().map(str::to_owned)
        })
    }
}

/// The signing time as SigV4 writes it: `YYYYMMDDTHHMMSSZ`, in UTC.
struct Stamp {
    date_time: [u8; 16],
}

impl Stamp {
    fn new(time: SystemTime) -> Result<Self, SigningError> {
        let seconds = DateTime::from(time).secs();
        let t = Some(crate::datetime::Civil::from_unix(seconds))
            .filter(|t| (0..=9999).contains(&t.year))
            .ok_or(SigningError::new(ErrorKind::Time))?;
        let mut date_time = *b"00000000T000000Z";
        let mut put = |at: usize, width: usize, value: u32| {
            let mut value = value;
            for i in (at..at + width).rev() {
                // A decimal digit always fits in a byte.
                date_time[i] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        // The year is in 0..=9999, so it fits.
        put(0, 4, t.year as u32);
        put(4, 2, t.month);
        put(6, 2, t.day);
        put(9, 2, t.hour);
        put(11, 2, t.minute);
        put(13, 2, t.second);
        Ok(Self { date_time })
    }

    /// `YYYYMMDD`.
    fn date(&self) -> &[u8] {
        &self.date_time[..8]
    }

    fn date_str(&self) -> &str {
        // Digits only.
        std::str::from_utf8(self.date()).unwrap_or_default()
    }
}

#[cfg(feature = "event-stream")]
impl SigV4Signer {
    /// When `request` sends an event stream, leaves what signs its
    /// messages in its [`crate::event_stream::SigningSlot`]: the request's
    /// signature to chain from, and the clock's offset from the time the
    /// request was signed with (a clock corrected for skew stays so).
    fn fill_event_signer(&self, request: &HttpRequest, credentials: Credentials, time: SystemTime) {
        let Some(slot) = request
            .extensions()
            .get::<crate::event_stream::SigningSlot>()
        else {
            return;
        };
        let Some(signature) = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit_once("Signature="))
            .map(|(_, signature)| signature.to_owned())
        else {
            return;
        };
        let now = SystemTime::now();
        let (ahead, offset) = match time.duration_since(now) {
            Ok(ahead) => (true, ahead),
            Err(behind) => (false, behind.duration()),
        };
        slot.fill(MessageSigner {
            signer: self.clone(),
            credentials,
            last_signature: signature,
            ahead,
            offset,
        });
    }
}

/// Signs the messages of an event stream sent after a signed request, each
/// with a signature chained from the one before it (the first from the
/// request's), as AWS's event-stream services check them: the message is
/// the payload of an outer message carrying `:date` and
/// `:chunk-signature`. The empty message that ends the stream is signed
/// too.
#[cfg(feature = "event-stream")]
pub struct MessageSigner {
    signer: SigV4Signer,
    credentials: Credentials,
    /// Hex.
    last_signature: String,
    /// How the signing clock stood against the system clock: ahead or
    /// behind, by `offset`.
    ahead: bool,
    offset: std::time::Duration,
}

#[cfg(feature = "event-stream")]
impl MessageSigner {
    /// A signer chaining from `seed_signature` (hex), for tests and for
    /// signers other than [`SigV4Signer`].
    pub fn new(signer: SigV4Signer, credentials: Credentials, seed_signature: &str) -> Self {
        Self {
            signer,
            credentials,
            last_signature: seed_signature.to_owned(),
            ahead: false,
            offset: std::time::Duration::ZERO,
        }
    }

    /// The signed message carrying `payload` (a framed message, or nothing
    /// for the end of the stream), as of `now` on the system clock.
    ///
    /// # Errors
    /// When the time cannot be written or the key derived.
    pub fn sign_message(
        &mut self,
        payload: bytes::Bytes,
        now: SystemTime,
    ) -> Result<crate::event_stream::Message, SigningError> {
        use crate::event_stream::{Header, HeaderValue, Message};
        let time = if self.ahead {
            now + self.offset
        } else {
            now.checked_sub(self.offset).unwrap_or(now)
        };
        // Whole seconds: `:date` carries milliseconds, but the string to
        // sign carries seconds, and the two must agree.
        let seconds = DateTime::from(time).secs();
        let stamp = Stamp::new(time)?;
        let date = Header::new(
            ":date",
            HeaderValue::Timestamp(aws_smithy_types::DateTime::from_secs(seconds)),
        );
        let date_bytes = crate::event_stream::encode_headers(std::slice::from_ref(&date))
            .map_err(|_| SigningError::new(ErrorKind::Time))?;
        let mut mac = self.signer.keyed_mac(&self.credentials, stamp.date())?;
        mac.update(b"AWS4-HMAC-SHA256-PAYLOAD\n");
        mac.update(stamp.date_time);
        mac.update(b"\n");
        mac.update(stamp.date());
        mac.update(b"/");
        mac.update(self.signer.scope_suffix.as_bytes());
        mac.update(b"\n");
        mac.update(self.last_signature.as_bytes());
        mac.update(b"\n");
        mac.update(hex(&Sha256::digest(&date_bytes)));
        mac.update(b"\n");
        mac.update(hex(&Sha256::digest(&payload)));
        let signature = mac.finish();
        self.last_signature = hex(&signature);
        // The official SDKs' header order.
        Ok(Message::new(payload)
            .add_header(Header::new(
                ":chunk-signature",
                HeaderValue::ByteArray(bytes::Bytes::copy_from_slice(&signature)),
            ))
            .add_header(date))
    }
}

#[cfg(feature = "event-stream")]
impl fmt::Debug for MessageSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageSigner")
            .field("signer", &self.signer)
            .finish_non_exhaustive()
    }
}

/// Lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
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
    /// The signing time is outside the years 0000 to 9999.
    Time,
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
            ErrorKind::Time => f.write_str(
                "the signing time is outside the years 0000 to 9999 that SigV4 can write",
            ),
        }
    }
}

impl StdError for SigningError {}

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

    /// The signature `aws-sigv4` computes for `request`: with its default
    /// settings, or, for S3, with the settings the official S3 client uses.
    fn reference_authorization(
        request: &HttpRequest,
        credentials: &Credentials,
        service: &str,
        region: &str,
        time: SystemTime,
    ) -> String {
        use aws_sigv4::http_request::{
            PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest,
            SigningSettings, UriPathNormalizationMode, sign,
        };
        let mut settings = SigningSettings::default();
        if service == "s3" {
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        }
        let identity = aws_credential_types::Credentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            credentials.session_token().map(str::to_owned),
            None,
            "Test",
        )
        .into();
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name(service)
            .time(time)
            .settings(settings)
            .build()
            .unwrap()
            .into();
        let signable = SignableRequest::new(
            request.method().as_str(),
            request.uri().to_string(),
            request
                .headers()
                .iter()
                .map(|(name, value)| (name.as_str(), value.to_str().unwrap())),
            SignableBody::Bytes(request.body()),
        )
        .unwrap();
        let (instructions, _) = sign(signable, &params).unwrap().into_parts();
        let (headers, _) = instructions.into_parts();
        headers
            .into_iter()
            .find(|h| h.name() == "authorization")
            .map(|h| h.value().to_owned())
            .unwrap()
    }

    proptest::proptest! {
        /// Random methods, paths (with `.`/`..` segments, escapes, doubled
        /// slashes), queries (repeated names, `+`, escapes, bare names) and
        /// headers (repeated, padded, unsigned ones), with and without a
        /// session token, at random times: the same signature as `aws-sigv4`.
        #[test]
        fn signatures_match_aws_sigv4(
            method in proptest::sample::select(vec!["GET", "POST", "PUT", "DELETE", "HEAD"]),
            segments in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "B", "", ".", "..", "x.y", "%2F", "%7E", "caf%C3%A9", "a:b", "~-_", "!$'()*", "@", "%20",
                ]),
                0..6,
            ),
            trailing_slash in proptest::bool::ANY,
            query in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["a", "B", "a+b", "x%20y", "%zz", "", "k=v", "%E2%82%AC", "*"]),
                    proptest::option::of(proptest::sample::select(vec![
                        "1", "", "a+b", "%2B", "x/y", "%", "%41", "caf%C3%A9", "==", "~",
                    ])),
                ),
                0..5,
            ),
            headers in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "x-amz-target", "content-type", "x-custom", "user-agent", "x-amzn-trace-id", "transfer-encoding", "a",
                    ]),
                    proptest::sample::select(vec![
                        "v", " padded ", "two  spaces", "a   b   c", "", "tab\there", "x,y", "\"quoted\"",
                    ]),
                ),
                0..6,
            ),
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
            token in proptest::option::of(proptest::sample::select(vec!["TOKEN", "tok/en+=="])),
            seconds in 0u64..4_102_444_800,
            s3 in proptest::bool::ANY,
        ) {
            let mut path = segments.join("/");
            if trailing_slash {
                path.push('/');
            }
            let query: Vec<String> = query
                .iter()
                .map(|(k, v)| match v {
                    Some(v) => format!("{k}={v}"),
                    None => (*k).to_owned(),
                })
                .collect();
            let uri = if query.is_empty() {
                format!("https://example.amazonaws.com/{path}")
            } else {
                format!("https://example.amazonaws.com/{path}?{}", query.join("&"))
            };
            let mut builder = http::Request::builder().method(method).uri(&uri);
            for (name, value) in &headers {
                builder = builder.header(*name, *value);
            }
            let mut request = builder.body(Bytes::from(body)).unwrap();
            let credentials = suite_credentials(token);
            let time = SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
            let service = if s3 { "s3" } else { "service" };
            let s = signer(service, credentials.clone());
            s.sign_with(&mut request, &credentials, time).unwrap();
            if s3 {
                let hash = hex(&Sha256::digest(request.body()));
                proptest::prop_assert_eq!(header(&request, "x-amz-content-sha256"), Some(hash.as_str()));
            }

            // The reference signs the request as it was before signing.
            let mut unsigned = request.clone();
            for name in ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
                unsigned.headers_mut().remove(name);
            }
            let expected = reference_authorization(&unsigned, &credentials, service, "us-east-1", time);
            proptest::prop_assert_eq!(header(&request, "authorization").unwrap(), expected, "{}", uri);
        }
    }

    /// The query parameters of a URI, decoded names to raw values.
    fn query_pairs(uri: &str) -> std::collections::BTreeMap<String, String> {
        let query = uri.split_once('?').map_or("", |(_, q)| q);
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect()
    }

    proptest::proptest! {
        /// Presigned URLs (S3's variant and the plain one, with and without a
        /// session token, with query parameters of their own and extra
        /// headers) carry the same parameters and signature as `aws-sigv4`
        /// gives for query-string signing.
        #[test]
        fn presigned_urls_match_aws_sigv4(
            s3 in proptest::bool::ANY,
            token in proptest::option::of(proptest::sample::select(vec!["TOKEN", "tok/en+=="])),
            key in proptest::sample::select(vec!["a.txt", "dir/a%20b.txt", "%E2%82%AC/x", "k~y"]),
            query in proptest::sample::select(vec!["", "x-id=GetObject", "uploadId=a%2Fb&partNumber=2"]),
            content_type in proptest::option::of(proptest::sample::select(vec!["text/plain", "image/png"])),
            expires in 1u64..604_800,
            seconds in 0u64..4_102_444_800,
        ) {
            use aws_sigv4::http_request::{
                PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation,
                SigningSettings, UriPathNormalizationMode, sign,
            };
            let service = if s3 { "s3" } else { "service" };
            let uri = if query.is_empty() {
                format!("https://bucket.example.amazonaws.com/{key}")
            } else {
                format!("https://bucket.example.amazonaws.com/{key}?{query}")
            };
            let mut builder = http::Request::builder().method("PUT").uri(&uri);
            if let Some(content_type) = content_type {
                builder = builder.header("content-type", content_type);
            }
            let mut request = builder.body(Bytes::new()).unwrap();
            let unsigned = request.clone();
            let credentials = suite_credentials(token);
            let time = SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
            let expires_in = Duration::from_secs(expires);
            signer(service, credentials.clone())
                .presign_with(&mut request, &credentials, time, expires_in)
                .unwrap();

            let identity = aws_credential_types::Credentials::new(
                credentials.access_key_id(),
                credentials.secret_access_key(),
                credentials.session_token().map(str::to_owned),
                None,
                "Test",
            )
            .into();
            let mut settings = SigningSettings::default();
            settings.signature_location = SignatureLocation::QueryParams;
            settings.expires_in = Some(expires_in);
            if s3 {
                settings.percent_encoding_mode = PercentEncodingMode::Single;
                settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
            }
            let params = aws_sigv4::sign::v4::SigningParams::builder()
                .identity(&identity)
                .region("us-east-1")
                .name(service)
                .time(time)
                .settings(settings)
                .build()
                .unwrap()
                .into();
            let body = if s3 { SignableBody::UnsignedPayload } else { SignableBody::Bytes(&[]) };
            let signable = SignableRequest::new(
                unsigned.method().as_str(),
                unsigned.uri().to_string(),
                unsigned.headers().iter().map(|(n, v)| (n.as_str(), v.to_str().unwrap())),
                body,
            )
            .unwrap();
            let (instructions, _) = sign(signable, &params).unwrap().into_parts();
            let mut reference = unsigned.clone();
            instructions.apply_to_request_http1x(&mut reference);
            proptest::prop_assert_eq!(
                query_pairs(&request.uri().to_string()),
                query_pairs(&reference.uri().to_string()),
                "{}", uri
            );
        }
    }

    #[test]
    fn the_signing_key_is_kept_per_day_and_secret() {
        let first = suite_credentials(None);
        let second = Credentials::new("AKIDOTHER", "another secret", None, None, "Test");
        let s = signer("proton", first.clone());
        let one_second_to_midnight = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_979_199);
        let times = [
            suite_time(),
            suite_time() + Duration::from_secs(60),
            one_second_to_midnight,
            one_second_to_midnight + Duration::from_secs(1),
        ];
        // The same signer, alternating secrets and crossing midnight, signs
        // exactly as a new signer (with no key yet) and as `aws-sigv4` do.
        for time in times {
            for credentials in [&first, &second, &first] {
                let mut cached = json_request();
                s.sign_with(&mut cached, credentials, time).unwrap();
                let mut fresh = json_request();
                signer("proton", credentials.clone())
                    .sign_with(&mut fresh, credentials, time)
                    .unwrap();
                assert_eq!(
                    header(&cached, "authorization"),
                    header(&fresh, "authorization")
                );
                let expected = reference_authorization(
                    &json_request_with_host(),
                    credentials,
                    "proton",
                    "us-east-1",
                    time,
                );
                assert_eq!(header(&cached, "authorization"), Some(expected.as_str()));
            }
        }
    }

    fn json_request_with_host() -> HttpRequest {
        let mut request = json_request();
        request.headers_mut().insert(
            HOST,
            HeaderValue::from_static("proton.us-east-1.amazonaws.com"),
        );
        request
    }

    #[test]
    fn clones_share_the_signing_key() {
        let credentials = suite_credentials(None);
        let s = signer("proton", credentials.clone());
        let clone = s.clone();
        s.sign_with(&mut json_request(), &credentials, suite_time())
            .unwrap();
        assert!(Arc::ptr_eq(&s.key, &clone.key));
        assert!(clone.key.lock().unwrap().is_some());
    }

    #[test]
    fn times_sigv4_cannot_write_are_errors() {
        let credentials = suite_credentials(None);
        let s = signer("proton", credentials.clone());
        let year_10000 = SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_800);
        let err = s
            .sign_with(&mut json_request(), &credentials, year_10000)
            .unwrap_err();
        assert!(err.to_string().contains("0000 to 9999"), "{err}");
        let last_second = year_10000 - Duration::from_secs(1);
        let mut request = json_request();
        s.sign_with(&mut request, &credentials, last_second)
            .unwrap();
        assert_eq!(header(&request, "x-amz-date"), Some("99991231T235959Z"));
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
