//! Vietnamese text: NFC normalisation, diacritic folding, slugs, collation and dates in words.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark, is_nfc_quick};

/// The text in Unicode NFC, borrowing when it already is (the common case).
pub fn nfc(text: &str) -> Cow<'_, str> {
    if surely_nfc(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// True when the text has only characters that are NFC and never reorder (quick check Yes,
/// combining class 0): ASCII and Latin up to U+02FF, the precomposed Vietnamese letters
/// (U+1E00–U+1EFF), and punctuation (U+2010–U+2027, U+2030–U+205E). Such a text is NFC.
/// Reads UTF-8 lead bytes only: this fast path skips the slower full check for almost
/// every file. `text` must be valid UTF-8.
fn surely_nfc(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        // Skip ASCII eight bytes at a time.
        while i + 8 <= b.len()
            && u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes")) & 0x8080_8080_8080_8080
                == 0
        {
            i += 8;
        }
        let Some(&lead) = b.get(i) else { break };
        let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
        i += match lead {
            0x00..=0x7F => 1,
            0xC2..=0xCB => 2,
            0xE1 if (0xB8..=0xBB).contains(&next(1)) => 3,
            0xE2 if next(1) == 0x80 && ((0x90..=0xA7).contains(&next(2)) || next(2) >= 0xB0) => 3,
            0xE2 if next(1) == 0x81 && next(2) <= 0x9E => 3,
            _ => return false,
        };
    }
    true
}

/// Lower case with tones and marks removed, `đ` → `d`: what a reader types on a phone.
/// `"Dân vận khéo"` → `"dan van kheo"`. Characters other than letters pass through.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Appends the fold of one character (see [`fold`]).
pub fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'đ' | 'Đ' => out.push('d'),
        _ => {
            for d in c.nfd() {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }
        }
    }
}

/// Folded words joined by single spaces, `-` and `_` taken as spaces: how a keyword an
/// editor typed is compared. `" Kế-hoạch "` → `"ke hoach"`.
pub fn folded_words(text: &str) -> String {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// A URL segment: folded to ASCII, anything not a letter or digit joins words with `-`.
/// `"Tháng dân vận Đồng Văn"` → `"thang-dan-van-dong-van"`.
pub fn slug(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        Collator::try_new(icu_locale::locale!("vi").into(), CollatorOptions::default())
            .expect("Vietnamese collation data is compiled in")
    })
}

/// Orders two names as a Vietnamese dictionary does: a ă â b c d đ e ê …, tones after the
/// base letter (a à ả ã á ạ), case and the rest only to break ties.
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// A byte string whose order is [`compare`]'s, to sort many names with one key each.
pub fn collation_key(text: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(text.len() * 3);
    let Ok(()) = collator().write_sort_key_to(text, &mut key);
    key
}

/// Sorts items by a name, in Vietnamese order.
pub fn sort_by_name<T, S: AsRef<str>>(items: &mut [T], name: impl Fn(&T) -> S) {
    items.sort_by_cached_key(|item| collation_key(name(item).as_ref()));
}

/// Vietnamese words for a calendar date, as Nghị định 30/2020/NĐ-CP writes them: a day
/// below 10 and the months 1 and 2 take a leading zero (`ngày 05 tháng 01 năm 2023`,
/// `ngày 23 tháng 9 năm 2022`), so that nothing can be written in front of them.
pub fn date_in_words(year: i32, month: Option<u32>, day: Option<u32>) -> String {
    let month_words = |m: u32| {
        if m <= 2 {
            format!("{m:02}")
        } else {
            m.to_string()
        }
    };
    match (month, day) {
        (Some(m), Some(d)) => format!("ngày {d:02} tháng {} năm {year}", month_words(m)),
        (Some(m), None) => format!("tháng {} năm {year}", month_words(m)),
        _ => format!("năm {year}"),
    }
}

/// The short form used in lists and tables: `23/09/2022`, `09/2022`, `2022`.
pub fn date_short(year: i32, month: Option<u32>, day: Option<u32>) -> String {
    match (month, day) {
        (Some(m), Some(d)) => format!("{d:02}/{m:02}/{year}"),
        (Some(m), None) => format!("{m:02}/{year}"),
        _ => format!("{year}"),
    }
}

/// Vietnamese month name as used in headings: `Tháng 9 năm 2022`.
pub fn month_heading(year: i32, month: u32) -> String {
    format!("Tháng {month} năm {year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every precomposed Vietnamese letter, lower and upper case, with its base letter.
    const LETTERS: &[(&str, char)] = &[
        ("aàảãáạăằẳẵắặâầẩẫấậ", 'a'),
        ("AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬ", 'a'),
        ("eèẻẽéẹêềểễếệ", 'e'),
        ("EÈẺẼÉẸÊỀỂỄẾỆ", 'e'),
        ("iìỉĩíị", 'i'),
        ("IÌỈĨÍỊ", 'i'),
        ("oòỏõóọôồổỗốộơờởỡớợ", 'o'),
        ("OÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢ", 'o'),
        ("uùủũúụưừửữứự", 'u'),
        ("UÙỦŨÚỤƯỪỬỮỨỰ", 'u'),
        ("yỳỷỹýỵ", 'y'),
        ("YỲỶỸÝỴ", 'y'),
        ("dđ", 'd'),
        ("DĐ", 'd'),
    ];

    #[test]
    fn folds_every_vietnamese_letter() {
        let mut count = 0;
        for (letters, base) in LETTERS {
            for c in letters.chars() {
                assert_eq!(fold(&c.to_string()), base.to_string(), "fold of {c}");
                let nfd: String = c.to_string().nfd().collect();
                assert_eq!(fold(&nfd), base.to_string(), "fold of NFD {c}");
                count += 1;
            }
        }
        // 67 lower-case letters with marks (and their capitals) plus the plain ones.
        assert_eq!(count, 2 * (18 + 12 + 6 + 18 + 12 + 6 + 2));
    }

    #[test]
    fn slugs_follow_the_contract() {
        assert_eq!(slug("Tháng dân vận Đồng Văn"), "thang-dan-van-dong-van");
        assert_eq!(slug("  Kế hoạch số 138-KH/HU  "), "ke-hoach-so-138-kh-hu");
        assert_eq!(
            slug("Ủy ban nhân dân huyện Mèo Vạc"),
            "uy-ban-nhan-dan-huyen-meo-vac"
        );
        assert_eq!(slug("“Dân vận khéo”"), "dan-van-kheo");
    }

    #[test]
    fn the_nfc_fast_path_is_sound() {
        use unicode_normalization::char::canonical_combining_class;
        let mut accepted = 0;
        for c in (0..0x30000u32).filter_map(char::from_u32) {
            if surely_nfc(c.to_string().as_bytes()) {
                assert!(
                    is_nfc_quick(std::iter::once(c)) == unicode_normalization::IsNormalized::Yes,
                    "{c:?}"
                );
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
                accepted += 1;
            }
        }
        assert_eq!(
            accepted,
            0x300 + 0x100 + 0x18 + 0x2F,
            "exactly the ranges named"
        );
        assert!(!surely_nfc("Đo\u{302}\u{300}ng".as_bytes()));
        assert!(surely_nfc("Dân vận khéo — “Đồng Văn”… 2022".as_bytes()));
    }

    #[test]
    fn nfc_borrows_when_already_normal() {
        assert!(matches!(nfc("Đồng Văn"), Cow::Borrowed(_)));
        let nfd: String = "Đồng Văn".nfd().collect();
        assert_eq!(nfc(&nfd), "Đồng Văn");
    }

    #[test]
    fn collation_is_vietnamese_not_bytewise() {
        let mut names = vec![
            "Đồng Văn",
            "Dương",
            "Ân Thi",
            "An Bình",
            "Ăn",
            "Bắc Mê",
            "Ê",
            "Em",
            "Ô",
            "Ơ",
            "Ong",
        ];
        sort_by_name(&mut names, |s| *s);
        let expected = [
            "An Bình",
            "Ăn",
            "Ân Thi",
            "Bắc Mê",
            "Dương",
            "Đồng Văn",
            "Em",
            "Ê",
            "Ong",
            "Ô",
            "Ơ",
        ];
        assert_eq!(names, expected);
    }

    #[test]
    fn tones_order_after_base_letter() {
        // a à ả ã á ạ: the order Vietnamese dictionaries use.
        let mut v = vec!["ạ", "á", "ã", "ả", "à", "a"];
        sort_by_name(&mut v, |s| *s);
        assert_eq!(v[0], "a");
        assert_eq!(compare("ma", "mà"), Ordering::Less);
        assert_eq!(compare("Đà", "Dz"), Ordering::Greater);
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(
            date_in_words(2022, Some(9), Some(23)),
            "ngày 23 tháng 9 năm 2022"
        );
        assert_eq!(date_in_words(2022, Some(9), None), "tháng 9 năm 2022");
        assert_eq!(
            date_in_words(2023, Some(1), Some(5)),
            "ngày 05 tháng 01 năm 2023"
        );
        assert_eq!(date_in_words(2023, Some(2), None), "tháng 02 năm 2023");
        assert_eq!(
            date_in_words(2023, Some(12), Some(16)),
            "ngày 16 tháng 12 năm 2023"
        );
        assert_eq!(date_in_words(2022, None, None), "năm 2022");
        assert_eq!(date_short(2022, Some(9), Some(3)), "03/09/2022");
    }
}
