//! `aws.protocols#awsJson1_1`, in a hand-written model without the
//! `aws.api#service` trait.

use super::{body_text, response};
use fixture_json11::Config;
use fixture_json11::operation::ping::{Ping, PingError, PingInput};
use lean_runtime::operation::{Operation, OperationFailure};

#[test]
fn requests_carry_the_1_1_content_type_and_the_target() {
    let input = PingInput::builder().message("hi").build().unwrap();
    let request = Ping::serialize(&input).unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.headers()["content-type"],
        "application/x-amz-json-1.1"
    );
    assert_eq!(request.headers()["x-amz-target"], "Json11Service.Ping");
    assert_eq!(body_text(&request), r#"{"message":"hi"}"#);
    let output = Ping::deserialize(&response(200, r#"{"message": "pong"}"#)).unwrap();
    assert_eq!(output.message(), Some("pong"));
}

#[test]
fn errors_are_read_by_their_code_in_either_form() {
    let with_namespace = response(
        500,
        r#"{"__type": "fixture.json11#Boom", "message": "bang"}"#,
    );
    let mut from_header = response(500, r#"{"message": "bang"}"#);
    from_header.headers_mut().insert(
        "x-amzn-errortype",
        http::HeaderValue::from_static("Boom:http://internal.amazon.com/coral/fixture.json11/"),
    );
    for response in [with_namespace, from_header] {
        match Ping::deserialize(&response) {
            Err(OperationFailure::Service(PingError::Boom(boom))) => {
                assert_eq!(boom.message(), Some("bang"));
            }
            other => panic!("expected Boom, got {other:?}"),
        }
    }
}

/// Without `aws.api#service`, the endpoint prefix defaults as the trait's
/// `arnNamespace` does: the service shape's name, lower-cased.
#[test]
fn without_aws_service_the_endpoint_prefix_comes_from_the_service_name() {
    let config = Config::builder().region("eu-west-1").build();
    let endpoint = config.resolve_endpoint().unwrap();
    assert_eq!(
        endpoint.url(),
        "https://json11service.eu-west-1.amazonaws.com"
    );
}
