//! `bantin serve`: build in memory, serve over HTTP, watch, rebuild, reload.

use std::process::ExitCode;

/// What `serve` is asked to do.
pub struct ServeOptions {
    pub site: crate::Options,
    pub port: u16,
    pub bind: std::net::IpAddr,
    pub open: bool,
}

pub fn run(_options: ServeOptions) -> ExitCode {
    ExitCode::FAILURE
}
