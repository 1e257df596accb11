//! Process-wide memory tuning, applied once by the first [`crate::AnalysisHost`].
//!
//! `alejandra` (the formatter) installs mimalloc as the global allocator of every binary that
//! links this crate, and mimalloc asks the kernel for transparent huge pages. Analysis allocates
//! and frees a lot of short-lived memory (inference environments, trees): with huge pages every
//! fresh or purged-and-reused 2 MiB region is zeroed whole on its first touch, which cost a
//! quarter of the CPU time of analyzing a 600 kB file (kernel `clear_page_erms`) and raised the
//! resident set. Regular 4 KiB pages only zero what is touched.

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
