//! The inference walk over the syntax tree: bidirectional (infer bottom-up, check against an
//! expected type where one is known), with occurrence typing and use-inferred parameters.
//!
//! A file is walked in passes. Every pass but the last is quiet: it only collects, for each
//! lambda parameter, the intersection of the types its *strict* uses demand (uses that surely
//! run when the body runs: not under an `if` branch taken only sometimes, not in a lazy list
//! element or attribute value, not in an inner lambda). The last pass types parameters with
//! those demands and records types and diagnostics.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use nixty_parse::ast;
use nixty_parse::{SyntaxKind, SyntaxNode, TextRange, TextSize};
use rowan::ast::AstNode;

use super::annot;
use super::codes;
use super::scheme::{self, builtin_schemes, instantiate, match_ty, Subst};
use super::sig::TyExpr;
use super::ty::{Field, Rec, Show, Ty};
use super::{ImportTypes, Inference, NameKind, NameType};
use crate::{Diagnostic, Severity};

/// Steps of inference per file before everything left becomes `?`.
const FUEL: u64 = 2_000_000;
/// Expression nesting deeper than this is typed `?` (guards the native stack).
const MAX_DEPTH: u32 = 400;

#[derive(Clone)]
struct Binding {
    ty: Ty,
    /// The id of the lambda parameter this name is (its definition offset), for demands.
    param: Option<u32>,
    /// A schematic type, instantiated per call.
    scheme: Option<Rc<TyExpr>>,
    /// The scheme comes from a doc comment (documentation, not a contract: no errors).
    doc_scheme: bool,
    /// The type was written in an annotation.
    annotated: bool,
}

impl Binding {
    fn plain(ty: Ty) -> Binding {
        Binding {
            ty,
            param: None,
            scheme: None,
            doc_scheme: false,
            annotated: false,
        }
    }
}

enum ScopeKind {
    Lexical,
    /// Refinements from a condition: keys are names or attribute paths (`x.a`).
    Refine,
    With {
        ty: Ty,
        is_builtins: bool,
    },
}

struct Scope {
    kind: ScopeKind,
    names: HashMap<String, Binding>,
}

/// Per variable (or attribute path): the type the value surely has in that branch.
type Refinements = BTreeMap<String, Ty>;

pub(super) struct Engine<'a> {
    scopes: Vec<Scope>,
    /// Demands found by the previous pass, per parameter id.
    prev_demands: HashMap<u32, Ty>,
    /// Demands being collected: one frame per lambda body / branch.
    frames: Vec<HashMap<u32, Ty>>,
    demands: HashMap<u32, Ty>,
    strict: bool,
    record: bool,
    fuel: u64,
    depth: u32,
    pub(super) out: Inference,
    seen_diags: HashSet<(TextRange, String)>,
    imports: &'a dyn ImportTypes,
    /// The record type of the last `rec { }` group typed.
    last_group_type: Option<Ty>,
    /// The lambda about to be typed is the body of another lambda.
    curried_body: bool,
    /// The expected type of the lambda about to be typed is an annotation.
    expected_is_annotation: bool,
}

impl<'a> Engine<'a> {
    pub(super) fn run(root: &ast::Root, imports: &'a dyn ImportTypes, passes: u32) -> Inference {
        let mut prev = HashMap::new();
        let mut fuel = FUEL;
        for pass in 0..passes {
            let last = pass + 1 == passes;
            let mut engine = Engine {
                scopes: vec![],
                prev_demands: prev,
                frames: vec![HashMap::new()],
                demands: HashMap::new(),
                strict: true,
                record: last,
                fuel,
                depth: 0,
                out: Inference::default(),
                seen_diags: HashSet::new(),
                imports,
                last_group_type: None,
                curried_body: false,
                expected_is_annotation: false,
            };
            let ty = match root.expr() {
                Some(e) => engine.infer(&e),
                None => Ty::dyn_(),
            };
            if last {
                engine.out.root = ty;
                engine.out.fuel_exhausted = engine.fuel == 0;
                return engine.out;
            }
            fuel = engine.fuel.max(FUEL / 4);
            prev = engine.demands;
        }
        Inference::default()
    }

    // ----- bookkeeping -----

    /// The severity of a surely failing operation: an error where the code runs whenever
    /// its function body (or the file) is evaluated, a warning in a lazy position (a list
    /// element, attribute value, binding or argument that may never be forced).
    fn certain(&self) -> Severity {
        if self.strict {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    fn diag(&mut self, range: TextRange, severity: Severity, code: &str, message: String) {
        if !self.record {
            return;
        }
        if self.seen_diags.insert((range, message.clone())) {
            self.out
                .diagnostics
                .push(Diagnostic::new(range, severity, code, message));
        }
    }

    fn note_expr(&mut self, range: TextRange, ty: &Ty) {
        if self.record {
            self.out.exprs.push((range, ty.clone()));
        }
    }

    fn note_name(
        &mut self,
        range: TextRange,
        name: &str,
        kind: NameKind,
        ty: &Ty,
        annotation: Option<String>,
    ) {
        if self.record {
            self.out.names.push(NameType {
                range,
                name: name.to_string(),
                kind,
                ty: ty.clone(),
                annotation,
            });
        }
    }

    fn demand(&mut self, e: &ast::Expr, ty: &Ty) {
        if !self.strict || ty.is_dyn() || ty.is_any() || ty.is_never() {
            return;
        }
        let Some(name) = ident_name(e) else { return };
        let Some(b) = self.lookup_binding(&name) else {
            return;
        };
        let Some(id) = b.param else { return };
        if let Some(frame) = self.frames.last_mut() {
            let entry = frame.entry(id).or_insert_with(Ty::any);
            *entry = entry.inter(ty);
        }
    }

    fn push(&mut self, kind: ScopeKind, names: HashMap<String, Binding>) {
        self.scopes.push(Scope { kind, names });
    }

    fn pop(&mut self) {
        self.scopes.pop();
    }

    fn lookup_binding(&self, name: &str) -> Option<Binding> {
        for s in self.scopes.iter().rev() {
            if matches!(s.kind, ScopeKind::With { .. }) {
                continue;
            }
            if let Some(b) = s.names.get(name) {
                return Some(b.clone());
            }
        }
        None
    }

    /// A name's binding: lexical scopes, then `with` scopes (innermost first), then builtins.
    fn lookup(&self, name: &str) -> Binding {
        if let Some(b) = self.lookup_binding(name) {
            return b;
        }
        for s in self.scopes.iter().rev() {
            if let ScopeKind::With { ty, is_builtins } = &s.kind {
                if *is_builtins {
                    if let Some(t) = builtin_schemes().get(name) {
                        return scheme_binding(t, false);
                    }
                    continue;
                }
                let look = ty.field(name);
                if look.surely_present && !ty.dyn_ {
                    return Binding::plain(look.ty);
                }
                if look.may_be_present || ty.dyn_ {
                    return Binding::plain(Ty::dyn_());
                }
            }
        }
        if name == "builtins" {
            return Binding::plain(scheme::builtins_record().clone());
        }
        if let Some(t) = super::builtin_types::global_type(name) {
            let key = name.strip_prefix("__").unwrap_or(name);
            if let Some(parsed) = builtin_schemes().get(key) {
                return scheme_binding(parsed, false);
            }
            let _ = t;
        }
        // An unbound builtin name (`isInt` without `builtins.`): Nix reports it undefined (name
        // resolution says so); its builtin type still helps the reader.
        if let Some(parsed) = builtin_schemes().get(name) {
            return scheme_binding(parsed, false);
        }
        Binding::plain(Ty::dyn_())
    }

    /// The refined type of an attribute path `x.a.b`, if a condition refined it and `x` is
    /// still the same binding.
    fn lookup_path_refinement(&self, key: &str, root: &str) -> Option<Ty> {
        for s in self.scopes.iter().rev() {
            if matches!(s.kind, ScopeKind::With { .. }) {
                continue;
            }
            if let Some(b) = s.names.get(key) {
                return Some(b.ty.clone());
            }
            if s.names.contains_key(root) {
                return None;
            }
        }
        None
    }

    fn is_builtins_ident(&self, e: &ast::Expr) -> bool {
        matches!(ident_name(e).as_deref(), Some("builtins"))
            && self.lookup_binding("builtins").is_none()
    }

    /// The schematic type of a callee, when it names a builtin or a documented function.
    fn callee_scheme(&self, f: &ast::Expr) -> Option<(Rc<TyExpr>, bool)> {
        match strip_parens(f) {
            ast::Expr::Ident(_) => {
                let name = ident_name(f)?;
                let b = self.lookup(&name);
                b.scheme.map(|s| (s, b.doc_scheme))
            }
            ast::Expr::Select(sel) => {
                if sel.default_expr().is_some() {
                    return None;
                }
                let base = sel.expr()?;
                let attrs: Vec<ast::Attr> = sel.attrpath()?.attrs().collect();
                if attrs.len() == 1 && self.is_builtins_ident(&base) {
                    let name = static_attr(&attrs[0])?;
                    return builtin_schemes()
                        .get(name.as_str())
                        .map(|t| (Rc::new(t.clone()), false));
                }
                None
            }
            _ => None,
        }
    }

    // ----- the walk -----

    pub(super) fn infer(&mut self, e: &ast::Expr) -> Ty {
        self.check_or_infer(e, None)
    }

    fn infer_lazy(&mut self, e: &ast::Expr) -> Ty {
        let saved = std::mem::replace(&mut self.strict, false);
        let t = self.infer(e);
        self.strict = saved;
        t
    }

    fn check_or_infer(&mut self, e: &ast::Expr, expected: Option<&Ty>) -> Ty {
        if self.fuel == 0 || self.depth > MAX_DEPTH {
            return Ty::dyn_();
        }
        self.fuel -= 1;
        self.depth += 1;
        let t = self.infer_inner(e, expected);
        self.depth -= 1;
        self.note_expr(e.syntax().text_range(), &t);
        t
    }

    fn infer_inner(&mut self, e: &ast::Expr, expected: Option<&Ty>) -> Ty {
        match e {
            ast::Expr::Literal(lit) => literal(lit),
            ast::Expr::Str(s) => self.string(s),
            ast::Expr::PathAbs(_)
            | ast::Expr::PathRel(_)
            | ast::Expr::PathHome(_)
            | ast::Expr::PathSearch(_) => {
                self.path_interpolations(e.syntax());
                Ty::path()
            }
            ast::Expr::Ident(_) => {
                let name = ident_name(e).unwrap_or_default();
                let b = self.lookup(&name);
                match &b.scheme {
                    Some(s) if b.ty.is_dyn() => instantiate(s, &Subst::new()),
                    _ => b.ty,
                }
            }
            ast::Expr::Paren(p) => {
                let inner = match p.expr() {
                    Some(x) => x,
                    None => return Ty::dyn_(),
                };
                match annot::between(
                    p.syntax(),
                    inner.syntax().text_range().end(),
                    &[SyntaxKind::TOKEN_R_PAREN],
                ) {
                    Some(a) => self.annotated_expr(&inner, &a),
                    None => self.check_or_infer(&inner, expected),
                }
            }
            ast::Expr::Root(r) => match r.expr() {
                Some(x) => self.infer(&x),
                None => Ty::dyn_(),
            },
            ast::Expr::Error(_) => Ty::dyn_(),
            ast::Expr::CurPos(_) => {
                let mut r = Rec::closed();
                r.set("file", Ty::string(), false);
                r.set("line", Ty::int(), false);
                r.set("column", Ty::int(), false);
                Ty::record(r)
            }
            ast::Expr::List(l) => {
                let mut elem = Ty::never();
                for item in l.items() {
                    let t = self.infer_lazy(&item);
                    elem = elem.union(&t);
                }
                Ty::list(elem)
            }
            ast::Expr::AttrSet(set) => self.attrset(set),
            ast::Expr::LetIn(l) => {
                let names = self.binding_group(l.syntax(), false);
                self.push(ScopeKind::Lexical, names);
                let t = match l.body() {
                    Some(b) => self.check_or_infer(&b, expected),
                    None => Ty::dyn_(),
                };
                self.pop();
                t
            }
            ast::Expr::LegacyLet(l) => {
                let names = self.binding_group(l.syntax(), true);
                let body = names
                    .get("body")
                    .map(|b| b.ty.clone())
                    .unwrap_or_else(Ty::dyn_);
                body
            }
            ast::Expr::With(w) => {
                let ns = match w.namespace() {
                    Some(n) => n,
                    None => return Ty::dyn_(),
                };
                let is_builtins = self.is_builtins_ident(&ns);
                let ty = self.infer_lazy(&ns);
                self.push(ScopeKind::With { ty, is_builtins }, HashMap::new());
                let t = match w.body() {
                    Some(b) => self.check_or_infer(&b, expected),
                    None => Ty::dyn_(),
                };
                self.pop();
                t
            }
            ast::Expr::Assert(a) => {
                let (then_refs, _) = match a.condition() {
                    Some(c) => {
                        let ct = self.infer(&c);
                        self.require(&c, &ct, &Ty::bool_(), "the condition of `assert`");
                        self.refinements(&c)
                    }
                    None => (Refinements::new(), Refinements::new()),
                };
                let live = self.push_refinements(&then_refs);
                let t = match (a.body(), live) {
                    (Some(b), true) => self.check_or_infer(&b, expected),
                    _ => Ty::dyn_(),
                };
                self.pop();
                t
            }
            ast::Expr::IfElse(ite) => self.if_else(ite, expected),
            ast::Expr::Lambda(lam) => self.lambda(lam, expected),
            ast::Expr::Apply(_) => self.apply(e),
            ast::Expr::Select(sel) => self.select(sel),
            ast::Expr::HasAttr(h) => {
                let base = match h.expr() {
                    Some(b) => self.infer(&b),
                    None => return Ty::dyn_(),
                };
                let attrs: Vec<ast::Attr> = h
                    .attrpath()
                    .map(|p| p.attrs().collect())
                    .unwrap_or_default();
                for a in &attrs {
                    self.dynamic_attr(a);
                }
                if attrs.len() == 1 && !base.dyn_ {
                    if let Some(name) = static_attr(&attrs[0]) {
                        if base.attrs.is_empty() {
                            return Ty::bool_lit(false);
                        }
                        let look = base.field(&name);
                        let only_attrs = Ty {
                            attrs: vec![],
                            ..base.clone()
                        }
                        .is_never();
                        if look.surely_present && only_attrs {
                            return Ty::bool_lit(true);
                        }
                        if !look.may_be_present {
                            return Ty::bool_lit(false);
                        }
                    }
                }
                Ty::bool_()
            }
            ast::Expr::UnaryOp(u) => self.unary(u),
            ast::Expr::BinOp(b) => self.binop(b),
        }
    }

    /// `(e /*: T */)`: check `e` against `T`; the expression has type `T`.
    fn annotated_expr(&mut self, inner: &ast::Expr, a: &annot::Annotation) -> Ty {
        match &a.parsed {
            Ok(texpr) => {
                let want = instantiate(texpr, &Subst::new());
                self.expected_is_annotation = matches!(strip_parens(inner), ast::Expr::Lambda(_));
                let found = self.check_or_infer(inner, Some(&want));
                self.expected_is_annotation = false;
                self.annotation_violation(
                    inner.syntax().text_range(),
                    &found,
                    &want,
                    "this expression",
                );
                want
            }
            Err(err) => {
                self.annotation_error(a, err);
                self.check_or_infer(inner, None)
            }
        }
    }

    fn annotation_error(&mut self, a: &annot::Annotation, err: &super::sig::SigError) {
        let range = a.error_range(err);
        self.diag(
            range,
            Severity::Error,
            codes::ANNOTATION_SYNTAX,
            format!("cannot read this type annotation: {}", err.message),
        );
    }

    fn annotation_violation(&mut self, range: TextRange, found: &Ty, want: &Ty, what: &str) {
        if found.surely_disjoint(want) {
            self.diag(
                range,
                Severity::Error,
                codes::ANNOTATION_VIOLATED,
                format!(
                    "{what} must be `{}` as annotated, but it is `{}`",
                    show(want),
                    show(found)
                ),
            );
        } else if !found.dyn_ && !found.surely_subtype(want) && may_be_null_only(found, want) {
            self.diag(
                range,
                Severity::Warning,
                codes::ANNOTATION_VIOLATED,
                format!(
                    "{what} is annotated `{}`, but it may be null (found `{}`)",
                    show(want),
                    show(found)
                ),
            );
        }
    }

    /// Checks an operand or argument against what the operation needs; records the demand.
    /// Errors only when the value surely cannot fit; a possibly-null value gets a warning.
    fn require(&mut self, e: &ast::Expr, found: &Ty, want: &Ty, what: &str) -> bool {
        self.demand(e, want);
        if found.surely_disjoint(want) {
            self.diag(
                e.syntax().text_range(),
                self.certain(),
                codes::MISMATCH,
                format!(
                    "{what} must be `{}`, but it is `{}`",
                    show(want),
                    show(found)
                ),
            );
            return false;
        }
        if !found.dyn_ && found.null && !want.null && !found.surely_subtype(want) {
            self.diag(
                e.syntax().text_range(),
                Severity::Warning,
                codes::MAYBE_NULL,
                format!(
                    "{what} must be `{}`, but it may be null (it is `{}`)",
                    show(want),
                    show(found)
                ),
            );
        }
        true
    }

    fn string(&mut self, s: &ast::Str) -> Ty {
        let mut literal = String::new();
        let mut interpolated = false;
        let Some(parts) = string_parts(s) else {
            for i in s.syntax().descendants().filter_map(ast::Interpol::cast) {
                if let Some(e) = i.expr() {
                    self.infer(&e);
                }
            }
            return Ty::string();
        };
        for part in parts {
            match part {
                ast::InterpolPart::Literal(text) => literal.push_str(&text),
                ast::InterpolPart::Interpolation(i) => {
                    interpolated = true;
                    if let Some(e) = i.expr() {
                        let t = self.infer(&e);
                        self.interpolation(&e, &t);
                    }
                }
            }
        }
        if interpolated {
            Ty::string()
        } else {
            Ty::str_lit(&literal)
        }
    }

    fn interpolation(&mut self, e: &ast::Expr, t: &Ty) {
        let want = Ty::stringish();
        self.demand(e, &want);
        if t.surely_disjoint(&want) {
            self.diag(
                e.syntax().text_range(),
                self.certain(),
                codes::INTERPOLATION,
                format!(
                    "cannot interpolate `{}` into a string: only strings, paths and sets with `outPath` or `__toString` can be (use `toString`)",
                    show(t)
                ),
            );
        } else if !t.dyn_ && t.null {
            self.diag(
                e.syntax().text_range(),
                Severity::Warning,
                codes::MAYBE_NULL,
                format!("this value may be null, and null cannot be interpolated into a string (it is `{}`)", show(t)),
            );
        }
    }

    fn path_interpolations(&mut self, node: &SyntaxNode) {
        for child in node.children() {
            if let Some(i) = ast::Interpol::cast(child) {
                if let Some(e) = i.expr() {
                    let t = self.infer(&e);
                    self.interpolation(&e, &t);
                }
            }
        }
    }

    fn dynamic_attr(&mut self, a: &ast::Attr) -> Option<Ty> {
        match a {
            ast::Attr::Dynamic(d) => {
                let e = d.expr()?;
                let t = self.infer(&e);
                self.require(
                    &e,
                    &t,
                    &Ty::string().union(&Ty::null()),
                    "a dynamic attribute name",
                );
                Some(t)
            }
            ast::Attr::Str(s) => {
                let t = self.string(s);
                Some(t)
            }
            ast::Attr::Ident(_) => None,
        }
    }

    // ----- if / occurrence typing -----

    fn if_else(&mut self, ite: &ast::IfElse, expected: Option<&Ty>) -> Ty {
        let Some(cond) = ite.condition() else {
            return Ty::dyn_();
        };
        let ct = self.infer(&cond);
        self.require(&cond, &ct, &Ty::bool_(), "the condition of `if`");
        let (then_refs, else_refs) = self.refinements(&cond);
        let lit = ct.as_bool_lit();
        let mut result = Ty::never();
        let mut frames = Vec::new();
        for (branch, refs, dead_by_lit) in [
            (ite.body(), &then_refs, lit == Some(false)),
            (ite.else_body(), &else_refs, lit == Some(true)),
        ] {
            self.frames.push(HashMap::new());
            let live = self.push_refinements(refs);
            if let Some(b) = branch {
                if live && !dead_by_lit {
                    let t = self.check_or_infer(&b, expected);
                    result = result.union(&t);
                } else if !live {
                    self.report_dead_branch(&cond, &b);
                }
            }
            self.pop();
            frames.push(self.frames.pop().unwrap_or_default());
        }
        // A demand holds after the `if` when both branches make it.
        let (a, b) = (&frames[0], &frames[1]);
        let mut merged = HashMap::new();
        for (k, ta) in a {
            if let Some(tb) = b.get(k) {
                merged.insert(*k, ta.union(tb));
            }
        }
        if let Some(frame) = self.frames.last_mut() {
            for (k, t) in merged {
                let entry = frame.entry(k).or_insert_with(Ty::any);
                *entry = entry.inter(&t);
            }
        }
        if result.is_never() && lit.is_none() {
            return Ty::dyn_();
        }
        result
    }

    fn report_dead_branch(&mut self, cond: &ast::Expr, branch: &ast::Expr) {
        // Only a comparison of an annotated variable with a string literal it cannot be
        // (a likely typo) is reported; other dead branches are legitimate code.
        let ast::Expr::BinOp(b) = strip_parens(cond) else {
            return;
        };
        if b.operator() != Some(ast::BinOpKind::Equal) {
            return;
        }
        let (Some(l), Some(r)) = (b.lhs(), b.rhs()) else {
            return;
        };
        let (var, lit) = if let Some(s) = string_literal(&r) {
            (l, s)
        } else if let Some(s) = string_literal(&l) {
            (r, s)
        } else {
            return;
        };
        let Some(name) = ident_name(&var) else { return };
        let bnd = self.lookup(&name);
        if !bnd.annotated {
            return;
        }
        self.diag(
            branch.syntax().text_range(),
            Severity::Warning,
            codes::UNREACHABLE_BRANCH,
            format!(
                "this branch never runs: `{name}` is `{}`, never \"{lit}\" (a typo?)",
                show(&bnd.ty)
            ),
        );
    }

    /// Pushes a refinement scope; returns `false` if some refined variable becomes empty
    /// (the branch is dead). The caller pops.
    fn push_refinements(&mut self, refs: &Refinements) -> bool {
        let mut names = HashMap::new();
        let mut live = true;
        for (key, r) in refs {
            let (root, rest) = match key.split_once('.') {
                Some((a, b)) => (a.to_string(), Some(b)),
                None => (key.clone(), None),
            };
            let current = match rest {
                None => self.lookup(&root),
                Some(_) => match self.lookup_path_refinement(key, &root) {
                    Some(t) => Binding::plain(t),
                    None => Binding::plain(self.path_type(key)),
                },
            };
            let refined = if current.ty.dyn_ {
                // Gradual meet: the known part is refined exactly; `?` stays `?` under a
                // negative refinement and becomes the refinement under a positive one.
                let known = current.ty.strip_dyn().inter(r);
                if r.is_any() || has_negative_shape(r) {
                    known.union(&Ty::dyn_())
                } else {
                    known.union(r)
                }
            } else {
                current.ty.inter(r)
            };
            if refined.is_never() && !current.ty.dyn_ {
                live = false;
            }
            let mut b = current.clone();
            b.ty = refined;
            b.scheme = None;
            names.insert(key.clone(), b);
        }
        self.push(ScopeKind::Refine, names);
        live
    }

    /// The type of `x.a.b` from `x`'s type (no recording).
    fn path_type(&self, key: &str) -> Ty {
        let mut parts = key.split('.');
        let root = parts.next().unwrap_or_default();
        let mut t = self.lookup(root).ty;
        for p in parts {
            let look = t.field(p);
            t = if look.may_be_present {
                look.ty
            } else {
                Ty::dyn_()
            };
        }
        t
    }

    /// What a condition proves in its `then` and `else` branches.
    fn refinements(&mut self, c: &ast::Expr) -> (Refinements, Refinements) {
        let none = || (Refinements::new(), Refinements::new());
        match strip_parens(c) {
            ast::Expr::UnaryOp(u) if u.operator() == Some(ast::UnaryOpKind::Invert) => {
                let Some(inner) = u.expr() else { return none() };
                let (t, e) = self.refinements(&inner);
                (e, t)
            }
            ast::Expr::BinOp(b) => {
                let (Some(l), Some(r)) = (b.lhs(), b.rhs()) else {
                    return none();
                };
                match b.operator() {
                    Some(ast::BinOpKind::And) => {
                        let (t1, e1) = self.refinements(&l);
                        let (t2, e2) = self.refinements(&r);
                        (refs_and(&t1, &t2), refs_or(&e1, &e2))
                    }
                    Some(ast::BinOpKind::Or) => {
                        let (t1, e1) = self.refinements(&l);
                        let (t2, e2) = self.refinements(&r);
                        (refs_or(&t1, &t2), refs_and(&e1, &e2))
                    }
                    Some(ast::BinOpKind::Implication) => {
                        let (t1, e1) = self.refinements(&l);
                        let (t2, e2) = self.refinements(&r);
                        (refs_or(&e1, &t2), refs_and(&t1, &e2))
                    }
                    Some(op @ (ast::BinOpKind::Equal | ast::BinOpKind::NotEqual)) => {
                        let (t, e) = self.equality_refinements(&l, &r);
                        if op == ast::BinOpKind::Equal {
                            (t, e)
                        } else {
                            (e, t)
                        }
                    }
                    _ => none(),
                }
            }
            ast::Expr::HasAttr(h) => {
                let (Some(base), Some(path)) = (h.expr(), h.attrpath()) else {
                    return none();
                };
                let attrs: Vec<ast::Attr> = path.attrs().collect();
                let (Some(key), [a]) = (path_key(&base), attrs.as_slice()) else {
                    return none();
                };
                let Some(name) = static_attr(a) else {
                    return none();
                };
                let mut rec = Rec::open();
                rec.set(&name, Ty::dyn_(), false);
                let has = Ty::record(rec);
                let current = self.path_type(&key);
                let mut then_r = Refinements::new();
                let mut else_r = Refinements::new();
                then_r.insert(key.clone(), has.clone());
                if !current.dyn_ {
                    else_r.insert(key, current.minus(&has));
                }
                (then_r, else_r)
            }
            ast::Expr::Apply(app) => {
                let (Some(f), Some(arg)) = (app.lambda(), app.argument()) else {
                    return none();
                };
                let Some(key) = path_key(&arg) else {
                    return none();
                };
                let fty = self.peek_type(&f);
                predicate_refinements(&fty, key)
            }
            _ => none(),
        }
    }

    fn equality_refinements(&mut self, l: &ast::Expr, r: &ast::Expr) -> (Refinements, Refinements) {
        // `builtins.typeOf x == "int"`.
        for (a, b) in [(l, r), (r, l)] {
            if let (ast::Expr::Apply(app), Some(kind)) = (strip_parens(a), string_literal(b)) {
                let (Some(f), Some(arg)) = (app.lambda(), app.argument()) else {
                    continue;
                };
                let is_type_of = match strip_parens(&f) {
                    ast::Expr::Select(s) => {
                        s.expr().is_some_and(|b| self.is_builtins_ident(&b))
                            && s.attrpath()
                                .and_then(|p| p.attrs().next())
                                .and_then(|a| static_attr(&a))
                                .as_deref()
                                == Some("typeOf")
                    }
                    ast::Expr::Ident(_) => {
                        let name = ident_name(&f).unwrap_or_default();
                        name == "typeOf" && self.lookup_binding("typeOf").is_none()
                            || self.lookup(&name).scheme.as_deref()
                                == builtin_schemes().get("typeOf")
                    }
                    _ => false,
                };
                if !is_type_of {
                    continue;
                }
                let Some(key) = path_key(&arg) else { continue };
                let kind_ty = match kind.as_str() {
                    "null" => Ty::null(),
                    "bool" => Ty::bool_(),
                    "int" => Ty::int(),
                    "float" => Ty::float(),
                    "string" => Ty::string(),
                    "path" => Ty::path(),
                    "list" => Ty::any_list(),
                    "set" => Ty::attrs(),
                    "lambda" => Ty::fun(),
                    _ => Ty::never(),
                };
                let mut t = Refinements::new();
                let mut e = Refinements::new();
                t.insert(key.clone(), kind_ty.clone());
                e.insert(key, kind_ty.neg());
                return (t, e);
            }
        }
        for (a, b) in [(l, r), (r, l)] {
            let Some(key) = path_key(a) else { continue };
            let lit = match strip_parens(b) {
                ast::Expr::Ident(_)
                    if ident_name(b).as_deref() == Some("null")
                        && self.lookup_binding("null").is_none() =>
                {
                    Ty::null()
                }
                ast::Expr::Ident(_)
                    if matches!(ident_name(b).as_deref(), Some("true" | "false")) =>
                {
                    match self.lookup_binding(&ident_name(b).unwrap_or_default()) {
                        None => Ty::bool_lit(ident_name(b).as_deref() == Some("true")),
                        Some(_) => continue,
                    }
                }
                ast::Expr::Literal(lit) => match lit.kind() {
                    ast::LiteralKind::Integer(i) => match i.value() {
                        Ok(n) => Ty::int_lit(n),
                        Err(_) => continue,
                    },
                    _ => continue,
                },
                ast::Expr::Str(_) => match string_literal(b) {
                    Some(s) => Ty::str_lit(&s),
                    None => continue,
                },
                _ => continue,
            };
            let mut t = Refinements::new();
            let mut e = Refinements::new();
            t.insert(key.clone(), lit.clone());
            e.insert(key, lit.neg());
            return (t, e);
        }
        (Refinements::new(), Refinements::new())
    }

    /// The type of an expression without recording anything (for refinements).
    fn peek_type(&mut self, e: &ast::Expr) -> Ty {
        match strip_parens(e) {
            ast::Expr::Ident(_) => {
                let name = ident_name(e).unwrap_or_default();
                let b = self.lookup(&name);
                match &b.scheme {
                    Some(s) => instantiate(s, &Subst::new()),
                    None => b.ty,
                }
            }
            ast::Expr::Select(_) => {
                if let Some((s, _)) = self.callee_scheme(e) {
                    return instantiate(&s, &Subst::new());
                }
                let saved = (self.record, self.strict);
                self.record = false;
                self.strict = false;
                let t = self.infer(e);
                (self.record, self.strict) = saved;
                t
            }
            _ => Ty::dyn_(),
        }
    }

    // ----- functions -----

    fn lambda(&mut self, lam: &ast::Lambda, expected: Option<&Ty>) -> Ty {
        // The expected type is an annotation (not a callee's domain): violations say so.
        let from_annotation = std::mem::take(&mut self.expected_is_annotation);
        let Some(param) = lam.param() else {
            return Ty::dyn_();
        };
        let colon = lam.token_colon().map(|t| t.text_range().start());
        let annotation = annot::between(
            lam.syntax(),
            param.syntax().text_range().end(),
            &[SyntaxKind::TOKEN_COLON],
        );
        let annotated = match &annotation {
            Some(a) => match &a.parsed {
                Ok(t) => Some(instantiate(t, &Subst::new())),
                Err(err) => {
                    self.annotation_error(a, err);
                    None
                }
            },
            None => None,
        };
        let _ = colon;
        // Checking against known arrows: once per arrow.
        if annotated.is_none() {
            if let Some(arrows) = expected.and_then(|t| t.arrows()) {
                let mut out: Option<Ty> = None;
                for (dom, cod) in arrows {
                    if dom.is_never() {
                        continue;
                    }
                    let t = self.lambda_with(lam, &param, Some((dom, Some(cod))), from_annotation);
                    out = Some(match out {
                        None => t,
                        Some(o) => o.inter(&t),
                    });
                }
                if let Some(t) = out {
                    return t;
                }
            }
        }
        let given = annotated.map(|t| (t, None));
        let is_annotated = given.is_some();
        self.lambda_with(lam, &param, given, is_annotated)
    }

    /// Types a lambda with a known parameter type (`given`, with the expected result) or with
    /// the parameter inferred from its uses.
    fn lambda_with(
        &mut self,
        lam: &ast::Lambda,
        param: &ast::Param,
        given: Option<(Ty, Option<Ty>)>,
        annotated: bool,
    ) -> Ty {
        let mut names = HashMap::new();
        let mut own_ids = Vec::new();
        let param_ty = match param {
            ast::Param::IdentParam(ip) => {
                let Some(ident) = ip.ident() else {
                    return Ty::dyn_();
                };
                let name = ident.to_string();
                let id = u32::from(ident.syntax().text_range().start());
                own_ids.push(id);
                let ty = match &given {
                    Some((t, _)) => t.clone(),
                    None => self.prev_demands.get(&id).cloned().unwrap_or_else(Ty::dyn_),
                };
                self.note_name(
                    ident.syntax().text_range(),
                    &name,
                    NameKind::Param,
                    &ty,
                    None,
                );
                names.insert(
                    name,
                    Binding {
                        ty: ty.clone(),
                        param: if given.is_some() { None } else { Some(id) },
                        scheme: None,
                        doc_scheme: false,
                        annotated,
                    },
                );
                ty
            }
            ast::Param::Pattern(pat) => {
                self.pattern(pat, given.as_ref().map(|g| &g.0), &mut names, &mut own_ids)
            }
        };
        let expected_result = given.as_ref().and_then(|g| g.1.clone());
        self.push(ScopeKind::Lexical, names);
        self.frames.push(HashMap::new());
        let saved_strict = std::mem::replace(&mut self.strict, true);
        // A curried body (`a: b: …`) passes its demands on `a` up: they hold whenever the
        // function is fully applied.
        let curried = std::mem::take(&mut self.curried_body);
        self.curried_body = lam
            .body()
            .is_some_and(|b| matches!(strip_parens(&b), ast::Expr::Lambda(_)));
        let body_ty = match lam.body() {
            Some(b) => {
                let t = self.check_or_infer(&b, expected_result.as_ref());
                if let Some(want) = &expected_result {
                    if t.surely_disjoint(want) {
                        let (severity, code, why) = if annotated {
                            (Severity::Error, codes::ANNOTATION_VIOLATED, "as annotated")
                        } else {
                            (self.certain(), codes::MISMATCH, "where it is passed")
                        };
                        self.diag(
                            b.syntax().text_range(),
                            severity,
                            code,
                            format!(
                                "this function must return `{}` {why}, but it returns `{}`",
                                show(want),
                                show(&t)
                            ),
                        );
                    }
                }
                t
            }
            None => Ty::dyn_(),
        };
        self.strict = saved_strict;
        self.curried_body = false;
        let frame = self.frames.pop().unwrap_or_default();
        for (id, t) in &frame {
            if own_ids.contains(id) {
                let entry = self.demands.entry(*id).or_insert_with(Ty::any);
                *entry = entry.inter(t);
            } else if curried && saved_strict {
                if let Some(parent) = self.frames.last_mut() {
                    let entry = parent.entry(*id).or_insert_with(Ty::any);
                    *entry = entry.inter(t);
                }
            }
        }
        self.pop();
        Ty::arrow(param_ty, body_ty)
    }

    /// `{ a, b ? d, ... } @ x`: binds the fields; returns the record type of the argument.
    fn pattern(
        &mut self,
        pat: &ast::Pattern,
        given: Option<&Ty>,
        names: &mut HashMap<String, Binding>,
        own_ids: &mut Vec<u32>,
    ) -> Ty {
        let mut rec = Rec::closed();
        if pat.ellipsis_token().is_some() {
            rec.rest = Some(Box::new(Ty::dyn_()));
        }
        let mut defaults = Vec::new();
        for entry in pat.pat_entries() {
            let Some(ident) = entry.ident() else { continue };
            let name = ident.to_string();
            let id = u32::from(ident.syntax().text_range().start());
            let annotation = annot::after_node(entry.syntax());
            let mut annotated_ty = None;
            if let Some(a) = &annotation {
                match &a.parsed {
                    Ok(t) => annotated_ty = Some(instantiate(t, &Subst::new())),
                    Err(err) => self.annotation_error(a, err),
                }
            }
            let from_given = given
                .map(|g| g.field(&name))
                .filter(|l| l.may_be_present)
                .map(|l| l.ty);
            let field_ty = annotated_ty
                .clone()
                .or(from_given)
                .or_else(|| self.prev_demands.get(&id).cloned())
                .unwrap_or_else(Ty::dyn_);
            own_ids.push(id);
            let optional = entry.default().is_some();
            rec.set(&name, field_ty.clone(), optional);
            defaults.push((
                name,
                id,
                ident.syntax().text_range(),
                field_ty,
                entry.default(),
                annotated_ty.is_some(),
                annotation.map(|a| a.text),
            ));
        }
        let mut whole = Ty::record(rec);
        if let Some(g) = given {
            if !g.dyn_ && !g.attrs.is_empty() {
                whole = g.clone();
            }
        }
        if let Some(bind) = pat.pat_bind().and_then(|b| b.ident()) {
            let name = bind.to_string();
            self.note_name(
                bind.syntax().text_range(),
                &name,
                NameKind::Param,
                &whole,
                None,
            );
            names.insert(name, Binding::plain(whole.clone()));
        }
        // Defaults may refer to the other fields: bind the fields first, then type defaults.
        let mut field_bindings = HashMap::new();
        for (name, id, _, ty, _, annotated, _) in &defaults {
            field_bindings.insert(
                name.clone(),
                Binding {
                    ty: ty.clone(),
                    param: if *annotated { None } else { Some(*id) },
                    scheme: None,
                    doc_scheme: false,
                    annotated: *annotated,
                },
            );
        }
        let mut scope = names.clone();
        scope.extend(field_bindings.clone());
        self.push(ScopeKind::Lexical, scope);
        for (name, _, range, ty, default, annotated, annotation) in defaults {
            let mut body_ty = ty.clone();
            if let Some(d) = default {
                let dt = self.infer_lazy(&d);
                if annotated {
                    self.annotation_violation(
                        d.syntax().text_range(),
                        &dt,
                        &ty,
                        &format!("the default of `{name}`"),
                    );
                } else {
                    body_ty = ty.union(&dt);
                }
            }
            self.note_name(range, &name, NameKind::PatternField, &body_ty, annotation);
            let mut b = field_bindings
                .remove(&name)
                .unwrap_or_else(|| Binding::plain(body_ty.clone()));
            b.ty = body_ty;
            names.insert(name, b);
        }
        self.pop();
        whole
    }

    fn apply(&mut self, e: &ast::Expr) -> Ty {
        // Flatten the spine `f a1 … an`.
        let mut args = Vec::new();
        let mut head = e.clone();
        while let ast::Expr::Apply(app) = &head {
            let (Some(f), Some(a)) = (app.lambda(), app.argument()) else {
                return Ty::dyn_();
            };
            args.push(a);
            head = f;
            if args.len() > 64 {
                break;
            }
        }
        args.reverse();
        // `import ./file.nix`
        if let ast::Expr::Ident(_) = strip_parens(&head) {
            if ident_name(&head).as_deref() == Some("import")
                && self.lookup_binding("import").is_none()
            {
                if let Some(first) = args.first() {
                    let t = self.import_type(first);
                    self.note_expr(
                        head.syntax().text_range(),
                        &Ty::arrow(Ty::stringish(), Ty::dyn_()),
                    );
                    return self.apply_rest(t, &args[1..], e);
                }
            }
        }
        if let Some((s, doc)) = self.callee_scheme(&head) {
            if s.has_vars() || doc {
                let t = instantiate(&s, &Subst::new());
                self.note_expr(head.syntax().text_range(), &t);
                self.demand(&head, &callable());
                return self.apply_scheme(&s, doc, &head, &args);
            }
        }
        let fty = self.infer(&head);
        self.demand(&head, &callable());
        self.apply_args(fty, &head, &args)
    }

    fn apply_rest(&mut self, f: Ty, args: &[ast::Expr], whole: &ast::Expr) -> Ty {
        if args.is_empty() {
            return f;
        }
        let mut head = whole.clone();
        // The head expression for messages: the application minus the trailing args.
        for _ in 0..args.len() {
            if let ast::Expr::Apply(app) = &head {
                if let Some(l) = app.lambda() {
                    head = l;
                }
            }
        }
        self.apply_args(f, &head, args)
    }

    fn apply_args(&mut self, mut fty: Ty, head: &ast::Expr, args: &[ast::Expr]) -> Ty {
        let name = callee_name(head);
        for arg in args {
            if fty.is_dyn() {
                for a in args {
                    let _ = self.infer_lazy(a);
                }
                return Ty::dyn_();
            }
            let callable = !fty.funs.is_empty() || !fty.attrs.is_empty() || fty.dyn_;
            if !callable {
                self.diag(
                    head.syntax().text_range(),
                    self.certain(),
                    codes::NOT_A_FUNCTION,
                    format!(
                        "`{}` is not a function, it cannot be applied to an argument",
                        show(&fty)
                    ),
                );
                let _ = self.infer_lazy(arg);
                return Ty::dyn_();
            }
            if fty.null && !fty.dyn_ {
                self.diag(
                    head.syntax().text_range(),
                    Severity::Warning,
                    codes::MAYBE_NULL,
                    format!("this may be null, not a function (it is `{}`)", show(&fty)),
                );
            }
            let dom = fty.domain();
            // `Fun` (`Never -> Any`) says nothing about its domain.
            let dom = if dom.is_never() { Ty::dyn_() } else { dom };
            let expected = if dom.is_dyn() {
                None
            } else {
                Some(fty.clone())
            };
            let at = if dom.is_dyn() || !fty.attrs.is_empty() {
                self.infer_lazy(arg)
            } else {
                let at = self.check_arg(arg, expected.as_ref(), &dom);
                if !self.argument_fits(arg, &at, &dom, &name, true) {
                    let _ = fty.apply(&at);
                    return Ty::dyn_();
                }
                at
            };
            fty = fty.apply(&at);
            if fty.is_never() {
                // Every arrow was excluded: Nix would fail; already reported, or unknown.
                return Ty::dyn_();
            }
        }
        fty
    }

    /// Infers an argument; a lambda argument is checked against the function's domain arrows.
    fn check_arg(&mut self, arg: &ast::Expr, fty: Option<&Ty>, dom: &Ty) -> Ty {
        let _ = fty;
        if let ast::Expr::Lambda(_) = strip_parens(arg) {
            if dom.arrows().is_some() {
                let saved = std::mem::replace(&mut self.strict, false);
                let t = self.check_or_infer(arg, Some(dom));
                self.strict = saved;
                return t;
            }
        }
        let saved = self.strict;
        let t = self.infer_lazy(arg);
        self.strict = saved;
        self.demand(arg, dom);
        t
    }

    /// Reports an argument outside the domain. `certain`: the domain is a contract (builtin,
    /// annotation, pattern, demands), so a disjoint argument surely fails.
    fn argument_fits(
        &mut self,
        arg: &ast::Expr,
        at: &Ty,
        dom: &Ty,
        callee: &str,
        certain: bool,
    ) -> bool {
        if at.dyn_ {
            return true;
        }
        if at.surely_disjoint(dom) {
            let reason = record_reason(at, dom);
            self.diag(
                arg.syntax().text_range(),
                if certain {
                    self.certain()
                } else {
                    Severity::Warning
                },
                codes::ARGUMENT,
                format!(
                    "argument of `{callee}` must be `{}`, but it is `{}`{reason}",
                    show(dom),
                    show(at)
                ),
            );
            return false;
        }
        if at.null && !dom.null && !dom.dyn_ && !at.surely_subtype(dom) {
            self.diag(
                arg.syntax().text_range(),
                Severity::Warning,
                codes::MAYBE_NULL,
                format!(
                    "argument of `{callee}` must be `{}`, but it may be null (it is `{}`)",
                    show(dom),
                    show(at)
                ),
            );
        }
        true
    }

    fn apply_scheme(&mut self, s: &TyExpr, doc: bool, head: &ast::Expr, args: &[ast::Expr]) -> Ty {
        let name = callee_name(head);
        // Peel the parameters.
        let mut params = Vec::new();
        let mut rest = s;
        while let TyExpr::Arrow(p, q) = rest {
            if params.len() == args.len() {
                break;
            }
            params.push(&**p);
            rest = q;
        }
        let n = params.len();
        let mut subst = Subst::new();
        let mut arg_types: Vec<Option<Ty>> = vec![None; n];
        // Non-lambda arguments first, left to right.
        for i in 0..n {
            if matches!(strip_parens(&args[i]), ast::Expr::Lambda(_)) {
                continue;
            }
            let t = self.infer_lazy(&args[i]);
            match_ty(params[i], &t, &mut subst);
            arg_types[i] = Some(t);
        }
        // Lambda arguments, checked against the instantiated domain (twice if a variable of
        // their domain grows from their own result, as an accumulator does).
        for i in 0..n {
            if arg_types[i].is_some() {
                continue;
            }
            let mut t = Ty::dyn_();
            for round in 0..2 {
                let want = instantiate(params[i], &subst);
                let saved_record = self.record;
                if round == 0 {
                    self.record = false;
                }
                let saved = std::mem::replace(&mut self.strict, false);
                t = self.check_or_infer(&args[i], Some(&want));
                self.strict = saved;
                self.record = saved_record;
                let before = subst.clone();
                match_ty(params[i], &t, &mut subst);
                if round == 0 && before == subst {
                    // Stable: type it for real (recorded).
                    let saved = std::mem::replace(&mut self.strict, false);
                    t = self.check_or_infer(&args[i], Some(&want));
                    self.strict = saved;
                    break;
                }
            }
            arg_types[i] = Some(t);
        }
        for i in 0..n {
            let want = instantiate(params[i], &subst);
            let at = arg_types[i].clone().unwrap_or_else(Ty::dyn_);
            self.demand(&args[i], &want);
            if !doc && !self.argument_fits(&args[i], &at, &want, &name, true) {
                for a in &args[n..] {
                    let _ = self.infer_lazy(a);
                }
                return Ty::dyn_();
            }
        }
        let result = instantiate(rest, &subst);
        let result = if doc { soften(&result) } else { result };
        let result = special_result(&name, args, &arg_types, result);
        if args.len() > n {
            return self.apply_args(result, head, &args[n..]);
        }
        result
    }

    fn import_type(&mut self, arg: &ast::Expr) -> Ty {
        let t = self.infer_lazy(arg);
        let _ = t;
        let path = match strip_parens(arg) {
            ast::Expr::PathRel(p) => Some(p.syntax().text().to_string()),
            ast::Expr::PathAbs(p) => Some(p.syntax().text().to_string()),
            _ => None,
        };
        match path {
            Some(p) if !p.contains("${") => self.imports.import_type(&p).unwrap_or_else(Ty::dyn_),
            _ => Ty::dyn_(),
        }
    }

    // ----- records -----

    fn select(&mut self, sel: &ast::Select) -> Ty {
        let Some(base) = sel.expr() else {
            return Ty::dyn_();
        };
        let attrs: Vec<ast::Attr> = sel
            .attrpath()
            .map(|p| p.attrs().collect())
            .unwrap_or_default();
        let default = sel.default_expr();
        // `builtins.x`: the builtin's type.
        if attrs.len() == 1 && self.is_builtins_ident(&base) {
            if let Some(name) = static_attr(&attrs[0]) {
                let bt = scheme::builtins_record().clone();
                self.note_expr(base.syntax().text_range(), &bt);
                if let Some(t) = builtin_schemes().get(name.as_str()) {
                    return instantiate(t, &Subst::new());
                }
                if name == "builtins" {
                    return bt;
                }
                return match default {
                    Some(d) => Ty::dyn_().union(&self.infer_lazy(&d)),
                    None => Ty::dyn_(),
                };
            }
        }
        let mut t = self.infer(&base);
        if default.is_none() {
            if let Some(first) = attrs.first().and_then(static_attr) {
                let mut rec = Rec::open();
                rec.set(&first, Ty::dyn_(), false);
                self.demand(&base, &Ty::record(rec));
            }
        }
        let root_key = path_key(&base);
        let mut key = root_key.clone();
        let mut maybe_missing = false;
        for a in &attrs {
            let name = match a {
                ast::Attr::Ident(_) | ast::Attr::Str(_) => static_attr(a),
                ast::Attr::Dynamic(_) => None,
            };
            if let ast::Attr::Dynamic(_) | ast::Attr::Str(_) = a {
                self.dynamic_attr(a);
            }
            let Some(name) = name else {
                key = None;
                t = Ty::dyn_();
                maybe_missing = true;
                continue;
            };
            key = key.map(|k| format!("{k}.{name}"));
            if let (Some(k), Some(root)) = (&key, &root_key) {
                let root = root.split('.').next().unwrap_or(root);
                if let Some(refined) = self.lookup_path_refinement(k, root) {
                    t = refined;
                    continue;
                }
            }
            if t.is_dyn() {
                maybe_missing = true;
                continue;
            }
            let look = t.field(&name);
            if !look.may_be_present {
                if default.is_none() {
                    let msg = if t.attrs.is_empty() {
                        format!("cannot select attribute `{name}`: the value is `{}`, not an attribute set", show(&t))
                    } else {
                        format!("attribute `{name}` missing in `{}`", show(&t))
                    };
                    self.diag(
                        a.syntax().text_range(),
                        self.certain(),
                        codes::MISSING_ATTRIBUTE,
                        msg,
                    );
                    return Ty::dyn_();
                }
                return self.infer_lazy(&default.unwrap_or_else(|| base.clone()));
            }
            if default.is_none() && t.null && !t.dyn_ {
                self.diag(
                    a.syntax().text_range(),
                    Severity::Warning,
                    codes::MAYBE_NULL,
                    format!(
                        "the value may be null here; selecting `{name}` would fail (it is `{}`)",
                        show(&t)
                    ),
                );
            }
            if !look.surely_present {
                maybe_missing = true;
            }
            t = look.ty;
        }
        match default {
            Some(d) => {
                let dt = self.infer_lazy(&d);
                if maybe_missing {
                    t.union(&dt)
                } else {
                    t
                }
            }
            None => t,
        }
    }

    fn attrset(&mut self, set: &ast::AttrSet) -> Ty {
        if set.rec_token().is_some() {
            let names = self.binding_group(set.syntax(), true);
            let _ = names;
            return self.last_group_type.take().unwrap_or_else(Ty::attrs);
        }
        let tree = self.collect_tree(set.syntax());
        self.tree_type(&tree)
    }
}

// The binding groups of `let` and `rec { }`, and attribute trees.
enum Node {
    Leaf {
        value: ast::Expr,
        /// The binding's name token range (for hovers/inlays) and annotation.
        name_range: TextRange,
        annotation: Option<annot::Annotation>,
        doc: Option<String>,
    },
    Inherit {
        from: Option<ast::Expr>,
        name_range: TextRange,
    },
    Nested(Tree),
}

#[derive(Default)]
struct Tree {
    named: BTreeMap<String, Node>,
    /// `${e}.rest… = value`: the dynamic name, the rest of the path, the value.
    dynamic: Vec<(ast::Attr, Vec<ast::Attr>, ast::Expr)>,
}

impl Engine<'_> {
    fn collect_tree(&mut self, node: &SyntaxNode) -> Tree {
        let mut tree = Tree::default();
        self.add_entries(&mut tree, node, 0);
        tree
    }

    fn add_entries(&mut self, tree: &mut Tree, node: &SyntaxNode, depth: u32) {
        if depth > 32 {
            return;
        }
        for child in node.children() {
            if let Some(apv) = ast::AttrpathValue::cast(child.clone()) {
                let Some(value) = apv.value() else { continue };
                let attrs: Vec<ast::Attr> = apv
                    .attrpath()
                    .map(|p| p.attrs().collect())
                    .unwrap_or_default();
                let annotation = annot::between(
                    apv.syntax(),
                    apv.attrpath()
                        .map(|p| p.syntax().text_range().end())
                        .unwrap_or_default(),
                    &[SyntaxKind::TOKEN_ASSIGN],
                );
                let doc = annot::doc_comment_before(apv.syntax());
                self.insert_path(tree, &attrs, value, annotation, doc, depth);
            } else if let Some(inh) = ast::Inherit::cast(child) {
                let from = inh.from().and_then(|f| f.expr());
                for a in inh.attrs() {
                    if let Some(name) = static_attr(&a) {
                        tree.named.insert(
                            name,
                            Node::Inherit {
                                from: from.clone(),
                                name_range: a.syntax().text_range(),
                            },
                        );
                    }
                }
            }
        }
    }

    fn insert_path(
        &mut self,
        tree: &mut Tree,
        attrs: &[ast::Attr],
        value: ast::Expr,
        annotation: Option<annot::Annotation>,
        doc: Option<String>,
        depth: u32,
    ) {
        let Some(first) = attrs.first() else { return };
        let Some(name) = static_attr(first) else {
            // A dynamic name: its value goes to "every other name".
            tree.dynamic
                .push((first.clone(), attrs[1..].to_vec(), value));
            return;
        };
        if attrs.len() == 1 {
            // `a = { … }; a = { … };` (or after `a.b = …;`): Nix merges the two sets.
            if let (
                Some(Node::Leaf {
                    value: ast::Expr::AttrSet(old),
                    ..
                }),
                ast::Expr::AttrSet(_),
            ) = (tree.named.get(&name), &value)
            {
                let mut sub = Tree::default();
                let old = old.clone();
                self.add_entries(&mut sub, old.syntax(), depth + 1);
                tree.named.insert(name.clone(), Node::Nested(sub));
            }
            match tree.named.get_mut(&name) {
                Some(Node::Nested(sub)) => {
                    if let ast::Expr::AttrSet(s) = &value {
                        self.add_entries(sub, s.syntax(), depth + 1);
                    }
                }
                _ => {
                    tree.named.insert(
                        name,
                        Node::Leaf {
                            value,
                            name_range: first.syntax().text_range(),
                            annotation,
                            doc,
                        },
                    );
                }
            }
            return;
        }
        let entry = tree.named.remove(&name);
        let mut sub = match entry {
            Some(Node::Nested(sub)) => sub,
            Some(Node::Leaf {
                value: ast::Expr::AttrSet(s),
                ..
            }) => {
                // `a = rec { … }; a.c = …;` merges too (Nix keeps it for compatibility); the
                // merged set is typed as a plain one, so its recursive names are `?`.
                let mut sub = Tree::default();
                self.add_entries(&mut sub, s.syntax(), depth + 1);
                sub
            }
            _ => Tree::default(),
        };
        self.insert_path(&mut sub, &attrs[1..], value, annotation, doc, depth + 1);
        tree.named.insert(name, Node::Nested(sub));
    }

    /// The record type of a non-recursive attribute tree.
    fn tree_type(&mut self, tree: &Tree) -> Ty {
        let mut rec = Rec::closed();
        for (name, node) in &tree.named {
            let b = self.node_binding(name, node, NameKind::Attr);
            rec.set(name, b.ty, false);
        }
        self.finish_dynamic(tree, rec)
    }

    fn finish_dynamic(&mut self, tree: &Tree, mut rec: Rec) -> Ty {
        if tree.dynamic.is_empty() {
            return Ty::record(rec);
        }
        let mut rest = Ty::never();
        let mut names_known = true;
        let mut lits: Vec<(String, Ty)> = Vec::new();
        for (attr, path, value) in &tree.dynamic {
            let nt = self.dynamic_attr(attr).unwrap_or_else(Ty::dyn_);
            let vt = if path.is_empty() {
                self.infer_lazy(value)
            } else {
                let mut sub = Tree::default();
                self.insert_path(&mut sub, path, value.clone(), None, None, 1);
                self.tree_type(&sub)
            };
            match nt.as_str_lits() {
                Some(ls) if ls.len() == 1 => lits.push((ls[0].clone(), vt.clone())),
                _ => names_known = false,
            }
            rest = rest.union(&vt);
        }
        if names_known {
            for (n, t) in lits {
                rec.set(&n, t, false);
            }
            return Ty::record(rec);
        }
        // `${e} = v` with e unknown: any other name may hold v; `null` names are skipped.
        rec.rest = Some(Box::new(rest));
        Ty::record(rec)
    }

    fn node_binding(&mut self, name: &str, node: &Node, kind: NameKind) -> Binding {
        match node {
            Node::Leaf {
                value,
                name_range,
                annotation,
                doc,
            } => {
                let doc_sig = doc.as_deref().and_then(super::sig::doc_comment_signature);
                let mut annotated = None;
                if let Some(a) = annotation {
                    match &a.parsed {
                        Ok(t) => annotated = Some(instantiate(t, &Subst::new())),
                        Err(err) => self.annotation_error(a, err),
                    }
                }
                let expected = annotated.clone();
                let saved = std::mem::replace(&mut self.strict, false);
                self.expected_is_annotation =
                    annotated.is_some() && matches!(strip_parens(value), ast::Expr::Lambda(_));
                let found = self.check_or_infer(value, expected.as_ref());
                self.expected_is_annotation = false;
                self.strict = saved;
                let ty = match &annotated {
                    Some(want) => {
                        self.annotation_violation(
                            value.syntax().text_range(),
                            &found,
                            want,
                            &format!("`{name}`"),
                        );
                        want.clone()
                    }
                    None => found,
                };
                let mut b = Binding::plain(ty);
                b.annotated = annotated.is_some();
                if annotated.is_none() {
                    if let Some(sig) = doc_sig {
                        // Documentation, not a contract: calls use it (softened with `?`, so it
                        // can never cause an error), and it shows where inference knows nothing.
                        if b.ty.is_dyn() {
                            b.ty = soften(&instantiate(&sig, &Subst::new()));
                        }
                        b.scheme = Some(Rc::new(sig));
                        b.doc_scheme = true;
                    }
                }
                self.note_name(
                    *name_range,
                    name,
                    kind,
                    &b.ty,
                    annotation.as_ref().map(|a| a.text.clone()),
                );
                b
            }
            Node::Inherit { from, name_range } => {
                let b = match from {
                    None => self.lookup(name),
                    Some(e) => {
                        if self.is_builtins_ident(e) {
                            match builtin_schemes().get(name) {
                                Some(t) => scheme_binding(t, false),
                                None => Binding::plain(Ty::dyn_()),
                            }
                        } else {
                            let t = self.infer_lazy(e);
                            let look = t.field(name);
                            if !look.may_be_present && !t.dyn_ {
                                self.diag(
                                    *name_range,
                                    self.certain(),
                                    codes::MISSING_ATTRIBUTE,
                                    format!("attribute `{name}` missing in `{}`", show(&t)),
                                );
                                Binding::plain(Ty::dyn_())
                            } else {
                                Binding::plain(look.ty)
                            }
                        }
                    }
                };
                let shown = match &b.scheme {
                    Some(s) if b.ty.is_dyn() => instantiate(s, &Subst::new()),
                    _ => b.ty.clone(),
                };
                self.note_name(*name_range, name, kind, &shown, None);
                let mut b = b;
                b.param = None;
                b
            }
            Node::Nested(sub) => {
                let t = self.tree_type(sub);
                Binding::plain(t)
            }
        }
    }

    /// `let` / `rec { }` bindings, typed in dependency order (strongly connected components);
    /// a genuinely recursive group types its unannotated members `?` while they are inferred.
    /// For `rec`, the record type is left in `last_group_type`.
    fn binding_group(&mut self, node: &SyntaxNode, is_rec_set: bool) -> HashMap<String, Binding> {
        let tree = self.collect_tree(node);
        let names: Vec<String> = tree.named.keys().cloned().collect();
        let index: HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        // Dependencies: free identifiers of each binding that name group members.
        let deps: Vec<Vec<usize>> = names
            .iter()
            .map(|n| {
                let mut out = Vec::new();
                if let Some(node) = tree.named.get(n) {
                    node_idents(node, &mut |id| {
                        if let Some(&j) = index.get(id) {
                            out.push(j);
                        }
                    });
                }
                out
            })
            .collect();
        let sccs = tarjan(&deps);
        let kind = if is_rec_set {
            NameKind::Attr
        } else {
            NameKind::Let
        };
        // One scope for the whole group, filled in dependency order (no copies: groups of
        // thousands of bindings stay linear).
        self.push(ScopeKind::Lexical, HashMap::new());
        let group = self.scopes.len() - 1;
        for comp in sccs {
            let recursive = comp.len() > 1 || deps[comp[0]].contains(&comp[0]);
            if recursive {
                for &i in &comp {
                    let mut b = Binding::plain(Ty::dyn_());
                    if let Some(Node::Leaf {
                        annotation: Some(a),
                        ..
                    }) = tree.named.get(&names[i])
                    {
                        if let Ok(t) = &a.parsed {
                            b = Binding::plain(instantiate(t, &Subst::new()));
                            b.annotated = true;
                        }
                    }
                    self.scopes[group].names.insert(names[i].clone(), b);
                }
            }
            for &i in &comp {
                let Some(node) = tree.named.get(&names[i]) else {
                    continue;
                };
                // `inherit x;` in a group refers to the enclosing scope, not the group.
                let b = if let Node::Inherit { from: None, .. } = node {
                    let hidden = std::mem::take(&mut self.scopes[group].names);
                    let b = self.node_binding(&names[i], node, kind);
                    self.scopes[group].names = hidden;
                    b
                } else {
                    self.node_binding(&names[i], node, kind)
                };
                self.scopes[group].names.insert(names[i].clone(), b);
            }
        }
        let scope = std::mem::take(&mut self.scopes[group].names);
        self.pop();
        if is_rec_set {
            let mut rec = Rec::closed();
            for n in &names {
                if let Some(b) = scope.get(n) {
                    let t = match &b.scheme {
                        Some(s) if b.ty.is_dyn() => instantiate(s, &Subst::new()),
                        _ => b.ty.clone(),
                    };
                    rec.set(n, t, false);
                }
            }
            let t = if tree.dynamic.is_empty() {
                Ty::record(rec)
            } else {
                self.push(ScopeKind::Lexical, scope.clone());
                let t = self.finish_dynamic(&tree, rec);
                self.pop();
                t
            };
            let mut t = t;
            if tree.named.contains_key("__overrides") {
                // `__overrides` (legacy) may add or replace any attribute of a `rec` set.
                for r in &mut t.attrs {
                    for f in std::sync::Arc::make_mut(&mut r.fields).values_mut() {
                        f.ty = Ty::dyn_();
                    }
                    r.rest = Some(Box::new(Ty::dyn_()));
                }
            }
            self.last_group_type = Some(t);
        } else if !tree.dynamic.is_empty() {
            for (attr, _, value) in &tree.dynamic {
                self.dynamic_attr(attr);
                let _ = self.infer_lazy(value);
            }
        }
        scope
    }
}

/// What can be called: a function, or a set with `__functor`.
fn callable() -> Ty {
    let mut functor = Rec::open();
    functor.set("__functor", Ty::dyn_(), false);
    Ty::fun().union(&Ty::record(functor))
}

/// A documented type made gradual: `?` joined to every result and domain, so that it informs
/// hovers and results but can never make a check fail.
fn soften(t: &Ty) -> Ty {
    let mut out = t.clone();
    for f in &mut out.funs {
        for (d, c) in &mut f.arrows {
            *d = d.union(&Ty::dyn_());
            *c = soften(c);
        }
    }
    out.union(&Ty::dyn_())
}

fn scheme_binding(t: &TyExpr, doc: bool) -> Binding {
    Binding {
        ty: if t.has_vars() {
            Ty::dyn_()
        } else {
            instantiate(t, &Subst::new())
        },
        param: None,
        scheme: if t.has_vars() {
            Some(Rc::new(t.clone()))
        } else {
            None
        },
        doc_scheme: doc,
        annotated: false,
    }
}

/// Identifiers mentioned under a node (over-approximation of its free variables).
fn node_idents(node: &Node, f: &mut dyn FnMut(&str)) {
    match node {
        Node::Leaf { value, .. } => idents_in(value.syntax(), f),
        Node::Inherit { from: Some(e), .. } => idents_in(e.syntax(), f),
        Node::Inherit { from: None, .. } => {}
        Node::Nested(t) => {
            for n in t.named.values() {
                node_idents(n, f);
            }
            for (a, _, v) in &t.dynamic {
                idents_in(a.syntax(), f);
                idents_in(v.syntax(), f);
            }
        }
    }
}

fn idents_in(node: &SyntaxNode, f: &mut dyn FnMut(&str)) {
    for n in node.descendants() {
        if n.kind() == SyntaxKind::NODE_IDENT {
            // Attribute names in `a.b` / `{ b = …; }` are idents too: over-approximate.
            if let Some(t) = n.first_token() {
                f(t.text());
            }
        }
    }
}

/// Tarjan's strongly connected components, in dependency order (dependencies first).
fn tarjan(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = deps.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut counter = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        // Iterative DFS: (node, next child position).
        let mut work = vec![(start, 0usize)];
        index[start] = counter;
        low[start] = counter;
        counter += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos < deps[v].len() {
                let w = deps[v][*pos];
                *pos += 1;
                if index[w] == usize::MAX {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.push(comp);
                }
            }
        }
    }
    out
}

// ----- operators -----

impl Engine<'_> {
    fn unary(&mut self, u: &ast::UnaryOp) -> Ty {
        let Some(e) = u.expr() else { return Ty::dyn_() };
        let t = self.infer(&e);
        match u.operator() {
            Some(ast::UnaryOpKind::Invert) => {
                if !self.require(&e, &t, &Ty::bool_(), "the operand of `!`") {
                    return Ty::dyn_();
                }
                match t.as_bool_lit() {
                    Some(b) => Ty::bool_lit(!b),
                    None => Ty::bool_(),
                }
            }
            Some(ast::UnaryOpKind::Negate) => {
                if !self.require(&e, &t, &Ty::number(), "the operand of `-`") {
                    return Ty::dyn_();
                }
                if t.dyn_ {
                    return Ty::dyn_();
                }
                let mut out = Ty::never();
                if !t.int.is_none() {
                    out = out.union(&match &t.int {
                        super::ty::Lits::Only(s) if s.len() == 1 => {
                            let n = *s.iter().next().unwrap_or(&0);
                            n.checked_neg().map(Ty::int_lit).unwrap_or_else(Ty::int)
                        }
                        _ => Ty::int(),
                    });
                }
                if t.float {
                    out = out.union(&Ty::float());
                }
                out
            }
            None => Ty::dyn_(),
        }
    }

    fn binop(&mut self, b: &ast::BinOp) -> Ty {
        use ast::BinOpKind as K;
        let (Some(l), Some(r), Some(op)) = (b.lhs(), b.rhs(), b.operator()) else {
            if let Some(l) = b.lhs() {
                self.infer(&l);
            }
            if let Some(r) = b.rhs() {
                self.infer(&r);
            }
            return Ty::dyn_();
        };
        match op {
            K::And | K::Or | K::Implication => {
                let lt = self.infer(&l);
                self.require(
                    &l,
                    &lt,
                    &Ty::bool_(),
                    &format!("the left operand of `{}`", op_text(op)),
                );
                let (then_r, else_r) = self.refinements(&l);
                // The right operand runs only when the left does not decide.
                // Its uses are not demands (a separate frame, dropped), but a failure in it is
                // certain when it runs.
                let refs = if op == K::Or { else_r } else { then_r };
                self.frames.push(HashMap::new());
                let live = self.push_refinements(&refs);
                let rt = if live { self.infer(&r) } else { Ty::dyn_() };
                if live {
                    self.require(
                        &r,
                        &rt,
                        &Ty::bool_(),
                        &format!("the right operand of `{}`", op_text(op)),
                    );
                }
                self.pop();
                self.frames.pop();
                match (op, lt.as_bool_lit()) {
                    (K::And, Some(false)) => Ty::bool_lit(false),
                    (K::Or, Some(true)) => Ty::bool_lit(true),
                    (K::Implication, Some(false)) => Ty::bool_lit(true),
                    _ => Ty::bool_(),
                }
            }
            K::Equal | K::NotEqual => {
                self.infer(&l);
                self.infer(&r);
                Ty::bool_()
            }
            K::Less | K::LessOrEq | K::More | K::MoreOrEq => {
                let lt = self.infer(&l);
                let rt = self.infer(&r);
                let comparable = Ty::number()
                    .union(&Ty::string())
                    .union(&Ty::path())
                    .union(&Ty::any_list());
                let ok_l = self.require(
                    &l,
                    &lt,
                    &comparable,
                    &format!("an operand of `{}`", op_text(op)),
                );
                let ok_r = self.require(
                    &r,
                    &rt,
                    &comparable,
                    &format!("an operand of `{}`", op_text(op)),
                );
                if ok_l && ok_r {
                    if rt.surely_subtype(&Ty::number()) {
                        self.demand(&l, &Ty::number());
                    }
                    if lt.surely_subtype(&Ty::number()) {
                        self.demand(&r, &Ty::number());
                    }
                }
                Ty::bool_()
            }
            K::Concat => {
                let lt = self.infer(&l);
                let rt = self.infer(&r);
                let ok_l = self.require(&l, &lt, &Ty::any_list(), "an operand of `++`");
                let ok_r = self.require(&r, &rt, &Ty::any_list(), "an operand of `++`");
                if !ok_l || !ok_r {
                    return Ty::dyn_();
                }
                match (lt.list_elem(), rt.list_elem()) {
                    (Some(a), Some(b)) if !lt.dyn_ && !rt.dyn_ => Ty::list(a.union(&b)),
                    _ => Ty::dyn_(),
                }
            }
            K::Update => {
                let lt = self.infer(&l);
                let rt = self.infer(&r);
                let ok_l = self.require(&l, &lt, &Ty::attrs(), "an operand of `//`");
                let ok_r = self.require(&r, &rt, &Ty::attrs(), "an operand of `//`");
                if !ok_l || !ok_r {
                    return Ty::dyn_();
                }
                lt.update(&rt)
            }
            K::Add => self.add(&l, &r),
            K::Sub | K::Mul | K::Div => {
                let lt = self.infer(&l);
                let rt = self.infer(&r);
                let what = format!("an operand of `{}`", op_text(op));
                let ok_l = self.require(&l, &lt, &Ty::number(), &what);
                let ok_r = self.require(&r, &rt, &Ty::number(), &what);
                if !ok_l || !ok_r {
                    return Ty::dyn_();
                }
                arith(&lt, &rt)
            }
            K::PipeRight | K::PipeLeft => {
                let (f, x) = if op == K::PipeRight { (r, l) } else { (l, r) };
                let ft = self.infer(&f);
                let name = callee_name(&f);
                let xt = self.infer_lazy(&x);
                if ft.is_dyn() {
                    return Ty::dyn_();
                }
                if ft.funs.is_empty() && ft.attrs.is_empty() {
                    self.diag(
                        f.syntax().text_range(),
                        self.certain(),
                        codes::NOT_A_FUNCTION,
                        format!(
                            "`{}` is not a function, it cannot be applied to an argument",
                            show(&ft)
                        ),
                    );
                    return Ty::dyn_();
                }
                let dom = ft.domain();
                if !self.argument_fits(&x, &xt, &dom, &name, true) {
                    return Ty::dyn_();
                }
                let out = ft.apply(&xt);
                if out.is_never() {
                    Ty::dyn_()
                } else {
                    out
                }
            }
        }
    }

    fn add(&mut self, l: &ast::Expr, r: &ast::Expr) -> Ty {
        let lt = self.infer(l);
        let rt = self.infer(r);
        // What each side must be, given the other. A set with `outPath`/`__toString` on the
        // left concatenates as a string (Nix coerces it), so the left side is `Stringish` too.
        let addable = Ty::number().union(&Ty::stringish());
        let want_l = if rt.surely_subtype(&Ty::number()) {
            Ty::number()
        } else if rt.surely_subtype(&Ty::string().union(&Ty::path())) {
            Ty::stringish()
        } else {
            addable.clone()
        };
        let want_r = if lt.surely_subtype(&Ty::number()) {
            Ty::number()
        } else if lt.surely_subtype(&Ty::stringish()) {
            Ty::stringish()
        } else {
            addable.clone()
        };
        let ok_l = self.require(l, &lt, &want_l, "an operand of `+`");
        let ok_r = self.require(r, &rt, &want_r, "an operand of `+`");
        if !ok_l || !ok_r {
            return Ty::dyn_();
        }
        if lt.is_dyn() && rt.is_dyn() {
            return Ty::dyn_();
        }
        let may_num = |t: &Ty| t.dyn_ || !t.int.is_none() || t.float;
        let may_stringish = |t: &Ty| t.dyn_ || !t.surely_disjoint(&Ty::stringish());
        let mut out = Ty::never();
        if may_num(&lt) && may_num(&rt) {
            let num = Ty::number();
            let part = |t: &Ty| if t.dyn_ { Ty::number() } else { t.inter(&num) };
            out = out.union(&arith(&part(&lt), &part(&rt)));
        }
        if (lt.dyn_ || !lt.string.is_none()) && may_stringish(&rt) {
            out = out.union(&Ty::string());
        }
        if (lt.dyn_ || lt.path) && may_stringish(&rt) {
            out = out.union(&Ty::path());
        }
        if !lt.attrs.is_empty() && may_stringish(&rt) {
            out = out.union(&Ty::string());
        }
        if out.is_never() {
            self.diag(
                TextRange::new(
                    l.syntax().text_range().start(),
                    r.syntax().text_range().end(),
                ),
                self.certain(),
                codes::MISMATCH,
                format!("cannot add `{}` and `{}`", show(&lt), show(&rt)),
            );
            return Ty::dyn_();
        }
        out
    }
}

/// The numeric result of `+ - * /` on the numeric parts of two operands (`?` counts as
/// either kind of number): `Int` when both may be integers, `Float` when either may be a float.
fn arith(l: &Ty, r: &Ty) -> Ty {
    let l_int = l.dyn_ || !l.int.is_none();
    let r_int = r.dyn_ || !r.int.is_none();
    let l_float = l.dyn_ || l.float;
    let r_float = r.dyn_ || r.float;
    let mut out = Ty::never();
    if l_int && r_int {
        out = out.union(&Ty::int());
    }
    if l_float && (r_float || r_int) || r_float && l_int {
        out = out.union(&Ty::float());
    }
    out
}

fn op_text(op: ast::BinOpKind) -> &'static str {
    use ast::BinOpKind as K;
    match op {
        K::Concat => "++",
        K::Update => "//",
        K::Add => "+",
        K::Sub => "-",
        K::Mul => "*",
        K::Div => "/",
        K::And => "&&",
        K::Equal => "==",
        K::Implication => "->",
        K::Less => "<",
        K::LessOrEq => "<=",
        K::More => ">",
        K::MoreOrEq => ">=",
        K::NotEqual => "!=",
        K::Or => "||",
        K::PipeRight => "|>",
        K::PipeLeft => "<|",
    }
}

// ----- helpers -----

fn literal(lit: &ast::Literal) -> Ty {
    match lit.kind() {
        ast::LiteralKind::Integer(i) => match i.value() {
            Ok(n) => Ty::int_lit(n),
            Err(_) => Ty::int(),
        },
        ast::LiteralKind::Float(_) => Ty::float(),
        ast::LiteralKind::Uri(_) => Ty::string(),
    }
}

pub(super) fn strip_parens(e: &ast::Expr) -> ast::Expr {
    let mut e = e.clone();
    for _ in 0..1000 {
        match &e {
            ast::Expr::Paren(p) => match p.expr() {
                Some(inner) => e = inner,
                None => break,
            },
            _ => break,
        }
    }
    e
}

fn ident_name(e: &ast::Expr) -> Option<String> {
    match strip_parens(e) {
        ast::Expr::Ident(i) => i.ident_token().map(|t| t.text().to_string()).or_else(|| {
            // `or` used as an identifier.
            i.syntax().first_token().map(|t| t.text().to_string())
        }),
        _ => None,
    }
}

/// `x`, `x.a.b` (static names only) as a refinement key.
fn path_key(e: &ast::Expr) -> Option<String> {
    match strip_parens(e) {
        ast::Expr::Ident(_) => ident_name(e),
        ast::Expr::Select(s) if s.default_expr().is_none() => {
            let mut key = path_key(&s.expr()?)?;
            for a in s.attrpath()?.attrs() {
                key.push('.');
                key.push_str(&static_attr(&a)?);
            }
            Some(key)
        }
        _ => None,
    }
}

pub(super) fn static_attr(a: &ast::Attr) -> Option<String> {
    match a {
        ast::Attr::Ident(i) => i.syntax().first_token().map(|t| t.text().to_string()),
        ast::Attr::Str(s) => {
            let mut out = String::new();
            for p in string_parts(s)? {
                match p {
                    ast::InterpolPart::Literal(t) => out.push_str(&t),
                    ast::InterpolPart::Interpolation(_) => return None,
                }
            }
            Some(out)
        }
        ast::Attr::Dynamic(d) => match d.expr()? {
            ast::Expr::Str(s) => static_attr(&ast::Attr::Str(s)),
            _ => None,
        },
    }
}

/// The parts of a string; `None` for a string broken by a syntax error (rnix's own part
/// iterators assert on those).
fn string_parts(s: &ast::Str) -> Option<Vec<ast::InterpolPart<String>>> {
    let well_formed = s.syntax().children_with_tokens().all(|child| match child {
        rowan::NodeOrToken::Token(t) => matches!(
            t.kind(),
            SyntaxKind::TOKEN_STRING_CONTENT
                | SyntaxKind::TOKEN_STRING_START
                | SyntaxKind::TOKEN_STRING_END
        ),
        rowan::NodeOrToken::Node(n) => n.kind() == SyntaxKind::NODE_INTERPOL,
    });
    well_formed.then(|| s.normalized_parts())
}

fn string_literal(e: &ast::Expr) -> Option<String> {
    match strip_parens(e) {
        ast::Expr::Str(s) => static_attr(&ast::Attr::Str(s)),
        _ => None,
    }
}

fn callee_name(e: &ast::Expr) -> String {
    let text = strip_parens(e).syntax().text().to_string();
    if text.len() > 40 || text.contains('\n') {
        "the function".to_string()
    } else {
        text
    }
}

fn show(t: &Ty) -> String {
    let s = t.show(Show { widen: true });
    if s.chars().count() > 120 {
        let cut: String = s.chars().take(117).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// Why a record argument is outside a record domain: "; missing field `x`".
fn record_reason(at: &Ty, dom: &Ty) -> String {
    if at.attrs.len() != 1 || dom.attrs.len() != 1 {
        return String::new();
    }
    let (a, d) = (&at.attrs[0], &dom.attrs[0]);
    for (name, f) in d.fields.iter() {
        if !f.optional && !a.fields.contains_key(name) && a.rest.is_none() {
            return format!("; missing field `{name}`");
        }
    }
    if d.rest.is_none() {
        for name in a.fields.keys() {
            if !d.fields.contains_key(name) {
                return format!("; unexpected field `{name}`");
            }
        }
    }
    String::new()
}

fn may_be_null_only(found: &Ty, want: &Ty) -> bool {
    found.null
        && !want.null
        && Ty {
            null: false,
            ..found.clone()
        }
        .surely_subtype(want)
}

/// Refinement types that express "not this" (they would turn `?` into a cofinite type).
fn has_negative_shape(r: &Ty) -> bool {
    let kinds = [
        r.null,
        r.bools != 0,
        !r.int.is_none(),
        r.float,
        !r.string.is_none(),
        r.path,
        r.list.is_some(),
        !r.attrs.is_empty(),
        !r.funs.is_empty(),
    ];
    kinds.iter().filter(|k| **k).count() >= 5
}

fn refs_and(a: &Refinements, b: &Refinements) -> Refinements {
    let mut out = a.clone();
    for (k, t) in b {
        let merged = match out.get(k) {
            Some(old) => old.inter(t),
            None => t.clone(),
        };
        out.insert(k.clone(), merged);
    }
    out
}

fn refs_or(a: &Refinements, b: &Refinements) -> Refinements {
    let mut out = Refinements::new();
    for (k, ta) in a {
        if let Some(tb) = b.get(k) {
            out.insert(k.clone(), ta.union(tb));
        }
    }
    out
}

/// Refinements from `f x` where `f`'s arrows map some domains to `true` and others to `false`.
fn predicate_refinements(fty: &Ty, key: String) -> (Refinements, Refinements) {
    let mut then_r = Refinements::new();
    let mut else_r = Refinements::new();
    let Some(arrows) = fty.arrows() else {
        return (then_r, else_r);
    };
    let mut then_ty = Ty::never();
    let mut else_ty = Ty::never();
    for (d, c) in &arrows {
        if c.dyn_ {
            return (then_r, else_r);
        }
        if c.bools & 2 != 0 {
            then_ty = then_ty.union(d);
        }
        if c.bools & 1 != 0 {
            else_ty = else_ty.union(d);
        }
    }
    if then_ty.is_any() && else_ty.is_any() {
        return (then_r, else_r);
    }
    then_r.insert(key.clone(), then_ty);
    else_r.insert(key, else_ty);
    (then_r, else_r)
}

/// Builtins whose result depends on argument values in ways a type scheme cannot say.
fn special_result(name: &str, args: &[ast::Expr], arg_types: &[Option<Ty>], result: Ty) -> Ty {
    let base = name.strip_prefix("builtins.").unwrap_or(name);
    match base {
        // `getAttr "x" r`: the field of a literal name.
        "getAttr" if args.len() >= 2 => {
            if let (Some(n), Some(Some(r))) = (string_literal(&args[0]), arg_types.get(1)) {
                let look = r.field(&n);
                if look.may_be_present && !r.dyn_ {
                    return look.ty;
                }
            }
            result
        }
        "removeAttrs" if !args.is_empty() => {
            // Keep the record's shape with the removed fields made optional (sound, simple).
            if let Some(Some(r)) = arg_types.first() {
                if !r.dyn_ && !r.attrs.is_empty() {
                    let mut out = r.clone();
                    for rec in &mut out.attrs {
                        for f in std::sync::Arc::make_mut(&mut rec.fields).values_mut() {
                            f.optional = true;
                        }
                    }
                    return out;
                }
            }
            result
        }
        _ => result,
    }
}

#[allow(dead_code)]
fn unused(_: TextSize, _: Field) {}
