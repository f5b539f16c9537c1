//! The generated clients and tests under this crate are exactly what the
//! official models in `../shared/protocol-tests` give.
//!
//! `LEAN_UPDATE_PROTOCOL_TESTS=1 cargo test -p protocol-tests --test drift`
//! regenerates them.

use ::protocol_tests::suites::{self, REST_JSON_SERVICE, SUITES, Suite};
use generator::emit::CrateOptions;
use generator::lower::Selection;
use generator::model::{Model, ShapeId};
use generator::output::{self, Rendered};
use generator::protocol_tests as test_gen;
use std::collections::BTreeMap;
use std::path::PathBuf;

const REGENERATE: &str = "LEAN_UPDATE_PROTOCOL_TESTS=1 cargo test -p protocol-tests --test drift";

/// The client crate and the test target of `suite`, in memory.
fn render(model: &Model, suite: &Suite) -> (Rendered, Rendered) {
    let crate_dir = suites::crate_dir();
    let client_dir = crate_dir.join(suite.client_dir());
    let selection = Selection {
        service: Some(ShapeId::parse(suite.service).expect("valid service id")),
        operations: None,
        service_side: false,
    };
    generator::validate::validate(model).unwrap_or_else(|e| panic!("model: {e}"));
    let service = generator::lower::lower(model, &selection)
        .unwrap_or_else(|e| panic!("{}: {e}", suite.service));
    let options = CrateOptions {
        name: suite.crate_name.to_owned(),
        version: "0.1.0".to_owned(),
        runtime_path: generator::paths::runtime_path_from(&client_dir)
            .unwrap_or_else(|e| panic!("runtime path: {e}")),
        runtime_version: generator::config::RUNTIME_VERSION.to_owned(),
        mount: None,
    };
    let files = generator::emit::emit_crate(&service, &options)
        .unwrap_or_else(|e| panic!("{}: {e}", suite.service));
    let client = output::render_with_command(files, &suites::source_label(suite.dir), REGENERATE)
        .unwrap_or_else(|e| panic!("{}: {e}", suite.service));
    let tests_suite = test_gen::Suite {
        client_crate: suite.lib_name(),
        harness: "protocol_tests".to_owned(),
        skip: suite
            .skip
            .iter()
            .map(|(id, reason)| ((*id).to_owned(), (*reason).to_owned()))
            .collect::<BTreeMap<_, _>>(),
    };
    let files = test_gen::emit_files(model, &service, &tests_suite)
        .unwrap_or_else(|e| panic!("{} tests: {e}", suite.service));
    let tests = output::render_with_command(files, &suites::source_label(suite.dir), REGENERATE)
        .unwrap_or_else(|e| panic!("{} tests: {e}", suite.service));
    (client, tests)
}

/// Adds the restJson1 suite's own service to the model of `dir` when it is
/// the restJson1 folder, which lacks it: the copy in
/// `shared/protocol-tests/restJson1/` has the `main.smithy` of the
/// validation service (server cases only) where upstream has two, so no
/// service binds the client test operations. It is rebuilt here as
/// upstream defines it: every operation of the `aws.protocoltests.restjson`
/// namespace, the same traits, and the rename that keeps the nested
/// namespace's `GreetingStruct` apart from the shared one.
///
/// Other directories have their services; nothing is added to them.
fn add_missing_services(model: &mut Model, dir: &str) -> Result<(), String> {
    use generator::model::ast::Shape;
    let id = ShapeId::parse(REST_JSON_SERVICE).map_err(|e| e.to_string())?;
    if dir != "restJson1" || model.shape(&id).is_some() {
        return Ok(());
    }
    let operations: Vec<serde_json::Value> = model
        .shapes
        .iter()
        .filter(|(op, shape)| {
            op.namespace() == id.namespace() && matches!(shape, Shape::Operation(_))
        })
        .map(|(op, _)| serde_json::json!({ "target": op.to_string() }))
        .collect();
    let ast = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            REST_JSON_SERVICE: {
                "type": "service",
                "version": "2019-12-16",
                "operations": operations,
                "rename": {
                    "aws.protocoltests.restjson.nested#GreetingStruct": "RenamedGreeting"
                },
                "traits": {
                    "aws.api#service": { "sdkId": "Rest Json Protocol" },
                    "aws.auth#sigv4": { "name": "restjson" },
                    "aws.protocols#restJson1": {},
                    "smithy.api#title": "Sample Rest Json Protocol Service"
                }
            }
        }
    });
    generator::model::load::load_json_value(
        model,
        std::path::Path::new("protocol-tests/src/suites.rs"),
        ast,
    )
    .map_err(|e| e.to_string())
}

/// Gives the S3 customisation suite's service (`com.amazonaws.s3#AmazonS3`
/// in `restXml/s3.smithy`) what its addressing cases rely on and its model
/// leaves out: S3's endpoint rules and client context parameters, and the
/// context-parameter bindings of its operations (`@contextParam` on input
/// members, `@staticContextParams`), all taken from the official S3 model
/// in `shared/models/aws/s3.json.gz`, for the operations and members the
/// two share. Upstream's SDKs test against the full S3 model the same way.
fn add_s3_rules(model: &mut Model) -> Result<(), String> {
    use generator::model::ast::Shape;
    const RULES: &str = "smithy.rules#endpointRuleSet";
    let id = ShapeId::parse("com.amazonaws.s3#AmazonS3").map_err(|e| e.to_string())?;
    let operations: Vec<ShapeId> = match model.shape(&id) {
        Some(Shape::Service(service)) if !service.traits.contains_key(RULES) => service
            .operations
            .iter()
            .map(|op| op.target.clone())
            .collect(),
        _ => return Ok(()),
    };
    let official_file = suites::shared_dir()?
        .with_file_name("models")
        .join("aws/s3.json.gz");
    let official =
        generator::model::load::load_files(&[official_file]).map_err(|e| e.to_string())?;
    let copy = |from: &generator::model::ast::Traits,
                to: &mut generator::model::ast::Traits,
                keys: &[&str]| {
        for key in keys {
            if let Some(value) = from.get(*key) {
                to.insert((*key).to_owned(), value.clone());
            }
        }
    };
    let official_service = official
        .shape(&id)
        .ok_or("the official S3 model has no com.amazonaws.s3#AmazonS3")?
        .traits()
        .clone();
    if let Some(service) = model.shapes.get_mut(&id) {
        copy(
            &official_service,
            service.traits_mut(),
            &[RULES, "smithy.rules#clientContextParams"],
        );
    }
    for op in operations {
        let Some(Shape::Operation(official_op)) = official.shape(&op) else {
            continue;
        };
        let official_op = official_op.clone();
        let input = match model.shapes.get_mut(&op) {
            Some(Shape::Operation(test_op)) => {
                copy(
                    &official_op.traits,
                    &mut test_op.traits,
                    &["smithy.rules#staticContextParams"],
                );
                test_op.input.as_ref().map(|t| t.target.clone())
            }
            _ => None,
        };
        let (Some(input), Some(official_input)) = (input, official_op.input.as_ref()) else {
            continue;
        };
        let Some(Shape::Structure(official_input)) = official.shape(&official_input.target) else {
            continue;
        };
        let official_input = official_input.clone();
        if let Some(Shape::Structure(test_input)) = model.shapes.get_mut(&input) {
            for (name, member) in test_input.members.iter_mut() {
                if let Some(official_member) = official_input.members.get(name) {
                    copy(
                        &official_member.traits,
                        &mut member.traits,
                        &["smithy.rules#contextParam"],
                    );
                }
            }
        }
    }
    Ok(())
}

#[test]
fn generated_clients_and_tests_match_the_official_models() {
    let update = std::env::var_os("LEAN_UPDATE_PROTOCOL_TESTS").is_some();
    let mut stale = Vec::new();
    let mut models: BTreeMap<&str, Model> = BTreeMap::new();
    for suite in SUITES {
        let model = models.entry(suite.dir).or_insert_with(|| {
            let files = suites::model_files(suite.dir).unwrap_or_else(|e| panic!("{e}"));
            let mut model =
                generator::model::load::load_files(&files).unwrap_or_else(|e| panic!("{e}"));
            add_missing_services(&mut model, suite.dir).unwrap_or_else(|e| panic!("{e}"));
            add_s3_rules(&mut model).unwrap_or_else(|e| panic!("{e}"));
            model
        });
        let (client, tests) = render(model, suite);
        let outputs: [(PathBuf, Rendered); 2] = [
            (suites::crate_dir().join(suite.client_dir()), client),
            (suites::crate_dir().join(suite.tests_dir()), tests),
        ];
        for (dir, rendered) in outputs {
            if update {
                output::write(&dir, &rendered).unwrap_or_else(|e| panic!("{e}"));
                continue;
            }
            let drift = output::diff(&dir, &rendered).unwrap_or_else(|e| panic!("{e}"));
            if !drift.is_empty() {
                stale.push(format!("{}:\n{drift}", dir.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated protocol tests are out of date:\n{}\nrun `{REGENERATE}`",
        stale.join("\n")
    );
}

/// The rules-engine tests: each file of `shared/endpoint-rules-tests`
/// gives a module with its resolver and one test per case, named
/// `<file stem>_case_<k>` (k from 1, in file order).
fn render_endpoint_rules() -> Rendered {
    let (files, traits) = suites::endpoint_rules_files().unwrap_or_else(|e| panic!("{e}"));
    let mut items = Vec::new();
    for file in &files {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_else(|| panic!("{} has no UTF-8 name", file.display()))
            .replace('-', "_");
        let mut paths = vec![file.clone()];
        paths.extend(traits.iter().cloned());
        let model = generator::model::load::load_files(&paths)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let service = model
            .shapes
            .values()
            .find(|shape| matches!(shape, generator::model::ast::Shape::Service(_)))
            .unwrap_or_else(|| panic!("{} has no service", file.display()));
        let traits = service.traits();
        let (Some(rules), Some(tests)) = (
            traits.get("smithy.rules#endpointRuleSet"),
            traits.get("smithy.rules#endpointTests"),
        ) else {
            panic!(
                "{}: the service has no rule set or no tests",
                file.display()
            );
        };
        let module = quote::format_ident!("{stem}");
        let (resolver, cases) =
            generator::endpoint_rules::compile_suite(rules, tests, &quote::quote!(#module), &stem)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let doc = format!(
            " The rule set of `{}`.",
            file.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
        );
        items.push(quote::quote! {
            #[doc = #doc]
            // `params_from_builtins`, for clients, is not called here.
            #[allow(dead_code)]
            mod #module {
                #resolver
            }
            #cases
        });
    }
    let main = quote::quote! {
        //! The official rules-engine tests (`shared/endpoint-rules-tests`):
        //! each file's rule set compiled to a resolver module, each of its
        //! cases a test named `<file stem>_case_<k>`.
        #![cfg_attr(rustfmt, rustfmt_skip)]
        #(#items)*
    };
    let mut files = generator::emit::Files::new();
    files.insert(
        PathBuf::from("main.rs"),
        generator::emit::Content::Rust(main),
    );
    output::render_with_command(files, "../shared/endpoint-rules-tests/*.smithy", REGENERATE)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn endpoint_rules_tests_match_the_official_files() {
    let dir = suites::crate_dir().join(suites::ENDPOINT_RULES_TESTS_DIR);
    let rendered = render_endpoint_rules();
    if std::env::var_os("LEAN_UPDATE_PROTOCOL_TESTS").is_some() {
        output::write(&dir, &rendered).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    let drift = output::diff(&dir, &rendered).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        drift.is_empty(),
        "the rules-engine tests are out of date:\n{drift}\nrun `{REGENERATE}`"
    );
}
