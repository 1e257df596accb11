//! Finite or cofinite sets of literals: the representation of the basic kinds (int, float,
//! string, path) inside a type.

use std::collections::BTreeSet;

/// `Finite(s)` is exactly the literals in `s`; `Cofinite(s)` is every literal of the kind
/// except those in `s` (so `Cofinite(∅)` is the whole kind).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(crate) enum LitSet<T: Ord> {
    Finite(BTreeSet<T>),
    Cofinite(BTreeSet<T>),
}

impl<T: Ord + Clone> LitSet<T> {
    pub(crate) fn empty() -> Self {
        LitSet::Finite(BTreeSet::new())
    }

    pub(crate) fn full() -> Self {
        LitSet::Cofinite(BTreeSet::new())
    }

    pub(crate) fn single(value: T) -> Self {
        LitSet::Finite(BTreeSet::from([value]))
    }

    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, LitSet::Finite(s) if s.is_empty())
    }

    pub(crate) fn is_full(&self) -> bool {
        matches!(self, LitSet::Cofinite(s) if s.is_empty())
    }

    pub(crate) fn union(&self, other: &Self) -> Self {
        use LitSet::*;
        match (self, other) {
            (Finite(a), Finite(b)) => Finite(a.union(b).cloned().collect()),
            (Finite(a), Cofinite(b)) | (Cofinite(b), Finite(a)) => {
                Cofinite(b.difference(a).cloned().collect())
            }
            (Cofinite(a), Cofinite(b)) => Cofinite(a.intersection(b).cloned().collect()),
        }
    }

    /// `self = self ∪ other`, without copying `self` when both are finite.
    pub(crate) fn union_assign(&mut self, other: &Self) {
        match (&mut *self, other) {
            (LitSet::Finite(a), LitSet::Finite(b)) => a.extend(b.iter().cloned()),
            _ => *self = self.union(other),
        }
    }

    pub(crate) fn inter(&self, other: &Self) -> Self {
        use LitSet::*;
        match (self, other) {
            (Finite(a), Finite(b)) => Finite(a.intersection(b).cloned().collect()),
            (Finite(a), Cofinite(b)) | (Cofinite(b), Finite(a)) => {
                Finite(a.difference(b).cloned().collect())
            }
            (Cofinite(a), Cofinite(b)) => Cofinite(a.union(b).cloned().collect()),
        }
    }

    pub(crate) fn neg(&self) -> Self {
        match self {
            LitSet::Finite(s) => LitSet::Cofinite(s.clone()),
            LitSet::Cofinite(s) => LitSet::Finite(s.clone()),
        }
    }

    /// The single literal of a one-element finite set.
    pub(crate) fn as_single(&self) -> Option<&T> {
        match self {
            LitSet::Finite(s) if s.len() == 1 => s.iter().next(),
            _ => None,
        }
    }

    pub(crate) fn finite_len(&self) -> usize {
        match self {
            LitSet::Finite(s) => s.len(),
            LitSet::Cofinite(_) => 0,
        }
    }
}
