//! What the body says of the document: its headings, the unit that names itself, the
//! deadlines it sets and the period it covers.

use std::sync::OnceLock;

use regex::Regex;

use super::{Deadline, Period, collapse, re};
use crate::vi;

pub(super) fn year_in(text: &str) -> Option<i32> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?i)năm\s+((?:19|20)\d\d)\b")
        .captures(text)
        .and_then(|c| c[1].parse().ok())
}

/// A heading as offices number them: `I.`, `1.`, `1.1.`; returns its depth (1 for Roman).
pub fn heading_depth(text: &str) -> Option<usize> {
    static ROMAN: OnceLock<Regex> = OnceLock::new();
    static NUM: OnceLock<Regex> = OnceLock::new();
    let t = text.trim();
    if re(&ROMAN, r"^[IVXL]{1,6}[.)]\s+\S").is_match(t) {
        return Some(1);
    }
    let c = re(&NUM, r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S").captures(t)?;
    let dots = c[1].matches('.').count();
    if dots == 0 && !t[c[1].len()..].starts_with('.') {
        return None;
    }
    Some(dots + 2)
}

pub(super) fn is_heading_text(t: &str) -> bool {
    let first = t.lines().next().unwrap_or("");
    first.chars().count() < 200 && heading_depth(first).is_some_and(|d| d == 1)
}

/// The unit as the body names itself (`UBND xã Hà Giang xây dựng kế hoạch…`, `Trên đây là Kế
/// hoạch … của Sở Tư pháp`). A name ending in its level alone (`UBND huyện`) takes the place
/// of the date line (`UBND huyện` + `Hồng Ngự`); without one it names no one in particular.
pub(super) fn unit_from_body(texts: &[String], place: Option<&str>) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?:^|[.;:]\s+)((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Ban Thường vụ|Ban Chấp hành|Huyện ủy|Tỉnh ủy|Đảng ủy|Thành ủy|Sở|Phòng|Trung tâm|Ban|Ủy ban MTTQ|Hội)\s[^.;:,()\n]{1,80}?)\s+(?:xây dựng|ban hành|triển khai|báo cáo)\s+(?:[Kk]ế hoạch|[Bb]áo cáo|[Cc]hương trình|[Hh]ướng dẫn|kết quả|như sau)",
    );
    static CLOSING: OnceLock<Regex> = OnceLock::new();
    let closing = re(
        &CLOSING,
        r"Trên đây là .{0,200}? của ((?:UBND|Ủy ban nhân dân|Ban Thường vụ|Huyện ủy|Tỉnh ủy|Đảng ủy|Sở|Phòng|Ban)[^;,.()\n]{1,60})",
    );
    let complete = |unit: &str| -> Option<String> {
        let unit = collapse(unit.trim());
        let folded = vi::fold(&unit);
        let levels = [
            "huyen",
            "tinh",
            "xa",
            "thi tran",
            "phuong",
            "quan",
            "thanh pho",
            "thi xa",
        ];
        if levels.iter().any(|l| folded.ends_with(&format!(" {l}"))) {
            return place.map(|p| format!("{unit} {p}"));
        }
        (unit.split_whitespace().count() >= 3).then_some(unit)
    };
    let opening = texts
        .iter()
        .take(6)
        .filter_map(|t| r.captures(t).map(|c| c[1].to_owned()));
    let ending = texts
        .iter()
        .rev()
        .take(6)
        .filter_map(|t| closing.captures(t).map(|c| c[1].to_owned()));
    opening.chain(ending).find_map(|u| complete(&u))
}

fn date_piece() -> &'static str {
    r"(?:(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}))?|(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?)"
}

fn date_from(c: &regex::Captures, offset: usize, year: Option<i32>) -> Option<chrono::NaiveDate> {
    let g = |i: usize| c.get(offset + i).map(|m| m.as_str());
    let (d, m, y) = if g(0).is_some() {
        (g(0), g(1), g(2))
    } else {
        (g(3), g(4), g(5))
    };
    let y = y.and_then(|y| y.parse().ok()).or(year)?;
    chrono::NaiveDate::from_ymd_opt(y, m?.parse().ok()?, d?.parse().ok()?)
}

pub(super) fn deadlines(text: &str, year: Option<i32>) -> Vec<Deadline> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(&R, &format!(r"(?i)trước\s+ngày\s+{}", date_piece()));
    let text = text.replace('\n', " ");
    let mut out = Vec::new();
    for c in r.captures_iter(&text) {
        let Some(date) = date_from(&c, 1, year) else {
            continue;
        };
        let m = c.get(0).expect("whole match");
        // The clause around it: from the last `;` or sentence end before, to the next after.
        let before = &text[..m.start()];
        let clause_start = before.rfind([';', '.']).map_or(0, |i| i + 1);
        let after = &text[m.end()..];
        let clause_end = after
            .find([';'])
            .or_else(|| after.find(". "))
            .map_or(text.len(), |i| m.end() + i);
        let mut what = format!(
            "{} {}",
            &text[clause_start..m.start()],
            &text[m.end()..clause_end]
        );
        // `2. Thời gian báo cáo: …` reads as its label's content; a label alone is the what.
        what = strip_numbering(&what);
        if let Some((label, rest)) = what.split_once(':') {
            let rest = rest.trim();
            what = if rest.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() {
                label.to_owned()
            } else {
                rest.to_owned()
            };
        }
        let what = collapse(
            what.trim()
                .trim_matches(|c: char| c == ',' || c == '.' || c == ';' || c.is_whitespace()),
        );
        let mut chars = what.chars();
        let what = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
        out.push(Deadline { date, what });
    }
    out
}

fn strip_numbering(s: &str) -> String {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^\s*(?:[-+•–]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s+|[a-zđ]\)\s+)*",
    )
    .replace(s, "")
    .into_owned()
}

pub(super) fn period(text: &str, year: Option<i32>) -> Option<Period> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        &format!(
            r"(?i)\btừ\s+ngày\s+{}\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?{}",
            date_piece(),
            date_piece()
        ),
    );
    let text = text.replace('\n', " ");
    let c = r.captures(&text)?;
    let to = date_from(&c, 7, year)?;
    let from = date_from(&c, 1, Some(to.year_ce().1 as i32))?;
    (from <= to).then_some(Period { from, to })
}

use chrono::Datelike;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_by_numbering() {
        assert_eq!(heading_depth("I. MỤC ĐÍCH"), Some(1));
        assert_eq!(heading_depth("1. Mục đích"), Some(2));
        assert_eq!(heading_depth("2.1. Phòng Tư pháp"), Some(3));
        assert_eq!(heading_depth("2.1 Phòng Tư pháp"), Some(3));
        assert_eq!(heading_depth("15/10 là ngày"), None);
    }

    #[test]
    fn deadlines_take_their_clause() {
        let d = deadlines("2. Thời gian báo cáo kết quả: Trước ngày 05/11/2021.", None);
        assert_eq!(d[0].what, "Thời gian báo cáo kết quả");
        let d = deadlines(
            "1. Các tổ chức thuộc Sở; báo cáo kết quả về Văn phòng Sở trước ngày 01/11/2021; Văn phòng tổng hợp trước ngày 5 tháng 11.",
            Some(2021),
        );
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].what, "Báo cáo kết quả về Văn phòng Sở");
        assert_eq!(d[1].date.to_string(), "2021-11-05");
    }
}
