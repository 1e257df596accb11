//! Corpus tests over real Nix code in `../shared/corpora` (never copied into the repository).

use std::path::{Path, PathBuf};

use nixty_check::{FileAnalysis, Severity};

fn corpora() -> PathBuf {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpora"
    ));
    assert!(
        dir.is_dir(),
        "the test corpora are missing: expected them at {}",
        dir.display()
    );
    dir
}

fn nix_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "nix") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).unwrap();
    nixty_parse::decode_source(&bytes).ok().map(str::to_string)
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn errors(analysis: &FileAnalysis) -> Vec<String> {
    analysis
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{:?} [{}] {}", d.range, d.code, d.message))
        .collect()
}

#[test]
fn nix_parse_okay_files_have_no_syntax_errors() {
    let files: Vec<PathBuf> = nix_files(&corpora().join("nix-lang"))
        .into_iter()
        .filter(|p| file_name(p).starts_with("parse-okay-"))
        .collect();
    assert!(
        files.len() >= 10,
        "found only {} parse-okay files",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let text = read(path).unwrap();
        let parse = nixty_parse::parse(&text);
        if !parse.errors.is_empty() {
            failures.push(format!("{}: {:?}", file_name(path), parse.errors));
        }
    }
    assert!(
        failures.is_empty(),
        "parse-okay files with errors:\n{}",
        failures.join("\n")
    );
}

/// `parse-fail-*` files that current Nix (or nixty, by design) accepts, with the reason.
const PARSE_FAIL_ACCEPTED: &[(&str, &str)] = &[];

#[test]
fn nix_parse_fail_files_are_rejected() {
    let files: Vec<PathBuf> = nix_files(&corpora().join("nix-lang"))
        .into_iter()
        .filter(|p| file_name(p).starts_with("parse-fail-"))
        .collect();
    assert!(
        files.len() >= 20,
        "found only {} parse-fail files",
        files.len()
    );
    let mut accepted = Vec::new();
    for path in &files {
        let name = file_name(path);
        let Some(text) = read(path) else { continue };
        let analysis = FileAnalysis::new(&text);
        let rejected = !errors(&analysis).is_empty();
        let expected_accepted = PARSE_FAIL_ACCEPTED.iter().any(|(n, _)| *n == name);
        if rejected == expected_accepted {
            accepted.push(format!(
                "{name}: {}",
                if rejected {
                    "now rejected (remove from PARSE_FAIL_ACCEPTED)"
                } else {
                    "accepted"
                }
            ));
        }
    }
    assert!(
        accepted.is_empty(),
        "parse-fail files:\n{}",
        accepted.join("\n")
    );
}

/// rnix-parser "success" vectors whose expected tree itself holds an error node (rnix's
/// tokenizer stops the URL `http://localhost:8080/api` early); Nix accepts them, rnix does not,
/// and nixty inherits rnix's tokenizer. Checked to still have that error, so this list stays true.
const RNIX_SUCCESS_WITH_ERRORS: &[&str] = &["uri_various.nix"];

#[test]
fn rnix_success_vectors_with_known_errors_still_fail() {
    let base = corpora().join("rnix-parser/parser/success");
    for name in RNIX_SUCCESS_WITH_ERRORS {
        let expect = std::fs::read_to_string(base.join(name).with_extension("expect")).unwrap();
        assert!(
            expect.contains("NODE_ERROR"),
            "{name}: rnix's expectation has no error any more"
        );
        let text = read(&base.join(name)).unwrap();
        assert!(
            !nixty_parse::parse(&text).errors.is_empty(),
            "{name} parses now"
        );
    }
}

/// Every `eval-okay-*.nix` evaluates in Nix, so none may get an error-severity diagnostic.
#[test]
fn nix_eval_okay_files_have_no_errors() {
    let files: Vec<PathBuf> = nix_files(&corpora().join("nix-lang"))
        .into_iter()
        .filter(|p| file_name(p).starts_with("eval-okay-"))
        .collect();
    assert!(files.len() >= 100);
    let mut failures = Vec::new();
    for path in &files {
        let Some(text) = read(path) else { continue };
        let analysis = FileAnalysis::new(&text);
        let errors = errors(&analysis);
        if !errors.is_empty() {
            failures.push(format!("{}: {:?}", file_name(path), errors));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n{} files",
        failures.join("\n"),
        failures.len()
    );
}

#[test]
fn rnix_parser_vectors() {
    let base = corpora().join("rnix-parser/parser");
    let mut failures = Vec::new();
    let success = nix_files(&base.join("success"));
    let error = nix_files(&base.join("error"));
    assert!(success.len() >= 30 && error.len() >= 10);
    for path in &success {
        if RNIX_SUCCESS_WITH_ERRORS.contains(&file_name(path).as_str()) {
            continue;
        }
        let text = read(path).unwrap();
        let parse = nixty_parse::parse(&text);
        if !parse.errors.is_empty() {
            failures.push(format!("success/{}: {:?}", file_name(path), parse.errors));
        }
    }
    for path in &error {
        let text = read(path).unwrap();
        let analysis = FileAnalysis::new(&text);
        if errors(&analysis).is_empty() {
            failures.push(format!("error/{}: no error", file_name(path)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn nothing_panics_on_any_corpus_file() {
    let mut max_bound = (0, String::new());
    let mut max_depth = (0, String::new());
    let files = nix_files(&corpora());
    assert!(files.len() > 500);
    for path in &files {
        let Some(text) = read(path) else { continue };
        let bound = nixty_parse::depth_bound(&text);
        if bound > max_bound.0 {
            max_bound = (bound, path.display().to_string());
        }
        let analysis = FileAnalysis::new(&text);
        let depth = nixty_parse::tree_depth(&analysis.syntax());
        if depth > max_depth.0 {
            max_depth = (depth, path.display().to_string());
        }
        let _ = analysis.dump();
        // Query every offset-based API at a few places.
        for offset in (0..text.len()).step_by(97) {
            let offset = nixty_parse::TextSize::from(offset as u32);
            let _ = analysis.visible_names_at(offset);
        }
    }
    println!("largest depth bound: {} in {}", max_bound.0, max_bound.1);
    println!("deepest tree: {} in {}", max_depth.0, max_depth.1);
}

/// Error-severity diagnostics nixpkgs' `lib` really deserves: `(file suffix, code)`.
const NIXPKGS_LIB_REAL_ERRORS: &[(&str, &str)] = &[];

#[test]
fn nixpkgs_lib_has_no_false_errors() {
    let files = nix_files(&corpora().join("nixpkgs-lib/lib"));
    assert!(files.len() > 100);
    let mut unexpected = Vec::new();
    for path in &files {
        let text = read(path).unwrap();
        let analysis = FileAnalysis::new(&text);
        for d in analysis.diagnostics() {
            if d.severity != Severity::Error {
                continue;
            }
            let shown = path.display().to_string();
            let known = NIXPKGS_LIB_REAL_ERRORS
                .iter()
                .any(|(suffix, code)| shown.ends_with(suffix) && *code == d.code);
            if !known {
                let lc = analysis.line_index().line_col(d.range.start());
                unexpected.push(format!(
                    "{}:{}:{}: [{}] {}",
                    shown,
                    lc.line + 1,
                    lc.col + 1,
                    d.code,
                    d.message
                ));
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "{}\n{} errors",
        unexpected.join("\n"),
        unexpected.len()
    );
}

/// Broken code everywhere: every corpus file truncated, with a character dropped, or with a
/// bracket or keyword inserted at pseudo-random places; analysis must never panic.
#[test]
fn mutated_corpus_files_never_panic() {
    let files = nix_files(&corpora());
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound.max(1) as u64) as usize
    };
    let inserts = [
        "{", "}", "(", ")", "[", "]", "let ", " in ", "${", "\"", "''", ":", ";", "=", ".", "@",
        "?", "or", "rec", "inherit", "with", ",",
    ];
    let mut cases = 0;
    for path in files.iter().step_by(3) {
        let Some(text) = read(path) else { continue };
        if text.is_empty() {
            continue;
        }
        for _ in 0..12 {
            let mut at = next(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mutated = match next(3) {
                0 => text[..at].to_string(),
                1 => {
                    let mut end = (at + 1).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    format!("{}{}", &text[..at], &text[end..])
                }
                _ => format!(
                    "{}{}{}",
                    &text[..at],
                    inserts[next(inserts.len())],
                    &text[at..]
                ),
            };
            if std::env::var_os("NIXTY_TRACE_MUTATIONS").is_some() {
                eprintln!("case {cases}: {} at {at}", path.display());
                let _ = std::fs::write("/tmp/checkcore-last-mutation.nix", &mutated);
            }
            let started = std::time::Instant::now();
            let analysis = FileAnalysis::new(&mutated);
            let took = started.elapsed();
            if took.as_secs() >= 2 {
                println!(
                    "slow: {} ({} bytes) took {took:?}",
                    path.display(),
                    mutated.len()
                );
            }
            let _ = analysis.dump();
            let _ = analysis.visible_names_at(nixty_parse::TextSize::from(at as u32));
            cases += 1;
        }
    }
    assert!(cases > 500, "{cases}");
}
