//! What templates see: borrowed, serialisable views of the Site. Every variable a template
//! receives is defined here (and listed in THEMES.md).

use serde::Serialize;

use crate::content::{Document, Kind, PartialDate};
use crate::deadlines::{self, Status};
use crate::registry::{Level, Unit};
use crate::resolve::{DocId, Site, Target};

/// Labels the views need from the theme's translations (kinds and levels).
pub struct Labels {
    pub translations: serde_json::Value,
}

impl Labels {
    pub fn kind(&self, kind: Kind) -> String {
        self.lookup("kinds", kind.key())
            .unwrap_or_else(|| kind.word_vi().to_owned())
    }

    pub fn level(&self, level: Option<Level>) -> String {
        let key = level.map_or("other", Level::key);
        self.lookup("levels", key).unwrap_or_else(|| key.to_owned())
    }

    pub fn text(&self, key: &str) -> String {
        self.translations
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(key)
            .to_owned()
    }

    fn lookup(&self, group: &str, key: &str) -> Option<String> {
        self.translations
            .get(group)?
            .get(key)?
            .as_str()
            .map(str::to_owned)
    }
}

/// A date in the three forms templates use.
#[derive(Serialize)]
pub struct DateView {
    /// `23/09/2022`
    pub short: String,
    /// `ngày 23 tháng 9 năm 2022`
    pub words: String,
    /// `2022-09-23` (for `<time datetime>`)
    pub iso: String,
}

impl From<PartialDate> for DateView {
    fn from(d: PartialDate) -> Self {
        DateView {
            short: d.short(),
            words: d.in_words(),
            iso: d.to_string(),
        }
    }
}

#[derive(Serialize)]
pub struct LinkView {
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct UnitRef<'a> {
    pub name: &'a str,
    pub full_name: &'a str,
    pub url: String,
}

impl<'a> UnitRef<'a> {
    pub fn new(unit: &'a Unit) -> Self {
        UnitRef {
            name: unit.display_name(),
            full_name: &unit.name,
            url: unit_url(unit),
        }
    }
}

pub fn unit_url(unit: &Unit) -> String {
    format!("don-vi/{}/", unit.slug)
}

pub fn campaign_url(slug: &str) -> String {
    format!("chien-dich/{slug}/")
}

pub fn kind_url(kind: Kind) -> String {
    format!("loai/{}/", kind.slug())
}

pub fn year_url(year: i32) -> String {
    format!("nam/{year}/")
}

/// A document as lists show it.
#[derive(Serialize)]
pub struct DocItem<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub number: Option<&'a str>,
    pub kind: &'static str,
    pub kind_label: String,
    pub date: DateView,
    pub year: i32,
    pub unit: UnitRef<'a>,
    pub campaigns: Vec<LinkView>,
    pub summary: &'a str,
    pub draft: bool,
}

impl<'a> DocItem<'a> {
    /// `facts` gives the first paragraph for documents whose front matter has no summary;
    /// pages rendered before the bodies (a document's own page) pass none.
    pub fn new(
        site: &'a Site,
        i: DocId,
        labels: &Labels,
        facts: &crate::render::Facts<'a>,
    ) -> Self {
        let doc = &site.docs[i];
        DocItem {
            url: &doc.url,
            title: &doc.title,
            number: doc.number.as_deref(),
            kind: doc.kind.key(),
            kind_label: labels.kind(doc.kind),
            date: doc.date.into(),
            year: doc.year,
            unit: UnitRef::new(site.unit_of(i)),
            campaigns: site.doc_campaigns[i]
                .iter()
                .map(|&c| LinkView {
                    name: site.campaigns[c].name.clone(),
                    url: campaign_url(&site.campaigns[c].slug),
                })
                .collect(),
            summary: doc.summary.as_deref().unwrap_or_else(|| facts.summary(i)),
            draft: doc.draft,
        }
    }
}

/// A document as a list shows it; in a view made for its key (see
/// [`crate::render::Facts::keyed`]), the key of its item and the first paragraph it shows.
pub enum Item<'a> {
    Shown(Box<DocItem<'a>>),
    Keyed { key: u64, summary: &'a str },
}

impl<'a> Item<'a> {
    pub fn new(
        site: &'a Site,
        i: DocId,
        labels: &Labels,
        facts: &crate::render::Facts<'a>,
    ) -> Self {
        match facts.item_key(i) {
            // The item key has the front matter's summary; the first paragraph is apart.
            Some(key) => Item::Keyed {
                key,
                summary: match site.docs[i].summary {
                    Some(_) => "",
                    None => facts.summary(i),
                },
            },
            None => Item::Shown(Box::new(DocItem::new(site, i, labels, facts))),
        }
    }
}

impl Serialize for Item<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Item::Shown(item) => item.serialize(serializer),
            Item::Keyed { key, summary } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("item", key)?;
                map.serialize_entry("summary", summary)?;
                map.end()
            }
        }
    }
}

/// A part that many views show alike (a unit's details): itself, or in a view made for its
/// key, its hash, made once per render.
pub enum Shared<T> {
    Shown(T),
    Keyed(u64),
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Shared::Shown(part) => part.serialize(serializer),
            Shared::Keyed(key) => key.serialize(serializer),
        }
    }
}

/// A reference to another document: a link when it is on the site, text otherwise.
#[derive(Serialize)]
pub struct RefView {
    pub label: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// Cited, but several documents of the site carry the number.
    pub ambiguous: bool,
}

impl RefView {
    pub fn new(site: &Site, target: &Target, labels: &Labels) -> Self {
        match target {
            Target::Document(d) => {
                let doc = &site.docs[*d];
                RefView {
                    label: doc.number.clone().unwrap_or_else(|| doc.title.clone()),
                    title: Some(format!("{} {}", labels.kind(doc.kind), doc.title)),
                    url: Some(doc.url.clone()),
                    ambiguous: false,
                }
            }
            Target::Outside(text) => RefView {
                label: text.clone(),
                title: None,
                url: None,
                ambiguous: false,
            },
            Target::Ambiguous(text, _) => RefView {
                label: text.clone(),
                title: None,
                url: None,
                ambiguous: true,
            },
        }
    }
}

/// One unit that owes a deadline, and, where the site shows it, whether it was met.
#[derive(Serialize)]
pub struct OwnerView {
    pub name: String,
    pub url: Option<String>,
    pub status: Option<Status>,
    pub status_label: String,
    /// The report that met it, if any.
    pub report: Option<RefView>,
}

#[derive(Serialize)]
pub struct DeadlineView<'a> {
    pub date: DateView,
    pub what: &'a str,
    /// Who owes it; empty when the document does not say.
    pub owners: Vec<OwnerView>,
    /// The document that set the deadline (for site-wide lists).
    pub document: Option<LinkView>,
    pub unit: Option<UnitRef<'a>>,
}

/// Whether the pages say if deadlines were met: in `serve`, or when site.yaml says
/// `deadline_status: public`. A report missing from a public bulletin is usually one that
/// was not published, so by default the built site does not say "no report".
pub fn shows_status(site: &Site) -> bool {
    site.config.deadline_status == crate::config::DeadlineStatus::Public
}

pub fn deadline_view<'a>(
    site: &'a Site,
    i: DocId,
    k: usize,
    labels: &Labels,
    with_doc: bool,
) -> DeadlineView<'a> {
    let d = &site.docs[i].deadlines[k];
    let shown = shows_status(site);
    let owners = deadlines::owed(site, i, k)
        .into_iter()
        .filter_map(|o| {
            let owner = o.owner?;
            let status = o.status.filter(|_| shown);
            Some(OwnerView {
                url: owner.unit.map(|u| unit_url(&site.units[u])),
                name: owner.name,
                status,
                status_label: status
                    .map(|s| labels.text(s.label_key()))
                    .unwrap_or_default(),
                report: o
                    .report
                    .filter(|_| shown)
                    .map(|r| RefView::new(site, &Target::Document(r), labels)),
            })
        })
        .collect();
    let doc = &site.docs[i];
    DeadlineView {
        date: d.date.into(),
        what: &d.what,
        owners,
        document: with_doc.then(|| LinkView {
            name: doc_label(doc, labels),
            url: doc.url.clone(),
        }),
        unit: with_doc.then(|| UnitRef::new(site.unit_of(i))),
    }
}

/// `Kế hoạch số 138-KH/HU` or the title, to name a document in a list of deadlines.
pub fn doc_label(doc: &Document, labels: &Labels) -> String {
    label(
        labels,
        &labels.kind(doc.kind),
        doc.number.as_deref(),
        &doc.title,
    )
}

/// [`doc_label`] of a document of kind label `kind`, number `number` and title `title`.
pub fn label(labels: &Labels, kind: &str, number: Option<&str>, title: &str) -> String {
    match number {
        Some(n) => format!("{kind} {} {n}: {title}", labels.text("number_word")),
        None => format!("{kind} {title}"),
    }
}

/// First / previous / next / last links of a paginated index.
#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub first: Option<String>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// Address of page `n` (1-based) of an index whose first page is at `base`.
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_owned()
    } else {
        format!("{base}trang-{n}/")
    }
}

impl Pagination {
    pub fn new(base: &str, current: usize, total: usize) -> Self {
        let link = |n: usize| page_url(base, n);
        let window = current.saturating_sub(2).max(1)..=(current + 2).min(total);
        Pagination {
            current,
            total,
            first: (current > 1).then(|| link(1)),
            prev: (current > 1).then(|| link(current - 1)),
            next: (current < total).then(|| link(current + 1)),
            last: (current < total).then(|| link(total)),
            pages: window
                .map(|n| PageLink {
                    number: n,
                    url: link(n),
                    current: n == current,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct Crumb {
    pub name: String,
    pub url: Option<String>,
}
