//! YAML parsing, behind one door: only this module names the parser crate. Every node
//! carries its byte span in the parsed text, so messages point at what is written there
//! rather than at a place searched for.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Tag};
use serde::de::DeserializeOwned;

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

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// Nodes made by expanding aliases, at most: a few anchors repeated in a small file stay
/// far below, and nested repetitions ("billion laughs") stop here.
const ALIAS_BUDGET: usize = 100_000;

/// Lists and mappings nested deeper than this are refused, so that hostile text cannot
/// exhaust the stack of the code that walks the tree.
const DEPTH_LIMIT: usize = 128;

/// Builds the tree from the parser's events.
struct Loader<'a> {
    text: &'a str,
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    chars: CharToByte<'a>,
    /// Anchored nodes by the parser's anchor id, with their node count.
    anchors: HashMap<usize, (Node, usize)>,
    /// Nodes copied by aliases so far.
    alias_nodes: usize,
    /// Lists and mappings open around the node being read.
    depth: usize,
}

type Ev<'a> = (Event<'a>, saphyr_parser::Span);

impl<'a> Loader<'a> {
    fn new(text: &'a str) -> Self {
        Loader {
            text,
            parser: Parser::new_from_str(text),
            chars: CharToByte::new(text),
            anchors: HashMap::new(),
            alias_nodes: 0,
            depth: 0,
        }
    }

    fn next(&mut self) -> Result<Ev<'a>, YamlError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => Err(self.scan_error(&e)),
            None => Err(self.error(
                Marker::new(self.text.chars().count(), 0, 0),
                "unexpected end of stream",
            )),
        }
    }

    fn document(mut self) -> Result<Node, YamlError> {
        let mut root = None;
        loop {
            let (ev, span) = self.next()?;
            match ev {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => break,
                Event::DocumentStart(_) if root.is_some() => {
                    return Err(self.error(span.start, "more than one document in one file"));
                }
                Event::DocumentStart(_) => {
                    let (ev, span) = self.next()?;
                    root = Some(self.node(ev, span)?);
                }
                _ => return Err(self.error(span.start, "unexpected content")),
            }
        }
        Ok(root.unwrap_or(Node {
            value: Yaml::Null,
            span: Span::default(),
        }))
    }

    fn node(&mut self, ev: Event<'a>, span: saphyr_parser::Span) -> Result<Node, YamlError> {
        let start = self.chars.byte(span.start.index());
        if matches!(ev, Event::SequenceStart(..) | Event::MappingStart(..)) {
            if self.depth == DEPTH_LIMIT {
                return Err(self.error(span.start, "recursion limit exceeded"));
            }
            self.depth += 1;
        }
        let (node, anchor) = match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let mut end = self.chars.byte(span.end.index());
                let mut start = start;
                let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                // The span covers a quoted scalar's quotes (and any anchor or tag before
                // it): messages point at the text inside.
                if quoted {
                    let written = self.text.get(start..end).unwrap_or_default();
                    if let Some(open) = written.find(['"', '\'']) {
                        start += open + 1;
                        end = end.max(start + 1) - 1;
                    }
                }
                let value = resolve(text.into_owned(), style, tag.as_deref());
                let span = Span { start, end };
                (Node { value, span }, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                let end = loop {
                    let (ev, span) = self.next()?;
                    if ev == Event::SequenceEnd {
                        break span;
                    }
                    items.push(self.node(ev, span)?);
                };
                let end = self.end(end, items.last().map(|n| n.span.end));
                self.depth -= 1;
                let value = Yaml::Seq(items);
                (
                    Node {
                        value,
                        span: Span { start, end },
                    },
                    anchor,
                )
            }
            Event::MappingStart(anchor, _) => {
                let mut entries: Vec<Entry> = Vec::new();
                // Keys seen, once a mapping is too long to search its entries.
                let mut seen = HashSet::new();
                let end = loop {
                    let (ev, span) = self.next()?;
                    if ev == Event::MappingEnd {
                        break span;
                    }
                    let key_marker = span.start;
                    let key = self.node(ev, span)?;
                    let (ev, span) = self.next()?;
                    let value = self.node(ev, span)?;
                    let key_text = match key.value {
                        Yaml::Str(s) => s,
                        other => other.as_scalar_text().unwrap_or_default(),
                    };
                    if entries.len() == 16 {
                        seen.extend(entries.iter().map(|e| e.key.clone()));
                    }
                    let repeated = match entries.len() < 16 {
                        true => entries.iter().any(|e| e.key == key_text),
                        false => !seen.insert(key_text.clone()),
                    };
                    if repeated {
                        let message = format!("duplicate entry with key \"{key_text}\"");
                        return Err(self.error(key_marker, &message));
                    }
                    entries.push(Entry {
                        key: key_text,
                        key_span: key.span,
                        value,
                    });
                };
                let end = self.end(end, entries.last().map(|e| e.value.span.end));
                self.depth -= 1;
                let value = Yaml::Map(entries);
                (
                    Node {
                        value,
                        span: Span { start, end },
                    },
                    anchor,
                )
            }
            Event::Alias(id) => {
                let Some(&(_, count)) = self.anchors.get(&id) else {
                    return Err(self.error(span.start, "unknown anchor"));
                };
                self.alias_nodes += count;
                if self.alias_nodes > ALIAS_BUDGET {
                    return Err(self.error(span.start, "repetition limit exceeded"));
                }
                // The copy is pointed at where the alias is written.
                let value = self.anchors[&id].0.value.clone();
                let end = self.chars.byte(span.end.index());
                return Ok(Node {
                    value,
                    span: Span { start, end },
                });
            }
            _ => return Err(self.error(span.start, "unexpected event")),
        };
        if anchor > 0 {
            let count = count(&node);
            self.anchors.insert(anchor, (node.clone(), count));
        }
        Ok(node)
    }

    /// Where a list or mapping ends: after its `]` or `}`, or a block one after its last
    /// value (its end event is where the next thing starts).
    fn end(&mut self, end: saphyr_parser::Span, last: Option<usize>) -> usize {
        let closed = self.chars.byte(end.end.index());
        match last {
            Some(last) if end.is_empty() => last,
            _ => closed,
        }
    }

    fn scan_error(&mut self, e: &ScanError) -> YamlError {
        let mut error = self.error(*e.marker(), e.info());
        // A tab used to indent is marked after the tabs; point at the first of them.
        if e.info().contains("tabs") {
            let tabs = self.text[..error.offset].len()
                - self.text[..error.offset].trim_end_matches('\t').len();
            error.offset -= tabs;
            error.column -= tabs.min(error.column - 1);
        }
        error
    }

    fn error(&mut self, at: Marker, message: &str) -> YamlError {
        let offset = self.chars.byte(at.index());
        let (line, column) = line_column(self.text, offset);
        YamlError {
            message: message.to_owned(),
            line,
            column,
            offset,
        }
    }
}

fn count(node: &Node) -> usize {
    1 + match &node.value {
        Yaml::Seq(items) => items.iter().map(count).sum(),
        Yaml::Map(entries) => entries.iter().map(|e| 1 + count(&e.value)).sum(),
        _ => 0,
    }
}

/// A scalar's value by the YAML 1.2 core schema: only plain scalars are read as null,
/// booleans or numbers (`yes`, `no` and `2022-09-23` stay text); `!!str` keeps text.
fn resolve(text: String, style: ScalarStyle, tag: Option<&Tag>) -> Yaml {
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

/// Converts the parser's character indices to byte offsets, walking from the last one
/// asked for (events arrive in order, so each walk is short).
struct CharToByte<'a> {
    text: &'a str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl<'a> CharToByte<'a> {
    fn new(text: &'a str) -> Self {
        CharToByte {
            text,
            ascii: text.is_ascii(),
            chars: 0,
            bytes: 0,
        }
    }

    fn byte(&mut self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        while self.chars < index {
            let Some(c) = self.text[self.bytes..].chars().next() else {
                break;
            };
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        while self.chars > index {
            let c = self.text[..self.bytes]
                .chars()
                .next_back()
                .expect("counted");
            self.bytes -= c.len_utf8();
            self.chars -= 1;
        }
        self.bytes
    }
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
