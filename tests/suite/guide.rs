//! The user's guide (docs/huong-dan.md) runs as written: every ```sh block, in order, in a
//! temporary folder, against the real binary; the ```text block after it is what the
//! terminal must show, dates, timings, sizes, ports and the folder normalised.
//! `BANTIN_BLESS=1` rewrites the text blocks from what the commands print. The Word file the
//! guide imports is tests/import/001.docx, copied in before its command runs.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{bin, repo};

crate::tests! {
    every_command_of_the_guide_prints_what_the_guide_shows;
}

struct Block {
    lang: String,
    /// Byte range of the block's body in the guide.
    body: std::ops::Range<usize>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        match &open {
            None if trimmed.starts_with("```") => {
                open = Some((trimmed[3..].trim().to_owned(), offset + line.len()));
            }
            Some((lang, start)) if trimmed == "```" => {
                out.push(Block {
                    lang: lang.clone(),
                    body: *start..offset,
                });
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    out
}

fn normalise(text: &str, dir: &Path) -> String {
    let text = text.replace(&dir.display().to_string(), "…");
    let rules = [
        (r"127\.0\.0\.1:\d+", "127.0.0.1:PORT"),
        (r"\d+([.,]\d+)? (s|ms|giây)\b", "N s"),
        (r"\d+([.,]\d+)? MB", "N MB"),
        (r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD"),
        (r"\d{1,2}/\d{1,2}/\d{4}", "DD/MM/YYYY"),
        (r"\b(19|20)\d\d\b", "YYYY"),
        (r"bantin \d+\.\d+\.\d+", "bantin X.Y.Z"),
    ];
    let mut text = text;
    for (pattern, with) in rules {
        text = regex::Regex::new(pattern)
            .unwrap()
            .replace_all(&text, with)
            .into_owned();
    }
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// `bantin serve` runs until stopped: what it prints up to its address, and the home page
/// answering, then it is stopped.
fn run_serve(cwd: &Path) -> String {
    let mut child = Command::new(bin())
        .args(["serve", "--port", "0"])
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let mut said = String::new();
    let mut address = None;
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if let Some(rest) = line.strip_prefix("bantin serve: http://") {
            address = Some(rest.split('/').next().unwrap().to_owned());
            break;
        }
    }
    let address = address.unwrap_or_else(|| panic!("serve printed no address: {said}"));
    // Keep reading what serve says next: a closed pipe would make its next line fail.
    std::thread::spawn(move || lines.for_each(drop));
    let deadline = Instant::now() + Duration::from_secs(30);
    let page = loop {
        match ureq::get(&format!("http://{address}/")).call() {
            Ok(mut r) => break r.body_mut().read_to_string().unwrap(),
            Err(e) if Instant::now() > deadline => panic!("serve does not answer: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    assert!(page.contains("<html"), "the home page: {page}");
    let _ = child.kill();
    let _ = child.wait();
    said
}

fn run_sh(script: &str, cwd: &mut PathBuf, state: &Path) -> String {
    let bin_dir = Path::new(bin()).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cwd_file = state.join(".cwd");
    let wrapped = format!("{{\n{script}\n}} 2>&1\npwd > '{}'\n", cwd_file.display());
    let out = Command::new("sh")
        .args(["-c", &wrapped])
        .current_dir(&*cwd)
        .env("PATH", path)
        .env_remove("BANTIN_LANG")
        .output()
        .expect("run sh");
    if let Ok(dir) = std::fs::read_to_string(&cwd_file) {
        *cwd = PathBuf::from(dir.trim());
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn every_command_of_the_guide_prints_what_the_guide_shows() {
    let guide_path = repo().join("docs/huong-dan.md");
    let guide = std::fs::read_to_string(&guide_path).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let mut cwd = tmp.path().to_path_buf();
    let all = blocks(&guide);
    let bless = std::env::var_os("BANTIN_BLESS").is_some();
    let mut rewrites: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut failures = Vec::new();
    let mut ran = 0;
    let port = regex::Regex::new(r"127\.0\.0\.1:\d+").unwrap();
    for (i, block) in all.iter().enumerate() {
        if block.lang != "sh" {
            continue;
        }
        let script = &guide[block.body.clone()];
        // The Word file the guide imports, put where the officer would have saved it.
        if script.contains("Kế hoạch tháng dân vận.docx") {
            std::fs::copy(
                repo().join("tests/import/001.docx"),
                cwd.join("Kế hoạch tháng dân vận.docx"),
            )
            .unwrap();
        }
        let printed = if script.trim() == "bantin serve" {
            run_serve(&cwd)
        } else {
            run_sh(script, &mut cwd, state.path())
        };
        ran += 1;
        let Some(expected) = all.get(i + 1).filter(|b| {
            b.lang == "text"
                && guide[block.body.end..b.body.start].trim() == "```\n\n```text".trim()
        }) else {
            assert!(
                printed.trim().is_empty(),
                "`{}` prints something the guide does not show:\n{printed}",
                script.trim()
            );
            continue;
        };
        let shown = &guide[expected.body.clone()];
        if bless {
            let mut text = printed.replace(&tmp.path().display().to_string(), "…");
            text = port.replace_all(&text, "127.0.0.1:8000").into_owned();
            if !text.ends_with('\n') && !text.is_empty() {
                text.push('\n');
            }
            rewrites.push((expected.body.clone(), text));
        } else if normalise(shown, tmp.path()) != normalise(&printed, tmp.path()) {
            failures.push(format!(
                "`{}`:\n--- the guide shows\n{shown}--- printed\n{printed}",
                script.trim()
            ));
        }
    }
    assert!(ran >= 8, "the guide's commands ran ({ran})");
    if bless {
        let mut text = guide.clone();
        for (range, with) in rewrites.into_iter().rev() {
            text.replace_range(range, &with);
        }
        std::fs::write(&guide_path, text).unwrap();
        return;
    }
    assert!(
        failures.is_empty(),
        "the guide differs from what bantin prints (BANTIN_BLESS=1 rewrites it):\n{}",
        failures.join("\n")
    );
}
