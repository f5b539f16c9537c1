//! Whole services: the official Proton model generates every operation and
//! every shape those reach, and a selection of operations generates only the
//! shapes the selection reaches.
//!
//! What is generated is checked here, in memory, against a reachability
//! walk written independently of the generator's lowering. `.ci/run` builds
//! and tests the whole crate.

use generator::naming::snake_case;
use generator_tests::{render_official, shared_dir};
use serde_json::Value;
use std::collections::BTreeSet;

fn proton_model() -> Value {
    let path = shared_dir().join("models/proton.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("the model is JSON")
}

/// The `src/operation/` and `src/types/` files a crate for `operations` (all
/// of the service's when `None`) must have, modules aside: one per operation
/// and one per structure, union or enum reached from the operations' inputs,
/// outputs and errors (operation inputs and outputs themselves live in their
/// operation's file).
fn expected_files(model: &Value, operations: Option<&[&str]>) -> BTreeSet<String> {
    let walk = Reach::new(model);
    let (service_id, service) = walk
        .shapes
        .iter()
        .find(|(_, s)| s["type"] == "service")
        .expect("the model has a service");
    let mut all = BTreeSet::new();
    let mut resources: Vec<&str> = targets(&service["resources"]).collect();
    all.extend(targets(&service["operations"]));
    while let Some(resource) = resources.pop() {
        let r = &walk.shapes[resource];
        for key in ["create", "put", "read", "update", "delete", "list"] {
            if let Some(op) = r[key]["target"].as_str() {
                all.insert(op);
            }
        }
        all.extend(targets(&r["operations"]));
        all.extend(targets(&r["collectionOperations"]));
        resources.extend(targets(&r["resources"]));
    }
    let selected: Vec<&str> = all
        .into_iter()
        .filter(|op| operations.is_none_or(|names| names.contains(&name_of(op))))
        .collect();
    if let Some(names) = operations {
        assert_eq!(
            selected.len(),
            names.len(),
            "{service_id} lacks one of {names:?}"
        );
    }
    let mut walk = walk;
    let mut files = BTreeSet::new();
    for op in selected {
        files.insert(format!("src/operation/{}.rs", snake_case(name_of(op))));
        let shape = &walk.shapes[op];
        for io in ["input", "output"] {
            if let Some(target) = shape[io]["target"].as_str() {
                walk.contents(target);
            }
        }
        for error in targets(&shape["errors"]).chain(targets(&service["errors"])) {
            walk.visit(error);
        }
    }
    for id in &walk.named {
        let dir = if walk.shapes[*id]["traits"]["smithy.api#error"].is_string() {
            "src/types/error"
        } else {
            "src/types"
        };
        files.insert(format!("{dir}/_{}.rs", snake_case(name_of(id))));
    }
    files
}

fn targets(list: &Value) -> impl Iterator<Item = &str> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["target"].as_str())
}

fn name_of(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

/// Shapes that become named Rust types, collected by walking member targets.
struct Reach<'m> {
    shapes: &'m serde_json::Map<String, Value>,
    named: BTreeSet<&'m str>,
}

impl<'m> Reach<'m> {
    fn new(model: &'m Value) -> Self {
        Self {
            shapes: model["shapes"].as_object().expect("shapes"),
            named: BTreeSet::new(),
        }
    }

    /// A member target: a named type, or a list or map to look into.
    fn visit(&mut self, id: &'m str) {
        let Some(shape) = self.shapes.get(id) else {
            // Prelude shapes (`smithy.api#String`, ...) are not in the model.
            return;
        };
        let named = match shape["type"].as_str() {
            Some("structure" | "union" | "enum" | "intEnum") => true,
            Some("string") => shape["traits"]["smithy.api#enum"].is_array(),
            _ => false,
        };
        if named && !self.named.insert(id) {
            return;
        }
        self.contents(id);
    }

    /// Everything a shape's members, elements, keys or values reach.
    fn contents(&mut self, id: &'m str) {
        let shapes = self.shapes;
        let Some(shape) = shapes.get(id) else {
            return;
        };
        if let Some(members) = shape["members"].as_object() {
            for member in members.values() {
                if let Some(target) = member["target"].as_str() {
                    self.visit(target);
                }
            }
        }
        for part in ["member", "key", "value"] {
            if let Some(target) = shape[part]["target"].as_str() {
                self.visit(target);
            }
        }
    }
}

/// The generated files `expected_files` speaks of.
fn generated_files(rendered: &generator::output::Rendered) -> BTreeSet<String> {
    rendered
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.starts_with("src/operation/") || p.starts_with("src/types/"))
        .filter(|p| !p.ends_with("/mod.rs"))
        .collect()
}

#[test]
fn the_whole_proton_model_generates_every_operation_and_every_shape_it_reaches() {
    let model = proton_model();
    let rendered = render_official("proton.json", None);
    let files = generated_files(&rendered);
    assert_eq!(files, expected_files(&model, None));
    let operations = files
        .iter()
        .filter(|f| f.starts_with("src/operation/"))
        .count();
    assert_eq!(operations, 84);
    let endpoint = &rendered[std::path::Path::new("src/endpoint.rs")];
    assert_eq!(endpoint.matches("#[test]").count(), 29, "endpoint tests");
}

#[test]
fn a_selection_of_operations_generates_only_the_shapes_it_reaches() {
    let model = proton_model();
    let selection = ["CreateEnvironment", "GetComponent", "ListServiceInstances"];
    let rendered = render_official("proton.json", Some(&selection));
    let files = generated_files(&rendered);
    let expected = expected_files(&model, Some(&selection));
    assert_eq!(files, expected);
    assert!(files.contains("src/operation/create_environment.rs"));
    assert!(files.contains("src/types/_environment.rs"));
    assert!(!files.contains("src/operation/create_service.rs"));
    assert!(!files.contains("src/types/_service_template.rs"));
    // The client offers exactly the selected operations.
    let client = &rendered[std::path::Path::new("src/client.rs")];
    for op in selection {
        assert!(
            client.contains(&format!("pub fn {}(", snake_case(op))),
            "{op}"
        );
    }
    assert!(!client.contains("pub fn create_service("));
}
