//! [`RustName`]: a settled, valid Rust identifier, and the escaping that produces it.

use std::fmt;

use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;

/// What a [`RustName`] names in the generated crate. It decides the escaping rules and
/// the wording of errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Role {
    /// A struct, enum or union type for a shape, or a type derived from one.
    Type,
    /// A struct field, its accessor and its builder method.
    Field,
    /// A builder's `set_*` method.
    Setter,
    /// A builder's `get_*` method.
    Getter,
    /// A variant of an enum shape (or of a string with the `enum` trait).
    EnumVariant,
    /// A variant of a union shape.
    UnionVariant,
    /// A variant of an operation's (or the service's) error enum.
    ErrorVariant,
    /// An error enum's `is_*` method.
    ErrorPredicate,
    /// The type named after an operation, and the types derived from it.
    Operation,
    /// The module holding an operation's types.
    OperationModule,
    /// The client method that starts an operation.
    OperationFn,
    /// The client method that starts a waiter.
    WaiterFn,
    /// The module holding a waiter's types.
    WaiterModule,
    /// A `const` or `static` item.
    Const,
    /// The local a structure's body reader collects a member in.
    ReaderLocal,
}

impl Role {
    /// How error messages call a name in this role: `field`, `enum variant`, ...
    pub fn describe(self) -> &'static str {
        match self {
            Role::Type => "type",
            Role::Field => "field",
            Role::Setter => "setter",
            Role::Getter => "getter",
            Role::EnumVariant => "enum variant",
            Role::UnionVariant => "union variant",
            Role::ErrorVariant => "error variant",
            Role::ErrorPredicate => "error predicate",
            Role::Operation => "operation type",
            Role::OperationModule => "operation module",
            Role::OperationFn => "client method",
            Role::WaiterFn => "waiter method",
            Role::WaiterModule => "waiter module",
            Role::Const => "constant",
            Role::ReaderLocal => "reader local",
        }
    }

    /// What the Smithy name a name in this role comes from is called: `member`, ...
    pub fn source(self) -> &'static str {
        match self {
            Role::Type => "shape",
            Role::Field | Role::Setter | Role::Getter | Role::UnionVariant | Role::ReaderLocal => {
                "member"
            }
            Role::EnumVariant => "enum value",
            Role::ErrorVariant | Role::ErrorPredicate => "error",
            Role::Operation | Role::OperationModule | Role::OperationFn => "operation",
            Role::WaiterFn | Role::WaiterModule => "waiter",
            Role::Const => "name",
        }
    }

    /// How a Rust keyword is escaped in this role. Modules are suffixed because a raw
    /// module name would need a raw file name too; types never meet lowercase keywords.
    fn keyword_escape(self) -> KeywordEscape {
        match self {
            Role::OperationModule | Role::WaiterModule => KeywordEscape::Suffix,
            _ => KeywordEscape::Raw,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// A Rust identifier decided by the naming module: valid, escaped, never empty.
///
/// The text is the identifier as written in source, so a keyword member `type` is
/// `r#type`. [`RustName::unraw`] gives the bare `type` for strings and docs, and for
/// building other names. Two names are the same Rust identifier exactly when their
/// `unraw` texts are equal (`r#type` and `type` name the same field).
///
/// Only this module creates `RustName`s, so every one of them is a valid identifier:
/// ASCII letters, digits and `_`, not starting with a digit, not `_` alone, and a
/// keyword only in raw form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RustName {
    text: String,
    raw: bool,
    role: Role,
}

impl RustName {
    /// The identifier as written in source: `r#type`, `foo_bar`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The identifier without a raw prefix: `type`, `foo_bar`.
    pub fn unraw(&self) -> &str {
        match self.text.strip_prefix("r#") {
            Some(bare) if self.raw => bare,
            _ => &self.text,
        }
    }

    /// Whether the identifier is written as a raw identifier (`r#type`).
    pub fn is_raw(&self) -> bool {
        self.raw
    }

    /// What this name names.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The identifier as a token, raw when it needs to be.
    pub fn ident(&self) -> Ident {
        // Construction guarantees what `Ident::new`/`new_raw` check: ASCII identifier
        // characters, no leading digit, not `_`, and raw only for keywords that may be.
        if self.raw {
            Ident::new_raw(self.unraw(), Span::call_site())
        } else {
            Ident::new(&self.text, Span::call_site())
        }
    }

    /// This name with `suffix` appended, in the same role: the type name `Foo` gives
    /// `FooBuilder`, the operation `CancelComponentDeployment` gives
    /// `CancelComponentDeploymentInput`. The result is escaped and checked afresh.
    pub fn with_suffix(&self, suffix: &str) -> Result<RustName, NameError> {
        if suffix.is_empty() {
            return Ok(self.clone());
        }
        let joined = format!("{}{suffix}", self.unraw());
        RustName::escaped(self.role, &joined, &joined)
    }

    /// Escapes `candidate` as a name in `role`, reporting errors against `smithy_name`.
    ///
    /// Keywords that can be raw become raw (or get an `_` suffix in module roles),
    /// `self`/`super`/`crate`/`Self` (which cannot be raw) and their own escapes are
    /// renamed as smithy-rs does, and a name starting with a digit gets a leading `_`
    /// (`2DBarcode` → `_2DBarcode`).
    pub(crate) fn escaped(
        role: Role,
        smithy_name: &str,
        candidate: &str,
    ) -> Result<RustName, NameError> {
        let error = |problem| NameError {
            role,
            smithy_name: smithy_name.to_owned(),
            candidate: candidate.to_owned(),
            problem,
        };
        if let Some(bad) = candidate.chars().find(|c| !c.is_ascii()) {
            return Err(error(NameProblem::NotAscii(bad)));
        }
        if let Some(bad) = candidate
            .chars()
            .find(|&c| !c.is_ascii_alphanumeric() && c != '_')
        {
            return Err(error(NameProblem::NotIdentifierChar(bad)));
        }
        if !candidate.chars().any(|c| c.is_ascii_alphanumeric()) {
            return Err(error(NameProblem::NoLettersOrDigits));
        }

        let name = |text: String, raw| RustName { text, raw, role };
        if let Some(renamed) = unrawable_rename(candidate) {
            return Ok(name(renamed.to_owned(), false));
        }
        if is_keyword(candidate) {
            return Ok(match role.keyword_escape() {
                KeywordEscape::Raw => name(format!("r#{candidate}"), true),
                KeywordEscape::Suffix => name(format!("{candidate}_"), false),
            });
        }
        // smithy-rs prefixes `^_*\d`; names from the case conversions never start with
        // `_`, and leaving `_1Foo` alone keeps `with_suffix` from prefixing twice.
        if candidate.starts_with(|c: char| c.is_ascii_digit()) {
            return Ok(name(format!("_{candidate}"), false));
        }
        Ok(name(candidate.to_owned(), false))
    }
}

impl fmt::Display for RustName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl ToTokens for RustName {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.ident().to_tokens(tokens);
    }
}

enum KeywordEscape {
    /// `r#type`
    Raw,
    /// `type_`
    Suffix,
}

/// Rust's strict and reserved keywords (edition 2024), as the official SDK's
/// `RustReservedWords` lists them plus `gen`, reserved since edition 2024. Weak keywords
/// (`union`, `raw`, `safe`, `macro_rules`) are ordinary identifiers where names appear.
const KEYWORDS: [&str; 52] = [
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Keywords that cannot be raw identifiers get the official SDK's fixed renames; the
/// renames are claimed too so a model naming a member `self_` cannot meet the escaped
/// `self` (smithy-rs: "real models won't end in `_`", so one more `_` ends the chain).
fn unrawable_rename(word: &str) -> Option<&'static str> {
    Some(match word {
        "crate" => "crate_",
        "super" => "super_",
        "self" => "self_",
        "Self" => "SelfValue",
        "SelfValue" => "SelfValue_",
        _ => return None,
    })
}

/// A Smithy name that cannot become a Rust name in some role.
///
/// Only names that are not legal Smithy identifiers get here: non-ASCII letters,
/// punctuation, or nothing but separators. Legal names that are awkward in Rust
/// (keywords, prelude names, digits first) are escaped, never rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    role: Role,
    smithy_name: String,
    candidate: String,
    problem: NameProblem,
}

impl NameError {
    /// The role the name was wanted in.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The Smithy name as given.
    pub fn smithy_name(&self) -> &str {
        &self.smithy_name
    }

    /// What is wrong with it.
    pub fn problem(&self) -> &NameProblem {
        &self.problem
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} `{}` gives no Rust {} (`{}`): {}",
            self.role.source(),
            self.smithy_name,
            self.role.describe(),
            self.candidate,
            self.problem
        )
    }
}

impl std::error::Error for NameError {}

/// Why a name cannot be a Rust identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameProblem {
    /// Nothing is left but separators (`_`, `__`, `-`).
    NoLettersOrDigits,
    /// A character outside ASCII. Smithy identifiers are ASCII, and generated code
    /// stays ASCII so that lints about confusable or non-normalised identifiers, and
    /// distinct Smithy names that normalise to one identifier, cannot arise.
    NotAscii(char),
    /// An ASCII character that identifiers cannot contain (`.`, `$`, ...).
    NotIdentifierChar(char),
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameProblem::NoLettersOrDigits => f.write_str("it has no letters or digits"),
            NameProblem::NotAscii(c) => write!(
                f,
                "{c:?} is not ASCII, and Smithy identifiers are ASCII letters, digits and `_`"
            ),
            NameProblem::NotIdentifierChar(c) => {
                write!(f, "{c:?} cannot appear in a Rust identifier")
            }
        }
    }
}
