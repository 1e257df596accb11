//! Resident memory of each stage of analyzing one file, for finding what to cut:
//! `cargo run --release -p nixty-ide --example memory_breakdown -- FILE`.
//! Prints the resident set (what `ps` shows) after each stage, and after asking the allocator
//! to return freed memory (`release_free_memory`), which tells live data from allocator slack.

use std::path::Path;

use nixty_ide::AnalysisHost;

fn resident_mb() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / 1e6
}

fn report(stage: &str) {
    let before = resident_mb();
    let start = std::time::Instant::now();
    nixty_ide::release_free_memory();
    println!(
        "{stage:<46} resident {before:6.1} MB, after collect {:6.1} MB ({:.1?})",
        resident_mb(),
        start.elapsed()
    );
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: memory_breakdown FILE");
    let text = std::fs::read_to_string(&path).expect("readable file");
    println!("file: {} kB", text.len() / 1024);
    report("start (text read)");
    let parse = nixty_parse::parse(&text);
    report("+ rowan tree (parse)");
    drop(parse);
    let analysis = nixty_check::analysis::FileAnalysis::new(&text);
    report("+ FileAnalysis (tree, IR, source map, names)");
    drop(analysis);
    report("- FileAnalysis");
    let mut host = AnalysisHost::new();
    let file = host.set_file_text(Path::new(&path), text.as_str());
    let snapshot = host.analysis();
    report("+ host with the text");
    let _ = snapshot.document_symbols(file);
    report("+ workspace AnalyzedFile (no inference)");
    let diagnostics = snapshot.diagnostics(file).len();
    report(&format!("+ inference ({diagnostics} diagnostics)"));
    let _ = snapshot.semantic_tokens(file, None);
    report("+ semantic tokens computed once");
}
