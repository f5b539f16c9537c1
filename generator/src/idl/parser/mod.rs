//! Recursive-descent parser: tokens of one file → [`ModelFile`].
//!
//! Follows the Smithy IDL 2.0 ABNF, and where the ABNF is stricter than the
//! reference implementation in ways real models rely on (where whitespace may
//! go around `:` and inside operation bodies), accepts what the reference
//! implementation accepts.
//!
//! Documentation comments become `smithy.api#documentation` only where the spec
//! places them: directly before a shape, member, enum member, or inline
//! structure, ahead of its traits. Anywhere else (after traits, before `apply`,
//! `use` or `}`, inside values) they are ignored, as the reference
//! implementation ignores them with a warning.

mod shapes;
mod values;

use std::path::Path;

use super::error::{IdlError, Pos};
use super::lexer::{Tok, Token, tokenize};
use super::syntax::{ModelFile, Node, ShapeType, Spanned, TraitApplication};

/// Parses one file.
pub(crate) fn parse(path: &Path, source: &str) -> Result<ModelFile> {
    let mut parser = Parser {
        path,
        tokens: tokenize(source),
        at: 0,
        input_suffix: "Input".into(),
        output_suffix: "Output".into(),
        file: ModelFile::default(),
        depth: 0,
    };
    parser.parse_file()?;
    Ok(parser.file)
}

type Result<T> = std::result::Result<T, IdlError>;

struct Parser<'a> {
    path: &'a Path,
    tokens: Vec<Token>,
    at: usize,
    input_suffix: String,
    output_suffix: String,
    file: ModelFile,
    /// Current nesting of node values.
    depth: usize,
}

/// The documentation comment and traits in front of a definition.
struct Leading {
    doc: Option<TraitApplication>,
    traits: Vec<TraitApplication>,
}

impl Leading {
    fn into_traits(mut self) -> Vec<TraitApplication> {
        self.traits.extend(self.doc);
        self.traits
    }
}

impl Parser<'_> {
    // ----- token cursor -------------------------------------------------

    fn cur(&self) -> &Token {
        // `tokenize` always ends the stream with Eof or Error, and `advance`
        // never moves past that last token.
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn tok(&self) -> &Tok {
        &self.cur().tok
    }

    fn pos(&self) -> Pos {
        self.cur().pos
    }

    fn advance(&mut self) {
        if self.at + 1 < self.tokens.len() {
            self.at += 1;
        }
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.tok(), Tok::Word(w) if w == word)
    }

    fn error(&self, pos: Pos, message: impl Into<String>) -> IdlError {
        IdlError::new(self.path, pos, message)
    }

    /// "expected X, found Y" at the current token; a lexical error wins.
    fn unexpected(&self, expected: &str) -> IdlError {
        match self.tok() {
            Tok::Error(message) => self.error(self.pos(), message.clone()),
            found => self.error(
                self.pos(),
                format!("expected {expected}, found {}", found.describe()),
            ),
        }
    }

    fn skip_spaces(&mut self) {
        while matches!(self.tok(), Tok::Space) {
            self.advance();
        }
    }

    fn skip_ws(&mut self) {
        while matches!(
            self.tok(),
            Tok::Space | Tok::Comma | Tok::Newline | Tok::Comment
        ) {
            self.advance();
        }
    }

    fn skip_ws_and_docs(&mut self) {
        while matches!(
            self.tok(),
            Tok::Space | Tok::Comma | Tok::Newline | Tok::Comment | Tok::DocComment(_)
        ) {
            self.advance();
        }
    }

    /// The `BR` production: optional spaces, then a line break or comment (or
    /// the end of the file), then any whitespace.
    fn expect_br(&mut self, after: &str) -> Result<()> {
        while matches!(self.tok(), Tok::Space | Tok::Comma) {
            self.advance();
        }
        match self.tok() {
            Tok::Newline | Tok::Comment | Tok::DocComment(_) => self.advance(),
            Tok::Eof => {}
            _ => return Err(self.unexpected(&format!("a line break after {after}"))),
        }
        self.skip_ws();
        Ok(())
    }

    fn expect(&mut self, tok: Tok, context: &str) -> Result<Pos> {
        if *self.tok() != tok {
            return Err(self.unexpected(&format!("{} {context}", tok.describe())));
        }
        let pos = self.pos();
        self.advance();
        Ok(pos)
    }

    fn expect_space(&mut self, after: &str) -> Result<()> {
        if !matches!(self.tok(), Tok::Space) {
            return Err(self.unexpected(&format!("a space after {after}")));
        }
        self.skip_spaces();
        Ok(())
    }

    fn expect_word(&mut self, expected: &str) -> Result<Spanned<String>> {
        match self.tok() {
            Tok::Word(w) => {
                let word = Spanned::new(w.clone(), self.pos());
                self.advance();
                Ok(word)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    /// An identifier: a word with no `.`, `#` or `$`.
    fn expect_identifier(&mut self, expected: &str) -> Result<Spanned<String>> {
        if let Tok::Word(w) = self.tok()
            && w.contains(['.', '#', '$'])
        {
            return Err(self.unexpected(expected));
        }
        self.expect_word(expected)
    }

    /// A shape id, relative or absolute; `allow_member` admits `Shape$member`.
    fn expect_shape_id(&mut self, expected: &str, allow_member: bool) -> Result<Spanned<String>> {
        if let Tok::Word(w) = self.tok() {
            let root = w.split('$').next().unwrap_or_default();
            let bad_namespace = root.contains('.') && !root.contains('#');
            if bad_namespace || (!allow_member && w.contains('$')) {
                return Err(self.unexpected(expected));
            }
        }
        self.expect_word(expected)
    }

    // ----- sections -----------------------------------------------------

    fn parse_file(&mut self) -> Result<()> {
        self.skip_ws_and_docs();
        self.control_section()?;
        self.metadata_section()?;
        self.shape_section()
    }

    fn control_section(&mut self) -> Result<()> {
        let mut seen: Vec<String> = Vec::new();
        while matches!(self.tok(), Tok::Dollar) {
            self.advance();
            let key_pos = self.pos();
            let key = match self.tok() {
                Tok::Word(w) if !w.contains(['.', '#', '$']) => w.clone(),
                Tok::Str(s) => s.clone(),
                _ => return Err(self.unexpected("a control statement name after '$'")),
            };
            self.advance();
            self.skip_spaces();
            self.expect(Tok::Colon, "after the control statement name")?;
            self.skip_spaces();
            let value_pos = self.pos();
            let value = self.node()?;
            if seen.contains(&key) {
                return Err(self.error(key_pos, format!("duplicate control statement '${key}'")));
            }
            seen.push(key.clone());
            match key.as_str() {
                "version" => self.version(value, value_pos)?,
                "operationInputSuffix" => self.input_suffix = self.suffix(value, value_pos)?,
                "operationOutputSuffix" => self.output_suffix = self.suffix(value, value_pos)?,
                // "Implementations MUST ignore unknown control statements."
                _ => {}
            }
            self.expect_br("the control statement")?;
            self.skip_ws_and_docs();
        }
        Ok(())
    }

    fn version(&self, value: Node, pos: Pos) -> Result<()> {
        match value {
            Node::String(v) if v == "2" || v == "2.0" => Ok(()),
            Node::String(v) if v == "1" || v == "1.0" => Err(self.error(
                pos,
                format!("Smithy IDL version {v} is not supported: this reader implements IDL 2.0"),
            )),
            Node::String(v) => {
                Err(self.error(pos, format!("unsupported Smithy IDL version {v:?}")))
            }
            _ => Err(self.error(pos, "expected the $version value to be a string")),
        }
    }

    fn suffix(&self, value: Node, pos: Pos) -> Result<String> {
        match value {
            Node::String(s) => Ok(s),
            _ => Err(self.error(pos, "expected the suffix to be a string")),
        }
    }

    fn metadata_section(&mut self) -> Result<()> {
        while self.is_word("metadata") {
            self.advance();
            self.expect_space("'metadata'")?;
            let key = self.object_key("a metadata key")?;
            self.skip_spaces();
            self.expect(Tok::Equal, "after the metadata key")?;
            self.skip_spaces();
            let value = self.node()?;
            self.file.metadata.push((key, value));
            self.expect_br("the metadata statement")?;
            self.skip_ws_and_docs();
        }
        Ok(())
    }

    fn shape_section(&mut self) -> Result<()> {
        if !self.is_word("namespace") {
            return match self.tok() {
                Tok::Eof => Ok(()),
                Tok::Dollar => Err(self.error(
                    self.pos(),
                    "control statements must come before metadata and the namespace",
                )),
                _ => Err(self.unexpected("a namespace statement")),
            };
        }
        self.advance();
        self.expect_space("'namespace'")?;
        let namespace = self.expect_identifier_or_namespace()?;
        self.file.namespace = Some(namespace);
        self.expect_br("the namespace statement")?;

        // Documentation before a `use` statement documents nothing; after the
        // last one it documents the first shape, so look ahead without losing it.
        loop {
            let before = self.at;
            self.skip_ws_and_docs();
            if !self.is_word("use") {
                self.at = before;
                break;
            }
            self.advance();
            self.expect_space("'use'")?;
            let id = self.expect_shape_id("an absolute shape id to use", false)?;
            if !id.value.contains('#') {
                return Err(self.error(
                    id.pos,
                    format!("expected an absolute shape id to use, found '{}'", id.value),
                ));
            }
            self.file.uses.push(id);
            self.expect_br("the use statement")?;
        }

        loop {
            self.skip_ws();
            if matches!(self.tok(), Tok::Eof) {
                return Ok(());
            }
            self.statement()?;
        }
    }

    fn expect_identifier_or_namespace(&mut self) -> Result<String> {
        if let Tok::Word(w) = self.tok()
            && w.contains(['#', '$'])
        {
            return Err(self.unexpected("a namespace"));
        }
        Ok(self.expect_word("a namespace")?.value)
    }

    fn statement(&mut self) -> Result<()> {
        let leading = self.docs_and_traits()?;
        let pos = self.pos();
        let keyword = match self.tok() {
            Tok::Eof if leading.traits.is_empty() => return Ok(()), // a dangling doc comment
            Tok::Word(w) => w.clone(),
            _ => return Err(self.unexpected("a shape or apply statement")),
        };
        match keyword.as_str() {
            "apply" => {
                if let Some(first) = leading.traits.first() {
                    return Err(self.error(
                        first.id.pos,
                        "traits cannot be applied to an apply statement",
                    ));
                }
                self.apply()
            }
            "use" => Err(self.error(pos, "use statements must come before any shape")),
            "metadata" => {
                Err(self.error(pos, "metadata statements must come before the namespace"))
            }
            "namespace" => Err(self.error(pos, "only one namespace statement is allowed per file")),
            other => match ShapeType::from_keyword(other) {
                Some(shape_type) => self.shape(shape_type, leading.into_traits()),
                None => Err(self.error(
                    pos,
                    format!("expected a shape type or 'apply', found '{other}'"),
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idl::syntax::ShapeBody;

    fn at(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }

    #[test]
    fn keeps_shape_ids_as_written_with_their_positions() {
        let source = "$version: \"2\"\nnamespace a\nuse b#C\n\n/// Doc.\n@x(y: Z)\nstructure S for R with [M] {\n    $id\n    c: C = 1\n}\n";
        let file = parse(Path::new("m.smithy"), source).expect("valid model");
        assert_eq!(file.namespace.as_deref(), Some("a"));
        assert_eq!(file.uses, vec![Spanned::new("b#C".to_string(), at(3, 5))]);
        let shape = &file.shapes[0];
        assert_eq!(shape.name, Spanned::new("S".to_string(), at(7, 11)));
        assert_eq!(shape.mixins, vec![Spanned::new("M".to_string(), at(7, 25))]);
        let ids: Vec<&str> = shape.traits.iter().map(|t| t.id.value.as_str()).collect();
        assert_eq!(ids, ["x", "smithy.api#documentation"]);
        assert_eq!(
            shape.traits[0].value,
            Some(Node::Object(vec![(
                "y".to_string(),
                Node::ShapeId(Spanned::new("Z".to_string(), at(6, 7)))
            )]))
        );
        let ShapeBody::Structure {
            for_resource,
            members,
        } = &shape.body
        else {
            panic!("a structure body, got {:?}", shape.body);
        };
        assert_eq!(
            for_resource,
            &Some(Spanned::new("R".to_string(), at(7, 17)))
        );
        assert_eq!(members[0].target, None);
        assert_eq!(
            members[1].target,
            Some(Spanned::new("C".to_string(), at(9, 8)))
        );
        assert_eq!(members[1].traits[0].id.value, "smithy.api#default");
    }

    #[test]
    fn inline_io_structures_are_named_after_the_operation() {
        let source = "$version: \"2\"\n$operationOutputSuffix: \"Result\"\nnamespace a\noperation Get {\n    input := {}\n    output := {}\n}\n";
        let file = parse(Path::new("m.smithy"), source).expect("valid model");
        let names: Vec<&str> = file.shapes.iter().map(|s| s.name.value.as_str()).collect();
        assert_eq!(names, ["GetInput", "GetResult", "Get"]);
        let ShapeBody::Operation { input, output, .. } = &file.shapes[2].body else {
            panic!("an operation body");
        };
        assert_eq!(input.as_ref().map(|i| i.value.as_str()), Some("a#GetInput"));
        assert_eq!(
            output.as_ref().map(|o| o.value.as_str()),
            Some("a#GetResult")
        );
    }
}
