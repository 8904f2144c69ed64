//! A small synchronous WebDriver client for browser tests: Debian's headless
//! Chromium driven through chromedriver, over HTTP with `ureq`.
//!
//! ```ignore
//! let b = browser::browser(); // the test lists Need::Chromium
//! b.goto(&browser::file_url(&page));
//! assert_eq!(b.find("h1").text(), "Dân vận khéo");
//! assert!(browser::axe_check(&b).is_empty());
//! ```
//!
//! * A test that drives a browser lists `Need::Chromium` (see `needs.rs`): without
//!   Chromium it is reported as ignored, and fails under CI.
//! * Every `Browser` runs its own chromedriver and a fresh, empty profile.
//!   Only one `Browser` exists at a time in this test binary (a global lock,
//!   since 2 cores do not run several Chromiums well): use one per test.
//! * WebDriver errors panic with the driver's message: these are test helpers.
#![allow(dead_code)]

use serde_json::{Value, json};

use crate::needs;
use std::cell::Cell;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The W3C key under which an element reference travels in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Chromium flags this machine needs (see the environment notes): the
/// networking ones stop Chromium calling home through the closed network.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--window-size=1280,943", // viewport 1280×800 (set_viewport makes sure)
];

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
thread_local!(static HOLDING: Cell<bool> = const { Cell::new(false) });

/// A running headless Chromium session. Dropping it ends the session and
/// kills chromedriver.
pub struct Browser {
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    driver: Child,
    /// Holds the Chromium profile (user-data-dir) and chromedriver's log.
    dir: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

/// An element found in the current page (a W3C element reference).
pub struct Element<'a> {
    b: &'a Browser,
    pub id: String,
}

/// Starts headless Chromium. A test that calls this lists `Need::Chromium`, so the suite has
/// made sure it is there.
pub fn browser() -> Browser {
    let (chromium, driver) =
        needs::chromium_and_driver().expect("chromium/chromedriver: list Need::Chromium");
    Browser::start(&chromium, &driver)
}

impl Browser {
    fn start(chromium: &Path, driver: &Path) -> Browser {
        assert!(
            !HOLDING.get(),
            "one Browser at a time: drop the first before starting another"
        );
        // A test that panicked poisons the lock; the next test may still go on.
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::Builder::new()
            .prefix("bantin-browser-")
            .tempdir()
            .expect("temp dir");
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::fs::File::create(dir.path().join("chromedriver.log")).unwrap();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver.display()));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false) // WebDriver errors come as JSON bodies
            .proxy(None) // never send loopback traffic to a proxy from the environment
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let root = format!("http://127.0.0.1:{port}");
        let mut b = Browser {
            agent,
            session: root.clone(),
            driver: child,
            dir,
            _turn: turn,
        };
        HOLDING.set(true); // from here on, Drop clears it again

        // Wait (bounded) until chromedriver answers that it is ready.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if b.request("GET", &format!("{root}/status"), None)
                .is_ok_and(|v| v["ready"] == true)
            {
                break;
            }
            if let Ok(Some(status)) = b.driver.try_wait() {
                panic!("chromedriver exited ({status}):\n{}", b.driver_log());
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver not ready in 20 s:\n{}",
                b.driver_log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }

        let profile = b.dir.path().join("profile");
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "goog:chromeOptions": { "binary": chromium, "args": args },
            "timeouts": { "script": 60_000, "pageLoad": 60_000, "implicit": 0 },
        }}});
        let v = b
            .request("POST", &format!("{root}/session"), Some(caps))
            .unwrap_or_else(|e| panic!("cannot start Chromium: {e}\n{}", b.driver_log()));
        let id = v["sessionId"].as_str().expect("sessionId").to_string();
        b.session = format!("{root}/session/{id}");
        b.set_viewport(1280, 800);
        b
    }

    /// chromedriver's own log, for failure messages.
    pub fn driver_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default()
    }

    /// One HTTP round trip; returns the reply's `value`, or the WebDriver error.
    fn request(&self, method: &str, url: &str, body: Option<Value>) -> Result<Value, String> {
        let reply = match (method, body) {
            ("GET", _) => self.agent.get(url).call(),
            ("DELETE", _) => self.agent.delete(url).call(),
            (_, Some(body)) => self.agent.post(url).send_json(body),
            (_, None) => self.agent.post(url).send_json(json!({})),
        };
        let mut reply = reply.map_err(|e| format!("{method} {url}: {e}"))?;
        // Screenshots and PDFs come base64-encoded and can pass ureq's 10 MB default.
        let text = reply
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()
            .map_err(|e| format!("{method} {url}: {e}"))?;
        let v: Value =
            serde_json::from_str(&text).map_err(|e| format!("{method} {url}: {e}: {text}"))?;
        let value = v.get("value").cloned().unwrap_or(Value::Null);
        match value.get("error") {
            Some(err) => Err(format!("{method} {url}: {err}: {}", value["message"])),
            None => Ok(value),
        }
    }

    /// A command on this session, e.g. `cmd("POST", "/url", json!({...}))`;
    /// panics on a WebDriver error.
    pub fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let body = if method == "POST" { Some(body) } else { None };
        self.request(method, &format!("{}{path}", self.session), body)
            .unwrap_or_else(|e| panic!("WebDriver: {e}"))
    }

    /// Navigates and waits for the page load (`file://` or `http://`).
    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }));
    }

    pub fn url(&self) -> String {
        string(self.cmd("GET", "/url", Value::Null))
    }

    pub fn title(&self) -> String {
        string(self.cmd("GET", "/title", Value::Null))
    }

    /// Runs `script` as a function body (`return …` gives the result);
    /// `args` are `arguments[0..]`; elements go in as `el.to_json()`.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// Like `execute`, but the result is what the script passes to the
    /// callback `arguments[arguments.length - 1]` (60 s limit).
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            json!({ "script": script, "args": args }),
        )
    }

    /// The first element matching `css`; panics when there is none.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.try_find(css)
            .unwrap_or_else(|| panic!("no element matches {css:?} on {}", self.url()))
    }

    pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
        self.find_all(css).into_iter().next()
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let v = self.cmd(
            "POST",
            "/elements",
            json!({ "using": "css selector", "value": css }),
        );
        elements(self, v)
    }

    /// Sets the outer window size. Headless Chromium still counts a 143 px
    /// toolbar in the height (1280×800 → 1280×657 viewport); prefer `set_viewport`.
    pub fn set_window_size(&self, w: u32, h: u32) {
        self.cmd("POST", "/window/rect", json!({ "width": w, "height": h }));
    }

    /// Sizes the window so the viewport (`innerWidth`×`innerHeight`, and
    /// viewport screenshots) is exactly `w`×`h`; 360 wide works.
    pub fn set_viewport(&self, w: u32, h: u32) {
        let inner = || {
            let v = self.execute("return [innerWidth, innerHeight]", vec![]);
            (v[0].as_i64().unwrap(), v[1].as_i64().unwrap())
        };
        self.set_window_size(w, h);
        let (iw, ih) = inner();
        let (w, h) = (w as i64, h as i64);
        if (iw, ih) != (w, h) {
            self.set_window_size((2 * w - iw) as u32, (2 * h - ih) as u32);
            assert_eq!(inner(), (w, h), "cannot size the viewport to {w}×{h}");
        }
    }

    /// Any Chrome DevTools Protocol command, through chromedriver.
    pub fn cdp(&self, method: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            json!({ "cmd": method, "params": params }),
        )
    }

    /// Emulates a phone viewport (`mobile: true`: meta viewport is honoured,
    /// touch-sized layout) of `w`×`h` CSS pixels until the session ends.
    pub fn emulate_mobile(&self, w: u32, h: u32) {
        let p = json!({ "width": w, "height": h, "deviceScaleFactor": 1, "mobile": true });
        self.cdp("Emulation.setDeviceMetricsOverride", p);
    }

    /// The viewport as PNG, written to `path`; returns the bytes.
    pub fn screenshot_png(&self, path: &Path) -> Vec<u8> {
        save(path, self.cmd("GET", "/screenshot", Value::Null))
    }

    /// The whole page (beyond the viewport) as PNG, via DevTools.
    pub fn screenshot_full_png(&self, path: &Path) -> Vec<u8> {
        let v = self.cdp(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true }),
        );
        save(path, v["data"].clone())
    }

    /// Prints the page to an A4 PDF (WebDriver "Print Page": sizes in cm,
    /// default 1 cm margins, backgrounds on), written to `path`.
    pub fn print_pdf(&self, path: &Path) -> Vec<u8> {
        self.print_pdf_with(path, json!({}))
    }

    /// `print_pdf` with other Print Page options merged in, e.g.
    /// `json!({"margin": {"top": 0, "bottom": 0, "left": 0, "right": 0}})`.
    pub fn print_pdf_with(&self, path: &Path, options: Value) -> Vec<u8> {
        let mut body = json!({ "page": { "width": 21.0, "height": 29.7 }, "background": true });
        for (k, v) in options.as_object().cloned().unwrap_or_default() {
            body[k] = v;
        }
        save(path, self.cmd("POST", "/print", body))
    }

    /// Polls `cond` every 50 ms until it is true (→ `true`) or `timeout`
    /// passes (→ `false`): assert on the result with your own message.
    pub fn wait_until(&self, timeout: Duration, mut cond: impl FnMut() -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if cond() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ends Chromium; ignore errors (the driver may already be gone).
        let _ = self.request("DELETE", &self.session.clone(), None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        HOLDING.set(false);
    }
}

fn string(v: Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// Decodes a base64 reply (screenshot, PDF) and writes it to `path`.
fn save(path: &Path, b64: Value) -> Vec<u8> {
    let bytes = base64_decode(b64.as_str().expect("base64 string"));
    std::fs::write(path, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes
}

fn elements(b: &Browser, v: Value) -> Vec<Element<'_>> {
    let list = v.as_array().cloned().unwrap_or_default();
    list.iter()
        .map(|e| Element {
            b,
            id: e[ELEMENT_KEY]
                .as_str()
                .expect("element reference")
                .to_string(),
        })
        .collect()
}

impl<'a> Element<'a> {
    fn cmd(&self, method: &str, what: &str, body: Value) -> Value {
        self.b
            .cmd(method, &format!("/element/{}{what}", self.id), body)
    }

    /// The element as a script argument for `execute`.
    pub fn to_json(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    /// Rendered text (as a user sees it: hidden parts left out).
    pub fn text(&self) -> String {
        string(self.cmd("GET", "/text", Value::Null))
    }

    pub fn click(&self) {
        self.cmd("POST", "/click", json!({}));
    }

    /// Types `keys` into the element (focuses it first), Unicode included.
    pub fn send_keys(&self, keys: &str) {
        self.cmd("POST", "/value", json!({ "text": keys }));
    }

    /// The HTML attribute as written, e.g. `attr("href")`.
    pub fn attr(&self, name: &str) -> Option<String> {
        self.cmd("GET", &format!("/attribute/{name}"), Value::Null)
            .as_str()
            .map(str::to_string)
    }

    /// The DOM property, e.g. `prop("value")` for what is typed in an input.
    pub fn prop(&self, name: &str) -> Value {
        self.cmd("GET", &format!("/property/{name}"), Value::Null)
    }

    pub fn find(&self, css: &str) -> Element<'a> {
        self.find_all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {css:?} inside element"))
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'a>> {
        let v = self.cmd(
            "POST",
            "/elements",
            json!({ "using": "css selector", "value": css }),
        );
        elements(self.b, v)
    }
}

/// `file://` URL of a local file (absolute path; bytes outside a safe set
/// are percent-encoded).
pub fn file_url(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap();
    let mut url = String::from("file://");
    for &byte in abs.to_str().expect("UTF-8 path").as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// Standard base64 (with or without padding; whitespace ignored).
pub fn base64_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' | b' ' => continue,
            _ => panic!("not base64: byte {c}"),
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the current page and
/// returns one line per violation: id, impact, help, first targets.
/// A test that calls this lists `Need::Axe` (`npm ci --prefix tests/browser`).
pub fn axe_check(b: &Browser) -> Vec<String> {
    let file = needs::axe_script();
    let source = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{}: {e} (list Need::Axe)", file.display()));
    if b.execute("return typeof window.axe", vec![]) != "object" {
        b.execute(&source, vec![]);
    }
    let script = r#"
        const done = arguments[arguments.length - 1];
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        axe.run(document, { runOnly: { type: 'tag', values: tags } }).then(
            r => done({ ok: r.violations.map(v => `${v.id} [${v.impact}] ${v.help} — `
                + `${v.nodes.length} node(s), e.g. `
                + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')) }),
            e => done({ err: String(e) }));"#;
    let r = b.execute_async(script, vec![]);
    if let Some(err) = r.get("err") {
        panic!("axe.run failed: {err}");
    }
    let list = r["ok"].as_array().cloned().unwrap_or_default();
    list.into_iter().map(string).collect()
}
