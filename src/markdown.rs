//! Markdown → HTML with pulldown-cmark: heading anchors and a table of contents, document
//! numbers linked, links between documents rewritten, raw HTML sanitised; plus the plain
//! text for search and summaries.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::content::cite::Citation;
use crate::vi;

#[derive(Clone, Debug, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The body as plain text, blocks separated by newlines.
    pub text: String,
    /// The first paragraph of running text, shortened, for lists.
    pub summary: String,
    /// Relative links to other Markdown files that match no document (for `check`).
    pub broken_links: Vec<String>,
}

/// What the renderer needs to know of the site around the body.
pub struct Context<'a> {
    pub trust_html: bool,
    /// Accessible name of the `#` link beside each heading.
    pub anchor_label: &'a str,
    /// Mentions of document numbers in the body (byte ranges into it).
    pub citations: &'a [Citation],
    /// Link target of citation `i`, when it is a document of the site.
    pub citation_href: &'a dyn Fn(usize) -> Option<String>,
    /// Link target for a relative link to a Markdown file (`../2021/ke-hoach.md`), if it is a document.
    pub document_href: &'a dyn Fn(&str) -> Option<String>,
}

fn options() -> Options {
    // No smart punctuation: offices' quotes and dashes are kept as typed.
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

pub fn render(body: &str, cx: &Context<'_>) -> Rendered {
    let mut events: Vec<Event> = Vec::new();
    let mut has_raw_html = false;
    let mut broken_links = Vec::new();
    let mut link_depth = 0usize;
    let mut shift_headings = false;
    let mut cite_cursor = 0;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                shift_headings = true;
                events.push(event);
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                has_raw_html = true;
                events.push(event);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                let dest_url = rewrite_link(dest_url, cx, &mut broken_links);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                events.push(event);
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if is_safe_url(&dest_url) {
                    dest_url
                } else {
                    CowStr::Borrowed("")
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Text(text) if link_depth == 0 && !cx.citations.is_empty() => {
                link_citations(text, range, body, cx, &mut cite_cursor, &mut events);
            }
            other => events.push(other),
        }
    }

    let (events, toc) = anchor_headings(events, shift_headings, cx.anchor_label);
    let (mut text, summary) = plain_text(&events);
    // `serve` keeps every document's text for its search index: no slack capacity.
    text.shrink_to_fit();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if html.contains(" style=\"text-align: ") {
        // Table column alignment as classes, which survive sanitising (style attributes do not).
        for side in ["left", "center", "right"] {
            html = html.replace(
                &format!(" style=\"text-align: {side}\""),
                &format!(" class=\"align-{side}\""),
            );
        }
    }
    if has_raw_html && !cx.trust_html {
        html = sanitizer().clean(&html).to_string();
    }
    // Word field codes leave control characters in pasted text; no format may carry them.
    for s in [&mut html, &mut text] {
        crate::escape::drop_forbidden(s);
    }
    let mut summary = summary;
    crate::escape::drop_forbidden(&mut summary);
    Rendered {
        html,
        toc,
        text,
        summary,
        broken_links,
    }
}

/// Splits a text event around the document numbers it contains, linking those on the site.
fn link_citations<'a>(
    text: CowStr<'a>,
    range: std::ops::Range<usize>,
    body: &str,
    cx: &Context<'_>,
    cursor: &mut usize,
    events: &mut Vec<Event<'a>>,
) {
    // Offsets are only usable when the event is the source text verbatim (no escapes).
    if body.get(range.clone()) != Some(&*text) {
        events.push(Event::Text(text));
        return;
    }
    while *cursor < cx.citations.len() && cx.citations[*cursor].range.start < range.start {
        *cursor += 1;
    }
    let mut last = 0;
    let mut pieces = Vec::new();
    while *cursor < cx.citations.len() && cx.citations[*cursor].range.end <= range.end {
        let c = &cx.citations[*cursor];
        if let Some(href) = (cx.citation_href)(*cursor) {
            let (s, e) = (c.range.start - range.start, c.range.end - range.start);
            pieces.push(Event::Text(CowStr::from(text[last..s].to_owned())));
            pieces.push(Event::InlineHtml(CowStr::from(format!(
                "<a class=\"ref\" href=\"{}\">{}</a>",
                crate::escape::xml(&href),
                crate::escape::xml(&text[s..e])
            ))));
            last = e;
        }
        *cursor += 1;
    }
    if pieces.is_empty() {
        events.push(Event::Text(text));
    } else {
        pieces.push(Event::Text(CowStr::from(text[last..].to_owned())));
        events.extend(pieces);
    }
}

fn rewrite_link<'a>(dest: CowStr<'a>, cx: &Context<'_>, broken: &mut Vec<String>) -> CowStr<'a> {
    if !is_safe_url(&dest) {
        return CowStr::Borrowed("#");
    }
    let is_relative = !dest.contains(':') && !dest.starts_with('/') && !dest.starts_with('#');
    let path = dest.split('#').next().unwrap_or("");
    if is_relative && path.ends_with(".md") {
        return match (cx.document_href)(&dest) {
            Some(href) => CowStr::from(href),
            None => {
                broken.push(dest.to_string());
                dest
            }
        };
    }
    dest
}

/// `javascript:`, `vbscript:` and `data:` links run code in the reader's browser.
fn is_safe_url(url: &str) -> bool {
    let scheme: String = url
        .trim_start()
        .chars()
        .take_while(|c| *c != ':' && *c != '/' && *c != '?' && *c != '#')
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    !(url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data"))
}

/// Gives every heading an id from its text (unique within the page) and a `#` link;
/// shifts levels down one when the body has its own `#` headings (the page's title is the h1).
fn anchor_headings<'a>(
    events: Vec<Event<'a>>,
    shift: bool,
    label: &str,
) -> (Vec<Event<'a>>, Vec<TocEntry>) {
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut toc = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, .. }) = &events[i] else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let level = (*level as u8 + u8::from(shift)).min(6);
        let end = events[i..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| i + p);
        let mut text = String::new();
        for e in &events[i + 1..end] {
            if let Event::Text(t) | Event::Code(t) = e {
                text.push_str(t);
            }
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let base = {
            let s = vi::slug(&text);
            if s.is_empty() { "muc".to_owned() } else { s }
        };
        let mut id = base.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        out.push(Event::Html(CowStr::from(format!("<h{level} id=\"{id}\">"))));
        out.extend(events[i + 1..end].iter().cloned());
        out.push(Event::Html(CowStr::from(format!(
            " <a class=\"anchor\" href=\"#{id}\" aria-label=\"{}\">#</a></h{level}>\n",
            crate::escape::xml(&format!("{label}: {text}"))
        ))));
        if level <= 3 {
            toc.push(TocEntry { level, id, text });
        }
        i = end + 1;
    }
    (out, toc)
}

fn plain_text(events: &[Event<'_>]) -> (String, String) {
    let mut text = String::new();
    let mut summary = String::new();
    let mut in_paragraph = false;
    let mut paragraph = String::new();
    let mut paragraph_all_strong = true;
    let mut strong_depth = 0;
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => {
                text.push_str(t);
                if in_paragraph {
                    paragraph.push_str(t);
                    if strong_depth == 0 && !t.trim().is_empty() {
                        paragraph_all_strong = false;
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                if in_paragraph {
                    paragraph.push(' ');
                }
            }
            Event::Start(Tag::Strong) => strong_depth += 1,
            Event::End(TagEnd::Strong) => strong_depth -= 1,
            Event::Start(Tag::Paragraph) => {
                in_paragraph = true;
                paragraph.clear();
                paragraph_all_strong = true;
            }
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                text.push('\n');
                // A paragraph all in bold is a heading typed by hand (**I. MỤC ĐÍCH**), not a summary.
                if summary.is_empty() && !paragraph_all_strong && paragraph.chars().count() > 40 {
                    summary = shorten(&paragraph, 280);
                }
            }
            Event::End(_) => text.push('\n'),
            Event::Html(h) | Event::InlineHtml(h)
                if h.starts_with("<h") || h.starts_with(" <a") =>
            {
                text.push('\n');
            }
            _ => {}
        }
    }
    (text, summary)
}

/// Cuts text at a word boundary near `max` characters, with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "aria-label", "title", "lang"]);
        b.add_tag_attributes("td", ["colspan", "rowspan", "align"]);
        b.add_tag_attributes("th", ["colspan", "rowspan", "align", "scope"]);
        b.add_tags(["figure", "figcaption", "section", "details", "summary"]);
        b.link_rel(None);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx<'a>(citations: &'a [Citation], href: &'a dyn Fn(usize) -> Option<String>) -> Context<'a> {
        Context {
            trust_html: false,
            anchor_label: "Liên kết",
            citations,
            citation_href: href,
            document_href: &|_| None,
        }
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let none = |_: usize| None;
        let r = render(
            "## I. MỤC ĐÍCH\n\ntext\n\n## I. MỤC ĐÍCH\n",
            &cx(&[], &none),
        );
        assert!(
            r.html.contains("<h2 id=\"i-muc-dich\">I. MỤC ĐÍCH"),
            "{}",
            r.html
        );
        assert!(r.html.contains("id=\"i-muc-dich-2\""));
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let none = |_: usize| None;
        let r = render(
            "<script>alert(1)</script>\n\n<p onclick=\"x()\">a</p>\n\n[x](javascript:alert(1))\n\n<table><tr><td>ô</td></tr></table>\n",
            &cx(&[], &none),
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"));
        assert!(!r.html.contains("javascript:"));
        assert!(r.html.contains("<td>ô</td>"));
    }

    #[test]
    fn cited_numbers_become_links() {
        let body = "Thực hiện Kế hoạch số 138-KH/HU ngày 23/8/2022 và 05/KH-UBND.";
        let cites = crate::content::cite::scan(body);
        let href = |i: usize| (i == 0).then(|| "../a/index.html".to_owned());
        let r = render(body, &cx(&cites, &href));
        assert!(
            r.html
                .contains("<a class=\"ref\" href=\"../a/index.html\">138-KH/HU</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("và 05/KH-UBND."));
    }

    #[test]
    fn summary_skips_bold_headings() {
        let none = |_: usize| None;
        let r = render(
            "**I. MỤC ĐÍCH, YÊU CẦU**\n\nNâng cao nhận thức và trách nhiệm của cán bộ, đảng viên về công tác dân vận.\n",
            &cx(&[], &none),
        );
        assert!(r.summary.starts_with("Nâng cao"), "{}", r.summary);
    }
}
