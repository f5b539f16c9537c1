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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use serde_json::{Map, Value};

use super::error::{IdlError, Pos};
use super::prelude;
use super::resolve::{Defined, Index, Resolver, shape_type};
use super::syntax::{
    Entries, MemberDef, ModelFile, Node, ShapeBody, ShapeDef, ShapeType, Spanned, TraitApplication,
};

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

    // ----- elided members -----------------------------------------------

    /// The target of `$name`: a bound resource's identifier or property of
    /// that name, else a mixin member of that name.
    fn elided_target(
        &self,
        file: usize,
        shape: &str,
        def: &ShapeDef,
        name: &Spanned<String>,
    ) -> Result<String> {
        match self.provided_target(file, def, &name.value, 0)? {
            Some(target) => Ok(target),
            None => Err(self.error(
                file,
                name.pos,
                format!(
                    "cannot find the target of elided member '${}' of '{shape}': no resource it is bound to with 'for' and none of its mixins has a member or identifier of that name",
                    name.value
                ),
            )),
        }
    }

    fn provided_target(
        &self,
        file: usize,
        def: &ShapeDef,
        member: &str,
        depth: usize,
    ) -> Result<Option<String>> {
        if let ShapeBody::Structure {
            for_resource: Some(resource),
            ..
        } = &def.body
        {
            let resource = self.resolvers[file].resolve(resource)?;
            if let Some(target) = self.resource_binding(&resource, member)? {
                return Ok(Some(target));
            }
        }
        self.inherited_target(file, def, member, depth)
    }

    /// The target of a member that `def` inherits from its mixins.
    fn inherited_target(
        &self,
        file: usize,
        def: &ShapeDef,
        member: &str,
        depth: usize,
    ) -> Result<Option<String>> {
        if depth > MAX_MIXIN_DEPTH {
            return Ok(None);
        }
        for mixin in &def.mixins {
            let mixin = self.resolvers[file].resolve(mixin)?;
            let Some(defined) = self.index.get(&mixin) else {
                continue;
            };
            if let Some(local) = local_members(defined.def)
                .into_iter()
                .find(|m| m.name.value == member)
            {
                return match &local.target {
                    Some(target) => self.resolvers[defined.file].resolve(target).map(Some),
                    None => self.provided_target(defined.file, defined.def, member, depth + 1),
                };
            }
            if let Some(target) =
                self.inherited_target(defined.file, defined.def, member, depth + 1)?
            {
                return Ok(Some(target));
            }
        }
        Ok(None)
    }

    fn resource_binding(&self, resource: &str, member: &str) -> Result<Option<String>> {
        let Some(defined) = self.index.get(resource) else {
            return Ok(None);
        };
        let ShapeBody::Entity(body) = &defined.def.body else {
            return Ok(None);
        };
        for wanted in ["identifiers", "properties"] {
            for (key, value) in &body.value {
                if key.value != wanted {
                    continue;
                }
                if let Node::Object(entries) = value
                    && let Some((_, target)) = entries.iter().find(|(name, _)| name == member)
                    && let Some(target) = shape_id_node(target, key.pos)
                {
                    return self.resolvers[defined.file].resolve(&target).map(Some);
                }
            }
        }
        Ok(None)
    }

    /// Whether the shape has a member of that name through its mixins.
    fn inherits_member(&self, shape: &str, member: &str, depth: usize) -> bool {
        let Some(defined) = self.index.get(shape) else {
            return false;
        };
        depth <= MAX_MIXIN_DEPTH
            && defined.def.mixins.iter().any(|mixin| {
                let Ok(mixin) = self.resolvers[defined.file].resolve(mixin) else {
                    return false;
                };
                self.index
                    .get(&mixin)
                    .is_some_and(|m| member_names(m.def).contains(&member))
                    || self.inherits_member(&mixin, member, depth + 1)
            })
    }

    // ----- services and resources ---------------------------------------

    fn service(&self, file: usize, body: &Entries) -> Result<Vec<(String, Value)>> {
        let mut out: Vec<(String, Value)> = Vec::new();
        const KNOWN: [&str; 5] = ["version", "operations", "resources", "errors", "rename"];
        self.check_properties(file, "service", body, &KNOWN)?;
        let get = |name: &str| body.value.iter().find(|(k, _)| k.value == name);
        if let Some((key, value)) = get("version") {
            match value {
                // Like the reference serializer, a blank version is no version.
                Node::String(version) if version.trim().is_empty() => {}
                Node::String(version) => {
                    out.push(("version".into(), Value::String(version.clone())))
                }
                _ => {
                    return Err(self.error(
                        file,
                        key.pos,
                        "expected the service version to be a string",
                    ));
                }
            }
        }
        for name in ["operations", "resources", "errors"] {
            if let Some((key, value)) = get(name) {
                let ids = self.id_list(file, key, value)?;
                if !ids.is_empty() {
                    out.push((name.into(), self.sorted_references(file, &ids)?));
                }
            }
        }
        if let Some((key, value)) = get("rename") {
            let Node::Object(entries) = value else {
                return Err(self.error(file, key.pos, "expected 'rename' to be an object"));
            };
            let mut rename = Map::new();
            for (from, to) in entries {
                let Node::String(to) = to else {
                    return Err(self.error(
                        file,
                        key.pos,
                        format!("expected the new name of '{from}' to be a string"),
                    ));
                };
                rename.insert(from.clone(), Value::String(to.clone()));
            }
            if !rename.is_empty() {
                out.push(("rename".into(), Value::Object(rename)));
            }
        }
        Ok(out)
    }

    fn resource(&self, file: usize, body: &Entries) -> Result<Vec<(String, Value)>> {
        const NAMED: [&str; 2] = ["identifiers", "properties"];
        const SINGLE: [&str; 6] = ["put", "create", "read", "update", "delete", "list"];
        const LISTS: [&str; 3] = ["operations", "collectionOperations", "resources"];
        let known: Vec<&str> = NAMED.iter().chain(&SINGLE).chain(&LISTS).copied().collect();
        self.check_properties(file, "resource", body, &known)?;
        let get = |name: &str| body.value.iter().find(|(k, _)| k.value == name);
        let resolver = &self.resolvers[file];
        let mut out: Vec<(String, Value)> = Vec::new();
        for name in NAMED {
            if let Some((key, value)) = get(name) {
                let Node::Object(entries) = value else {
                    return Err(self.error(
                        file,
                        key.pos,
                        format!("expected '{name}' to be an object"),
                    ));
                };
                let mut named = Map::new();
                for (member, target) in entries {
                    let Some(target) = shape_id_node(target, key.pos) else {
                        return Err(self.error(
                            file,
                            key.pos,
                            format!("expected the target of '{member}' to be a shape id"),
                        ));
                    };
                    named.insert(member.clone(), reference(resolver.resolve(&target)?));
                }
                if !named.is_empty() {
                    out.push((name.into(), Value::Object(named)));
                }
            }
        }
        for name in SINGLE {
            if let Some((key, value)) = get(name) {
                let Some(target) = shape_id_node(value, key.pos) else {
                    return Err(self.error(
                        file,
                        key.pos,
                        format!("expected '{name}' to be a shape id"),
                    ));
                };
                out.push((name.into(), reference(resolver.resolve(&target)?)));
            }
        }
        for name in LISTS {
            if let Some((key, value)) = get(name) {
                let ids = self.id_list(file, key, value)?;
                if !ids.is_empty() {
                    out.push((name.into(), self.sorted_references(file, &ids)?));
                }
            }
        }
        Ok(out)
    }

    fn check_properties(
        &self,
        file: usize,
        what: &str,
        body: &Entries,
        known: &[&str],
    ) -> Result<()> {
        match body
            .value
            .iter()
            .find(|(key, _)| !known.contains(&key.value.as_str()))
        {
            Some((key, _)) => Err(self.error(
                file,
                key.pos,
                format!(
                    "unknown {what} property '{}': expected one of {}",
                    key.value,
                    known.join(", ")
                ),
            )),
            None => Ok(()),
        }
    }

    fn id_list(
        &self,
        file: usize,
        key: &Spanned<String>,
        value: &Node,
    ) -> Result<Vec<Spanned<String>>> {
        let not_a_list = || {
            self.error(
                file,
                key.pos,
                format!("expected '{}' to be a list of shape ids", key.value),
            )
        };
        let Node::Array(items) = value else {
            return Err(not_a_list());
        };
        items
            .iter()
            .map(|item| shape_id_node(item, key.pos).ok_or_else(not_a_list))
            .collect()
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

/// The members a shape statement defines itself.
fn local_members(def: &ShapeDef) -> Vec<&MemberDef> {
    match &def.body {
        ShapeBody::Structure { members, .. } | ShapeBody::Union(members) => {
            members.iter().collect()
        }
        ShapeBody::List(member) => member.iter().collect(),
        ShapeBody::Map { key, value } => key.iter().chain(value).collect(),
        _ => Vec::new(),
    }
}

fn member_names(def: &ShapeDef) -> Vec<&str> {
    match &def.body {
        ShapeBody::Enum(members) => members.iter().map(|m| m.name.value.as_str()).collect(),
        _ => local_members(def)
            .into_iter()
            .map(|m| m.name.value.as_str())
            .collect(),
    }
}

/// A shape id written as an unquoted or a quoted string.
fn shape_id_node(node: &Node, fallback: Pos) -> Option<Spanned<String>> {
    match node {
        Node::ShapeId(id) => Some(id.clone()),
        Node::String(text) => Some(Spanned::new(text.clone(), fallback)),
        _ => None,
    }
}

fn reference(target: String) -> Value {
    let mut object = Map::new();
    object.insert("target".into(), Value::String(target));
    Value::Object(object)
}

fn render_traits(traits: Traits) -> Value {
    Value::Object(
        traits
            .0
            .into_iter()
            .map(|(id, applied)| (id, applied.value))
            .collect(),
    )
}

fn render_member(member: BuiltMember) -> Value {
    let mut object = Map::new();
    object.insert("target".into(), Value::String(member.target));
    if !member.traits.0.is_empty() {
        object.insert("traits".into(), render_traits(member.traits));
    }
    Value::Object(object)
}

fn render_shape(shape: BuiltShape) -> Value {
    let mut object = Map::new();
    object.insert("type".into(), shape.shape_type.name().into());
    if !shape.mixins.is_empty() {
        let mixins = shape.mixins.into_iter().map(reference).collect();
        object.insert("mixins".into(), Value::Array(mixins));
    }
    match shape.style {
        MemberStyle::None => {}
        MemberStyle::Named => {
            let members = shape
                .members
                .into_iter()
                .map(|m| (m.name.clone(), render_member(m)))
                .collect();
            object.insert("members".into(), Value::Object(members));
        }
        MemberStyle::TopLevel => {
            for member in shape.members {
                object.insert(member.name.clone(), render_member(member));
            }
        }
    }
    object.extend(shape.properties);
    if !shape.traits.0.is_empty() {
        object.insert("traits".into(), render_traits(shape.traits));
    }
    Value::Object(object)
}

fn sort_keys_deeply(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys_deeply).collect()),
        Value::Object(entries) => {
            let sorted: BTreeMap<String, Value> = entries
                .into_iter()
                .map(|(k, v)| (k, sort_keys_deeply(v)))
                .collect();
            Value::Object(sorted.into_iter().collect())
        }
        other => other,
    }
}
