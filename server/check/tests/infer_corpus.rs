//! Inference over real code: no error-severity type diagnostic on nixpkgs' `lib` and on Nix's
//! own `eval-okay` tests (code that evaluates fine), no panic on any corpus file, and the
//! precision report (share of bindings and roots whose type is not `?`/`Any`).

use std::path::{Path, PathBuf};

use nixty_check::infer::{self, FsImports, NameKind};
use nixty_check::Severity;

fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora")
}

fn nix_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            nix_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "nix") {
            out.push(p);
        }
    }
}

struct Report {
    files: usize,
    errors: Vec<String>,
    warnings: usize,
    bindings: usize,
    precise_bindings: usize,
    roots: usize,
    precise_roots: usize,
}

fn analyze(files: &[PathBuf]) -> Report {
    let mut r = Report {
        files: 0,
        errors: vec![],
        warnings: 0,
        bindings: 0,
        precise_bindings: 0,
        roots: 0,
        precise_roots: 0,
    };
    // One cache of imported root types for the whole corpus.
    let shared = FsImports::for_file(Path::new("/"));
    for file in files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        let Ok(text) = nixty_parse::decode_source(&bytes) else {
            continue;
        };
        let parsed = nixty_parse::parse(text);
        if !parsed.errors.is_empty() {
            continue;
        }
        r.files += 1;
        let inf = infer::infer_root(&parsed.root(), &FsImports::for_file_sharing(file, &shared));
        for d in &inf.diagnostics {
            if d.severity == Severity::Error {
                let line = text[..usize::from(d.range.start())].lines().count().max(1);
                r.errors.push(format!(
                    "{}:{line}: {}: {}",
                    file.display(),
                    d.code,
                    d.message
                ));
            } else {
                r.warnings += 1;
            }
        }
        r.roots += 1;
        if !inf.root.is_dyn() && !inf.root.is_any() {
            r.precise_roots += 1;
        }
        for n in &inf.names {
            if matches!(n.kind, NameKind::Attr | NameKind::Let) {
                r.bindings += 1;
                if !n.ty.is_dyn() && !n.ty.is_any() {
                    r.precise_bindings += 1;
                }
            }
        }
    }
    r
}

fn percent(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

#[test]
fn nixpkgs_lib_has_no_type_errors() {
    let dir = corpora().join("nixpkgs-lib/lib");
    assert!(dir.is_dir(), "corpus missing: {}", dir.display());
    let mut files = Vec::new();
    nix_files(&dir, &mut files);
    let r = analyze(&files);
    println!(
        "nixpkgs lib: bindings typed precisely: {}/{} ({:.1}%)",
        r.precise_bindings,
        r.bindings,
        percent(r.precise_bindings, r.bindings)
    );
    assert_no_false_errors("nixpkgs lib", &r, 50);
}

#[test]
fn eval_okay_tests_have_no_type_errors() {
    let dir = corpora().join("nix-lang");
    let mut files = Vec::new();
    nix_files(&dir, &mut files);
    files.retain(|f| {
        f.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("eval-okay-"))
    });
    assert_no_false_errors("eval-okay tests", &analyze(&files), 100);
}

/// Prints the corpus figures, then asserts more than `min_files` were analyzed and none had a
/// type error (the corpus is code that evaluates, so every error is a false one).
fn assert_no_false_errors(corpus: &str, r: &Report, min_files: usize) {
    println!(
        "{corpus}: {} files, {} error(s), {} warning(s); roots typed precisely: {}/{} ({:.1}%)",
        r.files,
        r.errors.len(),
        r.warnings,
        r.precise_roots,
        r.roots,
        percent(r.precise_roots, r.roots)
    );
    assert!(
        r.files > min_files,
        "too few files analyzed on {corpus}: {}",
        r.files
    );
    assert!(
        r.errors.is_empty(),
        "false type errors on {corpus}:\n{}",
        r.errors.join("\n")
    );
}

#[test]
fn no_panic_on_any_corpus_file() {
    let mut files = Vec::new();
    nix_files(&corpora(), &mut files);
    assert!(files.len() > 500, "corpus too small: {}", files.len());
    for file in &files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        let Ok(text) = nixty_parse::decode_source(&bytes) else {
            continue;
        };
        let inf = infer::infer_text(text, &infer::NoImports);
        assert!(
            !inf.internal_error,
            "inference crashed on {}",
            file.display()
        );
        // Every query answers without panicking.
        let _ = inf.type_at(nixty_parse::TextSize::from((text.len() / 2) as u32));
        let _ = infer::display(&inf.root, 200);
    }
}
