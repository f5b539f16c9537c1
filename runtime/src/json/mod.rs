//! JSON for Smithy's JSON protocols.
//!
//! [`JsonReader`] is a pull parser: generated deserializers ask it for the
//! value they expect next, so a body is read in one pass without an
//! intermediate tree, and strings without escapes are borrowed from the
//! body. [`JsonObjectWriter`] and its companions append compact JSON to a
//! `String`.
//!
//! Both follow RFC 8259 strictly (no comments, trailing commas, single
//! quotes or leading zeros) and add what Smithy's JSON protocols define on
//! top: `"NaN"`, `"Infinity"` and `"-Infinity"` strings for non-finite
//! floats, base64 strings for blobs, and timestamps in the three
//! [`Format`](crate::datetime::Format)s, epoch seconds read and written
//! exactly from the decimal text.

mod compose;
pub(crate) mod number;
mod reader;
mod scan;
mod value;
mod writer;

pub use reader::{DEFAULT_MAX_DEPTH, JsonReader};
pub use value::JsonValue;
pub use writer::{JsonArrayWriter, JsonObjectWriter, JsonValueWriter};

/// A response or request body as JSON to read: an empty body, or `null`
/// (which some services and emulators send for operations without
/// output), reads as an empty object.
pub fn body(body: &[u8]) -> &[u8] {
    if body.trim_ascii().is_empty() || body.trim_ascii() == b"null" {
        b"{}"
    } else {
        body
    }
}

#[cfg(test)]
mod proptests;
