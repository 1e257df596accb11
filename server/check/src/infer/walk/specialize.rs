//! Call-site specialization: a call of a lambda whose source is known (let-bound, or passed as
//! an argument to a specialized call) is re-inferred with the argument's type, when the
//! general answer still has `?` in it. This is what types
//! `let callLibs = file: import file { lib = self; }; in callLibs ./trivial.nix`: the
//! specialized `file` is known to be the path `./trivial.nix`, so `import` follows it.
//!
//! Sound: the parameter is bound to exactly the argument's type (and value). Bounded: a
//! lambda is not specialized while its own body is being walked, specializations nest at
//! most [`MAX_SPEC_DEPTH`] deep and [`MAX_SPECS_PER_LAMBDA`] times per lambda and pass, and
//! they run on the shared fuel, at most [`SPEC_BUDGET`] of it per pass. Specialized walks record nothing (no types, no diagnostics,
//! no demands): the general walk did.

use super::super::ty::Ty;
use super::Engine;
use crate::ir::{Expr, ExprId, Literal};

const MAX_SPEC_DEPTH: u32 = 4;
const MAX_SPECS_PER_LAMBDA: u32 = 256;
/// Fuel a specialization needs left to be tried.
const SPEC_FUEL: u64 = 20_000;
/// Fuel all specializations of a pass may spend together (a quarter of a file's fuel): a
/// helper called thousands of times cannot make a file cost hundreds of walks.
const SPEC_BUDGET: u64 = super::FUEL / 4;

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
            || self.spec_spent >= SPEC_BUDGET
            || arg_types.len() != args.len()
        {
            return None;
        }
        let first = self.known_value(head)?;
        if !self.specializable(first) {
            return None;
        }
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
