//! Plain text and Markdown without front matter (as offices paste them): paragraphs are
//! separated by blank lines; `**bold**` and `*italic*` are read for the layout, and each
//! paragraph's Markdown is kept as written for the body.

use super::model::{Block, Doc, Para, Run};

pub fn read(text: &str) -> Doc {
    let mut blocks = Vec::new();
    let mut chunk: Vec<&str> = Vec::new();
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for line in text.split('\n').chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !chunk.is_empty() {
                blocks.extend(paragraphs(&chunk));
                chunk.clear();
            }
        } else {
            chunk.push(line);
        }
    }
    Doc {
        blocks,
        ..Doc::default()
    }
}

/// One chunk between blank lines; list items (`- `) each become a paragraph, so a
/// "Nơi nhận" list reads like a Word one.
fn paragraphs(lines: &[&str]) -> Vec<Block> {
    let is_item = |l: &str| {
        let t = l.trim_start();
        t.starts_with("- ") || t.starts_with("+ ") || t.starts_with("• ")
    };
    if lines.len() > 1 && lines.iter().all(|l| is_item(l)) {
        return lines.iter().map(|l| Block::Para(para(&[l]))).collect();
    }
    vec![Block::Para(para(lines))]
}

fn para(lines: &[&str]) -> Para {
    let source = lines.join("\n");
    // Markdown hard breaks (two trailing spaces, a backslash) are line breaks here too.
    let joined: Vec<String> = lines
        .iter()
        .map(|l| {
            let l = l.trim_end_matches("  ").trim_end_matches('\\');
            let l = l.trim_start_matches('#').trim_start();
            l.to_owned()
        })
        .collect();
    let mut runs = emphasis(&joined.join("\n"));
    if runs.is_empty() {
        runs.push(Run::default());
    }
    Para {
        runs,
        md_source: Some(source),
        ..Para::default()
    }
}

/// Splits `**bold**`, `*italic*` and `***both***` into runs; unmatched markers stay text.
fn emphasis(s: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut current = String::new();
    let mut rest = s;
    let flush = |runs: &mut Vec<Run>, current: &mut String, bold: bool, italic: bool| {
        if !current.is_empty() {
            runs.push(Run {
                text: std::mem::take(current),
                bold,
                italic,
                image: None,
            });
        }
    };
    while !rest.is_empty() {
        let stars = rest.bytes().take_while(|&b| b == b'*').count();
        if stars > 0 {
            let closes_bold = bold && stars >= 2;
            let opens_bold = !bold && stars >= 2 && rest[stars..].contains("**");
            let toggles_italic = stars % 2 == 1 && (italic || rest[stars..].contains('*'));
            if closes_bold || opens_bold || toggles_italic {
                flush(&mut runs, &mut current, bold, italic);
                if stars >= 2 {
                    bold = !bold;
                }
                if toggles_italic {
                    italic = !italic;
                }
                rest = &rest[stars..];
                continue;
            }
            current.push_str(&rest[..stars]);
            rest = &rest[stars..];
            continue;
        }
        let c = rest.chars().next().expect("not empty");
        current.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut runs, &mut current, bold, italic);
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_emphasis_and_breaks() {
        let doc =
            read("**KẾ HOẠCH**  \n**Triển khai “Tháng dân vận”**\n\n- Sở Nội vụ;\n- Lưu: VT.\n");
        assert_eq!(doc.blocks.len(), 3);
        let Block::Para(p) = &doc.blocks[0] else {
            panic!()
        };
        assert!(p.bold());
        assert_eq!(p.text(), "KẾ HOẠCH\nTriển khai “Tháng dân vận”");
        let Block::Para(p) = &doc.blocks[2] else {
            panic!()
        };
        assert_eq!(p.text(), "- Lưu: VT.");
    }

    #[test]
    fn bold_across_lines() {
        let doc = read("KẾ HOẠCH\n**Triển khai thực hiện “Năm\nDân vận khéo” năm 2023.**");
        let Block::Para(p) = &doc.blocks[0] else {
            panic!()
        };
        assert!(!p.bold());
        assert!(p.runs[1].bold);
        assert_eq!(
            p.runs[1].text,
            "Triển khai thực hiện “Năm\nDân vận khéo” năm 2023."
        );
    }
}
