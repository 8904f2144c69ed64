//! `content/` → typed documents, site settings and registries, read in parallel.

pub mod cite;
pub mod document;
pub mod frontmatter;
mod load;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::diag::{self, Diagnostic};
use crate::i18n::codes;
use crate::registry::Registries;
use crate::source::Source;
use crate::vi;
pub use document::{Deadline, Document, Kind, PartialDate, Period, Signer};
pub use frontmatter::Parsed;
pub use load::{Changes, Known, Loaded, SOURCES, Store, load, meta_of};

/// Everything read from `content/`, before resolution.
#[derive(Default)]
pub struct Content {
    pub config: SiteConfig,
    pub registries: Registries,
    pub documents: Vec<Document>,
}

/// Options that change what is loaded.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// Reads the whole `content/` folder, once (`build`, `check`, `new`): [`load`] with
/// nothing kept for a next load.
pub fn load_all(content_dir: &Path, options: LoadOptions, diags: &mut Vec<Diagnostic>) -> Content {
    load_all_knowing(content_dir, options, None, diags)
}

/// [`load_all`], not parsing again the files `known` holds as they are.
pub fn load_all_knowing(
    content_dir: &Path,
    options: LoadOptions,
    known: Option<&dyn Known>,
    diags: &mut Vec<Diagnostic>,
) -> Content {
    match load(
        content_dir,
        options,
        Changes::Everything,
        &mut Store::once(),
        Vec::new,
        known,
        diags,
    ) {
        Loaded::Content(content) => *content,
        Loaded::Bodies(_) => unreachable!("a first load reads everything"),
    }
}

/// The walk of `content/`: Markdown files, and files bantin would leave out without a word
/// (Word files, text files, Markdown not named `.md`) for [`ignored_files`] to name. Links
/// that lead out of `content/` are refused with an error, never followed.
fn walk(content_dir: &Path, diags: &mut Vec<Diagnostic>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    if !content_dir.is_dir() {
        diags.push(Diagnostic::error(content_dir, codes::CONTENT_MISSING));
        return (Vec::new(), Vec::new());
    }
    let mut files = Vec::new();
    let mut others = Vec::new();
    let mut site: Option<PathBuf> = None;
    let mut refused = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if e.path_is_symlink() {
                let site = site.get_or_insert_with(|| {
                    std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.into())
                });
                if let Some(d) = link_out_of_site(site, e.path()) {
                    refused.push(d);
                    return false;
                }
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if e.path().extension().is_some_and(|x| x == "md") {
                    files.push(e.into_path());
                } else if is_ignored_kind(e.path()) {
                    others.push(e.into_path());
                }
            }
            Ok(_) => {}
            Err(e) => diags.push(
                Diagnostic::error(e.path().unwrap_or(content_dir), codes::FOLDER_UNREADABLE)
                    .arg("reason", e.to_string()),
            ),
        }
    }
    diags.append(&mut refused);
    (files, others)
}

/// A symbolic link under `content/` that leads outside it: an error, without reading the
/// target. Links that stay inside the site are followed.
pub fn link_out_of_site(site: &Path, link: &Path) -> Option<Diagnostic> {
    match std::fs::canonicalize(link) {
        Ok(target) if target.starts_with(site) => None,
        Ok(target) => {
            Some(Diagnostic::error(link, codes::LINK_OUT_OF_CONTENT).arg("target", &target))
        }
        Err(e) => Some(Diagnostic::error(link, codes::LINK_DANGLING).arg("reason", e.to_string())),
    }
}

/// Files under `content/` that bantin does not read, by extension; the catalogue's
/// `file-ignored` says what to do with each.
const IGNORED_KINDS: [&str; 10] = [
    "docx", "doc", "odt", "rtf", "txt", "md", "markdown", "mdown", "mkd", "mkdn",
];

/// Whether bantin leaves the file out with a word ([`IGNORED_KINDS`]): a Word or text
/// file, or Markdown not named `.md`.
fn is_ignored_kind(path: &Path) -> bool {
    path.extension().is_some_and(|x| {
        let lower = x.to_string_lossy().to_lowercase();
        x != "md" && IGNORED_KINDS.contains(&lower.as_str())
    })
}

/// A warning for each file of [`IGNORED_KINDS`] that no document takes as an attachment or
/// bundle file: it would not be on the site, and nothing would say so.
fn ignored_files(others: &[PathBuf], documents: &[Document], diags: &mut Vec<Diagnostic>) {
    if others.is_empty() {
        return;
    }
    let used: std::collections::HashSet<&Path> = documents
        .iter()
        .flat_map(|d| d.bundle_files.iter().map(PathBuf::as_path))
        .collect();
    for path in others.iter().filter(|p| !used.contains(p.as_path())) {
        let ext = path
            .extension()
            .map(|x| x.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        // The catalogue's `.help` of `file-ignored` says what to do by extension.
        diags.push(Diagnostic::warning(path, codes::FILE_IGNORED).arg("extension", ext));
    }
}

/// Path under `content/` with `/` separators, NFC (file names may be saved in NFD).
pub fn relative_path(content_dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(content_dir).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| vi::nfc(&c.as_os_str().to_string_lossy()).into_owned())
        .collect();
    parts.join("/")
}

/// The page address of a document file: each folder and the file name slugged;
/// a bundle's `index.md` takes its folder's address. A folder or file name with no letter
/// or digit slugs to nothing and gives no address: that name comes back as the error.
pub fn url_for(rel_path: &str) -> Result<String, &str> {
    let without_ext = rel_path.strip_suffix(".md").unwrap_or(rel_path);
    let without_index = without_ext.strip_suffix("/index").unwrap_or(without_ext);
    let without_index = if without_index == "index" {
        ""
    } else {
        without_index
    };
    let mut url = String::new();
    for part in without_index.split('/').filter(|p| !p.is_empty()) {
        let slug = vi::slug(part);
        if slug.is_empty() {
            return Err(part);
        }
        url.push_str(&slug);
        url.push('/');
    }
    Ok(url)
}

/// One Markdown file: its document (none when it has errors) and its problems. `serve`
/// reads again only the files that changed with it, and assembles them as `load` does.
/// A draft is not published when `options` leave drafts out, so its problems are warnings
/// then, with one more saying why it is not on the site.
pub fn load_document(
    content_dir: &Path,
    path: &Path,
    options: LoadOptions,
) -> (Option<Document>, Vec<Diagnostic>) {
    let (document, diags, _) = load_source(content_dir, path, Source::read(path), None, options);
    (document, diags)
}

/// [`load_document`] of a file read; also, given the hash (xxh3) of the file's bytes,
/// whether the text the document's offsets count is those bytes as they are (reading
/// changed no byte-order mark, line ending or character that NFC changes).
pub fn load_source(
    content_dir: &Path,
    path: &Path,
    source: Result<Source, Diagnostic>,
    bytes_hash: Option<u64>,
    options: LoadOptions,
) -> (Option<Document>, Vec<Diagnostic>, bool) {
    let (read, as_read) = match source {
        Ok(source) => (
            document_from_source(content_dir, &source),
            bytes_hash.is_some_and(|h| xxhash_rust::xxh3::xxh3_64(source.text.as_bytes()) == h),
        ),
        Err(d) => return (None, vec![d], false),
    };
    let mut diags = read.diags;
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if read.draft && !options.drafts && errors > 0 {
        for d in &mut diags {
            d.severity = diag::Severity::Warning;
        }
        diags.push(Diagnostic::warning(path, codes::DRAFT_WITH_ERRORS).arg("errors", errors));
    }
    (read.document, diags, as_read)
}

/// A document from its text, read from `source.path` or not yet written there (the
/// editor's desk checks a form this way, with the build's own checks).
pub fn document_from_source(content_dir: &Path, source: &Source) -> Parsed {
    let path = source.path.as_path();
    let rel_path = relative_path(content_dir, path);
    let url = match url_for(&rel_path) {
        Ok(url) => url,
        Err(part) => {
            // The part is a slice of `rel_path`: the file's name when nothing follows it.
            let end = part.as_ptr() as usize - rel_path.as_ptr() as usize + part.len();
            let what = if rel_path[end..].contains('/') || rel_path.ends_with("index.md") {
                "folder"
            } else {
                "file"
            };
            return Parsed {
                document: None,
                diags: vec![
                    Diagnostic::error(path, codes::NAME_WITHOUT_LETTERS)
                        .arg("what", what)
                        .arg("name", part),
                ],
                draft: false,
            };
        }
    };
    let template = Document {
        path: path.to_path_buf(),
        rel_path: rel_path.clone(),
        url,
        body: 0..0,
        body_line: 1,
        fingerprint: document::fingerprint(&source.text),
        title: String::new(),
        kind: Kind::Other,
        number: None,
        date: PartialDate {
            year: 0,
            month: None,
            day: None,
        },
        year: 0,
        place: None,
        unit: String::new(),
        campaigns: Vec::new(),
        signer: None,
        recipients: Vec::new(),
        based_on: Vec::new(),
        reports_on: None,
        period: None,
        deadlines: Vec::new(),
        summary: None,
        tags: Vec::new(),
        draft: false,
        attachments: Vec::new(),
        bundle_files: Vec::new(),
        citations: Vec::new(),
    };
    let parsed = frontmatter::parse(source, template);
    let draft = parsed.draft;
    let mut diags = parsed.diags;
    let left_out = |diags: Vec<Diagnostic>| Parsed {
        document: None,
        diags,
        draft,
    };
    let Some(mut doc) = parsed.document else {
        return left_out(diags);
    };
    if doc.url.is_empty() {
        diags.push(Diagnostic::error(path, codes::INDEX_AT_TOP));
        return left_out(diags);
    }
    doc.citations = cite::scan(&source.text[doc.body.clone()]);
    let dir = path.parent().unwrap_or(content_dir);
    if path.file_name().is_some_and(|n| n == "index.md") {
        doc.bundle_files = bundle_files(dir);
    }
    let mut site: Option<PathBuf> = None;
    let mut inside_site = |file: &Path, diags: &mut Vec<Diagnostic>| {
        if !std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_symlink()) {
            return true;
        }
        let site = site.get_or_insert_with(|| {
            std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.into())
        });
        match link_out_of_site(site, file) {
            None => true,
            Some(d) => {
                diags.push(d);
                false
            }
        }
    };
    doc.bundle_files.retain(|f| inside_site(f, &mut diags));
    for attachment in &doc.attachments {
        let target = dir.join(attachment);
        if attachment.contains("..") || Path::new(attachment).is_absolute() || !target.is_file() {
            let at = frontmatter::value_span(source, "attachments", attachment).map_or_else(
                || source.position(0, 0),
                |s| source.position(s.start, s.len()),
            );
            diags.push(
                Diagnostic::error(path, codes::ATTACHMENT_MISSING)
                    .arg("attachment", attachment)
                    .arg("folder", dir)
                    .at(at),
            );
        } else if inside_site(&target, &mut diags) && !doc.bundle_files.contains(&target) {
            // A single file's attachments, or a bundle's in a subfolder: copied too.
            doc.bundle_files.push(target);
        }
    }
    Parsed {
        document: Some(doc),
        diags,
        draft,
    }
}

/// Files beside a bundle's `index.md` (not other documents, not hidden ones); links
/// among them are checked by the caller.
fn bundle_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_ok_and(|t| {
                t.is_file() || (t.is_symlink() && e.path().metadata().is_ok_and(|m| m.is_file()))
            })
        })
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            !name.starts_with('.') && !name.ends_with(".md")
        })
        .collect();
    files.sort();
    files
}

/// Two files whose addresses fold to the same page are an error on both.
pub fn check_unique_urls(documents: &[Document], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Document> = HashMap::with_capacity(documents.len());
    for doc in documents {
        if let Some(first) = seen.insert(doc.url.as_str(), doc) {
            diags.push(
                Diagnostic::error(&doc.path, codes::ADDRESS_TAKEN)
                    .arg("other", &first.rel_path)
                    .arg("address", &doc.url),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_slugged_and_pretty() {
        assert_eq!(
            url_for("2022/Tháng dân vận Đồng Văn.md"),
            Ok("2022/thang-dan-van-dong-van/".into())
        );
        assert_eq!(
            url_for("2022/ke-hoach-138/index.md"),
            Ok("2022/ke-hoach-138/".into())
        );
        assert_eq!(url_for("index.md"), Ok(String::new()));
    }

    #[test]
    fn names_without_letters_or_digits_give_no_address() {
        assert_eq!(url_for("___/srv/www/x/index.md"), Err("___"));
        assert_eq!(url_for("2022/-.md"), Err("-"));
        assert_eq!(url_for("计划/a.md"), Err("计划"));
        assert_eq!(url_for("2022/…/index.md"), Err("…"));
    }
}
