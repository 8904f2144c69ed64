//! Who owes each deadline, and whether it was met: one answer for `serve`, `bantin check`,
//! `bantin deadlines` and, when `deadline_status: public`, the built site.
//!
//! A deadline is owed by the units its `by` names (or the document's recipients); nobody is
//! named when it does not say. A report meets a deadline only when its own unit owes it,
//! it reports on the plan, and it is dated within the time allowed: not before the plan's
//! period (or the plan), and on or before the day for "on time".

use serde::Serialize;

use crate::content::PartialDate;
use crate::diag::Diagnostic;
use crate::i18n::{Lang, codes};
use crate::msg;
use crate::registry::name_key;
use crate::resolve::{DocId, Site, UnitId};
use crate::source::Source;

/// The word in `by` that means the document's recipients.
pub const RECIPIENTS: &str = "recipients";

/// Whether a deadline was met by the unit that owes it.
#[derive(Serialize, Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The day has passed and no report has come.
    Missing,
    /// The day is still to come.
    Pending,
    /// A report came after the day.
    Late,
    /// A report came on or before the day.
    OnTime,
}

impl Status {
    /// The key of its label in the theme's translations.
    pub fn label_key(self) -> &'static str {
        match self {
            Status::OnTime => "status_on_time",
            Status::Late => "status_late",
            Status::Missing => "status_missing",
            Status::Pending => "status_pending",
        }
    }

    /// Its words, for the command line.
    pub fn words(self, lang: Lang) -> String {
        msg!("deadline-status", status = self.key()).text(lang)
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::OnTime => "on_time",
            Status::Late => "late",
            Status::Missing => "overdue",
            Status::Pending => "pending",
        }
    }
}

/// A unit that owes a deadline: its name as the site shows it, and the unit when the site
/// knows it (a recipient may be named only in words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub name: String,
    pub unit: Option<UnitId>,
}

/// One deadline as owed by one unit, with its status; `owner` is None when nobody is named.
#[derive(Clone, Debug)]
pub struct Owed {
    pub doc: DocId,
    pub k: usize,
    pub owner: Option<Owner>,
    pub status: Option<Status>,
    pub report: Option<DocId>,
}

/// The units deadline `k` of document `i` names, in order, each once.
pub fn owners(site: &Site, i: DocId, k: usize) -> Vec<Owner> {
    let doc = &site.docs[i];
    let mut out: Vec<Owner> = Vec::new();
    let mut push = |name: &str| {
        let unit = site.find_unit(name);
        let owner = Owner {
            name: unit.map_or_else(
                || name.to_owned(),
                |u| site.units[u].display_name().to_owned(),
            ),
            unit,
        };
        if !out
            .iter()
            .any(|o| o == &owner || (o.unit.is_some() && o.unit == owner.unit))
        {
            out.push(owner);
        }
    };
    for written in &doc.deadlines[k].by {
        if name_key(written) == RECIPIENTS {
            doc.recipients.iter().for_each(|r| push(r));
        } else {
            push(written);
        }
    }
    out
}

/// The first day a report on document `i` may be dated to count: the start of its period,
/// or the document's own date.
fn window_start(site: &Site, i: DocId) -> chrono::NaiveDate {
    let doc = &site.docs[i];
    let start = doc.period.as_ref().map_or(doc.date, |p| p.from);
    start.first_day().max(doc.date.first_day())
}

/// Deadline `k` of document `i`, once per unit that owes it (or once, with no owner).
pub fn owed(site: &Site, i: DocId, k: usize) -> Vec<Owed> {
    let owners = owners(site, i, k);
    if owners.is_empty() {
        return vec![Owed {
            doc: i,
            k,
            owner: None,
            status: None,
            report: None,
        }];
    }
    owners
        .into_iter()
        .map(|owner| {
            let (status, report) = status_for(site, i, k, owner.unit);
            Owed {
                doc: i,
                k,
                owner: Some(owner),
                status: Some(status),
                report,
            }
        })
        .collect()
}

/// Reports answer a unit's deadlines on a plan in order, its earliest report the earliest
/// deadline it owes: one report does not meet both a six-month and a year-end deadline.
fn status_for(site: &Site, i: DocId, k: usize, unit: Option<UnitId>) -> (Status, Option<DocId>) {
    let doc = &site.docs[i];
    let date = doc.deadlines[k].date;
    let mut reports: Vec<DocId> = match unit {
        Some(u) => {
            let start = window_start(site, i);
            site.refs.reports[i]
                .iter()
                .copied()
                .filter(|&r| site.doc_unit[r] == u && site.docs[r].date.last_day() >= start)
                .collect()
        }
        None => Vec::new(),
    };
    reports.sort_by_key(|&r| (site.docs[r].date, r));
    let nth = (0..k)
        .filter(|&j| unit.is_some() && owners(site, i, j).iter().any(|o| o.unit == unit))
        .count();
    match reports.get(nth) {
        Some(&r) if site.docs[r].date <= date => (Status::OnTime, Some(r)),
        Some(&r) => (Status::Late, Some(r)),
        None if date < PartialDate::from_naive(site.today) => (Status::Missing, None),
        None => (Status::Pending, None),
    }
}

/// Every deadline of the site, once per owner: what is overdue first (oldest first), then
/// what is still to come (soonest first), then what was met late and on time (latest first),
/// then the deadlines that name nobody.
pub fn all(site: &Site) -> Vec<Owed> {
    let mut v: Vec<Owed> = site
        .docs
        .iter_enumerated()
        .flat_map(|(i, d)| (0..d.deadlines.len()).map(move |k| (i, k)))
        .flat_map(|(i, k)| owed(site, i, k))
        .collect();
    v.sort_by_key(|o| {
        let date = site.docs[o.doc].deadlines[o.k].date.sort_key() as i64;
        let (group, order) = match o.status {
            Some(Status::Missing) => (0, date),
            Some(Status::Pending) => (1, date),
            Some(Status::Late) => (2, -date),
            Some(Status::OnTime) => (3, -date),
            None => (4, date),
        };
        let owner = o.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default();
        (group, order, o.doc, o.k, owner)
    });
    v
}

/// Every name a deadline's `by` gives must be a unit of the site (of units.yaml, or one that
/// documents name), or the word `recipients` on a document that has recipients.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in &site.docs {
        let mut source: Option<Option<Source>> = None;
        for deadline in &doc.deadlines {
            for written in &deadline.by {
                let mut d = if name_key(written) == RECIPIENTS {
                    if !doc.recipients.is_empty() {
                        continue;
                    }
                    Diagnostic::error(&doc.path, codes::DEADLINE_BY_NO_RECIPIENTS)
                } else if site.find_unit(written).is_none() {
                    let names: Vec<&str> = site.units.iter().map(|u| u.display_name()).collect();
                    let d = Diagnostic::error(&doc.path, codes::DEADLINE_BY_UNKNOWN)
                        .arg("name", written);
                    match crate::diag::did_you_mean(written, &names) {
                        Some(near) => {
                            d.help(msg!("deadline-by-unknown-suggestion", suggestion = near))
                        }
                        None => d,
                    }
                } else {
                    continue;
                };
                let source = source.get_or_insert_with(|| Source::read(&doc.path).ok());
                if let Some(s) = source {
                    let from = match deadline.by_at {
                        0 => s.text.find("deadlines:").unwrap_or(0),
                        at => at,
                    };
                    if let Some(at) = s.text.get(from..).and_then(|t| t.find(written.as_str())) {
                        d = d.at(s.position(from + at, written.len()));
                    }
                }
                out.push(d);
            }
        }
    }
    out
}

/// One line of the staff report: a deadline as owed by one unit.
#[derive(Serialize, Clone, Debug)]
pub struct Row {
    pub date: String,
    /// `overdue`, `pending`, `late`, `on_time`, or `unassigned` when nobody is named.
    pub status: &'static str,
    pub status_label: String,
    pub owner: Option<String>,
    pub what: String,
    /// The document that set it: its kind and number, or its title.
    pub document: String,
    /// Its file under `content/`.
    pub path: String,
    /// The report that met it.
    pub report: Option<String>,
}

fn doc_name(site: &Site, d: DocId, lang: Lang) -> String {
    let doc = &site.docs[d];
    let kind = match lang {
        Lang::Vi => doc.kind.word_vi(),
        Lang::En => doc.kind.key(),
    };
    match &doc.number {
        Some(n) => msg!("deadline-document-numbered", kind = kind, number = n).text(lang),
        None => msg!("deadline-document-titled", kind = kind, title = &doc.title).text(lang),
    }
}

/// The rows of [`all`], labelled in Vietnamese or English.
pub fn rows(site: &Site, lang: Lang) -> Vec<Row> {
    all(site)
        .into_iter()
        .map(|o| {
            let doc = &site.docs[o.doc];
            Row {
                date: doc.deadlines[o.k].date.to_string(),
                status: o.status.map_or("unassigned", Status::key),
                status_label: o.status.map_or_else(
                    || crate::i18n::text(lang, "deadline-unassigned"),
                    |s| s.words(lang),
                ),
                owner: o.owner.map(|w| w.name),
                what: doc.deadlines[o.k].what.clone(),
                document: doc_name(site, o.doc, lang),
                path: format!("content/{}", doc.rel_path),
                report: o.report.map(|r| doc_name(site, r, lang)),
            }
        })
        .collect()
}

/// Output formats of `bantin deadlines`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

/// The staff report: grouped text for the terminal, CSV for a spreadsheet (with a BOM, so
/// that Excel reads the Vietnamese letters), or JSON.
pub fn report(rows: &[Row], format: Format, lang: Lang) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(rows).unwrap_or_default() + "\n",
        Format::Csv => {
            let header: Vec<String> = [
                "due", "status", "owner", "what", "document", "file", "report",
            ]
            .iter()
            .map(|column| msg!("deadline-column", column = *column).text(lang))
            .collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut out = String::from("\u{feff}");
            let mut line = |fields: &[&str]| {
                let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                out.push_str(&cells.join(","));
                out.push_str("\r\n");
            };
            line(&header);
            for r in rows {
                line(&[
                    &r.date,
                    &r.status_label,
                    r.owner.as_deref().unwrap_or(""),
                    &r.what,
                    &r.document,
                    &r.path,
                    r.report.as_deref().unwrap_or(""),
                ]);
            }
            out
        }
        Format::Text => {
            let mut out = String::new();
            let mut last = "";
            for r in rows {
                if r.status != last {
                    let n = rows.iter().filter(|x| x.status == r.status).count();
                    out.push_str(&format!("\n{} ({n})\n", r.status_label.to_uppercase()));
                    last = r.status;
                }
                let owner = r.owner.as_deref().unwrap_or("—");
                out.push_str(&format!("  {}  {owner}: {}\n", r.date, r.what));
                let report = r
                    .report
                    .as_ref()
                    .map(|x| format!(" → {x}"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "              {} ({}){report}\n",
                    r.document, r.path
                ));
            }
            if rows.is_empty() {
                out.push_str(&crate::i18n::text(lang, "deadline-none"));
                out.push('\n');
            }
            out.trim_start().to_owned()
        }
    }
}

/// A CSV cell, quoted when it holds a comma, a quote or a line break (RFC 4180); a cell a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`) starts with a quote mark.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}
