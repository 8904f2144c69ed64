//! What is on the destination, as bantin put it there: path → content hash and size.
//!
//! Kept beside the output in `.bantin-publish/<destination>.json`, never uploaded. Each file
//! that lands (or is removed) is appended at once to a journal beside it, so a publish that
//! is cut off leaves a record of what it did and the next one finishes the job; a finished
//! publish folds the journal into the manifest.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::output::MARKER;

/// A file's content as far as publishing cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(with = "hex")]
    pub hash: u128,
    pub size: u64,
}

/// In hexadecimal for people (JSON); as a number in binary state files.
mod hex {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            return s.serialize_u128(*v);
        }
        s.serialize_str(&format!("{v:032x}"))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        if !d.is_human_readable() {
            return u128::deserialize(d);
        }
        let s = String::deserialize(d)?;
        u128::from_str_radix(&s, 16).map_err(serde::de::Error::custom)
    }
}

pub type Files = BTreeMap<String, Entry>;

#[derive(Serialize, Deserialize, Default)]
struct Stored {
    /// The destination, without password.
    destination: String,
    files: Files,
}

/// One line of the journal.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Change {
    Put {
        path: String,
        hash: String,
        size: u64,
    },
    Removed {
        path: String,
    },
}

pub struct Manifest {
    pub files: Files,
    destination: String,
    path: PathBuf,
    journal_path: PathBuf,
    journal: Option<fs::File>,
}

/// Where manifests of an output folder are kept: beside it, not inside it, so a build
/// (which replaces the output whole) keeps them.
pub fn dir_for(output: &Path) -> PathBuf {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(".bantin-publish")
}

impl Manifest {
    /// The record for a destination: the manifest with its journal replayed over it.
    pub fn load(dir: &Path, id: &str, destination: &str) -> io::Result<Manifest> {
        let path = dir.join(format!("{id}.json"));
        let journal_path = dir.join(format!("{id}.journal"));
        let mut files = match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice::<Stored>(&bytes)
                .map(|s| s.files)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Files::new(),
            Err(e) => return Err(e),
        };
        if let Ok(text) = fs::read_to_string(&journal_path) {
            // A line cut off by a kill is simply not there.
            for change in text
                .lines()
                .filter_map(|l| serde_json::from_str::<Change>(l).ok())
            {
                match change {
                    Change::Put { path, hash, size } => {
                        if let Ok(hash) = u128::from_str_radix(&hash, 16) {
                            files.insert(path, Entry { hash, size });
                        }
                    }
                    Change::Removed { path } => {
                        files.remove(&path);
                    }
                }
            }
        }
        Ok(Manifest {
            files,
            destination: destination.to_owned(),
            path,
            journal_path,
            journal: None,
        })
    }

    fn append(&mut self, change: &Change) -> io::Result<()> {
        if self.journal.is_none() {
            if let Some(dir) = self.journal_path.parent() {
                fs::create_dir_all(dir)?;
            }
            self.journal = Some(
                fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&self.journal_path)?,
            );
        }
        let mut line = serde_json::to_string(change).map_err(io::Error::other)?;
        line.push('\n');
        // One write per line: a kill leaves whole lines and at most one partial last one.
        self.journal
            .as_mut()
            .expect("opened above")
            .write_all(line.as_bytes())
    }

    /// Records a file that has landed at the destination.
    pub fn put(&mut self, rel: &str, entry: Entry) -> io::Result<()> {
        self.files.insert(rel.to_owned(), entry);
        self.append(&Change::Put {
            path: rel.to_owned(),
            hash: format!("{:032x}", entry.hash),
            size: entry.size,
        })
    }

    /// Records a file removed from the destination.
    pub fn removed(&mut self, rel: &str) -> io::Result<()> {
        self.files.remove(rel);
        self.append(&Change::Removed {
            path: rel.to_owned(),
        })
    }

    /// Writes the manifest whole (temporary file, then rename) and drops the journal.
    pub fn save(&mut self) -> io::Result<()> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir)?;
        }
        let stored = Stored {
            destination: self.destination.clone(),
            files: std::mem::take(&mut self.files),
        };
        let json = serde_json::to_vec(&stored).map_err(io::Error::other);
        self.files = stored.files;
        let tmp = self.path.with_extension("json.tmp");
        fs::write(&tmp, json?)?;
        fs::rename(&tmp, &self.path)?;
        self.journal = None;
        match fs::remove_file(&self.journal_path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// Every file of a built site with its hash, read and hashed in parallel. The output's
/// marker and version-control folders are not part of the site.
pub fn scan(output: &Path) -> io::Result<Files> {
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name();
            name != ".git" && name != ".svn" && !(e.depth() == 1 && name == crate::output::STATE)
        })
    {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() && entry.file_name() != MARKER {
            let rel = entry
                .path()
                .strip_prefix(output)
                .map_err(io::Error::other)?
                .to_string_lossy()
                .replace('\\', "/");
            paths.push((rel, entry.into_path()));
        }
    }
    paths
        .into_par_iter()
        .map(|(rel, path)| {
            let bytes = fs::read(&path)?;
            let entry = Entry {
                hash: xxhash_rust::xxh3::xxh3_128(&bytes),
                size: bytes.len() as u64,
            };
            Ok((rel, entry))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_cut_off_replays_to_what_landed() {
        let dir = tempfile::tempdir().unwrap();
        let e = |h| Entry { hash: h, size: 3 };
        let mut m = Manifest::load(dir.path(), "d", "ftp://x/").unwrap();
        m.put("a.css", e(1)).unwrap();
        m.put("index.html", e(2)).unwrap();
        m.save().unwrap();
        m.put("b.js", e(3)).unwrap();
        m.removed("a.css").unwrap();
        drop(m);
        // A kill in the middle of the next line.
        let mut j = fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join("d.journal"))
            .unwrap();
        j.write_all(b"{\"put\":{\"path\":\"c.h").unwrap();
        let m = Manifest::load(dir.path(), "d", "ftp://x/").unwrap();
        let names: Vec<&str> = m.files.keys().map(String::as_str).collect();
        assert_eq!(names, ["b.js", "index.html"]);
        assert_eq!(m.files["index.html"], e(2));
    }
}
