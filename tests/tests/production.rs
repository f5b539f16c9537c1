//! What production use needs of the client, each behaviour tested against a
//! real server, proxy or TLS endpoint on 127.0.0.1: region validation,
//! read timeouts and stalled streams, no silent resends, clock-skew
//! correction, `x-amz-retry-after`, proxies, trust roots, tracing without
//! secrets, and tolerant reading of empty responses. Every wait is bounded.

// The model deprecates Proton's operations (no new customers).
#![allow(deprecated)]

use bytes::Bytes;
use generator_tests::server::{Reply, TestServer};
use lean_runtime::credentials::Credentials;
use lean_runtime::env::Env;
use lean_runtime::operation::HttpResponse;
use lean_runtime::retry::RetryConfig;
use lean_runtime::timeout::{StalledStreamProtection, TimeoutConfig};
use lean_runtime::transport::{
    HttpTransport, HyperTransport, ProxyConfig, ReplayEvent, ReplayTransport, TransportErrorKind,
    TrustRoots,
};
use proton::error::SdkError;
use proton::operation::cancel_component_deployment::{
    CancelComponentDeploymentError, CancelComponentDeploymentOutput,
};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";
const REGION: &str = "eu-west-1";

const MINIMAL_OUTPUT: &str = r#"{"component":{"arn":"arn:aws:proton:eu-west-1:123456789012:component/my-component","createdAt":1700000000,"deploymentStatus":"CANCELLING","environmentName":"prod","lastModifiedAt":1700000000,"name":"my-component"}}"#;

type CallResult = Result<CancelComponentDeploymentOutput, SdkError<CancelComponentDeploymentError>>;

/// An error and all its sources, as one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The error's text, after checking it failed before anything was sent.
#[track_caller]
fn refused_before_sending(error: &SdkError<CancelComponentDeploymentError>) -> String {
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    chain(error)
}

/// Up to `attempts` attempts, backing off by a millisecond.
fn retrying(attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(1))
}

fn credentials() -> Credentials {
    Credentials::new(
        ACCESS_KEY,
        SECRET_KEY,
        Some(SESSION_TOKEN.to_owned()),
        None,
        "test",
    )
}

/// Static credentials, the test region, one attempt.
fn config(endpoint: &str) -> proton::config::ConfigBuilder {
    proton::Config::builder()
        .region(REGION)
        .credentials_provider(credentials())
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled())
}

async fn cancel(client: &proton::Client) -> CallResult {
    client
        .cancel_component_deployment()
        .component_name("my-component")
        .send()
        .await
}

/// An environment without the developer's own files or variables.
fn isolated(dir: &std::path::Path, vars: &[(&str, &str)]) -> Env {
    let mut all = vec![
        (
            "AWS_CONFIG_FILE".to_owned(),
            dir.join("config").display().to_string(),
        ),
        (
            "AWS_SHARED_CREDENTIALS_FILE".to_owned(),
            dir.join("credentials").display().to_string(),
        ),
        ("AWS_ACCESS_KEY_ID".to_owned(), ACCESS_KEY.to_owned()),
        ("AWS_SECRET_ACCESS_KEY".to_owned(), SECRET_KEY.to_owned()),
    ];
    all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    Env::from_vars(all)
}

/// Reads one HTTP/1.1 request (head and `content-length` body) from
/// `stream`; `None` when the peer closed first.
async fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut data = Vec::new();
    let mut byte = [0u8; 1];
    while !data.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        data.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&data).into_owned();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())
                .flatten()
        })
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.ok()?;
    Some((head, body))
}

fn ok_response(body: &str, keep_alive: bool) -> Vec<u8> {
    let connection = if keep_alive { "keep-alive" } else { "close" };
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\nx-amzn-requestid: req-1\r\nconnection: {connection}\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

// ---------------------------------------------------------------------------
// Region and endpoint validation
// ---------------------------------------------------------------------------

#[tokio::test]
async fn invalid_regions_are_refused_before_anything_is_signed_or_sent() {
    let dir = tempfile::tempdir().unwrap();
    for region in [
        "evil.com#",
        "evil.com:443/x",
        "us-east-1.evil.com",
        " us-east-1",
    ] {
        let replay = ReplayTransport::new([]);
        // From the builder, with and without an endpoint URL.
        for endpoint in [None, Some("https://proton.example")] {
            let config = proton::Config::builder()
                .region(region.to_owned())
                .credentials_provider(credentials())
                .set_endpoint_url(endpoint.map(str::to_owned))
                .http_transport(replay.clone())
                .build();
            let error = cancel(&proton::Client::new(&config)).await.unwrap_err();
            let text = refused_before_sending(&error);
            assert!(text.contains("invalid region"), "{text}");
            assert!(text.contains(&format!("{region:?}")), "{text}");
        }
        // From the environment.
        let config = proton::Config::from_env_with(isolated(dir.path(), &[("AWS_REGION", region)]))
            .await
            .unwrap()
            .to_builder()
            .http_transport(replay.clone())
            .build();
        let error = cancel(&proton::Client::new(&config)).await.unwrap_err();
        refused_before_sending(&error);
        assert!(replay.requests().is_empty(), "{region}: something was sent");
    }
}

#[tokio::test]
async fn an_endpoint_port_out_of_range_is_refused() {
    let replay = ReplayTransport::new([]);
    let config = config("http://127.0.0.1:99999")
        .http_transport(replay.clone())
        .build();
    let error = cancel(&proton::Client::new(&config)).await.unwrap_err();
    let text = refused_before_sending(&error);
    assert!(text.contains("65535"), "{text}");
    assert!(replay.requests().is_empty());
}

// ---------------------------------------------------------------------------
// Timeouts and stalled streams
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_server_that_never_answers_hits_the_read_timeout_and_is_retried() {
    let server = TestServer::start([Reply::Hang, Reply::Hang]).await.unwrap();
    let config = config(&server.url())
        .timeout_config(TimeoutConfig::new().with_read_timeout(Duration::from_millis(200)))
        .retry_config(retrying(2))
        .build();
    let error = cancel(&proton::Client::new(&config)).await.unwrap_err();
    assert!(matches!(error, SdkError::TimeoutError(_)), "{error:?}");
    let text = chain(&error);
    assert!(text.contains("read timeout of 200ms"), "{text}");
    assert_eq!(server.requests().len(), 2, "a read timeout is retried");
}

/// A server that sends the response head and part of the body, then stops.
async fn stalling_server() -> (String, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                if read_request(&mut stream).await.is_some() {
                    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: 1000\r\n\r\n{\"component\":";
                    let _ = stream.write_all(head.as_bytes()).await;
                    // Keep the connection open, silent, for longer than
                    // any test waits.
                    tokio::time::sleep(Duration::from_secs(60)).await;
                }
            });
        }
    });
    (url, task)
}

#[tokio::test]
async fn a_download_that_stalls_fails_the_attempt_after_the_grace_period() {
    let (url, server) = stalling_server().await;
    let config = config(&url)
        .stalled_stream_protection(StalledStreamProtection::with_grace_period(
            Duration::from_millis(300),
        ))
        .build();
    let error = cancel(&proton::Client::new(&config)).await.unwrap_err();
    assert!(matches!(error, SdkError::TimeoutError(_)), "{error:?}");
    let text = chain(&error);
    assert!(text.contains("stalled download"), "{text}");
    server.abort();
}

#[tokio::test]
async fn with_protection_off_a_stalled_download_waits_for_the_attempt_timeout() {
    let (url, server) = stalling_server().await;
    let config = config(&url)
        .stalled_stream_protection(StalledStreamProtection::disabled())
        .timeout_config(TimeoutConfig::new().with_attempt_timeout(Duration::from_millis(700)))
        .build();
    let error = cancel(&proton::Client::new(&config)).await.unwrap_err();
    let text = chain(&error);
    assert!(text.contains("attempt timeout of 700ms"), "{text}");
    server.abort();
}

#[tokio::test]
async fn an_upload_the_server_does_not_read_fails_after_the_grace_period() {
    // The server accepts and never reads: once the socket buffers are full,
    // the request stops moving.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let transport = HyperTransport::builder()
        .stalled_stream_protection(StalledStreamProtection::with_grace_period(
            Duration::from_millis(300),
        ))
        .build();
    let request = http::Request::post(format!("http://{address}/upload"))
        .body(Bytes::from(vec![b'x'; 64 * 1024 * 1024]))
        .unwrap();
    let error = tokio::time::timeout(Duration::from_secs(30), transport.send(request))
        .await
        .expect("the stall is noticed")
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
    let text = chain(&error);
    assert!(text.contains("stalled upload"), "{text}");
    server.abort();
}

// ---------------------------------------------------------------------------
// No silent resend
// ---------------------------------------------------------------------------

/// A server answering the first request of each connection and closing the
/// connection, unanswered, on the second. Counts requests received.
async fn closing_server() -> (String, Arc<Mutex<usize>>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(Mutex::new(0));
    let counter = count.clone();
    let task = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                if read_request(&mut stream).await.is_none() {
                    return;
                }
                *counter.lock().unwrap() += 1;
                let _ = stream.write_all(&ok_response(MINIMAL_OUTPUT, true)).await;
                if read_request(&mut stream).await.is_some() {
                    *counter.lock().unwrap() += 1;
                }
                // Closed without an answer.
            });
        }
    });
    (url, count, task)
}

#[tokio::test]
async fn a_request_written_on_a_connection_that_closes_is_not_resent_without_retries() {
    let (url, count, server) = closing_server().await;
    let client = proton::Client::new(&config(&url).build());
    cancel(&client).await.expect("the first call succeeds");
    // The second call reuses the kept-alive connection; the server reads it
    // and closes. With retries disabled it is sent exactly once.
    let error = cancel(&client).await.unwrap_err();
    assert!(matches!(error, SdkError::DispatchFailure(_)), "{error:?}");
    assert_eq!(*count.lock().unwrap(), 2, "no hidden resend");

    // With retries, the resend is an attempt the policy counts.
    let client = proton::Client::new(&config(&url).retry_config(retrying(2)).build());
    cancel(&client).await.expect("a first call");
    cancel(&client)
        .await
        .expect("the retry, on a new connection, succeeds");
    assert_eq!(*count.lock().unwrap(), 5);
    server.abort();
}

// ---------------------------------------------------------------------------
// Clock skew and x-amz-retry-after
// ---------------------------------------------------------------------------

fn http_date(time: SystemTime) -> String {
    lean_runtime::DateTime::from(time)
        .fmt(lean_runtime::datetime::Format::HttpDate)
        .unwrap()
}

#[tokio::test]
async fn a_skewed_clock_is_corrected_from_the_date_header_and_kept() {
    let server_time = SystemTime::now() + Duration::from_secs(3600);
    let skewed = Reply::error(
        400,
        "InvalidSignatureException",
        "Signature expired: 20231114T221320Z is now earlier than ...",
    )
    .with_header("date", &http_date(server_time));
    let server = TestServer::start([
        skewed,
        Reply::json(200, MINIMAL_OUTPUT),
        Reply::json(200, MINIMAL_OUTPUT),
    ])
    .await
    .unwrap();
    let config = config(&server.url()).retry_config(retrying(2)).build();
    let client = proton::Client::new(&config);
    cancel(&client)
        .await
        .expect("the retry with the corrected clock succeeds");
    cancel(&client).await.expect("a later call");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let signed_at = |i: usize| {
        let text = requests[i].header("x-amz-date").unwrap();
        lean_runtime::DateTime::from_str(
            &format!(
                "{}-{}-{}T{}:{}:{}Z",
                &text[0..4],
                &text[4..6],
                &text[6..8],
                &text[9..11],
                &text[11..13],
                &text[13..15]
            ),
            lean_runtime::datetime::Format::DateTime,
        )
        .unwrap()
        .secs()
    };
    let server_secs = lean_runtime::DateTime::from(server_time).secs();
    assert!(
        (signed_at(0) - server_secs).abs() > 3000,
        "first: local clock"
    );
    for i in [1, 2] {
        assert!(
            (signed_at(i) - server_secs).abs() < 60,
            "request {i} signed with the service's time"
        );
        requests[i]
            .verify_signature(SECRET_KEY, REGION, "proton")
            .expect("a valid signature");
    }
}

#[tokio::test]
async fn a_signature_error_from_a_service_whose_clock_agrees_is_not_retried() {
    // SignatureDoesNotMatch with the right time is a wrong key, not skew.
    let wrong_key = Reply::error(400, "SignatureDoesNotMatch", "check your key")
        .with_header("date", &http_date(SystemTime::now()));
    let server = TestServer::start([wrong_key, Reply::json(200, MINIMAL_OUTPUT)])
        .await
        .unwrap();
    let config = config(&server.url()).retry_config(retrying(3)).build();
    let error = cancel(&proton::Client::new(&config)).await.unwrap_err();
    assert!(matches!(error, SdkError::ServiceError(_)), "{error:?}");
    assert_eq!(server.requests().len(), 1);
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Bytes::from(body.to_owned())).unwrap()
}

#[tokio::test(start_paused = true)]
async fn x_amz_retry_after_sets_the_delay_within_bounds() {
    for (asked, waited) in [
        ("250", Duration::from_millis(250)),
        // A hostile value is bounded by the longest backoff (20 s).
        ("999999999", Duration::from_secs(20)),
    ] {
        let replay = ReplayTransport::new([
            ReplayEvent::response(response(
                503,
                &[("x-amz-retry-after", asked)],
                r#"{"__type":"ServiceUnavailable"}"#,
            )),
            ReplayEvent::response(response(200, &[], MINIMAL_OUTPUT)),
        ]);
        let config = proton::Config::builder()
            .region(REGION)
            .credentials_provider(credentials())
            .http_transport(replay.clone())
            .build();
        let client = proton::Client::new(&config);
        let started = tokio::time::Instant::now();
        cancel(&client).await.expect("the retry succeeds");
        assert_eq!(started.elapsed(), waited, "asked {asked}");
        assert_eq!(replay.requests().len(), 2);
    }
}

// ---------------------------------------------------------------------------
// Proxies
// ---------------------------------------------------------------------------

/// What a [`TestProxy`] saw.
#[derive(Clone, Debug, Default)]
struct ProxyLog {
    /// Request lines (`POST http://host/ HTTP/1.1`, `CONNECT host:port HTTP/1.1`).
    lines: Vec<String>,
    /// `Proxy-Authorization` values.
    authorizations: Vec<String>,
}

/// A forward proxy on 127.0.0.1: answers plain requests itself (as the
/// origin would, with [`MINIMAL_OUTPUT`]) and tunnels `CONNECT` to the
/// address asked for.
async fn start_proxy() -> (u16, Arc<Mutex<ProxyLog>>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(ProxyLog::default()));
    let seen = log.clone();
    let task = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let Some((head, _body)) = read_request(&mut stream).await else {
                    return;
                };
                let line = head.lines().next().unwrap_or_default().to_owned();
                {
                    let mut log = seen.lock().unwrap();
                    log.lines.push(line.clone());
                    log.authorizations.extend(head.lines().filter_map(|l| {
                        let (name, value) = l.split_once(':')?;
                        name.eq_ignore_ascii_case("proxy-authorization")
                            .then(|| value.trim().to_owned())
                    }));
                }
                if let Some(target) = line.strip_prefix("CONNECT ") {
                    let target = target.split_whitespace().next().unwrap_or_default();
                    let Ok(mut upstream) = TcpStream::connect(target).await else {
                        let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                        return;
                    };
                    let _ = stream
                        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        .await;
                    let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
                } else {
                    let _ = stream.write_all(&ok_response(MINIMAL_OUTPUT, false)).await;
                }
            });
        }
    });
    (port, log, task)
}

#[tokio::test]
async fn http_requests_go_through_the_environment_s_proxy_with_its_credentials() {
    let (port, log, proxy) = start_proxy().await;
    let dir = tempfile::tempdir().unwrap();
    let env = isolated(
        dir.path(),
        &[
            ("AWS_REGION", REGION),
            (
                "HTTP_PROXY",
                &format!("http://alice:s%3Acret@127.0.0.1:{port}"),
            ),
            ("AWS_ENDPOINT_URL", "http://proton.internal.test"),
        ],
    );
    let config = proton::Config::from_env_with(env).await.unwrap();
    let debug = format!("{config:?}");
    assert!(
        !debug.contains("s%3Acret") && !debug.contains("alice"),
        "{debug}"
    );
    let output = cancel(&proton::Client::new(&config))
        .await
        .expect("through the proxy");
    assert_eq!(output.component().name(), "my-component");
    let log = log.lock().unwrap().clone();
    assert_eq!(log.lines, ["POST http://proton.internal.test/ HTTP/1.1"]);
    // base64("alice:s:cret")
    assert_eq!(log.authorizations, ["Basic YWxpY2U6czpjcmV0"]);
    proxy.abort();
}

#[tokio::test]
async fn no_proxy_and_an_explicit_setting_bypass_the_proxy() {
    let (port, log, proxy) = start_proxy().await;
    let server = TestServer::start([
        Reply::json(200, MINIMAL_OUTPUT),
        Reply::json(200, MINIMAL_OUTPUT),
    ])
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let proxy_url = format!("http://127.0.0.1:{port}");
    let env = isolated(
        dir.path(),
        &[
            ("AWS_REGION", REGION),
            ("http_proxy", &proxy_url),
            ("NO_PROXY", "localhost,127.0.0.1"),
        ],
    );
    let config = proton::Config::from_env_with(env.clone()).await.unwrap();
    let config = config.to_builder().endpoint_url(server.url()).build();
    cancel(&proton::Client::new(&config)).await.expect("direct");
    let config = proton::Config::builder()
        .proxy_config(ProxyConfig::disabled())
        .load_env(isolated(
            dir.path(),
            &[("AWS_REGION", REGION), ("http_proxy", &proxy_url)],
        ))
        .unwrap()
        .endpoint_url(server.url())
        .build();
    cancel(&proton::Client::new(&config)).await.expect("direct");
    assert_eq!(server.requests().len(), 2);
    assert!(log.lock().unwrap().lines.is_empty());
    proxy.abort();
}

#[tokio::test]
async fn a_bad_proxy_variable_is_a_configuration_error_without_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let env = isolated(
        dir.path(),
        &[("HTTPS_PROXY", "socks5://bob:hunter2@proxy:1080")],
    );
    let error = proton::Config::from_env_with(env).await.unwrap_err();
    let text = error.to_string();
    assert!(text.contains("HTTPS_PROXY"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

// ---------------------------------------------------------------------------
// TLS trust roots (and https through a proxy's CONNECT tunnel)
// ---------------------------------------------------------------------------

/// A TLS server for `localhost` with a certificate of its own CA, answering
/// every request with [`MINIMAL_OUTPUT`]. Returns its port and the CA in PEM.
async fn start_tls_server() -> (u16, String, tokio::task::JoinHandle<()>) {
    use tokio_rustls::rustls;
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "lean test CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    let cert = params.signed_by(&key, &ca, &ca_key).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server_config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap(),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server_config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let mut data = Vec::new();
                let mut buf = [0u8; 4096];
                while !data.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => data.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = tls.write_all(&ok_response(MINIMAL_OUTPUT, false)).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, ca.pem(), task)
}

#[tokio::test]
async fn a_private_ca_is_trusted_from_aws_ca_bundle_the_profile_or_the_builder() {
    let (port, ca_pem, server) = start_tls_server().await;
    let url = format!("https://localhost:{port}");
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("ca.pem");
    std::fs::write(&bundle, &ca_pem).unwrap();
    let bundle = bundle.display().to_string();

    // Untrusted by default: a TLS failure, not retried.
    let error = cancel(&proton::Client::new(&config(&url).build()))
        .await
        .unwrap_err();
    let text = chain(&error);
    assert!(matches!(error, SdkError::DispatchFailure(_)), "{text}");
    assert!(text.to_lowercase().contains("certificate"), "{text}");

    // AWS_CA_BUNDLE.
    let env = isolated(
        dir.path(),
        &[("AWS_REGION", REGION), ("AWS_CA_BUNDLE", &bundle)],
    );
    let from_env = proton::Config::from_env_with(env).await.unwrap();
    let from_env = from_env.to_builder().endpoint_url(&url).build();
    cancel(&proton::Client::new(&from_env))
        .await
        .expect("trusted through AWS_CA_BUNDLE");

    // The profile's ca_bundle.
    std::fs::write(
        dir.path().join("config"),
        format!("[default]\nregion = {REGION}\nca_bundle = {bundle}\n"),
    )
    .unwrap();
    let from_profile = proton::Config::from_env_with(isolated(dir.path(), &[]))
        .await
        .unwrap();
    let from_profile = from_profile.to_builder().endpoint_url(&url).build();
    cancel(&proton::Client::new(&from_profile))
        .await
        .expect("trusted through ca_bundle");
    std::fs::remove_file(dir.path().join("config")).unwrap();

    // The builder.
    let trust = TrustRoots::new().with_pem(ca_pem.as_bytes()).unwrap();
    let built = config(&url).trust_roots(trust).build();
    cancel(&proton::Client::new(&built))
        .await
        .expect("trusted through the builder");

    // A bundle that cannot be read is a configuration error naming it.
    let env = isolated(dir.path(), &[("AWS_CA_BUNDLE", "/nonexistent/bundle.pem")]);
    let error = proton::Config::from_env_with(env).await.unwrap_err();
    assert!(error.to_string().contains("AWS_CA_BUNDLE"), "{error}");
    assert!(
        error.to_string().contains("/nonexistent/bundle.pem"),
        "{error}"
    );
    server.abort();
}

#[tokio::test]
async fn the_system_store_is_trusted_besides_added_roots() {
    let (port, ca_pem, server) = start_tls_server().await;
    let url = format!("https://localhost:{port}");
    // The system store does not know the test CA...
    let native = config(&url)
        .trust_roots(TrustRoots::new().with_native_roots())
        .build();
    let error = cancel(&proton::Client::new(&native)).await.unwrap_err();
    assert!(
        chain(&error).to_lowercase().contains("certificate"),
        "{}",
        chain(&error)
    );
    // ...and adding it to the system store's roots is enough.
    let both = config(&url)
        .trust_roots(
            TrustRoots::new()
                .with_native_roots()
                .with_pem(ca_pem.as_bytes())
                .unwrap(),
        )
        .build();
    cancel(&proton::Client::new(&both)).await.expect("trusted");
    server.abort();
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_with_tls_end_to_end() {
    let (tls_port, ca_pem, server) = start_tls_server().await;
    let (proxy_port, log, proxy) = start_proxy().await;
    let proxy_config =
        ProxyConfig::all(&format!("http://carol:pw@127.0.0.1:{proxy_port}")).unwrap();
    let config = config(&format!("https://localhost:{tls_port}"))
        .trust_roots(TrustRoots::new().with_pem(ca_pem.as_bytes()).unwrap())
        .proxy_config(proxy_config)
        .build();
    cancel(&proton::Client::new(&config))
        .await
        .expect("through the tunnel");
    let log = log.lock().unwrap().clone();
    assert_eq!(
        log.lines,
        [format!("CONNECT localhost:{tls_port} HTTP/1.1")]
    );
    assert_eq!(log.authorizations, ["Basic Y2Fyb2w6cHc="]);
    server.abort();
    proxy.abort();
}

// ---------------------------------------------------------------------------
// Tracing
// ---------------------------------------------------------------------------

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_reports_attempts_statuses_and_request_ids_but_no_secret() {
    let server = TestServer::start([
        Reply::error(500, "InternalServerException", "try again"),
        Reply::json(200, MINIMAL_OUTPUT),
    ])
    .await
    .unwrap();
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let config = config(&server.url()).retry_config(retrying(2)).build();
    cancel(&proton::Client::new(&config))
        .await
        .expect("the retry succeeds");
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for expected in [
        "operation{service=\"Proton\" operation=\"CancelComponentDeployment\"}",
        "attempt{attempt=1 max_attempts=2}",
        "attempt{attempt=2 max_attempts=2}",
        "status=500",
        "status=200",
        "request_id=\"req-500-test\"",
        "retrying",
        "endpoint resolved",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for secret in [SECRET_KEY, SESSION_TOKEN, "Signature=", "my-component"] {
        assert!(!text.contains(secret), "{secret:?} leaked:\n{text}");
    }
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

#[tokio::test]
async fn an_empty_or_null_body_is_an_empty_output() {
    for body in ["", "null", " null\n", "{}"] {
        let replay = ReplayTransport::new([ReplayEvent::response(response(200, &[], body))]);
        let config = fixture_endpoints::Config::builder()
            .region(REGION)
            .credentials_provider(credentials())
            .endpoint_url("https://example.test")
            .http_transport(replay)
            .build();
        fixture_endpoints::Client::new(&config)
            .ping()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{body:?}: {e}"));
    }
}

#[test]
fn a_sensitive_error_message_is_redacted_by_display_but_kept_by_its_accessor() {
    let error = fixture_sensitive::types::error::LoginFailed::builder()
        .message("the password was hunter2")
        .build()
        .unwrap();
    assert_eq!(
        error.to_string(),
        "LoginFailed: *** Sensitive Data Redacted ***"
    );
    assert_eq!(error.message(), "the password was hunter2");
}

// ---------------------------------------------------------------------------
// Per-operation auth
// ---------------------------------------------------------------------------

/// `@auth([])` is never signed; `@optionalAuth` is signed when credentials
/// exist and sent unsigned when they do not; everything else needs them.
#[tokio::test]
async fn operations_are_signed_as_their_auth_trait_says() {
    let ok = || ReplayEvent::response(response(200, &[], "{}"));
    for with_credentials in [true, false] {
        let replay = ReplayTransport::new([ok(), ok(), ok()]);
        let config =
            fixture_endpoints::Config::builder()
                .region(REGION)
                .set_credentials_provider(with_credentials.then(|| {
                    lean_runtime::credentials::SharedCredentialsProvider::new(credentials())
                }))
                .endpoint_url("https://example.test")
                .http_transport(replay.clone())
                .build();
        let client = fixture_endpoints::Client::new(&config);
        client
            .ping_anonymously()
            .send()
            .await
            .expect("never signed");
        client
            .ping_maybe_signed()
            .send()
            .await
            .expect("signed if possible");
        let required = client.ping().send().await;
        let requests = replay.requests();
        let signed: Vec<bool> = requests
            .iter()
            .map(|r| r.headers().contains_key("authorization"))
            .collect();
        if with_credentials {
            required.expect("signed");
            assert_eq!(signed, [false, true, true]);
        } else {
            let error = required.unwrap_err();
            assert!(
                chain(&error).contains("no credentials"),
                "{}",
                chain(&error)
            );
            assert_eq!(signed, [false, false], "the required one is not sent");
        }
    }
}

// ---------------------------------------------------------------------------
// Endpoint parameters of operations
// ---------------------------------------------------------------------------

/// `@contextParam` input members and `@staticContextParams` reach the rule
/// set for each call: the endpoint-params fixture's rules route `Ping` to
/// `{Stage}.{Plane}.{Region}` when its input names a stage (`Plane` is
/// static, `data`), and to the regional endpoint otherwise.
#[tokio::test]
async fn operation_endpoint_parameters_are_resolved_for_each_call() {
    let ok = || ReplayEvent::response(response(200, &[], "{}"));
    let replay = ReplayTransport::new([ok(), ok(), ok()]);
    let config = fixture_endpoint_params::Config::builder()
        .region(REGION)
        .credentials_provider(credentials())
        .http_transport(replay.clone())
        .build();
    let client = fixture_endpoint_params::Client::new(&config);
    client.ping().stage("beta").send().await.expect("staged");
    client.ping().send().await.expect("regional");
    let overridden = fixture_endpoint_params::Client::new(
        &config
            .to_builder()
            .endpoint_url("http://127.0.0.1:9")
            .build(),
    );
    overridden
        .ping()
        .stage("beta")
        .send()
        .await
        .expect("the override wins");
    let hosts: Vec<String> = replay
        .requests()
        .iter()
        .map(|r| {
            r.uri()
                .authority()
                .map(|a| a.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        hosts,
        [
            "beta.data.eu-west-1.example.com",
            "json11.eu-west-1.example.com",
            "127.0.0.1:9"
        ]
    );
    // The signature is scoped to the resolved host.
    assert_eq!(
        replay.requests()[0].headers()["host"],
        "beta.data.eu-west-1.example.com"
    );
}

/// `AWS::Auth::AccountId` comes from the credentials of the call and
/// `AWS::Auth::AccountIdEndpointMode` from the configuration (preferred by
/// default), as DynamoDB's account endpoints need.
#[tokio::test]
async fn account_endpoints_follow_the_credentials_account_and_the_mode() {
    use lean_runtime::config::AccountIdEndpointMode;
    let ok = || ReplayEvent::response(response(200, &[], "{}"));
    let host_of = |mode: Option<AccountIdEndpointMode>, account: Option<&str>| {
        let replay = ReplayTransport::new([ok()]);
        let mut credentials = credentials();
        if let Some(account) = account {
            credentials = credentials.with_account_id(account);
        }
        let mut builder = fixture_endpoint_params::Config::builder()
            .region(REGION)
            .credentials_provider(credentials)
            .http_transport(replay.clone());
        if let Some(mode) = mode {
            builder = builder.account_id_endpoint_mode(mode);
        }
        let client = fixture_endpoint_params::Client::new(&builder.build());
        async move {
            let result = client.ping().send().await.map(|_| ());
            let host = replay
                .requests()
                .first()
                .and_then(|r| r.uri().authority().map(|a| a.to_string()));
            (result.map_err(|e| chain(&e)), host)
        }
    };
    let account = Some("111122223333");
    let (result, host) = host_of(None, account).await;
    result.unwrap();
    assert_eq!(
        host.as_deref(),
        Some("111122223333.acct.eu-west-1.example.com")
    );
    let (_, host) = host_of(Some(AccountIdEndpointMode::Disabled), account).await;
    assert_eq!(host.as_deref(), Some("json11.eu-west-1.example.com"));
    let (_, host) = host_of(None, None).await;
    assert_eq!(host.as_deref(), Some("json11.eu-west-1.example.com"));
    let (result, host) = host_of(Some(AccountIdEndpointMode::Required), None).await;
    assert!(
        result
            .unwrap_err()
            .contains("AccountIdEndpointMode is required"),
        "nothing is sent without an account"
    );
    assert_eq!(host, None);
    // The environment names the account of its keys, and the mode.
    let dir = tempfile::tempdir().unwrap();
    let env = isolated(
        dir.path(),
        &[
            ("AWS_REGION", REGION),
            ("AWS_ACCOUNT_ID", "444455556666"),
            ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "required"),
        ],
    );
    let config = fixture_endpoint_params::Config::from_env_with(env)
        .await
        .unwrap();
    assert_eq!(
        config.account_id_endpoint_mode(),
        AccountIdEndpointMode::Required
    );
    let replay = ReplayTransport::new([ok()]);
    let config = config.to_builder().http_transport(replay.clone()).build();
    fixture_endpoint_params::Client::new(&config)
        .ping()
        .send()
        .await
        .unwrap();
    assert_eq!(
        replay.requests()[0].uri().authority().unwrap().as_str(),
        "444455556666.acct.eu-west-1.example.com"
    );
    let bad = isolated(dir.path(), &[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes")]);
    let error = fixture_endpoint_params::Config::from_env_with(bad)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("AWS_ACCOUNT_ID_ENDPOINT_MODE"),
        "{error}"
    );
}

/// `@operationContextParams` paths into the input reach the rule set: a
/// projection over a list (`items[*].name`) and a nested member
/// (`request.owner`).
#[tokio::test]
async fn operation_context_param_paths_are_evaluated() {
    use fixture_endpoint_params::types::{Item, RequestInfo};
    let ok = || ReplayEvent::response(response(200, &[], "{}"));
    let replay = ReplayTransport::new([ok(), ok(), ok()]);
    let config = fixture_endpoint_params::Config::builder()
        .region(REGION)
        .credentials_provider(credentials())
        .http_transport(replay.clone())
        .build();
    let client = fixture_endpoint_params::Client::new(&config);
    let item = |name: &str| Item::builder().name(name).build().unwrap();
    client
        .ping_tables()
        .items(item("orders"))
        .items(item("users"))
        .send()
        .await
        .unwrap();
    client
        .ping_tables()
        .request(RequestInfo::builder().owner("ana").build())
        .send()
        .await
        .unwrap();
    client.ping_tables().send().await.unwrap();
    let hosts: Vec<String> = replay
        .requests()
        .iter()
        .map(|r| r.uri().authority().unwrap().to_string())
        .collect();
    assert_eq!(
        hosts,
        [
            "orders.tables.eu-west-1.example.com",
            "ana.owners.eu-west-1.example.com",
            "json11.eu-west-1.example.com"
        ]
    );
}
