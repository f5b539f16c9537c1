//! Smithy `document`: untyped JSON-like data carried as is.

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::fmt;

/// An open content value, for members whose shape is `document`.
///
/// Objects are kept in key order (a `BTreeMap`), so equal documents print
/// the same. Reading JSON keeps the last of duplicate keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Document {
    /// A map from string keys to documents.
    Object(BTreeMap<String, Document>),
    /// A list of documents.
    Array(Vec<Document>),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// No value.
    #[default]
    Null,
}

impl Document {
    /// The members, when this is an object.
    pub fn as_object(&self) -> Option<&BTreeMap<String, Document>> {
        match self {
            Self::Object(object) => Some(object),
            _ => None,
        }
    }

    /// The elements, when this is an array.
    pub fn as_array(&self) -> Option<&[Document]> {
        match self {
            Self::Array(array) => Some(array),
            _ => None,
        }
    }

    /// The number, when this is one.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Self::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_string(&self) -> Option<&str> {
        match self {
            Self::String(string) => Some(string),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// Whether this is [`Document::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }
}

impl From<&str> for Document {
    fn from(value: &str) -> Self {
        Self::String(value.to_owned())
    }
}

impl From<String> for Document {
    fn from(value: String) -> Self {
        Self::String(value)
    }
}

impl From<bool> for Document {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<i64> for Document {
    fn from(value: i64) -> Self {
        Self::Number(value.into())
    }
}

impl From<i32> for Document {
    fn from(value: i32) -> Self {
        Self::Number(i64::from(value).into())
    }
}

impl From<u64> for Document {
    fn from(value: u64) -> Self {
        Self::Number(value.into())
    }
}

impl From<f64> for Document {
    fn from(value: f64) -> Self {
        Self::Number(value.into())
    }
}

impl From<Number> for Document {
    fn from(value: Number) -> Self {
        Self::Number(value)
    }
}

impl From<Vec<Document>> for Document {
    fn from(value: Vec<Document>) -> Self {
        Self::Array(value)
    }
}

impl From<BTreeMap<String, Document>> for Document {
    fn from(value: BTreeMap<String, Document>) -> Self {
        Self::Object(value)
    }
}

/// A document number.
///
/// Integers keep full 64-bit precision: [`Number::PosInt`] holds zero and
/// the positive ones, [`Number::NegInt`] the negative ones (the `From`
/// conversions and the JSON reader keep to that). Everything else is a
/// [`Number::Float`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// An integer ≥ 0.
    PosInt(u64),
    /// An integer < 0.
    NegInt(i64),
    /// A floating-point number, possibly NaN or infinite.
    Float(f64),
}

impl Number {
    /// The number as an `f64`, rounding integers beyond 2^53 to the nearest
    /// representable value.
    pub fn to_f64_lossy(self) -> f64 {
        match self {
            Self::PosInt(v) => v as f64,
            Self::NegInt(v) => v as f64,
            Self::Float(v) => v,
        }
    }

    /// The number as an `f32`, rounding to the nearest representable value.
    pub fn to_f32_lossy(self) -> f32 {
        match self {
            Self::PosInt(v) => v as f32,
            Self::NegInt(v) => v as f32,
            Self::Float(v) => v as f32,
        }
    }

    /// The number as an `i128`, which holds every integer variant; a float
    /// only when it is a whole number within ±2^127.
    fn to_i128(self) -> Result<i128, NumberConversionError> {
        match self {
            Self::PosInt(v) => Ok(i128::from(v)),
            Self::NegInt(v) => Ok(i128::from(v)),
            Self::Float(v) => {
                // 2^127 is exactly representable; everything strictly inside
                // ±2^127 converts to i128 without loss once it is whole.
                const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
                if v.fract() == 0.0 && v > -LIMIT && v < LIMIT {
                    Ok(v as i128)
                } else {
                    Err(NumberConversionError { _private: () })
                }
            }
        }
    }
}

impl From<i64> for Number {
    /// Non-negative values become [`Number::PosInt`].
    fn from(value: i64) -> Self {
        match u64::try_from(value) {
            Ok(positive) => Self::PosInt(positive),
            Err(_) => Self::NegInt(value),
        }
    }
}

impl From<u64> for Number {
    fn from(value: u64) -> Self {
        Self::PosInt(value)
    }
}

impl From<f64> for Number {
    fn from(value: f64) -> Self {
        Self::Float(value)
    }
}

macro_rules! integer_conversions {
    ($($int:ty),*) => {$(
        impl TryFrom<Number> for $int {
            type Error = NumberConversionError;

            /// Converts integers in range, and floats that are whole numbers
            /// in range; anything else is an error rather than a truncation.
            fn try_from(number: Number) -> Result<Self, Self::Error> {
                let value = number.to_i128()?;
                <$int>::try_from(value).map_err(|_| NumberConversionError { _private: () })
            }
        }
    )*};
}

integer_conversions!(i8, i16, i32, i64, u8, u16, u32, u64);

/// A [`Number`] is not a value of the requested integer type: it is out of
/// range, or a float with a fractional part, NaN or infinite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberConversionError {
    _private: (),
}

impl fmt::Display for NumberConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("number cannot be converted to that integer type without loss")
    }
}

impl StdError for NumberConversionError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_match_the_variant() {
        let doc = Document::from(vec![Document::from("a"), Document::Null]);
        assert_eq!(doc.as_array().map(<[_]>::len), Some(2));
        assert!(doc.as_object().is_none() && doc.as_string().is_none());
        assert_eq!(Document::from("s").as_string(), Some("s"));
        assert_eq!(Document::from(true).as_bool(), Some(true));
        assert_eq!(Document::from(2.5).as_number(), Some(Number::Float(2.5)));
        assert!(Document::Null.is_null() && Document::default().is_null());
        let object = Document::from(BTreeMap::from([("k".to_owned(), Document::from(1i64))]));
        assert_eq!(object.as_object().map(BTreeMap::len), Some(1));
    }

    #[test]
    fn integers_are_normalised_by_sign() {
        assert_eq!(Number::from(0i64), Number::PosInt(0));
        assert_eq!(Number::from(5i64), Number::PosInt(5));
        assert_eq!(Number::from(-5i64), Number::NegInt(-5));
        assert_eq!(Document::from(-1i32), Document::Number(Number::NegInt(-1)));
        assert_eq!(
            Document::from(u64::MAX),
            Document::Number(Number::PosInt(u64::MAX))
        );
    }

    #[test]
    fn integer_conversions_check_range_and_exactness() {
        assert_eq!(i8::try_from(Number::PosInt(127)), Ok(127));
        assert!(i8::try_from(Number::PosInt(128)).is_err());
        assert!(u64::try_from(Number::NegInt(-1)).is_err());
        assert_eq!(i64::try_from(Number::NegInt(i64::MIN)), Ok(i64::MIN));
        assert!(i64::try_from(Number::PosInt(u64::MAX)).is_err());
        assert_eq!(u64::try_from(Number::PosInt(u64::MAX)), Ok(u64::MAX));
        assert_eq!(i32::try_from(Number::Float(-3.0)), Ok(-3));
        assert!(i32::try_from(Number::Float(3.5)).is_err());
        assert!(i32::try_from(Number::Float(f64::NAN)).is_err());
        assert!(i64::try_from(Number::Float(f64::INFINITY)).is_err());
        assert!(i64::try_from(Number::Float(1e19)).is_err());
        assert_eq!(
            u64::try_from(Number::Float(1e19)),
            Ok(10_000_000_000_000_000_000)
        );
        assert!(u64::try_from(Number::Float(1e300)).is_err());
    }

    #[test]
    fn lossy_float_conversions() {
        assert_eq!(
            Number::PosInt(u64::MAX).to_f64_lossy(),
            18_446_744_073_709_551_616.0
        );
        assert_eq!(Number::NegInt(-2).to_f64_lossy(), -2.0);
        assert_eq!(Number::Float(0.1).to_f32_lossy(), 0.1f32);
    }
}
