//! `resolve_endpoint`: the rule tree as nested `if`s.
//!
//! A rule's conditions become one `if` whose let-chain binds what the
//! conditions assign (`if let Some(region) = … && let Some(partition_result) =
//! … && params.use_fips { … }`); its outcome becomes a `return`. Rules run in
//! order, so a failed `if` falls through to the next rule. A tree whose
//! sub-rules can all fail ends with the "no rule matched" error, as the
//! specification requires; rules after one that always matches are dead and
//! not emitted. The last statement of the function is a tail expression.

use proc_macro2::TokenStream;
use quote::quote;

use super::emit_expr::Exprs;
use super::ir::{Condition, Endpoint, Outcome, Resolver, Rule};
use super::params::Param;

/// The message of the error returned when no rule of a tree matched; the
/// specification calls this rule exhaustion.
pub(super) const NO_RULE_MATCHED: &str =
    "no endpoint rule matched the parameters (the rule set is not exhaustive)";

/// `pub fn resolve_endpoint(params: &Params) -> Result<Endpoint, ResolveEndpointError>`.
pub(super) fn resolve_endpoint(resolver: &Resolver, params: &[Param]) -> TokenStream {
    let exprs = Exprs::new(params, &resolver.locals);
    let body = Emitter { exprs: &exprs }.rules(&resolver.rules, Position::Tail);
    // A rule set that never reads its parameters still takes them.
    let params_arg = if exprs.reads_params() {
        quote!(params)
    } else {
        quote!(_params)
    };
    quote! {
        /// Resolves the endpoint for `params` by evaluating the service's
        /// endpoint rules in order.
        ///
        /// # Errors
        ///
        /// The message of the error rule that matched, such as a FIPS
        /// endpoint requested in a partition without one, or a message saying
        /// that no rule matched.
        pub fn resolve_endpoint(
            #params_arg: &Params,
        ) -> ::std::result::Result<
            ::lean_runtime::endpoint::Endpoint,
            ::lean_runtime::endpoint::ResolveEndpointError,
        > {
            #body
        }
    }
}

/// Whether code is the function's last statement (which must be an
/// expression) or sits inside an `if` (which must `return`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    Tail,
    Nested,
}

struct Emitter<'e> {
    exprs: &'e Exprs<'e>,
}

impl Emitter<'_> {
    fn rules(&self, rules: &[Rule], position: Position) -> TokenStream {
        let mut out = TokenStream::new();
        for rule in rules {
            if rule.always_matches() {
                out.extend(self.unconditional(rule, position));
                return out;
            }
            out.extend(self.conditional(rule));
        }
        out.extend(finish(
            position,
            quote!(::std::result::Result::Err(
                ::lean_runtime::endpoint::ResolveEndpointError::message(#NO_RULE_MATCHED)
            )),
        ));
        out
    }

    /// A rule whose conditions always hold: its `let`s, then its outcome.
    fn unconditional(&self, rule: &Rule, position: Position) -> TokenStream {
        let mut out = TokenStream::new();
        for condition in &rule.conditions {
            if let Condition::Let { local, expr } = condition
                && let Some(local) = self.exprs.local(*local)
            {
                let ident = &local.ident;
                let value = self.exprs.value(expr);
                out.extend(quote!(let #ident = #value;));
            }
        }
        out.extend(self.outcome(&rule.outcome, position));
        out
    }

    /// A rule that may not match: `if <conditions> { <outcome> }`. A `let`
    /// among the conditions splits them into nested `if`s around it.
    fn conditional(&self, rule: &Rule) -> TokenStream {
        let mut inner = self.outcome(&rule.outcome, Position::Nested);
        // Whether `inner` begins with a `let` statement.
        let mut inner_lets = false;
        let mut chain: Vec<TokenStream> = Vec::new();
        for condition in rule.conditions.iter().rev() {
            match condition {
                Condition::Bind { local, expr } => {
                    let value = self.exprs.value(expr);
                    chain.push(match self.exprs.local(*local) {
                        Some(local) => {
                            let ident = &local.ident;
                            quote!(let ::std::option::Option::Some(#ident) = #value)
                        }
                        None => quote!(#value.is_some()),
                    });
                }
                Condition::Test(expr) => chain.push(self.exprs.boolean(expr)),
                Condition::Always => {}
                Condition::Let { local, expr } => {
                    if let Some(local) = self.exprs.local(*local) {
                        if !chain.is_empty() {
                            inner = wrap_if(&mut chain, inner);
                        }
                        let ident = &local.ident;
                        let value = self.exprs.value(expr);
                        inner = quote!(let #ident = #value; #inner);
                        inner_lets = true;
                    }
                }
            }
        }
        if chain.is_empty() && inner_lets {
            // Keep the rule's variables out of the rules that follow.
            return quote!({ #inner });
        }
        wrap_if(&mut chain, inner)
    }

    fn outcome(&self, outcome: &Outcome, position: Position) -> TokenStream {
        match outcome {
            Outcome::Endpoint(endpoint) => {
                let endpoint = self.endpoint(endpoint);
                finish(position, quote!(::std::result::Result::Ok(#endpoint)))
            }
            Outcome::Error(message) => {
                let message = self.exprs.string(message);
                finish(
                    position,
                    quote!(::std::result::Result::Err(
                        ::lean_runtime::endpoint::ResolveEndpointError::message(#message)
                    )),
                )
            }
            Outcome::Tree(rules) => self.rules(rules, position),
        }
    }

    fn endpoint(&self, endpoint: &Endpoint) -> TokenStream {
        let url = self.exprs.string(&endpoint.url);
        let headers = endpoint.headers.iter().flat_map(|(name, values)| {
            values.iter().map(move |value| {
                let value = self.exprs.string(value);
                quote!(.with_header(#name, #value))
            })
        });
        let properties = endpoint.properties.iter().map(|(name, value)| {
            let value = self.exprs.property(value);
            quote!(.with_property(#name, #value))
        });
        quote!(::lean_runtime::endpoint::Endpoint::new(#url) #(#headers)* #(#properties)*)
    }
}

/// `if a && b { inner }`, or `inner` itself when there is no condition left.
/// Takes the conditions collected so far (in reverse order).
fn wrap_if(chain: &mut Vec<TokenStream>, inner: TokenStream) -> TokenStream {
    if chain.is_empty() {
        return inner;
    }
    let conditions = chain.drain(..).rev();
    quote!(if #(#conditions)&&* { #inner })
}

/// The final value: a tail expression, or a `return` statement.
fn finish(position: Position, value: TokenStream) -> TokenStream {
    match position {
        Position::Tail => value,
        Position::Nested => quote!(return #value;),
    }
}
