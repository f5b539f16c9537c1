//! `Client`: one method per operation, each returning a fluent builder.

use crate::ir::Service;
use proc_macro2::TokenStream;
use quote::quote;

/// The body of `src/client.rs`.
pub fn emit_module(service: &Service, crate_name: &str) -> TokenStream {
    let title = service
        .title
        .clone()
        .unwrap_or_else(|| service.sdk_id.clone());
    let example = service.operations.first().map(|op| {
        let method = op.fn_name.as_str();
        format!(
            "\n```no_run\n# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\nlet config = {crate_name}::Config::from_env().await?;\nlet client = {crate_name}::Client::new(&config);\nlet output = client.{method}()\n    // set the input's members here\n    .send()\n    .await?;\n# let _ = output;\n# Ok(())\n# }}\n```"
        )
    });
    let doc = format!(
        "Client for {title}.\n\nEach method returns a fluent builder: set the input's members, then call `send()`. \
         A client is cheap to clone and can be shared between tasks; clones share the \
         connection pool and the retry quota.{}",
        example.unwrap_or_default()
    );
    let doc = crate::docs::doc_attrs(&doc);
    let methods = service.operations.iter().map(|op| {
        let method = op.fn_name.ident();
        let module = op.module.ident();
        let fluent = op.fluent_builder_name.ident();
        let docs = op
            .docs
            .clone()
            .or(format!("Calls the `{}` operation.", op.name))
            .to_attrs();
        let deprecated = super::structure::deprecated_attr(&op.deprecated);
        quote! {
            #docs
            #deprecated
            pub fn #method(&self) -> crate::operation::#module::builders::#fluent<M> {
                crate::operation::#module::builders::#fluent::new(sender(self))
            }
        }
    });
    let waiters = super::waiter::client_methods(service);
    quote! {
        #doc
        ///
        /// `M` is the mode: [`Async`](::lean_runtime::blocking::Async), or
        /// [`Blocking`](::lean_runtime::blocking::Blocking) for the blocking
        /// client (cargo feature `blocking`), whose fluent builders' `send()`
        /// waits for the response.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client<M = ::lean_runtime::blocking::Async> {
            pub(crate) handle: ::std::sync::Arc<::lean_runtime::orchestrator::ClientHandle>,
            pub(crate) mode: M,
        }

        impl Client {
            /// Creates a client from a configuration (see [`Config`](crate::Config)).
            pub fn new(config: &crate::Config) -> Self {
                Self {
                    handle: ::std::sync::Arc::new(config.client_handle()),
                    mode: ::lean_runtime::blocking::Async,
                }
            }

            #waiters
        }

        impl<M: ::std::clone::Clone> Client<M> {
            #(#methods)*
        }

        /// What a client's fluent builders send with: the client, in its
        /// mode. (A function, not a method, so that no operation's method
        /// can take its name.)
        fn sender<M: ::std::clone::Clone>(client: &Client<M>) -> ::lean_runtime::fluent::Sender<M> {
            ::lean_runtime::fluent::Sender::with_mode(::std::sync::Arc::clone(&client.handle), client.mode.clone())
        }
    }
}

/// The body of `src/blocking.rs` (cargo feature `blocking`): a client whose
/// fluent builders are the async client's in the blocking mode, so their
/// `send()` waits for the response.
pub fn emit_blocking_module(service: &Service, crate_name: &str) -> TokenStream {
    let example = service.operations.first().map(|op| {
        let method = op.fn_name.as_str();
        format!(
            "\n```no_run\n# fn main() -> Result<(), Box<dyn std::error::Error>> {{\nlet config = {crate_name}::Config::from_env_blocking()?;\nlet client = {crate_name}::blocking::Client::new(&config);\nlet output = client.{method}()\n    // set the input's members here\n    .send()?;\n# let _ = output;\n# Ok(())\n# }}\n```"
        )
    });
    let doc = format!(
        "A client whose calls block the calling thread, for programs without an \
         async runtime: the same fluent builders as [`Client`](crate::Client), \
         whose `send()` returns the output instead of a future. It runs its \
         requests on a current-thread runtime of its own; called from inside an \
         async runtime, `send()` fails with a construction error instead of \
         blocking it.{}",
        example.unwrap_or_default()
    );
    let doc = crate::docs::doc_attrs(&doc);
    quote! {
        //! The blocking client (cargo feature `blocking`).

        #doc
        ///
        /// Its methods are those of [`crate::Client`] in the blocking mode,
        /// which it dereferences to.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client(crate::Client<::lean_runtime::blocking::Blocking>);

        impl Client {
            /// Creates a client from a configuration (see
            /// [`Config::from_env_blocking`](crate::Config::from_env_blocking)).
            pub fn new(config: &crate::Config) -> Self {
                Self(crate::Client {
                    handle: ::std::sync::Arc::new(config.client_handle()),
                    mode: ::lean_runtime::blocking::Blocking::new(),
                })
            }
        }

        impl ::std::ops::Deref for Client {
            type Target = crate::Client<::lean_runtime::blocking::Blocking>;

            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }
    }
}
