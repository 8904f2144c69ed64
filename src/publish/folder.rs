//! Publishing to a folder: a share mounted from the portal's server, a USB stick.
//! Each file is written under a temporary name beside its place, then renamed over it.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::error::{Kind, PublishError};
use super::{PART_SUFFIX, Remote, part_name};

pub struct Folder {
    /// The destination, canonical: every path written is proven inside it.
    root: PathBuf,
    /// Folders already made and checked.
    checked: HashSet<PathBuf>,
}

/// The folder must not be, hold or sit inside the site's sources or its output: publishing
/// removes files there.
pub fn check(dest: &Path, site_root: &Path, output: &Path) -> Result<(), PublishError> {
    // Compared by where they are (or would be), links resolved.
    let dest = crate::output::resolved(dest);
    let root = crate::output::resolved(site_root);
    let output = crate::output::resolved(output);
    let mut forbidden: Vec<PathBuf> = ["content", "templates", "themes", ".bantin-publish"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    forbidden.push(output.clone());
    let inside = forbidden.iter().any(|f| dest.starts_with(f));
    let holds = dest == root || root.starts_with(&dest) || output.starts_with(&dest);
    if inside || holds {
        return Err(PublishError::new(Kind::Config, dest.display().to_string())
            .said(crate::msg!("publish-folder-overlaps")));
    }
    Ok(())
}

impl Folder {
    pub fn open(dest: &Path) -> Result<Folder, PublishError> {
        fs::create_dir_all(dest).map_err(|e| PublishError::io(&e, dest.display().to_string()))?;
        let root =
            fs::canonicalize(dest).map_err(|e| PublishError::io(&e, dest.display().to_string()))?;
        Ok(Folder {
            root,
            checked: HashSet::new(),
        })
    }

    /// The file's place, its folder made and proven inside the destination (a link
    /// inside the destination could otherwise lead elsewhere).
    fn place(&mut self, rel: &str) -> Result<PathBuf, PublishError> {
        let target = self.root.join(rel);
        let parent = target.parent().unwrap_or(&self.root).to_path_buf();
        if !self.checked.contains(&parent) {
            fs::create_dir_all(&parent).map_err(|e| self.err(&e, rel))?;
            let real = fs::canonicalize(&parent).map_err(|e| self.err(&e, rel))?;
            if !real.starts_with(&self.root) {
                return Err(
                    PublishError::new(Kind::Permission, target.display().to_string())
                        .detail(format!("{} → {}", parent.display(), real.display())),
                );
            }
            self.checked.insert(parent);
        }
        Ok(target)
    }

    fn err(&self, e: &io::Error, rel: &str) -> PublishError {
        PublishError::io(e, self.root.join(rel).display().to_string())
    }
}

impl Remote for Folder {
    fn put(&mut self, rel: &str, local: &Path) -> Result<(), PublishError> {
        let target = self.place(rel)?;
        let part = target.with_file_name(part_name(rel));
        let result = fs::copy(local, &part).and_then(|_| fs::rename(&part, &target));
        result.map_err(|e| {
            let _ = fs::remove_file(&part);
            self.err(&e, rel)
        })
    }

    fn remove(&mut self, rel: &str) -> Result<(), PublishError> {
        match fs::remove_file(self.root.join(rel)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(self.err(&e, rel)),
            _ => Ok(()),
        }
    }

    fn remove_dir_if_empty(&mut self, rel: &str) {
        let _ = fs::remove_dir(self.root.join(rel));
    }

    fn list(&mut self) -> Result<BTreeMap<String, u64>, PublishError> {
        let mut out = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&self.root).min_depth(1) {
            let entry = entry.map_err(|e| {
                PublishError::new(Kind::Local, self.root.display().to_string())
                    .detail(e.to_string())
            })?;
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && !name.ends_with(PART_SUFFIX) {
                let rel = entry
                    .path()
                    .strip_prefix(&self.root)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, entry.metadata().map(|m| m.len()).unwrap_or(0));
            }
        }
        Ok(out)
    }
}
