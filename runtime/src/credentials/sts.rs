//! The calls to STS the providers make, through the generated client in
//! [`crate::clients::sts`]: `AssumeRoleWithWebIdentity` (unsigned) and
//! `AssumeRole` (signed with the previous credentials of a role chain).

use super::{Credentials, CredentialsError, SharedCredentialsProvider};
use crate::clients::sts;
use crate::config::{Config, ConfigBuilder, ServiceSpec};
use crate::env::Env;
use crate::region::Region;
use std::time::SystemTime;

/// The region STS is called in when none is configured: its original
/// home, as the AWS CLI does.
const FALLBACK_REGION: &str = "us-east-1";

/// A client configuration for one of the services the providers call: the
/// environment's settings (region, `AWS_ENDPOINT_URL_<SERVICE>`, proxy,
/// trust roots, FIPS, dual-stack), `region` when given, and `credentials`
/// or none at all (never the default chain, which would call back here).
pub(super) fn client_config<S: ServiceSpec>(
    provider: &'static str,
    env: &Env,
    region: Option<Region>,
    credentials: Option<SharedCredentialsProvider>,
) -> Result<Config<S>, CredentialsError> {
    let builder = match credentials {
        Some(credentials) => ConfigBuilder::<S>::new().set_credentials_provider(Some(credentials)),
        None => ConfigBuilder::<S>::new().no_credentials(),
    };
    let builder = builder
        .set_region(region)
        .load_env(env.clone())
        .map_err(|e| {
            CredentialsError::invalid_configuration(
                provider,
                format!("cannot configure the {} client: {e}", S::SDK_ID),
            )
        })?;
    let config = builder.build();
    Ok(match config.region() {
        Some(_) => config,
        None => config.to_builder().region(FALLBACK_REGION).build(),
    })
}

/// An error's message with its causes, for a credentials error (generated
/// clients' errors carry no secrets).
pub(super) fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

/// A role session name when none is configured: unique enough per process
/// and within STS's limits (2 to 64 of `[\w+=,.@-]`).
pub(super) fn default_session_name() -> String {
    let millis = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    format!("lean-rust-{millis}")
}

/// STS's credentials as the runtime's, naming the account the role belongs
/// to (from the assumed role's ARN, `arn:aws:sts::123456789012:...`).
fn credentials(
    keys: &sts::types::Credentials,
    role_user_arn: Option<&str>,
    provider: &'static str,
) -> Credentials {
    let expiry = SystemTime::try_from(*keys.expiration()).ok();
    let credentials = Credentials::new(
        keys.access_key_id(),
        keys.secret_access_key(),
        Some(keys.session_token().to_owned()),
        expiry,
        provider,
    );
    let account = role_user_arn
        .and_then(|arn| arn.split(':').nth(4))
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()));
    match account {
        Some(account) => credentials.with_account_id(account),
        None => credentials,
    }
}

/// `AssumeRoleWithWebIdentity`: a web identity token for a role's
/// credentials.
pub(super) async fn assume_role_with_web_identity(
    provider: &'static str,
    env: &Env,
    region: Option<Region>,
    role_arn: &str,
    session_name: &str,
    token: String,
) -> Result<Credentials, CredentialsError> {
    let config = client_config::<sts::config::Spec>(provider, env, region, None)?;
    let output = sts::Client::new(&config)
        .assume_role_with_web_identity()
        .role_arn(role_arn)
        .role_session_name(session_name)
        .web_identity_token(token)
        .send()
        .await
        .map_err(|e| {
            CredentialsError::provider_error(
                provider,
                format!(
                    "STS AssumeRoleWithWebIdentity for {role_arn} failed: {}",
                    describe(&e)
                ),
            )
            .with_source(e)
        })?;
    let keys = output.credentials().ok_or_else(|| {
        CredentialsError::provider_error(
            provider,
            format!("STS AssumeRoleWithWebIdentity for {role_arn} returned no credentials"),
        )
    })?;
    let arn = output.assumed_role_user().map(|u| u.arn.as_str());
    Ok(credentials(keys, arn, provider))
}

/// What a profile says about the role to assume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RoleSettings {
    /// The profile the settings come from, for messages.
    pub profile: String,
    pub role_arn: String,
    pub session_name: Option<String>,
    pub external_id: Option<String>,
    pub duration_seconds: Option<i32>,
}

/// `AssumeRole`, signed with `source`.
pub(super) async fn assume_role(
    provider: &'static str,
    env: &Env,
    role: &RoleSettings,
    source: Credentials,
) -> Result<Credentials, CredentialsError> {
    // STS is called in the region the environment and selected profile
    // configure, as the official SDKs do.
    let config = client_config::<sts::config::Spec>(
        provider,
        env,
        None,
        Some(SharedCredentialsProvider::new(source)),
    )?;
    let session_name = role
        .session_name
        .clone()
        .unwrap_or_else(default_session_name);
    let output = sts::Client::new(&config)
        .assume_role()
        .role_arn(&role.role_arn)
        .role_session_name(session_name)
        .set_external_id(role.external_id.clone())
        .set_duration_seconds(role.duration_seconds)
        .send()
        .await
        .map_err(|e| {
            CredentialsError::provider_error(
                provider,
                format!(
                    "STS AssumeRole for {} (profile `{}`) failed: {}",
                    role.role_arn,
                    role.profile,
                    describe(&e)
                ),
            )
            .with_source(e)
        })?;
    let keys = output.credentials().ok_or_else(|| {
        CredentialsError::provider_error(
            provider,
            format!(
                "STS AssumeRole for {} returned no credentials",
                role.role_arn
            ),
        )
    })?;
    let arn = output.assumed_role_user().map(|u| u.arn.as_str());
    Ok(credentials(keys, arn, provider))
}
