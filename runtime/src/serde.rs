//! `serde` support (cargo feature `serde`): the runtime's value types as
//! generated crates serialize them, and the switch that reveals
//! `@sensitive` values.
//!
//! Blobs are base64 strings, timestamps RFC 3339 strings, documents plain
//! JSON values, big numbers strings (so no precision is lost). Generated
//! types serialize with the model's member names; enums as their string
//! (or integer) values, unknown values kept.
//!
//! Members the model marks `@sensitive` serialize as
//! `"*** Sensitive Data Redacted ***"`, so that logging or storing a value
//! never leaks them by accident. A caller that means to serialize them in
//! clear says so for the duration of a closure:
//!
//! ```
//! #[derive(serde::Serialize)]
//! struct Login {
//!     user: String,
//!     #[serde(serialize_with = "lean_runtime::serde::sensitive")]
//!     password: String,
//! }
//! let login = Login { user: "me".into(), password: "hunter2".into() };
//! assert_eq!(
//!     serde_json::to_string(&login)?,
//!     r#"{"user":"me","password":"*** Sensitive Data Redacted ***"}"#
//! );
//! let clear = lean_runtime::serde::reveal_sensitive(|| serde_json::to_string(&login))?;
//! assert_eq!(clear, r#"{"user":"me","password":"hunter2"}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use crate::document::{Document, Number};
use crate::primitives::{BigDecimal, BigInteger};
use crate::{Blob, DateTime};
use ::serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use ::serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

/// What a `@sensitive` value serializes as unless revealed.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

thread_local! {
    static REVEAL: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with `@sensitive` values serialized in clear on this thread.
pub fn reveal_sensitive<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            REVEAL.with(|r| r.set(self.0));
        }
    }
    let _restore = Restore(REVEAL.with(|r| r.replace(true)));
    f()
}

/// Whether `@sensitive` values are being revealed on this thread.
pub fn revealing_sensitive() -> bool {
    REVEAL.with(Cell::get)
}

/// `serialize_with` of `@sensitive` members: the value inside
/// [`reveal_sensitive`], the redaction marker outside it.
///
/// # Errors
/// The serializer's.
pub fn sensitive<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if revealing_sensitive() {
        value.serialize(serializer)
    } else {
        serializer.serialize_str(REDACTED)
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&crate::blob::encode(self.as_ref()))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        crate::blob::decode(&text)
            .map(Blob::new)
            .map_err(|e| de::Error::custom(format!("a blob must be base64: {e}")))
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self
            .fmt(crate::datetime::Format::DateTime)
            .map_err(::serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::from_str(&text, crate::datetime::Format::DateTime)
            .map_err(|e| de::Error::custom(format!("a timestamp must be RFC 3339 (`{text}`): {e}")))
    }
}

impl Serialize for BigInteger {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for BigInteger {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(de::Error::custom)
    }
}

impl Serialize for BigDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for BigDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(de::Error::custom)
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Document::Null => serializer.serialize_unit(),
            Document::Bool(b) => serializer.serialize_bool(*b),
            Document::Number(Number::PosInt(n)) => serializer.serialize_u64(*n),
            Document::Number(Number::NegInt(n)) => serializer.serialize_i64(*n),
            Document::Number(Number::Float(f)) => serializer.serialize_f64(*f),
            Document::String(s) => serializer.serialize_str(s),
            Document::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Document::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Document, E> {
        Ok(Document::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Document, E> {
        Ok(Document::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Document, D::Error> {
        Document::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Document, E> {
        Ok(Document::Bool(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Document, E> {
        Ok(Document::Number(Number::PosInt(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Document, E> {
        Ok(Document::Number(if v < 0 {
            Number::NegInt(v)
        } else {
            Number::PosInt(v as u64)
        }))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Document, E> {
        Ok(Document::Number(Number::Float(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Document, E> {
        Ok(Document::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Document, E> {
        Ok(Document::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Document::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut members = BTreeMap::new();
        while let Some((key, value)) = map.next_entry::<String, Document>()? {
            members.insert(key, value);
        }
        Ok(Document::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_as_json() {
        let document: Document = serde_json::from_str(r#"{"a":[1,-2,2.5,null,true,"s"]}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&document).unwrap(),
            r#"{"a":[1,-2,2.5,null,true,"s"]}"#
        );
        let blob = Blob::new(b"hello".to_vec());
        let json = serde_json::to_string(&blob).unwrap();
        assert_eq!(json, r#""aGVsbG8=""#);
        assert_eq!(serde_json::from_str::<Blob>(&json).unwrap(), blob);
        let time = DateTime::from_secs(1_700_000_000);
        let json = serde_json::to_string(&time).unwrap();
        assert_eq!(json, r#""2023-11-14T22:13:20Z""#);
        assert_eq!(serde_json::from_str::<DateTime>(&json).unwrap(), time);
        let big: BigInteger = serde_json::from_str(r#""123456789012345678901234567890""#).unwrap();
        assert_eq!(big.as_str(), "123456789012345678901234567890");
        assert!(serde_json::from_str::<Blob>(r#""not base64!""#).is_err());
        assert!(serde_json::from_str::<DateTime>(r#""yesterday""#).is_err());
    }

    #[test]
    fn reveal_is_scoped_to_the_closure_and_thread() {
        assert!(!revealing_sensitive());
        reveal_sensitive(|| {
            assert!(revealing_sensitive());
            std::thread::spawn(|| assert!(!revealing_sensitive()))
                .join()
                .unwrap();
        });
        assert!(!revealing_sensitive());
        let _ = std::panic::catch_unwind(|| reveal_sensitive(|| panic!("inside")));
        assert!(!revealing_sensitive());
    }
}
