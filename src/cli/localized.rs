//! Help and argument errors in the language asked for, read before clap parses anything.

use std::ffi::OsString;
use std::io::Write;
use std::sync::OnceLock;

use clap::Command as ClapCommand;
use clap::error::{ContextKind, ErrorKind};
use clap::{CommandFactory, FromArgMatches};

use super::Cli;
use bantin::i18n::{self, Lang};
use bantin::msg;

/// The language of help and argument errors, read from the arguments before clap parses
/// them (clap's own errors need it), or from `BANTIN_LANG`.
static EARLY_LANG: OnceLock<Lang> = OnceLock::new();

pub(super) fn early_lang() -> Lang {
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
