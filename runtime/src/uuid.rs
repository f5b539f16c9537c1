//! Random (version 4) UUIDs, and the crate's source of random bytes.
//!
//! The orchestrator stamps every operation with an `amz-sdk-invocation-id`,
//! and generated code fills `@idempotencyToken` members the caller left
//! unset; both only need a unique, unguessable string, so a full UUID crate
//! would be dead weight.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A new random UUID (RFC 4122, version 4), lower-case and hyphenated:
/// `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx` where `V` is one of `8`, `9`, `a`, `b`.
pub fn v4() -> String {
    format_v4(random_bytes())
}

/// Where `@idempotencyToken` values come from when the caller leaves one
/// unset: a new random UUID each call (the default), or a fixed token,
/// for tests that compare requests byte for byte. Set on the client's
/// configuration (`idempotency_token_provider`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdempotencyTokenProvider(Option<std::sync::Arc<str>>);

impl IdempotencyTokenProvider {
    /// A new random UUID for every call.
    pub fn random() -> Self {
        Self(None)
    }

    /// Always `token`.
    pub fn fixed(token: impl Into<String>) -> Self {
        Self(Some(std::sync::Arc::from(token.into())))
    }

    fn token(&self) -> String {
        match &self.0 {
            Some(token) => token.to_string(),
            None => v4(),
        }
    }
}

std::thread_local! {
    /// The provider of the operation being serialized on this thread.
    static PROVIDER: std::cell::RefCell<Option<IdempotencyTokenProvider>> =
        const { std::cell::RefCell::new(None) };
}

/// A token for an `@idempotencyToken` member the caller left unset: from
/// the client's [`IdempotencyTokenProvider`] while its operation is being
/// serialized, else a new random UUID. Generated serializers call this.
pub fn idempotency_token() -> String {
    PROVIDER
        .with(|p| p.borrow().as_ref().map(IdempotencyTokenProvider::token))
        .unwrap_or_else(v4)
}

/// Runs `serialize` (synchronous, on this thread) with `provider` giving
/// the idempotency tokens.
pub(crate) fn with_provider<T>(
    provider: &IdempotencyTokenProvider,
    serialize: impl FnOnce() -> T,
) -> T {
    let previous = PROVIDER.with(|p| p.replace(Some(provider.clone())));
    let result = serialize();
    PROVIDER.with(|p| *p.borrow_mut() = previous);
    result
}

/// Stamps the version and variant bits on 16 random bytes and formats them.
fn format_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// `N` random bytes from the operating system (`N` at most [`POOL`]).
///
/// Taken from a per-thread pool that one system call fills with 512 bytes,
/// so that the invocation id every call carries does not cost a system call
/// of its own (about 3% of an in-memory call). The bytes are the operating
/// system's all the same; a process that forks without `exec` shares its
/// threads' unused pool with the child, as with any user-space generator
/// (the official SDK's `fastrand` included).
///
/// Should the operating system refuse (which no supported platform does in
/// practice), the bytes come from the clock, a process-wide counter and the
/// address of a stack slot, mixed by SplitMix64: unpredictable enough for an
/// invocation id or backoff jitter, and much better than panicking.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    const { assert!(N <= POOL, "more random bytes than a pool holds") };
    let mut bytes = [0u8; N];
    POOL_BYTES.with(|pool| {
        let mut pool = pool.borrow_mut();
        if pool.next + N > POOL {
            if getrandom::getrandom(&mut pool.bytes).is_err() {
                fallback_fill(&mut pool.bytes);
            }
            pool.next = 0;
        }
        let start = pool.next;
        bytes.copy_from_slice(&pool.bytes[start..start + N]);
        // Used bytes are not kept: each is handed out once.
        pool.bytes[start..start + N].fill(0);
        pool.next += N;
    });
    bytes
}

/// The size of a thread's pool of random bytes.
const POOL: usize = 512;

struct Pool {
    bytes: [u8; POOL],
    /// The first byte not handed out yet; `POOL` when empty.
    next: usize,
}

std::thread_local! {
    static POOL_BYTES: std::cell::RefCell<Pool> = const {
        std::cell::RefCell::new(Pool { bytes: [0; POOL], next: POOL })
    };
}

fn fallback_fill(bytes: &mut [u8]) {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let stack_slot = 0u8;
    let address = std::ptr::addr_of!(stack_slot) as usize as u64;
    let mut state = nanos ^ address.rotate_left(32) ^ COUNTER.fetch_add(1, Ordering::Relaxed);
    for chunk in bytes.chunks_mut(8) {
        let word = splitmix64(&mut state).to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_bytes() {
        let bytes = [
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
            0xee, 0xff,
        ];
        // Byte 6 gets version 4 in its high nibble, byte 8 the RFC 4122 variant.
        assert_eq!(format_v4(bytes), "00112233-4455-4677-8899-aabbccddeeff");
        assert_eq!(
            format_v4([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert_eq!(format_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn v4_has_the_rfc_shape() {
        let id = v4();
        assert_eq!(id.len(), 36);
        for (i, c) in id.chars().enumerate() {
            match i {
                8 | 13 | 18 | 23 => assert_eq!(c, '-', "{id}"),
                14 => assert_eq!(c, '4', "{id}"),
                19 => assert!(matches!(c, '8' | '9' | 'a' | 'b'), "{id}"),
                _ => assert!(c.is_ascii_hexdigit() && !c.is_ascii_uppercase(), "{id}"),
            }
        }
    }

    #[test]
    fn v4_is_unique() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| v4()).collect();
        assert_eq!(ids.len(), 1000);
    }

    #[test]
    fn fallback_fills_every_byte_and_differs_between_calls() {
        let mut a = [0u8; 20];
        let mut b = [0u8; 20];
        fallback_fill(&mut a);
        fallback_fill(&mut b);
        assert_ne!(a, b);
        assert_ne!(a[16..], [0u8; 4]);
    }

    #[test]
    fn pooled_bytes_are_not_handed_out_twice() {
        // More than a pool's worth, in pieces that do not divide it.
        let draws: Vec<[u8; 24]> = (0..100).map(|_| random_bytes()).collect();
        let unique: std::collections::HashSet<_> = draws.iter().collect();
        assert_eq!(unique.len(), draws.len());
        assert!(draws.iter().all(|d| d != &[0u8; 24]));
    }
}
