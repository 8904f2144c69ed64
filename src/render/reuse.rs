//! Keys of documents' pages carried from one render to the next. A page is keyed again
//! only when something its view is made from may have changed: what every page shares
//! (templates, settings, registries, the day), its own file, what resolution linked to it,
//! or a document its view read when it was last keyed. The others keep their keys, and the
//! items lists show of unchanged documents keep theirs. Which documents a view reads is
//! noted by the code that builds it ([`crate::render::document::document_key`]).

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::FxHasher;

use crate::render::Renderer;
use crate::resolve::DocId;

/// What one render knew of its documents, in the order of its Site. `build` keeps it for
/// the next build (read back from a file: every place in it is checked where used).
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct Known {
    world: u64,
    docs: Vec<KnownDoc>,
}

#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct KnownDoc {
    stamp: u64,
    /// The key of its item, when one was made.
    item: Option<u64>,
    /// The documents its page's view read, by their places in that render's Site.
    reads: Vec<usize>,
}

/// The same facts of the render at hand, made before its keys.
pub struct Now {
    world: u64,
    stamps: Vec<u64>,
}

impl Now {
    pub fn of(r: &Renderer<'_>) -> Now {
        let site = r.site;
        Now {
            world: world(r),
            stamps: (0..site.docs.len())
                .into_par_iter()
                .map(|i| stamp(r, i))
                .collect(),
        }
    }
}

/// What every document's page shares: the templates and what they are given besides the
/// view (in the renderer's seed), the settings, the registries, the day and the number of
/// documents (each document finds the others by its links).
fn world(r: &Renderer<'_>) -> u64 {
    let site = r.site;
    let mut h = FxHasher::default();
    (
        r.seed(),
        format!("{:?}", site.config),
        super::key::hash_of(&site.units),
        super::key::hash_of(&site.campaigns),
        &site.predecessors,
        site.today,
        site.docs.len(),
    )
        .hash(&mut h);
    h.finish()
}

/// Document `i` as its page may read it: its file (a document is made from its path and
/// its text alone), the files of its bundle, and what resolution linked to it.
fn stamp(r: &Renderer<'_>, i: usize) -> u64 {
    let doc = &r.site.docs[DocId::from(i)];
    let mut h = FxHasher::default();
    (
        doc.fingerprint,
        &doc.rel_path,
        &doc.url,
        r.site.links_key(DocId::from(i)),
    )
        .hash(&mut h);
    for file in &doc.bundle_files {
        let stamp = std::fs::metadata(file)
            .ok()
            .map(|m| (m.len(), m.modified().ok()));
        (file, stamp).hash(&mut h);
    }
    h.finish()
}

/// Of the documents of a new render, which pages to key again, given where each was in
/// the last one (`old`); the rest keep their last keys.
pub struct Plan {
    /// Per document: key its page again.
    pub key: Vec<bool>,
    /// Per document: its place in the last render, when its item and reads carry over.
    carried: Vec<Option<usize>>,
}

impl Known {
    /// Which documents' pages to key again. All of them when what every page shares
    /// changed, or the documents are not the same ones.
    pub fn plan(&self, now: &Now, old: &(dyn Fn(usize) -> Option<usize> + Sync)) -> Plan {
        let n = now.stamps.len();
        let everything = Plan {
            key: vec![true; n],
            carried: vec![None; n],
        };
        if self.world != now.world || self.docs.len() != n {
            return everything;
        }
        let mut new_of_old: Vec<Option<usize>> = vec![None; n];
        for i in 0..n {
            match old(i) {
                Some(o) if o < n && new_of_old[o].is_none() => new_of_old[o] = Some(i),
                _ => return everything,
            }
        }
        let changed: Vec<bool> = (0..n)
            .map(|o| new_of_old[o].is_none_or(|i| now.stamps[i] != self.docs[o].stamp))
            .collect();
        let carried: Vec<Option<usize>> = (0..n).map(|i| old(i).filter(|&o| !changed[o])).collect();
        let key = (0..n)
            .into_par_iter()
            .map(|i| match carried[i] {
                None => true,
                Some(o) => self.docs[o]
                    .reads
                    .iter()
                    .any(|&d| changed.get(d).copied().unwrap_or(true)),
            })
            .collect();
        Plan { key, carried }
    }

    /// The item keys the new render can start with: those of unchanged documents.
    pub fn items(&self, plan: &Plan) -> Vec<Option<u64>> {
        plan.carried
            .iter()
            .map(|o| o.and_then(|o| self.docs[o].item))
            .collect()
    }

    /// What the render at hand knows, for the next: `reads` gives, per document, what its
    /// view read when keyed in this render (None when it kept its key: its last reads are
    /// carried over).
    pub fn next(
        &self,
        now: Now,
        plan: &Plan,
        items: Vec<Option<u64>>,
        reads: Vec<Option<Vec<usize>>>,
    ) -> Known {
        let n = now.stamps.len();
        let mut new_of_old: Vec<usize> = vec![usize::MAX; self.docs.len()];
        for (i, o) in plan.carried.iter().enumerate() {
            if let Some(o) = o {
                new_of_old[*o] = i;
            }
        }
        let docs = (0..n)
            .map(|i| {
                let reads = match (&reads[i], plan.carried[i]) {
                    (Some(r), _) => r.clone(),
                    (None, Some(o)) => self.docs[o].reads.iter().map(|&d| new_of_old[d]).collect(),
                    // Neither keyed nor carried: not known, so keyed next time.
                    (None, None) => vec![usize::MAX],
                };
                KnownDoc {
                    stamp: now.stamps[i],
                    item: items[i],
                    reads,
                }
            })
            .collect();
        Known {
            world: now.world,
            docs,
        }
    }

    /// Forgets document `i`: its page is keyed again next time, and so are the pages that
    /// read it (after its body was edited without a full render).
    pub fn forget(&mut self, i: usize) {
        if let Some(d) = self.docs.get_mut(i) {
            *d = KnownDoc::default();
        }
    }
}
