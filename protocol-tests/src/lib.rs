//! The harness the generated protocol compliance tests run on.
//!
//! The official Smithy protocol tests for awsJson1_0, awsJson1_1 and
//! restJson1 live beside the repository, in `../shared/protocol-tests/`. From them the generator
//! writes, under this crate:
//!
//! - `clients/<crate>/`: the client of each test service, a workspace
//!   member like any generated crate;
//! - `tests/<crate>/main.rs`: one test per `smithy.test#httpRequestTests`
//!   or `smithy.test#httpResponseTests` case that applies to clients.
//!
//! `tests/drift.rs` checks that both are what the models give today;
//! `LEAN_UPDATE_PROTOCOL_TESTS=1 cargo test -p protocol-tests --test drift`
//! regenerates them. [`suites`] says which services are generated and which
//! cases are skipped, and why. (Should a runtime change leave the checked-in
//! clients unable to compile, which the drift test needs, generate them once
//! with `cargo run -p generator -- --model ... --service ... --out
//! protocol-tests/clients/<crate> --crate-name <crate>` first.)
//!
//! `tests/beyond_the_cases.rs` checks on the same client what the cases
//! leave out: the compressed body itself and invalid host labels.
//!
//! The generated tests describe each case with a [`RequestCase`] or a
//! [`ResponseCase`] and leave the comparing to them.

pub mod events;
pub mod json;
pub mod suites;
pub mod xml;

use bytes::Bytes;
use lean_runtime::config::{Config, ConfigBuilder, ServiceSpec};
use lean_runtime::credentials::Credentials;
use lean_runtime::error::SdkError;
use lean_runtime::operation::{HttpRequest, HttpResponse};
use lean_runtime::retry::RetryConfig;
use lean_runtime::transport::ReplayTransport;
use lean_runtime::uuid::IdempotencyTokenProvider;
use std::fmt::Debug;

/// The host clients are configured with when a case names none.
pub const DEFAULT_HOST: &str = "example.com";

/// What a request case expects of the request the client sends.
#[derive(Clone, Copy, Debug)]
pub struct RequestCase {
    /// The HTTP method.
    pub method: &'static str,
    /// The path, without the query string.
    pub uri: &'static str,
    /// The host (and optional base path) of the endpoint the client is
    /// configured with; [`DEFAULT_HOST`] when `None`.
    pub host: Option<&'static str>,
    /// The host the request must be sent to (after host prefixes).
    pub resolved_host: Option<&'static str>,
    /// `name=value` pairs the query string must hold, as encoded.
    pub query_params: &'static [&'static str],
    /// Query parameter names that must be absent.
    pub forbid_query_params: &'static [&'static str],
    /// Query parameter names that must be present.
    pub require_query_params: &'static [&'static str],
    /// Headers and their exact values (names in any case).
    pub headers: &'static [(&'static str, &'static str)],
    /// Header names that must be absent.
    pub forbid_headers: &'static [&'static str],
    /// Header names that must be present.
    pub require_headers: &'static [&'static str],
    /// The body; not compared when `None`.
    pub body: Option<&'static str>,
    /// The body's media type: JSON bodies are compared as JSON values,
    /// others byte for byte.
    pub body_media_type: Option<&'static str>,
}

impl RequestCase {
    /// A transport answering the one request with an empty `200`.
    pub fn transport(&self) -> ReplayTransport {
        ok_transport()
    }

    /// A client configuration sending to the case's host through
    /// `transport` (see [`client_config`]).
    pub fn config<S: ServiceSpec>(&self, transport: &ReplayTransport) -> Config<S> {
        client_config(self.host.unwrap_or(DEFAULT_HOST), transport)
    }

    /// Checks the one request `transport` received against the case.
    ///
    /// # Panics
    /// When no request (or more than one) was sent, naming the result of
    /// the call, or when the request differs from the case, listing every
    /// difference.
    #[track_caller]
    pub fn check<T: Debug, E: Debug>(
        &self,
        transport: &ReplayTransport,
        result: Result<T, SdkError<E>>,
    ) {
        let requests = transport.requests();
        let request = match requests.as_slice() {
            [request] => request,
            [] => panic!("the client sent no request; the call ended with {result:?}"),
            many => panic!("the client sent {} requests, not one", many.len()),
        };
        let problems = self.differences(request);
        assert!(
            problems.is_empty(),
            "the request differs from the case:\n  {}\n{}",
            problems.join("\n  "),
            describe(request)
        );
    }

    /// Every way `request` differs from the case.
    pub fn differences(&self, request: &HttpRequest) -> Vec<String> {
        let mut problems = Vec::new();
        if request.method().as_str() != self.method {
            problems.push(format!(
                "method: expected {}, got {}",
                self.method,
                request.method()
            ));
        }
        let uri = request.uri();
        if uri.path() != self.uri {
            problems.push(format!("path: expected {}, got {}", self.uri, uri.path()));
        }
        let expected_host = match (self.resolved_host, self.host) {
            (Some(resolved), _) => resolved,
            // The configured host may carry a base path.
            (None, host) => host
                .unwrap_or(DEFAULT_HOST)
                .split('/')
                .next()
                .unwrap_or_default(),
        };
        if uri.host() != Some(expected_host) {
            problems.push(format!(
                "host: expected {expected_host}, got {:?}",
                uri.host()
            ));
        }
        self.query_differences(uri.query().unwrap_or_default(), &mut problems);
        self.header_differences(request, &mut problems);
        if let Some(body) = self.body
            && let Err(problem) = compare_body(body, self.body_media_type, request.body())
        {
            problems.push(problem);
        }
        problems
    }

    fn query_differences(&self, query: &str, problems: &mut Vec<String>) {
        let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
        let name = |pair: &str| pair.split_once('=').map_or(pair, |(n, _)| n).to_owned();
        for expected in self.query_params {
            if !pairs.contains(expected) {
                problems.push(format!("query: `{expected}` missing from `{query}`"));
            }
        }
        for forbidden in self.forbid_query_params {
            if pairs.iter().any(|p| name(p) == *forbidden) {
                problems.push(format!(
                    "query: `{forbidden}` must be absent from `{query}`"
                ));
            }
        }
        for required in self.require_query_params {
            if !pairs.iter().any(|p| name(p) == *required) {
                problems.push(format!("query: `{required}` missing from `{query}`"));
            }
        }
    }

    fn header_differences(&self, request: &HttpRequest, problems: &mut Vec<String>) {
        let headers = request.headers();
        for (name, expected) in self.headers {
            let values: Vec<String> = headers
                .get_all(*name)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect();
            // Repeated headers count as one, their values joined by commas.
            let actual = values.join(", ");
            if values.is_empty() {
                problems.push(format!("header `{name}`: expected {expected:?}, missing"));
            } else if actual != *expected {
                problems.push(format!(
                    "header `{name}`: expected {expected:?}, got {actual:?}"
                ));
            }
        }
        for name in self.forbid_headers {
            if headers.contains_key(*name) {
                problems.push(format!("header `{name}` must be absent"));
            }
        }
        for name in self.require_headers {
            if !headers.contains_key(*name) {
                problems.push(format!("header `{name}` missing"));
            }
        }
    }
}

/// A transport answering one request with an empty `200`.
pub fn ok_transport() -> ReplayTransport {
    let ok = http::Response::builder()
        .status(200)
        .body(Bytes::from_static(b"{}"))
        .expect("a static response is valid");
    ReplayTransport::from_responses([ok])
}

/// A client configuration sending to `https://{host}` through `transport`,
/// with fixed credentials and a region so requests are signed, a single
/// attempt, and the fixed idempotency token the cases expect.
pub fn client_config<S: ServiceSpec>(host: &str, transport: &ReplayTransport) -> Config<S> {
    case_config_builder(transport)
        .endpoint_url(format!("https://{host}"))
        .region("us-east-1")
        .build()
}

/// What every case's client has: fixed credentials, one attempt, the
/// fixed idempotency token the cases expect, and `transport`.
fn case_config_builder<S: ServiceSpec>(transport: &ReplayTransport) -> ConfigBuilder<S> {
    Config::builder()
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "protocol-tests",
        ))
        .retry_config(RetryConfig::disabled())
        // The token the cases expect where an input leaves it unset.
        .idempotency_token_provider(IdempotencyTokenProvider::fixed(
            "00000000-0000-4000-8000-000000000000",
        ))
        .http_transport(transport.clone())
}

/// A request case's client settings (its `vendorParams`): the region and
/// S3's settings. The endpoint comes from the service's rules, not from
/// the case's host.
#[derive(Clone, Copy, Debug)]
pub struct ClientSettings {
    /// The region.
    pub region: &'static str,
    /// S3 path-style addressing.
    pub force_path_style: bool,
    /// Dual-stack endpoints.
    pub use_dual_stack: bool,
    /// S3 Transfer Acceleration.
    pub accelerate: bool,
}

impl ClientSettings {
    /// A configuration like [`client_config`]'s, with these settings and
    /// no endpoint override.
    pub fn config<S: ServiceSpec>(&self, transport: &ReplayTransport) -> Config<S> {
        case_config_builder(transport)
            .region(self.region)
            .use_dual_stack(self.use_dual_stack)
            .s3(lean_runtime::config::S3Settings::new()
                .force_path_style(self.force_path_style)
                .accelerate(self.accelerate))
            .build()
    }
}

/// The longest body excerpt a failure message shows.
const BODY_EXCERPT: usize = 400;

/// A request as a failure message shows it: a long body is cut short.
fn describe(request: &HttpRequest) -> String {
    let body = request.body();
    let shown = String::from_utf8_lossy(&body[..body.len().min(BODY_EXCERPT)]);
    let more = if body.len() > BODY_EXCERPT {
        format!("... ({} bytes)", body.len())
    } else {
        String::new()
    };
    format!(
        "request: {} {}\nheaders: {:?}\nbody: {shown:?}{more}",
        request.method(),
        request.uri(),
        request.headers()
    )
}

/// Compares a body with the expected one: as JSON values, form pairs or
/// XML documents by its media type, byte for byte otherwise.
///
/// # Errors
/// A sentence saying how they differ.
pub fn compare_body(expected: &str, media_type: Option<&str>, actual: &[u8]) -> Result<(), String> {
    let is_json = media_type.is_some_and(|m| m == "application/json" || m.ends_with("+json"));
    if is_json {
        return json::compare(expected, actual).map_err(|why| format!("body: {why}"));
    }
    if media_type == Some("application/x-www-form-urlencoded") {
        return compare_form(expected, actual);
    }
    if media_type.is_some_and(|m| m == "application/xml" || m.ends_with("+xml")) {
        return xml::compare(expected, actual).map_err(|why| format!("body: {why}"));
    }
    if actual == expected.as_bytes() {
        Ok(())
    } else {
        Err(format!(
            "body: expected {expected:?}, got {:?}",
            String::from_utf8_lossy(actual)
        ))
    }
}

/// Compares form bodies as their `key=value` pairs, in any order (each
/// pair still percent-encoded as sent).
fn compare_form(expected: &str, actual: &[u8]) -> Result<(), String> {
    let pairs = |text: &str| -> Vec<String> {
        let mut pairs: Vec<String> = text
            .split('&')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        pairs.sort();
        pairs
    };
    let got_text = String::from_utf8_lossy(actual);
    let (want, got) = (pairs(expected.trim()), pairs(got_text.trim()));
    if want == got {
        return Ok(());
    }
    let missing: Vec<&String> = want.iter().filter(|p| !got.contains(p)).collect();
    let extra: Vec<&String> = got.iter().filter(|p| !want.contains(p)).collect();
    Err(format!(
        "body: form pairs differ: missing {missing:?}, unexpected {extra:?} (got {got_text:?})"
    ))
}

/// A response a response case feeds to the deserializer.
#[derive(Clone, Copy, Debug)]
pub struct ResponseCase {
    /// The status code.
    pub code: u16,
    /// The headers.
    pub headers: &'static [(&'static str, &'static str)],
    /// The body; empty when `None`.
    pub body: Option<&'static str>,
    /// The body's media type (informational: the body is sent as is).
    pub body_media_type: Option<&'static str>,
}

impl ResponseCase {
    /// The HTTP response.
    ///
    /// # Panics
    /// When the case's status or headers are not valid HTTP, which would be
    /// a broken case.
    pub fn response(&self) -> HttpResponse {
        let mut builder = http::Response::builder().status(self.code);
        for (name, value) in self.headers {
            builder = builder.header(*name, *value);
        }
        builder
            .body(Bytes::from_static(self.body.unwrap_or_default().as_bytes()))
            .expect("the case's status and headers are valid HTTP")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE: RequestCase = RequestCase {
        method: "POST",
        uri: "/",
        host: None,
        resolved_host: None,
        query_params: &[],
        forbid_query_params: &[],
        require_query_params: &[],
        headers: &[("Content-Type", "application/x-amz-json-1.0")],
        forbid_headers: &[],
        require_headers: &[],
        body: Some("{\"a\": 1}"),
        body_media_type: Some("application/json"),
    };

    fn request(uri: &str, headers: &[(&str, &str)], body: &'static str) -> HttpRequest {
        let mut builder = http::Request::builder().method("POST").uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Bytes::from_static(body.as_bytes())).unwrap()
    }

    fn matching() -> HttpRequest {
        request(
            "https://example.com/",
            &[("content-type", "application/x-amz-json-1.0")],
            r#"{"a":1.0}"#,
        )
    }

    #[test]
    fn a_matching_request_has_no_differences() {
        assert_eq!(CASE.differences(&matching()), Vec::<String>::new());
    }

    #[test]
    fn every_part_is_compared() {
        let mut get = matching();
        *get.method_mut() = http::Method::GET;
        assert_eq!(CASE.differences(&get), ["method: expected POST, got GET"]);

        let elsewhere = request(
            "https://other.test/x?a=1",
            &[("content-type", "application/x-amz-json-1.0")],
            r#"{"a":1}"#,
        );
        assert_eq!(
            CASE.differences(&elsewhere),
            [
                "path: expected /, got /x",
                "host: expected example.com, got Some(\"other.test\")"
            ]
        );

        let wrong = request(
            "https://example.com/",
            &[("content-type", "text/plain")],
            r#"{"a":2}"#,
        );
        assert_eq!(
            CASE.differences(&wrong),
            [
                "header `Content-Type`: expected \"application/x-amz-json-1.0\", got \"text/plain\"",
                "body: $.a: expected 1, got 2",
            ]
        );
    }

    #[test]
    fn header_and_query_presence() {
        let case = RequestCase {
            headers: &[("X-Multi", "a, b")],
            forbid_headers: &["x-forbidden"],
            require_headers: &["x-required"],
            query_params: &["k=v"],
            forbid_query_params: &["no"],
            require_query_params: &["yes"],
            body: None,
            resolved_host: Some("foo.example.com"),
            ..CASE
        };
        let good = request(
            "https://foo.example.com/?k=v&yes",
            &[("x-multi", "a"), ("x-multi", "b"), ("x-required", "1")],
            "ignored",
        );
        assert_eq!(case.differences(&good), Vec::<String>::new());
        let bad = request(
            "https://foo.example.com/?k=w&no=1",
            &[("x-forbidden", "1")],
            "ignored",
        );
        assert_eq!(
            case.differences(&bad),
            [
                "query: `k=v` missing from `k=w&no=1`",
                "query: `no` must be absent from `k=w&no=1`",
                "query: `yes` missing from `k=w&no=1`",
                "header `X-Multi`: expected \"a, b\", missing",
                "header `x-forbidden` must be absent",
                "header `x-required` missing",
            ]
        );
    }

    #[test]
    fn bodies_without_a_json_media_type_compare_as_bytes() {
        assert_eq!(compare_body("{}", None, b"{}"), Ok(()));
        assert!(compare_body("{ }", None, b"{}").is_err());
        assert_eq!(compare_body("{ }", Some("application/json"), b"{}"), Ok(()));
    }

    #[test]
    fn responses_carry_the_case() {
        let response = ResponseCase {
            code: 400,
            headers: &[("X-Amzn-Errortype", "FooError")],
            body: None,
            body_media_type: None,
        }
        .response();
        assert_eq!(response.status(), 400);
        assert_eq!(response.headers()["x-amzn-errortype"], "FooError");
        assert!(response.body().is_empty());
    }
}
