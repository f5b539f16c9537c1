//! A raw HTTP/1.1 server on 127.0.0.1 that records what arrives and answers
//! with bytes the test chooses, so tests see exactly what went over the wire.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Clone, Debug)]
#[allow(dead_code)] // Not every test binary including this file reads every field.
pub struct Received {
    /// Which accepted connection it came on, counting from 0.
    pub connection: usize,
    /// The request line and headers, as sent.
    pub head: String,
    pub body: Vec<u8>,
}

/// What the server does with a request.
#[allow(dead_code)] // Not every test binary including this file closes connections.
pub enum Reply {
    /// Writes these bytes and waits for the next request on the connection.
    KeepOpen(Vec<u8>),
    /// Writes these bytes and closes the connection.
    Close(Vec<u8>),
}

pub struct Server {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    accepted: Arc<AtomicUsize>,
}

impl Server {
    /// Serves until the test ends, answering request `n` (from 0) with `reply(n)`.
    #[allow(dead_code)] // Not every test binary including this file uses both.
    pub async fn start(reply: impl Fn(usize) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_routed(move |_, index| reply(index)).await
    }

    /// Serves until the test ends, answering each request with what
    /// `reply` makes of it and its index.
    pub async fn start_routed(
        reply: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let accepted = Arc::new(AtomicUsize::new(0));
        let reply = Arc::new(reply);
        let (r, a) = (received.clone(), accepted.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let connection = a.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, connection, r.clone(), reply.clone()));
            }
        });
        Self {
            addr,
            received,
            accepted,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("not poisoned").clone()
    }

    #[allow(dead_code)] // Not every test binary including this file uses it.
    pub fn connections(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

async fn serve(
    mut stream: TcpStream,
    connection: usize,
    received: Arc<Mutex<Vec<Received>>>,
    reply: Arc<impl Fn(&Received, usize) -> Reply>,
) {
    let mut buffer = Vec::new();
    while let Some((head, body)) = read_request(&mut stream, &mut buffer).await {
        let request = Received {
            connection,
            head,
            body,
        };
        let index = {
            let mut received = received.lock().expect("not poisoned");
            received.push(request.clone());
            received.len() - 1
        };
        match reply(&request, index) {
            Reply::KeepOpen(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Reply::Close(bytes) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
                return;
            }
        }
    }
}

/// Reads one request (head, then a `content-length` body); `None` at the end
/// of the connection.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<(String, Vec<u8>)> {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    let body = buffer[head_end..head_end + length].to_vec();
    buffer.drain(..head_end + length);
    Some((head, body))
}

/// An HTTP/1.1 response with a `content-length` body and extra header lines.
pub fn response(status: u16, headers: &[&str], body: &str) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} Status\r\ncontent-length: {}\r\n",
        body.len()
    );
    for header in headers {
        out.push_str(header);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(body);
    out.into_bytes()
}
