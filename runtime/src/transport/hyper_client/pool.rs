//! Keep-alive connections waiting for their next request.
//!
//! No background task tends the pool: a connection is checked when it is
//! taken out, and one that has closed, is busy or has idled too long is
//! dropped there. The number kept per server is bounded, so a burst of
//! concurrent calls cannot leave hundreds of sockets open afterwards.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

/// What the pool needs to know about a connection.
pub(super) trait Reusable {
    /// The connection is gone for good.
    fn is_closed(&self) -> bool;
    /// The connection can take a request now.
    fn is_ready(&self) -> bool;
}

/// Idle connections keyed by server.
pub(super) struct Pool<K, C> {
    idle: Mutex<HashMap<K, Vec<Idle<C>>>>,
    max_idle_per_host: usize,
    idle_timeout: Option<Duration>,
}

struct Idle<C> {
    conn: C,
    since: Instant,
}

impl<K: Eq + Hash + Clone, C: Reusable> Pool<K, C> {
    pub(super) fn new(max_idle_per_host: usize, idle_timeout: Option<Duration>) -> Self {
        Self {
            idle: Mutex::new(HashMap::new()),
            max_idle_per_host,
            idle_timeout,
        }
    }

    /// The most recently used connection to `key` that can take a request.
    pub(super) fn checkout(&self, key: &K) -> Option<C> {
        let now = Instant::now();
        let mut idle = self.lock();
        let list = idle.get_mut(key)?;
        let mut found = None;
        // Most recent first: it is the least likely to have been closed by the
        // server or a NAT box in the meantime.
        while let Some(candidate) = list.pop() {
            if self.usable(&candidate, now) {
                found = Some(candidate.conn);
                break;
            }
        }
        if list.is_empty() {
            idle.remove(key);
        }
        found
    }

    /// Keeps `conn` for the next request to `key`, evicting the connection
    /// idle longest when `key` already has its share.
    pub(super) fn checkin(&self, key: &K, conn: C) {
        if self.max_idle_per_host == 0 {
            return;
        }
        let now = Instant::now();
        let mut idle = self.lock();
        let list = idle.entry(key.clone()).or_default();
        list.retain(|c| self.usable(c, now));
        if list.len() >= self.max_idle_per_host {
            list.remove(0);
        }
        list.push(Idle { conn, since: now });
    }

    fn usable(&self, idle: &Idle<C>, now: Instant) -> bool {
        let expired = self
            .idle_timeout
            .is_some_and(|timeout| now.saturating_duration_since(idle.since) >= timeout);
        !expired && !idle.conn.is_closed() && idle.conn.is_ready()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<K, Vec<Idle<C>>>> {
        // The map stays consistent at every step, so a panic elsewhere while
        // it was locked does not make it unusable.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<K, C> fmt::Debug for Pool<K, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let idle = self
            .idle
            .lock()
            .map(|idle| idle.values().map(Vec::len).sum::<usize>())
            .unwrap_or(0);
        f.debug_struct("Pool")
            .field("idle", &idle)
            .field("max_idle_per_host", &self.max_idle_per_host)
            .field("idle_timeout", &self.idle_timeout)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// A connection whose state the test flips.
    #[derive(Clone, Debug)]
    struct Fake {
        id: u32,
        closed: Arc<AtomicBool>,
        busy: Arc<AtomicBool>,
    }

    impl Fake {
        fn new(id: u32) -> Self {
            Self {
                id,
                closed: Arc::new(AtomicBool::new(false)),
                busy: Arc::new(AtomicBool::new(false)),
            }
        }
    }

    impl Reusable for Fake {
        fn is_closed(&self) -> bool {
            self.closed.load(Ordering::SeqCst)
        }
        fn is_ready(&self) -> bool {
            !self.busy.load(Ordering::SeqCst)
        }
    }

    fn id(conn: Option<Fake>) -> Option<u32> {
        conn.map(|c| c.id)
    }

    #[test]
    fn hands_out_the_most_recent_connection_of_the_key() {
        let pool = Pool::new(4, None);
        pool.checkin(&"a", Fake::new(1));
        pool.checkin(&"a", Fake::new(2));
        pool.checkin(&"b", Fake::new(3));
        assert_eq!(id(pool.checkout(&"a")), Some(2));
        assert_eq!(id(pool.checkout(&"a")), Some(1));
        assert_eq!(id(pool.checkout(&"a")), None);
        assert_eq!(id(pool.checkout(&"b")), Some(3));
    }

    #[test]
    fn skips_closed_and_busy_connections() {
        let pool = Pool::new(4, None);
        let closed = Fake::new(1);
        let busy = Fake::new(2);
        pool.checkin(&"a", Fake::new(0));
        pool.checkin(&"a", closed.clone());
        pool.checkin(&"a", busy.clone());
        closed.closed.store(true, Ordering::SeqCst);
        busy.busy.store(true, Ordering::SeqCst);
        assert_eq!(id(pool.checkout(&"a")), Some(0));
        assert_eq!(id(pool.checkout(&"a")), None);
    }

    #[test]
    fn keeps_at_most_the_bound_per_key() {
        let pool = Pool::new(2, None);
        for n in 1..=3 {
            pool.checkin(&"a", Fake::new(n));
        }
        assert_eq!(id(pool.checkout(&"a")), Some(3));
        assert_eq!(id(pool.checkout(&"a")), Some(2));
        assert_eq!(id(pool.checkout(&"a")), None, "the oldest was evicted");
    }

    #[test]
    fn a_bound_of_zero_disables_pooling() {
        let pool = Pool::new(0, None);
        pool.checkin(&"a", Fake::new(1));
        assert_eq!(id(pool.checkout(&"a")), None);
    }

    #[tokio::test(start_paused = true)]
    async fn drops_connections_idle_past_the_timeout() {
        let pool = Pool::new(4, Some(Duration::from_secs(90)));
        pool.checkin(&"a", Fake::new(1));
        tokio::time::advance(Duration::from_secs(60)).await;
        pool.checkin(&"a", Fake::new(2));
        tokio::time::advance(Duration::from_secs(30)).await;
        assert_eq!(id(pool.checkout(&"a")), Some(2));
        pool.checkin(&"a", Fake::new(2));
        assert_eq!(id(pool.checkout(&"a")), Some(2));
        assert_eq!(id(pool.checkout(&"a")), None, "1 idled for 90 s");
    }
}
