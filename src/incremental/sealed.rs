//! bantin's larger state files (`index.bin`, `documents.bin`): written whole by every
//! build, serialised straight into the file with the hash of its bytes at the end, so that
//! a file cut short or changed is never taken, and no second copy is made in memory.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use serde::Serialize;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::output::{self, Staging};

/// The bytes a sealed file holds, when they hash to what its end says.
pub fn unseal(bytes: &[u8]) -> Option<&[u8]> {
    let (body, hash) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    (xxh3_64(body).to_le_bytes() == hash).then_some(body)
}

/// Writes `value` into the staging folder's state folder as `name`, hashing it as it goes.
pub fn write(staging: &Staging, name: &str, value: &impl Serialize) -> io::Result<()> {
    write_value_into(&staging.dir, name, value)
}

/// [`write`] into the state folder of the site folder `site`.
pub(super) fn write_value_into(site: &Path, name: &str, value: &impl Serialize) -> io::Result<()> {
    write_into(site, name, |out| {
        postcard::to_io(value, out).map_err(io::Error::other)?;
        Ok(())
    })
}

/// Writes what `put` writes into the staging folder's state folder as `name`, hashing it
/// as it goes.
pub fn write_with(
    staging: &Staging,
    name: &str,
    put: impl FnOnce(&mut (dyn Write + Send)) -> io::Result<()>,
) -> io::Result<()> {
    write_into(&staging.dir, name, put)
}

/// [`write_with`] into the state folder of the site folder `site`.
pub(super) fn write_into(
    site: &Path,
    name: &str,
    put: impl FnOnce(&mut (dyn Write + Send)) -> io::Result<()>,
) -> io::Result<()> {
    let dir = site.join(output::STATE);
    fs::create_dir_all(&dir)?;
    // Hashed a buffer at a time, not a number at a time as it is serialised.
    let mut out = BufWriter::with_capacity(
        1 << 20,
        Hashing {
            file: fs::File::create(dir.join(name))?,
            hash: Xxh3::new(),
        },
    );
    put(&mut out)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_file_cut_short_or_changed_is_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(&dir.path().join("public"), None).unwrap();
        let value = (String::from("Kế hoạch số 12-KH/HU"), vec![1u64, 2, 3]);
        write(&staging, "x.bin", &value).unwrap();
        let bytes = fs::read(staging.dir.join(output::STATE).join("x.bin")).unwrap();
        let body = unseal(&bytes).expect("whole");
        assert_eq!(
            postcard::from_bytes::<(String, Vec<u64>)>(body).unwrap(),
            value
        );

        assert!(unseal(&bytes[..bytes.len() - 1]).is_none());
        assert!(unseal(&bytes[..4]).is_none());
        let mut changed = bytes.clone();
        changed[3] ^= 1;
        assert!(unseal(&changed).is_none());
    }
}
