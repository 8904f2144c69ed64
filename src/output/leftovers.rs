//! What interrupted builds leave beside the output: the folders each build names with its
//! process, and their removal by the next build once that process is gone.

use std::fs;
use std::path::Path;

use super::{MARKER, folder_name, parent_of, remove_tree};

/// This process as it names its folders: pid, and on Linux its start time, so that a
/// later build tells a running build from a pid reused by another program.
pub(super) fn process_tag() -> String {
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
/// sites, each marked as bantin's, or empty — and, when a build was interrupted between its two
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
        let folder = entry.file_type().is_ok_and(|t| t.is_dir());
        let ours = folder && path.join(MARKER).exists();
        // A build stopped between making its folder and marking it leaves it empty: an
        // empty folder holds nothing to lose, and only an empty one is removed so.
        let empty = folder && !ours && fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none());
        if !(ours || empty) || still_running(tag, &path) {
            continue;
        }
        if empty {
            let _ = fs::remove_dir(&path);
            continue;
        }
        if old && fs::symlink_metadata(output).is_err() && fs::rename(&path, output).is_ok() {
            continue;
        }
        let _ = remove_tree(&path);
    }
}
