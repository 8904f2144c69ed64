//! `content/site.yaml` → [`SiteConfig`]: the site's title, address, language, theme and options.

use std::path::Path;

use crate::diag::{self, Diagnostic};
use crate::source::Source;
use crate::yaml::{self, Yaml};

/// How links name a page: `…/index.html` works everywhere, including from disk;
/// `…/` is the tidier form for sites that are only ever served over HTTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
];

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
                    Diagnostic::error(path, format!("site.yaml is not valid YAML: {}", e.message))
                        .help("check the indentation and quote values that contain `: `")
                        .at(source.line_column(e.line, e.column)),
                );
                return config;
            }
        };
        let entries = match value {
            Yaml::Map(entries) => entries,
            Yaml::Null => return config,
            other => {
                diags.push(
                    Diagnostic::error(
                        path,
                        format!("site.yaml holds {}, not settings", other.type_name()),
                    )
                    .help("write one `key: value` per line, e.g. `title: Bản tin dân vận`"),
                );
                return config;
            }
        };
        for (key, value) in entries {
            let at = source.position(yaml::key_offset(&source.text, &key).unwrap_or(0), key.len());
            let text = || value.as_scalar_text().unwrap_or_default();
            match key.as_str() {
                "title" => config.title = text(),
                "description" => config.description = text(),
                "footer" => config.footer = text(),
                "base_url" => {
                    let mut url = text();
                    if !url.starts_with("http://") && !url.starts_with("https://") {
                        diags.push(
                            Diagnostic::error(path, format!("base_url `{url}` is not an absolute http(s) address"))
                                .help("write the full address, e.g. `https://portal.example.vn/bantin/`")
                                .at(at),
                        );
                        continue;
                    }
                    if !url.ends_with('/') {
                        url.push('/');
                    }
                    config.base_url = url;
                }
                "language" => match text().as_str() {
                    lang @ ("vi" | "en") => config.language = lang.into(),
                    other => diags.push(
                        Diagnostic::error(path, format!("language `{other}` is not available"))
                            .help("write `vi` (Tiếng Việt) or `en` (English)")
                            .at(at),
                    ),
                },
                "theme" => config.theme = text(),
                "page_size" => match value {
                    Yaml::Int(n) if (1..=1000).contains(&n) => config.page_size = n as usize,
                    _ => diags.push(
                        Diagnostic::error(path, "page_size must be a whole number from 1 to 1000")
                            .help("e.g. `page_size: 20`")
                            .at(at),
                    ),
                },
                "trust_html" => match value {
                    Yaml::Bool(b) => config.trust_html = b,
                    _ => diags.push(
                        Diagnostic::error(path, "trust_html must be true or false").at(at),
                    ),
                },
                "links" => match text().as_str() {
                    "portable" => config.links = LinkStyle::Portable,
                    "directory" => config.links = LinkStyle::Directory,
                    other => diags.push(
                        Diagnostic::error(path, format!("links `{other}` is not a link style"))
                            .help("write `portable` (…/index.html, works from disk) or `directory` (…/)")
                            .at(at),
                    ),
                },
                unknown => {
                    let mut d = Diagnostic::warning(path, format!("unknown setting `{unknown}`")).at(at);
                    if let Some(k) = diag::did_you_mean(unknown, KEYS) {
                        d = d.help(format!("did you mean `{k}`?"));
                    }
                    diags.push(d);
                }
            }
        }
        config
    }
}
