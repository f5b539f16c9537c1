//! Writes the standard prelude's names short: `Option<String>` rather than
//! `::std::option::Option<::std::string::String>`.
//!
//! Emitters spell every standard path in full, so that nothing a model
//! names can change what generated code means. Printed that way, the code
//! is longer and harder to read than what a person writes, and one line in
//! six of a generated crate was a signature or expression wrapped only
//! because of those paths. This pass shortens them file by file, after
//! emission: a path is shortened only when nothing in the file binds the
//! short name (an item, a `use`, a macro), and a file with a glob import is
//! left as it is, because a glob import could bring any name into scope
//! and glob imports take precedence over the prelude. A model that names a
//! shape `Option` or `Result` therefore still gets correct code, with the
//! full paths in the files that define those names.

use proc_macro2::{Group, Ident, Spacing, TokenStream, TokenTree};
use std::collections::HashSet;
use syn::visit_mut::VisitMut;

/// Standard paths whose last segment is in the Rust 2024 prelude, as
/// `(module path under ::std, name)`.
const PRELUDE: &[(&[&str], &str)] = &[
    (&["option"], "Option"),
    (&["result"], "Result"),
    (&["string"], "String"),
    (&["string"], "ToString"),
    (&["vec"], "Vec"),
    (&["boxed"], "Box"),
    (&["borrow"], "ToOwned"),
    (&["convert"], "Into"),
    (&["convert"], "From"),
    (&["convert"], "TryFrom"),
    (&["convert"], "TryInto"),
    (&["convert"], "AsRef"),
    (&["default"], "Default"),
    (&["clone"], "Clone"),
    (&["cmp"], "PartialEq"),
    (&["cmp"], "Eq"),
    (&["cmp"], "PartialOrd"),
    (&["cmp"], "Ord"),
    (&["marker"], "Copy"),
    (&["marker"], "Send"),
    (&["marker"], "Sync"),
    (&["iter"], "Iterator"),
    (&["iter"], "IntoIterator"),
    (&["iter"], "Extend"),
    (&["iter"], "FromIterator"),
];

/// Variants the prelude brings in on their own, with their enum.
const VARIANTS: &[(&str, &str)] = &[
    ("Option", "Some"),
    ("Option", "None"),
    ("Result", "Ok"),
    ("Result", "Err"),
];

/// Macros of the standard library that are in scope everywhere.
const MACROS: &[&str] = &[
    "format",
    "matches",
    "vec",
    "write",
    "writeln",
    "assert",
    "assert_eq",
    "assert_ne",
    "panic",
    "unreachable",
    "concat",
    "stringify",
    "eprintln",
    "println",
    "eprint",
    "print",
    "env",
];

/// Derive macros of the prelude whose traits are not in it: `Debug` and
/// `Hash` are written short in a derive list only.
const DERIVES: &[(&[&str], &str)] = &[(&["fmt"], "Debug"), (&["hash"], "Hash")];

/// Shortens the standard paths of `file` where that cannot change their
/// meaning (see the module docs). `bindings` are the file's
/// ([`Bindings::of`]); the short names written are added to its bare names,
/// so that it describes the file as it is afterwards.
pub(super) fn shorten(file: &mut syn::File, bindings: &mut Bindings) {
    if bindings.glob {
        return;
    }
    let mut shortener = Shortener {
        bound: &bindings.names,
        bare: &mut bindings.bare,
    };
    shortener.visit_file_mut(file);
}

/// Every name the file binds anywhere (items at any depth, `use` names and
/// renames, generic parameters, macros), every name it uses bare (the first
/// segment of a path without a root), and whether it has a glob import.
/// Counting bindings of nested modules and blocks too is conservative: a
/// name bound anywhere keeps its full path everywhere in the file. (Read
/// only; `VisitMut` because syn's `visit` feature is not on.) Taken once
/// per file: the passes that rewrite paths after it (this one and
/// `local_paths`) add the bare names they write, and the imports pass reads
/// it last. A rewrite may leave a name counted that the file no longer uses
/// bare (`std`, `crate`), which is only more careful.
#[derive(Default)]
pub(super) struct Bindings {
    pub(super) names: HashSet<String>,
    pub(super) bare: HashSet<String>,
    pub(super) glob: bool,
    /// The generic type parameters, of any item.
    pub(super) type_params: HashSet<String>,
    /// The first names of rooted paths (`::lean_runtime::...`): the crates
    /// the file names.
    pub(super) roots: HashSet<String>,
    /// Where a path's first name is written to be looked up: most are
    /// there already, and a set of `String` is looked up by `&str`.
    buffer: String,
}

impl Bindings {
    /// The bindings of `file`.
    pub(super) fn of(file: &mut syn::File) -> Self {
        let mut bindings = Self::default();
        bindings.visit_file_mut(file);
        bindings
    }

    /// Counts `name` as used bare.
    pub(super) fn add_bare(bare: &mut HashSet<String>, name: &str) {
        if !bare.contains(name) {
            bare.insert(name.to_owned());
        }
    }
}

impl VisitMut for Bindings {
    fn visit_item_mut(&mut self, item: &mut syn::Item) {
        let ident = match item {
            syn::Item::Const(i) => Some(&i.ident),
            syn::Item::Enum(i) => Some(&i.ident),
            syn::Item::ExternCrate(i) => Some(i.rename.as_ref().map_or(&i.ident, |r| &r.1)),
            syn::Item::Fn(i) => Some(&i.sig.ident),
            syn::Item::Macro(i) => i.ident.as_ref(),
            syn::Item::Mod(i) => Some(&i.ident),
            syn::Item::Static(i) => Some(&i.ident),
            syn::Item::Struct(i) => Some(&i.ident),
            syn::Item::Trait(i) => Some(&i.ident),
            syn::Item::TraitAlias(i) => Some(&i.ident),
            syn::Item::Type(i) => Some(&i.ident),
            syn::Item::Union(i) => Some(&i.ident),
            _ => None,
        };
        if let Some(ident) = ident {
            self.names.insert(ident.to_string());
        }
        syn::visit_mut::visit_item_mut(self, item);
    }

    fn visit_use_tree_mut(&mut self, tree: &mut syn::UseTree) {
        match tree {
            syn::UseTree::Name(n) => {
                self.names.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) => {
                self.names.insert(r.rename.to_string());
            }
            syn::UseTree::Glob(_) => self.glob = true,
            _ => {}
        }
        syn::visit_mut::visit_use_tree_mut(self, tree);
    }

    fn visit_generic_param_mut(&mut self, param: &mut syn::GenericParam) {
        if let syn::GenericParam::Type(t) = param {
            let name = t.ident.to_string();
            self.type_params.insert(name.clone());
            self.names.insert(name);
        }
        syn::visit_mut::visit_generic_param_mut(self, param);
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if let Some(first) = path.segments.first() {
            use std::fmt::Write as _;
            self.buffer.clear();
            // Writing to a String cannot fail.
            let _ = write!(self.buffer, "{}", first.ident);
            let set = if path.leading_colon.is_none() {
                &mut self.bare
            } else {
                &mut self.roots
            };
            if !set.contains(self.buffer.as_str()) {
                set.insert(self.buffer.clone());
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

struct Shortener<'a> {
    bound: &'a HashSet<String>,
    /// The bare names of the file, to which the short names written are added.
    bare: &'a mut HashSet<String>,
}

impl Shortener<'_> {
    /// The short form of a path given as its segments' names, and how many
    /// leading segments it replaces: `["std", "option", "Option", "Some"]`
    /// gives `("Some", 4)`, `["std", "string", "String", "new"]` gives
    /// `("String", 3)`.
    fn short(&self, names: &[String]) -> Option<(&'static str, usize)> {
        if names.first().map(String::as_str) != Some("std") {
            return None;
        }
        let (module, name) = PRELUDE.iter().find(|(module, name)| {
            names.len() > module.len() + 1
                && names[1..=module.len()]
                    .iter()
                    .zip(module.iter())
                    .all(|(a, b)| a == b)
                && names[module.len() + 1] == *name
        })?;
        let used = module.len() + 2;
        if let Some(variant) = names.get(used)
            && let Some((_, v)) = VARIANTS.iter().find(|(e, v)| e == name && v == variant)
            && !self.bound.contains(*v)
        {
            return Some((v, used + 1));
        }
        (!self.bound.contains(*name)).then_some((*name, used))
    }

    /// A derive macro of the prelude named by its trait's path
    /// (`::std::fmt::Debug`).
    fn short_derive(&self, names: &[String]) -> Option<(&'static str, usize)> {
        let (module, name) = DERIVES.iter().find(|(module, name)| {
            names.len() == module.len() + 2
                && names[0] == "std"
                && names[1..=module.len()]
                    .iter()
                    .zip(module.iter())
                    .all(|(a, b)| a == b)
                && names[module.len() + 1] == *name
        })?;
        (!self.bound.contains(*name)).then_some((*name, module.len() + 2))
    }

    /// Shortens a `::std::...` macro path to the macro's own name.
    fn short_macro(&self, path: &syn::Path) -> Option<Ident> {
        let names = names(path)?;
        match names.as_slice() {
            [std, name] if std == "std" && MACROS.contains(&name.as_str()) => {
                (!self.bound.contains(name)).then(|| path.segments[1].ident.clone())
            }
            _ => None,
        }
    }

    /// Shortens the paths inside a macro's tokens (`format!` arguments,
    /// `matches!` patterns): they are not parsed, so the rewrite is on
    /// tokens, `:: std :: a :: B` at a time.
    fn tokens(&self, tokens: TokenStream, derive: bool) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::with_capacity(trees.len());
        let mut i = 0;
        while i < trees.len() {
            // A path is rooted only where `::` does not continue one
            // (`a::std::...` is not `::std::...`).
            let continues = i > 0 && matches!(trees[i - 1], TokenTree::Ident(_));
            if !continues
                && let Some((replacement, consumed)) = self.token_path(&trees[i..], derive)
            {
                out.push(TokenTree::Ident(replacement));
                i += consumed;
                continue;
            }
            out.push(match &trees[i] {
                TokenTree::Group(g) => {
                    let mut group = Group::new(g.delimiter(), self.tokens(g.stream(), derive));
                    group.set_span(g.span());
                    TokenTree::Group(group)
                }
                other => other.clone(),
            });
            i += 1;
        }
        out.into_iter().collect()
    }

    /// A `::std::...` path at the start of `trees` that can be shortened:
    /// the short name and how many tokens it replaces.
    fn token_path(&self, trees: &[TokenTree], derive: bool) -> Option<(Ident, usize)> {
        // `::` is two puncts; a path is `:: ident (:: ident)*`.
        let mut names = Vec::new();
        let mut spans = Vec::new();
        let mut i = 0;
        while is_path_sep(&trees[i..]) {
            let TokenTree::Ident(ident) = trees.get(i + 2)? else {
                break;
            };
            names.push(ident.to_string());
            spans.push(ident.span());
            i += 3;
        }
        let (short, used) = match self.short(&names) {
            Some(found) => found,
            None if derive => self.short_derive(&names)?,
            None => return None,
        };
        Some((Ident::new(short, spans[used - 1]), used * 3))
    }
}

/// `"::std::option::Option::is_none"` literals, anywhere in `tokens`, as
/// `"Option::is_none"`.
fn short_is_none(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), short_is_none(g.stream()));
                group.set_span(g.span());
                TokenTree::Group(group)
            }
            TokenTree::Literal(l) if l.to_string() == "\"::std::option::Option::is_none\"" => {
                let mut short = proc_macro2::Literal::string("Option::is_none");
                short.set_span(l.span());
                TokenTree::Literal(short)
            }
            other => other,
        })
        .collect()
}

fn is_path_sep(trees: &[TokenTree]) -> bool {
    matches!(
        trees,
        [TokenTree::Punct(a), TokenTree::Punct(b), ..]
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

/// The names of a `::`-rooted path's segments, or `None` for a path that
/// is not rooted (already short, or relative).
fn names(path: &syn::Path) -> Option<Vec<String>> {
    path.leading_colon.as_ref()?;
    Some(path.segments.iter().map(|s| s.ident.to_string()).collect())
}

impl Shortener<'_> {
    /// A path after a qualified self (`<T as ::std::convert::From<U>>::from`)
    /// has its leading segments counted by the qualified self; it keeps its
    /// segments, and only what is nested in it is shortened.
    fn visit_qualified(&mut self, qself: &mut Option<syn::QSelf>, path: &mut syn::Path) {
        match qself {
            Some(q) => {
                self.visit_type_mut(&mut q.ty);
                for segment in &mut path.segments {
                    self.visit_path_arguments_mut(&mut segment.arguments);
                }
            }
            None => self.visit_path_mut(path),
        }
    }
}

impl VisitMut for Shortener<'_> {
    fn visit_expr_path_mut(&mut self, e: &mut syn::ExprPath) {
        self.visit_qualified(&mut e.qself, &mut e.path);
    }

    fn visit_type_path_mut(&mut self, t: &mut syn::TypePath) {
        self.visit_qualified(&mut t.qself, &mut t.path);
    }

    fn visit_expr_struct_mut(&mut self, e: &mut syn::ExprStruct) {
        if e.qself.is_some() {
            self.visit_qualified(&mut e.qself, &mut e.path);
            for field in &mut e.fields {
                self.visit_field_value_mut(field);
            }
            if let Some(rest) = &mut e.rest {
                self.visit_expr_mut(rest);
            }
        } else {
            syn::visit_mut::visit_expr_struct_mut(self, e);
        }
    }

    fn visit_pat_tuple_struct_mut(&mut self, p: &mut syn::PatTupleStruct) {
        if p.qself.is_some() {
            self.visit_qualified(&mut p.qself, &mut p.path);
            for elem in &mut p.elems {
                self.visit_pat_mut(elem);
            }
        } else {
            syn::visit_mut::visit_pat_tuple_struct_mut(self, p);
        }
    }

    fn visit_pat_struct_mut(&mut self, p: &mut syn::PatStruct) {
        if p.qself.is_some() {
            self.visit_qualified(&mut p.qself, &mut p.path);
            for field in &mut p.fields {
                self.visit_field_pat_mut(field);
            }
        } else {
            syn::visit_mut::visit_pat_struct_mut(self, p);
        }
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if let Some(names) = names(path)
            && let Some((short, used)) = self.short(&names)
        {
            let mut kept = std::mem::take(&mut path.segments)
                .into_iter()
                .skip(used - 1);
            if let Some(mut first) = kept.next() {
                first.ident = Ident::new(short, first.ident.span());
                Bindings::add_bare(self.bare, short);
                path.leading_colon = None;
                path.segments = std::iter::once(first).chain(kept).collect();
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if let Some(ident) = self.short_macro(&mac.path) {
            Bindings::add_bare(self.bare, &ident.to_string());
            mac.path = ident.into();
        }
        mac.tokens = self.tokens(std::mem::take(&mut mac.tokens), false);
        syn::visit_mut::visit_macro_mut(self, mac);
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        // `#[derive(::std::clone::Clone, ...)]`: the derive list is tokens.
        if attr.path().is_ident("derive")
            && let syn::Meta::List(list) = &mut attr.meta
            && matches!(list.delimiter, syn::MacroDelimiter::Paren(_))
        {
            list.tokens = self.tokens(std::mem::take(&mut list.tokens), true);
        }
        // `#[cfg_attr(feature = "serde", serde(skip_serializing_if =
        // "::std::option::Option::is_none"))]`: a path in a string, which
        // serde's derive resolves where the structure is.
        if attr.path().is_ident("cfg_attr")
            && let syn::Meta::List(list) = &mut attr.meta
            && !self.bound.contains("Option")
        {
            list.tokens = short_is_none(std::mem::take(&mut list.tokens));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shorten;
    use quote::quote;

    fn shortened(tokens: proc_macro2::TokenStream) -> String {
        let mut file: syn::File = syn::parse2(tokens).unwrap();
        let mut bindings = super::Bindings::of(&mut file);
        shorten(&mut file, &mut bindings);
        prettyplease::unparse(&file)
    }

    #[test]
    fn prelude_paths_are_written_short() {
        let out = shortened(quote! {
            #[derive(::std::clone::Clone, ::std::fmt::Debug)]
            pub struct A { pub b: ::std::option::Option<::std::vec::Vec<::std::string::String>> }
            fn f(x: ::std::option::Option<u8>) -> ::std::result::Result<u8, ()> {
                let s = ::std::string::String::new();
                ::std::format!("{}", ::std::option::Option::Some(1).is_some());
                match x {
                    ::std::option::Option::Some(v) => ::std::result::Result::Ok(v),
                    ::std::option::Option::None => ::std::result::Result::Err(()),
                }
            }
        });
        assert!(!out.contains("::std"), "{out}");
        assert!(out.contains("#[derive(Clone, Debug)]"), "{out}");
        assert!(out.contains("b: Option<Vec<String>>"), "{out}");
        assert!(out.contains("String::new()"), "{out}");
        assert!(out.contains("format!(\"{}\", Some(1).is_some())"), "{out}");
        assert!(out.contains("Some(v) => Ok(v)"), "{out}");
        assert!(out.contains("None => Err(())"), "{out}");
    }

    #[test]
    fn a_name_the_file_binds_keeps_its_full_path() {
        let out = shortened(quote! {
            pub struct Option { pub some: ::std::option::Option<::std::string::String> }
            mod inner { pub fn Ok() {} }
            fn f() -> ::std::result::Result<(), ()> { ::std::result::Result::Ok(()) }
        });
        assert!(out.contains("some: ::std::option::Option<String>"), "{out}");
        assert!(out.contains("-> Result<(), ()>"), "{out}");
        assert!(out.contains("    Result::Ok(())"), "{out}");
    }

    #[test]
    fn a_glob_import_leaves_the_file_as_it_is() {
        let out = shortened(quote! {
            use crate::types::*;
            fn f() -> ::std::option::Option<u8> { ::std::option::Option::None }
        });
        assert!(out.contains("-> ::std::option::Option<u8>"), "{out}");
    }

    #[test]
    fn qualified_paths_and_relative_paths_keep_their_segments() {
        let out = shortened(quote! {
            fn f() -> u8 {
                let a = <u8 as ::std::convert::From<::std::primitive::u8>>::from(1);
                let b = other::std::option::Option::<u8>::None;
                ::std::matches!(a, x if x == 1) as u8 + b.unwrap_or(0)
            }
        });
        assert!(out.contains("<u8 as ::std::convert::From<"), "{out}");
        assert!(
            out.contains("other::std::option::Option::<u8>::None"),
            "{out}"
        );
        assert!(out.contains("matches!(a, x if x == 1)"), "{out}");
    }
}
