//! The default theme (issue 4), on the bundled plans built with the real binary:
//! WCAG 2.1 AA by axe-core at desktop and 360 px, no sideways scrolling on a phone, the
//! printed document on A4 in the official layout, no request outside the site and a small
//! page weight, and the English interface.
//!
//! `BANTIN_SHOTS=/some/dir cargo test --test suite theme` also saves full-page
//! screenshots of every checked page and the printed PDF there, to look at.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use crate::browser::{self, Browser, axe_check, file_url};
use crate::support::{TODAY, bin, copy_tree, output_files, repo};

crate::tests! {
    theme_pages_have_no_wcag_violations_at_desktop_and_360px: Chromium, Axe;
    theme_pages_do_not_scroll_sideways_at_360px: Chromium;
    printed_document_is_an_a4_page_in_the_official_layout: Chromium, Poppler;
    theme_requests_nothing_outside_the_site_and_stays_light;
    english_interface_when_site_yaml_says_en;
}

/// The long Party plan: many headings (a table of contents), a wide appendix table,
/// recipients and a signature.
const LONG_DOC: &str = "2023/ke-hoach-cong-tac-dan-van-huyen-uy-tam-duong/index.html";

/// A State body's plan (national motto; no number; an undated draft's year only).
const STATE_DOC: &str = "2022/ke-hoach-thang-dan-van-ubnd-huyen-dong-van/index.html";

/// One page of each kind the theme has.
const PAGES: &[&str] = &[
    "index.html",
    LONG_DOC,
    STATE_DOC,
    "nam/2022/index.html",
    // A unit with deadlines it still owes (statuses shown).
    "don-vi/ubnd-huyen-hong-ngu/index.html",
    "chien-dich/dan-van-kheo/index.html",
    "loai/ke-hoach/index.html",
    "don-vi/index.html",
    "nam/index.html",
    "chien-dich/index.html",
    "thoi-han/index.html",
    "404.html",
    "tim-kiem/index.html",
];

fn build(root: &Path, out: &Path, extra: &[&str]) {
    let o = Command::new(bin())
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(["--today", TODAY])
        .args(extra)
        .output()
        .expect("run bantin");
    assert!(
        o.status.success(),
        "bantin build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The bundled content/ built with the repository's theme, once per test run, into
/// cargo's scratch folder for integration tests (never into the repository).
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("theme-site");
        let _ = std::fs::remove_dir_all(&out);
        build(&repo(), &out, &[]);
        for page in PAGES {
            assert!(out.join(page).is_file(), "{page} was not written");
        }
        out
    })
}

/// The built site over HTTP: the 404 page links from the site's root
/// (`/static/style.css`), as a web server would show it.
fn serve(dir: &'static Path) -> String {
    crate::support::static_server(dir.to_path_buf(), "/")
}

/// Where to open `page`: from disk, except the 404 page (served at any depth, it links
/// from the site's root, so it is checked as a server shows it).
fn address(page: &str, http: &str) -> String {
    if page == "404.html" {
        format!("{http}does/not/exist/")
    } else {
        file_url(&site().join(page))
    }
}

/// Full-page screenshots for people to look at, when BANTIN_SHOTS names a folder.
fn shot(b: &Browser, page: &str, width: u32) {
    if let Some(dir) = std::env::var_os("BANTIN_SHOTS") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("shots folder");
        let name = page
            .trim_end_matches("index.html")
            .trim_end_matches('/')
            .replace(['/', '.'], "_");
        let name = if name.is_empty() {
            "home".to_owned()
        } else {
            name
        };
        let png = b.screenshot_full_png(&dir.join(format!("{name}-{width}.png")));
        // Long pages also in slices a person can read at full size.
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        let slice = 1400;
        let starts: Vec<u32> = (0..height).step_by(slice as usize).collect();
        let n = starts.len();
        for (i, &y) in starts
            .iter()
            .enumerate()
            .filter(|&(i, _)| n > 1 && (i < 3 || i + 3 >= n))
        {
            let clip = serde_json::json!({ "x": 0, "y": y, "width": width, "height": slice.min(height - y), "scale": 1 });
            let v = b.cdp(
                "Page.captureScreenshot",
                serde_json::json!({ "format": "png", "captureBeyondViewport": true, "clip": clip }),
            );
            let bytes = browser::base64_decode(v["data"].as_str().unwrap());
            std::fs::write(dir.join(format!("{name}-{width}-part{}.png", i + 1)), bytes).unwrap();
        }
    }
}

fn theme_pages_have_no_wcag_violations_at_desktop_and_360px() {
    let site = site();
    let http = serve(site);
    let b = browser::browser();
    let mut failures = Vec::new();
    for (w, h) in [(1280, 800), (360, 800)] {
        b.set_viewport(w, h);
        for page in PAGES {
            b.goto(&address(page, &http));
            let violations = axe_check(&b);
            if !violations.is_empty() {
                failures.push(format!("{page} at {w}px:\n  {}", violations.join("\n  ")));
            }
            // What axe does not check: one h1, the language, the landmarks, the skip link.
            let facts = b.execute(
                "return [document.querySelectorAll('h1').length, document.documentElement.lang,
                         !!document.querySelector('header.site-header'), !!document.querySelector('main#main'),
                         !!document.querySelector('nav[aria-label]'), !!document.querySelector('footer.site-footer'),
                         !!document.querySelector('a.skip-link[href=\"#main\"]')]",
                vec![],
            );
            assert_eq!(facts[0], 1, "{page}: exactly one h1");
            assert!(matches!(facts[1].as_str(), Some("vi")), "{page}: lang=vi");
            for (i, what) in [
                (2, "header"),
                (3, "main"),
                (4, "nav"),
                (5, "footer"),
                (6, "skip link"),
            ] {
                assert_eq!(facts[i], true, "{page}: has its {what}");
            }
            shot(&b, page, w);
        }
    }
    assert!(
        failures.is_empty(),
        "axe-core found WCAG 2.1 A/AA violations:\n{}",
        failures.join("\n")
    );

    // The skip link is out of sight until focused, then on screen.
    b.set_viewport(1280, 800);
    b.goto(&address("index.html", &http));
    let top = |b: &Browser| {
        b.execute(
            "return document.querySelector('.skip-link').getBoundingClientRect().bottom",
            vec![],
        )
    };
    assert!(
        top(&b).as_f64().unwrap() <= 0.0,
        "skip link hidden before focus"
    );
    b.execute("document.querySelector('.skip-link').focus()", vec![]);
    assert!(
        top(&b).as_f64().unwrap() > 0.0,
        "skip link visible on focus"
    );

    // Keyboard focus is visible on every kind of link: dark text on yellow, whatever the
    // link's own colours (header, navigation, breadcrumbs, body, footer).
    b.goto(&address("chien-dich/dan-van-kheo/index.html", &http));
    for link in [
        ".site-title",
        ".site-nav a",
        ".breadcrumbs a",
        ".doc-item-title a",
        ".doc-meta a",
        ".site-footer a",
    ] {
        let style = b.execute(
            "const a = document.querySelector(arguments[0]); a.focus();
             const s = getComputedStyle(a); return [s.color, s.backgroundColor]",
            vec![serde_json::json!(link)],
        );
        assert_eq!(
            style,
            serde_json::json!(["rgb(11, 12, 12)", "rgb(255, 213, 0)"]),
            "focus style of {link}"
        );
    }
    shot(&b, "focus", 1280);

    // Heading anchors show on keyboard focus; the CSS loads on the 404 page over HTTP.
    b.goto(&address(LONG_DOC, &http));
    let opacity = b.execute(
        "const a = document.querySelector('.doc-body h2 .anchor'); a.focus();
         return getComputedStyle(a).opacity",
        vec![],
    );
    assert_eq!(opacity, "1", "a focused heading anchor is visible");
    b.goto(&address("404.html", &http));
    let styled = b.execute(
        "return getComputedStyle(document.querySelector('.site-header')).backgroundColor",
        vec![],
    );
    assert_ne!(
        styled, "rgba(0, 0, 0, 0)",
        "the 404 page loads its stylesheet at any depth"
    );
}

fn theme_pages_do_not_scroll_sideways_at_360px() {
    let site = site();
    let http = serve(site);
    let b = browser::browser();
    b.set_viewport(360, 800);
    for page in PAGES {
        b.goto(&address(page, &http));
        let v = b.execute(
            "const d = document.documentElement;
             return [d.scrollWidth, d.clientWidth, getComputedStyle(d).overflowX, getComputedStyle(document.body).overflowX]",
            vec![],
        );
        assert_eq!(v[1], 360, "{page}: the viewport is 360 px");
        assert!(
            v[0].as_i64().unwrap() <= 360,
            "{page}: the page is {} px wide at 360 px",
            v[0]
        );
        // Nothing hides an overflow rather than avoid it.
        assert_eq!(
            (v[2].as_str(), v[3].as_str()),
            (Some("visible"), Some("visible")),
            "{page}: overflow not hidden"
        );
    }
    // The appendix table of the long plan scrolls within itself if it has to, and every
    // element of the page stays inside the viewport.
    b.goto(&address(LONG_DOC, &http));
    let outside = b.execute(
        "return [...document.querySelectorAll('main *')].filter(e => {
             const r = e.getBoundingClientRect();
             return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5) && !e.closest('table');
         }).map(e => e.tagName + '.' + e.className).slice(0, 5)",
        vec![],
    );
    assert_eq!(
        outside,
        serde_json::json!([]),
        "elements outside the 360 px viewport"
    );
    let table = b.execute("const t = document.querySelector('.doc-body table'); return [t.getBoundingClientRect().right, getComputedStyle(t).overflowX]", vec![]);
    assert!(
        table[0].as_f64().unwrap() <= 360.5,
        "the table stays inside the viewport"
    );
    assert_eq!(table[1], "auto", "a wide table scrolls within itself");
}

/// `pdftotext -bbox` words: (page, xMin, yMin, xMax, yMax, text).
fn pdf_words(pdf: &Path) -> Vec<(usize, f64, f64, f64, f64, String)> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext -bbox failed");
    let html = String::from_utf8(out.stdout).expect("UTF-8");
    let word = regex::Regex::new(
        r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#,
    )
    .unwrap();
    let mut words = Vec::new();
    for (n, page) in html.split("<page ").skip(1).enumerate() {
        for c in word.captures_iter(page) {
            let f = |i: usize| c[i].parse::<f64>().unwrap();
            words.push((n + 1, f(1), f(2), f(3), f(4), c[5].nfc().collect()));
        }
    }
    words
}

/// A PDF's text as `pdftotext -layout` gives it (pages end with a form feed), in NFC.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .nfc()
        .collect()
}

/// The 1-based page of a PDF text on which `needle` appears (whitespace-insensitive).
fn page_of(text: &str, needle: &str) -> Option<usize> {
    text.split('\u{c}')
        .position(|p| {
            p.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(needle)
        })
        .map(|i| i + 1)
}

fn printed_document_is_an_a4_page_in_the_official_layout() {
    let site = site();
    let b = browser::browser();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("ke-hoach.pdf");
    b.goto(&file_url(&site.join(LONG_DOC)));
    b.print_pdf(&pdf);
    let state_pdf = dir.path().join("ke-hoach-ubnd.pdf");
    b.goto(&file_url(&site.join(STATE_DOC)));
    b.print_pdf(&state_pdf);
    drop(b);
    if let Some(shots) = std::env::var_os("BANTIN_SHOTS") {
        std::fs::create_dir_all(&shots).unwrap();
        std::fs::copy(&pdf, PathBuf::from(shots).join("ke-hoach-159-KH-HU.pdf")).unwrap();
    }

    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let size = regex::Regex::new(r"Page size:\s+([\d.]+) x ([\d.]+) pts").unwrap();
    let c = size
        .captures(&info)
        .unwrap_or_else(|| panic!("no page size in pdfinfo:\n{info}"));
    let (w, h) = (c[1].parse::<f64>().unwrap(), c[2].parse::<f64>().unwrap());
    assert!(
        (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0,
        "A4 is 595×842 pt, got {w}×{h}"
    );
    let pages: usize = regex::Regex::new(r"Pages:\s+(\d+)")
        .unwrap()
        .captures(&info)
        .unwrap()[1]
        .parse()
        .unwrap();
    assert!(
        (3..=20).contains(&pages),
        "the long plan prints on a few pages, not {pages}"
    );

    // Margins: 30 mm left, 15 mm right, 20 mm top and bottom (1 mm = 2.835 pt). Only
    // page numbers, from the second page on, sit in the top margin.
    let mm = 72.0 / 25.4;
    let words = pdf_words(&pdf);
    assert!(
        words.len() > 1000,
        "the whole plan is printed as text ({} words)",
        words.len()
    );
    let body: Vec<_> = words.iter().filter(|w| w.2 >= 20.0 * mm - 1.0).collect();
    let left = body.iter().map(|w| w.1).fold(f64::MAX, f64::min);
    let right = body.iter().map(|w| w.3).fold(0.0, f64::max);
    let bottom = body.iter().map(|w| w.4).fold(0.0, f64::max);
    assert!(
        (left - 30.0 * mm).abs() < 3.0,
        "the text starts 30 mm from the left edge: {:.1} mm",
        left / mm
    );
    assert!(
        right <= w - 15.0 * mm + 1.0,
        "the right margin is at least 15 mm: {:.1} mm",
        (w - right) / mm
    );
    assert!(
        right >= w - 20.0 * mm,
        "justified lines run to the right margin: {:.1} mm",
        (w - right) / mm
    );
    assert!(
        bottom <= h - 20.0 * mm + 1.0,
        "the bottom margin is at least 20 mm: {:.1} mm",
        (h - bottom) / mm
    );
    let in_top_margin: Vec<_> = words.iter().filter(|w| w.2 < 20.0 * mm - 1.0).collect();
    for n in &in_top_margin {
        assert!(
            n.0 > 1 && n.5 == n.0.to_string(),
            "only page numbers in the top margin, from page 2: {n:?}"
        );
        let centre = (n.1 + n.3) / 2.0;
        assert!(
            (centre - (30.0 * mm + w - 15.0 * mm) / 2.0).abs() < 10.0,
            "page numbers are centred: {n:?}"
        );
    }
    assert_eq!(
        in_top_margin.len(),
        pages - 1,
        "every page but the first is numbered"
    );

    // The document's text, none of the site's.
    let text = pdf_text(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "HUYỆN ỦY TAM ĐƯỜNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 159-KH/HU",
        "ngày 16 tháng 01 năm 2023",
        "KẾ HOẠCH",
        "Công tác dân vận năm 2023",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Nơi nhận",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Cao Trang Trọng",
    ] {
        assert!(flat.contains(needle), "the PDF shows {needle:?}");
    }
    let source = std::fs::read_to_string(
        repo().join("content/2023/ke-hoach-cong-tac-dan-van-huyen-uy-tam-duong.md"),
    )
    .unwrap();
    for chrome in [
        "Trang chủ",
        "Chiến dịch, phong trào",
        "Loại văn bản",
        "Thuộc tính văn bản",
        "Mục lục",
        "Văn bản liên quan",
        "Bản tin dân vận",
        "Chuyển đến nội dung chính",
        "Từ khóa, số ký hiệu",
    ] {
        assert!(
            !source.contains(chrome),
            "{chrome:?} must not be a word of the plan itself for this check to mean anything"
        );
        assert!(
            !flat.contains(chrome),
            "the PDF shows the site's {chrome:?}"
        );
    }

    // Recipients and signature stay together on one page (the last).
    let recipients = page_of(&text, "Nơi nhận").expect("Nơi nhận printed");
    assert_eq!(
        page_of(&text, "Cao Trang Trọng"),
        Some(recipients),
        "signature on the page of Nơi nhận"
    );
    assert_eq!(page_of(&text, "T/M BAN THƯỜNG VỤ"), Some(recipients));
    assert_eq!(
        page_of(&text, "Các chi, đảng bộ trực thuộc"),
        Some(recipients),
        "the recipients list is not split"
    );

    // A State body's plan: the national motto and slogan, "Số:", its recipients and
    // signature together.
    let text = pdf_text(&state_pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:",
        "Đồng Văn, năm 2022",
        "KẾ HOẠCH",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ] {
        assert!(
            flat.contains(needle),
            "the State plan's PDF shows {needle:?}"
        );
    }
    assert!(
        !flat.contains("ĐẢNG CỘNG SẢN VIỆT NAM"),
        "a State body's plan has no Party heading"
    );
    let recipients = page_of(&text, "Nơi nhận").expect("Nơi nhận printed");
    for needle in ["Dinh Chí Thành", "Sở Nội vụ tỉnh", "Lưu: VT, NV"] {
        assert_eq!(
            page_of(&text, needle),
            Some(recipients),
            "{needle:?} on the page of Nơi nhận"
        );
    }

    // Printed in a Times-metric serif.
    let fonts = Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    assert!(
        ["Times", "Tinos", "LiberationSerif"]
            .iter()
            .any(|f| fonts.contains(f)),
        "a Times-metric serif:\n{fonts}"
    );
}

/// Every `href`/`src`/`action` of a page with the tag it belongs to.
fn tag_links(html: &str) -> Vec<(String, String)> {
    let tag = regex::Regex::new(r"(?s)<([a-zA-Z]+)\b([^>]*)>").unwrap();
    let attr =
        regex::Regex::new(r#"\s(href|src|action|srcset|poster|data)\s*=\s*"([^"]*)""#).unwrap();
    let mut out = Vec::new();
    for t in tag.captures_iter(html) {
        for a in attr.captures_iter(&t[2]) {
            out.push((format!("<{}{}>", &t[1], &t[2]), a[2].replace("&amp;", "&")));
        }
    }
    out
}

fn theme_requests_nothing_outside_the_site_and_stays_light() {
    let site = site();
    let files = output_files(site);
    let html: Vec<_> = files.iter().filter(|(p, _)| p.ends_with(".html")).collect();
    assert!(
        html.len() >= 40,
        "the bundled site has its pages ({})",
        html.len()
    );
    let mut outside = Vec::new();
    for (path, bytes) in &html {
        let text = String::from_utf8_lossy(bytes);
        for (tag, link) in tag_links(&text) {
            let absolute =
                link.starts_with("http:") || link.starts_with("https:") || link.starts_with("//");
            let allowed = tag.starts_with("<link")
                && (tag.contains("rel=\"canonical\"") || tag.contains("rel=\"alternate\""));
            if absolute && !allowed {
                outside.push(format!("{path}: {tag}"));
            }
            // Links are page-relative; only the 404 page (served at any depth) starts from `/`.
            if link.starts_with('/') && !link.starts_with("//") && *path != "404.html" {
                outside.push(format!("{path}: root-absolute {link}"));
            }
        }
        assert!(
            !text.contains("@import") && !text.contains("url(http") && !text.contains("url(//"),
            "{path}: no remote CSS"
        );
    }
    let remote = regex::Regex::new(r#"(?i)(@import|url\(\s*['"]?(https?:|//)|https?://)"#).unwrap();
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".css") || p.ends_with(".js"))
    {
        let text = String::from_utf8_lossy(bytes);
        assert!(!remote.is_match(&text), "{path} reaches outside the site");
    }
    assert!(
        outside.is_empty(),
        "links outside the site:\n{}",
        outside.join("\n")
    );

    // CSS and JS of the long document page, before compression.
    let page = String::from_utf8_lossy(
        &files
            .iter()
            .find(|(p, _)| p == LONG_DOC)
            .expect("document page")
            .1,
    )
    .into_owned();
    let dir = Path::new(LONG_DOC).parent().unwrap();
    let mut weight = 0;
    let mut assets = Vec::new();
    for (tag, link) in tag_links(&page) {
        let asset =
            (tag.starts_with("<link") && tag.contains("stylesheet")) || tag.starts_with("<script");
        if asset {
            let file = site.join(dir).join(&link);
            let len = std::fs::metadata(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
                .len();
            weight += len;
            assets.push(format!("{link} {len} B"));
        }
    }
    assert!(!assets.is_empty(), "the page has its stylesheet");
    assert!(
        weight <= 30 * 1024,
        "CSS + JS of a document page is {weight} B > 30 KB: {assets:?}"
    );
    assert!(
        !page.contains("<script"),
        "a document page needs no JavaScript"
    );
    assert!(
        !page.contains("style=\""),
        "no inline styles (all in the stylesheet)"
    );
}

fn english_interface_when_site_yaml_says_en() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo().join("content"), &root.join("content"));
    copy_tree(&repo().join("themes"), &root.join("themes"));
    let config = root.join("content/site.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    assert!(yaml.contains("language: vi"));
    std::fs::write(
        &config,
        yaml.replace("language: vi", "language: en") + "\npage_size: 2\n",
    )
    .unwrap();
    // One plan as a draft, to see how drafts are marked.
    let draft = root.join("content/2022/ke-hoach-thang-dan-van-ubnd-huyen-dong-van.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    std::fs::write(&draft, text.replacen("---\n", "---\ndraft: true\n", 1)).unwrap();
    let out = dir.path().join("public");
    build(&root, &out, &["--drafts"]);
    let read =
        |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));

    let home = read("index.html");
    assert!(home.contains("<html lang=\"en\">"));
    for english in [
        ">Skip to main content<",
        ">Home<",
        ">Years<",
        ">Issuing bodies<",
        ">Campaigns<",
        ">Document types<",
        ">Deadlines<",
        ">Latest documents<",
        ">Recent deadlines (past)<",
        ">Search<",
    ] {
        assert!(home.contains(english), "English home page shows {english}");
    }
    for vietnamese in [
        "Trang chủ",
        "Chuyển đến nội dung chính",
        "Văn bản mới",
        "Thời hạn sắp tới",
        "Thời hạn gần đây",
        "Loại văn bản",
    ] {
        assert!(
            !home.contains(vietnamese),
            "no Vietnamese interface text {vietnamese:?} on the English home page"
        );
    }

    assert!(
        home.contains(">1 document<") && !home.contains(" 1 documents"),
        "one document, not “1 documents”"
    );

    // The navigation marks where the reader is: the section's own page, and documents
    // under their years; the 404 page under none.
    assert!(read("nam/index.html").contains("aria-current=\"page\" class=\"active\">Years<"));
    assert!(
        read("2023/ke-hoach-cong-tac-dan-van-huyen-uy-tam-duong/index.html")
            .contains("class=\"active\">Years<")
    );
    assert!(
        !read("404.html").contains("class=\"active\""),
        "404.html is in no section"
    );

    // Five plans two to a page: three pages with English page links.
    let first = read("loai/ke-hoach/index.html");
    assert!(
        first.contains(">Next page <") && first.contains(">Last page <"),
        "pager in English"
    );
    assert!(first.contains("Page 1 of 3"));
    let second = read("loai/ke-hoach/trang-2/index.html");
    assert!(second.contains("> First page<") && second.contains("> Previous page<"));
    assert!(read("loai/ke-hoach/trang-3/index.html").contains("aria-current=\"page\">3<"));

    // The document keeps its own Vietnamese words, marked as Vietnamese; the frame is English.
    let doc = read("2022/ke-hoach-thang-dan-van-ubnd-huyen-dong-van/index.html");
    assert!(
        doc.contains("lang=\"vi\""),
        "the document is marked as Vietnamese"
    );
    assert!(
        doc.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
            && doc.contains(">Kế hoạch<")
            && doc.contains("Nơi nhận")
    );
    assert!(doc.contains(">Document details<") && doc.contains(">Issued by<"));
    assert!(doc.contains("<strong>DRAFT</strong>"), "a draft says so");
    assert!(
        read("nam/2022/index.html").contains("class=\"draft-tag\">DRAFT<"),
        "lists mark drafts"
    );
}
