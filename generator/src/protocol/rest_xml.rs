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

    fn read_members(&self, service: &Service, op: &Operation, output: &Structure) -> TokenStream {
        let de = de_fn_name(service, &output.id);
        let body_members: Vec<&Member> = output
            .members
            .iter()
            .filter(|m| m.binding == Binding::Body)
            .collect();
        if let (true, [member]) = (op.unwrapped_xml_output, body_members.as_slice()) {
            return unwrapped_output(service, member, &de);
        }
        if !body_members.is_empty() {
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

/// The expression reading an `@s3UnwrappedXmlOutput` output: the root
/// element is its one body member (S3's `GetBucketLocation` answers
/// `<LocationConstraint>us-west-2</LocationConstraint>`).
fn unwrapped_output(service: &Service, member: &Member, de: &proc_macro2::Ident) -> TokenStream {
    let field = member.name.ident();
    let (value, uses_start) = crate::emit::xml_de::member_value(service, member);
    let root = if uses_start {
        quote!(let start = reader.root()?;)
    } else {
        quote!(reader.root()?;)
    };
    let value = if member.boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    };
    let set = if member.optional {
        quote!(output.#field = ::std::option::Option::Some(#value);)
    } else {
        quote!(output.#field = #value;)
    };
    quote! {{
        let mut output = ::lean_runtime::xml::read_empty(#de)?;
        if !response.body().trim_ascii().is_empty() {
            let mut reader = ::lean_runtime::xml::XmlReader::new(response.body());
            #root
            #set
            reader.finish()?;
        }
        output
    }}
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
