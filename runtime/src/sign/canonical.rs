//! The canonical request of SigV4: the request reduced to one normalized
//! text, which is hashed into the string to sign.
//!
//! The rules (and their corner cases) are those of `aws-sigv4` with its
//! default settings, which is what the official SDKs send and AWS accepts:
//! the path normalized (`.` and `..` segments resolved, empty segments
//! dropped) and percent-encoded a second time; query parameters decoded as
//! a form, re-encoded strictly and sorted; header values trimmed, runs of
//! spaces collapsed, repeated headers joined with `,`. A differential test
//! checks this module against `aws-sigv4` on random requests.

use http::{HeaderMap, HeaderValue};
use std::borrow::Cow;

/// Headers left out of the signature: proxies and the transport may change
/// them on the way (and `authorization` carries the signature itself).
const UNSIGNED_HEADERS: [&str; 4] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];

/// The headers to sign, sorted by name: every header but
/// [`UNSIGNED_HEADERS`], the values of a name in the order they are sent.
/// `http` keeps names lowercase.
pub(super) type SignedHeaders<'a> = Vec<(&'a str, &'a HeaderValue)>;

/// The headers of `headers` to sign (see [`SignedHeaders`]): one pass over
/// the map, where looking each name up again would hash it again.
pub(super) fn signed_headers(headers: &HeaderMap) -> SignedHeaders<'_> {
    let mut signed: SignedHeaders<'_> = headers
        .iter()
        .map(|(name, value)| (name.as_str(), value))
        .filter(|(name, _)| !UNSIGNED_HEADERS.contains(name))
        .collect();
    // Stable: a name's values keep their order.
    signed.sort_by(|a, b| a.0.cmp(b.0));
    signed
}

/// Appends the names of `signed`, each once, joined with `;`: SigV4's
/// `SignedHeaders`.
pub(super) fn push_header_names(signed: &SignedHeaders<'_>, out: &mut String) {
    let mut previous = None;
    for (name, _) in signed {
        if previous == Some(*name) {
            continue;
        }
        if previous.is_some() {
            out.push(';');
        }
        out.push_str(name);
        previous = Some(*name);
    }
}

/// Writes the canonical request to `out`, to be hashed in one piece. Every
/// value in `signed` must be text (the caller checks). With `s3`, the path
/// is signed as sent (see [`canonical_path`]).
pub(super) fn write_canonical_request(
    out: &mut String,
    method: &str,
    path: &str,
    query: Option<&str>,
    signed: &SignedHeaders<'_>,
    payload_hash: &str,
    s3: bool,
) {
    out.push_str(method);
    out.push('\n');
    if s3 {
        // S3 signs the path as it is sent: object keys may hold `.`, `..`
        // and empty segments, and are encoded once.
        out.push_str(if path.is_empty() { "/" } else { path });
    } else {
        out.push_str(&canonical_path(path));
    }
    out.push('\n');
    if let Some(query) = query {
        out.push_str(&canonical_query(query));
    }
    out.push('\n');
    let mut previous = None;
    for (name, value) in signed {
        if previous == Some(*name) {
            // Repeated headers are joined with `,`.
            out.push(',');
        } else {
            if previous.is_some() {
                out.push('\n');
            }
            out.push_str(name);
            out.push(':');
            previous = Some(*name);
        }
        out.push_str(&trim_all(value.to_str().unwrap_or_default()));
    }
    if previous.is_some() {
        out.push('\n');
    }
    out.push('\n');
    push_header_names(signed, out);
    out.push('\n');
    out.push_str(payload_hash);
}

/// The path normalized, then percent-encoded (so an already encoded `%2F`
/// becomes `%252F`, as SigV4 wants for every service but S3).
fn canonical_path(path: &str) -> Cow<'_, str> {
    let normalized = normalize_path(path);
    if normalized.bytes().all(|b| b == b'/' || is_unreserved(b)) {
        return normalized;
    }
    let mut encoded = String::with_capacity(normalized.len() + 16);
    percent_encode(&normalized, true, &mut encoded);
    Cow::Owned(encoded)
}

/// Resolves `.` and `..` segments and drops empty ones, keeping a trailing
/// `/`; `""` becomes `/`.
fn normalize_path(path: &str) -> Cow<'_, str> {
    if path.is_empty() {
        return Cow::Borrowed("/");
    }
    let absolute: Cow<'_, str> = if path.starts_with('/') {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(format!("/{path}"))
    };
    if !absolute.contains('.') && !absolute.contains("//") {
        return absolute;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in absolute.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut normalized = String::with_capacity(absolute.len());
    for segment in &segments {
        normalized.push('/');
        normalized.push_str(segment);
    }
    let trailing_slash = ["/", "/.", "/./", "/..", "/../"]
        .iter()
        .any(|end| absolute.ends_with(end));
    if normalized.is_empty() || (trailing_slash && !normalized.ends_with('/')) {
        normalized.push('/');
    }
    Cow::Owned(normalized)
}

/// The query's parameters, decoded as a form (`+` is a space), encoded
/// again with everything but unreserved characters escaped, sorted by name
/// then value, joined with `&`.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let encode = |text: &str| {
                let mut out = String::with_capacity(text.len());
                percent_encode(&form_decode(text), false, &mut out);
                out
            };
            (encode(name), encode(value))
        })
        .collect();
    pairs.sort_unstable();
    let mut out = String::with_capacity(query.len() + 8);
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a
/// byte (a `%` without two hex digits stays as it is), and bytes that are
/// not UTF-8 become U+FFFD.
fn form_decode(text: &str) -> Cow<'_, str> {
    if !text.contains(['+', '%']) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => decoded.push(b' '),
            b'%' => match (hex_value(bytes.get(i + 1)), hex_value(bytes.get(i + 2))) {
                (Some(high), Some(low)) => {
                    decoded.push(high << 4 | low);
                    i += 2;
                }
                _ => decoded.push(b'%'),
            },
            byte => decoded.push(byte),
        }
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&decoded).into_owned())
}

fn hex_value(byte: Option<&u8>) -> Option<u8> {
    char::from(*byte?)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// RFC 3986 unreserved characters, the only ones SigV4 leaves unescaped.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Appends `text` with every byte but unreserved characters (and `/` when
/// `keep_slash`) written as `%XX`, upper-case.
fn percent_encode(text: &str, keep_slash: bool, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if is_unreserved(byte) || (keep_slash && byte == b'/') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

/// A header value with its leading and trailing spaces removed and each run
/// of spaces inside collapsed to one (tabs are left alone, as in
/// `aws-sigv4`).
fn trim_all(value: &str) -> Cow<'_, str> {
    let value = value.trim_matches(' ');
    if !value.contains("  ") {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut previous_space = false;
    for c in value.chars() {
        if c == ' ' && previous_space {
            continue;
        }
        previous_space = c == ' ';
        out.push(c);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_then_encoded_again() {
        let cases = [
            ("", "/"),
            ("/", "/"),
            ("/a/b", "/a/b"),
            ("a/b", "/a/b"),
            ("/a//b/", "/a/b/"),
            ("/a/./b/../c", "/a/c"),
            ("/a/b/..", "/a/"),
            ("/..", "/"),
            ("/a/.", "/a/"),
            ("/a.b/c..d", "/a.b/c..d"),
            ("/%2F/a b", "/%252F/a%20b"),
            ("/caf%C3%A9", "/caf%25C3%25A9"),
            ("/~user/x-y_z", "/~user/x-y_z"),
            ("/a:b@c!$", "/a%3Ab%40c%21%24"),
        ];
        for (path, canonical) in cases {
            assert_eq!(canonical_path(path), canonical, "{path}");
        }
    }

    #[test]
    fn queries_are_decoded_encoded_and_sorted() {
        let cases = [
            ("", ""),
            ("b=2&a=1", "a=1&b=2"),
            ("a=2&a=1", "a=1&a=2"),
            ("flag", "flag="),
            ("&&a=1&", "a=1"),
            ("q=a+b", "q=a%20b"),
            ("q=a%20b", "q=a%20b"),
            ("q=%7e%41", "q=~A"),
            ("q=100%", "q=100%25"),
            ("q=%zz", "q=%25zz"),
            ("k=v=w", "k=v%3Dw"),
            ("%FF=x", "%EF%BF%BD=x"),
            ("a=1&A=2", "A=2&a=1"),
        ];
        for (query, canonical) in cases {
            assert_eq!(canonical_query(query), canonical, "{query}");
        }
    }

    #[test]
    fn header_values_lose_outer_spaces_and_runs_of_spaces() {
        assert_eq!(trim_all("  a   b  c "), "a b c");
        assert_eq!(trim_all("a\t\tb"), "a\t\tb");
        assert_eq!(trim_all("plain"), "plain");
        assert_eq!(trim_all("   "), "");
    }

    #[test]
    fn unsigned_headers_are_left_out_and_names_sorted() {
        let mut headers = HeaderMap::new();
        for name in ["x-b", "user-agent", "host", "x-amzn-trace-id", "a", "x-b"] {
            headers.append(
                http::HeaderName::from_static(name),
                http::HeaderValue::from_static("v"),
            );
        }
        let signed = signed_headers(&headers);
        let names: Vec<&str> = signed.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["a", "host", "x-b", "x-b"]);
        let mut list = String::new();
        push_header_names(&signed, &mut list);
        assert_eq!(list, "a;host;x-b");
    }
}
