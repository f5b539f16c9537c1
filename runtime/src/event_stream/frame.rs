//! Frames in and out: whole messages from a body as it arrives, bounded,
//! and messages to bytes.

use super::Message;
use crate::byte_stream::{ByteStream, ByteStreamError};
use crate::error::{BuildError, DeserializeError};
use bytes::{Buf, Bytes, BytesMut};
use std::fmt;

/// The longest message read (16 MiB, the event-stream format's limit):
/// a prelude announcing more is an error before anything more is buffered.
pub const MAX_MESSAGE_LEN: usize = 16 * 1024 * 1024;

/// The prelude: total length, headers length, CRC32 of both.
const PRELUDE_LEN: usize = 12;
/// The prelude and the message CRC32: the shortest message.
const MIN_MESSAGE_LEN: usize = PRELUDE_LEN + 4;

/// One whole message from its bytes, both checksums checked.
///
/// # Errors
/// When the bytes are not exactly one well-formed message.
pub fn decode_message(bytes: &[u8]) -> Result<Message, DeserializeError> {
    let len = announced_len(bytes)?
        .ok_or_else(|| DeserializeError::custom("event-stream message: truncated prelude"))?;
    if len != bytes.len() {
        return Err(DeserializeError::custom(format!(
            "event-stream message: its prelude says {len} bytes, {} were given",
            bytes.len()
        )));
    }
    aws_smithy_eventstream::frame::read_message_from(bytes)
        .map_err(|e| DeserializeError::custom(format!("event-stream message: {e}")))
}

/// The bytes of `message` as a frame.
///
/// # Errors
/// When a header name or value, or the payload, is longer than the format
/// allows.
pub fn encode_message(message: &Message) -> Result<Bytes, BuildError> {
    let mut buffer = Vec::with_capacity(MIN_MESSAGE_LEN + message.payload().len() + 64);
    aws_smithy_eventstream::frame::write_message_to(message, &mut buffer)
        .map_err(|e| BuildError::other(format!("the event cannot be framed: {e}")))?;
    Ok(Bytes::from(buffer))
}

/// The total length the prelude at the start of `bytes` announces, once
/// the prelude has arrived; an error when it is below the minimum or above
/// [`MAX_MESSAGE_LEN`].
fn announced_len(bytes: &[u8]) -> Result<Option<usize>, DeserializeError> {
    let Some(prefix) = bytes.get(..4) else {
        return Ok(None);
    };
    let len = u32::from_be_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]) as usize;
    if len < MIN_MESSAGE_LEN {
        return Err(DeserializeError::custom(format!(
            "event-stream message: a length of {len} bytes is shorter than any message"
        )));
    }
    if len > MAX_MESSAGE_LEN {
        return Err(DeserializeError::custom(format!(
            "event-stream message: a length of {len} bytes is over the {MAX_MESSAGE_LEN}-byte limit"
        )));
    }
    Ok((bytes.len() >= PRELUDE_LEN).then_some(len))
}

/// Why the next message could not be read.
#[derive(Debug)]
pub(crate) enum FrameError {
    /// The body failed or stalled.
    Body(ByteStreamError),
    /// The bytes are not a well-formed message, or end inside one.
    Malformed(DeserializeError),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Body(e) => e.fmt(f),
            Self::Malformed(e) => e.fmt(f),
        }
    }
}

/// Whole messages from a body as it arrives: at most one message (and the
/// chunk that completed it) is buffered.
#[derive(Debug, Default)]
pub(crate) struct FrameReader {
    buffer: BytesMut,
    ended: bool,
}

impl FrameReader {
    /// The next message of `body`; `None` at a clean end (between
    /// messages).
    pub(crate) async fn next(
        &mut self,
        body: &mut ByteStream,
    ) -> Result<Option<Message>, FrameError> {
        loop {
            if let Some(len) = announced_len(&self.buffer).map_err(FrameError::Malformed)?
                && self.buffer.len() >= len
            {
                let frame = self.buffer.split_to(len);
                return aws_smithy_eventstream::frame::read_message_from(frame.chunk())
                    .map(Some)
                    .map_err(|e| {
                        FrameError::Malformed(DeserializeError::custom(format!(
                            "event-stream message: {e}"
                        )))
                    });
            }
            if self.ended {
                return if self.buffer.is_empty() {
                    Ok(None)
                } else {
                    Err(FrameError::Malformed(DeserializeError::custom(format!(
                        "event-stream message: the stream ended {} bytes into a message",
                        self.buffer.len()
                    ))))
                };
            }
            match body.next().await {
                Some(Ok(chunk)) => self.buffer.extend_from_slice(&chunk),
                Some(Err(e)) => return Err(FrameError::Body(e)),
                None => self.ended = true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_stream::{Header, HeaderValue};

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    }

    fn message(payload: &'static [u8]) -> Message {
        Message::new(payload).add_header(Header::new(
            ":event-type",
            HeaderValue::String("chunk".into()),
        ))
    }

    fn read_all(bytes: Vec<u8>, chunk: usize) -> Result<Vec<Message>, String> {
        let chunks: Vec<Result<Bytes, std::io::Error>> = bytes
            .chunks(chunk.max(1))
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let body = http_body_util::StreamBody::new(futures_util_stream(chunks));
        let mut stream = ByteStream::from_body(body, None);
        let mut reader = FrameReader::default();
        runtime().block_on(async {
            let mut messages = Vec::new();
            while let Some(m) = reader.next(&mut stream).await.map_err(|e| e.to_string())? {
                messages.push(m);
            }
            Ok(messages)
        })
    }

    /// The chunks as a stream of body frames.
    fn futures_util_stream(
        chunks: Vec<Result<Bytes, std::io::Error>>,
    ) -> impl futures_core::Stream<Item = Result<http_body::Frame<Bytes>, std::io::Error>> {
        crate::event_stream::sender::iter_stream(
            chunks.into_iter().map(|c| c.map(http_body::Frame::data)),
        )
    }

    #[test]
    fn messages_split_anywhere_are_read_whole_and_in_order() {
        let mut bytes = Vec::new();
        for payload in [&b"one"[..], b"", b"three"] {
            bytes.extend_from_slice(&encode_message(&message(payload)).unwrap());
        }
        for chunk in [1, 2, 7, 16, 1000] {
            let messages = read_all(bytes.clone(), chunk).unwrap();
            let payloads: Vec<&[u8]> = messages.iter().map(|m| m.payload().as_ref()).collect();
            assert_eq!(payloads, [&b"one"[..], b"", b"three"], "chunks of {chunk}");
        }
    }

    #[test]
    fn a_stream_ending_inside_a_message_is_an_error() {
        let bytes = encode_message(&message(b"payload")).unwrap();
        for cut in [1, 11, 12, bytes.len() - 1] {
            let error = read_all(bytes[..cut].to_vec(), 3).unwrap_err();
            assert!(error.contains("ended"), "cut at {cut}: {error}");
        }
    }

    #[test]
    fn a_corrupted_message_fails_its_checksum() {
        let mut bytes = encode_message(&message(b"payload")).unwrap().to_vec();
        let last = bytes.len() - 6;
        bytes[last] ^= 1;
        let error = read_all(bytes, 5).unwrap_err();
        assert!(
            error.contains("checksum") || error.contains("crc"),
            "{error}"
        );
    }

    #[test]
    fn an_oversized_prelude_is_refused_before_its_message_is_buffered() {
        let mut bytes = vec![0u8; 12];
        bytes[..4].copy_from_slice(&(MAX_MESSAGE_LEN as u32 + 1).to_be_bytes());
        let error = read_all(bytes, 4).unwrap_err();
        assert!(error.contains("limit"), "{error}");
        let error = read_all(vec![0, 0, 0, 3, 0, 0, 0, 0], 8).unwrap_err();
        assert!(error.contains("shorter"), "{error}");
    }

    #[test]
    fn decode_message_wants_exactly_one_message() {
        let bytes = encode_message(&message(b"x")).unwrap();
        assert_eq!(decode_message(&bytes).unwrap(), message(b"x"));
        let mut two = bytes.to_vec();
        two.extend_from_slice(&bytes);
        assert!(decode_message(&two).is_err());
        assert!(decode_message(&bytes[..5]).is_err());
    }
}
