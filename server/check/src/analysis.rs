//! [`FileAnalysis`]: everything nixty knows about one file's text, computed once, shared by
//! reference (wrap it in an `Arc`) between the CLI, the IDE features and inference.

use std::sync::Arc;

use nixty_parse::{parse, with_stack_for_depth, LineIndex, Parse, SyntaxNode, TextRange, TextSize};

use crate::codes::Code;
use crate::ir::{Expr, ExprId, Module};
use crate::lower::{lower, SourceMap};
use crate::resolve::{resolve_module, NameResolution, ScopeId, Scopes, VisibleName};
use crate::{lints, Diagnostic};

/// Parse, IR, source map, scopes, name resolution and diagnostics of one file.
/// Immutable once built; `Send + Sync`. The text and line index are shared (`Arc`) with
/// whoever else needs them (the workspace), never copied.
#[derive(Debug)]
pub struct FileAnalysis {
    text: Arc<str>,
    parse: Parse,
    line_index: Arc<LineIndex>,
    module: Module,
    source_map: SourceMap,
    scopes: Scopes,
    names: NameResolution,
    diagnostics: Vec<Diagnostic>,
    walk_depth: usize,
}

impl FileAnalysis {
    /// Analyzes one file's text (already decoded with `nixty_parse::decode_source`).
    pub fn new(text: &str) -> FileAnalysis {
        FileAnalysis::from_shared_text(Arc::from(text))
    }

    /// [`FileAnalysis::new`] on a text the caller already holds in an `Arc` (kept, not copied).
    pub fn from_shared_text(text: Arc<str>) -> FileAnalysis {
        let parse = parse(&text);
        let root = parse.syntax();
        // Lowering, resolution and lints recurse over the tree: give deep trees a deep stack.
        let depth = crate::lower::depth_bound(&root);
        let green = root.green().to_owned();
        drop(root);
        let (lowered, scopes, names, lint_diagnostics) = with_stack_for_depth(depth, move || {
            let root = SyntaxNode::new_root(green);
            let lowered = lower(&root);
            let (scopes, names) = resolve_module(&lowered.module);
            let lints = lints::run(&lowered.module, &lowered.source_map, &scopes, &names);
            (lowered, scopes, names, lints)
        });
        let mut diagnostics: Vec<Diagnostic> = parse
            .errors
            .iter()
            .map(|e| {
                let code = if e.too_deep {
                    Code::NestedTooDeeply
                } else {
                    Code::SyntaxError
                };
                Diagnostic::from_code(code, e.range, e.message.clone())
            })
            .collect();
        diagnostics.extend(lowered.diagnostics);
        diagnostics.extend(lint_diagnostics);
        diagnostics.sort_by(|a, b| {
            (a.range.start(), a.range.end(), &a.code).cmp(&(
                b.range.start(),
                b.range.end(),
                &b.code,
            ))
        });
        FileAnalysis {
            line_index: Arc::new(LineIndex::new(&text)),
            text,
            parse,
            module: lowered.module,
            source_map: lowered.source_map,
            scopes,
            names,
            diagnostics,
            walk_depth: depth,
        }
    }

    /// The analyzed text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The analyzed text, shared.
    pub fn shared_text(&self) -> Arc<str> {
        self.text.clone()
    }

    /// The parse (tree and syntax errors).
    pub fn parse(&self) -> &Parse {
        &self.parse
    }

    /// The root syntax node (a fresh red tree over the shared green tree; cheap).
    pub fn syntax(&self) -> SyntaxNode {
        self.parse.syntax()
    }

    /// Byte offset ↔ line/column conversions for this text.
    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// The line index, shared.
    pub fn shared_line_index(&self) -> Arc<LineIndex> {
        self.line_index.clone()
    }

    /// The IR.
    pub fn module(&self) -> &Module {
        &self.module
    }

    /// IR ↔ syntax links.
    pub fn source_map(&self) -> &SourceMap {
        &self.source_map
    }

    /// The scope tree.
    pub fn scopes(&self) -> &Scopes {
        &self.scopes
    }

    /// Resolutions of references and references of names.
    pub fn names(&self) -> &NameResolution {
        &self.names
    }

    /// All diagnostics of the analysis core with default severities, sorted by position
    /// (apply a [`crate::Config`] to filter them).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The innermost expression whose syntax contains `offset` (parentheses count as their
    /// content), if any.
    pub fn expr_at(&self, offset: TextSize) -> Option<ExprId> {
        let root = self.syntax();
        if offset > root.text_range().end() {
            return None;
        }
        let token = root
            .token_at_offset(offset)
            .right_biased()
            .or_else(|| root.last_token())?;
        token
            .parent_ancestors()
            .find_map(|node| self.source_map.expr_for_node(&node))
    }

    /// The scope at `offset`: inside a `let`, `rec` set, lambda or `with` (past its first
    /// token), the scope it opens; otherwise the scope of the innermost expression.
    pub fn scope_at(&self, offset: TextSize) -> ScopeId {
        let Some(mut expr) = self.expr_at(offset) else {
            return self.scopes.global();
        };
        // Bounded: each step moves to a strictly enclosing node.
        for _ in 0..=nixty_parse::MAX_TREE_DEPTH {
            let range = self.source_map.expr_range(expr);
            if let Some(inner) = self.scopes.inner_scope(expr) {
                let inside = range.start() < offset && offset <= range.end();
                // `with e;`: only the body sees the `with`.
                let in_body = match &self.module[expr] {
                    Expr::With { env, .. } => offset > self.source_map.expr_range(*env).end(),
                    _ => true,
                };
                if inside && in_body {
                    return inner;
                }
            }
            if let Some(scope) = self.scopes.scope_for_expr(expr) {
                return scope;
            }
            // Unreachable code (e.g. a forbidden `inherit ${…}`): fall back to the enclosing
            // syntax, which is strictly larger, so this ends.
            match self.parent_expr(expr) {
                Some(parent) if self.expr_range(parent).contains_range(range) => expr = parent,
                _ => return self.scopes.global(),
            }
        }
        self.scopes.global()
    }

    /// Names visible at `offset` (for completion).
    pub fn visible_names_at(&self, offset: TextSize) -> Vec<VisibleName> {
        self.scopes.visible_names(self.scope_at(offset))
    }

    fn parent_expr(&self, expr: ExprId) -> Option<ExprId> {
        let ptr = self.source_map.expr_syntax(expr)?;
        let node = ptr.try_to_node(&self.syntax())?;
        // Several nodes may map to one expression (`(e)`, `${e}`): skip those.
        node.ancestors()
            .skip(1)
            .filter_map(|n| self.source_map.expr_for_node(&n))
            .find(|parent| *parent != expr)
    }

    /// The IR as indented text with ranges and resolutions (for tests and debugging).
    pub fn dump(&self) -> String {
        with_stack_for_depth(self.walk_depth, || {
            crate::dump::dump(&self.module, &self.source_map, &self.names)
        })
    }

    /// A bound of the depth of the syntax tree and of the IR (≤ `nixty_parse::MAX_TREE_DEPTH`
    /// and ≤ [`crate::lower::MAX_DEPTH`] + 1). Recursive walks over the tree or the IR should
    /// run inside `nixty_parse::with_stack_for_depth(analysis.walk_depth(), …)`.
    pub fn walk_depth(&self) -> usize {
        self.walk_depth
    }

    /// The source range of an expression.
    pub fn expr_range(&self, expr: ExprId) -> TextRange {
        self.source_map.expr_range(expr)
    }
}
