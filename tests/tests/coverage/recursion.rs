//! Recursive shapes: direct, mutual, through lists and maps, and through a
//! union. Exactly the members that close a cycle of direct members are
//! boxed, and which ones does not depend on the order of the model file.

use super::{body_json, echo, is_unparseable, response};
use fixture_recursion::operation::walk::{Walk, WalkInput};
use fixture_recursion::types::{Branch, Expr, Node, Tree};
use generator_tests::workspace_root;
use lean_runtime::operation::Operation;
use serde_json::json;

fn node(value: &str) -> Node {
    Node::builder().value(value).build()
}

fn chain() -> Node {
    Node::builder()
        .value("root")
        .next(Node::builder().value("second").next(node("third")).build())
        .children(node("child"))
        .children(
            Node::builder()
                .value("parent")
                .children(node("grandchild"))
                .build(),
        )
        .by_name("x", Node::builder().by_name("y", node("leaf")).build())
        .build()
}

fn tree() -> Tree {
    Tree::builder()
        .label("outer")
        .branch(
            Branch::builder()
                .weight(2)
                .tree(Tree::builder().label("inner").build())
                .build(),
        )
        .build()
}

fn expr() -> Expr {
    Expr::Sum(vec![
        Expr::Literal(1),
        Expr::Negate(Box::new(Expr::Negate(Box::new(Expr::Literal(2))))),
    ])
}

#[test]
fn recursive_values_round_trip() {
    let input = WalkInput::builder()
        .node(chain())
        .tree(tree())
        .expr(expr())
        .build()
        .unwrap();
    let request = Walk::serialize(&input).unwrap();
    assert_eq!(
        body_json(&request),
        json!({
            "node": {
                "value": "root",
                "next": {"value": "second", "next": {"value": "third"}},
                "children": [{"value": "child"}, {"value": "parent", "children": [{"value": "grandchild"}]}],
                "byName": {"x": {"byName": {"y": {"value": "leaf"}}}}
            },
            "tree": {"label": "outer", "branch": {"tree": {"label": "inner"}, "weight": 2}},
            "expr": {"sum": [{"literal": 1}, {"negate": {"negate": {"literal": 2}}}]}
        })
    );
    let output = Walk::deserialize(&echo(&request)).unwrap();
    assert_eq!(output.node(), Some(&chain()));
    assert_eq!(output.tree(), Some(&tree()));
    assert_eq!(output.expr(), Some(&expr()));
    // Boxing does not show in accessors.
    let next: Option<&Node> = output.node().and_then(Node::next);
    assert_eq!(next.and_then(Node::value), Some("second"));
}

#[test]
fn nesting_deeper_than_the_reader_allows_is_an_error_not_a_stack_overflow() {
    let depth = 10_000;
    let body = format!(
        r#"{{"node": {}{}}}"#,
        r#"{"next": "#.repeat(depth),
        "}".repeat(depth)
    );
    assert!(is_unparseable(&Walk::deserialize(&response(200, &body))));
    let body = format!(
        r#"{{"expr": {}{{"literal": 1}}{}}}"#,
        r#"{"negate": "#.repeat(depth),
        "}".repeat(depth)
    );
    assert!(is_unparseable(&Walk::deserialize(&response(200, &body))));
}

/// `(shape, member)` pairs the lowering boxes for the fixture model, with
/// its shapes in the given order.
fn boxed_members(shapes: serde_json::Map<String, serde_json::Value>) -> Vec<(String, String)> {
    let path = std::env::temp_dir().join(format!(
        "lean-recursion-{}-{}.json",
        std::process::id(),
        shapes
            .keys()
            .next()
            .map_or("", |k| k.as_str())
            .replace(['#', '.'], "_")
    ));
    let document = json!({"smithy": "2.0", "shapes": shapes});
    std::fs::write(&path, document.to_string()).unwrap();
    let model = generator::model::load::load_files(std::slice::from_ref(&path));
    let _ = std::fs::remove_file(&path);
    let service = generator::lower::lower(&model.unwrap(), &Default::default()).unwrap();
    let mut boxed = Vec::new();
    for (id, def) in &service.types {
        let members = match def {
            generator::ir::TypeDef::Structure(s) => &s.members,
            generator::ir::TypeDef::Union(u) => &u.members,
            _ => continue,
        };
        for m in members.iter().filter(|m| m.boxed) {
            boxed.push((id.name().to_owned(), m.wire_name.clone()));
        }
    }
    boxed
}

#[test]
fn the_boxed_members_are_the_same_whatever_the_order_of_the_model() {
    let text =
        std::fs::read_to_string(workspace_root().join("tests/fixtures/recursion.json")).unwrap();
    let model: serde_json::Value = serde_json::from_str(&text).unwrap();
    let shapes = model["shapes"].as_object().unwrap().clone();
    let reversed: serde_json::Map<_, _> = shapes
        .iter()
        .rev()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_ne!(
        shapes.keys().next(),
        reversed.keys().next(),
        "the orders differ"
    );
    let expected: Vec<(String, String)> =
        [("Expr", "negate"), ("Node", "next"), ("Tree", "branch")]
            .iter()
            .map(|(s, m)| ((*s).to_owned(), (*m).to_owned()))
            .collect();
    assert_eq!(boxed_members(shapes), expected);
    assert_eq!(boxed_members(reversed), expected);
}
