//! String literal semantics: escape sequences and the incidental-whitespace
//! removal of text blocks (Smithy IDL 2.0, "String values" and "Text blocks").
//!
//! The lexer validates every escape while it scans (it knows positions then),
//! so the functions here work on raw content already known to be well formed.

/// Reads the four hex digits of a `\u` escape starting at `chars[at]`.
pub(crate) fn hex4(chars: &[char], at: usize) -> Option<u32> {
    let digits = chars.get(at..at + 4)?;
    digits
        .iter()
        .try_fold(0u32, |acc, c| Some(acc * 16 + c.to_digit(16)?))
}

/// What a backslash at `chars[at]` stands for, and how many characters the
/// whole escape spans (including the backslash).
///
/// Returns `None` for an escape the spec does not allow, or a `\u` escape that
/// is a lone surrogate.
pub(crate) fn escape_at(chars: &[char], at: usize) -> Option<(Option<char>, usize)> {
    let decoded = match chars.get(at + 1)? {
        '"' => Some('"'),
        '\\' => Some('\\'),
        '/' => Some('/'),
        '\'' => Some('\''),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        // An escaped line break joins the two lines: it expands to nothing.
        '\n' => return Some((None, 2)),
        'u' => {
            let high = hex4(chars, at + 2)?;
            if (0xD800..0xDC00).contains(&high) {
                // JSON-style surrogate pair: `\uD83D\uDE00` is one character.
                if chars.get(at + 6) != Some(&'\\') || chars.get(at + 7) != Some(&'u') {
                    return None;
                }
                let low = hex4(chars, at + 8)?;
                if !(0xDC00..0xE000).contains(&low) {
                    return None;
                }
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return Some((Some(char::from_u32(code)?), 12));
            }
            return Some((Some(char::from_u32(high)?), 6));
        }
        _ => None,
    };
    decoded.map(|c| (Some(c), 2))
}

/// Expands the escapes of validated raw string content.
///
/// Returns `None` only if the content holds an invalid escape, which the lexer
/// rules out beforehand.
pub(crate) fn unescape(raw: &str) -> Option<String> {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' {
            let (decoded, len) = escape_at(&chars, i)?;
            out.extend(decoded);
            i += len;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Removes the incidental whitespace of a text block's raw content (the text
/// between the line break after the opening `"""` and the closing `"""`).
///
/// Follows the spec's algorithm: the common prefix of leading whitespace over
/// every non-blank line, plus the last line (the one holding the closing
/// delimiter) even when it is blank, is removed from each line; trailing
/// spaces are removed; lines are joined with `\n`. Escapes are expanded
/// afterwards by the caller, so `\n` written in the block is not a line here.
pub(crate) fn strip_incidental_whitespace(raw: &str) -> String {
    let lines: Vec<&str> = raw.split('\n').collect();
    let last = lines.len() - 1;
    let leading = |line: &str| line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    let prefix = lines
        .iter()
        .enumerate()
        .filter(|(i, line)| *i == last || !line.trim_matches([' ', '\t']).is_empty())
        .map(|(_, line)| leading(line))
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| {
            let rest: String = line.chars().skip(prefix).collect();
            rest.trim_end_matches([' ', '\t']).to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example_of_incidental_whitespace() {
        let raw = "    Foo\n        Baz\n\n  \n    Bar\n    ";
        assert_eq!(strip_incidental_whitespace(raw), "Foo\n    Baz\n\n\nBar\n");
    }

    #[test]
    fn closing_delimiter_at_the_margin_keeps_all_indentation() {
        let raw = "    Foo\n        Baz\n    Bar\n";
        assert_eq!(
            strip_incidental_whitespace(raw),
            "    Foo\n        Baz\n    Bar\n"
        );
    }

    #[test]
    fn closing_delimiter_right_of_the_content_is_ignored() {
        let raw = "    Foo\n        Baz\n    Bar\n            ";
        assert_eq!(strip_incidental_whitespace(raw), "Foo\n    Baz\nBar\n");
    }

    #[test]
    fn escapes_expand_after_whitespace_removal() {
        let raw = "  <div>\n    <p>Hi\\n    bar</p>\n  </div>\n  ";
        let stripped = strip_incidental_whitespace(raw);
        assert_eq!(
            unescape(&stripped).as_deref(),
            Some("<div>\n  <p>Hi\n    bar</p>\n</div>\n")
        );
    }

    #[test]
    fn escaped_newlines_join_lines() {
        assert_eq!(
            unescape("Foo \\\nBaz \\\nBam").as_deref(),
            Some("Foo Baz Bam")
        );
    }

    #[test]
    fn unicode_escapes_and_surrogate_pairs() {
        assert_eq!(unescape("\\u00e9\\uD83D\\uDE00").as_deref(), Some("é😀"));
        assert_eq!(unescape("\\uDE00"), None);
        assert_eq!(unescape("\\uD83Dx"), None);
        assert_eq!(unescape("\\q"), None);
    }
}
