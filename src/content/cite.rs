//! Document numbers mentioned in running text (`Kế hoạch số 138-KH/HU ngày 23/8/2022 của
//! Huyện ủy Đồng Văn`), with the year and issuer the sentence gives, for linking.

use std::sync::OnceLock;

use regex::Regex;

/// One mention of a document number in a body.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    /// The number, with dashes unified: `138-KH/HU`.
    pub number: String,
    /// Byte range of the number within the body.
    pub range: std::ops::Range<usize>,
    /// Year of issue named next to it (`ngày 23/8/2022`, `ngày 12 tháng 12 năm 2022`).
    pub year: Option<i32>,
    /// Issuer named next to it (`của Huyện ủy Đồng Văn`), as written.
    pub issuer: Option<String>,
}

fn number_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Party: 138-KH/HU, 27-CTr/TU, 05-CT/TW. State: 05/KH-UBND, 30/2020/NĐ-CP, 246/KH-UBND.
        Regex::new(
            r"(?x)
            (?:^|[^\p{L}\p{N}/-])
            (
              \d{1,5}[-‐‑‒–—]\p{Lu}\p{L}{0,5}/\p{Lu}[\p{Lu}\p{N}]*(?:[-‐‑‒–—][\p{Lu}\p{N}]+)*
            | \d{1,5}/(?:\d{4}/)?\p{Lu}\p{L}{0,5}[-‐‑‒–—]\p{Lu}[\p{Lu}\p{N}]*(?:[-‐‑‒–—][\p{Lu}\p{N}]+)*
            )",
        )
        .expect("valid pattern")
    })
}

fn context_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)^[\s,]*
            (?:ngày\s+(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?P<y1>\d{4})|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?P<y2>\d{4}))[\s,]*)?
            (?:(?:của|do)\s+(?P<issuer>[^,;.()\n]{2,80}?)(?:\s+(?:về|V/v|v/v|triển|thực|ban|trên|tại)\b|[,;.()\n]|$))?",
        )
        .expect("valid pattern")
    })
}

/// The dash variants U+2010–2015, U+2212, U+FE58, U+FE63, U+FF0D, written `-`.
pub fn unify_dash(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        _ => c,
    }
}

/// A document number as offices type it, in the one form every part of bantin compares and
/// shows: NFC, dashes unified, spaces removed around `-` and `/` and collapsed elsewhere.
/// `"138 – KH / HU"` → `"138-KH/HU"`; `"Kế  hoạch 12"` keeps its words apart.
pub fn normalise_number(number: &str) -> String {
    let nfc = crate::vi::nfc(number);
    let mut out = String::with_capacity(nfc.len());
    let mut space = false;
    for c in nfc.chars().map(unify_dash) {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !out.ends_with(['-', '/']) && c != '-' && c != '/' {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Every document number in `text`, in order.
pub fn scan(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    for caps in number_pattern().captures_iter(text) {
        let m = caps.get(1).expect("group 1 always matches");
        let after = &text[m.end()..];
        let after = &after[..after.len().min(
            after
                .char_indices()
                .nth(160)
                .map_or(after.len(), |(i, _)| i),
        )];
        let (mut year, mut issuer) = (None, None);
        if let Some(ctx) = context_pattern().captures(after) {
            year = ctx
                .name("y1")
                .or(ctx.name("y2"))
                .and_then(|y| y.as_str().parse().ok());
            issuer = ctx
                .name("issuer")
                .map(|i| i.as_str().trim().to_owned())
                .filter(|s| !s.is_empty());
        }
        out.push(Citation {
            number: normalise_number(m.as_str()),
            range: m.range(),
            year,
            issuer,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_party_and_state_numbers_with_context() {
        let text = "Thực hiện Kế hoạch số 138-KH/HU ngày 23/8/2022 của Huyện ủy Đồng Văn, triển khai; \
                    Kế hoạch số 05/KH-UBND ngày 11/01/2022 của UBND huyện; Chương trình số 27-CTr/TU, \
                    ngày 12/12/2022 của Ban Thường vụ Tỉnh ủy về công tác; Nghị định 30/2020/NĐ-CP.";
        let found = scan(text);
        let numbers: Vec<_> = found.iter().map(|c| c.number.as_str()).collect();
        assert_eq!(
            numbers,
            ["138-KH/HU", "05/KH-UBND", "27-CTr/TU", "30/2020/NĐ-CP"]
        );
        assert_eq!(found[0].year, Some(2022));
        assert_eq!(found[0].issuer.as_deref(), Some("Huyện ủy Đồng Văn"));
        assert_eq!(found[1].issuer.as_deref(), Some("UBND huyện"));
        assert_eq!(found[2].year, Some(2022));
        assert_eq!(found[2].issuer.as_deref(), Some("Ban Thường vụ Tỉnh ủy"));
        assert_eq!(&text[found[0].range.clone()], "138-KH/HU");
    }

    #[test]
    fn ignores_dates_and_plain_fractions() {
        assert!(scan("từ ngày 01/10/2021 đến 15/10/1930-15/10/2022; tỷ lệ 3/4").is_empty());
    }

    #[test]
    fn unifies_dashes() {
        assert_eq!(normalise_number("138–KH/HU"), "138-KH/HU");
        assert_eq!(scan("số 138–KH/HU")[0].number, "138-KH/HU");
    }

    /// Citation linking and search once normalised numbers apart: citations dropped every
    /// space and left decomposed letters as typed, search collapsed spaces and composed.
    /// Both now read the one normaliser, so a number is the same key in both.
    #[test]
    fn one_normaliser_for_citations_and_search() {
        for (typed, canonical) in [
            ("138 – KH / HU", "138-KH/HU"),
            (" 05/KH\u{2011}UBND ", "05/KH-UBND"),
            ("138‐KH/HU", "138-KH/HU"),
            // Were "Kếhoạch12" and "138KH/HU" for citations.
            ("Kế  hoạch 12", "Kế hoạch 12"),
            ("138 KH/HU", "138 KH/HU"),
            // Was left decomposed for citations: never equal to the same number typed composed.
            ("12/KH-\u{110}O\u{302}\u{300}NG", "12/KH-ĐỒNG"),
        ] {
            assert_eq!(normalise_number(typed), canonical, "{typed:?}");
        }
    }
}
