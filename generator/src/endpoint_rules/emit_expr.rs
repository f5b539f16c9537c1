//! Rust expressions for checked rule-set expressions.
//!
//! Each expression has a natural Rust form for its type: `&str` (or an
//! owned `String` for templates with placeholders and `uriEncode`), `bool`,
//! `Option<&str>`, `&[String]`, `&Partition`, `Url`, `Arn`. Boolean expressions are emitted
//! in their simplest form (`booleanEquals(x, true)` is `x`,
//! `not(isSet(x))` is `x.is_none()`), so the generated code reads as if
//! written by hand and passes clippy.

use std::cell::Cell;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::ir::{Attribute, ConcatPart, Expr, ExprKind, Local, Property, RuntimeFn};
use super::params::Param;
use super::syntax::ParamType;
use super::types::Type;

/// Emits expressions of one resolver.
pub(super) struct Exprs<'a> {
    params: &'a [Param],
    locals: &'a [Local],
    /// Whether any emitted expression reads `params`.
    reads_params: Cell<bool>,
}

/// A boolean expression and whether it is a comparison (`a == b`), which
/// needs parentheses as an operand of another comparison.
struct Boolean {
    tokens: TokenStream,
    comparison: bool,
}

impl Boolean {
    fn plain(tokens: TokenStream) -> Self {
        Self {
            tokens,
            comparison: false,
        }
    }

    fn comparison(tokens: TokenStream) -> Self {
        Self {
            tokens,
            comparison: true,
        }
    }

    /// As an operand of `==`/`!=`.
    fn operand(self) -> TokenStream {
        let tokens = self.tokens;
        if self.comparison {
            quote!((#tokens))
        } else {
            tokens
        }
    }
}

impl<'a> Exprs<'a> {
    pub(super) fn new(params: &'a [Param], locals: &'a [Local]) -> Self {
        Self {
            params,
            locals,
            reads_params: Cell::new(false),
        }
    }

    /// Whether anything emitted so far reads `params`.
    pub(super) fn reads_params(&self) -> bool {
        self.reads_params.get()
    }

    /// The local a condition binds, or `None` if nothing reads it.
    pub(super) fn local(&self, id: usize) -> Option<&Local> {
        self.locals.get(id).filter(|local| local.used)
    }

    /// A `bool` expression.
    pub(super) fn boolean(&self, expr: &Expr) -> TokenStream {
        self.positive(expr).tokens
    }

    /// A `&str` expression.
    pub(super) fn str(&self, expr: &Expr) -> TokenStream {
        if expr.is_owned(self.locals) {
            let value = self.receiver(expr);
            quote!(#value.as_str())
        } else {
            self.value(expr)
        }
    }

    /// The expression as the receiver of a method call: an `if`/`else`
    /// (from `ite`) in parentheses.
    fn receiver(&self, expr: &Expr) -> TokenStream {
        let value = self.value(expr);
        if matches!(expr.kind, ExprKind::Ite(..)) {
            quote!((#value))
        } else {
            value
        }
    }

    /// `coalesce`: from the last argument back, an optional argument falls
    /// back on what follows it (`a.or(b)`, `a.unwrap_or(b)`); one that is
    /// always set ends the chain.
    fn coalesce(&self, args: &[Expr]) -> TokenStream {
        let form = |arg: &Expr| match arg.ty {
            Type::String => self.str(arg),
            Type::Bool => self.boolean(arg),
            _ => self.receiver(arg),
        };
        let mut chain: Option<(TokenStream, bool)> = None;
        for arg in args.iter().rev() {
            let optional = matches!(arg.ty, Type::Optional(_));
            let value = form(arg);
            chain = Some(match (chain, optional) {
                (None, _) | (Some(_), false) => (value, optional),
                (Some((rest, true)), true) => (quote!(#value.or(#rest)), true),
                (Some((rest, false)), true) => (quote!(#value.unwrap_or(#rest)), false),
            });
        }
        chain.map(|(tokens, _)| tokens).unwrap_or_default()
    }

    /// `ite`: `if condition { then } else { otherwise }`, both branches of
    /// one Rust type (owned strings when either is, `Some` around a value
    /// that is always set when the other may not be).
    fn ite(&self, result: &Expr, condition: &Expr, then: &Expr, otherwise: &Expr) -> TokenStream {
        let condition = self.boolean(condition);
        let owned = result.is_owned(self.locals);
        let optional = matches!(result.ty, Type::Optional(_));
        let branch = |expr: &Expr| {
            let value = match expr.ty {
                Type::String if owned && !expr.is_owned(self.locals) => {
                    let value = self.value(expr);
                    quote!(::std::string::String::from(#value))
                }
                Type::String if !owned => self.str(expr),
                Type::Bool => self.boolean(expr),
                _ => self.value(expr),
            };
            if optional && !matches!(expr.ty, Type::Optional(_)) {
                quote!(::std::option::Option::Some(#value))
            } else {
                value
            }
        };
        let then = branch(then);
        let otherwise = branch(otherwise);
        quote!(if #condition { #then } else { #otherwise })
    }

    /// A value that converts `Into<String>`: owned if it already is.
    pub(super) fn string(&self, expr: &Expr) -> TokenStream {
        self.value(expr)
    }

    /// The expression in its natural Rust form.
    pub(super) fn value(&self, expr: &Expr) -> TokenStream {
        match &expr.kind {
            ExprKind::String(text) => quote!(#text),
            ExprKind::Bool(_) | ExprKind::Not(_) | ExprKind::Equals(..) | ExprKind::IsSet(_) => {
                self.boolean(expr)
            }
            ExprKind::Int(int) => {
                let literal = Literal::u64_unsuffixed(*int);
                quote!(#literal)
            }
            ExprKind::Param(id) => self.param(*id),
            ExprKind::Local(id) => {
                let ident = &self.locals[*id].ident;
                quote!(#ident)
            }
            ExprKind::Concat(parts) => self.concat(parts),
            ExprKind::Call(function, args) => self.call(*function, args),
            ExprKind::Coalesce(args) => self.coalesce(args),
            ExprKind::Ite(condition, then, otherwise) => self.ite(expr, condition, then, otherwise),
            ExprKind::Attribute(target, attribute) => {
                let target = self.receiver(target);
                match attribute {
                    Attribute::Method(method) => {
                        let method = Ident::new(method, Span::call_site());
                        quote!(#target.#method())
                    }
                    // `first()` for 0, as clippy prefers.
                    Attribute::Index(0) => {
                        quote!(#target.first().map(::std::string::String::as_str))
                    }
                    Attribute::Index(index) => {
                        let index = Literal::usize_unsuffixed(*index);
                        quote!(#target.get(#index).map(::std::string::String::as_str))
                    }
                }
            }
        }
    }

    /// An endpoint property as a `lean_runtime::endpoint::Property`.
    pub(super) fn property(&self, property: &Property) -> TokenStream {
        let property_type = quote!(::lean_runtime::endpoint::Property);
        match property {
            Property::String(value) => {
                let value = self.string(value);
                quote!(#property_type::from(#value))
            }
            Property::Bool(flag) => quote!(#property_type::Bool(#flag)),
            Property::Int(int) => {
                let magnitude = Literal::u64_unsuffixed(int.unsigned_abs());
                if *int < 0 {
                    quote!(#property_type::Int(-#magnitude))
                } else {
                    quote!(#property_type::Int(#magnitude))
                }
            }
            Property::Array(items) if items.is_empty() => {
                quote!(#property_type::Array(::std::vec::Vec::new()))
            }
            Property::Array(items) => {
                let items = items.iter().map(|item| self.property(item));
                quote!(#property_type::Array(::std::vec::Vec::from([#(#items),*])))
            }
            Property::Map(entries) if entries.is_empty() => {
                quote!(#property_type::Map(::std::collections::BTreeMap::new()))
            }
            Property::Map(entries) => {
                let entries = entries.iter().map(|(name, value)| {
                    let value = self.property(value);
                    quote!((#name, #value))
                });
                quote!(#property_type::map([#(#entries),*]))
            }
        }
    }

    fn param(&self, id: usize) -> TokenStream {
        self.reads_params.set(true);
        let param = &self.params[id];
        let field = &param.field;
        match (param.ty, param.required) {
            (ParamType::Boolean, _) => quote!(params.#field),
            (ParamType::String, true) => quote!(params.#field.as_str()),
            (ParamType::StringArray, true) => quote!(params.#field.as_slice()),
            (ParamType::String | ParamType::StringArray, false) => quote!(params.#field.as_deref()),
        }
    }

    /// A template with placeholders, as `["https://", region, ".", …].concat()`:
    /// plain Rust that needs no format-string escaping.
    fn concat(&self, parts: &[ConcatPart]) -> TokenStream {
        let parts = parts.iter().map(|part| match part {
            ConcatPart::Literal(text) => quote!(#text),
            ConcatPart::Value(value) => self.str(value),
        });
        quote!([#(#parts),*].concat())
    }

    fn call(&self, function: RuntimeFn, args: &[Expr]) -> TokenStream {
        let name = Ident::new(function.rust_name(), Span::call_site());
        let args = args.iter().map(|arg| match arg.ty {
            Type::String => self.str(arg),
            Type::Bool => self.boolean(arg),
            _ => self.value(arg),
        });
        quote!(::lean_runtime::endpoint::fns::#name(#(#args),*))
    }

    /// `expr`, which is boolean.
    fn positive(&self, expr: &Expr) -> Boolean {
        match &expr.kind {
            ExprKind::Bool(flag) => Boolean::plain(quote!(#flag)),
            ExprKind::Not(inner) => self.negative(inner),
            ExprKind::IsSet(inner) => {
                let inner = self.value(inner);
                Boolean::plain(quote!(#inner.is_some()))
            }
            ExprKind::Equals(left, right) => self.equals(left, right, false),
            _ => Boolean::plain(self.value(expr)),
        }
    }

    /// The negation of `expr`, which is boolean.
    fn negative(&self, expr: &Expr) -> Boolean {
        match &expr.kind {
            ExprKind::Bool(flag) => {
                let negated = !flag;
                Boolean::plain(quote!(#negated))
            }
            ExprKind::Not(inner) => self.positive(inner),
            ExprKind::IsSet(inner) => {
                let inner = self.value(inner);
                Boolean::plain(quote!(#inner.is_none()))
            }
            ExprKind::Equals(left, right) => self.equals(left, right, true),
            _ => {
                let value = self.value(expr);
                Boolean::plain(quote!(!#value))
            }
        }
    }

    /// `left == right`, or `!=` when `negated`.
    fn equals(&self, left: &Expr, right: &Expr, negated: bool) -> Boolean {
        if left.ty == Type::Bool {
            // `booleanEquals(x, true)` is `x`, `booleanEquals(false, x)` is `!x`.
            match (&left.kind, &right.kind) {
                (ExprKind::Bool(flag), _) => {
                    return if *flag != negated {
                        self.positive(right)
                    } else {
                        self.negative(right)
                    };
                }
                (_, ExprKind::Bool(flag)) => {
                    return if *flag != negated {
                        self.positive(left)
                    } else {
                        self.negative(left)
                    };
                }
                _ => {}
            }
            let left = self.positive(left).operand();
            let right = self.positive(right).operand();
            return if negated {
                Boolean::comparison(quote!(#left != #right))
            } else {
                Boolean::comparison(quote!(#left == #right))
            };
        }
        // Literal last: `region == "aws-global"`.
        let (left, right) = match left.kind {
            ExprKind::String(_) => (right, left),
            _ => (left, right),
        };
        // `x == ""` is `x.is_empty()` (clippy's `comparison_to_empty`).
        if matches!(&right.kind, ExprKind::String(text) if text.is_empty()) {
            let left = self.str(left);
            return if negated {
                Boolean::plain(quote!(!#left.is_empty()))
            } else {
                Boolean::plain(quote!(#left.is_empty()))
            };
        }
        let left = self.str(left);
        let right = self.str(right);
        if negated {
            Boolean::comparison(quote!(#left != #right))
        } else {
            Boolean::comparison(quote!(#left == #right))
        }
    }
}
