//! The commands that write files for the editor (import, init, new, theme export, guide),
//! and shell completions.

use std::io::Write;
use std::process::ExitCode;

use super::{Cli, CompletionsArgs, GuideArgs, ImportArgs, InitArgs, NewArgs, ThemeCommand};
use bantin::i18n::{self, Lang, codes};
use bantin::{diag, msg};

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
