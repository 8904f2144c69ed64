//! What lets a second `bantin build` redo only what changed: beside the site, in the output's
//! `.bantin/` folder, a manifest of every output's key and every file's content hash, and
//! the facts of every document's body as last rendered (its first paragraph, its text for
//! search, the documents it links to).
//!
//! The next build makes every output's key with the same functions `serve` uses
//! ([`crate::render::outputs`]); an output whose key is the one in the manifest, and whose
//! files in the last output still hash to what the manifest says, is hard-linked (or
//! copied) into the staging folder instead of rendered. The manifest and the facts are part
//! of the output swapped in whole, so they always describe the site beside them. A manifest
//! that is missing, unreadable, of another bantin or other settings means a full build.
//! Paths are never taken from the manifest: the build looks up its own outputs' paths in it.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::output::{self, Staging};
use crate::publish::manifest::Entry;
use crate::render::outputs::LastBuild;
use crate::render::{BodyFacts, Renderer, Sink};
use crate::resolve::Site;

/// The manifest, in [`output::STATE`].
pub const MANIFEST: &str = "manifest.json";
/// The documents' body facts, in [`output::STATE`].
pub const FACTS: &str = "facts.bin";
/// The manifest's layout; another means a full build.
const FORMAT: u32 = 1;

/// What else changes the output besides the keys: a build with other settings is full.
#[derive(Serialize, Deserialize, PartialEq, Eq, Debug, Clone)]
pub struct Settings {
    /// bantin's version, and which build of it.
    bantin: String,
    base_url: String,
    today: String,
    drafts: bool,
    preview: bool,
    language: String,
    links: String,
    deadline_status: String,
}

impl Settings {
    pub fn of(options: &crate::Options, site: &Site) -> Settings {
        Settings {
            bantin: identity(),
            base_url: site.config.base_url.clone(),
            today: site.today.to_string(),
            drafts: options.drafts,
            preview: options.preview,
            language: site.config.language.clone(),
            links: format!("{:?}", site.config.links),
            deadline_status: format!("{:?}", site.config.deadline_status),
        }
    }
}

/// This bantin: its version, and the size and time of its program file, so that another
/// build of the same version renders everything again.
fn identity() -> String {
    let stamp = std::env::current_exe()
        .and_then(fs::metadata)
        .map(|m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{time}", m.len())
        })
        .unwrap_or_default();
    format!("{} {stamp}", env!("CARGO_PKG_VERSION"))
}

/// `.bantin/manifest.json`.
#[derive(Serialize, Deserialize)]
struct Manifest {
    format: u32,
    settings: Settings,
    /// Of [`FACTS`], so that a facts file cut short or changed is not trusted.
    facts: Entry,
    /// Each output's key, by the first file it writes.
    outputs: HashMap<String, u64, FxBuildHasher>,
    /// Every file of the site.
    files: HashMap<String, Entry, FxBuildHasher>,
    /// Files this build wrote and kept.
    written: usize,
    kept: usize,
}

/// A document's body facts as kept in [`FACTS`], with what proves them current.
#[derive(Serialize, Deserialize)]
struct Kept {
    /// Under `content/`.
    path: String,
    /// Of the document's file when its body was rendered.
    fingerprint: u64,
    summary: String,
    text: String,
    links: Vec<String>,
}

/// What the last build left in the output folder.
pub struct Prior {
    dir: PathBuf,
    outputs: HashMap<String, u64, FxBuildHasher>,
    files: HashMap<String, Entry, FxBuildHasher>,
    /// The regular files really in the last output (no links), relative to it.
    present: HashSet<String, FxBuildHasher>,
    facts: Mutex<HashMap<String, Kept, FxBuildHasher>>,
}

/// Why the last build cannot be used: the build is full.
#[derive(Debug)]
pub enum Unusable {
    Missing,
    Unreadable(String),
    OtherSettings,
}

/// Reads a file of the state folder: a regular file, not a link.
fn read_state(output: &Path, name: &str) -> Result<Vec<u8>, Unusable> {
    let dir = output.join(output::STATE);
    let real = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_dir());
    if !real(&dir) {
        return Err(Unusable::Missing);
    }
    let path = dir.join(name);
    match fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_file() => {
            fs::read(&path).map_err(|e| Unusable::Unreadable(e.to_string()))
        }
        Ok(_) => Err(Unusable::Unreadable(format!("{name} is not a file"))),
        Err(_) => Err(Unusable::Missing),
    }
}

impl Prior {
    /// The last build in `output`, when its manifest and facts are whole and of the same
    /// bantin and settings.
    pub fn read(output: &Path, settings: &Settings) -> Result<Prior, Unusable> {
        let bytes = read_state(output, MANIFEST)?;
        let manifest: Manifest =
            serde_json::from_slice(&bytes).map_err(|e| Unusable::Unreadable(e.to_string()))?;
        if manifest.format != FORMAT || manifest.settings != *settings {
            return Err(Unusable::OtherSettings);
        }
        let bytes = read_state(output, FACTS)?;
        if (Entry {
            hash: xxh3_128(&bytes),
            size: bytes.len() as u64,
        }) != manifest.facts
        {
            return Err(Unusable::Unreadable(format!("{FACTS} is not as written")));
        }
        let mut facts = HashMap::default();
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let (kept, more) = postcard::take_from_bytes::<Kept>(rest)
                .map_err(|e| Unusable::Unreadable(e.to_string()))?;
            rest = more;
            facts.insert(kept.path.clone(), kept);
        }
        Ok(Prior {
            dir: output.to_path_buf(),
            outputs: manifest.outputs,
            files: manifest.files,
            present: regular_files(output),
            facts: Mutex::new(facts),
        })
    }
}

/// Every regular file under `dir` reached through real folders, relative to it, with `/`;
/// links are not followed, and bantin's own files are left out.
fn regular_files(dir: &Path) -> HashSet<String, FxBuildHasher> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && output::is_own(&e.file_name().to_string_lossy())))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let parts: Option<Vec<&str>> = rel.iter().map(|p| p.to_str()).collect();
            Some(parts?.join("/"))
        })
        .collect()
}

/// A build into a staging folder that keeps what it can of the last one (with a
/// [`Prior`]) and records, for the next, every output's key, every file's hash and every
/// document's body facts. The sink the build renders into.
pub struct Incremental<'a> {
    staging: &'a Staging,
    settings: Settings,
    prior: Option<Prior>,
    /// Copy kept files rather than link them (`BANTIN_BUILD_KEEP=copy`, to measure).
    copy: bool,
    files: Mutex<HashMap<String, Entry, FxBuildHasher>>,
    outputs: Mutex<HashMap<String, u64, FxBuildHasher>>,
    /// Files taken from the last output: a write to one of them replaces it rather than
    /// writing through the link into the last output.
    linked: Mutex<HashSet<String, FxBuildHasher>>,
    facts: Mutex<FactsWriter>,
    kept: AtomicUsize,
}

/// [`FACTS`] as it is written, hashed on the way.
struct FactsWriter {
    file: BufWriter<fs::File>,
    hash: Xxh3,
    size: u64,
    error: Option<io::Error>,
}

impl<'a> Incremental<'a> {
    pub fn new(staging: &'a Staging, settings: Settings, prior: Option<Prior>) -> io::Result<Self> {
        let state = staging.dir.join(output::STATE);
        fs::create_dir_all(&state)?;
        let file = BufWriter::with_capacity(1 << 20, fs::File::create(state.join(FACTS))?);
        Ok(Incremental {
            staging,
            settings,
            prior,
            copy: std::env::var_os("BANTIN_BUILD_KEEP").is_some_and(|v| v == "copy"),
            files: Mutex::default(),
            outputs: Mutex::default(),
            linked: Mutex::default(),
            facts: Mutex::new(FactsWriter {
                file,
                hash: Xxh3::new(),
                size: 0,
                error: None,
            }),
            kept: AtomicUsize::new(0),
        })
    }

    /// Whether a last build is being kept from.
    pub fn has_prior(&self) -> bool {
        self.prior.is_some()
    }

    /// Files kept from the last build.
    pub fn kept(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    /// Writes the manifest and the facts into the staging folder, once everything is
    /// rendered: the next build's starting point. The site's files and bytes.
    pub fn finish(self) -> io::Result<(usize, u64)> {
        let facts = self
            .facts
            .into_inner()
            .expect("no panics while holding the lock");
        if let Some(e) = facts.error {
            return Err(e);
        }
        facts.file.into_inner().map_err(|e| e.into_error())?;
        let files = self.files.into_inner().expect("no panics");
        let kept = self.kept.into_inner();
        let counts = (files.len(), files.values().map(|e| e.size).sum());
        let manifest = Manifest {
            format: FORMAT,
            settings: self.settings,
            facts: Entry {
                hash: facts.hash.digest128(),
                size: facts.size,
            },
            outputs: self.outputs.into_inner().expect("no panics"),
            written: files.len() - kept,
            files,
            kept,
        };
        let json = serde_json::to_vec(&manifest).map_err(io::Error::other)?;
        self.staging
            .write(&format!("{}/{MANIFEST}", output::STATE), &json)?;
        Ok(counts)
    }
}

impl Sink for Incremental<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        if output::is_own(path.split('/').next().unwrap_or_default()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{path}` is where bantin keeps its own files; nothing was written there"),
            ));
        }
        let entry = Entry {
            hash: xxh3_128(&bytes),
            size: bytes.len() as u64,
        };
        if self.lock_linked().remove(path) {
            // Kept from the last output, then written by another output: never through the
            // link.
            fs::remove_file(self.staging.dir.join(output::inside(path)?))?;
        }
        self.staging.write(path, &bytes)?;
        self.files
            .lock()
            .expect("no panics while holding the lock")
            .insert(path.to_owned(), entry);
        Ok(())
    }

    fn copy(&self, from: &Path, path: &str) -> io::Result<()> {
        self.put(path, fs::read(from)?)
    }
}

impl Incremental<'_> {
    fn lock_linked(&self) -> std::sync::MutexGuard<'_, HashSet<String, FxBuildHasher>> {
        self.linked
            .lock()
            .expect("no panics while holding the lock")
    }
}

/// Reads a file of the last output and tells whether it is still what the manifest says.
fn whole(prior: &Prior, rel: &str) -> Option<(PathBuf, Entry)> {
    let entry = *prior.files.get(rel)?;
    if !prior.present.contains(rel) {
        return None;
    }
    let from = prior.dir.join(output::inside(rel).ok()?);
    let bytes = fs::read(&from).ok()?;
    let found = Entry {
        hash: xxh3_128(&bytes),
        size: bytes.len() as u64,
    };
    (found == entry).then_some((from, entry))
}

impl LastBuild for Incremental<'_> {
    fn facts(&self, r: &Renderer<'_>, i: usize) -> Option<BodyFacts> {
        let doc = &r.site.docs[i];
        let kept = self
            .prior
            .as_ref()?
            .facts
            .lock()
            .expect("no panics while holding the lock")
            .remove(&doc.rel_path)?;
        (kept.fingerprint == doc.fingerprint).then_some(BodyFacts {
            summary: kept.summary,
            text: kept.text,
            links: kept.links,
        })
    }

    fn keep(&self, path: &str, key: u64, also: &[String]) -> bool {
        let Some(prior) = &self.prior else {
            return false;
        };
        if prior.outputs.get(path) != Some(&key) {
            return false;
        }
        // Every file proven whole before any is kept.
        let mut found = Vec::with_capacity(1 + also.len());
        for rel in std::iter::once(path).chain(also.iter().map(String::as_str)) {
            match whole(prior, rel) {
                Some(f) => found.push((rel, f)),
                None => return false,
            }
        }
        let mut done: Vec<&str> = Vec::with_capacity(found.len());
        for (rel, (from, _)) in &found {
            if self.staging.keep(from, rel, self.copy).is_err() {
                // Taken back: the output is rendered whole.
                for rel in done {
                    if let Ok(p) = output::inside(rel) {
                        let _ = fs::remove_file(self.staging.dir.join(p));
                    }
                }
                return false;
            }
            done.push(rel);
        }
        let mut files = self.files.lock().expect("no panics while holding the lock");
        let mut linked = self.lock_linked();
        for (rel, (_, entry)) in found {
            self.kept.fetch_add(1, Ordering::Relaxed);
            files.insert(rel.to_owned(), entry);
            linked.insert(rel.to_owned());
        }
        true
    }

    fn note_key(&self, path: &str, key: u64) {
        self.outputs
            .lock()
            .expect("no panics while holding the lock")
            .insert(path.to_owned(), key);
    }

    fn note_facts(&self, r: &Renderer<'_>, i: usize, facts: &BodyFacts) {
        let doc = &r.site.docs[i];
        // Written as a [`Kept`] is read.
        let kept = (
            &doc.rel_path,
            doc.fingerprint,
            &facts.summary,
            &facts.text,
            &facts.links,
        );
        let mut w = self.facts.lock().expect("no panics while holding the lock");
        if w.error.is_some() {
            return;
        }
        match postcard::to_stdvec(&kept) {
            Ok(bytes) => {
                w.hash.update(&bytes);
                w.size += bytes.len() as u64;
                if let Err(e) = w.file.write_all(&bytes) {
                    w.error = Some(e);
                }
            }
            Err(e) => w.error = Some(io::Error::other(e)),
        }
    }
}
