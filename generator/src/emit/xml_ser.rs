//! The XML codec's writing half (restXml requests): one function per
//! structure or union that travels in requests writes its content into
//! the element its caller has started with `lean_runtime::xml::XmlWriter`:
//! `@xmlAttribute` members into the start tag, then one element per set
//! member. The protocol module writes the root element (see
//! `crate::protocol::rest_xml`).
//!
//! Names are settled in lowering: `@xmlName` for members, list items and
//! map keys and values; `@xmlNamespace` declared on the element it is
//! written on. An `@xmlFlattened` list repeats the member's element for
//! each item; a flattened map repeats it for each entry. Map entries are
//! written in key order, so the same map always signs the same.

use super::json_ser::format_tokens;
use super::paths::type_path;
use super::walk::{self, Leaf, List, Map, Visitor};
use crate::ir::{Binding, Member, Service, Structure, TypeDef, TypeRef, Union, XmlNamespace};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `ser_<stem>`: writes a named type's content into its started element.
pub fn ser_fn_name(service: &Service, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("ser_{}", service.helper_stem(id))
}

/// The whole `protocol/ser.rs` module body.
pub fn emit_module(service: &Service) -> TokenStream {
    super::validate::request_module(
        service,
        |s| crate::protocol::writes_body_object(service, s).then(|| struct_ser_fn(service, s)),
        |u| union_ser_fn(service, u),
    )
}

/// Statements declaring `namespace` on the element just started.
fn declare(namespace: Option<&XmlNamespace>) -> TokenStream {
    let Some(XmlNamespace { prefix, uri }) = namespace else {
        return TokenStream::new();
    };
    let prefix = match prefix {
        Some(prefix) => quote!(::std::option::Option::Some(#prefix)),
        None => quote!(::std::option::Option::None),
    };
    quote!(writer.namespace(#prefix, #uri);)
}

/// Statements writing `value` (an expression of type `&T`) of type `id`
/// as the whole body's root element `name`, declaring `namespace`.
pub fn root_element(
    service: &Service,
    id: &ShapeId,
    name: &str,
    namespace: Option<&XmlNamespace>,
    value: &TokenStream,
) -> TokenStream {
    let ser = ser_fn_name(service, id);
    let declare = declare(namespace);
    quote! {
        writer.start(#name);
        #declare
        #ser(&mut writer, #value)?;
        writer.end(#name);
    }
}

/// The function writing a structure's attributes and child elements.
fn struct_ser_fn(service: &Service, s: &Structure) -> TokenStream {
    let fn_name = ser_fn_name(service, &s.id);
    let path = type_path(service, &s.id);
    let body: Vec<&Member> = s
        .members
        .iter()
        .filter(|m| m.binding == Binding::Body)
        .collect();
    // Attributes go into the start tag, before any child.
    let attributes = body
        .iter()
        .filter(|m| m.xml_attribute)
        .map(|m| attribute_ser(service, m));
    let elements = body.iter().filter(|m| !m.xml_attribute).map(|m| {
        let write = element(
            service,
            m,
            &m.xml_name,
            m.xml_namespace.as_ref(),
            &m.ty,
            m.xml_flattened,
        );
        let write = if m.boxed {
            quote! {
                let value = &**value;
                #write
            }
        } else {
            write
        };
        crate::emit::with_input_value(m, write)
    });
    let (writer, input) = if body.is_empty() {
        (quote!(_writer), quote!(_input))
    } else {
        (quote!(writer), quote!(input))
    };
    quote! {
        pub(crate) fn #fn_name(
            #writer: &mut ::lean_runtime::xml::XmlWriter,
            #input: &#path,
        ) -> ::std::result::Result<(), ::lean_runtime::error::BuildError> {
            #(#attributes)*
            #(#elements)*
            ::std::result::Result::Ok(())
        }
    }
}

/// Writes an `@xmlAttribute` member (a string, boolean, number, enum or
/// timestamp: validation refuses the rest) into the start tag.
fn attribute_ser(service: &Service, m: &Member) -> TokenStream {
    let name = &m.xml_name;
    let field = m.name.unraw();
    let text = match &m.ty {
        TypeRef::String => quote!(value),
        TypeRef::Timestamp(format) => {
            let format = format_tokens(service.protocol.codec().timestamp_format(*format));
            quote! {
                &value.fmt(#format).map_err(|e| {
                    ::lean_runtime::error::BuildError::invalid_field(#field, e.to_string())
                })?
            }
        }
        TypeRef::Named(id) => match service.type_def(id) {
            Some(TypeDef::Enum(_)) => quote!(value.as_str()),
            Some(TypeDef::IntEnum(_)) => {
                quote!(&::lean_runtime::http_binding::ToWire::to_wire(
                    &value.as_i32()
                ))
            }
            _ => return TokenStream::new(),
        },
        TypeRef::Boolean
        | TypeRef::Byte
        | TypeRef::Short
        | TypeRef::Integer
        | TypeRef::Long
        | TypeRef::Float
        | TypeRef::Double
        | TypeRef::BigInteger
        | TypeRef::BigDecimal => quote!(&::lean_runtime::http_binding::ToWire::to_wire(value)),
        _ => return TokenStream::new(),
    };
    crate::emit::with_input_value(m, quote!(writer.attribute(#name, #text);))
}

/// Statements writing `value` (a `&T` of type `ty`, bound by the caller)
/// as element `name` declaring `namespace`; `flattened` for a list or map
/// member marked `@xmlFlattened`, whose items or entries each repeat the
/// element. `m` names the member in errors.
fn element(
    service: &Service,
    m: &Member,
    name: &str,
    namespace: Option<&XmlNamespace>,
    ty: &TypeRef,
    flattened: bool,
) -> TokenStream {
    let at = ElementAt {
        name: name.to_owned(),
        namespace: namespace.cloned(),
        flattened,
    };
    walk::walk(service, ty, &at, &mut ElementWriter { service, m })
}

/// Where an XML value goes: the element written for it, the namespace
/// declared there, and whether a list or map repeats it (`@xmlFlattened`).
struct ElementAt {
    name: String,
    namespace: Option<XmlNamespace>,
    flattened: bool,
}

impl ElementAt {
    /// A wrapped item or entry part: its own name and namespace.
    fn part(name: &str, namespace: Option<&XmlNamespace>) -> ElementAt {
        ElementAt {
            name: name.to_owned(),
            namespace: namespace.cloned(),
            flattened: false,
        }
    }

    /// `content` inside this element.
    fn wrap(&self, content: TokenStream) -> TokenStream {
        let name = &self.name;
        let declare = declare(self.namespace.as_ref());
        quote! {
            writer.start(#name);
            #declare
            #content
            writer.end(#name);
        }
    }
}

/// Elements for values (a value `value`, a `&T`, and the `writer`).
struct ElementWriter<'a> {
    service: &'a Service,
    m: &'a Member,
}

impl Visitor for ElementWriter<'_> {
    type At = ElementAt;
    type Out = TokenStream;

    fn leaf(&mut self, leaf: Leaf<'_>, at: &ElementAt) -> TokenStream {
        let field = self.m.name.unraw();
        let content = match leaf {
            Leaf::Simple(ty) => match ty {
                TypeRef::String => quote!(writer.text(value);),
                TypeRef::Boolean
                | TypeRef::Byte
                | TypeRef::Short
                | TypeRef::Integer
                | TypeRef::Long
                | TypeRef::Float
                | TypeRef::Double
                | TypeRef::BigInteger
                | TypeRef::BigDecimal => quote!(writer.value(value);),
                TypeRef::Timestamp(format) => {
                    let format =
                        format_tokens(self.service.protocol.codec().timestamp_format(*format));
                    quote!(writer.timestamp(value, #format, #field)?;)
                }
                TypeRef::Blob => quote!(writer.blob(value.as_ref());),
                // A unit variant is an empty element.
                TypeRef::Unit => TokenStream::new(),
                // Documents and streams have no XML form (validation
                // refuses them in bodies).
                _ => return TokenStream::new(),
            },
            Leaf::Enum(_) => quote!(writer.text(value.as_str());),
            Leaf::IntEnum(_) => quote!(writer.value(&value.as_i32());),
            Leaf::Aggregate(id) => {
                let ser = ser_fn_name(self.service, id);
                quote!(#ser(writer, value)?;)
            }
        };
        at.wrap(content)
    }

    /// A flattened list's items are the member's own elements, with the
    /// item's namespace where the list's member declares one.
    fn item_at(&mut self, list: &List<'_>, at: &ElementAt) -> ElementAt {
        if at.flattened {
            let namespace = list.item_namespace.or(at.namespace.as_ref());
            return ElementAt::part(&at.name, namespace);
        }
        ElementAt::part(list.item_name.unwrap_or("member"), list.item_namespace)
    }

    fn list(&mut self, list: &List<'_>, at: &ElementAt, item: TokenStream) -> TokenStream {
        let unwrap = skip_none(list.sparse);
        let items = quote! {
            for value in value {
                #unwrap
                #item
            }
        };
        if at.flattened { items } else { at.wrap(items) }
    }

    fn value_at(&mut self, map: &Map<'_>, _at: &ElementAt) -> ElementAt {
        let (_, value_name) = map.entry_names();
        ElementAt::part(
            value_name,
            map.entry_names.and_then(|e| e.value_namespace.as_ref()),
        )
    }

    fn map(&mut self, map: &Map<'_>, at: &ElementAt, item: TokenStream) -> TokenStream {
        let (key_name, _) = map.entry_names();
        let key_at = ElementAt::part(
            key_name,
            map.entry_names.and_then(|e| e.key_namespace.as_ref()),
        );
        let key = walk::walk(self.service, &TypeRef::String, &key_at, self);
        let unwrap = skip_none(map.sparse);
        let entry = quote! {
            {
                let value = key.as_ref();
                #key
            }
            #unwrap
            #item
        };
        // A flattened map repeats the member's element for each entry.
        let entry = if at.flattened {
            at.wrap(entry)
        } else {
            ElementAt::part("entry", None).wrap(entry)
        };
        let entries = quote! {
            for (key, value) in ::lean_runtime::xml::sorted_entries(value) {
                #entry
            }
        };
        if at.flattened {
            entries
        } else {
            at.wrap(entries)
        }
    }
}

/// For a sparse collection: skips a `None` item.
fn skip_none(sparse: bool) -> Option<TokenStream> {
    sparse.then(|| {
        quote! {
            let ::std::option::Option::Some(value) = value else {
                continue;
            };
        }
    })
}

/// The function writing a union's one member as its child element.
fn union_ser_fn(service: &Service, u: &Union) -> TokenStream {
    let fn_name = ser_fn_name(service, &u.id);
    let path = type_path(service, &u.id);
    let name = u.name.unraw();
    let arms = u.members.iter().map(|m| {
        let variant = m.variant.ident();
        let write = element(
            service,
            m,
            &m.xml_name,
            m.xml_namespace.as_ref(),
            &m.ty,
            m.xml_flattened,
        );
        if m.ty == TypeRef::Unit {
            return quote!(#path::#variant => { #write });
        }
        if write.is_empty() {
            return quote!(#path::#variant(_) => {});
        }
        let unbox = m.boxed.then(|| quote!(let value = &**value;));
        quote! {
            #path::#variant(value) => {
                #unbox
                #write
            }
        }
    });
    let unknown = format!("cannot serialize the Unknown variant of union {name}");
    quote! {
        pub(crate) fn #fn_name(
            writer: &mut ::lean_runtime::xml::XmlWriter,
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
