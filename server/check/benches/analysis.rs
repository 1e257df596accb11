//! Throughput of the analysis core (parse → lower → resolve → lints) on a generated
//! all-packages.nix-sized file and on nixpkgs' lib. Prints figures; asserts nothing.
//! Run: `cargo bench -p nixty-check --bench analysis`.

use std::time::Instant;

use nixty_check::FileAnalysis;

fn generated(bindings: usize) -> String {
    let mut text = String::from(
        "{ pkgs, lib, config, ... }:\nwith pkgs;\nlet inherit (lib) optional optionals; in\n{\n",
    );
    for i in 0..bindings {
        text.push_str(&format!(
            "  package{i} = callPackage ../development/package{i} {{ inherit (darwin) Security; enableX = config.x{i} or false; extra = optionals stdenv.isLinux [ zlib ]; }};\n"
        ));
    }
    text.push_str("}\n");
    text
}

fn measure(label: &str, texts: &[String]) {
    let bytes: usize = texts.iter().map(String::len).sum();
    let runs = 5;
    let mut best = f64::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        for text in texts {
            std::hint::black_box(FileAnalysis::new(text));
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{label}: {} files, {:.1} kB, best of {runs}: {:.1} ms, {:.1} MB/s",
        texts.len(),
        bytes as f64 / 1024.0,
        best * 1000.0,
        bytes as f64 / best / 1e6
    );
}

/// Where the time goes, per stage, on one text.
fn stages(text: &str) {
    let t = Instant::now();
    let _ = nixty_parse::depth_bound(text);
    let scan = t.elapsed();
    let t = Instant::now();
    let parse = nixty_parse::parse(text);
    let parsing = t.elapsed();
    let root = parse.syntax();
    let t = Instant::now();
    let lowered = nixty_check::lower::lower(&root);
    let lowering = t.elapsed();
    let t = Instant::now();
    let (scopes, names) = nixty_check::resolve::resolve_module(&lowered.module);
    let resolving = t.elapsed();
    let t = Instant::now();
    let analysis = FileAnalysis::new(text);
    let all = t.elapsed();
    std::hint::black_box((scopes, names, analysis));
    println!(
        "  stages: depth scan {scan:?}, parse (incl. scan) {parsing:?}, lower {lowering:?}, resolve {resolving:?}, whole analysis {all:?}"
    );
}

fn main() {
    stages(&generated(5_000));
    stages(&generated(20_000));
    for scale in [1, 4, 16] {
        measure(&format!("generated x{scale}"), &[generated(5_000 * scale)]);
    }
    let lib = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpora/nixpkgs-lib/lib"
    );
    let mut texts = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(lib)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("nixpkgs lib not found at {lib}");
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "nix") {
                texts.push(std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    measure("nixpkgs lib", &texts);
}
