//! Rust tests from Smithy's protocol compliance cases.
//!
//! The `smithy.test#httpRequestTests` and `smithy.test#httpResponseTests`
//! traits of a service's operations and errors become one test each, run
//! against the generated client crate from outside it:
//!
//! - a request case builds the input from `params` through the client's
//!   fluent builder, sends it through a replay transport and compares the
//!   request with the case;
//! - a response case feeds the status, headers and body to the operation's
//!   deserializer and compares the output (or, for a case on an error
//!   shape, the error variant) with a value built from `params`.
//!
//! Only cases for the service's protocol that apply to clients are kept.
//! The tests call a small harness crate (see [`Suite::harness`]) for
//! everything that is the same in every case: the replay transport, the
//! client configuration, and comparing requests and bodies.

mod cases;
mod event_cases;
mod params;

pub use cases::{
    EVENT_STREAM_TESTS, EventStreamCase, REQUEST_TESTS, RESPONSE_TESTS, RequestCase, ResponseCase,
};

use crate::emit::{Content, Files};
use crate::error::{Diagnostic, Error, Result};
use crate::ir::{Operation, Protocol, Service, Structure};
use crate::model::{Model, ShapeId};
use cases::applies_to_clients;
use params::Values;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What the generated tests refer to, and which cases they leave out.
#[derive(Clone, Debug)]
pub struct Suite {
    /// The library name of the generated client crate, e.g. `json_rpc10`.
    pub client_crate: String,
    /// The library name of the harness crate the tests call, e.g.
    /// `protocol_tests`. It provides `RequestCase` (with `transport`,
    /// `config` and `check`) and `ResponseCase` (with `response`).
    pub harness: String,
    /// Cases that are not run, by id, with the reason. A reason names what
    /// the client lacks; the test is still emitted, marked
    /// `#[ignore = reason]`, unless its input cannot even be written.
    pub skip: BTreeMap<String, String>,
}

/// `vendorParamsShape` of error cases that name the error code a client
/// exposes.
const ERROR_CODE_PARAMS: &str = "aws.protocoltests.config#ErrorCodeParams";

/// The test file (`main.rs`) for the selected service of `model`.
pub fn emit_files(model: &Model, service: &Service, suite: &Suite) -> Result<Files> {
    let tokens = emit(model, service, suite)?;
    let mut files = Files::new();
    files.insert(PathBuf::from("main.rs"), Content::Rust(tokens));
    Ok(files)
}

/// One test per client case of the service's protocol.
pub fn emit(model: &Model, service: &Service, suite: &Suite) -> Result<TokenStream> {
    let krate = format_ident!("{}", suite.client_crate);
    let harness = format_ident!("{}", suite.harness);
    let emitter = Emitter {
        values: Values {
            service,
            krate: &krate,
        },
        harness: &harness,
    };
    let cases = client_cases(model, service)?;
    let mut tests = Vec::new();
    let mut problems = Vec::new();
    let mut names = BTreeSet::new();
    let mut skipped = Vec::new();
    for (op, case) in &cases {
        let id = case.id();
        let kind = case.kind();
        let snake = crate::naming::snake_case(id);
        // An error shared by several operations has its cases once for each.
        let mut name = format!("{snake}_{kind}");
        if !names.insert(name.clone()) {
            name = format!("{snake}_{}_{kind}", op.module.unraw());
            names.insert(name.clone());
        }
        let name = format_ident!("{name}");
        let skip = suite.skip.get(id);
        if let Some(reason) = skip {
            skipped.push(format!(" - `{id}` ({kind}): {reason}"));
        }
        let emitted = match case {
            Case::Request(case) => emitter.request_test(op, case, &name),
            Case::EventStream(case) => emitter.event_stream_test(op, case, &name),
            Case::Response(case, None) => emitter.response_test(op, case, &name),
            Case::Response(case, Some(error)) => emitter.error_test(op, error, case, &name),
        };
        match (emitted, skip) {
            (Ok(test), None) => tests.push(test),
            (Ok(test), Some(reason)) => tests.push(quote!(#[ignore = #reason] #test)),
            // A skipped case that cannot even be written yet is still a
            // test, ignored, that fails saying why when run.
            (Err(problem), Some(reason)) => {
                let message = format!("case `{id}` cannot be generated yet: {problem}");
                tests.push(quote! {
                    #[test]
                    #[ignore = #reason]
                    fn #name() {
                        panic!(#message);
                    }
                });
            }
            (Err(problem), None) => problems.push(format!("case `{id}` ({kind}): {problem}")),
        }
    }
    for id in suite.skip.keys() {
        if !cases.iter().any(|(_, case)| case.id() == id) {
            problems.push(format!(
                "skip list names case `{id}`, which is not a client case of {}",
                service.id
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::many(
            problems.into_iter().map(Diagnostic::new).collect(),
        ));
    }
    let event_streams = cases
        .iter()
        .any(|(_, case)| matches!(case, Case::EventStream(_)));
    let docs = module_docs(service, suite, cases.len(), event_streams, skipped);
    Ok(quote! {
        #(#![doc = #docs])*
        // Generated: `cargo fmt` must not rewrite it (the drift test
        // compares bytes).
        #![cfg_attr(rustfmt, rustfmt_skip)]
        #(#tests)*
    })
}

fn module_docs(
    service: &Service,
    suite: &Suite,
    count: usize,
    event_streams: bool,
    skipped: Vec<String>,
) -> Vec<String> {
    let mut docs = vec![
        format!(
            " The `{}` protocol compliance cases of `{}` that apply to clients ({count}), run against the generated `{}` crate.",
            protocol_trait(service.protocol),
            service.id,
            suite.client_crate
        ),
        String::new(),
        " Request cases build the input through the client and compare the request it sends; response cases read a response with the operation's deserializer and compare the output or error with one built from the case's `params`.".to_owned(),
    ];
    if event_streams {
        docs.push(String::new());
        docs.push(" Event-stream cases (`_event_stream`) serialize an input with the case's events and compare each message sent (typed headers, payload), or read the initial response and the case's messages and compare the output and each event, or the error that ends the stream.".to_owned());
    }
    if !skipped.is_empty() {
        docs.push(String::new());
        docs.push(" Not passing yet (ignored):".to_owned());
        docs.extend(skipped);
    }
    docs
}

/// The cases of the service's operations and of their errors that are for
/// the service's protocol and apply to clients, operation by operation.
fn client_cases<'s>(model: &Model, service: &'s Service) -> Result<Vec<(&'s Operation, Case<'s>)>> {
    let protocol = protocol_trait(service.protocol);
    let mut out = Vec::new();
    for op in &service.operations {
        let Some(traits) = model.shape(&op.id).map(|s| s.traits()) else {
            continue;
        };
        let mut cases = Vec::new();
        let requests: Vec<RequestCase> =
            cases::read(&op.id, traits, REQUEST_TESTS).map_err(Error::msg)?;
        cases.extend(requests.into_iter().map(Case::Request));
        let responses: Vec<ResponseCase> =
            cases::read(&op.id, traits, RESPONSE_TESTS).map_err(Error::msg)?;
        cases.extend(responses.into_iter().map(|c| Case::Response(c, None)));
        let streams: Vec<EventStreamCase> =
            cases::read(&op.id, traits, EVENT_STREAM_TESTS).map_err(Error::msg)?;
        cases.extend(streams.into_iter().map(Case::EventStream));
        for error in &op.errors {
            let Some(traits) = model.shape(error).map(|s| s.traits()) else {
                continue;
            };
            let responses: Vec<ResponseCase> =
                cases::read(error, traits, RESPONSE_TESTS).map_err(Error::msg)?;
            cases.extend(
                responses
                    .into_iter()
                    .map(|c| Case::Response(c, Some(error))),
            );
        }
        out.extend(
            cases
                .into_iter()
                .filter(|case| case.protocol() == protocol && applies_to_clients(case.applies_to()))
                .map(|case| (op, case)),
        );
    }
    Ok(out)
}

fn protocol_trait(protocol: Protocol) -> &'static str {
    protocol.trait_id()
}

/// A case of an operation.
enum Case<'a> {
    Request(RequestCase),
    /// An event-stream case (`smithy.test#eventStreamTests`).
    EventStream(EventStreamCase),
    /// A response case; on an error shape when the id is set.
    Response(ResponseCase, Option<&'a ShapeId>),
}

impl Case<'_> {
    fn id(&self) -> &str {
        match self {
            Case::Request(c) => &c.id,
            Case::EventStream(c) => &c.id,
            Case::Response(c, _) => &c.id,
        }
    }

    /// What the test name ends with: ids are shared by a request case and
    /// the response case of the same exchange.
    fn kind(&self) -> &'static str {
        match self {
            Case::Request(_) => "request",
            Case::EventStream(_) => "event_stream",
            Case::Response(..) => "response",
        }
    }

    fn protocol(&self) -> &str {
        match self {
            Case::Request(c) => &c.protocol,
            Case::EventStream(c) => &c.protocol,
            Case::Response(c, _) => &c.protocol,
        }
    }

    fn applies_to(&self) -> Option<&str> {
        match self {
            Case::Request(c) => c.applies_to.as_deref(),
            Case::EventStream(c) => c.applies_to.as_deref(),
            Case::Response(c, _) => c.applies_to.as_deref(),
        }
    }
}

struct Emitter<'a> {
    values: Values<'a>,
    harness: &'a Ident,
}

/// The `scopedConfig.operation` part of a request case's `vendorParams`,
/// as a `ConfigOverride` the call applies (`None` when there is none).
fn operation_override(
    vendor: &serde_json::Map<String, Value>,
) -> Result<Option<TokenStream>, String> {
    let Some(operation) = vendor
        .get("scopedConfig")
        .and_then(|s| s.get("operation"))
        .and_then(Value::as_object)
    else {
        return Ok(None);
    };
    let unsupported = |what: &str| Err(format!("vendorParams: {what} is not supported"));
    let mut settings = Vec::new();
    for (key, value) in operation {
        match (key.as_str(), value) {
            ("region", Value::String(region)) => settings.push(quote!(.region(#region))),
            ("s3", Value::Object(s3)) => {
                for (key, value) in s3 {
                    match (key.as_str(), value) {
                        ("addressing_style", Value::String(style)) => {
                            let path = style == "path";
                            settings.push(quote!(.force_path_style(#path)));
                        }
                        ("use_dualstack_endpoint", Value::Bool(flag)) => {
                            settings.push(quote!(.use_dual_stack(#flag)));
                        }
                        ("use_accelerate_endpoint", Value::Bool(flag)) => {
                            settings.push(quote!(.accelerate(#flag)));
                        }
                        (other, _) => {
                            return unsupported(&format!("operation s3 setting `{other}`"));
                        }
                    }
                }
            }
            (other, _) => return unsupported(&format!("operation setting `{other}`")),
        }
    }
    Ok(Some(quote! {
        .config_override(::lean_runtime::config::ConfigOverride::new() #(#settings)*)
    }))
}

/// A request case's `vendorParams` (the `aws.protocoltests.config#AwsConfig`
/// shape) as a `ClientSettings` value of the harness: the client's region
/// and S3 settings. `None` when the case has none.
fn client_settings(vendor: &serde_json::Map<String, Value>) -> Result<Option<TokenStream>, String> {
    if vendor.is_empty() {
        return Ok(None);
    }
    let unsupported = |what: &str| Err(format!("vendorParams: {what} is not supported"));
    let Some(scoped) = vendor.get("scopedConfig").and_then(Value::as_object) else {
        return unsupported("configuration outside `scopedConfig`");
    };
    if scoped.keys().any(|k| k != "client" && k != "operation") {
        return unsupported("configuration outside `client` and `operation`");
    }
    let client = scoped
        .get("client")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut region = "us-east-1".to_owned();
    let (mut path_style, mut dual_stack, mut accelerate) = (false, false, false);
    for (key, value) in &client {
        match (key.as_str(), value) {
            ("region", Value::String(r)) => region.clone_from(r),
            ("s3", Value::Object(s3)) => {
                for (key, value) in s3 {
                    match (key.as_str(), value) {
                        ("addressing_style", Value::String(style)) => {
                            path_style = style == "path";
                        }
                        ("use_dualstack_endpoint", Value::Bool(flag)) => dual_stack = *flag,
                        ("use_accelerate_endpoint", Value::Bool(flag)) => accelerate = *flag,
                        (other, _) => return unsupported(&format!("s3 setting `{other}`")),
                    }
                }
            }
            (other, _) => return unsupported(&format!("client setting `{other}`")),
        }
    }
    Ok(Some(quote! {
        ClientSettings {
            region: #region,
            force_path_style: #path_style,
            use_dual_stack: #dual_stack,
            accelerate: #accelerate,
        }
    }))
}

impl Emitter<'_> {
    fn structure(&self, id: &ShapeId) -> Result<&Structure, String> {
        self.values
            .service
            .structure(id)
            .ok_or_else(|| format!("structure `{id}` is not generated"))
    }

    fn doc(id: &str, documentation: Option<&str>) -> TokenStream {
        let text = match documentation {
            Some(d) => format!(
                " `{id}`: {}",
                d.split_whitespace().collect::<Vec<_>>().join(" ")
            ),
            None => format!(" `{id}`."),
        };
        quote!(#[doc = #text])
    }

    fn request_test(
        &self,
        op: &Operation,
        case: &RequestCase,
        name: &Ident,
    ) -> Result<TokenStream, String> {
        let settings = client_settings(&case.vendor_params)?;
        let operation_override = operation_override(&case.vendor_params)?;
        let input = self.structure(&op.input)?;
        let setters = self.values.setters(input, &case.params, "params")?;
        let harness = self.harness;
        let krate = &self.values.krate;
        let fn_name = op.fn_name.ident();
        let method = &case.method;
        let uri = &case.uri;
        let host = option_str(case.host.as_deref());
        let resolved_host = option_str(case.resolved_host.as_deref());
        let query_params = &case.query_params;
        let forbid_query_params = &case.forbid_query_params;
        let require_query_params = &case.require_query_params;
        let headers = case.headers.iter().map(|(k, v)| quote!((#k, #v)));
        let forbid_headers = &case.forbid_headers;
        let require_headers = &case.require_headers;
        let body = option_str(case.body.as_deref());
        let media_type = option_str(case.body_media_type.as_deref());
        let doc = Self::doc(&case.id, case.documentation.as_deref());
        let config = match settings {
            None => quote!(case.config::<::#krate::config::Spec>(&transport)),
            Some(settings) => quote! {
                ::#harness::#settings.config::<::#krate::config::Spec>(&transport)
            },
        };
        Ok(quote! {
            #doc
            #[tokio::test]
            async fn #name() {
                let case = ::#harness::RequestCase {
                    method: #method,
                    uri: #uri,
                    host: #host,
                    resolved_host: #resolved_host,
                    query_params: &[#(#query_params),*],
                    forbid_query_params: &[#(#forbid_query_params),*],
                    require_query_params: &[#(#require_query_params),*],
                    headers: &[#(#headers),*],
                    forbid_headers: &[#(#forbid_headers),*],
                    require_headers: &[#(#require_headers),*],
                    body: #body,
                    body_media_type: #media_type,
                };
                let transport = case.transport();
                let client = ::#krate::Client::new(&#config);
                let result = client.#fn_name() #(#setters)* #operation_override .send().await;
                case.check(&transport, result);
            }
        })
    }

    fn response_value(case: &ResponseCase, harness: &Ident) -> TokenStream {
        let code = case.code;
        let headers = case.headers.iter().map(|(k, v)| quote!((#k, #v)));
        let body = option_str(case.body.as_deref());
        let media_type = option_str(case.body_media_type.as_deref());
        quote! {
            let response = ::#harness::ResponseCase {
                code: #code,
                headers: &[#(#headers),*],
                body: #body,
                body_media_type: #media_type,
            }
            .response();
        }
    }

    fn marker(&self, op: &Operation) -> TokenStream {
        let krate = &self.values.krate;
        let module = op.module.ident();
        let marker = op.marker_name.ident();
        quote!(<::#krate::operation::#module::#marker as ::lean_runtime::operation::Operation>)
    }

    /// Top-level `NaN` members cannot be compared with `==`: each is checked
    /// on its own, then cleared on both sides before the comparison.
    fn nan_checks(
        &self,
        s: &Structure,
        params: &Map<String, Value>,
    ) -> Result<TokenStream, String> {
        let mut checks = Vec::new();
        for (key, value) in params {
            if !params::is_nan(value) {
                if contains_nan(value) {
                    return Err(format!(
                        "params.{key}: NaN inside a nested value is not supported"
                    ));
                }
                continue;
            }
            let m = params::member(s, key, "params")?;
            let field = m.name.ident();
            let message = format!("`{key}` is NaN");
            let check = if m.optional {
                quote!(assert!(actual.#field.is_some_and(|v| v.is_nan()), #message);)
            } else {
                quote!(assert!(actual.#field.is_nan(), #message);)
            };
            checks.push(quote! {
                #check
                actual.#field = ::std::default::Default::default();
                expected.#field = ::std::default::Default::default();
            });
        }
        Ok(quote!(#(#checks)*))
    }

    fn response_test(
        &self,
        op: &Operation,
        case: &ResponseCase,
        name: &Ident,
    ) -> Result<TokenStream, String> {
        if !case.vendor_params.is_empty() {
            return Err("vendorParams on output cases are not supported".to_owned());
        }
        let output = self.structure(&op.output)?;
        let expected = self.values.structure(output, &case.params, "params")?;
        let nan = self.nan_checks(output, &case.params)?;
        let mutable = (!nan.is_empty()).then(|| quote!(mut));
        let response = Self::response_value(case, self.harness);
        let marker = self.marker(op);
        let doc = Self::doc(&case.id, case.documentation.as_deref());
        Ok(quote! {
            #doc
            #[test]
            fn #name() {
                #response
                let #mutable actual = #marker::deserialize(&response).expect("the response gives an output");
                let #mutable expected = #expected;
                #nan
                assert_eq!(actual, expected);
            }
        })
    }

    fn error_test(
        &self,
        op: &Operation,
        error: &ShapeId,
        case: &ResponseCase,
        name: &Ident,
    ) -> Result<TokenStream, String> {
        let s = self.structure(error)?;
        let krate = &self.values.krate;
        let module = op.module.ident();
        let error_enum = op.error_name.ident();
        let variant = s.name.ident();
        let ty = self.values.type_path(error);
        let setters = self.values.setters(s, &case.params, "params")?;
        let nan = self.nan_checks(s, &case.params)?;
        let mutable = (!nan.is_empty()).then(|| quote!(mut));
        let vendor = self.vendor_checks(case)?;
        let response = Self::response_value(case, self.harness);
        let marker = self.marker(op);
        let doc = Self::doc(&case.id, case.documentation.as_deref());
        let wanted = format!("expected the `{}` error, got {{other:?}}", error.name());
        // The metadata (code, message, request id) is what the client read
        // rather than part of `params`: the expected error takes it from the
        // actual one, so `==` compares the members.
        Ok(quote! {
            #doc
            #[test]
            fn #name() {
                #response
                let #mutable actual = match #marker::deserialize(&response) {
                    ::std::result::Result::Err(::lean_runtime::operation::OperationFailure::Service(
                        ::#krate::operation::#module::#error_enum::#variant(error),
                    )) => error,
                    other => panic!(#wanted),
                };
                #vendor
                let #mutable expected = #ty::builder() #(#setters)* .meta(actual.meta().clone()).build();
                #nan
                assert_eq!(actual, expected);
            }
        })
    }

    /// Assertions for `vendorParams` the client can check.
    fn vendor_checks(&self, case: &ResponseCase) -> Result<TokenStream, String> {
        if case.vendor_params.is_empty() {
            return Ok(TokenStream::new());
        }
        match case.vendor_params_shape.as_deref() {
            Some(ERROR_CODE_PARAMS) => {}
            other => {
                return Err(format!(
                    "vendorParamsShape {} is not supported",
                    other.unwrap_or("(none)")
                ));
            }
        }
        let Some(code) = case.vendor_params.get("code").and_then(Value::as_str) else {
            return Err("ErrorCodeParams without a `code` string".to_owned());
        };
        // `ErrorCodeParams.code` is the error code the client exposes. Its
        // `type` (the awsQuery fault) is asserted only by clients that
        // expose it, which this one does not.
        Ok(quote! {
            assert_eq!(actual.meta().code(), ::std::option::Option::Some(#code));
        })
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

fn contains_nan(value: &Value) -> bool {
    match value {
        Value::String(s) => s == "NaN",
        Value::Array(items) => items.iter().any(contains_nan),
        Value::Object(entries) => entries.values().any(contains_nan),
        _ => false,
    }
}
