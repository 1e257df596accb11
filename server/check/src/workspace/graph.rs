//! Which file imports which, both ways.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct ImportGraph {
    imports: HashMap<PathBuf, BTreeSet<PathBuf>>,
    importers: HashMap<PathBuf, BTreeSet<PathBuf>>,
}

impl ImportGraph {
    /// Replaces the imports of `file`.
    pub fn set_imports(&mut self, file: &Path, targets: impl IntoIterator<Item = PathBuf>) {
        self.remove(file);
        let targets: BTreeSet<PathBuf> = targets.into_iter().collect();
        for target in &targets {
            self.importers
                .entry(target.clone())
                .or_default()
                .insert(file.to_path_buf());
        }
        self.imports.insert(file.to_path_buf(), targets);
    }

    /// Adds imports of `file`, keeping those it had (an over-approximation that stays safe
    /// for invalidation whatever order analyses finish in).
    pub fn add_imports(&mut self, file: &Path, targets: impl IntoIterator<Item = PathBuf>) {
        let entry = self.imports.entry(file.to_path_buf()).or_default();
        for target in targets {
            self.importers
                .entry(target.clone())
                .or_default()
                .insert(file.to_path_buf());
            entry.insert(target);
        }
    }

    pub fn remove(&mut self, file: &Path) {
        if let Some(old) = self.imports.remove(file) {
            for target in old {
                if let Some(set) = self.importers.get_mut(&target) {
                    set.remove(file);
                }
            }
        }
    }

    /// The files `file` imports directly.
    pub fn imports_of(&self, file: &Path) -> Vec<PathBuf> {
        self.imports
            .get(file)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The files that import `file` directly.
    pub fn importers_of(&self, file: &Path) -> Vec<PathBuf> {
        self.importers
            .get(file)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Every file that imports `file` directly or through others (not `file` itself, unless
    /// it is on a cycle). Cycles are fine.
    pub fn transitive_importers(&self, file: &Path) -> Vec<PathBuf> {
        let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
        let mut queue: VecDeque<PathBuf> = VecDeque::from([file.to_path_buf()]);
        while let Some(next) = queue.pop_front() {
            for importer in self.importers_of(&next) {
                if seen.insert(importer.clone()) {
                    queue.push_back(importer);
                }
            }
        }
        seen.into_iter().collect()
    }
}
