//! The chunks' keys merged in document order into each key's sparse posting lists.

use crate::search::chunk::{ChunkOut, FxMap, KIND_MASK, UNI, WRITTEN};
use crate::search::codec;
use crate::search::merged::{Lists, Merged};

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
pub(in crate::search) struct Index {
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

    pub(in crate::search) fn merge(&mut self, base: usize, chunks: Vec<ChunkOut>) {
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
    pub(in crate::search) fn into_merged(self) -> Merged {
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
