//! The receiver and the sender against hand-written event types, and the
//! message signatures against `aws-sigv4`'s.

use super::*;
use crate::byte_stream::{ByteStream, StreamingBody};
use crate::credentials::{Credentials, SharedCredentialsProvider};
use crate::error::{SdkError, UnhandledError};
use crate::region::Region;
use crate::sign::{MessageSigner, SigV4Signer};
use bytes::Bytes;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Debug, PartialEq)]
enum Event {
    Text(String),
    Unknown,
}

impl ReadEvent for Event {
    fn read_event(event_type: &str, message: &Message) -> Result<Self, DeserializeError> {
        Ok(match event_type {
            "text" => Self::Text(payload_text(message)?),
            _ => Self::Unknown,
        })
    }
}

impl WriteEvent for Event {
    fn write_event(&self) -> Result<Message, BuildError> {
        match self {
            Self::Text(text) => Ok(message_for_event(
                "text",
                Some("text/plain"),
                Bytes::from(text.clone()),
            )),
            Self::Unknown => Err(BuildError::other("unknown")),
        }
    }
}

#[derive(Debug)]
enum Failure {
    Throttled(ErrorMetadata),
    Unhandled(UnhandledError),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl ReadException for Failure {
    fn read_exception(exception_type: &str, _: &Message, meta: ErrorMetadata) -> Self {
        match exception_type {
            "throttled" => Self::Throttled(meta),
            _ => Self::Unhandled(UnhandledError::new(meta)),
        }
    }
}

impl From<UnhandledError> for Failure {
    fn from(e: UnhandledError) -> Self {
        Self::Unhandled(e)
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn frames(messages: &[Message]) -> Bytes {
    let mut bytes = Vec::new();
    for m in messages {
        bytes.extend_from_slice(&encode_message(m).unwrap());
    }
    Bytes::from(bytes)
}

fn receive(bytes: Bytes) -> Vec<Result<Option<Event>, SdkError<Failure>>> {
    let mut receiver: EventReceiver<Event, Failure> = EventReceiver::new(ByteStream::new(bytes));
    runtime().block_on(async {
        let mut seen = Vec::new();
        loop {
            let next = receiver.recv().await;
            let last = !matches!(next, Ok(Some(_)));
            seen.push(next);
            if last {
                // Once over, it stays over.
                assert!(matches!(receiver.recv().await, Ok(None)));
                return seen;
            }
        }
    })
}

fn string(name: &'static str, value: &'static str) -> Header {
    Header::new(name, HeaderValue::String(value.into()))
}

#[test]
fn events_arrive_in_order_and_unknown_ones_are_kept() {
    let seen = receive(frames(&[
        Message::new(&b"{}"[..])
            .add_header(string(":message-type", "event"))
            .add_header(string(":event-type", "initial-response")),
        Event::Text("one".into()).write_event().unwrap(),
        message_for_event("future", None, Bytes::new()),
        Event::Text("two".into()).write_event().unwrap(),
    ]));
    let events: Vec<Option<Event>> = seen.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        events,
        [
            Some(Event::Text("one".into())),
            Some(Event::Unknown),
            Some(Event::Text("two".into())),
            None
        ]
    );
}

#[test]
fn exceptions_and_errors_end_the_stream_as_service_errors() {
    let exception = Message::new(&br#"{"message":"slow down"}"#[..])
        .add_header(string(":message-type", "exception"))
        .add_header(string(":exception-type", "throttled"));
    let seen = receive(frames(&[
        Event::Text("one".into()).write_event().unwrap(),
        exception,
        Event::Text("never".into()).write_event().unwrap(),
    ]));
    assert!(matches!(&seen[0], Ok(Some(Event::Text(t))) if t == "one"));
    match &seen[1] {
        Err(SdkError::ServiceError(e)) => match e.err() {
            Failure::Throttled(meta) => {
                assert_eq!(meta.code(), Some("throttled"));
                assert_eq!(meta.message(), Some("slow down"));
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    let error = Message::new(&b""[..])
        .add_header(string(":message-type", "error"))
        .add_header(string(":error-code", "InternalError"))
        .add_header(string(":error-message", "broken"));
    let seen = receive(frames(&[error]));
    match &seen[0] {
        Err(SdkError::ServiceError(e)) => match e.err() {
            Failure::Unhandled(u) => {
                assert_eq!(u.code(), Some("InternalError"));
                assert_eq!(u.message(), Some("broken"));
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn messages_without_their_types_are_malformed() {
    for message in [
        Message::new(&b""[..]).add_header(string(":event-type", "text")),
        Message::new(&b""[..]).add_header(string(":message-type", "event")),
        Message::new(&b""[..]).add_header(string(":message-type", "gossip")),
        Message::new(&b""[..])
            .add_header(Header::new(":message-type", HeaderValue::Int32(1)))
            .add_header(string(":event-type", "text")),
    ] {
        let seen = receive(frames(&[message]));
        assert!(
            matches!(&seen[0], Err(SdkError::ResponseError(_))),
            "{:?}",
            seen[0]
        );
    }
    let whole = frames(&[Event::Text("x".into()).write_event().unwrap()]);
    let seen = receive(whole.slice(..whole.len() - 1));
    assert!(
        matches!(&seen[0], Err(SdkError::ResponseError(_))),
        "{:?}",
        seen[0]
    );
}

fn read_body(request: &crate::operation::HttpRequest) -> Vec<Message> {
    let Some(StreamingBody(body)) = request.extensions().get::<StreamingBody>() else {
        panic!("no streaming body");
    };
    let mut body = body.clone();
    runtime().block_on(async {
        let mut frames = super::frame::FrameReader::default();
        let mut messages = Vec::new();
        while let Some(m) = frames.next(&mut body).await.unwrap() {
            messages.push(m);
        }
        messages
    })
}

fn builder() -> crate::http_binding::RequestBuilder {
    let mut builder = crate::http_binding::RequestBuilder::new("POST");
    builder.path("/stream");
    builder
}

#[test]
fn an_unsigned_request_sends_each_event_as_a_message() {
    let events: EventSender<Event> = [Event::Text("a".into()), Event::Text("b".into())]
        .into_iter()
        .collect();
    let request = build_request(builder(), &events).unwrap();
    assert_eq!(request.headers()["content-type"], CONTENT_TYPE);
    assert_eq!(
        request.headers()["x-amz-content-sha256"],
        STREAMING_EVENTS_PAYLOAD
    );
    let sent = read_body(&request);
    assert_eq!(
        sent,
        [
            Event::Text("a".into()).write_event().unwrap(),
            Event::Text("b".into()).write_event().unwrap()
        ]
    );
}

#[test]
fn a_channel_sends_what_is_fed_until_its_handles_are_dropped() {
    let (handle, events) = EventSender::<Event>::channel(1);
    let request = build_request(builder(), &events).unwrap();
    let feeding = std::thread::spawn(move || {
        runtime().block_on(async {
            for text in ["x", "y", "z"] {
                handle.send(Event::Text(text.into())).await.unwrap();
            }
        })
    });
    let sent = read_body(&request);
    feeding.join().unwrap();
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[2], Event::Text("z".into()).write_event().unwrap());
}

fn signer() -> (SigV4Signer, Credentials) {
    let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
    let signer = SigV4Signer::new(
        SharedCredentialsProvider::new(credentials.clone()),
        "transcribe",
        Region::from_static("us-west-2"),
    );
    (signer, credentials)
}

#[test]
fn message_signatures_chain_as_aws_sigv4_chains_them() {
    let (signer, credentials) = signer();
    let seed = "e1d8e8c8815e60969f2a34765c9a15945ffc0badbaa4b7e3b163ea19131e949b";
    let mut ours = MessageSigner::new(signer, credentials.clone(), seed);
    let identity =
        aws_credential_types::Credentials::new("AKIDEXAMPLE", "secret", None, None, "test").into();
    let mut last = seed.to_owned();
    for (i, payload) in [&b"first"[..], b"second", b""].into_iter().enumerate() {
        let time = UNIX_EPOCH + Duration::from_millis(1_700_000_000_000 + 1_500 * i as u64);
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region("us-west-2")
            .name("transcribe")
            .time(time)
            .settings(())
            .build()
            .unwrap();
        let inner = Message::new(payload);
        let (theirs, signature) = if payload.is_empty() {
            aws_sigv4::event_stream::sign_empty_message(&last, &params)
        } else {
            aws_sigv4::event_stream::sign_message(&inner, &last, &params)
        }
        .unwrap()
        .into_parts();
        let framed = if payload.is_empty() {
            Bytes::new()
        } else {
            encode_message(&inner).unwrap()
        };
        let mine = ours.sign_message(framed, time).unwrap();
        assert_eq!(mine, theirs, "message {i}");
        last = signature;
    }
}

#[test]
fn a_signed_request_chains_from_its_own_signature_and_ends_with_a_signed_empty_message() {
    let (signer, credentials) = signer();
    let events: EventSender<Event> = [Event::Text("hello".into())].into_iter().collect();
    let mut request = build_request(builder(), &events).unwrap();
    *request.uri_mut() = "https://transcribestreaming.us-west-2.amazonaws.com/stream"
        .parse()
        .unwrap();
    let time = SystemTime::now();
    runtime()
        .block_on(crate::auth::SignRequest::sign(&signer, &mut request, time))
        .unwrap();
    let authorization = request.headers()["authorization"]
        .to_str()
        .unwrap()
        .to_owned();
    let seed = authorization.rsplit_once("Signature=").unwrap().1;
    let sent = read_body(&request);
    assert_eq!(sent.len(), 2);
    let inner = decode_message(sent[0].payload()).unwrap();
    assert_eq!(inner, Event::Text("hello".into()).write_event().unwrap());
    assert!(sent[1].payload().is_empty());
    // Each signature verifies against the chain, from the request's.
    let mut check = MessageSigner::new(signer, credentials, seed);
    for message in &sent {
        let date = message
            .headers()
            .iter()
            .find(|h| h.name().as_str() == ":date")
            .unwrap();
        let millis = date.value().as_timestamp().unwrap().secs() as u64 * 1000;
        let again = check
            .sign_message(
                message.payload().clone(),
                UNIX_EPOCH + Duration::from_millis(millis),
            )
            .unwrap();
        assert_eq!(&again, message);
    }
}
