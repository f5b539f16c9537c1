//! awsJson1_0 and awsJson1_1: every request is a `POST /` naming the
//! operation in `X-Amz-Target`, with the whole input as a JSON object; a
//! 2xx response's body is the output.

use super::{Protocol, host_prefix, request_extras};
use crate::emit::json_ser::ser_fn_name;
use crate::emit::paths::type_path;
use crate::emit::validate::validate_fn_name;
use crate::ir::{Operation, Service};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The runtime's name for the protocol version.
pub fn version(protocol: Protocol) -> TokenStream {
    match protocol {
        Protocol::AwsJson1_1 => quote!(::lean_runtime::aws_json::JsonVersion::V1_1),
        _ => quote!(::lean_runtime::aws_json::JsonVersion::V1_0),
    }
}

/// `serialize_<op>_request`.
pub(super) fn request_fn(
    service: &Service,
    op: &Operation,
    needs_validation: &BTreeSet<ShapeId>,
) -> TokenStream {
    // A request that needs nothing but its body is built by the runtime's
    // generic function (see `serialize_call`).
    let extras = request_extras(service, op);
    if op.host_prefix.is_none() && extras.is_empty() {
        return TokenStream::new();
    }
    let fn_name = super::request_fn_name(op);
    let input_path = type_path(service, &op.input);
    let ser = ser_fn_name(service, &op.input);
    let target = format!("{}.{}", service.id.name(), op.name);
    let version = version(service.protocol);
    let validate = needs_validation.contains(&op.input).then(|| {
        let validate = validate_fn_name(service, &op.input);
        quote!(#validate(input, "input")?;)
    });
    let doc = format!("Checks and serializes the input of `{}`.", op.name);
    let request = quote!(::lean_runtime::aws_json::request(#target, #version, body));
    let prefix = op
        .host_prefix
        .as_ref()
        .map(|parts| host_prefix(service, op, parts));
    let finish = quote! {
        let mut request = #request;
        #extras
        #prefix
        ::std::result::Result::Ok(request)
    };
    quote! {
        #[doc = #doc]
        pub(crate) fn #fn_name(
            input: &#input_path,
        ) -> ::std::result::Result<::lean_runtime::operation::HttpRequest, ::lean_runtime::error::BuildError> {
            #validate
            let mut body = ::std::string::String::new();
            let mut object = ::lean_runtime::json::JsonObjectWriter::new(&mut body);
            #ser(&mut object, input)?;
            object.finish();
            #finish
        }
    }
}

/// `Operation::serialize` of an operation whose request is its body and
/// nothing more (no host prefix, checksum, compression, ...): the input
/// checked, then the runtime's writer of every such awsJson request with
/// the input's body writer. `None` where `request_fn` writes a function.
pub(super) fn serialize_call(
    service: &Service,
    op: &Operation,
    needs_validation: &BTreeSet<ShapeId>,
) -> Option<TokenStream> {
    if op.host_prefix.is_some() || !request_extras(service, op).is_empty() {
        return None;
    }
    let ser = ser_fn_name(service, &op.input);
    let target = format!("{}.{}", service.id.name(), op.name);
    let version = version(service.protocol);
    let validate = needs_validation.contains(&op.input).then(|| {
        let validate = validate_fn_name(service, &op.input);
        quote!(crate::protocol::ser::#validate(input, "input")?;)
    });
    Some(quote! {
        #validate
        ::lean_runtime::aws_json::write_request(input, #target, #version, crate::protocol::ser::#ser)
    })
}

/// The output's event stream member, if the output is an event stream.
fn output_stream<'a>(service: &'a Service, op: &Operation) -> Option<&'a crate::ir::Member> {
    service.structure(&op.output).and_then(|s| {
        s.members
            .iter()
            .find(|m| matches!(m.ty, crate::ir::TypeRef::EventStream { .. }))
    })
}

/// `deserialize_<op>_response`: a 2xx response's body is the output.
pub(super) fn response_fn(service: &Service, op: &Operation) -> TokenStream {
    let fn_name = super::response_fn_name(op);
    let error_fn = super::error_fn_name(op);
    let output_path = type_path(service, &op.output);
    let error_path = super::error_path(op);
    let de_output = crate::emit::json_de::de_fn_name(service, &op.output);
    let doc = format!("Reads the response of `{}`.", op.name);
    // An output event stream is the whole body, handed over as it arrives
    // (lowering keeps it the output's only member).
    if let Some(m) = output_stream(service, op) {
        let field = m.name.ident();
        let receiver = quote!(::lean_runtime::event_stream::EventReceiver::new(
            ::lean_runtime::byte_stream::response_body(response)
        ));
        let receiver = if m.optional {
            quote!(::std::option::Option::Some(#receiver))
        } else {
            receiver
        };
        return quote! {
            #[doc = #doc]
            pub(crate) fn #fn_name(
                response: &::lean_runtime::operation::HttpResponse,
            ) -> ::std::result::Result<#output_path, ::lean_runtime::operation::OperationFailure<#error_path>> {
                if !::lean_runtime::aws_json::is_success(response) {
                    return ::std::result::Result::Err(::lean_runtime::operation::OperationFailure::Service(#error_fn(response)));
                }
                let mut output = #de_output(&mut ::lean_runtime::json::JsonReader::new(b"{}"))?;
                output.#field = #receiver;
                ::std::result::Result::Ok(output)
            }
        };
    }
    // Any other response is read by the runtime's generic reader (see
    // `deserialize_call`).
    TokenStream::new()
}

/// `Operation::deserialize` of an operation whose output is not an event
/// stream: the runtime's reader of every awsJson response, with the
/// output's body reader and the operation's error reader; `None` for an
/// event stream, whose response function `response_fn` writes.
pub(super) fn deserialize_call(service: &Service, op: &Operation) -> Option<TokenStream> {
    if output_stream(service, op).is_some() {
        return None;
    }
    let error_fn = super::error_fn_name(op);
    let de_output = crate::emit::json_de::de_fn_name(service, &op.output);
    Some(quote! {
        ::lean_runtime::aws_json::read_response(
            response,
            crate::protocol::de::#de_output,
            crate::protocol::de::#error_fn,
        )
    })
}
