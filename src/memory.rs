//! What bantin asks of its allocator, mimalloc (the binary's global allocator), beyond
//! allocating: when freed memory goes back to the system. Elsewhere, as in tests, these
//! calls change only mimalloc's own state.

use libmimalloc_sys::mi_option_t;

/// mimalloc's `mi_option_purge_delay` (the same in its versions 2 and 3), which
/// libmimalloc-sys does not name: how long freed memory waits before it goes back to the
/// system; -1, never.
const PURGE_DELAY: mi_option_t = 15;

/// Keeps freed memory in the process from now on, rather than handing it back to the
/// system. For the end of a one-shot command, whose memory goes back as the process ends:
/// mimalloc would first hand it back itself as the process exits, a range at a time, each
/// one flushing the address cache of every core a thread of ours still runs on (40 ms of a
/// 0.4 s incremental build at 10,000 documents, measured with `perf`).
pub fn keep_freed() {
    // SAFETY: sets one of mimalloc's options to a value it documents.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// Gives the memory freed so far back to the system now (`serve`, while idle).
pub fn give_back_freed() {
    // SAFETY: mi_collect takes a flag and only returns free memory to the system.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_option_set_is_the_purge_delay() {
        // Its default in mimalloc 3, one second, unless the environment sets it: another
        // option in its place would have another value.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads one of mimalloc's options.
            let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
            assert_eq!(delay, 1000);
        }
    }
}
