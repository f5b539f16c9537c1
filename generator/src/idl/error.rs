//! The one error type of the IDL reader, and the source positions it carries.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based line and column (counted in Unicode scalar values) in a model file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Pos {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// A failure to read a set of Smithy IDL files: a syntax error, an unknown
/// shape id, or two statements that contradict each other.
///
/// It always names the file and position of the offending text, so its
/// [`Display`](fmt::Display) form reads like a compiler diagnostic:
/// `model/a.smithy:12:5: expected '}' after member, found 'foo'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdlError {
    /// The file the error was found in, as given to [`parse_files`](super::parse_files).
    pub file: PathBuf,
    /// 1-based line of the offending text.
    pub line: usize,
    /// 1-based column (in characters) of the offending text.
    pub column: usize,
    /// What was expected and what was found, without the position prefix.
    pub message: String,
}

impl IdlError {
    pub(crate) fn new(file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        IdlError {
            file: file.to_path_buf(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
        }
    }
}

impl fmt::Display for IdlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl std::error::Error for IdlError {}
