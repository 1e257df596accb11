//! Developer tool: where the time goes on one file (parse, queries, full highlight).
use std::time::Instant;
use tree_sitter::StreamingIterator;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let source = std::fs::read_to_string(path).unwrap();
    let lang: tree_sitter::Language = tree_sitter_nix::LANGUAGE.into();
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&lang).unwrap();
    let t = Instant::now();
    let tree = parser.parse(&source, None).unwrap();
    println!("parse {:?}", t.elapsed());
    for (name, q) in nixty_highlight::queries::QUERY_FILES {
        let query = tree_sitter::Query::new(&lang, q).unwrap();
        let mut cursor = tree_sitter::QueryCursor::new();
        let t = Instant::now();
        let mut n = 0;
        let mut caps = cursor.captures(&query, tree.root_node(), source.as_bytes());
        while caps.next().is_some() {
            n += 1;
        }
        println!("{name}: {n} captures {:?}", t.elapsed());
    }
    let t = Instant::now();
    let spans = nixty_highlight::highlight(&source).unwrap();
    println!("highlight: {} spans {:?}", spans.len(), t.elapsed());
}
