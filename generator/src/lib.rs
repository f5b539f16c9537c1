//! Generates lean Rust clients from Smithy models.
//!
//! The pipeline runs in one direction, each step in its own module:
//! load the model (JSON AST or IDL) → validate → lower into an IR where every
//! Rust name is settled → emit one `TokenStream` per concern with `quote` →
//! format with prettyplease → write only the files that changed (or check).

pub mod endpoint_rules;
pub mod idl;
pub mod naming;
