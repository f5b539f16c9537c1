//! A test case's `params` as Rust: the values the generated client's
//! public builders and types take, walked along the IR so every value gets
//! the type its member has.

use crate::emit::paths::type_path;
use crate::emit::structure::build_is_fallible;
use crate::emit::values::document_expr;
use crate::ir::{Member, Service, Structure, TypeDef, TypeRef};
use proc_macro2::{Ident, Literal, TokenStream, TokenTree};
use quote::quote;
use serde_json::{Map, Value};

/// Writes values of one service's types, with paths into the client crate
/// `krate` (generated code says `crate::`; tests live outside it).
pub struct Values<'a> {
    pub service: &'a Service,
    pub krate: &'a Ident,
}

/// Where in `params` a value is, for messages: `params.defaults.defaultBlob`.
type Path<'p> = &'p str;

impl Values<'_> {
    /// `path` (a `crate::` path or type) as seen from outside the crate.
    pub fn external(&self, tokens: TokenStream) -> TokenStream {
        tokens
            .into_iter()
            .flat_map(|tree| match tree {
                TokenTree::Ident(ident) if ident == "crate" => {
                    let krate = self.krate;
                    quote!(::#krate).into_iter().collect::<Vec<_>>()
                }
                TokenTree::Group(group) => {
                    let inner = self.external(group.stream());
                    let mut rebuilt = proc_macro2::Group::new(group.delimiter(), inner);
                    rebuilt.set_span(group.span());
                    vec![TokenTree::Group(rebuilt)]
                }
                other => vec![other],
            })
            .collect()
    }

    /// The path of a named type, from outside the crate.
    pub fn type_path(&self, id: &crate::model::ShapeId) -> TokenStream {
        self.external(type_path(self.service, id))
    }

    /// `.set_<member>(Some(value))` for every entry of `object`, the members
    /// of structure `s`.
    pub fn setters(
        &self,
        s: &Structure,
        object: &Map<String, Value>,
        path: Path<'_>,
    ) -> Result<Vec<TokenStream>, String> {
        let mut calls = Vec::new();
        for (key, value) in object {
            let member = member(s, key, path)?;
            let path = format!("{path}.{key}");
            // `null` leaves a member unset, which is what a setter given
            // `None` would do.
            if value.is_null() {
                continue;
            }
            let setter = member.setter.ident();
            let value = self.member_value(member, value, &path)?;
            calls.push(quote!(.#setter(::std::option::Option::Some(#value))));
        }
        Ok(calls)
    }

    fn member_value(
        &self,
        m: &Member,
        value: &Value,
        path: Path<'_>,
    ) -> Result<TokenStream, String> {
        let value = self.value(&m.ty, value, path)?;
        Ok(if m.boxed {
            quote!(::std::boxed::Box::new(#value))
        } else {
            value
        })
    }

    /// A structure built through its public builder.
    pub fn structure(
        &self,
        s: &Structure,
        object: &Map<String, Value>,
        path: Path<'_>,
    ) -> Result<TokenStream, String> {
        let ty = self.type_path(&s.id);
        let setters = self.setters(s, object, path)?;
        let build = if build_is_fallible(s) {
            let message = format!("{path} builds");
            quote!(.build().expect(#message))
        } else {
            quote!(.build())
        };
        Ok(quote!(#ty::builder() #(#setters)* #build))
    }

    /// A value of type `ty`.
    pub fn value(
        &self,
        ty: &TypeRef,
        value: &Value,
        path: Path<'_>,
    ) -> Result<TokenStream, String> {
        let mismatch = |what: &str| Err(format!("{path}: expected {what}, found {value}"));
        Ok(match ty {
            TypeRef::String => match value {
                Value::String(s) => quote!(::std::string::String::from(#s)),
                _ => return mismatch("a string"),
            },
            TypeRef::Boolean => match value {
                Value::Bool(b) => quote!(#b),
                _ => return mismatch("a boolean"),
            },
            TypeRef::Byte => integer(value, path, |n| {
                i8::try_from(n).ok().map(Literal::i8_suffixed)
            })?,
            TypeRef::Short => integer(value, path, |n| {
                i16::try_from(n).ok().map(Literal::i16_suffixed)
            })?,
            TypeRef::Integer => integer(value, path, |n| {
                i32::try_from(n).ok().map(Literal::i32_suffixed)
            })?,
            TypeRef::Long => integer(value, path, |n| Some(Literal::i64_suffixed(n)))?,
            TypeRef::Float => float(value, path, quote!(f32), |f| {
                Literal::f32_suffixed(f as f32)
            })?,
            TypeRef::Double => float(value, path, quote!(f64), Literal::f64_suffixed)?,
            // An RFC 3339 text, as event-stream cases give timestamps.
            TypeRef::Timestamp(_) if value.is_string() => {
                let text = value.as_str().unwrap_or_default();
                let message = format!("{path}: an RFC 3339 timestamp");
                quote!(::lean_runtime::DateTime::from_str(#text, ::lean_runtime::datetime::Format::DateTime).expect(#message))
            }
            TypeRef::Timestamp(_) => match value.as_number() {
                Some(n) if n.is_i64() => {
                    let secs = Literal::i64_suffixed(n.as_i64().unwrap_or_default());
                    quote!(::lean_runtime::DateTime::from_secs(#secs))
                }
                Some(n) => {
                    let (whole, nanos) = epoch_parts(n);
                    let whole = Literal::i64_suffixed(whole);
                    let nanos = Literal::u32_suffixed(nanos);
                    quote!(::lean_runtime::DateTime::from_secs_and_nanos(#whole, #nanos))
                }
                None => return mismatch("epoch seconds"),
            },
            // Blob params are the bytes as text, not base64.
            // A list of events: a sender of them.
            TypeRef::EventStream { union, .. } => match value {
                Value::Array(events) => {
                    let union_ty = TypeRef::Named(union.clone());
                    let events = events
                        .iter()
                        .enumerate()
                        .map(|(i, e)| self.value(&union_ty, e, &format!("{path}[{i}]")))
                        .collect::<Result<Vec<_>, String>>()?;
                    quote!([#(#events),*].into_iter().collect::<::lean_runtime::event_stream::EventSender<_>>())
                }
                _ => return mismatch("a list of events"),
            },
            TypeRef::ByteStream => match value {
                Value::String(s) => {
                    let bytes = Literal::byte_string(s.as_bytes());
                    quote!(::lean_runtime::byte_stream::ByteStream::from(#bytes.to_vec()))
                }
                _ => return mismatch("a string"),
            },
            TypeRef::Blob => match value {
                Value::String(s) => {
                    let bytes = Literal::byte_string(s.as_bytes());
                    quote!(::lean_runtime::Blob::new(#bytes.to_vec()))
                }
                _ => return mismatch("a string"),
            },
            TypeRef::Document => document_expr(value),
            TypeRef::BigInteger | TypeRef::BigDecimal => {
                return Err(format!(
                    "{path}: bigInteger and bigDecimal params are not supported yet"
                ));
            }
            TypeRef::Unit => quote!(()),
            TypeRef::List { member, sparse, .. } => {
                let Value::Array(items) = value else {
                    return mismatch("a list");
                };
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let path = format!("{path}[{i}]");
                    out.push(match (item, sparse) {
                        (Value::Null, true) => quote!(::std::option::Option::None),
                        (item, true) => {
                            let v = self.value(member, item, &path)?;
                            quote!(::std::option::Option::Some(#v))
                        }
                        (item, false) => self.value(member, item, &path)?,
                    });
                }
                quote!(::std::vec![#(#out),*])
            }
            TypeRef::Map {
                key,
                value: value_ty,
                sparse,
                ..
            } => {
                let Value::Object(entries) = value else {
                    return mismatch("a map");
                };
                let mut out = Vec::new();
                for (k, v) in entries {
                    let path = format!("{path}.{k}");
                    let k = self.value(key, &Value::String(k.clone()), &path)?;
                    let v = match (v, sparse) {
                        (Value::Null, true) => quote!(::std::option::Option::None),
                        (v, true) => {
                            let v = self.value(value_ty, v, &path)?;
                            quote!(::std::option::Option::Some(#v))
                        }
                        (v, false) => self.value(value_ty, v, &path)?,
                    };
                    out.push(quote!((#k, #v)));
                }
                quote!(::std::collections::HashMap::from([#(#out),*]))
            }
            TypeRef::Named(id) => match self.service.type_def(id) {
                Some(TypeDef::Structure(s)) => match value {
                    Value::Object(object) => self.structure(s, object, path)?,
                    _ => return mismatch("a structure"),
                },
                Some(TypeDef::Union(u)) => {
                    let Value::Object(object) = value else {
                        return mismatch("a union");
                    };
                    let set: Vec<(&String, &Value)> =
                        object.iter().filter(|(_, v)| !v.is_null()).collect();
                    let [(key, v)] = set.as_slice() else {
                        return Err(format!(
                            "{path}: a union value needs exactly one member set, found {}",
                            set.len()
                        ));
                    };
                    let m = u
                        .members
                        .iter()
                        .find(|m| m.wire_name == **key)
                        .ok_or_else(|| format!("{path}: union has no member `{key}`"))?;
                    let ty = self.type_path(id);
                    let variant = m.variant.ident();
                    if m.ty == TypeRef::Unit {
                        quote!(#ty::#variant)
                    } else {
                        let v = self.member_value(m, v, &format!("{path}.{key}"))?;
                        quote!(#ty::#variant(#v))
                    }
                }
                Some(TypeDef::Enum(_)) => match value {
                    Value::String(s) => {
                        let ty = self.type_path(id);
                        quote!(#ty::from(#s))
                    }
                    _ => return mismatch("an enum string"),
                },
                Some(TypeDef::IntEnum(_)) => {
                    let n = integer(value, path, |n| {
                        i32::try_from(n).ok().map(Literal::i32_suffixed)
                    })?;
                    let ty = self.type_path(id);
                    quote!(#ty::from(#n))
                }
                None => return Err(format!("{path}: type `{id}` is not generated")),
            },
        })
    }
}

/// The member of `s` named `key` in the model.
pub fn member<'s>(s: &'s Structure, key: &str, path: Path<'_>) -> Result<&'s Member, String> {
    s.members
        .iter()
        .find(|m| m.wire_name == key)
        .ok_or_else(|| format!("{path}: `{}` has no member `{key}`", s.id))
}

fn integer(
    value: &Value,
    path: Path<'_>,
    literal: impl Fn(i64) -> Option<Literal>,
) -> Result<TokenStream, String> {
    let literal = value
        .as_i64()
        .and_then(literal)
        .ok_or_else(|| format!("{path}: expected an integer in range, found {value}"))?;
    Ok(quote!(#literal))
}

/// A float: a JSON number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
fn float(
    value: &Value,
    path: Path<'_>,
    ty: TokenStream,
    literal: impl Fn(f64) -> Literal,
) -> Result<TokenStream, String> {
    Ok(match value {
        Value::Number(n) => {
            let literal = literal(n.as_f64().unwrap_or_default());
            quote!(#literal)
        }
        Value::String(s) if s == "NaN" => quote!(#ty::NAN),
        Value::String(s) if s == "Infinity" => quote!(#ty::INFINITY),
        Value::String(s) if s == "-Infinity" => quote!(#ty::NEG_INFINITY),
        _ => return Err(format!("{path}: expected a float, found {value}")),
    })
}

/// Whether `value` is a float param that is not a number.
pub fn is_nan(value: &Value) -> bool {
    value.as_str() == Some("NaN")
}

/// Whole seconds (rounded down) and nanoseconds of fractional epoch seconds,
/// read from the number's decimal digits: `946845296.123` is 123,000,000
/// nanoseconds exactly, which the nearest `f64` is not.
fn epoch_parts(n: &serde_json::Number) -> (i64, u32) {
    let text = n.to_string();
    let decimal = text
        .split_once('.')
        .filter(|(_, frac)| frac.bytes().all(|b| b.is_ascii_digit()) && frac.len() <= 9)
        .and_then(|(whole, frac)| {
            let whole: i64 = whole.parse().ok()?;
            let nanos: u32 = format!("{frac:0<9}").parse().ok()?;
            Some((whole, nanos, text.starts_with('-')))
        });
    match decimal {
        Some((whole, 0, _)) => (whole, 0),
        Some((whole, nanos, true)) => (whole - 1, 1_000_000_000 - nanos),
        Some((whole, nanos, false)) => (whole, nanos),
        None => {
            let secs = n.as_f64().unwrap_or_default();
            let whole = secs.floor();
            (whole as i64, ((secs - whole) * 1e9).round() as u32)
        }
    }
}
