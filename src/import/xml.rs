//! A small element tree over quick-xml: Word and OpenDocument parts are read whole (they are
//! capped in size first), and walking a tree keeps the readers short.

use quick_xml::events::Event;

/// One element: its local name (namespace prefix dropped), attributes and children.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    /// Attributes by qualified name as written (`w:val`, `table:number-columns-spanned`).
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// Past this many elements a part is refused rather than read: a document of several
/// hundred pages has far fewer.
const MAX_ELEMENTS: usize = 5_000_000;

impl Element {
    /// The attribute with this local name (`val` finds `w:val`).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs.iter().find_map(|(k, v)| {
            let name = k.rsplit(':').next().unwrap_or(k);
            (name == local).then_some(v.as_str())
        })
    }

    /// The attribute with exactly this qualified name.
    pub fn attr_q(&self, qualified: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find_map(|(k, v)| (k == qualified).then_some(v.as_str()))
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first descendant with this name, depth first.
    pub fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(found) = e.find(name) {
                return Some(found);
            }
        }
        None
    }

    /// Every descendant with this name, depth first.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                e.find_all(name, out);
            }
        }
    }
}

/// Parses a whole XML part into its root element.
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut count = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err("too many elements".into());
                }
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                let mut attrs = Vec::new();
                for a in start.attributes().flatten() {
                    let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
                    attrs.push((key, value));
                }
                let element = Element {
                    name,
                    attrs,
                    children: Vec::new(),
                };
                if matches!(event, Event::Empty(_)) {
                    push(&mut stack, Node::Element(element));
                } else {
                    stack.push(element);
                }
            }
            Event::End(_) if stack.len() > 1 => {
                let done = stack.pop().expect("checked");
                push(&mut stack, Node::Element(done));
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| e.to_string())?;
                push_text(&mut stack, &text);
            }
            Event::CData(t) => {
                let text = String::from_utf8_lossy(&t.into_inner()).into_owned();
                push_text(&mut stack, &text);
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.decode().map_err(|e| e.to_string())?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or("")
                            .to_owned()
                    }
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    while stack.len() > 1 {
        let done = stack.pop().expect("checked");
        push(&mut stack, Node::Element(done));
    }
    let mut root = stack.pop().expect("the document node");
    root.children.retain(|n| matches!(n, Node::Element(_)));
    match root.children.pop() {
        Some(Node::Element(e)) => Ok(e),
        _ => Err("no root element".into()),
    }
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(prev)) = top.children.last_mut() {
            prev.push_str(text);
        } else {
            top.children.push(Node::Text(text.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_and_entities() {
        let root = parse(r#"<?xml version="1.0"?><w:p xmlns:w="x"><w:r><w:t xml:space="preserve">a &amp; b&#x20;&lt;c&gt;</w:t></w:r><w:b w:val="0"/></w:p>"#).unwrap();
        assert_eq!(root.name, "p");
        let t = root.find("t").unwrap();
        assert!(matches!(&t.children[0], Node::Text(s) if s == "a & b <c>"));
        assert_eq!(root.child("b").unwrap().attr("val"), Some("0"));
    }
}
