//! The rebuild after anything more than bodies changed: every document's page, list and
//! feed is keyed, and those whose key changed are rendered again.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::{Builder, Built, Last, Listing, Phases, collect, render_documents, render_each};
use crate::diag::Diagnostic;
use crate::render::{self, BodyFacts, Facts, Renderer, outputs, reuse};
use crate::resolve::DocId;
use crate::serve::snapshot::{Assembly, Files, Prev};

impl Builder {
    /// Renders what changed since the last good build. When the Site was only patched
    /// since, its documents and plans are where they were, and outputs match up by
    /// position; otherwise by address.
    pub(super) fn render(
        &mut self,
        diags: &mut Vec<Diagnostic>,
        phases: &mut Phases,
    ) -> Option<Built> {
        if let Some(built) = self.render_edits(diags, phases) {
            return built;
        }
        let loaded = self.loaded.as_ref().expect("loaded");
        let site = &loaded.site;
        let mut r =
            Renderer::new(site, loaded.theme.clone(), diags).with_plan(Arc::clone(&loaded.plan));
        let last = self.last.take();
        // While the Site is the one last rendered, documents, pages and feeds match up by place.
        let aligned = last
            .as_ref()
            .is_some_and(|l| l.generation == loaded.generation && l.urls.len() == site.docs.len());
        phases.done("keys");

        // Documents: where each was in the last build, its key, and whether it changed.
        let by_url: HashMap<&str, usize, FxBuildHasher> = match (&last, aligned) {
            (Some(l), false) => l
                .urls
                .iter()
                .enumerate()
                .map(|(i, u)| (u.as_str(), i))
                .collect(),
            _ => HashMap::default(),
        };
        let old_index = |i: usize| -> Option<usize> {
            let l = last.as_ref()?;
            if aligned {
                Some(i)
            } else {
                by_url
                    .get(site.docs[DocId::from(i)].url.as_str())
                    .copied()
                    .filter(|&o| o < l.docs.len())
            }
        };
        // Pages that nothing they read changed keep their keys (and items theirs).
        let now = reuse::Now::of(&r);
        let no_history = reuse::Known::default();
        let known = last.as_ref().map_or(&no_history, |l| &l.known);
        let to_key = known.plan(&now, &old_index);
        r.reuse_item_keys(known.items(&to_key));
        let r = r;
        let old_facts = &self.facts;
        let (dirty, mut reads): (Vec<bool>, Vec<Option<Vec<usize>>>) = (0..site.docs.len())
            .into_par_iter()
            .map(|i| {
                if !to_key.key[i] {
                    return (false, None);
                }
                let Some(o) = old_index(i) else {
                    return (true, None);
                };
                let (Some(prev), Some(facts)) =
                    (last.as_ref().map(|l| &l.docs[o]), old_facts.get(o))
                else {
                    return (true, None);
                };
                let (key, reads) =
                    render::document::document_key_reading(&r, DocId::from(i), facts);
                (prev.key != Some(key), Some(places(reads)))
            })
            .unzip();
        let dirty_docs: Vec<usize> = (0..site.docs.len()).filter(|&i| dirty[i]).collect();
        let rendered_docs = render_documents(&r, &dirty_docs);
        let mut problems = Vec::new();
        // The facts of this build: moved out of the last one's, put back should it fail.
        let mut old_facts = Arc::unwrap_or_clone(std::mem::take(&mut self.facts));
        let mut moved: Vec<(usize, usize)> = Vec::new();
        let mut facts: Vec<BodyFacts> = Vec::with_capacity(site.docs.len());
        let mut fresh: Vec<Option<Files>> = Vec::with_capacity(site.docs.len());
        let mut rendered_docs = rendered_docs.into_iter().peekable();
        for i in 0..site.docs.len() {
            if rendered_docs.peek().is_some_and(|(d, ..)| *d == i) {
                let (_, f, files, p) = rendered_docs.next().expect("peeked");
                facts.push(f);
                fresh.push(Some(files));
                problems.extend(p);
            } else {
                let o = old_index(i).expect("a clean document was in the last build");
                facts.push(std::mem::take(&mut old_facts[o]));
                moved.push((o, i));
                fresh.push(None);
            }
        }
        phases.done("documents");

        // Pages and feeds whose key changed, or that are rendered every time.
        let output_plan = Arc::clone(r.plan());
        let (plan, addresses) = (&output_plan.pages, &output_plan.addresses);
        let (feed_plan, feed_paths) = (&output_plan.feeds, &output_plan.feed_paths);
        // Without alignment, look addresses up by a map rather than a scan.
        let old_pages: HashMap<&str, usize, FxBuildHasher> = match (&last, aligned) {
            (Some(l), false) => l
                .plan
                .addresses
                .iter()
                .enumerate()
                .map(|(i, a)| (a.as_str(), i))
                .collect(),
            _ => HashMap::default(),
        };
        let old_feeds: HashMap<&str, usize, FxBuildHasher> = match (&last, aligned) {
            (Some(l), false) => l
                .plan
                .feed_paths
                .iter()
                .enumerate()
                .map(|(i, a)| (a.as_str(), i))
                .collect(),
            _ => HashMap::default(),
        };
        let prev_page = |j: usize| -> Option<&Prev> {
            let l = last.as_ref()?;
            let o = if aligned {
                j
            } else {
                *old_pages.get(addresses[j].as_str())?
            };
            l.pages.get(o)
        };
        let prev_feed = |j: usize| -> Option<&Prev> {
            let l = last.as_ref()?;
            let o = if aligned {
                j
            } else {
                *old_feeds.get(feed_paths[j].as_str())?
            };
            l.feeds.get(o)
        };
        // Every page's and feed's view made for its key, noting whose first paragraphs it
        // shows.
        let page_keys: Vec<(Option<u64>, Vec<usize>)> = plan
            .par_iter()
            .map(|page| {
                let keyed = outputs::page_key(&r, page, &facts);
                (Some(keyed.key), places(keyed.reads))
            })
            .collect();
        phases.done("page keys");
        let feed_keys: Vec<(Option<u64>, Vec<usize>)> = feed_plan
            .par_iter()
            .map(|feed| {
                let keyed = outputs::feed_key(&r, feed, &facts);
                (Some(keyed.key), places(keyed.reads))
            })
            .collect();
        phases.done("feeds");
        let listings = listings(
            site.docs.len(),
            page_keys.iter().map(|k| &k.1),
            feed_keys.iter().map(|k| &k.1),
        );
        let page_keys: Vec<Option<u64>> = page_keys.into_iter().map(|k| k.0).collect();
        let feed_keys: Vec<Option<u64>> = feed_keys.into_iter().map(|k| k.0).collect();
        let dirty_pages: Vec<usize> = (0..plan.len())
            .filter(|&j| prev_page(j).map(|p| p.key) != Some(page_keys[j]))
            .collect();
        let dirty_feeds: Vec<usize> = (0..feed_plan.len())
            .filter(|&j| prev_feed(j).map(|p| p.key) != Some(feed_keys[j]))
            .collect();
        let page_files = render_each(dirty_pages.par_iter().copied(), plan, |page, out| {
            render::write_page(&r, page, &Facts::new(&facts), out)
        });
        let feed_files = render_each(dirty_feeds.par_iter().copied(), feed_plan, |feed, out| {
            render::write_feed(&r, feed, &Facts::new(&facts), out)
        });
        phases.done("pages");
        let defer = self.defer_search && last.is_some();
        let (_, search_files, p) = if defer {
            (0, Vec::new(), Vec::new())
        } else {
            collect(|out| render::write_search(&r, &facts, out))
        };
        problems.extend(p);
        let (_, static_files, p) = collect(|out| render::write_static(&r, out));
        problems.extend(p);
        phases.done("search");

        diags.extend(r.take_errors());
        diags.extend(problems);
        for (_, p) in page_files.iter().chain(&feed_files) {
            diags.extend(p.iter().cloned());
        }
        if diags.iter().any(Diagnostic::is_error) {
            // Nothing of this build is kept but what was read: give the facts back.
            for (o, i) in moved {
                old_facts[o] = std::mem::take(&mut facts[i]);
            }
            self.facts = Arc::new(old_facts);
            self.last = last;
            return None;
        }

        // The new snapshot: outputs in the order `render_site` writes them, so that should
        // two share a file, the same one wins.
        let mut assembly = Assembly::new(last.as_ref().map(|l| l.snapshot.clone()), aligned);
        let mut docs: Vec<Prev> = Vec::with_capacity(site.docs.len());
        for (i, new) in fresh.into_iter().enumerate() {
            let prev = old_index(i).and_then(|o| last.as_ref().map(|l| &l.docs[o]));
            docs.push(match new {
                Some(files) => {
                    let (key, read) =
                        render::document::document_key_reading(&r, DocId::from(i), &facts[i]);
                    reads[i] = Some(places(read));
                    assembly.fresh(prev, Some(key), files)
                }
                None => assembly.keep(prev.expect("a clean document was in the last build")),
            });
        }
        let mut page_files = dirty_pages.iter().zip(page_files).peekable();
        let pages: Vec<Prev> = (0..plan.len())
            .map(|j| match page_files.next_if(|(d, _)| **d == j) {
                Some((_, (files, _))) => assembly.fresh(prev_page(j), page_keys[j], files),
                None => assembly.keep(prev_page(j).expect("a clean page was in the last build")),
            })
            .collect();
        let mut feed_files = dirty_feeds.iter().zip(feed_files).peekable();
        let feeds: Vec<Prev> = (0..feed_plan.len())
            .map(|j| match feed_files.next_if(|(d, _)| **d == j) {
                Some((_, (files, _))) => assembly.fresh(prev_feed(j), feed_keys[j], files),
                None => assembly.keep(prev_feed(j).expect("a clean feed was in the last build")),
            })
            .collect();
        let search = match (defer, last.as_ref()) {
            (true, Some(l)) => assembly.keep(&l.search),
            _ => assembly.fresh(last.as_ref().map(|l| &l.search), None, search_files),
        };
        let statics = assembly.fresh(last.as_ref().map(|l| &l.statics), None, static_files);
        let rendered = assembly.rendered;
        let (snapshot, changed) = assembly.finish();
        phases.done("snapshot");

        let known = known.next(now, &to_key, r.item_keys_made(), reads);
        self.facts = Arc::new(facts);
        self.search_stale = defer;
        self.last = Some(Last {
            generation: loaded.generation,
            today: site.today,
            listings,
            urls: site.docs.iter().map(|d| d.url.clone()).collect(),
            docs,
            plan: output_plan,
            pages,
            feeds,
            search,
            statics,
            snapshot: snapshot.clone(),
            known,
        });
        Some(Built {
            snapshot,
            changed,
            documents: 0,
            read: 0,
            rendered,
            phases: Vec::new(),
        })
    }
}

/// For each document, the pages and feeds whose views read its first paragraph: what an
/// edit of that paragraph renders again besides the document's own page.
/// Documents a view read, by the places the snapshot keeps.
fn places(read: Vec<DocId>) -> Vec<usize> {
    read.into_iter().map(DocId::index).collect()
}

fn listings<'a>(
    documents: usize,
    pages: impl Iterator<Item = &'a Vec<usize>>,
    feeds: impl Iterator<Item = &'a Vec<usize>>,
) -> Vec<Vec<Listing>> {
    let mut out: Vec<Vec<Listing>> = vec![Vec::new(); documents];
    for (j, read) in pages.enumerate() {
        for &d in read {
            out[d].push(Listing::Page(j));
        }
    }
    for (j, read) in feeds.enumerate() {
        for &d in read {
            out[d].push(Listing::Feed(j));
        }
    }
    out
}
