//! Mixins and `apply` as a JSON AST writes them: members and traits copied
//! from mixins (of mixins), redeclared members, traits applied to inherited
//! members, and mixins themselves never generated.

use super::{body_text, is_unparseable, response};
use fixture_mixins::operation::get_thing::{GetThing, GetThingInput};
use fixture_mixins::types::Thing;
use generator_tests::render_fixture;
use lean_runtime::operation::Operation;
use std::path::Path;

#[test]
fn members_from_mixins_come_first_in_model_order() {
    let input = GetThingInput::builder()
        .id("abc")
        .max_results(5)
        .next_token("t")
        .build()
        .unwrap();
    let request = GetThing::serialize(&input).unwrap();
    assert_eq!(
        body_text(&request),
        r#"{"nextToken":"t","maxResults":5,"id":"abc"}"#
    );
    let thing = Thing::builder().name("n").build().unwrap();
    let debug = format!("{thing:?}");
    let positions: Vec<usize> = ["created_at", "updated_at", "owner", "name", "id"]
        .iter()
        .map(|field| debug.find(&format!("{field}:")).expect(field))
        .collect();
    assert!(positions.is_sorted(), "{debug}");
}

#[test]
fn traits_come_from_mixins_of_members_and_of_shapes() {
    // @range(min: 1) on the Paging mixin's member.
    let input = GetThingInput::builder()
        .id("abc")
        .max_results(0)
        .build()
        .unwrap();
    let err = GetThing::serialize(&input).unwrap_err();
    assert!(err.to_string().contains("at least 1"), "{err}");
    // @length(min: 3) on the IdBase string mixin of ThingId.
    let input = GetThingInput::builder().id("ab").build().unwrap();
    let err = GetThing::serialize(&input).unwrap_err();
    assert!(err.to_string().contains("at least 3"), "{err}");
}

#[test]
fn apply_sets_traits_on_own_and_inherited_members() {
    // `apply Thing$name @required`.
    assert_eq!(Thing::builder().build().unwrap_err().field(), Some("name"));
    // `apply Thing$createdAt @timestampFormat("date-time")` on a member
    // from a mixin of a mixin.
    let output = GetThing::deserialize(&response(
        200,
        r#"{"thing": {"name": "n", "createdAt": "2024-01-02T03:04:05Z", "updatedAt": 1704164645}}"#,
    ))
    .unwrap();
    let thing = output.thing().unwrap();
    assert_eq!(thing.created_at().map(|t| t.secs()), Some(1_704_164_645));
    assert_eq!(thing.updated_at().map(|t| t.secs()), Some(1_704_164_645));
    let epoch = GetThing::deserialize(&response(
        200,
        r#"{"thing": {"name": "n", "createdAt": 1}}"#,
    ));
    assert!(is_unparseable(&epoch));
}

#[test]
fn documentation_follows_apply_and_redeclaration() {
    let rendered = render_fixture("mixins");
    let thing = &rendered[Path::new("src/types/_thing.rs")];
    for doc in [
        "/// Applied to a member Thing has from a mixin.\n    pub created_at:",
        "/// Redeclared from a mixin to add documentation.\n    pub updated_at:",
        "/// Who owns the resource.\n    pub owner:",
        "/// Applied to a member of Thing's own.\n    pub name:",
    ] {
        assert!(thing.contains(doc), "{doc}");
    }
}

#[test]
fn mixins_are_not_generated() {
    let rendered = render_fixture("mixins");
    let types: Vec<String> = rendered
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.starts_with("src/types/_"))
        .collect();
    assert_eq!(types, ["src/types/_thing.rs"]);
}
