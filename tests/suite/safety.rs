//! Nothing written where it must not be: the output folder is proven, names that slug to
//! nothing are errors, the sources and links are never written through.

use std::path::Path;

use crate::support::SiteTest;

crate::tests! {
    names_that_slug_to_nothing_write_nothing_anywhere;
    every_written_path_is_proven_inside_the_output;
    #[cfg(unix)]
    an_output_that_is_a_symbolic_link_is_refused_and_its_target_kept;
    an_output_inside_equal_to_or_above_the_sources_is_refused;
    #[cfg(target_os = "linux")]
    a_kill_at_each_step_of_the_swap_leaves_a_whole_site_and_the_hidden_files;
    #[cfg(target_os = "linux")]
    builds_killed_at_random_moments_leave_a_whole_site;
    #[cfg(target_os = "linux")]
    leftovers_of_builds_no_longer_running_are_removed_and_others_kept;
    #[cfg(target_os = "linux")]
    a_read_only_output_or_parent_is_reported_truthfully: RootAndSetpriv;
    a_document_at_an_address_of_the_sites_own_pages_is_an_error;
    attachments_of_a_single_file_document_are_copied_beside_its_page;
    the_missing_attachment_message_says_where_to_put_it;
    files_bantin_does_not_read_are_named_with_what_to_do;
    #[cfg(unix)]
    links_inside_the_site_are_followed_and_links_out_of_it_refused;
}

const DOC: &str = "---\ntitle: Kế hoạch\ndate: 2022-01-01\nunit: X\nkind: plan\n---\nThân.\n";

/// Every entry under `dir`, as relative paths, sorted: the surroundings of a build.
fn tree(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    all.sort();
    all
}

fn names_that_slug_to_nothing_write_nothing_anywhere() {
    for name in ["___", "-", "…", "计划"] {
        let mut t = SiteTest::new("basic");
        let around = t.out.parent().unwrap().to_path_buf();
        // Before the fix the folder slugged to nothing and its address became absolute:
        // `content/___/tmp/bantin-escape-1/index.md` wrote `/tmp/bantin-escape-1/index.html`.
        // The folder names must slug to themselves, so not the hidden temporary folder.
        let escape = std::env::temp_dir().join(format!(
            "bantin-escape-{}-{}",
            std::process::id(),
            name.len()
        ));
        std::fs::create_dir_all(&escape).unwrap();
        let rel = escape.strip_prefix("/").unwrap().display().to_string();
        t.write(&format!("content/{name}/{rel}/index.md"), DOC);
        t.write(&format!("content/2022/{name}.md"), DOC);
        let before = tree(&around);
        let err = t.build_fails();
        assert!(
            err.contains(&format!(
                "lỗi BT008: Tên thư mục `{name}` không có chữ cái hay chữ số nào, nên văn bản này không có địa chỉ"
            )),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "content/2022/{name}.md: lỗi BT008: Tên tệp `{name}` không có chữ cái hay chữ số nào"
            )),
            "{err}"
        );
        assert!(
            err.contains("hãy đặt lại tên thư mục bằng chữ cái hoặc chữ số"),
            "{err}"
        );
        let outside = tree(&escape);
        std::fs::remove_dir_all(&escape).unwrap();
        assert_eq!(
            outside,
            vec![String::new()],
            "nothing written outside the output"
        );
        assert_eq!(before, tree(&around), "the surroundings are untouched");
    }
}

fn every_written_path_is_proven_inside_the_output() {
    use bantin::output::inside;
    for ok in ["index.html", "2022/ke-hoach/index.html", "static/a b.css"] {
        assert!(inside(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "/srv/www/x/index.html",
        "../x.html",
        "a/../../x.html",
        "don-vi//index.html",
        "a/",
        "./",
        "..",
    ] {
        assert!(inside(bad).is_err(), "{bad:?} must be refused");
    }
}

#[cfg(unix)]
fn an_output_that_is_a_symbolic_link_is_refused_and_its_target_kept() {
    let mut t = SiteTest::new("basic");
    let real = t.out.with_file_name("real-public");
    t.build();
    std::fs::rename(&t.out, &real).unwrap();
    std::os::unix::fs::symlink(&real, &t.out).unwrap();
    let before = crate::support::output_files(&real);
    let err = t.build_fails();
    assert!(
        err.contains("lỗi BT096: Thư mục kết quả là một liên kết tượng trưng"),
        "{err}"
    );
    assert!(
        err.contains(&format!("--output {}", real.display())),
        "{err}"
    );
    assert!(
        std::fs::symlink_metadata(&t.out)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(
        before,
        crate::support::output_files(&real),
        "the target is untouched"
    );
    assert!(err.contains("vẫn giữ nguyên như cũ"), "{err}");
}

fn an_output_inside_equal_to_or_above_the_sources_is_refused() {
    for (output, what) in [
        ("content", "lại chính là thư mục nguồn"),
        ("content/public", "lại nằm trong thư mục nguồn"),
        (".", "lại chứa thư mục nguồn"),
        ("..", "lại chứa thư mục nguồn"),
    ] {
        let mut t = SiteTest::new("basic");
        // Even with a marker there, as a careless copy could leave one.
        std::fs::write(t.root.join("content/.bantin-output"), b"").unwrap();
        let before = tree(t.out.parent().unwrap());
        t.run(&[
            "build",
            "--output",
            output,
            "--today",
            crate::support::TODAY,
        ]);
        let out = t.last.as_ref().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{output}: {err}");
        assert!(
            err.contains(&format!("lỗi BT091: Thư mục kết quả {what}")),
            "{output}: {err}"
        );
        assert!(err.contains("--output public"), "{err}");
        assert_eq!(
            before,
            tree(t.out.parent().unwrap()),
            "{output}: nothing deleted or added"
        );
    }
}

// ---- The swap: atomic, hidden files kept, leftovers removed, the truth told ----

/// The site's own files in an output folder: everything but the hidden entries at its top.
fn site_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    crate::support::output_files(dir)
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with('.'))
        .collect()
}

/// The user's hidden files, as a test puts them into an output folder.
const HIDDEN: [(&str, &str); 3] = [
    (".htaccess", "Options -Indexes"),
    (".git/config", "[core]\n"),
    (".git/objects/ab/cdef", "blob"),
];

fn put_hidden(out: &Path) {
    for (rel, text) in HIDDEN {
        let path = out.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn assert_hidden(out: &Path, when: &str) {
    for (rel, text) in HIDDEN {
        assert_eq!(
            std::fs::read_to_string(out.join(rel)).ok().as_deref(),
            Some(text),
            "{when}: {rel} survives"
        );
    }
}

/// Entries beside the output, by name, sorted.
/// What is beside the output, but the site before it that a build keeps for the next
/// (`.public.bantin-spare`, tested in `incremental`): leftovers of builds.
fn siblings(t: &SiteTest) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(t.out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".public.bantin-spare")
        .collect();
    names.sort();
    names
}

fn build_command(t: &SiteTest, out: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(crate::support::bin());
    c.args(["build", "--output"])
        .arg(out)
        .args(["--today", crate::support::TODAY])
        .current_dir(&t.root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    c
}

/// Two versions of the basic site, A and B, each built once into a reference folder.
struct TwoSites {
    t: SiteTest,
    a: Vec<(String, Vec<u8>)>,
    b: Vec<(String, Vec<u8>)>,
}

const EXTRA: &str = "content/2023/them.md";

impl TwoSites {
    fn new() -> Self {
        let mut t = SiteTest::new("basic");
        let around = t.out.parent().unwrap().to_path_buf();
        let reference = |t: &SiteTest, name: &str| {
            let dir = around.join(name);
            assert!(build_command(t, &dir).status().unwrap().success());
            let files = site_files(&dir);
            std::fs::remove_dir_all(&dir).unwrap();
            files
        };
        let a = reference(&t, "ref-a");
        t.write(EXTRA, DOC);
        let b = reference(&t, "ref-b");
        t.remove(EXTRA);
        t.build();
        put_hidden(&t.out);
        TwoSites { t, a, b }
    }

    /// Makes the content version B, or A.
    fn flip(&mut self, to_b: bool) {
        if to_b {
            self.t.write(EXTRA, DOC);
        } else if self.t.root.join(EXTRA).exists() {
            self.t.remove(EXTRA);
        }
    }

    /// Which version the output holds, whole: panics when it is neither.
    fn holds(&self, when: &str) -> char {
        let now = site_files(&self.t.out);
        assert_hidden(&self.t.out, when);
        if now == self.a {
            'a'
        } else if now == self.b {
            'b'
        } else {
            panic!(
                "{when}: the output is neither the old nor the new site whole ({} files)",
                now.len()
            )
        }
    }
}

/// Starts a build paused at a step of the swap, and kills it there.
fn kill_at(t: &SiteTest, step: &str, no_exchange: bool) {
    use std::io::BufRead;
    let mut c = build_command(t, &t.out);
    c.env("BANTIN_TEST_PAUSE_AT", step);
    if no_exchange {
        c.env("BANTIN_TEST_NO_EXCHANGE", "1");
    }
    let mut child = c.spawn().unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let reached = lines.any(|l| l.is_ok_and(|l| l.contains(&format!("test pause at {step}"))));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(reached, "the build reached {step}");
}

#[cfg(target_os = "linux")]
fn a_kill_at_each_step_of_the_swap_leaves_a_whole_site_and_the_hidden_files() {
    let mut s = TwoSites::new();
    let mut to_b = true;
    for step in ["staged", "exchanged"] {
        s.flip(to_b);
        kill_at(&s.t, step, false);
        let expect = if step == "staged" { !to_b } else { to_b };
        assert_eq!(s.holds(step), if expect { 'b' } else { 'a' }, "{step}");
        assert!(siblings(&s.t).len() > 2, "the kill left its folder");
        s.t.build();
        assert_eq!(s.holds("rebuilt"), if to_b { 'b' } else { 'a' });
        assert_eq!(
            siblings(&s.t),
            ["public", "site"],
            "{step}: leftovers removed"
        );
        to_b = !to_b;
    }
    // Where folders cannot be exchanged: a kill between the two renames leaves no output,
    // and the next build puts the old site back first, even when it then fails.
    s.flip(to_b);
    kill_at(&s.t, "renamed-old", true);
    assert!(!s.t.out.exists());
    s.t.write(
        "content/2023/hong.md",
        "---\ntitle: Hỏng\ndate: 2023-02-30\n---\n",
    );
    s.t.build_fails();
    assert_eq!(s.holds("recovered"), if to_b { 'a' } else { 'b' });
    s.t.remove("content/2023/hong.md");
    kill_at(&s.t, "exchanged", true);
    assert_eq!(s.holds("renamed-new"), if to_b { 'b' } else { 'a' });
    s.t.build();
    assert_eq!(siblings(&s.t), ["public", "site"]);
}

#[cfg(target_os = "linux")]
fn builds_killed_at_random_moments_leave_a_whole_site() {
    let mut s = TwoSites::new();
    let started = std::time::Instant::now();
    s.t.build();
    let span = started.elapsed().as_micros() as u64 * 9 / 10;
    let mut seed: u64 = 0x5eed_ba17;
    let (mut kills, mut new) = (0, 0);
    let mut to_b = true;
    for _ in 0..20 {
        s.flip(to_b);
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = (seed >> 33) % span.max(1);
        let mut child = build_command(&s.t, &s.t.out).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_micros(delay));
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        kills += usize::from(!finished);
        let holds = s.holds(&format!("killed after {delay} µs"));
        if holds == if to_b { 'b' } else { 'a' } {
            new += 1;
            to_b = !to_b;
        }
    }
    println!("random kills: {kills} of 20 builds killed, {new} left the new site");
    s.t.build();
    assert_eq!(siblings(&s.t), ["public", "site"], "leftovers removed");
}

#[cfg(target_os = "linux")]
fn leftovers_of_builds_no_longer_running_are_removed_and_others_kept() {
    let mut t = SiteTest::new("basic");
    t.build();
    let around = t.out.parent().unwrap().to_path_buf();
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let start = stat[stat.rfind(')').unwrap() + 2..]
        .split(' ')
        .nth(19)
        .unwrap()
        .to_owned();
    let me = std::process::id();
    let make = |name: &str, marked: bool| {
        let dir = around.join(name);
        std::fs::create_dir_all(dir.join("2022")).unwrap();
        std::fs::write(dir.join("2022/index.html"), "old").unwrap();
        if marked {
            std::fs::write(dir.join(".bantin-output"), "").unwrap();
        }
    };
    // Dead: a pid reused by another program (start time differs), an old-style name.
    make(&format!(".public.bantin-new-{me}-1"), true);
    make(&format!(".public.bantin-old-{me}-1"), true);
    make(".public.bantin-new-4194000", true);
    // Dead, stopped between making its folder and marking it: empty.
    std::fs::create_dir(around.join(".public.bantin-new-4194001-1")).unwrap();
    // Kept: a build still running (this pid, its start time), a folder not marked as ours
    // (with a file in it), and an empty one of a build still running.
    make(&format!(".public.bantin-new-{me}-{start}"), true);
    make(".public.bantin-new-1-1", false);
    std::fs::create_dir(around.join(format!(".public.bantin-old-{me}-{start}"))).unwrap();
    t.build();
    assert_eq!(
        siblings(&t),
        [
            ".public.bantin-new-1-1".to_owned(),
            format!(".public.bantin-new-{me}-{start}"),
            format!(".public.bantin-old-{me}-{start}"),
            "public".into(),
            "site".into()
        ]
    );
}

/// Runs bantin as the unprivileged user `nobody`, for whom permissions apply (they do not
/// to root, which the tests usually run as); `None` when that cannot be done here.
#[cfg(target_os = "linux")]
fn build_as_nobody(t: &SiteTest) -> Option<std::process::Output> {
    let mut c = std::process::Command::new("setpriv");
    c.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        crate::support::bin(),
    ])
    .args(["build", "--output"])
    .arg(&t.out)
    .args(["--today", crate::support::TODAY])
    .current_dir(&t.root);
    c.output().ok()
}

#[cfg(target_os = "linux")]
fn a_read_only_output_or_parent_is_reported_truthfully() {
    use std::os::unix::fs::PermissionsExt;
    let mut s = TwoSites::new();
    let around = s.t.out.parent().unwrap().to_path_buf();
    for entry in walkdir::WalkDir::new(&around) {
        std::os::unix::fs::chown(entry.unwrap().path(), Some(65534), Some(65534)).unwrap();
    }
    let probe = build_as_nobody(&s.t).expect("setpriv runs (the test lists RootAndSetpriv)");
    assert!(probe.status.success(), "bantin runs as nobody: {probe:?}");
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();

    // The output folder read-only: the new site goes in (the folder holding it is
    // writable), the old one cannot be emptied, and the build says exactly that.
    mode(&s.t.out, 0o555);
    s.flip(true);
    let out = build_as_nobody(&s.t).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("cảnh báo BT097: Trang mới đã vào chỗ, nhưng không xóa được bản cũ"),
        "{err}"
    );
    assert!(!err.contains("vẫn giữ nguyên"), "{err}");
    assert_eq!(s.holds("read-only output"), 'b');

    // The folder holding the output read-only: nothing can be staged, and the output is
    // indeed left as it was.
    s.flip(false);
    mode(&around, 0o555);
    let out = build_as_nobody(&s.t).unwrap();
    mode(&around, 0o755);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("lỗi BT094: Không tạo được thư mục tạm bên cạnh thư mục kết quả"),
        "{err}"
    );
    assert!(err.contains("vẫn giữ nguyên như cũ"), "{err}");
    assert_eq!(s.holds("read-only parent"), 'b');
}

// ---- Every output path claimed once; nothing dropped without a word ----

fn a_document_at_an_address_of_the_sites_own_pages_is_an_error() {
    for (file, page) in [
        ("content/nam/2023.md", "/nam/2023/"),
        ("content/tim-kiem.md", "/tim-kiem/"),
        ("content/Thời hạn.md", "/thoi-han/"),
        ("content/static/x.md", "/static/"),
    ] {
        let mut t = SiteTest::new("basic");
        t.write(file, DOC);
        let err = t.build_fails();
        assert!(
            err.contains(&format!("{file}: lỗi BT078: Văn bản này sẽ được ghi vào")),
            "{file}: {err}"
        );
        assert!(
            err.contains(&format!("đè lên trang riêng của bantin {page}")),
            "{file}: {err}"
        );
    }
}

fn attachments_of_a_single_file_document_are_copied_beside_its_page() {
    let mut t = SiteTest::new("basic");
    t.write(
        "content/2023/don.md",
        "---\ntitle: Đơn\ndate: 2023-01-01\nunit: X\nkind: plan\nattachments: [phu-luc.pdf, bang/so-lieu.xlsx]\n---\nThân.\n",
    )
    .write("content/2023/phu-luc.pdf", "%PDF-1.4")
    .write("content/2023/bang/so-lieu.xlsx", "xlsx")
    .build();
    assert_eq!(t.read("2023/don/phu-luc.pdf"), "%PDF-1.4");
    assert_eq!(t.read("2023/don/bang/so-lieu.xlsx"), "xlsx");
    let page = t.read("2023/don/index.html");
    assert!(
        page.contains("2023/don/phu-luc.pdf\">"),
        "the page links what was copied"
    );
    assert!(
        page.contains("2023/don/bang/so-lieu.xlsx\">"),
        "and the one in a subfolder"
    );
}

fn the_missing_attachment_message_says_where_to_put_it() {
    let mut t = SiteTest::new("basic");
    t.write(
        "content/2023/don.md",
        "---\ntitle: Đơn\ndate: 2023-01-01\nunit: X\nkind: plan\nattachments: [khong-co.pdf]\n---\n",
    );
    let err = t.build_fails();
    assert!(err.contains("content/2023/don.md:6:15: lỗi BT006: Không thấy tệp đính kèm `khong-co.pdf` bên cạnh văn bản"), "{err}");
    assert!(
        err.contains(", bên cạnh văn bản, hoặc sửa lại tên tệp"),
        "{err}"
    );
    assert!(!err.contains("biến văn bản thành một gói"), "{err}");
}

fn files_bantin_does_not_read_are_named_with_what_to_do() {
    let mut t = SiteTest::new("basic");
    t.write("content/2023/Kế hoạch 5.docx", "PK")
        .write("content/2023/ghi-chu.txt", "x")
        .write("content/2023/bao-cao.MD", DOC)
        .write("content/2023/thong-tin.markdown", DOC)
        // A Word file in a bundle is its attachment: no warning.
        .write("content/2023/goi/index.md", DOC)
        .write("content/2023/goi/ban-goc.docx", "PK")
        .build();
    let err = t.stderr();
    for (file, fix) in [
        ("content/2023/Kế hoạch 5.docx", "bantin import"),
        ("content/2023/ghi-chu.txt", "hãy đổi đuôi thành .md"),
        (
            "content/2023/bao-cao.MD",
            "hãy đổi đuôi thành `.md` chữ thường",
        ),
        ("content/2023/thong-tin.markdown", "hãy đổi đuôi thành .md"),
    ] {
        assert!(
            err.contains(&format!(
                "{file}: cảnh báo BT121: Tệp này không thuộc trang"
            )),
            "{file}: {err}"
        );
        assert!(err.contains(fix), "{fix}: {err}");
    }
    assert!(!err.contains("ban-goc.docx"), "{err}");
    assert_eq!(t.read("2023/goi/ban-goc.docx"), "PK");
}

#[cfg(unix)]
fn links_inside_the_site_are_followed_and_links_out_of_it_refused() {
    use std::os::unix::fs::symlink;
    let mut t = SiteTest::new("basic");
    let around = t.out.parent().unwrap().to_path_buf();
    std::fs::write(
        around.join("secret.md"),
        "---\ntitle: BÍ MẬT dòng đầu\n---\n",
    )
    .unwrap();
    // Inside the site: a linked bundle file, a linked folder of documents.
    t.write("content/2023/goi/index.md", DOC)
        .write("content/tai-lieu/anh.png", "png");
    symlink(
        t.root.join("content/tai-lieu/anh.png"),
        t.root.join("content/2023/goi/anh.png"),
    )
    .unwrap();
    symlink(
        t.root.join("content/2023/goi"),
        t.root.join("content/2023/lien-ket"),
    )
    .unwrap();
    t.build();
    assert_eq!(
        t.read("2023/goi/anh.png"),
        "png",
        "a linked bundle file is copied"
    );
    assert!(
        t.exists("2023/lien-ket/index.html"),
        "a linked folder inside is read"
    );

    // Out of it: a document, a folder (to /), a bundle file.
    symlink(
        around.join("secret.md"),
        t.root.join("content/2023/bi-mat.md"),
    )
    .unwrap();
    symlink("/", t.root.join("content/goc")).unwrap();
    symlink(
        around.join("secret.md"),
        t.root.join("content/2023/goi/ngoai.pdf"),
    )
    .unwrap();
    let err = t.build_fails();
    for link in [
        "content/2023/bi-mat.md",
        "content/goc",
        "content/2023/goi/ngoai.pdf",
    ] {
        assert!(
            err.contains(&format!("{link}: lỗi BT009: Đây là liên kết tắt tới")),
            "{link}: {err}"
        );
    }
    assert!(
        err.contains("nằm ngoài content/; bantin không đi theo nó"),
        "{err}"
    );
    assert!(!err.contains("BÍ MẬT"), "the target is never read: {err}");
}
