//! Gradual types: the projections ⇓ (every `?` in covariant position becomes `Never`, in
//! contravariant position `Any`) and ⇑ (the reverse). `A <:? B` iff `A⇓ <: B⇑`.

use crate::bdd::Bdd;
use crate::ty::{ArrowAtom, Descr, Field, RecordAtom, Shape, Ty, TyKind};
use std::collections::{HashMap, HashSet};

/// Which bound of a gradual type to compute.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Bound {
    /// ⇓: the smallest materialization.
    Lower,
    /// ⇑: the largest materialization.
    Upper,
}

impl Bound {
    fn flip(self) -> Bound {
        match self {
            Bound::Lower => Bound::Upper,
            Bound::Upper => Bound::Lower,
        }
    }
}

/// Whether `?` occurs anywhere in `t`, and whether the answer is final (`false` when a
/// recursive type still being built was met: its body is not known yet).
pub(crate) fn contains_dynamic(t: &Ty) -> (bool, bool) {
    fn go(t: &Ty, seen: &mut HashSet<u64>, depth: usize, final_: &mut bool) -> bool {
        if depth > 512 {
            return true;
        }
        // A cached answer is a whole answer (cached only for roots of a traversal).
        if let Some(&fully_static) = t.0.fully_static.get() {
            return !fully_static;
        }
        if let Some(r) = t.rec_ref() {
            if r.0.body.get().is_none() {
                *final_ = false;
                return false;
            }
            if !seen.insert(r.0.id) {
                return false;
            }
        }
        let s = t.shape();
        if !s.is_static() {
            return true;
        }
        descr_atoms_dynamic(&s.stat, &mut |e| go(e, seen, depth + 1, final_))
    }
    let mut final_ = true;
    let found = go(t, &mut HashSet::new(), 0, &mut final_);
    (found, final_)
}

/// Whether some type inside an atom of `d` satisfies `dynamic`.
fn descr_atoms_dynamic(d: &Descr, dynamic: &mut dyn FnMut(&Ty) -> bool) -> bool {
    let mut found = false;
    d.lists.visit_atoms(&mut |e| found = found || dynamic(e));
    d.records.visit_atoms(&mut |r| {
        found = found
            || r.fields.iter().any(|(_, f)| dynamic(&f.ty))
            || match &r.rest {
                Some(t) => dynamic(t),
                None => false,
            }
    });
    d.arrows
        .visit_atoms(&mut |a| found = found || dynamic(&a.dom) || dynamic(&a.cod));
    found
}

/// Computes bounds, sharing the projections of recursive definitions.
pub(crate) struct Projector {
    recs: HashMap<(u64, Bound), Ty>,
    depth: usize,
}

impl Projector {
    pub(crate) fn new() -> Projector {
        Projector {
            recs: HashMap::new(),
            depth: 0,
        }
    }

    pub(crate) fn project(&mut self, t: &Ty, bound: Bound) -> Ty {
        if t.is_fully_static() {
            return t.clone();
        }
        if self.depth > 512 {
            // Too deep to follow: the safe bound of the whole remaining type.
            return match bound {
                Bound::Lower => Ty::never(),
                Bound::Upper => Ty::any(),
            };
        }
        self.depth += 1;
        let result = match &t.0.kind {
            TyKind::Rec(r) => {
                let key = (r.0.id, bound);
                if let Some(done) = self.recs.get(&key) {
                    done.clone()
                } else {
                    let body = t.shape().clone();
                    Ty::recursive(|this| {
                        self.recs.insert(key, this.clone());
                        self.project_shape(&body, bound)
                    })
                }
            }
            TyKind::Shape(s) => self.project_shape(s, bound),
        };
        self.depth -= 1;
        result
    }

    fn project_shape(&mut self, s: &Shape, bound: Bound) -> Ty {
        let stat = self.project_descr(&s.stat, bound);
        match bound {
            Bound::Lower => Ty::from_descr(stat),
            Bound::Upper => {
                let dynamic = self.project_descr(&s.dynamic, bound);
                Ty::from_descr(stat.union(&dynamic))
            }
        }
    }

    fn project_descr(&mut self, d: &Descr, bound: Bound) -> Descr {
        // Constructors keep atoms static; only recursive types with `?` in their body (which
        // constructors could not split while the body was unknown) need the polarity walk.
        if !descr_atoms_dynamic(d, &mut |t| !t.is_fully_static()) {
            return d.clone();
        }
        let lists = d.lists.map_atoms(&mut |e, positive| {
            let b = if positive { bound } else { bound.flip() };
            Bdd::atom(self.project(e, b))
        });
        let records = d.records.map_atoms(&mut |r, positive| {
            let b = if positive { bound } else { bound.flip() };
            Bdd::atom(RecordAtom {
                fields: r
                    .fields
                    .iter()
                    .map(|(n, f)| {
                        (
                            n.clone(),
                            Field {
                                ty: self.project(&f.ty, b),
                                optional: f.optional,
                            },
                        )
                    })
                    .collect(),
                rest: r.rest.as_ref().map(|t| self.project(t, b)),
            })
        });
        let arrows = d.arrows.map_atoms(&mut |a, positive| {
            let b = if positive { bound } else { bound.flip() };
            Bdd::atom(ArrowAtom {
                dom: self.project(&a.dom, b.flip()),
                cod: self.project(&a.cod, b),
            })
        });
        Descr {
            lists,
            records,
            arrows,
            ..d.clone()
        }
    }
}

/// `t⇓` or `t⇑`.
pub(crate) fn bound(t: &Ty, bound: Bound) -> Ty {
    Projector::new().project(t, bound)
}
