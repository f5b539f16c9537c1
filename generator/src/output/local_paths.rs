//! Writes paths to a module's own items short: `UpdateServiceOutput`
//! rather than `crate::operation::update_service::UpdateServiceOutput`
//! inside `src/operation/update_service.rs`.
//!
//! Emitters name every generated item by its path from the crate root, so
//! that an item means the same wherever it is emitted. Where the path leads
//! to the module the path is written in, to an item that module defines,
//! the item's own name means the same thing (an item of the module shadows
//! anything else of that name), and from an inline module to its parent's
//! item, `super::` does. Nothing else is rewritten.

use super::prelude::Bindings;
use proc_macro2::{Ident, Span};
use std::collections::HashSet;
use std::path::Path;
use syn::visit_mut::VisitMut;

/// The module a library source file is, as path segments under `crate`
/// (`src/operation/x.rs` is `["operation", "x"]`, `src/lib.rs` and
/// `src/types/mod.rs` `[]` and `["types"]`); `None` for files that are not
/// modules of the library (examples, tests).
pub(super) fn module_of(path: &Path) -> Option<Vec<String>> {
    let rest = path.strip_prefix("src").ok()?;
    let mut segments: Vec<String> = rest
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let file = segments.pop()?;
    let stem = file.strip_suffix(".rs")?;
    if stem != "lib" && stem != "mod" && stem != "main" {
        segments.push(stem.to_owned());
    }
    Some(segments)
}

/// Shortens the paths of `file`, the module `module`, to its own items.
/// `bindings` are the file's; the names the short paths start with are
/// added to its bare names.
pub(super) fn shorten(file: &mut syn::File, module: Vec<String>, bindings: &mut Bindings) {
    let items = item_names(&file.items);
    let mut shortener = Shortener {
        scopes: vec![Scope {
            path: module,
            items,
        }],
        generics: &bindings.type_params,
        bare: &mut bindings.bare,
    };
    shortener.visit_file_mut(file);
}

/// A module being visited: its path under `crate` and the names of the
/// items it defines.
struct Scope {
    path: Vec<String>,
    items: HashSet<String>,
}

struct Shortener<'a> {
    scopes: Vec<Scope>,
    /// The file's generic type parameters: a bare item name equal to one
    /// would mean the parameter inside its item, so such items keep their
    /// paths.
    generics: &'a HashSet<String>,
    /// The file's bare names, which the short paths' first names join.
    bare: &'a mut HashSet<String>,
}

fn item_names(items: &[syn::Item]) -> HashSet<String> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Const(i) => Some(&i.ident),
            syn::Item::Enum(i) => Some(&i.ident),
            syn::Item::Fn(i) => Some(&i.sig.ident),
            syn::Item::Mod(i) => Some(&i.ident),
            syn::Item::Static(i) => Some(&i.ident),
            syn::Item::Struct(i) => Some(&i.ident),
            syn::Item::Trait(i) => Some(&i.ident),
            syn::Item::Type(i) => Some(&i.ident),
            syn::Item::Union(i) => Some(&i.ident),
            _ => None,
        })
        .map(Ident::to_string)
        .collect()
}

impl Shortener<'_> {
    /// The segments a `crate::...` path (given as its segments' names,
    /// `crate` included) keeps, and whether it starts from `super`.
    fn short(&self, names: &[String]) -> Option<(usize, bool)> {
        let (current, outer) = self.scopes.split_last()?;
        let under = |scope: &Scope| {
            let n = scope.path.len();
            (names.len() > n + 1
                && names[1..=n] == scope.path[..]
                && scope.items.contains(&names[n + 1]))
            .then_some(n + 1)
        };
        if let Some(skip) = under(current) {
            return (!self.generics.contains(&names[skip])).then_some((skip, false));
        }
        match outer.last() {
            Some(parent) => under(parent).map(|skip| (skip, true)),
            None => None,
        }
    }
}

impl VisitMut for Shortener<'_> {
    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        let Some((_, items)) = &m.content else {
            return;
        };
        let mut path = self
            .scopes
            .last()
            .map(|s| s.path.clone())
            .unwrap_or_default();
        path.push(m.ident.to_string());
        let items = item_names(items);
        self.scopes.push(Scope { path, items });
        syn::visit_mut::visit_item_mod_mut(self, m);
        self.scopes.pop();
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_none() && path.segments.first().is_some_and(|s| s.ident == "crate")
        {
            let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            if let Some((skip, from_super)) = self.short(&names) {
                let kept = std::mem::take(&mut path.segments).into_iter().skip(skip);
                let root = from_super
                    .then(|| syn::PathSegment::from(Ident::new("super", Span::call_site())));
                path.segments = root.into_iter().chain(kept).collect();
                if let Some(first) = path.segments.first() {
                    Bindings::add_bare(self.bare, &first.ident.to_string());
                }
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    // A path after a qualified self has its leading segments counted by
    // it; such paths are left as they are (see `prelude::visit_qualified`).
    fn visit_expr_path_mut(&mut self, e: &mut syn::ExprPath) {
        if e.qself.is_none() {
            syn::visit_mut::visit_expr_path_mut(self, e);
        } else if let Some(q) = &mut e.qself {
            self.visit_type_mut(&mut q.ty);
        }
    }

    fn visit_type_path_mut(&mut self, t: &mut syn::TypePath) {
        if t.qself.is_none() {
            syn::visit_mut::visit_type_path_mut(self, t);
        } else if let Some(q) = &mut t.qself {
            self.visit_type_mut(&mut q.ty);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{module_of, shorten};
    use quote::quote;
    use std::path::Path;

    fn shortened(module: &[&str], tokens: proc_macro2::TokenStream) -> String {
        let mut file: syn::File = syn::parse2(tokens).unwrap();
        let mut bindings = super::Bindings::of(&mut file);
        shorten(
            &mut file,
            module.iter().map(|s| (*s).to_owned()).collect(),
            &mut bindings,
        );
        prettyplease::unparse(&file)
    }

    #[test]
    fn modules_of_files() {
        assert_eq!(
            module_of(Path::new("src/operation/x.rs")),
            Some(vec!["operation".to_owned(), "x".to_owned()])
        );
        assert_eq!(module_of(Path::new("src/lib.rs")), Some(vec![]));
        assert_eq!(
            module_of(Path::new("src/types/mod.rs")),
            Some(vec!["types".to_owned()])
        );
        assert_eq!(module_of(Path::new("examples/x.rs")), None);
    }

    #[test]
    fn own_items_and_the_parents_are_named_short() {
        let out = shortened(
            &["operation", "x"],
            quote! {
                pub struct XOutput;
                fn f() -> crate::operation::x::XOutput { crate::operation::x::XOutput }
                fn g(_: crate::operation::x::Missing) {}
                fn h(_: crate::types::Other) {}
                pub mod builders {
                    pub struct B;
                    fn i(_: crate::operation::x::builders::B, _: crate::operation::x::XOutput) {}
                }
            },
        );
        assert!(out.contains("fn f() -> XOutput {\n    XOutput\n}"), "{out}");
        assert!(
            out.contains("fn g(_: crate::operation::x::Missing)"),
            "{out}"
        );
        assert!(out.contains("fn h(_: crate::types::Other)"), "{out}");
        assert!(out.contains("fn i(_: B, _: super::XOutput)"), "{out}");
    }
}
