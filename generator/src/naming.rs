//! Rust names for Smithy names (interim version; the full module with the
//! official SDK's word splitting is being written on its own branch).

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::Ident;
use std::fmt;

/// A settled Rust name, as written in source (`r#type` for raw identifiers).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName(String);

impl RustName {
    /// A name already valid as Rust source.
    pub fn new(name: String) -> Self {
        Self(name)
    }

    /// The name as written in source.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier token.
    pub fn ident(&self) -> Ident {
        match self.0.strip_prefix("r#") {
            Some(raw) => Ident::new_raw(raw, proc_macro2::Span::call_site()),
            None => Ident::new(&self.0, proc_macro2::Span::call_site()),
        }
    }

    /// The name without a raw prefix (for building derived names).
    pub fn bare(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }
}

impl fmt::Display for RustName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// snake_case.
pub fn snake_case(name: &str) -> String {
    name.to_snake_case()
}

/// PascalCase.
pub fn pascal_case(name: &str) -> String {
    name.to_upper_camel_case()
}

/// kebab-case, for CLI names.
pub fn kebab_case(name: &str) -> String {
    name.to_kebab_case()
}

fn escape_snake(name: String) -> RustName {
    if KEYWORDS.contains(&name.as_str()) {
        return RustName(format!("r#{name}"));
    }
    match name.as_str() {
        "self" | "super" | "crate" | "Self" => RustName(format!("{name}_value")),
        "build" | "builder" | "default" | "send" | "meta" | "customize" => {
            RustName(format!("{name}_value"))
        }
        _ if name.starts_with(|c: char| c.is_ascii_digit()) => RustName(format!("_{name}")),
        _ => RustName(name),
    }
}

/// Struct, enum and error type names.
pub fn type_name(shape_name: &str) -> RustName {
    let name = pascal_case(shape_name);
    match name.as_str() {
        "Self" => RustName("SelfValue".into()),
        _ => RustName(name),
    }
}

/// Field, accessor and builder method names.
pub fn field_name(member_name: &str) -> RustName {
    escape_snake(snake_case(member_name))
}

/// `set_x` builder setter.
pub fn setter_name(member_name: &str) -> RustName {
    RustName(format!("set_{}", field_name(member_name).bare()))
}

/// `get_x` builder getter.
pub fn getter_name(member_name: &str) -> RustName {
    RustName(format!("get_{}", field_name(member_name).bare()))
}

/// Enum variant names.
pub fn variant_name(value_name: &str) -> RustName {
    let mut name = pascal_case(value_name);
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("Value{name}");
    }
    match name.as_str() {
        "Unknown" => RustName("UnknownValue".into()),
        "Self" => RustName("SelfValue".into()),
        _ => RustName(name),
    }
}

/// Module names for operations.
pub fn module_name(operation_name: &str) -> RustName {
    escape_snake(snake_case(operation_name))
}
