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

/// Refuses an output that is not ours to replace: an existing non-empty folder without
/// our marker, a file, or the site's own source.
pub fn check_target(output: &Path, root: &Path) -> Result<(), Diagnostic> {
    let canon = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if output.exists() {
        if !output.is_dir() {
            return Err(
                Diagnostic::error(output, "the output path is a file, not a folder")
                    .help("choose another output with `--output DIR`"),
            );
        }
        if canon(output) == canon(root) || canon(root).starts_with(canon(output)) {
            return Err(
                Diagnostic::error(output, "the output folder holds the site itself")
                    .help("write the site to a folder of its own, e.g. `--output public`"),
            );
        }
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
        let path = self.dir.join(rel);
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
        let path = self.dir.join(rel);
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
