//! The official AWS SDK's credential providers behind this runtime's
//! [`ProvideCredentials`] (cargo feature `aws-config`).

use super::{Credentials, CredentialsCache, CredentialsError, ProvideCredentials};
use crate::auth::BoxFuture;
use crate::region::Region;
use aws_credential_types::provider::{
    ProvideCredentials as AwsProvideCredentials, SharedCredentialsProvider as AwsSharedProvider,
    error::CredentialsError as AwsCredentialsError,
};
use aws_smithy_http_client::tls;
use std::error::Error as StdError;

const PROVIDER: &str = "AwsConfig";

/// Credentials from `aws-config`: its default chain (environment, shared
/// files with assumed roles, IAM Identity Center and `credential_process`,
/// web identity, ECS, IMDS) or any of its providers, cached like
/// [`DefaultCredentialsChain`](super::DefaultCredentialsChain).
///
/// ```no_run
/// # async fn f() {
/// use lean_runtime::credentials::{AwsConfigCredentialsProvider, SharedCredentialsProvider};
/// let credentials = SharedCredentialsProvider::new(AwsConfigCredentialsProvider::load_default().await);
/// # }
/// ```
#[derive(Debug)]
pub struct AwsConfigCredentialsProvider {
    cache: CredentialsCache,
}

impl AwsConfigCredentialsProvider {
    /// `aws-config`'s default chain, as `aws_config::load_defaults` builds
    /// it, with an HTTPS client on rustls and ring for the sources that call
    /// AWS or the instance metadata service.
    pub async fn load_default() -> Self {
        Self::load(aws_config::defaults(aws_config::BehaviorVersion::latest())).await
    }

    /// [`load_default`](Self::load_default) with the region already known,
    /// as [`Config::from_env`](crate::config::Config::from_env) knows it:
    /// the sources that call AWS (STS, IAM Identity Center) use it, and
    /// `aws-config` does not look for one itself. `None` means no region;
    /// in particular the instance metadata service is not asked for one.
    pub async fn load_default_in(region: Option<&Region>) -> Self {
        let region = region.map(|r| aws_config::Region::new(r.as_ref().to_owned()));
        Self::load(aws_config::defaults(aws_config::BehaviorVersion::latest()).region(region)).await
    }

    async fn load(loader: aws_config::ConfigLoader) -> Self {
        let http_client = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        let config = loader.http_client(http_client).load().await;
        match config.credentials_provider() {
            Some(provider) => Self::new(provider),
            // `load` always sets a provider; keep a clear error if it ever
            // does not.
            None => Self::new(NoProvider),
        }
    }

    /// The credentials provider of an `aws-config` `SdkConfig`, if it has
    /// one.
    pub fn from_sdk_config(config: &aws_config::SdkConfig) -> Option<Self> {
        config.credentials_provider().map(Self::new)
    }

    /// Adapts any `aws-credential-types` provider.
    pub fn new(provider: impl AwsProvideCredentials + 'static) -> Self {
        Self {
            cache: CredentialsCache::new(Adapter(AwsSharedProvider::new(provider))),
        }
    }
}

impl ProvideCredentials for AwsConfigCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide_credentials()
    }
}

/// The uncached adapter.
#[derive(Debug)]
struct Adapter(AwsSharedProvider);

impl ProvideCredentials for Adapter {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            match self.0.provide_credentials().await {
                Ok(keys) => Ok(Credentials::from_aws(&keys, PROVIDER)),
                Err(e) => Err(convert_error(e)),
            }
        })
    }
}

/// Keeps the kind, and puts the whole cause chain in the message since
/// `aws-config`'s top-level messages are terse ("the credential provider was
/// not enabled"). Its messages carry no secrets.
fn convert_error(error: AwsCredentialsError) -> CredentialsError {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let converted = match &error {
        AwsCredentialsError::CredentialsNotLoaded(_) => {
            CredentialsError::not_loaded(PROVIDER, message)
        }
        AwsCredentialsError::InvalidConfiguration(_) => {
            CredentialsError::invalid_configuration(PROVIDER, message)
        }
        _ => CredentialsError::provider_error(PROVIDER, message),
    };
    converted.with_source(error)
}

#[derive(Debug)]
struct NoProvider;

impl AwsProvideCredentials for NoProvider {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::ready(Err(
            AwsCredentialsError::not_loaded("aws-config configured no credentials provider"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::CredentialsErrorKind;

    #[tokio::test]
    async fn adapts_static_credentials_from_an_sdk_config() {
        let keys = aws_credential_types::Credentials::new(
            "AKID",
            "SECRET",
            Some("TOKEN".into()),
            None,
            "Test",
        );
        let config = aws_config::SdkConfig::builder()
            .credentials_provider(AwsSharedProvider::new(keys))
            .build();
        let provider = AwsConfigCredentialsProvider::from_sdk_config(&config).unwrap();
        let c = provider.provide_credentials().await.unwrap();
        assert_eq!(
            (c.access_key_id(), c.secret_access_key(), c.session_token()),
            ("AKID", "SECRET", Some("TOKEN"))
        );
        assert_eq!(c.provider_name(), "AwsConfig");
        assert!(
            AwsConfigCredentialsProvider::from_sdk_config(
                &aws_config::SdkConfig::builder().build()
            )
            .is_none()
        );
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn runs_aws_config_providers_and_keeps_their_expiry() {
        let process = aws_config::credential_process::CredentialProcessProvider::new(
            r#"echo '{"Version":1,"AccessKeyId":"PROC","SecretAccessKey":"S","SessionToken":"T","Expiration":"2099-01-01T00:00:00Z"}'"#
                .to_owned(),
        );
        let c = AwsConfigCredentialsProvider::new(process)
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(c.access_key_id(), "PROC");
        assert_eq!(
            c.expiry(),
            Some(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(4_070_908_800))
        );
    }

    #[tokio::test]
    async fn errors_keep_their_kind_and_cause() {
        let e = AwsConfigCredentialsProvider::new(NoProvider)
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(e.is_not_loaded());
        assert!(
            e.to_string().contains("configured no credentials provider"),
            "{e}"
        );

        let e = convert_error(AwsCredentialsError::invalid_configuration("bad profile"));
        assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
        let e = convert_error(AwsCredentialsError::provider_error("boom"));
        assert_eq!(e.kind(), CredentialsErrorKind::ProviderError);
        assert!(e.to_string().ends_with(": boom"), "{e}");
    }
}
