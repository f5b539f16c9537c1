//! Web identity federation: an OIDC token in a file (EKS IRSA, GitHub
//! Actions, ...) exchanged for a role's credentials with STS
//! `AssumeRoleWithWebIdentity`, which needs no signature.

use super::sts::{assume_role_with_web_identity, default_session_name};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::auth::BoxFuture;
use crate::env::Env;
use crate::profile::ProfileSet;
use crate::region::{Region, default_region};
use std::path::PathBuf;

const PROVIDER: &str = "WebIdentityToken";

/// Where the token is and which role it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct WebIdentitySettings {
    pub token_file: PathBuf,
    pub role_arn: String,
    pub session_name: Option<String>,
}

/// Exchanges a web identity token for role credentials.
///
/// Configured by `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and
/// optionally `AWS_ROLE_SESSION_NAME` (a profile's
/// `web_identity_token_file`, `role_arn` and `role_session_name` are
/// served by [`ProfileFileCredentialsProvider`](super::ProfileFileCredentialsProvider)).
/// The token file is read on every load, since the platform rotates it.
/// STS is called in the configured region (`us-east-1` when there is none),
/// at `AWS_ENDPOINT_URL_STS` when that is set.
#[derive(Debug)]
pub struct WebIdentityTokenCredentialsProvider {
    env: Env,
    /// Settings from a profile; `None` reads the environment variables.
    settings: Option<WebIdentitySettings>,
}

impl WebIdentityTokenCredentialsProvider {
    /// A provider configured by `env`'s variables.
    pub fn new(env: Env) -> Self {
        Self {
            env,
            settings: None,
        }
    }

    pub(super) fn from_settings(env: Env, settings: WebIdentitySettings) -> Self {
        Self {
            env,
            settings: Some(settings),
        }
    }

    fn settings(&self) -> Result<WebIdentitySettings, CredentialsError> {
        if let Some(settings) = &self.settings {
            return Ok(settings.clone());
        }
        let var = |name: &str| self.env.get(name).filter(|v| !v.trim().is_empty());
        let Some(token_file) = var("AWS_WEB_IDENTITY_TOKEN_FILE") else {
            return Err(CredentialsError::not_loaded(
                PROVIDER,
                "AWS_WEB_IDENTITY_TOKEN_FILE is not set",
            ));
        };
        let Some(role_arn) = var("AWS_ROLE_ARN") else {
            return Err(CredentialsError::invalid_configuration(
                PROVIDER,
                "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
            ));
        };
        Ok(WebIdentitySettings {
            token_file: PathBuf::from(token_file),
            role_arn,
            session_name: var("AWS_ROLE_SESSION_NAME"),
        })
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let settings = self.settings()?;
        let token = tokio::fs::read_to_string(&settings.token_file)
            .await
            .map_err(|e| {
                CredentialsError::provider_error(
                    PROVIDER,
                    format!(
                        "cannot read the web identity token file {}: {e}",
                        settings.token_file.display()
                    ),
                )
            })?;
        let token = token.trim().to_owned();
        if token.is_empty() {
            return Err(CredentialsError::provider_error(
                PROVIDER,
                format!(
                    "the web identity token file {} is empty",
                    settings.token_file.display()
                ),
            ));
        }
        let profiles = ProfileSet::load(&self.env).ok();
        let region: Option<Region> = default_region(&self.env, profiles.as_ref());
        let session_name = settings
            .session_name
            .clone()
            .unwrap_or_else(default_session_name);
        assume_role_with_web_identity(
            PROVIDER,
            &self.env,
            region,
            &settings.role_arn,
            &session_name,
            token,
        )
        .await
    }
}

impl ProvideCredentials for WebIdentityTokenCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}
