//! Lists, maps and output wrappers, read the same way for every type:
//! generated code passes the reader of one item or value.

use super::{XmlReader, XmlStart};
use crate::error::DeserializeError;
use std::collections::HashMap;
use std::hash::Hash;

/// Reads one item (or value) of a list or map, positioned just after its
/// start tag, through its end tag.
pub trait ReadItem<'a, T>:
    FnMut(&mut XmlReader<'a>, &XmlStart<'a>) -> Result<T, DeserializeError>
{
}

impl<'a, T, F> ReadItem<'a, T> for F where
    F: FnMut(&mut XmlReader<'a>, &XmlStart<'a>) -> Result<T, DeserializeError>
{
}

/// The items of a wrapped list (`<List><member>..</member>..</List>`), the
/// element being read: each child named `item` is read with `read`;
/// others are skipped.
///
/// # Errors
/// When an item cannot be read or the XML is malformed.
pub fn read_list<'a, T>(
    reader: &mut XmlReader<'a>,
    item: &str,
    mut read: impl ReadItem<'a, T>,
) -> Result<Vec<T>, DeserializeError> {
    let mut items = Vec::new();
    while let Some(child) = reader.next_child()? {
        if child.name() == item {
            items.push(read(reader, &child)?);
        } else {
            reader.skip()?;
        }
    }
    Ok(items)
}

/// One map entry, the element being read: its `key` child as text and its
/// `value` child read with `read`; `None` when either is missing.
///
/// # Errors
/// When the value cannot be read or the XML is malformed.
pub fn read_entry<'a, K, V>(
    reader: &mut XmlReader<'a>,
    key: &str,
    value: &str,
    mut read: impl ReadItem<'a, V>,
) -> Result<Option<(K, V)>, DeserializeError>
where
    K: for<'s> From<&'s str>,
{
    let mut found_key = None;
    let mut found_value = None;
    while let Some(child) = reader.next_child()? {
        if child.name() == key {
            found_key = Some(K::from(reader.read_text()?.as_ref()));
        } else if child.name() == value {
            found_value = Some(read(reader, &child)?);
        } else {
            reader.skip()?;
        }
    }
    Ok(found_key.zip(found_value))
}

/// The entries of a wrapped map (`<Map><entry><key>..</key><value>..
/// </value></entry>..</Map>`), the element being read.
///
/// # Errors
/// When a value cannot be read or the XML is malformed.
pub fn read_map<'a, K, V>(
    reader: &mut XmlReader<'a>,
    key: &str,
    value: &str,
    mut read: impl ReadItem<'a, V>,
) -> Result<HashMap<K, V>, DeserializeError>
where
    K: for<'s> From<&'s str> + Eq + Hash,
{
    let mut map = HashMap::new();
    while let Some(child) = reader.next_child()? {
        if child.name() == "entry" {
            if let Some((k, v)) = read_entry(reader, key, value, &mut read)? {
                map.insert(k, v);
            }
        } else {
            reader.skip()?;
        }
    }
    Ok(map)
}

/// Reads a whole body whose root element is the structure (ec2Query
/// outputs, restXml payloads), checking the rest of the document.
///
/// # Errors
/// When the body is not well-formed XML or the structure cannot be read.
pub fn read_document<T>(
    body: &[u8],
    read: fn(&mut XmlReader<'_>, &XmlStart<'_>) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    let mut reader = XmlReader::new(body);
    let root = reader.root()?;
    let value = read(&mut reader, &root)?;
    reader.finish()?;
    Ok(value)
}

/// Reads a restXml output from its whole body: the root element's
/// content, or an empty structure when the body is empty (services send
/// none when no body member is set).
///
/// # Errors
/// When the body is not well-formed XML or the structure cannot be read.
pub fn read_body<T>(
    body: &[u8],
    read: fn(&mut XmlReader<'_>, &XmlStart<'_>) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    if body.trim_ascii().is_empty() {
        read_empty(read)
    } else {
        read_document(body, read)
    }
}

/// Reads an awsQuery output: the `result` child of the root element (as in
/// `<OpResponse><OpResult>..</OpResult></OpResponse>`), or an empty
/// structure when there is none.
///
/// # Errors
/// When the body is not well-formed XML or the structure cannot be read.
pub fn read_wrapped<T>(
    body: &[u8],
    result: &str,
    read: fn(&mut XmlReader<'_>, &XmlStart<'_>) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    let mut reader = XmlReader::new(body);
    reader.root()?;
    let value = match reader.find_child(result)? {
        Some(start) => read(&mut reader, &start)?,
        None => read_empty(read)?,
    };
    reader.finish()?;
    Ok(value)
}

/// The structure `read` gives for an element with no content.
///
/// # Errors
/// When `read` fails on it (it never does for generated readers).
pub fn read_empty<T>(
    read: fn(&mut XmlReader<'_>, &XmlStart<'_>) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    let mut empty = XmlReader::new(b"<Empty/>");
    let start = empty.root()?;
    read(&mut empty, &start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings<'a>(
        reader: &mut XmlReader<'a>,
        _: &XmlStart<'a>,
    ) -> Result<String, DeserializeError> {
        reader.read_string()
    }

    #[test]
    fn lists_and_maps() {
        let mut reader = XmlReader::new(
            b"<r><l><member>a</member><other/><member>b</member></l><m><entry><key>k</key><value>v</value></entry><entry><key>x</key></entry></m></r>",
        );
        reader.root().unwrap();
        reader.next_child().unwrap();
        assert_eq!(
            read_list(&mut reader, "member", strings).unwrap(),
            ["a", "b"]
        );
        reader.next_child().unwrap();
        let map: HashMap<String, String> = read_map(&mut reader, "key", "value", strings).unwrap();
        assert_eq!(map.len(), 1);
        assert_eq!(map["k"], "v");
    }

    fn first(
        reader: &mut XmlReader<'_>,
        _: &XmlStart<'_>,
    ) -> Result<Option<String>, DeserializeError> {
        Ok(match reader.find_child("a")? {
            Some(_) => {
                let text = reader.read_string()?;
                reader.skip()?;
                Some(text)
            }
            None => None,
        })
    }

    #[test]
    fn wrappers() {
        let body = b"<OpResponse><OpResult><a>1</a></OpResult><ResponseMetadata/></OpResponse>";
        assert_eq!(
            read_wrapped(body, "OpResult", first).unwrap().as_deref(),
            Some("1")
        );
        let body = b"<OpResponse><ResponseMetadata/></OpResponse>";
        assert_eq!(read_wrapped(body, "OpResult", first).unwrap(), None);
        assert_eq!(
            read_document(b"<X><a>2</a></X>", first).unwrap().as_deref(),
            Some("2")
        );
        assert!(read_document(b"<X><a>2</a>", first).is_err());
    }
}
