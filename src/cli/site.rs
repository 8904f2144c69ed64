//! The commands that read the site (build, publish, check, deadlines, serve), and how
//! their outcome is printed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    BuildArgs, CheckArgs, DeadlinesArgs, Format, PublishArgs, ServeArgs, SiteArgs, TableFormat,
};
use bantin::i18n::{self, Lang};
use bantin::{Options, Report, diag, msg};

fn options(site: &SiteArgs, lang: Option<Lang>, drafts: bool, base_url: Option<String>) -> Options {
    Options {
        root: site.root.clone(),
        base_url,
        drafts,
        today: site.today,
        preview: false,
        lang,
    }
}

/// The language of a report: asked for, or the site's.
fn report_lang(opts: &Options) -> Lang {
    Lang::for_site(opts.lang, &opts.root)
}

fn print_diagnostics(report: &Report, lang: Lang) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(diag::render_text(&report.diagnostics, lang).as_bytes());
}

fn summary_counts(report: &Report, lang: Lang) -> String {
    let errors = diag::count(&report.diagnostics, diag::Severity::Error);
    let warnings = diag::count(&report.diagnostics, diag::Severity::Warning);
    let notes = diag::count(&report.diagnostics, diag::Severity::Note);
    msg!(
        "counts",
        errors = errors,
        warnings = warnings,
        notes = notes
    )
    .text(lang)
}

/// `1.5` in English, `1,5` in Vietnamese.
use i18n::decimal;

impl BuildArgs {
    pub fn run(self, lang: Option<Lang>) -> ExitCode {
        match self.build(lang) {
            Some(_) => ExitCode::SUCCESS,
            None => ExitCode::FAILURE,
        }
    }

    /// The output folder, or the zip file with `--zip`.
    fn output(&self) -> PathBuf {
        let path = self.zip.as_ref().unwrap_or(&self.output);
        if path.is_absolute() {
            path.clone()
        } else {
            self.site.root.join(path)
        }
    }

    /// Builds and prints the outcome; the output (folder or zip) when the build succeeded.
    fn build(&self, lang: Option<Lang>) -> Option<PathBuf> {
        let opts = options(&self.site, lang, self.drafts, self.base_url.clone());
        let output = self.output();
        let report = match self.zip {
            Some(_) => bantin::build_zip(&opts, &output, true),
            None => bantin::build_folder(&opts, &output, true, self.full),
        };
        let lang = report_lang(&opts);
        print_diagnostics(&report, lang);
        if report.has_errors() {
            let id = if report.output_changed {
                "build-failed-output-changed"
            } else {
                "build-failed"
            };
            let line = i18n::Message::new(id)
                .arg("counts", summary_counts(&report, lang))
                .arg("output", &output);
            eprintln!("{}", line.text(lang));
            return None;
        }
        let s = report.stats;
        let line = msg!(
            "build-done",
            documents = s.documents,
            pages = s.pages,
            files = s.files,
            kept = s.kept,
            megabytes = decimal(s.bytes as f64 / 1e6, 1, lang),
            search_megabytes = decimal(s.search_bytes as f64 / 1e6, 1, lang),
            output = &output,
            seconds = decimal(report.elapsed.as_secs_f64(), 2, lang)
        );
        eprintln!("{}", line.text(lang));
        Some(output)
    }
}

impl PublishArgs {
    /// The destination is checked first, so a wrong address fails before the build.
    pub fn run(self, lang: Option<Lang>) -> ExitCode {
        use bantin::publish;
        let root = &self.build.site.root;
        let said = Lang::for_site(lang, root);
        if self.build.zip.is_some() {
            eprintln!("{}", i18n::Message::new("publish-no-zip").text(said));
            return ExitCode::FAILURE;
        }
        let mut warnings = Vec::new();
        let checked = publish::Destination::parse(&self.dest, root, &mut warnings)
            .and_then(|d| publish::check_destination(&d, root, &self.build.output()).map(|()| d));
        for w in &warnings {
            eprintln!("{}", w.render(said));
        }
        let destination = match checked {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{}", e.render(said));
                return ExitCode::FAILURE;
            }
        };
        let Some(output) = self.build.build(lang) else {
            return ExitCode::FAILURE;
        };
        publish::run(&publish::PublishOptions {
            root: root.clone(),
            output,
            destination,
            full: self.build.full,
            verify: self.verify,
            accept_new_host_key: self.accept_new_host_key,
            lang: said,
        })
    }
}

impl CheckArgs {
    pub fn run(self, lang: Option<Lang>) -> ExitCode {
        let opts = options(&self.site, lang, self.drafts, None);
        let report = bantin::check(&opts);
        let lang = report_lang(&opts);
        match self.format {
            Format::Text => {
                print_diagnostics(&report, lang);
                let overdue: Vec<_> = report
                    .deadlines
                    .iter()
                    .filter(|r| matches!(r.status, "overdue" | "late"))
                    .cloned()
                    .collect();
                if !overdue.is_empty() {
                    let text =
                        bantin::deadlines::report(&overdue, bantin::deadlines::Format::Text, lang);
                    eprint!("{text}");
                }
                let line = msg!(
                    "check-done",
                    documents = report.stats.documents,
                    counts = summary_counts(&report, lang),
                    seconds = decimal(report.elapsed.as_secs_f64(), 2, lang)
                );
                eprintln!("{}", line.text(lang));
            }
            Format::Json => {
                let diagnostics: Vec<serde_json::Value> =
                    report.diagnostics.iter().map(|d| d.to_json(lang)).collect();
                let json = serde_json::json!({
                    "language": lang.code(),
                    "documents": report.stats.documents,
                    "errors": diag::count(&report.diagnostics, diag::Severity::Error),
                    "warnings": diag::count(&report.diagnostics, diag::Severity::Warning),
                    "diagnostics": diagnostics,
                    "deadlines": report.deadlines,
                });
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json).unwrap_or_default()
                );
            }
        }
        if report.has_errors() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

impl DeadlinesArgs {
    pub fn run(self, lang: Option<Lang>) -> ExitCode {
        let opts = options(&self.site, lang, self.drafts, None);
        let (report, lang) = bantin::deadline_report(&opts);
        print_diagnostics(&report, lang);
        if report.has_errors() {
            eprintln!("bantin deadlines: {}", summary_counts(&report, lang));
            return ExitCode::FAILURE;
        }
        let format = match self.format {
            TableFormat::Text => bantin::deadlines::Format::Text,
            TableFormat::Csv => bantin::deadlines::Format::Csv,
            TableFormat::Json => bantin::deadlines::Format::Json,
        };
        let out = bantin::deadlines::report(&report.deadlines, format, lang);
        let _ = std::io::stdout().lock().write_all(out.as_bytes());
        ExitCode::SUCCESS
    }
}

impl ServeArgs {
    pub fn run(self, lang: Option<Lang>) -> ExitCode {
        bantin::serve::run(bantin::serve::ServeOptions {
            site: Options {
                preview: true,
                ..options(&self.site, lang, true, None)
            },
            port: self.port,
            bind: self.bind,
            open: self.open,
            allow_hosts: self.allow_host,
            allow_edit: self.allow_edit,
        })
    }
}
