//! Writers that generated serializers use to build a JSON body in a `String`.
//!
//! ```
//! # use lean_runtime::json::JsonObjectWriter;
//! let mut out = String::new();
//! let mut obj = JsonObjectWriter::new(&mut out);
//! obj.key("name").string("web \"1\"");
//! obj.key("count").number_i64(3);
//! let mut ports = obj.key("ports").start_array();
//! ports.value().number_i64(80);
//! ports.finish();
//! obj.finish();
//! assert_eq!(out, r#"{"name":"web \"1\"","count":3,"ports":[80]}"#);
//! ```
//!
//! Objects and arrays close when their writer is finished or dropped, so
//! the output is always balanced. Output is compact: no whitespace.

use super::scan::find_special;
use crate::blob;
use crate::datetime::{DateTime, DateTimeFormatError, Format};
use crate::document::{Document, Number};
use crate::primitives::{BigDecimal, BigInteger};
use std::fmt::{self, Write as _};

/// Writes the members of a JSON object. Made by [`JsonObjectWriter::new`]
/// for a top-level object or [`JsonValueWriter::start_object`] for a nested
/// one; writes the closing `}` when finished or dropped.
#[derive(Debug)]
pub struct JsonObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> JsonObjectWriter<'a> {
    /// Starts an object at the end of `out`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Self { out, first: true }
    }

    /// Starts a member named `name` (escaped as needed); its value is
    /// written with the returned writer, which must be used.
    pub fn key(&mut self, name: &str) -> JsonValueWriter<'_> {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        push_string(self.out, name);
        self.out.push(':');
        JsonValueWriter { out: self.out }
    }

    /// Writes the closing `}`.
    pub fn finish(self) {
        // Drop writes it.
    }
}

impl Drop for JsonObjectWriter<'_> {
    fn drop(&mut self) {
        self.out.push('}');
    }
}

/// Writes the elements of a JSON array. Made by
/// [`JsonValueWriter::start_array`]; writes the closing `]` when finished or
/// dropped.
#[derive(Debug)]
pub struct JsonArrayWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl JsonArrayWriter<'_> {
    /// Starts the next element; it is written with the returned writer,
    /// which must be used.
    pub fn value(&mut self) -> JsonValueWriter<'_> {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        JsonValueWriter { out: self.out }
    }

    /// Writes the closing `]`.
    pub fn finish(self) {
        // Drop writes it.
    }
}

impl Drop for JsonArrayWriter<'_> {
    fn drop(&mut self) {
        self.out.push(']');
    }
}

/// Writes one JSON value: a member's value or an array element.
#[derive(Debug)]
#[must_use = "a member or element without a value is invalid JSON"]
pub struct JsonValueWriter<'a> {
    out: &'a mut String,
}

impl<'a> JsonValueWriter<'a> {
    /// Writes one value at the end of `out`, for bodies that are not an
    /// object (a document or list payload).
    pub fn new(out: &'a mut String) -> Self {
        Self { out }
    }

    /// Writes `null`.
    pub fn null(self) {
        self.out.push_str("null");
    }

    /// Writes `true` or `false`.
    pub fn boolean(self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// Writes a string, escaping `"`, `\` and the control characters
    /// U+0000 to U+001F. Everything else, U+2028 and U+2029 included, is
    /// written as UTF-8: RFC 8259 does not require more, and the output is
    /// an HTTP body, not JavaScript source.
    pub fn string(self, value: &str) {
        push_string(self.out, value);
    }

    /// Writes an integer.
    pub fn number_i64(self, value: i64) {
        // Writing to a String cannot fail.
        let _ = write!(self.out, "{value}");
    }

    /// Writes a non-negative integer.
    pub fn number_u64(self, value: u64) {
        let _ = write!(self.out, "{value}");
    }

    /// Writes a double: a finite value as the shortest decimal that reads
    /// back as the same `f64` (with `.0` or an exponent, so it reads back as
    /// a float), NaN and infinities as the strings `"NaN"`, `"Infinity"`
    /// and `"-Infinity"`.
    pub fn number_f64(self, value: f64) {
        push_float(self.out, value);
    }

    /// Writes a float like [`number_f64`](Self::number_f64), with the
    /// shortest decimal that reads back as the same `f32` (`0.1`, not
    /// `0.10000000149011612`).
    pub fn number_f32(self, value: f32) {
        push_float(self.out, value);
    }

    /// Writes `text` as is, for `bigInteger` and `bigDecimal` values. The
    /// text must be a JSON number, which their `FromStr` checks.
    pub fn number_text(self, text: &str) {
        self.out.push_str(text);
    }

    /// Writes a `bigInteger`.
    pub fn big_integer(self, value: &BigInteger) {
        self.out.push_str(value.as_str());
    }

    /// Writes a `bigDecimal`.
    pub fn big_decimal(self, value: &BigDecimal) {
        self.out.push_str(value.as_str());
    }

    /// Writes a timestamp: a number for [`Format::EpochSeconds`] (exact,
    /// such as `1700000000.123`), a string for the others. Fails only for
    /// [`Format::DateTime`] and [`Format::HttpDate`] outside the years 0000
    /// to 9999; nothing is written then.
    pub fn timestamp(self, value: &DateTime, format: Format) -> Result<(), DateTimeFormatError> {
        if format == Format::EpochSeconds {
            self.epoch_seconds(value);
            return Ok(());
        }
        let text = value.fmt(format)?;
        push_string(self.out, &text);
        Ok(())
    }

    /// Writes an epoch-seconds timestamp as an exact number, which cannot
    /// fail (awsJson's only timestamp format).
    pub fn epoch_seconds(self, value: &DateTime) {
        value.write_epoch_seconds(self.out);
    }

    /// Writes bytes as a string of standard, padded base64.
    pub fn blob(self, bytes: &[u8]) {
        self.out.push('"');
        self.out.push_str(&blob::encode(bytes));
        self.out.push('"');
    }

    /// Writes a document. Floats that are NaN or infinite become the
    /// strings `"NaN"`, `"Infinity"` and `"-Infinity"`, as everywhere else.
    pub fn document(self, value: &Document) {
        push_document(self.out, value);
    }

    /// Starts an object as this value.
    pub fn start_object(self) -> JsonObjectWriter<'a> {
        JsonObjectWriter::new(self.out)
    }

    /// Starts an array as this value.
    pub fn start_array(self) -> JsonArrayWriter<'a> {
        self.out.push('[');
        JsonArrayWriter {
            out: self.out,
            first: true,
        }
    }
}

/// Appends `value` as a quoted JSON string.
fn push_string(out: &mut String, value: &str) {
    out.reserve(value.len() + 2);
    out.push('"');
    let mut rest = value;
    while let Some(i) = find_special(rest.as_bytes()) {
        // The byte at `i` is ASCII, so `i` and `i + 1` are char boundaries
        // and neither slice can panic.
        out.push_str(&rest[..i]);
        let byte = rest.as_bytes()[i];
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                let _ = write!(out, "\\u{byte:04x}");
            }
        }
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

/// Appends an `f32` or `f64`; see [`JsonValueWriter::number_f64`].
fn push_float<F>(out: &mut String, value: F)
where
    F: Copy + Into<f64> + fmt::Display + fmt::LowerExp,
{
    // Widening f32 to f64 is exact, so the tests below hold for both.
    let wide: f64 = value.into();
    if wide.is_nan() {
        out.push_str("\"NaN\"");
    } else if wide.is_infinite() {
        out.push_str(if wide > 0.0 {
            "\"Infinity\""
        } else {
            "\"-Infinity\""
        });
    } else {
        // Plain notation where JavaScript's Number#toString uses it, so that
        // common values stay readable, exponent notation beyond that so
        // 1e300 is not 301 characters. Both print the shortest digits that
        // read back as the same value of the value's own type.
        let abs = wide.abs();
        let start = out.len();
        if abs != 0.0 && !(1e-7..1e21).contains(&abs) {
            let _ = write!(out, "{value:e}");
        } else {
            let _ = write!(out, "{value}");
            ensure_fraction(out, start);
        }
    }
}

/// Appends `.0` when the number written from `start` on is an integer, so
/// that it reads back as a float (and as a `Number::Float` in a document).
fn ensure_fraction(out: &mut String, start: usize) {
    if !out
        .as_bytes()
        .get(start..)
        .unwrap_or_default()
        .contains(&b'.')
    {
        out.push_str(".0");
    }
}

fn push_number(out: &mut String, number: Number) {
    let _ = match number {
        Number::PosInt(value) => write!(out, "{value}"),
        Number::NegInt(value) => write!(out, "{value}"),
        Number::Float(value) => {
            push_float(out, value);
            Ok(())
        }
    };
}

/// Appends a document without recursion, so no document is too deep.
fn push_document(out: &mut String, document: &Document) {
    enum Frame<'d> {
        Array(std::slice::Iter<'d, Document>),
        Object(std::collections::btree_map::Iter<'d, String, Document>),
    }
    let mut stack: Vec<(Frame<'_>, bool)> = Vec::new();
    let mut next = Some(document);
    loop {
        match next.take() {
            Some(Document::Object(members)) => {
                out.push('{');
                stack.push((Frame::Object(members.iter()), true));
            }
            Some(Document::Array(items)) => {
                out.push('[');
                stack.push((Frame::Array(items.iter()), true));
            }
            Some(Document::Number(number)) => push_number(out, *number),
            Some(Document::String(value)) => push_string(out, value),
            Some(Document::Bool(value)) => out.push_str(if *value { "true" } else { "false" }),
            Some(Document::Null) => out.push_str("null"),
            None => {}
        }
        let Some((frame, first)) = stack.last_mut() else {
            return;
        };
        let separator = if *first { "" } else { "," };
        *first = false;
        match frame {
            Frame::Array(items) => match items.next() {
                Some(item) => {
                    out.push_str(separator);
                    next = Some(item);
                }
                None => {
                    out.push(']');
                    stack.pop();
                }
            },
            Frame::Object(members) => match members.next() {
                Some((name, value)) => {
                    out.push_str(separator);
                    push_string(out, name);
                    out.push(':');
                    next = Some(value);
                }
                None => {
                    out.push('}');
                    stack.pop();
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The JSON `write` produces for one value.
    fn value(write: impl FnOnce(JsonValueWriter<'_>)) -> String {
        let mut out = String::new();
        write(JsonValueWriter::new(&mut out));
        out
    }

    #[test]
    fn objects_and_arrays_nest() {
        let mut out = String::new();
        let mut obj = JsonObjectWriter::new(&mut out);
        obj.key("componentName").string("c");
        obj.key("count").number_i64(3);
        {
            let mut tags = obj.key("tags").start_array();
            tags.value().string("x");
            tags.value().null();
            tags.value().start_object().finish();
            tags.finish();
        }
        {
            let mut cfg = obj.key("cfg").start_object();
            cfg.key("a").boolean(true);
            cfg.key("b").boolean(false);
            cfg.key("empty").start_array().finish();
            cfg.finish();
        }
        obj.finish();
        assert_eq!(
            out,
            r#"{"componentName":"c","count":3,"tags":["x",null,{}],"cfg":{"a":true,"b":false,"empty":[]}}"#
        );
        let mut out = String::new();
        JsonObjectWriter::new(&mut out).finish();
        assert_eq!(out, "{}");
    }

    #[test]
    fn dropping_a_writer_closes_it() {
        let mut out = String::from("prefix:");
        {
            let mut obj = JsonObjectWriter::new(&mut out);
            let mut list = obj.key("l").start_array();
            list.value().number_i64(1);
        }
        assert_eq!(out, r#"prefix:{"l":[1]}"#);
    }

    #[test]
    fn string_escaping() {
        assert_eq!(value(|v| v.string("plain")), r#""plain""#);
        assert_eq!(value(|v| v.string("q\"b\\s/")), r#""q\"b\\s/""#);
        assert_eq!(
            value(|v| v.string("\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}")),
            "\"\\n\\r\\t\\b\\f\\u0000\\u001f\u{7f}\""
        );
        assert_eq!(value(|v| v.string("é€😀\u{2028}")), "\"é€😀\u{2028}\"");
        let mut out = String::new();
        JsonObjectWriter::new(&mut out).key("k\"\n").null();
        assert_eq!(out, r#"{"k\"\n":null}"#);
    }

    #[test]
    fn integers() {
        assert_eq!(value(|v| v.number_i64(i64::MIN)), "-9223372036854775808");
        assert_eq!(value(|v| v.number_u64(u64::MAX)), "18446744073709551615");
        assert_eq!(value(|v| v.number_text("-1.50e+10")), "-1.50e+10");
        let big: BigInteger = "-123456789012345678901234567890".parse().unwrap();
        assert_eq!(value(|v| v.big_integer(&big)), big.as_str());
        let dec: BigDecimal = "1.5E-300".parse().unwrap();
        assert_eq!(value(|v| v.big_decimal(&dec)), "1.5E-300");
    }

    #[test]
    fn doubles() {
        let f = |x: f64| value(|v| v.number_f64(x));
        assert_eq!(f(0.1), "0.1");
        assert_eq!(f(1.0), "1.0");
        assert_eq!(f(-2.5), "-2.5");
        assert_eq!(f(0.0), "0.0");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(1e20), "100000000000000000000.0");
        assert_eq!(f(1e21), "1e21");
        assert_eq!(f(1.5e300), "1.5e300");
        assert_eq!(f(1e-7), "0.0000001");
        assert_eq!(f(1.5e-8), "1.5e-8");
        assert_eq!(f(f64::MAX), "1.7976931348623157e308");
        assert_eq!(f(5e-324), "5e-324");
        assert_eq!(f(f64::NAN), "\"NaN\"");
        assert_eq!(f(f64::INFINITY), "\"Infinity\"");
        assert_eq!(f(f64::NEG_INFINITY), "\"-Infinity\"");
    }

    #[test]
    fn floats_use_the_shortest_f32_form() {
        let f = |x: f32| value(|v| v.number_f32(x));
        assert_eq!(f(0.1), "0.1");
        assert_eq!(f(16_777_216.0), "16777216.0");
        assert_eq!(f(3.4028235e38), "3.4028235e38");
        assert_eq!(f(f32::NAN), "\"NaN\"");
        assert_eq!(f(f32::NEG_INFINITY), "\"-Infinity\"");
    }

    #[test]
    fn timestamps_and_blobs() {
        let dt = DateTime::from_secs_and_nanos(1_700_000_000, 123_000_000);
        assert_eq!(value(|v| v.epoch_seconds(&dt)), "1700000000.123");
        assert_eq!(
            value(|v| v.timestamp(&dt, Format::EpochSeconds).unwrap()),
            "1700000000.123"
        );
        assert_eq!(
            value(|v| v.timestamp(&dt, Format::DateTime).unwrap()),
            r#""2023-11-14T22:13:20.123Z""#
        );
        assert_eq!(
            value(|v| v
                .timestamp(&DateTime::from_secs(1_700_000_000), Format::HttpDate)
                .unwrap()),
            r#""Tue, 14 Nov 2023 22:13:20 GMT""#
        );
        let far = DateTime::from_secs(i64::MAX);
        assert_eq!(
            value(|v| assert!(v.timestamp(&far, Format::DateTime).is_err())),
            ""
        );
        assert_eq!(value(|v| v.blob(b"hi")), r#""aGk=""#);
        assert_eq!(value(|v| v.blob(b"")), r#""""#);
    }

    #[test]
    fn documents() {
        let doc = Document::Object(BTreeMap::from([
            ("z".to_owned(), Document::Null),
            (
                "a".to_owned(),
                Document::Array(vec![
                    Document::from(1i64),
                    Document::from(-1i64),
                    Document::from(1.5),
                    Document::from(2.0),
                    Document::from(f64::NAN),
                    Document::Array(vec![]),
                    Document::Object(BTreeMap::new()),
                ]),
            ),
            ("s\"".to_owned(), Document::from("v\n")),
            ("b".to_owned(), Document::from(true)),
        ]));
        assert_eq!(
            value(|v| v.document(&doc)),
            r#"{"a":[1,-1,1.5,2.0,"NaN",[],{}],"b":true,"s\"":"v\n","z":null}"#
        );
        assert_eq!(value(|v| v.document(&Document::from("x"))), r#""x""#);
        let list = value(|v| {
            let mut list = v.start_array();
            list.value().number_i64(1);
            list.value().start_array().finish();
        });
        assert_eq!(list, "[1,[]]");
        // Deep documents are written without recursion.
        let mut deep = Document::Null;
        for _ in 0..100_000 {
            deep = Document::Array(vec![deep]);
        }
        let text = value(|v| v.document(&deep));
        assert_eq!(text.len(), 200_004);
        // Dropping a document this deep recurses (derived Drop); unwind it by hand.
        while let Document::Array(mut items) = deep {
            deep = items.pop().unwrap_or_default();
        }
    }
}
