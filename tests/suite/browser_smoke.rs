//! Proves the browser harness (`browser.rs`) end to end on a tiny hand-made
//! page: navigation, reading text, typing, clicking, axe-core, a desktop and
//! a 360 px screenshot, and an A4 PDF. Real page tests live elsewhere.

use crate::browser::{self, axe_check, file_url};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

crate::tests! {
    harness_drives_headless_chromium: Chromium, Axe;
}

const PAGE: &str = r#"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Thử trình duyệt</title>
</head>
<body>
<main>
<h1>Dân vận khéo</h1>
<form onsubmit="event.preventDefault(); document.getElementById('out').textContent = 'Đã gửi: ' + document.getElementById('q').value;">
<label for="q">Tìm kiếm</label>
<input id="q" name="q" type="text">
<button type="submit">Gửi</button>
</form>
<p id="out" aria-live="polite"></p>
</main>
</body>
</html>
"#;

/// Width and height from a PNG's IHDR chunk (after checking the signature).
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

/// Output of a poppler tool, or `None` where poppler-utils is not installed.
fn poppler(tool: &str, pdf: &Path) -> Option<String> {
    let out = Command::new(tool)
        .arg(pdf)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[] })
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

fn harness_drives_headless_chromium() {
    let b = browser::browser();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("trang thử.html"); // a space and a diacritic in the URL
    std::fs::write(&page, PAGE).unwrap();

    b.goto(&file_url(&page));
    assert!(b.url().starts_with("file:///"), "at {}", b.url());
    assert_eq!(b.title(), "Thử trình duyệt");
    assert_eq!(b.find("h1").text(), "Dân vận khéo");
    assert_eq!(b.find("html").attr("lang").as_deref(), Some("vi"));

    // Typing and reading back (the DOM property, not the attribute).
    let input = b.find("#q");
    input.send_keys("Tiếng Việt có dấu");
    assert_eq!(input.prop("value"), "Tiếng Việt có dấu");
    b.find("button").click();
    let out = b.find("#out");
    assert!(
        b.wait_until(Duration::from_secs(5), || out.text()
            == "Đã gửi: Tiếng Việt có dấu"),
        "after click: {:?}",
        out.text()
    );

    let violations = axe_check(&b);
    assert!(
        violations.is_empty(),
        "axe-core violations:\n{}",
        violations.join("\n")
    );

    // Desktop screenshot: the viewport starts at 1280×800.
    let (w, h) = png_size(&b.screenshot_png(&dir.path().join("desktop.png")));
    assert_eq!((w, h), (1280, 800));

    // Phone width, two ways. A 360 px viewport in a desktop window:
    b.set_viewport(360, 740);
    assert_eq!(
        b.execute("return [innerWidth, innerHeight]", vec![]),
        serde_json::json!([360, 740])
    );
    assert_eq!(
        png_size(&b.screenshot_png(&dir.path().join("narrow.png"))),
        (360, 740)
    );
    // Or device emulation (mobile: true), until the session ends:
    b.emulate_mobile(360, 740);
    assert_eq!(
        png_size(&b.screenshot_png(&dir.path().join("mobile.png"))),
        (360, 740)
    );
    assert!(png_size(&b.screenshot_full_png(&dir.path().join("full.png"))).1 >= 740);

    // Print: A4 is 595.28 × 841.89 pt.
    let pdf_path = dir.path().join("page.pdf");
    let pdf = b.print_pdf(&pdf_path);
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    if let Some(info) = poppler("pdfinfo", &pdf_path) {
        let size = info
            .lines()
            .find(|l| l.starts_with("Page size:"))
            .unwrap_or_default();
        let size = size.trim_start_matches("Page size:").trim();
        assert!(
            size.starts_with("595.") && size.contains(" x 841.") && size.ends_with("pts (A4)"),
            "pdfinfo says {size:?}"
        );
        let text = poppler("pdftotext", &pdf_path).unwrap();
        assert!(text.contains("Dân vận khéo"), "PDF text: {text:?}");
    } else {
        eprintln!("pdfinfo not found (apt-get install poppler-utils): PDF page size not checked");
    }
}
