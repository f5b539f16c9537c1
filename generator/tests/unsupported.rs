//! Operations that need what the generator cannot do yet (an input event
//! stream in an RPC protocol, streaming blobs there) are left out with a
//! warning naming them, or refused when asked for by name; never generated
//! wrong. An output event stream is generated, its exceptions joining the
//! operation's errors.

use generator::lower::{Selection, lower};
use generator::model::load::load_files;
use serde_json::{Value, json};

/// A service with a plain operation (`Get`), one whose output is an event
/// stream (`Subscribe`, as Kinesis `SubscribeToShard`), and one whose input
/// is (`Publish`), which awsJson would open with an initial-request event.
fn model() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service",
                "version": "1",
                "operations": [
                    {"target": "ex#Get"},
                    {"target": "ex#Subscribe"},
                    {"target": "ex#Publish"}
                ],
                "traits": {"aws.protocols#awsJson1_1": {
                    "http": ["http/1.1", "h2"],
                    "eventStreamHttp": ["h2"]
                }}
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
            "ex#Publish": {
                "type": "operation",
                "input": {"target": "ex#PublishInput"}
            },
            "ex#PublishInput": {"type": "structure", "members": {
                "records": {"target": "ex#Records"}
            }},
            "ex#Records": {
                "type": "union",
                "members": {"record": {"target": "ex#Record"}},
                "traits": {"smithy.api#streaming": {}}
            },
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
fn an_output_stream_is_generated_and_an_rpc_input_stream_left_out_with_a_warning() {
    let service = lowered(&Selection::default()).expect("generates");
    let names: Vec<&str> = service
        .operations
        .iter()
        .map(|op| op.name.as_str())
        .collect();
    assert_eq!(names, ["Get", "Subscribe"]);
    // Nothing only the left-out operation reaches is generated.
    assert!(service.types.keys().all(|id| id.name() != "Records"));
    // The stream's exception is not an event but an error of the operation.
    let events = service
        .types
        .iter()
        .find_map(|(id, def)| match def {
            generator::ir::TypeDef::Union(u) if id.name() == "Events" => Some(u),
            _ => None,
        })
        .expect("the stream's union");
    assert!(events.event_stream);
    let variants: Vec<&str> = events
        .members
        .iter()
        .map(|m| m.wire_name.as_str())
        .collect();
    assert_eq!(variants, ["record"]);
    assert_eq!(events.event_errors.len(), 1);
    assert_eq!(events.event_errors[0].0, "failure");
    let subscribe = &service.operations[1];
    assert!(subscribe.errors.iter().any(|e| e.name() == "StreamFailure"));
    // The service takes event streams only over HTTP/2 (as Kinesis does);
    // its other operations stay on HTTP/1.1.
    assert!(subscribe.http2);
    assert!(!service.operations[0].http2);
    let warnings: Vec<String> = service.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(
            "ex#Publish: uses an input event stream in an RPC protocol (its input member `records` of ex#PublishInput)"
        ) && warnings[0].ends_with("the operation is left out"),
        "{warnings:?}"
    );
}

#[test]
fn asking_for_an_unsupported_event_stream_operation_is_an_error_naming_it() {
    let selection = Selection {
        operations: Some(vec!["Get".to_owned(), "Publish".to_owned()]),
        ..Selection::default()
    };
    let error = lowered(&selection).expect_err("refused");
    assert!(
        error.contains("ex#Publish: uses an input event stream in an RPC protocol")
            && error.contains("does not support yet"),
        "{error}"
    );
}
