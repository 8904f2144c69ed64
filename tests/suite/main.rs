//! Integration tests: build, check, serve and browser, in one test binary.
//!
//! Its own harness (libtest-mimic, the same command line and output as libtest): a test whose
//! tool is missing is reported as ignored, with the reason, rather than passing without having
//! run; under CI it fails. See `needs.rs`.

#[macro_use]
mod needs;

mod bad;
mod browser;
mod browser_smoke;
mod build;
mod connections;
mod deadlines;
mod desk;
mod editors;
mod guide;
mod hostile;
mod import;
mod incremental;
mod messages;
mod onboarding;
mod publish;
mod safety;
mod search;
mod serve;
mod serve_load;
mod support;
mod theme;
mod windows;

use libtest_mimic::{Arguments, Failed, Trial};

const MODULES: &[&[needs::Test]] = &[
    bad::TESTS,
    browser_smoke::TESTS,
    build::TESTS,
    connections::TESTS,
    deadlines::TESTS,
    desk::TESTS,
    editors::TESTS,
    guide::TESTS,
    hostile::TESTS,
    import::TESTS,
    incremental::TESTS,
    messages::TESTS,
    onboarding::TESTS,
    publish::TESTS,
    safety::TESTS,
    search::TESTS,
    serve::TESTS,
    serve_load::TESTS,
    theme::TESTS,
    windows::TESTS,
];

fn main() {
    let args = Arguments::from_args();
    let ci = needs::under_ci();
    let mut trials = Vec::new();
    let mut skipped: Vec<(&str, Vec<String>)> = Vec::new();
    for test in MODULES.iter().flat_map(|m| m.iter()) {
        let module = test.module.strip_prefix("suite::").unwrap_or(test.module);
        let name = format!("{module}::{}", test.name);
        let missing: Vec<&'static str> = if args.list {
            Vec::new()
        } else {
            test.needs.iter().filter_map(|n| n.missing()).collect()
        };
        let run = test.run;
        if missing.is_empty() {
            trials.push(Trial::test(name, move || {
                run();
                Ok(())
            }));
        } else if ci {
            let why = missing.join("; ");
            trials.push(Trial::test(name, move || {
                Err(Failed::from(format!("required under CI: {why}")))
            }));
        } else {
            for why in &missing {
                match skipped.iter_mut().find(|(w, _)| w == why) {
                    Some((_, names)) => names.push(name.clone()),
                    None => skipped.push((why, vec![name.clone()])),
                }
            }
            // Run anyway (`-- --ignored`), it fails rather than pass without having run.
            let why = missing.join("; ");
            trials.push(
                Trial::test(name, move || Err(Failed::from(format!("not run: {why}"))))
                    .with_ignored_flag(true),
            );
        }
    }
    for (why, names) in &skipped {
        eprintln!("ignored, {why}: {}", names.join(", "));
    }
    libtest_mimic::run(&args, trials).exit();
}
