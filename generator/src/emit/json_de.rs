//! awsJson response and error deserializers.
//!
//! Reading is forgiving where the protocol asks clients to be: unknown
//! members are skipped, `null` means absent, an enum value the client does
//! not know is kept, and a required member the service left out gets its
//! zero value instead of failing the call (client error correction). A body
//! that is not JSON, or has a value of the wrong type, is a typed error.

use super::correction::{finish_member, zero_fn, zero_member, zeroed_structures};
use super::json_ser::{body_format, format_tokens};
use super::paths::type_path;
use super::walk::{self, Leaf, List, Map, Visitor};
use crate::ir::{Member, Service, StructKind, Structure, TypeDef, TypeRef, Union};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `de_<stem>`: reads a value of the type.
pub fn de_fn_name(service: &Service, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("de_{}", service.helper_stem(id))
}

/// `read_<stem>_error`: an error structure from an error response's body
/// and metadata.
pub fn error_body_fn_name(service: &Service, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("read_{}_error", service.helper_stem(id))
}

/// The whole `protocol/de.rs` module body.
pub fn emit_module(service: &Service) -> TokenStream {
    // Types only sent get a reader too, for the service side of the
    // protocol that tests use; it is compiled only with that feature, as
    // are the zero values only those readers need.
    let zeroed = zeroed_structures(service, |def| def.usage().output);
    let zeroed_service_side = zeroed_structures(service, |_| true);
    let service_side_cfg = super::service_side::cfg();
    let has_service_side = service.service_side;
    let responses = service
        .operations
        .iter()
        .map(|op| crate::protocol::response_fns(service, op));
    let types = service.types.iter().map(|(id, def)| {
        let body = match def {
            TypeDef::Structure(s) => {
                let de = struct_de_fn(service, s);
                let error = matches!(s.kind, StructKind::Error(_)).then(|| error_de_fn(service, s));
                quote!(#de #error)
            }
            TypeDef::Union(u) if u.event_stream => match u.usage.output {
                true => super::event_stream::read_event_impl(service, u),
                false => TokenStream::new(),
            },
            TypeDef::Union(u) => union_de_fn(service, u),
            TypeDef::Enum(_) | TypeDef::IntEnum(_) => TokenStream::new(),
        };
        let body = match (def.usage().output, body.is_empty()) {
            (true, _) | (false, true) => body,
            (false, false) if has_service_side => quote!(#service_side_cfg #body),
            (false, false) => TokenStream::new(),
        };
        let zero = match def {
            TypeDef::Structure(s) if zeroed.contains(id) => zero_fn(service, s),
            TypeDef::Structure(s) if has_service_side && zeroed_service_side.contains(id) => {
                let zero = zero_fn(service, s);
                quote!(#service_side_cfg #zero)
            }
            _ => TokenStream::new(),
        };
        quote!(#body #zero)
    });
    let service_side = has_service_side.then(|| super::service_side::de_fns(service));
    let error_reader = crate::protocol::error_reader(service);
    let exceptions = service
        .operations
        .iter()
        .map(|op| super::event_stream::read_exception_impl(service, op));
    quote! {
        //! Response and error deserializers.

        /// An empty body, or `null` (which some services and emulators send
        /// for operations without output), reads as an empty object.
        fn json_body(body: &[u8]) -> &[u8] {
            if body.trim_ascii().is_empty() || body.trim_ascii() == b"null" {
                b"{}"
            } else {
                body
            }
        }

        #(#responses)*
        #error_reader
        #(#exceptions)*
        #(#types)*
        #service_side
    }
}

fn local(m: &Member) -> proc_macro2::Ident {
    format_ident!("member_{}", m.name.unraw())
}

fn struct_de_fn(service: &Service, s: &Structure) -> TokenStream {
    let fn_name = de_fn_name(service, &s.id);
    let path = type_path(service, &s.id);
    let is_error = matches!(s.kind, StructKind::Error(_));
    let locals = s
        .members
        .iter()
        .filter(|m| m.binding == crate::ir::Binding::Body)
        .map(|m| {
            let local = local(m);
            quote!(let mut #local = ::std::option::Option::None;)
        });
    // Members bound to headers, the status or the payload are set by the
    // protocol's response reader.
    let body_members: Vec<&Member> = s
        .members
        .iter()
        .filter(|m| m.binding == crate::ir::Binding::Body)
        .collect();
    let arms = body_members.iter().map(|m| {
        let local = local(m);
        let wire = &m.json_name;
        // awsJson error bodies spell the message `message` or `Message`.
        let pattern = if is_error && wire.eq_ignore_ascii_case("message") {
            quote!("message" | "Message")
        } else {
            quote!(#wire)
        };
        let read = read_value(service, &m.ty, m.boxed);
        quote! {
            #pattern => {
                if !reader.read_null()? {
                    #local = ::std::option::Option::Some(#read);
                }
            }
        }
    });
    // Members outside the body start absent (or at their zero value); the
    // protocol's response reader sets them.
    let inits = s.members.iter().map(|m| {
        let field = m.name.ident();
        let value = if m.binding == crate::ir::Binding::Body {
            finish_member(service, m, &local(m))
        } else {
            zero_member(service, m)
        };
        quote!(#field: #value,)
    });
    let meta = is_error.then(|| quote!(meta: ::std::default::Default::default(),));
    let reader_ident = quote!(reader);
    let loop_body = if body_members.is_empty() {
        quote! {
            while reader.next_key()?.is_some() {
                reader.skip_value()?;
            }
        }
    } else {
        quote! {
            while let ::std::option::Option::Some(key) = reader.next_key()? {
                match key.as_ref() {
                    #(#arms)*
                    _ => reader.skip_value()?,
                }
            }
        }
    };
    quote! {
        pub(crate) fn #fn_name(
            #reader_ident: &mut ::lean_runtime::json::JsonReader<'_>,
        ) -> ::std::result::Result<#path, ::lean_runtime::error::DeserializeError> {
            #(#locals)*
            reader.begin_object()?;
            #loop_body
            ::std::result::Result::Ok(#path {
                #(#inits)*
                #meta
            })
        }
    }
}

fn error_de_fn(service: &Service, s: &Structure) -> TokenStream {
    let de = de_fn_name(service, &s.id);
    let fn_name = error_body_fn_name(service, &s.id);
    let path = type_path(service, &s.id);
    let bound = crate::protocol::read_bound_members(service, s, &quote!(error));
    let message_fix = super::correction::message_fix(s);
    quote! {
        pub(crate) fn #fn_name(
            response: &::lean_runtime::operation::HttpResponse,
            meta: ::lean_runtime::error::ErrorMetadata,
        ) -> ::std::result::Result<#path, ::lean_runtime::error::DeserializeError> {
            let mut reader = ::lean_runtime::json::JsonReader::new(json_body(response.body()));
            let mut error = #de(&mut reader)?;
            reader.finish()?;
            #bound
            #message_fix
            error.meta = meta;
            ::std::result::Result::Ok(error)
        }
    }
}

/// An expression reading one value of type `ty` (the reader is `reader`),
/// boxed for a boxed member.
fn read_value(service: &Service, ty: &TypeRef, boxed: bool) -> TokenStream {
    let value = walk::walk(service, ty, &(), &mut ValueReader { service });
    if boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    }
}

/// Expressions reading values from `reader`, wherever they are: a JSON
/// value is read where the reader stands.
struct ValueReader<'a> {
    service: &'a Service,
}

impl Visitor for ValueReader<'_> {
    type At = ();
    type Out = TokenStream;

    fn leaf(&mut self, leaf: Leaf<'_>, _at: &()) -> TokenStream {
        let ty = match leaf {
            Leaf::Simple(ty) => ty,
            Leaf::Enum(id) => {
                let path = type_path(self.service, id);
                return quote!(#path::from(reader.read_string()?.as_ref()));
            }
            Leaf::IntEnum(id) => {
                let path = type_path(self.service, id);
                return quote!(#path::from(reader.read_i32()?));
            }
            Leaf::Aggregate(id) => {
                let de = de_fn_name(self.service, id);
                return quote!(#de(reader)?);
            }
        };
        match ty {
            TypeRef::String => quote!(reader.read_string()?.into_owned()),
            TypeRef::Boolean => quote!(reader.read_bool()?),
            TypeRef::Byte => quote!(reader.read_i8()?),
            TypeRef::Short => quote!(reader.read_i16()?),
            TypeRef::Integer => quote!(reader.read_i32()?),
            TypeRef::Long => quote!(reader.read_i64()?),
            TypeRef::Float => quote!(reader.read_f32()?),
            TypeRef::Double => quote!(reader.read_f64()?),
            TypeRef::BigInteger => quote!(reader.read_big_integer()?),
            TypeRef::BigDecimal => quote!(reader.read_big_decimal()?),
            TypeRef::Timestamp(format) => {
                let format = format_tokens(body_format(*format));
                quote!(reader.read_timestamp(#format)?)
            }
            TypeRef::Blob => quote!(reader.read_blob()?),
            // A stream is a whole body, never a JSON value (lowering sees to it).
            TypeRef::ByteStream => quote!({
                reader.skip_value()?;
                ::lean_runtime::byte_stream::ByteStream::default()
            }),
            TypeRef::EventStream { .. } => quote!({
                reader.skip_value()?;
                ::std::default::Default::default()
            }),
            TypeRef::Document => quote!(reader.read_document()?),
            // Unit: the value is skipped.
            _ => quote!({
                reader.skip_value()?;
            }),
        }
    }

    fn item_at(&mut self, _list: &List<'_>, _at: &()) {}

    fn list(&mut self, list: &List<'_>, _at: &(), item: TokenStream) -> TokenStream {
        let push = if list.sparse {
            quote! {
                if reader.read_null()? {
                    items.push(::std::option::Option::None);
                } else {
                    items.push(::std::option::Option::Some(#item));
                }
            }
        } else if matches!(list.item, TypeRef::Document) {
            // `null` is a document value like any other.
            quote!(items.push(#item);)
        } else {
            // A null in a dense list carries nothing: skip it.
            quote! {
                if !reader.read_null()? {
                    items.push(#item);
                }
            }
        };
        quote!({
            let mut items = ::std::vec::Vec::new();
            reader.begin_array()?;
            while reader.next_element()? {
                #push
            }
            items
        })
    }

    fn value_at(&mut self, _map: &Map<'_>, _at: &()) {}

    fn map(&mut self, map: &Map<'_>, _at: &(), value: TokenStream) -> TokenStream {
        let key_expr = match map.key {
            TypeRef::Named(id) => {
                let path = type_path(self.service, id);
                quote!(#path::from(map_key.as_ref()))
            }
            _ => quote!(map_key.into_owned()),
        };
        let insert = if map.sparse {
            quote! {
                if reader.read_null()? {
                    map.insert(#key_expr, ::std::option::Option::None);
                } else {
                    map.insert(#key_expr, ::std::option::Option::Some(#value));
                }
            }
        } else if matches!(map.value, TypeRef::Document) {
            // `null` is a document value like any other.
            quote!(map.insert(#key_expr, #value);)
        } else {
            quote! {
                if !reader.read_null()? {
                    let map_value = #value;
                    map.insert(#key_expr, map_value);
                }
            }
        };
        quote!({
            let mut map = ::std::collections::HashMap::new();
            reader.begin_object()?;
            while let ::std::option::Option::Some(map_key) = reader.next_key()? {
                #insert
            }
            map
        })
    }
}

fn union_de_fn(service: &Service, u: &Union) -> TokenStream {
    let fn_name = de_fn_name(service, &u.id);
    let path = type_path(service, &u.id);
    let name = u.name.unraw();
    let arms = u.members.iter().map(|m| {
        let variant = m.variant.ident();
        let wire = &m.json_name;
        match &m.ty {
            TypeRef::Unit => quote! {
                #wire => {
                    reader.skip_value()?;
                    #path::#variant
                }
            },
            ty => {
                let read = read_value(service, ty, m.boxed);
                quote!(#wire => #path::#variant(#read),)
            }
        }
    });
    let several = format!("union {name} has more than one member set");
    let none = format!("union {name} has no member set");
    quote! {
        pub(crate) fn #fn_name(
            reader: &mut ::lean_runtime::json::JsonReader<'_>,
        ) -> ::std::result::Result<#path, ::lean_runtime::error::DeserializeError> {
            let mut value = ::std::option::Option::None;
            reader.begin_object()?;
            while let ::std::option::Option::Some(key) = reader.next_key()? {
                if reader.read_null()? {
                    continue;
                }
                let variant = match key.as_ref() {
                    // Some services name the union's type; it carries no data.
                    "__type" => {
                        reader.skip_value()?;
                        continue;
                    }
                    #(#arms)*
                    _ => {
                        reader.skip_value()?;
                        #path::Unknown
                    }
                };
                if value.is_some() {
                    return ::std::result::Result::Err(::lean_runtime::error::DeserializeError::custom(#several));
                }
                value = ::std::option::Option::Some(variant);
            }
            value.ok_or_else(|| ::lean_runtime::error::DeserializeError::custom(#none))
        }
    }
}
