//! Front matter → a typed [`Document`]: every key checked, every problem reported with its
//! line and column and a fix, and the document still built where it can be.

use crate::content::date::{Form, ReadDate, read_date};
use crate::content::document::{Deadline, Document, Kind, PartialDate, Period, Signer};
use crate::diag::{self, Diagnostic};
use crate::source::Source;
use crate::yaml::{self, Yaml};

pub const KEYS: &[&str] = &[
    "title",
    "kind",
    "number",
    "date",
    "year",
    "place",
    "unit",
    "campaigns",
    "signer",
    "recipients",
    "based_on",
    "reports_on",
    "period",
    "deadlines",
    "summary",
    "tags",
    "draft",
    "attachments",
];

/// Collects problems in one file, each pointed at the key or value concerned.
struct Checker<'a> {
    source: &'a Source,
    /// Byte offset of the YAML text within the file.
    yaml_start: usize,
    /// While one item of a list is checked, its span in the YAML text: messages point
    /// there, and values are searched from there, rather than from the list's key.
    item: Option<(usize, usize)>,
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn yaml(&self) -> &str {
        let end = self
            .source
            .front_matter()
            .map_or(self.source.text.len(), |s| s.yaml.end);
        &self.source.text[self.yaml_start..end]
    }

    /// Position of a top-level key (or of the list item being checked), or of `value`
    /// written under it when given and found.
    fn at(&self, key: &str, value: Option<&str>) -> crate::diag::Position {
        let anchor = self
            .item
            .or_else(|| yaml::key_offset(self.yaml(), key).map(|k| (k, key.len())));
        let found = match (anchor, value) {
            (Some((a, _)), Some(v)) => yaml::value_offset(self.yaml(), a, v).map(|o| (o, v.len())),
            _ => None,
        };
        let off = found.or(anchor);
        match off {
            Some((o, len)) => self.source.position(self.yaml_start + o, len),
            None => self.source.position(self.yaml_start, 0),
        }
    }

    /// The span of `key:` between `from` and `end` (an item of a list), or the item's
    /// when it is not found there.
    fn key_in(&self, from: usize, end: usize, key: &str) -> (usize, usize) {
        let yaml = self.yaml();
        let mut at = from;
        while let Some(i) = yaml.get(at..end).and_then(|t| t.find(key)) {
            let i = at + i;
            let before = yaml[..i].chars().next_back();
            let boundary = !before.is_some_and(|b| b.is_alphanumeric() || b == '_');
            if boundary
                && yaml[i + key.len()..]
                    .trim_start_matches(' ')
                    .starts_with(':')
            {
                return (i, key.len());
            }
            at = i + key.len();
        }
        self.item.unwrap_or((from, 1))
    }

    fn error(&mut self, key: &str, value: Option<&str>, message: String, help: &str) {
        let at = self.at(key, value);
        self.diags.push(
            Diagnostic::error(&self.source.path, message)
                .help(help)
                .at(at),
        );
    }

    fn warning(&mut self, key: &str, message: String, help: Option<String>) {
        let at = self.at(key, None);
        let mut d = Diagnostic::warning(&self.source.path, message).at(at);
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diags.push(d);
    }

    /// An empty value (`title:` or `title: ""`) is an error: the key says something is there.
    fn empty(&mut self, key: &str) {
        self.error(
            key,
            None,
            format!("`{key}` is empty"),
            "write the value after the colon, or remove the line",
        );
    }

    fn text(&mut self, key: &str, value: &Yaml) -> Option<String> {
        match value {
            Yaml::Str(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Yaml::Int(_) | Yaml::Float(_) => value.as_scalar_text(),
            Yaml::Str(_) | Yaml::Null => {
                self.empty(key);
                None
            }
            other => {
                self.error(
                    key,
                    None,
                    format!("`{key}` must be text, not {}", other.type_name()),
                    "write it on one line after the colon, in quotes if it contains `: `",
                );
                None
            }
        }
    }

    /// A list of strings; one string is taken as a list of one.
    fn list(&mut self, key: &str, value: &Yaml) -> Vec<String> {
        self.list_named(key, key, value)
    }

    /// As [`Self::list`], for a list inside `key` that messages call `name`.
    fn list_named(&mut self, key: &str, name: &str, value: &Yaml) -> Vec<String> {
        match value {
            Yaml::Seq(items) => items
                .iter()
                .filter_map(|item| match item {
                    Yaml::Str(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                    Yaml::Int(_) | Yaml::Float(_) => item.as_scalar_text(),
                    Yaml::Str(_) | Yaml::Null => {
                        self.error(
                            key,
                            None,
                            format!("`{name}` has an empty item"),
                            "remove the empty item, or write what it should say",
                        );
                        None
                    }
                    _ => {
                        self.error(
                            key,
                            None,
                            format!(
                                "each item of `{name}` must be text, not {}",
                                item.type_name()
                            ),
                            "write the list as `[a, b]` or one `- item` per line",
                        );
                        None
                    }
                })
                .collect(),
            Yaml::Null => {
                self.error(
                    key,
                    None,
                    format!("`{name}` is empty"),
                    "write the value after the colon, or remove the line",
                );
                Vec::new()
            }
            Yaml::Str(s) if s.trim().is_empty() => {
                self.error(
                    key,
                    None,
                    format!("`{name}` is empty"),
                    "write the value after the colon, or remove the line",
                );
                Vec::new()
            }
            Yaml::Str(_) | Yaml::Int(_) | Yaml::Float(_) => {
                vec![value.as_scalar_text().unwrap_or_default().trim().to_owned()]
            }
            other => {
                self.error(
                    key,
                    None,
                    format!("`{name}` must be a list of text, not {}", other.type_name()),
                    "write the list as `[a, b]` or one `- item` per line",
                );
                Vec::new()
            }
        }
    }

    /// A day-first date whose day could be a month gets a warning saying how it is read;
    /// any other form than ISO a note (shown by `check` only) with the canonical form.
    fn written_date(&mut self, key: &str, written: &str, read: &ReadDate) {
        let iso = read.date.to_string();
        let at = self.at(key, Some(written));
        if read.ambiguous() {
            self.diags.push(
                Diagnostic::warning(
                    &self.source.path,
                    format!(
                        "`{written}` is read day first, as {} ({iso})",
                        read.date.in_words()
                    ),
                )
                .help(format!("write `{iso}` to leave no doubt"))
                .at(at),
            );
        } else if read.form != Form::Iso {
            self.diags.push(
                Diagnostic::note(
                    &self.source.path,
                    format!("`{written}` is read as {}", read.date.in_words()),
                )
                .help(format!("the canonical form is `{iso}`"))
                .at(at),
            );
        }
    }

    fn date(&mut self, key: &str, value: &Yaml) -> Option<PartialDate> {
        let written = match value {
            Yaml::Int(y) => y.to_string(),
            Yaml::Str(s) if !s.trim().is_empty() => s.trim().to_owned(),
            Yaml::Str(_) | Yaml::Null => {
                self.empty(key);
                return None;
            }
            other => {
                self.error(
                    key,
                    None,
                    format!("`{key}` must be a date, not {}", other.type_name()),
                    &DateError::Shape.help(),
                );
                return None;
            }
        };
        match read_date(&written) {
            Ok(read) => {
                self.written_date(key, &written, &read);
                Some(read.date)
            }
            Err(why) => {
                self.error(key, Some(&written), why.message(&written), &why.help());
                None
            }
        }
    }
}

pub use crate::content::date::{DateError, YEARS, parse_date};

/// The parts of a document that come from its front matter, before it has a place on the site.
pub struct Parsed {
    pub document: Option<Document>,
    pub diags: Vec<Diagnostic>,
}

/// Builds a document from a source file. `doc_template` carries the path fields.
pub fn parse(source: &Source, mut doc: Document) -> Parsed {
    let Some(split) = source.front_matter() else {
        let d = if source.text.starts_with("---\n") {
            Diagnostic::error(&source.path, "the front matter has no closing `---` line")
                .help("end the keys with a line holding only `---`, before the text of the document")
        } else {
            Diagnostic::error(&source.path, "the document has no front matter")
                .help("start the file with a `---` line, the keys (title, date, unit, …), and another `---` line")
        }
        .at(source.position(0, 0));
        return Parsed {
            document: None,
            diags: vec![d],
        };
    };
    let mut c = Checker {
        source,
        yaml_start: split.yaml.start,
        item: None,
        diags: Vec::new(),
    };
    let fm_line = 2; // the YAML starts on the line after the opening fence
    let value = match yaml::parse(&source.text[split.yaml.clone()]) {
        Ok(v) => v,
        Err(e) => {
            let at = source.line_column(e.line + fm_line - 1, e.column);
            let d = Diagnostic::error(&source.path, format!("the front matter is not valid YAML: {}", e.message))
                .help("check the indentation, and put values containing `: ` or starting with `[`, `{`, `\"` or `*` in quotes")
                .at(at);
            return Parsed {
                document: None,
                diags: vec![d],
            };
        }
    };
    let entries = match value {
        Yaml::Map(entries) => entries,
        other => {
            let d = Diagnostic::error(
                &source.path,
                format!(
                    "the front matter holds {}, not keys and values",
                    other.type_name()
                ),
            )
            .help("write one `key: value` per line, e.g. `title: Kế hoạch …`")
            .at(source.position(split.yaml.start, 0));
            return Parsed {
                document: None,
                diags: vec![d],
            };
        }
    };
    doc.body = split.body.clone();
    doc.body_line = source.position(split.body.start, 0).line;

    let (mut title, mut kind, mut date) = (None, None, None);
    let mut unit = None;
    for (key, value) in &entries {
        match key.as_str() {
            "title" => title = c.text(key, value),
            "kind" => {
                if let Some(k) = c.text(key, value) {
                    match Kind::from_key(&k) {
                        Some(kd) => kind = Some(kd),
                        None => {
                            let hint = kind_hint(&k);
                            c.error(
                                key,
                                Some(&k),
                                format!("`{k}` is not a kind of document"),
                                &hint,
                            );
                        }
                    }
                }
            }
            "number" => {
                doc.number = c
                    .text(key, value)
                    .map(|n| crate::content::cite::normalise_number(&n))
            }
            "date" => date = c.date(key, value),
            "year" => match value {
                Yaml::Int(y) if i32::try_from(*y).is_ok_and(|y| YEARS.contains(&y)) => {
                    doc.year = *y as i32
                }
                _ => c.error(
                    key,
                    None,
                    "`year` must be a year such as 2023".into(),
                    "write the four digits, e.g. `year: 2023`",
                ),
            },
            "place" => doc.place = c.text(key, value),
            "unit" => unit = c.text(key, value),
            "campaigns" => doc.campaigns = c.list(key, value),
            "signer" => doc.signer = signer(&mut c, value),
            "recipients" => doc.recipients = c.list(key, value),
            "based_on" => doc.based_on = c.list(key, value),
            "reports_on" => doc.reports_on = c.text(key, value),
            "period" => doc.period = period(&mut c, value),
            "deadlines" => doc.deadlines = deadlines(&mut c, value),
            "summary" => doc.summary = c.text(key, value),
            "tags" => doc.tags = c.list(key, value),
            "draft" => match value {
                Yaml::Bool(b) => doc.draft = *b,
                _ => c.error(
                    key,
                    None,
                    "`draft` must be true or false".into(),
                    "write `draft: true` or leave the key out",
                ),
            },
            "attachments" => doc.attachments = c.list(key, value),
            unknown => {
                let help =
                    diag::did_you_mean(unknown, KEYS).map(|k| format!("did you mean `{k}`?"));
                c.warning(unknown, format!("unknown key `{unknown}` is ignored"), help);
            }
        }
    }

    let missing = |c: &mut Checker, key: &str, help: &str| {
        let at = c.source.position(split.yaml.start, 0);
        c.diags.push(
            Diagnostic::error(
                &c.source.path,
                format!("the required key `{key}` is missing"),
            )
            .help(help)
            .at(at),
        );
    };
    let has = |k: &str| entries.iter().any(|(key, _)| key == k);
    if title.is_none() && !has("title") {
        missing(
            &mut c,
            "title",
            "add the trích yếu, e.g. `title: Triển khai \"Tháng dân vận\" năm 2022`",
        );
    }
    if date.is_none() && !has("date") {
        missing(
            &mut c,
            "date",
            "add `date: YYYY-MM-DD` (or `YYYY-MM`, `YYYY` for an undated draft)",
        );
    }
    if unit.is_none() && !has("unit") {
        missing(
            &mut c,
            "unit",
            "add the issuing body, e.g. `unit: UBND huyện Đồng Văn`",
        );
    }
    if kind.is_none() && !has("kind") {
        kind = doc.number.as_deref().and_then(Kind::from_number);
        if kind.is_none() {
            missing(
                &mut c,
                "kind",
                "add `kind: plan` (or report, program, …); it can be left out when the number shows it, as in `138-KH/HU`",
            );
        }
    }

    let ok = !c.diags.iter().any(Diagnostic::is_error);
    let document = match (ok, title, kind, date, unit) {
        (true, Some(title), Some(kind), Some(date), Some(unit)) => {
            doc.title = title;
            doc.kind = kind;
            if !has("year") {
                doc.year = date.year;
            }
            doc.date = date;
            doc.unit = unit;
            Some(doc)
        }
        _ => None,
    };
    Parsed {
        document,
        diags: c.diags,
    }
}

fn signer(c: &mut Checker, value: &Yaml) -> Option<Signer> {
    const PARTS: [&str; 3] = ["name", "title", "on_behalf"];
    match value {
        Yaml::Map(entries) => {
            let mut s = Signer::default();
            for (k, v) in entries {
                let slot = match k.as_str() {
                    "name" => &mut s.name,
                    "title" => &mut s.title,
                    "on_behalf" => &mut s.on_behalf,
                    other => {
                        let help = diag::did_you_mean(other, &PARTS)
                            .map(|k| format!("did you mean `{k}`?"));
                        c.warning(
                            "signer",
                            format!("unknown key `{other}` in `signer` is ignored"),
                            help,
                        );
                        continue;
                    }
                };
                match v {
                    Yaml::Str(t) if !t.trim().is_empty() => *slot = Some(t.trim().to_owned()),
                    Yaml::Str(_) | Yaml::Null => c.error(
                        "signer",
                        None,
                        format!("`{k}` of `signer` is empty"),
                        "write it, or remove it from `signer`",
                    ),
                    other => c.error(
                        "signer",
                        None,
                        format!("`{k}` of `signer` must be text, not {}", other.type_name()),
                        "write `signer: { name: Nguyễn Văn A, title: Phó Chủ tịch, on_behalf: KT. Chủ tịch }`",
                    ),
                }
            }
            if s.name.is_none() && s.title.is_none() {
                c.error(
                    "signer",
                    None,
                    "`signer` names no one".into(),
                    "give at least `name` or `title`, e.g. `signer: { name: Nguyễn Văn A, title: Chủ tịch }`",
                );
                return None;
            }
            Some(s)
        }
        Yaml::Str(name) if !name.trim().is_empty() => Some(Signer {
            name: Some(name.trim().to_owned()),
            ..Signer::default()
        }),
        Yaml::Str(_) | Yaml::Null => {
            c.empty("signer");
            None
        }
        other => {
            c.error(
                "signer",
                None,
                format!("`signer` must be a name or `{{name, title, on_behalf}}`, not {}", other.type_name()),
                "one person signs: write `signer: { name: Nguyễn Văn A, title: Phó Chủ tịch, on_behalf: KT. Chủ tịch }`",
            );
            None
        }
    }
}

fn period(c: &mut Checker, value: &Yaml) -> Option<Period> {
    let (Some(from), Some(to)) = (value.get("from"), value.get("to")) else {
        c.error(
            "period",
            None,
            "`period` needs `from` and `to`".into(),
            "write `period: { from: 2022-10-01, to: 2022-10-31 }`",
        );
        return None;
    };
    if let Yaml::Map(entries) = value {
        for (k, _) in entries.iter().filter(|(k, _)| k != "from" && k != "to") {
            c.warning(
                "period",
                format!("unknown key `{k}` in `period` is ignored"),
                Some("a period has `from` and `to` only".into()),
            );
        }
    }
    let (from, to) = (c.date("period", from), c.date("period", to));
    let (from, to) = (from?, to?);
    // A partial date stands for all its days: 2023-01 to 2023 is January to December.
    if to.last_day() < from.first_day() {
        c.error(
            "period",
            None,
            format!("the period ends ({to}) before it starts ({from})"),
            "swap `from` and `to`",
        );
        return None;
    }
    Some(Period { from, to })
}

const DEADLINE_KEYS: [&str; 3] = ["date", "what", "by"];

fn deadlines(c: &mut Checker, value: &Yaml) -> Vec<Deadline> {
    let items = match value {
        Yaml::Seq(items) => items,
        Yaml::Null => {
            c.empty("deadlines");
            return Vec::new();
        }
        other => {
            c.error(
                "deadlines",
                None,
                format!("`deadlines` must be a list, not {}", other.type_name()),
                "write one `- { date: 2022-12-15, what: … }` per line",
            );
            return Vec::new();
        }
    };
    // Each item's own place, so that a message about the third points at the third.
    let spans = yaml::key_offset(c.yaml(), "deadlines")
        .map(|at| yaml::item_spans(c.yaml(), at))
        .filter(|spans| spans.len() == items.len());
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        c.item = spans.as_ref().map(|spans| spans[i]);
        let end = spans
            .as_ref()
            .and_then(|spans| spans.get(i + 1))
            .map_or(c.yaml().len(), |next| next.0);
        let what = match item.get("what") {
            Some(Yaml::Str(w)) if !w.trim().is_empty() => Some(w.trim().to_owned()),
            Some(v @ (Yaml::Int(_) | Yaml::Float(_))) => v.as_scalar_text(),
            _ => None,
        };
        let (Some(date), Some(what)) = (item.get("date"), what) else {
            c.error(
                "deadlines",
                None,
                "each deadline needs a `date` and a `what`".into(),
                "write `- { date: 2022-12-15, what: Báo cáo kết quả về Ban Dân vận }`",
            );
            continue;
        };
        if let Yaml::Map(entries) = item {
            for (k, _) in entries
                .iter()
                .filter(|(k, _)| !DEADLINE_KEYS.contains(&k.as_str()))
            {
                let help = diag::did_you_mean(k, &DEADLINE_KEYS)
                    .map(|k| format!("did you mean `{k}`?"))
                    .or_else(|| Some("a deadline has `date`, `what` and `by`".into()));
                let item = c.item;
                c.item = c.item.map(|(at, _)| c.key_in(at, end, k));
                c.warning(
                    "deadlines",
                    format!("unknown key `{k}` in a deadline is ignored"),
                    help,
                );
                c.item = item;
            }
        }
        let item_at = c.item;
        c.item = c.item.map(|(at, _)| c.key_in(at, end, "by"));
        let by_at = c.yaml_start + c.item.map_or(0, |(at, _)| at);
        let by = match item.get("by") {
            None => Vec::new(),
            Some(v) => {
                let by = c.list_named("deadlines", "by", v);
                if by.is_empty() {
                    continue;
                }
                by
            }
        };
        c.item = item_at;
        if let Some(date) = c.date("deadlines", date) {
            if date.day.is_none() {
                let written = date.to_string();
                c.error(
                    "deadlines",
                    Some(&written),
                    format!("the deadline `{written}` has no day"),
                    "a deadline falls on a day: write `YYYY-MM-DD`",
                );
                continue;
            }
            out.push(Deadline {
                date,
                what,
                by,
                by_at,
            });
        }
    }
    c.item = None;
    out.sort_by_key(|d| d.date);
    out
}

/// The kind nearest to an unknown one (compared without diacritics), and the list of kinds
/// with their Vietnamese names.
fn kind_hint(written: &str) -> String {
    let folded = crate::vi::folded_words(written);
    let vi_name = |k: Kind| match k {
        Kind::Other => "văn bản khác".to_owned(),
        k => k.word_vi().to_lowercase(),
    };
    let mut candidates: Vec<(String, String)> = Vec::new();
    for k in Kind::ALL {
        candidates.push((k.key().to_owned(), k.key().to_owned()));
        candidates.push((crate::vi::fold(&vi_name(k)), vi_name(k)));
    }
    let folded_names: Vec<&str> = candidates.iter().map(|(f, _)| f.as_str()).collect();
    let list: Vec<String> = Kind::ALL
        .iter()
        .map(|k| format!("{} ({})", k.key(), vi_name(*k)))
        .collect();
    match diag::did_you_mean(&folded, &folded_names) {
        Some(near) => {
            let shown = &candidates
                .iter()
                .find(|(f, _)| f == near)
                .expect("a candidate")
                .1;
            format!("did you mean `{shown}`? The kinds are: {}", list.join(", "))
        }
        None => format!("the kinds are: {}", list.join(", ")),
    }
}
