//! JSON number lexemes and exact conversions from them.
//!
//! A number is kept as the digits it was written with, never as an `f64`, so
//! integers and timestamps convert exactly: `1700000000.123` seconds is
//! 123 000 000 nanoseconds, not the 122 999 999 a float would give.

/// Exponents are clamped to this magnitude while lexing. Any exponent this
/// large already shifts every digit a body can hold (bodies are far shorter
/// than 2^40 bytes) out of range or below a nanosecond, so the clamp never
/// changes a result; it only keeps the arithmetic from overflowing.
const EXP_LIMIT: i64 = 1 << 40;

/// Why a lexeme is not a JSON number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LexError {
    /// Byte offset of the fault, relative to the start of the lexeme.
    pub(crate) offset: usize,
    /// What was expected there.
    pub(crate) expected: &'static str,
}

/// A JSON number (RFC 8259 §6) split into its parts, borrowing the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Decimal<'a> {
    negative: bool,
    /// Digits before the decimal point: `0` or a digit string without a
    /// leading zero.
    int: &'a [u8],
    /// Digits after the decimal point, possibly empty.
    frac: &'a [u8],
    /// The exponent, clamped to ±[`EXP_LIMIT`].
    exp: i64,
    /// Whether the lexeme had an exponent part at all (`1e0` is not integer syntax).
    has_exp: bool,
}

/// `|value| × 10^scale`, rounded toward zero, with its sign and whether any
/// non-zero digit was dropped by the rounding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scaled {
    pub(crate) negative: bool,
    pub(crate) magnitude: u128,
    pub(crate) inexact: bool,
}

/// Why a number is not the integer the caller asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntError {
    /// The value has a non-zero fractional part.
    NotInteger,
    /// The value is an integer outside the target type's range.
    OutOfRange,
}

impl<'a> Decimal<'a> {
    /// Lexes the JSON number at the start of `input`. Returns it and its length;
    /// bytes after the number are not looked at, so `12,` lexes as `12`.
    pub(crate) fn lex(input: &'a [u8]) -> Result<(Self, usize), LexError> {
        let at = |i: usize| input.get(i).copied();
        let digits_from = |mut i: usize| {
            while matches!(at(i), Some(b'0'..=b'9')) {
                i += 1;
            }
            i
        };
        let mut i = 0;
        let negative = at(0) == Some(b'-');
        if negative {
            i += 1;
        }
        let int_start = i;
        i = match at(i) {
            Some(b'0') => i + 1,
            Some(b'1'..=b'9') => digits_from(i + 1),
            _ => {
                return Err(LexError {
                    offset: i,
                    expected: "a digit",
                });
            }
        };
        let int = &input[int_start..i];
        let mut frac: &[u8] = &[];
        if at(i) == Some(b'.') {
            let start = i + 1;
            i = digits_from(start);
            if i == start {
                return Err(LexError {
                    offset: i,
                    expected: "a digit after the decimal point",
                });
            }
            frac = &input[start..i];
        }
        let mut exp = 0i64;
        let has_exp = matches!(at(i), Some(b'e' | b'E'));
        if has_exp {
            i += 1;
            let exp_negative = at(i) == Some(b'-');
            if matches!(at(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let start = i;
            i = digits_from(start);
            if i == start {
                return Err(LexError {
                    offset: i,
                    expected: "a digit in the exponent",
                });
            }
            for &d in &input[start..i] {
                exp = (exp * 10 + i64::from(d - b'0')).min(EXP_LIMIT);
            }
            if exp_negative {
                exp = -exp;
            }
        }
        let decimal = Decimal {
            negative,
            int,
            frac,
            exp,
            has_exp,
        };
        Ok((decimal, i))
    }

    /// Parses the whole of `text` as one JSON number.
    pub(crate) fn parse(text: &'a str) -> Result<Self, LexError> {
        let (decimal, len) = Self::lex(text.as_bytes())?;
        if len != text.len() {
            return Err(LexError {
                offset: len,
                expected: "the end of the number",
            });
        }
        Ok(decimal)
    }

    /// Whether the number was written as a plain integer: no fraction and no
    /// exponent.
    pub(crate) fn is_integer_syntax(&self) -> bool {
        self.frac.is_empty() && !self.has_exp
    }

    /// Whether the number has a minus sign (`-0` included).
    pub(crate) fn is_negative(&self) -> bool {
        self.negative
    }

    /// The `index`th digit of the integer digits followed by the fraction digits.
    fn digit(&self, index: usize) -> u8 {
        let byte = match index.checked_sub(self.int.len()) {
            None => self.int[index],
            Some(in_frac) => self.frac[in_frac],
        };
        byte - b'0'
    }

    /// `|value| × 10^scale` rounded toward zero, or `None` when that does not
    /// fit in 39 digits.
    pub(crate) fn scaled(&self, scale: u32) -> Option<Scaled> {
        let len = self.int.len() + self.frac.len();
        let leading_zeros = (0..len).take_while(|&i| self.digit(i) == 0).count();
        if leading_zeros == len {
            return Some(Scaled {
                negative: self.negative,
                magnitude: 0,
                inexact: false,
            });
        }
        // Position of the decimal point relative to the first significant
        // digit, then how many significant positions land left of the scaled
        // point. i128 because int.len() and the clamped exponent are both
        // large in the worst case.
        let point = self.int.len() as i128 + i128::from(self.exp) - leading_zeros as i128;
        let keep = point + i128::from(scale);
        let significant = len - leading_zeros;
        if keep > 39 {
            return None;
        }
        let keep = usize::try_from(keep.max(0)).unwrap_or(0);
        let mut magnitude = 0u128;
        for k in 0..keep {
            let d = if k < significant {
                self.digit(leading_zeros + k)
            } else {
                0
            };
            magnitude = magnitude.checked_mul(10)?.checked_add(u128::from(d))?;
        }
        let inexact = (keep..significant).any(|k| self.digit(leading_zeros + k) != 0);
        Some(Scaled {
            negative: self.negative,
            magnitude,
            inexact,
        })
    }

    /// The number as an `i64`, accepting `1e3` or `5.0` because they are exactly
    /// integers, and rejecting `1.5`.
    pub(crate) fn to_i64(self) -> Result<i64, IntError> {
        // Fast path for the common case: a plain integer that cannot overflow.
        if self.is_integer_syntax() && self.int.len() <= 18 {
            let magnitude = self
                .int
                .iter()
                .fold(0i64, |acc, &d| acc * 10 + i64::from(d - b'0'));
            return Ok(if self.negative { -magnitude } else { magnitude });
        }
        let scaled = self.scaled(0).ok_or(IntError::OutOfRange)?;
        if scaled.inexact {
            return Err(IntError::NotInteger);
        }
        let magnitude = i128::try_from(scaled.magnitude).map_err(|_| IntError::OutOfRange)?;
        let value = if scaled.negative {
            -magnitude
        } else {
            magnitude
        };
        i64::try_from(value).map_err(|_| IntError::OutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex_len(s: &str) -> Result<usize, LexError> {
        Decimal::lex(s.as_bytes()).map(|(_, len)| len)
    }

    #[test]
    fn lexes_json_numbers_and_stops_at_the_first_foreign_byte() {
        assert_eq!(lex_len("0"), Ok(1));
        assert_eq!(lex_len("-0"), Ok(2));
        assert_eq!(lex_len("12,"), Ok(2));
        assert_eq!(lex_len("1.5e+10]"), Ok(7));
        assert_eq!(lex_len("1E-3"), Ok(4));
        // A leading zero ends the integer part: what follows is not this number.
        assert_eq!(lex_len("01"), Ok(1));
    }

    #[test]
    fn rejects_what_json_does_not_allow() {
        for bad in [
            "", "-", "+1", ".5", "1.", "1.e3", "1e", "1e+", "-a", "Infinity", "NaN",
        ] {
            assert!(lex_len(bad).is_err(), "{bad:?} should not lex");
        }
        assert_eq!(
            Decimal::parse("1.").unwrap_err(),
            LexError {
                offset: 2,
                expected: "a digit after the decimal point"
            }
        );
        assert!(Decimal::parse("1 ").is_err());
        assert!(Decimal::parse("01").is_err());
    }

    #[test]
    fn integer_syntax_means_no_fraction_and_no_exponent() {
        assert!(Decimal::parse("-12").unwrap().is_integer_syntax());
        assert!(!Decimal::parse("1e0").unwrap().is_integer_syntax());
        assert!(!Decimal::parse("1.0").unwrap().is_integer_syntax());
    }

    #[test]
    fn scales_exactly() {
        let scaled = |s: &str, scale| Decimal::parse(s).unwrap().scaled(scale).unwrap();
        let s = scaled("1700000000.123", 9);
        assert_eq!((s.magnitude, s.inexact), (1_700_000_000_123_000_000, false));
        let s = scaled("0.0000000015", 9);
        assert_eq!((s.magnitude, s.inexact), (1, true));
        let s = scaled("-1.5", 9);
        assert_eq!((s.negative, s.magnitude), (true, 1_500_000_000));
        let s = scaled("1700000000123e-3", 9);
        assert_eq!(s.magnitude, 1_700_000_000_123_000_000);
        let s = scaled("0.000", 0);
        assert_eq!((s.magnitude, s.inexact), (0, false));
        let s = scaled("1e-99999999999999999999", 9);
        assert_eq!((s.magnitude, s.inexact), (0, true));
        assert_eq!(scaled("0e99999999999999999999", 9).magnitude, 0);
        assert!(Decimal::parse("1e39").unwrap().scaled(0).is_none());
        assert!(
            Decimal::parse("1e99999999999999999999")
                .unwrap()
                .scaled(0)
                .is_none()
        );
    }

    #[test]
    fn converts_to_i64_exactly_or_not_at_all() {
        let int = |s: &str| Decimal::parse(s).unwrap().to_i64();
        assert_eq!(int("0"), Ok(0));
        assert_eq!(int("-0"), Ok(0));
        assert_eq!(int("1e3"), Ok(1000));
        assert_eq!(int("5.000"), Ok(5));
        assert_eq!(int("12300e-2"), Ok(123));
        assert_eq!(int("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(int("9223372036854775808"), Err(IntError::OutOfRange));
        assert_eq!(int("-9223372036854775809"), Err(IntError::OutOfRange));
        assert_eq!(int("1.5"), Err(IntError::NotInteger));
        assert_eq!(int("1e-1"), Err(IntError::NotInteger));
        assert_eq!(int("1e400"), Err(IntError::OutOfRange));
    }
}
