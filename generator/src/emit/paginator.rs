//! Paginators of `@paginated` operations, in the operation's module:
//!
//! - `impl lean_runtime::paginator::Paginate for <Op>` (and `PaginateItems`
//!   when the model names the items): where the tokens are, which the
//!   runtime's `Pages` and `Items` streams drive;
//! - `paginator::<Op>Paginator`, which the fluent builder's
//!   `into_paginator()` returns: the page size and duplicate-token
//!   settings, then `send()` for the pages (`.items()` on them for the
//!   items).
//!
//! ```text
//! let mut pages = client.list_components().into_paginator().send();
//! while let Some(page) = pages.next().await { let page = page?; ... }
//! let all = client.list_components().into_paginator().send().items().try_collect().await?;
//! ```

use super::paths::{rust_type, type_path};
use crate::ir::{Member, Operation, Pagination, Service, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The `Paginate` implementations and the `paginator` module of a
/// paginated operation; nothing for others.
pub fn emit(service: &Service, op: &Operation) -> TokenStream {
    let Some(pagination) = &op.pagination else {
        return TokenStream::new();
    };
    let paginate = paginate_impl(service, op, pagination);
    let items = items_impl(service, op, pagination);
    let module = paginator_module(service, op, pagination);
    quote! {
        #paginate
        #items
        #module
    }
}

/// `into_paginator()` for the fluent builder of a paginated operation,
/// which the paginator keeps (its client and the input so far).
pub fn into_paginator_method(op: &Operation) -> TokenStream {
    let Some(pagination) = &op.pagination else {
        return TokenStream::new();
    };
    let paginator = pagination.paginator_name.ident();
    let doc = format!(
        "Pages through the results of `{}`, starting from the input set so far: see [`{paginator}`](super::paginator::{paginator}).",
        op.name
    );
    quote! {
        #[doc = #doc]
        pub fn into_paginator(self) -> super::paginator::#paginator {
            super::paginator::#paginator::new(self)
        }
    }
}

fn paginate_impl(service: &Service, op: &Operation, pagination: &Pagination) -> TokenStream {
    let marker = op.marker_name.ident();
    let input = type_path(service, &op.input);
    let output = type_path(service, &op.output);
    let token = &pagination.input_token;
    let token_ty = rust_type(service, &token.ty);
    let field = token.name.ident();
    let output_token = borrowed_path(&pagination.output_token);
    quote! {
        impl ::lean_runtime::paginator::Paginate for #marker {
            type Token = #token_ty;

            fn input_token(input: &#input) -> ::std::option::Option<&Self::Token> {
                input.#field.as_ref()
            }

            fn set_input_token(input: &mut #input, token: ::std::option::Option<Self::Token>) {
                input.#field = token;
            }

            fn output_token(output: &#output) -> ::std::option::Option<&Self::Token> {
                #output_token.filter(|token| !token.is_empty())
            }
        }
    }
}

fn items_impl(service: &Service, op: &Operation, pagination: &Pagination) -> TokenStream {
    let Some(path) = &pagination.items else {
        return TokenStream::new();
    };
    let Some(last) = path.last() else {
        return TokenStream::new();
    };
    let marker = op.marker_name.ident();
    let output = type_path(service, &op.output);
    // The items of a sparse list or map may be null: `Option`s.
    let (item, collect) = match &last.ty {
        TypeRef::List { member, sparse, .. } => {
            let member = rust_type(service, member);
            let item = if *sparse {
                quote!(::std::option::Option<#member>)
            } else {
                member
            };
            (item, TokenStream::new())
        }
        TypeRef::Map {
            key, value, sparse, ..
        } => {
            let key = rust_type(service, key);
            let value = rust_type(service, value);
            let value = if *sparse {
                quote!(::std::option::Option<#value>)
            } else {
                value
            };
            (
                quote!((#key, #value)),
                quote!(.into_iter().collect::<::std::vec::Vec<_>>()),
            )
        }
        // Lowering accepts only lists and maps.
        _ => return TokenStream::new(),
    };
    let owned = owned_path(path);
    quote! {
        impl ::lean_runtime::paginator::PaginateItems for #marker {
            type Item = #item;

            fn into_items(output: #output) -> ::std::vec::Vec<Self::Item> {
                #owned #collect
            }
        }
    }
}

/// `Option<&T>` of the last member of `path`, from `output`.
fn borrowed_path(path: &[Member]) -> TokenStream {
    let mut members = path.iter();
    let Some(first) = members.next() else {
        return quote!(::std::option::Option::<&()>::None);
    };
    let field = first.name.ident();
    let mut tokens = match (first.optional, first.boxed) {
        (true, false) => quote!(output.#field.as_ref()),
        (true, true) => quote!(output.#field.as_deref()),
        (false, false) => quote!(::std::option::Option::Some(&output.#field)),
        (false, true) => quote!(::std::option::Option::Some(&*output.#field)),
    };
    for member in members {
        let field = member.name.ident();
        tokens = match (member.optional, member.boxed) {
            (true, false) => quote!(#tokens.and_then(|value| value.#field.as_ref())),
            (true, true) => quote!(#tokens.and_then(|value| value.#field.as_deref())),
            (false, false) => quote!(#tokens.map(|value| &value.#field)),
            (false, true) => quote!(#tokens.map(|value| &*value.#field)),
        };
    }
    tokens
}

/// The value of the last member of `path`, moved out of `output`; an
/// unset member gives the empty list or map.
fn owned_path(path: &[Member]) -> TokenStream {
    let mut members = path.iter();
    let Some(first) = members.next() else {
        return quote!(::std::default::Default::default());
    };
    let field = first.name.ident();
    // Whether `tokens` is an `Option` of the value so far.
    let mut optional = first.optional;
    let mut tokens = quote!(output.#field);
    for member in members {
        let field = member.name.ident();
        tokens = match (optional, member.optional) {
            (true, true) => quote!(#tokens.and_then(|value| value.#field)),
            (true, false) => quote!(#tokens.map(|value| value.#field)),
            (false, _) => quote!(#tokens.#field),
        };
        optional = optional || member.optional;
    }
    if optional {
        quote!(#tokens.unwrap_or_default())
    } else {
        tokens
    }
}

fn paginator_module(service: &Service, op: &Operation, pagination: &Pagination) -> TokenStream {
    let name = pagination.paginator_name.ident();
    let marker = op.marker_name.ident();
    let fluent = op.fluent_builder_name.ident();
    let sender = super::operation::sender_field(service, op);
    let fn_name = op.fn_name.as_str();
    let op_name = &op.name;
    let has_items = pagination.items.is_some();
    let items_doc = if has_items {
        format!(
            "\n\nFor the items of every page rather than the pages, call `.items()` on the pages:\n\n\
             ```text\n\
             let items = client.{fn_name}().into_paginator().send().items().try_collect().await?;\n\
             ```"
        )
    } else {
        String::new()
    };
    let doc = format!(
        "Pages through the results of `{op_name}`: one request per page, each sending the \
         continuation token of the page before.\n\n\
         Created by `into_paginator()` on the operation's fluent builder; \
         [`send`](Self::send) returns the pages:\n\n\
         ```text\n\
         let mut pages = client.{fn_name}().into_paginator().send();\n\
         while let Some(page) = pages.next().await {{\n    let page = page?;\n}}\n\
         ```{items_doc}"
    );
    let page_size = pagination.page_size.as_ref().map(|member| {
        let setter = member.setter.ident();
        let ty = rust_type(service, &member.ty);
        let doc = format!(
            "Asks for at most this many results per page (sets `{}`). The service may return fewer.",
            member.wire_name
        );
        quote! {
            #[doc = #doc]
            pub fn page_size(mut self, limit: #ty) -> Self {
                self.inner = self.inner.#setter(::std::option::Option::Some(limit));
                self
            }
        }
    });
    let module_doc = format!("The paginator of `{op_name}`.");
    let doc = crate::docs::doc_attrs(&doc);
    quote! {
        #[doc = #module_doc]
        pub mod paginator {
            #doc
            #[derive(::std::clone::Clone, ::std::fmt::Debug)]
            pub struct #name {
                inner: super::builders::#fluent,
                stop_on_duplicate_token: bool,
            }

            impl #name {
                pub(crate) fn new(inner: super::builders::#fluent) -> Self {
                    Self {
                        inner,
                        stop_on_duplicate_token: true,
                    }
                }

                #page_size

                /// Whether to stop after a page whose continuation token is the one its
                /// request sent, which would otherwise repeat forever (default `true`).
                pub fn stop_on_duplicate_token(mut self, stop: bool) -> Self {
                    self.stop_on_duplicate_token = stop;
                    self
                }

                /// The pages, fetched one by one as `next()` is awaited. An input that
                /// cannot be built is the first (and only) page's error.
                pub fn send(self) -> ::lean_runtime::paginator::Pages<super::#marker> {
                    let sender = self.inner.#sender.clone();
                    sender
                        .pages::<super::#marker>(self.inner.build())
                        .stop_on_duplicate_token(self.stop_on_duplicate_token)
                }
            }
        }
    }
}
