//! `bantin import`: every fixture of tests/import/ against expected.json, the body keeping
//! every word, imported documents building, and bad inputs refused with nothing left behind.

use std::collections::HashMap;
use std::path::Path;

use bantin::import::{self, ImportError};
use bantin::registry::Registries;

use crate::support::{SiteTest, bin, repo};

crate::tests! {
    fixtures_give_every_expected_field;
    imported_fixtures_and_seeds_build;
    dry_run_writes_nothing_and_json_reports;
    bad_inputs_get_a_clear_message_and_leave_nothing;
    library_reports_doc_and_pdf;
    unknown_unit_is_reported_with_how_to_add_it_and_still_builds;
    #[cfg(unix)]
    a_year_folder_linked_outside_content_is_refused;
}

fn registries() -> Registries {
    let mut diags = Vec::new();
    Registries::load(&repo().join("content"), &mut diags)
}

fn fold(s: &str) -> String {
    bantin::vi::fold(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(s: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w.to_lowercase()).or_default() += 1;
    }
    m
}

/// The text of a .docx or .odt as it reads, from its XML, to compare words against.
fn document_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let doc = import::import_file(
        &bytes,
        path.file_name().unwrap().to_str().unwrap(),
        &registries(),
        2024,
    )
    .unwrap();
    // Words are compared against what the readers saw, so read the raw XML text too.
    let _ = doc;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let name = if path.extension().unwrap() == "odt" {
        "content.xml"
    } else {
        "word/document.xml"
    };
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
    // Tags become spaces; entities are rare in these files beyond &amp;.
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
}

/// Loose: most words of the shorter description are in the longer.
fn loosely(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    let long: Vec<&str> = long.split(|c: char| !c.is_alphanumeric()).collect();
    let short: Vec<&str> = short
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let hits = short.iter().filter(|w| long.contains(w)).count();
    !short.is_empty() && hits * 10 >= short.len() * 6
}

fn fixtures_give_every_expected_field() {
    let dir = repo().join("tests/import");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let regs = registries();
    let (mut right, mut total) = (0, 0);
    let mut wrong = Vec::new();
    for (name, exp) in expected["fixtures"].as_object().unwrap() {
        let format = exp["format"].as_str().unwrap();
        if format != "docx" && format != "odt" {
            continue;
        }
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let d = import::import_file(&bytes, name, &regs, 2024)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let f = &d.fields;
        let s = |v: &serde_json::Value| v.as_str().map(str::to_owned);
        let mut check = |field: &str, ok: bool, got: String| {
            total += 1;
            if ok {
                right += 1;
            } else {
                wrong.push(format!(
                    "{name} {field}: got {got}, expected {}",
                    exp[field]
                ));
            }
        };
        check(
            "title",
            f.title.as_deref().map(fold) == s(&exp["title"]).as_deref().map(fold),
            format!("{:?}", f.title),
        );
        check(
            "kind",
            f.kind.map(|k| k.key().to_owned()) == s(&exp["kind"]),
            format!("{:?}", f.kind),
        );
        check(
            "number",
            f.number == s(&exp["number"]),
            format!("{:?}", f.number),
        );
        check(
            "symbol",
            f.symbol == s(&exp["symbol"]),
            format!("{:?}", f.symbol),
        );
        check(
            "date",
            f.date.map(import::fields::iso) == s(&exp["date"]),
            format!("{:?}", f.date),
        );
        let partial = f.date.is_some_and(|d| d.day.is_none());
        check(
            "date_partial",
            Some(partial) == exp["date_partial"].as_bool(),
            format!("{partial}"),
        );
        check(
            "place",
            f.place == s(&exp["place"]),
            format!("{:?}", f.place),
        );
        check(
            "issuing_unit",
            f.issuing_unit.as_deref().map(fold) == s(&exp["issuing_unit"]).as_deref().map(fold),
            format!("{:?}", f.issuing_unit),
        );
        check(
            "parent_unit",
            f.parent_unit.as_deref().map(fold) == s(&exp["parent_unit"]).as_deref().map(fold),
            format!("{:?}", f.parent_unit),
        );
        let signer = f.signer.clone().unwrap_or_default();
        let es = &exp["signer"];
        check(
            "signer",
            signer.on_behalf.as_deref().map(fold) == s(&es["on_behalf"]).as_deref().map(fold)
                && signer.title.as_deref().map(fold) == s(&es["title"]).as_deref().map(fold)
                && signer.name.as_deref().map(fold) == s(&es["name"]).as_deref().map(fold),
            format!("{signer:?}"),
        );
        let list = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_owned())
                .collect()
        };
        check(
            "recipients",
            f.recipients == list(&exp["recipients"]),
            format!("{:?}", f.recipients),
        );
        check(
            "based_on",
            f.based_on == list(&exp["based_on"]),
            format!("{:?}", f.based_on),
        );
        let ed = exp["deadlines"].as_array().unwrap();
        let deadlines_ok = ed.len() == f.deadlines.len()
            && ed.iter().zip(&f.deadlines).all(|(e, g)| {
                e["date"].as_str() == Some(&g.date.to_string())
                    && loosely(e["what"].as_str().unwrap(), &g.what)
            });
        check("deadlines", deadlines_ok, format!("{:?}", f.deadlines));
        let period = f
            .period
            .map(|p| serde_json::json!({"from": p.from.to_string(), "to": p.to.to_string()}));
        check(
            "period",
            period.unwrap_or(serde_json::Value::Null) == exp["period"],
            format!("{:?}", f.period),
        );

        // Every word of the document is in the new file (front matter, its comments, body),
        // but the national motto and the words of the form's labels.
        let have = words(&d.markdown);
        let dropped = words(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập Tự do Hạnh phúc ĐẢNG CỘNG SẢN VIỆT NAM",
        );
        // A legacy-encoded file reads as its Unicode original.
        let source = exp["derived_from"]
            .as_str()
            .filter(|_| exp["encoding"] != "unicode")
            .unwrap_or(name);
        for (w, n) in words(&document_text(&dir.join(source))) {
            let need = n.saturating_sub(dropped.get(&w).copied().unwrap_or(0));
            assert!(
                have.get(&w).copied().unwrap_or(0) >= need,
                "{name}: `{w}` appears {n} times in the document, {} in the import",
                have.get(&w).copied().unwrap_or(0)
            );
        }
    }
    eprintln!("import fixtures: {right} of {total} fields right");
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

fn imported_fixtures_and_seeds_build() {
    let mut site = SiteTest::bundled();
    for entry in std::fs::read_dir(site.root.join("content")).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            std::fs::remove_dir_all(p).unwrap();
        }
    }
    let fixtures = repo().join("tests/import");
    let files = [
        "000.docx",
        "001.docx",
        "002.docx",
        "003.odt",
        "004.tcvn3.docx",
    ];
    let mut args: Vec<String> = vec!["import".into()];
    args.extend(files.iter().map(|f| fixtures.join(f).display().to_string()));
    let out = site.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("cần xem lại") && err.contains("đã ghi content/2023/"),
        "{err}"
    );
    // The original is kept beside the document.
    assert!(
        site.root
            .join("content/2023/ke-hoach-cong-tac-dan-van-nam-2023-huyen-uy-tam-duong/003.odt")
            .exists()
    );
    // Again: nothing is overwritten without --force.
    let out = site.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success() && err.contains("0 lỗi"), "{err}");
    site.build();

    // The five seeds, as text files.
    let mut seeds = SiteTest::bundled();
    let out = seeds.run(&[
        "import",
        "--force",
        repo().join("tests/import/seeds").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    // Each seed names its unit only in the body; each is found in units.yaml.
    assert!(!err.contains("chưa có trong units.yaml"), "{err}");
    assert!(
        err.contains("Ủy ban nhân dân huyện Hồng Ngự") && err.contains("Huyện ủy Tam Đường"),
        "{err}"
    );
    let out = seeds.run(&["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    seeds.build();
}

fn dry_run_writes_nothing_and_json_reports() {
    let mut site = SiteTest::bundled();
    let f = repo().join("tests/import/004.docx");
    let out = site.run(&["import", "--dry-run", "--json", f.to_str().unwrap()]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["ok"], true);
    assert_eq!(json[0]["dry_run"], true);
    let written = json[0]["written"].as_str().unwrap();
    assert!(written.starts_with("content/2021/"), "{written}");
    assert!(!site.root.join(written).exists());
    assert!(
        json[0]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["key"] == "number" && f["review"] == true)
    );
}

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        for (name, data) in entries {
            w.start_file(
                *name,
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated),
            )
            .unwrap();
            std::io::Write::write_all(&mut w, data).unwrap();
        }
        w.finish().unwrap();
    }
    buf.into_inner()
}

fn bad_inputs_get_a_clear_message_and_leave_nothing() {
    let mut site = SiteTest::bundled();
    let dir = site.root.join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let big_xml = {
        let mut s = String::from("<w:document xmlns:w=\"w\"><w:body>");
        let para = "<w:p><w:r><w:t>Nội dung rất dài của một văn bản lớn.</w:t></w:r></w:p>";
        while s.len() < 50 * 1024 * 1024 {
            s.push_str(para);
        }
        s.push_str("</w:body></w:document>");
        s
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("rong.docx", Vec::new(), "rỗng"),
        (
            "nhi-phan.docx",
            (0..4096u32).map(|i| (i * 7 % 251) as u8).collect(),
            "không phải tệp Word .docx",
        ),
        (
            "khong-phai-zip.docx",
            b"Day la van ban thuong".to_vec(),
            "không phải tệp Word .docx",
        ),
        (
            "khong-co-document.docx",
            zip_with(&[("word/styles.xml", b"<x/>")]),
            "word/document.xml",
        ),
        (
            "mat-khau.docx",
            [
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                &[0; 600],
            ]
            .concat(),
            "mật khẩu",
        ),
        (
            "lon.docx",
            zip_with(&[("word/document.xml", big_xml.as_bytes())]),
            "quá lớn",
        ),
    ];
    let before: Vec<_> = walkdir::WalkDir::new(site.root.join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect();
    for (name, bytes, _) in &cases {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let started = std::time::Instant::now();
    let mut args = vec!["import".to_owned()];
    args.extend(cases.iter().map(|(n, _, _)| format!("in/{n}")));
    args.push("in/khong-co.docx".into());
    let out = site.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(started.elapsed().as_secs() < 60);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    for (name, _, message) in &cases {
        let line = err
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{err}"));
        assert!(line.contains(message), "{name}: {line}");
    }
    assert!(
        err.contains("khong-co.docx: lỗi BT100: Không có tệp"),
        "{err}"
    );
    let after: Vec<_> = walkdir::WalkDir::new(site.root.join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .collect();
    assert_eq!(before, after, "nothing is written for bad inputs");
    let _ = bin();
}

fn library_reports_doc_and_pdf() {
    let regs = registries();
    let dir = repo().join("tests/import");
    let doc = std::fs::read(dir.join("002.doc")).unwrap();
    assert_eq!(
        import::import_file(&doc, "002.doc", &regs, 2024).unwrap_err(),
        ImportError::WordBinary
    );
    let pdf = std::fs::read(dir.join("001.pdf")).unwrap();
    assert_eq!(
        import::import_file(&pdf, "001.pdf", &regs, 2024).unwrap_err(),
        ImportError::Pdf
    );
    assert!(
        ImportError::WordBinary
            .message(import::Lang::Vi)
            .contains("Lưu thành")
    );
}

fn unknown_unit_is_reported_with_how_to_add_it_and_still_builds() {
    let mut site = SiteTest::bundled();
    std::fs::write(site.root.join("content/units.yaml"), "[]\n").unwrap();
    let f = repo().join("tests/import/000.vni.docx");
    let out = site.run(&["import", f.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("Ủy ban nhân dân huyện Đồng Văn (chưa có trong units.yaml)"),
        "{err}"
    );
    assert!(
        err.contains("thêm vào units.yaml:")
            && err.contains("- name: Ủy ban nhân dân huyện Đồng Văn"),
        "{err}"
    );
    assert!(err.contains("VNI → Unicode"), "{err}");
    let out = site.run(&["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(unix)]
fn a_year_folder_linked_outside_content_is_refused() {
    let mut site = SiteTest::bundled();
    let outside = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(site.root.join("content/2022")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root.join("content/2022")).unwrap();
    let f = repo().join("tests/import/000.docx");
    let out = site.run(&["import", f.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success());
    assert!(err.contains("ngoài thư mục content/"), "{err}");
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing written outside"
    );
}
