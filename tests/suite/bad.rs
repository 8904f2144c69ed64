//! The bad-input catalogue. Each case in `tests/bad` is either a document, `<case>.md`, put at
//! `content/2022/<case>.md` of the basic site, or a folder, `<case>/`, whose files are laid over
//! the site (`content/site.yaml`, `content/units.yaml`, documents …); a folder may hold `args`
//! (extra build arguments, one per line) and `grow-to-mb` (the size its one document is grown
//! to by repeating its last paragraph, so that no large file is committed).
//!
//! Every case runs against a previous good build: a failing build must leave it byte for byte.
//! Its exit code and messages are the snapshot `<case>.expected` (`BANTIN_BLESS=1` rewrites
//! them). Cases run as one binary invocation each, a few at a time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::support::{SiteTest, TODAY, bin, output_files, repo};

crate::tests! {
    each_bad_input_gets_its_message_and_leaves_the_site_as_it_was;
}

/// Hard-links a tree (cheap: the cases share the good site and its build). bantin never
/// writes into its sources, and replaces output files rather than writing into them; the
/// previous build is compared with a copy kept in memory, so a write through a link would
/// still show.
fn link_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::hard_link(entry.path(), &target).expect("link file");
        }
    }
}

/// Copies a case's files over the site, unlinking what they replace first.
fn overlay(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            let _ = std::fs::remove_file(&target);
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

struct Outcome {
    name: String,
    snapshot: String,
    problem: Option<String>,
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/bad"))
        .expect("tests/bad")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "md"))
        .collect();
    // The grown documents first, so that the others run beside them.
    cases.sort_by_key(|c| (!c.join("grow-to-mb").exists(), c.clone()));
    cases
}

fn case_name(case: &Path) -> String {
    case.file_stem()
        .expect("named")
        .to_string_lossy()
        .into_owned()
}

/// Lays the case over a copy of the site; returns the extra build arguments.
fn apply(case: &Path, root: &Path) -> Vec<String> {
    if !case.is_dir() {
        let name = case.file_name().expect("named");
        std::fs::copy(case, root.join("content/2022").join(name)).expect("copy case");
        return Vec::new();
    }
    let mut args = Vec::new();
    let mut grow = None;
    for entry in std::fs::read_dir(case)
        .expect("case folder")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        match entry.file_name().to_str() {
            Some("args") => {
                let text = std::fs::read_to_string(&path).expect("args");
                args.extend(text.lines().filter(|l| !l.is_empty()).map(str::to_owned));
            }
            Some("grow-to-mb") => {
                let text = std::fs::read_to_string(&path).expect("grow-to-mb");
                grow = Some(text.trim().parse::<usize>().expect("a number of MB"));
            }
            _ if path.is_dir() => overlay(&path, &root.join(entry.file_name())),
            _ => panic!("{}: unexpected file in a case folder", path.display()),
        }
    }
    if let Some(mb) = grow {
        let doc = walkdir::WalkDir::new(case.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.path().extension().is_some_and(|x| x == "md"))
            .expect("a document to grow");
        let rel = doc.path().strip_prefix(case).expect("inside");
        let text = std::fs::read_to_string(doc.path()).expect("document");
        let paragraph = format!(
            "{}\n\n",
            text.trim_end().rsplit("\n\n").next().unwrap_or("")
        );
        let mut grown = text;
        while grown.len() < mb * 1_000_000 {
            grown.push_str(&paragraph);
        }
        let target = root.join(rel);
        let _ = std::fs::remove_file(&target);
        std::fs::write(target, grown).expect("grow");
    }
    args
}

fn run_case(case: &Path, site: &Path, good: &Path, good_files: &[(String, Vec<u8>)]) -> Outcome {
    let name = case_name(case);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    let out = dir.path().join("public");
    link_tree(site, &root);
    link_tree(good, &out);
    let args = apply(case, &root);
    let result = Command::new(bin())
        .args(["build", "--output"])
        .arg(&out)
        .args(["--today", TODAY])
        .args(&args)
        .current_dir(&root)
        .output()
        .expect("run bantin");
    let code = result.status.code().unwrap_or(-1);
    let stderr =
        String::from_utf8_lossy(&result.stderr).replace(&out.display().to_string(), "<output>");
    // The closing line of a good build tells sizes and times, which vary.
    let stderr: String = stderr
        .split_inclusive('\n')
        .map(|l| {
            if l.starts_with("bantin: ") && (l.contains(" văn bản, ") || l.contains(" documents, "))
            {
                "bantin: built\n"
            } else {
                l
            }
        })
        .collect();
    let snapshot = format!("exit: {code}\n{stderr}");
    let problem = if code == 0 {
        None
    } else if output_files(&out) != good_files {
        Some("the failed build changed the previous site".to_owned())
    } else if !stderr.contains(": lỗi BT") && !stderr.contains(": error BT") {
        Some("a failed build without a located error".to_owned())
    } else {
        None
    };
    Outcome {
        name,
        snapshot,
        problem,
    }
}

fn each_bad_input_gets_its_message_and_leaves_the_site_as_it_was() {
    let cases = cases();
    assert!(
        cases.len() > 60,
        "the catalogue holds more than 60 cases: {}",
        cases.len()
    );
    let mut good = SiteTest::new("basic");
    good.build();
    let good_files = good.output_files();
    let bless = std::env::var_os("BANTIN_BLESS").is_some();

    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcome = run_case(case, &good.root, &good.out, &good_files);
                    outcomes
                        .lock()
                        .expect("not poisoned")
                        .push((case.clone(), outcome));
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().expect("not poisoned");
    outcomes.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failures = Vec::new();
    for (case, o) in &outcomes {
        let expected_path = case.with_extension("expected");
        if let Some(p) = &o.problem {
            failures.push(format!("{}: {p}\n{}", o.name, o.snapshot));
        }
        if bless {
            std::fs::write(&expected_path, &o.snapshot).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if o.snapshot != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{}",
                o.name, o.snapshot
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ (BANTIN_BLESS=1 rewrites the snapshots):\n{}",
        failures.len(),
        outcomes.len(),
        failures.join("\n")
    );
}
