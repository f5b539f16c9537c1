//! Builds one JSON AST document out of the parsed files, shaped the way
//! `smithy ast` prints a model:
//!
//! - shapes sorted by id, each with its keys in the reference serializer's
//!   order (`type`, `mixins`, members or properties, `traits`), traits sorted
//!   by id, the operation, resource and error lists of services, resources and
//!   operations sorted, a missing operation `input` or `output` written as
//!   `smithy.api#Unit`, metadata with deeply sorted keys;
//! - `apply` statements merged into the traits of their target; a trait
//!   applied to a member a shape inherits from a mixin becomes a
//!   `"type": "apply"` entry named `Shape$member`, as `smithy ast` writes it;
//! - mixins not flattened: a shape lists its `mixins` and only the members and
//!   traits it defines itself (the reference serializer does the same);
//! - enum members without a value get `smithy.api#enumValue` = their name.
//!
//! Trait values keep the key order they were written in; the reference tool
//! may reorder the keys of traits it has dedicated classes for.

mod elision;
mod entities;
mod render;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use serde_json::{Map, Value};

use super::error::{IdlError, Pos};
use super::prelude;
use super::resolve::{Defined, Index, Resolver, shape_type};
use super::syntax::{
    MemberDef, ModelFile, Node, ShapeBody, ShapeDef, ShapeType, Spanned, TraitApplication,
};
use render::{reference, render_shape, render_traits, sort_keys_deeply};

const UNIT: &str = "smithy.api#Unit";
const TRAIT: &str = "smithy.api#trait";
const ENUM_VALUE: &str = "smithy.api#enumValue";

/// How deep mixin chains are followed; deeper chains are cycles in practice.
const MAX_MIXIN_DEPTH: usize = 64;

type Result<T> = std::result::Result<T, IdlError>;

/// Builds the merged JSON AST of parsed files.
pub(crate) fn build(files: &[(PathBuf, ModelFile)]) -> Result<Value> {
    let index = index_shapes(files)?;
    let resolvers = files
        .iter()
        .map(|(path, model)| resolver(&index, path, model))
        .collect::<Result<Vec<_>>>()?;
    let mut builder = Builder {
        files,
        index: &index,
        resolvers,
        trait_shapes: HashSet::new(),
    };
    builder.find_trait_shapes();
    builder.build()
}

fn index_shapes(files: &[(PathBuf, ModelFile)]) -> Result<Index<'_>> {
    let mut index = Index::new();
    for (file, (path, model)) in files.iter().enumerate() {
        let namespace = model.namespace.as_deref().unwrap_or_default();
        for def in &model.shapes {
            let id = format!("{namespace}#{}", def.name.value);
            if namespace == prelude::NAMESPACE && prelude::get(&def.name.value).is_some() {
                return Err(IdlError::new(
                    path,
                    def.name.pos,
                    format!("shape '{id}' is already defined in the prelude"),
                ));
            }
            if let Some(previous) = index.get(&id) {
                let (previous_path, _) = &files[previous.file];
                let at = previous.def.name.pos;
                return Err(IdlError::new(
                    path,
                    def.name.pos,
                    format!(
                        "shape '{id}' is already defined at {}:{}:{}",
                        previous_path.display(),
                        at.line,
                        at.column
                    ),
                ));
            }
            index.insert(id, Defined { file, def });
        }
    }
    Ok(index)
}

fn resolver<'a>(
    index: &'a Index<'a>,
    path: &'a PathBuf,
    model: &'a ModelFile,
) -> Result<Resolver<'a>> {
    let namespace = model.namespace.as_deref().unwrap_or_default();
    let mut uses: HashMap<String, String> = HashMap::new();
    for used in &model.uses {
        let name = used
            .value
            .rsplit('#')
            .next()
            .unwrap_or_default()
            .to_string();
        if let Some(previous) = uses.get(&name) {
            return Err(IdlError::new(
                path,
                used.pos,
                format!(
                    "cannot use '{}': the name conflicts with '{previous}'",
                    used.value
                ),
            ));
        }
        uses.insert(name, used.value.clone());
    }
    for def in &model.shapes {
        if let Some(imported) = uses.get(&def.name.value) {
            return Err(IdlError::new(
                path,
                def.name.pos,
                format!(
                    "shape name '{}' conflicts with the imported shape '{imported}'",
                    def.name.value
                ),
            ));
        }
    }
    Ok(Resolver {
        index,
        path,
        namespace,
        uses,
    })
}

/// A trait value and where it was applied, to name both places on conflict.
struct Applied {
    value: Value,
    file: usize,
    pos: Pos,
}

/// Traits by absolute id; sorted, as `smithy ast` prints them.
#[derive(Default)]
struct Traits(BTreeMap<String, Applied>);

struct BuiltMember {
    name: String,
    pos: Pos,
    target: String,
    traits: Traits,
}

/// How a shape's members are written in the JSON AST.
#[derive(Clone, Copy, PartialEq)]
enum MemberStyle {
    /// No members (simple shapes, services, resources, operations).
    None,
    /// A `members` object (structures, unions, enums).
    Named,
    /// Top-level `member` or `key`/`value` (lists and maps).
    TopLevel,
}

struct BuiltShape {
    file: usize,
    shape_type: ShapeType,
    mixins: Vec<String>,
    style: MemberStyle,
    members: Vec<BuiltMember>,
    /// Service, resource, and operation properties, in output order.
    properties: Vec<(String, Value)>,
    traits: Traits,
}

struct Builder<'a> {
    files: &'a [(PathBuf, ModelFile)],
    index: &'a Index<'a>,
    resolvers: Vec<Resolver<'a>>,
    /// Absolute ids of the loaded shapes that are traits.
    trait_shapes: HashSet<String>,
}

impl Builder<'_> {
    fn error(&self, file: usize, pos: Pos, message: impl Into<String>) -> IdlError {
        IdlError::new(&self.files[file].0, pos, message)
    }

    fn namespace(&self, file: usize) -> &str {
        self.files[file].1.namespace.as_deref().unwrap_or_default()
    }

    /// Marks the loaded shapes that carry `@trait`, directly or by `apply`.
    fn find_trait_shapes(&mut self) {
        let mut found = HashSet::new();
        for (file, (_, model)) in self.files.iter().enumerate() {
            let resolver = &self.resolvers[file];
            let is_trait_trait =
                |app: &TraitApplication| resolver.resolve(&app.id).is_ok_and(|id| id == TRAIT);
            for def in &model.shapes {
                if def.traits.iter().any(is_trait_trait) {
                    found.insert(format!("{}#{}", self.namespace(file), def.name.value));
                }
            }
            for apply in &model.applies {
                if apply.traits.iter().any(is_trait_trait)
                    && let Ok(target) = resolver.resolve(&apply.target)
                {
                    found.insert(target);
                }
            }
        }
        self.trait_shapes = found;
    }

    fn is_trait(&self, id: &str) -> bool {
        if self.trait_shapes.contains(id) {
            return true;
        }
        id.split_once('#').is_some_and(|(namespace, name)| {
            namespace == prelude::NAMESPACE && prelude::get(name).is_some_and(|s| s.is_trait)
        })
    }

    fn build(&self) -> Result<Value> {
        let metadata = self.metadata()?;
        let mut shapes: BTreeMap<String, BuiltShape> = BTreeMap::new();
        for (file, (_, model)) in self.files.iter().enumerate() {
            for def in &model.shapes {
                let id = format!("{}#{}", self.namespace(file), def.name.value);
                let built = self.shape(file, &id, def)?;
                shapes.insert(id, built);
            }
        }
        let inherited = self.apply_statements(&mut shapes)?;
        for (id, shape) in &mut shapes {
            self.settle_enum_values(id, shape)?;
        }

        let mut out: BTreeMap<String, Value> = shapes
            .into_iter()
            .map(|(id, shape)| (id, render_shape(shape)))
            .collect();
        for (id, traits) in inherited {
            let mut apply = Map::new();
            apply.insert("type".into(), "apply".into());
            apply.insert("traits".into(), render_traits(traits));
            out.insert(id, Value::Object(apply));
        }

        let mut document = Map::new();
        document.insert("smithy".into(), "2.0".into());
        if !metadata.is_empty() {
            document.insert("metadata".into(), Value::Object(metadata));
        }
        document.insert("shapes".into(), Value::Object(out.into_iter().collect()));
        Ok(Value::Object(document))
    }

    // ----- metadata -----------------------------------------------------

    /// Merges every file's metadata: arrays under one key are concatenated,
    /// equal values are kept once, anything else conflicts.
    fn metadata(&self) -> Result<Map<String, Value>> {
        let mut merged: BTreeMap<String, Applied> = BTreeMap::new();
        for (file, (_, model)) in self.files.iter().enumerate() {
            for (key, node) in &model.metadata {
                let value = self.node(file, node);
                let Some(previous) = merged.get_mut(&key.value) else {
                    merged.insert(
                        key.value.clone(),
                        Applied {
                            value,
                            file,
                            pos: key.pos,
                        },
                    );
                    continue;
                };
                match (&mut previous.value, value) {
                    (Value::Array(items), Value::Array(more)) => items.extend(more),
                    (old, new) if *old == new => {}
                    _ => {
                        return Err(self.conflict(
                            file,
                            key.pos,
                            &format!("metadata '{}'", key.value),
                            previous,
                        ));
                    }
                }
            }
        }
        Ok(merged
            .into_iter()
            .map(|(key, applied)| (key, sort_keys_deeply(applied.value)))
            .collect())
    }

    fn conflict(&self, file: usize, pos: Pos, what: &str, previous: &Applied) -> IdlError {
        let (previous_path, _) = &self.files[previous.file];
        self.error(
            file,
            pos,
            format!(
                "conflicting values for {what}: it was already set at {}:{}:{}",
                previous_path.display(),
                previous.pos.line,
                previous.pos.column
            ),
        )
    }

    // ----- values and traits --------------------------------------------

    /// A node value as JSON, unquoted shape ids resolved.
    fn node(&self, file: usize, node: &Node) -> Value {
        match node {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.clone()),
            Node::ShapeId(id) => Value::String(self.resolvers[file].resolve_lenient(&id.value)),
            Node::Array(items) => Value::Array(items.iter().map(|i| self.node(file, i)).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), self.node(file, v)))
                    .collect(),
            ),
        }
    }

    fn add_trait(
        &self,
        traits: &mut Traits,
        file: usize,
        shape: &str,
        app: &TraitApplication,
    ) -> Result<()> {
        let id = self.resolvers[file].resolve(&app.id)?;
        if !self.is_trait(&id) {
            return Err(self.error(
                file,
                app.id.pos,
                format!("'{id}' is not a trait: its shape does not have @trait"),
            ));
        }
        let value = match &app.value {
            Some(node) => self.node(file, node),
            // An annotation trait's value is the empty value of its shape.
            None if shape_type(self.index, &id) == Some(ShapeType::List) => {
                Value::Array(Vec::new())
            }
            None => Value::Object(Map::new()),
        };
        let Some(previous) = traits.0.get_mut(&id) else {
            traits.0.insert(
                id,
                Applied {
                    value,
                    file,
                    pos: app.id.pos,
                },
            );
            return Ok(());
        };
        match (&mut previous.value, value) {
            (Value::Array(items), Value::Array(more)) => items.extend(more),
            (old, new) if *old == new => {}
            _ => {
                return Err(self.conflict(
                    file,
                    app.id.pos,
                    &format!("trait '{id}' on '{shape}'"),
                    previous,
                ));
            }
        }
        Ok(())
    }

    fn traits(&self, file: usize, shape: &str, apps: &[TraitApplication]) -> Result<Traits> {
        let mut traits = Traits::default();
        for app in apps {
            self.add_trait(&mut traits, file, shape, app)?;
        }
        Ok(traits)
    }

    // ----- shapes -------------------------------------------------------

    fn shape(&self, file: usize, id: &str, def: &ShapeDef) -> Result<BuiltShape> {
        let resolver = &self.resolvers[file];
        let mixins = def
            .mixins
            .iter()
            .map(|m| resolver.resolve(m))
            .collect::<Result<Vec<_>>>()?;
        let mut shape = BuiltShape {
            file,
            shape_type: def.shape_type,
            style: MemberStyle::None,
            members: Vec::new(),
            properties: Vec::new(),
            traits: self.traits(file, id, &def.traits)?,
            mixins,
        };
        match &def.body {
            ShapeBody::Simple => {}
            ShapeBody::Enum(members) => {
                shape.style = MemberStyle::Named;
                for member in members {
                    let member_id = format!("{id}${}", member.name.value);
                    shape.members.push(BuiltMember {
                        name: member.name.value.clone(),
                        pos: member.name.pos,
                        target: UNIT.into(),
                        traits: self.traits(file, &member_id, &member.traits)?,
                    });
                }
            }
            ShapeBody::Structure { members, .. } | ShapeBody::Union(members) => {
                shape.style = MemberStyle::Named;
                for member in members {
                    shape.members.push(self.member(file, id, def, member)?);
                }
            }
            ShapeBody::List(member) => {
                shape.style = MemberStyle::TopLevel;
                if let Some(member) = member {
                    shape.members.push(self.member(file, id, def, member)?);
                }
            }
            ShapeBody::Map { key, value } => {
                shape.style = MemberStyle::TopLevel;
                for member in key.iter().chain(value) {
                    shape.members.push(self.member(file, id, def, member)?);
                }
            }
            ShapeBody::Entity(body) if def.shape_type == ShapeType::Service => {
                shape.properties = self.service(file, body)?;
            }
            ShapeBody::Entity(body) => shape.properties = self.resource(file, body)?,
            ShapeBody::Operation {
                input,
                output,
                errors,
            } => {
                let no_mixins = shape.mixins.is_empty();
                for (key, io) in [("input", input), ("output", output)] {
                    let target = match io {
                        Some(io) => Some(resolver.resolve(io)?),
                        // The serializer writes the effective input; without
                        // mixins that is the unit type.
                        None => no_mixins.then(|| UNIT.to_string()),
                    };
                    if let Some(target) = target {
                        shape.properties.push((key.into(), reference(target)));
                    }
                }
                if let Some(errors) = errors
                    && !errors.is_empty()
                {
                    shape
                        .properties
                        .push(("errors".into(), self.sorted_references(file, errors)?));
                }
            }
        }
        Ok(shape)
    }

    fn member(
        &self,
        file: usize,
        shape: &str,
        def: &ShapeDef,
        member: &MemberDef,
    ) -> Result<BuiltMember> {
        let target = match &member.target {
            Some(target) => self.resolvers[file].resolve(target)?,
            None => self.elided_target(file, shape, def, &member.name)?,
        };
        let member_id = format!("{shape}${}", member.name.value);
        Ok(BuiltMember {
            name: member.name.value.clone(),
            pos: member.name.pos,
            target,
            traits: self.traits(file, &member_id, &member.traits)?,
        })
    }

    fn sorted_references(&self, file: usize, ids: &[Spanned<String>]) -> Result<Value> {
        let mut resolved = ids
            .iter()
            .map(|id| self.resolvers[file].resolve(id))
            .collect::<Result<Vec<_>>>()?;
        resolved.sort();
        Ok(Value::Array(resolved.into_iter().map(reference).collect()))
    }

    // ----- apply statements and enum values -----------------------------

    /// Merges `apply` statements into their targets. Returns the traits
    /// applied to members inherited from mixins, by member id.
    fn apply_statements(
        &self,
        shapes: &mut BTreeMap<String, BuiltShape>,
    ) -> Result<BTreeMap<String, Traits>> {
        let mut inherited: BTreeMap<String, Traits> = BTreeMap::new();
        for (file, (_, model)) in self.files.iter().enumerate() {
            for apply in &model.applies {
                let target = self.resolvers[file].resolve(&apply.target)?;
                let (root, member) = match target.split_once('$') {
                    Some((root, member)) => (root, Some(member)),
                    None => (target.as_str(), None),
                };
                let Some(shape) = shapes.get_mut(root) else {
                    return Err(self.error(
                        file,
                        apply.target.pos,
                        format!("cannot apply traits to '{root}': only shapes defined in the loaded files can be changed"),
                    ));
                };
                let traits = match member {
                    None => &mut shape.traits,
                    Some(member) => {
                        if let Some(local) = shape.members.iter_mut().find(|m| m.name == member) {
                            &mut local.traits
                        } else if self.inherits_member(root, member, 0) {
                            inherited.entry(target.clone()).or_default()
                        } else {
                            return Err(self.error(
                                file,
                                apply.target.pos,
                                format!("cannot apply traits to '{target}': '{root}' has no member '{member}'"),
                            ));
                        }
                    }
                };
                for app in &apply.traits {
                    self.add_trait(traits, file, &target, app)?;
                }
            }
        }
        Ok(inherited)
    }

    /// Gives each enum member without a value its name as value, and
    /// requires a value on every intEnum member.
    fn settle_enum_values(&self, id: &str, shape: &mut BuiltShape) -> Result<()> {
        if !matches!(shape.shape_type, ShapeType::Enum | ShapeType::IntEnum) {
            return Ok(());
        }
        for member in &mut shape.members {
            if member.traits.0.contains_key(ENUM_VALUE) {
                continue;
            }
            if shape.shape_type == ShapeType::IntEnum {
                return Err(self.error(
                    shape.file,
                    member.pos,
                    format!(
                        "intEnum member '{}' of '{id}' needs a value ('{} = 1')",
                        member.name, member.name
                    ),
                ));
            }
            member.traits.0.insert(
                ENUM_VALUE.into(),
                Applied {
                    value: Value::String(member.name.clone()),
                    file: shape.file,
                    pos: member.pos,
                },
            );
        }
        Ok(())
    }
}
