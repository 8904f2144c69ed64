//! The rebuild after bodies alone were edited: in time with the edit, not with the site.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Builder, Built, Listing, Phases, collect, render_documents, render_each};
use crate::diag::Diagnostic;
use crate::render::{self, Facts, Renderer, outputs};
use crate::resolve::DocId;
use crate::serve::snapshot::{Assembly, Prev};

impl Builder {
    /// The rebuild after bodies were edited, and nothing else (no meta, template or day
    /// changed since the last good build): in time with the edit, not with the site. Only
    /// the documents read again can have new pages, and only the lists and feeds that show
    /// a first paragraph that changed can change beside them; the rest of the last snapshot
    /// is shared as it is. None when the edit is not of that kind, or when an output takes
    /// over another's file: the full render decides then.
    pub(super) fn render_edits(
        &mut self,
        diags: &mut Vec<Diagnostic>,
        phases: &mut Phases,
    ) -> Option<Option<Built>> {
        let (loaded, last) = (self.loaded.as_ref()?, self.last.as_ref()?);
        let site = &loaded.site;
        if !self.defer_search
            || last.generation != loaded.generation
            || last.urls.len() != site.docs.len()
            || last.today != site.today
        {
            return None;
        }
        let mut found = Vec::new();
        let r = Renderer::new(site, loaded.theme.clone(), &mut found)
            .with_plan(Arc::clone(&loaded.plan));
        phases.done("keys");

        let dirty: Vec<usize> = loaded
            .edited
            .iter()
            .copied()
            .filter(|&i| {
                last.docs[i].key
                    != Some(render::document::document_key(
                        &r,
                        DocId::from(i),
                        &self.facts[i],
                    ))
            })
            .collect();
        let docs = render_documents(&r, &dirty);
        let mut problems = Vec::new();
        // This build's facts replace the last one's in place; the old ones come back
        // should it fail.
        let mut replaced = Vec::with_capacity(docs.len());
        let mut summaries = Vec::new();
        let mut doc_files = Vec::with_capacity(docs.len());
        for (i, facts, files, p) in docs {
            if facts.summary != self.facts[i].summary {
                summaries.push(i);
            }
            let all = Arc::make_mut(&mut self.facts);
            replaced.push((i, std::mem::replace(&mut all[i], facts)));
            doc_files.push((i, files));
            problems.extend(p);
        }
        phases.done("documents");

        // Of what a body edit changes, the other outputs read only first paragraphs: the
        // lists and feeds whose views read one that changed are looked at again.
        let mut pages: BTreeSet<usize> = BTreeSet::new();
        let mut feeds: BTreeSet<usize> = BTreeSet::new();
        for &d in &summaries {
            for listing in &last.listings[d] {
                match *listing {
                    Listing::Page(j) => pages.insert(j),
                    Listing::Feed(j) => feeds.insert(j),
                };
            }
        }
        let all = &self.facts[..];
        let page_keys: Vec<(usize, Option<u64>)> = pages
            .iter()
            .map(|&j| (j, Some(outputs::page_key(&r, &last.plan.pages[j], all).key)))
            .filter(|(j, key)| *key != last.pages[*j].key)
            .collect();
        let feed_keys: Vec<(usize, u64)> = feeds
            .iter()
            .map(|&j| (j, outputs::feed_key(&r, &last.plan.feeds[j], all).key))
            .filter(|(j, key)| Some(*key) != last.feeds[*j].key)
            .collect();
        let page_files = render_each(
            page_keys.par_iter().map(|k| k.0),
            &last.plan.pages,
            |page, out| render::write_page(&r, page, &Facts::new(all), out),
        );
        let feed_files = render_each(
            feed_keys.par_iter().map(|k| k.0),
            &last.plan.feeds,
            |feed, out| render::write_feed(&r, feed, &Facts::new(all), out),
        );
        let ((), static_files, p) = collect(|out| render::write_static(&r, out));
        problems.extend(p);
        phases.done("pages");

        found.extend(r.take_errors());
        found.extend(problems);
        for (_, p) in page_files.iter().chain(&feed_files) {
            found.extend(p.iter().cloned());
        }
        let failed = found.iter().any(Diagnostic::is_error);

        let mut assembly = Assembly::new(Some(last.snapshot.clone()), true);
        let docs: Vec<(usize, Prev)> = doc_files
            .into_iter()
            .map(|(i, files)| {
                let key = render::document::document_key(&r, DocId::from(i), &self.facts[i]);
                (i, assembly.fresh(Some(&last.docs[i]), Some(key), files))
            })
            .collect();
        let pages: Vec<(usize, Prev)> = page_keys
            .iter()
            .zip(page_files)
            .map(|(&(j, key), (files, _))| (j, assembly.fresh(Some(&last.pages[j]), key, files)))
            .collect();
        let feeds: Vec<(usize, Prev)> = feed_keys
            .iter()
            .zip(feed_files)
            .map(|(&(j, key), (files, _))| {
                (j, assembly.fresh(Some(&last.feeds[j]), Some(key), files))
            })
            .collect();
        let statics = assembly.fresh(Some(&last.statics), None, static_files);
        if failed || assembly.patched.is_none() {
            for (i, facts) in replaced {
                Arc::make_mut(&mut self.facts)[i] = facts;
            }
            if !failed {
                // An output took over another's file: the full render sorts it out.
                return None;
            }
            diags.extend(found);
            return Some(None);
        }
        diags.extend(found);
        let rendered = assembly.rendered;
        let (snapshot, changed) = assembly.finish();
        phases.done("snapshot");

        let last = self.last.as_mut().expect("checked above");
        for (i, prev) in docs {
            last.docs[i] = prev;
        }
        // Their files changed: the next full render keys them and their readers again.
        for &i in &loaded.edited {
            last.known.forget(i);
        }
        for (j, prev) in pages {
            last.pages[j] = prev;
        }
        for (j, prev) in feeds {
            last.feeds[j] = prev;
        }
        last.statics = statics;
        last.snapshot = snapshot.clone();
        self.search_stale = true;
        Some(Some(Built {
            snapshot,
            changed,
            documents: 0,
            read: 0,
            rendered,
            phases: Vec::new(),
        }))
    }
}
