//! Endpoint rule set compiler (in progress on its own branch).

use std::fmt;

/// A rule set error.
#[derive(Debug)]
pub struct RulesError(String);

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The compiled module.
pub struct EndpointModule {
    /// Resolver.
    pub resolver: proc_macro2::TokenStream,
    /// Tests.
    pub tests: Option<proc_macro2::TokenStream>,
}

/// Compiles a rule set.
pub fn compile(
    _rules: &serde_json::Value,
    _tests: Option<&serde_json::Value>,
) -> Result<EndpointModule, RulesError> {
    Err(RulesError(
        "endpoint rule sets are not supported yet".into(),
    ))
}
