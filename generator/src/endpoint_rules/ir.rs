//! The type-checked rule set that the resolver is emitted from: every
//! reference resolved to a parameter field or a Rust local, every expression
//! typed, every condition turned into a test or a binding.

use proc_macro2::Ident;

use super::types::Type;

/// Index into [`Resolver::locals`].
pub(super) type LocalId = usize;

/// Index into the parameter list.
pub(super) type ParamId = usize;

/// The whole checked rule set.
#[derive(Debug)]
pub(super) struct Resolver {
    pub(super) rules: Vec<Rule>,
    pub(super) locals: Vec<Local>,
}

/// A Rust local bound by a condition.
#[derive(Debug)]
pub(super) struct Local {
    pub(super) ident: Ident,
    /// Whether anything reads it; unread bindings are not emitted, so the
    /// generated code has no unused variables.
    pub(super) used: bool,
    /// Whether it holds a `String` rather than a `&str` (for string locals).
    pub(super) owned: bool,
}

/// A rule: conditions that must all hold, then an outcome.
#[derive(Debug)]
pub(super) struct Rule {
    pub(super) conditions: Vec<Condition>,
    pub(super) outcome: Outcome,
}

impl Rule {
    /// Whether the rule matches whatever the parameters are, so the rules
    /// after it can never run.
    pub(super) fn always_matches(&self) -> bool {
        self.conditions
            .iter()
            .all(|condition| matches!(condition, Condition::Let { .. } | Condition::Always))
    }
}

/// A checked condition.
#[derive(Debug)]
pub(super) enum Condition {
    /// Holds when the optional `expr` is present, binding its value to
    /// `local` (`if let Some(local) = expr`).
    Bind { local: LocalId, expr: Expr },
    /// Holds when the boolean `expr` is true.
    Test(Expr),
    /// Always holds; binds a value that cannot be absent (`let local = expr;`).
    Let { local: LocalId, expr: Expr },
    /// Always holds and binds nothing.
    Always,
}

/// What a matching rule does.
#[derive(Debug)]
pub(super) enum Outcome {
    Endpoint(Endpoint),
    /// The error message, a string.
    Error(Expr),
    Tree(Vec<Rule>),
}

/// A checked endpoint: URL, headers and properties, all strings typed.
#[derive(Debug)]
pub(super) struct Endpoint {
    pub(super) url: Expr,
    pub(super) headers: Vec<(String, Vec<Expr>)>,
    pub(super) properties: Vec<(String, Property)>,
}

/// A checked endpoint property.
#[derive(Debug)]
pub(super) enum Property {
    String(Expr),
    Bool(bool),
    Int(i64),
    Array(Vec<Property>),
    Map(Vec<(String, Property)>),
}

/// A typed expression.
#[derive(Debug)]
pub(super) struct Expr {
    pub(super) kind: ExprKind,
    pub(super) ty: Type,
}

impl Expr {
    /// Whether the Rust value of this (string) expression is an owned
    /// `String` rather than a `&str`.
    pub(super) fn is_owned(&self, locals: &[Local]) -> bool {
        match &self.kind {
            ExprKind::Concat(_) | ExprKind::Call(RuntimeFn::UriEncode, _) => true,
            ExprKind::Ite(_, then, otherwise) => {
                then.is_owned(locals) || otherwise.is_owned(locals)
            }
            ExprKind::Local(id) => locals.get(*id).is_some_and(|local| local.owned),
            _ => false,
        }
    }
}

/// The forms a typed expression takes.
#[derive(Debug)]
pub(super) enum ExprKind {
    String(String),
    Bool(bool),
    /// A non-negative integer literal (a `substring` index).
    Int(u64),
    /// A parameter as `Params` stores it (an `Option` unless required).
    Param(ParamId),
    Local(LocalId),
    /// A template with placeholders: the owned `String` of its parts joined.
    Concat(Vec<ConcatPart>),
    Not(Box<Expr>),
    /// `booleanEquals` or `stringEquals`.
    Equals(Box<Expr>, Box<Expr>),
    /// `isSet` of something other than a bare reference.
    IsSet(Box<Expr>),
    /// A function of the runtime library.
    Call(RuntimeFn, Vec<Expr>),
    /// Reads an attribute of a partition, URL or ARN, or an array element.
    Attribute(Box<Expr>, Attribute),
    /// `coalesce`: the first argument that is set (two or more, all of one
    /// type but for being optional; borrowed values only).
    Coalesce(Vec<Expr>),
    /// `ite`: the second argument when the first (a boolean) holds, else
    /// the third.
    Ite(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// A literal run or a value of a [`ExprKind::Concat`] template.
#[derive(Debug)]
pub(super) enum ConcatPart {
    Literal(String),
    Value(Expr),
}

/// One `getAttr` step.
#[derive(Debug)]
pub(super) enum Attribute {
    /// A record accessor of the runtime type, e.g. `dns_suffix`.
    Method(&'static str),
    /// An array element, which may be absent.
    Index(usize),
}

/// The library functions that are calls into `lean_runtime::endpoint::fns`
/// (the others compile to operators).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RuntimeFn {
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
    Split,
}

impl RuntimeFn {
    /// The argument types and the result type.
    pub(super) fn signature(self) -> (Vec<Type>, Type) {
        match self {
            RuntimeFn::Substring => (
                vec![Type::String, Type::Int, Type::Int, Type::Bool],
                Type::optional(Type::String),
            ),
            RuntimeFn::UriEncode => (vec![Type::String], Type::String),
            RuntimeFn::ParseUrl => (vec![Type::String], Type::optional(Type::Url)),
            RuntimeFn::IsValidHostLabel | RuntimeFn::IsVirtualHostableS3Bucket => {
                (vec![Type::String, Type::Bool], Type::Bool)
            }
            RuntimeFn::Partition => (vec![Type::String], Type::optional(Type::Partition)),
            RuntimeFn::ParseArn => (vec![Type::String], Type::optional(Type::Arn)),
            RuntimeFn::Split => (
                vec![Type::String, Type::String, Type::Int],
                Type::array(Type::String),
            ),
        }
    }

    /// The function's name in `lean_runtime::endpoint::fns`.
    pub(super) fn rust_name(self) -> &'static str {
        match self {
            RuntimeFn::Substring => "substring",
            RuntimeFn::UriEncode => "uri_encode",
            RuntimeFn::ParseUrl => "parse_url",
            RuntimeFn::IsValidHostLabel => "is_valid_host_label",
            RuntimeFn::Partition => "partition",
            RuntimeFn::ParseArn => "parse_arn",
            RuntimeFn::IsVirtualHostableS3Bucket => "is_virtual_hostable_s3_bucket",
            RuntimeFn::Split => "split",
        }
    }
}
