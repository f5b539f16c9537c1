//! Requests of the query protocols (awsQuery and ec2Query): `POST /` with
//! a form-urlencoded body of `Action`, `Version` and one `key=value` pair
//! per scalar of the input, keyed by its path (`Nested.List.member.1`).
//!
//! Generated serializers compute the keys (the protocols differ in the
//! names and list shapes they use) and hand each value to a
//! [`QueryWriter`]; [`request`] frames the body. Responses are XML (see
//! `xml`).

use crate::datetime::{DateTime, Format};
use crate::error::BuildError;
use crate::http_binding::{ToWire, percent_encode};
use crate::operation::HttpRequest;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Method, Uri};
use std::collections::HashMap;

/// The content type of every query request.
pub const CONTENT_TYPE_FORM: &str = "application/x-www-form-urlencoded";

/// The body of a query request being written.
#[derive(Debug)]
pub struct QueryWriter {
    body: String,
}

impl QueryWriter {
    /// A body naming the operation and the API version.
    pub fn new(action: &str, version: &str) -> Self {
        let mut body = String::with_capacity(64);
        body.push_str("Action=");
        body.push_str(&percent_encode(action, false));
        body.push_str("&Version=");
        body.push_str(&percent_encode(version, false));
        Self { body }
    }

    /// Adds `key=value`, both percent-encoded.
    pub fn string(&mut self, key: &str, value: &str) {
        self.body.push('&');
        self.body.push_str(&percent_encode(key, false));
        self.body.push('=');
        self.body.push_str(&percent_encode(value, false));
    }

    /// Adds a boolean or a number as the protocols write them (`true`,
    /// `10.8`, `NaN`, `-Infinity`).
    pub fn value<T: ToWire + ?Sized>(&mut self, key: &str, value: &T) {
        self.string(key, &value.to_wire());
    }

    /// Adds `key=` with no value: how awsQuery sends an empty list.
    pub fn empty(&mut self, key: &str) {
        self.body.push('&');
        self.body.push_str(&percent_encode(key, false));
        self.body.push('=');
    }

    /// Adds a timestamp in `format`.
    ///
    /// # Errors
    /// When the format cannot express it (a year outside 0000-9999 in a
    /// date string); `field` names the member.
    pub fn timestamp(
        &mut self,
        key: &str,
        value: &DateTime,
        format: Format,
        field: &'static str,
    ) -> Result<(), BuildError> {
        let text = value
            .fmt(format)
            .map_err(|e| BuildError::invalid_field(field, e.to_string()))?;
        self.string(key, &text);
        Ok(())
    }

    /// Adds a blob as base64.
    pub fn blob(&mut self, key: &str, value: &[u8]) {
        self.string(key, &crate::blob::encode(value));
    }

    /// The finished body.
    pub fn finish(self) -> String {
        self.body
    }
}

/// The key of member `name` of the structure at `prefix` (`""` at the top).
pub fn key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The key of the `index`th (from 0) item of the list at `prefix`:
/// `prefix.member.1`, or `prefix.1` for a flattened list (`member: None`).
pub fn item_key(prefix: &str, member: Option<&str>, index: usize) -> String {
    match member {
        Some(member) => format!("{prefix}.{member}.{}", index + 1),
        None => format!("{prefix}.{}", index + 1),
    }
}

/// A map's entries ordered by key, so that the same map always gives the
/// same body (and the same signature).
pub fn sorted_entries<K: AsRef<str>, V>(map: &HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    entries
}

/// `POST /` with the body as a form.
pub fn request(body: String) -> HttpRequest {
    let mut request = http::Request::new(bytes::Bytes::from(body));
    *request.method_mut() = Method::POST;
    *request.uri_mut() = Uri::from_static("/");
    request
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE_FORM));
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_encoding() {
        let mut writer = QueryWriter::new("Do It", "2020-01-08");
        let list = key("", "List");
        writer.string(&item_key(&list, Some("member"), 0), "a b&c=d");
        writer.value(&item_key(&key("N", "F"), None, 1), &f64::NAN);
        writer.empty("Empty");
        writer.blob("B", b"value");
        writer
            .timestamp(
                "T",
                &DateTime::from_secs(1_422_172_800),
                Format::DateTime,
                "t",
            )
            .unwrap();
        assert_eq!(
            writer.finish(),
            "Action=Do%20It&Version=2020-01-08&List.member.1=a%20b%26c%3Dd&N.F.2=NaN&Empty=&B=dmFsdWU%3D&T=2015-01-25T08%3A00%3A00Z"
        );
    }

    #[test]
    fn map_entries_are_sorted() {
        let map: HashMap<String, i32> = [("b", 2), ("a", 1), ("c", 3)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let keys: Vec<&str> = sorted_entries(&map)
            .into_iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["a", "b", "c"]);
    }

    #[test]
    fn requests_are_forms() {
        let request = request("Action=A&Version=1".to_owned());
        assert_eq!(request.method(), Method::POST);
        assert_eq!(request.uri(), "/");
        assert_eq!(request.headers()[CONTENT_TYPE], CONTENT_TYPE_FORM);
    }
}
