//! The import report, for a person (Vietnamese by default) and as JSON for tools.

use serde::Serialize;

use super::fields::iso;
use super::{ImportedDocument, Lang, Status};
use crate::i18n::text;
use crate::msg;

/// One file's outcome.
#[derive(Debug, Serialize)]
pub struct FileReport {
    pub file: String,
    pub ok: bool,
    /// The Markdown file written (or that would be, with --dry-run).
    pub written: Option<String>,
    pub dry_run: bool,
    pub error: Option<String>,
    pub error_code: Option<&'static str>,
    pub fields: Vec<FieldReport>,
    pub conversions: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FieldReport {
    pub key: String,
    pub label: String,
    pub value: Option<String>,
    pub status: Status,
    pub review: bool,
}

/// The field's name in the report: `import-field` selects by key in the catalogue.
fn label(key: &str, lang: Lang) -> String {
    msg!("import-field", key = key).text(lang)
}

/// The legacy encodings converted, in words.
pub fn conversions(d: &ImportedDocument, lang: Lang) -> Vec<String> {
    d.conversions
        .iter()
        .map(|(name, runs)| msg!("import-conversion", encoding = name, runs = *runs).text(lang))
        .collect()
}

pub fn fields(d: &ImportedDocument, lang: Lang) -> Vec<FieldReport> {
    let f = &d.fields;
    d.review
        .iter()
        .map(|(key, status)| {
            let value = match key.as_str() {
                "kind" => f.kind.map(|k| match lang {
                    Lang::Vi => k.word_vi().to_lowercase(),
                    Lang::En => k.key().to_owned(),
                }),
                "title" => f.title.clone(),
                "number" => f.number.clone().or_else(|| {
                    f.symbol
                        .as_ref()
                        .map(|s| format!("…/{s} ({})", text(lang, "import-number-blank")))
                }),
                "date" => Some(match f.date {
                    Some(date) if date.day.is_some() => iso(date),
                    Some(date) if date.month.is_some() => {
                        format!("{} ({})", iso(date), text(lang, "import-day-blank"))
                    }
                    Some(date) => {
                        format!("{} ({})", iso(date), text(lang, "import-day-month-blank"))
                    }
                    None => format!("{} ({})", d.year, text(lang, "import-no-date-line")),
                }),
                "place" => f.place.clone(),
                "unit" => d.unit.clone().map(|u| {
                    if d.unit_registered {
                        u
                    } else {
                        format!("{u} ({})", text(lang, "import-unit-unregistered"))
                    }
                }),
                "signer" => f.signer.as_ref().map(|s| {
                    [
                        s.on_behalf.as_deref().map(|o| o.replace('\n', " / ")),
                        s.title.clone(),
                        s.name.clone(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" / ")
                }),
                "recipients" => (!f.recipients.is_empty())
                    .then(|| format!("{} ({})", f.recipients.len(), f.recipients.join("; "))),
                "based_on" => (!f.based_on.is_empty()).then(|| f.based_on.join(", ")),
                "reports_on" => f.reports_on.clone(),
                "period" => f.period.map(|p| format!("{} → {}", p.from, p.to)),
                "deadlines" => (!f.deadlines.is_empty()).then(|| {
                    f.deadlines
                        .iter()
                        .map(|d| format!("{}: {}", d.date, d.what))
                        .collect::<Vec<_>>()
                        .join("; ")
                }),
                "campaigns" => (!d.campaigns.is_empty()).then(|| d.campaigns.join(", ")),
                _ => None,
            };
            FieldReport {
                key: key.clone(),
                label: label(key, lang),
                value,
                status: *status,
                review: *status != Status::Found && super::write::needed(key),
            }
        })
        .collect()
}

/// Notes a person should act on: an unknown unit, with how to add it.
pub fn notes(d: &ImportedDocument, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(u), false) = (&d.unit, d.unit_registered) {
        // The YAML to add, indented under the note.
        let entry = format!(
            "      - name: {u}\n        short: {}\n        {}",
            text(lang, "import-short-example"),
            text(lang, "import-level-example")
        );
        out.push(msg!("import-unit-note", unit = u, entry = entry).text(lang));
    }
    if d.fields.date.is_none() {
        out.push(text(lang, "import-no-date-note"));
    }
    out
}

/// The report as a person reads it.
pub fn render_text(r: &FileReport, lang: Lang) -> String {
    let mut out = String::new();
    let review = text(lang, "import-needs-look");
    match (&r.written, &r.error) {
        (_, Some(e)) => {
            let code = r.error_code.unwrap_or_default();
            let error = text(lang, "severity-error");
            out.push_str(&format!("✗ {}: {error} {code}: {e}\n", r.file));
            return out;
        }
        (Some(w), None) => {
            let verb = if r.dry_run {
                text(lang, "import-would-write")
            } else {
                text(lang, "import-wrote")
            };
            out.push_str(&format!("✓ {} → {} {}\n", r.file, verb, w));
        }
        (None, None) => out.push_str(&format!("✓ {}\n", r.file)),
    }
    let width = r
        .fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0);
    for f in &r.fields {
        let value = f
            .value
            .clone()
            .unwrap_or_else(|| text(lang, "import-not-found-value"));
        let pad = " ".repeat(width - f.label.chars().count());
        let flag = if f.review {
            format!("  ← {review}")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "    {}{pad}  {}{flag}\n",
            f.label,
            value.replace('\n', " ")
        ));
    }
    let converted = text(lang, "import-converted");
    for c in &r.conversions {
        let pad = " ".repeat(width.saturating_sub(converted.chars().count()));
        out.push_str(&format!("    {converted}{pad}  {c}\n"));
    }
    for n in &r.notes {
        out.push_str(&format!("    ! {n}\n"));
    }
    out
}
