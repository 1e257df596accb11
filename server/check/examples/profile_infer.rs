//! Times type inference of one file against the rest of its analysis (wall clock; the minimum
//! over the runs, which is the figure least disturbed by other load on the machine).
//!
//! `cargo run --release -p nixty-check --example profile_infer -- FILE [RUNS] [--imports]`
//! (`--imports` follows `import` of files on disk, as `nixty type` does).

use std::time::{Duration, Instant};

use nixty_check::infer::{self, FsImports, ImportTypes, NoImports};
use nixty_check::FileAnalysis;

fn min(v: Vec<Duration>) -> Duration {
    v.into_iter().min().unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: profile_infer FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let follow_imports = args.next().as_deref() == Some("--imports");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(1)
    });
    let (mut analysis_times, mut infer_times) = (Vec::new(), Vec::new());
    let mut exprs = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let analysis = FileAnalysis::new(&text);
        analysis_times.push(start.elapsed());
        let start = Instant::now();
        let fs;
        let imports: &dyn ImportTypes = if follow_imports {
            fs = FsImports::for_file(std::path::Path::new(&path));
            &fs
        } else {
            &NoImports
        };
        let inference = infer::infer_analysis(&analysis, imports);
        infer_times.push(start.elapsed());
        exprs = inference.exprs.len();
    }
    println!("file: {} kB, {exprs} typed expressions", text.len() / 1024);
    println!(
        "analysis (parse, lower, resolve, lints): {:?}",
        min(analysis_times)
    );
    println!(
        "inference:                               {:?}",
        min(infer_times)
    );
}
