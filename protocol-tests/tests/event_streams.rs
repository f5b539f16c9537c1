//! Event streams of the generated RestJson client, with the frames of the
//! official event-stream cases (`restJson1/event-stream.smithy`):
//!
//! - an output stream through the real transport (hyper, over a socket on
//!   127.0.0.1), the server writing one event, waiting until the client
//!   has it, then the rest and a modelled exception: the output arrives
//!   before the first event, events as they are written, each variant read
//!   back, the exception a typed error that ends the stream;
//! - a stream cut inside a frame, and a consumer that drops the stream
//!   early: an error, never a hang or a panic;
//! - an input stream: each event the client writes is the official
//!   case's message.

use lean_runtime::credentials::Credentials;
use lean_runtime::error::SdkError;
use lean_runtime::event_stream::{EventSender, Message, decode_message};
use lean_runtime::operation::Operation;
use lean_runtime::retry::RetryConfig;
use rest_json::operation::output_stream::OutputStreamError;
use rest_json::types::{EventStream, PayloadStructure, PayloadUnion};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;

/// The `bytes` of official case `id`, decoded.
fn case_bytes(id: &str) -> Vec<u8> {
    let path = protocol_tests::suites::shared_dir()
        .expect("shared/protocol-tests")
        .join("restJson1/event-stream.smithy");
    let text = std::fs::read_to_string(&path).expect("the event-stream cases");
    let start = text
        .find(&format!("id: \"{id}\""))
        .unwrap_or_else(|| panic!("no case {id}"));
    let rest = &text[start..];
    let bytes = rest.find("bytes: \"").expect("the case has bytes") + "bytes: \"".len();
    let end = rest[bytes..].find('"').expect("closing quote");
    lean_runtime::blob::decode(&rest[bytes..bytes + end]).expect("base64")
}

/// Serves one request: answers 200 with an event-stream body written in
/// `parts`, each after the client says it is ready for it (a message on
/// `go`); the connection is closed after the last.
fn serve(
    listener: TcpListener,
    parts: Vec<Vec<u8>>,
    go: mpsc::Receiver<()>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("a connection");
        let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
        let mut line = String::new();
        loop {
            line.clear();
            reader.read_line(&mut line).expect("a request line");
            if line.trim_end().is_empty() {
                break;
            }
        }
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amazon.eventstream\r\nConnection: close\r\n\r\n"
        )
        .expect("the head");
        stream.flush().expect("flushed");
        for part in parts {
            if go.recv().is_err() {
                return;
            }
            if stream.write_all(&part).is_err() {
                return;
            }
            stream.flush().expect("flushed");
        }
    })
}

fn client(port: u16) -> rest_json::Client {
    let config = rest_json::Config::builder()
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    rest_json::Client::new(&config)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_events_arrive_as_they_are_written_and_an_exception_ends_the_stream() {
    let first = case_bytes("HeadersAndExplicitPayloadOutput");
    let mut rest = Vec::new();
    for id in [
        "BlobPayloadOutput",
        "StringPayloadOutput",
        "UnionPayloadOutput",
        "HeadersAndImplicitPayloadOutput",
        "BooleanHeaderOutput",
        "ClientErrorOutput",
    ] {
        rest.extend(case_bytes(id));
    }
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("its address").port();
    let (go, ready) = mpsc::channel();
    let server = serve(listener, vec![first, rest], ready);

    // The output comes with the response's head, before any event.
    let output = client(port)
        .output_stream()
        .send()
        .await
        .expect("the call succeeds");
    let mut events = output.stream.expect("the stream");
    go.send(()).expect("the server waits");
    let first = events.recv().await.expect("an event").expect("not the end");
    assert_eq!(
        first,
        EventStream::HeadersAndExplicitPayload(
            rest_json::types::HeadersAndExplicitPayloadEvent::builder()
                .header("foo")
                .payload(PayloadStructure::builder().structure_member("bar").build())
                .build()
        )
    );
    // Only now is the rest written: the first event came as it arrived.
    go.send(()).expect("the server waits");
    let mut seen = Vec::new();
    let error = loop {
        match events.recv().await {
            Ok(Some(event)) => seen.push(event),
            Ok(None) => panic!("the stream ended without its exception"),
            Err(error) => break error,
        }
    };
    assert_eq!(
        seen,
        [
            EventStream::BlobPayload(
                rest_json::types::BlobPayloadEvent::builder()
                    .payload(lean_runtime::Blob::new(b"bar".to_vec()))
                    .build()
            ),
            EventStream::StringPayload(
                rest_json::types::StringPayloadEvent::builder()
                    .payload("foo")
                    .build()
            ),
            EventStream::UnionPayload(
                rest_json::types::UnionPayloadEvent::builder()
                    .payload(PayloadUnion::UnionMember("bar".to_owned()))
                    .build()
            ),
            EventStream::HeadersAndImplicitPayload(
                rest_json::types::HeadersAndImplicitPayloadEvent::builder()
                    .header("foo")
                    .payload("bar")
                    .build()
            ),
            EventStream::Headers(
                rest_json::types::HeadersEvent::builder()
                    .boolean_header(true)
                    .build()
            ),
        ]
    );
    match error {
        SdkError::ServiceError(e) => match e.err() {
            OutputStreamError::ErrorEvent(event) => assert_eq!(event.message(), Some("foo")),
            other => panic!("not the modelled exception: {other:?}"),
        },
        other => panic!("not a service error: {other:?}"),
    }
    assert!(
        matches!(events.recv().await, Ok(None)),
        "the stream is over"
    );
    server.join().expect("the server ran");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_cut_inside_a_frame_is_an_error_and_a_dropped_stream_releases_the_connection() {
    let mut body = case_bytes("StringPayloadOutput");
    let whole = body.len();
    body.extend_from_slice(&case_bytes("BlobPayloadOutput")[..20]);
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("its address").port();
    let (go, ready) = mpsc::channel();
    let server = serve(listener, vec![body], ready);
    go.send(()).expect("the server waits");
    let output = client(port)
        .output_stream()
        .send()
        .await
        .expect("the call succeeds");
    let mut events = output.stream.expect("the stream");
    assert!(matches!(
        events.recv().await,
        Ok(Some(EventStream::StringPayload(_)))
    ));
    match events.recv().await {
        Err(SdkError::ResponseError(e)) => {
            let message = format!("{e:?}");
            assert!(message.contains("ended"), "{message}");
        }
        other => panic!("a truncated frame must be an error, not {other:?} (after {whole} bytes)"),
    }
    server.join().expect("the server ran");

    // A consumer that stops reading: dropping the receiver closes the
    // connection, and the server's next write fails instead of blocking.
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("its address").port();
    let (go, ready) = mpsc::channel();
    let endless: Vec<Vec<u8>> = (0..64)
        .map(|_| case_bytes("StringPayloadOutput").repeat(2048))
        .collect();
    let server = serve(listener, endless, ready);
    go.send(()).expect("the server waits");
    let output = client(port)
        .output_stream()
        .send()
        .await
        .expect("the call succeeds");
    let mut events = output.stream.expect("the stream");
    assert!(matches!(events.recv().await, Ok(Some(_))));
    drop(events);
    for _ in 0..63 {
        let _ = go.send(());
    }
    drop(go);
    server
        .join()
        .expect("the server stops once the client has gone");
}

#[tokio::test]
async fn input_events_are_the_official_messages() {
    let cases: Vec<(&str, EventStream)> = vec![
        (
            "BooleanHeaderInput",
            EventStream::Headers(
                rest_json::types::HeadersEvent::builder()
                    .boolean_header(true)
                    .build(),
            ),
        ),
        (
            "LongHeaderInput",
            EventStream::Headers(
                rest_json::types::HeadersEvent::builder()
                    .long_header(4_294_967_294)
                    .build(),
            ),
        ),
        (
            "BlobPayloadInput",
            EventStream::BlobPayload(
                rest_json::types::BlobPayloadEvent::builder()
                    .payload(lean_runtime::Blob::new(b"bar".to_vec()))
                    .build(),
            ),
        ),
        (
            "StructurePayloadInput",
            EventStream::StructurePayload(
                rest_json::types::StructurePayloadEvent::builder()
                    .payload(PayloadStructure::builder().structure_member("foo").build())
                    .build(),
            ),
        ),
        (
            "HeadersAndImplicitPayloadInput",
            EventStream::HeadersAndImplicitPayload(
                rest_json::types::HeadersAndImplicitPayloadEvent::builder()
                    .header("foo")
                    .payload("bar")
                    .build(),
            ),
        ),
    ];
    let expected: Vec<Message> = cases
        .iter()
        .map(|(id, _)| decode_message(&case_bytes(id)).expect("the official message"))
        .collect();
    let events: EventSender<EventStream> = cases.into_iter().map(|(_, e)| e).collect();
    let input = rest_json::operation::input_stream::InputStreamInput::builder()
        .stream(events)
        .build()
        .expect("an input");
    let request =
        rest_json::operation::input_stream::InputStream::serialize(&input).expect("the request");
    assert_eq!(request.uri().path(), "/InputStream");
    assert_eq!(
        request.headers()["content-type"],
        "application/vnd.amazon.eventstream"
    );
    let sent = tokio::task::spawn_blocking(move || protocol_tests::events::sent_events(&request))
        .await
        .expect("read")
        .expect("well-formed messages");
    assert_eq!(sent, expected);
}

/// The RestJson command-line tool, built.
fn tool() -> std::path::PathBuf {
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "-q", "-p", "rest-json", "--example", "rest-json"])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the rest-json example failed");
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
            std::path::PathBuf::from,
        )
        .join("debug/examples/rest-json")
}

#[test]
fn the_command_line_prints_each_event_as_a_json_line_and_fails_on_the_exception() {
    let tool = tool();
    let mut body = Vec::new();
    for id in [
        "StringPayloadOutput",
        "HeadersAndImplicitPayloadOutput",
        "ClientErrorOutput",
    ] {
        body.extend(case_bytes(id));
    }
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("its address").port();
    let (go, ready) = mpsc::channel();
    let server = serve(listener, vec![body], ready);
    go.send(()).expect("the server waits");
    let output = std::process::Command::new(tool)
        .args([
            "output-stream",
            "--endpoint-url",
            &format!("http://127.0.0.1:{port}"),
        ])
        .args(["--region", "us-east-1"])
        .env("AWS_ACCESS_KEY_ID", "AKID")
        .env("AWS_SECRET_ACCESS_KEY", "SECRET")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/nonexistent/lean-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/lean-credentials",
        )
        .output()
        .expect("the tool runs");
    server.join().expect("the server ran");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            r#"{"stringPayload":{"payload":"foo"}}"#,
            r#"{"headersAndImplicitPayload":{"header":"foo","payload":"bar"}}"#,
        ],
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_ne!(
        output.status.code(),
        Some(0),
        "the exception fails the command"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ErrorEvent") || stderr.contains("error"),
        "{stderr}"
    );
}

/// What the input-stream server saw: the request's headers and the
/// messages of its chunked body.
struct Uploaded {
    headers: Vec<(String, String)>,
    messages: Vec<Message>,
}

/// Serves one request whose body is chunked event-stream frames: reads
/// them all, then answers 200.
fn serve_upload(listener: TcpListener) -> std::thread::JoinHandle<Uploaded> {
    std::thread::spawn(move || {
        use std::io::Read;
        let (stream, _) = listener.accept().expect("a connection");
        let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
        let mut line = String::new();
        reader.read_line(&mut line).expect("the request line");
        let mut headers = Vec::new();
        loop {
            line.clear();
            reader.read_line(&mut line).expect("a header line");
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                break;
            }
            let (name, value) = trimmed.split_once(':').expect("name: value");
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
        let mut body = Vec::new();
        loop {
            line.clear();
            reader.read_line(&mut line).expect("a chunk size");
            let size = usize::from_str_radix(line.trim(), 16).expect("a hex size");
            let mut chunk = vec![0; size + 2];
            reader
                .read_exact(&mut chunk)
                .expect("the chunk and its CRLF");
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
        let messages = protocol_tests::events::split_messages(&body).expect("well-formed frames");
        let mut stream = stream;
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .expect("the answer");
        Uploaded { headers, messages }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn input_events_are_sent_signed_in_a_chain_and_end_with_a_signed_empty_message() {
    use lean_runtime::credentials::SharedCredentialsProvider;
    use lean_runtime::region::Region;
    use lean_runtime::sign::{MessageSigner, SigV4Signer};

    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("its address").port();
    let server = serve_upload(listener);
    // Fed while the call runs.
    let (feed, events) = EventSender::channel(1);
    let feeding = tokio::spawn(async move {
        for text in ["one", "two"] {
            let event = EventStream::StringPayload(
                rest_json::types::StringPayloadEvent::builder()
                    .payload(text)
                    .build(),
            );
            feed.send(event).await.expect("the stream is open");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    });
    client(port)
        .input_stream()
        .stream(events)
        .send()
        .await
        .expect("the call succeeds");
    feeding.await.expect("fed");
    let uploaded = server.join().expect("the server ran");
    let header = |name: &str| {
        uploaded
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        header("x-amz-content-sha256").as_deref(),
        Some("STREAMING-AWS4-HMAC-SHA256-EVENTS")
    );
    assert_eq!(header("transfer-encoding").as_deref(), Some("chunked"));
    let authorization = header("authorization").expect("signed");
    let seed = authorization
        .rsplit_once("Signature=")
        .expect("a signature")
        .1;

    // Two events and the empty message that ends the stream, each signed
    // with the signature chained from the request's.
    assert_eq!(uploaded.messages.len(), 3);
    let signer = SigV4Signer::new(
        SharedCredentialsProvider::new(Credentials::new("AKID", "SECRET", None, None, "test")),
        "restjson",
        Region::from_static("us-east-1"),
    );
    let mut chain = MessageSigner::new(
        signer,
        Credentials::new("AKID", "SECRET", None, None, "test"),
        seed,
    );
    for (i, outer) in uploaded.messages.iter().enumerate() {
        let date = outer
            .headers()
            .iter()
            .find(|h| h.name().as_str() == ":date")
            .and_then(|h| h.value().as_timestamp().ok())
            .expect("a :date header");
        let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(date.secs() as u64);
        let expected = chain
            .sign_message(outer.payload().clone(), time)
            .expect("signs");
        assert_eq!(&expected, outer, "message {i}'s signature chains");
        if i < 2 {
            let inner = decode_message(outer.payload()).expect("an event inside");
            let text = if i == 0 { "one" } else { "two" };
            assert_eq!(inner.payload().as_ref(), text.as_bytes());
        } else {
            assert!(
                outer.payload().is_empty(),
                "the stream ends with an empty message"
            );
        }
    }
}
