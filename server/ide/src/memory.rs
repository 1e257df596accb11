//! Process-wide memory tuning, applied once by the first [`crate::AnalysisHost`].
//!
//! `alejandra` (the formatter) installs mimalloc as the global allocator of every binary that
//! links this crate, and mimalloc asks the kernel for transparent huge pages. Analysis allocates
//! and frees a lot of short-lived memory (inference environments, trees): with huge pages every
//! fresh or purged-and-reused 2 MiB region is zeroed whole on its first touch, which cost a
//! quarter of the CPU time of analyzing a 600 kB file (kernel `clear_page_erms`) and raised the
//! resident set. Regular 4 KiB pages only zero what is touched.
//!
//! mimalloc keeps memory freed by an analysis (inference's scratch data, the previous version's
//! tree and tables) for reuse instead of giving it back: about 18 MB of slack beside 60 MB of
//! live data after analyzing a 630 kB file. [`release_free_memory`] returns it (under 1 ms, but
//! the next analysis faults the pages in again: ~8 % of an edit's CPU); the language server
//! calls it once typing pauses.

use std::sync::Once;

static DISABLE_HUGE_PAGES: Once = Once::new();

/// Turns transparent huge pages off for this process (Linux; a no-op elsewhere or on failure).
pub(crate) fn disable_transparent_huge_pages() {
    DISABLE_HUGE_PAGES.call_once(|| {
        #[cfg(target_os = "linux")]
        // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches no memory of ours.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    });
}

/// Gives memory the allocator holds but nothing uses back to the system (`mi_collect`), so the
/// resident set reflects live data. Cheap (under a millisecond after a large analysis).
pub fn release_free_memory() {
    #[cfg(target_os = "linux")]
    // SAFETY: mi_collect only returns free pages of mimalloc's heaps to the OS.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}
