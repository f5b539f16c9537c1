//! restXml: the HTTP binding traits place members as in restJson1 (see
//! `http`); the rest is an XML document whose root element is named after
//! the input structure (or the `@httpPayload` member is the whole body).
//! Errors are `<ErrorResponse><Error>` documents, or S3's bare `<Error>`.

use super::http::{self, Body};
use crate::emit::json_de::de_fn_name;
use crate::emit::xml_ser::root_element;
use crate::ir::{Binding, Member, Operation, Service, Structure, TypeDef};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The content type of an XML body.
const XML: &str = "application/xml";

/// restXml's body format.
struct XmlBody;

impl Body for XmlBody {
    fn members(&self, service: &Service, input: &Structure) -> TokenStream {
        let namespace = input
            .xml_namespace
            .as_ref()
            .or(service.xml_namespace.as_ref());
        let root = root_element(
            service,
            &input.id,
            &input.xml_root,
            namespace,
            &quote!(input),
        );
        quote! {{
            let mut writer = ::lean_runtime::xml::XmlWriter::new();
            #root
            builder.build(writer.finish(), ::std::option::Option::Some(#XML))?
        }}
    }

    fn structure_payload(
        &self,
        service: &Service,
        m: &Member,
        id: &ShapeId,
    ) -> (TokenStream, &'static str) {
        // The member's namespace, else the target's, else the service's.
        let target_namespace = match service.type_def(id) {
            Some(TypeDef::Structure(s)) => s.xml_namespace.as_ref(),
            _ => None,
        };
        let namespace = m
            .xml_namespace
            .as_ref()
            .or(target_namespace)
            .or(service.xml_namespace.as_ref());
        let root = root_element(service, id, &m.xml_name, namespace, &quote!(value));
        (
            quote! {{
                let mut writer = ::lean_runtime::xml::XmlWriter::new();
                #root
                writer.finish()
            }},
            XML,
        )
    }

    fn unset_structure(&self) -> TokenStream {
        // An unset structure payload sends no body.
        quote!(builder.build(::std::vec::Vec::new(), ::std::option::Option::None)?)
    }

    fn read_members(&self, service: &Service, output: &Structure) -> TokenStream {
        let de = de_fn_name(service, &output.id);
        if output.members.iter().any(|m| m.binding == Binding::Body) {
            quote!(::lean_runtime::xml::read_body(response.body(), #de)?)
        } else {
            quote!(::lean_runtime::xml::read_empty(#de)?)
        }
    }

    fn read_empty(&self, service: &Service, output: &Structure) -> TokenStream {
        let de = de_fn_name(service, &output.id);
        quote!(::lean_runtime::xml::read_empty(#de)?)
    }
}

/// `serialize_<op>_request`.
pub(super) fn request_fn(
    service: &Service,
    op: &Operation,
    needs_validation: &BTreeSet<ShapeId>,
) -> TokenStream {
    http::request_fn(service, op, needs_validation, &XmlBody)
}

/// `deserialize_<op>_response`.
pub(super) fn response_fn(service: &Service, op: &Operation) -> TokenStream {
    http::response_fn(service, op, &XmlBody)
}
