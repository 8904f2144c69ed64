//! The new document on disk: its front matter, its path under `content/` (proven inside it
//! before anything is written), and the files of its bundle.

use std::path::{Path, PathBuf};

use super::fields::iso;
use super::{ImportedDocument, Status};
use crate::content::Kind;
use crate::vi;

/// A slug from the kind, title and unit, as the content contract builds paths: at most
/// about 80 characters, cut at a word.
pub fn slug_for(kind: Kind, title: Option<&str>, unit: Option<&str>) -> String {
    let title = title.unwrap_or("van ban");
    let mut s = vi::slug(&format!("{} {}", kind.word_vi(), title));
    if s.len() > 70 {
        let cut = s[..70].rfind('-').unwrap_or(70);
        s.truncate(cut);
    }
    if let Some(u) = unit {
        s.push('-');
        s.push_str(&vi::slug(u));
    }
    if s.len() > 100 {
        let cut = s[..100].rfind('-').unwrap_or(100);
        s.truncate(cut);
    }
    if s.is_empty() { "van-ban".into() } else { s }
}

/// A YAML scalar: plain when that reads back as the same string, double-quoted otherwise.
pub(crate) fn scalar(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(['\n', '\t', '"', '\\'])
        && !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && !matches!(
            s.to_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~"
        );
    if plain_ok {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

fn list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(key);
    out.push_str(":\n");
    for i in items {
        out.push_str("  - ");
        out.push_str(&scalar(i));
        out.push('\n');
    }
}

fn comment_lines(out: &mut String, title: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    out.push_str("# ");
    out.push_str(title);
    out.push('\n');
    for l in lines {
        out.push_str("#   ");
        out.push_str(&l.replace(['\n', '\r'], " "));
        out.push('\n');
    }
}

pub fn front_matter(d: &ImportedDocument) -> String {
    let f = &d.fields;
    let mut out = String::from("---\n");
    let review: Vec<&str> = d
        .review
        .iter()
        .filter(|(k, s)| *s != Status::Found && needed(k))
        .map(|(k, _)| k.as_str())
        .collect();
    if !review.is_empty() {
        out.push_str(&format!("# Cần xem lại: {}\n", review.join(", ")));
    }
    comment_lines(&mut out, "Đầu văn bản gốc:", &f.header_lines);
    comment_lines(
        &mut out,
        "Chữ ký và nơi nhận trong văn bản gốc:",
        &f.signature_lines,
    );
    out.push_str(&format!(
        "title: {}\n",
        scalar(f.title.as_deref().unwrap_or("(chưa có trích yếu)"))
    ));
    out.push_str(&format!("kind: {}\n", f.kind.unwrap_or(Kind::Other).key()));
    if let Some(n) = &f.number {
        out.push_str(&format!("number: {}\n", scalar(n)));
    }
    match f.date {
        Some(date) => out.push_str(&format!("date: {}\n", iso(date))),
        None => out.push_str(&format!(
            "date: {}  # không có dòng ngày tháng: năm đoán từ trích yếu\n",
            d.year
        )),
    }
    if let Some(p) = &f.place {
        out.push_str(&format!("place: {}\n", scalar(p)));
    }
    match &d.unit {
        Some(u) => out.push_str(&format!("unit: {}\n", scalar(u))),
        None => out.push_str("unit: \"(chưa rõ cơ quan ban hành)\"\n"),
    }
    list(&mut out, "campaigns", &d.campaigns);
    if let Some(s) = &f.signer {
        out.push_str("signer:\n");
        if let Some(n) = &s.name {
            out.push_str(&format!("  name: {}\n", scalar(n)));
        }
        if let Some(t) = &s.title {
            out.push_str(&format!("  title: {}\n", scalar(&super::normal_case(t))));
        }
        if let Some(o) = &s.on_behalf {
            let o: Vec<String> = o.lines().map(super::normal_case).collect();
            out.push_str(&format!("  on_behalf: {}\n", scalar(&o.join(", "))));
        }
    }
    list(&mut out, "recipients", &f.recipients);
    list(&mut out, "based_on", &f.based_on);
    if let Some(r) = &f.reports_on {
        out.push_str(&format!("reports_on: {}\n", scalar(r)));
    }
    if let Some(p) = &f.period {
        out.push_str(&format!("period:\n  from: {}\n  to: {}\n", p.from, p.to));
    }
    if !f.deadlines.is_empty() {
        out.push_str("deadlines:\n");
        for dl in &f.deadlines {
            out.push_str(&format!(
                "  - date: {}\n    what: {}\n",
                dl.date,
                scalar(&dl.what)
            ));
        }
    }
    let mut attachments: Vec<String> = d.original_name.iter().cloned().collect();
    attachments.extend(d.images.iter().map(|(n, _)| n.clone()));
    list(&mut out, "attachments", &attachments);
    out.push_str("---\n\n");
    out
}

/// Fields a reader needs to see right; the others are optional and often absent.
pub fn needed(key: &str) -> bool {
    matches!(
        key,
        "kind"
            | "title"
            | "number"
            | "date"
            | "place"
            | "unit"
            | "signer"
            | "recipients"
            | "reports_on"
    )
}

/// Where an imported document goes: `content/<year>/<slug>/index.md` (a bundle, with the
/// original and images beside it) or `content/<year>/<slug>.md`.
#[derive(Clone, Debug)]
pub struct Plan {
    pub markdown: PathBuf,
    /// The bundle folder, when there is one.
    pub bundle: Option<PathBuf>,
    /// Every file to write: path and bytes.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

#[derive(Debug)]
pub enum WriteError {
    Exists(PathBuf),
    Outside(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl WriteError {
    pub fn code(&self) -> crate::i18n::codes::Code {
        use crate::i18n::codes;
        match self {
            WriteError::Exists(_) => codes::IMPORT_EXISTS,
            WriteError::Outside(_) => codes::IMPORT_OUTSIDE,
            WriteError::Io(..) => codes::IMPORT_WRITE_FAILED,
        }
    }

    /// What is wrong and how to fix it, from the catalogue.
    pub fn message(&self, lang: super::Lang) -> String {
        let m = crate::i18n::Message::new(self.code().id);
        let m = match self {
            WriteError::Exists(p) | WriteError::Outside(p) => m.arg("path", p),
            WriteError::Io(p, e) => m.arg("path", p).arg("reason", e.to_string()),
        };
        m.text(lang)
    }
}

/// The files an imported document becomes under `content_dir`.
pub fn plan(content_dir: &Path, d: &ImportedDocument, original: Option<&[u8]>) -> Plan {
    let folder = content_dir.join(d.year.to_string());
    let bundled = d.original_name.is_some() || !d.images.is_empty();
    if bundled {
        let bundle = folder.join(&d.slug);
        let mut files = vec![(bundle.join("index.md"), d.markdown.clone().into_bytes())];
        if let (Some(name), Some(bytes)) = (&d.original_name, original) {
            files.push((bundle.join(name), bytes.to_vec()));
        }
        for (name, bytes) in &d.images {
            files.push((bundle.join(name), bytes.clone()));
        }
        Plan {
            markdown: bundle.join("index.md"),
            bundle: Some(bundle),
            files,
        }
    } else {
        let md = folder.join(format!("{}.md", d.slug));
        Plan {
            markdown: md.clone(),
            bundle: None,
            files: vec![(md, d.markdown.clone().into_bytes())],
        }
    }
}

/// Writes a plan: refuses to overwrite without `force`, proves each folder inside
/// `content_dir` once created, and removes what it wrote if any write fails.
pub fn write(content_dir: &Path, plan: &Plan, force: bool) -> Result<(), WriteError> {
    let (md_alone, bundle_dir) = match &plan.bundle {
        Some(b) => (b.with_extension("md"), b.clone()),
        None => (plan.markdown.clone(), plan.markdown.with_extension("")),
    };
    // Both shapes give the same page: either one already there is a clash.
    for existing in [&plan.markdown, &md_alone, &bundle_dir.join("index.md")] {
        if existing.exists() && !force {
            return Err(WriteError::Exists(existing.clone()));
        }
    }
    std::fs::create_dir_all(content_dir).map_err(|e| WriteError::Io(content_dir.to_owned(), e))?;
    let root = content_dir
        .canonicalize()
        .map_err(|e| WriteError::Io(content_dir.to_owned(), e))?;
    let parent = plan
        .markdown
        .parent()
        .expect("a file under content/")
        .to_owned();
    let mut created: Vec<PathBuf> = Vec::new();
    // Create folders one by one, remembering which are new, proving each inside content/.
    let mut missing = Vec::new();
    let mut p = parent.as_path();
    while !p.exists() {
        missing.push(p.to_owned());
        match p.parent() {
            Some(up) => p = up,
            None => break,
        }
    }
    // The nearest folder that exists must already be inside content/ (not a link out of it).
    let existing = p
        .canonicalize()
        .map_err(|e| WriteError::Io(p.to_owned(), e))?;
    if !existing.starts_with(&root) {
        return Err(WriteError::Outside(p.to_owned()));
    }
    for dir in missing.iter().rev() {
        if let Err(e) = std::fs::create_dir(dir) {
            undo(&[], &created);
            return Err(WriteError::Io(dir.clone(), e));
        }
        created.push(dir.clone());
    }
    let real = parent
        .canonicalize()
        .map_err(|e| WriteError::Io(parent.clone(), e))?;
    if !real.starts_with(&root) {
        undo(&[], &created);
        return Err(WriteError::Outside(parent));
    }
    let mut written = Vec::new();
    for (path, bytes) in &plan.files {
        if path.parent() != Some(parent.as_path()) || path.file_name().is_none() {
            undo(&written, &created);
            return Err(WriteError::Outside(path.clone()));
        }
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            if meta.file_type().is_symlink() {
                undo(&written, &created);
                return Err(WriteError::Outside(path.clone()));
            }
        }
        if let Err(e) = std::fs::write(path, bytes) {
            undo(&written, &created);
            return Err(WriteError::Io(path.clone(), e));
        }
        written.push(path.clone());
    }
    Ok(())
}

fn undo(files: &[PathBuf], dirs: &[PathBuf]) {
    for f in files {
        let _ = std::fs::remove_file(f);
    }
    for d in dirs.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_quote_what_yaml_would_misread() {
        assert_eq!(scalar("Sở Nội vụ tỉnh"), "Sở Nội vụ tỉnh");
        assert_eq!(scalar("Lưu: VT, NV"), "\"Lưu: VT, NV\"");
        assert_eq!(scalar("- x"), "\"- x\"");
        assert_eq!(scalar("2022"), "\"2022\"");
        assert_eq!(scalar("yes"), "\"yes\"");
    }

    #[test]
    fn slugs_from_kind_title_and_unit() {
        assert_eq!(
            slug_for(
                Kind::Plan,
                Some("Triển khai “Tháng dân vận” năm 2022"),
                Some("UBND huyện Đồng Văn")
            ),
            "ke-hoach-trien-khai-thang-dan-van-nam-2022-ubnd-huyen-dong-van"
        );
        assert_eq!(
            slug_for(Kind::Plan, Some("../../etc"), None),
            "ke-hoach-etc"
        );
    }
}
