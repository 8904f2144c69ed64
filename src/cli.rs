//! The command line: one clap struct per command, each with `run`. Its help and its
//! errors come from the catalogue, in the language asked for (`--lang`, `BANTIN_LANG`,
//! else Vietnamese): the site has not been read yet.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::Command as ClapCommand;
use clap::error::{ContextKind, ErrorKind};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use bantin::i18n::{self, Lang, codes};
use bantin::{Options, Report, diag, msg};

#[derive(Parser)]
#[command(
    name = "bantin",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("BANTIN_BUILD_DATE"), ")")
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of messages: vi or en (else BANTIN_LANG, else the site's language).
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

/// The language of help and argument errors, read from the arguments before clap parses
/// them (clap's own errors need it), or from `BANTIN_LANG`.
static EARLY_LANG: OnceLock<Lang> = OnceLock::new();

fn early_lang() -> Lang {
    *EARLY_LANG.get_or_init(|| {
        let args: Vec<OsString> = std::env::args_os().collect();
        let asked = args.iter().enumerate().find_map(|(i, a)| {
            let a = a.to_string_lossy();
            if a == "--lang" {
                args.get(i + 1)
                    .and_then(|v| Lang::parse(&v.to_string_lossy()))
            } else {
                a.strip_prefix("--lang=").and_then(Lang::parse)
            }
        });
        asked.or_else(Lang::from_env).unwrap_or_default()
    })
}

impl Cli {
    /// Parses the arguments with help and errors in the early language; exits on errors.
    pub fn parse_localized() -> Cli {
        let lang = early_lang();
        let mut cmd = localize(Cli::command(), lang);
        let parsed = cmd
            .try_get_matches_from_mut(std::env::args_os())
            .and_then(|m| Cli::from_arg_matches(&m));
        match parsed {
            Ok(cli) => cli,
            Err(e) => exit_with(e, lang),
        }
    }
}

/// The command with every about, help, heading, value name and usage from the catalogue.
/// Built first, so that clap's own `--help`, `--version` and `help` are there to change.
pub fn localize(mut cmd: ClapCommand, lang: Lang) -> ClapCommand {
    cmd.build();
    localize_command(cmd, lang, "bantin")
}

fn localize_command(mut cmd: ClapCommand, lang: Lang, path: &str) -> ClapCommand {
    let t = |id: &str| i18n::lookup(lang, id);
    let name = cmd.get_name().to_owned();
    let about_id = if path == "bantin" {
        "cli-about".to_owned()
    } else {
        format!("cli-{name}-about")
    };
    if let Some(about) = t(&about_id) {
        let long = t(&format!("{about_id}.long")).unwrap_or_else(|| about.clone());
        cmd = cmd.about(about).long_about(long);
    }
    if let Some(examples) = t(&format!("{about_id}.examples")) {
        cmd = cmd.after_help(examples.clone()).after_long_help(examples);
    }
    let word = |id: &'static str| i18n::text(lang, id);
    let options_heading = word("cli-heading-options");
    let arguments_heading = word("cli-heading-arguments");
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in &ids {
        // A command's own wording first (`cli-init-arg-dir`), else the shared one.
        let help = t(&format!("cli-{name}-arg-{id}")).or_else(|| t(&format!("cli-arg-{id}")));
        cmd = cmd.mut_arg(id, |mut arg| {
            if let Some(help) = help {
                arg = arg.help(help.clone()).long_help(help);
            }
            if let Some(names) = arg.get_value_names() {
                let names: Vec<String> = names
                    .iter()
                    .map(|n| t(&format!("cli-value-{}", n.to_lowercase())).unwrap_or(n.to_string()))
                    .collect();
                arg = arg.value_names(names);
            }
            let heading = if arg.is_positional() {
                &arguments_heading
            } else {
                &options_heading
            };
            // Defaults and choices are in the catalogue's help, in words.
            arg.help_heading(heading.clone())
                .hide_default_value(true)
                .hide_possible_values(true)
        });
    }
    let mut usage = format!("{path} [{}]", word("cli-value-options"));
    for arg in cmd.get_positionals() {
        let name = arg
            .get_value_names()
            .and_then(|n| n.first())
            .map_or_else(|| arg.get_id().to_string(), |n| n.to_string());
        if arg.is_required_set() {
            usage.push_str(&format!(" <{name}>"));
        } else {
            usage.push_str(&format!(" [{name}]"));
        }
    }
    if cmd.has_subcommands() {
        usage.push_str(&format!(" <{}>", word("cli-value-command")));
    }
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        word("cli-usage")
    );
    cmd = cmd
        .override_usage(usage)
        .help_template(template)
        .subcommand_help_heading(word("cli-heading-commands"))
        .subcommand_value_name(word("cli-value-command"));
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for sub in subcommands {
        let sub_path = format!("{path} {sub}");
        cmd = cmd.mut_subcommand(&sub, |s| localize_command(s, lang, &sub_path));
    }
    cmd
}

/// Says what is wrong with the arguments, in `lang`, and exits as clap does (2).
fn exit_with(e: clap::Error, lang: Lang) -> ! {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    let ctx = |kind| e.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => {
            msg!(
                "cli-error-unknown-argument",
                argument = ctx(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidSubcommand => msg!(
            "cli-error-unknown-command",
            command = ctx(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue => msg!(
            "cli-error-invalid-value",
            value = ctx(ContextKind::InvalidValue),
            argument = ctx(ContextKind::InvalidArg),
            valid = ctx(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => msg!(
            "cli-error-value",
            value = ctx(ContextKind::InvalidValue),
            argument = ctx(ContextKind::InvalidArg),
            reason = std::error::Error::source(&e)
                .map(|s| s.to_string())
                .unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => {
            msg!("cli-error-missing", argument = ctx(ContextKind::InvalidArg))
        }
        _ => {
            // The rarer errors keep clap's own (English) words, after ours.
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or_default();
            let reason = first.strip_prefix("error: ").unwrap_or(first).to_owned();
            msg!("cli-error-other", reason = reason)
        }
    };
    let mut out = format!(
        "{}: {}\n",
        i18n::text(lang, "severity-error"),
        message.text(lang)
    );
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(ctx)
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        out.push_str(&format!(
            "  {}\n",
            msg!("help-did-you-mean", suggestion = s).text(lang)
        ));
    }
    let usage = ctx(ContextKind::Usage);
    if let Some(usage) = usage.lines().next().filter(|u| !u.is_empty()) {
        let usage = usage.trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n{} {usage}\n", i18n::text(lang, "cli-usage")));
    }
    out.push_str(&format!("\n{}\n", i18n::text(lang, "cli-error-more")));
    let _ = std::io::stderr().write_all(out.as_bytes());
    std::process::exit(2);
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| msg!("cli-lang-invalid", value = s).text(early_lang()))
}

// The doc comments are for this file's readers: the help shown comes from the catalogue
// (`cli-<command>-about`, `cli-arg-<id>`).
#[derive(Subcommand)]
pub enum Command {
    /// Build the site into a folder (public/ by default).
    Build(BuildArgs),
    /// Check the content for errors and warnings without writing anything.
    Check(CheckArgs),
    /// Preview the site with live reload while you edit (drafts included).
    Serve(ServeArgs),
    /// Build the site, then send what changed to a folder or an FTP, FTPS or SFTP server.
    Publish(PublishArgs),
    /// Import Word (.docx), OpenDocument (.odt) or text files as documents of the site,
    /// reading number, date, unit, signer, recipients and deadlines from their layout.
    Import(ImportArgs),
    /// Start a new bulletin in an empty folder: settings, registries, a sample plan and report.
    Init(InitArgs),
    /// Write a new document with every front-matter key, ready to fill in.
    New(NewArgs),
    /// Work with the theme: `bantin theme export` copies the built-in theme to change it.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Print shell completions: bantin completions bash|zsh|fish|powershell.
    Completions(CompletionsArgs),
    /// Write the user's guide (in Vietnamese) as an HTML page to open in a browser.
    Guide(GuideArgs),
    /// List deadlines for the office: who owes what, what is overdue, what was reported.
    Deadlines(DeadlinesArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    /// The site folder (holding content/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace a document already imported under the same path.
    #[arg(long)]
    pub force: bool,
    /// Print the reports as JSON (for tools) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Files or folders to import (.docx, .odt, .txt, .md; folders are searched).
    #[arg(required = true, value_name = "FILE_OR_FOLDER")]
    pub paths: Vec<PathBuf>,
}

#[derive(Args)]
pub struct InitArgs {
    /// The folder to create the bulletin in; it must be empty or not exist yet.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Args)]
pub struct NewArgs {
    /// The kind: ke-hoach (plan), bao-cao (report), chuong-trinh, huong-dan, thong-bao,
    /// quyet-dinh, nghi-quyet, chi-thi, ket-luan, or the Vietnamese or English name.
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// The title (trích yếu), in quotes.
    #[arg(value_name = "TITLE")]
    pub title: String,
    /// The issuing unit; by default the first unit of units.yaml.
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// For a report: the number (or path) of the plan it reports on.
    #[arg(long, value_name = "NUMBER")]
    pub reports_on: Option<String>,
    /// The date of the document (2026-09-23, 23/9/2026, …); today by default.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The site folder (holding content/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Subcommand)]
pub enum ThemeCommand {
    /// Copy the built-in theme into the site (themes/default/ by default) to change it.
    Export(ThemeExportArgs),
}

#[derive(Args)]
pub struct ThemeExportArgs {
    /// Where to copy the theme; it must not hold files yet.
    #[arg(value_name = "DIR", default_value = "themes/default")]
    pub dir: PathBuf,
}

#[derive(Args)]
pub struct GuideArgs {
    /// The HTML file to write; it must not exist yet.
    #[arg(value_name = "FILE", default_value = "huong-dan-bantin.html")]
    pub file: PathBuf,
}

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Clone)]
pub struct SiteArgs {
    /// The site folder (holding content/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Treat this day as today for deadlines and report status (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site; replaced whole only when the build succeeds.
    #[arg(long, short, value_name = "DIR", default_value = "public")]
    pub output: PathBuf,
    /// The address the site is published at, for feeds and canonical links
    /// (e.g. https://portal.example.vn/bantin/). Links between pages never need it.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include documents marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Write the whole site into this zip file instead of a folder, to hand it over
    /// (it works unzipped and opened from disk). Relative to the site folder.
    #[arg(long, value_name = "FILE", conflicts_with = "output")]
    pub zip: Option<PathBuf>,
    /// Render every page again, keeping nothing of the last build.
    #[arg(long)]
    pub full: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format of the findings.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Include documents marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TableFormat {
    Text,
    Csv,
    Json,
}

#[derive(Args)]
pub struct DeadlinesArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// text for reading, csv for a spreadsheet (Excel opens it with its Vietnamese letters),
    /// json for other programs.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TableFormat,
    /// Include documents marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 8000)]
    pub port: u16,
    /// Address to listen on. Only 127.0.0.1 is private to this computer.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Also answer requests for this host name (besides localhost and IP addresses);
    /// may be given more than once. Other names get 403, against DNS rebinding.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Keep the editor's desk (/__bantin/soan-thao/), which writes into content/, when
    /// --bind is a network address. Only on a trusted network.
    #[arg(long = "allow-edit")]
    pub allow_edit: bool,
}

/// Destinations and passwords are told after the options (`cli-publish-about.examples`).
#[derive(Args)]
pub struct PublishArgs {
    /// A folder, or ftp://, ftps://, sftp://user@host[:port]/folder.
    #[arg(value_name = "DEST")]
    pub dest: String,
    // `--full` (of `build`) also sends every file again, whatever the last publish sent.
    #[command(flatten)]
    pub build: BuildArgs,
    /// List the destination first and send again what is missing there or has another size
    /// (when someone else may have changed it).
    #[arg(long)]
    pub verify: bool,
    /// Trust and remember an SFTP server's key on the first connection.
    #[arg(long)]
    pub accept_new_host_key: bool,
}

/// A day in any form front matter accepts (`2022-09-23`, `23/9/2022`, …).
fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    bantin::date::parse_date(s)
        .ok()
        .and_then(|d| d.to_naive())
        .ok_or_else(|| msg!("today-invalid", value = s).text(early_lang()))
}

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

impl ImportArgs {
    pub fn run(self, lang: Option<Lang>) -> ExitCode {
        let outcome = bantin::import::run::run(&bantin::import::run::Options {
            root: self.root,
            dry_run: self.dry_run,
            force: self.force,
            paths: self.paths,
            today_year: chrono::Datelike::year(&chrono::Local::now().date_naive()),
            progress: !self.json,
            lang,
        });
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&outcome.reports).unwrap_or_default()
            );
        } else {
            let mut err = std::io::stderr().lock();
            for r in &outcome.reports {
                let _ =
                    err.write_all(bantin::import::report::render_text(r, outcome.lang).as_bytes());
            }
            let _ = writeln!(err, "{}", outcome.summary().text(outcome.lang));
        }
        if outcome.failed() {
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

fn refused(e: bantin::scaffold::Refusal, lang: Lang) -> ExitCode {
    eprintln!("{}", e.0.render(lang));
    ExitCode::FAILURE
}

impl InitArgs {
    pub fn run(self, lang: Option<Lang>) -> ExitCode {
        let lang = Lang::choose(lang, None);
        let today = chrono::Local::now().date_naive();
        match bantin::scaffold::init(&self.dir, today) {
            Ok(created) => {
                let mut out = std::io::stdout().lock();
                let said = msg!("init-done", folder = &self.dir).text(lang);
                let _ = writeln!(out, "{said}");
                for f in &created.files {
                    let _ = writeln!(out, "  {}", f.display());
                }
                let _ = writeln!(out, "\n{}", i18n::text(lang, "init-next"));
                if self.dir != std::path::Path::new(".") {
                    let _ = writeln!(out, "  cd {}", self.dir.display());
                }
                for (command, id) in [
                    ("bantin serve", "init-step-serve"),
                    ("bantin new ke-hoach \"Tiêu đề\"", "init-step-new"),
                    ("bantin build", "init-step-build"),
                ] {
                    let _ = writeln!(out, "  {command:<36}{}", i18n::text(lang, id));
                }
                let _ = writeln!(out, "{}", i18n::text(lang, "init-read-guide"));
                ExitCode::SUCCESS
            }
            Err(e) => refused(e, lang),
        }
    }
}

impl NewArgs {
    pub fn run(self, lang: Option<Lang>) -> ExitCode {
        let lang = Lang::for_site(lang, &self.root);
        let Some(kind) = bantin::content::Kind::from_key(&self.kind) else {
            let d = diag::Diagnostic::error("", codes::NEW_KIND_UNKNOWN).arg("kind", &self.kind);
            eprintln!("{}", d.render(lang));
            return ExitCode::FAILURE;
        };
        let date = match self.date.as_deref().map(bantin::date::parse_date) {
            None => None,
            Some(Ok(d)) => Some(d),
            Some(Err(_)) => {
                let d = diag::Diagnostic::error("", codes::NEW_DATE_INVALID)
                    .arg("date", self.date.unwrap_or_default());
                eprintln!("{}", d.render(lang));
                return ExitCode::FAILURE;
            }
        };
        let today = chrono::Local::now().date_naive();
        let new = bantin::scaffold::NewDocument {
            kind,
            title: self.title.trim(),
            unit: self.unit.as_deref(),
            reports_on: self.reports_on.as_deref(),
            date,
        };
        match bantin::scaffold::new_document(&self.root, today, &new) {
            Ok(path) => {
                println!("{}", msg!("new-done", path = &path).text(lang));
                println!("{}", i18n::text(lang, "new-next"));
                ExitCode::SUCCESS
            }
            Err(e) => refused(e, lang),
        }
    }
}

impl ThemeCommand {
    pub fn run(self, lang: Option<Lang>) -> ExitCode {
        let lang = Lang::for_site(lang, std::path::Path::new("."));
        match self {
            ThemeCommand::Export(args) => match bantin::scaffold::export_theme(&args.dir) {
                Ok(files) => {
                    let done = msg!("theme-exported", files = files.len(), folder = &args.dir);
                    println!("{}", done.text(lang));
                    if args.dir == std::path::Path::new("themes/default") {
                        println!("{}", i18n::text(lang, "theme-exported-in-use"));
                    } else {
                        let name = args
                            .dir
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        println!(
                            "{}",
                            msg!("theme-exported-elsewhere", name = name).text(lang)
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => refused(e, lang),
            },
        }
    }
}

impl CompletionsArgs {
    pub fn run(self) -> ExitCode {
        use clap::CommandFactory;
        let mut cmd = Cli::command();
        clap_complete::generate(self.shell, &mut cmd, "bantin", &mut std::io::stdout());
        ExitCode::SUCCESS
    }
}

impl GuideArgs {
    pub fn run(self, lang: Option<Lang>) -> ExitCode {
        let lang = Lang::choose(lang, None);
        match bantin::scaffold::write_guide(&self.file) {
            Ok(()) => {
                println!("{}", msg!("guide-written", file = &self.file).text(lang));
                ExitCode::SUCCESS
            }
            Err(e) => refused(e, lang),
        }
    }
}
