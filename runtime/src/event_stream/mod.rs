//! Event streams: the `application/vnd.amazon.eventstream` messages an
//! operation sends ([`EventSender`]) or receives ([`EventReceiver`]) after
//! its initial request or response.
//!
//! Each message is a frame: its length, the length of its headers and a
//! CRC32 of both (the prelude), typed headers, the payload, and a CRC32 of
//! everything before it. Frames are read and written here (see `frame`
//! for why not with `aws-smithy-eventstream`) into the official SDK's
//! message types, bounding what is buffered ([`MAX_MESSAGE_LEN`]); the
//! rest gives generated code what it needs: which event or exception a
//! message is, its headers as member values, and the chained SigV4
//! signature of each message sent.
//!
//! Generated code implements [`ReadEvent`] for each event-stream union a
//! client receives, [`ReadException`] for the error enum of each operation
//! that receives one, and [`WriteEvent`] for each union it sends.

mod frame;
mod headers;
mod receiver;
mod sender;

pub use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
pub(crate) use frame::encode_headers;
pub use frame::{MAX_MESSAGE_LEN, decode_message, encode_message};
pub use headers::{
    EventHeaderValue, event_header, exception_type, json_payload, message_for_event,
    message_for_exception, payload_json, payload_text, set_header,
};
pub use receiver::EventReceiver;
pub use sender::{EventSender, EventSenderHandle, SigningSlot, build_request};

use crate::error::{BuildError, DeserializeError, ErrorMetadata};

/// The payload hash SigV4 signs for a request whose body is a stream of
/// signed events (`x-amz-content-sha256`).
pub const STREAMING_EVENTS_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/// The content type of an event-stream body.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// Sends `request` over HTTP/2, for operations whose service takes their
/// event streams over nothing else. The transport then opens an HTTP/2
/// connection for it (ALPN `h2`); without the runtime's `http2` feature
/// the call fails saying so.
pub fn use_http2(request: &mut crate::operation::HttpRequest) {
    *request.version_mut() = http::Version::HTTP_2;
}

/// An event-stream union a client receives: reads one event message
/// (`:message-type` `event`) into its variant by the message's
/// `:event-type`. An event type the client does not know is the union's
/// `Unknown` variant, not an error.
pub trait ReadEvent: Sized {
    /// Reads `message`, whose event type is `event_type`.
    ///
    /// # Errors
    /// When a header or the payload is not what the model says.
    fn read_event(event_type: &str, message: &Message) -> Result<Self, DeserializeError>;
}

/// The error enum of an operation that receives an event stream: reads an
/// exception message (`:message-type` `exception`) into the modelled error
/// its `:exception-type` names, else into the unhandled error `meta`
/// describes.
pub trait ReadException: Sized {
    /// Reads `message`, whose exception type is `exception_type`.
    fn read_exception(exception_type: &str, message: &Message, meta: ErrorMetadata) -> Self;
}

/// An event-stream union a client sends: writes one variant as an event
/// message (its `:event-type`, headers and payload).
pub trait WriteEvent {
    /// The message for this event.
    ///
    /// # Errors
    /// For the `Unknown` variant, which has nothing to send, and for values
    /// the protocol cannot carry.
    fn write_event(&self) -> Result<Message, BuildError>;
}

#[cfg(test)]
mod tests;
