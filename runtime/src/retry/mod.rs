//! Retries in the AWS "standard" mode.
//!
//! A failed attempt is retried when another one could succeed: the service
//! throttled us, failed transiently, or the network did (see
//! [`classify_service_error`] and [`classify_transport_error`]). Between
//! attempts the client sleeps a random part of an exponentially growing delay
//! (see [`backoff()`]), and every retry spends tokens from a quota shared by
//! the whole client (see [`RetryQuota`]), so that a service in trouble is not
//! flooded with retries.

mod backoff;
mod classify;
mod quota;

pub use backoff::{FixedJitter, Jitter, RandomJitter, backoff};
pub use classify::{
    RetryClass, THROTTLING_ERROR_CODES, THROTTLING_STATUS_CODES, TRANSIENT_ERROR_CODES,
    TRANSIENT_STATUS_CODES, classify_service_error, classify_transport_error,
    classify_unreadable_response,
};
pub use quota::{
    DEFAULT_RETRY_QUOTA, NO_RETRY_INCREMENT, RETRY_COST, RetryQuota, TIMEOUT_RETRY_COST,
};

use std::time::Duration;

/// How many attempts the standard mode makes by default.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// The backoff before the first retry, before jitter.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_secs(1);
/// The longest backoff, before jitter.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);

/// Retry settings of a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// The standard mode: up to 3 attempts, backoff from 1 s up to 20 s.
    pub const fn standard() -> Self {
        Self {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
        }
    }

    /// One attempt per operation, never retried.
    pub const fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Makes up to `max_attempts` attempts, the first included; 0 counts as 1
    /// since a request is always attempted once.
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        self
    }

    /// The backoff before the first retry, before jitter; it doubles with
    /// every further retry.
    pub const fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff, before jitter.
    pub const fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The most attempts an operation makes, the first included.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before the first retry, before jitter.
    pub const fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest backoff, before jitter.
    pub const fn max_backoff(&self) -> Duration {
        self.max_backoff
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_is_the_default() {
        let config = RetryConfig::default();
        assert_eq!(config, RetryConfig::standard());
        assert_eq!(config.max_attempts(), 3);
        assert_eq!(config.initial_backoff(), Duration::from_secs(1));
        assert_eq!(config.max_backoff(), Duration::from_secs(20));
    }

    #[test]
    fn disabled_makes_one_attempt_and_zero_means_one() {
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
        assert_eq!(
            RetryConfig::standard().with_max_attempts(5).max_attempts(),
            5
        );
    }
}
