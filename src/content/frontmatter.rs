//! Front matter → a typed [`Document`]: every key checked, every problem reported with its
//! line and column and a fix, and the document still built where it can be.

use crate::content::document::{Deadline, Document, Kind, PartialDate, Period, Signer};
use crate::date::{Form, ReadDate, YEARS, read_date};
use crate::diag::{self, Diagnostic};
use crate::i18n::codes::{self, Code};
use crate::msg;
use crate::source::Source;
use crate::yaml::{self, Entry, Node, Span, Yaml};

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
    /// The front matter's keys, where messages about their values point.
    entries: &'a [Entry],
    /// While one item of a list is checked, its span (or one of its keys'): messages
    /// point there rather than at the list's key.
    item: Option<Span>,
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Position of `value` when given, or of the list item being checked, or of a
    /// top-level key.
    fn at(&self, key: &str, value: Option<Span>) -> crate::diag::Position {
        let span = value.or(self.item).or_else(|| {
            self.entries
                .iter()
                .find(|e| e.key == key)
                .map(|e| e.key_span)
        });
        match span {
            Some(s) => self.source.position(self.yaml_start + s.start, s.len()),
            None => self.source.position(self.yaml_start, 0),
        }
    }

    /// An error in this file, to be given its arguments and [`push`](Self::push)ed.
    fn error(&self, code: Code) -> Diagnostic {
        Diagnostic::error(&self.source.path, code)
    }

    /// Records a problem at a key, or at `value` written under it.
    fn push(&mut self, key: &str, value: Option<Span>, d: Diagnostic) {
        let at = self.at(key, value);
        self.diags.push(d.at(at));
    }

    /// An unknown key, with the known one it may be a typo of.
    fn unknown_key(&mut self, at_key: &str, code: Code, key: &str, known: &[&str]) {
        let mut d = Diagnostic::warning(&self.source.path, code).arg("key", key);
        if let Some(k) = diag::did_you_mean(key, known) {
            d = d.help(msg!("help-did-you-mean", suggestion = k));
        }
        self.push(at_key, None, d);
    }

    /// An empty value (`title:` or `title: ""`) is an error: the key says something is there.
    fn empty(&mut self, key: &str) {
        self.empty_named(key, key);
    }

    /// As [`Self::empty`], for a value inside `key` that messages call `name`.
    fn empty_named(&mut self, key: &str, name: &str) {
        let d = self.error(codes::VALUE_EMPTY).arg("key", name);
        self.push(key, None, d);
    }

    fn text(&mut self, key: &str, value: &Node) -> Option<String> {
        let value = &value.value;
        match value {
            Yaml::Str(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Yaml::Int(_) | Yaml::Float(_) => value.as_scalar_text(),
            Yaml::Str(_) | Yaml::Null => {
                self.empty(key);
                None
            }
            other => {
                let d = self
                    .error(codes::VALUE_NOT_TEXT)
                    .arg("key", key)
                    .arg("type", other.type_name());
                self.push(key, None, d);
                None
            }
        }
    }

    /// A list of strings; one string is taken as a list of one.
    fn list(&mut self, key: &str, value: &Node) -> Vec<String> {
        self.list_named(key, key, value)
    }

    /// As [`Self::list`], for a list inside `key` that messages call `name`.
    fn list_named(&mut self, key: &str, name: &str, value: &Node) -> Vec<String> {
        let value = &value.value;
        match value {
            Yaml::Seq(items) => items
                .iter()
                .map(|item| &item.value)
                .filter_map(|item| match item {
                    Yaml::Str(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                    Yaml::Int(_) | Yaml::Float(_) => item.as_scalar_text(),
                    Yaml::Str(_) | Yaml::Null => {
                        let d = self.error(codes::LIST_ITEM_EMPTY).arg("key", name);
                        self.push(key, None, d);
                        None
                    }
                    _ => {
                        let d = self
                            .error(codes::LIST_ITEM_NOT_TEXT)
                            .arg("key", name)
                            .arg("type", item.type_name());
                        self.push(key, None, d);
                        None
                    }
                })
                .collect(),
            Yaml::Null => {
                self.empty_named(key, name);
                Vec::new()
            }
            Yaml::Str(s) if s.trim().is_empty() => {
                self.empty_named(key, name);
                Vec::new()
            }
            Yaml::Str(_) | Yaml::Int(_) | Yaml::Float(_) => {
                vec![value.as_scalar_text().unwrap_or_default().trim().to_owned()]
            }
            other => {
                let d = self
                    .error(codes::VALUE_NOT_LIST)
                    .arg("key", name)
                    .arg("type", other.type_name());
                self.push(key, None, d);
                Vec::new()
            }
        }
    }

    /// A day-first date whose day could be a month gets a warning saying how it is read;
    /// any other form than ISO a note (shown by `check` only) with the canonical form.
    fn written_date(&mut self, key: &str, written: &str, at: Span, read: &ReadDate) {
        let iso = read.date.to_string();
        let at = self.at(key, Some(at));
        if read.ambiguous() {
            self.diags.push(
                Diagnostic::warning(&self.source.path, codes::DATE_AMBIGUOUS)
                    .arg("date", written)
                    .arg("words", read.date.in_words())
                    .arg("iso", &iso)
                    .at(at),
            );
        } else if read.form != Form::Iso {
            self.diags.push(
                Diagnostic::note(&self.source.path, codes::DATE_CANONICAL)
                    .arg("date", written)
                    .arg("words", read.date.in_words())
                    .arg("iso", &iso)
                    .at(at),
            );
        }
    }

    fn date(&mut self, key: &str, node: &Node) -> Option<PartialDate> {
        let written = match &node.value {
            Yaml::Int(y) => y.to_string(),
            Yaml::Str(s) if !s.trim().is_empty() => s.trim().to_owned(),
            Yaml::Str(_) | Yaml::Null => {
                self.empty(key);
                return None;
            }
            other => {
                let d = self
                    .error(codes::DATE_WRONG_TYPE)
                    .arg("key", key)
                    .arg("type", other.type_name());
                self.push(key, None, d);
                return None;
            }
        };
        match read_date(&written) {
            Ok(read) => {
                self.written_date(key, &written, node.span, &read);
                Some(read.date)
            }
            Err(why) => {
                let d = why.diagnostic(self.error(why.code()), &written);
                self.push(key, Some(node.span), d);
                None
            }
        }
    }
}

/// Where the front matter writes `value` under the top-level `key` (as the value or one
/// of its list's items), in the file's bytes, or else where it writes `key`: for messages
/// about a value found wrong after the front matter was read.
pub fn value_span(source: &Source, key: &str, value: &str) -> Option<Span> {
    let split = source.front_matter()?;
    let root = yaml::parse(&source.text[split.yaml.clone()]).ok()?;
    let entry = root.value.entry(key)?;
    let items = match &entry.value.value {
        Yaml::Seq(items) => items.as_slice(),
        _ => std::slice::from_ref(&entry.value),
    };
    let span = items
        .iter()
        .find(|n| n.value.as_scalar_text().is_some_and(|t| t.trim() == value))
        .map_or(entry.key_span, |n| n.span);
    Some(Span {
        start: split.yaml.start + span.start,
        end: split.yaml.start + span.end,
    })
}

/// The parts of a document that come from its front matter, before it has a place on the site.
pub struct Parsed {
    pub document: Option<Document>,
    pub diags: Vec<Diagnostic>,
    /// The front matter says `draft: true`, whether or not a document could be built:
    /// a draft's problems do not stop a build that leaves drafts out.
    pub draft: bool,
}

/// Builds a document from a source file. `doc_template` carries the path fields.
pub fn parse(source: &Source, mut doc: Document) -> Parsed {
    let Some(split) = source.front_matter() else {
        let code = if source.text.starts_with("---\n") {
            codes::FRONT_MATTER_UNCLOSED
        } else {
            codes::FRONT_MATTER_MISSING
        };
        let d = Diagnostic::error(&source.path, code).at(source.position(0, 0));
        return Parsed {
            document: None,
            diags: vec![d],
            draft: false,
        };
    };
    let value = match yaml::parse(&source.text[split.yaml.clone()]) {
        Ok(v) => v.value,
        Err(e) => {
            // The YAML starts on the line after the opening fence.
            let at = source.line_column(e.line + 1, e.column);
            let d = Diagnostic::error(&source.path, codes::FRONT_MATTER_YAML)
                .arg("reason", e.reason())
                .at(at);
            return Parsed {
                document: None,
                diags: vec![d],
                draft: false,
            };
        }
    };
    let entries = match value {
        Yaml::Map(entries) => entries,
        other => {
            let d = Diagnostic::error(&source.path, codes::FRONT_MATTER_NOT_MAP)
                .arg("type", other.type_name())
                .at(source.position(split.yaml.start, 0));
            return Parsed {
                document: None,
                diags: vec![d],
                draft: false,
            };
        }
    };
    let mut c = Checker {
        source,
        yaml_start: split.yaml.start,
        entries: &entries,
        item: None,
        diags: Vec::new(),
    };
    doc.body = split.body.clone();
    doc.body_line = source.position(split.body.start, 0).line;

    let (mut title, mut kind, mut date) = (None, None, None);
    let mut unit = None;
    for Entry { key, value, .. } in &entries {
        match key.as_str() {
            "title" => title = c.text(key, value),
            "kind" => {
                if let Some(k) = c.text(key, value) {
                    match Kind::from_key(&k) {
                        Some(kd) => kind = Some(kd),
                        None => {
                            let (near, kinds) = kind_hint(&k);
                            let mut d = c
                                .error(codes::KIND_UNKNOWN)
                                .arg("kind", &k)
                                .arg("kinds", &kinds);
                            if let Some(n) = near {
                                d = d.help(msg!(
                                    "kind-unknown-suggestion",
                                    suggestion = n,
                                    kinds = &kinds
                                ));
                            }
                            c.push(key, Some(value.span), d);
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
            "year" => match value.value {
                Yaml::Int(y) if i32::try_from(y).is_ok_and(|y| YEARS.contains(&y)) => {
                    doc.year = y as i32
                }
                _ => c.push(key, None, c.error(codes::YEAR_INVALID)),
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
            "draft" => match value.value {
                Yaml::Bool(b) => doc.draft = b,
                _ => c.push(key, None, c.error(codes::DRAFT_NOT_BOOL)),
            },
            "attachments" => doc.attachments = c.list(key, value),
            unknown => c.unknown_key(unknown, codes::KEY_UNKNOWN, unknown, KEYS),
        }
    }

    // The catalogue's `.help` of `key-missing` has the fix for each of these keys.
    let missing = |c: &mut Checker, key: &'static str| {
        let at = c.source.position(split.yaml.start, 0);
        let d = c.error(codes::KEY_MISSING).arg("key", key).at(at);
        c.diags.push(d);
    };
    let has = |k: &str| entries.iter().any(|e| e.key == k);
    if title.is_none() && !has("title") {
        missing(&mut c, "title");
    }
    if date.is_none() && !has("date") {
        missing(&mut c, "date");
    }
    if unit.is_none() && !has("unit") {
        missing(&mut c, "unit");
    }
    if kind.is_none() && !has("kind") {
        kind = doc.number.as_deref().and_then(Kind::from_number);
        if kind.is_none() {
            missing(&mut c, "kind");
        }
    }

    let ok = !c.diags.iter().any(Diagnostic::is_error);
    let draft = doc.draft;
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
        draft,
    }
}

fn signer(c: &mut Checker, value: &Node) -> Option<Signer> {
    const PARTS: [&str; 3] = ["name", "title", "on_behalf"];
    match &value.value {
        Yaml::Map(entries) => {
            let mut s = Signer::default();
            for Entry {
                key: k, value: v, ..
            } in entries
            {
                let slot = match k.as_str() {
                    "name" => &mut s.name,
                    "title" => &mut s.title,
                    "on_behalf" => &mut s.on_behalf,
                    other => {
                        c.unknown_key("signer", codes::SIGNER_KEY_UNKNOWN, other, &PARTS);
                        continue;
                    }
                };
                match &v.value {
                    Yaml::Str(t) if !t.trim().is_empty() => *slot = Some(t.trim().to_owned()),
                    Yaml::Str(_) | Yaml::Null => {
                        let d = c.error(codes::SIGNER_PART_EMPTY).arg("part", k);
                        c.push("signer", None, d);
                    }
                    other => {
                        let d = c
                            .error(codes::SIGNER_PART_NOT_TEXT)
                            .arg("part", k)
                            .arg("type", other.type_name());
                        c.push("signer", None, d)
                    }
                }
            }
            if s.name.is_none() && s.title.is_none() {
                c.push("signer", None, c.error(codes::SIGNER_NO_ONE));
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
            let d = c
                .error(codes::SIGNER_WRONG_TYPE)
                .arg("type", other.type_name());
            c.push("signer", None, d);
            None
        }
    }
}

fn period(c: &mut Checker, value: &Node) -> Option<Period> {
    let value = &value.value;
    let (Some(from), Some(to)) = (value.get("from"), value.get("to")) else {
        c.push("period", None, c.error(codes::PERIOD_INCOMPLETE));
        return None;
    };
    if let Yaml::Map(entries) = value {
        for e in entries.iter().filter(|e| e.key != "from" && e.key != "to") {
            c.unknown_key("period", codes::PERIOD_KEY_UNKNOWN, &e.key, &["from", "to"]);
        }
    }
    let (from, to) = (c.date("period", from), c.date("period", to));
    let (from, to) = (from?, to?);
    // A partial date stands for all its days: 2023-01 to 2023 is January to December.
    if to.last_day() < from.first_day() {
        let d = c
            .error(codes::PERIOD_REVERSED)
            .arg("from", from.to_string())
            .arg("to", to.to_string());
        c.push("period", None, d);
        return None;
    }
    Some(Period { from, to })
}

const DEADLINE_KEYS: [&str; 3] = ["date", "what", "by"];

fn deadlines(c: &mut Checker, value: &Node) -> Vec<Deadline> {
    let items = match &value.value {
        Yaml::Seq(items) => items,
        Yaml::Null => {
            c.empty("deadlines");
            return Vec::new();
        }
        other => {
            let d = c
                .error(codes::DEADLINES_NOT_LIST)
                .arg("type", other.type_name());
            c.push("deadlines", None, d);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for item in items {
        // Messages about this item point at it (or at its key), so that a message about
        // the third points at the third.
        c.item = Some(item.span);
        let key_at = |key: &str| item.value.entry(key).map_or(item.span, |e| e.key_span);
        let what = match item.value.get("what").map(|v| &v.value) {
            Some(Yaml::Str(w)) if !w.trim().is_empty() => Some(w.trim().to_owned()),
            Some(v @ (Yaml::Int(_) | Yaml::Float(_))) => v.as_scalar_text(),
            _ => None,
        };
        let (Some(date), Some(what)) = (item.value.get("date"), what) else {
            c.push("deadlines", None, c.error(codes::DEADLINE_INCOMPLETE));
            continue;
        };
        if let Yaml::Map(entries) = &item.value {
            for e in entries
                .iter()
                .filter(|e| !DEADLINE_KEYS.contains(&e.key.as_str()))
            {
                c.item = Some(e.key_span);
                c.unknown_key(
                    "deadlines",
                    codes::DEADLINE_KEY_UNKNOWN,
                    &e.key,
                    &DEADLINE_KEYS,
                );
            }
        }
        c.item = Some(key_at("by"));
        let by_at = c.yaml_start + key_at("by").start;
        let by = match item.value.get("by") {
            None => Vec::new(),
            Some(v) => {
                let by = c.list_named("deadlines", "by", v);
                if by.is_empty() {
                    continue;
                }
                by
            }
        };
        c.item = Some(item.span);
        if let Some(parsed) = c.date("deadlines", date) {
            if parsed.day.is_none() {
                let written = parsed.to_string();
                let d = c.error(codes::DEADLINE_WITHOUT_DAY).arg("date", &written);
                c.push("deadlines", Some(date.span), d);
                continue;
            }
            out.push(Deadline {
                date: parsed,
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
fn kind_hint(written: &str) -> (Option<String>, String) {
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
    let near = diag::did_you_mean(&folded, &folded_names).and_then(|near| {
        candidates
            .iter()
            .find(|(f, _)| f == near)
            .map(|(_, shown)| shown.clone())
    });
    (near, list.join(", "))
}
