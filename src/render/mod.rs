//! Site → files: plan every output, render documents then indexes in parallel, write them
//! into the staging folder. Templates read no files; they get views.

pub mod feeds;
pub mod pages;
pub mod templates;
pub mod theme;
pub mod views;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use minijinja::Environment;
use minijinja::value::Value;
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::resolve::Site;
pub use pages::Page;
use theme::Theme;
use views::Labels;

/// Where rendered files go: the staging folder in a build, memory in `serve`.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;
    fn copy(&self, from: &std::path::Path, path: &str) -> std::io::Result<()>;
}

impl Sink for crate::output::Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.write(path, &bytes)
    }
    fn copy(&self, from: &std::path::Path, path: &str) -> std::io::Result<()> {
        crate::output::Staging::copy(self, from, path)
    }
}

/// Counts for the summary line.
#[derive(Default, Debug, Clone, Copy)]
pub struct Stats {
    pub documents: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub search_bytes: usize,
}

/// What rendering a document's body yields for the rest of the site.
#[derive(Default, Clone)]
pub struct BodyFacts {
    /// First paragraph, for lists (when the front matter gives no summary).
    pub summary: String,
    /// The body as plain text, for search.
    pub text: String,
}

/// Everything shared by all pages of one build.
pub struct Renderer<'s> {
    pub site: &'s Site,
    pub theme: Theme,
    pub env: Environment<'static>,
    pub labels: Labels,
    /// `t` in templates.
    pub t: Value,
    /// `site` in templates.
    pub site_value: Value,
    errors: Mutex<BTreeMap<String, Diagnostic>>,
    pub progress: Option<indicatif::ProgressBar>,
}

impl<'s> Renderer<'s> {
    pub fn new(site: &'s Site, theme: Theme, diags: &mut Vec<Diagnostic>) -> Renderer<'s> {
        let translations = theme.translations(&site.config.language, diags);
        let env = templates::environment(&theme, site.config.links, &site.config.base_url);
        let c = &site.config;
        let site_value = minijinja::context! {
            title => c.title,
            description => c.description,
            base_url => c.base_url,
            language => c.language,
            footer => c.footer,
            today => views::DateView::from(crate::content::PartialDate::from_naive(site.today)),
        };
        Renderer {
            site,
            theme,
            env,
            t: Value::from_serialize(&translations),
            labels: Labels { translations },
            site_value,
            errors: Mutex::new(BTreeMap::new()),
            progress: None,
        }
    }

    /// Renders a template; an error is recorded once per template and place.
    pub fn render(&self, template: &str, ctx: Value) -> Option<String> {
        match self.env.get_template(template).and_then(|t| t.render(ctx)) {
            Ok(html) => Some(html),
            Err(err) => {
                let d = templates::error_diagnostic(&err, &self.theme);
                let key = format!("{}:{}:{}", d.file.display(), d.line, d.message);
                self.errors
                    .lock()
                    .expect("no panics while holding the lock")
                    .entry(key)
                    .or_insert(d);
                None
            }
        }
    }

    pub fn take_errors(&self) -> Vec<Diagnostic> {
        std::mem::take(
            &mut *self
                .errors
                .lock()
                .expect("no panics while holding the lock"),
        )
        .into_values()
        .collect()
    }
}

/// Renders the whole site into `sink`. Returns the counts and each document's body facts.
pub fn render_site(
    r: &Renderer<'_>,
    sink: &dyn Sink,
    diags: &mut Vec<Diagnostic>,
) -> (Stats, Vec<BodyFacts>) {
    let site = r.site;
    let files = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    let io_errors = Mutex::new(Vec::new());
    let put = |path: &str, data: Vec<u8>| {
        bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        files.fetch_add(1, Ordering::Relaxed);
        if let Err(e) = sink.put(path, data) {
            io_errors
                .lock()
                .expect("no panics while holding the lock")
                .push(
                    Diagnostic::error(path, format!("cannot write: {e}"))
                        .help("check free space and permissions of the output folder"),
                );
        }
    };

    // Documents first: their first paragraphs feed the lists.
    let facts: Vec<BodyFacts> = (0..site.docs.len())
        .into_par_iter()
        .map(|i| {
            let (html, facts, mut problems) = pages::render_document(r, i);
            if let Some(html) = html {
                put(&pages::file_of(&site.docs[i].url), html.into_bytes());
            }
            for file in &site.docs[i].bundle_files {
                let name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let target = format!("{}{name}", site.docs[i].url);
                if let Err(e) = sink.copy(file, &target) {
                    problems.push(Diagnostic::error(
                        file,
                        format!("cannot copy the attachment: {e}"),
                    ));
                }
            }
            if !problems.is_empty() {
                io_errors
                    .lock()
                    .expect("no panics while holding the lock")
                    .extend(problems);
            }
            if let Some(p) = &r.progress {
                p.inc(1);
            }
            facts
        })
        .collect();

    let plan = pages::plan(site);
    let page_count = site.docs.len() + plan.len();
    plan.par_iter().for_each(|page| {
        if let Some(html) = pages::render_page(r, page, &facts) {
            put(&pages::file_of(&page.address(site)), html.into_bytes());
        }
        if let Some(p) = &r.progress {
            p.inc(1);
        }
    });

    for (path, data) in feeds::all(r, &facts) {
        put(&path, data);
    }
    let search_bytes = feeds::search_index(r, &facts, &put);
    for (path, data) in r.theme.static_files() {
        put(&format!("static/{path}"), data.into_owned());
    }

    diags.extend(r.take_errors());
    diags.extend(
        io_errors
            .into_inner()
            .expect("no panics while holding the lock"),
    );
    let stats = Stats {
        documents: site.docs.len(),
        pages: page_count,
        files: files.into_inner(),
        bytes: bytes.into_inner(),
        search_bytes,
    };
    (stats, facts)
}
