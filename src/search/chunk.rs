//! Tokenising documents, a chunk at a time and chunks in parallel: each chunk's vocabulary with
//! chunk-local ids, and per document its keys with heading and body levels.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{B_BODY, B_HEAD, K1_BODY, K1_HEAD, Norms, SearchDoc, heading_len, level};
use super::{dates, token};
use crate::vi;

/// Fx hash (rustc's): fast for the short strings and integer keys here; not DoS-resistant,
/// which an index of the site's own documents does not need.
#[derive(Default, Clone, Copy)]
pub(super) struct Fx(u64);
impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap()));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
pub(super) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

const NONE: u32 = u32::MAX;
/// Key kinds, in the top two bits of a chunk-local key.
pub(super) const UNI: u32 = 0;
pub(super) const WRITTEN: u32 = 1 << 30;
pub(super) const BIGRAM: u32 = 2 << 30;
pub(super) const KIND_MASK: u32 = 3 << 30;

/// Words one after another in one string, each found by where it ends: a chunk's
/// vocabulary in one allocation, read back from a build's state in one piece.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Words {
    #[serde(deserialize_with = "super::roomy::string")]
    text: String,
    #[serde(deserialize_with = "super::roomy::vec")]
    ends: Vec<u32>,
}

impl Words {
    pub(super) fn push(&mut self, word: &str) {
        self.text.push_str(word);
        self.ends.push(self.text.len() as u32);
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Word `i`; panics outside, as a slice does.
    pub(super) fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        &self.text[start..self.ends[i] as usize]
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.text[start as usize..end as usize])
    }

    /// Whether every word ends inside the text, in order, on a character boundary.
    pub(super) fn sound(&self) -> bool {
        self.ends.windows(2).all(|w| w[0] <= w[1])
            && self
                .ends
                .last()
                .is_none_or(|&end| end as usize == self.text.len())
            && self
                .ends
                .iter()
                .all(|&end| self.text.is_char_boundary(end as usize))
    }
}

/// One chunk's vocabulary (chunk-local ids) and its documents' keys with levels.
pub(super) struct ChunkOut {
    pub(super) folds: Words,
    /// Written forms that differ from their fold, and each one's local fold id.
    pub(super) written: Words,
    pub(super) written_folds: Vec<u32>,
    /// Local fold ids of each bigram.
    pub(super) bigrams: Vec<(u32, u32)>,
    /// Per document, the end of its keys in `keys`.
    pub(super) ends: Vec<usize>,
    /// (local key, heading level, body level).
    pub(super) keys: Vec<(u32, u8, u8)>,
}

/// One chunk's vocabulary and its documents' keys with their term frequencies, before BM25
/// weighs them: what does not depend on the other documents of the index, so that `build`
/// can keep it from one build to the next for documents that did not change.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    folds: Words,
    written: Words,
    written_folds: Vec<u32>,
    bigrams: Vec<(u32, u32)>,
    ends: Vec<usize>,
    /// (local id << 2 | key kind, heading tf, body tf): the kind in the low bits keeps the
    /// number short where it is stored.
    #[serde(with = "packed_keys")]
    keys: Vec<(u32, u16, u16)>,
    /// Per document, the lengths of its heading and body.
    lens: Vec<(u32, u32)>,
}

/// A chunk's keys stored as one run of bytes, each number in LEB128 (seven bits a byte,
/// the high bit saying another follows): the numbers postcard would write one by one, made
/// and read in one tight loop, since a chunk has hundreds of thousands of them.
mod packed_keys {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(keys: &[(u32, u16, u16)], s: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(keys.len() * 4);
        for &(key, head, body) in keys {
            for n in [key, head as u32, body as u32] {
                let mut n = n;
                while n >= 0x80 {
                    bytes.push(n as u8 | 0x80);
                    n >>= 7;
                }
                bytes.push(n as u8);
            }
        }
        s.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(u32, u16, u16)>, D::Error> {
        let bytes = <&'de [u8]>::deserialize(d)?;
        let mut numbers = bytes.iter();
        let mut next = |most: u32| -> Result<Option<u32>, D::Error> {
            let mut n: u64 = 0;
            for shift in (0..35).step_by(7) {
                let Some(&b) = numbers.next() else {
                    return if shift == 0 {
                        Ok(None)
                    } else {
                        Err(D::Error::custom("a number cut short"))
                    };
                };
                n |= ((b & 0x7f) as u64) << shift;
                if b < 0x80 {
                    return u32::try_from(n)
                        .ok()
                        .filter(|&n| n <= most)
                        .map(Some)
                        .ok_or_else(|| D::Error::custom("a number too large"));
                }
            }
            Err(D::Error::custom("a number too long"))
        };
        let mut keys = Vec::with_capacity(bytes.len() / 4);
        while let Some(key) = next(u32::MAX)? {
            let head = next(u16::MAX as u32)?.ok_or_else(|| D::Error::custom("a key cut short"))?;
            let body = next(u16::MAX as u32)?.ok_or_else(|| D::Error::custom("a key cut short"))?;
            keys.push((key, head as u16, body as u16));
        }
        Ok(keys)
    }

    #[cfg(test)]
    mod tests {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Keys(#[serde(with = "super")] Vec<(u32, u16, u16)>);

        #[test]
        fn keys_read_back_as_written_and_bad_bytes_are_refused() {
            let keys = Keys(vec![(0, 0, 0), (127, 128, 16_383), (u32::MAX, u16::MAX, 1)]);
            let bytes = postcard::to_stdvec(&keys).unwrap();
            assert_eq!(postcard::from_bytes::<Keys>(&bytes).unwrap(), keys);
            // Postcard's own numbers, one by one, are the same bytes after the length.
            let one_by_one = postcard::to_stdvec(&keys.0).unwrap();
            assert_eq!(bytes[1..], one_by_one[1..]);
            let blob = |b: &[u8]| {
                let mut bytes = postcard::to_stdvec(&b.len()).unwrap();
                bytes.extend_from_slice(b);
                postcard::from_bytes::<Keys>(&bytes)
            };
            assert!(blob(&[1, 2]).is_err(), "a key cut short");
            assert!(blob(&[1, 2, 0x80]).is_err(), "a number cut short");
            assert!(blob(&[1, 0x80, 0x80, 0x04]).is_err(), "a tf over u16");
            assert!(
                blob(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0]).is_err(),
                "too long"
            );
            assert_eq!(blob(&[]).unwrap(), Keys(vec![]));
        }
    }
}

impl Counts {
    /// Points the first key at a word the chunk does not have.
    #[cfg(test)]
    pub(super) fn break_a_key(&mut self) {
        self.keys[0].0 = (self.folds.len() as u32) << 2;
    }

    /// Ends a word written with a letter of more than one byte inside that letter.
    #[cfg(test)]
    pub(super) fn cut_a_letter(&mut self) {
        let words = &mut self.written;
        let at = words.text.char_indices().find(|(_, c)| c.len_utf8() > 1);
        let at = at.expect("a letter of more than one byte").0 as u32;
        let word = words.ends.iter().position(|&end| end > at).unwrap();
        assert!(word + 1 < words.ends.len(), "not the last word");
        words.ends[word] = at + 1;
    }

    /// Documents counted.
    pub(super) fn documents(&self) -> usize {
        self.ends.len()
    }

    /// Whether every id and offset points inside the chunk, as counting made them: counts
    /// read back from a file that was damaged or made by hand are not merged.
    pub(super) fn sound(&self) -> bool {
        let folds = self.folds.len();
        let fits = |id: u32, len: usize| (id as usize) < len;
        self.folds.sound()
            && self.written.sound()
            && self.written.len() == self.written_folds.len()
            && self.written_folds.iter().all(|&f| fits(f, folds))
            && self
                .bigrams
                .iter()
                .all(|&(a, b)| fits(a, folds) && fits(b, folds))
            && self.lens.len() == self.ends.len()
            && self.ends.windows(2).all(|w| w[0] <= w[1])
            && self.ends.last().is_none_or(|&end| end == self.keys.len())
            && self.keys.iter().all(|&(packed, _, _)| {
                let id = packed >> 2;
                match packed & 3 {
                    0 => fits(id, folds),
                    1 => fits(id, self.written.len()),
                    2 => fits(id, self.bigrams.len()),
                    _ => false,
                }
            })
    }

    /// The keys weighed for the index whose average lengths are `norms`; when `only` is
    /// given, of the documents it marks alone (the others are left without keys).
    pub(super) fn weigh(self, norms: &Norms, only: Option<&[bool]>) -> ChunkOut {
        let mut keys = Vec::with_capacity(if only.is_none() { self.keys.len() } else { 0 });
        let mut ends = Vec::with_capacity(self.ends.len());
        let mut start = 0;
        for (j, (&end, &(hlen, blen))) in self.ends.iter().zip(&self.lens).enumerate() {
            if only.is_none_or(|only| only.get(j) == Some(&true)) {
                keys.extend(self.keys[start..end].iter().map(|&(packed, th, tb)| {
                    (
                        (packed >> 2) | (packed & 3) << 30,
                        level(th as u32, hlen, norms.head, K1_HEAD, B_HEAD),
                        level(tb as u32, blen, norms.body, K1_BODY, B_BODY),
                    )
                }));
            }
            ends.push(keys.len());
            start = end;
        }
        ChunkOut {
            folds: self.folds,
            written: self.written,
            written_folds: self.written_folds,
            bigrams: self.bigrams,
            ends,
            keys,
        }
    }
}

/// An open-addressing table from non-zero u64 keys to two u32s: the hot lookups of tokenising
/// (a token packed in a u64, a bigram of two ids) without the general hash map's overhead.
#[derive(Default)]
struct U64Table {
    slots: Vec<(u64, u32, u32)>,
    len: usize,
}

impl U64Table {
    fn slot(&self, key: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize;
        while self.slots[i].0 != key && self.slots[i].0 != 0 {
            i = (i + 1) & (self.slots.len() - 1);
        }
        i
    }

    fn get(&self, key: u64) -> Option<(u32, u32)> {
        if self.slots.is_empty() {
            return None;
        }
        let s = self.slots[self.slot(key)];
        (s.0 == key).then_some((s.1, s.2))
    }

    fn insert(&mut self, key: u64, value: (u32, u32)) {
        if (self.len + 1) * 2 > self.slots.len() {
            let size = (self.slots.len() * 2).max(1024);
            let old = std::mem::replace(&mut self.slots, vec![(0, 0, 0); size]);
            for s in old.into_iter().filter(|s| s.0 != 0) {
                let i = self.slot(s.0);
                self.slots[i] = s;
            }
        }
        let i = self.slot(key);
        if self.slots[i].0 == 0 {
            self.len += 1;
        }
        self.slots[i] = (key, value.0, value.1);
    }
}

#[derive(Default)]
struct ChunkState {
    out: Counts,
    /// Written token → (fold id, written id or NONE); tokens of up to 8 bytes packed in a u64.
    short_tokens: U64Table,
    tokens: FxMap<Box<str>, (u32, u32)>,
    fold_ids: FxMap<Box<str>, u32>,
    bigram_ids: U64Table,
    /// Per key kind and local id: (heading tf, body tf) of the current document.
    counts: [Vec<(u16, u16)>; 3],
    /// Keys of the current document, in first-seen order.
    touched: Vec<u32>,
    /// The weight of the field being scanned in the heading's term frequency (BM25F), or 0 for
    /// the body.
    head: u16,
}

impl ChunkState {
    fn fold_id(&mut self, folded: &str) -> u32 {
        if let Some(&id) = self.fold_ids.get(folded) {
            return id;
        }
        let id = self.out.folds.len() as u32;
        self.out.folds.push(folded);
        self.fold_ids.insert(folded.into(), id);
        self.counts[0].push((0, 0));
        id
    }

    fn token(&mut self, written: &str) -> (u32, u32) {
        // Built in a register: a copy through memory stalls on store forwarding.
        let packed = (written.len() <= 8)
            .then(|| written.bytes().rev().fold(0u64, |v, b| v << 8 | b as u64));
        let found = match packed {
            Some(p) => self.short_tokens.get(p),
            None => self.tokens.get(written).copied(),
        };
        if let Some(ids) = found {
            return ids;
        }
        let folded = vi::fold(written);
        let fid = self.fold_id(&folded);
        let wid = if folded == written {
            NONE
        } else {
            self.out.written.push(written);
            self.out.written_folds.push(fid);
            self.counts[1].push((0, 0));
            self.out.written.len() as u32 - 1
        };
        match packed {
            Some(p) => self.short_tokens.insert(p, (fid, wid)),
            None => {
                self.tokens.insert(written.into(), (fid, wid));
            }
        }
        (fid, wid)
    }

    fn bigram(&mut self, a: u32, b: u32) -> u32 {
        // Bit 63 keeps the key non-zero (ids stay below 2^31).
        let key = 1 << 63 | (a as u64) << 32 | b as u64;
        if let Some((id, _)) = self.bigram_ids.get(key) {
            return id;
        }
        let id = self.out.bigrams.len() as u32;
        self.bigram_ids.insert(key, (id, 0));
        self.out.bigrams.push((a, b));
        self.counts[2].push((0, 0));
        id
    }

    /// Counts one occurrence of a key in the current field.
    fn bump(&mut self, key: u32) {
        let slot = &mut self.counts[(key >> 30) as usize][(key & !KIND_MASK) as usize];
        if *slot == (0, 0) {
            self.touched.push(key);
        }
        if self.head > 0 {
            slot.0 = slot.0.saturating_add(self.head);
        } else {
            slot.1 = slot.1.saturating_add(1);
        }
    }

    fn scan(&mut self, text: &str, head: u16) {
        self.head = head;
        token::scan(
            text,
            &mut FieldSink {
                state: self,
                prev: NONE,
                numbers_only: false,
                numbers: 0,
            },
        );
    }

    /// Counts only the whole document numbers of `text`, not their parts: a cited number is a
    /// strong match for itself, while its parts (`kh`, `ubnd`) say nothing of the document.
    /// Returns whether there was one.
    fn scan_numbers(&mut self, text: &str, head: u16) -> bool {
        self.head = head;
        let mut sink = FieldSink {
            state: self,
            prev: NONE,
            numbers_only: true,
            numbers: 0,
        };
        token::scan(text, &mut sink);
        sink.numbers > 0
    }

    /// Counts a key that is not text (a date key, `@2022-10`).
    fn key(&mut self, key: &str, head: u16) {
        self.head = head;
        self.key_here(key);
    }

    /// Counts a key in the field being scanned.
    fn key_here(&mut self, key: &str) {
        let id = self.fold_id(key);
        self.bump(UNI | id);
    }

    /// Tokenises and counts one document.
    fn count_doc(&mut self, d: &SearchDoc) {
        let (hlen, blen) = (heading_len(d) as u32, d.body_len as u32);
        // The title (trích yếu) says what a document is about: it counts twice.
        self.scan(d.title, 2);
        if let Some(number) = d.number {
            // "Kế hoạch 159-KH/HU" and "Kế hoạch số 159-KH/HU": how references are written.
            let number = crate::content::cite::normalise_number(number);
            self.scan(&format!("{} {number}", d.kind_label), 1);
            self.scan(&format!("{} số {number}", d.kind_label), 1);
            self.scan_numbers(&number, 2);
        } else {
            self.scan(d.kind_label, 1);
        }
        self.scan(d.unit_name, 1);
        for c in &d.campaigns {
            self.scan(c.1, 1);
        }
        // A reader remembers who signed it: the full name is a strong match.
        self.scan(d.signer_name, 2);
        self.scan(d.signer_title, 1);
        self.scan(d.place, 1);
        for cited in &d.cited {
            if !self.scan_numbers(cited, 1) {
                // Not a number ("Luật thực hiện dân chủ ở cơ sở"): its words, as body text.
                self.scan(cited, 0);
            }
        }
        for key in dates::keys_of(d.date_sort) {
            self.key(&key, 2);
        }
        if let Some((from, to)) = d.period {
            let (keys, one_month) = dates::period_keys(from, to);
            for key in keys {
                self.key(&key, if one_month { 2 } else { 1 });
            }
        }
        for (day, what) in &d.deadlines {
            for key in dates::keys_of(*day) {
                self.key(&key, 1);
            }
            self.scan(what, 0);
        }
        for r in &d.recipients {
            self.scan(r, 0);
        }
        self.scan(d.summary, 0);
        self.scan(d.text, 0);
        self.end_doc(hlen, blen);
    }

    /// Takes document `k` of `last` as it was counted there; `ids`: what `last`'s words are
    /// here, found once each for all the documents copied.
    fn copy_doc(&mut self, last: &Counts, k: usize, ids: &mut Carried) {
        let start = k.checked_sub(1).map_or(0, |p| last.ends[p]);
        for &(packed, th, tb) in &last.keys[start..last.ends[k]] {
            let id = (packed >> 2) as usize;
            let key = match packed & 3 {
                0 => UNI | self.carried_fold(last, ids, id),
                1 => {
                    let written =
                        *ids.written[id].get_or_insert_with(|| self.token(last.written.get(id)).1);
                    if written == NONE {
                        continue;
                    }
                    WRITTEN | written
                }
                _ => {
                    let bigram = match ids.bigrams[id] {
                        Some(bigram) => bigram,
                        None => {
                            let (a, b) = last.bigrams[id];
                            let a = self.carried_fold(last, ids, a as usize);
                            let b = self.carried_fold(last, ids, b as usize);
                            *ids.bigrams[id].insert(self.bigram(a, b))
                        }
                    };
                    BIGRAM | bigram
                }
            };
            let slot = &mut self.counts[(key >> 30) as usize][(key & !KIND_MASK) as usize];
            if *slot == (0, 0) {
                self.touched.push(key);
            }
            *slot = (slot.0.saturating_add(th), slot.1.saturating_add(tb));
        }
        let (hlen, blen) = last.lens[k];
        self.end_doc(hlen, blen);
    }

    /// The id here of fold `id` of `last`.
    fn carried_fold(&mut self, last: &Counts, ids: &mut Carried, id: usize) -> u32 {
        *ids.folds[id].get_or_insert_with(|| self.fold_id(last.folds.get(id)))
    }

    /// Ends the current document: its keys with their counts go to the output, counts reset.
    fn end_doc(&mut self, hlen: u32, blen: u32) {
        for &key in &self.touched {
            let slot = &mut self.counts[(key >> 30) as usize][(key & !KIND_MASK) as usize];
            let (th, tb) = std::mem::take(slot);
            self.out
                .keys
                .push(((key & !KIND_MASK) << 2 | key >> 30, th, tb));
        }
        self.touched.clear();
        self.out.ends.push(self.out.keys.len());
        self.out.lens.push((hlen, blen));
    }
}

/// Counts one field's keys.
struct FieldSink<'s> {
    state: &'s mut ChunkState,
    prev: u32,
    /// Only whole document numbers count, not words.
    numbers_only: bool,
    /// Document numbers seen.
    numbers: usize,
}

impl token::Sink for FieldSink<'_> {
    fn token(&mut self, written: &str, linked: bool) {
        if self.numbers_only {
            return;
        }
        let (fid, wid) = self.state.token(written);
        self.state.bump(UNI | fid);
        if wid != NONE {
            self.state.bump(WRITTEN | wid);
        }
        if linked && self.prev != NONE {
            let bid = self.state.bigram(self.prev, fid);
            self.state.bump(BIGRAM | bid);
        }
        self.prev = fid;
    }

    fn number(&mut self, number: &str) {
        let fid = self.state.fold_id(&vi::fold(number));
        self.state.bump(UNI | fid);
        self.numbers += 1;
    }

    fn date(&mut self, year: u32, month: u32, day: u32) {
        // In the body, a date the text mentions; the document's own dates count in the heading.
        if !self.numbers_only {
            for key in dates::keys_of(year * 10_000 + month * 100 + day) {
                self.state.key_here(&key);
            }
        }
    }
}

pub(super) fn count_chunk(docs: &[&SearchDoc]) -> Counts {
    let mut st = ChunkState::default();
    for d in docs {
        st.count_doc(d);
    }
    st.out
}

/// [`count_chunk`], taking the keys of each document that `same[k]` finds in `last` from
/// there rather than tokenising its text again (which is then not read). The counts are
/// those counting every document gives, id for id: a document's keys are stored in the
/// order they were first seen, which is the order counting gives their words ids.
/// The ids in the chunk being counted of the words of the last build's counts, by their
/// ids there: a word is looked up once, not at each document that has it.
struct Carried {
    folds: Vec<Option<u32>>,
    written: Vec<Option<u32>>,
    bigrams: Vec<Option<u32>>,
}

pub(super) fn count_chunk_reusing(
    docs: &[&SearchDoc],
    last: &Counts,
    same: &[Option<usize>],
) -> Counts {
    let mut st = ChunkState::default();
    let mut ids = Carried {
        folds: vec![None; last.folds.len()],
        written: vec![None; last.written.len()],
        bigrams: vec![None; last.bigrams.len()],
    };
    for (d, same) in docs.iter().zip(same) {
        match same {
            Some(k) if *k < last.documents() => st.copy_doc(last, *k, &mut ids),
            _ => st.count_doc(d),
        }
    }
    st.out
}
