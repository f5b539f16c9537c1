//! A waiter's JMESPath, checked into a [`PathExpr`], compiled to Rust.
//!
//! A compiled path computes an `Option` of a value (`None` is JMESPath's
//! null) whose Rust type follows its JMESPath type: `&str` for strings,
//! `bool`, `f64` for numbers, `&T` for structures, `Vec<_>` for lists and
//! `Vec<(&str, _)>` for maps. Steps that cannot be null (required members,
//! literals) are kept as plain values, and lists read from a member are
//! iterated in place, so the code reads like what a person would write.

use crate::ir::{
    PathComparator, PathExpr, PathNode, PathType, ProjectOver, Service, TypeDef, TypeRef,
};
use crate::jmespath::Comparator;
use proc_macro2::{Literal, TokenStream, TokenTree};
use quote::quote;

/// A path matcher compiled to a `bool` expression over `output` (an
/// `&Output`) and, for `inputOutput` paths, `input`.
pub(super) struct Test {
    /// The expression.
    pub(super) tokens: TokenStream,
    /// Whether it reads `input`.
    pub(super) reads_input: bool,
    /// Whether it reads `output`.
    pub(super) reads_output: bool,
}

/// Whether the value of `expr` passes `comparator`.
pub(super) fn test(service: &Service, expr: &PathExpr, comparator: &PathComparator) -> Test {
    let root = Val::always(quote!(output)).with_base(quote!(output));
    let value = value(service, expr, &root);
    let tokens = comparison(&value, comparator);
    // Let chains take `&&` only.
    let tokens = if has_top_level(&tokens, &["||"]) {
        quote!((#tokens))
    } else {
        tokens
    };
    Test {
        tokens,
        reads_input: value.uses.input,
        reads_output: value.uses.current || value.uses.output,
    }
}

/// Whether a comparator holds for a path's value.
fn comparison(value: &Val, comparator: &PathComparator) -> TokenStream {
    let tokens = &value.tokens;
    match comparator {
        PathComparator::StringEquals(expected) => {
            if value.always {
                quote!(#tokens == #expected)
            } else {
                quote!(#tokens == ::std::option::Option::Some(#expected))
            }
        }
        PathComparator::BooleanEquals(expected) => match (value.always, expected) {
            (true, true) => tokens.clone(),
            (true, false) => {
                let tokens = operand(tokens);
                quote!(!#tokens)
            }
            (false, _) => quote!(#tokens == ::std::option::Option::Some(#expected)),
        },
        PathComparator::AllStringEquals(expected) => {
            let test = quote!(!values.is_empty() && values.iter().all(|value| *value == #expected));
            if value.always {
                quote!({
                    let values = #tokens;
                    #test
                })
            } else {
                quote!(#tokens.is_some_and(|values| #test))
            }
        }
        PathComparator::AnyStringEquals(expected) => {
            let test = quote!(values.contains(&#expected));
            if value.always {
                quote!({
                    let values = #tokens;
                    #test
                })
            } else {
                quote!(#tokens.is_some_and(|values| #test))
            }
        }
    }
}

/// What a compiled path reads besides constants.
#[derive(Clone, Copy, Default)]
struct Uses {
    /// The current node (the output, or a projection's element).
    current: bool,
    /// `input` of `{input, output}`.
    input: bool,
    /// `output` of `{input, output}`.
    output: bool,
}

impl Uses {
    fn or(self, other: Uses) -> Uses {
        Uses {
            current: self.current || other.current,
            input: self.input || other.input,
            output: self.output || other.output,
        }
    }
}

/// A compiled value.
#[derive(Clone)]
struct Val {
    /// An expression of the value's Rust type, or of an `Option` of it.
    tokens: TokenStream,
    /// The value is never null: `tokens` is not an `Option`.
    always: bool,
    /// For a structure that is never null: an expression members can be
    /// read from with `.field` (a place or a reference).
    base: Option<TokenStream>,
    uses: Uses,
}

impl Val {
    fn always(tokens: TokenStream) -> Self {
        Self {
            tokens,
            always: true,
            base: None,
            uses: Uses::default(),
        }
    }

    fn maybe(tokens: TokenStream) -> Self {
        Self {
            tokens,
            always: false,
            base: None,
            uses: Uses::default(),
        }
    }

    fn with_base(mut self, base: TokenStream) -> Self {
        self.base = Some(base);
        self
    }

    fn using(mut self, uses: Uses) -> Self {
        self.uses = self.uses.or(uses);
        self
    }

    /// The value as an `Option`.
    fn option(&self) -> TokenStream {
        let tokens = &self.tokens;
        if self.always {
            quote!(::std::option::Option::Some(#tokens))
        } else {
            tokens.clone()
        }
    }
}

/// The value of `map` under `key`. A map read straight from a member is
/// looked up in place.
fn map_value(service: &Service, map: &PathExpr, key: &str, current: &Val) -> Val {
    if let Some((
        raw,
        TypeRef::Map {
            key: key_ty, value, ..
        },
    )) = raw_member(service, map, current)
    {
        let lookup = if *key_ty == TypeRef::String {
            quote!(.get(#key))
        } else {
            // Enum keys: compared by their string value.
            quote!(.iter().find(|(key, _)| key.as_str() == #key).map(|(_, value)| value))
        };
        let convert = elements(service, TokenStream::new(), &value);
        let tokens = &raw.tokens;
        let tokens = if raw.always {
            quote!(#tokens #lookup #convert)
        } else {
            quote!(#tokens.and_then(|map| map #lookup) #convert)
        };
        return Val::maybe(tokens).using(raw.uses);
    }
    let of = value(service, map, current);
    let find = quote!(.into_iter().find(|(key, _)| *key == #key).map(|(_, value)| value));
    let map = &of.tokens;
    let tokens = if of.always {
        quote!(#map #find)
    } else {
        quote!(#map.and_then(|map| map #find))
    };
    Val::maybe(tokens).using(of.uses)
}

/// Element `index` of `list`, counting from the end when negative. A list
/// read straight from a member is indexed in place.
fn index_value(service: &Service, list: &PathExpr, index: i64, current: &Val) -> Val {
    let position =
        |index: i64| Literal::usize_unsuffixed(usize::try_from(index).unwrap_or(usize::MAX));
    let from_end =
        || Literal::usize_unsuffixed(usize::try_from(index.unsigned_abs()).unwrap_or(usize::MAX));
    if let Some((raw, TypeRef::List { member, .. })) = raw_member(service, list, current) {
        let get = if index == 0 {
            quote!(list.first())
        } else if index == -1 {
            quote!(list.last())
        } else if index > 0 {
            let index = position(index);
            quote!(list.get(#index))
        } else {
            let back = from_end();
            quote!(list.len().checked_sub(#back).and_then(|index| list.get(index)))
        };
        let convert = elements(service, TokenStream::new(), &member);
        let tokens = &raw.tokens;
        let tokens = if raw.always {
            quote!({
                let list = &#tokens;
                #get
            } #convert)
        } else {
            quote!(#tokens.and_then(|list| #get) #convert)
        };
        return Val::maybe(tokens).using(raw.uses);
    }
    let of = value(service, list, current);
    let get = if index == 0 {
        quote!(list.into_iter().next())
    } else if index > 0 {
        let index = position(index);
        quote!(list.into_iter().nth(#index))
    } else {
        let back = from_end();
        quote!(list.len().checked_sub(#back).and_then(|index| list.into_iter().nth(index)))
    };
    let of_tokens = &of.tokens;
    let tokens = if of.always {
        quote!({
            let list = #of_tokens;
            #get
        })
    } else {
        quote!(#of_tokens.and_then(|list| #get))
    };
    Val::maybe(tokens).using(of.uses)
}

/// `lhs && rhs` (`is_and`) or `lhs || rhs`, on booleans. JMESPath's `&&`
/// gives its left side when that is falsy (null included), its right side
/// otherwise; `||` the reverse. A literal side is folded away, as a person
/// would write it.
fn logic(service: &Service, is_and: bool, lhs: &PathExpr, rhs: &PathExpr, current: &Val) -> Val {
    let literal = |e: &PathExpr| match e.node {
        PathNode::Bool(b) => Some(b),
        _ => None,
    };
    match (literal(lhs), literal(rhs)) {
        // `true && x`, `false || x`: x.
        (Some(l), _) if l == is_and => return value(service, rhs, current),
        // `false && x`, `true || x`: the literal.
        (Some(l), _) => return Val::always(quote!(#l)),
        // `x && true`: x (a null stays null).
        (None, Some(true)) if is_and => return value(service, lhs, current),
        // `x && false`: false, or x when that is null.
        (None, Some(false)) if is_and => {
            let lhs = value(service, lhs, current);
            return if lhs.always {
                Val::always(quote!(false))
            } else {
                let tokens = &lhs.tokens;
                Val::maybe(quote!(#tokens.map(|_| false))).using(lhs.uses)
            };
        }
        // `x || true`: true.
        (None, Some(true)) => return Val::always(quote!(true)),
        // `x || false`: whether x is true.
        (None, Some(false)) => {
            let lhs = value(service, lhs, current);
            let (test, uses) = truthiness(&lhs, &PathType::Bool, true);
            return Val::always(test).using(uses);
        }
        (None, None) => {}
    }
    let lhs = value(service, lhs, current);
    let rhs = value(service, rhs, current);
    let uses = lhs.uses.or(rhs.uses);
    if lhs.always && rhs.always {
        let (l, r) = (operand(&lhs.tokens), operand(&rhs.tokens));
        let tokens = if is_and {
            quote!(#l && #r)
        } else {
            quote!(#l || #r)
        };
        return Val::always(tokens).using(uses);
    }
    let (l, r) = (lhs.option(), rhs.option());
    let tokens = if is_and {
        quote!(match #l {
            ::std::option::Option::Some(true) => #r,
            left => left,
        })
    } else {
        quote!(match #l {
            ::std::option::Option::Some(true) => ::std::option::Option::Some(true),
            _ => #r,
        })
    };
    Val::maybe(tokens).using(uses)
}

/// Compiles `expr`, `current` being the node it is evaluated on.
fn value(service: &Service, expr: &PathExpr, current: &Val) -> Val {
    match &expr.node {
        PathNode::Current => {
            let mut val = current.clone();
            val.uses.current = true;
            val
        }
        PathNode::Input => Val::always(quote!(input))
            .with_base(quote!(input))
            .using(Uses {
                input: true,
                ..Uses::default()
            }),
        PathNode::Output => Val::always(quote!(output))
            .with_base(quote!(output))
            .using(Uses {
                output: true,
                ..Uses::default()
            }),
        PathNode::Member { of, member } => {
            let of = value(service, of, current);
            let field = member.name.ident();
            match (&of.base, of.always) {
                (Some(base), true) => member_value(
                    service,
                    quote!(#base.#field),
                    member.optional,
                    member.boxed,
                    &member.ty,
                )
                .using(of.uses),
                _ => {
                    let inner = member_value(
                        service,
                        quote!(value.#field),
                        member.optional,
                        member.boxed,
                        &member.ty,
                    );
                    let of_tokens = of.option();
                    let inner_tokens = &inner.tokens;
                    let tokens = if inner.always {
                        quote!(#of_tokens.map(|value| #inner_tokens))
                    } else {
                        quote!(#of_tokens.and_then(|value| #inner_tokens))
                    };
                    Val::maybe(tokens).using(of.uses)
                }
            }
        }
        PathNode::MapValue { of, key } => map_value(service, of, key, current),
        PathNode::Index { of, index } => index_value(service, of, *index, current),
        PathNode::Project {
            of,
            over,
            filter,
            each,
        } => projection(service, current, of, *over, filter.as_deref(), each),
        PathNode::MultiList(items) => {
            // Every item is computed; a null item (`None`) is left out, as a
            // projection leaves out null results.
            let items: Vec<Val> = items
                .iter()
                .map(|item| value(service, item, current))
                .collect();
            let uses = items
                .iter()
                .fold(Uses::default(), |uses, item| uses.or(item.uses));
            if items.iter().all(|item| item.always) {
                let tokens = items.iter().map(|item| &item.tokens);
                Val::always(quote!(::std::vec![#(#tokens),*])).using(uses)
            } else {
                let tokens = items.iter().map(Val::option);
                Val::always(quote!(
                    [#(#tokens),*].into_iter().flatten().collect::<::std::vec::Vec<_>>()
                ))
                .using(uses)
            }
        }
        PathNode::String(s) => Val::always(quote!(#s)),
        PathNode::Number(n) => {
            let n = Literal::f64_suffixed(*n);
            Val::always(quote!(#n))
        }
        PathNode::Bool(b) => Val::always(quote!(#b)),
        PathNode::Null => Val::maybe(quote!(::std::option::Option::<()>::None)),
        PathNode::Compare { op, lhs, rhs } => {
            let lhs = value(service, lhs, current);
            let rhs = value(service, rhs, current);
            let uses = lhs.uses.or(rhs.uses);
            let symbol = match op {
                Comparator::Eq => quote!(==),
                Comparator::Ne => quote!(!=),
                Comparator::Lt => quote!(<),
                Comparator::Le => quote!(<=),
                Comparator::Gt => quote!(>),
                Comparator::Ge => quote!(>=),
            };
            let equality = matches!(op, Comparator::Eq | Comparator::Ne);
            if lhs.always && rhs.always {
                let (l, r) = (operand(&lhs.tokens), operand(&rhs.tokens));
                Val::always(quote!(#l #symbol #r)).using(uses)
            } else if equality {
                // Null equals null, as in JMESPath.
                let (l, r) = (operand(&lhs.option()), operand(&rhs.option()));
                Val::always(quote!(#l #symbol #r)).using(uses)
            } else {
                // Ordering a null is null.
                let (l, r) = (lhs.option(), rhs.option());
                Val::maybe(quote!(#l.zip(#r).map(|(lhs, rhs)| lhs #symbol rhs))).using(uses)
            }
        }
        PathNode::IsNull(inner) => {
            let inner = value(service, inner, current);
            if inner.always {
                Val::always(quote!(false))
            } else {
                let tokens = &inner.tokens;
                Val::always(quote!(#tokens.is_none())).using(inner.uses)
            }
        }
        PathNode::And(lhs, rhs) | PathNode::Or(lhs, rhs) => logic(
            service,
            matches!(expr.node, PathNode::And(..)),
            lhs,
            rhs,
            current,
        ),
        PathNode::Not(inner) => {
            let inner_val = value(service, inner, current);
            let (falsy, uses) = truthiness(&inner_val, &inner.ty, false);
            Val::always(falsy).using(uses)
        }
        PathNode::Length(inner) => {
            let length = match inner.ty {
                PathType::String => quote!(.chars().count()),
                _ => quote!(.len()),
            };
            let inner_val = match raw_member(service, inner, current) {
                Some((raw, _)) => raw,
                None => value(service, inner, current),
            };
            let tokens = &inner_val.tokens;
            let result = if inner_val.always {
                Val::always(quote!(::lean_runtime::waiter::AsNumber::as_number(&#tokens #length)))
            } else {
                Val::maybe(
                    quote!(#tokens.map(|value| ::lean_runtime::waiter::AsNumber::as_number(&value #length))),
                )
            };
            result.using(inner_val.uses)
        }
        PathNode::Contains { subject, search } => {
            let subject_val = value(service, subject, current);
            let search_val = value(service, search, current);
            let uses = subject_val.uses.or(search_val.uses);
            let search_tokens = &search_val.tokens;
            let test = match (&subject.ty, search_val.always) {
                (PathType::String, true) => quote!(subject.contains(#search_tokens)),
                (PathType::String, false) => {
                    quote!(#search_tokens.is_some_and(|search| subject.contains(search)))
                }
                (_, true) => quote!(subject.contains(&#search_tokens)),
                // A list never holds a null.
                (_, false) => {
                    quote!(#search_tokens.is_some_and(|search| subject.contains(&search)))
                }
            };
            let subject_tokens = &subject_val.tokens;
            if subject_val.always {
                Val::always(quote!({
                    let subject = #subject_tokens;
                    #test
                }))
                .using(uses)
            } else {
                Val::maybe(quote!(#subject_tokens.map(|subject| #test))).using(uses)
            }
        }
    }
}

/// `each` over the elements of `of`, kept when `filter` is truthy.
fn projection(
    service: &Service,
    current: &Val,
    of: &PathExpr,
    over: ProjectOver,
    filter: Option<&PathExpr>,
    each: &PathExpr,
) -> Val {
    let element_ty = match (&of.ty, over) {
        (PathType::List(element), ProjectOver::Flattened) => match &**element {
            PathType::List(inner) => (**inner).clone(),
            other => other.clone(),
        },
        (PathType::List(element) | PathType::Map(element), _) => (**element).clone(),
        (other, _) => other.clone(),
    };
    // A list or map read straight from a member is iterated in place rather
    // than converted to a `Vec` first.
    let (of_val, mut iter) = match (raw_member(service, of, current), over) {
        (Some((raw, TypeRef::List { member, .. })), ProjectOver::List) => {
            (raw, elements(service, quote!(.iter()), &member))
        }
        (Some((raw, TypeRef::Map { value, .. })), ProjectOver::MapValues) => {
            (raw, elements(service, quote!(.values()), &value))
        }
        _ => {
            let iter = match over {
                ProjectOver::List => quote!(.into_iter()),
                ProjectOver::Flattened => quote!(.into_iter().flatten()),
                ProjectOver::MapValues => quote!(.into_iter().map(|(_, value)| value)),
            };
            (value(service, of, current), iter)
        }
    };
    if let Some(filter) = filter {
        // Elements are references, numbers and booleans (`Copy`), or lists.
        let (pattern, element) = if matches!(element_ty, PathType::List(_) | PathType::Map(_)) {
            (quote!(element), quote!(element.clone()))
        } else {
            (quote!(&element), quote!(element))
        };
        let element = element_val(element, &element_ty);
        let condition = value(service, filter, &element);
        let (test, uses) = truthiness(&condition, &filter.ty, true);
        let pattern = if uses.current { pattern } else { quote!(_) };
        iter = quote!(#iter.filter(|#pattern| #test));
    }
    if !matches!(each.node, PathNode::Current) {
        let element = element_val(quote!(element), &element_ty);
        let result = value(service, each, &element);
        let param = if result.uses.current {
            quote!(element)
        } else {
            quote!(_)
        };
        let tokens = &result.tokens;
        iter = if result.always {
            quote!(#iter.map(|#param| #tokens))
        } else {
            quote!(#iter.filter_map(|#param| #tokens))
        };
    }
    let collect = quote!(.collect::<::std::vec::Vec<_>>());
    let of_tokens = &of_val.tokens;
    if of_val.always {
        Val::always(quote!(#of_tokens #iter #collect)).using(of_val.uses)
    } else {
        let name = if over == ProjectOver::MapValues {
            quote!(map)
        } else {
            quote!(list)
        };
        Val::maybe(quote!(#of_tokens.map(|#name| #name #iter #collect))).using(of_val.uses)
    }
}

/// For a member holding a list or map: the container as the Rust field
/// holds it (a reference or place to iterate, not converted), and its type.
fn raw_member(service: &Service, expr: &PathExpr, current: &Val) -> Option<(Val, TypeRef)> {
    let PathNode::Member { of, member } = &expr.node else {
        return None;
    };
    if !matches!(
        member.ty,
        TypeRef::List { sparse: false, .. } | TypeRef::Map { sparse: false, .. }
    ) {
        return None;
    }
    let of = value(service, of, current);
    let field = member.name.ident();
    let val = match (&of.base, of.always, member.optional) {
        (Some(base), true, true) => Val::maybe(quote!(#base.#field.as_ref())),
        (Some(base), true, false) => Val::always(quote!(#base.#field)),
        (_, _, true) => {
            let of_tokens = of.option();
            Val::maybe(quote!(#of_tokens.and_then(|value| value.#field.as_ref())))
        }
        (_, _, false) => {
            let of_tokens = of.option();
            Val::maybe(quote!(#of_tokens.map(|value| &value.#field)))
        }
    };
    Some((val.using(of.uses), member.ty.clone()))
}

/// `start` (`.iter()` or `.values()` of a container) followed by the
/// conversion of each element from `ty` to its path type.
fn elements(service: &Service, start: TokenStream, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Boolean | TypeRef::Double => quote!(#start.copied()),
        _ if struct_id(service, ty).is_some() => start,
        _ => {
            let map = map_converted(service, ty, "element");
            quote!(#start #map)
        }
    }
}

/// `.map(...)` converting references to values of `ty` to its path type:
/// the conversion function itself when there is one, else a closure.
fn map_converted(service: &Service, ty: &TypeRef, name: &str) -> TokenStream {
    let is_number = matches!(
        ty,
        TypeRef::Byte
            | TypeRef::Short
            | TypeRef::Integer
            | TypeRef::Long
            | TypeRef::Float
            | TypeRef::Timestamp(_)
    );
    if is_number {
        return quote!(.map(::lean_runtime::waiter::AsNumber::as_number));
    }
    let name = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
    let converted = convert(service, &quote!(#name), true, ty);
    quote!(.map(|#name| #converted))
}

/// A projection's element, named `name`, as a never-null value.
fn element_val(name: TokenStream, ty: &PathType) -> Val {
    let val = Val::always(name.clone());
    if matches!(ty, PathType::Struct(_)) {
        val.with_base(name)
    } else {
        val
    }
}

/// A `bool` expression: whether `value` (of type `ty`) is truthy in
/// JMESPath (not null, false, or empty), or falsy when `truthy` is false;
/// and what it reads.
fn truthiness(value: &Val, ty: &PathType, truthy: bool) -> (TokenStream, Uses) {
    let tokens = &value.tokens;
    let empty_or_not = matches!(ty, PathType::String | PathType::List(_) | PathType::Map(_));
    let test = match (value.always, ty, truthy) {
        (_, PathType::Null, _) => return (quote!(#truthy), Uses::default()),
        (true, PathType::Bool, true) => tokens.clone(),
        (true, PathType::Bool, false) => {
            let tokens = operand(tokens);
            quote!(!#tokens)
        }
        (true, _, true) if empty_or_not => quote!(!#tokens.is_empty()),
        (true, _, false) if empty_or_not => quote!(#tokens.is_empty()),
        (true, _, _) => return (quote!(#truthy), Uses::default()),
        (false, PathType::Bool, true) => quote!(#tokens == ::std::option::Option::Some(true)),
        (false, PathType::Bool, false) => quote!(#tokens != ::std::option::Option::Some(true)),
        (false, _, true) if empty_or_not => {
            quote!(#tokens.is_some_and(|value| !value.is_empty()))
        }
        (false, _, false) if empty_or_not => quote!(#tokens.is_none_or(|value| value.is_empty())),
        (false, _, true) => quote!(#tokens.is_some()),
        (false, _, false) => quote!(#tokens.is_none()),
    };
    (test, value.uses)
}

/// The value of member `place` (an expression of the field), converted to
/// its path type.
fn member_value(
    service: &Service,
    place: TokenStream,
    optional: bool,
    boxed: bool,
    ty: &TypeRef,
) -> Val {
    let is_struct = struct_id(service, ty).is_some();
    if !optional {
        let tokens = match (is_struct, boxed) {
            (true, true) => quote!(&*#place),
            _ => convert(service, &place, false, ty),
        };
        let val = Val::always(tokens);
        return if is_struct { val.with_base(place) } else { val };
    }
    let tokens = match ty {
        TypeRef::String => quote!(#place.as_deref()),
        _ if is_struct && boxed => quote!(#place.as_deref()),
        _ if is_struct => quote!(#place.as_ref()),
        TypeRef::Boolean | TypeRef::Double => place,
        _ => {
            let map = map_converted(service, ty, "value");
            quote!(#place.as_ref() #map)
        }
    };
    Val::maybe(tokens)
}

/// A value of a member's Rust type as its path type: `value` is a place of
/// that type, or a reference to one when `is_ref`.
fn convert(service: &Service, value: &TokenStream, is_ref: bool, ty: &TypeRef) -> TokenStream {
    let number = quote!(::lean_runtime::waiter::AsNumber::as_number);
    let reference = if is_ref {
        value.clone()
    } else {
        quote!(&#value)
    };
    match ty {
        TypeRef::String => quote!(#value.as_str()),
        TypeRef::Boolean | TypeRef::Double if is_ref => quote!(*#value),
        TypeRef::Boolean | TypeRef::Double => value.clone(),
        TypeRef::Byte
        | TypeRef::Short
        | TypeRef::Integer
        | TypeRef::Long
        | TypeRef::Float
        | TypeRef::Timestamp(_) => quote!(#number(#reference)),
        TypeRef::Named(id) => match service.type_def(id) {
            Some(TypeDef::Enum(_)) => quote!(#value.as_str()),
            Some(TypeDef::IntEnum(_)) => quote!(#number(&#value.as_i32())),
            _ => reference,
        },
        TypeRef::List { member, .. } => match &**member {
            TypeRef::Boolean | TypeRef::Double => quote!(#value.to_vec()),
            m => {
                let elements = elements(service, quote!(.iter()), m);
                quote!(#value #elements.collect::<::std::vec::Vec<_>>())
            }
        },
        TypeRef::Map {
            value: map_value, ..
        } => {
            let converted = convert(service, &quote!(value), true, map_value);
            quote!(#value.iter().map(|(key, value)| (key.as_str(), #converted)).collect::<::std::vec::Vec<_>>())
        }
        // The checker accepts no other type.
        _ => reference,
    }
}

fn struct_id<'a>(service: &'a Service, ty: &TypeRef) -> Option<&'a crate::model::ShapeId> {
    match ty {
        TypeRef::Named(id) => match service.type_def(id) {
            Some(TypeDef::Structure(s)) => Some(&s.id),
            _ => None,
        },
        _ => None,
    }
}

/// `tokens` as an operand of a binary or unary operator: parenthesized
/// when they are themselves an operation or a `match`.
fn operand(tokens: &TokenStream) -> TokenStream {
    let needs = tokens
        .clone()
        .into_iter()
        .enumerate()
        .any(|(i, token)| match token {
            TokenTree::Punct(p) => i > 0 && !matches!(p.as_char(), '.' | ':'),
            TokenTree::Ident(ident) => i == 0 && ident == "match",
            _ => false,
        });
    if needs {
        quote!((#tokens))
    } else {
        tokens.clone()
    }
}

/// Whether `tokens` has one of `operators` outside any group.
fn has_top_level(tokens: &TokenStream, operators: &[&str]) -> bool {
    let text: Vec<String> = tokens
        .clone()
        .into_iter()
        .filter_map(|t| match t {
            TokenTree::Punct(p) => Some(p.as_char().to_string()),
            _ => None,
        })
        .collect();
    let joined = text.concat();
    operators.iter().any(|op| joined.contains(op))
}
