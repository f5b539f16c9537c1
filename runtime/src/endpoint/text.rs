//! String functions of the rules-engine standard library: `substring` and
//! `uriEncode`.

use std::fmt::Write as _;

/// The rule set's `substring`: the characters from `start` (inclusive) to
/// `stop` (exclusive), counted from the end of `input` when `reverse` is true.
///
/// Returns `None` unless `start < stop <= input.len()`, and for any non-ASCII
/// input: the rules engine counts characters, and only ASCII makes characters
/// and bytes agree across implementations.
///
/// ```
/// use lean_runtime::endpoint::fns::substring;
/// assert_eq!(substring("us-east-1", 0, 2, false), Some("us"));
/// assert_eq!(substring("us-east-1", 0, 1, true), Some("1"));
/// assert_eq!(substring("us", 0, 3, false), None);
/// ```
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if start >= stop || stop > input.len() || !input.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    input.get(from..to)
}

/// The rule set's `uriEncode`: percent-encodes every byte of the UTF-8 input
/// except the RFC 3986 unreserved characters `A-Z a-z 0-9 - _ . ~`, with
/// uppercase hex digits.
///
/// ```
/// use lean_runtime::endpoint::fns::uri_encode;
/// assert_eq!(uri_encode("a b/c~"), "a%20b%2Fc~");
/// ```
pub fn uri_encode(input: &str) -> String {
    let mut encoded = String::with_capacity(input.len());
    for byte in input.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// The rule set's `split`: `input` cut at each `delimiter`, at most
/// `limit` parts (the last holding the rest) when `limit` is above 0, every
/// part when it is 0. Empty parts are kept; an empty input is one empty
/// part; an empty delimiter does not split.
///
/// ```
/// use lean_runtime::endpoint::fns::split;
/// assert_eq!(split("a--b--c", "--", 0), ["a", "b", "c"]);
/// assert_eq!(split("a--b--c", "--", 2), ["a", "b--c"]);
/// ```
pub fn split(input: &str, delimiter: &str, limit: usize) -> Vec<String> {
    if delimiter.is_empty() {
        return vec![input.to_owned()];
    }
    match limit {
        0 => input.split(delimiter).map(str::to_owned).collect(),
        limit => input.splitn(limit, delimiter).map(str::to_owned).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn split_keeps_empty_parts_and_honours_the_limit() {
        assert_eq!(split("", "--", 0), [""]);
        assert_eq!(split("--a--", "--", 0), ["", "a", ""]);
        assert_eq!(split("a----b", "--", 0), ["a", "", "b"]);
        assert_eq!(split("a--b--c", "--", 1), ["a--b--c"]);
        assert_eq!(split("a--b--c--d--e", "--", 4), ["a", "b", "c", "d--e"]);
        assert_eq!(split("abc", "", 0), ["abc"]);
    }

    #[test]
    fn substring_counts_from_the_start() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcd", 0, 4, false), Some("abcd"));
        assert_eq!(substring("defg", 1, 3, false), Some("ef"));
    }

    #[test]
    fn substring_counts_from_the_end_when_reversed() {
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("defg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
    }

    #[test]
    fn substring_rejects_short_input_and_empty_ranges() {
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("", 0, 4, true), None);
        assert_eq!(substring("abcdef", 2, 2, false), None);
        assert_eq!(substring("abcdef", 3, 2, false), None);
    }

    #[test]
    fn substring_rejects_any_non_ascii_input() {
        // One character, but three bytes: byte counting would wrongly succeed.
        assert_eq!(substring("\u{fdfd}", 0, 1, false), None);
        // The non-ASCII character lies outside the requested range.
        assert_eq!(substring("abcdef\u{1f431}", 0, 4, false), None);
        assert_eq!(substring("abcdef\u{80}", 0, 4, true), None);
    }

    #[test]
    fn substring_accepts_ascii_control_characters() {
        assert_eq!(substring("\u{7f}abcdef", 0, 4, false), Some("\u{7f}abc"));
    }

    #[test]
    fn uri_encode_leaves_unreserved_characters_alone() {
        assert_eq!(
            uri_encode("0123456789.underscore_dash-Tilda~"),
            "0123456789.underscore_dash-Tilda~"
        );
        assert_eq!(uri_encode(""), "");
    }

    #[test]
    fn uri_encode_encodes_reserved_ascii_in_uppercase_hex() {
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
    }

    #[test]
    fn uri_encode_encodes_each_utf8_byte() {
        assert_eq!(uri_encode("\u{1f639}"), "%F0%9F%98%B9");
        assert_eq!(uri_encode("é"), "%C3%A9");
    }

    proptest! {
        #[test]
        fn substring_never_panics_and_has_the_requested_length(
            input in any::<String>(),
            start in 0..40usize,
            stop in 0..40usize,
            reverse in any::<bool>(),
        ) {
            if let Some(found) = substring(&input, start, stop, reverse) {
                prop_assert_eq!(found.len(), stop - start);
            }
        }

        #[test]
        fn uri_encode_output_is_unreserved_or_escapes(input in any::<String>()) {
            let encoded = uri_encode(&input);
            let unreserved = |b: u8| b.is_ascii_alphanumeric() || b"-_.~".contains(&b);
            let bytes = encoded.as_bytes();
            let mut index = 0;
            let mut decoded = Vec::new();
            while index < bytes.len() {
                if bytes[index] == b'%' {
                    let hex = &encoded[index + 1..index + 3];
                    prop_assert!(hex.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
                    decoded.push(u8::from_str_radix(hex, 16).unwrap_or_default());
                    index += 3;
                } else {
                    prop_assert!(unreserved(bytes[index]));
                    decoded.push(bytes[index]);
                    index += 1;
                }
            }
            prop_assert_eq!(decoded, input.into_bytes());
        }
    }
}
