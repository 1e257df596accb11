//! Queries (emptiness, subtyping, compatibility) and the operations inference needs:
//! projections of records and lists, record merge, application and domain of functions.

use crate::bdd::Bdd;
use crate::gradual::{bound, Bound};
use crate::query::{Answer, Checker, DEFAULT_FUEL};
use crate::record::RecordBuilder;
use crate::ty::{ArrowAtom, Descr, Field, RecordAtom, Ty};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The kinds of Nix values.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum Kind {
    Null,
    Bool,
    Int,
    Float,
    String,
    Path,
    List,
    Attrs,
    Function,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Null,
        Kind::Bool,
        Kind::Int,
        Kind::Float,
        Kind::String,
        Kind::Path,
        Kind::List,
        Kind::Attrs,
        Kind::Function,
    ];

    /// The name `builtins.typeOf` gives values of this kind ("set" for attribute sets,
    /// "lambda" for functions).
    pub fn type_of_name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::String => "string",
            Kind::Path => "path",
            Kind::List => "list",
            Kind::Attrs => "set",
            Kind::Function => "lambda",
        }
    }
}

/// Whether a record field is there.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Presence {
    /// In every value of the type (that is a record).
    Present,
    /// Possibly absent.
    Maybe,
    /// In no value of the type (or the type has no record part).
    Absent,
}

/// The result of `Ty::select`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FieldInfo {
    /// The field's type when present (`Never` when it is never present).
    pub ty: Ty,
    pub presence: Presence,
}

impl Ty {
    // ----- queries -----

    /// Whether the type has no value under any materialization of its `?` parts.
    pub fn is_empty(&self) -> Answer {
        self.is_empty_with(DEFAULT_FUEL)
    }

    pub fn is_empty_with(&self, fuel: u32) -> Answer {
        let t = self.upper();
        Answer::from_result(Checker::new(fuel).is_empty(&t))
    }

    /// Semantic subtyping: every value of `self` is a value of `other`. For gradual types both
    /// bounds must be subtypes (`?` is only a subtype of `?`-like types; see `is_compatible`).
    pub fn is_subtype(&self, other: &Ty) -> Answer {
        self.is_subtype_with(other, DEFAULT_FUEL)
    }

    pub fn is_subtype_with(&self, other: &Ty, fuel: u32) -> Answer {
        if self == other || self.is_never() || other.is_any() {
            return Answer::Yes;
        }
        let mut c = Checker::new(fuel);
        if self.is_fully_static() && other.is_fully_static() {
            return Answer::from_result(c.is_subtype(self, other));
        }
        let lower = c.is_subtype(&self.lower(), &other.lower());
        let r = match lower {
            Ok(true) => c.is_subtype(&self.upper(), &other.upper()),
            other => other,
        };
        Answer::from_result(r)
    }

    /// Both ways subtypes.
    pub fn is_equivalent(&self, other: &Ty) -> Answer {
        if self == other {
            return Answer::Yes;
        }
        match self.is_subtype(other) {
            Answer::Yes => other.is_subtype(self),
            a => a,
        }
    }

    /// Gradual compatibility `self <:? other` (`self⇓ <: other⇑`): what checking an argument
    /// against a parameter uses. `?` is compatible with everything, both ways.
    pub fn is_compatible(&self, other: &Ty) -> Answer {
        self.is_compatible_with(other, DEFAULT_FUEL)
    }

    pub fn is_compatible_with(&self, other: &Ty, fuel: u32) -> Answer {
        let a = self.lower();
        let b = other.upper();
        Answer::from_result(Checker::new(fuel).is_subtype(&a, &b))
    }

    /// Whether no value belongs to both (under every materialization).
    pub fn is_disjoint(&self, other: &Ty) -> Answer {
        self.inter(other).is_empty()
    }

    /// `self⇓`: the smallest materialization (covariant `?` → `Never`, contravariant → `Any`).
    pub fn lower(&self) -> Ty {
        bound(self, Bound::Lower)
    }

    /// `self⇑`: the largest materialization.
    pub fn upper(&self) -> Ty {
        bound(self, Bound::Upper)
    }

    /// Whether the type may contain values of this kind (structurally, on the upper bound:
    /// `{ a: Never }` counts as a record).
    pub fn may_be(&self, kind: Kind) -> bool {
        let s = self.shape();
        kind_part_nonempty(&s.stat, kind) || kind_part_nonempty(&s.dynamic, kind)
    }

    // ----- constructors by kind -----

    /// All values of a kind (`Int`, `{ .. }`, `Fun`, …): what `isInt x` etc. refine with.
    pub fn of_kind(kind: Kind) -> Ty {
        let full = Descr::full();
        Ty::from_descr(kind_part(&full, kind))
    }

    /// `{ name: Any, .. }`: what `x ? name` refines with.
    pub fn has_field(name: &str) -> Ty {
        RecordBuilder::new().field(name, Ty::any()).open().build()
    }

    // ----- records -----

    /// The type of field `name` of the record part of `self`, and whether it is surely there.
    pub fn select(&self, name: &str) -> FieldInfo {
        if self.is_fully_static() {
            let (ty, presence) = select_static(self, name);
            return FieldInfo { ty, presence };
        }
        let (lo, _) = select_static(&self.lower(), name);
        let (hi, presence) = select_static(&self.upper(), name);
        FieldInfo {
            ty: Ty::interval(&lo, &hi),
            presence,
        }
    }

    /// The names of the explicit fields of the record part, with their info (for completion).
    pub fn fields(&self) -> Vec<(String, FieldInfo)> {
        let upper = self.upper();
        let mut names = std::collections::BTreeSet::new();
        upper.shape().stat.records.visit_atoms(&mut |r| {
            for (n, _) in r.fields.iter() {
                names.insert(n.to_string());
            }
        });
        names
            .into_iter()
            .map(|n| {
                let info = self.select(&n);
                (n, info)
            })
            .filter(|(_, info)| info.presence != Presence::Absent)
            .collect()
    }

    /// `self // other`: the right-biased merge of the record parts (exact on closed records).
    pub fn merge(&self, other: &Ty) -> Ty {
        if self.is_fully_static() && other.is_fully_static() {
            return merge_static(self, other);
        }
        Ty::interval(
            &merge_static(&self.lower(), &other.lower()),
            &merge_static(&self.upper(), &other.upper()),
        )
    }

    /// `self // { name = ty; }`.
    pub fn with_field(&self, name: &str, ty: Ty) -> Ty {
        self.merge(&RecordBuilder::new().field(name, ty).build())
    }

    /// The record part of `self` without field `name` (`removeAttrs`). On open records the
    /// field becomes `name?: Never`.
    pub fn without_field(&self, name: &str) -> Ty {
        let f = |t: &Ty| {
            map_record_clauses(t, &mut |slots: &mut Slots| {
                slots.fields.insert(Arc::from(name), Slot::absent());
            })
        };
        if self.is_fully_static() {
            return f(self);
        }
        Ty::interval(&f(&self.lower()), &f(&self.upper()))
    }

    // ----- lists -----

    /// The element type of the list part of `self` (`Never` if it has none).
    pub fn list_element(&self) -> Ty {
        if self.is_fully_static() {
            return element_static(self);
        }
        Ty::interval(
            &element_static(&self.lower()),
            &element_static(&self.upper()),
        )
    }

    // ----- functions -----

    /// The set-theoretic result of applying the function part of `self` to `arg`
    /// (`((Int -> String) & (Bool -> Bool)) true` is `Bool`). Does not check that `arg` is in
    /// the domain (use `domain` and `is_compatible`): outside it, the result is the formula's
    /// (as if the argument fitted), and `Any` for a clause that is just `Fun`.
    pub fn apply(&self, arg: &Ty) -> Ty {
        if self.is_fully_static() && arg.is_fully_static() {
            return apply_static(self, arg);
        }
        let lo = apply_static(&self.lower(), &arg.lower());
        let hi = apply_static(&self.upper(), &arg.upper());
        Ty::interval(&lo, &hi.union(&lo))
    }

    /// The arguments every function of `self` accepts (`Any` if `self` has no function part).
    pub fn domain(&self) -> Ty {
        if self.is_fully_static() {
            return domain_static(self);
        }
        let lo = domain_static(&self.upper());
        let hi = domain_static(&self.lower());
        Ty::interval(&lo, &hi.union(&lo))
    }

    /// The function part as a union of intersections of arrows, each arrow as
    /// `(domain, codomain)` (negated arrows are left out, which only enlarges the set). A
    /// lambda checked against `(A -> B) & (C -> D)` is checked once per arrow. `Fun` is one
    /// empty intersection; a type without functions has no clause. Gradual types give the
    /// clauses of their smallest materialization (`? -> Int` gives `Any -> Int`).
    pub fn arrow_clauses(&self) -> Vec<Vec<(Ty, Ty)>> {
        let t = if self.is_fully_static() {
            self.clone()
        } else {
            self.lower()
        };
        let Some(clauses) = t.shape().stat.arrows.clauses_capped(CLAUSE_LIMIT) else {
            return vec![vec![]];
        };
        clauses
            .into_iter()
            .map(|(pos, _)| pos.into_iter().map(|a| (a.dom, a.cod)).collect())
            .collect()
    }

    /// The strings of a type that is a finite union of string literals (and nothing else), in
    /// order: completion of `"aarch64-linux" | "x86_64-linux"`, dynamic attribute names.
    pub fn string_literals(&self) -> Option<Vec<String>> {
        let s = self.shape();
        if !s.is_static() {
            return None;
        }
        let only_strings = Descr {
            strings: s.stat.strings.clone(),
            ..Descr::empty()
        };
        if only_strings != s.stat {
            return None;
        }
        match &s.stat.strings {
            crate::lit::LitSet::Finite(set) => Some(set.iter().map(|v| v.to_string()).collect()),
            crate::lit::LitSet::Cofinite(_) => None,
        }
    }

    // ----- display helpers -----

    /// Widens a lone literal to its kind for display (`1` → `Int`, `{ a: "x" }` →
    /// `{ a: String }`), keeping unions of literals (`"a" | "b"`) and booleans.
    pub fn widen(&self) -> Ty {
        crate::display::widen(self)
    }
}

fn kind_part(d: &Descr, kind: Kind) -> Descr {
    let mut out = Descr::empty();
    match kind {
        Kind::Null => out.null = d.null,
        Kind::Bool => out.bools = d.bools,
        Kind::Int => out.ints = d.ints.clone(),
        Kind::Float => out.floats = d.floats.clone(),
        Kind::String => out.strings = d.strings.clone(),
        Kind::Path => out.paths = d.paths.clone(),
        Kind::List => out.lists = d.lists.clone(),
        Kind::Attrs => out.records = d.records.clone(),
        Kind::Function => out.arrows = d.arrows.clone(),
    }
    out
}

fn kind_part_nonempty(d: &Descr, kind: Kind) -> bool {
    !kind_part(d, kind).is_trivially_empty()
}

/// A field slot at the user level: present values of `ty` (with `⊥`), and/or absent.
#[derive(Clone, Debug)]
struct Slot {
    ty: Ty,
    present: bool,
    absent: bool,
}

impl Slot {
    fn absent() -> Slot {
        Slot {
            ty: Ty::never(),
            present: false,
            absent: true,
        }
    }

    fn of_field(f: &Field) -> Slot {
        Slot {
            ty: f.ty.clone(),
            present: true,
            absent: f.optional,
        }
    }

    fn of_rest(rest: &Option<Ty>) -> Slot {
        match rest {
            None => Slot {
                ty: Ty::never(),
                present: false,
                absent: true,
            },
            Some(t) => Slot {
                ty: t.clone(),
                present: true,
                absent: true,
            },
        }
    }

    fn inter(&self, o: &Slot) -> Slot {
        Slot {
            ty: self.ty.inter(&o.ty),
            present: self.present && o.present,
            absent: self.absent && o.absent,
        }
    }

    fn is_empty(&self) -> bool {
        !self.present && !self.absent
    }

    /// `a // b` for one field.
    fn merge(a: &Slot, b: &Slot) -> Slot {
        if !b.absent {
            return b.clone();
        }
        if !b.present {
            return a.clone();
        }
        let ty = if a.present {
            b.ty.union(&a.ty)
        } else {
            b.ty.clone()
        };
        Slot {
            ty,
            present: true,
            absent: a.absent,
        }
    }
}

/// A record clause's positive atoms intersected.
struct Slots {
    fields: BTreeMap<Arc<str>, Slot>,
    rest: Slot,
}

impl Slots {
    fn top() -> Slots {
        Slots {
            fields: BTreeMap::new(),
            rest: Slot {
                ty: Ty::any(),
                present: true,
                absent: true,
            },
        }
    }

    fn get(&self, name: &str) -> Slot {
        self.fields
            .get(name)
            .cloned()
            .unwrap_or_else(|| self.rest.clone())
    }

    fn of_clause(pos: &[RecordAtom]) -> Option<Slots> {
        let mut names: Vec<Arc<str>> = Vec::new();
        for a in pos {
            for (n, _) in a.fields.iter() {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
        }
        let mut out = Slots::top();
        for a in pos {
            out.rest = out.rest.inter(&Slot::of_rest(&a.rest));
        }
        for n in names {
            let mut s = Slot {
                ty: Ty::any(),
                present: true,
                absent: true,
            };
            for a in pos {
                let f = a
                    .field(&n)
                    .map(Slot::of_field)
                    .unwrap_or_else(|| Slot::of_rest(&a.rest));
                s = s.inter(&f);
            }
            if s.is_empty() {
                return None;
            }
            out.fields.insert(n, s);
        }
        Some(out)
    }

    fn atom(&self) -> Option<RecordAtom> {
        let rest = if self.rest.present {
            Some(self.rest.ty.clone())
        } else {
            None
        };
        let mut fields = Vec::new();
        for (n, s) in &self.fields {
            if s.is_empty() {
                return None;
            }
            if !s.present {
                if rest.is_none() {
                    continue; // absent, as every other field of a closed record
                }
                fields.push((
                    n.clone(),
                    Field {
                        ty: Ty::never(),
                        optional: true,
                    },
                ));
                continue;
            }
            fields.push((
                n.clone(),
                Field {
                    ty: s.ty.clone(),
                    optional: s.absent,
                },
            ));
        }
        Some(RecordAtom {
            fields: fields.into(),
            rest,
        })
    }
}

/// The record clauses of `t` (`None`: too many to enumerate).
fn record_clauses(t: &Ty) -> Option<Vec<Slots>> {
    let clauses = t.shape().stat.records.clauses_capped(CLAUSE_LIMIT)?;
    Some(
        clauses
            .into_iter()
            .filter_map(|(pos, _neg)| Slots::of_clause(&pos))
            .collect(),
    )
}

/// Past this many clauses in one kind, operations over-approximate.
const CLAUSE_LIMIT: usize = 4096;

fn records_of(atoms: impl IntoIterator<Item = RecordAtom>) -> Ty {
    let mut bdd = Bdd::False;
    for a in atoms {
        bdd = bdd.union(&Bdd::atom(a));
    }
    Ty::from_descr(Descr {
        records: bdd,
        ..Descr::empty()
    })
}

fn select_static(t: &Ty, name: &str) -> (Ty, Presence) {
    let Some(clauses) = record_clauses(t) else {
        return (Ty::any(), Presence::Maybe);
    };
    if clauses.is_empty() {
        return (Ty::never(), Presence::Absent);
    }
    let mut ty = Ty::never();
    let (mut can_present, mut can_absent) = (false, false);
    for c in &clauses {
        let s = c.get(name);
        if s.present {
            ty = ty.union(&s.ty);
            can_present = true;
        }
        can_absent |= s.absent;
    }
    // Negated records (from `x ? a` being false, say) are left out above; when there are any,
    // ask the exact questions.
    let (display_clauses, truncated) = t.shape().stat.records.display_clauses(CLAUSE_LIMIT);
    if truncated || display_clauses.iter().any(|(_, neg)| !neg.is_empty()) {
        let records = t.inter(&Ty::attrs());
        let has = Ty::has_field(name);
        if can_present && records.inter(&has).is_empty() == Answer::Yes {
            can_present = false;
            ty = Ty::never();
        }
        if can_absent && records.diff(&has).is_empty() == Answer::Yes {
            can_absent = false;
        }
    }
    let presence = match (can_present, can_absent) {
        (true, false) => Presence::Present,
        (false, _) => Presence::Absent,
        (true, true) => Presence::Maybe,
    };
    (ty, presence)
}

fn merge_static(a: &Ty, b: &Ty) -> Ty {
    let (Some(left), Some(right)) = (record_clauses(a), record_clauses(b)) else {
        return Ty::attrs();
    };
    let mut atoms = Vec::new();
    for l in &left {
        for r in &right {
            let mut names: Vec<Arc<str>> = l.fields.keys().cloned().collect();
            names.extend(r.fields.keys().cloned());
            names.sort();
            names.dedup();
            let merged = Slots {
                fields: names
                    .into_iter()
                    .map(|n| {
                        let s = Slot::merge(&l.get(&n), &r.get(&n));
                        (n, s)
                    })
                    .collect(),
                rest: Slot::merge(&l.rest, &r.rest),
            };
            atoms.extend(merged.atom());
        }
    }
    records_of(atoms)
}

fn map_record_clauses(t: &Ty, f: &mut dyn FnMut(&mut Slots)) -> Ty {
    let mut atoms = Vec::new();
    let Some(clauses) = record_clauses(t) else {
        return Ty::attrs();
    };
    for mut c in clauses {
        f(&mut c);
        atoms.extend(c.atom());
    }
    records_of(atoms)
}

fn element_static(t: &Ty) -> Ty {
    let mut out = Ty::never();
    let Some(clauses) = t.shape().stat.lists.clauses_capped(CLAUSE_LIMIT) else {
        return Ty::any();
    };
    for (pos, _) in clauses {
        out = out.union(&Ty::inter_all(pos));
    }
    out
}

/// Past this many arrows in one intersection, application over-approximates instead of
/// enumerating subsets.
const EXACT_APPLY_LIMIT: usize = 8;

fn apply_static(f: &Ty, arg: &Ty) -> Ty {
    let mut checker = Checker::new(DEFAULT_FUEL);
    let mut result = Ty::never();
    let Some(clauses) = f.shape().stat.arrows.clauses_capped(CLAUSE_LIMIT) else {
        return Ty::any();
    };
    for (pos, _) in clauses {
        result = result.union(&apply_clause(&mut checker, &pos, arg));
    }
    result
}

/// `∨ { ∧_{P\Q} cod : Q ⊊ P, arg ⊄ ∨_Q dom }` (an unknown subtyping answer counts as "not a
/// subtype", which only enlarges the result).
fn apply_clause(c: &mut Checker, pos: &[ArrowAtom], arg: &Ty) -> Ty {
    if pos.is_empty() {
        return Ty::any();
    }
    let sub = |c: &mut Checker, a: &Ty, b: &Ty| c.is_subtype(a, b).unwrap_or(false);
    // Arrows whose domain misses the argument do not constrain the result when the argument
    // is inside the domain; leaving them out only drops smaller intersections of codomains.
    let relevant: Vec<&ArrowAtom> = pos
        .iter()
        .filter(|a| !c.is_empty(&a.dom.inter(arg)).unwrap_or(false))
        .collect();
    let doms = Ty::union_all(relevant.iter().map(|a| a.dom.clone()));
    let relevant = if sub(c, arg, &doms) {
        relevant
    } else {
        // Outside the domain (the caller reports it): the formula over every arrow, which is
        // what a gradual `? -> T` needs (its largest materialization is `Never -> T`).
        pos.iter().collect()
    };
    let n = relevant.len();
    if n > EXACT_APPLY_LIMIT {
        return Ty::union_all(relevant.iter().map(|a| a.cod.clone()));
    }
    let mut out = Ty::never();
    for q in 0u32..(1u32 << n).saturating_sub(1) {
        let covered = Ty::union_all(
            (0..n)
                .filter(|i| q & (1 << i) != 0)
                .map(|i| relevant[i].dom.clone()),
        );
        if sub(c, arg, &covered) {
            continue;
        }
        let cod = Ty::inter_all(
            (0..n)
                .filter(|i| q & (1 << i) == 0)
                .map(|i| relevant[i].cod.clone()),
        );
        out = out.union(&cod);
    }
    out
}

fn domain_static(f: &Ty) -> Ty {
    let mut out = Ty::any();
    let Some(clauses) = f.shape().stat.arrows.clauses_capped(CLAUSE_LIMIT) else {
        return Ty::any();
    };
    for (pos, _) in clauses {
        out = out.inter(&Ty::union_all(pos.iter().map(|a| a.dom.clone())));
    }
    out
}
