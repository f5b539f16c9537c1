//! Documents: untyped JSON values, whole or inside lists and maps.

use super::{body_json, echo, is_unparseable, response};
use fixture_documents::operation::store::{Store, StoreInput, StoreOutput};
use lean_runtime::Document;
use lean_runtime::document::Number;
use lean_runtime::operation::Operation;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

fn object<const N: usize>(members: [(&str, Document); N]) -> Document {
    Document::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn sample() -> Document {
    object([
        ("string", "text".into()),
        ("integer", 42i64.into()),
        ("negative", (-7i64).into()),
        ("largest", u64::MAX.into()),
        ("smallest", i64::MIN.into()),
        ("float", 1.5.into()),
        ("bool", true.into()),
        ("null", Document::Null),
        (
            "array",
            Document::Array(vec![1i64.into(), "two".into(), Document::Array(Vec::new())]),
        ),
        ("object", object([("nested", object([]))])),
    ])
}

fn read(body: &str) -> StoreOutput {
    Store::deserialize(&response(200, body)).expect("output parses")
}

#[test]
fn documents_round_trip_whole_and_in_collections() {
    let input = StoreInput::builder()
        .document(sample())
        .documents("scalar".into())
        .documents(Document::Array(vec![false.into()]))
        .by_name("nested", sample())
        .by_name("number", 0.25.into())
        .build()
        .unwrap();
    let request = Store::serialize(&input).unwrap();
    let sample_json = json!({
        "string": "text", "integer": 42, "negative": -7,
        "largest": 18446744073709551615u64, "smallest": -9223372036854775808i64,
        "float": 1.5, "bool": true, "null": null,
        "array": [1, "two", []], "object": {"nested": {}}
    });
    assert_eq!(
        body_json(&request),
        json!({
            "document": sample_json,
            "documents": ["scalar", [false]],
            "byName": {"nested": sample_json, "number": 0.25}
        })
    );
    let output = Store::deserialize(&echo(&request)).unwrap();
    assert_eq!(output.document(), Some(&sample()));
    assert_eq!(output.documents(), input.documents());
    assert_eq!(output.by_name(), input.by_name());
}

#[test]
fn any_json_value_is_a_document() {
    assert_eq!(read(r#"{"document": "s"}"#).document(), Some(&"s".into()));
    assert_eq!(
        read(r#"{"document": [1, -1, 1.0, 1e2]}"#).document(),
        Some(&Document::Array(vec![
            Document::Number(Number::PosInt(1)),
            Document::Number(Number::NegInt(-1)),
            Document::Number(Number::Float(1.0)),
            Document::Number(Number::Float(100.0)),
        ]))
    );
    // Of duplicate keys the last wins, as JSON parsers usually do.
    assert_eq!(
        read(r#"{"document": {"a": 1, "a": 2}}"#).document(),
        Some(&object([("a", 2i64.into())]))
    );
    assert_eq!(
        read(r#"{"byName": {"k": {"deep": [[[]]]}}}"#).by_name(),
        Some(&HashMap::from([(
            "k".to_owned(),
            object([(
                "deep",
                Document::Array(vec![Document::Array(vec![Document::Array(Vec::new())])])
            )])
        )]))
    );
}

#[test]
fn non_finite_floats_in_documents_are_written_as_strings() {
    let input = StoreInput::builder()
        .document(Document::Array(vec![
            f64::NAN.into(),
            f64::INFINITY.into(),
            f64::NEG_INFINITY.into(),
        ]))
        .build()
        .unwrap();
    let json = body_json(&Store::serialize(&input).unwrap());
    assert_eq!(json["document"], json!(["NaN", "Infinity", "-Infinity"]));
}

#[test]
fn malformed_documents_are_errors() {
    for body in [
        r#"{"document": {"a": }}"#,
        r#"{"document": [1, 2}"#,
        r#"{"document": nul}"#,
    ] {
        assert!(
            is_unparseable(&Store::deserialize(&response(200, body))),
            "{body}"
        );
    }
}
