//! Search tokens: text → lower-cased NFC syllables, which of them are adjacent, and document numbers.
//!
//! The browser tokenises queries with the same rules (search.js, `toks`); keep them in step.

use unicode_normalization::char::is_combining_mark;

use crate::vi;

/// Tokens longer than this (in chars) are skipped: blobs, not words.
pub const MAX_TOKEN_CHARS: usize = 32;

/// A character that is part of a token: a letter, digit or combining mark.
pub fn is_token_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// A character between tokens that ends a phrase: no bigram links across it.
pub const fn is_hard_break(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '…' | '|' | '\n' | '\r'
    )
}

use crate::content::cite::unify_dash;

/// Receives the tokens of a text, in order.
pub trait Sink {
    /// A token, lower-cased NFC (digit runs without leading zeros); `linked` when it follows
    /// the previous token with only spaces, quotes, brackets, `-` or `/` between them.
    fn token(&mut self, written: &str, linked: bool);
    /// A document number seen in the text, lower-cased, not folded: `138-kh/hu`, `5/kh-ubnd`.
    fn number(&mut self, number: &str);
    /// A date written with numbers (`23/8/2022`, `10/2022`): year, month, day (0: not given).
    fn date(&mut self, _year: u32, _month: u32, _day: u32) {}
}

/// Splits `text` into tokens (see [`Sink`]). Returns the number of tokens.
pub fn scan(text: &str, sink: &mut impl Sink) -> usize {
    let table = char_table();
    let bytes = text.as_bytes();
    let (mut lower, mut composed) = (String::with_capacity(32), String::new());
    let (mut count, mut have_prev, mut num) = (0usize, false, Number::default());
    let mut i = 0;
    // The non-ASCII char at `i` (valid UTF-8: `text` is a str), whether it is a token char, its
    // lower case (or SLOW), and its length.
    let wide = |i: usize| {
        let cont = |k: usize| (bytes[i + k] & 0x3F) as u32;
        let lead = bytes[i] as u32;
        let (cp, len) = match lead {
            0..=0xDF => ((lead & 0x1F) << 6 | cont(1), 2),
            0xE0..=0xEF => ((lead & 0x0F) << 12 | cont(1) << 6 | cont(2), 3),
            _ => (
                (lead & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3),
                4,
            ),
        };
        let c = char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER);
        let (tok, low) = match table.get(cp as usize) {
            Some(&e) => (e & TOKEN != 0, e & !TOKEN),
            None => (is_token_char(c), SLOW),
        };
        (c, tok, low, len)
    };
    loop {
        // The gap before the next token: a hard break? how many chars, the last one?
        let (mut gap_hard, mut gap_len, mut gap_char) = (false, 0usize, ' ');
        while i < bytes.len() {
            let (c, len) = if bytes[i] < 0x80 {
                let class = ASCII[bytes[i] as usize];
                if class & (LOWER | UPPER) != 0 {
                    break;
                }
                gap_hard |= class == HARD;
                (bytes[i] as char, 1)
            } else {
                let (c, tok, _, len) = wide(i);
                if tok {
                    break;
                }
                let c = unify_dash(c);
                gap_hard |= is_hard_break(c);
                (c, len)
            };
            gap_len += 1;
            gap_char = c;
            i += len;
        }
        if i >= bytes.len() {
            break;
        }
        // A number continues over exactly one `-` or `/`.
        if have_prev && gap_len == 1 && (gap_char == '-' || gap_char == '/') {
            num.join(gap_char);
        } else {
            num.flush(sink);
        }
        // The token: its chars, whether it needs lower-casing, and whether it may not be NFC
        // (chars beyond Latin and Vietnamese: combining marks, other scripts). NFC applies per
        // token, since marks are token chars: the text as a whole needs no pass of its own.
        let (start, mut chars, mut upper, mut odd) = (i, 0usize, false, false);
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                let class = ASCII[bytes[i] as usize];
                if class & (LOWER | UPPER) == 0 {
                    break;
                }
                upper |= class == UPPER;
                i += 1;
            } else {
                let (c, tok, low, len) = wide(i);
                if !tok {
                    break;
                }
                upper |= low != c as u32;
                odd |= !matches!(c as u32, 0..=0x2FF | 0x1E00..=0x1EFF);
                i += len;
            }
            chars += 1;
        }
        let tok = if odd {
            composed.clear();
            composed.push_str(&vi::nfc(&text[start..i]));
            lowered(&composed, true, &mut lower)
        } else {
            lowered(&text[start..i], upper, &mut lower)
        };
        have_prev = finish(tok, chars, have_prev && !gap_hard, &mut num, sink);
        count += have_prev as usize;
    }
    num.flush(sink);
    count
}

/// The token lower-cased: itself when already lower case, else written into `buf`.
fn lowered<'a>(tok: &'a str, upper: bool, buf: &'a mut String) -> &'a str {
    if !upper {
        return tok;
    }
    buf.clear();
    let table = char_table();
    for c in tok.chars() {
        match table.get(c as usize).map(|e| e & !TOKEN) {
            Some(l) if l != SLOW => buf.push(char::from_u32(l).unwrap_or(c)),
            _ => buf.extend(c.to_lowercase()),
        }
    }
    buf
}

/// Classes of ASCII bytes: a lower-case letter or digit, an upper-case letter, a hard break.
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const HARD: u8 = 4;
const ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_lowercase() || b.is_ascii_digit() {
            LOWER
        } else if b.is_ascii_uppercase() {
            UPPER
        } else if is_hard_break(b as char) {
            HARD
        } else {
            0
        };
        i += 1;
    }
    t
};

const TOKEN: u32 = 1 << 31;
const SLOW: u32 = 0x1F_FFFF;

/// For the chars below U+2000 (Latin, Vietnamese, common punctuation): [`TOKEN`] when a token
/// char, or'ed with the lower case when that is one char, else [`SLOW`].
fn char_table() -> &'static [u32] {
    static TABLE: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..0x2000u32)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else {
                    return SLOW;
                };
                let mut lower = c.to_lowercase();
                let one = match (lower.next(), lower.next()) {
                    (Some(l), None) => l as u32,
                    _ => SLOW,
                };
                one | if is_token_char(c) { TOKEN } else { 0 }
            })
            .collect()
    })
}

/// Ends a token: strips leading zeros from digit runs and hands it to the sink.
/// Returns false for a skipped (too long) token, which also breaks the phrase.
fn finish(tok: &str, chars: usize, linked: bool, num: &mut Number, sink: &mut impl Sink) -> bool {
    if chars > MAX_TOKEN_CHARS {
        num.broken = true;
        return false;
    }
    let digits = tok.bytes().all(|b| b.is_ascii_digit());
    let tok = if digits && tok.len() > 1 {
        let keep = tok.trim_start_matches('0');
        if keep.is_empty() { "0" } else { keep }
    } else {
        tok
    };
    sink.token(tok, linked);
    if num.parts == 0 {
        num.first_digits = digits;
    }
    // Only a run that starts with digits can be a number: don't copy the others.
    if num.first_digits {
        num.has_letter |= !digits;
        num.text.push_str(tok);
    }
    num.parts += 1;
    true
}

/// `23/8/2022`, `23-8-2022` or `8/2022` as year, month, day (0 when not given), when a real date
/// of 1900–2099.
fn numeric_date(text: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<u32> = text
        .split(['/', '-'])
        .map(|p| p.parse().ok().filter(|_| p.len() <= 4))
        .collect::<Option<_>>()?;
    let (d, m, y) = match parts[..] {
        [d, m, y] => (d, m, y),
        [m, y] => (0, m, y),
        _ => return None,
    };
    let day_ok = d == 0 || chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some();
    ((1900..2100).contains(&y) && (1..=12).contains(&m) && day_ok).then_some((y, m, d))
}

/// A run of tokens joined by single `-` or `/`: a document number when it starts with digits
/// and has a letter part (`138-kh/hu`, `5/kh-ubnd`, `27-ctr/tu`), not a date (`15/10/1930`).
#[derive(Default)]
struct Number {
    text: String,
    parts: usize,
    first_digits: bool,
    has_letter: bool,
    broken: bool,
}

impl Number {
    fn join(&mut self, sep: char) {
        if self.first_digits {
            self.text.push(sep);
        }
    }

    fn flush(&mut self, sink: &mut impl Sink) {
        let text = self.text.trim_end_matches(['-', '/']);
        if self.parts >= 2 && self.first_digits && !self.broken {
            if self.has_letter {
                sink.number(text);
            } else if let Some((y, m, d)) = numeric_date(text) {
                sink.date(y, m, d);
            }
        }
        self.text.clear();
        self.parts = 0;
        self.first_digits = false;
        self.has_letter = false;
        self.broken = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect {
        tokens: Vec<(String, bool)>,
        numbers: Vec<String>,
        dates: Vec<(u32, u32, u32)>,
    }
    impl Sink for Collect {
        fn token(&mut self, written: &str, linked: bool) {
            self.tokens.push((written.to_string(), linked));
        }
        fn number(&mut self, number: &str) {
            self.numbers.push(number.to_string());
        }
        fn date(&mut self, year: u32, month: u32, day: u32) {
            self.dates.push((year, month, day));
        }
    }
    fn collect(text: &str) -> Collect {
        let mut c = Collect::default();
        scan(text, &mut c);
        c
    }
    fn words(text: &str) -> Vec<String> {
        collect(text).tokens.into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn syllables_are_lower_case_nfc() {
        assert_eq!(words("Dân vận KHÉO"), ["dân", "vận", "khéo"]);
        // NFD input gives the same (NFC) tokens.
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("Đảng ủy Đồng Văn").collect();
        assert_eq!(words(&nfd), ["đảng", "ủy", "đồng", "văn"]);
    }

    #[test]
    fn links_follow_soft_separators_only() {
        let c = collect("thi đua “Dân vận khéo”; năm 2023. Hà-Giang");
        let linked: Vec<bool> = c.tokens.iter().map(|t| t.1).collect();
        assert_eq!(
            linked,
            [false, true, true, true, true, false, true, false, true]
        );
    }

    #[test]
    fn numbers_whole_and_parts() {
        let c = collect("Kế hoạch số 138-KH/HU ngày 23/8/2022 và 05/KH‑UBND, 27–CTr/TU; covid-19");
        assert_eq!(c.numbers, ["138-kh/hu", "5/kh-ubnd", "27-ctr/tu"]);
        assert_eq!(c.dates, [(2022, 8, 23)]);
        assert_eq!(collect("10/2022, 31/2/2022, 5/1789").dates, [(2022, 10, 0)]);
        let w: Vec<&str> = c.tokens.iter().map(|t| t.0.as_str()).collect();
        assert!(w.contains(&"138") && w.contains(&"kh") && w.contains(&"hu") && w.contains(&"5"));
        assert!(!w.contains(&"05"));
    }

    #[test]
    fn long_tokens_are_skipped_and_break_phrases() {
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        let c = collect(&format!("dân {long} vận"));
        assert_eq!(
            c.tokens,
            [("dân".to_string(), false), ("vận".to_string(), false)]
        );
    }
}
