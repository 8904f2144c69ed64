//! The desk's page: plain HTML with a label, a hint and a message area tied to every field,
//! its words from the catalogue, the token in a meta tag; a script and a stylesheet of its
//! own (no framework, nothing from the network).

use std::sync::Arc;

use super::super::http::Response;
use crate::escape::xml as esc;
use crate::i18n::{Lang, Message, text};

/// What the desk's script and stylesheet may weigh, together, uncompressed: checked by a
/// test, so that the desk stays quick on an old office PC.
#[cfg(test)]
const SIZE_BUDGET: usize = 48 * 1024;

const SCRIPT: &str = include_str!("desk.js");
const STYLE: &str = include_str!("desk.css");

pub fn asset(name: &str) -> Response {
    let (body, kind) = match name {
        "desk.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        _ => (STYLE, "text/css; charset=utf-8"),
    };
    Response::new(
        200,
        vec![
            ("Content-Type", kind.into()),
            ("Cache-Control", "no-cache".into()),
            ("X-Content-Type-Options", "nosniff".into()),
        ],
        Arc::from(body.as_bytes()),
    )
}

/// Words the script needs, by their catalogue id.
const SCRIPT_WORDS: &[&str] = &[
    "desk-ui-new",
    "desk-ui-editing",
    "desk-ui-review",
    "desk-ui-remove",
    "desk-ui-see-page",
    "desk-ui-checking",
    "desk-ui-ok",
    "desk-ui-reload",
    "desk-ui-general",
    "desk-ui-no-match",
    "desk-ui-deadline-date",
    "desk-ui-deadline-what",
    "desk-ui-deadline-by",
    "desk-ui-add",
    "desk-ui-cancel",
    "desk-ui-level",
    "desk-ui-parent",
];

fn words(lang: Lang) -> String {
    let mut map = serde_json::Map::new();
    for id in SCRIPT_WORDS {
        map.insert((*id).to_owned(), text(lang, id).into());
    }
    let with = |id: &'static str, name: &'static str| {
        Message::new(id).arg(name, format!("{{{name}}}")).text(lang)
    };
    map.insert("desk-ui-saved".into(), with("desk-ui-saved", "path").into());
    map.insert(
        "desk-ui-errors".into(),
        with("desk-ui-errors", "count").into(),
    );
    map.insert(
        "desk-ui-comments-lost".into(),
        with("desk-ui-comments-lost", "keys").into(),
    );
    serde_json::Value::Object(map)
        .to_string()
        .replace('<', "\\u003c")
}

/// One labelled field: `<label>`, the control, its hint and its message area.
fn field(
    lang: Lang,
    key: &str,
    label: &'static str,
    control: &str,
    hint: Option<&'static str>,
) -> String {
    let hint = hint.map_or(String::new(), |h| {
        format!(
            r#"<p class="hint" id="{key}-hint">{}</p>"#,
            esc(&text(lang, h))
        )
    });
    format!(
        r#"<div class="field" id="f-{key}"><label for="{key}">{}</label>{control}{hint}<div class="msg" id="{key}-msg" aria-live="polite"></div></div>"#,
        esc(&text(lang, label))
    )
}

fn described(key: &str, hint: bool) -> String {
    if hint {
        format!(r#"aria-describedby="{key}-hint {key}-msg""#)
    } else {
        format!(r#"aria-describedby="{key}-msg""#)
    }
}

fn input(lang: Lang, key: &str, label: &'static str, hint: Option<&'static str>) -> String {
    let control = format!(
        r#"<input id="{key}" name="{key}" type="text" autocomplete="off" {}>"#,
        described(key, hint.is_some())
    );
    field(lang, key, label, &control, hint)
}

fn lines(lang: Lang, key: &str, label: &'static str) -> String {
    let control = format!(
        r#"<textarea id="{key}" name="{key}" rows="3" {}></textarea>"#,
        described(key, false)
    );
    field(lang, key, label, &control, None)
}

/// A search box over a list (units, campaigns, documents): an ARIA combobox.
fn picker(
    lang: Lang,
    key: &str,
    label: &'static str,
    hint: Option<&'static str>,
    many: bool,
) -> String {
    let chips = if many {
        format!(r#"<ul class="chips" id="{key}-chips"></ul>"#)
    } else {
        String::new()
    };
    let control = format!(
        r#"{chips}<div class="combo"><input id="{key}" type="text" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="{key}-list" autocomplete="off" data-picker="{key}"{} {}><ul class="options" id="{key}-list" role="listbox" aria-label="{}" hidden></ul></div>"#,
        if many { r#" data-many="1""# } else { "" },
        described(key, hint.is_some()),
        esc(&text(lang, label)),
    );
    field(lang, key, label, &control, hint)
}

/// The page: the token it writes with, and the form.
pub fn html(token: &str, lang: Lang) -> Response {
    let t = |id: &'static str| esc(&text(lang, id)).into_owned();
    let kind_control = r#"<select id="kind" name="kind" aria-describedby="kind-msg"></select>"#;
    let mut form = String::new();
    form.push_str(&field(lang, "kind", "desk-ui-kind", kind_control, None));
    form.push_str(&input(lang, "title", "desk-ui-title-field", None));
    form.push_str(&input(
        lang,
        "number",
        "desk-ui-number",
        Some("desk-ui-number-hint"),
    ));
    form.push_str(&input(
        lang,
        "date",
        "desk-ui-date",
        Some("desk-ui-date-hint"),
    ));
    form.push_str(&input(lang, "place", "desk-ui-place", None));
    form.push_str(&picker(
        lang,
        "unit",
        "desk-ui-unit",
        Some("desk-ui-unit-hint"),
        false,
    ));
    form.push_str(&format!(
        r#"<details class="add" id="add-unit"><summary>{}</summary><div class="add-body"><label for="new-unit">{}</label><input id="new-unit" type="text"><label for="new-unit-level">{}</label><select id="new-unit-level"></select><label for="new-unit-parent">{}</label><input id="new-unit-parent" type="text"><button type="button" id="new-unit-add">{}</button><div class="msg" id="new-unit-msg" aria-live="polite"></div></div></details>"#,
        t("desk-ui-add-unit"),
        t("desk-ui-unit"),
        t("desk-ui-level"),
        t("desk-ui-parent"),
        t("desk-ui-add"),
    ));
    form.push_str(&picker(lang, "campaigns", "desk-ui-campaigns", None, true));
    form.push_str(&format!(
        r#"<details class="add" id="add-campaign"><summary>{}</summary><div class="add-body"><label for="new-campaign">{}</label><input id="new-campaign" type="text"><button type="button" id="new-campaign-add">{}</button><div class="msg" id="new-campaign-msg" aria-live="polite"></div></div></details>"#,
        t("desk-ui-add-campaign"),
        t("desk-ui-campaigns"),
        t("desk-ui-add"),
    ));
    form.push_str(&format!(
        r#"<fieldset id="f-signer"><legend>{}</legend>{}{}{}<div class="msg" id="signer-msg" aria-live="polite"></div></fieldset>"#,
        t("desk-ui-signer"),
        input(lang, "signer-name", "desk-ui-signer-name", None),
        input(lang, "signer-title", "desk-ui-signer-title", None),
        input(lang, "signer-on_behalf", "desk-ui-signer-on-behalf", None),
    ));
    form.push_str(&lines(lang, "recipients", "desk-ui-recipients"));
    form.push_str(&picker(lang, "based_on", "desk-ui-based-on", None, true));
    form.push_str(&picker(
        lang,
        "reports_on",
        "desk-ui-reports-on",
        None,
        false,
    ));
    form.push_str(&format!(
        r#"<fieldset id="f-period"><legend>{}</legend>{}{}<div class="msg" id="period-msg" aria-live="polite"></div></fieldset>"#,
        t("desk-ui-period"),
        input(lang, "period-from", "desk-ui-from", None),
        input(lang, "period-to", "desk-ui-to", None),
    ));
    form.push_str(&format!(
        r#"<fieldset id="f-deadlines"><legend>{}</legend><div id="deadline-rows"></div><button type="button" id="add-deadline">{}</button><div class="msg" id="deadlines-msg" aria-live="polite"></div></fieldset>"#,
        t("desk-ui-deadlines"),
        t("desk-ui-add-deadline"),
    ));
    form.push_str(&input(lang, "year", "desk-ui-year", None));
    form.push_str(&lines(lang, "summary", "desk-ui-summary"));
    form.push_str(&lines(lang, "tags", "desk-ui-tags"));
    form.push_str(&format!(
        r#"<fieldset id="f-attachments"><legend>{}</legend><ul id="attachment-list"></ul><label for="attach" class="file">{}</label><input id="attach" type="file" multiple><div class="msg" id="attachments-msg" aria-live="polite"></div></fieldset>"#,
        t("desk-ui-attachments"),
        t("desk-ui-attach"),
    ));
    form.push_str(&format!(
        r#"<div class="field check" id="f-draft"><input id="draft" type="checkbox" aria-describedby="draft-msg"><label for="draft">{}</label><div class="msg" id="draft-msg" aria-live="polite"></div></div>"#,
        t("desk-ui-draft"),
    ));
    let toolbar = [
        ("h", "desk-ui-heading"),
        ("ul", "desk-ui-list"),
        ("ol", "desk-ui-numbered"),
        ("table", "desk-ui-table"),
        ("link", "desk-ui-link"),
    ]
    .iter()
    .map(|(what, id)| {
        format!(
            r#"<button type="button" data-insert="{what}">{}</button>"#,
            t(id)
        )
    })
    .collect::<String>();
    let body = format!(
        r#"<div class="field body" id="f-body"><label for="body">{}</label><div class="toolbar" role="toolbar" aria-label="{}">{toolbar}</div><textarea id="body" rows="18" aria-describedby="body-hint body-msg"></textarea><p class="hint" id="body-hint">{}</p><div class="msg" id="body-msg" aria-live="polite"></div><button type="button" id="show-preview" aria-controls="preview">{}</button><section class="preview" id="preview" aria-label="{}" hidden></section></div>"#,
        t("desk-ui-body"),
        t("desk-ui-body"),
        t("desk-ui-body-hint"),
        t("desk-ui-preview"),
        t("desk-ui-preview"),
    );
    let page = format!(
        r#"<!doctype html>
<html lang="{lang_code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="bantin-token" content="{token}">
<title>{title} — bantin</title>
<link rel="stylesheet" href="desk.css">
</head>
<body>
<header class="top"><h1 id="heading">{title}</h1><a href="/">{back}</a></header>
<main>
<section class="drop" id="drop" aria-labelledby="drop-h"><h2 id="drop-h">{import}</h2><p id="drop-hint">{import_hint}</p><label for="import-file" class="file">{import_choose}</label><input id="import-file" type="file" accept=".docx,.odt,.txt" aria-describedby="drop-hint import-msg"><div class="msg" id="import-msg" aria-live="polite"></div></section>
<form id="doc" novalidate aria-labelledby="heading">
<div class="msg general" id="general-msg" aria-live="polite"></div>
{form}{body}
<div class="actions"><button type="button" id="check">{check}</button><button type="submit" id="save">{save}</button><button type="button" id="save-draft">{save_draft}</button></div>
<p id="status" role="status"></p>
</form>
</main>
<script type="application/json" id="desk-words">{words}</script>
<script src="desk.js"></script>
</body>
</html>
"#,
        lang_code = lang.code(),
        title = t("desk-ui-title"),
        back = t("desk-ui-back"),
        import = t("desk-ui-import"),
        import_hint = t("desk-ui-import-hint"),
        import_choose = t("desk-ui-import-choose"),
        check = t("desk-ui-check"),
        save = t("desk-ui-save"),
        save_draft = t("desk-ui-save-draft"),
        words = words(lang),
    );
    Response::new(
        200,
        vec![
            ("Content-Type", "text/html; charset=utf-8".into()),
            ("Cache-Control", "no-store".into()),
            ("X-Content-Type-Options", "nosniff".into()),
            ("X-Frame-Options", "DENY".into()),
            ("Referrer-Policy", "no-referrer".into()),
            (
                "Content-Security-Policy",
                "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
                    .into(),
            ),
        ],
        Arc::from(page.into_bytes()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_and_stylesheet_stay_within_their_budget() {
        assert!(
            SCRIPT.len() + STYLE.len() <= SIZE_BUDGET,
            "desk.js + desk.css = {} bytes, over {SIZE_BUDGET}",
            SCRIPT.len() + STYLE.len()
        );
        // Nothing from the network: the only address is the link snippet's placeholder.
        assert!(!SCRIPT.contains("http://"));
        assert_eq!(
            SCRIPT.matches("https://").count(),
            SCRIPT.matches("(https://)").count()
        );
    }
}
