//! The JMESPath of waiter acceptors, compiled at generation time.
//!
//! Waiters read the input and output of an operation through JMESPath
//! expressions. Rather than interpret them at run time over a JSON copy of
//! the output, the generator [`parse`]s each one and [`check`]s it against
//! the shapes it reads, giving a [`PathExpr`](crate::ir::PathExpr) whose
//! every step has a static type; the waiter emitter turns that into plain
//! Rust over the generated structures.
//!
//! Supported: member access (`a.b`, `"quoted"`), indexes (`a[0]`, `a[-1]`),
//! projections (`a[*].b`, `a[].b` flattening, `m.*.b` over map values,
//! `a[?cond].b` filters), multi-select lists of one type (`a[].[b, c][]`), pipes, literals (`` `json` ``, `'raw'`),
//! comparisons (`==`, `!=`, `<`, `<=`, `>`, `>=`), `&&`, `||`, `!`, and the
//! functions `length` and `contains`: what the AWS models' waiters use. Any
//! other syntax or function is a generator error naming it.

mod check;

pub use check::{Root, UNSUPPORTED, check, describe};
pub use lean_jmespath::{Comparator, Expr, Projection, parse};
