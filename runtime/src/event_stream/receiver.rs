//! The events of a response, read as they arrive.

use super::frame::{FrameError, FrameReader};
use super::headers::string_header;
use super::{Message, ReadEvent, ReadException};
use crate::byte_stream::ByteStream;
use crate::error::{DeserializeError, ErrorMetadata, RawResponse, SdkError, UnhandledError};
use std::fmt;
use std::marker::PhantomData;

/// The events of an operation's output stream, `T` the stream's union and
/// `E` the operation's error enum, read one at a time as they arrive with
/// [`recv`](Self::recv).
///
/// The output holding it is returned when the response's headers arrive,
/// before the first event. Dropping the receiver closes the connection
/// (a half-read stream cannot be reused).
///
/// Like a [`ByteStream`] arriving, the events are there to be read once: a
/// clone shares them with the original, and whichever reads first has
/// them. Two receivers are equal when they read the same response.
pub struct EventReceiver<T, E> {
    body: ByteStream,
    frames: FrameReader,
    /// Set after the last message or the first error: later calls return
    /// `None`.
    done: bool,
    _events: PhantomData<fn() -> (T, E)>,
}

impl<T, E> EventReceiver<T, E> {
    /// The receiver of the events in `body`.
    pub fn new(body: ByteStream) -> Self {
        Self {
            body,
            frames: FrameReader::default(),
            done: false,
            _events: PhantomData,
        }
    }
}

impl<T, E> EventReceiver<T, E>
where
    T: ReadEvent,
    E: ReadException + From<UnhandledError>,
{
    /// The next event; `None` once the stream has ended.
    ///
    /// # Errors
    /// - [`SdkError::ServiceError`] for an exception the service sent in
    ///   the stream: the modelled error its `:exception-type` names, or an
    ///   unhandled one with its code and message (`raw()` is a response
    ///   holding the message's payload);
    /// - [`SdkError::ResponseError`] for a message that is malformed,
    ///   truncated, longer than [`super::MAX_MESSAGE_LEN`], or not what the
    ///   model says;
    /// - [`SdkError::DispatchFailure`] when the connection fails or stalls.
    ///
    /// After an error the stream is over: later calls return `Ok(None)`.
    pub async fn recv(&mut self) -> Result<Option<T>, SdkError<E>> {
        while !self.done {
            let message = match self.frames.next(&mut self.body).await {
                Ok(Some(message)) => message,
                Ok(None) => {
                    self.done = true;
                    return Ok(None);
                }
                Err(error) => {
                    self.done = true;
                    return Err(match error {
                        FrameError::Body(e) => SdkError::dispatch_failure(e),
                        FrameError::Malformed(e) => SdkError::response_error(e, raw(Vec::new())),
                    });
                }
            };
            match read(&message) {
                Ok(Some(event)) => return Ok(Some(event)),
                // The initial response of an RPC protocol, whose output
                // has no member besides the stream.
                Ok(None) => continue,
                Err(error) => {
                    self.done = true;
                    return Err(error);
                }
            }
        }
        Ok(None)
    }
}

/// What one message is: an event, nothing to hand over, or an error.
// The error is what `recv` returns, as `send()` does; boxing it here only
// to unbox it there would buy nothing.
#[allow(clippy::result_large_err)]
fn read<T, E>(message: &Message) -> Result<Option<T>, SdkError<E>>
where
    T: ReadEvent,
    E: ReadException + From<UnhandledError>,
{
    let malformed =
        |e: DeserializeError| SdkError::response_error(e, raw(message.payload().to_vec()));
    match string_header(message, ":message-type").map_err(malformed)? {
        Some("event") => {
            let event_type = string_header(message, ":event-type")
                .map_err(malformed)?
                .ok_or_else(|| {
                    malformed(DeserializeError::custom(
                        "an event has no `:event-type` header",
                    ))
                })?;
            if event_type == "initial-response" {
                return Ok(None);
            }
            T::read_event(event_type, message)
                .map(Some)
                .map_err(malformed)
        }
        Some("exception") => {
            let exception_type = super::exception_type(message).map_err(malformed)?;
            let mut meta = ErrorMetadata::new().with_code(exception_type);
            if let Some(text) = crate::aws_json::error_message(message.payload()) {
                meta = meta.with_message(text);
            }
            let error = E::read_exception(exception_type, message, meta);
            Err(SdkError::service_error(
                error,
                raw(message.payload().to_vec()),
            ))
        }
        Some("error") => {
            let mut meta = ErrorMetadata::new();
            if let Some(code) = string_header(message, ":error-code").map_err(malformed)? {
                meta = meta.with_code(code);
            }
            if let Some(text) = string_header(message, ":error-message").map_err(malformed)? {
                meta = meta.with_message(text);
            }
            let error = E::from(UnhandledError::new(meta));
            Err(SdkError::service_error(
                error,
                raw(message.payload().to_vec()),
            ))
        }
        Some(other) => Err(malformed(DeserializeError::custom(format!(
            "unknown event-stream message type `{other}`"
        )))),
        None => Err(malformed(DeserializeError::custom(
            "an event-stream message has no `:message-type` header",
        ))),
    }
}

/// The response an event's error keeps: the message's payload.
fn raw(payload: Vec<u8>) -> RawResponse {
    http::Response::new(bytes::Bytes::from(payload))
}

impl<T, E> Default for EventReceiver<T, E> {
    /// A receiver of no events.
    fn default() -> Self {
        Self::new(ByteStream::default())
    }
}

/// A copy shares the events not yet read (see the type's docs).
impl<T, E> Clone for EventReceiver<T, E> {
    fn clone(&self) -> Self {
        Self::new(self.body.clone())
    }
}

impl<T, E> PartialEq for EventReceiver<T, E> {
    fn eq(&self, other: &Self) -> bool {
        self.body == other.body
    }
}

impl<T, E> fmt::Debug for EventReceiver<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventReceiver")
            .field("body", &self.body)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
