//! The allowlist: which project roots the user allowed (or denied), with the content hashes of
//! the source and its project-local inputs at the time. Any change to them asks again.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::dirs::{now_rfc3339, write_atomic, Dirs};
use crate::discover::Project;
use crate::inputs::Inputs;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrustState {
    Allowed,
    /// The user said no; not asked again until allowed explicitly.
    Denied,
    /// Never decided.
    Unknown,
    /// Allowed once, but these inputs changed (or appeared, or disappeared) since.
    Changed(Vec<PathBuf>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Decision {
    Allow,
    Deny,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Entry {
    decision: Decision,
    source: String,
    /// Absolute path → SHA-256 hex.
    files: BTreeMap<String, String>,
    decided_at: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct TrustFile {
    #[serde(default)]
    projects: BTreeMap<String, Entry>,
}

/// The files whose content trust covers: the Nix code, not `flake.lock` (updating pins is a
/// deliberate `nix flake update`; the lock still keys the cache).
fn trusted_files(inputs: &Inputs) -> BTreeMap<String, String> {
    inputs
        .files
        .iter()
        .filter(|(path, _)| !path.ends_with("flake.lock"))
        .map(|(path, hash)| (path.to_string_lossy().into_owned(), hash.clone()))
        .collect()
}

fn key(root: &Path) -> String {
    root.to_string_lossy().into_owned()
}

fn load(path: &Path) -> TrustFile {
    // An unreadable or corrupt store trusts nothing (it never grants by accident).
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Whether `project` with these `inputs` may be evaluated.
pub fn check(dirs: &Dirs, project: &Project, inputs: &Inputs) -> TrustState {
    let store = load(&dirs.trust_file());
    let Some(entry) = store.projects.get(&key(&project.root)) else {
        return TrustState::Unknown;
    };
    match entry.decision {
        Decision::Deny => TrustState::Denied,
        Decision::Allow => {
            let current = trusted_files(inputs);
            let mut changed: Vec<PathBuf> = current
                .iter()
                .filter(|(p, h)| entry.files.get(*p) != Some(*h))
                .map(|(p, _)| PathBuf::from(p))
                .chain(
                    entry
                        .files
                        .keys()
                        .filter(|p| !current.contains_key(*p))
                        .map(PathBuf::from),
                )
                .collect();
            if entry.source != project.kind.file_name() {
                changed.push(project.source_file());
            }
            if changed.is_empty() {
                TrustState::Allowed
            } else {
                changed.sort();
                changed.dedup();
                TrustState::Changed(changed)
            }
        }
    }
}

pub fn allow(dirs: &Dirs, project: &Project, inputs: &Inputs) -> std::io::Result<()> {
    let files = trusted_files(inputs);
    update(dirs, |store| {
        store.projects.insert(
            key(&project.root),
            Entry {
                decision: Decision::Allow,
                source: project.kind.file_name().to_string(),
                files,
                decided_at: now_rfc3339(),
            },
        );
    })
}

pub fn deny(dirs: &Dirs, project: &Project) -> std::io::Result<()> {
    update(dirs, |store| {
        store.projects.insert(
            key(&project.root),
            Entry {
                decision: Decision::Deny,
                source: project.kind.file_name().to_string(),
                files: BTreeMap::new(),
                decided_at: now_rfc3339(),
            },
        );
    })
}

/// Read-modify-write under a lock file, so concurrent nixty processes do not lose decisions.
fn update(dirs: &Dirs, change: impl FnOnce(&mut TrustFile)) -> std::io::Result<()> {
    let path = dirs.trust_file();
    std::fs::create_dir_all(&dirs.data)?;
    let lock = File::create(dirs.data.join("trust.lock"))?;
    lock.lock()?;
    let mut store = load(&path);
    change(&mut store);
    let json = serde_json::to_vec_pretty(&store).map_err(std::io::Error::other)?;
    write_atomic(&path, &json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::SourceKind;
    use crate::inputs::collect;

    #[test]
    fn allow_then_edit_asks_again_and_deny_sticks() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap().join("p");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("shell.nix"), "import ./lib.nix").unwrap();
        std::fs::write(root.join("lib.nix"), "1").unwrap();
        let dirs = Dirs::under(&tmp.path().join("xdg"));
        let project = Project {
            root: root.clone(),
            kind: SourceKind::Shell,
        };

        assert_eq!(
            check(&dirs, &project, &collect(&project)),
            TrustState::Unknown
        );
        allow(&dirs, &project, &collect(&project)).unwrap();
        assert_eq!(
            check(&dirs, &project, &collect(&project)),
            TrustState::Allowed
        );

        std::fs::write(root.join("lib.nix"), "2").unwrap();
        assert_eq!(
            check(&dirs, &project, &collect(&project)),
            TrustState::Changed(vec![root.join("lib.nix")])
        );

        deny(&dirs, &project).unwrap();
        assert_eq!(
            check(&dirs, &project, &collect(&project)),
            TrustState::Denied
        );
    }
}
