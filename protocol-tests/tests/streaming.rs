//! Streaming blobs through the real transport (hyper, over a socket on
//! 127.0.0.1): a 3 MiB file sent as the body of RestJson's
//! `StreamingTraits`, chunk by chunk, with its length and SHA-256 signed;
//! the 2 MiB body of the response handed over as it arrives and written to
//! a file. Neither is ever held whole by the client.

use lean_runtime::byte_stream::ByteStream;
use lean_runtime::credentials::Credentials;
use lean_runtime::retry::RetryConfig;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

/// What the server saw of the one request it answered.
struct Seen {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Serves one request on `listener`: reads it whole (a `content-length`
/// body), then answers 200 with `X-Foo` and `reply` as the body.
fn serve_one(listener: TcpListener, reply: Vec<u8>) -> std::thread::JoinHandle<Seen> {
    std::thread::spawn(move || {
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
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map(|(_, v)| v.parse().expect("a length"))
            .expect("the client sends the file's length");
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("the whole body");
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nX-Foo: Bar\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            reply.len()
        )
        .expect("the head");
        // In pieces, as a large object arrives.
        for piece in reply.chunks(100_000) {
            stream.write_all(piece).expect("a piece");
        }
        Seen { headers, body }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_streams_up_and_the_response_streams_down_to_a_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let upload = dir.path().join("upload");
    let sent: Vec<u8> = (0..3 * 1024 * 1024u32).map(|i| (i % 249) as u8).collect();
    std::fs::write(&upload, &sent).expect("the file");
    let reply: Vec<u8> = (0..2 * 1024 * 1024u32).map(|i| (i % 241) as u8).collect();

    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("its address").port();
    let server = serve_one(listener, reply.clone());

    let config = rest_json::Config::builder()
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .build();
    let client = rest_json::Client::new(&config);
    let output = client
        .streaming_traits()
        .foo("Foo")
        .blob(ByteStream::from_path(&upload).expect("a file"))
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(output.foo(), Some("Bar"));

    let download = dir.path().join("download");
    let written = output
        .blob()
        .clone()
        .write_to_file(&download)
        .await
        .expect("the body is written");
    assert_eq!(written, reply.len() as u64);
    assert_eq!(std::fs::read(&download).expect("read back"), reply);

    let seen = server.join().expect("the server ran");
    assert_eq!(seen.body, sent, "the server received the file");
    assert_eq!(seen.header("x-foo"), Some("Foo"));
    let hash = Sha256::digest(&sent)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    assert_eq!(
        seen.header("x-amz-content-sha256"),
        Some(hash.as_str()),
        "the payload hash signed is the file's"
    );
    assert!(
        seen.header("authorization")
            .is_some_and(|a| a.contains("x-amz-content-sha256")),
        "the payload hash is a signed header"
    );
}
