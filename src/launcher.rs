//! `bantin.exe` double-clicked: no arguments, a console window of its own. Rather than print
//! the usage and vanish with its window, preview the bulletin of its folder in the browser,
//! offering to create a starter bulletin where there is none, and keep the window open on
//! an error so that it can be read.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bantin::i18n::{self, Lang, Message};

/// The preview's usual port; a free one when another program holds it.
const PORT: u16 = 8000;

/// Whether Windows opened a console for this process alone, as Explorer does for a
/// double-click; a program run from cmd or PowerShell shares their console.
#[cfg(windows)]
pub fn started_by_double_click() -> bool {
    let mut ids = [0u32; 2];
    // SAFETY: the buffer holds `ids.len()` process ids, as the call is told.
    let attached =
        unsafe { windows_sys::Win32::System::Console::GetConsoleProcessList(ids.as_mut_ptr(), 2) };
    attached == 1
}

#[cfg(not(windows))]
pub fn started_by_double_click() -> bool {
    false
}

pub fn run() -> ExitCode {
    // No site yet to take a language from: BANTIN_LANG, else Vietnamese.
    let lang = Lang::choose(None, None);
    let code = match site_folder(lang) {
        Some(root) => preview(root),
        None => ExitCode::FAILURE,
    };
    // The window closes with the process: leave what went wrong on screen.
    if code != ExitCode::SUCCESS {
        eprintln!();
        eprint!("{}", i18n::text(lang, "launcher-press-enter"));
        let _ = std::io::stdin().lock().read_line(&mut String::new());
    }
    code
}

/// The folder to preview: the exe's own or the current one, whichever holds `content/`;
/// otherwise the exe's, once the user agreed to a starter bulletin there.
fn site_folder(lang: Lang) -> Option<PathBuf> {
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    let current = std::env::current_dir().ok();
    let candidates: Vec<PathBuf> = exe_dir.iter().chain(current.iter()).cloned().collect();
    if let Some(found) = candidates.iter().find(|d| d.join("content").is_dir()) {
        return Some(found.clone());
    }
    let home = candidates.into_iter().next()?;
    println!("{}\n", i18n::text(lang, "launcher-intro"));
    println!(
        "{}",
        Message::new("launcher-no-bulletin")
            .arg("folder", &home)
            .text(lang)
    );
    print!("{} ", i18n::text(lang, "launcher-ask"));
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return None;
    }
    let answer = answer.trim().to_lowercase();
    if !(answer.is_empty() || ["c", "có", "co", "y", "yes"].contains(&answer.as_str())) {
        println!("{}", i18n::text(lang, "launcher-declined"));
        return None;
    }
    let today = chrono::Local::now().date_naive();
    match bantin::scaffold::write_starter(&home, today) {
        Ok(_) => {
            println!(
                "{}\n",
                Message::new("launcher-created")
                    .arg("folder", &home)
                    .text(lang)
            );
            Some(home)
        }
        Err(refusal) => {
            eprintln!("{}", refusal.0.render(lang));
            None
        }
    }
}

fn preview(root: PathBuf) -> ExitCode {
    let lang = Lang::for_site(None, &root);
    println!(
        "{}\n",
        Message::new("launcher-opening")
            .arg("folder", &root)
            .text(lang)
    );
    let port = if std::net::TcpListener::bind(("127.0.0.1", PORT)).is_ok() {
        PORT
    } else {
        0
    };
    bantin::serve::run(bantin::serve::ServeOptions {
        site: bantin::Options {
            drafts: true,
            ..bantin::Options::new(root)
        },
        port,
        bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        open: true,
        allow_edit: false,
        allow_hosts: Vec::new(),
    })
}
