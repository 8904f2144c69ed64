//! The Windows build, `bantin.exe`, run under Wine: the same site byte for byte as the Linux
//! build, `check`'s exit codes, `serve` over HTTP with reload, and a site in a folder with a
//! Vietnamese name and spaces, given with backslashes, its files saved with CRLF and a BOM.
//!
//! The exe is cross-built once per test run (`x86_64-pc-windows-gnu`, release, in
//! `target/windows` so the outer cargo's lock is not in the way; `dist/build.sh` builds the
//! same one, so after it this is a no-op). The Wine prefix lives in `target/windows/wine`.
//! Debian's Wine 8 lacks `bcryptprimitives.dll`, from which Rust's standard library takes
//! random bytes on Windows; a small stand-in (`tests/windows/processprng.c`) is built with
//! mingw beside the test copy of the exe only. Without wine, mingw or the rustup target the
//! tests are reported as ignored, and fail under CI (`Need::Wine`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{OnceLock, mpsc};
use std::time::{Duration, Instant};

use crate::needs::{WINDOWS_TARGET as TARGET, find_program, windows_package};
use crate::support::{TODAY, bin, copy_tree, output_files, repo};

crate::tests! {
    windows_build_of_the_bundled_site_is_byte_identical_to_linux: Wine;
    windows_check_exits_0_on_a_good_site_and_1_with_the_error_located: Wine;
    windows_site_in_a_vietnamese_folder_with_crlf_and_bom_builds_as_on_linux: Wine;
    windows_serve_answers_over_http_and_reloads_after_an_edit: Wine;
    the_windows_package_holds_the_exe_launchers_and_starter_but_not_the_test_dll: WindowsPackage;
    the_packaged_xuat_ban_bat_builds_then_publishes_to_the_address_given: Wine, WindowsPackage;
    windows_import_of_a_docx_writes_what_linux_writes: Wine;
}

/// The exe and the Wine prefix it runs in.
struct Windows {
    wine: PathBuf,
    prefix: PathBuf,
    /// The test copy of bantin.exe, with the ProcessPrng stand-in beside it.
    exe: PathBuf,
}

/// Built once per test process (the tests list `Need::Wine`, so the tools are there).
fn windows() -> &'static Windows {
    static WINDOWS: OnceLock<Result<Windows, String>> = OnceLock::new();
    match WINDOWS.get_or_init(prepare) {
        Ok(w) => w,
        Err(why) => panic!("the Windows suite cannot run: {why}"),
    }
}

fn prepare() -> Result<Windows, String> {
    let wine = find_program("wine").ok_or("wine not found (apt-get install wine wine64)")?;
    let gcc = find_program("x86_64-w64-mingw32-gcc")
        .ok_or("x86_64-w64-mingw32-gcc not found (apt-get install gcc-mingw-w64-x86-64)")?;
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .map_err(|e| format!("rustc: {e}"))?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    if !sysroot.join("lib/rustlib").join(TARGET).is_dir() {
        return Err(format!(
            "the Rust target {TARGET} is not installed (rustup target add {TARGET})"
        ));
    }

    let target_dir = repo().join("target/windows");
    let started = Instant::now();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let built = Command::new(cargo)
        .args(["build", "--release", "--locked", "--target", TARGET])
        .env("CARGO_TARGET_DIR", &target_dir)
        .current_dir(repo())
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    assert!(
        built.status.success(),
        "cross-building bantin.exe failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    eprintln!(
        "windows: bantin.exe built in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // The exe and the stand-in DLL in a folder of their own: never beside the shipped exe.
    let dir = target_dir.join("wine-test");
    std::fs::create_dir_all(&dir).expect("test folder");
    let exe = dir.join("bantin.exe");
    std::fs::copy(target_dir.join(TARGET).join("release/bantin.exe"), &exe)
        .expect("copy bantin.exe");
    let shim = Command::new(gcc)
        .args(["-shared", "-O2", "-s", "-o"])
        .arg(dir.join("bcryptprimitives.dll"))
        .arg(repo().join("tests/windows/processprng.c"))
        .arg("-ladvapi32")
        .output()
        .map_err(|e| format!("mingw gcc: {e}"))?;
    assert!(
        shim.status.success(),
        "building the ProcessPrng stand-in failed:\n{}",
        String::from_utf8_lossy(&shim.stderr)
    );

    let w = Windows {
        wine,
        prefix: target_dir.join("wine"),
        exe,
    };
    // The first run creates the prefix (some seconds); later runs reuse it.
    let started = Instant::now();
    let version = w.run(&["--version"], None);
    assert!(
        version.status.success() && String::from_utf8_lossy(&version.stdout).contains("bantin"),
        "bantin.exe --version under Wine: {}\n{}",
        version.status,
        String::from_utf8_lossy(&version.stderr)
    );
    eprintln!(
        "windows: Wine ready in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(w)
}

impl Windows {
    fn command(&self, args: &[&str], cwd: Option<&Path>) -> Command {
        let mut c = Command::new(&self.wine);
        c.arg(&self.exe)
            .args(args)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            // No Mono or Gecko installer prompts when the prefix is made.
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            // Arguments and output pass through as UTF-8.
            .env("LANG", "C.UTF-8")
            .env_remove("DISPLAY")
            .stdin(Stdio::null());
        if let Some(dir) = cwd {
            c.current_dir(dir);
        }
        c
    }

    fn run(&self, args: &[&str], cwd: Option<&Path>) -> Output {
        self.command(args, cwd).output().expect("run wine")
    }
}

/// `Z:\tmp\…`: how a Windows program names a Linux path under Wine, with backslashes.
fn dos(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The bundled site built by the Linux binary.
fn linux_build(root: &Path, out: &Path) {
    let built = Command::new(bin())
        .args(["build", "--today", TODAY, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .expect("run bantin");
    assert!(built.status.success(), "{}", text(&built.stderr));
}

/// Two output trees are the same files with the same bytes.
fn assert_same_tree(linux: &Path, windows: &Path) {
    let (a, b) = (output_files(linux), output_files(windows));
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same files");
    let differ: Vec<&str> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, _)| x.0.as_str())
        .collect();
    assert!(
        differ.is_empty(),
        "files differ between Linux and Windows: {differ:?}"
    );
    assert!(a.len() > 20, "a whole site: {} files", a.len());
}

fn windows_build_of_the_bundled_site_is_byte_identical_to_linux() {
    let w = windows();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo().join("content"), &root.join("content"));
    linux_build(&root, &dir.path().join("linux"));

    let started = Instant::now();
    let out = w.run(
        &["build", "--today", TODAY, "--output", "..\\windows"],
        Some(&root),
    );
    assert!(
        out.status.success(),
        "bantin.exe build:\n{}",
        text(&out.stderr)
    );
    eprintln!(
        "windows: build of the bundled site under Wine in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_same_tree(&dir.path().join("linux"), &dir.path().join("windows"));

    // A second build replaces the first (the swap of output folders, on Windows).
    std::fs::write(dir.path().join("windows/.htaccess"), "kept").unwrap();
    let again = w.run(
        &["build", "--today", TODAY, "--output", "..\\windows"],
        Some(&root),
    );
    assert!(
        again.status.success(),
        "second build:\n{}",
        text(&again.stderr)
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("bantin"))
        .collect();
    assert_eq!(
        leftovers,
        [".windows.bantin-spare"],
        "no staging or old folders left, only the site before, kept for the next build"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("windows/.htaccess")).unwrap(),
        "kept"
    );
    // A third build starts from that site: the same tree again.
    let third = w.run(
        &["build", "--today", TODAY, "--output", "..\\windows"],
        Some(&root),
    );
    assert!(
        third.status.success(),
        "third build:\n{}",
        text(&third.stderr)
    );
    std::fs::remove_file(dir.path().join("windows/.htaccess")).unwrap();
    assert_same_tree(&dir.path().join("linux"), &dir.path().join("windows"));
}

fn windows_check_exits_0_on_a_good_site_and_1_with_the_error_located() {
    let w = windows();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo().join("tests/sites/basic"), &root);

    let good = w.run(&["check", "--root", &dos(&root)], None);
    assert_eq!(good.status.code(), Some(0), "{}", text(&good.stderr));
    assert!(
        text(&good.stderr).contains(", 0 lỗi,"),
        "{}",
        text(&good.stderr)
    );

    std::fs::copy(
        repo().join("tests/bad/invalid-yaml.md"),
        root.join("content/2022/invalid-yaml.md"),
    )
    .unwrap();
    let bad = w.run(&["check"], Some(&root));
    let stderr = text(&bad.stderr);
    assert_eq!(bad.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "invalid-yaml.md:5:5: lỗi BT011: Phần khai báo đầu văn bản viết sai cú pháp YAML"
        ),
        "{stderr}"
    );

    let json = w.run(&["check", "--format", "json"], Some(&root));
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(report["errors"], 1, "{report}");

    let usage = w.run(&["check", "--no-such-option"], Some(&root));
    assert_eq!(usage.status.code(), Some(2), "a usage error");
}

fn windows_site_in_a_vietnamese_folder_with_crlf_and_bom_builds_as_on_linux() {
    let w = windows();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("Bản tin xã Hòa Bình");
    copy_tree(&repo().join("tests/sites/basic"), &root);
    // Every text file as a Windows editor saves it: a byte-order mark and CRLF.
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let is_text = entry
            .path()
            .extension()
            .is_some_and(|e| e == "md" || e == "yaml");
        if is_text {
            let plain = std::fs::read_to_string(entry.path()).unwrap();
            let windows = format!("\u{feff}{}", plain.replace('\n', "\r\n"));
            std::fs::write(entry.path(), windows).unwrap();
        }
    }
    linux_build(&root, &dir.path().join("linux"));

    let out_dir = dir.path().join("Trang web đã dựng");
    let out = w.run(
        &[
            "build",
            "--today",
            TODAY,
            "--root",
            &dos(&root),
            "--output",
            &dos(&out_dir),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "bantin.exe build:\n{}",
        text(&out.stderr)
    );
    assert_same_tree(&dir.path().join("linux"), &out_dir);
}

/// A running `bantin.exe serve` under Wine, killed when dropped.
struct WineServe {
    child: Child,
    addr: String,
    agent: ureq::Agent,
}

impl Drop for WineServe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl WineServe {
    fn get(&self, path: &str) -> (u16, String) {
        let mut reply = self
            .agent
            .get(&format!("http://{}{path}", self.addr))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = reply.status().as_u16();
        (
            status,
            reply.body_mut().read_to_string().unwrap_or_default(),
        )
    }

    fn version(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/__bantin/version").1).expect("version JSON")
    }
}

fn windows_serve_answers_over_http_and_reloads_after_an_edit() {
    let w = windows();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo().join("tests/sites/basic"), &root);

    let mut child = w
        .command(&["serve", "--port", "0", "--today", TODAY], Some(&root))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start bantin.exe serve");
    let stderr = child.stderr.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut log = String::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let addr = loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| {
                let _ = child.kill();
                panic!("serve under Wine printed no address:\n{log}")
            });
        log.push_str(&line);
        log.push('\n');
        if let Some(rest) = line.strip_prefix("bantin serve: http://") {
            break rest.split('/').next().unwrap_or_default().to_owned();
        }
    };
    let s = WineServe {
        child,
        addr,
        agent: ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into(),
    };

    let (status, home) = s.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("<html"), "a page: {home:.200}");
    let before = s.version();

    let doc = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .expect("a document")
        .into_path();
    let mut source = std::fs::read_to_string(&doc).unwrap();
    source.push_str("\nĐoạn thêm khi sửa dưới Wine.\n");
    std::fs::write(&doc, source).unwrap();

    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let now = s.version();
        if now["html"] != before["html"] {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no rebuild within 60 s after the edit; version {now}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// What an office unzips: never the ProcessPrng stand-in; launchers with CRLF and UTF-8
/// names; the guide as one page.
fn the_windows_package_holds_the_exe_launchers_and_starter_but_not_the_test_dll() {
    let zip = windows_package().expect("the test lists Need::WindowsPackage");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let top = names[0].split('/').next().unwrap().to_owned();
    for wanted in [
        "bantin.exe",
        "Xem trước.bat",
        "Xuất bản.bat",
        "README.txt",
        "Hướng dẫn sử dụng.html",
        "content/site.yaml",
    ] {
        assert!(
            names.contains(&format!("{top}/{wanted}")),
            "{wanted} in the package: {names:?}"
        );
    }
    assert!(
        !names
            .iter()
            .any(|n| n.to_lowercase().contains("bcryptprimitives")),
        "the test stand-in DLL is never shipped: {names:?}"
    );
    for bat in ["Xem trước.bat", "Xuất bản.bat"] {
        let mut entry = archive.by_name(&format!("{top}/{bat}")).unwrap();
        assert!(
            entry.name_raw().is_ascii() || has_utf8_flag(&zip, bat),
            "{bat}: UTF-8 flag"
        );
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
        assert!(
            text.starts_with("@echo off\r\nchcp 65001"),
            "{bat}: {text:.40}"
        );
        assert!(
            text.split_terminator('\n').all(|l| l.ends_with('\r')) && !text.contains("\r\r"),
            "{bat}: every line ends CRLF"
        );
    }
}

/// `Xuất bản.bat` from the unzipped package, run by Wine's cmd as a double-click would:
/// it builds into `public\`; with an address in `noi-xuat-ban.txt` it publishes there.
fn the_packaged_xuat_ban_bat_builds_then_publishes_to_the_address_given() {
    let zip = windows_package().expect("the test lists Need::WindowsPackage");
    let w = windows();
    let dir = tempfile::tempdir().unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    archive.extract(dir.path()).unwrap();
    let top = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    // The stand-in Wine 8 needs, beside this test copy of the package only.
    std::fs::copy(
        w.exe.with_file_name("bcryptprimitives.dll"),
        top.join("bcryptprimitives.dll"),
    )
    .unwrap();
    let run_bat = || {
        let out = Command::new(&w.wine)
            .args(["cmd", "/c", "Xuất bản.bat"])
            .current_dir(&top)
            .env("WINEPREFIX", &w.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env("LANG", "C.UTF-8")
            .env_remove("DISPLAY")
            .stdin(Stdio::null())
            .output()
            .expect("wine cmd");
        (text(&out.stdout), text(&out.stderr))
    };

    let (said, errors) = run_bat();
    assert!(
        top.join("public/index.html").is_file(),
        "Xuất bản.bat built nothing:\n{said}\n{errors}"
    );
    // Wine's cmd re-encodes what a batch file echoes into a pipe: check its ASCII words.
    assert!(
        said.contains("noi-xuat-ban.txt"),
        "says how to publish next time: {said}"
    );

    // cmd's `set /p` under Wine reads the file in the ANSI code page: an ASCII address here.
    let portal = dir.path().join("cong thong tin");
    std::fs::write(
        top.join("noi-xuat-ban.txt"),
        format!("{}\r\n", dos(&portal)),
    )
    .unwrap();
    let (said, errors) = run_bat();
    assert!(
        portal.join("index.html").is_file(),
        "Xuất bản.bat published nothing to {}:\n{said}\n{errors}",
        portal.display()
    );
    // The site, whole; bantin's own output marker stays home.
    std::fs::remove_file(top.join("public/.bantin-output")).unwrap();
    assert_same_tree(&top.join("public"), &portal);
    assert!(!said.contains("noi-xuat-ban.txt"), "{said}");
}

/// Whether the central directory entry named `name` sets general-purpose bit 11 (UTF-8).
fn has_utf8_flag(zip: &Path, name: &str) -> bool {
    let bytes = std::fs::read(zip).unwrap();
    let needle = name.as_bytes();
    bytes.windows(4).enumerate().any(|(i, w)| {
        if w != b"PK\x01\x02" || i + 46 > bytes.len() {
            return false;
        }
        let flags = u16::from_le_bytes([bytes[i + 8], bytes[i + 9]]);
        let len = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
        let entry = &bytes[i + 46..(i + 46 + len).min(bytes.len())];
        entry.ends_with(needle) && flags & (1 << 11) != 0
    })
}

fn windows_import_of_a_docx_writes_what_linux_writes() {
    let w = windows();
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("Kế hoạch số 1.docx");
    std::fs::copy(repo().join("tests/import/000.docx"), &docx).unwrap();
    let (linux, windows) = (dir.path().join("linux"), dir.path().join("windows"));
    for root in [&linux, &windows] {
        copy_tree(&repo().join("tests/sites/basic"), root);
    }

    let on_linux = Command::new(bin())
        .args(["import", "--root"])
        .arg(&linux)
        .arg(&docx)
        .output()
        .expect("run bantin");
    assert!(on_linux.status.success(), "{}", text(&on_linux.stderr));
    let on_windows = w.run(&["import", "--root", &dos(&windows), &dos(&docx)], None);
    assert!(
        on_windows.status.success(),
        "bantin.exe import:\n{}",
        text(&on_windows.stderr)
    );
    let (a, b) = (
        output_files(&linux.join("content")),
        output_files(&windows.join("content")),
    );
    assert!(a.len() > output_files(&repo().join("tests/sites/basic/content")).len());
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between Linux and Windows imports");
    }
    let check = w.run(&["check", "--root", &dos(&windows)], None);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
}
