//! The documents of the last build's load, kept in the output's `.bantin/` so that the next
//! build does not parse again a file whose bytes did not change.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::OsString;
use std::io;
use std::ops::Range;
use std::path::Path;
use std::sync::{LazyLock, Mutex};

use rayon::prelude::*;

use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};

use super::{FORMAT, identity, open_state, sealed};
use crate::content::Document;
use crate::output::Staging;
use crate::resolve::Site;

/// The documents of the last build's load, in [`crate::output::STATE`]: what lets the next build
/// not parse again a file whose bytes did not change.
pub const DOCUMENTS: &str = "documents.bin";

/// What the kept documents were loaded with: another bantin, `content/` folder or drafts
/// setting means every file is parsed.
#[derive(Serialize, Deserialize, PartialEq, Eq, Clone)]
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
    /// Each kept document by its path, serialised alone: decoded only when taken, by the
    /// thread that reads its file.
    last: Reading,
    /// Documents of this load that the next can keep: their bytes' hash, how their file was
    /// seen and whether the document is the one kept (its bytes are then carried over as
    /// they are), by path.
    /// By path as text: hashed as bytes rather than part by part.
    noted: Mutex<HashMap<OsString, Noted, FxBuildHasher>>,
}

/// The kept documents, with when the last build wrote them as the file system tells (ns
/// since 1970): a file seen changed shortly before may have changed again within the same
/// tick of its clock. Read on a thread of their own while `content/` is walked; the first
/// file looked up waits for them.
type Reading = LazyLock<(Kept, u64), Box<dyn FnOnce() -> (Kept, u64) + Send>>;

/// Kept documents at hand.
fn ready(kept: Kept, written: u64) -> Reading {
    Reading::new(Box::new(move || (kept, written)))
}

/// The kept documents: where each one's bytes are in `bytes`, with its file's hash and how
/// its file was seen, by path.
#[derive(Default)]
struct Kept {
    bytes: Vec<u8>,
    docs: HashMap<OsString, KeptDocument, FxBuildHasher>,
}

/// A document as kept: the hash of its file's bytes, how the file was seen, where its
/// serialised form is.
type KeptDocument = (u64, Option<Seen>, Range<usize>);

/// A document noted for the next build: the hash of its file's bytes, how the file was
/// seen, and whether it is the document kept.
type Noted = (u64, Option<Seen>, bool);

/// What the state file holds before the documents' bytes: each document's path, hash, how
/// its file was seen, and the length of its bytes, in the order the bytes follow.
type Header = (LoadedWith, Vec<(u64, Option<Seen>, String, u32)>);

impl Kept {
    /// The documents of a state file's payload, when they were loaded `with` this load.
    fn of(payload: Vec<u8>, with: &LoadedWith) -> Option<Kept> {
        let ((kept_with, entries), rest): (Header, &[u8]) =
            postcard::take_from_bytes(&payload).ok()?;
        if kept_with != *with {
            return None;
        }
        let start = payload.len() - rest.len();
        let mut at = start;
        let mut docs = HashMap::with_capacity_and_hasher(entries.len(), FxBuildHasher);
        for (hash, seen, path, len) in entries {
            let end = at
                .checked_add(len as usize)
                .filter(|&e| e <= payload.len())?;
            docs.insert(OsString::from(path), (hash, seen, at..end));
            at = end;
        }
        Some(Kept {
            bytes: payload,
            docs,
        })
    }

    /// The document kept for `path`, with its hash and how its file was seen.
    fn get(&self, path: &Path) -> Option<(u64, Option<Seen>, Document)> {
        let (hash, seen, at) = self.docs.get(path.as_os_str())?;
        let doc = postcard::from_bytes(self.bytes.get(at.clone())?).ok()?;
        Some((*hash, *seen, doc))
    }
}

/// A source file as seen before it was read: size, modification time (ns since 1970) and,
/// on Unix, change time and inode. Writing the file changes its times; putting another
/// file in its place changes its inode; the change time, unlike the modification time,
/// cannot be set back by a program.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
struct Seen(u64, u64, u64, u64);

/// How long before the last build wrote its state a file must have last changed to be
/// taken as unchanged without reading it: the coarsest clock of a common file system
/// (FAT's two seconds), so that an edit in the same tick as the last read is never missed.
const SETTLED_NS: u64 = 2_000_000_000;

impl Seen {
    fn of(meta: &std::fs::Metadata) -> Option<Seen> {
        let modified = nanos(meta.modified().ok()?)?;
        #[cfg(unix)]
        let (changed, place) = {
            use std::os::unix::fs::MetadataExt;
            let changed = (meta.ctime() as u64)
                .checked_mul(1_000_000_000)?
                .checked_add(meta.ctime_nsec() as u64)?;
            (changed, meta.ino())
        };
        #[cfg(not(unix))]
        let (changed, place) = (0, 0);
        Some(Seen(meta.len(), modified, changed, place))
    }

    /// The latest of its times.
    fn last_change(&self) -> u64 {
        self.1.max(self.2)
    }
}

fn nanos(time: std::time::SystemTime) -> Option<u64> {
    let since = time.duration_since(std::time::UNIX_EPOCH).ok()?;
    u64::try_from(since.as_nanos()).ok()
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
            ready(Kept::default(), 0)
        } else {
            let (output, with) = (output.to_path_buf(), with.clone());
            let read = move || {
                let mut file = open_state(&output, DOCUMENTS)?;
                let written = nanos(file.metadata().ok()?.modified().ok()?)?;
                let mut bytes = Vec::new();
                io::Read::read_to_end(&mut file, &mut bytes).ok()?;
                let len = sealed::unseal(&bytes)?.len();
                bytes.truncate(len);
                Some((Kept::of(bytes, &with)?, written))
            };
            let reading = std::thread::spawn(move || read().unwrap_or_default());
            Reading::new(Box::new(move || reading.join().unwrap_or_default()))
        };
        KnownDocuments {
            with,
            last,
            noted: Mutex::default(),
        }
    }

    /// Writes the documents of `site` that the next build can keep into the staging folder.
    pub fn write(self, staging: &Staging, site: &Site) -> io::Result<()> {
        let noted = self
            .noted
            .into_inner()
            .expect("no panics while holding the lock");
        let docs: Vec<(u64, Option<Seen>, &Document)> = site
            .docs
            .iter()
            .filter_map(|d| {
                let (hash, seen, _) = *noted.get(d.path.as_os_str())?;
                Some((hash, seen, d))
            })
            .collect();
        // A document taken as kept is carried over in the bytes it was kept in.
        let (last, _) = &*self.last;
        let kept = |d: &Document| {
            let (_, _, at) = last.docs.get(d.path.as_os_str())?;
            noted
                .get(d.path.as_os_str())?
                .2
                .then(|| last.bytes.get(at.clone()))?
        };
        sealed::write_with(staging, DOCUMENTS, |out| {
            put_kept(out, &self.with, &docs, &kept)
        })
    }
}

/// A document as put: its file's hash, how its file was seen, its path, its bytes.
type Put<'a> = (u64, Option<Seen>, &'a str, Cow<'a, [u8]>);

/// What [`Kept::of`] reads: the header, then each document serialised alone (in parallel),
/// to be decoded alone; `kept` gives a document's bytes as last kept, when it is that
/// document. A document whose path is not text is left out.
fn put_kept<'a>(
    out: &mut dyn io::Write,
    with: &LoadedWith,
    docs: &[(u64, Option<Seen>, &'a Document)],
    kept: &(dyn Fn(&Document) -> Option<&'a [u8]> + Sync),
) -> io::Result<()> {
    let docs: Vec<Put<'a>> = docs
        .par_iter()
        .filter_map(|&(hash, seen, d)| {
            let bytes = match kept(d) {
                Some(bytes) => Cow::Borrowed(bytes),
                None => Cow::Owned(postcard::to_allocvec(d).ok()?),
            };
            Some((hash, seen, d.path.to_str()?, bytes))
        })
        .collect();
    let header: Vec<(u64, Option<Seen>, &str, u32)> = docs
        .iter()
        .map(|(hash, seen, path, bytes)| (*hash, *seen, *path, bytes.len() as u32))
        .collect();
    postcard::to_io(&(with, header), &mut *out).map_err(io::Error::other)?;
    docs.iter().try_for_each(|d| out.write_all(&d.3))
}

impl crate::content::Known for KnownDocuments {
    fn unchanged(&self, path: &Path, file: &std::fs::Metadata) -> Option<Document> {
        let seen = Seen::of(file)?;
        let (last, written) = &*self.last;
        let (hash, kept_seen, _) = last.docs.get(path.as_os_str())?;
        let settled = seen.last_change().saturating_add(SETTLED_NS) < *written;
        if *kept_seen != Some(seen) || !settled {
            return None;
        }
        let (_, _, doc) = last.get(path)?;
        if !sound_alone(&doc, path) {
            return None;
        }
        self.remember(path, (*hash, Some(seen), true));
        Some(doc)
    }

    fn get(
        &self,
        path: &Path,
        hash: u64,
        text: &str,
        file: Option<&std::fs::Metadata>,
    ) -> Option<Document> {
        let (last, _) = &*self.last;
        if last.docs.get(path.as_os_str())?.0 != hash {
            return None;
        }
        let (_, _, doc) = last.get(path)?;
        if !sound(&doc, path, text) {
            return None;
        }
        self.remember(path, (hash, file.and_then(Seen::of), true));
        Some(doc)
    }

    fn note(&self, path: &Path, hash: u64, file: Option<&std::fs::Metadata>, _: &Document) {
        self.remember(path, (hash, file.and_then(Seen::of), false));
    }
}

impl KnownDocuments {
    /// Notes that the next build can keep the document of `path`.
    fn remember(&self, path: &Path, noted: Noted) {
        self.noted
            .lock()
            .expect("no panics while holding the lock")
            .insert(path.as_os_str().to_owned(), noted);
    }
}

/// Whether a kept document is its file's alone: its own path, nothing read beside it. Its
/// offsets were checked against the file's text when it was last read, and the text is
/// checked again when its body is read ([`Document::read_body`]).
fn sound_alone(doc: &Document, path: &Path) -> bool {
    doc.path == path && doc.attachments.is_empty() && doc.bundle_files.is_empty()
}

/// Whether a kept document can be what its file's text makes: its own path, nothing read
/// beside it, and every offset inside the text on a character's boundary, so that a
/// damaged state file can never make the build read elsewhere or cut a character.
fn sound(doc: &Document, path: &Path, text: &str) -> bool {
    let within = |r: &std::ops::Range<usize>, s: &str| {
        r.start <= r.end && s.is_char_boundary(r.start) && s.is_char_boundary(r.end)
    };
    sound_alone(doc, path)
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
    use xxhash_rust::xxh3::xxh3_64;

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

    #[test]
    fn kept_documents_are_read_back_each_alone() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let load = |name: &str, title: &str| {
            let path = content.join(name);
            let text = format!(
                "---\ntitle: {title}\nkind: plan\ndate: 2022-08-23\nunit: Huyện ủy\n---\n\nNội dung.\n"
            );
            std::fs::write(&path, &text).unwrap();
            let options = crate::content::LoadOptions::default();
            (
                crate::content::load_document(&content, &path, options)
                    .0
                    .unwrap(),
                text,
            )
        };
        let (a, a_text) = load("a.md", "Kế hoạch");
        let (b, _) = load("b.md", "Báo cáo");
        let with = LoadedWith {
            format: FORMAT,
            bantin: "1".into(),
            content: content.to_string_lossy().into_owned(),
            drafts: false,
        };
        let mut bytes = Vec::new();
        let docs = [(7, None, &a), (xxh3_64(a_text.as_bytes()), None, &b)];
        put_kept(&mut bytes, &with, &docs, &|_| None).unwrap();
        let kept = Kept::of(bytes.clone(), &with).expect("read back");
        assert_eq!(
            kept.get(&a.path).map(|k| (k.0, k.2.title)),
            Some((7, a.title.clone()))
        );
        assert_eq!(kept.get(&b.path).map(|k| k.2.title), Some(b.title.clone()));
        assert!(kept.get(&content.join("c.md")).is_none());
        // Written again with one document carried over in its kept bytes: the same file.
        let mut again = Vec::new();
        let carried = |d: &Document| {
            (d.path == a.path).then(|| &kept.bytes[kept.docs[a.path.as_os_str()].2.clone()])
        };
        put_kept(&mut again, &with, &docs, &carried).unwrap();
        assert_eq!(again, bytes);
        // Cut short, or of another load: nothing.
        assert!(Kept::of(bytes[..bytes.len() - 1].to_vec(), &with).is_none());
        let other = LoadedWith {
            drafts: true,
            ..with
        };
        assert!(Kept::of(bytes, &other).is_none());
    }

    #[test]
    fn a_file_seen_as_it_was_is_not_read_again_and_any_edit_is_seen() {
        use crate::content::Known;
        use std::time::{Duration, SystemTime};
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let path = content.join("ke-hoach.md");
        let text = "---\ntitle: Kế hoạch\nkind: plan\ndate: 2022-08-23\n\
                    unit: Huyện ủy Đồng Văn\n---\n\nNội dung.\n";
        std::fs::write(&path, text).unwrap();
        let (doc, _) =
            crate::content::load_document(&content, &path, crate::content::LoadOptions::default());
        let doc = doc.unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let nanos_at = |t: SystemTime| nanos(t).unwrap();
        let known = |written: SystemTime| KnownDocuments {
            with: LoadedWith {
                format: FORMAT,
                bantin: String::new(),
                content: String::new(),
                drafts: false,
            },
            last: {
                let bytes = postcard::to_allocvec(&doc).unwrap();
                let entry = (xxh3_64(text.as_bytes()), Seen::of(&meta), 0..bytes.len());
                let kept = Kept {
                    docs: [(path.clone().into_os_string(), entry)]
                        .into_iter()
                        .collect(),
                    bytes,
                };
                ready(kept, nanos_at(written))
            },
            noted: Mutex::default(),
        };
        let later = SystemTime::now() + Duration::from_secs(3600);

        // Seen as it was, and settled long before the state was written: taken, and noted
        // for the next build.
        let k = known(later);
        assert_eq!(
            k.unchanged(&path, &meta).map(|d| d.title),
            Some(doc.title.clone())
        );
        assert!(k.noted.lock().unwrap().contains_key(path.as_os_str()));

        // Changed too shortly before the state was written: read again.
        assert!(known(SystemTime::now()).unchanged(&path, &meta).is_none());

        // Another path, or a document with a file beside it: read again.
        assert!(
            known(later)
                .unchanged(&content.join("khac.md"), &meta)
                .is_none()
        );

        // The same length written again, even with its old modification time put back.
        let old_time = meta.modified().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, text.replace("Nội dung.", "Nội dunG.")).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(old_time).unwrap();
        drop(file);
        let now = std::fs::metadata(&path).unwrap();
        assert_eq!(now.len(), meta.len());
        if cfg!(unix) {
            assert!(
                known(later).unchanged(&path, &now).is_none(),
                "an edit is seen"
            );
        }
        // Replaced by another file of the same length: read again.
        let other = content.join("moi.md");
        std::fs::write(&other, text).unwrap();
        std::fs::rename(&other, &path).unwrap();
        let now = std::fs::metadata(&path).unwrap();
        if cfg!(unix) {
            assert!(
                known(later).unchanged(&path, &now).is_none(),
                "another file is seen"
            );
        }
    }
}
