//! The index built a chunk at a time, its counts kept and read back, and a kept index
//! patched: each gives the index built at once.

use std::collections::HashMap;

use super::*;

#[test]
fn an_index_merged_a_chunk_at_a_time_is_the_index_built_at_once() {
    let docs = corpus(300);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let whole = build_index(&views);
    let all: Vec<&SearchDoc> = views.iter().collect();
    let mut builder = IndexBuilder::new(&all);
    let norms = builder.norms();
    // Waves and chunks of uneven sizes, as a build of any size cuts them.
    for wave in all.chunks(70) {
        builder.merge(
            wave.chunks(16)
                .map(|c| IndexBuilder::tokenize(norms, c))
                .collect(),
        );
    }
    assert_eq!(builder.finish(&all).files, whole.files);
}

#[test]
fn the_index_written_in_parts_is_the_index_whole() {
    let docs = corpus(150);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let kept = kept_index(&views, 32);
    assert_eq!(written_to(&kept), postcard::to_stdvec(&kept).unwrap());
}

/// What [`KeptIndex::write_to`] writes.
fn written_to(kept: &KeptIndex) -> Vec<u8> {
    let mut out = Vec::new();
    kept.write_to(&mut out).unwrap();
    out
}

#[test]
fn counts_kept_and_read_back_give_the_same_index() {
    let docs = corpus(200);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let whole = build_index(&views);
    let mut all: Vec<&SearchDoc> = views.iter().collect();
    all.sort_by_key(|d| std::cmp::Reverse(d.date_sort));
    let mut builder = IndexBuilder::new(&all);
    let norms = builder.norms();
    let kept: Vec<Vec<u8>> = all
        .chunks(64)
        .map(|c| postcard::to_stdvec(&Counted::of(c)).unwrap())
        .collect();
    let read: Vec<Counted> = kept
        .iter()
        .map(|bytes| postcard::from_bytes(bytes).unwrap())
        .collect();
    assert!(read.iter().all(Counted::sound));
    builder.merge(read.into_iter().map(|c| c.weigh(norms)).collect());
    assert_eq!(builder.finish(&all).files, whole.files);

    // Counts whose ids point outside their chunk are not sound, and are refused as they are
    // read; a record cut short does not read.
    let refused = |bad: &Counted| {
        !bad.sound() && postcard::from_bytes::<Counted>(&postcard::to_stdvec(bad).unwrap()).is_err()
    };
    let mut bad: Counted = postcard::from_bytes(&kept[0]).unwrap();
    bad.counts.break_a_key();
    assert!(refused(&bad));
    // Nor are words that end inside a letter.
    let mut bad: Counted = postcard::from_bytes(&kept[0]).unwrap();
    bad.counts.cut_a_letter();
    assert!(refused(&bad));
    let mut cut = kept[0].clone();
    cut.truncate(cut.len() - 3);
    assert!(postcard::from_bytes::<Counted>(&cut).is_err());
}

/// The index of `views` merged whole, kept as a build keeps it (chunks of `chunk`),
/// written and read back.
fn kept_index(views: &[SearchDoc], chunk: usize) -> KeptIndex {
    let all: Vec<&SearchDoc> = views.iter().collect();
    let mut builder = IndexBuilder::new(&all);
    let norms = builder.norms();
    builder.merge(
        all.chunks(chunk)
            .map(|c| IndexBuilder::tokenize(norms, c))
            .collect(),
    );
    let keys = (0..all.chunks(chunk).len() as u64).collect();
    let bytes = postcard::to_stdvec(&builder.keep(chunk, keys)).unwrap();
    postcard::from_bytes(&bytes).unwrap()
}

#[test]
fn a_patched_index_is_the_index_merged_again() {
    const CHUNK: usize = 64;
    let docs = corpus(300);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let mut kept = kept_index(&views, CHUNK);

    // Edits that keep every length, so that the average lengths stay: words swapped for
    // others of as many bytes, one new to the index ("mới"), one word gone from a
    // document ("tỉnh"), a title changed; in three chunks, one of them the last.
    let mut edited = docs.clone();
    edited[70].2 = edited[70]
        .2
        .replacen("dân", "vận", 3)
        .replacen("khéo", "mới", 1);
    edited[71].1 = edited[71].1.replacen("Văn bản", "Báo cáo", 1);
    edited[200].2 = edited[200].2.replace("tỉnh", "đoàn");
    edited[299].2 = edited[299].2.replacen("công tác", "tác công", 2);
    let views_now: Vec<SearchDoc> = edited.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let all_now: Vec<&SearchDoc> = views_now.iter().collect();
    let norms = IndexBuilder::new(&all_now).norms();
    assert!(
        kept.fits(norms, 300, CHUNK),
        "the edits keep the average lengths"
    );
    let all_before: Vec<&SearchDoc> = views.iter().collect();
    for c in [1, 3, 4] {
        let chunk = |all: &[&SearchDoc]| {
            let docs: Vec<&SearchDoc> = all.chunks(CHUNK).nth(c).unwrap().to_vec();
            Counted::of(&docs)
        };
        assert!(kept.patch(c, chunk(&all_before), chunk(&all_now)));
    }
    assert_eq!(
        written_to(&kept),
        postcard::to_stdvec(&kept).unwrap(),
        "a patched index written in parts is the index whole"
    );
    let whole = build_index(&views_now);
    let first = Keys::default();
    let written_now = kept.write(&all_now, Some(&first));
    assert_eq!(written_now.files, whole.files);
    assert!(has_key(&whole, "u", "moi"), "a key new to the index");

    // Patched again, after being kept and read back: the edits taken back.
    kept.compact();
    let mut kept: KeptIndex = postcard::from_bytes(&postcard::to_stdvec(&kept).unwrap()).unwrap();
    for c in [1, 3, 4] {
        let chunk = |all: &[&SearchDoc]| {
            let docs: Vec<&SearchDoc> = all.chunks(CHUNK).nth(c).unwrap().to_vec();
            Counted::of(&docs)
        };
        assert!(kept.patch(c, chunk(&all_now), chunk(&all_before)));
    }
    let written = kept.write(&all_before, None);
    let full = build_index(&views);
    assert_eq!(written.files, full.files);
    assert!(
        !has_key(&written, "u", "moi"),
        "a key no document has is not written"
    );

    // Written again, keeping the files of the first write whose key is unchanged: those
    // and the files made are the full index, and only what the edits reached is made.
    let last = first.noted(&written_now);
    let made = kept.write(&all_before, Some(&last));
    let mut together: Vec<(String, Vec<u8>)> = written_now
        .files
        .iter()
        .filter(|(path, _)| last.kept(path))
        .cloned()
        .chain(made.files.clone())
        .collect();
    together.sort();
    assert_eq!(together, full.files);
    assert_eq!(made.total_bytes, full.total_bytes);
    let shards_and_blocks = |files: &[(String, Vec<u8>)]| {
        files
            .iter()
            .filter(|(p, _)| {
                ["u-", "b-", "d-"]
                    .iter()
                    .any(|k| p.starts_with(&format!("search/{k}")))
            })
            .count()
    };
    let (made_now, all) = (
        shards_and_blocks(&made.files),
        shards_and_blocks(&full.files),
    );
    assert!(
        made_now > 0 && made_now * 2 < all,
        "{made_now} of {all} made again"
    );

    // Counts of another number of documents are not patched in.
    let short: Vec<&SearchDoc> = all_before[..10].to_vec();
    assert!(!kept.patch(0, Counted::of(&short), Counted::of(&short)));
}

#[test]
fn an_index_kept_fits_only_the_same_documents_chunks_and_lengths() {
    let docs = corpus(100);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let kept = kept_index(&views, 32);
    let all: Vec<&SearchDoc> = views.iter().collect();
    let norms = IndexBuilder::new(&all).norms();
    assert!(kept.fits(norms, 100, 32));
    assert!(!kept.fits(norms, 101, 32));
    assert!(!kept.fits(norms, 100, 16));
    let longer: Vec<(String, String, String)> = docs
        .iter()
        .map(|(u, t, x)| (u.clone(), t.clone(), format!("{x} {x}")))
        .collect();
    let longer: Vec<SearchDoc> = longer.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let norms = IndexBuilder::new(&longer.iter().collect::<Vec<_>>()).norms();
    assert!(!kept.fits(norms, 100, 32));
}

#[test]
fn a_chunk_counted_again_from_its_last_counts_is_counted_as_anew() {
    let docs = corpus(60);
    let views: Vec<SearchDoc> = docs.iter().map(|(u, t, x)| doc(u, t, x)).collect();
    let all: Vec<&SearchDoc> = views.iter().collect();
    // Keys as a build gives them: one per document, here its index.
    let keys = |n: usize| (0..n as u64).collect::<Vec<u64>>();
    let last = LastCounted::new(Counted::reusing(&all, keys(60), &[]));

    // Documents 7 and 40 edited (new keys); another moved to the end; one dropped. The
    // others are taken from the last counts: their texts are not even there.
    let mut edited = docs.clone();
    edited[7].2 = edited[7].2.replacen("dân", "vận", 2) + " hoàn toàn mới";
    edited[40].1 = "Một trích yếu khác hẳn".to_string();
    let mut order: Vec<usize> = (0..60).filter(|&k| k != 12).collect();
    let moved = order.remove(3);
    order.push(moved);
    let now_views: Vec<SearchDoc> = order
        .iter()
        .map(|&k| doc(&edited[k].0, &edited[k].1, &edited[k].2))
        .collect();
    let now: Vec<&SearchDoc> = now_views.iter().collect();
    let now_keys: Vec<u64> = order
        .iter()
        .map(|&k| {
            if k == 7 || k == 40 {
                1000 + k as u64
            } else {
                k as u64
            }
        })
        .collect();
    let without_texts: Vec<SearchDoc> = order
        .iter()
        .zip(&now_keys)
        .map(|(&k, &key)| {
            let text = if key >= 1000 {
                edited[k].2.as_str()
            } else {
                ""
            };
            doc(&edited[k].0, &edited[k].1, text)
        })
        .collect();
    let without_texts: Vec<&SearchDoc> = without_texts.iter().collect();
    let spliced = Counted::reusing(&without_texts, now_keys.clone(), &[&last]);
    let anew = Counted::reusing(&now, now_keys.clone(), &[]);
    assert!(spliced.sound());
    assert_eq!(
        postcard::to_stdvec(&spliced).unwrap(),
        postcard::to_stdvec(&anew).unwrap()
    );

    // The same documents found in two chunks' last counts, as after a document was added
    // or removed before them: each taken from the one that has it.
    let first = LastCounted::new(Counted::reusing(&all[..25], keys(25), &[]));
    let second = LastCounted::new(Counted::reusing(
        &all[25..],
        (25..60).collect::<Vec<u64>>(),
        &[],
    ));
    let spliced = Counted::reusing(&without_texts, now_keys, &[&second, &first]);
    assert_eq!(
        postcard::to_stdvec(&spliced).unwrap(),
        postcard::to_stdvec(&anew).unwrap()
    );
}

/// The keys of the files a write was asked about, and the last write's with the size of each
/// file: a file is kept when its key is the one it had.
#[derive(Default)]
struct Keys {
    last: HashMap<String, (u64, usize)>,
    now: std::sync::Mutex<HashMap<String, u64>>,
    kept: std::sync::Mutex<Vec<String>>,
}

impl Keys {
    /// The keys noted, with the sizes of the files `written` made: the last write's for
    /// the next.
    fn noted(self, written: &SearchOutput) -> Keys {
        let sizes: HashMap<&str, usize> = written
            .files
            .iter()
            .map(|(path, bytes)| (path.as_str(), bytes.len()))
            .collect();
        let last = (self.now.into_inner().unwrap().into_iter())
            .map(|(path, key)| {
                let size = sizes[path.as_str()];
                (path, (key, size))
            })
            .collect();
        Keys {
            last,
            ..Keys::default()
        }
    }

    fn kept(&self, path: &str) -> bool {
        self.kept.lock().unwrap().iter().any(|p| p == path)
    }
}

impl LastFiles for Keys {
    fn keep(&self, path: &str, key: u64) -> Option<u64> {
        self.now.lock().unwrap().insert(path.to_string(), key);
        let &(last, size) = self.last.get(path)?;
        (last == key).then(|| {
            self.kept.lock().unwrap().push(path.to_string());
            size as u64
        })
    }
}
