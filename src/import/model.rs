//! What every reader produces and the field reader and body writer consume: paragraphs of
//! runs, tables of cells, images. Word and OpenDocument both come down to this.

/// A stretch of text with one look. Line breaks are `\n`, tab stops `\t`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// An image: its file name inside the bundle.
    pub image: Option<String>,
}

/// A Word bullet or numbered list item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListItem {
    pub ordered: bool,
    pub level: u8,
}

#[derive(Clone, Debug, Default)]
pub struct Para {
    pub runs: Vec<Run>,
    pub list: Option<ListItem>,
    /// Heading level given by the paragraph style (Heading 1 …), when there is one.
    pub heading: Option<u8>,
    pub centered: bool,
    /// The paragraph's Markdown as written, for text and Markdown files.
    pub md_source: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Merge {
    #[default]
    None,
    /// First cell of a vertically merged group.
    Start,
    /// Covered by the cell above.
    Continue,
}

#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub paras: Vec<Para>,
    /// Grid columns the cell covers.
    pub span: usize,
    pub merge: Merge,
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Clone, Debug)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// A read document before its fields are taken out.
#[derive(Debug, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    /// Images found, by the file name the body refers to.
    pub images: Vec<(String, Vec<u8>)>,
    /// What was converted from a legacy encoding, for the report (`TCVN3 (.VnTime): 812 đoạn`).
    pub conversions: Vec<(String, usize)>,
}

impl Para {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// True when every letter of the paragraph is bold (and it has some).
    pub fn bold(&self) -> bool {
        let mut any = false;
        for r in &self.runs {
            if r.text.chars().any(char::is_alphanumeric) {
                if !r.bold {
                    return false;
                }
                any = true;
            }
        }
        any
    }

    pub fn is_blank(&self) -> bool {
        self.runs
            .iter()
            .all(|r| r.image.is_none() && r.text.trim().is_empty())
    }

    pub fn plain(text: &str) -> Para {
        Para {
            runs: vec![Run {
                text: text.to_owned(),
                ..Run::default()
            }],
            ..Para::default()
        }
    }
}

impl Cell {
    pub fn text(&self) -> String {
        self.paras
            .iter()
            .map(Para::text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}
