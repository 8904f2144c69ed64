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
    let one_shot = !matches!(cli.command, cli::Command::Serve(_));
    if one_shot {
        small_pages();
    }
    let code = match cli.command {
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
    };
    if one_shot {
        // Its memory goes back to the system as the process ends: not handed back first.
        bantin::memory::keep_freed();
    }
    code
}

/// A one-shot command touches most of its memory once. On Linux set to give transparent
/// huge pages to every mapping, each first touch of 2 MiB is zeroed whole, and in a virtual
/// machine that zeroing costs more than the work: half the CPU of an incremental build at
/// 10,000 documents, measured with `perf`. Ordinary pages cost a fault each, a third as
/// much there. `serve` keeps its memory and is left as the system sets it.
fn small_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
