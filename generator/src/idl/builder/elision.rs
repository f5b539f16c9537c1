//! Targets of elided members (`$name`): the identifiers and properties of
//! the resource a structure is bound to with `for`, else the members of its
//! mixins, followed through mixins of mixins.

use super::entities::shape_id_node;
use super::{Builder, MAX_MIXIN_DEPTH, Result};
use crate::idl::syntax::{MemberDef, Node, ShapeBody, ShapeDef, Spanned};

impl Builder<'_> {
    /// The target of `$name`: a bound resource's identifier or property of
    /// that name, else a mixin member of that name.
    pub(super) fn elided_target(
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
    pub(super) fn inherits_member(&self, shape: &str, member: &str, depth: usize) -> bool {
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
