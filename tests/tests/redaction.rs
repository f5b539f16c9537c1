//! `Debug` output never shows a `@sensitive` value or a credential: not
//! for generated inputs, outputs and errors (whichever way an error was
//! read), not for `SdkError`s and the raw responses they keep, and not for
//! the configuration, credentials providers, signer, client handle or
//! client.
//!
//! Generated values are built from the model (see
//! `generator_tests::wire_json::Shapes::marked_document`): every member set
//! to a unique value, so the test knows exactly which strings must not
//! appear, for every type of proton and the fixtures.

// Every Proton operation is deprecated in the model; these tests exercise
// them on purpose.
#![allow(deprecated)]

use generator::ir::StructKind;
use generator_tests::wire_json::{Marks, Shapes};
use lean_runtime::aws_json::{self, JsonVersion};
use lean_runtime::credentials::{
    Credentials, CredentialsCache, DefaultCredentialsChain, EnvironmentVariableCredentialsProvider,
    ProfileFileCredentialsProvider, ProvideCredentials, SharedCredentialsProvider,
};
use lean_runtime::env::Env;
use lean_runtime::error::{DeserializeError, SdkError};
use lean_runtime::operation::{OperationFailure, ServiceSide};
use lean_runtime::region::Region;
use lean_runtime::sign::SigV4Signer;
use lean_runtime::transport::ReplayTransport;
use std::fmt::Debug;

const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";

/// Fails naming the first secret `debug` shows; also checks that it shows
/// at least one of the values that are not secret, so a Debug that prints
/// nothing would not pass for one that redacts.
fn assert_redacted(what: &str, debug: &str, marks: &Marks) {
    for secret in &marks.secrets {
        assert!(
            !debug.contains(secret.as_str()),
            "{what} shows {secret}: {debug}"
        );
    }
    if !marks.plain.is_empty() {
        assert!(
            marks
                .plain
                .iter()
                .any(|plain| debug.contains(plain.as_str())),
            "{what} shows none of its values: {debug}"
        );
    }
}

fn body(value: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_else(|e| panic!("{e}"))
}

/// Every value of `O` that Debug can print, built with each member set:
/// the input, the output, each modelled error (read as its variant, and
/// as the unhandled error a body cut short gives), and the `SdkError`s
/// around them.
fn check<O>(shapes: &Shapes)
where
    O: ServiceSide,
    O::Input: Debug,
    O::Output: Debug,
    O::Error: Debug,
{
    let op = shapes.operation(O::NAME).clone();

    let mut marks = Marks::default();
    let input = shapes.marked_document(&op.input, &mut marks);
    let request = aws_json::request("Service.Operation", JsonVersion::V1_0, body(&input));
    let input = O::deserialize_request(&request).unwrap_or_else(|e| panic!("{}: {e}", op.name));
    assert_redacted(&format!("{} input", op.name), &format!("{input:?}"), &marks);

    let mut marks = Marks::default();
    let output = shapes.marked_document(&op.output, &mut marks);
    let response = aws_json::response(200, JsonVersion::V1_0, body(&output));
    let output = O::deserialize(&response).unwrap_or_else(|e| panic!("{}: {e:?}", op.name));
    assert_redacted(
        &format!("{} output", op.name),
        &format!("{output:?}"),
        &marks,
    );

    for id in &op.errors {
        let Some(StructKind::Error(info)) = shapes.service().structure(id).map(|s| &s.kind) else {
            panic!("{id} is not an error")
        };
        let mut marks = Marks::default();
        let mut document = shapes.marked_document(id, &mut marks);
        document["__type"] = serde_json::Value::String(info.code.clone());
        let whole = body(&document);
        // The error metadata still finds the code and message in a body
        // that is cut short, but the modelled error cannot be read from it.
        let cut = whole[..whole.len() - 1].to_vec();
        for (how, bytes) in [("read", whole), ("cut short", cut)] {
            let response = aws_json::response(500, JsonVersion::V1_0, bytes);
            let what = format!("{} error {} ({how})", op.name, id.name());
            let Err(OperationFailure::Service(error)) = O::deserialize(&response) else {
                panic!("{what}: not a service error")
            };
            let mut shown = marks.clone();
            if how == "cut short" {
                // Only the code and message can survive; nothing needs showing.
                shown.plain.clear();
            }
            assert_redacted(&what, &format!("{error:?}"), &shown);
            let failure = OperationFailure::Service(error);
            assert_redacted(&what, &format!("{failure:?}"), &shown);
            let OperationFailure::Service(error) = failure else {
                unreachable!()
            };
            let sdk_error = SdkError::service_error(error, response.clone());
            assert_redacted(&what, &format!("{sdk_error:?}"), &shown);
        }
    }

    // A response that could not be read keeps the body, which Debug never
    // shows.
    let mut marks = Marks::default();
    let output = shapes.marked_document(&op.output, &mut marks);
    let raw = aws_json::response(200, JsonVersion::V1_0, body(&output));
    let error: SdkError<O::Error> =
        SdkError::response_error(DeserializeError::custom("unreadable"), raw);
    marks.plain.clear();
    assert_redacted(
        &format!("{} response error", op.name),
        &format!("{error:?}"),
        &marks,
    );
}

#[test]
fn generated_values_never_show_sensitive_members() {
    check::<proton::operation::cancel_component_deployment::CancelComponentDeployment>(
        &Shapes::new(generator_tests::lower_proton()),
    );
    let fixture = |name: &str| Shapes::new(generator_tests::lower_fixture(name));
    check::<fixture_enums::operation::put_colors::PutColors>(&fixture("enums"));
    check::<fixture_errors::operation::fail::Fail>(&fixture("errors"));
    let naming = fixture("naming");
    check::<fixture_naming::operation::match_::Match>(&naming);
    check::<fixture_naming::operation::type_::Type>(&naming);
    check::<fixture_required::operation::put::Put>(&fixture("required"));
    check::<fixture_sensitive::operation::login::Login>(&fixture("sensitive"));
    check::<fixture_timestamps::operation::stamp::Stamp>(&fixture("timestamps"));
}

/// The fixture made for this: sensitive strings, lists, structures, enums
/// and error messages all have values that must not show.
#[test]
fn the_sensitive_fixture_has_secrets_to_hide() {
    let shapes = Shapes::new(generator_tests::lower_fixture("sensitive"));
    let op = shapes.operation("Login");
    for id in [&op.input, &op.output] {
        let mut marks = Marks::default();
        shapes.marked_document(id, &mut marks);
        assert!(marks.secrets.len() >= 3, "{id}: {marks:?}");
    }
}

#[tokio::test]
async fn builders_clients_and_transports_never_show_sensitive_members() {
    use fixture_sensitive::operation::login::LoginInput;
    use fixture_sensitive::types::Profile;
    let builder = LoginInput::builder()
        .user("alice")
        .password("hunter2")
        .secrets("s3cr3t")
        .profile(Profile::builder().email("alice@example.com").build());
    // The replayed transport keeps the request it was sent, whose body
    // carries the password, and the response, which carries the token.
    let replay = ReplayTransport::from_responses([aws_json::response(
        200,
        JsonVersion::V1_0,
        r#"{"token": "tok-123", "note": "private"}"#,
    )]);
    let config = fixture_sensitive::Config::builder()
        .region("us-east-1")
        .credentials_provider(static_credentials())
        .http_transport(replay.clone())
        .build();
    let client = fixture_sensitive::Client::new(&config);
    let fluent = client
        .login()
        .user("alice")
        .password("hunter2")
        .secrets("s3cr3t");
    let before = format!("{fluent:?}");
    let output = fluent.send().await.expect("the replayed response reads");
    assert_eq!(output.token(), Some("tok-123"));
    let sent = replay.requests();
    assert!(String::from_utf8_lossy(sent[0].body()).contains("hunter2"));
    let debug = format!("{builder:?} {before} {client:?} {config:?} {replay:?} {output:?}");
    for secret in [
        "hunter2",
        "s3cr3t",
        "alice@example.com",
        "tok-123",
        "private",
        SECRET_KEY,
        SESSION_TOKEN,
    ] {
        assert!(!debug.contains(secret), "{secret} leaked: {debug}");
    }
    assert!(debug.contains("alice"), "{debug}");
}

fn static_credentials() -> Credentials {
    Credentials::new(
        ACCESS_KEY_ID,
        SECRET_KEY,
        Some(SESSION_TOKEN.to_owned()),
        None,
        "test",
    )
}

fn assert_no_credentials(what: &str, debug: &str) {
    for secret in [SECRET_KEY, SESSION_TOKEN] {
        assert!(!debug.contains(secret), "{what} shows {secret}: {debug}");
    }
}

#[tokio::test]
async fn config_client_handle_and_signer_never_show_credentials() {
    // A replayed transport records the signed requests it was sent, whose
    // headers hold the session token.
    let replay = ReplayTransport::from_responses([aws_json::response(
        200,
        JsonVersion::V1_0,
        r#"{"component": {"name": "web"}}"#,
    )]);
    let config = proton::Config::builder()
        .region("us-east-1")
        .credentials_provider(static_credentials())
        .http_transport(replay.clone())
        .build();
    let client = proton::Client::new(&config);
    #[allow(deprecated)]
    let sent = client
        .cancel_component_deployment()
        .component_name("web")
        .send()
        .await;
    sent.expect("the replayed response reads");
    let token_header = replay.requests()[0].headers()["x-amz-security-token"].clone();
    assert_eq!(token_header, SESSION_TOKEN, "the token was sent");

    assert_no_credentials("Config", &format!("{config:?}"));
    assert_no_credentials("ConfigBuilder", &format!("{:?}", config.to_builder()));
    assert_no_credentials("ClientHandle", &format!("{:?}", config.client_handle()));
    assert_no_credentials("Client", &format!("{client:?}"));
    assert_no_credentials("ReplayTransport", &format!("{replay:?}"));
    let signer = SigV4Signer::new(
        SharedCredentialsProvider::new(static_credentials()),
        "proton",
        Region::new("us-east-1"),
    );
    assert_no_credentials("SigV4Signer", &format!("{signer:?}"));
    let debug = format!("{:?}", static_credentials());
    assert_no_credentials("Credentials", &debug);
    assert!(
        debug.contains(ACCESS_KEY_ID),
        "the key id is not a secret: {debug}"
    );
}

#[tokio::test]
async fn credentials_providers_never_show_what_they_provide() {
    let env = Env::from_vars([
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_SESSION_TOKEN", SESSION_TOKEN),
    ]);
    let providers: Vec<(&str, SharedCredentialsProvider)> = vec![
        (
            "environment",
            SharedCredentialsProvider::new(EnvironmentVariableCredentialsProvider::new(
                env.clone(),
            )),
        ),
        (
            "cache",
            SharedCredentialsProvider::new(CredentialsCache::new(
                EnvironmentVariableCredentialsProvider::new(env.clone()),
            )),
        ),
        (
            "default chain",
            SharedCredentialsProvider::new(DefaultCredentialsChain::new(env.clone())),
        ),
        (
            "shared",
            SharedCredentialsProvider::new(static_credentials()),
        ),
    ];
    for (what, provider) in providers {
        let credentials = provider
            .provide_credentials()
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(credentials.secret_access_key(), SECRET_KEY);
        // After providing (and caching) them.
        assert_no_credentials(what, &format!("{provider:?} {credentials:?}"));
    }

    // Keys from a credentials file, and a file whose keys are incomplete.
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("credentials");
    std::fs::write(
        &file,
        format!(
            "[default]\naws_access_key_id = {ACCESS_KEY_ID}\naws_secret_access_key = {SECRET_KEY}\n\
             aws_session_token = {SESSION_TOKEN}\n\n[broken]\naws_secret_access_key = {SECRET_KEY}\n"
        ),
    )
    .expect("credentials file written");
    let env = Env::from_vars([
        ("AWS_SHARED_CREDENTIALS_FILE", file.display().to_string()),
        (
            "AWS_CONFIG_FILE",
            dir.path().join("missing").display().to_string(),
        ),
    ]);
    let provider = ProfileFileCredentialsProvider::new(env.clone());
    let credentials = provider
        .provide_credentials()
        .await
        .expect("default profile");
    assert_eq!(credentials.session_token(), Some(SESSION_TOKEN));
    assert_no_credentials("profile provider", &format!("{provider:?} {credentials:?}"));
    let broken = ProfileFileCredentialsProvider::new(env).with_profile_name("broken");
    let error = broken
        .provide_credentials()
        .await
        .expect_err("no access key id");
    assert_no_credentials("profile error", &format!("{broken:?} {error:?} {error}"));
}
