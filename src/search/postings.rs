//! Posting lists: chunks merged in document order, then encoded, sorted and cut into shards,
//! with the completion dictionary.

mod merge;
mod parts;

use std::cmp::Ordering;
use std::hash::Hash;

use rayon::prelude::*;

use super::chunk::Words;
use super::codec::{self, script};
use super::merged::Merged;
use super::{DICT_BYTES, LastFiles, SHARD_MAX, SHARD_MIN, kept_from};
pub(super) use merge::Index;
pub(super) use parts::finish_common;
use parts::finish_post;

/// Encodes every key, sorts and shards them, and writes the shard and dictionary files; keys
/// with no document left are not written. A shard whose entries are those the last build's
/// had is kept from there (`last`), not written again.
pub(super) fn write_shards(m: &Merged, n: u32, last: Option<&dyn LastFiles>) -> Shards {
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

    // Bigram space: "dan van", in order; the keys in one text, as a site has hundreds of
    // thousands of bigrams.
    let mut big_keys = Words::default();
    let mut key = String::new();
    for &(a, b) in &m.bigrams {
        key.clear();
        key.push_str(folds[a as usize]);
        key.push(' ');
        key.push_str(folds[b as usize]);
        big_keys.push(&key);
    }
    let mut big_order: Vec<u32> = (0..big_keys.len() as u32)
        .filter(|&b| !m.big[b as usize].is_empty())
        .collect();
    big_order.par_sort_by(|&a, &b| cmp(big_keys.get(a as usize), big_keys.get(b as usize)));
    let big_entries: Vec<Entry> = big_order
        .iter()
        .map(|&b| {
            let key = big_keys.get(b as usize);
            Entry {
                fold: key,
                key,
                value: &big[b as usize].0,
            }
        })
        .collect();

    let mut list = Vec::new();
    let mut kept = 0;
    let uni_bounds = shard_files("u", &uni_entries, last, &mut list, &mut kept);
    let big_bounds = shard_files("b", &big_entries, last, &mut list, &mut kept);

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
        kept,
        meta: ShardMeta {
            uni_bounds,
            big_bounds,
            prefixes,
        },
    }
}

pub(super) struct Shards {
    /// The files made.
    pub(super) list: Vec<(String, Vec<u8>)>,
    /// The bytes of the shards kept from the last build.
    pub(super) kept: usize,
    pub(super) meta: ShardMeta,
}

pub(super) struct ShardMeta {
    pub(super) uni_bounds: Vec<String>,
    pub(super) big_bounds: Vec<String>,
    /// The first prefix of every dictionary file but the first.
    pub(super) prefixes: Vec<String>,
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

/// A key of a shard: its posting list, and the fold it is sorted under. A shard's key
/// hashes its entries' keys and lists, all it is made from.
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
/// larger key gets a shard of its own): into `list`, but for those kept from the last build,
/// whose bytes are added to `kept`. Returns the sort key of the first entry of every shard
/// after the first: the boundaries search.js searches.
fn shard_files(
    prefix: &str,
    entries: &[Entry],
    last: Option<&dyn LastFiles>,
    list: &mut Vec<(String, Vec<u8>)>,
    kept: &mut usize,
) -> Vec<String> {
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
    let files: Vec<Result<(String, Vec<u8>), u64>> = starts
        .par_windows(2)
        .enumerate()
        .map(|(s, w)| {
            let shard = &entries[w[0]..w[1]];
            let name = format!("{prefix}-{s}");
            let path = format!("search/{name}.js");
            let hash = |key: &mut _| shard.iter().for_each(|e| (e.key, e.value).hash(key));
            if let Some(size) = kept_from(last, &path, hash) {
                return Err(size);
            }
            let mut js = String::from("{");
            for e in shard {
                if js.len() > 1 {
                    js.push(',');
                }
                codec::push_json_str(&mut js, e.key);
                js.push(':');
                codec::push_json_str(&mut js, e.value);
            }
            js.push('}');
            Ok((path, script(&name, &js)))
        })
        .collect();
    for file in files {
        match file {
            Ok(made) => list.push(made),
            Err(size) => *kept += size as usize,
        }
    }
    starts[1..starts.len() - 1]
        .iter()
        .map(|&i| entries[i].sort_key())
        .collect()
}
