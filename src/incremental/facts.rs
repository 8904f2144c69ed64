//! The records a build keeps for the next (documents' body facts, their texts, the search
//! index's counts) in segment files `.bantin/facts-N.bin`, never changed once written.
//!
//! A build appends what it made to a new segment and hard-links into its output the last
//! build's segments whose records it still uses, so that after one edit only that edit's
//! records are written, not every document's again. A segment whose records are mostly no
//! longer used, or one too many, has the records still used copied into the new segment
//! and is left behind with the last output. Every record is hash-checked when read.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::output::{self, Staging};

/// At most this many segments after a build: the new one and the largest kept.
const MOST_SEGMENTS: usize = 8;

/// The name of segment `n` in the state folder: made from a number, never from text read.
pub fn segment_name(n: u64) -> String {
    format!("facts-{n}.bin")
}

/// Where a record is: segment, offset, length, and the hash of those bytes, so that a record
/// changed or cut short is not trusted.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place(u64, u64, u64, u64);

/// The last build's segments, open for reading.
pub struct Segments {
    dir: PathBuf,
    files: FxHashMap<u64, (fs::File, u64)>,
}

impl Segments {
    /// Closes its files: a folder that holds an open file cannot be renamed everywhere.
    pub fn close(&mut self) {
        self.files.clear();
    }

    /// Opens the segments `numbers` of the output's state folder; one missing or not a
    /// regular file is left out (its records are then not found).
    pub fn open(output: &Path, numbers: &[u64]) -> Segments {
        let files = numbers
            .iter()
            .filter_map(|&n| {
                let file = super::open_state(output, &segment_name(n))?;
                let len = file.metadata().ok()?.len();
                Some((n, (file, len)))
            })
            .collect();
        Segments {
            dir: output.to_path_buf(),
            files,
        }
    }

    /// The record at `place`, when whole.
    pub fn read(&self, &Place(segment, offset, len, hash): &Place) -> Option<Vec<u8>> {
        let (file, size) = self.files.get(&segment)?;
        // Within the file as it is, whatever the manifest says.
        if offset.checked_add(len)? > *size {
            return None;
        }
        let mut bytes = vec![0; usize::try_from(len).ok()?];
        read_at(file, &mut bytes, offset).ok()?;
        (xxh3_64(&bytes) == hash).then_some(bytes)
    }

    fn size(&self, segment: u64) -> Option<u64> {
        self.files.get(&segment).map(|(_, size)| *size)
    }
}

/// Reads `buf.len()` bytes at `offset`, without moving a shared position (threads read
/// the one file at once).
fn read_at(file: &fs::File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            let n = std::os::windows::fs::FileExt::seek_read(
                file,
                &mut buf[done..],
                offset + done as u64,
            )?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            done += n;
        }
        Ok(())
    }
}

/// This build's new segment, as it is written.
pub struct Writer {
    number: u64,
    file: BufWriter<fs::File>,
    size: u64,
    error: Option<io::Error>,
}

impl Writer {
    /// A new segment in the staging folder's state folder, numbered after the last build's.
    pub fn create(staging: &Staging, last: Option<&Segments>) -> io::Result<Writer> {
        let number = last
            .and_then(|s| s.files.keys().max())
            .map_or(0, |n| n.saturating_add(1));
        let state = staging.dir.join(output::STATE);
        fs::create_dir_all(&state)?;
        let file = fs::File::create(state.join(segment_name(number)))?;
        Ok(Writer {
            number,
            file: BufWriter::with_capacity(1 << 20, file),
            size: 0,
            error: None,
        })
    }

    /// Appends a record; where it is, unless writing failed (then nothing more is written,
    /// and the build fails when it finishes).
    pub fn append(&mut self, bytes: &[u8]) -> Option<Place> {
        if self.error.is_some() {
            return None;
        }
        if let Err(e) = self.file.write_all(bytes) {
            self.error = Some(e);
            return None;
        }
        let len = bytes.len() as u64;
        let place = Place(self.number, self.size, len, xxh3_64(bytes));
        self.size += len;
        Some(place)
    }

    pub fn fail(&mut self, e: impl Into<Box<dyn std::error::Error + Send + Sync>>) {
        self.error.get_or_insert_with(|| io::Error::other(e));
    }

    /// Which of the last build's segments this build keeps, given every record it uses:
    /// those mostly of records still used, the fullest first, each put into the staging
    /// folder as it is (a hard link, or a copy).
    pub fn keep_segments<'p>(
        &self,
        staging: &Staging,
        last: &Segments,
        copy: bool,
        used: impl Iterator<Item = &'p Place>,
    ) -> Vec<u64> {
        let mut live: FxHashMap<u64, u64> = FxHashMap::default();
        // Lengths as the manifest gives them, which may be anything: counted without
        // overflow, and a segment is kept only for records that fit in it.
        for place in used.filter(|p| p.0 != self.number) {
            let bytes = live.entry(place.0).or_default();
            *bytes = bytes.saturating_add(place.2);
        }
        let mut fullest: Vec<(u64, u64)> = live
            .into_iter()
            .filter(|&(n, bytes)| {
                last.size(n)
                    .is_some_and(|size| bytes <= size && bytes.saturating_mul(2) >= size)
            })
            .collect();
        fullest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        fullest
            .into_iter()
            .take(MOST_SEGMENTS - 1)
            .filter(|&(n, _)| {
                let from = last.dir.join(output::STATE).join(segment_name(n));
                let to = format!("{}/{}", output::STATE, segment_name(n));
                staging.keep(&from, &to, copy, None).is_ok()
            })
            .map(|(n, _)| n)
            .collect()
    }

    /// Moves a record of the last build to where it is now: where it was, in a segment kept
    /// or this build's; else copied into this build's segment. False when it cannot be read
    /// (it is made again next time).
    pub fn carry(&mut self, place: &mut Place, last: &Segments, kept: &[u64]) -> bool {
        if place.0 == self.number || kept.contains(&place.0) {
            return true;
        }
        match last.read(place).and_then(|bytes| self.append(&bytes)) {
            Some(now) => {
                *place = now;
                true
            }
            None => false,
        }
    }

    /// Writes out the new segment; the numbers of every segment of this build, `kept` and
    /// the new one.
    pub fn close(mut self, mut kept: Vec<u64>) -> io::Result<Vec<u64>> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.file.into_inner().map_err(|e| e.into_error())?;
        kept.push(self.number);
        kept.sort_unstable();
        Ok(kept)
    }
}
