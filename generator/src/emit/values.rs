//! Rust expressions for model values (`@default`).

use super::paths::rust_type;
use crate::ir::{Service, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// The expression for a default value that lowering kept (see
/// `lower::default_is_expressible`).
pub fn default_value_expr(service: &Service, ty: &TypeRef, value: &Value) -> TokenStream {
    match (ty, value) {
        (TypeRef::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        (TypeRef::Boolean, Value::Bool(b)) => quote!(#b),
        (TypeRef::Byte, v) => lit(Literal::i8_suffixed(v.as_i64().unwrap_or(0) as i8)),
        (TypeRef::Short, v) => lit(Literal::i16_suffixed(v.as_i64().unwrap_or(0) as i16)),
        (TypeRef::Integer, v) => lit(Literal::i32_suffixed(v.as_i64().unwrap_or(0) as i32)),
        (TypeRef::Long, v) => lit(Literal::i64_suffixed(v.as_i64().unwrap_or(0))),
        (TypeRef::Float, v) => lit(Literal::f32_suffixed(v.as_f64().unwrap_or(0.0) as f32)),
        (TypeRef::Double, v) => lit(Literal::f64_suffixed(v.as_f64().unwrap_or(0.0))),
        (TypeRef::Timestamp(_), v) => {
            let secs = Literal::i64_suffixed(v.as_i64().unwrap_or(0));
            quote!(::lean_runtime::DateTime::from_secs(#secs))
        }
        (TypeRef::Blob, _) => quote!(::lean_runtime::Blob::new(::std::vec::Vec::new())),
        (TypeRef::List { .. }, _) => quote!(::std::vec::Vec::new()),
        (TypeRef::Map { .. }, _) => quote!(::std::collections::HashMap::new()),
        (TypeRef::Named(_), Value::String(s)) => {
            let path = rust_type(service, ty);
            quote!(#path::from(#s))
        }
        (TypeRef::Named(_), v) => {
            let path = rust_type(service, ty);
            let n = Literal::i32_suffixed(v.as_i64().unwrap_or(0) as i32);
            quote!(#path::from(#n))
        }
        _ => quote!(::std::default::Default::default()),
    }
}

/// `source` (an `Option` of the member's value) unwrapped to the member's
/// `@default`: `unwrap_or` for literals, `unwrap_or_default` where the
/// default is the type's `Default` (empty lists and maps), a closure
/// otherwise.
pub fn unwrap_or_default_value(
    service: &Service,
    ty: &TypeRef,
    value: &Value,
    boxed: bool,
    source: TokenStream,
) -> TokenStream {
    let is_type_default = match (ty, value) {
        // Lowering keeps only empty defaults of these.
        (TypeRef::List { .. } | TypeRef::Map { .. } | TypeRef::Blob, _) => true,
        (TypeRef::String, Value::String(s)) => s.is_empty(),
        _ => false,
    };
    if is_type_default && !boxed {
        return quote!(#source.unwrap_or_default());
    }
    let expr = default_value_expr(service, ty, value);
    if boxed {
        return quote!(#source.unwrap_or_else(|| ::std::boxed::Box::new(#expr)));
    }
    if is_literal_default(ty) {
        quote!(#source.unwrap_or(#expr))
    } else {
        quote!(#source.unwrap_or_else(|| #expr))
    }
}

/// Whether the default is a plain literal, cheap enough for `unwrap_or`
/// (clippy's `unnecessary_lazy_evaluations`); others go in a closure.
pub fn is_literal_default(ty: &TypeRef) -> bool {
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

fn lit(l: Literal) -> TokenStream {
    quote!(#l)
}
