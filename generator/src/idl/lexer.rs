//! Splits a model file into tokens.
//!
//! Whitespace is kept as tokens because the IDL is whitespace sensitive:
//! statements end with a line break, and `string Foo` needs its space. A shape
//! id (`smithy.api#String$member`) is lexed as one [`Tok::Word`], since its
//! parts may not be separated by whitespace. A lexical error ends the stream
//! with a [`Tok::Error`] so the parser reports errors in source order.

use super::error::Pos;
use super::strings;

/// The kinds of token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// One or more spaces or tabs.
    Space,
    /// A comma, which is whitespace outside strings.
    Comma,
    /// `\n` or `\r\n`.
    Newline,
    /// A `//` comment, up to (not including) the line break.
    Comment,
    /// A `///` comment: its text without the slashes and one leading space.
    DocComment(String),
    /// An identifier, namespace, or shape id (absolute or relative, with or
    /// without a member), also every keyword.
    Word(String),
    /// `$` not inside a shape id: control statements and elided members.
    Dollar,
    /// A quoted string, escapes expanded.
    Str(String),
    /// A text block, incidental whitespace removed and escapes expanded.
    TextBlock(String),
    /// A number, integer or not, as written.
    Number(serde_json::Number),
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Colon,
    /// `:=` of inline operation input and output.
    Walrus,
    Equal,
    At,
    Eof,
    /// A lexical error; always the last token.
    Error(String),
}

impl Tok {
    /// How the token is named in "found ..." error messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Space => "whitespace".into(),
            Tok::Comma => "','".into(),
            Tok::Newline => "a line break".into(),
            Tok::Comment => "a comment".into(),
            Tok::DocComment(_) => "a documentation comment".into(),
            Tok::Word(w) => format!("'{w}'"),
            Tok::Dollar => "'$'".into(),
            Tok::Str(s) => format!("string {s:?}"),
            Tok::TextBlock(_) => "a text block".into(),
            Tok::Number(n) => format!("number {n}"),
            Tok::LBrace => "'{'".into(),
            Tok::RBrace => "'}'".into(),
            Tok::LBracket => "'['".into(),
            Tok::RBracket => "']'".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Colon => "':'".into(),
            Tok::Walrus => "':='".into(),
            Tok::Equal => "'='".into(),
            Tok::At => "'@'".into(),
            Tok::Eof => "end of file".into(),
            Tok::Error(_) => "an invalid token".into(),
        }
    }
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) pos: Pos,
}

/// Lexes a whole file. The result always ends with [`Tok::Eof`] or [`Tok::Error`].
pub(crate) fn tokenize(source: &str) -> Vec<Token> {
    // A byte order mark is not part of the model.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lexer = Lexer {
        chars: source.chars().collect(),
        at: 0,
        pos: Pos { line: 1, column: 1 },
    };
    let mut tokens = Vec::new();
    loop {
        let pos = lexer.pos;
        match lexer.next_token() {
            Ok(tok) => {
                let done = tok == Tok::Eof;
                tokens.push(Token { tok, pos });
                if done {
                    return tokens;
                }
            }
            Err((pos, message)) => {
                tokens.push(Token {
                    tok: Tok::Error(message),
                    pos,
                });
                return tokens;
            }
        }
    }
}

type LexResult<T> = Result<T, (Pos, String)>;

struct Lexer {
    chars: Vec<char>,
    at: usize,
    pos: Pos,
}

fn is_alpha(c: char) -> bool {
    c.is_ascii_alphabetic()
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.at).copied()?;
        self.at += 1;
        if c == '\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else {
            self.pos.column += 1;
        }
        Some(c)
    }

    fn next_token(&mut self) -> LexResult<Tok> {
        let start = self.pos;
        let Some(c) = self.peek(0) else {
            return Ok(Tok::Eof);
        };
        let single = |lexer: &mut Lexer, tok| {
            lexer.bump();
            Ok(tok)
        };
        match c {
            ' ' | '\t' => {
                while matches!(self.peek(0), Some(' ' | '\t')) {
                    self.bump();
                }
                Ok(Tok::Space)
            }
            '\n' => single(self, Tok::Newline),
            '\r' if self.peek(1) == Some('\n') => {
                self.bump();
                single(self, Tok::Newline)
            }
            ',' => single(self, Tok::Comma),
            '/' if self.peek(1) == Some('/') => Ok(self.comment()),
            '{' => single(self, Tok::LBrace),
            '}' => single(self, Tok::RBrace),
            '[' => single(self, Tok::LBracket),
            ']' => single(self, Tok::RBracket),
            '(' => single(self, Tok::LParen),
            ')' => single(self, Tok::RParen),
            ':' if self.peek(1) == Some('=') => {
                self.bump();
                single(self, Tok::Walrus)
            }
            ':' => single(self, Tok::Colon),
            '=' => single(self, Tok::Equal),
            '@' => single(self, Tok::At),
            '$' => single(self, Tok::Dollar),
            '"' => self.string(),
            '-' | '0'..='9' => self.number(),
            c if is_alpha(c) || c == '_' => self.word(),
            '\r' => Err((
                start,
                "unexpected carriage return without a line feed".into(),
            )),
            other => Err((start, format!("unexpected character {other:?}"))),
        }
    }

    fn comment(&mut self) -> Tok {
        let doc = self.peek(2) == Some('/');
        let skip = if doc { 3 } else { 2 };
        for _ in 0..skip {
            self.bump();
        }
        let mut text = String::new();
        while let Some(c) = self.peek(0) {
            if c == '\n' || (c == '\r' && self.peek(1) == Some('\n')) {
                break;
            }
            text.push(c);
            self.bump();
        }
        if !doc {
            return Tok::Comment;
        }
        // "If the text starts with a space, the leading space is removed."
        let text = text.strip_prefix(' ').map(str::to_string).unwrap_or(text);
        Tok::DocComment(text)
    }

    /// Lexes one identifier per the ABNF: `(1*"_" (ALPHA / DIGIT)) / ALPHA`
    /// followed by identifier characters.
    fn identifier(&mut self, out: &mut String) -> LexResult<()> {
        let start = self.pos;
        let mut underscores = 0;
        while self.peek(0) == Some('_') {
            out.push('_');
            self.bump();
            underscores += 1;
        }
        match self.peek(0) {
            Some(c) if is_alpha(c) || (underscores > 0 && c.is_ascii_digit()) => {}
            Some(c) => {
                return Err((self.pos, format!("expected an identifier, found {c:?}")));
            }
            None => return Err((start, "expected an identifier, found end of file".into())),
        }
        while let Some(c) = self.peek(0).filter(|c| is_identifier_char(*c)) {
            out.push(c);
            self.bump();
        }
        Ok(())
    }

    /// Lexes `identifier *("." identifier) ["#" identifier] ["$" identifier]`.
    fn word(&mut self) -> LexResult<Tok> {
        let mut word = String::new();
        self.identifier(&mut word)?;
        while self.peek(0) == Some('.') {
            word.push('.');
            self.bump();
            self.identifier(&mut word)?;
        }
        if self.peek(0) == Some('#') {
            word.push('#');
            self.bump();
            self.identifier(&mut word)?;
        }
        if self.peek(0) == Some('$') {
            word.push('$');
            self.bump();
            self.identifier(&mut word)?;
        }
        Ok(Tok::Word(word))
    }

    fn number(&mut self) -> LexResult<Tok> {
        let start = self.pos;
        let mut text = String::new();
        let mut integer = true;
        if self.peek(0) == Some('-') {
            text.push('-');
            self.bump();
        }
        let digits = |lexer: &mut Lexer, text: &mut String| -> LexResult<()> {
            if !lexer.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                let found = lexer
                    .peek(0)
                    .map_or("end of file".to_string(), |c| format!("{c:?}"));
                return Err((lexer.pos, format!("expected a digit, found {found}")));
            }
            while let Some(c) = lexer.peek(0).filter(char::is_ascii_digit) {
                text.push(c);
                lexer.bump();
            }
            Ok(())
        };
        if self.peek(0) == Some('0') && self.peek(1).is_some_and(|c| c.is_ascii_digit()) {
            return Err((start, "numbers cannot have leading zeros".into()));
        }
        digits(self, &mut text)?;
        if self.peek(0) == Some('.') {
            integer = false;
            text.push('.');
            self.bump();
            digits(self, &mut text)?;
        }
        if matches!(self.peek(0), Some('e' | 'E')) {
            integer = false;
            text.push('e');
            self.bump();
            if let Some(sign @ ('+' | '-')) = self.peek(0) {
                text.push(sign);
                self.bump();
            }
            digits(self, &mut text)?;
        }
        if let Some(c) = self.peek(0).filter(|c| is_identifier_char(*c) || *c == '.') {
            return Err((self.pos, format!("unexpected {c:?} after number {text}")));
        }
        let number = if integer {
            text.parse::<i64>()
                .map(serde_json::Number::from)
                .or_else(|_| text.parse::<u64>().map(serde_json::Number::from))
                .ok()
        } else {
            None
        };
        // Integers beyond 64 bits and every non-integer become doubles, as
        // they would in a JSON AST read without arbitrary precision.
        let number = match number {
            Some(n) => n,
            None => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .ok_or_else(|| (start, format!("number {text} is out of range")))?,
        };
        Ok(Tok::Number(number))
    }

    fn string(&mut self) -> LexResult<Tok> {
        let start = self.pos;
        let block = self.peek(1) == Some('"') && self.peek(2) == Some('"');
        if !block {
            self.bump();
            let raw = self.string_content(start, false)?;
            return strings::unescape(&raw)
                .map(Tok::Str)
                .ok_or((start, "invalid escape in string".into()));
        }
        for _ in 0..3 {
            self.bump();
        }
        while matches!(self.peek(0), Some(' ' | '\t')) {
            self.bump();
        }
        match self.peek(0) {
            Some('\n') => {
                self.bump();
            }
            Some('\r') if self.peek(1) == Some('\n') => {
                self.bump();
                self.bump();
            }
            _ => {
                return Err((
                    self.pos,
                    "expected a line break after the opening \"\"\" of a text block".into(),
                ));
            }
        }
        let raw = self.string_content(start, true)?;
        let stripped = strings::strip_incidental_whitespace(&raw);
        strings::unescape(&stripped)
            .map(Tok::TextBlock)
            .ok_or((start, "invalid escape in text block".into()))
    }

    /// Scans string content up to the closing delimiter (`"` or `"""`),
    /// validating escapes where they stand and turning `\r\n` into `\n`.
    /// Returns the raw content, escapes still in place.
    fn string_content(&mut self, start: Pos, block: bool) -> LexResult<String> {
        let mut raw = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                let what = if block { "text block" } else { "string" };
                return Err((start, format!("unterminated {what}")));
            };
            match c {
                '"' if !block => {
                    self.bump();
                    return Ok(raw);
                }
                '"' if self.peek(1) == Some('"') && self.peek(2) == Some('"') => {
                    for _ in 0..3 {
                        self.bump();
                    }
                    return Ok(raw);
                }
                '\\' => {
                    let escape_pos = self.pos;
                    if self.peek(1) == Some('\r') && self.peek(2) == Some('\n') {
                        self.bump();
                        self.bump();
                        self.bump();
                        raw.push_str("\\\n");
                        continue;
                    }
                    let window: Vec<char> =
                        self.chars[self.at..].iter().take(12).copied().collect();
                    let Some((_, len)) = strings::escape_at(&window, 0) else {
                        return Err((escape_pos, invalid_escape(&window)));
                    };
                    for _ in 0..len {
                        if let Some(c) = self.bump() {
                            raw.push(c);
                        }
                    }
                }
                '\r' if self.peek(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                    raw.push('\n');
                }
                '\r' => {
                    self.bump();
                    raw.push('\n');
                }
                c => {
                    self.bump();
                    raw.push(c);
                }
            }
        }
    }
}

fn invalid_escape(window: &[char]) -> String {
    match window.get(1) {
        Some('u') => {
            let text: String = window.iter().take(6).collect();
            format!("invalid unicode escape '{text}'")
        }
        Some(c) => format!("invalid escape '\\{c}'"),
        None => "unterminated escape at end of file".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<Tok> {
        tokenize(source).into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn shape_ids_are_single_words() {
        assert_eq!(
            kinds("smithy.api#String$member $id"),
            vec![
                Tok::Word("smithy.api#String$member".into()),
                Tok::Space,
                Tok::Dollar,
                Tok::Word("id".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn numbers_keep_integer_or_float() {
        assert_eq!(
            kinds("1 -2 1.0 1e2"),
            vec![
                Tok::Number(1.into()),
                Tok::Space,
                Tok::Number((-2).into()),
                Tok::Space,
                Tok::Number(serde_json::Number::from_f64(1.0).unwrap()),
                Tok::Space,
                Tok::Number(serde_json::Number::from_f64(100.0).unwrap()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn doc_comments_lose_one_leading_space() {
        assert_eq!(
            kinds("///  two\n//x"),
            vec![
                Tok::DocComment(" two".into()),
                Tok::Newline,
                Tok::Comment,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let tokens = tokenize("\"é\" \"a\nb\"\n  x");
        let x = tokens.iter().find(|t| t.tok == Tok::Word("x".into()));
        assert_eq!(x.map(|t| t.pos), Some(Pos { line: 3, column: 3 }));
        assert_eq!(tokens[2].pos, Pos { line: 1, column: 5 });
        assert_eq!(tokens[2].tok, Tok::Str("a\nb".into()));
    }

    #[test]
    fn text_block_escaped_quotes_do_not_close_it() {
        assert_eq!(
            kinds("\"\"\"\n    foo \\\"\"\"\n    baz\"\"\""),
            vec![Tok::TextBlock("foo \"\"\"\nbaz".into()), Tok::Eof]
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(kinds("\u{feff}a"), vec![Tok::Word("a".into()), Tok::Eof]);
    }

    #[test]
    fn lexical_errors_end_the_stream() {
        let tokens = tokenize("a \"\\x\"");
        assert_eq!(
            tokens.last().map(|t| (&t.tok, t.pos)),
            Some((
                &Tok::Error("invalid escape '\\x'".into()),
                Pos { line: 1, column: 4 }
            ))
        );
    }
}
