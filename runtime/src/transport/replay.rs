//! A transport that replays canned responses, for tests without a network.

use super::{HttpTransport, TransportError, clone_request};
use crate::auth::BoxFuture;
use crate::operation::{HttpRequest, HttpResponse};
use http::HeaderMap;
use std::collections::{BTreeSet, VecDeque};
use std::error::Error as StdError;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// One exchange a [`ReplayTransport`] plays: the response (or error) it
/// returns and, optionally, the request it expects.
#[derive(Debug)]
pub struct ReplayEvent {
    request: Option<HttpRequest>,
    response: Result<HttpResponse, TransportError>,
}

impl ReplayEvent {
    /// An event returning `response`, expecting `request` when it is set.
    pub fn new(
        request: Option<HttpRequest>,
        response: Result<HttpResponse, TransportError>,
    ) -> Self {
        Self { request, response }
    }

    /// An event answering any request with `response`.
    pub fn response(response: HttpResponse) -> Self {
        Self::new(None, Ok(response))
    }

    /// An event failing the request with `error`, as a broken network would.
    pub fn error(error: TransportError) -> Self {
        Self::new(None, Err(error))
    }

    /// Sets the request this event expects, which
    /// [`ReplayTransport::verify_requests`] compares with the one received.
    pub fn expecting(mut self, request: HttpRequest) -> Self {
        self.request = Some(request);
        self
    }
}

impl From<HttpResponse> for ReplayEvent {
    fn from(response: HttpResponse) -> Self {
        Self::response(response)
    }
}

/// A transport that answers requests with canned responses, in order, and
/// records every request it receives.
///
/// Clones share their events and recordings, so a test can hand one clone to
/// the client and inspect the requests through another. Running out of events
/// is a [`TransportError`], not a panic.
///
/// ```
/// use lean_runtime::transport::{HttpTransport, ReplayTransport};
/// # async fn example() {
/// let ok = http::Response::builder().status(200).body("{}".into()).unwrap();
/// let replay = ReplayTransport::from_responses([ok]);
/// let request = http::Request::builder().uri("https://example.test/").body(Default::default()).unwrap();
/// let response = replay.send(request).await.unwrap();
/// assert_eq!(response.status(), 200);
/// assert_eq!(replay.requests().len(), 1);
/// # }
/// ```
#[derive(Clone, Default)]
pub struct ReplayTransport {
    state: Arc<Mutex<State>>,
}

/// Counts only: the events and recordings hold bodies and headers, which
/// may carry `@sensitive` values, and a client's `Debug` shows its
/// transport.
impl fmt::Debug for ReplayTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("ReplayTransport")
            .field("remaining", &state.pending.len())
            .field("received", &state.received.len())
            .finish()
    }
}

#[derive(Default)]
struct State {
    pending: VecDeque<ReplayEvent>,
    /// The expected request of every event played so far, aligned with `received`.
    expected: Vec<Option<HttpRequest>>,
    received: Vec<HttpRequest>,
}

impl ReplayTransport {
    /// A transport playing `events` in order.
    pub fn new(events: impl IntoIterator<Item = ReplayEvent>) -> Self {
        let state = State {
            pending: events.into_iter().collect(),
            ..State::default()
        };
        Self {
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// A transport answering with `responses` in order, whatever the requests.
    pub fn from_responses(responses: impl IntoIterator<Item = HttpResponse>) -> Self {
        Self::new(responses.into_iter().map(ReplayEvent::response))
    }

    /// Copies of the requests received so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.lock().received.iter().map(clone_request).collect()
    }

    /// How many events are left to play.
    pub fn remaining(&self) -> usize {
        self.lock().pending.len()
    }

    /// Checks that every event was played and that each request received
    /// matches the request its event expects: method, URI, headers and body.
    ///
    /// Headers named in `ignore_headers` (any case) are skipped on both sides,
    /// which is how a test leaves out values that change on every run, such
    /// as `amz-sdk-invocation-id`, `x-amz-date` or `authorization`. Bodies are
    /// compared byte for byte: two JSON documents with their members in a
    /// different order do not match.
    pub fn verify_requests(&self, ignore_headers: &[&str]) -> Result<(), RequestMismatch> {
        let state = self.lock();
        let mut problems = Vec::new();
        for (index, (expected, actual)) in state.expected.iter().zip(&state.received).enumerate() {
            if let Some(expected) = expected {
                compare(index + 1, expected, actual, ignore_headers, &mut problems);
            }
        }
        if !state.pending.is_empty() {
            problems.push(format!(
                "{} event(s) were never played: {} request(s) received, {} expected",
                state.pending.len(),
                state.received.len(),
                state.received.len() + state.pending.len()
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(RequestMismatch { problems })
        }
    }

    /// Like [`verify_requests`](Self::verify_requests), for tests.
    ///
    /// # Panics
    ///
    /// When a request does not match or an event was not played, listing
    /// every difference.
    #[track_caller]
    pub fn assert_requests_match(&self, ignore_headers: &[&str]) {
        if let Err(mismatch) = self.verify_requests(ignore_headers) {
            panic!("{mismatch}");
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves the recordings usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl HttpTransport for ReplayTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        // A streaming body is read whole and recorded as the body, as a
        // server would receive it.
        if let Some(crate::byte_stream::StreamingBody(body)) = request
            .extensions()
            .get::<crate::byte_stream::StreamingBody>(
        ) {
            let body = body.clone();
            return Box::pin(async move {
                let bytes = body.collect().await.map_err(TransportError::other)?;
                let (parts, _) = request.into_parts();
                self.record(http::Request::from_parts(parts, bytes))
            });
        }
        Box::pin(std::future::ready(self.record(request)))
    }
}

impl ReplayTransport {
    /// Records `request` and answers it with the next event's response.
    fn record(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut state = self.lock();
        let number = state.received.len() + 1;
        let result = match state.pending.pop_front() {
            Some(event) => {
                state.expected.push(event.request);
                event.response
            }
            None => {
                let error = TransportError::other(format!(
                    "replay transport has no event left for request #{number}: {} {}",
                    request.method(),
                    request.uri()
                ));
                Err(match request.uri().host() {
                    Some(host) => error.with_host(host),
                    None => error,
                })
            }
        };
        state.received.push(request);
        result
    }
}

fn compare(
    number: usize,
    expected: &HttpRequest,
    actual: &HttpRequest,
    ignore_headers: &[&str],
    problems: &mut Vec<String>,
) {
    if expected.method() != actual.method() {
        problems.push(format!(
            "request #{number}: method: expected {}, got {}",
            expected.method(),
            actual.method()
        ));
    }
    if expected.uri() != actual.uri() {
        problems.push(format!(
            "request #{number}: uri: expected {}, got {}",
            expected.uri(),
            actual.uri()
        ));
    }
    let ignored = |name: &str| ignore_headers.iter().any(|i| i.eq_ignore_ascii_case(name));
    let names: BTreeSet<&str> = expected
        .headers()
        .keys()
        .chain(actual.headers().keys())
        .map(|name| name.as_str())
        .filter(|name| !ignored(name))
        .collect();
    for name in names {
        let want = header_values(expected.headers(), name);
        let got = header_values(actual.headers(), name);
        if want != got {
            problems.push(format!(
                "request #{number}: header `{name}`: expected {want:?}, got {got:?}"
            ));
        }
    }
    if expected.body() != actual.body() {
        problems.push(format!(
            "request #{number}: body: expected {:?}, got {:?}",
            String::from_utf8_lossy(expected.body()),
            String::from_utf8_lossy(actual.body())
        ));
    }
}

fn header_values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect()
}

/// The requests a [`ReplayTransport`] received differ from those expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestMismatch {
    problems: Vec<String>,
}

impl RequestMismatch {
    /// Every difference found, one sentence each, such as
    /// ``request #1: header `x-amz-target`: expected ["A"], got ["B"]``.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for RequestMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("requests do not match the replay events:")?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl StdError for RequestMismatch {}
