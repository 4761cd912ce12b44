//! Time buckets for trends: days (UTC, counted since 1970-01-01), grouped into weeks (starting
//! on Monday, as ISO 8601 has them) or calendar months.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BucketSize {
    Day,
    Week,
    Month,
}

impl BucketSize {
    pub fn parse(name: &str) -> Option<BucketSize> {
        match name {
            "day" => Some(BucketSize::Day),
            "week" => Some(BucketSize::Week),
            "month" => Some(BucketSize::Month),
            _ => None,
        }
    }

    /// The first day of the bucket a day falls in.
    pub fn start(self, day: i64) -> i64 {
        match self {
            BucketSize::Day => day,
            // 1970-01-01 was a Thursday: Monday is 3 days before.
            BucketSize::Week => day - (day + 3).rem_euclid(7),
            BucketSize::Month => {
                let (year, month, _) = civil(day);
                days_from_civil(year, month, 1)
            }
        }
    }
}

/// The calendar date (year, month 1–12, day 1–31) of a day since 1970-01-01 (proleptic
/// Gregorian; Howard Hinnant's `civil_from_days`).
pub fn civil(day: i64) -> (i64, u32, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The day since 1970-01-01 of a calendar date (`days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A day as `YYYY-MM-DD`.
pub fn label(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The `YYYY-MM` of a time in milliseconds since 1970 (UTC).
pub fn month(millis: i64) -> String {
    let (year, month, _) = civil(millis.div_euclid(86_400_000));
    format!("{year:04}-{month:02}")
}

/// A time in milliseconds since 1970 as its UTC date and minute (`2026-12-02 09:05 UTC`).
pub fn moment(millis: i64) -> String {
    let minutes = millis.rem_euclid(86_400_000) / 60_000;
    format!("{} {:02}:{:02} UTC", label(millis.div_euclid(86_400_000)), minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        assert_eq!(label(0), "1970-01-01");
        assert_eq!(label(20_783), "2026-11-26");
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(label(19_782 + 1), "2024-03-01");
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        // 2026-11-26 is a Thursday; its week starts on Monday 2026-11-23.
        assert_eq!(label(BucketSize::Week.start(20_783)), "2026-11-23");
        assert_eq!(label(BucketSize::Week.start(days_from_civil(2026, 11, 23))), "2026-11-23");
        assert_eq!(label(BucketSize::Week.start(days_from_civil(2026, 11, 22))), "2026-11-16", "Sunday");
        assert_eq!(label(BucketSize::Month.start(20_783)), "2026-11-01");
        assert_eq!(BucketSize::Day.start(20_783), 20_783);
        assert_eq!(BucketSize::parse("fortnight"), None);
    }

    proptest! {
        #[test]
        fn dates_go_there_and_back(day in -800_000i64..800_000) {
            let (y, m, d) = civil(day);
            prop_assert_eq!(days_from_civil(y, m, d), day);
            let week = BucketSize::Week.start(day);
            prop_assert!(week <= day && day - week < 7 && (week + 3).rem_euclid(7) == 0);
            let month = BucketSize::Month.start(day);
            prop_assert!(month <= day && civil(month).2 == 1 && civil(month).1 == m);
        }
    }
}
