//! The generator's intermediate representation: one service, its operations
//! and the Rust types they need, with every name settled.
//!
//! Emitters read only this; nothing here refers back to the JSON AST, and
//! nothing downstream decides a name.

use crate::docs::Docs;
use crate::model::ShapeId;
use crate::model::traits::{Bounds, Deprecated, ErrorFault, Retryable, TimestampFormat};
use crate::naming::RustName;
use std::collections::BTreeMap;

/// The service a crate is generated for.
#[derive(Clone, Debug)]
pub struct Service {
    /// The service shape id.
    pub id: ShapeId,
    /// `aws.api#service` `sdkId`, e.g. `Proton`.
    pub sdk_id: String,
    /// `smithy.api#title`.
    pub title: Option<String>,
    /// The API version, e.g. `2020-07-20`.
    pub version: Option<String>,
    /// Service documentation.
    pub docs: Docs,
    /// SigV4 signing name, when the service uses SigV4.
    pub signing_name: Option<String>,
    /// `endpointPrefix`, used when the model has no endpoint rule set.
    pub endpoint_prefix: String,
    /// The wire protocol.
    pub protocol: Protocol,
    /// Whether the crate gets the service's side of the protocol
    /// (`lean_runtime::operation::ServiceSide`, behind `test-util`): asked
    /// for ([`Selection::service_side`](crate::lower::Selection)) and the
    /// protocol has one.
    pub service_side: bool,
    /// `@xmlNamespace` on the service: declared on the root element of
    /// every XML request body whose shape declares none.
    pub xml_namespace: Option<XmlNamespace>,
    /// `@awsQueryCompatible`: requests ask for awsQuery error codes, and
    /// errors expose them.
    pub query_compatible: bool,
    /// `smithy.rules#endpointRuleSet`, when present.
    pub endpoint_rules: Option<serde_json::Value>,
    /// `smithy.rules#endpointTests`, when present.
    pub endpoint_tests: Option<serde_json::Value>,
    /// The generated operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Named Rust types reachable from those operations.
    pub types: BTreeMap<ShapeId, TypeDef>,
    /// The stem of each type's helper functions (`de_<stem>`,
    /// `ser_<stem>`, ...), unique across the crate; see
    /// [`Service::helper_stem`].
    pub helper_stems: BTreeMap<ShapeId, String>,
    /// Headers every request carries unless the operation sets them: the
    /// customisations AWS SDKs apply (API Gateway's `Accept:
    /// application/json`, Glacier's `x-amz-glacier-version`).
    pub default_headers: Vec<(String, String)>,
    /// What lowering found odd but could generate anyway (printed as
    /// warnings).
    pub warnings: Vec<crate::Diagnostic>,
}

impl Service {
    /// The named type for a shape id; lowering guarantees every
    /// [`TypeRef::Named`] has one.
    pub fn type_def(&self, id: &ShapeId) -> Option<&TypeDef> {
        self.types.get(id)
    }

    /// The stem lowering settled for the helper functions of type `id`
    /// (`de_<stem>`, `ser_<stem>`, `zero_<stem>`, `validate_<stem>`,
    /// `read_<stem>_error`, and the CLI's `read_<stem>`/`write_<stem>`):
    /// its name in snake case, unique across the crate, so no two helpers
    /// of one family share a name. Empty for an unknown id, which lowering
    /// never leaves in a [`TypeRef::Named`].
    pub fn helper_stem(&self, id: &ShapeId) -> &str {
        self.helper_stems.get(id).map_or("", String::as_str)
    }

    /// The structure for a shape id.
    pub fn structure(&self, id: &ShapeId) -> Option<&Structure> {
        match self.types.get(id) {
            Some(TypeDef::Structure(s)) => Some(s),
            _ => None,
        }
    }
}

pub use crate::protocol::Protocol;

/// An operation's `@http` trait: how its requests are addressed in the
/// HTTP binding protocols.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Http {
    /// The method, e.g. `PUT`.
    pub method: String,
    /// The path pattern, in order; empty for an operation with no path of
    /// its own (S3's bucket operations, whose bucket is the endpoint's).
    pub path: Vec<PathPart>,
    /// Literal query parameters of the pattern (`?type=x&flag`), in order;
    /// a name without `=` has no value.
    pub query: Vec<(String, Option<String>)>,
    /// The status of a successful response.
    pub code: u16,
}

/// One piece of an `@http` path pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    /// Text copied as is, such as `/functions/`.
    Literal(String),
    /// A `{label}`: the input member of that name, percent-encoded.
    Label {
        /// The input member's field.
        field: RustName,
        /// The member name (and label).
        name: String,
        /// `{label+}`: a greedy label keeps its `/`.
        greedy: bool,
        /// The value sent when the member is unset (Glacier's `accountId`
        /// is `-`, the caller's account); without one, an unset label is an
        /// error.
        default: Option<String>,
    },
}

/// Where a member of an operation's input, output or error travels. In the
/// RPC protocols every member is [`Binding::Body`]; in the HTTP binding
/// protocols the `@http*` traits of the top-level structure's members say,
/// and members of nested structures are always in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A member of the body document.
    Body,
    /// `@httpHeader`: the header of this name.
    Header(String),
    /// `@httpPrefixHeaders`: a map of the headers starting with this prefix.
    PrefixHeaders(String),
    /// `@httpLabel`: a label of the path pattern.
    Label {
        /// `{name+}`.
        greedy: bool,
    },
    /// `@httpQuery`: the query parameter of this name.
    Query(String),
    /// `@httpQueryParams`: a map of query parameters.
    QueryParams,
    /// `@httpPayload`: the whole body.
    Payload,
    /// `@httpResponseCode`: the response's status.
    ResponseCode,
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The operation shape id.
    pub id: ShapeId,
    /// The operation name, e.g. `CancelComponentDeployment`.
    pub name: String,
    /// Module name, e.g. `cancel_component_deployment` (keywords get a `_`
    /// suffix).
    pub module: RustName,
    /// Client method name (keywords are raw identifiers).
    pub fn_name: RustName,
    /// CLI subcommand, e.g. `cancel-component-deployment`.
    pub cli_name: String,
    /// The input structure (a synthetic `<Op>Input`).
    pub input: ShapeId,
    /// The output structure (a synthetic `<Op>Output`).
    pub output: ShapeId,
    /// Modelled errors, operation errors first, then service errors.
    pub errors: Vec<ShapeId>,
    /// `<Op>Error`.
    pub error_name: RustName,
    /// `<Op>` marker type implementing `lean_runtime::operation::Operation`.
    pub marker_name: RustName,
    /// `<Op>FluentBuilder`.
    pub fluent_builder_name: RustName,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `@paginated`, when the operation is.
    pub pagination: Option<Pagination>,
    /// The waiters of `smithy.waiters#waitable`, sorted by name.
    pub waiters: Vec<Waiter>,
    /// `@endpoint(hostPrefix)`: what the request's host starts with.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// `@requestCompression` with an encoding this client supports: the
    /// body is compressed with it when large enough.
    pub request_compression: Option<Compression>,
    /// How requests are authenticated (`@auth([])`, `@optionalAuth`).
    pub auth: Auth,
    /// `@http`, in the HTTP binding protocols.
    pub http: Option<Http>,
    /// `@httpChecksumRequired` (or `@httpChecksum(requestChecksumRequired:
    /// true)`): requests carry the body's `Content-MD5`.
    pub checksum_required: bool,
    /// Glacier's upload checksums (`x-amz-content-sha256` and
    /// `x-amz-sha256-tree-hash`), which every AWS SDK adds to Glacier's
    /// uploads.
    pub glacier_checksums: bool,
    /// `@s3UnwrappedXmlOutput`: the response's root element is the
    /// output's one member, not a wrapper of its members.
    pub unwrapped_xml_output: bool,
    /// S3's quirk: a `200` whose body is an `<Error>` document is an error
    /// (`CopyObject`, `CompleteMultipartUpload`, … fail that way after
    /// the status is sent). Every S3 operation whose output is not a
    /// stream checks for it.
    pub error_in_success: bool,
    /// `@httpChecksum`'s `requestAlgorithmMember`: the input member naming
    /// the flexible checksum to send with the body, when set.
    pub checksum_algorithm_member: Option<Member>,
    /// `@httpChecksum`'s `requestValidationModeMember`: the input member
    /// that, when `ENABLED`, asks for the response body's checksum to be
    /// checked.
    pub checksum_validation_member: Option<Member>,
    /// Whether the fluent builder offers `presigned` (the S3 operations
    /// every AWS SDK presigns: `GetObject`, `PutObject`, `HeadObject`,
    /// `DeleteObject`, `UploadPart`).
    pub presignable: bool,
    /// Sent over HTTP/2: the operation has an event stream and its
    /// service's protocol trait allows only `h2` for event streams
    /// (`eventStreamHttp`, else `http`), as Transcribe Streaming and
    /// Kinesis do, or it streams events both ways.
    pub http2: bool,
    /// Endpoint rule-set parameters this operation sets
    /// (`@staticContextParams`, `@contextParam` members of its input): the
    /// endpoint is then resolved for each call rather than once per client.
    pub endpoint_params: Vec<EndpointParamBinding>,
    /// The input member (a string field) whose URL, when set, is the
    /// endpoint of the call: Amazon Machine Learning's `Predict` goes to the
    /// `PredictEndpoint` the model was deployed at, as every AWS SDK sends it.
    pub endpoint_url_member: Option<Member>,
}

/// A rule-set parameter an operation sets, and from what.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointParamBinding {
    /// The `ParamsBuilder` method taking an `Option` of the value, e.g.
    /// `set_stream_arn`.
    pub setter: String,
    /// Where the value comes from.
    pub source: EndpointParamSource,
}

/// A path into an operation's input (`@operationContextParams`), each step
/// resolved against the input's types.
#[derive(Clone, Debug, PartialEq)]
pub struct InputPath {
    /// Fields from the input to the value, or to the list projected.
    pub fields: Vec<PathField>,
    /// What is done with the value the fields lead to.
    pub end: PathEnd,
}

/// One field on an [`InputPath`].
#[derive(Clone, Debug, PartialEq)]
pub struct PathField {
    /// The Rust field.
    pub field: RustName,
    /// Whether it is an `Option`.
    pub optional: bool,
}

/// The end of an [`InputPath`].
#[derive(Clone, Debug, PartialEq)]
pub enum PathEnd {
    /// The string (or enum) value itself.
    Value {
        /// Whether it is an enum (taken as its string value).
        is_enum: bool,
    },
    /// `list[*].a.b`: for each element, the string at these fields (elements
    /// where an optional field is unset are skipped).
    Project {
        /// The fields within each element.
        fields: Vec<PathField>,
        /// Whether the value at the end is an enum.
        is_enum: bool,
    },
    /// `keys(map)`: the map's keys, sorted.
    Keys {
        /// Whether the keys are enums.
        is_enum: bool,
    },
}

/// Where an operation's endpoint parameter value comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum EndpointParamSource {
    /// `@staticContextParams`: a string, boolean or list of strings.
    Static(serde_json::Value),
    /// `@operationContextParams`: a path into the input, resolved.
    InputPath(InputPath),
    /// The `AWS::Auth::AccountId` built-in: the credentials' account.
    AccountId,
    /// The `AWS::Auth::AccountIdEndpointMode` built-in.
    AccountIdEndpointMode,
    /// `@contextParam` on the input member with this Rust field name, of
    /// this type; `optional` when the field is an `Option`.
    Member {
        /// The field.
        field: RustName,
        /// Its type.
        ty: TypeRef,
        /// Whether it is an `Option`.
        optional: bool,
    },
}

/// How an operation's requests are authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Signed with the service's scheme (the default).
    Required,
    /// `@optionalAuth`: signed when credentials can be had.
    Optional,
    /// `@auth([])`: never signed.
    None,
}

/// How to page through an operation (`@paginated`, merged with the
/// service's defaults), with every member on the way resolved.
#[derive(Clone, Debug)]
pub struct Pagination {
    /// `<Op>Paginator`.
    pub paginator_name: RustName,
    /// The input member holding the continuation token; its type is the
    /// token's (a string or a map).
    pub input_token: Member,
    /// The output members leading to the next token (a path: `a.b`).
    pub output_token: Vec<Member>,
    /// The input member limiting the page size (an integer).
    pub page_size: Option<Member>,
    /// The output members leading to the items (a list or a map), when the
    /// trait names them.
    pub items: Option<Vec<Member>>,
}

/// One waiter of `smithy.waiters#waitable`.
#[derive(Clone, Debug)]
pub struct Waiter {
    /// The waiter's name, e.g. `ComponentDeployed`.
    pub name: String,
    /// Module under `crate::waiters`, e.g. `component_deployed`.
    pub module: RustName,
    /// Client method, e.g. `wait_until_component_deployed`.
    pub fn_name: RustName,
    /// Fluent builder, e.g. `WaitUntilComponentDeployed`.
    pub builder_name: RustName,
    /// Alias of the final poll, e.g. `ComponentDeployedFinalPoll`.
    pub final_poll_name: RustName,
    /// Alias of the error, e.g. `WaitUntilComponentDeployedError`.
    pub error_name: RustName,
    /// What the builder polls with, e.g. `ComponentDeployedPoller`.
    pub poller_name: RustName,
    /// Documentation.
    pub docs: Docs,
    /// Whether the model marks the waiter deprecated.
    pub deprecated: bool,
    /// Seconds to wait at least between polls (`minDelay`, default 2).
    pub min_delay: u64,
    /// Seconds to wait at most between polls (`maxDelay`, default 120).
    pub max_delay: u64,
    /// The acceptors, in model order: the first that matches decides.
    pub acceptors: Vec<Acceptor>,
}

/// One acceptor of a waiter.
#[derive(Clone, Debug)]
pub struct Acceptor {
    /// The state it leads to.
    pub state: AcceptorState,
    /// When it matches.
    pub matcher: Matcher,
}

/// What a matched acceptor does to the wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// Stop: the awaited state is reached.
    Success,
    /// Stop: the awaited state cannot be reached.
    Failure,
    /// Poll again.
    Retry,
}

/// When an acceptor matches.
#[derive(Clone, Debug)]
pub enum Matcher {
    /// A path into the output of a successful call.
    Output(PathMatcher),
    /// A path into `{input, output}` of a successful call.
    InputOutput(PathMatcher),
    /// `true`: the call succeeded; `false`: it failed with any error.
    Success(bool),
    /// The call failed with an error of this code (the name part of an
    /// absolute shape id).
    ErrorType(String),
}

/// A JMESPath expression and what its value must be.
#[derive(Clone, Debug)]
pub struct PathMatcher {
    /// The expression as the model writes it.
    pub path: String,
    /// The expression, checked against the shapes it reads.
    pub expr: PathExpr,
    /// How the value is compared.
    pub comparator: PathComparator,
}

/// How a path's value is compared with the expected value.
#[derive(Clone, Debug, PartialEq)]
pub enum PathComparator {
    /// The value is this string.
    StringEquals(String),
    /// The value is this boolean.
    BooleanEquals(bool),
    /// The value is a non-empty list whose elements are all this string.
    AllStringEquals(String),
    /// The value is a list with at least one element equal to this string.
    AnyStringEquals(String),
}

/// A JMESPath expression with its static type. Every value may be null
/// (a member not set, a failed function), as in JMESPath.
#[derive(Clone, Debug)]
pub struct PathExpr {
    /// The type of its value.
    pub ty: PathType,
    /// How the value is computed.
    pub node: PathNode,
}

/// The JMESPath type of a value, from the shapes it was read from.
#[derive(Clone, Debug, PartialEq)]
pub enum PathType {
    /// A structure of [`Service::types`].
    Struct(ShapeId),
    /// A string (strings and string enums).
    String,
    /// A boolean.
    Bool,
    /// A number (every numeric type, int enums, timestamps as epoch
    /// seconds).
    Number,
    /// A list.
    List(Box<PathType>),
    /// A map with string keys.
    Map(Box<PathType>),
    /// `{input, output}`, the root of an `inputOutput` path.
    InputOutput,
    /// The `null` literal.
    Null,
}

/// How a [`PathExpr`] computes its value.
#[derive(Clone, Debug)]
pub enum PathNode {
    /// The node the expression is evaluated on: the output (or `{input,
    /// output}`) at the top, the element inside a projection.
    Current,
    /// `input` of `{input, output}`.
    Input,
    /// `output` of `{input, output}`.
    Output,
    /// A member of a structure.
    Member {
        /// The structure.
        of: Box<PathExpr>,
        /// The member.
        member: Box<Member>,
    },
    /// The value of a map under a key.
    MapValue {
        /// The map.
        of: Box<PathExpr>,
        /// The key.
        key: String,
    },
    /// An element of a list, negative indexes counting from the end.
    Index {
        /// The list.
        of: Box<PathExpr>,
        /// The index.
        index: i64,
    },
    /// `each` evaluated on every element (with [`PathNode::Current`] the
    /// element), null results dropped.
    Project {
        /// The list or map projected over.
        of: Box<PathExpr>,
        /// How elements are picked.
        over: ProjectOver,
        /// Keeps the elements for which this is truthy (`[?...]`).
        filter: Option<Box<PathExpr>>,
        /// What each element becomes.
        each: Box<PathExpr>,
    },
    /// `[a, b]`: the items' values, in order. Compiled lists hold no nulls,
    /// so a null item is left out (the AWS models' one such path, Auto
    /// Scaling's `GroupInService`, reads the same either way).
    MultiList(Vec<PathExpr>),
    /// A string literal.
    String(String),
    /// A number literal.
    Number(f64),
    /// A boolean literal.
    Bool(bool),
    /// The `null` literal.
    Null,
    /// `lhs <op> rhs` on two strings, numbers or booleans.
    Compare {
        /// The operator.
        op: crate::jmespath::Comparator,
        /// Left operand.
        lhs: Box<PathExpr>,
        /// Right operand.
        rhs: Box<PathExpr>,
    },
    /// `x == null`.
    IsNull(Box<PathExpr>),
    /// `lhs && rhs` on booleans.
    And(Box<PathExpr>, Box<PathExpr>),
    /// `lhs || rhs` on booleans.
    Or(Box<PathExpr>, Box<PathExpr>),
    /// `!x`: whether `x` is falsy (null, false, empty).
    Not(Box<PathExpr>),
    /// `length(x)` of a string (characters), list or map.
    Length(Box<PathExpr>),
    /// `contains(subject, search)`: a list holding the value, or a string
    /// holding the substring.
    Contains {
        /// The list or string searched.
        subject: Box<PathExpr>,
        /// What is searched for.
        search: Box<PathExpr>,
    },
}

/// Which elements a projection goes over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectOver {
    /// The elements of a list.
    List,
    /// The elements of the lists of a list of lists (`[]`).
    Flattened,
    /// The values of a map (`*`).
    MapValues,
}

/// One piece of an operation's host prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Text copied as is, such as `foo.`.
    Literal(String),
    /// The value of a `@hostLabel` member of the input (a string).
    Label {
        /// The input member's field.
        field: RustName,
        /// Its name in the model.
        wire_name: String,
    },
}

/// A request body encoding of `@requestCompression`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// `gzip`.
    Gzip,
}

/// A named Rust type.
#[derive(Clone, Debug)]
pub enum TypeDef {
    /// A structure (plain, operation input/output, or error).
    Structure(Structure),
    /// A string enum (`enum` shape or `@enum` trait).
    Enum(Enum),
    /// An `intEnum`.
    IntEnum(IntEnum),
    /// A union.
    Union(Union),
}

impl TypeDef {
    /// The Rust type name.
    pub fn name(&self) -> &RustName {
        match self {
            TypeDef::Structure(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::IntEnum(e) => &e.name,
            TypeDef::Union(u) => &u.name,
        }
    }

    /// Where the type lives in the generated crate.
    pub fn location(&self) -> &Location {
        match self {
            TypeDef::Structure(s) => &s.location,
            TypeDef::Enum(e) => &e.location,
            TypeDef::IntEnum(e) => &e.location,
            TypeDef::Union(u) => &u.location,
        }
    }

    /// Whether the model marks the whole type `@sensitive`.
    pub fn sensitive(&self) -> bool {
        match self {
            TypeDef::Structure(s) => s.sensitive,
            TypeDef::Enum(e) => e.sensitive,
            TypeDef::IntEnum(e) => e.sensitive,
            TypeDef::Union(u) => u.sensitive,
        }
    }

    /// Which directions the type travels in.
    pub fn usage(&self) -> Usage {
        match self {
            TypeDef::Structure(s) => s.usage,
            TypeDef::Enum(e) => e.usage,
            TypeDef::IntEnum(e) => e.usage,
            TypeDef::Union(u) => u.usage,
        }
    }
}

/// The module a type is emitted in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// `crate::types` (one file per type under `src/types/`).
    Types {
        /// The file's module name (`_component`: the leading `_` keeps it
        /// clear of keywords and of the type names re-exported beside it).
        module: String,
    },
    /// `crate::types::error` (modelled errors).
    Errors {
        /// The file's module name.
        module: String,
    },
    /// `crate::operation::<op>` (operation inputs and outputs).
    Operation {
        /// The operation's module.
        module: RustName,
    },
}

/// Whether a type is sent, received, or both (decides which serializers and
/// deserializers exist).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from an operation input.
    pub input: bool,
    /// Reachable from an operation output or error.
    pub output: bool,
}

/// What role a structure plays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StructKind {
    /// A plain structure.
    Plain,
    /// The input of an operation.
    Input,
    /// The output of an operation.
    Output,
    /// A modelled error.
    Error(ErrorInfo),
}

/// What the model says about an error structure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The error code on the wire (the shape name).
    pub code: String,
    /// Client or server fault.
    pub fault: ErrorFault,
    /// `@httpError`.
    pub http_status: Option<u16>,
    /// `@retryable`.
    pub retryable: Option<Retryable>,
}

/// A structure.
#[derive(Clone, Debug)]
pub struct Structure {
    /// The shape id (synthetic for operation inputs and outputs).
    pub id: ShapeId,
    /// The Rust type name.
    pub name: RustName,
    /// The builder type name.
    pub builder_name: RustName,
    /// Where it lives.
    pub location: Location,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// Members in model order.
    pub members: Vec<Member>,
    /// Role.
    pub kind: StructKind,
    /// `@sensitive` on the structure.
    pub sensitive: bool,
    /// Directions it travels in.
    pub usage: Usage,
    /// Its element name as the root of an XML body: `@xmlName`, else the
    /// shape name.
    pub xml_root: String,
    /// `@xmlNamespace` on the structure, declared when it is the root of
    /// an XML body.
    pub xml_namespace: Option<XmlNamespace>,
    /// For an operation input, the field of its builder that holds what
    /// sends it (the fluent builder's client): `send_with`, suffixed with
    /// `_` as often as a member's field already has that name.
    pub sender_field: Option<RustName>,
}

/// A member of a structure or union.
#[derive(Clone, Debug)]
pub struct Member {
    /// The member name in the model (the CLI's key, and the key the
    /// awsJson protocols use).
    pub wire_name: String,
    /// Its key in a JSON body: `@jsonName` where the protocol honours it,
    /// else the member name.
    pub json_name: String,
    /// Its element name in an XML body: `@xmlName`, else the member name.
    /// For an `@httpPayload` structure or union in an XML protocol, the
    /// payload's root element: the member's `@xmlName`, else the
    /// target's, else the target's shape name.
    pub xml_name: String,
    /// `@xmlAttribute`: an attribute of its structure's element.
    pub xml_attribute: bool,
    /// `@xmlFlattened`: a list's items (a map's entries) repeat the
    /// member's own element, without a wrapper.
    pub xml_flattened: bool,
    /// `@xmlNamespace`: declared on the member's element.
    pub xml_namespace: Option<XmlNamespace>,
    /// Its key in a query request: the protocol's choice of `@xmlName`,
    /// `@ec2QueryName` and the member name (see `Protocol::query_name`).
    pub query_name: String,
    /// Where it travels in an HTTP message.
    pub binding: Binding,
    /// `@mediaType` of its (string or blob) target, which decides a
    /// payload's content type and base64 in headers.
    pub media_type: Option<String>,
    /// Field, accessor and builder method name.
    pub name: RustName,
    /// `set_<name>` builder method.
    pub setter: RustName,
    /// `get_<name>` builder method.
    pub getter: RustName,
    /// The local the structure's body reader collects it in (see
    /// `naming::reader_local_name`).
    pub reader_local: RustName,
    /// Union variant name (unions only; PascalCase).
    pub variant: RustName,
    /// The Rust type.
    pub ty: TypeRef,
    /// `@required`.
    pub required: bool,
    /// Whether the field is an `Option` in the struct.
    pub optional: bool,
    /// `@default` value, when the member has a non-null one.
    pub default: Option<serde_json::Value>,
    /// Redact in `Debug`.
    pub sensitive: bool,
    /// `@length` (on the member or its target).
    pub length: Option<Bounds>,
    /// `@range` (on the member or its target).
    pub range: Option<Bounds>,
    /// `@idempotencyToken`: filled with a UUID when unset.
    pub idempotency_token: bool,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
}

/// The Rust type of a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// `String`
    String,
    /// `bool`
    Boolean,
    /// `i8`
    Byte,
    /// `i16`
    Short,
    /// `i32`
    Integer,
    /// `i64`
    Long,
    /// `f32`
    Float,
    /// `f64`
    Double,
    /// `lean_runtime::primitives::BigInteger`
    BigInteger,
    /// `lean_runtime::primitives::BigDecimal`
    BigDecimal,
    /// `lean_runtime::DateTime`, with the format the model sets for it
    /// (`@timestampFormat` on the member or its target); without one, the
    /// protocol decides by where it travels
    /// ([`Protocol::timestamp_format`]).
    Timestamp(Option<TimestampFormat>),
    /// `lean_runtime::Blob`
    Blob,
    /// `lean_runtime::byte_stream::ByteStream`: a `@streaming` blob, the
    /// whole body of its message (an `@httpPayload`).
    ByteStream,
    /// `lean_runtime::Document`
    Document,
    /// An event stream (a member targeting a `@streaming` union, the whole
    /// body of its message): `lean_runtime::event_stream::EventSender<U>`
    /// in an input, `EventReceiver<U, E>` in an output, `E` the
    /// operation's error enum.
    EventStream {
        /// The union of the stream's events.
        union: ShapeId,
        /// The error enum of the operation receiving the stream (outputs
        /// only).
        error: Option<Box<OperationErrorPath>>,
    },
    /// A structure, union or enum of [`Service::types`].
    Named(ShapeId),
    /// No value: a union member targeting `smithy.api#Unit`.
    Unit,
    /// `Vec<T>` (or `Vec<Option<T>>` when sparse).
    List {
        /// The element type.
        member: Box<TypeRef>,
        /// `@sparse`: elements may be null.
        sparse: bool,
        /// `@xmlName` of the list's member: the item element (and query
        /// key) instead of `member`.
        item_name: Option<String>,
        /// `@xmlNamespace` of the list's member: declared on each item
        /// element written.
        item_namespace: Option<Box<XmlNamespace>>,
    },
    /// `HashMap<K, V>` (or with `Option<V>` values when sparse).
    Map {
        /// The key type (string or enum).
        key: Box<TypeRef>,
        /// The value type.
        value: Box<TypeRef>,
        /// `@sparse`: values may be null.
        sparse: bool,
        /// `@xmlName` and `@xmlNamespace` of the map's key and value, when
        /// the model sets any: their element names (and query keys) instead
        /// of `key` and `value`.
        entry_names: Option<Box<MapEntryXml>>,
    },
}

/// Where an operation's error enum lives: `crate::operation::<module>::<name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationErrorPath {
    /// The operation's module.
    pub module: RustName,
    /// The error enum.
    pub name: RustName,
}

impl TypeRef {
    /// Whether the value is a whole message body read or written as it
    /// travels: a streaming blob or an event stream.
    pub fn is_stream(&self) -> bool {
        matches!(self, TypeRef::ByteStream | TypeRef::EventStream { .. })
    }
}

/// The XML names of a map entry's key and value elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapEntryXml {
    /// The key's element name (`key` unless renamed).
    pub key: String,
    /// The value's element name (`value` unless renamed).
    pub value: String,
    /// `@xmlNamespace` of the map's key.
    pub key_namespace: Option<XmlNamespace>,
    /// `@xmlNamespace` of the map's value.
    pub value_namespace: Option<XmlNamespace>,
}

/// `@xmlNamespace`: the namespace an XML element declares, as
/// `xmlns="uri"` or, with a prefix, `xmlns:prefix="uri"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The prefix, if any.
    pub prefix: Option<String>,
    /// The namespace URI.
    pub uri: String,
}

/// The element names (and query keys) of a map's key and value, from its
/// `entry_names`: `key` and `value` unless the model renames them.
pub fn map_entry_names(entry_names: &Option<Box<MapEntryXml>>) -> (&str, &str) {
    entry_names
        .as_deref()
        .map_or(("key", "value"), |e| (e.key.as_str(), e.value.as_str()))
}

/// A string enum.
#[derive(Clone, Debug)]
pub struct Enum {
    /// The shape id.
    pub id: ShapeId,
    /// The Rust type name.
    pub name: RustName,
    /// Where it lives.
    pub location: Location,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// Known values, in model order.
    pub variants: Vec<EnumVariant>,
    /// `@sensitive`.
    pub sensitive: bool,
    /// Directions it travels in.
    pub usage: Usage,
}

/// One known value of a string enum.
#[derive(Clone, Debug)]
pub struct EnumVariant {
    /// The variant name.
    pub name: RustName,
    /// The wire value.
    pub value: String,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated` (or `deprecated: true` in the `@enum` trait).
    pub deprecated: Option<Deprecated>,
}

/// An `intEnum`.
#[derive(Clone, Debug)]
pub struct IntEnum {
    /// The shape id.
    pub id: ShapeId,
    /// The Rust type name.
    pub name: RustName,
    /// Where it lives.
    pub location: Location,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// Known values, in model order.
    pub variants: Vec<IntEnumVariant>,
    /// `@sensitive`.
    pub sensitive: bool,
    /// Directions it travels in.
    pub usage: Usage,
}

/// One known value of an `intEnum`.
#[derive(Clone, Debug)]
pub struct IntEnumVariant {
    /// The variant name.
    pub name: RustName,
    /// The wire value.
    pub value: i32,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
}

/// A union.
#[derive(Clone, Debug)]
pub struct Union {
    /// The shape id.
    pub id: ShapeId,
    /// The Rust type name.
    pub name: RustName,
    /// Where it lives.
    pub location: Location,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// Variants, in model order (`ty` is the payload; [`TypeRef::Unit`]
    /// for variants without data).
    pub members: Vec<Member>,
    /// `@sensitive`.
    pub sensitive: bool,
    /// Directions it travels in.
    pub usage: Usage,
    /// Its element name as the root of an XML body (an `@httpPayload`):
    /// `@xmlName`, else the shape name.
    pub xml_root: String,
    /// `@streaming`: the events of an event stream. Its members that
    /// target errors are [`Self::event_errors`], and variants only when the
    /// client sends the stream (as exception messages).
    pub event_stream: bool,
    /// The exceptions an event stream may end with: each member's name
    /// (its `:exception-type`) and the error structure it targets.
    pub event_errors: Vec<(String, ShapeId)>,
}
