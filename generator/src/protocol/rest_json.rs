//! restJson1: the HTTP binding traits place members in the path, query
//! string, headers and status; the rest is a JSON body (or the
//! `@httpPayload` member is the whole body). Errors are found as in the
//! awsJson protocols.

use super::http::{has_response_bindings, request_bindings, response_bindings};
use super::{host_prefix, request_extras};
use crate::emit::json_ser::{Flavor, ser_fn_name};
use crate::emit::paths::type_path;
use crate::emit::validate::validate_fn_name;
use crate::ir::{Binding, Member, Operation, Service, Structure, TypeDef, TypeRef};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The content type of a JSON body.
const JSON: &str = "application/json";

/// `serialize_<op>_request`.
pub(super) fn request_fn(
    service: &Service,
    op: &Operation,
    needs_validation: &BTreeSet<ShapeId>,
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
    let build = request_body(service, input);
    let prefix = op
        .host_prefix
        .as_ref()
        .map(|parts| host_prefix(service, op, parts));
    let extras = request_extras(service, op);
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
    let uses_input = !input.members.is_empty();
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
/// `@httpPayload` member, the body members as a JSON object, or nothing
/// when the input has neither.
fn request_body(service: &Service, input: &Structure) -> TokenStream {
    if let Some(payload) = input.members.iter().find(|m| m.binding == Binding::Payload) {
        return payload_body(service, payload);
    }
    if !input.members.iter().any(|m| m.binding == Binding::Body) {
        return quote!(builder.build(::std::vec::Vec::new(), ::std::option::Option::None)?);
    }
    let ser = ser_fn_name(service, &input.id, Flavor::Wire);
    quote! {{
        let mut body = ::std::string::String::new();
        let mut object = ::lean_runtime::json::JsonObjectWriter::new(&mut body);
        #ser(&mut object, input)?;
        object.finish();
        builder.build(body, ::std::option::Option::Some(#JSON))?
    }}
}

/// The request built with the payload member as its body, with the content
/// type its target gives; an unset payload sends no body.
fn payload_body(service: &Service, m: &Member) -> TokenStream {
    let field = m.name.ident();
    let media = m.media_type.as_deref();
    if m.ty == TypeRef::ByteStream {
        let content_type = media.unwrap_or("application/octet-stream");
        let field = m.name.ident();
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
            JSON,
        ),
        TypeRef::Named(id) => match service.type_def(id) {
            Some(TypeDef::Enum(_)) => (
                quote!(::std::borrow::ToOwned::to_owned(value.as_str())),
                media.unwrap_or("text/plain"),
            ),
            _ => {
                let ser = ser_fn_name(service, id, Flavor::Wire);
                (
                    quote! {{
                        let mut body = ::std::string::String::new();
                        let mut object = ::lean_runtime::json::JsonObjectWriter::new(&mut body);
                        #ser(&mut object, value)?;
                        object.finish();
                        body
                    }},
                    JSON,
                )
            }
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
    // An unset structure is sent as an empty object; anything else unset
    // sends no body.
    let unset = match &m.ty {
        TypeRef::Named(id) if matches!(service.type_def(id), Some(TypeDef::Structure(_))) => {
            quote!(builder.build("{}", ::std::option::Option::Some(#JSON))?)
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

/// `deserialize_<op>_response`: the output from the body's JSON members,
/// then the members bound to headers, the status or the payload.
pub(super) fn response_fn(service: &Service, op: &Operation) -> TokenStream {
    let fn_name = super::response_fn_name(op);
    let error_fn = super::error_fn_name(op);
    let output_path = type_path(service, &op.output);
    let error_path = super::error_path(op);
    let Some(output) = service.structure(&op.output) else {
        return TokenStream::new();
    };
    let de_output = crate::emit::json_de::de_fn_name(service, &op.output);
    let has_payload = output.members.iter().any(|m| m.binding == Binding::Payload);
    // With a payload, the body is not a JSON object of members: the other
    // members start from an empty one.
    let read = if has_payload {
        quote!(#de_output(&mut ::lean_runtime::json::JsonReader::new(b"{}"))?)
    } else {
        quote! {{
            let mut reader = ::lean_runtime::json::JsonReader::new(json_body(response.body()));
            let output = #de_output(&mut reader)?;
            reader.finish()?;
            output
        }}
    };
    let doc = format!("Reads the response of `{}`.", op.name);
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
            if !::lean_runtime::http_binding::is_success(response) {
                return ::std::result::Result::Err(::lean_runtime::operation::OperationFailure::Service(#error_fn(response)));
            }
            #body
        }
    }
}

/// Statements setting an error's members bound to headers (or the
/// payload), for its reader; empty in the RPC protocols.
pub fn error_bindings(service: &Service, s: &Structure, target: &TokenStream) -> TokenStream {
    response_bindings(service, s, target)
}
