//! Renders the Vietnamese guide (`docs/*.md`) to stand-alone HTML pages for the portable
//! packages: `cargo run --example guide_html -- OUT_DIR docs/a.md docs/b.md …`.
//!
//! Each page carries its own small stylesheet, links between guide pages (`x.md`) become
//! links to their HTML (`x.html`), and an `index.html` lists them, so the guide opens from
//! disk with no network.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

const STYLE: &str = "body{font:17px/1.6 system-ui,'Segoe UI',Arial,sans-serif;max-width:46rem;\
margin:2rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57a4}code,pre{font-family:Consolas,\
monospace;background:#f3f3f3}pre{padding:.75rem;overflow-x:auto}code{padding:0 .2em}\
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.3rem .5rem}\
nav{margin-bottom:1.5rem}";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page: body HTML and the text of its first heading (its title).
fn render(markdown: &str) -> (String, Option<String>) {
    let mut title: Option<String> = None;
    let mut in_title = false;
    let events = Parser::new_ext(markdown, Options::all()).map(|event| {
        match &event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if title.is_none() => in_title = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => in_title = false,
            Event::Text(t) | Event::Code(t) if in_title => {
                title.get_or_insert_with(String::new).push_str(t)
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: local_md_to_html(dest_url),
                title,
                id,
            }),
            other => other,
        }
    });
    let mut body = String::new();
    html::push_html(&mut body, events);
    (body, title)
}

/// `cai-dat.md#muc` → `cai-dat.html#muc`, for links between guide pages only.
fn local_md_to_html(url: CowStr<'_>) -> CowStr<'_> {
    if url.contains("://") || url.starts_with('/') {
        return url;
    }
    let (path, anchor) = url
        .split_once('#')
        .map_or((&*url, None), |(p, a)| (p, Some(a)));
    match path.strip_suffix(".md") {
        Some(stem) => {
            let mut out = format!("{stem}.html");
            if let Some(a) = anchor {
                let _ = write!(out, "#{a}");
            }
            out.into()
        }
        None => url,
    }
}

fn page(title: &str, body: &str, nav: bool) -> String {
    let nav = if nav {
        "<nav><a href=\"index.html\">← Mục lục hướng dẫn</a></nav>\n"
    } else {
        ""
    };
    format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{nav}<main>\n{body}</main>\n</body>\n</html>\n",
        escape(title)
    )
}

fn main() -> std::process::ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: guide_html OUT_DIR FILE.md…");
        return std::process::ExitCode::from(2);
    };
    let mut pages: Vec<(String, String)> = Vec::new();
    for md in args.map(PathBuf::from) {
        let text = match std::fs::read_to_string(&md) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("guide_html: {}: {e}", md.display());
                return std::process::ExitCode::FAILURE;
            }
        };
        let stem = md.file_stem().and_then(|s| s.to_str()).unwrap_or("guide");
        let (body, title) = render(&text);
        let title = title.unwrap_or_else(|| stem.to_owned());
        let file = format!("{stem}.html");
        if let Err(e) = write(&out.join(&file), &page(&title, &body, true)) {
            eprintln!("guide_html: {}: {e}", out.join(&file).display());
            return std::process::ExitCode::FAILURE;
        }
        pages.push((file, title));
    }
    let mut list = String::from("<h1>Hướng dẫn sử dụng bantin</h1>\n<ul>\n");
    for (file, title) in &pages {
        let _ = writeln!(list, "<li><a href=\"{file}\">{}</a></li>", escape(title));
    }
    list.push_str("</ul>\n");
    if pages.iter().all(|(f, _)| f != "index.html") {
        if let Err(e) = write(
            &out.join("index.html"),
            &page("Hướng dẫn sử dụng bantin", &list, false),
        ) {
            eprintln!("guide_html: {e}");
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)
}
