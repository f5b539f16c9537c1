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

/// Encodes `bytes` as base64 with the standard alphabet and `=` padding
/// (RFC 4648 §4), as awsJson and restJson send blobs.
pub fn encode(bytes: &[u8]) -> String {
    aws_smithy_types::base64::encode(bytes)
}

/// Decodes standard, padded base64 (RFC 4648 §4). Whitespace, the URL-safe
/// alphabet and missing padding are errors.
pub fn decode(text: &str) -> Result<Vec<u8>, Base64DecodeError> {
    aws_smithy_types::base64::decode(text).map_err(|_| Base64DecodeError { _private: () })
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
}
