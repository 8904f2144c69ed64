//! Scalars read by the YAML 1.2 core schema: null, booleans, integers, floats, else text.

use saphyr_parser::{ScalarStyle, Tag};

use super::Yaml;

/// A scalar's value by the YAML 1.2 core schema: only plain scalars are read as null,
/// booleans or numbers (`yes`, `no` and `2022-09-23` stay text); `!!str` keeps text.
pub(super) fn resolve(text: String, style: ScalarStyle, tag: Option<&Tag>) -> Yaml {
    let core = tag
        .filter(|t| t.is_yaml_core_schema())
        .map(|t| t.suffix.as_str());
    if style != ScalarStyle::Plain || core == Some("str") {
        return Yaml::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Yaml::Null,
        "true" | "True" | "TRUE" => return Yaml::Bool(true),
        "false" | "False" | "FALSE" => return Yaml::Bool(false),
        _ => {}
    }
    if let Some(i) = int(&text) {
        return Yaml::Int(i);
    }
    match float(&text) {
        Some(f) => Yaml::Float(f),
        None => Yaml::Str(text),
    }
}

/// Decimal, `0x`, `0o` or `0b`, with an optional sign; a leading zero makes text (`007`).
fn int(text: &str) -> Option<i64> {
    let first = *text.as_bytes().first()?;
    if !(first.is_ascii_digit() || first == b'-' || first == b'+') {
        return None;
    }
    let (negative, digits) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = match digits.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ if leading_zero(digits) => return None,
        _ => (10, digits),
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

fn leading_zero(digits: &str) -> bool {
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

fn float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let negative = text.starts_with('-');
    match unsigned {
        ".inf" | ".Inf" | ".INF" if negative => return Some(f64::NEG_INFINITY),
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        ".nan" | ".NaN" | ".NAN" if unsigned == text => return Some(f64::NAN),
        _ => {}
    }
    // Rust reads `inf` and `nan` too, which YAML writes with a dot; `1e3` and `.5` it shares.
    if leading_zero(unsigned) || !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let f: f64 = text.parse().ok()?;
    f.is_finite().then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    #[test]
    fn scalars_follow_the_core_schema() {
        let text = "a: yes\nb: no\nc: 2022-09-23\nd: 12\ne: -0x1F\nf: 1.5\ng: ~\nh:\ni: \"12\"\nj: True\nk: 007\nl: .inf\nm: 1e3\nn: !!str 5\no: on\np: 1_000\nq: +7\nr: .5\ns: nan\n";
        let v = parse(text).unwrap();
        let get = |k: &str| v.value.get(k).unwrap().value.clone();
        assert_eq!(get("a"), Yaml::Str("yes".into()));
        assert_eq!(get("b"), Yaml::Str("no".into()));
        assert_eq!(get("c"), Yaml::Str("2022-09-23".into()));
        assert_eq!(get("d"), Yaml::Int(12));
        assert_eq!(get("e"), Yaml::Int(-31));
        assert_eq!(get("f"), Yaml::Float(1.5));
        assert_eq!(get("g"), Yaml::Null);
        assert_eq!(get("h"), Yaml::Null);
        assert_eq!(get("i"), Yaml::Str("12".into()));
        assert_eq!(get("j"), Yaml::Bool(true));
        assert_eq!(get("k"), Yaml::Str("007".into()));
        assert_eq!(get("l"), Yaml::Float(f64::INFINITY));
        assert_eq!(get("m"), Yaml::Float(1000.0));
        assert_eq!(get("n"), Yaml::Str("5".into()));
        assert_eq!(get("o"), Yaml::Str("on".into()));
        assert_eq!(get("p"), Yaml::Str("1_000".into()));
        assert_eq!(get("q"), Yaml::Int(7));
        assert_eq!(get("r"), Yaml::Float(0.5));
        assert_eq!(get("s"), Yaml::Str("nan".into()));
        assert_eq!(parse("").unwrap().value, Yaml::Null);
        assert_eq!(parse("# only a comment\n").unwrap().value, Yaml::Null);
    }
}
