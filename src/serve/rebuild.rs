//! The incremental build behind `serve`: the same load → resolve → render as `build`, but
//! only changed files are read again and only outputs whose key changed are rendered again;
//! the rest is taken from the last good build. The result is a new in-memory snapshot.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::keys::{Keys, hash_of};
use crate::content;
use crate::diag::Diagnostic;
use crate::render::theme::Theme;
use crate::render::{self, BodyFacts, Out, Renderer, Sink, feeds, pages};
use crate::resolve::Site;

/// A whole rendered site in memory, never changed once made: requests read one snapshot
/// from start to end, and a rebuild makes the next one.
#[derive(Default)]
pub struct Snapshot {
    pub files: HashMap<Arc<str>, Entry>,
}

/// One file of a snapshot. Unchanged files share their bytes with the snapshot before.
#[derive(Clone)]
pub struct Entry {
    pub bytes: Arc<[u8]>,
    /// Of the bytes: the file's ETag, and how a rebuild tells a changed file.
    pub hash: u64,
}

/// What renders into one or more files, and is rendered again or not as a whole.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Unit {
    Document(String),
    Page(String),
    Feed(String),
    Search,
    Static,
}

#[derive(Clone)]
struct Output {
    /// None: rendered every time.
    key: Option<u64>,
    files: Vec<Arc<str>>,
}

/// The last good build: what each output was made from, and the documents' body facts.
struct Last {
    outputs: HashMap<Unit, Output>,
    facts: HashMap<String, BodyFacts>,
    snapshot: Arc<Snapshot>,
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

pub struct Builder {
    options: crate::Options,
    cache: content::Cache,
    last: Option<Last>,
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
fn collect<T>(write: impl FnOnce(&Out<'_>) -> T) -> (T, Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let sink = Collect::default();
    let out = Out::new(&sink);
    let value = write(&out);
    let (_, _, problems) = out.finish();
    let files = sink.0.into_inner().expect("no panics while holding the lock");
    (value, files, problems)
}

enum Job<'a> {
    Page(&'a pages::Page),
    Feed(&'a feeds::Feed),
}

struct Rendered {
    unit: Unit,
    key: Option<u64>,
    files: Vec<(String, Vec<u8>)>,
}

impl Builder {
    pub fn new(options: crate::Options) -> Self {
        Builder {
            options,
            cache: content::Cache::default(),
            last: None,
        }
    }

    /// Builds the site again. `touched` names files an event reported: they are read
    /// again even when their size and time look unchanged.
    pub fn rebuild(&mut self, touched: &(dyn Fn(&Path) -> bool + Sync)) -> Outcome {
        let started = Instant::now();
        let mut diags = Vec::new();
        let mut phases = Vec::new();
        let mut lap = Instant::now();
        let mut phase = |name: &'static str, phases: &mut Vec<(&'static str, Duration)>| {
            phases.push((name, lap.elapsed()));
            lap = Instant::now();
        };
        let content = content::load_cached(
            &self.options.root.join("content"),
            content::LoadOptions {
                drafts: self.options.drafts,
            },
            &mut self.cache,
            touched,
            &mut diags,
        );
        phase("load", &mut phases);
        let (mut site, theme) = crate::resolve_site(&self.options, content, &mut diags);
        phase("resolve", &mut phases);
        let mut built = None;
        if !diags.iter().any(Diagnostic::is_error) {
            let epoch = epoch(&self.options, &site, &theme);
            built = self.render(&site, theme, epoch, &mut diags, &mut phases);
        }
        let documents = site.docs.len();
        self.cache.restore(std::mem::take(&mut site.docs));
        if let Some(b) = &mut built {
            b.documents = documents;
            b.read = self.cache.last_read;
        }
        let report = crate::finish(&self.options, diags, Default::default(), started);
        if report.has_errors() {
            built = None;
        }
        Outcome {
            built,
            diagnostics: report.diagnostics,
            elapsed: report.elapsed,
        }
    }

    fn render(
        &mut self,
        site: &Site,
        theme: Theme,
        epoch: u64,
        diags: &mut Vec<Diagnostic>,
        phases: &mut Vec<(&'static str, Duration)>,
    ) -> Option<Built> {
        let mut lap = Instant::now();
        let mut phase = |name: &'static str, phases: &mut Vec<(&'static str, Duration)>| {
            phases.push((name, lap.elapsed()));
            lap = Instant::now();
        };
        let r = Renderer::new(site, theme, diags);
        let keys = Keys::new(site, epoch);
        let mut last = self.last.take();
        // The body facts of the last good build, moved out by address; given back on failure.
        let mut old_facts = last
            .as_mut()
            .map(|l| std::mem::take(&mut l.facts))
            .unwrap_or_default();
        let empty = HashMap::new();
        let previous = last.as_ref().map_or(&empty, |l| &l.outputs);
        let old_files = last.as_ref().map(|l| &l.snapshot.files);
        let prev_key = |unit: &Unit| previous.get(unit).and_then(|o| o.key);

        // Documents: those whose key changed, and those the last build did not have.
        let dirty: Vec<bool> = (0..site.docs.len())
            .into_par_iter()
            .map(|i| {
                let url = &site.docs[i].url;
                match (prev_key(&Unit::Document(url.clone())), old_facts.get(url)) {
                    (Some(key), Some(facts)) => keys.document(i, &facts.links) != key,
                    _ => true,
                }
            })
            .collect();
        phase("keys", phases);
        let dirty_docs: Vec<usize> = (0..site.docs.len()).filter(|&i| dirty[i]).collect();
        let mut problems = Vec::new();
        let rendered_docs: Vec<(usize, BodyFacts, Vec<(String, Vec<u8>)>, Vec<Diagnostic>)> =
            dirty_docs
                .par_iter()
                .map(|&i| {
                    let (facts, files, problems) = collect(|out| render::write_document(&r, i, out));
                    (i, facts, files, problems)
                })
                .collect();
        let mut facts: Vec<BodyFacts> = Vec::with_capacity(site.docs.len());
        let mut fresh: Vec<Option<Vec<(String, Vec<u8>)>>> = Vec::with_capacity(site.docs.len());
        let mut rendered_docs = rendered_docs.into_iter().peekable();
        for (i, doc) in site.docs.iter().enumerate() {
            if rendered_docs.peek().is_some_and(|(d, ..)| *d == i) {
                let (_, f, files, p) = rendered_docs.next().expect("peeked");
                facts.push(f);
                fresh.push(Some(files));
                problems.extend(p);
            } else {
                facts.push(old_facts.remove(&doc.url).unwrap_or_default());
                fresh.push(None);
            }
        }
        phase("documents", phases);

        // Pages and feeds whose key changed (or that are rendered every time).
        let plan = pages::plan(site);
        let addresses: Vec<String> = plan.iter().map(|p| p.address(site)).collect();
        let feed_plan = feeds::plan(site);
        let mut jobs: Vec<(Unit, Option<u64>, Job<'_>)> = Vec::new();
        let mut order: Vec<Unit> = Vec::with_capacity(plan.len() + feed_plan.len());
        for (page, address) in plan.iter().zip(&addresses) {
            let unit = Unit::Page(address.clone());
            let key = keys.page(page, address, &facts);
            if key.is_none() || prev_key(&unit) != key {
                jobs.push((unit.clone(), key, Job::Page(page)));
            }
            order.push(unit);
        }
        let all_addresses = hash_of(&addresses);
        for feed in &feed_plan {
            let unit = Unit::Feed(feed.path(site));
            let key = Some(keys.feed(feed, &feed.title(&r), &facts, all_addresses));
            if prev_key(&unit) != key {
                jobs.push((unit.clone(), key, Job::Feed(feed)));
            }
            order.push(unit);
        }
        let mut rendered: Vec<Rendered> = jobs
            .par_iter()
            .map(|(unit, key, job)| {
                let ((), files, problems) = collect(|out| match job {
                    Job::Page(page) => render::write_page(&r, page, &facts, out),
                    Job::Feed(feed) => render::write_feed(&r, feed, &facts, out),
                });
                (
                    Rendered {
                        unit: unit.clone(),
                        key: *key,
                        files,
                    },
                    problems,
                )
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|(rendered, p)| {
                problems.extend(p);
                rendered
            })
            .collect();
        phase("pages", phases);
        let (_, files, p) = collect(|out| render::write_search(&r, &facts, out));
        problems.extend(p);
        rendered.push(Rendered {
            unit: Unit::Search,
            key: None,
            files,
        });
        let (_, files, p) = collect(|out| render::write_static(&r, out));
        problems.extend(p);
        rendered.push(Rendered {
            unit: Unit::Static,
            key: None,
            files,
        });
        order.extend([Unit::Search, Unit::Static]);
        phase("search", phases);

        diags.extend(r.take_errors());
        diags.extend(problems);
        if diags.iter().any(Diagnostic::is_error) {
            // Nothing of this build is kept but the parsed files: give the facts back.
            for ((doc, f), fresh) in site.docs.iter().zip(facts).zip(&fresh) {
                if fresh.is_none() {
                    old_facts.insert(doc.url.clone(), f);
                }
            }
            self.last = last.map(|l| Last {
                facts: old_facts,
                ..l
            });
            return None;
        }

        // The new snapshot, filled in the order `render_site` writes, so that should two
        // outputs share a file, the same one wins.
        let mut files: HashMap<Arc<str>, Entry> =
            HashMap::with_capacity(old_files.map_or(0, HashMap::len) + 16);
        let mut outputs: HashMap<Unit, Output> = HashMap::with_capacity(order.len() + site.docs.len());
        let mut changed: Vec<Arc<str>> = Vec::new();
        let mut count = 0;
        let mut add_fresh = |unit: Unit, key: Option<u64>, new: Vec<(String, Vec<u8>)>, files: &mut HashMap<Arc<str>, Entry>| {
            count += 1;
            let mut names = Vec::with_capacity(new.len());
            for (path, bytes) in new {
                let hash = hash_of(&bytes);
                let old = old_files.and_then(|f| f.get_key_value(path.as_str()));
                let (name, entry) = match old {
                    Some((name, entry)) if entry.hash == hash => (name.clone(), entry.clone()),
                    _ => {
                        let name: Arc<str> = old.map_or_else(|| Arc::from(path), |(n, _)| n.clone());
                        changed.push(name.clone());
                        (name, Entry { bytes: bytes.into(), hash })
                    }
                };
                files.insert(name.clone(), entry);
                names.push(name);
            }
            outputs.insert(unit, Output { key, files: names });
        };
        let carry = |unit: &Unit, files: &mut HashMap<Arc<str>, Entry>| -> Option<Output> {
            let output = previous.get(unit)?;
            let old_files = old_files?;
            for name in &output.files {
                if let Some(entry) = old_files.get(name) {
                    files.insert(name.clone(), entry.clone());
                }
            }
            Some(output.clone())
        };
        let mut kept = Vec::new();
        for (i, doc) in site.docs.iter().enumerate() {
            let unit = Unit::Document(doc.url.clone());
            match fresh[i].take() {
                Some(new) => {
                    let key = keys.document(i, &facts[i].links);
                    add_fresh(unit, Some(key), new, &mut files);
                }
                None => {
                    if let Some(output) = carry(&unit, &mut files) {
                        kept.push((unit, output));
                    }
                }
            }
        }
        let mut rendered: HashMap<Unit, Rendered> =
            rendered.into_iter().map(|r| (r.unit.clone(), r)).collect();
        for unit in order {
            match rendered.remove(&unit) {
                Some(r) => add_fresh(unit, r.key, r.files, &mut files),
                None => {
                    if let Some(output) = carry(&unit, &mut files) {
                        kept.push((unit, output));
                    }
                }
            }
        }
        outputs.extend(kept);
        if let Some(old_files) = old_files {
            changed.extend(old_files.keys().filter(|k| !files.contains_key(*k)).cloned());
        }
        phase("snapshot", phases);

        let facts: HashMap<String, BodyFacts> = site
            .docs
            .iter()
            .zip(facts)
            .map(|(doc, f)| (doc.url.clone(), f))
            .collect();
        let snapshot = Arc::new(Snapshot { files });
        self.last = Some(Last {
            outputs,
            facts,
            snapshot: snapshot.clone(),
        });
        Some(Built {
            snapshot,
            changed,
            documents: 0,
            read: 0,
            rendered: count,
            phases: std::mem::take(phases),
        })
    }
}

/// Everything the outputs read besides the documents: site.yaml, the registries, the
/// templates and translations (not the static files: those are copied every time), today.
/// A change here renders everything again.
fn epoch(options: &crate::Options, site: &Site, theme: &Theme) -> u64 {
    let mut h = DefaultHasher::new();
    format!("{:?}", site.config).hash(&mut h);
    (site.today, options.drafts, &theme.name).hash(&mut h);
    let content_dir = options.root.join("content");
    for name in ["site.yaml", "units.yaml", "campaigns.yaml"] {
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
