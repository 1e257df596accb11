//! Finds the files a Nix file imports: `import ./x.nix`, `callPackage ./dir { }`, and the path
//! literals of a module's `imports = [ … ]` list. Directories resolve to their `default.nix`.

use std::path::{Component, Path, PathBuf};

use nixty_parse::SyntaxKind::{self, *};
use nixty_parse::{SyntaxNode, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// `import ./x.nix` (also `builtins.import`, `scopedImport x ./y.nix`).
    Import,
    /// `callPackage ./x.nix { }` (any function whose name ends in `callPackage`).
    CallPackage,
    /// A path in a NixOS-style module's `imports = [ ./x.nix ];`.
    ModuleImport,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The range of the path literal.
    pub range: TextRange,
    /// The imported file (a directory already resolved to its `default.nix`).
    pub target: PathBuf,
    pub kind: ImportKind,
}

/// The imports of a file at `file_path`. `is_file` tells whether a path is a file (so that a
/// directory resolves to its `default.nix`).
pub fn file_imports(
    root: &SyntaxNode,
    file_path: &Path,
    is_file: &dyn Fn(&Path) -> bool,
) -> Vec<Import> {
    let mut out = Vec::new();
    // `descendants` walks iteratively: no recursion, whatever the nesting depth.
    for node in root.descendants() {
        match node.kind() {
            NODE_APPLY => {
                let (Some(function), Some(argument)) = (nth_node(&node, 0), nth_node(&node, 1))
                else {
                    continue;
                };
                let kind = match function_name(&function).as_deref() {
                    Some("import") => ImportKind::Import,
                    Some(name)
                        if name.ends_with("callPackage") || name.ends_with("callPackages") =>
                    {
                        ImportKind::CallPackage
                    }
                    _ => {
                        // `scopedImport scope ./x.nix`: the path is the second argument.
                        let inner = strip_parens(&function);
                        if inner.kind() == NODE_APPLY
                            && nth_node(&inner, 0)
                                .and_then(|f| function_name(&f))
                                .as_deref()
                                == Some("scopedImport")
                        {
                            push_path(&mut out, &argument, file_path, is_file, ImportKind::Import);
                        }
                        continue;
                    }
                };
                push_path(&mut out, &argument, file_path, is_file, kind);
            }
            NODE_ATTRPATH_VALUE if is_imports_binding(&node) => {
                if let Some(list) = nth_node(&node, 1).filter(|v| v.kind() == NODE_LIST) {
                    for item in list.children() {
                        push_path(
                            &mut out,
                            &item,
                            file_path,
                            is_file,
                            ImportKind::ModuleImport,
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn nth_node(node: &SyntaxNode, n: usize) -> Option<SyntaxNode> {
    node.children().nth(n)
}

fn strip_parens(node: &SyntaxNode) -> SyntaxNode {
    let mut node = node.clone();
    while node.kind() == NODE_PAREN {
        match nth_node(&node, 0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// `imports = [ … ];` directly in an attribute set (a module), not in a `let`.
fn is_imports_binding(binding: &SyntaxNode) -> bool {
    let in_set = binding.parent().is_some_and(|p| p.kind() == NODE_ATTR_SET);
    let Some(path) = nth_node(binding, 0).filter(|p| p.kind() == NODE_ATTRPATH) else {
        return false;
    };
    let attrs: Vec<SyntaxNode> = path.children().collect();
    in_set && attrs.len() == 1 && attrs[0].kind() == NODE_IDENT && attrs[0].text() == "imports"
}

/// `import`, `builtins.import`, `pkgs.callPackage`, … : the last name of a function expression.
fn function_name(expr: &SyntaxNode) -> Option<String> {
    let expr = strip_parens(expr);
    match expr.kind() {
        NODE_IDENT => Some(expr.text().to_string()),
        // A select with an `or` default has three children; it is not a plain function name.
        NODE_SELECT if expr.children().count() == 2 => {
            let last = nth_node(&expr, 1)?.children().last()?;
            (last.kind() == NODE_IDENT).then(|| last.text().to_string())
        }
        _ => None,
    }
}

fn push_path(
    out: &mut Vec<Import>,
    expr: &SyntaxNode,
    file_path: &Path,
    is_file: &dyn Fn(&Path) -> bool,
    kind: ImportKind,
) {
    let node = strip_parens(expr);
    if !matches!(node.kind(), NODE_PATH_ABS | NODE_PATH_REL | NODE_PATH_HOME) {
        return;
    }
    // Interpolated paths (`./${name}.nix`) are not static.
    if node.children().next().is_some()
        || node
            .children_with_tokens()
            .any(|t| t.kind() == SyntaxKind::TOKEN_INTERPOL_START)
    {
        return;
    }
    let text = node.text().to_string();
    if let Some(target) = resolve_path_literal(file_path, &text, is_file) {
        out.push(Import {
            range: node.text_range(),
            target,
            kind,
        });
    }
}

/// Resolves the text of a path literal written in `file_path`: relative to the file's folder,
/// `~` to the home folder, `..` removed lexically, a directory to its `default.nix`.
/// Search paths (`<nixpkgs>`) give `None`.
pub fn resolve_path_literal(
    file_path: &Path,
    literal: &str,
    is_file: &dyn Fn(&Path) -> bool,
) -> Option<PathBuf> {
    let joined = if let Some(rest) = literal.strip_prefix("~/") {
        PathBuf::from(std::env::var_os("HOME")?).join(rest)
    } else if literal.starts_with('/') {
        PathBuf::from(literal)
    } else if literal.starts_with('<') {
        return None;
    } else {
        file_path.parent()?.join(literal)
    };
    let path = normalize(&joined);
    if is_file(&path) || path.extension().is_some_and(|e| e == "nix") {
        Some(path)
    } else {
        Some(path.join("default.nix"))
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
