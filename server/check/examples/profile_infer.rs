//! Times type inference against the rest of the analysis, and measures the memory its results
//! keep, for one file or every `.nix` file under a folder (the figures issue 4 asks for on
//! nixpkgs `lib` and on a generated `all-packages.nix`; `bench/infer.sh` runs both).
//!
//! `cargo run --release -p nixty-check --example profile_infer -- PATH [RUNS] [--imports]`
//! (`--imports` follows `import` of files on disk, as `nixty type` does).
//!
//! Times are wall clock, the minimum over the runs per file (the figure least disturbed by other
//! load), summed over files. Memory is exact: a counting allocator reports the bytes the
//! `Inference` values still hold after inference (the type tables hover reads), and the peak of
//! live bytes during the largest file's inference.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use nixty_check::infer::{self, FsImports, ImportTypes, NoImports};
use nixty_check::FileAnalysis;

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Figures of one file.
struct Measured {
    bytes: usize,
    analysis: Duration,
    inference: Duration,
    typed_exprs: usize,
    /// Bytes the inference result keeps.
    kept: usize,
    /// Peak live bytes during inference, above what was live before it.
    peak: usize,
}

fn measure(path: &Path, runs: usize, follow_imports: bool) -> Option<Measured> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut best: Option<Measured> = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let analysis = FileAnalysis::new(&text);
        let analysis_time = start.elapsed();
        let fs;
        let imports: &dyn ImportTypes = if follow_imports {
            fs = FsImports::for_file(path);
            &fs
        } else {
            &NoImports
        };
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let start = Instant::now();
        let inference = infer::infer_analysis(&analysis, imports);
        let inference_time = start.elapsed();
        let kept = LIVE.load(Ordering::Relaxed).saturating_sub(before);
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
        let run = Measured {
            bytes: text.len(),
            analysis: analysis_time,
            inference: inference_time,
            typed_exprs: inference.exprs.len(),
            kept,
            peak,
        };
        drop(inference);
        best = Some(match best {
            Some(b) => Measured {
                analysis: b.analysis.min(run.analysis),
                inference: b.inference.min(run.inference),
                ..run
            },
            None => run,
        });
    }
    best
}

/// `.nix` files under `path` (or `path` itself), sorted; hidden folders are skipped.
fn nix_files(path: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(p) = pending.pop() {
        if p.is_dir() {
            let hidden = p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if hidden && p != path {
                continue;
            }
            if let Ok(entries) = std::fs::read_dir(&p) {
                pending.extend(entries.flatten().map(|e| e.path()));
            }
        } else if p == path || p.extension().is_some_and(|e| e == "nix") {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_048_576.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: profile_infer PATH [RUNS] [--imports]   (PATH: a .nix file or a folder)");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let follow_imports = args.next().as_deref() == Some("--imports");
    let files = nix_files(Path::new(&path));
    if files.is_empty() {
        eprintln!("no .nix file at {path}");
        std::process::exit(1);
    }
    let measured: Vec<Measured> = files
        .iter()
        .filter_map(|f| measure(f, runs, follow_imports))
        .collect();
    let bytes: usize = measured.iter().map(|m| m.bytes).sum();
    let kept: usize = measured.iter().map(|m| m.kept).sum();
    let largest = measured.iter().max_by_key(|m| m.bytes);
    println!(
        "{path}: {} files, {} kB, {} typed expressions",
        measured.len(),
        bytes / 1024,
        measured.iter().map(|m| m.typed_exprs).sum::<usize>()
    );
    println!(
        "analysis (parse, lower, resolve, lints): {:?}",
        measured.iter().map(|m| m.analysis).sum::<Duration>()
    );
    println!(
        "inference:                               {:?}",
        measured.iter().map(|m| m.inference).sum::<Duration>()
    );
    println!(
        "inference results kept:                  {:.1} MB ({:.1}× source)",
        mb(kept),
        kept as f64 / bytes.max(1) as f64
    );
    if let Some(m) = largest {
        println!(
            "largest file ({} kB): inference peak {:.1} MB above its analysis",
            m.bytes / 1024,
            mb(m.peak)
        );
    }
}
