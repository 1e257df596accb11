//! Printing types in the annotation syntax (the printed text parses back to an equivalent
//! type), with simplification for readability and optional folding with `…`.

use crate::bdd::{Bdd, Clauses};
use crate::lit::LitSet;
use crate::query::Checker;
use crate::ty::{ArrowAtom, Descr, Field, RecordAtom, Shape, Ty, TyKind};
use std::fmt;
use std::sync::Arc;

/// Limits for folding long types (hovers, inlay hints). `0` means unlimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct DisplayOptions {
    /// Target maximum length in characters; longer types are folded with `…`.
    pub max_width: usize,
    /// Nesting depth past which constructors are shown as `…`.
    pub max_depth: usize,
    /// Widen lone literals (`1` → `Int`), as hovers do.
    pub widen: bool,
}

impl DisplayOptions {
    /// What hovers use: widened, folded past 120 characters or 6 levels.
    pub fn hover() -> DisplayOptions {
        DisplayOptions {
            max_width: 120,
            max_depth: 6,
            widen: true,
        }
    }
}

/// Clauses of one kind shown at most (more are folded as `…`).
const DISPLAY_CLAUSE_LIMIT: usize = 512;
/// Number of clauses of one kind up to which display simplifies them.
const SIMPLIFY_LIMIT: usize = 24;
/// Fuel of each subtyping question asked while simplifying for display.
const DISPLAY_FUEL: u32 = 500;
/// Nesting past which the printer stops (such types are folded, not printed).
const PRINT_DEPTH_LIMIT: usize = 200;

#[derive(Clone, Debug)]
pub(crate) enum Expr {
    Name(String),
    List(Box<Expr>),
    Record {
        fields: Vec<(String, bool, Expr)>,
        rest: Rest,
    },
    Arrow(Box<Expr>, Box<Expr>),
    Union(Vec<Expr>),
    Inter(Vec<Expr>),
    Diff(Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Rec(String, Box<Expr>),
    Elided,
}

#[derive(Clone, Debug)]
pub(crate) enum Rest {
    Closed,
    Open,
    Map(Box<Expr>),
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display(&DisplayOptions::default()))
    }
}

impl Ty {
    /// The type in the annotation syntax, folded according to `options`.
    pub fn display(&self, options: &DisplayOptions) -> String {
        let ty = if options.widen {
            self.widen()
        } else {
            self.clone()
        };
        let expr = Printer::default().ty(&ty, 0);
        let unlimited = render(&expr, usize::MAX, usize::MAX);
        if options.max_width == 0 && options.max_depth == 0 {
            return unlimited;
        }
        let max_depth = if options.max_depth == 0 {
            usize::MAX
        } else {
            options.max_depth
        };
        let width = if options.max_width == 0 {
            usize::MAX
        } else {
            options.max_width
        };
        let mut best = render(&expr, max_depth, usize::MAX);
        for items in [usize::MAX, 8, 4, 2, 1] {
            for depth in (1..=max_depth.min(16)).rev() {
                let text = render(&expr, depth, items);
                if text.chars().count() <= width {
                    return text;
                }
                best = text;
            }
        }
        best
    }
}

#[derive(Default)]
struct Printer {
    /// The types being printed, innermost last. A type met again inside its own printing is
    /// recursive (a `Rec` node, or a structural cycle such as the intersection of two
    /// recursive types): it gets a `rec` binder, named when first used.
    stack: Vec<Frame>,
    /// Types printed so far; past `PRINT_BUDGET` the rest is folded (`…`).
    printed: usize,
}

struct Frame {
    key: FrameKey,
    name: Option<String>,
}

#[derive(PartialEq)]
enum FrameKey {
    Rec(u64),
    Ty(Ty),
}

/// Types printed per call, bounding the work on DAG-shaped types whose tree form is huge.
const PRINT_BUDGET: usize = 20_000;

impl Printer {
    fn ty(&mut self, t: &Ty, depth: usize) -> Expr {
        if depth > PRINT_DEPTH_LIMIT || self.printed >= PRINT_BUDGET {
            return Expr::Elided;
        }
        self.printed += 1;
        let key = match &t.0.kind {
            TyKind::Rec(r) => {
                if let Some(alias) = r.0.alias {
                    return Expr::Name(alias.to_string());
                }
                FrameKey::Rec(r.0.id)
            }
            TyKind::Shape(_) => {
                if *t == Ty::derivation() {
                    return Expr::Name("Derivation".into());
                }
                FrameKey::Ty(t.clone())
            }
        };
        let named = self.stack.iter().filter(|f| f.name.is_some()).count();
        if let Some(frame) = self.stack.iter_mut().find(|f| f.key == key) {
            let name = frame.name.get_or_insert_with(|| rec_name(named)).clone();
            return Expr::Name(name);
        }
        self.stack.push(Frame { key, name: None });
        let body = self.shape(t.shape(), depth);
        match self.stack.pop().and_then(|f| f.name) {
            Some(name) => Expr::Rec(name, Box::new(body)),
            None => body,
        }
    }

    /// A gradual shape is the interval `[stat, stat | dynamic]`. Constructor parts whose
    /// bounds are one atom each are shown with `?` inside (`{ a: ? }`, `? -> Int`); the rest as
    /// `lower | (upper & ?)`, which parses back to the same interval.
    fn shape(&mut self, s: &Shape, depth: usize) -> Expr {
        if s.is_static() {
            return self.descr(&s.stat, depth);
        }
        let lo = &s.stat;
        let dy = &s.dynamic;
        let hi = s.stat.union(&s.dynamic);
        if lo.is_trivially_empty() && hi.is_trivially_full() {
            return name("?");
        }
        let mut shown_lo = Descr {
            lists: Bdd::False,
            records: Bdd::False,
            arrows: Bdd::False,
            ..lo.clone()
        };
        let basic = |d: &Descr| Descr {
            lists: Bdd::False,
            records: Bdd::False,
            arrows: Bdd::False,
            ..d.clone()
        };
        let mut residual = !basic(dy).diff(&basic(lo)).is_trivially_empty();
        let mut paired = Vec::new();
        let list_ty = |e: &Ty| Ty::list_of(e.clone());
        match pairs(&lo.lists, &dy.lists, &list_ty, &|_, _| true) {
            Some((matched, unmatched)) => {
                for (l, h) in matched {
                    paired.push(Expr::List(Box::new(self.interval(&l, &h, depth + 1))));
                }
                shown_lo.lists = unmatched;
            }
            None => {
                shown_lo.lists = lo.lists.clone();
                residual = true;
            }
        }
        let record_ty = |a: &RecordAtom| record_ty(a.clone());
        match pairs(&lo.records, &dy.records, &record_ty, &same_record_shape) {
            Some((matched, unmatched)) => {
                for (l, h) in matched {
                    paired.push(self.paired_record(&l, &h, depth));
                }
                shown_lo.records = unmatched;
            }
            None => {
                shown_lo.records = lo.records.clone();
                residual = true;
            }
        }
        let arrow_ty = |a: &ArrowAtom| Ty::arrow(a.dom.clone(), a.cod.clone());
        match pairs(&lo.arrows, &dy.arrows, &arrow_ty, &|_, _| true) {
            Some((matched, unmatched)) => {
                for (l, h) in matched {
                    paired.push(Expr::Arrow(
                        Box::new(self.interval(&h.dom, &l.dom, depth + 1)),
                        Box::new(self.interval(&l.cod, &h.cod, depth + 1)),
                    ));
                }
                shown_lo.arrows = unmatched;
            }
            None => {
                shown_lo.arrows = lo.arrows.clone();
                residual = true;
            }
        }
        let mut members = Vec::new();
        if !shown_lo.is_trivially_empty() {
            match self.descr(&shown_lo, depth) {
                Expr::Union(ms) => members.extend(ms),
                Expr::Name(n) if n == "Never" => {}
                e => members.push(e),
            }
        }
        members.extend(paired);
        if residual {
            members.push(if hi.is_trivially_full() {
                name("?")
            } else {
                Expr::Inter(vec![self.descr(dy, depth), name("?")])
            });
        }
        union(members)
    }

    fn interval(&mut self, lo: &Ty, hi: &Ty, depth: usize) -> Expr {
        self.ty(&Ty::interval(lo, hi), depth)
    }

    /// `l` and `h` have the same shape (`same_record_shape`).
    fn paired_record(&mut self, l: &RecordAtom, h: &RecordAtom, depth: usize) -> Expr {
        let fields = l
            .fields
            .iter()
            .zip(h.fields.iter())
            .map(|((n, lf), (_, hf))| {
                (
                    field_name(n),
                    lf.optional,
                    self.interval(&lf.ty, &hf.ty, depth + 1),
                )
            })
            .collect();
        let rest = match (&l.rest, &h.rest) {
            (Some(lr), Some(hr)) if lr.is_any() && hr.is_any() => Rest::Open,
            (Some(lr), Some(hr)) => Rest::Map(Box::new(self.interval(lr, hr, depth + 1))),
            _ => Rest::Closed,
        };
        Expr::Record { fields, rest }
    }

    fn descr(&mut self, d: &Descr, depth: usize) -> Expr {
        if d.is_trivially_full() {
            return Expr::Name("Any".into());
        }
        if d.is_trivially_empty() {
            return Expr::Name("Never".into());
        }
        let full_kinds = [
            d.null,
            d.bools == 3,
            d.ints.is_full(),
            d.floats.is_full(),
            d.strings.is_full(),
            d.paths.is_full(),
            d.lists.is_true(),
            d.records.is_true(),
            d.arrows.is_true(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if full_kinds >= 5 {
            return Expr::Neg(Box::new(self.descr(&d.neg(), depth)));
        }
        let mut members = Vec::new();
        // `Stringish` is common in demands (interpolation); show it by name inside unions.
        let stringish = Ty::stringish();
        let s = &stringish.shape().stat;
        let context = d;
        let rest;
        let d = if d.union(s) == *d {
            members.push(name("Stringish"));
            rest = d.diff(s);
            &rest
        } else {
            d
        };
        if d.null {
            members.push(name("Null"));
        }
        match d.bools {
            3 => members.push(name("Bool")),
            2 => members.push(name("true")),
            1 => members.push(name("false")),
            _ => {}
        }
        if d.ints.is_full() && d.floats.is_full() {
            members.push(name("Number"));
        } else {
            lits(&mut members, &d.ints, "Int", |i| i.to_string());
            lits(&mut members, &d.floats, "Float", |b| {
                float_text(f64::from_bits(*b))
            });
        }
        lits(&mut members, &d.strings, "String", |s| quote(s));
        lits(&mut members, &d.paths, "Path", |p| p.to_string());
        self.lists(&mut members, &d.lists, depth);
        self.records(&mut members, &d.records, &context.records, depth);
        self.arrows(&mut members, &d.arrows, depth);
        union(members)
    }

    fn lists(&mut self, out: &mut Vec<Expr>, bdd: &Bdd<Ty>, depth: usize) {
        if bdd.is_true() {
            out.push(Expr::List(Box::new(name("Any"))));
            return;
        }
        let whole = Ty::from_descr(Descr {
            lists: bdd.clone(),
            ..Descr::empty()
        });
        let as_ty = |e: &Ty| Ty::list_of(e.clone());
        let (clauses, truncated) = simplify_clauses(bdd, &whole, &as_ty);
        if truncated {
            out.push(Expr::Elided);
        }
        for (pos, neg) in clauses {
            let elem = Ty::inter_all(pos);
            let mut parts = vec![Expr::List(Box::new(self.ty(&elem, depth + 1)))];
            for n in neg {
                parts.push(Expr::Neg(Box::new(Expr::List(Box::new(
                    self.ty(&n, depth + 1),
                )))));
            }
            out.push(inter(parts));
        }
    }

    /// `context`: the record part of the whole type shown (a superset of `bdd`), against which
    /// redundant negations are judged.
    fn records(
        &mut self,
        out: &mut Vec<Expr>,
        bdd: &Bdd<RecordAtom>,
        context: &Bdd<RecordAtom>,
        depth: usize,
    ) {
        if bdd.is_true() {
            out.push(Expr::Record {
                fields: vec![],
                rest: Rest::Open,
            });
            return;
        }
        let whole = Ty::from_descr(Descr {
            records: context.clone(),
            ..Descr::empty()
        });
        let as_ty = |a: &RecordAtom| record_ty(a.clone());
        let derivation = Ty::derivation();
        let (clauses, truncated) = simplify_clauses(bdd, &whole, &as_ty);
        if truncated {
            out.push(Expr::Elided);
        }
        for (pos, neg) in clauses {
            if neg.is_empty() && pos.len() == 1 && as_ty(&pos[0]) == derivation {
                out.push(name("Derivation"));
                continue;
            }
            let mut parts = Vec::new();
            match merge_exactly(&pos) {
                Some(atom) => parts.push(self.record(&atom, depth)),
                None => {
                    for p in &pos {
                        parts.push(self.record(p, depth));
                    }
                }
            }
            if pos.is_empty() {
                parts.push(Expr::Record {
                    fields: vec![],
                    rest: Rest::Open,
                });
            }
            for n in &neg {
                parts.push(Expr::Neg(Box::new(self.record(n, depth))));
            }
            out.push(inter(parts));
        }
    }

    fn record(&mut self, atom: &RecordAtom, depth: usize) -> Expr {
        if depth >= PRINT_DEPTH_LIMIT {
            return Expr::Elided;
        }
        let fields = atom
            .fields
            .iter()
            .map(|(n, f)| (field_name(n), f.optional, self.ty(&f.ty, depth + 1)))
            .collect();
        let rest = match &atom.rest {
            None => Rest::Closed,
            Some(t) if t.is_any() => Rest::Open,
            Some(t) => Rest::Map(Box::new(self.ty(t, depth + 1))),
        };
        Expr::Record { fields, rest }
    }

    fn arrows(&mut self, out: &mut Vec<Expr>, bdd: &Bdd<ArrowAtom>, depth: usize) {
        if bdd.is_true() {
            out.push(name("Fun"));
            return;
        }
        let whole = Ty::from_descr(Descr {
            arrows: bdd.clone(),
            ..Descr::empty()
        });
        let as_ty = |a: &ArrowAtom| Ty::arrow(a.dom.clone(), a.cod.clone());
        let (clauses, truncated) = simplify_clauses(bdd, &whole, &as_ty);
        if truncated {
            out.push(Expr::Elided);
        }
        for (pos, neg) in clauses {
            let mut parts: Vec<Expr> = pos
                .iter()
                .map(|a| {
                    Expr::Arrow(
                        Box::new(self.ty(&a.dom, depth + 1)),
                        Box::new(self.ty(&a.cod, depth + 1)),
                    )
                })
                .collect();
            if parts.is_empty() {
                parts.push(name("Fun"));
            }
            for a in &neg {
                parts.push(Expr::Neg(Box::new(Expr::Arrow(
                    Box::new(self.ty(&a.dom, depth + 1)),
                    Box::new(self.ty(&a.cod, depth + 1)),
                ))));
            }
            out.push(inter(parts));
        }
    }
}

/// Matched `(lower atom, dynamic atom)` pairs, and the union of the unmatched lower atoms.
type Paired<A> = (Vec<(A, A)>, Bdd<A>);

/// Splits a constructor kind of a gradual type for display: every atom of the dynamic part is
/// matched with an atom of the lower bound that it contains (and that has the same shape), so
/// each match shows as one constructor with `?` inside. Returns the matches and the unmatched
/// lower atoms (static members), or `None` when the parts are not plain unions of atoms or some
/// dynamic atom has no match. An empty dynamic part gives no matches: the kind is static.
fn pairs<A: Ord + Clone + std::hash::Hash>(
    lo: &Bdd<A>,
    dy: &Bdd<A>,
    as_ty: &dyn Fn(&A) -> Ty,
    same_shape: &dyn Fn(&A, &A) -> bool,
) -> Option<Paired<A>> {
    if dy.diff(lo).is_false() {
        return Some((Vec::new(), lo.clone()));
    }
    let atoms = |b: &Bdd<A>| -> Option<Vec<A>> {
        let (clauses, truncated) = b.display_clauses(SIMPLIFY_LIMIT);
        if truncated || clauses.iter().any(|(p, n)| p.len() != 1 || !n.is_empty()) {
            return None;
        }
        Some(
            clauses
                .into_iter()
                .filter_map(|(mut p, _)| p.pop())
                .collect(),
        )
    };
    let mut lows = atoms(lo)?;
    let mut highs = atoms(dy)?;
    // A dynamic atom that is also a lower atom adds nothing (upper bounds are built as
    // `lower | dynamic`).
    highs.retain(|h| !lows.contains(h));
    let mut matched = Vec::new();
    for h in highs {
        let h_ty = as_ty(&h);
        let index = lows.iter().position(|l| {
            same_shape(l, &h) && Checker::new(DISPLAY_FUEL).is_subtype(&as_ty(l), &h_ty) == Ok(true)
        })?;
        matched.push((lows.remove(index), h));
    }
    let unmatched = lows
        .into_iter()
        .fold(Bdd::False, |acc, l| acc.union(&Bdd::atom(l)));
    Some((matched, unmatched))
}

fn same_record_shape(l: &RecordAtom, h: &RecordAtom) -> bool {
    l.fields.len() == h.fields.len()
        && l.fields
            .iter()
            .zip(h.fields.iter())
            .all(|(a, b)| a.0 == b.0 && a.1.optional == b.1.optional)
        && l.rest.is_some() == h.rest.is_some()
}

fn rec_name(index: usize) -> String {
    const NAMES: [&str; 3] = ["X", "Y", "Z"];
    if index < NAMES.len() {
        NAMES[index].to_string()
    } else {
        format!("X{}", index - NAMES.len() + 1)
    }
}

fn name(n: &str) -> Expr {
    Expr::Name(n.to_string())
}

fn union(mut members: Vec<Expr>) -> Expr {
    match members.len() {
        0 => name("Never"),
        1 => members.pop().unwrap_or(Expr::Elided),
        _ => Expr::Union(members),
    }
}

fn inter(mut parts: Vec<Expr>) -> Expr {
    match parts.len() {
        0 => name("Any"),
        1 => parts.pop().unwrap_or(Expr::Elided),
        _ => Expr::Inter(parts),
    }
}

fn lits<T: Ord + Clone>(
    out: &mut Vec<Expr>,
    set: &LitSet<T>,
    kind: &str,
    text: impl Fn(&T) -> String,
) {
    match set {
        LitSet::Finite(s) => out.extend(s.iter().map(|v| Expr::Name(text(v)))),
        LitSet::Cofinite(s) if s.is_empty() => out.push(name(kind)),
        LitSet::Cofinite(s) => out.push(Expr::Diff(
            Box::new(name(kind)),
            Box::new(union(s.iter().map(|v| Expr::Name(text(v))).collect())),
        )),
    }
}

pub(crate) fn float_text(f: f64) -> String {
    let s = format!("{f:?}");
    if s.contains('.') || s.contains('e') || !f.is_finite() {
        s
    } else {
        format!("{s}.0")
    }
}

pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && s != "_"
}

fn field_name(n: &str) -> String {
    if is_identifier(n) {
        n.to_string()
    } else {
        quote(n)
    }
}

fn record_ty(atom: RecordAtom) -> Ty {
    Ty::from_descr(Descr {
        records: Bdd::atom(atom),
        ..Descr::empty()
    })
}

/// The clauses of a BDD, readable: negative atoms that change nothing are dropped (those
/// contained in the whole union, or disjoint from the clause), and clauses contained in another
/// clause are dropped. Each drop is justified by a subtyping answer; `Unknown` keeps things.
fn simplify_clauses<A: Ord + Clone + std::hash::Hash>(
    bdd: &Bdd<A>,
    whole: &Ty,
    as_ty: &dyn Fn(&A) -> Ty,
) -> (Clauses<A>, bool) {
    let (clauses, truncated) = bdd.display_clauses(DISPLAY_CLAUSE_LIMIT);
    // Simplifying costs subtyping questions per pair of clauses: only for readable sizes.
    let small = clauses.len() <= SIMPLIFY_LIMIT;
    let sub = |a: &Ty, b: &Ty| Checker::new(DISPLAY_FUEL).is_subtype(a, b) == Ok(true);
    let mut simplified: Vec<(Vec<A>, Vec<A>, Ty)> = Vec::new();
    for (pos, neg) in clauses {
        if !small {
            simplified.push((pos, neg, Ty::never()));
            continue;
        }
        let pos_ty = Ty::inter_all(pos.iter().map(as_ty));
        let kind_top = whole_kind_top(whole);
        let pos_ty = if pos.is_empty() { kind_top } else { pos_ty };
        let neg: Vec<A> = neg
            .into_iter()
            .filter(|n| {
                let n_ty = as_ty(n);
                !(sub(&n_ty, whole) || sub(&pos_ty.inter(&n_ty), &Ty::never()))
            })
            .collect();
        let ty = neg.iter().fold(pos_ty, |acc, n| acc.diff(&as_ty(n)));
        if sub(&ty, &Ty::never()) {
            continue;
        }
        simplified.push((pos, neg, ty));
    }
    let mut keep = vec![true; simplified.len()];
    for i in 0..simplified.len() {
        for j in 0..simplified.len() {
            if small && i != j && keep[j] && sub(&simplified[i].2, &simplified[j].2) {
                keep[i] = false;
                break;
            }
        }
    }
    let kept = simplified
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|((p, n, _), _)| (p, n))
        .collect();
    (kept, truncated)
}

/// The top of the (single) constructor kind present in `whole`.
fn whole_kind_top(whole: &Ty) -> Ty {
    let d = &whole.shape().stat;
    let mut out = Descr::empty();
    if !d.lists.is_false() {
        out.lists = Bdd::True;
    }
    if !d.records.is_false() {
        out.records = Bdd::True;
    }
    if !d.arrows.is_false() {
        out.arrows = Bdd::True;
    }
    Ty::from_descr(out)
}

/// The intersection of record atoms as one atom, when that is exact.
fn merge_exactly(pos: &[RecordAtom]) -> Option<RecordAtom> {
    match pos {
        [] => None,
        [one] => Some(one.clone()),
        _ => {
            let mut names: Vec<Arc<str>> = pos
                .iter()
                .flat_map(|a| a.fields.iter().map(|(n, _)| n.clone()))
                .collect();
            names.sort();
            names.dedup();
            let closed = pos.iter().any(|a| a.rest.is_none());
            let rest = if closed {
                None
            } else {
                Some(Ty::inter_all(pos.iter().filter_map(|a| a.rest.clone())))
            };
            let mut fields = Vec::new();
            for n in names {
                let mut ty = Ty::any();
                let mut optional = true;
                for a in pos {
                    match a.field(&n) {
                        Some(f) => {
                            ty = ty.inter(&f.ty);
                            optional &= f.optional;
                        }
                        None => match &a.rest {
                            // Present and absent-only disagree: not expressible as a field.
                            None => return None,
                            Some(r) => ty = ty.inter(r),
                        },
                    }
                }
                fields.push((n, Field { ty, optional }));
            }
            Some(RecordAtom {
                fields: fields.into(),
                rest,
            })
        }
    }
}

// ----- rendering -----

fn level(e: &Expr) -> u8 {
    match e {
        Expr::Arrow(..) | Expr::Rec(..) => 0,
        Expr::Diff(..) => 1,
        Expr::Union(_) => 2,
        Expr::Inter(_) => 3,
        Expr::Neg(_) => 4,
        _ => 5,
    }
}

fn render(e: &Expr, depth: usize, items: usize) -> String {
    let mut out = String::new();
    write_expr(&mut out, e, 0, depth, items);
    out
}

fn write_at(out: &mut String, e: &Expr, min_level: u8, depth: usize, items: usize) {
    if level(e) < min_level {
        out.push('(');
        write_expr(out, e, 0, depth, items);
        out.push(')');
    } else {
        write_expr(out, e, min_level, depth, items);
    }
}

fn write_list(out: &mut String, es: &[Expr], sep: &str, min_level: u8, depth: usize, items: usize) {
    for (i, e) in es.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        if i >= items && es.len() > items + 1 {
            out.push('…');
            return;
        }
        write_at(out, e, min_level, depth, items);
    }
}

fn write_expr(out: &mut String, e: &Expr, _min: u8, depth: usize, items: usize) {
    let compound = matches!(e, Expr::List(_) | Expr::Record { .. } | Expr::Arrow(..));
    if compound && depth == 0 {
        out.push('…');
        return;
    }
    let inner = if compound { depth - 1 } else { depth };
    match e {
        Expr::Name(n) => out.push_str(n),
        Expr::Elided => out.push('…'),
        Expr::List(t) => {
            out.push('[');
            write_expr(out, t, 0, inner, items);
            out.push(']');
        }
        Expr::Record { fields, rest } => {
            if fields.is_empty() {
                match rest {
                    Rest::Closed => return out.push_str("{}"),
                    Rest::Open => return out.push_str("{ .. }"),
                    Rest::Map(_) => {}
                }
            }
            out.push_str("{ ");
            let shown = fields.len().min(items);
            for (i, (n, optional, t)) in fields.iter().take(shown).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(n);
                out.push_str(if *optional { "?: " } else { ": " });
                write_expr(out, t, 0, inner, items);
            }
            let mut sep = if shown > 0 { ", " } else { "" };
            if shown < fields.len() {
                out.push_str(sep);
                out.push('…');
                sep = ", ";
            }
            match rest {
                Rest::Closed => {}
                Rest::Open => {
                    out.push_str(sep);
                    out.push_str("..");
                }
                Rest::Map(t) => {
                    out.push_str(sep);
                    out.push_str("_: ");
                    write_expr(out, t, 0, inner, items);
                }
            }
            out.push_str(" }");
        }
        Expr::Arrow(a, b) => {
            write_at(out, a, 1, inner, items);
            out.push_str(" -> ");
            write_at(out, b, 0, inner, items);
        }
        Expr::Union(es) => write_list(out, es, " | ", 3, depth, items),
        Expr::Inter(es) => write_list(out, es, " & ", 4, depth, items),
        Expr::Diff(a, b) => {
            write_at(out, a, 1, depth, items);
            out.push_str(" \\ ");
            write_at(out, b, 2, depth, items);
        }
        Expr::Neg(a) => {
            out.push('~');
            write_at(out, a, 4, depth, items);
        }
        Expr::Rec(n, body) => {
            out.push_str("rec ");
            out.push_str(n);
            out.push_str(". ");
            write_expr(out, body, 0, depth, items);
        }
    }
}

/// See `Ty::widen`.
pub(crate) fn widen(t: &Ty) -> Ty {
    widen_ty(t, 0)
}

fn widen_ty(t: &Ty, depth: usize) -> Ty {
    if depth > 64 || t.rec_ref().is_some() {
        return t.clone();
    }
    let s = t.shape();
    if s.is_static() {
        return Ty::from_descr(widen_descr(&s.stat, depth));
    }
    let stat = widen_descr(&s.stat, depth);
    let upper = stat.union(&widen_descr(&s.dynamic, depth));
    Ty::interval(&Ty::from_descr(stat), &Ty::from_descr(upper))
}

fn widen_descr(d: &Descr, depth: usize) -> Descr {
    let literal_count =
        d.ints.finite_len() + d.floats.finite_len() + d.strings.finite_len() + d.paths.finite_len();
    let mut out = d.clone();
    if literal_count == 1 {
        if d.ints.as_single().is_some() {
            out.ints = LitSet::full();
        }
        if d.floats.as_single().is_some() {
            out.floats = LitSet::full();
        }
        if d.strings.as_single().is_some() {
            out.strings = LitSet::full();
        }
        if d.paths.as_single().is_some() {
            out.paths = LitSet::full();
        }
    }
    out.lists = d.lists.map_atoms(&mut |e, positive| {
        Bdd::atom(if positive {
            widen_ty(e, depth + 1)
        } else {
            e.clone()
        })
    });
    out.records = d.records.map_atoms(&mut |r, positive| {
        if !positive {
            return Bdd::atom(r.clone());
        }
        Bdd::atom(RecordAtom {
            fields: r
                .fields
                .iter()
                .map(|(n, f)| {
                    (
                        n.clone(),
                        Field {
                            ty: widen_ty(&f.ty, depth + 1),
                            optional: f.optional,
                        },
                    )
                })
                .collect(),
            rest: r.rest.clone(),
        })
    });
    out.arrows = d.arrows.map_atoms(&mut |a, positive| {
        Bdd::atom(if positive {
            ArrowAtom {
                dom: a.dom.clone(),
                cod: widen_ty(&a.cod, depth + 1),
            }
        } else {
            a.clone()
        })
    });
    out
}
