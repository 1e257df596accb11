//! Attribute sets: literals, `rec` and `let` binding groups (typed in dependency order),
//! selection `e.a.b or d`, and `e ? a`.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;
use std::sync::Arc;

use super::super::codes;
use super::super::scheme::{builtin_schemes, instantiate, Subst};
use super::super::sig;
use super::super::ty::{Field, Rec, Ty};
use super::util::{scheme_binding, show, soften, tarjan};
use super::{Binding, Engine, Key, NameKind};
use crate::ir::{BindingValue, Bindings, Expr, ExprId};

/// Fuel a first round of a recursive group needs left to be worth trying.
const FIRST_ROUND_FUEL: u64 = 10_000;

impl Engine<'_> {
    pub(super) fn select(&mut self, base: ExprId, attrs: &[ExprId], default: Option<ExprId>) -> Ty {
        // `builtins.x`: the builtin's type.
        if attrs.len() == 1 && self.is_builtins_ident(base) {
            if let Some(name) = self.static_name(attrs[0]) {
                let bt = super::super::scheme::builtins_record().clone();
                self.note_expr(base, &bt);
                if let Some(t) = builtin_schemes().get(name) {
                    return instantiate(t, &Subst::new());
                }
                if name == "builtins" {
                    return bt;
                }
                return match default {
                    Some(d) => Ty::dyn_().union(&self.infer_lazy(d)),
                    None => Ty::dyn_(),
                };
            }
        }
        let mut t = self.infer(base);
        if default.is_none() {
            if let Some(first) = attrs.first().and_then(|a| self.static_name(*a)) {
                let mut rec = Rec::open();
                rec.set(first, Ty::dyn_(), false);
                self.demand(base, &Ty::record(rec));
            }
        }
        let mut key = self.path_key(base);
        let mut maybe_missing = false;
        for &a in attrs {
            let name = self.static_name(a);
            if name.is_none() {
                self.dynamic_attr(a);
            }
            let Some(name) = name else {
                key = None;
                t = Ty::dyn_();
                maybe_missing = true;
                continue;
            };
            if let Some((k, _)) = &mut key {
                k.path.push(name.to_string());
                if let Some(refined) = self.refinement(k) {
                    t = refined.ty.clone();
                    continue;
                }
            }
            if t.is_dyn() {
                maybe_missing = true;
                continue;
            }
            let look = t.field(name);
            if !look.may_be_present {
                let Some(d) = default else {
                    let msg = if t.attrs.is_empty() {
                        format!("cannot select attribute `{name}`: the value is `{}`, not an attribute set", show(&t))
                    } else {
                        format!("attribute `{name}` missing in `{}`", show(&t))
                    };
                    self.confirmed_diag(
                        self.range(a),
                        self.certain(),
                        codes::MISSING_ATTRIBUTE,
                        msg,
                        &t,
                        &super::confirm::has_field(name),
                    );
                    return Ty::dyn_();
                };
                return self.infer_lazy(d);
            }
            if default.is_none() && t.null && !t.dyn_ {
                self.confirmed_diag(
                    self.range(a),
                    super::Severity::Warning,
                    codes::MAYBE_NULL,
                    format!(
                        "the value may be null here; selecting `{name}` would fail (it is `{}`)",
                        show(&t)
                    ),
                    &t,
                    &super::confirm::has_field(name),
                );
            }
            if !look.surely_present {
                maybe_missing = true;
            }
            t = look.ty;
        }
        match default {
            Some(d) => {
                let dt = self.infer_lazy(d);
                if maybe_missing {
                    t.union(&dt)
                } else {
                    t
                }
            }
            None => t,
        }
    }

    pub(super) fn has_attr(&mut self, base: ExprId, attrs: &[ExprId]) -> Ty {
        let base_ty = self.infer(base);
        for &a in attrs {
            if self.static_name(a).is_none() {
                self.dynamic_attr(a);
            }
        }
        if attrs.len() == 1 && !base_ty.dyn_ {
            if let Some(name) = self.static_name(attrs[0]) {
                if base_ty.attrs.is_empty() {
                    return Ty::bool_lit(false);
                }
                let look = base_ty.field(name);
                let only_attrs = Ty {
                    attrs: vec![],
                    ..base_ty.clone()
                }
                .is_never();
                if look.surely_present && only_attrs {
                    return Ty::bool_lit(true);
                }
                if !look.may_be_present {
                    return Ty::bool_lit(false);
                }
            }
        }
        Ty::bool_()
    }

    pub(super) fn attrset(&mut self, e: ExprId, rec: bool, bindings: &Bindings) -> Ty {
        if rec {
            return self.binding_group(e, bindings, NameKind::Attr);
        }
        let m = self.m;
        let mut fields = Vec::with_capacity(bindings.statics.len());
        let mut froms = vec![None; bindings.inherit_froms.len()];
        for b in &bindings.statics {
            let bnd = self.binding(b.name, b.value, bindings, &mut froms, NameKind::Attr);
            let field = Field {
                ty: bnd.ty,
                optional: false,
            };
            fields.push((m[b.name].text.clone(), field));
        }
        self.finish_dynamic(bindings, Rec::closed_with(fields))
    }

    /// Adds the `${e} = v` bindings to a record type.
    fn finish_dynamic(&mut self, bindings: &Bindings, mut rec: Rec) -> Ty {
        if bindings.dynamics.is_empty() {
            return Ty::record(rec);
        }
        let mut rest = Ty::never();
        let mut names_known = true;
        let mut lits: Vec<(String, Ty)> = Vec::new();
        for d in &bindings.dynamics {
            let nt = self.dynamic_attr(d.key);
            let vt = self.infer_lazy(d.value);
            match nt.as_str_lits() {
                Some(ls) if ls.len() == 1 => lits.push((ls[0].clone(), vt.clone())),
                _ => names_known = false,
            }
            rest = rest.union(&vt);
        }
        if names_known {
            for (n, t) in lits {
                rec.set(&n, t, false);
            }
            return Ty::record(rec);
        }
        // `${e} = v` with e unknown: any other name may hold v; `null` names are skipped.
        rec.rest = Some(Arc::new(rest));
        Ty::record(rec)
    }

    /// Types one static binding (and records its name's type).
    fn binding(
        &mut self,
        name: crate::ir::NameId,
        value: BindingValue,
        bindings: &Bindings,
        froms: &mut [Option<(Ty, bool)>],
        kind: NameKind,
    ) -> Binding {
        let m = self.m;
        let text = &m[name].text;
        match value {
            BindingValue::Expr(v) => {
                let comments = self.input.comments;
                let annotation = comments.binding.get(&v);
                let mut annotated = None;
                if let Some(a) = annotation {
                    annotated = self.annotation_type(a);
                }
                let saved = std::mem::replace(&mut self.strict, false);
                self.expected_is_annotation =
                    annotated.is_some() && matches!(self.m[v], Expr::Lambda { .. });
                let found = self.check_or_infer(v, annotated.as_ref());
                self.expected_is_annotation = false;
                self.strict = saved;
                let ty = match (&annotated, annotation) {
                    (Some(want), Some(a)) => {
                        self.annotation_violation(
                            self.range(v),
                            &found,
                            want,
                            super::written_unless_lambda(a, &m[v]),
                            &format!("`{text}`"),
                        );
                        super::annotated_or_found(a, want.clone(), found)
                    }
                    _ => found,
                };
                let mut b = Binding::plain(ty);
                b.annotated = annotated.is_some();
                b.value = self.known_value(v);
                if annotated.is_none() {
                    let doc_sig = comments
                        .doc
                        .get(&v)
                        .and_then(|d| sig::doc_comment_signature(d));
                    if let Some(sig) = doc_sig {
                        // Documentation, not a contract: calls use it (softened with `?`, so it
                        // can never cause an error), and it shows where inference knows nothing
                        // (nothing at all, or a function whose results it does not know).
                        let weak = b.ty.is_dyn()
                            || (!b.ty.funs.is_empty() && super::specialize::has_unknown(&b.ty, 3));
                        if weak {
                            b.ty = soften(&instantiate(&sig, &Subst::new()));
                        }
                        b.scheme = Some(Rc::new(sig));
                        b.doc_scheme = true;
                    }
                }
                // A set built from several paths (`a.b = 1; a.c = 2;`) has no single
                // definition to annotate with a type.
                let merged = self.input.source_map.expr_syntax(v).is_none()
                    || self.input.source_map.name_syntax(name).len() > 1;
                if !merged {
                    self.note_name(name, kind, &b.ty, annotation.map(|a| a.text.clone()));
                }
                b
            }
            BindingValue::Inherit(r) => {
                let mut b = self.reference(r);
                let shown = b.use_type();
                self.note_name(name, kind, &shown, None);
                b.param = false;
                b
            }
            BindingValue::InheritFrom(i) => {
                let Some(&from) = bindings.inherit_froms.get(i) else {
                    return Binding::plain(Ty::dyn_());
                };
                let (t, is_builtins) = match &froms[i] {
                    Some(known) => known.clone(),
                    None => {
                        let is_builtins = self.is_builtins_ident(from);
                        let t = if is_builtins {
                            Ty::dyn_()
                        } else {
                            self.infer_lazy(from)
                        };
                        froms[i] = Some((t.clone(), is_builtins));
                        (t, is_builtins)
                    }
                };
                let b = if is_builtins {
                    match builtin_schemes().get(text.as_str()) {
                        Some(t) => scheme_binding(t, false),
                        None => Binding::plain(Ty::dyn_()),
                    }
                } else {
                    let look = t.field(text);
                    if !look.may_be_present && !t.dyn_ {
                        self.confirmed_diag(
                            self.input.source_map.name_range(name),
                            self.certain(),
                            codes::MISSING_ATTRIBUTE,
                            format!("attribute `{text}` missing in `{}`", show(&t)),
                            &t,
                            &super::confirm::has_field(text),
                        );
                        Binding::plain(Ty::dyn_())
                    } else {
                        Binding::plain(look.ty)
                    }
                };
                self.note_name(name, kind, &b.use_type(), None);
                b
            }
        }
    }

    /// `let` / `rec { }` bindings, typed in dependency order (strongly connected components);
    /// a genuinely recursive group types its unannotated members `?` while they are inferred.
    /// Returns the record type (meaningful for `rec`).
    pub(super) fn binding_group(
        &mut self,
        owner: ExprId,
        bindings: &Bindings,
        kind: NameKind,
    ) -> Ty {
        let statics = &bindings.statics;
        let deps = self.group_dependencies(owner, bindings);
        let sccs = tarjan(&deps);
        let mut froms = vec![None; bindings.inherit_froms.len()];
        for comp in sccs {
            let recursive = comp.len() > 1 || deps[comp[0]].contains(&comp[0]);
            if recursive {
                for &i in &comp {
                    let mut b = Binding::plain(Ty::dyn_());
                    if let BindingValue::Expr(v) = statics[i].value {
                        if let Some(Ok(t)) = self.input.comments.binding.get(&v).map(|a| &a.parsed)
                        {
                            b = Binding::plain(instantiate(t, &Subst::new()));
                            b.annotated = true;
                        }
                    }
                    self.bindings[statics[i].name.index()] = Some(b);
                }
                self.first_round(&comp, bindings, kind);
            }
            for &i in &comp {
                let s = &statics[i];
                let b = self.binding(s.name, s.value, bindings, &mut froms, kind);
                self.bindings[s.name.index()] = Some(b);
            }
        }
        if kind != NameKind::Attr {
            for d in &bindings.dynamics {
                self.dynamic_attr(d.key);
                let _ = self.infer_lazy(d.value);
            }
            return Ty::attrs();
        }
        let m = self.m;
        let mut fields = Vec::with_capacity(statics.len());
        let mut overrides = false;
        for s in statics {
            let text = &m[s.name].text;
            overrides |= text == "__overrides";
            if let Some(b) = &self.bindings[s.name.index()] {
                let field = Field {
                    ty: b.use_type(),
                    optional: false,
                };
                fields.push((text.clone(), field));
            }
        }
        let mut t = self.finish_dynamic(bindings, Rec::closed_with(fields));
        if overrides {
            // `__overrides` (legacy) may add or replace any attribute of a `rec` set.
            for r in &mut t.attrs {
                for f in std::sync::Arc::make_mut(&mut r.fields).values_mut() {
                    f.ty = Ty::dyn_();
                }
                r.rest = Some(Arc::new(Ty::dyn_()));
            }
        }
        t
    }

    /// A recursive group's first round: its members typed (quietly) with each other as `?`;
    /// the second round, which records, then sees those types. Both are sound: the first
    /// assumes nothing of the members, the second what the first proved. Small groups only,
    /// and not inside another first round (the cost doubles per level).
    fn first_round(&mut self, comp: &[usize], bindings: &Bindings, kind: NameKind) {
        if comp.len() > 16 || self.pre_round_depth >= 2 || self.fuel < FIRST_ROUND_FUEL {
            return;
        }
        let statics = &bindings.statics;
        let mut froms = vec![None; bindings.inherit_froms.len()];
        let saved_record = std::mem::replace(&mut self.record, false);
        self.pre_round_depth += 1;
        let mut firsts = Vec::with_capacity(comp.len());
        for &i in comp {
            let s = &statics[i];
            firsts.push(self.binding(s.name, s.value, bindings, &mut froms, kind));
        }
        self.pre_round_depth -= 1;
        self.record = saved_record;
        for (&i, b) in comp.iter().zip(firsts) {
            let slot = &mut self.bindings[statics[i].name.index()];
            if !slot.as_ref().is_some_and(|old| old.annotated) {
                *slot = Some(b);
            }
        }
    }

    /// For each static binding of a group, the bindings of the same group its value refers to.
    fn group_dependencies(&self, owner: ExprId, bindings: &Bindings) -> Vec<Vec<usize>> {
        let statics = &bindings.statics;
        let mut deps = vec![Vec::new(); statics.len()];
        // The expression whose subtree belongs to each binding.
        let mut owned_by: HashMap<ExprId, Vec<usize>> = HashMap::default();
        for (i, s) in statics.iter().enumerate() {
            match s.value {
                BindingValue::Expr(v) => owned_by.entry(v).or_default().push(i),
                BindingValue::InheritFrom(j) => {
                    if let Some(&from) = bindings.inherit_froms.get(j) {
                        owned_by.entry(from).or_default().push(i);
                    }
                }
                BindingValue::Inherit(_) => {}
            }
        }
        for (j, s) in statics.iter().enumerate() {
            for &r in self.input.names.references(s.name) {
                let mut at = r;
                loop {
                    if let Some(users) = owned_by.get(&at) {
                        for &i in users {
                            deps[i].push(j);
                        }
                        break;
                    }
                    if at == owner {
                        break;
                    }
                    match self.parents[at.index()] {
                        Some(p) => at = p,
                        None => break,
                    }
                }
            }
        }
        for d in &mut deps {
            d.sort_unstable();
            d.dedup();
        }
        deps
    }

    /// `x`, `x.a.b` (static names only) as a refinement key, with the root reference.
    pub(super) fn path_key(&self, e: ExprId) -> Option<(Key, ExprId)> {
        match &self.m[e] {
            Expr::Reference(_) => Some((
                Key {
                    root: self.root_of(e)?,
                    path: vec![],
                },
                e,
            )),
            Expr::Select {
                set,
                attrpath,
                default: None,
            } => {
                let (mut key, root) = self.path_key(*set)?;
                for &a in attrpath {
                    key.path.push(self.static_name(a)?.to_string());
                }
                Some((key, root))
            }
            _ => None,
        }
    }
}
