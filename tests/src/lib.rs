//! Shared helpers for the integration tests: where the workspace is, the
//! fixture models, and generating them in memory.

pub mod sigv4;
pub mod wire_json;

use generator::output::Rendered;
use std::path::{Path, PathBuf};

/// The fixture models under `tests/fixtures/`, one concern each.
pub const FIXTURES: &[&str] = &[
    "enums",
    "errors",
    "naming",
    "required",
    "sensitive",
    "timestamps",
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
        selection: generator::lower::Selection::default(),
        krate: generator::emit::CrateOptions {
            name: format!("fixture-{name}"),
            version: "0.1.0".to_owned(),
            runtime_path: generator::paths::runtime_path_from(&out)
                .unwrap_or_else(|e| panic!("runtime path for {name}: {e}")),
            runtime_version: generator::config::RUNTIME_VERSION.to_owned(),
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
