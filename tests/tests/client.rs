//! The generated `proton` client end to end, as a user calls it:
//! `Config` → `Client` → `cancel_component_deployment()...send()`.
//!
//! Most tests talk to a real HTTP server on 127.0.0.1 ([`TestServer`]) and
//! check what arrived on the wire, recomputing the SigV4 signature
//! independently. Tests of backoff and of the retry quota run on Tokio's
//! paused clock through a [`ReplayTransport`] (a real socket and a paused
//! clock do not mix: the clock jumps ahead while the socket waits). The last
//! section tests code a user might write, with the replay transport, the
//! way a user would.

// The model deprecates Proton's operations (no new customers); calling them
// is the point here.
#![allow(deprecated)]

use bytes::Bytes;
use generator_tests::server::{ReceivedRequest, Reply, TestServer};
use lean_runtime::auth::BoxFuture;
use lean_runtime::credentials::{Credentials, ProvideCredentials};
use lean_runtime::env::Env;
use lean_runtime::operation::{HttpRequest, HttpResponse};
use lean_runtime::retry::RetryConfig;
use lean_runtime::timeout::TimeoutConfig;
use lean_runtime::transport::{HttpTransport, ReplayEvent, ReplayTransport, TransportError};
use proton::error::{ProvideErrorMetadata, SdkError};
use proton::operation::cancel_component_deployment::{
    CancelComponentDeploymentError, CancelComponentDeploymentOutput,
};
use proton::types::{Component, DeploymentStatus};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";
const REGION: &str = "eu-west-1";
const TARGET: &str = "AwsProton20200720.CancelComponentDeployment";

type CallResult = Result<CancelComponentDeploymentOutput, SdkError<CancelComponentDeploymentError>>;

/// The smallest valid output: the required members of `component`.
const MINIMAL_OUTPUT: &str = r#"{"component":{"arn":"arn:aws:proton:eu-west-1:123456789012:component/my-component","createdAt":1700000000,"deploymentStatus":"CANCELLING","environmentName":"prod","lastModifiedAt":1700000000,"name":"my-component"}}"#;

/// Every member of `Component`.
const FULL_OUTPUT: &str = r#"{"component":{
    "arn": "arn:aws:proton:eu-west-1:123456789012:component/my-component",
    "createdAt": 1700000000.123,
    "deploymentStatus": "CANCELLING",
    "deploymentStatusMessage": "cancelling now",
    "description": "front end",
    "environmentName": "prod",
    "lastAttemptedDeploymentId": "8a7c0a8e-7c5a-4a5e-9c5b-2d6f1f7b8e90",
    "lastClientRequestToken": "token-1",
    "lastDeploymentAttemptedAt": 1700000002.5,
    "lastDeploymentSucceededAt": 1699999999,
    "lastModifiedAt": 1700000001,
    "lastSucceededDeploymentId": "0b6c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4",
    "name": "my-component",
    "serviceInstanceName": "instance-1",
    "serviceName": "svc",
    "serviceSpec": "proton: ServiceSpec"
}}"#;

fn static_credentials(session_token: Option<&str>) -> Credentials {
    Credentials::new(
        ACCESS_KEY,
        SECRET_KEY,
        session_token.map(str::to_owned),
        None,
        "test",
    )
}

/// A configuration for `endpoint` with static credentials, the test region
/// and retries that back off by a millisecond (real-time tests stay quick).
fn config(endpoint: &str) -> proton::config::ConfigBuilder {
    proton::Config::builder()
        .region(REGION)
        .credentials_provider(static_credentials(None))
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
}

async fn cancel(client: &proton::Client) -> CallResult {
    client
        .cancel_component_deployment()
        .component_name("my-component")
        .send()
        .await
}

async fn start_server(replies: impl IntoIterator<Item = Reply>) -> TestServer {
    TestServer::start(replies)
        .await
        .expect("the test server starts")
}

#[track_caller]
fn assert_signed(request: &ReceivedRequest, region: &str) {
    if let Err(problem) = request.verify_signature(SECRET_KEY, region, "proton") {
        panic!("bad signature: {problem}\n{request:#?}");
    }
}

fn signed_headers(request: &ReceivedRequest) -> Vec<String> {
    let authorization = request.header("authorization").expect("authorization");
    generator_tests::sigv4::parse_authorization(authorization)
        .expect("a SigV4 authorization header")
        .signed_headers
}

fn is_version(text: &str) -> bool {
    let numbers: Vec<&str> = text.split('.').collect();
    numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| {
            g.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

// ---------------------------------------------------------------------------
// On the wire
// ---------------------------------------------------------------------------

#[tokio::test]
async fn sends_a_signed_awsjson_request() {
    let server = start_server([Reply::json(200, MINIMAL_OUTPUT)]).await;
    let client = proton::Client::new(&config(&server.url()).build());
    let output = cancel(&client).await.expect("success");
    assert_eq!(output.component().name(), "my-component");

    let [request] = &server.requests()[..] else {
        panic!("expected one request, got {:#?}", server.requests());
    };
    assert_eq!(request.method, "POST");
    assert_eq!(request.path_and_query, "/");
    assert_eq!(request.body_text(), r#"{"componentName":"my-component"}"#);
    assert_eq!(
        request.header("content-type"),
        Some("application/x-amz-json-1.0")
    );
    assert_eq!(request.header("x-amz-target"), Some(TARGET));
    assert_eq!(
        request.header("host"),
        Some(server.addr().to_string().as_str())
    );
    assert_eq!(request.header("content-length"), Some("32"));
    assert_eq!(request.header("amz-sdk-request"), Some("attempt=1; max=3"));
    let invocation_id = request
        .header("amz-sdk-invocation-id")
        .expect("invocation id");
    assert!(is_uuid_v4(invocation_id), "{invocation_id}");
    let user_agent = request.header("user-agent").expect("user agent");
    // `proton/<version> lean-runtime/<version> os/<os> lang/rust`.
    let parts: Vec<&str> = user_agent.split(' ').collect();
    assert!(
        parts.len() == 4
            && parts[0].strip_prefix("proton/").is_some_and(is_version)
            && parts[1]
                .strip_prefix("lean-runtime/")
                .is_some_and(is_version)
            && parts[2] == format!("os/{}", std::env::consts::OS)
            && parts[3] == "lang/rust",
        "{user_agent}"
    );
    assert_eq!(request.header("x-amz-user-agent"), Some(user_agent));
    assert_eq!(request.header("x-amz-security-token"), None);

    assert_signed(request, REGION);
    let signed = signed_headers(request);
    for name in ["content-type", "host", "x-amz-date", "x-amz-target"] {
        assert!(signed.iter().any(|s| s == name), "{name} not in {signed:?}");
    }
    let authorization = request.header("authorization").expect("authorization");
    assert!(
        authorization.starts_with(&format!("AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/")),
        "{authorization}"
    );
    assert!(
        authorization.contains(&format!("/{REGION}/proton/aws4_request")),
        "{authorization}"
    );
}

#[tokio::test]
async fn a_session_token_is_sent_and_signed() {
    let server = start_server([Reply::json(200, MINIMAL_OUTPUT)]).await;
    let config = config(&server.url())
        .credentials_provider(static_credentials(Some(SESSION_TOKEN)))
        .build();
    cancel(&proton::Client::new(&config))
        .await
        .expect("success");
    let request = &server.requests()[0];
    assert_eq!(request.header("x-amz-security-token"), Some(SESSION_TOKEN));
    assert!(
        signed_headers(request)
            .iter()
            .any(|h| h == "x-amz-security-token")
    );
    assert_signed(request, REGION);
}

#[tokio::test]
async fn every_component_member_is_returned() {
    let server = start_server([Reply::json(200, FULL_OUTPUT)]).await;
    let output = cancel(&proton::Client::new(&config(&server.url()).build()))
        .await
        .expect("success");
    let expected = Component::builder()
        .arn("arn:aws:proton:eu-west-1:123456789012:component/my-component")
        .created_at(proton::primitives::DateTime::from_millis(1_700_000_000_123))
        .deployment_status(DeploymentStatus::Cancelling)
        .deployment_status_message("cancelling now")
        .description("front end")
        .environment_name("prod")
        .last_attempted_deployment_id("8a7c0a8e-7c5a-4a5e-9c5b-2d6f1f7b8e90")
        .last_client_request_token("token-1")
        .last_deployment_attempted_at(proton::primitives::DateTime::from_millis(1_700_000_002_500))
        .last_deployment_succeeded_at(proton::primitives::DateTime::from_secs(1_699_999_999))
        .last_modified_at(proton::primitives::DateTime::from_secs(1_700_000_001))
        .last_succeeded_deployment_id("0b6c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4")
        .name("my-component")
        .service_instance_name("instance-1")
        .service_name("svc")
        .service_spec("proton: ServiceSpec")
        .build()
        .expect("every required member is set");
    assert_eq!(output.component(), &expected);
    // `@sensitive` members stay out of Debug output.
    let debug = format!("{output:?}");
    assert!(!debug.contains("proton: ServiceSpec"), "{debug}");
    assert!(!debug.contains("front end"), "{debug}");
}

// ---------------------------------------------------------------------------
// Service errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn each_modelled_error_is_its_variant_with_code_and_message() {
    type IsVariant = fn(&CancelComponentDeploymentError) -> bool;
    let cases: [(&str, u16, IsVariant); 6] = [
        (
            "AccessDeniedException",
            403,
            CancelComponentDeploymentError::is_access_denied_exception,
        ),
        (
            "ConflictException",
            409,
            CancelComponentDeploymentError::is_conflict_exception,
        ),
        (
            "InternalServerException",
            500,
            CancelComponentDeploymentError::is_internal_server_exception,
        ),
        (
            "ResourceNotFoundException",
            404,
            CancelComponentDeploymentError::is_resource_not_found_exception,
        ),
        (
            "ThrottlingException",
            429,
            CancelComponentDeploymentError::is_throttling_exception,
        ),
        (
            "ValidationException",
            400,
            CancelComponentDeploymentError::is_validation_exception,
        ),
    ];
    for (code, status, is_variant) in cases {
        let message = format!("{code} happened");
        let server = start_server([Reply::error(status, code, &message)]).await;
        let config = config(&server.url())
            .retry_config(RetryConfig::disabled())
            .build();
        let result = cancel(&proton::Client::new(&config)).await;
        let error = result.expect_err(code);

        // Proton's model marks error messages `@sensitive`: `Display`
        // redacts them, the accessor still gives them.
        assert_eq!(
            error.to_string(),
            format!("{code}: *** Sensitive Data Redacted ***")
        );
        assert_eq!(error.code(), Some(code));
        assert_eq!(error.message(), Some(message.as_str()));
        assert_eq!(
            error.raw_response().map(|r| r.status().as_u16()),
            Some(status)
        );
        let service = error.as_service_error().expect("a service error");
        assert!(is_variant(service), "{code}: {service:?}");
        assert_eq!(
            service.request_id(),
            Some(format!("req-{status}-test").as_str())
        );
        assert_eq!(service.meta().status(), Some(status), "{code}");
        let owned = error.into_service_error();
        assert!(is_variant(&owned), "{code}: {owned:?}");
        assert_eq!(server.requests().len(), 1, "{code} with retries disabled");
    }
}

#[tokio::test]
async fn an_unknown_error_is_unhandled_with_code_message_and_status() {
    let server = start_server([Reply::error(400, "BrandNewException", "something new")]).await;
    let error = cancel(&proton::Client::new(&config(&server.url()).build()))
        .await
        .expect_err("an error");
    assert_eq!(
        error.to_string(),
        "BrandNewException: something new (HTTP 400, request id req-400-test)"
    );
    match error.into_service_error() {
        CancelComponentDeploymentError::Unhandled(unhandled) => {
            assert_eq!(unhandled.code(), Some("BrandNewException"));
            assert_eq!(unhandled.message(), Some("something new"));
            assert_eq!(unhandled.status(), Some(400));
        }
        other => panic!("expected Unhandled, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1, "an unknown 400 is not retried");
}

#[tokio::test]
async fn throttling_then_success_retries_the_same_invocation() {
    let server = start_server([
        Reply::error(400, "ThrottlingException", "slow down"),
        Reply::error(500, "InternalServerException", "oops"),
        Reply::json(200, MINIMAL_OUTPUT),
    ])
    .await;
    cancel(&proton::Client::new(&config(&server.url()).build()))
        .await
        .expect("the third attempt succeeds");
    let requests = server.requests();
    let progress: Vec<_> = requests
        .iter()
        .map(|r| r.header("amz-sdk-request"))
        .collect();
    assert_eq!(
        progress,
        [
            Some("attempt=1; max=3"),
            Some("attempt=2; max=3"),
            Some("attempt=3; max=3")
        ]
    );
    let ids: Vec<_> = requests
        .iter()
        .map(|r| r.header("amz-sdk-invocation-id"))
        .collect();
    assert!(ids[0].is_some_and(is_uuid_v4), "{ids:?}");
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "one id per operation: {ids:?}"
    );
    for request in &requests {
        // Each attempt is signed again (and the signature covers the new
        // `amz-sdk-request` value since every header but the user agent is signed).
        assert_signed(request, REGION);
        assert_eq!(request.body_text(), r#"{"componentName":"my-component"}"#);
    }

    // A second operation gets a new invocation id.
    let server = start_server([
        Reply::json(200, MINIMAL_OUTPUT),
        Reply::json(200, MINIMAL_OUTPUT),
    ])
    .await;
    let client = proton::Client::new(&config(&server.url()).build());
    cancel(&client).await.expect("success");
    cancel(&client).await.expect("success");
    let requests = server.requests();
    assert_ne!(
        requests[0].header("amz-sdk-invocation-id"),
        requests[1].header("amz-sdk-invocation-id")
    );
}

#[tokio::test]
async fn retries_stop_after_three_attempts() {
    let throttled = Reply::error(400, "ThrottlingException", "slow down");
    let server = start_server([throttled.clone(), throttled.clone(), throttled]).await;
    let error = cancel(&proton::Client::new(&config(&server.url()).build()))
        .await
        .expect_err("throttled three times");
    assert!(
        error
            .as_service_error()
            .is_some_and(|e| e.is_throttling_exception()),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.remaining(), 0);
}

// ---------------------------------------------------------------------------
// Other failures: unreadable responses, invalid input, timeouts, connections
// ---------------------------------------------------------------------------

#[tokio::test]
async fn an_unparseable_response_is_a_response_error() {
    let server = start_server([Reply::json(200, "this is not json")]).await;
    let error = cancel(&proton::Client::new(&config(&server.url()).build()))
        .await
        .expect_err("unparseable");
    assert!(matches!(error, SdkError::ResponseError(_)), "{error:?}");
    let text = error.to_string();
    assert!(
        text.starts_with("failed to read response (HTTP 200): "),
        "{text}"
    );
    assert_eq!(
        error.raw_response().map(|r| r.body().as_ref()),
        Some(b"this is not json".as_slice())
    );
    assert!(error.as_service_error().is_none());
    assert_eq!(
        server.requests().len(),
        1,
        "a 200 that cannot be read is not retried"
    );

    // A 200 whose JSON lacks nothing but has the wrong type.
    let server = start_server([Reply::json(200, r#"{"component":"web"}"#)]).await;
    let error = cancel(&proton::Client::new(&config(&server.url()).build()))
        .await
        .expect_err("unparseable");
    assert!(matches!(error, SdkError::ResponseError(_)), "{error:?}");
}

#[tokio::test]
async fn invalid_input_fails_before_anything_is_sent() {
    let server = start_server([]).await;
    let client = proton::Client::new(&config(&server.url()).build());

    let missing = client
        .cancel_component_deployment()
        .send()
        .await
        .expect_err("component name is required");
    let SdkError::ConstructionFailure(failure) = &missing else {
        panic!("expected a construction failure, got {missing:?}");
    };
    let build = failure.build_error().expect("a build error");
    assert_eq!(build.field(), Some("component_name"));
    assert!(build.is_missing_field());
    assert!(
        missing.to_string().contains("`component_name`"),
        "{missing}"
    );

    let empty = client
        .cancel_component_deployment()
        .component_name("")
        .send()
        .await
        .expect_err("too short");
    let SdkError::ConstructionFailure(failure) = &empty else {
        panic!("expected a construction failure, got {empty:?}");
    };
    assert_eq!(
        failure.build_error().and_then(|b| b.field()),
        Some("component_name")
    );
    assert!(empty.to_string().contains("at least 1"), "{empty}");

    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[tokio::test]
async fn missing_credentials_or_region_fail_before_anything_is_sent() {
    let server = start_server([]).await;
    let no_credentials = proton::Config::builder()
        .region(REGION)
        .endpoint_url(server.url())
        .build();
    let error = cancel(&proton::Client::new(&no_credentials))
        .await
        .expect_err("no credentials");
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("no credentials"), "{error}");

    let no_region = proton::Config::builder()
        .credentials_provider(static_credentials(None))
        .endpoint_url(server.url())
        .build();
    let error = cancel(&proton::Client::new(&no_region))
        .await
        .expect_err("no region");
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("no region"), "{error}");

    // Without an endpoint URL the region is needed to resolve one too.
    let nothing = proton::Config::builder()
        .credentials_provider(static_credentials(None))
        .build();
    let error = cancel(&proton::Client::new(&nothing))
        .await
        .expect_err("no region");
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("Region"), "{error}");

    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[tokio::test]
async fn an_attempt_that_gets_no_answer_times_out_and_is_retried() {
    let server = start_server([Reply::Hang, Reply::Hang]).await;
    let config = config(&server.url())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .timeout_config(TimeoutConfig::new().with_attempt_timeout(Duration::from_millis(100)))
        .build();
    let error = cancel(&proton::Client::new(&config))
        .await
        .expect_err("no answer");
    assert!(matches!(error, SdkError::TimeoutError(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("request timed out: "),
        "{error}"
    );
    assert_eq!(server.requests().len(), 2, "timeouts are retried");
}

#[tokio::test]
async fn a_refused_connection_is_a_dispatch_failure() {
    // A port that was just free: nothing listens on it any more.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let config = config(&format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .build();
    let error = cancel(&proton::Client::new(&config))
        .await
        .expect_err("refused");
    assert!(matches!(error, SdkError::DispatchFailure(_)), "{error:?}");
    let text = error.to_string();
    assert!(text.starts_with("failed to send request: "), "{text}");
    assert!(text.contains("127.0.0.1"), "{text}");
    // `into_service_error` still gives one enum to match on.
    let unhandled = error.into_service_error();
    assert!(
        matches!(unhandled, CancelComponentDeploymentError::Unhandled(_)),
        "{unhandled:?}"
    );
    assert_eq!(unhandled.code(), None);
}

// ---------------------------------------------------------------------------
// Configuration from the environment and the shared files
// ---------------------------------------------------------------------------

/// Variables that keep the developer's own `~/.aws` out of a test.
fn isolated(dir: &Path, vars: &[(&str, &str)]) -> Env {
    let mut all = vec![
        (
            "AWS_CONFIG_FILE".to_owned(),
            dir.join("config").display().to_string(),
        ),
        (
            "AWS_SHARED_CREDENTIALS_FILE".to_owned(),
            dir.join("credentials").display().to_string(),
        ),
        ("HOME".to_owned(), dir.display().to_string()),
    ];
    all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    Env::from_vars(all)
}

#[tokio::test]
async fn credentials_region_and_endpoint_from_environment_variables() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = start_server([Reply::json(200, MINIMAL_OUTPUT)]).await;
    let env = isolated(
        dir.path(),
        &[
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
            ("AWS_SESSION_TOKEN", SESSION_TOKEN),
            ("AWS_REGION", "ca-central-1"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
            ("AWS_ENDPOINT_URL_PROTON", &server.url()),
            // Loses to the service-specific variable.
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        ],
    );
    let config = proton::Config::from_env_with(env).await.expect("config");
    assert_eq!(config.region().map(|r| r.as_ref()), Some("ca-central-1"));
    cancel(&proton::Client::new(&config))
        .await
        .expect("success");
    let request = &server.requests()[0];
    assert_signed(request, "ca-central-1");
    assert_eq!(request.header("x-amz-security-token"), Some(SESSION_TOKEN));
}

#[tokio::test]
async fn credentials_and_region_from_the_selected_profile() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("credentials"),
        format!(
            "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = not-this-one\n\n\
             [dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = {SECRET_KEY}\n"
        ),
    )
    .expect("write credentials");
    std::fs::write(
        dir.path().join("config"),
        "[default]\nregion = us-east-1\n\n[profile dev]\nregion = ap-south-1\n",
    )
    .expect("write config");
    let server = start_server([Reply::json(200, MINIMAL_OUTPUT)]).await;
    let env = isolated(
        dir.path(),
        &[("AWS_PROFILE", "dev"), ("AWS_ENDPOINT_URL", &server.url())],
    );
    let config = proton::Config::from_env_with(env).await.expect("config");
    assert_eq!(config.region().map(|r| r.as_ref()), Some("ap-south-1"));
    cancel(&proton::Client::new(&config))
        .await
        .expect("success");
    let request = &server.requests()[0];
    assert_signed(request, "ap-south-1");
    let authorization = request.header("authorization").expect("authorization");
    assert!(
        authorization.contains("Credential=AKIDDEV/"),
        "{authorization}"
    );

    // Environment variables come before the profile, for both.
    let env = isolated(
        dir.path(),
        &[
            ("AWS_PROFILE", "dev"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ],
    );
    let config = proton::Config::from_env_with(env).await.expect("config");
    assert_eq!(config.region().map(|r| r.as_ref()), Some("us-west-2"));
    let credentials = config
        .credentials_provider()
        .expect("a provider")
        .provide_credentials()
        .await
        .expect("credentials");
    assert_eq!(credentials.access_key_id(), "AKIDENV");
}

#[tokio::test]
async fn explicit_settings_win_over_the_environment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = start_server([Reply::json(200, MINIMAL_OUTPUT)]).await;
    let env = isolated(
        dir.path(),
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "not-the-secret"),
            ("AWS_REGION", "us-west-2"),
            ("AWS_ENDPOINT_URL_PROTON", "http://127.0.0.1:9"),
        ],
    );
    let config = proton::Config::builder()
        .region(REGION)
        .credentials_provider(static_credentials(None))
        .endpoint_url(server.url())
        .load_env(env)
        .expect("config")
        .build();
    cancel(&proton::Client::new(&config))
        .await
        .expect("success");
    assert_signed(&server.requests()[0], REGION);
}

#[tokio::test]
async fn secrets_never_reach_debug_output_or_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let env = isolated(
        dir.path(),
        &[
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
            ("AWS_SESSION_TOKEN", SESSION_TOKEN),
            ("AWS_REGION", REGION),
        ],
    );
    let from_env = proton::Config::from_env_with(env).await.expect("config");
    let built = config("http://127.0.0.1:9")
        .credentials_provider(static_credentials(Some(SESSION_TOKEN)))
        .build();
    for config in [from_env, built] {
        // Nothing listens on port 9: the call fails after loading (and
        // caching) the credentials, so their Debug output is covered too.
        let config = config
            .to_builder()
            .endpoint_url("http://127.0.0.1:9")
            .retry_config(RetryConfig::disabled())
            .build();
        let client = proton::Client::new(&config);
        let error = cancel(&client).await.expect_err("nothing listens");
        assert!(matches!(error, SdkError::DispatchFailure(_)), "{error:?}");
        for text in [
            format!("{config:?}"),
            format!("{client:?}"),
            format!("{error:?}"),
            error.to_string(),
        ] {
            assert!(!text.contains(SECRET_KEY), "{text}");
            assert!(!text.contains(SESSION_TOKEN), "{text}");
        }
    }
}

// ---------------------------------------------------------------------------
// Backoff and the retry quota, on a paused clock
// ---------------------------------------------------------------------------

/// A transport that notes when each request is sent (on Tokio's clock,
/// paused in these tests) and answers through a replay.
#[derive(Clone, Debug)]
struct Clocked {
    replay: ReplayTransport,
    sent_at: Arc<Mutex<Vec<Instant>>>,
}

impl Clocked {
    fn new(replay: ReplayTransport) -> Self {
        Self {
            replay,
            sent_at: Arc::default(),
        }
    }

    fn sent_at(&self) -> Vec<Instant> {
        self.sent_at.lock().expect("not poisoned").clone()
    }
}

impl HttpTransport for Clocked {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sent_at
            .lock()
            .expect("not poisoned")
            .push(Instant::now());
        self.replay.send(request)
    }
}

fn response(status: u16, body: &str) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/x-amz-json-1.0")
        .body(Bytes::from(body.to_owned()))
        .expect("a valid response")
}

fn throttled() -> HttpResponse {
    response(
        400,
        r#"{"__type":"ThrottlingException","message":"slow down"}"#,
    )
}

/// A configuration sending through `transport` with the default retry and
/// timeout settings.
fn replay_config(transport: impl HttpTransport + 'static) -> proton::Config {
    proton::Config::builder()
        .region(REGION)
        .credentials_provider(static_credentials(None))
        .http_transport(transport)
        .build()
}

#[tokio::test(start_paused = true)]
async fn throttled_attempts_back_off_exponentially_with_jitter() {
    let transport = Clocked::new(ReplayTransport::from_responses([
        throttled(),
        throttled(),
        response(200, MINIMAL_OUTPUT),
    ]));
    let client = proton::Client::new(&replay_config(transport.clone()));
    let start = Instant::now();
    cancel(&client).await.expect("the third attempt succeeds");
    let sent_at = transport.sent_at();
    let [first, second, third] = sent_at[..] else {
        panic!("expected three attempts, got {sent_at:?}");
    };
    assert_eq!(first, start, "the first attempt is not delayed");
    // Full jitter: a random part of 1 s, then of 2 s. Zero would mean no
    // backoff at all; the odds of drawing it are 1 in 2^53.
    let waits = [second - first, third - second];
    assert!(
        waits[0] > Duration::ZERO && waits[0] <= Duration::from_secs(1),
        "{waits:?}"
    );
    assert!(
        waits[1] > Duration::ZERO && waits[1] <= Duration::from_secs(2),
        "{waits:?}"
    );
    let progress: Vec<_> = transport
        .replay
        .requests()
        .iter()
        .map(|r| r.headers()["amz-sdk-request"].clone())
        .collect();
    assert_eq!(
        progress,
        ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]
    );
}

#[tokio::test(start_paused = true)]
async fn the_retry_quota_runs_out_and_then_nothing_is_retried() {
    // 500 tokens at 5 per retry: 100 retries, then the quota is empty.
    let transport = ReplayTransport::from_responses((0..102).map(|_| throttled()));
    let config = replay_config(transport.clone())
        .to_builder()
        .retry_config(RetryConfig::standard().with_max_attempts(1000))
        .build();
    let client = proton::Client::new(&config);
    let error = cancel(&client)
        .await
        .expect_err("throttled until the quota is empty");
    assert!(
        error
            .as_service_error()
            .is_some_and(|e| e.is_throttling_exception()),
        "{error:?}"
    );
    let requests = transport.requests();
    assert_eq!(requests.len(), 101, "the first attempt and 100 retries");
    assert_eq!(
        requests[100].headers()["amz-sdk-request"],
        "attempt=101; max=1000"
    );

    // The quota is the client's: the next call is not retried either.
    cancel(&client).await.expect_err("throttled");
    assert_eq!(transport.requests().len(), 102);
    assert_eq!(transport.remaining(), 0);

    // A new client has a full quota.
    let fresh = ReplayTransport::from_responses([throttled(), response(200, MINIMAL_OUTPUT)]);
    cancel(&proton::Client::new(&replay_config(fresh.clone())))
        .await
        .expect("retried once");
    assert_eq!(fresh.requests().len(), 2);
}

/// A transport whose requests are never answered.
#[derive(Debug)]
struct Silent;

impl HttpTransport for Silent {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test(start_paused = true)]
async fn the_operation_timeout_bounds_every_attempt_and_backoff() {
    let config = replay_config(Silent)
        .to_builder()
        .timeout_config(
            TimeoutConfig::new()
                .with_attempt_timeout(Duration::from_secs(2))
                .with_operation_timeout(Duration::from_secs(5)),
        )
        .build();
    let start = Instant::now();
    let error = cancel(&proton::Client::new(&config))
        .await
        .expect_err("no answer");
    assert!(matches!(error, SdkError::TimeoutError(_)), "{error:?}");
    assert_eq!(Instant::now() - start, Duration::from_secs(5));
    let text = error.to_string();
    assert!(text.contains("operation"), "{text}");
}

// ---------------------------------------------------------------------------
// Testing your own code with the replay transport
// ---------------------------------------------------------------------------

/// Code a user of the crate might write, taking the client by reference.
async fn cancel_if_present(client: &proton::Client, name: &str) -> Result<String, String> {
    match client
        .cancel_component_deployment()
        .component_name(name)
        .send()
        .await
    {
        Ok(output) => Ok(format!(
            "{} is {}",
            output.component().name(),
            output.component().deployment_status().as_str()
        )),
        Err(error) => match error.into_service_error() {
            CancelComponentDeploymentError::ResourceNotFoundException(_) => {
                Ok(format!("{name} does not exist"))
            }
            other => Err(other.to_string()),
        },
    }
}

#[tokio::test]
async fn user_code_is_tested_with_canned_responses() {
    let expected_request = http::Request::post("https://proton.eu-west-1.amazonaws.com/")
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", TARGET)
        .header("content-length", "32")
        .header("host", "proton.eu-west-1.amazonaws.com")
        .body(Bytes::from_static(br#"{"componentName":"my-component"}"#))
        .expect("a valid request");
    let replay = ReplayTransport::new([
        ReplayEvent::response(response(200, MINIMAL_OUTPUT)).expecting(expected_request),
        ReplayEvent::response(response(
            400,
            r#"{"__type":"ResourceNotFoundException","message":"no such component"}"#,
        )),
        ReplayEvent::response(response(
            403,
            r#"{"__type":"AccessDeniedException","message":"not allowed"}"#,
        )),
    ]);
    let config = proton::Config::builder()
        .region(REGION)
        .credentials_provider(static_credentials(None))
        .http_transport(replay.clone())
        .build();
    let client = proton::Client::new(&config);

    assert_eq!(
        cancel_if_present(&client, "my-component").await,
        Ok("my-component is CANCELLING".to_owned())
    );
    assert_eq!(
        cancel_if_present(&client, "gone").await,
        Ok("gone does not exist".to_owned())
    );
    assert_eq!(
        cancel_if_present(&client, "secret").await,
        Err("AccessDeniedException: *** Sensitive Data Redacted ***".to_owned())
    );
    // What changes on every run is left out of the comparison.
    replay.assert_requests_match(&[
        "authorization",
        "x-amz-date",
        "amz-sdk-invocation-id",
        "amz-sdk-request",
        "user-agent",
        "x-amz-user-agent",
    ]);
    let names: Vec<String> = replay
        .requests()
        .iter()
        .map(|r| String::from_utf8_lossy(r.body()).into_owned())
        .collect();
    assert_eq!(
        names,
        [
            r#"{"componentName":"my-component"}"#,
            r#"{"componentName":"gone"}"#,
            r#"{"componentName":"secret"}"#
        ]
    );
}
