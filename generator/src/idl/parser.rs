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

use std::path::Path;

use super::error::{IdlError, Pos};
use super::lexer::{Tok, Token, tokenize};
use super::syntax::{
    ApplyDef, Entries, EnumMemberDef, MemberDef, ModelFile, Node, ShapeBody, ShapeDef, ShapeType,
    Spanned, TraitApplication,
};

const DOCUMENTATION: &str = "smithy.api#documentation";
const DEFAULT: &str = "smithy.api#default";
const ENUM_VALUE: &str = "smithy.api#enumValue";
const INPUT: &str = "smithy.api#input";
const OUTPUT: &str = "smithy.api#output";

/// How deeply arrays and objects may nest in a node value. Parsing recurses
/// per level, so this bounds the stack; real models nest a handful of levels.
const MAX_NODE_DEPTH: usize = 64;

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

    // ----- traits and documentation -------------------------------------

    fn docs_and_traits(&mut self) -> Result<Leading> {
        self.skip_ws();
        let mut doc = None;
        if let Tok::DocComment(_) = self.tok() {
            let pos = self.pos();
            let mut lines = Vec::new();
            loop {
                match self.tok() {
                    Tok::DocComment(line) => lines.push(line.clone()),
                    Tok::Space | Tok::Comma | Tok::Newline | Tok::Comment => {}
                    _ => break,
                }
                self.advance();
            }
            doc = Some(TraitApplication {
                id: Spanned::new(DOCUMENTATION.into(), pos),
                value: Some(Node::String(lines.join("\n"))),
            });
        }
        self.skip_ws_and_docs();
        let mut traits = Vec::new();
        while matches!(self.tok(), Tok::At) {
            traits.push(self.trait_application()?);
            self.skip_ws_and_docs();
        }
        Ok(Leading { doc, traits })
    }

    fn trait_application(&mut self) -> Result<TraitApplication> {
        self.expect(Tok::At, "to start a trait")?;
        let id = self.expect_shape_id("a trait shape id after '@'", false)?;
        if !matches!(self.tok(), Tok::LParen) {
            return Ok(TraitApplication { id, value: None });
        }
        self.advance();
        self.skip_ws_and_docs();
        if matches!(self.tok(), Tok::RParen) {
            self.advance();
            return Ok(TraitApplication { id, value: None });
        }
        let value = self.trait_body()?;
        self.skip_ws_and_docs();
        self.expect(Tok::RParen, "to close the trait value")?;
        Ok(TraitApplication {
            id,
            value: Some(value),
        })
    }

    /// A trait value: a node value, or `key: value` pairs without braces.
    fn trait_body(&mut self) -> Result<Node> {
        let pos = self.pos();
        match self.tok().clone() {
            Tok::Str(text) => {
                self.advance();
                self.skip_ws_and_docs();
                if matches!(self.tok(), Tok::Colon) {
                    self.structured_trait(text, pos)
                } else {
                    Ok(Node::String(text))
                }
            }
            Tok::Word(word) => {
                self.advance();
                self.skip_ws_and_docs();
                if matches!(self.tok(), Tok::RParen) || word.contains(['.', '#', '$']) {
                    Ok(keyword_or_shape_id(word, pos))
                } else if matches!(self.tok(), Tok::Colon) {
                    self.structured_trait(word, pos)
                } else {
                    Err(self.unexpected("':' or ')' in the trait value"))
                }
            }
            _ => self.node(),
        }
    }

    /// `key: value` pairs; the current token is the ':' after the first key.
    fn structured_trait(&mut self, first_key: String, first_pos: Pos) -> Result<Node> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        let mut key = Spanned::new(first_key, first_pos);
        loop {
            self.expect(Tok::Colon, "after the key")?;
            self.skip_ws_and_docs();
            let value = self.node()?;
            if entries.iter().any(|(k, _)| *k == key.value) {
                return Err(self.error(
                    key.pos,
                    format!("duplicate trait value key '{}'", key.value),
                ));
            }
            entries.push((key.value, value));
            self.skip_ws_and_docs();
            if matches!(self.tok(), Tok::RParen) {
                return Ok(Node::Object(entries));
            }
            key = self.object_key("a key or ')' in the trait value")?;
            self.skip_ws_and_docs();
        }
    }

    // ----- node values --------------------------------------------------

    fn object_key(&mut self, expected: &str) -> Result<Spanned<String>> {
        let pos = self.pos();
        let key = match self.tok() {
            Tok::Word(w) if !w.contains(['.', '#', '$']) => w.clone(),
            Tok::Str(s) => s.clone(),
            _ => return Err(self.unexpected(expected)),
        };
        self.advance();
        Ok(Spanned::new(key, pos))
    }

    fn node(&mut self) -> Result<Node> {
        if self.depth >= MAX_NODE_DEPTH {
            return Err(self.error(
                self.pos(),
                format!("values nested more than {MAX_NODE_DEPTH} levels deep"),
            ));
        }
        self.depth += 1;
        let node = self.node_at_depth();
        self.depth -= 1;
        node
    }

    fn node_at_depth(&mut self) -> Result<Node> {
        let pos = self.pos();
        let node = match self.tok().clone() {
            Tok::LBrace => return Ok(Node::Object(strip_positions(self.object_entries()?))),
            Tok::LBracket => return self.array(),
            Tok::Str(s) | Tok::TextBlock(s) => Node::String(s),
            Tok::Number(n) => Node::Number(n),
            Tok::Word(w) => keyword_or_shape_id(w, pos),
            _ => return Err(self.unexpected("a value")),
        };
        self.advance();
        Ok(node)
    }

    fn array(&mut self) -> Result<Node> {
        self.expect(Tok::LBracket, "to start an array")?;
        self.skip_ws_and_docs();
        let mut items = Vec::new();
        while !matches!(self.tok(), Tok::RBracket) {
            if matches!(self.tok(), Tok::Eof) {
                return Err(self.unexpected("']' to close the array"));
            }
            items.push(self.node()?);
            self.skip_ws_and_docs();
        }
        self.advance();
        Ok(Node::Array(items))
    }

    /// A node object with the positions of its keys; keys must be unique.
    fn object_entries(&mut self) -> Result<Entries> {
        let pos = self.expect(Tok::LBrace, "to start an object")?;
        self.skip_ws_and_docs();
        let mut entries: Vec<(Spanned<String>, Node)> = Vec::new();
        while !matches!(self.tok(), Tok::RBrace) {
            let key = self.object_key("an object key or '}'")?;
            self.skip_ws_and_docs();
            self.expect(Tok::Colon, "after the object key")?;
            self.skip_ws_and_docs();
            let value = self.node()?;
            if entries.iter().any(|(k, _)| k.value == key.value) {
                return Err(self.error(key.pos, format!("duplicate object key '{}'", key.value)));
            }
            entries.push((key, value));
            self.skip_ws_and_docs();
        }
        self.advance();
        Ok(Spanned::new(entries, pos))
    }

    // ----- shapes -------------------------------------------------------

    fn shape(&mut self, shape_type: ShapeType, traits: Vec<TraitApplication>) -> Result<()> {
        self.advance();
        self.expect_space(&format!("'{}'", shape_type.name()))?;
        let name = self.expect_identifier("a shape name")?;
        let (mixins, body) = match shape_type {
            ShapeType::Enum | ShapeType::IntEnum => {
                let mixins = self.mixins()?;
                (mixins, ShapeBody::Enum(self.enum_members(&name.value)?))
            }
            ShapeType::List => {
                let mixins = self.mixins()?;
                let member = self.list_members(&name.value, !mixins.is_empty())?;
                (mixins, ShapeBody::List(member))
            }
            ShapeType::Map => {
                let mixins = self.mixins()?;
                let (key, value) = self.map_members(&name.value, !mixins.is_empty())?;
                (mixins, ShapeBody::Map { key, value })
            }
            ShapeType::Structure => {
                let for_resource = self.for_resource()?;
                let mixins = self.mixins()?;
                let members = self.members(&name.value, true)?;
                (
                    mixins,
                    ShapeBody::Structure {
                        for_resource,
                        members,
                    },
                )
            }
            ShapeType::Union => {
                let mixins = self.mixins()?;
                (mixins, ShapeBody::Union(self.members(&name.value, false)?))
            }
            ShapeType::Service | ShapeType::Resource => {
                let mixins = self.mixins()?;
                self.skip_ws_and_docs();
                if !matches!(self.tok(), Tok::LBrace) {
                    return Err(
                        self.unexpected(&format!("'{{' to start the {}", shape_type.name()))
                    );
                }
                (mixins, ShapeBody::Entity(self.object_entries()?))
            }
            ShapeType::Operation => {
                let mixins = self.mixins()?;
                (mixins, self.operation_body(&name.value)?)
            }
            _ => (self.mixins()?, ShapeBody::Simple),
        };
        self.file.shapes.push(ShapeDef {
            shape_type,
            name,
            traits,
            mixins,
            body,
        });
        self.expect_br("the shape definition")
    }

    fn mixins(&mut self) -> Result<Vec<Spanned<String>>> {
        self.skip_spaces();
        if !self.is_word("with") {
            return Ok(Vec::new());
        }
        self.advance();
        self.skip_ws_and_docs();
        self.expect(Tok::LBracket, "after 'with'")?;
        self.skip_ws_and_docs();
        let mut mixins = Vec::new();
        while !matches!(self.tok(), Tok::RBracket) || mixins.is_empty() {
            mixins.push(self.expect_shape_id("a mixin shape id", false)?);
            self.skip_ws_and_docs();
        }
        self.advance();
        Ok(mixins)
    }

    fn for_resource(&mut self) -> Result<Option<Spanned<String>>> {
        self.skip_spaces();
        if !self.is_word("for") {
            return Ok(None);
        }
        self.advance();
        self.expect_space("'for'")?;
        Ok(Some(self.expect_shape_id("a resource shape id", false)?))
    }

    fn open_body(&mut self, shape: &str) -> Result<()> {
        self.skip_ws_and_docs();
        self.expect(Tok::LBrace, &format!("to start the members of '{shape}'"))?;
        Ok(())
    }

    fn close_body(&mut self, shape: &str) -> Result<()> {
        self.skip_ws_and_docs();
        self.expect(Tok::RBrace, &format!("to close '{shape}'"))?;
        Ok(())
    }

    /// Consumes the `}` that ends a list of members; traits in front of
    /// it apply to nothing (a documentation comment there is ignored).
    fn end_of_members(&mut self, leading: &Leading) -> Result<bool> {
        if !matches!(self.tok(), Tok::RBrace) {
            return Ok(false);
        }
        if !leading.traits.is_empty() {
            return Err(self.unexpected("a member after its traits"));
        }
        self.advance();
        Ok(true)
    }

    fn check_duplicate(
        &self,
        seen: &[&Spanned<String>],
        name: &Spanned<String>,
        shape: &str,
    ) -> Result<()> {
        if seen.iter().any(|s| s.value == name.value) {
            return Err(self.error(
                name.pos,
                format!("duplicate member '{}' in '{shape}'", name.value),
            ));
        }
        Ok(())
    }

    fn enum_members(&mut self, shape: &str) -> Result<Vec<EnumMemberDef>> {
        self.open_body(shape)?;
        let mut members: Vec<EnumMemberDef> = Vec::new();
        loop {
            let leading = self.docs_and_traits()?;
            if self.end_of_members(&leading)? {
                return Ok(members);
            }
            let name = self.expect_identifier("an enum member name or '}'")?;
            let seen: Vec<_> = members.iter().map(|m| &m.name).collect();
            self.check_duplicate(&seen, &name, shape)?;
            let mut traits = leading.into_traits();
            self.skip_spaces();
            if matches!(self.tok(), Tok::Equal) {
                let pos = self.pos();
                self.advance();
                self.skip_spaces();
                traits.push(TraitApplication {
                    id: Spanned::new(ENUM_VALUE.into(), pos),
                    value: Some(self.node()?),
                });
                self.expect_br("the enum value")?;
            }
            members.push(EnumMemberDef { name, traits });
        }
    }

    /// A list or map member that may be elided: `[traits] name: Target` or
    /// `[traits] $name`, where `name` is one of `names`. Returns `None` if the
    /// next definition is not such a member.
    fn possibly_elided_member(&mut self, names: &[&str]) -> Result<Option<MemberDef>> {
        let leading = self.docs_and_traits()?;
        let pos = self.pos();
        let elided = matches!(self.tok(), Tok::Dollar);
        if elided {
            self.advance();
        }
        let expected = names
            .iter()
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(" or ");
        let name = match self.tok() {
            Tok::Word(w) if names.contains(&w.as_str()) => w.clone(),
            _ if elided => return Err(self.unexpected(&format!("{expected} after '$'"))),
            _ => {
                if let Some(first) = leading.traits.first() {
                    return Err(self.error(
                        first.id.pos,
                        format!("expected {expected} to follow these traits"),
                    ));
                }
                return Ok(None);
            }
        };
        self.advance();
        let target = if elided {
            None
        } else {
            self.skip_ws_and_docs();
            self.expect(Tok::Colon, &format!("after '{name}'"))?;
            self.skip_ws_and_docs();
            Some(self.expect_shape_id("a target shape id", false)?)
        };
        Ok(Some(MemberDef {
            name: Spanned::new(name, pos),
            target,
            traits: leading.into_traits(),
        }))
    }

    fn list_members(&mut self, shape: &str, has_mixins: bool) -> Result<Option<MemberDef>> {
        self.open_body(shape)?;
        let member = self.possibly_elided_member(&["member"])?;
        if member.is_none() && (!has_mixins || !matches!(self.tok(), Tok::RBrace)) {
            return Err(self.unexpected(&format!("'member' or '$member' in list '{shape}'")));
        }
        self.close_body(shape)?;
        Ok(member)
    }

    /// The key then the value; with mixins, either may be left out.
    fn map_members(
        &mut self,
        shape: &str,
        has_mixins: bool,
    ) -> Result<(Option<MemberDef>, Option<MemberDef>)> {
        self.open_body(shape)?;
        let (key, value) = match self.possibly_elided_member(&["key", "value"])? {
            Some(member) if member.name.value == "value" => (None, Some(member)),
            key => (key, self.possibly_elided_member(&["value"])?),
        };
        let complete = key.is_some() && value.is_some();
        if !complete && (!has_mixins || !matches!(self.tok(), Tok::RBrace)) {
            let missing = if key.is_none() { "key" } else { "value" };
            return Err(self.unexpected(&format!("'{missing}' or '${missing}' in map '{shape}'")));
        }
        self.close_body(shape)?;
        Ok((key, value))
    }

    /// Structure or union members; `= value` sugar only in structures.
    fn members(&mut self, shape: &str, structure: bool) -> Result<Vec<MemberDef>> {
        self.open_body(shape)?;
        let mut members: Vec<MemberDef> = Vec::new();
        loop {
            let leading = self.docs_and_traits()?;
            if self.end_of_members(&leading)? {
                return Ok(members);
            }
            let elided = matches!(self.tok(), Tok::Dollar);
            if elided {
                self.advance();
            }
            let name = if elided {
                self.expect_identifier("a member name after '$'")?
            } else {
                self.expect_identifier("a member name or '}'")?
            };
            let seen: Vec<_> = members.iter().map(|m| &m.name).collect();
            self.check_duplicate(&seen, &name, shape)?;
            let target = if elided {
                None
            } else {
                self.skip_spaces();
                self.expect(Tok::Colon, "after the member name")?;
                self.skip_spaces();
                Some(self.expect_shape_id("a member target shape id", false)?)
            };
            let mut traits = leading.into_traits();
            self.skip_spaces();
            if matches!(self.tok(), Tok::Equal) {
                if !structure {
                    return Err(self.error(
                        self.pos(),
                        "default values ('= value') are only allowed on structure members",
                    ));
                }
                let pos = self.pos();
                self.advance();
                self.skip_spaces();
                traits.push(TraitApplication {
                    id: Spanned::new(DEFAULT.into(), pos),
                    value: Some(self.node()?),
                });
                self.expect_br("the default value")?;
            }
            members.push(MemberDef {
                name,
                target,
                traits,
            });
        }
    }

    fn operation_body(&mut self, operation: &str) -> Result<ShapeBody> {
        self.skip_ws_and_docs();
        self.expect(Tok::LBrace, &format!("to start the body of '{operation}'"))?;
        self.skip_ws_and_docs();
        let (mut input, mut output, mut errors) = (None, None, None);
        let mut seen: Vec<String> = Vec::new();
        while !matches!(self.tok(), Tok::RBrace) {
            let key = self.expect_identifier("'input', 'output', 'errors' or '}'")?;
            if !["input", "output", "errors"].contains(&key.value.as_str()) {
                return Err(self.error(
                    key.pos,
                    format!(
                        "unknown operation property '{}': expected 'input', 'output' or 'errors'",
                        key.value
                    ),
                ));
            }
            if seen.contains(&key.value) {
                return Err(self.error(
                    key.pos,
                    format!("duplicate operation property '{}'", key.value),
                ));
            }
            seen.push(key.value.clone());
            self.skip_ws_and_docs();
            match key.value.as_str() {
                "input" => input = Some(self.operation_io(operation, true)?),
                "output" => output = Some(self.operation_io(operation, false)?),
                _ => {
                    self.expect(Tok::Colon, "after 'errors'")?;
                    self.skip_ws_and_docs();
                    errors = Some(self.shape_id_list()?);
                }
            }
            if !matches!(
                self.tok(),
                Tok::Space
                    | Tok::Comma
                    | Tok::Newline
                    | Tok::Comment
                    | Tok::DocComment(_)
                    | Tok::RBrace
            ) {
                return Err(self.unexpected(&format!("a line break after '{}'", key.value)));
            }
            self.skip_ws_and_docs();
        }
        self.advance();
        Ok(ShapeBody::Operation {
            input,
            output,
            errors,
        })
    }

    fn shape_id_list(&mut self) -> Result<Vec<Spanned<String>>> {
        self.expect(Tok::LBracket, "to start the list of shape ids")?;
        self.skip_ws_and_docs();
        let mut ids = Vec::new();
        while !matches!(self.tok(), Tok::RBracket) {
            ids.push(self.expect_shape_id("a shape id or ']'", false)?);
            self.skip_ws_and_docs();
        }
        self.advance();
        Ok(ids)
    }

    /// `input: Target`, or `input := [traits] [with [...]] { members }`,
    /// which defines a structure named after the operation.
    fn operation_io(&mut self, operation: &str, input: bool) -> Result<Spanned<String>> {
        match self.tok() {
            Tok::Colon => {
                self.advance();
                self.skip_ws_and_docs();
                self.expect_shape_id("a target shape id", false)
            }
            Tok::Walrus => {
                let pos = self.pos();
                self.advance();
                self.skip_ws();
                let (suffix, io_trait) = if input {
                    (self.input_suffix.clone(), INPUT)
                } else {
                    (self.output_suffix.clone(), OUTPUT)
                };
                let name = format!("{operation}{suffix}");
                let mut traits = self.docs_and_traits()?.into_traits();
                traits.push(TraitApplication {
                    id: Spanned::new(io_trait.into(), pos),
                    value: Some(Node::Object(Vec::new())),
                });
                let mut for_resource = self.for_resource()?;
                let mixins = self.mixins()?;
                if for_resource.is_none() {
                    for_resource = self.for_resource()?;
                }
                let members = self.members(&name, true)?;
                self.file.shapes.push(ShapeDef {
                    shape_type: ShapeType::Structure,
                    name: Spanned::new(name.clone(), pos),
                    traits,
                    mixins,
                    body: ShapeBody::Structure {
                        for_resource,
                        members,
                    },
                });
                let namespace = self.file.namespace.clone().unwrap_or_default();
                Ok(Spanned::new(format!("{namespace}#{name}"), pos))
            }
            _ => Err(self.unexpected(&format!(
                "':' or ':=' after '{}'",
                if input { "input" } else { "output" }
            ))),
        }
    }

    fn apply(&mut self) -> Result<()> {
        self.advance();
        self.expect_space("'apply'")?;
        let target = self.expect_shape_id("the shape id to apply traits to", true)?;
        if !matches!(
            self.tok(),
            Tok::Space | Tok::Newline | Tok::Comment | Tok::DocComment(_) | Tok::Comma
        ) {
            return Err(self.unexpected("whitespace after the apply target"));
        }
        self.skip_ws_and_docs();
        let traits = match self.tok() {
            Tok::At => vec![self.trait_application()?],
            Tok::LBrace => {
                self.advance();
                self.skip_ws_and_docs();
                let mut traits = Vec::new();
                while matches!(self.tok(), Tok::At) {
                    traits.push(self.trait_application()?);
                    self.skip_ws_and_docs();
                }
                self.expect(Tok::RBrace, "to close the apply block")?;
                traits
            }
            _ => return Err(self.unexpected("'@' or '{' after the apply target")),
        };
        self.file.applies.push(ApplyDef { target, traits });
        self.expect_br("the apply statement")
    }
}

fn keyword_or_shape_id(word: String, pos: Pos) -> Node {
    match word.as_str() {
        "true" => Node::Bool(true),
        "false" => Node::Bool(false),
        "null" => Node::Null,
        _ => Node::ShapeId(Spanned::new(word, pos)),
    }
}

fn strip_positions(entries: Entries) -> Vec<(String, Node)> {
    entries
        .value
        .into_iter()
        .map(|(key, value)| (key.value, value))
        .collect()
}
