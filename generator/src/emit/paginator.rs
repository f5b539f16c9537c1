//! Paginators of `@paginated` operations, in the operation's module:
//!
//! - `impl lean_runtime::paginator::Paginate for <Op>` (and `PaginateItems`
//!   when the model names the items): where the tokens are, which the
//!   runtime's `Pages` and `Items` streams drive;
//! - `paginator::<Op>Paginator`, which the fluent builder's
//!   `into_paginator()` returns: the runtime's `Paginator` of the
//!   operation, with the page size (`impl PageSize`, where the model names
//!   one) and duplicate-token settings, then `send()` for the pages
//!   (`.items()` on them for the items).
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

/// `into_paginator()` for the fluent builder of a paginated operation:
/// the runtime's `Paginator` of the input built so far and the client.
pub fn into_paginator_method(service: &Service, op: &Operation) -> TokenStream {
    let Some(pagination) = &op.pagination else {
        return TokenStream::new();
    };
    let paginator = pagination.paginator_name.ident();
    let sender = super::operation::sender_field(service, op);
    let doc = format!(
        "Pages through the results of `{}`, starting from the input set so far: see [`{paginator}`](super::paginator::{paginator}).",
        op.name
    );
    quote! {
        #[doc = #doc]
        pub fn into_paginator(self) -> super::paginator::#paginator {
            ::lean_runtime::paginator::Paginator::new(self.#sender.clone(), self.build())
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

/// The `paginator` module: the operation's paginator, the runtime's
/// `Paginator` of the operation; and the page size the paginator sets,
/// where the model names one.
fn paginator_module(service: &Service, op: &Operation, pagination: &Pagination) -> TokenStream {
    let name = pagination.paginator_name.ident();
    let marker = op.marker_name.ident();
    let op_name = &op.name;
    let page_size = pagination.page_size.as_ref().map(|member| {
        let input = type_path(service, &op.input);
        let field = member.name.ident();
        let ty = rust_type(service, &member.ty);
        let value = match (member.optional, member.boxed) {
            (true, false) => quote!(::std::option::Option::Some(size)),
            (true, true) => quote!(::std::option::Option::Some(::std::boxed::Box::new(size))),
            (false, false) => quote!(size),
            (false, true) => quote!(::std::boxed::Box::new(size)),
        };
        quote! {
            impl ::lean_runtime::paginator::PageSize for #marker {
                type Size = #ty;

                fn set_page_size(input: &mut #input, size: #ty) {
                    input.#field = #value;
                }
            }
        }
    });
    let doc = format!(
        "Pages through the results of `{op_name}`: see [`Paginator`](::lean_runtime::paginator::Paginator)."
    );
    let module_doc = format!("The paginator of `{op_name}`.");
    quote! {
        #page_size

        #[doc = #module_doc]
        pub mod paginator {
            #[doc = #doc]
            pub type #name = ::lean_runtime::paginator::Paginator<super::#marker>;
        }
    }
}
