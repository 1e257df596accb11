//! Occurrence typing: what a condition proves about variables and attribute paths in each
//! branch (`if`, `assert`, the right operand of `&&`, `||`, `->`), and dead branches.

use rustc_hash::FxHashMap as HashMap;

use super::super::codes;
use super::super::scheme::{builtin_schemes, instantiate, Subst};
use super::super::ty::{Rec, Ty};
use super::util::{has_negative_shape, predicate_refinements, refs_and, refs_or, show};
use super::{Binding, Engine, Key, Refinements};
use crate::ir::{BinaryOp, Expr, ExprId, Literal, UnaryOp};
use crate::resolve::Resolution;
use crate::Severity;

impl Engine<'_> {
    pub(super) fn if_else(
        &mut self,
        cond: ExprId,
        then_body: ExprId,
        else_body: ExprId,
        expected: Option<&Ty>,
    ) -> Ty {
        let ct = self.infer(cond);
        self.require(cond, &ct, &Ty::bool_(), "the condition of `if`");
        let (then_refs, else_refs) = self.refinements(cond);
        let lit = ct.as_bool_lit();
        let mut result = Ty::never();
        let mut frames = Vec::new();
        for (branch, refs, dead_by_lit) in [
            (then_body, &then_refs, lit == Some(false)),
            (else_body, &else_refs, lit == Some(true)),
        ] {
            self.frames.push(HashMap::default());
            let live = self.push_refinements(refs);
            if live && !dead_by_lit {
                let t = self.check_or_infer(branch, expected);
                result = result.union(&t);
            } else if !live {
                self.report_dead_branch(cond, branch);
            }
            self.refined.pop();
            frames.push(self.frames.pop().unwrap_or_default());
        }
        // A demand holds after the `if` when both branches make it.
        let (a, b) = (&frames[0], &frames[1]);
        let mut merged = HashMap::default();
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

    fn report_dead_branch(&mut self, cond: ExprId, branch: ExprId) {
        // Only a comparison of an annotated variable with a string literal it cannot be
        // (a likely typo) is reported; other dead branches are legitimate code.
        let m = self.m;
        let Expr::Binary {
            op: BinaryOp::Equal,
            lhs,
            rhs,
        } = &m[cond]
        else {
            return;
        };
        let (var, lit) = match (&m[*lhs], &m[*rhs]) {
            (_, Expr::Literal(Literal::String(s))) => (*lhs, s),
            (Expr::Literal(Literal::String(s)), _) => (*rhs, s),
            _ => return,
        };
        let Expr::Reference(name) = &m[var] else {
            return;
        };
        let bnd = self.reference(var);
        // The algebra confirms: the variable's type has no value equal to the literal.
        if !bnd.annotated
            || !self.record
            || !super::super::algebra::to_algebra(&bnd.ty)
                .is_disjoint(&nixty_types::Ty::string_lit(lit))
                .is_yes()
        {
            return;
        }
        self.diag(
            self.range(branch),
            Severity::Warning,
            codes::UNREACHABLE_BRANCH,
            format!(
                "this branch never runs: `{name}` is `{}`, never \"{lit}\" (a typo?)",
                show(&bnd.ty)
            ),
        );
    }

    /// Pushes a refinement frame; returns `false` if some refined variable becomes empty
    /// (the branch is dead). The caller pops `self.refined`.
    pub(super) fn push_refinements(&mut self, refs: &Refinements) -> bool {
        let mut frame = HashMap::default();
        let mut live = true;
        for (key, (r, at)) in refs {
            let current = if key.path.is_empty() {
                self.reference(*at)
            } else {
                match self.refinement(key) {
                    Some(b) => Binding::plain(b.ty.clone()),
                    None => Binding::plain(self.path_type(key, *at)),
                }
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
            let mut b = current;
            b.ty = refined;
            b.scheme = None;
            frame.insert(key.clone(), b);
        }
        self.refined.push(frame);
        live
    }

    /// The type of `x.a.b` from `x`'s type (no recording); `at` is the reference to `x`.
    fn path_type(&self, key: &Key, at: ExprId) -> Ty {
        let mut t = self.reference(at).ty;
        for p in &key.path {
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
    pub(super) fn refinements(&mut self, c: ExprId) -> (Refinements, Refinements) {
        let none = || (Refinements::new(), Refinements::new());
        let m = self.m;
        match &m[c] {
            Expr::Unary {
                op: UnaryOp::Not,
                operand,
            } => {
                let (t, e) = self.refinements(*operand);
                (e, t)
            }
            Expr::Binary { op, lhs, rhs } => match op {
                BinaryOp::And => {
                    let (t1, e1) = self.refinements(*lhs);
                    let (t2, e2) = self.refinements(*rhs);
                    (refs_and(&t1, &t2), refs_or(&e1, &e2))
                }
                BinaryOp::Or => {
                    let (t1, e1) = self.refinements(*lhs);
                    let (t2, e2) = self.refinements(*rhs);
                    (refs_or(&t1, &t2), refs_and(&e1, &e2))
                }
                BinaryOp::Implication => {
                    let (t1, e1) = self.refinements(*lhs);
                    let (t2, e2) = self.refinements(*rhs);
                    (refs_or(&e1, &t2), refs_and(&t1, &e2))
                }
                BinaryOp::Equal | BinaryOp::NotEqual => {
                    let (t, e) = self.equality_refinements(*lhs, *rhs);
                    if *op == BinaryOp::Equal {
                        (t, e)
                    } else {
                        (e, t)
                    }
                }
                _ => none(),
            },
            Expr::HasAttr { set, attrpath } => {
                let (Some((key, at)), [a]) = (self.path_key(*set), attrpath.as_slice()) else {
                    return none();
                };
                let Some(name) = self.static_name(*a) else {
                    return none();
                };
                let mut rec = Rec::open();
                rec.set(name, Ty::dyn_(), false);
                let has = Ty::record(rec);
                let current = match self.refinement(&key) {
                    Some(b) => b.ty.clone(),
                    None => self.path_type(&key, at),
                };
                let mut then_r = Refinements::new();
                let mut else_r = Refinements::new();
                then_r.insert(key.clone(), (has.clone(), at));
                if !current.dyn_ {
                    else_r.insert(key, (current.minus(&has), at));
                }
                (then_r, else_r)
            }
            Expr::Apply { fun, arg } => {
                let Some((key, at)) = self.path_key(*arg) else {
                    return none();
                };
                let fty = self.peek_type(*fun);
                predicate_refinements(&fty, key, at)
            }
            _ => none(),
        }
    }

    fn equality_refinements(&mut self, l: ExprId, r: ExprId) -> (Refinements, Refinements) {
        let m = self.m;
        // `builtins.typeOf x == "int"`.
        for (a, b) in [(l, r), (r, l)] {
            let (Expr::Apply { fun, arg }, Expr::Literal(Literal::String(kind))) = (&m[a], &m[b])
            else {
                continue;
            };
            let is_type_of = match &m[*fun] {
                Expr::Select {
                    set,
                    attrpath,
                    default: None,
                } => {
                    self.is_builtins_ident(*set)
                        && attrpath.first().and_then(|a| self.static_name(*a)) == Some("typeOf")
                }
                Expr::Reference(_) => {
                    self.is_free_ref(*fun, "typeOf")
                        || self.reference(*fun).scheme.as_deref() == builtin_schemes().get("typeOf")
                }
                _ => false,
            };
            if !is_type_of {
                continue;
            }
            let Some((key, at)) = self.path_key(*arg) else {
                continue;
            };
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
            t.insert(key.clone(), (kind_ty.clone(), at));
            e.insert(key, (kind_ty.neg(), at));
            return (t, e);
        }
        for (a, b) in [(l, r), (r, l)] {
            let Some((key, at)) = self.path_key(a) else {
                continue;
            };
            let lit = match &m[b] {
                Expr::Reference(name) => {
                    let free = !matches!(self.resolution(b), Some(Resolution::Definition(_)));
                    match name.as_str() {
                        "null" if free => Ty::null(),
                        "true" | "false" if free => Ty::bool_lit(name == "true"),
                        _ => continue,
                    }
                }
                Expr::Literal(Literal::Int(n)) => Ty::int_lit(*n),
                Expr::Literal(Literal::String(s)) => Ty::str_lit(s),
                _ => continue,
            };
            let mut t = Refinements::new();
            let mut e = Refinements::new();
            t.insert(key.clone(), (lit.clone(), at));
            e.insert(key, (lit.neg(), at));
            return (t, e);
        }
        (Refinements::new(), Refinements::new())
    }

    /// The type of an expression without recording anything (for refinements).
    fn peek_type(&mut self, e: ExprId) -> Ty {
        match &self.m[e] {
            Expr::Reference(_) => {
                let b = self.reference(e);
                match &b.scheme {
                    Some(s) => instantiate(s, &Subst::new()),
                    None => b.ty,
                }
            }
            Expr::Select { .. } => {
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
}
