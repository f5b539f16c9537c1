//! A pull parser that generated deserializers drive value by value.

use super::number::{Decimal, IntError, LexError};
use super::scan::find_special;
use crate::blob::{self, Blob};
use crate::datetime::{self, DateTime, Format};
use crate::document::{Document, Number};
use crate::error::DeserializeError;
use crate::primitives::{BigDecimal, BigInteger};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Nesting limit of a reader made by [`JsonReader::new`].
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// Reads JSON (RFC 8259) from a byte slice without building a tree.
///
/// The caller asks for the value it expects next; the reader checks the
/// syntax as it goes and answers with that value or with an error giving
/// the byte offset, what was expected and what was found. Objects and
/// arrays are walked with loops:
///
/// ```
/// # use lean_runtime::json::JsonReader;
/// # use lean_runtime::error::DeserializeError;
/// # fn main() -> Result<(), DeserializeError> {
/// let mut r = JsonReader::new(br#"{"name": "web", "ports": [80, 443], "extra": {"a": null}}"#);
/// let (mut name, mut ports) = (None, Vec::new());
/// r.begin_object()?;
/// while let Some(key) = r.next_key()? {
///     match key.as_ref() {
///         "name" => name = Some(r.read_string()?.into_owned()),
///         "ports" => {
///             r.begin_array()?;
///             while r.next_element()? {
///                 ports.push(r.read_i32()?);
///             }
///         }
///         _ => r.skip_value()?,
///     }
/// }
/// r.finish()?;
/// assert_eq!((name.as_deref(), ports), (Some("web"), vec![80, 443]));
/// # Ok(())
/// # }
/// ```
///
/// Strings without escapes are borrowed from the input. Duplicate keys are
/// yielded again, each time they appear. Nesting deeper than the limit
/// ([`DEFAULT_MAX_DEPTH`] unless set with [`with_max_depth`](Self::with_max_depth))
/// is an error; nothing in the reader recurses, so no input can overflow
/// the stack.
///
/// The reader counts nesting but does not remember which kind of container
/// it is in: `next_key` closes on `}` and `next_element` on `]`, so callers
/// (generated code) must pair them with `begin_object` and `begin_array`.
#[derive(Clone, Debug)]
pub struct JsonReader<'a> {
    input: &'a [u8],
    pos: usize,
    /// Objects and arrays entered and not yet left.
    depth: usize,
    max_depth: usize,
    /// Set on entering an object or array: the next `next_key` or
    /// `next_element` is its first, so no comma precedes it. One flag is
    /// enough because a nested container is always left before its parent
    /// asks for the next member, and leaving clears the flag.
    first: bool,
}

/// What the value at the current position looks like, for error messages.
fn describe(rest: &[u8]) -> Cow<'static, str> {
    let word = |w: &[u8]| rest.starts_with(w);
    match rest.first() {
        None => "the end of the input".into(),
        Some(b'{') => "an object".into(),
        Some(b'[') => "an array".into(),
        Some(b'"') => "a string".into(),
        Some(b'-' | b'0'..=b'9') => "a number".into(),
        Some(b't') if word(b"true") => "`true`".into(),
        Some(b'f') if word(b"false") => "`false`".into(),
        Some(b'n') if word(b"null") => "null".into(),
        Some(&b) if b.is_ascii_graphic() => format!("`{}`", char::from(b)).into(),
        Some(&b) => format!("byte 0x{b:02x}").into(),
    }
}

/// At most 40 bytes of a lexeme, for error messages.
fn excerpt(bytes: &[u8]) -> String {
    let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]);
    if bytes.len() > 40 {
        format!("{shown}...")
    } else {
        shown.into_owned()
    }
}

fn utf8_at(bytes: &[u8], offset: usize) -> Result<&str, DeserializeError> {
    std::str::from_utf8(bytes)
        .map_err(|e| DeserializeError::at(offset + e.valid_up_to(), "invalid UTF-8 in a string"))
}

impl<'a> JsonReader<'a> {
    /// A reader over `input`, with the default nesting limit.
    pub fn new(input: &'a [u8]) -> Self {
        Self {
            input,
            pos: 0,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            first: false,
        }
    }

    /// Sets how many objects and arrays may be nested; more is an error.
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// The byte offset of the next unread byte.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// Whether only whitespace remains, for example because the body is empty.
    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// Checks that only whitespace follows the values read, and that every
    /// object and array entered was left.
    pub fn finish(mut self) -> Result<(), DeserializeError> {
        if self.peek().is_some() {
            return Err(self.unexpected("the end of the input"));
        }
        if self.depth != 0 {
            return Err(DeserializeError::at(
                self.pos,
                "the input ended inside an object or array",
            ));
        }
        Ok(())
    }

    /// Skips whitespace and returns the next byte.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.input.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// An error at the current position: "expected X, found Y".
    #[cold]
    fn unexpected(&self, expected: &str) -> DeserializeError {
        let found = describe(self.input.get(self.pos..).unwrap_or_default());
        DeserializeError::at(self.pos, format!("expected {expected}, found {found}"))
    }

    /// Counts one more level of nesting, failing past the limit.
    fn enter(&mut self) -> Result<(), DeserializeError> {
        if self.depth >= self.max_depth {
            return Err(DeserializeError::at(
                self.pos,
                format!("nesting exceeds the limit of {} levels", self.max_depth),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Consumes the closing bracket at the current position.
    fn leave(&mut self) {
        self.pos += 1;
        self.depth = self.depth.saturating_sub(1);
        self.first = false;
    }

    /// Enters the object that must come next.
    pub fn begin_object(&mut self) -> Result<(), DeserializeError> {
        if self.peek() != Some(b'{') {
            return Err(self.unexpected("an object"));
        }
        self.enter()?;
        self.pos += 1;
        self.first = true;
        Ok(())
    }

    /// The name of the object's next member, positioned before its value,
    /// or `None` after consuming the closing `}`. The value must be read or
    /// skipped before the next call.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, DeserializeError> {
        if self.depth == 0 {
            return Err(DeserializeError::at(
                self.pos,
                "next_key called outside an object",
            ));
        }
        match self.peek() {
            Some(b'}') => {
                self.leave();
                return Ok(None);
            }
            Some(b',') if !self.first => self.pos += 1,
            _ if self.first => {}
            _ => return Err(self.unexpected("`,` or `}`")),
        }
        self.first = false;
        self.member_name().map(Some)
    }

    /// Reads `"name":`.
    fn member_name(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a member name"));
        }
        let name = self.parse_string()?;
        if self.peek() != Some(b':') {
            return Err(self.unexpected("`:`"));
        }
        self.pos += 1;
        Ok(name)
    }

    /// Enters the array that must come next.
    pub fn begin_array(&mut self) -> Result<(), DeserializeError> {
        if self.peek() != Some(b'[') {
            return Err(self.unexpected("an array"));
        }
        self.enter()?;
        self.pos += 1;
        self.first = true;
        Ok(())
    }

    /// Whether the array has another element, positioned before it; `false`
    /// after consuming the closing `]`. The element must be read or skipped
    /// before the next call.
    pub fn next_element(&mut self) -> Result<bool, DeserializeError> {
        if self.depth == 0 {
            return Err(DeserializeError::at(
                self.pos,
                "next_element called outside an array",
            ));
        }
        match self.peek() {
            Some(b']') => {
                self.leave();
                return Ok(false);
            }
            Some(b',') if !self.first => {
                self.pos += 1;
                if self.peek() == Some(b']') {
                    return Err(self.unexpected("a value"));
                }
            }
            _ if self.first => {}
            _ => return Err(self.unexpected("`,` or `]`")),
        }
        self.first = false;
        Ok(true)
    }

    /// Whether the next value is `null`, without consuming it.
    pub fn peek_null(&mut self) -> bool {
        self.peek() == Some(b'n') && self.input[self.pos..].starts_with(b"null")
    }

    /// Whether the next value is a string, without consuming it.
    pub(crate) fn peek_is_string(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// Consumes a `null` and returns `true`; returns `false` and consumes
    /// nothing when the next value is something else.
    pub fn read_null(&mut self) -> Result<bool, DeserializeError> {
        let null = self.peek_null();
        if null {
            self.pos += 4;
        }
        Ok(null)
    }

    /// Reads `true` or `false`.
    pub fn read_bool(&mut self) -> Result<bool, DeserializeError> {
        let rest = match self.peek() {
            Some(_) => &self.input[self.pos..],
            None => &[][..],
        };
        if rest.starts_with(b"true") {
            self.pos += 4;
            Ok(true)
        } else if rest.starts_with(b"false") {
            self.pos += 5;
            Ok(false)
        } else {
            Err(self.unexpected("a boolean"))
        }
    }

    /// Reads a string. It is borrowed from the input unless it has escapes.
    /// Invalid UTF-8, unescaped control characters, unknown escapes and
    /// unpaired surrogates (`\ud800`) are errors.
    pub fn read_string(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a string"));
        }
        self.parse_string()
    }

    /// Parses the string whose opening quote is at the current position.
    fn parse_string(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        let input = self.input;
        let start = self.pos + 1;
        let body = input.get(start..).unwrap_or_default();
        let mut i = match find_special(body) {
            Some(n) => start + n,
            None => return Err(DeserializeError::at(input.len(), "unterminated string")),
        };
        if input[i] == b'"' {
            self.pos = i + 1;
            return utf8_at(&input[start..i], start).map(Cow::Borrowed);
        }
        // Escapes (or a control character): build an owned string, copying
        // the raw runs between escapes. Each run ends at an ASCII byte, so
        // validating the runs one by one validates the whole string.
        let mut out = String::with_capacity(i - start + 16);
        let mut run = start;
        loop {
            match input.get(i) {
                None => return Err(DeserializeError::at(i, "unterminated string")),
                Some(b'"') => {
                    out.push_str(utf8_at(&input[run..i], run)?);
                    self.pos = i + 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(utf8_at(&input[run..i], run)?);
                    i = unescape(input, i, &mut out)?;
                    run = i;
                }
                Some(&b) if b < 0x20 => {
                    return Err(DeserializeError::at(
                        i,
                        format!("control character U+{b:04X} must be escaped in a string"),
                    ));
                }
                Some(_) => {
                    let rest = &input[i..];
                    i += find_special(rest).unwrap_or(rest.len());
                }
            }
        }
    }

    /// Lexes the number that must come next; returns it and its offset.
    fn lex_number(&mut self, expected: &str) -> Result<(Decimal<'a>, usize), DeserializeError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.unexpected(expected));
        }
        let start = self.pos;
        let input = self.input;
        let (decimal, len) = Decimal::lex(&input[start..]).map_err(|e: LexError| {
            DeserializeError::at(
                start + e.offset,
                format!("invalid number: expected {}", e.expected),
            )
        })?;
        self.pos = start + len;
        Ok((decimal, start))
    }

    /// The text of the number just lexed at `start`.
    fn lexeme(&self, start: usize) -> Result<&'a str, DeserializeError> {
        // A lexed number is ASCII, so this cannot fail; the error path only
        // exists to avoid a panic in the impossible case.
        utf8_at(&self.input[start..self.pos], start)
    }

    /// Reads the raw text of a number, for `bigInteger` and `bigDecimal`.
    /// The text follows JSON's number grammar.
    pub fn read_number_text(&mut self) -> Result<&'a str, DeserializeError> {
        let (_, start) = self.lex_number("a number")?;
        self.lexeme(start)
    }

    /// Reads a `bigInteger`: a number written as a plain integer of any
    /// size. `1e3` and `5.0` are rejected here, because accepting them would
    /// mean expanding exponents of any size.
    pub fn read_big_integer(&mut self) -> Result<BigInteger, DeserializeError> {
        let (decimal, start) = self.lex_number("an integer")?;
        let text = self.lexeme(start)?;
        if !decimal.is_integer_syntax() {
            return Err(DeserializeError::at(
                start,
                format!("expected an integer, found {}", excerpt(text.as_bytes())),
            ));
        }
        Ok(BigInteger::from_checked(text.to_owned()))
    }

    /// Reads a `bigDecimal`: any number, kept as its text.
    pub fn read_big_decimal(&mut self) -> Result<BigDecimal, DeserializeError> {
        let text = self.read_number_text()?;
        Ok(BigDecimal::from_checked(text.to_owned()))
    }

    /// Reads an integer and converts it to `T`, named `what` in errors.
    fn read_int<T: TryFrom<i64>>(&mut self, what: &str) -> Result<T, DeserializeError> {
        let (decimal, start) = self.lex_number("an integer")?;
        let out_of_range = |this: &Self| {
            let text = excerpt(&this.input[start..this.pos]);
            DeserializeError::at(start, format!("{text} is out of range for {what}"))
        };
        match decimal.to_i64() {
            Ok(value) => T::try_from(value).map_err(|_| out_of_range(self)),
            Err(IntError::OutOfRange) => Err(out_of_range(self)),
            Err(IntError::NotInteger) => {
                let text = excerpt(&self.input[start..self.pos]);
                Err(DeserializeError::at(
                    start,
                    format!("expected an integer, found {text}"),
                ))
            }
        }
    }

    /// Reads an integer in `i8` range (Smithy `byte`). Like every integer
    /// reader it also takes exactly integral numbers written with a
    /// fraction or exponent (`5.0`, `1e2`) and rejects `1.5`.
    pub fn read_i8(&mut self) -> Result<i8, DeserializeError> {
        self.read_int("i8")
    }

    /// Reads an integer in `i16` range (Smithy `short`).
    pub fn read_i16(&mut self) -> Result<i16, DeserializeError> {
        self.read_int("i16")
    }

    /// Reads an integer in `i32` range (Smithy `integer`).
    pub fn read_i32(&mut self) -> Result<i32, DeserializeError> {
        self.read_int("i32")
    }

    /// Reads an integer in `i64` range (Smithy `long`).
    pub fn read_i64(&mut self) -> Result<i64, DeserializeError> {
        self.read_int("i64")
    }

    /// Reads a float as either a number or one of the strings `"NaN"`,
    /// `"Infinity"` and `"-Infinity"` (how Smithy's JSON protocols send
    /// non-finite values). Returns the special value, or the number's text.
    fn read_float_text(&mut self) -> Result<Result<f64, (&'a str, usize)>, DeserializeError> {
        if self.peek() == Some(b'"') {
            let start = self.pos;
            let text = self.parse_string()?;
            return match text.as_ref() {
                "NaN" => Ok(Ok(f64::NAN)),
                "Infinity" => Ok(Ok(f64::INFINITY)),
                "-Infinity" => Ok(Ok(f64::NEG_INFINITY)),
                other => Err(DeserializeError::at(
                    start,
                    format!(
                        "expected a number, \"NaN\", \"Infinity\" or \"-Infinity\", found the string \"{}\"",
                        excerpt(other.as_bytes())
                    ),
                )),
            };
        }
        let (_, start) = self.lex_number("a number")?;
        Ok(Err((self.lexeme(start)?, start)))
    }

    /// Reads an `f64` (Smithy `double`), correctly rounded from the decimal
    /// text, or a non-finite value from its string form. A finite number
    /// too large for `f64` is an error, not infinity.
    pub fn read_f64(&mut self) -> Result<f64, DeserializeError> {
        match self.read_float_text()? {
            Ok(special) => Ok(special),
            Err((text, start)) => match text.parse::<f64>() {
                Ok(value) if value.is_finite() => Ok(value),
                _ => Err(DeserializeError::at(
                    start,
                    format!("{} is out of range for f64", excerpt(text.as_bytes())),
                )),
            },
        }
    }

    /// Reads an `f32` (Smithy `float`), rounded once from the decimal text;
    /// see [`read_f64`](Self::read_f64).
    pub fn read_f32(&mut self) -> Result<f32, DeserializeError> {
        match self.read_float_text()? {
            // The specials are exactly representable in f32.
            Ok(special) => Ok(special as f32),
            Err((text, start)) => match text.parse::<f32>() {
                Ok(value) if value.is_finite() => Ok(value),
                _ => Err(DeserializeError::at(
                    start,
                    format!("{} is out of range for f32", excerpt(text.as_bytes())),
                )),
            },
        }
    }

    /// Reads an epoch-seconds timestamp, which must be a number; converted
    /// exactly as [`DateTime::from_str`] with [`Format::EpochSeconds`] does.
    pub fn read_epoch_seconds(&mut self) -> Result<DateTime, DeserializeError> {
        let (decimal, start) = self.lex_number("an epoch-seconds timestamp")?;
        datetime::from_epoch_decimal(&decimal)
            .map_err(|e| DeserializeError::at(start, e.to_string()))
    }

    /// Reads a timestamp in `format`: a number for [`Format::EpochSeconds`],
    /// a string for the others.
    pub fn read_timestamp(&mut self, format: Format) -> Result<DateTime, DeserializeError> {
        if format == Format::EpochSeconds {
            return self.read_epoch_seconds();
        }
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a timestamp string"));
        }
        let start = self.pos;
        let text = self.parse_string()?;
        DateTime::from_str(&text, format).map_err(|e| DeserializeError::at(start, e.to_string()))
    }

    /// Reads a blob: a string of standard, padded base64.
    pub fn read_blob(&mut self) -> Result<Blob, DeserializeError> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a base64 string"));
        }
        let start = self.pos;
        let text = self.parse_string()?;
        blob::decode(&text)
            .map(Blob::from)
            .map_err(|_| DeserializeError::at(start, "invalid base64 in a blob"))
    }

    /// Skips the next value, whatever it is, checking its syntax and nesting
    /// as if it were read.
    pub fn skip_value(&mut self) -> Result<(), DeserializeError> {
        // Containers this call has entered and not yet left: true for objects.
        let mut open: Vec<bool> = Vec::new();
        loop {
            // One value, or the start of a non-empty container.
            match self.peek() {
                Some(open_byte @ (b'{' | b'[')) => {
                    self.enter()?;
                    self.pos += 1;
                    let is_object = open_byte == b'{';
                    let close = if is_object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.leave();
                    } else {
                        if is_object {
                            self.member_name()?;
                        }
                        open.push(is_object);
                        continue;
                    }
                }
                _ => self.skip_scalar()?,
            }
            // A value is complete: leave the containers it completes, then
            // stop, or go on with the next member or element.
            loop {
                let Some(&is_object) = open.last() else {
                    return Ok(());
                };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if is_object {
                            self.member_name()?;
                        }
                        break;
                    }
                    Some(b'}') if is_object => {
                        self.leave();
                        open.pop();
                    }
                    Some(b']') if !is_object => {
                        self.leave();
                        open.pop();
                    }
                    _ if is_object => return Err(self.unexpected("`,` or `}`")),
                    _ => return Err(self.unexpected("`,` or `]`")),
                }
            }
        }
    }

    /// Skips a string, number, boolean or null.
    fn skip_scalar(&mut self) -> Result<(), DeserializeError> {
        match self.peek() {
            Some(b'"') => self.parse_string().map(drop),
            Some(b't' | b'f') => self.read_bool().map(drop),
            Some(b'-' | b'0'..=b'9') => self.lex_number("a value").map(drop),
            _ if self.read_null()? => Ok(()),
            _ => Err(self.unexpected("a value")),
        }
    }

    /// Reads any value as a [`Document`]. Integers become
    /// [`Number::PosInt`] or [`Number::NegInt`] when they fit in 64 bits,
    /// other numbers [`Number::Float`]; of duplicate keys the last wins.
    pub fn read_document(&mut self) -> Result<Document, DeserializeError> {
        enum Frame {
            Array(Vec<Document>),
            /// The members so far and the name of the one being read.
            Object(BTreeMap<String, Document>, String),
        }
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            let mut value = match self.peek() {
                Some(b'{') => {
                    self.enter()?;
                    self.pos += 1;
                    if self.peek() == Some(b'}') {
                        self.leave();
                        Document::Object(BTreeMap::new())
                    } else {
                        let name = self.member_name()?.into_owned();
                        stack.push(Frame::Object(BTreeMap::new(), name));
                        continue;
                    }
                }
                Some(b'[') => {
                    self.enter()?;
                    self.pos += 1;
                    if self.peek() == Some(b']') {
                        self.leave();
                        Document::Array(Vec::new())
                    } else {
                        stack.push(Frame::Array(Vec::new()));
                        continue;
                    }
                }
                Some(b'"') => Document::String(self.parse_string()?.into_owned()),
                Some(b't' | b'f') => Document::Bool(self.read_bool()?),
                Some(b'-' | b'0'..=b'9') => Document::Number(self.document_number()?),
                _ if self.read_null()? => Document::Null,
                _ => return Err(self.unexpected("a value")),
            };
            // Store the value in its container. A comma means another member
            // or element follows; a closing bracket completes the container,
            // which is then the value to store in its own parent.
            loop {
                let Some(mut frame) = stack.pop() else {
                    return Ok(value);
                };
                let close = match &mut frame {
                    Frame::Array(items) => {
                        items.push(value);
                        b']'
                    }
                    Frame::Object(members, name) => {
                        members.insert(std::mem::take(name), value);
                        b'}'
                    }
                };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if let Frame::Object(_, name) = &mut frame {
                            *name = self.member_name()?.into_owned();
                        }
                        stack.push(frame);
                        break;
                    }
                    Some(b) if b == close => {
                        self.leave();
                        value = match frame {
                            Frame::Array(items) => Document::Array(items),
                            Frame::Object(members, _) => Document::Object(members),
                        };
                    }
                    _ if close == b'}' => return Err(self.unexpected("`,` or `}`")),
                    _ => return Err(self.unexpected("`,` or `]`")),
                }
            }
        }
    }

    /// Reads a number for a document, keeping integers exact when they fit.
    fn document_number(&mut self) -> Result<Number, DeserializeError> {
        let (decimal, start) = self.lex_number("a number")?;
        let text = self.lexeme(start)?;
        if decimal.is_integer_syntax() {
            let integer = if decimal.is_negative() {
                text.parse::<i64>().ok().map(Number::from)
            } else {
                text.parse::<u64>().ok().map(Number::PosInt)
            };
            if let Some(number) = integer {
                return Ok(number);
            }
        }
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(Number::Float(value)),
            _ => Err(DeserializeError::at(
                start,
                format!("{} is out of range for f64", excerpt(text.as_bytes())),
            )),
        }
    }
}

/// Decodes the escape whose backslash is at `i`, appending it to `out`;
/// returns the offset after it.
fn unescape(input: &[u8], i: usize, out: &mut String) -> Result<usize, DeserializeError> {
    let simple = match input.get(i + 1) {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => {
            let unpaired = || DeserializeError::at(i, "unpaired UTF-16 surrogate in a \\u escape");
            let unit = hex4(input, i + 2)?;
            let (code, next) = match unit {
                0xD800..=0xDBFF => {
                    if input.get(i + 6..i + 8) != Some(&b"\\u"[..]) {
                        return Err(unpaired());
                    }
                    let low = hex4(input, i + 8)?;
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return Err(unpaired());
                    }
                    let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    (code, i + 12)
                }
                0xDC00..=0xDFFF => return Err(unpaired()),
                _ => (unit, i + 6),
            };
            // Surrogates were handled above, so every code here is a char.
            let c = char::from_u32(code).ok_or_else(unpaired)?;
            out.push(c);
            return Ok(next);
        }
        None => return Err(DeserializeError::at(i, "unterminated string")),
        Some(_) => return Err(DeserializeError::at(i, "invalid escape in a string")),
    };
    out.push(simple);
    Ok(i + 2)
}

/// The four hex digits at `at`, as a UTF-16 code unit.
fn hex4(input: &[u8], at: usize) -> Result<u32, DeserializeError> {
    (at..at + 4).try_fold(0, |acc, i| {
        let digit = input.get(i).and_then(|&b| char::from(b).to_digit(16));
        match digit {
            Some(digit) => Ok(acc * 16 + digit),
            None => Err(DeserializeError::at(
                i,
                "expected four hex digits after \\u",
            )),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(input: &str) -> JsonReader<'_> {
        JsonReader::new(input.as_bytes())
    }

    /// Reads one value with `read` and checks that nothing follows.
    fn one<'a, T>(
        input: &'a str,
        read: impl FnOnce(&mut JsonReader<'a>) -> Result<T, DeserializeError>,
    ) -> Result<T, DeserializeError> {
        let mut r = reader(input);
        let value = read(&mut r)?;
        r.finish()?;
        Ok(value)
    }

    fn err<T: std::fmt::Debug>(result: Result<T, DeserializeError>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn walks_objects_and_arrays() {
        let mut r =
            reader(r#" { "a" : [1, 2 , 3], "b": {"c": true, "d": {}}, "e": [], "a": null } "#);
        let mut seen = Vec::new();
        r.begin_object().unwrap();
        while let Some(key) = r.next_key().unwrap() {
            match key.as_ref() {
                "a" if !r.read_null().unwrap() => {
                    r.begin_array().unwrap();
                    while r.next_element().unwrap() {
                        seen.push(format!("a{}", r.read_i32().unwrap()));
                    }
                }
                "b" => {
                    r.begin_object().unwrap();
                    while let Some(key) = r.next_key().unwrap() {
                        seen.push(key.into_owned());
                        r.skip_value().unwrap();
                    }
                }
                "e" => {
                    r.begin_array().unwrap();
                    assert!(!r.next_element().unwrap());
                }
                other => seen.push(format!("{other}=null")),
            }
        }
        r.finish().unwrap();
        assert_eq!(seen, ["a1", "a2", "a3", "c", "d", "a=null"]);
    }

    #[test]
    fn structural_errors_say_what_and_where() {
        let walk = |input: &str| {
            let mut r = reader(input);
            r.begin_object()?;
            while let Some(_key) = r.next_key()? {
                r.begin_array()?;
                while r.next_element()? {
                    r.read_i64()?;
                }
            }
            r.finish()
        };
        assert_eq!(
            err(walk("<html>")),
            "expected an object, found `<` at byte 0"
        );
        assert_eq!(
            err(walk("")),
            "expected an object, found the end of the input at byte 0"
        );
        assert_eq!(
            err(walk("{")),
            "expected a member name, found the end of the input at byte 1"
        );
        assert_eq!(
            err(walk(r#"{"a":[1,]}"#)),
            "expected a value, found `]` at byte 8"
        );
        assert_eq!(
            err(walk(r#"{"a":[1 2]}"#)),
            "expected `,` or `]`, found a number at byte 8"
        );
        assert_eq!(
            err(walk(r#"{"a":[],}"#)),
            "expected a member name, found `}` at byte 8"
        );
        assert_eq!(
            err(walk(r#"{"a" [1]}"#)),
            "expected `:`, found an array at byte 5"
        );
        assert_eq!(
            err(walk(r#"{"a":[]"b":[]}"#)),
            "expected `,` or `}`, found a string at byte 7"
        );
        assert_eq!(
            err(walk(r#"{"a":[1}"#)),
            "expected `,` or `]`, found `}` at byte 7"
        );
        assert_eq!(
            err(walk(r#"{"a":{}}"#)),
            "expected an array, found an object at byte 5"
        );
        assert_eq!(
            err(walk(r#"{a:[]}"#)),
            "expected a member name, found `a` at byte 1"
        );
        assert_eq!(
            err(walk("{} {}")),
            "expected the end of the input, found an object at byte 3"
        );
        assert_eq!(
            err(walk(r#"{"a":[1]"#)),
            "expected `,` or `}`, found the end of the input at byte 8"
        );
        assert_eq!(
            err(walk("{\u{0}}")),
            "expected a member name, found byte 0x00 at byte 1"
        );
        walk(" {\"a\" :\t[ 1 ,\r\n2 ] }\n").unwrap();
    }

    #[test]
    fn misuse_is_an_error_not_a_panic() {
        let mut r = reader("[1]");
        assert!(r.next_key().is_err());
        assert!(r.next_element().is_err());
        // finish with a container still open.
        let mut r = reader("[1]");
        r.begin_array().unwrap();
        assert!(r.finish().is_err());
    }

    #[test]
    fn depth_is_limited() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let walk = |r: &mut JsonReader<'_>| -> Result<(), DeserializeError> {
            let mut depth = 0;
            loop {
                if r.peek() == Some(b'[') {
                    r.begin_array()?;
                    depth += 1;
                } else {
                    for _ in 0..depth {
                        assert!(!r.next_element()?);
                    }
                    return Ok(());
                }
            }
        };
        let ok = nested(DEFAULT_MAX_DEPTH);
        one(&ok, walk).unwrap();
        one(&ok, JsonReader::skip_value).unwrap();
        one(&ok, JsonReader::read_document).unwrap();
        let deep = nested(DEFAULT_MAX_DEPTH + 1);
        let message = "nesting exceeds the limit of 128 levels at byte 128";
        assert_eq!(err(one(&deep, walk)), message);
        assert_eq!(err(one(&deep, JsonReader::skip_value)), message);
        assert_eq!(err(one(&deep, JsonReader::read_document)), message);
        // Far deeper than any stack could recurse: still just an error.
        let very_deep = "[{\"a\":".repeat(1_000_000);
        assert!(one(&very_deep, JsonReader::skip_value).is_err());
        assert!(one(&very_deep, JsonReader::read_document).is_err());
        // The limit counts levels the caller entered too.
        let mut r = JsonReader::new(b"[[[1]]]").with_max_depth(2);
        r.begin_array().unwrap();
        assert!(r.next_element().unwrap());
        assert!(r.skip_value().is_err());
        let mut r = JsonReader::new(b"[[1]]").with_max_depth(2);
        r.begin_array().unwrap();
        assert!(r.next_element().unwrap());
        r.skip_value().unwrap();
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        let s = one(r#""plain é""#, JsonReader::read_string).unwrap();
        assert!(matches!(s, Cow::Borrowed("plain é")));
        let s = one(r#""a\"b\\c\/d\be\ff\ng\rh\ti""#, JsonReader::read_string).unwrap();
        assert!(matches!(s, Cow::Owned(_)));
        assert_eq!(s, "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti");
        let s = one(
            r#""\u0041\u00e9\u20AC\ud83d\ude00 end""#,
            JsonReader::read_string,
        )
        .unwrap();
        assert_eq!(s, "Aé€😀 end");
        assert_eq!(one(r#""\u0000""#, JsonReader::read_string).unwrap(), "\0");
        assert_eq!(one(r#""""#, JsonReader::read_string).unwrap(), "");
        // Keys go through the same code.
        let mut r = reader(r#"{"k\u00e9y":1}"#);
        r.begin_object().unwrap();
        assert_eq!(r.next_key().unwrap().unwrap(), "kéy");
    }

    #[test]
    fn bad_strings() {
        let read = |input: &[u8]| {
            let mut r = JsonReader::new(input);
            let s = r.read_string().map(Cow::into_owned);
            s.and_then(|s| r.finish().map(|()| s))
        };
        let cases: [(&[u8], &str); 14] = [
            (b"\"abc", "unterminated string at byte 4"),
            (b"\"ab\\", "unterminated string at byte 3"),
            (b"\"a\\x\"", "invalid escape in a string at byte 2"),
            (
                b"\"a\\u12\"",
                "expected four hex digits after \\u at byte 6",
            ),
            (b"\"a\\u12", "expected four hex digits after \\u at byte 6"),
            (
                b"\"\\ud800\"",
                "unpaired UTF-16 surrogate in a \\u escape at byte 1",
            ),
            (
                b"\"\\ud800\\u0041\"",
                "unpaired UTF-16 surrogate in a \\u escape at byte 1",
            ),
            (
                b"\"\\udc00\"",
                "unpaired UTF-16 surrogate in a \\u escape at byte 1",
            ),
            (
                b"\"\\ud800x\"",
                "unpaired UTF-16 surrogate in a \\u escape at byte 1",
            ),
            (
                b"\"a\nb\"",
                "control character U+000A must be escaped in a string at byte 2",
            ),
            (
                b"\"\\n\tb\"",
                "control character U+0009 must be escaped in a string at byte 3",
            ),
            (b"\"ab\xff\"", "invalid UTF-8 in a string at byte 3"),
            (b"\"\\n\xc3\"", "invalid UTF-8 in a string at byte 3"),
            (b"\"\xed\xa0\x80\"", "invalid UTF-8 in a string at byte 1"),
        ];
        for (input, message) in cases {
            assert_eq!(err(read(input)), message, "{input:?}");
        }
        assert_eq!(
            err(read(b"12")),
            "expected a string, found a number at byte 0"
        );
    }

    #[test]
    fn large_strings() {
        let big = "x".repeat(10 << 20);
        let json = format!("\"{big}\"");
        assert_eq!(one(&json, JsonReader::read_string).unwrap().len(), 10 << 20);
        let escaped = format!("\"\\n{big}\"");
        assert_eq!(
            one(&escaped, JsonReader::read_string).unwrap().len(),
            (10 << 20) + 1
        );
    }

    #[test]
    fn literals() {
        assert!(one("true", JsonReader::read_bool).unwrap());
        assert!(!one(" false ", JsonReader::read_bool).unwrap());
        assert_eq!(
            err(one("tru", JsonReader::read_bool)),
            "expected a boolean, found `t` at byte 0"
        );
        assert_eq!(
            err(one("True", JsonReader::read_bool)),
            "expected a boolean, found `T` at byte 0"
        );
        assert_eq!(
            err(one("truex", JsonReader::read_bool)),
            "expected the end of the input, found `x` at byte 4"
        );
        assert_eq!(
            err(one("1", JsonReader::read_bool)),
            "expected a boolean, found a number at byte 0"
        );
        let mut r = reader(" null");
        assert!(r.peek_null());
        assert!(r.read_null().unwrap());
        r.finish().unwrap();
        let mut r = reader("nul");
        assert!(!r.read_null().unwrap());
        assert_eq!(r.offset(), 0);
        let mut r = reader("\"null\"");
        assert!(!r.read_null().unwrap());
        assert_eq!(r.read_string().unwrap(), "null");
    }

    #[test]
    fn integers() {
        assert_eq!(one("0", JsonReader::read_i32), Ok(0));
        assert_eq!(one("-0", JsonReader::read_i32), Ok(0));
        assert_eq!(one("127", JsonReader::read_i8), Ok(127));
        assert_eq!(one("-128", JsonReader::read_i8), Ok(-128));
        assert_eq!(one("-32768", JsonReader::read_i16), Ok(i16::MIN));
        assert_eq!(one("2147483647", JsonReader::read_i32), Ok(i32::MAX));
        assert_eq!(
            one("-9223372036854775808", JsonReader::read_i64),
            Ok(i64::MIN)
        );
        assert_eq!(
            one("9223372036854775807", JsonReader::read_i64),
            Ok(i64::MAX)
        );
        assert_eq!(one("1e3", JsonReader::read_i32), Ok(1000));
        assert_eq!(one("5.0", JsonReader::read_i32), Ok(5));
        assert_eq!(one("-2.50E1", JsonReader::read_i32), Ok(-25));
        assert_eq!(
            err(one("128", JsonReader::read_i8)),
            "128 is out of range for i8 at byte 0"
        );
        assert_eq!(
            err(one("-129", JsonReader::read_i8)),
            "-129 is out of range for i8 at byte 0"
        );
        assert_eq!(
            err(one("40000", JsonReader::read_i16)),
            "40000 is out of range for i16 at byte 0"
        );
        assert_eq!(
            err(one("2147483648", JsonReader::read_i32)),
            "2147483648 is out of range for i32 at byte 0"
        );
        assert_eq!(
            err(one("9223372036854775808", JsonReader::read_i64)),
            "9223372036854775808 is out of range for i64 at byte 0"
        );
        assert_eq!(
            err(one("1e400", JsonReader::read_i64)),
            "1e400 is out of range for i64 at byte 0"
        );
        assert_eq!(
            err(one("1.5", JsonReader::read_i32)),
            "expected an integer, found 1.5 at byte 0"
        );
        assert_eq!(
            err(one("1e-1", JsonReader::read_i32)),
            "expected an integer, found 1e-1 at byte 0"
        );
        assert_eq!(
            err(one("\"1\"", JsonReader::read_i32)),
            "expected an integer, found a string at byte 0"
        );
        assert_eq!(
            err(one("01", JsonReader::read_i32)),
            "expected the end of the input, found a number at byte 1"
        );
        assert_eq!(
            err(one("-", JsonReader::read_i32)),
            "invalid number: expected a digit at byte 1"
        );
        assert_eq!(
            err(one("1.", JsonReader::read_i32)),
            "invalid number: expected a digit after the decimal point at byte 2"
        );
        assert_eq!(
            err(one("1e+", JsonReader::read_i32)),
            "invalid number: expected a digit in the exponent at byte 3"
        );
        let long = format!("1{}", "0".repeat(100));
        assert_eq!(
            err(one(&long, JsonReader::read_i64)),
            "1000000000000000000000000000000000000000... is out of range for i64 at byte 0"
        );
    }

    #[test]
    fn floats() {
        assert_eq!(one("0.1", JsonReader::read_f64), Ok(0.1));
        assert_eq!(one("-1.5e-3", JsonReader::read_f64), Ok(-0.0015));
        assert_eq!(one("1E2", JsonReader::read_f64), Ok(100.0));
        assert_eq!(
            one("17976931348623157e292", JsonReader::read_f64),
            Ok(f64::MAX)
        );
        assert_eq!(one("5e-324", JsonReader::read_f64), Ok(5e-324));
        assert_eq!(one("1e-400", JsonReader::read_f64), Ok(0.0));
        assert!(
            one("-0.0", JsonReader::read_f64)
                .unwrap()
                .is_sign_negative()
        );
        assert!(one("\"NaN\"", JsonReader::read_f64).unwrap().is_nan());
        assert_eq!(one("\"Infinity\"", JsonReader::read_f64), Ok(f64::INFINITY));
        assert_eq!(
            one("\"-Infinity\"", JsonReader::read_f64),
            Ok(f64::NEG_INFINITY)
        );
        assert_eq!(one("0.1", JsonReader::read_f32), Ok(0.1f32));
        assert_eq!(
            one("\"-Infinity\"", JsonReader::read_f32),
            Ok(f32::NEG_INFINITY)
        );
        assert!(one("\"NaN\"", JsonReader::read_f32).unwrap().is_nan());
        assert_eq!(
            err(one("1e400", JsonReader::read_f64)),
            "1e400 is out of range for f64 at byte 0"
        );
        assert_eq!(
            err(one("1e39", JsonReader::read_f32)),
            "1e39 is out of range for f32 at byte 0"
        );
        assert_eq!(
            err(one("\"nan\"", JsonReader::read_f64)),
            "expected a number, \"NaN\", \"Infinity\" or \"-Infinity\", found the string \"nan\" at byte 0"
        );
        assert_eq!(
            err(one("NaN", JsonReader::read_f64)),
            "expected a number, found `N` at byte 0"
        );
        assert_eq!(
            err(one("Infinity", JsonReader::read_f64)),
            "expected a number, found `I` at byte 0"
        );
        assert_eq!(
            err(one(".5", JsonReader::read_f64)),
            "expected a number, found `.` at byte 0"
        );
        assert_eq!(
            err(one("+1", JsonReader::read_f64)),
            "expected a number, found `+` at byte 0"
        );
    }

    #[test]
    fn number_text_is_the_raw_lexeme() {
        assert_eq!(
            one(" -1.50e+10 ", JsonReader::read_number_text),
            Ok("-1.50e+10")
        );
        let big = "123456789012345678901234567890";
        assert_eq!(one(big, JsonReader::read_number_text), Ok(big));
        assert!(one("\"1\"", JsonReader::read_number_text).is_err());
        let int = one(big, JsonReader::read_big_integer).unwrap();
        assert_eq!(int.as_str(), big);
        assert_eq!(
            err(one("1e3", JsonReader::read_big_integer)),
            "expected an integer, found 1e3 at byte 0"
        );
        let dec = one("-1.50e+10", JsonReader::read_big_decimal).unwrap();
        assert_eq!(dec.as_str(), "-1.50e+10");
        assert!(one("\"1\"", JsonReader::read_big_decimal).is_err());
    }

    #[test]
    fn timestamps() {
        let epoch = |s| one(s, JsonReader::read_epoch_seconds);
        assert_eq!(epoch("1700000000"), Ok(DateTime::from_secs(1_700_000_000)));
        assert_eq!(
            epoch("1700000000.123"),
            Ok(DateTime::from_secs_and_nanos(1_700_000_000, 123_000_000))
        );
        assert_eq!(epoch("1.7E+09"), Ok(DateTime::from_secs(1_700_000_000)));
        assert_eq!(
            epoch("-1.5"),
            Ok(DateTime::from_secs_and_nanos(-2, 500_000_000))
        );
        assert_eq!(
            err(epoch("\"1700000000\"")),
            "expected an epoch-seconds timestamp, found a string at byte 0"
        );
        assert_eq!(
            err(epoch("1e19")),
            "invalid epoch-seconds timestamp: out of range at byte 0"
        );
        let ts = |s, f| one(s, |r| r.read_timestamp(f));
        assert_eq!(
            ts("\"2023-11-14T22:13:20.5Z\"", Format::DateTime),
            Ok(DateTime::from_secs_and_nanos(1_700_000_000, 500_000_000))
        );
        assert_eq!(
            ts("\"Tue, 14 Nov 2023 22:13:20 GMT\"", Format::HttpDate),
            Ok(DateTime::from_secs(1_700_000_000))
        );
        assert_eq!(
            ts("1700000000", Format::EpochSeconds),
            Ok(DateTime::from_secs(1_700_000_000))
        );
        assert_eq!(
            err(ts("1700000000", Format::DateTime)),
            "expected a timestamp string, found a number at byte 0"
        );
        assert!(
            err(ts("\"2023-11-14\"", Format::DateTime)).starts_with("invalid date-time timestamp")
        );
    }

    #[test]
    fn blobs() {
        assert_eq!(
            one("\"aGk=\"", JsonReader::read_blob),
            Ok(Blob::new(*b"hi"))
        );
        assert_eq!(one("\"\"", JsonReader::read_blob), Ok(Blob::default()));
        // An escaped solidus is still base64.
        assert_eq!(
            one("\"\\/w==\"", JsonReader::read_blob),
            Ok(Blob::new([0xffu8]))
        );
        assert_eq!(
            err(one("\"aGk\"", JsonReader::read_blob)),
            "invalid base64 in a blob at byte 0"
        );
        assert_eq!(
            err(one("[]", JsonReader::read_blob)),
            "expected a base64 string, found an array at byte 0"
        );
    }

    #[test]
    fn skip_value_validates_what_it_skips() {
        for good in [
            "1",
            "-0.5e3",
            "\"s\\u00e9\"",
            "true",
            "null",
            "[]",
            "{}",
            r#"{"a":[1,{"b":null},[]],"c":{"d":"e"}}"#,
            r#"[[[]],[{}],{"a":{}}]"#,
        ] {
            one(good, JsonReader::skip_value).unwrap_or_else(|e| panic!("{good}: {e}"));
        }
        for bad in [
            "",
            "]",
            "}",
            "{",
            "[",
            "[1",
            "[1,]",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{1:2}",
            "[}",
            "{]",
            "[1 2]",
            "{\"a\":1 \"b\":2}",
            "nul",
            "\"\\x\"",
            "\"\\ud800\"",
            "01",
            "[\"a\"]]",
            "\u{1}",
        ] {
            assert!(one(bad, JsonReader::skip_value).is_err(), "{bad:?}");
        }
        // Skipping in the middle of an object leaves the reader in place.
        let mut r = reader(r#"{"x":{"deep":[1,2,{"y":[]}]},"z":7}"#);
        r.begin_object().unwrap();
        assert_eq!(r.next_key().unwrap().unwrap(), "x");
        r.skip_value().unwrap();
        assert_eq!(r.next_key().unwrap().unwrap(), "z");
        assert_eq!(r.read_i32(), Ok(7));
        assert_eq!(r.next_key(), Ok(None));
        r.finish().unwrap();
    }

    #[test]
    fn documents() {
        let doc = one(
            r#"{"s":"x","n":null,"b":false,"i":42,"neg":-7,"big":18446744073709551615,
                "bigger":18446744073709551616,"f":1.5,"e":1e2,"z":-0,
                "a":[1,[2,{}],[]],"o":{"k":{"k":"v"}},"dup":1,"dup":2}"#,
            JsonReader::read_document,
        )
        .unwrap();
        let object = doc.as_object().unwrap();
        assert_eq!(object["s"], Document::from("x"));
        assert!(object["n"].is_null());
        assert_eq!(object["b"], Document::Bool(false));
        assert_eq!(object["i"], Document::Number(Number::PosInt(42)));
        assert_eq!(object["neg"], Document::Number(Number::NegInt(-7)));
        assert_eq!(object["big"], Document::Number(Number::PosInt(u64::MAX)));
        assert_eq!(
            object["bigger"],
            Document::Number(Number::Float(18_446_744_073_709_551_616.0))
        );
        assert_eq!(object["f"], Document::Number(Number::Float(1.5)));
        assert_eq!(object["e"], Document::Number(Number::Float(100.0)));
        assert_eq!(object["z"], Document::Number(Number::PosInt(0)));
        assert_eq!(
            object["a"],
            Document::Array(vec![
                Document::from(1i64),
                Document::Array(vec![
                    Document::from(2i64),
                    Document::Object(BTreeMap::new())
                ]),
                Document::Array(vec![]),
            ])
        );
        assert_eq!(
            object["o"].as_object().unwrap()["k"].as_object().unwrap()["k"],
            Document::from("v")
        );
        assert_eq!(object["dup"], Document::from(2i64));
        assert_eq!(object.len(), 13);
        assert_eq!(
            one("\"s\"", JsonReader::read_document),
            Ok(Document::from("s"))
        );
        assert!(one("[1,]", JsonReader::read_document).is_err());
        assert!(one("{\"a\":1,}", JsonReader::read_document).is_err());
        assert!(one("1e400", JsonReader::read_document).is_err());
        assert!(one("[1}", JsonReader::read_document).is_err());
    }

    #[test]
    fn at_end_sees_only_whitespace() {
        assert!(reader(" \n\t\r").at_end());
        assert!(reader("").at_end());
        assert!(!reader(" {}").at_end());
    }
}
