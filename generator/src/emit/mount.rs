//! Clients generated as a module of another crate instead of a crate of
//! their own.
//!
//! The runtime's credential providers call STS, SSO and SSO OIDC through
//! clients generated from the official models. The runtime cannot depend on
//! a crate that depends on it, so those clients are generated into the
//! runtime's source tree as modules (`lean_runtime::clients::sts`). A
//! mounted client is emitted exactly like a crate, then rebased: every path
//! that starts at `crate::` starts at the module instead. Generated code
//! reaches the runtime through `::lean_runtime::` paths, which the runtime
//! resolves to itself with `extern crate self as lean_runtime`.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// Where a client is mounted: the host crate's name and the module path
/// inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// The host crate as Rust names it, e.g. `lean_runtime`.
    pub host: String,
    /// The module path from the host's root, e.g. `["clients", "sts"]`.
    pub module: Vec<String>,
}

impl Mount {
    /// Parses `lean_runtime::clients::sts`: a crate name, then at least one
    /// module, each a plain Rust identifier.
    pub fn parse(path: &str) -> Result<Self, String> {
        let parts: Vec<&str> = path.split("::").collect();
        let valid = |s: &str| {
            s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && syn_keyword(s).is_none()
        };
        if parts.len() < 2 || !parts.iter().all(|p| valid(p)) {
            return Err(format!(
                "`{path}` is not a module path like `lean_runtime::clients::sts` \
                 (a crate name, then modules, in lowercase snake case)"
            ));
        }
        Ok(Self {
            host: parts[0].to_owned(),
            module: parts[1..].iter().map(|s| (*s).to_owned()).collect(),
        })
    }

    /// The path users write, e.g. `lean_runtime::clients::sts`.
    pub fn public_path(&self) -> String {
        format!("{}::{}", self.host, self.module.join("::"))
    }

    /// Rewrites `crate::x` to `crate::<module>::x` throughout `tokens`, in
    /// code and in doc-comment links. `pub(crate)` is left alone: the host
    /// crate is the visibility such items need.
    pub fn rebase(&self, tokens: TokenStream) -> TokenStream {
        let from = "crate::";
        let to = format!("crate::{}::", self.module.join("::"));
        rebase_stream(tokens, &self.module, from, &to)
    }
}

/// The reserved words that cannot be module names.
fn syn_keyword(s: &str) -> Option<&str> {
    const RESERVED: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
        "true", "type", "unsafe", "use", "where", "while", "yield",
    ];
    RESERVED.iter().copied().find(|k| *k == s)
}

fn rebase_stream(tokens: TokenStream, module: &[String], from: &str, to: &str) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Ident(ident)
                if ident == "crate" && starts_path_separator(&trees[i + 1..]) =>
            {
                out.push(trees[i].clone());
                for name in module {
                    out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                    out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
                    out.push(TokenTree::Ident(Ident::new(name, Span::call_site())));
                }
            }
            TokenTree::Group(group) => {
                let inner = if group.delimiter() == Delimiter::Bracket && is_doc(group) {
                    rebase_doc(group.stream(), from, to)
                } else {
                    rebase_stream(group.stream(), module, from, to)
                };
                let mut rebased = Group::new(group.delimiter(), inner);
                rebased.set_span(group.span());
                out.push(TokenTree::Group(rebased));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

fn starts_path_separator(rest: &[TokenTree]) -> bool {
    matches!(
        rest,
        [TokenTree::Punct(a), TokenTree::Punct(b), ..]
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

/// Whether an attribute's brackets hold `doc = "..."`.
fn is_doc(group: &Group) -> bool {
    matches!(group.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "doc")
}

/// `doc = "... [`X`](crate::types::X) ..."`: the links move with the code.
fn rebase_doc(tokens: TokenStream, from: &str, to: &str) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                if !text.contains(from) {
                    return TokenTree::Literal(literal);
                }
                // The literal's source form: `crate::` has nothing to escape,
                // so replacing it there gives a valid literal again.
                let rebased: Literal = text
                    .replace(from, to)
                    .parse()
                    .unwrap_or_else(|_| literal.clone());
                TokenTree::Literal(rebased)
            }
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn sts() -> Mount {
        Mount::parse("lean_runtime::clients::sts").unwrap()
    }

    #[test]
    fn parses_and_refuses_paths() {
        assert_eq!(sts().public_path(), "lean_runtime::clients::sts");
        assert_eq!(sts().module, ["clients", "sts"]);
        for bad in [
            "lean_runtime",
            "lean_runtime::",
            "a::Sts",
            "a::b-c",
            "a::mod",
            "::a::b",
        ] {
            assert!(Mount::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rebases_paths_and_doc_links_but_not_visibility() {
        let tokens = quote! {
            #[doc = "See [`Credentials`](crate::types::Credentials)."]
            pub(crate) fn f(x: crate::types::Credentials) -> ::lean_runtime::Blob {
                crate::protocol::de::read(vec![crate::Config::builder()])
            }
        };
        let rebased = sts().rebase(tokens).to_string();
        let expected = quote! {
            #[doc = "See [`Credentials`](crate::clients::sts::types::Credentials)."]
            pub(crate) fn f(x: crate::clients::sts::types::Credentials) -> ::lean_runtime::Blob {
                crate::clients::sts::protocol::de::read(vec![crate::clients::sts::Config::builder()])
            }
        };
        assert_eq!(rebased, expected.to_string());
    }
}
