//! A key's posting lists in their final encoding: each part sparse, or for a common key
//! the documents without it or a bitmap.

use rayon::prelude::*;

use crate::search::codec;
use crate::search::merged::{Lists, Merged};

/// Final encoding of a key's postings (see the module docs) and its document frequency
/// (the larger of the two parts', enough to order completions). `key`: its table and place,
/// where [`Merged::finished`] may hold its parts.
pub(super) fn finish_post(m: &Merged, key: (u8, u32), lists: &Lists, n: u32) -> (String, u32) {
    let mut out = Vec::with_capacity(m.head(lists).len() + m.body(lists).len() + 2);
    for Part {
        head,
        text,
        df,
        common,
    } in parts(m, lists)
    {
        if head {
            if text.is_empty() {
                break;
            }
            out.push(b'~');
        }
        match m.finished.get(&(key.0, key.1, head)) {
            Some(done) if m.finished_of == n && dense(df, n, common) => {
                out.extend_from_slice(done.as_bytes())
            }
            _ => push_part(&mut out, text.as_bytes(), df, n, common),
        }
    }
    (
        String::from_utf8(out).expect("ASCII digits"),
        lists.df_body.max(lists.df_head),
    )
}

/// One part of a key's lists, as [`push_part`] takes it.
struct Part<'m> {
    head: bool,
    text: &'m str,
    df: u32,
    /// How common the key must be for a bitmap: in more than 1/`common` of the documents.
    common: u32,
}

/// A key's body part, then its heading part.
fn parts<'m>(m: &'m Merged, l: &Lists) -> [Part<'m>; 2] {
    [
        Part {
            head: false,
            text: m.body(l),
            df: l.df_body,
            common: 8,
        },
        Part {
            head: true,
            text: m.head(l),
            df: l.df_head,
            common: 4,
        },
    ]
}

/// Writes the common keys' parts not yet in [`Merged::finished`] in their dense form, in
/// parallel, so that the next build finds them there and the files are written from them.
pub(in crate::search) fn finish_common(m: &mut Merged, n: u32) {
    if m.finished_of != n {
        m.finished.clear();
        m.finished_of = n;
    }
    let kept = &*m;
    let missing: Vec<((u8, u32, bool), String)> = (0..3u8)
        .flat_map(|table| {
            kept.tables()[table as usize]
                .par_iter()
                .enumerate()
                .flat_map_iter(|(id, l)| {
                    parts(kept, l).into_iter().filter_map(move |part| {
                        let slot = (table, id as u32, part.head);
                        let wanted = !part.text.is_empty()
                            && dense(part.df, n, part.common)
                            && !kept.finished.contains_key(&slot);
                        wanted.then(|| {
                            let mut out = Vec::new();
                            push_part(&mut out, part.text.as_bytes(), part.df, n, part.common);
                            (slot, String::from_utf8(out).expect("ASCII digits"))
                        })
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    m.finished.extend(missing);
}

/// Sites with fewer documents keep every level (see [`push_part`]).
const BITMAP_MIN_DOCS: u32 = 2048;

/// One part of a posting list, in the smallest of three forms: sparse with levels; for a key in
/// more than half the documents, the average level and the documents without it (`!`); or, on a
/// large site for a key in more than 1/`common` of the documents, the average level and a bitmap
/// of 6 documents a digit (`*`): at most n/6 bytes a key, so a query's shards stay small. The
/// levels of such common keys, whose IDF is small anyway, are given up.
fn push_part(out: &mut Vec<u8>, sparse: &[u8], df: u32, n: u32, common: u32) {
    if !dense(df, n, common) {
        out.extend_from_slice(sparse);
        return;
    }
    let bitmap = n >= BITMAP_MIN_DOCS && df * common > n;
    // The documents with the key, a bit each, and the sum of their levels.
    let n = n as usize;
    let mut has = vec![0u64; n.div_ceil(64)];
    let (mut doc, mut sum, mut count) = (0u64, 0u64, 0u64);
    let mut at = 0;
    while at < sparse.len() {
        let (v, end) = codec::uint_at(sparse, at);
        at = end;
        doc = doc.saturating_add(v >> 3);
        // Inside the site, even for lists read back from a damaged state.
        if let Some(d) = (doc as usize).checked_sub(1).filter(|&d| d < n) {
            has[d / 64] |= 1 << (d % 64);
        }
        sum += (v & 7) + 1;
        count += 1;
    }
    let level = (sum as f64 / count.max(1) as f64).round().max(1.0) as u64 - 1;
    let mut complement = Vec::new();
    if df as usize * 2 > n {
        complement.push(b'!');
        codec::push_uint(&mut complement, level);
        let mut last = 0;
        for (w, &word) in has.iter().enumerate() {
            let mut missing = !word;
            while missing != 0 {
                let d = w * 64 + missing.trailing_zeros() as usize;
                if d >= n {
                    break;
                }
                codec::push_uint(&mut complement, (d + 1 - last) as u64);
                last = d + 1;
                missing &= missing - 1;
            }
        }
    }
    let bits = if bitmap {
        1 + codec::uint_len(level) + n.div_ceil(6)
    } else {
        0
    };
    // The smallest form; of two as small, the first in this order.
    let sizes = [complement.len(), bits, sparse.len()];
    match (0..3).filter(|&i| sizes[i] > 0).min_by_key(|&i| sizes[i]) {
        Some(0) => out.extend_from_slice(&complement),
        Some(1) => {
            out.push(b'*');
            codec::push_uint(out, level);
            for six in (0..n).step_by(6) {
                let (w, b) = (six / 64, six % 64);
                let mut v = has[w] >> b;
                if b > 58 && w + 1 < has.len() {
                    v |= has[w + 1] << (64 - b);
                }
                out.push(codec::DIGITS[(v & 63) as usize]);
            }
        }
        Some(_) => out.extend_from_slice(sparse),
        None => {}
    }
}

/// Whether a part of `df` documents of `n` is common enough for [`push_part`] to weigh a
/// dense form against its sparse one.
fn dense(df: u32, n: u32, common: u32) -> bool {
    df * 2 > n || (n >= BITMAP_MIN_DOCS && df * common > n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`push_part`] as first written: every form made, the smallest kept.
    fn push_part_reference(out: &mut Vec<u8>, sparse: &[u8], df: u32, n: u32, common: u32) {
        let bitmap = n >= BITMAP_MIN_DOCS && df * common > n;
        if df * 2 <= n && !bitmap {
            out.extend_from_slice(sparse);
            return;
        }
        let mut values = Vec::new();
        let mut at = 0;
        while at < sparse.len() {
            let (v, end) = codec::uint_at(sparse, at);
            values.push(v);
            at = end;
        }
        let (mut doc, mut sum) = (0u32, 0u64);
        let mut has = vec![false; n as usize];
        for v in &values {
            doc += (v >> 3) as u32;
            has[doc as usize - 1] = true;
            sum += (v & 7) + 1;
        }
        let level = (sum as f64 / values.len() as f64).round() as u64 - 1;
        let mut complement = Vec::new();
        if df * 2 > n {
            complement.push(b'!');
            codec::push_uint(&mut complement, level);
            let mut last = 0u32;
            for (d, _) in has.iter().enumerate().filter(|(_, h)| !**h) {
                codec::push_uint(&mut complement, (d as u32 + 1 - last) as u64);
                last = d as u32 + 1;
            }
        }
        let mut bits = Vec::new();
        if bitmap {
            bits.push(b'*');
            codec::push_uint(&mut bits, level);
            for six in has.chunks(6) {
                let v = six
                    .iter()
                    .enumerate()
                    .fold(0, |v, (i, &h)| v | (h as usize) << i);
                bits.push(codec::DIGITS[v]);
            }
        }
        let smallest = [complement, bits, sparse.to_vec()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .min_by_key(Vec::len);
        out.extend(smallest.unwrap_or_default());
    }

    #[test]
    fn parts_are_written_as_the_reference_writes_them() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for round in 0..300 {
            let n = [100, 2047, 2048, 2050, 5000, 10_007][round % 6];
            // From a few documents to nearly all of them.
            let share = 1 + next(100);
            let mut sparse = Vec::new();
            let (mut last, mut df) = (0u64, 0u32);
            for doc in 1..=n as u64 {
                if next(100) < share {
                    codec::push_uint(&mut sparse, (doc - last) << 3 | next(8));
                    last = doc;
                    df += 1;
                }
            }
            for common in [4, 8] {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                push_part(&mut fast, &sparse, df, n, common);
                push_part_reference(&mut slow, &sparse, df, n, common);
                assert_eq!(
                    fast, slow,
                    "round {round}: {n} documents, {df} with the key"
                );
            }
        }
    }
}
