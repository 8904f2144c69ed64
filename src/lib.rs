//! bantin: a static site generator for dân vận bulletins.
//!
//! One pipeline for `build`, `check` and `serve`:
//!
//! ```text
//! content/ ──content::load──▶ Content ──resolve_site──▶ Site ──OutputPlan::of──▶ plan ──render──▶ files ──▶ staging ──swap──▶ public/
//!   all of it, or only the      references, indexes,          every output, one   build: all; check: into nothing;
//!   files that changed          deadlines, own pages          value               serve: outputs whose key changed
//! ```
//!
//! [`load_site`] is [`content::load`] then [`resolve_site`]; `serve` calls the same two, with
//! the files that changed and the [`content::Store`] of its last load. The
//! [`render::OutputPlan`] lists every output of the Site (documents' pages, the site's own
//! pages, feeds and calendars, the sitemap, the search index, static files); `resolve_site`
//! makes it once, checks it for documents at the site's own addresses and hands it on in
//! [`Resolved`]; `serve` keeps it while the Site's documents stay in place. [`render_into`]
//! renders every output into a [`render::Sink`]: the staging folder ([`build`]) or nothing
//! ([`check`]); each output is kept from the last build when its key, a hash of the view it
//! renders from, is unchanged.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod archive;
pub mod config;
pub mod content;
pub mod date;
pub mod deadlines;
pub mod diag;
pub mod escape;
#[doc(hidden)]
pub mod fuzzing;
pub mod i18n;
pub mod id;
pub mod import;
pub mod incremental;
pub mod markdown;
pub mod memory;
pub mod output;
pub mod publish;
pub mod registry;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source;
pub mod typos;
pub mod utf8;
pub mod vi;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diag::Diagnostic;
use i18n::codes;
use render::theme::Theme;
use render::{Renderer, Sink, Stats};
use resolve::Site;

/// What a build, check or serve is asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// The site folder, holding `content/` (and optionally `themes/`, `templates/`).
    pub root: PathBuf,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The day treated as today; the real date when not given.
    pub today: Option<chrono::NaiveDate>,
    /// A preview for the office (`serve`): whether deadlines were met shows whatever
    /// `deadline_status` says.
    pub preview: bool,
    /// The language asked for (`--lang`); else `BANTIN_LANG`, else the site's `language`.
    pub lang: Option<i18n::Lang>,
}

impl Options {
    /// What changes what is loaded.
    pub fn load(&self) -> content::LoadOptions {
        content::LoadOptions {
            drafts: self.drafts,
        }
    }

    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options {
            root: root.into(),
            base_url: None,
            drafts: false,
            today: None,
            preview: false,
            lang: None,
        }
    }
}

/// The result of a pipeline run: counts, all problems, and how long it took.
#[derive(Debug, Default)]
pub struct Report {
    pub stats: Stats,
    /// Deadlines as owed and met (`check` and `deadlines` only).
    pub deadlines: Vec<deadlines::Row>,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Whether `build` changed the output folder (put the new site in place, or failed
    /// half-way through doing so).
    pub output_changed: bool,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A Site resolved, with its theme and the plan of every output it makes: what `build`,
/// `check` and `serve` render from.
pub struct Resolved {
    pub site: Site,
    pub theme: Theme,
    /// Made once from `site`; `serve` keeps it while the Site's documents stay in place.
    pub plan: Arc<render::OutputPlan>,
}

/// Load and resolve: the Site, or nothing when the input has errors.
pub fn load_site(options: &Options, diags: &mut Vec<Diagnostic>) -> Option<Resolved> {
    load_site_knowing(options, None, diags)
}

/// [`load_site`], not parsing again the files `known` holds as they are.
pub fn load_site_knowing(
    options: &Options,
    known: Option<&dyn content::Known>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Resolved> {
    let content =
        content::load_all_knowing(&options.root.join("content"), options.load(), known, diags);
    let resolved = resolve_site(options, content, diags);
    if diags.iter().any(Diagnostic::is_error) {
        return None;
    }
    Some(resolved)
}

/// Content read → the Site, its theme and its output plan, with every problem found on the
/// way: references, deadlines, documents at the addresses of the site's own pages. `serve`
/// resolves through here after a change that is more than bodies. The Site comes back even
/// when `diags` hold errors.
pub fn resolve_site(
    options: &Options,
    mut content: content::Content,
    diags: &mut Vec<Diagnostic>,
) -> Resolved {
    if let Some(url) = &options.base_url {
        match config::parse_base_url(url) {
            Ok(url) => {
                content.config.base_url = url;
                content.config.base_url_given = true;
            }
            Err(e) => diags.push(e.diagnostic("--base-url")),
        }
    }
    if options.preview {
        content.config.deadline_status = config::DeadlineStatus::Public;
    }
    let theme = Theme::resolve(&options.root, &content.config.theme, diags);
    let today = options
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let site = resolve::resolve(content, today, diags);
    let plan = Arc::new(render::OutputPlan::of(&site));
    diags.extend(render::own_page_clashes(&site, &plan));
    diags.extend(deadlines::check(&site));
    Resolved { site, theme, plan }
}

/// Renders a loaded site into a sink, collecting template and body problems; with a
/// progress bar in the given language.
pub fn render_into(
    resolved: &Resolved,
    sink: &dyn Sink,
    progress: Option<i18n::Lang>,
    diags: &mut Vec<Diagnostic>,
) -> Stats {
    render_keeping(resolved, sink, None, progress, diags)
}

/// [`render_into`], keeping what `reuse` holds of the last build where an output's key is
/// unchanged.
pub fn render_keeping(
    resolved: &Resolved,
    sink: &dyn Sink,
    reuse: Option<&dyn render::outputs::LastBuild>,
    progress: Option<i18n::Lang>,
    diags: &mut Vec<Diagnostic>,
) -> Stats {
    let mut renderer = Renderer::new(&resolved.site, resolved.theme.clone(), diags)
        .with_plan(Arc::clone(&resolved.plan));
    let carry = reuse.map(|last| render::outputs::Carry::new(&renderer, last.known(&renderer)));
    if let Some(carry) = &carry {
        renderer.reuse_item_keys(carry.items());
    }
    if let Some(lang) = progress {
        renderer.progress = Some(progress_bar(renderer.plan().page_count() as u64, lang));
    }
    let (stats, _) = render::render_site_keeping(&renderer, sink, reuse, carry.as_ref(), diags);
    if let (Some(carry), Some(last)) = (carry, reuse) {
        last.note_known(&renderer, &carry.next(&renderer));
    }
    if let Some(p) = &renderer.progress {
        p.finish_and_clear();
    }
    stats
}

fn progress_bar(len: u64, lang: i18n::Lang) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {{msg}} [{{bar:30}}] {{pos}}/{{len}} {} ({{eta}})",
            i18n::text(lang, "progress-pages")
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message("bantin");
    // Only show it when the build lasts more than a moment.
    bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    let shown = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        if !shown.is_finished() {
            shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    });
    bar
}

/// `bantin build`: the whole site into `output`, swapped in only when everything succeeded;
/// what is unchanged since the last build there is kept rather than rendered.
pub fn build(options: &Options, output: &Path, progress: bool) -> Report {
    build_folder(options, output, progress, false)
}

/// [`build`]; `full`: render everything, keeping nothing of the last build (`--full`).
pub fn build_folder(options: &Options, output: &Path, progress: bool, full: bool) -> Report {
    let started = Instant::now();
    let mut diags = Vec::new();
    let mut stats = Stats::default();
    let mut output_changed = false;
    output::recover(output);
    // Read while the content loads; only reads, and only bantin's own state files.
    let last_build = (!full).then(|| incremental::Prior::read_ahead(output));
    let spare = (!full).then(|| output::Claim::start(output, output::Staging::dir_for(output)));
    let known = incremental::KnownDocuments::read(
        output,
        &options.root.join("content"),
        options.drafts,
        full,
    );
    if let Err(d) = output::check_target(output, &options.root) {
        diags.push(d);
    } else if let Some(resolved) = load_site_knowing(options, Some(&known), &mut diags) {
        let site = &resolved.site;
        if !site.config.base_url_given {
            diags.push(
                Diagnostic::warning(
                    options.root.join("content/site.yaml"),
                    codes::BASE_URL_MISSING,
                )
                .arg("url", &site.config.base_url),
            );
        }
        match output::Staging::create(output, spare.and_then(output::Claim::take)) {
            Ok(staging) => {
                let lang =
                    progress.then(|| i18n::Lang::choose(options.lang, Some(&site.config.language)));
                let settings = incremental::Settings::of(options, site);
                let prior = last_build.and_then(|last| last.prior(&settings));
                match incremental::Incremental::new(&staging, settings, prior) {
                    Ok(keeping) => {
                        // The documents kept for the next load, written while the site renders.
                        let (rendered, known_written) = rayon::join(
                            || {
                                render_keeping(
                                    &resolved,
                                    &keeping,
                                    Some(&keeping),
                                    lang,
                                    &mut diags,
                                )
                            },
                            || known.write(&staging, site),
                        );
                        stats = rendered;
                        stats.kept = keeping.kept();
                        if !diags.iter().any(Diagnostic::is_error) {
                            match known_written.and_then(|()| keeping.finish()) {
                                Ok((files, bytes)) => (stats.files, stats.bytes) = (files, bytes),
                                Err(e) => diags.push(
                                    Diagnostic::error(
                                        output.join(output::STATE),
                                        codes::WRITE_FAILED,
                                    )
                                    .arg("reason", e.to_string()),
                                ),
                            }
                        }
                    }
                    Err(e) => diags.push(
                        Diagnostic::error(output, codes::STAGING_FAILED)
                            .arg("reason", e.to_string()),
                    ),
                }
                let_go(resolved);
                if !diags.iter().any(Diagnostic::is_error) {
                    match staging.swap_in() {
                        Ok(swapped) => {
                            output_changed = true;
                            if let Some((old, e)) = swapped.old_left {
                                diags.push(
                                    Diagnostic::warning(output, codes::OLD_OUTPUT_LEFT)
                                        .arg("folder", &old)
                                        .arg("reason", e.to_string()),
                                );
                            }
                        }
                        Err(e) => {
                            output_changed = e.output_changed;
                            diags.push(
                                Diagnostic::error(output, codes::OUTPUT_SWAP_FAILED)
                                    .arg("reason", e.error.to_string()),
                            );
                        }
                    }
                }
            }
            Err(e) => diags.push(
                Diagnostic::error(output, codes::STAGING_FAILED).arg("reason", e.to_string()),
            ),
        }
    }
    let mut report = finish(options, diags, stats, started);
    report.output_changed = output_changed;
    report
}

/// Frees a large value on a thread of its own: freeing ten thousand documents made on
/// other threads takes longer than putting the new output in place, and a one-shot command
/// exits without waiting for it.
pub(crate) fn let_go<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// `bantin build --zip FILE`: the whole site into one zip file, put in place only when
/// everything succeeded.
pub fn build_zip(options: &Options, file: &Path, progress: bool) -> Report {
    let started = Instant::now();
    let mut diags = Vec::new();
    let mut stats = Stats::default();
    if let Err(d) = archive::check_target(file) {
        diags.push(d);
    } else if let Some(resolved) = load_site(options, &mut diags) {
        let site = &resolved.site;
        match archive::ZipSink::create(file) {
            Ok(zip) => {
                let progress =
                    progress.then(|| i18n::Lang::choose(options.lang, Some(&site.config.language)));
                stats = render_into(&resolved, &zip, progress, &mut diags);
                if !diags.iter().any(Diagnostic::is_error) {
                    if let Err(e) = zip.finish() {
                        diags.push(
                            Diagnostic::error(file, codes::ZIP_WRITE_FAILED)
                                .arg("step", "finish")
                                .arg("reason", e.to_string()),
                        );
                    }
                }
            }
            Err(e) => diags.push(
                Diagnostic::error(file, codes::ZIP_WRITE_FAILED)
                    .arg("step", "create")
                    .arg("reason", e.to_string()),
            ),
        }
    }
    finish(options, diags, stats, started)
}

/// `bantin check`: everything `build` validates, rendering into nothing.
pub fn check(options: &Options) -> Report {
    struct Discard;
    impl Sink for Discard {
        fn put(&self, _: &str, _: Vec<u8>) -> std::io::Result<()> {
            Ok(())
        }
        fn copy(&self, _: &Path, _: &str) -> std::io::Result<()> {
            Ok(())
        }
        fn wants_search(&self) -> bool {
            false
        }
    }
    let started = Instant::now();
    let mut diags = Vec::new();
    let mut stats = Stats::default();
    if let Some(resolved) = load_site(options, &mut diags) {
        stats = render_into(&resolved, &Discard, None, &mut diags);
        let site = &resolved.site;
        diags.extend(site_warnings(site));
        let mut report = finish_with(options, diags, stats, started, true);
        let lang = i18n::Lang::choose(options.lang, Some(&site.config.language));
        report.deadlines = deadlines::rows(site, lang);
        return report;
    }
    finish_with(options, diags, stats, started, true)
}

/// `bantin deadlines`: the site's deadlines, who owes them and whether they were met; the
/// site's language for the labels. Nothing is rendered or written.
pub fn deadline_report(options: &Options) -> (Report, i18n::Lang) {
    let started = Instant::now();
    let mut diags = Vec::new();
    let loaded = load_site(options, &mut diags);
    let lang = i18n::Lang::choose(
        options.lang,
        loaded.as_ref().map(|r| r.site.config.language.as_str()),
    );
    let rows = loaded
        .map(|r| deadlines::rows(&r.site, lang))
        .unwrap_or_default();
    let mut report = finish(options, diags, Stats::default(), started);
    report.deadlines = rows;
    (report, lang)
}

/// Warnings only `check` (and the editor's desk) gives: references it could not resolve,
/// duplicate numbers.
pub fn site_warnings(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, doc) in site.docs.iter_enumerated() {
        // Read once per document, and only when there is something to point at.
        let mut source: Option<Option<source::Source>> = None;
        for (c, target) in site.refs.citations[i].iter().enumerate() {
            if let resolve::Target::Ambiguous(number, candidates) = target {
                let mut names: Vec<&str> = candidates
                    .iter()
                    .take(resolve::AMBIGUOUS_SHOWN)
                    .map(|&d| site.docs[d].rel_path.as_str())
                    .collect();
                if candidates.len() > resolve::AMBIGUOUS_SHOWN {
                    names.push("…");
                }
                let source = source.get_or_insert_with(|| source::Source::read(&doc.path).ok());
                let mut d = Diagnostic::warning(&doc.path, codes::NUMBER_AMBIGUOUS)
                    .arg("number", number)
                    .arg("candidates", names.join(", "));
                if let Some(s) = source {
                    d =
                        d.at(
                            s.position(doc.body.start + doc.citations[c].range.start, number.len())
                        );
                }
                out.push(d);
            }
        }
        for target in &site.refs.based_on[i] {
            if let resolve::Target::Ambiguous(number, _) = target {
                out.push(
                    Diagnostic::warning(&doc.path, codes::BASED_ON_AMBIGUOUS).arg("number", number),
                );
            }
        }
    }
    out.extend(unregistered_names(site));
    let mut by_unit_number: std::collections::HashMap<(resolve::UnitId, String), resolve::DocId> =
        Default::default();
    for (i, doc) in site.docs.iter_enumerated() {
        if let Some(n) = &doc.number {
            let key = (site.doc_unit[i], resolve::number_key(n));
            if let Some(&first) = by_unit_number.get(&key) {
                if site.docs[first].date.year == doc.date.year {
                    out.push(
                        Diagnostic::warning(&doc.path, codes::NUMBER_DUPLICATE)
                            .arg("document", &doc.rel_path)
                            .arg("number", n)
                            .arg("other", &site.docs[first].rel_path),
                    );
                }
            } else {
                by_unit_number.insert(key, i);
            }
        }
    }
    out
}

/// Paths made relative, sorted, deduplicated; notes kept only for `check`.
/// Units and campaigns documents name that the site's registry does not list (when it has
/// one), other than those already reported as misspellings.
fn unregistered_names(site: &Site) -> Vec<Diagnostic> {
    /// A unit or campaign: its name, whether a registry lists it, its documents, and
    /// whether it was already reported as a misspelling.
    type Named<'a> = (&'a str, bool, &'a [resolve::DocId], bool);
    let mut out = Vec::new();
    let mut check = |registry: typos::Registry, names: Vec<Named<'_>>| {
        if !names.iter().any(|&(_, registered, _, _)| registered) {
            return; // no registry: every name is the documents' own
        }
        let file = registry.file();
        for (name, registered, docs, misspelt) in names {
            let Some(&first) = docs.last() else {
                continue;
            };
            if registered || misspelt {
                continue;
            }
            let d = Diagnostic::warning(&site.docs[first].path, codes::NAME_UNREGISTERED)
                .arg("name", name.to_string())
                .arg("documents", docs.len())
                .arg("file", file);
            out.push(typos::point_at(d, name));
        }
    };
    check(
        typos::Registry::Units,
        site.units
            .iter_enumerated()
            .map(|(u, unit)| {
                let docs = site.unit_docs[u].as_slice();
                let misspelt = site.misspelt.units.contains(&u);
                (unit.name.as_str(), unit.registered, docs, misspelt)
            })
            .collect(),
    );
    check(
        typos::Registry::Campaigns,
        site.campaigns
            .iter_enumerated()
            .map(|(c, campaign)| {
                let docs = site.campaign_docs[c].as_slice();
                let misspelt = site.misspelt.campaigns.contains(&c);
                (campaign.name.as_str(), campaign.registered, docs, misspelt)
            })
            .collect(),
    );
    out
}

fn finish(options: &Options, diags: Vec<Diagnostic>, stats: Stats, started: Instant) -> Report {
    finish_with(options, diags, stats, started, false)
}

fn finish_with(
    options: &Options,
    diags: Vec<Diagnostic>,
    stats: Stats,
    started: Instant,
    notes: bool,
) -> Report {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut diagnostics: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| notes || d.severity != diag::Severity::Note)
        .map(|d| {
            let d = d.relative_to(&cwd);
            let d = if d.file.is_absolute() {
                d.relative_to(&options.root)
            } else {
                d
            };
            d.relative_to(Path::new("."))
        })
        .collect();
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    Report {
        stats,
        diagnostics,
        elapsed: started.elapsed(),
        output_changed: false,
        deadlines: Vec::new(),
    }
}
