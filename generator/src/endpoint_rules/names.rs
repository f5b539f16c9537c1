//! Rust identifiers for rule-set names: parameters become snake_case fields
//! and methods, assigned variables become locals.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span};

/// Words that cannot be identifiers as they are.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that not even a raw identifier (`r#…`) can spell.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "super", "Self"];

/// The snake_case spelling of a rule-set name (`UseFIPS` → `use_fips`), before
/// keyword escaping.
pub(super) fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// An identifier for `text`, escaped if it is a keyword: `r#type`, `self_`.
pub(super) fn ident(text: &str) -> Ident {
    if NON_RAW_KEYWORDS.contains(&text) {
        Ident::new(&format!("{text}_"), Span::call_site())
    } else if KEYWORDS.contains(&text) {
        Ident::new_raw(text, Span::call_site())
    } else {
        Ident::new(text, Span::call_site())
    }
}

/// Gives every distinct rule-set variable name its own Rust local, so two
/// names that snake-case alike (`partitionResult`, `PartitionResult`) never
/// share a binding.
#[derive(Debug)]
pub(super) struct LocalNames {
    by_name: BTreeMap<String, Ident>,
    taken: BTreeSet<String>,
}

impl LocalNames {
    /// `reserved` are identifiers the generated function already uses.
    pub(super) fn new(reserved: &[&str]) -> Self {
        Self {
            by_name: BTreeMap::new(),
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// The local for rule-set name `name`, the same every time it is asked.
    pub(super) fn local(&mut self, name: &str) -> Ident {
        if let Some(ident) = self.by_name.get(name) {
            return ident.clone();
        }
        let base = snake(name);
        let mut candidate = base.clone();
        let mut counter = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}_{counter}");
            counter += 1;
        }
        self.taken.insert(candidate.clone());
        let ident = ident(&candidate);
        self.by_name.insert(name.to_owned(), ident.clone());
        ident
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_snake_case() {
        for (name, expected) in [
            ("UseFIPS", "use_fips"),
            ("UseDualStack", "use_dual_stack"),
            ("Region", "region"),
            ("PartitionResult", "partition_result"),
            ("bucketArn", "bucket_arn"),
            (
                "UseS3ExpressControlEndpoint",
                "use_s3_express_control_endpoint",
            ),
        ] {
            assert_eq!(snake(name), expected);
        }
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("Self").to_string(), "Self_");
        assert_eq!(ident("region").to_string(), "region");
    }

    #[test]
    fn locals_are_stable_and_distinct() {
        let mut names = LocalNames::new(&["params"]);
        let first = names.local("PartitionResult");
        assert_eq!(first.to_string(), "partition_result");
        assert_eq!(names.local("PartitionResult"), first);
        assert_eq!(
            names.local("partitionResult").to_string(),
            "partition_result_2"
        );
        assert_eq!(names.local("Params").to_string(), "params_2");
        assert_eq!(names.local("Type").to_string(), "r#type");
    }
}
