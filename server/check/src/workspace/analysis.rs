//! What nixty knows about one file of the workspace: the core analysis of its text (parse, IR,
//! scopes, resolution, diagnostics), the files it imports, and an index from each bound name
//! to its value. Computed once per file text and shared between snapshots.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use nixty_parse::LineIndex;
use rustc_hash::FxHashMap;

use super::imports::{module_imports, Import};
use crate::infer::{Inference, Ty};
use crate::ir::{BindingValue, Expr, ExprId, NameId};
use crate::FileAnalysis;

pub struct AnalyzedFile {
    pub core: FileAnalysis,
    pub line_index: Arc<LineIndex>,
    pub imports: Vec<Import>,
    /// For each name bound by a `let`/set binding: the expression owning the binding list
    /// (`LetIn` or `AttrSet`) and the binding's value.
    pub bindings: FxHashMap<NameId, (ExprId, BindingValue)>,
    /// For each parameter, pattern field and `@` alias: its lambda.
    pub lambda_of: FxHashMap<NameId, ExprId>,
    /// Type inference of the file, computed on first use (see `Workspace::inference`).
    pub(super) inference: OnceLock<Arc<Inference>>,
    /// The root type inferred with this file's own imports (transitively, cycles cut to
    /// `?`): what importers see. Filled by the first inference that needs it, never waited
    /// on (two threads may both compute it; the first to finish stores it).
    pub(super) root_type: OnceLock<Ty>,
}

impl AnalyzedFile {
    /// Analyzes `text` (copied; [`AnalyzedFile::compute_shared`] keeps the caller's `Arc`).
    pub fn compute(path: &Path, text: &str, is_file: &dyn Fn(&Path) -> bool) -> AnalyzedFile {
        AnalyzedFile::compute_shared(path, Arc::from(text), is_file)
    }

    /// Analyzes a text the workspace already holds: the analysis shares it, and its line index
    /// is the core analysis's own.
    pub fn compute_shared(
        path: &Path,
        text: Arc<str>,
        is_file: &dyn Fn(&Path) -> bool,
    ) -> AnalyzedFile {
        let core = FileAnalysis::from_shared_text(text);
        let imports = module_imports(core.module(), core.source_map(), path, is_file);
        // Ids are small integers: a fast hash, and room for every name up front.
        let names = core.module().name_count();
        let mut bindings = FxHashMap::with_capacity_and_hasher(names, Default::default());
        let mut lambda_of = FxHashMap::default();
        for (id, expr) in core.module().exprs() {
            match expr {
                Expr::LetIn { bindings: list, .. } | Expr::AttrSet { bindings: list, .. } => {
                    for binding in &list.statics {
                        bindings.insert(binding.name, (id, binding.value));
                    }
                }
                Expr::Lambda { param, pattern, .. } => {
                    for name in param
                        .iter()
                        .copied()
                        .chain(pattern.iter().flat_map(|p| p.fields.iter().map(|f| f.name)))
                    {
                        lambda_of.insert(name, id);
                    }
                }
                _ => {}
            }
        }
        AnalyzedFile {
            line_index: core.shared_line_index(),
            core,
            imports,
            bindings,
            lambda_of,
            inference: OnceLock::new(),
            root_type: OnceLock::new(),
        }
    }
}
