//! The editor's desk of `bantin serve`: its write API over raw HTTP (so that every header is
//! exactly as a hostile page or client would send it), and the form in headless Chromium.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::browser;
use crate::serve::{Serve, fixture};
use crate::support::repo;

crate::tests! {
    desk_refuses_writes_from_anywhere_but_its_own_page;
    desk_checks_saves_and_edits_documents_that_the_preview_shows;
    desk_in_chromium_writes_imports_and_edits_through_the_form: Chromium, Axe;
    desk_is_never_in_a_built_site;
}

const DESK: &str = "/__bantin/soan-thao";

/// One HTTP/1.1 request with exactly these headers; (status, body).
fn raw(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    if method == "POST" && !headers.iter().any(|(n, _)| *n == "Content-Length") {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// The desk as its own page uses it: the token from the page, its Origin and Host.
struct Client {
    addr: String,
    token: String,
}

impl Client {
    fn new(serve: &Serve) -> Client {
        let addr = serve.addr().to_owned();
        let (status, page) = raw(&addr, "GET", &format!("{DESK}/"), &[("Host", &addr)], b"");
        assert_eq!(status, 200, "{page}");
        let token = page
            .split("name=\"bantin-token\" content=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("the page carries the token")
            .to_owned();
        Client { addr, token }
    }

    fn post(&self, route: &str, body: &[u8], kind: &str) -> (u16, Value) {
        let origin = format!("http://{}", self.addr);
        let (status, text) = raw(
            &self.addr,
            "POST",
            &format!("{DESK}{route}"),
            &[
                ("Host", &self.addr),
                ("Origin", &origin),
                ("X-Bantin-Token", &self.token),
                ("Content-Type", kind),
            ],
            body,
        );
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    fn json(&self, route: &str, value: Value) -> (u16, Value) {
        self.post(route, value.to_string().as_bytes(), "application/json")
    }

    fn get(&self, path: &str) -> (u16, String) {
        raw(&self.addr, "GET", path, &[("Host", &self.addr)], b"")
    }

    /// The page at `path` once the preview has it (it rebuilds after the watcher sees a save).
    fn wait_for(&self, path: &str, text: &str) -> String {
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            let (status, body) = self.get(path);
            if status == 200 && body.contains(text) {
                return body;
            }
            assert!(
                Instant::now() < until,
                "{path} never showed {text:?}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir(dir);
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

fn desk_refuses_writes_from_anywhere_but_its_own_page() {
    let (dir, root) = fixture();
    let serve = Serve::start(&root);
    let desk = Client::new(&serve);
    let before = files(dir.path());
    let addr = desk.addr.clone();
    let origin = format!("http://{addr}");
    let doc = json!({
        "fields": { "title": "Kế hoạch lạ", "kind": "plan", "date": "2022-09-01", "unit": "UBND huyện Đồng Văn" },
        "body": "x",
    })
    .to_string();
    // Each refusal says why in Vietnamese, with the code docs/ma-loi.md lists.
    let refused = |headers: &[(&str, &str)], why: &str, said: &str| {
        let (status, body) = raw(
            &addr,
            "POST",
            &format!("{DESK}/luu"),
            headers,
            doc.as_bytes(),
        );
        assert_eq!(status, 403, "{why}: {body}");
        let error: Value = serde_json::from_str(&body).expect("a JSON refusal");
        assert!(
            error["error"].as_str().unwrap().starts_with(said),
            "{why}: {body}"
        );
    };
    let token = desk.token.as_str();
    let json = ("Content-Type", "application/json");
    refused(
        &[("Host", &addr), ("Origin", &origin), json],
        "no token",
        "BT214: Mã phiên của bàn soạn thảo không khớp",
    );
    refused(
        &[
            ("Host", &addr),
            ("Origin", &origin),
            ("X-Bantin-Token", "0123"),
            json,
        ],
        "a wrong token",
        "BT214: ",
    );
    refused(
        &[
            ("Host", &addr),
            ("Origin", "http://evil.example"),
            ("X-Bantin-Token", token),
            json,
        ],
        "a foreign Origin",
        "BT213: Yêu cầu không đến từ trang bàn soạn thảo",
    );
    refused(
        &[("Host", &addr), ("X-Bantin-Token", token), json],
        "no Origin",
        "BT213: ",
    );
    // A foreign Host (DNS rebinding) is refused by the preview itself, before the desk.
    let (status, body) = raw(
        &addr,
        "POST",
        &format!("{DESK}/luu"),
        &[
            ("Host", "evil.example"),
            ("Origin", "http://evil.example"),
            ("X-Bantin-Token", token),
            json,
        ],
        doc.as_bytes(),
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("không trả lời ở \"evil.example\""), "{body}");
    // Paths outside content/, or not a document, even with every header right.
    for path in [
        "../evil.md",
        "2022/../../evil.md",
        "/tmp/evil.md",
        "..\\evil.md",
        "site.yaml",
    ] {
        let (status, body) = desk.json(
            "/luu",
            json!({ "path": path, "version": "0", "fields": { "title": "x" }, "body": "x" }),
        );
        assert_eq!(status, 403, "{path}: {body}");
    }
    // An upload over the limit is refused before it is read; one of a wrong type too.
    let big = (21 * 1024 * 1024).to_string();
    let (status, body) = raw(
        &addr,
        "POST",
        &format!("{DESK}/tep?ten=a.pdf"),
        &[
            ("Host", &addr),
            ("Origin", &origin),
            ("X-Bantin-Token", token),
            ("Content-Length", &big),
        ],
        b"%PDF",
    );
    assert_eq!(status, 413);
    assert!(body.contains("BT215: Tệp lớn hơn 20 MiB"), "{body}");
    let (status, _) = desk.post(
        "/tep?ten=trang.html",
        b"<script>",
        "application/octet-stream",
    );
    assert_eq!(status, 415);
    assert_eq!(files(dir.path()), before, "nothing was written");
    // The body's preview goes through the build's renderer: raw HTML is sanitised.
    let (status, shown) = desk.json(
        "/xem-truoc",
        json!({ "body": "## Mục đích\n\n<script>alert(1)</script><img src=x onerror=alert(1)>" }),
    );
    assert_eq!(status, 200);
    let html = shown["html"].as_str().unwrap();
    assert!(
        html.contains("Mục đích") && !html.contains("<script") && !html.contains("onerror"),
        "{html}"
    );

    // Reading is not writing: GET and the desk's own page at a foreign Host are refused too.
    let (status, _) = raw(
        &addr,
        "GET",
        &format!("{DESK}/"),
        &[("Host", "evil.example")],
        b"",
    );
    assert_eq!(status, 403);
    drop(serve);

    // On a network address, the desk exists only with --allow-edit.
    let serve = Serve::start_with(&root, &["--bind", "0.0.0.0"]);
    let port = serve.addr().rsplit(':').next().unwrap().to_owned();
    let local = format!("127.0.0.1:{port}");
    let (status, body) = raw(&local, "GET", &format!("{DESK}/"), &[("Host", &local)], b"");
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("--allow-edit"), "{body}");
    drop(serve);
    let serve = Serve::start_with(&root, &["--bind", "0.0.0.0", "--allow-edit"]);
    // The warning follows the address line, which is all `start_with` waits for.
    let log = serve.log_with("--allow-edit");
    assert!(log.contains("--allow-edit"), "a warning: {log}");
    let port = serve.addr().rsplit(':').next().unwrap().to_owned();
    let local = format!("127.0.0.1:{port}");
    let (status, _) = raw(&local, "GET", &format!("{DESK}/"), &[("Host", &local)], b"");
    assert_eq!(status, 200);
}

fn desk_checks_saves_and_edits_documents_that_the_preview_shows() {
    let (_dir, root) = fixture();
    let serve = Serve::start(&root);
    let desk = Client::new(&serve);
    let content = root.join("content");

    // A bad date: the build's own message and code, next to the date; nothing written.
    let bad = json!({
        "fields": { "title": "Triển khai tuần lễ dân vận", "kind": "kế hoạch", "date": "32/13/2022",
                    "unit": "UBND huyện Đồng Văn" },
        "body": "## Mục đích\n",
    });
    let (status, verdict) = desk.json("/luu", bad.clone());
    assert_eq!(status, 422, "{verdict}");
    let m = &verdict["messages"][0];
    assert_eq!(
        (m["field"].as_str(), m["code"].as_str()),
        (Some("date"), Some("BT019"))
    );
    assert!(m["text"].as_str().unwrap().contains("32/13/2022"), "{m}");
    assert!(
        !content
            .join("2022/ke-hoach-trien-khai-tuan-le-dan-van.md")
            .exists()
    );

    // Fixed as an editor writes it: saved with the canonical date, and shown at once.
    let mut good = bad.clone();
    good["fields"]["date"] = json!("23/9/2022");
    good["fields"]["number"] = json!("15-KH/DV");
    let (status, saved) = desk.json("/luu", good);
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["path"], "2022/ke-hoach-trien-khai-tuan-le-dan-van.md");
    let rel = saved["path"].as_str().unwrap().to_owned();
    let text = std::fs::read_to_string(content.join(&rel)).unwrap();
    assert!(
        text.starts_with("---\ntitle: Triển khai tuần lễ dân vận\nkind: kế hoạch\nnumber: 15-KH/DV\ndate: 2022-09-23\nunit: UBND huyện Đồng Văn\n---\n"),
        "{text}"
    );
    let url = saved["url"].as_str().unwrap();
    desk.wait_for(url, "Triển khai tuần lễ dân vận");

    // A report on it, through the same form: the plan's page lists it.
    let (status, report) = desk.json(
        "/luu",
        json!({ "fields": { "title": "Kết quả tuần lễ dân vận", "kind": "report", "date": "2022-10-30",
                            "unit": "UBND huyện Đồng Văn", "reports_on": "15-KH/DV" },
                "body": "Đã xong.\n" }),
    );
    assert_eq!(status, 200, "{report}");
    desk.wait_for(url, "Kết quả tuần lễ dân vận");

    // The same number again for the same unit and year: the build's warning, at the number.
    let (_, verdict) = desk.json(
        "/kiem-tra",
        json!({ "fields": { "title": "Khác", "kind": "plan", "date": "2022-11-01",
                            "unit": "UBND huyện Đồng Văn", "number": "15-KH/DV" }, "body": "" }),
    );
    let codes: Vec<(&str, &str)> = verdict["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["field"].as_str().unwrap(), m["code"].as_str().unwrap()))
        .collect();
    assert!(codes.contains(&("number", "BT083")), "{verdict}");

    // Edit an existing document: opened from its page's address, its date changed; the
    // other keys keep their text (comments included), the body its bytes.
    let plan = content.join("2022/ke-hoach-138.md");
    let original = std::fs::read_to_string(&plan).unwrap();
    let with_comment = original.replacen("place:", "# nơi ban hành\nplace:", 1);
    std::fs::write(&plan, &with_comment).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let (status, opened) = desk.get(&format!("{DESK}/van-ban?trang=/2022/ke-hoach-138/"));
    assert_eq!(status, 200, "{opened}");
    let opened: Value = serde_json::from_str(&opened).unwrap();
    assert_eq!(opened["path"], "2022/ke-hoach-138.md");
    let mut fields = opened["fields"].clone();
    fields["date"] = json!("5/1/2023");
    let request = json!({ "path": opened["path"], "version": opened["version"],
                          "fields": fields, "body": opened["body"] });
    let (status, saved) = desk.json("/luu", request.clone());
    assert_eq!(status, 200, "{saved}");
    let now = std::fs::read_to_string(&plan).unwrap();
    assert!(now.contains("date: 2023-01-05\n"), "{now}");
    assert!(now.contains("# nơi ban hành\nplace:"), "{now}");
    let body_of = |t: &str| t.splitn(3, "---\n").nth(2).unwrap().to_owned();
    assert_eq!(body_of(&now), body_of(&with_comment));
    desk.wait_for("/nam/2023/", "ke-hoach-138");

    // Saving again from the old version: refused, the file as it was.
    let (status, answer) = desk.json("/luu", request);
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["changed"], true);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), now);

    // A new unit from the form, into units.yaml, then found by the picker's data.
    let (status, added) = desk.json(
        "/don-vi",
        json!({ "name": "Ủy ban nhân dân xã Lũng Cú", "level": "xã" }),
    );
    assert_eq!(status, 200, "{added}");
    let units = std::fs::read_to_string(content.join("units.yaml")).unwrap();
    assert!(
        units.ends_with("- name: Ủy ban nhân dân xã Lũng Cú\n  level: commune\n"),
        "{units}"
    );
    let (status, again) = desk.json("/don-vi", json!({ "name": "Ủy ban nhân dân xã Lũng Cú" }));
    assert_eq!(status, 409, "{again}");
    let (_, data) = desk.get(&format!("{DESK}/du-lieu"));
    let data: Value = serde_json::from_str(&data).unwrap();
    let found = data["units"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["key"] == "uy ban nhan dan xa lung cu");
    assert!(found, "{data}");

    // An imported Word file: fields filled, the original kept beside the document.
    let docx = std::fs::read(repo().join("tests/import/001.docx")).unwrap();
    let (status, imported) = desk.post("/nhap?ten=001.docx", &docx, "application/octet-stream");
    assert_eq!(status, 200, "{imported}");
    assert!(
        !imported["fields"]["title"].as_str().unwrap().is_empty(),
        "{imported}"
    );
    let original = imported["original"]["id"].as_str().unwrap();
    let mut fields = imported["fields"].clone();
    fields["draft"] = json!(true);
    let (status, saved) = desk.json(
        "/luu",
        json!({ "fields": fields, "body": imported["body"], "uploads": [original] }),
    );
    assert_eq!(status, 200, "{saved}");
    let rel = saved["path"].as_str().unwrap();
    assert!(rel.ends_with("/index.md"), "{rel}");
    let bundle = content.join(rel).parent().unwrap().to_path_buf();
    assert_eq!(std::fs::read(bundle.join("001.docx")).unwrap(), docx);

    // A draft saved with errors never breaks the site: `build` leaves it out and says
    // why, as warnings; publishing drafts (`--drafts`) is refused while it has errors.
    let mut unfinished = bad;
    unfinished["fields"]["title"] = json!("Dự thảo còn dở");
    unfinished["fields"]["draft"] = json!(true);
    let (status, saved) = desk.json("/luu", unfinished);
    assert_eq!(status, 200, "{saved}");
    let build = |more: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        let done = std::process::Command::new(crate::support::bin())
            .arg("build")
            .arg("--output")
            .arg(out.path().join("public"))
            .args(more)
            .current_dir(&root)
            .env("BANTIN_LANG", "vi")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&done.stderr).into_owned();
        (done.status.success(), said)
    };
    let (built, said) = build(&[]);
    assert!(built, "{said}");
    assert!(said.contains("cảnh báo BT019"), "{said}");
    assert!(
        said.contains("cảnh báo BT033: Bản nháp này còn 1 lỗi"),
        "{said}"
    );
    let (built, said) = build(&["--drafts"]);
    assert!(!built, "{said}");
    assert!(said.contains("lỗi BT019"), "{said}");
}

/// Types into a field as a person would (after clearing it).
fn type_into(b: &browser::Browser, css: &str, text: &str) {
    b.execute(
        "const e = document.querySelector(arguments[0]); e.value = ''; e.focus();",
        vec![json!(css)],
    );
    b.find(css).send_keys(text);
}

fn wait_text(b: &browser::Browser, css: &str, text: &str) {
    // Read in the page: the element may be re-rendered between finding and reading it.
    let read = || {
        let v = b.execute(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
            vec![json!(css)],
        );
        v.as_str().unwrap_or_default().to_owned()
    };
    let ok = b.wait_until(Duration::from_secs(20), || read().contains(text));
    assert!(ok, "{css} never showed {text:?}: {:?}", read());
}

fn open_desk(b: &browser::Browser, url: &str) {
    let started = || {
        b.wait_until(Duration::from_secs(20), || {
            b.execute(
                "return document.documentElement.dataset.ready || ''",
                vec![],
            ) == "1"
        })
    };
    b.goto(url);
    // As a person would: a page that did not finish loading is loaded again, once.
    let ready = started() || {
        b.goto(url);
        started()
    };
    let error = b.execute(
        "return document.documentElement.dataset.error || ''",
        vec![],
    );
    assert!(
        ready && error == "",
        "the desk did not start at {url}: {error}"
    );
}

/// The preview's link to the desk: its words and address. Read in the page, not clicked:
/// a rebuild from an earlier save may reload the page at any moment.
fn desk_link(b: &browser::Browser) -> (String, String) {
    let mut found = Value::Null;
    let ok = b.wait_until(Duration::from_secs(20), || {
        found = b.execute(
            "const a = document.querySelector('a.bantin-desk-link'); return a ? [a.textContent, a.href] : null",
            vec![],
        );
        !found.is_null()
    });
    assert!(ok, "no desk link on {}", b.url());
    (
        found[0].as_str().unwrap().to_owned(),
        found[1].as_str().unwrap().to_owned(),
    )
}

/// The text of the first element `css` finds, read in one script: a page that reloads
/// (serve's live reload after a rebuild) or a part drawn again cannot leave a handle stale
/// between finding and reading.
fn text_of(b: &browser::Browser, css: &str) -> String {
    b.execute(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''",
        vec![json!(css)],
    )
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Saves through the form and follows the "see the page" link; the page's address.
fn save_and_see(b: &browser::Browser, button: &str) -> String {
    b.find(button).click();
    // Read in one script: the status line, link included, is drawn again as the check's
    // answer arrives, so a handle to the link can go stale between finding and reading it.
    let mut href = String::new();
    let saved = b.wait_until(Duration::from_secs(20), || {
        let found = b.execute(
            "const a = document.querySelector('#see-page'); return a ? a.getAttribute('href') : ''",
            vec![],
        );
        href = found.as_str().unwrap_or_default().to_owned();
        !href.is_empty()
    });
    assert!(saved, "not saved: {}", b.find("#status").text());
    href
}

fn desk_in_chromium_writes_imports_and_edits_through_the_form() {
    let b = browser::browser();
    let (dir, root) = fixture();
    let serve = Serve::start(&root);
    let base = format!("http://{}", serve.addr());
    let shots = dir.path().join("shots");
    std::fs::create_dir_all(&shots).unwrap();

    // The home page links to the desk.
    b.goto(&format!("{base}/"));
    let (text, href) = desk_link(&b);
    assert_eq!(text, "Soạn văn bản");
    open_desk(&b, &href);
    let violations = browser::axe_check(&b);
    assert!(
        violations.is_empty(),
        "axe at 1280 px:\n{}",
        violations.join("\n")
    );

    // A plan: the unit found by typing without diacritics.
    b.execute("document.getElementById('kind').value = 'plan'", vec![]);
    type_into(&b, "#title", "Triển khai tuần lễ dân vận khéo");
    type_into(&b, "#number", "21-KH/DV");
    type_into(&b, "#date", "23/9/2022");
    type_into(&b, "#unit", "dong van");
    wait_text(&b, "#unit-list", "Đồng Văn");
    b.find("#unit").send_keys("\u{E015}\u{E007}"); // ArrowDown, Enter
    let unit = b.find("#unit").prop("value");
    assert!(unit.as_str().unwrap().contains("Đồng Văn"), "{unit}");
    type_into(&b, "#body", "## Mục đích\n\nVận động nhân dân.");
    b.find("#show-preview").click();
    wait_text(&b, "#preview h2", "Mục đích");
    b.screenshot_full_png(&shots.join("desk-1280.png"));
    let plan_url = save_and_see(&b, "#save");
    b.goto(&format!("{base}{plan_url}"));
    wait_text(&b, "h1", "Triển khai tuần lễ dân vận khéo");

    // A report that answers it, picked by its number.
    open_desk(&b, &format!("{base}{DESK}/"));
    b.execute("document.getElementById('kind').value = 'report'", vec![]);
    type_into(&b, "#title", "Kết quả tuần lễ dân vận khéo");
    type_into(&b, "#date", "30/10/2022");
    type_into(&b, "#unit", "huyen dong van");
    wait_text(&b, "#unit-list", "Đồng Văn");
    b.find("#unit").send_keys("\u{E015}\u{E007}");
    type_into(&b, "#reports_on", "21-KH");
    wait_text(&b, "#reports_on-list", "21-KH/DV");
    b.find("#reports_on").send_keys("\u{E015}\u{E007}");
    save_and_see(&b, "#save");
    b.goto(&format!("{base}{plan_url}"));
    wait_text(&b, "main", "Kết quả tuần lễ dân vận khéo");

    // A bad date: the build's message beside the date field, and no saving but as a draft.
    open_desk(&b, &format!("{base}{DESK}/"));
    type_into(&b, "#title", "Văn bản sai ngày");
    type_into(&b, "#date", "32/13/2022");
    b.find("#check").click();
    wait_text(&b, "#date-msg", "BT019");
    assert_eq!(
        b.find("#date").attr("aria-invalid").as_deref(),
        Some("true")
    );
    b.find("#save").click();
    wait_text(&b, "#status", "bản nháp");

    // A new unit from the form.
    b.find("#add-unit summary").click();
    type_into(&b, "#new-unit", "Ủy ban nhân dân xã Lũng Cú");
    b.execute(
        "document.getElementById('new-unit-level').value = 'commune'",
        vec![],
    );
    b.find("#new-unit-add").click();
    let added = b.wait_until(Duration::from_secs(10), || {
        b.find("#unit").prop("value") == "Ủy ban nhân dân xã Lũng Cú"
    });
    assert!(added, "the new unit fills the field");
    let units = std::fs::read_to_string(root.join("content/units.yaml")).unwrap();
    assert!(units.contains("- name: Ủy ban nhân dân xã Lũng Cú\n  level: commune\n"));

    // Edit a document from its page's "Sửa": its date, then the year lists follow.
    b.goto(&format!("{base}/2022/ke-hoach-138/"));
    let (text, href) = desk_link(&b);
    assert_eq!(text, "Sửa");
    open_desk(&b, &href);
    assert_eq!(b.find("#number").prop("value"), "138-KH/HU");
    type_into(&b, "#date", "5/1/2023");
    save_and_see(&b, "#save");
    let moved = b.wait_until(Duration::from_secs(20), || {
        b.goto(&format!("{base}/nam/2023/"));
        text_of(&b, "main").contains("Tháng dân vận")
    });
    assert!(moved, "the 2023 list shows the document");
    let text = std::fs::read_to_string(root.join("content/2022/ke-hoach-138.md")).unwrap();
    assert!(text.contains("date: 2023-01-05\n"), "{text}");

    // A Word file dropped on the desk (through its file input): fields filled, unsure ones
    // marked, the original kept beside the saved document.
    open_desk(&b, &format!("{base}{DESK}/"));
    let docx = repo().join("tests/import/001.docx");
    b.find("#import-file").send_keys(docx.to_str().unwrap());
    let filled = b.wait_until(Duration::from_secs(20), || {
        b.find("#title")
            .prop("value")
            .as_str()
            .is_some_and(|t| !t.is_empty())
    });
    assert!(filled, "the import fills the form");
    assert!(text_of(&b, "#attachment-list").contains("001.docx"));
    save_and_see(&b, "#save-draft");
    let path = b.execute(
        "return new URLSearchParams(location.search).get('duong-dan')",
        vec![],
    );
    let saved = root.join("content").join(path.as_str().unwrap());
    assert_eq!(
        std::fs::read(saved.parent().unwrap().join("001.docx")).unwrap(),
        std::fs::read(&docx).unwrap()
    );

    // At 360 px: usable, and still no accessibility violations.
    b.set_viewport(360, 740);
    open_desk(&b, &format!("{base}{DESK}/"));
    b.screenshot_full_png(&shots.join("desk-360.png"));
    if let Some(keep) = std::env::var_os("BANTIN_DESK_SHOTS") {
        for name in ["desk-1280.png", "desk-360.png"] {
            let _ = std::fs::copy(shots.join(name), Path::new(&keep).join(name));
        }
    }
    let violations = browser::axe_check(&b);
    assert!(
        violations.is_empty(),
        "axe at 360 px:\n{}",
        violations.join("\n")
    );
    let wide = b.execute("return document.documentElement.scrollWidth", vec![]);
    let over = b.execute(
        "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8).join(' ')",
        vec![],
    );
    assert!(
        wide.as_i64().unwrap() <= 360,
        "no sideways scrolling: {wide}: {over}"
    );
}

/// Nothing of the desk reaches a built site.
fn desk_is_never_in_a_built_site() {
    let (dir, root) = fixture();
    let out = dir.path().join("public");
    let status = std::process::Command::new(crate::support::bin())
        .args(["build", "--today", crate::support::TODAY, "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .env_remove("BANTIN_LANG")
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for (name, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__bantin")
                && !text.contains("soan-thao")
                && !text.contains("bantin-desk"),
            "{name} holds the desk"
        );
    }
}
