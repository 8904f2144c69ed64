//! search.js reads queries as the index reads documents: folds, tokens and dates.

use unicode_normalization::UnicodeNormalization;

use super::*;
use crate::vi;

#[test]
fn fold_is_the_same_in_search_js() {
    let mut pairs = Vec::new();
    let letters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵdđ";
    for c in letters.chars().chain(letters.to_uppercase().chars()) {
        let s = c.to_string();
        pairs.push((s.clone(), vi::fold(&s)));
        let nfd: String = s.nfd().collect();
        pairs.push((nfd.clone(), vi::fold(&nfd)));
    }
    for s in [
        "Dân vận khéo",
        "ĐẢNG ỦY Đồng Văn",
        "Thuỷ Hoà",
        "138-KH/HU",
        "Kế hoạch số 05/KH‑UBND",
    ] {
        pairs.push((s.to_string(), vi::fold(s)));
    }
    assert_eq!(pairs.len(), 2 * 2 * 74 + 5);
    let file = std::env::temp_dir().join(format!("bantin-fold-pairs-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_vec(&pairs).unwrap()).unwrap();
    let result = node(&[Path::new("--fold"), &file]);
    std::fs::remove_file(&file).unwrap();
    if let Some(r) = result {
        assert_eq!(r["mismatches"], serde_json::json!([]), "{r}");
        assert_eq!(r["checked"], pairs.len());
    }
}

/// The query tokeniser in search.js agrees with token.rs: words, folds, links and numbers.
#[test]
fn tokens_are_the_same_in_search_js() {
    #[derive(Default)]
    struct Collect(Vec<(String, String, bool)>, Vec<String>);
    impl token::Sink for Collect {
        fn token(&mut self, written: &str, linked: bool) {
            self.0
                .push((written.to_string(), vi::fold(written), linked));
        }
        fn number(&mut self, number: &str) {
            self.1.push(vi::fold(number));
        }
    }
    let texts = [
        "Dân vận khéo",
        "Thực hiện Kế hoạch số 138-KH/HU ngày 23/8/2022; 05/KH‑UBND.",
        "thi đua “Dân vận KHÉO”, năm 2023… Hà-Giang | 27–CTr/TU",
        "Nghị quyết 09-NQ/TW (ngày 15/10/1930-15/10/2022) covid-19 0005",
        "ĐẢNG ỦY xã Đồng Văn: 217-QĐ/TW, 34/2007/PL-UBTVQH11",
        "Thuỷ Hoà İstanbul Ωmega ½ ²",
    ];
    let nfd: String = texts[0].nfd().collect();
    let mut cases = Vec::new();
    for t in texts.iter().copied().chain([nfd.as_str()]) {
        let mut c = Collect::default();
        token::scan(t, &mut c);
        cases.push(serde_json::json!([
            t,
            c.0.iter()
                .map(|x| serde_json::json!([x.0, x.1, x.2]))
                .collect::<Vec<_>>(),
            c.1
        ]));
    }
    let file = std::env::temp_dir().join(format!("bantin-tokens-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_vec(&cases).unwrap()).unwrap();
    let result = node(&[Path::new("--tokens"), &file]);
    std::fs::remove_file(&file).unwrap();
    if let Some(r) = result {
        assert_eq!(r["mismatches"], serde_json::json!([]), "{r}");
        assert_eq!(r["checked"], cases.len());
    }
}

/// The dates search.js reads in a query are the keys the index gives dates (`dates::key`).
#[test]
fn query_dates_are_the_index_date_keys() {
    // (query, the dates it holds as year, month, day, the other words folded)
    type Case<'a> = (&'a str, &'a [(u32, u32, u32)], &'a [&'a str]);
    let cases: &[Case] = &[
        ("2022", &[(2022, 0, 0)], &[]),
        ("năm 2022", &[(2022, 0, 0)], &[]),
        ("10/2022", &[(2022, 10, 0)], &[]),
        ("tháng 10 năm 2022", &[(2022, 10, 0)], &[]),
        ("thang 10 2022", &[(2022, 10, 0)], &[]),
        ("Tháng 10/2022", &[(2022, 10, 0)], &[]),
        ("23/8/2022", &[(2022, 8, 23)], &[]),
        ("23 - 08 - 2022", &[(2022, 8, 23)], &[]),
        ("ngày 23 tháng 8 năm 2022", &[(2022, 8, 23)], &[]),
        ("ngay 23 thang 8 nam 2022", &[(2022, 8, 23)], &[]),
        ("dân vận 10/2022", &[(2022, 10, 0)], &["dan", "van"]),
        (
            "kế hoạch tháng 9 năm 2021 Hà Giang",
            &[(2021, 9, 0)],
            &["ke", "hoach", "ha", "giang"],
        ),
        // Not dates: numbers inside document numbers, impossible days and months.
        ("04/2015/NĐ-CP", &[], &["4", "2015", "nd", "cp"]),
        (
            "34/2007/PL-UBTVQH11",
            &[],
            &["34", "2007", "pl", "ubtvqh11"],
        ),
        ("13/2022", &[], &["13", "2022"]),
        ("32/1/2022", &[], &["32", "1", "2022"]),
        ("kế hoạch 159", &[], &["ke", "hoach", "159"]),
    ];
    let json: Vec<Value> = cases
        .iter()
        .map(|(q, ymd, words)| {
            let keys: Vec<String> = ymd.iter().map(|&(y, m, d)| dates::key(y, m, d)).collect();
            serde_json::json!([q, keys, words])
        })
        .collect();
    let file = std::env::temp_dir().join(format!("bantin-dates-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_vec(&json).unwrap()).unwrap();
    let result = node(&[Path::new("--dates"), &file]);
    std::fs::remove_file(&file).unwrap();
    if let Some(r) = result {
        assert_eq!(r["mismatches"], serde_json::json!([]), "{r}");
        assert_eq!(r["checked"], cases.len());
    }
}
