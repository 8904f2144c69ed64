//! A file read once: NFC text, its front matter split from the body, and offsets as line:column.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Position};
use crate::i18n::codes;
use crate::vi;

/// A text file in NFC with line starts, for positions in messages.
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl Source {
    /// Reads `path`, strips a byte-order mark, normalises line endings and NFC.
    pub fn read(path: &Path) -> Result<Source, Diagnostic> {
        Source::from_bytes(path, Source::read_bytes(path)?)
    }

    /// The bytes of `path`, or the problem reading them.
    pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
        std::fs::read(path).map_err(|e| {
            Diagnostic::error(path, codes::FILE_UNREADABLE).arg("reason", e.to_string())
        })
    }

    /// [`Source::read`] of bytes already read from `path`.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Source, Diagnostic> {
        // `contains` on bytes is a memchr scan: cheap beside the UTF-8 check.
        if let Some(offset) = bytes
            .contains(&0)
            .then(|| bytes.iter().position(|&b| b == 0))
            .flatten()
        {
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Diagnostic::error(path, codes::FILE_BINARY)
                .arg("offset", offset)
                .at(Position {
                    line,
                    column: 0,
                    source_line: None,
                    span: 1,
                    bytes: Some(offset..offset + 1),
                }));
        }
        if simdutf8::basic::from_utf8(&bytes).is_ok() {
            // SAFETY: validated as UTF-8 on the line above.
            let text = unsafe { String::from_utf8_unchecked(bytes) };
            return Ok(Source::new(path.to_path_buf(), text));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Diagnostic::error(path, codes::FILE_NOT_UTF8)
                .arg("offset", offset)
                .arg("byte", format!("0x{:02X}", e.as_bytes()[offset]))
                .at(Position {
                    line,
                    column,
                    source_line: None,
                    span: 1,
                    bytes: Some(offset..offset + 1),
                })
        })?;
        Ok(Source::new(path.to_path_buf(), text))
    }

    pub fn new(path: PathBuf, text: String) -> Source {
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text);
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text
        };
        let text = match vi::nfc(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(normalised) => normalised,
        };
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source {
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset, with that line's text.
    pub fn position(&self, offset: usize, span_bytes: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        // An offset inside a letter (from a file changed since) points at the letter.
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_index];
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let line_text = &self.text[start..end];
        let column = self.text[start..offset].chars().count() + 1;
        let span_end = (offset + span_bytes).min(end);
        let span = self
            .text
            .get(offset..span_end)
            .map_or(1, |s| s.chars().count().max(1));
        Position {
            line: line_index + 1,
            column,
            source_line: Some(line_text.to_owned()),
            span,
            bytes: Some(offset..span_end.max(offset)),
        }
    }

    /// Position of a 1-based line and column, as parsers report them.
    pub fn line_column(&self, line: usize, column: usize) -> Position {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return Position {
                line,
                column,
                source_line: None,
                span: 1,
                bytes: None,
            };
        };
        let line_text = self.text[start..].split('\n').next().unwrap_or("");
        // The column counts characters; the byte range covers the one it names.
        let at = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map(|(i, c)| start + i..start + i + c.len_utf8());
        Position {
            line,
            column,
            source_line: Some(line_text.to_owned()),
            span: 1,
            bytes: at,
        }
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Splits `---` front matter from the body. `None` when the file has no front matter.
    pub fn front_matter(&self) -> Option<FrontMatterSplit> {
        let rest = self.text.strip_prefix("---\n")?;
        let fm_start = 4;
        // The closing fence is a line of exactly `---` (or `...`, as YAML allows).
        let mut pos = 0;
        for line in rest.split_inclusive('\n') {
            let trimmed = line.trim_end();
            if trimmed == "---" || trimmed == "..." {
                let fm_end = fm_start + pos;
                let body_start = (fm_end + line.len()).min(self.text.len());
                return Some(FrontMatterSplit {
                    yaml: fm_start..fm_end,
                    body: body_start..self.text.len(),
                });
            }
            pos += line.len();
        }
        None
    }
}

/// Byte ranges of the YAML and of the body within [`Source::text`].
#[derive(Clone, Debug)]
pub struct FrontMatterSplit {
    pub yaml: std::ops::Range<usize>,
    pub body: std::ops::Range<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_maps_positions() {
        let s = Source::new(
            "a.md".into(),
            "---\ntitle: Đồng Văn\ndate: 2022\n---\nBody\n".into(),
        );
        let split = s.front_matter().unwrap();
        assert_eq!(&s.text[split.yaml.clone()], "title: Đồng Văn\ndate: 2022\n");
        assert_eq!(&s.text[split.body], "Body\n");
        let off = s.text.find("2022").unwrap();
        let p = s.position(off, 4);
        assert_eq!((p.line, p.column, p.span), (3, 7, 4));
        assert_eq!(p.bytes, Some(off..off + 4));
        // Inside a letter (an offset of a file since changed): the letter, not a panic.
        let dong = s.text.find("Đồng").unwrap();
        let p = s.position(dong + 1, 2);
        assert_eq!((p.line, p.column), (2, 8));
    }

    #[test]
    fn normalises_nfd_and_crlf() {
        let nfd = "---\r\ntitle: \u{0110}o\u{0302}\u{0300}ng\r\n---\r\n";
        let s = Source::new("a.md".into(), nfd.into());
        assert_eq!(s.text, "---\ntitle: Đồng\n---\n");
    }
}
