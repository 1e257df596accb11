//! cargo-fuzz target: parse → lower → infer → every IDE feature at fuzzer-chosen offsets, with
//! fuzzer-chosen edits between rounds (see `../pipeline.rs` for the input format).
#![no_main]

#[path = "../pipeline.rs"]
mod pipeline;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    pipeline::run(data);
});
