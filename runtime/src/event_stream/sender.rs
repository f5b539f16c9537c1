//! The events of a request, sent as the caller produces them.

use super::{Message, WriteEvent, encode_message};
use crate::byte_stream::{ByteStream, StreamingBody};
use crate::error::{BoxError, BuildError};
use crate::http_binding::RequestBuilder;
use crate::operation::HttpRequest;
use bytes::Bytes;
use futures_core::Stream;
use http::HeaderValue;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::SystemTime;

type EventSource<T> = Pin<Box<dyn Stream<Item = T> + Send>>;

/// The events of an operation's input stream, `T` the stream's union: sent
/// one message each, in order, as the source produces them; the request
/// ends when the source does.
///
/// Make one from any [`Stream`] ([`from_stream`](Self::from_stream)), from
/// events known in advance (`collect()` or [`FromIterator`]), or as a
/// channel the program feeds while the call runs
/// ([`channel`](Self::channel)).
///
/// The events are sent once: a clone shares them with the original, and
/// the first request sent has them. Two senders are equal when they share
/// their events.
pub struct EventSender<T> {
    source: Arc<Mutex<Option<EventSource<T>>>>,
}

impl<T: Send + 'static> EventSender<T> {
    /// Sends the items of `stream`.
    pub fn from_stream(stream: impl Stream<Item = T> + Send + 'static) -> Self {
        Self {
            source: Arc::new(Mutex::new(Some(Box::pin(stream)))),
        }
    }

    /// A sender fed through the returned handle; the stream ends when every
    /// handle is dropped. At most `buffer` events wait to be sent (at least
    /// one).
    pub fn channel(buffer: usize) -> (EventSenderHandle<T>, Self) {
        let (tx, rx) = tokio::sync::mpsc::channel(buffer.max(1));
        (EventSenderHandle(tx), Self::from_stream(ChannelStream(rx)))
    }
}

impl<T: Send + 'static> FromIterator<T> for EventSender<T> {
    /// Sends these events, then ends the stream.
    fn from_iter<I: IntoIterator<Item = T>>(events: I) -> Self {
        let events: Vec<T> = events.into_iter().collect();
        Self::from_stream(iter_stream(events.into_iter()))
    }
}

impl<T> Default for EventSender<T> {
    /// A sender of no events: the stream ends at once.
    fn default() -> Self {
        Self {
            source: Arc::new(Mutex::new(None)),
        }
    }
}

/// A copy shares the events (see the type's docs).
impl<T> Clone for EventSender<T> {
    fn clone(&self) -> Self {
        Self {
            source: Arc::clone(&self.source),
        }
    }
}

impl<T> PartialEq for EventSender<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.source, &other.source)
    }
}

impl<T> fmt::Debug for EventSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventSender")
    }
}

/// Feeds an [`EventSender`] made by [`EventSender::channel`].
#[derive(Debug)]
pub struct EventSenderHandle<T>(tokio::sync::mpsc::Sender<T>);

impl<T> Clone for EventSenderHandle<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> EventSenderHandle<T> {
    /// Queues `event`, waiting while the buffer is full.
    ///
    /// # Errors
    /// Gives the event back when the request is over (sent, failed or
    /// dropped) and nothing reads events any more.
    pub async fn send(&self, event: T) -> Result<(), T> {
        self.0.send(event).await.map_err(|e| e.0)
    }
}

/// The receiving end of [`EventSender::channel`] as a stream.
struct ChannelStream<T>(tokio::sync::mpsc::Receiver<T>);

impl<T> Stream for ChannelStream<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.0.poll_recv(cx)
    }
}

/// The items of an iterator as a stream that is always ready.
pub(crate) fn iter_stream<I: Iterator>(iter: I) -> impl Stream<Item = I::Item> {
    struct Iter<I>(I);
    // Never pinned structurally: the iterator is only reached by `&mut`.
    impl<I> Unpin for Iter<I> {}
    impl<I: Iterator> Stream for Iter<I> {
        type Item = I::Item;
        fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
            Poll::Ready(self.get_mut().0.next())
        }
    }
    Iter(iter)
}

/// The request sending `events` as its body: content type
/// `application/vnd.amazon.eventstream`, the payload hash SigV4 signs for
/// signed events, and the body, read as the events come.
///
/// The signer of the request fills the [`SigningSlot`] the request
/// carries; each message is then wrapped in a message signed with the
/// signature chained from the request's (an unsigned request sends the
/// messages as they are).
///
/// # Errors
/// When the builder's URI is invalid.
pub fn build_request<T: WriteEvent + Send + 'static>(
    builder: RequestBuilder,
    events: &EventSender<T>,
) -> Result<HttpRequest, BuildError> {
    let mut request = builder.build(Bytes::new(), Some(super::CONTENT_TYPE))?;
    let slot = SigningSlot::default();
    let body = EventBody {
        events: events.clone(),
        source: None,
        signer: None,
        slot: slot.clone(),
        ended: false,
    };
    request.headers_mut().insert(
        "x-amz-content-sha256",
        HeaderValue::from_static(super::STREAMING_EVENTS_PAYLOAD),
    );
    request.extensions_mut().insert(slot);
    request
        .extensions_mut()
        .insert(StreamingBody(ByteStream::from_body(body, None)));
    Ok(request)
}

/// Where the request's signer leaves what signs its events: the request's
/// signature to chain from, the credentials and the signing scope. Empty
/// for an unsigned request.
#[derive(Clone, Default)]
pub struct SigningSlot(Arc<Mutex<Option<crate::sign::MessageSigner>>>);

impl SigningSlot {
    /// Fills the slot (the signer does, after signing the request).
    pub fn fill(&self, signer: crate::sign::MessageSigner) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(signer);
    }

    fn take(&self) -> Option<crate::sign::MessageSigner> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

impl fmt::Debug for SigningSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningSlot")
    }
}

/// The body of an event-stream request: one frame per event, each signed
/// when the request was, then (signed) the empty message that ends the
/// stream.
struct EventBody<T> {
    events: EventSender<T>,
    /// The events, taken from the sender when the body is first read.
    source: Option<EventSource<T>>,
    signer: Option<crate::sign::MessageSigner>,
    slot: SigningSlot,
    ended: bool,
}

impl<T> EventBody<T> {
    /// The frame carrying `message` (already framed in `inner` when given).
    fn frame(&mut self, inner: Option<Bytes>) -> Result<Bytes, BoxError> {
        match (&mut self.signer, inner) {
            (Some(signer), inner) => {
                let payload = inner.unwrap_or_default();
                let signed: Message = signer.sign_message(payload, SystemTime::now())?;
                Ok(encode_message(&signed)?)
            }
            (None, Some(inner)) => Ok(inner),
            (None, None) => Ok(Bytes::new()),
        }
    }
}

impl<T: WriteEvent + Send + 'static> http_body::Body for EventBody<T> {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        if this.ended {
            return Poll::Ready(None);
        }
        if this.source.is_none() {
            // First read: the request has been signed (or never will be).
            this.signer = this.slot.take();
            this.source = Some(
                this.events
                    .source
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take()
                    .unwrap_or_else(|| Box::pin(iter_stream(std::iter::empty()))),
            );
        }
        let Some(source) = this.source.as_mut() else {
            return Poll::Ready(None);
        };
        let frame = match source.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Some(event)) => event
                .write_event()
                .map_err(BoxError::from)
                .and_then(|message| Ok(encode_message(&message)?))
                .and_then(|inner| this.frame(Some(inner))),
            Poll::Ready(None) => {
                this.ended = true;
                if this.signer.is_none() {
                    return Poll::Ready(None);
                }
                this.frame(None)
            }
        };
        Poll::Ready(Some(frame.map(http_body::Frame::data)))
    }
}
