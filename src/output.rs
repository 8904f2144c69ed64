//! The output folder: build into a staging folder beside it, then swap it in whole, so a
//! failed build leaves the previous site as it was and a reader never sees half a site.
//! bantin only ever replaces a folder that carries its marker file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::i18n::codes;

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

/// A fresh folder next to the output, written by the build.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    swapped: bool,
    /// Folders made so far: a file of one is put without another look for it.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
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
    /// Makes `.<output>.bantin-new-<pid>-<start>` beside the output.
    pub fn create(output: &Path) -> io::Result<Staging> {
        let name = folder_name(output);
        let parent = parent_of(output);
        fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.bantin-new-{}", process_tag()));
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
            made: Default::default(),
        })
    }

    /// Writes a file under the staging folder, creating its folders; the file as written.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<fs::Metadata> {
        let path = self.dir.join(inside(rel)?);
        self.make_folders(&path)?;
        let mut file = fs::File::create(&path)?;
        io::Write::write_all(&mut file, bytes)?;
        as_written(file, &path)
    }

    /// Puts a file of the last output into the staging folder as it is: a hard link where
    /// the file system allows (the two folders are side by side), else a copy; `copy` asks
    /// for a copy. Whether it is a link.
    pub fn keep(&self, from: &Path, rel: &str, copy: bool) -> io::Result<bool> {
        let path = self.dir.join(inside(rel)?);
        self.make_folders(&path)?;
        if copy {
            return fs::copy(from, &path).map(|_| false);
        }
        match fs::hard_link(from, &path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
            Err(_) => fs::copy(from, path).map(|_| false),
        }
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let path = self.dir.join(inside(rel)?);
        self.make_folders(&path)?;
        fs::copy(from, path).map(|_| ())
    }

    /// Makes the folders of a path of the staging folder, unless already made.
    fn make_folders(&self, path: &Path) -> io::Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let made = || self.made.lock().expect("no panics while holding the lock");
        if made().contains(parent) {
            return Ok(());
        }
        fs::create_dir_all(parent)?;
        made().insert(parent.to_path_buf());
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

/// This process as it names its folders: pid, and on Linux its start time, so that a
/// later build tells a running build from a pid reused by another program.
fn process_tag() -> String {
    let pid = std::process::id();
    match start_time(pid) {
        Some(start) => format!("{pid}-{start}"),
        None => pid.to_string(),
    }
}

/// The start time of a process, in clock ticks since boot (field 22 of /proc/PID/stat).
fn start_time(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; the fields after it do not.
    let after = &stat[stat.rfind(')')? + 2..];
    after.split(' ').nth(19)?.parse().ok()
}

/// Whether the build that named a folder `…-<pid>[-<start>]` still runs.
fn still_running(tag: &str, folder: &Path) -> bool {
    let mut parts = tag.splitn(2, '-');
    let Some(pid) = parts.next().and_then(|p| p.parse::<u32>().ok()) else {
        return true;
    };
    if Path::new("/proc/self/stat").exists() {
        return match (start_time(pid), parts.next()) {
            (None, _) => false,
            (Some(now), Some(then)) => then.parse() == Ok(now),
            (Some(_), None) => pid == std::process::id(),
        };
    }
    // Elsewhere: a folder untouched for a day is not a running build's.
    fs::metadata(folder)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < std::time::Duration::from_secs(86_400))
}

/// Removes what interrupted builds into `output` left beside it — staging folders and old
/// sites, each marked as bantin's — and, when a build was interrupted between its two
/// renames (where folders cannot be exchanged), puts the old site back first.
pub fn recover(output: &Path) {
    let prefix = format!(".{}.bantin-", folder_name(output));
    let Ok(entries) = fs::read_dir(parent_of(output)) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let (old, tag) = match (rest.strip_prefix("old-"), rest.strip_prefix("new-")) {
            (Some(tag), _) => (true, tag),
            (_, Some(tag)) => (false, tag),
            _ => continue,
        };
        let path = entry.path();
        let ours = entry.file_type().is_ok_and(|t| t.is_dir()) && path.join(MARKER).exists();
        if !ours || still_running(tag, &path) {
            continue;
        }
        if old && fs::symlink_metadata(output).is_err() && fs::rename(&path, output).is_ok() {
            continue;
        }
        let _ = remove_tree(&path);
    }
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
