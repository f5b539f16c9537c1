//! Flexible checksums (`aws.protocols#httpChecksum`): CRC32, CRC32C,
//! CRC64/NVME, SHA-1 and SHA-256 of a body, sent as `x-amz-checksum-<name>`
//! (base64 of the big-endian digest) and checked on responses.
//!
//! The CRCs and SHA-1 are written here rather than taken from crates:
//! S3's client is at the 70-crate budget of a generated crate's default
//! tree (see BENCHMARKS.md), and four more crates for four small loops is
//! not a trade worth making. Each is checked against its published check
//! value and against known digests in the tests; SHA-256 is `sha2`'s,
//! already in the tree for SigV4.

use crate::digest::{Sha1, Sha256};
use std::fmt;

/// A checksum algorithm S3 accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// CRC-32 (ISO-HDLC, as in zlib).
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl Algorithm {
    /// Every algorithm, in the order responses are checked: the cheapest
    /// first.
    pub const ALL: [Algorithm; 5] = [
        Algorithm::Crc64Nvme,
        Algorithm::Crc32,
        Algorithm::Crc32c,
        Algorithm::Sha1,
        Algorithm::Sha256,
    ];

    /// The algorithm a `ChecksumAlgorithm` value names (`CRC32`, `crc32c`,
    /// `CRC64NVME`, `SHA1`, `SHA256`; any case).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// The name models and headers use, upper case (`CRC64NVME`).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "CRC32",
            Algorithm::Crc32c => "CRC32C",
            Algorithm::Crc64Nvme => "CRC64NVME",
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
        }
    }

    /// The header carrying it: `x-amz-checksum-crc32`, …
    pub fn header(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "x-amz-checksum-crc32",
            Algorithm::Crc32c => "x-amz-checksum-crc32c",
            Algorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Algorithm::Sha1 => "x-amz-checksum-sha1",
            Algorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// A new running checksum.
    pub fn hasher(self) -> Hasher {
        Hasher {
            state: match self {
                Algorithm::Crc32 => State::Crc32(!0),
                Algorithm::Crc32c => State::Crc32c(!0),
                Algorithm::Crc64Nvme => State::Crc64(!0),
                Algorithm::Sha1 => State::Sha1(Box::new(Sha1::new())),
                Algorithm::Sha256 => State::Sha256(Box::default()),
            },
        }
    }

    /// The checksum of `data`, as its header carries it.
    pub fn checksum(self, data: &[u8]) -> String {
        let mut hasher = self.hasher();
        hasher.update(data);
        hasher.finish()
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A checksum being computed over data given in pieces.
#[derive(Clone, Debug)]
pub struct Hasher {
    state: State,
}

#[derive(Clone, Debug)]
enum State {
    Crc32(u32),
    Crc32c(u32),
    Crc64(u64),
    Sha1(Box<Sha1>),
    Sha256(Box<Sha256>),
}

impl Hasher {
    /// Adds `data`.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Crc32(crc) => *crc = crc32_update(&CRC32_TABLE, *crc, data),
            State::Crc32c(crc) => *crc = crc32_update(&CRC32C_TABLE, *crc, data),
            State::Crc64(crc) => {
                for &byte in data {
                    *crc = CRC64_TABLE[usize::from((*crc as u8) ^ byte)] ^ (*crc >> 8);
                }
            }
            State::Sha1(sha1) => sha1.update(data),
            State::Sha256(sha256) => sha256.update(data),
        }
    }

    /// The checksum, base64 of the big-endian digest.
    pub fn finish(self) -> String {
        let digest: Vec<u8> = match self.state {
            State::Crc32(crc) | State::Crc32c(crc) => (!crc).to_be_bytes().to_vec(),
            State::Crc64(crc) => (!crc).to_be_bytes().to_vec(),
            State::Sha1(sha1) => sha1.finish().to_vec(),
            State::Sha256(sha256) => sha256.finish().to_vec(),
        };
        crate::blob::encode(&digest)
    }
}

/// The request (then response) extension asking for a response body's
/// checksum to be validated: set when an operation's validation mode
/// member (S3's `ChecksumMode`) is `ENABLED`.
#[derive(Clone, Copy, Debug)]
pub struct ValidateResponse;

/// The request extension asking for a checksum of the body, sent in the
/// algorithm's header: set when an operation's algorithm member (S3's
/// `ChecksumAlgorithm`) is.
#[derive(Clone, Copy, Debug)]
pub struct RequestChecksum(pub Algorithm);

/// Asks for `algorithm_name`'s checksum of `request`'s body (computed as
/// the request is prepared, before it is signed).
///
/// # Errors
/// When the name is not an algorithm this client knows.
pub fn request_checksum(
    request: &mut crate::operation::HttpRequest,
    algorithm_name: &str,
) -> Result<(), crate::error::BuildError> {
    let algorithm = Algorithm::from_name(algorithm_name).ok_or_else(|| {
        crate::error::BuildError::other(format!(
            "checksum algorithm `{algorithm_name}` is not supported (CRC32, CRC32C, CRC64NVME, SHA1 and SHA256 are)"
        ))
    })?;
    request.extensions_mut().insert(RequestChecksum(algorithm));
    Ok(())
}

/// The checksum a response says its body has, when validation was asked
/// for: the first algorithm of [`Algorithm::ALL`] whose header it carries.
/// A checksum of part checksums (`…-3`, from multipart uploads) is not of
/// the body and is not checked.
pub fn expected_response_checksum(
    response: &crate::operation::HttpResponse,
) -> Option<(Algorithm, String)> {
    response.extensions().get::<ValidateResponse>()?;
    Algorithm::ALL.into_iter().find_map(|algorithm| {
        let value = response.headers().get(algorithm.header())?.to_str().ok()?;
        (!value.contains('-')).then(|| (algorithm, value.to_owned()))
    })
}

/// A reflected CRC-32 table for `poly` (reversed form).
const fn crc32_table(poly: u32) -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ poly
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

const CRC32_TABLE: [u32; 256] = crc32_table(0xEDB8_8320);
const CRC32C_TABLE: [u32; 256] = crc32_table(0x82F6_3B78);

/// The reflected CRC-64/NVME table (reversed polynomial).
const CRC64_TABLE: [u64; 256] = {
    let poly: u64 = 0x9A6C_9329_AC4B_C9B5;
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ poly
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

/// The CRC-32 (ISO-HDLC, as zlib's) of `data`: what event-stream frames
/// carry.
#[cfg(feature = "event-stream")]
pub(crate) fn crc32(data: &[u8]) -> u32 {
    !crc32_update(&CRC32_TABLE, !0, data)
}

fn crc32_update(table: &[u32; 256], mut crc: u32, data: &[u8]) -> u32 {
    for &byte in data {
        crc = table[usize::from((crc as u8) ^ byte)] ^ (crc >> 8);
    }
    crc
}

/// The SHA-1 digest of `data` in lowercase hex: the file names of the AWS
/// CLI's SSO token cache.
pub(crate) fn sha1_hex(data: &[u8]) -> String {
    let mut sha1 = Sha1::new();
    sha1.update(data);
    crate::sign::hex(&sha1.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_digest(algorithm: Algorithm, data: &[u8]) -> String {
        let decoded = crate::blob::decode(&algorithm.checksum(data)).unwrap();
        decoded.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn crcs_give_their_published_check_values() {
        // The catalogue's check value: the CRC of "123456789".
        assert_eq!(hex_digest(Algorithm::Crc32, b"123456789"), "cbf43926");
        assert_eq!(hex_digest(Algorithm::Crc32c, b"123456789"), "e3069283");
        assert_eq!(
            hex_digest(Algorithm::Crc64Nvme, b"123456789"),
            "ae8b14860a799888"
        );
    }

    #[test]
    fn sha1_gives_the_fips_digests() {
        assert_eq!(
            hex_digest(Algorithm::Sha1, b""),
            "da39a3ee5e6b4b0d3255bfef95601890afd80709"
        );
        assert_eq!(
            hex_digest(Algorithm::Sha1, b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex_digest(
                Algorithm::Sha1,
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            ),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        let million_a = vec![b'a'; 1_000_000];
        assert_eq!(
            hex_digest(Algorithm::Sha1, &million_a),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
        );
    }

    #[test]
    fn headers_carry_base64_of_the_digest() {
        // S3's documented example values for "Hello world".
        assert_eq!(Algorithm::Crc32.checksum(b"Hello world"), "i9aeUg==");
        assert_eq!(
            Algorithm::Sha256.checksum(b""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn pieces_give_the_same_checksum_as_the_whole() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 256) as u8).collect();
        for algorithm in Algorithm::ALL {
            let mut hasher = algorithm.hasher();
            for piece in data.chunks(37) {
                hasher.update(piece);
            }
            assert_eq!(hasher.finish(), algorithm.checksum(&data), "{algorithm}");
        }
    }

    #[test]
    fn names_parse_in_any_case() {
        assert_eq!(
            Algorithm::from_name("crc64nvme"),
            Some(Algorithm::Crc64Nvme)
        );
        assert_eq!(Algorithm::from_name("SHA256"), Some(Algorithm::Sha256));
        assert_eq!(Algorithm::from_name("MD5"), None);
    }
}
