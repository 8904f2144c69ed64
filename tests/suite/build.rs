//! `bantin build` on fixture sites: pages, indexes, order, links, Vietnamese, safety, errors.

use std::path::Path;

use crate::support::{self, SiteTest, links};

crate::tests! {
    bundled_content_builds_into_the_five_plans;
    indexes_are_newest_first_paginated_and_counted;
    urls_fold_vietnamese_and_registries_resolve_aliases;
    units_order_is_vietnamese_and_former_units_stand_apart;
    markdown_is_rendered_and_raw_html_sanitised;
    bundles_copy_their_attachments_beside_the_page;
    every_link_resolves_on_disk_at_root_under_a_subpath_and_from_file;
    base_url_flag_sets_canonical_and_feed_addresses_only;
    nfd_input_gives_byte_identical_output;
    a_folder_with_only_content_builds_with_the_built_in_theme;
    site_templates_override_the_theme;
    english_interface_from_site_yaml;
    refuses_to_replace_a_folder_it_did_not_create;
    rebuilds_replace_its_own_output_and_keep_hidden_files;
    a_failed_build_leaves_the_previous_site_untouched;
    all_errors_of_a_build_are_reported_at_once;
    duplicate_output_paths_are_an_error;
    unknown_keys_are_warnings_and_the_build_succeeds;
    missing_attachments_are_errors;
    build_zip_holds_the_same_site_as_the_folder_and_refuses_to_replace_other_files;
}

fn bundled_content_builds_into_the_five_plans() {
    let mut t = SiteTest::bundled();
    t.build();
    let summary = t.stderr();
    assert!(summary.contains("5 văn bản"), "{summary}");

    let tam_duong = t.main_of("2023/ke-hoach-cong-tac-dan-van-huyen-uy-tam-duong/index.html");
    assert!(tam_duong.contains("159-KH/HU"));
    assert!(
        tam_duong.contains("ngày 16 tháng 01 năm 2023"),
        "{tam_duong}"
    );
    assert!(
        tam_duong.contains("ĐẢNG CỘNG SẢN VIỆT NAM"),
        "a Party document carries the Party's heading"
    );
    assert!(
        tam_duong.contains("<table"),
        "the appendix timetable is a real table"
    );

    let dong_van = t.main_of("2022/ke-hoach-thang-dan-van-ubnd-huyen-dong-van/index.html");
    assert!(
        dong_van.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        "a State document carries the national motto"
    );
    assert!(
        dong_van.contains("Đồng Văn, năm 2022"),
        "an undated draft shows only its year"
    );
    assert!(dong_van.contains("Triển khai “Tháng dân vận” năm 2022"));
    assert!(
        dong_van.contains("Dinh Chí Thành"),
        "the signer as the document writes it"
    );
    assert!(
        dong_van.contains("138-KH/HU"),
        "based_on lists the plan it implements"
    );

    let tu_phap = t.main_of("2021/ke-hoach-thang-dan-van-so-tu-phap-ha-giang/index.html");
    assert!(tu_phap.contains("Hà Giang, tháng 9 năm 2021"), "{tu_phap}");
    assert!(tu_phap.contains("Trương Huy Huân"));

    for page in [
        "index.html",
        "404.html",
        "nam/index.html",
        "don-vi/index.html",
        "chien-dich/index.html",
        "loai/index.html",
        "thoi-han/index.html",
        "tim-kiem/index.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "thoi-han.ics",
    ] {
        assert!(t.exists(page), "{page} is written");
    }
}

fn indexes_are_newest_first_paginated_and_counted() {
    let mut t = SiteTest::new("basic");
    t.build();
    // Six published documents (the draft is left out of `build`), two to a page.
    assert!(!t.exists("2022/du-thao/index.html"), "drafts are left out");
    let all = t.read("nam/index.html");
    assert!(all.contains("2023") && all.contains("2022") && all.contains("2021"));

    // 2021 has a full date, a month-only and a year-only document: full day newest,
    // then the month, then the bare year.
    let y2021 = t.main_of("nam/2021/index.html");
    assert!(y2021.contains("Số văn bản: 3"), "{y2021}");
    let first = y2021
        .find("Kế hoạch ngày 15 tháng 9 năm 2021")
        .expect("full date listed");
    let second = y2021
        .find("Kế hoạch tháng 9 năm 2021")
        .expect("month listed");
    assert!(first < second, "15/09/2021 comes before 09/2021");
    assert!(
        t.exists("nam/2021/trang-2/index.html"),
        "page size 2 gives a second page"
    );
    let page2 = t.main_of("nam/2021/trang-2/index.html");
    assert!(
        page2.contains("Công tác dân vận năm 2021"),
        "the year-only document comes last"
    );
    assert!(
        page2.contains("aria-current=\"page\">2<"),
        "the pager marks page 2"
    );
    assert!(!t.exists("nam/2021/trang-3/index.html"));

    let kinds = t.main_of("loai/index.html");
    assert!(kinds.contains("Kế hoạch") && kinds.contains("Báo cáo") && kinds.contains("Thông báo"));
    // The kind came from the number (12-TB/HU → notice).
    assert!(
        t.main_of("loai/thong-bao/index.html")
            .contains("Thông báo kết luận")
    );
}

fn urls_fold_vietnamese_and_registries_resolve_aliases() {
    let mut t = SiteTest::new("basic");
    t.build();
    // content/2022/Tháng dân vận Đồng Văn.md
    let page = t.main_of("2022/thang-dan-van-dong-van/index.html");
    // `UBND huyện Đông Văn` is an alias of UBND huyện Đồng Văn; `Năm dân vận khéo` of Dân vận khéo.
    assert!(
        page.contains("don-vi/ubnd-huyen-dong-van/index.html"),
        "{page}"
    );
    assert!(page.contains("chien-dich/dan-van-kheo/index.html"));
    assert!(
        t.main_of("don-vi/ubnd-huyen-dong-van/index.html")
            .contains("Số văn bản: 2")
    );
}

fn units_order_is_vietnamese_and_former_units_stand_apart() {
    let mut t = SiteTest::new("basic");
    t.build();
    let units = t.main_of("don-vi/index.html");
    let pos = |name: &str| units.find(name).unwrap_or_else(|| panic!("{name} listed"));
    // a < ă < â < b: An Lão, Ân Thi, Bắc Mê (byte order would put Bắc Mê before Ân Thi).
    assert!(pos("UBND huyện An Lão") < pos("UBND huyện Ân Thi"));
    assert!(pos("UBND huyện Ân Thi") < pos("UBND huyện Bắc Mê"));
    let former = units
        .find("former-units")
        .expect("a section for former units");
    assert!(
        pos("UBND huyện Đồng Văn") > former,
        "a unit that ceased in 2025 is listed apart"
    );
    assert!(pos("UBND xã Đồng Văn") < former, "its successor is current");

    let old = t.main_of("don-vi/ubnd-huyen-dong-van/index.html");
    assert!(
        old.contains("ngày 30 tháng 6 năm 2025"),
        "the page says when it ceased: {old}"
    );
    assert!(
        old.contains("don-vi/ubnd-xa-dong-van/index.html"),
        "and links to its successor"
    );
    let new = t.main_of("don-vi/ubnd-xa-dong-van/index.html");
    assert!(
        new.contains("don-vi/ubnd-huyen-dong-van/index.html"),
        "the successor links back"
    );
    // Old documents keep the unit that issued them.
    assert!(
        t.main_of("2022/bao-cao-tong-ket/index.html")
            .contains("Ủy ban nhân dân huyện Đồng Văn")
    );
}

fn markdown_is_rendered_and_raw_html_sanitised() {
    let mut t = SiteTest::new("basic");
    t.build();
    let page = t.main_of("2022/thang-dan-van-dong-van/index.html");
    assert!(
        page.contains("<table>") && page.contains("<th class=\"align-right\">STT</th>"),
        "{page}"
    );
    assert!(!page.contains("<script"), "scripts are stripped");
    assert!(!page.contains("onclick"), "event handlers are stripped");
    assert!(
        !page.contains("javascript:"),
        "javascript: links are stripped"
    );
    assert!(page.contains("<b>in đậm</b>"), "basic formatting stays");
    // A link to another document's Markdown file leads to its page.
    assert!(
        page.contains("href=\"../../2022/ke-hoach-138/index.html\">kế hoạch gốc</a>"),
        "{page}"
    );

    // With trust_html the site keeps raw HTML as written.
    let mut trusted = SiteTest::new("basic");
    let config = std::fs::read_to_string(trusted.root.join("content/site.yaml")).unwrap();
    trusted
        .write("content/site.yaml", &format!("{config}trust_html: true\n"))
        .build();
    assert!(
        trusted
            .main_of("2022/thang-dan-van-dong-van/index.html")
            .contains("onclick")
    );
}

fn bundles_copy_their_attachments_beside_the_page() {
    let mut t = SiteTest::new("basic");
    t.build();
    assert!(t.exists("2022/bao-cao-tong-ket/phu-luc.pdf"));
    assert!(
        t.main_of("2022/bao-cao-tong-ket/index.html")
            .contains("phu-luc.pdf")
    );
}

/// Resolves every `href`/`src` of every page against the file it is in.
fn assert_links_resolve(out: &Path, directory_links: bool) {
    let mut checked = 0;
    for (rel, bytes) in support::output_files(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8 pages");
        let dir = Path::new(&rel)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with('#')
            {
                continue;
            }
            if rel == "404.html" {
                // Served at any depth: it links from the site's own path, taken from base_url.
                assert!(
                    link.starts_with('/'),
                    "404 links start at the site path: {link}"
                );
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{rel}: root-relative link {link} breaks under a subpath and from disk"
            );
            let path = link.split(['#', '?']).next().unwrap_or("");
            let mut target = out.join(&dir).join(percent_decode(path));
            if path.is_empty() || path.ends_with('/') {
                assert!(
                    directory_links,
                    "{rel}: link {link} needs index.html to work from disk"
                );
                target = target.join("index.html");
            }
            assert!(
                target.exists(),
                "{rel}: link {link} leads nowhere ({})",
                target.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

fn every_link_resolves_on_disk_at_root_under_a_subpath_and_from_file() {
    // Page-relative links are the same whether the site is at /, at /bantin/ or on a USB
    // stick; portable links name index.html so file:// works too.
    let mut t = SiteTest::new("basic");
    t.build();
    assert_links_resolve(&t.out, false);
    let home = t.read("index.html");
    assert!(
        home.contains("href=\"https://portal.example.vn/bantin/\""),
        "canonical from base_url"
    );

    let mut bundled = SiteTest::bundled();
    bundled.build();
    assert_links_resolve(&bundled.out, false);

    // `links: directory` gives tidy links for hosted sites; they still resolve.
    let mut hosted = SiteTest::new("basic");
    let config = std::fs::read_to_string(hosted.root.join("content/site.yaml")).unwrap();
    hosted
        .write("content/site.yaml", &format!("{config}links: directory\n"))
        .build();
    assert_links_resolve(&hosted.out, true);
    assert!(hosted.read("index.html").contains("href=\"nam/\""));
}

fn base_url_flag_sets_canonical_and_feed_addresses_only() {
    let mut t = SiteTest::new("basic");
    let out = t.out.display().to_string();
    let o = t.run(&[
        "build",
        "--output",
        &out,
        "--base-url",
        "https://tinh.example.vn/ban-tin",
        "--today",
        support::TODAY,
    ]);
    assert!(o.status.success());
    let page = t.read("2022/ke-hoach-138/index.html");
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://tinh.example.vn/ban-tin/2022/ke-hoach-138/\">"
        ),
        "{page}"
    );
    assert!(
        t.read("feed.xml")
            .contains("https://tinh.example.vn/ban-tin/2022/ke-hoach-138/")
    );
    assert!(
        t.read("404.html")
            .contains("href=\"/ban-tin/static/style.css\"")
    );
}

/// Rewrites every file and file name of a tree in NFD.
fn to_nfd(dir: &Path) {
    use unicode_normalization::UnicodeNormalization;
    let mut entries: Vec<_> = walkdir::WalkDir::new(dir)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    entries.retain(|e| e.depth() > 0);
    for e in entries {
        let path = e.path();
        if e.file_type().is_file() && path.extension().is_some_and(|x| x == "md" || x == "yaml") {
            let text = std::fs::read_to_string(path).unwrap();
            std::fs::write(path, text.nfd().collect::<String>()).unwrap();
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let nfd: String = name.nfd().collect();
        if nfd != name {
            std::fs::rename(path, path.with_file_name(nfd)).unwrap();
        }
    }
}

fn nfd_input_gives_byte_identical_output() {
    let mut nfc = SiteTest::new("basic");
    nfc.build();
    let mut nfd = SiteTest::new("basic");
    to_nfd(&nfd.root.join("content"));
    let sample = std::fs::read_to_string(nfd.root.join("content/units.yaml")).unwrap();
    assert!(
        sample.contains("U\u{309}y ban"),
        "the fixture really is NFD"
    );
    nfd.build();
    let a = nfc.output_files();
    let b = nfd.output_files();
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between NFC and NFD input");
    }
}

fn a_folder_with_only_content_builds_with_the_built_in_theme() {
    let mut t = SiteTest::new("basic");
    assert!(!t.root.join("themes").exists());
    t.build();
    assert!(t.exists("static/style.css"));
}

fn site_templates_override_the_theme() {
    let mut t = SiteTest::new("basic");
    t.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Trang riêng của tỉnh</h1>{% endblock %}",
    );
    t.build();
    assert!(t.read("404.html").contains("Trang riêng của tỉnh"));
    assert!(
        t.read("404.html").contains("skip-link"),
        "the override extends the theme's base"
    );
}

fn english_interface_from_site_yaml() {
    let mut t = SiteTest::new("basic");
    let config = std::fs::read_to_string(t.root.join("content/site.yaml"))
        .unwrap()
        .replace("language: vi", "language: en");
    t.write("content/site.yaml", &config).build();
    let home = t.read("index.html");
    assert!(home.contains("<html lang=\"en\">"));
    assert!(home.contains(">Deadlines<"), "English navigation");
}

// ---- Safety of the output folder ----

fn refuses_to_replace_a_folder_it_did_not_create() {
    let mut t = SiteTest::new("basic");
    std::fs::create_dir_all(&t.out).unwrap();
    std::fs::write(t.out.join("bao-cao-quan-trong.docx"), b"user's work").unwrap();
    let err = t.build_fails();
    assert!(
        err.contains("lỗi BT092: Thư mục này không do bantin tạo ra"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(t.out.join("bao-cao-quan-trong.docx")).unwrap(),
        b"user's work"
    );
}

fn rebuilds_replace_its_own_output_and_keep_hidden_files() {
    let mut t = SiteTest::new("basic");
    t.build();
    std::fs::write(t.out.join(".htaccess"), b"Options -Indexes").unwrap();
    std::fs::write(t.out.join("stale.html"), b"old").unwrap();
    t.build();
    assert!(
        !t.exists("stale.html"),
        "files of the previous build are gone"
    );
    assert_eq!(
        t.read(".htaccess"),
        "Options -Indexes",
        "the user's hidden files stay"
    );
    // Nothing is left beside the output but the site before, kept for the next build.
    let mut siblings: Vec<_> = std::fs::read_dir(t.out.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    siblings.sort();
    assert_eq!(siblings, [".public.bantin-spare", "public", "site"]);
    let spare = t.out.parent().unwrap().join(".public.bantin-spare");
    assert!(spare.join(".bantin-output").is_file(), "marked as bantin's");
}

fn a_failed_build_leaves_the_previous_site_untouched() {
    let mut t = SiteTest::new("basic");
    t.build();
    let before = t.output_files();
    t.write(
        "content/2023/hong.md",
        "---\ntitle: Hỏng\ndate: 2023-02-30\nunit: X\nkind: plan\n---\n",
    );
    t.build_fails();
    assert_eq!(
        before,
        t.output_files(),
        "the old site is exactly as it was"
    );
    let siblings = std::fs::read_dir(t.out.parent().unwrap()).unwrap().count();
    assert_eq!(siblings, 2, "no staging folder is left behind");
}

fn all_errors_of_a_build_are_reported_at_once() {
    let mut t = SiteTest::new("basic");
    t.write(
        "content/2023/a.md",
        "---\ntitle: A\ndate: 2023-02-30\nunit: X\nkind: plan\n---\n",
    );
    t.write(
        "content/2023/b.md",
        "---\ntitle: B\ndate: 2023-01-01\nunit: X\nkind: plann\n---\n",
    );
    t.write(
        "content/2023/c.md",
        "---\ndate: 2023-01-01\nunit: X\nkind: plan\ncampain: [Dân vận khéo]\n---\n",
    );
    // The site is Vietnamese: so are the messages.
    let err = t.build_fails();
    for line in [
        "content/2023/a.md:3:7: lỗi BT018: Không đọc được ngày `2023-02-30`: tháng 2 không có ngày 30 — nếu không rõ ngày, hãy viết `2023-02`.",
        "content/2023/b.md:5:7: lỗi BT021: `plann` không phải là một loại văn bản — có phải ý bạn là `plan`? Các loại văn bản là: plan (kế hoạch), report (báo cáo),",
        "content/2023/c.md:2:1: lỗi BT026: Thiếu mục bắt buộc `title` — hãy thêm trích yếu",
        "content/2023/c.md:5:1: cảnh báo BT024: Mục `campain` không có trong quy ước nên bị bỏ qua — có phải ý bạn là `campaigns`?",
        "bantin: không tạo được trang, có 3 lỗi, 1 cảnh báo;",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    // Asked for in English.
    let err = t.build_fails_with(&["--lang", "en"]);
    for line in [
        "content/2023/a.md:3:7: error BT018: 2023-02-30 is not a day: month 2 has no day 30 — check the day; write `2023-02` if the day is unknown",
        "content/2023/b.md:5:7: error BT021: `plann` is not a kind of document — did you mean `plan`?",
        "content/2023/c.md:2:1: error BT026: the required key `title` is missing",
        "content/2023/c.md:5:1: warning BT024: unknown key `campain` is ignored — did you mean `campaigns`?",
        "bantin: the build failed with 3 errors, 1 warning;",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
}

fn duplicate_output_paths_are_an_error() {
    let mut t = SiteTest::new("basic");
    t.write(
        "content/2022/ke-hoach-138/index.md",
        "---\ntitle: Trùng\ndate: 2022-01-01\nunit: X\nkind: plan\n---\n",
    );
    let err = t.build_fails();
    assert!(
        err.contains("sẽ cùng được ghi vào địa chỉ /2022/ke-hoach-138/"),
        "{err}"
    );
}

fn unknown_keys_are_warnings_and_the_build_succeeds() {
    let mut t = SiteTest::new("basic");
    t.write(
        "content/2023/d.md",
        "---\ntitle: D\ndate: 2023-01-01\nunit: X\nkind: plan\nsumary: Tóm tắt\n---\nThân.\n",
    );
    t.build();
    assert!(
        t.stderr().contains(
            "cảnh báo BT024: Mục `sumary` không có trong quy ước nên bị bỏ qua — có phải ý bạn là `summary`?"
        ),
        "{}",
        t.stderr()
    );
}

fn missing_attachments_are_errors() {
    let mut t = SiteTest::new("basic");
    t.write(
        "content/2023/e/index.md",
        "---\ntitle: E\ndate: 2023-01-01\nunit: X\nkind: plan\nattachments: [khong-co.pdf]\n---\n",
    );
    let err = t.build_fails();
    assert!(
        err.contains(
            "content/2023/e/index.md:6:15: lỗi BT006: Không thấy tệp đính kèm `khong-co.pdf` bên cạnh văn bản"
        ),
        "{err}"
    );
}

fn build_zip_holds_the_same_site_as_the_folder_and_refuses_to_replace_other_files() {
    let mut t = SiteTest::bundled();
    t.build();
    let zip = t.root.join("../trang web.zip");
    let out = t.run(&[
        "build",
        "--today",
        support::TODAY,
        "--zip",
        "../trang web.zip",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let unzipped = t.root.join("../unzipped");
    zip::ZipArchive::new(std::fs::File::open(&zip).unwrap())
        .unwrap()
        .extract(&unzipped)
        .unwrap();
    let folder: Vec<_> = t
        .output_files()
        .into_iter()
        .filter(|(name, _)| name != ".bantin-output")
        .collect();
    assert_eq!(support::output_files(&unzipped), folder);
    assert!(!t.root.join("../trang web.zip.part").exists());

    // A second build replaces the zip; a file that is not a zip is left alone.
    let again = t.run(&[
        "build",
        "--today",
        support::TODAY,
        "--zip",
        "../trang web.zip",
    ]);
    assert!(again.status.success());
    std::fs::write(t.root.join("notes.txt"), "ghi chép").unwrap();
    let refused = t.run(&["build", "--zip", "notes.txt"]);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("notes.txt: lỗi BT098: Tệp này đã có và không phải tệp zip"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(t.root.join("notes.txt")).unwrap(),
        "ghi chép"
    );
}
