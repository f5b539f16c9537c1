//! AWS credentials: the keys themselves, the providers that find them, and
//! the cache that refreshes temporary ones.
//!
//! [`DefaultCredentialsChain`] looks where the AWS SDKs look, in their
//! order: the environment, web identity, the selected profile of the shared
//! files (assumed roles, IAM Identity Center, `credential_process`, static
//! keys), the ECS / EKS container endpoint, and EC2 instance metadata. The
//! calls to STS, SSO and SSO OIDC these need go through clients generated
//! from the official models ([`crate::clients`]), so no dependency is added
//! for them. Anything else plugs in through [`ProvideCredentials`]; with
//! the `aws-config` cargo feature, `AwsConfigCredentialsProvider` runs the
//! official SDK's chain instead.
//!
//! Secrets never appear in `Debug` output or in error messages.

#[cfg(feature = "aws-config")]
mod aws_config;
mod cache;
mod chain;
mod container;
mod environment;
mod error;
mod imds;
mod local_http;
mod process;
mod profile;
mod sso;
mod sts;
mod web_identity;

#[cfg(feature = "aws-config")]
pub use aws_config::AwsConfigCredentialsProvider;
pub use cache::CredentialsCache;
pub use chain::DefaultCredentialsChain;
pub use container::ContainerCredentialsProvider;
pub use environment::EnvironmentVariableCredentialsProvider;
pub use error::{CredentialsError, CredentialsErrorKind};
pub use imds::ImdsCredentialsProvider;
pub use profile::ProfileFileCredentialsProvider;
pub use web_identity::WebIdentityTokenCredentialsProvider;

use crate::auth::BoxFuture;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;
use zeroize::Zeroizing;

/// An access key id, its secret, and for temporary credentials a session
/// token and an expiry.
///
/// Cloning is cheap (a reference count). `Debug` shows the access key id but
/// never the secret or the session token.
#[derive(Clone)]
pub struct Credentials(Arc<Inner>);

struct Inner {
    access_key_id: String,
    /// The secret and the token are zeroed when the last clone is dropped.
    secret_access_key: Zeroizing<String>,
    session_token: Option<Zeroizing<String>>,
    expiry: Option<SystemTime>,
    provider_name: &'static str,
    /// The AWS account the credentials belong to, when the source says
    /// (`AWS_ACCOUNT_ID`, a profile's `aws_account_id`, `credential_process`
    /// output): endpoint rules route by it (DynamoDB's account endpoints).
    account_id: Option<String>,
}

impl Credentials {
    /// Credentials from their parts. `provider_name` says where they came
    /// from, for diagnostics; `expiry` is when temporary credentials stop
    /// working (`None` for long-term keys).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
        provider_name: &'static str,
    ) -> Self {
        Self(Arc::new(Inner {
            access_key_id: access_key_id.into(),
            secret_access_key: Zeroizing::new(secret_access_key.into()),
            session_token: session_token.map(Zeroizing::new),
            expiry,
            provider_name,
            account_id: None,
        }))
    }

    /// The same credentials, naming the AWS account they belong to.
    pub fn with_account_id(self, account_id: impl Into<String>) -> Self {
        let inner = &self.0;
        Self(Arc::new(Inner {
            access_key_id: inner.access_key_id.clone(),
            secret_access_key: inner.secret_access_key.clone(),
            session_token: inner.session_token.clone(),
            expiry: inner.expiry,
            provider_name: inner.provider_name,
            account_id: Some(account_id.into()),
        }))
    }

    /// The same keys, expiring at `expiry` instead (static stability: IMDS
    /// credentials kept in use while the service is unreachable).
    pub(crate) fn with_expiry(&self, expiry: SystemTime) -> Self {
        let inner = &self.0;
        Self(Arc::new(Inner {
            access_key_id: inner.access_key_id.clone(),
            secret_access_key: inner.secret_access_key.clone(),
            session_token: inner.session_token.clone(),
            expiry: Some(expiry),
            provider_name: inner.provider_name,
            account_id: inner.account_id.clone(),
        }))
    }

    /// The AWS account the credentials belong to, when known.
    pub fn account_id(&self) -> Option<&str> {
        self.0.account_id.as_deref()
    }

    /// Copies keys an `aws-credential-types` provider returned (its type
    /// zeroes its own copy when dropped).
    #[cfg(feature = "aws-config")]
    pub(crate) fn from_aws(
        keys: &aws_credential_types::Credentials,
        provider_name: &'static str,
    ) -> Self {
        let credentials = Self::new(
            keys.access_key_id(),
            keys.secret_access_key(),
            keys.session_token().map(str::to_owned),
            keys.expiry(),
            provider_name,
        );
        match keys.account_id() {
            Some(id) => credentials.with_account_id(id.as_str()),
            None => credentials,
        }
    }

    /// The access key id, such as `AKIDEXAMPLE`.
    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.0.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.0.session_token.as_deref().map(String::as_str)
    }

    /// When temporary credentials expire.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.0.expiry
    }

    /// Where the credentials came from, such as `Environment`.
    pub fn provider_name(&self) -> &'static str {
        self.0.provider_name
    }
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        self.access_key_id() == other.access_key_id()
            && self.secret_access_key() == other.secret_access_key()
            && self.session_token() == other.session_token()
            && self.expiry() == other.expiry()
            && self.provider_name() == other.provider_name()
    }
}

impl Eq for Credentials {}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        let mut s = f.debug_struct("Credentials");
        s.field("provider_name", &self.provider_name())
            .field("access_key_id", &self.access_key_id())
            .field("secret_access_key", &REDACTED);
        if self.session_token().is_some() {
            s.field("session_token", &REDACTED);
        }
        if let Some(expiry) = self.expiry() {
            s.field("expiry", &Rfc3339(expiry));
        }
        s.finish()
    }
}

/// Shows a time as RFC 3339 (UTC), or as a raw `SystemTime` when it is outside
/// what a calendar date can represent.
struct Rfc3339(SystemTime);

impl fmt::Debug for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = match self.0.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).ok(),
            Err(before) => i64::try_from(before.duration().as_secs()).ok().map(|s| -s),
        };
        let formatted = seconds.and_then(|s| {
            crate::datetime::DateTime::from_secs(s)
                .fmt(crate::datetime::Format::DateTime)
                .ok()
        });
        match formatted {
            Some(text) => f.write_str(&text),
            None => fmt::Debug::fmt(&self.0, f),
        }
    }
}

/// An RFC 3339 timestamp (a credentials document's expiry, an SSO token's)
/// as a `SystemTime`; it may lie before 1970 or far ahead.
pub(crate) fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    crate::DateTime::from_str(text, crate::datetime::Format::DateTime)
        .ok()
        .and_then(|t| SystemTime::try_from(t).ok())
}

/// A whole number of seconds from 0 to `max`, at random: the jitter that
/// keeps a fleet's processes from refreshing credentials in step.
pub(crate) fn jitter_seconds(max: u64) -> std::time::Duration {
    let random = u64::from_le_bytes(crate::uuid::random_bytes::<8>());
    std::time::Duration::from_secs(random % (max + 1))
}

/// Anything that can supply credentials: implement this to plug in a source
/// the runtime does not know about.
///
/// Called before every request is signed, so implementations that do I/O
/// should cache (wrap them in a [`CredentialsCache`]).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Finds or refreshes credentials.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// A credentials provider shared by reference count, as clients hold it.
#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    /// Shares `provider`.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self(Arc::new(provider))
    }
}

impl From<Arc<dyn ProvideCredentials>> for SharedCredentialsProvider {
    fn from(provider: Arc<dyn ProvideCredentials>) -> Self {
        Self(provider)
    }
}

impl From<Credentials> for SharedCredentialsProvider {
    fn from(credentials: Credentials) -> Self {
        Self::new(credentials)
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.0.provide_credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn temporary() -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "SECRETKEY",
            Some("SESSIONTOKEN".into()),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
            "Test",
        )
    }

    #[test]
    fn accessors() {
        let c = temporary();
        assert_eq!(c.access_key_id(), "AKIDEXAMPLE");
        assert_eq!(c.secret_access_key(), "SECRETKEY");
        assert_eq!(c.session_token(), Some("SESSIONTOKEN"));
        assert_eq!(
            c.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        );
        assert_eq!(c.provider_name(), "Test");
        assert_eq!(c, c.clone());
        assert_ne!(
            c,
            Credentials::new("AKIDEXAMPLE", "SECRETKEY", None, None, "Test")
        );
    }

    #[test]
    fn debug_shows_the_key_id_but_not_the_secret_or_token() {
        let debug = format!("{:?}", temporary());
        assert!(debug.contains("AKIDEXAMPLE"), "{debug}");
        assert!(debug.contains("** redacted **"), "{debug}");
        assert!(debug.contains("2023-11-14T22:13:20Z"), "{debug}");
        assert!(!debug.contains("SECRETKEY"), "{debug}");
        assert!(!debug.contains("SESSIONTOKEN"), "{debug}");
        // Through the providers that hold them, too.
        let shared = SharedCredentialsProvider::from(temporary());
        let debug = format!("{shared:?} {:#?}", temporary());
        assert!(!debug.contains("SECRETKEY") && !debug.contains("SESSIONTOKEN"));
    }

    #[test]
    fn debug_survives_extreme_expiry() {
        let far = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::MAX / 4);
        let c = Credentials::new("A", "S", None, Some(far), "Test");
        assert!(format!("{c:?}").contains("expiry"));
    }

    #[tokio::test]
    async fn static_credentials_provide_themselves() {
        let shared = SharedCredentialsProvider::new(temporary());
        assert_eq!(shared.provide_credentials().await.unwrap(), temporary());
    }
}
