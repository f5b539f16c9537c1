//! Credentials from the container credentials endpoint: ECS tasks and EKS
//! Pod Identity.

use super::imds::parse_credentials;
use super::local_http::{LocalHttp, flat_object};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::auth::BoxFuture;
use crate::env::Env;
use bytes::Bytes;
use std::net::IpAddr;
use std::time::Duration;

const PROVIDER: &str = "EcsContainer";

/// Where ECS serves `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
const ECS_HOST: &str = "http://169.254.170.2";

/// The addresses, besides loopback, that `AWS_CONTAINER_CREDENTIALS_FULL_URI`
/// may name over plain HTTP: ECS's and EKS Pod Identity's (IPv4 and IPv6).
const ALLOWED_HOSTS: [IpAddr; 3] = [
    IpAddr::V4(std::net::Ipv4Addr::new(169, 254, 170, 2)),
    IpAddr::V4(std::net::Ipv4Addr::new(169, 254, 170, 23)),
    IpAddr::V6(std::net::Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x23)),
];

const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const ATTEMPTS: u32 = 2;

/// Reads credentials from the endpoint that ECS and EKS Pod Identity give
/// a container:
/// - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, a path on ECS's fixed
///   address; or
/// - `AWS_CONTAINER_CREDENTIALS_FULL_URI`, a whole URL: HTTPS anywhere, or
///   plain HTTP only to a loopback address or the ECS and EKS addresses (as
///   the official SDKs limit it, so that a stray setting cannot send the
///   authorization token elsewhere);
/// - with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every load) or
///   `AWS_CONTAINER_AUTHORIZATION_TOKEN` as the `Authorization` header.
///
/// Without either URI variable the provider reports that it found nothing.
#[derive(Debug)]
pub struct ContainerCredentialsProvider {
    env: Env,
    http: LocalHttp,
}

impl ContainerCredentialsProvider {
    /// A provider configured from `env`.
    pub fn new(env: Env) -> Self {
        Self {
            env,
            http: LocalHttp::new(CONNECT_TIMEOUT, READ_TIMEOUT, ATTEMPTS),
        }
    }

    /// The endpoint's URL, checked; `None` when neither variable is set.
    async fn endpoint(&self) -> Result<Option<http::Uri>, CredentialsError> {
        let invalid = |m: String| CredentialsError::invalid_configuration(PROVIDER, m);
        if let Some(relative) = self
            .env
            .get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
            .filter(|v| !v.is_empty())
        {
            let url = format!("{ECS_HOST}{relative}");
            return match (relative.starts_with('/'), url.parse()) {
                (true, Ok(uri)) => Ok(Some(uri)),
                _ => Err(invalid(format!(
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI `{relative}` is not a path"
                ))),
            };
        }
        let Some(full) = self
            .env
            .get("AWS_CONTAINER_CREDENTIALS_FULL_URI")
            .filter(|v| !v.is_empty())
        else {
            return Ok(None);
        };
        let uri: http::Uri = full.parse().map_err(|_| {
            invalid(format!(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}` is not a URL"
            ))
        })?;
        let Some(host) = uri.host() else {
            return Err(invalid(format!(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}` has no host"
            )));
        };
        match uri.scheme_str() {
            Some("https") => return Ok(Some(uri)),
            Some("http") => {}
            _ => {
                return Err(invalid(format!(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}` is neither http nor https"
                )));
            }
        }
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let allowed = match host.parse::<IpAddr>() {
            Ok(ip) => allowed_address(ip),
            // A name must resolve to loopback addresses only.
            Err(_) => {
                let port = uri.port_u16().unwrap_or(80);
                match tokio::net::lookup_host((host, port)).await {
                    Ok(addresses) => {
                        let addresses: Vec<IpAddr> = addresses.map(|a| a.ip()).collect();
                        !addresses.is_empty() && addresses.iter().all(IpAddr::is_loopback)
                    }
                    Err(e) => {
                        return Err(invalid(format!(
                            "AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}`: cannot resolve `{host}`: {e}"
                        )));
                    }
                }
            }
        };
        if !allowed {
            return Err(invalid(format!(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}` uses plain HTTP to a host that is \
                 neither loopback nor the ECS or EKS Pod Identity address; use HTTPS"
            )));
        }
        Ok(Some(uri))
    }

    /// The `Authorization` header's value, if one is configured.
    async fn authorization(&self) -> Result<Option<String>, CredentialsError> {
        let token = match self
            .env
            .get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
            .filter(|v| !v.is_empty())
        {
            Some(path) => {
                let text = tokio::fs::read_to_string(&path).await.map_err(|e| {
                    CredentialsError::invalid_configuration(
                        PROVIDER,
                        format!("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE `{path}`: {e}"),
                    )
                })?;
                Some((
                    text.trim().to_owned(),
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                ))
            }
            None => self
                .env
                .get("AWS_CONTAINER_AUTHORIZATION_TOKEN")
                .filter(|v| !v.is_empty())
                .map(|t| (t, "AWS_CONTAINER_AUTHORIZATION_TOKEN")),
        };
        match token {
            Some((token, source)) => {
                if http::HeaderValue::from_str(&token).is_err() {
                    return Err(CredentialsError::invalid_configuration(
                        PROVIDER,
                        format!(
                            "the token of {source} has characters a header cannot carry (such as a line break)"
                        ),
                    ));
                }
                Ok(Some(token))
            }
            None => Ok(None),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let Some(uri) = self.endpoint().await? else {
            return Err(CredentialsError::not_loaded(
                PROVIDER,
                "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor \
                 AWS_CONTAINER_CREDENTIALS_FULL_URI is set",
            ));
        };
        let authorization = self.authorization().await?;
        let response = self
            .http
            .send(|| {
                let mut request = http::Request::builder()
                    .method("GET")
                    .uri(uri.clone())
                    .header(
                        "user-agent",
                        concat!("lean-runtime/", env!("CARGO_PKG_VERSION")),
                    );
                if let Some(token) = &authorization {
                    request = request.header("authorization", token.as_str());
                }
                request
                    .body(Bytes::new())
                    .expect("a checked URL and header")
            })
            .await
            .map_err(|e| {
                CredentialsError::provider_error(
                    PROVIDER,
                    format!("the container credentials endpoint {uri} failed: {e}"),
                )
            })?;
        let status = response.status().as_u16();
        let document = flat_object(response.body());
        if !response.status().is_success() {
            // The endpoint explains itself in `Code` and `Message`.
            let detail = document
                .ok()
                .map(|d| {
                    [d.get("Code"), d.get("Message")]
                        .into_iter()
                        .flatten()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(": ")
                })
                .filter(|d| !d.is_empty())
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            return Err(CredentialsError::provider_error(
                PROVIDER,
                format!("the container credentials endpoint {uri} answered HTTP {status}{detail}"),
            ));
        }
        let document = document.map_err(|e| {
            CredentialsError::provider_error(
                PROVIDER,
                format!("the container credentials endpoint sent {e}"),
            )
        })?;
        parse_credentials(document, PROVIDER).map_err(|e| {
            CredentialsError::provider_error(
                PROVIDER,
                format!("the container credentials endpoint sent credentials with {e}"),
            )
        })
    }
}

impl ProvideCredentials for ContainerCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

fn allowed_address(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    ip.is_loopback() || ALLOWED_HOSTS.contains(&ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_loopback_and_the_container_hosts() {
        for ok in [
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "169.254.170.2",
            "169.254.170.23",
            "fd00:ec2::23",
            "::ffff:127.0.0.1",
        ] {
            assert!(allowed_address(ok.parse().unwrap()), "{ok}");
        }
        for bad in ["10.0.0.1", "169.254.169.254", "8.8.8.8", "fd00:ec2::254"] {
            assert!(!allowed_address(bad.parse().unwrap()), "{bad}");
        }
    }
}
