//! Why credentials could not be provided.

use crate::error::BoxError;
use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

/// What kind of failure a [`CredentialsError`] is; a chain of providers
/// moves on to the next provider only after [`NotLoaded`].
///
/// [`NotLoaded`]: CredentialsErrorKind::NotLoaded
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The provider found nothing to work with (no variables, no profile):
    /// the next provider may.
    NotLoaded,
    /// The provider is configured, but wrongly or in a way this build cannot
    /// serve: the user must fix it.
    InvalidConfiguration,
    /// The provider is configured but failed (a command failed, a service
    /// answered with an error, the answer was malformed).
    ProviderError,
}

/// Credentials could not be provided.
///
/// Messages name the provider and the setting at fault, never a secret.
#[derive(Debug)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    provider: &'static str,
    message: Cow<'static, str>,
    source: Option<BoxError>,
}

impl CredentialsError {
    fn new(
        kind: CredentialsErrorKind,
        provider: &'static str,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            kind,
            provider,
            message: message.into(),
            source: None,
        }
    }

    /// `provider` found no credentials, for the reason given.
    pub fn not_loaded(provider: &'static str, reason: impl Into<Cow<'static, str>>) -> Self {
        Self::new(CredentialsErrorKind::NotLoaded, provider, reason)
    }

    /// `provider` is configured wrongly, as `message` explains.
    pub fn invalid_configuration(
        provider: &'static str,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::new(
            CredentialsErrorKind::InvalidConfiguration,
            provider,
            message,
        )
    }

    /// `provider` failed, as `message` explains.
    pub fn provider_error(provider: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(CredentialsErrorKind::ProviderError, provider, message)
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// Whether the provider simply found nothing.
    pub fn is_not_loaded(&self) -> bool {
        self.kind == CredentialsErrorKind::NotLoaded
    }

    /// The provider that failed, such as `Environment`.
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// What went wrong, without the provider name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (provider, message) = (self.provider, &self.message);
        match self.kind {
            CredentialsErrorKind::NotLoaded => {
                write!(f, "no credentials from {provider}: {message}")
            }
            CredentialsErrorKind::InvalidConfiguration => {
                write!(
                    f,
                    "invalid credentials configuration ({provider}): {message}"
                )
            }
            CredentialsErrorKind::ProviderError => {
                write!(f, "credentials provider {provider} failed: {message}")
            }
        }
    }
}

impl StdError for CredentialsError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_provider_and_kind() {
        let e = CredentialsError::not_loaded("Environment", "AWS_ACCESS_KEY_ID is not set");
        assert!(e.is_not_loaded());
        assert_eq!(
            e.to_string(),
            "no credentials from Environment: AWS_ACCESS_KEY_ID is not set"
        );
        let e = CredentialsError::invalid_configuration("ProfileFile", "bad");
        assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfiguration);
        assert_eq!(
            e.to_string(),
            "invalid credentials configuration (ProfileFile): bad"
        );
        let e = CredentialsError::provider_error("CredentialProcess", "exit status 1")
            .with_source(std::io::Error::other("boom"));
        assert_eq!(e.provider(), "CredentialProcess");
        assert_eq!(e.message(), "exit status 1");
        assert_eq!(e.source().unwrap().to_string(), "boom");
    }
}
