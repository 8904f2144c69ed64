//! What editors naturally write is accepted: day-first and worded dates, kinds and levels by
//! their Vietnamese names; `check` shows the canonical form, and ambiguous dates are named.

use crate::support::*;

crate::tests! {
    dates_kinds_and_levels_as_editors_write_them_build;
    a_day_that_could_be_a_month_is_a_warning_saying_how_it_is_read;
    a_wrong_kind_or_level_lists_the_vietnamese_names;
    spellings_that_split_an_index_are_named_with_counts_and_the_alias_line;
    a_misspelt_name_in_a_site_template_is_an_error_with_file_and_line;
}

const WRITTEN: &str = "---
title: Báo cáo viết như ở văn phòng
kind: Báo cáo
date: ngày 02 tháng 11 năm 2022
unit: UBND huyện Đồng Văn
period: { from: 15/10/2022, to: 31-10-2022 }
deadlines:
  - { date: Ngày 15 tháng 12 năm 2022, what: Gửi tổng hợp }
  - { date: ngay 20 thang 12 nam 2022, what: Gửi bổ sung }
---
Thân văn bản.
";

fn dates_kinds_and_levels_as_editors_write_them_build() {
    let mut t = SiteTest::new("basic");
    t.lang = Some("en"); // the English messages, checked word for word
    t.write("content/2022/van-phong.md", WRITTEN);
    t.write(
        "content/2022/khong-dau.md",
        "---\ntitle: Kế hoạch không dấu\nkind: ke hoach\ndate: 23/9/2022\nunit: UBND huyện Đồng Văn\n---\nThân.\n",
    );
    t.write(
        "content/2022/thang.md",
        "---\ntitle: Chương trình tháng\nkind: CHƯƠNG TRÌNH\ndate: tháng 9 năm 2022\nunit: UBND huyện Đồng Văn\n---\nThân.\n",
    );
    t.write(
        "content/2022/thang-so.md",
        "---\ntitle: Hướng dẫn tháng\nkind: huong-dan\ndate: 9/2022\nunit: UBND huyện Đồng Văn\n---\nThân.\n",
    );
    let units = std::fs::read_to_string(t.root.join("content/units.yaml")).unwrap();
    t.write(
        "content/units.yaml",
        &units
            .replace("level: district", "level: huyện")
            .replace("level: province", "level: Tỉnh")
            .replace("until: 2025-06-30", "until: 30/6/2025"),
    );
    t.build();
    let stderr = t.stderr();
    assert!(
        !stderr.contains("warning"),
        "no warnings in the build: {stderr}"
    );
    assert!(
        !stderr.contains("note"),
        "notes are for check only: {stderr}"
    );

    let page = t.main_of("2022/van-phong/index.html");
    assert!(page.contains("ngày 02 tháng 11 năm 2022"), "{page}");
    assert!(page.contains("15/12/2022"), "the deadline is read: {page}");
    assert!(t.exists("loai/bao-cao/index.html"));
    let kinds = t.main_of("loai/chuong-trinh/index.html");
    assert!(kinds.contains("Chương trình tháng"), "{kinds}");
    let guides = t.main_of("loai/huong-dan/index.html");
    assert!(guides.contains("Hướng dẫn tháng"), "{guides}");

    // `check` shows each non-ISO date's canonical form, as notes that are no problem.
    let out = t.run(&["check", "--today", "23/11/2026"]);
    assert!(out.status.success());
    let report = t.stderr();
    for (written, iso) in [
        ("ngày 02 tháng 11 năm 2022", "2022-11-02"),
        ("15/10/2022", "2022-10-15"),
        ("31-10-2022", "2022-10-31"),
        ("Ngày 15 tháng 12 năm 2022", "2022-12-15"),
        ("23/9/2022", "2022-09-23"),
        ("tháng 9 năm 2022", "2022-09"),
        ("9/2022", "2022-09"),
    ] {
        assert!(
            report.contains(&format!("note BT032: `{written}` is read as"))
                && report.contains(&format!("the canonical form is `{iso}`")),
            "{written}: {report}"
        );
    }
    assert!(
        report.contains("content/2022/khong-dau.md:4:7: note BT032: `23/9/2022` is read as ngày 23 tháng 9 năm 2022 — the canonical form is `2022-09-23`"),
        "{report}"
    );
    assert!(report.contains("0 errors, 0 warnings, 8 notes"), "{report}");
}

fn a_day_that_could_be_a_month_is_a_warning_saying_how_it_is_read() {
    let mut t = SiteTest::new("basic");
    t.lang = Some("en"); // the English messages, checked word for word
    t.write(
        "content/2022/mo-ho.md",
        "---\ntitle: Ngày mơ hồ\nkind: plan\ndate: 03/04/2022\nunit: UBND huyện Đồng Văn\n---\nThân.\n",
    );
    t.build();
    let stderr = t.stderr();
    assert!(
        stderr.contains("content/2022/mo-ho.md:4:7: warning BT020: `03/04/2022` is read day first, as ngày 03 tháng 4 năm 2022 (2022-04-03) — write `2022-04-03` to leave no doubt"),
        "{stderr}"
    );
    let page = t.main_of("2022/mo-ho/index.html");
    assert!(page.contains("ngày 03 tháng 4 năm 2022"), "{page}");
}

fn a_wrong_kind_or_level_lists_the_vietnamese_names() {
    let mut t = SiteTest::new("basic");
    t.lang = Some("en"); // the English messages, checked word for word
    t.write(
        "content/2022/sai.md",
        "---\ntitle: Sai loại\nkind: kế hoạc\ndate: 2022-01-01\nunit: UBND huyện Đồng Văn\n---\n",
    );
    let units = std::fs::read_to_string(t.root.join("content/units.yaml")).unwrap();
    t.write(
        "content/units.yaml",
        &units.replacen("level: district", "level: thôn", 1),
    );
    let err = t.build_fails();
    assert!(
        err.contains("error BT021: `kế hoạc` is not a kind of document — did you mean `kế hoạch`? The kinds are: plan (kế hoạch), report (báo cáo)"),
        "{err}"
    );
    assert!(
        err.contains("error BT047: `thôn` is not a level of unit — write one of: tỉnh, huyện, xã"),
        "{err}"
    );
}

fn doc(title: &str, unit: &str, campaign: &str) -> String {
    format!(
        "---\ntitle: {title}\nkind: plan\ndate: 2022-05-01\nunit: {unit}\ncampaigns: [{campaign}]\n---\nThân.\n"
    )
}

fn spellings_that_split_an_index_are_named_with_counts_and_the_alias_line() {
    let mut t = SiteTest::new("basic");
    t.lang = Some("en"); // the English messages, checked word for word
    t.write(
        "content/2022/a.md",
        &doc("A", "UBND huyện Đồng Vân", "Dân vận khẻo"),
    );
    t.write(
        "content/2022/b.md",
        &doc("B", "UBND huyện Đồng Vân", "Dân vận khéo"),
    );
    t.write(
        "content/2022/c.md",
        &doc("C", "UBND huyện Mèo Vạc", "Dân vận khéo"),
    );
    t.write(
        "content/2022/d.md",
        &doc("D", "UBND huyện Mèo Vạc", "Thi đua yêu nước"),
    );
    t.build();
    let stderr = t.stderr();
    assert!(
        stderr.contains("content/2022/a.md:5:7: warning BT051: the unit names `UBND huyện Đồng Vân` (2 documents) and `UBND huyện Đồng Văn` (2 documents) differ only in diacritics: the site shows them as two units — if they are the same unit, give `Ủy ban nhân dân huyện Đồng Văn` in units.yaml the line `aliases: [UBND huyện Đông Văn, UBND huyện Đồng Vân]`; otherwise correct the spelling"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/2022/a.md:6:13: warning BT051: the campaign names `Dân vận khẻo` (1 document) and `Dân vận khéo` (4 documents) differ only in diacritics: the site shows them as two campaigns — if they are the same campaign, give `Dân vận khéo` in campaigns.yaml the line `aliases: [Năm dân vận khéo, Dân vận khẻo]`; otherwise correct the spelling"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("warning BT051:").count(), 2, "{stderr}");

    // Without registries, two spellings in documents only: the more used one is kept.
    t.remove("content/campaigns.yaml");
    t.build();
    let stderr = t.stderr();
    assert!(
        stderr.contains("the campaign names `Dân vận khẻo` (1 document) and `Dân vận khéo` (3 documents) differ only in diacritics: the site shows them as two campaigns — if they are the same campaign, add to campaigns.yaml the line `- { name: Dân vận khéo, aliases: [Dân vận khẻo] }`"),
        "{stderr}"
    );

    // The alias line as given joins them: the warning goes, the index is one.
    let units = std::fs::read_to_string(t.root.join("content/units.yaml")).unwrap();
    t.write(
        "content/units.yaml",
        &units.replace(
            "aliases: [UBND huyện Đông Văn]",
            "aliases: [UBND huyện Đông Văn, UBND huyện Đồng Vân]",
        ),
    );
    t.write(
        "content/campaigns.yaml",
        "- { name: Dân vận khéo, aliases: [Dân vận khẻo] }\n",
    );
    t.build();
    let stderr = t.stderr();
    assert!(!stderr.contains("differ"), "{stderr}");
    assert!(!t.exists("don-vi/ubnd-huyen-dong-van-2/index.html"));

    // `check` also names units and campaigns no registry lists, with the line to add.
    t.run(&["check"]);
    let report = t.stderr();
    assert!(
        report.contains("content/2022/d.md:5:7: warning BT052: `UBND huyện Mèo Vạc` (2 documents) is not in units.yaml — add the line `- { name: UBND huyện Mèo Vạc }` to units.yaml, or write the name as units.yaml lists it"),
        "{report}"
    );
    assert!(
        report.contains("warning BT052: `Thi đua yêu nước` (1 document) is not in campaigns.yaml"),
        "{report}"
    );
}

fn a_misspelt_name_in_a_site_template_is_an_error_with_file_and_line() {
    let mut t = SiteTest::new("basic");
    t.lang = Some("en"); // the English messages, checked word for word
    t.build();
    let before = t.output_files();
    let base = std::fs::read_to_string(repo().join("themes/default/templates/base.html")).unwrap();
    let line = base
        .lines()
        .position(|l| l.contains("og:site_name"))
        .expect("the theme names the site")
        + 1;
    t.write(
        "templates/base.html",
        &base.replacen(
            "content=\"{{ site.title }}\"",
            "content=\"{{ site.titel }}\"",
            1,
        ),
    );
    let err = t.build_fails();
    assert!(
        err.contains(&format!(
            "templates/base.html:{line}:43: error BT077: `site.titel` is not defined — check the spelling"
        )),
        "{err}"
    );
    assert!(err.contains("site.titel"), "the line is shown: {err}");
    assert_eq!(before, t.output_files(), "the previous site stays");
}
