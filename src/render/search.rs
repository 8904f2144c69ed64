//! The site's search index: its documents as the index sees them, indexed whole (`serve`)
//! or a chunk at a time while `build` renders them, so that their texts are never all in
//! memory at once.

use crate::content::Kind;
use crate::render::{BodyFacts, Renderer};
use std::hash::{Hash, Hasher};

use crate::search::{Counted, IndexBuilder, SearchDoc, SearchOutput, build_index_unless};

/// What the index reads of every document besides its body, made once per build.
pub struct SearchFields {
    /// Link targets: with `index.html` in the portable link style.
    urls: Vec<String>,
    dates: Vec<String>,
    kind_labels: Vec<(Kind, String)>,
}

impl SearchFields {
    pub fn new(r: &Renderer<'_>) -> Self {
        let site = r.site;
        let portable = site.config.links == crate::config::LinkStyle::Portable;
        SearchFields {
            urls: site
                .docs
                .iter()
                .map(|d| {
                    if portable {
                        format!("{}index.html", d.url)
                    } else {
                        d.url.clone()
                    }
                })
                .collect(),
            dates: site.docs.iter().map(|d| d.date.short()).collect(),
            kind_labels: site
                .kinds
                .iter()
                .map(|(k, _)| (*k, r.labels.kind(*k)))
                .collect(),
        }
    }

    /// Document `i` as the index sees it, with its rendered body when given (without, the
    /// index reads only its fields and lengths).
    pub fn doc<'a>(
        &'a self,
        r: &'a Renderer<'_>,
        i: usize,
        facts: Option<&'a BodyFacts>,
    ) -> SearchDoc<'a> {
        let site = r.site;
        let doc = &site.docs[i];
        let unit = site.unit_of(i);
        let kind_label = self
            .kind_labels
            .iter()
            .find(|(k, _)| *k == doc.kind)
            .map_or("", |(_, label)| label.as_str());
        let signer = doc.signer.as_ref();
        let summary = doc.summary.as_deref().or(facts.map(|f| f.summary.as_str()));
        SearchDoc {
            url: &self.urls[i],
            title: &doc.title,
            number: doc.number.as_deref(),
            kind: doc.kind.key(),
            kind_label,
            unit_key: &unit.slug,
            unit_name: unit.display_name(),
            campaigns: site.doc_campaigns[i]
                .iter()
                .map(|&c| {
                    let c = &site.campaigns[c];
                    (c.slug.as_str(), c.name.as_str())
                })
                .collect(),
            year: doc.year,
            date_sort: doc.date.sort_key(),
            date_text: &self.dates[i],
            summary: summary.unwrap_or(""),
            signer_name: signer.and_then(|s| s.name.as_deref()).unwrap_or(""),
            signer_title: signer.and_then(|s| s.title.as_deref()).unwrap_or(""),
            place: doc.place.as_deref().unwrap_or(""),
            recipients: doc.recipients.iter().map(String::as_str).collect(),
            cited: doc
                .based_on
                .iter()
                .chain(&doc.reports_on)
                .map(String::as_str)
                .collect(),
            period: doc
                .period
                .as_ref()
                .map(|p| (p.from.sort_key(), p.to.sort_key())),
            deadlines: doc
                .deadlines
                .iter()
                .map(|d| (d.date.sort_key(), d.what.as_str()))
                .collect(),
            text: facts.map_or("", |f| f.text.as_str()),
            // Known before rendering: the Markdown source and the front matter's summary.
            body_len: doc.body.len() + doc.summary.as_ref().map_or(0, String::len),
        }
    }

    /// Tokenises and counts the documents from `first` on, whose facts are `facts`.
    pub fn count(&self, r: &Renderer<'_>, first: usize, facts: &[BodyFacts]) -> Counted {
        let docs: Vec<SearchDoc> = facts
            .iter()
            .enumerate()
            .map(|(k, f)| self.doc(r, first + k, Some(f)))
            .collect();
        Counted::of(&docs.iter().collect::<Vec<_>>())
    }

    /// What [`SearchFields::count`] of the documents from `first` on reads, as one number,
    /// without their texts: each text is its document's body, which the file's fingerprint
    /// stands for.
    pub fn chunk_key(&self, r: &Renderer<'_>, first: usize, facts: &[BodyFacts]) -> u64 {
        let mut h = rustc_hash::FxHasher::default();
        for (k, f) in facts.iter().enumerate() {
            let mut doc = self.doc(r, first + k, Some(f));
            doc.text = "";
            doc.hash(&mut h);
            r.site.docs[first + k].fingerprint.hash(&mut h);
        }
        facts.len().hash(&mut h);
        h.finish()
    }

    fn docs<'a>(&'a self, r: &'a Renderer<'_>) -> Vec<SearchDoc<'a>> {
        (0..r.site.docs.len())
            .map(|i| self.doc(r, i, None))
            .collect()
    }
}

/// The index of a site whose documents all have their facts at hand (`serve`).
pub fn whole(r: &Renderer<'_>, facts: &[BodyFacts]) -> SearchOutput {
    whole_unless(r, facts, &|| false).expect("never stopped")
}

/// [`whole`], given up (None) as soon as `stop` says so.
pub fn whole_unless(
    r: &Renderer<'_>,
    facts: &[BodyFacts],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<SearchOutput> {
    let fields = SearchFields::new(r);
    let docs: Vec<SearchDoc> = (0..r.site.docs.len())
        .map(|i| fields.doc(r, i, Some(&facts[i])))
        .collect();
    build_index_unless(&docs, stop)
}

/// The index while `build` renders the documents in the Site's order (newest first): each
/// chunk is tokenised as soon as it is rendered, and merged while the next ones render.
pub struct Indexer {
    pub fields: SearchFields,
    pub builder: IndexBuilder,
}

impl Indexer {
    pub fn new(r: &Renderer<'_>) -> Self {
        let fields = SearchFields::new(r);
        let docs = fields.docs(r);
        let builder = IndexBuilder::new(&docs.iter().collect::<Vec<_>>());
        Indexer { fields, builder }
    }

    pub fn finish(self, r: &Renderer<'_>) -> SearchOutput {
        let docs = self.fields.docs(r);
        self.builder.finish(&docs.iter().collect::<Vec<_>>())
    }
}
