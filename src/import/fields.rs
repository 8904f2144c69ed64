//! The layout reader: where an official document (Nghị định 30/2020/NĐ-CP, Hướng dẫn
//! 36-HD/VPTW) keeps its fields. The header above the kind line (unit, number, date and
//! place, as a table, tab stops or lines), the title under the kind, the signature block and
//! "Nơi nhận" after the body, and in the body the basis, deadlines and period.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::model::{Block, Para};
use crate::content::cite;
use crate::content::{Kind, PartialDate};
use crate::vi;

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Signer {
    pub on_behalf: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Deadline {
    #[serde(serialize_with = "ser_day")]
    pub date: chrono::NaiveDate,
    pub what: String,
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct Period {
    #[serde(serialize_with = "ser_day")]
    pub from: chrono::NaiveDate,
    #[serde(serialize_with = "ser_day")]
    pub to: chrono::NaiveDate,
}

/// Everything read from the layout, as the document writes it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Fields {
    pub kind: Option<Kind>,
    pub title: Option<String>,
    pub number: Option<String>,
    pub symbol: Option<String>,
    #[serde(serialize_with = "ser_date")]
    pub date: Option<PartialDate>,
    pub place: Option<String>,
    /// The issuing unit as written (header capitals, or the body's words).
    pub issuing_unit: Option<String>,
    /// True when the unit came from the body, not a header.
    pub unit_from_body: bool,
    pub parent_unit: Option<String>,
    pub signer: Option<Signer>,
    pub recipients: Vec<String>,
    pub based_on: Vec<String>,
    pub reports_on: Option<String>,
    pub period: Option<Period>,
    pub deadlines: Vec<Deadline>,
    /// Header and signature lines as written: kept in the new file as a comment.
    pub header_lines: Vec<String>,
    pub signature_lines: Vec<String>,
}

fn ser_day<S: serde::Serializer>(d: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

fn ser_date<S: serde::Serializer>(d: &Option<PartialDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&iso(*d)),
        None => s.serialize_none(),
    }
}

pub fn iso(d: PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{:04}-{m:02}-{day:02}", d.year),
        (Some(m), None) => format!("{:04}-{m:02}", d.year),
        _ => format!("{:04}", d.year),
    }
}

/// Where the parts of the document lie, as block indices.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Blocks of the header, the kind line and the title: none of them goes to the body.
    pub body_start: usize,
    /// The signature block (and Nơi nhận): `start..end`, or empty.
    pub signature: std::ops::Range<usize>,
}

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

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// Removes Markdown emphasis and heading marks a pasted text may carry.
fn clean(s: &str) -> String {
    let t = s.trim().trim_start_matches('#').trim();
    t.trim_matches(|c| c == '*' || c == '_').trim().to_owned()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_upper(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.iter().all(|c| !c.is_lowercase())
}

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

fn para_lines(p: &Para) -> Vec<(String, bool)> {
    // A line is bold when its runs are; track bold across the runs of each line.
    let mut lines: Vec<(String, bool, bool)> = vec![(String::new(), true, false)];
    for r in &p.runs {
        for (i, piece) in r.text.split(['\n', '\t']).enumerate() {
            if i > 0 {
                lines.push((String::new(), true, false));
            }
            let last = lines.last_mut().expect("one line");
            last.0.push_str(piece);
            if piece.chars().any(char::is_alphanumeric) {
                last.1 &= r.bold;
                last.2 = true;
            }
        }
    }
    lines
        .into_iter()
        .map(|(t, b, any)| (clean(&t), b && any))
        .collect()
}

/// Every line of a block, a table's row by row and cell by cell.
fn block_lines(b: &Block) -> Vec<(String, bool)> {
    match b {
        Block::Para(p) => para_lines(p),
        Block::Table(t) => t
            .rows
            .iter()
            .flatten()
            .flat_map(|c| c.paras.iter().flat_map(para_lines))
            .collect(),
    }
}

fn block_text(b: &Block) -> String {
    block_lines(b)
        .into_iter()
        .map(|(l, _)| l)
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_motto(line: &str) -> bool {
    let f = vi::fold(line);
    f.contains("cong hoa xa hoi chu nghia")
        || f.contains("doc lap") && f.contains("hanh phuc")
        || f.contains("dang cong san viet nam")
}

fn is_rule(line: &str) -> bool {
    !line.is_empty()
        && line
            .chars()
            .all(|c| matches!(c, '-' | '_' | '*' | '=' | '–' | '—' | '.' | ' '))
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

/// The text of a document, block by block, for the deadline, period and campaign readers.
pub fn paragraph_texts(blocks: &[Block]) -> Vec<String> {
    blocks.iter().map(block_text).collect()
}

fn authority(line: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^(?:TM|T/M|T\.M|KT|TL|TUQ|Q|TM/)[.\s/]").is_match(line.trim())
}

fn is_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '.')
        })
        && !is_upper(line)
}

fn is_recipients_label(line: &str) -> bool {
    vi::fold(line).starts_with("noi nhan")
}

fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('-') || t.starts_with('+') || t.starts_with('•') || t.starts_with('–')
}

fn item_text(line: &str) -> String {
    let t = line.trim().trim_start_matches(['-', '+', '•', '–']).trim();
    collapse(t.trim_end_matches([';', ',', '.', ' ']))
}

/// Is this block the start of a signature (a Nơi nhận block or an authority line)?
fn signature_start(b: &Block) -> bool {
    let lines = block_lines(b);
    let has = |f: &dyn Fn(&str) -> bool| lines.iter().any(|(l, _)| f(l));
    match b {
        Block::Table(t) => {
            t.rows.len() <= 3
                && (has(&is_recipients_label) || has(&|l: &str| authority(l) && is_upper(l)))
        }
        Block::Para(_) => {
            lines.first().is_some_and(|(l, _)| is_recipients_label(l))
                || lines
                    .first()
                    .is_some_and(|(l, _)| authority(l) && is_upper(l) && l.len() < 80)
        }
    }
}

pub fn read(blocks: &[Block]) -> (Fields, Layout) {
    let mut f = Fields::default();
    let mut layout = Layout::default();

    // The kind line: within the first blocks, a line that is only a kind word.
    let mut kind_at = None;
    for (i, b) in blocks.iter().enumerate().take(40) {
        if let Block::Para(p) = b {
            if let Some((first, _)) = para_lines(p).into_iter().find(|(l, _)| !l.is_empty()) {
                if let Some(k) = kind_line(&first) {
                    kind_at = Some(i);
                    f.kind = k;
                    break;
                }
            }
        }
    }

    let mut body_start = 0;
    if let Some(k) = kind_at {
        read_header(&blocks[..k], &mut f);
        // The title: the rest of the kind paragraph, then bold or centred short paragraphs.
        let mut title: Vec<String> = Vec::new();
        if let Block::Para(p) = &blocks[k] {
            let lines = para_lines(p);
            let mut seen_kind = false;
            for (l, _) in lines {
                if !seen_kind {
                    seen_kind = !l.is_empty();
                    continue;
                }
                if !l.is_empty() {
                    title.push(l);
                }
            }
        }
        let mut i = k + 1;
        while let Some(Block::Para(p)) = blocks.get(i) {
            let text = clean(&p.text().replace(['\n', '\t'], " "));
            let f2 = vi::fold(&text);
            if text.is_empty() {
                if title.is_empty() {
                    i += 1;
                    continue;
                }
                break;
            }
            let opening = f2.starts_with("can cu")
                || f2.starts_with("thuc hien")
                || f2.starts_with("kinh gui");
            let looks = p.bold() || p.centered || (title.is_empty() && text.chars().count() < 250);
            if opening || !looks || is_rule(&text) || text.chars().count() > 300 || title.len() >= 4
            {
                break;
            }
            title.push(text);
            i += 1;
        }
        // Rules under the title (`-----`) belong to the layout.
        while let Some(Block::Para(p)) = blocks.get(i) {
            let t = clean(&p.text());
            if is_rule(&t) {
                i += 1;
            } else {
                break;
            }
        }
        for b in &blocks[k..i] {
            f.header_lines.extend(
                block_lines(b)
                    .into_iter()
                    .map(|(l, _)| l)
                    .filter(|l| !l.is_empty()),
            );
        }
        body_start = i;
        let joined = collapse(&title.join(" "));
        let joined = joined.trim_end_matches('.').trim().to_owned();
        if !joined.is_empty() {
            f.title = Some(joined);
        }
    }
    layout.body_start = body_start;

    // The signature block: the first after the body begins.
    let sig_start = (body_start..blocks.len()).find(|&i| signature_start(&blocks[i]));
    if let Some(s) = sig_start {
        let end = read_signature(blocks, s, &mut f);
        layout.signature = s..end;
    } else {
        layout.signature = blocks.len()..blocks.len();
    }
    let main = &blocks[body_start..layout.signature.start];
    let texts = paragraph_texts(main);

    if f.kind.is_none() {
        f.kind = f
            .number
            .as_deref()
            .or(f.symbol.as_deref())
            .and_then(kind_from_symbol);
    }

    // Basis: the opening Căn cứ / Thực hiện paragraphs before the first heading.
    for t in &texts {
        if is_heading_text(t) {
            break;
        }
        let fold = vi::fold(t);
        if fold.starts_with("can cu") || fold.starts_with("thuc hien") || fold.starts_with("theo ")
        {
            for c in cite::scan(t) {
                if !f.based_on.contains(&c.number) {
                    f.based_on.push(c.number);
                }
            }
        }
    }
    if f.kind == Some(Kind::Report) {
        let in_title = f.title.as_deref().map(cite::scan).unwrap_or_default();
        f.reports_on = in_title
            .into_iter()
            .chain(f.based_on.iter().map(|n| cite::Citation {
                number: n.clone(),
                range: 0..0,
                year: None,
                issuer: None,
            }))
            .map(|c| c.number)
            .find(|n| Kind::from_number(n) == Some(Kind::Plan));
    }

    if f.issuing_unit.is_none() {
        f.issuing_unit = unit_from_body(&texts, f.place.as_deref());
        f.unit_from_body = f.issuing_unit.is_some();
    }

    let year = f
        .date
        .map(|d| d.year)
        .or_else(|| f.title.as_deref().and_then(year_in));
    for t in &texts {
        f.deadlines.extend(deadlines(t, year));
    }
    f.period = texts.iter().find_map(|t| period(t, year));
    (f, layout)
}

fn kind_from_symbol(number: &str) -> Option<Kind> {
    Kind::from_number(number).or_else(|| {
        let abbr = number.split(['-', '/']).next()?;
        Kind::from_abbreviation(abbr)
    })
}

fn year_in(text: &str) -> Option<i32> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?i)năm\s+((?:19|20)\d\d)\b")
        .captures(text)
        .and_then(|c| c[1].parse().ok())
}

fn read_header(blocks: &[Block], f: &mut Fields) {
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

/// Reads the signature block starting at `start`; returns the index past it.
fn read_signature(blocks: &[Block], start: usize, f: &mut Fields) -> usize {
    let mut signer_lines: Vec<String> = Vec::new();
    let mut end = start;
    let mut in_recipients = false;
    let mut name: Option<String> = None;
    for (i, b) in blocks.iter().enumerate().skip(start) {
        match b {
            Block::Table(t) => {
                if i > start {
                    break;
                }
                for cell in t.rows.iter().flatten() {
                    let lines: Vec<String> = cell
                        .paras
                        .iter()
                        .flat_map(para_lines)
                        .map(|(l, _)| l)
                        .collect();
                    let recipients = lines
                        .iter()
                        .find(|l| !l.is_empty())
                        .is_some_and(|l| is_recipients_label(l));
                    for l in lines.into_iter().filter(|l| !l.is_empty()) {
                        f.signature_lines.push(l.clone());
                        if recipients {
                            take_recipient(&l, f);
                        } else {
                            signer_line(&l, &mut signer_lines, &mut name);
                        }
                    }
                }
                end = i + 1;
                if name.is_some() {
                    break;
                }
            }
            Block::Para(p) => {
                let text = p.text();
                let plain = clean(&text);
                if plain.is_empty() {
                    end = i + 1;
                    continue;
                }
                // Running text ends the block (the signer's name was never found).
                if i > start && plain.chars().count() > 120 && !is_item(&plain) {
                    break;
                }
                let mut consumed = false;
                for (n, piece) in text.split('\n').enumerate() {
                    for (col, seg) in piece.split('\t').enumerate() {
                        let seg = clean(seg);
                        if seg.is_empty() {
                            continue;
                        }
                        f.signature_lines.push(seg.clone());
                        consumed = true;
                        if is_recipients_label(&seg) {
                            in_recipients = true;
                            take_recipient(&seg, f);
                        } else if col == 0
                            && (is_item(&seg)
                                || p.list.is_some()
                                || (in_recipients
                                    && n == 0
                                    && !is_upper(&seg)
                                    && !is_name(&seg)
                                    && signer_lines.is_empty()))
                        {
                            f.recipients.push(item_text(&seg));
                        } else {
                            in_recipients = in_recipients && col == 0;
                            signer_line(&seg, &mut signer_lines, &mut name);
                        }
                    }
                }
                if consumed {
                    end = i + 1;
                }
                if name.is_some() {
                    break;
                }
            }
        }
    }
    if !signer_lines.is_empty() || name.is_some() {
        let auth: Vec<String> = signer_lines
            .iter()
            .filter(|l| authority(l))
            .cloned()
            .collect();
        let title = signer_lines.iter().rev().find(|l| !authority(l)).cloned();
        f.signer = Some(Signer {
            on_behalf: (!auth.is_empty()).then(|| auth.join("\n")),
            title,
            name,
        });
    }
    end
}

fn take_recipient(line: &str, f: &mut Fields) {
    if is_recipients_label(line) {
        if let Some((_, rest)) = line.split_once(':') {
            let rest = item_text(rest);
            if !rest.is_empty() {
                f.recipients.push(rest);
            }
        }
        return;
    }
    let t = item_text(line);
    if !t.is_empty() {
        f.recipients.push(t);
    }
}

fn signer_line(line: &str, signer: &mut Vec<String>, name: &mut Option<String>) {
    let l = line.trim();
    if l.starts_with('(') || l.starts_with('[') {
        return; // (Đã ký), (ký tên, đóng dấu)
    }
    if is_upper(l) {
        if name.is_none() {
            signer.push(collapse(l));
        }
    } else if l.chars().any(char::is_alphabetic) {
        *name = Some(collapse(l));
    }
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

fn is_heading_text(t: &str) -> bool {
    let first = t.lines().next().unwrap_or("");
    first.chars().count() < 200 && heading_depth(first).is_some_and(|d| d == 1)
}

/// The unit as the body names itself (`UBND xã Hà Giang xây dựng kế hoạch…`, `Trên đây là Kế
/// hoạch … của Sở Tư pháp`). A name ending in its level alone (`UBND huyện`) takes the place
/// of the date line (`UBND huyện` + `Hồng Ngự`); without one it names no one in particular.
fn unit_from_body(texts: &[String], place: Option<&str>) -> Option<String> {
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

fn deadlines(text: &str, year: Option<i32>) -> Vec<Deadline> {
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

fn period(text: &str, year: Option<i32>) -> Option<Period> {
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
    use crate::import::model::{Cell, Run, Table};

    fn p(text: &str, bold: bool) -> Block {
        Block::Para(Para {
            runs: vec![Run {
                text: text.into(),
                bold,
                ..Run::default()
            }],
            ..Para::default()
        })
    }

    fn cell(lines: &[(&str, bool)]) -> Cell {
        Cell {
            paras: lines
                .iter()
                .map(|(t, b)| Para {
                    runs: vec![Run {
                        text: (*t).into(),
                        bold: *b,
                        ..Run::default()
                    }],
                    ..Para::default()
                })
                .collect(),
            span: 1,
            ..Cell::default()
        }
    }

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

    #[test]
    fn tab_stop_header_and_kt_signer() {
        let blocks = vec![
            p(
                "UBND HUYỆN MÈO VẠC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                false,
            ),
            Block::Para(Para {
                runs: vec![
                    Run {
                        text: "PHÒNG NỘI VỤ".into(),
                        bold: true,
                        ..Run::default()
                    },
                    Run {
                        text: "\tĐộc lập - Tự do - Hạnh phúc".into(),
                        bold: true,
                        ..Run::default()
                    },
                ],
                ..Para::default()
            }),
            p("Số: 12 /BC-PNV\tMèo Vạc, ngày 02 tháng 11 năm 2022", false),
            p("BÁO CÁO", true),
            p(
                "Kết quả thực hiện Kế hoạch số 97/KH-UBND ngày 20/9/2022",
                true,
            ),
            p(
                "Căn cứ Kế hoạch số 97/KH-UBND ngày 20/9/2022 của UBND huyện.",
                false,
            ),
            p("I. KẾT QUẢ", true),
            p("Các xã gửi báo cáo về Phòng trước ngày 15/12/2022.", false),
            p("Nơi nhận:\tKT. TRƯỞNG PHÒNG", true),
            p("- UBND huyện;\tPHÓ TRƯỞNG PHÒNG", false),
            p("- Lưu: VT.", false),
            p("", false),
            p("\tNguyễn Văn A", true),
        ];
        let (f, layout) = read(&blocks);
        assert_eq!(f.kind, Some(Kind::Report));
        assert_eq!(f.number.as_deref(), Some("12/BC-PNV"));
        assert_eq!(f.issuing_unit.as_deref(), Some("PHÒNG NỘI VỤ"));
        assert_eq!(f.parent_unit.as_deref(), Some("UBND HUYỆN MÈO VẠC"));
        assert_eq!(f.place.as_deref(), Some("Mèo Vạc"));
        assert_eq!(f.date.map(iso).as_deref(), Some("2022-11-02"));
        assert_eq!(f.reports_on.as_deref(), Some("97/KH-UBND"));
        assert_eq!(f.recipients, ["UBND huyện", "Lưu: VT"]);
        let s = f.signer.unwrap();
        assert_eq!(s.on_behalf.as_deref(), Some("KT. TRƯỞNG PHÒNG"));
        assert_eq!(s.title.as_deref(), Some("PHÓ TRƯỞNG PHÒNG"));
        assert_eq!(s.name.as_deref(), Some("Nguyễn Văn A"));
        assert_eq!(f.deadlines.len(), 1);
        assert_eq!(layout.body_start, 5);
        assert_eq!(layout.signature.end, blocks.len());
    }

    #[test]
    fn table_header_and_signature_with_tm_kt() {
        let blocks = vec![
            Block::Table(Table {
                rows: vec![vec![
                    cell(&[("ỦY BAN NHÂN DÂN", true), ("HUYỆN ĐỒNG VĂN", true)]),
                    cell(&[("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true)]),
                ]],
            }),
            p("KẾ HOẠCH\nTriển khai “Tháng dân vận”\nnăm 2022.", true),
            p(
                "Triển khai \"Tháng dân vận\" từ ngày 01/10/2022 đến ngày 31/10/2022 (15/10/1930-15/10/2022).",
                false,
            ),
            Block::Table(Table {
                rows: vec![vec![
                    cell(&[("Nơi nhận:", true), ("- Sở Nội vụ tỉnh;", false)]),
                    cell(&[
                        ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", true),
                        ("(Đã ký)", false),
                        ("Lò Văn B", true),
                    ]),
                ]],
            }),
        ];
        let (f, _) = read(&blocks);
        assert_eq!(
            f.issuing_unit.as_deref(),
            Some("ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN")
        );
        assert_eq!(
            f.title.as_deref(),
            Some("Triển khai “Tháng dân vận” năm 2022")
        );
        let s = f.signer.unwrap();
        assert_eq!(
            s.on_behalf.as_deref(),
            Some("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH")
        );
        assert_eq!(s.title.as_deref(), Some("PHÓ CHỦ TỊCH"));
        assert_eq!(s.name.as_deref(), Some("Lò Văn B"));
        let p = f.period.unwrap();
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2022-10-01".into(), "2022-10-31".into())
        );
    }

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
