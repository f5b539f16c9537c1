//! The one walk over a member's type that every value emitter shares: the
//! JSON, query and XML body codecs, the CLI's parameter reader and output
//! printer (and through the JSON codec, the test-only service side).
//!
//! A member's type is a tree: lists and maps (each possibly sparse) around
//! a leaf, which is a simple value, an enum or a structure or union read
//! and written by its own helper function. [`walk`] descends that tree
//! once, the same way for everyone; an emitter says what each node means
//! in its format by implementing [`Visitor`]. What differs between formats
//! (where an item's value and writer are, how a sparse `None` is written,
//! which names an XML entry takes) is the visitor's; the skeleton, and the
//! lookup of named shapes, is here.

use crate::ir::{MapEntryXml, Service, TypeDef, TypeRef, XmlNamespace};
use crate::model::ShapeId;

/// A node of a member's type that is not a collection.
#[derive(Clone, Copy, Debug)]
pub enum Leaf<'a> {
    /// A value the runtime reads and writes itself: strings, booleans,
    /// numbers, timestamps, blobs, documents, streams, unit.
    Simple(&'a TypeRef),
    /// A string enum.
    Enum(&'a ShapeId),
    /// An int enum.
    IntEnum(&'a ShapeId),
    /// A structure or union, read and written by its own helper function.
    Aggregate(&'a ShapeId),
}

/// A list node: its item type and how the model shapes it.
#[derive(Clone, Copy, Debug)]
pub struct List<'a> {
    /// The item type.
    pub item: &'a TypeRef,
    /// `@sparse`: items may be null.
    pub sparse: bool,
    /// `@xmlName` of the list's member.
    pub item_name: Option<&'a str>,
    /// `@xmlNamespace` of the list's member.
    pub item_namespace: Option<&'a XmlNamespace>,
}

/// A map node: its key and value types and how the model shapes it.
#[derive(Clone, Copy, Debug)]
pub struct Map<'a> {
    /// The key type (a string or a string enum).
    pub key: &'a TypeRef,
    /// The value type.
    pub value: &'a TypeRef,
    /// `@sparse`: values may be null.
    pub sparse: bool,
    /// The XML names of the key and value, when the model renames them.
    pub entry_names: Option<&'a MapEntryXml>,
}

impl Map<'_> {
    /// The element names (and query keys) of the key and the value.
    pub fn entry_names(&self) -> (&str, &str) {
        self.entry_names
            .map_or(("key", "value"), |e| (e.key.as_str(), e.value.as_str()))
    }
}

/// A type's node as [`walk`] sees it.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    /// Not a collection.
    Leaf(Leaf<'a>),
    /// A list.
    List(List<'a>),
    /// A map.
    Map(Map<'a>),
}

/// The node of `ty`, with a named shape looked up in `service`.
pub fn node<'a>(service: &'a Service, ty: &'a TypeRef) -> Node<'a> {
    match ty {
        TypeRef::List {
            member,
            sparse,
            item_name,
            item_namespace,
        } => Node::List(List {
            item: member,
            sparse: *sparse,
            item_name: item_name.as_deref(),
            item_namespace: item_namespace.as_deref(),
        }),
        TypeRef::Map {
            key,
            value,
            sparse,
            entry_names,
        } => Node::Map(Map {
            key,
            value,
            sparse: *sparse,
            entry_names: entry_names.as_deref(),
        }),
        TypeRef::Named(id) => Node::Leaf(match service.type_def(id) {
            Some(TypeDef::Enum(_)) => Leaf::Enum(id),
            Some(TypeDef::IntEnum(_)) => Leaf::IntEnum(id),
            _ => Leaf::Aggregate(id),
        }),
        simple => Node::Leaf(Leaf::Simple(simple)),
    }
}

/// What one format makes of each node of a type.
pub trait Visitor {
    /// Where a value is, as the format needs it: the expression holding
    /// it, the writer to write it with, the element name, the parameter
    /// path for messages... A child's comes from its parent's.
    type At;
    /// What the format makes of a node: statements, an expression, ...
    type Out;

    /// A leaf at `at`.
    fn leaf(&mut self, leaf: Leaf<'_>, at: &Self::At) -> Self::Out;

    /// Where each item of `list` (itself at `at`) is.
    fn item_at(&mut self, list: &List<'_>, at: &Self::At) -> Self::At;

    /// The list at `at`, given what its item (at [`item_at`](Self::item_at))
    /// becomes.
    fn list(&mut self, list: &List<'_>, at: &Self::At, item: Self::Out) -> Self::Out;

    /// Where each value of `map` (itself at `at`) is.
    fn value_at(&mut self, map: &Map<'_>, at: &Self::At) -> Self::At;

    /// The map at `at`, given what its value (at
    /// [`value_at`](Self::value_at)) becomes.
    fn map(&mut self, map: &Map<'_>, at: &Self::At, value: Self::Out) -> Self::Out;
}

/// Walks `ty`, at `at`, with `visitor`: collections inside out, each
/// item or value first, then the collection around it.
pub fn walk<V: Visitor>(service: &Service, ty: &TypeRef, at: &V::At, visitor: &mut V) -> V::Out {
    match node(service, ty) {
        Node::Leaf(leaf) => visitor.leaf(leaf, at),
        Node::List(list) => {
            let item_at = visitor.item_at(&list, at);
            let item = walk(service, list.item, &item_at, visitor);
            visitor.list(&list, at, item)
        }
        Node::Map(map) => {
            let value_at = visitor.value_at(&map, at);
            let value = walk(service, map.value, &value_at, visitor);
            visitor.map(&map, at, value)
        }
    }
}
