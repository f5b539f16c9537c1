//! The writer generated serializers fill with restXml request bodies.

use crate::datetime::{DateTime, Format};
use crate::error::BuildError;
use crate::http_binding::ToWire;

/// An XML document being written, element by element.
///
/// Generated code calls [`start`](Self::start), then, while the start tag
/// is still open, [`namespace`](Self::namespace) and
/// [`attribute`](Self::attribute); then the content (text through
/// [`text`](Self::text) and its typed siblings, or child elements); then
/// [`end`](Self::end) with the same name. The writer only tracks whether a
/// start tag is open: names are the generator's, balanced by construction.
///
/// Text and attribute values are escaped so that they read back exactly:
/// besides `&`, `<`, `>` and quotes, carriage returns and newlines are
/// written as character references, which XML parsers would otherwise
/// normalise.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
    /// A start tag is written up to its attributes and still needs its `>`.
    open: bool,
}

impl XmlWriter {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    fn close_start(&mut self) {
        if self.open {
            self.out.push('>');
            self.open = false;
        }
    }

    /// Starts element `name`; its start tag stays open for namespaces and
    /// attributes until content or its end is written.
    pub fn start(&mut self, name: &str) {
        self.close_start();
        self.out.push('<');
        self.out.push_str(name);
        self.open = true;
    }

    /// Declares a namespace on the element just started: `xmlns="uri"`, or
    /// `xmlns:prefix="uri"` with a prefix.
    pub fn namespace(&mut self, prefix: Option<&str>, uri: &str) {
        match prefix {
            Some(prefix) => {
                let name = format!("xmlns:{prefix}");
                self.attribute(&name, uri);
            }
            None => self.attribute("xmlns", uri),
        }
    }

    /// Adds attribute `name="value"` to the element just started.
    pub fn attribute(&mut self, name: &str, value: &str) {
        debug_assert!(self.open, "attribute `{name}` written outside a start tag");
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value, true);
        self.out.push('"');
    }

    /// Writes text content.
    pub fn text(&mut self, text: &str) {
        self.close_start();
        escape_into(&mut self.out, text, false);
    }

    /// Writes a boolean or a number as the protocols write them (`true`,
    /// `10.8`, `NaN`, `-Infinity`).
    pub fn value<T: ToWire + ?Sized>(&mut self, value: &T) {
        self.text(&value.to_wire());
    }

    /// Writes a timestamp in `format`.
    ///
    /// # Errors
    /// When the format cannot express it (a year outside 0000-9999 in a
    /// date string); `field` names the member.
    pub fn timestamp(
        &mut self,
        value: &DateTime,
        format: Format,
        field: &'static str,
    ) -> Result<(), BuildError> {
        let text = value
            .fmt(format)
            .map_err(|e| BuildError::invalid_field(field, e.to_string()))?;
        self.text(&text);
        Ok(())
    }

    /// Writes a blob as base64.
    pub fn blob(&mut self, value: &[u8]) {
        self.text(&crate::blob::encode(value));
    }

    /// Ends element `name` (`<name/>` when it has no content).
    pub fn end(&mut self, name: &str) {
        if self.open {
            self.out.push_str("/>");
            self.open = false;
        } else {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
    }

    /// The finished document.
    pub fn finish(mut self) -> String {
        self.close_start();
        self.out
    }
}

/// Appends `text` escaped for element content or, with `attribute`, for a
/// double-quoted attribute value (where tabs are escaped too).
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#xD;"),
            '\n' => out.push_str("&#xA;"),
            '\t' if attribute => out.push_str("&#x9;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::XmlReader;

    #[test]
    fn elements_attributes_and_namespaces() {
        let mut w = XmlWriter::new();
        w.start("Root");
        w.namespace(None, "https://example.com");
        w.attribute("test", "a\"b");
        w.start("child");
        w.namespace(Some("baz"), "http://baz.com");
        w.value(&1.5_f64);
        w.end("child");
        w.start("empty");
        w.end("empty");
        w.end("Root");
        assert_eq!(
            w.finish(),
            "<Root xmlns=\"https://example.com\" test=\"a&quot;b\">\
             <child xmlns:baz=\"http://baz.com\">1.5</child><empty/></Root>"
        );
    }

    #[test]
    fn text_reads_back_exactly() {
        let text = "escaped data: &lt;\r\n\t<'\"> é";
        let mut w = XmlWriter::new();
        w.start("a");
        w.attribute("v", text);
        w.text(text);
        w.end("a");
        let body = w.finish();
        let mut reader = XmlReader::new(body.as_bytes());
        let root = reader.root().unwrap();
        assert_eq!(root.attribute("v").unwrap().as_deref(), Some(text));
        assert_eq!(reader.read_string().unwrap(), text);
    }
}
