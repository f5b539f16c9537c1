//! The service's side of the protocol, behind the generated crate's
//! `test-util` feature: a deserializer for each operation's request and
//! serializers for its output and errors, tied together by an
//! implementation of `lean_runtime::operation::ServiceSide`.
//!
//! A client only ever writes inputs and reads outputs and errors, so
//! without these a round trip could not exercise both directions for every
//! type. They reuse the client's own per-type serializers and
//! deserializers (which `json_ser` and `json_de` also emit, gated the same
//! way, for the types that normally travel only one way), so nothing about
//! the wire format is written twice.

use super::json_ser::ser_fn_name;
use super::paths::type_path;
use crate::ir::{Operation, Service, StructKind, TypeDef};
use crate::model::traits::ErrorFault;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The Cargo feature that turns the service side on.
pub const FEATURE: &str = "test-util";

/// `#[cfg(feature = "test-util")]`.
pub fn cfg() -> TokenStream {
    quote!(#[cfg(feature = "test-util")])
}

/// The `[features]` table of the generated `Cargo.toml`.
pub fn cargo_features() -> String {
    format!(
        "[features]\n\
         # The service's side of the protocol (reading requests, writing responses\n\
         # and errors), so tests can round-trip every value through this client's\n\
         # serializers and deserializers. Not for production use.\n\
         {FEATURE} = [\"lean-runtime/{FEATURE}\"]\n"
    )
}

fn version(service: &Service) -> TokenStream {
    crate::protocol::aws_json::version(service.protocol)
}

fn request_de_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("deserialize_{}_request", op.fn_name.unraw())
}

fn response_ser_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("serialize_{}_response", op.fn_name.unraw())
}

fn error_ser_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("serialize_{}_error", op.fn_name.unraw())
}

/// Request deserializers, one per operation, for `protocol/de.rs` (which
/// has `json_body` and the per-type `de_*` functions).
pub fn de_fns(service: &Service) -> TokenStream {
    let cfg = cfg();
    let fns = service.operations.iter().map(|op| {
        let fn_name = request_de_name(op);
        let input = type_path(service, &op.input);
        let de_input = format_ident!("de_{}", service.helper_stem(&op.input));
        quote! {
            #cfg
            pub(crate) fn #fn_name(
                request: &::lean_runtime::operation::HttpRequest,
            ) -> ::std::result::Result<#input, ::lean_runtime::error::DeserializeError> {
                let mut reader = ::lean_runtime::json::JsonReader::new(::lean_runtime::json::body(request.body()));
                let input = #de_input(&mut reader)?;
                reader.finish()?;
                ::std::result::Result::Ok(input)
            }
        }
    });
    quote!(#(#fns)*)
}

/// Output and error serializers, one pair per operation, for
/// `protocol/ser.rs`.
pub fn ser_fns(service: &Service) -> TokenStream {
    let cfg = cfg();
    let version = version(service);
    let fns = service.operations.iter().map(|op| {
        let response_fn = response_ser_name(op);
        let error_fn = error_ser_name(op);
        let output = type_path(service, &op.output);
        let ser_output = ser_fn_name(service, &op.output);
        let module = op.module.ident();
        let error_name = op.error_name.ident();
        let error_path = quote!(crate::operation::#module::#error_name);
        let arms: Vec<TokenStream> = op.errors.iter().filter_map(|id| {
            let TypeDef::Structure(s) = service.type_def(id)? else {
                return None;
            };
            let StructKind::Error(info) = &s.kind else {
                return None;
            };
            let code = &info.code;
            let status = Literal::u16_unsuffixed(info.http_status.unwrap_or(match info.fault {
                ErrorFault::Client => 400,
                ErrorFault::Server => 500,
            }));
            let variant = s.name.ident();
            let ser = ser_fn_name(service, id);
            Some(quote! {
                #error_path::#variant(error) => {
                    object.key("__type").string(#code);
                    #ser(&mut object, error)?;
                    #status
                }
            })
        }).collect();
        let unhandled = quote! {
            ::std::result::Result::Err(::lean_runtime::error::BuildError::other(
                "an unhandled error has no modelled members to write",
            ))
        };
        let error_body = if arms.is_empty() {
            quote! {
                let _ = error;
                #unhandled
            }
        } else {
            quote! {
                let mut body = ::std::string::String::new();
                let mut object = ::lean_runtime::json::JsonObjectWriter::new(&mut body);
                let status: u16 = match error {
                    #(#arms)*
                    #error_path::Unhandled(_) => return #unhandled,
                };
                object.finish();
                ::std::result::Result::Ok(::lean_runtime::aws_json::response(status, #version, body))
            }
        };
        quote! {
            #cfg
            pub(crate) fn #response_fn(
                output: &#output,
            ) -> ::std::result::Result<::lean_runtime::operation::HttpResponse, ::lean_runtime::error::BuildError> {
                let mut body = ::std::string::String::new();
                let mut object = ::lean_runtime::json::JsonObjectWriter::new(&mut body);
                #ser_output(&mut object, output)?;
                object.finish();
                ::std::result::Result::Ok(::lean_runtime::aws_json::response(200, #version, body))
            }

            #cfg
            pub(crate) fn #error_fn(
                error: &#error_path,
            ) -> ::std::result::Result<::lean_runtime::operation::HttpResponse, ::lean_runtime::error::BuildError> {
                #error_body
            }
        }
    });
    quote!(#(#fns)*)
}

/// `impl ServiceSide for <marker>`, for the operation's module.
pub fn impl_service_side(op: &Operation) -> TokenStream {
    let cfg = cfg();
    let marker = op.marker_name.ident();
    let de_request = request_de_name(op);
    let ser_response = response_ser_name(op);
    let ser_error = error_ser_name(op);
    quote! {
        #cfg
        impl ::lean_runtime::operation::ServiceSide for #marker {
            fn deserialize_request(
                request: &::lean_runtime::operation::HttpRequest,
            ) -> ::std::result::Result<Self::Input, ::lean_runtime::error::DeserializeError> {
                crate::protocol::de::#de_request(request)
            }

            fn serialize_response(
                output: &Self::Output,
            ) -> ::std::result::Result<::lean_runtime::operation::HttpResponse, ::lean_runtime::error::BuildError> {
                crate::protocol::ser::#ser_response(output)
            }

            fn serialize_error(
                error: &Self::Error,
            ) -> ::std::result::Result<::lean_runtime::operation::HttpResponse, ::lean_runtime::error::BuildError> {
                crate::protocol::ser::#ser_error(error)
            }
        }
    }
}
