//! Reading parts of a zip container (.docx, .odt) with limits: a part is read only up to a
//! cap, so a zip bomb or a huge document is refused with a size message, not read into memory.

use std::io::{Cursor, Read};

use super::ImportError;

/// The text parts (document.xml, content.xml, styles): far above any real document.
pub const MAX_PART: u64 = 24 * 1024 * 1024;
/// One image or other binary part.
pub const MAX_MEDIA: u64 = 32 * 1024 * 1024;
/// All parts read from one file together.
pub const MAX_TOTAL: u64 = 256 * 1024 * 1024;
const MAX_ENTRIES: usize = 20_000;

pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    read_so_far: u64,
}

pub fn open(bytes: &[u8]) -> Result<Archive<'_>, ImportError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::OleContainer);
    }
    if !bytes.starts_with(b"PK") {
        return Err(ImportError::NotZip);
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportError::NotZip)?;
    if zip.len() > MAX_ENTRIES {
        return Err(ImportError::TooLarge(MAX_PART));
    }
    Ok(Archive {
        zip,
        read_so_far: 0,
    })
}

impl Archive<'_> {
    /// A part's bytes, or None when the container has no such part.
    pub fn read_bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
        self.read_capped(name, MAX_MEDIA)
    }

    /// A text part as UTF-8 (XML parts of .docx and .odt always are).
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        let Some(bytes) = self.read_capped(name, MAX_PART)? else {
            return Ok(None);
        };
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| ImportError::BadXml(format!("{name} is not UTF-8")))
    }

    fn read_capped(&mut self, name: &str, cap: u64) -> Result<Option<Vec<u8>>, ImportError> {
        let file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(zip::result::ZipError::UnsupportedArchive(m))
                if m.contains("ncrypt") || m.contains("assword") =>
            {
                return Err(ImportError::Encrypted);
            }
            Err(e) => return Err(ImportError::BadZip(e.to_string())),
        };
        if file.encrypted() {
            return Err(ImportError::Encrypted);
        }
        // The declared size may lie: read one byte past the cap to know.
        let mut out = Vec::with_capacity(file.size().min(cap) as usize);
        file.take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| ImportError::BadZip(e.to_string()))?;
        if out.len() as u64 > cap {
            return Err(ImportError::TooLarge(cap));
        }
        self.read_so_far += out.len() as u64;
        if self.read_so_far > MAX_TOTAL {
            return Err(ImportError::TooLarge(MAX_TOTAL));
        }
        Ok(Some(out))
    }
}

/// A file name for an extracted part that is safe anywhere: its last path segment, ASCII
/// letters, digits, `-`, `_` and one extension; numbered when nothing usable is left.
pub fn safe_file_name(target: &str, index: usize) -> String {
    let last = target.rsplit(['/', '\\']).next().unwrap_or("");
    let (stem, ext) = match last.rsplit_once('.') {
        Some((s, e)) => (s, e),
        None => (last, ""),
    };
    let clean = |s: &str, max: usize| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(max)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let stem = clean(stem, 40);
    let ext = clean(ext, 5);
    let stem = if stem.is_empty() {
        format!("hinh-{}", index + 1)
    } else {
        stem
    };
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracted_names_cannot_climb_out() {
        assert_eq!(safe_file_name("media/image1.png", 0), "image1.png");
        assert_eq!(safe_file_name("../../../etc/passwd", 0), "passwd");
        assert_eq!(safe_file_name("..\\..\\x.PNG", 0), "x.png");
        assert_eq!(safe_file_name("media/..", 2), "hinh-3");
    }
}
