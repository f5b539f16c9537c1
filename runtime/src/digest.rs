//! The hashes the runtime takes: SHA-256 (SigV4's payload and canonical
//! request, Glacier's tree hash, the `SHA256` flexible checksum),
//! HMAC-SHA256 (SigV4) and SHA-1 (the `SHA1` flexible checksum, the SSO
//! token cache's file names) from ring, and MD5 (`Content-MD5`), which ring
//! does not offer, written here.
//!
//! ring is the default TLS's cryptography, so it is compiled anyway; the
//! RustCrypto crates the runtime used before (`sha2`, `hmac`, `md-5`) were
//! eleven more crates and about 2.3 s of CPU in a clean debug build
//! (BENCHMARKS.md, "Fewer crates"). ring uses the CPU's SHA
//! instructions where it has them, as `sha2` did.

use ring::{digest, hmac};

/// A SHA-256 being computed.
#[derive(Clone)]
pub(crate) struct Sha256(digest::Context);

impl Default for Sha256 {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha256 {
    pub(crate) fn new() -> Self {
        Self(digest::Context::new(&digest::SHA256))
    }

    pub(crate) fn update(&mut self, data: impl AsRef<[u8]>) {
        self.0.update(data.as_ref());
    }

    pub(crate) fn finish(self) -> [u8; 32] {
        array(self.0.finish().as_ref())
    }

    /// The SHA-256 of `data`.
    pub(crate) fn digest(data: &[u8]) -> [u8; 32] {
        array(digest::digest(&digest::SHA256, data).as_ref())
    }
}

/// A SHA-1 being computed.
#[derive(Clone)]
pub(crate) struct Sha1(digest::Context);

impl Sha1 {
    pub(crate) fn new() -> Self {
        Self(digest::Context::new(&digest::SHA1_FOR_LEGACY_USE_ONLY))
    }

    pub(crate) fn update(&mut self, data: impl AsRef<[u8]>) {
        self.0.update(data.as_ref());
    }

    pub(crate) fn finish(self) -> [u8; 20] {
        array(self.0.finish().as_ref())
    }
}

/// The state of a hash shows nothing of the data hashed.
impl std::fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sha256")
    }
}

impl std::fmt::Debug for Sha1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sha1")
    }
}

/// An HMAC-SHA256 key, with the hash states of its inner and outer pads
/// computed once: SigV4 signs every request of a day with the same key.
#[derive(Clone)]
pub(crate) struct HmacKey(hmac::Key);

impl HmacKey {
    pub(crate) fn new(key: &[u8]) -> Self {
        Self(hmac::Key::new(hmac::HMAC_SHA256, key))
    }

    /// The HMAC of `data` under this key.
    pub(crate) fn sign(&self, data: &[u8]) -> [u8; 32] {
        array(hmac::sign(&self.0, data).as_ref())
    }

    /// An HMAC under this key, to be given its data in pieces.
    pub(crate) fn start(&self) -> Hmac {
        Hmac(hmac::Context::with_key(&self.0))
    }
}

/// An HMAC-SHA256 being computed.
pub(crate) struct Hmac(hmac::Context);

impl Hmac {
    pub(crate) fn update(&mut self, data: impl AsRef<[u8]>) {
        self.0.update(data.as_ref());
    }

    pub(crate) fn finish(self) -> [u8; 32] {
        array(self.0.sign().as_ref())
    }
}

/// The first `N` bytes of a digest ring computed (its length is the
/// algorithm's, so exactly `N`).
fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&bytes[..N]);
    out
}

/// MD5 (RFC 1321) of `data`, for the `Content-MD5` header of
/// `@httpChecksumRequired` operations: a whole in-memory body, so one call.
pub(crate) fn md5(data: &[u8]) -> [u8; 16] {
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    let mut blocks = data.chunks_exact(64);
    for block in &mut blocks {
        md5_block(&mut state, block);
    }
    // The rest, the `0x80` byte, zeros, and the length in bits
    // (little-endian): one block, or two when the rest leaves no room.
    let rest = blocks.remainder();
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let end = if rest.len() < 56 { 64 } else { 128 };
    let bits = (data.len() as u64).wrapping_mul(8);
    tail[end - 8..end].copy_from_slice(&bits.to_le_bytes());
    for block in tail[..end].chunks_exact(64) {
        md5_block(&mut state, block);
    }
    let mut out = [0u8; 16];
    for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_le_bytes());
    }
    out
}

/// The per-round shift amounts of RFC 1321, four per round.
const MD5_SHIFTS: [[u32; 4]; 4] = [
    [7, 12, 17, 22],
    [5, 9, 14, 20],
    [4, 11, 16, 23],
    [6, 10, 15, 21],
];

/// `floor(abs(sin(i + 1)) * 2^32)`, the additive constants of RFC 1321.
const MD5_K: [u32; 64] = [
    0xd76a_a478,
    0xe8c7_b756,
    0x2420_70db,
    0xc1bd_ceee,
    0xf57c_0faf,
    0x4787_c62a,
    0xa830_4613,
    0xfd46_9501,
    0x6980_98d8,
    0x8b44_f7af,
    0xffff_5bb1,
    0x895c_d7be,
    0x6b90_1122,
    0xfd98_7193,
    0xa679_438e,
    0x49b4_0821,
    0xf61e_2562,
    0xc040_b340,
    0x265e_5a51,
    0xe9b6_c7aa,
    0xd62f_105d,
    0x0244_1453,
    0xd8a1_e681,
    0xe7d3_fbc8,
    0x21e1_cde6,
    0xc337_07d6,
    0xf4d5_0d87,
    0x455a_14ed,
    0xa9e3_e905,
    0xfcef_a3f8,
    0x676f_02d9,
    0x8d2a_4c8a,
    0xfffa_3942,
    0x8771_f681,
    0x6d9d_6122,
    0xfde5_380c,
    0xa4be_ea44,
    0x4bde_cfa9,
    0xf6bb_4b60,
    0xbebf_bc70,
    0x289b_7ec6,
    0xeaa1_27fa,
    0xd4ef_3085,
    0x0488_1d05,
    0xd9d4_d039,
    0xe6db_99e5,
    0x1fa2_7cf8,
    0xc4ac_5665,
    0xf429_2244,
    0x432a_ff97,
    0xab94_23a7,
    0xfc93_a039,
    0x655b_59c3,
    0x8f0c_cc92,
    0xffef_f47d,
    0x8584_5dd1,
    0x6fa8_7e4f,
    0xfe2c_e6e0,
    0xa301_4314,
    0x4e08_11a1,
    0xf753_7e82,
    0xbd3a_f235,
    0x2ad7_d2bb,
    0xeb86_d391,
];

/// One 64-byte block of MD5.
fn md5_block(state: &mut [u32; 4], block: &[u8]) {
    let mut words = [0u32; 16];
    for (word, bytes) in words.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    let [mut a, mut b, mut c, mut d] = *state;
    for i in 0..64 {
        let (mix, index) = match i / 16 {
            0 => ((b & c) | (!b & d), i),
            1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
            2 => (b ^ c ^ d, (3 * i + 5) % 16),
            _ => (c ^ (b | !d), (7 * i) % 16),
        };
        let sum = mix
            .wrapping_add(a)
            .wrapping_add(MD5_K[i])
            .wrapping_add(words[index]);
        a = d;
        d = c;
        c = b;
        b = b.wrapping_add(sum.rotate_left(MD5_SHIFTS[i / 16][i % 4]));
    }
    for (value, add) in state.iter_mut().zip([a, b, c, d]) {
        *value = value.wrapping_add(add);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hex(bytes: &[u8]) -> String {
        crate::sign::hex(bytes)
    }

    /// The test suite of RFC 1321, appendix A.5.
    #[test]
    fn md5_gives_the_rfc_1321_digests() {
        let cases = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                "abcdefghijklmnopqrstuvwxyz",
                "c3fcd3d76192e4007dfb496cca67e13b",
            ),
            (
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                "d174ab98d277d9f5a5611c2c9f419d9f",
            ),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(hex(&md5(input.as_bytes())), expected, "{input:?}");
        }
    }

    #[test]
    fn sha_digests_are_the_fips_ones() {
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut sha256 = Sha256::new();
        sha256.update("a");
        sha256.update(b"bc");
        assert_eq!(sha256.finish(), Sha256::digest(b"abc"));
        let mut sha1 = Sha1::new();
        sha1.update(b"abc");
        assert_eq!(
            hex(&sha1.finish()),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
    }

    /// RFC 4231, test case 2.
    #[test]
    fn hmac_gives_the_rfc_4231_value() {
        let key = HmacKey::new(b"Jefe");
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assert_eq!(hex(&key.sign(b"what do ya want for nothing?")), expected);
        let mut pieces = key.start();
        pieces.update("what do ya want ");
        pieces.update(b"for nothing?");
        assert_eq!(hex(&pieces.finish()), expected);
    }

    proptest! {
        /// Every length around the block and padding boundaries, against
        /// the `md-5` crate.
        #[test]
        fn md5_matches_the_md5_crate(data in proptest::collection::vec(any::<u8>(), 0..300)) {
            use md5_reference::Digest;
            let expected: [u8; 16] = md5_reference::Md5::digest(&data).into();
            prop_assert_eq!(md5(&data), expected);
        }
    }
}
