//! The wire protocols: which ones exist, what each puts where, and the
//! emitters that frame requests and responses for each.
//!
//! This module is the only place that lists protocol trait ids. Everything
//! protocol-specific about a crate goes through [`Protocol`]:
//!
//! - [`aws_json`]: awsJson1_0 and awsJson1_1 (`POST /`, `X-Amz-Target`, the
//!   whole input as a JSON body);
//! - [`rest_json`]: restJson1 (the HTTP binding traits: labels, query,
//!   headers, payloads, response codes; the rest as a JSON body);
//! - [`query`]: awsQuery and ec2Query (`POST /` with the input as a form,
//!   XML responses);
//! - [`rest_xml`]: restXml (the HTTP binding traits, as in restJson1, with
//!   XML bodies).
//!
//! Bodies are written by the format's codec (`emit::json_ser` and
//! `emit::json_de` for JSON, `emit::query_ser` for query forms,
//! `emit::xml_ser` and `emit::xml_de` for XML), shared by every protocol
//! of that format.
//! Adding a protocol means: a variant here, its trait id in
//! [`Protocol::trait_id`], one module beside these with its request and
//! response emitters, a codec only if its body format is new, and its
//! runtime module.

pub mod aws_json;
mod http;
pub mod query;
pub mod rest_json;
pub mod rest_xml;

use crate::model::ast::Traits;
use crate::model::traits::TimestampFormat;

/// A wire protocol the generator supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`
    AwsJson1_1,
    /// `aws.protocols#restJson1`
    RestJson1,
    /// `aws.protocols#awsQuery`
    AwsQuery,
    /// `aws.protocols#ec2Query`
    Ec2Query,
    /// `aws.protocols#restXml`
    RestXml,
}

/// How a protocol writes request bodies and reads response bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// JSON both ways.
    Json,
    /// Query forms out, XML back.
    QueryXml,
    /// XML both ways.
    Xml,
}

impl Codec {
    /// A timestamp's format in a body of this codec: the model's, else
    /// epoch seconds in JSON and RFC 3339 in query forms and XML.
    pub fn timestamp_format(self, explicit: Option<TimestampFormat>) -> TimestampFormat {
        explicit.unwrap_or(match self {
            Codec::Json => TimestampFormat::EpochSeconds,
            Codec::QueryXml | Codec::Xml => TimestampFormat::DateTime,
        })
    }

    /// Whether responses (and error responses) are XML.
    pub fn reads_xml(self) -> bool {
        matches!(self, Codec::QueryXml | Codec::Xml)
    }
}

/// Protocol traits the generator knows of but does not support yet, so a
/// model using one gets an error that names it.
const UNSUPPORTED: &[&str] = &["smithy.protocols#rpcv2Cbor"];

/// Where a value travels in an HTTP message; decides a timestamp's default
/// format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireLocation {
    /// In the body (a JSON document).
    Body,
    /// In a header value.
    Header,
    /// In a URI label or query string.
    Uri,
}

impl Protocol {
    /// Every supported protocol, in the order a service's traits are
    /// searched (a service may carry several).
    pub const ALL: [Protocol; 6] = [
        Self::AwsJson1_0,
        Self::AwsJson1_1,
        Self::RestJson1,
        Self::AwsQuery,
        Self::Ec2Query,
        Self::RestXml,
    ];

    /// The protocol's trait id.
    pub fn trait_id(self) -> &'static str {
        match self {
            Self::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Self::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Self::RestJson1 => "aws.protocols#restJson1",
            Self::AwsQuery => "aws.protocols#awsQuery",
            Self::Ec2Query => "aws.protocols#ec2Query",
            Self::RestXml => "aws.protocols#restXml",
        }
    }

    /// The body codec.
    pub fn codec(self) -> Codec {
        match self {
            Self::AwsJson1_0 | Self::AwsJson1_1 | Self::RestJson1 => Codec::Json,
            Self::AwsQuery | Self::Ec2Query => Codec::QueryXml,
            Self::RestXml => Codec::Xml,
        }
    }

    /// A member's key in query requests: in ec2Query its `@ec2QueryName`,
    /// else its `@xmlName` or name with the first letter upper-cased; in
    /// awsQuery (and as a fallback elsewhere) its `@xmlName` or name.
    pub fn query_name(self, name: &str, xml_name: Option<&str>, ec2_name: Option<&str>) -> String {
        let base = xml_name.unwrap_or(name);
        match (self, ec2_name) {
            (Self::Ec2Query, Some(ec2)) => ec2.to_owned(),
            (Self::Ec2Query, None) => {
                let mut chars = base.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            }
            _ => base.to_owned(),
        }
    }

    /// The protocol a service's traits name.
    ///
    /// # Errors
    /// When the traits name no protocol, or only ones not supported (named
    /// in the message).
    pub fn of_service(traits: &Traits) -> Result<Self, String> {
        if let Some(p) = Self::ALL
            .into_iter()
            .find(|p| traits.contains_key(p.trait_id()))
        {
            return Ok(p);
        }
        let supported: Vec<&str> = Self::ALL.iter().map(|p| p.trait_id()).collect();
        let found: Vec<&str> = UNSUPPORTED
            .iter()
            .copied()
            .filter(|p| traits.contains_key(*p))
            .collect();
        Err(if found.is_empty() {
            format!(
                "has no protocol trait; supported protocols are {}",
                supported.join(", ")
            )
        } else {
            format!(
                "uses protocol {}, which is not supported (supported: {})",
                found.join(", "),
                supported.join(", ")
            )
        })
    }

    /// Whether members are placed by the HTTP binding traits (`@httpLabel`,
    /// `@httpHeader`, ...); in the RPC protocols everything is in the body
    /// and those traits are ignored.
    pub fn has_http_bindings(self) -> bool {
        matches!(self, Self::RestJson1 | Self::RestXml)
    }

    /// Whether generated crates get the service's side of the protocol
    /// (`lean_runtime::operation::ServiceSide`, behind `test-util`), which
    /// round-trip tests drive. Only the awsJson protocols have it yet.
    pub fn has_service_side(self) -> bool {
        matches!(self, Self::AwsJson1_0 | Self::AwsJson1_1)
    }

    /// Whether JSON keys honour `@jsonName` (restJson1 does; the awsJson
    /// protocols always use the member name).
    pub fn uses_json_name(self) -> bool {
        matches!(self, Self::RestJson1)
    }

    /// A timestamp's format in a JSON body: the model's, else epoch
    /// seconds, whatever the protocol.
    pub fn body_timestamp_format(explicit: Option<TimestampFormat>) -> TimestampFormat {
        Codec::Json.timestamp_format(explicit)
    }

    /// A timestamp's format at `location`: the model's `@timestampFormat`
    /// when it sets one, else the location's default (epoch seconds in JSON
    /// bodies, an HTTP date in headers, RFC 3339 in URIs).
    pub fn timestamp_format(
        location: WireLocation,
        explicit: Option<TimestampFormat>,
    ) -> TimestampFormat {
        explicit.unwrap_or(match location {
            WireLocation::Body => TimestampFormat::EpochSeconds,
            WireLocation::Header => TimestampFormat::HttpDate,
            WireLocation::Uri => TimestampFormat::DateTime,
        })
    }
}

use crate::ir::{Compression, HostPrefixPart, Member, Operation, Service, StructKind, TypeDef};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// `serialize_<op>_request`: an operation's input as an HTTP request.
pub fn request_fn_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("serialize_{}_request", op.fn_name.unraw())
}

/// `deserialize_<op>_response`: an operation's response, output or error.
pub fn response_fn_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("deserialize_{}_response", op.fn_name.unraw())
}

/// The body of `Operation::deserialize`, which reads `response`: a call of
/// the operation's response function in `protocol/de.rs`, or, where the
/// protocol reads every response alike (awsJson), of the runtime's
/// generic reader.
pub fn deserialize_call(service: &Service, op: &Operation) -> TokenStream {
    let generic = match service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::deserialize_call(service, op),
        _ => None,
    };
    generic.unwrap_or_else(|| {
        let de = response_fn_name(op);
        quote!(crate::protocol::de::#de(response))
    })
}

/// The body of `Operation::serialize`, which turns `input` into the
/// request: a call of the operation's request function in
/// `protocol/ser.rs`, or, where the protocol builds the request from the
/// body alone (awsJson, without extras), of the runtime's generic writer.
/// `needs_validation` is [`validated_types`](crate::emit::validate::validated_types).
pub fn serialize_call(
    service: &Service,
    op: &Operation,
    needs_validation: &BTreeSet<ShapeId>,
) -> TokenStream {
    let generic = match service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            aws_json::serialize_call(service, op, needs_validation)
        }
        _ => None,
    };
    generic.unwrap_or_else(|| {
        let ser = request_fn_name(op);
        quote!(crate::protocol::ser::#ser(input))
    })
}

/// `deserialize_<op>_error`: an error response of the operation.
fn error_fn_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("deserialize_{}_error", op.fn_name.unraw())
}

/// The operation's error enum.
fn error_path(op: &Operation) -> TokenStream {
    let error_name = op.error_name.ident();
    let module = op.module.ident();
    quote!(crate::operation::#module::#error_name)
}

/// The function turning an operation's input into its request, for
/// `protocol/ser.rs` (where the body writers and `validate_*` live).
pub fn request_fn(
    service: &Service,
    op: &Operation,
    needs_validation: &BTreeSet<ShapeId>,
) -> TokenStream {
    match service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            aws_json::request_fn(service, op, needs_validation)
        }
        Protocol::RestJson1 => rest_json::request_fn(service, op, needs_validation),
        Protocol::AwsQuery | Protocol::Ec2Query => query::request_fn(service, op, needs_validation),
        Protocol::RestXml => rest_xml::request_fn(service, op, needs_validation),
    }
}

/// The functions reading an operation's response and its error responses,
/// for `protocol/de.rs` (where `json_body` and the body readers live).
pub fn response_fns(service: &Service, op: &Operation) -> TokenStream {
    let response = match service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::response_fn(service, op),
        Protocol::RestJson1 => rest_json::response_fn(service, op),
        Protocol::AwsQuery | Protocol::Ec2Query => query::response_fn(service, op),
        Protocol::RestXml => rest_xml::response_fn(service, op),
    };
    let error = error_fn(service, op);
    quote!(#response #error)
}

/// What every protocol adds to a request it built: the awsQuery error
/// mode of `@awsQueryCompatible` services, the service's default headers,
/// `Content-MD5` where the operation requires a checksum, and the
/// compression the orchestrator applies when the body is large enough
/// (after the checksum, which is of the uncompressed body).
fn request_extras(service: &Service, op: &Operation) -> TokenStream {
    let compression = op.request_compression.map(|c| match c {
        Compression::Gzip => quote! {
            request.extensions_mut().insert(::lean_runtime::compression::RequestCompression::Gzip);
        },
    });
    let query_mode = service
        .query_compatible
        .then(|| quote!(::lean_runtime::aws_json::set_query_mode(&mut request);));
    let http2 = op
        .http2
        .then(|| quote!(::lean_runtime::event_stream::use_http2(&mut request);));
    let defaults = service.default_headers.iter().map(|(name, value)| {
        quote!(::lean_runtime::http_binding::set_default_header(&mut request, #name, #value);)
    });
    let checksum = op
        .checksum_required
        .then(|| quote!(::lean_runtime::http_binding::set_content_md5(&mut request);));
    // An output streamed to the caller is handed over as it arrives.
    let stream_response = service
        .structure(&op.output)
        .is_some_and(|s| s.members.iter().any(|m| m.ty.is_stream()))
        .then(|| quote!(request.extensions_mut().insert(::lean_runtime::byte_stream::StreamResponse);));
    let glacier = op
        .glacier_checksums
        .then(|| quote!(::lean_runtime::http_binding::set_glacier_checksums(&mut request);));
    let flexible = op.checksum_algorithm_member.as_ref().map(|m| {
        crate::emit::with_input_value(
            m,
            quote!(::lean_runtime::checksum::request_checksum(&mut request, value.as_str())?;),
        )
    });
    let validate = op.checksum_validation_member.as_ref().map(|m| {
        let field = m.name.ident();
        let enabled = if m.optional {
            quote!(input.#field.as_ref().is_some_and(|mode| mode.as_str() == "ENABLED"))
        } else {
            quote!(input.#field.as_str() == "ENABLED")
        };
        quote! {
            if #enabled {
                request.extensions_mut().insert(::lean_runtime::checksum::ValidateResponse);
            }
        }
    });
    quote!(#query_mode #(#defaults)* #checksum #flexible #validate #glacier #compression #stream_response #http2)
}

/// Stores the `@endpoint` host prefix in `request`, its labels checked.
fn host_prefix(service: &Service, op: &Operation, parts: &[HostPrefixPart]) -> TokenStream {
    let input = service.structure(&op.input);
    let mut template = String::new();
    let mut labels = Vec::new();
    let mut checks = Vec::new();
    for part in parts {
        match part {
            HostPrefixPart::Literal(text) => template.push_str(text),
            HostPrefixPart::Label { field, wire_name } => {
                template.push_str("{}");
                let local = format_ident!("label_{}", labels.len());
                let optional = input
                    .and_then(|s| s.members.iter().find(|m| &m.name == field))
                    .is_none_or(|m| m.optional);
                let ident = field.ident();
                // A missing label is an empty one, which the check rejects.
                let value = if optional {
                    quote!(input.#ident.as_deref().unwrap_or_default())
                } else {
                    quote!(input.#ident.as_str())
                };
                checks.push(quote! {
                    let #local = ::lean_runtime::endpoint::host_label(#wire_name, #value)?;
                });
                labels.push(local);
            }
        }
    }
    let prefix = if labels.is_empty() {
        quote!(#template)
    } else {
        quote!(::std::format!(#template, #(#labels),*))
    };
    quote! {
        #(#checks)*
        request.extensions_mut().insert(::lean_runtime::endpoint::HostPrefix::new(#prefix)?);
    }
}

/// Whether the member is where `aws_json::error_metadata` finds an error's
/// message (`message`, `Message` or `errorMessage`).
pub fn is_message(m: &Member) -> bool {
    m.wire_name.eq_ignore_ascii_case("message") || m.wire_name == "errorMessage"
}

/// The modelled errors any operation of the service returns, in shape id
/// order, each with its error code.
fn service_errors(service: &Service) -> Vec<(&crate::ir::Structure, &str)> {
    let listed: BTreeSet<&ShapeId> = service
        .operations
        .iter()
        .flat_map(|op| &op.errors)
        .collect();
    listed
        .into_iter()
        .filter_map(|id| match service.type_def(id)? {
            TypeDef::Structure(s) => match &s.kind {
                StructKind::Error(info) => Some((s, info.code.as_str())),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Of the errors in `errors` that share a code, the one `read_error`
/// reads for it: the first in shape id order. (CloudWatch's
/// `DashboardNotFoundError` and `ResourceNotFound` both answer
/// `ResourceNotFound`; only the operation tells them apart.)
fn dispatched<'a>(
    errors: &[(&'a crate::ir::Structure, &'a str)],
    code: &str,
) -> &'a crate::ir::Structure {
    errors
        .iter()
        .find(|(_, c)| *c == code)
        .map(|(s, _)| *s)
        .unwrap_or_else(|| unreachable!("the code comes from the same list"))
}

/// The metadata an error's reader gets: `meta` itself, flagged sensitive
/// when the model says the error's message is, so that the metadata's copy
/// of the message is redacted even if the rest of the body cannot be read
/// as this error.
fn error_meta(s: &crate::ir::Structure, meta: TokenStream) -> TokenStream {
    let sensitive = s.sensitive || s.members.iter().any(|m| m.sensitive && is_message(m));
    if sensitive {
        quote!(#meta.with_sensitive_message())
    } else {
        meta
    }
}

/// `AnyError` and `read_error`, once per service in `protocol/de.rs`: the
/// error code of an error response (found the same way by every protocol
/// of a codec) picks the modelled error, whose reader gets the response
/// and its metadata. Each operation's `deserialize_<op>_error` then only
/// sorts what was read into its own enum, one arm per error, so the
/// reading is written once per error instead of once per operation and
/// error. Where errors share a code, `read_error` reads the first (see
/// [`dispatched`]) and the operations that list another read it again
/// as theirs (see [`error_fn`]).
pub fn error_reader(service: &Service) -> TokenStream {
    let all = service_errors(service);
    let errors: Vec<(&crate::ir::Structure, &str)> = all
        .iter()
        .filter(|(s, code)| dispatched(&all, code).id == s.id)
        .copied()
        .collect();
    let variants = errors.iter().map(|(s, _)| {
        let variant = s.name.ident();
        let path = crate::emit::paths::type_path(service, &s.id);
        quote!(#variant(#path),)
    });
    let unhandled = errors.iter().map(|(s, _)| {
        let variant = s.name.ident();
        quote!(AnyError::#variant(e) => ::lean_runtime::error::UnhandledError::new(e.meta),)
    });
    let arms: Vec<TokenStream> = errors
        .iter()
        .map(|(s, code)| {
            let variant = s.name.ident();
            let de_error = crate::emit::json_de::error_body_fn_name(service, &s.id);
            let meta = error_meta(s, quote!(meta));
            quote! {
                ::std::option::Option::Some(#code) => ::lean_runtime::error::modelled_error(response, #meta, #de_error, AnyError::#variant),
            }
        })
        .collect();
    // Query-compatible services expose the awsQuery code (from a header),
    // but the awsJson code still says which modelled error it is.
    let (read_meta, code) = if service.protocol.codec().reads_xml() {
        (
            quote!(let meta = ::lean_runtime::xml::error_metadata(response);),
            quote!(meta.code()),
        )
    } else if service.query_compatible && arms.is_empty() {
        (
            quote! {
                let meta = ::lean_runtime::aws_json::with_query_error_code(
                    ::lean_runtime::aws_json::error_metadata(response),
                    response,
                );
            },
            TokenStream::new(),
        )
    } else if service.query_compatible {
        (
            quote! {
                let wire = ::lean_runtime::aws_json::error_metadata(response);
                let meta = ::lean_runtime::aws_json::with_query_error_code(wire.clone(), response);
            },
            quote!(wire.code()),
        )
    } else {
        (
            quote!(let meta = ::lean_runtime::aws_json::error_metadata(response);),
            quote!(meta.code()),
        )
    };
    let dispatch = if arms.is_empty() {
        quote!(AnyError::Unhandled(
            ::lean_runtime::error::UnhandledError::new(meta)
        ))
    } else {
        quote! {
            match #code {
                #(#arms)*
                _ => AnyError::Unhandled(::lean_runtime::error::UnhandledError::new(meta)),
            }
        }
    };
    quote! {
        /// An error response as the modelled error its code names, whichever
        /// operation returned it.
        pub(crate) enum AnyError {
            #(#variants)*
            /// A code the model does not know, or a body that is not what
            /// the model says.
            Unhandled(::lean_runtime::error::UnhandledError),
        }

        impl AnyError {
            /// The error as an unhandled one, for an operation that does not
            /// list it; its metadata is kept.
            fn into_unhandled(self) -> ::lean_runtime::error::UnhandledError {
                match self {
                    #(#unhandled)*
                    AnyError::Unhandled(e) => e,
                }
            }
        }

        impl ::std::convert::From<::lean_runtime::error::UnhandledError> for AnyError {
            fn from(e: ::lean_runtime::error::UnhandledError) -> Self {
                AnyError::Unhandled(e)
            }
        }

        /// Reads an error response of any operation.
        fn read_error(response: &::lean_runtime::operation::HttpResponse) -> AnyError {
            #read_meta
            #dispatch
        }
    }
}

/// `deserialize_<op>_error`: the error [`error_reader`]'s `read_error`
/// gives, as the operation's error enum (unhandled when the operation does
/// not list it). Where the operation lists an error whose code
/// `read_error` reads as another one, that other one's arm reads the body
/// again as the operation's error, with the metadata already read. An
/// operation listing two errors of one code gets the first.
fn error_fn(service: &Service, op: &Operation) -> TokenStream {
    let error_fn = error_fn_name(op);
    let error_path = error_path(op);
    let all = service_errors(service);
    let mut codes = BTreeSet::new();
    let arms: Vec<TokenStream> = all
        .iter()
        .filter(|(s, code)| op.errors.contains(&s.id) && codes.insert(*code))
        .map(|(s, code)| {
            let variant = s.name.ident();
            let read = dispatched(&all, code);
            if read.id == s.id {
                return quote!(AnyError::#variant(e) => E::#variant(e),);
            }
            let read_variant = read.name.ident();
            let de_error = crate::emit::json_de::error_body_fn_name(service, &s.id);
            let meta = error_meta(s, quote!(e.meta));
            quote! {
                AnyError::#read_variant(e) => ::lean_runtime::error::modelled_error(response, #meta, #de_error, E::#variant),
            }
        })
        .collect();
    let error_doc = format!("Reads an error response of `{}`.", op.name);
    // An operation without modelled errors has only the unhandled one.
    let body = if arms.is_empty() {
        quote!(E::Unhandled(read_error(response).into_unhandled()))
    } else {
        quote! {
            match read_error(response) {
                #(#arms)*
                other => E::Unhandled(other.into_unhandled()),
            }
        }
    };
    quote! {
        #[doc = #error_doc]
        pub(crate) fn #error_fn(response: &::lean_runtime::operation::HttpResponse) -> #error_path {
            use #error_path as E;
            #body
        }
    }
}

/// Statements setting the members of an error structure being read
/// (`target`) that its protocol binds outside the body (headers), for the
/// error's body reader; empty in the RPC protocols.
pub fn read_bound_members(
    service: &Service,
    s: &crate::ir::Structure,
    target: &TokenStream,
) -> TokenStream {
    if service.protocol.has_http_bindings() {
        http::response_bindings(service, s, target)
    } else {
        TokenStream::new()
    }
}

/// Whether the structure is ever written as a JSON object of its body
/// members: always, but for an operation input of an HTTP binding
/// protocol that has a payload or no body members at all.
pub fn writes_body_object(service: &Service, s: &crate::ir::Structure) -> bool {
    use crate::ir::Binding;
    // An event's payload is a JSON object only when no member is the
    // payload and some member is not a header. (Only events give the
    // members of a plain structure bindings.)
    if s.kind == StructKind::Plain && s.members.iter().any(|m| m.binding != Binding::Body) {
        return s.members.iter().any(|m| m.binding == Binding::Body)
            && !s.members.iter().any(|m| m.binding == Binding::Payload);
    }
    if !service.protocol.has_http_bindings() || s.kind != StructKind::Input {
        return true;
    }
    s.members.iter().any(|m| m.binding == Binding::Body)
        && !s.members.iter().any(|m| m.binding == Binding::Payload)
}
