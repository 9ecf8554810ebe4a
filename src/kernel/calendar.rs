//! Calendar dates of simulated time (UTC, proleptic Gregorian), for the
//! timestamps the AWS CLI prints and the shell's `date` and `ls -l`.

use super::SimTime;

/// A UTC date and time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    pub year: u64,
    /// 1..=12.
    pub month: u32,
    /// 1..=31.
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Monday .. 6 = Sunday.
    pub weekday: u32,
}

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn is_leap(year: u64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1..=12) of `year`.
pub fn days_in_month(year: u64, month: u32) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days in every 400 years of the Gregorian calendar.
const DAYS_PER_400_YEARS: u64 = 146_097;

/// Seconds in a day.
pub const DAY: u64 = 86_400;

/// Days from 1970-01-01 to `year-month-day`; `None` when there is no such
/// date or it is before 1970.
pub fn day_number(year: u64, month: u32, day: u32) -> Option<u64> {
    if !(1..=12).contains(&month) || day == 0 || u64::from(day) > days_in_month(year, month) {
        return None;
    }
    // Howard Hinnant's days_from_civil, with years counted from March so
    // that the leap day ends the year.
    let year = i128::from(year) - i128::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i128::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i128::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    u64::try_from(era * 146_097 + day_of_era - 719_468).ok()
}

/// The start of the calendar month holding `t` and the start of the next.
pub fn month_bounds(t: SimTime) -> (SimTime, SimTime) {
    let date = DateTime::from_unix(t);
    let start = t - t % DAY - u64::from(date.day - 1) * DAY;
    (start, start + days_in_month(date.year, date.month) * DAY)
}

impl DateTime {
    /// The date and time `t` seconds after 1970-01-01T00:00:00Z.
    pub fn from_unix(t: SimTime) -> Self {
        let mut days = t / 86_400;
        let seconds_of_day = t % 86_400;
        // 1970-01-01 was a Thursday.
        let weekday = u32::try_from((days + 3) % 7).unwrap_or(0);
        // Whole 400-year cycles first, so distant dates stay cheap.
        let mut year = 1970 + 400 * (days / DAYS_PER_400_YEARS);
        days %= DAYS_PER_400_YEARS;
        loop {
            let length = if is_leap(year) { 366 } else { 365 };
            if days < length {
                break;
            }
            days -= length;
            year += 1;
        }
        let mut month = 1;
        while days >= days_in_month(year, month) {
            days -= days_in_month(year, month);
            month += 1;
        }
        let part = |value: u64| u32::try_from(value).unwrap_or(0);
        Self {
            year,
            month,
            day: part(days + 1),
            hour: part(seconds_of_day / 3600),
            minute: part(seconds_of_day / 60 % 60),
            second: part(seconds_of_day % 60),
            weekday,
        }
    }

    /// Three-letter month name, e.g. `Jun`.
    pub fn month_name(&self) -> &'static str {
        MONTH_NAMES[(self.month as usize).saturating_sub(1) % 12]
    }

    /// Three-letter weekday name, e.g. `Mon`.
    pub fn weekday_name(&self) -> &'static str {
        WEEKDAY_NAMES[self.weekday as usize % 7]
    }

    /// `2025-06-02T09:00:00` (no zone).
    pub fn iso_local(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The moment a request timestamp names, as botocore reads one
/// (`parse_timestamp`): seconds since the epoch (`1748854800`, fractions
/// dropped) or ISO 8601 (`2025-06-02`, `2025-06-02T09:00`,
/// `2025-06-02 09:00:00.5Z`, `…+02:00`, `…-0500`), UTC when no zone is
/// given. `None` for anything else, or a moment before 1970.
pub fn parse_timestamp(text: &str) -> Option<SimTime> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        // Whole seconds; `as` drops the fraction.
        return (0.0..1e15).contains(&seconds).then_some(seconds as SimTime);
    }
    let (date, rest) = text.split_at(text.find(['T', 't', ' ']).unwrap_or(text.len()));
    let mut parts = date.splitn(3, '-');
    let mut number = |digits: usize| {
        parts
            .next()
            .filter(|p| p.len() == digits && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u64>().ok())
    };
    let (year, month, day) = (number(4)?, number(2)?, number(2)?);
    let day = day_number(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)?;
    let rest = rest.get(1..).unwrap_or("");
    // The zone: `Z`, or a sign and `hh:mm` / `hhmm` / `hh` after the time.
    let (time, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(at) => (&rest[..at], zone_offset(&rest[at..])?),
        None => (rest, 0),
    };
    let clock = if time.is_empty() {
        0
    } else {
        let time = time.split('.').next().unwrap_or("");
        let fields: Vec<&str> = time.split(':').collect();
        if !(2..=3).contains(&fields.len()) {
            return None;
        }
        let mut seconds = 0;
        for (field, (unit, limit)) in fields.iter().zip([(3600, 24), (60, 60), (1, 60)]) {
            if field.len() != 2 || !field.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let value: u64 = field.parse().ok()?;
            if value >= limit {
                return None;
            }
            seconds += value * unit;
        }
        seconds
    };
    (day * DAY + clock).checked_add_signed(-offset)
}

/// Seconds east of UTC of a zone designator (`Z`, `+02:00`, `-0500`, `+01`).
fn zone_offset(zone: &str) -> Option<i64> {
    if zone.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if !matches!(digits.len(), 2 | 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Ok(0), str::parse)
        .ok()?;
    Some(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        let start = DateTime::from_unix(1_748_854_800);
        assert_eq!(start.iso_local(), "2025-06-02T09:00:00");
        assert_eq!((start.weekday_name(), start.month_name()), ("Mon", "Jun"));
        assert_eq!(DateTime::from_unix(0).iso_local(), "1970-01-01T00:00:00");
        assert_eq!(
            DateTime::from_unix(951_782_400).iso_local(),
            "2000-02-29T00:00:00"
        );
        assert_eq!(
            DateTime::from_unix(1_709_251_199).iso_local(),
            "2024-02-29T23:59:59"
        );
        assert_eq!(
            DateTime::from_unix(253_402_300_799).iso_local(),
            "9999-12-31T23:59:59"
        );
        assert_eq!(
            DateTime::from_unix(4_102_444_800).iso_local(),
            "2100-01-01T00:00:00"
        );
        assert_eq!(
            DateTime::from_unix(4_107_542_400).iso_local(),
            "2100-03-01T00:00:00"
        );
    }

    #[test]
    fn timestamps_read_as_botocore_reads_them() {
        let start = Some(1_748_854_800);
        for text in [
            "1748854800",
            "1748854800.9",
            "2025-06-02T09:00:00Z",
            "2025-06-02T09:00:00",
            "2025-06-02 09:00",
            "2025-06-02T09:00:00.000+00:00",
            "2025-06-02T11:00:00+02:00",
            "2025-06-02T04:00:00-0500",
        ] {
            assert_eq!(parse_timestamp(text), start, "{text}");
        }
        assert_eq!(parse_timestamp("2025-06-02"), Some(1_748_822_400));
        for bad in [
            "",
            "abc",
            "2025-13-01",
            "2025-06-02T25:00",
            "2025-06-02T09",
            "-5",
            "2025-6-2",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_numbers_and_month_bounds() {
        assert_eq!(day_number(1970, 1, 1), Some(0));
        assert_eq!(day_number(2025, 6, 2), Some(1_748_822_400 / DAY));
        assert_eq!(day_number(2000, 2, 29), Some(951_782_400 / DAY));
        assert_eq!(day_number(2100, 3, 1), Some(4_107_542_400 / DAY));
        assert_eq!(day_number(2025, 2, 29), None);
        assert_eq!(day_number(2025, 13, 1), None);
        assert_eq!(day_number(1969, 12, 31), None);
        let (start, end) = month_bounds(1_748_854_800);
        assert_eq!(
            DateTime::from_unix(start).iso_local(),
            "2025-06-01T00:00:00"
        );
        assert_eq!(DateTime::from_unix(end).iso_local(), "2025-07-01T00:00:00");
        assert_eq!(month_bounds(end).0, end);
        let (feb, march) = month_bounds(951_782_400);
        assert_eq!((march - feb) / DAY, 29);
    }
}
