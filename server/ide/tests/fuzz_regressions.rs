//! Replays the fuzzer's pipeline (`fuzz/pipeline.rs`: parse → lower → infer → every IDE
//! feature at chosen offsets, with edits) on:
//! - every crash input the fuzzer found (`fuzz/regressions/`, one file per fixed crash),
//! - the committed seeds (`fuzz/seeds/`),
//! - a seeded, deterministic mutation loop over those seeds (the CI smoke run of the fuzzer,
//!   which needs no nightly features nor cargo-fuzz). `NIXTY_FUZZ_SMOKE_RUNS` sets the number
//!   of mutated inputs (default 300) and `NIXTY_FUZZ_SMOKE_SEED` the seed (default 1).

#[path = "../../../fuzz/pipeline.rs"]
mod pipeline;

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn inputs(dir: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = fuzz_dir().join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("readable input");
            (p, bytes)
        })
        .collect()
}

/// Panics anywhere in the process, also on helper threads whose panics the code catches
/// (inference runs on its own thread and falls back to `?` when it panics: still a bug, which
/// libFuzzer reports as a crash, so the replay must too).
static PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn count_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            default(info);
        }));
    });
}

/// Runs the pipeline, naming the input if it panics (on any thread).
fn replay(name: &str, bytes: &[u8]) {
    count_panics();
    let before = PANICS.load(std::sync::atomic::Ordering::SeqCst);
    let result = std::panic::catch_unwind(|| pipeline::run(bytes));
    let after = PANICS.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        result.is_err() || after == before,
        "a panic was caught inside the pipeline (see the message above) on {name}"
    );
    if let Err(panic) = result {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("(non-string panic)");
        panic!("the pipeline panicked on {name}: {message}");
    }
}

#[test]
fn fixed_crashes_stay_fixed() {
    let crashes = inputs("regressions");
    for (path, bytes) in &crashes {
        replay(&path.display().to_string(), bytes);
    }
}

#[test]
fn seeds_run_through_the_pipeline() {
    let seeds = inputs("seeds");
    assert!(seeds.len() >= 3, "the seed set is missing");
    for (path, bytes) in &seeds {
        replay(&path.display().to_string(), bytes);
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Byte-level mutations in the style of libFuzzer: flip, insert, delete, duplicate a chunk,
/// insert a grammar token, append operation bytes.
fn mutate(input: &mut Vec<u8>, rng: &mut Rng) {
    const TOKENS: &[&[u8]] = &[
        b"{",
        b"}",
        b"(",
        b")",
        b"[",
        b"]",
        b"${",
        b"\"",
        b"''",
        b";",
        b"=",
        b":",
        b".",
        b"let ",
        b" in ",
        b"rec ",
        b"inherit ",
        b"with ",
        b"or",
        b"?",
        b"@",
        b"\n",
        b"\xc3\xa9",
        b"\xff",
    ];
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(input.len() + 1);
        match rng.below(6) {
            0 if at < input.len() => input[at] ^= 1 << rng.below(8),
            1 => input.insert(at, rng.next() as u8),
            2 if at < input.len() => {
                let end = (at + rng.below(8)).min(input.len());
                input.drain(at..end);
            }
            3 if at < input.len() => {
                let end = (at + rng.below(32)).min(input.len());
                let chunk = input[at..end].to_vec();
                let to = rng.below(input.len() + 1);
                input.splice(to..to, chunk);
            }
            4 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
            _ => {
                if !input.contains(&0) {
                    input.push(0);
                }
                input.extend((0..rng.below(16)).map(|_| rng.next() as u8));
            }
        }
    }
}

#[test]
fn seeded_mutation_smoke_run() {
    let runs: usize = std::env::var("NIXTY_FUZZ_SMOKE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("NIXTY_FUZZ_SMOKE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let mut pool: Vec<Vec<u8>> = inputs("seeds").into_iter().map(|(_, b)| b).collect();
    pool.extend(inputs("regressions").into_iter().map(|(_, b)| b));
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for run in 0..runs {
        let mut input = pool[rng.below(pool.len())].clone();
        mutate(&mut input, &mut rng);
        replay(
            &format!(
                "mutation run {run} (seed {seed}): {:?}",
                String::from_utf8_lossy(&input)
            ),
            &input,
        );
        // Keep some mutants, so mutations compound as in a fuzzer's corpus.
        if run % 4 == 0 && input.len() < 16 * 1024 {
            pool.push(input);
        }
    }
}

/// Shrinks a crashing input by deleting chunks while it still panics (a tool, not a check):
/// `NIXTY_FUZZ_MINIMIZE=path cargo test -p nixty-ide --test fuzz_regressions minimize --
/// --ignored --nocapture` writes `path.min`.
#[test]
#[ignore = "a tool: run by hand on a crash input"]
fn minimize() {
    let path = std::env::var("NIXTY_FUZZ_MINIMIZE").expect("NIXTY_FUZZ_MINIMIZE=crash file");
    let mut input = std::fs::read(&path).expect("readable crash input");
    std::panic::set_hook(Box::new(|_| {}));
    let panics = |bytes: &[u8]| std::panic::catch_unwind(|| pipeline::run(bytes)).is_err();
    assert!(panics(&input), "{path} does not crash the pipeline");
    let mut chunk = input.len() / 2;
    while chunk >= 1 {
        let mut at = 0;
        while at < input.len() {
            let mut candidate = input.clone();
            candidate.drain(at..(at + chunk).min(input.len()));
            if panics(&candidate) {
                input = candidate;
            } else {
                at += chunk;
            }
        }
        chunk /= 2;
    }
    let _ = std::panic::take_hook();
    std::fs::write(format!("{path}.min"), &input).expect("writable");
    println!("minimized to {:?}", String::from_utf8_lossy(&input));
}
