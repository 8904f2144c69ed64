//! `content/site.yaml` → [`SiteConfig`]: the site's title, address, language, theme and options.

use std::path::Path;

use crate::diag::{self, Diagnostic};
use crate::i18n::codes::{self, Code};
use crate::msg;
use crate::source::Source;
use crate::yaml::{self, Entry, Yaml};

/// How links name a page: `…/index.html` works everywhere, including from disk;
/// `…/` is the tidier form for sites that are only ever served over HTTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkStyle {
    Portable,
    Directory,
}

#[derive(Clone, Debug)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Absolute address of the site, ending in `/`; used only for canonical URLs and feeds.
    pub base_url: String,
    /// `vi` or `en`: the interface language of the theme.
    pub language: String,
    pub theme: String,
    /// Documents per index page.
    pub page_size: usize,
    /// Raw HTML in Markdown is kept as written instead of sanitised.
    pub trust_html: bool,
    pub links: LinkStyle,
    /// Free text shown in every page footer (e.g. the office that publishes the bulletin).
    pub footer: String,
    /// Whether the built site shows whether deadlines were met (`serve` always does).
    pub deadline_status: DeadlineStatus,
    /// False when neither site.yaml nor `--base-url` gave an address.
    pub base_url_given: bool,
}

/// `deadline_status` in site.yaml: a missing report on the site is usually an unpublished one,
/// so the built site says whether a deadline was met only when the office chooses to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DeadlineStatus {
    #[default]
    Preview,
    Public,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Bản tin dân vận".into(),
            description: String::new(),
            base_url: "http://localhost/".into(),
            language: "vi".into(),
            theme: "default".into(),
            page_size: 20,
            trust_html: false,
            links: LinkStyle::Portable,
            footer: String::new(),
            deadline_status: DeadlineStatus::Preview,
            base_url_given: false,
        }
    }
}

pub const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "page_size",
    "trust_html",
    "links",
    "footer",
    "deadline_status",
];

/// Why a written `base_url` is refused: `scheme`, `host`, `query` or `character`.
#[derive(Debug)]
pub struct BaseUrlError {
    pub url: String,
    pub problem: &'static str,
    pub character: String,
}

impl BaseUrlError {
    /// The error, in `file` (site.yaml, or `--base-url`).
    pub fn diagnostic(&self, file: impl Into<std::path::PathBuf>) -> Diagnostic {
        Diagnostic::error(file, codes::BASE_URL_INVALID)
            .arg("url", &self.url)
            .arg("problem", self.problem)
            .arg("character", &self.character)
    }
}

/// A site address as given in site.yaml or with `--base-url`, made the base that every
/// absolute URL starts with: http(s), a host, no query or fragment, ending in `/`; letters
/// outside ASCII in the path percent-encoded. Err: what is wrong, and how to fix it.
pub fn parse_base_url(written: &str) -> Result<String, BaseUrlError> {
    let wrong = |problem: &'static str| {
        Err(BaseUrlError {
            url: written.to_owned(),
            problem,
            character: String::new(),
        })
    };
    let Some((scheme, rest)) = written.split_once("://") else {
        return wrong("scheme");
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return wrong("scheme");
    }
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
    if !host_ok {
        return wrong("host");
    }
    if path.contains(['?', '#']) {
        return wrong("query");
    }
    let mut out = format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    );
    for c in path.chars() {
        match c {
            c if c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@%".contains(c) => out.push(c),
            c if c.is_control() || c.is_whitespace() || c.is_ascii() => {
                return Err(BaseUrlError {
                    url: written.to_owned(),
                    problem: "character",
                    character: format!("{c:?}"),
                });
            }
            c => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

impl SiteConfig {
    /// Reads `site.yaml` if present; a missing file gives the defaults.
    pub fn load(path: &Path, diags: &mut Vec<Diagnostic>) -> SiteConfig {
        let mut config = SiteConfig::default();
        if !path.exists() {
            return config;
        }
        let source = match Source::read(path) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                return config;
            }
        };
        let value = match yaml::parse(&source.text) {
            Ok(v) => v,
            Err(e) => {
                diags.push(
                    Diagnostic::error(path, codes::SITE_YAML)
                        .arg("reason", e.reason())
                        .at(source.line_column(e.line, e.column)),
                );
                return config;
            }
        };
        let entries = match value.value {
            Yaml::Map(entries) => entries,
            Yaml::Null => return config,
            other => {
                diags.push(
                    Diagnostic::error(path, codes::SITE_NOT_MAP)
                        .arg("type", other.type_name())
                        .at(source.position(0, 1)),
                );
                return config;
            }
        };
        for Entry {
            key,
            key_span,
            value,
        } in entries
        {
            let at = source.position(key_span.start, key_span.len());
            let fail = |code: Code| Diagnostic::error(path, code);
            let mut error = |d: Diagnostic| diags.push(d.at(at.clone()));
            // Every setting but the two switches is one line of text.
            let text = match &value.value {
                Yaml::Str(s) if !s.trim().is_empty() => s.trim().to_owned(),
                v @ (Yaml::Int(_) | Yaml::Float(_)) => v.as_scalar_text().unwrap_or_default(),
                Yaml::Bool(_) if matches!(key.as_str(), "trust_html") => String::new(),
                Yaml::Str(_) | Yaml::Null if KEYS.contains(&key.as_str()) => {
                    error(fail(codes::VALUE_EMPTY).arg("key", &key));
                    continue;
                }
                other if KEYS.contains(&key.as_str()) => {
                    error(
                        fail(codes::VALUE_NOT_TEXT)
                            .arg("key", &key)
                            .arg("type", other.type_name()),
                    );
                    continue;
                }
                _ => String::new(),
            };
            match key.as_str() {
                "title" => config.title = text,
                "description" => config.description = text,
                "footer" => config.footer = text,
                "base_url" => match parse_base_url(&text) {
                    Ok(url) => {
                        config.base_url = url;
                        config.base_url_given = true;
                    }
                    Err(e) => error(e.diagnostic(path)),
                },
                "language" => match text.as_str() {
                    lang @ ("vi" | "en") => config.language = lang.into(),
                    other => error(fail(codes::LANGUAGE_UNKNOWN).arg("language", other)),
                },
                "theme" => config.theme = text,
                "page_size" => match value.value {
                    Yaml::Int(n) if (1..=1000).contains(&n) => config.page_size = n as usize,
                    _ => error(fail(codes::PAGE_SIZE_INVALID)),
                },
                "trust_html" => match value.value {
                    Yaml::Bool(b) => config.trust_html = b,
                    _ => error(fail(codes::TRUST_HTML_NOT_BOOL)),
                },
                "links" => match text.as_str() {
                    "portable" => config.links = LinkStyle::Portable,
                    "directory" => config.links = LinkStyle::Directory,
                    other => error(fail(codes::LINKS_UNKNOWN).arg("links", other)),
                },
                "deadline_status" => match text.as_str() {
                    "preview" => config.deadline_status = DeadlineStatus::Preview,
                    "public" => config.deadline_status = DeadlineStatus::Public,
                    other => error(fail(codes::DEADLINE_STATUS_UNKNOWN).arg("value", other)),
                },
                unknown => {
                    let mut d = Diagnostic::warning(path, codes::SETTING_UNKNOWN)
                        .arg("key", unknown)
                        .at(at);
                    if let Some(k) = diag::did_you_mean(unknown, KEYS) {
                        d = d.help(msg!("help-did-you-mean", suggestion = k));
                    }
                    diags.push(d);
                }
            }
        }
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_http_addresses_made_safe() {
        let ok = |s: &str| parse_base_url(s).unwrap();
        assert_eq!(
            ok("https://portal.example.vn/bantin"),
            "https://portal.example.vn/bantin/"
        );
        assert_eq!(ok("HTTP://Example.vn:8080"), "http://example.vn:8080/");
        assert_eq!(ok("https://x.vn/bản-tin/"), "https://x.vn/b%E1%BA%A3n-tin/");
        for bad in [
            "javascript:alert(1)",
            "not a url",
            "ftp://x.vn/",
            "https://",
            "https://x.vn/a b",
            "https://x.vn/\nDisallow: /",
            "https://x.vn/\"><script>",
            "https://x.vn/?a=1",
            "https://x.vn/#top",
            "https://x<y.vn/",
            "https://x.vn/\u{13}",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad:?} is refused");
        }
    }
}
