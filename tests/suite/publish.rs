//! `bantin publish` end to end: the real binary sending the bundled bulletin to a folder
//! and to real servers started here on free loopback ports (pyftpdlib for FTP and FTPS,
//! OpenSSH's sshd for SFTP), each with a throw-away account in a temporary folder.
//! A server that is missing skips its tests with a reason, and fails them under CI.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{SiteTest, TODAY, bin, output_files, repo};

crate::tests! {
    publish_to_a_folder_sends_only_what_changed;
    publish_to_a_folder_killed_midway_converges;
    publish_never_touches_files_it_did_not_put_there;
    publish_refuses_a_folder_of_the_site_itself;
    publish_over_ftp_sends_only_what_changed: FtpServer;
    publish_over_ftp_killed_midway_converges: FtpServer;
    ftp_refusals_are_explained_and_passwords_never_shown: FtpServer;
    publish_over_ftps_with_the_portals_certificate: FtpServer;
    publish_over_sftp_checks_the_host_key_and_sends_only_what_changed: SshServer;
    publish_over_sftp_killed_midway_converges: SshServer;
}

/// A server the suite said was there is not: the test's entry lacks its `Need`.
fn missing(what: &str, install: &str) -> ! {
    panic!("{what} not found ({install}): list its Need for this test");
}

/// The bundled bulletin in a temporary folder, ready to publish.
struct Site {
    t: SiteTest,
    env: Vec<(String, String)>,
}

impl Site {
    fn new() -> Site {
        Site {
            t: SiteTest::bundled(),
            env: Vec::new(),
        }
    }

    fn env(mut self, key: &str, value: &str) -> Site {
        self.env.push((key.into(), value.into()));
        self
    }

    fn command(&self, dest: &str, extra: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.arg("publish")
            .arg(dest)
            .arg("--output")
            .arg(&self.t.out)
            .args(["--today", TODAY])
            .args(extra)
            .current_dir(&self.t.root)
            // Configuration of the machine running the tests stays out of them.
            .env("HOME", self.t.root.join("home"))
            .env_remove("APPDATA")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("BANTIN_FTP_PASSWORD")
            .env_remove("BANTIN_SFTP_PASSWORD")
            .env_remove("BANTIN_SFTP_KEY")
            .stdin(Stdio::null());
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    fn publish(&self, dest: &str, extra: &[&str]) -> Output {
        self.command(dest, extra)
            .output()
            .expect("run bantin publish")
    }

    /// Publishes, asserts success, returns (uploaded, removed, unchanged).
    fn publish_ok(&self, dest: &str, extra: &[&str]) -> (usize, usize, usize) {
        let out = self.publish(dest, extra);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "publish failed:\n{stderr}");
        counts(&stderr)
    }

    /// The site as built, without the output's marker: what the destination must hold.
    fn built(&self) -> BTreeMap<String, Vec<u8>> {
        output_files(&self.t.out)
            .into_iter()
            .filter(|(p, _)| p != ".bantin-output")
            .collect()
    }

    /// Builds without publishing, for the expected difference of an edit.
    fn rebuild(&mut self) -> BTreeMap<String, Vec<u8>> {
        self.t.build();
        self.built()
    }
}

/// The summary's counts: `tải lên N tệp … · xóa N · giữ nguyên N`.
fn counts(stderr: &str) -> (usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("bantin publish: tải lên"))
        .unwrap_or_else(|| panic!("no summary in:\n{stderr}"));
    let after = |key: &str| -> usize {
        let rest = &line[line.find(key).unwrap_or_else(|| panic!("{key} in {line}")) + key.len()..];
        rest.trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("count after {key} in {line}"))
    };
    (after("tải lên"), after("xóa"), after("giữ nguyên"))
}

/// Every file under a destination folder.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    output_files(dir).into_iter().collect()
}

fn assert_same(site: &BTreeMap<String, Vec<u8>>, there: &BTreeMap<String, Vec<u8>>) {
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(there),
        names(site),
        "the destination's files differ from the site's"
    );
    for (path, bytes) in site {
        assert!(&there[path] == bytes, "{path} differs at the destination");
    }
}

/// Files that differ between two builds: (changed or new, gone).
fn difference(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> (usize, usize) {
    let changed = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(b))
        .count();
    let gone = before.keys().filter(|p| !after.contains_key(*p)).count();
    (changed, gone)
}

const EDITED: &str = "content/2022/ke-hoach-dan-van-chinh-quyen-ubnd-huyen-hong-ngu.md";

/// The story every destination goes through: a first publish sends everything, an edit
/// sends exactly the files it changed, a deleted document disappears, nothing more is
/// sent when nothing changed. `there` is where the destination's files can be read.
fn first_edit_delete(site: &mut Site, dest: &str, there: &Path) {
    let (uploaded, removed, unchanged) = site.publish_ok(dest, &[]);
    let first = site.built();
    assert_eq!((uploaded, removed, unchanged), (first.len(), 0, 0));
    assert_same(&first, &tree(there));

    let text = std::fs::read_to_string(site.t.root.join(EDITED)).expect("edited document");
    std::fs::write(
        site.t.root.join(EDITED),
        format!("{text}\n\nĐoạn bổ sung: kết quả kiểm tra cuối năm.\n"),
    )
    .expect("edit");
    let edited = site.rebuild();
    let (changed, gone) = difference(&first, &edited);
    assert!(
        changed > 0 && changed < first.len() / 2,
        "{changed} files changed"
    );
    let (uploaded, removed, unchanged) = site.publish_ok(dest, &[]);
    assert_eq!(
        (uploaded, removed),
        (changed, gone),
        "an edit sends what it changed"
    );
    assert_eq!(unchanged, edited.len() - changed);
    assert_same(&edited, &tree(there));

    let deleted_doc = std::fs::read_dir(site.t.root.join("content/2023"))
        .expect("2023")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("a 2023 document");
    std::fs::remove_file(&deleted_doc).expect("delete");
    let after = site.rebuild();
    let (changed, gone) = difference(&edited, &after);
    assert!(gone > 0, "deleting a document removes its page");
    let (uploaded, removed, _) = site.publish_ok(dest, &[]);
    assert_eq!((uploaded, removed), (changed, gone));
    assert_same(&after, &tree(there));

    assert_eq!(site.publish_ok(dest, &[]), (0, 0, after.len()));
}

/// A publish killed midway, then run again, leaves exactly the site at the destination
/// and sends again only what had not landed.
fn killed_then_converges(site: &Site, dest: &str, there: &Path) {
    let mut child = site
        .command(dest, &[])
        .env("BANTIN_PUBLISH_TEST_DELAY_MS", "40")
        .stderr(Stdio::null())
        .spawn()
        .expect("start publish");
    let journal_dir = site.t.out.parent().expect("parent").join(".bantin-publish");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let landed = std::fs::read_dir(&journal_dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "journal"))
            .map(|e| {
                std::fs::read_to_string(e.path())
                    .unwrap_or_default()
                    .lines()
                    .count()
            })
            .sum::<usize>();
        if landed >= 5 {
            break;
        }
        assert!(Instant::now() < deadline, "the publish never got going");
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the publish ended too soon"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("kill");
    child.wait().expect("reap");
    let site_files = site.built();
    let half = tree(there);
    assert!(half.len() < site_files.len(), "killed before the end");
    // Files other than pages go first: nothing of a page is there before them.
    assert!(
        half.keys().all(|p| !p.ends_with(".html")),
        "pages were sent before the files they use: {:?}",
        half.keys()
            .filter(|p| p.ends_with(".html"))
            .collect::<Vec<_>>()
    );
    let (uploaded, _, unchanged) = site.publish_ok(dest, &[]);
    assert!(
        unchanged >= 5,
        "what landed before the kill is not sent again"
    );
    assert_eq!(uploaded + unchanged, site_files.len());
    assert_same(&site_files, &tree(there));
}

fn publish_to_a_folder_sends_only_what_changed() {
    let mut site = Site::new();
    let dest = site.t.root.parent().expect("temp").join("USB/bản tin");
    first_edit_delete(&mut site, &dest.display().to_string(), &dest);
    let published = std::fs::read_dir(site.t.out.parent().unwrap().join(".bantin-publish"))
        .expect("manifest folder")
        .count();
    assert_eq!(published, 1, "one manifest, no journal left");
}

fn publish_to_a_folder_killed_midway_converges() {
    let site = Site::new();
    let dest = site.t.root.parent().expect("temp").join("share");
    killed_then_converges(&site, &dest.display().to_string(), &dest);
}

fn publish_never_touches_files_it_did_not_put_there() {
    let site = Site::new();
    let dest = site.t.root.parent().expect("temp").join("portal");
    std::fs::create_dir_all(dest.join("old")).unwrap();
    std::fs::write(dest.join("old/khac.html"), "not ours").unwrap();
    std::fs::write(dest.join("index.php"), "<?php // the portal's own").unwrap();
    let d = dest.display().to_string();
    site.publish_ok(&d, &[]);
    // Someone removes a file bantin sent: --verify notices and sends it again.
    std::fs::remove_file(dest.join("style.css")).ok();
    std::fs::remove_file(dest.join("index.html")).unwrap();
    assert_eq!(
        site.publish_ok(&d, &[]).0,
        0,
        "the manifest alone does not see it"
    );
    let (uploaded, _, _) = site.publish_ok(&d, &["--verify"]);
    assert!(uploaded >= 1);
    assert!(dest.join("index.html").exists());
    assert_eq!(
        std::fs::read_to_string(dest.join("old/khac.html")).unwrap(),
        "not ours"
    );
    assert!(dest.join("index.php").exists());
    assert_eq!(site.publish_ok(&d, &["--full"]).0, site.built().len());
}

fn publish_refuses_a_folder_of_the_site_itself() {
    let site = Site::new();
    for dest in [
        site.t.root.join("content/out"),
        site.t.root.clone(),
        site.t.out.join("copy"),
        site.t.root.parent().unwrap().to_path_buf(),
    ] {
        let out = site.publish(&dest.display().to_string(), &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{}: {stderr}", dest.display());
        assert!(stderr.contains("nguồn của trang"), "{stderr}");
    }
    assert!(!site.t.root.join("content/out").exists());
}

// --- FTP and FTPS ---------------------------------------------------------------------

/// A pyftpdlib server, killed when dropped.
struct Ftpd {
    child: Child,
    port: u16,
    home: PathBuf,
    _dir: tempfile::TempDir,
}

const FTP_USER: &str = "vanphong";
const FTP_PASSWORD: &str = "Mk-9f3kQ!z";

impl Ftpd {
    /// Starts a server (the test lists `Need::FtpServer`).
    fn start(tls: bool) -> Ftpd {
        let module = if tls {
            "pyftpdlib, OpenSSL"
        } else {
            "pyftpdlib"
        };
        let has = Command::new("python3")
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !has {
            missing(module, "python3 -m pip install pyftpdlib pyopenssl");
        }
        let dir = tempfile::tempdir().expect("temp");
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let mut args: Vec<String> = vec![
            repo().join("tests/publish/ftpd.py").display().to_string(),
            home.display().to_string(),
            FTP_USER.into(),
            FTP_PASSWORD.into(),
        ];
        if tls {
            let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
            let ok = Command::new("openssl")
                .args([
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:prime256v1",
                ])
                .args(["-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"])
                .args(["-addext", "subjectAltName=IP:127.0.0.1", "-keyout"])
                .arg(&key)
                .arg("-out")
                .arg(&cert)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                missing("openssl", "apt-get install openssl");
            }
            args.push(cert.display().to_string());
            args.push(key.display().to_string());
        }
        let mut child = Command::new("python3")
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the FTP server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut line)
            .expect("port line");
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("no port: {line:?}"));
        Ftpd {
            child,
            port,
            home,
            _dir: dir,
        }
    }

    fn url(&self, scheme: &str, path: &str) -> String {
        format!("{scheme}://{FTP_USER}@127.0.0.1:{}/{path}", self.port)
    }
}

impl Drop for Ftpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn publish_over_ftp_sends_only_what_changed() {
    let server = Ftpd::start(false);
    let mut site = Site::new().env("BANTIN_FTP_PASSWORD", FTP_PASSWORD);
    let dest = server.url("ftp", "bantin");
    first_edit_delete(&mut site, &dest, &server.home.join("bantin"));
}

fn publish_over_ftp_killed_midway_converges() {
    let server = Ftpd::start(false);
    let site = Site::new().env("BANTIN_FTP_PASSWORD", FTP_PASSWORD);
    killed_then_converges(
        &site,
        &server.url("ftp", "www/bantin"),
        &server.home.join("www/bantin"),
    );
}

fn ftp_refusals_are_explained_and_passwords_never_shown() {
    let server = Ftpd::start(false);
    let wrong = "sai-Mat-Khau-42";
    let site = Site::new().env("BANTIN_FTP_PASSWORD", wrong);
    let out = site.publish(&server.url("ftp", "bantin"), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("từ chối tên đăng nhập hoặc mật khẩu"),
        "{stderr}"
    );
    assert!(stderr.contains("cách sửa:"), "{stderr}");
    assert!(!stderr.contains(wrong), "{stderr}");
    assert!(
        std::fs::read_dir(&server.home).unwrap().next().is_none(),
        "nothing sent"
    );

    // A password in the address works, is warned about and never printed.
    let site = Site::new();
    let url = format!(
        "ftp://{FTP_USER}:{FTP_PASSWORD}@127.0.0.1:{}/bantin",
        server.port
    );
    let out = site.publish(&url, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("cảnh báo BT182: Mật khẩu nằm ngay trong địa chỉ"),
        "{stderr}"
    );
    assert!(!stderr.contains(FTP_PASSWORD), "{stderr}");
    let manifests = site.t.out.parent().unwrap().join(".bantin-publish");
    for f in std::fs::read_dir(manifests).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        assert!(
            !text.contains(FTP_PASSWORD),
            "the manifest keeps no password"
        );
    }

    // Nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = site.publish(&format!("ftp://an@127.0.0.1:{port}/x"), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("từ chối kết nối"), "{stderr}");
}

fn publish_over_ftps_with_the_portals_certificate() {
    let server = Ftpd::start(true);
    let site = Site::new();
    let dest = server.url("ftps", "bantin");
    // Not trusted until the config names the certificate.
    let out = site.publish(&dest, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("lỗi BT179: Chứng chỉ TLS"), "{stderr}");
    let cert = server.home.parent().unwrap().join("cert.pem");
    std::fs::write(
        site.t.root.join("bantin-publish.yaml"),
        format!(
            "servers:\n  - url: ftps://{FTP_USER}@127.0.0.1:{}\n    password: \"{FTP_PASSWORD}\"\n    ca_file: {}\n",
            server.port,
            cert.display()
        ),
    )
    .unwrap();
    let (uploaded, _, _) = site.publish_ok(&dest, &[]);
    assert_eq!(uploaded, site.built().len());
    assert_same(&site.built(), &tree(&server.home.join("bantin")));
    assert!(!site.t.out.join("bantin-publish.yaml").exists());
}

// --- SFTP -------------------------------------------------------------------------------

/// OpenSSH's sshd on a free loopback port, logging in the user running the tests with a
/// throw-away key; killed when dropped.
struct Sshd {
    child: Child,
    port: u16,
    user: String,
    key: PathBuf,
    /// Where files are published, an absolute path in the temporary folder.
    home: PathBuf,
    _dir: tempfile::TempDir,
}

impl Sshd {
    fn start() -> Sshd {
        let sshd = Path::new("/usr/sbin/sshd");
        let keygen = Command::new("ssh-keygen").arg("-?").output().is_ok();
        if !sshd.exists() || !keygen {
            missing(
                "OpenSSH's sshd and ssh-keygen",
                "apt-get install openssh-server openssh-client",
            );
        }
        let dir = tempfile::tempdir().expect("temp");
        let d = dir.path();
        for name in ["host_key", "client_key"] {
            let ok = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(d.join(name))
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "ssh-keygen failed");
        }
        std::fs::copy(d.join("client_key.pub"), d.join("authorized_keys")).unwrap();
        let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
            .unwrap()
            .trim()
            .to_owned();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n\
             AuthorizedKeysFile {d}/authorized_keys\nStrictModes no\nPermitRootLogin prohibit-password\n\
             PasswordAuthentication yes\nKbdInteractiveAuthentication no\nUsePAM no\n\
             Subsystem sftp internal-sftp\nLogLevel ERROR\n",
            d = d.display()
        );
        std::fs::write(d.join("sshd_config"), config).unwrap();
        // The privilege separation folder sshd expects when started as root.
        let _ = std::fs::create_dir_all("/run/sshd");
        let child = Command::new(sshd)
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sshd");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "sshd did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        let home = d.join("www");
        std::fs::create_dir_all(&home).unwrap();
        Sshd {
            child,
            port,
            user,
            key: d.join("client_key"),
            home,
            _dir: dir,
        }
    }

    fn url(&self, sub: &str) -> String {
        format!(
            "sftp://{}@127.0.0.1:{}{}/{sub}",
            self.user,
            self.port,
            self.home.display()
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn publish_over_sftp_checks_the_host_key_and_sends_only_what_changed() {
    let server = Sshd::start();
    let dest = server.url("bantin");

    let wrong = "sai-Mat-Khau-42";
    let site = Site::new().env("BANTIN_SFTP_PASSWORD", wrong);
    // First connection: the key is unknown, and said so.
    let out = site.publish(&dest, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("lỗi BT177: Lần đầu kết nối"), "{stderr}");
    assert!(stderr.contains("SHA256:"), "{stderr}");
    assert!(stderr.contains("--accept-new-host-key"), "{stderr}");
    // Accepted, but the password is wrong.
    let out = site.publish(&dest, &["--accept-new-host-key"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("từ chối tên đăng nhập hoặc mật khẩu"),
        "{stderr}"
    );
    assert!(!stderr.contains(wrong), "{stderr}");
    assert!(!server.home.join("bantin").exists(), "nothing sent");

    let mut site = Site::new().env("BANTIN_SFTP_KEY", &server.key.display().to_string());
    let out = site.publish(&dest, &["--accept-new-host-key"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(server.home.join("bantin")).unwrap();
    std::fs::remove_dir_all(site.t.out.parent().unwrap().join(".bantin-publish")).unwrap();
    // The key is remembered: no flag needed any more.
    first_edit_delete(&mut site, &dest, &server.home.join("bantin"));
}

fn publish_over_sftp_killed_midway_converges() {
    let server = Sshd::start();
    let site = Site::new().env("BANTIN_SFTP_KEY", &server.key.display().to_string());
    let known = site.t.root.join("home/.ssh");
    std::fs::create_dir_all(&known).unwrap();
    let out = site.publish(&server.url("probe"), &["--accept-new-host-key"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(site.t.out.parent().unwrap().join(".bantin-publish")).unwrap();
    killed_then_converges(&site, &server.url("bantin"), &server.home.join("bantin"));
}
