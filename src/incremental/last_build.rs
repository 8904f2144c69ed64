//! What a build asks of the last one while it renders ([`LastBuild`]): whether an
//! output can be kept, and what it keeps and records for the next build.

use super::*;

impl LastBuild for Incremental<'_> {
    fn known(&self, r: &Renderer<'_>) -> Option<Known> {
        let (order, known) = self
            .prior
            .as_ref()?
            .known
            .lock()
            .expect("no panics while holding the lock")
            .take()?;
        (order == order_of(r.site)).then_some(known)
    }

    fn note_known(&self, r: &Renderer<'_>, known: &Known) {
        if let Err(e) = sealed::write(self.staging, KNOWN, &(order_of(r.site), known)) {
            self.lock_records().writer.fail(e);
        }
    }

    fn last_key(&self, path: &str) -> Option<u64> {
        self.prior.as_ref()?.outputs.get(path).copied()
    }

    fn last_size(&self, path: &str) -> Option<u64> {
        Some(self.prior.as_ref()?.files.get(path)?.0.size)
    }

    fn facts(&self, r: &Renderer<'_>, i: DocId) -> Option<BodyFacts> {
        let doc = &r.site.docs[i];
        let kept = self.prior.as_ref()?.facts(&doc.rel_path)?;
        (kept.fingerprint == doc.fingerprint).then_some(BodyFacts {
            summary: kept.summary,
            text: String::new(),
            links: kept.links,
        })
    }

    fn knows_body(&self, r: &Renderer<'_>, i: DocId) -> bool {
        let doc = &r.site.docs[i];
        self.prior
            .as_ref()
            .and_then(|p| p.facts.get(&doc.rel_path))
            .is_some_and(|&(fingerprint, _)| fingerprint == doc.fingerprint)
    }

    fn chunk_of(&self, doc: u64) -> Option<u64> {
        self.prior.as_ref()?.counted_docs.get(&doc).copied()
    }

    fn counted(&self, key: u64) -> Option<crate::search::Counted> {
        let prior = self.prior.as_ref()?;
        let place = prior.counted.get(&key)?;
        // Counts that do not hold together are refused as they are read.
        postcard::from_bytes(&prior.segments.read(place)?).ok()
    }

    fn carry_counted(&self, key: u64, docs: &[u64]) -> bool {
        let Some(place) = self.prior.as_ref().and_then(|p| p.counted.get(&key)) else {
            return false;
        };
        // Where it is, for the next build.
        let mut records = self.lock_records();
        records.counted.insert(key, *place);
        records
            .counted_docs
            .extend(docs.iter().map(|&doc| (doc, key)));
        true
    }

    fn index(&self) -> Option<crate::search::KeptIndex> {
        self.prior
            .as_ref()?
            .index
            .lock()
            .expect("no panics while holding the lock")
            .take()
    }

    fn note_index(
        &self,
        kept: std::sync::Arc<crate::search::KeptIndex>,
        made: crate::render::search::Made,
    ) {
        let mut records = self.lock_records();
        records.index = index::Writing::start(self.staging, kept);
        records.index_made = made.to_string();
    }

    fn note_counted(&self, key: u64, counted: &crate::search::Counted) {
        let bytes = postcard::to_stdvec(counted);
        let mut w = self.lock_records();
        match bytes {
            Ok(bytes) => {
                if let Some(place) = w.writer.append(&bytes) {
                    w.counted.insert(key, place);
                    w.counted_docs
                        .extend(counted.keys().iter().map(|&doc| (doc, key)));
                }
            }
            Err(e) => w.writer.fail(e),
        }
    }

    fn keep(&self, path: &str, key: u64, also: &[String]) -> bool {
        let Some(prior) = &self.prior else {
            return false;
        };
        if prior.outputs.get(path) != Some(&key) {
            return false;
        }
        // Every file proven whole before any is kept.
        let mut found = Vec::with_capacity(1 + also.len());
        for rel in std::iter::once(path).chain(also.iter().map(String::as_str)) {
            match whole(prior, self.staging, rel) {
                Some(f) => found.push((rel, f)),
                None => return false,
            }
        }
        let mut done: Vec<&str> = Vec::with_capacity(found.len());
        let mut stamps = Vec::with_capacity(found.len());
        for (rel, (from, _, now)) in &found {
            let kept = self.staging.keep(from, rel, self.copy, Some(*now));
            if kept.is_ok() {
                done.push(rel);
            }
            // A link has the stamp of the file it links to.
            match kept.and_then(|linked| if linked { Ok(*now) } else { self.stamp(rel) }) {
                Ok(stamp) => stamps.push(stamp),
                Err(_) => {
                    // Taken back: the output is rendered whole.
                    for rel in done {
                        if let Ok(p) = output::inside(rel) {
                            let _ = fs::remove_file(self.staging.dir.join(p));
                        }
                    }
                    return false;
                }
            }
        }
        let mut files = self.files.lock().expect("no panics while holding the lock");
        let mut linked = self.lock_linked();
        for ((rel, (_, entry, _)), stamp) in found.into_iter().zip(stamps) {
            self.kept.fetch_add(1, Ordering::Relaxed);
            files.insert(rel.to_owned(), (entry, stamp));
            linked.insert(rel.to_owned());
        }
        true
    }

    fn note_key(&self, path: &str, key: u64) {
        self.outputs
            .lock()
            .expect("no panics while holding the lock")
            .insert(path.to_owned(), key);
    }

    fn note_facts(&self, r: &Renderer<'_>, i: DocId, facts: &BodyFacts) {
        let doc = &r.site.docs[i];
        // A body kept from the last build comes without its text, and its facts are those of
        // its record: the record stays where it is (its fingerprint and path are checked
        // again when it is read).
        let last = self
            .prior
            .as_ref()
            .and_then(|p| p.facts.get(&doc.rel_path))
            .filter(|(fingerprint, _)| facts.text.is_empty() && *fingerprint == doc.fingerprint);
        if let Some(&places) = last {
            self.lock_records()
                .docs
                .insert(doc.rel_path.clone(), places);
            return;
        }
        // Written as a [`Kept`] is read.
        let kept =
            postcard::to_stdvec(&(&doc.rel_path, doc.fingerprint, &facts.summary, &facts.links));
        let mut w = self.lock_records();
        match kept {
            Ok(kept) => {
                if let Some(kept) = w.writer.append(&kept) {
                    w.docs.insert(doc.rel_path.clone(), (doc.fingerprint, kept));
                }
            }
            Err(e) => w.writer.fail(e),
        }
    }
}
