//! Typed readers for the traits the generator understands.
//!
//! Each reader returns `Ok(None)` when the trait is absent and an error
//! message (to be located by the caller) when its value has the wrong form.

use super::ast::Traits;
use serde_json::Value;

/// `smithy.api#documentation`
pub const DOCUMENTATION: &str = "smithy.api#documentation";
/// `smithy.api#required`
pub const REQUIRED: &str = "smithy.api#required";
/// `smithy.api#sensitive`
pub const SENSITIVE: &str = "smithy.api#sensitive";
/// `smithy.api#sparse`
pub const SPARSE: &str = "smithy.api#sparse";
/// `smithy.api#idempotencyToken`
pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
/// `smithy.api#clientOptional`
pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
/// `smithy.api#addedDefault`
pub const ADDED_DEFAULT: &str = "smithy.api#addedDefault";
/// `smithy.api#input`
pub const INPUT: &str = "smithy.api#input";
/// `smithy.api#error`
pub const ERROR: &str = "smithy.api#error";
/// `smithy.api#default`
pub const DEFAULT: &str = "smithy.api#default";
/// `smithy.api#mixin`
pub const MIXIN: &str = "smithy.api#mixin";
/// `smithy.api#streaming`
pub const STREAMING: &str = "smithy.api#streaming";
/// `smithy.api#eventStream` style unions are rejected by validation.
pub const EVENT_STREAM_HINT: &str = "smithy.api#streaming";

/// `@xmlName`: an element's (or query key's) name.
pub const XML_NAME: &str = "smithy.api#xmlName";
/// `@xmlAttribute`: a member written as an attribute.
pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
/// `@xmlFlattened`: a list or map member without a wrapper element.
pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
/// `@xmlNamespace`: the namespace (`uri`, optional `prefix`) an element
/// declares.
pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
/// `@ec2QueryName`: a member's key in ec2Query requests.
pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";

/// The value of a trait whose value is a string; `None` when absent or not
/// a string (validation reports the latter).
pub fn string(traits: &Traits, id: &str) -> Option<String> {
    traits
        .get(id)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

/// Whether an annotation trait is present.
pub fn has(traits: &Traits, id: &str) -> bool {
    traits.contains_key(id)
}

/// `smithy.api#documentation`: HTML text.
pub fn documentation(traits: &Traits) -> Result<Option<&str>, String> {
    string_trait(traits, DOCUMENTATION)
}

fn string_trait<'a>(traits: &'a Traits, id: &str) -> Result<Option<&'a str>, String> {
    match traits.get(id) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("trait `{id}` must be a string, found {other}")),
    }
}

/// `smithy.api#length` / `smithy.api#range` bounds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bounds {
    /// Inclusive minimum.
    pub min: Option<f64>,
    /// Inclusive maximum.
    pub max: Option<f64>,
}

/// `smithy.api#length`: `{min?, max?}` with non-negative integers, at least one.
pub fn length(traits: &Traits) -> Result<Option<Bounds>, String> {
    bounds(traits, "smithy.api#length", true)
}

/// `smithy.api#range`: `{min?, max?}` numbers, at least one.
pub fn range(traits: &Traits) -> Result<Option<Bounds>, String> {
    bounds(traits, "smithy.api#range", false)
}

fn bounds(traits: &Traits, id: &str, integral: bool) -> Result<Option<Bounds>, String> {
    let Some(value) = traits.get(id) else {
        return Ok(None);
    };
    let Value::Object(object) = value else {
        return Err(format!(
            "trait `{id}` must be an object with `min` and/or `max`, found {value}"
        ));
    };
    let mut out = Bounds::default();
    for (key, v) in object {
        let number = v
            .as_f64()
            .ok_or_else(|| format!("trait `{id}`: `{key}` must be a number, found {v}"))?;
        if integral && (number < 0.0 || number.fract() != 0.0) {
            return Err(format!(
                "trait `{id}`: `{key}` must be a non-negative integer, found {v}"
            ));
        }
        match key.as_str() {
            "min" => out.min = Some(number),
            "max" => out.max = Some(number),
            other => return Err(format!("trait `{id}` has an unknown property `{other}`")),
        }
    }
    if out.min.is_none() && out.max.is_none() {
        return Err(format!("trait `{id}` must set `min`, `max` or both"));
    }
    if let (Some(min), Some(max)) = (out.min, out.max)
        && min > max
    {
        return Err(format!(
            "trait `{id}`: `min` ({min}) is greater than `max` ({max})"
        ));
    }
    Ok(Some(out))
}

/// `smithy.api#pattern`: a regular expression.
pub fn pattern(traits: &Traits) -> Result<Option<&str>, String> {
    string_trait(traits, "smithy.api#pattern")
}

/// `smithy.api#error`: who is at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorFault {
    /// `"client"`
    Client,
    /// `"server"`
    Server,
}

/// `smithy.api#error`
pub fn error(traits: &Traits) -> Result<Option<ErrorFault>, String> {
    match traits.get(ERROR) {
        None => Ok(None),
        Some(Value::String(s)) if s == "client" => Ok(Some(ErrorFault::Client)),
        Some(Value::String(s)) if s == "server" => Ok(Some(ErrorFault::Server)),
        Some(other) => Err(format!(
            "trait `{ERROR}` must be \"client\" or \"server\", found {other}"
        )),
    }
}

/// `smithy.api#httpError`: an HTTP status code 200..=599.
pub fn http_error(traits: &Traits) -> Result<Option<u16>, String> {
    let id = "smithy.api#httpError";
    match traits.get(id) {
        None => Ok(None),
        Some(v) => match v.as_u64() {
            Some(code @ 200..=599) => Ok(Some(code as u16)),
            _ => Err(format!(
                "trait `{id}` must be an integer HTTP status code between 200 and 599, found {v}"
            )),
        },
    }
}

/// `smithy.api#retryable`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retryable {
    /// Whether the error means the caller is throttled.
    pub throttling: bool,
}

/// `smithy.api#retryable`: `{}` or `{"throttling": bool}`.
pub fn retryable(traits: &Traits) -> Result<Option<Retryable>, String> {
    let id = "smithy.api#retryable";
    match traits.get(id) {
        None => Ok(None),
        Some(Value::Object(o)) => {
            let mut out = Retryable { throttling: false };
            for (key, v) in o {
                match (key.as_str(), v) {
                    ("throttling", Value::Bool(b)) => out.throttling = *b,
                    ("throttling", other) => {
                        return Err(format!(
                            "trait `{id}`: `throttling` must be a boolean, found {other}"
                        ));
                    }
                    (other, _) => {
                        return Err(format!("trait `{id}` has an unknown property `{other}`"));
                    }
                }
            }
            Ok(Some(out))
        }
        Some(other) => Err(format!("trait `{id}` must be an object, found {other}")),
    }
}

/// Wire formats of timestamps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimestampFormat {
    /// Seconds since the epoch as a JSON number (awsJson's default).
    EpochSeconds,
    /// RFC 3339 date-time string.
    DateTime,
    /// IMF-fixdate string.
    HttpDate,
}

/// `smithy.api#timestampFormat`
pub fn timestamp_format(traits: &Traits) -> Result<Option<TimestampFormat>, String> {
    let id = "smithy.api#timestampFormat";
    match traits.get(id) {
        None => Ok(None),
        Some(Value::String(s)) => match s.as_str() {
            "epoch-seconds" => Ok(Some(TimestampFormat::EpochSeconds)),
            "date-time" => Ok(Some(TimestampFormat::DateTime)),
            "http-date" => Ok(Some(TimestampFormat::HttpDate)),
            other => Err(format!(
                "trait `{id}` must be \"epoch-seconds\", \"date-time\" or \"http-date\", found \"{other}\""
            )),
        },
        Some(other) => Err(format!("trait `{id}` must be a string, found {other}")),
    }
}

/// `smithy.api#deprecated`
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deprecated {
    /// Why, and what to use instead.
    pub message: Option<String>,
    /// Since when.
    pub since: Option<String>,
}

impl Deprecated {
    /// The note for `#[deprecated(note = ...)]`.
    pub fn note(&self) -> String {
        match (&self.message, &self.since) {
            (Some(m), Some(s)) => format!("{m} (deprecated since {s})"),
            (Some(m), None) => m.clone(),
            (None, Some(s)) => format!("deprecated since {s}"),
            (None, None) => "deprecated".to_owned(),
        }
    }
}

/// `smithy.api#deprecated`: `{message?, since?}`.
pub fn deprecated(traits: &Traits) -> Result<Option<Deprecated>, String> {
    let id = "smithy.api#deprecated";
    match traits.get(id) {
        None => Ok(None),
        Some(Value::Object(o)) => {
            let mut out = Deprecated::default();
            for (key, v) in o {
                let text = v
                    .as_str()
                    .ok_or_else(|| format!("trait `{id}`: `{key}` must be a string, found {v}"))?;
                match key.as_str() {
                    "message" => out.message = Some(text.to_owned()),
                    "since" => out.since = Some(text.to_owned()),
                    other => return Err(format!("trait `{id}` has an unknown property `{other}`")),
                }
            }
            Ok(Some(out))
        }
        Some(other) => Err(format!("trait `{id}` must be an object, found {other}")),
    }
}

/// One entry of the Smithy 1.0 `smithy.api#enum` trait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumDefinition {
    /// The wire value.
    pub value: String,
    /// The symbolic name, when given.
    pub name: Option<String>,
    /// Documentation.
    pub documentation: Option<String>,
    /// Whether the value is deprecated.
    pub deprecated: bool,
}

/// `smithy.api#enum`: a non-empty list of `{value, name?, documentation?, deprecated?, tags?}`.
pub fn enum_definitions(traits: &Traits) -> Result<Option<Vec<EnumDefinition>>, String> {
    let id = "smithy.api#enum";
    let Some(value) = traits.get(id) else {
        return Ok(None);
    };
    let Value::Array(items) = value else {
        return Err(format!("trait `{id}` must be a list, found {value}"));
    };
    if items.is_empty() {
        return Err(format!("trait `{id}` must list at least one value"));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Value::Object(o) = item else {
            return Err(format!(
                "trait `{id}`: entry {i} must be an object, found {item}"
            ));
        };
        let text = |key: &str| -> Result<Option<String>, String> {
            match o.get(key) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(format!(
                    "trait `{id}`: entry {i} `{key}` must be a string, found {other}"
                )),
            }
        };
        let value =
            text("value")?.ok_or_else(|| format!("trait `{id}`: entry {i} has no `value`"))?;
        let deprecated = match o.get("deprecated") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(format!(
                    "trait `{id}`: entry {i} `deprecated` must be a boolean, found {other}"
                ));
            }
        };
        out.push(EnumDefinition {
            value,
            name: text("name")?,
            documentation: text("documentation")?,
            deprecated,
        });
    }
    Ok(Some(out))
}

/// The value of an enum member's `smithy.api#enumValue`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnumValue {
    /// For `enum` shapes.
    String(String),
    /// For `intEnum` shapes.
    Int(i32),
}

/// `smithy.api#enumValue`
pub fn enum_value(traits: &Traits) -> Result<Option<EnumValue>, String> {
    let id = "smithy.api#enumValue";
    match traits.get(id) {
        None => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(EnumValue::String(s.clone()))),
        Some(v) => match v.as_i64().and_then(|n| i32::try_from(n).ok()) {
            Some(n) => Ok(Some(EnumValue::Int(n))),
            None => Err(format!(
                "trait `{id}` must be a non-empty string or a 32-bit integer, found {v}"
            )),
        },
    }
}

/// `smithy.api#paginated`
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paginated {
    /// Input member holding the continuation token.
    pub input_token: Option<String>,
    /// Output member (path) holding the next token.
    pub output_token: Option<String>,
    /// Output member (path) holding the items.
    pub items: Option<String>,
    /// Input member limiting the page size.
    pub page_size: Option<String>,
    /// Properties Smithy does not define (such as `maxResults` in some
    /// published models). Smithy's own tools accept them, so they are
    /// ignored with a warning rather than refused.
    pub unknown_properties: Vec<String>,
}

impl Paginated {
    /// Fills unset properties from the service's `@paginated` defaults.
    pub fn merged_with(&self, service: &Paginated) -> Paginated {
        Paginated {
            input_token: self
                .input_token
                .clone()
                .or_else(|| service.input_token.clone()),
            output_token: self
                .output_token
                .clone()
                .or_else(|| service.output_token.clone()),
            items: self.items.clone().or_else(|| service.items.clone()),
            page_size: self.page_size.clone().or_else(|| service.page_size.clone()),
            unknown_properties: self.unknown_properties.clone(),
        }
    }
}

/// `smithy.api#paginated`: `{inputToken?, outputToken?, items?, pageSize?}`.
pub fn paginated(traits: &Traits) -> Result<Option<Paginated>, String> {
    let id = "smithy.api#paginated";
    let Some(value) = traits.get(id) else {
        return Ok(None);
    };
    let Value::Object(o) = value else {
        return Err(format!("trait `{id}` must be an object, found {value}"));
    };
    let mut out = Paginated::default();
    for (key, v) in o {
        let slot = match key.as_str() {
            "inputToken" => &mut out.input_token,
            "outputToken" => &mut out.output_token,
            "items" => &mut out.items,
            "pageSize" => &mut out.page_size,
            other => {
                out.unknown_properties.push(other.to_owned());
                continue;
            }
        };
        let text = v
            .as_str()
            .ok_or_else(|| format!("trait `{id}`: `{key}` must be a string, found {v}"))?;
        *slot = Some(text.to_owned());
    }
    Ok(Some(out))
}

/// `aws.api#service`
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsService {
    /// `sdkId`, e.g. `Proton`.
    pub sdk_id: String,
    /// `endpointPrefix`, e.g. `proton`.
    pub endpoint_prefix: Option<String>,
    /// `arnNamespace`, e.g. `proton`.
    pub arn_namespace: Option<String>,
}

/// `aws.api#service`: `{sdkId, endpointPrefix?, ...}`.
pub fn aws_service(traits: &Traits) -> Result<Option<AwsService>, String> {
    let id = "aws.api#service";
    let Some(value) = traits.get(id) else {
        return Ok(None);
    };
    let Value::Object(o) = value else {
        return Err(format!("trait `{id}` must be an object, found {value}"));
    };
    let sdk_id = match o.get("sdkId") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(other) => {
            return Err(format!(
                "trait `{id}`: `sdkId` must be a non-empty string, found {other}"
            ));
        }
        None => return Err(format!("trait `{id}` must set `sdkId`")),
    };
    let optional_string = |key: &str| match o.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!(
            "trait `{id}`: `{key}` must be a string, found {other}"
        )),
    };
    Ok(Some(AwsService {
        sdk_id,
        endpoint_prefix: optional_string("endpointPrefix")?,
        arn_namespace: optional_string("arnNamespace")?,
    }))
}

/// `aws.auth#sigv4`: the signing name.
pub fn sigv4_name(traits: &Traits) -> Result<Option<&str>, String> {
    let id = "aws.auth#sigv4";
    match traits.get(id) {
        None => Ok(None),
        Some(Value::Object(o)) => match o.get("name") {
            Some(Value::String(s)) if !s.is_empty() => Ok(Some(s)),
            _ => Err(format!(
                "trait `{id}` must set `name` to a non-empty string"
            )),
        },
        Some(other) => Err(format!("trait `{id}` must be an object, found {other}")),
    }
}

/// One piece of an `@endpoint` host prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Text copied as is, such as `foo.`.
    Literal(String),
    /// `{name}`: the value of the input member `name` (a `@hostLabel`).
    Label(String),
}

/// `smithy.api#endpoint`: its `hostPrefix`, split into literal text and
/// `{label}` references.
pub fn endpoint_host_prefix(traits: &Traits) -> Result<Option<Vec<HostPrefixPart>>, String> {
    let id = "smithy.api#endpoint";
    let Some(value) = traits.get(id) else {
        return Ok(None);
    };
    let prefix = match value.get("hostPrefix") {
        Some(Value::String(s)) if !s.is_empty() => s,
        other => {
            return Err(format!(
                "trait `{id}` must set `hostPrefix` to a non-empty string, found {}",
                other.map_or("nothing".to_owned(), Value::to_string)
            ));
        }
    };
    let mut parts = Vec::new();
    let mut rest = prefix.as_str();
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                parts.push(HostPrefixPart::Literal(rest.to_owned()));
                break;
            }
            Some(at) if rest[at..].starts_with('}') => {
                return Err(format!("trait `{id}`: unmatched `}}` in `{prefix}`"));
            }
            Some(at) => {
                if at > 0 {
                    parts.push(HostPrefixPart::Literal(rest[..at].to_owned()));
                }
                let Some(end) = rest[at..].find('}') else {
                    return Err(format!("trait `{id}`: unclosed `{{` in `{prefix}`"));
                };
                let label = &rest[at + 1..at + end];
                if label.is_empty() || label.contains('{') {
                    return Err(format!("trait `{id}`: invalid label in `{prefix}`"));
                }
                parts.push(HostPrefixPart::Label(label.to_owned()));
                rest = &rest[at + end + 1..];
            }
        }
    }
    Ok(Some(parts))
}

/// `smithy.api#requestCompression`: the encodings, in order of preference.
pub fn request_compression(traits: &Traits) -> Result<Option<Vec<String>>, String> {
    let id = "smithy.api#requestCompression";
    let Some(value) = traits.get(id) else {
        return Ok(None);
    };
    match value.get("encodings").and_then(Value::as_array) {
        Some(items) => items
            .iter()
            .map(|e| {
                e.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("trait `{id}`: encodings must be strings, found {e}"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        None => Err(format!("trait `{id}` must set `encodings` to a list")),
    }
}

/// `smithy.api#title`
pub fn title(traits: &Traits) -> Result<Option<&str>, String> {
    string_trait(traits, "smithy.api#title")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn traits(id: &str, value: Value) -> Traits {
        [(id.to_owned(), value)].into_iter().collect()
    }

    #[test]
    fn aws_service_reads_optional_names() {
        let service = |v: Value| aws_service(&traits("aws.api#service", v));
        let full = service(json!({"sdkId": "S", "endpointPrefix": "e", "arnNamespace": "a"}))
            .unwrap()
            .unwrap();
        assert_eq!(full.endpoint_prefix.as_deref(), Some("e"));
        assert_eq!(full.arn_namespace.as_deref(), Some("a"));
        let bare = service(json!({"sdkId": "S"})).unwrap().unwrap();
        assert_eq!((bare.endpoint_prefix, bare.arn_namespace), (None, None));
        assert!(service(json!({"sdkId": "S", "arnNamespace": 1})).is_err());
        assert!(service(json!({})).is_err());
    }

    #[test]
    fn host_prefixes_split_into_literals_and_labels() {
        use HostPrefixPart::{Label, Literal};
        let prefix = |p: &str| {
            endpoint_host_prefix(&traits("smithy.api#endpoint", json!({"hostPrefix": p})))
        };
        assert_eq!(prefix("foo."), Ok(Some(vec![Literal("foo.".into())])));
        assert_eq!(
            prefix("foo.{label}."),
            Ok(Some(vec![
                Literal("foo.".into()),
                Label("label".into()),
                Literal(".".into())
            ]))
        );
        assert_eq!(
            prefix("{a}{b}"),
            Ok(Some(vec![Label("a".into()), Label("b".into())]))
        );
        for bad in ["", "a{", "a}", "{}", "{a{b}}"] {
            assert!(prefix(bad).is_err(), "{bad}");
        }
        assert_eq!(endpoint_host_prefix(&Traits::new()), Ok(None));
    }

    #[test]
    fn length_requires_min_or_max() {
        assert!(length(&traits("smithy.api#length", json!({}))).is_err());
        assert!(length(&traits("smithy.api#length", json!({"min": -1}))).is_err());
        assert!(length(&traits("smithy.api#length", json!({"min": 5, "max": 1}))).is_err());
        let b = length(&traits("smithy.api#length", json!({"min": 1, "max": 100})))
            .unwrap()
            .unwrap();
        assert_eq!((b.min, b.max), (Some(1.0), Some(100.0)));
    }

    #[test]
    fn http_error_must_be_an_integer_status() {
        assert!(http_error(&traits("smithy.api#httpError", json!("404"))).is_err());
        assert!(http_error(&traits("smithy.api#httpError", json!(99))).is_err());
        assert_eq!(
            http_error(&traits("smithy.api#httpError", json!(404))).unwrap(),
            Some(404)
        );
    }

    #[test]
    fn retryable_reads_throttling() {
        let r = retryable(&traits("smithy.api#retryable", json!({"throttling": true})))
            .unwrap()
            .unwrap();
        assert!(r.throttling);
        assert!(retryable(&traits("smithy.api#retryable", json!(true))).is_err());
    }

    #[test]
    fn enum_trait_entries() {
        let defs = enum_definitions(&traits(
            "smithy.api#enum",
            json!([{"value": "a", "name": "A"}, {"value": "b", "deprecated": true}]),
        ))
        .unwrap()
        .unwrap();
        assert_eq!(defs[0].name.as_deref(), Some("A"));
        assert!(defs[1].deprecated);
        assert!(enum_definitions(&traits("smithy.api#enum", json!([{"name": "A"}]))).is_err());
    }
}
