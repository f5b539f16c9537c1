//! Frames in and out: whole messages from a body as it arrives, bounded,
//! and messages to bytes.
//!
//! The format is small and fixed: a 12-byte prelude (total length, headers
//! length, CRC32 of the two), headers (a name of 1 to 255 bytes, a type
//! byte, a value of that type), the payload, and a CRC32 of all before it.
//! It is written here, with the CRC32 the flexible checksums already have,
//! rather than taken from `aws-smithy-eventstream`: that crate and its
//! `crc32fast` would take S3's default tree from 70 to 72 crates. The
//! tests check every frame against `aws-smithy-eventstream`'s reading and
//! writing, and the official cases' frames are read byte for byte.

use super::{Header, HeaderValue, Message};
use crate::byte_stream::{ByteStream, ByteStreamError};
use crate::checksum::crc32;
use crate::error::{BuildError, DeserializeError};
use bytes::{Bytes, BytesMut};
use std::fmt;

/// The longest message read (16 MiB, the event-stream format's limit):
/// a prelude announcing more is an error before anything more is buffered.
pub const MAX_MESSAGE_LEN: usize = 16 * 1024 * 1024;

/// The prelude: total length, headers length, CRC32 of both.
const PRELUDE_LEN: usize = 12;
/// The prelude and the message CRC32: the shortest message.
const MIN_MESSAGE_LEN: usize = PRELUDE_LEN + 4;

fn malformed(message: impl Into<String>) -> DeserializeError {
    DeserializeError::custom(format!("event-stream message: {}", message.into()))
}

/// One whole message from its bytes, both checksums checked.
///
/// # Errors
/// When the bytes are not exactly one well-formed message.
pub fn decode_message(bytes: &[u8]) -> Result<Message, DeserializeError> {
    let len = announced_len(bytes)?.ok_or_else(|| malformed("truncated prelude"))?;
    if len != bytes.len() {
        return Err(malformed(format!(
            "its prelude says {len} bytes, {} were given",
            bytes.len()
        )));
    }
    let be32 =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    if crc32(&bytes[..8]) != be32(8) {
        return Err(malformed("the prelude's checksum does not match"));
    }
    if crc32(&bytes[..len - 4]) != be32(len - 4) {
        return Err(malformed("the message's checksum does not match"));
    }
    let headers_len = be32(4) as usize;
    let headers_end = PRELUDE_LEN
        .checked_add(headers_len)
        .filter(|end| *end <= len - 4)
        .ok_or_else(|| malformed("the headers are longer than the message"))?;
    let headers = read_headers(&bytes[PRELUDE_LEN..headers_end])?;
    let payload = Bytes::copy_from_slice(&bytes[headers_end..len - 4]);
    Ok(Message::new_from_parts(headers, payload))
}

/// The headers of a message, in order.
fn read_headers(mut bytes: &[u8]) -> Result<Vec<Header>, DeserializeError> {
    fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Result<&'a [u8], DeserializeError> {
        if bytes.len() < n {
            return Err(malformed("a header is cut short"));
        }
        let (head, rest) = bytes.split_at(n);
        *bytes = rest;
        Ok(head)
    }
    fn array<const N: usize>(bytes: &mut &[u8]) -> Result<[u8; N], DeserializeError> {
        let mut out = [0; N];
        out.copy_from_slice(take(bytes, N)?);
        Ok(out)
    }
    let mut headers = Vec::new();
    while !bytes.is_empty() {
        let name_len = usize::from(array::<1>(&mut bytes)?[0]);
        if name_len == 0 {
            return Err(malformed("a header has an empty name"));
        }
        let name = std::str::from_utf8(take(&mut bytes, name_len)?)
            .map_err(|_| malformed("a header name is not UTF-8"))?
            .to_owned();
        let value = match array::<1>(&mut bytes)?[0] {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Byte(i8::from_be_bytes(array(&mut bytes)?)),
            3 => HeaderValue::Int16(i16::from_be_bytes(array(&mut bytes)?)),
            4 => HeaderValue::Int32(i32::from_be_bytes(array(&mut bytes)?)),
            5 => HeaderValue::Int64(i64::from_be_bytes(array(&mut bytes)?)),
            6 => {
                let len = usize::from(u16::from_be_bytes(array(&mut bytes)?));
                HeaderValue::ByteArray(Bytes::copy_from_slice(take(&mut bytes, len)?))
            }
            7 => {
                let len = usize::from(u16::from_be_bytes(array(&mut bytes)?));
                let text = std::str::from_utf8(take(&mut bytes, len)?)
                    .map_err(|_| malformed(format!("header `{name}` is not UTF-8")))?;
                HeaderValue::String(text.to_owned().into())
            }
            8 => HeaderValue::Timestamp(aws_smithy_types::DateTime::from_millis(
                i64::from_be_bytes(array(&mut bytes)?),
            )),
            9 => HeaderValue::Uuid(u128::from_be_bytes(array(&mut bytes)?)),
            other => {
                return Err(malformed(format!(
                    "header `{name}` has unknown type {other}"
                )));
            }
        };
        headers.push(Header::new(name, value));
    }
    Ok(headers)
}
/// The bytes of `message` as a frame.
///
/// # Errors
/// When a header name is empty or over 255 bytes, a string or byte-array
/// value over 65,535 bytes, or the message over [`MAX_MESSAGE_LEN`].
pub fn encode_message(message: &Message) -> Result<Bytes, BuildError> {
    let headers = encode_headers(message.headers())?;
    let len = MIN_MESSAGE_LEN + headers.len() + message.payload().len();
    if len > MAX_MESSAGE_LEN {
        return Err(unframeable(format!(
            "{len} bytes is over the {MAX_MESSAGE_LEN}-byte limit"
        )));
    }
    // Both lengths fit in a u32: the whole is at most 16 MiB.
    let mut frame = Vec::with_capacity(len);
    frame.extend_from_slice(&(len as u32).to_be_bytes());
    frame.extend_from_slice(&(headers.len() as u32).to_be_bytes());
    frame.extend_from_slice(&crc32(&frame).to_be_bytes());
    frame.extend_from_slice(&headers);
    frame.extend_from_slice(message.payload());
    frame.extend_from_slice(&crc32(&frame).to_be_bytes());
    Ok(Bytes::from(frame))
}

/// Why a message cannot be written as a frame.
fn unframeable(what: String) -> BuildError {
    BuildError::other(format!("the event cannot be framed: {what}"))
}

/// A string or byte-array header value: its length (two bytes), then it.
fn with_len(name: &str, value: &[u8]) -> Result<Vec<u8>, BuildError> {
    let len = u16::try_from(value.len())
        .map_err(|_| unframeable(format!("header `{name}` is over 65,535 bytes")))?;
    let mut out = Vec::with_capacity(2 + value.len());
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(value);
    Ok(out)
}

/// The bytes of `headers` as a frame carries them (also what an event's
/// signature covers of its `:date` header).
pub(crate) fn encode_headers(message_headers: &[Header]) -> Result<Vec<u8>, BuildError> {
    let mut headers = Vec::new();
    for header in message_headers {
        let name = header.name().as_str();
        let name_len = u8::try_from(name.len())
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| unframeable(format!("header name `{name}` must be 1 to 255 bytes")))?;
        headers.push(name_len);
        headers.extend_from_slice(name.as_bytes());
        let (kind, value): (u8, std::borrow::Cow<'_, [u8]>) = match header.value() {
            HeaderValue::Bool(true) => (0, (&[][..]).into()),
            HeaderValue::Bool(false) => (1, (&[][..]).into()),
            HeaderValue::Byte(v) => (2, v.to_be_bytes().to_vec().into()),
            HeaderValue::Int16(v) => (3, v.to_be_bytes().to_vec().into()),
            HeaderValue::Int32(v) => (4, v.to_be_bytes().to_vec().into()),
            HeaderValue::Int64(v) => (5, v.to_be_bytes().to_vec().into()),
            HeaderValue::ByteArray(v) => (6, with_len(name, v)?.into()),
            HeaderValue::String(v) => (7, with_len(name, v.as_str().as_bytes())?.into()),
            HeaderValue::Timestamp(t) => {
                let millis = t
                    .to_millis()
                    .map_err(|_| unframeable(format!("header `{name}` is out of range")))?;
                (8, millis.to_be_bytes().to_vec().into())
            }
            HeaderValue::Uuid(v) => (9, v.to_be_bytes().to_vec().into()),
            other => {
                return Err(unframeable(format!(
                    "header `{name}` has a type this runtime does not know ({other:?})"
                )));
            }
        };
        headers.push(kind);
        headers.extend_from_slice(&value);
    }
    Ok(headers)
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
        return Err(malformed(format!(
            "a length of {len} bytes is shorter than any message"
        )));
    }
    if len > MAX_MESSAGE_LEN {
        return Err(malformed(format!(
            "a length of {len} bytes is over the {MAX_MESSAGE_LEN}-byte limit"
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
                return decode_message(&frame)
                    .map(Some)
                    .map_err(FrameError::Malformed);
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

    mod reference {
        //! Every frame against `aws-smithy-eventstream`, the official SDK's
        //! framing.
        use super::super::*;
        use crate::event_stream::{Header, HeaderValue};
        use proptest::prelude::*;

        fn header_value() -> impl Strategy<Value = HeaderValue> {
            prop_oneof![
                any::<bool>().prop_map(HeaderValue::Bool),
                any::<i8>().prop_map(HeaderValue::Byte),
                any::<i16>().prop_map(HeaderValue::Int16),
                any::<i32>().prop_map(HeaderValue::Int32),
                any::<i64>().prop_map(HeaderValue::Int64),
                proptest::collection::vec(any::<u8>(), 0..40)
                    .prop_map(|b| HeaderValue::ByteArray(b.into())),
                "\\PC{0,20}".prop_map(|s| HeaderValue::String(s.into())),
                (-10_000_000_000_000i64..10_000_000_000_000).prop_map(|ms| HeaderValue::Timestamp(
                    aws_smithy_types::DateTime::from_millis(ms)
                )),
                any::<u128>().prop_map(HeaderValue::Uuid),
            ]
        }

        fn message() -> impl Strategy<Value = Message> {
            (
                proptest::collection::vec(("[a-zA-Z:-]{1,12}", header_value()), 0..6),
                proptest::collection::vec(any::<u8>(), 0..200),
            )
                .prop_map(|(headers, payload)| {
                    Message::new_from_parts(
                        headers
                            .into_iter()
                            .map(|(name, value)| Header::new(name, value))
                            .collect(),
                        bytes::Bytes::from(payload),
                    )
                })
        }

        proptest! {
            #[test]
            fn frames_are_byte_for_byte_the_official_ones(message in message()) {
                let ours = encode_message(&message).unwrap();
                let mut theirs = Vec::new();
                aws_smithy_eventstream::frame::write_message_to(&message, &mut theirs).unwrap();
                prop_assert_eq!(&ours[..], &theirs[..]);
                prop_assert_eq!(decode_message(&theirs).unwrap(), message);
            }

            #[test]
            fn any_bytes_decode_to_a_message_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
                let ours = decode_message(&bytes);
                let theirs = aws_smithy_eventstream::frame::read_message_from(&bytes[..]);
                if let Ok(message) = &ours {
                    prop_assert_eq!(Some(message), theirs.as_ref().ok());
                }
            }

            #[test]
            fn a_flipped_bit_is_caught(message in message(), at in any::<prop::sample::Index>(), bit in 0u8..8) {
                let mut bytes = encode_message(&message).unwrap().to_vec();
                let i = at.index(bytes.len());
                bytes[i] ^= 1 << bit;
                prop_assert!(decode_message(&bytes).is_err());
            }
        }

        #[test]
        fn the_checksum_is_crc32() {
            assert_eq!(crate::checksum::crc32(b"123456789"), 0xCBF4_3926);
        }
    }
}
