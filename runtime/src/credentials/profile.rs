//! Credentials from the selected profile of the shared `config` and
//! `credentials` files.

use super::sso::SsoSettings;
use super::sts::RoleSettings;
use super::web_identity::WebIdentitySettings;
use super::{
    ContainerCredentialsProvider, Credentials, CredentialsError, CredentialsErrorKind,
    EnvironmentVariableCredentialsProvider, ImdsCredentialsProvider, ProvideCredentials,
    WebIdentityTokenCredentialsProvider, process, sso, sts,
};
use crate::auth::BoxFuture;
use crate::env::Env;
use crate::profile::{DEFAULT_PROFILE, Profile, ProfileSet};

const PROVIDER: &str = "ProfileFile";

/// Profile keys of sources this runtime does not implement, with what they
/// are.
const UNSUPPORTED: &[(&str, &str)] = &[("login_session", "AWS sign-in (login_session)")];

/// Reads the selected profile (`AWS_PROFILE`, or `default`) of the shared
/// files, as the AWS CLI resolves it:
/// - `role_arn` with `source_profile` (followed, and chained, through other
///   profiles) or `credential_source` (`Environment`,
///   `Ec2InstanceMetadata`, `EcsContainer`): the source's credentials,
///   then STS `AssumeRole` for each role of the chain (`external_id`,
///   `role_session_name` and `duration_seconds` honoured; `mfa_serial` is
///   an error, since a library cannot prompt for a code);
/// - `role_arn` with `web_identity_token_file`: STS
///   `AssumeRoleWithWebIdentity`;
/// - `sso_session` (or the legacy `sso_start_url`) with `sso_account_id`
///   and `sso_role_name`: the token `aws sso login` cached, refreshed when
///   it can be, exchanged with SSO `GetRoleCredentials`;
/// - `credential_process`;
/// - static `aws_access_key_id` / `aws_secret_access_key` /
///   `aws_session_token`.
///
/// In a source profile, static keys end the chain even when it also sets
/// `role_arn` (which lets a profile name itself as its `source_profile`).
/// A chain that comes back to a profile without static keys is an error.
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
        let plan = plan(&profiles, profile)?;
        run(&self.env, plan).await
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

/// Where the first credentials of a profile chain come from.
#[derive(Debug)]
enum Base {
    Static(Credentials),
    Process {
        command: String,
        profile: String,
    },
    Sso(SsoSettings),
    WebIdentity(WebIdentitySettings),
    /// `credential_source`, with the profile that names it.
    Source(CredentialSource, String),
}

/// The values of `credential_source`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CredentialSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

/// A profile resolved: the base credentials, then the roles to assume with
/// them, the one next to the base first.
#[derive(Debug)]
struct Plan {
    base: Base,
    roles: Vec<RoleSettings>,
}

fn invalid(message: String) -> CredentialsError {
    CredentialsError::invalid_configuration(PROVIDER, message)
}

/// Follows `role_arn` / `source_profile` from `first` to the profile that
/// holds the base credentials, without calling anything.
fn plan(profiles: &ProfileSet, first: &Profile) -> Result<Plan, CredentialsError> {
    let mut roles = Vec::new();
    let mut visited: Vec<String> = Vec::new();
    let mut profile = first;
    let base = loop {
        let name = profile.name().to_owned();
        let is_source = !visited.is_empty();
        // A source profile's static keys end the chain, role_arn or not.
        if is_source && value(profile, "aws_access_key_id").is_some() {
            break Base::Static(static_keys(profile)?);
        }
        if visited.contains(&name) {
            visited.push(name);
            return Err(invalid(format!(
                "the profiles' source_profile settings form a loop: {}",
                visited.join(" -> ")
            )));
        }
        visited.push(name.clone());
        let Some(role_arn) = value(profile, "role_arn") else {
            break leaf(profiles, profile)?;
        };
        if let Some(token_file) = value(profile, "web_identity_token_file") {
            break Base::WebIdentity(WebIdentitySettings {
                token_file: token_file.into(),
                role_arn: role_arn.to_owned(),
                session_name: value(profile, "role_session_name").map(str::to_owned),
            });
        }
        if value(profile, "mfa_serial").is_some() {
            return Err(invalid(format!(
                "profile `{name}` sets mfa_serial: assuming its role needs an MFA code, \
                 which a library cannot prompt for (get session credentials first, for \
                 example with credential_process)"
            )));
        }
        let duration_seconds = match value(profile, "duration_seconds") {
            Some(text) => Some(
                text.trim()
                    .parse::<i32>()
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or_else(|| {
                        invalid(format!(
                            "profile `{name}` has duration_seconds `{text}`, which is not a number of seconds"
                        ))
                    })?,
            ),
            None => None,
        };
        roles.push(RoleSettings {
            profile: name.clone(),
            role_arn: role_arn.to_owned(),
            session_name: value(profile, "role_session_name").map(str::to_owned),
            external_id: value(profile, "external_id").map(str::to_owned),
            duration_seconds,
        });
        match (
            value(profile, "source_profile"),
            value(profile, "credential_source"),
        ) {
            (Some(_), Some(_)) => {
                return Err(invalid(format!(
                    "profile `{name}` sets both source_profile and credential_source; keep one"
                )));
            }
            (Some(source), None) => {
                profile = profiles.profile(source).ok_or_else(|| {
                    invalid(format!(
                        "profile `{source}`, the source_profile of `{name}`, is not defined"
                    ))
                })?;
            }
            (None, Some(source)) => {
                let source = match source.trim() {
                    "Environment" => CredentialSource::Environment,
                    "Ec2InstanceMetadata" => CredentialSource::Ec2InstanceMetadata,
                    "EcsContainer" => CredentialSource::EcsContainer,
                    other => {
                        return Err(invalid(format!(
                            "profile `{name}` has credential_source `{other}`; expected \
                             Environment, Ec2InstanceMetadata or EcsContainer"
                        )));
                    }
                };
                break Base::Source(source, name);
            }
            (None, None) => {
                return Err(invalid(format!(
                    "profile `{name}` sets role_arn but neither source_profile nor \
                     credential_source (nor web_identity_token_file)"
                )));
            }
        }
    };
    roles.reverse();
    Ok(Plan { base, roles })
}

/// The base credentials of a profile without `role_arn`.
fn leaf(profiles: &ProfileSet, profile: &Profile) -> Result<Base, CredentialsError> {
    let name = profile.name();
    if let Some((key, what)) = UNSUPPORTED
        .iter()
        .find(|(key, _)| value(profile, key).is_some())
    {
        return Err(invalid(format!(
            "profile `{name}` sets `{key}`: {what} is not supported by lean-runtime; \
             enable its `aws-config` feature and use `AwsConfigCredentialsProvider`"
        )));
    }
    if value(profile, "web_identity_token_file").is_some() {
        return Err(invalid(format!(
            "profile `{name}` sets web_identity_token_file but not role_arn"
        )));
    }
    if let Some(settings) = sso_settings(profiles, profile)? {
        return Ok(Base::Sso(settings));
    }
    if let Some(command) = value(profile, "credential_process") {
        return Ok(Base::Process {
            command: command.to_owned(),
            profile: name.to_owned(),
        });
    }
    Ok(Base::Static(static_keys(profile)?))
}

/// A profile's IAM Identity Center settings, if it has any.
fn sso_settings(
    profiles: &ProfileSet,
    profile: &Profile,
) -> Result<Option<SsoSettings>, CredentialsError> {
    let name = profile.name();
    const KEYS: [&str; 5] = [
        "sso_session",
        "sso_start_url",
        "sso_region",
        "sso_account_id",
        "sso_role_name",
    ];
    if !KEYS.iter().any(|k| value(profile, k).is_some()) {
        return Ok(None);
    }
    let session = value(profile, "sso_session");
    // With `sso_session`, the start URL and region live in its section; a
    // legacy profile holds them itself.
    let (start_url, region) = match session {
        Some(session) => {
            let section = profiles.sso_session(session).ok_or_else(|| {
                invalid(format!(
                    "profile `{name}` names sso_session `{session}`, which has no \
                     [sso-session {session}] section"
                ))
            })?;
            let start_url = value(section, "sso_start_url");
            let region = value(section, "sso_region");
            for (key, in_section) in [("sso_start_url", start_url), ("sso_region", region)] {
                if let (Some(own), Some(theirs)) = (value(profile, key), in_section)
                    && own != theirs
                {
                    return Err(invalid(format!(
                        "profile `{name}` sets {key} `{own}`, but its sso_session `{session}` \
                         says `{theirs}`"
                    )));
                }
            }
            (
                start_url.or_else(|| value(profile, "sso_start_url")),
                region.or_else(|| value(profile, "sso_region")),
            )
        }
        None => (
            value(profile, "sso_start_url"),
            value(profile, "sso_region"),
        ),
    };
    let required = |what: Option<&str>, key: &str| {
        what.map(str::to_owned).ok_or_else(|| {
            invalid(format!(
                "profile `{name}` is an IAM Identity Center (SSO) profile without {key}"
            ))
        })
    };
    Ok(Some(SsoSettings {
        profile: name.to_owned(),
        session: session.map(str::to_owned),
        start_url: required(start_url, "sso_start_url")?,
        region: required(region, "sso_region")?,
        account_id: required(value(profile, "sso_account_id"), "sso_account_id")?,
        role_name: required(value(profile, "sso_role_name"), "sso_role_name")?,
    }))
}

/// A profile's static keys.
fn static_keys(profile: &Profile) -> Result<Credentials, CredentialsError> {
    let name = profile.name();
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
                 aws_secret_access_key, credential_process, sso_session or role_arn)"
            ),
        )),
        (_, None) => Err(invalid(format!(
            "profile `{name}` is missing aws_secret_access_key"
        ))),
        (None, _) => Err(invalid(format!(
            "profile `{name}` is missing aws_access_key_id"
        ))),
    }
}

/// Loads the base credentials, then assumes each role in turn.
async fn run(env: &Env, plan: Plan) -> Result<Credentials, CredentialsError> {
    let mut credentials = match plan.base {
        Base::Static(credentials) => credentials,
        Base::Process { command, profile } => process::credentials(&command, &profile).await?,
        Base::Sso(settings) => sso::credentials(env, &settings).await?,
        Base::WebIdentity(settings) => {
            WebIdentityTokenCredentialsProvider::from_settings(env.clone(), settings)
                .provide_credentials()
                .await?
        }
        Base::Source(source, profile) => {
            let loaded = match source {
                CredentialSource::Environment => {
                    EnvironmentVariableCredentialsProvider::new(env.clone()).credentials()
                }
                CredentialSource::Ec2InstanceMetadata => {
                    ImdsCredentialsProvider::new(env.clone())
                        .provide_credentials()
                        .await
                }
                CredentialSource::EcsContainer => {
                    ContainerCredentialsProvider::new(env.clone())
                        .provide_credentials()
                        .await
                }
            };
            // The profile asked for this source: finding nothing there is
            // a configuration error, not a reason to move on.
            loaded.map_err(|e| match e.kind() {
                CredentialsErrorKind::NotLoaded => invalid(format!(
                    "profile `{profile}` has credential_source = {source:?}, which has no \
                     credentials: {}: {}",
                    e.provider(),
                    e.message()
                )),
                _ => e,
            })?
        }
    };
    for role in &plan.roles {
        credentials = sts::assume_role(PROVIDER, env, role, credentials).await?;
    }
    Ok(credentials)
}

#[cfg(test)]
mod tests;
