//! Small value types that generated shapes use: the payload of an enum's
//! `Unknown` variant and arbitrary-precision numbers.

use crate::json::number::Decimal;
use std::error::Error as StdError;
use std::fmt;
use std::str::FromStr;

/// The wire value of a string enum member this client does not know.
///
/// Generated enums keep it in their `Unknown` variant so that a value a
/// service added after the client was generated survives a round trip. It
/// is opaque on purpose: matching on it would break as soon as the client is
/// regenerated with the new member. Use the enum's `as_str()` to read it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownVariantValue(String);

impl UnknownVariantValue {
    /// For generated code only.
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value as it appeared on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The wire value of an `intEnum` member this client does not know; see
/// [`UnknownVariantValue`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownIntVariantValue(i32);

impl UnknownIntVariantValue {
    /// For generated code only.
    #[doc(hidden)]
    pub fn new(value: i32) -> Self {
        Self(value)
    }

    /// The value as it appeared on the wire.
    pub fn value(&self) -> i32 {
        self.0
    }
}

impl fmt::Display for UnknownIntVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A Smithy `bigInteger`: an integer of any size, kept as its decimal text.
///
/// The text is validated (`-?(0|[1-9][0-9]*)`, JSON's integer syntax) but
/// never converted, so no precision is lost. Equality compares the text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

impl BigInteger {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps text already known to have integer syntax.
    pub(crate) fn from_checked(text: String) -> Self {
        Self(text)
    }
}

impl FromStr for BigInteger {
    type Err = BigNumberParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match Decimal::parse(text) {
            Ok(decimal) if decimal.is_integer_syntax() => Ok(Self(text.to_owned())),
            _ => Err(BigNumberParseError { kind: "integer" }),
        }
    }
}

impl From<i64> for BigInteger {
    fn from(value: i64) -> Self {
        Self(value.to_string())
    }
}

impl From<u64> for BigInteger {
    fn from(value: u64) -> Self {
        Self(value.to_string())
    }
}

impl fmt::Display for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Smithy `bigDecimal`: a decimal number of any size and precision, kept as
/// its text.
///
/// The text is validated against JSON's number syntax (so `1.5e-7` is
/// accepted, `NaN` and `.5` are not) but never converted. Equality compares
/// the text: `1.0` and `1.00` are different values of this type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

impl BigDecimal {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps text already known to have JSON number syntax.
    pub(crate) fn from_checked(text: String) -> Self {
        Self(text)
    }
}

impl FromStr for BigDecimal {
    type Err = BigNumberParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match Decimal::parse(text) {
            Ok(_) => Ok(Self(text.to_owned())),
            Err(_) => Err(BigNumberParseError { kind: "decimal" }),
        }
    }
}

impl From<i64> for BigDecimal {
    fn from(value: i64) -> Self {
        Self(value.to_string())
    }
}

impl fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A text is not a valid [`BigInteger`] or [`BigDecimal`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigNumberParseError {
    kind: &'static str,
}

impl fmt::Display for BigNumberParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid {} number", self.kind)
    }
}

impl StdError for BigNumberParseError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_keep_the_wire_value() {
        let value = UnknownVariantValue::new("NEW_STATUS");
        assert_eq!(value.as_str(), "NEW_STATUS");
        assert_eq!(value.to_string(), "NEW_STATUS");
        assert_eq!(UnknownIntVariantValue::new(-7).value(), -7);
    }

    #[test]
    fn big_integer_accepts_integer_syntax_only() {
        for good in ["0", "-0", "123456789012345678901234567890", "-42"] {
            assert_eq!(good.parse::<BigInteger>().unwrap().as_str(), good);
        }
        for bad in ["", "+1", "01", "1.0", "1e3", "1_000", " 1", "abc", "-"] {
            assert!(bad.parse::<BigInteger>().is_err(), "{bad:?}");
        }
        assert_eq!(BigInteger::from(i64::MIN).as_str(), "-9223372036854775808");
        assert_eq!(
            BigInteger::from(u64::MAX).to_string(),
            "18446744073709551615"
        );
    }

    #[test]
    fn big_decimal_accepts_json_numbers() {
        for good in ["0", "-1.5", "1e400", "1.23456789012345678901234567890E-30"] {
            assert_eq!(good.parse::<BigDecimal>().unwrap().to_string(), good);
        }
        for bad in ["", ".5", "1.", "NaN", "Infinity", "1e", "0x1", "1 "] {
            let err = bad.parse::<BigDecimal>().unwrap_err();
            assert_eq!(err.to_string(), "not a valid decimal number");
        }
        assert_ne!(
            "1.0".parse::<BigDecimal>().unwrap(),
            "1.00".parse::<BigDecimal>().unwrap()
        );
    }
}
