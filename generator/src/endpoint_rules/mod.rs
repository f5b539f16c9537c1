//! Compiles a Smithy endpoint rule set (`smithy.rules#endpointRuleSet`) into
//! Rust, and its test cases (`smithy.rules#endpointTests`) into Rust tests.
//!
//! The generated resolver interprets nothing at run time: every rule becomes
//! an `if` over the parameters, and conditions call the runtime's rule
//! functions (`lean_runtime::endpoint::fns`) directly. The compiler runs in
//! passes, one module each:
//!
//! 1. `parse`: JSON to a syntax tree, checking shapes (templates such as
//!    `https://{Region}.{PartitionResult#dnsSuffix}` are split here);
//! 2. `params`: parameter names settled (`UseFIPS` → `use_fips`);
//! 3. `check`: references resolved and every expression typed, optional
//!    values proven present before use, into the `ir`;
//! 4. `emit_*`: tokens for `Params`, `resolve_endpoint` and the tests.
//!
//! Every failure is a [`RulesError`] naming the JSON pointer of the faulty
//! part of the rule set or test document.

mod cases;
mod check;
mod emit_expr;
mod emit_params;
mod emit_resolver;
mod emit_tests;
mod error;
mod ir;
mod names;
mod params;
mod parse;
mod syntax;
mod types;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

pub use error::{Document, JsonPath, RulesError};

/// The Rust compiled from a rule set.
#[derive(Debug)]
pub struct EndpointModule {
    /// The items of the endpoint module (`src/endpoint.rs` of a generated
    /// crate), using only fully qualified paths:
    ///
    /// - `pub struct Params` (one field per parameter) and
    ///   `pub struct ParamsBuilder` (`Params::builder().region("us-east-1")
    ///   .use_fips(false).build()?`);
    /// - `pub fn params_from_builtins(builtins: &EndpointBuiltIns) ->
    ///   ParamsBuilder` (`lean_runtime::config::EndpointBuiltIns`), which
    ///   feeds the SDK's built-in settings to whichever parameters declare
    ///   them;
    /// - `pub fn resolve_endpoint(params: &Params) -> Result<Endpoint,
    ///   ResolveEndpointError>` (both from `lean_runtime::endpoint`).
    pub resolver: TokenStream,
    /// `#[cfg(test)] mod tests { … }`, one `#[test]` per test case, to
    /// place after the resolver items in the same module (the tests call
    /// `super::Params` and `super::resolve_endpoint`). `None` when no test
    /// document was given.
    pub tests: Option<TokenStream>,
}

/// The value type of a rule-set parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// A string.
    String,
    /// A boolean.
    Boolean,
    /// A list of strings.
    StringArray,
}

/// How an operation sets a rule-set parameter: the `ParamsBuilder`
/// method taking an `Option` of its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamSetter {
    /// The rule-set name, e.g. `StreamARN`.
    pub name: String,
    /// The builder method, e.g. `set_stream_arn`.
    pub setter: String,
    /// The value type.
    pub kind: ParamKind,
    /// The built-in it receives, as written (`AWS::Auth::AccountId`).
    pub built_in: Option<String>,
}

/// The parameters of `ruleset` and the builder methods that set them, for
/// operations that bind `@contextParam`s and `@staticContextParams`.
///
/// # Errors
/// As [`compile`], for a malformed parameter list.
pub fn param_setters(ruleset: &Value) -> Result<Vec<ParamSetter>, RulesError> {
    let syntax::RuleSet { parameters, .. } = parse::rule_set(ruleset)?;
    Ok(params::name_params(parameters)?
        .into_iter()
        .map(|param| ParamSetter {
            setter: param.setter.to_string(),
            built_in: param.built_in_name.clone(),
            kind: match param.ty {
                syntax::ParamType::String => ParamKind::String,
                syntax::ParamType::Boolean => ParamKind::Boolean,
                syntax::ParamType::StringArray => ParamKind::StringArray,
            },
            name: param.name,
        })
        .collect())
}

/// Compiles `ruleset` (the value of the service's
/// `smithy.rules#endpointRuleSet` trait) and, if given, `tests` (the value of
/// its `smithy.rules#endpointTests` trait).
///
/// # Errors
///
/// The rule set or a test case is malformed, uses a function or reference
/// that does not exist, or is ill-typed (for instance uses an optional
/// parameter without `isSet`).
pub fn compile(ruleset: &Value, tests: Option<&Value>) -> Result<EndpointModule, RulesError> {
    let syntax::RuleSet { parameters, rules } = parse::rule_set(ruleset)?;
    let params = params::name_params(parameters)?;
    let resolver = check::check(&params, &rules)?;
    let tests = match tests {
        Some(value) => Some(emit_tests::tests(
            &cases::test_cases(value, &params)?,
            &params,
        )?),
        None => None,
    };
    let params_items = emit_params::params(&params);
    let resolve_fn = emit_resolver::resolve_endpoint(&resolver, &params);
    Ok(EndpointModule {
        resolver: quote! {
            #params_items
            #resolve_fn
        },
        tests,
    })
}

/// Compiles `ruleset` for a test suite: its resolver items (as
/// [`EndpointModule::resolver`]) and its `tests` cases as free `#[test]`
/// functions named `<prefix>_case_<k>`, k counting the cases from 1 in
/// file order, which call `<module>::Params` and `<module>::resolve_endpoint`
/// (so the resolver goes in a module of that path). A case that gives
/// operation inputs only is an ignored test that says why.
///
/// # Errors
/// As [`compile`].
pub fn compile_suite(
    ruleset: &Value,
    tests: &Value,
    module: &TokenStream,
    prefix: &str,
) -> Result<(TokenStream, TokenStream), RulesError> {
    let syntax::RuleSet { parameters, rules } = parse::rule_set(ruleset)?;
    let params = params::name_params(parameters)?;
    let resolver = check::check(&params, &rules)?;
    let tests =
        emit_tests::suite_tests(&cases::test_cases(tests, &params)?, &params, module, prefix)?;
    let params_items = emit_params::params(&params);
    let resolve_fn = emit_resolver::resolve_endpoint(&resolver, &params);
    Ok((
        quote! {
            #params_items
            #resolve_fn
        },
        tests,
    ))
}
