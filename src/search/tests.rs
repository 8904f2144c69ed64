//! Tests of the search index; queries run through the real search.js in node
//! (tests/search/run_queries.js), skipped with a message where node is missing, unless CI=true.

use std::path::{Path, PathBuf};

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::*;
use crate::vi;

fn doc<'a>(url: &'a str, title: &'a str, text: &'a str) -> SearchDoc<'a> {
    SearchDoc {
        url,
        title,
        number: None,
        kind: "plan",
        kind_label: "Kế hoạch",
        unit_key: "ubnd-huyen-meo-vac",
        unit_name: "UBND huyện Mèo Vạc",
        campaigns: vec![],
        year: 2022,
        date_sort: 20220101,
        date_text: "01/01/2022",
        summary: "",
        text,
        signer_name: "",
        signer_title: "",
        place: "",
        recipients: vec![],
        cited: vec![],
        period: None,
        deadlines: vec![],
        body_len: text.len(),
    }
}

/// The data of a file `bantinSearch.add("name", DATA);`.
fn data(out: &SearchOutput, path: &str) -> Value {
    let (_, bytes) = out
        .files
        .iter()
        .find(|f| f.0 == path)
        .unwrap_or_else(|| panic!("no {path}"));
    let js = std::str::from_utf8(bytes).unwrap();
    let start = js.find(',').unwrap() + 1;
    let end = js.rfind(");").unwrap();
    serde_json::from_str(&js[start..end]).unwrap()
}

/// Every key of the unigram (`u`) or bigram (`b`) shards, with its posting list.
fn keys(out: &SearchOutput, space: &str) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for (path, _) in out
        .files
        .iter()
        .filter(|f| f.0.starts_with(&format!("search/{space}-")))
    {
        for (k, v) in data(out, path).as_object().unwrap() {
            all.push((k.clone(), v.as_str().unwrap().to_string()));
        }
    }
    all
}

fn has_key(out: &SearchOutput, space: &str, key: &str) -> bool {
    keys(out, space).iter().any(|k| k.0 == key)
}

fn write(out: &SearchOutput, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bantin-search-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, bytes) in &out.files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/run_queries.js")
}

/// Runs node on `args`; None (and a message) when node is missing, outside CI.
#[allow(clippy::print_stderr)]
fn node(args: &[&Path]) -> Option<Value> {
    match std::process::Command::new("node")
        .arg(script())
        .args(args)
        .output()
    {
        Ok(o) => {
            assert!(
                o.status.success() || !o.stdout.is_empty(),
                "node failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            Some(serde_json::from_slice(&o.stdout).expect("JSON from run_queries.js"))
        }
        Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("skipped: node is not available ({e})");
            None
        }
        Err(e) => panic!("node is needed for the search tests: {e}"),
    }
}

/// The URLs each query finds, best first.
fn search(out: &SearchOutput, name: &str, queries: &[(&str, Value)]) -> Option<Vec<Vec<String>>> {
    let dir = write(out, name);
    let list: Vec<Value> = queries
        .iter()
        .map(|(q, f)| serde_json::json!({ "q": q, "filters": f }))
        .collect();
    let qfile = dir.join("queries.json");
    std::fs::write(&qfile, serde_json::to_vec(&list).unwrap()).unwrap();
    let result = node(&[&dir, &qfile]);
    std::fs::remove_dir_all(&dir).unwrap();
    let result = result?;
    Some(
        result
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["urls"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u.as_str().unwrap().to_string())
                    .collect()
            })
            .collect(),
    )
}

fn no_filter() -> Value {
    serde_json::json!({})
}

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

/// A corpus of `n` documents from a small vocabulary, each with its own rare words.
fn corpus(n: usize) -> Vec<(String, String, String)> {
    const WORDS: &[&str] = &[
        "dân", "vận", "khéo", "công", "tác", "chính", "quyền", "năm", "tháng", "kế", "hoạch",
        "báo", "cáo", "triển", "khai", "thực", "hiện", "mô", "hình", "đảng", "ủy", "xã", "huyện",
        "tỉnh", "đồng", "văn", "phong", "trào", "thi", "đua", "nhân", "dân", "cán", "bộ", "đoàn",
        "thể", "mặt", "trận", "tổ", "quốc",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|i| {
            let words: Vec<&str> = (0..400)
                .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
                .collect();
            (
                format!("{}/doc-{i}/index.html", 2015 + i % 10),
                format!("Văn bản {i} {}", words[..6].join(" ")),
                words.join(" "),
            )
        })
        .collect()
}

#[test]
fn an_index_merged_a_chunk_at_a_time_is_the_index_built_at_once() {
    let docs = corpus(300);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let whole = build_index(&views);
    let all: Vec<&SearchDoc> = views.iter().collect();
    let mut builder = IndexBuilder::new(&all);
    let norms = builder.norms();
    // Waves and chunks of uneven sizes, as a build of any size cuts them.
    for wave in all.chunks(70) {
        builder.merge(
            wave.chunks(16)
                .map(|c| IndexBuilder::tokenize(norms, c))
                .collect(),
        );
    }
    assert_eq!(builder.finish(&all).files, whole.files);
}

#[test]
fn counts_kept_and_read_back_give_the_same_index() {
    let docs = corpus(200);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let whole = build_index(&views);
    let mut all: Vec<&SearchDoc> = views.iter().collect();
    all.sort_by_key(|d| std::cmp::Reverse(d.date_sort));
    let mut builder = IndexBuilder::new(&all);
    let norms = builder.norms();
    let kept: Vec<Vec<u8>> = all
        .chunks(64)
        .map(|c| postcard::to_stdvec(&Counted::of(c)).unwrap())
        .collect();
    let read: Vec<Counted> = kept
        .iter()
        .map(|bytes| postcard::from_bytes(bytes).unwrap())
        .collect();
    assert!(read.iter().all(Counted::sound));
    builder.merge(read.into_iter().map(|c| c.weigh(norms)).collect());
    assert_eq!(builder.finish(&all).files, whole.files);

    // Counts whose ids point outside their chunk are not sound, and are refused as they are
    // read; a record cut short does not read.
    let refused = |bad: &Counted| {
        !bad.sound() && postcard::from_bytes::<Counted>(&postcard::to_stdvec(bad).unwrap()).is_err()
    };
    let mut bad: Counted = postcard::from_bytes(&kept[0]).unwrap();
    bad.counts.break_a_key();
    assert!(refused(&bad));
    // Nor are words that end inside a letter.
    let mut bad: Counted = postcard::from_bytes(&kept[0]).unwrap();
    bad.counts.cut_a_letter();
    assert!(refused(&bad));
    let mut cut = kept[0].clone();
    cut.truncate(cut.len() - 3);
    assert!(postcard::from_bytes::<Counted>(&cut).is_err());
}

/// The index of `views` merged whole, kept as a build keeps it (chunks of `chunk`),
/// written and read back.
fn kept_index(views: &[SearchDoc], chunk: usize) -> KeptIndex {
    let all: Vec<&SearchDoc> = views.iter().collect();
    let mut builder = IndexBuilder::new(&all);
    let norms = builder.norms();
    builder.merge(
        all.chunks(chunk)
            .map(|c| IndexBuilder::tokenize(norms, c))
            .collect(),
    );
    let keys = (0..all.chunks(chunk).len() as u64).collect();
    let bytes = postcard::to_stdvec(&builder.keep(chunk, keys)).unwrap();
    postcard::from_bytes(&bytes).unwrap()
}

#[test]
fn a_patched_index_is_the_index_merged_again() {
    const CHUNK: usize = 64;
    let docs = corpus(300);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let mut kept = kept_index(&views, CHUNK);

    // Edits that keep every length, so that the average lengths stay: words swapped for
    // others of as many bytes, one new to the index ("mới"), one word gone from a
    // document ("tỉnh"), a title changed; in three chunks, one of them the last.
    let mut edited = docs.clone();
    edited[70].2 = edited[70]
        .2
        .replacen("dân", "vận", 3)
        .replacen("khéo", "mới", 1);
    edited[71].1 = edited[71].1.replacen("Văn bản", "Báo cáo", 1);
    edited[200].2 = edited[200].2.replace("tỉnh", "đoàn");
    edited[299].2 = edited[299].2.replacen("công tác", "tác công", 2);
    let views_now: Vec<SearchDoc> = edited.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let all_now: Vec<&SearchDoc> = views_now.iter().collect();
    let norms = IndexBuilder::new(&all_now).norms();
    assert!(
        kept.fits(norms, 300, CHUNK),
        "the edits keep the average lengths"
    );
    let all_before: Vec<&SearchDoc> = views.iter().collect();
    for c in [1, 3, 4] {
        let chunk = |all: &[&SearchDoc]| {
            let docs: Vec<&SearchDoc> = all.chunks(CHUNK).nth(c).unwrap().to_vec();
            Counted::of(&docs)
        };
        assert!(kept.patch(c, chunk(&all_before), chunk(&all_now)));
    }
    let whole = build_index(&views_now);
    assert_eq!(kept.write(&all_now).files, whole.files);
    assert!(has_key(&whole, "u", "moi"), "a key new to the index");

    // Patched again, after being kept and read back: the edits taken back.
    kept.compact();
    let mut kept: KeptIndex = postcard::from_bytes(&postcard::to_stdvec(&kept).unwrap()).unwrap();
    for c in [1, 3, 4] {
        let chunk = |all: &[&SearchDoc]| {
            let docs: Vec<&SearchDoc> = all.chunks(CHUNK).nth(c).unwrap().to_vec();
            Counted::of(&docs)
        };
        assert!(kept.patch(c, chunk(&all_now), chunk(&all_before)));
    }
    let written = kept.write(&all_before);
    assert_eq!(written.files, build_index(&views).files);
    assert!(
        !has_key(&written, "u", "moi"),
        "a key no document has is not written"
    );

    // Counts of another number of documents are not patched in.
    let short: Vec<&SearchDoc> = all_before[..10].to_vec();
    assert!(!kept.patch(0, Counted::of(&short), Counted::of(&short)));
}

#[test]
fn an_index_kept_fits_only_the_same_documents_chunks_and_lengths() {
    let docs = corpus(100);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let kept = kept_index(&views, 32);
    let all: Vec<&SearchDoc> = views.iter().collect();
    let norms = IndexBuilder::new(&all).norms();
    assert!(kept.fits(norms, 100, 32));
    assert!(!kept.fits(norms, 101, 32));
    assert!(!kept.fits(norms, 100, 16));
    let longer: Vec<(String, String, String)> = docs
        .iter()
        .map(|(u, t, x)| (u.clone(), t.clone(), format!("{x} {x}")))
        .collect();
    let longer: Vec<SearchDoc> = longer.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let norms = IndexBuilder::new(&longer.iter().collect::<Vec<_>>()).norms();
    assert!(!kept.fits(norms, 100, 32));
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

#[test]
fn a_chunk_counted_again_from_its_last_counts_is_counted_as_anew() {
    let docs = corpus(60);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let all: Vec<&SearchDoc> = views.iter().collect();
    // Keys as a build gives them: one per document, here its index.
    let keys = |n: usize| (0..n as u64).collect::<Vec<u64>>();
    let last = LastCounted::new(Counted::reusing(&all, keys(60), None));

    // Documents 7 and 40 edited (new keys); another moved to the end; one dropped. The
    // others are taken from the last counts: their texts are not even there.
    let mut edited = docs.clone();
    edited[7].2 = edited[7].2.replacen("dân", "vận", 2) + " hoàn toàn mới";
    edited[40].1 = "Một trích yếu khác hẳn".to_string();
    let mut order: Vec<usize> = (0..60).filter(|&k| k != 12).collect();
    let moved = order.remove(3);
    order.push(moved);
    let now_views: Vec<SearchDoc> = order
        .iter()
        .map(|&k| doc(&edited[k].0, &edited[k].1, &edited[k].2))
        .collect();
    let now: Vec<&SearchDoc> = now_views.iter().collect();
    let now_keys: Vec<u64> = order
        .iter()
        .map(|&k| {
            if k == 7 || k == 40 {
                1000 + k as u64
            } else {
                k as u64
            }
        })
        .collect();
    let without_texts: Vec<SearchDoc> = order
        .iter()
        .zip(&now_keys)
        .map(|(&k, &key)| {
            let text = if key >= 1000 {
                edited[k].2.as_str()
            } else {
                ""
            };
            doc(&edited[k].0, &edited[k].1, text)
        })
        .collect();
    let spliced = Counted::reusing(
        &without_texts.iter().collect::<Vec<_>>(),
        now_keys.clone(),
        Some(&last),
    );
    let anew = Counted::reusing(&now, now_keys, None);
    assert!(spliced.sound());
    assert_eq!(
        postcard::to_stdvec(&spliced).unwrap(),
        postcard::to_stdvec(&anew).unwrap()
    );
}
