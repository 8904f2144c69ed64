//! Site → files: plan every output, render documents then indexes in parallel, write them
//! into the staging folder. Templates read no files; they get views.

pub mod document;
pub mod facts;
pub mod feeds;
pub mod key;
pub mod outputs;
pub mod pages;
pub mod plan;
pub mod reuse;
pub mod search;
pub mod templates;
pub mod theme;
pub mod views;

pub use facts::{BodyFacts, Facts, Memo};

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use minijinja::Environment;
use minijinja::value::Value;
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;
use typed_index_collections::TiVec;

use crate::diag::Diagnostic;
use crate::i18n::codes;
use crate::resolve::{DocId, Site, UnitId};
pub use pages::Page;
pub use plan::OutputPlan;
use theme::Theme;
use views::Labels;

/// Where rendered files go: the staging folder in a build, memory in `serve`.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;
    fn copy(&self, from: &std::path::Path, path: &str) -> std::io::Result<()>;
    /// Whether the search index is wanted: `check` validates pages, not the index, which
    /// cannot fail on valid input.
    fn wants_search(&self) -> bool {
        true
    }
}

impl Sink for crate::output::Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.write(path, &bytes).map(drop)
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
    /// Of `files`, those kept as the last build wrote them.
    pub kept: usize,
}

/// A hash of a value as serialised for templates.
pub fn hash_serialised(value: &impl serde::Serialize) -> u64 {
    key::hash_of(value)
}

/// What a page's template renders from, besides `site` and `t` (the same for every page:
/// the renderer adds them, and they are in the seed of every key).
pub struct View<'a> {
    pub template: &'static str,
    pub data: ViewData<'a>,
}

/// The data of a view: typed for the pages a site has thousands of, a map for the others.
pub enum ViewData<'a> {
    Document(Box<document::DocumentView<'a>>),
    List(Box<pages::ListView<'a>>),
    Map(Value),
}

impl serde::Serialize for ViewData<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ViewData::Document(view) => view.serialize(serializer),
            ViewData::List(view) => view.serialize(serializer),
            ViewData::Map(view) => view.serialize(serializer),
        }
    }
}

impl View<'_> {
    pub fn new(template: &'static str, ctx: Value) -> Self {
        View {
            template,
            data: ViewData::Map(ctx),
        }
    }
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
    plan: OnceLock<Arc<OutputPlan>>,
    sitemap: OnceLock<Vec<(String, Option<chrono::NaiveDate>)>>,
    /// Every deadline with who owes it and whether it was met, made once for all pages.
    deadlines: OnceLock<Vec<crate::deadlines::Owed>>,
    /// Of every template and of what the environment gives them besides the view.
    templates: u64,
    /// Each document by its path under `content/`.
    by_path: OnceLock<HashMap<&'s str, DocId, FxBuildHasher>>,
    /// Of each document as lists show it, made when a view made for its key first needs it.
    item_keys: Memo,
    /// Of each document's deadlines as calendars show them.
    pub event_keys: Memo,
    /// Of each unit as documents' pages show it.
    pub unit_keys: Memo,
    /// Per unit, the places in [`Renderer::deadlines`] of the deadlines it owes.
    owed_by_unit: OnceLock<TiVec<UnitId, Vec<usize>>>,
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
        let templates = {
            let mut h = rustc_hash::FxHasher::default();
            (
                theme.templates_hash(),
                site.config.links,
                &site.config.base_url,
                translations.to_string(),
                &site_value,
            )
                .hash(&mut h);
            h.finish()
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
            plan: OnceLock::new(),
            sitemap: OnceLock::new(),
            deadlines: OnceLock::new(),
            templates,
            by_path: OnceLock::new(),
            item_keys: Memo::default(),
            event_keys: Memo::default(),
            unit_keys: Memo::default(),
            owed_by_unit: OnceLock::new(),
        }
    }

    /// [`crate::deadlines::all`] of the site, made once: every page of every unit shows
    /// what the unit owes.
    pub fn deadlines(&self) -> &[crate::deadlines::Owed] {
        self.deadlines
            .get_or_init(|| crate::deadlines::all(self.site))
    }

    /// The deadlines unit `u` owes, of [`Renderer::deadlines`], in their order there.
    pub fn owed_by(&self, u: UnitId) -> impl Iterator<Item = &crate::deadlines::Owed> {
        let all = self.deadlines();
        let by_unit = self.owed_by_unit.get_or_init(|| {
            let mut by_unit: TiVec<UnitId, Vec<usize>> =
                vec![Vec::new(); self.site.units.len()].into();
            for (j, owed) in all.iter().enumerate() {
                if let Some(u) = owed.owner.as_ref().and_then(|o| o.unit) {
                    by_unit[u].push(j);
                }
            }
            by_unit
        });
        by_unit[u].iter().map(move |&j| &all[j])
    }

    /// Starts with the item keys of documents a last render already made (see
    /// [`reuse`]).
    pub fn reuse_item_keys(&mut self, known: Vec<Option<u64>>) {
        self.item_keys = Memo::with(known);
    }

    /// The item keys made so far, per document.
    pub fn item_keys_made(&self) -> Vec<Option<u64>> {
        self.item_keys.made(self.site.docs.len())
    }

    /// Of every template and of what the environment gives them besides the view: in
    /// the key of every view.
    pub fn seed(&self) -> u64 {
        self.templates
    }

    /// The document at `path` under `content/`.
    pub fn document_at(&self, path: &str) -> Option<DocId> {
        self.by_path
            .get_or_init(|| {
                self.site
                    .docs
                    .iter_enumerated()
                    .map(|(i, d)| (d.rel_path.as_str(), i))
                    .collect()
            })
            .get(path)
            .copied()
    }

    /// The key of a view: a hash of its template (with every template it may include), of
    /// what every view shares (in the seed) and of the data it renders from, as serialised
    /// for the template.
    pub fn key(&self, view: &View<'_>) -> u64 {
        let mut h = rustc_hash::FxHasher::default();
        (self.templates, view.template).hash(&mut h);
        if serde::Serialize::serialize(&view.data, &mut key::KeyWriter(&mut h)).is_err() {
            // A view that does not serialise (which a template would show as an error): its
            // debug form, which shows every value too.
            if let ViewData::Map(map) = &view.data {
                format!("{map:?}").hash(&mut h);
            }
        }
        h.finish()
    }

    /// The key of an output rendered without a template (a feed, a calendar): a hash of
    /// its kind, of what every view shares, and of the data it is written from.
    pub fn key_of(&self, kind: &str, data: &impl serde::Serialize) -> u64 {
        use std::hash::BuildHasher;
        FxBuildHasher.hash_one((self.templates, kind, hash_serialised(data)))
    }

    pub fn render_view(&self, view: View<'_>) -> Option<String> {
        let ctx = minijinja::context! {
            site => self.site_value.clone(),
            t => self.t.clone(),
            ..Value::from_serialize(&view.data)
        };
        self.render(view.template, ctx)
    }

    /// Every output of the site: the plan it was given, or one made when first asked for.
    pub fn plan(&self) -> &Arc<OutputPlan> {
        self.plan
            .get_or_init(|| Arc::new(OutputPlan::of(self.site)))
    }

    /// Renders from `plan`, made from a Site whose documents and indexes are where they are
    /// in this one (the plan `resolve_site` made, which `serve` keeps while edits move
    /// nothing), rather than planning again.
    pub fn with_plan(mut self, plan: Arc<OutputPlan>) -> Self {
        self.plan = OnceLock::from(plan);
        self
    }

    /// The sitemap's addresses, made once for all its parts.
    pub fn sitemap_addresses(&self) -> &[(String, Option<chrono::NaiveDate>)] {
        self.sitemap
            .get_or_init(|| feeds::sitemap_addresses(self.site, self.plan()))
    }

    /// Renders a template; an error is recorded once per template and place.
    pub fn render(&self, template: &str, ctx: Value) -> Option<String> {
        match self.env.get_template(template).and_then(|t| t.render(ctx)) {
            Ok(html) => Some(html),
            Err(err) => {
                let d = templates::error_diagnostic(&err, &self.theme);
                let key = format!("{}:{}:{:?}", d.file.display(), d.line, d.args);
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

/// Writes rendered files into a sink, counting them and keeping what went wrong as
/// diagnostics. The renderers below all write through one, in parallel: `build` with the
/// staging folder behind it, `serve` with memory.
pub struct Out<'a> {
    sink: &'a dyn Sink,
    files: AtomicUsize,
    bytes: AtomicU64,
    problems: Mutex<Vec<Diagnostic>>,
}

impl<'a> Out<'a> {
    pub fn new(sink: &'a dyn Sink) -> Self {
        Out {
            sink,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            problems: Mutex::new(Vec::new()),
        }
    }

    pub fn put(&self, path: &str, data: Vec<u8>) {
        self.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Err(e) = self.sink.put(path, data) {
            self.problems(vec![
                Diagnostic::error(path, codes::WRITE_FAILED).arg("reason", e.to_string()),
            ]);
        }
    }

    /// Copies an attachment beside its page.
    pub fn copy(&self, from: &std::path::Path, path: &str) {
        if let Err(e) = self.sink.copy(from, path) {
            self.problems(vec![
                Diagnostic::error(from, codes::ATTACHMENT_COPY_FAILED).arg("reason", e.to_string()),
            ]);
        }
    }

    fn problems(&self, found: Vec<Diagnostic>) {
        if !found.is_empty() {
            self.problems
                .lock()
                .expect("no panics while holding the lock")
                .extend(found);
        }
    }

    /// Files written, their bytes, and the problems met.
    pub fn finish(self) -> (usize, u64, Vec<Diagnostic>) {
        (
            self.files.into_inner(),
            self.bytes.into_inner(),
            self.problems
                .into_inner()
                .expect("no panics while holding the lock"),
        )
    }
}

/// Renders document `i`'s page and copies its bundle files; returns what the lists need of
/// its body.
pub fn write_document(r: &Renderer<'_>, i: DocId, out: &Out<'_>) -> BodyFacts {
    let doc = &r.site.docs[i];
    let (html, facts, problems) = document::render_document(r, i);
    if let Some(html) = html {
        out.put(&pages::file_of(&doc.url), html.into_bytes());
    }
    for (file, to) in outputs::bundle_targets(r, i) {
        out.copy(file, &to);
    }
    out.problems(problems);
    facts
}

/// Renders a page other than a document's.
pub fn write_page(r: &Renderer<'_>, page: &Page, facts: &Facts<'_>, out: &Out<'_>) {
    if let Some(html) = pages::render_page(r, page, facts) {
        out.put(&pages::file_of(&page.address(r.site)), html.into_bytes());
    }
}

/// Renders a feed, calendar, the sitemap or robots.txt.
pub fn write_feed(r: &Renderer<'_>, feed: &feeds::Feed, facts: &Facts<'_>, out: &Out<'_>) {
    out.put(&feed.path(r.site), feeds::render(r, feed, facts));
}

/// Writes the search index of documents whose facts are all at hand; returns its size in
/// bytes.
pub fn write_search(r: &Renderer<'_>, facts: &[BodyFacts], out: &Out<'_>) -> usize {
    put_search(search::whole(r, facts), out)
}

fn put_search(index: crate::search::SearchOutput, out: &Out<'_>) -> usize {
    index
        .files
        .into_par_iter()
        .for_each(|(path, bytes)| out.put(&path, bytes));
    index.total_bytes
}

/// Copies the theme's static files under `static/`.
pub fn write_static(r: &Renderer<'_>, out: &Out<'_>) {
    for (path, data) in r.theme.static_files() {
        out.put(&format!("static/{path}"), data.into_owned());
    }
}

/// Renders the whole site into `sink`. Returns the counts and each document's body facts.
pub fn render_site(
    r: &Renderer<'_>,
    sink: &dyn Sink,
    diags: &mut Vec<Diagnostic>,
) -> (Stats, Vec<BodyFacts>) {
    render_site_keeping(r, sink, None, None, diags)
}

/// [`render_site`], keeping what `reuse` holds of the last build where an output's key is
/// unchanged.
pub fn render_site_keeping(
    r: &Renderer<'_>,
    sink: &dyn Sink,
    reuse: Option<&dyn outputs::LastBuild>,
    carry: Option<&outputs::Carry>,
    diags: &mut Vec<Diagnostic>,
) -> (Stats, Vec<BodyFacts>) {
    let site = r.site;
    let out = Out::new(sink);
    let tick = || {
        if let Some(p) = &r.progress {
            p.inc(1);
        }
    };

    // Documents first: their first paragraphs feed the lists, their texts the search index.
    let chunk = chunk_size(site.docs.len());
    let mut index = sink
        .wants_search()
        .then(|| search::Indexer::new(r, chunk, reuse));
    let facts = render_documents(r, &out, chunk, index.as_mut(), reuse, carry, &tick);

    let plan = r.plan();
    let (search_bytes, ()) = rayon::join(
        || index.map_or(0, |index| put_search(index.finish(r, &facts, reuse), &out)),
        || {
            plan.pages.par_iter().for_each(|page| {
                outputs::page(r, page, &facts, &out, reuse);
                tick();
            });
            plan.feeds
                .par_iter()
                .for_each(|feed| outputs::feed(r, feed, &facts, &out, reuse));
        },
    );
    write_static(r, &out);

    diags.extend(r.take_errors());
    let (files, bytes, problems) = out.finish();
    diags.extend(problems);
    let stats = Stats {
        documents: site.docs.len(),
        pages: plan.page_count(),
        files,
        bytes,
        search_bytes,
        kept: 0,
    };
    (stats, facts)
}

/// Documents whose page would be written where the site puts one of its own pages or
/// folders (`content/nam/2023.md`, `content/tim-kiem.md`): an error naming both, as for two
/// documents with one address, since one would overwrite the other.
pub fn own_page_clashes(site: &Site, plan: &OutputPlan) -> Vec<Diagnostic> {
    let own: std::collections::HashSet<String> = plan.own_files().collect();
    let mut found = Vec::new();
    for doc in &site.docs {
        let file = pages::file_of(&doc.url);
        let first = doc.url.split('/').next().unwrap_or_default();
        let clash = if own.contains(&file) {
            format!("/{}", doc.url)
        } else if first == "static" || first == "search" {
            format!("/{first}/")
        } else {
            continue;
        };
        found.push(
            Diagnostic::error(&doc.path, codes::ADDRESS_OVER_OWN_PAGE)
                .arg("address", &doc.url)
                .arg("page", clash),
        );
    }
    found
}

/// Documents per task of [`render_documents`]: small enough that a small site still keeps
/// every core busy, large enough that tokenising has words to share.
fn chunk_size(documents: usize) -> usize {
    (documents / (4 * rayon::current_num_threads())).clamp(16, 512)
}

/// Renders every document, newest first, a chunk at a time and chunks in parallel. With an
/// index, each chunk's texts are tokenised as soon as the chunk is rendered, and merged in
/// order while the next wave renders; only the lists' facts (not the texts) stay.
fn render_documents(
    r: &Renderer<'_>,
    out: &Out<'_>,
    chunk: usize,
    mut index: Option<&mut search::Indexer>,
    reuse: Option<&dyn outputs::LastBuild>,
    carry: Option<&outputs::Carry>,
    tick: &(dyn Fn() + Sync),
) -> Vec<BodyFacts> {
    let n = r.site.docs.len();
    let starts: Vec<usize> = (0..n).step_by(chunk).collect();
    let mut facts: Vec<BodyFacts> = Vec::with_capacity(n);
    let mut pending: Option<Vec<search::Indexed>> = None;
    // As the index is built at once: a wave of chunks tokenised while the last one merges.
    // Patching the last build's index, a chunk holds nothing once indexed unless it is one
    // of the few counted again: all are one wave, those with a changed body first, so that
    // the one counted again does not run last, alone.
    let (order, wave_len) = match (&index, reuse) {
        (Some(ix), Some(reuse)) if ix.chunks.patches() => {
            let changed = |first: &usize| {
                (*first..(first + chunk).min(n)).any(|i| !reuse.knows_body(r, DocId::from(i)))
            };
            let one_wave = starts.len().max(1);
            let (changed, same): (Vec<usize>, Vec<usize>) =
                starts.into_par_iter().partition(changed);
            ([changed, same].concat(), one_wave)
        }
        _ => (starts, crate::search::WAVE),
    };
    for wave in order.chunks(wave_len) {
        let (chunks, merging) = match index.as_deref_mut() {
            Some(ix) => (Some(&ix.chunks), Some(&mut ix.merging)),
            None => (None, None),
        };
        let ((), mut done) = rayon::join(
            || {
                if let (Some(merging), Some(indexed)) = (merging, pending.take()) {
                    merging.take(indexed);
                }
            },
            || {
                wave.par_iter()
                    .map(|&first| {
                        let mut chunk_facts: Vec<BodyFacts> = (first..(first + chunk).min(n))
                            .map(DocId::from)
                            .map(|i| {
                                let f = outputs::document(r, i, out, reuse, carry);
                                tick();
                                f
                            })
                            .collect();
                        if let Some(reuse) = reuse {
                            for (k, f) in chunk_facts.iter().enumerate() {
                                reuse.note_facts(r, DocId::from(first + k), f);
                            }
                        }
                        let tokens = chunks.map(|ix| ix.index(r, first, &mut chunk_facts, reuse));
                        for f in &mut chunk_facts {
                            f.text = String::new();
                        }
                        (first, chunk_facts, tokens)
                    })
                    .collect::<Vec<_>>()
            },
        );
        // In the documents' order again.
        done.sort_unstable_by_key(|(first, ..)| *first);
        let mut tokenized = Vec::with_capacity(done.len());
        for (_, chunk_facts, tokens) in done {
            facts.extend(chunk_facts);
            tokenized.extend(tokens);
        }
        pending = Some(tokenized);
    }
    if let (Some(ix), Some(indexed)) = (index, pending) {
        ix.merging.take(indexed);
    }
    facts
}
