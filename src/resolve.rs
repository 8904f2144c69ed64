//! The Site: documents in order, each tied to its unit and campaigns, the indexes by year,
//! unit, campaign and kind built in one pass, and references between documents resolved.
//! Built once; after that only read.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::cite::normalise_number;
use crate::content::{Content, Document, Kind};
use crate::diag::Diagnostic;
use crate::i18n::codes;
use crate::registry::{Campaign, Registries, Unit, name_key};
use crate::typos::{self, Entry};
use crate::vi;

/// How many of an ambiguous number's documents a warning names (one more is kept, to say
/// that there are others).
pub const AMBIGUOUS_SHOWN: usize = 5;

/// What a reference in one document points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A document of this site.
    Document(usize),
    /// Cited, but not on this site (or not identifiable): shown as text.
    Outside(String),
    /// Several documents of this site carry the number and nothing tells which.
    Ambiguous(String, Vec<usize>),
}

/// Cloned only by `serve`, when an edit comes while the search index is being made from
/// the Site it shares (copy on write).
#[derive(Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Newest first; ties by number then address, so the order is stable.
    pub docs: Vec<Document>,
    pub units: Vec<Unit>,
    pub campaigns: Vec<Campaign>,
    pub doc_unit: Vec<usize>,
    pub doc_campaigns: Vec<Vec<usize>>,
    /// Per unit and per campaign, their documents newest first.
    pub unit_docs: Vec<Vec<usize>>,
    pub campaign_docs: Vec<Vec<usize>>,
    /// Newest year first.
    pub years: Vec<(i32, Vec<usize>)>,
    pub kinds: Vec<(Kind, Vec<usize>)>,
    /// Units and campaigns in Vietnamese alphabetical order.
    pub units_sorted: Vec<usize>,
    pub campaigns_sorted: Vec<usize>,
    /// Units that name a unit as their successor.
    pub predecessors: Vec<Vec<usize>>,
    /// Every name, short name and alias of every unit → its index.
    unit_names: HashMap<String, usize>,
    pub refs: References,
    /// The day the build treats as today (deadlines to come, reports late or not yet in).
    pub today: chrono::NaiveDate,
    /// Unregistered units and campaigns already reported as misspellings of another.
    pub misspelt: Misspelt,
}

#[derive(Clone, Default)]
pub struct Misspelt {
    pub units: Vec<usize>,
    pub campaigns: Vec<usize>,
}

/// References between documents, resolved on both sides.
#[derive(Clone, Default)]
pub struct References {
    pub based_on: Vec<Vec<Target>>,
    pub reports_on: Vec<Option<Target>>,
    /// Per document, the target of each of its body citations (same order as `citations`).
    pub citations: Vec<Vec<Target>>,
    /// Documents that cite this one in their text or are based on it.
    pub cited_by: Vec<Vec<usize>>,
    /// Reports whose `reports_on` is this document.
    pub reports: Vec<Vec<usize>>,
}

/// Orders documents newest first and builds every index.
pub fn resolve(content: Content, today: chrono::NaiveDate, diags: &mut Vec<Diagnostic>) -> Site {
    let Content {
        config,
        registries,
        documents,
    } = content;
    let documents = newest_first(documents);
    let Registries {
        units, campaigns, ..
    } = &registries;
    let mut units = units.clone();
    let mut campaigns = campaigns.clone();

    // Units and campaigns that no registry lists get an entry under the name documents give.
    let mut ad_hoc_units: HashMap<String, usize> = HashMap::default();
    let mut ad_hoc_campaigns: HashMap<String, usize> = HashMap::default();
    let mut doc_unit = Vec::with_capacity(documents.len());
    let mut doc_campaigns = Vec::with_capacity(documents.len());
    // Each name as written looked up once: many documents write the same.
    let mut unit_written: HashMap<&str, usize> = HashMap::default();
    let mut campaign_written: HashMap<&str, usize> = HashMap::default();
    for doc in &documents {
        let u = *unit_written.entry(&doc.unit).or_insert_with(|| {
            registries.unit(&doc.unit).unwrap_or_else(|| {
                *ad_hoc_units.entry(name_key(&doc.unit)).or_insert_with(|| {
                    let mut unit = Unit::ad_hoc(&doc.unit);
                    unit.slug = free_slug(unit.slug, units.iter().map(|u| u.slug.as_str()));
                    units.push(unit);
                    units.len() - 1
                })
            })
        });
        doc_unit.push(u);
        let mut cs: Vec<usize> = doc
            .campaigns
            .iter()
            .map(|name| {
                *campaign_written.entry(name).or_insert_with(|| {
                    registries.campaign(name).unwrap_or_else(|| {
                        *ad_hoc_campaigns.entry(name_key(name)).or_insert_with(|| {
                            let mut c = Campaign::ad_hoc(name);
                            c.slug = free_slug(c.slug, campaigns.iter().map(|c| c.slug.as_str()));
                            campaigns.push(c);
                            campaigns.len() - 1
                        })
                    })
                })
            })
            .collect();
        cs.dedup();
        doc_campaigns.push(cs);
    }

    let mut unit_docs = vec![Vec::new(); units.len()];
    let mut campaign_docs = vec![Vec::new(); campaigns.len()];
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    let mut kinds: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
    for (i, doc) in documents.iter().enumerate() {
        unit_docs[doc_unit[i]].push(i);
        for &c in &doc_campaigns[i] {
            campaign_docs[c].push(i);
        }
        years.entry(doc.year).or_default().push(i);
        kinds.entry(doc.kind).or_default().push(i);
    }

    // Misspelt names and the references between documents, side by side: neither needs
    // the other.
    let ((name_diags, misspelt), (refs, ref_diags)) = rayon::join(
        || misspelt_names(&documents, &units, &unit_docs, &campaigns, &campaign_docs),
        || {
            let mut found = Vec::new();
            let refs = References::resolve(&documents, &doc_unit, &units, &registries, &mut found);
            (refs, found)
        },
    );
    diags.extend(name_diags);
    diags.extend(ref_diags);

    let mut units_sorted: Vec<usize> = (0..units.len()).collect();
    vi::sort_by_name(&mut units_sorted, |&i| units[i].display_name());
    let mut campaigns_sorted: Vec<usize> = (0..campaigns.len()).collect();
    vi::sort_by_name(&mut campaigns_sorted, |&i| campaigns[i].name.as_str());

    let mut predecessors = vec![Vec::new(); units.len()];
    for (i, unit) in units.iter().enumerate() {
        if let Some(s) = unit.successor.as_deref().and_then(|s| registries.unit(s)) {
            predecessors[s].push(i);
        }
    }

    let mut unit_names = HashMap::default();
    for (i, u) in units.iter().enumerate() {
        for name in std::iter::once(&u.name).chain(&u.short).chain(&u.aliases) {
            unit_names.entry(name_key(name)).or_insert(i);
        }
    }

    Site {
        config,
        docs: documents,
        units,
        campaigns,
        doc_unit,
        doc_campaigns,
        unit_docs,
        campaign_docs,
        years: years.into_iter().rev().collect(),
        kinds: kinds.into_iter().collect(),
        units_sorted,
        campaigns_sorted,
        predecessors,
        unit_names,
        refs,
        today,
        misspelt,
    }
}

/// Documents newest first, then by number and address. Their places are sorted rather than
/// the documents themselves, which are large: each is moved once.
fn newest_first(documents: Vec<Document>) -> Vec<Document> {
    let mut order: Vec<usize> = (0..documents.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&documents[a], &documents[b]);
        b.date
            .cmp(&a.date)
            .then_with(|| a.number.cmp(&b.number))
            .then_with(|| a.url.cmp(&b.url))
    });
    let mut slots: Vec<Option<Document>> = documents.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| slots[i].take().expect("each place once"))
        .collect()
}

/// Unit and campaign names in use that look like misspellings of one another (see
/// [`crate::typos`]), and which entries those warnings concern.
fn misspelt_names(
    documents: &[Document],
    units: &[Unit],
    unit_docs: &[Vec<usize>],
    campaigns: &[Campaign],
    campaign_docs: &[Vec<usize>],
) -> (Vec<Diagnostic>, Misspelt) {
    let first_use = |docs: &Vec<usize>| docs.iter().map(|&d| documents[d].path.as_path()).min();
    let unit_entries: Vec<Entry<'_>> = units
        .iter()
        .zip(unit_docs)
        .map(|(u, docs)| Entry {
            name: &u.name,
            short: u.short.as_deref(),
            aliases: &u.aliases,
            registered: u.registered,
            uses: docs.len(),
            first_use: first_use(docs),
        })
        .collect();
    let campaign_entries: Vec<Entry<'_>> = campaigns
        .iter()
        .zip(campaign_docs)
        .map(|(c, docs)| Entry {
            name: &c.name,
            short: None,
            aliases: &c.aliases,
            registered: c.registered,
            uses: docs.len(),
            first_use: first_use(docs),
        })
        .collect();
    let (mut diags, units) = typos::split_names(typos::Registry::Units, &unit_entries);
    let (more, campaigns) = typos::split_names(typos::Registry::Campaigns, &campaign_entries);
    diags.extend(more);
    (diags, Misspelt { units, campaigns })
}

fn free_slug<'a>(base: String, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut slug = if base.is_empty() {
        "khong-ten".to_owned()
    } else {
        base.clone()
    };
    let mut n = 2;
    while taken.clone().any(|t| t == slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

impl Site {
    pub fn unit_of(&self, doc: usize) -> &Unit {
        &self.units[self.doc_unit[doc]]
    }

    /// Index of the unit a name means, registered or not.
    pub fn find_unit(&self, name: &str) -> Option<usize> {
        self.unit_names.get(&name_key(name)).copied()
    }

    /// A hash of what resolution found for document `i` beside its own file: its unit and
    /// campaigns, and its references both ways. Documents stand by their address, since
    /// their places in `docs` move when one is dated again. Every per-document field of
    /// the Site is here: equal hashes mean the same links.
    pub fn links_key(&self, i: usize) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        let doc = |d: usize, h: &mut rustc_hash::FxHasher| self.docs[d].url.hash(h);
        let target = |t: &Target, h: &mut rustc_hash::FxHasher| match t {
            Target::Document(d) => {
                0u8.hash(h);
                doc(*d, h);
            }
            Target::Outside(text) => {
                1u8.hash(h);
                text.hash(h);
            }
            Target::Ambiguous(text, candidates) => {
                2u8.hash(h);
                text.hash(h);
                candidates.len().hash(h);
                candidates.iter().for_each(|&d| doc(d, h));
            }
        };
        let refs = &self.refs;
        (self.doc_unit[i], &self.doc_campaigns[i]).hash(&mut h);
        for targets in [&refs.based_on[i], &refs.citations[i]] {
            targets.len().hash(&mut h);
            targets.iter().for_each(|t| target(t, &mut h));
        }
        refs.reports_on[i].is_some().hash(&mut h);
        refs.reports_on[i].iter().for_each(|t| target(t, &mut h));
        for docs in [&refs.cited_by[i], &refs.reports[i]] {
            docs.len().hash(&mut h);
            docs.iter().for_each(|&d| doc(d, &mut h));
        }
        h.finish()
    }
}

impl References {
    fn resolve(
        docs: &[Document],
        doc_unit: &[usize],
        units: &[Unit],
        registries: &Registries,
        diags: &mut Vec<Diagnostic>,
    ) -> References {
        let mut by_number: HashMap<String, Vec<usize>> = HashMap::default();
        let mut by_path: HashMap<&str, usize> = HashMap::default();
        let mut by_title: HashMap<String, Vec<usize>> = HashMap::default();
        let mut by_number_year: HashMap<(String, i32), Vec<usize>> = HashMap::default();
        for (i, doc) in docs.iter().enumerate() {
            if let Some(n) = &doc.number {
                let key = number_key(n);
                by_number_year
                    .entry((key.clone(), doc.date.year))
                    .or_default()
                    .push(i);
                by_number.entry(key).or_default().push(i);
            }
            by_path.insert(doc.rel_path.as_str(), i);
            by_title.entry(name_key(&doc.title)).or_default().push(i);
        }
        // "của Huyện ủy", "của Ban Thường vụ Huyện ủy Tam Đường": the issuer a sentence names,
        // matched loosely against the unit's names (one containing the other).
        let unit_keys: Vec<Vec<String>> = units
            .iter()
            .map(|u| {
                std::iter::once(&u.name)
                    .chain(&u.short)
                    .chain(&u.aliases)
                    .map(|n| strip_organ(&name_key(n)).to_owned())
                    .collect()
            })
            .collect();
        let issuer_matches = |doc: usize, issuer: &str| -> bool {
            unit_keys[doc_unit[doc]]
                .iter()
                .any(|n| n.contains(issuer) || issuer.contains(n.as_str()))
        };
        // A number names one document when only one has it, or when the year and issuer the
        // citing sentence gives single one out. `declared` references (based_on, reports_on)
        // are the editor's word: a single document with the number is taken whatever the
        // sentence says; several are narrowed by the sentence, then by the citing unit.
        let find = |number: &str,
                    year: Option<i32>,
                    issuer: Option<&str>,
                    citing: usize,
                    declared: bool|
         -> Target {
            let key = number_key(number);
            let Some(all) = by_number.get(&key) else {
                return Target::Outside(number.to_owned());
            };
            // A sentence that dates the number needs only that year's documents: on a
            // national site a common number like 05/KH-UBND has thousands.
            let pool: &[usize] = match (declared, year) {
                (false, Some(y)) => by_number_year.get(&(key, y)).map_or(&[], Vec::as_slice),
                _ => all,
            };
            let candidates: Vec<usize> = pool.iter().copied().filter(|&c| c != citing).collect();
            if declared && candidates.len() == 1 {
                return Target::Document(candidates[0]);
            }
            let issuer = issuer.map(|i| strip_organ(&name_key(i)).to_owned());
            let mut narrowed: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&c| year.is_none_or(|y| docs[c].date.year == y))
                .filter(|&c| issuer.as_deref().is_none_or(|i| issuer_matches(c, i)))
                .collect();
            if declared && narrowed.is_empty() {
                // The sentence's date may be a typo; the editor declared the reference.
                narrowed = candidates.clone();
            }
            if declared && narrowed.len() > 1 {
                let own: Vec<usize> = narrowed
                    .iter()
                    .copied()
                    .filter(|&c| doc_unit[c] == doc_unit[citing])
                    .collect();
                if !own.is_empty() {
                    narrowed = own;
                }
            }
            match narrowed.as_slice() {
                [] => Target::Outside(number.to_owned()),
                [one] => Target::Document(*one),
                _ => {
                    // Enough to name in a warning, not every candidate of a large site.
                    narrowed.truncate(AMBIGUOUS_SHOWN + 1);
                    Target::Ambiguous(number.to_owned(), narrowed)
                }
            }
        };
        let _ = registries;

        let mut refs = References {
            based_on: Vec::with_capacity(docs.len()),
            reports_on: Vec::with_capacity(docs.len()),
            citations: Vec::with_capacity(docs.len()),
            cited_by: vec![Vec::new(); docs.len()],
            reports: vec![Vec::new(); docs.len()],
        };
        // Each document's references resolve on their own, in parallel; the backlinks after.
        let resolved: Vec<(Vec<Target>, Vec<Target>, Option<Target>)> = docs
            .par_iter()
            .enumerate()
            .map(|(i, doc)| {
                let citations: Vec<Target> = doc
                    .citations
                    .iter()
                    .map(|c| find(&c.number, c.year, c.issuer.as_deref(), i, false))
                    .collect();
                let based_on: Vec<Target> = doc
                    .based_on
                    .iter()
                    .map(|b| {
                        if let Some(&d) = by_path.get(b.as_str()) {
                            return Target::Document(d);
                        }
                        if looks_like_number(b) {
                            // The body usually cites the same number with its date and issuer.
                            let context = doc
                                .citations
                                .iter()
                                .find(|c| number_key(&c.number) == number_key(b));
                            return find(
                                b,
                                context.and_then(|c| c.year),
                                context.and_then(|c| c.issuer.as_deref()),
                                i,
                                true,
                            );
                        }
                        match by_title.get(&name_key(b)).map(Vec::as_slice) {
                            Some([one]) if *one != i => Target::Document(*one),
                            _ => Target::Outside(b.clone()),
                        }
                    })
                    .collect();
                let reports_on = doc
                    .reports_on
                    .as_ref()
                    .map(|r| match by_path.get(r.as_str()) {
                        Some(&d) => Target::Document(d),
                        None => {
                            let context = doc
                                .citations
                                .iter()
                                .find(|c| number_key(&c.number) == number_key(r));
                            find(
                                r,
                                context.and_then(|c| c.year),
                                context.and_then(|c| c.issuer.as_deref()),
                                i,
                                true,
                            )
                        }
                    });
                (citations, based_on, reports_on)
            })
            .collect();
        for (i, (citations, based_on, reports_on)) in resolved.into_iter().enumerate() {
            let doc = &docs[i];
            if let Some(Target::Outside(r)) = &reports_on {
                diags.push(
                    Diagnostic::warning(&doc.path, codes::REPORTS_ON_OUTSIDE).arg("target", r),
                );
            }
            for t in citations.iter().chain(&based_on) {
                if let Target::Document(d) = t {
                    if !refs.cited_by[*d].contains(&i) {
                        refs.cited_by[*d].push(i);
                    }
                }
            }
            if let Some(Target::Document(d)) = &reports_on {
                refs.reports[*d].push(i);
            }
            refs.citations.push(citations);
            refs.based_on.push(based_on);
            refs.reports_on.push(reports_on);
        }
        refs
    }
}

/// Numbers compare without case, spaces or dash variants: `138-kh/hu` is `138-KH/HU`.
pub fn number_key(number: &str) -> String {
    normalise_number(number).to_uppercase()
}

/// The leading words that name an organ of a committee rather than the committee.
fn strip_organ(name: &str) -> &str {
    [
        "ban thường vụ ",
        "ban chấp hành ",
        "thường trực ",
        "ban thường trực ",
    ]
    .iter()
    .find_map(|p| name.strip_prefix(p))
    .unwrap_or(name)
}

fn looks_like_number(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit()) && s.contains('/') && !s.contains(' ')
}
