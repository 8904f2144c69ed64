//! `bantin`: arguments in, diagnostics out, exit code.

mod cli;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Build(args) => args.run(),
        cli::Command::Check(args) => args.run(),
        cli::Command::Serve(args) => args.run(),
        cli::Command::Import(args) => args.run(),
    }
}
