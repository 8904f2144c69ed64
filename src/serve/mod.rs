//! `bantin serve`: build in memory, serve over HTTP, watch, rebuild, reload.
//!
//! ```text
//! notify ─▶ watch (filter, wait for quiet) ─▶ rebuild (incremental) ─▶ snapshot ─▶ swap
//!                                                                         │          │
//!                              http workers read the current state ◀──────┘    reload event
//! ```
//!
//! The site lives in memory as an immutable snapshot behind an `Arc`; a rebuild makes the
//! next one and swaps it in whole, then tells the open pages. A failed rebuild keeps the
//! last good snapshot and shows its errors over the pages. Nothing is written to disk.
//
// The terminal is serve's user interface (address, one line per rebuild, errors), so it
// prints, which the library otherwise never does.
#![allow(clippy::print_stderr)]

mod desk;
pub(crate) mod head;
mod http;
mod rebuild;
mod reload;
mod search_refresh;
mod server;
mod snapshot;
mod watch;

#[doc(hidden)]
pub use http::{host_allowed, normalise};

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::diag::{self, Diagnostic};
use crate::i18n::{Lang, codes};
use crate::msg;
use rebuild::{Builder, Changes, Outcome, Snapshot};
use reload::{ErrorView, Hub, OverlayText, Status};
use search_refresh::{Done, Refresher};
use watch::{Batch, Message, Watch};

/// What `serve` is asked to do.
pub struct ServeOptions {
    pub site: crate::Options,
    pub port: u16,
    pub bind: std::net::IpAddr,
    pub open: bool,
    /// Host names answered besides `localhost` and IP addresses (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// The editor's desk also when listening on a network address (`--allow-edit`).
    pub allow_edit: bool,
}

/// An editor's save comes as several events within a few milliseconds: rebuild once the
/// folders have been quiet this long...
const QUIET: Duration = Duration::from_millis(40);
/// ...or after this long, when something keeps writing.
const LONGEST_WAIT: Duration = Duration::from_millis(1000);

/// What a request reads, swapped whole: the site (none while it has never built) and what
/// the browser is told.
#[derive(Default)]
struct State {
    snapshot: Option<Arc<Snapshot>>,
    status: Status,
    /// Of `status`: part of the ETag of every page, whose injected script carries it.
    tag: u64,
}

/// Shared by the rebuild loop and the request threads.
#[derive(Default)]
struct Live {
    state: RwLock<Arc<State>>,
    hub: Hub,
    allow_hosts: Vec<String>,
    /// The editor's desk, when serve may write (loopback, or `--allow-edit`).
    desk: Option<desk::Desk>,
}

impl Live {
    fn current(&self) -> Arc<State> {
        self.state.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set(&self, snapshot: Option<Arc<Snapshot>>, status: Status) {
        let tag = snapshot::content_hash(status.json().as_bytes());
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(State {
            snapshot,
            status,
            tag,
        });
    }
}

pub fn run(options: ServeOptions) -> ExitCode {
    let mut site = options.site;
    site.root = std::path::absolute(&site.root).unwrap_or(site.root);
    let root = site.root.clone();

    // Watch before the first build, so that a save during it is not lost.
    let (tx, rx) = mpsc::channel();
    let watch_failed = |e: &dyn std::fmt::Display, lang| {
        let line = msg!("serve-watch-failed", folder = &root, reason = e.to_string());
        eprintln!("{}", line.text(lang));
    };
    let mut watch = match Watch::new(&root, tx.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            watch_failed(&e, Lang::for_site(site.lang, &root));
            None
        }
    };

    let desk = (options.bind.is_loopback() || options.allow_edit)
        .then(|| desk::Desk::new(&site).ok())
        .flatten();
    let live = Arc::new(Live {
        allow_hosts: options.allow_hosts.clone(),
        desk,
        ..Live::default()
    });
    if live.desk.is_some() {
        let lang = Lang::for_site(site.lang, &root);
        let links = reload::DeskLinks {
            edit: crate::i18n::text(lang, "desk-ui-edit-link"),
            new: crate::i18n::text(lang, "desk-ui-new-link"),
            href: desk::PREFIX,
        };
        live.set(
            None,
            Status {
                desk: Some(links),
                ..Status::default()
            },
        );
    }
    let mut builder = Builder::new(site.clone());
    let mut warned = HashSet::new();
    let mut fresh_start = false;
    let outcome = rebuild(&mut builder, &site, Changes::Everything, &mut fresh_start);
    // The terminal speaks the language of the last build.
    let mut lang = outcome.lang;
    apply(&live, outcome, &mut warned, false);
    builder.defer_search = true;

    let listener = match server::listen(SocketAddr::new(options.bind, options.port)) {
        Ok(l) => l,
        Err(e) => {
            let address = SocketAddr::new(options.bind, options.port);
            let line = msg!(
                "serve-listen-failed",
                address = address.to_string(),
                reason = e.to_string()
            );
            eprintln!("{}", line.text(lang));
            return ExitCode::FAILURE;
        }
    };
    let Ok(address) = listener.local_addr() else {
        return ExitCode::FAILURE;
    };
    let shown = shown_address(address);
    let url = format!("http://{shown}/");
    if !options.bind.is_loopback() {
        let line = msg!("serve-exposed", address = options.bind.to_string());
        eprintln!("{}", line.text(lang));
    }
    eprintln!("{}", msg!("serve-listening", url = &url).text(lang));
    if live.desk.is_some() {
        if !options.bind.is_loopback() {
            let line = msg!("desk-allow-edit", address = options.bind.to_string());
            eprintln!("{}", line.text(lang));
        }
        let line = msg!(
            "desk-open",
            url = format!("{url}{}", &desk::PREFIX[1..]) + "/"
        );
        eprintln!("{}", line.text(lang));
    }
    if !root.join("content").is_dir() {
        let line = msg!("serve-no-content", folder = &root);
        eprintln!("{}", line.text(lang));
    }

    let server = match server::start(listener, shown, live.clone()) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("bantin serve: error: cannot start answering requests: {e}");
            return ExitCode::FAILURE;
        }
    };
    let on_signal = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = on_signal.send(Message::Stop);
    }) {
        let line = msg!("serve-ctrlc-failed", reason = e.to_string());
        eprintln!("{}", line.text(lang));
    }
    if options.open {
        open_browser(&url);
    }

    // The search index catches up beside the rebuilds, and tells this loop when it has.
    let mut refresher = Refresher::new(tx.clone());
    'events: while let Ok(message) = rx.recv() {
        let event = match message {
            Message::Fs(event) => event,
            Message::Searched(done) => {
                searched(&live, &mut builder, &mut refresher, done, lang);
                continue;
            }
            Message::Stop => break,
        };
        let mut batch = Batch::default();
        if !batch.add(&root, event) {
            continue;
        }
        let first = Instant::now();
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(Message::Fs(event)) => {
                    batch.add(&root, event);
                }
                Ok(Message::Searched(done)) => {
                    searched(&live, &mut builder, &mut refresher, done, lang);
                }
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => break 'events,
                Err(RecvTimeoutError::Timeout) => break,
            }
            if first.elapsed() > LONGEST_WAIT {
                break;
            }
        }
        if let Some(w) = &mut watch {
            w.update(&batch);
        }
        if let Some(desk) = &live.desk {
            desk.note(&batch.paths, batch.rescan);
        }
        let changes = if batch.rescan || fresh_start {
            Changes::Everything
        } else {
            Changes::Paths(&batch.paths)
        };
        let mut outcome = rebuild(&mut builder, &site, changes, &mut fresh_start);
        // A file saved again while it was being rebuilt: read again at once, rather than
        // show an error its next event would clear.
        for _ in 0..3 {
            let saved = saved_meanwhile(&outcome);
            if saved.is_empty() {
                break;
            }
            outcome = rebuild(
                &mut builder,
                &site,
                Changes::Paths(&saved),
                &mut fresh_start,
            );
        }
        lang = outcome.lang;
        apply(&live, outcome, &mut warned, builder.search_pending());
        // The page is already reloading; now the search index catches up, quietly.
        if let Some(job) = builder.take_search_job() {
            refresher.request(job);
        }
        return_free_memory();
    }

    server.stop();
    live.hub.close();
    drop(watch);
    eprintln!("{}", crate::i18n::text(lang, "serve-stopped"));
    ExitCode::SUCCESS
}

/// The files of a rebuild that failed only because they changed while it ran.
fn saved_meanwhile(outcome: &Outcome) -> HashSet<PathBuf> {
    let errors = || outcome.diagnostics.iter().filter(|d| d.is_error());
    if outcome.built.is_some() || errors().any(|d| d.code != codes::FILE_CHANGED_MEANWHILE) {
        return HashSet::new();
    }
    errors().map(|d| d.file.clone()).collect()
}

/// Rebuilds; should that panic (a bug, not bad input), says so as an error of the build,
/// starts over with a new builder, and reads everything at the next change.
fn rebuild(
    builder: &mut Builder,
    site: &crate::Options,
    changes: Changes<'_>,
    fresh_start: &mut bool,
) -> Outcome {
    let started = Instant::now();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| builder.rebuild(changes))) {
        Ok(outcome) => {
            *fresh_start = false;
            outcome
        }
        Err(panic) => {
            *builder = Builder::new(site.clone());
            builder.defer_search = true;
            *fresh_start = true;
            Outcome {
                built: None,
                diagnostics: vec![
                    Diagnostic::error(&site.root, codes::REBUILD_FAILED)
                        .arg("reason", panic_reason(&*panic)),
                ],
                elapsed: started.elapsed(),
                lang: Lang::for_site(site.lang, &site.root),
            }
        }
    }
}

/// What a panic said, when it said it in words.
fn panic_reason(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Takes in a search index made beside the rebuilds: served with the pages it was made for
/// while they are still the last good build, dropped otherwise (the one for the newer
/// build is made next; one stopped for it brings nothing). A panic that stopped it is told
/// like a failed rebuild; the index stays pending until the next good build's is made.
fn searched(live: &Live, builder: &mut Builder, refresher: &mut Refresher, done: Done, lang: Lang) {
    refresher.finished();
    let files = match done.files {
        Ok(Some(files)) => files,
        Ok(None) => return,
        Err(reason) => {
            let root = &builder.root();
            let error = Diagnostic::error(root, codes::REBUILD_FAILED).arg("reason", reason);
            eprint!("{}", diag::render_text(&[error], lang));
            return;
        }
    };
    if let Some(built) = builder.apply_search(done.serial, files) {
        let status = Status {
            search_pending: false,
            ..live.current().status.clone()
        };
        live.set(Some(built.snapshot), status);
        let line = msg!("serve-search-updated", ms = done.elapsed.as_millis());
        eprintln!("{}", line.text(lang));
        return_free_memory();
    }
}

/// Swaps in a rebuild's snapshot (or keeps the last good one and shows the errors), tells
/// the open pages, and says what happened in the terminal.
fn apply(live: &Live, outcome: Outcome, warned: &mut HashSet<String>, search_pending: bool) {
    let Outcome {
        built,
        diagnostics,
        elapsed,
        lang,
    } = outcome;
    let old = live.current();
    let first = old.snapshot.is_none() && old.status.errors.is_empty() && old.status.html == 0;
    // Warnings once each, not again at every rebuild; errors every time.
    let shown: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error() || warned.insert(d.render(lang)))
        .cloned()
        .collect();
    if !shown.is_empty() {
        eprint!("{}", diag::render_text(&shown, lang));
    }
    let ms = elapsed.as_millis();
    let Some(built) = built else {
        let errors: Vec<ErrorView> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| ErrorView::new(d, lang))
            .collect();
        let status = Status {
            text: OverlayText::new(lang, errors.len()),
            errors,
            lang,
            ..old.status.clone()
        };
        let event = status.event("error");
        live.set(old.snapshot.clone(), status);
        live.hub.broadcast(event);
        let count = diag::count(&diagnostics, diag::Severity::Error);
        let served = if old.snapshot.is_some() { "yes" } else { "no" };
        let line = msg!(
            "serve-build-failed",
            errors = count,
            ms = ms,
            served = served
        );
        eprintln!("{}", line.text(lang));
        return;
    };
    let failing = !old.status.errors.is_empty();
    if built.changed.is_empty() && !failing && old.snapshot.is_some() && !search_pending {
        return; // a save that changed nothing
    }
    let mut status = Status {
        errors: Vec::new(),
        text: OverlayText::default(),
        lang,
        search_pending,
        ..old.status.clone()
    };
    let css_only = !built.changed.is_empty() && built.changed.iter().all(|p| p.ends_with(".css"));
    let event = if built.changed.is_empty() && old.snapshot.is_some() {
        "ok"
    } else if css_only && old.snapshot.is_some() {
        status.css += 1;
        "css"
    } else {
        status.html += 1;
        "reload"
    };
    let message = status.event(event);
    let files = built.snapshot.len();
    live.set(Some(built.snapshot), status);
    // After the swap: a page that reloads now gets the new site.
    live.hub.broadcast(message);
    if first {
        let line = msg!(
            "serve-built",
            documents = built.documents,
            files = files,
            ms = ms
        );
        eprintln!("{}", line.text(lang));
    } else {
        let line = msg!(
            "serve-rebuilt",
            ms = ms,
            read = built.read,
            rendered = built.rendered,
            changed = built.changed.len()
        );
        eprintln!("{}", line.text(lang));
    }
    if std::env::var_os("BANTIN_SERVE_TIMINGS").is_some() {
        let phases: Vec<String> = built
            .phases
            .iter()
            .map(|(name, d)| format!("{name} {:.1}", d.as_secs_f64() * 1000.0))
            .collect();
        let line = msg!("serve-timings", phases = phases.join(", "));
        eprintln!("{}", line.text(lang));
    }
}

/// Gives the memory freed by a rebuild (most of it by the search index's) back to the system
/// now, while serve is idle. mimalloc otherwise does it lazily, inside the next allocations:
/// those of the next edit's rebuild, which took 20 ms longer for it at 100,000 documents.
fn return_free_memory() {
    crate::memory::give_back_freed();
}

/// The address to print and open: a loopback one when listening on all addresses.
fn shown_address(address: SocketAddr) -> SocketAddr {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), address.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), address.port())
        }
        _ => address,
    }
}

/// Opens the default browser; a failure only means the user opens it.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = spawned {
        std::thread::spawn(move || child.wait());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_rebuild_failed_by_files_saved_meanwhile_is_made_again() {
        let outcome = |diagnostics: Vec<Diagnostic>| Outcome {
            built: None,
            diagnostics,
            elapsed: Duration::ZERO,
            lang: Lang::Vi,
        };
        let saved = |file: &str| Diagnostic::error(file, codes::FILE_CHANGED_MEANWHILE);
        let warning = Diagnostic::warning("content/b.md", codes::NAME_UNREGISTERED);
        let got = saved_meanwhile(&outcome(vec![saved("content/a.md"), warning.clone()]));
        assert_eq!(got, HashSet::from([PathBuf::from("content/a.md")]));
        // Another error: shown, not hidden behind a rebuild.
        let other = Diagnostic::error("content/b.md", codes::FILE_UNREADABLE);
        assert!(saved_meanwhile(&outcome(vec![saved("content/a.md"), other])).is_empty());
        assert!(saved_meanwhile(&outcome(vec![warning])).is_empty());
    }
}
