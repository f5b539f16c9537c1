//! Smithy 2.0 nullability: which members are plain values and which are
//! `Option`s (`@required`, `@default`, `@clientOptional`, `@addedDefault`,
//! input structures), and how defaults fill in on build and on read.

use super::{body_json, echo, response};
use fixture_nullability::operation::configure::{Configure, ConfigureInput, ConfigureOutput};
use fixture_nullability::types::{Mode, Settings};
use lean_runtime::operation::Operation;
use serde_json::json;

fn read(body: &str) -> ConfigureOutput {
    Configure::deserialize(&response(200, body)).expect("output parses")
}

#[test]
fn required_and_defaulted_members_are_plain_values_with_their_defaults() {
    let s = Settings::builder().name("n").build().unwrap();
    let name: &str = s.name();
    let retries: i32 = s.retries();
    let enabled: bool = s.enabled();
    let zero: i32 = s.zero();
    assert_eq!((name, retries, enabled, zero), ("n", 5, true, 0));
    assert_eq!(s.label(), "standard");
    assert!(s.tags().is_empty());
    assert_eq!(s.mode(), &Mode::On);
}

#[test]
fn client_optional_added_default_and_null_default_members_stay_optional() {
    let s = Settings::builder().name("n").build().unwrap();
    // @required but @clientOptional: the service may stop requiring it.
    let limit: Option<i32> = s.limit();
    // @default but @clientOptional: the default is the service's to apply.
    let timeout: Option<i32> = s.timeout();
    // @default added after the member was published.
    let ratio: Option<f64> = s.ratio();
    // @default(null) takes a Smithy 1.0 primitive's zero default away.
    let cleared: Option<bool> = s.cleared();
    let note: Option<&str> = s.note();
    assert_eq!(
        (limit, timeout, ratio, cleared, note),
        (None, None, None, None, None)
    );
}

#[test]
fn build_fails_only_for_a_required_member_without_a_default() {
    let err = Settings::builder().build().unwrap_err();
    assert_eq!(err.field(), Some("name"));
    // `enabled` is required too, but has a default; `limit` is client-optional.
    assert!(Settings::builder().name("n").build().is_ok());
}

#[test]
fn input_members_are_all_optional_and_only_what_is_set_is_sent() {
    let input = ConfigureInput::builder().name("n").build().unwrap();
    // @default(3) on an input member: the service applies it.
    assert_eq!(input.retries(), None);
    let json = body_json(&Configure::serialize(&input).unwrap());
    assert_eq!(json, json!({"name": "n"}));
    let input = ConfigureInput::builder()
        .name("n")
        .retries(3)
        .build()
        .unwrap();
    let json = body_json(&Configure::serialize(&input).unwrap());
    assert_eq!(json, json!({"name": "n", "retries": 3}));
    // @required still holds for input structures, at build time.
    let err = ConfigureInput::builder().retries(1).build().unwrap_err();
    assert_eq!(err.field(), Some("name"));
}

#[test]
fn reading_fills_defaults_and_keeps_what_was_sent() {
    let out = read(r#"{"settings": {"name": "n"}}"#);
    let s = out.settings();
    assert_eq!(
        (s.retries(), s.label(), s.enabled(), s.zero()),
        (5, "standard", true, 0)
    );
    assert_eq!(s.mode(), &Mode::On);
    assert_eq!(
        (s.limit(), s.timeout(), s.ratio(), s.cleared()),
        (None, None, None, None)
    );

    let out = read(
        r#"{"settings": {"name": "n", "retries": 0, "label": "", "tags": ["t"], "mode": "off",
            "enabled": false, "limit": 3, "timeout": 10, "ratio": 2.5, "zero": 7,
            "cleared": false, "note": "x"}}"#,
    );
    let s = out.settings();
    assert_eq!(
        (s.retries(), s.label(), s.enabled(), s.zero()),
        (0, "", false, 7)
    );
    assert_eq!((s.tags(), s.mode()), (&["t".to_owned()][..], &Mode::Off));
    assert_eq!(
        (s.limit(), s.timeout(), s.ratio(), s.cleared(), s.note()),
        (Some(3), Some(10), Some(2.5), Some(false), Some("x"))
    );
}

#[test]
fn a_missing_required_structure_reads_as_its_zero_value() {
    let out = read("{}");
    let s = out.settings();
    // Client error correction: the zero value, defaults where there are some.
    assert_eq!((s.name(), s.retries(), s.enabled()), ("", 5, true));
}

#[test]
fn settings_round_trip_with_every_member() {
    let settings = Settings::builder()
        .name("n")
        .retries(1)
        .label("l")
        .tags("t")
        .mode(Mode::Off)
        .enabled(false)
        .limit(2)
        .timeout(3)
        .ratio(0.5)
        .zero(4)
        .cleared(true)
        .note("x")
        .build()
        .unwrap();
    let input = ConfigureInput::builder()
        .name("n")
        .settings(settings.clone())
        .build()
        .unwrap();
    let request = Configure::serialize(&input).unwrap();
    let output = Configure::deserialize(&echo(&request)).unwrap();
    assert_eq!(output.settings(), &settings);
    // Plain members always go out, defaults included.
    let defaults = Settings::builder().name("d").build().unwrap();
    let input = ConfigureInput::builder()
        .name("n")
        .settings(defaults)
        .build()
        .unwrap();
    let json = body_json(&Configure::serialize(&input).unwrap());
    assert_eq!(
        json["settings"],
        json!({"name": "d", "retries": 5, "label": "standard", "tags": [], "mode": "on",
            "enabled": true, "zero": 0})
    );
}
