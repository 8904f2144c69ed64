//! The search index as a build keeps it for the next (`.bantin/index.bin`), sealed
//! ([`super::sealed`]) so that a file cut short or changed is not patched.

use std::io;
use std::path::Path;
use std::sync::Arc;

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

/// Writes the index into the state folder of the site folder `site`.
pub fn write_into(site: &Path, kept: &KeptIndex) -> io::Result<()> {
    sealed::write_into(site, INDEX, |out| kept.write_to(out))
}

/// The index being written on a thread of its own; a build that stops before it waits
/// for it, so that nothing is written into a staging folder once it is let go.
#[derive(Default)]
pub struct Writing(Option<std::thread::JoinHandle<io::Result<()>>>);

impl Writing {
    /// Starts writing `kept` into the staging folder's state folder.
    pub fn start(staging: &Staging, kept: Arc<KeptIndex>) -> Writing {
        let site = staging.dir.clone();
        Writing(Some(std::thread::spawn(move || {
            let written = write_into(&site, &kept);
            crate::let_go(kept);
            written
        })))
    }

    /// Waits for the index to be written.
    pub fn finish(mut self) -> io::Result<()> {
        match self.0.take().map(std::thread::JoinHandle::join) {
            None => Ok(()),
            Some(Ok(written)) => written,
            Some(Err(_)) => Err(io::Error::other("the search index could not be written")),
        }
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        if let Some(writing) = self.0.take() {
            let _ = writing.join();
        }
    }
}
