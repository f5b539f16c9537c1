//! `Config`: the runtime's configuration, specialised for this service.

use crate::ir::Service;
use proc_macro2::TokenStream;
use quote::quote;

/// The body of `src/config.rs`.
pub fn emit_module(service: &Service) -> TokenStream {
    let sdk_id = &service.sdk_id;
    let prefix = &service.endpoint_prefix;
    let signing = match &service.signing_name {
        Some(name) => quote!(::std::option::Option::Some(#name)),
        None => quote!(::std::option::Option::None),
    };
    let resolve = if service.endpoint_rules.is_some() {
        quote! {
            let params = crate::endpoint::params_from_builtins(builtins)
            .build()?;
            crate::endpoint::resolve_endpoint(&params)
        }
    } else {
        quote!(::lean_runtime::config::default_endpoint(#prefix, builtins))
    };
    let title = service.title.clone().unwrap_or_else(|| sdk_id.clone());
    let spec_doc = format!(
        "What the runtime needs to know about {title}: its SDK id (for `AWS_ENDPOINT_URL_{}`), signing name, and endpoint rules.",
        sdk_id.to_uppercase().replace([' ', '-'], "_")
    );
    quote! {
        //! Client configuration: region, credentials, endpoint, retries,
        //! timeouts and the HTTP transport.

        #[doc = #spec_doc]
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug)]
        #[non_exhaustive]
        pub struct Spec;

        impl ::lean_runtime::config::ServiceSpec for Spec {
            const SDK_ID: &'static str = #sdk_id;
            const SIGNING_NAME: ::std::option::Option<&'static str> = #signing;
            const ENDPOINT_PREFIX: &'static str = #prefix;
            const CRATE_NAME: &'static str = ::std::env!("CARGO_PKG_NAME");
            const CRATE_VERSION: &'static str = ::std::env!("CARGO_PKG_VERSION");

            fn resolve_endpoint(
                builtins: &::lean_runtime::config::EndpointBuiltIns<'_>,
            ) -> ::std::result::Result<::lean_runtime::endpoint::Endpoint, ::lean_runtime::endpoint::ResolveEndpointError> {
                #resolve
            }
        }

        /// Configuration of a [`Client`](crate::Client): region, credentials,
        /// endpoint, retries, timeouts and the HTTP transport. Load it from the
        /// environment with [`Config::from_env`] or build it with
        /// [`Config::builder`].
        pub type Config = ::lean_runtime::config::Config<Spec>;

        /// Builder for [`Config`].
        pub type ConfigBuilder = ::lean_runtime::config::ConfigBuilder<Spec>;
    }
}
