//! Who owes a deadline and whether it was met: shown in `serve`, `bantin check` and
//! `bantin deadlines`; on the built site only with `deadline_status: public`.

use crate::support::{SiteTest, TODAY};

crate::tests! {
    the_built_site_names_who_owes_a_deadline_but_not_whether_it_was_met;
    a_report_meets_only_what_its_own_unit_owes_and_only_in_time;
    the_staff_report_lists_who_owes_what_in_text_csv_and_json;
    a_deadline_owed_by_an_unknown_unit_is_an_error_at_its_line;
}

/// A district plan whose deadline its communes owe, and a report by the district itself.
fn district_plan() -> SiteTest {
    let mut t = SiteTest::new("basic");
    t.write(
        "content/units.yaml",
        &format!(
            "{}- name: Ủy ban nhân dân xã Lũng Cú\n  short: UBND xã Lũng Cú\n  parent: Ủy ban nhân dân huyện Đồng Văn\n  level: commune\n",
            t.read_source("content/units.yaml")
        ),
    );
    t.write(
        "content/2023/ke-hoach-xa.md",
        "---\ntitle: Kế hoạch tuyên truyền\nnumber: 50/KH-UBND\ndate: 2023-03-01\nunit: UBND huyện Đồng Văn\n\
         recipients: [UBND xã Lũng Cú]\nperiod: { from: 2023-03-01, to: 2023-06-30 }\ndeadlines:\n\
         \x20 - { date: 2023-07-05, what: Các xã báo cáo kết quả, by: recipients }\n\
         \x20 - { date: 2023-07-10, what: Huyện tổng hợp báo cáo tỉnh, by: [UBND huyện Đồng Văn] }\n\
         \x20 - { date: 2023-07-15, what: Tổng kết }\n---\nNội dung.\n",
    );
    // The district reports on its own plan, on time: that meets its own deadline only.
    t.write(
        "content/2023/bao-cao-huyen.md",
        "---\ntitle: Báo cáo kết quả\nnumber: 60/BC-UBND\ndate: 2023-07-08\nunit: UBND huyện Đồng Văn\nreports_on: 50/KH-UBND\n---\nBáo cáo.\n",
    );
    t
}

fn the_built_site_names_who_owes_a_deadline_but_not_whether_it_was_met() {
    let mut t = district_plan();
    t.build();
    let plan = t.main_of("2023/ke-hoach-xa/index.html");
    assert!(plan.contains("Đơn vị thực hiện"), "who owes it: {plan}");
    assert!(
        plan.contains("UBND xã Lũng Cú") && plan.contains("don-vi/ubnd-xa-lung-cu/"),
        "{plan}"
    );
    for status in ["status-", "Quá hạn", "chưa có báo cáo", "đúng hạn"] {
        assert!(
            !plan.contains(status),
            "no status on the built site: {status}"
        );
    }
    let district = t.main_of("don-vi/ubnd-huyen-dong-van/index.html");
    assert!(!district.contains("Quá hạn"), "{district}");
    let page = t.main_of("thoi-han/index.html");
    assert!(!page.contains("status-"), "{page}");
}

fn a_report_meets_only_what_its_own_unit_owes_and_only_in_time() {
    let mut t = district_plan();
    let site = t.read_source("content/site.yaml");
    t.write(
        "content/site.yaml",
        &format!("{site}deadline_status: public\n"),
    );
    t.build();
    let plan = t.main_of("2023/ke-hoach-xa/index.html");
    let commune = plan.find("Các xã báo cáo kết quả").unwrap();
    let district = plan.find("Huyện tổng hợp báo cáo tỉnh").unwrap();
    let (commune, district) = (&plan[commune..district], &plan[district..]);
    assert!(
        commune.contains("Quá hạn, chưa có báo cáo"),
        "the district's report is not the commune's: {commune}"
    );
    assert!(district.contains("Đã báo cáo đúng hạn"), "{district}");
    let commune_page = t.main_of("don-vi/ubnd-xa-lung-cu/index.html");
    assert!(
        commune_page.contains("Các xã báo cáo kết quả"),
        "the commune owes it: {commune_page}"
    );
    let district_page = t.main_of("don-vi/ubnd-huyen-dong-van/index.html");
    assert!(
        !district_page.contains("Các xã báo cáo kết quả"),
        "the district does not: {district_page}"
    );

    // A report dated before the plan's period is not a report on time.
    t.write(
        "content/2023/bao-cao-huyen.md",
        "---\ntitle: Báo cáo kết quả\nnumber: 60/BC-UBND\ndate: 2023-02-01\nunit: UBND huyện Đồng Văn\nreports_on: 50/KH-UBND\n---\nBáo cáo.\n",
    );
    t.build();
    let plan = t.main_of("2023/ke-hoach-xa/index.html");
    assert!(!plan.contains("Đã báo cáo đúng hạn"), "{plan}");
}

fn the_staff_report_lists_who_owes_what_in_text_csv_and_json() {
    let mut t = district_plan();
    let text = t.run(&["deadlines", "--today", TODAY]);
    assert!(
        text.status.success(),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let overdue = text.find("QUÁ HẠN, CHƯA CÓ BÁO CÁO").expect(&text);
    let done = text.find("ĐÃ BÁO CÁO ĐÚNG HẠN").expect(&text);
    assert!(overdue < done, "overdue first: {text}");
    assert!(
        text.contains("UBND xã Lũng Cú: Các xã báo cáo kết quả"),
        "{text}"
    );
    assert!(text.contains("→ Báo cáo số 60/BC-UBND"), "{text}");
    assert!(text.contains("CHƯA GHI ĐƠN VỊ THỰC HIỆN"), "{text}");

    let csv = t.run(&["deadlines", "--today", TODAY, "--format", "csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    assert!(
        csv.starts_with("\u{feff}Hạn,Tình trạng,Đơn vị thực hiện,"),
        "{csv}"
    );
    assert!(
        csv.contains("2023-07-05,\"Quá hạn, chưa có báo cáo\",UBND xã Lũng Cú,"),
        "{csv}"
    );

    let json = t.run(&["deadlines", "--today", "2023-07-01", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let commune = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["date"] == "2023-07-05")
        .expect("the commune's deadline");
    assert_eq!(
        commune["status"], "pending",
        "not due yet on 2023-07-01: {rows}"
    );
    assert_eq!(commune["owner"], "UBND xã Lũng Cú");

    // `check` names what is overdue.
    let check = t.run(&["check", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("UBND xã Lũng Cú: Các xã báo cáo kết quả"),
        "{stderr}"
    );
}

fn a_deadline_owed_by_an_unknown_unit_is_an_error_at_its_line() {
    let mut t = SiteTest::new("basic");
    t.write(
        "content/2023/ke-hoach.md",
        "---\ntitle: Kế hoạch\nkind: plan\ndate: 2023-03-01\nunit: UBND huyện Đồng Văn\ndeadlines:\n  - { date: 2023-07-05, what: Báo cáo, by: [UBND huyện Đồng Vân] }\n  - { date: 2023-07-06, what: Báo cáo, by: recipients }\n---\n",
    );
    let err = t.build_fails();
    assert!(err.contains("content/2023/ke-hoach.md:7:45: lỗi BT151: `UBND huyện Đồng Vân` trong `by` không phải một đơn vị của trang — có phải ý bạn là `UBND huyện Đồng Văn`?"), "{err}");
    assert!(
        err.contains("lỗi BT150: Thời hạn giao cho `recipients` (nơi nhận), nhưng văn bản chưa ghi nơi nhận nào"),
        "{err}"
    );
}
