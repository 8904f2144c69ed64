//! The search relevance check: runs tests/search/run_queries.js (the real search.js, in node) on a
//! built index and scores the answers against tests/search/relevance.json. Plain std + serde_json,
//! for the test suite to include with `#[path = "../search/relevance.rs"] mod relevance;`.
//!
//! A case is `{"q", "filters"?, "top3": [urls], "need"?, "above"?: [[a, b]], "note"?}`: at least
//! `need` (default: all) of `top3` must be among the first three results, and every `a` must rank
//! above its `b` (`b` may be missing). URLs compare without a trailing `index.html` or `/`.
//! A case may name its `group` (`"fields"`: by signer, place, cited number, date): each group
//! is also scored alone, by recall@1 (an expected document first) and MRR.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// A group of cases scored alone.
pub struct Group {
    pub name: String,
    pub cases: usize,
    /// Cases whose first result is an expected document, of all.
    pub recall_at_1: f64,
    pub mrr: f64,
}

/// Runs every case of `relevance_json` against the index in `index_dir` (a built site, or its
/// `search/` folder). Returns recall@3 (over the `need` documents of each case), the mean
/// reciprocal rank of the first expected document, one line per failed case, and the scores
/// of each named group. When node cannot run, the failures say so and start with `node:`.
pub fn relevance_report(
    index_dir: &Path,
    relevance_json: &Path,
) -> (f64, f64, Vec<String>, Vec<Group>) {
    let (recall, mrr, failures, groups) = run(index_dir, relevance_json);
    let groups = groups
        .into_iter()
        .map(|(name, ranks)| Group {
            cases: ranks.len(),
            recall_at_1: ranks.iter().filter(|r| **r == Some(0)).count() as f64
                / ranks.len() as f64,
            mrr: ranks
                .iter()
                .map(|r| r.map_or(0.0, |p| 1.0 / (p + 1) as f64))
                .sum::<f64>()
                / ranks.len() as f64,
            name,
        })
        .collect();
    (recall, mrr, failures, groups)
}

/// Per group, the rank of the first expected document of each case.
type Ranks = Vec<(String, Vec<Option<usize>>)>;

fn run(index_dir: &Path, relevance_json: &Path) -> (f64, f64, Vec<String>, Ranks) {
    let mut groups: Ranks = Vec::new();
    let script = relevance_json.with_file_name("run_queries.js");
    let output = match Command::new("node")
        .arg(&script)
        .arg(index_dir)
        .arg(relevance_json)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            return (
                0.0,
                0.0,
                vec![format!("node: cannot run node: {e}")],
                groups,
            );
        }
    };
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        return (
            0.0,
            0.0,
            vec![format!("node: {} failed: {err}", script.display())],
            groups,
        );
    }
    let results: Value = match serde_json::from_slice(&output.stdout) {
        Ok(v) => v,
        Err(e) => {
            return (
                0.0,
                0.0,
                vec![format!("node: unreadable output: {e}")],
                groups,
            );
        }
    };
    let cases: Value =
        match std::fs::read_to_string(relevance_json).map(|s| serde_json::from_str(&s)) {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => {
                return (
                    0.0,
                    0.0,
                    vec![format!("{}: {e}", relevance_json.display())],
                    groups,
                );
            }
            Err(e) => {
                return (
                    0.0,
                    0.0,
                    vec![format!("{}: {e}", relevance_json.display())],
                    groups,
                );
            }
        };
    let (cases, results) = (
        cases.as_array().cloned().unwrap_or_default(),
        results.as_array().cloned().unwrap_or_default(),
    );

    let (mut recall, mut recall_n, mut rr, mut rr_n) = (0.0, 0usize, 0.0, 0usize);
    let mut failures = Vec::new();
    for (case, result) in cases.iter().zip(&results) {
        let q = case["q"].as_str().unwrap_or("");
        let filters = case
            .get("filters")
            .map(|f| format!(" {f}"))
            .unwrap_or_default();
        let urls: Vec<String> = strings(&result["urls"]);
        let expected: Vec<String> = strings(&case["top3"]);
        let need = case["need"]
            .as_u64()
            .map_or(expected.len(), |n| n as usize)
            .min(expected.len());
        let found = expected
            .iter()
            .filter(|u| urls.iter().take(3).any(|r| r == *u))
            .count();
        let mut problems = Vec::new();
        if need > 0 {
            recall += found.min(need) as f64 / need as f64;
            recall_n += 1;
            if found < need {
                problems.push(format!(
                    "{found} of the expected documents in the top 3, {need} needed"
                ));
            }
        }
        if !expected.is_empty() {
            let first = urls.iter().position(|r| expected.contains(r));
            rr += first.map_or(0.0, |p| 1.0 / (p + 1) as f64);
            rr_n += 1;
            if let Some(name) = case["group"].as_str() {
                match groups.iter_mut().find(|g| g.0 == name) {
                    Some(g) => g.1.push(first),
                    None => groups.push((name.to_string(), vec![first])),
                }
            }
        }
        for pair in case["above"].as_array().into_iter().flatten() {
            let pair = strings(pair);
            let rank = |u: &String| urls.iter().position(|r| r == u);
            match (rank(&pair[0]), rank(&pair[1])) {
                (Some(a), Some(b)) if a < b => {}
                (Some(_), None) => {}
                (a, b) => problems.push(format!(
                    "{} (rank {a:?}) should rank above {} (rank {b:?})",
                    pair[0], pair[1]
                )),
            }
        }
        if !problems.is_empty() {
            let top: Vec<&str> = urls.iter().take(3).map(String::as_str).collect();
            failures.push(format!(
                "{q:?}{filters}: {}; top 3: {top:?}",
                problems.join("; ")
            ));
        }
    }
    if results.len() != cases.len() {
        failures.push(format!(
            "{} answers for {} cases",
            results.len(),
            cases.len()
        ));
    }
    let mean = |sum: f64, n: usize| if n == 0 { 0.0 } else { sum / n as f64 };
    (mean(recall, recall_n), mean(rr, rr_n), failures, groups)
}

/// A JSON list of URLs, normalised: no leading `./` or `/`, no trailing `index.html` or `/`.
fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|u| {
            let u = u.trim_start_matches("./").trim_start_matches('/');
            let u = u.strip_suffix("index.html").unwrap_or(u);
            u.trim_end_matches('/').to_string()
        })
        .collect()
}
