//! What views read of documents' bodies (first paragraphs, through [`Facts`], which can
//! note what was read) and the item keys of views made for their keys.

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::render::views::Labels;
use crate::render::{Renderer, hash_serialised, views};
use crate::resolve::{DocId, Site};

/// What rendering a document's body yields for the rest of the site.
#[derive(Default, Clone)]
pub struct BodyFacts {
    /// First paragraph, for lists (when the front matter gives no summary).
    pub summary: String,
    /// The body as plain text, for search; `build` lets it go once the index has it.
    pub text: String,
    /// Documents the body links to by their path under `content/`, found or not: `serve`
    /// renders the page again when one of them comes or goes.
    pub links: Vec<String>,
}

/// The body facts of every document as views read them: a list or feed reads a document's
/// first paragraph through here, which can note what it read, so that `serve` knows which
/// outputs an edit of that paragraph reaches without a list kept by hand.
pub struct Facts<'a> {
    all: &'a [BodyFacts],
    read: Option<RefCell<Vec<DocId>>>,
    /// Set for views made for their keys: documents in them stand as their item keys.
    keys: Option<ItemKeys<'a>>,
}

impl<'a> Facts<'a> {
    pub fn new(all: &'a [BodyFacts]) -> Self {
        Facts {
            all,
            read: None,
            keys: None,
        }
    }

    /// Facts that note each document whose first paragraph is read.
    pub fn noting(all: &'a [BodyFacts]) -> Self {
        Facts {
            all,
            read: Some(RefCell::new(Vec::new())),
            keys: None,
        }
    }

    /// The same facts, for views made only to be keyed: a document a list shows stands in
    /// them as the hash of its item (made once per render) beside its first paragraph.
    pub fn keyed<'r: 'a>(mut self, r: &'r Renderer<'_>) -> Self {
        self.keys = Some(ItemKeys {
            memo: &r.item_keys,
            site: r.site,
            labels: &r.labels,
        });
        self
    }

    /// The key of document `d` as lists show it without its first paragraph, in a view
    /// made for its key.
    pub fn item_key(&self, d: DocId) -> Option<u64> {
        let keys = self.keys.as_ref()?;
        Some(keys.memo.get(keys.site.docs.len(), d.index(), || {
            hash_serialised(&views::DocItem::new(
                keys.site,
                d,
                keys.labels,
                &Facts::new(&[]),
            ))
        }))
    }

    /// The first paragraph of document `d`'s body.
    pub fn summary(&self, d: DocId) -> &'a str {
        if let Some(read) = &self.read {
            read.borrow_mut().push(d);
        }
        self.all.get(d.index()).map_or("", |f| f.summary.as_str())
    }

    /// The documents read, in order, each once.
    pub fn read(self) -> Vec<DocId> {
        let mut read = self.read.map(RefCell::into_inner).unwrap_or_default();
        read.sort_unstable();
        read.dedup();
        read
    }
}

/// What the item keys of a view made for its key are made from.
struct ItemKeys<'a> {
    memo: &'a Memo,
    site: &'a Site,
    labels: &'a Labels,
}

/// Hashes of what views show of each document, made once per render when first asked for.
#[derive(Default)]
pub struct Memo(OnceLock<Vec<OnceLock<u64>>>);

impl Memo {
    /// The hash of document `i` of `n`, made by `make` the first time.
    pub fn get(&self, n: usize, i: usize, make: impl FnOnce() -> u64) -> u64 {
        *self
            .0
            .get_or_init(|| (0..n).map(|_| OnceLock::new()).collect())[i]
            .get_or_init(make)
    }

    /// A memo that starts with the hashes already known.
    pub fn with(known: Vec<Option<u64>>) -> Self {
        let memo = Memo::default();
        let _ = memo.0.set(
            known
                .into_iter()
                .map(|k| k.map_or_else(OnceLock::new, OnceLock::from))
                .collect(),
        );
        memo
    }

    /// Each hash made so far, of `n` documents.
    pub fn made(&self, n: usize) -> Vec<Option<u64>> {
        match self.0.get() {
            Some(all) => all.iter().map(|k| k.get().copied()).collect(),
            None => vec![None; n],
        }
    }
}
