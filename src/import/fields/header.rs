//! The header above the kind line: unit and parent unit, number and symbol, place and
//! date; and the kind line itself.

use std::sync::OnceLock;

use regex::Regex;

use super::{Fields, block_lines, clean, collapse, is_rule, is_upper, re};
use crate::content::cite;
use crate::content::{Kind, PartialDate};
use crate::import::model::Block;
use crate::vi;

const KIND_WORDS: &[(&str, Option<Kind>)] = &[
    ("ke hoach", Some(Kind::Plan)),
    ("bao cao", Some(Kind::Report)),
    ("chuong trinh", Some(Kind::Program)),
    ("huong dan", Some(Kind::Guide)),
    ("thong bao", Some(Kind::Notice)),
    ("quyet dinh", Some(Kind::Decision)),
    ("nghi quyet", Some(Kind::Resolution)),
    ("chi thi", Some(Kind::Directive)),
    ("ket luan", Some(Kind::Conclusion)),
    ("to trinh", Some(Kind::Other)),
    ("cong van", Some(Kind::Other)),
    ("de an", Some(Kind::Other)),
    ("quy che", Some(Kind::Other)),
    ("quy dinh", Some(Kind::Other)),
];

/// The kind a line names when it is the kind line of a document (`KẾ HOẠCH`).
pub fn kind_line(line: &str) -> Option<Option<Kind>> {
    let l = clean(line);
    if !is_upper(&l) {
        return None;
    }
    let folded = collapse(&vi::fold(&l));
    KIND_WORDS
        .iter()
        .find(|(w, _)| folded == *w)
        .map(|(_, k)| *k)
}

fn is_motto(line: &str) -> bool {
    let f = vi::fold(line);
    f.contains("cong hoa xa hoi chu nghia")
        || f.contains("doc lap") && f.contains("hanh phuc")
        || f.contains("dang cong san viet nam")
}

fn number_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^(?i:s[ốô])\s*(?:[:.]\s*)?(?P<n>\d*)\s*(?P<sym>[-/‐–]\s*\S.*)?$",
    )
}

fn date_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^(?:(?P<place>[^,]*?)\s*,\s*)?ngày\s*(?P<d>\d{0,2})\s*(?:tháng\s*(?P<m>\d{0,2}))\s*năm\s*(?P<y>\d{4})\s*\.?$",
    )
}

/// Reads the number line: `(number, symbol)`; the number is None when left blank.
pub fn parse_number(line: &str) -> Option<(Option<String>, Option<String>)> {
    let c = number_re().captures(line.trim())?;
    let digits = c.name("n").map_or("", |m| m.as_str());
    let sym = c.name("sym").map(|m| cite::normalise_number(m.as_str()));
    let symbol = sym
        .as_deref()
        .map(|s| s.trim_start_matches(['-', '/']).to_owned())
        .filter(|s| !s.is_empty());
    if digits.is_empty() && symbol.is_none() {
        return None;
    }
    let number = (!digits.is_empty()).then(|| format!("{digits}{}", sym.unwrap_or_default()));
    Some((number, symbol))
}

/// Reads a date line: `(place, date)`; day and month may be blank.
pub fn parse_date_line(line: &str) -> Option<(Option<String>, PartialDate)> {
    let c = date_re().captures(line.trim())?;
    let year: i32 = c["y"].parse().ok()?;
    let month: Option<u32> = c
        .name("m")
        .and_then(|m| m.as_str().parse().ok())
        .filter(|m| (1..=12).contains(m));
    let day: Option<u32> = c
        .name("d")
        .and_then(|m| m.as_str().parse().ok())
        .filter(|d| (1..=31).contains(d));
    let day = if month.is_some() { day } else { None };
    if let (Some(m), Some(d)) = (month, day) {
        chrono::NaiveDate::from_ymd_opt(year, m, d)?;
    }
    let place = c
        .name("place")
        .map(|p| p.as_str().trim().trim_matches(['.', '…', ' ']).to_owned())
        .filter(|p| p.chars().any(char::is_alphabetic));
    Some((place, PartialDate { year, month, day }))
}

/// Words that start a line continuing the unit name above (`ỦY BAN NHÂN DÂN` / `HUYỆN ĐỒNG VĂN`).
fn continues_unit(line: &str) -> bool {
    let f = vi::fold(line);
    let starts = [
        "huyen ",
        "tinh ",
        "xa ",
        "thi tran ",
        "phuong ",
        "quan ",
        "thanh pho ",
        "thi xa ",
        "tp ",
    ];
    starts.iter().any(|s| f.starts_with(s)) && f.split_whitespace().nth(1).is_none_or(|w| w != "uy")
}

pub(super) fn kind_from_symbol(number: &str) -> Option<Kind> {
    Kind::from_number(number).or_else(|| {
        let abbr = number.split(['-', '/']).next()?;
        Kind::from_abbreviation(abbr)
    })
}

pub(super) fn read_header(blocks: &[Block], f: &mut Fields) {
    let mut units: Vec<(String, bool)> = Vec::new();
    for b in blocks {
        for (line, bold) in block_lines(b) {
            if line.is_empty() {
                continue;
            }
            f.header_lines.push(line.clone());
            if is_rule(&line) || is_motto(&line) {
                continue;
            }
            if let Some((number, symbol)) = parse_number(&line) {
                f.number = number;
                f.symbol = symbol;
            } else if let Some((place, date)) = parse_date_line(&line) {
                f.place = place;
                f.date = Some(date);
            } else if is_upper(&line) && !vi::fold(&line).starts_with("v/v") {
                units.push((line, bold));
            }
        }
    }
    if units.is_empty() {
        return;
    }
    let any_bold = units.iter().any(|(_, b)| *b);
    let all_bold = units.iter().all(|(_, b)| *b);
    if any_bold && !all_bold {
        let first_bold = units.iter().position(|(_, b)| *b).expect("some bold");
        let parent: Vec<&str> = units[..first_bold]
            .iter()
            .map(|(l, _)| l.as_str())
            .collect();
        let unit: Vec<&str> = units[first_bold..]
            .iter()
            .filter(|(_, b)| *b)
            .map(|(l, _)| l.as_str())
            .collect();
        f.parent_unit = (!parent.is_empty()).then(|| collapse(&parent.join(" ")));
        f.issuing_unit = Some(collapse(&unit.join(" ")));
        return;
    }
    // No bold to tell them apart: lines group by continuation; the last group is the unit.
    let mut groups: Vec<String> = Vec::new();
    for (l, _) in &units {
        match groups.last_mut() {
            Some(g) if continues_unit(l) => {
                g.push(' ');
                g.push_str(l);
            }
            _ => groups.push(l.clone()),
        }
    }
    let unit = groups.pop().expect("one group");
    f.issuing_unit = Some(collapse(&unit));
    if !groups.is_empty() {
        f.parent_unit = Some(collapse(&groups.join(" ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_offices_space_them() {
        assert_eq!(
            parse_number("Số: 12 /BC-UBND"),
            Some((Some("12/BC-UBND".into()), Some("BC-UBND".into())))
        );
        assert_eq!(
            parse_number("Số 159 -KH/HU"),
            Some((Some("159-KH/HU".into()), Some("KH/HU".into())))
        );
        assert_eq!(
            parse_number("Số:        /KH-UBND"),
            Some((None, Some("KH-UBND".into())))
        );
        assert_eq!(
            parse_number("SỐ: 05/KH-BDV"),
            Some((Some("05/KH-BDV".into()), Some("KH-BDV".into())))
        );
        assert_eq!(parse_number("Sở Tư pháp"), None);
    }

    #[test]
    fn date_lines_full_partial_and_without_place() {
        let (place, d) = parse_date_line("Đồng Văn, ngày      tháng      năm 2022").unwrap();
        assert_eq!(
            (place.as_deref(), d.month, d.day, d.year),
            (Some("Đồng Văn"), None, None, 2022)
        );
        let (place, d) = parse_date_line("ngày 16 tháng 01 năm 2023").unwrap();
        assert_eq!((place, d.month, d.day), (None, Some(1), Some(16)));
        let (place, _) = parse_date_line("....., ngày tháng năm 2023").unwrap();
        assert_eq!(place, None);
    }
}
