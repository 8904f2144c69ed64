//! Hostile text through every output: XSS payloads, template syntax, XML and iCalendar
//! injection and control characters in every front-matter field, registry names, site.yaml
//! values, attachment names and bodies. The built HTML, search index, feeds, sitemap,
//! robots.txt and calendars are then read with real parsers (tests/feeds/hostile.py).

use std::process::Command;

use crate::support::{SiteTest, repo};

crate::tests! {
    hostile_text_is_inert_and_every_output_well_formed: PythonParsers;
}

/// Everything at once: markup, handlers, URLs, template syntax, XML and iCalendar breakers,
/// and the control characters a Word field code leaves.
const PAYLOAD: &str = "HOSTILE <script>alert(1)</script>\"'><img src=x onerror=alert(2)>\
    <svg onload=alert(3)> {{ 7*7 }} {% if true %}TPL-EVALUATED{% endif %} ]]><!-- &amp; \
    \u{13}HYPERLINK\u{14}\u{15}\u{0b}\u{1f} \r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:INJECTED\r\n\
    X-INJECTED:1\nSUMMARY:x;y,z\\ javascript:alert(4)";

/// A YAML scalar holding `s` exactly: a JSON string is a YAML double-quoted scalar.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn hostile_site() -> SiteTest {
    let p = |tag: &str| q(&format!("{tag} {PAYLOAD}"));
    let mut t = SiteTest::new("basic");
    t.write(
        "content/site.yaml",
        &format!(
            "title: {}\ndescription: {}\nfooter: {}\nbase_url: https://portal.example.vn/b'a&c/\nlanguage: vi\npage_size: 2\n",
            p("site"),
            p("description"),
            p("footer")
        ),
    );
    t.write(
        "content/units.yaml",
        &format!(
            "- name: {}\n  short: {}\n  aliases: [{}]\n  description: {}\n  level: district\n",
            p("unit"),
            p("short"),
            p("alias"),
            p("unit description")
        ),
    );
    t.write(
        "content/campaigns.yaml",
        &format!(
            "- name: {}\n  description: {}\n  aliases: [{}]\n",
            p("campaign"),
            p("campaign description"),
            p("campaign alias")
        ),
    );
    let attachment = "phu-luc <img src=x onerror=alert(5)> \"'.pdf";
    let front = format!(
        "---\ntitle: {}\nkind: plan\nnumber: {}\ndate: 2023-03-01\nplace: {}\nunit: {}\n\
         campaigns: [{}, {}]\nsigner: {{ name: {}, title: {}, on_behalf: {} }}\n\
         recipients: [{}]\nbased_on: [{}]\nperiod: {{ from: 2023-03, to: 2023-12 }}\n\
         deadlines:\n  - {{ date: 2099-12-15, what: {}, by: [{}] }}\n  - {{ date: 2099-12-20, what: {}, by: recipients }}\n\
         summary: {}\ntags: [{}]\nattachments: [{}]\n---\n",
        p("title"),
        q("99/KH-<b>\"x\""),
        p("place"),
        p("unit"),
        p("campaign"),
        p("ad hoc campaign"),
        p("signer"),
        p("signer title"),
        p("on behalf"),
        p("recipient"),
        p("based on"),
        p("deadline"),
        p("unit"),
        p("deadline two"),
        p("summary"),
        p("tag"),
        q(attachment),
    );
    let body = format!(
        "{PAYLOAD}\n\n<script>alert(6)</script>\n\n<a href=\"javascript:alert(7)\" onclick=\"alert(8)\">a</a>\n\n\
         [link](javascript:alert(9)) [data](data:text/html,<script>alert(10)</script>) \
         ![img](javascript:alert(11))\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n\
         # {PAYLOAD}\n\n| a | b |\n|---|---|\n| {} | x |\n\n`{PAYLOAD}`\n",
        PAYLOAD.replace(['\r', '\n', '|'], " ")
    );
    t.write("content/2023/hostile/index.md", &format!("{front}{body}"));
    t.write(&format!("content/2023/hostile/{attachment}"), "%PDF-1.4\n");
    // A report on it, so that the deadline and report views show too.
    t.write(
        "content/2023/bao-cao-hostile.md",
        &format!(
            "---\ntitle: {}\nkind: report\ndate: 2099-12-01\nunit: {}\nreports_on: {}\n---\n{PAYLOAD}\n",
            p("report"),
            p("unit"),
            q("content/2023/hostile/index.md")
        ),
    );
    t
}

fn hostile_text_is_inert_and_every_output_well_formed() {
    let mut t = hostile_site();
    t.build();
    let o = Command::new("python3")
        .arg(repo().join("tests/feeds/hostile.py"))
        .arg(&t.out)
        .output()
        .expect("python3");
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    let json: serde_json::Value = serde_json::from_str(text.trim())
        .unwrap_or_else(|_| panic!("checker said: {text}{}", String::from_utf8_lossy(&o.stderr)));
    assert!(o.status.success(), "{json}");
    assert!(json["html"].as_u64().unwrap() > 10, "{json}");
    assert!(json["events"].as_u64().unwrap() >= 2, "{json}");
    // The text is kept, only made inert.
    let page = t.read("2023/hostile/index.html");
    assert!(
        page.contains("{{ 7*7 }}") && page.contains("&lt;script&gt;alert(1)"),
        "shown as text"
    );
    assert!(!page.contains('\u{13}'), "control characters dropped");
    let ics = t.read("thoi-han.ics");
    assert!(
        ics.contains("END:VEVENT\\nBEGIN:VEVENT"),
        "line breaks escaped: {ics}"
    );
    assert!(
        t.read("robots.txt")
            .contains("Sitemap: https://portal.example.vn/b'a&c/sitemap.xml")
    );
}
