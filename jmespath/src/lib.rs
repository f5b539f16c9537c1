//! JMESPath text to a syntax tree, shared by the two places that read it:
//! the generator, which type-checks waiter paths and compiles them to Rust,
//! and the runtime, which evaluates the generated CLI's `--query` over the
//! printed output.
//!
//! The whole grammar of the specification is parsed: identifiers, sub- and
//! index expressions, slices, list, flatten, object and filter projections,
//! multi-select lists and hashes, pipes, literals, comparisons, `&&`, `||`,
//! `!`, function calls and expression references. Which of it a consumer
//! supports is the consumer's decision.

mod lexer;
mod parser;

pub use parser::{Comparator, Expr, Projection, Slice, parse};
pub use serde_json::Value;
