//! The import report, for a person (Vietnamese by default) and as JSON for tools.

use serde::Serialize;

use super::fields::iso;
use super::{ImportedDocument, Lang, Status};

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

fn label(key: &str, lang: Lang) -> &'static str {
    let (vi, en) = match key {
        "kind" => ("loại văn bản", "kind"),
        "title" => ("trích yếu", "title"),
        "number" => ("số, ký hiệu", "number"),
        "date" => ("ngày ban hành", "date"),
        "place" => ("địa danh", "place"),
        "unit" => ("cơ quan ban hành", "unit"),
        "signer" => ("người ký", "signer"),
        "recipients" => ("nơi nhận", "recipients"),
        "based_on" => ("căn cứ", "based on"),
        "reports_on" => ("báo cáo kế hoạch", "reports on"),
        "period" => ("thời gian thực hiện", "period"),
        "deadlines" => ("thời hạn", "deadlines"),
        "campaigns" => ("phong trào", "campaigns"),
        _ => ("", ""),
    };
    lang.pick(vi, en)
}

/// The legacy encodings converted, in words.
pub fn conversions(d: &ImportedDocument, lang: Lang) -> Vec<String> {
    d.conversions
        .iter()
        .map(|(name, runs)| match (lang, runs) {
            (Lang::Vi, 0) => format!("{name} → Unicode, cả tệp"),
            (Lang::Vi, n) => format!("{name} → Unicode, {n} đoạn chữ theo phông"),
            (Lang::En, 0) => format!("{name} → Unicode, the whole file"),
            (Lang::En, n) => format!("{name} → Unicode, {n} runs by their font"),
        })
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
                    f.symbol.as_ref().map(|s| {
                        format!("…/{s} ({})", lang.pick("số để trống", "number left blank"))
                    })
                }),
                "date" => Some(match f.date {
                    Some(date) if date.day.is_some() => iso(date),
                    Some(date) if date.month.is_some() => {
                        format!(
                            "{} ({})",
                            iso(date),
                            lang.pick("ngày để trống", "day left blank")
                        )
                    }
                    Some(date) => format!(
                        "{} ({})",
                        iso(date),
                        lang.pick("ngày, tháng để trống", "day and month left blank")
                    ),
                    None => format!(
                        "{} ({})",
                        d.year,
                        lang.pick(
                            "không có dòng ngày tháng; năm lấy từ trích yếu",
                            "no date line; year taken from the title"
                        )
                    ),
                }),
                "place" => f.place.clone(),
                "unit" => d.unit.clone().map(|u| {
                    if d.unit_registered {
                        u
                    } else {
                        format!(
                            "{u} ({})",
                            lang.pick("chưa có trong units.yaml", "not in units.yaml")
                        )
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
                label: label(key, lang).to_owned(),
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
        out.push(match lang {
            Lang::Vi => format!("cơ quan “{u}” chưa có trong content/units.yaml: trang đơn vị vẫn được tạo; để ghép đúng đơn vị, thêm vào units.yaml:\n      - name: {u}\n        short: (tên viết tắt, ví dụ UBND huyện …)\n        level: district   # province | district | commune | department | party | front"),
            Lang::En => format!("unit “{u}” is not in content/units.yaml: its page is still made; to match it, add to units.yaml:\n      - name: {u}\n        short: (short form, e.g. UBND huyện …)\n        level: district   # province | district | commune | department | party | front"),
        });
    }
    if d.fields.date.is_none() {
        out.push(lang.pick(
            "văn bản không có dòng ngày tháng: đã ghi năm; sửa `date:` khi biết ngày ban hành",
            "the document has no date line: the year was written; correct `date:` when the date is known",
        ).to_owned());
    }
    out
}

/// The report as a person reads it.
pub fn render_text(r: &FileReport, lang: Lang) -> String {
    let mut out = String::new();
    let review = lang.pick("cần xem lại", "needs a look");
    match (&r.written, &r.error) {
        (_, Some(e)) => {
            out.push_str(&format!("✗ {}: {}\n", r.file, e));
            return out;
        }
        (Some(w), None) => {
            let verb = if r.dry_run {
                lang.pick("sẽ ghi", "would write")
            } else {
                lang.pick("đã ghi", "wrote")
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
            .unwrap_or_else(|| lang.pick("(không thấy)", "(not found)").to_owned());
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
    let converted = lang.pick("đã chuyển mã", "converted");
    for c in &r.conversions {
        let pad = " ".repeat(width.saturating_sub(converted.chars().count()));
        out.push_str(&format!("    {converted}{pad}  {c}\n"));
    }
    for n in &r.notes {
        out.push_str(&format!("    ! {n}\n"));
    }
    out
}
