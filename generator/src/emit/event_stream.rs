//! Event streams: each event of a `@streaming` union as a message and
//! back, and the exceptions a received stream may end with.
//!
//! An event's members travel in its message: `@eventHeader` members as
//! typed headers, an `@eventPayload` member as the whole payload (bytes,
//! text, or a JSON document), and any other members as a JSON object in
//! the payload. Lowering binds them (`Binding::Header`, `Binding::Payload`,
//! `Binding::Body`), so the JSON readers and writers of the event's
//! structure take exactly the payload's members.
//!
//! Payloads are JSON in the JSON protocols and XML in restXml (S3's
//! `SelectObjectContent`), which only receives events; lowering leaves out,
//! saying so, what is not generated.

use super::json_de::de_fn_name;
use super::json_ser::ser_fn_name;
use super::paths::{rust_type, type_path};
use crate::ir::{Binding, Member, Operation, Service, Structure, TypeDef, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime module generated event code calls into.
fn rt() -> TokenStream {
    quote!(::lean_runtime::event_stream)
}

/// The function reading a payload of the protocol's format with a
/// generated reader: `(payload, de_<stem>) -> Result<T, _>`, an empty
/// payload reading as an empty structure.
fn payload_reader(service: &Service) -> TokenStream {
    if service.protocol.codec().reads_xml() {
        quote!(::lean_runtime::xml::read_body)
    } else {
        quote!(::lean_runtime::event_stream::payload_json)
    }
}

/// The structure an event variant carries, if it is one.
fn event_structure<'a>(service: &'a Service, m: &Member) -> Option<&'a Structure> {
    match &m.ty {
        TypeRef::Named(id) => match service.type_def(id) {
            Some(TypeDef::Structure(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// `impl ReadEvent` for a union the client receives.
pub fn read_event_impl(service: &Service, u: &Union) -> TokenStream {
    let rt = rt();
    let path = type_path(service, &u.id);
    let is_exception = |m: &&Member| u.event_errors.iter().any(|(name, _)| *name == m.wire_name);
    // Exceptions arrive as the operation's error, never as events.
    let arms = u.members.iter().filter(|m| !is_exception(m)).map(|m| {
        let event_type = &m.wire_name;
        let variant = m.variant.ident();
        let value = match event_structure(service, m) {
            Some(s) => read_structure(service, s),
            None => quote!(::std::default::Default::default()),
        };
        let value = if m.boxed {
            quote!(::std::boxed::Box::new(#value))
        } else {
            value
        };
        if m.ty == TypeRef::Unit {
            quote!(#event_type => Self::#variant,)
        } else {
            quote!(#event_type => Self::#variant(#value),)
        }
    });
    quote! {
        impl #rt::ReadEvent for #path {
            fn read_event(
                event_type: &str,
                message: &#rt::Message,
            ) -> ::std::result::Result<Self, ::lean_runtime::error::DeserializeError> {
                ::std::result::Result::Ok(match event_type {
                    #(#arms)*
                    _ => Self::Unknown,
                })
            }
        }
    }
}

/// An event structure read from `message`: the payload's members, then
/// its headers.
fn read_structure(service: &Service, s: &Structure) -> TokenStream {
    let de = de_fn_name(service, &s.id);
    let has_body = s.members.iter().any(|m| m.binding == Binding::Body);
    // The payload's JSON members, or, when the payload is one member or
    // nothing, the structure with every member unset.
    let read = payload_reader(service);
    let start = if has_body {
        quote!(#read(message.payload(), #de)?)
    } else {
        quote!(#read(b"", #de)?)
    };
    let members: Vec<&Member> = s
        .members
        .iter()
        .filter(|m| m.binding != Binding::Body)
        .collect();
    if members.is_empty() {
        return start;
    }
    let sets = members.iter().map(|m| {
        let field = m.name.ident();
        let read = match &m.binding {
            Binding::Header(name) => header_read(service, m, name),
            _ => payload_read(service, m),
        };
        let read = if m.boxed {
            quote!(#read.map(::std::boxed::Box::new))
        } else {
            read
        };
        if m.optional {
            quote!(event.#field = #read;)
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = #read {
                    event.#field = value;
                }
            }
        }
    });
    quote! {{
        let mut event = #start;
        #(#sets)*
        event
    }}
}

/// An `Option` of the value of header `name` as member `m`'s type.
fn header_read(service: &Service, m: &Member, name: &str) -> TokenStream {
    let rt = rt();
    match &m.ty {
        TypeRef::Named(id) => {
            let path = type_path(service, id);
            match service.type_def(id) {
                Some(TypeDef::IntEnum(_)) => {
                    quote!(#rt::event_header::<i32>(message, #name)?.map(#path::from))
                }
                _ => quote!(#rt::event_header::<::std::string::String>(message, #name)?
                    .map(|value| #path::from(value.as_str()))),
            }
        }
        ty => {
            let ty = rust_type(service, ty);
            quote!(#rt::event_header::<#ty>(message, #name)?)
        }
    }
}

/// An `Option` of the payload as member `m`'s type.
fn payload_read(service: &Service, m: &Member) -> TokenStream {
    let rt = rt();
    let value = match &m.ty {
        TypeRef::Blob => quote!(::lean_runtime::Blob::new(message.payload().to_vec())),
        TypeRef::String => quote!(#rt::payload_text(message)?),
        TypeRef::Named(id) => match service.type_def(id) {
            Some(TypeDef::Enum(_)) => {
                let path = type_path(service, id);
                quote!(#path::from(#rt::payload_text(message)?.as_str()))
            }
            _ => {
                let de = de_fn_name(service, id);
                let read = payload_reader(service);
                quote!(#read(message.payload(), #de)?)
            }
        },
        _ => quote!(::std::default::Default::default()),
    };
    quote!(::std::option::Option::Some(#value))
}

/// `impl ReadException` for the error enum of an operation that receives
/// an event stream: the modelled errors its unions list, by member name.
pub fn read_exception_impl(service: &Service, op: &Operation) -> TokenStream {
    let rt = rt();
    let Some(output) = service.structure(&op.output) else {
        return TokenStream::new();
    };
    let mut arms = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut receives = false;
    for m in &output.members {
        let TypeRef::EventStream { union, .. } = &m.ty else {
            continue;
        };
        let Some(TypeDef::Union(u)) = service.type_def(union) else {
            continue;
        };
        receives = true;
        for (exception_type, error) in &u.event_errors {
            if !seen.insert(exception_type.clone()) {
                continue;
            }
            let Some(TypeDef::Structure(s)) = service.type_def(error) else {
                continue;
            };
            let variant = s.name.ident();
            let de = de_fn_name(service, error);
            let read = payload_reader(service);
            arms.push(quote! {
                #exception_type => match #read(message.payload(), #de) {
                    ::std::result::Result::Ok(mut error) => {
                        error.meta = meta;
                        Self::#variant(error)
                    }
                    ::std::result::Result::Err(_) => {
                        Self::from(::lean_runtime::error::UnhandledError::new(meta))
                    }
                },
            });
        }
    }
    if !receives {
        return TokenStream::new();
    }
    let module = op.module.ident();
    let error = op.error_name.ident();
    let unhandled = quote!(Self::from(::lean_runtime::error::UnhandledError::new(meta)));
    // A stream that models no exception reads every one as unhandled.
    let (exception_type, message, body) = if arms.is_empty() {
        (quote!(_exception_type), quote!(_message), unhandled)
    } else {
        (
            quote!(exception_type),
            quote!(message),
            quote! {
                match exception_type {
                    #(#arms)*
                    _ => #unhandled,
                }
            },
        )
    };
    quote! {
        impl #rt::ReadException for crate::operation::#module::#error {
            fn read_exception(
                #exception_type: &str,
                #message: &#rt::Message,
                meta: ::lean_runtime::error::ErrorMetadata,
            ) -> Self {
                #body
            }
        }
    }
}

/// `impl WriteEvent` for a union the client sends; events whose structure
/// has constraints (`needs_validation`) are checked before they are
/// written, as inputs are.
pub fn write_event_impl(
    service: &Service,
    u: &Union,
    needs_validation: &std::collections::BTreeSet<crate::model::ShapeId>,
) -> TokenStream {
    let rt = rt();
    let path = type_path(service, &u.id);
    let arms = u.members.iter().map(|m| {
        let event_type = &m.wire_name;
        let variant = m.variant.ident();
        let exception = u.event_errors.iter().any(|(name, _)| *name == m.wire_name);
        match event_structure(service, m) {
            Some(s) if exception => {
                let ser = ser_fn_name(service, &s.id);
                quote! {
                    Self::#variant(error) => ::std::result::Result::Ok(#rt::message_for_exception(
                        #event_type,
                        #rt::json_payload(error, #ser)?,
                    )),
                }
            }
            Some(s) => {
                let write = write_structure(service, event_type, s);
                let validate = needs_validation.contains(&s.id).then(|| {
                    let validate = super::validate::validate_fn_name(service, &s.id);
                    quote!(#validate(event, #event_type)?;)
                });
                quote!(Self::#variant(event) => {
                    #validate
                    #write
                })
            }
            // A unit event is sent as an empty structure would be.
            None if m.ty == TypeRef::Unit => quote! {
                Self::#variant => ::std::result::Result::Ok(#rt::message_for_event(
                    #event_type,
                    ::std::option::Option::Some("application/json"),
                    ::std::vec::Vec::from(*b"{}"),
                )),
            },
            None => quote! {
                Self::#variant(_) => ::std::result::Result::Err(::lean_runtime::error::BuildError::other(
                    ::std::concat!("the `", #event_type, "` event is not a structure, which an event stream cannot send")
                )),
            },
        }
    });
    let unknown = format!("the Unknown variant of {} cannot be sent", u.name.unraw());
    quote! {
        impl #rt::WriteEvent for #path {
            fn write_event(
                &self,
            ) -> ::std::result::Result<#rt::Message, ::lean_runtime::error::BuildError> {
                match self {
                    #(#arms)*
                    Self::Unknown => ::std::result::Result::Err(
                        ::lean_runtime::error::BuildError::other(#unknown)
                    ),
                }
            }
        }
    }
}

/// The message of event structure `s` (bound to `event`).
fn write_structure(service: &Service, event_type: &str, s: &Structure) -> TokenStream {
    let rt = rt();
    let payload_member = s.members.iter().find(|m| m.binding == Binding::Payload);
    let has_body = s.members.iter().any(|m| m.binding == Binding::Body);
    let has_headers = s
        .members
        .iter()
        .any(|m| matches!(m.binding, Binding::Header(_)));
    let none = quote!(::std::option::Option::None);
    let (content_type, payload) = match payload_member {
        Some(m) => payload_write(service, m),
        // An event of neither headers nor a payload member is its body
        // members as a JSON object, `{}` when it has none: what the
        // official Rust SDK sends for an empty event.
        None if has_body || !has_headers => {
            let ser = ser_fn_name(service, &s.id);
            (
                quote!(::std::option::Option::Some("application/json")),
                quote!(#rt::json_payload(event, #ser)?),
            )
        }
        None => (none, quote!(::std::vec::Vec::<u8>::new())),
    };
    let headers = s.members.iter().filter_map(|m| {
        let Binding::Header(name) = &m.binding else {
            return None;
        };
        let value = match &m.ty {
            TypeRef::Named(id) => match service.type_def(id) {
                Some(TypeDef::IntEnum(_)) => quote!(&i32::from(*value)),
                _ => quote!(&::std::borrow::ToOwned::to_owned(value.as_str())),
            },
            _ => quote!(value),
        };
        let set = quote!(message = #rt::set_header(message, #name, #value););
        Some(crate::emit::with_value_of(m, &quote!(event), set))
    });
    let headers: Vec<TokenStream> = headers.collect();
    let message = quote!(#rt::message_for_event(#event_type, #content_type, #payload));
    if headers.is_empty() {
        return quote!(::std::result::Result::Ok(#message));
    }
    quote! {{
        let mut message = #message;
        #(#headers)*
        ::std::result::Result::Ok(message)
    }}
}

/// The content type and payload bytes of `@eventPayload` member `m`.
fn payload_write(service: &Service, m: &Member) -> (TokenStream, TokenStream) {
    let rt = rt();
    let field = m.name.ident();
    let (content_type, bytes) = match &m.ty {
        TypeRef::Blob => (
            "application/octet-stream",
            quote!(::std::convert::AsRef::<[u8]>::as_ref(value).to_vec()),
        ),
        TypeRef::String => (
            "text/plain",
            quote!(::std::clone::Clone::clone(value).into_bytes()),
        ),
        TypeRef::Named(id) => match service.type_def(id) {
            Some(TypeDef::Enum(_)) => ("text/plain", quote!(value.as_str().as_bytes().to_vec())),
            _ => {
                let ser = ser_fn_name(service, id);
                ("application/json", quote!(#rt::json_payload(value, #ser)?))
            }
        },
        _ => (
            "application/octet-stream",
            quote!(::std::vec::Vec::<u8>::new()),
        ),
    };
    let unbox = m.boxed.then(|| quote!(let value = &**value;));
    if m.optional {
        (
            quote!(event.#field.as_ref().map(|_| #content_type)),
            quote! {
                match &event.#field {
                    ::std::option::Option::Some(value) => { #unbox #bytes }
                    ::std::option::Option::None => ::std::vec::Vec::<u8>::new(),
                }
            },
        )
    } else {
        (
            quote!(::std::option::Option::Some(#content_type)),
            quote! {{
                let value = &event.#field;
                #unbox
                #bytes
            }},
        )
    }
}
