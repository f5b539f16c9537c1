//! Reads Smithy IDL 2.0 (`.smithy` files) into the Smithy JSON AST.
//!
//! The output is the same `serde_json::Value` a JSON AST model file holds, so
//! everything downstream of the model loader is shared between both formats.
//! It matches what `smithy ast` prints for the same files (see [`parse_files`]
//! for the few, documented, differences).
//!
//! The reader runs in four steps, one module each: `lexer` splits a file
//! into tokens, `parser` reads a file's statements (shape ids still as
//! written), `resolve` turns relative shape ids into absolute ones across all
//! files and the `prelude`, and `builder` assembles the one document.

mod builder;
mod error;
mod lexer;
mod parser;
mod prelude;
mod resolve;
mod strings;
mod syntax;

use std::path::PathBuf;

pub use error::IdlError;

/// Parses Smithy IDL 2.0 files together into one JSON AST document:
/// `{"smithy": "2.0", "metadata": {...}, "shapes": {...}}`.
///
/// Each file has its own namespace and `use` statements; a relative shape id
/// resolves to a `use` import, else to a shape of the file's namespace defined
/// in any of the files, else to a public prelude shape. References to shapes
/// that do not exist are errors; an unquoted string in a node value that names
/// no shape resolves into the file's namespace, as the spec requires.
///
/// The document is what `smithy ast` prints for the user shapes: prelude
/// shapes are left out; shapes and traits are sorted by id; `apply`
/// statements are merged into their targets; inline `input :=` and
/// `output :=` structures are named after the operation plus
/// `$operationInputSuffix` / `$operationOutputSuffix` (default `Input` /
/// `Output`) and carry `@input` / `@output`; `= value` becomes
/// `smithy.api#default`; `///` comments become `smithy.api#documentation`;
/// enum members without a value get their name as `smithy.api#enumValue`.
///
/// Mixins are not flattened, as in `smithy ast`: a shape lists its `mixins`
/// and only its own members and traits; a trait applied to an inherited
/// member becomes a `"type": "apply"` entry for that member. Trait values
/// keep the key order they were written in.
///
/// `files` pairs each file's path (used in errors) with its contents.
pub fn parse_files(files: &[(PathBuf, String)]) -> Result<serde_json::Value, IdlError> {
    let parsed = files
        .iter()
        .map(|(path, source)| Ok((path.clone(), parser::parse(path, source)?)))
        .collect::<Result<Vec<_>, IdlError>>()?;
    builder::build(&parsed)
}
