//! Service and resource bodies: node objects whose known properties become
//! JSON AST properties, shape ids resolved, id lists sorted.

use serde_json::{Map, Value};

use super::render::reference;
use super::{Builder, Result};
use crate::idl::error::Pos;
use crate::idl::syntax::{Entries, Node, Spanned};

impl Builder<'_> {
    pub(super) fn service(&self, file: usize, body: &Entries) -> Result<Vec<(String, Value)>> {
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

    pub(super) fn resource(&self, file: usize, body: &Entries) -> Result<Vec<(String, Value)>> {
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
}

/// A shape id written as an unquoted or a quoted string.
pub(super) fn shape_id_node(node: &Node, fallback: Pos) -> Option<Spanned<String>> {
    match node {
        Node::ShapeId(id) => Some(id.clone()),
        Node::String(text) => Some(Spanned::new(text.clone(), fallback)),
        _ => None,
    }
}
