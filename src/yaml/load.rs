//! The tree built from the parser's events: spans as byte offsets, anchors and aliases
//! within a budget, nesting within a limit, keys checked for repetition.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError};

use super::scalar::resolve;
use super::{Entry, Node, Span, Yaml, YamlError, line_column};

/// Nodes made by expanding aliases, at most: a few anchors repeated in a small file stay
/// far below, and nested repetitions ("billion laughs") stop here.
const ALIAS_BUDGET: usize = 100_000;

/// Lists and mappings nested deeper than this are refused, so that hostile text cannot
/// exhaust the stack of the code that walks the tree.
const DEPTH_LIMIT: usize = 128;

/// Builds the tree from the parser's events.
pub(super) struct Loader<'a> {
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
    pub(super) fn new(text: &'a str) -> Self {
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

    pub(super) fn document(mut self) -> Result<Node, YamlError> {
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
