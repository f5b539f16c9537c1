//! Bench 2: one `CancelComponentDeployment` call, end to end: build the
//! input, serialize, aim at the endpoint, sign (static credentials,
//! `us-east-1`), send through the replay transport, parse the 978-byte
//! response. `call/sign` is the signing step alone, for comparison;
//! `call/rest_json_*` is a restJson1 call with header bindings both ways.
//!
//! The official SDK's side of this bench is in `compare/` (outside the
//! workspace, so the official SDK is never built by `cargo test`).

#![allow(deprecated)] // AWS Proton no longer takes new customers.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use lean_runtime::credentials::Credentials;
use lean_runtime::operation::Operation;
use lean_runtime::region::Region;
use lean_runtime::retry::RetryConfig;
use lean_runtime::sign::SigV4Signer;
use lean_runtime::transport::ReplayTransport;
use proton::operation::cancel_component_deployment::{
    CancelComponentDeployment, CancelComponentDeploymentInput,
};
use std::hint::black_box;
use std::time::{Duration, Instant, SystemTime};

fn credentials() -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "Static",
    )
}

/// A client answering the next `calls` calls.
fn client(calls: u64) -> proton::Client {
    let responses = (0..calls).map(|_| common::response());
    let config = proton::Config::builder()
        .region("us-east-1")
        .credentials_provider(credentials())
        .retry_config(RetryConfig::disabled())
        .http_transport(ReplayTransport::from_responses(responses))
        .build();
    proton::Client::new(&config)
}

fn call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    c.bench_function("call/cancel_component_deployment", |b| {
        // The transport holds one response per call, so each batch gets a
        // client of its own, made before the clock starts.
        b.iter_custom(|iters| {
            let client = client(iters);
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let output = client
                        .cancel_component_deployment()
                        .component_name(common::COMPONENT)
                        .send()
                        .await
                        .expect("the call succeeds");
                    assert_eq!(output.component().name(), common::COMPONENT);
                }
                start.elapsed()
            })
        });
    });
}

/// The response of `InputAndOutputWithHeaders`: every member in a header.
fn rest_json_response() -> http::Response<bytes::Bytes> {
    http::Response::builder()
        .status(200)
        .header("X-String", "Hello")
        .header("X-Integer", "123")
        .header("X-StringList", "a, b, \"c,d\"")
        .header("X-IntegerList", "1, 2, 3")
        .header(
            "X-TimestampList",
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT",
        )
        .header("X-Enum", "Foo")
        .body(bytes::Bytes::new())
        .expect("a valid response")
}

/// A restJson1 call for comparison with the awsJson one above: the
/// RestJson compliance service's `InputAndOutputWithHeaders`, five members
/// written to headers (a string, an integer, two lists, a timestamp list)
/// and six read back from the response's headers.
fn rest_json_call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let time = lean_runtime::DateTime::from_secs(1_576_540_098);
    c.bench_function("call/rest_json_input_and_output_with_headers", |b| {
        b.iter_custom(|iters| {
            let responses = (0..iters).map(|_| rest_json_response());
            let config = rest_json::Config::builder()
                .region("us-east-1")
                .endpoint_url("https://example.com")
                .credentials_provider(credentials())
                .retry_config(RetryConfig::disabled())
                .http_transport(ReplayTransport::from_responses(responses))
                .build();
            let client = rest_json::Client::new(&config);
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let output = client
                        .input_and_output_with_headers()
                        .header_string("Hello")
                        .header_integer(123)
                        .header_string_list("a")
                        .header_string_list("b,c")
                        .header_integer_list(1)
                        .header_integer_list(2)
                        .header_timestamp_list(time)
                        .send()
                        .await
                        .expect("the call succeeds");
                    assert_eq!(output.header_integer_list().len(), 3);
                }
                start.elapsed()
            })
        });
    });
}

fn sign(c: &mut Criterion) {
    let credentials = credentials();
    let signer = SigV4Signer::new(
        credentials.clone().into(),
        "proton",
        Region::from_static("us-east-1"),
    );
    let input = CancelComponentDeploymentInput::builder()
        .component_name(common::COMPONENT)
        .build()
        .expect("the name is set");
    let mut request = CancelComponentDeployment::serialize(&input).expect("the input serializes");
    *request.uri_mut() = http::Uri::from_static("https://proton.us-east-1.amazonaws.com/");
    // A minute apart from one call to the next: the day, hence the signing
    // key, stays the same, as it does for a client making calls.
    let start = SystemTime::now();
    let mut minute = 0;
    c.bench_function("call/sign", |b| {
        b.iter(|| {
            minute = (minute + 1) % 60;
            let time = start + Duration::from_secs(60 * minute);
            signer
                .sign_with(black_box(&mut request), &credentials, time)
                .expect("the request signs")
        })
    });
}

criterion_group!(benches, call, rest_json_call, sign);
criterion_main!(benches);
