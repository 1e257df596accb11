//! Which file imports which, both ways.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct ImportGraph {
    imports: HashMap<PathBuf, HashSet<PathBuf>>,
    importers: HashMap<PathBuf, HashSet<PathBuf>>,
}

impl ImportGraph {
    /// Replaces the imports of `file`. Only the differences to its previous imports are
    /// applied (an unchanged set costs one lookup per target).
    pub fn set_imports(&mut self, file: &Path, targets: impl IntoIterator<Item = PathBuf>) {
        let targets: HashSet<PathBuf> = targets.into_iter().collect();
        let old = self.imports.remove(file).unwrap_or_default();
        for gone in old.difference(&targets) {
            self.remove_importer(gone, file);
        }
        for new in targets.difference(&old) {
            self.add_importer(new, file);
        }
        self.imports.insert(file.to_path_buf(), targets);
    }

    /// Adds imports of `file`, keeping those it had (an over-approximation that stays safe
    /// for invalidation whatever order analyses finish in). Targets already known cost one
    /// lookup and no allocation.
    pub fn add_imports(&mut self, file: &Path, targets: impl IntoIterator<Item = PathBuf>) {
        if !self.imports.contains_key(file) {
            self.imports.insert(file.to_path_buf(), HashSet::new());
        }
        let Some(known) = self.imports.get_mut(file) else {
            return;
        };
        let mut added = Vec::new();
        for target in targets {
            if !known.contains(&target) {
                added.push(target.clone());
                known.insert(target);
            }
        }
        for target in added {
            self.add_importer(&target, file);
        }
    }

    pub fn remove(&mut self, file: &Path) {
        if let Some(old) = self.imports.remove(file) {
            for target in old {
                self.remove_importer(&target, file);
            }
        }
    }

    fn add_importer(&mut self, target: &Path, file: &Path) {
        match self.importers.get_mut(target) {
            Some(set) => {
                if !set.contains(file) {
                    set.insert(file.to_path_buf());
                }
            }
            None => {
                let set = HashSet::from([file.to_path_buf()]);
                self.importers.insert(target.to_path_buf(), set);
            }
        }
    }

    fn remove_importer(&mut self, target: &Path, file: &Path) {
        if let Some(set) = self.importers.get_mut(target) {
            set.remove(file);
            if set.is_empty() {
                self.importers.remove(target);
            }
        }
    }

    /// The files `file` imports directly, sorted.
    pub fn imports_of(&self, file: &Path) -> Vec<PathBuf> {
        sorted(self.imports.get(file))
    }

    /// The files that import `file` directly, sorted.
    pub fn importers_of(&self, file: &Path) -> Vec<PathBuf> {
        sorted(self.importers.get(file))
    }

    /// Every file that imports `file` directly or through others (not `file` itself, unless
    /// it is on a cycle), sorted. Cycles are fine.
    pub fn transitive_importers(&self, file: &Path) -> Vec<PathBuf> {
        let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
        let mut queue: VecDeque<&Path> = VecDeque::from([file]);
        while let Some(next) = queue.pop_front() {
            for importer in self.importers.get(next).into_iter().flatten() {
                if seen.insert(importer.clone()) {
                    queue.push_back(importer);
                }
            }
        }
        seen.into_iter().collect()
    }
}

fn sorted(set: Option<&HashSet<PathBuf>>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = set.into_iter().flatten().cloned().collect();
    out.sort();
    out
}
