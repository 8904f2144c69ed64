//! The index's compact text encodings: base-64 variable-length integers and JSON strings.
//!
//! A number is written as 5-bit groups, most significant first; every group but the last is
//! offset by 32 in [`DIGITS`], so each number ends itself and lists need no separators.
//! search.js decodes with the same table (`dec`).

/// The 64 digits; `0`–`v` end a number, `w`–`_` continue it.
pub const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Each digit's value, by its byte (0 for a byte that is not a digit).
pub const VALUES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 64 {
        t[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Whether every byte is one of [`DIGITS`]; without a branch per byte, so that the tens of
/// megabytes of a large site's lists are checked at the speed of memory.
pub fn all_digits(bytes: &[u8]) -> bool {
    let digit = |b: u8| b.is_ascii_alphanumeric() | (b == b'-') | (b == b'_');
    bytes
        .chunks(64)
        .all(|c| c.iter().fold(true, |all, &b| all & digit(b)))
}

/// The number written by [`push_uint`] at `at`, and where the next one starts.
pub fn uint_at(bytes: &[u8], mut at: usize) -> (u64, usize) {
    let mut v = 0u64;
    while let Some(&b) = bytes.get(at) {
        let d = VALUES[b as usize] as u64;
        at += 1;
        v = (v << 5) | (d & 31);
        if d < 32 {
            break;
        }
    }
    (v, at)
}

/// How many digits [`push_uint`] writes for `v`.
pub fn uint_len(v: u64) -> usize {
    let mut groups = 1;
    while groups < 13 && v >> (5 * groups) != 0 {
        groups += 1;
    }
    groups
}

/// Appends `v` as a self-delimiting base-64 number.
pub fn push_uint(out: &mut Vec<u8>, v: u64) {
    let groups = uint_len(v);
    for g in (1..groups).rev() {
        out.push(DIGITS[32 + ((v >> (5 * g)) & 31) as usize]);
    }
    out.push(DIGITS[(v & 31) as usize]);
}

/// Reads the numbers written by [`push_uint`]; `None` on a byte outside [`DIGITS`].
#[cfg(test)]
pub fn read_uints(s: &[u8]) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let mut v = 0u64;
    for &b in s {
        let d = DIGITS.iter().position(|&x| x == b)? as u64;
        v = (v << 5) | (d & 31);
        if d < 32 {
            out.push(v);
            v = 0;
        }
    }
    Some(out)
}

/// An index file: a script handing `data` (JSON) to search.js under `name`.
pub fn script(name: &str, data: &str) -> Vec<u8> {
    format!("bantinSearch.add(\"{name}\",{data});\n").into_bytes()
}

/// Appends `s` as a JSON string literal that is also safe inside JavaScript and HTML.
pub fn push_json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    // Runs of characters that need no escape are copied whole: the index's values are all
    // of that kind, and its words mostly.
    let plain = |b: u8| !((b == b'"') | (b == b'\\') | (b < 0x20) | (b == b'<') | (b == 0xE2));
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        // Sixteen bytes at a time, without a branch per byte, while none needs a look.
        if let Some(block) = bytes.get(i..i + 16) {
            if block.iter().fold(true, |all, &b| all & plain(b)) {
                i += 16;
                continue;
            }
        }
        let (escape, len) = match bytes[i] {
            b'"' => ("\\\"", 1),
            b'\\' => ("\\\\", 1),
            b'\n' => ("\\n", 1),
            b'<' => ("\\u003c", 1),
            // U+2028 and U+2029 (E2 80 A8, E2 80 A9), which end a line in older JavaScript.
            0xE2 if bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA8 => ("\\u2028", 3),
            0xE2 if bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA9 => ("\\u2029", 3),
            b if b < 0x20 => ("", 1),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[run..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{:04x}", bytes[i]));
        } else {
            out.push_str(escape);
        }
        i += len;
        run = i;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_what_a_script_must_not_see() {
        fn char_by_char(s: &str) -> String {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '<' => out.push_str("\\u003c"),
                    '\u{2028}' => out.push_str("\\u2028"),
                    '\u{2029}' => out.push_str("\\u2029"),
                    c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        for s in [
            "",
            "dân vận",
            "a\"b\\c\nd<e\u{2028}f\u{2029}g\u{1}h\t",
            "</script><!--",
            "\u{2027}\u{202a}\u{2010}—…",
            "đ\u{0}",
            "<",
            "\u{2028}",
            // Long runs, read sixteen bytes at a time, with escapes at every place in a block.
            &"0123456789abcdefghij".repeat(5),
            &"dân vận 0123456789abcdef\"<\u{2028}x".repeat(7),
            &(0..40)
                .map(|i| format!("{}<", "a".repeat(i)))
                .collect::<String>(),
        ] {
            let mut out = String::new();
            push_json_str(&mut out, s);
            assert_eq!(out, char_by_char(s), "{s:?}");
            let back: String = serde_json::from_str(&out).unwrap();
            assert_eq!(back, s);
        }
    }

    #[test]
    fn uints_round_trip_and_are_short() {
        let values = [0u64, 1, 31, 32, 1023, 1024, 123_456, u32::MAX as u64];
        let mut buf = Vec::new();
        for v in values {
            push_uint(&mut buf, v);
        }
        assert_eq!(read_uints(&buf).unwrap(), values);
        let mut one = Vec::new();
        push_uint(&mut one, 31);
        assert_eq!(one, b"v");
        one.clear();
        push_uint(&mut one, 32);
        assert_eq!(one, b"x0");
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut s = String::new();
        push_json_str(&mut s, "a\"b\\c\n</script>\u{2028}\u{1}");
        assert_eq!(s, r#""a\"b\\c\n\u003c/script>\u2028\u0001""#);
    }
}
