//! The first load (`meta.js`), the facets, and the display blocks.

use std::collections::HashMap;
use std::hash::Hash;

use rayon::prelude::*;

use super::codec::{self, script};
use super::postings::ShardMeta;
use super::{BLOCK, LastFiles, SNIPPET_CHARS, SearchDoc, VERSION, kept_from};
use crate::vi;

/// Keys ordered by how many documents use them (most first, so their numbers are short),
/// then by key; with the first display name seen for each.
fn table<'a>(
    items: impl Iterator<Item = (&'a str, &'a str)>,
) -> (Vec<(&'a str, &'a str)>, HashMap<&'a str, usize>) {
    let mut seen: HashMap<&str, (usize, &str)> = HashMap::new();
    for (key, name) in items {
        seen.entry(key).or_insert((0, name)).0 += 1;
    }
    let mut rows: Vec<(&str, usize, &str)> =
        seen.into_iter().map(|(k, (c, n))| (k, c, n)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let index = rows.iter().enumerate().map(|(i, r)| (r.0, i)).collect();
    (rows.into_iter().map(|r| (r.0, r.2)).collect(), index)
}

/// A table of (key, name) rows; a row whose key is the slug of its name is just the name.
fn push_table(js: &mut String, name: &str, rows: &[(&str, &str)]) {
    js.push_str(&format!(",\"{name}\":["));
    for (i, (k, v)) in rows.iter().enumerate() {
        if i > 0 {
            js.push(',');
        }
        if vi::slug(v) == *k {
            codec::push_json_str(js, v);
        } else {
            js.push('[');
            codec::push_json_str(js, k);
            js.push(',');
            codec::push_json_str(js, v);
            js.push(']');
        }
    }
    js.push(']');
}

/// The unit, campaign and kind tables, and each key's number in its table.
pub(super) struct Tables<'a> {
    units: Vec<(&'a str, &'a str)>,
    unit_ix: HashMap<&'a str, usize>,
    camps: Vec<(&'a str, &'a str)>,
    camp_ix: HashMap<&'a str, usize>,
    kinds: Vec<(&'a str, &'a str)>,
    kind_ix: HashMap<&'a str, usize>,
}

impl<'a> Tables<'a> {
    pub(super) fn new(docs: &[&SearchDoc<'a>]) -> Self {
        let (units, unit_ix) = table(docs.iter().map(|d| (d.unit_key, d.unit_name)));
        let (camps, camp_ix) = table(docs.iter().flat_map(|d| d.campaigns.iter().copied()));
        let (kinds, kind_ix) = table(docs.iter().map(|d| (d.kind, d.kind_label)));
        Tables {
            units,
            unit_ix,
            camps,
            camp_ix,
            kinds,
            kind_ix,
        }
    }
}

/// `search/meta.js`, the first load: what a query needs before it loads shards, and what the
/// filters offer.
pub(super) fn write_meta(docs: &[&SearchDoc], tables: &Tables, shards: &ShardMeta) -> Vec<u8> {
    let mut years: Vec<i32> = docs.iter().map(|d| d.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let years: Vec<String> = years.iter().map(i32::to_string).collect();
    let mut js = format!(
        "{{\"v\":{VERSION},\"n\":{},\"bs\":{BLOCK},\"years\":[{}]",
        docs.len(),
        years.join(",")
    );
    for (name, list) in [("su", &shards.uni_bounds), ("sb", &shards.big_bounds)] {
        js.push_str(&format!(",\"{name}\":["));
        for (i, b) in list.iter().enumerate() {
            if i > 0 {
                js.push(',');
            }
            codec::push_json_str(&mut js, b);
        }
        js.push(']');
    }
    js.push_str(",\"w\":");
    codec::push_json_str(&mut js, &shards.prefixes.join(" "));
    push_table(&mut js, "units", &tables.units);
    push_table(&mut js, "camps", &tables.camps);
    push_table(&mut js, "kinds", &tables.kinds);
    js.push('}');
    script("meta", &js)
}

/// The facet columns, each loaded only when its filter is used: `search/f-y.js` (year − y0),
/// `f-u.js` (unit), `f-k.js` (kind), `f-c.js` (campaign count, then campaigns); one entry a
/// document, newest first, as base-64 numbers.
pub(super) fn write_facets(docs: &[&SearchDoc], t: &Tables) -> Vec<(String, Vec<u8>)> {
    let y0 = docs.iter().map(|d| d.year).min().unwrap_or(0);
    let column = |name: &str, y0: Option<i32>, values: &mut dyn Iterator<Item = u64>| {
        let mut buf = Vec::new();
        for v in values {
            codec::push_uint(&mut buf, v);
        }
        let y0 = y0.map(|y| format!("\"y0\":{y},")).unwrap_or_default();
        let data = format!(
            "{{{y0}\"v\":\"{}\"}}",
            String::from_utf8(buf).expect("ASCII digits")
        );
        (format!("search/{name}.js"), script(name, &data))
    };
    vec![
        column(
            "f-y",
            Some(y0),
            &mut docs.iter().map(|d| (d.year - y0) as u64),
        ),
        column(
            "f-u",
            None,
            &mut docs.iter().map(|d| t.unit_ix[d.unit_key] as u64),
        ),
        column(
            "f-k",
            None,
            &mut docs.iter().map(|d| t.kind_ix[d.kind] as u64),
        ),
        column(
            "f-c",
            None,
            &mut docs.iter().flat_map(|d| {
                let mut c: Vec<u64> = d.campaigns.iter().map(|c| t.camp_ix[c.0] as u64).collect();
                c.sort_unstable();
                c.dedup();
                std::iter::once(c.len() as u64).chain(c)
            }),
        ),
    ]
}

/// What a display block shows of a document, and all it is made from: its five texts,
/// then the numbers of its unit and kind in the tables. A block's key hashes its rows.
#[derive(Hash)]
struct BlockRow<'a> {
    texts: [&'a str; 5],
    unit: usize,
    kind: usize,
}

impl<'a> BlockRow<'a> {
    fn of(d: &SearchDoc<'a>, snippet: &'a str, t: &Tables) -> BlockRow<'a> {
        BlockRow {
            texts: [d.title, d.number.unwrap_or(""), d.url, d.date_text, snippet],
            unit: t.unit_ix[d.unit_key],
            kind: t.kind_ix[d.kind],
        }
    }
}

/// `search/d-N.js`: per document [title, number, URL, date, snippet text, unit, kind] (the
/// last two numbers in the meta tables). The blocks that are not the last build's, and the
/// size of those that are: a block whose rows hash as they did is kept, not made again.
pub(super) fn write_blocks(
    docs: &[&SearchDoc],
    snippets: &[Box<str>],
    t: &Tables,
    last: Option<&dyn LastFiles>,
) -> (Vec<(String, Vec<u8>)>, usize) {
    let blocks: Vec<Result<(String, Vec<u8>), u64>> = docs
        .par_chunks(BLOCK)
        .zip(snippets.par_chunks(BLOCK))
        .enumerate()
        .map(|(b, (block, snippets))| {
            let rows: Vec<BlockRow> = (block.iter().zip(snippets))
                .map(|(d, snippet)| BlockRow::of(d, snippet, t))
                .collect();
            let name = format!("d-{b}");
            let path = format!("search/{name}.js");
            if let Some(size) = kept_from(last, &path, |key| rows.hash(key)) {
                return Err(size);
            }
            let mut js = String::from("[");
            for (i, row) in rows.iter().enumerate() {
                js.push_str(if i > 0 { ",[" } else { "[" });
                for field in row.texts {
                    codec::push_json_str(&mut js, field);
                    js.push(',');
                }
                js.push_str(&format!("{},{}]", row.unit, row.kind));
            }
            js.push(']');
            Ok((path, script(&name, &js)))
        })
        .collect();
    let (mut made, mut kept) = (Vec::new(), 0);
    for block in blocks {
        match block {
            Ok(block) => made.push(block),
            Err(size) => kept += size as usize,
        }
    }
    (made, kept)
}

/// The text snippets are cut from: the summary, then the start of the body, about
/// [`SNIPPET_CHARS`] chars in all, cut at a space, spaces collapsed.
pub(super) fn snippet_text(summary: &str, text: &str) -> String {
    let head = |s: &str| {
        let s = s.trim();
        let mut end = s.len().min(SNIPPET_CHARS * 8);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        crate::vi::nfc(&s[..end]).into_owned()
    };
    let (summary, text) = (head(summary), head(text));
    let mut out = String::new();
    let mut chars = 0;
    let body_repeats = !summary.is_empty() && collapsed_starts_with(&text, &summary);
    let sources: &[&str] = if body_repeats {
        &[&text]
    } else {
        &[&summary, &text]
    };
    'outer: for source in sources {
        for word in source.split_whitespace() {
            let len = word.chars().count();
            if chars + len > SNIPPET_CHARS {
                if chars == 0 {
                    out.extend(word.chars().take(SNIPPET_CHARS));
                }
                out.push('…');
                break 'outer;
            }
            if !out.is_empty() {
                out.push(' ');
                chars += 1;
            }
            out.push_str(word);
            chars += len;
        }
    }
    out
}

/// Whether `text` starts with `prefix`, ignoring how spaces are written.
fn collapsed_starts_with(text: &str, prefix: &str) -> bool {
    let mut t = text.split_whitespace();
    prefix.split_whitespace().all(|w| t.next() == Some(w))
}
