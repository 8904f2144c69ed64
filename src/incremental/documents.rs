//! The documents of the last build's load, kept in the output's `.bantin/` so that the next
//! build does not parse again a file whose bytes did not change.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::{FORMAT, identity, read_state};
use crate::content::Document;
use crate::output::{self, Staging};
use crate::resolve::Site;

/// The documents of the last build's load, in [`output::STATE`]: what lets the next build
/// not parse again a file whose bytes did not change.
pub const DOCUMENTS: &str = "documents.bin";

/// What the kept documents were loaded with: another bantin, `content/` folder or drafts
/// setting means every file is parsed.
#[derive(Serialize, Deserialize, PartialEq, Eq)]
struct LoadedWith {
    format: u32,
    bantin: String,
    content: String,
    drafts: bool,
}

/// The documents kept by the last build, for [`crate::content::load_all_knowing`]; it
/// notes which documents this build read that the next can keep.
pub struct KnownDocuments {
    with: LoadedWith,
    last: Mutex<HashMap<PathBuf, (u64, Document), FxBuildHasher>>,
    /// Documents of this load that the next can keep: their bytes' hash, by path.
    noted: Mutex<HashMap<PathBuf, u64, FxBuildHasher>>,
}

impl KnownDocuments {
    /// The documents kept in `output` when loaded as this build loads `content_dir`; none
    /// with `full`, or when they are missing, damaged or of another load.
    pub fn read(output: &Path, content_dir: &Path, drafts: bool, full: bool) -> KnownDocuments {
        let with = LoadedWith {
            format: FORMAT,
            bantin: identity(),
            content: content_dir.to_string_lossy().into_owned(),
            drafts,
        };
        let last = if full {
            HashMap::default()
        } else {
            read_state(output, DOCUMENTS)
                .and_then(|bytes| {
                    let (hash, payload) = bytes.split_at_checked(8)?;
                    if u64::from_le_bytes(hash.try_into().ok()?) != xxh3_64(payload) {
                        return None;
                    }
                    let (kept_with, docs): (LoadedWith, Vec<(u64, Document)>) =
                        postcard::from_bytes(payload).ok()?;
                    (kept_with == with).then(|| {
                        docs.into_iter()
                            .map(|(hash, doc)| (doc.path.clone(), (hash, doc)))
                            .collect()
                    })
                })
                .unwrap_or_default()
        };
        KnownDocuments {
            with,
            last: Mutex::new(last),
            noted: Mutex::default(),
        }
    }

    /// Writes the documents of `site` that the next build can keep into the staging folder.
    pub fn write(self, staging: &Staging, site: &Site) -> io::Result<()> {
        let noted = self
            .noted
            .into_inner()
            .expect("no panics while holding the lock");
        let docs: Vec<(u64, &Document)> = site
            .docs
            .iter()
            .filter_map(|d| Some((*noted.get(&d.path)?, d)))
            .collect();
        let payload = postcard::to_stdvec(&(&self.with, docs)).map_err(io::Error::other)?;
        let mut bytes = Vec::with_capacity(8 + payload.len());
        bytes.extend_from_slice(&xxh3_64(&payload).to_le_bytes());
        bytes.extend_from_slice(&payload);
        staging
            .write(&format!("{}/{DOCUMENTS}", output::STATE), &bytes)
            .map(drop)
    }
}

impl crate::content::Known for KnownDocuments {
    fn get(&self, path: &Path, hash: u64, text: &str) -> Option<Document> {
        let (kept_hash, doc) = self
            .last
            .lock()
            .expect("no panics while holding the lock")
            .remove(path)?;
        if kept_hash != hash || !sound(&doc, path, text) {
            return None;
        }
        self.note(path, hash, &doc);
        Some(doc)
    }

    fn note(&self, path: &Path, hash: u64, _: &Document) {
        self.noted
            .lock()
            .expect("no panics while holding the lock")
            .insert(path.to_path_buf(), hash);
    }
}

/// Whether a kept document can be what its file's text makes: its own path, nothing read
/// beside it, and every offset inside the text on a character's boundary, so that a
/// damaged state file can never make the build read elsewhere or cut a character.
fn sound(doc: &Document, path: &Path, text: &str) -> bool {
    let within = |r: &std::ops::Range<usize>, s: &str| {
        r.start <= r.end && s.is_char_boundary(r.start) && s.is_char_boundary(r.end)
    };
    doc.path == path
        && doc.attachments.is_empty()
        && doc.bundle_files.is_empty()
        && within(&doc.body, text)
        && {
            let body = &text[doc.body.clone()];
            doc.citations.iter().all(|c| within(&c.range, body))
        }
        && doc.deadlines.iter().all(|d| text.is_char_boundary(d.by_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_document_must_fit_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("2022")).unwrap();
        let path = content.join("2022/ke-hoach.md");
        let text = "---\ntitle: Kế hoạch\nkind: plan\nnumber: 12-KH/HU\ndate: 2022-08-23\n\
                    unit: Huyện ủy Đồng Văn\n---\n\nThực hiện Kế hoạch số 138-KH/HU của Huyện ủy.\n";
        std::fs::write(&path, text).unwrap();
        let (doc, diags) =
            crate::content::load_document(&content, &path, crate::content::LoadOptions::default());
        assert!(diags.is_empty(), "{diags:?}");
        let doc = doc.unwrap();
        assert!(!doc.citations.is_empty());
        assert!(sound(&doc, &path, text));

        // Another file's path, an offset inside a character, beyond the text or the body.
        assert!(!sound(&doc, &content.join("2022/khac.md"), text));
        let inside_a_letter = text.find("Thực").unwrap() + 3;
        assert!(!text.is_char_boundary(inside_a_letter));
        let mut d = doc.clone();
        d.body.start = inside_a_letter;
        assert!(!sound(&d, &path, text));
        let mut d = doc.clone();
        d.body.end = text.len() + 1;
        assert!(!sound(&d, &path, text));
        let mut d = doc.clone();
        d.citations[0].range = 0..doc.body.len() + 1;
        assert!(!sound(&d, &path, text));
        let mut d = doc.clone();
        d.bundle_files.push(dir.path().join("secret.txt"));
        assert!(!sound(&d, &path, text));
    }
}
