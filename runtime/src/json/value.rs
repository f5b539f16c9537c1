//! Values with one JSON form in Smithy's JSON protocols: strings,
//! booleans, numbers, big numbers, blobs (base64), documents and
//! timestamps (epoch seconds, the protocols' default format).
//!
//! A generated serializer writes an optional member of such a type as
//! `object.optional("name", &input.name)` and reads it as
//! `reader.read_optional()?`, instead of spelling out the `if let` and the
//! reader method per member. Enums, nested structures and timestamps in
//! another format keep their explicit calls.

use super::{JsonObjectWriter, JsonReader, JsonValueWriter};
use crate::document::Document;
use crate::error::DeserializeError;
use crate::primitives::{BigDecimal, BigInteger};
use crate::{Blob, DateTime};

/// A value with one JSON form (see the [module](self)).
pub trait JsonValue: Sized {
    /// Writes the value with `writer`.
    fn write(&self, writer: JsonValueWriter<'_>);

    /// Reads a value where `reader` stands.
    ///
    /// # Errors
    /// The JSON there is not a value of this type.
    fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError>;
}

impl JsonObjectWriter<'_> {
    /// Writes member `key` with `value`.
    pub fn member<T: JsonValue>(&mut self, key: &str, value: &T) {
        value.write(self.key(key));
    }

    /// Writes member `key` when `value` is set; an unset member is left
    /// out, as Smithy's JSON protocols send it.
    pub fn optional<T: JsonValue>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            value.write(self.key(key));
        }
    }
}

impl JsonReader<'_> {
    /// `None` for `null` (an absent member), else the value.
    ///
    /// # Errors
    /// The JSON is neither `null` nor a value of type `T`.
    pub fn read_optional<T: JsonValue>(&mut self) -> Result<Option<T>, DeserializeError> {
        self.optional(T::read)
    }
}

impl JsonValue for String {
    fn write(&self, writer: JsonValueWriter<'_>) {
        writer.string(self);
    }
    fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        reader.read_owned_string()
    }
}

impl JsonValue for bool {
    fn write(&self, writer: JsonValueWriter<'_>) {
        writer.boolean(*self);
    }
    fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        reader.read_bool()
    }
}

/// Integers: written exactly, read with a range check.
macro_rules! integer {
    ($($ty:ty => $read:ident),*) => {$(
        impl JsonValue for $ty {
            fn write(&self, writer: JsonValueWriter<'_>) {
                writer.number_i64(i64::from(*self));
            }
            fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
                reader.$read()
            }
        }
    )*};
}
integer!(i8 => read_i8, i16 => read_i16, i32 => read_i32, i64 => read_i64);

impl JsonValue for f32 {
    fn write(&self, writer: JsonValueWriter<'_>) {
        writer.number_f32(*self);
    }
    fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        reader.read_f32()
    }
}

impl JsonValue for f64 {
    fn write(&self, writer: JsonValueWriter<'_>) {
        writer.number_f64(*self);
    }
    fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        reader.read_f64()
    }
}

impl JsonValue for BigInteger {
    fn write(&self, writer: JsonValueWriter<'_>) {
        writer.big_integer(self);
    }
    fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        reader.read_big_integer()
    }
}

impl JsonValue for BigDecimal {
    fn write(&self, writer: JsonValueWriter<'_>) {
        writer.big_decimal(self);
    }
    fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        reader.read_big_decimal()
    }
}

impl JsonValue for Blob {
    fn write(&self, writer: JsonValueWriter<'_>) {
        writer.blob(self.as_ref());
    }
    fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        reader.read_blob()
    }
}

impl JsonValue for Document {
    fn write(&self, writer: JsonValueWriter<'_>) {
        writer.document(self);
    }
    fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        reader.read_document()
    }
}

/// Epoch seconds, the JSON protocols' format unless the model sets
/// another (`@timestampFormat`), which generated code then names.
impl JsonValue for DateTime {
    fn write(&self, writer: JsonValueWriter<'_>) {
        writer.epoch_seconds(self);
    }
    fn read(reader: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        reader.read_epoch_seconds()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_optional<T: JsonValue>(value: &Option<T>) -> String {
        let mut out = String::new();
        let mut object = JsonObjectWriter::new(&mut out);
        object.optional("v", value);
        object.finish();
        out
    }

    fn round_trip<T: JsonValue + PartialEq + std::fmt::Debug>(value: T) {
        let json = write_optional(&Some(value));
        let mut reader = JsonReader::new(json.as_bytes());
        reader.begin_object().unwrap();
        assert_eq!(reader.next_key().unwrap().as_deref(), Some("v"));
        let read: Option<T> = reader.read_optional().unwrap();
        assert!(reader.next_key().unwrap().is_none());
        let mut again = String::new();
        let mut object = JsonObjectWriter::new(&mut again);
        object.member("v", read.as_ref().unwrap());
        object.finish();
        assert_eq!(again, json);
    }

    #[test]
    fn unset_members_are_left_out() {
        assert_eq!(write_optional::<String>(&None), "{}");
        assert_eq!(write_optional(&Some(7i32)), r#"{"v":7}"#);
    }

    #[test]
    fn null_reads_as_none() {
        let mut reader = JsonReader::new(b"null");
        assert_eq!(reader.read_optional::<i64>().unwrap(), None);
    }

    #[test]
    fn each_type_writes_what_it_reads() {
        round_trip(String::from("a \"quoted\" text"));
        round_trip(true);
        round_trip(-8i8);
        round_trip(300i16);
        round_trip(i32::MIN);
        round_trip(i64::MAX);
        round_trip(0.1f32);
        round_trip(2.5f64);
        round_trip(Blob::new(b"\x00\xffbytes".to_vec()));
        round_trip(DateTime::from_secs(1_700_000_000));
        round_trip(
            "123456789012345678901234567890"
                .parse::<BigInteger>()
                .unwrap(),
        );
        round_trip("1.5e300".parse::<BigDecimal>().unwrap());
        round_trip(Document::from("text"));
    }

    #[test]
    fn a_value_of_another_type_is_an_error() {
        let mut reader = JsonReader::new(b"\"7\"");
        assert!(reader.read_optional::<i32>().is_err());
        let mut reader = JsonReader::new(b"300");
        assert!(reader.read_optional::<i8>().is_err());
    }
}
