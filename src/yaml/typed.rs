//! Typed settings read through the tree with serde, an error pointed at what it names.

use serde::de::DeserializeOwned;

use super::{Node, Yaml, YamlError, line_column, parse};

/// Deserialises typed settings (publish config, theme translations) through the tree; an
/// error points at the key or value it names when there is one, else at the start.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let root = parse(text)?;
    serde_json::from_value(to_json(&root.value)).map_err(|e| {
        let message = e.to_string();
        let offset = named_in(&message)
            .and_then(|name| find(&root, name))
            .unwrap_or(root.span.start);
        let (line, column) = line_column(text, offset);
        YamlError {
            message,
            line,
            column,
            offset,
        }
    })
}

fn to_json(value: &Yaml) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Int(i) => Value::from(*i),
        Yaml::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Yaml::Str(s) => Value::String(s.clone()),
        Yaml::Seq(items) => Value::Array(items.iter().map(|n| to_json(&n.value)).collect()),
        Yaml::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.value.value)))
                .collect(),
        ),
    }
}

/// The first name a serde message quotes: "unknown field `pasword`, expected …" or
/// "invalid type: string \"x\", expected …".
fn named_in(message: &str) -> Option<&str> {
    let quoted = |open: char, close: char| {
        let (_, rest) = message.split_once(open)?;
        rest.split_once(close).map(|(name, _)| name)
    };
    quoted('`', '`').or_else(|| quoted('"', '"'))
}

/// Where a key, or else a scalar, written as `name` is, depth first.
fn find(node: &Node, name: &str) -> Option<usize> {
    match &node.value {
        Yaml::Map(entries) => entries.iter().find_map(|e| {
            (e.key == name)
                .then_some(e.key_span.start)
                .or_else(|| find(&e.value, name))
        }),
        Yaml::Seq(items) => items.iter().find_map(|n| find(n, name)),
        scalar => (scalar.as_scalar_text().as_deref() == Some(name)).then_some(node.span.start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_settings_and_their_errors() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        struct Server {
            #[allow(dead_code)]
            url: String,
        }
        #[derive(serde::Deserialize, Debug)]
        struct File {
            #[allow(dead_code)]
            servers: Vec<Server>,
        }
        let ok: File = from_str("servers:\n  - url: sftp://x\n").unwrap();
        assert_eq!(ok.servers.len(), 1);
        let e = from_str::<File>("servers:\n  - url: sftp://x\n    pasword: y\n").unwrap_err();
        assert!(e.message.starts_with("unknown field `pasword`"), "{e:?}");
        assert_eq!((e.line, e.column), (3, 5));
    }
}
