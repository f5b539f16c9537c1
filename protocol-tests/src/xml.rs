//! XML bodies compared as documents: whitespace between elements, the
//! order of attributes, empty-element syntax and escaping do not matter;
//! element names (with their prefixes), attributes (namespace declarations
//! included) and text do. So does the order of same-named sibling
//! elements (a list's items), but not the order of differently named ones
//! (a structure's members, which readers match by name and cases list in
//! any order).
//!
//! One exception among same-named siblings: map entries. A client writes a map in the order
//! it holds it, and the cases list entries in the order their authors
//! wrote them; so runs of same-named sibling elements shaped like map
//! entries (exactly two child elements, the first holding only text: a key
//! and its value) compare as multisets. A list of two-member structures
//! is compared that way too, which only loses the check of its order.

use quick_xml::Reader;
use quick_xml::events::Event;

/// One element, canonicalised.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    /// The canonical text of the element, children included.
    fn canonical(&self) -> String {
        let mut out = format!("<{}", self.name);
        for (key, value) in &self.attributes {
            out.push_str(&format!(" {key}={value:?}"));
        }
        out.push('>');
        let mut children: Vec<(String, String, bool)> = self
            .children
            .iter()
            .map(|c| (c.name.clone(), c.canonical(), c.is_entry()))
            .collect();
        // Members in any order: a stable sort by name keeps each list's
        // items in theirs.
        children.sort_by(|a, b| a.0.cmp(&b.0));
        // Map entries in any order too.
        let mut start = 0;
        while start < children.len() {
            let mut end = start + 1;
            while end < children.len() && children[end].0 == children[start].0 {
                end += 1;
            }
            if children[start..end].iter().all(|c| c.2) {
                children[start..end].sort();
            }
            start = end;
        }
        for (_, child, _) in children {
            out.push_str(&child);
        }
        out.push_str(&format!("{:?}</{}>", self.text, self.name));
        out
    }

    fn is_entry(&self) -> bool {
        self.children.len() == 2 && self.children[0].children.is_empty()
    }
}

/// Parses `text` into its root element.
fn parse(text: &[u8]) -> Result<Element, String> {
    let mut reader = Reader::from_reader(text);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Element> = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(start) => {
                let name = start.name().into_inner().to_owned();
                let mut attributes = Vec::new();
                for attribute in start.attributes() {
                    let attribute = attribute.map_err(|e| e.to_string())?;
                    let key = attribute.key.into_inner().to_owned();
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| e.to_string())?
                        .into_owned();
                    attributes.push((key, value));
                }
                attributes.sort();
                stack.push(Element {
                    name,
                    attributes,
                    ..Element::default()
                });
            }
            Event::End(_) => {
                let mut element = stack.pop().ok_or("unbalanced end tag")?;
                // Whitespace around text (and between elements) is layout.
                element.text = element.text.trim().to_owned();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::Text(text) => {
                if let Some(element) = stack.last_mut() {
                    element.text.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(element) = stack.last_mut() {
                    if let Some(c) = reference.resolve_char_ref().map_err(|e| e.to_string())? {
                        element.text.push(c);
                    } else {
                        let name = reference.xml10_content();
                        let resolved = quick_xml::escape::resolve_xml_entity(&name)
                            .ok_or_else(|| format!("unknown entity &{name};"))?;
                        element.text.push_str(resolved);
                    }
                }
            }
            Event::CData(data) => {
                if let Some(element) = stack.last_mut() {
                    element.text.push_str(&data.xml10_content());
                }
            }
            Event::Eof => return Err("no root element".to_owned()),
            _ => {}
        }
    }
}

/// Compares two XML texts as documents.
///
/// # Errors
/// Both canonical forms when they differ, or which one is not XML. An
/// empty expected text matches only an empty body.
pub fn compare(expected: &str, actual: &[u8]) -> Result<(), String> {
    if expected.trim().is_empty() {
        return if actual.iter().all(u8::is_ascii_whitespace) {
            Ok(())
        } else {
            Err(format!(
                "expected no body, got {:?}",
                String::from_utf8_lossy(actual)
            ))
        };
    }
    let want = parse(expected.as_bytes())
        .map_err(|e| format!("the case's body is not XML: {e}"))?
        .canonical();
    let got = parse(actual)
        .map_err(|e| format!("not XML ({e}): {:?}", String::from_utf8_lossy(actual)))?
        .canonical();
    if want == got {
        Ok(())
    } else {
        Err(format!("expected {want}\n got {got}"))
    }
}

#[cfg(test)]
mod tests {
    use super::compare;

    #[test]
    fn layout_attribute_order_and_escaping_do_not_matter() {
        compare(
            "<a x=\"1\" y=\"2\">\n  <b>&lt;t&#xD;</b>\n  <c/>\n</a>",
            b"<a y=\"2\" x=\"1\"><b>&#60;t&#13;</b><c></c></a>",
        )
        .unwrap();
    }

    #[test]
    fn text_names_attributes_and_list_order_matter() {
        assert!(compare("<a><b>1</b></a>", b"<a><b>2</b></a>").is_err());
        assert!(compare("<a><b>1</b></a>", b"<a><c>1</c></a>").is_err());
        assert!(compare("<a x=\"1\"/>", b"<a/>").is_err());
        assert!(compare("<a xmlns=\"u\"/>", b"<a/>").is_err());
        assert!(compare("<l><m>1</m><m>2</m></l>", b"<l><m>2</m><m>1</m></l>").is_err());
    }

    #[test]
    fn members_in_any_order() {
        compare(
            "<s><b>2</b><a>1</a><l>x</l><l>y</l></s>",
            b"<s><l>x</l><a>1</a><l>y</l><b>2</b></s>",
        )
        .unwrap();
    }

    #[test]
    fn map_entries_in_any_order() {
        compare(
            "<m><entry><key>b</key><value>2</value></entry><entry><key>a</key><value>1</value></entry></m>",
            b"<m><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></m>",
        )
        .unwrap();
        assert!(
            compare(
                "<m><entry><key>a</key><value>2</value></entry></m>",
                b"<m><entry><key>a</key><value>1</value></entry></m>",
            )
            .is_err()
        );
    }
}
