//! CPU time (user + system, all threads) of each IDE feature on a given file, for profiling
//! (`perf record`, `valgrind --tool=callgrind`) and before/after comparisons on a loaded
//! machine where wall time is noisy:
//! `cargo run --release -p nixty-ide --example profile_file -- FILE [PHASE…]`.
//! Phases: open edit hover hover-inherit hover-all hover-at=OFFSET completion references symbols
//! tokens (default: all).

use std::path::Path;
use std::time::Duration;

use nixty_ide::{AnalysisHost, FilePosition, TextSize};

fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn max_rss_kb() -> i64 {
    // SAFETY: as above.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage.ru_maxrss
    }
}

fn measure<T>(name: &str, runs: usize, mut f: impl FnMut(usize) -> T) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|i| {
            let start = cpu_time();
            std::hint::black_box(f(i));
            cpu_time() - start
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    let max = times[times.len() - 1];
    let total: Duration = times.iter().sum();
    println!("{name:<24} cpu median {median:>10.2?}  max {max:>10.2?}  total {total:>10.2?}  ({runs} runs)");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: profile_file FILE [PHASE…]");
    let phases: Vec<String> = args.collect();
    let wants = |p: &str| phases.is_empty() || phases.iter().any(|x| x == p);
    let text = std::fs::read_to_string(&path).expect("readable file");
    println!("file: {} kB", text.len() / 1024);
    let path = Path::new(&path);
    let mut host = AnalysisHost::new();
    let file = host.set_file_text(path, text.as_str());
    measure("open → diagnostics", 1, |_| {
        host.analysis().diagnostics(file).len()
    });
    println!("max rss after open: {} MB", max_rss_kb() / 1024);
    let analysis = host.analysis();
    let name_offsets: Vec<TextSize> = text
        .match_indices(" = callPackage")
        .map(|(i, _)| TextSize::from(i as u32 - 1))
        .collect();
    let inherit_offsets: Vec<TextSize> = text
        .match_indices("inherit (")
        .filter_map(|(i, _)| {
            let close = text[i..].find(") ")? + i + 2;
            Some(TextSize::from(close as u32 + 1))
        })
        .collect();
    let at = |offsets: &[TextSize], i: usize| FilePosition {
        file,
        offset: offsets[(i * 7919) % offsets.len()],
    };
    if wants("hover") {
        measure("hover", 200, |i| analysis.hover(at(&name_offsets, i)));
    }
    // `hover-at=OFFSET`: one hover, repeated, for `perf record` on a slow spot found by hover-all.
    for offset in phases.iter().filter_map(|p| p.strip_prefix("hover-at=")) {
        let offset = TextSize::from(offset.parse::<u32>().expect("hover-at=BYTE_OFFSET"));
        measure(&format!("hover at {offset:?}"), 20, |_| {
            analysis.hover(FilePosition { file, offset })
        });
    }
    if wants("hover-inherit") {
        measure("hover inherit (x) name", 10, |i| {
            analysis.hover(at(&inherit_offsets, i))
        });
    }
    if wants("hover-all") {
        // Every identifier's middle: the slowest hovers and where they are.
        let mut slow: Vec<(std::time::Duration, TextSize)> = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'\'';
            if bytes[i].is_ascii_alphabetic() && (i == 0 || !ident(bytes[i - 1])) {
                let start = i;
                while i < bytes.len() && ident(bytes[i]) {
                    i += 1;
                }
                let offset = TextSize::from(((start + i) / 2) as u32);
                let before = cpu_time();
                std::hint::black_box(analysis.hover(FilePosition { file, offset }));
                slow.push((cpu_time() - before, offset));
            }
            i += 1;
        }
        slow.sort_by_key(|entry| std::cmp::Reverse(entry.0));
        println!("hover on {} identifiers; slowest:", slow.len());
        for (time, offset) in slow.iter().take(5) {
            let at = usize::from(*offset);
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let line_end = text[at..].find('\n').map_or(text.len(), |n| n + at);
            println!(
                "  {time:>10.2?} at {at}: {}",
                text[line_start..line_end].trim()
            );
        }
    }
    if wants("completion") {
        measure("completion", 50, |i| {
            analysis.completions(at(&name_offsets, i))
        });
    }
    if wants("references") {
        measure("references", 50, |i| {
            analysis.references(at(&name_offsets, i), true)
        });
    }
    if wants("symbols") {
        measure("document symbols", 3, |_| analysis.document_symbols(file));
    }
    if wants("tokens") {
        measure("semantic tokens full", 20, |_| {
            analysis.semantic_tokens(file, None)
        });
    }
    if wants("edit") {
        let mut edited = text.clone();
        measure("edit → diagnostics", 3, |i| {
            edited.insert_str(edited.len() - 2, &format!("  extra{i} = {i};\n"));
            host.set_file_text(path, edited.as_str());
            host.analysis().diagnostics(file).len()
        });
    }
    println!("max rss: {} MB", max_rss_kb() / 1024);
}
