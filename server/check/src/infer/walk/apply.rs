//! Functions: lambdas (checked once per expected arrow, parameters from annotations or from
//! their uses), patterns, application (plain, schematic builtins and doc signatures), `import`.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::super::algebra::to_algebra;
use super::super::codes;
use super::super::scheme::{instantiate, match_ty, Subst};
use super::super::sig::TyExpr;
use super::super::ty::{Rec, Ty};
use super::util::{callable, record_reason, show, soften};
use super::{Binding, Engine, NameKind};
use crate::ir::{Expr, ExprId, Literal, NameId, Pattern};
use crate::Severity;

impl Engine<'_> {
    pub(super) fn lambda(&mut self, lam: ExprId, expected: Option<&Ty>) -> Ty {
        // The expected type is an annotation (not a callee's domain): violations say so.
        let from_annotation = std::mem::take(&mut self.expected_is_annotation);
        let Expr::Lambda { param, pattern, .. } = &self.m[lam] else {
            return Ty::dyn_();
        };
        if param.is_none() && pattern.is_none() {
            return Ty::dyn_();
        }
        let annotated = match self.input.comments.lambda_param.get(&lam) {
            Some(a) => self.annotation_type(a),
            None => None,
        };
        // Checking against known arrows: once per arrow.
        if annotated.is_none() {
            if let Some(arrows) = expected.and_then(|t| t.arrows()) {
                let mut out: Option<Ty> = None;
                for (dom, cod) in arrows {
                    if dom.is_never() {
                        continue;
                    }
                    let t = self.lambda_with(lam, Some((dom, Some(cod))), from_annotation);
                    out = Some(match out {
                        None => t,
                        Some(o) => o.inter(&t),
                    });
                }
                if let Some(t) = out {
                    return t;
                }
            }
        }
        let given = annotated.map(|t| (t, None));
        let is_annotated = given.is_some();
        self.lambda_with(lam, given, is_annotated)
    }

    /// Types a lambda with a known parameter type (`given`, with the expected result) or with
    /// the parameter inferred from its uses.
    fn lambda_with(&mut self, lam: ExprId, given: Option<(Ty, Option<Ty>)>, annotated: bool) -> Ty {
        let (param, body) = self.lambda_parts(lam, given, annotated);
        Ty::arrow(param, body)
    }

    /// The parameter and body types of a lambda (see [`Engine::lambda_with`]).
    pub(super) fn lambda_parts(
        &mut self,
        lam: ExprId,
        given: Option<(Ty, Option<Ty>)>,
        annotated: bool,
    ) -> (Ty, Ty) {
        let m = self.m;
        let param_value = self.param_value.take();
        let Expr::Lambda {
            param,
            pattern,
            body,
        } = &m[lam]
        else {
            return (Ty::dyn_(), Ty::dyn_());
        };
        let mut own: Vec<NameId> = Vec::new();
        let param_ty = match pattern {
            None => {
                let Some(p) = *param else {
                    return (Ty::dyn_(), Ty::dyn_());
                };
                own.push(p);
                let ty = match &given {
                    Some((t, _)) => t.clone(),
                    None => self.prev_demands.get(&p).cloned().unwrap_or_else(Ty::dyn_),
                };
                self.note_name(p, NameKind::Param, &ty, None);
                self.bindings[p.index()] = Some(Binding {
                    ty: ty.clone(),
                    param: given.is_none(),
                    scheme: None,
                    doc_scheme: false,
                    annotated,
                    value: param_value,
                });
                ty
            }
            Some(pat) => self.pattern(pat, *param, given.as_ref().map(|g| &g.0), &mut own),
        };
        let expected_result = given.as_ref().and_then(|g| g.1.clone());
        self.active.push(lam);
        self.frames.push(HashMap::default());
        let saved_strict = std::mem::replace(&mut self.strict, true);
        // A curried body (`a: b: …`) passes its demands on `a` up: they hold whenever the
        // function is fully applied.
        let curried = std::mem::take(&mut self.curried_body);
        self.curried_body = matches!(m[*body], Expr::Lambda { .. });
        let body_ty = {
            let t = self.check_or_infer(*body, expected_result.as_ref());
            if let Some(want) = &expected_result {
                if annotated && !t.surely_disjoint(want) {
                    self.result_may_violate(*body, &t, want);
                } else if t.surely_disjoint(want) {
                    let (severity, code, why) = if annotated {
                        (Severity::Error, codes::ANNOTATION_VIOLATED, "as annotated")
                    } else {
                        (self.certain(), codes::MISMATCH, "where it is passed")
                    };
                    self.confirmed_diag(
                        self.range(*body),
                        severity,
                        code,
                        format!(
                            "this function must return `{}` {why}, but it returns `{}`",
                            show(want),
                            show(&t)
                        ),
                        &t,
                        &to_algebra(want),
                    );
                }
            }
            t
        };
        self.strict = saved_strict;
        self.curried_body = false;
        self.active.pop();
        let frame = self.frames.pop().unwrap_or_default();
        for (id, t) in &frame {
            // A specialization sees one argument's type: its demands are not the function's.
            if self.spec_depth > 0 {
                break;
            }
            if own.contains(id) {
                let entry = self.demands.entry(*id).or_insert_with(Ty::any);
                *entry = entry.inter(t);
            } else if curried && saved_strict {
                if let Some(parent) = self.frames.last_mut() {
                    let entry = parent.entry(*id).or_insert_with(Ty::any);
                    *entry = entry.inter(t);
                }
            }
        }
        (param_ty, body_ty)
    }

    /// The result of an annotated function that may fall outside the annotated result type
    /// (the algebra answers a certain "no"): a warning. A body that is itself a lambda is
    /// checked by its own body.
    fn result_may_violate(&mut self, body: ExprId, found: &Ty, want: &Ty) {
        if found.dyn_ || matches!(self.m[body], Expr::Lambda { .. }) {
            return;
        }
        let found_alg = to_algebra(found);
        if !found_alg.is_compatible(&to_algebra(want)).is_no() {
            return;
        }
        let reason = if super::util::may_be_null_only(found, want) {
            "it may return null"
        } else {
            "it may return a value outside that type"
        };
        self.diag(
            self.range(body),
            Severity::Warning,
            codes::ANNOTATION_VIOLATED,
            format!(
                "this function is annotated to return `{}`, but {reason} (it returns `{}`)",
                show(want),
                show(found)
            ),
        );
    }

    /// `{ a, b ? d, ... } @ x`: binds the fields; returns the record type of the argument.
    fn pattern(
        &mut self,
        pat: &Pattern,
        alias: Option<NameId>,
        given: Option<&Ty>,
        own: &mut Vec<NameId>,
    ) -> Ty {
        let m = self.m;
        let mut rec = Rec::closed();
        if pat.ellipsis {
            rec.rest = Some(Arc::new(Ty::dyn_()));
        }
        let mut fields = Vec::new();
        for field in &pat.fields {
            let name = &m[field.name].text;
            let annotation = self.input.comments.pat_field.get(&field.name);
            let mut annotated_ty = None;
            if let Some(a) = annotation {
                annotated_ty = self.annotation_type(a);
            }
            let from_given = given
                .map(|g| g.field(name))
                .filter(|l| l.may_be_present)
                .map(|l| l.ty);
            let field_ty = annotated_ty
                .clone()
                .or(from_given)
                .or_else(|| self.prev_demands.get(&field.name).cloned())
                .unwrap_or_else(Ty::dyn_);
            own.push(field.name);
            rec.set(name, field_ty.clone(), field.default.is_some());
            fields.push((field, field_ty, annotated_ty.is_some(), annotation));
        }
        let mut whole = Ty::record(rec);
        if let Some(g) = given {
            if !g.dyn_ && !g.attrs.is_empty() {
                whole = g.clone();
            }
        }
        if let Some(alias) = alias {
            self.note_name(alias, NameKind::Param, &whole, None);
            self.bindings[alias.index()] = Some(Binding::plain(whole.clone()));
        }
        // Defaults may refer to the other fields: bind the fields first, then type defaults.
        for (field, ty, annotated, _) in &fields {
            self.bindings[field.name.index()] = Some(Binding {
                ty: ty.clone(),
                param: !*annotated,
                scheme: None,
                doc_scheme: false,
                annotated: *annotated,
                value: None,
            });
        }
        for (field, ty, annotated, annotation) in fields {
            let mut body_ty = ty.clone();
            if let Some(d) = field.default {
                let dt = self.infer_lazy(d);
                if annotated {
                    let what = format!("the default of `{}`", m[field.name].text);
                    let written = annotation.and_then(|a| a.written.as_ref());
                    self.annotation_violation(self.range(d), &dt, &ty, written, &what);
                } else {
                    body_ty = ty.union(&dt);
                }
            }
            self.note_name(
                field.name,
                NameKind::PatternField,
                &body_ty,
                annotation.map(|a| a.text.clone()),
            );
            if let Some(b) = &mut self.bindings[field.name.index()] {
                b.ty = body_ty;
            }
        }
        whole
    }

    pub(super) fn apply(&mut self, e: ExprId) -> Ty {
        let m = self.m;
        // Flatten the spine `f a1 … an`.
        let mut args = Vec::new();
        let mut head = e;
        while let Expr::Apply { fun, arg } = &m[head] {
            args.push(*arg);
            head = *fun;
            if args.len() > 64 {
                break;
            }
        }
        args.reverse();
        // `import ./file.nix`
        if self.is_free_ref(head, "import") {
            if let Some(&first) = args.first() {
                let t = self.import_type(first);
                self.note_expr(head, &Ty::arrow(Ty::stringish(), Ty::dyn_()));
                return self.apply_args(t, head, &args[1..]);
            }
        }
        if let Some((s, doc)) = self.callee_scheme(head) {
            if s.has_vars() || doc {
                let t = instantiate(&s, &Subst::new());
                self.note_expr(head, &t);
                self.demand(head, &callable());
                return self.apply_scheme(&s, doc, head, &args);
            }
        }
        let fty = self.infer(head);
        self.demand(head, &callable());
        let (general, arg_types) = self.apply_args_typed(fty, head, &args);
        self.specialize(head, &args, &arg_types, &general)
            .unwrap_or(general)
    }

    pub(super) fn apply_args(&mut self, fty: Ty, head: ExprId, args: &[ExprId]) -> Ty {
        self.apply_args_typed(fty, head, args).0
    }

    /// Applies `fty` to `args`; also returns the argument types.
    fn apply_args_typed(&mut self, mut fty: Ty, head: ExprId, args: &[ExprId]) -> (Ty, Vec<Ty>) {
        let mut types = Vec::with_capacity(args.len());
        if args.is_empty() {
            return (fty, types);
        }
        let name = self.callee_name(head);
        let written_domain = self.written_domain(head);
        let rest = |this: &mut Self, types: &mut Vec<Ty>| {
            for &a in &args[types.len()..] {
                let t = this.infer_lazy(a);
                types.push(t);
            }
        };
        for &arg in args {
            if fty.is_dyn() {
                rest(self, &mut types);
                return (Ty::dyn_(), types);
            }
            let applicable = !fty.funs.is_empty() || !fty.attrs.is_empty() || fty.dyn_;
            if !applicable {
                self.confirmed_diag(
                    self.range(head),
                    self.certain(),
                    codes::NOT_A_FUNCTION,
                    format!(
                        "`{}` is not a function, it cannot be applied to an argument",
                        show(&fty)
                    ),
                    &fty,
                    &to_algebra(&callable()),
                );
                rest(self, &mut types);
                return (Ty::dyn_(), types);
            }
            if fty.null && !fty.dyn_ {
                self.confirmed_diag(
                    self.range(head),
                    Severity::Warning,
                    codes::MAYBE_NULL,
                    format!("this may be null, not a function (it is `{}`)", show(&fty)),
                    &fty,
                    &to_algebra(&callable()),
                );
            }
            let dom = fty.domain();
            // `Fun` (`Never -> Any`) says nothing about its domain.
            let dom = if dom.is_never() { Ty::dyn_() } else { dom };
            let at = if dom.is_dyn() || !fty.attrs.is_empty() {
                let at = self.infer_lazy(arg);
                if let Some(written) = written_domain.as_ref().filter(|_| types.is_empty()) {
                    self.argument_fits_written(arg, &at, written, &name);
                }
                at
            } else {
                let at = self.check_arg(arg, &dom);
                let reported = self.out.diagnostics.len();
                if !self.argument_fits(arg, &at, &dom, &name, true) {
                    types.push(at);
                    rest(self, &mut types);
                    return (Ty::dyn_(), types);
                }
                // A pattern with a field only the algebra reads: inference's domain has `?`
                // there; the argument is checked against the algebra's reading unless
                // inference's check already reported.
                if let Some(written) = written_domain.as_ref().filter(|_| types.is_empty()) {
                    if self.out.diagnostics.len() == reported {
                        self.argument_fits_written(arg, &at, written, &name);
                    }
                }
                at
            };
            fty = fty.apply(&at);
            types.push(at);
            if fty.is_never() {
                // Every arrow was excluded: Nix would fail; already reported, or unknown.
                rest(self, &mut types);
                return (Ty::dyn_(), types);
            }
        }
        (fty, types)
    }

    /// Infers an argument; a lambda argument is checked against the function's domain arrows.
    fn check_arg(&mut self, arg: ExprId, dom: &Ty) -> Ty {
        if matches!(self.m[arg], Expr::Lambda { .. }) && dom.arrows().is_some() {
            let saved = std::mem::replace(&mut self.strict, false);
            let t = self.check_or_infer(arg, Some(dom));
            self.strict = saved;
            return t;
        }
        let t = self.infer_lazy(arg);
        self.demand(arg, dom);
        t
    }

    /// Reports an argument outside the domain. `certain`: the domain is a contract (builtin,
    /// annotation, pattern, demands), so a disjoint argument surely fails.
    pub(super) fn argument_fits(
        &mut self,
        arg: ExprId,
        at: &Ty,
        dom: &Ty,
        callee: &str,
        certain: bool,
    ) -> bool {
        if at.dyn_ {
            return true;
        }
        if at.surely_disjoint(dom) {
            let reason = record_reason(at, dom);
            self.confirmed_diag(
                self.range(arg),
                if certain {
                    self.certain()
                } else {
                    Severity::Warning
                },
                codes::ARGUMENT,
                format!(
                    "argument of `{callee}` must be `{}`, but it is `{}`{reason}",
                    show(dom),
                    show(at)
                ),
                at,
                &to_algebra(dom),
            );
            return false;
        }
        if at.null && !dom.null && !dom.dyn_ && !at.surely_subtype(dom) {
            self.confirmed_diag(
                self.range(arg),
                Severity::Warning,
                codes::MAYBE_NULL,
                format!(
                    "argument of `{callee}` must be `{}`, but it may be null (it is `{}`)",
                    show(dom),
                    show(at)
                ),
                at,
                &to_algebra(dom),
            );
        }
        true
    }

    /// The parameter type of the called lambda when only the algebra reads its annotation
    /// (`x /*: rec L. … */: …`, typed `?` by inference): arguments are checked against it.
    fn written_domain(&self, head: ExprId) -> Option<nixty_types::Ty> {
        let lam = match &self.m[head] {
            Expr::Lambda { .. } => head,
            Expr::Reference(_) => self.reference(head).value?,
            _ => return None,
        };
        if !matches!(self.m[lam], Expr::Lambda { .. }) {
            return None;
        }
        let Expr::Lambda { pattern, .. } = &self.m[lam] else {
            return None;
        };
        match pattern {
            None => {
                let a = self.input.comments.lambda_param.get(&lam)?;
                a.written.clone().filter(|_| a.algebra_only())
            }
            Some(pat) => self.written_pattern(pat),
        }
    }

    /// The algebra's record type of a pattern with a field only the algebra reads
    /// (`{ l /*: rec L. … */ }`): those fields as written, other annotated fields as written,
    /// unannotated ones `?`.
    fn written_pattern(&self, pat: &Pattern) -> Option<nixty_types::Ty> {
        let comments = &self.input.comments;
        let annotation = |f: &crate::ir::PatField| comments.pat_field.get(&f.name);
        if !pat
            .fields
            .iter()
            .any(|f| annotation(f).is_some_and(|a| a.algebra_only()))
        {
            return None;
        }
        let mut b = nixty_types::RecordBuilder::new();
        for f in &pat.fields {
            let ty = annotation(f)
                .and_then(|a| a.written.clone())
                .unwrap_or_else(nixty_types::Ty::dynamic);
            let name = &self.m[f.name].text;
            b = if f.default.is_some() {
                b.optional(name, ty)
            } else {
                b.field(name, ty)
            };
        }
        Some(if pat.ellipsis { b.open() } else { b.closed() }.build())
    }

    /// Checks an argument against a parameter type only the algebra reads: an error when no
    /// value of the argument's type fits (in strict position), a warning when some may not.
    fn argument_fits_written(
        &mut self,
        arg: ExprId,
        at: &Ty,
        written: &nixty_types::Ty,
        callee: &str,
    ) {
        if !self.record {
            return;
        }
        let Some(verdict) = super::confirm::verdict(at, written) else {
            return;
        };
        let expected = written.display(&nixty_types::DisplayOptions::hover());
        if verdict == super::confirm::Verdict::Disjoint {
            let severity = self.certain();
            self.diag(
                self.range(arg),
                severity,
                codes::ARGUMENT,
                format!(
                    "argument of `{callee}` must be `{expected}`, but it is `{}`",
                    show(at)
                ),
            );
            return;
        }
        let non_null = Ty {
            null: false,
            ..at.clone()
        };
        let (code, reason) = if at.null && super::confirm::verdict(&non_null, written).is_none() {
            (codes::MAYBE_NULL, "it may be null")
        } else {
            (codes::ARGUMENT, "it may be a value outside that type")
        };
        self.diag(
            self.range(arg),
            Severity::Warning,
            code,
            format!(
                "argument of `{callee}` must be `{expected}`, but {reason} (it is `{}`)",
                show(at)
            ),
        );
    }

    fn apply_scheme(&mut self, s: &TyExpr, doc: bool, head: ExprId, args: &[ExprId]) -> Ty {
        let name = self.callee_name(head);
        // Peel the parameters.
        let mut params = Vec::new();
        let mut rest = s;
        while let TyExpr::Arrow(p, q) = rest {
            if params.len() == args.len() {
                break;
            }
            params.push(&**p);
            rest = q;
        }
        let n = params.len();
        let mut subst = Subst::new();
        let mut arg_types: Vec<Option<Ty>> = vec![None; n];
        let is_lambda = |e: ExprId| matches!(self.m[e], Expr::Lambda { .. });
        // Non-lambda arguments first, left to right.
        for i in 0..n {
            if is_lambda(args[i]) {
                continue;
            }
            let t = self.infer_lazy(args[i]);
            match_ty(params[i], &t, &mut subst);
            arg_types[i] = Some(t);
        }
        // Lambda arguments, checked against the instantiated domain (twice if a variable of
        // their domain grows from their own result, as an accumulator does).
        for i in 0..n {
            if arg_types[i].is_some() {
                continue;
            }
            let mut t = Ty::dyn_();
            for round in 0..2 {
                let want = instantiate(params[i], &subst);
                let saved_record = self.record;
                if round == 0 {
                    self.record = false;
                }
                let saved = std::mem::replace(&mut self.strict, false);
                t = self.check_or_infer(args[i], Some(&want));
                self.strict = saved;
                self.record = saved_record;
                let before = subst.clone();
                match_ty(params[i], &t, &mut subst);
                if round == 0 && before == subst {
                    // Stable: type it for real (recorded).
                    let saved = std::mem::replace(&mut self.strict, false);
                    t = self.check_or_infer(args[i], Some(&want));
                    self.strict = saved;
                    break;
                }
            }
            arg_types[i] = Some(t);
        }
        for i in 0..n {
            let want = instantiate(params[i], &subst);
            let at = arg_types[i].clone().unwrap_or_else(Ty::dyn_);
            self.demand(args[i], &want);
            if !doc && !self.argument_fits(args[i], &at, &want, &name, true) {
                for &a in &args[n..] {
                    let _ = self.infer_lazy(a);
                }
                return Ty::dyn_();
            }
        }
        let result = instantiate(rest, &subst);
        let result = if doc { soften(&result) } else { result };
        let result = self.special_result(&name, args, &arg_types, result);
        if args.len() > n {
            return self.apply_args(result, head, &args[n..]);
        }
        result
    }

    fn import_type(&mut self, arg: ExprId) -> Ty {
        let _ = self.infer_lazy(arg);
        let arg = self.known_value(arg).unwrap_or(arg);
        match &self.m[arg] {
            Expr::Literal(Literal::Path(p)) if !p.starts_with('~') => {
                self.input.imports.import_type(p).unwrap_or_else(Ty::dyn_)
            }
            _ => Ty::dyn_(),
        }
    }

    /// Builtins whose result depends on argument values in ways a type scheme cannot say.
    fn special_result(
        &self,
        name: &str,
        args: &[ExprId],
        arg_types: &[Option<Ty>],
        result: Ty,
    ) -> Ty {
        let base = name.strip_prefix("builtins.").unwrap_or(name);
        match base {
            // `getAttr "x" r`: the field of a literal name.
            "getAttr" if args.len() >= 2 => {
                if let (Expr::Literal(Literal::String(n)), Some(Some(r))) =
                    (&self.m[args[0]], arg_types.get(1))
                {
                    let look = r.field(n);
                    if look.may_be_present && !r.dyn_ {
                        return look.ty;
                    }
                }
                result
            }
            "removeAttrs" if !args.is_empty() => {
                // Keep the record's shape with the removed fields made optional (sound, simple).
                if let Some(Some(r)) = arg_types.first() {
                    if !r.dyn_ && !r.attrs.is_empty() {
                        let mut out = r.clone();
                        for rec in &mut out.attrs {
                            for f in std::sync::Arc::make_mut(&mut rec.fields).values_mut() {
                                f.optional = true;
                            }
                        }
                        return out;
                    }
                }
                result
            }
            _ => result,
        }
    }
}
