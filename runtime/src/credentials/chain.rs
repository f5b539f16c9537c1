//! The default order of credential sources.

use super::{
    ContainerCredentialsProvider, Credentials, CredentialsCache, CredentialsError,
    EnvironmentVariableCredentialsProvider, ImdsCredentialsProvider,
    ProfileFileCredentialsProvider, ProvideCredentials, WebIdentityTokenCredentialsProvider,
};
use crate::auth::BoxFuture;
use crate::env::Env;

const PROVIDER: &str = "DefaultChain";

/// The credential sources of the official SDKs, in their order, behind a
/// [`CredentialsCache`]:
///
/// 1. the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
///    `AWS_SESSION_TOKEN`): [`EnvironmentVariableCredentialsProvider`];
/// 2. web identity (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`):
///    [`WebIdentityTokenCredentialsProvider`];
/// 3. the selected profile of the shared `config` and `credentials` files,
///    with assumed roles, IAM Identity Center, web identity,
///    `credential_process` and static keys:
///    [`ProfileFileCredentialsProvider`];
/// 4. the container endpoint of ECS and EKS Pod Identity
///    (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`):
///    [`ContainerCredentialsProvider`];
/// 5. the EC2 instance metadata service: [`ImdsCredentialsProvider`].
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
                web_identity: WebIdentityTokenCredentialsProvider::new(env.clone()),
                profile: ProfileFileCredentialsProvider::new(env.clone()),
                container: ContainerCredentialsProvider::new(env.clone()),
                imds: ImdsCredentialsProvider::new(env),
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
    web_identity: WebIdentityTokenCredentialsProvider,
    profile: ProfileFileCredentialsProvider,
    container: ContainerCredentialsProvider,
    imds: ImdsCredentialsProvider,
}

impl Chain {
    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut tried: Vec<CredentialsError> = Vec::new();
        let sources: [&dyn ProvideCredentials; 4] = [
            &self.web_identity,
            &self.profile,
            &self.container,
            &self.imds,
        ];
        match self.environment.credentials() {
            Err(e) if e.is_not_loaded() => tried.push(e),
            result => return result,
        }
        for source in sources {
            match source.provide_credentials().await {
                Err(e) if e.is_not_loaded() => tried.push(e),
                result => {
                    if let Ok(credentials) = &result {
                        tracing::debug!(
                            provider = credentials.provider_name(),
                            "loaded credentials"
                        );
                    }
                    return result;
                }
            }
        }
        let tried: Vec<String> = tried
            .iter()
            .map(|e| format!("{}: {}", e.provider(), e.message()))
            .collect();
        Err(CredentialsError::not_loaded(
            PROVIDER,
            format!("no source had credentials. {}", tried.join("; ")),
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

    /// The environment of a machine that is not on EC2.
    fn env(home: &Path, vars: &[(&str, &str)]) -> Env {
        let mut all = vec![
            ("HOME".to_owned(), home.to_str().unwrap().to_owned()),
            ("AWS_EC2_METADATA_DISABLED".to_owned(), "true".to_owned()),
        ];
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
