//! A document's page: its view, and its body rendered with its links and citations
//! resolved.

use minijinja::context;
use minijinja::value::Value;
use serde::Serialize;

use crate::i18n::codes;
use crate::markdown;
use crate::registry::Level;
use crate::render::pages::{base, unit_info};
use crate::render::views::{self, Crumb, DocItem, LinkView, RefView, kind_url, year_url};
use crate::render::{BodyFacts, Renderer};
use crate::resolve::Target;

#[derive(Serialize)]
struct SignerView<'a> {
    name: Option<&'a str>,
    title: Option<&'a str>,
    on_behalf: Option<&'a str>,
}

#[derive(Serialize)]
struct PeriodView {
    from: views::DateView,
    to: views::DateView,
}

/// Renders one document's page. Returns the HTML (None after a template error), the facts
/// the lists need, and problems found in the body.
pub fn render_document(
    r: &Renderer<'_>,
    i: usize,
) -> (Option<String>, BodyFacts, Vec<crate::diag::Diagnostic>) {
    let site = r.site;
    let doc = &site.docs[i];
    let body = match doc.read_body() {
        Ok(b) => b,
        Err(d) => return (None, BodyFacts::default(), vec![d]),
    };
    let root = super::templates::root_of(&doc.url);
    let portable = site.config.links == crate::config::LinkStyle::Portable;
    let href = |url: &str| {
        if portable {
            format!("{root}{url}index.html")
        } else {
            format!("{root}{url}")
        }
    };
    let citation_href = |c: usize| match &site.refs.citations[i][c] {
        Target::Document(d) => Some(href(&site.docs[*d].url)),
        _ => None,
    };
    let dir = doc.rel_path.rsplit_once('/').map_or("", |(d, _)| d);
    let links = std::cell::RefCell::new(Vec::new());
    let document_href = |link: &str| {
        let (path, fragment) = link.split_once('#').map_or((link, ""), |(p, f)| (p, f));
        let target = join_relative(dir, path)?;
        links.borrow_mut().push(target.clone());
        let d = site.docs.iter().position(|d| d.rel_path == target)?;
        let fragment = if fragment.is_empty() {
            String::new()
        } else {
            format!("#{fragment}")
        };
        Some(format!("{}{fragment}", href(&site.docs[d].url)))
    };
    let anchor_label = r.labels.text("anchor_label");
    let rendered = markdown::render(
        &body,
        &markdown::Context {
            trust_html: site.config.trust_html,
            anchor_label: &anchor_label,
            citations: &doc.citations,
            citation_href: &citation_href,
            document_href: &document_href,
        },
    );
    let mut problems = Vec::new();
    // Read again only to point at a broken link, which is rare.
    let source = (!rendered.broken_links.is_empty())
        .then(|| crate::source::Source::read(&doc.path).ok())
        .flatten();
    let mut searched_from = doc.body.start;
    for link in &rendered.broken_links {
        let mut d = crate::diag::Diagnostic::error(&doc.path, codes::LINK_BROKEN).arg("link", link);
        if let Some(source) = &source {
            let found = source
                .text
                .get(searched_from..)
                .and_then(|t| t.find(link.as_str()));
            if let Some(i) = found {
                d = d.at(source.position(searched_from + i, link.len()));
                searched_from += i + link.len();
            }
        }
        problems.push(d);
    }
    let facts = BodyFacts {
        summary: rendered.summary,
        text: rendered.text,
        links: links.into_inner(),
    };
    let item = DocItem::new(site, i, &r.labels, &[]);
    let summary = doc.summary.as_deref().unwrap_or(&facts.summary);
    let unit = site.doc_unit[i];
    let refs = &site.refs;
    let html = r.render(
        "document.html",
        context! {
            doc => context! {
                summary => summary,
                body => Value::from_safe_string(rendered.html),
                toc => rendered.toc,
                place => doc.place,
                is_party => doc.is_party() || site.units[unit].level == Some(Level::Party),
                unit_info => unit_info(site, unit, r),
                signer => doc.signer.as_ref().map(|s| SignerView {
                    name: s.name.as_deref(),
                    title: s.title.as_deref(),
                    on_behalf: s.on_behalf.as_deref(),
                }),
                recipients => doc.recipients,
                based_on => refs.based_on[i].iter().map(|t| RefView::new(site, t, &r.labels)).collect::<Vec<_>>(),
                reports_on => refs.reports_on[i].as_ref().map(|t| RefView::new(site, t, &r.labels)),
                cited_by => refs.cited_by[i].iter().map(|&d| DocItem::new(site, d, &r.labels, &[])).collect::<Vec<_>>(),
                reports => refs.reports[i].iter().map(|&d| DocItem::new(site, d, &r.labels, &[])).collect::<Vec<_>>(),
                period => doc.period.as_ref().map(|p| PeriodView { from: p.from.into(), to: p.to.into() }),
                deadlines => (0..doc.deadlines.len()).map(|k| views::deadline_view(site, i, k, &r.labels, false)).collect::<Vec<_>>(),
                attachments => doc.attachments.iter().map(|a| LinkView { name: a.clone(), url: format!("{}{a}", doc.url) }).collect::<Vec<_>>(),
                tags => doc.tags,
                source => doc.rel_path,
                year => doc.year,
                kind_url => kind_url(doc.kind),
                year_url => year_url(doc.year),
                ..Value::from_serialize(&item)
            },
            breadcrumbs => vec![
                Crumb { name: r.labels.text("home"), url: Some(String::new()) },
                Crumb { name: doc.year.to_string(), url: Some(year_url(doc.year)) },
                Crumb { name: doc.number.clone().unwrap_or_else(|| markdown::shorten(&doc.title, 60)), url: None },
            ], ..base(r, &doc.url, &doc.title)
        },
    );
    (html, facts, problems)
}

/// `../2021/a.md` from folder `2022` → `2021/a.md`; None when it leaves `content/`.
fn join_relative(dir: &str, link: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(link)
        .decode_utf8()
        .ok()?;
    let mut parts: Vec<String> = dir
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(crate::vi::nfc(p).into_owned()),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_markdown_links() {
        assert_eq!(
            join_relative("2022", "../2021/a.md").as_deref(),
            Some("2021/a.md")
        );
        assert_eq!(join_relative("2022", "b.md").as_deref(), Some("2022/b.md"));
        assert_eq!(join_relative("", "../x.md"), None);
    }
}
