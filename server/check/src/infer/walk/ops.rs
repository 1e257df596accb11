//! Operators: `!`, `-`, arithmetic, comparison, `++`, `//`, boolean connectives (with
//! refinement of the right operand), `==`, and the pipe operators.

use rustc_hash::FxHashMap as HashMap;

use super::super::algebra::to_algebra;
use super::super::codes;
use super::super::ty::{Lits, Ty};
use super::util::show;
use super::Engine;
use crate::ir::{BinaryOp, ExprId, UnaryOp};
use nixty_parse::TextRange;

impl Engine<'_> {
    pub(super) fn unary(&mut self, op: UnaryOp, e: ExprId) -> Ty {
        let t = self.infer(e);
        match op {
            UnaryOp::Not => {
                if !self.require(e, &t, &Ty::bool_(), "the operand of `!`") {
                    return Ty::dyn_();
                }
                match t.as_bool_lit() {
                    Some(b) => Ty::bool_lit(!b),
                    None => Ty::bool_(),
                }
            }
            UnaryOp::Negate => {
                if !self.require(e, &t, &Ty::number(), "the operand of `-`") {
                    return Ty::dyn_();
                }
                if t.dyn_ {
                    return Ty::dyn_();
                }
                let mut out = Ty::never();
                if !t.int.is_none() {
                    out = out.union(&match &t.int {
                        Lits::Only(s) if s.len() == 1 => {
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
        }
    }

    pub(super) fn binop(&mut self, op: BinaryOp, l: ExprId, r: ExprId) -> Ty {
        use BinaryOp as K;
        match op {
            K::And | K::Or | K::Implication => {
                let lt = self.infer(l);
                self.require(
                    l,
                    &lt,
                    &Ty::bool_(),
                    &format!("the left operand of `{}`", op.as_str()),
                );
                let (then_r, else_r) = self.refinements(l);
                // The right operand runs only when the left does not decide.
                // Its uses are not demands (a separate frame, dropped), but a failure in it is
                // certain when it runs.
                let refs = if op == K::Or { else_r } else { then_r };
                self.frames.push(HashMap::default());
                let live = self.push_refinements(&refs);
                let rt = if live { self.infer(r) } else { Ty::dyn_() };
                if live {
                    self.require(
                        r,
                        &rt,
                        &Ty::bool_(),
                        &format!("the right operand of `{}`", op.as_str()),
                    );
                }
                self.refined.pop();
                self.frames.pop();
                match (op, lt.as_bool_lit()) {
                    (K::And, Some(false)) => Ty::bool_lit(false),
                    (K::Or, Some(true)) => Ty::bool_lit(true),
                    (K::Implication, Some(false)) => Ty::bool_lit(true),
                    _ => Ty::bool_(),
                }
            }
            K::Equal | K::NotEqual => {
                self.infer(l);
                self.infer(r);
                Ty::bool_()
            }
            K::Less | K::LessOrEq | K::More | K::MoreOrEq => {
                let lt = self.infer(l);
                let rt = self.infer(r);
                let comparable = Ty::number()
                    .union(&Ty::string())
                    .union(&Ty::path())
                    .union(&Ty::any_list());
                let ok_l = self.require(
                    l,
                    &lt,
                    &comparable,
                    &format!("an operand of `{}`", op.as_str()),
                );
                let ok_r = self.require(
                    r,
                    &rt,
                    &comparable,
                    &format!("an operand of `{}`", op.as_str()),
                );
                if ok_l && ok_r {
                    if rt.surely_subtype(&Ty::number()) {
                        self.demand(l, &Ty::number());
                    }
                    if lt.surely_subtype(&Ty::number()) {
                        self.demand(r, &Ty::number());
                    }
                }
                Ty::bool_()
            }
            K::Concat => {
                let lt = self.infer(l);
                let rt = self.infer(r);
                let ok_l = self.require(l, &lt, &Ty::any_list(), "an operand of `++`");
                let ok_r = self.require(r, &rt, &Ty::any_list(), "an operand of `++`");
                if !ok_l || !ok_r {
                    return Ty::dyn_();
                }
                match (lt.list_elem(), rt.list_elem()) {
                    (Some(a), Some(b)) if !lt.dyn_ && !rt.dyn_ => Ty::list(a.union(&b)),
                    _ => Ty::dyn_(),
                }
            }
            K::Update => {
                let lt = self.infer(l);
                let rt = self.infer(r);
                let ok_l = self.require(l, &lt, &Ty::attrs(), "an operand of `//`");
                let ok_r = self.require(r, &rt, &Ty::attrs(), "an operand of `//`");
                if !ok_l || !ok_r {
                    return Ty::dyn_();
                }
                lt.update(&rt)
            }
            K::Add => self.add(l, r),
            K::Sub | K::Mul | K::Div => {
                let lt = self.infer(l);
                let rt = self.infer(r);
                let what = format!("an operand of `{}`", op.as_str());
                let ok_l = self.require(l, &lt, &Ty::number(), &what);
                let ok_r = self.require(r, &rt, &Ty::number(), &what);
                if !ok_l || !ok_r {
                    return Ty::dyn_();
                }
                arith(&lt, &rt)
            }
            K::PipeRight | K::PipeLeft => {
                let (f, x) = if op == K::PipeRight { (r, l) } else { (l, r) };
                let ft = self.infer(f);
                let name = self.callee_name(f);
                let xt = self.infer_lazy(x);
                if ft.is_dyn() {
                    return Ty::dyn_();
                }
                if ft.funs.is_empty() && ft.attrs.is_empty() {
                    self.confirmed_diag(
                        self.range(f),
                        self.certain(),
                        codes::NOT_A_FUNCTION,
                        format!(
                            "`{}` is not a function, it cannot be applied to an argument",
                            show(&ft)
                        ),
                        &ft,
                        &to_algebra(&super::util::callable()),
                    );
                    return Ty::dyn_();
                }
                let dom = ft.domain();
                if !self.argument_fits(x, &xt, &dom, &name, true) {
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

    fn add(&mut self, l: ExprId, r: ExprId) -> Ty {
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
            if !self.record || !no_addition_fits(&lt, &rt) {
                return Ty::dyn_();
            }
            self.diag(
                TextRange::new(self.range(l).start(), self.range(r).end()),
                self.certain(),
                codes::MISMATCH,
                format!("cannot add `{}` and `{}`", show(&lt), show(&rt)),
            );
            return Ty::dyn_();
        }
        out
    }
}

/// The algebra's confirmation that `l + r` surely fails: for each way `+` works (numbers on
/// both sides; a string, path or coercible set on the left and something coercible to a
/// string on the right), one side's type is surely disjoint from what it needs.
fn no_addition_fits(l: &Ty, r: &Ty) -> bool {
    let (l, r) = (to_algebra(l), to_algebra(r));
    let number = to_algebra(&Ty::number());
    let stringish = to_algebra(&Ty::stringish());
    let excluded = |need_l: &nixty_types::Ty, need_r: &nixty_types::Ty| {
        l.is_disjoint(need_l).is_yes() || r.is_disjoint(need_r).is_yes()
    };
    excluded(&number, &number) && excluded(&stringish, &stringish)
}

/// The numeric result of `+ - * /` on the numeric parts of two operands (`?` counts as
/// either kind of number): `Int` when both may be integers, `Float` when either may be a float.
pub(super) fn arith(l: &Ty, r: &Ty) -> Ty {
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
