//! `Params`, its builder, and `params_from_builtins`.
//!
//! ```text
//! let params = Params::builder().region("us-east-1").use_fips(false).build()?;
//! ```
//!
//! Required parameters (including those with a default) are plain values in
//! `Params`; `build` fills in defaults and refuses a missing required
//! parameter without one. The others are `Option`s.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::params::{BuiltIn, Param, missing_parameter_message};
use super::syntax::{ParamType, ParamValue};

/// Everything about parameters that the generated module defines.
pub(super) fn params(params: &[Param]) -> TokenStream {
    let structure = params_struct(params);
    let builder = builder(params);
    let from_builtins = from_builtins(params);
    quote! {
        #structure
        #builder
        #from_builtins
    }
}

fn string_type() -> TokenStream {
    quote!(::std::string::String)
}

/// The Rust type of a present value.
fn value_type(param: &Param) -> TokenStream {
    let string = string_type();
    match param.ty {
        ParamType::String => string,
        ParamType::Boolean => quote!(bool),
        ParamType::StringArray => quote!(::std::vec::Vec<#string>),
    }
}

/// The field type in `Params`.
fn field_type(param: &Param) -> TokenStream {
    let value = value_type(param);
    if param.required {
        value
    } else {
        quote!(::std::option::Option<#value>)
    }
}

/// Doc lines for a parameter: its documentation, then what it is bound to.
fn docs(param: &Param) -> Vec<String> {
    let mut lines: Vec<String> = match &param.documentation {
        Some(text) => text.lines().map(|line| format!(" {line}")).collect(),
        None => vec![format!(" The `{}` parameter.", param.name)],
    };
    let mut facts = vec![format!("rule-set name `{}`", param.name)];
    if let Some(built_in) = &param.built_in_name {
        facts.push(format!("built-in `{built_in}`"));
    }
    match &param.default {
        Some(value) => facts.push(format!("default {}", describe(value))),
        None if param.required => facts.push("required".to_owned()),
        None => {}
    }
    lines.push(String::new());
    lines.push(format!(" ({})", facts.join(", ")));
    if let Some(deprecated) = &param.deprecated {
        let mut note = " Deprecated".to_owned();
        if let Some(since) = &deprecated.since {
            note.push_str(&format!(" since {since}"));
        }
        match &deprecated.message {
            Some(message) => note.push_str(&format!(": {message}")),
            None => note.push('.'),
        }
        lines.push(String::new());
        lines.push(note);
    }
    lines
}

fn describe(value: &ParamValue) -> String {
    match value {
        ParamValue::String(text) => format!("`{text:?}`"),
        ParamValue::Boolean(flag) => format!("`{flag}`"),
        ParamValue::StringArray(items) => format!("`{items:?}`"),
    }
}

fn params_struct(params: &[Param]) -> TokenStream {
    let fields = params.iter().map(|param| {
        let field = &param.field;
        let ty = field_type(param);
        let docs = docs(param);
        quote! {
            #(#[doc = #docs])*
            #field: #ty
        }
    });
    let getters = params.iter().map(|param| {
        let field = &param.field;
        let docs = docs(param);
        let string = string_type();
        let (ty, value) = match (param.ty, param.required) {
            (ParamType::Boolean, true) => (quote!(bool), quote!(self.#field)),
            (ParamType::Boolean, false) => {
                (quote!(::std::option::Option<bool>), quote!(self.#field))
            }
            (ParamType::String, true) => (quote!(&str), quote!(&self.#field)),
            (ParamType::String, false) => (
                quote!(::std::option::Option<&str>),
                quote!(self.#field.as_deref()),
            ),
            (ParamType::StringArray, true) => (quote!(&[#string]), quote!(&self.#field)),
            (ParamType::StringArray, false) => (
                quote!(::std::option::Option<&[#string]>),
                quote!(self.#field.as_deref()),
            ),
        };
        quote! {
            #(#[doc = #docs])*
            pub fn #field(&self) -> #ty {
                #value
            }
        }
    });
    quote! {
        /// The parameters of the service's endpoint rule set.
        ///
        /// Build them with [`Params::builder`], or start from the SDK's
        /// settings with [`params_from_builtins`].
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct Params {
            #(#fields,)*
        }

        impl Params {
            /// A builder with no parameter set.
            pub fn builder() -> ParamsBuilder {
                <ParamsBuilder as ::std::default::Default>::default()
            }

            #(#getters)*
        }
    }
}

fn builder(params: &[Param]) -> TokenStream {
    let string = string_type();
    let fields = params.iter().map(|param| {
        let field = &param.field;
        let ty = value_type(param);
        quote!(#field: ::std::option::Option<#ty>)
    });
    let methods = params.iter().map(|param| {
        let field = &param.field;
        let setter = &param.setter;
        let docs = docs(param);
        let ty = value_type(param);
        let (argument, value) = match param.ty {
            ParamType::String => (
                quote!(value: impl ::std::convert::Into<#string>),
                quote!(value.into()),
            ),
            ParamType::Boolean => (quote!(value: bool), quote!(value)),
            ParamType::StringArray => (
                quote!(value: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#string>>),
                quote!(value.into_iter().map(::std::convert::Into::into).collect()),
            ),
        };
        let setter_doc = format!(" Sets or clears `{}`.", param.name);
        quote! {
            #(#[doc = #docs])*
            #[must_use]
            pub fn #field(mut self, #argument) -> Self {
                self.#field = ::std::option::Option::Some(#value);
                self
            }

            #[doc = #setter_doc]
            #[must_use]
            pub fn #setter(mut self, value: ::std::option::Option<#ty>) -> Self {
                self.#field = value;
                self
            }
        }
    });
    let checks = params.iter().map(|param| {
        let field = &param.field;
        let value = match (&param.default, param.required) {
            (_, false) => quote!(self.#field),
            (None, true) => {
                let message = missing_parameter_message(&param.name);
                quote! {
                    self.#field.ok_or_else(|| {
                        ::lean_runtime::endpoint::ResolveEndpointError::message(#message)
                    })?
                }
            }
            (Some(default), true) => with_default(field, default),
        };
        quote!(#field: #value)
    });
    quote! {
        /// Builds [`Params`]; see [`Params::builder`].
        #[derive(
            ::std::clone::Clone,
            ::std::fmt::Debug,
            ::std::default::Default,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
        )]
        pub struct ParamsBuilder {
            #(#fields,)*
        }

        impl ParamsBuilder {
            #(#methods)*

            /// The parameters, with defaults filled in.
            ///
            /// # Errors
            ///
            /// A required parameter without a default is not set.
            pub fn build(
                self,
            ) -> ::std::result::Result<Params, ::lean_runtime::endpoint::ResolveEndpointError> {
                ::std::result::Result::Ok(Params {
                    #(#checks,)*
                })
            }
        }
    }
}

fn with_default(field: &proc_macro2::Ident, default: &ParamValue) -> TokenStream {
    let string = string_type();
    match default {
        ParamValue::Boolean(flag) => quote!(self.#field.unwrap_or(#flag)),
        ParamValue::String(text) if text.is_empty() => quote!(self.#field.unwrap_or_default()),
        ParamValue::String(text) => quote!(self.#field.unwrap_or_else(|| #string::from(#text))),
        ParamValue::StringArray(items) if items.is_empty() => {
            quote!(self.#field.unwrap_or_default())
        }
        ParamValue::StringArray(items) => {
            quote!(self.#field.unwrap_or_else(|| ::std::vec![#(#string::from(#items)),*]))
        }
    }
}

/// `params_from_builtins`: the parameters SDK configuration supplies, by
/// built-in rather than by the rule set's parameter names.
fn from_builtins(params: &[Param]) -> TokenStream {
    let to_owned = quote!(::std::borrow::ToOwned::to_owned);
    let calls: Vec<TokenStream> = params
        .iter()
        .filter_map(|param| {
            let field = &param.field;
            let setter = &param.setter;
            Some(match param.built_in? {
                BuiltIn::Region => quote!(.#setter(builtins.region.map(#to_owned))),
                BuiltIn::Endpoint => quote!(.#setter(builtins.endpoint.map(#to_owned))),
                BuiltIn::UseFips => quote!(.#field(builtins.use_fips)),
                BuiltIn::UseDualStack => quote!(.#field(builtins.use_dual_stack)),
                BuiltIn::S3ForcePathStyle => {
                    quote!(.#field(builtins.s3.is_path_style_forced()))
                }
                BuiltIn::S3Accelerate => quote!(.#field(builtins.s3.is_accelerated())),
                BuiltIn::S3UseArnRegion => quote!(.#setter(builtins.s3.arn_region())),
                BuiltIn::S3DisableMultiRegionAccessPoints => {
                    quote!(.#field(builtins.s3.are_multi_region_access_points_disabled()))
                }
            })
        })
        .collect();
    let argument = if calls.is_empty() {
        format_ident!("_builtins")
    } else {
        format_ident!("builtins")
    };
    quote! {
        /// Parameters from the SDK's built-in settings: the region
        /// (`AWS::Region`), FIPS and dual-stack endpoints (`AWS::UseFIPS`,
        /// `AWS::UseDualStack`), an endpoint URL override (`SDK::Endpoint`)
        /// and S3's settings (`AWS::S3::*`), each passed to the parameter
        /// that declares it.
        ///
        /// Other parameters are left unset: set them on the returned builder,
        /// then call [`ParamsBuilder::build`].
        pub fn params_from_builtins(
            #argument: &::lean_runtime::config::EndpointBuiltIns<'_>,
        ) -> ParamsBuilder {
            Params::builder() #(#calls)*
        }
    }
}
