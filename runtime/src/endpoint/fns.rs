//! The rules-engine standard library and its AWS extensions, as generated
//! resolvers call them.
//!
//! | rule set function               | Rust                               |
//! |---------------------------------|------------------------------------|
//! | `substring`                     | [`substring`]                      |
//! | `uriEncode`                     | [`uri_encode`]                     |
//! | `split`                         | [`split`]                          |
//! | `parseURL`                      | [`parse_url`]                      |
//! | `isValidHostLabel`              | [`is_valid_host_label`]            |
//! | `aws.partition`                 | [`partition`]                      |
//! | `aws.parseArn`                  | [`parse_arn`]                      |
//! | `aws.isVirtualHostableS3Bucket` | [`is_virtual_hostable_s3_bucket`]  |
//!
//! `isSet`, `not`, `booleanEquals`, `stringEquals`, `getAttr`, `coalesce`
//! and `ite` need no runtime support: they compile to `if let`, `!`, `==`,
//! accessor calls, `Option::or`/`unwrap_or` and `if`/`else`.
//! Functions that the rule set types as `option<T>` return [`Option`]; none of
//! them panics, whatever the input.

pub use super::arn::parse_arn;
pub use super::host::{is_valid_host_label, is_virtual_hostable_s3_bucket};
pub use super::partition::partition;
pub use super::text::{split, substring, uri_encode};
pub use super::url::parse_url;
