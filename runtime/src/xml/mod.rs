//! XML bodies, for the protocols whose responses are XML (awsQuery,
//! ec2Query and restXml) and restXml's requests.
//!
//! [`XmlReader`] is a pull reader over a whole body, built on quick-xml:
//! generated deserializers walk it element by element, the way they walk
//! `json::JsonReader`, and never build a tree. It is strict about what
//! could hurt a client and lenient about what a service may add:
//!
//! - a document type declaration is refused outright, so no entity can be
//!   declared, let alone expanded: only the five predefined entities and
//!   character references are read;
//! - elements nest at most [`MAX_DEPTH`] deep;
//! - mismatched or missing end tags, and a body cut short, are errors;
//! - namespace prefixes are ignored (elements are matched by local name),
//!   as are comments, processing instructions and unknown elements.
//!
//! [`XmlWriter`] writes request bodies, escaping what it writes so that it
//! reads back exactly.
//!
//! [`error_metadata`] and [`error_element`] find an error response's code,
//! message and request id in any of the three protocols' error shapes.

mod collections;
mod error;
mod reader;
mod writer;

pub use collections::{
    ReadItem, read_body, read_document, read_empty, read_entry, read_list, read_map, read_wrapped,
};
pub use error::{error_element, error_metadata, is_error_document};
pub use reader::{MAX_DEPTH, XmlReader, XmlStart};
pub use writer::XmlWriter;

/// A map's entries in key order, so that the same map is always written
/// (and signed) the same way.
pub use crate::query::sorted_entries;
