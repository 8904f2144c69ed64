//! `bantin`: arguments in, diagnostics out, exit code.

mod cli;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
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
