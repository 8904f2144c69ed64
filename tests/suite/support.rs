//! `SiteTest`: a fixture site copied into a temporary folder, built with the real binary,
//! and read back, so each test reads as a story.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const TODAY: &str = "2026-11-23";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_bantin")
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub out: PathBuf,
    pub last: Option<Output>,
    /// `BANTIN_LANG` for the commands run (none: the site's language).
    pub lang: Option<&'static str>,
}

impl SiteTest {
    /// A copy of `tests/sites/<name>`.
    pub fn new(name: &str) -> Self {
        let t = Self::empty();
        copy_tree(&repo().join("tests/sites").join(name), &t.root);
        t
    }

    /// A copy of the bulletin's own `content/` (built with the built-in theme).
    pub fn bundled() -> Self {
        let t = Self::empty();
        copy_tree(&repo().join("content"), &t.root.join("content"));
        t
    }

    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).expect("site dir");
        let out = dir.path().join("public");
        SiteTest {
            _dir: dir,
            root,
            out,
            last: None,
            lang: None,
        }
    }

    pub fn write(&mut self, rel: &str, text: &str) -> &mut Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    pub fn remove(&mut self, rel: &str) -> &mut Self {
        std::fs::remove_file(self.root.join(rel)).expect("remove");
        self
    }

    pub fn run(&mut self, args: &[&str]) -> &Output {
        let mut command = Command::new(bin());
        match self.lang {
            Some(lang) => command.env("BANTIN_LANG", lang),
            None => command.env_remove("BANTIN_LANG"),
        };
        let output = command
            .args(args)
            .current_dir(&self.root)
            .output()
            .expect("run bantin");
        self.last = Some(output);
        self.last.as_ref().expect("just set")
    }

    fn build_args(&self) -> Vec<String> {
        vec![
            "build".into(),
            "--output".into(),
            self.out.display().to_string(),
            "--today".into(),
            TODAY.into(),
        ]
    }

    /// Builds and asserts success.
    pub fn build(&mut self) -> &mut Self {
        let args = self.build_args();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self
    }

    /// Builds, asserts failure, returns stderr.
    pub fn build_fails(&mut self) -> String {
        self.build_fails_with(&[])
    }

    /// Builds with more arguments (`--lang en`), asserts failure, returns stderr.
    pub fn build_fails_with(&mut self, more: &[&str]) -> String {
        let args = self.build_args();
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.extend_from_slice(more);
        let out = self.run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!out.status.success(), "build should have failed:\n{stderr}");
        stderr
    }

    pub fn stderr(&self) -> String {
        self.last
            .as_ref()
            .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
            .unwrap_or_default()
    }

    /// A file of the site (not of the output).
    pub fn read_source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).expect("site file")
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out.join(rel).exists()
    }

    /// The `<main>` of a page: what a theme tweak does not change.
    pub fn main_of(&self, rel: &str) -> String {
        let html = self.read(rel);
        let start = html
            .find("<main")
            .unwrap_or_else(|| panic!("{rel} has no <main>"));
        let end = html.find("</main>").expect("closing main");
        html[start..end].to_owned()
    }

    /// Every file of the output, as (relative path, bytes), sorted.
    pub fn output_files(&self) -> Vec<(String, Vec<u8>)> {
        output_files(&self.out)
    }
}

/// Every file of a built site, as (relative path, bytes), sorted: without `.bantin/`, where
/// `build` keeps what the next build needs (not part of the site).
pub fn output_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == ".bantin"))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("readable"))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Every `href`, `src` and `action` value of an HTML text.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\"", "action=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let end = after.find('"').unwrap_or(after.len());
            let before = &rest[..i];
            // Only attributes of tags, not text that happens to contain `href="`.
            if before.ends_with(' ') || before.ends_with('\n') {
                out.push(after[..end].replace("&amp;", "&"));
            }
            rest = &after[end..];
        }
    }
    out
}

/// A minimal static file server for a built site on a free loopback port, with the site
/// mounted under `prefix` (`/` or a sub-path like `/bantin/`, as portals host it). Unknown
/// paths get the site's 404 page. Returns the site's address.
pub fn static_server(dir: PathBuf, prefix: &str) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    let mount = prefix.to_owned();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            if BufReader::new(&stream).read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let path = path.split(['?', '#']).next().unwrap_or("");
            let path = percent_encoding::percent_decode_str(path)
                .decode_utf8_lossy()
                .into_owned();
            let found = path
                .strip_prefix(mount.as_str())
                .filter(|rel| !rel.contains(".."))
                .and_then(|rel| {
                    let mut rel = rel.to_owned();
                    if rel.is_empty() || rel.ends_with('/') {
                        rel.push_str("index.html");
                    }
                    let file = dir.join(&rel);
                    std::fs::read(&file).ok().map(|b| (b, file))
                });
            let (status, (body, file)) = match found {
                Some(hit) => ("200 OK", hit),
                None => (
                    "404 Not Found",
                    (
                        std::fs::read(dir.join("404.html")).unwrap_or_default(),
                        dir.join("404.html"),
                    ),
                ),
            };
            let mime = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("xml") => "application/xml",
                _ => "application/octet-stream",
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://127.0.0.1:{port}{prefix}")
}
