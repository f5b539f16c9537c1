//! Behaviour of the fixture crates, one concern each: what the generated
//! code does with enums, awkward names, errors, required and default
//! members, timestamp formats and sensitive data.

use bytes::Bytes;
use lean_runtime::error::ProvideErrorMetadata;
use lean_runtime::error::{ClassifyError, ErrorKind};
use lean_runtime::operation::{Operation, OperationFailure};

fn response(status: u16, body: &str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .body(Bytes::from(body.to_owned()))
        .expect("valid response")
}

fn body_json(request: &http::Request<Bytes>) -> serde_json::Value {
    serde_json::from_slice(request.body()).expect("request body is JSON")
}

mod enums {
    use super::*;
    use fixture_enums::operation::put_colors::{PutColors, PutColorsInput};
    use fixture_enums::types::{Color, LegacyShade, Priority};

    #[test]
    fn enum_shapes_and_enum_traits_round_trip_and_keep_unknown_values() {
        assert_eq!(Color::values(), &["red", "dark-green", "unknown", "2"]);
        assert_eq!(Color::from("red"), Color::Red);
        assert_eq!(Color::from("dark-green"), Color::DarkGreen);
        // A modelled value named `UNKNOWN` does not take the catch-all's name.
        assert_eq!(Color::from("unknown"), Color::UnknownValue);
        #[allow(deprecated)]
        let v2 = Color::V2;
        assert_eq!(Color::from("2"), v2);
        let purple = Color::from("purple");
        assert!(matches!(purple, Color::Unknown(_)));
        assert_eq!(purple.as_str(), "purple");
        assert_eq!(LegacyShade::from("self"), LegacyShade::SelfValue);
        assert_eq!(Priority::from(10), Priority::High);
        assert_eq!(Priority::from(7).as_i32(), 7);
    }

    #[test]
    fn enums_serialize_as_their_values_including_unknown_ones() {
        let input = PutColorsInput::builder()
            .color(Color::from("purple"))
            .priority(Priority::Low)
            .palette(Color::DarkGreen)
            .palette(Color::Red)
            .by_color(Color::Red, 3)
            .build()
            .unwrap();
        let json = body_json(&PutColors::serialize(&input).unwrap());
        assert_eq!(
            json,
            serde_json::json!({"color": "purple", "priority": 1, "palette": ["dark-green", "red"], "byColor": {"red": 3}})
        );
    }

    #[test]
    fn enums_deserialize_known_and_unknown_values() {
        let out = PutColors::deserialize(&response(
            200,
            r#"{"color": "infrared", "legacy": "light", "priority": 99, "palette": ["red", null, "x"]}"#,
        ))
        .unwrap();
        assert_eq!(out.color().as_str(), "infrared");
        assert_eq!(out.legacy(), Some(&LegacyShade::Light));
        assert_eq!(out.priority(), Some(&Priority::Unknown(99)));
        // A null in a dense list carries nothing and is skipped.
        assert_eq!(out.palette().len(), 2);
    }
}

mod naming {
    use super::*;
    use fixture_naming::operation::match_::{Match, MatchInput};

    #[test]
    fn keywords_and_reserved_names_are_usable() {
        let input = MatchInput::builder()
            .r#type("t")
            .r#match("m")
            .self_("s")
            .build_value("b")
            .send_value("x")
            .default_value(true)
            .r#async("a")
            .arns("arn")
            .build()
            .unwrap();
        assert_eq!(input.r#type(), Some("t"));
        assert_eq!(input.self_(), Some("s"));
        let json = body_json(&Match::serialize(&input).unwrap());
        // The wire keeps the model's names.
        assert_eq!(json["type"], "t");
        assert_eq!(json["self"], "s");
        assert_eq!(json["build"], "b");
        assert_eq!(json["send"], "x");
        assert_eq!(json["default"], true);
        assert_eq!(json["ARNs"], "arn");
    }

    #[test]
    fn shapes_named_like_std_and_crate_items_do_not_shadow_them() {
        let option = fixture_naming::types::Option::builder().some("x").build();
        let result = fixture_naming::types::Result::builder().ok("y").build();
        assert_eq!(option.some(), Some("x"));
        assert_eq!(result.ok(), Some("y"));
        let client = fixture_naming::types::Client::builder().id("c").build();
        assert_eq!(client.id(), Some("c"));
    }
}

mod errors {
    use super::*;
    use fixture_errors::operation::fail::{Fail, FailError};

    fn error(status: u16, body: &str) -> FailError {
        match Fail::deserialize(&response(status, body)) {
            Err(OperationFailure::Service(e)) => e,
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    #[test]
    fn classification_follows_the_traits() {
        let cases = [
            ("Throttled", Some(ErrorKind::Throttling)),
            ("Transient", Some(ErrorKind::Transient)),
            ("ServerBroke", Some(ErrorKind::Server)),
            ("BadInput", Some(ErrorKind::Client)),
            // A service-level error is part of every operation's enum.
            ("ServiceUnavailable", Some(ErrorKind::Transient)),
            ("SomethingElse", None),
        ];
        for (code, kind) in cases {
            let e = error(400, &format!(r#"{{"__type": "{code}", "message": "m"}}"#));
            assert_eq!(e.error_kind(), kind, "{code}");
            assert_eq!(e.code(), Some(code));
        }
        assert!(error(429, r#"{"__type": "Throttled"}"#).is_throttling());
        assert!(error(503, r#"{"__type": "ServiceUnavailable"}"#).is_retryable());
    }

    #[test]
    fn messages_come_from_either_spelling_or_the_metadata() {
        let e = error(400, r#"{"__type": "UpperMessage", "Message": "capital"}"#);
        assert_eq!(e.message(), Some("capital"));
        let FailError::UpperMessage(upper) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(upper.message(), Some("capital"));
        let e = error(
            409,
            r#"{"__type": "NoMessage", "message": "from body", "code": 7}"#,
        );
        let FailError::NoMessage(no_message) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(no_message.code(), Some(7));
        assert_eq!(no_message.message(), Some("from body"));
        assert_eq!(e.to_string(), "NoMessage: from body");
    }

    #[test]
    fn error_members_are_read() {
        let e = error(
            400,
            r#"{"__type": "BadInput", "message": "bad", "fieldList": ["a", "b"], "reason": "r"}"#,
        );
        let FailError::BadInput(bad) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(bad.field_list(), &["a".to_owned(), "b".to_owned()]);
        assert_eq!(bad.reason(), Some("r"));
        assert!(e.is_bad_input());
    }

    /// `fixture.errors#Gone` (listed by `Fail`) and `fixture.other#Gone`
    /// (renamed `OtherGone`, listed by `Fetch`) share the code `Gone`: each
    /// operation reads it as its own error, with its own members.
    #[test]
    fn errors_sharing_a_code_are_each_operations_own() {
        let body = r#"{"__type": "Gone", "message": "m", "resource": "r", "since": "s"}"#;
        let FailError::Gone(gone) = error(404, body) else {
            panic!("Fail should read its Gone")
        };
        assert_eq!(gone.resource(), Some("r"));
        use fixture_errors::operation::fetch::{Fetch, FetchError};
        let fetched = match Fetch::deserialize(&response(410, body)) {
            Err(OperationFailure::Service(e)) => e,
            other => panic!("expected a service error, got {other:?}"),
        };
        let FetchError::OtherGone(other) = &fetched else {
            panic!("Fetch should read its OtherGone, got {fetched:?}")
        };
        assert_eq!(other.since(), Some("s"));
        assert_eq!(other.message(), Some("m"));
        assert_eq!(fetched.code(), Some("Gone"));
    }

    #[test]
    fn sensitive_messages_are_redacted_in_debug_and_display_but_not_the_accessor() {
        let e = error(
            500,
            r#"{"__type": "ServerBroke", "message": "db password leaked"}"#,
        );
        assert!(!format!("{e:?}").contains("db password"));
        assert_eq!(
            e.to_string(),
            "ServerBroke: *** Sensitive Data Redacted ***"
        );
        assert_eq!(
            lean_runtime::error::ProvideErrorMetadata::message(&e),
            Some("db password leaked")
        );
    }
}

mod required {
    use super::*;
    use fixture_required::operation::put::{Put, PutInput};
    use fixture_required::types::Nested;

    fn valid() -> fixture_required::operation::put::builders::PutInputBuilder {
        PutInput::builder().name("abc")
    }

    #[test]
    fn input_build_requires_required_members() {
        let err = PutInput::builder().build().unwrap_err();
        assert_eq!(err.field(), Some("name"));
    }

    #[test]
    fn defaults_are_sent_and_filled() {
        let input = valid().build().unwrap();
        assert_eq!(input.flag(), None, "input members stay optional");
        let json = body_json(&Put::serialize(&input).unwrap());
        assert_eq!(json, serde_json::json!({"name": "abc"}));
    }

    #[test]
    fn minimum_lengths_and_values_are_checked_recursively() {
        let cases: Vec<(PutInput, &str)> = vec![
            (
                PutInput::builder().name("ab").build().unwrap(),
                "at least 3",
            ),
            (valid().count(0).build().unwrap(), "at least 1"),
            (
                valid().set_tags(Some(vec![])).build().unwrap(),
                "at least 1 items",
            ),
            (
                valid()
                    .blob(lean_runtime::Blob::new(vec![1]))
                    .build()
                    .unwrap(),
                "at least 2 bytes",
            ),
            (
                valid()
                    .nested_list(Nested::builder().id("okay").build().unwrap())
                    .nested_list(Nested::builder().id("x").build().unwrap())
                    .build()
                    .unwrap(),
                "nestedList[1].id",
            ),
            (
                valid()
                    .nested_maps(
                        "outer",
                        std::collections::HashMap::from([(
                            "inner".to_owned(),
                            Nested::builder().id("x").build().unwrap(),
                        )]),
                    )
                    .build()
                    .unwrap(),
                "nestedMaps[outer][inner].id",
            ),
        ];
        for (input, expected) in cases {
            let err = Put::serialize(&input).unwrap_err();
            assert!(
                err.to_string().contains(expected),
                "{err} should mention {expected}"
            );
        }
        // A name over the maximum and against the pattern still goes out.
        assert!(
            Put::serialize(
                &PutInput::builder()
                    .name("ABCDEFGHIJKLMNOP")
                    .build()
                    .unwrap()
            )
            .is_ok()
        );
    }

    #[test]
    fn nested_required_members_are_enforced_by_their_builders() {
        assert_eq!(Nested::builder().build().unwrap_err().field(), Some("id"));
    }

    #[test]
    fn output_defaults_and_zero_values() {
        let out = Put::deserialize(&response(200, r#"{"name": "n"}"#)).unwrap();
        assert_eq!(out.name(), "n");
        assert_eq!(out.count(), 0);
        assert_eq!(out.total(), 0);
        assert_eq!(out.ratio(), 0.5);
        assert_eq!(out.label(), "none");
        assert!(!out.enabled());
        assert_eq!(out.optional_label(), None);
        // @clientOptional keeps a required member optional.
        assert_eq!(out.maybe(), None);
        assert!(out.items().is_empty());
        assert!(out.attributes().is_empty());
        assert_eq!(out.nested().id(), "");
        assert_eq!(out.level().as_str(), "");
        assert!(out.payload().as_ref().is_empty());
        assert_eq!(out.when().secs(), 0);
    }

    #[test]
    fn wrong_types_are_errors_not_panics() {
        for body in [
            r#"{"count": "three"}"#,
            r#"{"count": 1.5}"#,
            r#"{"count": 4294967296}"#,
            r#"{"items": {}}"#,
        ] {
            assert!(
                matches!(
                    Put::deserialize(&response(200, body)),
                    Err(OperationFailure::Unparseable(_))
                ),
                "{body}"
            );
        }
    }
}

mod timestamps {
    use super::*;
    use fixture_timestamps::operation::stamp::{Stamp, StampInput};
    use lean_runtime::DateTime;

    #[test]
    fn each_format_on_the_wire() {
        let t = DateTime::from_secs_and_nanos(1_700_000_000, 123_000_000);
        let input = StampInput::builder()
            .plain(t)
            .epoch(t)
            .date_time(t)
            .http_date(t)
            .shape_format(t)
            .history(t)
            .build()
            .unwrap();
        let json = body_json(&Stamp::serialize(&input).unwrap());
        assert_eq!(json["plain"], serde_json::json!(1700000000.123));
        assert_eq!(json["epoch"], serde_json::json!(1700000000.123));
        assert_eq!(json["dateTime"], "2023-11-14T22:13:20.123Z");
        assert_eq!(json["httpDate"], "Tue, 14 Nov 2023 22:13:20.123 GMT");
        assert_eq!(json["shapeFormat"], "2023-11-14T22:13:20.123Z");
        assert_eq!(
            json["history"],
            serde_json::json!(["2023-11-14T22:13:20.123Z"])
        );
    }

    #[test]
    fn each_format_is_read() {
        let out = Stamp::deserialize(&response(
            200,
            r#"{"plain": 1700000000, "epoch": 1.7e9, "dateTime": "2023-11-14T22:13:20Z",
                "httpDate": "Tue, 14 Nov 2023 22:13:20 GMT", "shapeFormat": "2023-11-14T23:13:20+01:00",
                "memberOverride": "Tue, 14 Nov 2023 22:13:20 GMT", "history": ["2023-11-14T22:13:20.5Z"]}"#,
        ))
        .unwrap();
        for t in [
            out.plain(),
            out.epoch(),
            out.date_time(),
            out.http_date(),
            out.shape_format(),
            out.member_override(),
        ] {
            assert_eq!(t.map(DateTime::secs), Some(1_700_000_000));
        }
        assert_eq!(out.history()[0].subsec_nanos(), 500_000_000);
        // A date string where the model says epoch seconds is an error.
        let bad = Stamp::deserialize(&response(200, r#"{"plain": "2023-11-14T22:13:20Z"}"#));
        assert!(matches!(bad, Err(OperationFailure::Unparseable(_))));
    }
}

mod sensitive {
    use super::*;
    use fixture_sensitive::operation::login::{Login, LoginInput};
    use fixture_sensitive::types::{Mode, Profile};

    #[test]
    fn debug_never_prints_sensitive_values() {
        let input = LoginInput::builder()
            .user("alice")
            .password("hunter2")
            .secrets("s3cr3t")
            .profile(Profile::builder().email("alice@example.com").build())
            .mode(Mode::A)
            .build()
            .unwrap();
        let debug = format!("{input:?} {:?}", LoginInput::builder().password("hunter2"));
        for secret in ["hunter2", "s3cr3t", "alice@example.com"] {
            assert!(!debug.contains(secret), "{secret} leaked: {debug}");
        }
        assert!(debug.contains("alice"), "{debug}");
        // The wire still carries them.
        let json = body_json(&Login::serialize(&input).unwrap());
        assert_eq!(json["password"], "hunter2");
        assert_eq!(json["profile"]["email"], "alice@example.com");
        let out = Login::deserialize(&response(200, r#"{"token": "tok-123", "note": "private"}"#))
            .unwrap();
        let debug = format!("{out:?}");
        assert!(
            !debug.contains("tok-123") && !debug.contains("private"),
            "{debug}"
        );
        assert_eq!(out.token(), Some("tok-123"));
    }
}

mod events {
    use fixture_events::types::{ChatEvents, EndOfInputEvent, SettingsEvent, TextEvent};
    use lean_runtime::event_stream::{Message, WriteEvent, decode_message, encode_message};

    /// The message an event is sent as, through the frame encoder and back.
    fn sent(event: ChatEvents) -> Message {
        let message = event.write_event().expect("the event is written");
        let frame = encode_message(&message).expect("the message is framed");
        decode_message(&frame).expect("the frame is read back")
    }

    fn header<'a>(message: &'a Message, name: &str) -> Option<&'a str> {
        message
            .headers()
            .iter()
            .find(|h| h.name().as_str() == name)
            .map(|h| h.value().as_string().expect("a string header").as_str())
    }

    #[test]
    fn body_members_are_a_json_payload_beside_header_members() {
        let text = TextEvent::builder().text("hello").language("en").build();
        let message = sent(ChatEvents::Text(text));
        assert_eq!(header(&message, ":event-type"), Some("text"));
        assert_eq!(header(&message, ":message-type"), Some("event"));
        assert_eq!(header(&message, ":content-type"), Some("application/json"));
        assert_eq!(header(&message, "language"), Some("en"));
        assert_eq!(message.payload().as_ref(), br#"{"text":"hello"}"#);
    }

    #[test]
    fn an_event_of_headers_alone_has_an_empty_payload_and_no_content_type() {
        let settings = SettingsEvent::builder().mode("fast").build();
        let message = sent(ChatEvents::Settings(settings));
        assert_eq!(header(&message, ":event-type"), Some("settings"));
        assert_eq!(header(&message, "mode"), Some("fast"));
        assert_eq!(header(&message, ":content-type"), None);
        assert!(message.payload().is_empty());
    }

    /// Q Business's `EndOfInputEvent`: a structure without members is an
    /// empty JSON object, as the official Rust SDK sends it; a unit event too.
    #[test]
    fn an_event_without_members_is_an_empty_json_object() {
        for (event, name) in [
            (
                ChatEvents::EndOfInput(EndOfInputEvent::builder().build()),
                "endOfInput",
            ),
            (ChatEvents::Ping, "ping"),
        ] {
            let message = sent(event);
            assert_eq!(header(&message, ":event-type"), Some(name));
            assert_eq!(header(&message, ":content-type"), Some("application/json"));
            assert_eq!(message.payload().as_ref(), b"{}", "{name}");
        }
    }

    #[test]
    fn the_unknown_variant_is_not_sent() {
        let error = ChatEvents::Unknown
            .write_event()
            .expect_err("Unknown is not sent");
        assert!(
            error.to_string().contains("Unknown variant of ChatEvents"),
            "{error}"
        );
    }
}
