//! The `smithy.test#httpRequestTests` and `smithy.test#httpResponseTests`
//! trait values, read into typed cases.

use crate::model::ShapeId;
use crate::model::ast::Traits;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// `smithy.test#httpRequestTests`.
pub const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
/// `smithy.test#httpResponseTests`.
pub const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
/// `smithy.test#eventStreamTests`.
pub const EVENT_STREAM_TESTS: &str = "smithy.test#eventStreamTests";

/// One `smithy.test#HttpRequestTestCase`: the request a client must send
/// for `params`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestCase {
    /// The case id, unique within the model.
    pub id: String,
    /// The protocol trait the case is for, e.g. `aws.protocols#awsJson1_0`.
    pub protocol: String,
    /// The expected HTTP method.
    pub method: String,
    /// The expected path, without the query string.
    pub uri: String,
    /// The host (and optional path) the client is configured with.
    pub host: Option<String>,
    /// The host the request must go to.
    pub resolved_host: Option<String>,
    /// Query parameters (`name=value`, percent-encoded) the request must
    /// carry.
    #[serde(default)]
    pub query_params: Vec<String>,
    /// Query parameter names the request must not carry.
    #[serde(default)]
    pub forbid_query_params: Vec<String>,
    /// Query parameter names the request must carry, whatever their value.
    #[serde(default)]
    pub require_query_params: Vec<String>,
    /// Headers the request must carry, with their values.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Headers the request must not carry.
    #[serde(default)]
    pub forbid_headers: Vec<String>,
    /// Headers the request must carry, whatever their value.
    #[serde(default)]
    pub require_headers: Vec<String>,
    /// The expected body; not compared when absent.
    pub body: Option<String>,
    /// How to compare the body (`application/json`: as JSON).
    pub body_media_type: Option<String>,
    /// The operation input.
    #[serde(default)]
    pub params: Map<String, Value>,
    /// Protocol-specific parameters.
    #[serde(default)]
    pub vendor_params: Map<String, Value>,
    /// The shape describing `vendorParams`.
    pub vendor_params_shape: Option<String>,
    /// What the case checks.
    pub documentation: Option<String>,
    /// `client`, `server`, or absent for both.
    pub applies_to: Option<String>,
}

/// One `smithy.test#HttpResponseTestCase`: what a client must read from a
/// response (an output, or an error when the case is on an error shape).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseCase {
    /// The case id, unique within the model.
    pub id: String,
    /// The protocol trait the case is for.
    pub protocol: String,
    /// The HTTP status code of the response.
    pub code: u16,
    /// Response headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The response body (none when absent).
    pub body: Option<String>,
    /// The body's media type.
    pub body_media_type: Option<String>,
    /// The output (or error) the response must give.
    #[serde(default)]
    pub params: Map<String, Value>,
    /// Protocol-specific parameters.
    #[serde(default)]
    pub vendor_params: Map<String, Value>,
    /// The shape describing `vendorParams`.
    pub vendor_params_shape: Option<String>,
    /// What the case checks.
    pub documentation: Option<String>,
    /// `client`, `server`, or absent for both.
    pub applies_to: Option<String>,
}

/// One `smithy.test#EventStreamTestCase`: the events a client sends for
/// `params`, or reads from a response's messages.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventStreamCase {
    /// The case id, unique within the model.
    pub id: String,
    /// The protocol trait the case is for.
    pub protocol: String,
    /// The input members sent in the initial request.
    #[serde(default)]
    pub initial_request_params: Map<String, Value>,
    /// The initial HTTP request (`method`, `uri`, `headers`).
    pub initial_request: Option<InitialMessage>,
    /// The output members read from the initial response.
    #[serde(default)]
    pub initial_response_params: Map<String, Value>,
    /// The initial HTTP response (`code`, `headers`, `body`).
    pub initial_response: Option<InitialMessage>,
    /// The events sent or received, in order.
    #[serde(default)]
    pub events: Vec<EventCase>,
    /// `{ success: {} }` or `{ failure: { errorId } }`; success when
    /// absent.
    pub expectation: Option<Value>,
    /// What the case checks.
    pub documentation: Option<String>,
    /// `client`, `server`, or absent for both.
    pub applies_to: Option<String>,
}

impl EventStreamCase {
    /// `None` when the case expects success; else the error it expects,
    /// if it names one.
    pub fn failure(&self) -> Option<Option<&str>> {
        let failure = self.expectation.as_ref()?.get("failure")?;
        Some(failure.get("errorId").and_then(Value::as_str))
    }
}

/// The initial request or response of an event-stream case.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitialMessage {
    /// The request's method.
    pub method: Option<String>,
    /// The request's path.
    pub uri: Option<String>,
    /// The response's status.
    pub code: Option<u16>,
    /// Headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The response's body.
    pub body: Option<String>,
}

/// One event of an event-stream case.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventCase {
    /// `request` or `response`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The event (a value of the stream's union); none for an unmodelled
    /// message.
    pub params: Option<Value>,
    /// Headers and their typed values (`{ boolean: true }`).
    #[serde(default)]
    pub headers: BTreeMap<String, Map<String, Value>>,
    /// Header names that must be absent.
    #[serde(default)]
    pub forbid_headers: Vec<String>,
    /// Header names that must be present.
    #[serde(default)]
    pub require_headers: Vec<String>,
    /// The payload.
    pub body: Option<String>,
    /// The payload's media type.
    pub body_media_type: Option<String>,
    /// The whole message, base64: what a response case's client reads.
    pub bytes: Option<String>,
}

/// Whether a case with this `appliesTo` is for clients.
pub fn applies_to_clients(applies_to: Option<&str>) -> bool {
    applies_to.is_none_or(|a| a == "client")
}

/// Reads one of the two test traits from `traits`; `Ok(vec![])` when the
/// shape has none.
pub fn read<T: for<'de> Deserialize<'de>>(
    shape: &ShapeId,
    traits: &Traits,
    trait_id: &str,
) -> Result<Vec<T>, String> {
    match traits.get(trait_id) {
        None => Ok(Vec::new()),
        Some(value) => serde_json::from_value(value.clone())
            .map_err(|e| format!("`{shape}`: invalid `{trait_id}` value: {e}")),
    }
}
