//! `bantin build --zip FILE`: the built site as one zip file, to hand over. Links between
//! pages are relative and name `index.html`, so the site works unzipped and opened from disk.
//!
//! Pages are written into a file beside the target as they render, and it takes the
//! target's name only when the whole build succeeded: a failed build leaves an earlier zip
//! as it was.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use zip::write::SimpleFileOptions;

use crate::diag::Diagnostic;
use crate::i18n::codes;
use crate::render::Sink;

/// Refuses a target that is a folder or a file other than a zip: only an earlier zip is
/// replaced.
pub fn check_target(target: &Path) -> Result<(), Diagnostic> {
    if target.is_dir() {
        return Err(Diagnostic::error(target, codes::ZIP_TARGET_REFUSED).arg("what", "folder"));
    }
    if let Ok(mut file) = File::open(target) {
        let mut magic = [0u8; 4];
        let is_zip = std::io::Read::read_exact(&mut file, &mut magic).is_ok()
            && (magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06");
        if !is_zip {
            return Err(Diagnostic::error(target, codes::ZIP_TARGET_REFUSED).arg("what", "file"));
        }
    }
    Ok(())
}

pub struct ZipSink {
    writer: Mutex<Option<zip::ZipWriter<BufWriter<File>>>>,
    options: SimpleFileOptions,
    partial: PathBuf,
    target: PathBuf,
}

impl ZipSink {
    /// Starts `FILE.part` beside `target`.
    pub fn create(target: &Path) -> std::io::Result<ZipSink> {
        let mut partial = target.as_os_str().to_owned();
        partial.push(".part");
        let partial = PathBuf::from(partial);
        let file = File::create(&partial)?;
        let now = chrono::Local::now().naive_local();
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::try_from(now).unwrap_or_default())
            .unix_permissions(0o644);
        Ok(ZipSink {
            writer: Mutex::new(Some(zip::ZipWriter::new(BufWriter::new(file)))),
            options,
            partial,
            target: target.to_path_buf(),
        })
    }

    fn add(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        // Whoever unzips it writes where the entry says: the same proof as for a folder.
        crate::output::inside(path)?;
        let mut guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let writer = guard
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the zip is already finished"))?;
        writer
            .start_file(path, self.options)
            .map_err(std::io::Error::other)?;
        writer.write_all(bytes)
    }

    /// Finishes the zip and puts it in place of the target.
    pub fn finish(self) -> std::io::Result<()> {
        let writer = self
            .writer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| std::io::Error::other("the zip is already finished"))?;
        let mut file = writer.finish().map_err(std::io::Error::other)?;
        file.flush()?;
        file.get_ref().sync_all()?;
        drop(file);
        std::fs::rename(&self.partial, &self.target)
    }
}

impl Drop for ZipSink {
    /// An unfinished zip is removed rather than left half-written.
    fn drop(&mut self) {
        let unfinished = self
            .writer
            .get_mut()
            .map(|w| w.take().is_some())
            .unwrap_or(true);
        if unfinished {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

impl Sink for ZipSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.add(path, &bytes)
    }

    fn copy(&self, from: &Path, path: &str) -> std::io::Result<()> {
        self.add(path, &std::fs::read(from)?)
    }
}
