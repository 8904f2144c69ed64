//! The incremental build behind `serve`: the same load → resolve → render as `build`, but
//! only the files events name are read again, resolution is skipped when no document's
//! meta changed (a body edit), and only outputs whose key changed are rendered again; the
//! rest is taken from the last good build. The result is a new in-memory snapshot.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

mod edits;
mod full;

use rustc_hash::FxBuildHasher;

use super::search_refresh::{self, Job};
pub use super::snapshot::{Entry, Snapshot};
use super::snapshot::{Files, Prev, content_hash};
use crate::content::{self, Content};
use crate::diag::Diagnostic;
use crate::i18n::Lang;
use crate::render::theme::Theme;
use crate::render::{self, BodyFacts, Out, Renderer, Sink, reuse};
use crate::resolve::{DocId, Site};

/// What changed since the last rebuild.
pub enum Changes<'a> {
    /// Read everything again (the first build; events were lost).
    Everything,
    /// The files and folders events named.
    Paths(&'a HashSet<PathBuf>),
}

/// A successful rebuild.
pub struct Built {
    pub snapshot: Arc<Snapshot>,
    /// Files added, changed or removed since the last good build.
    pub changed: Vec<Arc<str>>,
    pub documents: usize,
    /// Markdown files read from disk.
    pub read: usize,
    /// Outputs rendered (the others were taken from the last build).
    pub rendered: usize,
    /// Where the time went, for `BANTIN_SERVE_TIMINGS=1`.
    pub phases: Vec<(&'static str, Duration)>,
}

/// A rebuild's outcome: the site, or the errors that stopped it; warnings either way.
pub struct Outcome {
    pub built: Option<Built>,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// The language to tell it in: asked for, or the site's.
    pub lang: Lang,
}

/// The site as last loaded and resolved (with errors or not), patched by the next change.
struct Loaded {
    /// Shared with a search refresh, which may be making the index of its last good build.
    site: Arc<Site>,
    theme: Theme,
    /// Every output of the Site, planned when it was resolved: patching bodies moves none.
    plan: Arc<render::OutputPlan>,
    /// Problems found resolving (references, addresses, the theme).
    resolve_diags: Vec<Diagnostic>,
    /// Documents read again (meta unchanged) since the last good build.
    edited: BTreeSet<usize>,
    /// Where each document file is in `site.docs`.
    index: HashMap<PathBuf, usize, FxBuildHasher>,
    /// Counts resolutions: a Site patched since keeps its documents and pages in place.
    generation: u64,
}

/// The last good build, its outputs in the order of its Site and plans.
struct Last {
    /// Of the Site it was rendered from: outputs match up by position while it is the same.
    generation: u64,
    /// The day it was rendered for: every page shows it.
    today: chrono::NaiveDate,
    /// Which lists and feeds show each document's first paragraph, made when first needed.
    listings: Vec<Vec<Listing>>,
    urls: Vec<String>,
    docs: Vec<Prev>,
    /// The outputs it planned: pages and feeds below are in its order.
    plan: Arc<render::OutputPlan>,
    /// Of every address, for the sitemap's key.
    pages: Vec<Prev>,
    feeds: Vec<Prev>,
    search: Prev,
    statics: Prev,
    snapshot: Arc<Snapshot>,
    /// What its documents' pages were keyed from, so that the next render keys again
    /// only those that may have changed.
    known: reuse::Known,
}

pub struct Builder {
    options: crate::Options,
    /// `content/` as last loaded.
    store: content::Store,
    resolutions: u64,
    loaded: Option<Loaded>,
    last: Option<Last>,
    /// The body facts of the last good build, in the order of its documents (shared like
    /// the Site).
    facts: Arc<Vec<BodyFacts>>,
    /// After the first build, the search index is brought up to date after the pages are
    /// swapped in, beside the rebuilds ([`Builder::take_search_job`]): it is built whole
    /// (seconds at 10,000 documents), and the page being edited must not wait for it.
    pub defer_search: bool,
    /// The snapshot's search index is older than its pages.
    search_stale: bool,
    /// Of the last good build, unique in the process.
    serial: u64,
    /// The search index the last good build lacks, until taken to be made.
    search_job: Option<Job>,
}

/// A sink into memory, for one output at a time.
#[derive(Default)]
struct Collect(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Collect {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.0
            .lock()
            .expect("no panics while holding the lock")
            .push((path.to_owned(), bytes));
        Ok(())
    }

    fn copy(&self, from: &Path, path: &str) -> std::io::Result<()> {
        self.put(path, std::fs::read(from)?)
    }
}

/// Renders one output into memory: its files and its problems.
fn collect<T>(write: impl FnOnce(&Out<'_>) -> T) -> (T, Files, Vec<Diagnostic>) {
    let sink = Collect::default();
    let out = Out::new(&sink);
    let value = write(&out);
    let (_, _, problems) = out.finish();
    let files = sink
        .0
        .into_inner()
        .expect("no panics while holding the lock");
    (value, files, problems)
}

/// Renders the outputs `which` of a plan into memory, in parallel: each one's files and
/// problems, in the order of `which`.
fn render_each<T: Sync>(
    which: impl IndexedParallelIterator<Item = usize>,
    plan: &[T],
    write: impl Fn(&T, &Out<'_>) + Sync,
) -> Vec<(Files, Vec<Diagnostic>)> {
    which
        .map(|j| {
            let ((), files, problems) = collect(|out| write(&plan[j], out));
            (files, problems)
        })
        .collect()
}

/// A document rendered into memory: its place, its body facts, its files and problems.
type RenderedDocument = (usize, BodyFacts, Files, Vec<Diagnostic>);

/// Renders documents `which` into memory, in parallel, in the order of `which`.
fn render_documents(r: &Renderer<'_>, which: &[usize]) -> Vec<RenderedDocument> {
    which
        .par_iter()
        .map(|&i| {
            let (facts, files, problems) =
                collect(|out| render::write_document(r, DocId::from(i), out));
            (i, facts, files, problems)
        })
        .collect()
}

/// Times the phases of a rebuild.
struct Phases {
    lap: Instant,
    list: Vec<(&'static str, Duration)>,
}

impl Phases {
    fn new() -> Self {
        Phases {
            lap: Instant::now(),
            list: Vec::new(),
        }
    }

    fn done(&mut self, name: &'static str) {
        self.list.push((name, self.lap.elapsed()));
        self.lap = Instant::now();
    }
}

impl Builder {
    pub fn new(options: crate::Options) -> Self {
        Builder {
            options,
            store: content::Store::default(),
            resolutions: 0,
            loaded: None,
            last: None,
            facts: Arc::default(),
            defer_search: false,
            search_stale: false,
            serial: 0,
            search_job: None,
        }
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// Whether the served search index still lags behind the pages.
    pub fn search_pending(&self) -> bool {
        self.search_stale
    }

    /// What the search index of the last good build is made from, when it lags behind the
    /// pages; once per build.
    pub fn take_search_job(&mut self) -> Option<Job> {
        self.search_job.take()
    }

    /// Puts the search index made for good build `serial` into the snapshot and returns it,
    /// while that build is still the last good one and its index lags. The index is a pure
    /// function of the Site and the documents' plain text: what a full build writes.
    pub fn apply_search(&mut self, serial: u64, files: Files) -> Option<Built> {
        if !self.search_stale || serial != self.serial {
            return None;
        }
        let last = self.last.as_mut()?;
        let mut map = last.snapshot.next();
        let mut changed: Vec<Arc<str>> = Vec::new();
        let kept: HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        for old in &last.search.files {
            if !kept.contains(&**old) {
                map.remove(old);
                changed.push(old.clone());
            }
        }
        let mut names = Vec::with_capacity(files.len());
        for (path, bytes) in files {
            let hash = content_hash(&bytes);
            let name: Arc<str> = Arc::from(path.as_str());
            if map.get(&name).is_none_or(|e| e.hash != hash) {
                changed.push(name.clone());
                map.insert(
                    name.clone(),
                    Entry {
                        bytes: Arc::from(bytes),
                        hash,
                    },
                );
            }
            names.push(name);
        }
        last.search = Prev {
            key: None,
            files: names,
        };
        last.snapshot = Arc::new(map.settled());
        self.search_stale = false;
        Some(Built {
            snapshot: last.snapshot.clone(),
            changed,
            documents: 0,
            read: 0,
            rendered: 1,
            phases: Vec::new(),
        })
    }

    /// Builds the site again after `changes`.
    pub fn rebuild(&mut self, changes: Changes<'_>) -> Outcome {
        let started = Instant::now();
        let mut phases = Phases::new();
        let mut diags = Vec::new();
        self.load(changes, &mut diags);
        let read = self.store.files_read();
        phases.done("load");
        let loaded = self.loaded.as_ref().expect("just loaded");
        diags.extend(loaded.resolve_diags.iter().cloned());
        let mut built = None;
        if !diags.iter().any(Diagnostic::is_error) {
            built = self.render(&mut diags, &mut phases);
        }
        if built.is_some() {
            self.serial = search_refresh::next_serial();
            self.search_job = match (&self.loaded, self.search_stale) {
                (Some(loaded), true) => Some(Job::new(
                    self.serial,
                    loaded.site.clone(),
                    loaded.theme.clone(),
                    self.facts.clone(),
                )),
                _ => None,
            };
        }
        let documents = self.loaded.as_ref().map_or(0, |l| l.site.docs.len());
        let report = crate::finish(&self.options, diags, Default::default(), started);
        if report.has_errors() {
            built = None;
        }
        if built.is_some() {
            if let Some(loaded) = &mut self.loaded {
                loaded.edited.clear();
            }
        }
        if let Some(b) = &mut built {
            b.documents = documents;
            b.read = read;
            b.phases = phases.list;
        }
        let site_language = self
            .loaded
            .as_ref()
            .map(|l| l.site.config.language.as_str());
        Outcome {
            built,
            diagnostics: report.diagnostics,
            elapsed: report.elapsed,
            lang: Lang::choose(self.options.lang, site_language),
        }
    }

    /// Loads what `changes` name: the documents read replace those of the Site when only
    /// their bodies changed; otherwise the Site is resolved again.
    fn load(&mut self, changes: Changes<'_>, diags: &mut Vec<Diagnostic>) {
        let changes = match changes {
            Changes::Paths(paths) if self.loaded.is_some() => content::Changes::Paths {
                paths,
                keep_site: !theme_changed(&self.options.root, paths),
            },
            _ => content::Changes::Everything,
        };
        let slot = &mut self.loaded;
        let loaded = content::load(
            &self.options.root.join("content"),
            self.options.load(),
            changes,
            &mut self.store,
            || {
                slot.take()
                    .map(|l| {
                        Arc::try_unwrap(l.site).map_or_else(|s| s.docs.raw.clone(), |s| s.docs.raw)
                    })
                    .unwrap_or_default()
            },
            None,
            diags,
        );
        match loaded {
            content::Loaded::Content(content) => self.resolve(*content),
            content::Loaded::Bodies(documents) => {
                let loaded = self.loaded.as_mut().expect("loaded before");
                let site = Arc::make_mut(&mut loaded.site);
                for doc in documents {
                    let i = loaded.index[&doc.path];
                    site.docs[DocId::from(i)] = doc;
                    loaded.edited.insert(i);
                }
                if self.options.today.is_none() {
                    site.today = chrono::Local::now().date_naive();
                }
            }
        }
    }

    /// The Site of the content read, as `build` resolves it.
    fn resolve(&mut self, content: Content) {
        let mut resolve_diags = Vec::new();
        let crate::Resolved { site, theme, plan } =
            crate::resolve_site(&self.options, content, &mut resolve_diags);
        let index = site
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.path.clone(), i))
            .collect();
        self.resolutions += 1;
        self.loaded = Some(Loaded {
            generation: self.resolutions,
            site: Arc::new(site),
            theme,
            plan,
            resolve_diags,
            edited: BTreeSet::new(),
            index,
        });
    }
}

/// An output that lists documents: a page or a feed, by its place in its plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Listing {
    Page(usize),
    Feed(usize),
}

/// Whether a change outside `content/` may change the theme: templates/ or themes/, but
/// not only a theme's static files (those are copied at every render).
fn theme_changed(root: &Path, paths: &HashSet<PathBuf>) -> bool {
    paths.iter().any(|path| {
        let Ok(rel) = path.strip_prefix(root) else {
            return false;
        };
        if rel.starts_with("content") {
            return false;
        }
        let mut parts = rel.components().skip(2);
        !(rel.starts_with("themes") && parts.next().is_some_and(|c| c.as_os_str() == "static"))
    })
}
