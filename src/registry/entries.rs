//! Reading `units.yaml` and `campaigns.yaml`: each entry of the list checked key by key,
//! every problem pointed at where the file writes it.

use std::path::Path;

use super::{Campaign, Level, Unit};
use crate::date::parse_date;
use crate::diag::{self, Diagnostic};
use crate::i18n::Arg;
use crate::i18n::codes::{self, Code};
use crate::msg;
use crate::source::Source;
use crate::yaml::{self, Node, Span, Yaml};

const UNIT_KEYS: &[&str] = &[
    "name",
    "short",
    "aliases",
    "parent",
    "level",
    "until",
    "successor",
    "description",
];
const CAMPAIGN_KEYS: &[&str] = &["name", "description", "aliases"];

fn at(source: &Source, span: Span) -> crate::diag::Position {
    source.position(span.start, span.len())
}

/// Where an entry writes `key`, or the entry's start.
pub(super) fn key_at(source: &Source, item: &Node, key: &str) -> crate::diag::Position {
    match item.value.entry(key) {
        Some(e) => at(source, e.key_span),
        None => source.position(item.span.start, 1),
    }
}

/// Where an entry writes `name` as a value (its name, short name or one of its aliases),
/// or the entry's start.
pub(super) fn value_at(source: &Source, item: &Node, name: &str) -> crate::diag::Position {
    fn find(node: &Node, name: &str) -> Option<Span> {
        match &node.value {
            Yaml::Map(entries) => entries.iter().find_map(|e| find(&e.value, name)),
            Yaml::Seq(items) => items.iter().find_map(|n| find(n, name)),
            Yaml::Str(s) => (s.trim() == name).then_some(node.span),
            _ => None,
        }
    }
    match find(item, name) {
        Some(span) => at(source, span),
        None => source.position(item.span.start, 1),
    }
}

/// One entry of a registry, to point messages at its keys.
pub(super) struct Entry<'a> {
    source: &'a Source,
    item: &'a Node,
    /// Errors found in its values: the entry is then left out.
    failed: bool,
}

impl<'a> Entry<'a> {
    pub(super) fn new(
        source: &'a Source,
        item: &'a Node,
        what: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Entry<'a>> {
        let start = item.span.start;
        if !matches!(item.value, Yaml::Map(_)) {
            diags.push(
                Diagnostic::error(&source.path, codes::REGISTRY_ENTRY_NOT_MAP)
                    .arg("what", what)
                    .arg("type", item.value.type_name())
                    .at(source.position(start, 1)),
            );
            return None;
        }
        Some(Entry {
            source,
            item,
            failed: false,
        })
    }

    fn at(&self, key: &str) -> crate::diag::Position {
        key_at(self.source, self.item, key)
    }

    fn start(&self) -> crate::diag::Position {
        self.source.position(self.item.span.start, 1)
    }

    /// An error in this entry's file, to be given its arguments and reported.
    fn fail(&self, code: Code) -> Diagnostic {
        Diagnostic::error(&self.source.path, code)
    }

    /// Reports `d` at `key`; the entry is then left out.
    fn error(&mut self, key: &str, d: Diagnostic, diags: &mut Vec<Diagnostic>) {
        self.failed = true;
        diags.push(d.at(self.at(key)));
    }

    /// A one-line text value; empty or of another type is an error.
    fn text(&mut self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
        match &self.item.value.get(key)?.value {
            Yaml::Str(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            v @ (Yaml::Int(_) | Yaml::Float(_)) => v.as_scalar_text(),
            Yaml::Str(_) | Yaml::Null => {
                let d = self.fail(codes::VALUE_EMPTY).arg("key", key);
                self.error(key, d, diags);
                None
            }
            other => {
                let d = self
                    .fail(codes::VALUE_NOT_TEXT)
                    .arg("key", key)
                    .arg("type", other.type_name());
                self.error(key, d, diags);
                None
            }
        }
    }

    /// A list of names; one name is a list of one.
    fn list(&mut self, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<String> {
        match self.item.value.get(key).map(|v| &v.value) {
            None => Vec::new(),
            Some(Yaml::Seq(items)) => {
                let mut out = Vec::new();
                for item in items.iter().map(|n| &n.value) {
                    match item {
                        Yaml::Str(s) if !s.trim().is_empty() => out.push(s.trim().to_owned()),
                        Yaml::Int(_) | Yaml::Float(_) => out.extend(item.as_scalar_text()),
                        Yaml::Str(_) | Yaml::Null => {
                            let d = self.fail(codes::LIST_ITEM_EMPTY).arg("key", key);
                            self.error(key, d, diags);
                        }
                        other => {
                            let d = self
                                .fail(codes::LIST_ITEM_NOT_TEXT)
                                .arg("key", key)
                                .arg("type", other.type_name());
                            self.error(key, d, diags);
                        }
                    }
                }
                out
            }
            Some(Yaml::Map(_)) => {
                let d = self
                    .fail(codes::VALUE_NOT_LIST)
                    .arg("key", key)
                    .arg("type", Arg::Id("yaml-mapping"));
                self.error(key, d, diags);
                Vec::new()
            }
            Some(_) => self.text(key, diags).into_iter().collect(),
        }
    }
}

/// Reads a registry file: a YAML list of mappings. A missing file is an empty registry.
pub(super) fn read_list(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<(Source, Vec<Node>)> {
    if !path.exists() {
        return None;
    }
    let source = match Source::read(path) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match yaml::parse(&source.text).map(|root| root.value) {
        Ok(Yaml::Seq(items)) => Some((source, items)),
        Ok(Yaml::Null) => None,
        Ok(other) => {
            diags.push(
                Diagnostic::error(path, codes::REGISTRY_NOT_LIST)
                    .arg("file", &name)
                    .arg("type", other.type_name())
                    .at(source.position(0, 0)),
            );
            None
        }
        Err(e) => {
            let at = source.line_column(e.line, e.column);
            diags.push(
                Diagnostic::error(path, codes::REGISTRY_YAML)
                    .arg("file", &name)
                    .arg("reason", e.reason())
                    .at(at),
            );
            None
        }
    }
}

fn warn_unknown_keys(source: &Source, item: &Node, known: &[&str], diags: &mut Vec<Diagnostic>) {
    if let Yaml::Map(entries) = &item.value {
        for e in entries {
            let key = &e.key;
            if !known.contains(&key.as_str()) {
                let mut d = Diagnostic::warning(&source.path, codes::REGISTRY_KEY_UNKNOWN)
                    .arg("key", key)
                    .at(at(source, e.key_span));
                if let Some(k) = diag::did_you_mean(key, known) {
                    d = d.help(msg!("help-did-you-mean", suggestion = k));
                }
                diags.push(d);
            }
        }
    }
}

pub(super) fn unit(e: &Entry, diags: &mut Vec<Diagnostic>) -> Option<Unit> {
    let mut e = Entry { ..*e };
    let source = e.source;
    let Some(name) = e.text("name", diags) else {
        if e.item.value.get("name").is_none() {
            diags.push(Diagnostic::error(&source.path, codes::UNIT_WITHOUT_NAME).at(e.start()));
        }
        return None;
    };
    warn_unknown_keys(source, e.item, UNIT_KEYS, diags);
    let level = e.text("level", diags).and_then(|l| {
        let level = Level::from_key(&l);
        if level.is_none() {
            let d = e.fail(codes::UNIT_LEVEL_UNKNOWN).arg("level", &l);
            e.error("level", d, diags);
        }
        level
    });
    let until = e.text("until", diags).and_then(|u| match parse_date(&u) {
        Ok(d) => Some(d),
        Err(_) => {
            let d = e.fail(codes::UNIT_UNTIL_INVALID).arg("until", &u);
            e.error("until", d, diags);
            None
        }
    });
    let successor = e.text("successor", diags);
    if successor.is_some() && until.is_none() && !e.failed {
        diags.push(
            Diagnostic::warning(&source.path, codes::UNIT_SUCCESSOR_WITHOUT_UNTIL)
                .arg("unit", &name)
                .at(e.at("successor")),
        );
    }
    let unit = Unit {
        short: e.text("short", diags),
        aliases: e.list("aliases", diags),
        parent: e.text("parent", diags),
        level,
        until,
        successor,
        description: e.text("description", diags),
        slug: String::new(),
        registered: true,
        name,
    };
    (!e.failed).then_some(unit)
}

pub(super) fn campaign(e: &Entry, diags: &mut Vec<Diagnostic>) -> Option<Campaign> {
    let mut e = Entry { ..*e };
    let source = e.source;
    let Some(name) = e.text("name", diags) else {
        if e.item.value.get("name").is_none() {
            diags.push(Diagnostic::error(&source.path, codes::CAMPAIGN_WITHOUT_NAME).at(e.start()));
        }
        return None;
    };
    warn_unknown_keys(source, e.item, CAMPAIGN_KEYS, diags);
    let campaign = Campaign {
        description: e.text("description", diags),
        aliases: e.list("aliases", diags),
        slug: String::new(),
        registered: true,
        name,
    };
    (!e.failed).then_some(campaign)
}
