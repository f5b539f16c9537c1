//! The IDL reader on the official awsJson1_0 protocol test models.

use std::path::PathBuf;

use serde_json::{Value, json};

/// The trait definitions the awsJson1_0 suite uses. Named rather than read
/// from the directory, which also holds the traits of other suites.
const TRAIT_FILES: &[&str] = &[
    "aws.api.smithy",
    "aws.auth.smithy",
    "aws.protocols.smithy",
    "smithy.test.smithy",
];

/// The awsJson1_0 suite, the shared test shapes and the traits they use,
/// from `shared/protocol-tests`, found from the crate upwards so the tests
/// run from any checkout that has `shared/` beside it.
fn protocol_test_files() -> Vec<(PathBuf, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/protocol-tests"))
        .find(|dir| dir.is_dir())
        .expect("shared/protocol-tests next to the repository");
    let mut paths = Vec::new();
    for dir in ["awsJson1_0", "shared"] {
        let mut in_dir: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("readable test directory")
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "smithy"))
            .collect();
        in_dir.sort();
        paths.extend(in_dir);
    }
    paths.extend(
        TRAIT_FILES
            .iter()
            .map(|name| root.join("traits").join(name)),
    );
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (path, text)
        })
        .collect()
}

fn protocol_test_model() -> Value {
    let files = protocol_test_files();
    generator::idl::parse_files(&files).unwrap_or_else(|e| panic!("{e}"))
}

const NS: &str = "aws.protocoltests.json10";

fn shape<'a>(model: &'a Value, name: &str) -> &'a Value {
    let id = if name.contains('#') {
        name.to_string()
    } else {
        format!("{NS}#{name}")
    };
    model["shapes"]
        .get(&id)
        .unwrap_or_else(|| panic!("no shape {id}"))
}

fn cases<'a>(model: &'a Value, operation: &str, tests: &str) -> &'a Vec<Value> {
    shape(model, operation)["traits"][format!("smithy.test#{tests}")]
        .as_array()
        .unwrap_or_else(|| panic!("{operation} has no {tests}"))
}

#[test]
fn service_operations_and_protocol_trait() {
    let model = protocol_test_model();
    assert_eq!(model["smithy"], "2.0");
    let service = shape(&model, "JsonRpc10");
    assert_eq!(service["type"], "service");
    assert_eq!(service["version"], "2020-07-14");
    let operations: Vec<&str> = service["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .map(|op| op["target"].as_str().expect("target"))
        .collect();
    assert_eq!(operations.len(), 16);
    assert_eq!(
        operations[0],
        "aws.protocoltests.json10#ContentTypeParameters"
    );
    assert!(operations.windows(2).all(|w| w[0] < w[1]), "sorted");
    assert_eq!(
        service["traits"],
        json!({
            "aws.api#service": {"sdkId": "JSON RPC 10"},
            "aws.auth#sigv4": {"name": "jsonrpc10"},
            "aws.protocols#awsJson1_0": {},
            "smithy.api#title": "Sample Json 1.0 Protocol Service"
        })
    );
    let compatible = shape(&model, "QueryCompatibleJsonRpc10");
    assert_eq!(
        compatible["traits"]["aws.protocols#awsQueryCompatible"],
        json!({})
    );
}

#[test]
fn every_protocol_test_case_is_read() {
    let model = protocol_test_model();
    let count = |tests: &str| -> usize {
        let key = format!("smithy.test#{tests}");
        model["shapes"]
            .as_object()
            .expect("shapes")
            .values()
            .filter_map(|s| s["traits"][&key].as_array())
            .map(Vec::len)
            .sum()
    };
    assert_eq!(count("httpRequestTests"), 33);
    assert_eq!(count("httpResponseTests"), 43);
}

#[test]
fn request_test_cases_keep_params_headers_and_text_block_bodies() {
    let model = protocol_test_model();
    let tests = cases(&model, "OperationWithDefaults", "httpRequestTests");
    assert_eq!(
        tests[1],
        json!({
            "id": "AwsJson10ClientSkipsTopLevelDefaultValuesInInput",
            "documentation": "Client skips top level default values in input.",
            "appliesTo": "client",
            "tags": ["defaults"],
            "protocol": "aws.protocols#awsJson1_0",
            "method": "POST",
            "bodyMediaType": "application/json",
            "uri": "/",
            "headers": {"Content-Type": "application/x-amz-json-1.0"},
            "body": "{\n}",
            "params": {}
        })
    );
    let body = tests[0]["body"].as_str().expect("body");
    assert!(body.starts_with("{\n    \"defaults\": {\n        \"defaultString\": \"hi\",\n"));
    assert!(body.ends_with("        \"zeroDouble\": 0.0\n    }\n}"));
    assert_eq!(tests[0]["params"], json!({"defaults": {}}));

    let unions = cases(&model, "JsonUnions", "httpRequestTests");
    assert_eq!(
        unions[0]["body"],
        "{\n    \"contents\": {\n        \"stringValue\": \"foo\"\n    }\n}"
    );
    assert_eq!(
        unions[0]["headers"],
        json!({"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "JsonRpc10.JsonUnions"})
    );
}

#[test]
fn unquoted_node_values_resolve_through_use_statements() {
    let model = protocol_test_model();
    let tests = cases(&model, "QueryIncompatibleOperation", "httpRequestTests");
    assert_eq!(tests[0]["protocol"], "aws.protocols#awsJson1_0");
    let errors = cases(&model, "CustomCodeError", "httpResponseTests");
    assert_eq!(
        errors[0]["vendorParamsShape"],
        "aws.protocoltests.config#ErrorCodeParams"
    );
}

#[test]
fn default_values_keep_their_node_types() {
    let model = protocol_test_model();
    let mixin = shape(&model, "DefaultsMixin");
    assert_eq!(mixin["traits"], json!({"smithy.api#mixin": {}}));
    let default = |member: &str| mixin["members"][member]["traits"]["smithy.api#default"].clone();
    assert_eq!(default("defaultString"), "hi");
    assert_eq!(default("defaultBoolean"), true);
    assert_eq!(default("defaultList"), json!([]));
    assert_eq!(default("defaultDocumentMap"), json!({}));
    assert_eq!(default("defaultNullDocument"), Value::Null);
    assert!(default("defaultInteger").is_i64());
    assert_eq!(default("defaultInteger"), 10);
    assert!(default("defaultFloat").is_f64());
    assert_eq!(
        serde_json::to_string(&default("zeroDouble"))
            .ok()
            .as_deref(),
        Some("0.0")
    );
    assert_eq!(default("defaultIntEnum"), 1);
    assert_eq!(
        mixin["members"]["defaultEnum"],
        json!({"target": "aws.protocoltests.json10#TestEnum", "traits": {"smithy.api#default": "FOO"}})
    );
}

#[test]
fn mixins_are_referenced_not_flattened() {
    let model = protocol_test_model();
    assert_eq!(
        shape(&model, "Defaults"),
        &json!({
            "type": "structure",
            "mixins": [{"target": "aws.protocoltests.json10#DefaultsMixin"}],
            "members": {}
        })
    );
    let case = shape(&model, "smithy.test#HttpRequestTestCase");
    assert_eq!(
        case["mixins"],
        json!([{"target": "smithy.test#HttpRequestMixin"}])
    );
    assert!(
        case["members"].get("method").is_none(),
        "method comes from the mixin"
    );
}

#[test]
fn inline_input_and_output_structures() {
    let model = protocol_test_model();
    let operation = shape(&model, "OperationWithDefaults");
    assert_eq!(
        operation["input"],
        json!({"target": "aws.protocoltests.json10#OperationWithDefaultsInput"})
    );
    let input = shape(&model, "OperationWithDefaultsInput");
    assert_eq!(input["traits"], json!({"smithy.api#input": {}}));
    assert_eq!(
        input["members"]["topLevelDefault"],
        json!({"target": "smithy.api#String", "traits": {"smithy.api#default": "hi"}})
    );
    assert_eq!(
        shape(&model, "OperationWithDefaultsOutput"),
        &json!({
            "type": "structure",
            "mixins": [{"target": "aws.protocoltests.json10#DefaultsMixin"}],
            "members": {},
            "traits": {"smithy.api#output": {}}
        })
    );
}

#[test]
fn unions_enums_and_documentation() {
    let model = protocol_test_model();
    let union = shape(&model, "MyUnion");
    assert_eq!(union["type"], "union");
    assert_eq!(
        union["members"]["enumValue"],
        json!({"target": "aws.protocoltests.shared#FooEnum"})
    );
    assert_eq!(
        union["traits"]["smithy.api#documentation"],
        "A union with a representative set of types for members."
    );
    assert_eq!(
        shape(&model, "TestIntEnum")["members"]["TWO"],
        json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 2}})
    );
    assert_eq!(
        shape(&model, "TestEnum")["members"]["BAZ"],
        json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "BAZ"}})
    );
    assert_eq!(
        shape(&model, "NoInputAndNoOutput")["traits"]["smithy.api#documentation"],
        "The example tests how requests and responses are serialized when there's\n\
         no request or response payload because the operation has no input or output.\n\
         While this should be rare, code generators must support this."
    );
    assert_eq!(
        shape(&model, "NoInputAndNoOutput")["input"],
        json!({"target": "smithy.api#Unit"})
    );
}

#[test]
fn prelude_traits_and_trait_definitions() {
    let model = protocol_test_model();
    assert_eq!(
        shape(&model, "PutWithContentEncoding")["traits"]["smithy.api#requestCompression"],
        json!({"encodings": ["gzip"]})
    );
    let shapes = model["shapes"].as_object().expect("shapes");
    assert!(shapes.keys().all(|id| !id.starts_with("smithy.api#")));
    let ids: Vec<&String> = shapes.keys().collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "shapes sorted by id");
    let trait_shape = shape(&model, "smithy.test#httpRequestTests");
    assert_eq!(trait_shape["type"], "list");
    assert_eq!(
        trait_shape["traits"],
        json!({
            "smithy.api#documentation": "Define how an HTTP request is serialized given a specific protocol,\nauthentication scheme, and set of input parameters.",
            "smithy.api#length": {"min": 1},
            "smithy.api#trait": {"selector": "operation"}
        })
    );
    assert_eq!(
        model["metadata"]["suppressions"].as_array().map(Vec::len),
        Some(2)
    );
}

/// Every prefix of a real model, and the model with a character replaced
/// here and there, parses or fails with an error; nothing panics.
#[test]
fn damaged_models_fail_cleanly() {
    let files = protocol_test_files();
    for (path, text) in files.iter().filter(|(path, _)| {
        path.ends_with("main.smithy") || path.ends_with("nestedDefaults.smithy")
    }) {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        // About 200 prefixes and 200 variants per file keep this quick.
        let step = (boundaries.len() / 200).max(1);
        for &end in boundaries.iter().step_by(step) {
            let _ = generator::idl::parse_files(&[(path.clone(), text[..end].to_string())]);
        }
        for (n, &at) in boundaries.iter().skip(step / 2).step_by(step).enumerate() {
            let replacement = ["{", "}", "\"", "@", "$", "\\", "(", "#", "\n", "="][n % 10];
            let mut damaged = text.clone();
            let len = text[at..].chars().next().map_or(0, char::len_utf8);
            damaged.replace_range(at..at + len, replacement);
            let _ = generator::idl::parse_files(&[(path.clone(), damaged)]);
        }
    }
}
