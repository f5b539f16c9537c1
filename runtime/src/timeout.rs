//! Timeouts: how long to wait for a connection, an attempt, an operation.
//!
//! The connect timeout is enforced by the transport (see
//! [`crate::transport::HyperTransport`]); the attempt and operation timeouts
//! by the orchestrator, so they hold whatever transport is plugged in.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// The connect timeout of the official SDKs' standard defaults.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// Timeout settings of a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Option<Duration>,
    attempt: Option<Duration>,
    operation: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl TimeoutConfig {
    /// The defaults: a 3.1 second connect timeout, no attempt or operation
    /// timeout.
    pub const fn new() -> Self {
        Self {
            connect: Some(DEFAULT_CONNECT_TIMEOUT),
            attempt: None,
            operation: None,
        }
    }

    /// No timeouts at all, not even for connecting.
    pub const fn disabled() -> Self {
        Self {
            connect: None,
            attempt: None,
            operation: None,
        }
    }

    /// Limits the time to establish a connection (DNS, TCP and TLS).
    pub const fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect = Some(timeout);
        self
    }

    /// Limits each attempt: signing, sending and reading the response. An
    /// attempt that runs out of time is retried like any timeout.
    pub const fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt = Some(timeout);
        self
    }

    /// Limits a whole operation, every attempt and backoff included. When it
    /// runs out, the operation fails with [`crate::error::SdkError::TimeoutError`]
    /// and is not retried.
    pub const fn with_operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation = Some(timeout);
        self
    }

    /// The connect timeout, if any.
    pub const fn connect_timeout(&self) -> Option<Duration> {
        self.connect
    }

    /// The per-attempt timeout, if any.
    pub const fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt
    }

    /// The per-operation timeout, if any.
    pub const fn operation_timeout(&self) -> Option<Duration> {
        self.operation
    }
}

/// What a [`TimeoutElapsed`] limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutScope {
    /// One attempt of an operation.
    Attempt,
    /// A whole operation.
    Operation,
}

/// An attempt or an operation ran out of time; the source of
/// [`crate::error::SdkError::TimeoutError`] the orchestrator returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutElapsed {
    scope: TimeoutScope,
    limit: Duration,
}

impl TimeoutElapsed {
    /// A timeout of `limit` on `scope` elapsed.
    pub const fn new(scope: TimeoutScope, limit: Duration) -> Self {
        Self { scope, limit }
    }

    /// What was limited.
    pub const fn scope(&self) -> TimeoutScope {
        self.scope
    }

    /// The limit that elapsed.
    pub const fn limit(&self) -> Duration {
        self.limit
    }
}

impl fmt::Display for TimeoutElapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scope = match self.scope {
            TimeoutScope::Attempt => "attempt",
            TimeoutScope::Operation => "operation",
        };
        write!(f, "{scope} timeout of {:?} elapsed", self.limit)
    }
}

impl StdError for TimeoutElapsed {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_official_sdks() {
        let config = TimeoutConfig::default();
        assert_eq!(config.connect_timeout(), Some(Duration::from_millis(3100)));
        assert_eq!(config.attempt_timeout(), None);
        assert_eq!(config.operation_timeout(), None);
    }

    #[test]
    fn builders_set_each_timeout() {
        let config = TimeoutConfig::disabled()
            .with_attempt_timeout(Duration::from_secs(2))
            .with_operation_timeout(Duration::from_secs(10));
        assert_eq!(config.connect_timeout(), None);
        assert_eq!(config.attempt_timeout(), Some(Duration::from_secs(2)));
        assert_eq!(config.operation_timeout(), Some(Duration::from_secs(10)));
    }

    #[test]
    fn elapsed_names_its_scope_and_limit() {
        let e = TimeoutElapsed::new(TimeoutScope::Attempt, Duration::from_millis(1500));
        assert_eq!(e.to_string(), "attempt timeout of 1.5s elapsed");
        let e = TimeoutElapsed::new(TimeoutScope::Operation, Duration::from_secs(5));
        assert_eq!(e.to_string(), "operation timeout of 5s elapsed");
    }
}
