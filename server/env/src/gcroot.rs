//! GC roots for resolved environments: one directory per project under the XDG data dir,
//! `gcroots/<project-key>.<generation>/`, holding the `nix-store --add-root` links (`root`,
//! `root-2`, …) and a `project` file naming the project root. A new generation is complete
//! before the old one is removed, so the environment is never unrooted in between.

use std::path::{Path, PathBuf};

use crate::dirs::{unique, write_atomic, Dirs};
use crate::nix::{Failure, Runner};

/// Roots `paths` for the project `key` (at `project_root`), replacing its previous roots.
pub fn register(
    dirs: &Dirs,
    key: &str,
    project_root: &Path,
    paths: &[String],
    runner: &Runner,
) -> Result<PathBuf, Failure> {
    let base = dirs.gc_roots();
    let generation = base.join(format!("{key}.{:016x}", unique()));
    let io = |e: std::io::Error| Failure {
        error: crate::model::EnvError {
            message: format!("could not create GC roots in {}: {e}", base.display()),
            file: None,
            line: None,
            column: None,
        },
        transient: true,
    };
    std::fs::create_dir_all(&generation).map_err(io)?;
    write_atomic(
        &generation.join("project"),
        project_root.to_string_lossy().as_bytes(),
    )
    .map_err(io)?;
    if !paths.is_empty() {
        if let Err(failure) = runner.add_roots(&generation.join("root"), paths) {
            let _ = std::fs::remove_dir_all(&generation);
            return Err(failure);
        }
    }
    for old in generations(dirs, key) {
        if old != generation {
            let _ = std::fs::remove_dir_all(old);
        }
    }
    Ok(generation)
}

fn generations(dirs: &Dirs, key: &str) -> Vec<PathBuf> {
    let prefix = format!("{key}.");
    let Ok(entries) = std::fs::read_dir(dirs.gc_roots()) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

/// One project's roots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootEntry {
    pub dir: PathBuf,
    pub project: PathBuf,
    pub project_exists: bool,
    /// Where the links point (store paths).
    pub targets: Vec<PathBuf>,
}

pub fn list(dirs: &Dirs) -> Vec<RootEntry> {
    let Ok(entries) = std::fs::read_dir(dirs.gc_roots()) else {
        return Vec::new();
    };
    let mut roots: Vec<RootEntry> = entries
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let dir = e.path();
            let project =
                PathBuf::from(std::fs::read_to_string(dir.join("project")).unwrap_or_default());
            let project_exists =
                !project.as_os_str().is_empty() && crate::discover::project_at(&project).is_some();
            let mut targets: Vec<PathBuf> = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|link| std::fs::read_link(link.path()).ok())
                .collect();
            targets.sort();
            RootEntry {
                dir,
                project,
                project_exists,
                targets,
            }
        })
        .collect();
    roots.sort_by(|a, b| a.project.cmp(&b.project));
    roots
}

/// Removes the roots of projects that no longer exist (the directory, or its source, is gone).
pub fn remove_stale(dirs: &Dirs) -> std::io::Result<Vec<RootEntry>> {
    let stale: Vec<RootEntry> = list(dirs)
        .into_iter()
        .filter(|r| !r.project_exists)
        .collect();
    for entry in &stale {
        std::fs::remove_dir_all(&entry.dir)?;
    }
    Ok(stale)
}
