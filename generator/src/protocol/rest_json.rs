//! restJson1: the HTTP binding traits place members in the path, query
//! string, headers and status (see `http`); the rest is a JSON body (or
//! the `@httpPayload` member is the whole body). Errors are found as in
//! the awsJson protocols.

use super::http::{self, Body};
use crate::emit::json_ser::ser_fn_name;
use crate::ir::{Member, Operation, Service, Structure};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The content type of a JSON body.
const JSON: &str = "application/json";

/// restJson1's body format.
struct JsonBody;

impl Body for JsonBody {
    fn members(&self, service: &Service, input: &Structure) -> TokenStream {
        let ser = ser_fn_name(service, &input.id);
        quote! {{
            let mut body = ::std::string::String::new();
            let mut object = ::lean_runtime::json::JsonObjectWriter::new(&mut body);
            #ser(&mut object, input)?;
            object.finish();
            builder.build(body, ::std::option::Option::Some(#JSON))?
        }}
    }

    fn structure_payload(
        &self,
        service: &Service,
        _m: &Member,
        id: &ShapeId,
    ) -> (TokenStream, &'static str) {
        let ser = ser_fn_name(service, id);
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

    fn unset_structure(&self) -> TokenStream {
        // An unset structure is sent as an empty object.
        quote!(builder.build("{}", ::std::option::Option::Some(#JSON))?)
    }

    fn read_members(&self, service: &Service, _op: &Operation, output: &Structure) -> TokenStream {
        let de_output = crate::emit::json_de::de_fn_name(service, &output.id);
        quote! {{
            let mut reader = ::lean_runtime::json::JsonReader::new(::lean_runtime::json::body(response.body()));
            let output = #de_output(&mut reader)?;
            reader.finish()?;
            output
        }}
    }

    fn read_empty(&self, service: &Service, output: &Structure) -> TokenStream {
        let de_output = crate::emit::json_de::de_fn_name(service, &output.id);
        quote!(#de_output(&mut ::lean_runtime::json::JsonReader::new(b"{}"))?)
    }
}

/// `serialize_<op>_request`.
pub(super) fn request_fn(
    service: &Service,
    op: &Operation,
    needs_validation: &BTreeSet<ShapeId>,
) -> TokenStream {
    http::request_fn(service, op, needs_validation, &JsonBody)
}

/// `deserialize_<op>_response`.
pub(super) fn response_fn(service: &Service, op: &Operation) -> TokenStream {
    http::response_fn(service, op, &JsonBody)
}
