//! The query codec's writing half (awsQuery and ec2Query): one function
//! per structure or union that travels in requests writes its members as
//! `key=value` pairs under a key prefix; the protocol module frames them
//! into a request (see `crate::protocol::query`).
//!
//! The two protocols differ only in names (a member's key is settled in
//! lowering, see `Protocol::query_name`) and in lists: awsQuery wraps
//! items (`List.member.1`) unless the member is `@xmlFlattened`, and sends
//! an empty list as `List=`; ec2Query always flattens and sends nothing for
//! an empty list.

use super::json_ser::format_tokens;
use super::paths::type_path;
use super::walk::{self, Leaf, List, Map, Visitor};
use crate::ir::{Member, Service, Structure, TypeRef, Union};
use crate::model::ShapeId;
use crate::protocol::Protocol;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `ser_<stem>`: writes a named type's members under a prefix.
pub fn ser_fn_name(service: &Service, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("ser_{}", service.helper_stem(id))
}

/// The whole `protocol/ser.rs` module body.
pub fn emit_module(service: &Service) -> TokenStream {
    super::validate::request_module(
        service,
        |s| Some(struct_ser_fn(service, s)),
        |u| union_ser_fn(service, u),
    )
}

/// The function writing a structure's members under `prefix`.
fn struct_ser_fn(service: &Service, s: &Structure) -> TokenStream {
    let fn_name = ser_fn_name(service, &s.id);
    let path = type_path(service, &s.id);
    let members: Vec<TokenStream> = s
        .members
        .iter()
        .map(|m| member_ser(service, m))
        .filter(|tokens| !tokens.is_empty())
        .collect();
    let (writer, prefix, input) = if members.is_empty() {
        (quote!(_writer), quote!(_prefix), quote!(_input))
    } else {
        (quote!(writer), quote!(prefix), quote!(input))
    };
    quote! {
        pub(crate) fn #fn_name(
            #writer: &mut ::lean_runtime::query::QueryWriter,
            #prefix: &str,
            #input: &#path,
        ) -> ::std::result::Result<(), ::lean_runtime::error::BuildError> {
            #(#members)*
            ::std::result::Result::Ok(())
        }
    }
}

/// Writes one member of `input` (when set) under its key.
fn member_ser(service: &Service, m: &Member) -> TokenStream {
    let field = m.name.ident();
    let name = &m.query_name;
    let write = value_ser(service, m, &m.ty, m.xml_flattened);
    if write.is_empty() {
        return write;
    }
    let key = quote!(let key = &::lean_runtime::query::key(prefix, #name););
    if m.idempotency_token && m.optional && m.ty == TypeRef::String {
        // Filled once per operation: retries resend the serialized request.
        return quote! {
            {
                #key
                match &input.#field {
                    ::std::option::Option::Some(value) => writer.string(key, value),
                    ::std::option::Option::None => writer.string(key, &::lean_runtime::uuid::idempotency_token()),
                }
            }
        };
    }
    if m.optional {
        quote! {
            if let ::std::option::Option::Some(value) = &input.#field {
                #key
                #write
            }
        }
    } else {
        quote! {
            {
                let value = &input.#field;
                #key
                #write
            }
        }
    }
}

/// Writes `value` (a `&T` of type `ty`) under `key` (a `&String`), both
/// bound by the caller; `flattened` for a list or map member marked
/// `@xmlFlattened`. Empty for what a query request cannot carry. `m`
/// names the member in errors.
fn value_ser(service: &Service, m: &Member, ty: &TypeRef, flattened: bool) -> TokenStream {
    walk::walk(service, ty, &flattened, &mut PairWriter { service, m })
}

/// `key=value` pairs of the value at `key`; where a value is, is whether
/// its list or map is flattened (`@xmlFlattened`).
struct PairWriter<'a> {
    service: &'a Service,
    m: &'a Member,
}

impl Visitor for PairWriter<'_> {
    type At = bool;
    type Out = TokenStream;

    fn leaf(&mut self, leaf: Leaf<'_>, _flattened: &bool) -> TokenStream {
        let field = self.m.name.unraw();
        match leaf {
            Leaf::Simple(ty) => match ty {
                TypeRef::String => quote!(writer.string(key, value);),
                TypeRef::Boolean
                | TypeRef::Byte
                | TypeRef::Short
                | TypeRef::Integer
                | TypeRef::Long
                | TypeRef::Float
                | TypeRef::Double
                | TypeRef::BigInteger
                | TypeRef::BigDecimal => quote!(writer.value(key, value);),
                TypeRef::Timestamp(format) => {
                    let format =
                        format_tokens(self.service.protocol.codec().timestamp_format(*format));
                    quote!(writer.timestamp(key, value, #format, #field)?;)
                }
                TypeRef::Blob => quote!(writer.blob(key, value.as_ref());),
                // Documents and streams have no query form; validation
                // refuses them in query services' inputs.
                _ => TokenStream::new(),
            },
            Leaf::Enum(_) => quote!(writer.string(key, value.as_str());),
            Leaf::IntEnum(_) => quote!(writer.value(key, &value.as_i32());),
            Leaf::Aggregate(id) => {
                let ser = ser_fn_name(self.service, id);
                quote!(#ser(writer, key, value)?;)
            }
        }
    }

    fn item_at(&mut self, _list: &List<'_>, _flattened: &bool) -> bool {
        false
    }

    fn list(&mut self, list: &List<'_>, flattened: &bool, item: TokenStream) -> TokenStream {
        let ec2 = self.service.protocol == Protocol::Ec2Query;
        let item_name = if *flattened || ec2 {
            quote!(::std::option::Option::None)
        } else {
            let name = list.item_name.unwrap_or("member");
            quote!(::std::option::Option::Some(#name))
        };
        // awsQuery says an empty list is there; ec2Query leaves it out.
        let empty = (!ec2).then(|| {
            quote! {
                if value.is_empty() {
                    writer.empty(key);
                }
            }
        });
        let unwrap = skip_none(list.sparse);
        quote! {
            #empty
            let list_key = key;
            for (index, value) in value.iter().enumerate() {
                #unwrap
                let key = &::lean_runtime::query::item_key(list_key, #item_name, index);
                #item
            }
        }
    }

    fn value_at(&mut self, _map: &Map<'_>, _flattened: &bool) -> bool {
        false
    }

    fn map(&mut self, map: &Map<'_>, flattened: &bool, item: TokenStream) -> TokenStream {
        let (key_name, value_name) = map.entry_names();
        let entry = if *flattened {
            quote!(::std::option::Option::None)
        } else {
            quote!(::std::option::Option::Some("entry"))
        };
        let unwrap = skip_none(map.sparse);
        quote! {
            let map_key = key;
            for (index, (entry_key, value)) in ::lean_runtime::query::sorted_entries(value).into_iter().enumerate() {
                let entry = ::lean_runtime::query::item_key(map_key, #entry, index);
                writer.string(&::lean_runtime::query::key(&entry, #key_name), entry_key.as_ref());
                #unwrap
                let key = &::lean_runtime::query::key(&entry, #value_name);
                #item
            }
        }
    }
}

/// For a sparse collection: skips a `None` item.
fn skip_none(sparse: bool) -> Option<TokenStream> {
    sparse.then(|| {
        quote! {
            let ::std::option::Option::Some(value) = value else {
                continue;
            };
        }
    })
}

/// The function writing a union's one member under `prefix`.
fn union_ser_fn(service: &Service, u: &Union) -> TokenStream {
    let fn_name = ser_fn_name(service, &u.id);
    let path = type_path(service, &u.id);
    let name = u.name.unraw();
    let arms = u.members.iter().map(|m| {
        let variant = m.variant.ident();
        let key_name = &m.query_name;
        let write = value_ser(service, m, &m.ty, m.xml_flattened);
        if m.ty == TypeRef::Unit || write.is_empty() {
            let pattern = if m.ty == TypeRef::Unit {
                quote!(#path::#variant)
            } else {
                quote!(#path::#variant(_))
            };
            return quote!(#pattern => {});
        }
        quote! {
            #path::#variant(value) => {
                let key = &::lean_runtime::query::key(prefix, #key_name);
                #write
            }
        }
    });
    let unknown = format!("cannot serialize the Unknown variant of union {name}");
    quote! {
        pub(crate) fn #fn_name(
            writer: &mut ::lean_runtime::query::QueryWriter,
            prefix: &str,
            input: &#path,
        ) -> ::std::result::Result<(), ::lean_runtime::error::BuildError> {
            match input {
                #(#arms)*
                #path::Unknown => {
                    return ::std::result::Result::Err(::lean_runtime::error::BuildError::other(#unknown));
                }
            }
            ::std::result::Result::Ok(())
        }
    }
}
