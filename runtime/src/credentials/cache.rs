//! Keeps credentials between requests and refreshes temporary ones before
//! they expire.

use super::{Credentials, CredentialsError, ProvideCredentials, SharedCredentialsProvider};
use crate::auth::BoxFuture;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// How long before expiry temporary credentials are replaced, so a request
/// signed just before the deadline does not reach AWS just after it.
const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// Up to this much more is added to [`REFRESH_BEFORE_EXPIRY`], at random
/// for each credentials, so that the processes of a fleet that loaded
/// credentials together do not all refresh them in the same second.
const REFRESH_JITTER_SECONDS: u64 = 5 * 60;

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Caches what another provider returns.
///
/// Credentials without an expiry are kept for good. Credentials with one are
/// refreshed once less than five to ten minutes (chosen at random for each)
/// of validity remain; callers that
/// arrive during a refresh wait for it instead of starting their own. If a
/// refresh fails while the old credentials are still valid, the old ones are
/// returned and the next call tries again.
pub struct CredentialsCache {
    provider: SharedCredentialsProvider,
    /// Read on every request: a plain mutex held only to clone an `Arc`.
    /// With the credentials, how long before their expiry they are
    /// replaced.
    cached: Mutex<Option<(Credentials, Duration)>>,
    /// Held across a refresh so that concurrent callers share it.
    refreshing: tokio::sync::Mutex<()>,
    clock: Clock,
}

impl CredentialsCache {
    /// Caches `provider`.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self {
            provider: SharedCredentialsProvider::new(provider),
            cached: Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
            clock: Arc::new(SystemTime::now),
        }
    }

    /// Reads time from `clock` instead of the system clock (for tests).
    #[cfg(test)]
    pub(crate) fn with_clock(
        mut self,
        clock: impl Fn() -> SystemTime + Send + Sync + 'static,
    ) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    fn current(&self) -> Option<(Credentials, Duration)> {
        self.cached
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The cached credentials if they need no refresh at `now`.
    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        let (credentials, buffer) = self.current()?;
        match credentials.expiry() {
            None => Some(credentials),
            Some(expiry) => expiry
                .duration_since(now)
                .is_ok_and(|left| left > buffer)
                .then_some(credentials),
        }
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        if let Some(credentials) = self.fresh((self.clock)()) {
            return Ok(credentials);
        }
        let _refreshing = self.refreshing.lock().await;
        // Whoever held the lock before us may have refreshed already.
        let now = (self.clock)();
        if let Some(credentials) = self.fresh(now) {
            return Ok(credentials);
        }
        match self.provider.provide_credentials().await {
            Ok(credentials) => {
                let buffer = REFRESH_BEFORE_EXPIRY + super::jitter_seconds(REFRESH_JITTER_SECONDS);
                *self.cached.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some((credentials.clone(), buffer));
                Ok(credentials)
            }
            Err(error) => match self.current() {
                Some((old, _)) if old.expiry().is_some_and(|expiry| now < expiry) => Ok(old),
                _ => Err(error),
            },
        }
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    /// Hands out numbered credentials (`AKID1`, `AKID2`...) expiring at the
    /// times it is given, then fails once they run out.
    #[derive(Debug)]
    struct Numbered {
        calls: AtomicUsize,
        expiries: Vec<Option<SystemTime>>,
    }

    impl ProvideCredentials for Arc<Numbered> {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                // Yield once so concurrent callers really overlap.
                tokio::task::yield_now().await;
                let n = self.calls.fetch_add(1, Ordering::SeqCst);
                match self.expiries.get(n) {
                    Some(expiry) => Ok(Credentials::new(
                        format!("AKID{}", n + 1),
                        "SECRET",
                        None,
                        *expiry,
                        "Numbered",
                    )),
                    None => Err(CredentialsError::provider_error("Numbered", "exhausted")),
                }
            })
        }
    }

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    /// A cache over `expiries` with a clock the test sets, in seconds.
    fn setup(
        expiries: Vec<Option<SystemTime>>,
    ) -> (CredentialsCache, Arc<Numbered>, Arc<AtomicU64>) {
        let provider = Arc::new(Numbered {
            calls: AtomicUsize::new(0),
            expiries,
        });
        let now = Arc::new(AtomicU64::new(0));
        let clock = now.clone();
        let cache = CredentialsCache::new(provider.clone())
            .with_clock(move || at(clock.load(Ordering::SeqCst)));
        (cache, provider, now)
    }

    async fn key(cache: &CredentialsCache) -> String {
        cache
            .provide_credentials()
            .await
            .map(|c| c.access_key_id().to_owned())
            .unwrap_or_else(|e| e.to_string())
    }

    #[tokio::test]
    async fn credentials_without_expiry_are_loaded_once() {
        let (cache, provider, now) = setup(vec![None, None]);
        assert_eq!(key(&cache).await, "AKID1");
        now.store(u64::MAX / 4, Ordering::SeqCst);
        assert_eq!(key(&cache).await, "AKID1");
        assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn refreshes_five_to_ten_minutes_before_expiry() {
        let (cache, provider, now) = setup(vec![Some(at(3600)), Some(at(7200))]);
        assert_eq!(key(&cache).await, "AKID1");
        now.store(3600 - 601, Ordering::SeqCst);
        assert_eq!(key(&cache).await, "AKID1");
        assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
        now.store(3600 - 300, Ordering::SeqCst);
        assert_eq!(key(&cache).await, "AKID2");
        assert_eq!(key(&cache).await, "AKID2");
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn the_refresh_margin_is_jittered_for_each_credentials() {
        let mut margins = std::collections::BTreeSet::new();
        for _ in 0..20 {
            let (cache, _, _) = setup(vec![Some(at(3600))]);
            key(&cache).await;
            let (_, margin) = cache.current().unwrap();
            assert!(
                (REFRESH_BEFORE_EXPIRY..=REFRESH_BEFORE_EXPIRY + Duration::from_secs(300))
                    .contains(&margin),
                "{margin:?}"
            );
            margins.insert(margin);
        }
        assert!(margins.len() > 1, "{margins:?}");
    }

    #[tokio::test]
    async fn failed_refresh_keeps_valid_credentials_until_they_expire() {
        let (cache, provider, now) = setup(vec![Some(at(3600))]);
        assert_eq!(key(&cache).await, "AKID1");
        now.store(3500, Ordering::SeqCst);
        assert_eq!(key(&cache).await, "AKID1");
        now.store(3600, Ordering::SeqCst);
        assert!(key(&cache).await.contains("exhausted"));
        // Every stale call retried the provider.
        assert_eq!(provider.calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn errors_are_not_cached() {
        let (cache, provider, _) = setup(vec![]);
        assert!(key(&cache).await.contains("exhausted"));
        assert!(key(&cache).await.contains("exhausted"));
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_refresh() {
        let (cache, provider, _) = setup(vec![Some(at(3600)), Some(at(3600))]);
        let cache = Arc::new(cache);
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { key(&cache).await })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap(), "AKID1");
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
    }
}
