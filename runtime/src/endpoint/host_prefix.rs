//! Host prefixes: `@endpoint(hostPrefix: "foo.{label}.")` puts text before
//! the endpoint's host.

use super::fns::is_valid_host_label;
use crate::error::BuildError;

/// What an operation's request puts before the endpoint's host, such as
/// `foo.bar.` (for `foo.bar.example.com`).
///
/// Serializers store it in the request's extensions; the orchestrator
/// applies it when it aims the request at the endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPrefix(String);

impl HostPrefix {
    /// A prefix made of the model's literal text and checked label values.
    ///
    /// # Errors
    /// When the prefix has a character other than ASCII letters, digits,
    /// `-` and `.`, or is empty.
    pub fn new(prefix: impl Into<String>) -> Result<Self, BuildError> {
        let prefix = prefix.into();
        let valid = !prefix.is_empty()
            && prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if valid {
            Ok(Self(prefix))
        } else {
            Err(BuildError::other(format!(
                "host prefix `{prefix}` is not a valid start of a host name"
            )))
        }
    }

    /// The prefix.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks the value of a `@hostLabel` member: one host label (1 to 63
/// ASCII letters, digits and hyphens, starting with a letter or digit).
///
/// # Errors
/// A [`BuildError`] naming `field` when the value is not a host label; the
/// request is not sent.
pub fn host_label<'a>(field: &'static str, value: &'a str) -> Result<&'a str, BuildError> {
    if is_valid_host_label(value, false) {
        Ok(value)
    } else {
        Err(BuildError::invalid_field(
            field,
            format!("{value:?} is not a valid host label, so it cannot be part of the host name"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_host_name_characters() {
        assert_eq!(
            HostPrefix::new("foo.bar-1.").unwrap().as_str(),
            "foo.bar-1."
        );
        for bad in ["", "a b.", "a/b.", "a:1.", "ä."] {
            assert!(HostPrefix::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn labels_are_single_host_labels() {
        assert_eq!(host_label("label", "bar"), Ok("bar"));
        for bad in ["", "a.b", "-a", "a b", "a/b", &"a".repeat(64)] {
            let error = host_label("label", bad).unwrap_err();
            assert_eq!(error.field(), Some("label"), "{bad:?}");
        }
    }
}
