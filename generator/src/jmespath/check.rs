//! Types a JMESPath syntax tree against the shapes it reads.
//!
//! A path is checked starting from a root (the output, or `{input,
//! output}`); each step's type follows from the member it reads. Anything
//! JMESPath would evaluate to a constant null or an error for every
//! possible output (a member that does not exist, comparing a string with
//! a number, projecting over a structure) is a generator error here: in a
//! waiter it is a bug that would make the acceptor never match.
//!
//! `a.b` is checked by checking `b` with `a` as the current node and
//! substituting `a` wherever `b` reads it, so the result has no
//! sub-expression nodes: only [`PathNode::Current`] inside projections
//! refers to an element.

use crate::ir::{PathExpr, PathNode, PathType, ProjectOver, TypeDef, TypeRef};
use crate::model::ShapeId;
use lean_jmespath::{Comparator, Expr, Projection};
use serde_json::Value;
use std::collections::BTreeMap;

/// How the message for a JMESPath feature the generator cannot compile
/// ends, so that callers can tell it from a path that is wrong.
pub const UNSUPPORTED: &str = " are not supported";

/// What a path starts from.
#[derive(Clone, Debug)]
pub enum Root {
    /// The output structure (`output` matchers).
    Output(ShapeId),
    /// `{input, output}` (`inputOutput` matchers).
    InputOutput,
}

/// Types `expr` against `types`, starting from `root`.
///
/// # Errors
/// What is wrong, naming the member, function or syntax.
pub fn check(
    expr: &Expr,
    root: &Root,
    input: &ShapeId,
    output: &ShapeId,
    types: &BTreeMap<ShapeId, TypeDef>,
) -> Result<PathExpr, String> {
    let checker = Checker {
        types,
        input,
        output,
    };
    let current = PathExpr {
        ty: match root {
            Root::Output(id) => PathType::Struct(id.clone()),
            Root::InputOutput => PathType::InputOutput,
        },
        node: PathNode::Current,
    };
    checker.expr(expr, &current)
}

struct Checker<'a> {
    types: &'a BTreeMap<ShapeId, TypeDef>,
    input: &'a ShapeId,
    output: &'a ShapeId,
}

impl Checker<'_> {
    fn expr(&self, expr: &Expr, current: &PathExpr) -> Result<PathExpr, String> {
        match expr {
            Expr::Current => {
                if current.ty == PathType::InputOutput {
                    return Err(
                        "`@` at the top of an inputOutput path is `{input, output}`; read `input` or `output`".to_owned(),
                    );
                }
                Ok(current.clone())
            }
            Expr::Field(name) => self.field(current, name),
            Expr::Sub(lhs, rhs) => {
                let lhs = self.expr(lhs, current)?;
                self.expr(rhs, &lhs)
            }
            Expr::Index(list, index) => {
                let list = self.expr(list, current)?;
                let PathType::List(element) = &list.ty else {
                    return Err(format!(
                        "`[{index}]` indexes a list, not {}",
                        describe(&list.ty)
                    ));
                };
                Ok(PathExpr {
                    ty: (**element).clone(),
                    node: PathNode::Index {
                        of: Box::new(list),
                        index: *index,
                    },
                })
            }
            Expr::Project { lhs, kind, rhs } => self.projection(current, lhs, kind, rhs),
            Expr::Literal(value) => literal(value),
            Expr::Compare(op, lhs, rhs) => {
                let lhs = self.expr(lhs, current)?;
                let rhs = self.expr(rhs, current)?;
                compare(*op, lhs, rhs)
            }
            Expr::And(lhs, rhs) | Expr::Or(lhs, rhs) => {
                let is_and = matches!(expr, Expr::And(..));
                let lhs = self.expr(lhs, current)?;
                let rhs = self.expr(rhs, current)?;
                if lhs.ty != PathType::Bool || rhs.ty != PathType::Bool {
                    return Err(format!(
                        "`{}` joins booleans, not {} and {}",
                        if is_and { "&&" } else { "||" },
                        describe(&lhs.ty),
                        describe(&rhs.ty)
                    ));
                }
                let (lhs, rhs) = (Box::new(lhs), Box::new(rhs));
                Ok(PathExpr {
                    ty: PathType::Bool,
                    node: if is_and {
                        PathNode::And(lhs, rhs)
                    } else {
                        PathNode::Or(lhs, rhs)
                    },
                })
            }
            Expr::Not(inner) => Ok(PathExpr {
                ty: PathType::Bool,
                node: PathNode::Not(Box::new(self.expr(inner, current)?)),
            }),
            Expr::Function(name, args) => self.function(current, name, args),
            Expr::MultiList(items) => self.multi_list(items, current),
            Expr::MultiHash(_) => Err(format!("multi-select hashes (`{{...}}`){UNSUPPORTED}")),
            Expr::Expref(_) => Err(format!("expression references (`&`){UNSUPPORTED}")),
        }
    }

    /// `[a, b]`: a list of items of one type. (JMESPath allows mixed types;
    /// the waiters of the AWS models use one, as in Auto Scaling's
    /// `GroupInService`.)
    fn multi_list(&self, items: &[Expr], current: &PathExpr) -> Result<PathExpr, String> {
        if current.ty == PathType::InputOutput {
            return Err("a multi-select list of `{input, output}`".to_owned() + UNSUPPORTED);
        }
        let items = items
            .iter()
            .map(|item| self.expr(item, current))
            .collect::<Result<Vec<_>, _>>()?;
        let ty = items[0].ty.clone();
        if let Some(other) = items.iter().find(|item| item.ty != ty) {
            return Err(format!(
                "multi-select lists mixing {} and {}{UNSUPPORTED}",
                describe(&ty),
                describe(&other.ty)
            ));
        }
        Ok(PathExpr {
            ty: PathType::List(Box::new(ty)),
            node: PathNode::MultiList(items),
        })
    }

    fn field(&self, current: &PathExpr, name: &str) -> Result<PathExpr, String> {
        match &current.ty {
            PathType::InputOutput => {
                let (node, id) = match name {
                    "input" => (PathNode::Input, self.input),
                    "output" => (PathNode::Output, self.output),
                    other => {
                        return Err(format!(
                            "an inputOutput path starts with `input` or `output`, not `{other}`"
                        ));
                    }
                };
                Ok(PathExpr {
                    ty: PathType::Struct(id.clone()),
                    node,
                })
            }
            PathType::Struct(id) => {
                let Some(TypeDef::Structure(s)) = self.types.get(id) else {
                    return Err(format!("`{id}` is not a structure"));
                };
                let Some(member) = s.members.iter().find(|m| m.wire_name == name) else {
                    let names: Vec<&str> = s.members.iter().map(|m| m.wire_name.as_str()).collect();
                    return Err(format!(
                        "structure `{}` has no member `{name}` (members: {})",
                        s.name,
                        if names.is_empty() {
                            "none".to_owned()
                        } else {
                            names.join(", ")
                        }
                    ));
                };
                let ty = self
                    .path_type(&member.ty)
                    .map_err(|why| format!("member `{name}` of `{}` {why}", s.name))?;
                Ok(PathExpr {
                    ty,
                    node: PathNode::Member {
                        of: Box::new(current.clone()),
                        member: Box::new(member.clone()),
                    },
                })
            }
            PathType::Map(value) => Ok(PathExpr {
                ty: (**value).clone(),
                node: PathNode::MapValue {
                    of: Box::new(current.clone()),
                    key: name.to_owned(),
                },
            }),
            other => {
                // `!a.b` is `(!a).b` in JMESPath, a classic slip.
                let hint = if matches!(current.node, PathNode::Not(_)) {
                    " (`!` binds tighter than `.`: write `!(a.b)`)"
                } else {
                    ""
                };
                Err(format!(
                    "`{name}` reads a member, but the value is {}{hint}",
                    describe(other)
                ))
            }
        }
    }

    fn projection(
        &self,
        current: &PathExpr,
        lhs: &Expr,
        kind: &Projection,
        rhs: &Expr,
    ) -> Result<PathExpr, String> {
        if let Projection::Slice(_) = kind {
            return Err(format!("slices (`[a:b]`){UNSUPPORTED}"));
        }
        let of = self.expr(lhs, current)?;
        let (over, element) = match (kind, &of.ty) {
            (Projection::Values, PathType::Map(value)) => (ProjectOver::MapValues, value),
            (Projection::Values, other) => {
                return Err(format!(
                    "`*` projects over the values of a map, not {}",
                    describe(other)
                ));
            }
            (Projection::Flatten, PathType::List(element)) => match &**element {
                PathType::List(inner) => (ProjectOver::Flattened, inner),
                _ => (ProjectOver::List, element),
            },
            (Projection::List | Projection::Filter(_), PathType::List(element)) => {
                (ProjectOver::List, element)
            }
            (_, other) => {
                let syntax = match kind {
                    Projection::Flatten => "`[]`",
                    Projection::Filter(_) => "`[?...]`",
                    _ => "`[*]`",
                };
                return Err(format!(
                    "{syntax} projects over a list, not {}",
                    describe(other)
                ));
            }
        };
        let element = PathExpr {
            ty: (**element).clone(),
            node: PathNode::Current,
        };
        let filter = match kind {
            Projection::Filter(condition) => Some(Box::new(self.expr(condition, &element)?)),
            _ => None,
        };
        let each = self.expr(rhs, &element)?;
        Ok(PathExpr {
            ty: PathType::List(Box::new(each.ty.clone())),
            node: PathNode::Project {
                of: Box::new(of),
                over,
                filter,
                each: Box::new(each),
            },
        })
    }

    fn function(&self, current: &PathExpr, name: &str, args: &[Expr]) -> Result<PathExpr, String> {
        let args = args
            .iter()
            .map(|a| self.expr(a, current))
            .collect::<Result<Vec<_>, _>>()?;
        match (name, args.as_slice()) {
            ("length", [arg]) => match arg.ty {
                PathType::String | PathType::List(_) | PathType::Map(_) => Ok(PathExpr {
                    ty: PathType::Number,
                    node: PathNode::Length(Box::new(arg.clone())),
                }),
                ref other => Err(format!(
                    "length() takes a string, list or map, not {}",
                    describe(other)
                )),
            },
            ("contains", [subject, search]) => {
                let fits = match &subject.ty {
                    PathType::List(element) => {
                        matches!(
                            **element,
                            PathType::String | PathType::Number | PathType::Bool
                        ) && **element == search.ty
                    }
                    PathType::String => search.ty == PathType::String,
                    _ => false,
                };
                if !fits {
                    return Err(format!(
                        "contains() looks for a value in a list of strings, numbers or booleans, or for a string in a string, not for {} in {}",
                        describe(&search.ty),
                        describe(&subject.ty)
                    ));
                }
                Ok(PathExpr {
                    ty: PathType::Bool,
                    node: PathNode::Contains {
                        subject: Box::new(subject.clone()),
                        search: Box::new(search.clone()),
                    },
                })
            }
            ("length", _) | ("contains", _) => Err(format!(
                "{name}() takes {} argument(s), found {}",
                if name == "length" { 1 } else { 2 },
                args.len()
            )),
            (other, _) => Err(format!(
                "function `{other}` is not supported (supported: length, contains)"
            )),
        }
    }

    /// The JMESPath type of a member's Rust type, or why a waiter cannot
    /// read it.
    fn path_type(&self, ty: &TypeRef) -> Result<PathType, String> {
        Ok(match ty {
            TypeRef::String => PathType::String,
            TypeRef::Boolean => PathType::Bool,
            TypeRef::Byte
            | TypeRef::Short
            | TypeRef::Integer
            | TypeRef::Long
            | TypeRef::Float
            | TypeRef::Double
            | TypeRef::Timestamp(_) => PathType::Number,
            TypeRef::Named(id) => match self.types.get(id) {
                Some(TypeDef::Structure(_)) => PathType::Struct(id.clone()),
                Some(TypeDef::Enum(_)) => PathType::String,
                Some(TypeDef::IntEnum(_)) => PathType::Number,
                Some(TypeDef::Union(_)) => return Err("is a union, which paths cannot read".into()),
                None => return Err(format!("targets `{id}`, which is not generated")),
            },
            TypeRef::List { sparse: true, .. } | TypeRef::Map { sparse: true, .. } => {
                return Err("is sparse, which paths cannot read".into());
            }
            TypeRef::List { member, .. } => PathType::List(Box::new(self.path_type(member)?)),
            TypeRef::Map { value, .. } => PathType::Map(Box::new(self.path_type(value)?)),
            TypeRef::BigInteger | TypeRef::BigDecimal => {
                return Err("is an arbitrary-precision number, which paths cannot read".into());
            }
            TypeRef::Blob | TypeRef::ByteStream => {
                return Err("is a blob, which paths cannot read".into());
            }
            TypeRef::Document => return Err("is a document, which paths cannot read".into()),
            TypeRef::EventStream { .. } => {
                return Err("is an event stream, which paths cannot read".into());
            }
            TypeRef::Unit => return Err("has no value".into()),
        })
    }
}

fn literal(value: &Value) -> Result<PathExpr, String> {
    let (ty, node) = match value {
        Value::String(s) => (PathType::String, PathNode::String(s.clone())),
        Value::Bool(b) => (PathType::Bool, PathNode::Bool(*b)),
        Value::Number(n) => match n.as_f64() {
            Some(f) => (PathType::Number, PathNode::Number(f)),
            None => return Err(format!("the number {n} is out of range")),
        },
        Value::Null => (PathType::Null, PathNode::Null),
        Value::Array(_) | Value::Object(_) => {
            return Err(format!(
                "literal {value}: only string, number, boolean and null literals are supported"
            ));
        }
    };
    Ok(PathExpr { ty, node })
}

fn compare(op: Comparator, lhs: PathExpr, rhs: PathExpr) -> Result<PathExpr, String> {
    let symbol = op.symbol();
    let bool_of = |node| {
        Ok(PathExpr {
            ty: PathType::Bool,
            node,
        })
    };
    match (&lhs.ty, &rhs.ty) {
        (PathType::Null, PathType::Null) => Err(format!("`{symbol}` compares null with null")),
        (PathType::Null, _) | (_, PathType::Null) => {
            let value = if lhs.ty == PathType::Null { rhs } else { lhs };
            let is_null = PathNode::IsNull(Box::new(value));
            match op {
                Comparator::Eq => bool_of(is_null),
                Comparator::Ne => bool_of(PathNode::Not(Box::new(PathExpr {
                    ty: PathType::Bool,
                    node: is_null,
                }))),
                _ => Err(format!("`{symbol}` orders numbers, not null")),
            }
        }
        (l, r) if l != r => Err(format!(
            "`{symbol}` compares {} with {}",
            describe(l),
            describe(r)
        )),
        (PathType::Number, _) => bool_of(compare_node(op, lhs, rhs)),
        (PathType::String | PathType::Bool, _) if matches!(op, Comparator::Eq | Comparator::Ne) => {
            bool_of(compare_node(op, lhs, rhs))
        }
        (PathType::String | PathType::Bool, _) => Err(format!(
            "`{symbol}` orders numbers, not {}",
            describe(&lhs.ty)
        )),
        (other, _) => Err(format!(
            "`{symbol}` compares strings, numbers or booleans, not {}",
            describe(other)
        )),
    }
}

fn compare_node(op: Comparator, lhs: PathExpr, rhs: PathExpr) -> PathNode {
    PathNode::Compare {
        op,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
    }
}

/// A type as error messages name it: `a string`, `a list of numbers`,
/// ``structure `Thing` ``.
pub fn describe(ty: &PathType) -> String {
    match ty {
        PathType::Struct(id) => format!("structure `{}`", id.name()),
        PathType::String => "a string".to_owned(),
        PathType::Bool => "a boolean".to_owned(),
        PathType::Number => "a number".to_owned(),
        PathType::List(element) => format!("a list of {}", plural(element)),
        PathType::Map(value) => format!("a map of {}", plural(value)),
        PathType::InputOutput => "`{input, output}`".to_owned(),
        PathType::Null => "null".to_owned(),
    }
}

fn plural(ty: &PathType) -> String {
    match ty {
        PathType::Struct(id) => format!("`{}` structures", id.name()),
        PathType::String => "strings".to_owned(),
        PathType::Bool => "booleans".to_owned(),
        PathType::Number => "numbers".to_owned(),
        PathType::List(element) => format!("lists of {}", plural(element)),
        PathType::Map(value) => format!("maps of {}", plural(value)),
        PathType::InputOutput | PathType::Null => describe(ty),
    }
}
