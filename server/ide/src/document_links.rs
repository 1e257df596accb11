//! Clickable links: path literals (a directory opens its `default.nix`), URLs (bare `http:`
//! literals and URLs inside strings), and flake references like `github:owner/repo/ref`.

use std::path::PathBuf;

use nixty_check::workspace::resolve_path_literal;
use nixty_parse::SyntaxKind::*;
use nixty_parse::{TextRange, TextSize};

use crate::{Db, FileId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    File(PathBuf),
    Url(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentLink {
    pub range: TextRange,
    pub target: LinkTarget,
    pub tooltip: Option<String>,
}

pub(crate) fn document_links(db: &Db, file: FileId) -> Vec<DocumentLink> {
    let (Some(analysis), Some(path)) = (db.file(file), db.workspace.path(file)) else {
        return Vec::new();
    };
    let root = analysis.core.syntax();
    let mut out = Vec::new();
    for node in root.descendants() {
        match node.kind() {
            NODE_PATH_ABS | NODE_PATH_REL | NODE_PATH_HOME => {
                let interpolated = node.children().next().is_some()
                    || node
                        .children_with_tokens()
                        .any(|t| t.kind() == TOKEN_INTERPOL_START);
                if interpolated {
                    continue;
                }
                let text = node.text().to_string();
                if let Some(target) =
                    resolve_path_literal(path, &text, &|p| db.workspace.is_known_file(p))
                {
                    // A path to an existing non-Nix file or folder opens as is.
                    let literal_target = target
                        .parent()
                        .filter(|_| target.ends_with("default.nix") && !text.ends_with(".nix"))
                        .filter(|dir| !target.exists() && dir.exists())
                        .map(|d| d.to_path_buf())
                        .unwrap_or(target);
                    out.push(DocumentLink {
                        range: node.text_range(),
                        target: LinkTarget::File(literal_target),
                        tooltip: None,
                    });
                }
            }
            _ => {}
        }
    }
    for token in root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        match token.kind() {
            TOKEN_URI => out.push(DocumentLink {
                range: token.text_range(),
                target: LinkTarget::Url(token.text().to_string()),
                tooltip: None,
            }),
            TOKEN_STRING_CONTENT => {
                links_in_string(token.text(), token.text_range().start(), &mut out)
            }
            _ => {}
        }
    }
    out.sort_by_key(|l| l.range.start());
    out
}

const URL_SCHEMES: &[&str] = &[
    "https://",
    "http://",
    "git+https://",
    "git+ssh://",
    "ftp://",
];

fn links_in_string(text: &str, base: TextSize, out: &mut Vec<DocumentLink>) {
    // A whole string that is a flake reference.
    let trimmed = text.trim();
    if let Some(url) = flake_ref_url(trimmed) {
        let start = base + TextSize::from((text.len() - text.trim_start().len()) as u32);
        out.push(DocumentLink {
            range: TextRange::at(start, TextSize::of(trimmed)),
            target: LinkTarget::Url(url),
            tooltip: Some(format!("flake reference {trimmed}")),
        });
        return;
    }
    let mut search_from = 0;
    while let Some((at, scheme)) = URL_SCHEMES
        .iter()
        .filter_map(|s| text[search_from..].find(s).map(|i| (search_from + i, *s)))
        .min_by_key(|(i, s)| (*i, std::cmp::Reverse(s.len())))
    {
        let rest = &text[at..];
        let len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
            .unwrap_or(rest.len());
        let url = rest[..len].trim_end_matches(['.', ',', ';', ')']);
        if url.len() > scheme.len() {
            out.push(DocumentLink {
                range: TextRange::at(base + TextSize::from(at as u32), TextSize::of(url)),
                target: LinkTarget::Url(url.trim_start_matches("git+").to_string()),
                tooltip: None,
            });
        }
        search_from = at + len.max(1);
    }
}

/// `github:owner/repo[/ref]`, `gitlab:…`, `sourcehut:~owner/repo` → a web URL.
fn flake_ref_url(text: &str) -> Option<String> {
    let (scheme, rest) = text.split_once(':')?;
    let host = match scheme {
        "github" => "https://github.com",
        "gitlab" => "https://gitlab.com",
        "sourcehut" => "https://git.sr.ht",
        _ => return None,
    };
    let rest = rest.split(['?', '#']).next()?;
    let mut parts = rest.split('/');
    let owner = parts.next().filter(|s| !s.is_empty())?;
    let repo = parts.next().filter(|s| !s.is_empty())?;
    let valid = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
    };
    if !valid(owner) || !valid(repo) {
        return None;
    }
    let reference: Vec<&str> = parts.collect();
    Some(if reference.is_empty() {
        format!("{host}/{owner}/{repo}")
    } else if scheme == "github" {
        format!("{host}/{owner}/{repo}/tree/{}", reference.join("/"))
    } else {
        format!("{host}/{owner}/{repo}/-/tree/{}", reference.join("/"))
    })
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    #[test]
    fn paths_urls_and_flake_refs() {
        let fixture = Fixture::new(
            "//- /p/flake.nix\n{\n  inputs.nixpkgs.url = \"github:NixOS/nixpkgs/nixos-unstable\";\n  inputs.x.url = \"gitlab:o/r\";\n  a = import ./lib.nix;\n  b = ./sub;\n  c = ./${x}.nix;\n  d = \"see https://nixos.org/manual. or http://x.y\";\n  e = https://example.com/a;\n  f = <nixpkgs>;\n}\n//- /p/lib.nix\n{ }\n",
        );
        let links: String = fixture
            .analysis
            .document_links(fixture.file())
            .iter()
            .map(|l| {
                format!(
                    "{} -> {:?}\n",
                    fixture.describe(crate::FileRange {
                        file: fixture.file(),
                        range: l.range
                    }),
                    l.target
                )
            })
            .collect();
        expect![[r#"
            /p/flake.nix 26..61 "github:NixOS/nixpkgs/nixos-unstable" -> Url("https://github.com/NixOS/nixpkgs/tree/nixos-unstable")
            /p/flake.nix 82..92 "gitlab:o/r" -> Url("https://gitlab.com/o/r")
            /p/flake.nix 108..117 "./lib.nix" -> File("/p/lib.nix")
            /p/flake.nix 125..130 "./sub" -> File("/p/sub/default.nix")
            /p/flake.nix 161..185 "https://nixos.org/manual" -> Url("https://nixos.org/manual")
            /p/flake.nix 190..200 "http://x.y" -> Url("http://x.y")
            /p/flake.nix 209..230 "https://example.com/a" -> Url("https://example.com/a")
        "#]]
        .assert_eq(&links);
    }
}
