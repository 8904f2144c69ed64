//! Dates as index keys: `@2022`, `@2022-10`, `@2022-10-23` (no token or document number starts
//! with `@`). search.js turns what readers type (`10/2022`, `tháng 10 năm 2022`, `23/8/2022`) into
//! the same keys (`dateKeys`); tests/search/dates.json holds cases both must agree on.

/// A period longer than this many months adds no month keys past it.
const MAX_PERIOD_MONTHS: u32 = 36;
/// A period this many days long or shorter adds a key for every day.
const MAX_PERIOD_DAYS: i64 = 31;

/// Year, month (0: none), day (0: none) of a `yyyymmdd` sort key.
fn parts(ymd: u32) -> (u32, u32, u32) {
    (ymd / 10_000, ymd / 100 % 100, ymd % 100)
}

/// The key of a year, a month or a day: `@2022`, `@2022-10`, `@2022-10-23`.
pub fn key(year: u32, month: u32, day: u32) -> String {
    match (month, day) {
        (0, _) => format!("@{year}"),
        (m, 0) => format!("@{year}-{m:02}"),
        (m, d) => format!("@{year}-{m:02}-{d:02}"),
    }
}

/// The keys of a date as known (`yyyymmdd` with zeros): its year, month and day.
pub fn keys_of(ymd: u32) -> Vec<String> {
    let (y, m, d) = parts(ymd);
    if y == 0 {
        return Vec::new();
    }
    let mut keys = vec![key(y, 0, 0)];
    if m > 0 {
        keys.push(key(y, m, 0));
        if d > 0 {
            keys.push(key(y, m, d));
        }
    }
    keys
}

/// The keys of the days, months and years a period covers, and whether it is a month or less
/// (then a reader asking for that month means it: it weighs as much as the document's date).
pub fn period_keys(from: u32, to: u32) -> (Vec<String>, bool) {
    let ((fy, fm, fd), (ty, tm, td)) = (parts(from), parts(to));
    if fy == 0 || ty < fy {
        return (keys_of(from), false);
    }
    let mut keys: Vec<String> = (fy..=ty.min(fy + 3)).map(|y| key(y, 0, 0)).collect();
    if fm == 0 || tm == 0 {
        return (keys, false);
    }
    let (first, last) = (fy * 12 + fm - 1, ty * 12 + tm - 1);
    let months = (last + 1).saturating_sub(first);
    for m in (first..=last).take(MAX_PERIOD_MONTHS as usize) {
        keys.push(key(m / 12, m % 12 + 1, 0));
    }
    let days = chrono::NaiveDate::from_ymd_opt(fy as i32, fm, fd.max(1))
        .zip(chrono::NaiveDate::from_ymd_opt(ty as i32, tm, td.max(1)));
    if let (Some((a, b)), true) = (days, fd > 0 && td > 0) {
        let span = (b - a).num_days();
        if (0..MAX_PERIOD_DAYS).contains(&span) {
            for day in a.iter_days().take(span as usize + 1) {
                use chrono::Datelike;
                keys.push(key(day.year() as u32, day.month(), day.day()));
            }
        }
    }
    (keys, months <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_gives_its_year_month_and_day() {
        assert_eq!(keys_of(20220823), ["@2022", "@2022-08", "@2022-08-23"]);
        assert_eq!(keys_of(20220900), ["@2022", "@2022-09"]);
        assert_eq!(keys_of(20220000), ["@2022"]);
    }

    #[test]
    fn a_period_gives_what_it_covers() {
        let (keys, month) = period_keys(20221001, 20221031);
        assert!(month);
        assert_eq!(keys.len(), 1 + 1 + 31);
        assert!(keys.contains(&"@2022-10-23".to_string()));
        let (keys, month) = period_keys(20220101, 20221231);
        assert!(!month);
        assert_eq!(keys.len(), 1 + 12, "{keys:?}");
        let (keys, _) = period_keys(20211101, 20220228);
        assert_eq!(
            keys,
            [
                "@2021", "@2022", "@2021-11", "@2021-12", "@2022-01", "@2022-02"
            ]
        );
    }
}
