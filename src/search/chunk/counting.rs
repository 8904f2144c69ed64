//! Counting a chunk's documents: each field tokenised into keys with their term
//! frequencies, or a document's keys taken from the last counts when it did not change.

use super::hash::{FxMap, U64Table};
use super::{BIGRAM, Counts, KIND_MASK, UNI, WRITTEN};
use crate::search::{SearchDoc, dates, heading_len, token};
use crate::vi;

const NONE: u32 = u32::MAX;

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
    /// A state with room for as much as the largest of `lasts` holds: a chunk counted again
    /// is mostly its last counts, and growing every table as it fills copies each one many
    /// times over.
    fn with_room_of(lasts: &[&Counts]) -> ChunkState {
        let mut st = ChunkState::default();
        let Some(last) = lasts.iter().max_by_key(|l| l.keys.len()) else {
            return st;
        };
        let out = &mut st.out;
        out.keys.reserve(last.keys.len());
        out.ends.reserve(last.ends.len());
        out.lens.reserve(last.lens.len());
        out.folds.reserve_like(&last.folds);
        out.written.reserve_like(&last.written);
        out.written_folds.reserve(last.written_folds.len());
        out.bigrams.reserve(last.bigrams.len());
        st.fold_ids.reserve(last.folds.len());
        st.bigram_ids.reserve(last.bigrams.len());
        for (counts, len) in
            st.counts
                .iter_mut()
                .zip([last.folds.len(), last.written.len(), last.bigrams.len()])
        {
            counts.reserve(len);
        }
        st
    }

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

pub(in crate::search) fn count_chunk(docs: &[&SearchDoc]) -> Counts {
    let mut st = ChunkState::default();
    for d in docs {
        st.count_doc(d);
    }
    st.out
}

/// The ids in the chunk being counted of the words of the last build's counts, by their
/// ids there: a word is looked up once, not at each document that has it.
struct Carried {
    folds: Vec<Option<u32>>,
    written: Vec<Option<u32>>,
    bigrams: Vec<Option<u32>>,
}

/// [`count_chunk`], taking each document that `same[k]` finds in the last build's counts
/// (which of `lasts`, and where in it) from there rather than tokenising its text again
/// (which is then not read). The counts are those counting every document gives, id for
/// id: a document's keys are stored in the order they were first seen, which is the order
/// counting gives their words ids.
pub(in crate::search) fn count_chunk_reusing(
    docs: &[&SearchDoc],
    lasts: &[&Counts],
    same: &[Option<(usize, usize)>],
) -> Counts {
    let mut st = ChunkState::with_room_of(lasts);
    let mut ids: Vec<Carried> = lasts
        .iter()
        .map(|last| Carried {
            folds: vec![None; last.folds.len()],
            written: vec![None; last.written.len()],
            bigrams: vec![None; last.bigrams.len()],
        })
        .collect();
    for (d, same) in docs.iter().zip(same) {
        match same {
            Some((from, k)) if lasts.get(*from).is_some_and(|l| *k < l.documents()) => {
                st.copy_doc(lasts[*from], *k, &mut ids[*from])
            }
            _ => st.count_doc(d),
        }
    }
    st.out
}
