//! Structures: the type, its accessors, a redacting `Debug`, and its builder.
//!
//! The contract, as the official SDK offers it: fields are public and the
//! struct is `#[non_exhaustive]`, so values come from builders; members of
//! non-input structures that are required or have a default are plain
//! values (unless `@clientOptional` or `@addedDefault`), everything else an
//! `Option`; accessors borrow (`&str`, `&[T]`, `Option<&T>`) and return
//! `Copy` values by value. A builder has `x(value)` (lists append, maps
//! insert), `set_x(Option<_>)` and `get_x()`, and `build()` fails, naming
//! the member, when a required member is missing.

use super::paths::{builder_path, is_copy, rust_type};
use super::values::fill_default;
use crate::ir::{Member, Service, StructKind, Structure, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// What Debug prints in place of a `@sensitive` value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The structure, its impls and its builder.
pub fn emit(service: &Service, s: &Structure) -> (TokenStream, TokenStream) {
    (emit_type(service, s), emit_builder(service, s))
}

fn is_error(s: &Structure) -> bool {
    matches!(s.kind, StructKind::Error(_))
}

/// The field type of a member in the structure itself.
pub fn field_type(service: &Service, m: &Member) -> TokenStream {
    let inner = value_type(service, m);
    if m.optional {
        quote!(::std::option::Option<#inner>)
    } else {
        inner
    }
}

/// The member's value type, boxed when it closes a recursive cycle.
pub fn value_type(service: &Service, m: &Member) -> TokenStream {
    let inner = rust_type(service, &m.ty);
    if m.boxed {
        quote!(::std::boxed::Box<#inner>)
    } else {
        inner
    }
}

/// `#[deprecated(note = ...)]` for a `@deprecated` trait (a bare
/// `#[deprecated]` when the model gives neither message nor date).
pub fn deprecated_attr(d: &Option<crate::model::traits::Deprecated>) -> TokenStream {
    match d {
        Some(d) if d.message.is_none() && d.since.is_none() => quote!(#[deprecated]),
        Some(d) => {
            let note = d.note();
            quote!(#[deprecated(note = #note)])
        }
        None => TokenStream::new(),
    }
}

/// A member's documentation, or a line naming it.
pub fn member_docs(m: &Member) -> TokenStream {
    m.docs
        .clone()
        .or(format!("The `{}` member.", m.wire_name))
        .to_attrs()
}

/// The documentation of a builder's `set_<member>` and `get_<member>`:
/// one line pointing at the member's setter, which carries the member's
/// own documentation (written once, not three times). A member whose
/// setter is a raw identifier (`r#type`) keeps its documentation, since
/// a link cannot name it.
pub fn setter_getter_docs(m: &Member) -> (TokenStream, TokenStream) {
    let field = m.name.ident().to_string();
    if field.starts_with("r#") {
        let docs = member_docs(m);
        return (docs.clone(), docs);
    }
    let set = format!("Sets [`{field}`](Self::{field}), or unsets it with `None`.");
    let get = format!("The value set for [`{field}`](Self::{field}), if any.");
    (quote!(#[doc = #set]), quote!(#[doc = #get]))
}

fn emit_type(service: &Service, s: &Structure) -> TokenStream {
    let name = s.name.ident();
    let builder = builder_path(service, &s.id);
    let docs = s
        .docs
        .clone()
        .or(format!("The `{}` structure.", s.id.name()))
        .to_attrs();
    let deprecated = deprecated_attr(&s.deprecated);
    let serde = super::serde::serializable(s);
    let rename = super::serde::Rename::of(s);
    let fields = s.members.iter().map(|m| {
        let field = m.name.ident();
        let ty = field_type(service, m);
        let docs = member_docs(m);
        let deprecated = deprecated_attr(&m.deprecated);
        let serde_attrs = serde.then(|| super::serde::field(m, s.sensitive, rename));
        quote! {
            #serde_attrs
            #docs
            #deprecated
            pub #field: #ty,
        }
    });
    let meta_field = is_error(s).then(|| {
        let skip = serde.then(super::serde::skip);
        quote! {
            #skip
            pub(crate) meta: ::lean_runtime::error::ErrorMetadata,
        }
    });
    let derive_serde = serde.then(|| {
        let derive = super::serde::derive();
        let rename_all = rename.attr();
        quote!(#derive #rename_all)
    });
    let accessors = s.members.iter().map(|m| accessor(service, m));
    let debug = debug_impl(s, &name, false, &TokenStream::new());
    let derive_debug = derives_debug(s, false).then(|| quote!(::std::fmt::Debug,));
    let builder_doc = format!("Creates a new builder for [`{}`].", s.name);
    quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(::std::clone::Clone, #derive_debug ::std::cmp::PartialEq)]
        #derive_serde
        pub struct #name {
            #(#fields)*
            #meta_field
        }

        impl #name {
            #(#accessors)*

            #[doc = #builder_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #debug
    }
}

fn accessor(service: &Service, m: &Member) -> TokenStream {
    let field = m.name.ident();
    let docs = member_docs(m);
    let deprecated = deprecated_attr(&m.deprecated);
    let inner = rust_type(service, &m.ty);
    let (ret, body) = match (&m.ty, m.optional) {
        (TypeRef::String, false) => (quote!(&str), quote!(&self.#field)),
        (TypeRef::String, true) => (
            quote!(::std::option::Option<&str>),
            quote!(self.#field.as_deref()),
        ),
        (TypeRef::List { .. }, optional) => {
            let TypeRef::List { member, sparse, .. } = &m.ty else {
                unreachable!("matched a list above")
            };
            let element = rust_type(service, member);
            let element = if *sparse {
                quote!(::std::option::Option<#element>)
            } else {
                element
            };
            let body = if optional {
                quote!(self.#field.as_deref().unwrap_or_default())
            } else {
                quote!(&self.#field)
            };
            (quote!(&[#element]), body)
        }
        (ty, false) if is_copy(ty) => (inner, quote!(self.#field)),
        (ty, true) if is_copy(ty) => (quote!(::std::option::Option<#inner>), quote!(self.#field)),
        // A boxed member derefs to its target through the return type.
        (_, false) => (quote!(&#inner), quote!(&self.#field)),
        (_, true) => (
            quote!(::std::option::Option<&#inner>),
            if m.boxed {
                quote!(self.#field.as_deref())
            } else {
                quote!(self.#field.as_ref())
            },
        ),
    };
    let list_note = match (&m.ty, m.optional) {
        (TypeRef::List { .. }, true) => {
            let note = format!(
                "\nIf no value was sent for this field, this is an empty slice; use `.{}.is_none()` to tell the two apart.",
                m.name
            );
            crate::docs::doc_attrs(&note)
        }
        _ => TokenStream::new(),
    };
    let allow = std_trait_allow(m);
    quote! {
        #docs
        #list_note
        #deprecated
        #allow
        pub fn #field(&self) -> #ret {
            #body
        }
    }
}

/// Whether `Debug` is derived: nothing to redact, and no error metadata
/// to add (an error's own type prints its code and request id).
fn derives_debug(s: &Structure, builder: bool) -> bool {
    !s.sensitive && !s.members.iter().any(|m| m.sensitive) && (builder || !is_error(s))
}

/// A `Debug` that prints `*** Sensitive Data Redacted ***` for sensitive
/// members, as derived output otherwise; nothing where [`derives_debug`]
/// (except for an operation input's builder, whose sender is not printed).
fn debug_impl(
    s: &Structure,
    name: &proc_macro2::Ident,
    builder: bool,
    generics: &TokenStream,
) -> TokenStream {
    if generics.is_empty() && derives_debug(s, builder) {
        return TokenStream::new();
    }
    let label = if builder {
        s.builder_name.unraw().to_owned()
    } else {
        s.name.unraw().to_owned()
    };
    let fields = s.members.iter().map(|m| {
        let field = m.name.ident();
        let wire = m.name.unraw();
        if m.sensitive || s.sensitive {
            quote!(.field(#wire, &#REDACTED))
        } else {
            quote!(.field(#wire, &self.#field))
        }
    });
    // The metadata repeats the message, which may be sensitive; the member
    // above already shows it (or its redaction).
    let meta = (is_error(s) && !builder).then(|| {
        quote! {
            .field("code", &self.meta.code())
            .field("request_id", &self.meta.request_id())
        }
    });
    quote! {
        impl #generics ::std::fmt::Debug for #name #generics {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label)
                    #(#fields)*
                    #meta
                    .finish()
            }
        }
    }
}

/// Whether `build()` can fail.
pub fn build_is_fallible(s: &Structure) -> bool {
    s.kind == StructKind::Input || s.members.iter().any(|m| !m.optional && m.default.is_none())
}

fn emit_builder(service: &Service, s: &Structure) -> TokenStream {
    let name = s.builder_name.ident();
    let target = s.name.ident();
    let target_path = super::paths::type_path(service, &s.id);
    let doc = format!("A builder for [`{target}`]({}).", doc_link(service, s));
    let fields = s.members.iter().map(|m| {
        let field = m.name.ident();
        let ty = value_type(service, m);
        quote!(pub(crate) #field: ::std::option::Option<#ty>,)
    });
    let meta_field = is_error(s).then(
        || quote!(pub(crate) meta: ::std::option::Option<::lean_runtime::error::ErrorMetadata>,),
    );
    let methods = s.members.iter().map(|m| builder_methods(service, m));
    let meta_methods = is_error(s).then(|| {
        quote! {
            /// Sets the error metadata (code, message, request id).
            pub fn meta(mut self, meta: ::lean_runtime::error::ErrorMetadata) -> Self {
                self.meta = ::std::option::Option::Some(meta);
                self
            }
        }
    });
    let build = build_fn(service, s, &target_path);
    if let Some(sender) = &s.sender_field {
        return input_builder(s, &doc, sender, fields, methods, build);
    }
    let debug = debug_impl(s, &name, true, &TokenStream::new());
    let derive_debug = derives_debug(s, true).then(|| quote!(::std::fmt::Debug,));
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(::std::clone::Clone, #derive_debug ::std::cmp::PartialEq, ::std::default::Default)]
        pub struct #name {
            #(#fields)*
            #meta_field
        }

        impl #name {
            #(#methods)*
            #meta_methods
            #build
        }

        #debug
    }
}

/// An operation input's builder, generic over what sends the input: `()`
/// on its own (its `Default`), a client in the operation's fluent builder,
/// which is this type with a `lean_runtime::fluent::Sender`, so each setter
/// is written once for both.
fn input_builder(
    s: &Structure,
    doc: &str,
    sender: &crate::naming::RustName,
    fields: impl Iterator<Item = TokenStream>,
    methods: impl Iterator<Item = TokenStream>,
    build: TokenStream,
) -> TokenStream {
    let name = s.builder_name.ident();
    let sender = sender.ident();
    let unset = s.members.iter().map(|m| m.name.ident());
    // Derived where nothing is redacted: it prints the sender too (`()`,
    // or the client's `Sender { .. }`).
    let (derive_debug, debug) = if derives_debug(s, true) {
        (quote!(::std::fmt::Debug,), TokenStream::new())
    } else {
        (TokenStream::new(), debug_impl(s, &name, true, &quote!(<S>)))
    };
    quote! {
        #[doc = #doc]
        ///
        /// `S` sends the input: nothing (`()`) here, a client ([`Sender`](::lean_runtime::fluent::Sender)) in the operation's fluent builder.
        #[non_exhaustive]
        #[derive(::std::clone::Clone, #derive_debug ::std::cmp::PartialEq)]
        pub struct #name<S = ()> {
            #(#fields)*
            pub(crate) #sender: S,
        }

        impl<S> #name<S> {
            pub(crate) fn new(#sender: S) -> Self {
                Self {
                    #(#unset: ::std::option::Option::None,)*
                    #sender,
                }
            }

            #(#methods)*
            #build
        }

        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::new(())
            }
        }

        #debug
    }
}

fn doc_link(service: &Service, s: &Structure) -> String {
    super::paths::type_path(service, &s.id)
        .to_string()
        .replace(' ', "")
}

/// The parameters of a member's "add" builder method (`x(value)`, which
/// appends to lists and inserts into maps): names, types and the
/// expression that stores them. Fluent builders delegate with the same
/// signature.
pub struct AddMethod {
    /// `(name, type)` of each parameter.
    pub params: Vec<(proc_macro2::Ident, TokenStream)>,
}

/// See [`AddMethod`].
pub fn add_method(service: &Service, m: &Member) -> AddMethod {
    let ident = |n: &str| proc_macro2::Ident::new(n, proc_macro2::Span::call_site());
    let into_string = quote!(impl ::std::convert::Into<::std::string::String>);
    let params = match &m.ty {
        TypeRef::List { member, sparse, .. } => {
            let element = rust_type(service, member);
            let ty = match (member.as_ref(), sparse) {
                (TypeRef::String, false) => into_string,
                (_, false) => element,
                (_, true) => quote!(::std::option::Option<#element>),
            };
            vec![(ident("input"), ty)]
        }
        TypeRef::Map {
            key, value, sparse, ..
        } => {
            let k = match key.as_ref() {
                TypeRef::String => into_string.clone(),
                other => rust_type(service, other),
            };
            let v = match (value.as_ref(), sparse) {
                (TypeRef::String, false) => into_string,
                (other, false) => rust_type(service, other),
                (other, true) => {
                    let v = rust_type(service, other);
                    quote!(::std::option::Option<#v>)
                }
            };
            vec![(ident("k"), k), (ident("v"), v)]
        }
        TypeRef::String => vec![(ident("input"), into_string)],
        other => vec![(ident("input"), rust_type(service, other))],
    };
    AddMethod { params }
}

fn builder_methods(service: &Service, m: &Member) -> TokenStream {
    let field = m.name.ident();
    let setter = m.setter.ident();
    let getter = m.getter.ident();
    let docs = member_docs(m);
    let deprecated = deprecated_attr(&m.deprecated);
    let value_ty = value_type(service, m);
    // After one line of documentation the note continues its paragraph;
    // after more (lists, several paragraphs) it is a paragraph of its own.
    let one_line = m.docs.text().is_none_or(|text| text.lines().count() <= 1);
    let required_note = match (m.required, one_line) {
        (false, _) => TokenStream::new(),
        (true, true) => crate::docs::doc_attrs("This member is required."),
        (true, false) => crate::docs::doc_attrs("\nThis member is required."),
    };
    let params = add_method(service, m).params;
    let signature = params.iter().map(|(name, ty)| quote!(#name: #ty));
    let add_doc = match &m.ty {
        TypeRef::List { .. } => {
            let doc = format!("Appends an item to `{}`.", m.name);
            let override_doc = format!(
                "To override the contents of this collection use [`{setter}`](Self::{setter})."
            );
            quote! {
                #[doc = #doc]
                #[doc = ""]
                #[doc = #override_doc]
            }
        }
        TypeRef::Map { .. } => {
            let doc = format!("Adds a key-value pair to `{}`.", m.name);
            quote!(#[doc = #doc])
        }
        _ => TokenStream::new(),
    };
    let store = match &m.ty {
        TypeRef::List { member, sparse, .. } => {
            let push = if matches!(member.as_ref(), TypeRef::String) && !sparse {
                quote!(input.into())
            } else {
                quote!(input)
            };
            quote! {
                let mut v = self.#field.unwrap_or_default();
                v.push(#push);
                self.#field = ::std::option::Option::Some(v);
            }
        }
        TypeRef::Map {
            key, value, sparse, ..
        } => {
            let k = if matches!(key.as_ref(), TypeRef::String) {
                quote!(k.into())
            } else {
                quote!(k)
            };
            let v = if matches!(value.as_ref(), TypeRef::String) && !sparse {
                quote!(v.into())
            } else {
                quote!(v)
            };
            quote! {
                let mut map = self.#field.unwrap_or_default();
                map.insert(#k, #v);
                self.#field = ::std::option::Option::Some(map);
            }
        }
        other => {
            let value = if matches!(other, TypeRef::String) {
                quote!(input.into())
            } else {
                quote!(input)
            };
            let value = if m.boxed {
                quote!(::std::boxed::Box::new(#value))
            } else {
                value
            };
            quote!(self.#field = ::std::option::Option::Some(#value);)
        }
    };
    let allow = std_trait_allow(m);
    let (set_docs, get_docs) = setter_getter_docs(m);
    quote! {
        #add_doc
        #docs
        #required_note
        #deprecated
        #allow
        pub fn #field(mut self, #(#signature),*) -> Self {
            #store
            self
        }
        #set_docs
        #deprecated
        pub fn #setter(mut self, input: ::std::option::Option<#value_ty>) -> Self {
            self.#field = input;
            self
        }
        #get_docs
        #deprecated
        pub fn #getter(&self) -> &::std::option::Option<#value_ty> {
            &self.#field
        }
    }
}

fn build_fn(service: &Service, s: &Structure, target: &TokenStream) -> TokenStream {
    let type_name = s.id.name();
    let context = format!("when building {}", s.name);
    let input = s.kind == StructKind::Input;
    let checks = s
        .members
        .iter()
        .filter(|m| input && m.required)
        .map(|m| {
            let field = m.name.ident();
            let name = m.name.unraw();
            quote! {
                if self.#field.is_none() {
                    return ::std::result::Result::Err(::lean_runtime::error::BuildError::missing_field(#name, #context));
                }
            }
        });
    let inits = s.members.iter().map(|m| {
        let field = m.name.ident();
        let name = m.name.unraw();
        if m.optional {
            quote!(#field: self.#field,)
        } else if let Some(default) = &m.default {
            let fill = fill_default(service, &m.ty, default, m.boxed, &quote!(self.#field));
            quote!(#field: #fill,)
        } else {
            quote! {
                #field: self.#field.ok_or_else(|| ::lean_runtime::error::BuildError::missing_field(#name, #context))?,
            }
        }
    });
    let meta = is_error(s).then(|| quote!(meta: self.meta.unwrap_or_default(),));
    let construct = quote! {
        #target {
            #(#inits)*
            #meta
        }
    };
    let doc = format!("Builds a [`{}`]({}).", s.name, doc_link(service, s));
    let _ = type_name;
    if build_is_fallible(s) {
        let required: Vec<String> = s
            .members
            .iter()
            .filter(|m| m.required || (!m.optional && m.default.is_none()))
            // Intra-doc links name keywords without `r#`.
            .map(|m| format!("[`{0}`](Self::{0})", m.name.unraw()))
            .collect();
        let errors_doc = if required.is_empty() {
            String::new()
        } else {
            format!(
                "\n# Errors\nFails with a [`BuildError`](::lean_runtime::error::BuildError) naming the member when one of these required members is not set: {}.",
                required.join(", ")
            )
        };
        let errors_doc = crate::docs::doc_attrs(&errors_doc);
        quote! {
            #[doc = #doc]
            #errors_doc
            pub fn build(self) -> ::std::result::Result<#target, ::lean_runtime::error::BuildError> {
                #(#checks)*
                ::std::result::Result::Ok(#construct)
            }
        }
    } else {
        quote! {
            #[doc = #doc]
            pub fn build(self) -> #target {
                #construct
            }
        }
    }
}

/// `#[allow(clippy::should_implement_trait)]` for a member whose accessor
/// and builder method have the name of a std trait's method (`add`, `next`,
/// ...): the member keeps its name, as in the official SDK.
pub fn std_trait_allow(m: &Member) -> TokenStream {
    if crate::naming::is_std_trait_method(m.name.unraw()) {
        quote!(#[allow(clippy::should_implement_trait)])
    } else {
        TokenStream::new()
    }
}
