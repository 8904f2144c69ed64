//! The catalogues hold each other's messages, every diagnostic code is there, and
//! docs/ma-loi.md is what they say.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;

use super::codes::{self, Code};
use super::*;

/// Each message id: its attributes, and for the value and each attribute the variables.
type Shape = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn shape(lang: Lang) -> Shape {
    let resource = fluent_syntax::parser::parse(lang.catalogue())
        .unwrap_or_else(|(_, errors)| panic!("{lang:?} catalogue: {errors:?}"));
    let mut out = Shape::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut parts = BTreeMap::new();
            if let Some(value) = &m.value {
                parts.insert(String::new(), variables(value));
            }
            for a in &m.attributes {
                parts.insert(format!(".{}", a.id.name), variables(&a.value));
            }
            assert!(
                out.insert(m.id.name.to_owned(), parts).is_none(),
                "{lang:?}: `{}` twice",
                m.id.name
            );
        }
    }
    out
}

fn variables(pattern: &ast::Pattern<&str>) -> BTreeSet<String> {
    fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_vars(expression, out);
            }
        }
    }
    fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, out);
                for v in variants {
                    pattern_vars(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => inline_vars(i, out),
        }
    }
    fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_vars(a, out);
                }
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    pattern_vars(pattern, &mut out);
    out
}

#[test]
fn both_catalogues_have_the_same_messages_attributes_and_variables() {
    let (vi, en) = (shape(Lang::Vi), shape(Lang::En));
    let only = |a: &Shape, b: &Shape| -> Vec<String> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    assert_eq!(only(&vi, &en), Vec::<String>::new(), "only in vi.ftl");
    assert_eq!(only(&en, &vi), Vec::<String>::new(), "only in en.ftl");
    let differ: Vec<String> = vi
        .iter()
        .filter(|(id, parts)| en[*id] != **parts)
        .map(|(id, parts)| format!("{id}: vi {parts:?} / en {:?}", en[id]))
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert!(vi.len() > 100, "{} messages", vi.len());
}

#[test]
fn every_code_is_unique_well_formed_in_order_and_in_both_catalogues() {
    let mut seen_codes = BTreeSet::new();
    let mut seen_ids = BTreeSet::new();
    let mut last = 0;
    for c in codes::ALL {
        let n: u16 = c
            .code
            .strip_prefix("BT")
            .filter(|d| d.len() == 3)
            .and_then(|d| d.parse().ok())
            .unwrap_or_else(|| panic!("{} is not BTnnn", c.code));
        assert!(
            n > last,
            "{} out of order: codes are only ever added",
            c.code
        );
        last = n;
        assert!(seen_codes.insert(c.code), "{} twice", c.code);
        assert!(seen_ids.insert(c.id), "{} twice", c.id);
        for lang in Lang::ALL {
            assert!(
                shape(lang).contains_key(c.id),
                "{} `{}` is not in {lang:?}",
                c.code,
                c.id
            );
        }
    }
}

/// Every literal message id the code names is in the catalogues (both, by the test above).
#[test]
fn messages_named_in_the_code_are_in_the_catalogues() {
    let known = shape(Lang::Vi);
    let named = regex::Regex::new(
        r#"(?:msg!\(\s*|\btext\(\s*\w+,\s*|Arg::Id\(|Message::new\()"([a-z][a-z0-9_-]*)"|"((?:yaml|unit-link|severity)-[a-z]+)""#,
    )
    .unwrap();
    let mut missing = Vec::new();
    let mut count = 0;
    for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for c in named.captures_iter(&text) {
            let id = c.get(1).or(c.get(2)).unwrap().as_str();
            count += 1;
            if !known.contains_key(id) {
                missing.push(format!("{}: {id}", entry.path().display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the catalogues:\n{}",
        missing.join("\n")
    );
    assert!(count > 40, "the scan finds the messages ({count})");
}

/// A message with each variable shown as `‹name›`, for the list of codes.
fn placeholder(lang: Lang, id: &'static str, attribute: Option<&str>) -> Option<String> {
    let parts = shape(lang).remove(id)?;
    let key = attribute.map_or(String::new(), |a| format!(".{a}"));
    let vars = parts.get(&key)?;
    let args: Vec<(&'static str, Arg)> = vars
        .iter()
        .map(|v| {
            let name: &'static str = Box::leak(v.clone().into_boxed_str());
            (name, Arg::Text(format!("‹{v}›")))
        })
        .collect();
    format(lang, id, attribute, &args)
}

fn group_of(c: &Code) -> &'static str {
    let n: u16 = c.code[2..].parse().unwrap_or(0);
    codes::GROUPS
        .iter()
        .rev()
        .find(|(first, _)| n >= *first)
        .map_or(codes::GROUPS[0].1, |(_, id)| id)
}

/// docs/ma-loi.md, made from the codes and the catalogues.
fn codes_markdown() -> String {
    let mut out = String::from(
        "# Mã lỗi của bantin — bantin's diagnostic codes\n\n\
         <!-- Made from src/i18n/codes.rs, vi.ftl and en.ftl by `cargo test`: change them, then \
         run `BANTIN_BLESS=1 cargo test --lib i18n` to write this file again. -->\n\n\
         Mỗi lỗi và cảnh báo bantin báo ra đều có một mã, in ngay sau chữ “lỗi” hay “cảnh báo”, \
         cùng với tệp, dòng và cột có vấn đề:\n\n\
         ```text\n\
         content/2022/thang-dan-van.md:4:7: lỗi BT018: Không đọc được ngày `2022-02-30`: tháng 2 không có ngày 30 — nếu không rõ ngày, hãy viết `2022-02`.\n\
         ```\n\n\
         Dưới đây là mọi mã: thông báo, rồi cách sửa. Chỗ ‹…› là phần bantin điền vào (tên tệp, \
         giá trị bạn đã viết…). Lỗi phải sửa thì trang mới được tạo; cảnh báo thì không ngăn việc tạo \
         trang, nhưng nên xem lại. `bantin check --format json` cho mã này ở trường `code`.\n\n\
         Every error and warning carries one of these codes; each entry gives the message in \
         Vietnamese, how to fix it, then the same in English (`--lang en`).\n",
    );
    let mut group = "";
    for c in codes::ALL {
        if group_of(c) != group {
            group = group_of(c);
            out.push_str(&format!(
                "\n## {} — {}\n",
                text(Lang::Vi, group),
                text(Lang::En, group)
            ));
        }
        let vi = placeholder(Lang::Vi, c.id, None).unwrap_or_default();
        out.push_str(&format!("\n### {}\n\n**{vi}**\n", c.code));
        if let Some(help) = placeholder(Lang::Vi, c.id, Some("help")) {
            out.push_str(&format!("\nCách sửa: {help}\n"));
        }
        let en = placeholder(Lang::En, c.id, None).unwrap_or_default();
        out.push_str(&format!("\n*English:* {en}"));
        if let Some(help) = placeholder(Lang::En, c.id, Some("help")) {
            out.push_str(&format!(" — {help}"));
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_list_of_codes_in_docs_is_made_from_the_catalogues() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ma-loi.md");
    let made = codes_markdown();
    if std::env::var_os("BANTIN_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &made).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == made,
        "docs/ma-loi.md differs from the catalogues: run `BANTIN_BLESS=1 cargo test --lib i18n`"
    );
    for c in codes::ALL {
        assert!(written.contains(&format!("### {}\n", c.code)), "{}", c.code);
    }
}

#[test]
fn language_is_asked_then_the_site_then_vietnamese() {
    assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
    assert_eq!(Lang::parse("VI"), Some(Lang::Vi));
    assert_eq!(Lang::parse("fr"), None);
    assert_eq!(Lang::choose(Some(Lang::En), Some("vi")), Lang::En);
    if std::env::var_os(ENV).is_none() {
        assert_eq!(Lang::choose(None, Some("en")), Lang::En);
        assert_eq!(Lang::choose(None, None), Lang::Vi);
    }
}

#[test]
fn plurals_and_numbers_in_english_one_form_in_vietnamese() {
    let counts = |e: usize, w: usize| msg!("counts", errors = e, warnings = w, notes = 0);
    assert_eq!(counts(1, 2).text(Lang::En), "1 error, 2 warnings");
    assert_eq!(counts(1, 2).text(Lang::Vi), "1 lỗi, 2 cảnh báo");
    assert_eq!(counts(0, 1).text(Lang::En), "0 errors, 1 warning");
}
