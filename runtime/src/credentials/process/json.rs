//! Just enough JSON to read a `credential_process` answer: one object whose
//! string and number members are kept; nested values are checked and
//! skipped. Self-contained so credentials do not depend on the protocol
//! codecs.

/// A member value, as far as credential output needs it.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Value {
    String(String),
    /// The number exactly as written.
    Number(String),
    /// `null`, a boolean, an array or an object.
    Other,
}

/// Malformed JSON, at a byte offset. Carries no input text, which holds
/// secrets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct JsonError {
    pub(super) offset: usize,
    pub(super) message: &'static str,
}

/// Nesting deeper than this is rejected rather than risking the stack.
const MAX_DEPTH: usize = 32;

/// The members of the single top-level object of `input`, in order.
pub(super) fn parse_object(input: &str) -> Result<Vec<(String, Value)>, JsonError> {
    let mut reader = Reader { input, pos: 0 };
    reader.skip_whitespace();
    let members = reader.object(0)?;
    reader.skip_whitespace();
    if reader.pos != input.len() {
        return Err(reader.error("unexpected data after the object"));
    }
    Ok(members)
}

struct Reader<'a> {
    input: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn error(&self, message: &'static str) -> JsonError {
        JsonError {
            offset: self.pos,
            message,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.input.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, message: &'static str) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(message))
        }
    }

    /// An object, its members kept at the top level only.
    fn object(&mut self, depth: usize) -> Result<Vec<(String, Value)>, JsonError> {
        self.expect(b'{', "expected '{'")?;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(members);
        }
        loop {
            self.skip_whitespace();
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(b':', "expected ':'")?;
            self.skip_whitespace();
            let value = self.value(depth + 1)?;
            if depth == 0 {
                members.push((key, value));
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(members);
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<(), JsonError> {
        self.expect(b'[', "expected '['")?;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_whitespace();
            self.value(depth + 1)?;
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        match self.peek() {
            Some(b'"') => self.string().map(Value::String),
            Some(b'{') => self.object(depth).map(|_| Value::Other),
            Some(b'[') => self.array(depth).map(|()| Value::Other),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            _ => {
                for literal in ["true", "false", "null"] {
                    if self.input[self.pos..].starts_with(literal) {
                        self.pos += literal.len();
                        return Ok(Value::Other);
                    }
                }
                Err(self.error("expected a value"))
            }
        }
    }

    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        Ok(self.input[start..self.pos].to_owned())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("expected a digit"));
        }
        self.digits();
        Ok(())
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.expect(b'"', "expected a string")?;
        let mut out = String::new();
        // Unescaped text is copied a run at a time. Runs end only at ASCII
        // bytes, so every slice falls on a character boundary.
        let mut run_start = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    out.push_str(&self.input[run_start..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.input[run_start..self.pos]);
                    self.pos += 1;
                    self.escape(&mut out)?;
                    run_start = self.pos;
                }
                Some(0..0x20) => return Err(self.error("control character in string")),
                Some(_) => self.pos += 1,
            }
        }
    }

    /// The escape after a backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        if !self.input[self.pos..].starts_with("\\u") {
                            return Err(self.error("unpaired surrogate"));
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error("unpaired surrogate"));
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.error("unpaired surrogate")),
                    _ => unit,
                };
                out.push(char::from_u32(code).ok_or(self.error("invalid escape"))?);
                return Ok(());
            }
            _ => return Err(self.error("invalid escape")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .input
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or(self.error("expected four hex digits"))?;
        let value = u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid escape"))?;
        self.pos += 4;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.to_owned())
    }

    #[test]
    fn members_in_order() {
        let members = parse_object(
            r#" { "Version": 1, "A": "x", "B": -1.5e3, "C": null, "D": [1, {"x": []}], "E": {"F": "g"}, "G": true } "#,
        )
        .unwrap();
        assert_eq!(
            members,
            [
                ("Version".to_owned(), Value::Number("1".into())),
                ("A".to_owned(), s("x")),
                ("B".to_owned(), Value::Number("-1.5e3".into())),
                ("C".to_owned(), Value::Other),
                ("D".to_owned(), Value::Other),
                ("E".to_owned(), Value::Other),
                ("G".to_owned(), Value::Other),
            ]
        );
        assert_eq!(parse_object("{}").unwrap(), []);
    }

    #[test]
    fn escapes_and_unicode() {
        let members = parse_object(r#"{"k": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00 é😀"}"#).unwrap();
        assert_eq!(members[0].1, s("a\"b\\c/d\n\té😀 é😀"));
    }

    #[test]
    fn malformed_inputs_are_errors_not_panics() {
        for input in [
            "",
            "[]",
            "{",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{\"a\":1} x",
            "{\"a\":01x}",
            "{\"a\":-}",
            "{\"a\":1.}",
            "{\"a\":1e}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":\"\\ud800\"}",
            "{\"a\":\"\\ud800\\u0041\"}",
            "{\"a\":\"\\udc00\"}",
            "{\"a\":\"unterminated}",
            "{\"a\":\"tab\there\"}",
            "{\"a\":tru}",
            "{\"a\":\"\\u00é\"}",
        ] {
            assert!(parse_object(input).is_err(), "{input:?} should not parse");
        }
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse_object(&deep).unwrap_err();
        assert_eq!(err.message, "nested too deeply");
        let fine = format!("{{\"a\":{}1{}}}", "[".repeat(20), "]".repeat(20));
        assert!(parse_object(&fine).is_ok());
    }
}
