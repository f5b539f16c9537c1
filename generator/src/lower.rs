//! Lowering a validated [`Model`] into the [`ir`] for one service.
//!
//! This is where the model transforms happen (synthetic `<Op>Input` and
//! `<Op>Output` structures, service errors added to every operation,
//! recursive members boxed) and where every Rust name is decided and checked
//! for collisions.

use crate::docs::Docs;
use crate::error::{Diagnostic, Error, Result};
use crate::ir::{
    self, Enum, EnumVariant, ErrorInfo, IntEnum, IntEnumVariant, Location, Member, Operation,
    StructKind, Structure, TypeDef, TypeRef, Union, Usage,
};
use crate::model::ast::{AggregateDef, MemberDef, Shape, Traits};
use crate::model::traits;
use crate::model::{Model, ShapeId};
use crate::naming::{self, NameError, RustName};
use crate::protocol::Protocol;
use std::collections::{BTreeMap, BTreeSet};

mod http;
mod paginated;
mod waitable;

/// Which service and operations to generate.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// The service shape; optional when the model has exactly one service.
    pub service: Option<ShapeId>,
    /// Operation names (e.g. `CancelComponentDeployment`); `None` for all.
    pub operations: Option<Vec<String>>,
    /// Whether to generate the service's side of the protocol (reading
    /// requests, writing responses and errors, behind the crate's
    /// `test-util` feature) for round-trip tests. Off unless asked: a client
    /// never needs it, and it is a tenth of a crate's code. Only the awsJson
    /// protocols have one.
    pub service_side: bool,
}

/// The namespace of synthetic operation inputs and outputs, which cannot
/// collide with a model shape (models may not use it).
const SYNTHETIC_NS: &str = "smithy.synthetic";

/// Operations AWS accepts unsigned although their current models no longer
/// say so (`@optionalAuth` was dropped from STS's model): the official SDKs
/// keep the same list (smithy-rs' `DisabledAuthDecorator`, botocore's
/// `authtype: none`). They exchange a web identity token or a SAML
/// assertion for credentials, so the caller has none yet.
const UNSIGNED_OPERATIONS: &[&str] = &[
    "com.amazonaws.sts#AssumeRoleWithSAML",
    "com.amazonaws.sts#AssumeRoleWithWebIdentity",
];

/// Lowers the selected part of the model.
pub fn lower(model: &Model, selection: &Selection) -> Result<ir::Service> {
    let service_id = select_service(model, selection)?;
    let Some(Shape::Service(service)) = model.shape(&service_id) else {
        return Err(model
            .diagnostic(&service_id, "is not a service shape")
            .into());
    };
    fn located<T>(model: &Model, id: &ShapeId, r: Result<T, String>) -> Result<T> {
        r.map_err(|m| Error::from(model.diagnostic(id, m)))
    }
    let protocol = located(model, &service_id, Protocol::of_service(&service.traits))?;
    let aws = located(model, &service_id, traits::aws_service(&service.traits))?;
    let sdk_id = aws
        .as_ref()
        .map(|a| a.sdk_id.clone())
        .unwrap_or_else(|| service_id.name().to_owned());
    // As `aws.api#service` defines it: the endpoint prefix defaults to the
    // ARN namespace, which defaults to the service name in lowercase.
    let endpoint_prefix = aws
        .as_ref()
        .and_then(|a| {
            a.endpoint_prefix
                .clone()
                .or_else(|| a.arn_namespace.clone())
        })
        .unwrap_or_else(|| service_id.name().to_ascii_lowercase());

    let mut operation_ids = select_operations(model, &service_id, selection)?;
    let service_errors: Vec<ShapeId> = service.errors.iter().map(|t| t.target.clone()).collect();

    let mut lowering = Lowering {
        model,
        protocol,
        event_streams_need_http2: event_streams_need_http2(&service.traits, protocol),
        sdk_id: sdk_id.clone(),
        renames: service.rename.clone(),
        types: BTreeMap::new(),
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    // What this generator cannot send or read yet is left out, saying so;
    // asked for by name, it is an error. Never generated wrong.
    let mut unsupported = Vec::new();
    operation_ids.retain(|op_id| match unsupported_feature(model, protocol, op_id) {
        None => true,
        Some(feature) => {
            unsupported.push((op_id.clone(), feature));
            false
        }
    });
    // With nothing left, the reasons are the error itself.
    let nothing_left = operation_ids.is_empty() && !unsupported.is_empty();
    for (op_id, feature) in unsupported {
        let message = format!("uses {feature}, which this generator does not support yet");
        if selection.operations.is_some() || nothing_left {
            lowering.problem(&op_id, None, message);
        } else {
            lowering.warning(&op_id, format!("{message}; the operation is left out"));
        }
    }
    if nothing_left {
        lowering.problem(
            &service_id,
            None,
            "has no operation this generator can send yet, for the reasons above",
        );
    }
    if !lowering.problems.is_empty() {
        return Err(Error::many(lowering.problems));
    }
    let mut operations = Vec::new();
    for op_id in &operation_ids {
        if let Some(op) = lowering.operation(op_id, &service_errors) {
            operations.push(op);
        }
    }
    lowering.box_recursive_members();
    lowering.drop_received_exception_variants();
    // Paths into inputs and outputs need the final members, boxing included.
    let service_pagination = located(model, &service_id, traits::paginated(&service.traits))?;
    for op in &mut operations {
        op.pagination = lowering.pagination(op, service_pagination.as_ref());
        op.waiters = lowering.waiters(op);
    }
    // Rule-set problems are reported when the endpoint module is compiled.
    if let Some(Ok(setters)) = service
        .traits
        .get("smithy.rules#endpointRuleSet")
        .map(crate::endpoint_rules::param_setters)
    {
        for op in &mut operations {
            op.endpoint_params = lowering.endpoint_params(op, &setters);
        }
    }
    // Amazon Machine Learning's customisation, which every AWS SDK applies.
    if endpoint_prefix == "machinelearning" {
        for op in operations.iter_mut().filter(|op| op.name == "Predict") {
            op.endpoint_url_member = lowering
                .structure(&op.input)
                .and_then(|s| s.members.iter().find(|m| m.wire_name == "PredictEndpoint"))
                .filter(|m| m.ty == TypeRef::String)
                .cloned();
        }
    }
    lowering.check_waiter_names(&service_id, &operations);
    lowering.check_type_names();
    let helper_stems = lowering.helper_stems();
    if !lowering.problems.is_empty() {
        return Err(Error::many(lowering.problems));
    }
    let docs = located(model, &service_id, traits::documentation(&service.traits))?
        .map(Docs::from_html)
        .unwrap_or_default();
    let default_headers = default_headers(&sdk_id, service.version.as_deref());
    Ok(ir::Service {
        id: service_id.clone(),
        sdk_id,
        title: located(model, &service_id, traits::title(&service.traits))?.map(str::to_owned),
        version: service.version.clone(),
        docs,
        signing_name: located(model, &service_id, traits::sigv4_name(&service.traits))?
            .map(str::to_owned),
        endpoint_prefix,
        protocol,
        xml_namespace: xml_namespace(&service.traits),
        query_compatible: traits::has(&service.traits, "aws.protocols#awsQueryCompatible"),
        endpoint_rules: service.traits.get("smithy.rules#endpointRuleSet").cloned(),
        endpoint_tests: service.traits.get("smithy.rules#endpointTests").cloned(),
        default_headers,
        operations,
        types: lowering.types,
        helper_stems,
        service_side: selection.service_side && protocol.has_service_side(),
        warnings: lowering.warnings,
    })
}

/// `@xmlNamespace` of a shape or member; validation has checked its
/// value.
/// The field of an operation input's builder that holds what sends it:
/// `send_with`, unless a member's field has that name (then `send_with_`,
/// and so on).
fn sender_field(members: &[ir::Member]) -> Result<RustName, naming::NameError> {
    let mut field = naming::field_name("send_with")?;
    while members.iter().any(|m| m.name.as_str() == field.as_str()) {
        field = field.with_suffix("_")?;
    }
    Ok(field)
}

fn xml_namespace(t: &Traits) -> Option<ir::XmlNamespace> {
    let value = t.get(traits::XML_NAMESPACE)?;
    Some(ir::XmlNamespace {
        uri: value.get("uri")?.as_str()?.to_owned(),
        prefix: value
            .get("prefix")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
    })
}

/// The headers the AWS SDKs put on every request of these services.
fn default_headers(sdk_id: &str, version: Option<&str>) -> Vec<(String, String)> {
    match (sdk_id, version) {
        ("API Gateway", _) => vec![("accept".to_owned(), "application/json".to_owned())],
        ("Glacier", Some(version)) => {
            vec![("x-amz-glacier-version".to_owned(), version.to_owned())]
        }
        _ => Vec::new(),
    }
}

/// What makes operation `op_id` impossible to generate right yet: an event
/// stream (a `@streaming` union) or a streaming blob in its input or
/// output, named with the member that carries it.
fn unsupported_feature(model: &Model, protocol: Protocol, op_id: &ShapeId) -> Option<String> {
    let Some(Shape::Operation(op)) = model.shape(op_id) else {
        return None;
    };
    for (direction, target) in [("input", &op.input), ("output", &op.output)] {
        let Some(target) = target else { continue };
        let Some(Shape::Structure(structure)) = model.shape(&target.target) else {
            continue;
        };
        for (name, member) in &structure.members {
            let what = match model.shape(&member.target) {
                Some(Shape::Union(u)) if traits::has(&u.traits, "smithy.api#streaming") => {
                    match event_stream_support(protocol, direction, structure.members.len()) {
                        None => continue,
                        Some(what) => what,
                    }
                }
                // Streaming blobs are an HTTP payload, which only the
                // binding protocols have.
                Some(Shape::Blob(b))
                    if traits::has(&b.traits, "smithy.api#streaming")
                        && !protocol.has_http_bindings() =>
                {
                    "a streaming blob"
                }
                _ => continue,
            };
            return Some(format!(
                "{what} (its {direction} member `{name}` of {})",
                target.target
            ));
        }
    }
    None
}

/// Whether the protocol trait's `eventStreamHttp` (else its `http`) list
/// of HTTP versions leaves event streams only HTTP/2 (`["h2"]`).
fn event_streams_need_http2(service_traits: &Traits, protocol: Protocol) -> bool {
    let Some(value) = service_traits.get(protocol.trait_id()) else {
        return false;
    };
    let versions = value
        .get("eventStreamHttp")
        .or_else(|| value.get("http"))
        .and_then(serde_json::Value::as_array);
    versions.is_some_and(|versions| {
        versions.iter().any(|v| v == "h2") && !versions.iter().any(|v| v == "http/1.1")
    })
}

/// Why an event stream in an operation's `direction` (of a structure with
/// `members` members) cannot be generated yet, or `None` when it can: the
/// JSON protocols' event payloads, input streams with HTTP bindings (RPC
/// protocols would send the other members as an initial-request event
/// first), output streams of RPC protocols only alone in their output
/// (their other members would arrive as an initial-response event).
fn event_stream_support(
    protocol: Protocol,
    direction: &str,
    members: usize,
) -> Option<&'static str> {
    match protocol.codec() {
        crate::protocol::Codec::Json => {}
        crate::protocol::Codec::Xml if direction == "output" => {}
        _ => return Some("an event stream with XML payloads sent or in a query protocol"),
    }
    match (direction, protocol.has_http_bindings()) {
        (_, true) => None,
        ("input", false) => Some("an input event stream in an RPC protocol"),
        (_, false) if members > 1 => {
            Some("an output event stream beside other members in an RPC protocol")
        }
        _ => None,
    }
}

fn select_service(model: &Model, selection: &Selection) -> Result<ShapeId> {
    if let Some(id) = &selection.service {
        return match model.shape(id) {
            Some(Shape::Service(_)) => Ok(id.clone()),
            Some(other) => Err(model
                .diagnostic(id, format!("is a {}, not a service", other.type_name()))
                .into()),
            None => Err(Error::msg(format!(
                "service `{id}` is not defined in the model (services: {})",
                list(model.services().map(|(id, _)| id.to_string()))
            ))),
        };
    }
    let services: Vec<&ShapeId> = model.services().map(|(id, _)| id).collect();
    match services.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::msg("the model defines no service")),
        many => Err(Error::msg(format!(
            "the model defines several services; choose one with --service ({})",
            list(many.iter().map(|id| id.to_string()))
        ))),
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

/// Every operation of the service (directly or through resources), sorted
/// by name, then narrowed to the selection.
fn select_operations(
    model: &Model,
    service_id: &ShapeId,
    selection: &Selection,
) -> Result<Vec<ShapeId>> {
    let mut all = BTreeMap::new();
    let mut seen_resources = BTreeSet::new();
    let Some(Shape::Service(service)) = model.shape(service_id) else {
        return Ok(Vec::new());
    };
    let mut pending: Vec<ShapeId> = service.resources.iter().map(|t| t.target.clone()).collect();
    for op in &service.operations {
        all.insert(op.target.name().to_owned(), op.target.clone());
    }
    while let Some(resource) = pending.pop() {
        if !seen_resources.insert(resource.clone()) {
            continue;
        }
        if let Some(Shape::Resource(r)) = model.shape(&resource) {
            for op in r.all_operations() {
                all.insert(op.target.name().to_owned(), op.target.clone());
            }
            pending.extend(r.resources.iter().map(|t| t.target.clone()));
        }
    }
    let Some(wanted) = &selection.operations else {
        return Ok(all.into_values().collect());
    };
    let mut chosen = BTreeMap::new();
    let mut unknown = Vec::new();
    for name in wanted {
        match all.get(name) {
            Some(id) => {
                chosen.insert(name.clone(), id.clone());
            }
            None => unknown.push(name.clone()),
        }
    }
    if !unknown.is_empty() {
        let suggestions: Vec<&str> = all.keys().map(String::as_str).take(10).collect();
        return Err(model
            .diagnostic(
                service_id,
                format!(
                    "has no operation named {} (operations include: {}{})",
                    unknown.join(", "),
                    suggestions.join(", "),
                    if all.len() > suggestions.len() {
                        ", ..."
                    } else {
                        ""
                    }
                ),
            )
            .into());
    }
    Ok(chosen.into_values().collect())
}

struct Lowering<'m> {
    model: &'m Model,
    protocol: Protocol,
    /// Whether the service's event streams must travel over HTTP/2.
    event_streams_need_http2: bool,
    /// The service's SDK id, which names the customisations AWS SDKs apply.
    sdk_id: String,
    /// The service's `rename`: shape id to the name its Rust type takes.
    renames: BTreeMap<ShapeId, String>,
    types: BTreeMap<ShapeId, TypeDef>,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl<'m> Lowering<'m> {
    /// The lowered structure `id`, if it is one.
    fn structure(&self, id: &ShapeId) -> Option<&Structure> {
        match self.types.get(id) {
            Some(TypeDef::Structure(s)) => Some(s),
            _ => None,
        }
    }

    /// Something odd but harmless: reported, and generation goes on.
    fn warning(&mut self, id: &ShapeId, message: impl Into<String>) {
        let d = self.model.diagnostic(id, message);
        self.warnings.push(d);
    }

    fn problem(&mut self, id: &ShapeId, member: Option<&str>, message: impl Into<String>) {
        let d = self.model.diagnostic(id, message);
        self.problems.push(match member {
            Some(m) => d.on_member(m),
            None => d,
        });
    }

    fn operation(&mut self, id: &ShapeId, service_errors: &[ShapeId]) -> Option<Operation> {
        let Some(Shape::Operation(op)) = self.model.shape(id) else {
            self.problem(
                id,
                None,
                "is bound to the service as an operation but is not one",
            );
            return None;
        };
        let name = id.name().to_owned();
        let module = self.named(id, None, naming::operation_module_name(&name))?;
        let fn_name = self.named(id, None, naming::operation_fn_name(&name))?;
        let marker_name = self.named(id, None, naming::operation_name(&name))?;
        let error_name = self.named(id, None, marker_name.with_suffix("Error"))?;
        let fluent_builder_name = self.named(id, None, marker_name.with_suffix("FluentBuilder"))?;
        let docs = self.docs(id, None, &op.traits);
        let deprecated = self.deprecated(id, None, &op.traits);

        let unit = ShapeId::new("smithy.api", "Unit");
        let input_target = op.input.as_ref().map_or(unit.clone(), |t| t.target.clone());
        let output_target = op.output.as_ref().map_or(unit, |t| t.target.clone());
        let input = ShapeId::new(SYNTHETIC_NS, &format!("{name}Input"));
        let output = ShapeId::new(SYNTHETIC_NS, &format!("{name}Output"));
        self.synthetic_structure(&input_target, &input, &name, StructKind::Input, &module);
        self.synthetic_structure(&output_target, &output, &name, StructKind::Output, &module);

        let mut errors: Vec<ShapeId> = Vec::new();
        for error in op.errors.iter().map(|t| &t.target).chain(service_errors) {
            if errors.contains(error) {
                continue;
            }
            match self.model.shape(error) {
                Some(Shape::Structure(_)) => {
                    self.reach(error, Direction::Output);
                    errors.push(error.clone());
                }
                _ => self.problem(id, None, format!("error `{error}` is not a structure")),
            }
        }
        // An output event stream is received with the operation's error
        // enum, which holds the exceptions the stream may end with.
        let stream_errors = self.attach_stream_errors(&output, &module, &error_name);
        for error in stream_errors {
            if !errors.contains(&error) {
                self.reach(&error, Direction::Output);
                errors.push(error);
            }
        }
        let host_prefix = self.host_prefix(id, &op.traits, &input_target, &input);
        let checksum_member = |key: &str| {
            let name = op
                .traits
                .get("aws.protocols#httpChecksum")?
                .get(key)?
                .as_str()?;
            self.structure(&input)?
                .members
                .iter()
                .find(|m| m.wire_name == name)
                .cloned()
        };
        let checksum_algorithm_member = checksum_member("requestAlgorithmMember");
        let checksum_validation_member = checksum_member("requestValidationModeMember");
        let error_in_success = self.sdk_id == "S3"
            && !self
                .structure(&output)
                .is_some_and(|s| s.members.iter().any(|m| m.ty.is_stream()));
        let glacier_checksums = self.sdk_id == "Glacier"
            && self
                .structure(&input)
                .is_some_and(|s| s.members.iter().any(|m| m.ty == TypeRef::ByteStream));
        let http = if self.protocol.has_http_bindings() {
            Some(self.http(id, &op.traits, &input, &output)?)
        } else {
            None
        };
        // Event streams both ways (Bedrock's bidirectional stream) need
        // HTTP/2 too: AWS answers them over nothing else, whatever the
        // protocol trait lists.
        let http2 = (self.event_streams_need_http2
            && (self.has_event_stream(&input) || self.has_event_stream(&output)))
            || (self.has_event_stream(&input) && self.has_event_stream(&output));
        let request_compression = match traits::request_compression(&op.traits) {
            Ok(encodings) => encodings
                .unwrap_or_default()
                .iter()
                .find_map(|e| (e == "gzip").then_some(ir::Compression::Gzip)),
            Err(m) => {
                self.problem(id, None, m);
                None
            }
        };
        let auth = if traits::has(&op.traits, "smithy.api#optionalAuth")
            || UNSIGNED_OPERATIONS.contains(&id.to_string().as_str())
        {
            ir::Auth::Optional
        } else if op
            .traits
            .get("smithy.api#auth")
            .and_then(serde_json::Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            ir::Auth::None
        } else {
            ir::Auth::Required
        };
        Some(Operation {
            id: id.clone(),
            cli_name: naming::kebab_case(&name),
            module,
            fn_name,
            input,
            output,
            errors,
            error_name,
            marker_name,
            fluent_builder_name,
            name,
            docs,
            deprecated,
            pagination: None,
            waiters: Vec::new(),
            host_prefix,
            request_compression,
            auth,
            http,
            checksum_required: traits::has(&op.traits, "smithy.api#httpChecksumRequired")
                || op
                    .traits
                    .get("aws.protocols#httpChecksum")
                    .and_then(|t| t.get("requestChecksumRequired"))
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false),
            glacier_checksums,
            unwrapped_xml_output: traits::has(
                &op.traits,
                "aws.customizations#s3UnwrappedXmlOutput",
            ),
            error_in_success,
            checksum_algorithm_member,
            checksum_validation_member,
            presignable: self.sdk_id == "S3"
                && matches!(
                    id.name(),
                    "GetObject" | "PutObject" | "HeadObject" | "DeleteObject" | "UploadPart"
                ),
            endpoint_params: Vec::new(),
            endpoint_url_member: None,
            http2,
        })
    }

    /// Whether structure `id` (an operation's input or output) has an
    /// event stream.
    fn has_event_stream(&self, id: &ShapeId) -> bool {
        self.structure(id).is_some_and(|s| {
            s.members
                .iter()
                .any(|m| matches!(m.ty, TypeRef::EventStream { .. }))
        })
    }

    /// Resolves an `@operationContextParams` path against the input: member
    /// names separated by `.`, with at most one `[*]` projection over a list
    /// (giving a list of strings) or a `keys(...)` of a map (its keys), the
    /// forms the published models use.
    fn input_path(
        &self,
        input: &ShapeId,
        path: &str,
        kind: crate::endpoint_rules::ParamKind,
    ) -> std::result::Result<ir::InputPath, String> {
        use crate::endpoint_rules::ParamKind;
        let (keys, path) = match path.strip_prefix("keys(").and_then(|p| p.strip_suffix(')')) {
            Some(inner) => (true, inner),
            None => (false, path),
        };
        let (before, after) = match path.split_once("[*]") {
            Some((before, after)) => (before, Some(after.strip_prefix('.').unwrap_or(after))),
            None => (path, None),
        };
        let walk = |current: &mut TypeRef,
                    names: &str|
         -> std::result::Result<Vec<ir::PathField>, String> {
            let mut fields = Vec::new();
            for name in names.split('.').filter(|n| !n.is_empty()) {
                let structure = match &*current {
                    TypeRef::Named(id) => match self.types.get(id) {
                        Some(TypeDef::Structure(s)) => s,
                        _ => {
                            return Err(format!(
                                "goes into `{name}` of a value that is not a structure"
                            ));
                        }
                    },
                    _ => {
                        return Err(format!(
                            "goes into `{name}` of a value that is not a structure"
                        ));
                    }
                };
                let Some(m) = structure.members.iter().find(|m| m.wire_name == name) else {
                    return Err(format!("names `{name}`, which is not a member"));
                };
                if m.boxed {
                    return Err(format!("goes through the recursive member `{name}`"));
                }
                fields.push(ir::PathField {
                    field: m.name.clone(),
                    optional: m.optional,
                });
                *current = m.ty.clone();
            }
            Ok(fields)
        };
        let is_string = |ty: &TypeRef| match ty {
            TypeRef::String => Some(false),
            TypeRef::Named(id) if matches!(self.types.get(id), Some(TypeDef::Enum(_))) => {
                Some(true)
            }
            _ => None,
        };
        let mut current = TypeRef::Named(input.clone());
        let fields = walk(&mut current, before)?;
        let end = match (keys, after) {
            (true, None) => match &current {
                TypeRef::Map { key, .. } if kind == ParamKind::StringArray => ir::PathEnd::Keys {
                    is_enum: is_string(key).ok_or("has keys that are not strings")?,
                },
                _ => {
                    return Err(
                        "takes the keys of what is not a map, or into a parameter that is not a string list"
                            .to_owned(),
                    );
                }
            },
            (false, Some(rest)) => {
                let TypeRef::List {
                    member,
                    sparse: false,
                    ..
                } = current.clone()
                else {
                    return Err("projects what is not a list".to_owned());
                };
                if kind != ParamKind::StringArray {
                    return Err(
                        "projects a list into a parameter that is not a string list".to_owned()
                    );
                }
                let mut element = *member;
                let inner = walk(&mut element, rest)?;
                ir::PathEnd::Project {
                    fields: inner,
                    is_enum: is_string(&element).ok_or("ends at a value that is not a string")?,
                }
            }
            (false, None) if kind == ParamKind::String => ir::PathEnd::Value {
                is_enum: is_string(&current).ok_or("ends at a value that is not a string")?,
            },
            _ => return Err("has a form this generator does not evaluate".to_owned()),
        };
        Ok(ir::InputPath { fields, end })
    }

    /// The endpoint rule-set parameters `op` sets: `@staticContextParams`
    /// on the operation and `@contextParam` members of its input, each
    /// checked against the parameter's declared type. A parameter the rule
    /// set does not declare is ignored with a warning, as Smithy's tools
    /// do; an `@operationContextParams` path of a form not evaluated is
    /// left out with a warning.
    fn endpoint_params(
        &mut self,
        op: &Operation,
        setters: &[crate::endpoint_rules::ParamSetter],
    ) -> Vec<ir::EndpointParamBinding> {
        use crate::endpoint_rules::ParamKind;
        let Some(Shape::Operation(shape)) = self.model.shape(&op.id) else {
            return Vec::new();
        };
        let mut bindings = Vec::new();
        let setter = |name: &str| setters.iter().find(|s| s.name == name);
        // Built-ins the client's settings do not carry, which every call
        // fills in (auth built-ins need the credentials of the call).
        for param in setters {
            let source = match param.built_in.as_deref() {
                Some("AWS::Auth::AccountId") if param.kind == ParamKind::String => {
                    ir::EndpointParamSource::AccountId
                }
                Some("AWS::Auth::AccountIdEndpointMode") if param.kind == ParamKind::String => {
                    ir::EndpointParamSource::AccountIdEndpointMode
                }
                _ => continue,
            };
            bindings.push(ir::EndpointParamBinding {
                setter: param.setter.clone(),
                source,
            });
        }
        if let Some(statics) = shape
            .traits
            .get("smithy.rules#staticContextParams")
            .and_then(serde_json::Value::as_object)
        {
            for (name, definition) in statics {
                let Some(param) = setter(name) else {
                    self.warning(
                        &op.id,
                        format!("@staticContextParams sets `{name}`, which the endpoint rule set does not declare; ignored"),
                    );
                    continue;
                };
                let value = definition.get("value").cloned().unwrap_or_default();
                let fits = match param.kind {
                    ParamKind::String => value.is_string(),
                    ParamKind::Boolean => value.is_boolean(),
                    ParamKind::StringArray => value
                        .as_array()
                        .is_some_and(|items| items.iter().all(serde_json::Value::is_string)),
                };
                if !fits {
                    self.problem(
                        &op.id,
                        None,
                        format!("@staticContextParams gives `{name}` the value {value}, which is not a {:?}", param.kind),
                    );
                    continue;
                }
                bindings.push(ir::EndpointParamBinding {
                    setter: param.setter.clone(),
                    source: ir::EndpointParamSource::Static(value),
                });
            }
        }
        if let Some(paths) = shape
            .traits
            .get("smithy.rules#operationContextParams")
            .and_then(serde_json::Value::as_object)
        {
            for (name, definition) in paths {
                let Some(param) = setter(name) else {
                    self.warning(
                        &op.id,
                        format!("@operationContextParams sets `{name}`, which the endpoint rule set does not declare; ignored"),
                    );
                    continue;
                };
                let path = definition
                    .get("path")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default();
                match self.input_path(&op.input, path, param.kind) {
                    Ok(resolved) => bindings.push(ir::EndpointParamBinding {
                        setter: param.setter.clone(),
                        source: ir::EndpointParamSource::InputPath(resolved),
                    }),
                    Err(why) => self.warning(
                        &op.id,
                        format!("@operationContextParams `{name}` path `{path}` {why}; the endpoint is resolved without it"),
                    ),
                }
            }
        }
        let input_target = shape.input.as_ref().map(|t| t.target.clone());
        let model_members = match input_target.as_ref().and_then(|t| self.model.shape(t)) {
            Some(Shape::Structure(a)) => a.members.clone(),
            _ => Default::default(),
        };
        let Some(TypeDef::Structure(input)) = self.types.get(&op.input) else {
            return bindings;
        };
        let input = input.clone();
        for (member_name, member) in &model_members {
            let Some(name) = member
                .traits
                .get("smithy.rules#contextParam")
                .and_then(|v| v.get("name"))
                .and_then(serde_json::Value::as_str)
            else {
                continue;
            };
            let Some(param) = setter(name) else {
                self.warning(
                    &op.id,
                    format!("input member `{member_name}` is @contextParam `{name}`, which the endpoint rule set does not declare; ignored"),
                );
                continue;
            };
            let Some(lowered) = input.members.iter().find(|m| m.wire_name == *member_name) else {
                continue;
            };
            let is_string = |ty: &TypeRef| match ty {
                TypeRef::String => true,
                TypeRef::Named(id) => matches!(self.types.get(id), Some(TypeDef::Enum(_))),
                _ => false,
            };
            let fits = match (param.kind, &lowered.ty) {
                (ParamKind::String, ty) => is_string(ty),
                (ParamKind::Boolean, ty) => *ty == TypeRef::Boolean,
                (
                    ParamKind::StringArray,
                    TypeRef::List {
                        member,
                        sparse: false,
                        ..
                    },
                ) => is_string(member),
                _ => false,
            };
            if !fits || lowered.boxed {
                self.warning(
                    &op.id,
                    format!("input member `{member_name}` is @contextParam `{name}` but its type does not fit the parameter's; ignored"),
                );
                continue;
            }
            bindings.push(ir::EndpointParamBinding {
                setter: param.setter.clone(),
                source: ir::EndpointParamSource::Member {
                    field: lowered.name.clone(),
                    ty: lowered.ty.clone(),
                    optional: lowered.optional,
                },
            });
        }
        bindings
    }

    /// The operation's `@endpoint` host prefix, its labels resolved to
    /// string members of the input marked `@hostLabel`.
    fn host_prefix(
        &mut self,
        op: &ShapeId,
        op_traits: &Traits,
        input_source: &ShapeId,
        input: &ShapeId,
    ) -> Option<Vec<ir::HostPrefixPart>> {
        let parts = match traits::endpoint_host_prefix(op_traits) {
            Ok(parts) => parts?,
            Err(m) => {
                self.problem(op, None, m);
                return None;
            }
        };
        let mut lowered = Vec::new();
        for part in parts {
            match part {
                traits::HostPrefixPart::Literal(text) => {
                    lowered.push(ir::HostPrefixPart::Literal(text));
                }
                traits::HostPrefixPart::Label(label) => {
                    let is_host_label = match self.model.shape(input_source) {
                        Some(Shape::Structure(a)) => a
                            .members
                            .get(&label)
                            .is_some_and(|m| traits::has(&m.traits, "smithy.api#hostLabel")),
                        _ => false,
                    };
                    let member = match self.types.get(input) {
                        Some(TypeDef::Structure(s)) => {
                            s.members.iter().find(|m| m.wire_name == label)
                        }
                        _ => None,
                    };
                    match member {
                        Some(m) if is_host_label && m.ty == TypeRef::String => {
                            lowered.push(ir::HostPrefixPart::Label {
                                field: m.name.clone(),
                                wire_name: label,
                            });
                        }
                        _ => self.problem(
                            op,
                            None,
                            format!(
                                "host prefix label `{{{label}}}` must name a string member of the input marked @hostLabel"
                            ),
                        ),
                    }
                }
            }
        }
        Some(lowered)
    }

    /// Creates `<Op>Input`/`<Op>Output` as a copy of the model's structure
    /// (or an empty one for `Unit`), so each operation owns its input and
    /// output types even when the model shares one shape between several.
    /// Gives the event stream of `output`, if it has one, the path of the
    /// operation's error enum, and returns the errors its union lists.
    fn attach_stream_errors(
        &mut self,
        output: &ShapeId,
        module: &RustName,
        error_name: &RustName,
    ) -> Vec<ShapeId> {
        let Some(TypeDef::Structure(s)) = self.types.get_mut(output) else {
            return Vec::new();
        };
        let mut unions = Vec::new();
        for m in &mut s.members {
            if let TypeRef::EventStream { union, error } = &mut m.ty {
                *error = Some(Box::new(ir::OperationErrorPath {
                    module: module.clone(),
                    name: error_name.clone(),
                }));
                unions.push(union.clone());
            }
        }
        unions
            .iter()
            .filter_map(|id| match self.types.get(id) {
                Some(TypeDef::Union(u)) => Some(u.event_errors.iter().map(|(_, e)| e.clone())),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// The exceptions of an event stream the client only receives are not
    /// variants of its union: they end the stream as the operation's error.
    fn drop_received_exception_variants(&mut self) {
        for def in self.types.values_mut() {
            if let TypeDef::Union(u) = def
                && u.event_stream
                && !u.usage.input
            {
                let errors = &u.event_errors;
                u.members
                    .retain(|m| !errors.iter().any(|(name, _)| *name == m.wire_name));
            }
        }
    }

    fn synthetic_structure(
        &mut self,
        source: &ShapeId,
        id: &ShapeId,
        op_name: &str,
        kind: StructKind,
        module: &RustName,
    ) {
        let aggregate = match self.model.shape(source) {
            Some(Shape::Structure(a)) => a.clone(),
            Some(other) => {
                self.problem(
                    source,
                    None,
                    format!(
                        "is used as the {} of operation {op_name} but is a {}, not a structure",
                        if kind == StructKind::Input {
                            "input"
                        } else {
                            "output"
                        },
                        other.type_name()
                    ),
                );
                return;
            }
            None => {
                self.problem(
                    source,
                    None,
                    format!("used by operation {op_name} but not defined"),
                );
                return;
            }
        };
        let direction = if kind == StructKind::Input {
            Direction::Input
        } else {
            Direction::Output
        };
        let Some(name) = self.named(source, None, naming::type_name(id.name())) else {
            return;
        };
        let kind_is_input = kind == StructKind::Input;
        let Some(mut structure) = self.structure_from(
            source,
            id,
            name,
            Location::Operation {
                module: module.clone(),
            },
            &aggregate,
            kind,
        ) else {
            return;
        };
        let usage = direction.usage();
        let role = if kind_is_input { "Input" } else { "Output" };
        let docs =
            std::mem::take(&mut structure.docs).or(format!("{role} of the `{op_name}` operation."));
        structure.docs = docs;
        if kind_is_input {
            let Some(field) = self.named(source, None, sender_field(&structure.members)) else {
                return;
            };
            structure.sender_field = Some(field);
        }
        let targets = self.member_targets(&structure.members);
        self.types.insert(
            id.clone(),
            TypeDef::Structure(Structure { usage, ..structure }),
        );
        for target in targets {
            self.reach(&target, direction);
        }
    }

    /// Makes sure the named type for `id` exists and records that it travels
    /// in `direction`, then does the same for everything it refers to.
    fn reach(&mut self, id: &ShapeId, direction: Direction) {
        let mut pending = vec![id.clone()];
        while let Some(id) = pending.pop() {
            if let Some(existing) = self.types.get_mut(&id) {
                let usage = match existing {
                    TypeDef::Structure(s) => &mut s.usage,
                    TypeDef::Enum(e) => &mut e.usage,
                    TypeDef::IntEnum(e) => &mut e.usage,
                    TypeDef::Union(u) => &mut u.usage,
                };
                let before = *usage;
                direction.mark(usage);
                if *usage == before {
                    continue;
                }
                // Usage grew: children must learn about it too.
                let members = match existing {
                    TypeDef::Structure(s) => s.members.clone(),
                    TypeDef::Union(u) => u.members.clone(),
                    _ => Vec::new(),
                };
                pending.extend(self.member_targets(&members));
                continue;
            }
            let Some(def) = self.type_def(&id) else {
                continue;
            };
            let mut def = def;
            match &mut def {
                TypeDef::Structure(s) => direction.mark(&mut s.usage),
                TypeDef::Enum(e) => direction.mark(&mut e.usage),
                TypeDef::IntEnum(e) => direction.mark(&mut e.usage),
                TypeDef::Union(u) => direction.mark(&mut u.usage),
            }
            let members = match &def {
                TypeDef::Structure(s) => s.members.clone(),
                TypeDef::Union(u) => u.members.clone(),
                _ => Vec::new(),
            };
            self.types.insert(id.clone(), def);
            pending.extend(self.member_targets(&members));
        }
    }

    /// The named types members refer to, directly or through lists and maps.
    fn member_targets(&self, members: &[Member]) -> Vec<ShapeId> {
        fn collect(ty: &TypeRef, out: &mut Vec<ShapeId>) {
            match ty {
                TypeRef::Named(id) | TypeRef::EventStream { union: id, .. } => out.push(id.clone()),
                TypeRef::List { member, .. } => collect(member, out),
                TypeRef::Map { key, value, .. } => {
                    collect(key, out);
                    collect(value, out);
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for m in members {
            collect(&m.ty, &mut out);
        }
        out
    }

    /// Builds the named type for a model shape (structure, union, enum).
    fn type_def(&mut self, id: &ShapeId) -> Option<TypeDef> {
        let shape = self.model.shape(id)?;
        // The service's `rename` keeps apart shapes of the same name from
        // different namespaces.
        let local = self
            .renames
            .get(id)
            .map_or(id.name(), String::as_str)
            .to_owned();
        let name = self.named(id, None, naming::type_name(&local))?;
        let module = format!("_{}", naming::snake_case(&local));
        match shape {
            Shape::Structure(a) => {
                let kind = match self.error_info(id, &a.traits) {
                    Some(info) => StructKind::Error(info),
                    None => StructKind::Plain,
                };
                let location = if matches!(kind, StructKind::Error(_)) {
                    Location::Errors { module }
                } else {
                    Location::Types { module }
                };
                self.structure_from(id, id, name, location, a, kind)
                    .map(TypeDef::Structure)
            }
            Shape::Union(a) => Some(TypeDef::Union(self.union(
                id,
                name,
                Location::Types { module },
                a,
            ))),
            Shape::Enum(a) => Some(TypeDef::Enum(self.enum_shape(
                id,
                name,
                Location::Types { module },
                a,
            ))),
            Shape::IntEnum(a) => Some(TypeDef::IntEnum(self.int_enum(
                id,
                name,
                Location::Types { module },
                a,
            ))),
            Shape::String(s) => {
                let definitions = match traits::enum_definitions(&s.traits) {
                    Ok(Some(d)) => d,
                    Ok(None) => return None,
                    Err(m) => {
                        self.problem(id, None, m);
                        return None;
                    }
                };
                let mut variants = Vec::new();
                for d in definitions {
                    let smithy = d.name.clone().unwrap_or_else(|| d.value.clone());
                    let Some(name) = self.named(id, None, naming::variant_name(&smithy)) else {
                        continue;
                    };
                    variants.push(EnumVariant {
                        name,
                        docs: d
                            .documentation
                            .as_deref()
                            .map(Docs::from_html)
                            .unwrap_or_default(),
                        deprecated: d.deprecated.then(traits::Deprecated::default),
                        value: d.value,
                    });
                }
                let e = Enum {
                    id: id.clone(),
                    name,
                    location: Location::Types { module },
                    docs: self.docs(id, None, &s.traits),
                    deprecated: self.deprecated(id, None, &s.traits),
                    variants,
                    sensitive: traits::has(&s.traits, traits::SENSITIVE),
                    usage: Usage::default(),
                };
                self.check_variants(&e);
                Some(TypeDef::Enum(e))
            }
            _ => None,
        }
    }

    fn error_info(&mut self, id: &ShapeId, t: &Traits) -> Option<ErrorInfo> {
        let fault = match traits::error(t) {
            Ok(Some(f)) => f,
            Ok(None) => return None,
            Err(m) => {
                self.problem(id, None, m);
                return None;
            }
        };
        let http_status = traits::http_error(t).unwrap_or_else(|m| {
            self.problem(id, None, m);
            None
        });
        let retryable = traits::retryable(t).unwrap_or_else(|m| {
            self.problem(id, None, m);
            None
        });
        // The query protocols send the `@awsQueryError` code where a
        // model gives one.
        let query_code = (self.protocol.codec() == crate::protocol::Codec::QueryXml)
            .then(|| t.get("aws.protocols#awsQueryError"))
            .flatten()
            .and_then(|v| v.get("code"))
            .and_then(serde_json::Value::as_str);
        Some(ErrorInfo {
            code: query_code.unwrap_or(id.name()).to_owned(),
            fault,
            http_status,
            retryable,
        })
    }

    fn structure_from(
        &mut self,
        source: &ShapeId,
        id: &ShapeId,
        name: RustName,
        location: Location,
        a: &AggregateDef,
        kind: StructKind,
    ) -> Option<Structure> {
        let input_like = kind == StructKind::Input || traits::has(&a.traits, traits::INPUT);
        // Binding traits count on the members of an operation's input,
        // output and errors only.
        let top_level = kind != StructKind::Plain;
        let members: Vec<Member> = a
            .members
            .iter()
            .filter_map(|(member_name, def)| {
                let mut member = self.member(source, member_name, def, input_like)?;
                if top_level && self.protocol.has_http_bindings() {
                    member.binding = self.binding(source, member_name, &def.traits, &kind)?;
                    if member.binding == ir::Binding::Payload {
                        member.xml_name = self.payload_root(def);
                    }
                }
                // The members of an event travel in its message's headers
                // and payload, whatever the protocol.
                if traits::has(&def.traits, "smithy.api#eventHeader") {
                    member.binding = ir::Binding::Header(member_name.clone());
                } else if traits::has(&def.traits, "smithy.api#eventPayload") {
                    member.binding = ir::Binding::Payload;
                }
                if matches!(member.ty, TypeRef::EventStream { .. })
                    && !top_level
                {
                    self.problem(
                        source,
                        Some(member_name),
                        "targets an event stream (a @streaming union), which must be a member of an operation's input or output",
                    );
                    return None;
                }
                if member.ty == TypeRef::ByteStream && member.binding != ir::Binding::Payload {
                    self.problem(
                        source,
                        Some(member_name),
                        "targets a @streaming blob, which must be the @httpPayload of an operation's input or output",
                    );
                    return None;
                }
                Some(member)
            })
            .collect();
        self.check_member_names(source, &members);
        let builder_name = self.named(source, None, name.with_suffix("Builder"))?;
        Some(Structure {
            id: id.clone(),
            builder_name,
            name,
            location,
            docs: self.docs(source, None, &a.traits),
            deprecated: self.deprecated(source, None, &a.traits),
            members,
            kind,
            sensitive: traits::has(&a.traits, traits::SENSITIVE),
            usage: Usage::default(),
            xml_root: traits::string(&a.traits, traits::XML_NAME)
                .unwrap_or_else(|| source.name().to_owned()),
            xml_namespace: xml_namespace(&a.traits),
            sender_field: None,
        })
    }

    /// The root element of an XML payload: the member's `@xmlName`, else
    /// its target's, else the target's shape name.
    fn payload_root(&self, def: &MemberDef) -> String {
        traits::string(&def.traits, traits::XML_NAME)
            .or_else(|| {
                let target = self.model.shape(&def.target)?;
                traits::string(target.traits(), traits::XML_NAME)
            })
            .unwrap_or_else(|| def.target.name().to_owned())
    }

    fn union(
        &mut self,
        id: &ShapeId,
        name: RustName,
        location: Location,
        a: &AggregateDef,
    ) -> Union {
        let event_stream = traits::has(&a.traits, traits::STREAMING);
        // The errors of an event stream are the exceptions it may end
        // with, not events.
        let is_error = |target: &ShapeId| matches!(self.model.shape(target), Some(Shape::Structure(s)) if traits::has(&s.traits, "smithy.api#error"));
        let event_errors: Vec<(String, ShapeId)> = a
            .members
            .iter()
            .filter(|(_, def)| event_stream && is_error(&def.target))
            .map(|(name, def)| (name.clone(), def.target.clone()))
            .collect();
        // Until usage is known, they are variants too: a client sends
        // them (as exception messages) in an input stream.
        let members: Vec<Member> = a
            .members
            .iter()
            .filter_map(|(member_name, def)| self.member(id, member_name, def, false))
            .collect();
        let variants: Vec<(&str, &RustName)> = members
            .iter()
            .map(|m| (m.wire_name.as_str(), &m.variant))
            .collect();
        self.check_unique(id, "union variant", &variants);
        Union {
            id: id.clone(),
            name,
            location,
            docs: self.docs(id, None, &a.traits),
            deprecated: self.deprecated(id, None, &a.traits),
            members,
            sensitive: traits::has(&a.traits, traits::SENSITIVE),
            usage: Usage::default(),
            xml_root: traits::string(&a.traits, traits::XML_NAME)
                .unwrap_or_else(|| id.name().to_owned()),
            event_stream,
            event_errors,
        }
    }

    fn enum_shape(
        &mut self,
        id: &ShapeId,
        name: RustName,
        location: Location,
        a: &AggregateDef,
    ) -> Enum {
        let mut variants = Vec::new();
        for (member_name, def) in &a.members {
            let value = match traits::enum_value(&def.traits) {
                Ok(Some(traits::EnumValue::String(v))) => v,
                Ok(None) => member_name.clone(),
                Ok(Some(traits::EnumValue::Int(_))) => {
                    self.problem(id, Some(member_name), "enum members need string values");
                    continue;
                }
                Err(m) => {
                    self.problem(id, Some(member_name), m);
                    continue;
                }
            };
            let Some(name) = self.named(id, Some(member_name), naming::variant_name(member_name))
            else {
                continue;
            };
            variants.push(EnumVariant {
                name,
                value,
                docs: self.docs(id, Some(member_name), &def.traits),
                deprecated: self.deprecated(id, Some(member_name), &def.traits),
            });
        }
        let e = Enum {
            id: id.clone(),
            name,
            location,
            docs: self.docs(id, None, &a.traits),
            deprecated: self.deprecated(id, None, &a.traits),
            variants,
            sensitive: traits::has(&a.traits, traits::SENSITIVE),
            usage: Usage::default(),
        };
        self.check_variants(&e);
        e
    }

    fn int_enum(
        &mut self,
        id: &ShapeId,
        name: RustName,
        location: Location,
        a: &AggregateDef,
    ) -> IntEnum {
        let mut variants = Vec::new();
        for (member_name, def) in &a.members {
            match traits::enum_value(&def.traits) {
                Ok(Some(traits::EnumValue::Int(value))) => {
                    if let Some(name) =
                        self.named(id, Some(member_name), naming::variant_name(member_name))
                    {
                        let docs = self.docs(id, Some(member_name), &def.traits);
                        let deprecated = self.deprecated(id, Some(member_name), &def.traits);
                        variants.push(IntEnumVariant {
                            name,
                            value,
                            docs,
                            deprecated,
                        });
                    }
                }
                Ok(_) => self.problem(
                    id,
                    Some(member_name),
                    "intEnum members need an integer @enumValue",
                ),
                Err(m) => self.problem(id, Some(member_name), m),
            }
        }
        let names: Vec<(&str, &RustName)> = a
            .members
            .keys()
            .map(String::as_str)
            .zip(variants.iter().map(|v| &v.name))
            .collect();
        self.check_unique(id, "enum variant", &names);
        IntEnum {
            id: id.clone(),
            name,
            location,
            docs: self.docs(id, None, &a.traits),
            deprecated: self.deprecated(id, None, &a.traits),
            variants,
            sensitive: traits::has(&a.traits, traits::SENSITIVE),
            usage: Usage::default(),
        }
    }

    fn check_variants(&mut self, e: &Enum) {
        let mut by_value = BTreeSet::new();
        for v in &e.variants {
            if !by_value.insert(v.value.as_str()) {
                self.problem(
                    &e.id,
                    None,
                    format!("enum value \"{}\" appears twice", v.value),
                );
            }
        }
        let names: Vec<(&str, &RustName)> = e
            .variants
            .iter()
            .map(|v| (v.value.as_str(), &v.name))
            .collect();
        self.check_unique(&e.id, "enum variant", &names);
    }

    fn member(
        &mut self,
        owner: &ShapeId,
        name: &str,
        def: &MemberDef,
        input_like: bool,
    ) -> Option<Member> {
        let ty = self.type_ref(owner, name, &def.target, &def.traits, 0)?;
        let target_traits = self
            .model
            .shape(&def.target)
            .map(Shape::traits)
            .cloned()
            .unwrap_or_default();
        let required = traits::has(&def.traits, traits::REQUIRED);
        let default = def
            .traits
            .get(traits::DEFAULT)
            .or_else(|| {
                // Smithy 1.0 primitives imply a zero default.
                def.target
                    .is_prelude()
                    .then(|| target_traits.get(traits::DEFAULT))
                    .flatten()
            })
            .filter(|v| !v.is_null())
            .filter(|v| self.default_is_expressible(&ty, v))
            .cloned();
        let client_optional = traits::has(&def.traits, traits::CLIENT_OPTIONAL);
        // A default added after the member was published must not turn the
        // `Option` code already handles into a plain value.
        let added_default = traits::has(&def.traits, traits::ADDED_DEFAULT);
        let optional = if client_optional || added_default || input_like {
            true
        } else if required {
            false
        } else {
            default.is_none()
        };
        let length = self.bounds(
            owner,
            name,
            traits::length(&def.traits),
            traits::length(&target_traits),
        );
        let range = self.bounds(
            owner,
            name,
            traits::range(&def.traits),
            traits::range(&target_traits),
        );
        let docs = self.docs(owner, Some(name), &def.traits);
        let deprecated = self.deprecated(owner, Some(name), &def.traits);
        let rust_name = self.named(owner, Some(name), naming::field_name(name))?;
        let setter = self.named(owner, Some(name), naming::setter_name(name))?;
        let getter = self.named(owner, Some(name), naming::getter_name(name))?;
        let reader = match self.protocol.codec() {
            crate::protocol::Codec::Json => naming::BodyReader::Json,
            crate::protocol::Codec::QueryXml | crate::protocol::Codec::Xml => {
                naming::BodyReader::Xml
            }
        };
        let reader_local = self.named(
            owner,
            Some(name),
            naming::reader_local_name(name, &rust_name, reader),
        )?;
        let variant = self.named(owner, Some(name), naming::union_variant_name(name))?;
        let json_name = match def.traits.get("smithy.api#jsonName") {
            Some(serde_json::Value::String(json)) if self.protocol.uses_json_name() => json.clone(),
            _ => name.to_owned(),
        };
        let media_type = target_traits
            .get("smithy.api#mediaType")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        let xml_name =
            traits::string(&def.traits, traits::XML_NAME).unwrap_or_else(|| name.to_owned());
        let query_name = self.protocol.query_name(
            name,
            traits::string(&def.traits, traits::XML_NAME).as_deref(),
            traits::string(&def.traits, traits::EC2_QUERY_NAME).as_deref(),
        );
        Some(Member {
            wire_name: name.to_owned(),
            json_name,
            xml_name,
            xml_attribute: traits::has(&def.traits, traits::XML_ATTRIBUTE),
            xml_flattened: traits::has(&def.traits, traits::XML_FLATTENED),
            xml_namespace: xml_namespace(&def.traits),
            query_name,
            binding: ir::Binding::Body,
            media_type,
            name: rust_name,
            setter,
            getter,
            reader_local,
            variant,
            sensitive: self.is_sensitive(&def.traits, &def.target, &mut BTreeSet::new()),
            idempotency_token: traits::has(&def.traits, traits::IDEMPOTENCY_TOKEN),
            ty,
            required,
            optional,
            default,
            length,
            range,
            boxed: false,
            docs,
            deprecated,
        })
    }

    /// Whether a `@default` can be written as a Rust expression (see
    /// `emit::values`); members whose default cannot stay optional.
    fn default_is_expressible(&self, ty: &TypeRef, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (ty, value) {
            (TypeRef::String, Value::String(_)) | (TypeRef::Boolean, Value::Bool(_)) => true,
            (TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long, v) => v.is_i64(),
            (TypeRef::Float | TypeRef::Double, v) => v.is_number(),
            (TypeRef::Timestamp(_), v) => v.is_i64(),
            (TypeRef::Blob, Value::String(s)) => crate::emit::values::decode_base64(s).is_some(),
            (TypeRef::ByteStream, Value::String(s)) => s.is_empty(),
            // `null` defaults were dropped before; any other value is a document.
            (TypeRef::Document, _) => true,
            (TypeRef::List { .. }, Value::Array(a)) => a.is_empty(),
            (TypeRef::Map { .. }, Value::Object(o)) => o.is_empty(),
            (TypeRef::Named(id), Value::String(_)) => matches!(
                self.model.shape(id),
                Some(Shape::Enum(_)) | Some(Shape::String(_))
            ),
            (TypeRef::Named(id), v) if v.is_i64() => {
                matches!(self.model.shape(id), Some(Shape::IntEnum(_)))
            }
            _ => false,
        }
    }

    fn bounds(
        &mut self,
        owner: &ShapeId,
        member: &str,
        on_member: Result<Option<traits::Bounds>, String>,
        on_target: Result<Option<traits::Bounds>, String>,
    ) -> Option<traits::Bounds> {
        match (on_member, on_target) {
            (Err(m), _) | (_, Err(m)) => {
                self.problem(owner, Some(member), m);
                None
            }
            (Ok(Some(b)), _) | (Ok(None), Ok(Some(b))) => Some(b),
            (Ok(None), Ok(None)) => None,
        }
    }

    /// A member is redacted when it, its target, or what its target
    /// contains is `@sensitive`.
    fn is_sensitive(
        &self,
        member_traits: &Traits,
        target: &ShapeId,
        seen: &mut BTreeSet<ShapeId>,
    ) -> bool {
        if traits::has(member_traits, traits::SENSITIVE) {
            return true;
        }
        if !seen.insert(target.clone()) {
            return false;
        }
        match self.model.shape(target) {
            Some(shape) if traits::has(shape.traits(), traits::SENSITIVE) => true,
            Some(Shape::List(l) | Shape::Set(l)) => {
                self.is_sensitive(&l.member.traits, &l.member.target, seen)
            }
            Some(Shape::Map(m)) => {
                self.is_sensitive(&m.key.traits, &m.key.target, seen)
                    || self.is_sensitive(&m.value.traits, &m.value.target, seen)
            }
            _ => false,
        }
    }

    fn type_ref(
        &mut self,
        owner: &ShapeId,
        member: &str,
        target: &ShapeId,
        member_traits: &Traits,
        depth: usize,
    ) -> Option<TypeRef> {
        // Validation rejects lists and maps that contain themselves or nest
        // too deeply; this guard keeps a model lowered without validation
        // from recursing forever.
        if depth > crate::validate::MAX_COLLECTION_DEPTH {
            self.problem(
                owner,
                Some(member),
                format!(
                    "lists and maps nest more than {} levels deep",
                    crate::validate::MAX_COLLECTION_DEPTH
                ),
            );
            return None;
        }
        let Some(shape) = self.model.shape(target) else {
            self.problem(
                owner,
                Some(member),
                format!("targets `{target}`, which is not defined"),
            );
            return None;
        };
        Some(match shape {
            Shape::String(s) => {
                if s.traits.contains_key("smithy.api#enum") {
                    TypeRef::Named(target.clone())
                } else {
                    TypeRef::String
                }
            }
            Shape::Boolean(_) => TypeRef::Boolean,
            Shape::Byte(_) => TypeRef::Byte,
            Shape::Short(_) => TypeRef::Short,
            Shape::Integer(_) => TypeRef::Integer,
            Shape::Long(_) => TypeRef::Long,
            Shape::Float(_) => TypeRef::Float,
            Shape::Double(_) => TypeRef::Double,
            Shape::BigInteger(_) => TypeRef::BigInteger,
            Shape::BigDecimal(_) => TypeRef::BigDecimal,
            Shape::Blob(s) if traits::has(&s.traits, traits::STREAMING) => TypeRef::ByteStream,
            Shape::Blob(_) => TypeRef::Blob,
            Shape::Document(_) => TypeRef::Document,
            Shape::Timestamp(s) => {
                let format = traits::timestamp_format(member_traits)
                    .and_then(|f| match f {
                        Some(f) => Ok(Some(f)),
                        None => traits::timestamp_format(&s.traits),
                    })
                    .unwrap_or_else(|m| {
                        self.problem(owner, Some(member), m);
                        None
                    });
                TypeRef::Timestamp(format)
            }
            Shape::Union(u) if traits::has(&u.traits, traits::STREAMING) => TypeRef::EventStream {
                union: target.clone(),
                error: None,
            },
            Shape::Structure(a) if traits::has(&a.traits, "smithy.api#unitType") => TypeRef::Unit,
            Shape::Structure(_) | Shape::Union(_) | Shape::Enum(_) | Shape::IntEnum(_) => {
                TypeRef::Named(target.clone())
            }
            Shape::List(l) | Shape::Set(l) => {
                let element = self.type_ref(
                    target,
                    "member",
                    &l.member.target,
                    &l.member.traits,
                    depth + 1,
                )?;
                TypeRef::List {
                    member: Box::new(element),
                    sparse: traits::has(&l.traits, traits::SPARSE),
                    item_name: traits::string(&l.member.traits, traits::XML_NAME),
                    item_namespace: xml_namespace(&l.member.traits).map(Box::new),
                }
            }
            Shape::Map(m) => {
                let key = self.type_ref(target, "key", &m.key.target, &m.key.traits, depth + 1)?;
                if !matches!(key, TypeRef::String)
                    && !matches!(&key, TypeRef::Named(id) if matches!(self.model.shape(id), Some(Shape::Enum(_) | Shape::String(_))))
                {
                    self.problem(
                        target,
                        Some("key"),
                        "map keys must target a string or enum shape",
                    );
                    return None;
                }
                let value =
                    self.type_ref(target, "value", &m.value.target, &m.value.traits, depth + 1)?;
                let key_name = traits::string(&m.key.traits, traits::XML_NAME);
                let value_name = traits::string(&m.value.traits, traits::XML_NAME);
                let key_namespace = xml_namespace(&m.key.traits);
                let value_namespace = xml_namespace(&m.value.traits);
                let renamed = key_name.is_some()
                    || value_name.is_some()
                    || key_namespace.is_some()
                    || value_namespace.is_some();
                TypeRef::Map {
                    key: Box::new(key),
                    value: Box::new(value),
                    sparse: traits::has(&m.traits, traits::SPARSE),
                    entry_names: renamed.then(|| {
                        Box::new(ir::MapEntryXml {
                            key: key_name.unwrap_or_else(|| "key".to_owned()),
                            value: value_name.unwrap_or_else(|| "value".to_owned()),
                            key_namespace,
                            value_namespace,
                        })
                    }),
                }
            }
            Shape::Service(_) | Shape::Operation(_) | Shape::Resource(_) | Shape::Apply(_) => {
                self.problem(
                    owner,
                    Some(member),
                    format!(
                        "targets `{target}`, a {}, which members cannot target",
                        shape.type_name()
                    ),
                );
                return None;
            }
        })
    }

    /// A name from the naming module, or a recorded problem.
    fn named(
        &mut self,
        id: &ShapeId,
        member: Option<&str>,
        name: Result<RustName, NameError>,
    ) -> Option<RustName> {
        match name {
            Ok(name) => Some(name),
            Err(e) => {
                self.problem(id, member, e.to_string());
                None
            }
        }
    }

    fn docs(&mut self, id: &ShapeId, member: Option<&str>, t: &Traits) -> Docs {
        match traits::documentation(t) {
            Ok(Some(html)) => Docs::from_html(html),
            Ok(None) => Docs::none(),
            Err(m) => {
                self.problem(id, member, m);
                Docs::none()
            }
        }
    }

    fn deprecated(
        &mut self,
        id: &ShapeId,
        member: Option<&str>,
        t: &Traits,
    ) -> Option<traits::Deprecated> {
        traits::deprecated(t).unwrap_or_else(|m| {
            self.problem(id, member, m);
            None
        })
    }

    fn check_member_names(&mut self, id: &ShapeId, members: &[Member]) {
        let mut names: Vec<(&str, &RustName)> = members
            .iter()
            .map(|m| (m.wire_name.as_str(), &m.name))
            .collect();
        let setters: Vec<(&str, &RustName)> = members
            .iter()
            .map(|m| (m.wire_name.as_str(), &m.setter))
            .collect();
        let getters: Vec<(&str, &RustName)> = members
            .iter()
            .map(|m| (m.wire_name.as_str(), &m.getter))
            .collect();
        // Builders hold fields, setters and getters side by side, so a member
        // named like another's `set_`/`get_` method collides too.
        names.extend(setters);
        names.extend(getters);
        // An error's `meta` field cannot collide: naming renames a member
        // called `meta` to `meta_value`.
        self.check_unique(id, "member", &names);
        // The body reader's locals are a namespace of their own.
        let locals: Vec<(&str, &RustName)> = members
            .iter()
            .map(|m| (m.wire_name.as_str(), &m.reader_local))
            .collect();
        self.check_unique(id, "member", &locals);
    }

    fn check_unique(&mut self, id: &ShapeId, what: &str, names: &[(&str, &RustName)]) {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (smithy, rust) in names {
            let key = rust.unraw();
            if let Some(first) = seen.get(key) {
                if first != smithy {
                    self.problem(
                        id,
                        Some(smithy),
                        format!(
                            "{what} `{smithy}` and `{first}` both map to the Rust name `{rust}`"
                        ),
                    );
                }
            } else {
                seen.insert(key, smithy);
            }
        }
    }

    /// Two shapes whose Rust names (or module files) would be the same in
    /// one module are a generator error, not uncompilable output.
    /// Settles the stem of every type's helper functions (`de_<stem>`,
    /// `ser_<stem>`, `zero_<stem>`, `validate_<stem>`, `read_<stem>_error`,
    /// the CLI's `read_<stem>` and `write_<stem>`), unique across the crate:
    /// the type's name in snake case. Types of `crate::types` come first; a
    /// modelled error of `crate::types::error` whose stem is taken (a type
    /// and an error of one Rust name) takes `<stem>_error`, an operation's
    /// input or output (Glue's `TestConnection` input beside its
    /// `TestConnectionInput` structure) `<stem>_operation`, and any stem
    /// still taken (two names with one snake case, such as `SelfValue` and
    /// `Self_`) a number, from 2, in shape id order. The helpers are the
    /// crate's own, so a settled name is better than a refused model.
    ///
    /// Operation-level helpers never meet these: their names start with
    /// `serialize_` or `deserialize_`, which no `ser_`/`de_` name can, and
    /// end with `_request`, `_response` or `_error` after the operation's
    /// unique name.
    fn helper_stems(&self) -> BTreeMap<ShapeId, String> {
        let rank = |def: &TypeDef| match def.location() {
            Location::Types { .. } => 0,
            Location::Errors { .. } => 1,
            Location::Operation { .. } => 2,
        };
        let mut ordered: Vec<(&ShapeId, &TypeDef)> = self.types.iter().collect();
        // Stable: within a rank, shape id order.
        ordered.sort_by_key(|(_, def)| rank(def));
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut stems = BTreeMap::new();
        for (id, def) in ordered {
            let natural = naming::snake_case(def.name().unraw());
            let mut stem = match def.location() {
                _ if !taken.contains(&natural) => natural.clone(),
                Location::Errors { .. } => format!("{natural}_error"),
                Location::Operation { .. } => format!("{natural}_operation"),
                Location::Types { .. } => natural.clone(),
            };
            let base = stem.clone();
            let mut n = 2;
            while taken.contains(&stem) {
                stem = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(stem.clone());
            stems.insert(id.clone(), stem);
        }
        stems
    }

    fn check_type_names(&mut self) {
        let mut seen: BTreeMap<(String, String), ShapeId> = BTreeMap::new();
        let mut problems = Vec::new();
        for (id, def) in &self.types {
            let scope = match def.location() {
                Location::Types { .. } => "types".to_owned(),
                Location::Errors { .. } => "types::error".to_owned(),
                Location::Operation { module } => format!("operation::{}", module.unraw()),
            };
            let mut keys = vec![(scope.clone(), def.name().unraw().to_owned())];
            if let TypeDef::Structure(s) = def {
                keys.push((
                    format!("{scope}::builders"),
                    s.builder_name.unraw().to_owned(),
                ));
            }
            match def.location() {
                Location::Types { module } | Location::Errors { module } => {
                    keys.push((format!("{scope} (file)"), module.clone()));
                }
                Location::Operation { .. } => {}
            }
            for key in keys {
                if let Some(first) = seen.get(&key) {
                    problems.push(self.model.diagnostic(
                        id,
                        format!(
                            "maps to the Rust name `{}` in `{}`, as `{first}` does; rename one of them (the service's `rename` property)",
                            key.1, key.0
                        ),
                    ));
                } else {
                    seen.insert(key, id.clone());
                }
            }
        }
        self.problems.extend(problems);
    }

    /// Breaks every cycle of direct (unboxed) structure and union members by
    /// boxing the member that closes it. Walks shapes in id order and
    /// members in model order, so the choice is the same on every run.
    fn box_recursive_members(&mut self) {
        let ids: Vec<ShapeId> = self.types.keys().cloned().collect();
        let mut state: BTreeMap<ShapeId, Visit> = BTreeMap::new();
        let mut to_box: BTreeSet<(ShapeId, usize)> = BTreeSet::new();
        for id in ids {
            self.visit(&id, &mut state, &mut to_box);
        }
        for (id, index) in to_box {
            match self.types.get_mut(&id) {
                Some(TypeDef::Structure(s)) => s.members[index].boxed = true,
                Some(TypeDef::Union(u)) => u.members[index].boxed = true,
                _ => {}
            }
        }
    }

    /// Depth-first from `root`, with an explicit stack of (shape, next
    /// member) so a chain of thousands of structures cannot overflow the
    /// call stack.
    fn visit(
        &self,
        root: &ShapeId,
        state: &mut BTreeMap<ShapeId, Visit>,
        to_box: &mut BTreeSet<(ShapeId, usize)>,
    ) {
        if state.contains_key(root) {
            return;
        }
        state.insert(root.clone(), Visit::InProgress);
        let mut stack: Vec<(ShapeId, usize)> = vec![(root.clone(), 0)];
        while let Some((id, next)) = stack.last_mut() {
            let members = match self.types.get(id) {
                Some(TypeDef::Structure(s)) => &s.members,
                Some(TypeDef::Union(u)) => &u.members,
                _ => &Vec::new(),
            };
            let Some(member) = members.get(*next) else {
                state.insert(id.clone(), Visit::Done);
                stack.pop();
                continue;
            };
            let index = *next;
            *next += 1;
            // Vec and HashMap already put elements behind a pointer; only
            // direct members make a type infinitely large.
            let TypeRef::Named(target) = &member.ty else {
                continue;
            };
            if !matches!(
                self.types.get(target),
                Some(TypeDef::Structure(_) | TypeDef::Union(_))
            ) {
                continue;
            }
            match state.get(target) {
                Some(Visit::InProgress) => {
                    to_box.insert((id.clone(), index));
                }
                Some(Visit::Done) => {}
                None => {
                    state.insert(target.clone(), Visit::InProgress);
                    stack.push((target.clone(), 0));
                }
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    InProgress,
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Input,
    Output,
}

impl Direction {
    fn usage(self) -> Usage {
        let mut u = Usage::default();
        self.mark(&mut u);
        u
    }

    fn mark(self, usage: &mut Usage) {
        match self {
            Direction::Input => usage.input = true,
            Direction::Output => usage.output = true,
        }
    }
}
