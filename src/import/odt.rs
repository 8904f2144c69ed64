//! OpenDocument text (.odt, LibreOffice): `content.xml` with its automatic styles and the
//! named styles of `styles.xml` for bold, italic and fonts.

use std::collections::HashMap;

use super::ImportError;
use super::encoding::{self, Legacy};
use super::model::{Block, Cell, Doc, ListItem, Merge, Para, Run, Table};
use super::xml::{self, Element, Node};
use super::zipped;

#[derive(Clone, Debug, Default)]
struct Style {
    parent: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    font: Option<String>,
    centered: bool,
}

struct Reader<'a> {
    styles: HashMap<String, Style>,
    archive: zipped::Archive<'a>,
    images: Vec<(String, Vec<u8>)>,
    converted: HashMap<Legacy, usize>,
}

pub fn read(bytes: &[u8]) -> Result<Doc, ImportError> {
    let mut archive = zipped::open(bytes)?;
    let Some(content) = archive.read_text("content.xml")? else {
        return Err(ImportError::NotOdt);
    };
    let root = xml::parse(&content).map_err(ImportError::BadXml)?;
    let mut reader = Reader {
        styles: HashMap::new(),
        archive,
        images: Vec::new(),
        converted: HashMap::new(),
    };
    if let Some(text) = reader.archive.read_text("styles.xml")? {
        if let Ok(styles) = xml::parse(&text) {
            reader.read_styles(&styles);
        }
    }
    reader.read_styles(&root);
    let text = root
        .child("body")
        .and_then(|b| b.child("text"))
        .ok_or(ImportError::NotOdt)?;
    let mut blocks = Vec::new();
    reader.blocks(text, 0, &mut blocks)?;
    let mut conversions: Vec<(String, usize)> = reader
        .converted
        .iter()
        .map(|(l, n)| (l.name().to_owned(), *n))
        .collect();
    conversions.sort();
    Ok(Doc {
        blocks,
        images: reader.images,
        conversions,
    })
}

impl Reader<'_> {
    fn read_styles(&mut self, root: &Element) {
        let mut all = Vec::new();
        root.find_all("style", &mut all);
        for s in all {
            let Some(name) = s.attr_q("style:name") else {
                continue;
            };
            let tp = s.child("text-properties");
            let style = Style {
                parent: s.attr("parent-style-name").map(str::to_owned),
                bold: tp
                    .and_then(|t| t.attr("font-weight"))
                    .map(|w| w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600)),
                italic: tp
                    .and_then(|t| t.attr("font-style"))
                    .map(|w| w == "italic" || w == "oblique"),
                font: tp.and_then(|t| t.attr("font-name")).map(str::to_owned),
                centered: s
                    .child("paragraph-properties")
                    .and_then(|p| p.attr("text-align"))
                    .is_some_and(|a| a == "center"),
            };
            self.styles.insert(name.to_owned(), style);
        }
    }

    fn prop<T>(&self, name: Option<&str>, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut name = name?;
        for _ in 0..10 {
            let s = self.styles.get(name)?;
            if let Some(v) = get(s) {
                return Some(v);
            }
            name = s.parent.as_deref()?;
        }
        None
    }

    fn blocks(
        &mut self,
        parent: &Element,
        list_level: u8,
        out: &mut Vec<Block>,
    ) -> Result<(), ImportError> {
        for e in parent.elements() {
            match e.name.as_str() {
                "p" | "h" => {
                    let mut p = self.para(e)?;
                    if e.name == "h" {
                        p.heading = e.attr("outline-level").and_then(|l| l.parse().ok());
                    }
                    out.push(Block::Para(p));
                }
                "list" => {
                    for item in e
                        .elements()
                        .filter(|i| i.name == "list-item" || i.name == "list-header")
                    {
                        let mut inner = Vec::new();
                        self.blocks(item, list_level + 1, &mut inner)?;
                        for b in inner {
                            match b {
                                Block::Para(mut p) if p.list.is_none() => {
                                    p.list = Some(ListItem {
                                        ordered: false,
                                        level: list_level,
                                    });
                                    out.push(Block::Para(p));
                                }
                                other => out.push(other),
                            }
                        }
                    }
                }
                "table" => out.push(Block::Table(self.table(e)?)),
                "section" | "soft-page-break" | "index-body" => self.blocks(e, list_level, out)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn table(&mut self, t: &Element) -> Result<Table, ImportError> {
        let mut rows = Vec::new();
        collect_rows(t, &mut rows);
        let mut table = Table::default();
        for tr in rows {
            let mut row = Vec::new();
            let mut skip = 0usize;
            for tc in tr.elements() {
                match tc.name.as_str() {
                    "table-cell" => {
                        let span: usize = tc
                            .attr("number-columns-spanned")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1);
                        let rows_spanned: usize = tc
                            .attr("number-rows-spanned")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1);
                        skip = span.saturating_sub(1);
                        let mut blocks = Vec::new();
                        self.blocks(tc, 0, &mut blocks)?;
                        let mut paras = Vec::new();
                        super::docx::flatten(blocks, &mut paras);
                        row.push(Cell {
                            paras,
                            span: span.clamp(1, 64),
                            merge: if rows_spanned > 1 {
                                Merge::Start
                            } else {
                                Merge::None
                            },
                        });
                    }
                    "covered-table-cell" => {
                        if skip > 0 {
                            skip -= 1;
                        } else {
                            row.push(Cell {
                                paras: Vec::new(),
                                span: 1,
                                merge: Merge::Continue,
                            });
                        }
                    }
                    _ => {}
                }
            }
            table.rows.push(row);
        }
        Ok(table)
    }

    fn para(&mut self, p: &Element) -> Result<Para, ImportError> {
        let style = p.attr("style-name").map(str::to_owned);
        let mut para = Para {
            centered: self
                .prop(style.as_deref(), |s| s.centered.then_some(true))
                .unwrap_or(false),
            ..Para::default()
        };
        let base = Fmt {
            bold: self.prop(style.as_deref(), |s| s.bold).unwrap_or(false),
            italic: self.prop(style.as_deref(), |s| s.italic).unwrap_or(false),
            font: self.prop(style.as_deref(), |s| s.font.clone()),
        };
        self.inline(p, &base, &mut para.runs)?;
        let mut merged: Vec<Run> = Vec::new();
        for r in para.runs.drain(..) {
            match merged.last_mut() {
                Some(last)
                    if last.image.is_none()
                        && r.image.is_none()
                        && last.bold == r.bold
                        && last.italic == r.italic =>
                {
                    last.text.push_str(&r.text)
                }
                _ => merged.push(r),
            }
        }
        para.runs = merged;
        Ok(para)
    }

    fn inline(
        &mut self,
        parent: &Element,
        fmt: &Fmt,
        out: &mut Vec<Run>,
    ) -> Result<(), ImportError> {
        for n in &parent.children {
            match n {
                Node::Text(t) => self.push_text(t, fmt, out),
                Node::Element(e) => match e.name.as_str() {
                    "span" | "a" | "meta" => {
                        let style = e.attr("style-name");
                        let inner = Fmt {
                            bold: self.prop(style, |s| s.bold).unwrap_or(fmt.bold),
                            italic: self.prop(style, |s| s.italic).unwrap_or(fmt.italic),
                            font: self
                                .prop(style, |s| s.font.clone())
                                .or_else(|| fmt.font.clone()),
                        };
                        self.inline(e, &inner, out)?;
                    }
                    "s" => {
                        let count: usize = e.attr("c").and_then(|c| c.parse().ok()).unwrap_or(1);
                        self.push_text(&" ".repeat(count.min(100)), fmt, out);
                    }
                    "tab" => self.push_text("\t", fmt, out),
                    "line-break" => self.push_text("\n", fmt, out),
                    "frame" => {
                        if let Some(href) = e.find("image").and_then(|i| i.attr("href")) {
                            let href = href.to_owned();
                            if let Some(bytes) = self.archive.read_bytes(&href)? {
                                let name = zipped::safe_file_name(&href, self.images.len());
                                self.images.push((name.clone(), bytes));
                                out.push(Run {
                                    image: Some(name),
                                    ..Run::default()
                                });
                            }
                        }
                    }
                    "note" | "annotation" | "bookmark" | "bookmark-start" | "bookmark-end"
                    | "soft-page-break" => {}
                    _ => self.inline(e, fmt, out)?,
                },
            }
        }
        Ok(())
    }

    fn push_text(&mut self, text: &str, fmt: &Fmt, out: &mut Vec<Run>) {
        let mut text = text.to_owned();
        if let Some((legacy, capitals)) = fmt.font.as_deref().and_then(encoding::font_encoding) {
            *self.converted.entry(legacy).or_default() += 1;
            text = match legacy {
                Legacy::Tcvn3 => encoding::decode_tcvn3(&text, capitals),
                Legacy::Vni => encoding::decode_vni(&text, capitals),
                Legacy::Cp1258 => text,
            };
        }
        out.push(Run {
            text,
            bold: fmt.bold,
            italic: fmt.italic,
            image: None,
        });
    }
}

struct Fmt {
    bold: bool,
    italic: bool,
    font: Option<String>,
}

fn collect_rows<'a>(e: &'a Element, out: &mut Vec<&'a Element>) {
    for c in e.elements() {
        match c.name.as_str() {
            "table-row" => out.push(c),
            "table-header-rows" | "table-rows" | "table-row-group" => collect_rows(c, out),
            _ => {}
        }
    }
}
