//! A model without an endpoint rule set, as older and hand-written models
//! are: requests go to the configured endpoint, or to
//! `https://{endpointPrefix}.{region}.amazonaws.com` with the prefix from
//! `aws.api#service`.

use super::{credentials, response};
use fixture_endpoints::{Client, Config};
use lean_runtime::config::ConfigBuilder;
use lean_runtime::env::Env;
use lean_runtime::transport::ReplayTransport;

fn ok() -> lean_runtime::operation::HttpResponse {
    response(200, "{}")
}

fn config(replay: &ReplayTransport) -> ConfigBuilder<fixture_endpoints::config::Spec> {
    Config::builder()
        .credentials_provider(credentials())
        .http_transport(replay.clone())
}

#[tokio::test(start_paused = true)]
async fn requests_go_to_the_prefix_and_region_by_default() {
    let replay = ReplayTransport::from_responses([ok()]);
    let client = Client::new(&config(&replay).region("us-west-2").build());
    client.ping().send().await.unwrap();
    let request = &replay.requests()[0];
    assert_eq!(
        request.uri().to_string(),
        "https://legacy-api.us-west-2.amazonaws.com/"
    );
    // Signed for the region, with the model's signing name.
    let authorization = request.headers()["authorization"].to_str().unwrap();
    assert!(
        authorization.contains("/us-west-2/endpoints/aws4_request"),
        "{authorization}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_explicit_endpoint_wins() {
    let replay = ReplayTransport::from_responses([ok()]);
    let built = config(&replay)
        .region("us-west-2")
        .endpoint_url("http://localhost:4566")
        .build();
    Client::new(&built).ping().send().await.unwrap();
    assert_eq!(
        replay.requests()[0].uri().to_string(),
        "http://localhost:4566/"
    );
}

#[tokio::test(start_paused = true)]
async fn the_endpoint_can_come_from_the_environment() {
    let env = Env::from_vars([
        ("AWS_REGION", "eu-central-1"),
        ("AWS_ENDPOINT_URL_LEGACY_ENDPOINTS", "http://localhost:1234"),
    ]);
    let loaded = Config::from_env_with(env).await.unwrap();
    assert_eq!(
        loaded.resolve_endpoint().unwrap().url(),
        "http://localhost:1234"
    );
    let env = Env::from_vars([("AWS_REGION", "eu-central-1")]);
    let loaded = Config::from_env_with(env).await.unwrap();
    assert_eq!(
        loaded.resolve_endpoint().unwrap().url(),
        "https://legacy-api.eu-central-1.amazonaws.com"
    );
}

#[tokio::test(start_paused = true)]
async fn without_region_or_endpoint_nothing_is_sent() {
    for builder in [
        Config::builder(),
        Config::builder().region("us-west-2").use_fips(true),
        Config::builder().region("us-west-2").use_dual_stack(true),
    ] {
        let replay = ReplayTransport::default();
        let built = builder
            .credentials_provider(credentials())
            .http_transport(replay.clone())
            .build();
        assert!(built.resolve_endpoint().is_err());
        let result = Client::new(&built).ping().send().await;
        assert!(result.is_err());
        assert!(replay.requests().is_empty());
    }
}
