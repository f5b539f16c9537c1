//! Client error correction, the same for every body format: a required
//! member the service left out gets its default or its zero value instead
//! of failing the call, and an error's missing message is taken from the
//! error metadata.

use super::paths::type_path;
use super::values::{default_value_expr, fill_default};
use crate::ir::{Member, Service, StructKind, Structure, TypeDef, TypeRef};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// `zero_<stem>`: the type's zero value, for error correction.
pub fn zero_fn_name(service: &Service, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("zero_{}", service.helper_stem(id))
}

/// The field value from the local that collected it: as is for optional
/// members, else the default, else the zero value (error correction).
pub fn finish_member(service: &Service, m: &Member, local: &proc_macro2::Ident) -> TokenStream {
    if m.optional {
        return quote!(#local);
    }
    if let Some(default) = &m.default {
        return fill_default(service, &m.ty, default, m.boxed, &quote!(#local));
    }
    if let (TypeRef::Named(id), false) = (&m.ty, m.boxed)
        && matches!(service.type_def(id), Some(TypeDef::Structure(_)))
    {
        let zero = zero_fn_name(service, id);
        return quote!(#local.unwrap_or_else(#zero));
    }
    let zero = zero_value(service, &m.ty);
    match zero {
        None => quote!(#local.unwrap_or_default()),
        Some(expr) => {
            // A unit variant costs nothing to build: clippy asks for
            // `unwrap_or` then (`unnecessary_lazy_evaluations`).
            let constant = !m.boxed
                && match &m.ty {
                    TypeRef::Document => true,
                    TypeRef::Named(id) => matches!(service.type_def(id), Some(TypeDef::Union(_))),
                    _ => false,
                };
            if constant {
                return quote!(#local.unwrap_or(#expr));
            }
            let expr = if m.boxed {
                quote!(::std::boxed::Box::new(#expr))
            } else {
                expr
            };
            quote!(#local.unwrap_or_else(|| #expr))
        }
    }
}

/// A member's value in a zeroed structure: absent, its default, or its zero.
pub fn zero_member(service: &Service, m: &Member) -> TokenStream {
    let value = if m.optional {
        return quote!(::std::option::Option::None);
    } else if let Some(default) = &m.default {
        default_value_expr(service, &m.ty, default)
    } else {
        zero_value(service, &m.ty).unwrap_or_else(|| quote!(::std::default::Default::default()))
    };
    if m.boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    }
}

/// The zero value of a type when `Default` does not give it (`None` means
/// `unwrap_or_default()` does).
fn zero_value(service: &Service, ty: &TypeRef) -> Option<TokenStream> {
    match ty {
        TypeRef::Timestamp(_) => Some(quote!(::lean_runtime::DateTime::from_secs(0))),
        TypeRef::Document => Some(quote!(::lean_runtime::Document::Null)),
        TypeRef::BigInteger | TypeRef::BigDecimal => {
            let path = super::paths::rust_type(service, ty);
            Some(quote!(#path::from(0i64)))
        }
        TypeRef::Named(id) => {
            let path = type_path(service, id);
            match service.type_def(id) {
                Some(TypeDef::Enum(_)) => Some(quote!(#path::from(""))),
                Some(TypeDef::IntEnum(_)) => Some(quote!(#path::from(0))),
                Some(TypeDef::Union(_)) => Some(quote!(#path::Unknown)),
                _ => {
                    let zero = zero_fn_name(service, id);
                    Some(quote!(#zero()))
                }
            }
        }
        _ => None,
    }
}

/// Structures that need a zero value: targets of required, non-optional
/// members of the structures `read` picks, and what their own required
/// members target.
pub fn zeroed_structures(service: &Service, read: impl Fn(&TypeDef) -> bool) -> BTreeSet<ShapeId> {
    let mut set = BTreeSet::new();
    let mut pending: Vec<ShapeId> = Vec::new();
    for def in service.types.values() {
        if let TypeDef::Structure(s) = def
            && read(def)
        {
            for m in s
                .members
                .iter()
                .filter(|m| !m.optional && m.default.is_none())
            {
                if let TypeRef::Named(id) = &m.ty
                    && matches!(service.type_def(id), Some(TypeDef::Structure(_)))
                {
                    pending.push(id.clone());
                }
            }
        }
    }
    while let Some(id) = pending.pop() {
        if !set.insert(id.clone()) {
            continue;
        }
        if let Some(TypeDef::Structure(s)) = service.type_def(&id) {
            for m in s
                .members
                .iter()
                .filter(|m| !m.optional && m.default.is_none())
            {
                if let TypeRef::Named(target) = &m.ty
                    && matches!(service.type_def(target), Some(TypeDef::Structure(_)))
                {
                    pending.push(target.clone());
                }
            }
        }
    }
    set
}

/// `zero_<stem>`: the structure with every member absent, at its default
/// or at its zero value.
pub fn zero_fn(service: &Service, s: &Structure) -> TokenStream {
    let fn_name = zero_fn_name(service, &s.id);
    let path = type_path(service, &s.id);
    let inits = s.members.iter().map(|m| {
        let field = m.name.ident();
        let value = zero_member(service, m);
        quote!(#field: #value,)
    });
    let meta = matches!(s.kind, StructKind::Error(_))
        .then(|| quote!(meta: ::std::default::Default::default(),));
    quote! {
        /// The value used when a response leaves out a required member of this
        /// type: every required member at its zero value.
        pub(crate) fn #fn_name() -> #path {
            #path {
                #(#inits)*
                #meta
            }
        }
    }
}

/// Statements filling an error's missing `message` member (the error
/// being read is `error`) from its metadata (`meta`).
pub fn message_fix(s: &Structure) -> Option<TokenStream> {
    s.members
        .iter()
        .find(|m| m.name.unraw() == "message")
        .map(|m| {
            if m.optional {
                quote! {
                    if error.message.is_none() {
                        error.message = meta.message().map(::std::borrow::ToOwned::to_owned);
                    }
                }
            } else if m.ty == TypeRef::String {
                quote! {
                    if error.message.is_empty()
                        && let ::std::option::Option::Some(message) = meta.message()
                    {
                        error.message = message.to_owned();
                    }
                }
            } else {
                TokenStream::new()
            }
        })
}
