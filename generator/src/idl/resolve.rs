//! Relative shape id resolution (Smithy IDL 2.0, "Relative shape ID
//! resolution"): a `use` import of that name, else a shape of that name in the
//! file's namespace (defined in any of the files being loaded), else a public
//! prelude shape.

use std::collections::HashMap;
use std::path::Path;

use super::error::IdlError;
use super::prelude;
use super::syntax::{ShapeDef, ShapeType, Spanned};

/// A shape defined in one of the files being loaded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Defined<'a> {
    /// Index of the defining file.
    pub(crate) file: usize,
    pub(crate) def: &'a ShapeDef,
}

/// Every shape of the files being loaded, by absolute shape id.
pub(crate) type Index<'a> = HashMap<String, Defined<'a>>;

/// Resolves the shape ids written in one file.
pub(crate) struct Resolver<'a> {
    pub(crate) index: &'a Index<'a>,
    pub(crate) path: &'a Path,
    pub(crate) namespace: &'a str,
    /// Imported shape name → absolute shape id.
    pub(crate) uses: HashMap<String, String>,
}

/// The type of an existing shape, defined in a loaded file or in the prelude.
pub(crate) fn shape_type(index: &Index<'_>, absolute: &str) -> Option<ShapeType> {
    if let Some(defined) = index.get(absolute) {
        return Some(defined.def.shape_type);
    }
    let (namespace, name) = absolute.split_once('#')?;
    (namespace == prelude::NAMESPACE)
        .then(|| prelude::get(name))
        .flatten()
        .map(|s| s.shape_type)
}

impl Resolver<'_> {
    /// The absolute id of the existing shape a root shape id (no member)
    /// names, if there is one.
    fn lookup_root(&self, root: &str) -> Option<String> {
        if root.contains('#') {
            return shape_type(self.index, root).map(|_| root.to_string());
        }
        if let Some(imported) = self.uses.get(root) {
            return shape_type(self.index, imported).map(|_| imported.clone());
        }
        let local = format!("{}#{root}", self.namespace);
        if self.index.contains_key(&local) {
            return Some(local);
        }
        prelude::get(root)
            .filter(|s| !s.is_private)
            .map(|s| format!("{}#{}", prelude::NAMESPACE, s.name))
    }

    /// Resolves a reference that must name an existing shape; a member part
    /// (`Shape$member`) is kept as written, its shape resolved.
    pub(crate) fn resolve(&self, id: &Spanned<String>) -> Result<String, IdlError> {
        let (root, member) = split_member(&id.value);
        match self.lookup_root(root) {
            Some(absolute) => Ok(join_member(absolute, member)),
            None => Err(IdlError::new(self.path, id.pos, self.unknown(root))),
        }
    }

    /// Resolves a syntactic shape id (an unquoted string in a node value).
    /// Per the spec an id that names no shape still resolves, into the
    /// current namespace; the reference implementation only warns about it.
    pub(crate) fn resolve_lenient(&self, id: &str) -> String {
        let (root, member) = split_member(id);
        let absolute = self
            .lookup_root(root)
            .unwrap_or_else(|| match self.uses.get(root) {
                Some(imported) => imported.clone(),
                // Metadata of a file without a namespace has nowhere to resolve to.
                None if root.contains('#') || self.namespace.is_empty() => root.to_string(),
                None => format!("{}#{root}", self.namespace),
            });
        join_member(absolute, member)
    }

    fn unknown(&self, root: &str) -> String {
        if root.contains('#') {
            format!("unknown shape '{root}'")
        } else if let Some(imported) = self.uses.get(root) {
            format!("unknown shape '{imported}' (imported as '{root}')")
        } else {
            format!(
                "unknown shape '{root}': it is not imported with 'use', not defined in namespace '{}', and not in the prelude",
                self.namespace
            )
        }
    }
}

fn split_member(id: &str) -> (&str, Option<&str>) {
    match id.split_once('$') {
        Some((root, member)) => (root, Some(member)),
        None => (id, None),
    }
}

fn join_member(root: String, member: Option<&str>) -> String {
    match member {
        Some(member) => format!("{root}${member}"),
        None => root,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idl::error::Pos;
    use crate::idl::syntax::ShapeBody;

    fn def(name: &str) -> ShapeDef {
        ShapeDef {
            shape_type: ShapeType::String,
            name: Spanned::new(name.into(), Pos { line: 1, column: 1 }),
            traits: Vec::new(),
            mixins: Vec::new(),
            body: ShapeBody::Simple,
        }
    }

    fn at(text: &str, line: usize, column: usize) -> Spanned<String> {
        Spanned::new(text.into(), Pos { line, column })
    }

    #[test]
    fn use_then_namespace_then_prelude() {
        let (local, imported, shadow) = (def("Local"), def("Imported"), def("String"));
        let index: Index<'_> = [
            ("a#Local", &local),
            ("b#Imported", &imported),
            ("a#String", &shadow),
        ]
        .into_iter()
        .map(|(id, def)| (id.to_string(), Defined { file: 0, def }))
        .collect();
        let resolver = Resolver {
            index: &index,
            path: Path::new("m.smithy"),
            namespace: "a",
            uses: [("Imported".to_string(), "b#Imported".to_string())].into(),
        };
        let resolve = |text: &str| resolver.resolve(&at(text, 1, 1));
        assert_eq!(resolve("Imported"), Ok("b#Imported".into()));
        assert_eq!(resolve("Local$member"), Ok("a#Local$member".into()));
        // A shape of the current namespace hides the prelude's.
        assert_eq!(resolve("String"), Ok("a#String".into()));
        assert_eq!(resolve("Integer"), Ok("smithy.api#Integer".into()));
        assert_eq!(
            resolve("smithy.api#NonEmptyString"),
            Ok("smithy.api#NonEmptyString".into())
        );
        // Private prelude shapes are not reachable by relative id.
        assert!(resolve("NonEmptyString").is_err());
        assert_eq!(resolver.resolve_lenient("client"), "a#client");
        assert_eq!(resolver.resolve_lenient("Imported"), "b#Imported");
    }

    #[test]
    fn unknown_shapes_are_reported_where_they_are_written() {
        let index = Index::new();
        let resolver = Resolver {
            index: &index,
            path: Path::new("dir/m.smithy"),
            namespace: "a",
            uses: [("Gone".to_string(), "b#Gone".to_string())].into(),
        };
        let error = |text: &str| {
            resolver
                .resolve(&at(text, 7, 12))
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            error("Nope"),
            Err("dir/m.smithy:7:12: unknown shape 'Nope': it is not imported with 'use', not defined in namespace 'a', and not in the prelude".into())
        );
        assert_eq!(
            error("Gone"),
            Err("dir/m.smithy:7:12: unknown shape 'b#Gone' (imported as 'Gone')".into())
        );
        assert_eq!(
            error("x.y#Z$m"),
            Err("dir/m.smithy:7:12: unknown shape 'x.y#Z'".into())
        );
    }
}
