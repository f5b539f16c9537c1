//! `CancelComponentDeployment` per call, with the generated `proton` crate
//! and with the official `aws-sdk-proton`, measured in the same run.
//!
//! Each call serializes the input, signs the request (static credentials,
//! `us-east-1`), hands it to the SDK's in-memory test client (our
//! `ReplayTransport`, the official SDK's `StaticReplayClient`) and parses
//! the same 978-byte response, every `Component` member set. Retries are
//! disabled on both sides; neither side ever retries here.
//!
//! The two clients are measured in alternating rounds, each round a batch
//! of calls on a fresh client, so that a change in the machine's load
//! shows in both. The median round is reported. The last line is the
//! ratio of the medians, ours over the official SDK's.
//!
//! `cargo run --release --manifest-path compare/Cargo.toml [-- ROUNDS CALLS]`
//!
//! `--only lean|aws [CALLS]` makes the calls of one side only and prints
//! nothing, for a profiler (`valgrind --tool=callgrind`).

#![allow(deprecated)] // AWS Proton no longer takes new customers.

use std::error::Error;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The response both clients parse.
const RESPONSE: &[u8] = include_bytes!("../../benches/data/cancel-component-deployment.json");
const COMPONENT: &str = "my-component";
const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

type BoxError = Box<dyn Error + Send + Sync>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), BoxError> {
    let mut args = std::env::args().skip(1).peekable();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    if args.peek().map(String::as_str) == Some("--only") {
        let side = args.nth(1).unwrap_or_default();
        let calls: usize = args.next().map_or(Ok(1_000), |a| a.parse())?;
        runtime.block_on(async {
            match side.as_str() {
                "lean" => lean::round(calls).await,
                "aws" => aws::round(calls).await,
                _ => Err(format!("--only takes `lean` or `aws`, not `{side}`").into()),
            }
        })?;
        return Ok(());
    }
    let rounds: usize = args.next().map_or(Ok(31), |a| a.parse())?;
    let calls: usize = args.next().map_or(Ok(2_000), |a| a.parse())?;

    // A first round of each warms caches and the allocator; it is not counted.
    runtime.block_on(lean::round(calls))?;
    runtime.block_on(aws::round(calls))?;
    let mut ours = Vec::with_capacity(rounds);
    let mut theirs = Vec::with_capacity(rounds);
    for round in 0..rounds {
        // Alternate which goes first, so neither always runs on a warmer cache.
        if round % 2 == 0 {
            ours.push(runtime.block_on(lean::round(calls))?);
            theirs.push(runtime.block_on(aws::round(calls))?);
        } else {
            theirs.push(runtime.block_on(aws::round(calls))?);
            ours.push(runtime.block_on(lean::round(calls))?);
        }
    }
    let ours = Summary::of(ours, calls);
    let theirs = Summary::of(theirs, calls);
    println!(
        "{rounds} rounds of {calls} calls each; per call: median [fastest round, slowest round]"
    );
    println!("lean proton:    {ours}");
    println!("aws-sdk-proton: {theirs}");
    println!(
        "per-call ratio ours/aws-sdk-proton: {:.3}",
        ours.median.as_secs_f64() / theirs.median.as_secs_f64()
    );
    Ok(())
}

/// Per-call times over the rounds.
struct Summary {
    median: Duration,
    fastest: Duration,
    slowest: Duration,
}

impl Summary {
    fn of(mut rounds: Vec<Duration>, calls: usize) -> Self {
        rounds.sort();
        let per_call = |d: Duration| d / u32::try_from(calls).unwrap_or(u32::MAX);
        Self {
            median: per_call(rounds[rounds.len() / 2]),
            fastest: per_call(rounds[0]),
            slowest: per_call(rounds[rounds.len() - 1]),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        write!(
            f,
            "{:8.2} µs [{:.2}, {:.2}]",
            us(self.median),
            us(self.fastest),
            us(self.slowest)
        )
    }
}

/// The generated crate.
mod lean {
    use super::*;
    use lean_runtime::credentials::Credentials;
    use lean_runtime::retry::RetryConfig;
    use lean_runtime::transport::ReplayTransport;

    /// `calls` calls on a new client; the time they took.
    pub(super) async fn round(calls: usize) -> Result<Duration, BoxError> {
        let responses = (0..calls).map(|_| {
            http::Response::builder()
                .status(200)
                .header("content-type", "application/x-amz-json-1.0")
                .header("x-amzn-requestid", "8a7c0a8e-7c5a-4a5e-9c5b-2d6f1f7b8e90")
                .body(bytes::Bytes::from_static(RESPONSE))
                .expect("a valid response")
        });
        let config = proton::Config::builder()
            .region("us-east-1")
            .credentials_provider(Credentials::new(
                ACCESS_KEY_ID,
                SECRET_ACCESS_KEY,
                None,
                None,
                "Static",
            ))
            .retry_config(RetryConfig::disabled())
            .http_transport(ReplayTransport::from_responses(responses))
            .build();
        let client = proton::Client::new(&config);
        let start = Instant::now();
        for _ in 0..calls {
            let output = client
                .cancel_component_deployment()
                .component_name(COMPONENT)
                .send()
                .await?;
            if output.component().name() != COMPONENT {
                return Err("lean: the response was not parsed".into());
            }
        }
        Ok(start.elapsed())
    }
}

/// The official SDK.
mod aws {
    use super::*;
    use aws_sdk_proton::config::retry::RetryConfig;
    use aws_sdk_proton::config::{BehaviorVersion, Credentials, Region};
    use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
    use aws_smithy_types::body::SdkBody;

    /// `calls` calls on a new client; the time they took.
    pub(super) async fn round(calls: usize) -> Result<Duration, BoxError> {
        let events = (0..calls)
            .map(|_| {
                let request = http::Request::builder()
                    .uri("https://proton.us-east-1.amazonaws.com/")
                    .body(SdkBody::empty())
                    .expect("a valid request");
                let response = http::Response::builder()
                    .status(200)
                    .header("content-type", "application/x-amz-json-1.0")
                    .header("x-amzn-requestid", "8a7c0a8e-7c5a-4a5e-9c5b-2d6f1f7b8e90")
                    .body(SdkBody::from(bytes::Bytes::from_static(RESPONSE)))
                    .expect("a valid response");
                ReplayEvent::new(request, response)
            })
            .collect();
        let config = aws_sdk_proton::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::from_static("us-east-1"))
            .credentials_provider(Credentials::new(
                ACCESS_KEY_ID,
                SECRET_ACCESS_KEY,
                None,
                None,
                "Static",
            ))
            .retry_config(RetryConfig::disabled())
            .http_client(StaticReplayClient::new(events))
            .build();
        let client = aws_sdk_proton::Client::from_conf(config);
        let start = Instant::now();
        for _ in 0..calls {
            let output = client
                .cancel_component_deployment()
                .component_name(COMPONENT)
                .send()
                .await?;
            if output.component().map(|c| c.name()) != Some(COMPONENT) {
                return Err("aws-sdk-proton: the response was not parsed".into());
            }
        }
        Ok(start.elapsed())
    }
}
