//! The workspace: every file's text by `FileId` and path, the per-file analysis cache, and the
//! import graph (which file `import`s which).
//!
//! A `Workspace` is cheap to clone (maps of `Arc`s): the IDE keeps one in its host and hands
//! clones to snapshots. Each file's analysis is computed on first use and cached in a cell shared
//! by every snapshot that saw the same text; changing a file gives it a fresh cell, and also its
//! importers (transitively), since their analysis may depend on it.

mod analysis;
mod graph;
mod imports;

pub use analysis::AnalyzedFile;

use crate::infer::{Inference, Ty};
pub use graph::ImportGraph;
pub use imports::{file_imports, resolve_path_literal, Import, ImportKind};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A file known to the workspace. Ids are never reused: a removed file's id stays dead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

#[derive(Clone)]
struct FileEntry {
    path: Arc<Path>,
    text: Arc<str>,
    analysis: Arc<OnceLock<Arc<AnalyzedFile>>>,
}

#[derive(Clone, Default)]
pub struct Workspace {
    files: HashMap<FileId, FileEntry>,
    ids: HashMap<PathBuf, FileId>,
    next_id: u32,
    /// Who imports whom, as learned from every analysis computed so far (by any snapshot):
    /// only ever grows per file until the file is removed, so invalidation never misses an
    /// importer, and an edit costs a walk over the importers only.
    known_imports: Arc<Mutex<ImportGraph>>,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// The id of a path, allocating one if the path is new (the file has no text until set).
    pub fn file_id(&mut self, path: &Path) -> FileId {
        if let Some(id) = self.ids.get(path) {
            return *id;
        }
        let id = FileId(self.next_id);
        self.next_id += 1;
        self.ids.insert(path.to_path_buf(), id);
        id
    }

    /// The id of a known path, without allocating.
    pub fn lookup(&self, path: &Path) -> Option<FileId> {
        self.ids
            .get(path)
            .copied()
            .filter(|id| self.files.contains_key(id))
    }

    /// Sets the text of a file (adding it if new); invalidates it and the files importing it.
    pub fn set_text(&mut self, path: &Path, text: Arc<str>) -> FileId {
        let id = self.file_id(path);
        let path: Arc<Path> = Arc::from(path);
        self.invalidate_importers_of(&path);
        let old = self.files.insert(
            id,
            FileEntry {
                path,
                text,
                analysis: Arc::new(OnceLock::new()),
            },
        );
        if let Some(old) = old {
            drop_in_background(old);
        }
        id
    }

    /// Forgets a file's text; its importers are invalidated. Its id stays reserved for the path.
    pub fn remove(&mut self, id: FileId) {
        if let Some(entry) = self.files.remove(&id) {
            self.invalidate_importers_of(&entry.path);
            self.known_imports
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&entry.path);
        }
    }

    pub fn contains(&self, id: FileId) -> bool {
        self.files.contains_key(&id)
    }

    pub fn text(&self, id: FileId) -> Option<Arc<str>> {
        self.files.get(&id).map(|f| f.text.clone())
    }

    pub fn path(&self, id: FileId) -> Option<&Path> {
        self.files.get(&id).map(|f| &*f.path)
    }

    /// All files with text, sorted by id (stable order for results).
    pub fn files(&self) -> Vec<FileId> {
        let mut ids: Vec<FileId> = self.files.keys().copied().collect();
        ids.sort();
        ids
    }

    /// The analysis of a file (parsed, imports resolved), computed once per text.
    pub fn analysis(&self, id: FileId) -> Option<Arc<AnalyzedFile>> {
        let entry = self.files.get(&id)?;
        let analysis = entry.analysis.get_or_init(|| {
            // Shares the workspace's text instead of copying it (one copy per file).
            let analysis = AnalyzedFile::compute_shared(&entry.path, entry.text.clone(), &|p| {
                self.is_known_file(p)
            });
            self.known_imports
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .add_imports(
                    &entry.path,
                    analysis.imports.iter().map(|i| i.target.clone()),
                );
            Arc::new(analysis)
        });
        Some(analysis.clone())
    }

    /// Type inference of a file, computed once per text. An `import` of a workspace file gets
    /// that file's root type inferred with its own imports, transitively (at most
    /// [`MAX_IMPORT_DEPTH`] files deep; a file already on the import stack, a cycle, is `?`).
    /// Each file's root type is cached with its analysis, so an edit recomputes it for the
    /// edited file and its importers only. No cache waits on another file's cache: a root
    /// type being computed by another thread is computed again rather than awaited.
    pub fn inference(&self, id: FileId) -> Option<Arc<Inference>> {
        let file = self.analysis(id)?;
        let path = self.path(id)?.to_path_buf();
        let inference = file.inference.get_or_init(|| {
            let imports = WorkspaceImports {
                workspace: self,
                stack: vec![path],
            };
            let inference = crate::infer::infer_analysis(&file.core, &imports);
            let _ = file.root_type.set(inference.root.clone());
            Arc::new(inference)
        });
        Some(inference.clone())
    }

    /// The root type of a file for an importer whose import chain is `stack`.
    fn imported_root_type(&self, id: FileId, stack: &[PathBuf]) -> Option<Ty> {
        let file = self.analysis(id)?;
        if let Some(t) = file.root_type.get() {
            return Some(t.clone());
        }
        let mut stack = stack.to_vec();
        stack.push(self.path(id)?.to_path_buf());
        let imports = WorkspaceImports {
            workspace: self,
            stack,
        };
        let root = crate::infer::infer_analysis(&file.core, &imports).root;
        let _ = file.root_type.set(root.clone());
        Some(root)
    }

    /// Whether a path is a file (known to the workspace, or on disk).
    pub fn is_known_file(&self, path: &Path) -> bool {
        self.lookup(path).is_some() || path.is_file()
    }

    /// The import graph over all files of the workspace (analyzes every file).
    pub fn import_graph(&self) -> ImportGraph {
        let mut graph = ImportGraph::default();
        for id in self.files() {
            if let (Some(path), Some(analysis)) = (self.path(id), self.analysis(id)) {
                graph.set_imports(path, analysis.imports.iter().map(|i| i.target.clone()));
            }
        }
        graph
    }

    /// Drops the cached analysis of every file that imports `path`, directly or not. Only
    /// files already analyzed know their imports; the others have no cache to drop.
    fn invalidate_importers_of(&mut self, path: &Path) {
        let importers = self
            .known_imports
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .transitive_importers(path);
        for importer in importers {
            if let Some(id) = self.ids.get(&importer) {
                if let Some(entry) = self.files.get_mut(id) {
                    entry.analysis = Arc::new(OnceLock::new());
                }
            }
        }
    }
}

/// Frees a replaced file's analysis off the editing thread: the IR, source map and types of
/// a big file take milliseconds to free, and the edit is waiting. Small or never-analyzed
/// entries are dropped here.
fn drop_in_background(entry: FileEntry) {
    let big = entry.analysis.get().is_some() && entry.text.len() > 64 * 1024;
    if !big {
        return;
    }
    // If no thread can be made, the closure, and the entry with it, is dropped right here.
    let _ = std::thread::Builder::new()
        .name("nixty-drop".into())
        .spawn(move || drop(entry));
}

/// Files deeper in an import chain than this are `?` to their importer.
pub const MAX_IMPORT_DEPTH: usize = 16;

/// Answers `import ./x.nix` during inference from the workspace's files.
struct WorkspaceImports<'a> {
    workspace: &'a Workspace,
    /// The importing file last; the files whose inference is under way before it.
    stack: Vec<PathBuf>,
}

impl crate::infer::ImportTypes for WorkspaceImports<'_> {
    fn import_type(&self, path: &str) -> Option<Ty> {
        let importer = self.stack.last()?;
        let target = resolve_path_literal(importer, path, &|p| self.workspace.is_known_file(p))?;
        if self.stack.contains(&target) || self.stack.len() >= MAX_IMPORT_DEPTH {
            return None;
        }
        let id = self.workspace.lookup(&target)?;
        self.workspace.imported_root_type(id, &self.stack)
    }
}

#[cfg(test)]
mod tests;
