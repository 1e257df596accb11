//! The inference walk over check's IR: bidirectional (infer bottom-up, check against an
//! expected type where one is known), with occurrence typing and use-inferred parameters.
//!
//! Names are the IR's: a reference's meaning comes from [`crate::resolve`] (a [`NameId`]'s
//! recorded binding, a builtin, or the `with`s that may provide it), binding groups are the
//! IR's [`crate::ir::Bindings`] (attribute paths already merged by lowering), typed in
//! dependency order computed on [`NameId`]s.
//!
//! A file is walked in passes. Every pass but the last is quiet: it only collects, for each
//! lambda parameter, the intersection of the types its *strict* uses demand (uses that surely
//! run when the body runs: not under an `if` branch taken only sometimes, not in a lazy list
//! element or attribute value, not in an inner lambda). The last pass types parameters with
//! those demands and records types and diagnostics.
//!
//! One concern per file: `records.rs` (sets, bindings, selection), `apply.rs` (lambdas and
//! calls), `specialize.rs` (calls of known lambdas re-inferred with their argument's type),
//! `refine.rs` (conditions and occurrence typing), `ops.rs` (operators), `util.rs` (pure
//! helpers), `comments.rs` (annotations and doc comments, parentheses), `confirm.rs` (the type
//! algebra's confirmation of every type diagnostic inference proposes).

mod apply;
pub(crate) mod comments;
mod confirm;
mod ops;
mod records;
mod refine;
mod specialize;
mod util;

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::rc::Rc;

use nixty_parse::TextRange;

use super::codes;
use super::scheme::{self, builtin_schemes, instantiate, Subst};
use super::sig::TyExpr;
use super::ty::{Rec, Ty};
use super::{ImportTypes, Inference, NameKind, NameType};
use crate::ir::{Expr, ExprId, InterpolPart, Literal, Module, NameId};
use crate::lower::SourceMap;
use crate::resolve::{NameResolution, Resolution};
use crate::{Diagnostic, Severity};

use comments::Comments;
use util::{scheme_binding, show};

/// Steps of inference per file before everything left becomes `?`.
const FUEL: u64 = 2_000_000;
/// Expression nesting deeper than this is typed `?` (guards the native stack).
const MAX_DEPTH: u32 = 400;

#[derive(Clone)]
pub(super) struct Binding {
    ty: Ty,
    /// This name is a lambda parameter whose type is inferred from its uses (demands).
    param: bool,
    /// A schematic type, instantiated per call.
    scheme: Option<Rc<TyExpr>>,
    /// The scheme comes from a doc comment (documentation, not a contract: no errors).
    doc_scheme: bool,
    /// The type was written in an annotation.
    annotated: bool,
    /// The expression the value is known to be, when it is a lambda (calls may specialize
    /// it, see `specialize.rs`) or a path literal (`import` may follow it).
    value: Option<ExprId>,
}

impl Binding {
    fn plain(ty: Ty) -> Binding {
        Binding {
            ty,
            param: false,
            scheme: None,
            doc_scheme: false,
            annotated: false,
            value: None,
        }
    }

    /// The type a use of this name has (a scheme without a type instantiated fresh).
    fn use_type(&self) -> Ty {
        match &self.scheme {
            Some(s) if self.ty.is_dyn() => instantiate(s, &Subst::new()),
            _ => self.ty.clone(),
        }
    }
}

/// What a refinement is about: a variable, or an attribute path below one (`x.a.b`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub(super) struct Key {
    root: Root,
    path: Vec<String>,
}

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
enum Root {
    /// A lexically bound name.
    Name(NameId),
    /// A name from a `with` or the builtins (no lexical binding can be in between: a lexical
    /// one would resolve to a [`Root::Name`]).
    Free(String),
}

/// Per variable (or attribute path): the type the value surely has in that branch, and the
/// reference the key was read from (to look up the current type of its root).
type Refinements = BTreeMap<Key, (Ty, ExprId)>;

/// The read-only inputs of a walk.
pub(crate) struct Input<'a> {
    pub text: &'a str,
    pub module: &'a Module,
    pub source_map: &'a SourceMap,
    pub names: &'a NameResolution,
    pub comments: &'a Comments,
    pub imports: &'a dyn ImportTypes,
}

pub(super) struct Engine<'a> {
    input: &'a Input<'a>,
    m: &'a Module,
    /// The parent of every expression (for dependency analysis of binding groups).
    parents: &'a [Option<ExprId>],
    /// The binding of every name typed so far.
    bindings: Vec<Option<Binding>>,
    /// Refinement frames (innermost last).
    refined: Vec<HashMap<Key, Binding>>,
    /// The type of the environment of each `with` walked, and whether it is `builtins`.
    with_envs: HashMap<ExprId, (Ty, bool)>,
    /// Demands found by the previous pass, per parameter.
    prev_demands: HashMap<NameId, Ty>,
    /// Demands being collected: one frame per lambda body / branch.
    frames: Vec<HashMap<NameId, Ty>>,
    demands: HashMap<NameId, Ty>,
    strict: bool,
    record: bool,
    fuel: u64,
    depth: u32,
    expr_types: Vec<Option<Ty>>,
    out: Inference,
    seen_diags: HashSet<(TextRange, String)>,
    /// The lambda about to be typed is the body of another lambda.
    curried_body: bool,
    /// The expected type of the lambda about to be typed is an annotation.
    expected_is_annotation: bool,
    /// The known value (see [`Binding::value`]) of the argument the lambda about to be typed
    /// is specialized for.
    param_value: Option<ExprId>,
    /// Lambdas whose body is being walked (a specialization of one of them would overwrite
    /// the bindings that walk reads).
    active: Vec<ExprId>,
    /// Nesting of specializations and of first rounds of recursive groups (both quiet).
    spec_depth: u32,
    pre_round_depth: u32,
    /// Specializations per lambda in this pass (bounded).
    spec_count: HashMap<ExprId, u32>,
    /// Fuel spent by specializations in this pass (bounded).
    spec_spent: u64,
    /// Specializations in this pass (bounded).
    spec_total: u32,
}

impl<'a> Engine<'a> {
    pub(super) fn run(input: &'a Input<'a>, passes: u32) -> Inference {
        let m = input.module;
        let mut parents = vec![None; m.expr_count()];
        for (id, _) in m.exprs() {
            m.walk_children(id, |c| {
                if let Some(p) = parents.get_mut(c.index()) {
                    *p = Some(id);
                }
            });
        }
        let mut prev = HashMap::default();
        let mut fuel = FUEL;
        let mut pass = 0;
        loop {
            pass += 1;
            let mut engine = Engine {
                input,
                m,
                parents: &parents,
                bindings: vec![None; m.name_count()],
                refined: Vec::new(),
                with_envs: HashMap::default(),
                prev_demands: prev,
                frames: vec![HashMap::default()],
                demands: HashMap::default(),
                strict: true,
                record: true,
                fuel,
                depth: 0,
                expr_types: vec![None; m.expr_count()],
                out: Inference::default(),
                seen_diags: HashSet::default(),
                curried_body: false,
                expected_is_annotation: false,
                param_value: None,
                active: Vec::new(),
                spec_depth: 0,
                pre_round_depth: 0,
                spec_count: HashMap::default(),
                spec_spent: 0,
                spec_total: 0,
            };
            let ty = engine.infer(m.entry());
            // Another pass only helps when this one found demands the previous did not know
            // (its parameters were typed without them); otherwise it would repeat this one.
            let stable = engine.fuel > 0 && engine.demands == engine.prev_demands;
            if pass >= passes || stable {
                return engine.finish(ty);
            }
            fuel = engine.fuel.max(FUEL / 4);
            prev = engine.demands;
        }
    }

    fn finish(mut self, root: Ty) -> Inference {
        let sm = self.input.source_map;
        let mut exprs = Vec::with_capacity(self.expr_types.len());
        for &(id, range) in &self.input.comments.parens {
            if let Some(Some(t)) = self.expr_types.get(id.index()) {
                exprs.push((range, t.clone()));
            }
        }
        for (i, t) in std::mem::take(&mut self.expr_types).into_iter().enumerate() {
            let id = ExprId(i as u32);
            // Synthetic expressions (merged attribute paths) have no node of their own.
            if let (Some(t), Some(_)) = (t, sm.expr_syntax(id)) {
                exprs.push((sm.expr_range(id), t));
            }
        }
        self.out.exprs = exprs;
        self.out.root = root;
        self.out.fuel_exhausted = self.fuel == 0;
        self.out.build_index();
        self.out
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

    fn range(&self, e: ExprId) -> TextRange {
        self.input.source_map.expr_range(e)
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

    fn note_expr(&mut self, e: ExprId, ty: &Ty) {
        if !self.record {
            return;
        }
        if let Some(slot) = self.expr_types.get_mut(e.index()) {
            *slot = Some(match slot.take() {
                None => ty.clone(),
                Some(old) => old.union(ty),
            });
        }
    }

    fn note_name(&mut self, name: NameId, kind: NameKind, ty: &Ty, annotation: Option<String>) {
        if self.record {
            self.out.names.push(NameType {
                range: self.input.source_map.name_range(name),
                name: self.m[name].text.clone(),
                kind,
                ty: ty.clone(),
                annotation,
            });
        }
    }

    /// Records that the value of `e` must have type `ty`, if `e` is an inferred parameter.
    fn demand(&mut self, e: ExprId, ty: &Ty) {
        if !self.strict || ty.is_dyn() || ty.is_any() || ty.is_never() {
            return;
        }
        let Some(Resolution::Definition(n)) = self.resolution(e) else {
            return;
        };
        let n = *n;
        if !self.bindings[n.index()].as_ref().is_some_and(|b| b.param) {
            return;
        }
        if let Some(frame) = self.frames.last_mut() {
            let entry = frame.entry(n).or_insert_with(Ty::any);
            *entry = entry.inter(ty);
        }
    }

    fn resolution(&self, e: ExprId) -> Option<&'a Resolution> {
        match &self.m[e] {
            Expr::Reference(_) => self.input.names.resolution(e),
            _ => None,
        }
    }

    /// The refinement key of a reference's root.
    fn root_of(&self, e: ExprId) -> Option<Root> {
        let Expr::Reference(name) = &self.m[e] else {
            return None;
        };
        Some(match self.input.names.resolution(e) {
            Some(Resolution::Definition(n)) => Root::Name(*n),
            _ => Root::Free(name.clone()),
        })
    }

    fn refinement(&self, key: &Key) -> Option<&Binding> {
        self.refined.iter().rev().find_map(|f| f.get(key))
    }

    /// The binding a reference denotes, refinements included.
    fn reference(&self, e: ExprId) -> Binding {
        if !self.refined.is_empty() {
            if let Some(root) = self.root_of(e) {
                let key = Key { root, path: vec![] };
                if let Some(b) = self.refinement(&key) {
                    return b.clone();
                }
            }
        }
        self.resolved_binding(e)
    }

    /// The binding a reference denotes without refinements.
    fn resolved_binding(&self, e: ExprId) -> Binding {
        let Expr::Reference(name) = &self.m[e] else {
            return Binding::plain(Ty::dyn_());
        };
        match self.input.names.resolution(e) {
            Some(Resolution::Definition(n)) => self.bindings[n.index()]
                .clone()
                .unwrap_or_else(|| Binding::plain(Ty::dyn_())),
            Some(Resolution::Builtin(_)) => builtin_binding(name),
            Some(Resolution::WithCandidates(withs)) => {
                for w in withs {
                    let Some((ty, is_builtins)) = self.with_envs.get(w) else {
                        return Binding::plain(Ty::dyn_());
                    };
                    if *is_builtins {
                        if let Some(t) = builtin_schemes().get(name.as_str()) {
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
                builtin_binding(name)
            }
            Some(Resolution::Unresolved) | None => builtin_binding(name),
        }
    }

    /// Whether `e` is a reference to a name not bound lexically (a builtin, or `with`-provided).
    fn is_free_ref(&self, e: ExprId, name: &str) -> bool {
        matches!(&self.m[e], Expr::Reference(n) if n == name)
            && !matches!(self.resolution(e), Some(Resolution::Definition(_)))
    }

    fn is_builtins_ident(&self, e: ExprId) -> bool {
        matches!(self.resolution(e), Some(Resolution::Builtin("builtins")))
    }

    /// A static attribute name (`a`, `"a"`, `${"a"}`), or `None` for a dynamic one.
    fn static_name(&self, attr: ExprId) -> Option<&'a str> {
        match &self.m[attr] {
            Expr::Literal(Literal::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The schematic type of a callee, when it names a builtin or a documented function.
    fn callee_scheme(&self, f: ExprId) -> Option<(Rc<TyExpr>, bool)> {
        match &self.m[f] {
            Expr::Reference(_) => {
                let b = self.reference(f);
                b.scheme.map(|s| (s, b.doc_scheme))
            }
            Expr::Select {
                set,
                attrpath,
                default: None,
            } => {
                if attrpath.len() == 1 && self.is_builtins_ident(*set) {
                    let name = self.static_name(attrpath[0])?;
                    return builtin_schemes()
                        .get(name)
                        .map(|t| (Rc::new(t.clone()), false));
                }
                None
            }
            _ => None,
        }
    }

    /// The text of an expression, for messages (`the function` when long).
    fn callee_name(&self, e: ExprId) -> String {
        let range = self.range(e);
        let text = self
            .input
            .text
            .get(usize::from(range.start())..usize::from(range.end()))
            .unwrap_or("");
        if text.len() > 40 || text.contains('\n') || text.is_empty() {
            "the function".to_string()
        } else {
            text.to_string()
        }
    }

    // ----- the walk -----

    pub(super) fn infer(&mut self, e: ExprId) -> Ty {
        self.check_or_infer(e, None)
    }

    fn infer_lazy(&mut self, e: ExprId) -> Ty {
        let saved = std::mem::replace(&mut self.strict, false);
        let t = self.infer(e);
        self.strict = saved;
        t
    }

    fn check_or_infer(&mut self, e: ExprId, expected: Option<&Ty>) -> Ty {
        if self.fuel == 0 || self.depth > MAX_DEPTH {
            return Ty::dyn_();
        }
        self.fuel -= 1;
        self.depth += 1;
        let t = match self.input.comments.paren.get(&e) {
            Some(a) => self.annotated_expr(e, a),
            None => self.infer_inner(e, expected),
        };
        self.depth -= 1;
        self.note_expr(e, &t);
        t
    }

    fn infer_inner(&mut self, e: ExprId, expected: Option<&Ty>) -> Ty {
        let m = self.m;
        match &m[e] {
            Expr::Missing => Ty::dyn_(),
            Expr::Literal(lit) => match lit {
                Literal::Int(n) => Ty::int_lit(*n),
                Literal::Float(_) => Ty::float(),
                Literal::String(s) => Ty::str_lit(s),
                Literal::Path(_) | Literal::SearchPath(_) => Ty::path(),
                Literal::Uri(_) => Ty::string(),
            },
            Expr::StringInterpolation(parts) | Expr::PathInterpolation(parts) => {
                for part in parts {
                    if let InterpolPart::Interpolation(i) = part {
                        let t = self.infer(*i);
                        self.interpolation(*i, &t);
                    }
                }
                if matches!(m[e], Expr::PathInterpolation(_)) {
                    Ty::path()
                } else {
                    Ty::string()
                }
            }
            Expr::Reference(_) => self.reference(e).use_type(),
            Expr::CurPos => {
                let mut r = Rec::closed();
                r.set("file", Ty::string(), false);
                r.set("line", Ty::int(), false);
                r.set("column", Ty::int(), false);
                Ty::record(r)
            }
            Expr::List(items) => {
                let mut elem = Ty::never();
                for item in items {
                    let t = self.infer_lazy(*item);
                    elem = elem.union(&t);
                }
                Ty::list(elem)
            }
            Expr::AttrSet { rec, bindings } => self.attrset(e, *rec, bindings),
            Expr::LetIn { bindings, body } => {
                self.binding_group(e, bindings, NameKind::Let);
                self.check_or_infer(*body, expected)
            }
            Expr::With { env, body } => {
                let is_builtins = self.is_builtins_ident(*env);
                let ty = self.infer_lazy(*env);
                self.with_envs.insert(e, (ty, is_builtins));
                self.check_or_infer(*body, expected)
            }
            Expr::Assert { cond, body } => {
                let ct = self.infer(*cond);
                self.require(*cond, &ct, &Ty::bool_(), "the condition of `assert`");
                let (then_refs, _) = self.refinements(*cond);
                let live = self.push_refinements(&then_refs);
                let t = if live {
                    self.check_or_infer(*body, expected)
                } else {
                    Ty::dyn_()
                };
                self.refined.pop();
                t
            }
            Expr::IfThenElse {
                cond,
                then_body,
                else_body,
            } => self.if_else(*cond, *then_body, *else_body, expected),
            Expr::Lambda { .. } => self.lambda(e, expected),
            Expr::Apply { .. } => self.apply(e),
            Expr::Select {
                set,
                attrpath,
                default,
            } => self.select(*set, attrpath, *default),
            Expr::HasAttr { set, attrpath } => self.has_attr(*set, attrpath),
            Expr::Unary { op, operand } => self.unary(*op, *operand),
            Expr::Binary { op, lhs, rhs } => self.binop(*op, *lhs, *rhs),
        }
    }

    /// `(e /*: T */)`: check `e` against `T`; the expression has type `T`.
    fn annotated_expr(&mut self, inner: ExprId, a: &super::annot::Annotation) -> Ty {
        let Some(want) = self.annotation_type(a) else {
            return self.infer_inner(inner, None);
        };
        self.expected_is_annotation = matches!(self.m[inner], Expr::Lambda { .. });
        let found = self.infer_inner(inner, Some(&want));
        self.expected_is_annotation = false;
        self.annotation_violation(
            self.range(inner),
            &found,
            &want,
            written_unless_lambda(a, &self.m[inner]),
            "this expression",
        );
        annotated_or_found(a, want, found)
    }

    /// Inference's type for an annotation (`?` for one only the algebra reads, such as
    /// `rec X. …`); `None` after reporting an annotation that does not parse.
    fn annotation_type(&mut self, a: &super::annot::Annotation) -> Option<Ty> {
        match &a.parsed {
            Ok(texpr) => Some(instantiate(texpr, &Subst::new())),
            Err(_) if a.algebra_only() => Some(Ty::dyn_()),
            Err(err) => {
                self.annotation_error(a, err);
                None
            }
        }
    }

    fn annotation_error(&mut self, a: &super::annot::Annotation, err: &super::sig::SigError) {
        let range = a.error_range(err);
        self.diag(
            range,
            Severity::Error,
            codes::ANNOTATION_SYNTAX,
            format!("cannot read this type annotation: {}", err.message),
        );
    }

    /// Reports a value that may not fit its annotation. With the algebra's reading of the
    /// annotation (`written`), the verdict is semantic subtyping: only a certain "no" reports
    /// (`Unknown` never does); an error when no value of the found type fits (the annotation
    /// is surely violated), a warning otherwise. Schematic annotations keep inference's check.
    fn annotation_violation(
        &mut self,
        range: TextRange,
        found: &Ty,
        want: &Ty,
        written: Option<&nixty_types::Ty>,
        what: &str,
    ) {
        let Some(written) = written else {
            return self.annotation_violation_inferred(range, found, want, what);
        };
        // A found type with a `?` part may be anything: `?` never yields a diagnostic.
        if found.dyn_ {
            return;
        }
        let found_alg = super::algebra::to_algebra(found);
        if !found_alg.is_compatible(written).is_no() {
            return;
        }
        let expected = written.display(&nixty_types::DisplayOptions::hover());
        if found.surely_disjoint(want) || found_alg.is_disjoint(written).is_yes() {
            self.diag(
                range,
                Severity::Error,
                codes::ANNOTATION_VIOLATED,
                format!(
                    "{what} must be `{expected}` as annotated, but it is `{}`",
                    show(found)
                ),
            );
            return;
        }
        let non_null = super::algebra::to_algebra(&Ty {
            null: false,
            ..found.clone()
        });
        let reason = if found.null && non_null.is_compatible(written).is_yes() {
            "it may be null"
        } else {
            "it may be a value outside that type"
        };
        self.diag(
            range,
            Severity::Warning,
            codes::ANNOTATION_VIOLATED,
            format!(
                "{what} is annotated `{expected}`, but {reason} (found `{}`)",
                show(found)
            ),
        );
    }

    /// Inference's own check of a schematic annotation (its type variables instantiated),
    /// confirmed by the algebra: an error when surely disjoint, a warning when the value may
    /// be null.
    fn annotation_violation_inferred(
        &mut self,
        range: TextRange,
        found: &Ty,
        want: &Ty,
        what: &str,
    ) {
        if found.surely_disjoint(want) {
            self.confirmed_diag(
                range,
                Severity::Error,
                codes::ANNOTATION_VIOLATED,
                format!(
                    "{what} must be `{}` as annotated, but it is `{}`",
                    show(want),
                    show(found)
                ),
                found,
                &super::algebra::to_algebra(want),
            );
        } else if !found.dyn_ && !found.surely_subtype(want) && util::may_be_null_only(found, want)
        {
            self.confirmed_diag(
                range,
                Severity::Warning,
                codes::ANNOTATION_VIOLATED,
                format!(
                    "{what} is annotated `{}`, but it may be null (found `{}`)",
                    show(want),
                    show(found)
                ),
                found,
                &super::algebra::to_algebra(want),
            );
        }
    }

    /// Checks an operand or argument against what the operation needs; records the demand.
    /// Errors only when the value surely cannot fit; a possibly-null value gets a warning.
    fn require(&mut self, e: ExprId, found: &Ty, want: &Ty, what: &str) -> bool {
        self.demand(e, want);
        if found.surely_disjoint(want) {
            self.confirmed_diag(
                self.range(e),
                self.certain(),
                codes::MISMATCH,
                format!(
                    "{what} must be `{}`, but it is `{}`",
                    show(want),
                    show(found)
                ),
                found,
                &super::algebra::to_algebra(want),
            );
            return false;
        }
        if !found.dyn_ && found.null && !want.null && !found.surely_subtype(want) {
            self.confirmed_diag(
                self.range(e),
                Severity::Warning,
                codes::MAYBE_NULL,
                format!(
                    "{what} must be `{}`, but it may be null (it is `{}`)",
                    show(want),
                    show(found)
                ),
                found,
                &super::algebra::to_algebra(want),
            );
        }
        true
    }

    fn interpolation(&mut self, e: ExprId, t: &Ty) {
        let want = Ty::stringish();
        self.demand(e, &want);
        if t.surely_disjoint(&want) {
            self.confirmed_diag(
                self.range(e),
                self.certain(),
                codes::INTERPOLATION,
                format!(
                    "cannot interpolate `{}` into a string: only strings, paths and sets with `outPath` or `__toString` can be (use `toString`)",
                    show(t)
                ),
                t,
                &super::algebra::to_algebra(&want),
            );
        } else if !t.dyn_ && t.null {
            self.confirmed_diag(
                self.range(e),
                Severity::Warning,
                codes::MAYBE_NULL,
                format!("this value may be null, and null cannot be interpolated into a string (it is `{}`)", show(t)),
                t,
                &super::algebra::to_algebra(&want),
            );
        }
    }

    /// A dynamic attribute name (`${e}`, `"a${b}"`): infers it and requires a string.
    fn dynamic_attr(&mut self, attr: ExprId) -> Ty {
        if let Some(name) = self.static_name(attr) {
            return Ty::str_lit(name);
        }
        let t = self.infer(attr);
        self.require(
            attr,
            &t,
            &Ty::string().union(&Ty::null()),
            "a dynamic attribute name",
        );
        t
    }
}

/// The binding of a name no lexical binding provides: `builtins`, a global builtin, or a
/// builtin used without `builtins.` (Nix reports it undefined; its type still helps).
fn builtin_binding(name: &str) -> Binding {
    if name == "builtins" {
        return Binding::plain(scheme::builtins_record().clone());
    }
    if super::builtin_types::global_type(name).is_some() {
        let key = name.strip_prefix("__").unwrap_or(name);
        if let Some(parsed) = builtin_schemes().get(key) {
            return scheme_binding(parsed, false);
        }
    }
    if let Some(parsed) = builtin_schemes().get(name) {
        return scheme_binding(parsed, false);
    }
    Binding::plain(Ty::dyn_())
}

/// The type of an annotated value: the annotation's, or for one only the algebra reads
/// (inference's type for it is `?`) the value's own inferred type, which is at least sound.
fn annotated_or_found(a: &super::annot::Annotation, want: Ty, found: Ty) -> Ty {
    if a.algebra_only() {
        found
    } else {
        want
    }
}

/// The algebra's reading of an annotation, to decide a value's verdict with; none for a
/// lambda literal, whose body is checked against each annotated arrow (a whole-function
/// verdict would report the body's violation twice).
fn written_unless_lambda<'a>(
    a: &'a super::annot::Annotation,
    value: &Expr,
) -> Option<&'a nixty_types::Ty> {
    a.written
        .as_ref()
        .filter(|_| !matches!(value, Expr::Lambda { .. }))
}
