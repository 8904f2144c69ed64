//! What the last build left in the output folder, as this build reads it: its manifest,
//! the search index it kept and its files as they are now.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxBuildHasher;

use super::facts::{Place, Segments};
use super::{DocPlaces, FORMAT, KNOWN, Kept, Manifest, Settings, Stamp, index, read_state, sealed};
use crate::output;
use crate::publish::manifest::Entry;
use crate::render::reuse::Known;

/// What the last build left in the output folder.
pub struct Prior {
    pub(super) dir: PathBuf,
    pub(super) outputs: HashMap<String, u64, FxBuildHasher>,
    pub(super) files: HashMap<String, (Entry, Stamp), FxBuildHasher>,
    /// Folders of the last output found to be real folders, not links.
    pub(super) real_folders: Mutex<HashSet<String, FxBuildHasher>>,
    pub(super) facts: HashMap<String, DocPlaces, FxBuildHasher>,
    pub(super) counted: HashMap<u64, Place, FxBuildHasher>,
    pub(super) counted_docs: HashMap<u64, u64, FxBuildHasher>,
    pub(super) segments: Segments,
    /// The search index it kept, until the build takes it.
    pub(super) index: Mutex<Option<crate::search::KeptIndex>>,
    /// What it knew of its documents' pages, and the order of its documents.
    pub(super) known: Mutex<Option<(u64, Known)>>,
}

/// What the read-ahead thread reads: the manifest, the search index and what the last
/// build knew of its pages.
type Read = (
    Manifest,
    Option<crate::search::KeptIndex>,
    Option<(u64, Known)>,
);

/// The last build's manifest, search index and what it knew of its pages, read on a thread of their own while the
/// content loads: what they hold is checked against this build's settings once known.
pub struct ReadAhead {
    output: PathBuf,
    reading: std::thread::JoinHandle<Option<Read>>,
}

impl ReadAhead {
    /// The last build, when its manifest is whole and of the same bantin and settings; None
    /// means a full build.
    pub fn prior(self, settings: &Settings) -> Option<Prior> {
        let (manifest, index, known) = self.reading.join().ok()??;
        if manifest.settings != *settings {
            return None;
        }
        Some(Prior {
            segments: Segments::open(&self.output, &manifest.segments),
            dir: self.output,
            outputs: manifest.outputs,
            files: manifest.files,
            real_folders: Mutex::default(),
            facts: manifest.facts,
            counted: manifest.counted,
            counted_docs: manifest.counted_docs,
            index: Mutex::new(index),
            known: Mutex::new(known),
        })
    }
}

impl Prior {
    /// Starts reading the last build in `output`; [`ReadAhead::prior`] takes it.
    pub fn read_ahead(output: &Path) -> ReadAhead {
        let dir = output.to_path_buf();
        ReadAhead {
            output: output.to_path_buf(),
            reading: std::thread::spawn(move || {
                let manifest = Manifest::read(&dir)?;
                let known = || {
                    let bytes = read_state(&dir, KNOWN)?;
                    postcard::from_bytes(sealed::unseal(&bytes)?).ok()
                };
                (manifest.format == FORMAT).then(|| (manifest, index::read(&dir), known()))
            }),
        }
    }

    /// The stamp of a regular file of the last output, reached through real folders (each
    /// looked at once), now: links are not followed, and bantin's own files are left out.
    pub(super) fn present(&self, rel: &str) -> Option<Stamp> {
        let path = output::inside(rel).ok()?;
        if output::is_own(rel.split('/').next()?) {
            return None;
        }
        for (end, _) in rel.match_indices('/') {
            let folder = &rel[..end];
            let known = || {
                self.real_folders
                    .lock()
                    .expect("no panics while holding the lock")
            };
            if !known().contains(folder) {
                let meta = fs::symlink_metadata(self.dir.join(folder)).ok()?;
                if !meta.file_type().is_dir() {
                    return None;
                }
                known().insert(folder.to_owned());
            }
        }
        let meta = fs::symlink_metadata(self.dir.join(path)).ok()?;
        meta.file_type().is_file().then(|| Stamp::of(&meta))
    }

    /// The facts of the document at `path` under `content/`, when whole.
    pub(super) fn facts(&self, path: &str) -> Option<Kept> {
        let kept: Kept =
            postcard::from_bytes(&self.segments.read(&self.facts.get(path)?.1)?).ok()?;
        (kept.path == path).then_some(kept)
    }
}
