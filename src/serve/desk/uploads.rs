//! Files sent ahead of a save: attachments, and Word or OpenDocument files read by the
//! importer into the form, kept in memory until a save names them.

use std::sync::Arc;

use serde_json::json;

use super::{Desk, form, guard, refusal, reply, store};
use crate::i18n::Lang;
use crate::serve::http::Response;

/// Uploads kept until a save uses them; older ones are dropped first.
const PENDING_KEPT: usize = 16;
/// What an attachment may be: documents, sheets, pictures, archives. No HTML, scripts or
/// programs, which a site would then serve as its own.
const ATTACHMENT_TYPES: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv", "ppt", "pptx", "odp",
    "jpg", "jpeg", "png", "gif", "webp", "zip",
];

/// A file sent ahead of a save (an attachment, or an imported original).
#[derive(Clone)]
pub(super) struct Upload {
    pub(super) id: String,
    pub(super) name: String,
    bytes: Arc<[u8]>,
}

impl Desk {
    /// A file sent ahead of a save, kept in memory until then.
    pub(super) fn upload(&self, query: &str, body: &[u8], lang: Lang) -> Response {
        let name = query_name(query);
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_lowercase())
            .unwrap_or_default();
        if !ATTACHMENT_TYPES.contains(&ext.as_str()) {
            let m = crate::msg!(
                "desk-upload-type",
                name = &name,
                types = ATTACHMENT_TYPES.join(", ")
            );
            return refusal(415, lang, m);
        }
        if body.is_empty() {
            return refusal(422, lang, crate::msg!("desk-upload-empty", name = &name));
        }
        let upload = self.keep(&name, body);
        reply(200, &json!({ "id": upload.id, "name": upload.name }))
    }

    /// A Word, OpenDocument or text file, read by the importer into the form; the original
    /// kept to go beside the document.
    pub(super) fn import(&self, query: &str, body: &[u8], lang: Lang) -> Response {
        let name = query_name(query);
        let today = self
            .site
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        use chrono::Datelike;
        let imported = {
            let cache = self.loaded();
            crate::import::import_file(body, &name, &cache.content.registries, today.year())
        };
        let imported = match imported {
            Ok(d) => d,
            Err(e) => return reply(422, &json!({ "error": e.message(lang) })),
        };
        let opened = form::Opened::read(&imported.markdown);
        let original = imported.original_name.as_ref().map(|kept| {
            let u = self.keep(kept, body);
            json!({ "id": u.id, "name": u.name })
        });
        let review: Vec<&str> = imported
            .review
            .iter()
            .filter(|(_, s)| *s != crate::import::Status::Found)
            .map(|(k, _)| k.as_str())
            .collect();
        let images: Vec<serde_json::Value> = imported
            .images
            .iter()
            .map(|(n, b)| {
                let u = self.keep(n, b);
                json!({ "id": u.id, "name": u.name })
            })
            .collect();
        reply(
            200,
            &json!({
                "fields": opened.fields,
                "body": opened.body(&imported.markdown),
                "review": review,
                "original": original,
                "images": images,
            }),
        )
    }

    fn keep(&self, name: &str, bytes: &[u8]) -> Upload {
        let upload = Upload {
            id: guard::new_token().unwrap_or_else(|_| format!("{:x}", bytes.len())),
            name: store::file_name(name),
            bytes: Arc::from(bytes),
        };
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if pending.len() >= PENDING_KEPT {
            pending.pop_front();
        }
        pending.push_back(upload.clone());
        upload
    }

    /// The uploads a save names, or None when one is no longer kept.
    pub(super) fn take_uploads(&self, ids: &[String]) -> Option<Vec<(String, Arc<[u8]>)>> {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        ids.iter()
            .map(|id| {
                pending
                    .iter()
                    .find(|u| &u.id == id)
                    .map(|u| (u.name.clone(), u.bytes.clone()))
            })
            .collect()
    }
}

fn query_name(query: &str) -> String {
    query
        .split('&')
        .find_map(|p| p.strip_prefix("ten="))
        .map(|v| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default()
}
