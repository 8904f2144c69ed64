//! `bantin serve` end to end: the real binary on a free loopback port, a copy of the basic
//! fixture site (with the default theme copied in, so its CSS and templates can be edited),
//! HTTP with ureq, and raw TCP where a client would tidy the request or the stream.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser;
use crate::support::{TODAY, bin, copy_tree, repo};

crate::tests! {
    serve_answers_with_types_404_304_and_head;
    #[cfg(unix)]
    serve_refuses_every_path_outside_the_site;
    serve_sends_reload_after_an_edit_and_keeps_the_old_page_while_broken;
    serve_errors_speak_the_sites_language;
    serve_starts_when_the_first_build_fails;
    serve_stops_cleanly_on_sigint_and_leaves_no_files;
    serve_bounds_live_reload_streams_and_keeps_serving_pages;
    serve_incremental_output_equals_a_full_build_after_each_edit;
    serve_browser_page_follows_edits_and_shows_the_error_overlay: Chromium;
    serve_answers_only_host_names_of_this_computer_or_allowed_ones;
    serve_reports_a_document_at_an_address_of_the_sites_own_pages;
    serve_rebuilds_edits_while_the_search_index_is_made;
}

/// A running `bantin serve`, killed when dropped.
pub(crate) struct Serve {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    log: Arc<Mutex<String>>,
    agent: ureq::Agent,
}

pub(crate) struct Reply {
    pub(crate) status: u16,
    content_type: String,
    etag: Option<String>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Serve {
    pub(crate) fn start(root: &Path) -> Serve {
        Self::start_with(root, &[])
    }

    pub(crate) fn start_with(root: &Path, extra: &[&str]) -> Serve {
        Self::start_with_env(root, extra, &[])
    }

    pub(crate) fn start_with_env(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Serve {
        let mut child = Command::new(bin())
            .args(["serve", "--port", "0", "--today", TODAY, "--root"])
            .arg(root)
            .args(extra)
            .env_remove("BANTIN_LANG")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start bantin serve");
        let stderr = child.stderr.take().expect("piped");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("bantin serve: http://") {
                    let _ = tx.send(rest.split('/').next().unwrap_or_default().to_owned());
                }
                let mut log = lines.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(addr) => addr,
            Err(_) => {
                let _ = child.kill();
                panic!("serve printed no address:\n{}", log.lock().unwrap());
            }
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Serve {
            child,
            addr,
            log,
            agent,
        }
    }

    /// `127.0.0.1:PORT`
    pub(crate) fn addr(&self) -> &str {
        &self.addr
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn is_running(&mut self) -> bool {
        self.child.try_wait().ok().flatten().is_none()
    }

    pub(crate) fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The terminal once it holds `text` (it is written just after the status changes), or
    /// as it is after ten seconds.
    pub(crate) fn log_with(&self, text: &str) -> String {
        let until = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.log();
            if log.contains(text) || std::time::Instant::now() > until {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn request(&self, method: &str, path: &str, etag: Option<&str>) -> Reply {
        let url = self.url(path);
        let reply = match (method, etag) {
            ("HEAD", _) => self.agent.head(&url).call(),
            (_, Some(tag)) => self.agent.get(&url).header("If-None-Match", tag).call(),
            _ => self.agent.get(&url).call(),
        };
        let mut reply = reply.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let header = |name: &str| {
            reply
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (content_type, etag) = (header("content-type").unwrap_or_default(), header("etag"));
        Reply {
            status: reply.status().as_u16(),
            content_type,
            etag,
            body: reply
                .body_mut()
                .with_config()
                .limit(1 << 30)
                .read_to_vec()
                .unwrap_or_default(),
        }
    }

    pub(crate) fn get(&self, path: &str) -> Reply {
        self.request("GET", path, None)
    }

    /// A request written byte for byte, so that no client tidies its path; the whole answer.
    pub(crate) fn raw(&self, request: &str) -> String {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }

    fn raw_get(&self, target: &str) -> String {
        self.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ))
    }

    /// `/__bantin/version`: `{html, css, errors}`.
    fn status(&self) -> Value {
        serde_json::from_slice(&self.get("/__bantin/version").body).expect("status JSON")
    }

    /// Waits until the status passes `done`; panics with the log after `secs`.
    fn wait_for(&self, what: &str, secs: u64, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let status = self.status();
            if done(&status) {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "waited {secs} s for {what}; status {status}\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits for the next version (`html` or `css` above `before`) and for the search
    /// index, which follows the pages, to catch up; returns the new status.
    fn wait_for_version(&self, before: &Value) -> Value {
        let (html, css) = (before["html"].as_u64(), before["css"].as_u64());
        self.wait_for("a rebuild", 30, |s| {
            (s["html"].as_u64() != html || s["css"].as_u64() != css) && s["search_pending"] == false
        })
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET /__bantin/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("stream head");
            if line.trim().is_empty() {
                break;
            }
            head.push_str(&line);
        }
        Events { reader, head }
    }

    /// Ctrl-C; the exit status.
    fn interrupt(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Server-Sent Events stream read over raw TCP.
struct Events {
    reader: BufReader<TcpStream>,
    head: String,
}

impl Events {
    /// The next event (name, data), skipping comments.
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() || !data.is_empty() {
                    return (name, data);
                }
            } else if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_owned();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
            }
        }
    }

    /// Skips events until one named `name`.
    fn until(&mut self, name: &str) -> Value {
        loop {
            let (n, data) = self.next();
            if n == name {
                return serde_json::from_str(&data).expect("event JSON");
            }
        }
    }
}

/// The basic fixture site with the default theme copied in, in a temporary folder.
pub(crate) fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    copy_tree(&repo().join("tests/sites/basic"), &root);
    copy_tree(&repo().join("themes/default"), &root.join("themes/default"));
    (dir, root)
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

pub(crate) fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

pub(crate) const PLAN_138: &str = "content/2022/ke-hoach-138.md";

fn serve_answers_with_types_404_304_and_head() {
    let (_dir, root) = fixture();
    let s = Serve::start(&root);
    // The office's preview says whether deadlines were met (the built site does not).
    let plan = s.get("/2022/ke-hoach-138/").text();
    assert!(plan.contains("Quá hạn, chưa có báo cáo"), "{plan}");

    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    assert!(
        home.text().contains("window.__bantin_status="),
        "the live script is injected"
    );
    let raw = s.get("/?__bantin_raw");
    assert!(
        !raw.text().contains("__bantin"),
        "?__bantin_raw is the page as built"
    );

    for (path, kind) in [
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/feed.xml", "xml; charset=utf-8"),
        ("/sitemap.xml", "xml; charset=utf-8"),
        ("/thoi-han.ics", "text/calendar; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/2022/bao-cao-tong-ket/phu-luc.pdf", "application/pdf"),
        ("/2022/ke-hoach-138/", "text/html; charset=utf-8"),
    ] {
        let reply = s.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.content_type.ends_with(kind),
            "{path}: {}",
            reply.content_type
        );
        assert!(!reply.body.is_empty(), "{path}");
    }
    assert!(
        !s.get("/static/style.css").text().contains("__bantin"),
        "only HTML gets the script"
    );

    // The site's own 404 page, with status 404, the script in it.
    let missing = s.get("/khong-co/trang-nay/");
    assert_eq!(missing.status, 404);
    let not_found =
        std::fs::read_to_string(root.join("themes/default/templates/404.html")).unwrap();
    assert!(not_found.contains("not_found_title"));
    assert!(missing.text().contains("window.__bantin_status="));
    assert_eq!(
        s.get("/404.html?__bantin_raw").body,
        s.get("/khong-co?__bantin_raw").body,
        "a missing page gets the 404 page"
    );

    // A folder without its slash is sent to it.
    let redirect = s.get("/nam/2022?x=1");
    assert_eq!(redirect.status, 301);
    let answer = s.raw_get("/nam/2022");
    assert!(answer.starts_with("HTTP/1.1 301"), "{answer}");
    assert!(answer.contains("Location: /nam/2022/\r\n"), "{answer}");

    // ETag and If-None-Match.
    let page = s.get("/2022/ke-hoach-138/");
    let etag = page.etag.clone().expect("an ETag");
    let again = s.request("GET", "/2022/ke-hoach-138/", Some(&etag));
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(
        s.request("GET", "/2022/ke-hoach-138/", Some("\"other\""))
            .status,
        200
    );
    let css = s.get("/static/style.css");
    let css_tag = css.etag.clone().unwrap();
    assert_eq!(
        s.request("GET", "/static/style.css", Some(&css_tag)).status,
        304
    );

    // HEAD: the headers of GET, no body.
    let head = s.raw(&format!(
        "HEAD /2022/ke-hoach-138/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        s.addr
    ));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let length = format!("Content-Length: {}\r\n", page.body.len());
    assert!(head.contains(&length), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {head}");
    assert!(head.contains("Cache-Control: no-cache"));
    assert_eq!(s.request("HEAD", "/feed.xml", None).status, 200);

    // Only GET and HEAD.
    let post = s.raw(&format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        s.addr
    ));
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
}

#[cfg(unix)]
fn serve_refuses_every_path_outside_the_site() {
    let (dir, root) = fixture();
    let secret = "TOP-SECRET-NOT-FOR-THE-WEB";
    std::fs::write(dir.path().join("secret.txt"), secret).unwrap();
    // Symbolic links inside the site that lead out of it.
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        root.join("themes/default/static/leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        root.join("content/2022/bao-cao-tong-ket/leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path(), root.join("themes/default/static/outside")).unwrap();
    let s = Serve::start(&root);

    for target in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/static\\..\\..\\secret.txt",
        "//etc/passwd",
        "/.%2e/secret.txt",
        "/%2e/secret.txt",
        "/secret.txt%00.html",
        "/index.html%00",
        "/C:/Windows/win.ini",
        "/C:%5cWindows%5cwin.ini",
        "http://127.0.0.1/../secret.txt",
        "/etc/passwd",
        &dir.path().join("secret.txt").display().to_string(),
        "/static/leak.txt",
        "/static/outside/secret.txt",
        "/2022/bao-cao-tong-ket/leak.txt",
    ] {
        let answer = s.raw_get(target);
        assert!(
            !answer.starts_with("HTTP/1.1 200")
                && !answer.contains(secret)
                && !answer.contains("root:x:0"),
            "{target} was answered:\n{answer}"
        );
    }
    // A NUL byte in the request line itself.
    let answer = s.raw(&format!(
        "GET /a\0b HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        s.addr
    ));
    assert!(!answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Still serving afterwards: the link out of content/ is an error of the build, shown
    // in place of the site, its target never read.
    let page = s.get("/");
    assert_eq!(page.status, 500);
    assert!(
        page.text().contains("nằm ngoài content/"),
        "{}",
        page.text()
    );
    assert!(!page.text().contains(secret));
}

fn serve_sends_reload_after_an_edit_and_keeps_the_old_page_while_broken() {
    let (_dir, root) = fixture();
    let s = Serve::start(&root);
    let mut events = s.events();
    assert!(events.head.starts_with("HTTP/1.1 200"), "{}", events.head);
    assert!(events.head.contains("text/event-stream"), "{}", events.head);
    let hello = events.until("hello");

    edit(
        &root,
        PLAN_138,
        "Nâng cao nhận thức",
        "Nâng cao RẤT NHIỀU nhận thức",
    );
    let reload = events.until("reload");
    assert!(reload["html"].as_u64() > hello["html"].as_u64());
    let page = s.get("/2022/ke-hoach-138/");
    assert!(page.text().contains("RẤT NHIỀU"));

    // A broken save: the error event names the file and place; the last good page stays.
    edit(&root, PLAN_138, "date: 2022-08-23", "date: 2022-02-30");
    let error = events.until("error");
    let errors = error["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{error}");
    assert_eq!(errors[0]["file"], "content/2022/ke-hoach-138.md");
    assert_eq!(errors[0]["line"], 4, "{error}");
    assert_eq!(errors[0]["column"], 7, "{error}");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("2022-02-30"),
        "{error}"
    );
    assert!(errors[0]["help"].is_string(), "{error}");
    assert_eq!(errors[0]["source"], "date: 2022-02-30", "{error}");
    // In the site's language, with its code and the overlay's own words.
    assert_eq!(errors[0]["code"], "BT018", "{error}");
    assert_eq!(
        errors[0]["message"], "Không đọc được ngày `2022-02-30`: tháng 2 không có ngày 30",
        "{error}"
    );
    assert_eq!(
        error["text"]["title"], "Chưa tạo được trang: có 1 lỗi",
        "{error}"
    );
    assert_eq!(error["text"]["close"], "Đóng", "{error}");
    let during = s.get("/2022/ke-hoach-138/");
    assert_eq!(during.status, 200);
    assert!(
        during.text().contains("RẤT NHIỀU"),
        "the last good page is served"
    );
    assert!(
        during.text().contains("content/2022/ke-hoach-138.md"),
        "pages carry the errors for the overlay"
    );
    // Written just after the status changes.
    let log = s.log_with("ke-hoach-138.md:4:7: lỗi BT018");
    assert!(
        log.contains("ke-hoach-138.md:4:7: lỗi BT018"),
        "the terminal shows it too:\n{log}"
    );

    // Fixed: the errors go and the page reloads.
    edit(&root, PLAN_138, "date: 2022-02-30", "date: 2022-08-23");
    let (name, data) = loop {
        let (name, data) = events.next();
        if name == "ok" || name == "reload" {
            break (name, data);
        }
    };
    let fixed: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(
        fixed["errors"].as_array().unwrap().len(),
        0,
        "{name}: {fixed}"
    );
    assert_eq!(s.status()["errors"].as_array().unwrap().len(), 0);

    // CSS alone: a `css` event, the pages keep their version.
    let before = s.status();
    let css = root.join("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n/* serve test */\n");
    std::fs::write(&css, text).unwrap();
    let swapped = events.until("css");
    assert_eq!(swapped["html"], before["html"]);
    assert!(s.get("/static/style.css").text().contains("serve test"));

    // A broken template: its file and line, and still the last good pages.
    write(
        &root,
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock %}\n",
    );
    let error = events.until("error");
    let errors = error["errors"].as_array().expect("errors");
    assert!(
        errors
            .iter()
            .any(|e| e["file"] == "templates/404.html" && e["line"] == 3),
        "{error}"
    );
    assert_eq!(s.get("/2022/ke-hoach-138/").status, 200);
    std::fs::remove_file(root.join("templates/404.html")).unwrap();
    let (name, data) = loop {
        let (name, data) = events.next();
        if name == "ok" || name == "reload" {
            break (name, data);
        }
    };
    assert!(data.contains("\"errors\":[]"), "{name}: {data}");
}

/// The error page and the overlay's status speak the site's language, and follow it when
/// site.yaml changes; `--lang` is not needed.
fn serve_errors_speak_the_sites_language() {
    let (_dir, root) = fixture();
    edit(&root, "content/site.yaml", "language: vi", "language: en");
    edit(&root, PLAN_138, "date: 2022-08-23", "date: 2022-02-30");
    let mut s = Serve::start(&root);
    let page = s.get("/").text();
    assert!(page.contains("<html lang=\"en\">"), "{page}");
    assert!(
        page.contains("<h1>The site does not build yet</h1>"),
        "{page}"
    );
    assert!(
        page.contains("BT018 2022-02-30 is not a day: month 2 has no day 30"),
        "{page}"
    );
    let status = s.status();
    assert_eq!(status["text"]["title"], "The site does not build: 1 error");
    assert_eq!(
        status["errors"][0]["help"],
        "check the day; write `2022-02` if the day is unknown"
    );
    let log = s.log_with("bantin serve: the build failed with 1 error in");
    assert!(
        log.contains("ke-hoach-138.md:4:7: error BT018: 2022-02-30 is not a day"),
        "{log}"
    );
    assert!(
        log.contains("bantin serve: the build failed with 1 error in"),
        "{log}"
    );

    // The site turns Vietnamese: so do the page, the status and the terminal.
    let mut events = s.events();
    edit(&root, "content/site.yaml", "language: en", "language: vi");
    let error = events.until("error");
    assert_eq!(
        error["text"]["title"], "Chưa tạo được trang: có 1 lỗi",
        "{error}"
    );
    assert_eq!(
        error["errors"][0]["help"],
        "nếu không rõ ngày, hãy viết `2022-02`."
    );
    let page = s.get("/").text();
    assert!(page.contains("<html lang=\"vi\">"), "{page}");
    assert!(page.contains("<h1>Trang chưa tạo được</h1>"), "{page}");
    let log = s.log_with("bantin serve: không tạo được trang, có 1 lỗi");
    assert!(
        log.contains("ke-hoach-138.md:4:7: lỗi BT018: Không đọc được ngày `2022-02-30`"),
        "{log}"
    );
    assert!(
        log.contains("bantin serve: không tạo được trang, có 1 lỗi"),
        "{log}"
    );
    let _ = s.interrupt();
}

fn serve_starts_when_the_first_build_fails() {
    let (_dir, root) = fixture();
    edit(&root, PLAN_138, "date: 2022-08-23", "date: 2022-02-30");
    let s = Serve::start(&root);
    let page = s.get("/2022/ke-hoach-138/");
    assert_eq!(page.status, 500);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    let text = page.text();
    assert!(text.contains("content/2022/ke-hoach-138.md"), "{text}");
    assert!(text.contains("2022-02-30"), "{text}");
    assert!(
        text.contains("window.__bantin_status="),
        "the error page reloads itself"
    );
    assert_eq!(s.get("/").status, 500);

    let before = s.status();
    edit(&root, PLAN_138, "date: 2022-02-30", "date: 2022-08-23");
    s.wait_for_version(&before);
    assert_eq!(s.get("/2022/ke-hoach-138/").status, 200);
    assert_eq!(s.get("/").status, 200);
}

fn serve_stops_cleanly_on_sigint_and_leaves_no_files() {
    let (dir, root) = fixture();
    let listing = |dir: &Path| -> BTreeSet<PathBuf> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .collect()
    };
    let before = listing(dir.path());
    let mut s = Serve::start(&root);
    assert_eq!(s.get("/").status, 200);
    let _events = s.events();
    let status = s.interrupt();
    assert!(status.success(), "{status:?}\n{}", s.log());
    assert!(s.log().contains("bantin serve: đã dừng"), "{}", s.log());
    assert_eq!(listing(dir.path()), before, "serve wrote nothing");
}

fn serve_bounds_live_reload_streams_and_keeps_serving_pages() {
    let (_dir, root) = fixture();
    let s = Serve::start(&root);
    let open: Vec<Events> = (0..16).map(|_| s.events()).collect();
    assert!(open.iter().all(|e| e.head.starts_with("HTTP/1.1 200")));
    let refused = s.raw_get("/__bantin/events");
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");
    for _ in 0..20 {
        assert_eq!(
            s.get("/").status,
            200,
            "pages are served with every stream taken"
        );
    }
    assert_eq!(
        s.status()["errors"].as_array().unwrap().len(),
        0,
        "polling still works"
    );
}

/// Every file of a fresh `bantin build --drafts` of the folder, byte for byte as served;
/// every file an earlier build had and this one has not, answered 404.
fn assert_same_as_full_build(
    s: &Serve,
    root: &Path,
    out: &Path,
    seen: &mut BTreeSet<String>,
    step: &str,
) {
    let build = Command::new(bin())
        .args(["build", "--full", "--drafts", "--today", TODAY, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{step}: build failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let mut files = BTreeSet::new();
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == ".bantin"))
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel != ".bantin-output" {
                files.insert(rel);
            }
        }
    }
    const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.');
    let url = |rel: &str| {
        format!(
            "/{}?__bantin_raw",
            percent_encoding::utf8_percent_encode(rel, PATH)
        )
    };
    for rel in &files {
        let reply = s.get(&url(rel));
        assert_eq!(reply.status, 200, "{step}: {rel} is not served");
        let built = std::fs::read(out.join(rel)).unwrap();
        if reply.body != built {
            panic!(
                "{step}: {rel} differs from a full build\n--- served\n{}\n--- built\n{}\n{}",
                reply.text(),
                String::from_utf8_lossy(&built),
                s.log()
            );
        }
    }
    for rel in seen.difference(&files) {
        assert_eq!(
            s.get(&url(rel)).status,
            404,
            "{step}: {rel} left the site but is still served"
        );
    }
    seen.extend(files);
}

fn serve_incremental_output_equals_a_full_build_after_each_edit() {
    let (dir, root) = fixture();
    // serve always shows whether deadlines were met; a build does when the site says so.
    let site = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    write(
        &root,
        "content/site.yaml",
        &format!("{site}deadline_status: public\n"),
    );
    let s = Serve::start(&root);
    let mut seen = BTreeSet::new();
    let mut n = 0;
    let mut check = |step: &str, s: &Serve, seen: &mut BTreeSet<String>| {
        n += 1;
        assert_same_as_full_build(s, &root, &dir.path().join(format!("out-{n}")), seen, step);
    };
    check("start", &s, &mut seen);

    // Each step: a save, one new version (one rebuild, one reload), the same site as a full build.
    let step = |name: &str, s: &Serve, change: &dyn Fn()| {
        let before = s.status();
        change();
        let after = s.wait_for_version(&before);
        std::thread::sleep(Duration::from_millis(300));
        let settled = s.status();
        assert_eq!(settled, after, "{name}: one save, one rebuild\n{}", s.log());
        let bumps = (after["html"].as_u64().unwrap() - before["html"].as_u64().unwrap())
            + (after["css"].as_u64().unwrap() - before["css"].as_u64().unwrap());
        assert_eq!(bumps, 1, "{name}: {before} → {after}");
        assert_eq!(
            after["errors"].as_array().unwrap().len(),
            0,
            "{name}: {after}"
        );
    };

    step("edit a body", &s, &|| {
        edit(
            &root,
            PLAN_138,
            "Nâng cao nhận thức",
            "Nâng cao hơn nữa nhận thức",
        )
    });
    check("edit a body", &s, &mut seen);

    // Lists show the first paragraph: a paragraph after it changes the document's page alone.
    step("add a paragraph", &s, &|| {
        edit(
            &root,
            PLAN_138,
            "trong tình hình mới.",
            "trong tình hình mới.\n\nPhát huy vai trò của Mặt trận Tổ quốc.",
        )
    });
    check("add a paragraph", &s, &mut seen);

    step("change a date (order and pages move)", &s, &|| {
        edit(
            &root,
            "content/2021/ke-hoach-ngay.md",
            "date: 2021-09-15",
            "date: 2021-01-15",
        )
    });
    check("change a date", &s, &mut seen);

    // The report names the plan only in `reports_on`: the plan's page changes through its
    // reports and deadline statuses alone.
    step("add a report on a plan, in a new year", &s, &|| {
        write(
            &root,
            "content/2024/bao-cao-138.md",
            "---\ntitle: Báo cáo kết quả Kế hoạch 138\nkind: report\nnumber: 30-BC/HU\ndate: 2024-02-01\n\
             unit: Huyện ủy Đồng Văn\ncampaigns: [Tháng dân vận]\nreports_on: 138-KH/HU\n---\n\n\
             Báo cáo kết quả thực hiện, xem [kế hoạch](../2022/ke-hoach-138.md).\n",
        )
    });
    check("add a document", &s, &mut seen);

    step(
        "a report's date moves before the plan's deadline",
        &s,
        &|| {
            edit(
                &root,
                "content/2024/bao-cao-138.md",
                "date: 2024-02-01",
                "date: 2022-11-01",
            )
        },
    );
    check("report date", &s, &mut seen);

    step("retitle a plan other documents are based on", &s, &|| {
        edit(
            &root,
            PLAN_138,
            "title: Triển khai “Tháng dân vận” năm 2022",
            "title: Triển khai Tháng dân vận 2022",
        )
    });
    check("retitle a cited plan", &s, &mut seen);

    step("retitle a document that cites a plan", &s, &|| {
        edit(
            &root,
            "content/2022/Tháng dân vận Đồng Văn.md",
            "title: Triển khai Kế hoạch 138",
            "title: Thực hiện Kế hoạch 138",
        )
    });
    check("retitle a citing document", &s, &mut seen);

    // A reference that starts to find a document, then finds two: the pages on both sides
    // change though neither was shown on the other before.
    let numbers = [
        ("content/2021/ke-hoach-ngay.md", "number: 77/KH-UBND"),
        ("content/2023/thong-bao.md", "number: 12-TB/HU"),
    ];
    for (file, number) in numbers {
        step("a document takes a number another is based on", &s, &|| {
            edit(&root, file, number, "number: 999-NQ/TW")
        });
        check("number taken", &s, &mut seen);
    }
    for (file, number) in numbers {
        step("the number given back", &s, &|| {
            edit(&root, file, "number: 999-NQ/TW", number)
        });
        check("number given back", &s, &mut seen);
    }

    step(
        "an older plan added: counts change, first pages keep their documents",
        &s,
        &|| {
            write(
                &root,
                "content/2020/ke-hoach-cu.md",
                "---\ntitle: Kế hoạch cũ\nkind: plan\ndate: 2020-01-02\nunit: Huyện ủy Đồng Văn\n\
             campaigns: [Tháng dân vận]\n---\n\nMột kế hoạch cũ hơn mọi văn bản khác của trang.\n",
            )
        },
    );
    check("older plan", &s, &mut seen);

    step("rename a document", &s, &|| {
        std::fs::rename(
            root.join("content/2023/thong-bao.md"),
            root.join("content/2023/thong-bao-ket-luan.md"),
        )
        .unwrap()
    });
    check("rename a document", &s, &mut seen);

    step("delete a document", &s, &|| {
        std::fs::remove_file(root.join("content/2021/ke-hoach-thang-9.md")).unwrap()
    });
    check("delete a document", &s, &mut seen);

    step(
        "change a registry (a unit's short name and address)",
        &s,
        &|| {
            edit(
                &root,
                "content/units.yaml",
                "short: UBND huyện Bắc Mê",
                "short: UBND H. Bắc Mê",
            )
        },
    );
    check("change a registry", &s, &mut seen);

    step(
        "override a template in a new templates/ folder",
        &s,
        &|| {
            let base =
                std::fs::read_to_string(root.join("themes/default/templates/404.html")).unwrap();
            write(
                &root,
                "templates/404.html",
                &base.replace("{% block main %}", "{% block main %}<p>Trang riêng.</p>"),
            );
        },
    );
    check("add a template", &s, &mut seen);

    step("edit the theme's base template", &s, &|| {
        edit(
            &root,
            "themes/default/templates/base.html",
            "</head>",
            "<meta name=\"x-serve-test\" content=\"1\">\n</head>",
        )
    });
    check("edit a template", &s, &mut seen);

    step("edit CSS alone", &s, &|| {
        let css = root.join("themes/default/static/style.css");
        let text = std::fs::read_to_string(&css).unwrap();
        std::fs::write(css, format!("{text}\n.serve-test {{ color: red }}\n")).unwrap();
    });
    assert!(s.status()["css"].as_u64().unwrap() >= 1, "a css version");
    check("edit CSS", &s, &mut seen);

    step(
        "vim's save: backup by rename, write anew, drop the backup",
        &s,
        &|| {
            let file = root.join(PLAN_138);
            let text = std::fs::read_to_string(&file).unwrap();
            std::fs::write(root.join("content/2022/4913"), "").unwrap();
            std::fs::remove_file(root.join("content/2022/4913")).unwrap();
            std::fs::rename(&file, root.join("content/2022/ke-hoach-138.md~")).unwrap();
            std::fs::write(root.join("content/2022/.ke-hoach-138.md.swp"), "swap").unwrap();
            std::fs::write(&file, text.replace("hơn nữa", "vim")).unwrap();
            std::fs::remove_file(root.join("content/2022/ke-hoach-138.md~")).unwrap();
            std::fs::remove_file(root.join("content/2022/.ke-hoach-138.md.swp")).unwrap();
        },
    );
    check("vim save", &s, &mut seen);

    step(
        "VS Code's and gedit's save: a temporary file renamed over the document",
        &s,
        &|| {
            let file = root.join(PLAN_138);
            let text = std::fs::read_to_string(&file).unwrap();
            let temp = root.join("content/2022/.goutputstream-X1Y2Z3");
            std::fs::write(&temp, text.replace("vim", "đổi tên")).unwrap();
            std::fs::rename(&temp, &file).unwrap();
        },
    );
    check("rename over", &s, &mut seen);

    step("a folder created with a document in it", &s, &|| {
        write(
            &root,
            "content/2025/dot-1/ke-hoach-moi.md",
            "---\ntitle: Kế hoạch mới\nkind: plan\ndate: 2025-05-05\nunit: UBND huyện Ân Thi\n---\n\nMột kế hoạch mới được thêm vào.\n",
        )
    });
    check("folder created", &s, &mut seen);

    step("a folder deleted", &s, &|| {
        std::fs::remove_dir_all(root.join("content/2025")).unwrap()
    });
    check("folder deleted", &s, &mut seen);

    step("a file moved in from elsewhere", &s, &|| {
        let outside = dir.path().join("soan-ngoai.md");
        std::fs::write(
            &outside,
            "---\ntitle: Thông báo soạn ở nơi khác\nkind: notice\nnumber: 3-TB/HU\ndate: 2023-05-02\n\
             unit: Huyện ủy Đồng Văn\nbased_on: [138-KH/HU]\n\
             deadlines:\n  - { date: 2027-03-01, what: Sơ kết }\n---\n\nThông báo về kế hoạch của Huyện ủy.\n",
        )
        .unwrap();
        std::fs::rename(&outside, root.join("content/2023/thong-bao-3.md")).unwrap();
    });
    check("moved in", &s, &mut seen);

    // A failed build keeps nothing: a date change (a new year: documents and pages move)
    // saved with a broken
    // link, then the link fixed by a body edit alone, must still match a full build.
    let before = s.status();
    edit(
        &root,
        "content/2021/ke-hoach-ngay.md",
        "date: 2021-01-15",
        "date: 2019-12-30",
    );
    let file = root.join("content/2021/ke-hoach-ngay.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nXem [kế hoạch mất](khong-co.md).\n")).unwrap();
    s.wait_for("the broken link reported", 30, |st| {
        st["errors"].as_array().is_some_and(|e| !e.is_empty())
    });
    assert_eq!(
        s.status()["html"],
        before["html"],
        "no new site while broken"
    );
    step("the link fixed in the body alone", &s, &|| {
        edit(
            &root,
            "content/2021/ke-hoach-ngay.md",
            "(khong-co.md)",
            "(ke-hoach-nam.md)",
        )
    });
    check("fixed after a failed build", &s, &mut seen);

    // Named only by `based_on` in the notice moved in above.
    step("retitle the plan once more", &s, &|| {
        edit(
            &root,
            PLAN_138,
            "title: Triển khai Tháng dân vận 2022",
            "title: Triển khai Tháng dân vận năm 2022",
        )
    });
    check("retitle a plan named by based_on", &s, &mut seen);

    step("a draft published", &s, &|| {
        edit(
            &root,
            "content/2022/du-thao.md",
            "draft: true",
            "draft: false",
        )
    });
    check("draft published", &s, &mut seen);

    step("a bundle's attachment replaced", &s, &|| {
        write(
            &root,
            "content/2022/bao-cao-tong-ket/phu-luc.pdf",
            "%PDF-1.4 thay bằng bản mới\n",
        )
    });
    check("attachment", &s, &mut seen);

    // Nothing lists what a page shows: a template that starts showing a field changes the
    // pages that show it, with no other change.
    step("a template starts showing a new field", &s, &|| {
        edit(
            &root,
            "themes/default/templates/macros.html",
            "<span class=\"doc-kind\">{{ d.kind_label }}</span>",
            "<span class=\"doc-kind\">{{ d.kind_label }}</span> <span class=\"doc-year\">{{ d.year }}</span>",
        )
    });
    check("template shows a new field", &s, &mut seen);

    step(
        "units.yaml renames a unit, keeping its old name",
        &s,
        &|| {
            edit(
                &root,
                "content/units.yaml",
                "- name: Ủy ban nhân dân huyện Ân Thi\n  short: UBND huyện Ân Thi",
                "- name: Ủy ban nhân dân thị xã Ân Thi\n  short: UBND thị xã Ân Thi\n  aliases: [UBND huyện Ân Thi]",
            )
        },
    );
    check("unit renamed", &s, &mut seen);

    step("site.yaml switches the language", &s, &|| {
        edit(&root, "content/site.yaml", "language: vi", "language: en")
    });
    check("language switched", &s, &mut seen);
}

fn serve_browser_page_follows_edits_and_shows_the_error_overlay() {
    let b = browser::browser();
    let (_dir, root) = fixture();
    let s = Serve::start(&root);
    // A long page, to see the scroll position kept.
    let long: String = (1..=80)
        .map(|i| format!("\nĐoạn văn số {i} của kế hoạch.\n"))
        .collect();
    let file = root.join(PLAN_138);
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(&long);
    let before = s.status();
    std::fs::write(&file, &text).unwrap();
    s.wait_for_version(&before);

    b.goto(&s.url("/2022/ke-hoach-138/"));
    let body = || {
        b.execute("return document.body.innerText", vec![])
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(body().contains("Nâng cao nhận thức"));
    b.execute("window.scrollTo(0, 900); window.__marker = 1;", vec![]);
    std::thread::sleep(Duration::from_millis(200));

    // An edit appears without anything done in the browser, scrolled where it was.
    std::fs::write(
        &file,
        text.replace("Nâng cao nhận thức", "Nâng cao nhận thức MỚI LƯU"),
    )
    .unwrap();
    assert!(
        b.wait_until(Duration::from_secs(20), || body().contains("MỚI LƯU")),
        "the page did not reload:\n{}",
        s.log()
    );
    let reloaded = b.execute("return window.__marker === undefined", vec![]);
    assert_eq!(reloaded, Value::Bool(true), "it was a reload");
    assert!(
        b.wait_until(Duration::from_secs(5), || {
            b.execute("return window.scrollY", vec![])
                .as_f64()
                .unwrap_or(0.0)
                > 800.0
        }),
        "the scroll position is kept"
    );

    // A broken save: the overlay, over the last good page.
    std::fs::write(&file, text.replace("date: 2022-08-23", "date: 2022-02-30")).unwrap();
    let overlay_text = || {
        b.execute(
            "var o = document.getElementById('bantin-error-overlay'); return o ? o.shadowRoot.textContent : null",
            vec![],
        )
    };
    assert!(
        b.wait_until(Duration::from_secs(20), || overlay_text().is_string()),
        "no overlay:\n{}",
        s.log()
    );
    let shown = overlay_text().as_str().unwrap().to_owned();
    assert!(shown.contains("content/2022/ke-hoach-138.md:"), "{shown}");
    assert!(shown.contains("2022-02-30"), "{shown}");
    assert!(
        shown.contains("Chưa tạo được trang: có 1 lỗi") && shown.contains("BT018"),
        "in the site's language, with the code: {shown}"
    );
    assert!(
        body().contains("MỚI LƯU"),
        "the last good page stays under it"
    );

    // Dismissible.
    b.execute(
        "document.getElementById('bantin-error-overlay').shadowRoot.querySelector('button').click()",
        vec![],
    );
    assert!(overlay_text().is_null(), "closed");

    // Fixed: the overlay goes, the page is current.
    std::fs::write(
        &file,
        text.replace("Nâng cao nhận thức", "Nâng cao nhận thức ĐÃ SỬA"),
    )
    .unwrap();
    assert!(
        b.wait_until(Duration::from_secs(20), || body().contains("ĐÃ SỬA")
            && overlay_text().is_null()),
        "the fix did not come through:\n{}",
        s.log()
    );

    // Broken again, then put back exactly as it was: the overlay comes and goes.
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        good.replace("title: Triển khai", "title: [Triển khai"),
    )
    .unwrap();
    assert!(
        b.wait_until(Duration::from_secs(20), || overlay_text().is_string()),
        "overlay again"
    );
    b.execute("window.__marker = 2;", vec![]);
    std::fs::write(&file, &good).unwrap();
    assert!(
        b.wait_until(Duration::from_secs(20), || overlay_text().is_null()),
        "overlay gone"
    );

    // CSS alone: swapped in place, no reload.
    let css = root.join("themes/default/static/style.css");
    let sheet = std::fs::read_to_string(&css).unwrap();
    std::fs::write(
        &css,
        format!("{sheet}\nbody {{ outline: 3px solid rgb(1, 2, 3); }}\n"),
    )
    .unwrap();
    assert!(
        b.wait_until(Duration::from_secs(20), || {
            b.execute(
                "return getComputedStyle(document.body).outlineColor",
                vec![],
            ) == "rgb(1, 2, 3)"
        }),
        "the new CSS applies"
    );
    assert_eq!(
        b.execute("return window.__marker", vec![]),
        2,
        "without a reload"
    );
}

fn serve_answers_only_host_names_of_this_computer_or_allowed_ones() {
    let (_dir, root) = fixture();
    let serve = Serve::start_with(&root, &["--allow-host", "bantin.lan"]);
    let port = serve.addr.rsplit(':').next().unwrap().to_owned();
    let with_host = |host: &str| {
        serve.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    };
    for host in [
        serve.addr.clone(),
        format!("localhost:{port}"),
        "LOCALHOST".into(),
        format!("[::1]:{port}"),
        "127.0.0.1".into(),
        "192.168.1.20:8000".into(),
        format!("bantin.lan:{port}"),
    ] {
        let answer = with_host(&host);
        assert!(answer.starts_with("HTTP/1.1 200"), "{host}: {answer}");
    }
    // A DNS-rebinding page reaches the preview under its own name: refused.
    for host in [
        "evil.example",
        "evil.example:8000",
        "localhost.evil.example",
        "127.0.0.1.nip.io",
    ] {
        let answer = with_host(host);
        assert!(answer.starts_with("HTTP/1.1 403"), "{host}: {answer}");
        assert!(answer.contains("--allow-host"), "{host}: {answer}");
        assert!(!answer.contains("<html"), "no page under a foreign name");
    }
    let events = with_host("evil.example").replace("GET / ", "GET /__bantin/events ");
    assert!(events.starts_with("HTTP/1.1 403"));
}

fn serve_reports_a_document_at_an_address_of_the_sites_own_pages() {
    let (_dir, root) = fixture();
    write(
        &root,
        "content/tim-kiem.md",
        "---\ntitle: Tìm\ndate: 2022-01-01\nunit: X\nkind: plan\n---\nThân.\n",
    );
    let s = Serve::start(&root);
    let page = s.get("/");
    assert_eq!(page.status, 500);
    assert!(
        page.text()
            .contains("đè lên trang riêng của bantin /tim-kiem/"),
        "{}",
        page.text()
    );
}

/// The search index is made beside the rebuilds: a save made while it is being made is
/// rebuilt and served at once; the index made for the older build is dropped, the one for
/// the last is served (once), equal to a full build; Ctrl-C does not wait for a refresh.
fn serve_rebuilds_edits_while_the_search_index_is_made() {
    const UPDATED: &str = "đã cập nhật chỉ mục tìm kiếm";
    // Each refresh starts this much later (a hook for tests): long enough to edit meanwhile.
    const DELAY: Duration = Duration::from_secs(3);
    let (dir, root) = fixture();
    let site = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    write(
        &root,
        "content/site.yaml",
        &format!("{site}deadline_status: public\n"),
    );
    let delay = DELAY.as_millis().to_string();
    let mut s = Serve::start_with_env(&root, &[], &[("BANTIN_TEST_SEARCH_DELAY_MS", &delay)]);
    let page = "/2022/ke-hoach-138/";
    let served_html = |s: &Serve, before: &Value| {
        s.wait_for("the page", 30, |st| {
            st["html"].as_u64() != before["html"].as_u64()
        })
    };

    let before = s.status();
    edit(
        &root,
        PLAN_138,
        "Nâng cao nhận thức",
        "Nâng cao Sóngmột nhận thức",
    );
    let first = served_html(&s, &before);
    assert_eq!(first["search_pending"], true, "{first}");
    assert!(s.get(page).text().contains("Sóngmột"));

    // The second save, while the first build's index is being made.
    let saved = Instant::now();
    edit(&root, PLAN_138, "Sóngmột", "Sónghai");
    let second = served_html(&s, &first);
    let waited = saved.elapsed();
    assert!(s.get(page).text().contains("Sónghai"));
    assert!(
        waited < DELAY && !s.log().contains(UPDATED),
        "the second save waited {waited:?} for the search index\n{}",
        s.log()
    );
    assert_eq!(second["search_pending"], true, "{second}");

    // The first index is dropped (its build is no longer the last); the second is served.
    s.wait_for("the search index", 60, |st| st["search_pending"] == false);
    let log = s.log_with(UPDATED);
    assert_eq!(log.matches(UPDATED).count(), 1, "{log}");
    let mut seen = BTreeSet::new();
    assert_same_as_full_build(&s, &root, &dir.path().join("out"), &mut seen, "two saves");
    let index: Vec<String> = seen
        .iter()
        .filter(|rel| rel.starts_with("search/"))
        .map(|rel| s.get(&format!("/{rel}")).text())
        .collect();
    assert!(index.iter().any(|js| js.contains("Sónghai")), "{index:?}");
    assert!(!index.iter().any(|js| js.contains("Sóngmột")), "{index:?}");

    // Ctrl-C while a refresh runs: serve stops without waiting for it.
    let before = s.status();
    edit(&root, PLAN_138, "Sónghai", "Sóngba");
    let third = served_html(&s, &before);
    assert_eq!(third["search_pending"], true, "{third}");
    let asked = Instant::now();
    let status = s.interrupt();
    assert!(status.success(), "{status:?}\n{}", s.log());
    assert!(
        asked.elapsed() < DELAY / 2,
        "serve took {:?} to stop",
        asked.elapsed()
    );
}
