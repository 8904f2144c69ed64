//! The minijinja environment: one loader (site templates, then the theme), the `url` and
//! `absolute` helpers that keep every link page-relative, and template errors as diagnostics.

use std::path::PathBuf;

use minijinja::value::Value;
use minijinja::{Environment, State};

use crate::config::LinkStyle;
use crate::diag::{Diagnostic, Position};
use crate::i18n::codes;
use crate::render::theme::Theme;

pub fn environment(theme: &Theme, links: LinkStyle, base_url: &str) -> Environment<'static> {
    let mut env = Environment::new();
    let loader_theme = theme.clone();
    env.set_loader(move |name| Ok(loader_theme.template(name).map(|(source, _)| source)));
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_formatter(escape_html);
    // A misspelt name (`{{ site.titel }}`) is an error pointing at the template line, not
    // empty output; `{% if doc.summary %}` on a missing value stays allowed.
    env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);

    // url("2022/ke-hoach/") → "../../2022/ke-hoach/index.html" from a page two folders deep.
    env.add_function("url", move |state: &State, path: &str| -> String {
        link(state, path, links)
    });
    let base = base_url.to_owned();
    // absolute("2022/ke-hoach/") → "https://…/2022/ke-hoach/", for canonical links and feeds.
    env.add_function("absolute", move |path: &str| -> String {
        format!("{base}{}", path.trim_start_matches('/'))
    });
    env.add_filter("sort_vi", sort_vi);
    env
}

/// HTML escaping by [`crate::escape`]: minijinja's default also escapes `/`, which bloats
/// every link (`..&#x2f;..&#x2f;`) without making anything safer inside quoted attributes,
/// and keeps control characters that XML forbids.
fn escape_html(
    out: &mut minijinja::Output<'_>,
    state: &State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if !value.is_safe() && state.auto_escape() == minijinja::AutoEscape::Html => {
            crate::escape::write_xml(out, text).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

fn link(state: &State, path: &str, links: LinkStyle) -> String {
    let root = state
        .lookup("root")
        .map(|v| v.to_string())
        .unwrap_or_default();
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (path, String::new()),
    };
    let index = links == LinkStyle::Portable && (path.is_empty() || path.ends_with('/'));
    let mut out = String::with_capacity(root.len() + path.len() + 12 + fragment.len());
    out.push_str(&root);
    out.push_str(path);
    if index {
        out.push_str("index.html");
    }
    if out.is_empty() && fragment.is_empty() {
        out.push_str("./");
    }
    out.push_str(&fragment);
    out
}

/// `items|sort_vi("name")`: Vietnamese alphabetical order (the engine's `sort` is bytewise).
fn sort_vi(items: Vec<Value>, attribute: Option<&str>) -> Vec<Value> {
    let mut keyed: Vec<(Vec<u8>, Value)> = items
        .into_iter()
        .map(|v| {
            let name = match attribute {
                Some(a) => v.get_attr(a).map(|x| x.to_string()).unwrap_or_default(),
                None => v.to_string(),
            };
            (crate::vi::collation_key(&name), v)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, v)| v).collect()
}

/// The prefix from a page's address to the site root: `2022/ke-hoach/` → `../../`.
pub fn root_of(address: &str) -> String {
    "../".repeat(address.matches('/').count())
}

/// A template error as a diagnostic pointing into the template file.
pub fn error_diagnostic(err: &minijinja::Error, theme: &Theme) -> Diagnostic {
    let name = err.name().unwrap_or("template").to_owned();
    let (source, path) = theme
        .template(&name)
        .unwrap_or_else(|| (String::new(), PathBuf::from(&name)));
    let mut message = err.kind().to_string();
    if let Some(detail) = err.detail() {
        message = format!("{message}: {detail}");
    }
    let written = err.range().and_then(|r| source.get(r)).map(str::trim);
    let mut d = match (err.kind(), written) {
        (minijinja::ErrorKind::UndefinedError, Some(written)) => {
            Diagnostic::error(path, codes::TEMPLATE_UNDEFINED).arg("name", written)
        }
        _ => Diagnostic::error(path, codes::TEMPLATE_ERROR).arg("reason", message),
    };
    if let Some(line) = err.line() {
        let column = err
            .range()
            .and_then(|r| source.get(..r.start))
            .map_or(0, |before| {
                before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1
            });
        let text = source.lines().nth(line - 1).map(str::to_owned);
        let span = err.range().map_or(1, |r| r.len().max(1));
        d = d.at(Position {
            line,
            column,
            source_line: text,
            span,
            bytes: err.range(),
        });
    }
    d
}
