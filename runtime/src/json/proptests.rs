//! Property tests: what the writer writes the reader reads back, and no
//! input makes the reader panic.

use super::{JsonObjectWriter, JsonReader, JsonValueWriter};
use crate::datetime::{DateTime, Format};
use crate::document::{Document, Number};
use crate::error::DeserializeError;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Writes one value as the only member of an object, then reads it back
/// the way generated code does.
fn round_trip<T>(
    write: impl FnOnce(JsonValueWriter<'_>),
    read: impl for<'b> FnOnce(&mut JsonReader<'b>) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    let mut out = String::new();
    let mut obj = JsonObjectWriter::new(&mut out);
    write(obj.key("v"));
    obj.finish();
    let mut r = JsonReader::new(out.as_bytes());
    r.begin_object()?;
    let key = r.next_key()?;
    assert_eq!(key.as_deref(), Some("v"));
    let value = read(&mut r)?;
    assert_eq!(r.next_key()?, None);
    r.finish()?;
    Ok(value)
}

fn any_datetime() -> impl Strategy<Value = DateTime> {
    (any::<i64>(), 0..1_000_000_000u32).prop_map(|(s, n)| DateTime::from_secs_and_nanos(s, n))
}

/// Instants in years 0000 to 9999, which every format can write.
fn four_digit_year_datetime() -> impl Strategy<Value = DateTime> {
    (-62_167_219_200i64..=253_402_300_799, 0..1_000_000_000u32)
        .prop_map(|(s, n)| DateTime::from_secs_and_nanos(s, n))
}

fn any_document() -> impl Strategy<Value = Document> {
    let leaf = prop_oneof![
        Just(Document::Null),
        any::<bool>().prop_map(Document::Bool),
        any::<String>().prop_map(Document::String),
        any::<i64>().prop_map(Document::from),
        any::<u64>().prop_map(Document::from),
        // Non-finite floats are written as strings, so they do not come
        // back as numbers; finite ones do, exactly.
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Document::from),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Document::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8).prop_map(Document::Object),
        ]
    })
}

/// Text made mostly of JSON's own characters, so that random inputs get
/// deep into the grammar instead of failing on the first byte.
fn jsonish() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        8 => prop::sample::select(b"{}[]\":,0123456789-+.eE \\tnrufalsbuoldi/".to_vec()),
        1 => any::<u8>(),
    ];
    prop::collection::vec(byte, 0..64)
}

/// A deserializer shaped like generated ones, for a recursive structure
/// with one member of each kind; run over random input it must return,
/// never panic.
fn de_shape(r: &mut JsonReader<'_>) -> Result<(), DeserializeError> {
    r.begin_object()?;
    while let Some(key) = r.next_key()? {
        match key.as_ref() {
            "s" if !r.read_null()? => drop(r.read_string()?),
            "i" if !r.read_null()? => drop(r.read_i32()?),
            "f" => drop(r.read_f64()?),
            "t" => drop(r.read_epoch_seconds()?),
            "d" => drop(r.read_timestamp(Format::DateTime)?),
            "b" => drop(r.read_bool()?),
            "u" => drop(r.read_blob()?),
            "n" => drop(r.read_number_text()?),
            "a" => drop(r.read_document()?),
            "l" => {
                r.begin_array()?;
                while r.next_element()? {
                    de_shape(r)?;
                }
            }
            "o" => de_shape(r)?,
            _ => r.skip_value()?,
        }
    }
    Ok(())
}

fn run_de_shape(bytes: &[u8]) -> Result<(), DeserializeError> {
    let mut r = JsonReader::new(bytes).with_max_depth(16);
    de_shape(&mut r)?;
    r.finish()
}

proptest! {
    #[test]
    fn strings_round_trip(s in any::<String>()) {
        let read = round_trip(|v| v.string(&s), |r| r.read_string().map(|c| c.into_owned()));
        prop_assert_eq!(read.unwrap(), s.clone());
        // Keys too.
        let mut out = String::new();
        JsonObjectWriter::new(&mut out).key(&s).null();
        let mut r = JsonReader::new(out.as_bytes());
        r.begin_object().unwrap();
        let key = r.next_key().unwrap();
        prop_assert_eq!(key.as_deref(), Some(s.as_str()));
    }

    #[test]
    fn integers_round_trip(i in any::<i64>(), small in any::<i32>(), tiny in any::<i8>()) {
        prop_assert_eq!(round_trip(|v| v.number_i64(i), |r| r.read_i64()), Ok(i));
        prop_assert_eq!(round_trip(|v| v.number_i64(small.into()), |r| r.read_i32()), Ok(small));
        prop_assert_eq!(round_trip(|v| v.number_i64(tiny.into()), |r| r.read_i8()), Ok(tiny));
        // An integral double below 2^53 is written with all its digits and
        // reads back as that integer. (Larger ones are written as their
        // shortest round-trip decimal, which is a different integer.)
        let f = (i % (1 << 53)) as f64;
        {
            prop_assert_eq!(round_trip(|v| v.number_f64(f), |r| r.read_i64()), Ok(f as i64));
        }
    }

    #[test]
    fn doubles_round_trip_bit_for_bit(x in any::<f64>()) {
        let read = round_trip(|v| v.number_f64(x), |r| r.read_f64()).unwrap();
        if x.is_nan() {
            prop_assert!(read.is_nan());
        } else {
            prop_assert_eq!(read.to_bits(), x.to_bits());
        }
    }

    #[test]
    fn floats_round_trip_bit_for_bit(x in any::<f32>()) {
        let read = round_trip(|v| v.number_f32(x), |r| r.read_f32()).unwrap();
        if x.is_nan() {
            prop_assert!(read.is_nan());
        } else {
            prop_assert_eq!(read.to_bits(), x.to_bits());
        }
    }

    #[test]
    fn special_floats_round_trip(x in prop::sample::select(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0])) {
        let read = round_trip(|v| v.number_f64(x), |r| r.read_f64()).unwrap();
        prop_assert!(read.to_bits() == x.to_bits() || (x.is_nan() && read.is_nan()));
    }

    #[test]
    fn epoch_seconds_round_trip(dt in any_datetime()) {
        prop_assert_eq!(round_trip(|v| v.epoch_seconds(&dt), |r| r.read_epoch_seconds()), Ok(dt));
        let text = dt.fmt(Format::EpochSeconds).unwrap();
        prop_assert_eq!(DateTime::from_str(&text, Format::EpochSeconds), Ok(dt));
    }

    #[test]
    fn string_timestamps_round_trip(dt in four_digit_year_datetime()) {
        for format in [Format::DateTime, Format::HttpDate] {
            let read = round_trip(|v| v.timestamp(&dt, format).unwrap(), |r| r.read_timestamp(format));
            prop_assert_eq!(read, Ok(dt));
        }
    }

    /// Any decimal `mantissa × 10^exp` converts to the floor of its value in
    /// nanoseconds, checked against plain i128 arithmetic.
    #[test]
    fn epoch_seconds_are_exact(negative in any::<bool>(), mantissa in any::<u64>(), exp in -30i32..12) {
        let text = format!("{}{mantissa}e{exp}", if negative { "-" } else { "" });
        let shift = exp + 9;
        let magnitude: i128 = i128::from(mantissa);
        let nanos = if shift >= 0 {
            magnitude.checked_mul(10i128.pow(shift.unsigned_abs()))
        } else {
            let divisor = 10i128.checked_pow(shift.unsigned_abs()).unwrap_or(i128::MAX);
            let floor = magnitude / divisor;
            // Negative values round away from zero (toward negative infinity).
            Some(if negative && magnitude % divisor != 0 { floor + 1 } else { floor })
        };
        let expected = nanos.map(|n| if negative { -n } else { n }).and_then(|n| {
            let secs = i64::try_from(n.div_euclid(1_000_000_000)).ok()?;
            Some(DateTime::from_secs_and_nanos(secs, n.rem_euclid(1_000_000_000) as u32))
        });
        let parsed = DateTime::from_str(&text, Format::EpochSeconds).ok();
        prop_assert_eq!(parsed, expected, "{}", text);
    }

    #[test]
    fn documents_round_trip(doc in any_document()) {
        prop_assert_eq!(round_trip(|v| v.document(&doc), |r| r.read_document()), Ok(doc.clone()));
    }

    #[test]
    fn blobs_round_trip(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let read = round_trip(|v| v.blob(&bytes), |r| r.read_blob()).unwrap();
        prop_assert_eq!(read.as_ref(), bytes.as_slice());
    }

    #[test]
    fn find_special_matches_a_byte_by_byte_scan(
        bytes in prop::collection::vec(
            prop_oneof![4 => 0x20u8..0x7f, 1 => any::<u8>(), 1 => Just(b'"'), 1 => Just(b'\\')],
            0..40,
        )
    ) {
        let naive = bytes.iter().position(|b| matches!(b, b'"' | b'\\' | 0..=0x1f));
        prop_assert_eq!(super::scan::find_special(&bytes), naive);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = JsonReader::new(&bytes).skip_value();
        let _ = JsonReader::new(&bytes).read_document();
        let _ = run_de_shape(&bytes);
        let _ = crate::aws_json::error_metadata(&http::Response::new(bytes::Bytes::from(bytes)));
    }

    #[test]
    fn jsonish_text_never_panics_and_skip_agrees_with_read_document(bytes in jsonish()) {
        let skipped = {
            let mut r = JsonReader::new(&bytes).with_max_depth(8);
            r.skip_value().and_then(|()| r.finish())
        };
        let read = {
            let mut r = JsonReader::new(&bytes).with_max_depth(8);
            r.read_document().and_then(|d| r.finish().map(|()| d))
        };
        // read_document also rejects numbers beyond f64; otherwise the two
        // accept exactly the same texts.
        if read.is_ok() {
            prop_assert!(skipped.is_ok());
        }
        if let (Ok(()), Err(e)) = (&skipped, &read) {
            prop_assert!(e.message().contains("out of range for f64"), "{}", e);
        }
        let _ = run_de_shape(&bytes);
        let _ = crate::aws_json::error_metadata(&http::Response::new(bytes::Bytes::from(bytes)));
    }
}

#[test]
fn documents_keep_integer_kinds() {
    let doc = Document::Object(BTreeMap::from([
        ("p".to_owned(), Document::Number(Number::PosInt(u64::MAX))),
        ("n".to_owned(), Document::Number(Number::NegInt(i64::MIN))),
        ("f".to_owned(), Document::Number(Number::Float(3.0))),
    ]));
    assert_eq!(
        round_trip(|v| v.document(&doc), |r| r.read_document()),
        Ok(doc)
    );
}
