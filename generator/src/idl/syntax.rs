//! What the parser reads out of one file, before any shape id is resolved.
//!
//! Shape ids stay as written, with their positions, because resolving a
//! relative id needs every file's shapes: that is the resolver's job.

use super::error::Pos;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) pos: Pos,
}

impl<T> Spanned<T> {
    pub(crate) fn new(value: T, pos: Pos) -> Self {
        Spanned { value, pos }
    }
}

/// A node value (metadata, trait values, service and resource bodies).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    /// A quoted string or a text block.
    String(String),
    /// An unquoted string: a syntactic shape id, resolved to an absolute one.
    ShapeId(Spanned<String>),
    Array(Vec<Node>),
    /// Entries in source order; keys are unique.
    Object(Vec<(String, Node)>),
}

/// The entries of a node object with the positions of their keys (service
/// and resource bodies, whose keys are checked).
pub(crate) type Entries = Spanned<Vec<(Spanned<String>, Node)>>;

/// A trait application: `@id`, `@id(value)`, a doc comment, or sugar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TraitApplication {
    /// The trait's shape id as written (sugar uses absolute ids).
    pub(crate) id: Spanned<String>,
    /// `None` for an annotation trait (`@sensitive`, `@sensitive()`), whose
    /// value depends on the trait shape's type.
    pub(crate) value: Option<Node>,
}

/// A member of a structure, union, list, or map.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MemberDef {
    pub(crate) name: Spanned<String>,
    /// `None` when elided (`$name`): taken from a resource or a mixin.
    pub(crate) target: Option<Spanned<String>>,
    pub(crate) traits: Vec<TraitApplication>,
}

/// A member of an enum or intEnum.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EnumMemberDef {
    pub(crate) name: Spanned<String>,
    /// Includes the `smithy.api#enumValue` of `NAME = value` sugar.
    pub(crate) traits: Vec<TraitApplication>,
}

/// The shape types, named as in the JSON AST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShapeType {
    Blob,
    Boolean,
    Document,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Enum,
    IntEnum,
    List,
    Map,
    Structure,
    Union,
    Service,
    Operation,
    Resource,
}

impl ShapeType {
    const ALL: [ShapeType; 22] = [
        ShapeType::Blob,
        ShapeType::Boolean,
        ShapeType::Document,
        ShapeType::String,
        ShapeType::Byte,
        ShapeType::Short,
        ShapeType::Integer,
        ShapeType::Long,
        ShapeType::Float,
        ShapeType::Double,
        ShapeType::BigInteger,
        ShapeType::BigDecimal,
        ShapeType::Timestamp,
        ShapeType::Enum,
        ShapeType::IntEnum,
        ShapeType::List,
        ShapeType::Map,
        ShapeType::Structure,
        ShapeType::Union,
        ShapeType::Service,
        ShapeType::Operation,
        ShapeType::Resource,
    ];

    /// The keyword of the IDL and the `type` of the JSON AST.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ShapeType::Blob => "blob",
            ShapeType::Boolean => "boolean",
            ShapeType::Document => "document",
            ShapeType::String => "string",
            ShapeType::Byte => "byte",
            ShapeType::Short => "short",
            ShapeType::Integer => "integer",
            ShapeType::Long => "long",
            ShapeType::Float => "float",
            ShapeType::Double => "double",
            ShapeType::BigInteger => "bigInteger",
            ShapeType::BigDecimal => "bigDecimal",
            ShapeType::Timestamp => "timestamp",
            ShapeType::Enum => "enum",
            ShapeType::IntEnum => "intEnum",
            ShapeType::List => "list",
            ShapeType::Map => "map",
            ShapeType::Structure => "structure",
            ShapeType::Union => "union",
            ShapeType::Service => "service",
            ShapeType::Operation => "operation",
            ShapeType::Resource => "resource",
        }
    }

    /// The shape type a statement keyword names.
    pub(crate) fn from_keyword(word: &str) -> Option<ShapeType> {
        ShapeType::ALL.into_iter().find(|t| t.name() == word)
    }
}

/// The type-specific part of a shape statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ShapeBody {
    /// Simple shapes have nothing but traits and mixins.
    Simple,
    Enum(Vec<EnumMemberDef>),
    /// The member may be left out when a mixin provides it.
    List(Option<MemberDef>),
    Map {
        key: Option<MemberDef>,
        value: Option<MemberDef>,
    },
    Structure {
        /// `structure X for Resource`: elided members may come from it.
        for_resource: Option<Spanned<String>>,
        members: Vec<MemberDef>,
    },
    Union(Vec<MemberDef>),
    /// The service or resource body, a node object, interpreted by the builder.
    Entity(Entries),
    Operation {
        input: Option<Spanned<String>>,
        output: Option<Spanned<String>>,
        errors: Option<Vec<Spanned<String>>>,
    },
}

/// A shape statement (an inline operation input or output is one too).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShapeDef {
    pub(crate) shape_type: ShapeType,
    /// The shape's name, relative to the file's namespace.
    pub(crate) name: Spanned<String>,
    pub(crate) traits: Vec<TraitApplication>,
    pub(crate) mixins: Vec<Spanned<String>>,
    pub(crate) body: ShapeBody,
}

/// An `apply` statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApplyDef {
    /// The target shape or member id as written.
    pub(crate) target: Spanned<String>,
    pub(crate) traits: Vec<TraitApplication>,
}

/// Everything one file says.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ModelFile {
    pub(crate) metadata: Vec<(Spanned<String>, Node)>,
    pub(crate) namespace: Option<String>,
    /// Absolute shape ids imported with `use`, keyed later by their name.
    pub(crate) uses: Vec<Spanned<String>>,
    pub(crate) shapes: Vec<ShapeDef>,
    pub(crate) applies: Vec<ApplyDef>,
}
