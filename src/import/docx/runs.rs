//! Runs: their text, breaks and images, and the bold, italic and font set on the run or
//! inherited through the styles of `word/styles.xml`.

use super::{Reader, Style};
use crate::import::ImportError;
use crate::import::encoding::{self, Legacy};
use crate::import::model::Run;
use crate::import::xml::{Element, Node};
use crate::import::zipped::{self, Archive};

fn on(e: Option<&Element>) -> Option<bool> {
    e.map(|e| !matches!(e.attr("val"), Some("0" | "false" | "off" | "none")))
}

fn font_of(rpr: &Element) -> Option<String> {
    let f = rpr.child("rFonts")?;
    f.attr("ascii")
        .or_else(|| f.attr("hAnsi"))
        .map(str::to_owned)
}

impl Reader {
    pub(super) fn read_styles(&mut self, root: &Element) {
        if let Some(f) = root
            .child("docDefaults")
            .and_then(|d| d.find("rPr"))
            .and_then(font_of)
        {
            self.default_font = Some(f);
        }
        for s in root.elements().filter(|e| e.name == "style") {
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            let rpr = s.child("rPr");
            let name = s
                .child("name")
                .and_then(|n| n.attr("val"))
                .unwrap_or("")
                .to_lowercase();
            let heading = name
                .strip_prefix("heading ")
                .and_then(|n| n.trim().parse().ok())
                .or_else(|| {
                    s.child("pPr")
                        .and_then(|p| p.child("outlineLvl"))
                        .and_then(|o| o.attr("val"))
                        .and_then(|v| v.parse::<u8>().ok())
                        .filter(|&l| l < 9)
                        .map(|l| l + 1)
                });
            self.styles.insert(
                id.to_owned(),
                Style {
                    based_on: s
                        .child("basedOn")
                        .and_then(|b| b.attr("val"))
                        .map(str::to_owned),
                    bold: rpr.and_then(|r| on(r.child("b"))),
                    italic: rpr.and_then(|r| on(r.child("i"))),
                    font: rpr.and_then(font_of),
                    heading,
                },
            );
        }
    }

    /// A property of a style or the styles it is based on.
    pub(super) fn style_prop<T>(
        &self,
        id: Option<&str>,
        get: impl Fn(&Style) -> Option<T>,
    ) -> Option<T> {
        let mut id = id?;
        for _ in 0..10 {
            let s = self.styles.get(id)?;
            if let Some(v) = get(s) {
                return Some(v);
            }
            id = s.based_on.as_deref()?;
        }
        None
    }

    pub(super) fn runs(
        &mut self,
        parent: &Element,
        pstyle: Option<&str>,
        archive: &mut Archive,
        out: &mut Vec<Run>,
    ) -> Result<(), ImportError> {
        for e in parent.elements() {
            match e.name.as_str() {
                "r" => self.run(e, pstyle, archive, out)?,
                // Deleted text is not part of the document; everything else may hold runs.
                "del" | "pPr" | "rPr" | "moveFrom" => {}
                _ => self.runs(e, pstyle, archive, out)?,
            }
        }
        Ok(())
    }

    fn run(
        &mut self,
        r: &Element,
        pstyle: Option<&str>,
        archive: &mut Archive,
        out: &mut Vec<Run>,
    ) -> Result<(), ImportError> {
        let rpr = r.child("rPr");
        let rstyle = rpr
            .and_then(|p| p.child("rStyle"))
            .and_then(|s| s.attr("val"));
        let bold = rpr
            .and_then(|p| on(p.child("b")))
            .or_else(|| self.style_prop(rstyle, |s| s.bold))
            .or_else(|| self.style_prop(pstyle, |s| s.bold))
            .unwrap_or(false);
        let italic = rpr
            .and_then(|p| on(p.child("i")))
            .or_else(|| self.style_prop(rstyle, |s| s.italic))
            .or_else(|| self.style_prop(pstyle, |s| s.italic))
            .unwrap_or(false);
        let font = rpr
            .and_then(font_of)
            .or_else(|| self.style_prop(rstyle, |s| s.font.clone()))
            .or_else(|| self.style_prop(pstyle, |s| s.font.clone()))
            .or_else(|| self.default_font.clone());
        let caps = rpr.and_then(|p| on(p.child("caps"))).unwrap_or(false);
        let mut text = String::new();
        for c in r.elements() {
            match c.name.as_str() {
                "t" => {
                    for n in &c.children {
                        if let Node::Text(t) = n {
                            text.push_str(t);
                        }
                    }
                }
                "tab" | "ptab" => text.push('\t'),
                // Page and column breaks are layout, not text.
                "br" | "cr"
                    if c.attr("type") != Some("page") && c.attr("type") != Some("column") =>
                {
                    text.push('\n');
                }
                "noBreakHyphen" => text.push('-'),
                "drawing" | "pict" | "object" => {
                    if let Some(name) = self.image(c, archive)? {
                        out.push(Run {
                            text: String::new(),
                            image: Some(name),
                            ..Run::default()
                        });
                    }
                }
                _ => {}
            }
        }
        if text.is_empty() {
            return Ok(());
        }
        if let Some((legacy, capitals)) = font.as_deref().and_then(encoding::font_encoding) {
            if !text.is_ascii() || capitals {
                *self.converted.entry(legacy).or_default() += 1;
            }
            text = match legacy {
                Legacy::Tcvn3 => encoding::decode_tcvn3(&text, capitals),
                Legacy::Vni => encoding::decode_vni(&text, capitals),
                Legacy::Cp1258 => text,
            };
        }
        if caps {
            text = text.to_uppercase();
        }
        out.push(Run {
            text,
            bold,
            italic,
            image: None,
        });
        Ok(())
    }

    /// Extracts the image a drawing shows into the bundle; the name is its media file's.
    fn image(
        &mut self,
        drawing: &Element,
        archive: &mut Archive,
    ) -> Result<Option<String>, ImportError> {
        let mut found = Vec::new();
        drawing.find_all("blip", &mut found);
        drawing.find_all("imagedata", &mut found);
        let Some(id) = found
            .iter()
            .find_map(|b| b.attr("embed").or_else(|| b.attr_q("r:id")))
        else {
            return Ok(None);
        };
        let Some(target) = self.rels.get(id).cloned() else {
            return Ok(None);
        };
        if let Some(name) = self.image_names.get(&target) {
            return Ok(Some(name.clone()));
        }
        let path = if let Some(abs) = target.strip_prefix('/') {
            abs.to_owned()
        } else {
            format!("word/{target}")
        };
        let Some(bytes) = archive.read_bytes(&path)? else {
            return Ok(None);
        };
        let name = zipped::safe_file_name(&target, self.images.len());
        self.image_names.insert(target, name.clone());
        self.images.push((name.clone(), bytes));
        Ok(Some(name))
    }
}
