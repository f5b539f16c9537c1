//! The generated CLI's output printer: one `write_<stem>` function per
//! structure or union an output reaches, writing it as the AWS CLI prints
//! it: JSON keyed by the model's member names, every member (streams go to
//! their outfile instead), timestamps in the AWS CLI's ISO 8601 form.
//! Printing cannot fail. Values go through the shared walk
//! (`emit::walk`), with the JSON body codec's forms for everything the
//! AWS CLI prints the same way.

use super::json_ser::{At, item_at, value_at, write_leaf, write_list, write_map, write_nested};
use super::paths::type_path;
use super::walk::{self, Leaf, List, Map, Visitor};
use crate::ir::{Member, Service, Structure, TypeRef, Union};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `write_<stem>`: prints a named type into an object writer.
pub fn writer_name(service: &Service, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("write_{}", service.helper_stem(id))
}

/// The function printing a structure's members.
pub fn struct_write_fn(service: &Service, s: &Structure) -> TokenStream {
    let fn_name = writer_name(service, &s.id);
    let path = type_path(service, &s.id);
    let members: Vec<TokenStream> = s
        .members
        .iter()
        .filter(|m| !m.ty.is_stream())
        .map(|m| member_write(service, m))
        .collect();
    let input_ident = if members.is_empty() {
        quote!(_input)
    } else {
        quote!(input)
    };
    let object_ident = if members.is_empty() {
        quote!(_object)
    } else {
        quote!(object)
    };
    quote! {
        fn #fn_name(
            #object_ident: &mut ::lean_runtime::json::JsonObjectWriter<'_>,
            #input_ident: &#path,
        ) {
            #(#members)*
        }
    }
}

fn member_write(service: &Service, m: &Member) -> TokenStream {
    let field = m.name.ident();
    let key = &m.wire_name;
    let write = print_value(
        service,
        &m.ty,
        &At::new(quote!(value), quote!(object.key(#key))),
    );
    // Timestamps are printed as the AWS CLI prints them, not as JSON
    // bodies carry them.
    let json_value =
        super::json_ser::is_json_value(&m.ty) && !matches!(m.ty, TypeRef::Timestamp(_));
    match (m.optional, json_value) {
        (true, true) => quote!(object.optional(#key, &input.#field);),
        (false, true) => quote!(object.member(#key, &input.#field);),
        (true, false) => quote! {
            if let ::std::option::Option::Some(value) = &input.#field {
                #write
            }
        },
        // Shadowing: each required member's `value` is its own.
        (false, false) => quote! {
            let value = &input.#field;
            #write
        },
    }
}

/// The function printing a union's one member. A member this client does
/// not know has nothing it could print. The CLI is another crate, where
/// the union is non-exhaustive: the wildcard stands for `Unknown`. One
/// member reads better (and passes clippy's `single_match`) as an
/// `if let`.
pub fn union_write_fn(service: &Service, u: &Union) -> TokenStream {
    let fn_name = writer_name(service, &u.id);
    let path = type_path(service, &u.id);
    let cases: Vec<(TokenStream, TokenStream)> = u
        .members
        .iter()
        .map(|m| {
            let variant = m.variant.ident();
            let key = &m.wire_name;
            match &m.ty {
                TypeRef::Unit => (
                    quote!(#path::#variant),
                    quote!(object.key(#key).start_object().finish();),
                ),
                ty => {
                    let at = At::new(quote!(value), quote!(object.key(#key)));
                    (
                        quote!(#path::#variant(value)),
                        print_value(service, ty, &at),
                    )
                }
            }
        })
        .collect();
    let body = match cases.as_slice() {
        [(pattern, write)] => quote! {
            if let #pattern = input {
                #write
            }
        },
        _ => {
            let arms = cases
                .iter()
                .map(|(pattern, write)| quote!(#pattern => { #write }));
            quote! {
                match input {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    };
    quote! {
        fn #fn_name(object: &mut ::lean_runtime::json::JsonObjectWriter<'_>, input: &#path) {
            #body
        }
    }
}

/// Statements printing `at.value` (of type `ty`) with `at.writer`.
fn print_value(service: &Service, ty: &TypeRef, at: &At) -> TokenStream {
    walk::walk(service, ty, at, &mut Printer { service })
}

/// The AWS CLI's forms: timestamps as it prints them, nested structures
/// and unions through their `write_*` functions; the rest as JSON bodies
/// write them.
struct Printer<'a> {
    service: &'a Service,
}

impl Visitor for Printer<'_> {
    type At = At;
    type Out = TokenStream;

    fn leaf(&mut self, leaf: Leaf<'_>, at: &At) -> TokenStream {
        let At { value, writer: w } = at;
        match leaf {
            Leaf::Simple(TypeRef::Timestamp(_)) => quote!(#w.string(&#value.fmt_cli());),
            Leaf::Aggregate(id) => {
                let write = writer_name(self.service, id);
                write_nested(w, quote!(#write(&mut nested, #value);))
            }
            leaf => write_leaf(leaf, at),
        }
    }

    fn item_at(&mut self, list: &List<'_>, at: &At) -> At {
        item_at(list, at)
    }

    fn list(&mut self, list: &List<'_>, at: &At, item: TokenStream) -> TokenStream {
        write_list(list, at, item)
    }

    fn value_at(&mut self, map: &Map<'_>, at: &At) -> At {
        value_at(map, at)
    }

    fn map(&mut self, map: &Map<'_>, at: &At, value: TokenStream) -> TokenStream {
        write_map(map, at, value)
    }
}
