//! Generates lean Rust clients from Smithy models.
//!
//! The pipeline runs in one direction, each step in its own module:
//! [`model`] loads the JSON AST (or IDL through [`idl`]) → [`validate`] →
//! [`lower`] into the [`ir`], where every Rust name is settled ([`naming`])
//! → [`emit`] one `TokenStream` per concern with `quote` → [`output`]
//! formats with prettyplease and writes only the files that changed (or
//! checks them).

pub mod config;
pub mod docs;
pub mod emit;
pub mod endpoint_rules;
pub mod error;
pub mod idl;
pub mod ir;
pub mod jmespath;
pub mod lower;
pub mod model;
pub mod naming;
pub mod output;
pub mod paths;
pub mod protocol;
pub mod protocol_tests;
pub mod validate;

pub use error::{Diagnostic, Error, Result};

use emit::CrateOptions;
use lower::Selection;
use std::path::PathBuf;

/// Everything one generation needs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Model files.
    pub models: Vec<PathBuf>,
    /// Service and operations.
    pub selection: Selection,
    /// Crate name, version, runtime dependency.
    pub krate: CrateOptions,
    /// How the header names the model (e.g. `model/proton.json`).
    pub source_label: String,
}

/// Loads, validates, lowers, emits and formats: the crate's files, in
/// memory. Nothing is written.
pub fn generate(options: &Options) -> Result<output::Rendered> {
    let model = model::load::load_files(&options.models)?;
    generate_from_model(&model, options)
}

/// [`generate`] for a model already loaded.
pub fn generate_from_model(model: &model::Model, options: &Options) -> Result<output::Rendered> {
    generate_model_with_warnings(model, options).map(|generated| generated.files)
}

/// A generated crate in memory, and the warnings generating it gave.
#[derive(Debug)]
pub struct Generated {
    /// The crate's files.
    pub files: output::Rendered,
    /// What the model has that is odd but was generated anyway (or left
    /// out, saying so).
    pub warnings: Vec<Diagnostic>,
}

/// [`generate`], keeping the warnings.
pub fn generate_with_warnings(options: &Options) -> Result<Generated> {
    let model = model::load::load_files(&options.models)?;
    generate_model_with_warnings(&model, options)
}

/// [`generate_from_model`], keeping the warnings.
pub fn generate_model_with_warnings(model: &model::Model, options: &Options) -> Result<Generated> {
    validate::validate(model)?;
    let service = lower::lower(model, &options.selection)?;
    let warnings = service.warnings.clone();
    let plan = emit::plan_crate(&service, &options.krate);
    let files = output::render_plan(plan, &options.source_label)?;
    Ok(Generated { files, warnings })
}
