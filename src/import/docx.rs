//! Word (.docx): the WordprocessingML of `word/document.xml`, with styles for inherited bold
//! and fonts, numbering for list labels, and relationships for images. Headers and footers
//! (their own parts) are not read.

mod numbering;
mod runs;

use std::collections::HashMap;

use super::ImportError;
use super::encoding::Legacy;
use super::model::{Block, Cell, Doc, ListItem, Merge, Para, Run, Table};
use super::xml::{self, Element};
use super::zipped::{self, Archive};

#[derive(Clone, Debug, Default)]
struct Style {
    based_on: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    font: Option<String>,
    heading: Option<u8>,
}

#[derive(Clone, Debug)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

struct Reader {
    styles: HashMap<String, Style>,
    default_font: Option<String>,
    /// numId → levels of its abstract numbering.
    numbering: HashMap<String, Vec<Level>>,
    counters: HashMap<String, [u32; 9]>,
    rels: HashMap<String, String>,
    images: Vec<(String, Vec<u8>)>,
    image_names: HashMap<String, String>,
    converted: HashMap<Legacy, usize>,
}

pub fn read(bytes: &[u8]) -> Result<Doc, ImportError> {
    let mut archive = zipped::open(bytes)?;
    let Some(document) = archive.read_text("word/document.xml")? else {
        return Err(ImportError::NotWord);
    };
    let root = xml::parse(&document).map_err(ImportError::BadXml)?;
    let mut reader = Reader {
        styles: HashMap::new(),
        default_font: None,
        numbering: HashMap::new(),
        counters: HashMap::new(),
        rels: HashMap::new(),
        images: Vec::new(),
        image_names: HashMap::new(),
        converted: HashMap::new(),
    };
    if let Some(text) = archive.read_text("word/styles.xml")? {
        if let Ok(styles) = xml::parse(&text) {
            reader.read_styles(&styles);
        }
    }
    if let Some(text) = archive.read_text("word/numbering.xml")? {
        if let Ok(numbering) = xml::parse(&text) {
            reader.read_numbering(&numbering);
        }
    }
    if let Some(text) = archive.read_text("word/_rels/document.xml.rels")? {
        if let Ok(rels) = xml::parse(&text) {
            for r in rels.elements().filter(|e| e.name == "Relationship") {
                if let (Some(id), Some(target)) = (r.attr("Id"), r.attr("Target")) {
                    reader.rels.insert(id.to_owned(), target.to_owned());
                }
            }
        }
    }
    let body = root.child("body").ok_or(ImportError::NotWord)?;
    let mut blocks = Vec::new();
    reader.blocks(body, &mut archive, &mut blocks)?;
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

impl Reader {
    fn blocks(
        &mut self,
        parent: &Element,
        archive: &mut Archive,
        out: &mut Vec<Block>,
    ) -> Result<(), ImportError> {
        for e in parent.elements() {
            match e.name.as_str() {
                "p" => out.push(Block::Para(self.para(e, archive)?)),
                "tbl" => out.push(Block::Table(self.table(e, archive)?)),
                "sdt" | "customXml" | "ins" | "smartTag" => {
                    let inner = e.child("sdtContent").unwrap_or(e);
                    self.blocks(inner, archive, out)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn table(&mut self, tbl: &Element, archive: &mut Archive) -> Result<Table, ImportError> {
        let mut table = Table::default();
        for tr in tbl.elements().filter(|e| e.name == "tr") {
            let mut row = Vec::new();
            for tc in tr.elements().filter(|e| e.name == "tc") {
                let pr = tc.child("tcPr");
                let span = pr
                    .and_then(|p| p.child("gridSpan"))
                    .and_then(|g| g.attr("val"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1usize)
                    .clamp(1, 64);
                let merge = match pr.and_then(|p| p.child("vMerge")) {
                    None => Merge::None,
                    Some(v) if v.attr("val") == Some("restart") => Merge::Start,
                    Some(_) => Merge::Continue,
                };
                let mut blocks = Vec::new();
                self.blocks(tc, archive, &mut blocks)?;
                let mut paras = Vec::new();
                flatten(blocks, &mut paras);
                row.push(Cell { paras, span, merge });
            }
            table.rows.push(row);
        }
        Ok(table)
    }

    fn para(&mut self, p: &Element, archive: &mut Archive) -> Result<Para, ImportError> {
        let ppr = p.child("pPr");
        let pstyle = ppr
            .and_then(|p| p.child("pStyle"))
            .and_then(|s| s.attr("val"))
            .map(str::to_owned);
        let mut para = Para {
            centered: ppr
                .and_then(|p| p.child("jc"))
                .and_then(|j| j.attr("val"))
                .is_some_and(|v| v == "center"),
            heading: self.style_prop(pstyle.as_deref(), |s| s.heading),
            ..Para::default()
        };
        let num = ppr.and_then(|p| p.child("numPr"));
        if let Some(num) = num {
            let id = num
                .child("numId")
                .and_then(|n| n.attr("val"))
                .unwrap_or("0");
            let level = num
                .child("ilvl")
                .and_then(|n| n.attr("val"))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0)
                .min(8);
            match self.list_label(id, level) {
                Some(Some(label)) => para.runs.push(Run {
                    text: format!("{label} "),
                    ..Run::default()
                }),
                Some(None) => {
                    para.list = Some(ListItem {
                        ordered: false,
                        level: level as u8,
                    })
                }
                None => {}
            }
        }
        self.runs(p, pstyle.as_deref(), archive, &mut para.runs)?;
        // Word splits runs at every revision and spell-check mark: join runs that look alike.
        let mut merged: Vec<Run> = Vec::with_capacity(para.runs.len());
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
}

/// Paragraphs of nested blocks, a nested table's cells one after another.
pub fn flatten(blocks: Vec<Block>, out: &mut Vec<Para>) {
    for b in blocks {
        match b {
            Block::Para(p) => out.push(p),
            Block::Table(t) => {
                for row in t.rows {
                    for cell in row {
                        out.extend(cell.paras);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod reading {
    use std::io::Write;

    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main""#;

    /// A .docx of the given body XML, with numbering, relationships and one image.
    pub fn docx(body: &str) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        let put = |z: &mut zip::ZipWriter<_>, name: &str, data: &[u8]| {
            z.start_file(name, opts).unwrap();
            z.write_all(data).unwrap();
        };
        put(
            &mut z,
            "word/document.xml",
            format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#)
                .as_bytes(),
        );
        put(
            &mut z,
            "word/numbering.xml",
            format!(
                r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#
            )
            .as_bytes(),
        );
        put(
            &mut z,
            "word/_rels/document.xml.rels",
            br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="image" Target="media/../../../evil name.png"/></Relationships>"#,
        );
        put(&mut z, "word/media/../../../evil name.png", b"\x89PNG fake");
        put(
            &mut z,
            "word/header1.xml",
            format!(r#"<w:hdr {W}><w:p><w:r><w:t>ĐẦU TRANG</w:t></w:r></w:p></w:hdr>"#).as_bytes(),
        );
        z.finish().unwrap();
        buf.into_inner()
    }

    fn texts(doc: &Doc) -> Vec<String> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.text(),
                Block::Table(t) => format!("table {}x{}", t.rows.len(), t.rows[0].len()),
            })
            .collect()
    }

    #[test]
    fn runs_split_by_revisions_join_and_fonts_decode() {
        let body = r#"
            <w:p><w:r w:rsidR="00A1"><w:rPr><w:b/></w:rPr><w:t>KẾ HO</w:t></w:r><w:r w:rsidR="00B2"><w:rPr><w:b/></w:rPr><w:t>ẠCH</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Unicode và </w:t></w:r><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>Céng hßa “t{SHY}êng”</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii=".VnTimeH"/></w:rPr><w:t> viÖt nam</w:t></w:r><w:del><w:r><w:delText>bỏ</w:delText></w:r></w:del><w:ins><w:r><w:t> thêm</w:t></w:r></w:ins></w:p>
            <w:p><w:r><w:rPr><w:rFonts w:ascii="VNI-Times"/></w:rPr><w:t>Vieät Nam</w:t></w:r><w:r><w:tab/><w:t>cột</w:t><w:br/><w:t>dòng</w:t></w:r></w:p>"#;
        // TCVN3 `ư` is 0xAD, shown by Windows-1252 as a soft hyphen.
        let body = body.replace("{SHY}", "\u{ad}");
        let doc = read(&docx(&body)).unwrap();
        let t = texts(&doc);
        assert_eq!(t[0], "KẾ HOẠCH");
        let Block::Para(p) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(p.runs.len(), 1, "runs alike are joined");
        assert!(p.bold());
        assert_eq!(t[1], "Unicode và Cộng hòa “tường” VIỆT NAM thêm");
        assert_eq!(t[2], "Việt Nam\tcột\ndòng");
        assert_eq!(doc.conversions.len(), 2);
        assert!(
            !t.iter().any(|s| s.contains("ĐẦU TRANG")),
            "headers are left out"
        );
    }

    #[test]
    fn numbering_labels_bullets_merged_cells_and_images() {
        let body = r#"
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>MỤC ĐÍCH</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Mục đích</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>NỘI DUNG</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>Sở Nội vụ;</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Gộp</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:embed="rId9"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>"#;
        let doc = read(&docx(body)).unwrap();
        let t = texts(&doc);
        assert_eq!(t[..3], ["I. MỤC ĐÍCH", "1. Mục đích", "II. NỘI DUNG"]);
        let Block::Para(p) = &doc.blocks[3] else {
            panic!()
        };
        assert!(p.list.is_some_and(|l| !l.ordered));
        let Block::Table(table) = &doc.blocks[4] else {
            panic!()
        };
        assert_eq!(table.rows[0][0].span, 2);
        assert_eq!(table.rows[1][0].merge, Merge::Start);
        assert_eq!(table.rows[2][0].merge, Merge::Continue);
        assert_eq!(doc.images.len(), 1);
        assert_eq!(
            doc.images[0].0, "evilname.png",
            "an image keeps a safe name of its own"
        );
        let mut md = String::new();
        super::super::body::write(&doc.blocks, &mut md);
        assert!(md.contains("![](evilname.png)"), "{md}");
        assert!(md.contains("<td rowspan=\"2\">1</td>"), "{md}");
    }
}
