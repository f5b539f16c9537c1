//! Every name of the Proton model, named as the official AWS SDK for Rust names it.
//!
//! `data/proton_names.tsv` holds, for each structure, member, enum value, union member,
//! operation, error and waiter of the Proton model, the Rust name the published
//! `aws-sdk-proton` crate uses (its header says how it was extracted). The naming
//! functions must reproduce all of them.

use std::collections::BTreeMap;

use generator::naming::{
    NameError, RustName, check_unique, error_predicate_name, error_variant_name, field_name,
    getter_name, operation_fn_name, operation_module_name, operation_name, setter_name, type_name,
    union_variant_name, variant_name, waiter_fn_name, waiter_module_name,
};

struct Row {
    kind: String,
    scope: String,
    smithy: String,
    rust: String,
}

fn table() -> Vec<Row> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/proton_names.tsv");
    let text = std::fs::read_to_string(path).expect("the name table is checked in");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(columns.len(), 4, "malformed row: {line:?}");
            Row {
                kind: columns[0].to_owned(),
                scope: columns[1].to_owned(),
                smithy: columns[2].to_owned(),
                rust: columns[3].to_owned(),
            }
        })
        .collect()
}

fn name_for(kind: &str, smithy: &str) -> Result<RustName, NameError> {
    let function: fn(&str) -> Result<RustName, NameError> = match kind {
        "type" => type_name,
        "field" => field_name,
        "setter" => setter_name,
        "getter" => getter_name,
        "variant" => variant_name,
        "union_variant" => union_variant_name,
        "error_variant" => error_variant_name,
        "error_predicate" => error_predicate_name,
        "operation_type" => operation_name,
        "operation_module" => operation_module_name,
        "operation_fn" => operation_fn_name,
        "waiter_fn" => waiter_fn_name,
        "waiter_module" => waiter_module_name,
        other => panic!("unknown kind {other:?} in the name table"),
    };
    function(smithy)
}

#[test]
fn every_proton_name_matches_the_official_sdk() {
    let rows = table();
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut mismatches = Vec::new();
    for row in &rows {
        *per_kind.entry(row.kind.as_str()).or_default() += 1;
        match name_for(&row.kind, &row.smithy) {
            Ok(name) if name.as_str() == row.rust => {}
            Ok(name) => mismatches.push(format!(
                "{} {} `{}`: expected `{}`, got `{name}`",
                row.kind, row.scope, row.smithy, row.rust
            )),
            Err(error) => mismatches.push(format!("{} {}: {error}", row.kind, row.scope)),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );

    // Guards against a table that silently lost rows: the counts of the 2023 model.
    let expected_counts = [
        ("type", 242),
        ("field", 712),
        ("setter", 712),
        ("getter", 712),
        ("variant", 82),
        ("union_variant", 1),
        ("operation_type", 84),
        ("operation_module", 84),
        ("operation_fn", 84),
        ("error_variant", 7),
        ("error_predicate", 7),
        ("waiter_fn", 10),
        ("waiter_module", 10),
    ];
    assert_eq!(per_kind, BTreeMap::from(expected_counts));
}

#[test]
fn the_table_exercises_the_escapes() {
    // Proton has members named `type` and an enum value named `NONE`; make sure the
    // table really covers them, since the escaping is what this test is about.
    let rows = table();
    let has = |kind: &str, smithy: &str, rust: &str| {
        rows.iter()
            .any(|r| r.kind == kind && r.smithy == smithy && r.rust == rust)
    };
    assert!(has("field", "type", "r#type"));
    assert!(has("setter", "type", "set_type"));
    assert!(has("variant", "NONE", "None"));
    assert!(has("type", "Output", "Output"));
}

#[test]
fn proton_names_are_unique_in_every_scope() {
    let rows = table();
    let mut scopes: BTreeMap<(&str, &str), Vec<(&str, RustName)>> = BTreeMap::new();
    for row in &rows {
        // A struct's fields, setters and getters are all methods of its builder.
        let namespace = match row.kind.as_str() {
            "field" | "setter" | "getter" => "builder methods",
            other => other,
        };
        let name = name_for(&row.kind, &row.smithy).expect("names checked above");
        scopes
            .entry((namespace, row.scope.as_str()))
            .or_default()
            .push((&row.smithy, name));
    }
    for ((namespace, scope), names) in &scopes {
        let scope = format!("{scope} ({namespace})");
        let result = check_unique(&scope, names.iter().map(|(smithy, rust)| (*smithy, rust)));
        assert_eq!(result, Ok(()));
    }
    // One scope per structure, enum and kind of top-level name, not one big bag.
    assert!(scopes.len() > 200, "{} scopes", scopes.len());
}
