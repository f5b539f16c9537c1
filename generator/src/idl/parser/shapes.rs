//! Shape statements and their bodies, inline operation input and output,
//! and `apply` statements.

use super::{Leading, Parser, Result};
use crate::idl::lexer::Tok;
use crate::idl::syntax::{
    ApplyDef, EnumMemberDef, MemberDef, Node, ShapeBody, ShapeDef, ShapeType, Spanned,
    TraitApplication,
};

const DEFAULT: &str = "smithy.api#default";
const ENUM_VALUE: &str = "smithy.api#enumValue";
const INPUT: &str = "smithy.api#input";
const OUTPUT: &str = "smithy.api#output";

impl Parser<'_> {
    pub(super) fn shape(
        &mut self,
        shape_type: ShapeType,
        traits: Vec<TraitApplication>,
    ) -> Result<()> {
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

    pub(super) fn apply(&mut self) -> Result<()> {
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
