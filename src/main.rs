//! `bantin`: arguments in, diagnostics out, exit code.

mod cli;
mod launcher;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    if std::env::args_os().len() == 1 && launcher::started_by_double_click() {
        return launcher::run();
    }
    let cli = cli::Cli::parse_localized();
    match cli.command {
        cli::Command::Build(args) => args.run(cli.lang),
        cli::Command::Check(args) => args.run(cli.lang),
        cli::Command::Serve(args) => args.run(cli.lang),
        cli::Command::Import(args) => args.run(cli.lang),
        cli::Command::Init(args) => args.run(cli.lang),
        cli::Command::New(args) => args.run(cli.lang),
        cli::Command::Theme(command) => command.run(cli.lang),
        cli::Command::Completions(args) => args.run(),
        cli::Command::Guide(args) => args.run(cli.lang),
        cli::Command::Publish(args) => args.run(cli.lang),
        cli::Command::Deadlines(args) => args.run(cli.lang),
    }
}
