//! How long to wait before a retry: "full jitter" exponential backoff.
//!
//! Before retry `n` (after attempt `n` failed) the client sleeps
//! `random(0, 1) × min(initial × 2^(n−1), max)`. The randomness spreads the
//! retries of many clients hit by the same failure instead of having them
//! all come back at once.

use super::RetryConfig;
use std::fmt;
use std::time::Duration;

/// A source of random numbers in `[0, 1)` for backoff jitter; replaceable so
/// tests can know the delays.
pub trait Jitter: Send + Sync + fmt::Debug {
    /// A number in `[0, 1)`. Values outside are clamped into `[0, 1]`, and
    /// NaN counts as 1.
    fn sample(&self) -> f64;
}

/// Uniform jitter from the operating system's random number generator.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomJitter;

impl Jitter for RandomJitter {
    fn sample(&self) -> f64 {
        // The operating system's random bytes, from the runtime's pool.
        let bits = u64::from_le_bytes(crate::uuid::random_bytes());
        // The top 53 bits fill an f64 mantissa exactly: uniform in [0, 1).
        (bits >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The same factor every time: `FixedJitter(1.0)` always waits the whole
/// exponential delay, `FixedJitter(0.0)` never waits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FixedJitter(pub f64);

impl Jitter for FixedJitter {
    fn sample(&self) -> f64 {
        self.0
    }
}

/// The delay before retrying after attempt `attempt` (1 for the first)
/// failed, with `sample` the jitter factor in `[0, 1]`.
pub fn backoff(config: &RetryConfig, attempt: u32, sample: f64) -> Duration {
    let factor = if sample.is_nan() {
        1.0
    } else {
        sample.clamp(0.0, 1.0)
    };
    let exponential = 1u32
        .checked_shl(attempt.saturating_sub(1))
        .and_then(|power| config.initial_backoff().checked_mul(power))
        .unwrap_or(config.max_backoff());
    let ceiling = exponential.min(config.max_backoff());
    // Not `Duration::mul_f64`, which panics when rounding pushes a huge
    // duration past its maximum.
    Duration::try_from_secs_f64(ceiling.as_secs_f64() * factor).unwrap_or(ceiling)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn full_jitter_doubles_up_to_the_ceiling() {
        let config = RetryConfig::standard();
        let full: Vec<Duration> = (1..=7).map(|n| backoff(&config, n, 1.0)).collect();
        let expected = [1.0, 2.0, 4.0, 8.0, 16.0, 20.0, 20.0].map(secs);
        assert_eq!(full, expected);
        assert_eq!(backoff(&config, 1, 0.5), secs(0.5));
        assert_eq!(backoff(&config, 3, 0.25), secs(1.0));
        assert_eq!(backoff(&config, 3, 0.0), Duration::ZERO);
    }

    #[test]
    fn huge_attempt_numbers_stay_at_the_ceiling() {
        let config = RetryConfig::standard();
        assert_eq!(backoff(&config, 33, 1.0), secs(20.0));
        assert_eq!(backoff(&config, u32::MAX, 1.0), secs(20.0));
        assert_eq!(backoff(&config, 0, 1.0), secs(1.0), "attempt 0 counts as 1");
        let unbounded = config
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX);
        assert_eq!(backoff(&unbounded, 2, 1.0), Duration::MAX);
    }

    #[test]
    fn bad_samples_are_clamped() {
        let config = RetryConfig::standard();
        assert_eq!(backoff(&config, 2, f64::NAN), secs(2.0));
        assert_eq!(backoff(&config, 2, 7.0), secs(2.0));
        assert_eq!(backoff(&config, 2, -1.0), Duration::ZERO);
        assert_eq!(backoff(&config, 2, f64::INFINITY), secs(2.0));
    }

    #[test]
    fn configured_backoffs_are_used() {
        let config = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        let full: Vec<Duration> = (1..=4).map(|n| backoff(&config, n, 1.0)).collect();
        assert_eq!(full, [100, 200, 350, 350].map(Duration::from_millis));
    }

    #[test]
    fn random_jitter_stays_in_range_and_varies() {
        let samples: Vec<f64> = (0..1000).map(|_| RandomJitter.sample()).collect();
        assert!(samples.iter().all(|s| (0.0..1.0).contains(s)));
        let low = samples.iter().filter(|s| **s < 0.5).count();
        // 1000 fair coin flips land outside 350..650 with probability < 1e-20.
        assert!((350..650).contains(&low), "{low} of 1000 below 0.5");
    }
}
