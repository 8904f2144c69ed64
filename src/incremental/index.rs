//! The search index as a build keeps it for the next (`.bantin/index.bin`): written whole
//! by every build, with the hash of its bytes at the end, so that a file cut short or
//! changed is not patched.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::output::{self, Staging};
use crate::search::KeptIndex;

/// The file, in [`output::STATE`].
pub const INDEX: &str = "index.bin";

/// The index the last build in `output` kept, when whole.
pub fn read(output: &Path) -> Option<KeptIndex> {
    let bytes = super::read_state(output, INDEX)?;
    let (body, hash) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if xxh3_64(body).to_le_bytes() != hash {
        return None;
    }
    postcard::from_bytes(body).ok().filter(KeptIndex::sound)
}

/// Writes the index into the staging folder's state folder, hashing it as it goes: the
/// index is not first made into one more copy in memory.
pub fn write(staging: &Staging, kept: &KeptIndex) -> io::Result<()> {
    let dir = staging.dir.join(output::STATE);
    fs::create_dir_all(&dir)?;
    // Hashed a buffer at a time, not a number at a time as it is serialised.
    let mut out = BufWriter::with_capacity(
        1 << 20,
        Hashing {
            file: fs::File::create(dir.join(INDEX))?,
            hash: Xxh3::new(),
        },
    );
    postcard::to_io(kept, &mut out).map_err(io::Error::other)?;
    let mut hashed = out.into_inner().map_err(|e| e.into_error())?;
    let hash = hashed.hash.digest().to_le_bytes();
    hashed.file.write_all(&hash)
}

/// A writer that hashes what it writes.
struct Hashing<W> {
    file: W,
    hash: Xxh3,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}
