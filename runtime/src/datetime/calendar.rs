//! The proleptic Gregorian calendar, in days since 1970-01-01: all a
//! timestamp's three wire formats need of a date library.
//!
//! The conversions are Howard Hinnant's `days_from_civil` and
//! `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms"): the
//! year is shifted to start in March, so that the leap day ends it, and
//! split into 400-year eras of 146,097 days. They are exact for every
//! `i64` day count a `DateTime` can reach. Written here instead of taken
//! from the `time` crate, which with its dependencies was about 2.3 s of
//! CPU in every client's clean debug build (BENCHMARKS.md, "Fewer crates"); the tests
//! check these against `time` on every day from year -9999 to 9999.

/// Days from 1970-01-01 to the 1st of March of year 0, era-aligned.
const EPOCH_SHIFT: i64 = 719_468;
/// Days in 400 Gregorian years.
const DAYS_PER_ERA: i64 = 146_097;

/// Days since 1970-01-01 of `year`-`month`-`day` (month 1 to 12; the day
/// is not checked against the month).
pub(super) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    // March is month 0 of the shifted year.
    let shifted_month = i64::from((month + 9) % 12);
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * DAYS_PER_ERA + day_of_era - EPOCH_SHIFT
}

/// The year, month (1 to 12) and day (1 to 31) of `days` since 1970-01-01.
pub(super) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + EPOCH_SHIFT;
    let era = days.div_euclid(DAYS_PER_ERA);
    let day_of_era = days.rem_euclid(DAYS_PER_ERA);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    // Both in range by construction: day 1..=31, month 1..=12.
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Seconds since 1970-01-01T00:00:00 of a date and time of day read from
/// text, checked: the month 1 to 12, the day in that month, the time
/// within a day (no leap second; readers that accept one check it
/// themselves). The error says which part is wrong.
pub(super) fn seconds_since_epoch(
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
) -> Result<i64, &'static str> {
    let year = i64::from(year);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err("the day does not exist in that month");
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("the time of day is out of range");
    }
    Ok(days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second))
}

/// The number of days of `month` (1 to 12) in `year`.
pub(super) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day of the week of `days` since 1970-01-01: 0 for Monday to 6 for
/// Sunday (1970-01-01 was a Thursday).
pub(super) fn weekday_from_days(days: i64) -> usize {
    // In 0..7, so the cast is exact.
    (days + 3).rem_euclid(7) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every day from -9999-01-01 to 9999-12-31, against the `time` crate.
    #[test]
    fn every_day_agrees_with_the_time_crate() {
        let first = time::Date::from_calendar_date(-9999, time::Month::January, 1).unwrap();
        let epoch = time::Date::from_calendar_date(1970, time::Month::January, 1).unwrap();
        let mut date = first;
        let mut days = (first - epoch).whole_days();
        loop {
            let (year, month, day) = civil_from_days(days);
            let expected = (
                i64::from(date.year()),
                u32::from(u8::from(date.month())),
                u32::from(date.day()),
            );
            assert_eq!((year, month, day), expected, "day {days}");
            assert_eq!(days_from_civil(year, month, day), days);
            assert_eq!(
                weekday_from_days(days),
                usize::from(date.weekday().number_days_from_monday())
            );
            if day == 1 {
                assert_eq!(
                    days_in_month(year, month),
                    u32::from(date.month().length(date.year()))
                );
            }
            match date.next_day() {
                Some(next) => date = next,
                None => break,
            }
            days += 1;
        }
        assert_eq!(date.year(), 9999);
    }

    #[test]
    fn the_extremes_of_i64_seconds_round_trip() {
        for days in [i64::MIN / 86_400, i64::MAX / 86_400, 0, -1, 1] {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }
}
