//! The command line: one clap struct per command, each with `run`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use bantin::{Options, Report, diag};

#[derive(Parser)]
#[command(
    name = "bantin",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("BANTIN_BUILD_DATE"), ")"),
    about = "Build a dân vận bulletin (plans, reports: Markdown with YAML front matter) into a static site.",
    long_about = "Build a dân vận bulletin into a static site.\n\n\
        A site folder holds content/ (site.yaml, units.yaml, campaigns.yaml and one Markdown file per \
        document) and, optionally, themes/ and templates/. Run bantin inside it, or give it with --root.",
    after_help = "Examples:\n  bantin init ban-tin               start a new bulletin in the folder ban-tin\n  \
        bantin new ke-hoach \"Tiêu đề\"     write a new plan (bao-cao for a report, …)\n  \
        bantin build                      build ./content into ./public\n  \
        bantin serve                      preview with live reload at http://127.0.0.1:8000/\n  \
        bantin check --format json        validate without writing, for editors and CI"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

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
}

#[derive(Args)]
#[command(after_help = "Destinations:\n  \
    E:\\bantin                          a folder: a USB stick, a share of the portal's server\n  \
    ftp://user@portal.example.vn/bantin   FTP (the path from the login folder)\n  \
    ftps://user@portal.example.vn/bantin  FTP with TLS\n  \
    sftp://user@portal.example.vn/var/www/bantin   SFTP (OpenSSH)\n\n\
    Passwords: BANTIN_FTP_PASSWORD, BANTIN_SFTP_PASSWORD (or a key: BANTIN_SFTP_KEY), or\n\
    bantin-publish.yaml beside content/ (see the README). Only files that changed since the\n\
    last publish to the same destination are sent; files bantin sent that the site no longer\n\
    has are removed, and nothing else.")]
pub struct PublishArgs {
    /// A folder, or ftp://, ftps://, sftp://user@host[:port]/folder.
    #[arg(value_name = "DEST")]
    pub dest: String,
    #[command(flatten)]
    pub build: BuildArgs,
    /// Send every file again, whatever the last publish sent.
    #[arg(long)]
    pub full: bool,
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
    bantin::content::date::parse_date(s)
        .ok()
        .and_then(|d| d.to_naive())
        .ok_or_else(|| format!("`{s}` is not a day: write YYYY-MM-DD (or 23/9/2022)"))
}

fn options(site: &SiteArgs, drafts: bool, base_url: Option<String>) -> Options {
    Options {
        root: site.root.clone(),
        base_url,
        drafts,
        today: site.today,
        preview: false,
    }
}

fn print_diagnostics(report: &Report) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(diag::render_text(&report.diagnostics).as_bytes());
}

fn summary_counts(report: &Report) -> String {
    let errors = diag::count(&report.diagnostics, diag::Severity::Error);
    let warnings = diag::count(&report.diagnostics, diag::Severity::Warning);
    let notes = diag::count(&report.diagnostics, diag::Severity::Note);
    if notes > 0 {
        format!("{errors} error(s), {warnings} warning(s), {notes} note(s)")
    } else {
        format!("{errors} error(s), {warnings} warning(s)")
    }
}

impl BuildArgs {
    pub fn run(self) -> ExitCode {
        match self.build() {
            Some(_) => ExitCode::SUCCESS,
            None => ExitCode::FAILURE,
        }
    }

    fn output(&self) -> PathBuf {
        if self.output.is_absolute() {
            self.output.clone()
        } else {
            self.site.root.join(&self.output)
        }
    }

    /// Builds and prints the outcome; the output folder when the build succeeded.
    fn build(&self) -> Option<PathBuf> {
        let opts = options(&self.site, self.drafts, self.base_url.clone());
        let output = self.output();
        let report = bantin::build(&opts, &output, true);
        print_diagnostics(&report);
        if report.has_errors() {
            if report.output_changed {
                eprintln!(
                    "bantin: build failed with {}; {} was changed: see the errors above",
                    summary_counts(&report),
                    output.display()
                );
            } else {
                eprintln!(
                    "bantin: build failed with {}; {} was left as it was",
                    summary_counts(&report),
                    output.display()
                );
            }
            return None;
        }
        let s = report.stats;
        eprintln!(
            "bantin: {} documents, {} pages, {} files ({:.1} MB, search index {:.1} MB) in {} in {:.2} s",
            s.documents,
            s.pages,
            s.files,
            s.bytes as f64 / 1e6,
            s.search_bytes as f64 / 1e6,
            output.display(),
            report.elapsed.as_secs_f64()
        );
        Some(output)
    }
}

impl PublishArgs {
    /// The destination is checked first, so a wrong address fails before the build.
    pub fn run(self) -> ExitCode {
        use bantin::publish;
        let root = &self.build.site.root;
        let vi = publish::site_is_vi(root);
        let mut warnings = Vec::new();
        let checked =
            publish::Destination::parse(&self.dest, root, &mut warnings, vi).and_then(|d| {
                publish::check_destination(&d, root, &self.build.output(), vi).map(|()| d)
            });
        for w in &warnings {
            eprintln!(
                "bantin publish: {} {w}",
                if vi { "chú ý:" } else { "warning:" }
            );
        }
        let destination = match checked {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{}", e.render(vi));
                return ExitCode::FAILURE;
            }
        };
        let Some(output) = self.build.build() else {
            return ExitCode::FAILURE;
        };
        publish::run(&publish::PublishOptions {
            root: root.clone(),
            output,
            destination,
            full: self.full,
            verify: self.verify,
            accept_new_host_key: self.accept_new_host_key,
            vi,
        })
    }
}

impl CheckArgs {
    pub fn run(self) -> ExitCode {
        let report = bantin::check(&options(&self.site, self.drafts, None));
        match self.format {
            Format::Text => {
                print_diagnostics(&report);
                let overdue: Vec<_> = report
                    .deadlines
                    .iter()
                    .filter(|r| matches!(r.status, "overdue" | "late"))
                    .cloned()
                    .collect();
                if !overdue.is_empty() {
                    // The rows carry their labels in the site's language; `vi` only words
                    // an empty list.
                    let text =
                        bantin::deadlines::report(&overdue, bantin::deadlines::Format::Text, true);
                    eprint!("{text}");
                }
                eprintln!(
                    "bantin check: {} documents, {} in {:.2} s",
                    report.stats.documents,
                    summary_counts(&report),
                    report.elapsed.as_secs_f64()
                );
            }
            Format::Json => {
                let json = serde_json::json!({
                    "documents": report.stats.documents,
                    "errors": diag::count(&report.diagnostics, diag::Severity::Error),
                    "warnings": diag::count(&report.diagnostics, diag::Severity::Warning),
                    "diagnostics": report.diagnostics,
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
    pub fn run(self) -> ExitCode {
        let outcome = bantin::import::run::run(&bantin::import::run::Options {
            root: self.root,
            dry_run: self.dry_run,
            force: self.force,
            paths: self.paths,
            today_year: chrono::Datelike::year(&chrono::Local::now().date_naive()),
            progress: !self.json,
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
            let _ = writeln!(err, "{}", outcome.summary());
        }
        if outcome.failed() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

impl DeadlinesArgs {
    pub fn run(self) -> ExitCode {
        let (report, vi) = bantin::deadline_report(&options(&self.site, self.drafts, None));
        print_diagnostics(&report);
        if report.has_errors() {
            eprintln!("bantin deadlines: {}", summary_counts(&report));
            return ExitCode::FAILURE;
        }
        let format = match self.format {
            TableFormat::Text => bantin::deadlines::Format::Text,
            TableFormat::Csv => bantin::deadlines::Format::Csv,
            TableFormat::Json => bantin::deadlines::Format::Json,
        };
        let out = bantin::deadlines::report(&report.deadlines, format, vi);
        let _ = std::io::stdout().lock().write_all(out.as_bytes());
        ExitCode::SUCCESS
    }
}

impl ServeArgs {
    pub fn run(self) -> ExitCode {
        bantin::serve::run(bantin::serve::ServeOptions {
            site: Options {
                preview: true,
                ..options(&self.site, true, None)
            },
            port: self.port,
            bind: self.bind,
            open: self.open,
            allow_hosts: self.allow_host,
        })
    }
}

fn refused(e: bantin::scaffold::Refusal) -> ExitCode {
    eprintln!("bantin: {e}");
    ExitCode::FAILURE
}

impl InitArgs {
    pub fn run(self) -> ExitCode {
        let today = chrono::Local::now().date_naive();
        match bantin::scaffold::init(&self.dir, today) {
            Ok(created) => {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "Đã tạo bản tin mới trong {}:", self.dir.display());
                for f in &created.files {
                    let _ = writeln!(out, "  {}", f.display());
                }
                let _ = writeln!(out, "\nBước tiếp theo:");
                if self.dir != std::path::Path::new(".") {
                    let _ = writeln!(out, "  cd {}", self.dir.display());
                }
                let _ = writeln!(
                    out,
                    "  bantin serve                        xem trước tại http://127.0.0.1:8000/\n  \
                     bantin new ke-hoach \"Tiêu đề\"       viết kế hoạch mới (bao-cao: báo cáo)\n  \
                     bantin build                        tạo trang web trong thư mục public/\n\
                     Đọc thêm trong tệp HƯỚNG DẪN.md."
                );
                ExitCode::SUCCESS
            }
            Err(e) => refused(e),
        }
    }
}

impl NewArgs {
    pub fn run(self) -> ExitCode {
        let Some(kind) = bantin::content::Kind::from_key(&self.kind) else {
            eprintln!(
                "bantin: “{}” không phải loại văn bản. Các loại: ke-hoach (kế hoạch), bao-cao (báo cáo), \
                 chuong-trinh, huong-dan, thong-bao, quyet-dinh, nghi-quyet, chi-thi, ket-luan, van-ban-khac.",
                self.kind
            );
            return ExitCode::FAILURE;
        };
        let date = match self.date.as_deref().map(bantin::content::date::parse_date) {
            None => None,
            Some(Ok(d)) => Some(d),
            Some(Err(_)) => {
                eprintln!(
                    "bantin: “{}” không phải ngày. Hãy viết 2026-09-23 hoặc 23/9/2026.",
                    self.date.unwrap_or_default()
                );
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
                println!("Đã tạo {}", path.display());
                println!(
                    "Mở tệp để viết nội dung; các dòng bắt đầu bằng # là ví dụ, bỏ dấu # để dùng.\n\
                     Xem trước: bantin serve"
                );
                ExitCode::SUCCESS
            }
            Err(e) => refused(e),
        }
    }
}

impl ThemeCommand {
    pub fn run(self) -> ExitCode {
        match self {
            ThemeCommand::Export(args) => match bantin::scaffold::export_theme(&args.dir) {
                Ok(files) => {
                    println!(
                        "Đã chép giao diện mặc định ({} tệp) vào {}.",
                        files.len(),
                        args.dir.display()
                    );
                    if args.dir == std::path::Path::new("themes/default") {
                        println!(
                            "bantin dùng ngay bản này; sửa các tệp trong templates/ và static/."
                        );
                    } else {
                        println!(
                            "Để dùng, ghi `theme: {}` vào content/site.yaml (thư mục phải nằm trong themes/).",
                            args.dir
                                .file_name()
                                .map(|n| n.to_string_lossy())
                                .unwrap_or_default()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => refused(e),
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
    pub fn run(self) -> ExitCode {
        match bantin::scaffold::write_guide(&self.file) {
            Ok(()) => {
                println!(
                    "Đã ghi hướng dẫn sử dụng vào {}; mở tệp này bằng trình duyệt.",
                    self.file.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => refused(e),
        }
    }
}
