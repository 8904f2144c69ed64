//! Units and campaigns: `units.yaml` and `campaigns.yaml`, their names, aliases, hierarchy
//! and succession, and the lookup from what a document writes to the entry it means.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::date::PartialDate;
use crate::diag::Diagnostic;
use crate::i18n::Arg;
use crate::i18n::codes;
use crate::id::{CampaignId, UnitId};
use crate::source::Source;
use crate::vi;
use crate::yaml::Node;

mod entries;
use entries::{Entry, campaign, key_at, read_list, unit, value_at};

/// Cấp of an issuing unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    Department,
    District,
    Commune,
    Party,
    Front,
}

impl Level {
    pub const ALL: [Level; 6] = [
        Level::Party,
        Level::Province,
        Level::Department,
        Level::District,
        Level::Commune,
        Level::Front,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Department => "department",
            Level::District => "district",
            Level::Commune => "commune",
            Level::Party => "party",
            Level::Front => "front",
        }
    }

    /// The Vietnamese name of the level, as `help` lists it.
    pub fn word_vi(self) -> &'static str {
        match self {
            Level::Province => "tỉnh",
            Level::Department => "sở",
            Level::District => "huyện",
            Level::Commune => "xã",
            Level::Party => "đảng",
            Level::Front => "đoàn thể",
        }
    }

    /// The level as an editor writes it: the English key or a Vietnamese name, in any case,
    /// with or without diacritics, `cấp` in front or not (`district`, `huyện`, `cấp xã`,
    /// `phòng`, `Đảng`, `mặt trận`).
    pub fn from_key(written: &str) -> Option<Level> {
        let words = vi::folded_words(written);
        let words = words.strip_prefix("cap ").unwrap_or(&words);
        if let Some(level) = Level::ALL.into_iter().find(|l| l.key() == words) {
            return Some(level);
        }
        Some(match words {
            "tinh" | "thanh pho truc thuoc trung uong" => Level::Province,
            "so" | "phong" | "ban" | "nganh" | "so nganh" | "phong ban" => Level::Department,
            "huyen" | "quan" | "thi xa" => Level::District,
            "xa" | "phuong" | "thi tran" => Level::Commune,
            "dang" | "dang uy" | "cap uy" => Level::Party,
            "doan the" | "mat tran" | "mttq" | "mat tran to quoc" => Level::Front,
            _ => return None,
        })
    }
}

/// Cơ quan ban hành.
#[derive(Clone, Debug, Serialize)]
pub struct Unit {
    pub name: String,
    pub short: Option<String>,
    pub aliases: Vec<String>,
    pub parent: Option<String>,
    pub level: Option<Level>,
    /// The last day the unit existed (e.g. 2025-06-30 for districts abolished in 2025).
    pub until: Option<PartialDate>,
    /// The unit that took over its work.
    pub successor: Option<String>,
    pub description: Option<String>,
    pub slug: String,
    /// False for units that documents name but no registry lists.
    pub registered: bool,
}

impl Unit {
    /// The name readers know it by: the short form where there is one.
    pub fn display_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }

    pub fn ad_hoc(name: &str) -> Unit {
        Unit {
            name: name.to_owned(),
            short: None,
            aliases: Vec::new(),
            parent: None,
            level: None,
            until: None,
            successor: None,
            description: None,
            slug: vi::slug(name),
            registered: false,
        }
    }
}

/// Chiến dịch, phong trào, cuộc vận động.
#[derive(Clone, Debug, Serialize)]
pub struct Campaign {
    pub name: String,
    pub description: Option<String>,
    pub aliases: Vec<String>,
    pub slug: String,
    pub registered: bool,
}

impl Campaign {
    pub fn ad_hoc(name: &str) -> Campaign {
        Campaign {
            name: name.to_owned(),
            description: None,
            aliases: Vec::new(),
            slug: vi::slug(name),
            registered: false,
        }
    }
}

/// Both registries, with lookups by every name a document may use.
#[derive(Clone, Debug, Default)]
pub struct Registries {
    pub units: Vec<Unit>,
    pub campaigns: Vec<Campaign>,
    unit_names: HashMap<String, usize>,
    campaign_names: HashMap<String, usize>,
}

/// How names are matched: case and spacing do not matter, accents do (aliases cover misspellings).
pub fn name_key(name: &str) -> String {
    let name = vi::nfc(name);
    let mut spaced = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !spaced.is_empty() {
            spaced.push(' ');
        }
        spaced.push_str(word);
    }
    spaced.to_lowercase()
}

impl Registries {
    pub fn load(content_dir: &Path, diags: &mut Vec<Diagnostic>) -> Registries {
        let mut r = Registries::default();
        if let Some((source, items)) = read_list(&content_dir.join("units.yaml"), diags) {
            // Each unit's entry, to point messages at what it writes.
            let mut entry_of = Vec::new();
            for item in &items {
                let e = Entry::new(&source, item, "unit", diags);
                if let Some(unit) = e.and_then(|e| unit(&e, diags)) {
                    entry_of.push(item);
                    r.add_unit(&source, item, unit, diags);
                }
            }
            r.check_unit_links(&source, &entry_of, diags);
            r.check_unit_cycles(&source, &entry_of, diags);
        }
        if let Some((source, items)) = read_list(&content_dir.join("campaigns.yaml"), diags) {
            for item in &items {
                let e = Entry::new(&source, item, "campaign", diags);
                if let Some(c) = e.and_then(|e| campaign(&e, diags)) {
                    r.add_campaign(&source, item, c, diags);
                }
            }
        }
        r
    }

    /// The unit a name means: its place in `units`, which is its place in the Site's too.
    pub fn unit(&self, written: &str) -> Option<UnitId> {
        self.unit_index(written).map(UnitId::from)
    }

    pub fn campaign(&self, written: &str) -> Option<CampaignId> {
        self.campaign_names
            .get(&name_key(written))
            .map(|&i| CampaignId::from(i))
    }

    fn unit_index(&self, written: &str) -> Option<usize> {
        self.unit_names.get(&name_key(written)).copied()
    }

    fn add_unit(
        &mut self,
        source: &Source,
        item: &Node,
        mut unit: Unit,
        diags: &mut Vec<Diagnostic>,
    ) {
        let index = self.units.len();
        let names = std::iter::once(&unit.name)
            .chain(&unit.short)
            .chain(&unit.aliases);
        for name in names {
            if let Some(&other) = self.unit_names.get(&name_key(name)) {
                if other != index {
                    diags.push(
                        Diagnostic::error(&source.path, codes::UNIT_NAME_TAKEN)
                            .arg("name", name)
                            .arg("first", &self.units[other].name)
                            .arg("second", &unit.name)
                            .at(value_at(source, item, name)),
                    );
                    continue;
                }
            }
            self.unit_names.insert(name_key(name), index);
        }
        unit.slug = unique_slug(
            vi::slug(unit.display_name()),
            self.units.iter().map(|u| u.slug.as_str()),
        );
        self.units.push(unit);
    }

    fn add_campaign(
        &mut self,
        source: &Source,
        item: &Node,
        mut c: Campaign,
        diags: &mut Vec<Diagnostic>,
    ) {
        let index = self.campaigns.len();
        for name in std::iter::once(&c.name).chain(&c.aliases) {
            if let Some(&other) = self.campaign_names.get(&name_key(name)) {
                if other != index {
                    diags.push(
                        Diagnostic::error(&source.path, codes::CAMPAIGN_NAME_TAKEN)
                            .arg("name", name)
                            .at(value_at(source, item, name)),
                    );
                    continue;
                }
            }
            self.campaign_names.insert(name_key(name), index);
        }
        c.slug = unique_slug(
            vi::slug(&c.name),
            self.campaigns.iter().map(|c| c.slug.as_str()),
        );
        self.campaigns.push(c);
    }

    /// Parents and successors must be units of the registry.
    fn check_unit_links(&self, source: &Source, entry_of: &[&Node], diags: &mut Vec<Diagnostic>) {
        for (unit, item) in self.units.iter().zip(entry_of) {
            for (what, name) in [
                ("unit-link-parent", &unit.parent),
                ("unit-link-successor", &unit.successor),
            ] {
                if let Some(name) = name {
                    if self.unit_index(name).is_none() {
                        diags.push(
                            Diagnostic::error(&source.path, codes::UNIT_LINK_UNKNOWN)
                                .arg("link", Arg::Id(what))
                                .arg("name", name)
                                .arg("unit", &unit.name)
                                .at(value_at(source, item, name)),
                        );
                    }
                }
            }
        }
    }
}

impl Registries {
    /// A unit may not be its own parent or successor, directly or through others: the
    /// hierarchy and the succession must each end somewhere.
    fn check_unit_cycles(&self, source: &Source, entry_of: &[&Node], diags: &mut Vec<Diagnostic>) {
        for what in ["parent", "successor"] {
            let next = |u: usize| {
                let unit = &self.units[u];
                let name = if what == "parent" {
                    &unit.parent
                } else {
                    &unit.successor
                };
                name.as_deref().and_then(|n| self.unit_index(n))
            };
            let mut reported = vec![false; self.units.len()];
            for start in 0..self.units.len() {
                let mut chain = vec![start];
                let mut u = start;
                while let Some(n) = next(u) {
                    if n == start {
                        if chain.iter().any(|&c| reported[c]) {
                            break;
                        }
                        for &c in &chain {
                            reported[c] = true;
                        }
                        let names: Vec<&str> = chain
                            .iter()
                            .chain([&start])
                            .map(|&c| self.units[c].name.as_str())
                            .collect();
                        let d = if chain.len() == 1 {
                            Diagnostic::error(&source.path, codes::UNIT_OWN_LINK)
                                .arg("unit", names[0])
                        } else {
                            Diagnostic::error(&source.path, codes::UNIT_LINK_CYCLE)
                                .arg("units", names.join(" → "))
                        };
                        let at = match entry_of.get(start) {
                            Some(item) => key_at(source, item, what),
                            None => source.position(0, 0),
                        };
                        diags.push(d.arg("link", what).at(at));
                        break;
                    }
                    if chain.contains(&n) || chain.len() > self.units.len() {
                        break;
                    }
                    chain.push(n);
                    u = n;
                }
            }
        }
    }
}

/// `base`, or `base-2`, `base-3`… when taken; `khong-ten` ("no name") for an empty one.
pub(crate) fn unique_slug<'a>(
    base: String,
    taken: impl Iterator<Item = &'a str> + Clone,
) -> String {
    let base = if base.is_empty() {
        "khong-ten".to_owned()
    } else {
        base
    };
    let mut slug = base.clone();
    let mut n = 2;
    while taken.clone().any(|t| t == slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_by_english_key_or_vietnamese_name() {
        let cases = [
            ("tỉnh", Level::Province),
            ("Tỉnh", Level::Province),
            ("cấp tỉnh", Level::Province),
            ("huyện", Level::District),
            ("HUYỆN", Level::District),
            ("quận", Level::District),
            ("thị xã", Level::District),
            ("cấp huyện", Level::District),
            ("xã", Level::Commune),
            ("xa", Level::Commune),
            ("phường", Level::Commune),
            ("thị trấn", Level::Commune),
            ("sở", Level::Department),
            ("so", Level::Department),
            ("phòng", Level::Department),
            ("ban", Level::Department),
            ("đảng", Level::Party),
            ("Đảng", Level::Party),
            ("dang", Level::Party),
            ("đảng ủy", Level::Party),
            ("đoàn thể", Level::Front),
            ("doan the", Level::Front),
            ("mặt trận", Level::Front),
            ("Mặt trận Tổ quốc", Level::Front),
            ("MTTQ", Level::Front),
        ];
        for (written, level) in cases {
            assert_eq!(Level::from_key(written), Some(level), "{written}");
        }
        for level in Level::ALL {
            assert_eq!(Level::from_key(level.key()), Some(level));
            assert_eq!(Level::from_key(level.word_vi()), Some(level));
        }
        assert_eq!(Level::from_key("thôn"), None);
    }
}
