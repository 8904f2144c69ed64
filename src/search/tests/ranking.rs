//! Queries run through search.js: what each finds, in what order.

use super::*;

#[test]
fn documents_are_found_by_signer_place_cited_number_and_date() {
    let mut signed = doc("signed", "Triển khai tháng dân vận", "Nội dung.");
    signed.signer_name = "Trương Huy Huân";
    signed.place = "Hà Giang";
    signed.cited = vec!["246/KH-UBND"];
    signed.period = Some((20221001, 20221031));
    signed.deadlines = vec![(20221103, "Báo cáo kết quả")];
    let mut own = doc("own", "Kế hoạch khác", "Nội dung khác.");
    own.number = Some("246/KH-UBND");
    own.date_sort = 20210927;
    let mut other = doc("other", "Kế hoạch năm", "Trương Văn Huân, Hà Nội.");
    other.date_sort = 20220115;
    other.period = Some((20220101, 20221231));
    let docs = [signed, own, other];
    let out = build_index(&docs);
    let Some(found) = search(
        &out,
        "fields",
        &[
            ("truong huy huan", no_filter()),
            ("Hà Giang", no_filter()),
            ("246/KH-UBND", no_filter()),
            ("tháng 10 năm 2022", no_filter()),
            ("3/11/2022", no_filter()),
            ("27/9/2021", no_filter()),
        ],
    ) else {
        return;
    };
    assert_eq!(found[0], ["signed"], "the signer");
    assert_eq!(found[1], ["signed"], "the place");
    assert_eq!(
        found[2],
        ["own", "signed"],
        "its own number first, then a citing one"
    );
    assert_eq!(
        found[3][..2],
        ["signed", "other"],
        "a month-long period, then a year-long one"
    );
    assert_eq!(found[4], ["signed"], "a deadline");
    assert_eq!(found[5], ["own"], "a day");
}

#[test]
fn queries_rank_phrases_exact_marks_and_numbers() {
    let mut docs = vec![
        doc(
            "phrase",
            "Báo cáo",
            "Kết quả phong trào thi đua Dân vận khéo của huyện.",
        ),
        doc(
            "apart",
            "Báo cáo",
            "Công tác dân tộc; vận động nhân dân; cách làm khéo léo trong năm.",
        ),
        doc(
            "dang",
            "Công tác xây dựng Đảng",
            "Nghị quyết của Đảng về công tác dân vận.",
        ),
        doc(
            "dang-only",
            "Tình hình",
            "Các xã đang triển khai, đang thực hiện, đang tổng hợp.",
        ),
        doc("plan", "Triển khai Tháng dân vận", "Nội dung kế hoạch."),
        doc(
            "cites",
            "Báo cáo kết quả",
            "Thực hiện Kế hoạch số 159-KH/HU của Huyện ủy.",
        ),
    ];
    docs[4].number = Some("159-KH/HU");
    docs[4].kind = "plan";
    docs[4].unit_key = "huyen-uy-tam-duong";
    docs[4].unit_name = "Huyện ủy Tam Đường";
    docs[4].year = 2023;
    for d in &mut docs[..4] {
        d.kind = "report";
        d.kind_label = "Báo cáo";
    }
    let queries = [
        ("dan van kheo", no_filter()),
        ("Đảng", no_filter()),
        ("đang", no_filter()),
        ("159-KH/HU", no_filter()),
        ("159 kh hu", no_filter()),
        ("kế hoạch 159", no_filter()),
        ("159/KH", no_filter()),
        ("thang dan v", no_filter()),
        ("tam đ", no_filter()),
        ("dân", serde_json::json!({ "nam": "2023" })),
        (
            "",
            serde_json::json!({ "loai": "plan", "don-vi": "huyen-uy-tam-duong" }),
        ),
    ];
    let Some(r) = search(&build_index(&docs), "rank", &queries) else {
        return;
    };
    assert_eq!(
        r[0][0], "phrase",
        "the phrase outranks the words apart: {:?}",
        r[0]
    );
    assert!(r[0].contains(&"apart".to_string()));
    assert_eq!(r[1][0], "dang", "{:?}", r[1]);
    assert!(r[1].iter().position(|u| u == "dang") < r[1].iter().position(|u| u == "dang-only"));
    assert_eq!(r[2][0], "dang-only", "{:?}", r[2]);
    for (i, q) in queries.iter().enumerate().skip(3).take(4) {
        assert_eq!(r[i][0], "plan", "{}: {:?}", q.0, r[i]);
        assert!(r[i].len() <= 2);
    }
    assert_eq!(r[7][0], "plan", "prefix: {:?}", r[7]);
    assert_eq!(r[8], ["plan"], "prefix of a unit: {:?}", r[8]);
    assert_eq!(r[9], ["plan"], "year filter");
    assert_eq!(r[10], ["plan"], "filters alone");
}
