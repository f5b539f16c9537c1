//! The one place that decides Rust names.
//!
//! [`case`] converts case: [`split_words`], [`snake_case`], [`pascal_case`],
//! [`screaming_snake_case`], and [`kebab_case`] for CLI names.

pub mod case;

pub use case::{kebab_case, pascal_case, screaming_snake_case, snake_case, split_words};
