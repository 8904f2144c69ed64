//! A new office's first steps, on an empty folder, with the real binary: `init`, `new`,
//! `check`, `build`, `serve`, and the terminal lines they print in Vietnamese.

use std::path::Path;
use std::process::{Command, Output};

use crate::serve::Serve;
use crate::support::bin;

crate::tests! {
    init_new_check_build_serve_on_an_empty_folder;
    new_refuses_unknown_kinds_and_accepts_every_name;
    theme_export_copies_the_built_in_theme_once;
    completions_and_version;
    serve_in_a_folder_without_content_waits_and_picks_up_init;
    the_guide_is_written_as_one_html_page_once;
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run bantin")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn init_new_check_build_serve_on_an_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["init", "ban-tin"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.starts_with("Đã tạo bản tin mới trong ban-tin:\n"),
        "{said}"
    );
    for line in [
        "  content/site.yaml",
        "  content/units.yaml",
        "  content/campaigns.yaml",
        "  HƯỚNG DẪN.md",
        "Bước tiếp theo:",
        "  cd ban-tin",
        "  bantin serve",
        "Đọc thêm trong tệp HƯỚNG DẪN.md.",
    ] {
        assert!(said.contains(line), "{line}: {said}");
    }
    let site = tmp.path().join("ban-tin");
    assert!(site.join("HƯỚNG DẪN.md").is_file());

    // The folder is no longer empty: a second init refuses and changes nothing.
    let again = run(tmp.path(), &["init", "ban-tin"]);
    assert!(!again.status.success());
    assert!(text(&again).contains("không trống"), "{}", text(&again));

    // A new plan, then a report on it: filled from the site and the plan.
    let out = run(
        &site,
        &[
            "new",
            "ke-hoach",
            "Triển khai phong trào Dân vận khéo",
            "--date",
            "15/3/2026",
        ],
    );
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.starts_with("Đã tạo content/2026/trien-khai-phong-trao-dan-van-kheo.md\n"),
        "{said}"
    );
    let plan =
        std::fs::read_to_string(site.join("content/2026/trien-khai-phong-trao-dan-van-kheo.md"))
            .unwrap();
    assert!(plan.contains("\nkind: kế hoạch\n"), "{plan}");
    assert!(plan.contains("\ndate: 2026-03-15\n"), "{plan}");
    assert!(
        plan.contains("\nunit: UBND xã Hòa Bình\n"),
        "the site's unit: {plan}"
    );
    for key in crate::onboarding::KEYS {
        assert!(
            plan.contains(&format!("{key}:")),
            "{key} is present: {plan}"
        );
    }
    let out = run(
        &site,
        &[
            "new",
            "bao-cao",
            "Kết quả đợt 1",
            "--reports-on",
            "01/KH-UBND",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let rel = text(&out)
        .lines()
        .next()
        .unwrap()
        .trim_start_matches("Đã tạo ")
        .to_owned();
    let report = std::fs::read_to_string(site.join(&rel)).unwrap();
    assert!(report.contains("\nkind: báo cáo\n"), "{report}");
    assert!(report.contains("\nreports_on: 01/KH-UBND\n"), "{report}");
    assert!(
        report.contains("\ncampaigns: [Tháng dân vận, Dân vận khéo]\n"),
        "the plan's campaigns: {report}"
    );

    // Never overwrites.
    let out = run(
        &site,
        &[
            "new",
            "ke-hoach",
            "Triển khai phong trào Dân vận khéo",
            "--date",
            "2026-03-15",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("đã có; bantin không ghi đè"),
        "{}",
        text(&out)
    );
    assert_eq!(
        std::fs::read_to_string(site.join("content/2026/trien-khai-phong-trao-dan-van-kheo.md"))
            .unwrap(),
        plan
    );

    let out = run(&site, &["check"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("bantin check: 4 văn bản, 0 lỗi, 0 cảnh báo"),
        "{said}"
    );

    let out = run(&site, &["build"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    // The one warning of a new bulletin: the address it will be published at is not set yet.
    assert_eq!(said.matches("cảnh báo BT").count(), 1, "{said}");
    assert!(said.contains("cảnh báo BT144: Chưa có base_url"), "{said}");
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("Bản tin dân vận"), "{home}");
    assert!(
        home.contains("Báo cáo tổng kết Tháng dân vận"),
        "a deadline to come: {home}"
    );
    let plan_page = std::fs::read_to_string(
        site.join("public")
            .join(sample_plan_address(&site))
            .join("index.html"),
    )
    .unwrap();
    assert!(
        plan_page.contains("Kết quả thực hiện đợt 1"),
        "the report answers the plan: {plan_page}"
    );

    let serve = Serve::start(&site);
    let page = serve.get("/").text();
    assert!(page.contains("Bản tin dân vận"), "{page}");
    assert!(
        page.contains("Triển khai phong trào Dân vận khéo"),
        "{page}"
    );
}

/// The address of the sample plan `init` wrote (its year is the current one).
fn sample_plan_address(site: &Path) -> String {
    let content = site.join("content");
    for year in std::fs::read_dir(&content).unwrap().filter_map(Result::ok) {
        if year.path().join("ke-hoach-thang-dan-van.md").is_file() {
            return format!(
                "{}/ke-hoach-thang-dan-van",
                year.file_name().to_string_lossy()
            );
        }
    }
    panic!("no sample plan");
}

/// Front-matter keys a new document shows (filled, or commented with an example).
pub const KEYS: &[&str] = &[
    "title",
    "kind",
    "number",
    "date",
    "year",
    "place",
    "unit",
    "campaigns",
    "signer",
    "recipients",
    "based_on",
    "reports_on",
    "period",
    "deadlines",
    "summary",
    "tags",
    "draft",
    "attachments",
];

fn new_refuses_unknown_kinds_and_accepts_every_name() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(run(tmp.path(), &["init"]).status.success());
    for (i, kind) in [
        "plan",
        "báo cáo",
        "Chương trình",
        "huong-dan",
        "thông báo",
        "QUYẾT ĐỊNH",
        "nghi quyet",
        "chỉ thị",
        "kết luận",
        "other",
    ]
    .iter()
    .enumerate()
    {
        let out = run(tmp.path(), &["new", kind, &format!("Văn bản {i}")]);
        assert!(out.status.success(), "{kind}: {}", text(&out));
    }
    let out = run(tmp.path(), &["check"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(tmp.path(), &["new", "kế hoạc", "Sai loại"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("lỗi BT199: `kế hoạc` không phải loại văn bản"),
        "{}",
        text(&out)
    );
    // Outside a site folder, the way in is named.
    let empty = tempfile::tempdir().unwrap();
    let out = run(empty.path(), &["new", "plan", "X"]);
    assert!(text(&out).contains("bantin init"), "{}", text(&out));
}

fn theme_export_copies_the_built_in_theme_once() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(run(tmp.path(), &["init"]).status.success());
    let out = run(tmp.path(), &["theme", "export"]);
    assert!(out.status.success(), "{}", text(&out));
    let base = tmp.path().join("themes/default/templates/base.html");
    assert!(base.is_file());
    assert!(tmp.path().join("themes/default/static/style.css").is_file());
    // The exported theme is used: a change shows in the build.
    let html = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, html.replacen("<body", "<body data-exported", 1)).unwrap();
    assert!(run(tmp.path(), &["build"]).status.success());
    let home = std::fs::read_to_string(tmp.path().join("public/index.html")).unwrap();
    assert!(home.contains("data-exported"));
    let out = run(tmp.path(), &["theme", "export"]);
    assert!(!out.status.success(), "never overwrites");
    assert!(
        std::fs::read_to_string(&base)
            .unwrap()
            .contains("data-exported")
    );
}

fn completions_and_version() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(tmp.path(), &["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("bantin") && script.contains("init"),
            "{shell}: {script}"
        );
    }
    let out = run(tmp.path(), &["--version"]);
    let v = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let re = regex::Regex::new(r"^bantin \d+\.\d+\.\d+ \(\d{4}-\d{2}-\d{2}\)$").unwrap();
    assert!(re.is_match(&v), "{v}");
}

fn serve_in_a_folder_without_content_waits_and_picks_up_init() {
    let tmp = tempfile::tempdir().unwrap();
    let serve = Serve::start(tmp.path());
    let said = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !serve
        .log()
        .contains("chưa có content/. Hãy chạy `bantin init`")
    {
        assert!(std::time::Instant::now() < said, "{}", serve.log());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(run(tmp.path(), &["init"]).status.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let page = serve.get("/").text();
        if page.contains("Kết quả thực hiện đợt 1") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new bulletin was not picked up:\n{}",
            serve.log()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

fn the_guide_is_written_as_one_html_page_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["guide"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Đã ghi hướng dẫn sử dụng vào huong-dan-bantin.html"));
    let html = std::fs::read_to_string(tmp.path().join("huong-dan-bantin.html")).unwrap();
    assert!(
        html.contains("<h2 id=\"1-cài-đặt\">1. Cài đặt</h2>"),
        "{html}"
    );
    assert!(html.contains("<table>"), "the front-matter table");
    assert!(
        !html.contains("http://") || !html.contains("<link"),
        "no request outside it"
    );
    let again = run(tmp.path(), &["guide"]);
    assert!(!again.status.success(), "never overwrites");
}
