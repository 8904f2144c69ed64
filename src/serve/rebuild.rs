//! The incremental build behind `serve`: the same load → resolve → render as `build`, but
//! only the files events name are read again, resolution is skipped when no document's
//! meta changed (a body edit), and only outputs whose key changed are rendered again; the
//! rest is taken from the last good build. The result is a new in-memory snapshot.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;

mod edits;

use rustc_hash::FxBuildHasher;

use super::keys::{KeyTables, Keys, Listing, hash_of};
use super::search_refresh::{self, Job};
use super::snapshot::{Assembly, Files, Prev, content_hash};
pub use super::snapshot::{Entry, Snapshot};
use crate::content::{self, Content};
use crate::diag::Diagnostic;
use crate::i18n::Lang;
use crate::render::theme::Theme;
use crate::render::{self, BodyFacts, Out, Renderer, Sink, feeds, pages};
use crate::resolve::Site;

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
    /// Problems found resolving (references, addresses, the theme).
    resolve_diags: Vec<Diagnostic>,
    tables: KeyTables,
    /// Documents read again (meta unchanged) since the last good build.
    edited: BTreeSet<usize>,
    /// Where each document file is in `site.docs`.
    index: HashMap<PathBuf, usize, FxBuildHasher>,
    /// Of site.yaml, the registries, the templates and translations.
    inputs: u64,
    /// Counts resolutions: a Site patched since keeps its documents and pages in place.
    generation: u64,
}

/// The last good build, its outputs in the order of its Site and plans.
struct Last {
    /// Of the Site it was rendered from: outputs match up by position while it is the same.
    generation: u64,
    /// Of the inputs and the day it was rendered with.
    epoch: u64,
    /// Which lists and feeds show each document's first paragraph, made when first needed.
    listings: OnceLock<Vec<Vec<Listing>>>,
    urls: Vec<String>,
    docs: Vec<Prev>,
    plan: Vec<pages::Page>,
    addresses: Vec<String>,
    /// Of every address, for the sitemap's key.
    addresses_key: u64,
    pages: Vec<Prev>,
    feed_plan: Vec<feeds::Feed>,
    feed_paths: Vec<String>,
    feeds: Vec<Prev>,
    search: Prev,
    statics: Prev,
    snapshot: Arc<Snapshot>,
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
pub(super) fn collect<T>(write: impl FnOnce(&Out<'_>) -> T) -> (T, Files, Vec<Diagnostic>) {
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
            let (facts, files, problems) = collect(|out| render::write_document(r, i, out));
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
                (Some(loaded), true) => Some(Job {
                    serial: self.serial,
                    site: loaded.site.clone(),
                    theme: loaded.theme.clone(),
                    facts: self.facts.clone(),
                }),
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
                    .map(|l| Arc::try_unwrap(l.site).map_or_else(|s| s.docs.clone(), |s| s.docs))
                    .unwrap_or_default()
            },
            diags,
        );
        match loaded {
            content::Loaded::Content(content) => self.resolve(*content),
            content::Loaded::Bodies(documents) => {
                let loaded = self.loaded.as_mut().expect("loaded before");
                let site = Arc::make_mut(&mut loaded.site);
                for doc in documents {
                    let i = loaded.index[&doc.path];
                    site.docs[i] = doc;
                    loaded.tables.reread(site, i);
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
        let (site, theme) = crate::resolve_site(&self.options, content, &mut resolve_diags);
        let meta: Vec<u64> = site
            .docs
            .iter()
            .map(|d| self.store.meta(&d.path).unwrap_or_default())
            .collect();
        let tables = KeyTables::new(&site, &meta);
        let index = site
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.path.clone(), i))
            .collect();
        let inputs = inputs(&self.options, &theme);
        self.resolutions += 1;
        self.loaded = Some(Loaded {
            generation: self.resolutions,
            site: Arc::new(site),
            theme,
            resolve_diags,
            tables,
            edited: BTreeSet::new(),
            index,
            inputs,
        });
    }

    /// Renders what changed since the last good build. When the Site was only patched
    /// since, its documents and plans are where they were, and outputs match up by
    /// position; otherwise by address.
    fn render(&mut self, diags: &mut Vec<Diagnostic>, phases: &mut Phases) -> Option<Built> {
        if let Some(built) = self.render_edits(diags, phases) {
            return built;
        }
        let loaded = self.loaded.as_ref().expect("loaded");
        let site = &loaded.site;
        let r = Renderer::new(site, loaded.theme.clone(), diags);
        let epoch = hash_of((loaded.inputs, site.today));
        let keys = Keys::new(site, epoch, &loaded.tables);
        let last = self.last.take();
        let aligned = last
            .as_ref()
            .is_some_and(|l| l.generation == loaded.generation && l.urls.len() == site.docs.len());
        phases.done("keys");

        // Documents: where each was in the last build, its key, and whether it changed.
        let by_url: HashMap<&str, usize, FxBuildHasher> = match (&last, aligned) {
            (Some(l), false) => l
                .urls
                .iter()
                .enumerate()
                .map(|(i, u)| (u.as_str(), i))
                .collect(),
            _ => HashMap::default(),
        };
        let old_index = |i: usize| -> Option<usize> {
            let l = last.as_ref()?;
            if aligned {
                Some(i)
            } else {
                by_url
                    .get(site.docs[i].url.as_str())
                    .copied()
                    .filter(|&o| o < l.docs.len())
            }
        };
        let old_facts = &self.facts;
        let dirty: Vec<bool> = (0..site.docs.len())
            .into_par_iter()
            .map(|i| {
                let Some(o) = old_index(i) else { return true };
                let (Some(prev), Some(facts)) =
                    (last.as_ref().map(|l| &l.docs[o]), old_facts.get(o))
                else {
                    return true;
                };
                prev.key != Some(keys.document(i, &facts.links))
            })
            .collect();
        let dirty_docs: Vec<usize> = (0..site.docs.len()).filter(|&i| dirty[i]).collect();
        let rendered_docs = render_documents(&r, &dirty_docs);
        let mut problems = Vec::new();
        // The facts of this build: moved out of the last one's, put back should it fail.
        let mut old_facts = Arc::unwrap_or_clone(std::mem::take(&mut self.facts));
        let mut moved: Vec<(usize, usize)> = Vec::new();
        let mut facts: Vec<BodyFacts> = Vec::with_capacity(site.docs.len());
        let mut fresh: Vec<Option<Files>> = Vec::with_capacity(site.docs.len());
        let mut rendered_docs = rendered_docs.into_iter().peekable();
        for i in 0..site.docs.len() {
            if rendered_docs.peek().is_some_and(|(d, ..)| *d == i) {
                let (_, f, files, p) = rendered_docs.next().expect("peeked");
                facts.push(f);
                fresh.push(Some(files));
                problems.extend(p);
            } else {
                let o = old_index(i).expect("a clean document was in the last build");
                facts.push(std::mem::take(&mut old_facts[o]));
                moved.push((o, i));
                fresh.push(None);
            }
        }
        phases.done("documents");

        // Pages and feeds whose key changed, or that are rendered every time.
        let (plan, addresses, addresses_key) = match (&last, aligned) {
            (Some(l), true) => (l.plan.clone(), l.addresses.clone(), l.addresses_key),
            _ => {
                let plan = pages::plan(site);
                let addresses: Vec<String> = plan.iter().map(|p| p.address(site)).collect();
                let key = hash_of(&addresses);
                (plan, addresses, key)
            }
        };
        let (feed_plan, feed_paths) = match (&last, aligned) {
            (Some(l), true) => (l.feed_plan.clone(), l.feed_paths.clone()),
            _ => {
                let plan = feeds::plan(site, &plan);
                let paths = plan.iter().map(|f| f.path(site)).collect();
                (plan, paths)
            }
        };
        // Without alignment, look addresses up by a map rather than a scan.
        let old_pages: HashMap<&str, usize, FxBuildHasher> = match (&last, aligned) {
            (Some(l), false) => l
                .addresses
                .iter()
                .enumerate()
                .map(|(i, a)| (a.as_str(), i))
                .collect(),
            _ => HashMap::default(),
        };
        let old_feeds: HashMap<&str, usize, FxBuildHasher> = match (&last, aligned) {
            (Some(l), false) => l
                .feed_paths
                .iter()
                .enumerate()
                .map(|(i, a)| (a.as_str(), i))
                .collect(),
            _ => HashMap::default(),
        };
        let prev_page = |j: usize| -> Option<&Prev> {
            let l = last.as_ref()?;
            let o = if aligned {
                j
            } else {
                *old_pages.get(addresses[j].as_str())?
            };
            l.pages.get(o)
        };
        let prev_feed = |j: usize| -> Option<&Prev> {
            let l = last.as_ref()?;
            let o = if aligned {
                j
            } else {
                *old_feeds.get(feed_paths[j].as_str())?
            };
            l.feeds.get(o)
        };
        let page_keys: Vec<Option<u64>> = plan
            .par_iter()
            .zip(&addresses)
            .map(|(page, address)| keys.page(page, address, &facts[..]))
            .collect();
        let feed_keys: Vec<Option<u64>> = feed_plan
            .par_iter()
            .map(|feed| Some(keys.feed(feed, &feed.title(&r), &facts[..], addresses_key)))
            .collect();
        let dirty_pages: Vec<usize> = (0..plan.len())
            .filter(|&j| {
                page_keys[j].is_none() || prev_page(j).map(|p| p.key) != Some(page_keys[j])
            })
            .collect();
        let dirty_feeds: Vec<usize> = (0..feed_plan.len())
            .filter(|&j| prev_feed(j).map(|p| p.key) != Some(feed_keys[j]))
            .collect();
        let page_files = render_each(dirty_pages.par_iter().copied(), &plan, |page, out| {
            render::write_page(&r, page, &facts, out)
        });
        let feed_files = render_each(dirty_feeds.par_iter().copied(), &feed_plan, |feed, out| {
            render::write_feed(&r, feed, &facts, out)
        });
        phases.done("pages");
        let defer = self.defer_search && last.is_some();
        let (_, search_files, p) = if defer {
            (0, Vec::new(), Vec::new())
        } else {
            collect(|out| render::write_search(&r, &facts, out))
        };
        problems.extend(p);
        let (_, static_files, p) = collect(|out| render::write_static(&r, out));
        problems.extend(p);
        phases.done("search");

        diags.extend(r.take_errors());
        diags.extend(problems);
        for (_, p) in page_files.iter().chain(&feed_files) {
            diags.extend(p.iter().cloned());
        }
        if diags.iter().any(Diagnostic::is_error) {
            // Nothing of this build is kept but what was read: give the facts back.
            for (o, i) in moved {
                old_facts[o] = std::mem::take(&mut facts[i]);
            }
            self.facts = Arc::new(old_facts);
            self.last = last;
            return None;
        }

        // The new snapshot: outputs in the order `render_site` writes them, so that should
        // two share a file, the same one wins.
        let mut assembly = Assembly::new(last.as_ref().map(|l| l.snapshot.clone()), aligned);
        let mut docs: Vec<Prev> = Vec::with_capacity(site.docs.len());
        for (i, new) in fresh.into_iter().enumerate() {
            let prev = old_index(i).and_then(|o| last.as_ref().map(|l| &l.docs[o]));
            docs.push(match new {
                Some(files) => assembly.fresh(prev, Some(keys.document(i, &facts[i].links)), files),
                None => assembly.keep(prev.expect("a clean document was in the last build")),
            });
        }
        let mut page_files = dirty_pages.iter().zip(page_files).peekable();
        let pages: Vec<Prev> = (0..plan.len())
            .map(|j| match page_files.next_if(|(d, _)| **d == j) {
                Some((_, (files, _))) => assembly.fresh(prev_page(j), page_keys[j], files),
                None => assembly.keep(prev_page(j).expect("a clean page was in the last build")),
            })
            .collect();
        let mut feed_files = dirty_feeds.iter().zip(feed_files).peekable();
        let feeds: Vec<Prev> = (0..feed_plan.len())
            .map(|j| match feed_files.next_if(|(d, _)| **d == j) {
                Some((_, (files, _))) => assembly.fresh(prev_feed(j), feed_keys[j], files),
                None => assembly.keep(prev_feed(j).expect("a clean feed was in the last build")),
            })
            .collect();
        let search = match (defer, last.as_ref()) {
            (true, Some(l)) => assembly.keep(&l.search),
            _ => assembly.fresh(last.as_ref().map(|l| &l.search), None, search_files),
        };
        let statics = assembly.fresh(last.as_ref().map(|l| &l.statics), None, static_files);
        let rendered = assembly.rendered;
        let (snapshot, changed) = assembly.finish();
        phases.done("snapshot");

        self.facts = Arc::new(facts);
        self.search_stale = defer;
        self.last = Some(Last {
            generation: loaded.generation,
            epoch,
            listings: OnceLock::new(),
            urls: site.docs.iter().map(|d| d.url.clone()).collect(),
            docs,
            plan,
            addresses,
            addresses_key,
            pages,
            feed_plan,
            feed_paths,
            feeds,
            search,
            statics,
            snapshot: snapshot.clone(),
        });
        Some(Built {
            snapshot,
            changed,
            documents: 0,
            read: 0,
            rendered,
            phases: Vec::new(),
        })
    }
}

/// Everything the outputs read besides the documents: site.yaml, the registries, the
/// templates and translations (not the static files: those are copied every time). A
/// change here renders everything again.
fn inputs(options: &crate::Options, theme: &Theme) -> u64 {
    let mut h = DefaultHasher::new();
    (options.drafts, &options.base_url, &theme.name).hash(&mut h);
    let content_dir = options.root.join("content");
    for name in content::SOURCES {
        std::fs::read(content_dir.join(name)).ok().hash(&mut h);
    }
    for dir in theme.watched_dirs() {
        let walker = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !(e.depth() == 1 && e.file_name() == "static"));
        for entry in walker.filter_map(Result::ok) {
            if entry.file_type().is_file() {
                (entry.path(), std::fs::read(entry.path()).ok()).hash(&mut h);
            }
        }
    }
    h.finish()
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
