//! Credentials of an EC2 instance's role, from the instance metadata service
//! (IMDSv2: a session token first, then the role's credentials).

use super::local_http::{LocalHttp, flat_object};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::auth::BoxFuture;
use crate::env::Env;
use crate::profile::ProfileSet;
use bytes::Bytes;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

const PROVIDER: &str = "Ec2InstanceMetadata";

/// The service's address over IPv4 and IPv6.
const IPV4_ENDPOINT: &str = "http://169.254.169.254";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";

/// How long a session token lives: six hours, the most IMDS grants. A new
/// one is asked for on every load, which happens once per credentials.
const TOKEN_TTL_SECONDS: &str = "21600";

/// Off EC2 nothing answers at the link-local address: one second to connect
/// and one retry keep a laptop from waiting (the official SDKs' defaults).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const READ_TIMEOUT: Duration = Duration::from_secs(1);
const ATTEMPTS: u32 = 2;

/// How long credentials are kept in use past a failed refresh, or when IMDS
/// hands out credentials that have already expired: the official SDKs'
/// static-stability rule, so that an instance keeps working through an
/// IMDS outage. A random extra of up to five minutes spreads the retries
/// of a fleet.
const STATIC_STABILITY: Duration = Duration::from_secs(15 * 60);
const STATIC_STABILITY_JITTER_SECONDS: u64 = 5 * 60;

/// Reads the credentials of the instance's IAM role from the EC2 instance
/// metadata service.
///
/// Configured like the official SDKs:
/// - `AWS_EC2_METADATA_DISABLED=true` turns it off;
/// - `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or the profile's
///   `ec2_metadata_service_endpoint`) sets the address;
/// - `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` (or
///   `ec2_metadata_service_endpoint_mode`) picks `IPv4` (the default) or
///   `IPv6`.
///
/// Only IMDSv2 is spoken. When nothing answers (not on EC2) the provider
/// reports that it found nothing, so a chain moves on. When IMDS cannot be
/// reached after it once gave credentials, those keep being served with a
/// short extension instead of failing every request.
#[derive(Debug)]
pub struct ImdsCredentialsProvider {
    env: Env,
    http: LocalHttp,
    /// The last credentials IMDS gave, for static stability.
    last: Mutex<Option<Credentials>>,
}

impl ImdsCredentialsProvider {
    /// A provider configured from `env` (and the shared config files it
    /// names).
    pub fn new(env: Env) -> Self {
        Self {
            env,
            http: LocalHttp::new(CONNECT_TIMEOUT, READ_TIMEOUT, ATTEMPTS),
            last: Mutex::new(None),
        }
    }

    /// The service's base URL, or `None` when it is turned off.
    fn endpoint(&self) -> Result<Option<String>, CredentialsError> {
        let env = &self.env;
        if let Some(disabled) = env.get("AWS_EC2_METADATA_DISABLED")
            && disabled.trim().eq_ignore_ascii_case("true")
        {
            return Ok(None);
        }
        let profiles = ProfileSet::load(env).map_err(|e| {
            CredentialsError::invalid_configuration(PROVIDER, e.to_string()).with_source(e)
        })?;
        let setting = |var: &str, key: &str| {
            env.get(var)
                .or_else(|| profiles.selected()?.get(key).map(str::to_owned))
                .filter(|v| !v.trim().is_empty())
        };
        if let Some(endpoint) = setting(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            "ec2_metadata_service_endpoint",
        ) {
            let endpoint = endpoint.trim().trim_end_matches('/').to_owned();
            let absolute = endpoint.parse::<http::Uri>().is_ok_and(|uri| {
                matches!(uri.scheme_str(), Some("http" | "https")) && uri.authority().is_some()
            });
            if !absolute {
                return Err(CredentialsError::invalid_configuration(
                    PROVIDER,
                    format!("AWS_EC2_METADATA_SERVICE_ENDPOINT `{endpoint}` is not an http(s) URL"),
                ));
            }
            return Ok(Some(endpoint));
        }
        let mode = setting(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
            "ec2_metadata_service_endpoint_mode",
        );
        match mode.as_deref().map(str::trim) {
            None => Ok(Some(IPV4_ENDPOINT.to_owned())),
            Some(m) if m.eq_ignore_ascii_case("ipv4") => Ok(Some(IPV4_ENDPOINT.to_owned())),
            Some(m) if m.eq_ignore_ascii_case("ipv6") => Ok(Some(IPV6_ENDPOINT.to_owned())),
            Some(other) => Err(CredentialsError::invalid_configuration(
                PROVIDER,
                format!("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE `{other}` is not IPv4 or IPv6"),
            )),
        }
    }

    async fn fetch(&self, base: &str) -> Result<Credentials, CredentialsError> {
        let unreachable = |e: String| {
            CredentialsError::not_loaded(
                PROVIDER,
                format!("no instance metadata service answered at {base}: {e}"),
            )
        };
        let response = self
            .http
            .send(|| {
                request(http::Method::PUT, &format!("{base}/latest/api/token"))
                    .header("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL_SECONDS)
                    .body(Bytes::new())
                    .expect("a valid request")
            })
            .await
            .map_err(unreachable)?;
        let token = match response.status().as_u16() {
            200 => String::from_utf8(response.body().to_vec()).map_err(|_| {
                CredentialsError::provider_error(PROVIDER, "IMDS sent a token that is not text")
            })?,
            // IMDS turned off for the instance, or a hop limit too low for
            // a container: nothing to be had here.
            403 => {
                return Err(CredentialsError::not_loaded(
                    PROVIDER,
                    format!("{base} refused a session token (HTTP 403): IMDS is turned off"),
                ));
            }
            status => {
                return Err(CredentialsError::provider_error(
                    PROVIDER,
                    format!("{base} answered the session token request with HTTP {status}"),
                ));
            }
        };
        let get = |path: String| {
            let token = token.as_str();
            let url = format!("{base}{path}");
            move || {
                request(http::Method::GET, &url)
                    .header("x-aws-ec2-metadata-token", token)
                    .body(Bytes::new())
                    .expect("a valid request")
            }
        };
        const ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/";
        let response = self
            .http
            .send(get(ROLE_PATH.to_owned()))
            .await
            .map_err(unreachable)?;
        let role = match response.status().as_u16() {
            200 => std::str::from_utf8(response.body())
                .ok()
                .and_then(|text| text.lines().map(str::trim).find(|l| !l.is_empty()))
                .map(str::to_owned),
            404 => None,
            status => {
                return Err(CredentialsError::provider_error(
                    PROVIDER,
                    format!("{base}{ROLE_PATH} answered HTTP {status}"),
                ));
            }
        };
        let Some(role) = role else {
            return Err(CredentialsError::not_loaded(
                PROVIDER,
                "the instance has no IAM role (no instance profile is attached)",
            ));
        };
        let response = self
            .http
            .send(get(format!("{ROLE_PATH}{role}")))
            .await
            .map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(CredentialsError::provider_error(
                PROVIDER,
                format!(
                    "{base} answered HTTP {} for the credentials of role `{role}`",
                    response.status().as_u16()
                ),
            ));
        }
        let document = flat_object(response.body())
            .map_err(|e| CredentialsError::provider_error(PROVIDER, format!("IMDS sent {e}")))?;
        parse_credentials(document, PROVIDER).map_err(|e| {
            CredentialsError::provider_error(PROVIDER, format!("IMDS sent credentials with {e}"))
        })
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let Some(base) = self.endpoint()? else {
            return Err(CredentialsError::not_loaded(
                PROVIDER,
                "AWS_EC2_METADATA_DISABLED is set",
            ));
        };
        let now = SystemTime::now();
        match self.fetch(&base).await {
            Ok(credentials) => {
                let credentials = match credentials.expiry() {
                    Some(expiry) if expiry <= now => {
                        tracing::warn!(
                            "IMDS gave credentials that have expired; using them for a few more minutes (static stability)"
                        );
                        credentials.with_expiry(extended(now))
                    }
                    _ => credentials,
                };
                *self.last.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some(credentials.clone());
                Ok(credentials)
            }
            Err(error) => {
                let last = self
                    .last
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone();
                match last {
                    Some(last) => {
                        tracing::warn!(
                            error = %error,
                            "IMDS could not refresh credentials; using the previous ones for a few more minutes (static stability)"
                        );
                        let kept = last.with_expiry(extended(now));
                        *self.last.lock().unwrap_or_else(PoisonError::into_inner) =
                            Some(kept.clone());
                        Ok(kept)
                    }
                    None => Err(error),
                }
            }
        }
    }
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

fn request(method: http::Method, url: &str) -> http::request::Builder {
    http::Request::builder().method(method).uri(url).header(
        "user-agent",
        concat!("lean-runtime/", env!("CARGO_PKG_VERSION")),
    )
}

/// Now plus the static-stability extension and its jitter.
fn extended(now: SystemTime) -> SystemTime {
    now + STATIC_STABILITY + super::jitter_seconds(STATIC_STABILITY_JITTER_SECONDS)
}

/// Credentials from a JSON document of the shape IMDS and the container
/// endpoint share: `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`
/// (RFC 3339) and optionally `AccountId` and `Code` (`Success`). The error
/// completes "... sent credentials with" and quotes no value.
pub(super) fn parse_credentials(
    mut document: std::collections::HashMap<String, String>,
    provider: &'static str,
) -> Result<Credentials, String> {
    if let Some(code) = document.get("Code")
        && code != "Success"
    {
        return Err(format!("`Code` {code}"));
    }
    let mut take = |key: &str| document.remove(key).filter(|v| !v.is_empty());
    let access_key_id = take("AccessKeyId").ok_or("no `AccessKeyId`")?;
    let secret = take("SecretAccessKey").ok_or("no `SecretAccessKey`")?;
    let token = take("Token");
    let expiry = match take("Expiration") {
        Some(text) => Some(
            super::parse_rfc3339(&text)
                .ok_or("an `Expiration` that is not an RFC 3339 timestamp")?,
        ),
        None => None,
    };
    let account_id = take("AccountId");
    let credentials = Credentials::new(access_key_id, secret, token, expiry, provider);
    Ok(match account_id {
        Some(account) => credentials.with_account_id(account),
        None => credentials,
    })
}
