//! The body as Markdown: paragraphs with their bold and italics, numbered headings as
//! headings, Word bullets as lists, tables as Markdown tables, or as plain HTML (escaped
//! text, no attributes but spans) where cells are merged or hold several paragraphs.

use super::fields::heading_depth;
use super::model::{Block, Merge, Para, Table};

pub fn write(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Para(p) => para(p, out),
            Block::Table(t) => table(t, out),
        }
    }
}

fn para(p: &Para, out: &mut String) {
    if p.is_blank() {
        return;
    }
    let plain = p.text();
    let first = plain.trim();
    let depth = p.heading.map(|h| h as usize).or_else(|| {
        heading_depth(first)
            .filter(|&d| d == 1 && (p.bold() || is_upper(first)) || d > 1 && p.bold())
    });
    if let Some(d) = depth.filter(|_| !first.contains('\n') && first.chars().count() < 250) {
        let text = first.trim_matches('*').trim();
        out.push_str(&"#".repeat((d + 1).min(6)));
        out.push(' ');
        out.push_str(&escape(text));
        out.push_str("\n\n");
        return;
    }
    if let Some(src) = &p.md_source {
        out.push_str(src.trim_end());
        out.push_str("\n\n");
        return;
    }
    if let Some(item) = p.list {
        out.push_str(&"  ".repeat(item.level as usize));
        out.push_str("- ");
    }
    out.push_str(&inline(p));
    out.push_str("\n\n");
}

fn is_upper(s: &str) -> bool {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| !c.is_lowercase())
}

/// Escapes what Markdown would read as markup inside running text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The runs of a paragraph as inline Markdown; spaces stay outside the emphasis marks.
fn inline(p: &Para) -> String {
    let mut out = String::new();
    for r in &p.runs {
        if let Some(img) = &r.image {
            out.push_str(&format!("![]({img})"));
            continue;
        }
        let text = r.text.replace('\t', " ");
        let core = text.trim();
        if core.is_empty() {
            out.push_str(&text.replace('\n', "\\\n"));
            continue;
        }
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        let mark = match (r.bold, r.italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            _ => "",
        };
        let escaped = escape(core).replace('\n', &format!("{mark}\\\n{mark}"));
        out.push_str(&lead.replace('\n', "\\\n"));
        out.push_str(mark);
        out.push_str(&escaped);
        out.push_str(mark);
        out.push_str(&trail.replace('\n', "\\\n"));
    }
    out.trim().to_owned()
}

fn table(t: &Table, out: &mut String) {
    if t.rows.is_empty() {
        return;
    }
    let simple = t.rows.iter().flatten().all(|c| {
        c.merge == Merge::None
            && c.span == 1
            && c.paras.iter().filter(|p| !p.is_blank()).count() <= 1
    }) && t.rows.iter().all(|r| r.len() == t.rows[0].len());
    if simple {
        for (i, row) in t.rows.iter().enumerate() {
            out.push('|');
            for c in row {
                let text = c
                    .paras
                    .iter()
                    .find(|p| !p.is_blank())
                    .map(inline)
                    .unwrap_or_default();
                out.push(' ');
                out.push_str(&text.replace("\\\n", "<br>").replace('\n', " "));
                out.push_str(" |");
            }
            out.push('\n');
            if i == 0 {
                out.push('|');
                for _ in row {
                    out.push_str(" --- |");
                }
                out.push('\n');
            }
        }
        out.push('\n');
        return;
    }
    // Merged cells: rowspan from the run of Continue cells below each Start at the same column.
    let grid: Vec<Vec<(usize, &super::model::Cell)>> = t
        .rows
        .iter()
        .map(|row| {
            let mut col = 0;
            row.iter()
                .map(|c| {
                    let at = col;
                    col += c.span.max(1);
                    (at, c)
                })
                .collect()
        })
        .collect();
    out.push_str("<table>\n");
    for (r, row) in grid.iter().enumerate() {
        out.push_str("<tr>");
        for &(col, c) in row {
            if c.merge == Merge::Continue {
                continue;
            }
            let mut rowspan = 1;
            if c.merge == Merge::Start {
                for below in &grid[r + 1..] {
                    if below
                        .iter()
                        .any(|&(bc, b)| bc == col && b.merge == Merge::Continue)
                    {
                        rowspan += 1;
                    } else {
                        break;
                    }
                }
            }
            let tag = if r == 0 { "th" } else { "td" };
            out.push('<');
            out.push_str(tag);
            if c.span > 1 {
                out.push_str(&format!(" colspan=\"{}\"", c.span));
            }
            if rowspan > 1 {
                out.push_str(&format!(" rowspan=\"{rowspan}\""));
            }
            out.push('>');
            let paras: Vec<&Para> = c.paras.iter().filter(|p| !p.is_blank()).collect();
            for (i, p) in paras.iter().enumerate() {
                if i > 0 {
                    out.push_str("<br>");
                }
                for run in &p.runs {
                    let text = crate::escape::xml(&run.text).replace('\n', "<br>");
                    if run.bold {
                        out.push_str(&format!("<strong>{text}</strong>"));
                    } else {
                        out.push_str(&text);
                    }
                }
            }
            out.push_str(&format!("</{tag}>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::{Cell, Run};

    fn para(text: &str, bold: bool) -> Para {
        Para {
            runs: vec![Run {
                text: text.into(),
                bold,
                ..Run::default()
            }],
            ..Para::default()
        }
    }

    #[test]
    fn headings_emphasis_and_escapes() {
        let mut out = String::new();
        write(
            &[
                Block::Para(para("I. MỤC ĐÍCH", true)),
                Block::Para(para("1. Mục đích", true)),
                Block::Para(Para {
                    runs: vec![
                        Run {
                            text: "Tác phẩm ".into(),
                            ..Run::default()
                        },
                        Run {
                            text: "Dân vận ".into(),
                            italic: true,
                            ..Run::default()
                        },
                        Run {
                            text: "<script>*".into(),
                            ..Run::default()
                        },
                    ],
                    ..Para::default()
                }),
            ],
            &mut out,
        );
        assert_eq!(
            out,
            "## I. MỤC ĐÍCH\n\n### 1. Mục đích\n\nTác phẩm *Dân vận* \\<script\\>\\*\n\n"
        );
    }

    #[test]
    fn merged_cells_become_html() {
        let c = |t: &str, merge| Cell {
            paras: vec![para(t, false)],
            span: 1,
            merge,
        };
        let t = Table {
            rows: vec![
                vec![c("Stt", Merge::None), c("Nội dung", Merge::None)],
                vec![c("1", Merge::Start), c("a <b>", Merge::None)],
                vec![c("", Merge::Continue), c("b", Merge::None)],
            ],
        };
        let mut out = String::new();
        table(&t, &mut out);
        assert!(
            out.contains("<td rowspan=\"2\">1</td><td>a &lt;b&gt;</td>"),
            "{out}"
        );
        assert!(out.contains("<tr><td>b</td></tr>"), "{out}");
    }
}
