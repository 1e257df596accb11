//! The type algebra's confirmation of inference's type diagnostics.
//!
//! Inference proposes a diagnostic with its own fast, over-approximating [`Ty`]; before it is
//! shown, the found type converted to the algebra is checked against what was expected with
//! semantic subtyping (`is_compatible`, gradual). Only a certain "no" reports: `Unknown`
//! (fuel ran out) stays silent. An error also needs the algebra to find the types disjoint
//! (no value of the found type fits); otherwise the diagnostic is a warning. Conversions
//! only happen on the recording pass, and only where inference already wants to report.

use nixty_types as algebra;

use super::super::algebra::to_algebra;
use super::super::ty::Ty;
use super::Engine;
use crate::Severity;
use nixty_parse::TextRange;

/// What the algebra says about a found type against the expected one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Verdict {
    /// Some value of the found type surely does not fit (it may be null, or of another kind).
    MayFail,
    /// No value of the found type fits.
    Disjoint,
}

/// The algebra's verdict on `found` against `want`: `None` unless the algebra surely says
/// that not every value of `found` fits (a `?` part of `found` never fails).
pub(super) fn verdict(found: &Ty, want: &algebra::Ty) -> Option<Verdict> {
    if found.dyn_ {
        return None;
    }
    let found = to_algebra(found);
    if !found.is_compatible(want).is_no() {
        return None;
    }
    Some(if found.is_disjoint(want).is_yes() {
        Verdict::Disjoint
    } else {
        Verdict::MayFail
    })
}

/// An open record with a field `name` (of any type): what selecting `name` needs.
pub(super) fn has_field(name: &str) -> algebra::Ty {
    algebra::RecordBuilder::new()
        .field(name, algebra::Ty::any())
        .open()
        .build()
}

impl Engine<'_> {
    /// Reports a type diagnostic inference proposes, if the algebra confirms it: `found`
    /// against `want` must be a certain "no". `severity` is kept when the algebra finds them
    /// disjoint, lowered to a warning otherwise. Returns whether it was reported.
    pub(super) fn confirmed_diag(
        &mut self,
        range: TextRange,
        severity: Severity,
        code: &str,
        message: String,
        found: &Ty,
        want: &algebra::Ty,
    ) -> bool {
        if !self.record {
            return false;
        }
        let severity = match verdict(found, want) {
            None => return false,
            Some(Verdict::Disjoint) => severity,
            Some(Verdict::MayFail) => Severity::Warning,
        };
        self.diag(range, severity, code, message);
        true
    }
}
