//! The incremental build behind `serve`: the same load → resolve → render as `build`, but
//! only the files events name are read again, resolution is skipped when no document's
//! meta changed (a body edit), and only outputs whose key changed are rendered again; the
//! rest is taken from the last good build. The result is a new in-memory snapshot.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::keys::{FxBuild, KeyTables, Keys, Listing, hash_of, meta_of};
use crate::config::SiteConfig;
use crate::content::{self, Content, Document};
use crate::diag::Diagnostic;
use crate::registry::Registries;
use crate::render::theme::Theme;
use crate::render::{self, BodyFacts, Out, Renderer, Sink, feeds, pages};
use crate::resolve::Site;

/// A whole rendered site in memory, never changed once made: requests read one snapshot
/// from start to end, and a rebuild makes the next one. A snapshot shares the files of the
/// one it was made from and holds only what changed since, so that the next one after a
/// small edit takes a small copy, however large the site.
#[derive(Default)]
pub struct Snapshot {
    /// Files shared with earlier snapshots.
    base: Arc<FileMap>,
    /// Files added, changed (Some) or removed (None) since `base`.
    changes: FileMap<Option<Entry>>,
    len: usize,
}

type FileMap<V = Entry> = HashMap<Arc<str>, V, FxBuild>;

/// Past this many changes, the next snapshot starts a new base.
const CHANGES_KEPT: usize = 1024;

impl Snapshot {
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.get_key_value(path).map(|(_, e)| e)
    }

    fn get_key_value(&self, path: &str) -> Option<(&Arc<str>, &Entry)> {
        match self.changes.get_key_value(path) {
            Some((name, entry)) => entry.as_ref().map(|e| (name, e)),
            None => self.base.get_key_value(path),
        }
    }

    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Files served.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Every file, in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&Arc<str>, &Entry)> {
        self.base
            .iter()
            .filter(|(name, _)| !self.changes.contains_key(*name))
            .chain(
                self.changes
                    .iter()
                    .filter_map(|(name, e)| e.as_ref().map(|e| (name, e))),
            )
    }

    fn from_map(files: FileMap) -> Self {
        Snapshot {
            len: files.len(),
            base: Arc::new(files),
            changes: FileMap::default(),
        }
    }

    /// This snapshot, its changes folded into a new base once they are many, so that the
    /// next one copies little. Done as a snapshot is finished (after the search index
    /// caught up, say), not as the next edit starts.
    fn settled(self) -> Snapshot {
        if self.changes.len() <= CHANGES_KEPT {
            return self;
        }
        Snapshot::from_map(self.iter().map(|(n, e)| (n.clone(), e.clone())).collect())
    }

    /// The next snapshot, to be changed: shares this one's files.
    fn next(&self) -> Snapshot {
        Snapshot {
            base: self.base.clone(),
            changes: self.changes.clone(),
            len: self.len,
        }
    }

    fn insert(&mut self, name: Arc<str>, entry: Entry) {
        if !self.contains(&name) {
            self.len += 1;
        }
        self.changes.insert(name, Some(entry));
    }

    fn remove(&mut self, name: &Arc<str>) {
        if self.contains(name) {
            self.len -= 1;
            if self.base.contains_key(name) {
                self.changes.insert(name.clone(), None);
            } else {
                self.changes.remove(name);
            }
        }
    }
}

/// One file of a snapshot. Unchanged files share their bytes with the snapshot before.
#[derive(Clone)]
pub struct Entry {
    pub bytes: Arc<[u8]>,
    /// Of the bytes: the file's ETag, and how a rebuild tells a changed file.
    pub hash: u64,
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

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
}

/// A Markdown file as last read.
struct FileState {
    diags: Vec<Diagnostic>,
    /// [`meta_of`] its document; None when it did not load.
    meta: Option<u64>,
}

/// The site as last loaded and resolved (with errors or not), patched by the next change.
struct Loaded {
    /// Every Markdown file under `content/`, in the order `content::load` reads them.
    files: BTreeMap<PathBuf, FileState>,
    config: SiteConfig,
    registries: Registries,
    /// Problems of site.yaml and the registries.
    source_diags: Vec<Diagnostic>,
    site: Site,
    theme: Theme,
    /// Problems found resolving (references, addresses, the theme).
    resolve_diags: Vec<Diagnostic>,
    /// [`meta_of`] each document of `site`, in its order.
    meta: Vec<u64>,
    tables: KeyTables,
    /// Documents read again (meta unchanged) since the last good build.
    edited: BTreeSet<usize>,
    /// Where each document file is in `site.docs`.
    index: HashMap<PathBuf, usize, FxBuild>,
    /// Of site.yaml, the registries, the templates and translations.
    inputs: u64,
    /// Counts resolutions: a Site patched since keeps its documents and pages in place.
    generation: u64,
}

/// An output as last rendered: its key (None: rendered every time) and its files.
#[derive(Clone, Default)]
struct Prev {
    key: Option<u64>,
    files: Vec<Arc<str>>,
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
    resolutions: u64,
    loaded: Option<Loaded>,
    last: Option<Last>,
    /// The body facts of the last good build, in the order of its documents.
    facts: Vec<BodyFacts>,
    /// After the first build, the search index is brought up to date after the pages are
    /// swapped in ([`Builder::refresh_search`]): it is built whole (over a second at
    /// 10,000 documents), and the page being edited must not wait for it.
    pub defer_search: bool,
    /// The snapshot's search index is older than its pages.
    search_stale: bool,
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

type Files = Vec<(String, Vec<u8>)>;

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

const SOURCES: [&str; 3] = ["site.yaml", "units.yaml", "campaigns.yaml"];

impl Builder {
    pub fn new(options: crate::Options) -> Self {
        Builder {
            options,
            resolutions: 0,
            loaded: None,
            last: None,
            facts: Vec::new(),
            defer_search: false,
            search_stale: false,
        }
    }

    /// Whether the served search index still lags behind the pages.
    pub fn search_pending(&self) -> bool {
        self.search_stale
    }

    /// Builds the search index of the last good build and returns the snapshot with it,
    /// when it lags behind the pages. The index is a pure function of the Site and the
    /// documents' plain text, so the result is what a full build writes.
    pub fn refresh_search(&mut self) -> Option<Built> {
        if !self.search_stale {
            return None;
        }
        let (loaded, last) = (self.loaded.as_ref()?, self.last.as_mut()?);
        let mut diags = Vec::new();
        let r = Renderer::new(&loaded.site, loaded.theme.clone(), &mut diags);
        let (_, files, _) = collect(|out| render::write_search(&r, &self.facts, out));
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

    fn content_dir(&self) -> PathBuf {
        self.options.root.join("content")
    }

    /// Builds the site again after `changes`.
    pub fn rebuild(&mut self, changes: Changes<'_>) -> Outcome {
        let started = Instant::now();
        let mut phases = Phases::new();
        let read = match (changes, self.loaded.is_some()) {
            (Changes::Paths(paths), true) => self.load_changes(paths),
            _ => self.load_everything(),
        };
        phases.done("load");
        let loaded = self.loaded.as_ref().expect("just loaded");
        let mut diags = loaded.source_diags.clone();
        for file in loaded.files.values() {
            diags.extend(file.diags.iter().cloned());
        }
        diags.extend(loaded.resolve_diags.iter().cloned());
        let mut built = None;
        if !diags.iter().any(Diagnostic::is_error) {
            built = self.render(&mut diags, &mut phases);
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
        Outcome {
            built,
            diagnostics: report.diagnostics,
            elapsed: report.elapsed,
        }
    }

    /// Reads all of `content/`, as `content::load` does. Returns the files read.
    fn load_everything(&mut self) -> usize {
        let content_dir = self.content_dir();
        let mut source_diags = Vec::new();
        let config = SiteConfig::load(&content_dir.join("site.yaml"), &mut source_diags);
        let registries = Registries::load(&content_dir, &mut source_diags);
        let paths = content::markdown_files(&content_dir, &mut source_diags);
        let read = paths.len();
        let parsed = read_files(&content_dir, paths);
        let mut files = BTreeMap::new();
        let mut documents = BTreeMap::new();
        for (path, document, diags) in parsed {
            let meta = document.as_ref().map(meta_of);
            if let Some(doc) = document {
                documents.insert(path.clone(), doc);
            }
            files.insert(path, FileState { diags, meta });
        }
        self.resolve(files, documents, config, registries, source_diags);
        read
    }

    /// Reads what `paths` name again. Without a new document, a lost one, or another meta
    /// (front matter, numbers cited), the Site is patched instead of resolved again: the
    /// documents keep their places. Returns the files read.
    fn load_changes(&mut self, paths: &HashSet<PathBuf>) -> usize {
        let content_dir = self.content_dir();
        if !content_dir.is_dir() || paths.contains(&content_dir) {
            // Gone (or never there): the full load says so, as `build` would. Appeared (as
            // `bantin init` makes it, beside a running preview), or replaced: read it whole.
            return self.load_everything();
        }
        let root = self.options.root.clone();
        let loaded = self.loaded.as_mut().expect("loaded before");
        let mut reread: BTreeSet<PathBuf> = BTreeSet::new();
        let mut gone: Vec<PathBuf> = Vec::new();
        let mut sources = false;
        let mut theme = false;
        let mut ignored = Vec::new();
        for path in paths {
            let Ok(rel) = path.strip_prefix(&root) else {
                continue;
            };
            if !rel.starts_with("content") {
                // templates/, themes/: the theme may have changed, unless only its static
                // files did (those are copied at every render).
                let mut parts = rel.components().skip(2);
                if !(rel.starts_with("themes")
                    && parts.next().is_some_and(|c| c.as_os_str() == "static"))
                {
                    theme = true;
                }
                continue;
            }
            if path.parent() == Some(&content_dir)
                && path
                    .file_name()
                    .is_some_and(|n| SOURCES.iter().any(|s| n == *s))
            {
                sources = true;
                continue;
            }
            // Look, rather than trust what the event said happened.
            match std::fs::metadata(path) {
                Ok(m) if m.is_dir() => {
                    reread.extend(content::markdown_files(path, &mut ignored));
                }
                Ok(_) if path.extension().is_some_and(|x| x == "md") => {
                    reread.insert(path.clone());
                }
                Ok(_) => {}
                Err(_) => gone.extend(
                    loaded
                        .files
                        .range(path.clone()..)
                        .take_while(|(p, _)| p.starts_with(path))
                        .map(|(p, _)| p.clone()),
                ),
            }
            if path.extension().is_none_or(|x| x != "md") {
                // An attachment, say: the documents beside it list and check their files.
                if let Some(dir) = path.parent() {
                    reread.extend(
                        loaded
                            .files
                            .range(dir.to_path_buf()..)
                            .take_while(|(p, _)| p.starts_with(dir))
                            .filter(|(p, _)| p.parent() == Some(dir) && p.is_file())
                            .map(|(p, _)| p.clone()),
                    );
                }
            }
        }
        let read = reread.len();
        let parsed = read_files(&content_dir, reread.into_iter().collect());
        let drafts = self.options.drafts;
        let patch = !sources
            && !theme
            && gone.is_empty()
            && parsed.iter().all(|(path, document, _)| {
                let (Some(doc), Some(&i)) = (document, loaded.index.get(path)) else {
                    return false;
                };
                (drafts || !doc.draft) && loaded.meta[i] == meta_of(doc)
            });
        if patch {
            for (path, document, diags) in parsed {
                let i = loaded.index[&path];
                if let Some(state) = loaded.files.get_mut(&path) {
                    state.diags = diags;
                }
                loaded.site.docs[i] = document.expect("checked above");
                loaded.tables.reread(&loaded.site, i);
                loaded.edited.insert(i);
            }
            if self.options.today.is_none() {
                loaded.site.today = chrono::Local::now().date_naive();
            }
            return read;
        }

        // Resolve again, from the documents of the last Site and those just read.
        let loaded = self.loaded.take().expect("loaded before");
        let Loaded {
            mut files,
            mut config,
            mut registries,
            mut source_diags,
            site,
            ..
        } = loaded;
        let mut documents: BTreeMap<PathBuf, Document> =
            site.docs.into_iter().map(|d| (d.path.clone(), d)).collect();
        for path in gone {
            files.remove(&path);
            documents.remove(&path);
        }
        for (path, document, diags) in parsed {
            let meta = document.as_ref().map(meta_of);
            match document {
                Some(doc) => documents.insert(path.clone(), doc),
                None => documents.remove(&path),
            };
            files.insert(path, FileState { diags, meta });
        }
        if sources {
            source_diags.clear();
            config = SiteConfig::load(&content_dir.join("site.yaml"), &mut source_diags);
            registries = Registries::load(&content_dir, &mut source_diags);
        }
        // Documents left out as drafts are not in the Site: read them again.
        let missing: Vec<PathBuf> = files
            .iter()
            .filter(|(p, f)| f.meta.is_some() && !documents.contains_key(*p))
            .map(|(p, _)| p.clone())
            .collect();
        for (path, document, _) in read_files(&content_dir, missing) {
            if let Some(doc) = document {
                documents.insert(path, doc);
            }
        }
        self.resolve(files, documents, config, registries, source_diags);
        read
    }

    /// The rest of `load_site` from the documents read: drafts left out, addresses checked,
    /// references resolved.
    fn resolve(
        &mut self,
        files: BTreeMap<PathBuf, FileState>,
        documents: BTreeMap<PathBuf, Document>,
        config: SiteConfig,
        registries: Registries,
        source_diags: Vec<Diagnostic>,
    ) {
        let drafts = self.options.drafts;
        let documents: Vec<Document> = documents
            .into_values()
            .filter(|d| drafts || !d.draft)
            .collect();
        let mut resolve_diags = Vec::new();
        content::check_unique_urls(&documents, &mut resolve_diags);
        let content = Content {
            config: config.clone(),
            registries: registries.clone(),
            documents,
        };
        let (site, theme) = crate::resolve_site(&self.options, content, &mut resolve_diags);
        resolve_diags.extend(render::own_page_clashes(&site, &render::pages::plan(&site)));
        resolve_diags.extend(crate::deadlines::check(&site));
        let meta: Vec<u64> = site
            .docs
            .iter()
            .map(|d| files.get(&d.path).and_then(|f| f.meta).unwrap_or_default())
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
            files,
            config,
            registries,
            source_diags,
            site,
            theme,
            resolve_diags,
            meta,
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
        let by_url: HashMap<&str, usize, FxBuild> = match (&last, aligned) {
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
        let rendered_docs: Vec<(usize, BodyFacts, Files, Vec<Diagnostic>)> = dirty_docs
            .par_iter()
            .map(|&i| {
                let (facts, files, problems) = collect(|out| render::write_document(&r, i, out));
                (i, facts, files, problems)
            })
            .collect();
        let mut problems = Vec::new();
        // The facts of this build: moved out of the last one's, put back should it fail.
        let mut old_facts = std::mem::take(&mut self.facts);
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
        let old_pages: HashMap<&str, usize, FxBuild> = match (&last, aligned) {
            (Some(l), false) => l
                .addresses
                .iter()
                .enumerate()
                .map(|(i, a)| (a.as_str(), i))
                .collect(),
            _ => HashMap::default(),
        };
        let old_feeds: HashMap<&str, usize, FxBuild> = match (&last, aligned) {
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
            self.facts = old_facts;
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

        self.facts = facts;
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

impl Builder {
    /// The rebuild after bodies were edited, and nothing else (no meta, template or day
    /// changed since the last good build): in time with the edit, not with the site. Only
    /// the documents read again can have new pages, and only the lists and feeds that show
    /// a first paragraph that changed can change beside them; the rest of the last snapshot
    /// is shared as it is. None when the edit is not of that kind, or when an output takes
    /// over another's file: the full render decides then.
    fn render_edits(
        &mut self,
        diags: &mut Vec<Diagnostic>,
        phases: &mut Phases,
    ) -> Option<Option<Built>> {
        let (loaded, last) = (self.loaded.as_ref()?, self.last.as_ref()?);
        let site = &loaded.site;
        let epoch = hash_of((loaded.inputs, site.today));
        if !self.defer_search
            || last.generation != loaded.generation
            || last.urls.len() != site.docs.len()
            || last.epoch != epoch
        {
            return None;
        }
        let mut found = Vec::new();
        let r = Renderer::new(site, loaded.theme.clone(), &mut found);
        let keys = Keys::new(site, epoch, &loaded.tables);
        phases.done("keys");

        let dirty: Vec<usize> = loaded
            .edited
            .iter()
            .copied()
            .filter(|&i| last.docs[i].key != Some(keys.document(i, &self.facts[i].links)))
            .collect();
        let docs: Vec<(usize, BodyFacts, Files, Vec<Diagnostic>)> = dirty
            .par_iter()
            .map(|&i| {
                let (facts, files, problems) = collect(|out| render::write_document(&r, i, out));
                (i, facts, files, problems)
            })
            .collect();
        let mut problems = Vec::new();
        // This build's facts replace the last one's in place; the old ones come back
        // should it fail.
        let mut replaced = Vec::with_capacity(docs.len());
        let mut summaries = Vec::new();
        let mut doc_files = Vec::with_capacity(docs.len());
        for (i, facts, files, p) in docs {
            if facts.summary != self.facts[i].summary {
                summaries.push(i);
            }
            replaced.push((i, std::mem::replace(&mut self.facts[i], facts)));
            doc_files.push((i, files));
            problems.extend(p);
        }
        phases.done("documents");

        // Lists and feeds showing a first paragraph that changed, and then the pages
        // otherwise rendered every time: of what a body edit changes, they read only first
        // paragraphs.
        let mut pages: BTreeSet<usize> = BTreeSet::new();
        let mut feeds: BTreeSet<usize> = BTreeSet::new();
        if !summaries.is_empty() {
            pages.extend((0..last.pages.len()).filter(|&j| last.pages[j].key.is_none()));
            let listings = last.listings.get_or_init(|| {
                let titled: Vec<(feeds::Feed, String)> = last
                    .feed_plan
                    .iter()
                    .map(|f| (f.clone(), f.title(&r)))
                    .collect();
                keys.listings(&last.plan, &last.addresses, &titled, last.addresses_key)
            });
            for &d in &summaries {
                for listing in &listings[d] {
                    match *listing {
                        Listing::Page(j) => pages.insert(j),
                        Listing::Feed(j) => feeds.insert(j),
                    };
                }
            }
        }
        let facts = &self.facts[..];
        let page_keys: Vec<(usize, Option<u64>)> = pages
            .iter()
            .map(|&j| (j, keys.page(&last.plan[j], &last.addresses[j], facts)))
            .filter(|(j, key)| key.is_none() || *key != last.pages[*j].key)
            .collect();
        let feed_keys: Vec<(usize, u64)> = feeds
            .iter()
            .map(|&j| {
                let feed = &last.feed_plan[j];
                let key = keys.feed(feed, &feed.title(&r), facts, last.addresses_key);
                (j, key)
            })
            .filter(|(j, key)| Some(*key) != last.feeds[*j].key)
            .collect();
        let page_files = render_each(
            page_keys.par_iter().map(|k| k.0),
            &last.plan,
            |page, out| render::write_page(&r, page, facts, out),
        );
        let feed_files = render_each(
            feed_keys.par_iter().map(|k| k.0),
            &last.feed_plan,
            |feed, out| render::write_feed(&r, feed, facts, out),
        );
        let ((), static_files, p) = collect(|out| render::write_static(&r, out));
        problems.extend(p);
        phases.done("pages");

        found.extend(r.take_errors());
        found.extend(problems);
        for (_, p) in page_files.iter().chain(&feed_files) {
            found.extend(p.iter().cloned());
        }
        let failed = found.iter().any(Diagnostic::is_error);

        let mut assembly = Assembly::new(Some(last.snapshot.clone()), true);
        let docs: Vec<(usize, Prev)> = doc_files
            .into_iter()
            .map(|(i, files)| {
                let key = keys.document(i, &self.facts[i].links);
                (i, assembly.fresh(Some(&last.docs[i]), Some(key), files))
            })
            .collect();
        let pages: Vec<(usize, Prev)> = page_keys
            .iter()
            .zip(page_files)
            .map(|(&(j, key), (files, _))| (j, assembly.fresh(Some(&last.pages[j]), key, files)))
            .collect();
        let feeds: Vec<(usize, Prev)> = feed_keys
            .iter()
            .zip(feed_files)
            .map(|(&(j, key), (files, _))| {
                (j, assembly.fresh(Some(&last.feeds[j]), Some(key), files))
            })
            .collect();
        let statics = assembly.fresh(Some(&last.statics), None, static_files);
        if failed || assembly.patched.is_none() {
            for (i, facts) in replaced {
                self.facts[i] = facts;
            }
            if !failed {
                // An output took over another's file: the full render sorts it out.
                return None;
            }
            diags.extend(found);
            return Some(None);
        }
        diags.extend(found);
        let rendered = assembly.rendered;
        let (snapshot, changed) = assembly.finish();
        phases.done("snapshot");

        let last = self.last.as_mut().expect("checked above");
        for (i, prev) in docs {
            last.docs[i] = prev;
        }
        for (j, prev) in pages {
            last.pages[j] = prev;
        }
        for (j, prev) in feeds {
            last.feeds[j] = prev;
        }
        last.statics = statics;
        last.snapshot = snapshot.clone();
        self.search_stale = true;
        Some(Some(Built {
            snapshot,
            changed,
            documents: 0,
            read: 0,
            rendered,
            phases: Vec::new(),
        }))
    }
}

/// Reads Markdown files in parallel: (path, document, problems).
fn read_files(
    content_dir: &Path,
    paths: Vec<PathBuf>,
) -> Vec<(PathBuf, Option<Document>, Vec<Diagnostic>)> {
    paths
        .into_par_iter()
        .map(|path| {
            let (doc, diags) = content::load_document(content_dir, &path);
            (path, doc, diags)
        })
        .collect()
}

/// An output's files, and their entries when it was rendered now.
type Ordered = (Vec<Arc<str>>, Option<Vec<Entry>>);

/// Builds the next snapshot. When the last build's outputs line up with this one's, it
/// starts from the last snapshot (files shared) and changes what was rendered; otherwise,
/// or when an output takes over another's file, it fills a new map in order.
struct Assembly {
    old: Option<Arc<Snapshot>>,
    /// The next snapshot being changed, until something forces the ordered fill.
    patched: Option<Snapshot>,
    /// Every output's files in order, for the ordered fill.
    ordered: Vec<Ordered>,
    changed: Vec<Arc<str>>,
    rendered: usize,
}

impl Assembly {
    fn new(old: Option<Arc<Snapshot>>, aligned: bool) -> Self {
        let patched = match (&old, aligned) {
            (Some(s), true) => Some(s.next()),
            _ => None,
        };
        Assembly {
            old,
            patched,
            ordered: Vec::new(),
            changed: Vec::new(),
            rendered: 0,
        }
    }

    fn old_entry(&self, name: &str) -> Option<(&Arc<str>, &Entry)> {
        self.old.as_ref()?.get_key_value(name)
    }

    /// An output rendered now.
    fn fresh(&mut self, prev: Option<&Prev>, key: Option<u64>, files: Files) -> Prev {
        self.rendered += 1;
        let mut names = Vec::with_capacity(files.len());
        let mut entries = Vec::with_capacity(files.len());
        for (path, bytes) in files {
            let hash = content_hash(&bytes);
            let (name, entry) = match self.old_entry(&path) {
                Some((name, entry)) if entry.hash == hash => (name.clone(), entry.clone()),
                old => {
                    let name: Arc<str> = old.map_or_else(|| Arc::from(path), |(n, _)| n.clone());
                    self.changed.push(name.clone());
                    let entry = Entry {
                        bytes: bytes.into(),
                        hash,
                    };
                    (name, entry)
                }
            };
            names.push(name);
            entries.push(entry);
        }
        let prev_files: &[Arc<str>] = prev.map_or(&[], |p| &p.files);
        if let Some(next) = &mut self.patched {
            // A file this output did not have but another did: fill in order instead.
            if names
                .iter()
                .any(|n| next.contains(n) && !prev_files.contains(n))
            {
                self.patched = None;
            } else {
                for gone in prev_files.iter().filter(|n| !names.contains(n)) {
                    next.remove(gone);
                    self.changed.push(gone.clone());
                }
                for (name, entry) in names.iter().zip(&entries) {
                    next.insert(name.clone(), entry.clone());
                }
            }
        }
        self.ordered.push((names.clone(), Some(entries)));
        Prev { key, files: names }
    }

    /// An output taken as it was.
    fn keep(&mut self, prev: &Prev) -> Prev {
        self.ordered.push((prev.files.clone(), None));
        prev.clone()
    }

    fn finish(self) -> (Arc<Snapshot>, Vec<Arc<str>>) {
        let Assembly {
            old,
            patched,
            ordered,
            mut changed,
            ..
        } = self;
        if let Some(next) = patched {
            // Changes were noted as outputs came.
            return (Arc::new(next.settled()), changed);
        }
        let mut files = FileMap::with_capacity_and_hasher(
            old.as_ref().map_or(0, |s| s.len()) + 16,
            FxBuild::default(),
        );
        for (names, entries) in ordered {
            match entries {
                Some(entries) => {
                    for (name, entry) in names.into_iter().zip(entries) {
                        files.insert(name, entry);
                    }
                }
                None => {
                    for name in names {
                        if let Some(entry) = old.as_ref().and_then(|s| s.get(&name)) {
                            files.insert(name, entry.clone());
                        }
                    }
                }
            }
        }
        // Filled anew: compare it all with the last snapshot.
        changed.clear();
        match &old {
            Some(old) => {
                for (name, entry) in &files {
                    if old.get(name).is_none_or(|e| e.hash != entry.hash) {
                        changed.push(name.clone());
                    }
                }
                changed.extend(
                    old.iter()
                        .filter(|(k, _)| !files.contains_key(*k))
                        .map(|(k, _)| k.clone()),
                );
            }
            None => changed.extend(files.keys().cloned()),
        }
        (Arc::new(Snapshot::from_map(files)), changed)
    }
}

/// Everything the outputs read besides the documents: site.yaml, the registries, the
/// templates and translations (not the static files: those are copied every time). A
/// change here renders everything again.
fn inputs(options: &crate::Options, theme: &Theme) -> u64 {
    let mut h = DefaultHasher::new();
    (options.drafts, &options.base_url, &theme.name).hash(&mut h);
    let content_dir = options.root.join("content");
    for name in SOURCES {
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
