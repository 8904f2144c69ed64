//! Tokenising documents, a chunk at a time and chunks in parallel: each chunk's vocabulary with
//! chunk-local ids, and per document its keys with heading and body levels.

mod counting;
mod hash;

use super::{B_BODY, B_HEAD, K1_BODY, K1_HEAD, Norms, level};
pub(super) use counting::{count_chunk, count_chunk_reusing};
pub(super) use hash::FxMap;

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

    /// The bytes of its words, and at most five for the end of each.
    pub(super) fn bytes(&self) -> usize {
        self.text.len() + 5 * self.ends.len()
    }

    /// Room for as many words, of as many bytes, as `other` holds.
    pub(super) fn reserve_like(&mut self, other: &Words) {
        self.text.reserve(other.text.len());
        self.ends.reserve(other.ends.len());
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
