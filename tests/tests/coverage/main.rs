//! Behaviour of the fixture crates that cover the Smithy features a whole
//! service needs, one module per fixture. Each drives the generated code
//! through its `Operation` implementation, as the orchestrator does; where
//! retries or endpoints matter, through the generated client and a
//! `ReplayTransport`.
//!
//! Round trips serialize a value through an operation and feed the JSON
//! back as that operation's response: every fixture operation has the same
//! members in its input and output.

mod blobs;
mod collections;
mod deprecated;
mod documents;
mod endpoints;
mod idempotency;
mod json11;
mod mixins;
mod nullability;
mod primitives;
mod recursion;
mod unions;

use bytes::Bytes;
use lean_runtime::credentials::Credentials;
use lean_runtime::operation::{HttpRequest, HttpResponse, OperationFailure};

/// A response with `status` and `body`.
pub fn response(status: u16, body: &str) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .body(Bytes::from(body.to_owned()))
        .expect("valid response")
}

/// The body of a request, parsed.
pub fn body_json(request: &HttpRequest) -> serde_json::Value {
    serde_json::from_slice(request.body()).expect("request body is JSON")
}

/// The body of a request as text.
pub fn body_text(request: &HttpRequest) -> &str {
    std::str::from_utf8(request.body()).expect("request body is UTF-8")
}

/// A 200 response carrying the request's body: the round trip.
pub fn echo(request: &HttpRequest) -> HttpResponse {
    response(200, body_text(request))
}

/// Whether deserializing failed because the body could not be read.
pub fn is_unparseable<T, E>(result: &Result<T, OperationFailure<E>>) -> bool {
    matches!(result, Err(OperationFailure::Unparseable(_)))
}

/// Static test credentials.
pub fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "secret", None, None, "test")
}

/// Whether `text` is a random (version 4) UUID: lower-case hex in the
/// 8-4-4-4-12 layout with version nibble 4 and variant bits 10.
pub fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    lengths == [8, 4, 4, 4, 12]
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}
