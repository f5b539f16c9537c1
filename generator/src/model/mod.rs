//! The Smithy model as read from files: shapes keyed by id, with `apply`
//! statements merged and mixins flattened, but otherwise unchecked (see
//! [`crate::validate`]).

pub mod ast;
pub mod load;
pub mod prelude;
mod shape_id;
pub mod traits;

pub use shape_id::ShapeId;

use crate::error::{Diagnostic, Error, Result};
use ast::{Shape, Traits};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

/// How deeply mixins may apply mixins (the IDL reader has the same limit).
const MAX_MIXIN_DEPTH: usize = 64;

/// An `apply` statement waiting for every file to be loaded.
#[derive(Clone, Debug)]
pub(crate) struct PendingApply {
    pub(crate) file: PathBuf,
    pub(crate) target: ShapeId,
    pub(crate) member: Option<String>,
    pub(crate) traits: Traits,
}

/// Every shape of every loaded file.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// Shapes defined by the loaded files (not the prelude).
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// The file each shape was defined in.
    pub sources: BTreeMap<ShapeId, PathBuf>,
    /// Model metadata, merged across files.
    pub metadata: BTreeMap<String, serde_json::Value>,
    pub(crate) pending_applies: Vec<PendingApply>,
}

fn prelude_shapes() -> &'static BTreeMap<ShapeId, Shape> {
    static PRELUDE: OnceLock<BTreeMap<ShapeId, Shape>> = OnceLock::new();
    PRELUDE.get_or_init(|| {
        [
            "String",
            "Blob",
            "BigInteger",
            "BigDecimal",
            "Timestamp",
            "Document",
            "Boolean",
            "Byte",
            "Short",
            "Integer",
            "Long",
            "Float",
            "Double",
            "PrimitiveBoolean",
            "PrimitiveByte",
            "PrimitiveShort",
            "PrimitiveInteger",
            "PrimitiveLong",
            "PrimitiveFloat",
            "PrimitiveDouble",
            "Unit",
        ]
        .into_iter()
        .filter_map(|name| Some((ShapeId::new("smithy.api", name), prelude::shape(name)?)))
        .collect()
    })
}

impl Model {
    /// The shape with this id, from the loaded files or the prelude.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id).or_else(|| prelude_shapes().get(id))
    }

    /// The file a shape came from (none for prelude shapes).
    pub fn source(&self, id: &ShapeId) -> Option<&PathBuf> {
        self.sources.get(id)
    }

    /// A diagnostic located at a shape (and its file).
    pub fn diagnostic(&self, id: &ShapeId, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(message).on_shape(id);
        match self.source(id) {
            Some(file) => d.in_file(file),
            None => d,
        }
    }

    /// Every service shape.
    pub fn services(&self) -> impl Iterator<Item = (&ShapeId, &ast::ServiceDef)> {
        self.shapes.iter().filter_map(|(id, shape)| match shape {
            Shape::Service(s) => Some((id, s)),
            _ => None,
        })
    }

    fn merge_metadata(&mut self, key: String, value: serde_json::Value) {
        // Smithy concatenates array metadata from several files; other
        // values keep the first definition.
        match (self.metadata.get_mut(&key), value) {
            (Some(serde_json::Value::Array(existing)), serde_json::Value::Array(more)) => {
                existing.extend(more);
            }
            (Some(_), _) => {}
            (None, value) => {
                self.metadata.insert(key, value);
            }
        }
    }

    /// Merges `apply` statements and flattens mixins, once every file is in.
    pub(crate) fn finish(&mut self) -> Result<()> {
        let mut problems = Vec::new();
        // A member `apply` may target a member the shape only gets from a
        // mixin: those wait until mixins are flattened. Everything else is
        // applied first, so traits applied to a mixin reach its users.
        let mut after_mixins = Vec::new();
        for apply in std::mem::take(&mut self.pending_applies) {
            let inherited = apply.member.as_ref().is_some_and(|m| {
                self.shapes.get(&apply.target).is_some_and(|s| {
                    !s.mixins().is_empty() && !s.members().iter().any(|(name, _)| name == m)
                })
            });
            if inherited {
                after_mixins.push(apply);
            } else if let Err(d) = self.apply(apply) {
                problems.push(d);
            }
        }
        if let Err(e) = self.flatten_mixins() {
            problems.extend(e.diagnostics().iter().cloned());
        }
        // Traits applied to a member a shape has from a mixin supersede the
        // ones it inherits (Smithy 2.0, "Adding and replacing traits on
        // copied members"); two `apply`s of one trait still conflict.
        let mut superseded = BTreeSet::new();
        for apply in after_mixins {
            if let Err(d) = self.apply_to_inherited(apply, &mut superseded) {
                problems.push(d);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::many(problems))
        }
    }

    fn apply(&mut self, apply: PendingApply) -> Result<(), Diagnostic> {
        self.apply_traits(apply, None)
    }

    /// Applies traits to a member the shape has from a mixin: the first value
    /// of each trait replaces the inherited one, later ones merge with it.
    fn apply_to_inherited(
        &mut self,
        apply: PendingApply,
        superseded: &mut BTreeSet<(ShapeId, Option<String>, String)>,
    ) -> Result<(), Diagnostic> {
        self.apply_traits(apply, Some(superseded))
    }

    fn apply_traits(
        &mut self,
        apply: PendingApply,
        mut superseded: Option<&mut BTreeSet<(ShapeId, Option<String>, String)>>,
    ) -> Result<(), Diagnostic> {
        let located = |d: Diagnostic| {
            let d = d.in_file(&apply.file).on_shape(&apply.target);
            match &apply.member {
                Some(m) => d.on_member(m.clone()),
                None => d,
            }
        };
        let Some(shape) = self.shapes.get_mut(&apply.target) else {
            return Err(located(Diagnostic::new(
                "`apply` targets a shape that is not defined",
            )));
        };
        let traits = match &apply.member {
            None => shape.traits_mut(),
            Some(member) => match member_traits_mut(shape, member) {
                Some(traits) => traits,
                None => {
                    return Err(located(Diagnostic::new(
                        "`apply` targets a member that the shape does not have",
                    )));
                }
            },
        };
        for (trait_id, value) in apply.traits {
            let first = superseded.as_deref_mut().is_some_and(|seen| {
                seen.insert((apply.target.clone(), apply.member.clone(), trait_id.clone()))
            });
            if first {
                traits.insert(trait_id, value);
            } else {
                merge_trait(traits, trait_id, value).map_err(|m| located(Diagnostic::new(m)))?;
            }
        }
        Ok(())
    }

    fn flatten_mixins(&mut self) -> Result<()> {
        let with_mixins: Vec<ShapeId> = self
            .shapes
            .iter()
            .filter(|(_, s)| !s.mixins().is_empty())
            .map(|(id, _)| id.clone())
            .collect();
        let mut done = BTreeSet::new();
        let mut problems = Vec::new();
        for id in with_mixins {
            let mut stack = Vec::new();
            if let Err(d) = self.flatten_one(&id, &mut done, &mut stack) {
                problems.push(d);
                // The shapes on the failed chain cannot be flattened either;
                // reporting each again would bury the one real problem.
                let too_deep = stack.len() >= MAX_MIXIN_DEPTH;
                done.extend(stack);
                if too_deep {
                    break;
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::many(problems))
        }
    }

    /// Copies the members and traits of `id`'s mixins into it, mixins of
    /// mixins first. Members from mixins come before the shape's own, as the
    /// Smithy spec orders them.
    fn flatten_one(
        &mut self,
        id: &ShapeId,
        done: &mut BTreeSet<ShapeId>,
        stack: &mut Vec<ShapeId>,
    ) -> Result<(), Diagnostic> {
        if done.contains(id) {
            return Ok(());
        }
        if stack.contains(id) {
            return Err(self.diagnostic(id, "mixins form a cycle"));
        }
        // Flattening recurses once per level; a chain of thousands of
        // mixins must be an error, not a stack overflow.
        if stack.len() >= MAX_MIXIN_DEPTH {
            return Err(self.diagnostic(
                id,
                format!("mixins nest more than {MAX_MIXIN_DEPTH} levels deep"),
            ));
        }
        let Some(shape) = self.shapes.get(id) else {
            return Ok(());
        };
        let mixins: Vec<ShapeId> = shape.mixins().iter().map(|t| t.target.clone()).collect();
        stack.push(id.clone());
        for mixin in &mixins {
            match self.shapes.get(mixin) {
                None => {
                    stack.pop();
                    return Err(
                        self.diagnostic(id, format!("uses mixin `{mixin}`, which is not defined"))
                    );
                }
                Some(m) if !m.traits().contains_key("smithy.api#mixin") => {
                    stack.pop();
                    return Err(self.diagnostic(
                        id,
                        format!("uses `{mixin}` as a mixin, but it has no @mixin trait"),
                    ));
                }
                Some(_) => self.flatten_one(mixin, done, stack)?,
            }
        }
        stack.pop();
        let mut inherited_traits = Traits::new();
        let mut inherited_members: Vec<(String, ast::MemberDef)> = Vec::new();
        for mixin in &mixins {
            let Some(m) = self.shapes.get(mixin) else {
                continue;
            };
            let local_only: BTreeSet<String> = m
                .traits()
                .get("smithy.api#mixin")
                .and_then(|v| v.get("localTraits"))
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|t| t.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            for (trait_id, value) in m.traits() {
                if trait_id != "smithy.api#mixin" && !local_only.contains(trait_id) {
                    inherited_traits.insert(trait_id.clone(), value.clone());
                }
            }
            for (name, member) in m.members() {
                // A member two mixins define keeps its first position and
                // both sets of traits, the later mixin's taking precedence.
                match inherited_members.iter_mut().find(|(n, _)| n == name) {
                    Some((_, existing)) => existing.traits.extend(member.traits.clone()),
                    None => inherited_members.push((name.to_owned(), member.clone())),
                }
            }
        }
        let Some(shape) = self.shapes.get_mut(id) else {
            return Ok(());
        };
        for (trait_id, value) in inherited_traits {
            shape.traits_mut().entry(trait_id).or_insert(value);
        }
        if let Some(members) = aggregate_members_mut(shape) {
            let own = std::mem::take(members);
            for (name, mut member) in inherited_members {
                if let Some(local) = own.get(&name) {
                    // A redeclared mixin member keeps the mixin's target and
                    // adds (or overrides) traits.
                    for (trait_id, value) in &local.traits {
                        member.traits.insert(trait_id.clone(), value.clone());
                    }
                }
                members.insert(name, member);
            }
            for (name, member) in own {
                members.entry(name).or_insert(member);
            }
        }
        match shape {
            Shape::Structure(a) | Shape::Union(a) | Shape::Enum(a) | Shape::IntEnum(a) => {
                a.mixins.clear();
            }
            Shape::List(l) | Shape::Set(l) => l.mixins.clear(),
            Shape::Map(m) => m.mixins.clear(),
            Shape::Operation(o) => o.mixins.clear(),
            Shape::Service(s) => s.mixins.clear(),
            Shape::Resource(r) => r.mixins.clear(),
            Shape::Apply(_) => {}
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
            | Shape::Document(s) => s.mixins.clear(),
        }
        done.insert(id.clone());
        Ok(())
    }
}

fn aggregate_members_mut(shape: &mut Shape) -> Option<&mut ast::Members> {
    match shape {
        Shape::Structure(a) | Shape::Union(a) | Shape::Enum(a) | Shape::IntEnum(a) => {
            Some(&mut a.members)
        }
        _ => None,
    }
}

fn member_traits_mut<'a>(shape: &'a mut Shape, member: &str) -> Option<&'a mut Traits> {
    match shape {
        Shape::Structure(a) | Shape::Union(a) | Shape::Enum(a) | Shape::IntEnum(a) => {
            a.members.get_mut(member).map(|m| &mut m.traits)
        }
        Shape::List(l) | Shape::Set(l) if member == "member" => Some(&mut l.member.traits),
        Shape::Map(m) => match member {
            "key" => Some(&mut m.key.traits),
            "value" => Some(&mut m.value.traits),
            _ => None,
        },
        _ => None,
    }
}

/// Adds a trait from an `apply` statement. Smithy concatenates list-valued
/// traits and rejects two different values for any other trait.
fn merge_trait(traits: &mut Traits, id: String, value: serde_json::Value) -> Result<(), String> {
    match traits.get_mut(&id) {
        None => {
            traits.insert(id, value);
            Ok(())
        }
        Some(existing) if *existing == value => Ok(()),
        Some(serde_json::Value::Array(existing)) => match value {
            serde_json::Value::Array(more) => {
                existing.extend(more);
                Ok(())
            }
            _ => Err(format!("`apply` gives trait `{id}` a conflicting value")),
        },
        Some(_) => Err(format!("`apply` gives trait `{id}` a conflicting value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn load(shapes: serde_json::Value) -> Result<Model> {
        load_files(vec![shapes])
    }

    /// Loads each set of shapes as a file of its own, then finishes.
    fn load_files(files: Vec<serde_json::Value>) -> Result<Model> {
        let mut model = Model::default();
        for (i, shapes) in files.into_iter().enumerate() {
            let document = json!({"smithy": "2.0", "shapes": shapes});
            let path = PathBuf::from(format!("m{i}.json"));
            load::load_json_value(&mut model, &path, document)?;
        }
        model.finish()?;
        Ok(model)
    }

    fn member_traits(model: &Model, shape: &str, member: &str) -> Traits {
        let id = ShapeId::parse(shape).unwrap();
        let shape = model.shape(&id).unwrap();
        let members = shape.members();
        let (_, def) = members.iter().find(|(name, _)| *name == member).unwrap();
        def.traits.clone()
    }

    #[test]
    fn apply_to_an_inherited_member_supersedes_the_mixin_trait() {
        let model = load(json!({
            "a#Mixin": {"type": "structure", "traits": {"smithy.api#mixin": {}},
                "members": {"m": {"target": "smithy.api#String",
                    "traits": {"smithy.api#documentation": "Generic", "smithy.api#tags": ["x"]}}}},
            "a#S": {"type": "structure", "mixins": [{"target": "a#Mixin"}], "members": {}},
            "a#S$m": {"type": "apply", "traits": {
                "smithy.api#documentation": "Specific", "smithy.api#tags": ["y"]}}
        }))
        .unwrap();
        let traits = member_traits(&model, "a#S", "m");
        assert_eq!(traits["smithy.api#documentation"], "Specific");
        assert_eq!(traits["smithy.api#tags"], json!(["y"]));
        // The mixin itself keeps its own.
        let traits = member_traits(&model, "a#Mixin", "m");
        assert_eq!(traits["smithy.api#documentation"], "Generic");
    }

    #[test]
    fn two_applies_to_an_inherited_member_still_conflict() {
        let result = load_files(vec![
            json!({
                "a#Mixin": {"type": "structure", "traits": {"smithy.api#mixin": {}},
                    "members": {"m": {"target": "smithy.api#String"}}},
                "a#S": {"type": "structure", "mixins": [{"target": "a#Mixin"}], "members": {}},
                "a#S$m": {"type": "apply", "traits": {"smithy.api#documentation": "One"}}
            }),
            json!({"a#S$m": {"type": "apply", "traits": {"smithy.api#documentation": "Two"}}}),
        ]);
        assert!(
            result.is_err_and(|e| e.to_string().contains("conflicting value")),
            "a second apply with another value conflicts"
        );
    }

    #[test]
    fn a_member_from_two_mixins_keeps_both_sets_of_traits() {
        let model = load(json!({
            "a#A1": {"type": "structure", "traits": {"smithy.api#mixin": {}},
                "members": {"a": {"target": "smithy.api#String",
                    "traits": {"smithy.api#documentation": "Generic"}}}},
            "a#A2": {"type": "structure", "traits": {"smithy.api#mixin": {}},
                "members": {"a": {"target": "smithy.api#String",
                    "traits": {"smithy.api#required": {}}}}},
            "a#Valid": {"type": "structure",
                "mixins": [{"target": "a#A1"}, {"target": "a#A2"}],
                "members": {"a": {"target": "smithy.api#String",
                    "traits": {"smithy.api#documentation": "Specific"}}}}
        }))
        .unwrap();
        let traits = member_traits(&model, "a#Valid", "a");
        assert_eq!(traits["smithy.api#documentation"], "Specific");
        assert!(traits.contains_key("smithy.api#required"));
    }
}
