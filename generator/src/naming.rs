//! Rust names for Smithy names (in progress).
