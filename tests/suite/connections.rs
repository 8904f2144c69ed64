//! References between documents, plans and their reports, deadlines, feeds, calendars,
//! the sitemap, and `bantin check`.

use std::process::Command;

use crate::support::{SiteTest, repo};

crate::tests! {
    a_number_cited_in_the_text_links_to_its_document_and_back;
    an_ambiguous_number_is_not_linked_and_check_says_so;
    plans_show_report_status_as_of_the_build_date;
    the_deadlines_page_groups_by_month_and_the_home_page_shows_what_is_coming;
    a_large_site_splits_its_sitemap_at_fifty_thousand_urls: PythonParsers;
    feeds_calendars_and_sitemap_pass_real_parsers: PythonParsers;
    seed_plans_show_their_references_as_cited_but_not_on_the_site_until_they_are;
    check_reports_without_writing_and_exits_by_errors;
}

fn a_number_cited_in_the_text_links_to_its_document_and_back() {
    let mut t = SiteTest::new("basic");
    t.build();
    // "Kế hoạch số 138-KH/HU ngày 23/8/2022 của Huyện ủy Đồng Văn" in the body.
    let citing = t.main_of("2022/thang-dan-van-dong-van/index.html");
    assert!(
        citing
            .contains("<a class=\"ref\" href=\"../../2022/ke-hoach-138/index.html\">138-KH/HU</a>"),
        "{citing}"
    );
    // based_on: 138-KH/HU is on the site, 999-NQ/TW is not.
    assert!(citing.contains("999-NQ/TW"));
    assert!(
        citing.contains("chưa có trên trang"),
        "a reference not on the site says so"
    );
    // The plan lists what cites it.
    let cited = t.main_of("2022/ke-hoach-138/index.html");
    assert!(
        cited.contains("2022/thang-dan-van-dong-van/index.html"),
        "backlink: {cited}"
    );
    // A notice citing two plans without a date: 05/KH-UBND is one document, so it links.
    let notice = t.main_of("2023/thong-bao/index.html");
    assert!(notice.contains(">05/KH-UBND</a>"), "{notice}");
    assert!(
        !notice.contains(">27-CTr/TU</a>"),
        "a number not on the site stays text"
    );
}

fn an_ambiguous_number_is_not_linked_and_check_says_so() {
    let mut t = SiteTest::new("basic");
    // Another unit's plan with the same number in the same year.
    t.write("content/2022/ke-hoach-05-bac-me.md", "---\ntitle: Kế hoạch của huyện Bắc Mê\nnumber: 05/KH-UBND\ndate: 2022-01-10\nunit: UBND huyện Bắc Mê\n---\nNội dung.\n");
    t.write("content/2023/cong-van.md", "---\ntitle: Đôn đốc thực hiện\nkind: other\ndate: 2023-05-02\nunit: UBND tỉnh Hà Giang\n---\nĐề nghị các huyện thực hiện tốt Kế hoạch số 05/KH-UBND.\n\nRiêng huyện Bắc Mê thực hiện Kế hoạch số 05/KH-UBND ngày 10/01/2022 của UBND huyện Bắc Mê.\n");
    t.build();
    let page = t.main_of("2023/cong-van/index.html");
    assert_eq!(
        page.matches("class=\"ref\"").count(),
        1,
        "only the mention with its issuer links: {page}"
    );
    assert!(
        page.contains(
            "href=\"../../2022/ke-hoach-05-bac-me/index.html\">05/KH-UBND</a> ngày 10/01/2022"
        ),
        "{page}"
    );

    let out = t.run(&["check", "--today", crate::support::TODAY]);
    assert!(out.status.success(), "warnings only: exit 0");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/2023/cong-van.md:7:45: cảnh báo BT081: `05/KH-UBND` có thể là bất kỳ văn bản nào trong số"),
        "{stderr}"
    );
}

fn plans_show_report_status_as_of_the_build_date() {
    let mut t = SiteTest::new("basic");
    let site = t.read_source("content/site.yaml");
    t.write(
        "content/site.yaml",
        &format!("{site}deadline_status: public\n"),
    );
    // 138-KH/HU has deadlines on 2022-11-05 and 2027-01-15; a report comes late for the first.
    t.write("content/2022/bao-cao-138.md", "---\ntitle: Báo cáo kết quả Tháng dân vận\nnumber: 40-BC/HU\ndate: 2022-11-20\nunit: Huyện ủy Đồng Văn\nreports_on: 138-KH/HU\n---\nBáo cáo.\n");
    t.build();
    // 05/KH-UBND: deadline 2022-11-03, report 212/BC-UBND dated 2022-11-02: on time.
    let on_time = t.main_of("2022/thang-dan-van-dong-van/index.html");
    assert!(on_time.contains("status-on_time"), "{on_time}");
    assert!(
        on_time.contains("Đã báo cáo đúng hạn"),
        "the status is in words, not only colour"
    );
    let plan = t.main_of("2022/ke-hoach-138/index.html");
    assert!(
        plan.contains("status-late") && plan.contains("Báo cáo muộn"),
        "{plan}"
    );
    assert!(
        plan.contains("status-pending") && plan.contains("Chưa đến hạn"),
        "2027-01-15 is still to come"
    );
    assert!(
        plan.contains("2022/bao-cao-138/index.html"),
        "the plan lists its report"
    );

    // Without the report, the first deadline is missed.
    t.remove("content/2022/bao-cao-138.md").build();
    let plan = t.main_of("2022/ke-hoach-138/index.html");
    assert!(
        plan.contains("status-missing") && plan.contains("Quá hạn, chưa có báo cáo"),
        "{plan}"
    );

    // A unit's page lists what it still owes.
    let unit = t.main_of("don-vi/huyen-uy-dong-van/index.html");
    assert!(unit.contains("Báo cáo tổng kết"), "{unit}");
}

fn the_deadlines_page_groups_by_month_and_the_home_page_shows_what_is_coming() {
    let mut t = SiteTest::new("basic");
    let out = t.out.display().to_string();
    assert!(
        t.run(&["build", "--output", &out, "--today", "2023-01-10"])
            .status
            .success()
    );
    let page = t.main_of("thoi-han/index.html");
    let coming = page
        .find("Tháng 1 năm 2027")
        .expect("a month heading for the coming deadline");
    let past = page
        .find("Tháng 11 năm 2022")
        .expect("a month heading for past deadlines");
    assert!(coming < past, "coming deadlines first");
    assert!(page.contains("Báo cáo tổng kết"));
    let home = t.main_of("index.html");
    assert!(
        home.contains("Báo cáo tổng kết"),
        "the coming deadline is on the home page"
    );
    assert!(
        !home.contains("Các xã báo cáo kết quả"),
        "past deadlines are not"
    );

    // A year on, the 2022 deadlines have left the site-wide page and calendar (they stay on
    // their documents' and units' pages), so a national bulletin's page stays readable.
    t.build();
    let page = t.main_of("thoi-han/index.html");
    assert!(!page.contains("Tháng 11 năm 2022"), "{page}");
    assert!(page.contains("2 thời hạn cũ hơn một năm"), "{page}");
    assert!(
        !t.read("thoi-han.ics")
            .contains("DTSTART;VALUE=DATE:20221103")
    );
    assert!(
        t.read("don-vi/ubnd-huyen-dong-van/thoi-han.ics")
            .contains("DTSTART;VALUE=DATE:20221103")
    );
}

fn a_large_site_splits_its_sitemap_at_fifty_thousand_urls() {
    // With one document to an index page, 13,000 documents have over 50,000 addresses
    // (their pages, and a page each in a year's, a unit's and a kind's index).
    let mut t = SiteTest::empty();
    t.write("content/site.yaml", "title: Lớn\npage_size: 1\n");
    for i in 0..13_000 {
        let year = 2000 + i % 20;
        t.write(
            &format!("content/{year}/d{i}.md"),
            &format!("---\ntitle: Văn bản {i}\nkind: plan\ndate: {year}-01-01\nunit: Đơn vị {}\n---\nNội dung.\n", i % 50),
        );
    }
    t.build();
    let index = t.read("sitemap.xml");
    assert!(
        index.contains("<sitemapindex"),
        "{}",
        &index[..300.min(index.len())]
    );
    assert!(index.contains("sitemap-2.xml</loc>"));
    let part = t.read("sitemap-1.xml");
    assert_eq!(part.matches("<url>").count(), 50_000);
    let report = validate(&t.out);
    assert_eq!(report["sitemap_parts"], 2, "{report}");
    assert!(
        report["sitemap_urls"].as_u64().unwrap() > 50_000,
        "{report}"
    );
}

/// Runs the independent validators (feedparser, icalendar, lxml + the sitemaps.org schema).
fn validate(out: &std::path::Path) -> serde_json::Value {
    let o = Command::new("python3")
        .arg(repo().join("tests/feeds/validate.py"))
        .arg(out)
        .output()
        .expect("python3");
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    let json: serde_json::Value = serde_json::from_str(text.trim()).unwrap_or_else(|_| {
        panic!(
            "validator said: {text}{}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    assert!(o.status.success(), "{json}");
    json
}

fn feeds_calendars_and_sitemap_pass_real_parsers() {
    let mut t = SiteTest::new("basic");
    let out = t.out.display().to_string();
    let build = |t: &mut SiteTest| {
        assert!(
            t.run(&["build", "--output", &out, "--today", "2023-01-10"])
                .status
                .success()
        )
    };
    build(&mut t);
    let report = validate(&t.out);
    assert!(report["feeds"].as_u64().unwrap() >= 10, "{report}");
    assert!(report["calendars"].as_u64().unwrap() >= 5, "{report}");
    assert_eq!(
        report["uids"].as_array().unwrap().len(),
        3,
        "three deadlines in the site calendar: {report}"
    );
    let feed = t.read("feed.xml");
    assert!(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://portal.example.vn/bantin/2022/ke-hoach-138/\"/>"));
    let unit_feed = t.read("don-vi/huyen-uy-dong-van/feed.xml");
    assert!(
        unit_feed.contains("Thông báo kết luận") && !unit_feed.contains("Kế hoạch ngày 15"),
        "a unit's feed has its own documents"
    );
    let ics = t.read("don-vi/huyen-uy-dong-van/thoi-han.ics");
    assert!(ics.contains("DTSTART;VALUE=DATE:20270115"), "{ics}");
    assert!(
        t.read("robots.txt")
            .contains("Sitemap: https://portal.example.vn/bantin/sitemap.xml")
    );

    // UIDs stay the same from build to build, so calendar apps update rather than duplicate.
    let before = report["uids"].clone();
    t.write(
        "content/2023/moi.md",
        "---\ntitle: Mới\nkind: plan\ndate: 2023-06-01\nunit: X\n---\nMới.\n",
    );
    build(&mut t);
    let after = validate(&t.out);
    assert_eq!(before, after["uids"]);

    let mut bundled = SiteTest::bundled();
    bundled.build();
    let report = validate(&bundled.out);
    assert!(
        report["events"].as_u64().unwrap() >= 6,
        "the seed plans' deadlines: {report}"
    );
}

fn seed_plans_show_their_references_as_cited_but_not_on_the_site_until_they_are() {
    let mut t = SiteTest::bundled();
    t.build();
    let page = t.main_of("2022/ke-hoach-thang-dan-van-ubnd-huyen-dong-van/index.html");
    for number in ["138-KH/HU", "05/KH-UBND", "106/KH-UBND", "27-NQ/TU"] {
        assert!(page.contains(number), "{number} is listed");
    }
    assert!(
        !page.contains("class=\"ref\""),
        "none of them is on the site yet"
    );
    assert!(page.contains("chưa có trên trang"));

    // Add the district Party committee's plan 138-KH/HU: both sides link.
    t.write(
        "content/2022/ke-hoach-138-huyen-uy-dong-van.md",
        "---\ntitle: Triển khai “Tháng dân vận” năm 2022\nnumber: 138-KH/HU\ndate: 2022-08-23\nunit: Huyện ủy Đồng Văn\n---\nNội dung kế hoạch.\n",
    );
    t.build();
    let page = t.main_of("2022/ke-hoach-thang-dan-van-ubnd-huyen-dong-van/index.html");
    assert!(
        page.contains(
            "href=\"../../2022/ke-hoach-138-huyen-uy-dong-van/index.html\">138-KH/HU</a>"
        ),
        "the body links it"
    );
    let plan = t.main_of("2022/ke-hoach-138-huyen-uy-dong-van/index.html");
    assert!(
        plan.contains("2022/ke-hoach-thang-dan-van-ubnd-huyen-dong-van/index.html"),
        "and the new plan lists the seed as citing it"
    );
}

fn check_reports_without_writing_and_exits_by_errors() {
    let mut t = SiteTest::new("basic");
    let out = t.run(&["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!t.root.join("public").exists(), "check writes nothing");

    t.write("content/2023/lien-ket.md", "---\ntitle: Liên kết hỏng\nkind: plan\ndate: 2023-01-01\nunit: X\n---\nXem [kế hoạch](../2021/khong-co.md).\n");
    t.write("content/2023/trung-so.md", "---\ntitle: Trùng số\nnumber: 12-TB/HU\ndate: 2023-04-01\nunit: Huyện ủy Đồng Văn\n---\nA.\n");
    let out = t.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "an error gives exit code 1");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let diags = json["diagnostics"].as_array().unwrap();
    let broken = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("../2021/khong-co.md")
        })
        .expect("the broken link");
    assert_eq!(broken["severity"], "error");
    assert_eq!(broken["code"], "BT076");
    assert_eq!(broken["file"], "content/2023/lien-ket.md");
    let duplicate = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("cùng số hiệu `12-TB/HU`")
        })
        .expect("the duplicate number");
    assert_eq!(duplicate["severity"], "warning");
    assert_eq!(duplicate["code"], "BT083");
    assert_eq!(json["errors"], 1);
}
