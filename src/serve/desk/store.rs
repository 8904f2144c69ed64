//! Writing into `content/`: every path proven inside it first (after links are followed),
//! every file written whole or not at all (a temporary file beside it, then a rename), and
//! nothing overwritten that the desk did not open.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::i18n::Message;
use crate::msg;

/// Where a new document goes: `content/<year>/<slug>.md`, or a bundle when files go with it.
#[derive(Debug, Clone, Default)]
pub struct NewPlace {
    pub year: i32,
    pub slug: String,
}

/// A version of a file's bytes, to see whether it changed since the form opened it.
pub fn version(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// A path under `content/` as the desk is given it (`2022/ke-hoach.md`), proven to name a
/// Markdown file inside `content/`: relative, no `..`, no drive or root, no link out.
pub fn inside(content: &Path, rel: &str) -> Result<PathBuf, Message> {
    let refused = || msg!("desk-path-refused", path = rel);
    if rel.is_empty() || rel.contains(['\\', ':', '\0']) || !rel.ends_with(".md") {
        return Err(refused());
    }
    let relative = Path::new(rel);
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(p) if !p.to_string_lossy().starts_with('.')))
    {
        return Err(refused());
    }
    let path = content.join(relative);
    let parent = path.parent().ok_or_else(refused)?;
    let (Ok(root), Ok(real_parent)) = (
        std::fs::canonicalize(content),
        std::fs::canonicalize(parent),
    ) else {
        return Err(refused());
    };
    if !real_parent.starts_with(&root)
        || std::fs::symlink_metadata(&path).is_ok_and(|m| !m.file_type().is_file())
    {
        return Err(refused());
    }
    Ok(path)
}

/// A file name safe on every system: folded to ASCII, its extension kept.
pub fn file_name(name: &str) -> String {
    crate::import::original_file_name(name)
}

/// Writes `bytes` to `path` whole: a hidden temporary file in the same folder (which the
/// watcher and the loader skip), synced, then renamed over.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let token = super::guard::new_token()?;
    let temp = dir.join(format!(".{name}.{}.tmp", &token[..12]));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn failed(path: &Path, e: &std::io::Error) -> Message {
    msg!(
        "desk-write-failed",
        path = path.display().to_string(),
        reason = e.to_string()
    )
}

/// Files to go beside a document, none over an existing file. Names were made plain by
/// [`file_name`]; each is still proven to be one visible file name in `dir` before anything
/// is written.
fn put_beside(dir: &Path, uploads: &[(String, Arc<[u8]>)]) -> Result<(), Message> {
    for (name, _) in uploads {
        let mut parts = Path::new(name).components();
        let plain = matches!(
            (parts.next(), parts.next()),
            (Some(std::path::Component::Normal(_)), None)
        ) && !name.starts_with('.')
            && !name.contains(['/', '\\', ':']);
        if !plain {
            return Err(msg!("desk-path-refused", path = name.as_str()));
        }
        let target = dir.join(name);
        if target.exists() {
            return Err(msg!(
                "desk-file-exists",
                path = target.display().to_string()
            ));
        }
    }
    for (name, bytes) in uploads {
        let target = dir.join(name);
        write_atomic(&target, bytes).map_err(|e| failed(&target, &e))?;
    }
    Ok(())
}

/// Rewrites an existing document (the caller checked it is the version the form opened).
pub fn replace(
    content: &Path,
    rel: &str,
    bytes: &[u8],
    uploads: &[(String, Arc<[u8]>)],
) -> Result<String, Message> {
    let path = inside(content, rel)?;
    let dir = path.parent().unwrap_or(content);
    put_beside(dir, uploads)?;
    write_atomic(&path, bytes).map_err(|e| failed(&path, &e))?;
    Ok(rel.to_owned())
}

/// Writes a new document at the first free place: `<year>/<slug>.md`, `<slug>-2.md`, …;
/// a bundle folder (`<slug>/index.md`) when files go with it.
pub fn create(
    content: &Path,
    place: &NewPlace,
    bytes: &[u8],
    uploads: &[(String, Arc<[u8]>)],
) -> Result<String, Message> {
    let year = place.year.to_string();
    let year_dir = content.join(&year);
    std::fs::create_dir_all(&year_dir).map_err(|e| failed(&year_dir, &e))?;
    for n in 1..1000 {
        let slug = if n == 1 {
            place.slug.clone()
        } else {
            format!("{}-{n}", place.slug)
        };
        let single = format!("{year}/{slug}.md");
        let bundle = format!("{year}/{slug}/index.md");
        if content.join(&single).exists() || year_dir.join(&slug).exists() {
            continue;
        }
        let rel = if uploads.is_empty() { single } else { bundle };
        if !uploads.is_empty() {
            let dir = year_dir.join(&slug);
            std::fs::create_dir(&dir).map_err(|e| failed(&dir, &e))?;
        }
        let path = inside(content, &rel)?;
        let dir = path.parent().unwrap_or(content);
        put_beside(dir, uploads)?;
        // Not over a file that appeared meanwhile.
        if path.exists() {
            continue;
        }
        write_atomic(&path, bytes).map_err(|e| failed(&path, &e))?;
        return Ok(rel);
    }
    Err(msg!("desk-path-refused", path = &place.slug))
}

/// Adds an entry at the end of a registry (`units.yaml`), keeping all that is there.
pub fn append(content: &Path, file: &str, entry: &str) -> Result<(), Message> {
    let path = content.join(file);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.file_type().is_file()) {
        return Err(msg!("desk-path-refused", path = file));
    }
    let mut text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(failed(&path, &e)),
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(entry);
    write_atomic(&path, text.as_bytes()).map_err(|e| failed(&path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_with_hostile_names_are_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("content/2022/a");
        std::fs::create_dir_all(&bundle).unwrap();
        let bytes: Arc<[u8]> = Arc::from(&b"%PDF"[..]);
        for bad in [
            "../x.pdf",
            "..",
            "/tmp/x.pdf",
            "a/b.pdf",
            "a\\b.pdf",
            "C:x.pdf",
            ".hidden",
        ] {
            let uploads = vec![(bad.to_owned(), bytes.clone())];
            assert!(put_beside(&bundle, &uploads).is_err(), "{bad}");
            // As they arrive from the browser, names are made plain first.
            let plain = file_name(bad);
            assert!(
                put_beside(&bundle, &[(plain.clone(), bytes.clone())]).is_ok(),
                "{plain}"
            );
            std::fs::remove_file(bundle.join(&plain)).unwrap();
        }
        assert_eq!(
            std::fs::read_dir(dir.path().join("content/2022"))
                .unwrap()
                .count(),
            1
        );
        assert_eq!(std::fs::read_dir(&bundle).unwrap().count(), 0);
    }

    #[test]
    fn only_markdown_files_inside_content_are_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("2022")).unwrap();
        assert!(inside(&content, "2022/a.md").is_ok());
        for bad in [
            "../a.md",
            "2022/../../a.md",
            "/etc/a.md",
            "2022\\..\\a.md",
            "C:/a.md",
            "2022/a.html",
            "2022/.hidden.md",
            "",
            "nowhere/a.md",
        ] {
            assert!(inside(&content, bad).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path(), content.join("out")).unwrap();
            assert!(inside(&content, "out/a.md").is_err());
        }
    }

    #[test]
    fn writes_are_whole_and_new_documents_take_a_free_name() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().to_path_buf();
        let place = NewPlace {
            year: 2022,
            slug: "ke-hoach".into(),
        };
        assert_eq!(
            create(&content, &place, b"a", &[]).unwrap(),
            "2022/ke-hoach.md"
        );
        assert_eq!(
            create(&content, &place, b"b", &[]).unwrap(),
            "2022/ke-hoach-2.md"
        );
        let files: Vec<(String, Arc<[u8]>)> = vec![("x.pdf".into(), Arc::from(&b"%PDF"[..]))];
        assert_eq!(
            create(&content, &place, b"c", &files).unwrap(),
            "2022/ke-hoach-3/index.md"
        );
        assert_eq!(
            std::fs::read(content.join("2022/ke-hoach.md")).unwrap(),
            b"a"
        );
        assert_eq!(
            std::fs::read(content.join("2022/ke-hoach-3/x.pdf")).unwrap(),
            b"%PDF"
        );
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(content.join("2022"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
        append(&content, "units.yaml", "- name: A\n").unwrap();
        append(&content, "units.yaml", "- name: B\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(content.join("units.yaml")).unwrap(),
            "- name: A\n- name: B\n"
        );
    }
}
