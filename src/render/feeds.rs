//! Machine-readable outputs: Atom feeds (site, units, campaigns, kinds), iCalendar deadline
//! calendars (site and units), the sitemap, robots.txt, and the search index. All absolute
//! URLs come from `base_url` here and nowhere else.

use std::fmt::Write as _;

use crate::content::{Document, PartialDate};
use crate::escape::{self, xml as escape_attr};
use crate::render::views::{Item, campaign_url, kind_url, unit_url};
use crate::render::{Facts, OutputPlan, Page, Renderer};
use crate::resolve::{CampaignId, DocId, Site, UnitId};

/// Entries per feed: readers poll feeds for what is new, not for the archive.
pub const FEED_ENTRIES: usize = 30;

/// A machine-readable output, rendered on its own so that `serve` can redo just one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Feed {
    /// The site's Atom feed.
    Site,
    Unit(UnitId),
    /// A unit's calendar of deadlines.
    UnitCalendar(UnitId),
    Campaign(CampaignId),
    Kind(usize),
    /// The site's calendar of deadlines.
    Calendar,
    /// `sitemap.xml`: the URL set, or past 50,000 URLs an index of the parts.
    Sitemap,
    /// `sitemap-N.xml` (from 1), a part of a large site's URL set.
    SitemapPart(usize),
    Robots,
}

/// The sitemaps.org limit of URLs in one file.
const SITEMAP_URLS: usize = 50_000;

/// The day from which the site-wide deadline page and calendar list past deadlines: a year
/// back. Older ones stay on their documents' and units' pages and calendars.
pub fn recent_since(site: &Site) -> chrono::NaiveDate {
    site.today - chrono::Days::new(365)
}

/// Every feed, calendar, the sitemap and robots.txt, in a fixed order. `pages`: the pages'
/// plan, which the sitemap lists.
pub fn plan(site: &Site, pages: &[Page]) -> Vec<Feed> {
    let mut out = vec![Feed::Site];
    for u in site.unit_docs.keys() {
        out.extend([Feed::Unit(u), Feed::UnitCalendar(u)]);
    }
    out.extend(site.campaign_docs.keys().map(Feed::Campaign));
    out.extend((0..site.kinds.len()).map(Feed::Kind));
    out.extend([Feed::Calendar, Feed::Sitemap]);
    let urls = 1 + site.docs.len() + pages.iter().filter(|p| in_sitemap(p)).count();
    let parts = urls.div_ceil(SITEMAP_URLS);
    if parts > 1 {
        out.extend((1..=parts).map(Feed::SitemapPart));
    }
    out.push(Feed::Robots);
    out
}

impl Feed {
    /// The file it is written to.
    pub fn path(&self, site: &Site) -> String {
        match *self {
            Feed::Site => "feed.xml".to_owned(),
            Feed::Unit(u) => format!("{}feed.xml", unit_url(&site.units[u])),
            Feed::UnitCalendar(u) => format!("{}thoi-han.ics", unit_url(&site.units[u])),
            Feed::Campaign(c) => format!("{}feed.xml", campaign_url(&site.campaigns[c].slug)),
            Feed::Kind(k) => format!("{}feed.xml", kind_url(site.kinds[k].0)),
            Feed::Calendar => "thoi-han.ics".to_owned(),
            Feed::Sitemap => "sitemap.xml".to_owned(),
            Feed::SitemapPart(n) => format!("sitemap-{n}.xml"),
            Feed::Robots => "robots.txt".to_owned(),
        }
    }

    /// Its title: the site's, or a unit's, campaign's or kind's name before it.
    pub fn title(&self, r: &Renderer<'_>) -> String {
        let site = r.site;
        let name = match *self {
            Feed::Unit(u) | Feed::UnitCalendar(u) => site.units[u].display_name().to_owned(),
            Feed::Campaign(c) => site.campaigns[c].name.clone(),
            Feed::Kind(k) => r.labels.kind(site.kinds[k].0),
            Feed::Site | Feed::Calendar | Feed::Sitemap | Feed::SitemapPart(_) | Feed::Robots => {
                return site.config.title.clone();
            }
        };
        format!("{name} — {}", site.config.title)
    }
}

/// What a feed, calendar, the sitemap or robots.txt is written from.
enum FeedView<'v> {
    Atom(AtomView<'v>),
    Calendar(CalendarView),
    /// The sitemap's addresses (of one part, or all of them for the index).
    Sitemap(&'v [(String, Option<chrono::NaiveDate>)]),
    SitemapPart(&'v [(String, Option<chrono::NaiveDate>)]),
    Robots,
}

/// The view of a feed: made with keyed facts ([`Facts::keyed`]), what its key hashes.
fn feed_view<'v>(r: &'v Renderer<'_>, feed: &Feed, facts: &Facts<'v>) -> FeedView<'v> {
    let site = r.site;
    let title = feed.title(r);
    let all_docs = || site.docs.keys().collect::<Vec<DocId>>();
    match *feed {
        Feed::Site => FeedView::Atom(atom_view(r, facts, String::new(), title, &all_docs())),
        Feed::Unit(u) => FeedView::Atom(atom_view(
            r,
            facts,
            unit_url(&site.units[u]),
            title,
            &site.unit_docs[u],
        )),
        Feed::UnitCalendar(u) => {
            FeedView::Calendar(calendar_view(r, &site.unit_docs[u], title, None))
        }
        Feed::Campaign(c) => FeedView::Atom(atom_view(
            r,
            facts,
            campaign_url(&site.campaigns[c].slug),
            title,
            &site.campaign_docs[c],
        )),
        Feed::Kind(k) => {
            let (kind, docs) = &site.kinds[k];
            FeedView::Atom(atom_view(r, facts, kind_url(*kind), title, docs))
        }
        Feed::Calendar => FeedView::Calendar(calendar_view(
            r,
            &all_docs(),
            title,
            Some(recent_since(site)),
        )),
        Feed::Sitemap => FeedView::Sitemap(r.sitemap_addresses()),
        Feed::SitemapPart(n) => FeedView::SitemapPart(
            r.sitemap_addresses()
                .chunks(SITEMAP_URLS)
                .nth(n - 1)
                .unwrap_or(&[]),
        ),
        Feed::Robots => FeedView::Robots,
    }
}

/// The key of a feed: a hash of the data its view holds, made with `facts` keyed.
pub fn key(r: &Renderer<'_>, feed: &Feed, facts: &Facts<'_>) -> u64 {
    match feed_view(r, feed, facts) {
        FeedView::Atom(view) => r.key_of("atom", &view),
        FeedView::Calendar(view) => {
            let events: Vec<u64> = view.docs.iter().map(|&d| event_key(r, d)).collect();
            let since = view.since.map(|d| chrono::Datelike::num_days_from_ce(&d));
            r.key_of("calendar", &(&view.title, since, events))
        }
        FeedView::Sitemap(addresses) => r.key_of("sitemap", &sitemap_data(addresses)),
        FeedView::SitemapPart(addresses) => r.key_of("sitemap part", &sitemap_data(addresses)),
        FeedView::Robots => r.key_of("robots", &()),
    }
}

/// The sitemap's addresses as its key takes them in.
fn sitemap_data(addresses: &[(String, Option<chrono::NaiveDate>)]) -> Vec<(&str, Option<String>)> {
    addresses
        .iter()
        .map(|(a, d)| (a.as_str(), d.map(|d| d.to_string())))
        .collect()
}

/// Renders one feed, calendar, the sitemap or robots.txt.
pub fn render(r: &Renderer<'_>, feed: &Feed, facts: &Facts<'_>) -> Vec<u8> {
    let site = r.site;
    match feed_view(r, feed, facts) {
        FeedView::Atom(view) => atom(r, &view),
        FeedView::Calendar(view) => calendar(r, &view),
        FeedView::Sitemap(addresses) => sitemap(r, addresses),
        FeedView::SitemapPart(addresses) => urlset(&site.config.base_url, addresses),
        FeedView::Robots => format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            site.config.base_url
        ),
    }
    .into_bytes()
}

/// RFC 3339 time of a (partial) date: midnight in Vietnam (UTC+7), the first day when partial.
fn rfc3339(d: PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00+07:00",
        d.year,
        d.month.unwrap_or(1),
        d.day.unwrap_or(1)
    )
}

/// What an Atom feed is written from: its head and its latest entries.
#[derive(serde::Serialize)]
struct AtomView<'v> {
    address: String,
    title: String,
    /// The newest document's date.
    updated: Option<PartialDate>,
    entries: Vec<Entry<'v>>,
}

/// An entry of an Atom feed: the document as lists show it, and its date.
#[derive(serde::Serialize)]
struct Entry<'v> {
    item: Item<'v>,
    date: PartialDate,
}

fn atom_view<'v>(
    r: &'v Renderer<'_>,
    facts: &Facts<'v>,
    address: String,
    title: String,
    docs: &[DocId],
) -> AtomView<'v> {
    let site = r.site;
    AtomView {
        address,
        title,
        updated: docs.iter().map(|&d| site.docs[d].date).max(),
        entries: docs
            .iter()
            .take(FEED_ENTRIES)
            .map(|&d| Entry {
                item: Item::new(site, d, &r.labels, facts),
                date: site.docs[d].date,
            })
            .collect(),
    }
}

fn atom(r: &Renderer<'_>, view: &AtomView<'_>) -> String {
    let site = r.site;
    // Checked when read (an http(s) address), and escaped here all the same.
    let base = escape_attr(&site.config.base_url);
    let address = escape_attr(&view.address);
    let updated = view
        .updated
        .map_or_else(|| "2000-01-01T00:00:00+07:00".to_owned(), rfc3339);
    let mut x = String::with_capacity(2048 + view.entries.len() * 800);
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{title}</title>\n<id>{base}{address}</id>\n<updated>{updated}</updated>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}{address}\"/>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}{address}feed.xml\"/>\n\
         <author><name>{author}</name></author>\n<generator>bantin</generator>\n",
        lang = escape_attr(&site.config.language),
        title = escape_attr(&view.title),
        author = escape_attr(&site.config.title),
    );
    for entry in &view.entries {
        let Item::Shown(item) = &entry.item else {
            continue;
        };
        let heading =
            super::views::label(&r.labels, item.kind_label.as_str(), item.number, item.title);
        let _ = write!(
            x,
            "<entry>\n<title>{}</title>\n<id>{base}{url}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}{url}\"/>\n\
             <updated>{date}</updated>\n<published>{date}</published>\n<author><name>{unit}</name></author>\n",
            escape_attr(&heading),
            url = escape_attr(item.url),
            date = rfc3339(entry.date),
            unit = escape_attr(item.unit.name),
        );
        for campaign in &item.campaigns {
            let _ = writeln!(x, "<category term=\"{}\"/>", escape_attr(&campaign.name));
        }
        if !item.summary.is_empty() {
            let _ = writeln!(x, "<summary>{}</summary>", escape_attr(item.summary));
        }
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// `Kế hoạch số 138-KH/HU: Triển khai …`
fn entry_title(r: &Renderer<'_>, doc: &Document) -> String {
    super::views::doc_label(doc, &r.labels)
}

/// What a calendar is written from: its documents in the order of their addresses, and the
/// first day of the deadlines it lists.
struct CalendarView {
    title: String,
    docs: Vec<DocId>,
    since: Option<chrono::NaiveDate>,
}

fn calendar_view(
    r: &Renderer<'_>,
    docs: &[DocId],
    title: String,
    since: Option<chrono::NaiveDate>,
) -> CalendarView {
    let site = r.site;
    let mut sorted: Vec<DocId> = docs
        .iter()
        .copied()
        .filter(|&d| !site.docs[d].deadlines.is_empty())
        .collect();
    sorted.sort_by(|a, b| site.docs[*a].url.cmp(&site.docs[*b].url));
    CalendarView {
        title,
        docs: sorted,
        since,
    }
}

/// A deadline as calendars show it: an all-day event.
#[derive(serde::Serialize)]
struct Event<'a> {
    uid: String,
    #[serde(serialize_with = "day_number")]
    stamp: chrono::NaiveDate,
    #[serde(serialize_with = "day_number")]
    day: chrono::NaiveDate,
    what: &'a str,
    description: String,
    url: &'a str,
}

/// A day as its number from the first day of year 1, for keys.
fn day_number<S: serde::Serializer>(day: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i32(chrono::Datelike::num_days_from_ce(day))
}

/// The events of document `d`'s deadlines that have a day.
fn events<'a>(r: &Renderer<'a>, d: DocId) -> Vec<Event<'a>> {
    let site = r.site;
    let base = &site.config.base_url;
    let host = base.split('/').nth(2).unwrap_or("bantin");
    let doc = &site.docs[d];
    let mut out = Vec::new();
    for (k, deadline) in doc.deadlines.iter().enumerate() {
        let Some(day) = deadline.date.to_naive() else {
            continue;
        };
        out.push(Event {
            uid: format!("{}{}@{host}", doc.url.replace('/', "-"), k + 1),
            stamp: doc.date.to_naive().unwrap_or(day),
            day,
            what: &deadline.what,
            description: format!(
                "{} — {}\n{}{base}{}",
                entry_title(r, doc),
                site.unit_of(d).display_name(),
                owed_by(r, d, k),
                doc.url
            ),
            url: &doc.url,
        });
    }
    out
}

/// The hash of document `d`'s events, made once per render for all calendars.
fn event_key(r: &Renderer<'_>, d: DocId) -> u64 {
    r.event_keys.get(r.site.docs.len(), d.index(), || {
        crate::render::hash_serialised(&events(r, d))
    })
}

/// iCalendar (RFC 5545) of the deadlines set by `docs`: all-day events with stable UIDs.
fn calendar(r: &Renderer<'_>, view: &CalendarView) -> String {
    let base = &r.site.config.base_url;
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//bantin//Lịch thời hạn//VI".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape::ics_text(&view.title)),
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh".into(),
    ];
    for &d in &view.docs {
        for event in events(r, d) {
            if view.since.is_some_and(|s| event.day < s) {
                continue;
            }
            let next = event.day.succ_opt().unwrap_or(event.day);
            lines.extend([
                "BEGIN:VEVENT".into(),
                format!("UID:{}", event.uid),
                format!("DTSTAMP:{}T000000Z", event.stamp.format("%Y%m%d")),
                format!("DTSTART;VALUE=DATE:{}", event.day.format("%Y%m%d")),
                format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
                format!("SUMMARY:{}", escape::ics_text(event.what)),
                format!("DESCRIPTION:{}", escape::ics_text(&event.description)),
                format!("URL:{base}{}", event.url),
                "TRANSP:TRANSPARENT".into(),
                "END:VEVENT".into(),
            ]);
        }
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        escape::ics_fold(&line, &mut out);
    }
    out
}

/// `Đơn vị thực hiện: UBND xã A, UBND xã B` and a line break, or nothing when no one is named.
fn owed_by(r: &Renderer<'_>, d: DocId, k: usize) -> String {
    let owners = crate::deadlines::owners(r.site, d, k);
    if owners.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = owners.iter().map(|o| o.name.as_str()).collect();
    format!("{}: {}\n", r.labels.text("deadline_by"), names.join(", "))
}

/// Pages the sitemap lists: all but the home page (listed as the site's root) and 404.
fn in_sitemap(page: &Page) -> bool {
    !matches!(page, Page::Home | Page::NotFound)
}

/// Every address the sitemap lists, with its last change when known (documents).
pub fn sitemap_addresses(
    site: &Site,
    plan: &OutputPlan,
) -> Vec<(String, Option<chrono::NaiveDate>)> {
    let mut out = vec![(String::new(), None)];
    out.extend(site.docs.iter().map(|d| (d.url.clone(), d.date.to_naive())));
    out.extend(
        plan.pages
            .iter()
            .zip(&plan.addresses)
            .filter(|(p, _)| in_sitemap(p))
            .map(|(_, address)| (address.clone(), None)),
    );
    out
}

const SITEMAP_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// The URL set, or for a site past the 50,000-URL limit, the index of its parts.
fn sitemap(r: &Renderer<'_>, addresses: &[(String, Option<chrono::NaiveDate>)]) -> String {
    let base = &r.site.config.base_url;
    if addresses.len() <= SITEMAP_URLS {
        return urlset(base, addresses);
    }
    let mut x = format!(
        "{SITEMAP_HEAD}<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    );
    for n in 1..=addresses.len().div_ceil(SITEMAP_URLS) {
        let _ = writeln!(
            x,
            "<sitemap><loc>{}sitemap-{n}.xml</loc></sitemap>",
            escape_attr(base)
        );
    }
    x.push_str("</sitemapindex>\n");
    x
}

fn urlset(base: &str, addresses: &[(String, Option<chrono::NaiveDate>)]) -> String {
    let base = escape_attr(base);
    let mut x =
        format!("{SITEMAP_HEAD}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (address, lastmod) in addresses {
        let lastmod = lastmod
            .map(|d| format!("<lastmod>{}</lastmod>", d.format("%Y-%m-%d")))
            .unwrap_or_default();
        let _ = writeln!(
            x,
            "<url><loc>{base}{}</loc>{lastmod}</url>",
            escape_attr(address)
        );
    }
    x.push_str("</urlset>\n");
    x
}
