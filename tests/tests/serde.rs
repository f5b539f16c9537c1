//! The generated crates' `serde` feature: model member names, enums as
//! their values (unknown kept), unions, blobs, timestamps and documents as
//! the runtime writes them, and `@sensitive` values redacted unless the
//! caller reveals them. Every fixture crate is built with the feature
//! (see Cargo.toml), so each model's types are checked to derive.

use lean_runtime::serde::{REDACTED, reveal_sensitive};
use lean_runtime::{Blob, DateTime, Document};
use serde_json::json;

#[test]
fn sensitive_members_are_redacted_unless_revealed() {
    let input = fixture_sensitive::operation::login::LoginInput::builder()
        .user("me")
        .password("hunter2")
        .secrets("s1")
        .build()
        .unwrap();
    let redacted = serde_json::to_value(&input).unwrap();
    assert_eq!(
        redacted,
        json!({"user": "me", "password": REDACTED, "secrets": REDACTED})
    );
    let clear = reveal_sensitive(|| serde_json::to_value(&input).unwrap());
    assert_eq!(
        clear,
        json!({"user": "me", "password": "hunter2", "secrets": ["s1"]})
    );
    // Reading needs no opt-in: it is the caller's own data.
    let back: fixture_sensitive::operation::login::LoginInput =
        serde_json::from_value(clear).unwrap();
    assert_eq!(back, input);
}

#[test]
fn enums_are_their_values_and_keep_unknown_ones() {
    use fixture_enums::types::Color;
    assert_eq!(
        serde_json::to_value(Color::DarkGreen).unwrap(),
        json!(Color::DarkGreen.as_str())
    );
    let unknown: Color = serde_json::from_value(json!("ultraviolet")).unwrap();
    assert_eq!(unknown.as_str(), "ultraviolet");
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        json!("ultraviolet")
    );
}

#[test]
fn unions_blobs_timestamps_and_documents() {
    use fixture_unions::types::Value;
    let value = Value::Bytes(Blob::new(b"hi".to_vec()));
    let json = serde_json::to_value(&value).unwrap();
    let (name, bytes) = json.as_object().unwrap().iter().next().unwrap();
    assert_eq!(bytes, &json!("aGk="), "{name}");
    assert_eq!(
        serde_json::from_value::<Value>(json.clone()).unwrap(),
        value
    );

    let stamp = fixture_timestamps::operation::stamp::StampInput::builder()
        .plain(DateTime::from_secs(0))
        .build()
        .unwrap();
    let json = serde_json::to_value(&stamp).unwrap();
    assert_eq!(
        json.as_object().unwrap().values().next(),
        Some(&json!("1970-01-01T00:00:00Z"))
    );

    let mut members = std::collections::BTreeMap::new();
    members.insert("n".to_owned(), Document::from(1u64));
    let store = fixture_documents::operation::store::StoreInput::builder()
        .document(Document::Object(members))
        .build()
        .unwrap();
    let json = serde_json::to_value(&store).unwrap();
    assert_eq!(
        json.as_object().unwrap().values().next(),
        Some(&json!({"n": 1}))
    );
    assert_eq!(
        serde_json::from_value::<fixture_documents::operation::store::StoreInput>(json).unwrap(),
        store
    );
}
