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
use quote::{ToTokens, format_ident, quote};

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

        use ::lean_runtime::error::DeserializeError;
        use ::lean_runtime::json::JsonReader;

        #(#responses)*
        #error_reader
        #(#exceptions)*
        #(#types)*
        #service_side
    }
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
            let local = m.reader_local.ident();
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
        let local = m.reader_local.ident();
        let wire = &m.json_name;
        // awsJson error bodies spell the message `message` or `Message`.
        let pattern = if is_error && wire.eq_ignore_ascii_case("message") {
            quote!("message" | "Message")
        } else {
            quote!(#wire)
        };
        if !m.boxed && super::json_ser::is_json_value(&m.ty) {
            return quote!(#pattern => #local = reader.read_optional()?,);
        }
        let read = optional_read(service, &m.ty, m.boxed);
        quote!(#pattern => #local = reader.optional(#read)?,)
    });
    // Members outside the body start absent (or at their zero value); the
    // protocol's response reader sets them.
    let inits = s.members.iter().map(|m| {
        let field = m.name.ident();
        let value = if m.binding == crate::ir::Binding::Body {
            finish_member(service, m, &m.reader_local.ident())
        } else {
            zero_member(service, m)
        };
        // A local of the field's name is written once (`name,`).
        let local_as_is = m.binding == crate::ir::Binding::Body
            && m.optional
            && m.reader_local.as_str() == m.name.as_str();
        if local_as_is {
            quote!(#field,)
        } else {
            quote!(#field: #value,)
        }
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
            #reader_ident: &mut JsonReader<'_>,
        ) -> ::std::result::Result<#path, DeserializeError> {
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
            let mut reader = ::lean_runtime::json::JsonReader::new(::lean_runtime::json::body(response.body()));
            let mut error = #de(&mut reader)?;
            reader.finish()?;
            #bound
            #message_fix
            error.meta = meta;
            ::std::result::Result::Ok(error)
        }
    }
}

/// What reads an optional member's value once it is not `null`: a
/// function such as `JsonReader::read_owned_string` or `de_tag`, or a
/// closure over `reader`.
fn optional_read(service: &Service, ty: &TypeRef, boxed: bool) -> TokenStream {
    read(service, ty, boxed).function()
}

/// An expression reading one value of type `ty` from `reader` into a
/// `Result`, boxed for a boxed member.
fn read_value(service: &Service, ty: &TypeRef, boxed: bool) -> TokenStream {
    read(service, ty, boxed).expr()
}

fn read(service: &Service, ty: &TypeRef, boxed: bool) -> Read {
    let read = walk::walk(service, ty, &(), &mut ValueReader { service });
    if boxed {
        let expr = read.expr();
        Read::Expr(quote!(#expr.map(::std::boxed::Box::new)))
    } else {
        read
    }
}

/// How a value is read: by a method of the reader that takes nothing
/// else, by a generated reader function, or by an expression over
/// `reader`. The first two can be passed as they are wherever a function
/// reading a value is wanted (an optional member, a list's items).
enum Read {
    Method(proc_macro2::Ident),
    Function(proc_macro2::Ident),
    Expr(TokenStream),
}

impl Read {
    fn method(name: &str) -> Self {
        Read::Method(format_ident!("{name}"))
    }

    /// The value, as a `Result`.
    fn expr(&self) -> TokenStream {
        match self {
            Read::Method(m) => quote!(reader.#m()),
            Read::Function(f) => quote!(#f(reader)),
            Read::Expr(e) => e.clone(),
        }
    }

    /// A function from the reader to the value's `Result`.
    fn function(&self) -> TokenStream {
        match self {
            Read::Method(m) => quote!(JsonReader::#m),
            Read::Function(f) => f.to_token_stream(),
            Read::Expr(e) => quote!(|reader| #e),
        }
    }
}

/// How values are read from `reader`, wherever they are: a JSON value is
/// read where the reader stands, lists and maps by the runtime's
/// combinators.
struct ValueReader<'a> {
    service: &'a Service,
}

impl Visitor for ValueReader<'_> {
    type At = ();
    type Out = Read;

    fn leaf(&mut self, leaf: Leaf<'_>, _at: &()) -> Read {
        let ty = match leaf {
            Leaf::Simple(ty) => ty,
            Leaf::Enum(_) => return Read::method("read_enum"),
            Leaf::IntEnum(_) => return Read::method("read_int_enum"),
            Leaf::Aggregate(id) => return Read::Function(de_fn_name(self.service, id)),
        };
        match ty {
            TypeRef::String => Read::method("read_owned_string"),
            TypeRef::Boolean => Read::method("read_bool"),
            TypeRef::Byte => Read::method("read_i8"),
            TypeRef::Short => Read::method("read_i16"),
            TypeRef::Integer => Read::method("read_i32"),
            TypeRef::Long => Read::method("read_i64"),
            TypeRef::Float => Read::method("read_f32"),
            TypeRef::Double => Read::method("read_f64"),
            TypeRef::BigInteger => Read::method("read_big_integer"),
            TypeRef::BigDecimal => Read::method("read_big_decimal"),
            TypeRef::Timestamp(format) => match body_format(*format) {
                crate::model::traits::TimestampFormat::EpochSeconds => {
                    Read::method("read_epoch_seconds")
                }
                other => {
                    let format = format_tokens(other);
                    Read::Expr(quote!(reader.read_timestamp(#format)))
                }
            },
            TypeRef::Blob => Read::method("read_blob"),
            // A stream is a whole body, never a JSON value (lowering sees to it).
            TypeRef::ByteStream | TypeRef::EventStream { .. } => Read::Expr(quote!(
                reader
                    .skip_value()
                    .map(|()| ::std::default::Default::default())
            )),
            TypeRef::Document => Read::method("read_document"),
            // Unit: the value is skipped.
            _ => Read::method("skip_value"),
        }
    }

    fn item_at(&mut self, _list: &List<'_>, _at: &()) {}

    fn list(&mut self, list: &List<'_>, _at: &(), item: Read) -> Read {
        let item = item.function();
        Read::Expr(if list.sparse {
            quote!(reader.read_list_with_nulls(|reader| reader.optional(#item)))
        } else if matches!(list.item, TypeRef::Document) {
            // `null` is a document value like any other.
            quote!(reader.read_list_with_nulls(#item))
        } else {
            // A null in a dense list carries nothing: it is skipped.
            quote!(reader.read_list(#item))
        })
    }

    fn value_at(&mut self, _map: &Map<'_>, _at: &()) {}

    fn map(&mut self, map: &Map<'_>, _at: &(), value: Read) -> Read {
        let value = value.function();
        Read::Expr(if map.sparse {
            quote!(reader.read_map_with_nulls(|reader| reader.optional(#value)))
        } else if matches!(map.value, TypeRef::Document) {
            quote!(reader.read_map_with_nulls(#value))
        } else {
            quote!(reader.read_map(#value))
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
                quote!(#wire => #path::#variant(#read?),)
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
