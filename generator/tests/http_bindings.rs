//! The HTTP binding traits as lowering reads them for restJson1: where each
//! member goes, the operation's path pattern, and the error naming the
//! shape and member for each binding the protocol forbids (nothing is
//! generated then).

use generator::ir::{Binding, PathPart, Service};
use generator::lower::{Selection, lower};
use generator::model::load::load_files;
use serde_json::{Value, json};

/// A restJson1 service with one operation, `PUT /things/{id}/parts/{path+}?
/// kind=a`, whose input binds a member to each location; `edit` changes
/// the model first.
fn model(edit: impl FnOnce(&mut Value)) -> Value {
    let mut model = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service",
                "version": "1",
                "operations": [{"target": "ex#Put"}],
                "traits": {"aws.protocols#restJson1": {}}
            },
            "ex#Put": {
                "type": "operation",
                "input": {"target": "ex#PutInput"},
                "output": {"target": "ex#PutOutput"},
                "traits": {"smithy.api#http": {
                    "method": "PUT", "uri": "/things/{id}/parts/{path+}?kind=a", "code": 201
                }}
            },
            "ex#PutInput": {"type": "structure", "members": {
                "id": {"target": "smithy.api#String", "traits": {
                    "smithy.api#httpLabel": {}, "smithy.api#required": {}
                }},
                "path": {"target": "smithy.api#String", "traits": {
                    "smithy.api#httpLabel": {}, "smithy.api#required": {}
                }},
                "filter": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "filter"}},
                "token": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Token"}},
                "meta": {"target": "ex#Meta", "traits": {"smithy.api#httpPrefixHeaders": "X-Meta-"}},
                "name": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "Name"}}
            }},
            "ex#PutOutput": {"type": "structure", "members": {
                "status": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpResponseCode": {}}},
                "etag": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "ETag"}},
                "data": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}}
            }},
            "ex#Meta": {
                "type": "map",
                "key": {"target": "smithy.api#String"},
                "value": {"target": "smithy.api#String"}
            }
        }
    });
    edit(&mut model);
    model
}

fn lowered(model: &Value) -> Result<Service, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("model.json");
    std::fs::write(&path, model.to_string()).expect("write model");
    let model = load_files(&[path]).map_err(|e| e.to_string())?;
    lower(&model, &Selection::default()).map_err(|e| e.to_string())
}

#[track_caller]
fn error(edit: impl FnOnce(&mut Value)) -> String {
    match lowered(&model(edit)) {
        Ok(_) => panic!("the model lowered without error"),
        Err(e) => e,
    }
}

fn input_member(m: &mut Value, name: &str) -> Value {
    m["shapes"]["ex#PutInput"]["members"][name].take()
}

#[test]
fn members_are_bound_where_their_traits_say() {
    let service = lowered(&model(|_| {})).expect("lowers");
    let op = &service.operations[0];
    let http = op.http.as_ref().expect("@http");
    assert_eq!(http.method, "PUT");
    assert_eq!(http.code, 201);
    assert_eq!(http.query, [("kind".to_owned(), Some("a".to_owned()))]);
    let labels: Vec<(&str, bool)> = http
        .path
        .iter()
        .filter_map(|p| match p {
            PathPart::Label { name, greedy, .. } => Some((name.as_str(), *greedy)),
            PathPart::Literal(_) => None,
        })
        .collect();
    assert_eq!(labels, [("id", false), ("path", true)]);
    let input = service.structure(&op.input).expect("input");
    let binding = |name: &str| {
        input
            .members
            .iter()
            .find(|m| m.wire_name == name)
            .map(|m| m.binding.clone())
    };
    assert_eq!(binding("id"), Some(Binding::Label { greedy: false }));
    assert_eq!(binding("path"), Some(Binding::Label { greedy: true }));
    assert_eq!(binding("filter"), Some(Binding::Query("filter".into())));
    assert_eq!(binding("token"), Some(Binding::Header("X-Token".into())));
    assert_eq!(
        binding("meta"),
        Some(Binding::PrefixHeaders("X-Meta-".into()))
    );
    assert_eq!(binding("name"), Some(Binding::Body));
    let name = input
        .members
        .iter()
        .find(|m| m.wire_name == "name")
        .expect("name");
    assert_eq!(name.json_name, "Name");
    let output = service.structure(&op.output).expect("output");
    let bindings: Vec<Binding> = output.members.iter().map(|m| m.binding.clone()).collect();
    assert_eq!(
        bindings,
        [
            Binding::ResponseCode,
            Binding::Header("ETag".into()),
            Binding::Payload
        ]
    );
}

/// awsJson ignores the binding traits and `@jsonName`: everything is in
/// the body under its member name.
#[test]
fn rpc_protocols_put_everything_in_the_body() {
    let service = lowered(&model(|m| {
        m["shapes"]["ex#Svc"]["traits"] = json!({"aws.protocols#awsJson1_1": {}});
    }))
    .expect("lowers");
    let op = &service.operations[0];
    assert!(op.http.is_none());
    let input = service.structure(&op.input).expect("input");
    assert!(input.members.iter().all(|m| m.binding == Binding::Body));
    let name = input
        .members
        .iter()
        .find(|m| m.wire_name == "name")
        .expect("name");
    assert_eq!(name.json_name, "name");
}

/// A change to the model.
type Edit = Box<dyn FnOnce(&mut Value)>;

#[test]
fn forbidden_bindings_are_named() {
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|m| {
                m["shapes"]["ex#Put"]["traits"]["smithy.api#http"]["uri"] =
                    json!("/things/{path+}");
            }),
            "ex#PutInput$id: is marked @httpLabel but @http uri `/things/{path+}` has no label `{id}`",
        ),
        (
            Box::new(|m| {
                let id = input_member(m, "id");
                m["shapes"]["ex#PutInput"]["members"]["id"] =
                    json!({"target": id["target"], "traits": {"smithy.api#httpLabel": {}}});
            }),
            "ex#PutInput$id: is an @httpLabel, so it must be @required",
        ),
        (
            Box::new(|m| {
                m["shapes"]["ex#Put"]["traits"]["smithy.api#http"]["uri"] =
                    json!("/things/{path+}/{id}");
            }),
            "ex#Put: @http uri `/things/{path+}/{id}`: the greedy label `{path+}` must be the last label",
        ),
        (
            Box::new(|m| {
                m["shapes"]["ex#Put"]["traits"]["smithy.api#http"]["uri"] =
                    json!("/things/{id}/parts/{path+}?filter=x");
            }),
            "ex#PutInput$filter: is bound to query parameter `filter`, which @http uri `/things/{id}/parts/{path+}?filter=x` already sets",
        ),
        (
            Box::new(|m| {
                m["shapes"]["ex#PutOutput"]["members"]["etag"]["traits"] =
                    json!({"smithy.api#httpPayload": {}});
            }),
            "ex#PutOutput$data: is a second @httpPayload member; a structure can have one",
        ),
        (
            Box::new(|m| {
                m["shapes"]["ex#PutOutput"]["members"]["etag"]["traits"] = json!({});
            }),
            "ex#PutOutput$etag: is a body member, but member `data` is the @httpPayload",
        ),
        (
            Box::new(|m| {
                m["shapes"]["ex#Put"]["traits"] = json!({});
            }),
            "ex#Put: has no @http trait, which aws.protocols#restJson1 needs",
        ),
    ];
    for (edit, expected) in cases {
        let message = error(edit);
        assert!(
            message.contains(expected),
            "{message}\nexpected to contain\n{expected}"
        );
    }
}
