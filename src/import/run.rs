//! `bantin import` over many files: each imported, written and reported on its own, so one
//! bad file never stops the others.

use std::path::{Path, PathBuf};

use super::report::{self, FileReport};
use super::{ImportError, Lang, write};
use crate::i18n::Message;
use crate::msg;
use crate::registry::Registries;

pub struct Options {
    pub root: PathBuf,
    pub dry_run: bool,
    pub force: bool,
    pub paths: Vec<PathBuf>,
    pub today_year: i32,
    /// A progress bar on stderr for many files (hidden when it is not a terminal).
    pub progress: bool,
    /// The language asked for (`--lang`); else `BANTIN_LANG`, else the site's.
    pub lang: Option<Lang>,
}

pub struct Outcome {
    pub reports: Vec<FileReport>,
    pub lang: Lang,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.reports.iter().any(|r| !r.ok)
    }

    pub fn summary(&self) -> Message {
        let ok = self.reports.iter().filter(|r| r.ok).count();
        let bad = self.reports.len() - ok;
        let review = self
            .reports
            .iter()
            .filter(|r| r.ok && r.fields.iter().any(|f| f.review))
            .count();
        msg!(
            "import-summary",
            imported = ok,
            failed = bad,
            review = review
        )
    }
}

const IMPORTABLE: &[&str] = &["docx", "docm", "odt", "txt", "md", "doc", "pdf"];

/// The files named, folders searched for importable files (in name order).
fn collect(paths: &[PathBuf]) -> Vec<(PathBuf, Option<ImportError>)> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|f| {
                    let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    !name.starts_with("~$")
                        && !name.starts_with('.')
                        && f.extension()
                            .and_then(|e| e.to_str())
                            .is_some_and(|e| IMPORTABLE.contains(&e.to_lowercase().as_str()))
                })
                .collect();
            found.sort();
            out.extend(found.into_iter().map(|f| (f, None)));
        } else if p.exists() {
            out.push((p.clone(), None));
        } else {
            out.push((p.clone(), Some(ImportError::NotFound)));
        }
    }
    out
}

pub fn run(options: &Options) -> Outcome {
    let content_dir = options.root.join("content");
    let mut diags = Vec::new();
    let config = crate::config::SiteConfig::load(&content_dir.join("site.yaml"), &mut diags);
    let lang = Lang::choose(options.lang, Some(&config.language));
    let registries = Registries::load(&content_dir, &mut diags);
    let files = collect(&options.paths);
    let bar = (options.progress && files.len() > 1).then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(files.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template(&format!(
                "{{spinner}} bantin import [{{bar:30}}] {{pos}}/{{len}} {} ({{eta}})",
                crate::i18n::text(lang, "import-progress-files")
            ))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar
    });
    let mut reports = Vec::new();
    for (path, error) in files {
        let r = one(&path, error, options, &content_dir, &registries, lang);
        if let Some(b) = &bar {
            b.inc(1);
        }
        reports.push(r);
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Outcome { reports, lang }
}

fn shown(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn one(
    path: &Path,
    error: Option<ImportError>,
    options: &Options,
    content_dir: &Path,
    registries: &Registries,
    lang: Lang,
) -> FileReport {
    let mut report = FileReport {
        file: path.display().to_string(),
        ok: false,
        written: None,
        dry_run: options.dry_run,
        error: None,
        error_code: None,
        fields: Vec::new(),
        conversions: Vec::new(),
        notes: Vec::new(),
    };
    let fail = |mut r: FileReport, e: ImportError| {
        r.error = Some(e.message(lang));
        r.error_code = Some(e.code().code);
        r
    };
    if let Some(e) = error {
        return fail(report, e);
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_owned();
    if let Err(e) = super::format_of(&name) {
        return fail(report, e);
    }
    // Refuse a huge file before reading it.
    match std::fs::metadata(path) {
        Ok(m) if m.len() > super::MAX_FILE => {
            return fail(report, ImportError::TooLarge(super::MAX_FILE));
        }
        Ok(_) => {}
        Err(e) => return fail(report, ImportError::Unreadable(e.to_string())),
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return fail(report, ImportError::Unreadable(e.to_string())),
    };
    let imported = match super::import_file(&bytes, &name, registries, options.today_year) {
        Ok(d) => d,
        Err(e) => return fail(report, e),
    };
    report.fields = report::fields(&imported, lang);
    report.notes = report::notes(&imported, lang);
    report.conversions = report::conversions(&imported, lang);
    let plan = write::plan(content_dir, &imported, Some(&bytes));
    report.written = Some(shown(&plan.markdown, &options.root));
    if !options.dry_run {
        if let Err(e) = write::write(content_dir, &plan, options.force) {
            report.error = Some(e.message(lang));
            report.error_code = Some(e.code().code);
            return report;
        }
    } else if !options.force {
        // Say now what a real run would refuse.
        let exists = [
            plan.markdown.clone(),
            plan.markdown.with_file_name("index.md"),
        ]
        .into_iter()
        .any(|p| p.exists());
        if exists {
            report
                .notes
                .push(write::WriteError::Exists(plan.markdown.clone()).message(lang));
        }
    }
    report.ok = true;
    report
}
