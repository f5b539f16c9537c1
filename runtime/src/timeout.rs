//! Timeouts: how long to wait for a connection, a response, an attempt, an
//! operation, and for a stream that stopped moving.
//!
//! The connect and read timeouts and [`StalledStreamProtection`] are
//! enforced by the transport (see [`crate::transport::HyperTransport`]); the
//! attempt and operation timeouts by the orchestrator, so they hold whatever
//! transport is plugged in.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// The connect timeout of the official SDKs' standard defaults.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// The grace period of [`StalledStreamProtection`], as in aws-sdk-rust.
pub const DEFAULT_STALL_GRACE_PERIOD: Duration = Duration::from_secs(5);

/// Timeout settings of a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Option<Duration>,
    read: Option<Duration>,
    attempt: Option<Duration>,
    operation: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl TimeoutConfig {
    /// The defaults of the official SDKs: a 3.1 second connect timeout, no
    /// read, attempt or operation timeout. (A response may rightly take
    /// minutes, such as a synchronous Lambda invocation; a body that stops
    /// arriving is caught by [`StalledStreamProtection`].)
    pub const fn new() -> Self {
        Self {
            connect: Some(DEFAULT_CONNECT_TIMEOUT),
            read: None,
            attempt: None,
            operation: None,
        }
    }

    /// No timeouts at all, not even for connecting.
    pub const fn disabled() -> Self {
        Self {
            connect: None,
            read: None,
            attempt: None,
            operation: None,
        }
    }

    /// Limits the time to establish a connection (DNS, TCP, a proxy's
    /// tunnel and TLS).
    pub const fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect = Some(timeout);
        self
    }

    /// Sets or clears the connect timeout.
    pub const fn set_connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect = timeout;
        self
    }

    /// Limits each wait for data from the server: for the response to begin
    /// once the request is sent, then between two reads of its body, as the
    /// AWS CLI's `--cli-read-timeout` does. A read that runs out of time
    /// fails the attempt with a timeout, which is retried.
    pub const fn with_read_timeout(mut self, timeout: Duration) -> Self {
        self.read = Some(timeout);
        self
    }

    /// Sets or clears the read timeout.
    pub const fn set_read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.read = timeout;
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

    /// The read timeout, if any.
    pub const fn read_timeout(&self) -> Option<Duration> {
        self.read
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

/// Fails an attempt whose upload or download stops moving, as aws-sdk-rust's
/// stalled-stream protection does: a request body the server stops reading,
/// or a response body that stops arriving, for longer than the grace period
/// fails the attempt with a retryable timeout. Waiting for the response to
/// begin is not a stall (the service may be working); bound that with a
/// read or attempt timeout.
///
/// On by default with a 5 second grace period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StalledStreamProtection {
    grace_period: Option<Duration>,
}

impl Default for StalledStreamProtection {
    fn default() -> Self {
        Self::enabled()
    }
}

impl StalledStreamProtection {
    /// On, with the default grace period of 5 seconds.
    pub const fn enabled() -> Self {
        Self {
            grace_period: Some(DEFAULT_STALL_GRACE_PERIOD),
        }
    }

    /// Off: a stream may stop moving for as long as the other timeouts allow.
    pub const fn disabled() -> Self {
        Self { grace_period: None }
    }

    /// On, with this grace period.
    pub const fn with_grace_period(grace_period: Duration) -> Self {
        Self {
            grace_period: Some(grace_period),
        }
    }

    /// The grace period, or `None` when off.
    pub const fn grace_period(&self) -> Option<Duration> {
        self.grace_period
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
        assert_eq!(config.read_timeout(), None);
        assert_eq!(config.attempt_timeout(), None);
        assert_eq!(config.operation_timeout(), None);
        assert_eq!(
            StalledStreamProtection::default().grace_period(),
            Some(Duration::from_secs(5))
        );
        assert_eq!(StalledStreamProtection::disabled().grace_period(), None);
    }

    #[test]
    fn builders_set_each_timeout() {
        let config = TimeoutConfig::disabled()
            .with_attempt_timeout(Duration::from_secs(2))
            .with_operation_timeout(Duration::from_secs(10))
            .with_read_timeout(Duration::from_secs(60));
        assert_eq!(config.connect_timeout(), None);
        assert_eq!(config.read_timeout(), Some(Duration::from_secs(60)));
        assert_eq!(config.set_read_timeout(None).read_timeout(), None);
        assert_eq!(
            config
                .set_connect_timeout(Some(Duration::from_secs(1)))
                .connect_timeout(),
            Some(Duration::from_secs(1))
        );
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
