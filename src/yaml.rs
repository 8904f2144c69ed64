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
    /// A short English name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Yaml::Null => "nothing",
            Yaml::Bool(_) => "true/false",
            Yaml::Int(_) => "a number",
            Yaml::Float(_) => "a number",
            Yaml::Str(_) => "text",
            Yaml::Seq(_) => "a list",
            Yaml::Map(_) => "a mapping",
        }
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
}
