//! The XML codec's reading half (awsQuery and ec2Query responses now,
//! restXml next): one function per structure or union that travels in
//! responses reads it from its element with `lean_runtime::xml::XmlReader`.
//!
//! Reading is as forgiving as for JSON: unknown elements are skipped, an
//! enum value the client does not know is kept, and a required member the
//! service left out gets its zero value (see `correction`). Members are
//! matched by `@xmlName`; `@xmlAttribute` members come from the start tag;
//! an `@xmlFlattened` list or map repeats the member's own element for
//! each item or entry.

use super::correction::{finish_member, message_fix, zero_fn, zero_member, zeroed_structures};
use super::json_de::{de_fn_name, error_body_fn_name};
use super::json_ser::format_tokens;
use super::paths::type_path;
use super::walk::{self, Leaf, List, Map, Visitor};
use crate::ir::{Member, Service, StructKind, Structure, TypeDef, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `protocol/de.rs` module body.
pub fn emit_module(service: &Service) -> TokenStream {
    let zeroed = zeroed_structures(service, |def| def.usage().output);
    let responses = service
        .operations
        .iter()
        .map(|op| crate::protocol::response_fns(service, op));
    let types = service
        .types
        .iter()
        .filter(|(_, def)| def.usage().output)
        .map(|(id, def)| {
            let body = match def {
                TypeDef::Structure(s) => {
                    let de = struct_de_fn(service, s);
                    let error =
                        matches!(s.kind, StructKind::Error(_)).then(|| error_de_fn(service, s));
                    quote!(#de #error)
                }
                TypeDef::Union(u) if u.event_stream => {
                    super::event_stream::read_event_impl(service, u)
                }
                TypeDef::Union(u) => union_de_fn(service, u),
                TypeDef::Enum(_) | TypeDef::IntEnum(_) => TokenStream::new(),
            };
            let zero = match def {
                TypeDef::Structure(s) if zeroed.contains(id) => zero_fn(service, s),
                _ => TokenStream::new(),
            };
            quote!(#body #zero)
        });
    let error_reader = crate::protocol::error_reader(service);
    let exceptions = service
        .operations
        .iter()
        .map(|op| super::event_stream::read_exception_impl(service, op));
    quote! {
        //! Response and error deserializers.

        #(#responses)*
        #error_reader
        #(#exceptions)*
        #(#types)*
    }
}

/// How a value is read.
enum Read {
    /// A generated reader, called with the reader and the start tag.
    Fn(proc_macro2::Ident),
    /// An expression that is a `Result` (a call not needing the start tag).
    Result(TokenStream),
    /// A value built with `?` inside.
    Value(TokenStream),
}

impl Read {
    /// The value, with `?` applied.
    fn value(self) -> TokenStream {
        match self {
            Self::Fn(de) => quote!(#de(reader, &start)?),
            Self::Result(call) => quote!(#call?),
            Self::Value(value) => value,
        }
    }

    /// A closure (or function) for `xml::read_list` and friends; `sparse`
    /// wraps each value in `Some`.
    fn reader_fn(self, sparse: bool) -> TokenStream {
        let wrap = |value: TokenStream| {
            if sparse {
                quote!(::std::option::Option::Some(#value))
            } else {
                value
            }
        };
        match self {
            // Passed as it is (clippy's `redundant_closure`).
            Self::Fn(de) if !sparse => quote!(#de),
            Self::Fn(de) => {
                let value = wrap(quote!(#de(reader, start)?));
                quote!(|reader, start| ::std::result::Result::Ok(#value))
            }
            Self::Result(call) if !sparse => quote!(|reader, _| #call),
            Self::Result(call) => {
                let value = wrap(quote!(#call?));
                quote!(|reader, _| ::std::result::Result::Ok(#value))
            }
            Self::Value(value) => {
                let value = wrap(value);
                quote!(|reader, _| ::std::result::Result::Ok(#value))
            }
        }
    }
}

/// Reads one value of type `ty` from the element just started (`start`,
/// an `&XmlStart`), through its end tag.
fn read_value(service: &Service, ty: &TypeRef) -> Read {
    walk::walk(service, ty, &(), &mut ElementReader { service })
}

/// How each value is read from its element: where the reader stands.
struct ElementReader<'a> {
    service: &'a Service,
}

impl Visitor for ElementReader<'_> {
    type At = ();
    type Out = Read;

    fn leaf(&mut self, leaf: Leaf<'_>, _at: &()) -> Read {
        let service = self.service;
        let scalar =
            |what: &str, t: TokenStream| Read::Result(quote!(reader.read_value::<#t>(#what)));
        let ty = match leaf {
            Leaf::Simple(ty) => ty,
            Leaf::Enum(id) => {
                let path = type_path(service, id);
                return Read::Value(quote!(#path::from(reader.read_text()?.as_ref())));
            }
            Leaf::IntEnum(id) => {
                let path = type_path(service, id);
                return Read::Value(quote!(#path::from(reader.read_value::<i32>("an integer")?)));
            }
            Leaf::Aggregate(id) => return Read::Fn(de_fn_name(service, id)),
        };
        match ty {
            TypeRef::String => Read::Result(quote!(reader.read_string())),
            TypeRef::Boolean => scalar("a boolean", quote!(bool)),
            TypeRef::Byte => scalar("an integer", quote!(i8)),
            TypeRef::Short => scalar("an integer", quote!(i16)),
            TypeRef::Integer => scalar("an integer", quote!(i32)),
            TypeRef::Long => scalar("an integer", quote!(i64)),
            TypeRef::Float => scalar("a number", quote!(f32)),
            TypeRef::Double => scalar("a number", quote!(f64)),
            TypeRef::BigInteger => {
                scalar("an integer", quote!(::lean_runtime::primitives::BigInteger))
            }
            TypeRef::BigDecimal => {
                scalar("a number", quote!(::lean_runtime::primitives::BigDecimal))
            }
            TypeRef::Timestamp(format) => {
                let format = format_tokens(service.protocol.codec().timestamp_format(*format));
                Read::Result(quote!(reader.read_timestamp(#format)))
            }
            TypeRef::Blob => Read::Result(quote!(reader.read_blob())),
            // XML bodies carry no documents; a stream is a whole body.
            TypeRef::Document => Read::Value(quote!({
                reader.skip()?;
                ::lean_runtime::Document::Null
            })),
            TypeRef::ByteStream => Read::Value(quote!({
                reader.skip()?;
                ::lean_runtime::byte_stream::ByteStream::default()
            })),
            TypeRef::EventStream { .. } => Read::Value(quote!({
                reader.skip()?;
                ::std::default::Default::default()
            })),
            // Unit.
            _ => Read::Result(quote!(reader.skip())),
        }
    }

    fn item_at(&mut self, _list: &List<'_>, _at: &()) {}

    fn list(&mut self, list: &List<'_>, _at: &(), item: Read) -> Read {
        let item_name = list.item_name.unwrap_or("member");
        let read = item.reader_fn(list.sparse);
        Read::Result(quote!(::lean_runtime::xml::read_list(reader, #item_name, #read)))
    }

    fn value_at(&mut self, _map: &Map<'_>, _at: &()) {}

    fn map(&mut self, map: &Map<'_>, _at: &(), value: Read) -> Read {
        let (key_name, value_name) = map.entry_names();
        let read = value.reader_fn(map.sparse);
        Read::Result(quote!(::lean_runtime::xml::read_map(reader, #key_name, #value_name, #read)))
    }
}

/// An expression reading one value of member `m`'s type from the element
/// `start` (an `XmlStart`, with `reader` positioned after it), through its
/// end tag, `?` inside; and whether it reads `start` at all.
pub fn member_value(service: &Service, m: &Member) -> (TokenStream, bool) {
    let read = read_value(service, &m.ty);
    let uses_start = matches!(read, Read::Fn(_));
    (read.value(), uses_start)
}

/// The match arm reading member `m` from the child element `start`.
fn member_arm(service: &Service, m: &Member) -> TokenStream {
    let local = m.reader_local.ident();
    let name = &m.xml_name;
    let boxed = |value: TokenStream| {
        if m.boxed {
            quote!(::std::boxed::Box::new(#value))
        } else {
            value
        }
    };
    match (&m.ty, m.xml_flattened) {
        (TypeRef::List { member, sparse, .. }, true) => {
            let item = read_value(service, member).value();
            let item = if *sparse {
                quote!(::std::option::Option::Some(#item))
            } else {
                item
            };
            quote! {
                #name => #local.get_or_insert_with(::std::vec::Vec::new).push(#item),
            }
        }
        (
            TypeRef::Map {
                value,
                sparse,
                entry_names,
                ..
            },
            true,
        ) => {
            let (key_name, value_name) = crate::ir::map_entry_names(entry_names);
            let read = read_value(service, value).reader_fn(*sparse);
            quote! {
                #name => {
                    if let ::std::option::Option::Some((key, value)) =
                        ::lean_runtime::xml::read_entry(reader, #key_name, #value_name, #read)?
                    {
                        #local.get_or_insert_with(::std::collections::HashMap::new).insert(key, value);
                    }
                }
            }
        }
        (ty, _) => {
            let value = boxed(read_value(service, ty).value());
            quote!(#name => #local = ::std::option::Option::Some(#value),)
        }
    }
}

/// Reads an `@xmlAttribute` member from `element` (the structure's start).
fn attribute_read(service: &Service, m: &Member) -> TokenStream {
    let local = m.reader_local.ident();
    let name = &m.xml_name;
    let field = m.name.unraw();
    let parse = match &m.ty {
        TypeRef::String => quote!(::std::option::Option::Some(text)),
        TypeRef::Timestamp(format) => {
            let format = format_tokens(service.protocol.codec().timestamp_format(*format));
            quote!(::lean_runtime::DateTime::from_str(&text, #format).ok())
        }
        TypeRef::Named(id) => {
            let path = type_path(service, id);
            match service.type_def(id) {
                Some(TypeDef::Enum(_)) => {
                    quote!(::std::option::Option::Some(#path::from(text.as_str())))
                }
                Some(TypeDef::IntEnum(_)) => quote!(
                    <i32 as ::lean_runtime::http_binding::FromWire>::from_wire(&text).map(#path::from)
                ),
                _ => quote!(::std::option::Option::None),
            }
        }
        _ => quote!(::lean_runtime::http_binding::FromWire::from_wire(&text)),
    };
    let invalid = format!("attribute `{name}` of `{field}` has an invalid value");
    quote! {
        if let ::std::option::Option::Some(text) = element.attribute(#name)? {
            #local = ::std::option::Option::Some(
                (#parse).ok_or_else(|| ::lean_runtime::error::DeserializeError::custom(#invalid))?,
            );
        }
    }
}

/// `de_<stem>`: reads a structure from its element, which `element` has
/// just started.
fn struct_de_fn(service: &Service, s: &Structure) -> TokenStream {
    let fn_name = de_fn_name(service, &s.id);
    let path = type_path(service, &s.id);
    let body_members: Vec<&Member> = s
        .members
        .iter()
        .filter(|m| m.binding == crate::ir::Binding::Body)
        .collect();
    let locals = body_members.iter().map(|m| {
        let local = m.reader_local.ident();
        quote!(let mut #local = ::std::option::Option::None;)
    });
    let attributes: Vec<TokenStream> = body_members
        .iter()
        .filter(|m| m.xml_attribute)
        .map(|m| attribute_read(service, m))
        .collect();
    let elements: Vec<&&Member> = body_members.iter().filter(|m| !m.xml_attribute).collect();
    let arms = elements.iter().map(|m| member_arm(service, m));
    let loop_body = if elements.is_empty() {
        quote! {
            while reader.next_child()?.is_some() {
                reader.skip()?;
            }
        }
    } else {
        quote! {
            while let ::std::option::Option::Some(start) = reader.next_child()? {
                match start.name() {
                    #(#arms)*
                    _ => reader.skip()?,
                }
            }
        }
    };
    // Members outside the body start absent (or at their zero value); the
    // protocol's response reader sets them.
    let inits = s.members.iter().map(|m| {
        let field = m.name.ident();
        let value = if m.binding == crate::ir::Binding::Body {
            finish_member(service, m, &m.reader_local.ident())
        } else {
            zero_member(service, m)
        };
        quote!(#field: #value,)
    });
    let meta = matches!(s.kind, StructKind::Error(_))
        .then(|| quote!(meta: ::std::default::Default::default(),));
    let element = if attributes.is_empty() {
        quote!(_element)
    } else {
        quote!(element)
    };
    quote! {
        pub(crate) fn #fn_name(
            reader: &mut ::lean_runtime::xml::XmlReader<'_>,
            #element: &::lean_runtime::xml::XmlStart<'_>,
        ) -> ::std::result::Result<#path, ::lean_runtime::error::DeserializeError> {
            #(#locals)*
            #(#attributes)*
            #loop_body
            ::std::result::Result::Ok(#path {
                #(#inits)*
                #meta
            })
        }
    }
}

/// `read_<stem>_error`: an error structure from the `<Error>` element of
/// an error response, with its metadata.
fn error_de_fn(service: &Service, s: &Structure) -> TokenStream {
    let de = de_fn_name(service, &s.id);
    let fn_name = error_body_fn_name(service, &s.id);
    let path = type_path(service, &s.id);
    let bound = crate::protocol::read_bound_members(service, s, &quote!(error));
    let message_fix = message_fix(s);
    quote! {
        pub(crate) fn #fn_name(
            response: &::lean_runtime::operation::HttpResponse,
            meta: ::lean_runtime::error::ErrorMetadata,
        ) -> ::std::result::Result<#path, ::lean_runtime::error::DeserializeError> {
            let (mut reader, start) = ::lean_runtime::xml::error_element(response.body())?;
            let mut error = #de(&mut reader, &start)?;
            #bound
            #message_fix
            error.meta = meta;
            ::std::result::Result::Ok(error)
        }
    }
}

/// `de_<stem>` for a union: exactly one known child element.
fn union_de_fn(service: &Service, u: &Union) -> TokenStream {
    let fn_name = de_fn_name(service, &u.id);
    let path = type_path(service, &u.id);
    let name = u.name.unraw();
    let arms = u.members.iter().map(|m| {
        let variant = m.variant.ident();
        let wire = &m.xml_name;
        match &m.ty {
            TypeRef::Unit => quote! {
                #wire => {
                    reader.skip()?;
                    #path::#variant
                }
            },
            ty => {
                let read = read_value(service, ty).value();
                let read = if m.boxed {
                    quote!(::std::boxed::Box::new(#read))
                } else {
                    read
                };
                quote!(#wire => #path::#variant(#read),)
            }
        }
    });
    let several = format!("union {name} has more than one member set");
    let none = format!("union {name} has no member set");
    quote! {
        pub(crate) fn #fn_name(
            reader: &mut ::lean_runtime::xml::XmlReader<'_>,
            _element: &::lean_runtime::xml::XmlStart<'_>,
        ) -> ::std::result::Result<#path, ::lean_runtime::error::DeserializeError> {
            let mut value = ::std::option::Option::None;
            while let ::std::option::Option::Some(start) = reader.next_child()? {
                let variant = match start.name() {
                    #(#arms)*
                    _ => {
                        reader.skip()?;
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
