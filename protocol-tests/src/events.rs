//! What the generated `smithy.test#eventStreamTests` cases check: the
//! event messages a request sends, and the events (or error) a response
//! gives.

use lean_runtime::byte_stream::StreamingBody;
use lean_runtime::error::SdkError;
use lean_runtime::event_stream::{EventReceiver, HeaderValue, Message, ReadEvent, ReadException};
use lean_runtime::operation::{HttpRequest, HttpResponse};
use std::fmt::Debug;

/// A typed header value a case expects (`{ boolean: true }`, ...).
#[derive(Clone, Copy, Debug)]
pub enum Typed {
    /// `boolean`
    Bool(bool),
    /// `byte`
    Byte(i8),
    /// `short`
    Short(i16),
    /// `integer`
    Int(i32),
    /// `long`
    Long(i64),
    /// `blob` (decoded)
    Blob(&'static [u8]),
    /// `string`
    Str(&'static str),
    /// `timestamp`, in RFC 3339
    Timestamp(&'static str),
}

impl Typed {
    fn matches(self, actual: &HeaderValue) -> bool {
        match (self, actual) {
            (Self::Bool(a), HeaderValue::Bool(b)) => a == *b,
            (Self::Byte(a), HeaderValue::Byte(b)) => a == *b,
            (Self::Short(a), HeaderValue::Int16(b)) => a == *b,
            (Self::Int(a), HeaderValue::Int32(b)) => a == *b,
            (Self::Long(a), HeaderValue::Int64(b)) => a == *b,
            (Self::Blob(a), HeaderValue::ByteArray(b)) => a == &b[..],
            (Self::Str(a), HeaderValue::String(b)) => a == b.as_str(),
            (Self::Timestamp(a), HeaderValue::Timestamp(b)) => {
                lean_runtime::DateTime::from_str(a, lean_runtime::datetime::Format::DateTime)
                    .is_ok_and(|a| {
                        a.secs() == b.secs()
                            && a.subsec_nanos() / 1_000_000 == b.subsec_nanos() / 1_000_000
                    })
            }
            _ => false,
        }
    }
}

/// What one event of a request case must be.
#[derive(Clone, Copy, Debug)]
pub struct ExpectedEvent {
    /// Headers and their typed values.
    pub headers: &'static [(&'static str, Typed)],
    /// Header names that must be absent.
    pub forbid_headers: &'static [&'static str],
    /// Header names that must be present.
    pub require_headers: &'static [&'static str],
    /// The payload; not compared when `None`.
    pub body: Option<&'static str>,
    /// The payload's media type (`application/json`: compared as JSON).
    pub body_media_type: Option<&'static str>,
}

impl ExpectedEvent {
    fn differences(&self, index: usize, message: &Message) -> Vec<String> {
        let header = |name: &str| message.headers().iter().find(|h| h.name().as_str() == name);
        let mut out = Vec::new();
        for (name, expected) in self.headers {
            match header(name) {
                Some(h) if expected.matches(h.value()) => {}
                Some(h) => out.push(format!(
                    "event {index}: header `{name}` is {:?}, expected {expected:?}",
                    h.value()
                )),
                None => out.push(format!("event {index}: header `{name}` is missing")),
            }
        }
        for name in self.forbid_headers {
            if header(name).is_some() {
                out.push(format!("event {index}: header `{name}` must be absent"));
            }
        }
        for name in self.require_headers {
            if header(name).is_none() {
                out.push(format!("event {index}: header `{name}` is missing"));
            }
        }
        if let Some(body) = self.body
            && let Err(e) = crate::compare_body(body, self.body_media_type, message.payload())
        {
            out.push(format!("event {index}: payload: {e}"));
        }
        out
    }
}

/// The messages of a request's event-stream body (unsigned: the request
/// was serialized, not signed).
///
/// # Errors
/// When the request has no event-stream body, or the body is not
/// well-formed messages.
pub fn sent_events(request: &HttpRequest) -> Result<Vec<Message>, String> {
    let StreamingBody(body) = request
        .extensions()
        .get::<StreamingBody>()
        .ok_or("the request has no event-stream body")?
        .clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    let bytes = runtime.block_on(async move {
        let mut body = body;
        let mut bytes = Vec::new();
        while let Some(chunk) = body.next().await {
            bytes.extend_from_slice(&chunk.map_err(|e| e.to_string())?);
        }
        Ok::<_, String>(bytes)
    })?;
    split_messages(&bytes)
}

/// The messages of an event-stream body, in order.
///
/// # Errors
/// When the bytes are not whole, well-formed messages.
pub fn split_messages(mut bytes: &[u8]) -> Result<Vec<Message>, String> {
    let mut messages = Vec::new();
    while !bytes.is_empty() {
        let len = bytes
            .get(..4)
            .map(|p| u32::from_be_bytes([p[0], p[1], p[2], p[3]]) as usize)
            .ok_or("a truncated prelude")?;
        let frame = bytes.get(..len).ok_or("a truncated message")?;
        messages
            .push(lean_runtime::event_stream::decode_message(frame).map_err(|e| e.to_string())?);
        bytes = &bytes[len..];
    }
    Ok(messages)
}

/// What the initial request of a case must be.
#[derive(Clone, Copy, Debug)]
pub struct InitialRequest {
    /// The HTTP method.
    pub method: &'static str,
    /// The path.
    pub uri: &'static str,
    /// Headers and their exact values.
    pub headers: &'static [(&'static str, &'static str)],
}

/// Checks a serialized request: its method, path and headers when the case
/// gives an initial request, and its events.
pub fn check_request(
    request: Result<HttpRequest, lean_runtime::error::BuildError>,
    initial: Option<InitialRequest>,
    expected: &[ExpectedEvent],
) {
    let request = request.unwrap_or_else(|e| panic!("the request could not be built: {e}"));
    let mut problems = Vec::new();
    if let Some(InitialRequest {
        method,
        uri,
        headers,
    }) = initial
    {
        if request.method().as_str() != method {
            problems.push(format!("method {} is not {method}", request.method()));
        }
        if request.uri().path() != uri {
            problems.push(format!("path {} is not {uri}", request.uri().path()));
        }
        for &(name, value) in headers {
            match request.headers().get(name).map(|v| v.to_str()) {
                Some(Ok(actual)) if actual == value => {}
                other => problems.push(format!("header {name} is {other:?}, expected {value}")),
            }
        }
    }
    match sent_events(&request) {
        Err(e) => problems.push(e),
        Ok(sent) => {
            if sent.len() != expected.len() {
                problems.push(format!(
                    "{} events were sent, {} expected",
                    sent.len(),
                    expected.len()
                ));
            }
            for (index, (message, expected)) in sent.iter().zip(expected).enumerate() {
                problems.extend(expected.differences(index, message));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A response with this status, headers and body.
pub fn response(code: u16, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    let mut response = http::Response::new(bytes::Bytes::copy_from_slice(body));
    *response.status_mut() = http::StatusCode::from_u16(code).expect("a valid status");
    for (name, value) in headers {
        response.headers_mut().append(
            http::HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            http::HeaderValue::from_str(value).expect("a header value"),
        );
    }
    response
}

/// Every event of `events`, until it ends or fails: the events, and the
/// error that ended it, if any.
pub fn drain<T, E>(events: &mut EventReceiver<T, E>) -> (Vec<T>, Option<SdkError<E>>)
where
    T: ReadEvent,
    E: ReadException + From<lean_runtime::error::UnhandledError> + Debug,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut received = Vec::new();
        loop {
            match events.recv().await {
                Ok(Some(event)) => received.push(event),
                Ok(None) => return (received, None),
                Err(e) => return (received, Some(e)),
            }
        }
    })
}
