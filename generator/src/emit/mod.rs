//! Emitters: one per concern, each turning part of the IR into a
//! `TokenStream`. This module only decides which file each piece goes to.

pub mod cli;
pub mod client;
pub mod config;
pub mod crate_files;
pub mod endpoint;
pub mod enums;
pub mod errors;
pub mod json_de;
pub mod json_ser;
pub mod operation;
pub mod paginator;
pub mod paths;
pub mod service_side;
pub mod structure;
pub mod union;
pub mod values;
pub mod waiter;

use crate::error::Result;
use crate::ir::{Location, Service, TypeDef};
pub use crate_files::CrateOptions;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The content of one generated file, before formatting.
#[derive(Clone, Debug)]
pub enum Content {
    /// Rust source, formatted with prettyplease on output.
    Rust(TokenStream),
    /// TOML, written as is.
    Toml(String),
}

/// Every file of the crate, keyed by path relative to the crate root.
pub type Files = BTreeMap<PathBuf, Content>;

/// Emits the whole crate.
pub fn emit_crate(service: &Service, options: &CrateOptions) -> Result<Files> {
    let mut files = Files::new();
    let mut rust = |path: &str, tokens: TokenStream| {
        files.insert(PathBuf::from(path), Content::Rust(tokens));
    };
    rust("src/lib.rs", crate_files::lib_rs(service, options));
    rust(
        "src/client.rs",
        client::emit_module(service, &options.lib_name()),
    );
    rust("src/config.rs", config::emit_module(service));
    rust("src/endpoint.rs", endpoint::emit_module(service)?);
    rust("src/error.rs", crate_files::error_rs());
    rust("src/primitives.rs", crate_files::primitives_rs());
    rust("src/operation/mod.rs", crate_files::operation_mod(service));
    for op in &service.operations {
        rust(
            &format!("src/operation/{}.rs", op.module.unraw()),
            operation::emit_module(service, op),
        );
    }
    if waiter::has_waiters(service) {
        rust("src/waiters/mod.rs", waiter::emit_mod(service));
        for op in &service.operations {
            for w in &op.waiters {
                rust(
                    &format!("src/waiters/{}.rs", w.module.unraw()),
                    waiter::emit_module(service, op, w),
                );
            }
        }
    }
    rust("src/types/mod.rs", crate_files::types_mod(service, false));
    let has_errors = service
        .types
        .values()
        .any(|d| matches!(d.location(), Location::Errors { .. }));
    if has_errors {
        rust(
            "src/types/error/mod.rs",
            crate_files::types_mod(service, true),
        );
    }
    for def in service.types.values() {
        let (dir, module) = match def.location() {
            Location::Types { module } => ("src/types", module),
            Location::Errors { module } => ("src/types/error", module),
            Location::Operation { .. } => continue,
        };
        rust(
            &format!("{dir}/{module}.rs"),
            type_file(service, def, &options.lib_name()),
        );
    }
    rust("src/protocol/mod.rs", crate_files::protocol_mod());
    rust("src/protocol/ser.rs", json_ser::emit_module(service));
    rust("src/protocol/de.rs", json_de::emit_module(service));
    files.insert(
        PathBuf::from(format!("examples/{}.rs", options.name)),
        Content::Rust(cli::emit_example(
            service,
            &options.lib_name(),
            &options.name,
        )),
    );
    files.insert(
        PathBuf::from("Cargo.toml"),
        Content::Toml(crate_files::cargo_toml(service, options)),
    );
    Ok(files)
}

fn type_file(service: &Service, def: &TypeDef, lib_name: &str) -> TokenStream {
    match def {
        TypeDef::Structure(s) => {
            let (ty, builder) = structure::emit(service, s);
            let error = errors::emit_error_impls(s);
            quote! {
                #ty
                #error
                #builder
            }
        }
        TypeDef::Enum(e) => enums::emit_enum(e, lib_name),
        TypeDef::IntEnum(e) => enums::emit_int_enum(e),
        TypeDef::Union(u) => union::emit(service, u),
    }
}
