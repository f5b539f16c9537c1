//! The HTTP binding traits on the wire, for the protocols that place
//! members in the URI, the query string and headers (restJson1, and
//! restXml after it): building such a request, and reading bound values back
//! out of a response.
//!
//! What goes where is decided by generated code; this module knows how each
//! value is written there: labels and query values percent-encoded as
//! RFC 3986 says (a greedy label keeps its `/`), header lists joined with
//! commas and quoted where a value holds one, floats as `NaN`, `Infinity`
//! and `-Infinity`, timestamps in the format of their location.

use crate::DateTime;
use crate::datetime::Format;
use crate::digest::Sha256;
use crate::error::{BuildError, DeserializeError};
use crate::operation::{HttpRequest, HttpResponse};
use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Characters written as they are in a URI component: RFC 3986's
/// unreserved set. Everything else is percent-encoded.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes `value` for a URI component; with `keep_slash`, `/`
/// stays as it is (greedy labels).
pub fn percent_encode(value: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A value written as text in a label, query string or header.
pub trait ToWire {
    /// The value's text.
    fn to_wire(&self) -> String;
}

impl<T: ToWire + ?Sized> ToWire for &T {
    fn to_wire(&self) -> String {
        (**self).to_wire()
    }
}

impl ToWire for str {
    fn to_wire(&self) -> String {
        self.to_owned()
    }
}

impl ToWire for String {
    fn to_wire(&self) -> String {
        self.clone()
    }
}

impl ToWire for bool {
    fn to_wire(&self) -> String {
        self.to_string()
    }
}

macro_rules! integer_to_wire {
    ($($t:ty),*) => {$(
        impl ToWire for $t {
            fn to_wire(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
integer_to_wire!(i8, i16, i32, i64);

impl ToWire for f64 {
    fn to_wire(&self) -> String {
        if self.is_nan() {
            "NaN".to_owned()
        } else if self.is_infinite() {
            if *self > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
        } else {
            self.to_string()
        }
    }
}

impl ToWire for f32 {
    fn to_wire(&self) -> String {
        if self.is_finite() {
            self.to_string()
        } else {
            f64::from(*self).to_wire()
        }
    }
}

impl ToWire for crate::primitives::BigInteger {
    fn to_wire(&self) -> String {
        self.to_string()
    }
}

impl ToWire for crate::primitives::BigDecimal {
    fn to_wire(&self) -> String {
        self.to_string()
    }
}

/// A timestamp's text in `format`, or the error naming `field` when the
/// format cannot express it (a year outside 0000-9999 in a date string).
pub fn timestamp(
    value: &DateTime,
    format: Format,
    field: &'static str,
) -> Result<String, BuildError> {
    value
        .fmt(format)
        .map_err(|e| BuildError::invalid_field(field, e.to_string()))
}

/// A list of timestamps as one header value: each in `format`, joined with
/// `, ` and never quoted (an HTTP date's own comma included), as the
/// protocols write them.
pub fn timestamp_list(
    values: &[DateTime],
    format: Format,
    field: &'static str,
) -> Result<String, BuildError> {
    let items = values
        .iter()
        .map(|v| timestamp(v, format, field))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(items.join(", "))
}

/// A request of an HTTP binding protocol, assembled piece by piece: the
/// path from literals and labels, the query string, headers, then the
/// body.
#[derive(Debug)]
pub struct RequestBuilder {
    method: http::Method,
    path: String,
    query: String,
    query_names: Vec<String>,
    headers: http::HeaderMap,
}

impl RequestBuilder {
    /// A request with this method (as the model's `@http` spells it).
    pub fn new(method: &str) -> Self {
        Self {
            method: http::Method::from_bytes(method.as_bytes()).unwrap_or(http::Method::POST),
            path: String::new(),
            query: String::new(),
            query_names: Vec::new(),
            headers: http::HeaderMap::new(),
        }
    }

    /// Appends text of the path pattern as it is.
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends the value of label `name`, percent-encoded; a greedy label
    /// keeps its `/`. An empty label would change which resource the path
    /// names, so it is an error.
    pub fn label(
        &mut self,
        field: &'static str,
        name: &str,
        value: &str,
        greedy: bool,
    ) -> Result<(), BuildError> {
        if value.is_empty() {
            return Err(BuildError::invalid_field(
                field,
                format!("the URI label `{name}` must not be empty"),
            ));
        }
        self.path.push_str(&percent_encode(value, greedy));
        Ok(())
    }

    /// Adds `name=value` to the query string, both percent-encoded; a
    /// `None` value adds the name alone (a literal of the path pattern
    /// such as `?list`).
    pub fn query(&mut self, name: &str, value: Option<&str>) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.push_str(&percent_encode(name, false));
        if let Some(value) = value {
            self.query.push('=');
            self.query.push_str(&percent_encode(value, false));
        }
        self.query_names.push(name.to_owned());
    }

    /// Adds a parameter of an `@httpQueryParams` map, unless an
    /// `@httpQuery` member or the path pattern already set that name:
    /// those take precedence.
    pub fn query_param(&mut self, name: &str, value: &str, bound: &[&str]) {
        if !bound.contains(&name) {
            self.query(name, Some(value));
        }
    }

    /// Sets header `name`; a value a header cannot carry (a line break, a
    /// control character) is an error naming the member.
    pub fn header(
        &mut self,
        field: &'static str,
        name: &str,
        value: &str,
    ) -> Result<(), BuildError> {
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            BuildError::invalid_field(field, format!("`{name}` is not a valid header name"))
        })?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            BuildError::invalid_field(
                field,
                format!("the value of header `{name}` has characters a header cannot carry"),
            )
        })?;
        self.headers.append(header, value);
        Ok(())
    }

    /// Sets header `name` to a list: the values joined with `, `, each one
    /// holding a comma or a double quote quoted (`"a,b"`). An empty list
    /// is an empty header, as the protocols send it.
    pub fn header_list<T: ToWire>(
        &mut self,
        field: &'static str,
        name: &str,
        values: &[T],
    ) -> Result<(), BuildError> {
        let joined = values
            .iter()
            .map(|v| quote_list_item(&v.to_wire()))
            .collect::<Vec<_>>()
            .join(", ");
        self.header(field, name, &joined)
    }

    /// Whether a header of this name is set (a `@httpPrefixHeaders` map
    /// does not override a bound header).
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.contains_key(name)
    }

    /// The request, with a streaming body of `content_type`: in memory, an
    /// ordinary body; else carried beside it for the transport to read as
    /// it sends (with its length, when known, as `content-length`).
    pub fn build_stream(
        self,
        body: &crate::byte_stream::ByteStream,
        content_type: &str,
    ) -> Result<HttpRequest, BuildError> {
        if let Some(bytes) = body.as_bytes() {
            return self.build(bytes.clone(), Some(content_type));
        }
        let mut request = self.build(Bytes::new(), Some(content_type))?;
        request
            .extensions_mut()
            .insert(crate::byte_stream::StreamingBody(body.clone()));
        Ok(request)
    }

    /// The request, with `body` and, when given, its content type.
    pub fn build(
        self,
        body: impl Into<Bytes>,
        content_type: Option<&str>,
    ) -> Result<HttpRequest, BuildError> {
        let mut uri = self.path;
        if uri.is_empty() {
            uri.push('/');
        }
        if !self.query.is_empty() {
            uri.push('?');
            uri.push_str(&self.query);
        }
        let uri: http::Uri = uri
            .parse()
            .map_err(|e| BuildError::other(format!("the request URI `{uri}` is not valid: {e}")))?;
        let mut request = http::Request::new(body.into());
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers;
        if let Some(content_type) = content_type
            && !request.headers().contains_key(CONTENT_TYPE)
            && let Ok(value) = HeaderValue::from_str(content_type)
        {
            request.headers_mut().insert(CONTENT_TYPE, value);
        }
        Ok(request)
    }
}

/// A list item as a header value carries it: quoted (with `"` and `\`
/// escaped) when it holds a comma or a double quote.
fn quote_list_item(value: &str) -> String {
    if value.contains(',') || value.contains('"') {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    } else {
        value.to_owned()
    }
}

/// A value read from text in a header.
pub trait FromWire: Sized {
    /// The value, or `None` when the text is not one.
    fn from_wire(text: &str) -> Option<Self>;
}

impl FromWire for String {
    fn from_wire(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl FromWire for bool {
    fn from_wire(text: &str) -> Option<Self> {
        match text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

macro_rules! parsed_from_wire {
    ($($t:ty),*) => {$(
        impl FromWire for $t {
            fn from_wire(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}
parsed_from_wire!(i8, i16, i32, i64);

impl FromWire for f64 {
    fn from_wire(text: &str) -> Option<Self> {
        match text {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            // Rust also reads `inf` and `nan`, which the protocols do not send.
            _ if text.bytes().any(|b| b.is_ascii_digit()) => text.parse().ok(),
            _ => None,
        }
    }
}

impl FromWire for f32 {
    fn from_wire(text: &str) -> Option<Self> {
        f64::from_wire(text).map(|v| v as f32)
    }
}

impl FromWire for crate::primitives::BigInteger {
    fn from_wire(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl FromWire for crate::primitives::BigDecimal {
    fn from_wire(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

/// The values of header `name`, joined as one comma-separated value when
/// it is repeated; `None` when absent.
fn header_text(response: &HttpResponse, name: &str) -> Result<Option<String>, DeserializeError> {
    let mut values = response.headers().get_all(name).iter().peekable();
    if values.peek().is_none() {
        return Ok(None);
    }
    let mut joined = String::new();
    for value in values {
        let text = value
            .to_str()
            .map_err(|_| DeserializeError::custom(format!("header `{name}` is not text")))?;
        if !joined.is_empty() {
            joined.push_str(", ");
        }
        joined.push_str(text);
    }
    Ok(Some(joined))
}

fn bad_header(name: &str, text: &str, what: &str) -> DeserializeError {
    DeserializeError::custom(format!("header `{name}` is not {what}: {text:?}"))
}

/// Header `name` as one value; `None` when absent.
pub fn header<T: FromWire>(
    response: &HttpResponse,
    name: &str,
) -> Result<Option<T>, DeserializeError> {
    let Some(text) = header_text(response, name)? else {
        return Ok(None);
    };
    let text = text.trim();
    T::from_wire(text)
        .map(Some)
        .ok_or_else(|| bad_header(name, text, std::any::type_name::<T>()))
}

/// Header `name` as a base64-encoded string (a `@mediaType` string).
pub fn header_base64(
    response: &HttpResponse,
    name: &str,
) -> Result<Option<String>, DeserializeError> {
    let Some(text) = header_text(response, name)? else {
        return Ok(None);
    };
    let bytes = crate::blob::decode(text.trim()).map_err(|_| bad_header(name, &text, "base64"))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| bad_header(name, &text, "base64 of UTF-8 text"))
}

/// Header `name` as a list: comma-separated items, each optionally quoted.
pub fn header_list<T: FromWire>(
    response: &HttpResponse,
    name: &str,
) -> Result<Option<Vec<T>>, DeserializeError> {
    let Some(text) = header_text(response, name)? else {
        return Ok(None);
    };
    split_list(&text)
        .into_iter()
        .map(|item| {
            T::from_wire(&item).ok_or_else(|| bad_header(name, &item, std::any::type_name::<T>()))
        })
        .collect::<Result<Vec<T>, _>>()
        .map(Some)
}

/// Header `name` as a timestamp in `format`.
pub fn header_timestamp(
    response: &HttpResponse,
    name: &str,
    format: Format,
) -> Result<Option<DateTime>, DeserializeError> {
    let Some(text) = header_text(response, name)? else {
        return Ok(None);
    };
    DateTime::from_str(text.trim(), format)
        .map(Some)
        .map_err(|_| bad_header(name, &text, "a timestamp"))
}

/// Header `name` as a list of timestamps in `format`. HTTP dates hold a
/// comma themselves (`Mon, 16 Dec 2019 23:48:18 GMT`), so they are split
/// after every second comma.
pub fn header_timestamp_list(
    response: &HttpResponse,
    name: &str,
    format: Format,
) -> Result<Option<Vec<DateTime>>, DeserializeError> {
    let Some(text) = header_text(response, name)? else {
        return Ok(None);
    };
    let items: Vec<String> = if format == Format::HttpDate {
        let pieces: Vec<&str> = text.split(',').collect();
        pieces
            .chunks(2)
            .map(|pair| pair.join(",").trim().to_owned())
            .collect()
    } else {
        split_list(&text)
    };
    items
        .iter()
        .map(|item| {
            DateTime::from_str(item, format).map_err(|_| bad_header(name, item, "a timestamp"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Every header whose name starts with `prefix` (compared ignoring case),
/// keyed by the rest of its name; an empty map when there is none, as the
/// AWS SDKs give (the result is an `Option` like every other binding's).
pub fn prefix_headers(
    response: &HttpResponse,
    prefix: &str,
) -> Result<Option<HashMap<String, String>>, DeserializeError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut map = HashMap::new();
    for name in response.headers().keys() {
        if let Some(rest) = name.as_str().strip_prefix(&prefix)
            && let Some(text) = header_text(response, name.as_str())?
        {
            map.insert(rest.to_owned(), text);
        }
    }
    Ok(Some(map))
}

/// Splits a header list: items separated by commas, surrounding spaces
/// dropped, a quoted item unquoted (its commas kept).
fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => item.extend(chars.next()),
                    '"' => break,
                    c => item.push(c),
                }
            }
            // Anything up to the next comma is not part of a quoted item.
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
            }
            items.push(item);
        } else {
            let mut ended = true;
            for c in chars.by_ref() {
                if c == ',' {
                    ended = false;
                    break;
                }
                item.push(c);
            }
            items.push(item.trim().to_owned());
            if ended {
                break;
            }
            continue;
        }
        if chars.peek().is_none() {
            break;
        }
    }
    items
}

/// Sets `Content-MD5` to the base64 MD5 digest of the body, which
/// operations with `@httpChecksumRequired` must carry.
pub fn set_content_md5(request: &mut HttpRequest) {
    let digest = crate::digest::md5(request.body());
    if let Ok(value) = HeaderValue::from_str(&crate::blob::encode(&digest)) {
        request.headers_mut().insert("content-md5", value);
    }
}

/// Glacier's upload checksums: `x-amz-content-sha256` (the SHA-256 of the
/// body) and `x-amz-sha256-tree-hash` (of its 1 MiB chunks, hashed pairwise
/// up to one), which Glacier requires of every upload. A body in memory is
/// hashed now; a streaming one when the request is prepared, read once
/// through for it (see [`TreeHashRequired`]).
pub fn set_glacier_checksums(request: &mut HttpRequest) {
    if request
        .extensions()
        .get::<crate::byte_stream::StreamingBody>()
        .is_some()
    {
        request.extensions_mut().insert(TreeHashRequired);
        return;
    }
    let mut hasher = TreeHasher::default();
    hasher.update(request.body());
    let (linear, tree) = hasher.finish();
    for (name, value) in [
        ("x-amz-content-sha256", linear),
        ("x-amz-sha256-tree-hash", tree),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            request.headers_mut().insert(name, value);
        }
    }
}

/// The request extension saying the operation has no path of its own: its
/// request is at the endpoint's path itself (`https://host/bucket`, not
/// `https://host/bucket/`), as S3's bucket operations are once the bucket
/// is the endpoint's.
#[derive(Clone, Copy, Debug)]
pub struct NoPath;

/// The request extension asking for Glacier's checksums of a streaming
/// body, computed as the request is prepared.
#[derive(Clone, Copy, Debug)]
pub struct TreeHashRequired;

/// SHA-256 of a body, and Glacier's tree hash of it, fed in pieces.
#[derive(Default)]
pub(crate) struct TreeHasher {
    linear: Sha256,
    chunk: Sha256,
    chunk_len: usize,
    leaves: Vec<[u8; 32]>,
}

impl TreeHasher {
    const CHUNK: usize = 1024 * 1024;

    pub(crate) fn update(&mut self, mut bytes: &[u8]) {
        self.linear.update(bytes);
        while !bytes.is_empty() {
            let take = (Self::CHUNK - self.chunk_len).min(bytes.len());
            self.chunk.update(&bytes[..take]);
            self.chunk_len += take;
            bytes = &bytes[take..];
            if self.chunk_len == Self::CHUNK {
                self.leaves.push(std::mem::take(&mut self.chunk).finish());
                self.chunk_len = 0;
            }
        }
    }

    /// The hex SHA-256 and the hex tree hash.
    pub(crate) fn finish(mut self) -> (String, String) {
        if self.chunk_len > 0 || self.leaves.is_empty() {
            self.leaves.push(self.chunk.finish());
        }
        let mut level = self.leaves;
        while level.len() > 1 {
            level = level
                .chunks(2)
                .map(|pair| match pair {
                    [a, b] => {
                        let mut h = Sha256::new();
                        h.update(a);
                        h.update(b);
                        h.finish()
                    }
                    [a] => *a,
                    _ => unreachable!("chunks(2) gives one or two"),
                })
                .collect();
        }
        (
            crate::sign::hex(&self.linear.finish()),
            crate::sign::hex(&level[0]),
        )
    }
}

/// Sets header `name` to `value` unless the request has it already: the
/// headers a service wants on every request (API Gateway's `Accept`,
/// Glacier's API version).
pub fn set_default_header(request: &mut HttpRequest, name: &'static str, value: &'static str) {
    if !request.headers().contains_key(name) {
        request
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
}

/// Whether a response's status is the one the operation's `@http` trait
/// gives on success, or any other 2xx.
pub fn is_success(response: &HttpResponse) -> bool {
    response.status().is_success()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_queries_are_percent_encoded() {
        assert_eq!(percent_encode("a b/c%", false), "a%20b%2Fc%25");
        assert_eq!(percent_encode("a b/c", true), "a%20b/c");
        assert_eq!(percent_encode("ünï", false), "%C3%BCn%C3%AF");
    }

    #[test]
    fn glacier_tree_hash_of_one_chunk_is_its_sha256() {
        let mut request = http::Request::new(Bytes::from_static(b"hello world"));
        set_glacier_checksums(&mut request);
        let sha = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!(request.headers()["x-amz-content-sha256"], sha);
        assert_eq!(request.headers()["x-amz-sha256-tree-hash"], sha);
    }

    #[test]
    fn glacier_tree_hash_combines_chunks_pairwise() {
        let body = vec![7u8; 3 * 1024 * 1024 + 5];
        let leaves: Vec<[u8; 32]> = body.chunks(1024 * 1024).map(Sha256::digest).collect();
        let pair = |a: &[u8], b: &[u8]| -> [u8; 32] {
            let mut h = Sha256::new();
            h.update(a);
            h.update(b);
            h.finish()
        };
        let left = pair(&leaves[0], &leaves[1]);
        let right = pair(&leaves[2], &leaves[3]);
        let root = pair(&left, &right);
        // Fed in odd pieces, across chunk boundaries.
        let mut hasher = TreeHasher::default();
        for piece in body.chunks(777_777) {
            hasher.update(piece);
        }
        let (linear, tree) = hasher.finish();
        assert_eq!(linear, crate::sign::hex(&Sha256::digest(&body)));
        assert_eq!(tree, crate::sign::hex(&root));
    }

    #[test]
    fn content_md5_is_the_bodys_digest() {
        let mut request = http::Request::new(Bytes::from_static(b"abc"));
        set_content_md5(&mut request);
        assert_eq!(request.headers()["content-md5"], "kAFQmDzST7DWlj99KOF/cg==");
    }

    #[test]
    fn header_lists_quote_items_with_commas_or_quotes() {
        let mut b = RequestBuilder::new("GET");
        b.header_list("f", "x-list", &["a", "b,c", "d\"e"]).unwrap();
        let request = b.build(Bytes::new(), None).unwrap();
        assert_eq!(request.headers()["x-list"], r#"a, "b,c", "d\"e""#);
    }

    #[test]
    fn header_lists_split_back() {
        assert_eq!(
            split_list(r#"a, "b,c" , "d\"e",f"#),
            ["a", "b,c", "d\"e", "f"]
        );
        assert_eq!(split_list("a"), ["a"]);
        assert_eq!(split_list(""), [""]);
    }

    #[test]
    fn empty_labels_are_refused() {
        let mut b = RequestBuilder::new("GET");
        let err = b.label("bucket", "Bucket", "", false).unwrap_err();
        assert!(err.to_string().contains("Bucket"), "{err}");
    }

    #[test]
    fn query_params_do_not_override_bound_names() {
        let mut b = RequestBuilder::new("GET");
        b.path("/");
        b.query("a", Some("1"));
        b.query_param("a", "2", &["a"]);
        b.query_param("b c", "3", &["a"]);
        let request = b.build(Bytes::new(), None).unwrap();
        assert_eq!(request.uri().query(), Some("a=1&b%20c=3"));
    }

    #[test]
    fn floats_use_the_protocol_names() {
        assert_eq!(f64::NAN.to_wire(), "NaN");
        assert_eq!(f32::NEG_INFINITY.to_wire(), "-Infinity");
        assert_eq!(f64::from_wire("Infinity"), Some(f64::INFINITY));
        assert_eq!(f64::from_wire("inf"), None);
        assert_eq!(f64::from_wire("1.5"), Some(1.5));
    }

    #[test]
    fn http_date_lists_split_after_every_second_comma() {
        let response = http::Response::builder()
            .header(
                "x-dates",
                "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT",
            )
            .body(Bytes::new())
            .unwrap();
        let dates = header_timestamp_list(&response, "x-dates", Format::HttpDate)
            .unwrap()
            .unwrap();
        assert_eq!(dates.len(), 2);
        assert_eq!(dates[0].secs(), 1_576_540_098);
    }
}
