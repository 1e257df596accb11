//! Emptiness and subtyping of static types, on a fuel budget.
//!
//! `A <: B` iff `A & ~B` is empty. Emptiness is decided per kind: literal sets directly, and
//! every clause (a conjunction of positive and negative atoms) of the list, record and arrow
//! BDDs by the classic decompositions (Frisch, Castagna & Benzaken; Castagna 2020).
//! Recursion goes through the element, field and arrow types; a type met again while its own
//! emptiness is being decided is assumed empty (coinduction), and a verdict that relied on an
//! assumption still open is not cached.

use crate::ty::{ArrowAtom, Descr, RecordAtom, Ty};
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::Arc;

/// Fuel for one query when none is given: enough for large real types, small enough that a
/// pathological one answers `Unknown` in milliseconds.
pub const DEFAULT_FUEL: u32 = 20_000;

/// Nesting depth past which a query gives up (answers `Unknown`) instead of recursing further.
const MAX_DEPTH: usize = 256;

/// The answer to a type query. `Unknown` (out of fuel or too deep) must never produce a
/// diagnostic.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Answer {
    Yes,
    No,
    Unknown,
}

impl Answer {
    pub fn is_yes(self) -> bool {
        self == Answer::Yes
    }

    pub fn is_no(self) -> bool {
        self == Answer::No
    }

    /// Both must hold.
    pub fn and(self, other: Answer) -> Answer {
        match (self, other) {
            (Answer::No, _) | (_, Answer::No) => Answer::No,
            (Answer::Yes, Answer::Yes) => Answer::Yes,
            _ => Answer::Unknown,
        }
    }

    pub(crate) fn from_result(r: Result<bool, OutOfFuel>) -> Answer {
        match r {
            Ok(true) => Answer::Yes,
            Ok(false) => Answer::No,
            Err(OutOfFuel) => Answer::Unknown,
        }
    }
}

impl std::ops::Not for Answer {
    type Output = Answer;

    fn not(self) -> Answer {
        match self {
            Answer::Yes => Answer::No,
            Answer::No => Answer::Yes,
            Answer::Unknown => Answer::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OutOfFuel;

type R<T> = Result<T, OutOfFuel>;

/// One query's state: fuel, the coinductive assumptions and the verdicts cached so far.
pub(crate) struct Checker {
    fuel: u32,
    /// Types whose emptiness is being decided, with their position on the stack.
    assumed: HashMap<Ty, usize>,
    /// Lowest stack position of an assumption used since it was reset.
    lowest_used: usize,
    empty: HashSet<Ty>,
    nonempty: HashSet<Ty>,
}

/// A record field slot as a set: values of `ty`, plus the diverging value `⊥` when `bot`, plus
/// "absent" when `absent`. Present fields of user types always include `⊥` (laziness).
#[derive(Clone, Debug)]
struct FieldSet {
    ty: Ty,
    bot: bool,
    absent: bool,
}

impl FieldSet {
    fn of_field(f: &crate::ty::Field) -> FieldSet {
        FieldSet {
            ty: f.ty.clone(),
            bot: true,
            absent: f.optional,
        }
    }

    fn of_rest(rest: &Option<Ty>) -> FieldSet {
        match rest {
            None => FieldSet {
                ty: Ty::never(),
                bot: false,
                absent: true,
            },
            Some(t) => FieldSet {
                ty: t.clone(),
                bot: true,
                absent: true,
            },
        }
    }

    fn inter(&self, o: &FieldSet) -> FieldSet {
        FieldSet {
            ty: self.ty.inter(&o.ty),
            bot: self.bot && o.bot,
            absent: self.absent && o.absent,
        }
    }

    fn diff(&self, o: &FieldSet) -> FieldSet {
        FieldSet {
            ty: self.ty.diff(&o.ty),
            bot: self.bot && !o.bot,
            absent: self.absent && !o.absent,
        }
    }
}

#[derive(Clone, PartialEq, Eq, Debug)]
enum Label {
    Name(Arc<str>),
    /// A label of the "rest" coordinate, made explicit while splitting a difference.
    Fresh(u32),
}

/// The intersection of a clause's positive record atoms.
#[derive(Clone, Debug)]
struct RecordSet {
    fields: Vec<(Label, FieldSet)>,
    rest: FieldSet,
}

impl RecordSet {
    fn get(&self, label: &Label) -> FieldSet {
        self.fields
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, f)| f.clone())
            .unwrap_or_else(|| self.rest.clone())
    }

    fn set(&mut self, label: Label, f: FieldSet) {
        match self.fields.iter_mut().find(|(l, _)| *l == label) {
            Some(slot) => slot.1 = f,
            None => self.fields.push((label, f)),
        }
    }
}

fn atom_field(atom: &RecordAtom, label: &Label) -> FieldSet {
    match label {
        Label::Name(n) => match atom.field(n) {
            Some(f) => FieldSet::of_field(f),
            None => FieldSet::of_rest(&atom.rest),
        },
        Label::Fresh(_) => FieldSet::of_rest(&atom.rest),
    }
}

impl Checker {
    pub(crate) fn new(fuel: u32) -> Checker {
        Checker {
            fuel,
            assumed: HashMap::new(),
            lowest_used: usize::MAX,
            empty: HashSet::new(),
            nonempty: HashSet::new(),
        }
    }

    fn spend(&mut self) -> R<()> {
        if self.fuel == 0 {
            return Err(OutOfFuel);
        }
        self.fuel -= 1;
        Ok(())
    }

    /// Whether the static type `t` is empty (the `dynamic` part, if any, counts as its upper
    /// bound; callers project gradual types first).
    pub(crate) fn is_empty(&mut self, t: &Ty) -> R<bool> {
        self.spend()?;
        if self.empty.contains(t) {
            return Ok(true);
        }
        if self.nonempty.contains(t) {
            return Ok(false);
        }
        if let Some(&pos) = self.assumed.get(t) {
            self.lowest_used = self.lowest_used.min(pos);
            return Ok(true);
        }
        let pos = self.assumed.len();
        if pos >= MAX_DEPTH {
            return Err(OutOfFuel);
        }
        let shape = t.shape();
        if !shape.stat.is_trivially_empty() || !shape.dynamic.is_trivially_empty() {
            // Quick non-emptiness of basic kinds avoids any bookkeeping.
            if basic_nonempty(&shape.stat) || basic_nonempty(&shape.dynamic) {
                return Ok(false);
            }
        } else {
            return Ok(true);
        }
        self.assumed.insert(t.clone(), pos);
        let saved = std::mem::replace(&mut self.lowest_used, usize::MAX);
        let result = self.descr_empty(&shape.stat).and_then(|e| {
            if e {
                self.descr_empty(&shape.dynamic)
            } else {
                Ok(false)
            }
        });
        self.assumed.remove(t);
        let used = self.lowest_used;
        self.lowest_used = saved.min(if used >= pos { usize::MAX } else { used });
        match result? {
            false => {
                self.nonempty.insert(t.clone());
                Ok(false)
            }
            true => {
                if used >= pos {
                    self.empty.insert(t.clone());
                }
                Ok(true)
            }
        }
    }

    pub(crate) fn is_subtype(&mut self, a: &Ty, b: &Ty) -> R<bool> {
        if a == b {
            return Ok(true);
        }
        self.is_empty(&a.diff(b))
    }

    fn descr_empty(&mut self, d: &Descr) -> R<bool> {
        if basic_nonempty(d) {
            return Ok(false);
        }
        fn verdict(r: R<bool>) -> ControlFlow<R<bool>> {
            match r {
                Ok(true) => ControlFlow::Continue(()),
                other => ControlFlow::Break(other),
            }
        }
        let mut flow = d
            .lists
            .for_each_clause(&mut |p, n| verdict(self.list_clause_empty(p, n)));
        if flow.is_continue() {
            flow = d
                .records
                .for_each_clause(&mut |p, n| verdict(self.record_clause_empty(p, n)));
        }
        if flow.is_continue() {
            flow = d
                .arrows
                .for_each_clause(&mut |p, n| verdict(self.arrow_clause_empty(p, n)));
        }
        match flow {
            ControlFlow::Continue(()) => Ok(true),
            ControlFlow::Break(r) => r,
        }
    }

    /// `[T1] & … & ~[S1] & …` is empty iff `T1 & …` is a subtype of some `Sj` (a list with one
    /// element outside each `Sj` would be a witness otherwise; `[]` belongs to every list type).
    fn list_clause_empty(&mut self, pos: &[Ty], neg: &[Ty]) -> R<bool> {
        self.spend()?;
        let elem = Ty::inter_all(pos.iter().cloned());
        for n in neg {
            if self.is_subtype(&elem, n)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `(A1 -> B1) & … & ~(C -> D) & …` is empty iff for some negative arrow `C <: A1 | …` and
    /// for every split of the positives, the part not covering `C` has codomains inside `D`.
    fn arrow_clause_empty(&mut self, pos: &[ArrowAtom], neg: &[ArrowAtom]) -> R<bool> {
        self.spend()?;
        let doms = Ty::union_all(pos.iter().map(|a| a.dom.clone()));
        for n in neg {
            if self.is_subtype(&n.dom, &doms)? && self.arrow_phi(&n.dom, &n.cod.neg(), pos)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Φ(t1, t2, P): for every P' ⊆ P, `t1 <: ∨_{P'} dom` or `t2 & ∧_{P\P'} cod` is empty.
    fn arrow_phi(&mut self, t1: &Ty, t2: &Ty, pos: &[ArrowAtom]) -> R<bool> {
        self.spend()?;
        if self.is_empty(t1)? || self.is_empty(t2)? {
            return Ok(true);
        }
        let Some((first, rest)) = pos.split_first() else {
            return Ok(false);
        };
        Ok(self.arrow_phi(&t1.diff(&first.dom), t2, rest)?
            && self.arrow_phi(t1, &t2.inter(&first.cod), rest)?)
    }

    /// Records are products indexed by labels (each slot: a value, `⊥`, or absent). The
    /// intersection of the positives minus the union of the negatives is split label by label.
    fn record_clause_empty(&mut self, pos: &[RecordAtom], neg: &[RecordAtom]) -> R<bool> {
        self.spend()?;
        let mut labels: Vec<Label> = Vec::new();
        for atom in pos {
            for (name, _) in atom.fields.iter() {
                let l = Label::Name(name.clone());
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
        }
        let mut rest = FieldSet {
            ty: Ty::any(),
            bot: true,
            absent: true,
        };
        for atom in pos {
            rest = rest.inter(&FieldSet::of_rest(&atom.rest));
        }
        let mut set = RecordSet {
            fields: Vec::new(),
            rest,
        };
        for l in labels {
            let mut f = FieldSet {
                ty: Ty::any(),
                bot: true,
                absent: true,
            };
            for atom in pos {
                f = f.inter(&atom_field(atom, &l));
            }
            if self.field_empty(&f)? {
                return Ok(true);
            }
            set.fields.push((l, f));
        }
        // Negatives disjoint from a positive remove nothing; unions put every earlier member
        // of the union as a negative on each clause, so this filter keeps long unions linear.
        let neg: Vec<RecordAtom> = neg
            .iter()
            .filter(|n| !pos.iter().any(|p| surely_disjoint(p, n)))
            .cloned()
            .collect();
        self.record_minus(&set, &neg, 0)
    }

    fn field_empty(&mut self, f: &FieldSet) -> R<bool> {
        if f.bot || f.absent {
            return Ok(false);
        }
        self.is_empty(&f.ty)
    }

    /// Whether `set \ (neg[0] | neg[1] | …)` is empty; `set`'s fields are all non-empty.
    fn record_minus(&mut self, set: &RecordSet, neg: &[RecordAtom], fresh: u32) -> R<bool> {
        self.spend()?;
        let Some((first, rest_neg)) = neg.split_first() else {
            return Ok(false);
        };
        let mut labels: Vec<Label> = set.fields.iter().map(|(l, _)| l.clone()).collect();
        for (name, _) in first.fields.iter() {
            let l = Label::Name(name.clone());
            if !labels.contains(&l) {
                labels.push(l);
            }
        }
        // A negative disjoint from `set` removes nothing.
        for l in &labels {
            if self.field_empty(&set.get(l).inter(&atom_field(first, l)))? {
                return self.record_minus(set, rest_neg, fresh);
            }
        }
        // set \ first = ∪_l set[l := set.l \ first.l]; the rest coordinate is one more label.
        for l in labels {
            let d = set.get(&l).diff(&atom_field(first, &l));
            if self.field_empty(&d)? {
                continue;
            }
            let mut split = set.clone();
            split.set(l, d);
            if !self.record_minus(&split, rest_neg, fresh)? {
                return Ok(false);
            }
        }
        let d = set.rest.diff(&FieldSet::of_rest(&first.rest));
        if !self.field_empty(&d)? {
            let mut split = set.clone();
            split.set(Label::Fresh(fresh), d);
            if !self.record_minus(&split, rest_neg, fresh + 1)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// A cheap, syntactic sufficient condition for two record atoms to share no value: a field
/// required by one is absent from the other (closed, without it). (Disjoint field types are
/// not enough: both records contain the one whose field diverges, `⊥`.)
pub(crate) fn surely_disjoint(a: &RecordAtom, b: &RecordAtom) -> bool {
    let missing = |x: &RecordAtom, y: &RecordAtom| {
        y.rest.is_none()
            && x.fields
                .iter()
                .any(|(n, f)| !f.optional && y.field(n).is_none())
    };
    missing(a, b) || missing(b, a)
}

fn basic_nonempty(d: &Descr) -> bool {
    d.null
        || d.bools != 0
        || !d.ints.is_empty()
        || !d.floats.is_empty()
        || !d.strings.is_empty()
        || !d.paths.is_empty()
}
