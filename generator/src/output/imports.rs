//! Imports what a module names often: `use lean_runtime::error::BuildError;`
//! once, then `BuildError` in each signature, rather than
//! `::lean_runtime::error::BuildError` every time; a function by its module
//! (`use lean_runtime::aws_json;`, then `aws_json::request(...)`).
//!
//! Emitters name every item by its full path, so that a name means the same
//! wherever it is emitted. Printed that way, a third of a generated crate's
//! lines were signatures and expressions that prettyplease wrapped only
//! because of the paths. This pass runs after emission, module by module
//! (a file and each inline module in it): a type, trait or other item
//! whose name starts with a capital letter, or the module of a function,
//! that the module names at least twice by the same full path is
//! imported, and those paths are written from the item on. It leaves a name alone when anything in the
//! file binds it (an item at any depth, a `use`, a generic parameter), when
//! the file names it bare, when two full paths end in it, when the prelude
//! has it, and when the file has a glob import: in each case the short
//! name could mean something else. Items named once each are written from
//! their module when the module's items (not imported themselves) are
//! named twice or more (`use lean_runtime::operation;`, then
//! `operation::HttpRequest`), unless the module's name means something
//! else here too (a crate, another module of that name, a binding). Paths that only `#[cfg(...)]`-gated
//! code names are not imported, since the import would then be unused (or
//! unresolved) without the feature, but they are shortened where the
//! module imports them anyway.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, HashSet};
use syn::visit_mut::VisitMut;

/// Names of the Rust 2024 prelude (types, traits, variants) and `Self`:
/// importing another item of such a name would change what the file's
/// short uses of it mean.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "Vec",
    "Box",
    "ToOwned",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Default",
    "Clone",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "FromIterator",
    "Self",
];

/// How often a module must name an item before it is imported: one import
/// line for one use would not shorten anything.
const MIN_USES: usize = 2;

/// Adds the imports of `file` and shortens the paths they cover. In a
/// library source file (`library`), only `lean_runtime`, `std` and `crate`
/// paths are imported: other crates the library names are optional
/// dependencies, named only under their feature.
/// `names` are the file's bindings as it is now (see
/// [`super::prelude::Bindings`]).
pub(super) fn import(file: &mut syn::File, library: bool, names: super::prelude::Bindings) {
    if names.glob {
        return;
    }
    let taken: HashSet<String> = names.names.union(&names.bare).cloned().collect();
    let context = Context {
        taken,
        library,
        roots: names.roots,
    };
    import_scope(&mut file.items, &context);
}

/// What the whole file decides about names.
struct Context {
    /// Names bound anywhere in the file, or used there bare.
    taken: HashSet<String>,
    library: bool,
    /// The crates the file names by a rooted path (`::lean_runtime::...`):
    /// a module imported under such a name would shadow the crate.
    roots: HashSet<String>,
}

/// A path that an import could shorten: the imported item's full path
/// (segment names, `crate` or the extern crate first) and the index of
/// its segment in the path.
struct Importable {
    full: Vec<String>,
    item: usize,
    /// The segment of the module holding the item, when the module itself
    /// could be imported instead (`operation::HttpRequest`): for a
    /// function the item is already its module.
    module: Option<usize>,
}

impl Importable {
    /// The module's name and full path.
    fn module_path(&self) -> Option<(String, Vec<String>)> {
        let at = self.module?;
        let full = self.full[..=at].to_vec();
        Some((full[at].clone(), full))
    }
}

impl Context {
    fn importable(&self, path: &syn::Path) -> Option<Importable> {
        // Most paths are not rooted (locals, `Self`, prelude names): they
        // are turned away before anything is allocated for them.
        let first = &path.segments.first()?.ident;
        let rooted = match path.leading_colon {
            Some(_) => {
                first != "serde" && (!self.library || first == "lean_runtime" || first == "std")
            }
            None => first == "crate",
        };
        if !rooted {
            return None;
        }
        // The first capitalized segment is the item (a type, trait or
        // constant, perhaps followed by an associated item or a variant);
        // a path without one names a function, imported by its module.
        let mut names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let capitalized = |n: &String| n.starts_with(|c: char| c.is_ascii_uppercase());
        let item = names
            .iter()
            .position(capitalized)
            .or_else(|| names.len().checked_sub(2))?;
        let modules_plain = path
            .segments
            .iter()
            .take(item)
            .all(|s| s.arguments.is_none());
        if item == 0 || !modules_plain {
            return None;
        }
        let name = &names[item];
        // A prelude name, or one the file binds, cannot be imported. (Its
        // module could be, as `fmt::Result`, but that import would cost
        // more lines than it saves: such paths are short already.)
        if PRELUDE.contains(&name.as_str()) || self.taken.contains(name) {
            return None;
        }
        let module = if capitalized(name) {
            // A module right under a crate's root, not the root itself.
            (item >= 2).then(|| item - 1)
        } else {
            Some(item)
        };
        names.truncate(item + 1);
        let full = names;
        Some(Importable { full, item, module })
    }
}

/// Imports for one module's `items`, after those of its inline modules
/// (each its own scope: an import of the parent is not seen inside).
fn import_scope(items: &mut Vec<syn::Item>, context: &Context) {
    for item in items.iter_mut() {
        if let syn::Item::Mod(m) = item
            && let Some((_, inner)) = &mut m.content
        {
            import_scope(inner, context);
        }
    }
    let mut counter = Counter {
        context,
        gated: 0,
        found: BTreeMap::new(),
        modules: BTreeMap::new(),
    };
    for item in items.iter_mut() {
        counter.visit_item_mut(item);
    }
    let chosen: BTreeMap<String, Vec<String>> = counter
        .found
        .into_iter()
        .filter_map(|(name, use_)| match use_ {
            Uses::One { full, count } if count >= MIN_USES => Some((name, full)),
            _ => None,
        })
        .collect();
    let modules = chosen_modules(counter.modules, &chosen, context);
    if chosen.is_empty() && modules.is_empty() {
        return;
    }
    let mut rewriter = Rewriter {
        context,
        chosen: &chosen,
        modules: &modules,
    };
    for item in items.iter_mut() {
        rewriter.visit_item_mut(item);
    }
    let mut imports = chosen.clone();
    imports.extend(modules);
    items.splice(0..0, use_items(&imports, context));
}

/// The modules to import for the items the module names once each: a
/// module whose items (not imported themselves) the module names twice
/// or more in all, by one full path, and whose name nothing else means
/// here (an item imported, a crate, a name the file binds).
fn chosen_modules(
    modules: BTreeMap<String, ModuleUses>,
    chosen: &BTreeMap<String, Vec<String>>,
    context: &Context,
) -> BTreeMap<String, Vec<String>> {
    modules
        .into_iter()
        .filter_map(|(name, uses)| {
            let ModuleUses::One { full, items } = uses else {
                return None;
            };
            if let Some(item) = chosen.get(&name) {
                // Already imported as a function's module: its other
                // items are written from it too.
                return (*item == full).then_some((name, full));
            }
            let count = items.iter().filter(|i| !chosen.contains_key(*i)).count();
            let free = !context.taken.contains(&name)
                && !context.roots.contains(&name)
                && !PRELUDE.contains(&name.as_str());
            (count >= MIN_USES && free).then_some((name, full))
        })
        .collect()
}

/// The `use` items for `chosen`, one per parent module (`use a::b::{C, D};`),
/// the standard library's first, then other crates', then the crate's own.
fn use_items(chosen: &BTreeMap<String, Vec<String>>, context: &Context) -> Vec<syn::Item> {
    let mut groups: BTreeMap<(u8, Vec<String>), Vec<&str>> = BTreeMap::new();
    for (name, full) in chosen {
        let parent = full[..full.len() - 1].to_vec();
        let rank = match parent[0].as_str() {
            "std" => 0,
            "crate" => 2,
            _ => 1,
        };
        groups.entry((rank, parent)).or_default().push(name);
    }
    groups
        .into_iter()
        .map(|((_, parent), names)| {
            // An extern crate's name is written rooted (`::x`) only where a
            // name in the file could be taken for it.
            let root =
                (parent[0] != "crate" && context.taken.contains(&parent[0])).then(|| quote!(::));
            let segments = parent.iter().map(|s| Ident::new(s, Span::call_site()));
            let names: Vec<Ident> = names
                .iter()
                .map(|n| Ident::new(n, Span::call_site()))
                .collect();
            let leaf: TokenStream = match names.as_slice() {
                [one] => quote!(#one),
                _ => quote!({ #(#names),* }),
            };
            syn::parse_quote!(use #root #(#segments::)* #leaf;)
        })
        .collect()
}

/// How a module names an item: always by one full path (and how often),
/// or by more than one.
enum Uses {
    One { full: Vec<String>, count: usize },
    Several,
}

/// How a module names another module's items: by one full path of that
/// module (and which items, once per use), or by more than one.
enum ModuleUses {
    One {
        full: Vec<String>,
        items: Vec<String>,
    },
    Several,
}

/// Whether the attributes gate what they are on (`#[cfg(...)]`).
fn gated(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("cfg"))
}

/// Counts the importable paths of one module, outside its inline modules.
struct Counter<'a> {
    context: &'a Context,
    /// How many `#[cfg(...)]`-gated items the visit is inside.
    gated: usize,
    found: BTreeMap<String, Uses>,
    /// The modules of the items found, by module name.
    modules: BTreeMap<String, ModuleUses>,
}

impl Counter<'_> {
    fn inside(&mut self, gate: bool, visit: impl FnOnce(&mut Self)) {
        self.gated += usize::from(gate);
        visit(self);
        self.gated -= usize::from(gate);
    }
}

impl VisitMut for Counter<'_> {
    fn visit_item_mut(&mut self, item: &mut syn::Item) {
        if let syn::Item::Mod(m) = item
            && m.content.is_some()
        {
            return;
        }
        let gate = gated(item_attrs(item));
        self.inside(gate, |c| syn::visit_mut::visit_item_mut(c, item));
    }

    fn visit_impl_item_mut(&mut self, item: &mut syn::ImplItem) {
        let gate = match item {
            syn::ImplItem::Const(i) => gated(&i.attrs),
            syn::ImplItem::Fn(i) => gated(&i.attrs),
            syn::ImplItem::Type(i) => gated(&i.attrs),
            _ => false,
        };
        self.inside(gate, |c| syn::visit_mut::visit_impl_item_mut(c, item));
    }

    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        let gate = gated(&field.attrs);
        self.inside(gate, |c| syn::visit_mut::visit_field_mut(c, field));
    }

    fn visit_variant_mut(&mut self, variant: &mut syn::Variant) {
        let gate = gated(&variant.attrs);
        self.inside(gate, |c| syn::visit_mut::visit_variant_mut(c, variant));
    }

    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        let gate = gated(&arm.attrs);
        self.inside(gate, |c| syn::visit_mut::visit_arm_mut(c, arm));
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        let gate = gated(&local.attrs);
        self.inside(gate, |c| syn::visit_mut::visit_local_mut(c, local));
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if let Some(found) = self.context.importable(path) {
            let name = found.full[found.item].clone();
            let counted = usize::from(self.gated == 0);
            let uses = self.found.entry(name.clone()).or_insert_with(|| Uses::One {
                full: found.full.clone(),
                count: 0,
            });
            match uses {
                Uses::One { full, count } if *full == found.full => *count += counted,
                _ => *uses = Uses::Several,
            }
            if let Some((module, module_full)) = found.module_path() {
                let uses = self
                    .modules
                    .entry(module)
                    .or_insert_with(|| ModuleUses::One {
                        full: module_full.clone(),
                        items: Vec::new(),
                    });
                match uses {
                    ModuleUses::One { full, items } if *full == module_full => {
                        if self.gated == 0 {
                            items.push(name);
                        }
                    }
                    _ => *uses = ModuleUses::Several,
                }
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_expr_path_mut(&mut self, e: &mut syn::ExprPath) {
        visit_qualified(self, &mut e.qself, &mut e.path);
    }

    fn visit_type_path_mut(&mut self, t: &mut syn::TypePath) {
        visit_qualified(self, &mut t.qself, &mut t.path);
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        _ => &[],
    }
}

/// A path after a qualified self (`<T as ::std::convert::From<U>>::from`)
/// has its leading segments counted by the qualified self: it keeps them,
/// and only what is nested in it is visited.
fn visit_qualified<V: VisitMut>(v: &mut V, qself: &mut Option<syn::QSelf>, path: &mut syn::Path) {
    match qself {
        Some(q) => {
            v.visit_type_mut(&mut q.ty);
            for segment in &mut path.segments {
                v.visit_path_arguments_mut(&mut segment.arguments);
            }
        }
        None => v.visit_path_mut(path),
    }
}

/// Writes the chosen items' paths from the item on.
struct Rewriter<'a> {
    context: &'a Context,
    chosen: &'a BTreeMap<String, Vec<String>>,
    /// Modules imported for the items under them.
    modules: &'a BTreeMap<String, Vec<String>>,
}

impl VisitMut for Rewriter<'_> {
    fn visit_item_mut(&mut self, item: &mut syn::Item) {
        if let syn::Item::Mod(m) = item
            && m.content.is_some()
        {
            return;
        }
        syn::visit_mut::visit_item_mut(self, item);
    }

    // A doc link to an imported item by its full path would be redundant
    // (rustdoc's `redundant_explicit_links`): the name alone links to it.
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if !attr.path().is_ident("doc") {
            return;
        }
        if let syn::Meta::NameValue(nv) = &mut attr.meta
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &mut nv.value
        {
            let text = s.value();
            if let Some(text) = shorten_links(&text, self.chosen) {
                *s = syn::LitStr::new(&text, s.span());
            }
        }
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if let Some(found) = self.context.importable(path) {
            let from = if self.chosen.get(&found.full[found.item]) == Some(&found.full) {
                Some(found.item)
            } else {
                found
                    .module_path()
                    .filter(|(name, full)| self.modules.get(name) == Some(full))
                    .and(found.module)
            };
            if let Some(from) = from {
                let kept = std::mem::take(&mut path.segments).into_iter().skip(from);
                path.segments = kept.collect();
                path.leading_colon = None;
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_expr_path_mut(&mut self, e: &mut syn::ExprPath) {
        visit_qualified(self, &mut e.qself, &mut e.path);
    }

    fn visit_type_path_mut(&mut self, t: &mut syn::TypePath) {
        visit_qualified(self, &mut t.qself, &mut t.path);
    }
}

/// `text` with each link ``[`Name`](path::to::Name)`` to an imported item
/// written ``[`Name`]``; `None` when there is none. One pass over the text:
/// docs are many and imports per module few, but both add up.
fn shorten_links(text: &str, chosen: &BTreeMap<String, Vec<String>>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find("[`") {
        let after = &rest[start + 2..];
        let link = after.find("`](").and_then(|name_end| {
            let name = &after[..name_end];
            let target_start = name_end + 3;
            let target_len = after[target_start..].find(')')?;
            let target = &after[target_start..target_start + target_len];
            let full = chosen.get(name)?;
            let target = target.strip_prefix("::").unwrap_or(target);
            let same = target.split("::").eq(full.iter().map(String::as_str));
            same.then_some((name_end, target_start + target_len + 1))
        });
        match link {
            Some((name_end, end)) => {
                out.push_str(&rest[..start + 2]);
                out.push_str(&after[..name_end]);
                out.push_str("`]");
                rest = &after[end..];
                changed = true;
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::import;
    use quote::quote;

    fn imported(library: bool, tokens: proc_macro2::TokenStream) -> String {
        let mut file: syn::File = syn::parse2(tokens).unwrap();
        let bindings = crate::output::prelude::Bindings::of(&mut file);
        import(&mut file, library, bindings);
        prettyplease::unparse(&file)
    }

    #[test]
    fn items_named_twice_are_imported_once() {
        let out = imported(
            true,
            quote! {
                fn f(a: ::lean_runtime::error::BuildError, t: crate::types::Tag) {}
                fn g(a: ::lean_runtime::error::BuildError, b: ::lean_runtime::error::SdkError<crate::types::Tag>) {}
                fn h() -> ::lean_runtime::error::BuildError { ::lean_runtime::error::BuildError::other("x") }
            },
        );
        assert!(
            out.starts_with("use lean_runtime::error::BuildError;\nuse crate::types::Tag;\n"),
            "{out}"
        );
        assert!(out.contains("fn f(a: BuildError, t: Tag)"), "{out}");
        assert!(
            out.contains("b: ::lean_runtime::error::SdkError<Tag>"),
            "{out}"
        );
        assert!(out.contains("BuildError::other(\"x\")"), "{out}");
    }

    #[test]
    fn items_named_once_are_written_from_their_module_named_twice() {
        let out = imported(
            true,
            quote! {
                fn f(a: ::lean_runtime::operation::HttpRequest) -> ::lean_runtime::operation::HttpResponse {
                    ::lean_runtime::aws_json::read(1);
                    ::lean_runtime::aws_json::write(::lean_runtime::aws_json::Version::V1)
                }
                fn g(a: ::lean_runtime::x::Once) {}
            },
        );
        assert!(
            out.starts_with("use lean_runtime::{aws_json, operation};\n"),
            "{out}"
        );
        assert!(
            out.contains("fn f(a: operation::HttpRequest) -> operation::HttpResponse"),
            "{out}"
        );
        assert!(
            out.contains("aws_json::write(aws_json::Version::V1)"),
            "{out}"
        );
        assert!(out.contains("fn g(a: ::lean_runtime::x::Once)"), "{out}");
    }

    #[test]
    fn modules_of_one_name_in_two_places_keep_their_paths() {
        let out = imported(
            true,
            quote! {
                fn f(a: ::lean_runtime::error::A, b: ::lean_runtime::error::B, c: crate::types::error::C) {}
                fn g(a: crate::types::error::D) {}
            },
        );
        assert!(!out.contains("use "), "{out}");
        assert!(out.contains("b: ::lean_runtime::error::B"), "{out}");
        assert!(out.contains("a: crate::types::error::D"), "{out}");
    }

    #[test]
    fn links_are_shortened_only_to_the_imported_path() {
        let chosen: std::collections::BTreeMap<String, Vec<String>> = [(
            "Tag".to_owned(),
            vec!["crate".to_owned(), "types".to_owned(), "Tag".to_owned()],
        )]
        .into();
        let text = "A [`Tag`](crate::types::Tag), [`Tag`](crate::other::Tag), [`X`](crate::X) and [`Tag`](::crate::types::Tag) [`";
        assert_eq!(
            super::shorten_links(text, &chosen).unwrap(),
            "A [`Tag`], [`Tag`](crate::other::Tag), [`X`](crate::X) and [`Tag`] [`"
        );
        assert_eq!(super::shorten_links("no links", &chosen), None);
    }

    #[test]
    fn doc_links_to_imported_items_are_the_name() {
        let out = imported(
            true,
            quote! {
                /// Fails with a [`BuildError`](::lean_runtime::error::BuildError), see [`Other`](crate::Other).
                fn f(a: ::lean_runtime::error::BuildError, b: ::lean_runtime::error::BuildError) {}
            },
        );
        assert!(
            out.contains("/// Fails with a [`BuildError`], see [`Other`](crate::Other)."),
            "{out}"
        );
    }

    #[test]
    fn functions_are_imported_by_their_module() {
        let out = imported(
            true,
            quote! {
                fn f() { ::lean_runtime::aws_json::request(1); ::lean_runtime::aws_json::request(2); ::std::mem::take(3); }
            },
        );
        assert!(out.starts_with("use lean_runtime::aws_json;\n"), "{out}");
        assert!(
            out.contains("aws_json::request(2);\n    ::std::mem::take(3);"),
            "{out}"
        );
    }

    #[test]
    fn bound_bare_ambiguous_and_prelude_names_keep_their_paths() {
        let out = imported(
            true,
            quote! {
                struct Tag;
                fn f<Item>(a: crate::types::Tag, b: crate::types::Tag, c: crate::x::Item, d: crate::x::Item) {}
                fn g(a: crate::a::Dup, b: crate::a::Dup, c: crate::b::Dup, d: Bare) {}
                fn h(a: crate::x::Bare, b: crate::x::Bare, c: ::std::fmt::Result, d: ::std::fmt::Result) {}
                fn i(a: ::other::X, b: ::other::X) {}
            },
        );
        // Only the module of the ambiguous `Dup` (named twice by it) is
        // imported: `a::Dup` is not ambiguous.
        assert!(out.starts_with("use crate::a;\nstruct Tag;"), "{out}");
        assert_eq!(out.matches("use ").count(), 1, "{out}");
        assert!(
            out.contains("fn g(a: a::Dup, b: a::Dup, c: crate::b::Dup, d: Bare)"),
            "{out}"
        );
        assert!(out.contains("c: ::std::fmt::Result"), "{out}");
        assert!(out.contains("fn i(a: ::other::X, b: ::other::X)"), "{out}");
    }

    #[test]
    fn gated_code_is_shortened_but_not_counted() {
        let out = imported(
            true,
            quote! {
                fn f(a: crate::x::A, b: crate::x::A) {}
                #[cfg(feature = "f")]
                fn g(a: crate::x::A, b: ::lean_runtime::f::B, c: ::lean_runtime::f::B) {}
            },
        );
        assert!(out.starts_with("use crate::x::A;\n"), "{out}");
        assert!(out.contains("fn g(a: A, b: ::lean_runtime::f::B"), "{out}");
    }

    #[test]
    fn inline_modules_import_for_themselves() {
        let out = imported(
            true,
            quote! {
                fn f(a: crate::x::A) {}
                mod inner {
                    fn g(a: crate::x::A, b: crate::x::A) {}
                }
            },
        );
        assert!(out.contains("fn f(a: crate::x::A)"), "{out}");
        assert!(
            out.contains("mod inner {\n    use crate::x::A;\n    fn g(a: A, b: A)"),
            "{out}"
        );
    }

    #[test]
    fn globs_leave_the_file_alone_and_examples_import_any_crate() {
        let out = imported(
            true,
            quote! {
                use crate::x::*;
                fn f(a: crate::y::A, b: crate::y::A) {}
            },
        );
        assert!(
            out.contains("fn f(a: crate::y::A, b: crate::y::A)"),
            "{out}"
        );
        let out = imported(
            false,
            quote! {
                fn f(a: ::proton::Client, b: ::proton::Client) {}
            },
        );
        assert!(out.starts_with("use proton::Client;\n"), "{out}");
    }

    #[test]
    fn items_in_groups_and_qualified_selves() {
        let out = imported(
            true,
            quote! {
                mod lean_runtime {}
                fn f(a: ::lean_runtime::e::A, b: ::lean_runtime::e::B, c: ::lean_runtime::e::A, d: ::lean_runtime::e::B) {
                    <::lean_runtime::e::A as ::lean_runtime::e::T>::g();
                }
            },
        );
        assert!(out.starts_with("use ::lean_runtime::e::{A, B};\n"), "{out}");
        assert!(out.contains("<A as ::lean_runtime::e::T>::g()"), "{out}");
    }
}
