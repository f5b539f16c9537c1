//! Operations that need what the generator cannot do yet (event streams,
//! streaming blobs) are left out with a warning naming them, or refused
//! when asked for by name; never generated wrong.

use generator::lower::{Selection, lower};
use generator::model::load::load_files;
use serde_json::{Value, json};

/// A service with a plain operation (`Get`) and one whose output is an
/// event stream (`Subscribe`, as Kinesis `SubscribeToShard`).
fn model() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service",
                "version": "1",
                "operations": [{"target": "ex#Get"}, {"target": "ex#Subscribe"}],
                "traits": {"aws.protocols#awsJson1_1": {}}
            },
            "ex#Get": {"type": "operation"},
            "ex#Subscribe": {
                "type": "operation",
                "output": {"target": "ex#SubscribeOutput"},
                "errors": [{"target": "ex#StreamFailure"}]
            },
            "ex#SubscribeOutput": {"type": "structure", "members": {
                "events": {"target": "ex#Events"}
            }},
            "ex#Events": {
                "type": "union",
                "members": {
                    "record": {"target": "ex#Record"},
                    "failure": {"target": "ex#StreamFailure"}
                },
                "traits": {"smithy.api#streaming": {}}
            },
            "ex#Record": {"type": "structure", "members": {
                "data": {"target": "smithy.api#String"}
            }},
            "ex#StreamFailure": {
                "type": "structure",
                "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "server"}
            }
        }
    })
}

fn lowered(selection: &Selection) -> Result<generator::ir::Service, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("model.json");
    std::fs::write(&path, model().to_string()).expect("write model");
    let model = load_files(&[path]).map_err(|e| e.to_string())?;
    lower(&model, selection).map_err(|e| e.to_string())
}

#[test]
fn an_event_stream_operation_is_left_out_with_a_warning() {
    let service = lowered(&Selection::default()).expect("generates");
    let names: Vec<&str> = service
        .operations
        .iter()
        .map(|op| op.name.as_str())
        .collect();
    assert_eq!(names, ["Get"]);
    // Nothing only the left-out operation reaches is generated (no unused
    // error type, no stream union).
    assert!(
        service.types.keys().all(|id| id.name() != "Events"
            && id.name() != "StreamFailure"
            && id.name() != "Record")
    );
    let warnings: Vec<String> = service.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(
            "ex#Subscribe: uses an event stream (its output member `events` of ex#SubscribeOutput)"
        ) && warnings[0].ends_with("the operation is left out"),
        "{warnings:?}"
    );
}

#[test]
fn asking_for_an_event_stream_operation_is_an_error_naming_it() {
    let selection = Selection {
        operations: Some(vec!["Get".to_owned(), "Subscribe".to_owned()]),
        ..Selection::default()
    };
    let error = lowered(&selection).expect_err("refused");
    assert!(
        error.contains("ex#Subscribe: uses an event stream")
            && error.contains("does not support yet"),
        "{error}"
    );
}
