//! The output folder: build into a staging folder beside it, then swap it in whole, so a
//! failed build leaves the previous site as it was and a reader never sees half a site.
//! bantin only ever replaces a folder that carries its marker file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// The file that marks a folder as bantin's output, safe to replace.
pub const MARKER: &str = ".bantin-output";

/// A fresh folder next to the output, written by the build.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    swapped: bool,
}

/// Proves a path relative to the output stays inside it, by its text alone (cheap enough
/// for every file of a large site): not empty, and every part an ordinary name — no root,
/// drive, `.`, `..` or empty part (an empty part is a name that slugged to nothing, and
/// would land on another page). Every file the build writes passes through here.
pub fn inside(rel: &str) -> io::Result<&Path> {
    let path = Path::new(rel);
    let bad = rel.is_empty()
        || rel.split('/').any(str::is_empty)
        || !path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if bad {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "`{rel}` would be written outside the output folder; nothing was written there"
            ),
        ));
    }
    Ok(path)
}

/// Refuses an output that is not ours to replace: a symbolic link, a file, a folder holding
/// or inside the site's sources, or an existing non-empty folder without our marker.
pub fn check_target(output: &Path, root: &Path) -> Result<(), Diagnostic> {
    let meta = fs::symlink_metadata(output);
    if meta.as_ref().is_ok_and(|m| m.file_type().is_symlink()) {
        let to = fs::read_link(output).unwrap_or_default();
        return Err(Diagnostic::error(
            output,
            format!(
                "the output is a symbolic link (to {}); bantin does not replace a folder through a link",
                to.display()
            ),
        )
        .help(format!(
            "give the real folder with `--output {}`, or remove the link",
            fs::canonicalize(output).unwrap_or(to).display()
        )));
    }
    if meta.as_ref().is_ok_and(|m| !m.is_dir()) {
        return Err(
            Diagnostic::error(output, "the output path is a file, not a folder")
                .help("choose another output with `--output DIR`"),
        );
    }
    let out = resolved(output);
    for source in ["content", "themes", "templates"] {
        let source = resolved(&root.join(source));
        if out.starts_with(&source) || source.starts_with(&out) {
            return Err(Diagnostic::error(
                output,
                format!(
                    "the output folder {} the site's sources ({})",
                    if out == source {
                        "is"
                    } else if out.starts_with(&source) {
                        "is inside"
                    } else {
                        "holds"
                    },
                    source.display()
                ),
            )
            .help(
                "write the site to a folder of its own beside content/, e.g. `--output public`",
            ));
        }
    }
    if meta.is_ok() {
        let empty = fs::read_dir(output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !output.join(MARKER).exists() {
            return Err(Diagnostic::error(
                output,
                "this folder was not made by bantin, so bantin will not replace it",
            )
            .help(
                "choose an empty or new folder with `--output DIR`, or empty this one yourself",
            ));
        }
    }
    Ok(())
}

/// The absolute path with links resolved, also for a path not made yet: its nearest
/// existing folder resolved, the rest appended (`..` taken lexically).
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            let mut out = real;
            for part in rest.iter().rev() {
                if *part == std::ffi::OsStr::new("..") {
                    out.pop();
                } else if *part != std::ffi::OsStr::new(".") {
                    out.push(part);
                }
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

impl Staging {
    /// Makes `<output>.bantin-new-<pid>` beside the output.
    pub fn create(output: &Path) -> io::Result<Staging> {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.bantin-new-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir(&dir)?;
        fs::write(
            dir.join(MARKER),
            b"This folder is written by bantin build; its contents are replaced on every build.\n",
        )?;
        Ok(Staging {
            dir,
            target: output.to_path_buf(),
            swapped: false,
        })
    }

    /// Writes a file under the staging folder, creating its folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(inside(rel)?);
        match fs::write(&path, bytes) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&path, bytes)
            }
            Err(e) => Err(e),
        }
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let path = self.dir.join(inside(rel)?);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(from, path).map(|_| ())
    }

    /// Puts the staged site in place of the output. Hidden files the user keeps in the
    /// output folder (`.git`, `.htaccess`, …) move across to the new site.
    pub fn swap_in(mut self) -> io::Result<PathBuf> {
        let target = self.target.clone();
        if target.exists() {
            for entry in fs::read_dir(&target)? {
                let entry = entry?;
                let name = entry.file_name();
                let keep = name.to_string_lossy().starts_with('.') && name != MARKER;
                if keep && !self.dir.join(&name).exists() {
                    fs::rename(entry.path(), self.dir.join(&name))?;
                }
            }
            let old = self.dir.with_file_name(format!(
                ".{}.bantin-old-{}",
                target
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                std::process::id()
            ));
            fs::rename(&target, &old)?;
            if let Err(e) = fs::rename(&self.dir, &target) {
                let _ = fs::rename(&old, &target);
                return Err(e);
            }
            remove_tree(&old)?;
        } else {
            fs::rename(&self.dir, &target)?;
        }
        self.swapped = true;
        Ok(target)
    }
}

/// Deletes a folder of bantin's, its top-level entries in parallel (a site has thousands).
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            fs::remove_dir_all(e.path())
        } else {
            fs::remove_file(e.path())
        }
    })?;
    fs::remove_dir(dir)
}

impl Drop for Staging {
    /// A build that did not finish leaves nothing behind.
    fn drop(&mut self) {
        if !self.swapped {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
