//! Rust paths and types of IR types, fully qualified so that a model shape
//! named `Option`, `String` or `Result` can never shadow what generated code
//! means.

use crate::ir::{Location, Service, TypeDef, TypeRef};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::quote;

/// The path of a named type, e.g. `crate::types::Component`.
pub fn type_path(service: &Service, id: &ShapeId) -> TokenStream {
    match service.type_def(id) {
        Some(def) => location_path(def.location(), def),
        // Lowering guarantees every named reference resolves; an unknown
        // one would be a generator bug, and the compiler would name it.
        None => {
            let ident = quote::format_ident!("Unresolved{}", id.name());
            quote!(crate::types::#ident)
        }
    }
}

fn location_path(location: &Location, def: &TypeDef) -> TokenStream {
    let name = def.name().ident();
    match location {
        Location::Types { .. } => quote!(crate::types::#name),
        Location::Errors { .. } => quote!(crate::types::error::#name),
        Location::Operation { module } => {
            let module = module.ident();
            quote!(crate::operation::#module::#name)
        }
    }
}

/// The path of a structure's builder.
pub fn builder_path(service: &Service, id: &ShapeId) -> TokenStream {
    let Some(TypeDef::Structure(s)) = service.type_def(id) else {
        return type_path(service, id);
    };
    let name = s.builder_name.ident();
    match &s.location {
        Location::Types { .. } => quote!(crate::types::builders::#name),
        Location::Errors { .. } => quote!(crate::types::error::builders::#name),
        Location::Operation { module } => {
            let module = module.ident();
            quote!(crate::operation::#module::builders::#name)
        }
    }
}

/// The Rust type of a value (without the `Option` an optional field adds).
pub fn rust_type(service: &Service, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Byte => quote!(i8),
        TypeRef::Short => quote!(i16),
        TypeRef::Integer => quote!(i32),
        TypeRef::Long => quote!(i64),
        TypeRef::Float => quote!(f32),
        TypeRef::Double => quote!(f64),
        TypeRef::BigInteger => quote!(::lean_runtime::primitives::BigInteger),
        TypeRef::BigDecimal => quote!(::lean_runtime::primitives::BigDecimal),
        TypeRef::Timestamp(_) => quote!(::lean_runtime::DateTime),
        TypeRef::Blob => quote!(::lean_runtime::Blob),
        TypeRef::ByteStream => quote!(::lean_runtime::byte_stream::ByteStream),
        TypeRef::EventStream { union, error } => {
            let union = type_path(service, union);
            match error {
                Some(error) => {
                    let module = error.module.ident();
                    let name = error.name.ident();
                    quote!(::lean_runtime::event_stream::EventReceiver<#union, crate::operation::#module::#name>)
                }
                None => quote!(::lean_runtime::event_stream::EventSender<#union>),
            }
        }
        TypeRef::Document => quote!(::lean_runtime::Document),
        TypeRef::Named(id) => type_path(service, id),
        TypeRef::Unit => quote!(()),
        TypeRef::List { member, sparse, .. } => {
            let inner = rust_type(service, member);
            if *sparse {
                quote!(::std::vec::Vec<::std::option::Option<#inner>>)
            } else {
                quote!(::std::vec::Vec<#inner>)
            }
        }
        TypeRef::Map {
            key, value, sparse, ..
        } => {
            let k = rust_type(service, key);
            let v = rust_type(service, value);
            if *sparse {
                quote!(::std::collections::HashMap<#k, ::std::option::Option<#v>>)
            } else {
                quote!(::std::collections::HashMap<#k, #v>)
            }
        }
    }
}

/// Whether values of this type are `Copy` (accessors return them by value).
pub fn is_copy(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Boolean
            | TypeRef::Byte
            | TypeRef::Short
            | TypeRef::Integer
            | TypeRef::Long
            | TypeRef::Float
            | TypeRef::Double
    )
}
