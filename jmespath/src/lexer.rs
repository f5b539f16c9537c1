//! JMESPath text to tokens.

use serde_json::Value;

/// One token, with the byte offset it starts at (for error messages).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    pub(crate) offset: usize,
}

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// `foo`
    Identifier(String),
    /// `"foo"`
    QuotedIdentifier(String),
    /// `` `json` `` or `'raw string'`
    Literal(Value),
    /// An integer inside brackets.
    Number(i64),
    Dot,
    Star,
    /// `[]`
    Flatten,
    /// `[?`
    Filter,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `@`
    Current,
    /// `&`
    Expref,
    Eof,
}

impl Kind {
    /// How the token reads in an error message.
    pub(crate) fn describe(&self) -> String {
        match self {
            Kind::Identifier(name) => format!("`{name}`"),
            Kind::QuotedIdentifier(name) => format!("`\"{name}\"`"),
            Kind::Literal(value) => format!("literal {value}"),
            Kind::Number(n) => format!("`{n}`"),
            Kind::Eof => "the end of the expression".to_owned(),
            other => format!("`{}`", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Kind::Dot => ".",
            Kind::Star => "*",
            Kind::Flatten => "[]",
            Kind::Filter => "[?",
            Kind::LBracket => "[",
            Kind::RBracket => "]",
            Kind::LBrace => "{",
            Kind::RBrace => "}",
            Kind::LParen => "(",
            Kind::RParen => ")",
            Kind::Comma => ",",
            Kind::Colon => ":",
            Kind::Pipe => "|",
            Kind::Or => "||",
            Kind::And => "&&",
            Kind::Not => "!",
            Kind::Eq => "==",
            Kind::Ne => "!=",
            Kind::Lt => "<",
            Kind::Le => "<=",
            Kind::Gt => ">",
            Kind::Ge => ">=",
            Kind::Current => "@",
            Kind::Expref => "&",
            Kind::Identifier(_)
            | Kind::QuotedIdentifier(_)
            | Kind::Literal(_)
            | Kind::Number(_)
            | Kind::Eof => "",
        }
    }
}

/// Splits `text` into tokens, ending with [`Kind::Eof`].
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let mut next_is = |expected: char| chars.next_if(|&(_, n)| n == expected).is_some();
        let kind = match c {
            ' ' | '\t' | '\n' | '\r' => continue,
            '.' => Kind::Dot,
            '*' => Kind::Star,
            ']' => Kind::RBracket,
            '{' => Kind::LBrace,
            '}' => Kind::RBrace,
            '(' => Kind::LParen,
            ')' => Kind::RParen,
            ',' => Kind::Comma,
            ':' => Kind::Colon,
            '@' => Kind::Current,
            '[' if next_is(']') => Kind::Flatten,
            '[' if next_is('?') => Kind::Filter,
            '[' => Kind::LBracket,
            '|' if next_is('|') => Kind::Or,
            '|' => Kind::Pipe,
            '&' if next_is('&') => Kind::And,
            '&' => Kind::Expref,
            '!' if next_is('=') => Kind::Ne,
            '!' => Kind::Not,
            '=' if next_is('=') => Kind::Eq,
            '<' if next_is('=') => Kind::Le,
            '<' => Kind::Lt,
            '>' if next_is('=') => Kind::Ge,
            '>' => Kind::Gt,
            '"' => {
                let end = closing(text, offset, '"')?;
                let name = serde_json::from_str::<String>(&text[offset..=end])
                    .map_err(|e| format!("invalid quoted identifier at offset {offset}: {e}"))?;
                skip_to(&mut chars, end);
                Kind::QuotedIdentifier(name)
            }
            '\'' => {
                let end = closing(text, offset, '\'')?;
                let raw = text[offset + 1..end].replace("\\'", "'");
                skip_to(&mut chars, end);
                Kind::Literal(Value::String(raw))
            }
            '`' => {
                let end = closing(text, offset, '`')?;
                let json = text[offset + 1..end].replace("\\`", "`");
                let value = serde_json::from_str::<Value>(&json).map_err(|_| {
                    format!(
                        "the literal at offset {offset} is not JSON: `{}`",
                        json.trim()
                    )
                })?;
                skip_to(&mut chars, end);
                Kind::Literal(value)
            }
            '-' | '0'..='9' => {
                let mut end = offset + c.len_utf8();
                while let Some((i, d)) = chars.next_if(|(_, d)| d.is_ascii_digit()) {
                    end = i + d.len_utf8();
                }
                let number = &text[offset..end];
                Kind::Number(
                    number
                        .parse()
                        .map_err(|_| format!("invalid number `{number}` at offset {offset}"))?,
                )
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = offset + 1;
                while let Some((i, _)) =
                    chars.next_if(|(_, d)| d.is_ascii_alphanumeric() || *d == '_')
                {
                    end = i + 1;
                }
                Kind::Identifier(text[offset..end].to_owned())
            }
            other => return Err(format!("unexpected character `{other}` at offset {offset}")),
        };
        tokens.push(Token { kind, offset });
    }
    tokens.push(Token {
        kind: Kind::Eof,
        offset: text.len(),
    });
    Ok(tokens)
}

/// The offset of the `quote` closing the one at `start`, skipping
/// backslash escapes.
fn closing(text: &str, start: usize, quote: char) -> Result<usize, String> {
    let mut escaped = false;
    for (i, c) in text[start + 1..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == quote => return Ok(start + 1 + i),
            _ => {}
        }
    }
    Err(format!("unterminated {quote} starting at offset {start}"))
}

fn skip_to(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, end: usize) {
    while chars.next_if(|&(i, _)| i <= end).is_some() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        tokenize(text)
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn operators_and_names() {
        assert_eq!(
            kinds("a.b[].c[?d != `1`] || !e && f[0] | g[-2]"),
            [
                Kind::Identifier("a".into()),
                Kind::Dot,
                Kind::Identifier("b".into()),
                Kind::Flatten,
                Kind::Dot,
                Kind::Identifier("c".into()),
                Kind::Filter,
                Kind::Identifier("d".into()),
                Kind::Ne,
                Kind::Literal(Value::from(1)),
                Kind::RBracket,
                Kind::Or,
                Kind::Not,
                Kind::Identifier("e".into()),
                Kind::And,
                Kind::Identifier("f".into()),
                Kind::LBracket,
                Kind::Number(0),
                Kind::RBracket,
                Kind::Pipe,
                Kind::Identifier("g".into()),
                Kind::LBracket,
                Kind::Number(-2),
                Kind::RBracket,
                Kind::Eof,
            ]
        );
    }

    #[test]
    fn strings_and_literals() {
        assert_eq!(
            kinds(r#""a b" 'it\'s' `"x"` `[1, true]`"#),
            [
                Kind::QuotedIdentifier("a b".into()),
                Kind::Literal(Value::from("it's")),
                Kind::Literal(Value::from("x")),
                Kind::Literal(serde_json::json!([1, true])),
                Kind::Eof,
            ]
        );
    }

    #[test]
    fn errors_name_the_offset() {
        assert_eq!(
            tokenize("a.`nope`").unwrap_err(),
            "the literal at offset 2 is not JSON: `nope`"
        );
        assert_eq!(
            tokenize("a.'open").unwrap_err(),
            "unterminated ' starting at offset 2"
        );
        assert_eq!(
            tokenize("a # b").unwrap_err(),
            "unexpected character `#` at offset 2"
        );
        assert_eq!(
            tokenize("a = b").unwrap_err(),
            "unexpected character `=` at offset 2"
        );
    }
}
