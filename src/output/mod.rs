//! The output folder: build into a staging folder beside it, then swap it in whole, so a
//! failed build leaves the previous site as it was and a reader never sees half a site.
//! bantin only ever replaces a folder that carries its marker file.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxBuildHasher;

use crate::diag::Diagnostic;
use crate::i18n::codes;

mod leftovers;
mod spare;

use leftovers::process_tag;
pub use leftovers::recover;
pub use spare::{Claim, Spare};

/// The file that marks a folder as bantin's output, safe to replace.
pub const MARKER: &str = ".bantin-output";

/// The folder in the output where `build` keeps what the next build needs to redo only what
/// changed (its manifest and the documents' body facts): not part of the site, never
/// published, never carried over from the last output.
pub const STATE: &str = ".bantin";

/// Whether a path relative to the output is bantin's own (the marker, the build state)
/// rather than the site's.
pub fn is_own(rel: &str) -> bool {
    rel == MARKER || rel == STATE || rel.starts_with(".bantin/")
}

/// A folder next to the output, written by the build: new, or the [`Spare`].
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    swapped: bool,
    /// Folders made so far: a file of one is put without another look for it. By path as
    /// text, hashed as bytes rather than part by part.
    made: Mutex<HashSet<OsString, FxBuildHasher>>,
    /// The files of the spare the build started from that it has not yet put or kept:
    /// each is removed before a file is put in its place, and those left are removed
    /// before the swap, with the folders they leave empty.
    left: Mutex<HashMap<String, Stamp, FxBuildHasher>>,
    /// Whether it started as the spare.
    from_spare: bool,
    /// The spare's folders, and those found empty (removed before the swap).
    folders: Mutex<HashSet<String, FxBuildHasher>>,
    empty: Vec<String>,
    /// Whether the new site shares a file with the old one (a hard link): only then is the
    /// old site kept as the next build's spare.
    shares: AtomicBool,
}

/// A file's size, modification time (ns since 1970) and, on Unix, inode: what an edit of
/// the file in place or a file put in its place changes. A hard link keeps all three.
#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Stamp(u64, u64, u64);

impl Stamp {
    #[cfg(unix)]
    pub fn of(meta: &fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp::unix(meta.size(), meta.mtime(), meta.mtime_nsec(), meta.ino())
    }

    #[cfg(not(unix))]
    pub fn of(meta: &fs::Metadata) -> Stamp {
        let time = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Stamp(meta.len(), time, 0)
    }

    /// The stamp of a file looked at by name in its folder (the spare's files).
    #[cfg(unix)]
    // The fields' types differ from one platform to another.
    #[allow(clippy::unnecessary_cast)]
    pub fn from_stat(stat: &rustix::fs::Stat) -> Stamp {
        Stamp::unix(
            stat.st_size as u64,
            stat.st_mtime as i64,
            stat.st_mtime_nsec as i64,
            stat.st_ino as u64,
        )
    }

    /// A time before 1970 counts as 0, as it does where the time is a `SystemTime`.
    #[cfg(unix)]
    fn unix(size: u64, seconds: i64, nanos: i64, place: u64) -> Stamp {
        let time = if seconds < 0 {
            0
        } else {
            (seconds as u64)
                .wrapping_mul(1_000_000_000)
                .wrapping_add(nanos as u64)
        };
        Stamp(size, time, place)
    }
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
        let real = fs::canonicalize(output).unwrap_or_else(|_| to.clone());
        return Err(Diagnostic::error(output, codes::OUTPUT_IS_LINK)
            .arg("target", &to)
            .arg("real", &real));
    }
    if meta.as_ref().is_ok_and(|m| !m.is_dir()) {
        return Err(Diagnostic::error(output, codes::OUTPUT_IS_FILE));
    }
    let out = resolved(output);
    for source in ["content", "themes", "templates"] {
        let source = resolved(&root.join(source));
        if out.starts_with(&source) || source.starts_with(&out) {
            let relation = if out == source {
                "is"
            } else if out.starts_with(&source) {
                "inside"
            } else {
                "holds"
            };
            return Err(Diagnostic::error(output, codes::OUTPUT_HOLDS_SITE)
                .arg("relation", relation)
                .arg("sources", &source));
        }
    }
    if meta.is_ok() {
        let empty = fs::read_dir(output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !output.join(MARKER).exists() {
            return Err(Diagnostic::error(output, codes::OUTPUT_NOT_OURS));
        }
    }
    Ok(())
}

/// The absolute path with links resolved, also for a path not made yet: its nearest
/// existing folder resolved, the rest appended (`..` taken lexically). What `build` and
/// `publish` compare folders by.
pub fn resolved(path: &Path) -> PathBuf {
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
    /// The staging folder of this build for `output`: `.<output>.bantin-new-<pid>-<start>`
    /// beside it.
    pub fn dir_for(output: &Path) -> PathBuf {
        parent_of(output).join(format!(
            ".{}.bantin-new-{}",
            folder_name(output),
            process_tag()
        ))
    }

    /// Makes this build's staging folder beside the output: the spare, when this build
    /// claimed it, else a new folder.
    pub fn create(output: &Path, spare: Option<Spare>) -> io::Result<Staging> {
        let dir = Staging::dir_for(output);
        fs::create_dir_all(parent_of(output))?;
        let mut staging = Staging {
            dir: dir.clone(),
            target: output.to_path_buf(),
            swapped: false,
            made: Mutex::default(),
            from_spare: false,
            left: Mutex::default(),
            folders: Mutex::default(),
            empty: Vec::new(),
            shares: AtomicBool::new(false),
        };
        if let Some(mut spare) = spare.filter(|s| s.dir == dir) {
            spare.taken = true;
            staging.from_spare = true;
            staging.folders = Mutex::new(std::mem::take(&mut spare.folders));
            staging.left = Mutex::new(std::mem::take(&mut spare.files));
            staging.empty = std::mem::take(&mut spare.empty);
            return Ok(staging);
        }
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir(&dir)?;
        fs::write(
            dir.join(MARKER),
            b"This folder is written by bantin build; its contents are replaced on every build.\n",
        )?;
        Ok(staging)
    }

    /// Writes a file under the staging folder, creating its folders; the file as written.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<fs::Metadata> {
        let path = self.dir.join(inside(rel)?);
        self.clear(rel, &path)?;
        self.make_folders(&path)?;
        let mut file = fs::File::create(&path)?;
        io::Write::write_all(&mut file, bytes)?;
        as_written(file, &path)
    }

    /// Puts a file of the last output into the staging folder as it is: a hard link where
    /// the file system allows (the two folders are side by side), else a copy; `copy` asks
    /// for a copy. `stamp`, the file's stamp now: where the spare holds that very file, it
    /// is left there. Whether it is a link.
    pub fn keep(
        &self,
        from: &Path,
        rel: &str,
        copy: bool,
        stamp: Option<Stamp>,
    ) -> io::Result<bool> {
        let inside = inside(rel)?;
        let spare = self.lock_left().remove(rel);
        if spare.is_some() && spare == stamp && !copy {
            self.shares.store(true, Ordering::Relaxed);
            return Ok(true);
        }
        let path = self.dir.join(inside);
        if spare.is_some() {
            remove_file(&path)?;
        }
        self.make_folders(&path)?;
        if copy {
            return fs::copy(from, &path).map(|_| false);
        }
        match fs::hard_link(from, &path) {
            Ok(()) => {
                self.shares.store(true, Ordering::Relaxed);
                Ok(true)
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
            Err(_) => fs::copy(from, path).map(|_| false),
        }
    }

    /// Whether the spare holds a file at `rel` with this stamp.
    pub fn spare_holds(&self, rel: &str, stamp: Stamp) -> bool {
        self.lock_left().get(rel) == Some(&stamp)
    }

    /// Leaves the spare's file at `rel` where it is, when it has this stamp.
    pub fn keep_spare(&self, rel: &str, stamp: Stamp) -> bool {
        let mut left = self.lock_left();
        if left.get(rel) != Some(&stamp) {
            return false;
        }
        left.remove(rel);
        self.shares.store(true, Ordering::Relaxed);
        true
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let path = self.dir.join(inside(rel)?);
        self.clear(rel, &path)?;
        self.make_folders(&path)?;
        fs::copy(from, path).map(|_| ())
    }

    /// Removes the spare's file at `rel` (at `path`), if it is still there: a file is never
    /// written through a link to the old site.
    fn clear(&self, rel: &str, path: &Path) -> io::Result<()> {
        if self.lock_left().remove(rel).is_some() {
            remove_file(path)?;
        } else if self.lock_folders().remove(rel) {
            // A folder of the spare where this site has a file: nothing of this site is in it.
            fs::remove_dir_all(path)?;
        }
        Ok(())
    }

    fn lock_folders(&self) -> std::sync::MutexGuard<'_, HashSet<String, FxBuildHasher>> {
        self.folders
            .lock()
            .expect("no panics while holding the lock")
    }

    fn lock_left(&self) -> std::sync::MutexGuard<'_, HashMap<String, Stamp, FxBuildHasher>> {
        self.left.lock().expect("no panics while holding the lock")
    }

    /// Removes what is left of the spare that the new site does not have: its files, then
    /// the folders they leave empty, deepest first.
    fn remove_left(&self) -> io::Result<()> {
        let left = std::mem::take(&mut *self.lock_left());
        let mut folders: Vec<&str> = Vec::new();
        for rel in left.keys() {
            remove_file(&self.dir.join(inside(rel)?))?;
        }
        // Each such folder and those above it, as far as they are left empty.
        for rel in self.empty.iter().chain(left.keys()) {
            folders.extend(rel.match_indices('/').map(|(end, _)| &rel[..end]));
        }
        folders.extend(self.empty.iter().map(String::as_str));
        folders.retain(|f| !f.is_empty());
        folders.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        folders.dedup();
        for folder in folders {
            // Fails, as it should, where the new site has a file.
            let _ = fs::remove_dir(self.dir.join(inside(folder)?));
        }
        Ok(())
    }

    /// Makes the folders of a path of the staging folder, unless already made.
    fn make_folders(&self, path: &Path) -> io::Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let made = || self.made.lock().expect("no panics while holding the lock");
        if made().contains(parent.as_os_str()) {
            return Ok(());
        }
        if !self.from_spare {
            fs::create_dir_all(parent)?;
            made().insert(parent.as_os_str().to_owned());
            return Ok(());
        }
        // Started from the spare: a file of it where this site has a folder goes first, one
        // folder at a time, so that no other thread finds it half done.
        let mut made = made();
        if made.contains(parent.as_os_str()) {
            return Ok(());
        }
        if let Ok(rel) = parent.strip_prefix(&self.dir) {
            let mut folder = String::new();
            for part in rel.components() {
                if !folder.is_empty() {
                    folder.push('/');
                }
                folder.push_str(&part.as_os_str().to_string_lossy());
                if self.lock_left().remove(&folder).is_some() {
                    remove_file(&self.dir.join(inside(&folder)?))?;
                }
            }
        }
        fs::create_dir_all(parent)?;
        made.insert(parent.as_os_str().to_owned());
        Ok(())
    }

    /// Puts the staged site in place of the output in one step: hidden files the user
    /// keeps in the output (`.git`, `.htaccess`, …) are first hard-linked (or copied) into
    /// the staged site, then the two folders are exchanged atomically, then the old site
    /// is removed. A kill at any moment leaves the old or the new site whole; what it
    /// leaves beside the output, the next build removes. Where the system cannot exchange
    /// two folders, the old one is renamed away and the new one renamed in, and a build
    /// interrupted between the two puts the old one back first.
    pub fn swap_in(mut self) -> Result<Swapped, SwapError> {
        let target = self.target.clone();
        let unchanged = |error| SwapError {
            error,
            output_changed: false,
        };
        self.remove_left().map_err(unchanged)?;
        if fs::symlink_metadata(&target).is_err() {
            fs::rename(&self.dir, &target).map_err(unchanged)?;
            self.swapped = true;
            return Ok(Swapped { old_left: None });
        }
        carry_hidden(&target, &self.dir).map_err(unchanged)?;
        test_pause("staged");
        let old = if exchange(&self.dir, &target).map_err(unchanged)? {
            // The staging name now holds the old site.
            self.dir.clone()
        } else {
            let old = parent_of(&target).join(format!(
                ".{}.bantin-old-{}",
                folder_name(&target),
                process_tag()
            ));
            fs::rename(&target, &old).map_err(unchanged)?;
            test_pause("renamed-old");
            if let Err(error) = fs::rename(&self.dir, &target) {
                if fs::rename(&old, &target).is_err() {
                    return Err(SwapError {
                        error: io::Error::other(format!(
                            "{error}; the previous site is in {}: rename it back",
                            old.display()
                        )),
                        output_changed: true,
                    });
                }
                return Err(unchanged(error));
            }
            old
        };
        self.swapped = true;
        test_pause("exchanged");
        // A spare this build did not start from is older than the old site.
        let spare = spare::path(&target);
        let ours =
            fs::symlink_metadata(&spare).is_ok_and(|m| m.is_dir()) && spare.join(MARKER).is_file();
        if ours {
            let _ = remove_tree(&spare);
        }
        // Kept only where the next build can make it into its site: not read-only.
        let writable = fs::metadata(&old).is_ok_and(|m| !m.permissions().readonly());
        if self.shares.load(Ordering::Relaxed) && writable && fs::rename(&old, &spare).is_ok() {
            return Ok(Swapped { old_left: None });
        }
        let old_left = remove_tree(&old).err().map(|e| (old, e));
        Ok(Swapped { old_left })
    }
}

/// A swap that happened; the old site, when it could not be removed, and why.
pub struct Swapped {
    pub old_left: Option<(PathBuf, io::Error)>,
}

/// A swap that failed, and whether the output is still the previous site.
pub struct SwapError {
    pub error: io::Error,
    pub output_changed: bool,
}

fn folder_name(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
}

fn parent_of(output: &Path) -> &Path {
    output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Exchanges two folders atomically; `false` where the system cannot.
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    if std::env::var_os("BANTIN_TEST_NO_EXCHANGE").is_some() {
        return Ok(false);
    }
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            // Not supported by this kernel or file system.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Hard-links (or, across devices, copies) the output's hidden entries into the staged
/// site, so that they are in the new site before it goes in and stay in the old one
/// until it is removed: never moved one by one.
fn carry_hidden(output: &Path, staged: &Path) -> io::Result<()> {
    for entry in fs::read_dir(output)? {
        let entry = entry?;
        let name = entry.file_name();
        let keep = name.to_string_lossy().starts_with('.') && !is_own(&name.to_string_lossy());
        if keep && fs::symlink_metadata(staged.join(&name)).is_err() {
            link_tree(&entry.path(), &staged.join(&name))?;
        }
    }
    Ok(())
}

fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    let kind = fs::symlink_metadata(from)?.file_type();
    if kind.is_symlink() {
        let link = fs::read_link(from)?;
        #[cfg(unix)]
        return std::os::unix::fs::symlink(link, to);
        #[cfg(not(unix))]
        return fs::copy(from, to).map(|_| drop(link));
    }
    if kind.is_dir() {
        fs::create_dir(to)?;
        for entry in fs::read_dir(from)? {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        return Ok(());
    }
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
}

/// Stops here when `BANTIN_TEST_PAUSE_AT` names this step of the swap: for the test that
/// kills a build at each step. Not for use outside tests.
fn test_pause(step: &str) {
    if std::env::var_os("BANTIN_TEST_PAUSE_AT").is_some_and(|s| s == step) {
        use std::io::Write;
        let _ = writeln!(io::stderr(), "bantin: test pause at {step}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(60));
        }
    }
}

/// Deletes a folder of bantin's, its top-level entries in parallel (a site has thousands).
/// The marker goes last, so that a removal cut short still marks what is left as ours.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?
        .filter(|e| e.as_ref().map_or(true, |e| e.file_name() != MARKER))
        .collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            fs::remove_dir_all(e.path())
        } else {
            fs::remove_file(e.path())
        }
    })?;
    let _ = fs::remove_file(dir.join(MARKER));
    fs::remove_dir(dir)
}

/// Removes a file, if it is there.
fn remove_file(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A file just written, as it stays: on Unix the open file's own (no second look-up of its
/// path); elsewhere read once it is closed, which may set the time it was written.
#[cfg(unix)]
fn as_written(file: fs::File, _: &Path) -> io::Result<fs::Metadata> {
    file.metadata()
}

#[cfg(not(unix))]
fn as_written(file: fs::File, path: &Path) -> io::Result<fs::Metadata> {
    drop(file);
    fs::symlink_metadata(path)
}

impl Drop for Staging {
    /// A build that did not finish leaves nothing behind.
    fn drop(&mut self) {
        if !self.swapped {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
