//! Finding two Smithy names that became one Rust name.

use std::collections::HashMap;
use std::fmt;

use super::rust_name::{Role, RustName};

/// Checks that no two names in one Rust namespace are the same identifier.
///
/// `scope` says where the names live, for the error message: a shape id for the
/// fields of a structure, `com.example#Thing builder methods`, `crate::types`, ...
/// Each item pairs the Smithy name a Rust name came from with that Rust name. Names
/// are compared as identifiers, so `r#type` and `type` are the same name. Give every
/// name that shares the namespace, whatever its role: a builder's field methods and
/// its setters (`foo` gives `set_foo`, which a member `setFoo` would give too).
///
/// The first collision in iteration order is reported, so the error is deterministic.
///
/// ```
/// use generator::naming::{check_unique, field_name};
/// let a = field_name("fooBar")?;
/// let b = field_name("foo_bar")?;
/// let err = check_unique("com.example#Thing", [("fooBar", &a), ("foo_bar", &b)]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "members `fooBar` and `foo_bar` of com.example#Thing both map to Rust field `foo_bar`"
/// );
/// # Ok::<(), generator::naming::NameError>(())
/// ```
pub fn check_unique<'a>(
    scope: &str,
    names: impl IntoIterator<Item = (&'a str, &'a RustName)>,
) -> Result<(), NameCollision> {
    let mut seen: HashMap<&'a str, (&'a str, &'a RustName)> = HashMap::new();
    for (smithy_name, rust_name) in names {
        if let Some(&(first_smithy, first_rust)) = seen.get(rust_name.unraw()) {
            return Err(NameCollision {
                scope: scope.to_owned(),
                first: (first_smithy.to_owned(), first_rust.role()),
                second: (smithy_name.to_owned(), rust_name.role()),
                rust_name: first_rust.as_str().to_owned(),
            });
        }
        seen.insert(rust_name.unraw(), (smithy_name, rust_name));
    }
    Ok(())
}

/// Two Smithy names in one scope that map to the same Rust identifier: a generator
/// error, reported instead of emitting code that would not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCollision {
    scope: String,
    first: (String, Role),
    second: (String, Role),
    rust_name: String,
}

impl NameCollision {
    /// Where the names live, as given to [`check_unique`].
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// The Smithy name that claimed the Rust name first.
    pub fn first(&self) -> &str {
        &self.first.0
    }

    /// The Smithy name that mapped to it again.
    pub fn second(&self) -> &str {
        &self.second.0
    }

    /// The contested Rust name, as written in source.
    pub fn rust_name(&self) -> &str {
        &self.rust_name
    }
}

impl fmt::Display for NameCollision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, first_role) = (&self.first.0, self.first.1);
        let (second, second_role) = (&self.second.0, self.second.1);
        if first_role == second_role {
            write!(
                f,
                "{}s `{first}` and `{second}` of {} both map to Rust {} `{}`",
                first_role.source(),
                self.scope,
                first_role.describe(),
                self.rust_name
            )
        } else {
            write!(
                f,
                "{} `{first}` (as {}) and {} `{second}` (as {}) of {} both map to Rust name `{}`",
                first_role.source(),
                first_role.describe(),
                second_role.source(),
                second_role.describe(),
                self.scope,
                self.rust_name
            )
        }
    }
}

impl std::error::Error for NameCollision {}
