//! Credentials from the selected profile of the shared `config` and
//! `credentials` files.

use super::{Credentials, CredentialsError, ProvideCredentials, process};
use crate::auth::BoxFuture;
use crate::env::Env;
use crate::profile::{DEFAULT_PROFILE, Profile, ProfileSet};

const PROVIDER: &str = "ProfileFile";

/// Profile keys that select a credential source only the official SDK
/// implements, with what that source is. Checked in the order the AWS SDKs
/// give them precedence, all ahead of `credential_process` and static keys.
const NEEDS_AWS_CONFIG: &[(&str, &str)] = &[
    ("role_arn", "assuming a role through STS"),
    ("credential_source", "assuming a role through STS"),
    (
        "web_identity_token_file",
        "web identity federation through STS",
    ),
    ("sso_session", "IAM Identity Center (SSO)"),
    ("sso_start_url", "IAM Identity Center (SSO)"),
    ("sso_account_id", "IAM Identity Center (SSO)"),
    ("sso_role_name", "IAM Identity Center (SSO)"),
    ("sso_region", "IAM Identity Center (SSO)"),
    ("login_session", "AWS sign-in (login_session)"),
];

/// Reads the selected profile (`AWS_PROFILE`, or `default`) of the shared
/// files: static `aws_access_key_id` / `aws_secret_access_key` /
/// `aws_session_token`, or a `credential_process` command.
///
/// Profiles that need STS or IAM Identity Center (`role_arn`, `sso_*`,
/// `web_identity_token_file`...) give an
/// [`InvalidConfiguration`](super::CredentialsErrorKind::InvalidConfiguration)
/// error naming the key; the `aws-config` feature serves them.
///
/// The files are read on every call: wrap the provider in a
/// [`CredentialsCache`](super::CredentialsCache), as
/// [`DefaultCredentialsChain`](super::DefaultCredentialsChain) does.
#[derive(Clone, Debug)]
pub struct ProfileFileCredentialsProvider {
    env: Env,
    profile_name: Option<String>,
}

impl ProfileFileCredentialsProvider {
    /// A provider reading the files and profile that `env` names.
    pub fn new(env: Env) -> Self {
        Self {
            env,
            profile_name: None,
        }
    }

    /// Uses profile `name` whatever `AWS_PROFILE` says.
    pub fn with_profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let profiles = ProfileSet::load(&self.env).map_err(|e| {
            CredentialsError::invalid_configuration(PROVIDER, e.to_string()).with_source(e)
        })?;
        let chosen = self
            .profile_name
            .clone()
            .or_else(|| self.env.get("AWS_PROFILE"));
        let name = chosen.as_deref().unwrap_or(DEFAULT_PROFILE);
        let Some(profile) = profiles.profile(name) else {
            let message = format!(
                "profile `{name}` is not defined in {}",
                describe_files(&profiles)
            );
            // A profile the user asked for by name must exist; a missing
            // `default` just means this source is not in use.
            return Err(match chosen {
                Some(_) => CredentialsError::invalid_configuration(PROVIDER, message),
                None => CredentialsError::not_loaded(PROVIDER, message),
            });
        };
        from_profile(profile).await
    }
}

impl ProvideCredentials for ProfileFileCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

fn describe_files(profiles: &ProfileSet) -> String {
    match profiles.files() {
        [] => "any file (no AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE or home directory)"
            .to_owned(),
        files => files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// A profile's value for `key`, an empty one counting as unset.
fn value<'a>(profile: &'a Profile, key: &str) -> Option<&'a str> {
    profile.get(key).filter(|v| !v.is_empty())
}

async fn from_profile(profile: &Profile) -> Result<Credentials, CredentialsError> {
    let name = profile.name();
    if let Some((key, what)) = NEEDS_AWS_CONFIG
        .iter()
        .find(|(key, _)| value(profile, key).is_some())
    {
        return Err(CredentialsError::invalid_configuration(
            PROVIDER,
            format!(
                "profile `{name}` sets `{key}`, which needs {what}: enable the `aws-config` \
                 feature of lean-runtime and use `AwsConfigCredentialsProvider`"
            ),
        ));
    }
    if let Some(command) = value(profile, "credential_process") {
        return process::credentials(command, name).await;
    }
    let access_key_id = value(profile, "aws_access_key_id");
    let secret = value(profile, "aws_secret_access_key");
    let token = value(profile, "aws_session_token");
    match (access_key_id, secret) {
        (Some(access_key_id), Some(secret)) => {
            let credentials = Credentials::new(
                access_key_id,
                secret,
                token.map(str::to_owned),
                None,
                PROVIDER,
            );
            Ok(match value(profile, "aws_account_id") {
                Some(account) => credentials.with_account_id(account),
                None => credentials,
            })
        }
        (None, None) if token.is_none() => Err(CredentialsError::not_loaded(
            PROVIDER,
            format!(
                "profile `{name}` has no credentials (aws_access_key_id and \
                 aws_secret_access_key, or credential_process)"
            ),
        )),
        (_, None) => Err(CredentialsError::invalid_configuration(
            PROVIDER,
            format!("profile `{name}` is missing aws_secret_access_key"),
        )),
        (None, _) => Err(CredentialsError::invalid_configuration(
            PROVIDER,
            format!("profile `{name}` is missing aws_access_key_id"),
        )),
    }
}

#[cfg(test)]
mod tests;
