//! The generator's one error type.
//!
//! Every failure names where it is: the file, the line and column when the
//! file is not even valid JSON, the shape id and the member. Validation keeps
//! going after the first problem, so one run reports everything wrong with a
//! model.

use crate::model::ShapeId;
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem, with as much of its location as is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: Option<PathBuf>,
    /// Line and column (1-based) within the file.
    pub position: Option<(usize, usize)>,
    /// The shape the problem is in.
    pub shape: Option<ShapeId>,
    /// The member of that shape.
    pub member: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    /// A problem with no location yet.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            file: None,
            position: None,
            shape: None,
            member: None,
            message: message.into(),
        }
    }

    /// Sets the file.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Sets the line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }

    /// Sets the shape.
    pub fn on_shape(mut self, shape: &ShapeId) -> Self {
        self.shape = Some(shape.clone());
        self
    }

    /// Sets the member.
    pub fn on_member(mut self, member: impl Into<String>) -> Self {
        self.member = Some(member.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some((line, column)) = self.position {
                write!(f, ":{line}:{column}")?;
            }
            f.write_str(": ")?;
        }
        match (&self.shape, &self.member) {
            (Some(shape), Some(member)) => write!(f, "{shape}${member}: ")?,
            (Some(shape), None) => write!(f, "{shape}: ")?,
            (None, Some(member)) => write!(f, "member `{member}`: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

/// Why generation failed: one or more [`Diagnostic`]s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// An error made of several problems (must not be empty).
    pub fn many(diagnostics: Vec<Diagnostic>) -> Self {
        debug_assert!(!diagnostics.is_empty());
        Self { diagnostics }
    }

    /// An error with only a message.
    pub fn msg(message: impl Into<String>) -> Self {
        Diagnostic::new(message).into()
    }

    /// The problems, in the order they were found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Self {
            diagnostics: vec![diagnostic],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Result with the generator's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_shape_and_member() {
        let shape = ShapeId::parse("a.b#Thing").unwrap();
        let d = Diagnostic::new("targets a missing shape `a.b#Nope`")
            .in_file("model/x.json")
            .on_shape(&shape)
            .on_member("field");
        assert_eq!(
            d.to_string(),
            "model/x.json: a.b#Thing$field: targets a missing shape `a.b#Nope`"
        );
        let d = Diagnostic::new("expected `,`").in_file("m.json").at(3, 7);
        assert_eq!(d.to_string(), "m.json:3:7: expected `,`");
    }
}
