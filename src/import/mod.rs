//! `bantin import`: Word (.docx), OpenDocument (.odt) and text files into documents of the
//! site, their fields read from the official layout into front matter.
//!
//! ```text
//! bytes ──reader (docx | odt | text)──▶ Doc ──fields──▶ Fields + Layout ──▶ ImportedDocument
//! ```
//!
//! [`import_file`] does all of it in memory (for the command and for uploads); [`write`](mod@write)
//! puts the result under `content/`, proving every path inside it first.

mod body;
mod docx;
pub mod encoding;
pub mod fields;
pub mod model;
mod names;
mod odt;
pub mod report;
pub mod run;
mod text;
pub mod write;
mod xml;
mod zipped;

use serde::Serialize;

use crate::content::Kind;
use crate::i18n::Message;
use crate::i18n::codes::{self, Code};
use crate::registry::Registries;
use crate::vi;
pub use fields::Fields;
use names::find_campaigns;
pub use names::{match_unit, normal_case};

/// Largest input file read: a signed plan with scanned pages stays far below.
pub const MAX_FILE: u64 = 40 * 1024 * 1024;

/// Why a file could not be imported. Each says what to do, in the site's language.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    NotFound,
    Unreadable(String),
    Empty,
    TooLarge(u64),
    NotZip,
    BadZip(String),
    NotWord,
    NotOdt,
    BadXml(String),
    /// An OLE container: a Word 97 file, or an encrypted (password-protected) Office file.
    OleContainer,
    Encrypted,
    WordBinary,
    Pdf,
    NotText,
    Unsupported(String),
    NoText,
    /// A Markdown file that is already a document of the site.
    HasFrontMatter,
}

pub use crate::i18n::Lang;

impl ImportError {
    /// The kind of problem: its code and message.
    pub fn code(&self) -> Code {
        match self {
            ImportError::NotFound => codes::IMPORT_NOT_FOUND,
            ImportError::Unreadable(_) => codes::IMPORT_UNREADABLE,
            ImportError::Empty => codes::IMPORT_EMPTY,
            ImportError::TooLarge(_) => codes::IMPORT_TOO_LARGE,
            ImportError::NotZip => codes::IMPORT_NOT_ZIP,
            ImportError::BadZip(_) => codes::IMPORT_BAD_ZIP,
            ImportError::NotWord => codes::IMPORT_NOT_WORD,
            ImportError::NotOdt => codes::IMPORT_NOT_ODT,
            ImportError::BadXml(_) => codes::IMPORT_BAD_XML,
            ImportError::OleContainer | ImportError::Encrypted => codes::IMPORT_ENCRYPTED,
            ImportError::WordBinary => codes::IMPORT_DOC,
            ImportError::Pdf => codes::IMPORT_PDF,
            ImportError::NotText => codes::IMPORT_NOT_TEXT,
            ImportError::Unsupported(_) => codes::IMPORT_UNSUPPORTED,
            ImportError::NoText => codes::IMPORT_NO_TEXT,
            ImportError::HasFrontMatter => codes::IMPORT_FRONT_MATTER,
        }
    }

    /// What is wrong and how to fix it, from the catalogue.
    pub fn message(&self, lang: Lang) -> String {
        let m = Message::new(self.code().id);
        let m = match self {
            ImportError::Unreadable(e) | ImportError::BadZip(e) | ImportError::BadXml(e) => {
                m.arg("reason", e)
            }
            ImportError::TooLarge(n) => m.arg("limit", n / (1024 * 1024)),
            ImportError::Unsupported(ext) => m.arg("extension", ext),
            _ => m,
        };
        m.text(lang)
    }
}

/// A field of the report: how sure the importer is of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Found,
    /// Read from somewhere other than its usual place, or completed by the importer.
    Guessed,
    Missing,
}

/// An imported document, ready to be written.
#[derive(Debug, Serialize)]
pub struct ImportedDocument {
    /// The fields as the document writes them.
    pub fields: Fields,
    /// The unit as the front matter names it: the registry's name, or the written one in
    /// normal case.
    pub unit: Option<String>,
    /// False when units.yaml has no such unit.
    pub unit_registered: bool,
    pub campaigns: Vec<String>,
    /// Year of the folder and `date` when the document has no date line.
    pub year: i32,
    pub slug: String,
    /// The Markdown file: front matter and body.
    pub markdown: String,
    /// Images extracted, by file name (beside the document).
    #[serde(skip)]
    pub images: Vec<(String, Vec<u8>)>,
    /// Legacy encodings converted: the encoding, and the runs in it (0: the whole file).
    pub conversions: Vec<(String, usize)>,
    /// Per field: how sure, and a note.
    pub review: Vec<(String, Status)>,
    /// The name the original is kept under, beside the document.
    pub original_name: Option<String>,
}

/// The kind of input, by file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Docx,
    Odt,
    Text,
    Doc,
    Pdf,
}

pub fn format_of(name: &str) -> Result<Format, ImportError> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "docx" | "docm" => Format::Docx,
        "odt" => Format::Odt,
        "txt" | "md" | "markdown" => Format::Text,
        "doc" => Format::Doc,
        "pdf" => Format::Pdf,
        _ => return Err(ImportError::Unsupported(ext)),
    })
}

/// Reads a file's bytes into a document of the site. `name` is the file's name (its
/// extension picks the reader); `today_year` dates a document that has no year at all.
pub fn import_file(
    bytes: &[u8],
    name: &str,
    registries: &Registries,
    today_year: i32,
) -> Result<ImportedDocument, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() as u64 > MAX_FILE {
        return Err(ImportError::TooLarge(MAX_FILE));
    }
    let format = format_of(name)?;
    let mut doc = match format {
        Format::Docx => docx::read(bytes)?,
        Format::Odt => odt::read(bytes)?,
        Format::Doc => {
            return Err(if is_encrypted_ole(bytes) {
                ImportError::Encrypted
            } else {
                ImportError::WordBinary
            });
        }
        Format::Pdf => return Err(ImportError::Pdf),
        Format::Text => {
            if bytes.starts_with(b"PK\x03\x04")
                || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
                || bytes.iter().take(8192).filter(|&&b| b == 0).count() > 0
                    && !bytes.starts_with(b"\xFF\xFE")
                    && !bytes.starts_with(b"\xFE\xFF")
            {
                return Err(ImportError::NotText);
            }
            let (text, legacy) = encoding::decode_text_file(bytes);
            let first = text
                .trim_start_matches('\u{feff}')
                .lines()
                .next()
                .unwrap_or("");
            if first.trim_end() == "---" {
                return Err(ImportError::HasFrontMatter);
            }
            let mut d = text::read(&text);
            if let Some(l) = legacy {
                d.conversions.push((l.name().to_owned(), 0));
            }
            d
        }
    };
    if doc
        .blocks
        .iter()
        .all(|b| matches!(b, model::Block::Para(p) if p.is_blank()))
    {
        return Err(ImportError::NoText);
    }
    // NFC everywhere: legacy decoders and Word itself may leave decomposed text.
    for b in &mut doc.blocks {
        normalise(b);
    }
    let (fields, layout) = fields::read(&doc.blocks);
    let original_name =
        matches!(format, Format::Docx | Format::Odt).then(|| original_file_name(name));
    Ok(assemble(
        doc,
        fields,
        layout,
        registries,
        today_year,
        original_name,
        name,
    ))
}

fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn normalise(b: &mut model::Block) {
    match b {
        model::Block::Para(p) => {
            for r in &mut p.runs {
                if let std::borrow::Cow::Owned(s) = vi::nfc(&r.text) {
                    r.text = s;
                }
            }
        }
        model::Block::Table(t) => {
            for c in t.rows.iter_mut().flatten() {
                for p in &mut c.paras {
                    for r in &mut p.runs {
                        if let std::borrow::Cow::Owned(s) = vi::nfc(&r.text) {
                            r.text = s;
                        }
                    }
                }
            }
        }
    }
}

/// The original's name as kept beside the document: folded to safe ASCII, its extension kept.
pub fn original_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = base.rsplit_once('.').unwrap_or((base, ""));
    let stem = vi::slug(stem);
    let stem = if stem.is_empty() {
        "ban-goc".to_owned()
    } else {
        stem.chars().take(60).collect()
    };
    let ext: String = ext
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(5)
        .collect::<String>()
        .to_lowercase();
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

fn assemble(
    doc: model::Doc,
    f: Fields,
    layout: fields::Layout,
    registries: &Registries,
    today_year: i32,
    original_name: Option<String>,
    file_name: &str,
) -> ImportedDocument {
    let mut review: Vec<(String, Status)> = Vec::new();
    let status = |found: bool| {
        if found {
            Status::Found
        } else {
            Status::Missing
        }
    };

    let (unit, unit_registered) = match &f.issuing_unit {
        Some(written) => match match_unit(registries, written) {
            Some(i) => (Some(registries.units[i].name.clone()), true),
            None => (Some(normal_case(written)), false),
        },
        None => (None, false),
    };
    let mut all_text = f.title.clone().unwrap_or_default();
    for t in fields::paragraph_texts(&doc.blocks[layout.body_start.min(doc.blocks.len())..]) {
        all_text.push('\n');
        all_text.push_str(&t);
    }
    let campaigns = find_campaigns(registries, &all_text);

    let year = f
        .date
        .map(|d| d.year)
        .or_else(|| {
            f.title.as_deref().and_then(|t| {
                regex::Regex::new(r"\b((?:19|20)\d\d)\b")
                    .ok()?
                    .captures(t)?[1]
                    .parse()
                    .ok()
            })
        })
        .unwrap_or(today_year);

    review.push(("kind".into(), status(f.kind.is_some())));
    review.push(("title".into(), status(f.title.is_some())));
    review.push(("number".into(), status(f.number.is_some())));
    review.push((
        "date".into(),
        match f.date {
            Some(d) if d.day.is_some() => Status::Found,
            Some(_) => Status::Guessed,
            None => Status::Missing,
        },
    ));
    review.push(("place".into(), status(f.place.is_some())));
    review.push((
        "unit".into(),
        match (&unit, unit_registered, f.unit_from_body) {
            (None, _, _) => Status::Missing,
            (Some(_), true, false) => Status::Found,
            _ => Status::Guessed,
        },
    ));
    review.push((
        "signer".into(),
        match &f.signer {
            Some(s) if s.name.is_some() && s.title.is_some() => Status::Found,
            Some(_) => Status::Guessed,
            None => Status::Missing,
        },
    ));
    review.push(("recipients".into(), status(!f.recipients.is_empty())));
    review.push(("based_on".into(), status(!f.based_on.is_empty())));
    if f.kind == Some(Kind::Report) {
        review.push(("reports_on".into(), status(f.reports_on.is_some())));
    }
    review.push(("period".into(), status(f.period.is_some())));
    review.push(("deadlines".into(), status(!f.deadlines.is_empty())));
    review.push(("campaigns".into(), status(!campaigns.is_empty())));

    let kind = f.kind.unwrap_or(Kind::Other);
    // Without a title, the file's own name says what the document is.
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let slug = write::slug_for(
        kind,
        f.title.as_deref().or(Some(stem)),
        unit.as_deref()
            .map(|u| match_unit(registries, u).map_or(u, |i| registries.units[i].display_name())),
    );

    let mut body = String::new();
    let sig = layout.signature.clone();
    body::write(
        &doc.blocks[layout.body_start.min(sig.start)..sig.start],
        &mut body,
    );
    if sig.end < doc.blocks.len() {
        body.push_str("* * *\n\n");
        body::write(&doc.blocks[sig.end..], &mut body);
    }

    let mut imported = ImportedDocument {
        fields: f,
        unit,
        unit_registered,
        campaigns,
        year,
        slug,
        markdown: String::new(),
        images: doc.images,
        conversions: doc.conversions,
        review,
        original_name,
    };
    imported.markdown = write::front_matter(&imported) + &body;
    imported
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_normal_case() {
        assert_eq!(
            normal_case("ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN"),
            "Ủy ban nhân dân huyện Đồng Văn"
        );
        assert_eq!(normal_case("HUYỆN ỦY TAM ĐƯỜNG"), "Huyện ủy Tam Đường");
        assert_eq!(normal_case("SỞ TƯ PHÁP"), "Sở Tư pháp");
        assert_eq!(normal_case("UBND XÃ MINH TÂN"), "UBND xã Minh Tân");
        assert_eq!(normal_case("T/M BAN THƯỜNG VỤ"), "T/M Ban Thường vụ");
        assert_eq!(normal_case("KT. CHỦ TỊCH"), "KT. Chủ tịch");
        assert_eq!(normal_case("PHÓ CHỦ TỊCH"), "Phó Chủ tịch");
        assert_eq!(normal_case("Đã viết thường"), "Đã viết thường");
    }

    #[test]
    fn units_match_the_registry_folding_case_and_marks() {
        let mut diags = Vec::new();
        let regs = Registries::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &mut diags,
        );
        let name = |w: &str| match_unit(&regs, w).map(|i| regs.units[i].name.clone());
        assert_eq!(
            name("ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN").as_deref(),
            Some("Ủy ban nhân dân huyện Đồng Văn")
        );
        assert_eq!(
            name("UY BAN NHAN DAN HUYEN HONG NGU").as_deref(),
            Some("Ủy ban nhân dân huyện Hồng Ngự")
        );
        assert_eq!(
            name("HUYỆN ỦY TAM ĐƯỜNG").as_deref(),
            Some("Huyện ủy Tam Đường")
        );
        assert_eq!(name("UBND XÃ KHÔNG CÓ"), None);
    }

    #[test]
    fn originals_keep_a_safe_name() {
        assert_eq!(
            original_file_name("../../Kế hoạch số 5.DOCX"),
            "ke-hoach-so-5.docx"
        );
        assert_eq!(original_file_name("C:\\tmp\\.docx"), "ban-goc.docx");
    }
}
