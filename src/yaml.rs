//! YAML parsing, behind one door: only this module names the parser crate. Every node
//! carries its byte span in the parsed text, so messages point at what is written there
//! rather than at a place searched for.

mod load;
mod scalar;
mod typed;

use load::Loader;
pub use typed::from_str;

/// A byte range of the parsed text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A parsed YAML value, independent of the parser crate. Mappings keep their order.
#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A value and where it is written: a scalar's text (inside its quotes, if any), or a
/// list or mapping from its first character to its last.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Yaml,
    pub span: Span,
}

/// One `key: value` of a mapping; a key that is not text is kept as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
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

    /// The entry of a mapping with this key.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }
}

/// A syntax error with its 1-based line and column (in characters) in the parsed text,
/// and its byte offset there.
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl YamlError {
    /// Why, for a message: the common mistakes in the catalogue's words (editors write
    /// Windows paths in quotes, indent with tabs, leave a quote open), else the parser's.
    pub fn reason(&self) -> crate::i18n::Arg {
        const KNOWN: [(&str, &str); 9] = [
            ("unknown escape character", "yaml-reason-escape"),
            ("quoted scalar", "yaml-reason-quote"),
            ("tabs", "yaml-reason-tab"),
            ("':'", "yaml-reason-colon"),
            ("flow", "yaml-reason-flow"),
            ("anchor or alias", "yaml-reason-star"),
            ("duplicate entry", "yaml-reason-duplicate"),
            ("repetition limit", "yaml-reason-aliases"),
            ("recursion limit", "yaml-reason-nesting"),
        ];
        match KNOWN.iter().find(|(said, _)| self.message.contains(said)) {
            Some((_, id)) => crate::i18n::Arg::Id(id),
            None => crate::i18n::Arg::Text(self.message.clone()),
        }
    }
}

/// Parses one YAML document into a [`Node`] tree; an empty text is [`Yaml::Null`].
pub fn parse(text: &str) -> Result<Node, YamlError> {
    Loader::new(text).document()
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn parses_in_order_and_reports_positions() {
        let v = parse("title: A\ndate: 2022-09\nyear: 2022\n").unwrap();
        let Yaml::Map(entries) = v.value else {
            panic!()
        };
        assert_eq!(entries[1].key, "date");
        assert_eq!(entries[1].value.value, Yaml::Str("2022-09".into()));
        assert_eq!(entries[2].value.value, Yaml::Int(2022));
        let e = parse("title: [a\n").unwrap_err();
        assert!(e.line >= 1, "{e:?}");
        assert!(!e.message.contains(" at line "));
    }

    #[test]
    fn spans_are_bytes_of_the_text() {
        let text = "tiêu_đề: Kế hoạch số 1\nđơn_vị: \"UBND xã Đồng Văn\"\nhạn:\n  - { ngày: 2022-12-15, việc: Báo cáo }\n  - ngày: 2023-01-02\n    việc: 'Tổng kết'\n";
        let v = parse(text).unwrap();
        let Yaml::Map(entries) = &v.value else {
            panic!()
        };
        assert_eq!(at(text, entries[0].key_span), "tiêu_đề");
        assert_eq!(at(text, entries[0].value.span), "Kế hoạch số 1");
        assert_eq!(at(text, entries[1].key_span), "đơn_vị");
        assert_eq!(at(text, entries[1].value.span), "UBND xã Đồng Văn");
        let Yaml::Seq(items) = &entries[2].value.value else {
            panic!()
        };
        assert_eq!(
            at(text, items[0].span),
            "{ ngày: 2022-12-15, việc: Báo cáo }"
        );
        assert!(at(text, items[1].span).starts_with("ngày: 2023-01-02"));
        let second = items[1].value.entry("việc").unwrap();
        assert_eq!(at(text, second.key_span), "việc");
        assert_eq!(at(text, second.value.span), "Tổng kết");
    }

    #[test]
    fn errors_name_the_place() {
        let e = parse("title: A\nunit: B\ntitle: C\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert_eq!(e.message, "duplicate entry with key \"title\"");
        let e = parse("tiêu_đề: [Kế hoạch\nđơn_vị: x\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        let e = parse(bomb).unwrap_err();
        assert_eq!(e.message, "repetition limit exceeded");
        let v = parse("a: &x [1, 2]\nb: *x\n").unwrap();
        assert_eq!(
            v.value.get("b").unwrap().value,
            v.value.get("a").unwrap().value
        );
        assert!(parse("a: 1\n---\nb: 2\n").is_err());
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(&deep).unwrap_err().message,
            "recursion limit exceeded"
        );
        let long: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        assert_eq!(
            parse(&long).unwrap().value.get("k39").unwrap().value,
            Yaml::Int(39)
        );
        let e = parse(&format!("{long}k3: again\n")).unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (41, "duplicate entry with key \"k3\"")
        );
    }
}
