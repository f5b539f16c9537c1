//! `@paginated` and `smithy.waiters#waitable` as lowering reads them: what
//! a model gets, and the error that names the operation, the waiter and
//! the problem when a trait is wrong.

use generator::ir::{AcceptorState, Matcher, PathComparator, Service};
use generator::lower::{Selection, lower};
use generator::model::load::load_files;
use serde_json::{Value, json};

/// A service with one paginated operation (`List`) and one waitable one
/// (`Get`); `edit` changes the model first.
fn model(edit: impl FnOnce(&mut Value)) -> Value {
    let mut model = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service",
                "version": "1",
                "operations": [{"target": "ex#List"}, {"target": "ex#Get"}],
                "traits": {"aws.protocols#awsJson1_0": {}}
            },
            "ex#List": {
                "type": "operation",
                "input": {"target": "ex#ListInput"},
                "output": {"target": "ex#ListOutput"},
                "traits": {"smithy.api#paginated": {
                    "inputToken": "next", "outputToken": "page.next", "items": "page.items", "pageSize": "max"
                }}
            },
            "ex#ListInput": {"type": "structure", "members": {
                "next": {"target": "smithy.api#String"},
                "max": {"target": "smithy.api#Integer"},
                "label": {"target": "smithy.api#String"}
            }},
            "ex#ListOutput": {"type": "structure", "members": {
                "page": {"target": "ex#Page"},
                "count": {"target": "smithy.api#Integer"}
            }},
            "ex#Page": {"type": "structure", "members": {
                "next": {"target": "smithy.api#String"},
                "items": {"target": "ex#Names"}
            }},
            "ex#Names": {"type": "list", "member": {"target": "smithy.api#String"}},
            "ex#Get": {
                "type": "operation",
                "input": {"target": "ex#GetInput"},
                "output": {"target": "ex#GetOutput"},
                "traits": {"smithy.waiters#waitable": {
                    "Done": {"acceptors": [
                        {"state": "success", "matcher": {"output": {
                            "path": "status", "expected": "DONE", "comparator": "stringEquals"
                        }}}
                    ]}
                }}
            },
            "ex#GetInput": {"type": "structure", "members": {
                "id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}
            }},
            "ex#GetOutput": {"type": "structure", "members": {
                "status": {"target": "smithy.api#String"},
                "count": {"target": "smithy.api#Integer"},
                "ready": {"target": "smithy.api#Boolean"},
                "names": {"target": "ex#Names"}
            }}
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

/// The lowering error of the model with `edit` applied.
#[track_caller]
fn error(edit: impl FnOnce(&mut Value)) -> String {
    match lowered(&model(edit)) {
        Ok(_) => panic!("expected a lowering error"),
        Err(e) => e,
    }
}

fn set_paginated(model: &mut Value, paginated: Value) {
    model["shapes"]["ex#List"]["traits"]["smithy.api#paginated"] = paginated;
}

/// Replaces the `Done` waiter's only acceptor with an output path matcher.
fn set_path(model: &mut Value, path: &str, expected: &str, comparator: &str) {
    model["shapes"]["ex#Get"]["traits"]["smithy.waiters#waitable"]["Done"]["acceptors"] = json!([
        {"state": "success", "matcher": {"output": {
            "path": path, "expected": expected, "comparator": comparator
        }}}
    ]);
}

#[test]
fn pagination_resolves_paths_through_the_output() {
    let service = lowered(&model(|_| {})).unwrap();
    let list = &service
        .operations
        .iter()
        .find(|o| o.name == "List")
        .unwrap();
    let pagination = list.pagination.as_ref().unwrap();
    assert_eq!(pagination.paginator_name.as_str(), "ListPaginator");
    assert_eq!(pagination.input_token.wire_name, "next");
    let path = |members: &[generator::ir::Member]| {
        members
            .iter()
            .map(|m| m.wire_name.clone())
            .collect::<Vec<_>>()
            .join(".")
    };
    assert_eq!(path(&pagination.output_token), "page.next");
    assert_eq!(path(pagination.items.as_ref().unwrap()), "page.items");
    assert_eq!(pagination.page_size.as_ref().unwrap().wire_name, "max");
    let get = &service.operations.iter().find(|o| o.name == "Get").unwrap();
    assert!(get.pagination.is_none());
}

#[test]
fn service_defaults_fill_what_the_operation_leaves_out() {
    let service = lowered(&model(|m| {
        m["shapes"]["ex#Svc"]["traits"]["smithy.api#paginated"] =
            json!({"inputToken": "next", "outputToken": "page.next", "pageSize": "label"});
        set_paginated(m, json!({"items": "page.items", "pageSize": "max"}));
    }))
    .unwrap();
    let pagination = service.operations[1].pagination.as_ref().unwrap();
    assert_eq!(pagination.input_token.wire_name, "next");
    // The operation's own setting wins.
    assert_eq!(pagination.page_size.as_ref().unwrap().wire_name, "max");
}

#[test]
fn pagination_errors_name_the_operation_and_the_problem() {
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"outputToken": "page.next"}),
            "ex#List: @paginated: no `inputToken`: set it on the operation or in the service's @paginated",
        ),
        (
            json!({"inputToken": "token", "outputToken": "page.next"}),
            "ex#List: @paginated: inputToken `token` is not a member of the input (members: next, max, label)",
        ),
        (
            json!({"inputToken": "next", "outputToken": "page.nope"}),
            "ex#List: @paginated: outputToken `page.nope`: `nope` is not a member of `Page` (members: next, items)",
        ),
        (
            json!({"inputToken": "next", "outputToken": "count.next"}),
            "ex#List: @paginated: outputToken `count.next`: `count` is not a structure, so the path cannot go on",
        ),
        (
            json!({"inputToken": "next", "outputToken": "count"}),
            "ex#List: @paginated: outputToken `count` and inputToken `next` have different types; the one is sent back as the other",
        ),
        (
            json!({"inputToken": "max", "outputToken": "count"}),
            "ex#List: @paginated: inputToken `max` must target a string or a map",
        ),
        (
            json!({"inputToken": "next", "outputToken": "page.next", "pageSize": "label"}),
            "ex#List: @paginated: pageSize `label` must target an integer",
        ),
        (
            json!({"inputToken": "next", "outputToken": "page.next", "items": "page.next"}),
            "ex#List: @paginated: items `page.next` must target a list or a map",
        ),
    ];
    for (paginated, expected) in cases {
        let message = error(|m| set_paginated(m, paginated.clone()));
        assert!(
            message.ends_with(expected),
            "{paginated}:\n{message}\nexpected to end with\n{expected}"
        );
    }
    let message = error(|m| {
        m["shapes"]["ex#ListInput"]["members"]["next"]["traits"] =
            json!({"smithy.api#required": {}});
    });
    assert!(
        message.ends_with("inputToken `next` is @required, so a first page could not be asked for"),
        "{message}"
    );
}

/// Smithy's tools accept a published model whose `@paginated` has an extra
/// property (opensearchserverless's `maxResults`): a warning, not an error.
#[test]
fn an_unknown_paginated_property_is_a_warning() {
    let service = lowered(&model(|m| {
        set_paginated(
            m,
            json!({"inputToken": "next", "outputToken": "page.next", "maxResults": "max"}),
        )
    }))
    .expect("generates");
    let list = service
        .operations
        .iter()
        .find(|op| op.name == "List")
        .expect("List");
    assert!(list.pagination.is_some());
    let warnings: Vec<String> = service.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].ends_with(
            "ex#List: trait `smithy.api#paginated` has an unknown property `maxResults`, which is ignored"
        ),
        "{warnings:?}"
    );
}

/// A waiter whose path uses JMESPath the generator cannot compile (here a
/// multi-select list mixing types) is left out with a warning; the crate
/// is still generated.
#[test]
fn a_waiter_with_an_unsupported_path_is_left_out_with_a_warning() {
    let service = lowered(&model(|m| {
        set_path(m, "[status, count]", "x", "anyStringEquals");
    }))
    .expect("generates");
    let get = service
        .operations
        .iter()
        .find(|op| op.name == "Get")
        .expect("Get");
    assert!(get.waiters.is_empty());
    let warnings: Vec<String> = service.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].ends_with(
            "waiter `Done` is left out: acceptor 1: path `[status, count]`: multi-select lists mixing a string and a number are not supported"
        ),
        "{warnings:?}"
    );
}

/// A published model's waiter with a property Smithy does not define
/// (mediapackagev2's `description`) is generated, with a warning.
#[test]
fn an_unknown_waiter_property_is_a_warning() {
    let service = lowered(&model(|m| {
        m["shapes"]["ex#Get"]["traits"]["smithy.waiters#waitable"] = json!({"Done": {
            "description": "extra",
            "acceptors": [{"state": "success", "matcher": {"success": true}}]
        }});
    }))
    .expect("generates");
    let get = service
        .operations
        .iter()
        .find(|op| op.name == "Get")
        .expect("Get");
    assert_eq!(get.waiters.len(), 1);
    let warnings: Vec<String> = service.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].ends_with(
            "waiter `Done`: unknown property `description` is ignored (known: documentation, acceptors, minDelay, maxDelay, deprecated, tags)"
        ),
        "{warnings:?}"
    );
}

#[test]
fn waiters_keep_their_acceptors_and_delays() {
    let service = lowered(&model(|m| {
        m["shapes"]["ex#Get"]["traits"]["smithy.waiters#waitable"]["Done"]["minDelay"] = json!(5);
        m["shapes"]["ex#Get"]["traits"]["smithy.waiters#waitable"]["Done"]["acceptors"]
            .as_array_mut()
            .unwrap()
            .push(json!({"state": "retry", "matcher": {"errorType": "com.other#Busy"}}));
    }))
    .unwrap();
    let waiter = &service.operations[0].waiters[0];
    assert_eq!(waiter.name, "Done");
    assert_eq!(waiter.fn_name.as_str(), "wait_until_done");
    assert_eq!(waiter.builder_name.as_str(), "WaitUntilDone");
    assert_eq!((waiter.min_delay, waiter.max_delay), (5, 120));
    assert_eq!(waiter.acceptors[0].state, AcceptorState::Success);
    let Matcher::Output(matcher) = &waiter.acceptors[0].matcher else {
        panic!("{:?}", waiter.acceptors[0].matcher);
    };
    assert_eq!(
        matcher.comparator,
        PathComparator::StringEquals("DONE".to_owned())
    );
    // An absolute shape id matches by name.
    assert!(matches!(&waiter.acceptors[1].matcher, Matcher::ErrorType(code) if code == "Busy"));
}

#[test]
fn path_errors_name_the_waiter_the_acceptor_and_the_path() {
    let prefix = "ex#Get: waiter `Done`: acceptor 1: ";
    let cases = [
        (
            ("count", "1", "stringEquals"),
            "path `count`: stringEquals needs a string, but the path gives a number",
        ),
        (
            ("nope", "x", "stringEquals"),
            "path `nope`: structure `GetOutput` has no member `nope` (members: status, count, ready, names)",
        ),
        (("names", "x", "allStringEquals"), ""),
        (
            ("abs(count) > `1`", "true", "booleanEquals"),
            "path `abs(count) > `1``: function `abs` is not supported (supported: length, contains)",
        ),
        (
            ("!ready.x", "true", "booleanEquals"),
            "path `!ready.x`: `x` reads a member, but the value is a boolean (`!` binds tighter than `.`: write `!(a.b)`)",
        ),
        (
            ("status == `1`", "true", "booleanEquals"),
            "path `status == `1``: `==` compares a string with a number",
        ),
        (
            ("status > 'a'", "true", "booleanEquals"),
            "path `status > 'a'`: `>` orders numbers, not a string",
        ),
        (
            ("length(count)", "true", "booleanEquals"),
            "path `length(count)`: length() takes a string, list or map, not a number",
        ),
        (
            ("names[].x", "x", "anyStringEquals"),
            "path `names[].x`: `x` reads a member, but the value is a string",
        ),
        (
            ("status[0]", "x", "stringEquals"),
            "path `status[0]`: `[0]` indexes a list, not a string",
        ),
        (
            ("status.", "x", "stringEquals"),
            "path `status.`: expected a name after `.` at offset 7, found the end of the expression",
        ),
        (
            ("ready", "yes", "booleanEquals"),
            "booleanEquals expects \"true\" or \"false\", found \"yes\"",
        ),
        (
            ("ready", "true", "booleanIs"),
            "comparator `booleanIs` is not one of stringEquals, booleanEquals, allStringEquals, anyStringEquals",
        ),
    ];
    for ((path, expected, comparator), message) in cases {
        let result = lowered(&model(|m| set_path(m, path, expected, comparator)));
        if message.is_empty() {
            assert!(result.is_ok(), "{path}: {result:?}");
            continue;
        }
        let Err(error) = result else {
            panic!("{path}: expected an error");
        };
        let expected = format!("{prefix}{message}");
        assert!(
            error.ends_with(&expected),
            "{error}\nexpected to end with\n{expected}"
        );
    }
}

#[test]
fn waiter_shape_errors() {
    let waiter = |m: &mut Value, waiter: Value| {
        m["shapes"]["ex#Get"]["traits"]["smithy.waiters#waitable"] = json!({"Done": waiter});
    };
    let success = json!({"state": "success", "matcher": {"success": true}});
    let cases = [
        (
            json!({"acceptors": [{"state": "retry", "matcher": {"success": true}}]}),
            "waiter `Done`: no acceptor leads to the success state",
        ),
        (
            json!({"minDelay": 10, "maxDelay": 5, "acceptors": [success.clone()]}),
            "waiter `Done`: minDelay (10) is greater than maxDelay (5)",
        ),
        (
            json!({"minDelay": 0, "acceptors": [success.clone()]}),
            "waiter `Done`: `minDelay` must be a whole number of seconds, at least 1; found 0",
        ),
        (
            json!({"acceptors": [{"state": "done", "matcher": {"success": true}}]}),
            "waiter `Done`: acceptor 1: `state` must be \"success\", \"failure\" or \"retry\", found \"done\"",
        ),
        (
            json!({"acceptors": [{"state": "success", "matcher": {"success": true, "errorType": "X"}}]}),
            "waiter `Done`: acceptor 1: `matcher` must be an object with exactly one member",
        ),
    ];
    for (value, expected) in cases {
        let message = error(|m| waiter(m, value.clone()));
        assert!(message.ends_with(expected), "{value}:\n{message}");
    }
    let message = error(|m| {
        m["shapes"]["ex#Get"]["traits"]["smithy.waiters#waitable"] =
            json!({"done": {"acceptors": [success.clone()]}});
    });
    assert!(
        message.ends_with("waiter `done`: waiter names are UpperCamelCase letters and digits"),
        "{message}"
    );
}

#[test]
fn a_waiter_method_may_not_collide_with_an_operation_method() {
    let message = error(|m| {
        m["shapes"]["ex#Svc"]["operations"]
            .as_array_mut()
            .unwrap()
            .push(json!({"target": "ex#WaitUntilDone"}));
        m["shapes"]["ex#WaitUntilDone"] = json!({"type": "operation"});
    });
    assert!(
        message.ends_with(
            "ex#Svc: operation `WaitUntilDone` (as client method) and waiter `Done` (as waiter method) of Client both map to Rust name `wait_until_done`"
        ),
        "{message}"
    );
}
