//! Unions: one variant per member, plus `Unknown` for members a newer
//! service version sends that this client does not know.

use super::paths::rust_type;
use super::structure::{REDACTED, deprecated_attr};
use crate::ir::{Service, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The union type and its `as_*`/`is_*` helpers.
pub fn emit(service: &Service, u: &Union) -> TokenStream {
    let name = u.name.ident();
    let docs = u
        .docs
        .clone()
        .or(format!("The `{}` union.", u.id.name()))
        .to_attrs();
    let deprecated = deprecated_attr(&u.deprecated);
    let variants = u.members.iter().map(|m| {
        let variant = m.variant.ident();
        let docs = m
            .docs
            .clone()
            .or(format!("The `{}` member.", m.wire_name))
            .to_attrs();
        let deprecated = deprecated_attr(&m.deprecated);
        let serde_attrs = super::serde::variant(m, u.sensitive);
        match &m.ty {
            TypeRef::Unit => quote! {
                #serde_attrs
                #docs
                #deprecated
                #variant,
            },
            ty => {
                let inner = rust_type(service, ty);
                let inner = if m.boxed {
                    quote!(::std::boxed::Box<#inner>)
                } else {
                    inner
                };
                quote! {
                    #serde_attrs
                    #docs
                    #deprecated
                    #variant(#inner),
                }
            }
        }
    });
    let helpers = u.members.iter().map(|m| {
        let variant = m.variant.ident();
        let snake = m.name.unraw();
        let as_fn = format_ident!("as_{}", snake);
        let is_fn = format_ident!("is_{}", snake);
        let is_doc = format!("Whether this is the [`{}`](Self::{}) variant.", m.variant, m.variant);
        let deprecated = deprecated_attr(&m.deprecated);
        match &m.ty {
            TypeRef::Unit => quote! {
                #[doc = #is_doc]
                #deprecated
                pub fn #is_fn(&self) -> bool {
                    ::std::matches!(self, #name::#variant)
                }
            },
            ty => {
                let inner = rust_type(service, ty);
                let as_doc = format!(
                    "The value of the [`{}`](Self::{}) variant, or `Err(self)` for any other variant.",
                    m.variant, m.variant
                );
                let value = if m.boxed { quote!(&**value) } else { quote!(value) };
                quote! {
                    #[doc = #as_doc]
                    #deprecated
                    pub fn #as_fn(&self) -> ::std::result::Result<&#inner, &Self> {
                        if let #name::#variant(value) = self {
                            ::std::result::Result::Ok(#value)
                        } else {
                            ::std::result::Result::Err(self)
                        }
                    }
                    #[doc = #is_doc]
                    #deprecated
                    pub fn #is_fn(&self) -> bool {
                        self.#as_fn().is_ok()
                    }
                }
            }
        }
    });
    let redact = u.sensitive || u.members.iter().any(|m| m.sensitive);
    let debug = if redact {
        let arms = u.members.iter().map(|m| {
            let variant = m.variant.ident();
            let label = m.variant.unraw();
            match &m.ty {
                TypeRef::Unit => quote!(#name::#variant => f.write_str(#label),),
                _ if m.sensitive || u.sensitive => {
                    quote!(#name::#variant(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),)
                }
                _ => quote!(#name::#variant(value) => f.debug_tuple(#label).field(value).finish(),),
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        #name::Unknown => f.write_str("Unknown"),
                    }
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let derive_debug = (!redact).then(|| quote!(::std::fmt::Debug,));
    let derive_serde = super::serde::derive();
    let skip_unknown = super::serde::skip();
    quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(::std::clone::Clone, #derive_debug ::std::cmp::PartialEq)]
        #derive_serde
        pub enum #name {
            #(#variants)*
            /// A member this version of the client does not know (sent by a
            /// newer version of the service). It cannot be serialized.
            #skip_unknown
            Unknown,
        }

        impl #name {
            #(#helpers)*

            /// Whether this is a member this version of the client does not know.
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, #name::Unknown)
            }
        }

        #debug
    }
}
