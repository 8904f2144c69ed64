//! The Site: documents in order, each tied to its unit and campaigns, the indexes by year,
//! unit, campaign and kind built in one pass, and references between documents resolved.
//! Built once; after that only read.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;
use typed_index_collections::{TiSlice, TiVec};

use crate::config::SiteConfig;
use crate::content::cite::normalise_number;
use crate::content::{Content, Document, Kind};
use crate::diag::Diagnostic;
use crate::i18n::codes;
pub use crate::id::{CampaignId, DocId, UnitId};
use crate::registry::{Campaign, Registries, Unit, name_key, unique_slug};
use crate::typos::{self, Entry};
use crate::vi;

/// How many of an ambiguous number's documents a warning names (one more is kept, to say
/// that there are others).
pub const AMBIGUOUS_SHOWN: usize = 5;

/// What a reference in one document points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A document of this site.
    Document(DocId),
    /// Cited, but not on this site (or not identifiable): shown as text.
    Outside(String),
    /// Several documents of this site carry the number and nothing tells which.
    Ambiguous(String, Vec<DocId>),
}

/// Cloned only by `serve`, when an edit comes while the search index is being made from
/// the Site it shares (copy on write).
#[derive(Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Newest first; ties by number then address, so the order is stable.
    pub docs: TiVec<DocId, Document>,
    pub units: TiVec<UnitId, Unit>,
    pub campaigns: TiVec<CampaignId, Campaign>,
    pub doc_unit: TiVec<DocId, UnitId>,
    pub doc_campaigns: TiVec<DocId, Vec<CampaignId>>,
    /// Per unit and per campaign, their documents newest first.
    pub unit_docs: TiVec<UnitId, Vec<DocId>>,
    pub campaign_docs: TiVec<CampaignId, Vec<DocId>>,
    /// Newest year first.
    pub years: Vec<(i32, Vec<DocId>)>,
    pub kinds: Vec<(Kind, Vec<DocId>)>,
    /// Units and campaigns in Vietnamese alphabetical order.
    pub units_sorted: Vec<UnitId>,
    pub campaigns_sorted: Vec<CampaignId>,
    /// Units that name a unit as their successor.
    pub predecessors: TiVec<UnitId, Vec<UnitId>>,
    /// Every name, short name and alias of every unit → the unit.
    unit_names: HashMap<String, UnitId>,
    pub refs: References,
    /// The day the build treats as today (deadlines to come, reports late or not yet in).
    pub today: chrono::NaiveDate,
    /// Unregistered units and campaigns already reported as misspellings of another.
    pub misspelt: Misspelt,
}

#[derive(Clone, Default)]
pub struct Misspelt {
    pub units: Vec<UnitId>,
    pub campaigns: Vec<CampaignId>,
}

/// References between documents, resolved on both sides.
#[derive(Clone, Default)]
pub struct References {
    pub based_on: TiVec<DocId, Vec<Target>>,
    pub reports_on: TiVec<DocId, Option<Target>>,
    /// Per document, the target of each of its body citations (same order as `citations`).
    pub citations: TiVec<DocId, Vec<Target>>,
    /// Documents that cite this one in their text or are based on it.
    pub cited_by: TiVec<DocId, Vec<DocId>>,
    /// Reports whose `reports_on` is this document.
    pub reports: TiVec<DocId, Vec<DocId>>,
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
    let mut units: TiVec<UnitId, Unit> = units.clone().into();
    let mut campaigns: TiVec<CampaignId, Campaign> = campaigns.clone().into();

    // Units and campaigns that no registry lists get an entry under the name documents give.
    let mut ad_hoc_units: HashMap<String, UnitId> = HashMap::default();
    let mut ad_hoc_campaigns: HashMap<String, CampaignId> = HashMap::default();
    let mut doc_unit: TiVec<DocId, UnitId> = TiVec::with_capacity(documents.len());
    let mut doc_campaigns: TiVec<DocId, Vec<CampaignId>> = TiVec::with_capacity(documents.len());
    // Each name as written looked up once: many documents write the same.
    let mut unit_written: HashMap<&str, UnitId> = HashMap::default();
    let mut campaign_written: HashMap<&str, CampaignId> = HashMap::default();
    for doc in &documents {
        let u = *unit_written.entry(&doc.unit).or_insert_with(|| {
            registries.unit(&doc.unit).unwrap_or_else(|| {
                *ad_hoc_units.entry(name_key(&doc.unit)).or_insert_with(|| {
                    let mut unit = Unit::ad_hoc(&doc.unit);
                    unit.slug = unique_slug(unit.slug, units.iter().map(|u| u.slug.as_str()));
                    units.push_and_get_key(unit)
                })
            })
        });
        doc_unit.push(u);
        let mut cs: Vec<CampaignId> = doc
            .campaigns
            .iter()
            .map(|name| {
                *campaign_written.entry(name).or_insert_with(|| {
                    registries.campaign(name).unwrap_or_else(|| {
                        *ad_hoc_campaigns.entry(name_key(name)).or_insert_with(|| {
                            let mut c = Campaign::ad_hoc(name);
                            c.slug = unique_slug(c.slug, campaigns.iter().map(|c| c.slug.as_str()));
                            campaigns.push_and_get_key(c)
                        })
                    })
                })
            })
            .collect();
        cs.dedup();
        doc_campaigns.push(cs);
    }

    let mut unit_docs: TiVec<UnitId, Vec<DocId>> = vec![Vec::new(); units.len()].into();
    let mut campaign_docs: TiVec<CampaignId, Vec<DocId>> = vec![Vec::new(); campaigns.len()].into();
    let mut years: BTreeMap<i32, Vec<DocId>> = BTreeMap::new();
    let mut kinds: BTreeMap<Kind, Vec<DocId>> = BTreeMap::new();
    for (i, doc) in documents.iter_enumerated() {
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

    let mut units_sorted: Vec<UnitId> = units.keys().collect();
    vi::sort_by_name(&mut units_sorted, |&i| units[i].display_name());
    let mut campaigns_sorted: Vec<CampaignId> = campaigns.keys().collect();
    vi::sort_by_name(&mut campaigns_sorted, |&i| campaigns[i].name.as_str());

    let mut predecessors: TiVec<UnitId, Vec<UnitId>> = vec![Vec::new(); units.len()].into();
    for (i, unit) in units.iter_enumerated() {
        if let Some(s) = unit.successor.as_deref().and_then(|s| registries.unit(s)) {
            predecessors[s].push(i);
        }
    }

    let mut unit_names = HashMap::default();
    for (i, u) in units.iter_enumerated() {
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
fn newest_first(documents: Vec<Document>) -> TiVec<DocId, Document> {
    let mut order: Vec<usize> = (0..documents.len()).collect();
    order.par_sort_by(|&a, &b| {
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
    documents: &TiSlice<DocId, Document>,
    units: &TiSlice<UnitId, Unit>,
    unit_docs: &TiSlice<UnitId, Vec<DocId>>,
    campaigns: &TiSlice<CampaignId, Campaign>,
    campaign_docs: &TiSlice<CampaignId, Vec<DocId>>,
) -> (Vec<Diagnostic>, Misspelt) {
    let first_use = |docs: &Vec<DocId>| docs.iter().map(|&d| documents[d].path.as_path()).min();
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
    let units = units.into_iter().map(UnitId::from).collect();
    let campaigns = campaigns.into_iter().map(CampaignId::from).collect();
    (diags, Misspelt { units, campaigns })
}

impl Site {
    pub fn unit_of(&self, doc: DocId) -> &Unit {
        &self.units[self.doc_unit[doc]]
    }

    /// The unit a name means, registered or not.
    pub fn find_unit(&self, name: &str) -> Option<UnitId> {
        self.unit_names.get(&name_key(name)).copied()
    }

    /// A hash of what resolution found for document `i` beside its own file: its unit and
    /// campaigns, and its references both ways. Documents stand by their address, since
    /// their places in `docs` move when one is dated again. Every per-document field of
    /// the Site is here: equal hashes mean the same links.
    pub fn links_key(&self, i: DocId) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        let doc = |d: DocId, h: &mut rustc_hash::FxHasher| self.docs[d].url.hash(h);
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
        docs: &TiSlice<DocId, Document>,
        doc_unit: &TiSlice<DocId, UnitId>,
        units: &TiSlice<UnitId, Unit>,
        registries: &Registries,
        diags: &mut Vec<Diagnostic>,
    ) -> References {
        let mut by_number: HashMap<String, Vec<DocId>> = HashMap::default();
        let mut by_path: HashMap<&str, DocId> = HashMap::default();
        let mut by_title: HashMap<String, Vec<DocId>> = HashMap::default();
        let mut by_number_year: HashMap<(String, i32), Vec<DocId>> = HashMap::default();
        for (i, doc) in docs.iter_enumerated() {
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
        let unit_keys: TiVec<UnitId, Vec<String>> = units
            .iter()
            .map(|u| {
                std::iter::once(&u.name)
                    .chain(&u.short)
                    .chain(&u.aliases)
                    .map(|n| strip_organ(&name_key(n)).to_owned())
                    .collect()
            })
            .collect();
        let issuer_matches = |doc: DocId, issuer: &str| -> bool {
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
                    citing: DocId,
                    declared: bool|
         -> Target {
            let key = number_key(number);
            let Some(all) = by_number.get(&key) else {
                return Target::Outside(number.to_owned());
            };
            // A sentence that dates the number needs only that year's documents: on a
            // national site a common number like 05/KH-UBND has thousands.
            let pool: &[DocId] = match (declared, year) {
                (false, Some(y)) => by_number_year.get(&(key, y)).map_or(&[], Vec::as_slice),
                _ => all,
            };
            let candidates: Vec<DocId> = pool.iter().copied().filter(|&c| c != citing).collect();
            if declared && candidates.len() == 1 {
                return Target::Document(candidates[0]);
            }
            let issuer = issuer.map(|i| strip_organ(&name_key(i)).to_owned());
            let mut narrowed: Vec<DocId> = candidates
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
                let own: Vec<DocId> = narrowed
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
            based_on: TiVec::with_capacity(docs.len()),
            reports_on: TiVec::with_capacity(docs.len()),
            citations: TiVec::with_capacity(docs.len()),
            cited_by: vec![Vec::new(); docs.len()].into(),
            reports: vec![Vec::new(); docs.len()].into(),
        };
        // Each document's references resolve on their own, in parallel; the backlinks after.
        let resolved: Vec<(Vec<Target>, Vec<Target>, Option<Target>)> = docs
            .raw
            .par_iter()
            .enumerate()
            .map(|(i, doc)| {
                let i = DocId::from(i);
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
            let i = DocId::from(i);
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
