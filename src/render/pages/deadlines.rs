//! The deadlines the site's pages list: all of them, those to come and those past.

use crate::content::PartialDate;
use crate::resolve::{DocId, Site};

/// Every (document, deadline index) of the site.
pub fn all_deadlines(site: &Site) -> Vec<(DocId, usize)> {
    site.docs
        .iter_enumerated()
        .flat_map(|(d, doc)| (0..doc.deadlines.len()).map(move |k| (d, k)))
        .collect()
}

/// Deadlines from today on, soonest first.
pub(super) fn upcoming_deadlines(site: &Site) -> Vec<(DocId, usize)> {
    let today = PartialDate::from_naive(site.today);
    let mut v: Vec<(DocId, usize)> = all_deadlines(site)
        .into_iter()
        .filter(|&(d, k)| site.docs[d].deadlines[k].date >= today)
        .collect();
    v.sort_by_key(|&(d, k)| (site.docs[d].deadlines[k].date, d));
    v
}

/// Deadlines before today, latest first.
pub(super) fn recent_deadlines(site: &Site) -> Vec<(DocId, usize)> {
    let today = PartialDate::from_naive(site.today);
    let mut v: Vec<(DocId, usize)> = all_deadlines(site)
        .into_iter()
        .filter(|&(d, k)| site.docs[d].deadlines[k].date < today)
        .collect();
    v.sort_by_key(|&(d, k)| (std::cmp::Reverse(site.docs[d].deadlines[k].date), d));
    v
}
