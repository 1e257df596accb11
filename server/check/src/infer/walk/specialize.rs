//! Call-site specialization: a call of a lambda whose source is known (let-bound, or passed as
//! an argument to a specialized call) is re-inferred with the argument's type, when the
//! general answer still has `?` in it. This is what types
//! `let callLibs = file: import file { lib = self; }; in callLibs ./trivial.nix`: the
//! specialized `file` is known to be the path `./trivial.nix`, so `import` follows it.
//!
//! Sound: the parameter is bound to exactly the argument's type (and value). Bounded: a
//! lambda is not specialized while its own body is being walked, specializations nest at
//! most [`MAX_SPEC_DEPTH`] deep (and nest only where a known value flows into the call),
//! [`MAX_SPECS_PER_LAMBDA`] times per lambda and [`MAX_SPECS_PER_PASS`] per pass, and
//! they run on the shared fuel, at most a budget proportional to the file's size per pass. Specialized walks record nothing (no types, no diagnostics,
//! no demands): the general walk did.

use super::super::ty::Ty;
use super::Engine;
use crate::ir::{Expr, ExprId, Literal};

const MAX_SPEC_DEPTH: u32 = 4;
const MAX_SPECS_PER_LAMBDA: u32 = 128;
const MAX_SPECS_PER_PASS: u32 = 128;
/// Fuel a specialization needs left to be tried.
const SPEC_FUEL: u64 = 20_000;
/// Fuel all specializations of a pass may spend together, per expression of the file (about
/// two more walks of the file), with a floor for small files: a helper called hundreds of
/// times cannot make a file cost hundreds of walks.
const SPEC_BUDGET_PER_EXPR: u64 = 2;
const SPEC_BUDGET_MIN: u64 = 50_000;

impl Engine<'_> {
    /// The expression the value of `e` is known to be: a lambda or a path literal, directly
    /// or through a name bound to one.
    pub(super) fn known_value(&self, e: ExprId) -> Option<ExprId> {
        match &self.m[e] {
            Expr::Lambda { .. } | Expr::Literal(Literal::Path(_)) => Some(e),
            Expr::Reference(_) => self.reference(e).value,
            _ => None,
        }
    }

    /// The result of `head args…` re-inferred with the arguments' types, when `head` is a
    /// known, unannotated lambda and the general result has `?` in it.
    pub(super) fn specialize(
        &mut self,
        head: ExprId,
        args: &[ExprId],
        arg_types: &[Ty],
        general: &Ty,
    ) -> Option<Ty> {
        if !has_unknown(general, 2)
            || self.spec_depth >= MAX_SPEC_DEPTH
            || self.fuel < SPEC_FUEL
            || self.spec_spent >= self.spec_budget()
            || arg_types.len() != args.len()
        {
            return None;
        }
        let first = self.known_value(head)?;
        if !self.specializable(first) || self.spec_total >= MAX_SPECS_PER_PASS {
            return None;
        }
        // Inside a specialization, only calls through which a known value flows (a lambda or
        // path argument, or a callee that is itself a parameter known by its value) are
        // specialized again: those are the chains that need it (`makeExtensible (self: …)`
        // calling `callLibs ./x.nix`); other nested calls would multiply the cost.
        if self.spec_depth > 0
            && !args.iter().any(|&a| self.known_value(a).is_some())
            && !self.is_param_ref(head)
        {
            return None;
        }
        self.spec_total += 1;
        let count = self.spec_count.entry(first).or_insert(0);
        if *count >= MAX_SPECS_PER_LAMBDA {
            return None;
        }
        *count += 1;
        let fuel_before = self.fuel;
        let saved = (self.record, self.strict);
        self.record = false;
        self.strict = false;
        self.spec_depth += 1;
        let mut lambda = first;
        let mut result = Ty::dyn_();
        let mut used = 0;
        for (i, (&arg, at)) in args.iter().zip(arg_types).enumerate() {
            self.param_value = self.known_value(arg);
            let (_, body) = self.lambda_parts(lambda, Some((at.clone(), None)), false);
            result = body;
            used = i + 1;
            // A curried lambda (`a: b: …`): its inner lambda sees the specialized `a`.
            let Expr::Lambda { body, .. } = &self.m[lambda] else {
                break;
            };
            if !matches!(self.m[*body], Expr::Lambda { .. }) || !self.specializable(*body) {
                break;
            }
            lambda = *body;
        }
        if used < args.len() {
            result = self.apply_args(result, head, &args[used..]);
        }
        self.spec_depth -= 1;
        if self.spec_depth == 0 {
            self.spec_spent += fuel_before.saturating_sub(self.fuel);
        }
        (self.record, self.strict) = saved;
        (!result.is_dyn()).then_some(result)
    }

    /// Whether `e` refers to a lambda parameter (or pattern field).
    fn is_param_ref(&self, e: ExprId) -> bool {
        match self.resolution(e) {
            Some(crate::resolve::Resolution::Definition(n)) => matches!(
                self.m[*n].kind,
                crate::ir::NameKind::Param | crate::ir::NameKind::PatField
            ),
            _ => false,
        }
    }

    fn spec_budget(&self) -> u64 {
        (self.m.expr_count() as u64 * SPEC_BUDGET_PER_EXPR).clamp(SPEC_BUDGET_MIN, super::FUEL / 4)
    }

    fn specializable(&self, lambda: ExprId) -> bool {
        matches!(self.m[lambda], Expr::Lambda { .. })
            && !self.input.comments.lambda_param.contains_key(&lambda)
            && !self.active.contains(&lambda)
    }
}

/// Whether `t` has `?` at its top or in the fields, elements or results just below.
pub(super) fn has_unknown(t: &Ty, depth: u32) -> bool {
    if t.dyn_ {
        return true;
    }
    if depth == 0 {
        return false;
    }
    t.list.as_ref().is_some_and(|e| has_unknown(e, depth - 1))
        || t.attrs.iter().any(|r| {
            // A sample of the fields: huge records stay cheap.
            r.fields
                .values()
                .take(64)
                .any(|f| has_unknown(&f.ty, depth - 1))
        })
        || t.funs
            .iter()
            .any(|f| f.arrows.iter().any(|(_, c)| has_unknown(c, depth - 1)))
}
