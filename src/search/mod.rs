//! Search index: documents → the sharded JavaScript index that themes/default/static/search.js loads.
//!
//! Every file is a script calling `bantinSearch.add(name, data)`, so the index loads by inserting
//! `<script>` elements: no `fetch`, works from `file://`, on any host and under any sub-path.
//! Documents are numbered newest first, so a document's number also breaks ties in ranking.
//! [`IndexBuilder`] takes them a chunk at a time, so that `build` can index each chunk of
//! documents as it renders them.
//!
//! - `search/meta.js`, the first load: format version, document count, years, the unit,
//!   campaign and kind tables (a row is the name alone when its key is the name's slug), and
//!   the boundaries of the shards below.
//! - `search/f-y.js`, `f-u.js`, `f-k.js`, `f-c.js`, each loaded when its filter is used: each
//!   document's year, unit, kind or campaigns, as a column of base-64 numbers (see `codec.rs`).
//! - `search/u-N.js`: unigram shards. Keys are folded syllables (`dan`), syllables as written
//!   when that differs from their fold (`dân`, sorted as `dan\0dân`, right after their fold),
//!   and whole document numbers (`138-kh/hu`).
//! - `search/b-N.js`: folded bigram shards (`dan van`), sorted, so a prefix is one range.
//! - `search/w-N.js`: the folded unigrams by two-letter prefix, most documents first, for
//!   completing the word being typed.
//! - `search/d-N.js`: blocks of `BLOCK` documents for display: title, number, URL, date, the
//!   text snippets are cut from, unit and kind.
//!
//! Dates are keys of their own: `@2022`, `@2022-10`, `@2022-10-23` for the document's date, the
//! months and years of its period (the days too, for a period of a month or less) and its
//! deadlines (see `dates.rs`); search.js reads `10/2022`, `tháng 10 năm 2022`… as those keys.
//!
//! A posting list is `body` or `body~heading`. A part is sparse, a run of numbers
//! `(doc delta << 3) | (level - 1)`; or for a key in most documents `!`, the average level and
//! the deltas of the documents *without* it; or, on a large site, for a common key `*`, the
//! average level and a bitmap (see `postings::push_part`). Levels 1–8 are BM25 term-frequency
//! saturations, the heading over the fields a reader sees at the top of the page, each with its
//! weight (BM25F): title ×2, kind and number (the whole number ×4 in all), unit, campaigns,
//! signer's name ×2 and title, place, cited numbers (the whole number only, ×1: a document's
//! own number outranks one that merely cites it), dates (own ×2, period and deadlines ×1); the
//! body holds the text, recipients and what deadlines ask;
//! search.js adds the IDF and weighs the heading twice the body.

mod chunk;
mod codec;
mod dates;
mod files;
mod merged;
mod postings;
mod roomy;
mod token;

use rayon::prelude::*;

pub use chunk::Counts;
use chunk::{ChunkOut, count_chunk, count_chunk_reusing};
use files::{Tables, write_blocks, write_facets, write_meta};
use merged::Merged;
use postings::{Index, write_shards};

/// One document as the search index sees it.
#[derive(Hash)]
pub struct SearchDoc<'a> {
    /// Link target relative to the site root, e.g. "2022/ke-hoach-138/index.html".
    pub url: &'a str,
    pub title: &'a str,
    /// e.g. "138-KH/HU".
    pub number: Option<&'a str>,
    /// Kind key: plan, report, program, guide, notice, decision, resolution, directive, conclusion, other.
    pub kind: &'a str,
    /// "Kế hoạch".
    pub kind_label: &'a str,
    /// Unit slug, e.g. "ubnd-huyen-dong-van".
    pub unit_key: &'a str,
    /// Display name, e.g. "UBND huyện Đồng Văn".
    pub unit_name: &'a str,
    /// (key slug, display name).
    pub campaigns: Vec<(&'a str, &'a str)>,
    pub year: i32,
    /// yyyymmdd, 00 for a missing day/month: newest first = larger.
    pub date_sort: u32,
    /// "23/09/2022" or "09/2022" or "2022".
    pub date_text: &'a str,
    /// Summary or first paragraph, plain text.
    pub summary: &'a str,
    /// The whole body as plain text.
    pub text: &'a str,
    /// Who signed it and as what ("Trương Huy Huân", "Giám đốc"); "" when not given.
    pub signer_name: &'a str,
    pub signer_title: &'a str,
    /// Where it was issued ("Hà Giang"); "" when not given.
    pub place: &'a str,
    pub recipients: Vec<&'a str>,
    /// What its front matter says it implements or reports on (`based_on`, `reports_on`):
    /// document numbers, or names of laws.
    pub cited: Vec<&'a str>,
    /// The period it covers, first and last day as yyyymmdd (00 for a missing day/month).
    pub period: Option<(u32, u32)>,
    /// Its deadlines: the day (yyyymmdd) and what is due.
    pub deadlines: Vec<(u32, &'a str)>,
    /// The body's length for BM25, in bytes: in a site, its Markdown source's, known before
    /// the body is rendered, so that `build` can index documents as it renders them.
    pub body_len: usize,
}

/// The index files and their sizes.
pub struct SearchOutput {
    /// (path relative to the output root, all under "search/", content): those made, not
    /// those kept from the last build.
    pub files: Vec<(String, Vec<u8>)>,
    /// Of all the files, kept ones included.
    pub total_bytes: usize,
    /// What the search page loads before the first query: `search/meta.js`.
    pub first_load_bytes: usize,
}

/// The last build's search files, for a build that does not make again a file made from
/// the same things as last time.
pub trait LastFiles: Sync {
    /// Keeps the last build's file at `path` when it was made from what hashes to `key`, as
    /// it is now (its size, then); None: the file is made again. The key is the file's for
    /// the next build either way.
    fn keep(&self, path: &str, key: u64) -> Option<u64>;
}

/// Keeps the last build's file at `path` (its size, then) when `last` has one made from
/// what `hash` hashes: hashed only when there is a last build.
fn kept_from(
    last: Option<&dyn LastFiles>,
    path: &str,
    hash: impl FnOnce(&mut xxhash_rust::xxh3::Xxh3Default),
) -> Option<u64> {
    let last = last?;
    let mut key = xxhash_rust::xxh3::Xxh3Default::new();
    hash(&mut key);
    last.keep(path, std::hash::Hasher::finish(&key))
}

/// The index format version, checked by search.js.
const VERSION: u32 = 1;
/// Documents per display block (`d-N.js`).
const BLOCK: usize = 8;
/// Documents tokenised by one task, and tasks per wave (merged while the next wave runs).
const CHUNK: usize = 512;
pub const WAVE: usize = 8;
/// Shard files aim at total/2048 bytes, within these bounds.
const SHARD_MIN: usize = 16 << 10;
const SHARD_MAX: usize = 32 << 10;
/// Dictionary files are cut after this many bytes.
const DICT_BYTES: usize = 4096;
/// Longest snippet text stored per document, in chars.
const SNIPPET_CHARS: usize = 300;
/// BM25 parameters: body and heading fields.
const K1_BODY: f64 = 1.2;
const B_BODY: f64 = 0.75;
const K1_HEAD: f64 = 0.8;
const B_HEAD: f64 = 0.4;

/// Builds the search index of `docs` at once. The documents are numbered newest first,
/// those of one date in the order given; the same documents give the same bytes.
pub fn build_index(docs: &[SearchDoc<'_>]) -> SearchOutput {
    build_index_unless(docs, &|| false).expect("never stopped")
}

/// [`build_index`], given up (None) as soon as `stop` says so: checked before each chunk
/// of documents is tokenised.
pub fn build_index_unless(
    docs: &[SearchDoc<'_>],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<SearchOutput> {
    let mut docs: Vec<&SearchDoc> = docs.iter().collect();
    // Stable: documents of one date keep the caller's order (the Site's, in a build).
    docs.sort_by_key(|d| std::cmp::Reverse(d.date_sort));
    let mut builder = IndexBuilder::new(&docs);
    let norms = builder.norms();
    let mut pending: Option<Vec<Tokenized>> = None;
    for wave in docs.chunks(CHUNK * WAVE) {
        if stop() {
            return None;
        }
        let (_, tokenized) = rayon::join(
            || {
                if let Some(chunks) = pending.take() {
                    builder.merge(chunks);
                }
            },
            || {
                wave.par_chunks(CHUNK)
                    .map(|chunk| (!stop()).then(|| IndexBuilder::tokenize(norms, chunk)))
                    .collect::<Option<Vec<_>>>()
            },
        );
        pending = Some(tokenized?);
    }
    if let Some(chunks) = pending {
        builder.merge(chunks);
    }
    if stop() {
        return None;
    }
    Some(builder.finish(&docs))
}

/// Builds the index a chunk of documents at a time, in the order they are numbered (newest
/// first). `build` tokenises each chunk as it renders its pages, so the documents' texts are
/// never all in memory at once: only the postings and a snippet per document stay.
pub struct IndexBuilder {
    index: Index,
    norms: Norms,
    /// Documents merged so far: the number of the next one.
    merged: usize,
    snippets: Vec<Box<str>>,
}

/// A chunk of documents tokenised, waiting to be merged in its place.
pub struct Tokenized {
    out: ChunkOut,
    snippets: Vec<Box<str>>,
}

/// A chunk of documents tokenised and counted, not yet weighed: all the index needs of
/// them, whatever the other documents are. Always [`Counted::sound`]: counting makes it
/// so, and counts read back that are not are refused as they are read.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(try_from = "Unchecked")]
pub struct Counted {
    counts: Counts,
    #[serde(with = "roomy::texts")]
    snippets: Vec<Box<str>>,
    /// Each document's key, given by whoever counted: a document whose key is unchanged
    /// the next time its chunk is counted is taken from here, not tokenised again.
    keys: Vec<u64>,
}

/// [`Counted`] as read, before it is checked.
#[derive(serde::Deserialize)]
struct Unchecked {
    counts: Counts,
    #[serde(with = "roomy::texts")]
    snippets: Vec<Box<str>>,
    keys: Vec<u64>,
}

impl TryFrom<Unchecked> for Counted {
    type Error = &'static str;

    fn try_from(read: Unchecked) -> Result<Counted, Self::Error> {
        let counted = Counted {
            counts: read.counts,
            snippets: read.snippets,
            keys: read.keys,
        };
        if counted.sound() {
            Ok(counted)
        } else {
            Err("counts whose ids or words are not those of their chunk")
        }
    }
}

impl Counted {
    /// Tokenises and counts consecutive documents.
    pub fn of(docs: &[&SearchDoc<'_>]) -> Counted {
        Counted {
            counts: count_chunk(docs),
            snippets: docs
                .iter()
                .map(|d| files::snippet_text(d.summary, d.text).into_boxed_str())
                .collect(),
            keys: Vec::new(),
        }
    }

    /// Counts consecutive documents whose keys are `keys`: those one of `lasts` has are
    /// taken from the first that has it (their texts are not read), the others tokenised.
    /// The same as [`Counted::of`].
    pub fn reusing(docs: &[&SearchDoc<'_>], keys: Vec<u64>, lasts: &[&LastCounted]) -> Counted {
        if lasts.is_empty() {
            return Counted {
                keys,
                ..Counted::of(docs)
            };
        }
        let same: Vec<Option<(usize, usize)>> = keys
            .iter()
            .map(|k| {
                lasts
                    .iter()
                    .enumerate()
                    .find_map(|(from, last)| Some((from, last.find(*k)?)))
            })
            .collect();
        let counts: Vec<&chunk::Counts> = lasts.iter().map(|l| &l.counted.counts).collect();
        Counted {
            counts: count_chunk_reusing(docs, &counts, &same),
            snippets: docs
                .iter()
                .zip(&same)
                .map(|(d, same)| {
                    match same.and_then(|(from, k)| lasts[from].counted.snippets.get(k)) {
                        Some(snippet) => snippet.clone(),
                        None => files::snippet_text(d.summary, d.text).into_boxed_str(),
                    }
                })
                .collect(),
            keys,
        }
    }

    /// Whether these counts can be merged as they are: every id inside its chunk, a snippet
    /// (and, when given, a key) for each document.
    pub fn sound(&self) -> bool {
        self.counts.sound()
            && self.snippets.len() == self.counts.documents()
            && (self.keys.is_empty() || self.keys.len() == self.snippets.len())
    }

    /// Documents counted.
    pub fn documents(&self) -> usize {
        self.snippets.len()
    }

    /// Each document's key, as given when counted.
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// Weighed for the index whose average lengths are `norms`.
    pub fn weigh(self, norms: Norms) -> Tokenized {
        Tokenized {
            out: self.counts.weigh(&norms, None),
            snippets: self.snippets,
        }
    }
}

/// A chunk's counts as the last build made them, found by its documents' keys.
pub struct LastCounted {
    counted: Counted,
    at: chunk::FxMap<u64, usize>,
}

impl LastCounted {
    pub fn new(counted: Counted) -> LastCounted {
        let at = counted
            .keys
            .iter()
            .enumerate()
            .map(|(k, &key)| (key, k))
            .collect();
        LastCounted { counted, at }
    }

    /// Where the document with this key was.
    pub fn find(&self, key: u64) -> Option<usize> {
        self.at.get(&key).copied()
    }

    pub fn into_counted(self) -> Counted {
        self.counted
    }
}

impl IndexBuilder {
    /// `docs`: every document of the index, newest first. Only their lengths are read here
    /// (for BM25's length normalisation), not their texts.
    pub fn new(docs: &[&SearchDoc<'_>]) -> Self {
        let n = docs.len().max(1) as f64;
        let avg = |len: fn(&SearchDoc) -> usize| {
            (docs.iter().map(|d| len(d) as f64).sum::<f64>() / n).max(1.0)
        };
        IndexBuilder {
            index: Index::default(),
            norms: Norms {
                head: steady(avg(heading_len)),
                body: steady(avg(|d| d.body_len)),
            },
            merged: 0,
            snippets: Vec::with_capacity(docs.len()),
        }
    }

    pub fn norms(&self) -> Norms {
        self.norms
    }

    /// Tokenises consecutive documents; chunks can be tokenised in parallel, and while
    /// earlier ones merge.
    pub fn tokenize(norms: Norms, docs: &[&SearchDoc<'_>]) -> Tokenized {
        Counted::of(docs).weigh(norms)
    }

    /// Adds tokenised chunks: the next documents, in order.
    pub fn merge(&mut self, chunks: Vec<Tokenized>) {
        let mut outs = Vec::with_capacity(chunks.len());
        for c in chunks {
            self.snippets.extend(c.snippets);
            outs.push(c.out);
        }
        let base = self.merged;
        self.merged = self.snippets.len();
        self.index.merge(base, outs);
    }

    /// Writes the index files. `docs` are those given to [`IndexBuilder::new`]; their texts
    /// are not read again.
    pub fn finish(self, docs: &[&SearchDoc<'_>]) -> SearchOutput {
        self.keep(0, Vec::new()).write(docs, None)
    }

    /// The index merged, as a build keeps it: `keys`, each chunk's key, chunks of `chunk`
    /// documents.
    pub fn keep(self, chunk: usize, keys: Vec<u64>) -> KeptIndex {
        assert_eq!(
            self.merged,
            self.snippets.len(),
            "every document merged once"
        );
        KeptIndex {
            norms: (self.norms.head.to_bits(), self.norms.body.to_bits()),
            chunk: chunk as u64,
            keys,
            merged: self.index.into_merged(),
            snippets: self.snippets,
        }
    }
}

/// The merged index as `build` keeps it for the next build: the posting lists and snippets
/// of every document, the average lengths they were weighed with, and the key of each chunk
/// of documents they were counted in. The next build, with the same number of documents,
/// chunks and average lengths, patches the lists of the documents of the chunks whose key
/// changed rather than merging every chunk again; the files it writes are the same bytes.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct KeptIndex {
    /// Of [`Norms`], as bits.
    norms: (u64, u64),
    /// Documents per chunk.
    chunk: u64,
    keys: Vec<u64>,
    merged: Merged,
    #[serde(with = "roomy::texts")]
    snippets: Vec<Box<str>>,
}

impl KeptIndex {
    /// Whether this index can be patched into one of `documents` weighed with `norms`, in
    /// chunks of `chunk` (it is whole: [`KeptIndex::sound`]).
    pub fn fits(&self, norms: Norms, documents: usize, chunk: usize) -> bool {
        self.norms == (norms.head.to_bits(), norms.body.to_bits())
            && self.chunk == chunk as u64
            && self.snippets.len() == documents
            && self.keys.len() == documents.div_ceil(chunk.max(1))
    }

    /// Whether every id and list is inside its tables: checked as the index is read back,
    /// on the thread that reads it.
    pub fn sound(&self) -> bool {
        self.merged.sound()
    }

    /// Writes what `postcard` writes for this index into `out`, its parts made at once on
    /// the pool's threads (a struct's bytes are its fields' one after another): the index
    /// is tens of megabytes at 10,000 documents, written at the end of every build.
    pub fn write_to(&self, out: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
        /// The snippets as the index serialises them.
        struct Snippets<'a>(&'a [Box<str>]);
        impl serde::Serialize for Snippets<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                roomy::texts::serialize(self.0, s)
            }
        }
        let snippets = || {
            let room: usize = self.snippets.iter().map(|s| s.len() + 5).sum();
            postcard::to_extend(&Snippets(&self.snippets), Vec::with_capacity(room + 16))
        };
        let (written, snippets) = rayon::join(
            || {
                postcard::to_io(&(self.norms, self.chunk, &self.keys), &mut *out)
                    .map_err(std::io::Error::other)?;
                self.merged.write(out)
            },
            snippets,
        );
        written?;
        out.write_all(&snippets.map_err(std::io::Error::other)?)
    }

    /// The key chunk `c` had.
    pub fn key(&self, c: usize) -> Option<u64> {
        self.keys.get(c).copied()
    }

    /// Puts the documents of chunk `c` as counted now (`new`) in place of what they were
    /// (`old`). False when either is not of the chunk's documents: the index is then to be
    /// merged again.
    pub fn patch(&mut self, c: usize, old: Counted, new: Counted) -> bool {
        let first = c * self.chunk as usize;
        let len = (self.snippets.len().saturating_sub(first)).min(self.chunk as usize);
        if old.documents() != len || new.documents() != len {
            return false;
        }
        let norms = Norms {
            head: f64::from_bits(self.norms.0),
            body: f64::from_bits(self.norms.1),
        };
        // A document whose key is the same was counted from the same fields and text: only
        // the others can have other keys or levels.
        let keyed = old.keys.len() == len && new.keys.len() == len;
        let maybe: Vec<bool> = (0..len)
            .map(|j| !keyed || old.keys[j] != new.keys[j])
            .collect();
        let snippets = new.snippets;
        let (old, new) = (
            old.counts.weigh(&norms, Some(&maybe)),
            new.counts.weigh(&norms, Some(&maybe)),
        );
        if !self.merged.patch(first as u32, &old, &new) {
            return false;
        }
        for (slot, snippet) in self.snippets[first..first + len].iter_mut().zip(snippets) {
            *slot = snippet;
        }
        true
    }

    /// Notes each chunk's key now.
    pub fn set_keys(&mut self, keys: Vec<u64>) {
        self.keys = keys;
    }

    /// Lets go of the parts of lists that patches replaced, and writes the common keys'
    /// lists not yet written in their dense form, before the index is stored.
    pub fn compact(&mut self) {
        self.merged.compact();
        postings::finish_common(&mut self.merged, self.snippets.len() as u32);
    }

    /// The index files. `docs`: every document of the index, newest first; `last`: the
    /// files of the last build, kept where made from the same things.
    pub fn write(&self, docs: &[&SearchDoc<'_>], last: Option<&dyn LastFiles>) -> SearchOutput {
        assert_eq!(
            self.snippets.len(),
            docs.len(),
            "every document indexed once"
        );
        let mut files = write_shards(&self.merged, docs.len() as u32, last);
        let tables = Tables::new(docs);
        let meta = write_meta(docs, &tables, &files.meta);
        let (blocks, kept_bytes) = write_blocks(docs, &self.snippets, &tables, last);
        files.list.extend(blocks);
        files.list.extend(write_facets(docs, &tables));
        let mut list = files.list;
        let first_load_bytes = meta.len();
        list.push(("search/meta.js".to_string(), meta));
        list.sort_by(|a, b| a.0.cmp(&b.0));
        let total_bytes = list.iter().map(|f| f.1.len()).sum::<usize>() + files.kept + kept_bytes;
        SearchOutput {
            files: list,
            total_bytes,
            first_load_bytes,
        }
    }
}

/// An average length rounded to a step of about 1%: an edit to one document of a large site
/// leaves it as it was, so that a build can patch the last index and weigh every document as
/// a full build does.
fn steady(avg: f64) -> f64 {
    ((avg.log2() * 64.0).round() / 64.0).exp2()
}

/// The heading field: title, kind and number, unit, campaigns, signer and place (lengths in
/// bytes, for BM25). Cited numbers and dates are keys of their own, not counted as text.
fn heading_len(d: &SearchDoc) -> usize {
    d.title.len()
        + d.signer_name.len()
        + d.signer_title.len()
        + d.place.len()
        + d.kind_label.len()
        + d.number.map_or(0, str::len)
        + d.unit_name.len()
        + d.campaigns.iter().map(|c| c.1.len()).sum::<usize>()
}

/// Average field lengths, for BM25 length normalisation.
#[derive(Clone, Copy)]
pub struct Norms {
    head: f64,
    body: f64,
}

/// BM25 term-frequency saturation quantised to 1..=8 (0 when absent).
fn level(tf: u32, len: u32, avg: f64, k1: f64, b: f64) -> u8 {
    if tf == 0 {
        return 0;
    }
    let tf = tf as f64 / (1.0 - b + b * len as f64 / avg);
    let x = tf / (tf + k1) * 8.0;
    // ceil(x), without the libm call: x is positive.
    ((x as u8) + (x > (x as u8) as f64) as u8).clamp(1, 8)
}

#[cfg(test)]
mod tests;
