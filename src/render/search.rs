//! The site's search index: its documents as the index sees them, indexed whole (`serve`)
//! or a chunk at a time while `build` renders them, so that their texts are never all in
//! memory at once.

use crate::content::Kind;
use crate::render::{BodyFacts, Renderer};
use crate::resolve::DocId;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::render::outputs::LastBuild;
use crate::search::{
    Counted, IndexBuilder, KeptIndex, LastCounted, Norms, SearchDoc, SearchOutput, Tokenized,
    build_index_unless,
};

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
                .raw
                .par_iter()
                .map(|d| {
                    if portable {
                        format!("{}index.html", d.url)
                    } else {
                        d.url.clone()
                    }
                })
                .collect(),
            dates: site.docs.raw.par_iter().map(|d| d.date.short()).collect(),
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
        i: DocId,
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
            url: &self.urls[i.index()],
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
            date_text: &self.dates[i.index()],
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
            .map(|(k, f)| self.doc(r, DocId::from(first + k), Some(f)))
            .collect();
        Counted::of(&docs.iter().collect::<Vec<_>>())
    }

    /// [`SearchFields::count`], each document's key given: those one of `lasts` has are
    /// taken from it, their texts not read.
    pub fn count_reusing(
        &self,
        r: &Renderer<'_>,
        first: usize,
        facts: &[BodyFacts],
        keys: Vec<u64>,
        lasts: &[&LastCounted],
    ) -> Counted {
        let docs: Vec<SearchDoc> = facts
            .iter()
            .enumerate()
            .map(|(k, f)| self.doc(r, DocId::from(first + k), Some(f)))
            .collect();
        Counted::reusing(&docs.iter().collect::<Vec<_>>(), keys, lasts)
    }

    /// What [`SearchFields::count`] of the documents from `first` on reads, as one number,
    /// and of each document, as one number: without their texts, since each text is its
    /// document's body, which the file's fingerprint stands for.
    pub fn chunk_keys(
        &self,
        r: &Renderer<'_>,
        first: usize,
        facts: &[BodyFacts],
    ) -> (u64, Vec<u64>) {
        let keys: Vec<u64> = facts
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let mut h = rustc_hash::FxHasher::default();
                let i = DocId::from(first + k);
                let mut doc = self.doc(r, i, Some(f));
                doc.text = "";
                doc.hash(&mut h);
                r.site.docs[i].fingerprint.hash(&mut h);
                h.finish()
            })
            .collect();
        let mut h = rustc_hash::FxHasher::default();
        keys.hash(&mut h);
        (h.finish(), keys)
    }

    fn docs<'a>(&'a self, r: &'a Renderer<'_>) -> Vec<SearchDoc<'a>> {
        (0..r.site.docs.len())
            .into_par_iter()
            .map(|i| self.doc(r, DocId::from(i), None))
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
    let docs: Vec<SearchDoc> = (r.site.docs.keys())
        .map(|i| fields.doc(r, i, Some(&facts[i.index()])))
        .collect();
    build_index_unless(&docs, stop)
}

/// The index while `build` renders the documents in the Site's order (newest first), a
/// chunk of documents at a time. Without a last build's index to patch, each chunk is
/// tokenised as soon as it is rendered and merged while the next ones render. With one, a
/// chunk whose key is the one it had is not looked at again; the few that changed are
/// counted, and patched into the last index once every document is rendered.
pub struct Indexer {
    pub chunks: ChunkIndexer,
    pub merging: Merging,
}

/// What each chunk's task reads: on any thread.
pub struct ChunkIndexer {
    pub fields: SearchFields,
    /// Documents per chunk.
    chunk: usize,
    norms: Norms,
    /// The last build's index, when this build patches it.
    last: Option<KeptIndex>,
    /// Chunks found changed so far: at most `most_changed` are counted and patched in;
    /// past that, patching is not worth it, the rest are not counted, and the index is
    /// made again whole.
    changed: AtomicUsize,
    most_changed: usize,
}

/// How a build made its search index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Made {
    /// Every chunk merged.
    Merged,
    /// The last build's, with this many chunks patched in.
    Patched(usize),
    /// Made again from the documents' facts: more chunks changed than patching is worth,
    /// or the last counts of one were gone.
    Again,
}

impl std::fmt::Display for Made {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Made::Merged => write!(f, "merged"),
            Made::Patched(chunks) => write!(f, "patched {chunks}"),
            Made::Again => write!(f, "made again"),
        }
    }
}

/// What takes the chunks, in order.
pub struct Merging {
    builder: IndexBuilder,
    /// Chunks taken so far.
    taken: usize,
    /// Each chunk's key, when there is a last build to keep from.
    keys: Vec<u64>,
    /// Chunks counted again, to patch in: (chunk, counts as they were, when at hand, and
    /// now).
    changed: Vec<(usize, Option<Counted>, Counted)>,
    /// More chunks changed than patching is worth: the index is made again from the
    /// documents' facts.
    again: bool,
}

/// A chunk of documents as its task indexed it.
pub struct Indexed {
    /// Its key, when there is a last build to keep from.
    key: Option<u64>,
    counts: ChunkCounts,
}

enum ChunkCounts {
    /// As in the last index: nothing to do.
    Same,
    /// Counted, to patch into the last index: as it was (when still at hand) and now.
    Changed(Box<(Option<Counted>, Counted)>),
    /// Changed, past the chunks patching is worth: not counted.
    Uncounted,
    /// Weighed, to merge.
    Weighed(Box<Tokenized>),
}

impl Indexer {
    /// `chunk`: documents per chunk; `reuse`: the last build, whose index this one patches
    /// when it was made of as many documents in the same chunks, weighed alike.
    pub fn new(r: &Renderer<'_>, chunk: usize, reuse: Option<&dyn LastBuild>) -> Self {
        let fields = SearchFields::new(r);
        let docs = fields.docs(r);
        let builder = IndexBuilder::new(&docs.iter().collect::<Vec<_>>());
        let norms = builder.norms();
        let n = r.site.docs.len();
        let last = reuse
            .and_then(|reuse| reuse.index())
            .filter(|last| last.fits(norms, n, chunk));
        let chunks = n.div_ceil(chunk.max(1));
        Indexer {
            chunks: ChunkIndexer {
                fields,
                chunk,
                norms,
                last,
                changed: AtomicUsize::new(0),
                most_changed: (chunks / 8).clamp(2, 16),
            },
            merging: Merging {
                builder,
                taken: 0,
                keys: Vec::new(),
                changed: Vec::new(),
                again: false,
            },
        }
    }

    /// The index files, once every chunk is taken; the index kept for the next build.
    /// `facts`: every document's (without texts), for an index made again.
    pub fn finish(
        self,
        r: &Renderer<'_>,
        facts: &[BodyFacts],
        reuse: Option<&dyn LastBuild>,
    ) -> SearchOutput {
        let Indexer {
            chunks,
            merging:
                Merging {
                    builder,
                    keys,
                    changed,
                    again,
                    ..
                },
        } = self;
        let ChunkIndexer {
            fields,
            chunk,
            last,
            ..
        } = chunks;
        let again_from_facts = |reuse| (index_again(r, &fields, chunk, facts, reuse), Made::Again);
        let (mut kept, made) = match (last, reuse) {
            (Some(mut last), Some(reuse)) if !again => {
                let count = changed.len();
                let patched = changed.into_iter().all(|(c, was, now)| {
                    let was = was.or_else(|| last.key(c).and_then(|key| reuse.counted(key)));
                    was.is_some_and(|was| last.patch(c, was, now))
                });
                if patched {
                    last.set_keys(keys);
                    (last, Made::Patched(count))
                } else {
                    again_from_facts(reuse)
                }
            }
            (Some(_), Some(reuse)) => again_from_facts(reuse),
            _ => (builder.keep(chunk, keys), Made::Merged),
        };
        let docs = fields.docs(r);
        if reuse.is_some() {
            kept.compact();
        }
        let last = reuse.map(LastSearchFiles);
        let last = last.as_ref().map(|l| l as &dyn crate::search::LastFiles);
        // Stored for the next build while the files are made and the site renders.
        let kept = std::sync::Arc::new(kept);
        if let Some(reuse) = reuse {
            reuse.note_index(std::sync::Arc::clone(&kept), made);
        }
        kept.write(&docs.iter().collect::<Vec<_>>(), last)
    }
}

/// The last build's search files, kept as its outputs are: by their keys.
struct LastSearchFiles<'a>(&'a dyn LastBuild);

impl crate::search::LastFiles for LastSearchFiles<'_> {
    fn keep(&self, path: &str, key: u64) -> Option<u64> {
        let kept = self.0.keep(path, key, &[]);
        self.0.note_key(path, key);
        kept.then(|| self.0.last_size(path)).flatten()
    }
}

impl ChunkIndexer {
    /// Whether the last build's index is patched: a chunk whose documents did not change
    /// then holds nothing once indexed.
    pub fn patches(&self) -> bool {
        self.last.is_some()
    }

    /// Indexes the documents from `first` on, whose facts are `facts` (texts included, but
    /// for documents whose body is kept from the last build).
    pub fn index(
        &self,
        r: &Renderer<'_>,
        first: usize,
        facts: &mut [BodyFacts],
        reuse: Option<&dyn LastBuild>,
    ) -> Indexed {
        let Some(reuse) = reuse else {
            let counts = self.fields.count(r, first, facts).weigh(self.norms);
            return Indexed {
                key: None,
                counts: ChunkCounts::Weighed(Box::new(counts)),
            };
        };
        let (key, keys) = self.fields.chunk_keys(r, first, facts);
        let counts = match &self.last {
            Some(last)
                if last.key(first / self.chunk) == Some(key) && reuse.carry_counted(key, &keys) =>
            {
                ChunkCounts::Same
            }
            Some(_) if self.changed.fetch_add(1, Ordering::Relaxed) >= self.most_changed => {
                ChunkCounts::Uncounted
            }
            Some(last) => {
                // The chunk as the last build counted it: its unchanged documents are taken
                // from there.
                let was = last
                    .key(first / self.chunk)
                    .and_then(|key| reuse.counted(key))
                    .map(LastCounted::new);
                let now = counted(
                    r,
                    &self.fields,
                    first,
                    facts,
                    reuse,
                    (key, keys),
                    was.as_ref(),
                );
                ChunkCounts::Changed(Box::new((was.map(LastCounted::into_counted), now)))
            }
            None => ChunkCounts::Weighed(Box::new(
                counted(r, &self.fields, first, facts, reuse, (key, keys), None).weigh(self.norms),
            )),
        };
        Indexed {
            key: Some(key),
            counts,
        }
    }
}

impl Merging {
    /// Takes the next chunks, in order.
    pub fn take(&mut self, chunks: Vec<Indexed>) {
        let mut weighed = Vec::new();
        for Indexed { key, counts } in chunks {
            self.keys.extend(key);
            match counts {
                ChunkCounts::Same => {}
                ChunkCounts::Changed(..) if self.again => {}
                ChunkCounts::Changed(counts) => {
                    let (was, now) = *counts;
                    self.changed.push((self.taken, was, now));
                }
                ChunkCounts::Uncounted => {
                    self.again = true;
                    self.changed = Vec::new();
                }
                ChunkCounts::Weighed(tokens) => weighed.push(*tokens),
            }
            self.taken += 1;
        }
        if !weighed.is_empty() {
            self.builder.merge(weighed);
        }
    }
}

/// The documents from `first` on, whose facts are `facts`, as the search index counts them:
/// kept from the last build when none of them changed, else counted again. A document kept
/// from the last build comes without its text: its counts are taken from the last build's,
/// in this chunk's last counts (`last`) or, when it moved, in those of the chunk it was in.
fn counted(
    r: &Renderer<'_>,
    fields: &SearchFields,
    first: usize,
    facts: &mut [BodyFacts],
    reuse: &dyn LastBuild,
    (key, keys): (u64, Vec<u64>),
    last: Option<&LastCounted>,
) -> Counted {
    if let Some(counted) = reuse.counted(key) {
        if reuse.carry_counted(key, &keys) {
            return counted;
        }
    }
    let found = |lasts: &[LastCounted], k: usize| lasts.iter().any(|l| l.find(keys[k]).is_some());
    let mut lasts: Vec<LastCounted> = Vec::new();
    let mut read: Vec<u64> = Vec::new();
    // Kept from the last build (without their texts), and not in this chunk's last counts:
    // moved here from another chunk.
    let moved: Vec<usize> = (0..facts.len())
        .filter(|&k| {
            facts[k].text.is_empty() && last.is_none_or(|last| last.find(keys[k]).is_none())
        })
        .collect();
    for &k in &moved {
        if found(&lasts, k) {
            continue;
        }
        // Each other chunk read once, however many of its documents moved here.
        let Some(chunk) = reuse.chunk_of(keys[k]).filter(|c| !read.contains(c)) else {
            continue;
        };
        read.push(chunk);
        lasts.extend(reuse.counted(chunk).map(LastCounted::new));
    }
    for k in moved {
        if !found(&lasts, k) {
            // Its counts are gone (a record damaged or missing): its body is rendered again,
            // so that the document is never left out of the index.
            let i = DocId::from(first + k);
            facts[k].text = crate::render::document::render_document(r, i).1.text;
        }
    }
    let lasts: Vec<&LastCounted> = last.into_iter().chain(&lasts).collect();
    let counted = fields.count_reusing(r, first, facts, keys, &lasts);
    reuse.note_counted(key, &counted);
    counted
}

/// The index made again from every document's facts, reading each text again: when more
/// chunks changed than patching is worth, or the last counts of one are gone.
fn index_again(
    r: &Renderer<'_>,
    fields: &SearchFields,
    chunk: usize,
    facts: &[BodyFacts],
    reuse: &dyn LastBuild,
) -> KeptIndex {
    let docs = fields.docs(r);
    let mut builder = IndexBuilder::new(&docs.iter().collect::<Vec<_>>());
    let norms = builder.norms();
    let starts: Vec<usize> = (0..facts.len()).step_by(chunk.max(1)).collect();
    let mut keys = Vec::with_capacity(starts.len());
    for wave in starts.chunks(crate::search::WAVE) {
        let done: Vec<(u64, Tokenized)> = wave
            .par_iter()
            .map(|&first| {
                let mut facts: Vec<BodyFacts> = facts[first..(first + chunk).min(facts.len())]
                    .iter()
                    .map(|f| BodyFacts {
                        summary: f.summary.clone(),
                        text: String::new(),
                        links: Vec::new(),
                    })
                    .collect();
                let keys = fields.chunk_keys(r, first, &facts);
                let key = keys.0;
                let counts = counted(r, fields, first, &mut facts, reuse, keys, None);
                (key, counts.weigh(norms))
            })
            .collect();
        let (wave_keys, tokens): (Vec<u64>, Vec<Tokenized>) = done.into_iter().unzip();
        keys.extend(wave_keys);
        builder.merge(tokens);
    }
    builder.keep(chunk, keys)
}
