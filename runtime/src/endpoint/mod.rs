//! Endpoints: what a resolver produces, and the functions endpoint rule sets call.
//!
//! A generated client resolves its endpoint with plain Rust compiled from the
//! model's `smithy.rules#endpointRuleSet` trait: nested `if`s over the rule
//! set's parameters that return an [`Endpoint`] or a [`ResolveEndpointError`].
//! Conditions call the rules-engine standard library and its AWS extensions
//! through [`fns`]; the values those functions return are [`Partition`],
//! [`Url`] and [`Arn`]. Endpoints carry rule-set metadata (such as
//! `authSchemes`) as [`Property`] values.

mod arn;
pub mod fns;
mod host;
mod host_prefix;
mod partition;
mod partitions;
mod property;
mod region_pattern;
mod text;
mod url;

use std::collections::BTreeMap;
use std::fmt;

pub use arn::Arn;
pub use host_prefix::{HostPrefix, host_label};
pub use partition::Partition;
pub use property::Property;
pub use url::Url;

/// A resolved endpoint: the URL requests go to, plus any headers and
/// properties the rule set attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    headers: BTreeMap<String, Vec<String>>,
    properties: BTreeMap<String, Property>,
}

impl Endpoint {
    /// An endpoint with only a URL.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            headers: BTreeMap::new(),
            properties: BTreeMap::new(),
        }
    }

    /// The URL, e.g. `https://proton.us-east-1.amazonaws.com`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Headers to add to every request sent to this endpoint.
    pub fn headers(&self) -> &BTreeMap<String, Vec<String>> {
        &self.headers
    }

    /// Adds a header value.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .entry(name.into())
            .or_default()
            .push(value.into());
        self
    }

    /// Metadata the rule set attached to the endpoint, such as `authSchemes`
    /// (which signing name and region to use with it).
    pub fn properties(&self) -> &BTreeMap<String, Property> {
        &self.properties
    }

    /// One property by name.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.get(name)
    }

    /// Sets a property, replacing any earlier value under the same name.
    pub fn with_property(mut self, name: impl Into<String>, value: impl Into<Property>) -> Self {
        self.properties.insert(name.into(), value.into());
        self
    }
}

/// The rule set ended in an error rule, or the parameters were unusable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveEndpointError {
    message: String,
}

impl ResolveEndpointError {
    /// An error with the rule set's message.
    pub fn message(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The message alone, exactly as the rule set (or parameter check) gave it,
    /// e.g. `Invalid Configuration: Missing Region`.
    pub fn reason(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ResolveEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "endpoint resolution failed: {}", self.message)
    }
}

impl std::error::Error for ResolveEndpointError {}

/// Whether `authority` names a port that is not a number from 0 to 65535.
/// `http::Uri` accepts any digits there and then reports no port at all,
/// which would dial the scheme's default port instead of failing.
pub(crate) fn has_invalid_port(authority: &http::uri::Authority) -> bool {
    let text = authority.as_str();
    let after_host = match text.rfind(']') {
        Some(end) => &text[end + 1..],
        None => text.rsplit_once('@').map_or(text, |(_, host)| host),
    };
    match after_host.rsplit_once(':') {
        Some((_, port)) => !port.is_empty() && port.parse::<u16>().is_err(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_collects_headers_in_order_and_properties_by_name() {
        let endpoint = Endpoint::new("https://example.com")
            .with_header("x-amz-multi", "*")
            .with_header("x-amz-multi", "us-east-1")
            .with_property("flag", true)
            .with_property("flag", false);
        assert_eq!(endpoint.url(), "https://example.com");
        assert_eq!(
            endpoint.headers().get("x-amz-multi"),
            Some(&vec!["*".to_owned(), "us-east-1".to_owned()])
        );
        assert_eq!(endpoint.property("flag"), Some(&Property::Bool(false)));
        assert_eq!(endpoint.properties().len(), 1);
    }

    #[test]
    fn error_keeps_the_rule_set_message_apart_from_its_display() {
        let error = ResolveEndpointError::message("Invalid Configuration: Missing Region");
        assert_eq!(error.reason(), "Invalid Configuration: Missing Region");
        assert_eq!(
            error.to_string(),
            "endpoint resolution failed: Invalid Configuration: Missing Region"
        );
    }
}
