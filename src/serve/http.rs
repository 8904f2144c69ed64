//! What `serve` answers: routes, the Host check, and files of the current snapshot. Paths
//! are checked and normalised to a snapshot key before anything is looked up; nothing is
//! ever read from disk, so no request can reach a file outside the site. Connections and
//! the reading of requests are `server`'s.

use std::sync::Arc;

use super::head::Head;
use super::rebuild::Entry;
use super::reload::{self, Subscription};
use super::{Live, State};

/// A response: status, headers, and the body (shared bytes of the snapshot, or bytes made
/// for this response). `server` adds the date, length and connection headers.
pub struct Response {
    pub code: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Arc<[u8]>,
}

/// What a request gets: a response, or the live-reload event stream.
pub enum Reply {
    Response(Response),
    Events(Subscription, String),
}

impl Response {
    pub fn new(code: u16, headers: Vec<(&'static str, String)>, body: Arc<[u8]>) -> Self {
        Response {
            code,
            headers,
            body,
        }
    }

    /// A short plain-text answer.
    pub fn text(code: u16, message: &str) -> Self {
        Response::new(
            code,
            vec![
                ("Content-Type", "text/plain; charset=utf-8".into()),
                ("Cache-Control", "no-cache".into()),
            ],
            Arc::from(format!("{message}\n").into_bytes()),
        )
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

impl From<Response> for Reply {
    fn from(response: Response) -> Self {
        Reply::Response(response)
    }
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

pub fn handle(request: &Head, body: &[u8], live: &Live) -> Reply {
    let host = request.header("Host");
    if host.is_some_and(|h| !host_allowed(h, &live.allow_hosts)) {
        let lang = live.current().status.lang;
        let why = crate::msg!("serve-foreign-host", host = host.unwrap_or_default());
        return Response::text(403, &why.text(lang)).into();
    }
    if request.target.starts_with(super::desk::PREFIX) {
        return super::desk::handle(request, body, live).into();
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Response::text(405, "only GET and HEAD")
            .with("Allow", "GET, HEAD")
            .into();
    }
    let url = request.target.as_str();
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let state = live.current();
    match path {
        "/__bantin/events" => {
            return match live.hub.subscribe() {
                Some(stream) => Reply::Events(stream, state.status.event("hello")),
                None => Response::text(503, "too many live-reload streams; poll /__bantin/version")
                    .with("Retry-After", "5")
                    .into(),
            };
        }
        "/__bantin/version" => {
            let headers = vec![
                ("Content-Type", "application/json; charset=utf-8".into()),
                ("Cache-Control", "no-store".into()),
            ];
            let body = Arc::from(state.status.json().into_bytes());
            return Response::new(200, headers, body).into();
        }
        _ => {}
    }
    let key = match normalise(path) {
        Ok(key) => key,
        Err(why) => return Response::text(400, &format!("bantin serve: refused: {why}")).into(),
    };
    // `?__bantin_raw`: the page as built, without the live-reload script (for tests).
    let raw = query
        .split('&')
        .any(|p| p == "__bantin_raw" || p.starts_with("__bantin_raw="));
    let Some(snapshot) = &state.snapshot else {
        let headers = vec![
            ("Content-Type", "text/html; charset=utf-8".into()),
            ("Cache-Control", "no-cache".into()),
        ];
        let body = Arc::from(reload::error_page(&state.status));
        return Response::new(500, headers, body).into();
    };
    if let Some(entry) = snapshot.get(key.as_str()) {
        return send(request, &key, entry, 200, &state, raw).into();
    }
    if !path.ends_with('/') && snapshot.contains(&format!("{key}/index.html")) {
        let location = if query.is_empty() {
            format!("{path}/")
        } else {
            format!("{path}/?{query}")
        };
        return Response::new(301, Vec::new(), Arc::from([]))
            .with("Location", location)
            .with("Cache-Control", "no-cache")
            .into();
    }
    match snapshot.get("404.html") {
        Some(entry) => send(request, "404.html", entry, 404, &state, raw).into(),
        None => Response::text(404, "not found").into(),
    }
}

/// A file of the snapshot: the script injected into HTML, an ETag, and 304 when the
/// browser's copy is current.
fn send(request: &Head, key: &str, entry: &Entry, code: u16, state: &State, raw: bool) -> Response {
    let content_type = content_type(key);
    let inject = !raw && content_type.starts_with("text/html");
    // The injected script carries the versions: a new one makes every page's tag new.
    let etag = if inject {
        format!("\"{:016x}-{:016x}\"", entry.hash, state.tag)
    } else {
        format!("\"{:016x}\"", entry.hash)
    };
    let mut headers = vec![
        ("Content-Type", content_type),
        ("Cache-Control", "no-cache".into()),
        ("ETag", etag.clone()),
        ("X-Content-Type-Options", "nosniff".into()),
    ];
    if code == 200 && matches_etag(request, &etag) {
        headers.retain(|(name, _)| *name != "Content-Type");
        return Response::new(304, headers, Arc::from([]));
    }
    let body: Arc<[u8]> = if inject {
        Arc::from(reload::inject(&entry.bytes, &state.status))
    } else {
        entry.bytes.clone()
    };
    Response::new(code, headers, body)
}

fn matches_etag(request: &Head, etag: &str) -> bool {
    request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("If-None-Match"))
        .flat_map(|(_, value)| value.split(','))
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
