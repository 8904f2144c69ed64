//! Every HTML page of the site: what pages there are (the plan), where each is written,
//! and the view each template gets.

use minijinja::context;
use minijinja::value::Value;
use serde::Serialize;

use crate::content::PartialDate;
use crate::deadlines::Status;
use crate::registry::Level;
use crate::render::views::{
    self, DeadlineView, Item, LinkView, Pagination, UnitRef, campaign_url, kind_url, unit_url,
    year_url,
};
use crate::render::{Facts, Renderer, View, ViewData};
use crate::resolve::{CampaignId, DocId, Site, UnitId};

mod deadlines;
pub use deadlines::all_deadlines;
use deadlines::{recent_deadlines, upcoming_deadlines};

/// A page other than a document's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    NotFound,
    Search,
    Deadlines,
    Years,
    Units,
    Campaigns,
    Kinds,
    /// Page `n` (1-based) of a year's index.
    Year(usize, usize),
    Unit(UnitId, usize),
    Campaign(CampaignId, usize),
    Kind(usize, usize),
}

/// The file an address is written to: `2022/a/` → `2022/a/index.html`.
pub fn file_of(address: &str) -> String {
    if address.is_empty() || address.ends_with('/') {
        format!("{address}index.html")
    } else {
        address.to_owned()
    }
}

fn pages_for(count: usize, size: usize) -> usize {
    count.div_ceil(size).max(1)
}

/// Every non-document page, in a fixed order.
pub fn plan(site: &Site) -> Vec<Page> {
    let size = site.config.page_size;
    let mut out = vec![
        Page::Home,
        Page::NotFound,
        Page::Search,
        Page::Deadlines,
        Page::Years,
        Page::Units,
        Page::Campaigns,
        Page::Kinds,
    ];
    for (i, (_, docs)) in site.years.iter().enumerate() {
        out.extend((1..=pages_for(docs.len(), size)).map(|n| Page::Year(i, n)));
    }
    for (u, docs) in site.unit_docs.iter_enumerated() {
        out.extend((1..=pages_for(docs.len(), size)).map(|n| Page::Unit(u, n)));
    }
    for (c, docs) in site.campaign_docs.iter_enumerated() {
        out.extend((1..=pages_for(docs.len(), size)).map(|n| Page::Campaign(c, n)));
    }
    for (k, (_, docs)) in site.kinds.iter().enumerate() {
        out.extend((1..=pages_for(docs.len(), size)).map(|n| Page::Kind(k, n)));
    }
    out
}

impl Page {
    pub fn address(&self, site: &Site) -> String {
        match *self {
            Page::Home => String::new(),
            Page::NotFound => "404.html".into(),
            Page::Search => "tim-kiem/".into(),
            Page::Deadlines => "thoi-han/".into(),
            Page::Years => "nam/".into(),
            Page::Units => "don-vi/".into(),
            Page::Campaigns => "chien-dich/".into(),
            Page::Kinds => "loai/".into(),
            Page::Year(y, n) => views::page_url(&year_url(site.years[y].0), n),
            Page::Unit(u, n) => views::page_url(&unit_url(&site.units[u]), n),
            Page::Campaign(c, n) => views::page_url(&campaign_url(&site.campaigns[c].slug), n),
            Page::Kind(k, n) => views::page_url(&kind_url(site.kinds[k].0), n),
        }
    }
}

/// Variables every page has besides `site` and `t`: `root` and `page`.
#[derive(Serialize)]
pub struct Base {
    root: String,
    page: PageMeta,
}

#[derive(Serialize)]
struct PageMeta {
    address: String,
    title: String,
    canonical: String,
}

/// [`base`] as a map, for the views built as maps.
fn base_value(r: &Renderer<'_>, address: &str, title: &str) -> Value {
    Value::from_serialize(base(r, address, title))
}

pub(super) fn base(r: &Renderer<'_>, address: &str, title: &str) -> Base {
    // The 404 page is served at any depth, so its links start from the site's own path.
    let root = if address == "404.html" {
        let path = r.site.config.base_url.splitn(4, '/').nth(3).unwrap_or("");
        format!("/{path}")
    } else {
        super::templates::root_of(address)
    };
    Base {
        root,
        page: PageMeta {
            address: address.to_owned(),
            title: title.to_owned(),
            canonical: format!("{}{}", r.site.config.base_url, address),
        },
    }
}

#[derive(Serialize)]
pub struct UnitInfo<'a> {
    name: &'a str,
    full_name: &'a str,
    short: Option<&'a str>,
    aliases: &'a [String],
    level: String,
    parent: Option<UnitRef<'a>>,
    /// Last day, for units that have ceased.
    until: Option<views::DateView>,
    successor: Option<UnitRef<'a>>,
    predecessors: Vec<UnitRef<'a>>,
    description: Option<&'a str>,
    url: String,
}

pub(super) fn unit_info<'a>(site: &'a Site, u: UnitId, r: &Renderer<'_>) -> UnitInfo<'a> {
    let unit = &site.units[u];
    let find = |name: &Option<String>| {
        name.as_deref()
            .and_then(|n| site.find_unit(n))
            .map(|i| UnitRef::new(&site.units[i]))
    };
    UnitInfo {
        name: unit.display_name(),
        full_name: &unit.name,
        short: unit.short.as_deref(),
        aliases: &unit.aliases,
        level: r.labels.level(unit.level),
        parent: find(&unit.parent),
        until: unit.until.map(Into::into),
        successor: find(&unit.successor),
        predecessors: site.predecessors[u]
            .iter()
            .map(|&p| UnitRef::new(&site.units[p]))
            .collect(),
        description: unit.description.as_deref(),
        url: unit_url(unit),
    }
}

/// A paginated list of documents: a year, unit, campaign or kind.
struct List<'a> {
    /// Address of its first page.
    base_url: String,
    docs: &'a [DocId],
    title: String,
    /// `info` in the template: what kind of list, and its unit or campaign.
    info: Value,
    feed: Option<String>,
}

/// The view of one page of a list: a year, unit, campaign or kind.
#[derive(Serialize)]
pub struct ListView<'a> {
    heading: String,
    count: usize,
    docs: Vec<Item<'a>>,
    pagination: Pagination,
    feed: Option<String>,
    info: Value,
    #[serde(flatten)]
    base: Base,
}

fn list_page<'v>(
    r: &'v Renderer<'_>,
    address: &str,
    n: usize,
    facts: &'v Facts<'_>,
    list: List<'v>,
) -> View<'v> {
    let site = r.site;
    let List {
        base_url,
        docs,
        title,
        info,
        feed,
    } = list;
    let size = site.config.page_size;
    let total = pages_for(docs.len(), size);
    let slice = &docs[((n - 1) * size).min(docs.len())..(n * size).min(docs.len())];
    let items: Vec<Item<'v>> = slice
        .iter()
        .map(|&d| Item::new(site, d, &r.labels, facts))
        .collect();
    let page_title = if n > 1 {
        format!("{title} ({} {n})", r.labels.text("page"))
    } else {
        title.clone()
    };
    View {
        template: "list.html",
        data: ViewData::List(Box::new(ListView {
            heading: title,
            count: docs.len(),
            docs: items,
            pagination: Pagination::new(&base_url, n, total),
            feed,
            info,
            base: base(r, address, &page_title),
        })),
    }
}

#[derive(Serialize)]
struct CountLink {
    name: String,
    url: String,
    count: usize,
    description: Option<String>,
    /// For units: ceased, with the last day.
    until: Option<views::DateView>,
}

/// Renders a page other than a document's.
pub fn render_page(r: &Renderer<'_>, page: &Page, facts: &Facts<'_>) -> Option<String> {
    r.render_view(page_view(r, page, facts))
}

/// The view of a page other than a document's.
pub fn page_view<'v>(r: &'v Renderer<'_>, page: &Page, facts: &'v Facts<'_>) -> View<'v> {
    let site = r.site;
    let address = page.address(site);
    let l = &r.labels;
    let item = |d: DocId| Item::new(site, d, l, facts);
    match *page {
        Page::Year(y, n) => {
            let (year, docs) = &site.years[y];
            let title = format!("{} {year}", l.text("year"));
            list_page(
                r,
                &address,
                n,
                facts,
                List {
                    base_url: year_url(*year),
                    docs,
                    title,
                    info: context! { kind => "year" },
                    feed: None,
                },
            )
        }
        Page::Unit(u, n) => {
            let unit = &site.units[u];
            // What the unit owes: deadlines that name it and that no report has met, oldest
            // first; where the site does not say whether they were met, those still to come.
            let shown = views::shows_status(site);
            let today = PartialDate::from_naive(site.today);
            let mut owes: Vec<(DocId, usize)> = r
                .owed_by(u)
                .filter(|o| match o.status {
                    Some(Status::Missing | Status::Pending) if shown => true,
                    _ => !shown && site.docs[o.doc].deadlines[o.k].date >= today,
                })
                .map(|o| (o.doc, o.k))
                .collect();
            owes.dedup();
            owes.sort_by_key(|&(d, k)| (site.docs[d].deadlines[k].date, d));
            let owes: Vec<DeadlineView<'_>> = owes
                .into_iter()
                .map(|(d, k)| views::deadline_view(site, d, k, l, true))
                .collect();
            let info = context! { kind => "unit", unit => unit_info(site, u, r), owes => owes, status_shown => shown };
            let feed = Some(format!("{}feed.xml", unit_url(unit)));
            list_page(
                r,
                &address,
                n,
                facts,
                List {
                    base_url: unit_url(unit),
                    docs: &site.unit_docs[u],
                    title: unit.display_name().to_owned(),
                    info,
                    feed,
                },
            )
        }
        Page::Campaign(c, n) => {
            let campaign = &site.campaigns[c];
            let info = context! { kind => "campaign", description => campaign.description, aliases => campaign.aliases };
            let base_url = campaign_url(&campaign.slug);
            let feed = Some(format!("{base_url}feed.xml"));
            list_page(
                r,
                &address,
                n,
                facts,
                List {
                    base_url: base_url.clone(),
                    docs: &site.campaign_docs[c],
                    title: campaign.name.clone(),
                    info,
                    feed,
                },
            )
        }
        Page::Kind(k, n) => {
            let (kind, docs) = &site.kinds[k];
            let feed = Some(format!("{}feed.xml", kind_url(*kind)));
            list_page(
                r,
                &address,
                n,
                facts,
                List {
                    base_url: kind_url(*kind),
                    docs,
                    title: l.kind(*kind),
                    info: context! { kind => "kind" },
                    feed,
                },
            )
        }
        Page::Years => {
            let years = year_links(site);
            View::new(
                "years.html",
                context! { years => years, ..base_value(r, &address, &l.text("all_years")) },
            )
        }
        Page::Kinds => {
            let kinds: Vec<CountLink> = site
                .kinds
                .iter()
                .map(|(k, docs)| CountLink {
                    name: l.kind(*k),
                    url: kind_url(*k),
                    count: docs.len(),
                    description: None,
                    until: None,
                })
                .collect();
            View::new(
                "kinds.html",
                context! { kinds => kinds, ..base_value(r, &address, &l.text("all_kinds")) },
            )
        }
        Page::Campaigns => {
            let campaigns: Vec<CountLink> = site
                .campaigns_sorted
                .iter()
                .map(|&c| campaign_link(site, c))
                .collect();
            View::new(
                "campaigns.html",
                context! { campaigns => campaigns, ..base_value(r, &address, &l.text("all_campaigns")) },
            )
        }
        Page::Units => View::new(
            "units.html",
            context! { ..units_by_level(r), ..base_value(r, &address, &l.text("all_units")) },
        ),
        Page::Home => {
            let latest: Vec<Item<'_>> = site.docs.keys().take(10).map(item).collect();
            let upcoming: Vec<DeadlineView<'_>> = upcoming_deadlines(site)
                .into_iter()
                .take(8)
                .map(|(d, k)| views::deadline_view(site, d, k, l, true))
                .collect();
            // With none to come, the latest that passed, so that the home page still shows
            // what the bulletin tracks — under a heading that says they are past.
            let recent: Vec<DeadlineView<'_>> = if upcoming.is_empty() {
                recent_deadlines(site)
                    .into_iter()
                    .take(5)
                    .map(|(d, k)| views::deadline_view(site, d, k, l, true))
                    .collect()
            } else {
                Vec::new()
            };
            let mut campaigns: Vec<CountLink> = site
                .campaigns_sorted
                .iter()
                .filter(|&&c| !site.campaign_docs[c].is_empty())
                .map(|&c| campaign_link(site, c))
                .collect();
            campaigns.truncate(24);
            let years = year_links(site);
            View::new(
                "home.html",
                context! {
                    latest => latest,
                    count => site.docs.len(),
                    deadlines => upcoming,
                    past_deadlines => recent,
                    campaigns => campaigns,
                    years => years, ..base_value(r, &address, &site.config.title)
                },
            )
        }
        Page::Deadlines => {
            let today = PartialDate::from_naive(site.today);
            let mut coming: Vec<MonthGroup<'_>> = Vec::new();
            let mut past: Vec<MonthGroup<'_>> = Vec::new();
            let since = PartialDate::from_naive(super::feeds::recent_since(site));
            let mut all = all_deadlines(site);
            let before = all.len();
            all.retain(|&(d, k)| site.docs[d].deadlines[k].date >= since);
            let older = before - all.len();
            all.sort_by_key(|&(d, k)| (site.docs[d].deadlines[k].date, d));
            for (d, k) in all {
                let deadline = &site.docs[d].deadlines[k];
                let groups = if deadline.date >= today {
                    &mut coming
                } else {
                    &mut past
                };
                let month =
                    crate::vi::month_heading(deadline.date.year, deadline.date.month.unwrap_or(1));
                if groups.last().is_none_or(|g| g.month != month) {
                    groups.push(MonthGroup {
                        month,
                        deadlines: Vec::new(),
                    });
                }
                groups
                    .last_mut()
                    .expect("pushed above")
                    .deadlines
                    .push(views::deadline_view(site, d, k, l, true));
            }
            past.reverse();
            View::new(
                "deadlines.html",
                context! { coming => coming, past => past, older => older, calendar => "thoi-han.ics", ..base_value(r, &address, &l.text("deadlines")) },
            )
        }
        Page::Search => {
            let index_links = vec![
                LinkView {
                    name: l.text("all_years"),
                    url: "nam/".into(),
                },
                LinkView {
                    name: l.text("all_units"),
                    url: "don-vi/".into(),
                },
                LinkView {
                    name: l.text("all_campaigns"),
                    url: "chien-dich/".into(),
                },
                LinkView {
                    name: l.text("all_kinds"),
                    url: "loai/".into(),
                },
            ];
            View::new(
                "search.html",
                context! { index_links => index_links, ..base_value(r, &address, &l.text("search_title")) },
            )
        }
        Page::NotFound => View::new(
            "404.html",
            context! { , ..base_value(r, &address, &l.text("not_found_title")) },
        ),
    }
}

/// Every year with its count, newest first.
fn year_links(site: &Site) -> Vec<CountLink> {
    site.years
        .iter()
        .map(|(y, docs)| CountLink {
            name: y.to_string(),
            url: year_url(*y),
            count: docs.len(),
            description: None,
            until: None,
        })
        .collect()
}

fn campaign_link(site: &Site, c: CampaignId) -> CountLink {
    let campaign = &site.campaigns[c];
    CountLink {
        name: campaign.name.clone(),
        url: campaign_url(&campaign.slug),
        count: site.campaign_docs[c].len(),
        description: campaign.description.clone(),
        until: None,
    }
}

#[derive(Serialize)]
struct MonthGroup<'a> {
    month: String,
    deadlines: Vec<DeadlineView<'a>>,
}

#[derive(Serialize)]
struct LevelGroup {
    level: String,
    units: Vec<CountLink>,
}

/// Current units grouped by level, and former units (ceased) apart.
fn units_by_level(r: &Renderer<'_>) -> Value {
    let site = r.site;
    let link = |u: UnitId| CountLink {
        name: site.units[u].display_name().to_owned(),
        url: unit_url(&site.units[u]),
        count: site.unit_docs[u].len(),
        description: (site.units[u].short.is_some()).then(|| site.units[u].name.clone()),
        until: site.units[u].until.map(Into::into),
    };
    let today = PartialDate::from_naive(site.today);
    let ceased = |u: UnitId| site.units[u].until.is_some_and(|d| d < today);
    let mut groups: Vec<LevelGroup> = Vec::new();
    for level in Level::ALL.into_iter().map(Some).chain([None]) {
        let units: Vec<CountLink> = site
            .units_sorted
            .iter()
            .copied()
            .filter(|&u| site.units[u].level == level && !ceased(u))
            .map(link)
            .collect();
        if !units.is_empty() {
            groups.push(LevelGroup {
                level: r.labels.level(level),
                units,
            });
        }
    }
    let former: Vec<CountLink> = site
        .units_sorted
        .iter()
        .copied()
        .filter(|&u| ceased(u))
        .map(link)
        .collect();
    context! { groups => groups, former => former }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_addresses() {
        assert_eq!(file_of("2022/a/"), "2022/a/index.html");
        assert_eq!(file_of(""), "index.html");
    }
}
