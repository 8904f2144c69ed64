//! The keys the index holds, and the files it is written in.

use unicode_normalization::UnicodeNormalization;

use super::*;

#[test]
fn syllables_are_indexed_folded_and_as_written() {
    let docs = [doc("a", "Đảng ủy xã", "Dân vận khéo")];
    let out = build_index(&docs);
    for key in [
        "dang", "đảng", "uy", "ủy", "dan", "dân", "van", "vận", "kheo", "khéo",
    ] {
        assert!(has_key(&out, "u", key), "{key}");
    }
    // A syllable without marks is only indexed once, as its fold.
    assert!(has_key(&out, "u", "xa") && has_key(&out, "u", "xã"));
    assert!(
        !keys(&out, "u")
            .iter()
            .any(|k| k.0.chars().any(char::is_uppercase))
    );
}

#[test]
fn nfd_input_gives_the_same_index() {
    let nfd_title: String = "Đảng ủy Đồng Văn".nfd().collect();
    let nfd_text: String = "Tháng dân vận khéo".nfd().collect();
    let a = build_index(&[doc("a", "Đảng ủy Đồng Văn", "Tháng dân vận khéo")]);
    let b = build_index(&[doc("a", &nfd_title, &nfd_text)]);
    assert_eq!(keys(&a, "u"), keys(&b, "u"));
    assert_eq!(keys(&a, "b"), keys(&b, "b"));
}

#[test]
fn bigrams_join_adjacent_syllables_only() {
    let out = build_index(&[doc(
        "a",
        "Kế hoạch",
        "thi đua “Dân vận khéo”. Năm 2023, 138-KH/HU",
    )]);
    for key in [
        "thi dua", "dua dan", "dan van", "van kheo", "nam 2023", "138 kh", "kh hu", "ke hoach",
    ] {
        assert!(has_key(&out, "b", key), "{key}");
    }
    for key in ["kheo nam", "2023 138"] {
        assert!(!has_key(&out, "b", key), "{key}");
    }
}

#[test]
fn numbers_are_indexed_whole_and_in_parts() {
    let mut d = doc(
        "a",
        "Triển khai",
        "Thực hiện Kế hoạch số 05/KH‑UBND ngày 11/01/2022 và 27-NQ/TU.",
    );
    d.number = Some("138 – KH / HU");
    let out = build_index(&[d]);
    for key in [
        "138-kh/hu",
        "138",
        "kh",
        "hu",
        "5/kh-ubnd",
        "5",
        "ubnd",
        "27-nq/tu",
    ] {
        assert!(has_key(&out, "u", key), "{key}");
    }
    assert!(!has_key(&out, "u", "05") && !has_key(&out, "u", "11/1/2022"));
    // The number field is indexed as "Kế hoạch 138-KH/HU" and "Kế hoạch số 138-KH/HU".
    assert!(has_key(&out, "b", "hoach 138") && has_key(&out, "b", "so 138"));
}

#[test]
fn output_is_deterministic() {
    let texts = [
        "Dân vận khéo",
        "Tháng dân vận năm 2022",
        "Kế hoạch số 138-KH/HU",
        "Đảng ủy xã",
        "Công tác dân vận",
    ];
    let urls = ["a", "b", "c", "d", "e"];
    let mut docs: Vec<SearchDoc> = texts.iter().zip(&urls).map(|(t, u)| doc(u, t, t)).collect();
    for (i, d) in docs.iter_mut().enumerate() {
        d.date_sort = 20220101 + i as u32;
    }
    let a = build_index(&docs);
    // Newest first whatever the order given.
    docs.reverse();
    let b = build_index(&docs);
    assert_eq!(a.files, b.files);
    assert_eq!(
        a.total_bytes,
        a.files.iter().map(|f| f.1.len()).sum::<usize>()
    );
    assert!(
        a.files
            .iter()
            .all(|f| f.0.starts_with("search/") && f.0.ends_with(".js"))
    );
    assert_eq!(
        a.first_load_bytes,
        a.files
            .iter()
            .find(|f| f.0 == "search/meta.js")
            .unwrap()
            .1
            .len()
    );
}

#[test]
fn no_documents_is_an_empty_index() {
    let out = build_index(&[]);
    let meta = data(&out, "search/meta.js");
    assert_eq!(meta["n"], 0);
    assert!(
        out.files.iter().any(|f| f.0 == "search/u-0.js")
            && out.files.iter().any(|f| f.0 == "search/w-0.js")
    );
}

#[test]
fn shards_stay_near_their_target_size() {
    let docs = corpus(3000);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let out = build_index(&views);
    for (path, bytes) in &out.files {
        let limit = if path.starts_with("search/u-") || path.starts_with("search/b-") {
            // One shard may hold a single key larger than the target: at most a byte or two per document.
            (64 << 10).max(2 * views.len() + 1024)
        } else if path.starts_with("search/d-") {
            BLOCK * 2048
        } else {
            64 << 10
        };
        assert!(bytes.len() <= limit, "{path}: {} bytes", bytes.len());
    }
    // The first load grows by a few bytes a document.
    assert!(
        out.first_load_bytes < 64 + 12 * views.len(),
        "meta.js: {} bytes",
        out.first_load_bytes
    );
    // Dense keys (in more than half of the documents) are stored as the documents without them.
    let dan = keys(&out, "u").into_iter().find(|k| k.0 == "dan").unwrap();
    let body = dan.1.split('~').next().unwrap();
    assert!(body.starts_with('!') && body.len() < 100, "{body}");
}
