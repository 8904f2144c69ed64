//! The editor's desk at `/__bantin/soan-thao/`: a form that writes documents into
//! `content/`, validated by the build's own checks, for officers who do not edit YAML.
//!
//! ```text
//! browser ─ GET  page, data, document ─────────────▶ read-only answers
//!         ─ POST check, save, unit, campaign, upload, import
//!                  └─ guard (token, Origin, Host) ─▶ check ─▶ store (atomic, inside content/)
//!                                                              └─▶ watcher rebuilds the preview
//! ```
//!
//! The desk exists only while serve listens on loopback, or with `--allow-edit`. Nothing of
//! it is ever part of a built site: it lives in `serve` alone.

mod check;
mod form;
mod guard;
mod page;
mod store;
mod uploads;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Live;
use super::head::Head;
use super::http::Response;
use crate::i18n::Lang;
use form::Fields;
use uploads::Upload;

/// Where the desk answers.
pub const PREFIX: &str = "/__bantin/soan-thao";
/// The largest file the desk takes: a signed scan or a Word file with pictures.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;
/// The largest request body: an upload, or a document's form as JSON.
pub const MAX_BODY: usize = MAX_UPLOAD;
/// The desk of one serve process.
pub struct Desk {
    site: crate::Options,
    content: PathBuf,
    /// Proves a write comes from the desk page this process served.
    token: String,
    cache: Mutex<check::Cache>,
    /// What changed on disk since the cache was brought up to date.
    changed: Mutex<check::Changed>,
    /// The preview's version (`Status::html`) at the last request: the cache follows it.
    version: std::sync::atomic::AtomicU64,
    pending: Mutex<VecDeque<Upload>>,
}

impl Desk {
    pub fn new(site: &crate::Options) -> std::io::Result<Desk> {
        Ok(Desk {
            content: site.root.join("content"),
            site: site.clone(),
            token: guard::new_token()?,
            cache: Mutex::default(),
            changed: Mutex::default(),
            version: Default::default(),
            pending: Mutex::default(),
        })
    }
}

/// 413 for a body over the limit, before any of it is read.
pub fn too_large(lang: Lang) -> Response {
    let limit = (MAX_UPLOAD / 1024 / 1024).to_string();
    refusal(413, lang, crate::msg!("desk-too-large", limit = limit))
}

/// Every request under [`PREFIX`].
pub fn handle(request: &Head, body: &[u8], live: &Live) -> Response {
    let status = live.current().status.clone();
    let lang = status.lang;
    let Some(desk) = &live.desk else {
        return Response::text(404, &said(lang, &crate::msg!("desk-off")));
    };
    desk.version
        .store(status.html, std::sync::atomic::Ordering::SeqCst);
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target.as_str(), ""));
    let route = path.strip_prefix(PREFIX).unwrap_or("");
    let method = request.method.as_str();
    match (method, route) {
        ("GET" | "HEAD", "") => Response::new(301, Vec::new(), Arc::from([]))
            .with("Location", format!("{PREFIX}/"))
            .with("Cache-Control", "no-cache"),
        ("GET" | "HEAD", "/") => page::html(&desk.token, lang),
        ("GET" | "HEAD", "/desk.js") => page::asset("desk.js"),
        ("GET" | "HEAD", "/desk.css") => page::asset("desk.css"),
        ("GET", "/du-lieu") => desk.data(lang),
        ("GET", "/van-ban") => desk.open(query, lang),
        ("POST", _) => {
            if let Err(why) = guard::check(request, &desk.token, &live.allow_hosts) {
                return refusal(403, lang, why);
            }
            match route {
                "/kiem-tra" => desk.json(body, lang, |d, r: SaveRequest| d.check(r, lang)),
                "/luu" => desk.json(body, lang, |d, r: SaveRequest| d.save(r, lang)),
                "/don-vi" => desk.json(body, lang, |d, r: NewEntry| d.add_entry(r, true, lang)),
                "/chien-dich" => {
                    desk.json(body, lang, |d, r: NewEntry| d.add_entry(r, false, lang))
                }
                "/xem-truoc" => {
                    desk.json(body, lang, |_, r: PreviewRequest| preview(&r.body, lang))
                }
                "/tep" => desk.upload(query, body, lang),
                "/nhap" => desk.import(query, body, lang),
                _ => Response::text(404, "not found"),
            }
        }
        ("GET" | "HEAD", _) => Response::text(404, "not found"),
        _ => Response::text(405, "only GET, HEAD and POST").with("Allow", "GET, HEAD, POST"),
    }
}

/// A JSON answer that no page may cache.
fn reply(code: u16, value: &serde_json::Value) -> Response {
    Response::new(
        code,
        vec![
            ("Content-Type", "application/json; charset=utf-8".into()),
            ("Cache-Control", "no-store".into()),
            ("X-Content-Type-Options", "nosniff".into()),
        ],
        Arc::from(value.to_string().into_bytes()),
    )
}

/// A refusal the desk shows to the officer, in the catalogue's words and with its code.
fn refusal(status: u16, lang: Lang, message: crate::i18n::Message) -> Response {
    reply(
        status,
        &json!({ "error": said(lang, &message), "code": code_of(&message) }),
    )
}

/// A desk message as the officer reads it: `BT218: …`, the code listed in docs/ma-loi.md.
fn said(lang: Lang, message: &crate::i18n::Message) -> String {
    match code_of(message) {
        Some(code) => format!("{code}: {}", message.text(lang)),
        None => message.text(lang),
    }
}

fn code_of(message: &crate::i18n::Message) -> Option<&'static str> {
    crate::i18n::codes::ALL
        .iter()
        .find(|c| c.id == message.id)
        .map(|c| c.code)
}

/// What the form sends to check or save.
#[derive(Deserialize)]
struct SaveRequest {
    /// The document's path under `content/`, when it exists.
    #[serde(default)]
    path: Option<String>,
    /// The version of the file the form was opened from.
    #[serde(default)]
    version: Option<String>,
    fields: Fields,
    #[serde(default)]
    body: String,
    /// Uploads to put beside the document, by id.
    #[serde(default)]
    uploads: Vec<String>,
}

#[derive(Deserialize)]
struct PreviewRequest {
    body: String,
}

/// The body as the site's page will show it: the build's own Markdown renderer, raw HTML
/// sanitised as on a site that does not trust it.
fn preview(body: &str, lang: Lang) -> Response {
    let none = |_: usize| None;
    let no_document = |_: &str| None;
    let anchor = crate::i18n::text(lang, "desk-ui-heading");
    let cx = crate::markdown::Context {
        trust_html: false,
        anchor_label: &anchor,
        citations: &[],
        citation_href: &none,
        document_href: &no_document,
    };
    let rendered = crate::markdown::render(body, &cx);
    reply(200, &json!({ "html": rendered.html }))
}

#[derive(Deserialize)]
struct NewEntry {
    name: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    parent: String,
}

#[derive(Serialize)]
struct Entry {
    name: String,
    /// Folded, for the picker's search.
    key: String,
    /// Aliases and the short name, folded.
    also: String,
}

impl Desk {
    fn json<T: serde::de::DeserializeOwned>(
        &self,
        body: &[u8],
        lang: Lang,
        then: impl FnOnce(&Desk, T) -> Response,
    ) -> Response {
        match serde_json::from_slice::<T>(body) {
            Ok(request) => then(self, request),
            Err(e) => refusal(
                400,
                lang,
                crate::msg!("desk-bad-request", reason = e.to_string()),
            ),
        }
    }

    /// Units, campaigns and documents, for the pickers (which search in the browser).
    fn data(&self, lang: Lang) -> Response {
        let cache = self.loaded();
        let entry = |name: &str, also: &[&str]| Entry {
            name: name.to_owned(),
            key: crate::vi::fold(name),
            also: also
                .iter()
                .map(|a| crate::vi::fold(a))
                .collect::<Vec<_>>()
                .join(" | "),
        };
        let units: Vec<Entry> = cache
            .content
            .registries
            .units
            .iter()
            .filter(|u| u.registered)
            .map(|u| {
                let mut also: Vec<&str> = u.aliases.iter().map(String::as_str).collect();
                also.extend(u.short.as_deref());
                entry(&u.name, &also)
            })
            .collect();
        let campaigns: Vec<Entry> = cache
            .content
            .registries
            .campaigns
            .iter()
            .filter(|c| c.registered)
            .map(|c| {
                entry(
                    &c.name,
                    &c.aliases.iter().map(String::as_str).collect::<Vec<_>>(),
                )
            })
            .collect();
        let documents: Vec<serde_json::Value> = cache
            .content
            .documents
            .iter()
            .map(|d| {
                json!({
                    "number": d.number,
                    "title": d.title,
                    "kind": d.kind.key(),
                    "year": d.date.year,
                    "path": d.rel_path,
                    "key": crate::vi::fold(&format!("{} {}", d.number.as_deref().unwrap_or(""), d.title)),
                })
            })
            .collect();
        let levels: Vec<serde_json::Value> = crate::registry::Level::ALL
            .iter()
            .map(|l| json!({ "key": l.key(), "name": l.word_vi() }))
            .collect();
        let kinds: Vec<serde_json::Value> = crate::content::Kind::ALL
            .iter()
            .map(|k| json!({ "key": k.key(), "name": k.word_vi() }))
            .collect();
        let _ = lang;
        reply(
            200,
            &json!({
                "units": units, "campaigns": campaigns, "documents": documents,
                "levels": levels, "kinds": kinds,
            }),
        )
    }

    /// An existing document, for the form: by its path under `content/`, or by the address
    /// of its page (`trang`).
    fn open(&self, query: &str, lang: Lang) -> Response {
        let param = |name: &str| {
            query.split('&').find_map(|p| {
                let (k, v) = p.split_once('=')?;
                (k == name).then(|| {
                    percent_encoding::percent_decode_str(&v.replace('+', " "))
                        .decode_utf8_lossy()
                        .into_owned()
                })
            })
        };
        let rel = match (param("duong-dan"), param("trang")) {
            (Some(rel), _) => Some(rel),
            (None, Some(page)) => {
                let url = page.trim_start_matches('/');
                let cache = self.loaded();
                cache
                    .content
                    .documents
                    .iter()
                    .find(|d| d.url == url)
                    .map(|d| d.rel_path.clone())
            }
            _ => None,
        };
        let Some(rel) = rel else {
            return reply(200, &json!({ "new": true }));
        };
        let path = match store::inside(&self.content, &rel) {
            Ok(path) => path,
            Err(m) => return refusal(403, lang, m),
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                return refusal(
                    404,
                    lang,
                    crate::msg!("desk-not-found", path = &rel, reason = e.to_string()),
                );
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let opened = form::Opened::read(&text);
        reply(
            200,
            &json!({
                "path": rel,
                "version": store::version(&bytes),
                "fields": opened.fields,
                "body": opened.body(&text),
                "unreadable": opened.unreadable,
            }),
        )
    }

    fn check(&self, request: SaveRequest, lang: Lang) -> Response {
        let original = match self.original(&request, lang) {
            Ok(o) => o,
            Err(r) => return r,
        };
        let verdict = check::check(self, &request, original.as_deref(), lang);
        reply(200, &verdict.to_json())
    }

    /// The file as it is now on disk, when the form edits one.
    fn original(&self, request: &SaveRequest, lang: Lang) -> Result<Option<Vec<u8>>, Response> {
        let Some(rel) = &request.path else {
            return Ok(None);
        };
        let path = store::inside(&self.content, rel).map_err(|m| refusal(403, lang, m))?;
        std::fs::read(&path).map(Some).map_err(|e| {
            refusal(
                409,
                lang,
                crate::msg!("desk-not-found", path = rel, reason = e.to_string()),
            )
        })
    }

    fn save(&self, request: SaveRequest, lang: Lang) -> Response {
        let original = match self.original(&request, lang) {
            Ok(o) => o,
            Err(r) => return r,
        };
        if let (Some(bytes), Some(rel)) = (&original, &request.path) {
            if request.version.as_deref() != Some(store::version(bytes).as_str()) {
                return reply(
                    409,
                    &json!({
                        "changed": true,
                        "error": said(lang, &crate::msg!("desk-changed-meanwhile", path = rel)),
                    }),
                );
            }
        }
        let uploads = match self.take_uploads(&request.uploads) {
            Some(u) => u,
            None => return refusal(410, lang, crate::msg!("desk-upload-gone")),
        };
        let verdict = check::check(self, &request, original.as_deref(), lang);
        if verdict.errors > 0 && !request.fields.draft {
            let mut answer = verdict.to_json();
            answer["error"] = json!(said(lang, &crate::msg!("desk-errors-draft-only")));
            return reply(422, &answer);
        }
        let written = match &request.path {
            Some(rel) => store::replace(&self.content, rel, verdict.text.as_bytes(), &uploads),
            None => store::create(
                &self.content,
                &verdict.new_place,
                verdict.text.as_bytes(),
                &uploads,
            ),
        };
        match written {
            Ok(rel) => {
                let bytes = verdict.text.as_bytes();
                let url = crate::content::url_for(&rel).unwrap_or_default();
                let before = request.path.as_deref().unwrap_or(&rel);
                self.forget(&[&rel, before]);
                reply(
                    200,
                    &json!({
                        "path": rel,
                        "url": format!("/{url}"),
                        "version": store::version(bytes),
                        "draft": request.fields.draft,
                        "messages": verdict.to_json()["messages"],
                    }),
                )
            }
            Err(m) => refusal(409, lang, m),
        }
    }

    /// Adds a unit or a campaign to its registry.
    fn add_entry(&self, entry: NewEntry, unit: bool, lang: Lang) -> Response {
        let name = crate::vi::nfc(entry.name.trim()).into_owned();
        let file = if unit { "units.yaml" } else { "campaigns.yaml" };
        if name.is_empty() || name.contains(['\n', '\r']) {
            return refusal(422, lang, crate::msg!("desk-name-empty"));
        }
        {
            let cache = self.loaded();
            let r = &cache.content.registries;
            let taken = if unit {
                r.unit(&name).is_some_and(|i| r.units[i.index()].registered)
            } else {
                r.campaign(&name)
                    .is_some_and(|i| r.campaigns[i.index()].registered)
            };
            if taken {
                return refusal(409, lang, crate::msg!("desk-name-taken", name = &name));
            }
        }
        let level = crate::registry::Level::from_key(entry.level.trim());
        if unit && !entry.level.trim().is_empty() && level.is_none() {
            let m = crate::msg!("desk-level-unknown", level = entry.level.trim());
            return refusal(422, lang, m);
        }
        let mut text = format!("- name: {}\n", form::scalar(&name));
        if let Some(level) = level {
            text.push_str(&format!("  level: {}\n", level.key()));
        }
        let parent = entry.parent.trim();
        if unit && !parent.is_empty() {
            text.push_str(&format!("  parent: {}\n", form::scalar(parent)));
        }
        match store::append(&self.content, file, &text) {
            Ok(()) => {
                self.forget(&[file]);
                reply(200, &json!({ "name": name }))
            }
            Err(m) => refusal(409, lang, m),
        }
    }

    fn content_dir(&self) -> &Path {
        &self.content
    }
}
