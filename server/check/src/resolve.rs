//! Scopes and name resolution over the IR.
//!
//! Nix's rules: lexical bindings (`let`, `rec`, lambda parameters, pattern fields, `@`
//! aliases) always win, the innermost first; then the global builtins (`map`, `true`,
//! `__add`, …), which a `with` cannot shadow; only then the `with`s around the reference,
//! innermost first, may provide the name at run time.

use rustc_hash::FxHashMap;

use crate::builtins;
use crate::ir::{BindingValue, Expr, ExprId, Module, NameId};

/// A scope of a [`Scopes`] tree.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct ScopeId(pub u32);

/// One scope: the names it defines, or the `with` it opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeData {
    pub parent: Option<ScopeId>,
    pub kind: ScopeKind,
}

/// What a scope adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The root scope: the global builtins.
    Global,
    /// Names bound lexically by `let`, `rec`, or a lambda (by `owner`), in source order.
    Definitions {
        owner: ExprId,
        names: Vec<(String, NameId)>,
        by_text: FxHashMap<String, NameId>,
    },
    /// `with env; body`: the `With` expression.
    With(ExprId),
}

/// The scope tree of a module and the scope each expression is evaluated in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scopes {
    scopes: Vec<ScopeData>,
    scope_by_expr: Vec<Option<ScopeId>>,
    inner_scope_by_expr: FxHashMap<ExprId, ScopeId>,
}

/// What a variable reference means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Bound lexically by this name.
    Definition(NameId),
    /// A global builtin (`map`, `true`, `builtins`, `__add`, …).
    Builtin(&'static str),
    /// Not bound lexically; one of these `With` expressions (innermost first) may provide it.
    WithCandidates(Vec<ExprId>),
    /// Not bound anywhere: evaluating it fails with "undefined variable".
    Unresolved,
}

/// The resolution of every reference, and the references of every name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameResolution {
    resolutions: FxHashMap<ExprId, Resolution>,
    references: Vec<Vec<ExprId>>,
    with_uses: FxHashMap<ExprId, Vec<ExprId>>,
}

impl NameResolution {
    /// The meaning of an [`Expr::Reference`] (`None` for other expressions and unreachable code).
    pub fn resolution(&self, reference: ExprId) -> Option<&Resolution> {
        self.resolutions.get(&reference)
    }

    /// All references and their resolutions (unordered).
    pub fn iter(&self) -> impl Iterator<Item = (ExprId, &Resolution)> + '_ {
        self.resolutions.iter().map(|(e, r)| (*e, r))
    }

    /// The references that resolve to a name, in source order.
    pub fn references(&self, name: NameId) -> &[ExprId] {
        self.references
            .get(name.index())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The references that may be provided by a `with` (its `With` expression).
    pub fn with_uses(&self, with: ExprId) -> &[ExprId] {
        self.with_uses.get(&with).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// A name visible at some point, for completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VisibleName {
    /// A lexical binding.
    Definition(String, NameId),
    /// A global builtin.
    Builtin(&'static str),
}

impl Scopes {
    /// The data of a scope.
    pub fn scope(&self, id: ScopeId) -> &ScopeData {
        &self.scopes[id.0 as usize]
    }

    /// The data of a scope, or `None` past the last scope (scope ids are `0..`).
    pub fn try_scope(&self, id: ScopeId) -> Option<&ScopeData> {
        self.scopes.get(id.0 as usize)
    }

    /// The global scope (root of every chain).
    pub fn global(&self) -> ScopeId {
        ScopeId(0)
    }

    /// The scope an expression is evaluated in (`None` for expressions not reachable from the
    /// root, which do not exist after a successful lowering).
    pub fn scope_for_expr(&self, expr: ExprId) -> Option<ScopeId> {
        self.scope_by_expr.get(expr.index()).copied().flatten()
    }

    /// The scope a `let`, `rec` set, lambda or `with` opens for its contents.
    pub fn inner_scope(&self, expr: ExprId) -> Option<ScopeId> {
        self.inner_scope_by_expr.get(&expr).copied()
    }

    /// The chain from `scope` to the global scope.
    pub fn ancestors(&self, scope: ScopeId) -> impl Iterator<Item = ScopeId> + '_ {
        std::iter::successors(Some(scope), |s| self.scope(*s).parent)
    }

    /// The `With` expressions around `scope`, innermost first.
    pub fn withs(&self, scope: ScopeId) -> Vec<ExprId> {
        self.ancestors(scope)
            .filter_map(|s| match self.scope(s).kind {
                ScopeKind::With(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    /// Names visible in `scope`: lexical ones (inner shadowing outer) then the global builtins.
    pub fn visible_names(&self, scope: ScopeId) -> Vec<VisibleName> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for s in self.ancestors(scope) {
            if let ScopeKind::Definitions { names, .. } = &self.scope(s).kind {
                for (text, id) in names {
                    if seen.insert(text.clone()) {
                        out.push(VisibleName::Definition(text.clone(), *id));
                    }
                }
            }
        }
        for b in builtins::global_names() {
            if !seen.contains(b) {
                out.push(VisibleName::Builtin(b));
            }
        }
        out
    }

    /// Resolves `name` as a variable in `scope`.
    pub fn resolve(&self, scope: ScopeId, name: &str) -> Resolution {
        let mut withs = Vec::new();
        for s in self.ancestors(scope) {
            match &self.scope(s).kind {
                ScopeKind::Definitions { by_text, .. } => {
                    if let Some(id) = by_text.get(name) {
                        return Resolution::Definition(*id);
                    }
                }
                ScopeKind::With(e) => withs.push(*e),
                ScopeKind::Global => {}
            }
        }
        if let Some(builtin) = builtins::global(name) {
            return Resolution::Builtin(builtin);
        }
        if withs.is_empty() {
            Resolution::Unresolved
        } else {
            Resolution::WithCandidates(withs)
        }
    }

    fn push(&mut self, parent: Option<ScopeId>, kind: ScopeKind) -> ScopeId {
        let id = ScopeId(self.scopes.len() as u32);
        self.scopes.push(ScopeData { parent, kind });
        id
    }

    fn push_definitions(
        &mut self,
        parent: ScopeId,
        owner: ExprId,
        module: &Module,
        ids: impl Iterator<Item = NameId>,
    ) -> ScopeId {
        let mut names = Vec::new();
        let mut by_text = FxHashMap::default();
        for id in ids {
            let text = module[id].text.clone();
            // A duplicate keeps the first definition visible (the second is an error anyway).
            by_text.entry(text.clone()).or_insert(id);
            names.push((text, id));
        }
        let scope = self.push(
            Some(parent),
            ScopeKind::Definitions {
                owner,
                names,
                by_text,
            },
        );
        self.inner_scope_by_expr.insert(owner, scope);
        scope
    }
}

/// Computes the scopes of a module and resolves every reference (iteratively: no recursion).
pub fn resolve_module(module: &Module) -> (Scopes, NameResolution) {
    let mut scopes = Scopes {
        scopes: Vec::new(),
        scope_by_expr: vec![None; module.expr_count()],
        inner_scope_by_expr: FxHashMap::default(),
    };
    let global = scopes.push(None, ScopeKind::Global);
    let mut resolution = NameResolution {
        resolutions: FxHashMap::default(),
        references: vec![Vec::new(); module.name_count()],
        with_uses: FxHashMap::default(),
    };

    let mut stack = vec![(module.entry(), global)];
    while let Some((expr, scope)) = stack.pop() {
        if scopes.scope_by_expr[expr.index()].is_some() {
            continue; // visited (defensive: the IR is a tree)
        }
        scopes.scope_by_expr[expr.index()] = Some(scope);
        // Children are pushed in reverse so they are visited in source order.
        let mut children: Vec<(ExprId, ScopeId)> = Vec::new();
        match &module[expr] {
            Expr::Reference(name) => {
                let r = scopes.resolve(scope, name);
                match &r {
                    Resolution::Definition(id) => resolution.references[id.index()].push(expr),
                    Resolution::WithCandidates(withs) => {
                        for w in withs {
                            resolution.with_uses.entry(*w).or_default().push(expr);
                        }
                    }
                    _ => {}
                }
                resolution.resolutions.insert(expr, r);
            }
            Expr::LetIn { bindings, body } => {
                let inner = scopes.push_definitions(
                    scope,
                    expr,
                    module,
                    bindings.statics.iter().map(|b| b.name),
                );
                bindings_children(bindings, inner, scope, &mut children);
                children.push((*body, inner));
            }
            Expr::AttrSet {
                rec: true,
                bindings,
            } => {
                let inner = scopes.push_definitions(
                    scope,
                    expr,
                    module,
                    bindings.statics.iter().map(|b| b.name),
                );
                bindings_children(bindings, inner, scope, &mut children);
            }
            Expr::AttrSet {
                rec: false,
                bindings,
            } => bindings_children(bindings, scope, scope, &mut children),
            Expr::Lambda {
                param,
                pattern,
                body,
            } => {
                let names = param
                    .iter()
                    .copied()
                    .chain(pattern.iter().flat_map(|p| p.fields.iter().map(|f| f.name)));
                let inner = scopes.push_definitions(scope, expr, module, names);
                if let Some(pattern) = pattern {
                    for field in &pattern.fields {
                        if let Some(d) = field.default {
                            children.push((d, inner));
                        }
                    }
                }
                children.push((*body, inner));
            }
            Expr::With { env, body } => {
                let inner = scopes.push(Some(scope), ScopeKind::With(expr));
                scopes.inner_scope_by_expr.insert(expr, inner);
                children.push((*env, scope));
                children.push((*body, inner));
            }
            _ => module.walk_children(expr, |c| children.push((c, scope))),
        }
        stack.extend(children.into_iter().rev());
    }
    for refs in &mut resolution.references {
        refs.sort();
    }
    (scopes, resolution)
}

/// The children of a binding list: values in `inner` (the let/rec scope, or the enclosing one
/// for plain sets), plain `inherit x;` references in `outer`.
fn bindings_children(
    bindings: &crate::ir::Bindings,
    inner: ScopeId,
    outer: ScopeId,
    out: &mut Vec<(ExprId, ScopeId)>,
) {
    for &from in &bindings.inherit_froms {
        out.push((from, inner));
    }
    for binding in &bindings.statics {
        match binding.value {
            BindingValue::Expr(e) => out.push((e, inner)),
            BindingValue::Inherit(e) => out.push((e, outer)),
            BindingValue::InheritFrom(_) => {}
        }
    }
    for d in &bindings.dynamics {
        out.push((d.key, inner));
        out.push((d.value, inner));
    }
}
