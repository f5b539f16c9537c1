//! Smithy timestamps.
//!
//! [`DateTime`] is an instant in UTC with nanosecond precision. It is read and
//! written in the three wire formats Smithy defines ([`Format`]) and converts
//! to and from [`SystemTime`] (and, with the `time` feature, the `time`
//! crate's `OffsetDateTime`).
//!
//! Epoch seconds are converted from their decimal text with integer
//! arithmetic, never through `f64`, so `1700000000.123` is exactly
//! 123 000 000 nanoseconds past the second.

use crate::json::number::{Decimal, LexError};
use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime};

mod calendar;

const NANOS_PER_SECOND: u32 = 1_000_000_000;
const NANOS_PER_SECOND_I128: i128 = 1_000_000_000;

/// An instant in UTC: whole seconds since 1970-01-01T00:00:00Z plus the
/// nanoseconds past that second.
///
/// The seconds may be negative; the nanoseconds always count forward, so
/// 1.5 seconds before the epoch is `-2` seconds and `500_000_000` nanoseconds.
/// Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    // Field order matters: the derived `Ord` compares seconds first.
    seconds: i64,
    subsec_nanos: u32,
}

/// The timestamp formats Smithy defines (`@timestampFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// `epoch-seconds`: seconds since the epoch as a decimal number, such as
    /// `1700000000` or `1700000000.123`.
    EpochSeconds,
    /// `date-time`: RFC 3339, such as `2023-11-14T22:13:20Z` or
    /// `2023-11-14T22:13:20.123Z`.
    DateTime,
    /// `http-date`: the IMF-fixdate of RFC 9110, such as
    /// `Tue, 14 Nov 2023 22:13:20 GMT`.
    HttpDate,
}

impl DateTime {
    /// The instant `seconds` after the epoch (before it when negative).
    pub const fn from_secs(seconds: i64) -> Self {
        Self {
            seconds,
            subsec_nanos: 0,
        }
    }

    /// The instant `seconds` plus `subsec_nanos` nanoseconds after the epoch.
    ///
    /// Nanoseconds of a second or more carry into the seconds. A carry past
    /// `i64::MAX` seconds saturates at the latest representable instant.
    pub const fn from_secs_and_nanos(seconds: i64, subsec_nanos: u32) -> Self {
        if subsec_nanos < NANOS_PER_SECOND {
            return Self {
                seconds,
                subsec_nanos,
            };
        }
        let carry = (subsec_nanos / NANOS_PER_SECOND) as i64;
        match seconds.checked_add(carry) {
            Some(seconds) => Self {
                seconds,
                subsec_nanos: subsec_nanos % NANOS_PER_SECOND,
            },
            None => Self {
                seconds: i64::MAX,
                subsec_nanos: NANOS_PER_SECOND - 1,
            },
        }
    }

    /// The instant `millis` milliseconds after the epoch (before it when negative).
    pub const fn from_millis(millis: i64) -> Self {
        Self {
            seconds: millis.div_euclid(1000),
            // rem_euclid is in 0..1000, so the cast and the product fit.
            subsec_nanos: millis.rem_euclid(1000) as u32 * 1_000_000,
        }
    }

    /// Whole seconds since the epoch, rounded toward negative infinity.
    pub const fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](Self::secs), in `0..1_000_000_000`.
    pub const fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }

    /// Nanoseconds since the epoch. Every `DateTime` fits.
    pub const fn as_nanos(&self) -> i128 {
        self.seconds as i128 * NANOS_PER_SECOND_I128 + self.subsec_nanos as i128
    }

    /// Milliseconds since the epoch, rounded toward negative infinity; an
    /// error when that does not fit in an `i64`.
    pub fn to_millis(&self) -> Result<i64, DateTimeRangeError> {
        let millis = i128::from(self.seconds) * 1000 + i128::from(self.subsec_nanos / 1_000_000);
        i64::try_from(millis).map_err(|_| DateTimeRangeError::new("i64 milliseconds"))
    }

    /// The instant `nanos` nanoseconds after the epoch, or `None` when the
    /// seconds do not fit in an `i64`.
    fn from_total_nanos(nanos: i128) -> Option<Self> {
        let seconds = i64::try_from(nanos.div_euclid(NANOS_PER_SECOND_I128)).ok()?;
        let subsec_nanos = u32::try_from(nanos.rem_euclid(NANOS_PER_SECOND_I128)).ok()?;
        Some(Self {
            seconds,
            subsec_nanos,
        })
    }

    /// Parses `text` in the given format.
    ///
    /// - [`Format::EpochSeconds`]: a JSON number, with an optional fraction
    ///   and exponent (`1700000000`, `-1.5`, `1.7E+09`,
    ///   `1700000000123e-3`). Digits below a nanosecond are dropped by
    ///   rounding toward negative infinity, so the result is the latest
    ///   representable instant not after the written one (the same rule that
    ///   makes [`secs`](Self::secs) round down).
    /// - [`Format::DateTime`]: RFC 3339 with a `T` (or `t`) separator, a
    ///   fraction of any length (digits below a nanosecond are dropped), and
    ///   `Z`, `z` or a numeric offset such as `+01:00`. A leap second
    ///   (`23:59:60`) at the end of a month reads as the nanosecond before
    ///   the next minute.
    /// - [`Format::HttpDate`]: IMF-fixdate, such as
    ///   `Tue, 14 Nov 2023 22:13:20 GMT`, optionally with a fraction of a
    ///   second (`22:13:20.123 GMT`) as smithy-rs writes it. The day name
    ///   must be one of the seven but is not checked against the date.
    pub fn from_str(text: &str, format: Format) -> Result<Self, DateTimeParseError> {
        match format {
            Format::EpochSeconds => parse_epoch_seconds(text),
            Format::DateTime => parse_rfc3339(text),
            Format::HttpDate => parse_http_date(text),
        }
    }

    /// Formats the instant in the given format.
    ///
    /// - [`Format::EpochSeconds`] never fails: `1700000000`, or the shortest
    ///   exact decimal such as `1700000000.123` or `-1.5`.
    /// - [`Format::DateTime`]: `2023-11-14T22:13:20Z`, with a fraction only
    ///   when there are nanoseconds, without trailing zeros
    ///   (`2023-11-14T22:13:20.123Z`).
    /// - [`Format::HttpDate`]: `Tue, 14 Nov 2023 22:13:20 GMT`. IMF-fixdate
    ///   has no fraction; nanoseconds, when there are any, are written as
    ///   one (`22:13:20.123 GMT`) like smithy-rs does, so that no precision
    ///   is lost.
    ///
    /// The last two fail for instants outside the years 0000 to 9999, which
    /// their four-digit year cannot express.
    pub fn fmt(&self, format: Format) -> Result<String, DateTimeFormatError> {
        match format {
            Format::EpochSeconds => {
                let mut out = String::with_capacity(24);
                self.write_epoch_seconds(&mut out);
                Ok(out)
            }
            Format::DateTime => {
                let mut out = String::with_capacity(30);
                self.write_rfc3339(&mut out)?;
                Ok(out)
            }
            Format::HttpDate => self.fmt_http_date(),
        }
    }

    /// Formats the instant the way the AWS CLI prints timestamps: ISO 8601 in
    /// UTC with microseconds and a `+00:00` offset, such as
    /// `2023-11-14T22:13:20.123000+00:00`, or `2023-11-14T22:13:20+00:00`
    /// when the microseconds are zero.
    ///
    /// That is Python's `datetime.isoformat()` of the value botocore builds
    /// with `datetime.fromtimestamp`, so nanoseconds are rounded to the
    /// nearest microsecond, ties to even, as Python does. Instants outside
    /// the years 1 to 9999, which Python cannot represent, are printed as
    /// epoch seconds instead.
    pub fn fmt_cli(&self) -> String {
        let mut micros = self.subsec_nanos / 1000;
        let rest = self.subsec_nanos % 1000;
        if rest > 500 || (rest == 500 && micros % 2 == 1) {
            micros += 1;
        }
        let mut seconds = Some(self.seconds);
        if micros == 1_000_000 {
            micros = 0;
            seconds = self.seconds.checked_add(1);
        }
        let Some(civil) = seconds
            .map(Civil::from_unix)
            .filter(|c| (1..=9999).contains(&c.year))
        else {
            let mut out = String::new();
            self.write_epoch_seconds(&mut out);
            return out;
        };
        let mut out = String::with_capacity(32);
        civil.write_date_time(&mut out, 'T');
        if micros != 0 {
            out.push('.');
            push_padded(&mut out, micros, 6);
        }
        out.push_str("+00:00");
        out
    }

    /// Appends the epoch-seconds form, which is also a valid JSON number.
    pub(crate) fn write_epoch_seconds(&self, out: &mut String) {
        use fmt::Write as _;
        // Writing to a String cannot fail.
        if self.subsec_nanos == 0 {
            let _ = write!(out, "{}", self.seconds);
            return;
        }
        // -1.5 is stored as -2 s + 0.5 s: print the magnitude's whole part and
        // the complement of the nanoseconds.
        let (sign, whole, frac) = if self.seconds < 0 {
            let whole = (self.seconds + 1).unsigned_abs();
            ("-", whole, NANOS_PER_SECOND - self.subsec_nanos)
        } else {
            ("", self.seconds.unsigned_abs(), self.subsec_nanos)
        };
        let _ = write!(out, "{sign}{whole}.");
        push_fraction(out, frac);
    }

    /// Appends the RFC 3339 form.
    fn write_rfc3339(&self, out: &mut String) -> Result<(), DateTimeFormatError> {
        let civil = self.four_digit_civil("RFC 3339")?;
        civil.write_date_time(out, 'T');
        if self.subsec_nanos != 0 {
            out.push('.');
            push_fraction(out, self.subsec_nanos);
        }
        out.push('Z');
        Ok(())
    }

    fn fmt_http_date(&self) -> Result<String, DateTimeFormatError> {
        let civil = self.four_digit_civil("an HTTP date")?;
        let mut out = String::with_capacity(32);
        out.push_str(WEEKDAYS[civil.weekday]);
        out.push_str(", ");
        push_padded(&mut out, civil.day, 2);
        out.push(' ');
        out.push_str(MONTHS[civil.month as usize - 1]);
        out.push(' ');
        push_padded(&mut out, civil.year.unsigned_abs(), 4);
        out.push(' ');
        civil.write_time(&mut out);
        if self.subsec_nanos != 0 {
            out.push('.');
            push_fraction(&mut out, self.subsec_nanos);
        }
        out.push_str(" GMT");
        Ok(out)
    }

    /// The calendar fields, when the year has four digits.
    fn four_digit_civil(&self, what: &'static str) -> Result<Civil, DateTimeFormatError> {
        Some(Civil::from_unix(self.seconds))
            .filter(|c| (0..=9999).contains(&c.year))
            .ok_or(DateTimeFormatError { format: what })
    }
}

/// `DateTime` formats as RFC 3339 ([`Format::DateTime`]). An instant outside
/// the years 0000 to 9999 prints as epoch seconds instead, because `Display`
/// must not fail.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(30);
        if self.write_rfc3339(&mut out).is_err() {
            out.clear();
            self.write_epoch_seconds(&mut out);
        }
        f.write_str(&out)
    }
}

impl From<SystemTime> for DateTime {
    /// Converts exactly; a `SystemTime` beyond ±`i64::MAX` seconds (which no
    /// platform produces) saturates.
    fn from(time: SystemTime) -> Self {
        let nanos = match time.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).unwrap_or(i128::MAX),
            Err(before) => i128::try_from(before.duration().as_nanos())
                .map(|n| -n)
                .unwrap_or(i128::MIN),
        };
        Self::from_total_nanos(nanos).unwrap_or(if nanos < 0 {
            Self::from_secs(i64::MIN)
        } else {
            Self::from_secs_and_nanos(i64::MAX, NANOS_PER_SECOND - 1)
        })
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeRangeError;

    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        let err = || DateTimeRangeError::new("SystemTime");
        let whole = Duration::from_secs(value.seconds.unsigned_abs());
        let at_second = if value.seconds >= 0 {
            SystemTime::UNIX_EPOCH.checked_add(whole)
        } else {
            SystemTime::UNIX_EPOCH.checked_sub(whole)
        };
        at_second
            .ok_or_else(err)?
            .checked_add(Duration::from_nanos(u64::from(value.subsec_nanos)))
            .ok_or_else(err)
    }
}

#[cfg(feature = "time")]
impl From<time::OffsetDateTime> for DateTime {
    fn from(value: time::OffsetDateTime) -> Self {
        Self {
            seconds: value.unix_timestamp(),
            subsec_nanos: value.nanosecond(),
        }
    }
}

#[cfg(feature = "time")]
impl TryFrom<DateTime> for time::OffsetDateTime {
    type Error = DateTimeRangeError;

    /// Fails outside the range of the `time` crate (years -9999 to 9999).
    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        time::OffsetDateTime::from_unix_timestamp_nanos(value.as_nanos())
            .map_err(|_| DateTimeRangeError::new("time::OffsetDateTime"))
    }
}

/// A text could not be read as a timestamp of the requested [`Format`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeParseError {
    format: Format,
    reason: Cow<'static, str>,
}

impl DateTimeParseError {
    fn new(format: Format, reason: impl Into<Cow<'static, str>>) -> Self {
        Self {
            format,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = match self.format {
            Format::EpochSeconds => "epoch-seconds",
            Format::DateTime => "date-time",
            Format::HttpDate => "http-date",
        };
        write!(f, "invalid {format} timestamp: {}", self.reason)
    }
}

impl StdError for DateTimeParseError {}

/// A timestamp cannot be written in the requested [`Format`]: its year is
/// outside 0000 to 9999.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeFormatError {
    format: &'static str,
}

impl fmt::Display for DateTimeFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "timestamp is outside the years 0000 to 9999 and cannot be written as {}",
            self.format
        )
    }
}

impl StdError for DateTimeFormatError {}

/// A timestamp does not fit in the type it is converted to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeRangeError {
    target: &'static str,
}

impl DateTimeRangeError {
    fn new(target: &'static str) -> Self {
        Self { target }
    }
}

impl fmt::Display for DateTimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timestamp is out of range for {}", self.target)
    }
}

impl StdError for DateTimeRangeError {}

/// Converts an already lexed JSON number of epoch seconds exactly.
pub(crate) fn from_epoch_decimal(decimal: &Decimal<'_>) -> Result<DateTime, DateTimeParseError> {
    let out_of_range = || DateTimeParseError::new(Format::EpochSeconds, "out of range");
    let scaled = decimal.scaled(9).ok_or_else(out_of_range)?;
    let magnitude = i128::try_from(scaled.magnitude).map_err(|_| out_of_range())?;
    let nanos = if scaled.negative {
        // Dropped digits of a negative value: round toward negative infinity.
        -magnitude - i128::from(scaled.inexact)
    } else {
        magnitude
    };
    DateTime::from_total_nanos(nanos).ok_or_else(out_of_range)
}

fn parse_epoch_seconds(text: &str) -> Result<DateTime, DateTimeParseError> {
    let decimal = Decimal::parse(text).map_err(|LexError { offset, expected }| {
        DateTimeParseError::new(
            Format::EpochSeconds,
            format!("expected {expected} at byte {offset}"),
        )
    })?;
    from_epoch_decimal(&decimal)
}

/// Parses RFC 3339's `date-time` (section 5.6) with the `T` of ISO 8601:
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, the letters in either
/// case, a fraction of any length (digits below a nanosecond dropped).
fn parse_rfc3339(text: &str) -> Result<DateTime, DateTimeParseError> {
    let invalid = |reason: &'static str| DateTimeParseError::new(Format::DateTime, reason);
    let mut cursor = Cursor::new(text.as_bytes(), Format::DateTime);
    let year = cursor.digits(4, "expected a four-digit year")?;
    cursor.expect(b"-", "expected `-` after the year")?;
    let month = cursor.digits(2, "expected a two-digit month")?;
    cursor.expect(b"-", "expected `-` after the month")?;
    let day = cursor.digits(2, "expected a two-digit day")?;
    // RFC 3339 lets applications use a space; Smithy's date-time is ISO
    // 8601's, with `T`.
    if !(cursor.eat(b'T') || cursor.eat(b't')) {
        return Err(invalid("expected `T` between the date and the time"));
    }
    let hour = cursor.digits(2, "expected a two-digit hour")?;
    cursor.expect(b":", "expected `:` after the hour")?;
    let minute = cursor.digits(2, "expected two-digit minutes")?;
    cursor.expect(b":", "expected `:` after the minutes")?;
    let mut second = cursor.digits(2, "expected two-digit seconds")?;
    let mut nanos = if cursor.eat(b'.') {
        cursor.fraction("expected digits after `.`")?
    } else {
        0
    };
    let offset_seconds = if cursor.eat(b'Z') || cursor.eat(b'z') {
        0
    } else {
        let sign = if cursor.eat(b'+') {
            1
        } else if cursor.eat(b'-') {
            -1
        } else {
            return Err(invalid("expected `Z` or an offset such as `+01:00`"));
        };
        let hours = cursor.digits(2, "expected a two-digit offset hour")?;
        cursor.expect(b":", "expected `:` in the offset")?;
        let minutes = cursor.digits(2, "expected two-digit offset minutes")?;
        if hours > 23 || minutes > 59 {
            return Err(invalid("the offset is out of range"));
        }
        sign * i64::from(hours * 3600 + minutes * 60)
    };
    if !cursor.rest().is_empty() {
        return Err(invalid("unexpected text after the offset"));
    }
    // A leap second reads as the nanosecond before the next minute, and is
    // only valid where leap seconds are inserted: the last second of a
    // month in UTC.
    let leap_second = second == 60;
    if leap_second {
        second = 59;
        nanos = NANOS_PER_SECOND - 1;
    }
    let local =
        calendar::seconds_since_epoch(year, month, day, hour, minute, second).map_err(invalid)?;
    let seconds = local - offset_seconds;
    if leap_second {
        let (year, month, day) = calendar::civil_from_days(seconds.div_euclid(86_400));
        if seconds.rem_euclid(86_400) != 86_399 || day != calendar::days_in_month(year, month) {
            return Err(invalid(
                "a leap second (`:60`) can only end a month, in UTC",
            ));
        }
    }
    Ok(DateTime::from_secs_and_nanos(seconds, nanos))
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses `Www, DD Mon YYYY HH:MM:SS[.fraction] GMT`.
fn parse_http_date(text: &str) -> Result<DateTime, DateTimeParseError> {
    let invalid = |reason: &'static str| DateTimeParseError::new(Format::HttpDate, reason);
    let mut cursor = Cursor::new(text.as_bytes(), Format::HttpDate);
    let weekday = cursor.take(3);
    if !WEEKDAYS.iter().any(|w| w.as_bytes() == weekday) {
        return Err(invalid("expected a day name such as `Tue`"));
    }
    cursor.expect(b", ", "expected `, ` after the day name")?;
    let day = cursor.digits(2, "expected a two-digit day")?;
    cursor.expect(b" ", "expected a space after the day")?;
    let month_name = cursor.take(3);
    let month = MONTHS
        .iter()
        .position(|m| m.as_bytes() == month_name)
        .map(|index| index as u32 + 1)
        .ok_or_else(|| invalid("expected a month name such as `Nov`"))?;
    cursor.expect(b" ", "expected a space after the month")?;
    let year = cursor.digits(4, "expected a four-digit year")?;
    cursor.expect(b" ", "expected a space after the year")?;
    let hour = cursor.digits(2, "expected a two-digit hour")?;
    cursor.expect(b":", "expected `:` after the hour")?;
    let minute = cursor.digits(2, "expected two-digit minutes")?;
    cursor.expect(b":", "expected `:` after the minutes")?;
    let second = cursor.digits(2, "expected two-digit seconds")?;
    let nanos = if cursor.eat(b'.') {
        cursor.fraction("expected digits after `.`")?
    } else {
        0
    };
    cursor.expect(b" GMT", "expected ` GMT` after the time")?;
    if !cursor.rest().is_empty() {
        return Err(invalid("unexpected text after `GMT`"));
    }
    let seconds =
        calendar::seconds_since_epoch(year, month, day, hour, minute, second).map_err(invalid)?;
    Ok(DateTime::from_secs_and_nanos(seconds, nanos))
}

/// A byte cursor for the fixed-layout formats, HTTP date and RFC 3339.
struct Cursor<'a> {
    rest: &'a [u8],
    /// The format being read, which its errors name.
    format: Format,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8], format: Format) -> Self {
        Self {
            rest: bytes,
            format,
        }
    }

    fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// Takes up to `n` bytes.
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, tail) = self.rest.split_at(n.min(self.rest.len()));
        self.rest = tail;
        head
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.rest.first() == Some(&byte) {
            self.rest = &self.rest[1..];
            true
        } else {
            false
        }
    }

    fn expect(&mut self, literal: &[u8], reason: &'static str) -> Result<(), DateTimeParseError> {
        match self.rest.strip_prefix(literal) {
            Some(tail) => {
                self.rest = tail;
                Ok(())
            }
            None => Err(DateTimeParseError::new(self.format, reason)),
        }
    }

    /// Exactly `n` ASCII digits as a number (n ≤ 4, so it fits).
    fn digits(&mut self, n: usize, reason: &'static str) -> Result<u32, DateTimeParseError> {
        let digits = self.take(n);
        if digits.len() != n || !digits.iter().all(u8::is_ascii_digit) {
            return Err(DateTimeParseError::new(self.format, reason));
        }
        Ok(digits
            .iter()
            .fold(0, |acc, &d| acc * 10 + u32::from(d - b'0')))
    }

    /// One or more digits of a fraction of a second, as nanoseconds; digits
    /// below a nanosecond are dropped.
    fn fraction(&mut self, reason: &'static str) -> Result<u32, DateTimeParseError> {
        let len = self.rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if len == 0 {
            return Err(DateTimeParseError::new(self.format, reason));
        }
        let digits = self.take(len);
        let mut nanos = 0;
        for i in 0..9 {
            nanos = nanos * 10 + digits.get(i).map_or(0, |d| u32::from(d - b'0'));
        }
        Ok(nanos)
    }
}

/// Calendar fields of a whole second in UTC.
pub(crate) struct Civil {
    pub(crate) year: i64,
    /// 1 to 12.
    pub(crate) month: u32,
    /// 1 to 31.
    pub(crate) day: u32,
    /// 0 for Monday to 6 for Sunday.
    weekday: usize,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
}

impl Civil {
    /// The fields of `seconds` since the epoch.
    pub(crate) fn from_unix(seconds: i64) -> Self {
        let days = seconds.div_euclid(86_400);
        // In 0..86_400, so it fits.
        let of_day = seconds.rem_euclid(86_400) as u32;
        let (year, month, day) = calendar::civil_from_days(days);
        Self {
            year,
            month,
            day,
            weekday: calendar::weekday_from_days(days),
            hour: of_day / 3600,
            minute: of_day / 60 % 60,
            second: of_day % 60,
        }
    }

    /// `YYYY-MM-DD<sep>HH:MM:SS`; the year must be in 0..=9999.
    fn write_date_time(&self, out: &mut String, separator: char) {
        push_padded(out, self.year.unsigned_abs(), 4);
        out.push('-');
        push_padded(out, self.month, 2);
        out.push('-');
        push_padded(out, self.day, 2);
        out.push(separator);
        self.write_time(out);
    }

    fn write_time(&self, out: &mut String) {
        push_padded(out, self.hour, 2);
        out.push(':');
        push_padded(out, self.minute, 2);
        out.push(':');
        push_padded(out, self.second, 2);
    }
}

/// Appends `value` in decimal, left-padded with zeros to `width` digits.
fn push_padded(out: &mut String, value: impl fmt::Display, width: usize) {
    use fmt::Write as _;
    // Writing to a String cannot fail.
    let _ = write!(out, "{value:0width$}");
}

/// Appends nanoseconds (1..1e9) as fraction digits without trailing zeros.
fn push_fraction(out: &mut String, nanos: u32) {
    let mut digits = 9;
    let mut value = nanos;
    while digits > 1 && value.is_multiple_of(10) {
        value /= 10;
        digits -= 1;
    }
    push_padded(out, value, digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn epoch(text: &str) -> DateTime {
        DateTime::from_str(text, Format::EpochSeconds).unwrap()
    }

    fn at(seconds: i64, nanos: u32) -> DateTime {
        DateTime::from_secs_and_nanos(seconds, nanos)
    }

    #[test]
    fn epoch_seconds_parse_exactly() {
        assert_eq!(epoch("1700000000"), at(1_700_000_000, 0));
        assert_eq!(epoch("1700000000.123"), at(1_700_000_000, 123_000_000));
        assert_eq!(epoch("1700000000.000001"), at(1_700_000_000, 1_000));
        assert_eq!(epoch("1.7e9"), at(1_700_000_000, 0));
        assert_eq!(epoch("1.7E+09"), at(1_700_000_000, 0));
        assert_eq!(epoch("1700000000123e-3"), at(1_700_000_000, 123_000_000));
        assert_eq!(epoch("17000000001234e-4"), at(1_700_000_000, 123_400_000));
        assert_eq!(epoch("0.5e1"), at(5, 0));
        assert_eq!(epoch("0"), at(0, 0));
        assert_eq!(epoch("-0"), at(0, 0));
        assert_eq!(epoch("-0.0"), at(0, 0));
    }

    #[test]
    fn negative_epoch_seconds_count_nanos_forward() {
        assert_eq!(epoch("-1.5"), at(-2, 500_000_000));
        assert_eq!(epoch("-1"), at(-1, 0));
        assert_eq!(epoch("-0.000000001"), at(-1, 999_999_999));
        assert_eq!(epoch("-15e-1"), at(-2, 500_000_000));
    }

    #[test]
    fn digits_below_a_nanosecond_round_toward_negative_infinity() {
        assert_eq!(epoch("1.0000000019"), at(1, 1));
        assert_eq!(epoch("-1.0000000011"), at(-2, 999_999_998));
        assert_eq!(epoch("0.0000000001"), at(0, 0));
        assert_eq!(epoch("-0.0000000001"), at(-1, 999_999_999));
        assert_eq!(epoch("1e-400"), at(0, 0));
    }

    #[test]
    fn epoch_seconds_limits() {
        assert_eq!(epoch("9223372036854775807"), at(i64::MAX, 0));
        assert_eq!(
            epoch("9223372036854775807.999999999"),
            at(i64::MAX, 999_999_999)
        );
        assert_eq!(epoch("-9223372036854775808"), at(i64::MIN, 0));
        for text in [
            "9223372036854775808",
            "-9223372036854775808.5",
            "1e19",
            "1e400",
            "-1e99999999999",
        ] {
            let err = DateTime::from_str(text, Format::EpochSeconds).unwrap_err();
            assert_eq!(
                err.to_string(),
                "invalid epoch-seconds timestamp: out of range"
            );
        }
    }

    #[test]
    fn epoch_seconds_reject_non_numbers() {
        for text in [
            "", " 1", "1 ", "+1", "1.", ".5", "1e", "NaN", "Infinity", "0x10", "01",
        ] {
            assert!(
                DateTime::from_str(text, Format::EpochSeconds).is_err(),
                "{text:?} should fail"
            );
        }
    }

    #[test]
    fn epoch_seconds_format_shortest_exact_decimal() {
        let fmt = |dt: DateTime| dt.fmt(Format::EpochSeconds).unwrap();
        assert_eq!(fmt(at(1_700_000_000, 0)), "1700000000");
        assert_eq!(fmt(at(1_700_000_000, 123_000_000)), "1700000000.123");
        assert_eq!(fmt(at(1_700_000_000, 1_000)), "1700000000.000001");
        assert_eq!(fmt(at(0, 1)), "0.000000001");
        assert_eq!(fmt(at(-2, 500_000_000)), "-1.5");
        assert_eq!(fmt(at(-1, 500_000_000)), "-0.5");
        assert_eq!(fmt(at(-1, 0)), "-1");
        assert_eq!(fmt(at(i64::MIN, 1)), "-9223372036854775807.999999999");
        assert_eq!(fmt(at(i64::MIN, 0)), "-9223372036854775808");
    }

    #[test]
    fn constructors() {
        assert_eq!(at(1, 1_500_000_000), at(2, 500_000_000));
        assert_eq!(at(i64::MAX, 2_000_000_000), at(i64::MAX, 999_999_999));
        assert_eq!(DateTime::from_millis(-1500), at(-2, 500_000_000));
        assert_eq!(
            DateTime::from_millis(1_700_000_000_123),
            epoch("1700000000.123")
        );
        assert_eq!(at(-2, 500_000_000).to_millis(), Ok(-1500));
        assert_eq!(at(-1, 999_999_999).to_millis(), Ok(-1));
        assert_eq!(at(1, 999_999).to_millis(), Ok(1000));
        assert!(at(i64::MAX, 0).to_millis().is_err());
        assert_eq!(at(-2, 500_000_000).as_nanos(), -1_500_000_000);
        assert!(at(-1, 0) < at(-1, 1) && at(-1, 999_999_999) < at(0, 0));
    }

    #[test]
    fn rfc3339_parse() {
        let parse = |s: &str| DateTime::from_str(s, Format::DateTime);
        assert_eq!(parse("2023-11-14T22:13:20Z"), Ok(at(1_700_000_000, 0)));
        assert_eq!(parse("2023-11-14t22:13:20z"), Ok(at(1_700_000_000, 0)));
        assert_eq!(
            parse("2023-11-14T22:13:20.123Z"),
            Ok(at(1_700_000_000, 123_000_000))
        );
        assert_eq!(
            parse("2023-11-14T22:13:20.1Z"),
            Ok(at(1_700_000_000, 100_000_000))
        );
        assert_eq!(
            parse("2023-11-14T22:13:20.1234567891234Z"),
            Ok(at(1_700_000_000, 123_456_789))
        );
        assert_eq!(parse("2023-11-14T23:13:20+01:00"), Ok(at(1_700_000_000, 0)));
        assert_eq!(parse("2023-11-14T21:43:20-00:30"), Ok(at(1_700_000_000, 0)));
        assert_eq!(parse("1969-12-31T23:59:59.5Z"), Ok(at(-1, 500_000_000)));
        assert_eq!(parse("1970-01-01T00:00:00Z"), Ok(at(0, 0)));
        // A leap second reads as the last nanosecond before the next minute.
        assert_eq!(
            parse("2016-12-31T23:59:60Z"),
            Ok(at(1_483_228_799, 999_999_999))
        );
        for bad in [
            "",
            "2023-11-14 22:13:20Z",
            "2023-11-14X22:13:20Z",
            "2023-11-14T22:13:20",
            "2023-11-14T22:13:20.Z",
            "2023-02-30T22:13:20Z",
            "2023-11-14T24:00:00Z",
            "2023-11-14T22:13:20Z ",
            "2023-11-14",
            "1700000000",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn rfc3339_format() {
        let fmt = |dt: DateTime| dt.fmt(Format::DateTime).unwrap();
        assert_eq!(fmt(at(1_700_000_000, 0)), "2023-11-14T22:13:20Z");
        assert_eq!(
            fmt(at(1_700_000_000, 123_000_000)),
            "2023-11-14T22:13:20.123Z"
        );
        assert_eq!(fmt(at(1_700_000_000, 1)), "2023-11-14T22:13:20.000000001Z");
        assert_eq!(fmt(at(-1, 500_000_000)), "1969-12-31T23:59:59.5Z");
        assert_eq!(fmt(at(-62_167_219_200, 0)), "0000-01-01T00:00:00Z");
        assert_eq!(fmt(at(253_402_300_799, 0)), "9999-12-31T23:59:59Z");
        assert!(at(-62_167_219_201, 0).fmt(Format::DateTime).is_err());
        assert!(at(253_402_300_800, 0).fmt(Format::DateTime).is_err());
        assert!(at(i64::MAX, 0).fmt(Format::DateTime).is_err());
        assert_eq!(at(1_700_000_000, 0).to_string(), "2023-11-14T22:13:20Z");
        assert_eq!(at(i64::MAX, 0).to_string(), "9223372036854775807");
    }

    #[test]
    fn http_date_parse() {
        let parse = |s: &str| DateTime::from_str(s, Format::HttpDate);
        assert_eq!(
            parse("Tue, 14 Nov 2023 22:13:20 GMT"),
            Ok(at(1_700_000_000, 0))
        );
        assert_eq!(
            parse("Tue, 14 Nov 2023 22:13:20.123 GMT"),
            Ok(at(1_700_000_000, 123_000_000))
        );
        assert_eq!(
            parse("Tue, 14 Nov 2023 22:13:20.1234567891 GMT"),
            Ok(at(1_700_000_000, 123_456_789))
        );
        assert_eq!(parse("Thu, 01 Jan 1970 00:00:00 GMT"), Ok(at(0, 0)));
        for bad in [
            "",
            "Tue, 14 Nov 2023 22:13:20",
            "Tue, 14 Nov 2023 22:13:20 UTC",
            "Tue, 14 Nov 2023 22:13:20 GMT ",
            "Tue, 14 Nov 2023 22:13:20. GMT",
            "Tue, 14 Nov 2023 22:13:60 GMT",
            "Tue, 31 Nov 2023 22:13:20 GMT",
            "Tue, 14 nov 2023 22:13:20 GMT",
            "Xyz, 14 Nov 2023 22:13:20 GMT",
            "Tue 14 Nov 2023 22:13:20 GMT",
            "Tue, 4 Nov 2023 22:13:20 GMT",
            "Tuesday, 14-Nov-23 22:13:20 GMT",
            "Tue, 14 Nov 2023 22:13:2\u{e9} GMT",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn http_date_format() {
        let fmt = |dt: DateTime| dt.fmt(Format::HttpDate).unwrap();
        assert_eq!(fmt(at(1_700_000_000, 0)), "Tue, 14 Nov 2023 22:13:20 GMT");
        assert_eq!(
            fmt(at(1_700_000_000, 123_000_000)),
            "Tue, 14 Nov 2023 22:13:20.123 GMT"
        );
        assert_eq!(fmt(at(0, 0)), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(fmt(at(-1, 0)), "Wed, 31 Dec 1969 23:59:59 GMT");
        assert!(at(i64::MIN, 0).fmt(Format::HttpDate).is_err());
    }

    #[test]
    fn cli_format_matches_python_isoformat() {
        assert_eq!(at(1_700_000_000, 0).fmt_cli(), "2023-11-14T22:13:20+00:00");
        assert_eq!(
            at(1_700_000_000, 123_000_000).fmt_cli(),
            "2023-11-14T22:13:20.123000+00:00"
        );
        assert_eq!(
            at(1_700_000_000, 1_000).fmt_cli(),
            "2023-11-14T22:13:20.000001+00:00"
        );
        // Rounded to microseconds, ties to even, carrying into the second.
        assert_eq!(
            at(1_700_000_000, 123_456_500).fmt_cli(),
            "2023-11-14T22:13:20.123456+00:00"
        );
        assert_eq!(
            at(1_700_000_000, 123_457_500).fmt_cli(),
            "2023-11-14T22:13:20.123458+00:00"
        );
        assert_eq!(
            at(1_700_000_000, 123_456_501).fmt_cli(),
            "2023-11-14T22:13:20.123457+00:00"
        );
        assert_eq!(
            at(1_700_000_000, 999_999_600).fmt_cli(),
            "2023-11-14T22:13:21+00:00"
        );
        assert_eq!(
            at(1_700_000_000, 400).fmt_cli(),
            "2023-11-14T22:13:20+00:00"
        );
        // Year 0 does not exist in Python: fall back to epoch seconds.
        assert_eq!(at(-62_167_219_200, 0).fmt_cli(), "-62167219200");
    }

    #[test]
    fn system_time_round_trip() {
        let cases = [
            at(0, 0),
            at(1_700_000_000, 123_456_789),
            at(-2, 500_000_000),
            at(-1, 999_999_999),
        ];
        for dt in cases {
            let system = SystemTime::try_from(dt).unwrap();
            assert_eq!(DateTime::from(system), dt);
        }
        let before = SystemTime::UNIX_EPOCH - Duration::from_millis(1500);
        assert_eq!(DateTime::from(before), at(-2, 500_000_000));
    }

    #[cfg(feature = "time")]
    #[test]
    fn offset_date_time_round_trip() {
        use time::OffsetDateTime;
        let dt = at(-1, 500_000_000);
        let odt = OffsetDateTime::try_from(dt).unwrap();
        assert_eq!(odt.unix_timestamp_nanos(), -500_000_000);
        assert_eq!(DateTime::from(odt), dt);
        assert!(OffsetDateTime::try_from(at(i64::MAX, 0)).is_err());
        let offset = odt.to_offset(time::UtcOffset::from_hms(5, 30, 0).unwrap());
        assert_eq!(DateTime::from(offset), dt);
    }

    proptest::proptest! {
        /// RFC 3339 texts near every boundary (month 13, day 32, hour 24,
        /// second 60 and 61, offsets of 24 hours or 60 minutes, long
        /// fractions) read as the `time` crate reads them, which the
        /// runtime used before.
        #[test]
        fn rfc3339_agrees_with_the_time_crate(
            text in "[0-9]{4}-(0[0-9]|1[0-3])-([0-2][0-9]|3[0-2])[Tt]([01][0-9]|2[0-4]):[0-6][0-9]:[0-6][0-9](\\.[0-9]{0,12})?([Zz]|[+-]([01][0-9]|2[0-4]):[0-6][0-9])",
        ) {
            let ours = DateTime::from_str(&text, Format::DateTime).ok();
            let theirs = time::OffsetDateTime::parse(
                &text,
                &time::format_description::well_known::Rfc3339,
            )
            .ok()
            .map(|t| at(t.unix_timestamp(), t.nanosecond()));
            proptest::prop_assert_eq!(ours, theirs, "{}", text);
        }

        /// Leap seconds, which random texts rarely make valid.
        #[test]
        fn leap_seconds_agree_with_the_time_crate(
            day in 27u32..32,
            month in 1u32..13,
            hour in 22u32..24,
            offset in proptest::sample::select(vec!["Z", "+01:00", "-01:00", "+00:30", "-00:00"]),
            fraction in proptest::sample::select(vec!["", ".5", ".999999999"]),
        ) {
            let text = format!("2016-{month:02}-{day:02}T{hour:02}:59:60{fraction}{offset}");
            let ours = DateTime::from_str(&text, Format::DateTime).ok();
            let theirs = time::OffsetDateTime::parse(
                &text,
                &time::format_description::well_known::Rfc3339,
            )
            .ok()
            .map(|t| at(t.unix_timestamp(), t.nanosecond()));
            proptest::prop_assert_eq!(ours, theirs, "{}", text);
        }

        /// Calendar fields of any second from year -9999 to 9999 are the
        /// `time` crate's.
        #[test]
        fn civil_fields_agree_with_the_time_crate(seconds in -377_705_116_800i64..253_402_300_800) {
            let ours = Civil::from_unix(seconds);
            let theirs = time::OffsetDateTime::from_unix_timestamp(seconds).unwrap();
            proptest::prop_assert_eq!(
                (ours.year, ours.month, ours.day, ours.hour, ours.minute, ours.second),
                (
                    i64::from(theirs.year()),
                    u32::from(u8::from(theirs.month())),
                    u32::from(theirs.day()),
                    u32::from(theirs.hour()),
                    u32::from(theirs.minute()),
                    u32::from(theirs.second()),
                )
            );
            proptest::prop_assert_eq!(
                ours.weekday,
                usize::from(theirs.weekday().number_days_from_monday())
            );
        }
    }
}
