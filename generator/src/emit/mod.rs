//! Emitters: one per concern, each turning part of the IR into a
//! `TokenStream`. This module only decides which file each piece goes to.

pub mod cli;
pub mod cli_print;
pub mod client;
pub mod config;
pub mod correction;
pub mod crate_files;
pub mod endpoint;
pub mod enums;
pub mod errors;
pub mod event_stream;
pub mod json_de;
pub mod json_ser;
pub mod mount;
pub mod operation;
pub mod paginator;
pub mod paths;
pub mod query_ser;
pub mod serde;
pub mod service_side;
pub mod structure;
pub mod union;
pub mod validate;
pub mod values;
pub mod waiter;
pub mod walk;
pub mod xml_de;
pub mod xml_ser;

use crate::error::Result;
use crate::ir::{Location, Service, TypeDef};
use crate::protocol::Codec;
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

/// Emits one file. Jobs only read the IR, so they run on any thread.
pub type Job<'a> = Box<dyn Fn() -> Result<Content> + Send + Sync + 'a>;

/// Every file of the crate as a job that emits it, in path order.
pub type Plan<'a> = Vec<(PathBuf, Job<'a>)>;

/// Emits the whole crate.
pub fn emit_crate(service: &Service, options: &CrateOptions) -> Result<Files> {
    plan_crate(service, options)
        .into_iter()
        .map(|(path, job)| Ok((path, job()?)))
        .collect()
}

/// Decides which files the crate has, and which emitter writes each,
/// without emitting anything yet: [`crate::output::render_plan`] runs the
/// jobs on every core.
pub fn plan_crate<'a>(service: &'a Service, options: &'a CrateOptions) -> Plan<'a> {
    fn rust<'a>(
        plan: &mut Plan<'a>,
        path: String,
        emit: impl Fn() -> TokenStream + Send + Sync + 'a,
    ) {
        plan.push((
            PathBuf::from(path),
            Box::new(move || Ok(Content::Rust(emit()))),
        ));
    }
    let mut plan = Plan::new();
    rust(&mut plan, "src/lib.rs".into(), || {
        crate_files::lib_rs(service, options)
    });
    rust(&mut plan, "src/client.rs".into(), || {
        client::emit_module(service, &options.lib_name())
    });
    rust(&mut plan, "src/blocking.rs".into(), || {
        client::emit_blocking_module(service, &options.lib_name())
    });
    rust(&mut plan, "src/config.rs".into(), || {
        config::emit_module(service)
    });
    plan.push((
        PathBuf::from("src/endpoint.rs"),
        Box::new(|| endpoint::emit_module(service).map(Content::Rust)),
    ));
    rust(&mut plan, "src/error.rs".into(), crate_files::error_rs);
    rust(
        &mut plan,
        "src/primitives.rs".into(),
        crate_files::primitives_rs,
    );
    rust(&mut plan, "src/operation/mod.rs".into(), || {
        crate_files::operation_mod(service)
    });
    let needs_validation = std::sync::Arc::new(validate::validated_types(service));
    for op in &service.operations {
        let needs_validation = std::sync::Arc::clone(&needs_validation);
        rust(
            &mut plan,
            format!("src/operation/{}.rs", op.module.unraw()),
            move || operation::emit_module(service, op, &needs_validation),
        );
    }
    if waiter::has_waiters(service) {
        rust(&mut plan, "src/waiters/mod.rs".into(), || {
            waiter::emit_mod(service)
        });
        for op in &service.operations {
            for w in &op.waiters {
                rust(
                    &mut plan,
                    format!("src/waiters/{}.rs", w.module.unraw()),
                    move || waiter::emit_module(service, op, w),
                );
            }
        }
    }
    rust(&mut plan, "src/types/mod.rs".into(), || {
        crate_files::types_mod(service, false)
    });
    let has_errors = service
        .types
        .values()
        .any(|d| matches!(d.location(), Location::Errors { .. }));
    if has_errors {
        rust(&mut plan, "src/types/error/mod.rs".into(), || {
            crate_files::types_mod(service, true)
        });
    }
    for def in service.types.values() {
        let (dir, module) = match def.location() {
            Location::Types { module } => ("src/types", module),
            Location::Errors { module } => ("src/types/error", module),
            Location::Operation { .. } => continue,
        };
        rust(&mut plan, format!("{dir}/{module}.rs"), move || {
            type_file(service, def)
        });
    }
    rust(
        &mut plan,
        "src/protocol/mod.rs".into(),
        crate_files::protocol_mod,
    );
    rust(&mut plan, "src/protocol/ser.rs".into(), || {
        match service.protocol.codec() {
            Codec::Json => json_ser::emit_module(service),
            Codec::QueryXml => query_ser::emit_module(service),
            Codec::Xml => xml_ser::emit_module(service),
        }
    });
    rust(&mut plan, "src/protocol/de.rs".into(), || {
        match service.protocol.codec() {
            Codec::Json => json_de::emit_module(service),
            Codec::QueryXml | Codec::Xml => xml_de::emit_module(service),
        }
    });
    rust(&mut plan, format!("examples/{}.rs", options.name), || {
        cli::emit_example(service, &options.lib_name(), &options.name)
    });
    plan.push((
        PathBuf::from("Cargo.toml"),
        Box::new(|| Ok(Content::Toml(crate_files::cargo_toml(service, options)))),
    ));
    if let Some(mount) = &options.mount {
        plan = mount_plan(plan, mount);
    }
    plan.sort_by(|a, b| a.0.cmp(&b.0));
    plan
}

/// A crate's plan as a module of another crate: `src/lib.rs` becomes
/// `mod.rs`, the other sources move up out of `src/`, paths are rebased,
/// and what only a crate has (its manifest and command-line example) is
/// left out.
fn mount_plan<'a>(plan: Plan<'a>, mount: &'a mount::Mount) -> Plan<'a> {
    plan.into_iter()
        .filter_map(|(path, job)| {
            let relative = path.strip_prefix("src").ok()?.to_owned();
            let path = if relative == std::path::Path::new("lib.rs") {
                PathBuf::from("mod.rs")
            } else {
                relative
            };
            let job: Job<'a> = Box::new(move || {
                Ok(match job()? {
                    Content::Rust(tokens) => Content::Rust(mount.rebase(tokens)),
                    toml => toml,
                })
            });
            Some((path, job))
        })
        .collect()
}

fn type_file(service: &Service, def: &TypeDef) -> TokenStream {
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
        TypeDef::Enum(e) => enums::emit_enum(e),
        TypeDef::IntEnum(e) => enums::emit_int_enum(e),
        TypeDef::Union(u) => union::emit(service, u),
    }
}

/// `if let Some(value) = &input.field { body }`, or `body` with `value`
/// bound to `&input.field` when the field is not an `Option`: how a
/// serializer reaches one member of its input.
pub fn with_input_value(m: &crate::ir::Member, body: TokenStream) -> TokenStream {
    with_value_of(m, &quote!(input), body)
}

/// [`with_input_value`] for a member of `owner` (an expression of the
/// structure, by reference).
pub fn with_value_of(m: &crate::ir::Member, owner: &TokenStream, body: TokenStream) -> TokenStream {
    let field = m.name.ident();
    if m.optional {
        quote! {
            if let ::std::option::Option::Some(value) = &#owner.#field {
                #body
            }
        }
    } else {
        quote! {
            {
                let value = &#owner.#field;
                #body
            }
        }
    }
}
