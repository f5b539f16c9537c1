//! `@paginated` (merged with the service's defaults) resolved against an
//! operation's input and output.

use super::Lowering;
use crate::ir::{Member, Operation, Pagination, TypeDef, TypeRef};
use crate::model::ShapeId;
use crate::model::ast::Shape;
use crate::model::traits::{self, Paginated};

impl Lowering<'_> {
    /// The pagination of `op`, or `None` when it is not paginated or the
    /// trait is wrong (a recorded problem).
    pub(super) fn pagination(
        &mut self,
        op: &Operation,
        service: Option<&Paginated>,
    ) -> Option<Pagination> {
        let Some(Shape::Operation(shape)) = self.model.shape(&op.id) else {
            return None;
        };
        let own = match traits::paginated(&shape.traits) {
            Ok(Some(own)) => {
                for property in &own.unknown_properties {
                    self.warning(
                        &op.id,
                        format!(
                            "trait `smithy.api#paginated` has an unknown property `{property}`, which is ignored"
                        ),
                    );
                }
                own
            }
            Ok(None) => return None,
            Err(m) => {
                self.problem(&op.id, None, m);
                return None;
            }
        };
        let merged = match service {
            Some(defaults) => own.merged_with(defaults),
            None => own,
        };
        match self.resolve_pagination(op, &merged) {
            Ok(pagination) => Some(pagination),
            Err(m) => {
                self.problem(&op.id, None, format!("@paginated: {m}"));
                None
            }
        }
    }

    fn resolve_pagination(&self, op: &Operation, trait_: &Paginated) -> Result<Pagination, String> {
        let missing = |property: &str| {
            format!("no `{property}`: set it on the operation or in the service's @paginated")
        };
        let input_token_name = trait_
            .input_token
            .as_deref()
            .ok_or_else(|| missing("inputToken"))?;
        let output_token_path = trait_
            .output_token
            .as_deref()
            .ok_or_else(|| missing("outputToken"))?;

        let input_token = self.input_member(op, "inputToken", input_token_name)?;
        if input_token.required {
            return Err(format!(
                "inputToken `{input_token_name}` is @required, so a first page could not be asked for"
            ));
        }
        if !is_token(&input_token.ty) {
            return Err(format!(
                "inputToken `{input_token_name}` must target a string or a map"
            ));
        }
        let output_token = self.output_path(&op.output, "outputToken", output_token_path)?;
        let last = output_token.last().map(|m| &m.ty);
        if last != Some(&input_token.ty) {
            return Err(format!(
                "outputToken `{output_token_path}` and inputToken `{input_token_name}` have different types; the one is sent back as the other"
            ));
        }
        let page_size = match &trait_.page_size {
            None => None,
            Some(name) => {
                let member = self.input_member(op, "pageSize", name)?;
                if !matches!(
                    member.ty,
                    TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long
                ) {
                    return Err(format!("pageSize `{name}` must target an integer"));
                }
                Some(member)
            }
        };
        let items = match &trait_.items {
            None => None,
            Some(path) => {
                let members = self.output_path(&op.output, "items", path)?;
                match members.last().map(|m| &m.ty) {
                    Some(TypeRef::List { .. } | TypeRef::Map { .. }) => {}
                    _ => {
                        return Err(format!("items `{path}` must target a list or a map"));
                    }
                }
                Some(members)
            }
        };
        let paginator_name = op
            .marker_name
            .with_suffix("Paginator")
            .map_err(|e| e.to_string())?;
        Ok(Pagination {
            paginator_name,
            input_token,
            output_token,
            page_size,
            items,
        })
    }

    /// A top-level member of the operation's input.
    fn input_member(&self, op: &Operation, property: &str, name: &str) -> Result<Member, String> {
        let members = self.structure_members(&op.input)?;
        members
            .iter()
            .find(|m| m.wire_name == name)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "{property} `{name}` is not a member of the input (members: {})",
                    names(members)
                )
            })
    }

    /// The members a path (`a.b.c`) goes through, from `root`: every step
    /// but the last must be a structure.
    fn output_path(
        &self,
        root: &ShapeId,
        property: &str,
        path: &str,
    ) -> Result<Vec<Member>, String> {
        let mut members = Vec::new();
        let mut structure = root.clone();
        let mut steps = path.split('.').peekable();
        while let Some(step) = steps.next() {
            let candidates = self.structure_members(&structure)?;
            let Some(member) = candidates.iter().find(|m| m.wire_name == step) else {
                let at = if members.is_empty() {
                    "the output".to_owned()
                } else {
                    format!("`{}`", structure.name())
                };
                return Err(format!(
                    "{property} `{path}`: `{step}` is not a member of {at} (members: {})",
                    names(candidates)
                ));
            };
            if steps.peek().is_some() {
                match &member.ty {
                    TypeRef::Named(id)
                        if matches!(self.types.get(id), Some(TypeDef::Structure(_))) =>
                    {
                        structure = id.clone();
                    }
                    _ => {
                        return Err(format!(
                            "{property} `{path}`: `{step}` is not a structure, so the path cannot go on"
                        ));
                    }
                }
            }
            members.push(member.clone());
        }
        Ok(members)
    }

    fn structure_members(&self, id: &ShapeId) -> Result<&[Member], String> {
        match self.types.get(id) {
            Some(TypeDef::Structure(s)) => Ok(&s.members),
            _ => Err(format!("`{id}` is not a structure")),
        }
    }
}

fn is_token(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Map { .. })
}

fn names(members: &[Member]) -> String {
    if members.is_empty() {
        return "none".to_owned();
    }
    members
        .iter()
        .map(|m| m.wire_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
