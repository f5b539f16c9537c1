//! String enums and intEnums.
//!
//! Services add values over time, so every enum has an `Unknown` variant
//! that keeps the value it did not recognise: an old client reads a new
//! value without failing and can even send it back.

use super::structure::deprecated_attr;
use crate::ir::{Enum, IntEnum};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// A string enum with `as_str`, `From<&str>`, `FromStr`, `Display`, `values()`.
pub fn emit_enum(e: &Enum) -> TokenStream {
    let name = e.name.ident();
    let docs = e
        .docs
        .clone()
        .or(format!("The `{}` enum.", e.id.name()))
        .to_attrs();
    let deprecated = deprecated_attr(&e.deprecated);
    let usage_doc = if e.variants.is_empty() {
        format!(
            "\nThis enum has no known values yet; every value is kept in [`{}::Unknown`].",
            e.name
        )
    } else {
        format!(
            "\nThis enum may gain values in future versions of the service: match it with a \
             wildcard arm. Values this version does not know are kept in [`{}::Unknown`].",
            e.name
        )
    };
    let usage_doc = crate::docs::doc_attrs(&usage_doc);
    let variants = e.variants.iter().map(|v| {
        let variant = v.name.ident();
        let docs = v
            .docs
            .clone()
            .or(format!("`{}`", v.value.replace('`', "'")))
            .to_attrs();
        let deprecated = deprecated_attr(&v.deprecated);
        quote! {
            #docs
            #deprecated
            #variant,
        }
    });
    let from_arms = e.variants.iter().map(|v| {
        let variant = v.name.ident();
        let value = &v.value;
        quote!(#value => #name::#variant,)
    });
    let as_str_arms = e.variants.iter().map(|v| {
        let variant = v.name.ident();
        let value = &v.value;
        quote!(#name::#variant => #value,)
    });
    let values = e.variants.iter().map(|v| &v.value);
    let redacted = super::structure::REDACTED;
    let sensitive_debug = e.sensitive.then(|| {
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#redacted)
                }
            }
        }
    });
    let derive_debug = (!e.sensitive).then(|| quote!(::std::fmt::Debug,));
    let serde_impls = super::serde::enum_impls(e);
    quote! {
        #docs
        #usage_doc
        #deprecated
        #[non_exhaustive]
        #[derive(::std::clone::Clone, #derive_debug ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::Ord, ::std::cmp::PartialEq, ::std::cmp::PartialOrd)]
        pub enum #name {
            #(#variants)*
            /// A value this version does not know (`as_str()` returns it); do not match on it, a later version may name it.
            Unknown(::lean_runtime::primitives::UnknownVariantValue),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    #name::Unknown(value) => value.as_str(),
                }
            }

            /// Every value this version of the client knows.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        #serde_impls

        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from_arms)*
                    other => #name::Unknown(::lean_runtime::primitives::UnknownVariantValue::new(other.to_owned())),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(s: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(#name::from(s))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #sensitive_debug
    }
}

/// An intEnum with `as_i32`, `From<i32>`, `Display`, `values()`.
pub fn emit_int_enum(e: &IntEnum) -> TokenStream {
    let name = e.name.ident();
    let docs = e
        .docs
        .clone()
        .or(format!("The `{}` enum.", e.id.name()))
        .to_attrs();
    let deprecated = deprecated_attr(&e.deprecated);
    let variants = e.variants.iter().map(|v| {
        let variant = v.name.ident();
        let docs = v.docs.clone().or(format!("`{}`", v.value)).to_attrs();
        let deprecated = deprecated_attr(&v.deprecated);
        quote! {
            #docs
            #deprecated
            #variant,
        }
    });
    let from_arms = e.variants.iter().map(|v| {
        let variant = v.name.ident();
        let value = Literal::i32_unsuffixed(v.value);
        quote!(#value => #name::#variant,)
    });
    let as_arms = e.variants.iter().map(|v| {
        let variant = v.name.ident();
        let value = Literal::i32_unsuffixed(v.value);
        quote!(#name::#variant => #value,)
    });
    let values = e.variants.iter().map(|v| Literal::i32_unsuffixed(v.value));
    let serde_impls = super::serde::int_enum_impls(e);
    quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::Ord, ::std::cmp::PartialEq, ::std::cmp::PartialOrd)]
        pub enum #name {
            #(#variants)*
            /// A value this version does not know (`as_i32()` returns it).
            Unknown(i32),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#as_arms)*
                    #name::Unknown(value) => *value,
                }
            }

            /// Every value this version of the client knows.
            pub const fn values() -> &'static [i32] {
                &[#(#values),*]
            }
        }

        #serde_impls

        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from_arms)*
                    other => #name::Unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i32(), f)
            }
        }
    }
}
