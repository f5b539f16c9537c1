//! Waiters of `smithy.waiters#waitable`: one module per waiter under
//! `crate::waiters`, and a `wait_until_<name>()` method on `Client`.
//!
//! Each module holds the waiter's fluent builder (the operation's input
//! builder with a client to poll with, whose `wait(max_wait)` polls),
//! aliases for what `wait` returns, and a
//! function telling which state a poll's result leads to: the acceptors,
//! in order, with their JMESPath compiled to Rust over the generated
//! structures. The runtime's `lean_runtime::waiter::Waiter` does the
//! polling and the backoff.
//!
//! The JMESPath of the acceptors is compiled by [`path`].

mod path;

use super::paths::{builder_path, type_path};
use crate::ir::{AcceptorState, Matcher, Operation, PathComparator, Service, Waiter};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Whether the service has any waiter (then `crate::waiters` exists).
pub fn has_waiters(service: &Service) -> bool {
    service.operations.iter().any(|op| !op.waiters.is_empty())
}

/// `src/waiters/mod.rs`.
pub fn emit_mod(service: &Service) -> TokenStream {
    let modules = service.operations.iter().flat_map(|op| {
        op.waiters.iter().map(move |w| {
            let module = w.module.ident();
            let doc = format!("The `{}` waiter of `{}`.", w.name, op.name);
            quote! {
                #[doc = #doc]
                pub mod #module;
            }
        })
    });
    quote! {
        //! Waiters: poll an operation until the resource it reads reaches a state,
        //! as the model defines them. Start one with the `wait_until_…` methods of
        //! [`Client`](crate::Client).
        #(#modules)*
    }
}

/// The `wait_until_…` methods of `Client`.
pub fn client_methods(service: &Service) -> TokenStream {
    let methods = service.operations.iter().flat_map(|op| {
        op.waiters.iter().map(move |w| {
            let method = w.fn_name.ident();
            let module = w.module.ident();
            let builder = w.builder_name.ident();
            let poller = w.poller_name.ident();
            let docs = w
                .docs
                .clone()
                .or(format!("Waits with the `{}` waiter.", w.name))
                .to_attrs();
            let more = format!(
                "Polls `{}` until its acceptors settle the wait: see [`{builder}`](crate::waiters::{module}::{builder}).",
                op.name
            );
            let deprecated = w.deprecated.then(|| quote!(#[deprecated]));
            quote! {
                #docs
                #[doc = ""]
                #[doc = #more]
                #deprecated
                pub fn #method(&self) -> crate::waiters::#module::#builder {
                    crate::waiters::#module::#builder::new(crate::waiters::#module::#poller(
                        ::lean_runtime::fluent::Sender::new(::std::sync::Arc::clone(&self.handle)),
                    ))
                }
            }
        })
    });
    quote!(#(#methods)*)
}

/// `src/waiters/<waiter>.rs`.
pub fn emit_module(service: &Service, op: &Operation, waiter: &Waiter) -> TokenStream {
    let op_module = op.module.ident();
    let marker = op.marker_name.ident();
    let error = op.error_name.ident();
    let output = type_path(service, &op.output);
    let input_builder = builder_path(service, &op.input);
    let builder = waiter.builder_name.ident();
    let final_poll = waiter.final_poll_name.ident();
    let waiter_error = waiter.error_name.ident();
    let fn_name = waiter.fn_name.as_str();
    let summary = waiter
        .docs
        .summary()
        .map(|s| format!("\n\n{s}"))
        .unwrap_or_default();
    let module_doc = crate::docs::Docs::from_markdown(format!(
        "The `{}` waiter: polls `{}` every {} to {} seconds until the resource reaches the awaited state.{summary}",
        waiter.name, op.name, waiter.min_delay, waiter.max_delay
    ))
    .to_inner_attrs();
    let builder_doc = format!(
        "Waits with the `{}` waiter: set the input of `{}`, then call `wait` with \
         the longest time to wait.\n\n\
         ```text\n\
         client.{fn_name}()\n    // set the input's members here\n    .wait(std::time::Duration::from_secs(300))\n    .await?;\n\
         ```",
        waiter.name, op.name
    );
    let builder_doc = crate::docs::doc_attrs(&builder_doc);
    let acceptors_doc = crate::docs::doc_attrs(&acceptors_doc(waiter));
    let deprecated = waiter.deprecated.then(|| quote!(#[deprecated]));
    let min_delay = Literal::u64_unsuffixed(waiter.min_delay);
    let max_delay = Literal::u64_unsuffixed(waiter.max_delay);
    let poller = waiter.poller_name.ident();
    let poller_doc = format!("The client [`{builder}`] polls with.");
    let sender = super::operation::sender_field(service, op);
    let matching_state = matching_state(service, op, waiter);
    quote! {
        #module_doc

        /// The poll that ended a successful wait: the operation's output, or
        /// the error an acceptor waited for.
        pub type #final_poll = ::lean_runtime::waiter::FinalPoll<
            #output,
            crate::operation::#op_module::#error,
        >;

        /// Why the wait ended without the resource reaching the awaited state.
        pub type #waiter_error = ::lean_runtime::waiter::WaiterError<
            #output,
            crate::operation::#op_module::#error,
        >;

        #[doc = #poller_doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #poller(pub(crate) ::lean_runtime::fluent::Sender);

        #builder_doc
        ///
        /// It is the input's builder with a client to poll with.
        #deprecated
        pub type #builder = #input_builder<#poller>;

        impl #builder {
            /// Polls until an acceptor settles the wait, sleeping between polls (an
            /// exponential backoff with jitter between the waiter's delays) and never
            /// waiting longer than `max_wait`: the last poll happens when it is up.
            ///
            #acceptors_doc
            ///
            /// # Errors
            /// A failure acceptor matched, the operation failed with an error no
            /// acceptor matched, the input could not be built, or `max_wait` ran out:
            /// see [`WaiterError`](::lean_runtime::waiter::WaiterError).
            pub async fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> ::std::result::Result<#final_poll, #waiter_error> {
                let poller = self.#sender.0.clone();
                let waiter = ::lean_runtime::waiter::Waiter::new(
                    ::std::time::Duration::from_secs(#min_delay),
                    ::std::time::Duration::from_secs(#max_delay),
                );
                poller
                    .wait::<crate::operation::#op_module::#marker>(self.build(), waiter, max_wait, matching_state)
                    .await
            }
        }

        #matching_state
    }
}

/// The acceptors as the documentation of `wait` lists them.
fn acceptors_doc(waiter: &Waiter) -> String {
    let mut doc = String::from("The acceptors, the first match deciding:\n");
    for acceptor in &waiter.acceptors {
        let state = state_name(acceptor.state);
        let when = match &acceptor.matcher {
            Matcher::Output(m) => format!(
                "the output's `{}` {}",
                m.path,
                comparator_doc(&m.comparator)
            ),
            Matcher::InputOutput(m) => format!(
                "`{}` over `{{input, output}}` {}",
                m.path,
                comparator_doc(&m.comparator)
            ),
            Matcher::Success(true) => "the operation succeeds".to_owned(),
            Matcher::Success(false) => "the operation fails".to_owned(),
            Matcher::ErrorType(code) => format!("the operation fails with `{code}`"),
        };
        doc.push_str(&format!("- {state} when {when}\n"));
    }
    doc.push_str("- otherwise, retry after an output and fail after an error.");
    doc
}

fn state_name(state: AcceptorState) -> &'static str {
    match state {
        AcceptorState::Success => "success",
        AcceptorState::Failure => "failure",
        AcceptorState::Retry => "retry",
    }
}

fn comparator_doc(comparator: &PathComparator) -> String {
    match comparator {
        PathComparator::StringEquals(s) => format!("is `{s:?}`"),
        PathComparator::BooleanEquals(b) => format!("is `{b}`"),
        PathComparator::AllStringEquals(s) => format!("are all `{s:?}`"),
        PathComparator::AnyStringEquals(s) => format!("include `{s:?}`"),
    }
}

/// `fn matching_state(input, result) -> Option<AcceptorState>`.
fn matching_state(service: &Service, op: &Operation, waiter: &Waiter) -> TokenStream {
    let input_ty = type_path(service, &op.input);
    let output_ty = type_path(service, &op.output);
    let module = op.module.ident();
    let error = op.error_name.ident();
    let mut uses_input = false;
    let checks = waiter.acceptors.iter().map(|acceptor| {
        let state = match acceptor.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let condition = match &acceptor.matcher {
            Matcher::Output(m) | Matcher::InputOutput(m) => {
                let test = path::test(service, &m.expr, &m.comparator);
                uses_input |= test.reads_input;
                let tokens = test.tokens;
                if test.reads_output {
                    quote!(let ::std::result::Result::Ok(output) = result && #tokens)
                } else {
                    quote!(result.is_ok() && #tokens)
                }
            }
            Matcher::Success(true) => quote!(result.is_ok()),
            Matcher::Success(false) => quote!(result.is_err()),
            Matcher::ErrorType(code) => quote! {
                let ::std::result::Result::Err(error) = result
                    && error
                        .as_service_error()
                        .and_then(::lean_runtime::error::ProvideErrorMetadata::code)
                        == ::std::option::Option::Some(#code)
            },
        };
        quote! {
            if #condition {
                return ::std::option::Option::Some(::lean_runtime::waiter::AcceptorState::#state);
            }
        }
    });
    let checks: Vec<TokenStream> = checks.collect();
    let input_param = if uses_input {
        quote!(input)
    } else {
        quote!(_input)
    };
    quote! {
        /// The state of the first acceptor matching a poll's result, if any.
        fn matching_state(
            #input_param: &#input_ty,
            result: &::std::result::Result<
                #output_ty,
                ::lean_runtime::error::SdkError<crate::operation::#module::#error>,
            >,
        ) -> ::std::option::Option<::lean_runtime::waiter::AcceptorState> {
            #(#checks)*
            ::std::option::Option::None
        }
    }
}
