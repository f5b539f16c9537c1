//! The endpoint rule compiler end to end.
//!
//! The whole Proton rule set and our own rule sets (`data/endpoint_rules/`,
//! one concern each) compile; the Rust they compile to is then built as a
//! crate against `lean-runtime`, must pass clippy with `-D warnings`, and
//! must pass every one of its test cases. Compile errors name what is wrong
//! and where.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::endpoint_rules::{Document, EndpointModule, RulesError, compile};
use quote::{format_ident, quote};
use serde_json::{Value, json};

const PROTON_SERVICE: &str = "com.amazonaws.proton#AwsProton20200720";
const FIXTURES: [&str; 3] = ["library", "partitions", "parameters"];

/// `shared/models/<name>`, found from the crate upwards so the tests run from
/// any checkout that has `shared/` beside it.
fn shared_model(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/models").join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| panic!("shared/models/{name} next to the repository"));
    let text = std::fs::read_to_string(&path).expect("readable model");
    serde_json::from_str(&text).expect("a JSON model")
}

/// The endpoint rule set and tests of the Proton service.
fn proton() -> (Value, Value) {
    let model = shared_model("proton.json");
    let traits = &model["shapes"][PROTON_SERVICE]["traits"];
    (
        traits["smithy.rules#endpointRuleSet"].clone(),
        traits["smithy.rules#endpointTests"].clone(),
    )
}

/// One of our rule sets: `(endpointRuleSet, endpointTests)`.
fn fixture(name: &str) -> (Value, Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/endpoint_rules")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).expect("readable fixture");
    let value: Value = serde_json::from_str(&text).expect("a JSON fixture");
    (
        value["endpointRuleSet"].clone(),
        value["endpointTests"].clone(),
    )
}

/// How many test functions a test document should produce: every case but
/// those that only give operation inputs.
fn runnable_cases(tests: &Value) -> usize {
    tests["testCases"]
        .as_array()
        .expect("testCases")
        .iter()
        .filter(|case| case.get("params").is_some() || case.get("operationInputs").is_none())
        .count()
}

fn compiled(rules: &Value, tests: &Value) -> EndpointModule {
    compile(rules, Some(tests)).unwrap_or_else(|error| panic!("compiles: {error}"))
}

#[test]
fn proton_rule_set_compiles_into_the_resolver_items_and_29_tests() {
    let (rules, tests) = proton();
    assert_eq!(rules["rules"].as_array().map(Vec::len), Some(2));
    let module = compiled(&rules, &tests);
    let resolver: syn::File = syn::parse2(module.resolver).expect("valid Rust items");
    let names: Vec<String> = resolver
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => Some(format!("struct {}", item.ident)),
            syn::Item::Fn(item) => Some(format!("fn {}", item.sig.ident)),
            _ => None,
        })
        .collect();
    assert_eq!(
        names,
        [
            "struct Params",
            "struct ParamsBuilder",
            "fn params_from_builtins",
            "fn resolve_endpoint"
        ]
    );
    let tests_item: syn::ItemMod = syn::parse2(module.tests.expect("tests")).expect("a module");
    let test_fns = tests_item.content.map_or(0, |(_, items)| items.len());
    assert_eq!(test_fns, 29);
    assert_eq!(runnable_cases(&tests), 29);
}

/// The generated crate: one module per rule set, each with its tests.
fn crate_source(rule_sets: &[(&str, EndpointModule)]) -> String {
    let modules = rule_sets.iter().map(|(name, module)| {
        let ident = format_ident!("{name}");
        let doc = format!(" Endpoint resolution compiled from the `{name}` rule set.");
        let resolver = &module.resolver;
        let tests = &module.tests;
        quote! {
            #[doc = #doc]
            pub mod #ident {
                #resolver
                #tests
            }
        }
    });
    let file: syn::File = syn::parse2(quote! {
        //! Rule sets compiled by the generator's endpoint tests.
        #(#modules)*
    })
    .expect("the generated code parses");
    prettyplease::unparse(&file)
}

/// The target directory of this build, shared with the generated crate so
/// that `lean-runtime` and its dependencies are not built twice.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// Runs cargo in `dir`, failing the test if cargo fails; returns stdout.
fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .envs(env.iter().copied())
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo {} failed in {}:\n{stdout}\n{stderr}",
        args.join(" "),
        dir.display()
    );
    stdout
}

#[test]
fn compiled_rule_sets_build_and_pass_clippy_rustdoc_and_their_test_cases() {
    let mut rule_sets = Vec::new();
    let mut expected = BTreeMap::new();
    let (rules, tests) = proton();
    expected.insert("proton".to_owned(), runnable_cases(&tests));
    rule_sets.push(("proton", compiled(&rules, &tests)));
    for name in FIXTURES {
        let (rules, tests) = fixture(name);
        expected.insert(name.to_owned(), runnable_cases(&tests));
        rule_sets.push((name, compiled(&rules, &tests)));
    }

    let dir = tempfile::tempdir().expect("a temporary directory");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let runtime = workspace.join("runtime").canonicalize().expect("runtime/");
    let manifest = format!(
        r#"[package]
name = "compiled-endpoint-rules"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
# The endpoint functions need none of the runtime's optional features (TLS).
lean-runtime = {{ path = {runtime:?}, default-features = false }}

[lints.rust]
missing_docs = "deny"
unsafe_code = "deny"

# As in the workspace, so dependencies built for it are reused.
[profile.dev.package."*"]
opt-level = 1

[workspace]
"#,
        runtime = runtime.display().to_string()
    );
    std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("writes Cargo.toml");
    // The workspace's lock file pins the versions it already built.
    std::fs::copy(workspace.join("Cargo.lock"), dir.path().join("Cargo.lock"))
        .expect("copies Cargo.lock");
    std::fs::create_dir(dir.path().join("src")).expect("creates src/");
    std::fs::write(dir.path().join("src/lib.rs"), crate_source(&rule_sets)).expect("writes lib.rs");

    cargo(
        dir.path(),
        &[
            "clippy",
            "--offline",
            "--no-deps",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    cargo(
        dir.path(),
        &["doc", "--offline", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    let output = cargo(dir.path(), &["test", "--offline", "--lib"], &[]);

    let mut passed: BTreeMap<String, usize> = BTreeMap::new();
    for line in output.lines() {
        if let Some(name) = line
            .strip_prefix("test ")
            .and_then(|rest| rest.strip_suffix(" ... ok"))
            && let Some((module, _)) = name.split_once("::tests::")
        {
            *passed.entry(module.to_owned()).or_default() += 1;
        }
    }
    assert_eq!(passed, expected, "tests passed per rule set:\n{output}");
    assert_eq!(passed["proton"], 29);
}

// ---------------------------------------------------------------------------
// Compile errors

fn rule_set(parameters: Value, rules: Value) -> Value {
    json!({"version": "1.0", "parameters": parameters, "rules": rules})
}

/// A rule set with optional `Region`, required `Flag` and the given rules.
fn with_rules(rules: Value) -> Value {
    rule_set(
        json!({
            "Region": {"type": "string", "documentation": "optional"},
            "Flag": {"type": "boolean", "required": true, "default": false, "documentation": "required"}
        }),
        rules,
    )
}

fn error(rules: &Value, tests: Option<&Value>) -> RulesError {
    match compile(rules, tests) {
        Ok(_) => panic!("expected a compile error"),
        Err(error) => error,
    }
}

fn assert_error(error: &RulesError, pointer: &str, message: &str) {
    assert_eq!(error.path().pointer(), pointer, "{error}");
    assert!(error.message().contains(message), "{error}");
}

#[test]
fn unknown_function() {
    let rules = with_rules(json!([
        {"type": "error", "conditions": [{"fn": "aws.partitions", "argv": [{"ref": "Region"}]}], "error": "x"}
    ]));
    let error = error(&rules, None);
    assert_error(
        &error,
        "/rules/0/conditions/0/fn",
        "unknown function `aws.partitions`",
    );
    assert_eq!(error.path().document(), Document::RuleSet);
}

#[test]
fn unknown_reference() {
    let rules = with_rules(json!([
        {"type": "endpoint", "conditions": [], "endpoint": {"url": {"ref": "Regoin"}}}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/endpoint/url",
        "`Regoin` is neither a parameter nor a variable assigned earlier",
    );
}

#[test]
fn variables_are_scoped_to_their_rule() {
    let rules = with_rules(json!([
        {"type": "tree", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                                        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
         "rules": [{"type": "error", "conditions": [], "error": "{p#name}"}]},
        {"type": "error", "conditions": [], "error": "{p#name}"}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/1/error",
        "`p` is neither a parameter nor a variable",
    );
}

#[test]
fn bad_template() {
    let rules = with_rules(json!([
        {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Region.example.com"}}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/endpoint/url",
        "unclosed `{` in template",
    );
}

#[test]
fn optional_values_must_be_checked_before_use() {
    let rules = with_rules(json!([
        {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Region}.example.com"}}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/endpoint/url",
        "a template placeholder must be a string, but `Region` is an optional string; `Region` may be unset here: check it with `isSet`",
    );
    let rules = with_rules(json!([
        {"type": "error", "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}]}], "error": "x"}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/conditions/0/argv/0",
        "argument 1 of aws.partition must be a string",
    );
}

#[test]
fn optional_results_must_be_assigned_before_use() {
    let rules = with_rules(json!([
        {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
         "error": {"fn": "getAttr", "argv": [{"fn": "aws.partition", "argv": [{"ref": "Region"}]}, "name"]}}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/error",
        "cannot read `name` of `aws.partition(…)`: it is an optional partition that may be unset here",
    );
}

#[test]
fn is_set_needs_an_optional_value() {
    let rules = with_rules(json!([
        {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Flag"}]}], "error": "x"}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/conditions/0/argv/0",
        "isSet needs an optional value, but `Flag` is always set",
    );
}

#[test]
fn assignments_cannot_shadow() {
    let rules = with_rules(json!([
        {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                                         {"fn": "uriEncode", "argv": [{"ref": "Region"}], "assign": "Region"}],
         "error": "x"}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/conditions/1/assign",
        "cannot assign `Region`: it is already a parameter",
    );
}

#[test]
fn argument_types_and_counts_are_checked() {
    let rules = with_rules(json!([
        {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "Flag"}, "true"]}], "error": "x"}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/conditions/0/argv/1",
        "argument 2 of booleanEquals must be a boolean, but \"true\" is a string",
    );
    let rules = with_rules(json!([
        {"type": "error", "conditions": [{"fn": "substring", "argv": ["abc", 0, 1]}], "error": "x"}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/conditions/0/argv",
        "substring takes 4 arguments, found 3",
    );
    let rules = with_rules(json!([
        {"type": "error", "conditions": [{"fn": "substring", "argv": ["abc", -1, 1, false]}], "error": "x"}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/conditions/0/argv/1",
        "`-1` is negative",
    );
}

#[test]
fn attributes_must_exist() {
    let rules = with_rules(json!([
        {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                                         {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
         "error": "{p#dnsSufix}"}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/error",
        "cannot read `dnsSufix` of `p`: a partition has only name, dnsSuffix",
    );
    let rules = with_rules(json!([
        {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}], "error": "{Region#[0]}"}
    ]));
    assert_error(
        &error(&rules, None),
        "/rules/0/error",
        "cannot take element [0] of `Region`: it is a string, not an array",
    );
}

#[test]
fn colliding_parameter_names() {
    let rules = rule_set(
        json!({"UseFIPS": {"type": "boolean"}, "UseFips": {"type": "boolean"}}),
        json!([{"type": "error", "conditions": [], "error": "x"}]),
    );
    assert_error(
        &error(&rules, None),
        "/parameters/UseFips",
        "needs the Rust name `use_fips`",
    );
}

#[test]
fn test_cases_must_fit_the_parameters() {
    let rules = with_rules(json!([{"type": "error", "conditions": [], "error": "x"}]));
    let cases = [
        (
            json!({"testCases": [{"params": {"Regoin": "us-east-1"}, "expect": {"error": "x"}}]}),
            "/testCases/0/params/Regoin",
            "the rule set has no parameter `Regoin`",
        ),
        (
            json!({"testCases": [{"params": {"Flag": "yes"}, "expect": {"error": "x"}}]}),
            "/testCases/0/params/Flag",
            "expected a boolean value, found a string",
        ),
        (
            json!({"testCases": [{"params": {}, "expect": {}}]}),
            "/testCases/0/expect",
            "expected exactly one of `endpoint` and `error`",
        ),
        (
            json!({"testCases": [{"params": {}, "expect": {"endpoint": {"url": "https://x", "properties": {"p": null}}}}]}),
            "/testCases/0/expect/endpoint/properties/p",
            "endpoint properties cannot be null",
        ),
    ];
    for (tests, pointer, message) in cases {
        let error = error(&rules, Some(&tests));
        assert_error(&error, pointer, message);
        assert_eq!(error.path().document(), Document::Tests);
    }
    let required = rule_set(
        json!({"Bucket": {"type": "string", "required": true}}),
        json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Bucket}"}}]),
    );
    let tests =
        json!({"testCases": [{"params": {}, "expect": {"endpoint": {"url": "https://b"}}}]});
    assert_error(
        &error(&required, Some(&tests)),
        "/testCases/0/params",
        "expects an endpoint but omits required parameter `Bucket`",
    );
}
