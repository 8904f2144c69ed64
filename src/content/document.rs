//! The typed document: kinds, partial dates, signers, deadlines: what a bulletin entry is.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::vi;

pub use crate::date::PartialDate;

/// Loại văn bản.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Plan,
    Report,
    Program,
    Guide,
    Notice,
    Decision,
    Resolution,
    Directive,
    Conclusion,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Plan,
        Kind::Report,
        Kind::Program,
        Kind::Guide,
        Kind::Notice,
        Kind::Decision,
        Kind::Resolution,
        Kind::Directive,
        Kind::Conclusion,
        Kind::Other,
    ];

    /// The key used in front matter and translation files.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Report => "report",
            Kind::Program => "program",
            Kind::Guide => "guide",
            Kind::Notice => "notice",
            Kind::Decision => "decision",
            Kind::Resolution => "resolution",
            Kind::Directive => "directive",
            Kind::Conclusion => "conclusion",
            Kind::Other => "other",
        }
    }

    /// The URL segment of the kind's index: the Vietnamese name, slugged.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Plan => "ke-hoach",
            Kind::Report => "bao-cao",
            Kind::Program => "chuong-trinh",
            Kind::Guide => "huong-dan",
            Kind::Notice => "thong-bao",
            Kind::Decision => "quyet-dinh",
            Kind::Resolution => "nghi-quyet",
            Kind::Directive => "chi-thi",
            Kind::Conclusion => "ket-luan",
            Kind::Other => "van-ban-khac",
        }
    }

    /// The kind as an editor writes it: the English key or the Vietnamese name, in any case,
    /// with or without diacritics (`plan`, `kế hoạch`, `Ke hoach`, `ke-hoach`, `KẾ HOẠCH`).
    pub fn from_key(written: &str) -> Option<Kind> {
        let words = vi::folded_words(written);
        Kind::ALL.into_iter().find(|k| {
            k.key() == words
                || k.slug().replace('-', " ") == words
                || (*k == Kind::Other && matches!(words.as_str(), "van ban" | "khac"))
        })
    }

    /// The kind a document number shows: `138-KH/HU` and `05/KH-UBND` are plans.
    pub fn from_number(number: &str) -> Option<Kind> {
        Kind::from_abbreviation(number_abbreviation(number)?)
    }

    pub fn from_abbreviation(abbr: &str) -> Option<Kind> {
        Some(match abbr {
            "KH" => Kind::Plan,
            "BC" => Kind::Report,
            "CTr" | "CTR" => Kind::Program,
            "HD" | "HĐ" => Kind::Guide,
            "TB" => Kind::Notice,
            "QĐ" | "QD" => Kind::Decision,
            "NQ" => Kind::Resolution,
            "CT" => Kind::Directive,
            "KL" => Kind::Conclusion,
            _ => return None,
        })
    }

    /// Vietnamese word for the kind, used where a document names another (`Kế hoạch số 138`).
    pub fn word_vi(self) -> &'static str {
        match self {
            Kind::Plan => "Kế hoạch",
            Kind::Report => "Báo cáo",
            Kind::Program => "Chương trình",
            Kind::Guide => "Hướng dẫn",
            Kind::Notice => "Thông báo",
            Kind::Decision => "Quyết định",
            Kind::Resolution => "Nghị quyết",
            Kind::Directive => "Chỉ thị",
            Kind::Conclusion => "Kết luận",
            Kind::Other => "Văn bản",
        }
    }
}

/// The kind abbreviation inside a number: `KH` in `138-KH/HU` (Party) or `05/KH-UBND` (State).
pub fn number_abbreviation(number: &str) -> Option<&str> {
    let number = number.trim();
    let digits_end = number
        .find(|c: char| !c.is_ascii_digit())
        .filter(|&end| end > 0)?;
    let rest = &number[digits_end..];
    if let Some(party) = rest.strip_prefix('-') {
        party.split('/').next().filter(|s| !s.is_empty())
    } else if let Some(state) = rest.strip_prefix('/') {
        state.split('-').next().filter(|s| !s.is_empty())
    } else {
        None
    }
}

/// A Party document's number reads `N-XX/YY`; a State one `N/XX-YY`.
pub fn is_party_number(number: &str) -> bool {
    let digits_end = number.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    digits_end > 0 && number[digits_end..].starts_with('-')
}

/// Người ký: `KT. Chủ tịch / Phó Chủ tịch / Nguyễn Văn A`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    pub name: Option<String>,
    pub title: Option<String>,
    pub on_behalf: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: PartialDate,
    pub to: PartialDate,
}

/// Thời hạn: something due on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub date: PartialDate,
    pub what: String,
    /// Who owes it, as written: unit names, or `recipients` for the document's recipients.
    /// Empty when the document does not say.
    pub by: Vec<String>,
    /// Byte offset in the file where this deadline's `by` is written (0 when unknown), to
    /// point a message about one of its names at this deadline rather than the first.
    pub by_at: usize,
}

/// One document of the bulletin, as its front matter says. The body stays on disk until
/// it is rendered, so memory does not grow with the corpus' text. Serialised only where
/// `build` keeps what it loaded for the next build (`.bantin/documents.bin`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Document {
    /// Path of the Markdown file, as given to the loader.
    pub path: PathBuf,
    /// Path under `content/`, with `/` separators: `2022/thang-dan-van.md`.
    pub rel_path: String,
    /// Address of the page under the site root: `2022/thang-dan-van/`.
    pub url: String,
    /// Byte range of the body within the NFC text of the file, and its first line.
    pub body: std::ops::Range<usize>,
    pub body_line: usize,
    /// A fingerprint of the whole file, so `serve` can tell an edit that changed nothing.
    pub fingerprint: u64,

    pub title: String,
    pub kind: Kind,
    pub number: Option<String>,
    pub date: PartialDate,
    /// The year the document is about (defaults to the year of `date`).
    pub year: i32,
    pub place: Option<String>,
    /// The issuing unit as written in the front matter.
    pub unit: String,
    pub campaigns: Vec<String>,
    pub signer: Option<Signer>,
    pub recipients: Vec<String>,
    pub based_on: Vec<String>,
    pub reports_on: Option<String>,
    pub period: Option<Period>,
    pub deadlines: Vec<Deadline>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub attachments: Vec<String>,
    /// Other files in a bundle folder (`<name>/index.md`), copied beside the page.
    pub bundle_files: Vec<PathBuf>,
    /// Document numbers the body mentions, in order, with what the sentence says of them.
    pub citations: Vec<crate::content::cite::Citation>,
}

/// A document file's [`Document::fingerprint`]: of its text as loaded (NFC).
pub fn fingerprint(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

impl Document {
    /// Reads the body again from disk, NFC-normalised as at load time: an error when the
    /// file is no longer what was loaded (changed while bantin was working).
    pub fn read_body(&self) -> Result<String, crate::diag::Diagnostic> {
        let source = crate::source::Source::read(&self.path)?;
        match source.text.get(self.body.clone()) {
            Some(body) if fingerprint(&source.text) == self.fingerprint => Ok(body.to_owned()),
            _ => Err(crate::diag::Diagnostic::error(
                &self.path,
                crate::i18n::codes::FILE_CHANGED_MEANWHILE,
            )),
        }
    }

    /// True for Party bodies' documents (their layout differs from State ones).
    pub fn is_party(&self) -> bool {
        self.number.as_deref().is_some_and(is_party_number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_read_again_must_be_of_the_file_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ke-hoach.md");
        let text = "---\ntitle: Kế hoạch\nkind: plan\ndate: 2022-08-23\n\
                    unit: Huyện ủy Đồng Văn\n---\n\nThực hiện kế hoạch.\n";
        std::fs::write(&path, text).unwrap();
        let (doc, _) = crate::content::load_document(
            dir.path(),
            &path,
            crate::content::LoadOptions::default(),
        );
        let doc = doc.unwrap();
        assert_eq!(doc.read_body().unwrap().trim(), "Thực hiện kế hoạch.");
        // Changed since it was loaded, even where the old offsets would cut a letter.
        std::fs::write(&path, text.replace("kind: plan", "kind: ké")).unwrap();
        let e = doc.read_body().unwrap_err();
        assert_eq!(e.code, crate::i18n::codes::FILE_CHANGED_MEANWHILE);
    }

    #[test]
    fn kinds_by_english_key_or_vietnamese_name() {
        let vi_names = [
            ("kế hoạch", Kind::Plan),
            ("báo cáo", Kind::Report),
            ("chương trình", Kind::Program),
            ("hướng dẫn", Kind::Guide),
            ("thông báo", Kind::Notice),
            ("quyết định", Kind::Decision),
            ("nghị quyết", Kind::Resolution),
            ("chỉ thị", Kind::Directive),
            ("kết luận", Kind::Conclusion),
            ("văn bản khác", Kind::Other),
        ];
        for (name, kind) in vi_names {
            let upper = name.to_uppercase();
            let folded = vi::fold(name);
            let hyphened = folded.replace(' ', "-");
            let capital = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
            for written in [name, &upper, &folded, &hyphened, &capital, kind.key()] {
                assert_eq!(Kind::from_key(written), Some(kind), "{written}");
            }
        }
        assert_eq!(Kind::from_key(" Kế  hoạch "), Some(Kind::Plan));
        assert_eq!(Kind::from_key("PLAN"), Some(Kind::Plan));
        assert_eq!(Kind::from_key("kế hoạc"), None);
        assert_eq!(Kind::from_key("plann"), None);
    }

    #[test]
    fn kinds_from_numbers() {
        assert_eq!(Kind::from_number("138-KH/HU"), Some(Kind::Plan));
        assert_eq!(Kind::from_number("05/KH-UBND"), Some(Kind::Plan));
        assert_eq!(Kind::from_number("27-CTr/TU"), Some(Kind::Program));
        assert_eq!(Kind::from_number("212/BC-UBND"), Some(Kind::Report));
        assert_eq!(Kind::from_number("12/QĐ-UBND"), Some(Kind::Decision));
        assert_eq!(Kind::from_number("/KH-UBND"), None);
        assert!(is_party_number("138-KH/HU"));
        assert!(!is_party_number("05/KH-UBND"));
    }

    #[test]
    fn partial_dates_span_their_days() {
        let year = PartialDate {
            year: 2023,
            month: None,
            day: None,
        };
        let jan = PartialDate {
            year: 2023,
            month: Some(1),
            day: None,
        };
        let feb = PartialDate {
            year: 2024,
            month: Some(2),
            day: None,
        };
        assert_eq!(year.first_day().to_string(), "2023-01-01");
        assert_eq!(year.last_day().to_string(), "2023-12-31");
        assert_eq!(feb.last_day().to_string(), "2024-02-29");
        assert!(
            year.last_day() >= jan.first_day(),
            "2023-01 to 2023 is not reversed"
        );
        assert!(
            jan.last_day() >= year.first_day(),
            "2023 to 2023-01 is not reversed"
        );
    }

    #[test]
    fn partial_dates_sort_and_print() {
        let month = PartialDate {
            year: 2022,
            month: Some(9),
            day: None,
        };
        let day = PartialDate::full(2022, 9, 1);
        assert!(month < day);
        assert!(
            PartialDate {
                year: 2022,
                month: None,
                day: None
            } < month
        );
        assert_eq!(month.to_string(), "2022-09");
        assert_eq!(day.in_words(), "ngày 01 tháng 9 năm 2022");
    }
}
