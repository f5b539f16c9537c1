//! The JSON body codec's writing half: one function per structure or
//! union that travels in requests writes its body members into a JSON
//! object, whatever the protocol; the protocol module frames them into a
//! request (see `crate::protocol`). Values are written through the shared
//! walk (`emit::walk`); the CLI's printer (`emit::cli_print`) reuses the
//! JSON forms of leaves and collections. Client-side validation is
//! `emit::validate`'s.

use super::paths::type_path;
use super::walk::{self, Leaf, List, Map, Visitor};
use crate::ir::{Binding, Member, Service, Structure, TypeDef, TypeRef, Union};
use crate::model::ShapeId;
use crate::model::traits::TimestampFormat;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `ser_<stem>` for a named type.
pub fn ser_fn_name(service: &Service, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("ser_{}", service.helper_stem(id))
}

/// The format of a timestamp in a JSON body: the model's, else epoch
/// seconds (every JSON protocol's default).
pub fn body_format(format: Option<TimestampFormat>) -> TimestampFormat {
    crate::protocol::Protocol::body_timestamp_format(format)
}

/// Timestamp format tokens for `lean_runtime::datetime::Format`.
pub fn format_tokens(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::EpochSeconds => quote!(::lean_runtime::datetime::Format::EpochSeconds),
        TimestampFormat::DateTime => quote!(::lean_runtime::datetime::Format::DateTime),
        TimestampFormat::HttpDate => quote!(::lean_runtime::datetime::Format::HttpDate),
    }
}

/// Whether values of `ty` have the runtime's one JSON form
/// (`lean_runtime::json::JsonValue`), so a member is written by
/// `object.optional(..)` / `object.member(..)` and read by
/// `reader.read_optional()`: strings, booleans, numbers, blobs, documents
/// and epoch-seconds timestamps.
pub fn is_json_value(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Boolean
        | TypeRef::Byte
        | TypeRef::Short
        | TypeRef::Integer
        | TypeRef::Long
        | TypeRef::Float
        | TypeRef::Double
        | TypeRef::BigInteger
        | TypeRef::BigDecimal
        | TypeRef::Blob
        | TypeRef::Document => true,
        TypeRef::Timestamp(format) => body_format(*format) == TimestampFormat::EpochSeconds,
        _ => false,
    }
}

/// The whole `protocol/ser.rs` module body.
pub fn emit_module(service: &Service) -> TokenStream {
    let needs_validation = super::validate::validated_types(service);
    let requests = service
        .operations
        .iter()
        .map(|op| crate::protocol::request_fn(service, op, &needs_validation));
    // Types only received get a writer too, for the service side of the
    // protocol that tests use; it is compiled only with that feature.
    let has_service_side = service.service_side;
    let service_only = |def: &TypeDef| has_service_side && !def.usage().input && def.usage().output;
    let service_side_types = service
        .types
        .values()
        .filter(|def| service_only(def))
        .map(|def| match def {
            TypeDef::Structure(s) => struct_ser_fn(service, s),
            // The service side writes no events.
            TypeDef::Union(u) if u.event_stream => TokenStream::new(),
            TypeDef::Union(u) => union_ser_fn(service, u),
            TypeDef::Enum(_) | TypeDef::IntEnum(_) => TokenStream::new(),
        })
        .filter(|tokens| !tokens.is_empty())
        .map(|tokens| {
            let cfg = super::service_side::cfg();
            quote!(#cfg #tokens)
        });
    let service_side = has_service_side.then(|| super::service_side::ser_fns(service));
    let types = service
        .types
        .iter()
        .filter(|(_, def)| def.usage().input)
        .map(|(id, def)| match def {
            TypeDef::Structure(s) => {
                let ser = crate::protocol::writes_body_object(service, s)
                    .then(|| struct_ser_fn(service, s));
                let validate = needs_validation
                    .contains(id)
                    .then(|| super::validate::struct_validate_fn(service, s, &needs_validation));
                quote!(#ser #validate)
            }
            TypeDef::Union(u) if u.event_stream => {
                super::event_stream::write_event_impl(service, u, &needs_validation)
            }
            TypeDef::Union(u) => {
                let ser = union_ser_fn(service, u);
                let validate = needs_validation
                    .contains(id)
                    .then(|| super::validate::union_validate_fn(service, u, &needs_validation));
                quote!(#ser #validate)
            }
            TypeDef::Enum(_) | TypeDef::IntEnum(_) => TokenStream::new(),
        });
    quote! {
        //! Request serializers and client-side input validation.

        #(#requests)*
        #(#types)*
        #service_side
        #(#service_side_types)*
    }
}

/// The function writing a structure's members into an object writer.
pub fn struct_ser_fn(service: &Service, s: &Structure) -> TokenStream {
    let fn_name = ser_fn_name(service, &s.id);
    let path = type_path(service, &s.id);
    // Members bound elsewhere (headers, labels, ...) are not in the body,
    // and an event stream is the whole body, never a JSON member.
    let members: Vec<TokenStream> = s
        .members
        .iter()
        .filter(|m| m.binding == Binding::Body && !matches!(m.ty, TypeRef::EventStream { .. }))
        .map(|m| member_ser(service, m))
        .collect();
    let input_ident = if members.is_empty() {
        quote!(_input)
    } else {
        quote!(input)
    };
    let object_ident = if members.is_empty() {
        quote!(_object)
    } else {
        quote!(object)
    };
    quote! {
        pub(crate) fn #fn_name(
            #object_ident: &mut ::lean_runtime::json::JsonObjectWriter<'_>,
            #input_ident: &#path,
        ) -> ::std::result::Result<(), ::lean_runtime::error::BuildError> {
            #(#members)*
            ::std::result::Result::Ok(())
        }
    }
}

fn member_ser(service: &Service, m: &Member) -> TokenStream {
    let field = m.name.ident();
    let key = &m.json_name;
    let write = write_value(
        service,
        &m.ty,
        &At::new(quote!(value), quote!(object.key(#key))),
    );
    if m.idempotency_token && m.optional && m.ty == TypeRef::String {
        // Filled once per operation: retries resend the serialized request,
        // so every attempt carries the same token.
        return quote! {
            match &input.#field {
                ::std::option::Option::Some(value) => object.key(#key).string(value),
                ::std::option::Option::None => object.key(#key).string(&::lean_runtime::uuid::idempotency_token()),
            }
        };
    }
    match (m.optional, is_json_value(&m.ty)) {
        (true, true) => quote!(object.optional(#key, &input.#field);),
        (false, true) => quote!(object.member(#key, &input.#field);),
        (true, false) => quote! {
            if let ::std::option::Option::Some(value) = &input.#field {
                #write
            }
        },
        // Shadowing: each required member's `value` is its own.
        (false, false) => quote! {
            let value = &input.#field;
            #write
        },
    }
}

/// Where a JSON value is written from and to.
pub struct At {
    /// An expression of type `&T` holding the value.
    pub value: TokenStream,
    /// The value writer (a `JsonValueWriter`) to write it with.
    pub writer: TokenStream,
}

impl At {
    /// The value `value` written with `writer`.
    pub fn new(value: TokenStream, writer: TokenStream) -> At {
        At { value, writer }
    }
}

/// Statements writing `at.value` (of type `ty`) with `at.writer`, `?`
/// inside for what cannot be sent.
fn write_value(service: &Service, ty: &TypeRef, at: &At) -> TokenStream {
    walk::walk(service, ty, at, &mut BodyWriter { service })
}

/// The request body's values: timestamps in their modelled format, nested
/// structures and unions through their `ser_*` functions.
struct BodyWriter<'a> {
    service: &'a Service,
}

impl Visitor for BodyWriter<'_> {
    type At = At;
    type Out = TokenStream;

    fn leaf(&mut self, leaf: Leaf<'_>, at: &At) -> TokenStream {
        let At { value, writer: w } = at;
        match leaf {
            Leaf::Simple(TypeRef::Timestamp(format))
                if body_format(*format) == TimestampFormat::EpochSeconds =>
            {
                quote!(#w.epoch_seconds(#value);)
            }
            Leaf::Simple(TypeRef::Timestamp(format)) => {
                // Date strings cannot express years outside 0000-9999.
                let format = format_tokens(body_format(*format));
                quote! {
                    #w.timestamp(#value, #format)
                        .map_err(|e| ::lean_runtime::error::BuildError::other(e.to_string()))?;
                }
            }
            Leaf::Aggregate(id) => {
                let ser = ser_fn_name(self.service, id);
                write_nested(w, quote!(#ser(&mut nested, #value)?;))
            }
            leaf => write_leaf(leaf, at),
        }
    }

    fn item_at(&mut self, list: &List<'_>, at: &At) -> At {
        item_at(list, at)
    }

    fn list(&mut self, list: &List<'_>, at: &At, item: TokenStream) -> TokenStream {
        write_list(list, at, item)
    }

    fn value_at(&mut self, map: &Map<'_>, at: &At) -> At {
        value_at(map, at)
    }

    fn map(&mut self, map: &Map<'_>, at: &At, value: TokenStream) -> TokenStream {
        write_map(map, at, value)
    }
}

/// Statements writing a leaf whose JSON form is the same wherever it is
/// written: strings, booleans, numbers, blobs, documents and enums
/// (timestamps and nested objects are the caller's). Streams are a whole
/// body, never a JSON value (lowering sees to it): nothing.
pub fn write_leaf(leaf: Leaf<'_>, at: &At) -> TokenStream {
    let At { value, writer: w } = at;
    match leaf {
        Leaf::Simple(ty) => match ty {
            TypeRef::String => quote!(#w.string(#value);),
            TypeRef::Boolean => quote!(#w.boolean(*#value);),
            TypeRef::Byte | TypeRef::Short | TypeRef::Integer => {
                quote!(#w.number_i64(::std::convert::Into::into(*#value));)
            }
            TypeRef::Long => quote!(#w.number_i64(*#value);),
            TypeRef::Float => quote!(#w.number_f32(*#value);),
            TypeRef::Double => quote!(#w.number_f64(*#value);),
            TypeRef::BigInteger => quote!(#w.big_integer(#value);),
            TypeRef::BigDecimal => quote!(#w.big_decimal(#value);),
            TypeRef::Blob => quote!(#w.blob(#value.as_ref());),
            TypeRef::Document => quote!(#w.document(#value);),
            TypeRef::Unit => quote!(#w.start_object().finish();),
            _ => TokenStream::new(),
        },
        Leaf::Enum(_) => quote!(#w.string(#value.as_str());),
        Leaf::IntEnum(_) => quote!(#w.number_i64(::std::convert::Into::into(#value.as_i32()));),
        Leaf::Aggregate(_) => TokenStream::new(),
    }
}

/// A nested object opened on writer `w`, filled by `write` (which writes
/// into `nested`), and closed.
pub fn write_nested(w: &TokenStream, write: TokenStream) -> TokenStream {
    quote! {
        let mut nested = #w.start_object();
        #write
        nested.finish();
    }
}

/// Each item of a list is `item`, written with the array's next value.
pub fn item_at(_list: &List<'_>, _at: &At) -> At {
    At::new(quote!(item), quote!(array.value()))
}

/// A JSON array of the list at `at`, `item` writing each item (a sparse
/// list's `None` as `null`).
pub fn write_list(list: &List<'_>, at: &At, item: TokenStream) -> TokenStream {
    let At { value, writer: w } = at;
    let body = if list.sparse {
        quote! {
            match item {
                ::std::option::Option::Some(item) => { #item }
                ::std::option::Option::None => array.value().null(),
            }
        }
    } else {
        item
    };
    quote! {
        let mut array = #w.start_array();
        for item in #value {
            #body
        }
        array.finish();
    }
}

/// Each value of a map is `map_value`, written under its key.
pub fn value_at(_map: &Map<'_>, _at: &At) -> At {
    At::new(quote!(map_value), quote!(map.key(map_key.as_ref())))
}

/// A JSON object of the map at `at`, `value` writing each value (a sparse
/// map's `None` as `null`).
pub fn write_map(map: &Map<'_>, at: &At, value: TokenStream) -> TokenStream {
    let At {
        value: map_expr,
        writer: w,
    } = at;
    let body = if map.sparse {
        quote! {
            match map_value {
                ::std::option::Option::Some(map_value) => { #value }
                ::std::option::Option::None => map.key(map_key.as_ref()).null(),
            }
        }
    } else {
        value
    };
    quote! {
        let mut map = #w.start_object();
        for (map_key, map_value) in #map_expr {
            #body
        }
        map.finish();
    }
}

/// The function writing a union's one member into an object writer.
pub fn union_ser_fn(service: &Service, u: &Union) -> TokenStream {
    let fn_name = ser_fn_name(service, &u.id);
    let path = type_path(service, &u.id);
    let name = u.name.unraw();
    let arms = u.members.iter().map(|m| {
        let variant = m.variant.ident();
        let key = &m.json_name;
        match &m.ty {
            TypeRef::Unit => quote! {
                #path::#variant => { object.key(#key).start_object().finish(); }
            },
            ty => {
                let write = write_value(
                    service,
                    ty,
                    &At::new(quote!(value), quote!(object.key(#key))),
                );
                quote!(#path::#variant(value) => { #write })
            }
        }
    });
    let unknown = format!("cannot serialize the Unknown variant of union {name}");
    quote! {
        pub(crate) fn #fn_name(
            object: &mut ::lean_runtime::json::JsonObjectWriter<'_>,
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
