//! Trait applications, documentation comments, and node values.

use super::{Leading, Parser, Result};
use crate::idl::error::Pos;
use crate::idl::lexer::Tok;
use crate::idl::syntax::{Entries, Node, Spanned, TraitApplication};

const DOCUMENTATION: &str = "smithy.api#documentation";

/// How deeply arrays and objects may nest in a node value. Parsing recurses
/// per level, so this bounds the stack; real models nest a handful of levels.
const MAX_NODE_DEPTH: usize = 64;

impl Parser<'_> {
    pub(super) fn docs_and_traits(&mut self) -> Result<Leading> {
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

    pub(super) fn trait_application(&mut self) -> Result<TraitApplication> {
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

    // ----- node values ----------------------------------------------------

    pub(super) fn object_key(&mut self, expected: &str) -> Result<Spanned<String>> {
        let pos = self.pos();
        let key = match self.tok() {
            Tok::Word(w) if !w.contains(['.', '#', '$']) => w.clone(),
            Tok::Str(s) => s.clone(),
            _ => return Err(self.unexpected(expected)),
        };
        self.advance();
        Ok(Spanned::new(key, pos))
    }

    pub(super) fn node(&mut self) -> Result<Node> {
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
    pub(super) fn object_entries(&mut self) -> Result<Entries> {
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
