//! Developer tool: prints the tree-sitter-nix tree of a file (or stdin) with byte ranges,
//! to see which nodes a query can match. `cargo run -p nixty-highlight --example dump_tree FILE`
use std::io::Read;

fn main() {
    let mut source = String::new();
    match std::env::args().nth(1) {
        Some(path) => source = std::fs::read_to_string(path).expect("readable file"),
        None => {
            std::io::stdin().read_to_string(&mut source).expect("stdin");
        }
    }
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_nix::LANGUAGE.into())
        .expect("grammar loads");
    let tree = parser.parse(&source, None).expect("parse");
    let mut cursor = tree.walk();
    let mut depth = 0;
    loop {
        let node = cursor.node();
        let field = cursor
            .field_name()
            .map(|f| format!("{f}: "))
            .unwrap_or_default();
        let kind = if node.is_named() {
            node.kind().to_string()
        } else {
            format!("{:?}", node.kind())
        };
        let text = &source[node.byte_range()];
        let text = if text.len() > 40 {
            format!("{}…", &text[..text.floor_char_boundary(40)])
        } else {
            text.to_string()
        };
        println!(
            "{:indent$}{field}{kind} {:?} {:?}",
            "",
            node.byte_range(),
            text,
            indent = depth * 2
        );
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return;
            }
            depth -= 1;
        }
    }
}
