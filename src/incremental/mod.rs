//! What lets a second `bantin build` redo only what changed: beside the site, in the output's
//! `.bantin/` folder, a manifest of every output's key and every file's content hash, the
//! facts of every document's body as last rendered (its first paragraph, the documents it
//! links to) and the search index's counts of each chunk of documents, found by each
//! document's key, so that only the changed documents are tokenised again; and
//! ([`KnownDocuments`]) every document as loaded, so that only the files that changed are parsed.
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
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use crate::output::{self, Staging, Stamp};
use crate::publish::manifest::Entry;
use crate::render::outputs::LastBuild;
use crate::render::reuse::Known;
use crate::render::{BodyFacts, Renderer, Sink};
use crate::resolve::{DocId, Site};

mod documents;
mod facts;
mod index;
mod last_build;
mod prior;
mod sealed;
pub use documents::{DOCUMENTS, KnownDocuments};
use facts::Place;
pub use facts::segment_name;
pub use prior::{Prior, ReadAhead};

/// What the last build knew of its documents' pages ([`crate::render::reuse::Known`]), in
/// [`output::STATE`], with the order of the documents it knew them in.
pub const KNOWN: &str = "known.bin";

/// The documents of `site` in their order, as one hash: what the places in a
/// [`crate::render::reuse::Known`] are places in.
fn order_of(site: &Site) -> u64 {
    use std::hash::BuildHasher;
    FxBuildHasher.hash_one(site.docs.iter().map(|d| &d.rel_path).collect::<Vec<_>>())
}

/// The manifest, in [`output::STATE`]: sealed (`sealed`), read by every build before its
/// documents are.
pub const MANIFEST: &str = "manifest.bin";
/// The manifest's layout; another means a full build.
const FORMAT: u32 = 11;

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

/// `.bantin/manifest.bin`.
#[derive(Serialize, Deserialize)]
struct Manifest {
    format: u32,
    settings: Settings,
    /// The segments of records ([`facts`]) this build's records are in.
    segments: Vec<u64>,
    /// By its path under `content/`, the fingerprint of each document's file when its body
    /// was rendered, and where its facts are: read one at a time.
    facts: HashMap<String, DocPlaces, FxBuildHasher>,
    /// Where each chunk's search counts are, by their key.
    counted: HashMap<u64, Place, FxBuildHasher>,
    /// Which chunk's counts (by their key) hold each document's, by the document's key in
    /// the index: a document kept from the last build is counted from there, wherever it
    /// was, so that its text is neither kept nor made again.
    counted_docs: HashMap<u64, u64, FxBuildHasher>,
    /// Each output's key, by the first file it writes.
    outputs: HashMap<String, u64, FxBuildHasher>,
    /// Every file of the site, with its size, time and place on disk as written: a file of
    /// the last output that still has them is what the build wrote, without reading it
    /// again.
    files: HashMap<String, (Entry, Stamp), FxBuildHasher>,
    /// Files this build wrote and kept.
    written: usize,
    kept: usize,
    /// How the search index was made: "merged", "patched N" (chunks), "made again".
    index: String,
}

/// A document's record: the fingerprint of its file when it was made, and where its
/// [`Kept`] facts are.
type DocPlaces = (u64, Place);

/// A document's body facts as kept, with what proves them current. Its text is not kept:
/// the search index keeps what it counted of it.
#[derive(Serialize, Deserialize)]
struct Kept {
    /// Under `content/`.
    path: String,
    /// Of the document's file when its body was rendered.
    fingerprint: u64,
    #[serde(deserialize_with = "crate::utf8::string")]
    summary: String,
    links: Vec<String>,
}

/// The manifest of the site in `output` as JSON, and back: for the tests that forge one.
#[doc(hidden)]
pub mod forging {
    use std::io;
    use std::path::Path;

    use super::{MANIFEST, Manifest, sealed};

    /// The manifest, when whole.
    pub fn manifest(output: &Path) -> Option<serde_json::Value> {
        serde_json::to_value(Manifest::read(output)?).ok()
    }

    /// Puts `value` in place of the manifest, sealed as a build seals it.
    pub fn set_manifest(output: &Path, value: serde_json::Value) -> io::Result<()> {
        let manifest: Manifest = serde_json::from_value(value).map_err(io::Error::other)?;
        sealed::write_value_into(output, MANIFEST, &manifest)
    }
}

impl Manifest {
    /// The manifest of the site in `output`, when whole.
    fn read(output: &Path) -> Option<Manifest> {
        postcard::from_bytes(sealed::unseal(&read_state(output, MANIFEST)?)?).ok()
    }
}

/// Opens a file of the state folder: a regular file in a real folder, not a link.
fn open_state(output: &Path, name: &str) -> Option<fs::File> {
    let dir = output.join(output::STATE);
    if !fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_dir()) {
        return None;
    }
    let path = dir.join(name);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
        return None;
    }
    fs::File::open(&path).ok()
}

/// Reads a file of the state folder whole.
fn read_state(output: &Path, name: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut open_state(output, name)?, &mut bytes).ok()?;
    Some(bytes)
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
    files: Mutex<HashMap<String, (Entry, Stamp), FxBuildHasher>>,
    outputs: Mutex<HashMap<String, u64, FxBuildHasher>>,
    /// Files taken from the last output: a write to one of them replaces it rather than
    /// writing through the link into the last output.
    linked: Mutex<HashSet<String, FxBuildHasher>>,
    records: Mutex<Records>,
    kept: AtomicUsize,
}

/// This build's records as they are written, and where each is.
struct Records {
    writer: facts::Writer,
    docs: HashMap<String, DocPlaces, FxBuildHasher>,
    counted: HashMap<u64, Place, FxBuildHasher>,
    counted_docs: HashMap<u64, u64, FxBuildHasher>,
    /// The search index being written, and how it was made
    /// ([`crate::render::search::Made`]).
    index: index::Writing,
    index_made: String,
}

impl<'a> Incremental<'a> {
    pub fn new(staging: &'a Staging, settings: Settings, prior: Option<Prior>) -> io::Result<Self> {
        let writer = facts::Writer::create(staging, prior.as_ref().map(|p| &p.segments))?;
        Ok(Incremental {
            staging,
            settings,
            prior,
            copy: std::env::var_os("BANTIN_BUILD_KEEP").is_some_and(|v| v == "copy"),
            files: Mutex::default(),
            outputs: Mutex::default(),
            linked: Mutex::default(),
            records: Mutex::new(Records {
                writer,
                docs: HashMap::default(),
                counted: HashMap::default(),
                counted_docs: HashMap::default(),
                index: index::Writing::default(),
                index_made: String::new(),
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

    /// Writes the manifest and the records into the staging folder, once everything is
    /// rendered: the next build's starting point. The site's files and bytes.
    pub fn finish(self) -> io::Result<(usize, u64)> {
        let Records {
            mut writer,
            mut docs,
            mut counted,
            mut counted_docs,
            index,
            index_made,
        } = self
            .records
            .into_inner()
            .expect("no panics while holding the lock");
        let mut kept_segments = Vec::new();
        if let Some(last) = self.prior.as_ref().map(|p| &p.segments) {
            let used = docs
                .values()
                .map(|(_, facts)| facts)
                .chain(counted.values());
            kept_segments = writer.keep_segments(self.staging, last, self.copy, used);
            let mut carry = |place: &mut Place| writer.carry(place, last, &kept_segments);
            docs.retain(|_, (_, facts)| carry(facts));
            counted.retain(|_, place| carry(place));
        }
        counted_docs.retain(|_, chunk| counted.contains_key(chunk));
        let segments = writer.close(kept_segments)?;
        let files = self.files.into_inner().expect("no panics");
        let kept = self.kept.into_inner();
        let counts = (files.len(), files.values().map(|e| e.0.size).sum());
        let manifest = Manifest {
            format: FORMAT,
            settings: self.settings,
            segments,
            facts: docs,
            counted,
            counted_docs,
            outputs: self.outputs.into_inner().expect("no panics"),
            written: files.len() - kept,
            files,
            kept,
            index: index_made,
        };
        let parts = manifest.encode().map_err(io::Error::other)?;
        sealed::write_with(self.staging, MANIFEST, |out| {
            parts.iter().try_for_each(|part| out.write_all(part))
        })?;
        // The index, tens of megabytes, was written meanwhile.
        index.finish()?;
        // The last build's files are closed here; what the two builds held in memory is
        // freed while the site is put in place.
        let mut prior = self.prior;
        if let Some(prior) = &mut prior {
            prior.segments.close();
        }
        crate::let_go((manifest, prior, self.linked));
        Ok(counts)
    }
}

impl Manifest {
    /// The manifest's bytes as `postcard` writes them, in parts made at once on the pool's
    /// threads: a struct's bytes are its fields' one after another, and the three large
    /// maps take most of the time.
    fn encode(&self) -> postcard::Result<[Vec<u8>; 3]> {
        let head = || {
            postcard::to_stdvec(&(
                self.format,
                &self.settings,
                &self.segments,
                &self.facts,
                &self.counted,
                &self.counted_docs,
            ))
        };
        let outputs = || postcard::to_stdvec(&self.outputs);
        let tail = || postcard::to_stdvec(&(&self.files, self.written, self.kept, &self.index));
        let (head, (outputs, tail)) = rayon::join(head, || rayon::join(outputs, tail));
        Ok([head?, outputs?, tail?])
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
        // The very bytes the last build wrote here, which the spare still holds as the
        // manifest says: left where they are rather than written again.
        let last = self
            .prior
            .as_ref()
            .and_then(|p| Some(p).zip(p.files.get(path)))
            .filter(|(_, (last, _))| *last == entry);
        if let Some((prior, &(_, stamp))) = last {
            if self.staging.keep_spare(path, stamp) || self.link_last(prior, path, stamp)? {
                self.lock_linked().insert(path.to_owned());
                self.files
                    .lock()
                    .expect("no panics while holding the lock")
                    .insert(path.to_owned(), (entry, stamp));
                return Ok(());
            }
        }
        let stamp = Stamp::of(&self.staging.write(path, &bytes)?);
        self.files
            .lock()
            .expect("no panics while holding the lock")
            .insert(path.to_owned(), (entry, stamp));
        Ok(())
    }

    fn copy(&self, from: &Path, path: &str) -> io::Result<()> {
        self.put(path, fs::read(from)?)
    }
}

impl Incremental<'_> {
    /// Links the last output's file at `rel` into the staging folder when it still has the
    /// stamp the last build gave it, rather than writing the same bytes again: the next
    /// build then finds it in its spare and leaves it where it is. False when it is not so
    /// linked; whatever was put at `rel` meanwhile is removed.
    fn link_last(&self, prior: &Prior, rel: &str, stamp: Stamp) -> io::Result<bool> {
        if self.copy || prior.present(rel) != Some(stamp) {
            return Ok(false);
        }
        let from = prior.dir.join(output::inside(rel)?);
        match self.staging.keep(&from, rel, false, Some(stamp)) {
            Ok(true) => Ok(true),
            Ok(false) | Err(_) => {
                // Copied, or not put in place: written again, never through a link (a folder
                // of the spare there is the writing's to clear).
                let at = self.staging.dir.join(output::inside(rel)?);
                if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                    fs::remove_file(&at)?;
                }
                Ok(false)
            }
        }
    }

    /// The stamp of a file of the staging folder.
    fn stamp(&self, rel: &str) -> io::Result<Stamp> {
        Ok(Stamp::of(&fs::symlink_metadata(
            self.staging.dir.join(output::inside(rel)?),
        )?))
    }

    fn lock_records(&self) -> std::sync::MutexGuard<'_, Records> {
        self.records
            .lock()
            .expect("no panics while holding the lock")
    }

    fn lock_linked(&self) -> std::sync::MutexGuard<'_, HashSet<String, FxBuildHasher>> {
        self.linked
            .lock()
            .expect("no panics while holding the lock")
    }
}

/// Tells whether a file of the last output is still what the manifest says: by its stamp,
/// else by reading it. Where it is, and its stamp now. A file the spare holds with the
/// stamp the manifest gives is that very file (a link to it), left as it was: it is not
/// looked for in the last output.
fn whole(prior: &Prior, staging: &Staging, rel: &str) -> Option<(PathBuf, Entry, Stamp)> {
    let (entry, stamp) = *prior.files.get(rel)?;
    let from = prior.dir.join(output::inside(rel).ok()?);
    if staging.spare_holds(rel, stamp) {
        return Some((from, entry, stamp));
    }
    let now = prior.present(rel)?;
    if now == stamp {
        return Some((from, entry, now));
    }
    let bytes = fs::read(&from).ok()?;
    let found = Entry {
        hash: xxh3_128(&bytes),
        size: bytes.len() as u64,
    };
    (found == entry).then_some((from, entry, now))
}

#[cfg(test)]
mod tests;
