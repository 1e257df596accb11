//! Micro-benchmark of the type algebra: prints figures, asserts nothing about time.
//! Run: `cargo bench -p nixty-types` (or `cargo run --release --bench algebra -p nixty-types`).

use nixty_types::{parse_type, Answer, RecordBuilder, Ty};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn measure(name: &str, mut f: impl FnMut() -> Answer, expected: Answer) {
    assert_eq!(f(), expected, "{name}");
    let mut runs = 0u32;
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(300) || runs < 3 {
        black_box(f());
        runs += 1;
    }
    let per_run = start.elapsed() / runs;
    println!(
        "{name:<58} {:>12.1} µs/query ({runs} runs)",
        per_run.as_secs_f64() * 1e6
    );
}

fn records_union(n: usize, open: bool) -> Ty {
    Ty::union_all((0..n).map(|i| {
        let b = RecordBuilder::new()
            .field("name", Ty::string())
            .field(&format!("f{i}"), Ty::int())
            .field("kind", Ty::string_lit(&format!("k{i}")));
        if open { b.open() } else { b }.build()
    }))
}

fn wide_record(n: usize, ty: Ty) -> Ty {
    (0..n)
        .fold(RecordBuilder::new(), |b, i| {
            b.field(&format!("field{i}"), ty.clone())
        })
        .build()
}

fn main() {
    println!("nixty-types algebra benchmark (each query runs with fresh caches)");
    for n in [10, 50, 200] {
        let u = records_union(n, false);
        let target = RecordBuilder::new()
            .field("name", Ty::string())
            .open()
            .build();
        measure(
            &format!("union of {n} closed records <: {{ name: String, .. }}"),
            || u.is_subtype(&target),
            Answer::Yes,
        );
        let bigger = u.union(&RecordBuilder::new().field("extra", Ty::int()).build());
        measure(
            &format!("union of {n} closed records <: itself | one more"),
            || u.is_subtype(&bigger),
            Answer::Yes,
        );
        measure(
            &format!("union of {n} + one more </: union of {n}"),
            || bigger.is_subtype(&u),
            Answer::No,
        );
    }
    for n in [10, 100, 400] {
        let a = wide_record(n, Ty::int());
        let b = wide_record(n, Ty::number());
        measure(
            &format!("record of {n} Int fields <: record of {n} Number fields"),
            || a.is_subtype(&b),
            Answer::Yes,
        );
        measure(
            &format!("record of {n} Number fields </: record of {n} Int fields"),
            || b.is_subtype(&a),
            Answer::No,
        );
    }
    for n in [100, 1000] {
        let lits = Ty::union_all((0..n).map(|i| Ty::string_lit(&format!("system-{i}"))));
        measure(
            &format!("union of {n} string literals <: String"),
            || lits.is_subtype(&Ty::string()),
            Answer::Yes,
        );
    }
    let list_a = parse_type("rec X. Null | { next: X, v: Int }").unwrap_or_else(|_| Ty::never());
    let list_b = parse_type("rec Y. Null | { next: Y | Null, v: Number, .. }")
        .unwrap_or_else(|_| Ty::never());
    measure(
        "recursive list <: wider recursive list",
        || list_a.is_subtype(&list_b),
        Answer::Yes,
    );
    measure(
        "wider recursive list </: recursive list",
        || list_b.is_subtype(&list_a),
        Answer::No,
    );
    let overloaded =
        Ty::inter_all((0..8).map(|i| Ty::arrow(Ty::int_lit(i), Ty::string_lit(&format!("r{i}")))));
    let arrow = Ty::arrow(Ty::int_lits(0..8), Ty::string());
    measure(
        "intersection of 8 arrows <: union domain -> String",
        || overloaded.is_subtype(&arrow),
        Answer::Yes,
    );
    let start = Instant::now();
    let result = overloaded.apply(&Ty::int_lits([1, 2]));
    println!(
        "{:<58} {:>12.1} µs (result {result})",
        "apply intersection of 8 arrows to 1 | 2",
        start.elapsed().as_secs_f64() * 1e6
    );
    let start = Instant::now();
    let text = records_union(200, true).to_string();
    println!(
        "{:<58} {:>12.1} µs ({} chars)",
        "display union of 200 open records",
        start.elapsed().as_secs_f64() * 1e6,
        text.len()
    );
}
