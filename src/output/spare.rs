//! The site before the last, kept beside the output (`.public.bantin-spare`) by a build
//! whose new site shares its unchanged files with it (hard links). The next build starts
//! from it rather than from an empty folder: a file the same as the site's is left where
//! it is, and only what changed is replaced, so that a build after a small edit neither
//! links every file of the site into a new folder nor removes the old site file by file.
//! Nothing in it is trusted: a file is kept only when it is the site's own file (same
//! size, time and, on Unix, inode), every other one is removed before anything is put in
//! its place, links and anything not a file or folder are removed as found, and what the
//! new site does not have is removed before the swap.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rustc_hash::FxBuildHasher;

use super::{MARKER, Stamp, folder_name, parent_of};

/// The spare of `output`, beside it.
pub fn path(output: &Path) -> PathBuf {
    parent_of(output).join(format!(".{}.bantin-spare", folder_name(output)))
}

/// A spare claimed by this build: renamed to its staging folder, so that no other build
/// takes it, with every file it holds.
pub struct Spare {
    pub(super) dir: PathBuf,
    /// Where it was: put back there when the build does not use it.
    home: PathBuf,
    /// Each file, by its path relative to the folder, with its stamp.
    pub(super) files: HashMap<String, Stamp, FxBuildHasher>,
    /// Every folder (relative, with its files' separators), the same as paths, and those
    /// found empty: made on the spare's own thread, not while the build waits.
    pub(super) folders: HashSet<String, FxBuildHasher>,
    pub(super) made: HashSet<OsString, FxBuildHasher>,
    pub(super) empty: Vec<String>,
    pub(super) taken: bool,
}

/// A spare being claimed and looked through, on a thread of its own while the content
/// loads.
pub struct Claim(Option<std::thread::JoinHandle<Option<Spare>>>);

impl Claim {
    /// Starts claiming the spare of `output` as `staging` (this build's staging folder).
    pub fn start(output: &Path, staging: PathBuf) -> Claim {
        let home = path(output);
        Claim(Some(std::thread::spawn(move || {
            Spare::claim(home, staging)
        })))
    }

    /// The spare, when there was one of bantin's and it could be looked through.
    pub fn take(mut self) -> Option<Spare> {
        self.0.take()?.join().ok().flatten()
    }
}

impl Drop for Claim {
    /// A build that stops before it takes the spare waits for it, and so puts it back.
    fn drop(&mut self) {
        if let Some(claiming) = self.0.take() {
            let _ = claiming.join();
        }
    }
}

impl Spare {
    fn claim(home: PathBuf, dir: PathBuf) -> Option<Spare> {
        let meta = fs::symlink_metadata(&home).ok()?;
        if !meta.file_type().is_dir() || !home.join(MARKER).is_file() {
            return None;
        }
        fs::rename(&home, &dir).ok()?;
        let mut spare = Spare {
            dir,
            home,
            files: HashMap::default(),
            folders: HashSet::default(),
            made: HashSet::default(),
            empty: Vec::new(),
            taken: false,
        };
        match spare.look() {
            Ok(()) => Some(spare),
            Err(_) => {
                // Not to be started from: removed, or else put back (`Drop`).
                spare.taken = fs::remove_dir_all(&spare.dir).is_ok();
                None
            }
        }
    }

    /// Notes every file and folder; removes bantin's state and the hidden entries of the
    /// top (the output's own are carried in again from the output), links, and whatever
    /// is neither a file nor a folder or has a name that is not text.
    fn look(&mut self) -> io::Result<()> {
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name();
            if name != MARKER && name.to_string_lossy().starts_with('.') {
                remove_entry(&entry.path())?;
            }
        }
        let mut pending = vec![(self.dir.clone(), String::new())];
        while let Some((folder, rel)) = pending.pop() {
            let mut any = false;
            for entry in fs::read_dir(&folder)? {
                let entry = entry?;
                any = true;
                let kind = entry.file_type()?;
                let name = entry.file_name();
                let (Some(name), false) = (name.to_str(), kind.is_symlink()) else {
                    remove_entry(&entry.path())?;
                    continue;
                };
                if rel.is_empty() && name == MARKER {
                    continue;
                }
                let path = if rel.is_empty() {
                    name.to_owned()
                } else {
                    format!("{rel}/{name}")
                };
                if kind.is_dir() {
                    self.folders.insert(path.clone());
                    let at = entry.path();
                    self.made.insert(at.as_os_str().to_owned());
                    pending.push((at, path));
                } else if kind.is_file() {
                    self.files.insert(path, Stamp::of(&entry.metadata()?));
                } else {
                    remove_entry(&entry.path())?;
                }
            }
            if !any {
                self.empty.push(rel);
            }
        }
        Ok(())
    }
}

impl Drop for Spare {
    /// A spare claimed but not used goes back where it was.
    fn drop(&mut self) {
        if !self.taken && fs::rename(&self.dir, &self.home).is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn remove_entry(path: &Path) -> io::Result<()> {
    let kind = fs::symlink_metadata(path)?.file_type();
    if kind.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}
