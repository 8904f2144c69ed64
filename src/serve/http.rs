//! HTTP with tiny_http: a few worker threads answer from the current snapshot. Paths are
//! checked and normalised to a snapshot key before anything is looked up; nothing is ever
//! read from disk, so no request can reach a file outside the site.

use std::io::Cursor;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::rebuild::Entry;
use super::reload;
use super::{Live, State};

/// Request threads. Event streams have their own threads, so these stay free for pages.
const WORKERS: usize = 4;

pub fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

/// Listens on `address`, with Nagle's algorithm off for the connections it accepts.
pub fn listen(address: std::net::SocketAddr) -> std::io::Result<Server> {
    let listener = std::net::TcpListener::bind(address)?;
    no_delay(&listener);
    Server::from_listener(listener, None).map_err(|e| std::io::Error::other(e.to_string()))
}

#[cfg(unix)]
fn no_delay(listener: &std::net::TcpListener) {
    use std::os::fd::AsRawFd;
    let one: libc::c_int = 1;
    // SAFETY: the descriptor is the listener's, open while it lives; the option value is
    // a c_int and its size is given. A failure only costs speed, so it is ignored.
    unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&one as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

#[cfg(not(unix))]
fn no_delay(_: &std::net::TcpListener) {}

/// Starts the request threads; they end once `stop` is set.
pub fn start(server: Arc<Server>, live: Arc<Live>, stop: Arc<AtomicBool>) -> Vec<JoinHandle<()>> {
    (0..WORKERS)
        .filter_map(|n| {
            let (server, live, stop) = (server.clone(), live.clone(), stop.clone());
            std::thread::Builder::new()
                .name(format!("bantin-http-{n}"))
                .spawn(move || {
                    while !stop.load(Ordering::SeqCst) {
                        match server.recv_timeout(Duration::from_millis(200)) {
                            Ok(Some(request)) => {
                                // Whatever a request does, the server goes on.
                                let _ = std::panic::catch_unwind(AssertUnwindSafe(|| {
                                    handle(request, &live)
                                }));
                            }
                            Ok(None) => {}
                            Err(_) => std::thread::sleep(Duration::from_millis(50)),
                        }
                    }
                })
                .ok()
        })
        .collect()
}

/// A body: shared bytes of the snapshot, or bytes made for this response.
fn respond(request: Request, code: u16, headers: Vec<Header>, body: Arc<[u8]>) {
    let len = body.len();
    let response = Response::new(
        StatusCode(code),
        headers,
        Cursor::new(body),
        Some(len),
        None,
    );
    let _ = request.respond(response);
}

fn text(request: Request, code: u16, message: &str) {
    respond(
        request,
        code,
        vec![
            header("Content-Type", "text/plain; charset=utf-8"),
            header("Cache-Control", "no-cache"),
        ],
        Arc::from(format!("{message}\n").into_bytes()),
    );
}

/// Whether a `Host` header names this computer: `localhost`, an IP address (a
/// DNS-rebinding page reaches the preview under a name of its own, never an address), or
/// a name given with `--allow-host`.
pub fn host_allowed(value: &str, allowed: &[String]) -> bool {
    let name = match value.strip_prefix('[') {
        Some(rest) => {
            return rest.split_once(']').is_some_and(|(ip, port)| {
                ip.parse::<std::net::Ipv6Addr>().is_ok()
                    && (port.is_empty() || port.starts_with(':'))
            });
        }
        None => match value.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => value,
        },
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || name.eq_ignore_ascii_case("localhost")
        || allowed.iter().any(|a| a.eq_ignore_ascii_case(name))
}

fn handle(request: Request, live: &Live) {
    let host = request.headers().iter().find(|h| h.field.equiv("Host"));
    if host.is_some_and(|h| !host_allowed(h.value.as_str(), &live.allow_hosts)) {
        return text(
            request,
            403,
            "bantin serve: this preview answers only at localhost or this computer's address.\n\
             To open it under another name, start it with `bantin serve --allow-host NAME`.",
        );
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::from_string("only GET and HEAD\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let state = live.current();
    match path {
        "/__bantin/events" => {
            live.hub.subscribe(request, state.status.event("hello"));
            return;
        }
        "/__bantin/version" => {
            let headers = vec![
                header("Content-Type", "application/json; charset=utf-8"),
                header("Cache-Control", "no-store"),
            ];
            respond(
                request,
                200,
                headers,
                Arc::from(state.status.json().into_bytes()),
            );
            return;
        }
        _ => {}
    }
    let key = match normalise(path) {
        Ok(key) => key,
        Err(why) => return text(request, 400, &format!("bantin serve: refused: {why}")),
    };
    // `?__bantin_raw`: the page as built, without the live-reload script (for tests).
    let raw = query
        .split('&')
        .any(|p| p == "__bantin_raw" || p.starts_with("__bantin_raw="));
    let Some(snapshot) = &state.snapshot else {
        let headers = vec![
            header("Content-Type", "text/html; charset=utf-8"),
            header("Cache-Control", "no-cache"),
        ];
        return respond(
            request,
            500,
            headers,
            Arc::from(reload::error_page(&state.status)),
        );
    };
    if let Some(entry) = snapshot.get(key.as_str()) {
        return send(request, &key, entry, 200, &state, raw);
    }
    if !path.ends_with('/') && snapshot.contains(&format!("{key}/index.html")) {
        let location = if query.is_empty() {
            format!("{path}/")
        } else {
            format!("{path}/?{query}")
        };
        let response = Response::empty(StatusCode(301))
            .with_header(header("Location", &location))
            .with_header(header("Cache-Control", "no-cache"));
        let _ = request.respond(response);
        return;
    }
    match snapshot.get("404.html") {
        Some(entry) => send(request, "404.html", entry, 404, &state, raw),
        None => text(request, 404, "not found"),
    }
}

/// Sends a file of the snapshot: the script injected into HTML, an ETag, and 304 when the
/// browser's copy is current.
fn send(request: Request, key: &str, entry: &Entry, code: u16, state: &State, raw: bool) {
    let content_type = content_type(key);
    let inject = !raw && content_type.starts_with("text/html");
    // The injected script carries the versions: a new one makes every page's tag new.
    let etag = if inject {
        format!("\"{:016x}-{:016x}\"", entry.hash, state.tag)
    } else {
        format!("\"{:016x}\"", entry.hash)
    };
    let mut headers = vec![
        header("Content-Type", &content_type),
        header("Cache-Control", "no-cache"),
        header("ETag", &etag),
        header("X-Content-Type-Options", "nosniff"),
    ];
    if code == 200 && matches_etag(&request, &etag) {
        headers.retain(|h| !h.field.equiv("Content-Type"));
        let _ = request.respond(Response::empty(StatusCode(304)).with_headers(headers));
        return;
    }
    let body: Arc<[u8]> = if inject {
        Arc::from(reload::inject(&entry.bytes, &state.status))
    } else {
        entry.bytes.clone()
    };
    respond(request, code, headers, body);
}

trait WithHeaders {
    fn with_headers(self, headers: Vec<Header>) -> Self;
}

impl<R: std::io::Read> WithHeaders for Response<R> {
    fn with_headers(mut self, headers: Vec<Header>) -> Self {
        for h in headers {
            self.add_header(h);
        }
        self
    }
}

fn matches_etag(request: &Request, etag: &str) -> bool {
    request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("If-None-Match"))
        .flat_map(|h| h.value.as_str().split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// The Content-Type of a file by its name; text types say they are UTF-8.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    let textual = essence.starts_with("text/")
        || essence.ends_with("+xml")
        || essence.ends_with("+json")
        || matches!(
            essence,
            "application/javascript" | "application/json" | "application/xml"
        );
    if textual {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_owned()
    }
}

/// A request path → the key of a file in the snapshot (`/2022/a/` → `2022/a/index.html`),
/// or why it is refused: anything that could name a place outside the site (`..`, `.`,
/// encoded `/` or `\`, backslashes, NUL, empty segments, drive letters) is.
pub fn normalise(path: &str) -> Result<String, &'static str> {
    if !path.starts_with('/') {
        return Err("the path must start with /");
    }
    if path.contains('\\') {
        return Err("backslash in the path");
    }
    let lower = path.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return Err("an encoded separator or NUL in the path");
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| "the path is not UTF-8")?;
    if decoded.contains(['\0', '\\']) {
        return Err("backslash or NUL in the path");
    }
    let inner = &decoded[1..];
    let (inner, dir) = match inner.strip_suffix('/') {
        Some(inner) => (inner, true),
        None => (inner, inner.is_empty()),
    };
    let mut key = String::with_capacity(inner.len() + 11);
    if !inner.is_empty() {
        for segment in inner.split('/') {
            if segment.is_empty() || segment == "." || segment == ".." || segment.contains(':') {
                return Err("a segment of the path leaves the site or is empty");
            }
            if !key.is_empty() {
                key.push('/');
            }
            key.push_str(segment);
        }
    }
    if dir {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_keys() {
        assert_eq!(normalise("/").unwrap(), "index.html");
        assert_eq!(normalise("/2022/a/").unwrap(), "2022/a/index.html");
        assert_eq!(normalise("/static/style.css").unwrap(), "static/style.css");
        assert_eq!(normalise("/2022/a").unwrap(), "2022/a");
        assert_eq!(
            normalise("/t%C3%A0i%20li%E1%BB%87u.pdf").unwrap(),
            "tài liệu.pdf"
        );
    }

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/..%5cetc%5cpasswd",
            "/..\\etc\\passwd",
            "/a/./b",
            "//etc/passwd",
            "/a//b",
            "/C:/Windows/win.ini",
            "/a%00.html",
            "etc/passwd",
            "http://example.org/etc/passwd",
            "/%ff%fe",
        ] {
            assert!(normalise(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn text_types_say_utf8() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("thoi-han.ics"), "text/calendar; charset=utf-8");
        assert!(content_type("feed.xml").contains("xml; charset=utf-8"));
        assert_eq!(content_type("a.pdf"), "application/pdf");
    }
}
