//! Finds the files a Nix file imports: `import ./x.nix`, `callPackage ./dir { }`, and the path
//! literals of a module's `imports = [ … ]` list. Directories resolve to their `default.nix`.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nixty_parse::SyntaxKind::*;
use nixty_parse::{SyntaxNode, TextRange};

use crate::ir::{BindingValue, Expr, ExprId, Literal, Module};
use crate::lower::SourceMap;

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

/// The imports of a file at `file_path`, from the root of its syntax tree (lowers it, on a
/// stack deep enough for the tree; analyses use [`module_imports`] on the IR they already
/// have). `is_file` tells whether a path is a file (so that a directory resolves to its
/// `default.nix`).
pub fn file_imports(
    root: &SyntaxNode,
    file_path: &Path,
    is_file: &dyn Fn(&Path) -> bool,
) -> Vec<Import> {
    let depth = crate::lower::depth_bound(root);
    // Red nodes are not `Send`: the helper thread rebuilds the root from the green tree.
    let green = root.green().to_owned();
    let lowered = nixty_parse::with_stack_for_depth(depth, move || {
        crate::lower::lower(&SyntaxNode::new_root(green))
    });
    module_imports(&lowered.module, &lowered.source_map, file_path, is_file)
}

/// The imports of a lowered file at `file_path`, in source order. A scan of the IR's
/// expression arena (no tree walk, no recursion).
///
/// Large files (an `all-packages.nix` has thousands of `callPackage ./dir { }`) would ask the
/// file system about every path on every edit: while their import literals are unchanged, the
/// answers are reused for [`REUSE_RESOLUTIONS_FOR`] (remembered process-wide, per file path,
/// for the last [`REUSE_MAX_FILES`] such files).
pub fn module_imports(
    module: &Module,
    source_map: &SourceMap,
    file_path: &Path,
    is_file: &dyn Fn(&Path) -> bool,
) -> Vec<Import> {
    let found = import_literals(module, source_map);
    let literals: Vec<&str> = found.iter().map(|(text, _, _)| *text).collect();
    let targets = RecentResolutions::resolve(file_path, &literals, is_file);
    found
        .into_iter()
        .zip(targets)
        .filter_map(|((_, range, kind), target)| {
            Some(Import {
                range,
                target: target?,
                kind,
            })
        })
        .collect()
}

/// The static path literals a module imports: text, range and kind, sorted by position.
fn import_literals<'m>(
    module: &'m Module,
    source_map: &SourceMap,
) -> Vec<(&'m str, TextRange, ImportKind)> {
    let mut out = Vec::new();
    let mut push = |expr: ExprId, kind: ImportKind| {
        if let Expr::Literal(Literal::Path(text)) = &module[expr] {
            out.push((text.as_str(), source_map.expr_range(expr), kind));
        }
    };
    for (id, expr) in module.exprs() {
        match expr {
            Expr::Apply { fun, arg } => match function_name(module, source_map, *fun) {
                Some("import") => push(*arg, ImportKind::Import),
                Some(name) if name.ends_with("callPackage") || name.ends_with("callPackages") => {
                    push(*arg, ImportKind::CallPackage)
                }
                // `scopedImport scope ./x.nix`: the path is the second argument.
                _ => {
                    if let Expr::Apply { fun: inner, .. } = &module[*fun] {
                        if function_name(module, source_map, *inner) == Some("scopedImport") {
                            push(*arg, ImportKind::Import);
                        }
                    }
                }
            },
            // `imports = [ … ];` directly in an attribute set literal (a module), not in a `let`.
            Expr::AttrSet { bindings, .. }
                if source_map
                    .expr_syntax(id)
                    .is_some_and(|p| p.kind() == NODE_ATTR_SET) =>
            {
                for binding in &bindings.statics {
                    let BindingValue::Expr(value) = binding.value else {
                        continue;
                    };
                    let Expr::List(items) = &module[value] else {
                        continue;
                    };
                    let written_as_ident = source_map
                        .name_syntax(binding.name)
                        .first()
                        .is_some_and(|p| p.kind() == NODE_IDENT);
                    if module[binding.name].text == "imports" && written_as_ident {
                        for item in items {
                            push(*item, ImportKind::ModuleImport);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|(_, range, _)| range.start());
    out
}

/// `import`, `builtins.import`, `pkgs.callPackage`, … : the last name of a function expression
/// written as an identifier or a selection without `or` default.
fn function_name<'m>(module: &'m Module, source_map: &SourceMap, fun: ExprId) -> Option<&'m str> {
    match &module[fun] {
        Expr::Reference(name) => Some(name),
        Expr::Select {
            attrpath,
            default: None,
            ..
        } => {
            let last = *attrpath.last()?;
            let is_ident = source_map
                .expr_syntax(last)
                .is_some_and(|p| p.kind() == NODE_IDENT);
            match &module[last] {
                Expr::Literal(Literal::String(name)) if is_ident => Some(name),
                _ => None,
            }
        }
        _ => None,
    }
}

/// How long the resolved imports of a large file are reused while its import literals stay
/// the same: a burst of edits asks the file system once, and a directory replaced by a file
/// (or the reverse) on disk is seen by the next analysis after this delay.
pub const REUSE_RESOLUTIONS_FOR: Duration = Duration::from_secs(5);

/// Files with fewer import literals resolve them every time (cheap, and never stale).
const REUSE_MIN_LITERALS: usize = 128;

/// At most this many files' resolutions are remembered.
pub const REUSE_MAX_FILES: usize = 32;

/// The last resolution of each large file's import literals, process-wide (an analysis only
/// gets the file's path and text, not the previous analysis).
struct RecentResolutions {
    literals: Vec<Box<str>>,
    targets: Vec<Option<PathBuf>>,
    at: Instant,
}

impl RecentResolutions {
    fn resolve(
        file_path: &Path,
        literals: &[&str],
        is_file: &dyn Fn(&Path) -> bool,
    ) -> Vec<Option<PathBuf>> {
        let resolve_all = || -> Vec<Option<PathBuf>> {
            literals
                .iter()
                .map(|literal| resolve_path_literal(file_path, literal, is_file))
                .collect()
        };
        if literals.len() < REUSE_MIN_LITERALS {
            return resolve_all();
        }
        static RECENT: Mutex<Vec<(PathBuf, RecentResolutions)>> = Mutex::new(Vec::new());
        let lock = || RECENT.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let fresh = |r: &RecentResolutions| now.duration_since(r.at) < REUSE_RESOLUTIONS_FOR;
        {
            let recent = lock();
            if let Some((_, r)) = recent.iter().find(|(path, _)| path == file_path) {
                let same = r.literals.len() == literals.len()
                    && r.literals.iter().zip(literals).all(|(a, b)| **a == **b);
                if same && fresh(r) {
                    return r.targets.clone();
                }
            }
        }
        // Resolved outside the lock: `is_file` may be slow (a network file system).
        let targets = resolve_all();
        let mut recent = lock();
        recent.retain(|(path, r)| path != file_path && fresh(r));
        if recent.len() < REUSE_MAX_FILES {
            recent.push((
                file_path.to_path_buf(),
                RecentResolutions {
                    literals: literals.iter().map(|l| Box::from(*l)).collect(),
                    targets: targets.clone(),
                    at: now,
                },
            ));
        }
        targets
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

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use nixty_parse::TextSize;

    use super::*;

    fn callpackages(dirs: &[&str]) -> String {
        let lines: String = dirs
            .iter()
            .enumerate()
            .map(|(i, d)| format!("  p{i} = callPackage ./{d} {{ }};\n"))
            .collect();
        format!("{{\n{lines}}}\n")
    }

    fn resolve(path: &Path, text: &str, stats: &Cell<usize>) -> Vec<Import> {
        let parse = nixty_parse::parse(text);
        file_imports(&parse.syntax(), path, &|p| {
            stats.set(stats.get() + 1);
            p.ends_with("file0")
        })
    }

    #[test]
    fn large_files_reuse_resolutions_while_literals_are_unchanged() {
        let path = Path::new("/reuse-test/all-packages.nix");
        let mut dirs: Vec<String> = (0..REUSE_MIN_LITERALS).map(|i| format!("dir{i}")).collect();
        dirs[0] = "file0".into();
        let names: Vec<&str> = dirs.iter().map(String::as_str).collect();
        let text = callpackages(&names);
        let stats = Cell::new(0);
        let first = resolve(path, &text, &stats);
        // No literal ends in `.nix`: each one is asked about.
        assert_eq!(stats.get(), REUSE_MIN_LITERALS);
        assert_eq!(first[0].target, Path::new("/reuse-test/file0"));
        assert_eq!(first[1].target, Path::new("/reuse-test/dir1/default.nix"));
        // An edit elsewhere (ranges move, literals stay): no question to the file system.
        let edited = format!("  {text}");
        let again = resolve(path, &edited, &stats);
        assert_eq!(stats.get(), REUSE_MIN_LITERALS);
        assert_eq!(again.len(), first.len());
        assert_eq!(again[1].range, first[1].range + TextSize::from(2));
        assert_eq!(again[1].target, first[1].target);
        // A changed literal resolves everything again.
        let changed = text.replace("./dir5 ", "./other ");
        let third = resolve(path, &changed, &stats);
        assert_eq!(stats.get(), 2 * REUSE_MIN_LITERALS);
        assert_eq!(third[5].target, Path::new("/reuse-test/other/default.nix"));
    }

    #[test]
    fn small_files_always_resolve() {
        let path = Path::new("/small-test/default.nix");
        let text = callpackages(&["a", "b"]);
        let stats = Cell::new(0);
        resolve(path, &text, &stats);
        resolve(path, &text, &stats);
        assert_eq!(stats.get(), 4);
    }

    #[test]
    fn deeply_nested_imports_are_found_without_overflow() {
        let nested = |depth: usize| {
            let text = format!(
                "{}import ./deep.nix{}",
                "(".repeat(depth),
                ")".repeat(depth)
            );
            resolve(Path::new("/deep-test/default.nix"), &text, &Cell::new(0))
        };
        let found = nested(400);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].target, Path::new("/deep-test/deep.nix"));
        // Past the tree's depth limit the code is an error node: nothing is found in it.
        assert!(nested(5_000).is_empty());
    }
}
