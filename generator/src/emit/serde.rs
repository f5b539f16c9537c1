//! The generated crate's optional `serde` feature: `Serialize` and
//! `Deserialize` on structures, unions and enums, with the model's member
//! names. Everything is behind `#[cfg_attr(feature = "serde", ...)]` or
//! `#[cfg(feature = "serde")]`, so the feature costs nothing when off.
//!
//! `@sensitive` members serialize through
//! `lean_runtime::serde::sensitive`, redacted unless the caller reveals
//! them; enums serialize as their wire values (unknown values kept); the
//! runtime's value types serialize as the runtime's `serde` module says.
//! Structures holding a stream (a streaming blob or an event stream) are
//! left out: a stream cannot be written down.

use crate::ir::{Enum, IntEnum, Member, Structure, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether a structure gets the derives.
pub fn serializable(s: &Structure) -> bool {
    !s.members.iter().any(|m| m.ty.is_stream())
}

/// The derives of a structure or union.
pub fn derive() -> TokenStream {
    quote!(#[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))])
}

/// How serde spells a structure's members: the `rename_all` rule that
/// gives the most members their model names, so that only the others
/// need a `rename` of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rename {
    /// The field's own name.
    None,
    /// `rename_all = "camelCase"`.
    Camel,
    /// `rename_all = "PascalCase"`.
    Pascal,
}

impl Rename {
    /// The rule for `s`'s members.
    pub fn of(s: &Structure) -> Rename {
        let matches = |rule: Rename| {
            s.members
                .iter()
                .filter(|m| rule.apply(m.name.unraw()) == m.wire_name)
                .count()
        };
        [Rename::None, Rename::Camel, Rename::Pascal]
            .into_iter()
            .max_by_key(|rule| (matches(*rule), *rule == Rename::None))
            .unwrap_or(Rename::None)
    }

    /// The name serde gives a field under this rule, as serde's own
    /// `RenameRule` computes it: PascalCase capitalises the first letter
    /// and each letter after an underscore, dropping the underscores;
    /// camelCase is that with the first letter lowercased.
    pub fn apply(self, field: &str) -> String {
        let pascal = || {
            let mut out = String::with_capacity(field.len());
            let mut capitalize = true;
            for ch in field.chars() {
                if ch == '_' {
                    capitalize = true;
                } else if capitalize {
                    out.push(ch.to_ascii_uppercase());
                    capitalize = false;
                } else {
                    out.push(ch);
                }
            }
            out
        };
        match self {
            Rename::None => field.to_owned(),
            Rename::Pascal => pascal(),
            Rename::Camel => {
                let pascal = pascal();
                let mut chars = pascal.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => pascal,
                }
            }
        }
    }

    /// The container attribute, if any.
    pub fn attr(self) -> TokenStream {
        match self {
            Rename::None => TokenStream::new(),
            Rename::Camel => {
                quote!(#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))])
            }
            Rename::Pascal => {
                quote!(#[cfg_attr(feature = "serde", serde(rename_all = "PascalCase"))])
            }
        }
    }
}

/// A structure member's attributes: its model name where `rule` does not
/// give it, `None` left out, `@sensitive` redacted; nothing when none of
/// these applies.
pub fn field(m: &Member, owner_sensitive: bool, rule: Rename) -> TokenStream {
    let rename = (rule.apply(m.name.unraw()) != m.wire_name).then(|| {
        let name = &m.wire_name;
        quote!(rename = #name)
    });
    let skip_none = m
        .optional
        .then(|| quote!(skip_serializing_if = "::std::option::Option::is_none"));
    let sensitive = (m.sensitive || owner_sensitive)
        .then(|| quote!(serialize_with = "::lean_runtime::serde::sensitive"));
    let args: Vec<TokenStream> = [rename, skip_none, sensitive]
        .into_iter()
        .flatten()
        .collect();
    if args.is_empty() {
        return TokenStream::new();
    }
    quote!(#[cfg_attr(feature = "serde", serde(#(#args),*))])
}

/// An error's metadata is not part of its value.
pub fn skip() -> TokenStream {
    quote!(#[cfg_attr(feature = "serde", serde(skip))])
}

/// A union variant's attributes.
pub fn variant(m: &Member, union_sensitive: bool) -> TokenStream {
    let name = &m.wire_name;
    let sensitive = ((m.sensitive || union_sensitive) && m.ty != TypeRef::Unit)
        .then(|| quote!(, serialize_with = "::lean_runtime::serde::sensitive"));
    quote!(#[cfg_attr(feature = "serde", serde(rename = #name #sensitive))])
}

/// `Serialize` / `Deserialize` of a string enum: its wire value, unknown
/// values kept (and a `@sensitive` enum redacted unless revealed).
pub fn enum_impls(e: &Enum) -> TokenStream {
    let name = e.name.ident();
    let write = if e.sensitive {
        quote!(::lean_runtime::serde::sensitive(self.as_str(), serializer))
    } else {
        quote!(serializer.serialize_str(self.as_str()))
    };
    quote! {
        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #write
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(#name::from(value.as_str()))
            }
        }
    }
}

/// `Serialize` / `Deserialize` of an integer enum: its integer value.
pub fn int_enum_impls(e: &IntEnum) -> TokenStream {
    let name = e.name.ident();
    let write = if e.sensitive {
        quote!(::lean_runtime::serde::sensitive(&self.as_i32(), serializer))
    } else {
        quote!(serializer.serialize_i32(self.as_i32()))
    };
    quote! {
        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #write
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <i32 as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(#name::from(value))
            }
        }
    }
}
