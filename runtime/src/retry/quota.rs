//! The retry quota: a token bucket shared by every operation of a client.
//!
//! Per the AWS standard retry mode: the bucket starts with 500 tokens; a
//! retry takes 5 (10 after a timeout) and is not made when the bucket cannot
//! pay; a request that succeeds on its first attempt adds 1 token back, and
//! one that succeeds after retrying gives back what its last retry took.
//! Retries of a request that finally fails stay spent, so a service that
//! keeps failing drains the bucket and the client stops retrying it until
//! successes refill it.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// Tokens a new bucket holds, and the most it can hold.
pub const DEFAULT_RETRY_QUOTA: u32 = 500;
/// Tokens a retry takes.
pub const RETRY_COST: u32 = 5;
/// Tokens a retry after a timeout takes.
pub const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens a success on the first attempt gives back.
pub const NO_RETRY_INCREMENT: u32 = 1;

/// A thread-safe token bucket limiting retries; clones share their tokens.
#[derive(Clone)]
pub struct RetryQuota {
    tokens: Arc<Tokens>,
}

struct Tokens {
    available: AtomicU32,
    capacity: u32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self::new(DEFAULT_RETRY_QUOTA)
    }
}

impl RetryQuota {
    /// A full bucket of `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        Self {
            tokens: Arc::new(Tokens {
                available: AtomicU32::new(capacity),
                capacity,
            }),
        }
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        // Tokens guard no other memory: relaxed ordering is enough.
        self.tokens.available.load(Ordering::Relaxed)
    }

    /// The most tokens the bucket holds.
    pub fn capacity(&self) -> u32 {
        self.tokens.capacity
    }

    /// Takes `cost` tokens for a retry; `false`, taking nothing, when fewer
    /// are left.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        self.tokens
            .available
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |available| {
                available.checked_sub(cost)
            })
            .is_ok()
    }

    /// Records a successful request: refunds `last_retry_cost` when the
    /// request was retried, otherwise adds [`NO_RETRY_INCREMENT`].
    pub(crate) fn record_success(&self, last_retry_cost: Option<u32>) {
        let amount = last_retry_cost.unwrap_or(NO_RETRY_INCREMENT);
        let capacity = self.tokens.capacity;
        // The closure always returns `Some`, so the update cannot fail.
        let _ =
            self.tokens
                .available
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |available| {
                    Some(available.saturating_add(amount).min(capacity))
                });
    }
}

impl fmt::Debug for RetryQuota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryQuota")
            .field("available", &self.available())
            .field("capacity", &self.capacity())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_full_with_500_tokens() {
        let quota = RetryQuota::default();
        assert_eq!(quota.available(), 500);
        assert_eq!(quota.capacity(), 500);
    }

    #[test]
    fn retries_spend_until_the_bucket_cannot_pay() {
        let quota = RetryQuota::new(22);
        assert!(quota.try_acquire(TIMEOUT_RETRY_COST));
        assert!(quota.try_acquire(RETRY_COST));
        assert!(quota.try_acquire(RETRY_COST));
        assert_eq!(quota.available(), 2);
        assert!(!quota.try_acquire(RETRY_COST), "2 tokens cannot pay 5");
        assert_eq!(quota.available(), 2, "a refused retry takes nothing");
        assert!(quota.try_acquire(2));
        assert_eq!(quota.available(), 0);
    }

    #[test]
    fn a_default_bucket_pays_for_100_retries_or_50_after_timeouts() {
        let quota = RetryQuota::default();
        assert_eq!(
            (0..200).filter(|_| quota.try_acquire(RETRY_COST)).count(),
            100
        );
        let quota = RetryQuota::default();
        let paid = (0..200)
            .filter(|_| quota.try_acquire(TIMEOUT_RETRY_COST))
            .count();
        assert_eq!(paid, 50);
    }

    #[test]
    fn success_refunds_the_last_retry_or_one_token() {
        let quota = RetryQuota::new(100);
        assert!(quota.try_acquire(30));
        quota.record_success(None);
        assert_eq!(quota.available(), 71);
        quota.record_success(Some(TIMEOUT_RETRY_COST));
        assert_eq!(quota.available(), 81);
        quota.record_success(Some(RETRY_COST));
        assert_eq!(quota.available(), 86);
    }

    #[test]
    fn refunds_never_overfill() {
        let quota = RetryQuota::new(10);
        quota.record_success(None);
        assert_eq!(quota.available(), 10);
        assert!(quota.try_acquire(RETRY_COST));
        quota.record_success(Some(TIMEOUT_RETRY_COST));
        assert_eq!(quota.available(), 10);
    }

    #[test]
    fn clones_share_tokens_across_threads() {
        let quota = RetryQuota::new(1000);
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let quota = quota.clone();
                std::thread::spawn(move || (0..100).filter(|_| quota.try_acquire(5)).count())
            })
            .collect();
        let paid: usize = threads
            .into_iter()
            .map(|t| t.join().expect("no thread panics"))
            .sum();
        assert_eq!(paid, 200);
        assert_eq!(quota.available(), 0);
    }
}
