//! `HyperTransport` speaking HTTP/2 (prior knowledge over plain TCP) to a
//! hyper server on 127.0.0.1: a request that asks for HTTP/2 gets it, and
//! its body and the response's stream both ways at once, as an event
//! stream in both directions needs.

use bytes::Bytes;
use lean_runtime::byte_stream::{ByteStream, ResponseStream, StreamResponse, StreamingBody};
use lean_runtime::transport::{HttpTransport, HyperTransport};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// A request body fed chunk by chunk through a channel.
struct ChannelBody(mpsc::Receiver<Bytes>);

impl http_body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|c| Ok(http_body::Frame::data(c))))
    }
}

/// Serves one HTTP/2 connection whose one request is answered with its
/// own body, streamed back as it arrives; returns the request's version,
/// once the client has closed the connection.
async fn echo_server() -> (String, tokio::task::JoinHandle<http::Version>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}/echo", listener.local_addr().expect("bound"));
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("a connection");
        let (version_tx, mut version_rx) = mpsc::unbounded_channel();
        let service =
            hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
                let _ = version_tx.send(request.version());
                async move {
                    // The request's chunks, forwarded as they arrive.
                    let (tx, rx) = mpsc::channel(4);
                    tokio::spawn(async move {
                        use http_body_util::BodyExt;
                        let mut body = request.into_body();
                        while let Some(Ok(frame)) = body.frame().await {
                            if let Ok(data) = frame.into_data()
                                && tx.send(data).await.is_err()
                            {
                                return;
                            }
                        }
                    });
                    Ok::<_, std::convert::Infallible>(http::Response::new(ChannelBody(rx)))
                }
            });
        let connection =
            hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new())
                .serve_connection(hyper_util::rt::TokioIo::new(tcp), service);
        // The client closes its connection once the exchange is over (a
        // connection per request, never pooled): nothing is left open.
        tokio::time::timeout(std::time::Duration::from_secs(5), connection)
            .await
            .expect("the client closes the connection after the exchange")
            .expect("the connection is served");
        version_rx.recv().await.expect("a request arrived")
    });
    (url, server)
}

#[tokio::test]
async fn an_http2_request_streams_both_ways_at_once() {
    let (url, server) = echo_server().await;
    let (tx, rx) = mpsc::channel(1);
    let mut request = http::Request::builder()
        .method("POST")
        .uri(&url)
        .version(http::Version::HTTP_2)
        .body(Bytes::new())
        .expect("a request");
    request
        .extensions_mut()
        .insert(StreamingBody(ByteStream::from_body(ChannelBody(rx), None)));
    request.extensions_mut().insert(StreamResponse);
    tx.send(Bytes::from_static(b"first")).await.expect("sent");

    let response = HyperTransport::new()
        .send(request)
        .await
        .expect("the exchange starts");
    assert_eq!(response.status(), 200);
    let mut body = response
        .extensions()
        .get::<ResponseStream>()
        .and_then(ResponseStream::take)
        .expect("the response streams");
    // Each chunk comes back before the next is sent: the request is still
    // open while the response is read.
    let mut echoed = Vec::new();
    for next in [&b"second"[..], b"third"] {
        let chunk = body.next().await.expect("a chunk").expect("readable");
        echoed.extend_from_slice(&chunk);
        tx.send(Bytes::from_static(next)).await.expect("sent");
    }
    drop(tx);
    while let Some(chunk) = body.next().await {
        echoed.extend_from_slice(&chunk.expect("readable"));
    }
    assert_eq!(echoed, b"firstsecondthird");
    drop((body, response));
    assert_eq!(server.await.expect("the server ran"), http::Version::HTTP_2);
}

#[tokio::test]
async fn http1_requests_stay_http1() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}/", listener.local_addr().expect("bound"));
    let server = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut tcp, _) = listener.accept().await.expect("a connection");
        let mut head = vec![0u8; 1024];
        let n = tcp.read(&mut head).await.expect("the request");
        tcp.write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
            .await
            .expect("answered");
        String::from_utf8_lossy(&head[..n]).into_owned()
    });
    let request = http::Request::builder()
        .uri(&url)
        .body(Bytes::new())
        .expect("a request");
    let response = HyperTransport::new().send(request).await.expect("sent");
    assert_eq!(response.status(), 204);
    let head = server.await.expect("the server ran");
    assert!(head.starts_with("GET / HTTP/1.1\r\n"), "{head}");
}
