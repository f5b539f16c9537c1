//! Unions: one member set, unit members, and the `Unknown` variant that
//! keeps an old client working when the service adds a member.

use super::{body_json, echo, is_unparseable, response};
use fixture_unions::operation::exchange::{Exchange, ExchangeInput, ExchangeOutput};
use fixture_unions::types::{Point, Value};
use lean_runtime::Blob;
use lean_runtime::operation::Operation;
use serde_json::json;
use std::collections::HashMap;

fn every_variant() -> Vec<(Value, serde_json::Value)> {
    vec![
        (Value::Text("hi".to_owned()), json!({"text": "hi"})),
        (Value::Count(-3), json!({"count": -3})),
        (Value::Enabled(false), json!({"enabled": false})),
        (Value::Items(vec!["a".to_owned()]), json!({"items": ["a"]})),
        (
            Value::Totals(HashMap::from([("k".to_owned(), 2)])),
            json!({"totals": {"k": 2}}),
        ),
        (
            Value::Point(Point::builder().x(1).y(2).build().unwrap()),
            json!({"point": {"x": 1, "y": 2}}),
        ),
        (
            Value::Bytes(Blob::new(b"hi".to_vec())),
            json!({"bytes": "aGk="}),
        ),
        (Value::Nothing, json!({"nothing": {}})),
    ]
}

fn read(body: &str) -> ExchangeOutput {
    Exchange::deserialize(&response(200, body)).expect("output parses")
}

#[test]
fn every_variant_is_one_member_on_the_wire_and_round_trips() {
    for (value, wire) in every_variant() {
        let input = ExchangeInput::builder()
            .value(value.clone())
            .build()
            .unwrap();
        let request = Exchange::serialize(&input).unwrap();
        assert_eq!(body_json(&request), json!({"value": wire}), "{value:?}");
        let output = Exchange::deserialize(&echo(&request)).unwrap();
        assert_eq!(output.value(), Some(&value));
    }
}

#[test]
fn a_member_this_client_does_not_know_reads_as_unknown() {
    let output = read(
        r#"{"value": {"addedLater": {"x": [1, 2]}},
            "values": [{"text": "a"}, {"future": true}, {"nothing": {}}]}"#,
    );
    assert!(output.value().is_some_and(Value::is_unknown));
    assert_eq!(
        output.values(),
        [Value::Text("a".to_owned()), Value::Unknown, Value::Nothing]
    );
}

#[test]
fn the_unknown_variant_cannot_be_sent() {
    let input = ExchangeInput::builder()
        .value(Value::Unknown)
        .build()
        .unwrap();
    let err = Exchange::serialize(&input).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("Unknown") && message.contains("Value"),
        "{message}"
    );
}

#[test]
fn accessors_name_the_variant() {
    let text = Value::Text("t".to_owned());
    assert_eq!(text.as_text(), Ok(&"t".to_owned()));
    assert!(text.is_text() && !text.is_count() && !text.is_nothing());
    assert_eq!(text.as_count(), Err(&text));
    assert!(Value::Nothing.is_nothing());
    let point = Point::builder().x(3).y(4).build().unwrap();
    assert_eq!(Value::Point(point.clone()).as_point(), Ok(&point));
}

#[test]
fn nulls_and_the_type_name_are_ignored_but_two_members_are_an_error() {
    assert_eq!(
        read(r#"{"value": {"text": null, "count": 1}}"#).value(),
        Some(&Value::Count(1))
    );
    assert_eq!(
        read(r#"{"value": {"__type": "fixture.unions#Value", "count": 2}}"#).value(),
        Some(&Value::Count(2))
    );
    for body in [
        r#"{"value": {"text": "a", "count": 1}}"#,
        r#"{"value": {}}"#,
        r#"{"value": {"count": "1"}}"#,
        r#"{"value": ["text"]}"#,
    ] {
        assert!(
            is_unparseable(&Exchange::deserialize(&response(200, body))),
            "{body}"
        );
    }
}
