//! Errors: what modelled error structures add to a plain structure, and one
//! error enum per operation.
//!
//! `Display` shows the error code and the message the service sent, because
//! that is what a person reading a log needs, unless the model marks the
//! message `@sensitive` (as smithy-rs does, it then shows a redaction
//! marker; the `message()` accessor still returns it). `Debug` redacts
//! every `@sensitive` member.

use super::paths::type_path;
use crate::ir::{Operation, Service, StructKind, Structure, TypeDef};
use crate::model::traits::ErrorFault;
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// `Display`, `Error`, `ProvideErrorMetadata` and `meta()` for an error
/// structure (the struct itself comes from [`super::structure`]).
pub fn emit_error_impls(s: &Structure) -> TokenStream {
    let StructKind::Error(info) = &s.kind else {
        return TokenStream::new();
    };
    let name = s.name.ident();
    let code = &info.code;
    let kind = error_kind(s);
    let message_member = s.members.iter().find(|m| m.name.unraw() == "message");
    let sensitive_message = s.sensitive || message_member.is_some_and(|m| m.sensitive);
    let (message_accessor, display_message) = match message_member {
        Some(m) if m.optional => (
            TokenStream::new(),
            quote!(self.message.as_deref().or_else(|| self.meta.message())),
        ),
        Some(_) => (
            TokenStream::new(),
            quote!(
                ::std::option::Option::Some(self.message.as_str())
                    .filter(|m| !m.is_empty())
                    .or_else(|| self.meta.message())
            ),
        ),
        None => (
            quote! {
                /// The message the service sent, if any.
                pub fn message(&self) -> ::std::option::Option<&str> {
                    self.meta.message()
                }
            },
            quote!(self.meta.message()),
        ),
    };
    let write_message = if sensitive_message {
        let redacted = format!(": {}", super::structure::REDACTED);
        quote! {
            let message: ::std::option::Option<&str> = #display_message;
            if message.is_some() {
                f.write_str(#redacted)?;
            }
        }
    } else {
        quote! {
            if let ::std::option::Option::Some(message) = #display_message {
                ::std::write!(f, ": {}", message)?;
            }
        }
    };
    quote! {
        impl #name {
            #message_accessor

            /// The error metadata: code, message and request id.
            pub fn meta(&self) -> &::lean_runtime::error::ErrorMetadata {
                &self.meta
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                #write_message
                ::std::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #name {}

        impl ::lean_runtime::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::lean_runtime::error::ErrorMetadata {
                &self.meta
            }
        }

        impl ::lean_runtime::error::ClassifyError for #name {
            fn error_kind(&self) -> ::std::option::Option<::lean_runtime::error::ErrorKind> {
                #kind
            }
        }
    }
}

/// The `ErrorKind` the model gives an error structure.
fn error_kind(s: &Structure) -> TokenStream {
    let StructKind::Error(info) = &s.kind else {
        return quote!(::std::option::Option::None);
    };
    match (info.retryable, info.fault) {
        (Some(r), _) if r.throttling => {
            quote!(::std::option::Option::Some(
                ::lean_runtime::error::ErrorKind::Throttling
            ))
        }
        (Some(_), _) => {
            quote!(::std::option::Option::Some(
                ::lean_runtime::error::ErrorKind::Transient
            ))
        }
        (None, ErrorFault::Server) => {
            quote!(::std::option::Option::Some(
                ::lean_runtime::error::ErrorKind::Server
            ))
        }
        (None, ErrorFault::Client) => {
            quote!(::std::option::Option::Some(
                ::lean_runtime::error::ErrorKind::Client
            ))
        }
    }
}

/// The operation's error enum: one variant per modelled error plus
/// `Unhandled`.
pub fn emit_operation_error(service: &Service, op: &Operation) -> TokenStream {
    let name = op.error_name.ident();
    let doc = format!("Errors the `{}` operation can return.", op.name);
    let errors: Vec<&Structure> = op
        .errors
        .iter()
        .filter_map(|id| match service.type_def(id) {
            Some(TypeDef::Structure(s)) => Some(s),
            _ => None,
        })
        .collect();
    let variants = errors.iter().map(|s| {
        let variant = s.name.ident();
        let path = type_path(service, &s.id);
        let docs = s
            .docs
            .clone()
            .or(format!("The `{}` error.", s.id.name()))
            .to_attrs();
        quote! {
            #docs
            #variant(#path),
        }
    });
    let variant_names: Vec<_> = errors.iter().map(|s| s.name.ident()).collect();
    let is_fns = errors.iter().filter_map(|s| {
        let is_fn = naming::error_predicate_name(s.id.name()).ok()?;
        // `is_retryable`/`is_throttling` are the model's classification; an
        // error shape named `Retryable` keeps only its variant.
        if matches!(is_fn.unraw(), "is_retryable" | "is_throttling") {
            return None;
        }
        let is_fn = is_fn.ident();
        let variant = s.name.ident();
        let doc = format!(
            "Whether this is a [`{}`]({}).",
            s.name,
            type_path(service, &s.id).to_string().replace(' ', "")
        );
        Some(quote! {
            #[doc = #doc]
            pub fn #is_fn(&self) -> bool {
                ::std::matches!(self, #name::#variant(_))
            }
        })
    });
    let vn = &variant_names;
    let is_fns: Vec<_> = is_fns.collect();
    let predicates = (!is_fns.is_empty()).then(|| {
        quote! {
            impl #name {
                #(#is_fns)*
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(::std::fmt::Debug)]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe, or a failure that was not a service error (see `SdkError::into_service_error`); check `code()` rather than matching on it.
            Unhandled(::lean_runtime::error::UnhandledError),
        }

        #predicates

        impl ::lean_runtime::error::OperationError for #name {
            fn inner(&self) -> &dyn ::lean_runtime::error::ModelledError {
                match self {
                    #(#name::#vn(e) => e,)*
                    #name::Unhandled(e) => e,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(::lean_runtime::error::OperationError::inner(self), f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                ::std::option::Option::Some(::lean_runtime::error::OperationError::inner(self))
            }
        }

        impl ::std::convert::From<::lean_runtime::error::UnhandledError> for #name {
            fn from(e: ::lean_runtime::error::UnhandledError) -> Self {
                #name::Unhandled(e)
            }
        }
    }
}
