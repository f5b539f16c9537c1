//! What generated event (de)serializers read from and write into a
//! message: the standard headers, `@eventHeader` members as typed header
//! values, and payloads.

use super::{Header, HeaderValue, Message};
use crate::error::{BuildError, DeserializeError};
use crate::json::{JsonObjectWriter, JsonReader};
use crate::{Blob, DateTime};
use bytes::Bytes;

/// A value of an `@eventHeader` member: how it is written as a header and
/// read back from one.
pub trait EventHeaderValue: Sized {
    /// The header value.
    fn to_header(&self) -> HeaderValue;

    /// The member value from a header value, `None` when the header has
    /// another type.
    fn from_header(value: &HeaderValue) -> Option<Self>;
}

macro_rules! header_values {
    ($($ty:ty => $variant:ident),* $(,)?) => {$(
        impl EventHeaderValue for $ty {
            fn to_header(&self) -> HeaderValue {
                HeaderValue::$variant(*self)
            }

            fn from_header(value: &HeaderValue) -> Option<Self> {
                match value {
                    HeaderValue::$variant(v) => Some(*v),
                    _ => None,
                }
            }
        }
    )*};
}

header_values!(bool => Bool, i8 => Byte, i16 => Int16, i32 => Int32, i64 => Int64);

impl EventHeaderValue for String {
    fn to_header(&self) -> HeaderValue {
        HeaderValue::String(self.clone().into())
    }

    fn from_header(value: &HeaderValue) -> Option<Self> {
        value.as_string().ok().map(|s| s.as_str().to_owned())
    }
}

impl EventHeaderValue for Blob {
    fn to_header(&self) -> HeaderValue {
        HeaderValue::ByteArray(Bytes::copy_from_slice(self.as_ref()))
    }

    fn from_header(value: &HeaderValue) -> Option<Self> {
        value.as_byte_array().ok().map(|b| Blob::new(b.to_vec()))
    }
}

impl EventHeaderValue for DateTime {
    fn to_header(&self) -> HeaderValue {
        // Event-stream timestamps are milliseconds since the epoch.
        let millis = self
            .secs()
            .saturating_mul(1000)
            .saturating_add(i64::from(self.subsec_nanos() / 1_000_000));
        HeaderValue::Timestamp(aws_smithy_types::DateTime::from_millis(millis))
    }

    fn from_header(value: &HeaderValue) -> Option<Self> {
        let t = value.as_timestamp().ok()?;
        Some(DateTime::from_secs_and_nanos(t.secs(), t.subsec_nanos()))
    }
}

/// The value of header `name` as an `@eventHeader` member's type: `None`
/// when the message does not carry it.
///
/// # Errors
/// When the header has another type than the member's.
pub fn event_header<T: EventHeaderValue>(
    message: &Message,
    name: &str,
) -> Result<Option<T>, DeserializeError> {
    let Some(header) = message.headers().iter().find(|h| h.name().as_str() == name) else {
        return Ok(None);
    };
    T::from_header(header.value()).map(Some).ok_or_else(|| {
        DeserializeError::custom(format!(
            "event header `{name}` has the wrong type ({:?})",
            header.value()
        ))
    })
}

/// `message` with header `name` set to `value`.
pub fn set_header<T: EventHeaderValue>(message: Message, name: &'static str, value: &T) -> Message {
    message.add_header(Header::new(name, value.to_header()))
}

/// The string value of a header the event-stream format defines
/// (`:message-type`, `:event-type`, ...), `None` when it is absent.
///
/// # Errors
/// When it is present but not a string.
pub(crate) fn string_header<'a>(
    message: &'a Message,
    name: &str,
) -> Result<Option<&'a str>, DeserializeError> {
    match message.headers().iter().find(|h| h.name().as_str() == name) {
        None => Ok(None),
        Some(header) => match header.value() {
            HeaderValue::String(value) => Ok(Some(value.as_str())),
            other => Err(DeserializeError::custom(format!(
                "event-stream header `{name}` is not a string ({other:?})"
            ))),
        },
    }
}

/// The `:exception-type` of an exception message.
///
/// # Errors
/// When it is absent or not a string.
pub fn exception_type(message: &Message) -> Result<&str, DeserializeError> {
    string_header(message, ":exception-type")?.ok_or_else(|| {
        DeserializeError::custom("an exception event has no `:exception-type` header")
    })
}

/// A new event message of type `event_type`: `:message-type` `event`, its
/// `:event-type`, its `:content-type` when it has a payload, and the
/// payload.
pub fn message_for_event(
    event_type: &'static str,
    content_type: Option<&'static str>,
    payload: impl Into<Bytes>,
) -> Message {
    let message = Message::new(payload)
        .add_header(Header::new(
            ":message-type",
            HeaderValue::String("event".into()),
        ))
        .add_header(Header::new(
            ":event-type",
            HeaderValue::String(event_type.into()),
        ));
    match content_type {
        Some(content_type) => message.add_header(Header::new(
            ":content-type",
            HeaderValue::String(content_type.into()),
        )),
        None => message,
    }
}

/// A new exception message (`:message-type` `exception`) of type
/// `exception_type` (the union member's name), its JSON payload the
/// error's members: how a client ends an input stream with a modelled
/// error.
pub fn message_for_exception(exception_type: &'static str, payload: impl Into<Bytes>) -> Message {
    Message::new(payload)
        .add_header(Header::new(
            ":message-type",
            HeaderValue::String("exception".into()),
        ))
        .add_header(Header::new(
            ":exception-type",
            HeaderValue::String(exception_type.into()),
        ))
        .add_header(Header::new(
            ":content-type",
            HeaderValue::String("application/json".into()),
        ))
}

/// A value read with `read` from a JSON payload (an empty payload is an
/// empty object: an event whose members all travel in headers reads its
/// structure from one).
///
/// # Errors
/// When the payload is not the JSON `read` expects.
pub fn payload_json<T>(
    payload: &[u8],
    read: fn(&mut JsonReader<'_>) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    let body: &[u8] = if payload.trim_ascii().is_empty() {
        b"{}"
    } else {
        payload
    };
    let mut reader = JsonReader::new(body);
    let value = read(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// A JSON object written by `write`, as a payload.
///
/// # Errors
/// What `write` returns.
pub fn json_payload<T: ?Sized>(
    value: &T,
    write: fn(&mut JsonObjectWriter<'_>, &T) -> Result<(), BuildError>,
) -> Result<Vec<u8>, BuildError> {
    let mut body = String::new();
    let mut object = JsonObjectWriter::new(&mut body);
    write(&mut object, value)?;
    object.finish();
    Ok(body.into_bytes())
}

/// The payload as text (an `@eventPayload` string).
///
/// # Errors
/// When it is not UTF-8.
pub fn payload_text(message: &Message) -> Result<String, DeserializeError> {
    std::str::from_utf8(message.payload())
        .map(str::to_owned)
        .map_err(|_| DeserializeError::custom("the event payload is not UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_round_trip_and_check_their_type() {
        let time = DateTime::from_millis(1_700_000_000_123);
        let message = message_for_event("e", None, Bytes::new());
        let message = set_header(message, "b", &true);
        let message = set_header(message, "i", &7i32);
        let message = set_header(message, "s", &"text".to_owned());
        let message = set_header(message, "t", &time);
        let message = set_header(message, "x", &Blob::new(b"raw".to_vec()));
        assert_eq!(event_header::<bool>(&message, "b").unwrap(), Some(true));
        assert_eq!(event_header::<i32>(&message, "i").unwrap(), Some(7));
        assert_eq!(
            event_header::<String>(&message, "s").unwrap().as_deref(),
            Some("text")
        );
        assert_eq!(event_header::<DateTime>(&message, "t").unwrap(), Some(time));
        assert_eq!(
            event_header::<Blob>(&message, "x").unwrap(),
            Some(Blob::new(b"raw".to_vec()))
        );
        assert_eq!(event_header::<i64>(&message, "absent").unwrap(), None);
        assert!(event_header::<i64>(&message, "i").is_err());
        assert_eq!(string_header(&message, ":event-type").unwrap(), Some("e"));
        assert!(string_header(&message, "b").is_err());
    }
}
