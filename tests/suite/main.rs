//! Integration tests: build, check, serve and browser, in one test binary.

mod bad;
mod browser;
mod browser_smoke;
mod build;
mod connections;
mod deadlines;
mod editors;
mod guide;
mod hostile;
mod import;
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
