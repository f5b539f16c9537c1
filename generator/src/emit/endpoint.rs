//! `src/endpoint.rs`: the resolver compiled from the model's endpoint rule
//! set (see [`crate::endpoint_rules`]), with the model's endpoint tests.

use crate::error::{Diagnostic, Result};
use crate::ir::Service;
use proc_macro2::TokenStream;
use quote::quote;

/// The body of `src/endpoint.rs`.
pub fn emit_module(service: &Service) -> Result<TokenStream> {
    let Some(rules) = &service.endpoint_rules else {
        let prefix = &service.endpoint_prefix;
        let doc = format!(
            "This service's model has no endpoint rule set: requests go to the \
             configured endpoint, or to `https://{prefix}.{{region}}.amazonaws.com`."
        );
        return Ok(quote! {
            #![doc = #doc]
        });
    };
    let compiled =
        crate::endpoint_rules::compile(rules, service.endpoint_tests.as_ref()).map_err(|e| {
            Diagnostic::new(format!("invalid endpoint rule set: {e}")).on_shape(&service.id)
        })?;
    let resolver = compiled.resolver;
    let tests = compiled.tests;
    Ok(quote! {
        //! Endpoint resolution, compiled from the service's endpoint rule set.

        #resolver
        #tests
    })
}
