//! A form checked as the build checks a file: the text it makes, read by the loader's own
//! `document_from_source`, then resolved with every other document of the site (numbers,
//! references, units, deadlines). Each problem, in the catalogue's words and code, goes
//! next to the field whose line it points at.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::form::{self, Opened};
use super::store::NewPlace;
use super::{Desk, SaveRequest};
use crate::content::{Changes, Content, Kind, LoadOptions, Loaded, Store};
use crate::diag::{Diagnostic, Severity};
use crate::i18n::{Arg, Lang};
use crate::source::Source;

/// The site's documents and registries as the desk last read them, and the preview
/// version they go with: a rebuild means something changed on disk.
#[derive(Default)]
pub struct Cache {
    pub content: Content,
    version: Option<u64>,
    /// `content/` as last loaded, so that a change is read through the loader's own
    /// incremental path, as the preview reads it, rather than the whole site again.
    store: Store,
}

/// Files changed on disk since the cache was last brought up to date.
#[derive(Default)]
pub struct Changed {
    paths: HashSet<PathBuf>,
    /// Events were lost: read everything.
    everything: bool,
}

impl Desk {
    /// The cache, brought up to date when the preview was rebuilt since (or a save forgot
    /// it): only the files changed since are read again.
    pub(super) fn loaded(&self) -> std::sync::MutexGuard<'_, Cache> {
        let version = self.version.load(std::sync::atomic::Ordering::SeqCst);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.version != Some(version) {
            let changed =
                std::mem::take(&mut *self.changed.lock().unwrap_or_else(|e| e.into_inner()));
            let changes = if changed.everything {
                Changes::Everything
            } else {
                Changes::Paths {
                    paths: &changed.paths,
                    keep_site: true,
                }
            };
            let Cache { content, store, .. } = &mut *cache;
            let mut ignored = Vec::new();
            let loaded = crate::content::load(
                self.content_dir(),
                LoadOptions { drafts: true },
                changes,
                store,
                || std::mem::take(&mut content.documents),
                None,
                &mut ignored,
            );
            match loaded {
                Loaded::Content(read) => *content = *read,
                Loaded::Bodies(read) => {
                    for doc in read {
                        match content.documents.iter_mut().find(|d| d.path == doc.path) {
                            Some(old) => *old = doc,
                            None => content.documents.push(doc),
                        }
                    }
                }
            }
            cache.version = Some(version);
        }
        cache
    }

    /// Files the preview's watcher saw change (all of them when `everything`): read again
    /// at the desk's next use.
    pub fn note(&self, paths: &HashSet<PathBuf>, everything: bool) {
        let mut changed = self.changed.lock().unwrap_or_else(|e| e.into_inner());
        changed.paths.extend(paths.iter().cloned());
        changed.everything |= everything;
    }

    /// Reads `written` (paths under `content/`) again at the next use, without waiting for
    /// the watcher.
    pub(super) fn forget(&self, written: &[&str]) {
        let paths = written.iter().map(|w| self.content.join(w)).collect();
        self.note(&paths, false);
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).version = None;
    }
}

/// One problem, for the form.
pub struct Problem {
    /// The key of the field (`date`), or empty for the whole document.
    field: String,
    error: bool,
    code: &'static str,
    text: String,
    help: Option<String>,
}

/// What the form makes and what is wrong with it.
pub struct Verdict {
    pub problems: Vec<Problem>,
    pub errors: usize,
    /// The file's text.
    pub text: String,
    pub new_place: NewPlace,
    pub comments_lost: Vec<String>,
    /// The date as the file will have it (`23/9/2022` → `2022-09-23`).
    canonical_date: String,
}

impl Verdict {
    pub fn to_json(&self) -> serde_json::Value {
        let messages: Vec<serde_json::Value> = self
            .problems
            .iter()
            .map(|p| {
                json!({
                    "field": p.field, "error": p.error, "code": p.code,
                    "text": p.text, "help": p.help,
                })
            })
            .collect();
        json!({
            "messages": messages,
            "errors": self.errors,
            "comments_lost": self.comments_lost,
            "date": self.canonical_date,
            "place": format!("{}/{}", self.new_place.year, self.new_place.slug),
        })
    }
}

pub fn check(desk: &Desk, request: &SaveRequest, original: Option<&[u8]>, lang: Lang) -> Verdict {
    let fields = &request.fields;
    let original_text = original.map(|b| String::from_utf8_lossy(b).into_owned());
    let opened = original_text.as_deref().map(Opened::read);
    let made = form::make(
        fields,
        &request.body,
        opened.as_ref().zip(original_text.as_deref()),
    );
    let new_place = place_for(desk, fields);
    let content_dir = desk.content_dir();
    let path: PathBuf = match &request.path {
        Some(rel) => content_dir.join(rel),
        None if request.uploads.is_empty() => {
            content_dir.join(format!("{}/{}.md", new_place.year, new_place.slug))
        }
        None => content_dir.join(format!("{}/{}/index.md", new_place.year, new_place.slug)),
    };
    let uploads: Vec<String> = {
        let pending = desk.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending
            .iter()
            .filter(|u| request.uploads.contains(&u.id))
            .map(|u| u.name.clone())
            .collect()
    };
    let source = Source::new(path.clone(), made.text.clone());
    let read = crate::content::document_from_source(content_dir, &source);
    let mut diags = read.diags;
    if let Some(doc) = read.document {
        diags.extend(with_site(desk, doc, &path));
    }
    let mut problems = Vec::new();
    for d in &diags {
        // Its own problems, and those of another document that name it (the same number).
        let rel = relative(content_dir, &path);
        let names_it = d
            .args
            .iter()
            .any(|(_, a)| matches!(a, Arg::Text(t) if Path::new(t) == rel));
        if d.file != path && !d.file.ends_with(rel) && !names_it {
            continue;
        }
        // Files about to be uploaded with the save are not missing.
        if d.code == crate::i18n::codes::ATTACHMENT_MISSING
            && d.args.iter().any(|(n, a)| {
                *n == "attachment" && matches!(a, Arg::Text(t) if uploads.contains(t))
            })
        {
            continue;
        }
        problems.push(Problem {
            field: field_of(d, &made.lines),
            error: d.severity == Severity::Error,
            code: d.code.code,
            text: d.message(lang),
            help: d.help_text(lang),
        });
    }
    let errors = problems.iter().filter(|p| p.error).count();
    Verdict {
        problems,
        errors,
        text: made.text,
        new_place,
        comments_lost: made.comments_lost,
        canonical_date: form::canonical_date(&fields.date),
    }
}

fn relative<'p>(content_dir: &Path, path: &'p Path) -> &'p Path {
    path.strip_prefix(content_dir).unwrap_or(path)
}

/// The problems the document has among the others: numbers, references, units, deadlines.
fn with_site(desk: &Desk, doc: crate::content::Document, path: &Path) -> Vec<Diagnostic> {
    let content = {
        let cache = desk.loaded();
        let mut documents: Vec<_> = cache
            .content
            .documents
            .iter()
            .filter(|d| d.path != path)
            .cloned()
            .collect();
        documents.push(doc);
        Content {
            config: cache.content.config.clone(),
            registries: cache.content.registries.clone(),
            documents,
        }
    };
    let mut diags = Vec::new();
    crate::content::check_unique_urls(&content.documents, &mut diags);
    let today = desk
        .site
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let site = crate::resolve::resolve(content, today, &mut diags);
    diags.extend(crate::deadlines::check(&site));
    diags.extend(crate::site_warnings(&site));
    diags
}

/// The field of problems found among the documents, which point at no line.
fn field_of_code(code: crate::i18n::codes::Code) -> Option<&'static str> {
    use crate::i18n::codes::*;
    Some(match code {
        REPORTS_ON_OUTSIDE => "reports_on",
        NUMBER_DUPLICATE | NUMBER_AMBIGUOUS => "number",
        BASED_ON_AMBIGUOUS => "based_on",
        NAME_UNREGISTERED | SPELLING_SPLITS_INDEX => "unit",
        DEADLINE_BY_NO_RECIPIENTS | DEADLINE_BY_UNKNOWN => "deadlines",
        ATTACHMENT_MISSING => "attachments",
        _ => return None,
    })
}

/// The field a problem is about: the key it names, else the key on whose lines it points.
fn field_of(d: &Diagnostic, lines: &[(String, usize, usize)]) -> String {
    if d.line == 0 {
        if let Some(field) = field_of_code(d.code) {
            return field.to_owned();
        }
    }
    let named = d.args.iter().find_map(|(n, a)| match (n, a) {
        (&"key", Arg::Text(k)) if crate::content::frontmatter::KEYS.contains(&k.as_str()) => {
            Some(k.clone())
        }
        _ => None,
    });
    named
        .or_else(|| {
            lines
                .iter()
                .find(|(_, first, last)| (*first..=*last).contains(&d.line))
                .map(|(k, ..)| k.clone())
        })
        .unwrap_or_default()
}

/// Where a new document goes: the year of its date (or of `year`, or this year), and a
/// slug from its kind and title.
fn place_for(desk: &Desk, fields: &form::Fields) -> NewPlace {
    use chrono::Datelike;
    let year = crate::date::parse_date(fields.date.trim())
        .map(|d| d.year)
        .ok()
        .or_else(|| fields.year.trim().parse().ok())
        .filter(|y| crate::date::YEARS.contains(y))
        .unwrap_or_else(|| {
            desk.site
                .today
                .unwrap_or_else(|| chrono::Local::now().date_naive())
                .year()
        });
    let kind = Kind::from_key(fields.kind.trim()).unwrap_or(Kind::Other);
    let title = fields.title.trim();
    let mut slug = crate::import::write::slug_for(kind, (!title.is_empty()).then_some(title), None);
    // `Kế hoạch triển khai…`, a plan: `ke-hoach-trien-khai…`, the kind not said twice.
    let word = crate::vi::slug(kind.word_vi());
    if slug.starts_with(&format!("{word}-{word}-")) {
        slug.replace_range(..word.len() + 1, "");
    }
    NewPlace { year, slug }
}
