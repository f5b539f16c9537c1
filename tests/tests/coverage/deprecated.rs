//! `@deprecated` on operations, shapes, members, enum and intEnum values,
//! union members and errors becomes `#[deprecated]`, with the model's
//! message and date as the note; the deprecated items still work.

// What is deprecated must stay usable.
#![allow(deprecated)]

use super::{body_json, response};
use fixture_deprecated::operation::fetch::{Fetch, FetchError, FetchInput};
use fixture_deprecated::operation::old_fetch::{OldFetch, OldFetchInput};
use fixture_deprecated::types::{Choice, Entry, Kind, Level, Record, Shade};
use generator_tests::render_fixture;
use lean_runtime::operation::{Operation, OperationFailure};
use serde_json::json;
use std::path::Path;

/// The attributes on the item whose declaration line starts with `item`
/// (after indentation) in the generated file `path`.
fn attributes(path: &str, item: &str) -> Vec<String> {
    let rendered = render_fixture("deprecated");
    let text = &rendered[Path::new(path)];
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(item))
        .unwrap_or_else(|| panic!("no `{item}` in {path}"));
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with("#[") || l.starts_with("///"))
        .filter(|l| l.starts_with("#["))
        .map(|l| (*l).to_owned())
        .collect()
}

#[test]
fn every_deprecation_is_an_attribute_with_the_models_note() {
    let cases = [
        (
            "src/client.rs",
            "pub fn old_fetch(",
            r#"#[deprecated(note = "Use Fetch. (deprecated since 2024-01-01)")]"#,
        ),
        (
            "src/operation/old_fetch.rs",
            "pub struct OldFetch;",
            r#"#[deprecated(note = "Use Fetch. (deprecated since 2024-01-01)")]"#,
        ),
        (
            "src/types/_record.rs",
            "pub struct Record {",
            r#"#[deprecated(note = "Records are replaced by entries. (deprecated since 2024-01-01)")]"#,
        ),
        (
            "src/types/_entry.rs",
            "pub old_id:",
            r#"#[deprecated(note = "Use id.")]"#,
        ),
        (
            "src/types/_entry.rs",
            "pub fn old_id(&self)",
            r#"#[deprecated(note = "Use id.")]"#,
        ),
        (
            "src/types/_kind.rs",
            "Legacy,",
            r#"#[deprecated(note = "Use CURRENT.")]"#,
        ),
        (
            "src/types/_level.rs",
            "Old,",
            r#"#[deprecated(note = "deprecated since 2023-01-01")]"#,
        ),
        ("src/types/_shade.rs", "Murky,", "#[deprecated]"),
        (
            "src/types/_choice.rs",
            "Record(",
            r#"#[deprecated(note = "Use entry.")]"#,
        ),
        (
            "src/types/_choice.rs",
            "pub fn as_record(",
            r#"#[deprecated(note = "Use entry.")]"#,
        ),
        (
            "src/types/error/_gone.rs",
            "pub struct Gone {",
            r#"#[deprecated(note = "Never returned any more.")]"#,
        ),
        ("src/operation/fetch.rs", "pub old_filter:", "#[deprecated]"),
    ];
    for (path, item, expected) in cases {
        let attrs = attributes(path, item);
        assert!(
            attrs.iter().any(|a| a == expected),
            "{path}: `{item}` has {attrs:?}, not {expected}"
        );
    }
    // What is not deprecated says nothing of it.
    let deprecation = |path, item| {
        attributes(path, item)
            .into_iter()
            .find(|a| a.starts_with("#[deprecated"))
    };
    assert_eq!(deprecation("src/client.rs", "pub fn fetch("), None);
    assert_eq!(deprecation("src/types/_kind.rs", "Current,"), None);
    assert_eq!(deprecation("src/types/_entry.rs", "pub id:"), None);
}

#[test]
fn deprecated_items_still_work() {
    assert_eq!(Kind::from("legacy"), Kind::Legacy);
    assert_eq!(Level::from(0), Level::Old);
    assert_eq!(Shade::from("murky"), Shade::Murky);
    let entry = Entry::builder()
        .old_id("o")
        .kind(Kind::Legacy)
        .level(Level::Old)
        .shade(Shade::Murky)
        .build();
    let input = FetchInput::builder()
        .choice(Choice::Record(Record::builder().id("r").build()))
        .old_filter("f")
        .build()
        .unwrap();
    let json = body_json(&Fetch::serialize(&input).unwrap());
    assert_eq!(
        json,
        json!({"choice": {"record": {"id": "r"}}, "oldFilter": "f"})
    );
    let output = Fetch::deserialize(&response(
        200,
        r#"{"entry": {"oldId": "o", "kind": "legacy", "level": 0, "shade": "murky"}}"#,
    ))
    .unwrap();
    assert_eq!(output.entry(), Some(&entry));

    let input = OldFetchInput::builder().id("i").build().unwrap();
    let request = OldFetch::serialize(&input).unwrap();
    assert_eq!(request.headers()["x-amz-target"], "Deprecated.OldFetch");
    let output = OldFetch::deserialize(&response(200, r#"{"record": {"id": "r"}}"#)).unwrap();
    assert_eq!(output.record().and_then(Record::id), Some("r"));
}

#[test]
fn a_deprecated_error_is_still_recognised() {
    match Fetch::deserialize(&response(400, r#"{"__type": "Gone", "message": "bye"}"#)) {
        Err(OperationFailure::Service(FetchError::Gone(gone))) => {
            assert_eq!(gone.message(), Some("bye"));
        }
        other => panic!("expected Gone, got {other:?}"),
    }
}
