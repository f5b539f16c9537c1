//! The crate's scaffolding: `Cargo.toml`, `lib.rs`, and the modules that
//! only declare and re-export.

use crate::ir::{Location, Service, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

/// Crate-level settings that do not come from the model.
#[derive(Clone, Debug)]
pub struct CrateOptions {
    /// Package name, e.g. `proton`.
    pub name: String,
    /// Package version.
    pub version: String,
    /// Path from the crate to the runtime crate, for the path dependency.
    pub runtime_path: String,
    /// Version requirement of the runtime crate.
    pub runtime_version: String,
    /// Set when the client is generated as a module of another crate
    /// ([`Mount`](super::mount::Mount)) instead of a crate of its own.
    pub mount: Option<super::mount::Mount>,
}

impl CrateOptions {
    /// The path users name the client by: the crate's name as a Rust
    /// identifier (`-` becomes `_`), or a mounted client's module path.
    pub fn lib_name(&self) -> String {
        match &self.mount {
            Some(mount) => mount.public_path(),
            None => self.name.replace('-', "_"),
        }
    }
}

/// `Cargo.toml` (TOML, not Rust; the header is added by the caller).
pub fn cargo_toml(service: &Service, options: &CrateOptions) -> String {
    let title = service
        .title
        .clone()
        .unwrap_or_else(|| service.sdk_id.clone());
    let description = format!("Lean Rust client for {title}, generated from its Smithy model.");
    let mut out = String::new();
    out.push_str("[package]\n");
    out.push_str(&format!("name = {}\n", toml_string(&options.name)));
    out.push_str(&format!("version = {}\n", toml_string(&options.version)));
    out.push_str("edition = \"2024\"\n");
    out.push_str(&format!("description = {}\n", toml_string(&description)));
    out.push_str("license = \"Apache-2.0\"\n");
    out.push_str("publish = false\n\n");
    out.push_str("[features]\n");
    out.push_str(
        "# Credentials in `Config::from_env` from the official SDK's chain\n\
         # (`aws-config`) instead of the runtime's own, which reads the same\n\
         # sources. Heavy (about 90 more crates), hence off by default.\n",
    );
    out.push_str("aws-config = [\"lean-runtime/aws-config\"]\n");
    out.push_str(
        "# `TrustRoots::with_native_roots`: also trust the operating system's\n\
         # certificate store (and `SSL_CERT_FILE` / `SSL_CERT_DIR`).\n",
    );
    out.push_str("native-roots = [\"lean-runtime/native-roots\"]\n");
    out.push_str(
        "# `Serialize` / `Deserialize` on inputs, outputs and types, with the\n\
         # model's member names (`@sensitive` values redacted unless revealed with\n\
         # `lean_runtime::serde::reveal_sensitive`).\n",
    );
    out.push_str("serde = [\"dep:serde\", \"lean-runtime/serde\"]\n");
    out.push_str(
        "# `blocking::Client`: the same fluent builders, whose `send()` blocks, for\n\
         # programs without an async runtime. Adds no dependency.\n",
    );
    out.push_str("blocking = []\n");
    let http2: Vec<&str> = service
        .operations
        .iter()
        .filter(|op| op.http2)
        .map(|op| op.name.as_str())
        .collect();
    if !http2.is_empty() {
        // hyper's HTTP/2 adds seven crates, over the default tree's budget.
        out.push_str(&format!(
            "# HTTP/2, which the service requires for the event streams of {}.\n\
             # Off by default (it adds `h2` and six more crates); without it those\n\
             # operations fail saying so.\n",
            http2.join(", ")
        ));
        out.push_str("http2 = [\"lean-runtime/http2\"]\n");
    }
    if service.service_side {
        out.push_str(super::service_side::cargo_features().trim_start_matches("[features]\n"));
    }
    out.push('\n');
    out.push_str("[dependencies]\n");
    // Only clients with `@requestCompression` operations pay for gzip. (The
    // XML reader is always in: the runtime's credential providers call STS.)
    let mut wanted = Vec::new();
    if service
        .operations
        .iter()
        .any(|op| op.request_compression.is_some())
    {
        wanted.push("\"gzip\"");
    }
    // Only clients with event-stream operations for their framing.
    if service.types.values().any(|def| match def {
        crate::ir::TypeDef::Union(u) => u.event_stream,
        _ => false,
    }) {
        wanted.push("\"event-stream\"");
    }

    let features = if wanted.is_empty() {
        String::new()
    } else {
        format!(", features = [{}]", wanted.join(", "))
    };
    out.push_str(&format!(
        "lean-runtime = {{ path = {}, version = {}{features} }}\n",
        toml_string(&options.runtime_path),
        toml_string(&options.runtime_version)
    ));
    out.push_str(
        "serde = { version = \"1\", optional = true, default-features = false, features = [\"std\", \"derive\"] }\n\n",
    );
    // The generated command-line tool (an example) needs the runtime's CLI
    // support and a tokio runtime; library users get neither.
    out.push_str("[dev-dependencies]\n");
    out.push_str(&format!(
        "lean-runtime = {{ path = {}, version = {}, features = [\"cli\"] }}\n",
        toml_string(&options.runtime_path),
        toml_string(&options.runtime_version)
    ));
    out.push_str("tokio = { version = \"1\", features = [\"rt\", \"net\", \"time\"] }\n");
    out
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `src/lib.rs`.
pub fn lib_rs(service: &Service, options: &CrateOptions) -> TokenStream {
    let title = service
        .title
        .clone()
        .unwrap_or_else(|| service.sdk_id.clone());
    let lib = options.lib_name();
    if options.mount.is_some() {
        return mounted_mod_rs(service, &title, &lib);
    }
    let mut doc = format!("# {title}\n\n");
    if let Some(text) = service.docs.text() {
        doc.push_str(text);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "## Using this crate\n\n\
         Load a [`Config`] from the environment (region, credentials, endpoint \
         overrides), create a [`Client`], and call operations through the \
         fluent builders it returns:\n\n\
         ```no_run\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let config = {lib}::Config::from_env().await?;\n\
         let client = {lib}::Client::new(&config);\n\
         # let _ = client;\n\
         # Ok(())\n\
         # }}\n\
         ```\n\n\
         Credentials come from the AWS SDKs' default chain: the \
         `AWS_ACCESS_KEY_ID` family of environment variables, web identity \
         (`AWS_WEB_IDENTITY_TOKEN_FILE`), the shared `config` and `credentials` \
         files (static keys, `credential_process`, IAM Identity Center, assumed \
         roles), the ECS and EKS container endpoint, and EC2 instance metadata; \
         with the `aws-config` cargo feature, from the official SDK's chain \
         instead.\n\n\
         Errors are [`error::SdkError`]s; `into_service_error()` gives the \
         operation's own error enum.\n\n\
         This crate was generated from the service's Smithy model. Do not edit it: \
         change the model or the generator instead."
    ));
    let doc = crate::docs::Docs::from_markdown(doc).to_inner_attrs();
    root_items(service, doc)
}

/// `mod.rs` of a client mounted in another crate: a short module doc (the
/// host crate documents why it carries the client), then what `lib.rs` has.
fn mounted_mod_rs(service: &Service, title: &str, path: &str) -> TokenStream {
    let operations: Vec<String> = service
        .operations
        .iter()
        .map(|op| format!("`{}`", op.name))
        .collect();
    let doc = format!(
        "# {title}\n\n\
         A client for {title} generated from the service's Smithy model with only \
         the operations {}. Create it from a [`Config`] like any generated client:\n\n\
         ```no_run\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let config = {path}::Config::from_env().await?;\n\
         let client = {path}::Client::new(&config);\n\
         # let _ = client;\n\
         # Ok(())\n\
         # }}\n\
         ```\n\n\
         This module was generated. Do not edit it: change the model or the \
         generator instead.",
        operations.join(", ")
    );
    let doc = crate::docs::Docs::from_markdown(doc).to_inner_attrs();
    root_items(service, doc)
}

/// The root module's attributes and items, after its doc.
fn root_items(service: &Service, doc: TokenStream) -> TokenStream {
    // Braces, not parentheses: rustfmt would rewrite (and here drop) the
    // contents of `quote!(...)` holding a `rustfmt::skip` attribute.
    let waiters = super::waiter::has_waiters(service).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod waiters;
        }
    });
    quote! {
        #doc
        // The model deprecates operations and members; code inside this crate
        // still has to mention them. Users of the crate get the warnings.
        #![allow(deprecated)]
        // Errors are returned by value, metadata included, as the official
        // SDK returns them; boxing them would cost an allocation per error.
        #![allow(clippy::result_large_err, clippy::large_enum_variant)]
        #![warn(missing_docs)]
        // Generated files keep prettyplease's formatting: `cargo fmt` must
        // not rewrite them, or they would drift from what the generator
        // writes. This skips this file; the attributes below, the modules.
        #![cfg_attr(rustfmt, rustfmt_skip)]

        #[cfg(feature = "blocking")]
        #[rustfmt::skip]
        pub mod blocking;
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod config;
        #[rustfmt::skip]
        pub mod endpoint;
        #[rustfmt::skip]
        pub mod error;
        #[rustfmt::skip]
        pub mod operation;
        #[rustfmt::skip]
        pub mod primitives;
        #[rustfmt::skip]
        mod protocol;
        #[rustfmt::skip]
        pub mod types;
        #waiters

        pub use client::Client;
        pub use config::Config;
    }
}

/// `src/error.rs`: the runtime's error types, re-exported.
pub fn error_rs() -> TokenStream {
    quote! {
        //! Errors: what `send()` returns, and the pieces it is made of.

        pub use ::lean_runtime::error::{
            BuildError, ConstructionFailure, DeserializeError, DispatchFailure, ErrorKind, ErrorMetadata,
            ClassifyError, ProvideErrorMetadata, ResponseError, SdkError, ServiceError, TimeoutError, UnhandledError,
        };
    }
}

/// `src/primitives.rs`: the runtime's value types, re-exported.
pub fn primitives_rs() -> TokenStream {
    quote! {
        //! Value types the model's shapes use: timestamps, blobs, documents,
        //! big numbers.

        pub use ::lean_runtime::primitives::{BigDecimal, BigInteger, UnknownVariantValue};
        pub use ::lean_runtime::{Blob, DateTime, Document};
        pub use ::lean_runtime::datetime::Format as DateTimeFormat;
    }
}

/// `src/operation/mod.rs`.
pub fn operation_mod(service: &Service) -> TokenStream {
    let modules = service.operations.iter().map(|op| {
        let module = op.module.ident();
        let doc = format!("The `{}` operation.", op.name);
        quote! {
            #[doc = #doc]
            pub mod #module;
        }
    });
    quote! {
        //! One module per operation: input, output, error, builders.

        #(#modules)*
    }
}

/// `src/types/mod.rs` (or `src/types/error/mod.rs` when `errors` is set).
pub fn types_mod(service: &Service, errors: bool) -> TokenStream {
    let defs: Vec<&TypeDef> = service
        .types
        .values()
        .filter(|d| match d.location() {
            Location::Types { .. } => !errors,
            Location::Errors { .. } => errors,
            Location::Operation { .. } => false,
        })
        .collect();
    let mods = defs.iter().map(|d| {
        let module = module_of(d);
        quote!(mod #module;)
    });
    let uses = defs.iter().map(|d| {
        let module = module_of(d);
        let name = d.name().ident();
        quote!(pub use #module::#name;)
    });
    let builders: Vec<TokenStream> = defs
        .iter()
        .filter_map(|d| match d {
            TypeDef::Structure(s) => {
                let module = module_of(d);
                let name = s.builder_name.ident();
                Some(quote!(pub use super::#module::#name;))
            }
            _ => None,
        })
        .collect();
    let doc = if errors {
        quote!(#![doc = " Errors the service's operations return."])
    } else {
        quote!(#![doc = " Structures, enums and unions of the service's model."])
    };
    let error_mod = (!errors
        && service
            .types
            .values()
            .any(|d| matches!(d.location(), Location::Errors { .. })))
    .then(|| {
        quote!(
            pub mod error;
        )
    });
    let builders_mod = (!builders.is_empty()).then(|| {
        quote! {
            /// Builders for the structures of this module.
            pub mod builders {
                #(#builders)*
            }
        }
    });
    quote! {
        #doc

        #(#mods)*
        #(#uses)*
        #error_mod
        #builders_mod
    }
}

/// The file module a type lives in.
pub fn module_of(def: &TypeDef) -> proc_macro2::Ident {
    match def.location() {
        Location::Types { module } | Location::Errors { module } => {
            quote::format_ident!("{}", module)
        }
        Location::Operation { module } => module.ident(),
    }
}

/// `src/protocol/mod.rs`.
pub fn protocol_mod() -> TokenStream {
    quote! {
        //! The wire protocol: request serializers and response deserializers.

        pub(crate) mod de;
        pub(crate) mod ser;
    }
}
