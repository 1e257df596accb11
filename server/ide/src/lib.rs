//! Editor features as plain data: byte offsets, `TextRange`s, strings. No LSP types here.
//!
//! rust-analyzer style: an [`AnalysisHost`] holds the world (file texts by [`FileId`] and path,
//! configuration) and applies changes; [`AnalysisHost::analysis`] gives an immutable, cheap,
//! `Send` snapshot, [`Analysis`], whose methods compute features on demand. Per-file results
//! (parse, lowering, resolution) are cached in `nixty_check::workspace` and shared by snapshots.
//!
//! Every method takes any offset: out-of-range offsets and unknown files give `None`/empty.

mod builtin_docs;
mod code_actions;
mod completion;
mod diagnostics;
mod document_highlight;
mod document_links;
mod document_symbols;
mod folding_ranges;
mod formatting;
mod goto_definition;
mod hover;
mod inlay_hints;
mod memory;
pub use memory::release_free_memory;
mod references;
mod rename;
mod selection_ranges;
mod semantic_tokens;
mod semantics;
mod signature_help;
mod syntax_util;
mod types_hook;
mod workspace_symbols;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use nixty_check::workspace::{AnalyzedFile, Workspace};

pub use nixty_check::workspace::FileId;
pub use nixty_check::{Config as DiagnosticsConfig, Diagnostic, Severity};
pub use nixty_parse::{LineIndex, TextRange, TextSize};

pub use code_actions::{CodeAction, CodeActionKind};
pub use completion::{CompletionItem, CompletionKind};
pub use document_highlight::{HighlightKind, HighlightedRange};
pub use document_links::{DocumentLink, LinkTarget};
pub use document_symbols::{DocumentSymbol, SymbolKind, MAX_DOCUMENT_SYMBOLS};
pub use folding_ranges::{FoldKind, FoldingRange};
pub use formatting::{FormatError, FormatterConfig};
pub use goto_definition::NavigationTarget;
pub use hover::{HoverConfig, HoverResult};
pub use inlay_hints::{InlayHint, InlayHintKind, InlayHintsConfig};
pub use references::{Reference, ReferenceKind};
pub use rename::RenameError;
pub use semantic_tokens::{SemanticModifier, SemanticToken, SemanticTokenKind};
pub use signature_help::SignatureHelp;
pub use workspace_symbols::WorkspaceSymbol;

/// Starts the background probe of `nix __dump-builtins` (builtin docs of the installed Nix).
pub use builtin_docs::start_probe as start_builtins_probe;

/// A cursor: a byte offset in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FilePosition {
    pub file: FileId,
    pub offset: TextSize,
}

/// A byte range in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileRange {
    pub file: FileId,
    pub range: TextRange,
}

/// Replace `range` by `new_text` (an insertion when the range is empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// Edits of one file, sorted by range, not overlapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdit {
    pub file: FileId,
    pub edits: Vec<TextEdit>,
}

/// Edits over several files (rename, code actions), sorted by file id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceChange {
    pub files: Vec<FileEdit>,
}

impl SourceChange {
    pub(crate) fn from_edits(mut edits: Vec<(FileId, TextEdit)>) -> SourceChange {
        edits.sort_by_key(|(file, edit)| (*file, edit.range.start(), edit.range.end()));
        edits.dedup();
        let mut files: Vec<FileEdit> = Vec::new();
        for (file, edit) in edits {
            match files.last_mut() {
                Some(last) if last.file == file => last.edits.push(edit),
                _ => files.push(FileEdit {
                    file,
                    edits: vec![edit],
                }),
            }
        }
        SourceChange { files }
    }

    pub fn is_empty(&self) -> bool {
        self.files.iter().all(|f| f.edits.is_empty())
    }
}

/// Everything the user can configure about the features.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnalysisConfig {
    pub diagnostics: DiagnosticsConfig,
    pub hover: HoverConfig,
    pub inlay_hints: InlayHintsConfig,
    pub formatter: FormatterConfig,
}

/// The mutable world: file texts and configuration. Apply edits here (synchronously, in
/// order), then take [`AnalysisHost::analysis`] snapshots for requests.
pub struct AnalysisHost {
    workspace: Workspace,
    config: Arc<AnalysisConfig>,
    /// The snapshot of the current state, shared by requests until the next change.
    snapshot: std::sync::Mutex<Option<Analysis>>,
}

impl Default for AnalysisHost {
    fn default() -> AnalysisHost {
        memory::disable_transparent_huge_pages();
        AnalysisHost {
            workspace: Workspace::default(),
            config: Arc::default(),
            snapshot: std::sync::Mutex::default(),
        }
    }
}

impl AnalysisHost {
    pub fn new() -> AnalysisHost {
        AnalysisHost::default()
    }

    /// Sets (or adds) the text of the file at `path`. Paths are the host's keys: use absolute,
    /// normalized paths (the LSP layer maps URIs to paths).
    pub fn set_file_text(&mut self, path: &Path, text: impl Into<Arc<str>>) -> FileId {
        self.changed();
        self.workspace.set_text(path, text.into())
    }

    fn changed(&mut self) {
        *self.snapshot.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Forgets a file (closed and deleted). Its id stays bound to its path.
    pub fn remove_file(&mut self, file: FileId) {
        self.changed();
        self.workspace.remove(file);
    }

    /// The id of a file with text in the host.
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.workspace.lookup(path)
    }

    pub fn set_config(&mut self, config: AnalysisConfig) {
        self.changed();
        self.config = Arc::new(config);
    }

    pub fn config(&self) -> &AnalysisConfig {
        &self.config
    }

    /// An immutable snapshot of the current world; cheap to take and to clone.
    pub fn analysis(&self) -> Analysis {
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        snapshot
            .get_or_insert_with(|| Analysis {
                db: Arc::new(Db {
                    workspace: self.workspace.clone(),
                    config: self.config.clone(),
                    import_graph: std::sync::OnceLock::new(),
                }),
            })
            .clone()
    }
}

pub(crate) struct Db {
    pub(crate) workspace: Workspace,
    pub(crate) config: Arc<AnalysisConfig>,
    import_graph: std::sync::OnceLock<nixty_check::workspace::ImportGraph>,
}

impl Db {
    pub(crate) fn file(&self, file: FileId) -> Option<Arc<AnalyzedFile>> {
        self.workspace.analysis(file)
    }

    /// The import graph of all files; the first call analyzes every file (on all cores).
    pub(crate) fn import_graph(&self) -> &nixty_check::workspace::ImportGraph {
        self.import_graph.get_or_init(|| {
            use rayon::prelude::*;
            self.workspace.files().par_iter().for_each(|file| {
                let _ = self.workspace.analysis(*file);
            });
            self.workspace.import_graph()
        })
    }
}

/// An immutable snapshot of the world. Every method computes a feature on demand; per-file
/// analysis is cached and shared with other snapshots of the same text.
#[derive(Clone)]
pub struct Analysis {
    db: Arc<Db>,
}

impl Analysis {
    pub fn file_text(&self, file: FileId) -> Option<Arc<str>> {
        self.db.workspace.text(file)
    }

    pub fn file_path(&self, file: FileId) -> Option<PathBuf> {
        self.db.workspace.path(file).map(Path::to_path_buf)
    }

    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.db.workspace.lookup(path)
    }

    /// All files with text, by id.
    pub fn files(&self) -> Vec<FileId> {
        self.db.workspace.files()
    }

    /// Byte offset ↔ line/column (UTF-8 and UTF-16) of a file.
    pub fn line_index(&self, file: FileId) -> Option<Arc<LineIndex>> {
        Some(self.db.file(file)?.line_index.clone())
    }

    pub fn config(&self) -> &AnalysisConfig {
        &self.db.config
    }

    /// Syntax, name and type diagnostics, with the configuration applied.
    pub fn diagnostics(&self, file: FileId) -> Vec<Diagnostic> {
        diagnostics::diagnostics(&self.db, file)
    }

    pub fn hover(&self, position: FilePosition) -> Option<HoverResult> {
        hover::hover(&self.db, position)
    }

    pub fn goto_definition(&self, position: FilePosition) -> Vec<NavigationTarget> {
        goto_definition::goto_definition(&self.db, position)
    }

    /// The definition of the type of the name at the cursor (today: the value's definition
    /// when it is a set or a function defined in the workspace).
    pub fn goto_type_definition(&self, position: FilePosition) -> Vec<NavigationTarget> {
        goto_definition::goto_type_definition(&self.db, position)
    }

    /// Uses of the name at the cursor in the workspace; with `include_declaration`, also its
    /// definition(s).
    pub fn references(&self, position: FilePosition, include_declaration: bool) -> Vec<Reference> {
        references::references(&self.db, position, include_declaration)
    }

    /// The range of the name that a rename at this position would change.
    pub fn prepare_rename(&self, position: FilePosition) -> Result<TextRange, RenameError> {
        rename::prepare_rename(&self.db, position)
    }

    pub fn rename(
        &self,
        position: FilePosition,
        new_name: &str,
    ) -> Result<SourceChange, RenameError> {
        rename::rename(&self.db, position, new_name)
    }

    pub fn document_highlight(&self, position: FilePosition) -> Vec<HighlightedRange> {
        document_highlight::document_highlight(&self.db, position)
    }

    pub fn completions(&self, position: FilePosition) -> Vec<CompletionItem> {
        completion::completions(&self.db, position)
    }

    pub fn signature_help(&self, position: FilePosition) -> Option<SignatureHelp> {
        signature_help::signature_help(&self.db, position)
    }

    /// The outline of a file: at most [`MAX_DOCUMENT_SYMBOLS`], outer levels first.
    pub fn document_symbols(&self, file: FileId) -> Vec<DocumentSymbol> {
        document_symbols::document_symbols(&self.db, file).0
    }

    /// [`Analysis::document_symbols`], and how many symbols the file has when the outline
    /// could not hold them all (a lower bound past 80 000).
    pub fn document_symbols_counted(&self, file: FileId) -> (Vec<DocumentSymbol>, Option<usize>) {
        document_symbols::document_symbols(&self.db, file)
    }

    /// Symbols of every file in the host whose name matches `query` (fuzzy, case-insensitive),
    /// at most `limit`.
    pub fn workspace_symbols(&self, query: &str, limit: usize) -> Vec<WorkspaceSymbol> {
        workspace_symbols::workspace_symbols(&self.db, query, limit)
    }

    /// Semantic tokens of the whole file, or of those intersecting `range`, sorted.
    pub fn semantic_tokens(&self, file: FileId, range: Option<TextRange>) -> Vec<SemanticToken> {
        semantic_tokens::semantic_tokens(&self.db, file, range)
    }

    pub fn folding_ranges(&self, file: FileId) -> Vec<FoldingRange> {
        folding_ranges::folding_ranges(&self.db, file)
    }

    /// For each offset, the ranges around it from the innermost to the whole file.
    pub fn selection_ranges(&self, file: FileId, offsets: &[TextSize]) -> Vec<Vec<TextRange>> {
        selection_ranges::selection_ranges(&self.db, file, offsets)
    }

    pub fn document_links(&self, file: FileId) -> Vec<DocumentLink> {
        document_links::document_links(&self.db, file)
    }

    /// Quick fixes and refactorings available for the selection `range`.
    pub fn code_actions(&self, range: FileRange) -> Vec<CodeAction> {
        code_actions::code_actions(&self.db, range)
    }

    /// Edits that format the whole file.
    pub fn format(&self, file: FileId) -> Result<Vec<TextEdit>, FormatError> {
        formatting::format(&self.db, file)
    }

    /// Inlay hints of the file, or of `range`.
    pub fn inlay_hints(&self, file: FileId, range: Option<TextRange>) -> Vec<InlayHint> {
        inlay_hints::inlay_hints(&self.db, file, range)
    }
}
