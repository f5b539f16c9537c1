//! A local HTTP/1.1 server for end-to-end client tests.
//!
//! [`TestServer`] listens on `127.0.0.1` on a port the system picks, answers
//! each request with the next scripted [`Reply`], and records every request
//! exactly as it arrived (method, target, headers in order, body), so a test
//! can check what a client really put on the wire, including its SigV4
//! signature (see [`ReceivedRequest::verify_signature`]).

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

/// The error code a [`TestServer`] answers with once its script is used up.
pub const OUT_OF_REPLIES: &str = "TestServerOutOfReplies";

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Answers with this status, headers and body.
    Respond {
        /// The HTTP status code.
        status: u16,
        /// Response headers, in order.
        headers: Vec<(String, String)>,
        /// The response body.
        body: String,
    },
    /// Never answers: the connection stays open, silent, until the server
    /// is dropped. For timeouts.
    Hang,
}

impl Reply {
    /// An awsJson 1.0 response with a request id header.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self::Respond {
            status,
            headers: vec![
                (
                    "content-type".to_owned(),
                    "application/x-amz-json-1.0".to_owned(),
                ),
                ("x-amzn-requestid".to_owned(), format!("req-{status}-test")),
            ],
            body: body.into(),
        }
    }

    /// An awsJson 1.0 error response: `__type` and `message` in the body.
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Self::json(
            status,
            format!(r#"{{"__type":"com.amazonaws.proton#{code}","message":"{message}"}}"#),
        )
    }

    /// Adds (or replaces) a response header; no effect on [`Reply::Hang`].
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Respond { headers, .. } = &mut self {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }
}

/// A request as the server received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// The method, such as `POST`.
    pub method: String,
    /// The request target as sent (path and query, percent-encoded).
    pub path_and_query: String,
    /// Every header in the order received, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl ReceivedRequest {
    /// Every value of header `name` (any case), in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of header `name` when it was sent exactly once.
    pub fn header(&self, name: &str) -> Option<&str> {
        match self.header_values(name)[..] {
            [value] => Some(value),
            _ => None,
        }
    }

    /// The body as text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Recomputes the SigV4 signature from the request as received and the
    /// secret key the test gave the client (see [`crate::sigv4::verify`]).
    pub fn verify_signature(
        &self,
        secret_key: &str,
        region: &str,
        service: &str,
    ) -> Result<(), String> {
        crate::sigv4::verify(
            &self.method,
            &self.path_and_query,
            &self.headers,
            &self.body,
            secret_key,
            region,
            service,
        )
    }
}

#[derive(Debug, Default)]
struct State {
    replies: VecDeque<Reply>,
    received: Vec<ReceivedRequest>,
}

/// A scripted HTTP/1.1 server on `127.0.0.1`; it stops when dropped.
///
/// Must be started inside a Tokio runtime, which then runs it.
#[derive(Debug)]
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    accept: JoinHandle<()>,
}

impl TestServer {
    /// Starts a server answering requests with `replies`, in order. Once
    /// they are used up it answers 400 with the error code
    /// [`OUT_OF_REPLIES`], which clients do not retry.
    pub async fn start(replies: impl IntoIterator<Item = Reply>) -> io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State {
            replies: replies.into_iter().collect(),
            received: Vec::new(),
        }));
        let accept = tokio::spawn(accept_loop(listener, Arc::clone(&state)));
        Ok(Self {
            addr,
            state,
            accept,
        })
    }

    /// `http://127.0.0.1:PORT`, for a client's endpoint URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.state).received.clone()
    }

    /// How many scripted replies are left.
    pub fn remaining(&self) -> usize {
        lock(&self.state).replies.len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // The accept task owns the connections' tasks, so they stop too.
        self.accept.abort();
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A failed assertion in another thread leaves the recordings readable.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn accept_loop(listener: TcpListener, state: Arc<Mutex<State>>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors or similar: stop accepting; the test
            // sees its client fail.
            return;
        };
        // Reap finished connections so the set does not grow without bound.
        while connections.try_join_next().is_some() {}
        let state = Arc::clone(&state);
        connections.spawn(async move {
            let service = service_fn(move |request| answer(request, Arc::clone(&state)));
            // A client that hangs up mid-request is not the server's failure.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    request: hyper::Request<Incoming>,
    state: Arc<Mutex<State>>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(e) => format!("<body could not be read: {e}>").into_bytes(),
    };
    let received = ReceivedRequest {
        method: parts.method.to_string(),
        path_and_query: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.to_string(), |pq| pq.as_str().to_owned()),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body,
    };
    let reply = {
        let mut state = lock(&state);
        state.received.push(received);
        let number = state.received.len();
        state.replies.pop_front().unwrap_or_else(|| {
            Reply::error(
                400,
                OUT_OF_REPLIES,
                &format!("the test server has no reply left for request #{number}"),
            )
        })
    };
    match reply {
        Reply::Respond {
            status,
            headers,
            body,
        } => {
            let mut response = hyper::Response::new(Full::new(Bytes::from(body)));
            *response.status_mut() = http::StatusCode::from_u16(status)
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
            for (name, value) in headers {
                if let (Ok(name), Ok(value)) = (
                    http::HeaderName::try_from(name),
                    http::HeaderValue::try_from(value),
                ) {
                    response.headers_mut().append(name, value);
                }
            }
            Ok(response)
        }
        Reply::Hang => std::future::pending().await,
    }
}
