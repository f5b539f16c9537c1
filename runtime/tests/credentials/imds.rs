//! The EC2 instance metadata service (IMDSv2).

use super::*;
use lean_runtime::credentials::ImdsCredentialsProvider;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

const ROLE: &str = "/latest/meta-data/iam/security-credentials/";

/// IMDS handing out credentials expiring at `expiration`, failing every
/// request with 500 while `down` is set; STS for the probe.
async fn imds(expiration: &'static str, down: Arc<AtomicBool>) -> Server {
    Server::start_routed(move |request, _| {
        if let Some(reply) = probe_reply(request) {
            return reply;
        }
        if down.load(Ordering::SeqCst) {
            return Reply::KeepOpen(response(500, &[], "down"));
        }
        let token_ok = header(request, "x-aws-ec2-metadata-token") == Some("session-token");
        match (request.head.split(' ').next(), target(request)) {
            (Some("PUT"), "/latest/api/token")
                if header(request, "x-aws-ec2-metadata-token-ttl-seconds") == Some("21600") =>
            {
                Reply::KeepOpen(response(200, &[], "session-token"))
            }
            (Some("GET"), ROLE) if token_ok => Reply::KeepOpen(response(200, &[], "web-role\n")),
            (Some("GET"), path) if token_ok && path == format!("{ROLE}web-role") => json(&format!(
                r#"{{"Code":"Success","LastUpdated":"2026-01-01T00:00:00Z","Type":"AWS-HMAC",
                    "AccessKeyId":"FROMIMDS","SecretAccessKey":"imds-secret","Token":"imds-token",
                    "Expiration":"{expiration}","AccountId":"123456789012"}}"#
            )),
            _ => unexpected(request),
        }
    })
    .await
}

#[tokio::test]
async fn the_chain_ends_at_imds_with_a_session_token_first() {
    let server = imds("2099-01-01T00:00:00Z", Arc::default()).await;
    let home = Home::new("");
    let env = home.env(
        &server,
        &[
            ("AWS_EC2_METADATA_DISABLED", "false".into()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url("")),
        ],
    );
    let (credentials, probe) = signed_probe(&server, env).await;
    assert_eq!(credentials.access_key_id(), "FROMIMDS");
    assert_eq!(credentials.session_token(), Some("imds-token"));
    assert_eq!(credentials.account_id(), Some("123456789012"));
    assert_eq!(credentials.provider_name(), "Ec2InstanceMetadata");
    assert_signed_with(&probe, &credentials);
    let first = &server.received()[0];
    assert!(
        first.head.starts_with("PUT /latest/api/token "),
        "{}",
        first.head
    );
}

#[tokio::test]
async fn disabled_or_unreachable_imds_is_skipped_saying_why() {
    let server = Server::start_routed(|r, _| unexpected(r)).await;
    let home = Home::new("");
    let e = chain_error(home.env(&server, &[])).await;
    assert!(e.is_not_loaded());
    assert!(
        e.to_string()
            .contains("Ec2InstanceMetadata: AWS_EC2_METADATA_DISABLED is set"),
        "{e}"
    );

    // Nothing listens on the port of a dropped listener.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let e = chain_error(home.env(
        &server,
        &[
            ("AWS_EC2_METADATA_DISABLED", "false".into()),
            (
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                format!("http://127.0.0.1:{port}"),
            ),
        ],
    ))
    .await;
    assert!(e.is_not_loaded(), "{e}");
    assert!(
        e.to_string().contains(&format!(
            "Ec2InstanceMetadata: no instance metadata service answered at http://127.0.0.1:{port}"
        )),
        "{e}"
    );
}

#[tokio::test]
async fn the_endpoint_mode_is_checked() {
    let server = Server::start_routed(|r, _| unexpected(r)).await;
    let home = Home::new("[default]\nec2_metadata_service_endpoint_mode = IPv5\n");
    let e = ImdsCredentialsProvider::new(
        home.env(&server, &[("AWS_EC2_METADATA_DISABLED", "".into())]),
    )
    .provide_credentials()
    .await
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE `IPv5` is not IPv4 or IPv6"),
        "{e}"
    );
}

#[tokio::test]
async fn credentials_outlive_an_imds_outage() {
    let down = Arc::new(AtomicBool::new(false));
    // Already expired when IMDS hands them out: still used, for a while.
    let server = imds("2020-01-01T00:00:00Z", down.clone()).await;
    let home = Home::new("");
    let provider = ImdsCredentialsProvider::new(home.env(
        &server,
        &[
            ("AWS_EC2_METADATA_DISABLED", "false".into()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url("")),
        ],
    ));
    let now = SystemTime::now();
    let first = provider.provide_credentials().await.unwrap();
    assert_eq!(first.access_key_id(), "FROMIMDS");
    let expiry = first.expiry().unwrap();
    assert!(expiry > now + Duration::from_secs(14 * 60), "{expiry:?}");
    assert!(expiry < now + Duration::from_secs(21 * 60), "{expiry:?}");

    down.store(true, Ordering::SeqCst);
    let kept = provider.provide_credentials().await.unwrap();
    assert_eq!(kept.access_key_id(), "FROMIMDS");
    assert!(kept.expiry().unwrap() > SystemTime::now());
}

#[tokio::test]
async fn a_failing_imds_without_previous_credentials_is_an_error() {
    let server = imds("2099-01-01T00:00:00Z", Arc::new(AtomicBool::new(true))).await;
    let home = Home::new("");
    let e = ImdsCredentialsProvider::new(home.env(
        &server,
        &[
            ("AWS_EC2_METADATA_DISABLED", "false".into()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url("")),
        ],
    ))
    .provide_credentials()
    .await
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("answered the session token request with HTTP 500"),
        "{e}"
    );
    // One retry, as the official SDKs make.
    assert_eq!(server.received().len(), 2);
}
