//! Symbols of every file in the host, filtered by a fuzzy query.

use nixty_parse::TextRange;

use crate::document_symbols::{document_symbols, DocumentSymbol, SymbolKind};
use crate::{Db, FileId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub file: FileId,
    pub full_range: TextRange,
    pub focus_range: TextRange,
    /// The dotted path of the enclosing bindings, if any (`sub` for `sub.n`).
    pub container_name: Option<String>,
}

pub(crate) fn workspace_symbols(db: &Db, query: &str, limit: usize) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    let mut out = Vec::new();
    for file in db.workspace.files() {
        let (symbols, _) = document_symbols(db, file);
        collect(&symbols, file, None, &query, &mut out, limit);
        if out.len() >= limit {
            break;
        }
    }
    out
}

fn collect(
    symbols: &[DocumentSymbol],
    file: FileId,
    container: Option<&str>,
    query: &str,
    out: &mut Vec<WorkspaceSymbol>,
    limit: usize,
) {
    for symbol in symbols {
        if out.len() >= limit {
            return;
        }
        if fuzzy_match(&symbol.name.to_lowercase(), query) {
            out.push(WorkspaceSymbol {
                name: symbol.name.clone(),
                kind: symbol.kind,
                file,
                full_range: symbol.full_range,
                focus_range: symbol.focus_range,
                container_name: container.map(str::to_string),
            });
        }
        let path = match container {
            Some(c) => format!("{c}.{}", symbol.name),
            None => symbol.name.clone(),
        };
        collect(&symbol.children, file, Some(&path), query, out, limit);
    }
}

/// The query's characters appear in order in the name.
fn fuzzy_match(name: &str, query: &str) -> bool {
    let mut chars = name.chars();
    query.chars().all(|q| chars.any(|c| c == q))
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    #[test]
    fn finds_symbols_in_all_files() {
        let fixture = Fixture::new(
            "//- /a.nix\n{ mkHello = x: x; other = 1; }\n//- /b.nix\nlet hello = 1; in { sub.mkHelloWorld = hello; }\n",
        );
        let found: String = fixture
            .analysis
            .workspace_symbols("mkhel", 100)
            .iter()
            .map(|s| {
                format!(
                    "{} {:?} {} {:?} in {:?}\n",
                    s.name,
                    s.kind,
                    fixture.path_of(s.file),
                    s.focus_range,
                    s.container_name
                )
            })
            .collect();
        expect![[r#"
            mkHello Function /a.nix 2..9 in None
            sub.mkHelloWorld Field /b.nix 20..36 in None
        "#]]
        .assert_eq(&found);
        assert_eq!(fixture.analysis.workspace_symbols("", 1).len(), 1);
    }
}
