//! Legacy Vietnamese encodings: TCVN3 (ABC, `.VnTime` fonts), VNI (`VNI-Times`) and
//! Windows-1258, decoded to Unicode NFC.
//!
//! In a Word file, legacy text is stored as the Windows-1252 characters of its bytes, and the
//! font says how to read them, run by run: a document may mix Unicode and `.VnTime` runs.

use unicode_normalization::UnicodeNormalization;

/// How a run's or file's bytes are to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Legacy {
    Tcvn3,
    Vni,
    Cp1258,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI",
            Legacy::Cp1258 => "Windows-1258",
        }
    }
}

/// The encoding a font name implies, and whether the font draws capitals only
/// (`.VnTimeH`, `VNI-TimesH`... the `H` fonts).
pub fn font_encoding(font: &str) -> Option<(Legacy, bool)> {
    let f = font.trim();
    let capitals = f.ends_with('H') && f.len() > 2;
    if f.starts_with(".Vn") || f.starts_with(".VN") {
        Some((Legacy::Tcvn3, capitals))
    } else if f.len() > 4 && f[..4].eq_ignore_ascii_case("VNI-") {
        Some((Legacy::Vni, capitals))
    } else {
        None
    }
}

/// TCVN3 bytes 0xA1..=0xFE; `\0` marks codes the encoding leaves to Windows-1252.
const TCVN3_HIGH: [char; 94] = [
    // A1..A7 capitals, A8..AE lowercase
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', //
    // AF..B4
    '\0', '\0', '\0', '\0', '\0', '\0', //
    // B5..B9 à ả ã á ạ, BA
    'à', 'ả', 'ã', 'á', 'ạ', '\0', //
    // BB..BE ằ ẳ ẵ ắ, BF..C5
    'ằ', 'ẳ', 'ẵ', 'ắ', '\0', '\0', '\0', '\0', '\0', '\0', '\0', //
    // C6 ặ, C7..CB ầ ẩ ẫ ấ ậ
    'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', //
    // CC è, CD, CE ẻ, CF ẽ, D0 é, D1 ẹ
    'è', '\0', 'ẻ', 'ẽ', 'é', 'ẹ', //
    // D2..D6 ề ể ễ ế ệ
    'ề', 'ể', 'ễ', 'ế', 'ệ', //
    // D7 ì, D8 ỉ, D9..DB, DC ĩ, DD í, DE ị
    'ì', 'ỉ', '\0', '\0', '\0', 'ĩ', 'í', 'ị', //
    // DF ò, E0, E1 ỏ, E2 õ, E3 ó, E4 ọ
    'ò', '\0', 'ỏ', 'õ', 'ó', 'ọ', //
    // E5..E9 ồ ổ ỗ ố ộ
    'ồ', 'ổ', 'ỗ', 'ố', 'ộ', //
    // EA..EE ờ ở ỡ ớ ợ
    'ờ', 'ở', 'ỡ', 'ớ', 'ợ', //
    // EF ù, F0, F1 ủ, F2 ũ, F3 ú, F4 ụ
    'ù', '\0', 'ủ', 'ũ', 'ú', 'ụ', //
    // F5..F9 ừ ử ữ ứ ự
    'ừ', 'ử', 'ữ', 'ứ', 'ự', //
    // FA..FE ỳ ỷ ỹ ý ỵ
    'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ',
];

/// Windows-1252 0x80..=0x9F (Windows-1258 shares them but for a few unassigned codes).
const CP1252_80: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The byte a Windows-1252 character stands for, if it is one.
#[cfg(test)]
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xA0..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    CP1252_80
        .iter()
        .position(|&x| x == c)
        .map(|i| 0x80 + i as u8)
}

fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_80[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Decodes TCVN3 text stored as Windows-1252 characters (as Word keeps `.VnTime` runs).
/// Characters outside 0xA1..=0xFE (typographic quotes and dashes among them) stay as they are.
pub fn decode_tcvn3(text: &str, capitals: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let u = c as u32;
        let mapped = if (0xA1..=0xFE).contains(&u) {
            match TCVN3_HIGH[(u - 0xA1) as usize] {
                '\0' => c,
                m => m,
            }
        } else {
            c
        };
        push_case(&mut out, mapped, capitals);
    }
    out
}

fn push_case(out: &mut String, c: char, capitals: bool) {
    if capitals {
        out.extend(c.to_uppercase());
    } else {
        out.push(c);
    }
}

/// A VNI modifier: the combining marks it adds, and whether it is a capital form.
fn vni_modifier(c: char) -> Option<(&'static [char], Shape)> {
    use Shape::*;
    const ACUTE: char = '\u{301}';
    const GRAVE: char = '\u{300}';
    const HOOK: char = '\u{309}';
    const TILDE: char = '\u{303}';
    const DOT: char = '\u{323}';
    Some(match c.to_lowercase().next().unwrap_or(c) {
        'ù' => (&[ACUTE], Tone),
        'ø' => (&[GRAVE], Tone),
        'û' => (&[HOOK], Tone),
        'õ' => (&[TILDE], Tone),
        'ï' => (&[DOT], Tone),
        'â' => (&[], Circumflex),
        'á' => (&[ACUTE], Circumflex),
        'à' => (&[GRAVE], Circumflex),
        'å' => (&[HOOK], Circumflex),
        'ã' => (&[TILDE], Circumflex),
        'ä' => (&[DOT], Circumflex),
        'ê' => (&[], Breve),
        'é' => (&[ACUTE], Breve),
        'è' => (&[GRAVE], Breve),
        'ú' => (&[HOOK], Breve),
        'ü' => (&[TILDE], Breve),
        'ë' => (&[DOT], Breve),
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Tone,
    Circumflex,
    Breve,
}

/// VNI letters that are one byte on their own.
fn vni_single(c: char) -> Option<char> {
    Some(match c {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

/// Decodes VNI text stored as Windows-1252 characters: a base letter and up to one modifier
/// byte (which carries both the shape and the tone), longest match first.
pub fn decode_vni(text: &str, capitals: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let base = vni_single(c).unwrap_or(c);
        let is_vowel = "aeiouyAEIOUYơưƠƯ".contains(base);
        if is_vowel {
            if let Some((marks, shape)) = chars.get(i + 1).and_then(|&m| vni_modifier(m)) {
                let lower = base.to_lowercase().next().unwrap_or(base);
                let shape_ok = match shape {
                    Shape::Tone => true,
                    Shape::Circumflex => "aeo".contains(lower),
                    Shape::Breve => lower == 'a',
                };
                if shape_ok {
                    let mut composed = String::new();
                    composed.push(base);
                    match shape {
                        Shape::Circumflex => composed.push('\u{302}'),
                        Shape::Breve => composed.push('\u{306}'),
                        Shape::Tone => {}
                    }
                    composed.extend(marks.iter());
                    for c in composed.nfc() {
                        push_case(&mut out, c, capitals);
                    }
                    i += 2;
                    continue;
                }
            }
        }
        push_case(&mut out, base, capitals);
        i += 1;
    }
    out
}

/// Windows-1258 0xC0..=0xFF where it differs from Latin-1; combining tones are decomposed.
fn cp1258_char(b: u8) -> char {
    match b {
        0xC3 => 'Ă',
        0xCC => '\u{300}',
        0xD0 => 'Đ',
        0xD2 => '\u{309}',
        0xD5 => 'Ơ',
        0xDD => 'Ư',
        0xDE => '\u{303}',
        0xE3 => 'ă',
        0xEC => '\u{301}',
        0xF0 => 'đ',
        0xF2 => '\u{323}',
        0xF5 => 'ơ',
        0xFD => 'ư',
        0xFE => '₫',
        _ => cp1252_char(b),
    }
}

/// Decodes raw bytes of a text file in a legacy encoding.
pub fn decode_bytes(bytes: &[u8], legacy: Legacy) -> String {
    match legacy {
        Legacy::Cp1258 => bytes.iter().map(|&b| cp1258_char(b)).nfc().collect(),
        Legacy::Tcvn3 => {
            let s: String = bytes.iter().map(|&b| cp1252_char(b)).collect();
            decode_tcvn3(&s, false)
        }
        Legacy::Vni => {
            let s: String = bytes.iter().map(|&b| cp1252_char(b)).collect();
            decode_vni(&s, false)
        }
    }
}

/// How Vietnamese a decoded text looks: letters with Vietnamese marks count for it,
/// leftover Latin-1 symbols and stray combining marks against it.
fn score(text: &str) -> i64 {
    let mut s = 0i64;
    for c in text.chars() {
        let u = c as u32;
        if (0x1EA0..=0x1EF9).contains(&u) || "ăâêôơưđĂÂÊÔƠƯĐ".contains(c) {
            s += 2;
        } else if matches!(
            c,
            'à' | 'á'
                | 'è'
                | 'é'
                | 'ì'
                | 'í'
                | 'ò'
                | 'ó'
                | 'ù'
                | 'ú'
                | 'ý'
                | 'ã'
                | 'õ'
                | 'ĩ'
                | 'ũ'
        ) {
            s += 1;
        } else if (0xA1..=0xFF).contains(&u) || (0x300..=0x36F).contains(&u) {
            s -= 3;
        }
    }
    // A syllable carries one tone at most: more means the bytes were read wrongly.
    for word in text.split(|c: char| !c.is_alphabetic()) {
        let tones = word
            .nfd()
            .filter(|c| matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
            .count();
        if tones > 1 {
            s -= 6 * tones as i64;
        }
    }
    s
}

/// Reads a text file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or else the
/// legacy encoding that gives the most Vietnamese-looking text. Returns the text and the
/// legacy encoding used, if any.
pub fn decode_text_file(bytes: &[u8]) -> (String, Option<Legacy>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).nfc().collect(), None);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        return (String::from_utf16_lossy(&units).nfc().collect(), None);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.nfc().collect(), None);
    }
    let best = [Legacy::Tcvn3, Legacy::Vni, Legacy::Cp1258]
        .into_iter()
        .map(|l| {
            let text = decode_bytes(bytes, l);
            (score(&text), l, text)
        })
        .max_by_key(|(s, _, _)| *s)
        .expect("three candidates");
    (best.2, Some(best.1))
}

/// Encodes Unicode text as TCVN3 bytes shown as Windows-1252 characters (tests and fixtures).
#[cfg(test)]
pub fn encode_tcvn3(text: &str) -> String {
    text.chars()
        .map(|c| {
            let lower = c.to_lowercase().next().unwrap_or(c);
            TCVN3_HIGH
                .iter()
                .position(|&x| x == c)
                .or_else(|| TCVN3_HIGH.iter().position(|&x| x == lower && c != lower))
                .map_or(c, |i| char::from_u32(0xA1 + i as u32).expect("Latin-1"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Vietnamese letter with its tones, lower case.
    const LETTERS: &str =
        "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ";

    #[test]
    fn tcvn3_table_covers_every_lowercase_letter() {
        let encoded = encode_tcvn3(LETTERS);
        assert!(encoded.chars().all(|c| (c as u32) < 0x100), "{encoded}");
        assert_eq!(decode_tcvn3(&encoded, false), LETTERS);
        // .VnTimeH: the lowercase codes drawn as capitals.
        assert_eq!(decode_tcvn3(&encoded, true), LETTERS.to_uppercase());
    }

    #[test]
    fn tcvn3_examples_from_word_files() {
        assert_eq!(
            decode_tcvn3("Céng hßa x· héi chñ nghÜa ViÖt Nam", false),
            "Cộng hòa xã hội chủ nghĩa Việt Nam"
        );
        assert_eq!(decode_tcvn3("së t\u{ad} ph¸p", true), "SỞ TƯ PHÁP");
        assert_eq!(
            decode_tcvn3("§éc lËp - Tù do - H¹nh phóc", false),
            "Độc lập - Tự do - Hạnh phúc"
        );
        // Typographic quotes stay: they are not TCVN3 codes.
        assert_eq!(decode_tcvn3("“Th¸ng d©n vËn”", false), "“Tháng dân vận”");
        assert_eq!(decode_tcvn3("¡¢£¤¥¦§", false), "ĂÂÊÔƠƯĐ");
    }

    /// VNI encodings of each letter, written out by hand from the VNI Windows table.
    #[test]
    fn vni_covers_every_letter() {
        let vni = [
            ("a", "a"),
            ("aø", "à"),
            ("aû", "ả"),
            ("aõ", "ã"),
            ("aù", "á"),
            ("aï", "ạ"),
            ("aê", "ă"),
            ("aè", "ằ"),
            ("aú", "ẳ"),
            ("aü", "ẵ"),
            ("aé", "ắ"),
            ("aë", "ặ"),
            ("aâ", "â"),
            ("aà", "ầ"),
            ("aå", "ẩ"),
            ("aã", "ẫ"),
            ("aá", "ấ"),
            ("aä", "ậ"),
            ("eø", "è"),
            ("eû", "ẻ"),
            ("eõ", "ẽ"),
            ("eù", "é"),
            ("eï", "ẹ"),
            ("eâ", "ê"),
            ("eà", "ề"),
            ("eå", "ể"),
            ("eã", "ễ"),
            ("eá", "ế"),
            ("eä", "ệ"),
            ("ì", "ì"),
            ("æ", "ỉ"),
            ("ó", "ĩ"),
            ("í", "í"),
            ("ò", "ị"),
            ("oø", "ò"),
            ("oû", "ỏ"),
            ("oõ", "õ"),
            ("où", "ó"),
            ("oï", "ọ"),
            ("oâ", "ô"),
            ("oà", "ồ"),
            ("oå", "ổ"),
            ("oã", "ỗ"),
            ("oá", "ố"),
            ("oä", "ộ"),
            ("ô", "ơ"),
            ("ôø", "ờ"),
            ("ôû", "ở"),
            ("ôõ", "ỡ"),
            ("ôù", "ớ"),
            ("ôï", "ợ"),
            ("uø", "ù"),
            ("uû", "ủ"),
            ("uõ", "ũ"),
            ("uù", "ú"),
            ("uï", "ụ"),
            ("ö", "ư"),
            ("öø", "ừ"),
            ("öû", "ử"),
            ("öõ", "ữ"),
            ("öù", "ứ"),
            ("öï", "ự"),
            ("yø", "ỳ"),
            ("yû", "ỷ"),
            ("yõ", "ỹ"),
            ("yù", "ý"),
            ("î", "ỵ"),
            ("ñ", "đ"),
        ];
        for (encoded, letter) in vni {
            assert_eq!(decode_vni(encoded, false), letter, "{encoded}");
            assert_eq!(
                decode_vni(&encoded.to_uppercase(), false),
                letter.to_uppercase(),
                "{encoded} in capitals"
            );
            assert_eq!(
                decode_vni(encoded, true),
                letter.to_uppercase(),
                "{encoded} in an H font"
            );
        }
        let all: String = vni.iter().map(|(_, l)| *l).collect();
        for c in LETTERS
            .chars()
            .filter(|c| *c != 'i' && *c != 'o' && *c != 'u' && *c != 'e' && *c != 'y')
        {
            assert!(all.contains(c), "{c} has no VNI test");
        }
        assert_eq!(
            decode_vni("Vieät Nam, ngöôøi, ÑAÛNG", false),
            "Việt Nam, người, ĐẢNG"
        );
    }

    #[test]
    fn cp1258_text_file_is_detected() {
        // "Việt Nam" in Windows-1258: e + circumflex precomposed, dot below combining.
        let bytes = b"K\xea\xec hoa\xf2ch Vi\xea\xf2t Nam, ng\xfd\xf5\xcci d\xe2n".to_vec();
        let (text, legacy) = decode_text_file(&bytes);
        assert_eq!(legacy, Some(Legacy::Cp1258));
        assert!(text.starts_with("Kế hoạch"), "{text}");
        assert!(text.contains("Việt Nam, người"), "{text}");
    }

    #[test]
    fn tcvn3_and_vni_text_files_are_detected() {
        let tcvn3: Vec<u8> =
            encode_tcvn3("Kế hoạch triển khai “Tháng dân vận” năm 2022 của người dân")
                .chars()
                .map(|c| cp1252_byte(c).unwrap_or(b'?'))
                .collect();
        let (text, legacy) = decode_text_file(&tcvn3);
        assert_eq!(legacy, Some(Legacy::Tcvn3));
        assert_eq!(
            text,
            "Kế hoạch triển khai “Tháng dân vận” năm 2022 của người dân"
        );
        let vni: Vec<u8> = "Keá hoaïch trieån khai Thaùng daân vaän cuûa ngöôøi daân"
            .chars()
            .map(|c| cp1252_byte(c).unwrap_or(b'?'))
            .collect();
        let (text, legacy) = decode_text_file(&vni);
        assert_eq!(legacy, Some(Legacy::Vni));
        assert_eq!(text, "Kế hoạch triển khai Tháng dân vận của người dân");
        assert_eq!(
            decode_text_file("Việt Nam".as_bytes()),
            ("Việt Nam".into(), None)
        );
    }

    #[test]
    fn fonts_choose_the_encoding() {
        assert_eq!(font_encoding(".VnTime"), Some((Legacy::Tcvn3, false)));
        assert_eq!(font_encoding(".VnTimeH"), Some((Legacy::Tcvn3, true)));
        assert_eq!(font_encoding("VNI-Times"), Some((Legacy::Vni, false)));
        assert_eq!(font_encoding("VNI-TimesH"), Some((Legacy::Vni, true)));
        assert_eq!(font_encoding("Times New Roman"), None);
    }
}
