//! Client-side checks of inputs, as botocore makes them: minimum lengths
//! and minimum values, before a request is serialized.
//!
//! Generated `validate_<type>` functions call these once per constrained
//! member. Each check is a comparison; the message naming the member's
//! place in the input (`input.tags[2].key`) is only formatted when the
//! check fails.

use crate::blob::Blob;
use crate::error::BuildError;
use std::collections::HashMap;

/// A value whose length a Smithy `@length` constraint bounds, counted as
/// Smithy counts it.
pub trait Length {
    /// What the length counts, for messages ("characters", "items").
    const UNIT: &'static str;

    /// The length: Unicode scalar values of a string (not bytes), bytes of
    /// a blob, items of a list, entries of a map.
    fn length(&self) -> usize;
}

impl Length for String {
    const UNIT: &'static str = "characters";

    fn length(&self) -> usize {
        self.chars().count()
    }
}

impl Length for Blob {
    const UNIT: &'static str = "bytes";

    fn length(&self) -> usize {
        self.len()
    }
}

impl<T> Length for Vec<T> {
    const UNIT: &'static str = "items";

    fn length(&self) -> usize {
        self.len()
    }
}

impl<K, V, S> Length for HashMap<K, V, S> {
    const UNIT: &'static str = "entries";

    fn length(&self) -> usize {
        self.len()
    }
}

/// Where a checked member is: the member's field name (as
/// [`BuildError::field`] gives it), the path of the value holding it
/// (`input`, `input.tags[2]`) and the member's name there (its wire name).
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    /// The member's field name.
    pub field: &'static str,
    /// The path of the value holding the member.
    pub path: &'a str,
    /// The member's name in the path.
    pub name: &'static str,
}

impl<'a> Member<'a> {
    /// The member `field`, named `name`, of the value at `path`.
    pub fn new(field: &'static str, path: &'a str, name: &'static str) -> Self {
        Member { field, path, name }
    }

    fn invalid(self, requirement: std::fmt::Arguments<'_>) -> BuildError {
        let Member { field, path, name } = self;
        BuildError::invalid_field(
            field,
            format!("{path}.{name} must be at least {requirement}"),
        )
    }

    /// Fails unless `value` is at least `min` long.
    ///
    /// # Errors
    /// A [`BuildError`] naming the member, its place, the minimum and the
    /// length.
    pub fn min_length<T: Length + ?Sized>(self, value: &T, min: usize) -> Result<(), BuildError> {
        let len = value.length();
        if len < min {
            return Err(self.invalid(format_args!("{min} {} long, but it is {len}", T::UNIT)));
        }
        Ok(())
    }

    /// Fails unless the integer `value` is at least `min`.
    ///
    /// # Errors
    /// A [`BuildError`] naming the member, its place, the minimum and the
    /// value.
    pub fn min_integer(self, value: impl Into<i64>, min: i64) -> Result<(), BuildError> {
        let actual = value.into();
        if actual < min {
            return Err(self.invalid(format_args!("{min}, but it is {actual}")));
        }
        Ok(())
    }

    /// Fails unless the floating-point `value` is at least `min`. NaN is
    /// let through, as every comparison with it is false: the service
    /// decides.
    ///
    /// # Errors
    /// A [`BuildError`] naming the member, its place, the minimum and the
    /// value.
    pub fn min_float(self, value: impl Into<f64>, min: f64) -> Result<(), BuildError> {
        let actual = value.into();
        if actual < min {
            return Err(self.invalid(format_args!("{min}, but it is {actual}")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Member;
    use crate::blob::Blob;
    use std::collections::HashMap;

    fn at() -> Member<'static> {
        Member::new("template_name", "input.items[2]", "templateName")
    }

    #[test]
    fn lengths_count_as_smithy_does() {
        // Three characters, six bytes.
        assert!(at().min_length(&"äöü".to_owned(), 3).is_ok());
        let e = at().min_length(&"äöü".to_owned(), 4).unwrap_err();
        assert_eq!(e.field(), Some("template_name"));
        assert_eq!(
            e.details(),
            "input.items[2].templateName must be at least 4 characters long, but it is 3"
        );
        let e = at().min_length(&Blob::new(vec![1]), 2).unwrap_err();
        assert!(
            e.details().ends_with("at least 2 bytes long, but it is 1"),
            "{e}"
        );
        let e = at().min_length(&Vec::<u8>::new(), 1).unwrap_err();
        assert!(
            e.details().ends_with("at least 1 items long, but it is 0"),
            "{e}"
        );
        let e = at()
            .min_length(&HashMap::<String, u8>::new(), 1)
            .unwrap_err();
        assert!(
            e.details()
                .ends_with("at least 1 entries long, but it is 0"),
            "{e}"
        );
    }

    #[test]
    fn minimum_values() {
        assert!(at().min_integer(5_i32, 5).is_ok());
        let e = at().min_integer(-1_i64, 0).unwrap_err();
        assert_eq!(
            e.details(),
            "input.items[2].templateName must be at least 0, but it is -1"
        );
        assert!(at().min_float(0.5_f32, 0.5).is_ok());
        let e = at().min_float(0.25_f64, 0.5).unwrap_err();
        assert!(e.details().ends_with("at least 0.5, but it is 0.25"), "{e}");
        assert!(at().min_float(f64::NAN, 0.0).is_ok());
    }
}
