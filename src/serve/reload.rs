//! Live reload: what the browser is told (Server-Sent Events, or the version endpoint for
//! polling), the script `serve` puts into HTML responses, and the page shown while the
//! site has never built.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::escape::xml as escape_attr;
use crate::i18n::{self, Lang};
use crate::msg;

/// Streams open at once; beyond that the script polls instead. Browsers give a site six
/// connections, so the script also closes its stream while its tab is hidden.
pub const MAX_STREAMS: usize = 16;
/// A comment this often on every stream finds tabs that went away.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The script, with its error overlay (HTML and CSS inside), injected before `</body>`.
const SCRIPT: &str = include_str!("live.js");

/// What the browser needs to know: the versions of the site and of its CSS, and the errors
/// of the last build when it failed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Status {
    /// Bumped by a rebuild that changed anything but CSS: open pages reload.
    pub html: u64,
    /// Bumped by a rebuild that changed only CSS: open pages swap their stylesheets.
    pub css: u64,
    pub errors: Vec<ErrorView>,
    /// The overlay's own words, in the language of the errors.
    pub text: OverlayText,
    /// The language of the messages, for the page shown while the site has never built.
    #[serde(skip)]
    pub lang: Lang,
    /// The search index is being brought up to date after the pages (see
    /// `Builder::refresh_search`); what is served equals a full build once this is false.
    pub search_pending: bool,
    /// The editor's desk links the script adds to document pages and the home page.
    pub desk: Option<DeskLinks>,
}

/// The words of the desk's links, in the site's language.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DeskLinks {
    pub edit: String,
    pub new: String,
    pub href: &'static str,
}

/// A diagnostic as the overlay shows it, put into words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorView {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub source: Option<String>,
}

impl ErrorView {
    pub fn new(d: &Diagnostic, lang: Lang) -> Self {
        ErrorView {
            file: d.file.display().to_string(),
            line: d.line,
            column: d.column,
            code: d.code.code,
            message: d.message(lang),
            help: d.help_text(lang),
            source: d.source_line.clone(),
        }
    }
}

/// The overlay's heading, button and note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OverlayText {
    pub title: String,
    pub close: String,
    pub note: String,
}

impl OverlayText {
    pub fn new(lang: Lang, errors: usize) -> Self {
        OverlayText {
            title: msg!("overlay-title", errors = errors).text(lang),
            close: i18n::text(lang, "overlay-close"),
            note: i18n::text(lang, "overlay-note"),
        }
    }
}

impl Status {
    /// JSON safe to put inside a `<script>`.
    pub fn json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|_| "{}".to_owned())
            .replace('<', "\\u003c")
    }

    /// `event: NAME` and the status as data, one Server-Sent Event.
    pub fn event(&self, name: &str) -> String {
        format!("event: {name}\ndata: {}\n\n", self.json())
    }
}

/// The script and the status it starts from, to go before `</body>`.
fn script_tag(status: &Status) -> String {
    format!(
        "<script>window.__bantin_status={};</script><script>{SCRIPT}</script>",
        status.json()
    )
}

/// An HTML response with the live-reload script before its last `</body>` (or at the end).
pub fn inject(html: &[u8], status: &Status) -> Vec<u8> {
    let tag = script_tag(status);
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page every request gets while the site has never built: the errors, in bantin's
/// own markup rather than the theme's (which may be what is broken).
pub fn error_page(status: &Status) -> Vec<u8> {
    let mut items = String::new();
    for e in &status.errors {
        let mut place = e.file.clone();
        if e.line > 0 {
            place.push_str(&format!(":{}", e.line));
            if e.column > 0 {
                place.push_str(&format!(":{}", e.column));
            }
        }
        items.push_str(&format!(
            "<li><code>{}</code><p>{} {}</p>",
            escape_attr(&place),
            escape_attr(e.code),
            escape_attr(&e.message)
        ));
        if let Some(source) = &e.source {
            items.push_str(&format!("<pre>{}</pre>", escape_attr(source)));
        }
        if let Some(help) = &e.help {
            items.push_str(&format!("<p>{}</p>", escape_attr(help)));
        }
        items.push_str("</li>");
    }
    let lang = status.lang;
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}}\
         pre{{background:#f4f4f4;padding:.5rem;overflow:auto}}li{{margin-bottom:1rem}}</style></head>\
         <body><h1>{}</h1><p>{}</p><ol>{items}</ol></body></html>\n",
        lang.code(),
        escape_attr(&i18n::text(lang, "error-page-title")),
        escape_attr(&i18n::text(lang, "error-page-heading")),
        escape_attr(&i18n::text(lang, "error-page-intro")),
    );
    inject(html.as_bytes(), status)
}

/// The open event streams, each written by its connection's own thread, so that a slow
/// tab holds up only itself and never a page request.
#[derive(Default)]
pub struct Hub {
    streams: Mutex<Vec<mpsc::Sender<Arc<str>>>>,
    open: Arc<AtomicUsize>,
}

/// A place among the open streams, taken for one `/__bantin/events` request.
pub struct Subscription {
    rx: mpsc::Receiver<Arc<str>>,
    open: Arc<AtomicUsize>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Hub {
    /// A stream for a request to `/__bantin/events`; none when `MAX_STREAMS` are open.
    pub fn subscribe(&self) -> Option<Subscription> {
        if self.open.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
            self.open.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let (tx, rx) = mpsc::channel::<Arc<str>>();
        self.streams
            .lock()
            .expect("no panics while holding the lock")
            .push(tx);
        Some(Subscription {
            rx,
            open: self.open.clone(),
        })
    }

    /// Sends an event to every open stream; forgets streams that have ended.
    pub fn broadcast(&self, event: String) {
        let event: Arc<str> = Arc::from(event);
        self.streams
            .lock()
            .expect("no panics while holding the lock")
            .retain(|tx| tx.send(event.clone()).is_ok());
    }

    /// Ends every stream (when `serve` stops).
    pub fn close(&self) {
        self.streams
            .lock()
            .expect("no panics while holding the lock")
            .clear();
    }
}

impl Subscription {
    /// Writes the stream: its head, `hello`, then every event broadcast and a heartbeat
    /// when quiet, until the tab goes away or `serve` stops.
    pub fn serve(self, mut writer: impl Write, hello: &str) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-cache\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n\
                    retry: 1000\n\n";
        let mut ok = writer.write_all(head.as_bytes()).is_ok()
            && writer.write_all(hello.as_bytes()).is_ok()
            && writer.flush().is_ok();
        while ok {
            let message: Arc<str> = match self.rx.recv_timeout(HEARTBEAT) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => Arc::from(": heartbeat\n\n"),
                Err(RecvTimeoutError::Disconnected) => break,
            };
            ok = writer.write_all(message.as_bytes()).is_ok() && writer.flush().is_ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let status = Status::default();
        let out =
            String::from_utf8(inject(b"<html><body><p>x</p></BODY></html>", &status)).unwrap();
        assert!(out.starts_with("<html><body><p>x</p><script>window.__bantin_status="));
        assert!(out.ends_with("</script></BODY></html>"));
        let bare = String::from_utf8(inject(b"<p>no body</p>", &status)).unwrap();
        assert!(bare.starts_with("<p>no body</p><script>"));
    }

    #[test]
    fn status_json_cannot_end_the_script() {
        let status = Status {
            errors: vec![ErrorView {
                file: "a.md".into(),
                line: 1,
                column: 1,
                code: "BT000",
                message: "</script><script>alert(1)</script>".into(),
                help: None,
                source: None,
            }],
            ..Status::default()
        };
        assert!(!status.json().contains("</script>"));
    }
}
