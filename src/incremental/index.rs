//! The search index as a build keeps it for the next (`.bantin/index.bin`), sealed
//! ([`super::sealed`]) so that a file cut short or changed is not patched.

use std::io;
use std::path::Path;

use super::sealed;
use crate::output::Staging;
use crate::search::KeptIndex;

/// The file, in [`crate::output::STATE`].
pub const INDEX: &str = "index.bin";

/// The index the last build in `output` kept, when whole.
pub fn read(output: &Path) -> Option<KeptIndex> {
    let bytes = super::read_state(output, INDEX)?;
    postcard::from_bytes(sealed::unseal(&bytes)?)
        .ok()
        .filter(KeptIndex::sound)
}

/// Writes the index into the staging folder's state folder.
pub fn write(staging: &Staging, kept: &KeptIndex) -> io::Result<()> {
    sealed::write_with(staging, INDEX, |out| kept.write_to(out))
}
