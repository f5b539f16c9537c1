//! IAM Identity Center (SSO): the access token `aws sso login` cached in
//! `~/.aws/sso/cache`, refreshed through SSO OIDC when it is about to
//! expire, exchanged for a role's credentials with SSO
//! `GetRoleCredentials`.

use super::local_http::flat_object;
use super::sts::{client_config, describe};
use super::{Credentials, CredentialsError, parse_rfc3339};
use crate::DateTime;
use crate::clients::{sso, sso_oidc};
use crate::datetime::Format;
use crate::env::Env;
use crate::region::Region;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

const PROVIDER: &str = "Sso";

/// A token this close to its expiry is refreshed first, when it can be.
const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// What a profile says about its IAM Identity Center role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SsoSettings {
    /// The profile, for messages.
    pub profile: String,
    /// `sso_session`: the `[sso-session]` section the token belongs to;
    /// `None` for a legacy profile (`sso_start_url` in the profile itself),
    /// whose token cannot be refreshed.
    pub session: Option<String>,
    pub start_url: String,
    /// `sso_region`: where the portal and OIDC endpoints are.
    pub region: String,
    pub account_id: String,
    pub role_name: String,
}

impl SsoSettings {
    /// The cache file `aws sso login` wrote: the SHA-1 of the session name
    /// (or, for legacy profiles, of the start URL) in hex.
    fn cache_file(&self, env: &Env) -> Result<PathBuf, CredentialsError> {
        let home = env.home_dir().ok_or_else(|| {
            CredentialsError::invalid_configuration(
                PROVIDER,
                "no home directory for the SSO token cache (~/.aws/sso/cache)",
            )
        })?;
        let key = self.session.as_deref().unwrap_or(&self.start_url);
        Ok(home.join(".aws/sso/cache").join(format!(
            "{}.json",
            crate::checksum::sha1_hex(key.as_bytes())
        )))
    }

    /// How to tell the user to log in again.
    fn login_hint(&self) -> String {
        match &self.session {
            Some(session) => format!("run `aws sso login --sso-session {session}`"),
            None => format!("run `aws sso login --profile {}`", self.profile),
        }
    }
}

/// The cached token and what refreshing it takes.
struct CachedToken {
    path: PathBuf,
    /// Every member of the file, rewritten as it was after a refresh.
    document: HashMap<String, String>,
    access_token: String,
    expires_at: SystemTime,
}

impl CachedToken {
    fn read(path: PathBuf, settings: &SsoSettings) -> Result<Self, CredentialsError> {
        let text = std::fs::read(&path).map_err(|e| {
            CredentialsError::provider_error(
                PROVIDER,
                format!(
                    "no SSO token for profile `{}` in {} ({e}): {}",
                    settings.profile,
                    path.display(),
                    settings.login_hint()
                ),
            )
        })?;
        let bad = |what: String| {
            CredentialsError::provider_error(
                PROVIDER,
                format!("the SSO token cache {} has {what}", path.display()),
            )
        };
        let document = flat_object(&text).map_err(bad)?;
        let access_token = document
            .get("accessToken")
            .filter(|t| !t.is_empty())
            .cloned()
            .ok_or_else(|| bad("no `accessToken`".to_owned()))?;
        let expires_at = document
            .get("expiresAt")
            .and_then(|t| parse_rfc3339(t))
            .ok_or_else(|| bad("no RFC 3339 `expiresAt`".to_owned()))?;
        Ok(Self {
            path,
            document,
            access_token,
            expires_at,
        })
    }

    /// The refresh token and the client registration, when the token can
    /// be refreshed.
    fn refresh_grant(&self, now: SystemTime) -> Option<(&str, &str, &str)> {
        let get = |key: &str| {
            self.document
                .get(key)
                .map(String::as_str)
                .filter(|v| !v.is_empty())
        };
        let registration_valid = get("registrationExpiresAt")
            .and_then(parse_rfc3339)
            .is_none_or(|expiry| expiry > now);
        match (get("refreshToken"), get("clientId"), get("clientSecret")) {
            (Some(refresh), Some(id), Some(secret)) if registration_valid => {
                Some((refresh, id, secret))
            }
            _ => None,
        }
    }

    /// Writes the refreshed token back, as the AWS CLI does, so the next
    /// process starts from it.
    fn save(&self) -> std::io::Result<()> {
        let mut keys: Vec<&String> = self.document.keys().collect();
        keys.sort();
        let mut out = String::new();
        let mut object = crate::json::JsonObjectWriter::new(&mut out);
        for key in keys {
            object.key(key).string(&self.document[key]);
        }
        object.finish();
        let temporary = self.path.with_extension("json.tmp");
        std::fs::write(&temporary, out)?;
        std::fs::rename(&temporary, &self.path)
    }
}

/// A refreshed token from SSO OIDC `CreateToken`, written to the cache.
async fn refresh(
    env: &Env,
    settings: &SsoSettings,
    token: &mut CachedToken,
    now: SystemTime,
) -> Result<(), CredentialsError> {
    let Some((refresh_token, client_id, client_secret)) = token.refresh_grant(now) else {
        return Err(CredentialsError::provider_error(
            PROVIDER,
            format!(
                "the SSO token in {} cannot be refreshed (no refresh token or client registration)",
                token.path.display()
            ),
        ));
    };
    let region = Region::new(settings.region.clone());
    let config = client_config::<sso_oidc::config::Spec>(PROVIDER, env, Some(region), None)?;
    let output = sso_oidc::Client::new(&config)
        .create_token()
        .client_id(client_id)
        .client_secret(client_secret)
        .grant_type("refresh_token")
        .refresh_token(refresh_token)
        .send()
        .await
        .map_err(|e| {
            CredentialsError::provider_error(
                PROVIDER,
                format!("SSO OIDC CreateToken failed: {}", describe(&e)),
            )
            .with_source(e)
        })?;
    let access_token = output
        .access_token()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            CredentialsError::provider_error(PROVIDER, "SSO OIDC CreateToken returned no token")
        })?;
    let expires_at = now + Duration::from_secs(u64::try_from(output.expires_in()).unwrap_or(0));
    token.access_token = access_token.to_owned();
    token.expires_at = expires_at;
    token
        .document
        .insert("accessToken".to_owned(), access_token.to_owned());
    let formatted = DateTime::from(expires_at)
        .fmt(Format::DateTime)
        .map_err(|e| CredentialsError::provider_error(PROVIDER, e.to_string()))?;
    token.document.insert("expiresAt".to_owned(), formatted);
    if let Some(refresh_token) = output.refresh_token().filter(|t| !t.is_empty()) {
        token
            .document
            .insert("refreshToken".to_owned(), refresh_token.to_owned());
    }
    if let Err(e) = token.save() {
        // The credentials are still good; the next process refreshes again.
        tracing::warn!(error = %e, path = %token.path.display(), "cannot update the SSO token cache");
    }
    Ok(())
}

/// The role credentials of `settings`, through the cached (and, when
/// needed, refreshed) token.
pub(super) async fn credentials(
    env: &Env,
    settings: &SsoSettings,
) -> Result<Credentials, CredentialsError> {
    let path = settings.cache_file(env)?;
    let mut token = CachedToken::read(path, settings)?;
    let now = SystemTime::now();
    let expiring = token
        .expires_at
        .duration_since(now)
        .map_or(true, |left| left < REFRESH_BEFORE_EXPIRY);
    if expiring
        && settings.session.is_some()
        && let Err(e) = refresh(env, settings, &mut token, now).await
    {
        if token.expires_at <= now {
            return Err(CredentialsError::provider_error(
                PROVIDER,
                format!(
                    "the SSO token for profile `{}` expired and could not be refreshed ({}): {}",
                    settings.profile,
                    e.message(),
                    settings.login_hint()
                ),
            ));
        }
        tracing::warn!(error = %e, "cannot refresh the SSO token; using it until it expires");
    }
    if token.expires_at <= now {
        return Err(CredentialsError::provider_error(
            PROVIDER,
            format!(
                "the SSO token for profile `{}` in {} expired: {}",
                settings.profile,
                token.path.display(),
                settings.login_hint()
            ),
        ));
    }
    let region = Region::new(settings.region.clone());
    let config = client_config::<sso::config::Spec>(PROVIDER, env, Some(region), None)?;
    let output = sso::Client::new(&config)
        .get_role_credentials()
        .role_name(&settings.role_name)
        .account_id(&settings.account_id)
        .access_token(token.access_token.clone())
        .send()
        .await
        .map_err(|e| {
            CredentialsError::provider_error(
                PROVIDER,
                format!(
                    "SSO GetRoleCredentials for role `{}` in account {} failed: {}",
                    settings.role_name,
                    settings.account_id,
                    describe(&e)
                ),
            )
            .with_source(e)
        })?;
    let missing = || {
        CredentialsError::provider_error(
            PROVIDER,
            "SSO GetRoleCredentials returned incomplete credentials",
        )
    };
    let role = output.role_credentials().ok_or_else(missing)?;
    let access_key_id = role.access_key_id().ok_or_else(missing)?;
    let secret = role.secret_access_key().ok_or_else(missing)?;
    let expiry = u64::try_from(role.expiration())
        .ok()
        .map(|millis| SystemTime::UNIX_EPOCH + Duration::from_millis(millis));
    Ok(Credentials::new(
        access_key_id,
        secret,
        role.session_token().map(str::to_owned),
        expiry,
        PROVIDER,
    )
    .with_account_id(settings.account_id.clone()))
}
