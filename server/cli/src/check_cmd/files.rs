//! Which files `nixty check` analyzes: named files as given, directories searched recursively
//! for `*.nix` (hidden entries, `.gitignore` and `.ignore` exclusions skipped).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

pub struct FoundFiles {
    /// Sorted by path, without duplicates: this is the output order.
    pub files: Vec<PathBuf>,
    /// Directories or entries that could not be read while searching (an IO error, exit 2).
    pub walk_errors: Vec<String>,
}

/// Expands the command-line paths. A path that does not exist is a usage error.
pub fn find_nix_files(paths: &[PathBuf]) -> Result<FoundFiles, String> {
    let mut files = BTreeSet::new();
    let mut walk_errors = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                format!("{}: no such file or directory", path.display())
            } else {
                format!("{}: {e}", path.display())
            }
        })?;
        if !metadata.is_dir() {
            // A file named on the command line is analyzed whatever its name.
            files.insert(tidy(path));
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(true)
            .ignore(true)
            .parents(true)
            // Respect `.gitignore` even outside a git checkout (a tarball, a fresh copy).
            .require_git(false)
            .follow_links(false)
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file && entry.path().extension().is_some_and(|e| e == "nix") {
                        files.insert(tidy(entry.path()));
                    }
                }
                Err(error) => walk_errors.push(error.to_string()),
            }
        }
    }
    Ok(FoundFiles {
        files: files.into_iter().collect(),
        walk_errors,
    })
}

/// Drops `.` components so that `nixty check` (root `.`) prints `lib.nix`, not `./lib.nix`.
fn tidy(path: &Path) -> PathBuf {
    let tidied: PathBuf = path
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    if tidied.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        tidied
    }
}
