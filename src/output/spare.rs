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
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

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
    /// Every folder (relative, with its files' separators), and those found empty.
    pub(super) folders: HashSet<String, FxBuildHasher>,
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
        // Each folder is opened when its turn comes, from the folder it is in, which is
        // held open until then: as many folders open at once as the tree is deep.
        let mut pending: Vec<(Option<Rc<Folder>>, String)> = vec![(None, String::new())];
        let mut subfolders: Vec<String> = Vec::new();
        let mut strays: Vec<OsString> = Vec::new();
        while let Some((parent, rel)) = pending.pop() {
            let mut folder = match parent {
                None => Folder::open(&self.dir)?,
                Some(parent) => parent.open_in(rel.rsplit('/').next().unwrap_or_default())?,
            };
            let path_of = |name: &str| {
                let mut path = String::with_capacity(rel.len() + 1 + name.len());
                if !rel.is_empty() {
                    path.push_str(&rel);
                    path.push('/');
                }
                path.push_str(name);
                path
            };
            let mut entries = 0;
            folder.read(|name, kind| {
                entries += 1;
                let name = match (name.to_str(), &kind) {
                    (Some(name), Kind::File(_) | Kind::Folder) => name,
                    _ => return strays.push(name.to_owned()),
                };
                match kind {
                    _ if rel.is_empty() && name == MARKER => {}
                    Kind::File(stamp) => {
                        self.files.insert(path_of(name), stamp);
                    }
                    _ => subfolders.push(path_of(name)),
                }
            })?;
            // Removed once read: a folder is not changed while it is read.
            for name in strays.drain(..) {
                remove_entry(&self.dir.join(&rel).join(name))?;
            }
            if entries == 0 {
                self.empty.push(rel.clone());
            }
            let folder = Rc::new(folder);
            for path in subfolders.drain(..) {
                self.folders.insert(path.clone());
                pending.push((Some(Rc::clone(&folder)), path));
            }
        }
        Ok(())
    }
}

/// What an entry of a folder of the spare is: a file (with its stamp), a folder, or
/// anything else (a link, a device), which is removed.
#[derive(PartialEq)]
enum Kind {
    File(Stamp),
    Folder,
    Other,
}

/// A folder of the spare, open to be read. On Unix each is opened from the folder it is in
/// by its one name, never through a link, and its files are looked at by name in it: no
/// path is looked up from the top again, which is most of the look's cost in a large site.
#[cfg(unix)]
struct Folder(rustix::fs::Dir);

#[cfg(unix)]
impl Folder {
    fn open(path: &Path) -> io::Result<Folder> {
        Folder::open_at(rustix::fs::CWD, path)
    }

    fn open_in(&self, name: &str) -> io::Result<Folder> {
        Folder::open_at(self.0.fd()?, name)
    }

    fn open_at(at: impl rustix::fd::AsFd, path: impl rustix::path::Arg) -> io::Result<Folder> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(at, path, flags, Mode::empty())?;
        Ok(Folder(rustix::fs::Dir::new(fd)?))
    }

    /// Every entry but `.` and `..`, by name, with what it is, as it is read.
    fn read(&mut self, mut each: impl FnMut(&OsStr, Kind)) -> io::Result<()> {
        use rustix::fs::{AtFlags, FileType};
        use std::os::unix::ffi::OsStrExt;
        while let Some(entry) = self.0.read() {
            let entry = entry?;
            let name = entry.file_name().to_bytes();
            if name == b"." || name == b".." {
                continue;
            }
            let mut kind = entry.file_type();
            let mut stamp = None;
            // Files are looked at for their stamp; an entry of unknown type, for its type.
            if matches!(kind, FileType::RegularFile | FileType::Unknown) {
                let at = self.0.fd()?;
                let stat = rustix::fs::statat(at, entry.file_name(), AtFlags::SYMLINK_NOFOLLOW)?;
                kind = FileType::from_raw_mode(stat.st_mode);
                stamp = Some(Stamp::from_stat(&stat));
            }
            let kind = match (kind, stamp) {
                (FileType::RegularFile, Some(stamp)) => Kind::File(stamp),
                (FileType::Directory, _) => Kind::Folder,
                _ => Kind::Other,
            };
            each(OsStr::from_bytes(name), kind);
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

/// Elsewhere, each folder is read by its path, and a file's stamp comes with its entry.
#[cfg(not(unix))]
struct Folder(PathBuf);

#[cfg(not(unix))]
impl Folder {
    fn open(path: &Path) -> io::Result<Folder> {
        Ok(Folder(path.to_path_buf()))
    }

    fn open_in(&self, name: &str) -> io::Result<Folder> {
        Ok(Folder(self.0.join(name)))
    }

    fn read(&mut self, mut each: impl FnMut(&OsStr, Kind)) -> io::Result<()> {
        for entry in fs::read_dir(&self.0)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            let kind = if kind.is_symlink() {
                Kind::Other
            } else if kind.is_dir() {
                Kind::Folder
            } else if kind.is_file() {
                Kind::File(Stamp::of(&entry.metadata()?))
            } else {
                Kind::Other
            };
            each(&entry.file_name(), kind);
        }
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn found(folder: &mut Folder) -> Vec<(OsString, Kind)> {
        let mut found = Vec::new();
        folder
            .read(|name, kind| found.push((name.to_owned(), kind)))
            .unwrap();
        found
    }

    /// A file looked at by name in its folder has the stamp its metadata gives, which the
    /// manifest records: otherwise no file of the spare would ever be kept.
    #[test]
    fn a_file_read_in_its_folder_has_the_stamp_of_its_metadata() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("thu-muc")).unwrap();
        fs::write(dir.path().join("thu-muc/trang.html"), "trang").unwrap();
        let mut top = Folder::open(dir.path()).unwrap();
        let entries = found(&mut top);
        assert!(matches!(entries.as_slice(), [(name, Kind::Folder)] if name == "thu-muc"));
        let mut inner = top.open_in("thu-muc").unwrap();
        let meta = fs::symlink_metadata(dir.path().join("thu-muc/trang.html")).unwrap();
        let want = Kind::File(Stamp::of(&meta));
        assert!(
            matches!(found(&mut inner).as_slice(), [(name, kind)] if name == "trang.html" && *kind == want)
        );
    }

    /// A folder is never opened through a link.
    #[test]
    fn a_link_in_place_of_a_folder_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("that")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("that"), dir.path().join("link")).unwrap();
        let top = Folder::open(dir.path()).unwrap();
        assert!(top.open_in("link").is_err());
        assert!(top.open_in("that").is_ok());
    }
}
