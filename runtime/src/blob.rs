//! Binary data (Smithy `blob`) and the base64 text it travels as in JSON.

use std::error::Error as StdError;
use std::fmt;

/// A Smithy `blob`: an owned byte string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// A blob holding `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The bytes, by value.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the blob holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<Blob> for Vec<u8> {
    fn from(blob: Blob) -> Self {
        blob.0
    }
}

/// The standard base64 alphabet (RFC 4648 §4).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The six bits each byte of [`ALPHABET`] stands for; `INVALID` for any
/// other byte.
const SEXTETS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};
const INVALID: u8 = 0xff;

/// Encodes `bytes` as base64 with the standard alphabet and `=` padding
/// (RFC 4648 §4), as awsJson and restJson send blobs.
///
/// Written here rather than taken from a crate: the codec is forty lines,
/// and the crate the runtime used (through `aws-smithy-types`) brought six
/// with it (BENCHMARKS.md, "Fewer crates").
pub fn encode(bytes: &[u8]) -> String {
    let letter = |bits: u32| char::from(ALPHABET[(bits & 63) as usize]);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut triples = bytes.chunks_exact(3);
    for triple in &mut triples {
        let n = u32::from(triple[0]) << 16 | u32::from(triple[1]) << 8 | u32::from(triple[2]);
        for shift in [18, 12, 6, 0] {
            out.push(letter(n >> shift));
        }
    }
    match *triples.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.push(letter(n >> 18));
            out.push(letter(n >> 12));
            out.push_str("==");
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.push(letter(n >> 18));
            out.push(letter(n >> 12));
            out.push(letter(n >> 6));
            out.push('=');
        }
        _ => {}
    }
    out
}

/// Decodes standard, padded base64 (RFC 4648 §4). Whitespace, the URL-safe
/// alphabet, missing padding and padding bits that are not zero are errors.
pub fn decode(text: &str) -> Result<Vec<u8>, Base64DecodeError> {
    let text = text.as_bytes();
    if !text.len().is_multiple_of(4) {
        return Err(Base64DecodeError { _private: () });
    }
    let Some(last_start) = text.len().checked_sub(4) else {
        return Ok(Vec::new());
    };
    let (body, last) = text.split_at(last_start);
    let sextet = |byte: u8| match SEXTETS[usize::from(byte)] {
        INVALID => Err(Base64DecodeError { _private: () }),
        bits => Ok(u32::from(bits)),
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for quad in body.chunks_exact(4) {
        let n = sextet(quad[0])? << 18
            | sextet(quad[1])? << 12
            | sextet(quad[2])? << 6
            | sextet(quad[3])?;
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    let n = sextet(last[0])? << 18 | sextet(last[1])? << 12;
    match (last[2], last[3]) {
        (b'=', b'=') if n & 0xffff == 0 => out.push((n >> 16) as u8),
        (b'=', b'=') => return Err(Base64DecodeError { _private: () }),
        (third, b'=') => {
            let n = n | sextet(third)? << 6;
            if n & 0xff != 0 {
                return Err(Base64DecodeError { _private: () });
            }
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8]);
        }
        (third, fourth) => {
            let n = n | sextet(third)? << 6 | sextet(fourth)?;
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        }
    }
    Ok(out)
}

/// A text is not valid standard, padded base64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base64DecodeError {
    _private: (),
}

impl fmt::Display for Base64DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid base64")
    }
}

impl StdError for Base64DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_with_padding() {
        // RFC 4648 §10 test vectors.
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)).unwrap(), all);
        assert!(encode(&[0xfb, 0xff]).contains('+') && encode(&[0xff, 0xff]).contains('/'));
    }

    #[test]
    fn base64_rejects_malformed_text() {
        for bad in [
            "Zg",
            "Zg=",
            "Z",
            "Zm9v YmFy",
            "Zm9v\n",
            "-_8=",
            "Zm9v!",
            "====",
        ] {
            assert!(decode(bad).is_err(), "{bad:?} should not decode");
        }
        assert_eq!(decode("Zg").unwrap_err().to_string(), "invalid base64");
    }

    #[test]
    fn blob_conversions() {
        let blob = Blob::new(*b"abc");
        assert_eq!(blob.as_ref(), b"abc");
        assert_eq!(blob.len(), 3);
        assert!(!blob.is_empty() && Blob::default().is_empty());
        assert_eq!(Blob::from(&b"abc"[..]), blob);
        assert_eq!(Blob::from(b"abc".to_vec()).into_inner(), b"abc");
        assert_eq!(Vec::from(blob), b"abc");
    }

    proptest::proptest! {
        /// Bytes round-trip, and any text made of the alphabet and `=`
        /// decodes exactly when `aws-smithy-types` (the codec the runtime
        /// used before, base64-simd's strict standard one) decodes it, to
        /// the same bytes.
        #[test]
        fn base64_agrees_with_aws_smithy_types(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
            text in "[A-Za-z0-9+/=]{0,16}",
        ) {
            let encoded = encode(&bytes);
            proptest::prop_assert_eq!(&encoded, &aws_smithy_types::base64::encode(&bytes));
            proptest::prop_assert_eq!(decode(&encoded).ok(), Some(bytes));
            proptest::prop_assert_eq!(decode(&text).ok(), aws_smithy_types::base64::decode(&text).ok());
        }
    }
}
