//! List numbering: the levels of `word/numbering.xml` and the labels Word shows for them.

use std::collections::HashMap;

use super::{Level, Reader};
use crate::import::xml::Element;

impl Reader {
    pub(super) fn read_numbering(&mut self, root: &Element) {
        let mut abstracts: HashMap<String, Vec<Level>> = HashMap::new();
        for a in root.elements().filter(|e| e.name == "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let mut levels = vec![
                Level {
                    format: "bullet".into(),
                    text: String::new(),
                    start: 1
                };
                9
            ];
            for l in a.elements().filter(|e| e.name == "lvl") {
                let Some(i) = l.attr("ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                if i < 9 {
                    levels[i] = Level {
                        format: l
                            .child("numFmt")
                            .and_then(|f| f.attr("val"))
                            .unwrap_or("decimal")
                            .to_owned(),
                        text: l
                            .child("lvlText")
                            .and_then(|f| f.attr("val"))
                            .unwrap_or("")
                            .to_owned(),
                        start: l
                            .child("start")
                            .and_then(|f| f.attr("val"))
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1),
                    };
                }
            }
            abstracts.insert(id.to_owned(), levels);
        }
        for n in root.elements().filter(|e| e.name == "num") {
            if let (Some(id), Some(a)) = (
                n.attr("numId"),
                n.child("abstractNumId").and_then(|a| a.attr("val")),
            ) {
                if let Some(levels) = abstracts.get(a) {
                    self.numbering.insert(id.to_owned(), levels.clone());
                }
            }
        }
    }

    /// The label of the next item of a list (`I.`, `1.`, `a)`), or None for a bullet.
    pub(super) fn list_label(&mut self, num_id: &str, level: usize) -> Option<Option<String>> {
        let levels = self.numbering.get(num_id)?.clone();
        let lvl = levels.get(level)?;
        if lvl.format == "bullet" || lvl.format == "none" {
            return Some(None);
        }
        let counters = self.counters.entry(num_id.to_owned()).or_insert([0; 9]);
        if counters[level] == 0 {
            counters[level] = lvl.start.saturating_sub(1);
        }
        counters[level] += 1;
        for c in counters.iter_mut().skip(level + 1) {
            *c = 0;
        }
        let counters = *counters;
        let mut label = lvl.text.clone();
        for (i, l) in levels.iter().enumerate().take(level + 1) {
            let n = counters[i].max(1);
            label = label.replace(&format!("%{}", i + 1), &format_number(n, &l.format));
        }
        Some(Some(label))
    }
}

/// A list counter as Word shows it.
pub fn format_number(n: u32, format: &str) -> String {
    match format {
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letter(n).to_uppercase(),
        "lowerLetter" => letter(n),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn letter(n: u32) -> String {
    // Vietnamese lists use a, b, c … (Word: lowerLetter); past z it repeats the letter.
    let i = (n.max(1) - 1) % 26;
    let times = (n.max(1) - 1) / 26 + 1;
    std::iter::repeat_n(char::from(b'a' + i as u8), times as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_labels_as_word_shows_them() {
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(12, "decimal"), "12");
    }
}
