//! Shared helpers for the integration tests: where the workspace is, the
//! fixture models, and generating them in memory.

pub mod server;
pub mod sigv4;
pub mod wire_json;

use generator::output::Rendered;
use std::path::{Path, PathBuf};

/// The fixture models under `tests/fixtures/`, one concern each.
pub const FIXTURES: &[&str] = &[
    "blobs",
    "collections",
    "deprecated",
    "documents",
    "endpoint-params",
    "endpoints",
    "enums",
    "errors",
    "events",
    "idempotency",
    "json11",
    "mixins",
    "naming",
    "nullability",
    "pagination",
    "primitives",
    "recursion",
    "required",
    "sensitive",
    "timestamps",
    "unions",
    "waiters",
];

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Where a fixture's generated crate is checked in (a workspace member, so
/// it is compiled and its behaviour tested).
pub fn fixture_crate_dir(name: &str) -> PathBuf {
    workspace_root().join("tests/fixture-crates").join(name)
}

/// Generation options for a fixture model.
pub fn fixture_options(name: &str) -> generator::Options {
    let root = workspace_root();
    let model = root.join("tests/fixtures").join(format!("{name}.json"));
    let out = fixture_crate_dir(name);
    generator::Options {
        models: vec![model],
        // Round-trip and redaction tests drive every fixture's service side.
        selection: generator::lower::Selection {
            service_side: true,
            ..generator::lower::Selection::default()
        },
        krate: generator::emit::CrateOptions {
            name: format!("fixture-{name}"),
            version: "0.1.0".to_owned(),
            runtime_path: generator::paths::runtime_path_from(&out)
                .unwrap_or_else(|e| panic!("runtime path for {name}: {e}")),
            runtime_version: generator::config::RUNTIME_VERSION.to_owned(),
            mount: None,
        },
        source_label: format!("tests/fixtures/{name}.json"),
    }
}

/// A fixture's crate, generated in memory.
pub fn render_fixture(name: &str) -> Rendered {
    generator::generate(&fixture_options(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The `proton` crate as `codegen.toml` describes it, generated in memory.
pub fn render_proton() -> (PathBuf, Rendered) {
    let config = generator::config::Config::load(&workspace_root().join("codegen.toml"))
        .unwrap_or_else(|e| panic!("codegen.toml: {e}"));
    let options = config
        .options()
        .unwrap_or_else(|e| panic!("codegen.toml: {e}"));
    let rendered = generator::generate(&options).unwrap_or_else(|e| panic!("proton: {e}"));
    (config.out, rendered)
}

/// The directory of official models and protocol tests (`shared/`), found
/// beside the workspace or beside one of its parents (worktrees live
/// deeper than a plain clone).
pub fn shared_dir() -> PathBuf {
    workspace_root()
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared"))
        .find(|dir| dir.join("models").is_dir())
        .unwrap_or_else(|| panic!("no shared/models beside {}", workspace_root().display()))
}

/// A crate generated in memory from one of the official models in
/// `shared/models/`, for all of its service's operations or only the named
/// ones.
pub fn render_official(model: &str, operations: Option<&[&str]>) -> Rendered {
    let options = generator::Options {
        models: vec![shared_dir().join("models").join(model)],
        selection: generator::lower::Selection {
            service: None,
            operations: operations.map(|ops| ops.iter().map(|op| (*op).to_owned()).collect()),
            service_side: false,
        },
        krate: generator::emit::CrateOptions {
            name: "proton".to_owned(),
            version: "0.1.0".to_owned(),
            // Never built from memory; any path will do.
            runtime_path: "../runtime".to_owned(),
            runtime_version: generator::config::RUNTIME_VERSION.to_owned(),
            mount: None,
        },
        source_label: format!("../shared/models/{model}"),
    };
    generator::generate(&options).unwrap_or_else(|e| panic!("{model}: {e}"))
}

/// The IR of a fixture's service, as the generator lowers it.
pub fn lower_fixture(name: &str) -> generator::ir::Service {
    lower(&fixture_options(name))
}

/// The IR of the `proton` service as `codegen.toml` selects it.
pub fn lower_proton() -> generator::ir::Service {
    let config = generator::config::Config::load(&workspace_root().join("codegen.toml"))
        .unwrap_or_else(|e| panic!("codegen.toml: {e}"));
    let options = config
        .options()
        .unwrap_or_else(|e| panic!("codegen.toml: {e}"));
    lower(&options)
}

fn lower(options: &generator::Options) -> generator::ir::Service {
    let lowered = generator::model::load::load_files(&options.models).and_then(|model| {
        generator::validate::validate(&model)?;
        generator::lower::lower(&model, &options.selection)
    });
    lowered.unwrap_or_else(|e| panic!("{}: {e}", options.source_label))
}
