//! Every feature on real Nix code (`../shared/corpora`): nothing panics, at sampled offsets
//! of every file, with the whole of nixpkgs' `lib` loaded in one host so that cross-file
//! features run across real imports.

use std::path::{Path, PathBuf};

use nixty_ide::{AnalysisHost, FilePosition, FileRange, TextRange, TextSize};

fn corpora() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the corpora are missing at {}",
        dir.display()
    );
    eprintln!("corpora not found at {}: skipped", dir.display());
    None
}

fn nix_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            nix_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "nix") {
            out.push(path);
        }
    }
}

fn exercise(subdir: &str, stride: usize) -> usize {
    let Some(root) = corpora() else {
        return 0;
    };
    let mut files = Vec::new();
    nix_files(&root.join(subdir), &mut files);
    assert!(!files.is_empty(), "no .nix files under {subdir}");
    let mut host = AnalysisHost::new();
    let mut ids = Vec::new();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(text) = nixty_parse::decode_source(&bytes) else {
            continue;
        };
        ids.push((host.set_file_text(path, text), text.len()));
    }
    let analysis = host.analysis();
    let mut calls = 0;
    for &(file, len) in &ids {
        let _ = analysis.diagnostics(file);
        let _ = analysis.document_symbols(file);
        let _ = analysis.semantic_tokens(file, None);
        let _ = analysis.folding_ranges(file);
        let _ = analysis.document_links(file);
        let _ = analysis.inlay_hints(file, None);
        let offsets: Vec<TextSize> = (0..=len + 1)
            .step_by(stride)
            .map(|o| TextSize::from(o as u32))
            .collect();
        let _ = analysis.selection_ranges(file, &offsets);
        for &offset in &offsets {
            let position = FilePosition { file, offset };
            let _ = analysis.hover(position);
            let _ = analysis.goto_definition(position);
            let _ = analysis.references(position, true);
            let _ = analysis.prepare_rename(position);
            let _ = analysis.rename(position, "renamed_name");
            let _ = analysis.document_highlight(position);
            let _ = analysis.completions(position);
            let _ = analysis.signature_help(position);
            let range = TextRange::new(
                offset,
                (offset + TextSize::from(40))
                    .min(TextSize::from(len as u32))
                    .max(offset),
            );
            let _ = analysis.code_actions(FileRange { file, range });
            calls += 10;
        }
    }
    let _ = analysis.workspace_symbols("map", 100);
    calls
}

#[test]
fn nixpkgs_lib_every_feature() {
    let calls = exercise("nixpkgs-lib", 997);
    eprintln!("nixpkgs-lib: {calls} feature calls");
}

#[test]
fn nix_language_tests_every_feature() {
    let calls = exercise("nix-lang", 211);
    eprintln!("nix-lang: {calls} feature calls");
}

#[test]
fn rnix_parser_tests_every_feature() {
    let calls = exercise("rnix-parser", 53);
    eprintln!("rnix-parser: {calls} feature calls");
}

#[test]
fn deep_nesting_does_not_overflow() {
    let mut host = AnalysisHost::new();
    let inputs = [
        format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000)),
        // rnix's error recovery is quadratic on unclosed-depth lists: 20 000 levels keep the
        // test short while far beyond the parser's depth limit.
        format!("{}1{}", "[".repeat(20_000), "]".repeat(20_000)),
        format!("{}1{}", "{ a = ".repeat(100_000), "; }".repeat(100_000)),
        format!("{}1", "x: ".repeat(100_000)),
        format!("{}1", "let a = 1; in ".repeat(100_000)),
    ];
    for (i, text) in inputs.iter().enumerate() {
        let file = host.set_file_text(Path::new(&format!("/deep{i}.nix")), text.as_str());
        let analysis = host.analysis();
        let middle = TextSize::from((text.len() / 2) as u32);
        let position = FilePosition {
            file,
            offset: middle,
        };
        let _ = analysis.diagnostics(file);
        let _ = analysis.hover(position);
        let _ = analysis.goto_definition(position);
        let _ = analysis.references(position, true);
        let _ = analysis.completions(position);
        let _ = analysis.signature_help(position);
        let _ = analysis.selection_ranges(file, &[middle]);
        let _ = analysis.document_symbols(file);
        let _ = analysis.semantic_tokens(file, None);
        let _ = analysis.folding_ranges(file);
        let _ = analysis.inlay_hints(file, None);
        let _ = analysis.format(file);
        let _ = analysis.code_actions(FileRange {
            file,
            range: TextRange::empty(middle),
        });
    }
}
