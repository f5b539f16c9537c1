//! Client-side validation of inputs, as botocore does it: minimum lengths
//! and minimum values, checked before a request is serialized. Maximum
//! lengths and patterns are left to the service, so an old client keeps
//! working when the service relaxes a limit. The same for every protocol;
//! the `validate_<stem>` functions are emitted beside the serializers.

use super::paths::type_path;
use super::walk::{self, Leaf, List, Map, Visitor};
use crate::ir::{Member, Service, Structure, TypeDef, TypeRef, Union};
use crate::model::ShapeId;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// `validate_<stem>`: client-side checks of a value of the type.
pub fn validate_fn_name(service: &Service, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("validate_{}", service.helper_stem(id))
}

/// Types whose values can fail validation: they have a member with a
/// minimum length or value, or contain such a type.
pub fn validated_types(service: &Service) -> BTreeSet<ShapeId> {
    let mut set = BTreeSet::new();
    loop {
        let before = set.len();
        for (id, def) in &service.types {
            if !def.usage().input || set.contains(id) {
                continue;
            }
            let members = match def {
                TypeDef::Structure(s) => &s.members,
                TypeDef::Union(u) => &u.members,
                _ => continue,
            };
            if members.iter().any(|m| member_needs_validation(m, &set)) {
                set.insert(id.clone());
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

fn member_needs_validation(m: &Member, set: &BTreeSet<ShapeId>) -> bool {
    has_min(m) || contains_validated(&m.ty, set)
}

fn has_min(m: &Member) -> bool {
    let length_min = m
        .length
        .as_ref()
        .and_then(|b| b.min)
        .is_some_and(|min| min > 0.0)
        && matches!(
            m.ty,
            TypeRef::String | TypeRef::Blob | TypeRef::List { .. } | TypeRef::Map { .. }
        );
    let range_min = m.range.as_ref().and_then(|b| b.min).is_some()
        && matches!(
            m.ty,
            TypeRef::Byte
                | TypeRef::Short
                | TypeRef::Integer
                | TypeRef::Long
                | TypeRef::Float
                | TypeRef::Double
        );
    length_min || range_min
}

fn contains_validated(ty: &TypeRef, set: &BTreeSet<ShapeId>) -> bool {
    match ty {
        TypeRef::Named(id) => set.contains(id),
        TypeRef::List { member, .. } => contains_validated(member, set),
        TypeRef::Map { value, .. } => contains_validated(value, set),
        _ => false,
    }
}

/// `validate_<stem>` for a structure: each member with a minimum, and each
/// nested value that has one, checked in model order.
pub fn struct_validate_fn(
    service: &Service,
    s: &Structure,
    set: &BTreeSet<ShapeId>,
) -> TokenStream {
    let fn_name = validate_fn_name(service, &s.id);
    let path = type_path(service, &s.id);
    let checks = s
        .members
        .iter()
        .filter(|m| member_needs_validation(m, set))
        .map(|m| {
            let field = m.name.ident();
            let check = value_validate(service, m, &quote!(value), set);
            if m.optional {
                quote! {
                    if let ::std::option::Option::Some(value) = &input.#field {
                        #check
                    }
                }
            } else {
                quote! {
                    {
                        let value = &input.#field;
                        #check
                    }
                }
            }
        });
    quote! {
        pub(crate) fn #fn_name(input: &#path, path: &str) -> ::std::result::Result<(), ::lean_runtime::error::BuildError> {
            #(#checks)*
            ::std::result::Result::Ok(())
        }
    }
}

/// `validate_<stem>` for a union: the set variant's value checked.
pub fn union_validate_fn(service: &Service, u: &Union, set: &BTreeSet<ShapeId>) -> TokenStream {
    let fn_name = validate_fn_name(service, &u.id);
    let path = type_path(service, &u.id);
    let checked: Vec<(proc_macro2::Ident, TokenStream)> = u
        .members
        .iter()
        .filter(|m| member_needs_validation(m, set))
        .map(|m| {
            (
                m.variant.ident(),
                value_validate(service, m, &quote!(value), set),
            )
        })
        .collect();
    // One checked variant reads better (and passes clippy) as an `if let`.
    let body = match checked.as_slice() {
        [(variant, check)] => quote! {
            if let #path::#variant(value) = input {
                #check
            }
        },
        _ => {
            let arms = checked
                .iter()
                .map(|(variant, check)| quote!(#path::#variant(value) => { #check }));
            quote! {
                match input {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    };
    quote! {
        pub(crate) fn #fn_name(input: &#path, path: &str) -> ::std::result::Result<(), ::lean_runtime::error::BuildError> {
            #body
            ::std::result::Result::Ok(())
        }
    }
}

/// Checks one member value (`&T`, or `&Box<T>`).
fn value_validate(
    service: &Service,
    m: &Member,
    value: &TokenStream,
    set: &BTreeSet<ShapeId>,
) -> TokenStream {
    let field = m.name.unraw();
    let wire = &m.wire_name;
    let member = quote!(::lean_runtime::validate::Member::new(#field, path, #wire));
    let mut checks = Vec::new();
    if let Some(min) = m
        .length
        .as_ref()
        .and_then(|b| b.min)
        .filter(|min| *min > 0.0)
        && matches!(
            m.ty,
            TypeRef::String | TypeRef::Blob | TypeRef::List { .. } | TypeRef::Map { .. }
        )
    {
        // Smithy counts a string's Unicode scalar values, not its bytes:
        // `Length` does.
        let min = Literal::usize_unsuffixed(min as usize);
        checks.push(quote!(#member.min_length(#value, #min)?;));
    }
    if let Some(min) = m.range.as_ref().and_then(|b| b.min) {
        match &m.ty {
            TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => {
                let min = Literal::i64_unsuffixed(min as i64);
                checks.push(quote!(#member.min_integer(*#value, #min)?;));
            }
            TypeRef::Float | TypeRef::Double => {
                let min = Literal::f64_unsuffixed(min);
                checks.push(quote!(#member.min_float(*#value, #min)?;));
            }
            _ => {}
        }
    }
    if contains_validated(&m.ty, set) {
        checks.push(nested_validate(service, &m.ty, value, wire, set));
    }
    quote!(#(#checks)*)
}

/// Statements validating `value` (of type `ty`) through the validation
/// functions of the structures and unions inside it; `segment` is its
/// place in the parameter path. Empty when nothing inside is validated.
fn nested_validate(
    service: &Service,
    ty: &TypeRef,
    value: &TokenStream,
    segment: &str,
    set: &BTreeSet<ShapeId>,
) -> TokenStream {
    let at = Place {
        value: value.clone(),
        segment: segment.to_owned(),
        depth: 0,
    };
    walk::walk(service, ty, &at, &mut Nested { service, set })
}

/// Where a nested value is: the expression holding it and its path
/// segment (a format string using the loops' `index` and `key`), inside
/// `depth` collections.
struct Place {
    value: TokenStream,
    segment: String,
    depth: usize,
}

/// The loop variables of the collection at `depth` (its items are at
/// `depth + 1`): `index`, `key` and `item` for the outermost, with the
/// depth after them inside it (`key_2`), so that an inner loop neither
/// shadows nor drops the outer one's key in the path it reports.
fn loop_names(depth: usize) -> (proc_macro2::Ident, proc_macro2::Ident, proc_macro2::Ident) {
    if depth == 0 {
        (
            format_ident!("index"),
            format_ident!("key"),
            format_ident!("item"),
        )
    } else {
        let n = depth + 1;
        (
            format_ident!("index_{}", n),
            format_ident!("key_{}", n),
            format_ident!("item_{}", n),
        )
    }
}

/// Calls of the validation functions of what a value holds.
struct Nested<'a> {
    service: &'a Service,
    set: &'a BTreeSet<ShapeId>,
}

impl Visitor for Nested<'_> {
    type At = Place;
    type Out = TokenStream;

    fn leaf(&mut self, leaf: Leaf<'_>, at: &Place) -> TokenStream {
        match leaf {
            Leaf::Aggregate(id) if self.set.contains(id) => {
                let validate = validate_fn_name(self.service, id);
                let value = &at.value;
                let fmt = format!("{{path}}.{}", at.segment);
                quote!(#validate(#value, &::std::format!(#fmt))?;)
            }
            _ => TokenStream::new(),
        }
    }

    fn item_at(&mut self, _list: &List<'_>, at: &Place) -> Place {
        let (index, _, item) = loop_names(at.depth);
        Place {
            value: quote!(#item),
            segment: format!("{}[{{{index}}}]", at.segment),
            depth: at.depth + 1,
        }
    }

    fn list(&mut self, list: &List<'_>, at: &Place, item: TokenStream) -> TokenStream {
        if item.is_empty() {
            return item;
        }
        let value = &at.value;
        let (index, _, item_name) = loop_names(at.depth);
        let body = skip_none(list.sparse, &item_name, item);
        quote! {
            for (#index, #item_name) in #value.iter().enumerate() {
                #body
            }
        }
    }

    fn value_at(&mut self, _map: &Map<'_>, at: &Place) -> Place {
        let (_, key, item) = loop_names(at.depth);
        Place {
            value: quote!(#item),
            segment: format!("{}[{{{key}}}]", at.segment),
            depth: at.depth + 1,
        }
    }

    fn map(&mut self, map: &Map<'_>, at: &Place, item: TokenStream) -> TokenStream {
        if item.is_empty() {
            return item;
        }
        let value = &at.value;
        let (_, key, item_name) = loop_names(at.depth);
        let body = skip_none(map.sparse, &item_name, item);
        quote! {
            for (#key, #item_name) in #value.iter() {
                let #key: &str = #key.as_ref();
                #body
            }
        }
    }
}

/// A sparse collection's `inner` checks, run only for the items present.
fn skip_none(sparse: bool, item: &proc_macro2::Ident, inner: TokenStream) -> TokenStream {
    if sparse {
        quote!(if let ::std::option::Option::Some(#item) = #item { #inner })
    } else {
        inner
    }
}

/// A `protocol/ser.rs` module body for a codec that writes each type with
/// one function: the operations' request functions, then, for each type
/// that travels in requests, its writer (`ser_struct` may leave one out)
/// and its validation where it needs one.
pub fn request_module(
    service: &Service,
    ser_struct: impl Fn(&Structure) -> Option<TokenStream>,
    ser_union: impl Fn(&Union) -> TokenStream,
) -> TokenStream {
    let needs_validation = validated_types(service);
    let requests = service
        .operations
        .iter()
        .map(|op| crate::protocol::request_fn(service, op, &needs_validation));
    let types = service
        .types
        .iter()
        .filter(|(_, def)| def.usage().input)
        .map(|(id, def)| match def {
            TypeDef::Structure(s) => {
                let ser = ser_struct(s);
                let validate = needs_validation
                    .contains(id)
                    .then(|| struct_validate_fn(service, s, &needs_validation));
                quote!(#ser #validate)
            }
            TypeDef::Union(u) => {
                let ser = ser_union(u);
                let validate = needs_validation
                    .contains(id)
                    .then(|| union_validate_fn(service, u, &needs_validation));
                quote!(#ser #validate)
            }
            TypeDef::Enum(_) | TypeDef::IntEnum(_) => TokenStream::new(),
        });
    quote! {
        //! Request serializers and client-side input validation.

        #(#requests)*
        #(#types)*
    }
}
