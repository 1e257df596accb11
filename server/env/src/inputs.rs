//! The project files an environment depends on, found without evaluating anything: the source,
//! `flake.lock`, and every project-local file reachable through path literals (`./x.nix`,
//! `../y`, absolute paths inside the project), read from the syntax tree of each `.nix` file.
//! Their content hashes decide trust (any change asks again) and the cache key.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Component, Path, PathBuf};

use nixty_parse::SyntaxKind;
use sha2::{Digest, Sha256};

use crate::discover::{Project, SourceKind};

/// Files larger than this are hashed by size and time only (they are data, not Nix code).
const MAX_HASHED_FILE: u64 = nixty_parse::MAX_FILE_SIZE as u64;
/// Bound on the import graph walked, so a huge tree cannot stall discovery.
const MAX_FILES: usize = 2000;

/// Project-local input files with the SHA-256 of their content (hex).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    pub files: BTreeMap<PathBuf, String>,
}

impl Inputs {
    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.keys().cloned().collect()
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Collects the inputs of `project`. Missing files are recorded with the hash "missing".
pub fn collect(project: &Project) -> Inputs {
    let mut inputs = Inputs::default();
    let mut queue = VecDeque::new();
    queue.push_back(project.source_file());
    if project.kind == SourceKind::Flake {
        queue.push_back(project.root.join("flake.lock"));
    }
    while let Some(file) = queue.pop_front() {
        if inputs.files.contains_key(&file) || inputs.files.len() >= MAX_FILES {
            continue;
        }
        let Some(bytes) = read_bounded(&file) else {
            let exists = file.exists();
            if exists || file.ends_with("flake.lock") {
                inputs.files.insert(
                    file.clone(),
                    if exists { "unreadable" } else { "missing" }.to_string(),
                );
            }
            continue;
        };
        inputs.files.insert(file.clone(), sha256_hex(&bytes));
        if file.extension().is_some_and(|e| e == "nix") {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let dir = file.parent().unwrap_or(&project.root);
                for target in path_literals(text) {
                    if let Some(local) = project_local(&project.root, dir, &target) {
                        queue.push_back(local);
                    }
                }
            }
        }
    }
    inputs
}

fn read_bounded(file: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() {
        return None;
    }
    if meta.len() > MAX_HASHED_FILE {
        let stamp = format!("large:{}:{:?}", meta.len(), meta.modified().ok());
        return Some(stamp.into_bytes());
    }
    std::fs::read(file).ok()
}

/// Nesting beyond this is not real project code; such files are hashed but not scanned
/// (parsing 100 000 nested lists takes rnix a minute).
pub(crate) const MAX_SCANNED_NESTING: usize = 1000;

pub(crate) fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for byte in text.bytes() {
        match byte {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The text of every literal (non-interpolated) relative or absolute path in `text`.
pub fn path_literals(text: &str) -> Vec<String> {
    if nesting_depth(text) > MAX_SCANNED_NESTING {
        return Vec::new();
    }
    let parse = nixty_parse::parse(text);
    parse
        .syntax()
        .descendants()
        .filter(|node| {
            matches!(
                node.kind(),
                SyntaxKind::NODE_PATH_REL | SyntaxKind::NODE_PATH_ABS
            )
        })
        .filter(|node| node.children().next().is_none())
        .map(|node| node.text().to_string())
        .collect()
}

/// Resolves a path literal written in `dir` to a file inside `root`, or None when it leaves the
/// project. A directory stands for its `default.nix`, as `import` reads it.
fn project_local(root: &Path, dir: &Path, literal: &str) -> Option<PathBuf> {
    let joined = if literal.starts_with('/') {
        PathBuf::from(literal)
    } else {
        dir.join(literal)
    };
    let normal = normalize(&joined);
    if !normal.starts_with(root) {
        return None;
    }
    if normal.is_dir() {
        let default = normal.join("default.nix");
        return default.is_file().then_some(default);
    }
    normal.is_file().then_some(normal)
}

/// Removes `.` and `..` components lexically (Nix resolves path literals the same way).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    #[test]
    fn finds_literal_paths_only() {
        let text = r#"{ a = import ./nix/pkgs.nix; b = ../up; c = ./dir/${x}; d = <nixpkgs>; e = /abs/file; f = "./str"; }"#;
        expect![[r#"["./nix/pkgs.nix", "../up", "/abs/file"]"#]]
            .assert_eq(&format!("{:?}", path_literals(text)));
    }

    #[test]
    fn walks_imports_inside_the_project() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().canonicalize().unwrap();
        let root = outside.join("project");
        std::fs::create_dir_all(root.join("nix/lib")).unwrap();
        std::fs::write(outside.join("secret.nix"), "1").unwrap();
        std::fs::write(
            root.join("shell.nix"),
            "let p = import ./nix/pkgs.nix; in import ./nix/lib { hook = builtins.readFile ./hook.sh; x = ../secret.nix; }",
        )
        .unwrap();
        std::fs::write(root.join("nix/pkgs.nix"), "import ../shell.nix").unwrap();
        std::fs::write(root.join("nix/lib/default.nix"), "{}").unwrap();
        std::fs::write(root.join("hook.sh"), "echo").unwrap();
        let project = Project {
            root: root.clone(),
            kind: SourceKind::Shell,
        };
        let inputs = collect(&project);
        let names: Vec<_> = inputs
            .files
            .keys()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "hook.sh",
                "nix/lib/default.nix",
                "nix/pkgs.nix",
                "shell.nix"
            ]
        );
        assert_eq!(inputs.files[&root.join("hook.sh")], sha256_hex(b"echo"));
    }
}

#[cfg(test)]
mod robustness {
    #[test]
    fn deeply_nested_and_binary_files_do_not_crash() {
        let deep = format!("{}./a.nix{}", "(".repeat(100_000), ")".repeat(100_000));
        let _ = super::path_literals(&deep);
        let lists = format!("{}./a.nix{}", "[".repeat(100_000), "]".repeat(100_000));
        let _ = super::path_literals(&lists);
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::write(root.join("shell.nix"), b"\x00\xff\xfe import ./x.nix").unwrap();
        let project = crate::Project {
            root: root.clone(),
            kind: crate::SourceKind::Shell,
        };
        assert_eq!(super::collect(&project).files.len(), 1);
    }
}
