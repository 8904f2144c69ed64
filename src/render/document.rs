//! A document's page: its view, the key of that view, and its body rendered with its links
//! and citations resolved.

use minijinja::value::Value;
use serde::Serialize;

use crate::markdown;
use crate::registry::Level;
use crate::render::pages::{Base, UnitInfo, base, unit_info};
use crate::render::views::{
    self, Crumb, DeadlineView, Item, LinkView, RefView, Shared, kind_url, year_url,
};
use crate::render::{BodyFacts, Facts, Renderer, View, ViewData};
use crate::resolve::{DocId, Target};

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

/// Where a document's body links lead, as addresses from its page: the numbers it cites
/// and the documents it links to. Its HTML is made with these answers, and its key takes
/// them in.
struct BodyLinks<'r, 's> {
    r: &'r Renderer<'s>,
    i: DocId,
    root: String,
    portable: bool,
    reads: Option<&'r Reads>,
}

impl<'r, 's> BodyLinks<'r, 's> {
    fn new(r: &'r Renderer<'s>, i: DocId, reads: Option<&'r Reads>) -> Self {
        BodyLinks {
            r,
            i,
            root: super::templates::root_of(&r.site.docs[i].url),
            portable: r.site.config.links == crate::config::LinkStyle::Portable,
            reads,
        }
    }

    /// The address of document `d`'s page, noted as read.
    fn page_of(&self, d: DocId) -> String {
        if let Some(reads) = self.reads {
            reads.note(d);
        }
        self.href(&self.r.site.docs[d].url)
    }

    fn href(&self, url: &str) -> String {
        if self.portable {
            format!("{}{url}index.html", self.root)
        } else {
            format!("{}{url}", self.root)
        }
    }

    /// Of citation `c`, when it names a document of the site.
    fn citation(&self, c: usize) -> Option<String> {
        match &self.r.site.refs.citations[self.i][c] {
            Target::Document(d) => Some(self.page_of(*d)),
            _ => None,
        }
    }

    /// Of the document at `target` under `content/`, when there is one.
    fn document(&self, target: &str) -> Option<String> {
        let d = self.r.document_at(target)?;
        Some(self.page_of(d))
    }
}

/// A document's body as its view shows it: rendered, or, for its key, a hash of what it is
/// rendered from.
enum Body {
    Rendered(markdown::Rendered),
    Key(u64),
}

/// What a document's body renders from: its text, the settings the renderer reads, and
/// where its links lead (the documents it linked to when last rendered, in `facts`). Equal
/// keys give equal HTML.
fn body_key(r: &Renderer<'_>, i: DocId, facts: &BodyFacts, reads: &Reads) -> u64 {
    use std::hash::{Hash, Hasher};
    let doc = &r.site.docs[i];
    let links = BodyLinks::new(r, i, Some(reads));
    let mut h = rustc_hash::FxHasher::default();
    (
        doc.fingerprint,
        r.site.config.trust_html,
        r.labels.text("anchor_label"),
    )
        .hash(&mut h);
    for c in 0..doc.citations.len() {
        links.citation(c).hash(&mut h);
    }
    for target in &facts.links {
        (target, links.document(target)).hash(&mut h);
    }
    h.finish()
}

/// Other documents a document's view reads, noted as it is built: an edit of one of them
/// may change the page (see [`crate::render::reuse`]).
#[derive(Default)]
pub struct Reads(std::cell::RefCell<Vec<DocId>>);

impl Reads {
    fn note(&self, d: DocId) -> DocId {
        self.0.borrow_mut().push(d);
        d
    }

    fn into_sorted(self) -> Vec<DocId> {
        let mut read = self.0.into_inner();
        read.sort_unstable();
        read.dedup();
        read
    }
}

/// The key of document `i`'s page (and the files of its bundle, copied beside it), from
/// the facts of its body as last rendered.
pub fn document_key(r: &Renderer<'_>, i: DocId, facts: &BodyFacts) -> u64 {
    document_key_reading(r, i, facts).0
}

/// [`document_key`], and the other documents its view read.
pub fn document_key_reading(r: &Renderer<'_>, i: DocId, facts: &BodyFacts) -> (u64, Vec<DocId>) {
    use std::hash::{Hash, Hasher};
    let reads = Reads::default();
    let body = Body::Key(body_key(r, i, facts, &reads));
    let view = document_view(r, i, facts, body, &reads);
    let mut h = rustc_hash::FxHasher::default();
    r.key(&view).hash(&mut h);
    for file in &r.site.docs[i].bundle_files {
        let stamp = std::fs::metadata(file)
            .ok()
            .map(|m| (m.len(), m.modified().ok()));
        (file, stamp).hash(&mut h);
    }
    (h.finish(), reads.into_sorted())
}

/// Renders one document's page. Returns the HTML (None after a template error), the facts
/// the lists need, and problems found in the body.
pub fn render_document(
    r: &Renderer<'_>,
    i: DocId,
) -> (Option<String>, BodyFacts, Vec<crate::diag::Diagnostic>) {
    let site = r.site;
    let doc = &site.docs[i];
    let body = match doc.read_body() {
        Ok(b) => b,
        Err(d) => return (None, BodyFacts::default(), vec![d]),
    };
    let body_links = BodyLinks::new(r, i, None);
    let citation_href = |c: usize| body_links.citation(c);
    let dir = doc.rel_path.rsplit_once('/').map_or("", |(d, _)| d);
    let links = std::cell::RefCell::new(Vec::new());
    let document_href = |link: &str| {
        let (path, fragment) = link.split_once('#').map_or((link, ""), |(p, f)| (p, f));
        let target = join_relative(dir, path)?;
        let href = body_links.document(&target);
        links.borrow_mut().push(target);
        let fragment = if fragment.is_empty() {
            String::new()
        } else {
            format!("#{fragment}")
        };
        Some(format!("{}{fragment}", href?))
    };
    let anchor_label = r.labels.text("anchor_label");
    let mut rendered = markdown::render(
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
        let mut d = crate::diag::Diagnostic::error(&doc.path, crate::i18n::codes::LINK_BROKEN)
            .arg("link", link);
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
        summary: std::mem::take(&mut rendered.summary),
        text: std::mem::take(&mut rendered.text),
        links: links.into_inner(),
    };
    let reads = Reads::default();
    let html = r.render_view(document_view(
        r,
        i,
        &facts,
        Body::Rendered(rendered),
        &reads,
    ));
    (html, facts, problems)
}

/// The view of a document's page.
#[derive(Serialize)]
pub struct DocumentView<'a> {
    doc: DocumentData<'a>,
    breadcrumbs: Vec<Crumb>,
    #[serde(flatten)]
    base: Base,
}

/// `doc` in `document.html`: the document as lists show it, and all the rest.
#[derive(Serialize)]
struct DocumentData<'a> {
    // First, so that the fields below take the place of its own where they share a name.
    #[serde(flatten)]
    item: Item<'a>,
    summary: &'a str,
    body: Value,
    toc: Value,
    place: Option<&'a str>,
    is_party: bool,
    unit_info: Shared<UnitInfo<'a>>,
    signer: Option<SignerView<'a>>,
    recipients: &'a [String],
    based_on: Vec<RefView>,
    reports_on: Option<RefView>,
    cited_by: Vec<Item<'a>>,
    reports: Vec<Item<'a>>,
    period: Option<PeriodView>,
    deadlines: Vec<DeadlineView<'a>>,
    attachments: Vec<LinkView>,
    tags: &'a [String],
    source: &'a str,
    year: i32,
    kind_url: String,
    year_url: String,
}

/// The view of document `i`'s page.
/// Every other document it reads is noted in `reads`.
fn document_view<'v>(
    r: &'v Renderer<'_>,
    i: DocId,
    facts: &'v BodyFacts,
    body: Body,
    reads: &Reads,
) -> View<'v> {
    let site = r.site;
    let doc = &site.docs[i];
    // The page shows no first paragraph of another document's body.
    let none = match body {
        Body::Rendered(_) => Facts::new(&[]),
        Body::Key(_) => Facts::new(&[]).keyed(r),
    };
    let unit = site.doc_unit[i];
    let unit_info = match body {
        Body::Rendered(_) => Shared::Shown(unit_info(site, unit, r)),
        Body::Key(_) => Shared::Keyed(r.unit_keys.get(site.units.len(), unit.index(), || {
            crate::render::hash_serialised(&unit_info(site, unit, r))
        })),
    };
    let item = |d: DocId| Item::new(site, reads.note(d), &r.labels, &none);
    let reference = |t: &Target| {
        if let Target::Document(d) = t {
            reads.note(*d);
        }
        RefView::new(site, t, &r.labels)
    };
    let refs = &site.refs;
    let (body, toc) = match body {
        Body::Rendered(rendered) => (
            Value::from_safe_string(rendered.html),
            Value::from_serialize(&rendered.toc),
        ),
        Body::Key(key) => (Value::from(key), Value::from(())),
    };
    let data = DocumentData {
        item: item(i),
        summary: doc.summary.as_deref().unwrap_or(&facts.summary),
        body,
        toc,
        place: doc.place.as_deref(),
        is_party: doc.is_party() || site.units[unit].level == Some(Level::Party),
        unit_info,
        signer: doc.signer.as_ref().map(|s| SignerView {
            name: s.name.as_deref(),
            title: s.title.as_deref(),
            on_behalf: s.on_behalf.as_deref(),
        }),
        recipients: &doc.recipients,
        based_on: refs.based_on[i].iter().map(reference).collect(),
        reports_on: refs.reports_on[i].as_ref().map(reference),
        cited_by: refs.cited_by[i].iter().map(|&d| item(d)).collect(),
        reports: refs.reports[i].iter().map(|&d| item(d)).collect(),
        period: doc.period.as_ref().map(|p| PeriodView {
            from: p.from.into(),
            to: p.to.into(),
        }),
        // Their statuses read the reports on this document, noted with `reports` below.
        deadlines: (0..doc.deadlines.len())
            .map(|k| views::deadline_view(site, i, k, &r.labels, false))
            .collect(),
        attachments: doc
            .attachments
            .iter()
            .map(|a| LinkView {
                name: a.clone(),
                url: format!("{}{a}", doc.url),
            })
            .collect(),
        tags: &doc.tags,
        source: &doc.rel_path,
        year: doc.year,
        kind_url: kind_url(doc.kind),
        year_url: year_url(doc.year),
    };
    let breadcrumbs = vec![
        Crumb {
            name: r.labels.text("home"),
            url: Some(String::new()),
        },
        Crumb {
            name: doc.year.to_string(),
            url: Some(year_url(doc.year)),
        },
        Crumb {
            name: doc
                .number
                .clone()
                .unwrap_or_else(|| markdown::shorten(&doc.title, 60)),
            url: None,
        },
    ];
    View {
        template: "document.html",
        data: ViewData::Document(Box::new(DocumentView {
            doc: data,
            breadcrumbs,
            base: base(r, &doc.url, &doc.title),
        })),
    }
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
