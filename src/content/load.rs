//! Loading `content/`: all of it, or, after a change, only the files that changed. `build`
//! and `check` load everything once; `serve` loads again after each save, through the same
//! function, with the [`Store`] of the last load.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use xxhash_rust::xxh3::xxh3_64;

use super::{
    Content, Document, LoadOptions, check_unique_urls, ignored_files, load_document, load_source,
    walk,
};
use crate::config::SiteConfig;
use crate::diag::Diagnostic;
use crate::registry::Registries;
use crate::source::Source;

/// Documents as an earlier load read them, by their file's path and the hash (xxh3) of its
/// bytes: `build` keeps them beside its output, so that a file unchanged since is not
/// parsed again. Only a document whose file alone makes it is kept: no problems, no
/// attachments, not a bundle's `index.md`, offsets those of the file's bytes.
pub trait Known: Sync {
    /// The document of `path` as read when its file was last seen as `file` (its size,
    /// times and place on disk), without reading it: None when the file may have changed.
    fn unchanged(&self, path: &Path, file: &std::fs::Metadata) -> Option<Document>;
    /// The document of `path` as read when its bytes, `text`, hashed to `hash`; `file`: the
    /// file as seen before it was read.
    fn get(
        &self,
        path: &Path,
        hash: u64,
        text: &str,
        file: Option<&std::fs::Metadata>,
    ) -> Option<Document>;
    /// Notes a document just read from bytes that hashed to `hash`, of the file seen as
    /// `file` before it was read.
    fn note(&self, path: &Path, hash: u64, file: Option<&std::fs::Metadata>, doc: &Document);
}

/// The files of `content/` that hold site.yaml and the registries.
pub const SOURCES: [&str; 3] = ["site.yaml", "units.yaml", "campaigns.yaml"];

/// What changed since the last load.
pub enum Changes<'a> {
    /// Read everything (the first load; events were lost).
    Everything,
    /// The files and folders events named (outside `content/`: ignored here). With
    /// `keep_site: false`, what was read comes back as content to resolve, whatever it is.
    Paths {
        paths: &'a HashSet<PathBuf>,
        keep_site: bool,
    },
}

/// What a load yields.
pub enum Loaded {
    /// Documents read again whose [`meta_of`] is what it was, and nothing else: they replace
    /// the documents of the same path, and the resolved Site stands.
    Bodies(Vec<Document>),
    /// Everything, to resolve.
    Content(Box<Content>),
}

/// A Markdown file as last read.
struct FileState {
    diags: Vec<Diagnostic>,
    /// [`meta_of`] its document; None when it did not load.
    meta: Option<u64>,
}

/// `content/` as last loaded: what the next load needs to read only what changed.
#[derive(Default)]
pub struct Store {
    /// Every Markdown file, in the order of the walk.
    files: BTreeMap<PathBuf, FileState>,
    config: SiteConfig,
    registries: Registries,
    /// Problems of site.yaml and the registries.
    source_diags: Vec<Diagnostic>,
    /// Files bantin does not read (Word, text) that may need a word.
    others: BTreeSet<PathBuf>,
    /// Problems of the documents together (shared addresses, files left out).
    together_diags: Vec<Diagnostic>,
    loaded: bool,
    /// Markdown files the last load read.
    read: usize,
    /// Loaded once and let go (`build`, `check`): what only a next load reads, each
    /// document's [`meta_of`], is not made.
    once: bool,
}

impl Store {
    /// A store for one load and no other.
    pub fn once() -> Store {
        Store {
            once: true,
            ..Store::default()
        }
    }

    /// [`meta_of`] the document of `path`, as last read.
    pub fn meta(&self, path: &Path) -> Option<u64> {
        self.files.get(path).and_then(|f| f.meta)
    }

    /// How many Markdown files the last load read.
    pub fn files_read(&self) -> usize {
        self.read
    }
}

/// What other pages can show of a document: everything loaded from its file but the body
/// (and where things are in it), so that editing a body changes its page, not the others.
/// Also what resolution reads: documents whose meta did not change need no new resolve.
pub fn meta_of(doc: &Document) -> u64 {
    let mut d = doc.clone();
    d.body = 0..0;
    d.body_line = 0;
    d.fingerprint = 0;
    for c in &mut d.citations {
        c.range = 0..0;
    }
    let mut h = rustc_hash::FxHasher::default();
    format!("{d:?}").hash(&mut h);
    h.finish()
}

/// Loads `content/` after `changes`. Problems (all of them, also those of files not read
/// again) go to `diags`; documents with errors are left out, so that one run reports every
/// problem in every file. `previous` gives the documents of the last load's content, when
/// a change needs them to be resolved again.
pub fn load(
    content_dir: &Path,
    options: LoadOptions,
    changes: Changes<'_>,
    store: &mut Store,
    previous: impl FnOnce() -> Vec<Document>,
    known: Option<&dyn Known>,
    diags: &mut Vec<Diagnostic>,
) -> Loaded {
    let loaded = match changes {
        Changes::Paths { paths, keep_site }
            if store.loaded && content_dir.is_dir() && !paths.contains(content_dir) =>
        {
            load_changes(content_dir, options, paths, keep_site, store, previous)
        }
        // Gone (or never there): the full load says so. Appeared (as `bantin init` makes
        // it, beside a running preview), or replaced: read it whole.
        _ => Loaded::Content(Box::new(load_everything(
            content_dir,
            options,
            store,
            known,
        ))),
    };
    diags.extend(store.source_diags.iter().cloned());
    for file in store.files.values() {
        diags.extend(file.diags.iter().cloned());
    }
    diags.extend(store.together_diags.iter().cloned());
    loaded
}

fn load_everything(
    content_dir: &Path,
    options: LoadOptions,
    store: &mut Store,
    known: Option<&dyn Known>,
) -> Content {
    // The site's own files are read while the folders are walked.
    let ((config, registries, mut source_diags), (paths, others, walk_diags)) = rayon::join(
        || {
            let mut diags = Vec::new();
            let config = SiteConfig::load(&content_dir.join("site.yaml"), &mut diags);
            let registries = Registries::load(content_dir, &mut diags);
            (config, registries, diags)
        },
        || {
            let mut diags = Vec::new();
            let (paths, others) = walk(content_dir, &mut diags);
            (paths, others, diags)
        },
    );
    source_diags.extend(walk_diags);
    store.read = paths.len();
    let read = read_files(content_dir, options, paths, known);
    let mut documents = Vec::with_capacity(read.len());
    let mut files = Vec::with_capacity(read.len());
    for (path, document, diags) in read {
        let meta = document
            .as_ref()
            .map(|d| if store.once { 0 } else { meta_of(d) });
        documents.extend(document);
        files.push((path, FileState { diags, meta }));
    }
    // In the order of their paths, as `serve`'s map of them gives them: the walk's order
    // already (each folder's names sorted, depth first), which the sort only confirms.
    // The map of the files is made meanwhile.
    let ((), files) = rayon::join(
        || documents.sort_by(|a, b| a.path.cmp(&b.path)),
        || files.into_iter().collect(),
    );
    store.files = files;
    store.config = config;
    store.registries = registries;
    store.source_diags = source_diags;
    store.others = others.into_iter().collect();
    store.loaded = true;
    assemble(options, documents, store)
}

/// The documents read, in the order of their paths, as content to resolve: drafts left
/// out, the documents checked together.
fn assemble(
    options: LoadOptions,
    documents: impl IntoIterator<Item = Document>,
    store: &mut Store,
) -> Content {
    let documents: Vec<Document> = documents
        .into_iter()
        .filter(|d| options.drafts || !d.draft)
        .collect();
    let mut together = Vec::new();
    check_unique_urls(&documents, &mut together);
    let others: Vec<PathBuf> = store.others.iter().cloned().collect();
    ignored_files(&others, &documents, &mut together);
    store.together_diags = together;
    Content {
        config: store.config.clone(),
        registries: store.registries.clone(),
        documents,
    }
}

/// Reads what `paths` name again. Without a new document, a lost one, another meta (front
/// matter, numbers cited), site.yaml or a registry, the documents read come back alone.
fn load_changes(
    content_dir: &Path,
    options: LoadOptions,
    paths: &HashSet<PathBuf>,
    keep_site: bool,
    store: &mut Store,
    previous: impl FnOnce() -> Vec<Document>,
) -> Loaded {
    let mut reread: BTreeSet<PathBuf> = BTreeSet::new();
    let mut gone: Vec<PathBuf> = Vec::new();
    let mut sources = false;
    let mut others_changed = false;
    let mut ignored = Vec::new();
    for path in paths {
        if !path.starts_with(content_dir) {
            continue;
        }
        if path.parent() == Some(content_dir)
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
                let (md, others) = walk(path, &mut ignored);
                reread.extend(md);
                for other in others {
                    others_changed |= store.others.insert(other);
                }
            }
            Ok(_) if path.extension().is_some_and(|x| x == "md") => {
                reread.insert(path.clone());
            }
            Ok(_) => {
                if super::is_ignored_kind(path) {
                    others_changed |= store.others.insert(path.clone());
                }
            }
            Err(_) => {
                gone.extend(
                    store
                        .files
                        .range(path.clone()..)
                        .take_while(|(p, _)| p.starts_with(path))
                        .map(|(p, _)| p.clone()),
                );
                let left: Vec<PathBuf> = store
                    .others
                    .range(path.clone()..)
                    .take_while(|p| p.starts_with(path))
                    .cloned()
                    .collect();
                for p in left {
                    others_changed |= store.others.remove(&p);
                }
            }
        }
        if path.extension().is_none_or(|x| x != "md") {
            // An attachment, say: the documents beside it list and check their files.
            if let Some(dir) = path.parent() {
                reread.extend(
                    store
                        .files
                        .range(dir.to_path_buf()..)
                        .take_while(|(p, _)| p.starts_with(dir))
                        .filter(|(p, _)| p.parent() == Some(dir) && p.is_file())
                        .map(|(p, _)| p.clone()),
                );
            }
        }
    }
    store.read = reread.len();
    let parsed = read_files(content_dir, options, reread.into_iter().collect(), None);
    let bodies_only = keep_site
        && !sources
        && !others_changed
        && gone.is_empty()
        && parsed.iter().all(|(path, document, _)| {
            let Some(doc) = document else { return false };
            (options.drafts || !doc.draft) && store.meta(path) == Some(meta_of(doc))
        });
    if bodies_only {
        let mut documents = Vec::with_capacity(parsed.len());
        for (path, document, diags) in parsed {
            if let Some(state) = store.files.get_mut(&path) {
                state.diags = diags;
            }
            documents.push(document.expect("checked above"));
        }
        return Loaded::Bodies(documents);
    }

    // Resolve again, from the documents of the last load and those just read.
    let mut documents: BTreeMap<PathBuf, Document> = previous()
        .into_iter()
        .map(|d| (d.path.clone(), d))
        .collect();
    for path in gone {
        store.files.remove(&path);
        documents.remove(&path);
    }
    for (path, document, diags) in parsed {
        let meta = document.as_ref().map(meta_of);
        match document {
            Some(doc) => documents.insert(path.clone(), doc),
            None => documents.remove(&path),
        };
        store.files.insert(path, FileState { diags, meta });
    }
    if sources {
        store.source_diags.clear();
        store.config = SiteConfig::load(&content_dir.join("site.yaml"), &mut store.source_diags);
        store.registries = Registries::load(content_dir, &mut store.source_diags);
    }
    // Documents left out as drafts are not in the last content: read them again.
    let missing: Vec<PathBuf> = store
        .files
        .iter()
        .filter(|(p, f)| f.meta.is_some() && !documents.contains_key(*p))
        .map(|(p, _)| p.clone())
        .collect();
    for (path, document, _) in read_files(content_dir, options, missing, None) {
        if let Some(doc) = document {
            documents.insert(path, doc);
        }
    }
    Loaded::Content(Box::new(assemble(options, documents.into_values(), store)))
}

/// Reads Markdown files in parallel: (path, document, problems). What `known` holds of a
/// file unchanged since is taken as it is: not read again when the file's size, times and
/// place on disk say so, else not parsed again when its bytes are the same.
fn read_files(
    content_dir: &Path,
    options: LoadOptions,
    paths: Vec<PathBuf>,
    known: Option<&dyn Known>,
) -> Vec<(PathBuf, Option<Document>, Vec<Diagnostic>)> {
    paths
        .into_par_iter()
        .map(|path| {
            let Some(known) = known else {
                let (doc, diags) = load_document(content_dir, &path, options);
                return (path, doc, diags);
            };
            // Seen before it is read: a change while it is read shows next time.
            let file = std::fs::metadata(&path).ok();
            if let Some(doc) = file.as_ref().and_then(|f| known.unchanged(&path, f)) {
                return (path, Some(doc), Vec::new());
            }
            let bytes = Source::read_bytes(&path);
            let hash = bytes.as_ref().map_or(0, |b| xxh3_64(b));
            if let Some(doc) = bytes
                .as_ref()
                .ok()
                .and_then(|b| simdutf8::basic::from_utf8(b).ok())
                .and_then(|text| known.get(&path, hash, text, file.as_ref()))
            {
                return (path, Some(doc), Vec::new());
            }
            let source = bytes.and_then(|b| Source::from_bytes(&path, b));
            let (doc, diags, as_read) =
                load_source(content_dir, &path, source, Some(hash), options);
            if let Some(doc) = &doc {
                let alone = diags.is_empty()
                    && doc.attachments.is_empty()
                    && doc.bundle_files.is_empty()
                    && path.file_name().is_none_or(|n| n != "index.md");
                if alone && as_read {
                    known.note(&path, hash, file.as_ref(), doc);
                }
            }
            (path, doc, diags)
        })
        .collect()
}
