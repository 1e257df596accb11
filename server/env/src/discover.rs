//! Project discovery: walk up from a file's directory to the first directory that holds a
//! project source, and pick the source within it (nearest first, then by kind).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What kind of file describes a project's environment, in order of preference within a directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    DirLocals,
    Flake,
    Shell,
    Default,
}

impl SourceKind {
    pub const ALL: [SourceKind; 4] = [
        SourceKind::DirLocals,
        SourceKind::Flake,
        SourceKind::Shell,
        SourceKind::Default,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            SourceKind::DirLocals => "dir-locals.nix",
            SourceKind::Flake => "flake.nix",
            SourceKind::Shell => "shell.nix",
            SourceKind::Default => "default.nix",
        }
    }
}

/// A project: its root directory and the source that describes its environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub root: PathBuf,
    pub kind: SourceKind,
}

impl Project {
    pub fn source_file(&self) -> PathBuf {
        self.root.join(self.kind.file_name())
    }
}

/// Finds the project of `path` (a file or a directory): the nearest directory at or above it,
/// not above `stop_at` when given, that holds a project source.
pub fn discover(path: &Path, stop_at: Option<&Path>) -> Option<Project> {
    let start = absolute(path)?;
    let mut dir = if start.is_dir() {
        start.as_path()
    } else {
        start.parent()?
    };
    let stop_at = stop_at.and_then(absolute);
    loop {
        if let Some(project) = project_at(dir) {
            return Some(project);
        }
        if stop_at.as_deref() == Some(dir) {
            return None;
        }
        dir = dir.parent()?;
    }
}

/// The project whose root is exactly `dir`, if `dir` holds a project source.
pub fn project_at(dir: &Path) -> Option<Project> {
    SourceKind::ALL.into_iter().find_map(|kind| {
        let file = dir.join(kind.file_name());
        if !file.is_file() {
            return None;
        }
        if kind == SourceKind::Flake && !declares_dev_shell(&file) {
            return None;
        }
        Some(Project {
            root: dir.to_path_buf(),
            kind,
        })
    })
}

/// Whether a flake mentions `devShells` or `devShell` (read from its syntax, never evaluated).
fn declares_dev_shell(flake: &Path) -> bool {
    let Ok(bytes) = std::fs::read(flake) else {
        return false;
    };
    let Ok(text) = nixty_parse::decode_source(&bytes) else {
        return false;
    };
    if crate::inputs::nesting_depth(text) > crate::inputs::MAX_SCANNED_NESTING {
        return text.contains("devShell");
    }
    let parse = nixty_parse::parse(text);
    parse
        .syntax()
        .descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .any(|token| {
            token.kind() == nixty_parse::SyntaxKind::TOKEN_IDENT
                && matches!(token.text(), "devShells" | "devShell")
        })
}

fn absolute(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, name: &str, text: &str) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn nearest_directory_wins_and_kinds_are_ordered() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        write(&root, "shell.nix", "{}");
        write(&root, "sub/default.nix", "{}");
        write(&root, "sub/shell.nix", "{}");
        write(&root, "sub/deeper/file.nix", "{}");
        write(&root, "other/x.nix", "{}");
        let found = discover(&root.join("sub/deeper/file.nix"), None).unwrap();
        assert_eq!(
            found,
            Project {
                root: root.join("sub"),
                kind: SourceKind::Shell
            }
        );
        let found = discover(&root.join("other/x.nix"), None).unwrap();
        assert_eq!(
            found,
            Project {
                root: root.clone(),
                kind: SourceKind::Shell
            }
        );
        assert_eq!(
            discover(&root.join("other/x.nix"), Some(&root.join("other"))),
            None
        );

        write(&root, "sub/dir-locals.nix", "{}");
        assert_eq!(
            discover(&root.join("sub/deeper"), None).unwrap().kind,
            SourceKind::DirLocals
        );
    }

    #[test]
    fn flake_counts_only_with_a_dev_shell() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        write(
            &root,
            "flake.nix",
            "{ outputs = { self }: { packages = {}; }; }",
        );
        write(&root, "default.nix", "{}");
        assert_eq!(project_at(&root).unwrap().kind, SourceKind::Default);
        write(
            &root,
            "flake.nix",
            "{ outputs = { self }: { devShells.x86_64-linux.default = 1; }; }",
        );
        assert_eq!(project_at(&root).unwrap().kind, SourceKind::Flake);
    }
}
