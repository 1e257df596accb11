//! The fuzzed pipeline: parse → lower → infer → every IDE feature at input-chosen offsets,
//! then input-chosen edits and again. Shared by the cargo-fuzz target (`fuzz_targets/ide.rs`)
//! and the replay/smoke test (`server/ide/tests/fuzz_regressions.rs`), so a crash found by the
//! fuzzer replays exactly in `cargo test`.
//!
//! Input format: the file text, optionally followed by a NUL byte and "operation" bytes that
//! choose offsets and edits. Without a NUL (plain `.nix` seeds), operations come from a hash of
//! the text, so every seed still exercises offsets and edits deterministically.
//!
//! Besides "does not panic", it checks the contract every caller relies on: every range or
//! offset a feature returns lies inside the file and on a UTF-8 character boundary (the LSP
//! converts them to UTF-16 positions), and edits of one file do not overlap.

#![allow(dead_code)]

use std::path::Path;

use nixty_ide::{
    Analysis, AnalysisHost, FileId, FilePosition, FileRange, SourceChange, TextEdit, TextRange,
    TextSize,
};

/// Rounds of "query everything, then edit" per input.
const ROUNDS: usize = 3;
/// Cursor positions queried per round.
const POSITIONS_PER_ROUND: usize = 4;
/// Inputs above this are cut (the fuzzer explores breadth, huge files are tested elsewhere).
const MAX_TEXT: usize = 64 * 1024;

const MAIN: &str = "/nixty-fuzz/default.nix";
const OTHER: &str = "/nixty-fuzz/other.nix";

/// Snippets inserted by edits: tokens that open and close the grammar's constructs.
const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "${",
    "\"",
    "''",
    ";",
    ":",
    ".",
    "=",
    ",",
    "@",
    "?",
    " or ",
    "let ",
    " in ",
    "rec ",
    "inherit ",
    "with ",
    "if ",
    " then ",
    " else ",
    "assert ",
    "x",
    "a.b",
    "\n",
    "# c\n",
    "/* c */",
    "import ./other.nix",
    "builtins.",
    "lib.",
    "1",
    "-",
    "+",
    "//",
    "++",
    "!",
    "->",
    "|>",
    "./p",
    "<nixpkgs>",
    "~/h",
    "''${",
    "\\",
    "é",
    "ü𝔸",
    "\r\n",
    "\t",
    "{ a, b ? 1, ... }: ",
    "x: ",
    "/** doc */",
    "# type: int -> int\n",
];

/// A little deterministic stream of choices drawn from the operation bytes.
struct Choices<'a> {
    bytes: &'a [u8],
    pos: usize,
    state: u64,
}

impl<'a> Choices<'a> {
    fn new(bytes: &'a [u8], seed: u64) -> Self {
        Choices {
            bytes,
            pos: 0,
            state: seed | 1,
        }
    }

    fn next_u32(&mut self) -> u32 {
        if self.pos + 4 <= self.bytes.len() {
            let b = &self.bytes[self.pos..self.pos + 4];
            self.pos += 4;
            return u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        // xorshift64*: once the operation bytes are used up.
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        (self.state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.next_u32() as usize % n
        }
    }

    /// An offset in `0..=len + 2` (a little past the end, to test out-of-range handling),
    /// snapped down to a character boundary when inside the text.
    fn offset(&mut self, text: &str) -> usize {
        let mut at = self.below(text.len() + 3);
        if at <= text.len() {
            while !text.is_char_boundary(at) {
                at -= 1;
            }
        }
        at
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Splits raw fuzzer bytes into the file text and the operation bytes.
pub fn split_input(data: &[u8]) -> (String, &[u8]) {
    let (text, ops) = match data.iter().position(|b| *b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &[][..]),
    };
    let text = &text[..text.len().min(MAX_TEXT)];
    (String::from_utf8_lossy(text).into_owned(), ops)
}

/// Runs the whole pipeline on one fuzzer input. Panics (the fuzzer's crash signal) when a
/// stage panics or a contract check fails.
pub fn run(data: &[u8]) {
    let (mut text, ops) = split_input(data);
    let mut choices = Choices::new(ops, fnv1a(data));
    let mut host = AnalysisHost::new();
    let main_path = Path::new(MAIN);
    let other_path = Path::new(OTHER);
    host.set_file_text(other_path, "{ a = 1; f = x: x; }");
    let trace = std::env::var_os("NIXTY_FUZZ_TRACE").is_some();
    for round in 0..ROUNDS {
        if trace {
            eprintln!("round {round}: {text:?}");
        }
        let main = host.set_file_text(main_path, text.as_str());
        let analysis = host.analysis();
        check_file_features(&analysis, main, &text);
        // Lowering and inference directly, as `nixty check` and `nixty type` use them.
        let file = nixty_check::FileAnalysis::new(&text);
        let _ = file.dump();
        let inference = nixty_check::infer::infer_text(&text, &nixty_check::infer::NoImports);
        for _ in 0..POSITIONS_PER_ROUND {
            let offset = choices.offset(&text);
            if let Some((range, ty)) = inference.type_at(TextSize::from(offset as u32)) {
                check_range(&text, range, "type_at");
                let _ = nixty_check::infer::display(&ty, 200);
            }
            check_position_features(&analysis, main, &text, offset, &mut choices);
        }
        let query: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(3)
            .collect();
        let _ = analysis.workspace_symbols(&query, 50);
        if round + 1 < ROUNDS {
            text = random_edit(&text, &mut choices);
            // Sometimes the edited text also becomes the imported file (cross-file features).
            if choices.below(4) == 0 {
                host.set_file_text(other_path, text.as_str());
            }
        }
    }
}

fn check_file_features(analysis: &Analysis, file: FileId, text: &str) {
    for d in analysis.diagnostics(file) {
        check_range(text, d.range, "diagnostic");
    }
    for symbol in analysis.document_symbols(file) {
        check_symbol(text, &symbol);
    }
    let mut last_end = 0;
    for token in analysis.semantic_tokens(file, None) {
        check_range(text, token.range, "semantic token");
        assert!(
            token.range.start() >= TextSize::from(last_end),
            "semantic tokens overlap or are unsorted at {:?}",
            token.range
        );
        last_end = u32::from(token.range.end());
    }
    for fold in analysis.folding_ranges(file) {
        check_range(text, fold.range, "folding range");
    }
    for link in analysis.document_links(file) {
        check_range(text, link.range, "document link");
    }
    for hint in analysis.inlay_hints(file, None) {
        check_offset(text, usize::from(hint.offset), "inlay hint");
    }
    if let Ok(edits) = analysis.format(file) {
        check_edits(text, &edits, "format");
    }
    let _ = analysis.line_index(file);
}

fn check_position_features(
    analysis: &Analysis,
    file: FileId,
    text: &str,
    offset: usize,
    choices: &mut Choices,
) {
    let position = FilePosition {
        file,
        offset: TextSize::from(offset as u32),
    };
    if std::env::var_os("NIXTY_FUZZ_TRACE").is_some() {
        eprintln!("  at {offset}");
    }
    if let Some(hover) = analysis.hover(position) {
        check_range(text, hover.range, "hover");
    }
    for target in analysis.goto_definition(position) {
        if target.file == file {
            check_range(text, target.full_range, "goto definition");
            check_range(text, target.focus_range, "goto definition focus");
        }
    }
    let _ = analysis.goto_type_definition(position);
    for reference in analysis.references(position, choices.below(2) == 0) {
        if reference.file == file {
            check_range(text, reference.range, "reference");
        }
    }
    for highlight in analysis.document_highlight(position) {
        check_range(text, highlight.range, "document highlight");
    }
    if let Ok(range) = analysis.prepare_rename(position) {
        check_range(text, range, "prepare rename");
    }
    let new_name = ["y", "a-b", "x'", "in", "", "\"q\"", "é"][choices.below(7)];
    if let Ok(change) = analysis.rename(position, new_name) {
        check_change(analysis, &change, "rename");
    }
    for item in analysis.completions(position) {
        check_edits(text, std::slice::from_ref(&item.edit), "completion");
    }
    if let Some(help) = analysis.signature_help(position) {
        for (start, end) in &help.parameters {
            assert!(
                start <= end && (*end as usize) <= help.label.len(),
                "signature help parameter {start}..{end} outside its label {:?}",
                help.label
            );
        }
    }
    let end = choices.offset(text).max(offset);
    let selection = TextRange::new(
        TextSize::from(offset.min(end) as u32),
        TextSize::from(end as u32),
    );
    for action in analysis.code_actions(FileRange {
        file,
        range: selection,
    }) {
        check_change(analysis, &action.edit, "code action");
    }
    for ranges in analysis.selection_ranges(file, &[position.offset]) {
        for range in ranges {
            check_range(text, range, "selection range");
        }
    }
    let _ = analysis.semantic_tokens(file, Some(selection));
    let _ = analysis.inlay_hints(file, Some(selection));
}

fn check_symbol(text: &str, symbol: &nixty_ide::DocumentSymbol) {
    check_range(text, symbol.full_range, "symbol");
    check_range(text, symbol.focus_range, "symbol focus");
    for child in &symbol.children {
        check_symbol(text, child);
    }
}

fn check_change(analysis: &Analysis, change: &SourceChange, what: &str) {
    for file_edit in &change.files {
        if let Some(text) = analysis.file_text(file_edit.file) {
            check_edits(&text, &file_edit.edits, what);
        }
    }
}

fn check_edits(text: &str, edits: &[TextEdit], what: &str) {
    let mut last_end = 0usize;
    for edit in edits {
        check_range(text, edit.range, what);
        let start = usize::from(edit.range.start());
        assert!(
            start >= last_end,
            "{what}: overlapping or unsorted edits at {:?}",
            edit.range
        );
        last_end = usize::from(edit.range.end());
    }
}

fn check_offset(text: &str, offset: usize, what: &str) {
    assert!(
        offset <= text.len() && text.is_char_boundary(offset),
        "{what}: offset {offset} outside the text ({} bytes) or inside a character",
        text.len()
    );
}

fn check_range(text: &str, range: TextRange, what: &str) {
    check_offset(text, usize::from(range.start()), what);
    check_offset(text, usize::from(range.end()), what);
}

/// Replaces a random range (often empty: an insertion) by a snippet, or deletes it.
fn random_edit(text: &str, choices: &mut Choices) -> String {
    let a = choices.offset(text).min(text.len());
    let span = choices.below(16);
    let mut b = (a + span).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    let insert = if choices.below(5) == 0 {
        ""
    } else {
        SNIPPETS[choices.below(SNIPPETS.len())]
    };
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..a]);
    out.push_str(insert);
    out.push_str(&text[b..]);
    out
}
