//! `bantin import`: Word (.docx), OpenDocument (.odt) and text files into documents of the
//! site, their fields read from the official layout into front matter.
//!
//! ```text
//! bytes ──reader (docx | odt | text)──▶ Doc ──fields──▶ Fields + Layout ──▶ ImportedDocument
//! ```
//!
//! [`import_file`] does all of it in memory (for the command and for uploads); [`write`]
//! puts the result under `content/`, proving every path inside it first.

mod body;
mod docx;
pub mod encoding;
pub mod fields;
pub mod model;
mod odt;
pub mod report;
pub mod run;
mod text;
pub mod write;
mod xml;
mod zipped;

use serde::Serialize;

use crate::content::Kind;
use crate::registry::Registries;
use crate::vi;
pub use fields::Fields;

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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn from_code(code: &str) -> Lang {
        if code == "en" { Lang::En } else { Lang::Vi }
    }

    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

const HOW_TO_DOCX_VI: &str = "mở tệp bằng Word, chọn Tệp → Lưu thành (File → Save As), chọn kiểu “Word Document (*.docx)”; hoặc mở bằng LibreOffice Writer, Tệp → Lưu thành, kiểu “Word 2007–365 (.docx)”; rồi nhập tệp .docx mới";
const HOW_TO_DOCX_EN: &str = "open it in Word, File → Save As, type “Word Document (*.docx)”; or in LibreOffice Writer, File → Save As, type “Word 2007–365 (.docx)”; then import the new .docx";

impl ImportError {
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::NotFound => "import-not-found",
            ImportError::Unreadable(_) => "import-unreadable",
            ImportError::Empty => "import-empty",
            ImportError::TooLarge(_) => "import-too-large",
            ImportError::NotZip | ImportError::BadZip(_) => "import-not-zip",
            ImportError::NotWord => "import-not-word",
            ImportError::NotOdt => "import-not-odt",
            ImportError::BadXml(_) => "import-bad-xml",
            ImportError::OleContainer | ImportError::Encrypted => "import-encrypted",
            ImportError::WordBinary => "import-doc",
            ImportError::Pdf => "import-pdf",
            ImportError::NotText => "import-not-text",
            ImportError::Unsupported(_) => "import-unsupported",
            ImportError::NoText => "import-no-text",
        }
    }

    /// What is wrong and how to fix it.
    pub fn message(&self, lang: Lang) -> String {
        let mb = |n: u64| n / (1024 * 1024);
        match (self, lang) {
            (ImportError::NotFound, Lang::Vi) => "không có tệp hay thư mục này: kiểm tra lại tên và đường dẫn".into(),
            (ImportError::NotFound, Lang::En) => "no such file or folder: check the name and path".into(),
            (ImportError::Unreadable(e), Lang::Vi) => format!("không đọc được tệp ({e}): kiểm tra quyền đọc, hoặc đóng chương trình đang mở tệp"),
            (ImportError::Unreadable(e), Lang::En) => format!("cannot read the file ({e}): check permissions, or close the program holding it"),
            (ImportError::Empty, Lang::Vi) => "tệp rỗng (0 byte): chép lại tệp gốc rồi nhập lại".into(),
            (ImportError::Empty, Lang::En) => "the file is empty (0 bytes): copy the original again and import it".into(),
            (ImportError::TooLarge(n), Lang::Vi) => format!("tệp quá lớn (giới hạn {} MB): một kế hoạch, báo cáo thường dưới 5 MB; hãy nén ảnh trong Word (Tệp → Nén ảnh) hoặc tách phụ lục thành tệp riêng", mb(*n)),
            (ImportError::TooLarge(n), Lang::En) => format!("the file is too large (limit {} MB): a plan or report is usually under 5 MB; compress its pictures in Word (File → Compress Pictures) or split the appendices off", mb(*n)),
            (ImportError::NotZip, Lang::Vi) => format!("đây không phải tệp Word .docx thật (nội dung không phải gói .docx; có thể là tệp khác bị đổi đuôi, hoặc tệp hỏng): {HOW_TO_DOCX_VI}"),
            (ImportError::NotZip, Lang::En) => format!("this is not a real Word .docx (its content is not a .docx package: another file renamed, or a damaged one): {HOW_TO_DOCX_EN}"),
            (ImportError::BadZip(e), Lang::Vi) => format!("tệp .docx/.odt bị hỏng ({e}): mở bằng Word hoặc LibreOffice, lưu lại rồi nhập lại"),
            (ImportError::BadZip(e), Lang::En) => format!("the .docx/.odt is damaged ({e}): open it in Word or LibreOffice, save it again and import it"),
            (ImportError::NotWord, Lang::Vi) => "gói tệp không có word/document.xml nên không phải văn bản Word: hãy nhập đúng tệp .docx của văn bản".into(),
            (ImportError::NotWord, Lang::En) => "the package has no word/document.xml, so it is not a Word document: import the document's own .docx".into(),
            (ImportError::NotOdt, Lang::Vi) => "gói tệp không có content.xml nên không phải văn bản OpenDocument (.odt)".into(),
            (ImportError::NotOdt, Lang::En) => "the package has no content.xml, so it is not an OpenDocument text (.odt)".into(),
            (ImportError::BadXml(e), Lang::Vi) => format!("nội dung văn bản bị hỏng ({e}): mở bằng Word, lưu lại rồi nhập lại"),
            (ImportError::BadXml(e), Lang::En) => format!("the document's content is damaged ({e}): open it in Word, save it again and import it"),
            (ImportError::OleContainer | ImportError::Encrypted, Lang::Vi) => format!("tệp có mật khẩu (được mã hóa) hoặc là tệp Word 97–2003 (.doc) bị đổi đuôi: mở bằng Word, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu → Mã hóa bằng mật khẩu, xóa mật khẩu), rồi {HOW_TO_DOCX_VI}"),
            (ImportError::OleContainer | ImportError::Encrypted, Lang::En) => format!("the file is password-protected (encrypted) or is a Word 97–2003 (.doc) file renamed: open it in Word, remove the password (File → Info → Protect Document → Encrypt with Password, clear it), then {HOW_TO_DOCX_EN}"),
            (ImportError::WordBinary, Lang::Vi) => format!("tệp Word 97–2003 (.doc) chưa nhập trực tiếp được: {HOW_TO_DOCX_VI}"),
            (ImportError::WordBinary, Lang::En) => format!("Word 97–2003 files (.doc) cannot be imported directly: {HOW_TO_DOCX_EN}"),
            (ImportError::Pdf, Lang::Vi) => "tệp PDF không giữ bố cục văn bản (đầu văn bản, chữ ký, nơi nhận) nên không nhập được: hãy xin bản Word (.docx) gốc; nếu chỉ có PDF, mở bằng Word (Tệp → Mở, Word chuyển PDF thành văn bản), kiểm tra lại rồi Lưu thành .docx và nhập tệp đó".into(),
            (ImportError::Pdf, Lang::En) => "a PDF does not keep the document's layout (header, signature, recipients), so it cannot be imported: ask for the original Word file (.docx); if there is only the PDF, open it in Word (File → Open converts it), check it, Save As .docx and import that".into(),
            (ImportError::NotText, Lang::Vi) => "tệp không phải văn bản thuần (có dữ liệu nhị phân): với văn bản Word hãy dùng đuôi .docx".into(),
            (ImportError::NotText, Lang::En) => "the file is not plain text (it holds binary data): for a Word document use the .docx file".into(),
            (ImportError::Unsupported(ext), Lang::Vi) => format!("không nhập được tệp “.{ext}”: bantin nhập .docx, .odt, .txt và .md"),
            (ImportError::Unsupported(ext), Lang::En) => format!("cannot import “.{ext}” files: bantin imports .docx, .odt, .txt and .md"),
            (ImportError::NoText, Lang::Vi) => "văn bản không có chữ nào (có thể chỉ là ảnh quét): hãy nhập bản có chữ".into(),
            (ImportError::NoText, Lang::En) => "the document has no text (perhaps only scanned images): import a version with text".into(),
        }
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

/// The comparison key of a unit name: folded, `Ủy ban nhân dân` as `UBND`, spaces single.
fn unit_key(name: &str) -> String {
    let f = vi::fold(name);
    let f = f
        .replace("uy ban nhan dan", "ubnd")
        .replace("uy ban mat tran to quoc", "ubmttq");
    f.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The registry unit a written name means, folding case and diacritics.
pub fn match_unit(registries: &Registries, written: &str) -> Option<usize> {
    if let Some(i) = registries.unit(written) {
        return Some(i);
    }
    let key = unit_key(written);
    registries.units.iter().position(|u| {
        u.registered
            && std::iter::once(&u.name)
                .chain(&u.short)
                .chain(&u.aliases)
                .any(|n| unit_key(n) == key)
    })
}

/// Capitals as a sentence is written: `ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN` → `Ủy ban nhân dân huyện
/// Đồng Văn`. Place names after `huyện`, `tỉnh`, `xã`… and names after `Sở`, `Ban`, `Phòng`…
/// keep their capitals; abbreviations (UBND, HĐND) stay whole.
pub fn normal_case(text: &str) -> String {
    if !text
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| !c.is_lowercase())
    {
        return text.to_owned();
    }
    const ABBREVIATIONS: &[&str] = &[
        "ubnd", "hdnd", "mttq", "ubmttq", "tw", "tp", "btv", "bch", "ct", "tt", "vt", "khxh",
        "cand", "qdnd",
    ];
    const PLACE_BEFORE: &[&str] = &[
        "huyen",
        "tinh",
        "xa",
        "phuong",
        "quan",
        "thi tran",
        "thanh pho",
        "thi xa",
        "huyen uy",
        "tinh uy",
        "dang uy",
        "thanh uy",
        "quan uy",
        "thi uy",
        "dang bo tinh",
        "dang bo huyen",
        "dang bo xa",
    ];
    const NAME_AFTER: &[&str] = &[
        "so",
        "ban",
        "phong",
        "trung tam",
        "chi cuc",
        "cuc",
        "vu",
        "van phong",
        "thuong vu",
        "chu tich",
        "bi thu",
        "giam doc",
        "truong ban",
        "truong phong",
        "pho",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut place = false;
    let mut capitalise_next = true;
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_lowercase();
        let folded = vi::fold(w);
        let word = if ABBREVIATIONS.contains(&folded.trim_matches(|c: char| !c.is_alphanumeric()))
            || w.contains('/')
            || w.contains('.') && w.len() <= 4
        {
            (*w).to_owned()
        } else if folded == "uy"
            && i > 0
            && ["huyen", "tinh", "dang", "thanh", "quan", "thi"]
                .contains(&vi::fold(words[i - 1]).as_str())
        {
            // `Huyện ủy`, `Tỉnh ủy`, `Đảng ủy`: the place comes after.
            lower
        } else if capitalise_next || place {
            capitalise(&lower)
        } else {
            lower
        };
        out.push(word);
        let prefix = vi::fold(&words[..=i].join(" "));
        let last_two = if i > 0 {
            vi::fold(&format!("{} {}", words[i - 1], w))
        } else {
            String::new()
        };
        // `Ban Dân vận`, `Sở Tư pháp`, but `Ủy ban nhân dân`.
        capitalise_next = (NAME_AFTER.contains(&folded.as_str()) && last_two != "uy ban")
            || NAME_AFTER.contains(&last_two.as_str())
            || w.contains('/')
            || w.ends_with('.');
        if PLACE_BEFORE.contains(&folded.as_str()) || PLACE_BEFORE.contains(&last_two.as_str()) {
            place = true;
        }
        let _ = prefix;
    }
    out.join(" ")
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Campaigns of the registry named (by name or alias) in the title or the text.
fn find_campaigns(registries: &Registries, text: &str) -> Vec<String> {
    let hay = format!(" {} ", unit_key(text));
    registries
        .campaigns
        .iter()
        .filter(|c| c.registered)
        .filter(|c| {
            std::iter::once(&c.name).chain(&c.aliases).any(|n| {
                let k = unit_key(n);
                !k.is_empty() && hay.contains(&format!(" {k} "))
            })
        })
        .map(|c| c.name.clone())
        .collect()
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
