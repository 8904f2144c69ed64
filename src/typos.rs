//! Names that split an index: a unit or campaign a document spells differently from
//! another one in use (`Dân vận khẻo` beside `Dân vận khéo`, `UBND huyện Đồng Vân` beside
//! `UBND huyện Đồng Văn`) gets a page of its own on the public site. Spellings that differ
//! only in diacritics, case or spacing, or by one letter, are reported with how many
//! documents use each and the alias line that joins them.
//!
//! Only distinct names are compared, never documents: names are bucketed by their folded
//! form and by their one-letter deletions, so the cost grows with the number of names, not
//! with their square.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use crate::diag::Diagnostic;
use crate::i18n::codes;
use crate::msg;
use crate::registry::name_key;
use crate::source::Source;
use crate::vi;

/// Which registry the names belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registry {
    Units,
    Campaigns,
}

impl Registry {
    pub fn file(self) -> &'static str {
        match self {
            Registry::Units => "units.yaml",
            Registry::Campaigns => "campaigns.yaml",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Registry::Units => "unit",
            Registry::Campaigns => "campaign",
        }
    }
}

/// A unit or campaign of the site as the check sees it.
pub struct Entry<'a> {
    pub name: &'a str,
    pub short: Option<&'a str>,
    pub aliases: &'a [String],
    /// Listed in the registry (otherwise named only by documents).
    pub registered: bool,
    /// How many documents name it.
    pub uses: usize,
    /// A document that names it, to point the warning at.
    pub first_use: Option<&'a Path>,
}

impl Entry<'_> {
    fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name)
            .chain(self.short)
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// Warnings for names in use that look like misspellings of one another, and the entries
/// they concern (an unregistered one of each pair).
pub fn split_names(registry: Registry, entries: &[Entry<'_>]) -> (Vec<Diagnostic>, Vec<usize>) {
    // Every name of an entry in use, by its key; entries no document uses are left out,
    // except registered ones, which are what a typo is usually a typo of.
    let mut keys: Vec<(String, usize, &str)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if e.uses == 0 && !e.registered {
            continue;
        }
        for name in e.names() {
            keys.push((name_key(name), i, name));
        }
    }
    let mut by_fold: HashMap<String, Vec<usize>> = HashMap::default();
    let mut by_deletion: HashMap<String, Vec<usize>> = HashMap::default();
    for (k, (key, _, _)) in keys.iter().enumerate() {
        let folded: String = vi::fold(key).split_whitespace().collect();
        by_fold.entry(folded).or_default().push(k);
        for variant in deletions(key) {
            by_deletion.entry(variant).or_default().push(k);
        }
    }

    let mut pairs: HashSet<(usize, usize)> = HashSet::default();
    let mut found: Vec<(usize, usize, Difference)> = Vec::new();
    let mut consider = |a: usize, b: usize, found: &mut Vec<(usize, usize, Difference)>| {
        let ((ka, ea, _), (kb, eb, _)) = (&keys[a], &keys[b]);
        if ea == eb || (entries[*ea].registered && entries[*eb].registered) {
            return;
        }
        if entries[*ea].uses == 0 && entries[*eb].uses == 0 {
            return;
        }
        let pair = (a.min(b), a.max(b));
        if !pairs.insert(pair) {
            return;
        }
        if let Some(diff) = difference(ka, kb) {
            found.push((pair.0, pair.1, diff));
        }
    };
    for group in by_fold.values().chain(by_deletion.values()) {
        if group.len() < 2 {
            continue;
        }
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                consider(a, b, &mut found);
            }
        }
    }

    found.sort();
    let mut reported: HashSet<(usize, usize)> = HashSet::default();
    let mut diags = Vec::new();
    let mut flagged = Vec::new();
    for (a, b, diff) in found {
        let (ea, eb) = (keys[a].1, keys[b].1);
        if !reported.insert((ea.min(eb), ea.max(eb))) {
            continue;
        }
        // The spelling to keep: the registered one, else the one more documents use.
        let (keep, stray) = {
            let (x, y) = (&entries[ea], &entries[eb]);
            let a_first = x.registered || (!y.registered && (x.uses, eb) > (y.uses, ea));
            if a_first { (a, b) } else { (b, a) }
        };
        let (keep_entry, stray_entry) = (&entries[keys[keep].1], &entries[keys[stray].1]);
        flagged.push(keys[stray].1);
        diags.push(warning(
            registry,
            keys[keep].2,
            keep_entry,
            keys[stray].2,
            stray_entry,
            diff,
        ));
    }
    (diags, flagged)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Difference {
    Diacritics,
    CaseOrSpacing,
    OneLetter,
}

fn warning(
    registry: Registry,
    keep: &str,
    keep_entry: &Entry<'_>,
    stray: &str,
    stray_entry: &Entry<'_>,
    diff: Difference,
) -> Diagnostic {
    let how = match diff {
        Difference::Diacritics => "diacritics",
        Difference::CaseOrSpacing => "case",
        Difference::OneLetter => "letter",
    };
    let noun = registry.noun();
    let file = registry.file();
    // The fix names the line to add, in the catalogue's words.
    let fix = if keep_entry.registered {
        let mut aliases: Vec<&str> = keep_entry.aliases.iter().map(String::as_str).collect();
        aliases.push(stray);
        msg!(
            "spelling-fix-alias",
            noun = noun,
            name = keep_entry.name,
            file = file,
            aliases = aliases.join(", ")
        )
    } else {
        msg!(
            "spelling-fix-new",
            noun = noun,
            file = file,
            keep = keep,
            stray = stray
        )
    };
    let path = stray_entry
        .first_use
        .unwrap_or_else(|| Path::new(file))
        .to_path_buf();
    let d = Diagnostic::warning(&path, codes::SPELLING_SPLITS_INDEX)
        .arg("noun", noun)
        .arg("stray", stray)
        .arg("stray_documents", stray_entry.uses)
        .arg("keep", keep)
        .arg("keep_documents", keep_entry.uses)
        .arg("how", how)
        .help(fix);
    point_at(d, stray)
}

/// Points a diagnostic about a document at where its front matter writes `name`.
pub fn point_at(d: Diagnostic, name: &str) -> Diagnostic {
    let Ok(source) = Source::read(&d.file) else {
        return d;
    };
    let end = source.front_matter().map_or(0, |f| f.yaml.end);
    match source.text[..end].find(name) {
        Some(at) => d.at(source.position(at, name.len())),
        None => d,
    }
}

/// The key with each one of its letters left out in turn (and itself): two keys one edit
/// apart share at least one of these.
fn deletions(key: &str) -> Vec<String> {
    let mut out = vec![key.to_owned()];
    for (i, c) in key.char_indices() {
        let mut v = String::with_capacity(key.len());
        v.push_str(&key[..i]);
        v.push_str(&key[i + c.len_utf8()..]);
        out.push(v);
    }
    out
}

/// How two keys differ, when it looks like a misspelling. A difference in figures
/// (`Chi bộ 1`, `Chi bộ 2`) names different bodies and is not one.
fn difference(a: &str, b: &str) -> Option<Difference> {
    if a == b {
        return None;
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let prefix = ca.iter().zip(&cb).take_while(|(x, y)| x == y).count();
    let suffix = ca[prefix..]
        .iter()
        .rev()
        .zip(cb[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let middle = ca[prefix..ca.len() - suffix]
        .iter()
        .chain(&cb[prefix..cb.len() - suffix]);
    if middle.clone().any(char::is_ascii_digit) {
        return None;
    }
    let squeeze = |s: &str| -> String { s.split_whitespace().collect() };
    if squeeze(a) == squeeze(b) {
        return Some(Difference::CaseOrSpacing);
    }
    if squeeze(&vi::fold(a)) == squeeze(&vi::fold(b)) {
        return Some(Difference::Diacritics);
    }
    (strsim::levenshtein(a, b) == 1).then_some(Difference::OneLetter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(
        names: &[&'a str],
        aliases: &'a [String],
        registered: bool,
        uses: usize,
    ) -> Entry<'a> {
        Entry {
            name: names[0],
            short: names.get(1).copied(),
            aliases,
            registered,
            uses,
            first_use: None,
        }
    }

    #[test]
    fn differences_that_look_like_typos() {
        assert_eq!(
            difference("dân vận khẻo", "dân vận khéo"),
            Some(Difference::Diacritics)
        );
        assert_eq!(
            difference("ubnd huyện đồng vân", "ubnd huyện đồng văn"),
            Some(Difference::Diacritics)
        );
        assert_eq!(
            difference("ubnd huyện đông vàn", "ubnd huyện đồng văn"),
            Some(Difference::Diacritics)
        );
        assert_eq!(
            difference("dân vận khéoo", "dân vận khéo"),
            Some(Difference::OneLetter)
        );
        assert_eq!(
            difference("dân vậnkhéo", "dân vận khéo"),
            Some(Difference::CaseOrSpacing)
        );
        assert_eq!(difference("chi bộ 1", "chi bộ 2"), None);
        assert_eq!(difference("ubnd xã an", "ubnd xã bắc mê"), None);
    }

    #[test]
    fn names_both_spellings_counts_and_the_alias_line() {
        let aliases = vec!["UBND huyện Đông Văn".to_owned()];
        let entries = [
            entry(
                &["Ủy ban nhân dân huyện Đồng Văn", "UBND huyện Đồng Văn"],
                &aliases,
                true,
                5,
            ),
            entry(&["UBND huyện Đồng Vân"], &[], false, 2),
            entry(&["UBND huyện Mèo Vạc"], &[], false, 3),
        ];
        let (diags, flagged) = split_names(Registry::Units, &entries);
        assert_eq!(flagged, vec![1]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(
            diags[0].message(crate::i18n::Lang::En),
            "the unit names `UBND huyện Đồng Vân` (2 documents) and `UBND huyện Đồng Văn` (5 documents) differ only in diacritics: the site shows them as two units"
        );
        assert_eq!(
            diags[0].help_text(crate::i18n::Lang::En).as_deref(),
            Some(
                "if they are the same unit, give `Ủy ban nhân dân huyện Đồng Văn` in units.yaml the line `aliases: [UBND huyện Đông Văn, UBND huyện Đồng Vân]`; otherwise correct the spelling"
            )
        );
    }

    #[test]
    fn two_unregistered_spellings_keep_the_more_used() {
        let entries = [
            entry(&["Dân vận khẻo"], &[], false, 1),
            entry(&["Dân vận khéo"], &[], false, 4),
        ];
        let (diags, flagged) = split_names(Registry::Campaigns, &entries);
        assert_eq!(flagged, vec![0]);
        assert_eq!(
            diags[0].help_text(crate::i18n::Lang::En).as_deref(),
            Some(
                "if they are the same campaign, add to campaigns.yaml the line `- { name: Dân vận khéo, aliases: [Dân vận khẻo] }`; otherwise correct the spelling"
            )
        );
    }

    #[test]
    fn names_differing_in_figures_are_different_bodies() {
        let names: Vec<String> = (0..20_000)
            .map(|i| format!("UBND xã số {i} huyện {}", i % 97))
            .collect();
        let entries: Vec<Entry<'_>> = names.iter().map(|n| entry(&[n], &[], false, 1)).collect();
        let (diags, _) = split_names(Registry::Units, &entries);
        assert!(
            diags.is_empty(),
            "figures differ, not letters: {:?}",
            diags.first()
        );
    }
}
