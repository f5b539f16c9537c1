//! awsQuery and ec2Query: every request is a `POST /` whose form body
//! names the operation (`Action`) and the API version, then the input's
//! members; a 2xx response is XML, the output inside
//! `<OpResponse><OpResult>` (awsQuery) or directly inside `<OpResponse>`
//! (ec2Query). Errors are XML too (see `lean_runtime::xml`).

use super::{Protocol, host_prefix, request_extras};
use crate::emit::json_de::de_fn_name;
use crate::emit::paths::type_path;
use crate::emit::query_ser::ser_fn_name;
use crate::emit::validate::validate_fn_name;
use crate::ir::{Operation, Service};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// `serialize_<op>_request`.
pub(super) fn request_fn(
    service: &Service,
    op: &Operation,
    needs_validation: &BTreeSet<ShapeId>,
) -> TokenStream {
    let fn_name = super::request_fn_name(op);
    let input_path = type_path(service, &op.input);
    let ser = ser_fn_name(service, &op.input);
    let action = &op.name;
    let version = service.version.as_deref().unwrap_or_default();
    let validate = needs_validation.contains(&op.input).then(|| {
        let validate = validate_fn_name(service, &op.input);
        quote!(#validate(input, "input")?;)
    });
    let doc = format!("Checks and serializes the input of `{}`.", op.name);
    let prefix = op
        .host_prefix
        .as_ref()
        .map(|parts| host_prefix(service, op, parts));
    let extras = request_extras(service, op);
    let request = quote!(::lean_runtime::query::request(writer.finish()));
    let finish = if prefix.is_none() && extras.is_empty() {
        quote!(::std::result::Result::Ok(#request))
    } else {
        quote! {
            let mut request = #request;
            #extras
            #prefix
            ::std::result::Result::Ok(request)
        }
    };
    quote! {
        #[doc = #doc]
        pub(crate) fn #fn_name(
            input: &#input_path,
        ) -> ::std::result::Result<::lean_runtime::operation::HttpRequest, ::lean_runtime::error::BuildError> {
            #validate
            let mut writer = ::lean_runtime::query::QueryWriter::new(#action, #version);
            #ser(&mut writer, "", input)?;
            #finish
        }
    }
}

/// `deserialize_<op>_response`: a 2xx response's XML body holds the
/// output.
pub(super) fn response_fn(service: &Service, op: &Operation) -> TokenStream {
    let fn_name = super::response_fn_name(op);
    let error_fn = super::error_fn_name(op);
    let output_path = type_path(service, &op.output);
    let error_path = super::error_path(op);
    let de_output = de_fn_name(service, &op.output);
    let has_members = service
        .structure(&op.output)
        .is_some_and(|s| !s.members.is_empty());
    // An output without members is not read at all: services send anything
    // from nothing to a full envelope for those.
    let read = if !has_members {
        quote!(::lean_runtime::xml::read_empty(#de_output)?)
    } else if service.protocol == Protocol::Ec2Query {
        quote!(::lean_runtime::xml::read_document(response.body(), #de_output)?)
    } else {
        let result = format!("{}Result", op.name);
        quote!(::lean_runtime::xml::read_wrapped(response.body(), #result, #de_output)?)
    };
    let doc = format!("Reads the response of `{}`.", op.name);
    quote! {
        #[doc = #doc]
        pub(crate) fn #fn_name(
            response: &::lean_runtime::operation::HttpResponse,
        ) -> ::std::result::Result<#output_path, ::lean_runtime::operation::OperationFailure<#error_path>> {
            if !::lean_runtime::http_binding::is_success(response) {
                return ::std::result::Result::Err(::lean_runtime::operation::OperationFailure::Service(#error_fn(response)));
            }
            ::std::result::Result::Ok(#read)
        }
    }
}
