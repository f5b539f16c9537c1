//! One module per operation: input, output, error enum, the marker type the
//! orchestrator drives, and the fluent builder behind `Client::<op>()`.

use super::errors::emit_operation_error;
use super::paths::{builder_path, type_path};
use super::structure::{self, deprecated_attr};
use crate::ir::{Operation, Service, TypeDef};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The body of `src/operation/<op>.rs`.
/// `needs_validation` is [`validated_types`](super::validate::validated_types).
pub fn emit_module(
    service: &Service,
    op: &Operation,
    needs_validation: &BTreeSet<ShapeId>,
) -> TokenStream {
    let module_doc = crate::docs::Docs::from_markdown(format!(
        "Types for the `{}` operation.{}",
        op.name,
        op.docs
            .summary()
            .map(|s| format!("\n\n{s}"))
            .unwrap_or_default()
    ))
    .to_inner_attrs();
    let mut top = Vec::new();
    let mut builders = Vec::new();
    for id in [&op.input, &op.output] {
        if let Some(TypeDef::Structure(s)) = service.type_def(id) {
            let (ty, builder) = structure::emit(service, s);
            top.push(ty);
            builders.push(builder);
        }
    }
    let error = emit_operation_error(service, op);
    let marker = marker(service, op, needs_validation);
    let service_side = service
        .service_side
        .then(|| super::service_side::impl_service_side(op));
    let fluent = fluent_builder(service, op);
    let paginator = super::paginator::emit(service, op);
    quote! {
        #module_doc

        #(#top)*
        #error
        #marker
        #paginator
        #service_side

        /// Builders of this operation's input and output, and its fluent builder.
        pub mod builders {
            #(#builders)*
            #fluent
        }
    }
}

fn marker(service: &Service, op: &Operation, needs_validation: &BTreeSet<ShapeId>) -> TokenStream {
    let name = op.marker_name.ident();
    let input = type_path(service, &op.input);
    let output = type_path(service, &op.output);
    let error = op.error_name.ident();
    let op_name = &op.name;
    let serialize = crate::protocol::serialize_call(service, op, needs_validation);
    let deserialize = crate::protocol::deserialize_call(service, op);
    let doc = format!(
        "The `{}` operation, as the runtime's orchestrator drives it. Call it through [`Client`](crate::Client).",
        op.name
    );
    let deprecated = deprecated_attr(&op.deprecated);
    let endpoint = endpoint_fn(service, op);
    // `Required` is the trait's default.
    let auth = match op.auth {
        crate::ir::Auth::Required => TokenStream::new(),
        crate::ir::Auth::Optional => quote! {
            const AUTH: ::lean_runtime::operation::AuthMode = ::lean_runtime::operation::AuthMode::Optional;
        },
        crate::ir::Auth::None => quote! {
            const AUTH: ::lean_runtime::operation::AuthMode = ::lean_runtime::operation::AuthMode::None;
        },
    };
    quote! {
        #[doc = #doc]
        #deprecated
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug)]
        #[non_exhaustive]
        pub struct #name;

        impl ::lean_runtime::operation::Operation for #name {
            type Input = #input;
            type Output = #output;
            type Error = #error;

            const NAME: &'static str = #op_name;
            #auth
            #endpoint

            fn serialize(
                input: &Self::Input,
            ) -> ::std::result::Result<::lean_runtime::operation::HttpRequest, ::lean_runtime::error::BuildError> {
                #serialize
            }

            fn deserialize(
                response: &::lean_runtime::operation::HttpResponse,
            ) -> ::std::result::Result<Self::Output, ::lean_runtime::operation::OperationFailure<Self::Error>> {
                #deserialize
            }
        }
    }
}

/// The field of the operation input's builder that holds its sender.
pub(super) fn sender_field(service: &Service, op: &Operation) -> proc_macro2::Ident {
    match service.type_def(&op.input) {
        Some(TypeDef::Structure(s)) => s.sender_field.as_ref().map(|f| f.ident()),
        _ => None,
    }
    .expect("lowering settles the sender field of every operation input")
}

/// The fluent builder: the input's builder with a client
/// (`lean_runtime::fluent::Sender`), so it has the input builder's setters
/// and only adds `send()` and what goes with it.
fn fluent_builder(service: &Service, op: &Operation) -> TokenStream {
    let name = op.fluent_builder_name.ident();
    let input_builder = builder_path(service, &op.input);
    let output = type_path(service, &op.output);
    let module = op.module.ident();
    let error = op.error_name.ident();
    let marker = op.marker_name.ident();
    let sender = sender_field(service, op);
    let result = quote! {
        ::std::result::Result<#output, ::lean_runtime::error::SdkError<crate::operation::#module::#error>>
    };
    let presigned = op.presignable.then(|| {
        quote! {
            /// Checks the input, then presigns the request instead of sending
            /// it: a URL (and the headers to send with it) that lets whoever
            /// holds it make this one request without credentials, until
            /// `config` says it expires.
            ///
            /// # Errors
            /// A construction failure when the input is invalid, the
            /// endpoint does not resolve or there are no credentials.
            pub async fn presigned(
                self,
                config: ::lean_runtime::presign::PresigningConfig,
            ) -> ::std::result::Result<::lean_runtime::presign::PresignedRequest, ::lean_runtime::error::SdkError<crate::operation::#module::#error>> {
                let sender = self.#sender.clone();
                sender.presign::<crate::operation::#module::#marker>(self.build(), &config).await
            }
        }
    });
    let doc = format!(
        "Fluent builder for the `{}` operation: set the input's members, then call `send()`. \
         [`Client::{}`](crate::Client::{}) describes the operation.",
        op.name,
        op.fn_name.unraw(),
        op.fn_name.unraw(),
    );
    let into_paginator = super::paginator::into_paginator_method(service, op);
    quote! {
        #[doc = #doc]
        ///
        /// It is the input's builder with a client ([`Sender`](::lean_runtime::fluent::Sender)), async or blocking (`M`).
        pub type #name<M = ::lean_runtime::blocking::Async> = #input_builder<::lean_runtime::fluent::Sender<M>>;

        impl #name {
            /// Checks the input, sends the request and reads the response, as [`Sender::send`](::lean_runtime::fluent::Sender::send) describes.
            pub async fn send(self) -> #result {
                let sender = self.#sender.clone();
                sender.send::<crate::operation::#module::#marker>(self.build()).await
            }
            #presigned

            #into_paginator
        }

        #[cfg(feature = "blocking")]
        impl #name<::lean_runtime::blocking::Blocking> {
            /// As the async `send()`, blocking the calling thread (see [`Sender::send`](::lean_runtime::fluent::Sender::send)).
            pub fn send(self) -> #result {
                let sender = self.#sender.clone();
                sender.send::<crate::operation::#module::#marker>(self.build())
            }
        }

        impl<M> #name<M> {
            /// The input built so far: the builder itself, whose getters read it.
            pub fn as_input(&self) -> &Self {
                self
            }

            /// Overrides the client's configuration for this call only: see [`ConfigOverride`](::lean_runtime::config::ConfigOverride).
            pub fn config_override(mut self, config_override: ::lean_runtime::config::ConfigOverride) -> Self {
                self.#sender = self.#sender.with_override(&config_override);
                self
            }
        }
    }
}

/// `Operation::endpoint` for an operation that sets endpoint rule
/// parameters: the client's built-in settings, then each parameter the
/// operation binds, resolved by the crate's rule set for every call.
fn endpoint_fn(service: &Service, op: &Operation) -> TokenStream {
    use crate::ir::EndpointParamSource;
    if let Some(member) = &op.endpoint_url_member {
        return endpoint_url_fn(member);
    }
    if op.endpoint_params.is_empty() || service.endpoint_rules.is_none() {
        return TokenStream::new();
    }
    let sets = op.endpoint_params.iter().map(|binding| {
        let setter = quote::format_ident!("{}", binding.setter);
        let value = match &binding.source {
            EndpointParamSource::Static(value) => static_value(value),
            EndpointParamSource::InputPath(path) => input_path_value(service, op, path),
            EndpointParamSource::AccountId => {
                quote!(builtins.account_id.map(::std::borrow::ToOwned::to_owned))
            }
            EndpointParamSource::AccountIdEndpointMode => quote!(::std::option::Option::Some(
                ::std::borrow::ToOwned::to_owned(builtins.account_id_endpoint_mode)
            )),
            EndpointParamSource::Member {
                field,
                ty,
                optional,
            } => member_value(service, &field.ident(), ty, *optional),
        };
        quote!(.#setter(#value))
    });
    let needs_account = op
        .endpoint_params
        .iter()
        .any(|b| b.source == EndpointParamSource::AccountId)
        .then(|| {
            quote!(
                const ENDPOINT_NEEDS_ACCOUNT_ID: bool = true;
            )
        });
    // An operation that binds only built-ins does not read its input.
    let reads_input = op.endpoint_params.iter().any(|b| {
        matches!(
            b.source,
            EndpointParamSource::Member { .. } | EndpointParamSource::InputPath(_)
        )
    });
    let input = if reads_input {
        quote!(input)
    } else {
        quote!(_input)
    };
    quote! {
        #needs_account

        fn endpoint(
            #input: &Self::Input,
            builtins: &::lean_runtime::config::EndpointBuiltIns<'_>,
        ) -> ::std::option::Option<::std::result::Result<::lean_runtime::endpoint::Endpoint, ::lean_runtime::endpoint::ResolveEndpointError>> {
            let params = crate::endpoint::params_from_builtins(builtins)
            #(#sets)*
            .build();
            ::std::option::Option::Some(params.and_then(|params| crate::endpoint::resolve_endpoint(&params)))
        }
    }
}

/// `Operation::endpoint` for an operation whose input names its endpoint
/// (Machine Learning's `Predict`): that URL when set, else the client's.
fn endpoint_url_fn(member: &crate::ir::Member) -> TokenStream {
    let field = member.name.ident();
    let value = if member.optional {
        quote!(input.#field.as_deref())
    } else {
        quote!(::std::option::Option::Some(input.#field.as_str()))
    };
    quote! {
        fn endpoint(
            input: &Self::Input,
            _builtins: &::lean_runtime::config::EndpointBuiltIns<'_>,
        ) -> ::std::option::Option<::std::result::Result<::lean_runtime::endpoint::Endpoint, ::lean_runtime::endpoint::ResolveEndpointError>> {
            #value
                .filter(|url| !url.is_empty())
                .map(|url| ::std::result::Result::Ok(::lean_runtime::endpoint::Endpoint::new(url)))
        }
    }
}

/// An `@staticContextParams` value as the parameter's `Option`.
fn static_value(value: &serde_json::Value) -> TokenStream {
    match value {
        serde_json::Value::Bool(b) => quote!(::std::option::Option::Some(#b)),
        serde_json::Value::String(text) => {
            quote!(::std::option::Option::Some(::std::borrow::ToOwned::to_owned(#text)))
        }
        serde_json::Value::Array(items) => {
            let items = items.iter().filter_map(serde_json::Value::as_str);
            quote!(::std::option::Option::Some(
                ::std::vec![#(::std::borrow::ToOwned::to_owned(#items)),*]
            ))
        }
        // Lowering admits strings, booleans and lists of strings only.
        _ => quote!(::std::option::Option::None),
    }
}

/// A `@contextParam` input member's value as the parameter's `Option`:
/// strings and lists cloned, enums as their string values, booleans copied.
fn member_value(
    service: &Service,
    field: &proc_macro2::Ident,
    ty: &crate::ir::TypeRef,
    optional: bool,
) -> TokenStream {
    use crate::ir::TypeRef;
    let is_enum = |ty: &TypeRef| matches!(ty, TypeRef::Named(id) if matches!(service.type_def(id), Some(TypeDef::Enum(_))));
    let to_owned = quote!(::std::borrow::ToOwned::to_owned);
    match (ty, optional) {
        (TypeRef::Boolean, true) => quote!(input.#field),
        (TypeRef::Boolean, false) => quote!(::std::option::Option::Some(input.#field)),
        (TypeRef::List { member, .. }, true) if is_enum(member) => quote! {
            input.#field.as_ref().map(|values| values.iter().map(|v| #to_owned(v.as_str())).collect())
        },
        (TypeRef::List { member, .. }, false) if is_enum(member) => quote! {
            ::std::option::Option::Some(input.#field.iter().map(|v| #to_owned(v.as_str())).collect())
        },
        (ty, true) if is_enum(ty) => quote!(input.#field.as_ref().map(|v| #to_owned(v.as_str()))),
        (ty, false) if is_enum(ty) => {
            quote!(::std::option::Option::Some(#to_owned(input.#field.as_str())))
        }
        (_, true) => quote!(input.#field.clone()),
        (_, false) => quote!(::std::option::Option::Some(input.#field.clone())),
    }
}

/// An `@operationContextParams` value: a local function walks the input
/// along the path, `?` at each optional member, and gives the string, or
/// the list of strings a projection or `keys(...)` makes (keys sorted, so
/// the endpoint is the same on every call).
fn input_path_value(service: &Service, op: &Operation, path: &crate::ir::InputPath) -> TokenStream {
    use crate::ir::{PathEnd, PathField};
    let steps = |fields: &[PathField]| -> Vec<TokenStream> {
        fields
            .iter()
            .map(|f| {
                let field = f.field.ident();
                if f.optional {
                    quote!(let value = value.#field.as_ref()?;)
                } else {
                    quote!(let value = &value.#field;)
                }
            })
            .collect()
    };
    let string = |is_enum: bool| {
        if is_enum {
            quote!(::std::borrow::ToOwned::to_owned(value.as_str()))
        } else {
            quote!(::std::clone::Clone::clone(value))
        }
    };
    let outer = steps(&path.fields);
    let (ret, end) = match &path.end {
        PathEnd::Value { is_enum } => {
            let value = string(*is_enum);
            (
                quote!(::std::string::String),
                quote!(::std::option::Option::Some(#value)),
            )
        }
        PathEnd::Keys { is_enum } => {
            let keys = if *is_enum {
                quote!(
                    value
                        .keys()
                        .map(|value| ::std::borrow::ToOwned::to_owned(value.as_str()))
                )
            } else {
                quote!(value.keys().cloned())
            };
            (
                quote!(::std::vec::Vec<::std::string::String>),
                quote! {
                    let mut keys: ::std::vec::Vec<::std::string::String> = #keys.collect();
                    keys.sort();
                    ::std::option::Option::Some(keys)
                },
            )
        }
        PathEnd::Project { fields, is_enum } => {
            let inner = steps(fields);
            let value = string(*is_enum);
            let each = if fields.iter().any(|f| f.optional) {
                quote!(filter_map(|value| { #(#inner)* ::std::option::Option::Some(#value) }))
            } else {
                quote!(map(|value| { #(#inner)* #value }))
            };
            (
                quote!(::std::vec::Vec<::std::string::String>),
                quote!(::std::option::Option::Some(value.iter().#each.collect())),
            )
        }
    };
    let input_ty = super::paths::type_path(service, &op.input);
    quote!({
        fn path_value(input: &#input_ty) -> ::std::option::Option<#ret> {
            let value = input;
            #(#outer)*
            #end
        }
        path_value(input)
    })
}
