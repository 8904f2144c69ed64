//! The signature block after the body: who signs, on whose behalf and with what title,
//! and the recipients under "Nơi nhận".

use std::sync::OnceLock;

use regex::Regex;

use super::{Fields, Signer, block_lines, clean, collapse, is_upper, para_lines, re};
use crate::import::model::Block;
use crate::vi;

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
pub(super) fn signature_start(b: &Block) -> bool {
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

/// Reads the signature block starting at `start`; returns the index past it.
pub(super) fn read_signature(blocks: &[Block], start: usize, f: &mut Fields) -> usize {
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
