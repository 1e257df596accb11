//! Pure helpers of the walk: messages, schemes, and small type computations.

use std::rc::Rc;

use super::super::scheme::{instantiate, Subst};
use super::super::sig::TyExpr;
use super::super::ty::{Rec, Show, Ty};
use super::{Binding, Key, Refinements};
use crate::ir::ExprId;

/// What can be called: a function, or a set with `__functor`.
pub(super) fn callable() -> Ty {
    static CALLABLE: std::sync::OnceLock<Ty> = std::sync::OnceLock::new();
    CALLABLE
        .get_or_init(|| {
            let mut functor = Rec::open();
            functor.set("__functor", Ty::dyn_(), false);
            Ty::fun().union(&Ty::record(functor))
        })
        .clone()
}

/// A documented type made gradual: `?` joined to every result and domain, so that it informs
/// hovers and results but can never make a check fail.
pub(super) fn soften(t: &Ty) -> Ty {
    let mut out = t.clone();
    for f in &mut out.funs {
        for (d, c) in std::sync::Arc::make_mut(&mut f.arrows).iter_mut() {
            *d = d.union(&Ty::dyn_());
            *c = soften(c);
        }
    }
    out.union(&Ty::dyn_())
}

pub(super) fn scheme_binding(t: &TyExpr, doc: bool) -> Binding {
    Binding {
        ty: if t.has_vars() {
            Ty::dyn_()
        } else {
            instantiate(t, &Subst::new())
        },
        param: false,
        scheme: if t.has_vars() {
            Some(Rc::new(t.clone()))
        } else {
            None
        },
        doc_scheme: doc,
        annotated: false,
        value: None,
    }
}

/// Tarjan's strongly connected components, in dependency order (dependencies first).
pub(super) fn tarjan(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
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

pub(super) fn show(t: &Ty) -> String {
    let s = t.show(Show { widen: true });
    if s.chars().count() > 120 {
        let cut: String = s.chars().take(117).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// Why a record argument is outside a record domain: "; missing field `x`".
pub(super) fn record_reason(at: &Ty, dom: &Ty) -> String {
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

pub(super) fn may_be_null_only(found: &Ty, want: &Ty) -> bool {
    found.null
        && !want.null
        && Ty {
            null: false,
            ..found.clone()
        }
        .surely_subtype(want)
}

/// Refinement types that express "not this" (they would turn `?` into a cofinite type).
pub(super) fn has_negative_shape(r: &Ty) -> bool {
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

pub(super) fn refs_and(a: &Refinements, b: &Refinements) -> Refinements {
    let mut out = a.clone();
    for (k, t) in b {
        let merged = match out.get(k) {
            Some(old) => (old.0.inter(&t.0), old.1),
            None => t.clone(),
        };
        out.insert(k.clone(), merged);
    }
    out
}

pub(super) fn refs_or(a: &Refinements, b: &Refinements) -> Refinements {
    let mut out = Refinements::new();
    for (k, ta) in a {
        if let Some(tb) = b.get(k) {
            out.insert(k.clone(), (ta.0.union(&tb.0), ta.1));
        }
    }
    out
}

/// Refinements from `f x` where `f`'s arrows map some domains to `true` and others to `false`.
pub(super) fn predicate_refinements(fty: &Ty, key: Key, at: ExprId) -> (Refinements, Refinements) {
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
    then_r.insert(key.clone(), (then_ty, at));
    else_r.insert(key, (else_ty, at));
    (then_r, else_r)
}
