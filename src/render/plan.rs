//! The output plan: every output of a site, planned once from the Site, as one value.
//! `build` and `check` render all of it; `serve` keeps it while the Site's documents and
//! indexes stay in place, and renders the entries whose key changed.

use crate::render::feeds::{self, Feed};
use crate::render::pages::{self, Page};
use crate::resolve::Site;

/// Every output: one page per document (with its bundle), the site's own pages, its
/// feeds, calendars, sitemap and robots.txt, the search index and the theme's static files.
/// Pages and feeds are entries by their place here; serve matches them up with the last
/// build's by place while the plan is the same, or by their files.
#[derive(Clone, Debug)]
pub struct OutputPlan {
    /// Documents' pages, one per document, in the Site's order.
    pub documents: usize,
    /// Every page but the documents', in a fixed order.
    pub pages: Vec<Page>,
    /// Each page's address, as links and the sitemap give it.
    pub addresses: Vec<String>,
    /// Every feed, calendar, the sitemap and robots.txt, in a fixed order.
    pub feeds: Vec<Feed>,
    /// The file each feed is written to.
    pub feed_paths: Vec<String>,
}

impl OutputPlan {
    pub fn of(site: &Site) -> OutputPlan {
        let pages = pages::plan(site);
        let addresses = pages.iter().map(|p| p.address(site)).collect();
        let feeds = feeds::plan(site, &pages);
        let feed_paths = feeds.iter().map(|f| f.path(site)).collect();
        OutputPlan {
            documents: site.docs.len(),
            pages,
            addresses,
            feeds,
            feed_paths,
        }
    }

    /// The pages a build makes from templates, documents' and the site's own: what its
    /// progress counts.
    pub fn page_count(&self) -> usize {
        self.documents + self.pages.len()
    }

    /// The files of the site's own pages and feeds, which no document may take.
    pub fn own_files(&self) -> impl Iterator<Item = String> + '_ {
        self.addresses
            .iter()
            .map(|a| pages::file_of(a))
            .chain(self.feed_paths.iter().cloned())
    }
}
