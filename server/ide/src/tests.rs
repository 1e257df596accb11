//! Tests of the host and snapshots as a whole.

use std::path::Path;

use crate::{Analysis, AnalysisHost, FilePosition, TextRange, TextSize};

#[test]
fn snapshots_are_send_sync_and_cheap() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Analysis>();
    let mut host = AnalysisHost::new();
    let file = host.set_file_text(Path::new("/a.nix"), "{ a = 1; }");
    let before = host.analysis();
    host.set_file_text(Path::new("/a.nix"), "{ b = 2; }");
    let after = host.analysis();
    assert_eq!(&*before.file_text(file).unwrap(), "{ a = 1; }");
    assert_eq!(&*after.file_text(file).unwrap(), "{ b = 2; }");
    host.remove_file(file);
    assert!(host.analysis().file_text(file).is_none());
    assert!(host.analysis().line_index(file).is_none());
}

/// Every feature at every offset (and beyond the end) of tricky inputs: nothing panics.
#[test]
fn no_feature_panics_at_any_offset() {
    let inputs = [
        "",
        "{",
        "let a = ; in",
        "{ a.b.c = 1; a.\"${x}\" = 2; inherit (x) y \"z\"; } // { }",
        "x: { y ? x, ... }@z: with z; [ x y ./p/${a}.nix <n> ''a${b}'' \"é😀\" ]",
        "rec { a = b; b = a; }.a or (import ./x.nix)",
        "let\n  # doc\n  f = { a, b }: a + b;\nin f { a = 1; b",
    ];
    for text in inputs {
        let mut host = AnalysisHost::new();
        let file = host.set_file_text(Path::new("/t/main.nix"), text);
        let analysis = host.analysis();
        let len = text.len() as u32;
        for offset in 0..=len + 2 {
            let position = FilePosition {
                file,
                offset: TextSize::from(offset),
            };
            let _ = analysis.hover(position);
            let _ = analysis.goto_definition(position);
            let _ = analysis.goto_type_definition(position);
            let _ = analysis.references(position, true);
            let _ = analysis.prepare_rename(position);
            let _ = analysis.rename(position, "renamed");
            let _ = analysis.document_highlight(position);
            let _ = analysis.completions(position);
            let _ = analysis.signature_help(position);
            let range = TextRange::new(TextSize::from(offset), TextSize::from(len + 2));
            let _ = analysis.code_actions(crate::FileRange { file, range });
            let _ = analysis.semantic_tokens(file, Some(range));
            let _ = analysis.inlay_hints(file, Some(range));
        }
        let _ = analysis.selection_ranges(file, &[0.into(), (len + 5).into()]);
        let _ = analysis.diagnostics(file);
        let _ = analysis.document_symbols(file);
        let _ = analysis.workspace_symbols("a", 10);
        let _ = analysis.semantic_tokens(file, None);
        let _ = analysis.folding_ranges(file);
        let _ = analysis.document_links(file);
        let _ = analysis.format(file);
    }
}

/// Editing a file re-analyzes the files importing it: the hover in `main.nix` follows the
/// new definition in `lib.nix`.
#[test]
fn edits_reach_importers() {
    let mut host = AnalysisHost::new();
    host.set_file_text(Path::new("/p/lib.nix"), "{ answer = 42; }");
    let main = host.set_file_text(
        Path::new("/p/main.nix"),
        "let l = import ./lib.nix; in l.answer",
    );
    let position = FilePosition {
        file: main,
        offset: TextSize::from(32),
    };
    let hover = |host: &AnalysisHost| {
        let h = host.analysis().hover(position).expect("hover");
        (h.type_text, h.definition.map(|d| d.range))
    };
    assert_eq!(
        hover(&host),
        (
            Some("Int".to_string()),
            Some(TextRange::new(2.into(), 8.into()))
        )
    );
    host.set_file_text(Path::new("/p/lib.nix"), "{ x = 1; answer = \"yes\"; }");
    assert_eq!(
        hover(&host),
        (
            Some("String".to_string()),
            Some(TextRange::new(9.into(), 15.into()))
        )
    );
}
