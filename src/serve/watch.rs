//! Watching the site with notify: folders, not files (editors replace files by renaming);
//! events sorted into what matters, and gathered until the folders are quiet, so that one
//! save gives one rebuild. Which files changed is then found by looking, not by trusting
//! the kinds of the events.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// What the rebuild loop receives.
pub enum Message {
    Fs(notify::Result<notify::Event>),
    /// A search index made beside the rebuilds is ready.
    Searched(super::search_refresh::Done),
    Stop,
}

/// The folders of a site a rebuild reads.
const WATCHED: [&str; 3] = ["content", "templates", "themes"];

pub struct Watch {
    watcher: RecommendedWatcher,
    root: PathBuf,
    watched: HashMap<PathBuf, RecursiveMode>,
}

impl Watch {
    pub fn new(root: &Path, tx: Sender<Message>) -> notify::Result<Watch> {
        let watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(Message::Fs(event));
        })?;
        let mut watch = Watch {
            watcher,
            root: root.to_path_buf(),
            watched: HashMap::new(),
        };
        watch.update(&Batch::default());
        Ok(watch)
    }

    /// Watches the folders there are now: the site folder itself (for `content/`,
    /// `templates/` or `themes/` appearing), and each of those, with all inside.
    pub fn update(&mut self, batch: &Batch) {
        let mut wanted = vec![(self.root.clone(), RecursiveMode::NonRecursive)];
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir() {
                wanted.push((dir, RecursiveMode::Recursive));
            }
        }
        let gone: Vec<PathBuf> = self
            .watched
            .keys()
            .filter(|d| !wanted.iter().any(|(w, _)| w == *d) || batch.paths.contains(*d))
            .cloned()
            .collect();
        for dir in gone {
            let _ = self.watcher.unwatch(&dir);
            self.watched.remove(&dir);
        }
        for (dir, mode) in wanted {
            if !self.watched.contains_key(&dir) && self.watcher.watch(&dir, mode).is_ok() {
                self.watched.insert(dir, mode);
            }
        }
    }
}

/// Events gathered while the folders are busy.
#[derive(Default)]
pub struct Batch {
    /// Files and folders events named.
    pub paths: HashSet<PathBuf>,
    /// Events were lost (or the watcher failed): read everything again.
    pub rescan: bool,
}

impl Batch {
    /// Takes in an event; true when it may change the site.
    pub fn add(&mut self, root: &Path, event: notify::Result<notify::Event>) -> bool {
        let event = match event {
            Ok(e) => e,
            Err(_) => {
                self.rescan = true;
                return true;
            }
        };
        if event.need_rescan() {
            self.rescan = true;
            return true;
        }
        // Opening or reading a file changes nothing (and the rebuild itself reads).
        if let EventKind::Access(kind) = event.kind {
            if kind != AccessKind::Close(AccessMode::Write) {
                return false;
            }
        }
        let mut relevant = false;
        for path in event.paths {
            if matters(root, &path) {
                self.paths.insert(path);
                relevant = true;
            }
        }
        relevant
    }
}

/// Whether a change to `path` can change the site: inside `content/`, `templates/` or
/// `themes/` (or one of them), not hidden inside `content/` (the loader skips those), and
/// not an editor's temporary or backup file.
pub fn matters(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    if !WATCHED.contains(&first.as_ref()) {
        return false;
    }
    if first == "content" && parts.any(|p| p.starts_with('.')) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !editor_temporary(&name)
}

/// vim (`.x.swp`, `x~`, its `4913` probe), emacs (`.#x`, `#x#`), gedit/GIO
/// (`.goutputstream-*`), and the `*.tmp` many programs write before renaming.
fn editor_temporary(name: &str) -> bool {
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".goutputstream-")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_and_other_folders_do_not_matter() {
        let root = Path::new("/site");
        for p in [
            "/site/content/2022/.a.md.swp",
            "/site/content/2022/a.md~",
            "/site/content/2022/4913",
            "/site/content/2022/.#a.md",
            "/site/content/2022/#a.md#",
            "/site/content/2022/a.md.tmp",
            "/site/themes/x/templates/.goutputstream-ABC123",
            "/site/content/.git/index",
            "/site/public/index.html",
            "/site/notes.txt",
            "/elsewhere/content/a.md",
        ] {
            assert!(!matters(root, Path::new(p)), "{p}");
        }
        for p in [
            "/site/content/2022/a.md",
            "/site/content/units.yaml",
            "/site/content/2022/bundle/phu-luc.pdf",
            "/site/templates/base.html",
            "/site/themes/x/static/style.css",
            "/site/content",
        ] {
            assert!(matters(root, Path::new(p)), "{p}");
        }
    }
}
