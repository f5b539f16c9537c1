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
        (TypeRef::Blob, Value::String(text)) => match decode_base64(text) {
            Some(bytes) if !bytes.is_empty() => {
                let bytes = Literal::byte_string(&bytes);
                quote!(::lean_runtime::Blob::new(#bytes.to_vec()))
            }
            _ => quote!(::lean_runtime::Blob::new(::std::vec::Vec::new())),
        },
        // Only the empty stream can be a default (lowering checks).
        (TypeRef::ByteStream, _) => quote!(::lean_runtime::byte_stream::ByteStream::default()),
        (TypeRef::Document, value) => document_expr(value),
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

/// A `lean_runtime::Document` equal to a JSON value.
pub fn document_expr(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(::lean_runtime::Document::Null),
        Value::Bool(b) => quote!(::lean_runtime::Document::Bool(#b)),
        Value::String(s) => {
            quote!(::lean_runtime::Document::String(::std::string::String::from(#s)))
        }
        Value::Number(n) => {
            let number = if let Some(u) = n.as_u64() {
                let u = Literal::u64_suffixed(u);
                quote!(::lean_runtime::Number::PosInt(#u))
            } else if let Some(i) = n.as_i64() {
                let i = Literal::i64_suffixed(i);
                quote!(::lean_runtime::Number::NegInt(#i))
            } else {
                let f = Literal::f64_suffixed(n.as_f64().unwrap_or(0.0));
                quote!(::lean_runtime::Number::Float(#f))
            };
            quote!(::lean_runtime::Document::Number(#number))
        }
        Value::Array(items) if items.is_empty() => {
            quote!(::lean_runtime::Document::Array(::std::vec::Vec::new()))
        }
        Value::Array(items) => {
            let items = items.iter().map(document_expr);
            quote!(::lean_runtime::Document::Array(::std::vec![#(#items),*]))
        }
        Value::Object(entries) if entries.is_empty() => {
            quote!(::lean_runtime::Document::Object(
                ::std::collections::BTreeMap::new()
            ))
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = document_expr(v);
                quote!((::std::string::String::from(#k), #v))
            });
            quote!(::lean_runtime::Document::Object(::std::collections::BTreeMap::from([#(#entries),*])))
        }
    }
}

/// Decodes standard base64 with padding, as `@default` values of blobs are
/// written; `None` when the text is not that.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let chunks = bytes.chunks(4);
    let last = chunks.len().saturating_sub(1);
    for (i, chunk) in chunks.enumerate() {
        let padding = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if padding > 2 || (padding > 0 && i != last) {
            return None;
        }
        let mut group = 0u32;
        for &c in &chunk[..4 - padding] {
            group = (group << 6) | sextet(c)?;
        }
        group <<= 6 * padding as u32;
        let decoded = [(group >> 16) as u8, (group >> 8) as u8, group as u8];
        out.extend_from_slice(&decoded[..3 - padding]);
    }
    Some(out)
}

/// `option` (an `Option` expression) with a member's default filled in
/// when it is `None`: `unwrap_or_default()` when the default is the type's
/// `Default` (empty lists and maps), `unwrap_or(value)` when the value is
/// cheap to build, else `unwrap_or_else(|| value)`, as clippy's
/// `unnecessary_lazy_evaluations`, `redundant_closure` and
/// `unwrap_or_default` ask.
pub fn fill_default(
    service: &Service,
    ty: &TypeRef,
    value: &Value,
    boxed: bool,
    option: &TokenStream,
) -> TokenStream {
    let is_type_default = match (ty, value) {
        (TypeRef::List { .. } | TypeRef::Map { .. }, _) => true,
        (TypeRef::String | TypeRef::Blob | TypeRef::ByteStream, Value::String(s)) => s.is_empty(),
        _ => false,
    };
    if !boxed && is_type_default {
        return quote!(#option.unwrap_or_default());
    }
    let expr = default_value_expr(service, ty, value);
    if boxed {
        return quote!(#option.unwrap_or_else(|| ::std::boxed::Box::new(#expr)));
    }
    let cheap = match ty {
        TypeRef::Boolean
        | TypeRef::Byte
        | TypeRef::Short
        | TypeRef::Integer
        | TypeRef::Long
        | TypeRef::Float
        | TypeRef::Double => true,
        // A variant holding a literal; strings and collections allocate.
        TypeRef::Document => matches!(value, Value::Null | Value::Bool(_) | Value::Number(_)),
        _ => false,
    };
    if cheap {
        quote!(#option.unwrap_or(#expr))
    } else {
        quote!(#option.unwrap_or_else(|| #expr))
    }
}

fn lit(l: Literal) -> TokenStream {
    quote!(#l)
}

#[cfg(test)]
mod tests {
    use super::decode_base64;

    #[test]
    fn base64_defaults_decode() {
        assert_eq!(decode_base64(""), Some(Vec::new()));
        assert_eq!(decode_base64("YWJj"), Some(b"abc".to_vec()));
        assert_eq!(decode_base64("YmxvYg=="), Some(b"blob".to_vec()));
        assert_eq!(decode_base64("aGk="), Some(b"hi".to_vec()));
        assert_eq!(decode_base64("+/8="), Some(vec![0xfb, 0xff]));
        for bad in ["YWJ", "YW=j", "YQ==YQ==", "Y===", "YW j", "é123"] {
            assert_eq!(decode_base64(bad), None, "{bad}");
        }
    }
}
