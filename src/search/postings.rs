//! Posting lists: chunks merged in document order, then encoded, sorted and cut into shards,
//! with the completion dictionary.

use std::cmp::Ordering;

use rayon::prelude::*;

use super::chunk::{ChunkOut, FxMap, KIND_MASK, UNI, WRITTEN};
use super::codec::{self, script};
use super::merged::{Lists, Merged};
use super::{DICT_BYTES, SHARD_MAX, SHARD_MIN};

/// A key's posting lists while building: sparse encodings, appended in document order.
#[derive(Default)]
struct Post {
    head: Vec<u8>,
    body: Vec<u8>,
    /// 1 + the last document added (0: none yet).
    last_head: u32,
    last_body: u32,
    df_head: u32,
    df_body: u32,
}

impl Post {
    fn add(&mut self, doc: u32, head: u8, body: u8) {
        if head > 0 {
            codec::push_uint(
                &mut self.head,
                ((doc + 1 - self.last_head) as u64) << 3 | (head - 1) as u64,
            );
            self.last_head = doc + 1;
            self.df_head += 1;
        }
        if body > 0 {
            codec::push_uint(
                &mut self.body,
                ((doc + 1 - self.last_body) as u64) << 3 | (body - 1) as u64,
            );
            self.last_body = doc + 1;
            self.df_body += 1;
        }
    }
}

#[derive(Default)]
pub(super) struct Index {
    fold_ids: FxMap<Box<str>, u32>,
    folds: Vec<Box<str>>,
    written_ids: FxMap<Box<str>, u32>,
    /// (written form, global fold id).
    written: Vec<(Box<str>, u32)>,
    bigram_ids: FxMap<u64, u32>,
    bigrams: Vec<(u32, u32)>,
    post_uni: Vec<Post>,
    post_written: Vec<Post>,
    post_bigram: Vec<Post>,
}

impl Index {
    fn global_fold(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.fold_ids.get(s) {
            return id;
        }
        let id = self.folds.len() as u32;
        self.folds.push(s.into());
        self.fold_ids.insert(s.into(), id);
        self.post_uni.push(Post::default());
        id
    }

    pub(super) fn merge(&mut self, base: usize, chunks: Vec<ChunkOut>) {
        let mut doc = base as u32;
        for c in chunks {
            let folds: Vec<u32> = c.folds.iter().map(|f| self.global_fold(f)).collect();
            let written: Vec<u32> = c
                .written
                .iter()
                .zip(&c.written_folds)
                .map(|(w, f)| {
                    if let Some(&id) = self.written_ids.get(w) {
                        return id;
                    }
                    let id = self.written.len() as u32;
                    self.written_ids.insert(w.into(), id);
                    self.written.push((w.into(), folds[*f as usize]));
                    self.post_written.push(Post::default());
                    id
                })
                .collect();
            let bigrams: Vec<u32> = c
                .bigrams
                .iter()
                .map(|&(a, b)| {
                    let (a, b) = (folds[a as usize], folds[b as usize]);
                    let next = self.bigrams.len() as u32;
                    let id = *self
                        .bigram_ids
                        .entry((a as u64) << 32 | b as u64)
                        .or_insert(next);
                    if id == next {
                        self.bigrams.push((a, b));
                        self.post_bigram.push(Post::default());
                    }
                    id
                })
                .collect();
            let mut start = 0;
            for &end in &c.ends {
                for &(key, h, b) in &c.keys[start..end] {
                    let i = (key & !KIND_MASK) as usize;
                    let post = match key & KIND_MASK {
                        UNI => &mut self.post_uni[folds[i] as usize],
                        WRITTEN => &mut self.post_written[written[i] as usize],
                        _ => &mut self.post_bigram[bigrams[i] as usize],
                    };
                    post.add(doc, h, b);
                }
                start = end;
                doc += 1;
            }
        }
    }

    /// The merged lists in their flat form, this index let go as they are copied.
    pub(super) fn into_merged(self) -> Merged {
        let mut m = Merged::default();
        for f in &self.folds {
            m.folds.push(f);
        }
        for (w, f) in &self.written {
            m.written.push(w);
            m.written_folds.push(*f);
        }
        m.bigrams = self.bigrams;
        let flat = |m: &mut Merged, posts: Vec<Post>| -> Vec<Lists> {
            posts
                .into_iter()
                .map(|p| {
                    let ascii = |part: &[u8]| std::str::from_utf8(part).map(str::to_owned);
                    let (head, body) = (ascii(&p.head), ascii(&p.body));
                    m.push(
                        head.as_deref().expect("base-64 digits"),
                        body.as_deref().expect("base-64 digits"),
                        p.df_head,
                        p.df_body,
                    )
                })
                .collect()
        };
        m.uni = flat(&mut m, self.post_uni);
        m.wri = flat(&mut m, self.post_written);
        m.big = flat(&mut m, self.post_bigram);
        m
    }
}

/// Encodes every key, sorts and shards them, and writes the shard and dictionary files; keys
/// with no document left are not written.
pub(super) fn write_shards(m: &Merged, n: u32) -> Shards {
    let finish = |table: u8| -> Vec<(String, u32)> {
        m.tables()[table as usize]
            .par_iter()
            .enumerate()
            .map(|(id, l)| finish_post(m, (table, id as u32), l, n))
            .collect()
    };
    let (uni, wri, big) = (finish(0), finish(1), finish(2));
    let folds: Vec<&str> = m.folds.iter().collect();

    // Unigram space: groups of a fold and its written forms, in fold order.
    let mut variants: Vec<Vec<u32>> = vec![Vec::new(); folds.len()];
    for (wid, &fid) in m.written_folds.iter().enumerate() {
        if !m.wri[wid].is_empty() {
            variants[fid as usize].push(wid as u32);
        }
    }
    let mut fold_order: Vec<u32> = (0..folds.len() as u32)
        .filter(|&f| !m.uni[f as usize].is_empty())
        .collect();
    let cmp: fn(&str, &str) -> Ordering = if folds.iter().all(|f| utf8_order_is_utf16(f)) {
        str::cmp
    } else {
        cmp_utf16
    };
    fold_order.par_sort_by(|&a, &b| cmp(folds[a as usize], folds[b as usize]));
    let mut uni_entries = Vec::with_capacity(folds.len() + m.written.len());
    for &f in &fold_order {
        let fold = folds[f as usize];
        uni_entries.push(Entry {
            fold,
            key: fold,
            value: &uni[f as usize].0,
        });
        let start = uni_entries.len();
        uni_entries.extend(variants[f as usize].iter().map(|&w| Entry {
            fold,
            key: m.written.get(w as usize),
            value: &wri[w as usize].0,
        }));
        uni_entries[start..].sort_by(|a, b| cmp_utf16(a.key, b.key));
    }

    // Bigram space: "dan van", in order.
    let big_keys: Vec<String> = m
        .bigrams
        .iter()
        .map(|&(a, b)| format!("{} {}", folds[a as usize], folds[b as usize]))
        .collect();
    let mut big_order: Vec<u32> = (0..big_keys.len() as u32)
        .filter(|&b| !m.big[b as usize].is_empty())
        .collect();
    big_order.par_sort_by(|&a, &b| cmp(&big_keys[a as usize], &big_keys[b as usize]));
    let big_entries: Vec<Entry> = big_order
        .iter()
        .map(|&b| {
            let key = big_keys[b as usize].as_str();
            Entry {
                fold: key,
                key,
                value: &big[b as usize].0,
            }
        })
        .collect();

    let mut list = Vec::new();
    let uni_bounds = shard_files("u", &uni_entries, &mut list);
    let big_bounds = shard_files("b", &big_entries, &mut list);

    // Completion dictionary: folded unigrams of two or more UTF-16 units, by prefix, most
    // documents first.
    let mut by_prefix: Vec<(String, u32, &str)> = fold_order
        .iter()
        .filter_map(|&f| {
            let key = folds[f as usize];
            if key.starts_with('@') {
                return None; // a date key: nothing a reader types
            }
            let units: Vec<u16> = key.encode_utf16().take(2).collect();
            (units.len() == 2).then(|| (String::from_utf16_lossy(&units), uni[f as usize].1, key))
        })
        .collect();
    by_prefix.sort_by(|a, b| {
        cmp_utf16(&a.0, &b.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| cmp_utf16(a.2, b.2))
    });
    let groups: Vec<(&str, Vec<&str>)> = by_prefix
        .chunk_by(|a, b| a.0 == b.0)
        .map(|g| (g[0].0.as_str(), g.iter().map(|e| e.2).collect()))
        .collect();
    // Files of a few KB: consecutive prefixes share one.
    let mut prefixes = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for (i, (prefix, group)) in groups.iter().enumerate() {
        if words.is_empty() {
            prefixes.push(prefix.to_string());
        }
        words.extend(group);
        let bytes: usize = words.iter().map(|w| w.len() + 1).sum();
        if bytes >= DICT_BYTES || i + 1 == groups.len() {
            let mut js = String::new();
            codec::push_json_str(&mut js, &words.join(" "));
            let name = format!("w-{}", prefixes.len() - 1);
            list.push((format!("search/{name}.js"), script(&name, &js)));
            words.clear();
        }
    }
    if prefixes.is_empty() {
        list.push(("search/w-0.js".to_string(), script("w-0", "\"\"")));
    } else {
        prefixes.remove(0);
    }
    Shards {
        list,
        meta: ShardMeta {
            uni_bounds,
            big_bounds,
            prefixes,
        },
    }
}

pub(super) struct Shards {
    pub(super) list: Vec<(String, Vec<u8>)>,
    pub(super) meta: ShardMeta,
}

pub(super) struct ShardMeta {
    pub(super) uni_bounds: Vec<String>,
    pub(super) big_bounds: Vec<String>,
    /// The first prefix of every dictionary file but the first.
    pub(super) prefixes: Vec<String>,
}

/// Final encoding of a key's postings (see the module docs) and its document frequency
/// (the larger of the two parts', enough to order completions). `key`: its table and place,
/// where [`Merged::finished`] may hold its parts.
fn finish_post(m: &Merged, key: (u8, u32), lists: &Lists, n: u32) -> (String, u32) {
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
pub(super) fn finish_common(m: &mut Merged, n: u32) {
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

/// Whether byte order (UTF-8, code points) orders `s` among others as UTF-16 would: true
/// without chars from U+E000 up, which UTF-16 puts after the surrogate-coded ones.
fn utf8_order_is_utf16(s: &str) -> bool {
    s.bytes().all(|b| b < 0xEE)
}

/// Orders strings as JavaScript compares them (by UTF-16 code units).
fn cmp_utf16(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.cmp(b)
    } else {
        a.encode_utf16().cmp(b.encode_utf16())
    }
}

/// A key of a shard: its posting list, and the fold it is sorted under.
struct Entry<'a> {
    fold: &'a str,
    key: &'a str,
    value: &'a str,
}

impl Entry<'_> {
    /// Where the entry sorts, as search.js computes it: the fold itself, or for a written form
    /// `fold \0 written`, after the fold and before any longer key.
    fn sort_key(&self) -> String {
        if self.key == self.fold {
            self.fold.to_string()
        } else {
            format!("{}\0{}", self.fold, self.key)
        }
    }
}

/// Splits sorted entries into shard files `search/{prefix}-N.js` of about the target size (a
/// larger key gets a shard of its own). Returns the sort key of the first entry of every shard
/// after the first: the boundaries search.js searches.
fn shard_files(prefix: &str, entries: &[Entry], list: &mut Vec<(String, Vec<u8>)>) -> Vec<String> {
    let entry_bytes = |e: &Entry| e.key.len() + e.value.len() + 6;
    let total: usize = entries.iter().map(entry_bytes).sum();
    let target = (total / 2048).clamp(SHARD_MIN, SHARD_MAX);
    let mut starts = vec![0usize];
    let mut size = 0;
    for (i, e) in entries.iter().enumerate() {
        let bytes = entry_bytes(e);
        if size > 0 && size + bytes > target {
            starts.push(i);
            size = 0;
        }
        size += bytes;
    }
    starts.push(entries.len());
    let files: Vec<(String, Vec<u8>)> = starts
        .par_windows(2)
        .enumerate()
        .map(|(s, w)| {
            let mut js = String::from("{");
            for e in &entries[w[0]..w[1]] {
                if js.len() > 1 {
                    js.push(',');
                }
                codec::push_json_str(&mut js, e.key);
                js.push(':');
                codec::push_json_str(&mut js, e.value);
            }
            js.push('}');
            let name = format!("{prefix}-{s}");
            (format!("search/{name}.js"), script(&name, &js))
        })
        .collect();
    list.extend(files);
    starts[1..starts.len() - 1]
        .iter()
        .map(|&i| entries[i].sort_key())
        .collect()
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
