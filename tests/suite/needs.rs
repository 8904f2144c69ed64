//! What a test needs beyond cargo (a browser, node, Python modules, servers, Wine), looked for
//! once when the suite starts. A test whose need is missing is reported as ignored, with the
//! reason and how to install it, never counted as passed; under CI (`CI=true` or `1`) it
//! fails instead. Each module lists its tests and their needs with [`tests!`].

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::support::repo;

/// Something outside cargo that some tests cannot run without.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Headless Chromium and chromedriver.
    Chromium,
    /// axe-core, installed from tests/browser/package-lock.json.
    Axe,
    /// node, to run the real search.js.
    Node,
    /// The independent feed, calendar and XML parsers.
    PythonParsers,
    /// pyftpdlib (with pyopenssl and openssl for FTPS).
    FtpServer,
    /// OpenSSH's sshd and ssh-keygen.
    SshServer,
    /// Running as root, with setpriv to run bantin as the user nobody.
    RootAndSetpriv,
    /// pdftotext and pdfinfo, to read printed PDFs.
    Poppler,
    /// Wine, the mingw linker and the Windows rustup target.
    Wine,
    /// The Windows package `bash dist/build.sh` makes.
    WindowsPackage,
}

const ALL_NEEDS: usize = 10;

impl Need {
    /// What is missing and how to install it, or `None` when the need is met. Looked for once.
    pub fn missing(self) -> Option<&'static str> {
        static FOUND: [OnceLock<Option<String>>; ALL_NEEDS] =
            [const { OnceLock::new() }; ALL_NEEDS];
        FOUND[self as usize].get_or_init(|| self.look()).as_deref()
    }

    fn look(self) -> Option<String> {
        let python = |modules: &str| {
            Command::new("python3")
                .args(["-c", &format!("import {modules}")])
                .output()
                .is_ok_and(|o| o.status.success())
        };
        let runs = |program: &str, arg: &str| {
            Command::new(program)
                .arg(arg)
                .output()
                .is_ok_and(|o| o.status.success())
        };
        let (met, what) = match self {
            Need::Chromium => (
                chromium_and_driver().is_some(),
                "chromium/chromedriver not found (apt-get install chromium chromium-driver)",
            ),
            Need::Axe => (
                axe_script().is_file(),
                "axe-core not installed (npm ci --prefix tests/browser)",
            ),
            Need::Node => (
                runs("node", "--version"),
                "node not found (apt-get install nodejs)",
            ),
            Need::PythonParsers => (
                python("feedparser, icalendar, lxml"),
                "feedparser, icalendar or lxml not installed \
                 (python3 -m pip install feedparser icalendar lxml)",
            ),
            Need::FtpServer => (
                python("pyftpdlib, OpenSSL") && runs("openssl", "version"),
                "pyftpdlib, pyopenssl or openssl not installed \
                 (python3 -m pip install pyftpdlib pyopenssl; apt-get install openssl)",
            ),
            Need::SshServer => (
                Path::new("/usr/sbin/sshd").is_file() && find_program("ssh-keygen").is_some(),
                "OpenSSH's sshd or ssh-keygen not found \
                 (apt-get install openssh-server openssh-client)",
            ),
            Need::RootAndSetpriv => (
                is_root() && find_program("setpriv").is_some(),
                "not running as root with setpriv (util-linux): cannot run bantin as nobody",
            ),
            Need::Poppler => (
                find_program("pdftotext").is_some() && find_program("pdfinfo").is_some(),
                "pdftotext or pdfinfo not found (apt-get install poppler-utils)",
            ),
            Need::Wine => {
                return wine_missing();
            }
            Need::WindowsPackage => (
                windows_package().is_some(),
                "no Windows package in target/dist (bash dist/build.sh)",
            ),
        };
        (!met).then(|| what.to_owned())
    }
}

/// One test of the suite, as a module lists it.
pub struct Test {
    pub module: &'static str,
    pub name: &'static str,
    pub run: fn(),
    pub needs: &'static [Need],
}

/// Lists a module's tests, each with what it needs: `name: Chromium, Axe;` or `name;`, with
/// any `#[cfg(...)]` before it. A test left out of the list is dead code, which clippy refuses.
#[macro_export]
macro_rules! tests {
    ($($(#[$attr:meta])* $name:ident $(: $($need:ident),+)?;)*) => {
        pub const TESTS: &[$crate::needs::Test] = &[$(
            $(#[$attr])*
            $crate::needs::Test {
                module: module_path!(),
                name: stringify!($name),
                run: $name,
                needs: &[$($($crate::needs::Need::$need),+)?],
            },
        )*];
    };
}

pub fn under_ci() -> bool {
    matches!(std::env::var("CI").as_deref(), Ok("true") | Ok("1"))
}

/// `name` if it is an executable file path, else the first match on PATH.
pub fn find_program(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        return Path::new(name).is_file().then(|| PathBuf::from(name));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Chromium (`BANTIN_CHROMIUM`, else Debian's) and chromedriver.
pub fn chromium_and_driver() -> Option<(PathBuf, PathBuf)> {
    let chromium = std::env::var("BANTIN_CHROMIUM")
        .ok()
        .and_then(|p| find_program(&p))
        .or_else(|| find_program("/usr/bin/chromium"))
        .or_else(|| find_program("chromium"))?;
    let driver = find_program("chromedriver").or_else(|| find_program("/usr/bin/chromedriver"))?;
    Some((chromium, driver))
}

pub fn axe_script() -> PathBuf {
    repo().join("tests/browser/node_modules/axe-core/axe.min.js")
}

/// The Windows package `dist/build.sh` made (CI runs it before the tests).
pub fn windows_package() -> Option<PathBuf> {
    std::fs::read_dir(repo().join("target/dist"))
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("-windows-x64.zip"))
}

pub const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

fn wine_missing() -> Option<String> {
    if find_program("wine").is_none() {
        return Some("wine not found (apt-get install wine wine64)".into());
    }
    if find_program("x86_64-w64-mingw32-gcc").is_none() {
        return Some(
            "x86_64-w64-mingw32-gcc not found (apt-get install gcc-mingw-w64-x86-64)".into(),
        );
    }
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    match sysroot {
        Ok(root) if root.join("lib/rustlib").join(WINDOWS_TARGET).is_dir() => None,
        _ => Some(format!(
            "the Rust target {WINDOWS_TARGET} is not installed (rustup target add {WINDOWS_TARGET})"
        )),
    }
}

#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    // A file this process creates belongs to its effective user.
    tempfile::tempfile()
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.uid() == 0)
}

#[cfg(not(unix))]
fn is_root() -> bool {
    false
}
