//! From written types ([`TyExpr`], possibly with type variables) to inference types ([`Ty`]):
//! instantiation under a substitution, and first-order matching of a schematic parameter
//! against an argument's type (which binds the variables).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::OnceLock;

use super::builtin_types::BUILTINS;
use super::sig::{self, Alias, TyExpr};
use super::ty::{Field, Rec, Ty};

pub type Subst = HashMap<String, Ty>;

/// Instantiates `t`; unbound variables become `?`.
pub fn instantiate(t: &TyExpr, subst: &Subst) -> Ty {
    inst(t, subst, 0)
}

fn inst(t: &TyExpr, s: &Subst, depth: u32) -> Ty {
    if depth > 64 {
        return Ty::dyn_();
    }
    let d = depth + 1;
    match t {
        TyExpr::Any => Ty::any(),
        TyExpr::Never => Ty::never(),
        TyExpr::Dyn => Ty::dyn_(),
        TyExpr::Null => Ty::null(),
        TyExpr::Bool => Ty::bool_(),
        TyExpr::Int => Ty::int(),
        TyExpr::Float => Ty::float(),
        TyExpr::String => Ty::string(),
        TyExpr::Path => Ty::path(),
        TyExpr::BoolLit(b) => Ty::bool_lit(*b),
        TyExpr::IntLit(n) => Ty::int_lit(*n),
        TyExpr::StrLit(s) => Ty::str_lit(s),
        TyExpr::PathLit(_) => Ty::path(),
        TyExpr::Alias(a) => match a {
            Alias::Number => Ty::number(),
            Alias::Attrs => Ty::attrs(),
            Alias::List => Ty::any_list(),
            Alias::Fun => Ty::fun(),
            Alias::Stringish => Ty::stringish(),
            Alias::Derivation => Ty::derivation(),
        },
        TyExpr::Var(v) => s.get(v).cloned().unwrap_or_else(Ty::dyn_),
        TyExpr::List(e) => Ty::list(inst(e, s, d)),
        TyExpr::Record(r) => {
            let mut rec = Rec::closed();
            for f in r.fields.iter() {
                std::sync::Arc::make_mut(&mut rec.fields).insert(
                    f.name.clone(),
                    Field {
                        ty: inst(&f.ty, s, d),
                        optional: f.optional,
                    },
                );
            }
            rec.rest = if let Some(rest) = &r.rest {
                Some(Arc::new(inst(rest, s, d)))
            } else if r.open {
                Some(Arc::new(Ty::dyn_()))
            } else {
                None
            };
            Ty::record(rec)
        }
        TyExpr::Arrow(a, b) => Ty::arrow(inst(a, s, d), inst(b, s, d)),
        TyExpr::Union(ts) => Ty::union_all(ts.iter().map(|t| inst(t, s, d))),
        TyExpr::Inter(ts) => {
            let mut it = ts.iter().map(|t| inst(t, s, d));
            let first = it.next().unwrap_or_else(Ty::any);
            it.fold(first, |acc, t| acc.inter(&t))
        }
        TyExpr::Not(t) => inst(t, s, d).neg(),
        TyExpr::Diff(a, b) => inst(a, s, d).minus(&inst(b, s, d)),
    }
}

/// Binds the variables of `pat` from `actual` (covariant positions widen the binding;
/// a variable in a function's domain is bound only if still unbound).
pub fn match_ty(pat: &TyExpr, actual: &Ty, subst: &mut Subst) {
    matcher(pat, actual, subst, true, 0)
}

fn matcher(pat: &TyExpr, actual: &Ty, s: &mut Subst, covariant: bool, depth: u32) {
    if depth > 32 || actual.is_dyn() {
        return;
    }
    match pat {
        TyExpr::Var(v) => {
            let widened = actual.widen();
            match s.get(v) {
                Some(old) if covariant => {
                    let u = old.union(&widened);
                    s.insert(v.clone(), u);
                }
                Some(_) => {}
                None => {
                    s.insert(v.clone(), widened);
                }
            }
        }
        TyExpr::List(p) => {
            if let Some(e) = actual.list_elem() {
                matcher(p, &e, s, covariant, depth + 1);
            }
        }
        TyExpr::Record(r) => {
            if actual.attrs.is_empty() {
                return;
            }
            for f in r.fields.iter() {
                let look = actual.field(&f.name);
                if look.may_be_present {
                    matcher(&f.ty, &look.ty, s, covariant, depth + 1);
                }
            }
            if let Some(rest) = &r.rest {
                // A map: every field value of the actual record.
                let mut all = Ty::never();
                for rec in &actual.attrs {
                    for (name, fld) in rec.fields.iter() {
                        if !r.fields.iter().any(|f| &f.name == name) {
                            all = all.union(&fld.ty);
                        }
                    }
                    if let Some(rr) = &rec.rest {
                        all = all.union(rr);
                    }
                }
                if actual.dyn_ || all.is_never() && actual.attrs.iter().any(|r| r.rest.is_some()) {
                    return;
                }
                matcher(rest, &all, s, covariant, depth + 1);
            }
        }
        TyExpr::Arrow(p, q) => {
            if actual.funs.is_empty() {
                return;
            }
            let bound_dom = match &**p {
                TyExpr::Var(v) => s.get(v).cloned(),
                _ => None,
            };
            let result = match bound_dom {
                Some(d) => actual.apply(&d),
                None => {
                    let dom = actual.domain();
                    matcher(p, &dom, s, !covariant, depth + 1);
                    let mut r = Ty::never();
                    for f in &actual.funs {
                        for (_, c) in f.arrows.iter() {
                            r = r.union(c);
                        }
                    }
                    r
                }
            };
            matcher(q, &result, s, covariant, depth + 1);
        }
        _ => {}
    }
}

/// The parsed type of every builtin (parsed once).
pub fn builtin_schemes() -> &'static HashMap<&'static str, TyExpr> {
    static TABLE: OnceLock<HashMap<&'static str, TyExpr>> = OnceLock::new();
    TABLE.get_or_init(|| {
        BUILTINS
            .iter()
            .filter_map(|(name, _, ty)| sig::parse_type(ty).ok().map(|t| (*name, t)))
            .collect()
    })
}

/// The record type of `builtins` (schematic members instantiated with `?`).
pub fn builtins_record() -> &'static Ty {
    static REC: OnceLock<Ty> = OnceLock::new();
    REC.get_or_init(|| {
        let mut rec = Rec::closed();
        for (name, t) in builtin_schemes() {
            rec.set(name, instantiate(t, &Subst::new()), false);
        }
        rec.set("builtins", Ty::attrs(), false);
        Ty::record(rec)
    })
}
