//! The site in memory: snapshots of every served file, each made from the last one by
//! changing what a rebuild rendered, and shared with it otherwise.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rustc_hash::FxBuildHasher;

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

type FileMap<V = Entry> = HashMap<Arc<str>, V, FxBuildHasher>;

/// Past this many changes, the next snapshot starts a new base.
const CHANGES_KEPT: usize = 1024;

impl Snapshot {
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.get_key_value(path).map(|(_, e)| e)
    }

    pub(super) fn get_key_value(&self, path: &str) -> Option<(&Arc<str>, &Entry)> {
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
    pub(super) fn settled(self) -> Snapshot {
        if self.changes.len() <= CHANGES_KEPT {
            return self;
        }
        Snapshot::from_map(self.iter().map(|(n, e)| (n.clone(), e.clone())).collect())
    }

    /// The next snapshot, to be changed: shares this one's files.
    pub(super) fn next(&self) -> Snapshot {
        Snapshot {
            base: self.base.clone(),
            changes: self.changes.clone(),
            len: self.len,
        }
    }

    pub(super) fn insert(&mut self, name: Arc<str>, entry: Entry) {
        if !self.contains(&name) {
            self.len += 1;
        }
        self.changes.insert(name, Some(entry));
    }

    pub(super) fn remove(&mut self, name: &Arc<str>) {
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

pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// An output as last rendered: its key (None: rendered every time) and its files.
#[derive(Clone, Default)]
pub(super) struct Prev {
    pub key: Option<u64>,
    pub files: Vec<Arc<str>>,
}

/// Files rendered into memory: (path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// An output's files, and their entries when it was rendered now.
type Ordered = (Vec<Arc<str>>, Option<Vec<Entry>>);

/// Builds the next snapshot. When the last build's outputs line up with this one's, it
/// starts from the last snapshot (files shared) and changes what was rendered; otherwise,
/// or when an output takes over another's file, it fills a new map in order.
pub(super) struct Assembly {
    old: Option<Arc<Snapshot>>,
    /// The next snapshot being changed, until something forces the ordered fill.
    pub patched: Option<Snapshot>,
    /// Every output's files in order, for the ordered fill.
    ordered: Vec<Ordered>,
    changed: Vec<Arc<str>>,
    pub rendered: usize,
}

impl Assembly {
    pub(super) fn new(old: Option<Arc<Snapshot>>, aligned: bool) -> Self {
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
    pub(super) fn fresh(&mut self, prev: Option<&Prev>, key: Option<u64>, files: Files) -> Prev {
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
    pub(super) fn keep(&mut self, prev: &Prev) -> Prev {
        self.ordered.push((prev.files.clone(), None));
        prev.clone()
    }

    pub(super) fn finish(self) -> (Arc<Snapshot>, Vec<Arc<str>>) {
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
            FxBuildHasher,
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
