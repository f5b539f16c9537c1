//! Behaviour of the generated `proton` crate's awsJson1_0 serializer,
//! deserializer and error parsing, driven through the public `Operation`
//! implementation exactly as the orchestrator drives it.

// The model deprecates every Proton operation; these tests still drive them.
#![allow(deprecated)]

use bytes::Bytes;
use lean_runtime::operation::{Operation, OperationFailure};
use proton::error::{ClassifyError, ProvideErrorMetadata};
use proton::operation::cancel_component_deployment::{
    CancelComponentDeployment, CancelComponentDeploymentError, CancelComponentDeploymentInput,
    CancelComponentDeploymentOutput,
};
use proton::types::DeploymentStatus;

fn input(name: &str) -> CancelComponentDeploymentInput {
    CancelComponentDeploymentInput::builder()
        .component_name(name)
        .build()
        .expect("component name is set")
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Bytes> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(Bytes::from(body.to_owned()))
        .expect("valid response")
}

fn output(body: &str) -> CancelComponentDeploymentOutput {
    CancelComponentDeployment::deserialize(&response(200, &[], body)).expect("output parses")
}

fn error(status: u16, headers: &[(&str, &str)], body: &str) -> CancelComponentDeploymentError {
    match CancelComponentDeployment::deserialize(&response(status, headers, body)) {
        Err(OperationFailure::Service(e)) => e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

const FULL_COMPONENT: &str = r#"{"component": {
    "arn": "arn:aws:proton:us-east-1:123456789012:component/web",
    "createdAt": 1700000000.123,
    "deploymentStatus": "CANCELLING",
    "deploymentStatusMessage": "cancelling now",
    "description": "front end",
    "environmentName": "prod",
    "lastAttemptedDeploymentId": "8a7c0a8e-7c5a-4a5e-9c5b-2d6f1f7b8e90",
    "lastClientRequestToken": "token-1",
    "lastDeploymentAttemptedAt": 1.7e9,
    "lastDeploymentSucceededAt": 1.7E+09,
    "lastModifiedAt": 1700000001,
    "lastSucceededDeploymentId": "0b6c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4",
    "name": "web",
    "serviceInstanceName": "instance-1",
    "serviceName": "svc",
    "serviceSpec": "proton: ServiceSpec"
}}"#;

#[test]
fn request_is_an_awsjson_post_with_the_target_header() {
    let request = CancelComponentDeployment::serialize(&input("web")).unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri().path(), "/");
    assert_eq!(
        request.headers()["content-type"],
        "application/x-amz-json-1.0"
    );
    assert_eq!(
        request.headers()["x-amz-target"],
        "AwsProton20200720.CancelComponentDeployment"
    );
    assert_eq!(request.body().as_ref(), br#"{"componentName":"web"}"#);
}

#[test]
fn missing_required_member_fails_build_naming_it() {
    let err = CancelComponentDeploymentInput::builder()
        .build()
        .unwrap_err();
    assert_eq!(err.field(), Some("component_name"));
    assert!(err.to_string().contains("component_name"), "{err}");
}

#[test]
fn minimum_length_is_checked_before_sending_but_not_maximum_or_pattern() {
    let err = CancelComponentDeployment::serialize(&input("")).unwrap_err();
    assert_eq!(err.field(), Some("component_name"));
    assert!(err.to_string().contains("at least 1"), "{err}");
    // 200 characters and a pattern violation: the service decides.
    let long = "x".repeat(200);
    assert!(CancelComponentDeployment::serialize(&input(&long)).is_ok());
    assert!(CancelComponentDeployment::serialize(&input("-not-a-name")).is_ok());
}

#[test]
fn every_component_member_is_read() {
    let out = output(FULL_COMPONENT);
    let c = out.component();
    assert_eq!(c.name(), "web");
    assert_eq!(
        c.arn(),
        "arn:aws:proton:us-east-1:123456789012:component/web"
    );
    assert_eq!(c.environment_name(), "prod");
    assert_eq!(c.description(), Some("front end"));
    assert_eq!(c.service_name(), Some("svc"));
    assert_eq!(c.service_instance_name(), Some("instance-1"));
    assert_eq!(c.deployment_status(), &DeploymentStatus::Cancelling);
    assert_eq!(c.deployment_status_message(), Some("cancelling now"));
    assert_eq!(c.service_spec(), Some("proton: ServiceSpec"));
    assert_eq!(c.last_client_request_token(), Some("token-1"));
    assert_eq!(
        c.last_attempted_deployment_id(),
        Some("8a7c0a8e-7c5a-4a5e-9c5b-2d6f1f7b8e90")
    );
    assert_eq!(
        c.last_succeeded_deployment_id(),
        Some("0b6c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4")
    );
    assert_eq!(c.last_modified_at().secs(), 1_700_000_001);
}

#[test]
fn epoch_timestamps_are_exact_in_every_number_form() {
    let c = output(FULL_COMPONENT).component().clone();
    // 1700000000.123 is 123 ms exactly, not 122.999999 ms.
    assert_eq!(c.created_at().secs(), 1_700_000_000);
    assert_eq!(c.created_at().subsec_nanos(), 123_000_000);
    let attempted = c.last_deployment_attempted_at().unwrap();
    let succeeded = c.last_deployment_succeeded_at().unwrap();
    assert_eq!(
        (attempted.secs(), attempted.subsec_nanos()),
        (1_700_000_000, 0)
    );
    assert_eq!(
        (succeeded.secs(), succeeded.subsec_nanos()),
        (1_700_000_000, 0)
    );
}

#[test]
fn unknown_members_are_ignored_and_unknown_enum_values_kept() {
    let out = output(
        r#"{"newTopLevel": [1, {"a": null}], "component": {"name": "web", "arn": "a", "environmentName": "e",
            "createdAt": 1, "lastModifiedAt": 2, "deploymentStatus": "PAUSED", "futureMember": {"x": true}}}"#,
    );
    let status = out.component().deployment_status();
    assert_eq!(status.as_str(), "PAUSED");
    assert!(matches!(status, DeploymentStatus::Unknown(_)));
}

#[test]
fn null_optional_members_are_absent() {
    let out = output(
        r#"{"component": {"name": "web", "arn": "a", "environmentName": "e", "createdAt": 1,
            "lastModifiedAt": 2, "deploymentStatus": "FAILED", "description": null, "serviceName": null}}"#,
    );
    assert_eq!(out.component().description(), None);
    assert_eq!(out.component().service_name(), None);
}

#[test]
fn missing_required_members_get_zero_values() {
    let out = output(r#"{"component": {"name": "web"}}"#);
    let c = out.component();
    assert_eq!(c.name(), "web");
    assert_eq!(c.arn(), "");
    assert_eq!(c.created_at().secs(), 0);
    assert_eq!(c.deployment_status().as_str(), "");
    // A missing required structure is zeroed too, and so is an empty body.
    assert_eq!(output("{}").component().name(), "");
    assert_eq!(output("").component().name(), "");
}

#[test]
fn malformed_bodies_are_typed_errors() {
    for body in [
        "not json",
        r#"{"component": "a string"}"#,
        r#"{"component": {"name": 5}}"#,
        r#"{"component": {"createdAt": "yesterday"}}"#,
        r#"{"component": {"name": "x"}"#,
        r#"{"component": {}} trailing"#,
        "<html><body>200 OK</body></html>",
    ] {
        match CancelComponentDeployment::deserialize(&response(200, &[], body)) {
            Err(OperationFailure::Unparseable(_)) => {}
            other => panic!("{body:?} gave {other:?}"),
        }
    }
}

#[test]
fn each_modelled_error_is_its_variant() {
    let cases = [
        ("AccessDeniedException", 403),
        ("ConflictException", 409),
        ("InternalServerException", 500),
        ("ResourceNotFoundException", 404),
        ("ThrottlingException", 429),
        ("ValidationException", 400),
    ];
    for (code, status) in cases {
        let body = format!(r#"{{"__type": "com.amazonaws.proton#{code}", "message": "because"}}"#);
        let e = error(status, &[("x-amzn-requestid", "req-42")], &body);
        assert_eq!(e.code(), Some(code));
        assert_eq!(e.message(), Some("because"));
        assert_eq!(e.request_id(), Some("req-42"));
        // Proton's error messages are `@sensitive`.
        assert_eq!(
            e.to_string(),
            format!("{code}: *** Sensitive Data Redacted ***")
        );
        let expected_variant = match &e {
            CancelComponentDeploymentError::AccessDeniedException(_) => "AccessDeniedException",
            CancelComponentDeploymentError::ConflictException(_) => "ConflictException",
            CancelComponentDeploymentError::InternalServerException(_) => "InternalServerException",
            CancelComponentDeploymentError::ResourceNotFoundException(_) => {
                "ResourceNotFoundException"
            }
            CancelComponentDeploymentError::ThrottlingException(_) => "ThrottlingException",
            CancelComponentDeploymentError::ValidationException(_) => "ValidationException",
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(expected_variant, code);
    }
}

#[test]
fn retryable_and_throttling_come_from_the_model() {
    let internal = error(
        500,
        &[],
        r#"{"__type": "InternalServerException", "message": "m"}"#,
    );
    assert!(internal.is_retryable());
    assert!(!internal.is_throttling());
    let throttled = error(
        429,
        &[],
        r#"{"__type": "ThrottlingException", "message": "m"}"#,
    );
    assert!(throttled.is_retryable());
    assert!(throttled.is_throttling());
    let denied = error(
        403,
        &[],
        r#"{"__type": "AccessDeniedException", "message": "m"}"#,
    );
    assert!(!denied.is_retryable());
    assert!(denied.is_access_denied_exception());
}

#[test]
fn error_code_sources_in_protocol_order() {
    // Header first, then the body's `code`, then `__type`.
    let e = error(
        400,
        &[(
            "x-amzn-errortype",
            "ValidationException:http://internal.amazon.com/",
        )],
        r#"{"code": "ConflictException", "__type": "AccessDeniedException", "message": "m"}"#,
    );
    assert_eq!(e.code(), Some("ValidationException"));
    let e = error(
        400,
        &[],
        r#"{"code": "ConflictException", "__type": "AccessDeniedException"}"#,
    );
    assert_eq!(e.code(), Some("ConflictException"));
    let e = error(
        400,
        &[],
        r#"{"__type": "aws.protocoltests#ValidationException:http://internal/", "Message": "capital"}"#,
    );
    assert_eq!(e.code(), Some("ValidationException"));
    assert_eq!(e.message(), Some("capital"));
}

#[test]
fn unknown_errors_keep_code_message_status_and_request_id() {
    let e = error(
        418,
        &[("x-amzn-requestid", "abc")],
        r#"{"__type": "TeapotException", "message": "short and stout"}"#,
    );
    let CancelComponentDeploymentError::Unhandled(unhandled) = &e else {
        panic!("expected Unhandled, got {e:?}");
    };
    assert_eq!(unhandled.code(), Some("TeapotException"));
    assert_eq!(unhandled.message(), Some("short and stout"));
    assert_eq!(unhandled.status(), Some(418));
    assert_eq!(unhandled.request_id(), Some("abc"));
    // An HTML error page still gives a status and no invented code.
    let e = error(503, &[], "<html>Service Unavailable</html>");
    assert_eq!(e.code(), None);
    assert_eq!(e.meta().status(), Some(503));
}

#[test]
fn debug_and_display_redact_sensitive_members_accessors_do_not() {
    let out = output(FULL_COMPONENT);
    let debug = format!("{out:?}");
    for secret in ["front end", "proton: ServiceSpec", "cancelling now"] {
        assert!(!debug.contains(secret), "{secret} leaked: {debug}");
    }
    assert!(debug.contains("web"), "{debug}");
    let e = error(
        404,
        &[],
        r#"{"__type": "ResourceNotFoundException", "message": "secret-ish"}"#,
    );
    assert!(!format!("{e:?}").contains("secret-ish"));
    assert!(!e.to_string().contains("secret-ish"));
    assert_eq!(e.message(), Some("secret-ish"));
}

#[test]
fn deployment_status_is_a_forward_compatible_enum() {
    assert_eq!(DeploymentStatus::values().len(), 8);
    for value in DeploymentStatus::values() {
        let parsed: DeploymentStatus = value.parse().unwrap();
        assert_eq!(parsed.as_str(), *value);
        assert_eq!(parsed.to_string(), *value);
        assert!(!matches!(parsed, DeploymentStatus::Unknown(_)));
    }
    assert_eq!(
        DeploymentStatus::from("IN_PROGRESS"),
        DeploymentStatus::InProgress
    );
    let future = DeploymentStatus::from("ROLLING_BACK");
    assert_eq!(future.as_str(), "ROLLING_BACK");
}
