//! `HyperTransport` against real sockets on 127.0.0.1.

use crate::server::{Reply, Server, response};
use bytes::Bytes;
use lean_runtime::transport::{HttpTransport, HyperTransport, TransportError, TransportErrorKind};
use std::error::Error as _;
use std::task::{Context, Poll, Waker};
use tokio::net::TcpListener;

fn request(method: &str, url: &str, body: &'static str) -> http::Request<Bytes> {
    http::Request::builder()
        .method(method)
        .uri(url)
        .body(Bytes::from_static(body.as_bytes()))
        .expect("valid request")
}

async fn send(
    transport: &HyperTransport,
    url: &str,
) -> Result<http::Response<Bytes>, TransportError> {
    transport.send(request("GET", url, "")).await
}

#[tokio::test]
async fn request_line_headers_and_body_arrive_and_the_response_comes_back() {
    let server =
        Server::start(|_| Reply::KeepOpen(response(201, &["x-reply: yes"], "{\"ok\":true}"))).await;
    let transport = HyperTransport::new();
    let mut req = request("POST", &server.url("/things?x=1&y=%20"), "{\"name\":\"n\"}");
    req.headers_mut()
        .insert("x-amz-target", "Svc.Op".parse().expect("valid"));
    let resp = transport.send(req).await.expect("exchange succeeds");

    assert_eq!(resp.status(), 201);
    assert_eq!(resp.headers()["x-reply"], "yes");
    assert_eq!(resp.body(), "{\"ok\":true}");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let head = &received[0].head;
    assert!(
        head.starts_with("POST /things?x=1&y=%20 HTTP/1.1\r\n"),
        "{head}"
    );
    let host = format!("host: {}\r\n", server.addr);
    assert!(head.contains(&host), "{head}");
    assert!(head.contains("x-amz-target: Svc.Op\r\n"), "{head}");
    assert!(head.contains("content-length: 12\r\n"), "{head}");
    assert_eq!(received[0].body, b"{\"name\":\"n\"}");
}

#[tokio::test]
async fn a_host_header_set_by_the_caller_is_kept() {
    let server = Server::start(|_| Reply::KeepOpen(response(200, &[], ""))).await;
    let mut req = request("GET", &server.url("/"), "");
    req.headers_mut()
        .insert("host", "svc.example.test".parse().expect("valid"));
    HyperTransport::new()
        .send(req)
        .await
        .expect("exchange succeeds");
    let head = &server.received()[0].head;
    assert!(head.contains("host: svc.example.test\r\n"), "{head}");
    assert_eq!(head.matches("host:").count(), 1, "{head}");
}

#[tokio::test]
async fn a_second_request_reuses_the_connection() {
    let server = Server::start(|n| Reply::KeepOpen(response(200, &[], &format!("r{n}")))).await;
    let transport = HyperTransport::new();
    assert_eq!(
        send(&transport, &server.url("/a"))
            .await
            .expect("first")
            .body(),
        "r0"
    );
    assert_eq!(
        send(&transport, &server.url("/b"))
            .await
            .expect("second")
            .body(),
        "r1"
    );
    // Clones share the pool.
    let clone = transport.clone();
    assert_eq!(
        send(&clone, &server.url("/c")).await.expect("third").body(),
        "r2"
    );

    assert_eq!(server.connections(), 1);
    let connections: Vec<usize> = server.received().iter().map(|r| r.connection).collect();
    assert_eq!(connections, [0, 0, 0]);
}

#[tokio::test]
async fn a_connection_the_server_closes_is_not_reused() {
    let server =
        Server::start(|n| Reply::KeepOpen(response(200, &["connection: close"], &format!("r{n}"))))
            .await;
    let transport = HyperTransport::new();
    assert_eq!(
        send(&transport, &server.url("/"))
            .await
            .expect("first")
            .body(),
        "r0"
    );
    assert_eq!(
        send(&transport, &server.url("/"))
            .await
            .expect("second")
            .body(),
        "r1"
    );
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_connection_closed_right_after_answering_is_not_reused() {
    let server = Server::start(|n| Reply::Close(response(200, &[], &format!("r{n}")))).await;
    let transport = HyperTransport::new();
    for n in 0..3 {
        let resp = send(&transport, &server.url("/"))
            .await
            .expect("exchange succeeds");
        assert_eq!(resp.body(), format!("r{n}").as_str());
    }
    assert_eq!(server.connections(), 3);
}

/// The server closes an idle pooled connection, and the client has not yet
/// noticed when the next request takes it from the pool. The request was
/// written, so the transport cannot know the server did not act on it: it
/// fails with a retryable I/O error and leaves resending to the retry policy
/// (a counted attempt). The next request goes out on a new connection.
///
/// The race is made certain: the test runs on one thread, and it blocks that
/// thread (so the connection's task cannot run and see the close) from
/// before the server closes until the request is queued on the dead
/// connection. The server is a plain thread so it can work meanwhile.
#[tokio::test]
async fn a_pooled_connection_closed_while_idle_fails_retryably_then_is_replaced() {
    use std::io::{Read, Write};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    fn answer(stream: &mut std::net::TcpStream, body: &str) {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte) {
                Ok(1) => head.push(byte[0]),
                _ => return,
            }
        }
        let _ = stream.write_all(&response(200, &[], body));
    }

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    let (close, close_requested) = mpsc::channel::<()>();
    let (closed, close_done) = mpsc::channel::<()>();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        let Ok((mut first, _)) = listener.accept() else {
            return;
        };
        counter.fetch_add(1, Ordering::SeqCst);
        answer(&mut first, "first");
        let _ = close_requested.recv();
        drop(first);
        let _ = closed.send(());
        let Ok((mut second, _)) = listener.accept() else {
            return;
        };
        counter.fetch_add(1, Ordering::SeqCst);
        answer(&mut second, "second");
    });

    let transport = HyperTransport::new();
    let url = format!("http://{addr}/");
    assert_eq!(send(&transport, &url).await.expect("first").body(), "first");
    close.send(()).expect("server thread runs");
    close_done.recv().expect("server closed the connection");
    let error = send(&transport, &url)
        .await
        .expect_err("written into the closed connection");
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "not resent");
    let resp = send(&transport, &url)
        .await
        .expect("the next request takes a new connection");
    assert_eq!(resp.body(), "second");
    assert_eq!(accepted.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn pooling_can_be_turned_off() {
    let server = Server::start(|_| Reply::KeepOpen(response(200, &[], ""))).await;
    let transport = HyperTransport::builder().max_idle_per_host(0).build();
    send(&transport, &server.url("/")).await.expect("first");
    send(&transport, &server.url("/")).await.expect("second");
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    let err = send(&HyperTransport::new(), &format!("http://{addr}/"))
        .await
        .expect_err("nobody listens");
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(err.host(), Some(addr.to_string().as_str()));
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("could not connect to {addr}: ")),
        "{shown}"
    );
    let io = err
        .source()
        .and_then(|s| s.downcast_ref::<std::io::Error>());
    assert_eq!(
        io.map(|e| e.kind()),
        Some(std::io::ErrorKind::ConnectionRefused)
    );
}

/// TLS needs the `rustls` feature (on by default).
#[cfg(feature = "rustls")]
mod tls {
    use super::send;
    use lean_runtime::transport::HyperTransport;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// The kernel completes TCP handshakes into the listen backlog even when the
    /// server never calls `accept`, so a connect timeout on plain TCP cannot be
    /// provoked on loopback without a network. A TLS handshake can: the
    /// ClientHello goes out and no answer ever comes back. The clock is paused,
    /// so the 3.1 s pass instantly and exactly.
    #[tokio::test(start_paused = true)]
    async fn the_connect_timeout_covers_the_tls_handshake() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let start = tokio::time::Instant::now();
        let err = send(&HyperTransport::new(), &format!("https://{addr}/"))
            .await
            .expect_err("the server never answers");
        let waited = start.elapsed();
        assert!(err.is_timeout(), "{err:?}");
        assert!(err.to_string().contains("connect timeout of 3.1s"), "{err}");
        assert_eq!(waited, Duration::from_millis(3100));
        drop(listener);
    }

    #[tokio::test(start_paused = true)]
    async fn the_connect_timeout_is_configurable() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let transport = HyperTransport::builder()
            .connect_timeout(Some(Duration::from_secs(1)))
            .build();
        let start = tokio::time::Instant::now();
        let err = send(&transport, &format!("https://{addr}/"))
            .await
            .expect_err("no answer");
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(start.elapsed(), Duration::from_secs(1));
        drop(listener);
    }

    #[tokio::test]
    async fn a_server_that_does_not_speak_tls_is_a_tls_error() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move {
            if let Ok((mut stream, _)) = listener.accept().await {
                let mut hello = [0u8; 512];
                let _ = stream.read(&mut hello).await;
                let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
            }
        });
        let err = send(&HyperTransport::new(), &format!("https://{addr}/"))
            .await
            .expect_err("not TLS");
        assert!(err.is_tls(), "{err:?}");
    }
}

#[cfg(not(feature = "rustls"))]
#[tokio::test]
async fn without_rustls_https_is_a_tls_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let err = send(&HyperTransport::new(), &format!("https://{addr}/"))
        .await
        .expect_err("no TLS support");
    assert!(err.is_tls(), "{err:?}");
    assert!(err.to_string().contains("`rustls` feature"), "{err}");
}

#[tokio::test]
async fn a_server_closing_mid_body_is_an_io_error() {
    let server = Server::start(|_| {
        Reply::Close(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789".to_vec())
    })
    .await;
    let err = send(&HyperTransport::new(), &server.url("/"))
        .await
        .expect_err("truncated body");
    assert!(err.is_io(), "{err:?}");
    assert_eq!(err.host(), Some(server.addr.to_string().as_str()));
}

#[tokio::test]
async fn a_server_closing_before_answering_is_an_io_error() {
    let server = Server::start(|_| Reply::Close(Vec::new())).await;
    let err = send(&HyperTransport::new(), &server.url("/"))
        .await
        .expect_err("no response");
    assert!(err.is_io(), "{err:?}");
}

#[tokio::test]
async fn a_malformed_response_is_an_other_error() {
    let server = Server::start(|_| Reply::Close(b"SMTP ready\r\n\r\n".to_vec())).await;
    let err = send(&HyperTransport::new(), &server.url("/"))
        .await
        .expect_err("not HTTP");
    assert!(err.is_other(), "{err:?}");
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let server = Server::start(|_| Reply::KeepOpen(response(200, &[], "0123456789"))).await;
    let transport = HyperTransport::builder().max_response_body(9).build();
    let err = send(&transport, &server.url("/"))
        .await
        .expect_err("too large");
    assert!(err.is_other(), "{err:?}");
    assert!(err.to_string().contains("limit of 9 bytes"), "{err}");
    let transport = HyperTransport::builder().max_response_body(10).build();
    let ok = send(&transport, &server.url("/"))
        .await
        .expect("at the limit");
    assert_eq!(ok.body(), "0123456789");
}

#[tokio::test]
async fn chunked_bodies_are_read_whole() {
    let server = Server::start(|_| {
        Reply::KeepOpen(
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n"
                .to_vec(),
        )
    })
    .await;
    let transport = HyperTransport::new();
    let resp = send(&transport, &server.url("/"))
        .await
        .expect("exchange succeeds");
    assert_eq!(resp.body(), "abcdefg");
    send(&transport, &server.url("/")).await.expect("second");
    assert_eq!(server.connections(), 1, "a chunked body ends cleanly");
}

#[tokio::test]
async fn unusable_uris_fail_without_connecting() {
    let err = send(&HyperTransport::new(), "/relative")
        .await
        .expect_err("relative");
    assert!(err.is_other(), "{err:?}");
    let err = send(&HyperTransport::new(), "ftp://127.0.0.1/")
        .await
        .expect_err("ftp");
    assert!(err.is_other(), "{err:?}");
}

#[test]
fn outside_a_runtime_send_fails_instead_of_panicking() {
    let transport = HyperTransport::new();
    let mut future = transport.send(request("GET", "http://127.0.0.1:9/", ""));
    let mut cx = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(Err(err)) => {
            assert!(err.to_string().contains("Tokio runtime"), "{err}");
        }
        other => panic!("expected an immediate error, got {other:?}"),
    }
}
