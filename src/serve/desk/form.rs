//! The form's fields and the front matter they make: read from a file, written in the
//! contract's key order. A key the form did not change keeps its text as it was, comments
//! and all; the comments of a key it changed are lost, and the check says so first.

use serde::{Deserialize, Serialize};

use crate::content::frontmatter::KEYS;
use crate::yaml::{self, Node, Yaml};

/// Every key of the contract as the form edits it: text as typed, lists as lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fields {
    pub title: String,
    pub kind: String,
    pub number: String,
    pub date: String,
    pub year: String,
    pub place: String,
    pub unit: String,
    pub campaigns: Vec<String>,
    pub signer: Signer,
    pub recipients: Vec<String>,
    pub based_on: Vec<String>,
    pub reports_on: String,
    pub period: Period,
    pub deadlines: Vec<DeadlineRow>,
    pub summary: String,
    pub tags: Vec<String>,
    pub draft: bool,
    pub attachments: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Signer {
    pub name: String,
    pub title: String,
    pub on_behalf: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Period {
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeadlineRow {
    pub date: String,
    pub what: String,
    pub by: Vec<String>,
}

/// A YAML scalar that reads back as the same string: plain when it can be, quoted otherwise.
pub fn scalar(s: &str) -> String {
    crate::import::write::scalar(s)
}

fn text_of(node: &Node) -> String {
    node.value.as_scalar_text().unwrap_or_default()
}

fn list_of(node: &Node) -> Vec<String> {
    match &node.value {
        Yaml::Seq(items) => items.iter().map(text_of).collect(),
        Yaml::Null => Vec::new(),
        _ => vec![text_of(node)],
    }
}

impl Fields {
    /// The form's view of one key's value (what it cannot show is left empty).
    fn set(&mut self, key: &str, value: &Node) {
        match key {
            "title" => self.title = text_of(value),
            "kind" => self.kind = text_of(value),
            "number" => self.number = text_of(value),
            "date" => self.date = text_of(value),
            "year" => self.year = text_of(value),
            "place" => self.place = text_of(value),
            "unit" => self.unit = text_of(value),
            "campaigns" => self.campaigns = list_of(value),
            "signer" => {
                let map = &value.value;
                self.signer = match map {
                    Yaml::Map(_) => Signer {
                        name: map.get("name").map(text_of).unwrap_or_default(),
                        title: map.get("title").map(text_of).unwrap_or_default(),
                        on_behalf: map.get("on_behalf").map(text_of).unwrap_or_default(),
                    },
                    _ => Signer {
                        name: text_of(value),
                        ..Signer::default()
                    },
                }
            }
            "recipients" => self.recipients = list_of(value),
            "based_on" => self.based_on = list_of(value),
            "reports_on" => self.reports_on = text_of(value),
            "period" => {
                self.period = Period {
                    from: value.value.get("from").map(text_of).unwrap_or_default(),
                    to: value.value.get("to").map(text_of).unwrap_or_default(),
                }
            }
            "deadlines" => {
                if let Yaml::Seq(items) = &value.value {
                    self.deadlines = items
                        .iter()
                        .map(|d| DeadlineRow {
                            date: d.value.get("date").map(text_of).unwrap_or_default(),
                            what: d.value.get("what").map(text_of).unwrap_or_default(),
                            by: d.value.get("by").map(list_of).unwrap_or_default(),
                        })
                        .collect();
                }
            }
            "summary" => self.summary = text_of(value),
            "tags" => self.tags = list_of(value),
            "draft" => self.draft = matches!(value.value, Yaml::Bool(true)),
            "attachments" => self.attachments = list_of(value),
            _ => {}
        }
    }

    /// Whether the form holds the same value for `key` in both.
    fn same(&self, other: &Fields, key: &str) -> bool {
        let a = serde_json::to_value(self).unwrap_or_default();
        let b = serde_json::to_value(other).unwrap_or_default();
        a.get(key) == b.get(key)
    }

    /// `key: value` lines for one key, or nothing when the field is empty.
    pub fn block(&self, key: &str) -> String {
        let mut out = String::new();
        let line = |out: &mut String, key: &str, value: &str| {
            let value = value.trim();
            if !value.is_empty() {
                out.push_str(&format!("{key}: {}\n", scalar(value)));
            }
        };
        let list = |out: &mut String, key: &str, items: &[String]| {
            let items: Vec<&str> = items
                .iter()
                .map(|i| i.trim())
                .filter(|i| !i.is_empty())
                .collect();
            if !items.is_empty() {
                out.push_str(&format!("{key}:\n"));
                for i in items {
                    out.push_str(&format!("  - {}\n", scalar(i)));
                }
            }
        };
        match key {
            "title" => line(&mut out, key, &self.title),
            "kind" => line(&mut out, key, &self.kind),
            "number" => line(&mut out, key, &self.number),
            "date" if !self.date.trim().is_empty() => {
                out.push_str(&format!("date: {}\n", date_value(&self.date)));
            }
            "year" => {
                let year = self.year.trim();
                if !year.is_empty() {
                    // A number stays a number; anything else is quoted, for the check to name.
                    let value = if year.bytes().all(|b| b.is_ascii_digit()) {
                        year.to_owned()
                    } else {
                        scalar(year)
                    };
                    out.push_str(&format!("year: {value}\n"));
                }
            }
            "place" => line(&mut out, key, &self.place),
            "unit" => line(&mut out, key, &self.unit),
            "campaigns" => list(&mut out, key, &self.campaigns),
            "signer" => {
                let s = &self.signer;
                let (name, title, on_behalf) = (s.name.trim(), s.title.trim(), s.on_behalf.trim());
                if title.is_empty() && on_behalf.is_empty() {
                    line(&mut out, key, name);
                } else {
                    out.push_str("signer:\n");
                    for (k, v) in [("name", name), ("title", title), ("on_behalf", on_behalf)] {
                        if !v.is_empty() {
                            out.push_str(&format!("  {k}: {}\n", scalar(v)));
                        }
                    }
                }
            }
            "recipients" => list(&mut out, key, &self.recipients),
            "based_on" => list(&mut out, key, &self.based_on),
            "reports_on" => line(&mut out, key, &self.reports_on),
            "period" => {
                let (from, to) = (self.period.from.trim(), self.period.to.trim());
                if !from.is_empty() || !to.is_empty() {
                    out.push_str("period:\n");
                    for (k, v) in [("from", from), ("to", to)] {
                        if !v.is_empty() {
                            out.push_str(&format!("  {k}: {}\n", date_value(v)));
                        }
                    }
                }
            }
            "deadlines" => {
                let rows: Vec<&DeadlineRow> = self
                    .deadlines
                    .iter()
                    .filter(|d| !d.date.trim().is_empty() || !d.what.trim().is_empty())
                    .collect();
                if !rows.is_empty() {
                    out.push_str("deadlines:\n");
                    for d in rows {
                        out.push_str(&format!(
                            "  - date: {}\n    what: {}\n",
                            date_value(&d.date),
                            scalar(d.what.trim())
                        ));
                        let by: Vec<&str> =
                            d.by.iter()
                                .map(|b| b.trim())
                                .filter(|b| !b.is_empty())
                                .collect();
                        if !by.is_empty() {
                            out.push_str("    by:\n");
                            for b in by {
                                out.push_str(&format!("      - {}\n", scalar(b)));
                            }
                        }
                    }
                }
            }
            "summary" => line(&mut out, key, &self.summary),
            "tags" => list(&mut out, key, &self.tags),
            "draft" if self.draft => {
                out.push_str("draft: true\n");
            }
            "attachments" => list(&mut out, key, &self.attachments),
            _ => {}
        }
        out
    }
}

/// A date as YAML: the canonical form bare (as the contract writes dates), anything else
/// quoted as typed, for the check to explain.
fn date_value(written: &str) -> String {
    match crate::date::parse_date(written.trim()) {
        Ok(d) => crate::import::fields::iso(d),
        Err(_) => scalar(written.trim()),
    }
}

/// A date as the build reads it, written in its canonical form (`23/9/2022` →
/// `2022-09-23`); left as typed when it is not one, for the check to explain.
pub fn canonical_date(written: &str) -> String {
    match crate::date::parse_date(written.trim()) {
        Ok(d) => crate::import::fields::iso(d),
        Err(_) => written.trim().to_owned(),
    }
}

/// One top-level key of a file's front matter, as written: the comment lines before it,
/// its own line and those under it.
#[derive(Clone, Debug)]
struct Block {
    key: Option<String>,
    text: String,
    has_comment: bool,
}

/// A document as the form opens it.
#[derive(Debug, Default)]
pub struct Opened {
    pub fields: Fields,
    blocks: Vec<Block>,
    /// Where the body starts in the text.
    body_start: usize,
    /// The front matter could not be read: the form starts empty, and saving replaces it.
    pub unreadable: bool,
}

impl Opened {
    pub fn read(text: &str) -> Opened {
        let Some((yaml_text, body_start)) = split(text) else {
            return Opened {
                unreadable: true,
                ..Opened::default()
            };
        };
        let mut fields = Fields::default();
        let unreadable = match yaml::parse(yaml_text).map(|root| root.value) {
            Ok(Yaml::Map(entries)) => {
                for e in &entries {
                    fields.set(&e.key, &e.value);
                }
                false
            }
            _ => true,
        };
        Opened {
            fields,
            blocks: blocks(yaml_text),
            body_start,
            unreadable,
        }
    }

    /// The body as the file has it.
    pub fn body<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.body_start..).unwrap_or("")
    }
}

/// The front matter's YAML and where the body starts, in the file's own bytes (the loader's
/// `Source` reads a copy with line ends and a byte-order mark normalised).
fn split(text: &str) -> Option<(&str, usize)> {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let rest = &text[start..];
    let first = rest
        .strip_prefix("---\n")
        .or_else(|| rest.strip_prefix("---\r\n"))?;
    let yaml_start = text.len() - first.len();
    let mut pos = yaml_start;
    for line in first.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((&text[yaml_start..pos], pos + line.len()));
        }
        pos += line.len();
    }
    None
}

/// Splits block-style YAML into its top-level keys, comments going with the key after them.
fn blocks(yaml: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut pending = String::new();
    let mut pending_comment = false;
    for line in yaml.split_inclusive('\n') {
        let first = line.chars().next().unwrap_or('\n');
        let is_key = !matches!(first, ' ' | '\t' | '-' | '#' | '\n' | '\r') && line.contains(':');
        if is_key {
            let key = line.split(':').next().unwrap_or("").trim().to_owned();
            out.push(Block {
                key: Some(key),
                text: std::mem::take(&mut pending) + line,
                has_comment: pending_comment || line.contains(" #"),
            });
            pending_comment = false;
        } else if first == '#' || line.trim().is_empty() {
            pending_comment |= first == '#';
            pending.push_str(line);
        } else if let Some(last) = out.last_mut() {
            // A line under the last key; comments met before it belong to it too.
            last.has_comment |= pending_comment || line.trim_start().starts_with('#');
            last.text.push_str(&std::mem::take(&mut pending));
            last.text.push_str(line);
            pending_comment = false;
        } else {
            pending.push_str(line);
        }
    }
    if !pending.is_empty() {
        out.push(Block {
            key: None,
            text: pending,
            has_comment: pending_comment,
        });
    }
    out
}

/// A document's text, made from the form.
pub struct Made {
    pub text: String,
    /// Per key, the lines (1-based, inclusive) of the file it is written on.
    pub lines: Vec<(String, usize, usize)>,
    /// Keys whose comments are lost by the change.
    pub comments_lost: Vec<String>,
}

/// The file the form makes: front matter in the contract's order, then the body. With
/// `original`, the keys the form left as they were keep their text, unknown keys and
/// comments stay, and the body keeps its bytes unless it was edited.
pub fn make(fields: &Fields, body: &str, original: Option<(&Opened, &str)>) -> Made {
    let mut text = String::from("---\n");
    let mut lines = Vec::new();
    let mut comments_lost = Vec::new();
    let mut push = |text: &mut String, key: &str, block: &str| {
        if block.is_empty() {
            return;
        }
        let first = text.matches('\n').count() + 1;
        text.push_str(block);
        if !block.ends_with('\n') {
            text.push('\n');
        }
        let last = text.matches('\n').count();
        lines.push((key.to_owned(), first, last));
    };
    let old = original.filter(|(o, _)| !o.unreadable);
    for key in KEYS {
        let kept = old.and_then(|(o, _)| {
            let block = o.blocks.iter().find(|b| b.key.as_deref() == Some(key))?;
            if o.fields.same(fields, key) {
                Some(block.text.clone())
            } else {
                if block.has_comment {
                    comments_lost.push((*key).to_owned());
                }
                None
            }
        });
        match kept {
            Some(block) => push(&mut text, key, &block),
            None => push(&mut text, key, &fields.block(key)),
        }
    }
    if let Some((o, _)) = old {
        // Keys the contract does not know, and comments at the end: as they were.
        for b in &o.blocks {
            let known = b.key.as_deref().is_some_and(|k| KEYS.contains(&k));
            if !known {
                let key = b.key.clone().unwrap_or_default();
                push(&mut text, &key, &b.text);
            }
        }
    }
    text.push_str("---\n");
    match original {
        Some((o, file)) if same_body(o.body(file), body) => text.push_str(o.body(file)),
        _ => {
            // A new document: a blank line after the front matter, as the contract writes it.
            if original.is_none() && !body.starts_with('\n') {
                text.push('\n');
            }
            text.push_str(body);
            if !body.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    Made {
        text,
        lines,
        comments_lost,
    }
}

/// The body as the form sends it back (a browser gives line feeds only) against the file's.
fn same_body(file: &str, form: &str) -> bool {
    let normal = |s: &str| s.replace("\r\n", "\n");
    normal(file) == normal(form) || normal(file).trim_start_matches('\n') == normal(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "---\n# Cần xem lại: date\ntitle: Kế hoạch A\nunit: UBND huyện Mèo Vạc # cơ quan\nkind: plan\ndate: 2022-09-23\ncustom: x\nrecipients:\n  - Sở Nội vụ\n  # lưu\n  - \"Lưu: VT\"\n---\r\nThân\r\nvăn bản\r\n";

    #[test]
    fn unchanged_keys_keep_their_text_and_the_order_becomes_the_contracts() {
        let o = Opened::read(FILE);
        assert_eq!(o.fields.title, "Kế hoạch A");
        assert_eq!(o.fields.recipients, ["Sở Nội vụ", "Lưu: VT"]);
        let body = o.body(FILE).replace("\r\n", "\n");
        let made = make(&o.fields, &body, Some((&o, FILE)));
        assert_eq!(
            made.text,
            "---\n# Cần xem lại: date\ntitle: Kế hoạch A\nkind: plan\ndate: 2022-09-23\nunit: UBND huyện Mèo Vạc # cơ quan\nrecipients:\n  - Sở Nội vụ\n  # lưu\n  - \"Lưu: VT\"\ncustom: x\n---\nThân\r\nvăn bản\r\n"
        );
        assert!(made.comments_lost.is_empty());
    }

    #[test]
    fn a_changed_key_is_rewritten_and_its_comments_named() {
        let o = Opened::read(FILE);
        let mut f = o.fields.clone();
        f.date = "23/9/2023".into();
        f.unit = "UBND huyện Đồng Văn".into();
        let made = make(&f, "Mới\n", Some((&o, FILE)));
        assert!(made.text.contains("date: 2023-09-23\n"), "{}", made.text);
        assert!(made.text.contains("unit: UBND huyện Đồng Văn\n"));
        assert!(made.text.ends_with("---\nMới\n"), "{}", made.text);
        assert_eq!(made.comments_lost, ["unit"]);
        let date = made.lines.iter().find(|(k, ..)| k == "date").unwrap();
        assert_eq!(made.text.lines().nth(date.1 - 1), Some("date: 2023-09-23"));
    }

    #[test]
    fn a_new_document_is_written_in_contract_order() {
        let f = Fields {
            title: "Báo cáo: kết quả".into(),
            kind: "report".into(),
            date: "2/11/2022".into(),
            unit: "UBND huyện Mèo Vạc".into(),
            signer: Signer {
                name: "Nguyễn Văn A".into(),
                title: "Phó Chủ tịch".into(),
                ..Signer::default()
            },
            deadlines: vec![DeadlineRow {
                date: "15/12/2022".into(),
                what: "Gửi báo cáo".into(),
                by: vec!["UBND xã".into()],
            }],
            draft: true,
            ..Fields::default()
        };
        let made = make(&f, "Nội dung", None);
        assert_eq!(
            made.text,
            "---\ntitle: \"Báo cáo: kết quả\"\nkind: report\ndate: 2022-11-02\nunit: UBND huyện Mèo Vạc\nsigner:\n  name: Nguyễn Văn A\n  title: Phó Chủ tịch\ndeadlines:\n  - date: 2022-12-15\n    what: Gửi báo cáo\n    by:\n      - UBND xã\ndraft: true\n---\n\nNội dung\n"
        );
    }
}
