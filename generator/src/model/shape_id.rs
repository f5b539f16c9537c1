//! Absolute Smithy shape ids (`namespace#Name`, `namespace#Name$member`).

use serde::{Deserialize, Deserializer};
use std::fmt;

/// An absolute shape id such as `com.amazonaws.proton#Component`.
///
/// Ordered by its text, so maps keyed by shape id iterate deterministically.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(String);

impl ShapeId {
    /// Parses an absolute shape id, without a member part.
    pub fn parse(text: &str) -> Result<Self, String> {
        let Some((namespace, name)) = text.split_once('#') else {
            return Err(format!(
                "`{text}` is not an absolute shape id (namespace#Name)"
            ));
        };
        let valid_ns = !namespace.is_empty() && namespace.split('.').all(is_identifier);
        if !valid_ns {
            return Err(format!("`{text}` has an invalid namespace `{namespace}`"));
        }
        if name.contains('$') {
            return Err(format!(
                "`{text}` names a member; a shape id was expected here"
            ));
        }
        if !is_identifier(name) {
            return Err(format!("`{text}` has an invalid shape name `{name}`"));
        }
        Ok(Self(text.to_owned()))
    }

    /// A shape id from parts already known to be valid.
    pub fn new(namespace: &str, name: &str) -> Self {
        Self(format!("{namespace}#{name}"))
    }

    /// The whole id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The namespace, e.g. `com.amazonaws.proton`.
    pub fn namespace(&self) -> &str {
        self.0.split_once('#').map_or("", |(ns, _)| ns)
    }

    /// The shape name, e.g. `Component`.
    pub fn name(&self) -> &str {
        self.0.split_once('#').map_or(&self.0, |(_, name)| name)
    }

    /// Whether this is a shape of the Smithy prelude (`smithy.api#...`).
    pub fn is_prelude(&self) -> bool {
        self.namespace() == "smithy.api"
    }
}

/// Smithy identifier: `[A-Za-z_][A-Za-z0-9_]*` (at least one non-underscore).
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && text.chars().any(|c| c != '_')
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ShapeId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::ShapeId;

    #[test]
    fn parses_parts() {
        let id = ShapeId::parse("com.amazonaws.proton#Component").unwrap();
        assert_eq!(id.namespace(), "com.amazonaws.proton");
        assert_eq!(id.name(), "Component");
        assert!(!id.is_prelude());
        assert!(ShapeId::parse("smithy.api#String").unwrap().is_prelude());
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in [
            "Component",
            "#Component",
            "a#",
            "a..b#C",
            "a#B$c",
            "a#1B",
            "a#B-c",
            "a#_",
        ] {
            assert!(ShapeId::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
