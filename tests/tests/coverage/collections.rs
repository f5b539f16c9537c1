//! Lists and maps, dense and `@sparse`, flat and nested.

use super::{body_json, echo, is_unparseable, response};
use fixture_collections::operation::echo::{Echo, EchoInput, EchoOutput};
use fixture_collections::types::{Bundle, Item};
use lean_runtime::operation::Operation;
use serde_json::json;
use std::collections::HashMap;

fn item(name: &str) -> Item {
    Item::builder().name(name).build().expect("name is set")
}

fn full() -> Bundle {
    Bundle::builder()
        .strings("a")
        .strings("b")
        .sparse_strings(Some("x".to_owned()))
        .sparse_strings(None)
        .nested(vec!["1".to_owned(), "2".to_owned()])
        .nested(Vec::new())
        .items(Item::builder().name("first").tags("t").build().unwrap())
        .list_of_maps(HashMap::from([("k".to_owned(), 1)]))
        .integers("one", 1)
        .integers("minus", -1)
        .sparse_map("set", Some("v".to_owned()))
        .sparse_map("unset", None)
        .map_of_lists("letters", vec!["a".to_owned(), "b".to_owned()])
        .items_by_name("i", item("second"))
        .build()
}

fn read(body: &str) -> EchoOutput {
    Echo::deserialize(&response(200, body)).expect("output parses")
}

#[test]
fn every_kind_of_collection_round_trips() {
    let input = EchoInput::builder().bundle(full()).build().unwrap();
    let request = Echo::serialize(&input).unwrap();
    assert_eq!(
        body_json(&request),
        json!({"bundle": {
            "strings": ["a", "b"],
            "sparseStrings": ["x", null],
            "nested": [["1", "2"], []],
            "items": [{"name": "first", "tags": ["t"]}],
            "listOfMaps": [{"k": 1}],
            "integers": {"one": 1, "minus": -1},
            "sparseMap": {"set": "v", "unset": null},
            "mapOfLists": {"letters": ["a", "b"]},
            "itemsByName": {"i": {"name": "second"}}
        }})
    );
    let output = Echo::deserialize(&echo(&request)).unwrap();
    assert_eq!(output.bundle(), Some(&full()));
}

#[test]
fn nulls_are_skipped_in_dense_collections_and_kept_in_sparse_ones() {
    let output = read(
        r#"{"bundle": {"strings": ["a", null, "b"], "sparseStrings": [null, "x"],
            "integers": {"a": 1, "b": null}, "sparseMap": {"a": null, "b": "x"},
            "nested": [null, ["c"]]}}"#,
    );
    let bundle = output.bundle().unwrap();
    assert_eq!(bundle.strings(), ["a", "b"]);
    assert_eq!(bundle.sparse_strings(), [None, Some("x".to_owned())]);
    assert_eq!(
        bundle.integers(),
        Some(&HashMap::from([("a".to_owned(), 1)]))
    );
    assert_eq!(
        bundle.sparse_map(),
        Some(&HashMap::from([
            ("a".to_owned(), None),
            ("b".to_owned(), Some("x".to_owned()))
        ]))
    );
    assert_eq!(bundle.nested(), [vec!["c".to_owned()]]);
}

#[test]
fn absent_and_empty_collections_are_told_apart() {
    let output = read(r#"{"bundle": {"strings": [], "integers": {}}}"#);
    let bundle = output.bundle().unwrap();
    // Accessors give an empty slice either way; the field says which.
    assert!(bundle.strings().is_empty() && bundle.strings.is_some());
    assert!(bundle.nested().is_empty() && bundle.nested.is_none());
    assert_eq!(bundle.integers(), Some(&HashMap::new()));
    assert_eq!(bundle.map_of_lists(), None);
    // And the same holds on the way out.
    let input = EchoInput::builder()
        .bundle(Bundle::builder().set_strings(Some(Vec::new())).build())
        .build()
        .unwrap();
    let json = body_json(&Echo::serialize(&input).unwrap());
    assert_eq!(json, json!({"bundle": {"strings": []}}));
}

#[test]
fn setters_replace_what_adders_appended() {
    let bundle = Bundle::builder()
        .strings("dropped")
        .set_strings(Some(vec!["kept".to_owned()]))
        .strings("added")
        .build();
    assert_eq!(bundle.strings(), ["kept", "added"]);
}

#[test]
fn collections_of_the_wrong_shape_are_errors() {
    for body in [
        r#"{"bundle": {"strings": "a"}}"#,
        r#"{"bundle": {"strings": [1]}}"#,
        r#"{"bundle": {"integers": []}}"#,
        r#"{"bundle": {"integers": {"a": "1"}}}"#,
        r#"{"bundle": {"nested": ["a"]}}"#,
        r#"{"bundle": {"items": [{"name": "a"}, 1]}}"#,
    ] {
        assert!(
            is_unparseable(&Echo::deserialize(&response(200, body))),
            "{body}"
        );
    }
}
