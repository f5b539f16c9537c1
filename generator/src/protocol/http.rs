//! Emitting the HTTP binding traits, for every protocol that has them
//! (restJson1 and restXml): the path, query and headers of a request from
//! its input, and the headers, status and payload of a response into its
//! output or error, framed into each operation's request and response
//! functions. The body itself is the format's, through [`Body`].

use super::{Protocol, WireLocation};
use crate::emit::json_ser::format_tokens;
use crate::emit::paths::type_path;
use crate::emit::validate::validate_fn_name;
use crate::ir::{Binding, Member, Operation, PathPart, Service, Structure, TypeDef, TypeRef};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// An expression giving `value` (a `&T` of type `ty`) as text for a label,
/// query string or header (something that coerces to `&str`); `None` for
/// a type that cannot travel there (lowering refuses those models).
fn text(
    service: &Service,
    m: &Member,
    ty: &TypeRef,
    value: &TokenStream,
    location: WireLocation,
) -> Option<TokenStream> {
    let field = m.name.unraw();
    let to_wire = quote!(::lean_runtime::http_binding::ToWire::to_wire);
    Some(match ty {
        TypeRef::String if location == WireLocation::Header && m.media_type.is_some() => {
            quote!(&::lean_runtime::blob::encode(#value.as_bytes()))
        }
        TypeRef::String => quote!(#value.as_str()),
        TypeRef::Boolean
        | TypeRef::Byte
        | TypeRef::Short
        | TypeRef::Integer
        | TypeRef::Long
        | TypeRef::Float
        | TypeRef::Double
        | TypeRef::BigInteger
        | TypeRef::BigDecimal => quote!(&#to_wire(#value)),
        TypeRef::Timestamp(format) => {
            let format = format_tokens(Protocol::timestamp_format(location, *format));
            quote!(&::lean_runtime::http_binding::timestamp(#value, #format, #field)?)
        }
        TypeRef::Blob => quote!(&::lean_runtime::blob::encode(#value.as_ref())),
        TypeRef::Named(id) => match service.type_def(id)? {
            TypeDef::Enum(_) => quote!(#value.as_str()),
            TypeDef::IntEnum(_) => quote!(&#to_wire(&#value.as_i32())),
            _ => return None,
        },
        _ => return None,
    })
}

/// Statements setting up `builder` (a `lean_runtime::http_binding::
/// RequestBuilder`) from `input`: the path with its labels, the pattern's
/// query literals, `@httpQuery` and `@httpQueryParams` members, then
/// `@httpHeader` and `@httpPrefixHeaders` members.
fn request_bindings(service: &Service, s: &Structure, http: &crate::ir::Http) -> TokenStream {
    let mut steps = Vec::new();
    for part in &http.path {
        match part {
            PathPart::Literal(text) => steps.push(quote!(builder.path(#text);)),
            PathPart::Label {
                field,
                name,
                greedy,
                default,
            } => {
                let Some(m) = s.members.iter().find(|m| &m.name == field) else {
                    continue;
                };
                let ident = field.ident();
                let field_name = field.unraw();
                let details = format!("the URI label `{name}` is required");
                let mut fallback = TokenStream::new();
                let value = match (m.optional, default) {
                    (true, Some(default)) if m.ty == TypeRef::String => {
                        fallback =
                            quote!(let default_value = ::std::string::String::from(#default););
                        quote!(input.#ident.as_ref().filter(|v| !v.is_empty()).unwrap_or(&default_value))
                    }
                    (true, _) => {
                        quote!(input.#ident.as_ref().ok_or_else(|| ::lean_runtime::error::BuildError::missing_field(#field_name, #details))?)
                    }
                    (false, _) => quote!(&input.#ident),
                };
                let Some(text) = text(service, m, &m.ty, &quote!(value), WireLocation::Uri) else {
                    continue;
                };
                steps.push(quote! {
                    {
                        #fallback
                        let value = #value;
                        builder.label(#field_name, #name, #text, #greedy)?;
                    }
                });
            }
        }
    }
    let mut bound: Vec<String> = Vec::new();
    for (name, value) in &http.query {
        let value = match value {
            Some(v) => quote!(::std::option::Option::Some(#v)),
            None => quote!(::std::option::Option::None),
        };
        steps.push(quote!(builder.query(#name, #value);));
        bound.push(name.clone());
    }
    for m in &s.members {
        if let Binding::Query(name) = &m.binding {
            bound.push(name.clone());
        }
    }
    // Prefix headers come last: a header bound to its own member wins.
    let mut members: Vec<&Member> = s.members.iter().collect();
    members.sort_by_key(|m| matches!(m.binding, Binding::PrefixHeaders(_)));
    for m in members {
        let field_name = m.name.unraw();
        if m.idempotency_token
            && m.optional
            && m.ty == TypeRef::String
            && let Some(step) = idempotency_token(m)
        {
            steps.push(step);
            continue;
        }
        let step = match &m.binding {
            Binding::Query(name) => match &m.ty {
                TypeRef::List { member, .. } => {
                    text(service, m, member, &quote!(item), WireLocation::Uri).map(|t| {
                        quote! {
                            for item in value {
                                builder.query(#name, ::std::option::Option::Some(#t));
                            }
                        }
                    })
                }
                ty => text(service, m, ty, &quote!(value), WireLocation::Uri)
                    .map(|t| quote!(builder.query(#name, ::std::option::Option::Some(#t));)),
            },
            Binding::QueryParams => {
                let TypeRef::Map {
                    value: value_ty, ..
                } = &m.ty
                else {
                    continue;
                };
                let item = match value_ty.as_ref() {
                    TypeRef::List { member, .. } => {
                        text(service, m, member, &quote!(item), WireLocation::Uri).map(|t| {
                            quote! {
                                for item in map_value {
                                    builder.query_param(map_key, #t, BOUND);
                                }
                            }
                        })
                    }
                    ty => text(service, m, ty, &quote!(map_value), WireLocation::Uri)
                        .map(|t| quote!(builder.query_param(map_key, #t, BOUND);)),
                };
                item.map(|item| {
                    quote! {
                        const BOUND: &[&str] = &[#(#bound),*];
                        for (map_key, map_value) in value {
                            let map_key: &str = map_key.as_ref();
                            #item
                        }
                    }
                })
            }
            Binding::Header(name) => match &m.ty {
                TypeRef::List { member, .. } => match member.as_ref() {
                    TypeRef::Timestamp(format) => {
                        let format = format_tokens(Protocol::timestamp_format(
                            WireLocation::Header,
                            *format,
                        ));
                        Some(quote! {
                            builder.header(#field_name, #name, &::lean_runtime::http_binding::timestamp_list(value, #format, #field_name)?)?;
                        })
                    }
                    TypeRef::Named(id)
                        if matches!(service.type_def(id), Some(TypeDef::Enum(_))) =>
                    {
                        Some(quote! {
                            let items: ::std::vec::Vec<&str> = value.iter().map(|item| item.as_str()).collect();
                            builder.header_list(#field_name, #name, &items)?;
                        })
                    }
                    TypeRef::Named(id)
                        if matches!(service.type_def(id), Some(TypeDef::IntEnum(_))) =>
                    {
                        Some(quote! {
                            let items: ::std::vec::Vec<i32> = value.iter().map(|item| item.as_i32()).collect();
                            builder.header_list(#field_name, #name, &items)?;
                        })
                    }
                    _ => Some(quote!(builder.header_list(#field_name, #name, value)?;)),
                },
                ty => text(service, m, ty, &quote!(value), WireLocation::Header)
                    .map(|t| quote!(builder.header(#field_name, #name, #t)?;)),
            },
            Binding::PrefixHeaders(prefix) => Some(quote! {
                for (suffix, item) in value {
                    let name = ::std::format!("{}{}", #prefix, suffix);
                    if !builder.has_header(&name) {
                        builder.header(#field_name, &name, item)?;
                    }
                }
            }),
            _ => None,
        };
        if let Some(step) = step {
            steps.push(crate::emit::with_input_value(m, step));
        }
    }
    let method = &http.method;
    let builder = if steps.is_empty() {
        quote!(let builder = ::lean_runtime::http_binding::RequestBuilder::new(#method);)
    } else {
        quote!(let mut builder = ::lean_runtime::http_binding::RequestBuilder::new(#method);)
    };
    quote!(#builder #(#steps)*)
}

/// An `@idempotencyToken` member bound to the query string or a header:
/// the caller's token, else a new UUID (made once per operation call, so
/// retries resend it).
fn idempotency_token(m: &Member) -> Option<TokenStream> {
    let field = m.name.ident();
    let field_name = m.name.unraw();
    let value = quote! {
        match &input.#field {
            ::std::option::Option::Some(value) => ::std::clone::Clone::clone(value),
            ::std::option::Option::None => ::lean_runtime::uuid::idempotency_token(),
        }
    };
    match &m.binding {
        Binding::Query(name) => Some(quote! {
            builder.query(#name, ::std::option::Option::Some(&#value));
        }),
        Binding::Header(name) => Some(quote! {
            builder.header(#field_name, #name, &#value)?;
        }),
        _ => None,
    }
}

/// Statements setting the members of `target` (an output or error being
/// built, `mut`) bound to headers, the status or the payload, from
/// `response`. Empty when the structure has none.
pub(super) fn response_bindings(
    service: &Service,
    s: &Structure,
    target: &TokenStream,
) -> TokenStream {
    // The initial response of an event stream is the one message saying
    // what the stream is: a @required member it lacks fails the call
    // rather than being corrected to its zero value (the official
    // event-stream cases ask this).
    let strict = s
        .members
        .iter()
        .any(|m| matches!(m.ty, TypeRef::EventStream { .. }));
    let mut steps = Vec::new();
    for m in &s.members {
        let read = match &m.binding {
            Binding::Header(name) => header_read(service, m, name),
            Binding::PrefixHeaders(prefix) => {
                let prefix = prefix.to_ascii_lowercase();
                Some(quote!(::lean_runtime::http_binding::prefix_headers(response, #prefix)?))
            }
            Binding::ResponseCode => Some(quote!(::std::option::Option::Some(
                ::std::primitive::i32::from(response.status().as_u16())
            ))),
            Binding::Payload => payload_read(service, m),
            _ => None,
        };
        let Some(read) = read else { continue };
        let field = m.name.ident();
        let read = if m.boxed {
            quote!(#read.map(::std::boxed::Box::new))
        } else {
            read
        };
        let strict_member = strict
            && m.required
            && m.default.is_none()
            && !matches!(m.ty, TypeRef::EventStream { .. });
        steps.push(if strict_member {
            let message = format!(
                "the initial response lacks `{}`, which the operation requires",
                m.wire_name
            );
            let set = if m.optional {
                quote!(#target.#field = ::std::option::Option::Some(value);)
            } else {
                quote!(#target.#field = value;)
            };
            quote! {
                match #read {
                    ::std::option::Option::Some(value) => {
                        #set
                    }
                    ::std::option::Option::None => {
                        return ::std::result::Result::Err(
                            ::lean_runtime::error::DeserializeError::custom(#message).into(),
                        );
                    }
                }
            }
        } else if m.optional {
            quote!(#target.#field = #read;)
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = #read {
                    #target.#field = value;
                }
            }
        });
    }
    quote!(#(#steps)*)
}

/// Whether the structure has members [`response_bindings`] sets.
fn has_response_bindings(s: &Structure) -> bool {
    s.members.iter().any(|m| {
        matches!(
            m.binding,
            Binding::Header(_)
                | Binding::PrefixHeaders(_)
                | Binding::ResponseCode
                | Binding::Payload
        )
    })
}

/// An expression reading header `name` into an `Option` of the member's
/// type (with `?` for a value that is not one).
fn header_read(service: &Service, m: &Member, name: &str) -> Option<TokenStream> {
    let rt = quote!(::lean_runtime::http_binding);
    let scalar = |ty: &TypeRef| -> Option<TokenStream> {
        Some(match ty {
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
            _ => return None,
        })
    };
    Some(match &m.ty {
        TypeRef::String if m.media_type.is_some() => quote!(#rt::header_base64(response, #name)?),
        // S3's customisation, as in every AWS SDK: an `Expires` that is not
        // a date (services pass through what the uploader set) is absent
        // rather than a failed response.
        TypeRef::Timestamp(format)
            if service.sdk_id == "S3" && name.eq_ignore_ascii_case("expires") =>
        {
            let format = format_tokens(Protocol::timestamp_format(WireLocation::Header, *format));
            quote!(#rt::header_timestamp(response, #name, #format).ok().flatten())
        }
        TypeRef::Timestamp(format) => {
            let format = format_tokens(Protocol::timestamp_format(WireLocation::Header, *format));
            quote!(#rt::header_timestamp(response, #name, #format)?)
        }
        TypeRef::Named(id) => {
            let path = type_path(service, id);
            match service.type_def(id)? {
                TypeDef::Enum(_) => {
                    quote!(#rt::header::<::std::string::String>(response, #name)?.map(|v| #path::from(v.as_str())))
                }
                TypeDef::IntEnum(_) => {
                    quote!(#rt::header::<i32>(response, #name)?.map(#path::from))
                }
                _ => return None,
            }
        }
        TypeRef::List { member, .. } => match member.as_ref() {
            TypeRef::Timestamp(format) => {
                let format =
                    format_tokens(Protocol::timestamp_format(WireLocation::Header, *format));
                quote!(#rt::header_timestamp_list(response, #name, #format)?)
            }
            TypeRef::Named(id) => {
                let path = type_path(service, id);
                match service.type_def(id)? {
                    TypeDef::Enum(_) => quote! {
                        #rt::header_list::<::std::string::String>(response, #name)?
                            .map(|items| items.iter().map(|v| #path::from(v.as_str())).collect())
                    },
                    TypeDef::IntEnum(_) => quote! {
                        #rt::header_list::<i32>(response, #name)?
                            .map(|items| items.into_iter().map(#path::from).collect())
                    },
                    _ => return None,
                }
            }
            ty => {
                let t = scalar(ty)?;
                quote!(#rt::header_list::<#t>(response, #name)?)
            }
        },
        ty => {
            let t = scalar(ty)?;
            quote!(#rt::header::<#t>(response, #name)?)
        }
    })
}

/// An expression reading the whole body as the `@httpPayload` member, an
/// `Option` (`None` for an empty body).
fn payload_read(service: &Service, m: &Member) -> Option<TokenStream> {
    if m.ty == TypeRef::ByteStream {
        return Some(quote!(::std::option::Option::Some(
            ::lean_runtime::byte_stream::response_body(response)
        )));
    }
    if matches!(m.ty, TypeRef::EventStream { .. }) {
        return Some(quote!(::std::option::Option::Some(
            ::lean_runtime::event_stream::EventReceiver::new(
                ::lean_runtime::byte_stream::response_body(response)
            )
        )));
    }
    let utf8 = quote! {
        ::std::str::from_utf8(body).map_err(|_| ::lean_runtime::error::DeserializeError::custom("the payload is not UTF-8 text"))?
    };
    let value = match &m.ty {
        TypeRef::Blob => quote!(::lean_runtime::Blob::new(body.to_vec())),
        TypeRef::String => quote!(::std::borrow::ToOwned::to_owned(#utf8)),
        TypeRef::Document => quote! {{
            let mut reader = ::lean_runtime::json::JsonReader::new(body);
            let value = reader.read_document()?;
            reader.finish()?;
            value
        }},
        TypeRef::Named(id) => {
            let path = type_path(service, id);
            match service.type_def(id)? {
                TypeDef::Enum(_) => quote!(#path::from(#utf8)),
                TypeDef::Structure(_) | TypeDef::Union(_)
                    if service.protocol.codec().reads_xml() =>
                {
                    let de = crate::emit::json_de::de_fn_name(service, id);
                    quote!(::lean_runtime::xml::read_document(body, #de)?)
                }
                TypeDef::Structure(_) | TypeDef::Union(_) => {
                    let de = crate::emit::json_de::de_fn_name(service, id);
                    quote! {{
                        let mut reader = ::lean_runtime::json::JsonReader::new(body);
                        let value = #de(&mut reader)?;
                        reader.finish()?;
                        value
                    }}
                }
                TypeDef::IntEnum(_) => return None,
            }
        }
        _ => return None,
    };
    // Whitespace is a body for a blob or a string, not for a document.
    let empty = if matches!(m.ty, TypeRef::Blob | TypeRef::String) {
        quote!(body.is_empty())
    } else {
        quote!(body.trim_ascii().is_empty())
    };
    Some(quote! {{
        let body = response.body();
        if #empty {
            ::std::option::Option::None
        } else {
            ::std::option::Option::Some(#value)
        }
    }})
}

/// What an HTTP binding protocol's body format adds to the framing this
/// module shares: how body members and structure payloads are written,
/// and how an output's body members are read.
pub(super) trait Body {
    /// The expression building the request from `builder` with `input`'s
    /// body members as its body.
    fn members(&self, service: &Service, input: &Structure) -> TokenStream;

    /// The body bytes (an expression over `value`, a `&T` of shape `id`)
    /// and content type of structure or union payload `m`.
    fn structure_payload(
        &self,
        service: &Service,
        m: &Member,
        id: &ShapeId,
    ) -> (TokenStream, &'static str);

    /// The expression building the request when an optional structure
    /// payload is unset.
    fn unset_structure(&self) -> TokenStream;

    /// The expression reading the body members of `op`'s output from
    /// `response`.
    fn read_members(&self, service: &Service, op: &Operation, output: &Structure) -> TokenStream;

    /// The expression giving `output` with no body members set (its body
    /// is a payload).
    fn read_empty(&self, service: &Service, output: &Structure) -> TokenStream;
}

/// `serialize_<op>_request` of an HTTP binding protocol: validation, the
/// bindings, then the body `body` writes.
pub(super) fn request_fn(
    service: &Service,
    op: &Operation,
    needs_validation: &BTreeSet<ShapeId>,
    body: &dyn Body,
) -> TokenStream {
    let fn_name = super::request_fn_name(op);
    let input_path = type_path(service, &op.input);
    let doc = format!("Checks and serializes the input of `{}`.", op.name);
    let (Some(input), Some(http)) = (service.structure(&op.input), op.http.as_ref()) else {
        return TokenStream::new();
    };
    let validate = needs_validation.contains(&op.input).then(|| {
        let validate = validate_fn_name(service, &op.input);
        quote!(#validate(input, "input")?;)
    });
    let bindings = request_bindings(service, input, http);
    let build = request_body(service, input, body);
    let prefix = op
        .host_prefix
        .as_ref()
        .map(|parts| super::host_prefix(service, op, parts));
    let mut extras = super::request_extras(service, op);
    if http.path.is_empty() {
        extras.extend(quote! {
            request.extensions_mut().insert(::lean_runtime::http_binding::NoPath);
        });
    }
    let finish = if prefix.is_none() && extras.is_empty() {
        quote! {
            let request = #build;
            ::std::result::Result::Ok(request)
        }
    } else {
        quote! {
            let mut request = #build;
            #extras
            #prefix
            ::std::result::Result::Ok(request)
        }
    };
    // A label the path no longer has (S3's bucket) is read only by the
    // endpoint rules.
    let in_path = |m: &Member| {
        http.path
            .iter()
            .any(|p| matches!(p, PathPart::Label { field, .. } if *field == m.name))
    };
    let prefix_labels = op.host_prefix.as_ref().is_some_and(|parts| {
        parts
            .iter()
            .any(|p| matches!(p, crate::ir::HostPrefixPart::Label { .. }))
    });
    let uses_input = validate.is_some()
        || prefix_labels
        || input
            .members
            .iter()
            .any(|m| !matches!(m.binding, Binding::Label { .. }) || in_path(m));
    let input_ident = if uses_input {
        quote!(input)
    } else {
        quote!(_input)
    };
    quote! {
        #[doc = #doc]
        pub(crate) fn #fn_name(
            #input_ident: &#input_path,
        ) -> ::std::result::Result<::lean_runtime::operation::HttpRequest, ::lean_runtime::error::BuildError> {
            #validate
            #bindings
            #finish
        }
    }
}

/// The expression building the request from `builder` with its body: the
/// `@httpPayload` member, the body members, or nothing when the input has
/// neither.
fn request_body(service: &Service, input: &Structure, body: &dyn Body) -> TokenStream {
    if let Some(payload) = input.members.iter().find(|m| m.binding == Binding::Payload) {
        return payload_body(service, payload, body);
    }
    if !input.members.iter().any(|m| m.binding == Binding::Body) {
        return quote!(builder.build(::std::vec::Vec::new(), ::std::option::Option::None)?);
    }
    body.members(service, input)
}

/// The request built with the payload member as its body, with the content
/// type its target gives; an unset payload sends no body.
fn payload_body(service: &Service, m: &Member, body: &dyn Body) -> TokenStream {
    let field = m.name.ident();
    let media = m.media_type.as_deref();
    if matches!(m.ty, TypeRef::EventStream { .. }) {
        let events = if m.optional {
            quote!(&input.#field.clone().unwrap_or_default())
        } else {
            quote!(&input.#field)
        };
        return quote!(::lean_runtime::event_stream::build_request(builder, #events)?);
    }
    if m.ty == TypeRef::ByteStream {
        let content_type = media.unwrap_or("application/octet-stream");
        return if m.optional {
            quote! {
                match &input.#field {
                    ::std::option::Option::Some(stream) => builder.build_stream(stream, #content_type)?,
                    ::std::option::Option::None => builder.build(::std::vec::Vec::new(), ::std::option::Option::None)?,
                }
            }
        } else {
            quote!(builder.build_stream(&input.#field, #content_type)?)
        };
    }
    let (bytes, content_type) = match &m.ty {
        TypeRef::Blob => (
            quote!(value.as_ref().to_vec()),
            media.unwrap_or("application/octet-stream"),
        ),
        TypeRef::String => (quote!(value.clone()), media.unwrap_or("text/plain")),
        TypeRef::Document => (
            quote! {{
                let mut body = ::std::string::String::new();
                ::lean_runtime::json::JsonValueWriter::new(&mut body).document(value);
                body
            }},
            "application/json",
        ),
        TypeRef::Named(id) => match service.type_def(id) {
            Some(TypeDef::Enum(_)) => (
                quote!(::std::borrow::ToOwned::to_owned(value.as_str())),
                media.unwrap_or("text/plain"),
            ),
            _ => body.structure_payload(service, m, id),
        },
        _ => (
            quote!(::std::vec::Vec::<u8>::new()),
            "application/octet-stream",
        ),
    };
    let unbox = m.boxed.then(|| quote!(let value = &**value;));
    let send = quote! {{
        #unbox
        builder.build(#bytes, ::std::option::Option::Some(#content_type))?
    }};
    let unset = match &m.ty {
        TypeRef::Named(id) if matches!(service.type_def(id), Some(TypeDef::Structure(_))) => {
            body.unset_structure()
        }
        _ => quote!(builder.build(::std::vec::Vec::new(), ::std::option::Option::None)?),
    };
    if m.optional {
        quote! {
            match &input.#field {
                ::std::option::Option::Some(value) => #send,
                ::std::option::Option::None => #unset,
            }
        }
    } else {
        quote! {{
            let value = &input.#field;
            #send
        }}
    }
}

/// `deserialize_<op>_response` of an HTTP binding protocol: the output
/// from the body's members, then the members bound to headers, the status
/// or the payload.
pub(super) fn response_fn(service: &Service, op: &Operation, body: &dyn Body) -> TokenStream {
    let fn_name = super::response_fn_name(op);
    let error_fn = super::error_fn_name(op);
    let output_path = type_path(service, &op.output);
    let error_path = super::error_path(op);
    let Some(output) = service.structure(&op.output) else {
        return TokenStream::new();
    };
    // With a payload, the body is not the members: they start empty.
    let read = if output.members.iter().any(|m| m.binding == Binding::Payload) {
        body.read_empty(service, output)
    } else {
        body.read_members(service, op, output)
    };
    let doc = format!("Reads the response of `{}`.", op.name);
    let failed = if op.error_in_success {
        quote! {
            !::lean_runtime::http_binding::is_success(response)
                || ::lean_runtime::xml::is_error_document(response.body())
        }
    } else {
        quote!(!::lean_runtime::http_binding::is_success(response))
    };
    let body = if has_response_bindings(output) {
        let bindings = response_bindings(service, output, &quote!(output));
        quote! {
            let mut output = #read;
            #bindings
            ::std::result::Result::Ok(output)
        }
    } else {
        quote!(::std::result::Result::Ok(#read))
    };
    quote! {
        #[doc = #doc]
        pub(crate) fn #fn_name(
            response: &::lean_runtime::operation::HttpResponse,
        ) -> ::std::result::Result<#output_path, ::lean_runtime::operation::OperationFailure<#error_path>> {
            if #failed {
                return ::std::result::Result::Err(::lean_runtime::operation::OperationFailure::Service(#error_fn(response)));
            }
            #body
        }
    }
}
