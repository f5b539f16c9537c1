//! The default order of credential sources.

use super::{
    Credentials, CredentialsCache, CredentialsError, EnvironmentVariableCredentialsProvider,
    ProfileFileCredentialsProvider, ProvideCredentials,
};
use crate::auth::BoxFuture;
use crate::env::Env;

const PROVIDER: &str = "DefaultChain";

/// Environment variables, then the shared `config` / `credentials` files,
/// behind a [`CredentialsCache`].
///
/// A source that finds nothing hands over to the next; one that is
/// misconfigured or fails stops the chain with its error, so a broken
/// profile is reported instead of silently skipped. When no source has
/// credentials, the error says what each one looked at.
///
/// ```no_run
/// # async fn f() -> Result<(), lean_runtime::credentials::CredentialsError> {
/// use lean_runtime::credentials::{DefaultCredentialsChain, ProvideCredentials};
/// use lean_runtime::env::Env;
/// let chain = DefaultCredentialsChain::new(Env::real());
/// let credentials = chain.provide_credentials().await?;
/// println!("signing as {}", credentials.access_key_id());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    cache: CredentialsCache,
}

impl DefaultCredentialsChain {
    /// The chain reading `env` (use [`Env::real`] for the process
    /// environment).
    pub fn new(env: Env) -> Self {
        Self {
            cache: CredentialsCache::new(Chain {
                environment: EnvironmentVariableCredentialsProvider::new(env.clone()),
                profile: ProfileFileCredentialsProvider::new(env),
            }),
        }
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.provide_credentials()
    }
}

/// The uncached sources, in order.
#[derive(Debug)]
struct Chain {
    environment: EnvironmentVariableCredentialsProvider,
    profile: ProfileFileCredentialsProvider,
}

impl Chain {
    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let from_environment = match self.environment.credentials() {
            Err(e) if e.is_not_loaded() => e,
            result => return result,
        };
        let from_profile = match self.profile.provide_credentials().await {
            Err(e) if e.is_not_loaded() => e,
            result => return result,
        };
        Err(CredentialsError::not_loaded(
            PROVIDER,
            format!(
                "no source had credentials. {}: {}; {}: {}",
                from_environment.provider(),
                from_environment.message(),
                from_profile.provider(),
                from_profile.message()
            ),
        ))
    }
}

impl ProvideCredentials for Chain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::CredentialsErrorKind;
    use std::path::Path;

    fn home(credentials: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".aws")).unwrap();
        std::fs::write(dir.path().join(".aws/credentials"), credentials).unwrap();
        dir
    }

    fn env(home: &Path, vars: &[(&str, &str)]) -> Env {
        let mut all = vec![("HOME".to_owned(), home.to_str().unwrap().to_owned())];
        all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_vars(all)
    }

    const PROFILE_KEYS: &str = "[default]\naws_access_key_id = FROMFILE\naws_secret_access_key = S";

    #[tokio::test]
    async fn environment_wins_over_the_files() {
        let home = home(PROFILE_KEYS);
        let vars = [
            ("AWS_ACCESS_KEY_ID", "FROMENV"),
            ("AWS_SECRET_ACCESS_KEY", "S"),
        ];
        let chain = DefaultCredentialsChain::new(env(home.path(), &vars));
        let c = chain.provide_credentials().await.unwrap();
        assert_eq!(c.access_key_id(), "FROMENV");
        assert_eq!(c.provider_name(), "Environment");
    }

    #[tokio::test]
    async fn debug_never_shows_secrets_even_once_cached() {
        let home = home("[default]\naws_access_key_id = A\naws_secret_access_key = FILESECRET");
        let vars = [
            ("AWS_ACCESS_KEY_ID", "FROMENV"),
            ("AWS_SECRET_ACCESS_KEY", "ENVSECRET"),
            ("AWS_SESSION_TOKEN", "ENVTOKEN"),
        ];
        let chain = DefaultCredentialsChain::new(env(home.path(), &vars));
        let credentials = chain.provide_credentials().await.unwrap();
        let debug = format!("{chain:?} {credentials:?}");
        for secret in ["ENVSECRET", "ENVTOKEN", "FILESECRET"] {
            assert!(!debug.contains(secret), "{debug}");
        }
    }

    #[tokio::test]
    async fn falls_back_to_the_profile() {
        let home = home(PROFILE_KEYS);
        let chain = DefaultCredentialsChain::new(env(home.path(), &[]));
        let c = chain.provide_credentials().await.unwrap();
        assert_eq!(c.access_key_id(), "FROMFILE");
        assert_eq!(c.provider_name(), "ProfileFile");
    }

    #[tokio::test]
    async fn nothing_found_lists_what_was_tried() {
        let home = home("");
        let chain = DefaultCredentialsChain::new(env(home.path(), &[]));
        let e = chain.provide_credentials().await.unwrap_err();
        assert!(e.is_not_loaded());
        let message = e.to_string();
        assert!(
            message.starts_with("no credentials from DefaultChain: no source had credentials."),
            "{message}"
        );
        assert!(
            message.contains("Environment: AWS_ACCESS_KEY_ID"),
            "{message}"
        );
        assert!(
            message.contains("ProfileFile: profile `default` is not defined"),
            "{message}"
        );
    }

    #[tokio::test]
    async fn a_broken_source_stops_the_chain() {
        let home = home("[default]\naws_access_key_id = A");
        let chain = DefaultCredentialsChain::new(env(home.path(), &[]));
        let e = chain.provide_credentials().await.unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);

        // Half-set variables are not skipped in favour of the file either.
        let home = self::home(PROFILE_KEYS);
        let chain =
            DefaultCredentialsChain::new(env(home.path(), &[("AWS_ACCESS_KEY_ID", "FROMENV")]));
        let e = chain.provide_credentials().await.unwrap_err();
        assert_eq!(e.provider(), "Environment");
    }

    /// A `credential_process` that counts its runs in a file and returns
    /// credentials expiring at the time the test wrote next to it.
    #[cfg(unix)]
    #[tokio::test]
    async fn expiring_credentials_are_refreshed_and_valid_ones_cached() {
        let home = home("");
        let dir = home.path();
        let script = dir.join("creds.sh");
        std::fs::write(
            &script,
            format!(
                "cd {}\necho x >> runs\nn=$(wc -l < runs | tr -d ' ')\n\
                 printf '{{\"Version\":1,\"AccessKeyId\":\"AKID%s\",\"SecretAccessKey\":\"S\",\"Expiration\":\"%s\"}}' \"$n\" \"$(cat expiration)\"\n",
                dir.display()
            ),
        )
        .unwrap();
        std::fs::write(
            dir.join(".aws/config"),
            format!("[default]\ncredential_process = sh {}", script.display()),
        )
        .unwrap();
        let chain = DefaultCredentialsChain::new(env(dir, &[]));
        let runs = || {
            std::fs::read_to_string(dir.join("runs"))
                .unwrap()
                .lines()
                .count()
        };

        // Expiring within five minutes (here: long ago): every call refreshes.
        std::fs::write(dir.join("expiration"), "2000-01-01T00:00:00Z").unwrap();
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id(),
            "AKID1"
        );
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id(),
            "AKID2"
        );
        assert_eq!(runs(), 2);

        // Valid for decades: cached.
        std::fs::write(dir.join("expiration"), "2999-01-01T00:00:00Z").unwrap();
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id(),
            "AKID3"
        );
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id(),
            "AKID3"
        );
        assert_eq!(runs(), 3);
    }
}
