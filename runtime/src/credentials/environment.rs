//! Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
//! `AWS_SESSION_TOKEN`.

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::auth::BoxFuture;
use crate::env::Env;

const PROVIDER: &str = "Environment";

/// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and (for temporary
/// credentials) `AWS_SESSION_TOKEN`.
#[derive(Clone, Debug)]
pub struct EnvironmentVariableCredentialsProvider {
    env: Env,
}

impl EnvironmentVariableCredentialsProvider {
    /// A provider reading `env`.
    pub fn new(env: Env) -> Self {
        Self { env }
    }

    /// Reads the variables now.
    ///
    /// Neither key set is [`NotLoaded`]; only one of them set is
    /// [`InvalidConfiguration`] rather than a silent fall-through to other
    /// sources, since it is almost always a mistake.
    ///
    /// [`NotLoaded`]: super::CredentialsErrorKind::NotLoaded
    /// [`InvalidConfiguration`]: super::CredentialsErrorKind::InvalidConfiguration
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let access_key_id = self.env.get("AWS_ACCESS_KEY_ID");
        let secret = self.env.get("AWS_SECRET_ACCESS_KEY");
        match (access_key_id, secret) {
            (Some(access_key_id), Some(secret)) => {
                let credentials = Credentials::new(
                    access_key_id,
                    secret,
                    self.env.get("AWS_SESSION_TOKEN"),
                    None,
                    PROVIDER,
                );
                Ok(match self.env.get("AWS_ACCOUNT_ID") {
                    Some(account) => credentials.with_account_id(account),
                    None => credentials,
                })
            }
            (None, None) => Err(CredentialsError::not_loaded(
                PROVIDER,
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            )),
            (Some(_), None) => Err(CredentialsError::invalid_configuration(
                PROVIDER,
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            )),
            (None, Some(_)) => Err(CredentialsError::invalid_configuration(
                PROVIDER,
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentVariableCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(std::future::ready(self.credentials()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::CredentialsErrorKind;

    fn provider(vars: &[(&str, &str)]) -> EnvironmentVariableCredentialsProvider {
        EnvironmentVariableCredentialsProvider::new(Env::from_vars(vars.iter().copied()))
    }

    #[test]
    fn long_term_and_temporary_keys() {
        let c = provider(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
        ])
        .credentials()
        .unwrap();
        assert_eq!(
            (c.access_key_id(), c.secret_access_key(), c.session_token()),
            ("AKID", "SECRET", None)
        );
        assert_eq!(c.provider_name(), "Environment");
        assert_eq!(c.expiry(), None);

        let c = provider(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
        ])
        .credentials()
        .unwrap();
        assert_eq!(c.session_token(), Some("TOKEN"));
    }

    #[test]
    fn nothing_set_is_not_loaded() {
        let e = provider(&[("AWS_ACCESS_KEY_ID", "")])
            .credentials()
            .unwrap_err();
        assert!(e.is_not_loaded());
    }

    #[test]
    fn half_set_is_invalid_and_quotes_nothing() {
        let e = provider(&[("AWS_SECRET_ACCESS_KEY", "s3cr3t")])
            .credentials()
            .unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
        assert!(!e.to_string().contains("s3cr3t"));
        assert!(!format!("{e:?}").contains("s3cr3t"));
        let e = provider(&[("AWS_ACCESS_KEY_ID", "AKID")])
            .credentials()
            .unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
    }
}
