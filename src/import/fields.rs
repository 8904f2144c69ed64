//! The layout reader: where an official document (Nghị định 30/2020/NĐ-CP, Hướng dẫn
//! 36-HD/VPTW) keeps its fields. The header above the kind line (unit, number, date and
//! place, as a table, tab stops or lines), the title under the kind, the signature block and
//! "Nơi nhận" after the body, and in the body the basis, deadlines and period.

mod body;
mod header;
mod signature;

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::model::{Block, Para};
use crate::content::cite;
use crate::content::{Kind, PartialDate};
use crate::vi;

pub use body::heading_depth;
use body::{deadlines, is_heading_text, period, unit_from_body, year_in};
use header::{kind_from_symbol, read_header};
pub use header::{kind_line, parse_date_line, parse_number};
use signature::{read_signature, signature_start};

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

fn is_rule(line: &str) -> bool {
    !line.is_empty()
        && line
            .chars()
            .all(|c| matches!(c, '-' | '_' | '*' | '=' | '–' | '—' | '.' | ' '))
}

/// The text of a document, block by block, for the deadline, period and campaign readers.
pub fn paragraph_texts(blocks: &[Block]) -> Vec<String> {
    blocks.iter().map(block_text).collect()
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
}
