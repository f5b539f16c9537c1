//! The JSON body codec's writing half: one function per structure or
//! union that travels in requests writes its body members into a JSON
//! object, whatever the protocol; the protocol module frames them into a
//! request (see `crate::protocol`). The same walk, with the CLI flavor,
//! prints outputs for the generated command-line tool. Client-side
//! validation is `emit::validate`'s.

use super::paths::type_path;
use crate::ir::{Binding, Member, Service, Structure, TypeDef, TypeRef, Union};
use crate::model::ShapeId;
use crate::model::traits::TimestampFormat;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Who the JSON is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// Requests on the wire: timestamps in their modelled format, writers
    /// that can fail (an `Unknown` union cannot be sent).
    Wire,
    /// The generated CLI's output: timestamps as the AWS CLI prints them,
    /// writers that cannot fail.
    Cli,
}

/// `ser_<snake>` (or `write_<snake>` for the CLI) for a named type.
pub fn ser_fn_name(service: &Service, id: &ShapeId, flavor: Flavor) -> proc_macro2::Ident {
    let prefix = match flavor {
        Flavor::Wire => "ser",
        Flavor::Cli => "write",
    };
    format_ident!("{prefix}_{}", service.helper_stem(id))
}

/// The format of a timestamp in a JSON body: the model's, else epoch
/// seconds (every JSON protocol's default).
pub fn body_format(format: Option<TimestampFormat>) -> TimestampFormat {
    crate::protocol::Protocol::body_timestamp_format(format)
}

/// Timestamp format tokens for `lean_runtime::datetime::Format`.
pub fn format_tokens(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::EpochSeconds => quote!(::lean_runtime::datetime::Format::EpochSeconds),
        TimestampFormat::DateTime => quote!(::lean_runtime::datetime::Format::DateTime),
        TimestampFormat::HttpDate => quote!(::lean_runtime::datetime::Format::HttpDate),
    }
}

/// The whole `protocol/ser.rs` module body.
pub fn emit_module(service: &Service) -> TokenStream {
    let needs_validation = super::validate::validated_types(service);
    let requests = service
        .operations
        .iter()
        .map(|op| crate::protocol::request_fn(service, op, &needs_validation));
    // Types only received get a writer too, for the service side of the
    // protocol that tests use; it is compiled only with that feature.
    let has_service_side = service.protocol.has_service_side();
    let service_only = |def: &TypeDef| has_service_side && !def.usage().input && def.usage().output;
    let service_side_types = service
        .types
        .values()
        .filter(|def| service_only(def))
        .map(|def| match def {
            TypeDef::Structure(s) => struct_ser_fn(service, s, Flavor::Wire),
            // The service side writes no events.
            TypeDef::Union(u) if u.event_stream => TokenStream::new(),
            TypeDef::Union(u) => union_ser_fn(service, u, Flavor::Wire),
            TypeDef::Enum(_) | TypeDef::IntEnum(_) => TokenStream::new(),
        })
        .filter(|tokens| !tokens.is_empty())
        .map(|tokens| {
            let cfg = super::service_side::cfg();
            quote!(#cfg #tokens)
        });
    let service_side = has_service_side.then(|| super::service_side::ser_fns(service));
    let types = service
        .types
        .iter()
        .filter(|(_, def)| def.usage().input)
        .map(|(id, def)| match def {
            TypeDef::Structure(s) => {
                let ser = crate::protocol::writes_body_object(service, s)
                    .then(|| struct_ser_fn(service, s, Flavor::Wire));
                let validate = needs_validation
                    .contains(id)
                    .then(|| super::validate::struct_validate_fn(service, s, &needs_validation));
                quote!(#ser #validate)
            }
            TypeDef::Union(u) if u.event_stream => {
                super::event_stream::write_event_impl(service, u, &needs_validation)
            }
            TypeDef::Union(u) => {
                let ser = union_ser_fn(service, u, Flavor::Wire);
                let validate = needs_validation
                    .contains(id)
                    .then(|| super::validate::union_validate_fn(service, u, &needs_validation));
                quote!(#ser #validate)
            }
            TypeDef::Enum(_) | TypeDef::IntEnum(_) => TokenStream::new(),
        });
    quote! {
        //! Request serializers and client-side input validation.

        #(#requests)*
        #(#types)*
        #service_side
        #(#service_side_types)*
    }
}

/// The function writing a structure's members into an object writer.
pub fn struct_ser_fn(service: &Service, s: &Structure, flavor: Flavor) -> TokenStream {
    let fn_name = ser_fn_name(service, &s.id, flavor);
    let path = type_path(service, &s.id);
    // On the wire, members bound elsewhere (headers, labels, ...) are not
    // in the body; the CLI prints them all.
    let members: Vec<TokenStream> = s
        .members
        .iter()
        .filter(|m| match flavor {
            // An event stream is the whole body, never a JSON member.
            Flavor::Wire => {
                m.binding == Binding::Body && !matches!(m.ty, TypeRef::EventStream { .. })
            }
            // The CLI writes a stream to its outfile, not in the JSON.
            Flavor::Cli => !m.ty.is_stream(),
        })
        .map(|m| member_ser(service, m, flavor))
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
    match flavor {
        Flavor::Wire => quote! {
            pub(crate) fn #fn_name(
                #object_ident: &mut ::lean_runtime::json::JsonObjectWriter<'_>,
                #input_ident: &#path,
            ) -> ::std::result::Result<(), ::lean_runtime::error::BuildError> {
                #(#members)*
                ::std::result::Result::Ok(())
            }
        },
        Flavor::Cli => quote! {
            fn #fn_name(
                #object_ident: &mut ::lean_runtime::json::JsonObjectWriter<'_>,
                #input_ident: &#path,
            ) {
                #(#members)*
            }
        },
    }
}

/// A member's key: its JSON name on the wire, its model name in the CLI.
fn json_key(m: &Member, flavor: Flavor) -> &str {
    match flavor {
        Flavor::Wire => &m.json_name,
        Flavor::Cli => &m.wire_name,
    }
}

fn member_ser(service: &Service, m: &Member, flavor: Flavor) -> TokenStream {
    let field = m.name.ident();
    let key = json_key(m, flavor);
    let write = value_ser(
        service,
        &m.ty,
        &quote!(value),
        &quote!(object.key(#key)),
        flavor,
    );
    if flavor == Flavor::Wire && m.idempotency_token && m.optional && m.ty == TypeRef::String {
        // Filled once per operation: retries resend the serialized request,
        // so every attempt carries the same token.
        return quote! {
            match &input.#field {
                ::std::option::Option::Some(value) => object.key(#key).string(value),
                ::std::option::Option::None => object.key(#key).string(&::lean_runtime::uuid::idempotency_token()),
            }
        };
    }
    if m.optional {
        quote! {
            if let ::std::option::Option::Some(value) = &input.#field {
                #write
            }
        }
    } else {
        quote! {
            {
                let value = &input.#field;
                #write
            }
        }
    }
}

/// Writes `value` (an expression of type `&T`) with the value writer `w`.
fn value_ser(
    service: &Service,
    ty: &TypeRef,
    value: &TokenStream,
    w: &TokenStream,
    flavor: Flavor,
) -> TokenStream {
    let call = |f: proc_macro2::Ident, args: TokenStream| match flavor {
        Flavor::Wire => quote!(#f(#args)?;),
        Flavor::Cli => quote!(#f(#args);),
    };
    match ty {
        TypeRef::String => quote!(#w.string(#value);),
        TypeRef::Boolean => quote!(#w.boolean(*#value);),
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer => {
            quote!(#w.number_i64(::std::convert::Into::into(*#value));)
        }
        TypeRef::Long => quote!(#w.number_i64(*#value);),
        TypeRef::Float => quote!(#w.number_f32(*#value);),
        TypeRef::Double => quote!(#w.number_f64(*#value);),
        TypeRef::BigInteger => quote!(#w.big_integer(#value);),
        TypeRef::BigDecimal => quote!(#w.big_decimal(#value);),
        TypeRef::Timestamp(_) if flavor == Flavor::Cli => quote!(#w.string(&#value.fmt_cli());),
        TypeRef::Timestamp(format) if body_format(*format) == TimestampFormat::EpochSeconds => {
            quote!(#w.epoch_seconds(#value);)
        }
        TypeRef::Timestamp(format) => {
            // Date strings cannot express years outside 0000-9999.
            let format = format_tokens(body_format(*format));
            quote! {
                #w.timestamp(#value, #format)
                    .map_err(|e| ::lean_runtime::error::BuildError::other(e.to_string()))?;
            }
        }
        TypeRef::Blob => quote!(#w.blob(#value.as_ref());),
        // A stream is a whole body, never a JSON value (lowering sees to it).
        TypeRef::ByteStream | TypeRef::EventStream { .. } => TokenStream::new(),
        TypeRef::Document => quote!(#w.document(#value);),
        TypeRef::Unit => quote!(#w.start_object().finish();),
        TypeRef::Named(id) => match service.type_def(id) {
            Some(TypeDef::Enum(_)) => quote!(#w.string(#value.as_str());),
            Some(TypeDef::IntEnum(_)) => {
                quote!(#w.number_i64(::std::convert::Into::into(#value.as_i32()));)
            }
            _ => {
                let ser = ser_fn_name(service, id, flavor);
                let write = call(ser, quote!(&mut nested, #value));
                quote! {
                    let mut nested = #w.start_object();
                    #write
                    nested.finish();
                }
            }
        },
        TypeRef::List { member, sparse, .. } => {
            let item = value_ser(
                service,
                member,
                &quote!(item),
                &quote!(array.value()),
                flavor,
            );
            let body = if *sparse {
                quote! {
                    match item {
                        ::std::option::Option::Some(item) => { #item }
                        ::std::option::Option::None => array.value().null(),
                    }
                }
            } else {
                item
            };
            quote! {
                let mut array = #w.start_array();
                for item in #value {
                    #body
                }
                array.finish();
            }
        }
        TypeRef::Map {
            value: value_ty,
            sparse,
            ..
        } => {
            let key_str = quote!(map_key.as_ref());
            let item = value_ser(
                service,
                value_ty,
                &quote!(map_value),
                &quote!(map.key(#key_str)),
                flavor,
            );
            let body = if *sparse {
                quote! {
                    match map_value {
                        ::std::option::Option::Some(map_value) => { #item }
                        ::std::option::Option::None => map.key(#key_str).null(),
                    }
                }
            } else {
                item
            };
            quote! {
                let mut map = #w.start_object();
                for (map_key, map_value) in #value {
                    #body
                }
                map.finish();
            }
        }
    }
}

/// The function writing a union's one member into an object writer.
pub fn union_ser_fn(service: &Service, u: &Union, flavor: Flavor) -> TokenStream {
    let fn_name = ser_fn_name(service, &u.id, flavor);
    let path = type_path(service, &u.id);
    let name = u.name.unraw();
    // Each member as a pattern and what writing it takes.
    let cases: Vec<(TokenStream, TokenStream)> = u
        .members
        .iter()
        .map(|m| {
            let variant = m.variant.ident();
            let key = json_key(m, flavor);
            match &m.ty {
                TypeRef::Unit => (
                    quote!(#path::#variant),
                    quote!(object.key(#key).start_object().finish();),
                ),
                ty => {
                    let write = value_ser(
                        service,
                        ty,
                        &quote!(value),
                        &quote!(object.key(#key)),
                        flavor,
                    );
                    (quote!(#path::#variant(value)), write)
                }
            }
        })
        .collect();
    let arms = cases
        .iter()
        .map(|(pattern, write)| quote!(#pattern => { #write }));
    match flavor {
        Flavor::Wire => {
            let unknown = format!("cannot serialize the Unknown variant of union {name}");
            quote! {
                pub(crate) fn #fn_name(
                    object: &mut ::lean_runtime::json::JsonObjectWriter<'_>,
                    input: &#path,
                ) -> ::std::result::Result<(), ::lean_runtime::error::BuildError> {
                    match input {
                        #(#arms)*
                        #path::Unknown => {
                            return ::std::result::Result::Err(::lean_runtime::error::BuildError::other(#unknown));
                        }
                    }
                    ::std::result::Result::Ok(())
                }
            }
        }
        // A member this client does not know has nothing it could print.
        // The CLI is another crate, where the union is non-exhaustive: the
        // wildcard stands for `Unknown`. One member reads better (and
        // passes clippy's `single_match`) as an `if let`.
        Flavor::Cli => {
            let body = match cases.as_slice() {
                [(pattern, write)] => quote! {
                    if let #pattern = input {
                        #write
                    }
                },
                _ => quote! {
                    match input {
                        #(#arms)*
                        _ => {}
                    }
                },
            };
            quote! {
                fn #fn_name(object: &mut ::lean_runtime::json::JsonObjectWriter<'_>, input: &#path) {
                    #body
                }
            }
        }
    }
}
