//! `@idempotencyToken`: a UUID v4 when the caller leaves it unset, the
//! caller's value otherwise, and the same token on every attempt.

use super::{body_json, credentials, is_uuid_v4, response};
use fixture_idempotency::operation::create_widget::{CreateWidget, CreateWidgetInput};
use fixture_idempotency::{Client, Config};
use lean_runtime::operation::Operation;
use lean_runtime::transport::ReplayTransport;

fn token(input: &CreateWidgetInput) -> String {
    let json = body_json(&CreateWidget::serialize(input).unwrap());
    json["clientToken"]
        .as_str()
        .expect("a token is sent")
        .to_owned()
}

#[test]
fn an_unset_token_is_filled_with_a_fresh_uuid_v4() {
    let input = CreateWidgetInput::builder().name("w").build().unwrap();
    assert_eq!(input.client_token(), None);
    let (first, second) = (token(&input), token(&input));
    assert!(is_uuid_v4(&first), "{first}");
    assert!(is_uuid_v4(&second), "{second}");
    assert_ne!(first, second, "each call gets its own token");
}

#[test]
fn a_token_the_caller_sets_is_sent_as_is() {
    let input = CreateWidgetInput::builder()
        .name("w")
        .client_token("my-token")
        .build()
        .unwrap();
    assert_eq!(token(&input), "my-token");
}

#[tokio::test(start_paused = true)]
async fn every_attempt_of_a_call_carries_the_same_token() {
    let replay = ReplayTransport::from_responses([
        response(
            500,
            r#"{"__type": "InternalFailure", "message": "try again"}"#,
        ),
        response(503, r#"{"__type": "ServiceUnavailable"}"#),
        response(200, r#"{"widgetId": "w-1"}"#),
    ]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(credentials())
        .http_transport(replay.clone())
        .build();
    let output = Client::new(&config)
        .create_widget()
        .name("w")
        .send()
        .await
        .expect("the third attempt succeeds");
    assert_eq!(output.widget_id(), Some("w-1"));
    let tokens: Vec<String> = replay
        .requests()
        .iter()
        .map(|r| body_json(r)["clientToken"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(tokens.len(), 3);
    assert!(is_uuid_v4(&tokens[0]), "{}", tokens[0]);
    assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
}
