//! The pull reader generated deserializers walk.

use crate::blob::{self, Blob};
use crate::datetime::{DateTime, Format};
use crate::error::DeserializeError;
use crate::http_binding::FromWire;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;

/// How deep elements may nest before a body is refused. AWS responses
/// nest a few levels; the limit only stops a hostile body from making
/// recursive readers overflow the stack.
pub const MAX_DEPTH: usize = 128;

/// A start tag: the element's name and attributes.
#[derive(Clone, Debug)]
pub struct XmlStart<'a> {
    start: BytesStart<'a>,
}

impl XmlStart<'_> {
    /// The element's local name (without any namespace prefix).
    pub fn name(&self) -> &str {
        let name = self.start.name();
        let full: &str = name.into_inner();
        full.rsplit_once(':').map_or(full, |(_, local)| local)
    }

    /// The value of the attribute with this name (its local name, unless
    /// `name` has a prefix), unescaped; `None` when absent.
    ///
    /// # Errors
    /// When the tag's attributes are malformed or the value holds an
    /// unknown entity.
    pub fn attribute(&self, name: &str) -> Result<Option<String>, DeserializeError> {
        for attribute in self.start.attributes() {
            let attribute = attribute
                .map_err(|e| DeserializeError::custom(format!("malformed attribute: {e}")))?;
            let key: &str = attribute.key.into_inner();
            let matches = key == name
                || (!name.contains(':') && key.rsplit_once(':').is_some_and(|(_, l)| l == name));
            if matches {
                let value = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| DeserializeError::custom(format!("attribute `{name}`: {e}")))?;
                return Ok(Some(value.into_owned()));
            }
        }
        Ok(None)
    }
}

/// A pull reader over an XML body.
///
/// The generated code calls [`root`](Self::root) once, then, for each
/// element it reads, either [`next_child`](Self::next_child) until it
/// gives `None` (the element's end), one of the `read_*` methods (text
/// content through the end tag), or [`skip`](Self::skip).
pub struct XmlReader<'a> {
    inner: Reader<&'a [u8]>,
    depth: usize,
}

impl std::fmt::Debug for XmlReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlReader")
            .field("position", &self.inner.buffer_position())
            .field("depth", &self.depth)
            .finish()
    }
}

impl<'a> XmlReader<'a> {
    /// A reader at the start of `body`.
    pub fn new(body: &'a [u8]) -> Self {
        let mut inner = Reader::from_reader(body);
        let config = inner.config_mut();
        // `<a/>` reads as `<a></a>`: one path for empty and full elements.
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.check_comments = false;
        config.trim_text(false);
        Self { inner, depth: 0 }
    }

    fn position(&self) -> usize {
        usize::try_from(self.inner.buffer_position()).unwrap_or(usize::MAX)
    }

    fn error(&self, message: impl Into<Cow<'static, str>>) -> DeserializeError {
        DeserializeError::at(self.position(), message)
    }

    /// The next event, with the nesting depth kept and the refusals of the
    /// module docs applied.
    fn event(&mut self) -> Result<Event<'a>, DeserializeError> {
        let event = self.inner.read_event().map_err(|e| {
            DeserializeError::at(
                usize::try_from(self.inner.error_position()).unwrap_or(usize::MAX),
                format!("malformed XML: {e}"),
            )
        })?;
        match &event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.error(format!("XML nested more than {MAX_DEPTH} deep")));
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::DocType(_) => {
                return Err(self.error("XML with a document type declaration is refused"));
            }
            // Only the predefined entities exist without a DTD.
            Event::GeneralRef(reference)
                if !reference.is_char_ref()
                    && quick_xml::escape::resolve_xml_entity(&reference.xml10_content())
                        .is_none() =>
            {
                return Err(self.error(format!(
                    "unknown XML entity `&{};`",
                    reference.xml10_content()
                )));
            }
            Event::Eof if self.depth > 0 => {
                return Err(self.error("XML body ends before its elements are closed"));
            }
            _ => {}
        }
        Ok(event)
    }

    /// The document's root element (after any declaration, comments and
    /// processing instructions).
    ///
    /// # Errors
    /// When the body is empty, is not XML, or has text before its root.
    pub fn root(&mut self) -> Result<XmlStart<'a>, DeserializeError> {
        loop {
            match self.event()? {
                Event::Start(start) => return Ok(XmlStart { start }),
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
                Event::Text(text) if text.xml10_content().trim().is_empty() => {}
                Event::Eof => return Err(self.error("expected an XML element, found no content")),
                _ => return Err(self.error("expected an XML element")),
            }
        }
    }

    /// The next child element of the element being read, or `None` once
    /// its end tag has been read. Text between child elements is ignored.
    ///
    /// # Errors
    /// When the XML is malformed.
    pub fn next_child(&mut self) -> Result<Option<XmlStart<'a>>, DeserializeError> {
        loop {
            match self.event()? {
                Event::Start(start) => return Ok(Some(XmlStart { start })),
                Event::End(_) => return Ok(None),
                Event::Eof => return Err(self.error("XML body ends inside an element")),
                _ => {}
            }
        }
    }

    /// The first child element named `name` of the element being read,
    /// skipping the ones before it; `None` when it has none (its end tag
    /// has then been read).
    ///
    /// # Errors
    /// When the XML is malformed.
    pub fn find_child(&mut self, name: &str) -> Result<Option<XmlStart<'a>>, DeserializeError> {
        while let Some(child) = self.next_child()? {
            if child.name() == name {
                return Ok(Some(child));
            }
            self.skip()?;
        }
        Ok(None)
    }

    /// Skips the rest of the element being read, through its end tag.
    ///
    /// # Errors
    /// When the XML is malformed.
    pub fn skip(&mut self) -> Result<(), DeserializeError> {
        let target = self.depth.saturating_sub(1);
        loop {
            match self.event()? {
                Event::End(_) if self.depth == target => return Ok(()),
                Event::Eof => return Err(self.error("XML body ends inside an element")),
                _ => {}
            }
        }
    }

    /// Checks the rest of the document is well formed: everything after
    /// what was read, through the root's end tag and to the end.
    ///
    /// # Errors
    /// When the rest is malformed or cut short, or a second root follows.
    pub fn finish(&mut self) -> Result<(), DeserializeError> {
        while self.depth > 0 {
            self.skip()?;
        }
        loop {
            match self.event()? {
                Event::Eof => return Ok(()),
                Event::Comment(_) | Event::PI(_) => {}
                Event::Text(text) if text.xml10_content().trim().is_empty() => {}
                _ => return Err(self.error("unexpected content after the XML document")),
            }
        }
    }

    /// The text content of the element being read, unescaped, through its
    /// end tag: `""` for an empty element.
    ///
    /// # Errors
    /// When the element holds other elements, an unknown entity, or the XML
    /// is malformed.
    pub fn read_text(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        let mut text: Cow<'a, str> = Cow::Borrowed("");
        loop {
            match self.event()? {
                Event::Text(part) => append(&mut text, part.xml10_content()),
                Event::CData(part) => append(&mut text, part.xml10_content()),
                Event::GeneralRef(reference) => {
                    let resolved = match reference
                        .resolve_char_ref()
                        .map_err(|e| self.error(format!("bad character reference: {e}")))?
                    {
                        Some(c) => Cow::Owned(c.to_string()),
                        None => {
                            let name = reference.xml10_content();
                            // `event` refused any other entity.
                            Cow::Borrowed(
                                quick_xml::escape::resolve_xml_entity(&name).unwrap_or_default(),
                            )
                        }
                    };
                    append(&mut text, resolved);
                }
                Event::End(_) => return Ok(text),
                Event::Start(_) => {
                    return Err(self.error("expected text, found an element"));
                }
                Event::Eof => return Err(self.error("XML body ends inside an element")),
                _ => {}
            }
        }
    }

    /// The element's text as a string.
    ///
    /// # Errors
    /// As [`read_text`](Self::read_text).
    pub fn read_string(&mut self) -> Result<String, DeserializeError> {
        self.read_text().map(Cow::into_owned)
    }

    /// The element's text as a value of `T` (a boolean or number); `what`
    /// names the type in the error.
    ///
    /// # Errors
    /// When the text is not such a value, or as [`read_text`](Self::read_text).
    pub fn read_value<T: FromWire>(&mut self, what: &'static str) -> Result<T, DeserializeError> {
        let start = self.position();
        let text = self.read_text()?;
        T::from_wire(text.trim())
            .ok_or_else(|| DeserializeError::at(start, format!("expected {what}, found {text:?}")))
    }

    /// The element's text as a timestamp in `format`.
    ///
    /// # Errors
    /// When the text is not such a timestamp.
    pub fn read_timestamp(&mut self, format: Format) -> Result<DateTime, DeserializeError> {
        let start = self.position();
        let text = self.read_text()?;
        DateTime::from_str(text.trim(), format)
            .map_err(|e| DeserializeError::at(start, e.to_string()))
    }

    /// The element's text as a base64 blob.
    ///
    /// # Errors
    /// When the text is not base64.
    pub fn read_blob(&mut self) -> Result<Blob, DeserializeError> {
        let start = self.position();
        let text = self.read_text()?;
        blob::decode(text.trim())
            .map(Blob::from)
            .map_err(|_| DeserializeError::at(start, "invalid base64 in a blob"))
    }
}

fn append<'a>(text: &mut Cow<'a, str>, part: Cow<'a, str>) {
    if text.is_empty() {
        *text = part;
    } else {
        text.to_mut().push_str(&part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn children(body: &str) -> Result<Vec<(String, String)>, DeserializeError> {
        let mut reader = XmlReader::new(body.as_bytes());
        reader.root()?;
        let mut found = Vec::new();
        while let Some(child) = reader.next_child()? {
            let name = child.name().to_owned();
            found.push((name, reader.read_string()?));
        }
        reader.finish()?;
        Ok(found)
    }

    #[test]
    fn reads_children_and_text() {
        let found = children(
            r#"<?xml version="1.0"?><!-- hi --><a xmlns="x"><b>one</b> <c/><d>&lt;&#65;&amp;&#x42;<![CDATA[<z>]]></d><p:e>q</p:e></a>"#,
        )
        .unwrap();
        let expected = [("b", "one"), ("c", ""), ("d", "<A&B<z>"), ("e", "q")];
        assert_eq!(
            found,
            expected.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec()
        );
    }

    #[test]
    fn attributes_by_local_name() {
        let mut reader = XmlReader::new(br#"<a x:id="1&amp;2" plain="p"/>"#);
        let root = reader.root().unwrap();
        assert_eq!(root.attribute("id").unwrap().as_deref(), Some("1&2"));
        assert_eq!(root.attribute("plain").unwrap().as_deref(), Some("p"));
        assert_eq!(root.attribute("none").unwrap(), None);
    }

    #[test]
    fn typed_values() {
        let mut reader = XmlReader::new(
            b"<a><n> 42 </n><f>-Infinity</f><t>2015-01-25T08:00:00Z</t><b>aGk=</b></a>",
        );
        reader.root().unwrap();
        reader.next_child().unwrap();
        assert_eq!(reader.read_value::<i32>("an integer").unwrap(), 42);
        reader.next_child().unwrap();
        assert_eq!(
            reader.read_value::<f64>("a number").unwrap(),
            f64::NEG_INFINITY
        );
        reader.next_child().unwrap();
        assert_eq!(
            reader.read_timestamp(Format::DateTime).unwrap(),
            DateTime::from_secs(1_422_172_800)
        );
        reader.next_child().unwrap();
        assert_eq!(reader.read_blob().unwrap().as_ref(), b"hi");
        assert!(reader.next_child().unwrap().is_none());
    }

    #[test]
    fn skips_nested_elements() {
        let mut reader = XmlReader::new(b"<a><x><y><z/></y></x><b>1</b></a>");
        reader.root().unwrap();
        let b = reader.find_child("b").unwrap().unwrap();
        assert_eq!(b.name(), "b");
        assert_eq!(reader.read_string().unwrap(), "1");
        assert!(reader.next_child().unwrap().is_none());
        reader.finish().unwrap();
    }

    #[test]
    fn refuses_hostile_and_broken_bodies() {
        let cases: &[(&str, &str)] = &[
            (
                r#"<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>"#,
                "document type declaration",
            ),
            ("<a>&e;</a>", "unknown XML entity"),
            ("<a><b>1</c></a>", "malformed XML"),
            ("<a><b>1</b>", "ends"),
            ("", "no content"),
            ("just text", "expected an XML element"),
            ("<a></a><b></b>", "after the XML document"),
        ];
        for (body, expected) in cases {
            let err = children(body).expect_err(body);
            assert!(
                err.to_string().contains(expected),
                "{body:?}: {err} (expected {expected:?})"
            );
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        let mut reader = XmlReader::new(deep.as_bytes());
        reader.root().unwrap();
        let err = reader.skip().unwrap_err();
        assert!(err.to_string().contains("nested more than"), "{err}");
    }

    #[test]
    fn a_huge_attribute_is_read_without_blowing_up() {
        let body = format!("<a v=\"{}\"/>", "x".repeat(1 << 20));
        let mut reader = XmlReader::new(body.as_bytes());
        let root = reader.root().unwrap();
        assert_eq!(root.attribute("v").unwrap().unwrap().len(), 1 << 20);
    }

    #[test]
    fn text_with_an_element_inside_is_an_error() {
        let mut reader = XmlReader::new(b"<a><b>x<c/></b></a>");
        reader.root().unwrap();
        reader.next_child().unwrap();
        assert!(reader.read_text().is_err());
    }
}
