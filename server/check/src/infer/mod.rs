//! Type inference (types.md): bidirectional, with occurrence typing, use-inferred lambda
//! parameters, schematic builtins, annotation comments and RFC 145 doc signatures.
//!
//! Entry point: [`infer_file`] → [`Inference`], which answers the editor's questions as plain
//! data: the root type, the type at an offset (hover, `nixty type --at`), the types of
//! bindings and parameters (inlay hints), the fields at `e.` (completion), the expected
//! record of an argument (missing fields), the callee type of a call (signature help).

pub mod algebra;
mod annot;
pub mod builtin_types;
pub mod codes;
mod index;
mod scheme;
pub mod sig;
pub mod ty;
mod walk;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod walk_tests;

use std::path::{Path, PathBuf};

use nixty_parse::{ast, TextRange, TextSize};
use rowan::ast::AstNode;

pub use ty::{Show, Ty};

use crate::{Diagnostic, FileAnalysis};

/// Supplies the root type of an imported file (the workspace layer implements this; cycles
/// must be cut by the implementer, answering `None`, which means `?`).
pub trait ImportTypes: Sync {
    /// `path` is the path literal as written (`./lib.nix`), relative to the importing file.
    fn import_type(&self, path: &str) -> Option<Ty>;
}

/// No cross-file knowledge: every import is `?`.
pub struct NoImports;

impl ImportTypes for NoImports {
    fn import_type(&self, _path: &str) -> Option<Ty> {
        None
    }
}

/// What kind of name a [`NameType`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Let,
    Param,
    PatternField,
    Attr,
}

/// The type of a bound name (let binding, parameter, pattern field, attribute).
#[derive(Clone, Debug)]
pub struct NameType {
    /// The name's range at its definition.
    pub range: TextRange,
    pub name: String,
    pub kind: NameKind,
    pub ty: Ty,
    /// The annotation text, when the name is annotated.
    pub annotation: Option<String>,
}

/// The result of inferring one file.
#[derive(Clone, Debug, Default)]
pub struct Inference {
    pub root: Ty,
    /// The type of every expression node (a range recorded more than once, e.g. a
    /// parenthesized expression, has the union of its types in its first entry; lookups read
    /// that one).
    pub exprs: Vec<(TextRange, Ty)>,
    pub names: Vec<NameType>,
    pub diagnostics: Vec<Diagnostic>,
    /// Inference ran out of fuel: parts of the file are `?`.
    pub fuel_exhausted: bool,
    /// Inference stopped on an internal error (a bug): everything is `?`. The caller is
    /// protected; tests assert this never happens on real code.
    pub internal_error: bool,
    /// Sorted views of `exprs` and `names` for O(log n) lookups (built by the engine).
    index: index::Index,
}

/// Infers a parsed file. `imports` answers `import ./x.nix`. Lowers the file to the IR first;
/// callers that already have a [`FileAnalysis`] use [`infer_analysis`] instead.
pub fn infer_root(root: &ast::Root, imports: &dyn ImportTypes) -> Inference {
    let green = root.syntax().green().to_owned();
    on_inference_stack(move || {
        let node = nixty_parse::SyntaxNode::new_root(green);
        let text = node.text().to_string();
        let lowered = crate::lower::lower(&node);
        let (_, names) = crate::resolve::resolve_module(&lowered.module);
        infer_ir(
            &text,
            &node,
            &lowered.module,
            &lowered.source_map,
            &names,
            imports,
        )
    })
}

/// Infers a file from its analysis (reuses its IR, source map and name resolution).
pub fn infer_analysis(analysis: &FileAnalysis, imports: &dyn ImportTypes) -> Inference {
    on_inference_stack(|| {
        let node = analysis.syntax();
        infer_ir(
            analysis.text(),
            &node,
            analysis.module(),
            analysis.source_map(),
            analysis.names(),
            imports,
        )
    })
}

/// The walk over one file's IR. `root` is the syntax tree the IR was lowered from (only its
/// comments are read: annotations and doc comments).
fn infer_ir(
    text: &str,
    root: &nixty_parse::SyntaxNode,
    module: &crate::ir::Module,
    source_map: &crate::lower::SourceMap,
    names: &crate::resolve::NameResolution,
    imports: &dyn ImportTypes,
) -> Inference {
    // Three passes refine parameter demands through let-bound helpers; big files get two.
    let passes = if text.len() < 200_000 { 3 } else { 2 };
    let comments = walk::comments::Comments::collect(root, source_map);
    let input = walk::Input {
        text,
        module,
        source_map,
        names,
        comments: &comments,
        imports,
    };
    walk::Engine::run(&input, passes)
}

/// Runs `f` on a helper thread with a large stack, so that the deepest IR the lowering lets
/// through cannot overflow the caller's; a panic (a bug) becomes `internal_error`. An
/// inference started from inside another (an imported file, through [`ImportTypes`]) runs
/// inline on the same big stack: each walk is bounded in depth, and so is the import chain.
fn on_inference_stack<F: FnOnce() -> Inference + Send>(f: F) -> Inference {
    let failed = || Inference {
        root: Ty::dyn_(),
        internal_error: true,
        ..Inference::default()
    };
    if INFERENCE_NESTING.with(|n| n.get()) > 0 {
        if INFERENCE_NESTING.with(|n| n.get()) > MAX_INLINE_NESTING {
            return Inference {
                root: Ty::dyn_(),
                ..Inference::default()
            };
        }
        INFERENCE_NESTING.with(|n| n.set(n.get() + 1));
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        INFERENCE_NESTING.with(|n| n.set(n.get() - 1));
        return out.unwrap_or_else(|_| failed());
    }
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("nixty-infer".into())
            .stack_size(INFER_STACK)
            .spawn_scoped(scope, || {
                INFERENCE_NESTING.with(|n| n.set(1));
                f()
            }) {
            Ok(handle) => handle.join().unwrap_or_else(|_| failed()),
            // No thread (resource limits): answer `?` rather than risk the caller's stack.
            Err(_) => Inference {
                root: Ty::dyn_(),
                ..Inference::default()
            },
        }
    })
}

thread_local! {
    /// How many inferences are under way on this thread (only inference threads count).
    static INFERENCE_NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Inferences nested on one inference thread (import chains are shorter: 16 files).
const MAX_INLINE_NESTING: u32 = 24;

/// Stack of the inference thread (reserved address space; only used pages are committed).
const INFER_STACK: usize = 256 << 20;

/// The range of a file's root expression (where `nixty type` without `--at` points).
pub fn root_expr_range(root: &ast::Root) -> Option<TextRange> {
    root.expr().map(|e| e.syntax().text_range())
}

/// Parses and infers a file's text.
pub fn infer_text(text: &str, imports: &dyn ImportTypes) -> Inference {
    let parsed = nixty_parse::parse(text);
    infer_root(&parsed.root(), imports)
}

impl Inference {
    /// Sorts the recorded types for lookups; call after filling `exprs` and `names`.
    pub(crate) fn build_index(&mut self) {
        self.index = index::Index::build(&mut self.exprs, &self.names);
    }

    /// The type of the expression at exactly `range` (the union of its recorded types).
    fn joined(&self, range: TextRange) -> Option<Ty> {
        self.index
            .expr_exact(&self.exprs, range)
            .map(|i| self.exprs[i].1.clone())
    }

    /// The type of the innermost expression or name covering `offset`.
    pub fn type_at(&self, offset: TextSize) -> Option<(TextRange, Ty)> {
        // A name at its definition wins (parameters, bindings).
        let name = self.index.name_at(&self.names, offset);
        let expr = self.index.expr_at(&self.exprs, offset);
        match (name, expr) {
            (Some(n), Some(e)) if self.exprs[e].0.len() < n.len() => Some(self.exprs[e].clone()),
            (Some(n), _) => Some((n, self.name_type(n)?)),
            (None, Some(e)) => Some(self.exprs[e].clone()),
            (None, None) => None,
        }
    }

    /// The type of the innermost expression covering `range` exactly or containing it.
    pub fn type_of_range(&self, range: TextRange) -> Option<(TextRange, Ty)> {
        let i = self.index.expr_containing(&self.exprs, range)?;
        Some(self.exprs[i].clone())
    }

    /// The type of the name (definition or reference) recorded at exactly `range`: the union
    /// of its records (a lambda checked once per arrow records its names once per arrow).
    pub fn name_type(&self, range: TextRange) -> Option<Ty> {
        self.index
            .names_at_range(&self.names, range)
            .map(|n| n.ty.clone())
            .reduce(|a, b| a.union(&b))
    }

    /// Types of let bindings and lambda parameters, for inlay hints (one per definition, in
    /// source order).
    pub fn binding_types(&self) -> Vec<NameType> {
        let mut out: Vec<NameType> = Vec::new();
        let definitions = self.index.names_in_order(&self.names).filter(|n| {
            matches!(
                n.kind,
                NameKind::Let | NameKind::Param | NameKind::PatternField
            )
        });
        // Records of one name are adjacent in range order: merge them.
        for n in definitions {
            match out.last_mut() {
                Some(o) if o.range == n.range => o.ty = o.ty.union(&n.ty),
                _ => out.push(n.clone()),
            }
        }
        out
    }

    /// The fields of the type of the expression ending right before `dot_offset` (`e.|`),
    /// with their types, for completion: `(name, type, optional)`.
    pub fn fields_at(&self, expr_range: TextRange) -> Vec<(String, Ty, bool)> {
        let Some(t) = self.joined(expr_range) else {
            return vec![];
        };
        fields_of(&t)
    }
}

/// The named fields of a (union of) record type(s): `(name, type, optional)`.
pub fn fields_of(t: &Ty) -> Vec<(String, Ty, bool)> {
    let mut out: Vec<(String, Ty, bool)> = Vec::new();
    for r in &t.attrs {
        for (name, f) in r.fields.iter() {
            match out.iter_mut().find(|(n, _, _)| n == name) {
                Some(o) => {
                    o.1 = o.1.union(&f.ty);
                    o.2 |= f.optional;
                }
                None => out.push((name.clone(), f.ty.clone(), f.optional)),
            }
        }
    }
    // A field missing from some member of the union is optional.
    for o in &mut out {
        if t.attrs.iter().any(|r| !r.fields.contains_key(&o.0)) {
            o.2 = true;
        }
    }
    out
}

/// For a call `f { … }` (or a partial `f`), the record type `f` expects: the domain of the
/// function at `callee_range`, when it is a record (missing-field completion, signature help).
pub fn expected_record(inference: &Inference, callee_range: TextRange) -> Option<Ty> {
    let f = inference.joined(callee_range)?;
    let dom = f.domain();
    if dom.attrs.is_empty() || dom.dyn_ {
        return None;
    }
    Some(dom)
}

/// The type of the function at `callee_range` (signature help).
pub fn callee_type(inference: &Inference, callee_range: TextRange) -> Option<Ty> {
    let f = inference.joined(callee_range)?;
    if f.funs.is_empty() {
        return None;
    }
    Some(f)
}

/// Reads a type written in the annotation grammar of types.md (what [`display`] prints).
pub fn parse_written_type(text: &str) -> Result<Ty, sig::SigError> {
    sig::parse_type(text).map(|t| scheme::instantiate(&t, &Default::default()))
}

/// Displays a type for users with the type algebra's printer: the syntax of types.md,
/// singletons widened (`Int`) unless they form a union of literals, long types folded with `…`
/// past `max_len` characters.
pub fn display(t: &Ty, max_len: usize) -> String {
    algebra::display(t, max_len)
}

/// Imports resolved by reading files from disk (the CLI's resolver): a relative path literal is
/// resolved against the importing file's folder, a folder means its `default.nix`; cycles and
/// depth beyond 16 files answer `?`.
pub struct FsImports {
    pub dir: PathBuf,
    stack: Vec<PathBuf>,
    /// Root types of files already inferred (shared by the nested resolvers of one run).
    cache: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<PathBuf, Ty>>>,
}

impl FsImports {
    pub fn for_file(file: &Path) -> FsImports {
        FsImports {
            dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
            stack: vec![file.canonicalize().unwrap_or_else(|_| file.to_path_buf())],
            cache: Default::default(),
        }
    }
}

impl FsImports {
    /// Like [`FsImports::for_file`], sharing `other`'s cache of root types (for a run over
    /// many files of one tree: each imported file is inferred once).
    pub fn for_file_sharing(file: &Path, other: &FsImports) -> FsImports {
        FsImports {
            cache: other.cache.clone(),
            ..FsImports::for_file(file)
        }
    }
}

impl ImportTypes for FsImports {
    fn import_type(&self, path: &str) -> Option<Ty> {
        if self.stack.len() > 16 {
            return None;
        }
        let mut target = if path.starts_with('/') {
            PathBuf::from(path)
        } else {
            self.dir.join(path)
        };
        if target.is_dir() {
            target = target.join("default.nix");
        }
        let canonical = target.canonicalize().ok()?;
        if self.stack.contains(&canonical) {
            return None;
        }
        if let Some(t) = self.cache.lock().ok()?.get(&canonical) {
            return Some(t.clone());
        }
        let bytes = std::fs::read(&canonical).ok()?;
        let text = nixty_parse::decode_source(&bytes).ok()?;
        let mut stack = self.stack.clone();
        stack.push(canonical.clone());
        let inner = FsImports {
            dir: canonical
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            stack,
            cache: self.cache.clone(),
        };
        let root = infer_text(text, &inner).root;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(canonical, root.clone());
        }
        Some(root)
    }
}
