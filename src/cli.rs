//! The command line: one clap struct per command, each with `run`. Its help and its
//! errors come from the catalogue, in the language asked for (`--lang`, `BANTIN_LANG`,
//! else Vietnamese): the site has not been read yet.

mod files;
mod localized;
mod site;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use bantin::i18n::Lang;
use bantin::msg;
use localized::early_lang;

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
