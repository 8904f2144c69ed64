//! The merged posting lists in one flat form: what the shard files are written from, what
//! `build` keeps in its state for the next build, and what that build patches where
//! documents changed, instead of merging every chunk of documents again.
//!
//! Ids are only where a key is in these tables: keys are matched by their text. A key
//! whose lists a patch left empty stays in the tables and is not written.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::chunk::{ChunkOut, FxMap, KIND_MASK, UNI, WRITTEN, Words};
use super::codec;

/// Where a key's posting lists are in [`Merged`]'s text (its heading part, then its body
/// part), and how many documents each holds.
#[derive(Serialize, Deserialize, Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(super) struct Lists {
    start: u64,
    head: u32,
    body: u32,
    pub(super) df_head: u32,
    pub(super) df_body: u32,
}

impl Lists {
    /// Parts `head` then `body` written from `start`.
    fn at(start: u64, head: &str, body: &str, df_head: u32, df_body: u32) -> Lists {
        Lists {
            start,
            head: head.len() as u32,
            body: body.len() as u32,
            df_head,
            df_body,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.df_head == 0 && self.df_body == 0
    }
}

#[derive(Serialize, Deserialize, Default)]
pub(super) struct Merged {
    pub(super) folds: Words,
    /// Syllables as written where that differs from their fold, and each one's fold.
    pub(super) written: Words,
    #[serde(deserialize_with = "super::roomy::vec")]
    pub(super) written_folds: Vec<u32>,
    /// The two folds of each bigram.
    #[serde(deserialize_with = "super::roomy::vec")]
    pub(super) bigrams: Vec<(u32, u32)>,
    #[serde(deserialize_with = "super::roomy::vec")]
    pub(super) uni: Vec<Lists>,
    #[serde(deserialize_with = "super::roomy::vec")]
    pub(super) wri: Vec<Lists>,
    #[serde(deserialize_with = "super::roomy::vec")]
    pub(super) big: Vec<Lists>,
    /// Every part's sparse encoding (`postings::Post`), one after another: base-64 digits.
    text: String,
    /// Parts written by patches, after `text` in the places [`Lists`] give: a large text is
    /// not grown (copied) for a few changed lists.
    added: String,
    /// The parts of common keys as last written in their dense form (`postings::push_part`),
    /// for an index of `finished_of` documents: by table, key and part (true: heading). A
    /// patch lets go of those of the lists it writes again.
    pub(super) finished: FxMap<(u8, u32, bool), String>,
    pub(super) finished_of: u32,
}

/// A key of the merged index: which table, and where in it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
enum Key {
    Uni(u32),
    Written(u32),
    Bigram(u32),
}

impl Key {
    /// Its table (0: syllables, 1: written forms, 2: bigrams) and its place there.
    fn place(self) -> (u8, u32) {
        match self {
            Key::Uni(i) => (0, i),
            Key::Written(i) => (1, i),
            Key::Bigram(i) => (2, i),
        }
    }
}

/// A document's keys with their heading and body levels, in key order.
type DocKeys = Vec<(Key, u8, u8)>;

impl Merged {
    /// Appends a key's two parts to the text, while merging: before any patch.
    pub(super) fn push(&mut self, head: &str, body: &str, df_head: u32, df_body: u32) -> Lists {
        assert!(self.added.is_empty(), "merged before patched");
        let start = self.text.len() as u64;
        self.text.push_str(head);
        self.text.push_str(body);
        Lists::at(start, head, body, df_head, df_body)
    }

    /// A patch's parts, written after the text.
    fn push_added(&mut self, head: &str, body: &str, df_head: u32, df_body: u32) -> Lists {
        if self.added.is_empty() {
            self.added.reserve(4096);
        }
        let base = self.text.len() as u64;
        let start = base + self.added.len() as u64;
        self.added.push_str(head);
        self.added.push_str(body);
        Lists::at(start, head, body, df_head, df_body)
    }

    /// `len` bytes from `start`, in the text or after it.
    fn part(&self, start: u64, len: u32) -> &str {
        let (start, len) = (start as usize, len as usize);
        match start.checked_sub(self.text.len()) {
            Some(at) => &self.added[at..at + len],
            None => &self.text[start..start + len],
        }
    }

    pub(super) fn head(&self, l: &Lists) -> &str {
        self.part(l.start, l.head)
    }

    pub(super) fn body(&self, l: &Lists) -> &str {
        self.part(l.start + l.head as u64, l.body)
    }

    fn lists(&mut self, key: Key) -> &mut Lists {
        match key {
            Key::Uni(i) => &mut self.uni[i as usize],
            Key::Written(i) => &mut self.wri[i as usize],
            Key::Bigram(i) => &mut self.big[i as usize],
        }
    }

    /// Whether every id and every list is inside the tables, as merging made them: a state
    /// file damaged or made by hand is not patched.
    pub(super) fn sound(&self) -> bool {
        let folds = self.folds.len();
        let (text, added) = (self.text.len() as u64, self.added.len() as u64);
        // Wholly in the text, or wholly after it.
        let inside = |l: &Lists| {
            let end = l.start.saturating_add(l.head as u64 + l.body as u64);
            end <= text || (l.start >= text && end <= text + added)
        };
        self.folds.sound()
            && self.written.sound()
            && self.uni.len() == folds
            && self.wri.len() == self.written.len()
            && self.written_folds.len() == self.written.len()
            && self.big.len() == self.bigrams.len()
            && self.written_folds.iter().all(|&f| (f as usize) < folds)
            && self
                .bigrams
                .iter()
                .all(|&(a, b)| (a as usize) < folds && (b as usize) < folds)
            && self
                .uni
                .iter()
                .chain(&self.wri)
                .chain(&self.big)
                .all(inside)
            && codec::all_digits(self.text.as_bytes())
            && codec::all_digits(self.added.as_bytes())
            && self
                .finished
                .values()
                .all(|part| codec::all_digits(part.trim_start_matches(['!', '*']).as_bytes()))
    }

    /// Writes what `postcard` writes for this value into `out`; its parts of many small
    /// numbers are encoded at once on the pool's threads (a struct's bytes are its fields'
    /// one after another), its text, megabytes of digits, is written as it is.
    pub(super) fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let words = || {
            let room = self.folds.bytes() + self.written.bytes() + 10 * self.bigrams.len();
            let words = (
                &self.folds,
                &self.written,
                &self.written_folds,
                &self.bigrams,
            );
            postcard::to_extend(&words, Vec::with_capacity(room + 16))
        };
        let tables = || {
            // At most ten bytes for a start and five for each other number.
            let room = 30 * (self.uni.len() + self.wri.len() + self.big.len());
            postcard::to_extend(
                &(&self.uni, &self.wri, &self.big),
                Vec::with_capacity(room + 16),
            )
        };
        let (words, tables) = rayon::join(words, tables);
        out.write_all(&words.map_err(std::io::Error::other)?)?;
        out.write_all(&tables.map_err(std::io::Error::other)?)?;
        let text = (&self.text, &self.added, &self.finished, self.finished_of);
        postcard::to_io(&text, out)
            .map(drop)
            .map_err(std::io::Error::other)
    }

    /// The tables of lists in the order of [`Key::place`].
    pub(super) fn tables(&self) -> [&[Lists]; 3] {
        [&self.uni, &self.wri, &self.big]
    }

    /// The same lists without the parts patches left behind, once they are many.
    pub(super) fn compact(&mut self) {
        let live: u64 = self
            .uni
            .iter()
            .chain(&self.wri)
            .chain(&self.big)
            .map(|l| l.head as u64 + l.body as u64)
            .sum();
        let all = (self.text.len() + self.added.len()) as u64;
        // Each patch leaves the lists it replaced behind: let go of them once they are as
        // large as the lists in use, not on every patch (copying is what patching spares).
        if all <= live * 2 {
            return;
        }
        let mut text = String::with_capacity(live as usize);
        let mut tables = [
            std::mem::take(&mut self.uni),
            std::mem::take(&mut self.wri),
            std::mem::take(&mut self.big),
        ];
        for table in &mut tables {
            for l in table.iter_mut() {
                let start = text.len() as u64;
                text.push_str(self.head(l));
                text.push_str(self.body(l));
                l.start = start;
            }
        }
        [self.uni, self.wri, self.big] = tables;
        self.text = text;
        self.added = String::new();
    }

    /// Puts what the documents from `first` on are now (`new`) in place of what they were
    /// (`old`): the lists of every key of a document whose keys or levels changed are
    /// written again. False when the two are not of the same number of documents.
    pub(super) fn patch(&mut self, first: u32, old: &ChunkOut, new: &ChunkOut) -> bool {
        if old.ends.len() != new.ends.len() {
            return false;
        }
        // Only the documents whose keys or levels differ: found by a sum over each one's
        // keys by their text, without looking the keys up in the index.
        let (was, now) = (sums(old), sums(new));
        let docs: Vec<usize> = (0..was.len()).filter(|&j| was[j] != now[j]).collect();
        let old = self.resolve(old, &docs);
        let new = self.resolve(new, &docs);
        // Per key, the documents whose entry changes: (document, heading, body), each level
        // given only where it changes; 0 = none.
        type Change = (u32, Option<u8>, Option<u8>);
        let mut changes: FxMap<Key, Vec<Change>> = FxMap::default();
        for ((was, now), &j) in old.iter().zip(&new).zip(&docs) {
            let doc = first + j as u32;
            // Both in key order: only the keys gone, new, or at other levels are changes.
            let (mut w, mut n) = (0, 0);
            while w < was.len() || n < now.len() {
                let order = match (was.get(w), now.get(n)) {
                    (Some(x), Some(y)) => x.0.cmp(&y.0),
                    (Some(_), None) => Ordering::Less,
                    (None, _) => Ordering::Greater,
                };
                let (key, head, body) = match order {
                    Ordering::Less => (was[w].0, Some(0), Some(0)),
                    Ordering::Greater => (now[n].0, Some(now[n].1), Some(now[n].2)),
                    Ordering::Equal => {
                        let ((_, h0, b0), (key, h1, b1)) = (was[w], now[n]);
                        (key, (h0 != h1).then_some(h1), (b0 != b1).then_some(b1))
                    }
                };
                w += usize::from(order.is_le());
                n += usize::from(order.is_ge());
                if head.is_some() || body.is_some() {
                    changes.entry(key).or_default().push((doc, head, body));
                }
            }
        }
        for (key, docs) in changes {
            let lists = *self.lists(key);
            let changed = |level: fn(&Change) -> Option<u8>| {
                docs.iter().filter_map(move |d| level(d).map(|l| (d.0, l)))
            };
            let (head, df_head) = rewrite(self.head(&lists), lists.df_head, changed(|d| d.1));
            let (body, df_body) = rewrite(self.body(&lists), lists.df_body, changed(|d| d.2));
            *self.lists(key) = self.push_added(&head, &body, df_head, df_body);
            let (table, id) = key.place();
            self.finished.remove(&(table, id, true));
            self.finished.remove(&(table, id, false));
        }
        true
    }

    /// Documents `docs` of a chunk with their keys as this index's, keys new to it added.
    fn resolve(&mut self, c: &ChunkOut, docs: &[usize]) -> Vec<DocKeys> {
        // The chunk's words these documents use.
        let mut used = [
            vec![false; c.folds.len()],
            vec![false; c.written.len()],
            vec![false; c.bigrams.len()],
        ];
        for &j in docs {
            for &(key, _, _) in doc_keys(c, j) {
                let i = (key & !KIND_MASK) as usize;
                match key & KIND_MASK {
                    UNI => used[0][i] = true,
                    WRITTEN => used[1][i] = true,
                    _ => used[2][i] = true,
                }
            }
        }
        for (w, &f) in c.written_folds.iter().enumerate() {
            used[0][f as usize] |= used[1][w];
        }
        for (b, &(x, y)) in c.bigrams.iter().enumerate() {
            if used[2][b] {
                used[0][x as usize] = true;
                used[0][y as usize] = true;
            }
        }
        const UNUSED: u32 = u32::MAX;
        let found = ids(&self.folds, &c.folds, &used[0]);
        let mut folds = vec![UNUSED; c.folds.len()];
        for (i, word) in c.folds.iter().enumerate().filter(|(i, _)| used[0][*i]) {
            folds[i] = found[i].unwrap_or_else(|| {
                self.folds.push(word);
                self.uni.push(Lists::default());
                self.uni.len() as u32 - 1
            });
        }
        let found = ids(&self.written, &c.written, &used[1]);
        let mut written = vec![UNUSED; c.written.len()];
        for (i, word) in c.written.iter().enumerate().filter(|(i, _)| used[1][*i]) {
            written[i] = found[i].unwrap_or_else(|| {
                self.written.push(word);
                self.written_folds.push(folds[c.written_folds[i] as usize]);
                self.wri.push(Lists::default());
                self.wri.len() as u32 - 1
            });
        }
        let wanted: FxMap<(u32, u32), usize> = c
            .bigrams
            .iter()
            .enumerate()
            .filter(|(i, _)| used[2][*i])
            .map(|(i, &(x, y))| ((folds[x as usize], folds[y as usize]), i))
            .collect();
        let mut bigrams = vec![UNUSED; c.bigrams.len()];
        if !wanted.is_empty() {
            for (id, pair) in self.bigrams.iter().enumerate() {
                if let Some(&i) = wanted.get(pair) {
                    bigrams[i] = id as u32;
                }
            }
        }
        for (&pair, &i) in &wanted {
            if bigrams[i] == UNUSED {
                self.bigrams.push(pair);
                self.big.push(Lists::default());
                bigrams[i] = self.big.len() as u32 - 1;
            }
        }
        docs.iter()
            .map(|&j| {
                let mut keys: DocKeys = doc_keys(c, j)
                    .iter()
                    .map(|&(key, h, b)| {
                        let i = (key & !KIND_MASK) as usize;
                        let key = match key & KIND_MASK {
                            UNI => Key::Uni(folds[i]),
                            WRITTEN => Key::Written(written[i]),
                            _ => Key::Bigram(bigrams[i]),
                        };
                        (key, h, b)
                    })
                    .collect();
                keys.sort_unstable();
                keys
            })
            .collect()
    }
}

/// Document `j`'s keys in its chunk.
fn doc_keys(c: &ChunkOut, j: usize) -> &[(u32, u8, u8)] {
    let start = j.checked_sub(1).map_or(0, |p| c.ends[p]);
    &c.keys[start..c.ends[j]]
}

/// Per document of a chunk, a sum over its keys, each hashed by its text and levels: the
/// same for the same keys and levels whatever the chunk's own ids. A word is hashed once,
/// and only when a document has it.
fn sums(c: &ChunkOut) -> Vec<u64> {
    let hash = |word: &str| xxhash_rust::xxh3::xxh3_64(word.as_bytes());
    let mut folds: Vec<Option<u64>> = vec![None; c.folds.len()];
    let mut written: Vec<Option<u64>> = vec![None; c.written.len()];
    let mut bigrams: Vec<Option<u64>> = vec![None; c.bigrams.len()];
    let mut fold = |i: usize| *folds[i].get_or_insert_with(|| hash(c.folds.get(i)));
    (0..c.ends.len())
        .map(|j| {
            doc_keys(c, j)
                .iter()
                .map(|&(key, h, b)| {
                    let i = (key & !KIND_MASK) as usize;
                    let word = match key & KIND_MASK {
                        UNI => fold(i),
                        WRITTEN => {
                            *written[i].get_or_insert_with(|| hash(c.written.get(i)))
                                ^ 0x5555_5555_5555_5555
                        }
                        _ => {
                            let (x, y) = c.bigrams[i];
                            let pair = bigrams[i].unwrap_or_else(|| {
                                fold(x as usize).rotate_left(21)
                                    ^ fold(y as usize).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                            });
                            bigrams[i] = Some(pair);
                            pair ^ 0xaaaa_aaaa_aaaa_aaaa
                        }
                    };
                    // Mixed (splitmix64's finaliser), so that a sum of several is not that
                    // of others.
                    let mut x =
                        word ^ ((h as u64) << 8 | b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                    x ^ (x >> 31)
                })
                .fold(0u64, u64::wrapping_add)
        })
        .collect()
}

/// Where each of `local`'s words `used` is in `global`, if there: one pass over the index's
/// words, which holds no map of them between builds.
fn ids(global: &Words, local: &Words, used: &[bool]) -> Vec<Option<u32>> {
    let wanted: FxMap<&str, usize> = local
        .iter()
        .enumerate()
        .filter(|(i, _)| used[*i])
        .map(|(i, w)| (w, i))
        .collect();
    let mut found = vec![None; local.len()];
    let mut left = wanted.len();
    for (id, word) in global.iter().enumerate() {
        if left == 0 {
            break;
        }
        if let Some(&i) = wanted.get(word) {
            found[i] = Some(id as u32);
            left -= 1;
        }
    }
    found
}

/// A sparse part holding `df` documents, with the levels of some documents changed (0: the
/// document not in it); the part again, and how many documents it holds. The entries
/// between changes are copied as they are, but for the first after a change, whose distance
/// from the one before it is written again.
fn rewrite(part: &str, df: u32, changes: impl Iterator<Item = (u32, u8)>) -> (String, u32) {
    let mut changes: Vec<(u64, u8)> = changes.map(|(d, l)| (d as u64 + 1, l)).collect();
    if changes.is_empty() {
        return (part.to_owned(), df);
    }
    changes.sort_unstable_by_key(|c| c.0);
    let bytes = part.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len() + 16);
    let mut count = df as i64;
    // Documents are counted from 1 here, as the encoding does: 0 is "none yet".
    let mut at = 0; // where the next old entry starts
    let mut read = 0; // the document of the old entry before it
    let mut last = 0; // the document last written
    // The old entries before `until`, the first written again when what is before it
    // changed, the others copied in one piece.
    let copy_until =
        |out: &mut Vec<u8>, until: u64, at: &mut usize, read: &mut u64, last: &mut u64| {
            let mut run = *at;
            while *at < bytes.len() {
                let (v, end) = codec::uint_at(bytes, *at);
                let doc = *read + (v >> 3);
                if doc >= until {
                    break;
                }
                if *last != *read {
                    codec::push_uint(out, (doc - *last) << 3 | (v & 7));
                    run = end;
                }
                (*read, *last, *at) = (doc, doc, end);
            }
            out.extend_from_slice(&bytes[run..*at]);
        };
    for (doc, level) in changes {
        copy_until(&mut out, doc, &mut at, &mut read, &mut last);
        let (v, end) = codec::uint_at(bytes, at);
        if at < bytes.len() && read + (v >> 3) == doc {
            // Its old entry, replaced.
            (read, at) = (doc, end);
            count -= 1;
        }
        if level > 0 {
            codec::push_uint(&mut out, (doc - last) << 3 | (level - 1) as u64);
            last = doc;
            count += 1;
        }
    }
    // The rest: its first entry written again if the one before it changed, then all as is.
    if at < bytes.len() && last != read {
        let (v, end) = codec::uint_at(bytes, at);
        codec::push_uint(&mut out, (read + (v >> 3) - last) << 3 | (v & 7));
        at = end;
    }
    out.extend_from_slice(&bytes[at..]);
    (
        String::from_utf8(out).expect("base-64 digits"),
        count.max(0) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A part written from (document, level) entries, as merging writes it.
    fn part(entries: &[(u32, u8)]) -> String {
        let mut out = Vec::new();
        let mut last = 0u64;
        for &(doc, level) in entries {
            codec::push_uint(&mut out, (doc as u64 + 1 - last) << 3 | (level - 1) as u64);
            last = doc as u64 + 1;
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_part_rewritten_is_the_part_written_anew() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for round in 0..500 {
            let docs = 1 + next(300) as u32;
            let mut before: Vec<(u32, u8)> = Vec::new();
            for d in 0..docs {
                if next(3) == 0 {
                    before.push((d, 1 + next(8) as u8));
                }
            }
            let changes: Vec<(u32, u8)> = (0..1 + next(4))
                .map(|_| (next(docs as u64) as u32, next(9) as u8))
                .collect::<std::collections::BTreeMap<_, _>>()
                .into_iter()
                .collect();
            let mut after: Vec<(u32, u8)> = before
                .iter()
                .copied()
                .filter(|e| !changes.iter().any(|c| c.0 == e.0))
                .chain(changes.iter().copied().filter(|c| c.1 > 0))
                .collect();
            after.sort();
            let (text, df) = rewrite(&part(&before), before.len() as u32, changes.into_iter());
            assert_eq!(text, part(&after), "round {round}");
            assert_eq!(df as usize, after.len(), "round {round}");
        }
    }
}
