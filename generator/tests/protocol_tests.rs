//! Which `smithy.test` cases become tests, and what the generator refuses.
//! (The official awsJson1_0 suite itself runs in the `protocol-tests`
//! crate.)

use generator::lower::{Selection, lower};
use generator::model::Model;
use generator::model::load::load_json_value;
use generator::protocol_tests::{Suite, emit_files};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

const JSON10: &str = "aws.protocols#awsJson1_0";

fn request_case(id: &str, extra: Value) -> Value {
    let mut case = json!({
        "id": id,
        "protocol": JSON10,
        "method": "POST",
        "uri": "/",
        "body": "{}",
        "bodyMediaType": "application/json",
        "headers": {"X-Amz-Target": "Svc.Op"}
    });
    merge(&mut case, extra);
    case
}

fn response_case(id: &str, extra: Value) -> Value {
    let mut case = json!({"id": id, "protocol": JSON10, "code": 200, "body": "{}"});
    merge(&mut case, extra);
    case
}

fn merge(into: &mut Value, extra: Value) {
    if let (Value::Object(into), Value::Object(extra)) = (into, extra) {
        into.extend(extra);
    }
}

/// A service with one operation `Op` (input and output `{ value: Float }`)
/// and one error `Oops`, carrying the given cases.
fn model(requests: Vec<Value>, responses: Vec<Value>, error_responses: Vec<Value>) -> Model {
    let ast = json!({
        "smithy": "2.0",
        "shapes": {
            "test#Svc": {
                "type": "service",
                "version": "2024-01-01",
                "operations": [{"target": "test#Op"}],
                "traits": {JSON10: {}, "aws.api#service": {"sdkId": "Svc"}}
            },
            "test#Op": {
                "type": "operation",
                "input": {"target": "test#OpInput"},
                "output": {"target": "test#OpOutput"},
                "errors": [{"target": "test#Oops"}],
                "traits": {
                    "smithy.test#httpRequestTests": requests,
                    "smithy.test#httpResponseTests": responses
                }
            },
            "test#OpInput": {
                "type": "structure",
                "members": {"value": {"target": "smithy.api#Float"}},
                "traits": {"smithy.api#input": {}}
            },
            "test#OpOutput": {
                "type": "structure",
                "members": {"value": {"target": "smithy.api#Float"}},
                "traits": {"smithy.api#output": {}}
            },
            "test#Oops": {
                "type": "structure",
                "members": {"reason": {"target": "smithy.api#String"}},
                "traits": {
                    "smithy.api#error": "client",
                    "smithy.test#httpResponseTests": error_responses
                }
            }
        }
    });
    let mut model = Model::default();
    load_json_value(&mut model, Path::new("test.json"), ast).unwrap_or_else(|e| panic!("{e}"));
    model
}

fn suite(skip: &[(&str, &str)]) -> Suite {
    Suite {
        client_crate: "svc".to_owned(),
        harness: "harness".to_owned(),
        skip: skip
            .iter()
            .map(|(id, why)| ((*id).to_owned(), (*why).to_owned()))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn generate(model: &Model, suite: &Suite) -> Result<String, String> {
    let service = lower(model, &Selection::default()).map_err(|e| e.to_string())?;
    let files = emit_files(model, &service, suite).map_err(|e| e.to_string())?;
    let rendered = generator::output::render(files, "test").map_err(|e| e.to_string())?;
    Ok(rendered.into_values().collect())
}

#[test]
fn only_client_cases_of_the_service_protocol_become_tests() {
    let model = model(
        vec![
            request_case("Sends", json!({"params": {"value": 1.5}})),
            request_case("ServerOnly", json!({"appliesTo": "server"})),
        ],
        vec![
            response_case(
                "Reads",
                json!({"appliesTo": "client", "params": {"value": 2}}),
            ),
            response_case(
                "OtherProtocol",
                json!({"protocol": "aws.protocols#restJson1"}),
            ),
        ],
        vec![response_case(
            "Fails",
            json!({"code": 400, "params": {"reason": "no"}}),
        )],
    );
    let text = generate(&model, &suite(&[])).unwrap();
    for name in [
        "fn sends_request()",
        "fn reads_response()",
        "fn fails_response()",
    ] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
    for absent in ["server_only", "other_protocol"] {
        assert!(!text.contains(absent), "{absent} emitted:\n{text}");
    }
    assert!(text.contains("apply to clients (3)"), "{text}");
    assert!(text.contains(".set_value(Some(1.5f32))"), "{text}");
    assert!(text.contains("op::OpError::Oops(error)"), "{text}");
}

#[test]
fn nan_members_are_checked_on_their_own() {
    let model = model(
        vec![],
        vec![response_case("Nan", json!({"params": {"value": "NaN"}}))],
        vec![],
    );
    let text = generate(&model, &suite(&[])).unwrap();
    assert!(text.contains("assert!(actual.value.is_some_and("), "{text}");
    assert!(
        text.contains("expected.value = Default::default();"),
        "{text}"
    );
    assert!(text.contains("f32::NAN"), "{text}");
}

#[test]
fn skipped_cases_are_ignored_with_their_reason() {
    let model = model(vec![request_case("Sends", json!({}))], vec![], vec![]);
    let text = generate(&model, &suite(&[("Sends", "not supported yet")])).unwrap();
    assert!(text.contains("#[ignore = \"not supported yet\"]"), "{text}");
    assert!(
        text.contains("`Sends` (request): not supported yet"),
        "{text}"
    );

    let error = generate(&model, &suite(&[("Gone", "stale")])).unwrap_err();
    assert!(error.contains("skip list names case `Gone`"), "{error}");
}

#[test]
fn params_that_do_not_fit_the_input_are_errors() {
    let bad = |params: Value| {
        let model = model(
            vec![request_case("Bad", json!({ "params": params }))],
            vec![],
            vec![],
        );
        generate(&model, &suite(&[])).unwrap_err()
    };
    let error = bad(json!({"nope": 1}));
    assert!(error.contains("case `Bad` (request)"), "{error}");
    assert!(error.contains("has no member `nope`"), "{error}");
    let error = bad(json!({"value": true}));
    assert!(error.contains("params.value: expected a float"), "{error}");
}
