//! A fixed corpus of hostile responses: what proxies, truncated
//! connections and odd services send. Every case goes through every
//! operation of proton and the fixtures; none may panic or hang, and each
//! must end in the typed outcome asserted here. The HTML cases also go
//! through the whole client (retries included) on a replayed transport.

// Every Proton operation is deprecated in the model; these tests exercise
// them on purpose.
#![allow(deprecated)]

use bytes::Bytes;
use lean_runtime::credentials::Credentials;
use lean_runtime::error::{ProvideErrorMetadata, SdkError};
use lean_runtime::operation::{HttpResponse, Operation, OperationFailure};
use lean_runtime::transport::ReplayTransport;
use std::fmt::Debug;

const TEN_MB: usize = 10 * 1024 * 1024;

/// Deep enough that recursing once per level would overflow the stack.
const DEEP: usize = 100_000;

const HTML: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\
                    <body><h1>Bad Gateway</h1><p>The proxy could not reach the service.</p></body></html>";

fn response(status: u16, body: impl Into<Bytes>) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .body(body.into())
        .expect("valid response")
}

/// What a 2xx response with the body must give, whatever the operation.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Success {
    /// An `Unparseable` error: the body is not a well-formed JSON object.
    Unparseable,
    /// An output: the body is an object whose oddities are in members the
    /// operations do not have, which are skipped.
    Output,
}

/// The corpus every operation reads: name, body, outcome with status 200.
/// (Ten megabytes of escapes, slow to read in a debug build, go through
/// proton only, in `ten_megabyte_strings_are_read_whole`.)
fn corpus() -> Vec<(&'static str, Vec<u8>, Success)> {
    let nest = |open: &str, leaf: &str, close: &str| {
        format!(
            "{{\"deep\":{}{leaf}{}}}",
            open.repeat(DEEP),
            close.repeat(DEEP)
        )
        .into_bytes()
    };
    vec![
        ("HTML error page", HTML.into(), Success::Unparseable),
        (
            "plain text",
            b"Service Unavailable".to_vec(),
            Success::Unparseable,
        ),
        (
            "deeply nested arrays",
            nest("[", "1", "]"),
            Success::Unparseable,
        ),
        (
            "deeply nested objects",
            nest("{\"a\":", "1", "}"),
            Success::Unparseable,
        ),
        (
            "deep nesting, top level",
            "[".repeat(DEEP).into_bytes(),
            Success::Unparseable,
        ),
        (
            "deep nesting, cut short",
            nest("[", "", "").into_iter().take(DEEP / 2).collect(),
            Success::Unparseable,
        ),
        (
            "invalid UTF-8 in a key",
            b"{\"\xff\xfe\": 1}".to_vec(),
            Success::Unparseable,
        ),
        (
            "invalid UTF-8 outside strings",
            b"{\xc3\x28: 1}".to_vec(),
            Success::Unparseable,
        ),
        (
            "byte order mark",
            b"\xef\xbb\xbf{}".to_vec(),
            Success::Unparseable,
        ),
        (
            "truncated object",
            b"{\"k\": [1, 2, {\"a\": \"b".to_vec(),
            Success::Unparseable,
        ),
        (
            "truncated number",
            b"{\"k\": -".to_vec(),
            Success::Unparseable,
        ),
        (
            "truncated escape",
            b"{\"k\": \"\\u12".to_vec(),
            Success::Unparseable,
        ),
        ("two documents", b"{} {}".to_vec(), Success::Unparseable),
        // Read as an empty body is: botocore accepts `null` where an
        // operation has no output, and emulators send it.
        ("null", b"null".to_vec(), Success::Output),
        ("an array", b"[]".to_vec(), Success::Unparseable),
        ("a string", b"\"{}\"".to_vec(), Success::Unparseable),
        ("NUL byte", b"{\x00}".to_vec(), Success::Unparseable),
        (
            "trailing comma",
            b"{\"k\": 1,}".to_vec(),
            Success::Unparseable,
        ),
        ("empty body", Vec::new(), Success::Output),
        ("whitespace body", b" \r\n\t ".to_vec(), Success::Output),
        (
            "numbers far out of range",
            br#"{"k": [1e999999999999, -1e-999999999999, 123456789012345678901234567890, -0.0]}"#
                .to_vec(),
            Success::Output,
        ),
        (
            "a number with 100000 digits",
            format!("{{\"k\": 1{}}}", "0".repeat(100_000)).into_bytes(),
            Success::Output,
        ),
        (
            "a 10 MB string",
            format!("{{\"k\": \"{}\"}}", "x".repeat(TEN_MB)).into_bytes(),
            Success::Output,
        ),
        (
            "invalid UTF-8 in a skipped string",
            b"{\"k\": \"\xff\"}".to_vec(),
            Success::Unparseable,
        ),
        (
            "duplicate keys",
            br#"{"k": 1, "k": 2, "k": {}}"#.to_vec(),
            Success::Output,
        ),
        (
            "lone surrogate escape",
            br#"{"k": "\ud800"}"#.to_vec(),
            Success::Unparseable,
        ),
    ]
}

/// Feeds the corpus to `O`: with 200 each case gives its outcome, with
/// error statuses always a service error keeping the status.
fn corpus_through<O>()
where
    O: Operation,
    O::Output: Debug,
    O::Error: Debug,
{
    for (name, body, expected) in corpus() {
        let outcome = O::deserialize(&response(200, body.clone()));
        match (expected, &outcome) {
            (Success::Output, Ok(_)) => {}
            (Success::Unparseable, Err(OperationFailure::Unparseable(e))) => {
                assert!(
                    !e.message().is_empty(),
                    "{}: {name}: empty message",
                    O::NAME
                );
            }
            _ => panic!(
                "{}: {name}: expected {expected:?}, got {outcome:?}",
                O::NAME
            ),
        }
        for status in [400, 503] {
            match O::deserialize(&response(status, body.clone())) {
                Err(OperationFailure::Service(e)) => {
                    assert_eq!(e.meta().status(), Some(status), "{}: {name}", O::NAME);
                    // Printing an error never fails, whatever its content.
                    let _ = format!("{e} {e:?}");
                }
                other => panic!("{}: {name} with {status}: {other:?}", O::NAME),
            }
        }
    }
}

#[test]
fn every_operation_survives_the_corpus() {
    corpus_through::<proton::operation::cancel_component_deployment::CancelComponentDeployment>();
    corpus_through::<fixture_enums::operation::put_colors::PutColors>();
    corpus_through::<fixture_errors::operation::fail::Fail>();
    corpus_through::<fixture_naming::operation::match_::Match>();
    corpus_through::<fixture_naming::operation::type_::Type>();
    corpus_through::<fixture_required::operation::put::Put>();
    corpus_through::<fixture_sensitive::operation::login::Login>();
    corpus_through::<fixture_timestamps::operation::stamp::Stamp>();
}

/// Every prefix of a valid body (except the empty one, which reads as `{}`)
/// is a typed error, never a panic or a half-read output.
fn every_prefix_is_unparseable<O>(body: &str)
where
    O: Operation,
    O::Output: Debug,
    O::Error: Debug,
{
    let body = body.trim().as_bytes();
    if let Err(e) = O::deserialize(&response(200, body.to_vec())) {
        panic!("{}: the whole body does not read: {e:?}", O::NAME);
    }
    for len in 1..body.len() {
        match O::deserialize(&response(200, body[..len].to_vec())) {
            Err(OperationFailure::Unparseable(_)) => {}
            other => panic!(
                "{}: {:?} read as {other:?}",
                O::NAME,
                String::from_utf8_lossy(&body[..len])
            ),
        }
    }
}

const COMPONENT: &str = r#"{"component": {"name": "web", "description": "front end",
    "arn": "arn:aws:proton:us-east-1:123456789012:component/web", "environmentName": "prod",
    "serviceName": "svc", "serviceInstanceName": "inst", "createdAt": 1700000000.5,
    "lastModifiedAt": 1.7e9, "lastDeploymentAttemptedAt": 1700000001,
    "lastDeploymentSucceededAt": 1700000002, "deploymentStatus": "CANCELLING",
    "deploymentStatusMessage": "cancelling now", "serviceSpec": "proton: ServiceSpec",
    "lastClientRequestToken": "tok", "lastAttemptedDeploymentId": "d-1",
    "lastSucceededDeploymentId": "d-0"}}"#;

#[test]
fn truncated_bodies_are_unparseable_at_every_byte() {
    every_prefix_is_unparseable::<
        proton::operation::cancel_component_deployment::CancelComponentDeployment,
    >(COMPONENT);
    every_prefix_is_unparseable::<fixture_required::operation::put::Put>(
        r#"{"name": "n", "count": 1, "total": 2, "ratio": 0.25, "label": "l", "enabled": true,
            "optionalLabel": "o", "maybe": "m", "items": ["a", "b"], "attributes": {"k": "v"},
            "nested": {"id": "abc", "note": "x"}, "level": "LOW", "payload": "aGk=", "when": 5}"#,
    );
    every_prefix_is_unparseable::<fixture_timestamps::operation::stamp::Stamp>(
        r#"{"plain": 1, "epoch": 2.5, "dateTime": "2023-11-14T22:13:20Z",
            "httpDate": "Tue, 14 Nov 2023 22:13:20 GMT", "shapeFormat": "2023-11-14T22:13:20.5Z",
            "memberOverride": "Tue, 14 Nov 2023 22:13:20.5 GMT", "history": ["2023-11-14T22:13:20Z"]}"#,
    );
    every_prefix_is_unparseable::<fixture_enums::operation::put_colors::PutColors>(
        r#"{"color": "red", "legacy": "light", "priority": 10, "palette": ["red", "x"]}"#,
    );
}

#[test]
fn truncated_error_bodies_keep_status_and_never_invent_a_variant() {
    use proton::operation::cancel_component_deployment::{
        CancelComponentDeployment, CancelComponentDeploymentError,
    };
    let body = br#"{"__type": "ValidationException", "message": "componentName is bad"}"#;
    for len in 0..body.len() {
        let outcome = CancelComponentDeployment::deserialize(&response(400, body[..len].to_vec()));
        let Err(OperationFailure::Service(e)) = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(e.meta().status(), Some(400));
        // A cut body cannot be the modelled error, however much of it arrived.
        assert!(
            matches!(e, CancelComponentDeploymentError::Unhandled(_)),
            "{len}: {e:?}"
        );
    }
}

#[test]
fn numbers_out_of_range_are_typed_errors_naming_the_type() {
    use fixture_required::operation::put::Put;
    let base = |member: &str, value: &str| {
        let mut fields = serde_json::json!({
            "name": "n", "count": 1, "enabled": true, "maybe": "m", "items": [],
            "attributes": {}, "nested": {"id": "abc"}, "level": "LOW", "payload": "", "when": 0
        })
        .to_string();
        fields.insert_str(1, &format!("\"{member}\": {value}, "));
        fields
    };
    for (member, value, what) in [
        ("count", "2147483648", "i32"),
        ("count", "-2147483649", "i32"),
        ("count", "1e999999999999", "i32"),
        ("total", "9223372036854775808", "i64"),
        ("total", "-9223372036854775809", "i64"),
        ("total", &format!("1{}", "0".repeat(100_000)), "i64"),
        ("ratio", "1e309", "f64"),
        ("ratio", "-1e999999999999", "f64"),
    ] {
        let outcome = Put::deserialize(&response(200, base(member, value)));
        let Err(OperationFailure::Unparseable(e)) = &outcome else {
            panic!("{member}: {value:.20}: {outcome:?}")
        };
        assert!(
            e.message().contains("out of range") && e.message().contains(what),
            "{member}: {e}"
        );
        assert!(
            e.to_string().len() < 200,
            "the message quotes at most an excerpt: {e}"
        );
    }
    for (member, value) in [("when", "1e20"), ("when", "-1e999999999999")] {
        let outcome = Put::deserialize(&response(200, base(member, value)));
        assert!(
            matches!(outcome, Err(OperationFailure::Unparseable(_))),
            "{value}: {outcome:?}"
        );
    }
    // Tiny values round to the nearest representable one: zero.
    let out = Put::deserialize(&response(200, base("ratio", "1e-999999999999"))).unwrap();
    assert_eq!(out.ratio(), 0.0);
    let out = Put::deserialize(&response(200, base("when", "1e-999999999999"))).unwrap();
    assert_eq!(out.when().secs(), 0);
    // An intEnum value beyond i32 is not some other variant.
    let outcome = fixture_enums::operation::put_colors::PutColors::deserialize(&response(
        200,
        r#"{"color": "red", "priority": 4294967297}"#,
    ));
    assert!(
        matches!(outcome, Err(OperationFailure::Unparseable(_))),
        "{outcome:?}"
    );
}

#[test]
fn deep_nesting_is_refused_with_a_message_saying_so() {
    use proton::operation::cancel_component_deployment::CancelComponentDeployment;
    let body = format!(
        "{{\"component\": {{\"name\": \"web\", \"extra\": {}{}}}}}",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    let outcome = CancelComponentDeployment::deserialize(&response(200, body));
    let Err(OperationFailure::Unparseable(e)) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(e.message().contains("nesting exceeds the limit"), "{e}");
    assert!(e.offset().is_some(), "{e}");
}

#[test]
fn invalid_utf8_in_a_member_is_an_error_at_its_offset() {
    use proton::operation::cancel_component_deployment::CancelComponentDeployment;
    let body = b"{\"component\": {\"name\": \"we\xffb\"}}";
    let outcome = CancelComponentDeployment::deserialize(&response(200, body.to_vec()));
    let Err(OperationFailure::Unparseable(e)) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(e.message().contains("UTF-8"), "{e}");
    assert_eq!(e.offset(), Some(26));
}

#[test]
fn ten_megabyte_strings_are_read_whole() {
    use proton::operation::cancel_component_deployment::{
        CancelComponentDeployment, CancelComponentDeploymentError,
    };
    let big = "é".repeat(TEN_MB / 2);
    let escapes = "\\n".repeat(TEN_MB / 2);
    let body = format!(
        r#"{{"component": {{"name": "{big}", "description": "{escapes}"}}, "skipped": "{escapes}"}}"#
    );
    let out = CancelComponentDeployment::deserialize(&response(200, body)).unwrap();
    assert_eq!(out.component().name().len(), TEN_MB);
    assert_eq!(
        out.component().description().map(str::len),
        Some(TEN_MB / 2)
    );

    let body = format!(r#"{{"__type": "ConflictException", "message": "{big}"}}"#);
    let Err(OperationFailure::Service(CancelComponentDeploymentError::ConflictException(e))) =
        CancelComponentDeployment::deserialize(&response(409, body))
    else {
        panic!("not a ConflictException")
    };
    assert_eq!(e.message().len(), TEN_MB);
}

#[test]
fn duplicate_keys_keep_the_last_value() {
    use proton::operation::cancel_component_deployment::{
        CancelComponentDeployment, CancelComponentDeploymentError,
    };
    let out = CancelComponentDeployment::deserialize(&response(
        200,
        r#"{"component": {"name": "first"}, "component": {"name": "second", "name": "third"}}"#,
    ))
    .unwrap();
    assert_eq!(out.component().name(), "third");
    assert_eq!(
        out.component().arn(),
        "",
        "nothing of the first object survives"
    );

    let e = CancelComponentDeployment::deserialize(&response(
        400,
        r#"{"__type": "ConflictException", "__type": "ValidationException", "message": "a", "message": "b"}"#,
    ));
    let Err(OperationFailure::Service(CancelComponentDeploymentError::ValidationException(e))) = e
    else {
        panic!("{e:?}")
    };
    assert_eq!(e.message(), "b");
}

#[test]
fn html_pages_are_unparseable_with_200_and_unhandled_with_5xx() {
    use proton::operation::cancel_component_deployment::{
        CancelComponentDeployment, CancelComponentDeploymentError,
    };
    let outcome = CancelComponentDeployment::deserialize(&response(200, HTML));
    let Err(OperationFailure::Unparseable(e)) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(e.offset(), Some(0), "{e}");
    for status in [500, 502, 503, 504] {
        let outcome = CancelComponentDeployment::deserialize(&response(status, HTML));
        let Err(OperationFailure::Service(CancelComponentDeploymentError::Unhandled(e))) = outcome
        else {
            panic!("{outcome:?}")
        };
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.code(), None);
        assert_eq!(e.message(), None);
    }
}

/// Cancels the deployment of component `web` through a client whose
/// transport is `replay`.
// The model deprecates the operation; the client must still work.
#[allow(deprecated)]
async fn cancel(
    replay: &ReplayTransport,
) -> Result<
    proton::operation::cancel_component_deployment::CancelComponentDeploymentOutput,
    SdkError<proton::operation::cancel_component_deployment::CancelComponentDeploymentError>,
> {
    let config = proton::Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .http_transport(replay.clone())
        .build();
    proton::Client::new(&config)
        .cancel_component_deployment()
        .component_name("web")
        .send()
        .await
}

#[tokio::test(start_paused = true)]
async fn client_surfaces_a_200_html_page_as_a_response_error_without_retrying() {
    let replay = ReplayTransport::from_responses([response(200, HTML)]);
    let err = cancel(&replay)
        .await
        .expect_err("an HTML page is not an output");
    let SdkError::ResponseError(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.raw().status(), 200);
    assert!(
        err.to_string()
            .starts_with("failed to read response (HTTP 200)"),
        "{err}"
    );
    assert_eq!(replay.requests().len(), 1, "a 200 is not retried");
}

#[tokio::test(start_paused = true)]
async fn client_retries_a_5xx_html_page_then_surfaces_it_with_its_status() {
    use proton::operation::cancel_component_deployment::CancelComponentDeploymentError;
    let replay = ReplayTransport::from_responses([
        response(502, HTML),
        response(503, HTML),
        response(504, HTML),
    ]);
    let err = cancel(&replay).await.expect_err("three gateway errors");
    assert_eq!(replay.requests().len(), 3, "every attempt was made");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(504));
    let SdkError::ServiceError(_) = &err else {
        panic!("{err:?}")
    };
    let service_error = err.into_service_error();
    assert!(
        matches!(service_error, CancelComponentDeploymentError::Unhandled(_)),
        "{service_error:?}"
    );
    assert_eq!(service_error.meta().status(), Some(504));
    assert_eq!(service_error.code(), None);
}

#[tokio::test(start_paused = true)]
async fn client_recovers_when_a_retry_after_an_html_page_succeeds() {
    let replay = ReplayTransport::from_responses([response(503, HTML), response(200, COMPONENT)]);
    let output = cancel(&replay).await.expect("the retry succeeds");
    assert_eq!(output.component().name(), "web");
    assert_eq!(replay.requests().len(), 2);
}
