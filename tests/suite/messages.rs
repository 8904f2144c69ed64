//! Messages in the site's language (or the one asked for): the build summary, `check`'s
//! report as text and JSON, `--help` and argument errors. Serve's are in serve.rs.

use std::process::Command;

use crate::support::{SiteTest, bin};

crate::tests! {
    build_and_check_speak_the_sites_language_or_the_one_asked_for;
    the_environment_chooses_the_language_for_tools;
    help_of_every_command_is_in_vietnamese_by_default_and_in_english_when_asked;
    argument_errors_are_in_words_the_user_reads;
}

/// A site with an error and a warning, in `language`.
fn broken(language: &str) -> SiteTest {
    let mut t = SiteTest::new("basic");
    let config = std::fs::read_to_string(t.root.join("content/site.yaml"))
        .unwrap()
        .replace("language: vi", &format!("language: {language}"));
    t.write("content/site.yaml", &config);
    t.write(
        "content/2023/sai.md",
        "---\ntitle: Sai\ndate: 2023-02-30\nunit: X\nkind: plan\nsumary: x\n---\n",
    );
    t
}

fn build_and_check_speak_the_sites_language_or_the_one_asked_for() {
    for (language, asked, error, summary, check) in [
        (
            "vi",
            None,
            "content/2023/sai.md:3:7: lỗi BT018: Không đọc được ngày `2023-02-30`: tháng 2 không có ngày 30 — nếu không rõ ngày, hãy viết `2023-02`.",
            "bantin: không tạo được trang, có 1 lỗi, 1 cảnh báo;",
            "bantin check: 0 văn bản, 1 lỗi, 1 cảnh báo, mất ",
        ),
        (
            "en",
            None,
            "content/2023/sai.md:3:7: error BT018: 2023-02-30 is not a day: month 2 has no day 30 — check the day; write `2023-02` if the day is unknown",
            "bantin: the build failed with 1 error, 1 warning;",
            "bantin check: 0 documents, 1 error, 1 warning in ",
        ),
        (
            "en",
            Some("vi"),
            "content/2023/sai.md:3:7: lỗi BT018:",
            "bantin: không tạo được trang",
            "bantin check: 0 văn bản",
        ),
    ] {
        let mut t = broken(language);
        let lang: Vec<&str> = asked.map(|l| vec!["--lang", l]).unwrap_or_default();
        let err = t.build_fails_with(&lang);
        assert!(err.contains(error), "{language}: {err}");
        assert!(err.contains(summary), "{language}: {err}");
        let mut args = vec!["check"];
        args.extend(&lang);
        let out = t.run(&args);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(error), "{language}: {err}");
        assert!(err.contains(check), "{language}: {err}");

        args.extend(["--format", "json"]);
        let out = t.run(&args);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let expected = asked.unwrap_or(language);
        assert_eq!(json["language"], expected);
        let first = &json["diagnostics"][0];
        assert_eq!(first["code"], "BT018", "{json}");
        assert_eq!(first["line"], 3);
        let message = first["message"].as_str().unwrap();
        assert_eq!(
            message.starts_with("Không đọc được ngày"),
            expected == "vi",
            "{message}"
        );
        assert_eq!(json["diagnostics"][1]["code"], "BT024", "{json}");
        assert_eq!(json["diagnostics"][1]["severity"], "warning");
    }
}

fn the_environment_chooses_the_language_for_tools() {
    let t = broken("vi");
    let out = Command::new(bin())
        .args(["check", "--format", "json"])
        .current_dir(&t.root)
        .env("BANTIN_LANG", "en")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["language"], "en");
    assert!(
        json["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("is not a day")
    );
}

fn run(args: &[&str], lang: Option<&str>) -> (i32, String) {
    let mut c = Command::new(bin());
    c.args(args).env_remove("BANTIN_LANG");
    if let Some(l) = lang {
        c.env("BANTIN_LANG", l);
    }
    let out = c.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn help_of_every_command_is_in_vietnamese_by_default_and_in_english_when_asked() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["serve", "-h"],
        &["help", "serve"],
        &["publish", "--help"],
        &["import", "--help"],
        &["init", "--help"],
        &["new", "--help"],
        &["theme", "--help"],
        &["theme", "export", "--help"],
        &["completions", "--help"],
        &["guide", "--help"],
        &["deadlines", "--help"],
    ] {
        let (code, vi) = run(args, None);
        assert_eq!(code, 0, "{vi}");
        assert!(vi.contains("Cách dùng: bantin"), "{vi}");
        assert!(vi.contains("Tùy chọn:"), "{vi}");
        assert!(vi.contains("In trợ giúp."), "{vi}");
        // Clap's own words, and words of an English sentence.
        for english in [
            "Usage",
            "Options",
            "Print",
            "[default",
            "possible values",
            "Commands:",
            " the ",
            " and ",
            " of ",
            " to ",
            " is ",
            " or ",
            " with ",
        ] {
            assert!(
                !vi.contains(english),
                "`{english}` in Vietnamese help:\n{vi}"
            );
        }
        let (_, en) = run(args, Some("en"));
        assert!(
            en.contains("Usage: bantin") && en.contains("Options:"),
            "{en}"
        );
        let mut asked = vec!["--lang", "en"];
        asked.extend(args);
        assert_eq!(run(&asked, None).1, en, "--lang en is BANTIN_LANG=en");
    }
    let (_, vi) = run(&["build", "--help"], None);
    assert!(vi.contains("--output <THƯ_MỤC>"), "{vi}");
    assert!(vi.contains("Nơi ghi trang"), "{vi}");
}

fn argument_errors_are_in_words_the_user_reads() {
    let (code, vi) = run(&["buld"], None);
    assert_eq!(code, 2);
    assert!(vi.starts_with("lỗi: không có lệnh `buld`"), "{vi}");
    assert!(vi.contains("có phải ý bạn là `build`?"), "{vi}");
    let (_, vi) = run(&["check", "--format", "yaml"], None);
    assert!(
        vi.contains(
            "`yaml` không phải là giá trị của --format <ĐỊNH_DẠNG>; hãy viết một trong: text, json"
        ),
        "{vi}"
    );
    let (_, vi) = run(&["build", "--today", "2022-13-01"], None);
    assert!(vi.contains("hãy viết NĂM-THÁNG-NGÀY"), "{vi}");
    let (code, en) = run(&["build", "--lang", "en", "--outptu", "x"], None);
    assert_eq!(code, 2);
    assert!(
        en.starts_with("error: there is no option `--outptu`"),
        "{en}"
    );
    assert!(en.contains("did you mean `--output`?"), "{en}");
}
