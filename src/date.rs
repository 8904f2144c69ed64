//! Dates as editors write them: ISO (`2022-09-23`, `2022-09`, `2022`) and the Vietnamese
//! office forms, always day first (`23/9/2022`, `23-9-2022`, `23.9.2022`,
//! `ngày 23 tháng 9 năm 2022`, `9/2022`, `tháng 9 năm 2022`), with or without diacritics,
//! read into dates that may lack their day or month. Documents, units and campaigns all
//! carry such dates; this module depends on none of them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::i18n::codes::{self, Code};
use crate::vi;

/// A date that may lack its day, or its day and month, as undated drafts do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn full(year: i32, month: u32, day: u32) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// `yyyymmdd` with zeros for what is missing: larger is newer, and a document dated only
    /// `2022-09` sorts before every dated day of September 2022.
    pub fn sort_key(self) -> u32 {
        (self.year.max(0) as u32) * 10_000 + self.month.unwrap_or(0) * 100 + self.day.unwrap_or(0)
    }

    pub fn in_words(self) -> String {
        vi::date_in_words(self.year, self.month, self.day)
    }

    pub fn short(self) -> String {
        vi::date_short(self.year, self.month, self.day)
    }

    /// The first day the date may mean: `2023` → 2023-01-01.
    pub fn first_day(self) -> chrono::NaiveDate {
        let d = chrono::NaiveDate::from_ymd_opt(
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1),
        );
        d.unwrap_or(chrono::NaiveDate::MIN)
    }

    /// The last day the date may mean: `2023` → 2023-12-31, `2024-02` → 2024-02-29.
    pub fn last_day(self) -> chrono::NaiveDate {
        let month = self.month.unwrap_or(12);
        let d = match self.day {
            Some(day) => chrono::NaiveDate::from_ymd_opt(self.year, month, day),
            None => chrono::NaiveDate::from_ymd_opt(self.year, month, 1)
                .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
                .and_then(|next| next.pred_opt()),
        };
        d.unwrap_or(chrono::NaiveDate::MAX)
    }

    pub fn to_naive(self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    pub fn from_naive(d: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        PartialDate::full(d.year(), d.month(), d.day())
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601 as far as known: `2022-09-23`, `2022-09`, `2022`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// How a date was written, so that a check can show the canonical form and warn where a
/// day-first reading could mislead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `2022-09-23`, `2022-09`, `2022`: the canonical form.
    Iso,
    /// Numbers day first: `23/9/2022`, `23-9-2022`, `9/2022`.
    DayFirst,
    /// In words: `ngày 23 tháng 9 năm 2022`, `tháng 9 năm 2022`.
    Words,
}

/// A date read from what an editor wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadDate {
    pub date: PartialDate,
    pub form: Form,
}

impl ReadDate {
    /// `03/04/2022`: both numbers could be a month, so a reader used to month-first dates
    /// could take it for 4 March. Vietnamese dates are always day first.
    pub fn ambiguous(&self) -> bool {
        match (self.form, self.date.month, self.date.day) {
            (Form::DayFirst, Some(m), Some(d)) => d <= 12 && d != m,
            _ => false,
        }
    }
}

/// Why a date did not parse, with the fix to suggest.
#[derive(Debug, PartialEq, Eq)]
pub enum DateError {
    Shape,
    /// No such day; carries the month it was in, canonical (`2022-02`).
    NotADay(String),
    Month,
    /// A year outside [`YEARS`].
    Year,
}

/// The years a document, a deadline or a unit's end may fall in: a typo such as `0000` or
/// `9999` is refused rather than given a page for "năm 0".
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

impl DateError {
    /// The kind of problem, for its message in the catalogue.
    pub fn code(&self) -> Code {
        match self {
            DateError::Shape => codes::DATE_SHAPE,
            DateError::NotADay(_) => codes::DATE_NOT_A_DAY,
            DateError::Month => codes::DATE_MONTH,
            DateError::Year => codes::DATE_YEAR,
        }
    }

    /// `d` (of [`DateError::code`]) with the arguments its message needs: the day and
    /// month as written (year first in ISO, day first otherwise).
    pub fn diagnostic(&self, d: Diagnostic, written: &str) -> Diagnostic {
        let numbers: Vec<u32> = written
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        let iso = written.trim().as_bytes().get(4) == Some(&b'-');
        let (day, month) = match numbers.as_slice() {
            [_, m, d] if iso => (*d, *m),
            [_, m] if iso => (0, *m),
            [d, m, ..] if !iso && numbers.len() == 3 => (*d, *m),
            [m, _] => (0, *m),
            _ => (0, 0),
        };
        let d = d.arg("date", written);
        match self {
            DateError::Shape => d,
            DateError::NotADay(partial) => d
                .arg("month", month)
                .arg("day", day)
                .arg("partial", partial),
            DateError::Month => d.arg("month", month),
            DateError::Year => d.arg("first", *YEARS.start()).arg("last", *YEARS.end()),
        }
    }
}

/// A date in any accepted form.
pub fn parse_date(written: &str) -> Result<PartialDate, DateError> {
    read_date(written).map(|r| r.date)
}

/// A date in any accepted form, with the form it was written in.
pub fn read_date(written: &str) -> Result<ReadDate, DateError> {
    let written = written.trim();
    let b = written.as_bytes();
    if b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit) && b.get(4).is_none_or(|&c| c == b'-')
    {
        return iso(written).map(|date| ReadDate {
            date,
            form: Form::Iso,
        });
    }
    vietnamese(written)
}

/// `2022-09-23`, `2022-09` or `2022`, with two-digit months and days.
fn iso(written: &str) -> Result<PartialDate, DateError> {
    let parts: Vec<&str> = written.split('-').collect();
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if parts.len() > 3 {
        return Err(DateError::Shape);
    }
    let year = num(parts[0], 4).ok_or(DateError::Shape)? as i32;
    let month = parts
        .get(1)
        .map(|m| num(m, 2).ok_or(DateError::Shape))
        .transpose()?;
    let day = parts
        .get(2)
        .map(|d| num(d, 2).ok_or(DateError::Shape))
        .transpose()?;
    checked(year, month, day)
}

/// The day-first and worded forms. Words and numbers are read in order: `ngày` takes a day
/// (or a whole `23/9/2022`), `tháng` a month (or `9/2022`), `năm` a year.
fn vietnamese(written: &str) -> Result<ReadDate, DateError> {
    let folded = vi::fold(written).replace(',', " ");
    let (mut day, mut month, mut year) = (None, None, None);
    let mut words = false;
    let mut tokens = folded.split_whitespace();
    while let Some(token) = tokens.next() {
        let (slot, token) = match token {
            "ngay" => (Slot::Day, tokens.next().ok_or(DateError::Shape)?),
            "thang" => (Slot::Month, tokens.next().ok_or(DateError::Shape)?),
            "nam" => (Slot::Year, tokens.next().ok_or(DateError::Shape)?),
            numbers => (Slot::Any, numbers),
        };
        words |= slot != Slot::Any;
        let numbers = numbers(token).ok_or(DateError::Shape)?;
        let set = |at: &mut Option<u32>, value: u32| {
            if at.replace(value).is_some() {
                Err(DateError::Shape)
            } else {
                Ok(())
            }
        };
        match (slot, numbers.as_slice()) {
            (Slot::Day | Slot::Any, &[d, m, y]) => {
                set(&mut day, d)?;
                set(&mut month, m)?;
                set(&mut year, y)?;
            }
            (Slot::Month | Slot::Any, &[m, y]) => {
                set(&mut month, m)?;
                set(&mut year, y)?;
            }
            (Slot::Day, &[d]) => set(&mut day, d)?,
            (Slot::Month, &[m]) => set(&mut month, m)?,
            (Slot::Year | Slot::Any, &[y]) if token.len() == 4 => set(&mut year, y)?,
            _ => return Err(DateError::Shape),
        }
    }
    let year = year
        .filter(|y| (1000..=9999).contains(y))
        .ok_or(DateError::Shape)?;
    if day.is_some() && month.is_none() {
        return Err(DateError::Shape);
    }
    let date = checked(year as i32, month, day)?;
    let form = if words { Form::Words } else { Form::DayFirst };
    Ok(ReadDate { date, form })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Day,
    Month,
    Year,
    Any,
}

/// `23/9/2022`, `23-09-2022`, `23.9.2022` → [23, 9, 2022]; `9` → [9]. Days and months have
/// one or two digits, years four.
fn numbers(token: &str) -> Option<Vec<u32>> {
    let parts: Vec<&str> = token.split(['/', '-', '.']).collect();
    let last = parts.len() - 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let ok_len = if i == last && last > 0 {
                p.len() == 4
            } else {
                (1..=2).contains(&p.len()) || (last == 0 && p.len() == 4)
            };
            (ok_len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect()
}

fn checked(year: i32, month: Option<u32>, day: Option<u32>) -> Result<PartialDate, DateError> {
    if !YEARS.contains(&year) {
        return Err(DateError::Year);
    }
    if month.is_some_and(|m| !(1..=12).contains(&m)) {
        return Err(DateError::Month);
    }
    if let (Some(m), Some(d)) = (month, day) {
        if chrono::NaiveDate::from_ymd_opt(year, m, d).is_none() {
            return Err(DateError::NotADay(format!("{year:04}-{m:02}")));
        }
    }
    Ok(PartialDate { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> PartialDate {
        PartialDate::full(y, m, d)
    }
    fn month(y: i32, m: u32) -> PartialDate {
        PartialDate {
            year: y,
            month: Some(m),
            day: None,
        }
    }

    #[test]
    fn iso_full_partial_and_wrong() {
        assert_eq!(parse_date("2022-09-23"), Ok(day(2022, 9, 23)));
        assert_eq!(parse_date("2022-09"), Ok(month(2022, 9)));
        assert_eq!(
            parse_date("2022"),
            Ok(PartialDate {
                year: 2022,
                month: None,
                day: None
            })
        );
        assert_eq!(
            parse_date("2022-02-30"),
            Err(DateError::NotADay("2022-02".into()))
        );
        assert_eq!(parse_date("2022-13"), Err(DateError::Month));
        assert_eq!(parse_date("2022-9-1"), Err(DateError::Shape));
        assert_eq!(read_date("2022-09-23").unwrap().form, Form::Iso);
    }

    #[test]
    fn every_day_first_form_is_read_day_first() {
        for written in [
            "23/9/2022",
            "23/09/2022",
            "23-9-2022",
            "23.9.2022",
            " 23/9/2022 ",
            "ngày 23/9/2022",
        ] {
            let r = read_date(written).unwrap_or_else(|e| panic!("{written}: {e:?}"));
            assert_eq!(r.date, day(2022, 9, 23), "{written}");
        }
        assert_eq!(read_date("23/9/2022").unwrap().form, Form::DayFirst);
        for written in ["9/2022", "09/2022", "9-2022"] {
            assert_eq!(parse_date(written), Ok(month(2022, 9)), "{written}");
        }
    }

    #[test]
    fn dates_in_words_with_or_without_diacritics() {
        for written in [
            "ngày 23 tháng 9 năm 2022",
            "Ngày 23 tháng 09 năm 2022",
            "NGÀY 23 THÁNG 9 NĂM 2022",
            "ngay 23 thang 9 nam 2022",
            "ngày 23 tháng 9, năm 2022",
            "ngày 23 tháng 9/2022",
            // Decomposed (NFD) text, as some editors save it.
            "nga\u{300}y 23 tha\u{301}ng 9 na\u{306}m 2022",
        ] {
            let r = read_date(written).unwrap_or_else(|e| panic!("{written}: {e:?}"));
            assert_eq!(r.date, day(2022, 9, 23), "{written}");
            assert_eq!(r.form, Form::Words, "{written}");
        }
        for written in [
            "tháng 9 năm 2022",
            "Tháng 09 năm 2022",
            "thang 9 nam 2022",
            "tháng 9/2022",
        ] {
            assert_eq!(parse_date(written), Ok(month(2022, 9)), "{written}");
        }
        assert_eq!(
            parse_date("năm 2022"),
            Ok(PartialDate {
                year: 2022,
                month: None,
                day: None
            })
        );
    }

    #[test]
    fn wrong_dates_say_why() {
        assert_eq!(
            parse_date("31/4/2022"),
            Err(DateError::NotADay("2022-04".into()))
        );
        assert_eq!(
            parse_date("ngày 30 tháng 2 năm 2023"),
            Err(DateError::NotADay("2023-02".into()))
        );
        assert_eq!(parse_date("12/13/2022"), Err(DateError::Month));
        assert_eq!(parse_date("9/23/2022"), Err(DateError::Month));
        for shape in [
            "",
            "hôm qua",
            "23/9/22",
            "23/9",
            "ngày 23 năm 2022",
            "ngày 23",
            "tháng năm 2022",
            "23/9/2022/1",
            "123/9/2022",
            "ngày 1 ngày 2 tháng 3 năm 2022",
        ] {
            assert_eq!(parse_date(shape), Err(DateError::Shape), "{shape:?}");
        }
    }

    #[test]
    fn ambiguous_only_when_the_day_could_be_a_month() {
        let amb = |w: &str| read_date(w).unwrap().ambiguous();
        assert!(amb("03/04/2022"));
        assert!(amb("3-4-2022"));
        assert!(!amb("23/9/2022"), "no month 23");
        assert!(!amb("4/4/2022"), "the same either way");
        assert!(
            !amb("ngày 03 tháng 04 năm 2022"),
            "words say which is which"
        );
        assert!(!amb("2022-04-03"));
        assert!(!amb("04/2022"));
    }
}
