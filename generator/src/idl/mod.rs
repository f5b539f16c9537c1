//! Smithy IDL 2.0 reader (in progress).
