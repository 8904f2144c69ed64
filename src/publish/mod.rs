//! `bantin publish`: the built site sent to where the portal serves it — a folder, an FTP
//! or FTPS server, or an SFTP server — sending only what changed since the last publish.
//!
//! A publish cut off midway leaves the destination serving a whole site, old or new: new
//! and changed files other than pages go first (styles, scripts, attachments, search,
//! feeds), pages next (deepest first, the home page last), removals last; every file is
//! written under a temporary name and renamed over its place, and the manifest records
//! each file as it lands, so the next publish finishes the job.
#![allow(clippy::print_stderr)]

pub mod dest;
pub mod error;
mod folder;
mod ftp;
pub mod manifest;
mod sftp;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::i18n::Lang;
pub use dest::Destination;
pub use error::{Kind, PublishError};
use manifest::{Entry, Files, Manifest};

/// Temporary files end with this while they are written.
pub const PART_SUFFIX: &str = ".bantin-part";

/// The temporary name of a file being written beside `rel`'s place.
pub fn part_name(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    format!(".{name}{PART_SUFFIX}")
}

/// A place files are published to.
pub trait Remote {
    /// Puts a file at `rel` (relative to the destination folder) whole: written under a
    /// temporary name, then renamed over any older one. Makes folders as needed.
    fn put(&mut self, rel: &str, local: &Path) -> Result<(), PublishError>;
    /// Removes a file; one already gone is fine.
    fn remove(&mut self, rel: &str) -> Result<(), PublishError>;
    /// Removes a folder if nothing is left in it.
    fn remove_dir_if_empty(&mut self, rel: &str);
    /// Every file under the destination with its size (for `--verify`).
    fn list(&mut self) -> Result<BTreeMap<String, u64>, PublishError>;
    /// Ends the session politely.
    fn close(&mut self) -> Result<(), PublishError> {
        Ok(())
    }
}

/// What `bantin publish` is asked to do, once the site is built.
pub struct PublishOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub destination: Destination,
    /// Send every file, whatever the manifest says.
    pub full: bool,
    /// List the destination and send again what is missing there or differs in size.
    pub verify: bool,
    pub accept_new_host_key: bool,
    /// The language of the progress, the summary and the errors.
    pub lang: Lang,
}

/// Counts for the summary.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub uploaded: usize,
    pub uploaded_bytes: u64,
    pub removed: usize,
    pub unchanged: usize,
    pub elapsed: Duration,
}

impl Summary {
    pub fn render(&self, destination: &str, lang: Lang) -> String {
        crate::msg!(
            "publish-done",
            uploaded = self.uploaded,
            megabytes = crate::i18n::decimal(self.uploaded_bytes as f64 / 1e6, 1, lang),
            removed = self.removed,
            unchanged = self.unchanged,
            seconds = crate::i18n::decimal(self.elapsed.as_secs_f64(), 1, lang),
            destination = destination
        )
        .text(lang)
    }
}

/// Checks the destination before anything is built: a folder is not the site's own.
pub fn check_destination(
    destination: &Destination,
    root: &Path,
    output: &Path,
) -> Result<(), PublishError> {
    match destination {
        Destination::Folder(dir) => folder::check(dir, root, output),
        Destination::Server(_) => Ok(()),
    }
}

/// The order files go in.
struct Plan {
    /// New and changed files other than pages.
    assets: Vec<String>,
    /// New and changed pages: deepest first, so lists and the home page come after the
    /// documents they link to.
    pages: Vec<String>,
    /// Files bantin put there that the site no longer has.
    stale: Vec<String>,
    unchanged: usize,
}

fn plan(site: &Files, published: &Files, full: bool) -> Plan {
    let mut assets = Vec::new();
    let mut pages = Vec::new();
    let mut unchanged = 0;
    for (rel, entry) in site {
        if !full && published.get(rel) == Some(entry) {
            unchanged += 1;
        } else if rel.ends_with(".html") || rel.ends_with(".htm") {
            pages.push(rel.clone());
        } else {
            assets.push(rel.clone());
        }
    }
    let depth = |p: &String| p.matches('/').count();
    pages.sort_by(|a, b| depth(b).cmp(&depth(a)).then_with(|| a.cmp(b)));
    let mut stale: Vec<String> = published
        .keys()
        .filter(|rel| !site.contains_key(*rel))
        .cloned()
        .collect();
    stale.sort_by(|a, b| depth(b).cmp(&depth(a)).then_with(|| a.cmp(b)));
    Plan {
        assets,
        pages,
        stale,
        unchanged,
    }
}

/// Opens a session with the destination.
fn connect(options: &PublishOptions) -> Result<Box<dyn Remote>, PublishError> {
    match &options.destination {
        Destination::Folder(dir) => Ok(Box::new(folder::Folder::open(dir)?)),
        Destination::Server(server) => match server.protocol {
            dest::Protocol::Ftp | dest::Protocol::Ftps => Ok(Box::new(ftp::Ftp::connect(server)?)),
            dest::Protocol::Sftp => Ok(Box::new(sftp::Sftp::connect(
                server,
                options.accept_new_host_key,
            )?)),
        },
    }
}

fn local_err(e: &std::io::Error, path: &Path) -> PublishError {
    PublishError::new(Kind::Local, path.display().to_string()).detail(e.to_string())
}

/// Sends the built site in `options.output` to the destination.
pub fn publish(options: &PublishOptions) -> Result<Summary, PublishError> {
    let started = Instant::now();
    let shown = options.destination.display();
    let site = manifest::scan(&options.output).map_err(|e| local_err(&e, &options.output))?;
    let manifest_dir = manifest::dir_for(&options.output);
    let mut manifest = Manifest::load(&manifest_dir, &options.destination.id(), &shown)
        .map_err(|e| local_err(&e, &manifest_dir))?;
    let mut remote = connect(options)?;
    if options.verify {
        // Someone may have changed the destination: trust the manifest only where the
        // file is there with the size bantin gave it.
        let there = remote.list()?;
        manifest
            .files
            .retain(|rel, entry| there.get(rel) == Some(&entry.size));
    }
    let plan = plan(&site, &manifest.files, options.full);
    let total: u64 = plan
        .assets
        .iter()
        .chain(&plan.pages)
        .map(|rel| site[rel].size)
        .sum();
    let bar = progress_bar(total, options.lang);
    let delay = test_delay();
    let mut summary = Summary {
        unchanged: plan.unchanged,
        ..Summary::default()
    };
    for rel in plan.assets.iter().chain(&plan.pages) {
        let entry: Entry = site[rel];
        bar.set_message(rel.clone());
        if let Some(d) = delay {
            std::thread::sleep(d);
        }
        remote.put(rel, &options.output.join(rel))?;
        manifest
            .put(rel, entry)
            .map_err(|e| local_err(&e, &manifest_dir))?;
        summary.uploaded += 1;
        summary.uploaded_bytes += entry.size;
        bar.inc(entry.size);
    }
    let mut emptied = std::collections::BTreeSet::new();
    for rel in &plan.stale {
        bar.set_message(rel.clone());
        remote.remove(rel)?;
        manifest
            .removed(rel)
            .map_err(|e| local_err(&e, &manifest_dir))?;
        summary.removed += 1;
        let mut dir = rel.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            emptied.insert(parent.to_owned());
            dir = parent;
        }
    }
    // Folders left empty by the removals go too, deepest first.
    let mut emptied: Vec<String> = emptied.into_iter().collect();
    emptied.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
    for dir in emptied {
        remote.remove_dir_if_empty(&dir);
    }
    bar.finish_and_clear();
    remote.close()?;
    manifest.save().map_err(|e| local_err(&e, &manifest_dir))?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A pause before each file, so tests can stop a publish midway.
fn test_delay() -> Option<Duration> {
    std::env::var("BANTIN_PUBLISH_TEST_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
}

fn progress_bar(total: u64, lang: Lang) -> indicatif::ProgressBar {
    // The stderr target draws nothing when stderr is not a terminal.
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    let template = format!(
        "{{spinner}} {} [{{bar:30}}] {{bytes}}/{{total_bytes}} ({{eta}}) {{wide_msg}}",
        crate::i18n::text(lang, "publish-progress")
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// `bantin publish` after the build: runs and prints the summary or the error.
pub fn run(options: &PublishOptions) -> std::process::ExitCode {
    match publish(options) {
        Ok(summary) => {
            eprintln!(
                "{}",
                summary.render(&options.destination.display(), options.lang)
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", e.render(options.lang));
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_go_before_pages_and_removals_last() {
        let e = |h| Entry { hash: h, size: 1 };
        let site: Files = [
            ("index.html", e(1)),
            ("2022/a/index.html", e(2)),
            ("style.css", e(3)),
            ("2022/a/phu-luc.pdf", e(4)),
            ("same.js", e(5)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let published: Files = [
            ("same.js", e(5)),
            ("old/index.html", e(6)),
            ("style.css", e(9)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let p = plan(&site, &published, false);
        assert_eq!(p.assets, ["2022/a/phu-luc.pdf", "style.css"]);
        assert_eq!(p.pages, ["2022/a/index.html", "index.html"]);
        assert_eq!(p.stale, ["old/index.html"]);
        assert_eq!(p.unchanged, 1);
        assert_eq!(plan(&site, &published, true).unchanged, 0);
    }
}
