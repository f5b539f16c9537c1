//! Reads input values out of the parsed [`Document`], naming where the
//! value is ([`Path`]) in every error, as the AWS CLI does:
//! `Invalid type for parameter tags[0].key, value: a number, valid types:
//! <class 'str'>`.
//!
//! Every reader takes the value and its path, so a generated reader of a
//! structure (`read_tag(value, path)`) and these (`value::string`) can be
//! handed to [`list_of`] and [`map_of`] alike.

use super::{UsageError, usage};
use crate::document::{Document, Number};
use crate::error::BuildError;
use crate::{Blob, DateTime, datetime::Format};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::Hash;

/// Where a value is in a command's input. Displayed as the AWS CLI names
/// parameters: `componentName`, `tags[0].key`, `attributes.color`; built
/// only when an error names it.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The input itself (`input` in messages).
    Input,
    /// A member of a structure or of the input, or a map's value by its key.
    Member(&'a Path<'a>, &'a str),
    /// An item of a list.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The input's member `name`, a command's parameter.
    pub fn input(name: &'a str) -> Path<'a> {
        Path::Member(&Path::Input, name)
    }

    /// The member (or map key) `name` of the value here.
    pub fn member(&'a self, name: &'a str) -> Path<'a> {
        Path::Member(self, name)
    }

    /// The item `index` of the list here.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Input => f.write_str("input"),
            Path::Member(Path::Input, name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

fn wrong(path: &Path<'_>, expected: &str, found: &Document) -> UsageError {
    let found = match found {
        Document::Object(_) => "an object",
        Document::Array(_) => "a list",
        Document::Number(_) => "a number",
        Document::String(_) => "a string",
        Document::Bool(_) => "a boolean",
        Document::Null => "null",
    };
    usage(format!(
        "Invalid type for parameter {path}, value: {found}, valid types: {expected}"
    ))
}

/// The error for member `member` of the structure at `path`, which has
/// none of that name; `expected` lists the members it has (empty: none).
pub fn unknown(path: &Path<'_>, member: &str, expected: &str) -> UsageError {
    usage(match (expected, path) {
        ("", Path::Input) => {
            format!("Unknown parameter in input: \"{member}\", the operation takes none")
        }
        ("", _) => {
            format!("Unknown parameter in {path}: \"{member}\", the structure has no members")
        }
        _ => format!("Unknown parameter in {path}: \"{member}\", must be one of: {expected}"),
    })
}

/// The error for input member `member`, which the operation does not have.
/// (A command checks the input's members against its flags as it parses
/// its arguments, where the error lists them: see [`unknown`].)
pub fn unknown_input(member: &str) -> UsageError {
    usage(format!("Unknown parameter in input: \"{member}\""))
}

/// The error for the structure at `path`, which its builder refused
/// (a required member is missing).
pub fn missing(path: &Path<'_>, error: &BuildError) -> UsageError {
    usage(format!("Missing required parameter in {path}: {error}"))
}

/// A string.
pub fn string(v: &Document, path: &Path<'_>) -> Result<String, UsageError> {
    match v {
        Document::String(s) => Ok(s.clone()),
        other => Err(wrong(path, "<class 'str'>", other)),
    }
}

/// An enum, from its string value (one the enum does not know is kept).
pub fn enumeration<T: for<'s> From<&'s str>>(
    v: &Document,
    path: &Path<'_>,
) -> Result<T, UsageError> {
    string(v, path).map(|s| T::from(s.as_str()))
}

/// An `intEnum`, from its integer value.
pub fn int_enum<T: From<i32>>(v: &Document, path: &Path<'_>) -> Result<T, UsageError> {
    integer::<i32>(v, path).map(T::from)
}

/// A boolean.
pub fn boolean(v: &Document, path: &Path<'_>) -> Result<bool, UsageError> {
    match v {
        Document::Bool(b) => Ok(*b),
        other => Err(wrong(path, "<class 'bool'>", other)),
    }
}

/// An integer of any width, range checked.
pub fn integer<T: TryFrom<Number>>(v: &Document, path: &Path<'_>) -> Result<T, UsageError> {
    match v {
        Document::Number(n) => T::try_from(*n).map_err(|_| {
            usage(format!(
                "Invalid value for parameter {path}: out of range or not an integer"
            ))
        }),
        other => Err(wrong(path, "<class 'int'>", other)),
    }
}

/// A double, as written.
pub fn float(v: &Document, path: &Path<'_>) -> Result<f64, UsageError> {
    match v {
        Document::Number(n) => Ok(n.to_f64_lossy()),
        other => Err(wrong(path, "<class 'float'>", other)),
    }
}

/// A float: the value as written, rounded to `f32` as Rust rounds.
pub fn float32(v: &Document, path: &Path<'_>) -> Result<f32, UsageError> {
    float(v, path).map(|f| f as f32)
}

/// A value parsed from its text: `bigInteger` and `bigDecimal`.
pub fn parsed<T>(v: &Document, path: &Path<'_>) -> Result<T, UsageError>
where
    T: std::str::FromStr,
    T::Err: fmt::Display,
{
    string(v, path)?
        .parse()
        .map_err(|e| usage(format!("Invalid value for parameter {path}: {e}")))
}

/// A timestamp: ISO 8601 text or seconds since the epoch.
pub fn timestamp(v: &Document, path: &Path<'_>) -> Result<DateTime, UsageError> {
    let parsed = match v {
        Document::String(s) => DateTime::from_str(s, Format::DateTime)
            .or_else(|_| DateTime::from_str(s, Format::EpochSeconds)),
        Document::Number(n) => {
            DateTime::from_str(&n.to_f64_lossy().to_string(), Format::EpochSeconds)
        }
        other => return Err(wrong(path, "<class 'datetime.datetime'>, timestamp", other)),
    };
    parsed.map_err(|e| usage(format!("Invalid timestamp for parameter {path}: {e}")))
}

/// A blob, given as base64 text.
pub fn blob(v: &Document, path: &Path<'_>) -> Result<Blob, UsageError> {
    let text = string(v, path)?;
    crate::blob::decode(&text)
        .map(Blob::new)
        .map_err(|e| usage(format!("Invalid base64 for parameter {path}: {e}")))
}

/// A document: the JSON as it is.
pub fn document(v: &Document, _path: &Path<'_>) -> Result<Document, UsageError> {
    Ok(v.clone())
}

/// A streaming blob from the file the command line names.
pub fn byte_stream(
    v: &Document,
    path: &Path<'_>,
) -> Result<crate::byte_stream::ByteStream, UsageError> {
    let file = string(v, path)?;
    crate::byte_stream::ByteStream::from_path(&file).map_err(|e| {
        usage(format!(
            "Error parsing parameter '{path}': Unable to load paramfile {file}: {e}"
        ))
    })
}

/// An input event stream, which the command line cannot send (as in the
/// AWS CLI, whose commands take none): always a usage error.
pub fn event_stream<T>(_: &Document, path: &Path<'_>) -> Result<T, UsageError> {
    Err(usage(format!(
        "Error parsing parameter '{path}': an event stream cannot be sent from the command line"
    )))
}

/// A list's items, as JSON.
pub fn list<'a>(v: &'a Document, path: &Path<'_>) -> Result<&'a [Document], UsageError> {
    match v {
        Document::Array(items) => Ok(items),
        other => Err(wrong(path, "<class 'list'>", other)),
    }
}

/// An object (structure, map or union), as JSON.
pub fn object<'a>(
    v: &'a Document,
    path: &Path<'_>,
) -> Result<&'a BTreeMap<String, Document>, UsageError> {
    match v {
        Document::Object(members) => Ok(members),
        other => Err(wrong(path, "<class 'dict'>", other)),
    }
}

/// A list whose items `read` reads, each at its index.
pub fn list_of<T>(
    v: &Document,
    path: &Path<'_>,
    read: impl Fn(&Document, &Path<'_>) -> Result<T, UsageError>,
) -> Result<Vec<T>, UsageError> {
    list(v, path)?
        .iter()
        .enumerate()
        .map(|(index, item)| read(item, &path.index(index)))
        .collect()
}

/// A map whose values `read` reads, each under its key.
pub fn map_of<K, V>(
    v: &Document,
    path: &Path<'_>,
    read: impl Fn(&Document, &Path<'_>) -> Result<V, UsageError>,
) -> Result<HashMap<K, V>, UsageError>
where
    K: for<'s> From<&'s str> + Eq + Hash,
{
    object(v, path)?
        .iter()
        .map(|(key, value)| Ok((K::from(key.as_str()), read(value, &path.member(key))?)))
        .collect()
}

/// `read` for the items of a `@sparse` collection: `None` for `null`.
pub fn nullable<T>(
    read: impl Fn(&Document, &Path<'_>) -> Result<T, UsageError>,
) -> impl Fn(&Document, &Path<'_>) -> Result<Option<T>, UsageError> {
    move |v, path| match v {
        Document::Null => Ok(None),
        v => read(v, path).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_the_aws_cli_names_parameters() {
        let tags = Path::input("tags");
        let first = tags.index(0);
        assert_eq!(first.member("key").to_string(), "tags[0].key");
        assert_eq!(Path::Input.to_string(), "input");
        assert_eq!(Path::input("name").to_string(), "name");
    }

    #[test]
    fn values_name_the_parameter() {
        let e = string(&Document::Bool(true), &Path::input("componentName")).unwrap_err();
        assert!(e.0.contains("componentName"), "{e}");
        let n = Path::input("n");
        assert_eq!(
            integer::<i32>(&Document::Number(Number::PosInt(7)), &n).unwrap(),
            7
        );
        assert!(integer::<i8>(&Document::Number(Number::PosInt(700)), &n).is_err());
        let t = timestamp(&Document::String("2023-11-14T22:13:20Z".into()), &n).unwrap();
        assert_eq!(t.secs(), 1_700_000_000);
    }

    #[test]
    fn collections_name_the_item_that_is_wrong() {
        let tags = Path::input("tags");
        let list = Document::Array(vec![Document::from("a"), Document::Bool(true)]);
        let e = list_of(&list, &tags, string).unwrap_err();
        assert!(e.0.contains("tags[1]"), "{e}");
        let mut members = BTreeMap::new();
        members.insert("color".to_owned(), Document::Number(Number::PosInt(1)));
        let map = Document::Object(members);
        let e = map_of::<String, String>(&map, &Path::input("attributes"), string).unwrap_err();
        assert!(e.0.contains("attributes.color"), "{e}");
        let sparse = Document::Array(vec![Document::Null, Document::from("b")]);
        assert_eq!(
            list_of(&sparse, &tags, nullable(string)).unwrap(),
            vec![None, Some("b".to_owned())]
        );
    }

    #[test]
    fn unknown_members_list_what_is_known() {
        let e = unknown(&Path::Input, "nme", "name, tags");
        assert_eq!(
            e.0,
            "Unknown parameter in input: \"nme\", must be one of: name, tags"
        );
        let tags = Path::input("tags");
        let e = unknown(&tags.index(0), "x", "");
        assert_eq!(
            e.0,
            "Unknown parameter in tags[0]: \"x\", the structure has no members"
        );
        assert!(
            unknown(&Path::Input, "x", "")
                .0
                .contains("the operation takes none")
        );
    }
}
