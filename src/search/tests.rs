//! Tests of the search index; queries run through the real search.js in node
//! (tests/search/run_queries.js), skipped with a message where node is missing, unless CI=true.

mod incremental;
mod index_keys;
mod ranking;
mod search_js;

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::*;

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
