//! Keys of outputs: for each page, feed or file, a hash of everything its view reads. An
//! output whose key is the one it had at the last good build is not rendered again.
//!
//! Each key follows the view it stands for (`render::pages`, `render::feeds`): when a view
//! starts reading something new, its key here must take it in too. The serve test that
//! compares a site edited under `serve` with a fresh `bantin build` catches what is missed.

use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::Path;

use crate::render::BodyFacts;
use crate::render::feeds::{FEED_ENTRIES, Feed};
use crate::render::pages::Page;
use crate::resolve::{Site, Target};

/// The hasher of keys: keys are compared with themselves only, so speed matters more than
/// resisting crafted input.
pub type Fx = rustc_hash::FxHasher;

pub fn hash_of(value: impl Hash) -> u64 {
    let mut h = Fx::default();
    value.hash(&mut h);
    h.finish()
}

/// Hashes of the parts of a Site that several outputs show: made when the Site is
/// resolved, and patched when documents are read again with the same meta.
pub struct KeyTables {
    /// Per unit: the unit and the units its page names (parent, successor, predecessors).
    unit: Vec<u64>,
    campaign: Vec<u64>,
    /// Per document: what other pages show of it (its meta, its unit, its campaigns).
    item: Vec<u64>,
    /// Per document: what its own page shows of its file (body and bundle too).
    own: Vec<u64>,
    paths: HashSet<Box<str>, rustc_hash::FxBuildHasher>,
}

impl KeyTables {
    /// `meta`: [`crate::content::meta_of`] each document, in the Site's order.
    pub fn new(site: &Site, meta: &[u64]) -> Self {
        let unit_of_name = |name: &Option<String>| {
            name.as_deref()
                .and_then(|n| site.find_unit(n))
                .map(|u| format!("{:?}", site.units[u]))
        };
        let unit: Vec<u64> = site
            .units
            .iter()
            .enumerate()
            .map(|(u, unit)| {
                let predecessors: Vec<String> = site.predecessors[u]
                    .iter()
                    .map(|&p| format!("{:?}", site.units[p]))
                    .collect();
                hash_of((
                    format!("{unit:?}"),
                    unit_of_name(&unit.parent),
                    unit_of_name(&unit.successor),
                    predecessors,
                ))
            })
            .collect();
        let campaign: Vec<u64> = site
            .campaigns
            .iter()
            .map(|c| hash_of(format!("{c:?}")))
            .collect();
        let item: Vec<u64> = (0..site.docs.len())
            .map(|i| {
                let mut h = Fx::default();
                (meta[i], unit[site.doc_unit[i]]).hash(&mut h);
                for &c in &site.doc_campaigns[i] {
                    campaign[c].hash(&mut h);
                }
                h.finish()
            })
            .collect();
        let own = site
            .docs
            .iter()
            .enumerate()
            .map(|(i, doc)| own(doc, item[i]))
            .collect();
        KeyTables {
            unit,
            campaign,
            item,
            own,
            paths: site
                .docs
                .iter()
                .map(|d| d.rel_path.as_str().into())
                .collect(),
        }
    }

    /// Document `i` was read again with the same meta: only its own page can differ.
    pub fn reread(&mut self, site: &Site, i: usize) {
        self.own[i] = own(&site.docs[i], self.item[i]);
    }
}

/// The first paragraphs that lists and feeds show.
pub trait Summaries {
    fn summary(&self, d: usize) -> &str;
}

impl Summaries for [BodyFacts] {
    fn summary(&self, d: usize) -> &str {
        &self[d].summary
    }
}

/// Notes the documents whose first paragraph a key reads, instead of reading them.
#[derive(Default)]
struct Readers(RefCell<Vec<usize>>);

impl Summaries for Readers {
    fn summary(&self, d: usize) -> &str {
        self.0.borrow_mut().push(d);
        ""
    }
}

/// An output that lists documents: a page or a feed, by its place in its plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    Page(usize),
    Feed(usize),
}

/// The keys of one rebuild: the tables, and what changes every day.
pub struct Keys<'s> {
    site: &'s Site,
    /// Everything outside the documents: site.yaml, registries, templates, today.
    epoch: u64,
    t: &'s KeyTables,
}

impl<'s> Keys<'s> {
    pub fn new(site: &'s Site, epoch: u64, tables: &'s KeyTables) -> Self {
        Keys {
            site,
            epoch,
            t: tables,
        }
    }

    /// For each document, the pages and feeds whose keys read its first paragraph: what
    /// an edit of that paragraph renders again besides the document's own page.
    pub fn listings(
        &self,
        plan: &[Page],
        addresses: &[String],
        feeds: &[(Feed, String)],
        addresses_key: u64,
    ) -> Vec<Vec<Listing>> {
        let mut out: Vec<Vec<Listing>> = vec![Vec::new(); self.site.docs.len()];
        let readers = Readers::default();
        let note = |listing: Listing, out: &mut Vec<Vec<Listing>>| {
            for d in readers.0.take() {
                if out[d].last() != Some(&listing) {
                    out[d].push(listing);
                }
            }
        };
        for (j, (page, address)) in plan.iter().zip(addresses).enumerate() {
            self.page(page, address, &readers);
            note(Listing::Page(j), &mut out);
        }
        for (j, (feed, title)) in feeds.iter().enumerate() {
            self.feed(feed, title, &readers, addresses_key);
            note(Listing::Feed(j), &mut out);
        }
        out
    }

    fn target(&self, t: &Target, h: &mut Fx) {
        match t {
            Target::Document(d) => (0u8, self.t.item[*d]).hash(h),
            Target::Outside(text) => (1u8, text).hash(h),
            Target::Ambiguous(text, candidates) => {
                (2u8, text).hash(h);
                for &c in candidates {
                    self.t.item[c].hash(h);
                }
            }
        }
    }

    /// A document's page: the document, the documents it names or that name it, the units
    /// and campaigns it shows, and whether the files its body links to are documents.
    pub fn document(&self, i: usize, links: &[String]) -> u64 {
        let site = self.site;
        let refs = &site.refs;
        let mut h = Fx::default();
        (self.epoch, "document", self.t.own[i]).hash(&mut h);
        (self.t.unit[site.doc_unit[i]]).hash(&mut h);
        for t in &refs.based_on[i] {
            self.target(t, &mut h);
        }
        1u8.hash(&mut h);
        if let Some(t) = &refs.reports_on[i] {
            self.target(t, &mut h);
        }
        2u8.hash(&mut h);
        for t in &refs.citations[i] {
            self.target(t, &mut h);
        }
        3u8.hash(&mut h);
        for &d in &refs.cited_by[i] {
            self.t.item[d].hash(&mut h);
        }
        4u8.hash(&mut h);
        // Deadline statuses come from the reports and their dates.
        for &d in &refs.reports[i] {
            self.t.item[d].hash(&mut h);
        }
        5u8.hash(&mut h);
        for link in links {
            (link, self.t.paths.contains(link.as_str())).hash(&mut h);
        }
        h.finish()
    }

    /// A document's deadlines as lists of deadlines show them: the document, and the
    /// reports on it, which decide each deadline's status.
    fn deadlines(&self, d: usize, h: &mut Fx) {
        if !self.site.docs[d].deadlines.is_empty() {
            self.t.item[d].hash(h);
            for &r in &self.site.refs.reports[d] {
                self.t.item[r].hash(h);
            }
        }
    }

    /// What a list or feed shows of a document: its item and its first paragraph.
    fn listed<S: Summaries + ?Sized>(&self, d: usize, facts: &S, h: &mut Fx) {
        (self.t.item[d], facts.summary(d)).hash(h);
    }

    fn list<S: Summaries + ?Sized>(&self, docs: &[usize], n: usize, facts: &S, h: &mut Fx) {
        let size = self.site.config.page_size;
        // Every page shows the count; the slice is this page's documents.
        (docs.len(), n).hash(h);
        let slice = &docs[((n - 1) * size).min(docs.len())..(n * size).min(docs.len())];
        for &d in slice {
            self.listed(d, facts, h);
        }
    }

    /// A page other than a document's; None for pages rendered every time (home, 404,
    /// search: small, and reading much of the site).
    pub fn page<S: Summaries + ?Sized>(
        &self,
        page: &Page,
        address: &str,
        facts: &S,
    ) -> Option<u64> {
        let site = self.site;
        let mut h = Fx::default();
        (self.epoch, "page", address).hash(&mut h);
        match *page {
            Page::Home | Page::NotFound | Page::Search => return None,
            Page::Year(y, n) => {
                site.years[y].0.hash(&mut h);
                self.list(&site.years[y].1, n, facts, &mut h);
            }
            Page::Unit(u, n) => {
                self.t.unit[u].hash(&mut h);
                self.list(&site.unit_docs[u], n, facts, &mut h);
                // Every page of a unit shows what it still owes: its deadlines' statuses.
                for &d in &site.unit_docs[u] {
                    self.deadlines(d, &mut h);
                }
            }
            Page::Campaign(c, n) => {
                self.t.campaign[c].hash(&mut h);
                self.list(&site.campaign_docs[c], n, facts, &mut h);
            }
            Page::Kind(k, n) => {
                site.kinds[k].0.hash(&mut h);
                self.list(&site.kinds[k].1, n, facts, &mut h);
            }
            Page::Years => {
                for (y, docs) in &site.years {
                    (y, docs.len()).hash(&mut h);
                }
            }
            Page::Kinds => {
                for (k, docs) in &site.kinds {
                    (k, docs.len()).hash(&mut h);
                }
            }
            Page::Campaigns => {
                for &c in &site.campaigns_sorted {
                    (self.t.campaign[c], site.campaign_docs[c].len()).hash(&mut h);
                }
            }
            Page::Units => {
                for &u in &site.units_sorted {
                    (self.t.unit[u], site.unit_docs[u].len()).hash(&mut h);
                }
            }
            Page::Deadlines => {
                for d in 0..site.docs.len() {
                    self.deadlines(d, &mut h);
                }
            }
        }
        Some(h.finish())
    }

    /// A feed, calendar, the sitemap or robots.txt. `addresses` hashes every page address
    /// (for the sitemap).
    pub fn feed<S: Summaries + ?Sized>(
        &self,
        feed: &Feed,
        title: &str,
        facts: &S,
        addresses: u64,
    ) -> u64 {
        let site = self.site;
        let mut h = Fx::default();
        (self.epoch, "feed", title).hash(&mut h);
        let all: Vec<usize>;
        let docs: &[usize] = match *feed {
            Feed::Site | Feed::Calendar | Feed::Sitemap | Feed::SitemapPart(_) => {
                all = (0..site.docs.len()).collect();
                &all
            }
            Feed::Unit(u) | Feed::UnitCalendar(u) => {
                self.t.unit[u].hash(&mut h);
                &site.unit_docs[u]
            }
            Feed::Campaign(c) => {
                self.t.campaign[c].hash(&mut h);
                &site.campaign_docs[c]
            }
            Feed::Kind(k) => {
                site.kinds[k].0.hash(&mut h);
                &site.kinds[k].1
            }
            Feed::Robots => &[],
        };
        feed.path(site).hash(&mut h);
        match feed {
            Feed::Site | Feed::Unit(_) | Feed::Campaign(_) | Feed::Kind(_) => {
                docs.iter().map(|&d| site.docs[d].date).max().hash(&mut h);
                for &d in docs.iter().take(FEED_ENTRIES) {
                    self.listed(d, facts, &mut h);
                }
            }
            Feed::UnitCalendar(_) | Feed::Calendar => {
                for &d in docs {
                    if !site.docs[d].deadlines.is_empty() {
                        self.t.item[d].hash(&mut h);
                    }
                }
            }
            Feed::Sitemap | Feed::SitemapPart(_) => {
                addresses.hash(&mut h);
                for &d in docs {
                    self.t.item[d].hash(&mut h);
                }
            }
            Feed::Robots => {}
        }
        h.finish()
    }
}

/// A document's own page reads its file (the fingerprint covers front matter and body) and
/// the files of its bundle, copied beside it.
fn own(doc: &crate::content::Document, item: u64) -> u64 {
    let bundle: Vec<_> = doc.bundle_files.iter().map(|f| (f, stamp(f))).collect();
    hash_of((item, doc.fingerprint, bundle))
}

fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}
