//! YAML parsing, behind one door: `serde_yaml` is unmaintained, so only this module names it,
//! and a maintained fork can replace it here alone.

use serde::de::DeserializeOwned;

/// A parsed YAML value, independent of the parser crate. Mappings keep their order.
#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// The message id naming the value's type ("a list"), for messages.
    pub fn type_name(&self) -> crate::i18n::Arg {
        crate::i18n::Arg::Id(match self {
            Yaml::Null => "yaml-nothing",
            Yaml::Bool(_) => "yaml-bool",
            Yaml::Int(_) => "yaml-number",
            Yaml::Float(_) => "yaml-number",
            Yaml::Str(_) => "yaml-text",
            Yaml::Seq(_) => "yaml-list",
            Yaml::Map(_) => "yaml-mapping",
        })
    }

    /// The value as text when it is a scalar (numbers and booleans as written).
    pub fn as_scalar_text(&self) -> Option<String> {
        match self {
            Yaml::Str(s) => Some(s.clone()),
            Yaml::Int(i) => Some(i.to_string()),
            Yaml::Float(f) => Some(f.to_string()),
            Yaml::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// A syntax error with its 1-based position in the parsed text.
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

fn error(e: serde_yaml::Error) -> YamlError {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    // serde_yaml appends " at line L column C" to its messages; the position is shown apart.
    let mut message = e.to_string();
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    YamlError {
        message,
        line,
        column,
    }
}

/// Parses one YAML document into a [`Yaml`] tree.
pub fn parse(text: &str) -> Result<Yaml, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(error)?;
    Ok(convert(value))
}

/// Deserialises typed settings (site.yaml, registries) directly.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(error)
}

fn convert(value: serde_yaml::Value) -> Yaml {
    use serde_yaml::Value;
    match value {
        Value::Null => Yaml::Null,
        Value::Bool(b) => Yaml::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Int(i),
            None => Yaml::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Yaml::Str(s),
        Value::Sequence(items) => Yaml::Seq(items.into_iter().map(convert).collect()),
        Value::Mapping(map) => Yaml::Map(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match convert(k) {
                        Yaml::Str(s) => s,
                        other => other.as_scalar_text().unwrap_or_default(),
                    };
                    (key, convert(v))
                })
                .collect(),
        ),
        Value::Tagged(tagged) => convert(tagged.value),
    }
}

/// Byte offset of a top-level `key:` in block-style YAML text, to point messages at it.
pub fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                return Some(offset);
            }
        }
        offset += line.len();
    }
    None
}

/// Byte offset of a scalar as written, searched from `from` on, to point at a bad value.
pub fn value_offset(text: &str, from: usize, value: &str) -> Option<usize> {
    if value.is_empty() {
        return None;
    }
    text.get(from..)?.find(value).map(|i| from + i)
}

/// Where each item of the list under the top-level key at `key_at` starts, with the length
/// of its first line: block items (`- …` lines, indented or not) or, for a flow list on
/// the key's line (`key: [{…}, {…}]`), each item after `[` or `,`. Only a guide for
/// messages: when the count differs from the parsed list's, callers point at the key.
pub fn item_spans(text: &str, key_at: usize) -> Vec<(usize, usize)> {
    let Some(rest) = text.get(key_at..) else {
        return Vec::new();
    };
    let first = rest.split_inclusive('\n').next().unwrap_or_default();
    let Some(colon) = first.find(':') else {
        return Vec::new();
    };
    let after = &first[colon + 1..];
    if let Some(open) = after.find('[') {
        return flow_items(text, key_at + colon + 1 + open + 1);
    }
    let mut out = Vec::new();
    let mut offset = key_at + first.len();
    let mut indent = None;
    for line in text[offset..].split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let depth = line.len() - content.len();
        let blank = content.trim().is_empty() || content.starts_with('#');
        if !blank {
            let item = content.starts_with("- ") || content.trim_end() == "-";
            match indent {
                None if item => indent = Some(depth),
                _ if depth == 0 && !item => break,
                _ => {}
            }
            if item && Some(depth) == indent {
                // The item's text after `- `, or the dash when it is alone on its line.
                let after = content[1..].trim();
                let start = match after.is_empty() {
                    true => offset + depth,
                    false => offset + line.len() - content[1..].trim_start().len(),
                };
                out.push((start, after.len().max(1)));
            } else if indent.is_some_and(|i| depth < i) {
                break;
            }
        }
        offset += line.len();
    }
    out
}

/// The items of a flow list whose `[` ends just before `from`: each starts at the first
/// character after `[` or a `,` at depth one; quoted text is skipped.
fn flow_items(text: &str, from: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut quote, mut expecting) = (1usize, None, true);
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            continue;
        }
        if expecting && depth == 1 && !b.is_ascii_whitespace() && b != b']' && b != b',' {
            let line_end = text[i..].find('\n').map_or(text.len(), |e| i + e);
            out.push((i, (line_end - i).max(1)));
            expecting = false;
        }
        match b {
            b'"' | b'\'' => quote = Some(b),
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth -= 1,
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
        if depth == 0 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_in_order_and_reports_positions() {
        let v = parse("title: A\ndate: 2022-09\nyear: 2022\n").unwrap();
        let Yaml::Map(entries) = v else { panic!() };
        assert_eq!(entries[1], ("date".into(), Yaml::Str("2022-09".into())));
        assert_eq!(entries[2].1, Yaml::Int(2022));
        let e = parse("title: [a\n").unwrap_err();
        assert!(e.line >= 1, "{e:?}");
        assert!(!e.message.contains(" at line "));
    }

    #[test]
    fn items_of_a_list_are_found() {
        let text = "title: A\ndeadlines:\n  - { date: 1 }\n  # note\n  - date: 2\n    what: x\n  -\n    date: 3\nnext: 1\n";
        let at = key_offset(text, "deadlines").unwrap();
        let items: Vec<&str> = item_spans(text, at)
            .iter()
            .map(|&(o, l)| &text[o..o + l])
            .collect();
        assert_eq!(items, ["{ date: 1 }", "date: 2", "-"]);
        let flush = "deadlines:\n- a\n- b\ntitle: x\n";
        assert_eq!(item_spans(flush, 0).len(), 2);
        let flow = "x: 1\ndeadlines: [{ date: 1, what: \"a, ]\" }, {date: 2}]\n";
        let at = key_offset(flow, "deadlines").unwrap();
        let items: Vec<&str> = item_spans(flow, at)
            .iter()
            .map(|&(o, _)| &flow[o..o + 4])
            .collect();
        assert_eq!(items, ["{ da", "{dat"]);
    }
}
