//! Entry points for the fuzz targets in `fuzz/`, shared with the test that replays their
//! corpus and every crash they found in `cargo test`: one function per surface, taking
//! arbitrary bytes and panicking only on a broken promise.

use std::path::PathBuf;

use crate::diag::Diagnostic;

/// A scratch site for this process and target: `content/` with a site.yaml.
pub fn scratch(target: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bantin-fuzz-{}-{target}", std::process::id()));
    let content = dir.join("content");
    if !content.join("site.yaml").exists() {
        std::fs::create_dir_all(content.join("2022")).expect("scratch folder");
        std::fs::write(content.join("site.yaml"), "title: Thử\nlanguage: vi\n").expect("site.yaml");
    }
    dir
}

/// One document's front matter and body, read as `load` reads a file.
pub fn front_matter(data: &[u8]) {
    let content = scratch("front_matter").join("content");
    let path = content.join("2022/a.md");
    std::fs::write(&path, data).expect("scratch write");
    let (doc, diags) = crate::content::load_document(&content, &path, Default::default());
    if doc.is_none() {
        assert!(
            diags.iter().any(Diagnostic::is_error),
            "a document left out with no error"
        );
    }
}

/// A one-document site through load, resolve and render (into nothing, as `check` does).
pub fn document_pipeline(data: &[u8]) {
    let root = scratch("document_pipeline");
    let content = root.join("content");
    std::fs::write(content.join("2022/a.md"), data).expect("scratch write");
    let options = crate::Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
        ..crate::Options::new(root)
    };
    let _ = crate::check(&options);
}

/// `units.yaml` and `campaigns.yaml`, split at the first NUL byte.
pub fn registries(data: &[u8]) {
    let content = scratch("registries").join("content");
    let (units, campaigns) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    std::fs::write(content.join("units.yaml"), units).expect("scratch write");
    std::fs::write(content.join("campaigns.yaml"), campaigns).expect("scratch write");
    let mut diags = Vec::new();
    let _ = crate::registry::Registries::load(&content, &mut diags);
    let _ = std::fs::remove_file(content.join("units.yaml"));
    let _ = std::fs::remove_file(content.join("campaigns.yaml"));
}

/// `serve`'s request heads. The first byte sets the size of the pieces the rest arrives
/// in; the head reader runs with small caps, so that inputs reach them. The heads and the
/// refusal read must be those of the same bytes read at once, a refusal is 400, 414 or
/// 431, and a path serve accepts names a key inside the site. Then the same bytes go
/// through serve's own caps.
pub fn serve_request(data: &[u8]) {
    use crate::serve::head::{Limits, Reader, Step};
    let Some((&piece, bytes)) = data.split_first() else {
        return;
    };
    let limits = Limits {
        line: 64,
        head: 256,
        headers: 6,
    };
    let read = |piece: usize| {
        let mut reader = Reader::with_limits(limits);
        let (mut steps, mut rest) = (Vec::new(), bytes);
        loop {
            loop {
                match reader.next() {
                    Step::More => break,
                    Step::Head(head) => steps.push(Step::Head(head)),
                    refused => {
                        steps.push(refused);
                        return steps;
                    }
                }
            }
            if rest.is_empty() {
                return steps;
            }
            // As serve reads: never more than the room left under the cap.
            let n = reader.room().min(piece).min(rest.len());
            reader.feed(&rest[..n]);
            rest = &rest[n..];
        }
    };
    let steps = read(usize::from(piece).max(1));
    assert_eq!(
        steps,
        read(usize::MAX),
        "the pieces the bytes came in changed what was read"
    );
    for step in &steps {
        match step {
            Step::Head(head) => {
                let target = head.target.as_str();
                let path = target.split_once('?').map_or(target, |(p, _)| p);
                if let Ok(key) = crate::serve::normalise(path) {
                    assert!(
                        crate::output::inside(&key).is_ok() || key.ends_with('/'),
                        "{path:?} became {key:?}, outside the site"
                    );
                }
                if let Some(host) = head.header("Host") {
                    let _ = crate::serve::host_allowed(host, &["bantin.lan".to_owned()]);
                }
                let _ = head.keep_alive();
            }
            Step::Refused(refusal) => assert!(
                matches!(refusal.code, 400 | 414 | 431),
                "refused with {refusal:?}"
            ),
            Step::More => unreachable!("not kept"),
        }
    }
    let mut reader = Reader::default();
    reader.feed(bytes);
    while let Step::Head(_) = reader.next() {}
}

/// Replays every input kept under `fuzz/seeds/<target>` and `fuzz/regressions/<target>`.
#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn replay(target: &str, run: fn(&[u8])) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        let mut count = 0;
        for kind in ["seeds", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                run(&std::fs::read(entry.path()).expect("readable input"));
                count += 1;
            }
        }
        let _ = std::fs::remove_dir_all(scratch(target));
        assert!(count > 0, "no inputs kept for {target}");
    }

    #[test]
    fn front_matter_inputs_replay() {
        replay("front_matter", front_matter);
    }

    #[test]
    fn document_pipeline_inputs_replay() {
        replay("document_pipeline", document_pipeline);
    }

    #[test]
    fn registries_inputs_replay() {
        replay("registries", registries);
    }

    #[test]
    fn serve_request_inputs_replay() {
        replay("serve_request", serve_request);
    }
}
