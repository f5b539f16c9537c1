//! Request bodies handed to hyper, and response bodies read whole.

use bytes::{Bytes, BytesMut};
use http_body::{Body, Frame, SizeHint};
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// A request body as hyper sends it: bytes in memory, sent as one frame,
/// or a [`ByteStream`](crate::byte_stream::ByteStream) read chunk by chunk
/// (its length, when known, is already in `content-length`).
pub(super) enum FullBody {
    Bytes(Option<Bytes>),
    Stream(crate::byte_stream::Reader),
}

impl FullBody {
    pub(super) fn new(bytes: Bytes) -> Self {
        // An empty body is no frame at all, so hyper sends no chunk for it.
        Self::Bytes((!bytes.is_empty()).then_some(bytes))
    }

    /// The bytes not sent yet (none for a stream, which its request's
    /// extension reopens).
    pub(super) fn into_bytes(self) -> Bytes {
        match self {
            Self::Bytes(bytes) => bytes.unwrap_or_default(),
            Self::Stream(_) => Bytes::new(),
        }
    }
}

impl fmt::Debug for FullBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bytes(bytes) => f
                .debug_tuple("Bytes")
                .field(&bytes.as_ref().map_or(0, Bytes::len))
                .finish(),
            Self::Stream(_) => f.write_str("Stream"),
        }
    }
}

impl Body for FullBody {
    type Data = Bytes;
    type Error = crate::error::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            Self::Bytes(bytes) => Poll::Ready(bytes.take().map(|bytes| Ok(Frame::data(bytes)))),
            Self::Stream(reader) => reader
                .poll_chunk(cx)
                .map(|chunk| chunk.map(|c| c.map(Frame::data))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Self::Bytes(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Bytes(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Self::Stream(_) => SizeHint::default(),
        }
    }
}

/// Why a response body could not be read.
#[derive(Debug)]
pub(super) enum ReadBodyError<E> {
    /// The connection failed while the body was arriving.
    Body(E),
    /// The body is larger than the transport accepts.
    TooLarge { limit: usize },
    /// No data arrived for this long.
    Stalled { after: Duration },
}

/// The response body is larger than the transport's limit.
#[derive(Debug)]
pub(super) struct BodyTooLarge {
    pub(super) limit: usize,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "response body is larger than the limit of {} bytes",
            self.limit
        )
    }
}

impl std::error::Error for BodyTooLarge {}

/// Reads `body` to its end, failing as soon as it passes `limit` bytes, or
/// when a wait for the next frame lasts longer than `wait`.
pub(super) async fn read_body<B>(
    mut body: B,
    limit: usize,
    wait: Option<Duration>,
) -> Result<Bytes, ReadBodyError<B::Error>>
where
    B: Body<Data = Bytes> + Unpin,
{
    if body.size_hint().lower() > limit as u64 {
        return Err(ReadBodyError::TooLarge { limit });
    }
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut total = 0usize;
    loop {
        let next = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx));
        let frame = match wait {
            None => next.await,
            Some(after) => tokio::time::timeout(after, next)
                .await
                .map_err(|_| ReadBodyError::Stalled { after })?,
        };
        let Some(frame) = frame else { break };
        // Trailers carry nothing a client of these services reads.
        let Ok(data) = frame.map_err(ReadBodyError::Body)?.into_data() else {
            continue;
        };
        total = total.saturating_add(data.len());
        if total > limit {
            return Err(ReadBodyError::TooLarge { limit });
        }
        if !data.is_empty() {
            chunks.push(data);
        }
    }
    // Most bodies arrive in one frame: hand that buffer over without copying.
    Ok(match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.swap_remove(0),
        _ => {
            let mut whole = BytesMut::with_capacity(total);
            for chunk in chunks {
                whole.extend_from_slice(&chunk);
            }
            whole.freeze()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    #[test]
    fn full_body_is_one_exact_frame() {
        let mut body = FullBody::new(Bytes::from_static(b"hello"));
        assert_eq!(body.size_hint().exact(), Some(5));
        assert!(!body.is_end_stream());
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let frame = match Pin::new(&mut body).poll_frame(&mut cx) {
            Poll::Ready(Some(Ok(frame))) => frame,
            other => panic!("expected one frame, got {other:?}"),
        };
        assert_eq!(frame.into_data().ok(), Some(Bytes::from_static(b"hello")));
        assert!(body.is_end_stream());
        assert!(matches!(
            Pin::new(&mut body).poll_frame(&mut cx),
            Poll::Ready(None)
        ));
    }

    /// A body arriving in the given frames, with no size hint.
    struct Frames(std::collections::VecDeque<Frame<Bytes>>);

    impl Body for Frames {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            Poll::Ready(self.get_mut().0.pop_front().map(Ok))
        }
    }

    fn frames(parts: &[&'static [u8]]) -> Frames {
        let mut frames: std::collections::VecDeque<_> = parts
            .iter()
            .map(|p| Frame::data(Bytes::from_static(p)))
            .collect();
        frames.push_back(Frame::trailers(http::HeaderMap::new()));
        Frames(frames)
    }

    fn read(body: Frames, limit: usize) -> Result<Bytes, ReadBodyError<Infallible>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a bare runtime builds");
        runtime.block_on(read_body(body, limit, None))
    }

    #[test]
    fn read_body_joins_frames_and_skips_trailers() {
        let body = read(frames(&[b"{\"a\":", b"", b"1}"]), 100);
        assert_eq!(body.ok(), Some(Bytes::from_static(b"{\"a\":1}")));
        let body = read(frames(&[b"one"]), 3);
        assert_eq!(body.ok(), Some(Bytes::from_static(b"one")));
        assert_eq!(read(frames(&[]), 0).ok(), Some(Bytes::new()));
    }

    #[test]
    fn read_body_stops_past_the_limit() {
        let body = read(frames(&[b"12345", b"6"]), 5);
        assert!(matches!(body, Err(ReadBodyError::TooLarge { limit: 5 })));
    }

    #[test]
    fn empty_body_has_no_frame() {
        let body = FullBody::new(Bytes::new());
        assert!(body.is_end_stream());
        assert_eq!(body.size_hint().exact(), Some(0));
    }
}
