//! Compile errors, each naming the place in the rule set (or its tests) that
//! is wrong.

use std::fmt;

/// Which trait document a [`RulesError`] points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// The `smithy.rules#endpointRuleSet` trait value.
    RuleSet,
    /// The `smithy.rules#endpointTests` trait value.
    Tests,
}

/// A location inside a trait document, as a JSON pointer (RFC 6901), e.g.
/// `/rules/1/rules/0/conditions/2/argv/0`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonPath {
    document: Document,
    pointer: String,
}

impl JsonPath {
    /// The root of `document`.
    pub(super) fn root(document: Document) -> Self {
        Self {
            document,
            pointer: String::new(),
        }
    }

    /// The member `key` of the object here.
    pub(super) fn key(&self, key: &str) -> Self {
        let escaped = key.replace('~', "~0").replace('/', "~1");
        Self {
            document: self.document,
            pointer: format!("{}/{escaped}", self.pointer),
        }
    }

    /// The element `index` of the array here.
    pub(super) fn index(&self, index: usize) -> Self {
        Self {
            document: self.document,
            pointer: format!("{}/{index}", self.pointer),
        }
    }

    /// The document the pointer applies to.
    pub fn document(&self) -> Document {
        self.document
    }

    /// The JSON pointer; empty for the document itself.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let document = match self.document {
            Document::RuleSet => "endpointRuleSet",
            Document::Tests => "endpointTests",
        };
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{document} {pointer}")
    }
}

/// Why an endpoint rule set or its tests cannot be compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    path: JsonPath,
    message: String,
}

impl RulesError {
    pub(super) fn new(path: &JsonPath, message: impl Into<String>) -> Self {
        Self {
            path: path.clone(),
            message: message.into(),
        }
    }

    /// Where the problem is.
    pub fn path(&self) -> &JsonPath {
        &self.path
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for RulesError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_escape_keys_as_json_pointers_do() {
        let path = JsonPath::root(Document::RuleSet)
            .key("rules")
            .index(3)
            .key("a/b~c");
        assert_eq!(path.pointer(), "/rules/3/a~1b~0c");
        assert_eq!(path.to_string(), "endpointRuleSet /rules/3/a~1b~0c");
        assert_eq!(
            JsonPath::root(Document::Tests).to_string(),
            "endpointTests /"
        );
    }

    #[test]
    fn errors_display_their_location_first() {
        let path = JsonPath::root(Document::Tests).key("testCases").index(0);
        let error = RulesError::new(&path, "missing `expect`");
        assert_eq!(
            error.to_string(),
            "endpointTests /testCases/0: missing `expect`"
        );
        assert_eq!(error.message(), "missing `expect`");
        assert_eq!(error.path().document(), Document::Tests);
    }
}
