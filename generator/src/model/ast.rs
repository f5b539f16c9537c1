//! Serde types for the Smithy JSON AST (<https://smithy.io/2.0/spec/json-ast.html>).
//!
//! Parsing only: these types say nothing about whether the model makes sense.
//! Each shape is deserialized on its own (see [`crate::model::load`]) so an
//! error can name the shape it is in.

use super::ShapeId;
use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Trait values keyed by trait shape id, e.g. `smithy.api#documentation`.
pub type Traits = BTreeMap<String, serde_json::Value>;

/// A reference to another shape: `{"target": "ns#Name"}`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The referenced shape.
    pub target: ShapeId,
}

/// A member of an aggregate shape.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MemberDef {
    /// The shape the member targets.
    pub target: ShapeId,
    /// Traits applied to the member.
    #[serde(default)]
    pub traits: Traits,
}

/// Members in model order (the order fields are emitted in).
pub type Members = IndexMap<String, MemberDef>;

/// A simple shape (string, integer, timestamp, ...).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SimpleDef {
    /// Traits applied to the shape.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins applied to the shape.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// A shape with named members: structure, union, enum, intEnum.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AggregateDef {
    /// The members, in model order.
    #[serde(default)]
    pub members: Members,
    /// Traits applied to the shape.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins applied to the shape.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// A list (or Smithy 1.0 set).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ListDef {
    /// The element member.
    pub member: MemberDef,
    /// Traits applied to the shape.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins applied to the shape.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// A map.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MapDef {
    /// The key member (targets a string or enum).
    pub key: MemberDef,
    /// The value member.
    pub value: MemberDef,
    /// Traits applied to the shape.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins applied to the shape.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// An operation.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OperationDef {
    /// Input structure (`smithy.api#Unit` when absent).
    pub input: Option<Target>,
    /// Output structure (`smithy.api#Unit` when absent).
    pub output: Option<Target>,
    /// Errors the operation can return.
    #[serde(default)]
    pub errors: Vec<Target>,
    /// Traits applied to the operation.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins applied to the operation.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// A service.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServiceDef {
    /// The service version, e.g. `2020-07-20`.
    #[serde(default)]
    pub version: Option<String>,
    /// Operations bound directly to the service.
    #[serde(default)]
    pub operations: Vec<Target>,
    /// Resources bound to the service.
    #[serde(default)]
    pub resources: Vec<Target>,
    /// Errors every operation of the service can return.
    #[serde(default)]
    pub errors: Vec<Target>,
    /// Disambiguating renames of shapes in the service closure.
    #[serde(default)]
    pub rename: BTreeMap<ShapeId, String>,
    /// Traits applied to the service.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins applied to the service.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// A resource: a container of operations and child resources.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ResourceDef {
    /// Identifier names and the shapes they target.
    #[serde(default)]
    pub identifiers: BTreeMap<String, Target>,
    /// Property names and the shapes they target.
    #[serde(default)]
    pub properties: BTreeMap<String, Target>,
    /// Lifecycle operation `create`.
    pub create: Option<Target>,
    /// Lifecycle operation `put`.
    pub put: Option<Target>,
    /// Lifecycle operation `read`.
    pub read: Option<Target>,
    /// Lifecycle operation `update`.
    pub update: Option<Target>,
    /// Lifecycle operation `delete`.
    pub delete: Option<Target>,
    /// Lifecycle operation `list`.
    pub list: Option<Target>,
    /// Instance operations.
    #[serde(default)]
    pub operations: Vec<Target>,
    /// Collection operations.
    #[serde(default)]
    pub collection_operations: Vec<Target>,
    /// Child resources.
    #[serde(default)]
    pub resources: Vec<Target>,
    /// Traits applied to the resource.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins applied to the resource.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

impl ResourceDef {
    /// Every operation the resource binds, lifecycle ones first.
    pub fn all_operations(&self) -> impl Iterator<Item = &Target> {
        [
            &self.create,
            &self.put,
            &self.read,
            &self.update,
            &self.delete,
            &self.list,
        ]
        .into_iter()
        .flatten()
        .chain(&self.operations)
        .chain(&self.collection_operations)
    }
}

/// `apply` statement: traits added to a shape defined elsewhere.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ApplyDef {
    /// Traits to add.
    #[serde(default)]
    pub traits: Traits,
}

/// One entry of the `shapes` object, tagged by its `type`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "camelCase")]
#[allow(missing_docs)] // variant names are the Smithy type names
pub enum Shape {
    Blob(SimpleDef),
    Boolean(SimpleDef),
    String(SimpleDef),
    Byte(SimpleDef),
    Short(SimpleDef),
    Integer(SimpleDef),
    Long(SimpleDef),
    Float(SimpleDef),
    Double(SimpleDef),
    BigInteger(SimpleDef),
    BigDecimal(SimpleDef),
    Timestamp(SimpleDef),
    Document(SimpleDef),
    Enum(AggregateDef),
    IntEnum(AggregateDef),
    List(ListDef),
    /// Smithy 1.0 set: a list with unique items.
    Set(ListDef),
    Map(MapDef),
    Structure(AggregateDef),
    Union(AggregateDef),
    Service(ServiceDef),
    Operation(OperationDef),
    Resource(ResourceDef),
    Apply(ApplyDef),
}

impl Shape {
    /// The Smithy type name, as written in the JSON AST.
    pub fn type_name(&self) -> &'static str {
        match self {
            Shape::Blob(_) => "blob",
            Shape::Boolean(_) => "boolean",
            Shape::String(_) => "string",
            Shape::Byte(_) => "byte",
            Shape::Short(_) => "short",
            Shape::Integer(_) => "integer",
            Shape::Long(_) => "long",
            Shape::Float(_) => "float",
            Shape::Double(_) => "double",
            Shape::BigInteger(_) => "bigInteger",
            Shape::BigDecimal(_) => "bigDecimal",
            Shape::Timestamp(_) => "timestamp",
            Shape::Document(_) => "document",
            Shape::Enum(_) => "enum",
            Shape::IntEnum(_) => "intEnum",
            Shape::List(_) => "list",
            Shape::Set(_) => "set",
            Shape::Map(_) => "map",
            Shape::Structure(_) => "structure",
            Shape::Union(_) => "union",
            Shape::Service(_) => "service",
            Shape::Operation(_) => "operation",
            Shape::Resource(_) => "resource",
            Shape::Apply(_) => "apply",
        }
    }

    /// The shape's traits.
    pub fn traits(&self) -> &Traits {
        match self {
            Shape::Blob(s)
            | Shape::Boolean(s)
            | Shape::String(s)
            | Shape::Byte(s)
            | Shape::Short(s)
            | Shape::Integer(s)
            | Shape::Long(s)
            | Shape::Float(s)
            | Shape::Double(s)
            | Shape::BigInteger(s)
            | Shape::BigDecimal(s)
            | Shape::Timestamp(s)
            | Shape::Document(s) => &s.traits,
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Structure(a) | Shape::Union(a) => &a.traits,
            Shape::List(l) | Shape::Set(l) => &l.traits,
            Shape::Map(m) => &m.traits,
            Shape::Service(s) => &s.traits,
            Shape::Operation(o) => &o.traits,
            Shape::Resource(r) => &r.traits,
            Shape::Apply(a) => &a.traits,
        }
    }

    /// The shape's traits, mutably.
    pub fn traits_mut(&mut self) -> &mut Traits {
        match self {
            Shape::Blob(s)
            | Shape::Boolean(s)
            | Shape::String(s)
            | Shape::Byte(s)
            | Shape::Short(s)
            | Shape::Integer(s)
            | Shape::Long(s)
            | Shape::Float(s)
            | Shape::Double(s)
            | Shape::BigInteger(s)
            | Shape::BigDecimal(s)
            | Shape::Timestamp(s)
            | Shape::Document(s) => &mut s.traits,
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Structure(a) | Shape::Union(a) => {
                &mut a.traits
            }
            Shape::List(l) | Shape::Set(l) => &mut l.traits,
            Shape::Map(m) => &mut m.traits,
            Shape::Service(s) => &mut s.traits,
            Shape::Operation(o) => &mut o.traits,
            Shape::Resource(r) => &mut r.traits,
            Shape::Apply(a) => &mut a.traits,
        }
    }

    /// The mixins the shape applies.
    pub fn mixins(&self) -> &[Target] {
        match self {
            Shape::Blob(s)
            | Shape::Boolean(s)
            | Shape::String(s)
            | Shape::Byte(s)
            | Shape::Short(s)
            | Shape::Integer(s)
            | Shape::Long(s)
            | Shape::Float(s)
            | Shape::Double(s)
            | Shape::BigInteger(s)
            | Shape::BigDecimal(s)
            | Shape::Timestamp(s)
            | Shape::Document(s) => &s.mixins,
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Structure(a) | Shape::Union(a) => &a.mixins,
            Shape::List(l) | Shape::Set(l) => &l.mixins,
            Shape::Map(m) => &m.mixins,
            Shape::Service(s) => &s.mixins,
            Shape::Operation(o) => &o.mixins,
            Shape::Resource(r) => &r.mixins,
            Shape::Apply(_) => &[],
        }
    }

    /// Named members of the shape, in model order (list and map members
    /// appear as `member`, `key` and `value`).
    pub fn members(&self) -> Vec<(&str, &MemberDef)> {
        match self {
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Structure(a) | Shape::Union(a) => {
                a.members.iter().map(|(k, v)| (k.as_str(), v)).collect()
            }
            Shape::List(l) | Shape::Set(l) => vec![("member", &l.member)],
            Shape::Map(m) => vec![("key", &m.key), ("value", &m.value)],
            _ => Vec::new(),
        }
    }
}
