//! Prints the latency of IDE features on a generated `all-packages.nix`-sized file
//! (10 000 bindings, ~650 kB): `cargo run --release -p nixty-ide --example ide_latency [N]`.

use std::path::Path;
use std::time::{Duration, Instant};

use nixty_ide::{AnalysisHost, FilePosition, TextSize};

fn generate(bindings: usize) -> String {
    let mut text = String::from("{ lib, pkgs, callPackage, fetchurl, ... }:\n\nlet\n  helper = { name, version ? \"1.0\", ... }: { inherit name version; };\nin\nwith pkgs;\n{\n");
    for i in 0..bindings {
        match i % 4 {
            0 => text.push_str(&format!("  package{i} = callPackage ./pkgs/package{i} {{ }};\n")),
            1 => text.push_str(&format!(
                "  tool{i} = helper {{ name = \"tool{i}\"; version = \"{i}.0\"; }};\n"
            )),
            2 => text.push_str(&format!(
                "  lib{i} = lib.optionalString (package{} != null) \"with-{i}\";\n",
                i - 2
            )),
            _ => text.push_str(&format!(
                "  src{i} = fetchurl {{ url = \"https://example.org/{i}.tar.gz\"; sha256 = \"0000\"; }};\n"
            )),
        }
    }
    text.push_str("}\n");
    text
}

fn measure(name: &str, samples: usize, mut f: impl FnMut(usize)) {
    let mut times: Vec<Duration> = (0..samples)
        .map(|i| {
            let start = Instant::now();
            f(i);
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    let p99 = times[(times.len() * 99 / 100).min(times.len() - 1)];
    println!("{name:<28} median {median:>10.2?}  p99 {p99:>10.2?}  ({samples} runs)");
}

fn main() {
    let bindings: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let text = generate(bindings);
    println!("file: {} bindings, {} kB", bindings, text.len() / 1024);
    let mut host = AnalysisHost::new();
    let path = Path::new("/bench/all-packages.nix");
    let start = Instant::now();
    let file = host.set_file_text(path, text.as_str());
    let analysis = host.analysis();
    let diagnostics = analysis.diagnostics(file);
    println!(
        "open → diagnostics: {:?} ({} diagnostics)",
        start.elapsed(),
        diagnostics.len()
    );
    let offsets: Vec<TextSize> = text
        .match_indices("package")
        .map(|(i, _)| TextSize::from(i as u32 + 2))
        .collect();
    let position = |i: usize| FilePosition {
        file,
        offset: offsets[(i * 7919) % offsets.len()],
    };
    measure("hover", 200, |i| {
        let _ = analysis.hover(position(i));
    });
    measure("goto definition", 200, |i| {
        let _ = analysis.goto_definition(position(i));
    });
    measure("completion", 100, |i| {
        let _ = analysis.completions(position(i));
    });
    measure("document highlight", 100, |i| {
        let _ = analysis.document_highlight(position(i));
    });
    measure("references", 50, |i| {
        let _ = analysis.references(position(i), true);
    });
    measure("semantic tokens (full)", 5, |_| {
        let _ = analysis.semantic_tokens(file, None);
    });
    measure("semantic tokens (range)", 50, |i| {
        let start = position(i).offset;
        let range = nixty_ide::TextRange::new(
            start,
            (start + TextSize::from(4000)).min(TextSize::of(text.as_str())),
        );
        let _ = analysis.semantic_tokens(file, Some(range));
    });
    measure("document symbols", 5, |_| {
        let _ = analysis.document_symbols(file);
    });
    measure("folding ranges", 5, |_| {
        let _ = analysis.folding_ranges(file);
    });
    measure("inlay hints", 5, |_| {
        let _ = analysis.inlay_hints(file, None);
    });
    let mut edited = text.clone();
    measure("edit → diagnostics", 5, |i| {
        edited.insert_str(edited.len() - 2, &format!("  extra{i} = {i};\n"));
        host.set_file_text(path, edited.as_str());
        let _ = host.analysis().diagnostics(file);
    });
}
