//! The keys of a site's outputs, made the one way `serve` and `build` both use, and the
//! render of each output that keeps it from the last build when its key is unchanged.
//!
//! A document's key comes from the facts of its body as last rendered; a list's or feed's
//! from every document's facts, with the documents whose first paragraph its view reads.

use std::sync::OnceLock;

use super::document::{document_key, document_key_reading};
use super::feeds::{self, Feed};
use super::pages::{self, Page};
use super::reuse::{self, Known};
use super::{BodyFacts, Facts, Out, Renderer};
use crate::resolve::DocId;

/// What the last build left that this one may keep, and where this one notes what the next
/// needs. `build` keeps files of its last output folder; without one, everything renders.
pub trait LastBuild: Sync {
    /// The facts of document `i`'s body as last rendered, taken out of the last build's,
    /// but for its text, which is not kept (the search index finds what it counted of it
    /// with [`LastBuild::chunk_of`]).
    fn facts(&self, r: &Renderer<'_>, i: DocId) -> Option<BodyFacts>;
    /// A chunk of documents as the search index counted them last time, by its key
    /// ([`crate::render::search::SearchFields::chunk_keys`]).
    fn counted(&self, key: u64) -> Option<crate::search::Counted>;
    /// Whether the last build rendered document `i`'s body as it is now.
    fn knows_body(&self, r: &Renderer<'_>, i: DocId) -> bool;
    /// The key of the chunk whose counts of the last build hold the document whose key is
    /// `doc`, wherever that chunk was.
    fn chunk_of(&self, doc: u64) -> Option<u64>;
    /// Keeps for the next build the counts of a chunk the last build counted, of the
    /// documents whose keys are `docs`; false when it has none.
    fn carry_counted(&self, key: u64, docs: &[u64]) -> bool;
    /// The search index as the last build left it, when whole.
    fn index(&self) -> Option<crate::search::KeptIndex>;
    /// Keeps the search index for the next build, written on a thread of its own; how it
    /// was made, in the manifest.
    fn note_index(
        &self,
        index: std::sync::Arc<crate::search::KeptIndex>,
        made: crate::render::search::Made,
    );
    /// Notes a chunk of documents as the search index counted them.
    fn note_counted(&self, key: u64, counted: &crate::search::Counted);
    /// Keeps the files of the output first written at `path` (and `also`, its bundle) as
    /// the last build wrote them, when its key was `key` then and the files are whole;
    /// false when it must be rendered.
    fn keep(&self, path: &str, key: u64, also: &[String]) -> bool;
    /// Notes the key of the output first written at `path`, kept or rendered.
    fn note_key(&self, path: &str, key: u64);
    /// Notes the facts of document `i`'s body, before its text is let go.
    fn note_facts(&self, r: &Renderer<'_>, i: DocId, facts: &BodyFacts);
    /// What the last build knew of its documents' pages, when it had the same documents in
    /// the same order.
    fn known(&self, r: &Renderer<'_>) -> Option<Known>;
    /// Keeps what this build knew of its documents' pages for the next.
    fn note_known(&self, r: &Renderer<'_>, known: &Known);
    /// The key the output first written at `path` had in the last build.
    fn last_key(&self, path: &str) -> Option<u64>;
    /// The size of the file the last build wrote at `path`.
    fn last_size(&self, path: &str) -> Option<u64>;
}

/// Which documents' pages keep the key they had in the last build: those nothing their view
/// reads changed for ([`reuse::Known::plan`]), so that a build after one edit makes the view
/// of the pages that edit may reach, not of every page. What this build keys is noted for
/// the next.
pub struct Carry {
    now: reuse::Now,
    plan: reuse::Plan,
    last: Known,
    /// The documents each page's view read, for the pages keyed in this build, by their
    /// places as [`Known`] keeps them.
    reads: Vec<OnceLock<Vec<usize>>>,
}

impl Carry {
    /// From what the last build knew (None: every page is keyed).
    pub fn new(r: &Renderer<'_>, last: Option<Known>) -> Carry {
        let last = last.unwrap_or_default();
        let now = reuse::Now::of(r);
        let plan = last.plan(&now, &|i| Some(i));
        Carry {
            now,
            plan,
            last,
            reads: (0..r.site.docs.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The keys of the items lists show that carry over, for [`Renderer::reuse_item_keys`].
    pub fn items(&self) -> Vec<Option<u64>> {
        self.last.items(&self.plan)
    }

    /// What this build knows, for the next.
    pub fn next(self, r: &Renderer<'_>) -> Known {
        let reads = self.reads.into_iter().map(OnceLock::into_inner).collect();
        self.last
            .next(self.now, &self.plan, r.item_keys_made(), reads)
    }

    /// Document `i`'s key, as the last build made it when it carries over.
    fn carried(&self, i: DocId, page: &str, reuse: &dyn LastBuild) -> Option<u64> {
        (!self.plan.key.get(i.index()).copied().unwrap_or(true))
            .then(|| reuse.last_key(page))
            .flatten()
    }

    /// Document `i`'s key made from its view, noting what the view read.
    fn key(&self, r: &Renderer<'_>, i: DocId, facts: &BodyFacts) -> u64 {
        let (key, reads) = document_key_reading(r, i, facts);
        if let Some(slot) = self.reads.get(i.index()) {
            let _ = slot.set(reads.into_iter().map(DocId::index).collect());
        }
        key
    }
}

/// A page's or feed's key, and the documents whose first paragraph its view reads.
pub struct Keyed {
    pub key: u64,
    pub reads: Vec<DocId>,
}

/// The key of a page other than a document's, from every document's body facts.
pub fn page_key(r: &Renderer<'_>, page: &Page, facts: &[BodyFacts]) -> Keyed {
    let noted = Facts::noting(facts).keyed(r);
    let key = r.key(&pages::page_view(r, page, &noted));
    Keyed {
        key,
        reads: noted.read(),
    }
}

/// The key of a feed, calendar, the sitemap or robots.txt, from every document's body facts.
pub fn feed_key(r: &Renderer<'_>, feed: &Feed, facts: &[BodyFacts]) -> Keyed {
    let noted = Facts::noting(facts).keyed(r);
    let key = feeds::key(r, feed, &noted);
    Keyed {
        key,
        reads: noted.read(),
    }
}

/// Where document `i`'s bundle files go: each beside the page as beside the document, in
/// the same subfolder if any.
pub fn bundle_targets<'s>(r: &Renderer<'s>, i: DocId) -> Vec<(&'s std::path::Path, String)> {
    let doc = &r.site.docs[i];
    let dir = doc.path.parent().unwrap_or(std::path::Path::new(""));
    doc.bundle_files
        .iter()
        .map(|file| {
            let rel = file.strip_prefix(dir).unwrap_or(file);
            let rel: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
            (file.as_path(), format!("{}{}", doc.url, rel.join("/")))
        })
        .collect()
}

/// Document `i`: kept as the last build wrote it when its key is unchanged, else rendered.
/// Its body facts either way. With `carry`, its key is the last build's when it carries
/// over, else made and its reads noted.
pub fn document(
    r: &Renderer<'_>,
    i: DocId,
    out: &Out<'_>,
    reuse: Option<&dyn LastBuild>,
    carry: Option<&Carry>,
) -> BodyFacts {
    let Some(reuse) = reuse else {
        return super::write_document(r, i, out);
    };
    let page = pages::file_of(&r.site.docs[i].url);
    let key = |facts: &BodyFacts| match carry {
        Some(c) => c.key(r, i, facts),
        None => document_key(r, i, facts),
    };
    if let Some(facts) = reuse.facts(r, i) {
        let key = carry
            .and_then(|c| c.carried(i, &page, reuse))
            .unwrap_or_else(|| key(&facts));
        let bundle: Vec<String> = bundle_targets(r, i).into_iter().map(|(_, to)| to).collect();
        if reuse.keep(&page, key, &bundle) {
            reuse.note_key(&page, key);
            return facts;
        }
    }
    let facts = super::write_document(r, i, out);
    reuse.note_key(&page, key(&facts));
    facts
}

/// A page other than a document's: kept when its key is unchanged, else rendered.
pub fn page(
    r: &Renderer<'_>,
    page: &Page,
    facts: &[BodyFacts],
    out: &Out<'_>,
    reuse: Option<&dyn LastBuild>,
) {
    let Some(reuse) = reuse else {
        return super::write_page(r, page, &Facts::new(facts), out);
    };
    let path = pages::file_of(&page.address(r.site));
    let key = page_key(r, page, facts).key;
    if !reuse.keep(&path, key, &[]) {
        super::write_page(r, page, &Facts::new(facts), out);
    }
    reuse.note_key(&path, key);
}

/// A feed, calendar, the sitemap or robots.txt: kept when its key is unchanged, else
/// rendered.
pub fn feed(
    r: &Renderer<'_>,
    feed: &Feed,
    facts: &[BodyFacts],
    out: &Out<'_>,
    reuse: Option<&dyn LastBuild>,
) {
    let Some(reuse) = reuse else {
        return super::write_feed(r, feed, &Facts::new(facts), out);
    };
    let path = feed.path(r.site);
    let key = feed_key(r, feed, facts).key;
    if !reuse.keep(&path, key, &[]) {
        super::write_feed(r, feed, &Facts::new(facts), out);
    }
    reuse.note_key(&path, key);
}
