use std::path::Path;
use std::sync::Arc;

use expect_test::expect;

use super::*;

fn imports_of(text: &str) -> String {
    let parse = nixty_parse::parse(text);
    let known = |p: &Path| p == Path::new("/p/lib.nix");
    file_imports(&parse.syntax(), Path::new("/p/sub/default.nix"), &known)
        .iter()
        .map(|i| format!("{:?} {:?} {}\n", i.range, i.kind, i.target.display()))
        .collect()
}

#[test]
fn finds_imports_callpackage_and_module_imports() {
    expect![[r#"
        13..23 Import /p/lib.nix
        41..46 CallPackage /p/sub/pkg/default.nix
        87..94 ModuleImport /p/sub/a.nix
        95..98 ModuleImport /p/sub/b/default.nix
        144..151 Import /p/sub/x.nix
    "#]]
    .assert_eq(&imports_of(
        "{ l = import ../lib.nix; p = callPackage ./pkg { }; q = import ./${n}.nix; imports = [ ./a.nix ./b ]; i = import <nixpkgs>; s = scopedImport {} ./x.nix; }",
    ));
}

#[test]
fn editing_a_file_invalidates_its_importers_only() {
    let mut ws = Workspace::new();
    let main = ws.set_text(Path::new("/p/main.nix"), Arc::from("import ./lib.nix"));
    let lib = ws.set_text(Path::new("/p/lib.nix"), Arc::from("{ }"));
    let other = ws.set_text(Path::new("/p/other.nix"), Arc::from("1"));
    let before_main = ws.analysis(main).unwrap();
    let before_other = ws.analysis(other).unwrap();
    ws.analysis(lib).unwrap();
    ws.set_text(Path::new("/p/lib.nix"), Arc::from("{ a = 1; }"));
    assert!(!Arc::ptr_eq(&before_main, &ws.analysis(main).unwrap()));
    assert!(Arc::ptr_eq(&before_other, &ws.analysis(other).unwrap()));
    let graph = ws.import_graph();
    assert_eq!(
        graph.importers_of(Path::new("/p/lib.nix")),
        vec![PathBuf::from("/p/main.nix")]
    );
}

#[test]
fn snapshots_keep_their_text() {
    let mut ws = Workspace::new();
    let id = ws.set_text(Path::new("/a.nix"), Arc::from("1"));
    let snapshot = ws.clone();
    ws.set_text(Path::new("/a.nix"), Arc::from("2"));
    assert_eq!(&*snapshot.text(id).unwrap(), "1");
    assert_eq!(&*ws.text(id).unwrap(), "2");
    ws.remove(id);
    assert!(ws.analysis(id).is_none());
    assert_eq!(ws.lookup(Path::new("/a.nix")), None);
}

#[test]
fn cycles_terminate() {
    let mut graph = ImportGraph::default();
    graph.set_imports(Path::new("/a"), [PathBuf::from("/b")]);
    graph.set_imports(Path::new("/b"), [PathBuf::from("/a")]);
    assert_eq!(
        graph.transitive_importers(Path::new("/a")),
        vec![PathBuf::from("/a"), PathBuf::from("/b")]
    );
}

#[test]
fn inference_sees_imported_files() {
    let mut ws = Workspace::new();
    let main = ws.set_text(Path::new("/p/main.nix"), Arc::from("(import ./lib.nix).a"));
    ws.set_text(Path::new("/p/lib.nix"), Arc::from("{ a = 1; }"));
    let shown = crate::infer::display(&ws.inference(main).unwrap().root, 80);
    assert_eq!(shown, "Int");
    ws.set_text(Path::new("/p/lib.nix"), Arc::from("{ a = \"s\"; }"));
    let shown = crate::infer::display(&ws.inference(main).unwrap().root, 80);
    assert_eq!(shown, "String");
}

#[test]
fn invalidation_is_transitive() {
    let mut ws = Workspace::new();
    let top = ws.set_text(Path::new("/p/top.nix"), Arc::from("import ./mid.nix"));
    let mid = ws.set_text(Path::new("/p/mid.nix"), Arc::from("import ./leaf.nix"));
    ws.set_text(Path::new("/p/leaf.nix"), Arc::from("1"));
    let (before_top, before_mid) = (ws.analysis(top).unwrap(), ws.analysis(mid).unwrap());
    ws.set_text(Path::new("/p/leaf.nix"), Arc::from("2"));
    assert!(!Arc::ptr_eq(&before_top, &ws.analysis(top).unwrap()));
    assert!(!Arc::ptr_eq(&before_mid, &ws.analysis(mid).unwrap()));
}

#[test]
fn inference_follows_imports_transitively() {
    let mut ws = Workspace::new();
    let top = ws.set_text(Path::new("/p/top.nix"), Arc::from("(import ./mid.nix).b"));
    ws.set_text(
        Path::new("/p/mid.nix"),
        Arc::from("{ b = import ./leaf.nix; }"),
    );
    ws.set_text(Path::new("/p/leaf.nix"), Arc::from("1"));
    let shown = crate::infer::display(&ws.inference(top).unwrap().root, 80);
    assert_eq!(shown, "Int");
    // An edit two levels down reaches the top.
    ws.set_text(Path::new("/p/leaf.nix"), Arc::from("\"s\""));
    let shown = crate::infer::display(&ws.inference(top).unwrap().root, 80);
    assert_eq!(shown, "String");
}

#[test]
fn import_cycles_are_unknown() {
    let mut ws = Workspace::new();
    let a = ws.set_text(
        Path::new("/p/a.nix"),
        Arc::from("{ x = (import ./b.nix).y; }"),
    );
    ws.set_text(
        Path::new("/p/b.nix"),
        Arc::from("{ y = (import ./a.nix).x; z = 1; }"),
    );
    let shown = crate::infer::display(&ws.inference(a).unwrap().root, 80);
    assert_eq!(shown, "{ x: ? }");
}
