//! The types inference computes with: a union normalised per kind of value (null, bool, int,
//! float, string, path, list, attrs, function), plus the gradual `?`.
//!
//! Every operation here is an over-approximation where it cannot be exact: a type may contain
//! more values than the precise set, never fewer. That keeps refinements, applications and
//! merges sound; "certain" questions (`surely_disjoint`, `surely_subtype`) answer `false` when
//! unsure, so an imprecision can only hide a diagnostic, never invent one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

/// A finite or cofinite set of literals of one basic kind.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Lits<T: Ord> {
    #[default]
    None,
    Only(BTreeSet<T>),
    All,
    Except(BTreeSet<T>),
}

impl<T: Ord + Clone> Lits<T> {
    fn one(v: T) -> Self {
        Lits::Only(std::iter::once(v).collect())
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Lits::None)
    }

    fn normal(self) -> Self {
        match self {
            Lits::Only(s) if s.is_empty() => Lits::None,
            Lits::Except(s) if s.is_empty() => Lits::All,
            other => other,
        }
    }

    fn union(&self, other: &Self) -> Self {
        use Lits::*;
        match (self, other) {
            (None, x) | (x, None) => x.clone(),
            (All, _) | (_, All) => All,
            (Only(a), Only(b)) => Only(a.union(b).cloned().collect()),
            (Only(a), Except(b)) | (Except(b), Only(a)) => {
                Except(b.difference(a).cloned().collect())
            }
            (Except(a), Except(b)) => Except(a.intersection(b).cloned().collect()),
        }
        .normal()
    }

    fn inter(&self, other: &Self) -> Self {
        use Lits::*;
        match (self, other) {
            (None, _) | (_, None) => None,
            (All, x) | (x, All) => x.clone(),
            (Only(a), Only(b)) => Only(a.intersection(b).cloned().collect()),
            (Only(a), Except(b)) | (Except(b), Only(a)) => Only(a.difference(b).cloned().collect()),
            (Except(a), Except(b)) => Except(a.union(b).cloned().collect()),
        }
        .normal()
    }

    fn neg(&self) -> Self {
        use Lits::*;
        match self {
            None => All,
            All => None,
            Only(a) => Except(a.clone()),
            Except(a) => Only(a.clone()),
        }
        .normal()
    }

    fn subset(&self, other: &Self) -> bool {
        self.inter(&other.neg()).is_none()
    }
}

/// A record type: named fields (present or optional) and what the other names hold.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Rec {
    /// Shared between copies (copy on write): a file's top-level set is copied into the
    /// type of every enclosing lambda and `with`, and records are cloned all through inference.
    pub fields: Arc<BTreeMap<String, Field>>,
    /// The type of every other name (may be absent); `None` means closed (no other names).
    /// `{ .. }` is `rest: Some(Any)`.
    pub rest: Option<Arc<Ty>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub ty: Ty,
    pub optional: bool,
}

/// A function type: the intersection of its arrows.
#[derive(Clone, Debug, PartialEq)]
pub struct Fun {
    pub arrows: Arc<Vec<(Ty, Ty)>>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Ty {
    /// Contains the gradual unknown `?`.
    pub dyn_: bool,
    pub null: bool,
    /// Bit 0: `false`, bit 1: `true`.
    pub bools: u8,
    pub int: Lits<i64>,
    pub float: bool,
    pub string: Lits<String>,
    pub path: bool,
    /// Lists whose elements all have this type (unions of list types are merged).
    pub list: Option<Arc<Ty>>,
    /// A union of record types.
    pub attrs: Vec<Rec>,
    /// A union of function types.
    pub funs: Vec<Fun>,
}

/// Beyond this many records or functions in a union, they are merged (bounded size).
const MAX_UNION: usize = 8;
/// Nesting depth limit for structural operations (guards against deep types).
const MAX_DEPTH: u32 = 48;

impl Ty {
    pub fn never() -> Ty {
        Ty::default()
    }
    pub fn dyn_() -> Ty {
        Ty {
            dyn_: true,
            ..Ty::default()
        }
    }
    pub fn any() -> Ty {
        Ty {
            dyn_: false,
            null: true,
            bools: 3,
            int: Lits::All,
            float: true,
            string: Lits::All,
            path: true,
            list: Some(Arc::new(Ty::dyn_())),
            attrs: vec![Rec::open()],
            funs: vec![Fun::any()],
        }
    }
    pub fn null() -> Ty {
        Ty {
            null: true,
            ..Ty::default()
        }
    }
    pub fn bool_() -> Ty {
        Ty {
            bools: 3,
            ..Ty::default()
        }
    }
    pub fn bool_lit(b: bool) -> Ty {
        Ty {
            bools: if b { 2 } else { 1 },
            ..Ty::default()
        }
    }
    pub fn int() -> Ty {
        Ty {
            int: Lits::All,
            ..Ty::default()
        }
    }
    pub fn int_lit(n: i64) -> Ty {
        Ty {
            int: Lits::one(n),
            ..Ty::default()
        }
    }
    pub fn float() -> Ty {
        Ty {
            float: true,
            ..Ty::default()
        }
    }
    pub fn number() -> Ty {
        Ty::int().union(&Ty::float())
    }
    pub fn string() -> Ty {
        Ty {
            string: Lits::All,
            ..Ty::default()
        }
    }
    pub fn str_lit(s: &str) -> Ty {
        Ty {
            string: Lits::one(s.to_string()),
            ..Ty::default()
        }
    }
    pub fn path() -> Ty {
        Ty {
            path: true,
            ..Ty::default()
        }
    }
    pub fn list(elem: Ty) -> Ty {
        Ty {
            list: Some(Arc::new(elem)),
            ..Ty::default()
        }
    }
    pub fn any_list() -> Ty {
        Ty::list(Ty::dyn_())
    }
    pub fn record(rec: Rec) -> Ty {
        Ty {
            attrs: vec![rec],
            ..Ty::default()
        }
    }
    pub fn attrs() -> Ty {
        Ty::record(Rec::open())
    }
    pub fn arrow(dom: Ty, cod: Ty) -> Ty {
        Ty {
            funs: vec![Fun {
                arrows: Arc::new(vec![(dom, cod)]),
            }],
            ..Ty::default()
        }
    }
    pub fn fun() -> Ty {
        Ty {
            funs: vec![Fun::any()],
            ..Ty::default()
        }
    }
    /// `Stringish = String | Path | { outPath: Stringish, .. } | { __toString: Fun, .. }`
    /// (the recursion is cut one level down with `?`).
    pub fn stringish() -> Ty {
        // Built once: operators and interpolations ask for it at every use.
        static STRINGISH: std::sync::OnceLock<Ty> = std::sync::OnceLock::new();
        STRINGISH.get_or_init(Ty::build_stringish).clone()
    }

    fn build_stringish() -> Ty {
        let mut t = Ty::string().union(&Ty::path());
        let mut out_path = Rec::open();
        std::sync::Arc::make_mut(&mut out_path.fields).insert(
            "outPath".into(),
            Field {
                ty: Ty::string().union(&Ty::path()).union(&Ty::attrs()),
                optional: false,
            },
        );
        let mut to_string = Rec::open();
        std::sync::Arc::make_mut(&mut to_string.fields).insert(
            "__toString".into(),
            Field {
                ty: Ty::fun(),
                optional: false,
            },
        );
        t.attrs = vec![out_path, to_string];
        t
    }
    pub fn derivation() -> Ty {
        let mut r = Rec::open();
        r.set("type", Ty::str_lit("derivation"), false);
        r.set("name", Ty::string(), false);
        r.set("outPath", Ty::string(), false);
        r.set("drvPath", Ty::string(), false);
        Ty::record(r)
    }

    // ----- questions -----

    /// Exactly `?` (nothing else known).
    pub fn is_dyn(&self) -> bool {
        self.dyn_ && self.strip_dyn().is_never()
    }

    pub fn is_never(&self) -> bool {
        !self.dyn_
            && !self.null
            && self.bools == 0
            && self.int.is_none()
            && !self.float
            && self.string.is_none()
            && !self.path
            && self.list.is_none()
            && self.attrs.is_empty()
            && self.funs.is_empty()
    }

    /// Contains every value (ignoring `?`).
    pub fn is_any(&self) -> bool {
        self.null
            && self.bools == 3
            && self.int == Lits::All
            && self.float
            && self.string == Lits::All
            && self.path
            && self.list.as_ref().is_some_and(|e| e.is_any_elem())
            && self.attrs.iter().any(|r| r.is_any_record())
            && self.funs.iter().any(|f| f.is_any())
    }

    /// `?` or `Any`: the unconstrained content of `[Any]`, `{ .. }`, `Fun`.
    fn is_any_elem(&self) -> bool {
        self.is_dyn() || self.is_any()
    }

    pub fn strip_dyn(&self) -> Ty {
        Ty {
            dyn_: false,
            ..self.clone()
        }
    }

    /// The kinds of value this type may hold, for messages.
    pub fn may_be_null(&self) -> bool {
        self.null
    }

    /// Surely a (possibly refined) boolean singleton: `Some(b)`.
    pub fn as_bool_lit(&self) -> Option<bool> {
        let only_bools = Ty {
            bools: 0,
            ..self.clone()
        };
        if !only_bools.is_never() {
            return None;
        }
        match self.bools {
            1 => Some(false),
            2 => Some(true),
            _ => None,
        }
    }

    pub fn as_str_lits(&self) -> Option<Vec<String>> {
        let rest = Ty {
            string: Lits::None,
            ..self.clone()
        };
        match (&self.string, rest.is_never()) {
            (Lits::Only(s), true) => Some(s.iter().cloned().collect()),
            _ => None,
        }
    }

    /// `true` only when no value can be in both (unknown parts count as overlapping).
    pub fn surely_disjoint(&self, other: &Ty) -> bool {
        if self.dyn_ || other.dyn_ {
            return false;
        }
        self.inter(other).is_never_surely()
    }

    fn is_never_surely(&self) -> bool {
        // Lists always hold `[]`, records with only optional fields hold `{}`, so structural
        // emptiness inside containers is never claimed: only the top-level union is checked.
        self.is_never()
    }

    /// `true` only when every value of `self` is surely in `other`.
    pub fn surely_subtype(&self, other: &Ty) -> bool {
        if other.dyn_ && other.strip_dyn().is_never() {
            return true;
        }
        self.subtype_depth(other, 0)
    }

    fn subtype_depth(&self, other: &Ty, depth: u32) -> bool {
        if other.is_dyn() {
            return true;
        }
        if depth > MAX_DEPTH {
            return false;
        }
        if self.dyn_ && !other.dyn_ {
            // `?` in the found type: compatible, but not surely a subtype.
            return false;
        }
        if self.null && !other.null {
            return false;
        }
        if self.bools & !other.bools != 0 {
            return false;
        }
        if !self.int.subset(&other.int) || !self.string.subset(&other.string) {
            return false;
        }
        if self.float && !other.float || self.path && !other.path {
            return false;
        }
        if let Some(e) = &self.list {
            match &other.list {
                Some(o) => {
                    if !(o.is_any_elem() || e.subtype_depth(o, depth + 1)) {
                        return false;
                    }
                }
                None => return false,
            }
        }
        for r in &self.attrs {
            if !other.attrs.iter().any(|o| r.subrecord(o, depth + 1)) {
                return false;
            }
        }
        for f in &self.funs {
            if !other.funs.iter().any(|o| f.subfun(o, depth + 1)) {
                return false;
            }
        }
        true
    }

    // ----- set operations -----

    pub fn union(&self, other: &Ty) -> Ty {
        self.union_depth(other, 0)
    }

    fn union_depth(&self, other: &Ty, depth: u32) -> Ty {
        let list = match (&self.list, &other.list) {
            (None, x) | (x, None) => x.clone(),
            (Some(a), Some(b)) => {
                if depth > MAX_DEPTH {
                    Some(Arc::new(Ty::dyn_()))
                } else {
                    Some(Arc::new(a.union_depth(b, depth + 1)))
                }
            }
        };
        let mut attrs = self.attrs.clone();
        for r in &other.attrs {
            if !attrs.contains(r) {
                attrs.push(r.clone());
            }
        }
        if attrs.iter().any(|r| r.is_any_record()) {
            attrs = vec![Rec::open()];
        }
        if attrs.len() > MAX_UNION {
            attrs = vec![Rec::open_dyn()];
        }
        let mut funs = self.funs.clone();
        for f in &other.funs {
            if !funs.contains(f) {
                funs.push(f.clone());
            }
        }
        if funs.iter().any(|f| f.is_any()) {
            funs = vec![Fun::any()];
        }
        if funs.len() > MAX_UNION {
            funs = vec![Fun::any()];
        }
        Ty {
            dyn_: self.dyn_ || other.dyn_,
            null: self.null || other.null,
            bools: self.bools | other.bools,
            int: bound_lits(self.int.union(&other.int)),
            float: self.float || other.float,
            string: bound_lits(self.string.union(&other.string)),
            path: self.path || other.path,
            list,
            attrs,
            funs,
        }
    }

    pub fn union_all(items: impl IntoIterator<Item = Ty>) -> Ty {
        items.into_iter().fold(Ty::never(), |acc, t| acc.union(&t))
    }

    /// Intersection (over-approximated for records and functions).
    /// `?` & T is T's structure with `?` kept (gradual meet): the value is in T.
    pub fn inter(&self, other: &Ty) -> Ty {
        self.inter_depth(other, 0)
    }

    fn inter_depth(&self, other: &Ty, depth: u32) -> Ty {
        if self.is_dyn() {
            return other.clone();
        }
        if other.is_dyn() {
            return self.clone();
        }
        if depth > MAX_DEPTH {
            return self.clone();
        }
        let list = match (&self.list, &other.list) {
            (Some(a), Some(b)) => Some(Arc::new(a.inter_depth(b, depth + 1))),
            _ => None,
        };
        let mut attrs = Vec::new();
        for a in &self.attrs {
            for b in &other.attrs {
                if let Some(r) = a.inter(b, depth + 1) {
                    if !attrs.contains(&r) {
                        attrs.push(r);
                    }
                }
            }
        }
        if self.dyn_ && !other.attrs.is_empty() {
            attrs.extend(other.attrs.iter().cloned());
        }
        if other.dyn_ && !self.attrs.is_empty() {
            attrs.extend(self.attrs.iter().cloned());
        }
        attrs.truncate(MAX_UNION);
        let mut funs = Vec::new();
        for a in &self.funs {
            for b in &other.funs {
                let f = if a.is_any() {
                    b.clone()
                } else if b.is_any() {
                    a.clone()
                } else {
                    Fun {
                        arrows: Arc::new(a.arrows.iter().chain(b.arrows.iter()).cloned().collect()),
                    }
                };
                if !funs.contains(&f) {
                    funs.push(f);
                }
            }
        }
        funs.truncate(MAX_UNION);
        let d = self.dyn_ && other.dyn_;
        // `?` on one side admits the other side's basic kinds.
        let pick = |a: bool, b: bool| (a || self.dyn_) && b || (other.dyn_ && a);
        Ty {
            dyn_: d,
            null: pick(self.null, other.null),
            bools: (self.bools & other.bools)
                | if self.dyn_ { other.bools } else { 0 }
                | if other.dyn_ { self.bools } else { 0 },
            int: if self.dyn_ {
                other.int.union(&self.int)
            } else if other.dyn_ {
                self.int.union(&other.int)
            } else {
                self.int.inter(&other.int)
            },
            float: pick(self.float, other.float),
            string: if self.dyn_ {
                other.string.union(&self.string)
            } else if other.dyn_ {
                self.string.union(&other.string)
            } else {
                self.string.inter(&other.string)
            },
            path: pick(self.path, other.path),
            list: list.or_else(|| {
                if self.dyn_ {
                    other.list.clone()
                } else if other.dyn_ {
                    self.list.clone()
                } else {
                    None
                }
            }),
            attrs,
            funs,
        }
    }

    /// `self \ other`, over-approximated: whole kinds and literals are removed exactly;
    /// lists, records and functions only when `other` holds all of them (or, for records,
    /// when `other` is "has field `a`" and the record surely has it).
    pub fn minus(&self, other: &Ty) -> Ty {
        if other.dyn_ {
            return self.clone();
        }
        let mut t = self.clone();
        if other.null {
            t.null = false;
        }
        t.bools &= !other.bools;
        t.int = self.int.inter(&other.int.neg());
        if other.float {
            t.float = false;
        }
        t.string = self.string.inter(&other.string.neg());
        if other.path {
            t.path = false;
        }
        if other.list.as_ref().is_some_and(|e| e.is_any_elem()) {
            t.list = None;
        }
        if other.attrs.iter().any(|r| r.is_any_record()) {
            t.attrs.clear();
        } else {
            // "has field a" removes the records that surely have `a`.
            for o in &other.attrs {
                if o.rest.as_ref().is_some_and(|r| r.is_any_elem())
                    && o.fields.values().all(|f| !f.optional && f.ty.is_any_elem())
                {
                    t.attrs.retain(|r| {
                        !o.fields
                            .keys()
                            .all(|k| r.fields.get(k).is_some_and(|f| !f.optional))
                    });
                }
            }
        }
        if other.funs.iter().any(|f| f.is_any()) {
            t.funs.clear();
        }
        t
    }

    /// `~self`, over-approximated (see `minus`).
    pub fn neg(&self) -> Ty {
        Ty::any().minus(self)
    }

    /// Literals widened to their kind (for display and for generalising loop variables).
    pub fn widen(&self) -> Ty {
        let mut t = self.clone();
        if !t.int.is_none() {
            t.int = Lits::All;
        }
        if !t.string.is_none() {
            t.string = Lits::All;
        }
        t
    }

    /// Literals widened as the display widens them, deeply: a lone literal of a kind becomes
    /// the kind (`1` → `Int`), a union of literals stays (`"a" | "b"`), booleans stay.
    pub fn widened(&self) -> Ty {
        self.widened_depth(0)
    }

    fn widened_depth(&self, depth: u32) -> Ty {
        let mut t = self.clone();
        if matches!(&t.int, Lits::Only(s) if s.len() == 1) {
            t.int = Lits::All;
        }
        if matches!(&t.string, Lits::Only(s) if s.len() == 1) {
            t.string = Lits::All;
        }
        if depth > MAX_DEPTH {
            return t;
        }
        if let Some(e) = &t.list {
            t.list = Some(Arc::new(e.widened_depth(depth + 1)));
        }
        for r in &mut t.attrs {
            for f in std::sync::Arc::make_mut(&mut r.fields).values_mut() {
                f.ty = f.ty.widened_depth(depth + 1);
            }
            if let Some(rest) = &r.rest {
                r.rest = Some(Arc::new(rest.widened_depth(depth + 1)));
            }
        }
        for f in &mut t.funs {
            for (d, c) in Arc::make_mut(&mut f.arrows).iter_mut() {
                *d = d.widened_depth(depth + 1);
                *c = c.widened_depth(depth + 1);
            }
        }
        t
    }

    // ----- structure -----

    /// The element type when this may be a list (`None` when it surely is not).
    pub fn list_elem(&self) -> Option<Ty> {
        if self.dyn_ && self.list.is_none() {
            return Some(Ty::dyn_());
        }
        self.list.as_ref().map(|e| (**e).clone())
    }

    /// Looks up field `name` for `e.name`.
    pub fn field(&self, name: &str) -> FieldLookup {
        let mut ty = Ty::never();
        let mut surely_present = !self.attrs.is_empty();
        let mut may_be_present = false;
        for r in &self.attrs {
            match r.fields.get(name) {
                Some(f) => {
                    ty = ty.union(&f.ty);
                    may_be_present = true;
                    if f.optional {
                        surely_present = false;
                    }
                }
                None => {
                    surely_present = false;
                    if let Some(rest) = &r.rest {
                        may_be_present = true;
                        ty = ty.union(&(**rest).clone());
                    }
                }
            }
        }
        if self.dyn_ {
            ty = ty.union(&Ty::dyn_());
            may_be_present = true;
            surely_present = false;
        }
        FieldLookup {
            ty,
            surely_present,
            may_be_present,
        }
    }

    /// Function application: the type of `self arg` (`?` parts give `?`).
    pub fn apply(&self, arg: &Ty) -> Ty {
        // Applied to a union of kinds, the function is applied to each kind (`Number` is
        // `Int | Float`: with `(Int -> A) & (Number -> B)` an `Int` gets `A & B`, a `Float`
        // only `B`); covering arrows are chosen per kind, never for the whole union at once.
        let parts = arg.kind_parts();
        if parts.len() > 1 {
            return Ty::union_all(parts.iter().map(|p| self.apply_one(p)));
        }
        self.apply_one(arg)
    }

    /// The static kinds of a type, one type per kind present (and `?` if present).
    fn kind_parts(&self) -> Vec<Ty> {
        let mut parts = Vec::new();
        let none = Ty::never();
        if self.dyn_ {
            parts.push(Ty::dyn_());
        }
        if self.null {
            parts.push(Ty::null());
        }
        if self.bools != 0 {
            parts.push(Ty {
                bools: self.bools,
                ..none.clone()
            });
        }
        if !self.int.is_none() {
            parts.push(Ty {
                int: self.int.clone(),
                ..none.clone()
            });
        }
        if self.float {
            parts.push(Ty::float());
        }
        if !self.string.is_none() {
            parts.push(Ty {
                string: self.string.clone(),
                ..none.clone()
            });
        }
        if self.path {
            parts.push(Ty::path());
        }
        if let Some(l) = &self.list {
            parts.push(Ty {
                list: Some(l.clone()),
                ..none.clone()
            });
        }
        if !self.attrs.is_empty() {
            parts.push(Ty {
                attrs: self.attrs.clone(),
                ..none.clone()
            });
        }
        if !self.funs.is_empty() {
            parts.push(Ty {
                funs: self.funs.clone(),
                ..none
            });
        }
        parts
    }

    fn apply_one(&self, arg: &Ty) -> Ty {
        let mut out = Ty::never();
        if self.dyn_ {
            out.dyn_ = true;
        }
        for f in &self.funs {
            if f.is_any() {
                out.dyn_ = true;
                continue;
            }
            // Arrows whose domain contains the argument: their codomains all hold.
            let covering: Vec<&(Ty, Ty)> = f
                .arrows
                .iter()
                .filter(|(d, _)| arg.surely_subtype(d))
                .collect();
            if !covering.is_empty() {
                let mut r = covering[0].1.clone();
                for (_, c) in &covering[1..] {
                    r = r.inter(c);
                }
                out = out.union(&r);
                continue;
            }
            // Otherwise, every arrow whose domain may meet the argument may apply.
            for (d, c) in f.arrows.iter() {
                if !arg.surely_disjoint(d) {
                    out = out.union(c);
                }
            }
        }
        if !self.attrs.is_empty() {
            // A functor (`__functor`) or not callable: unknown.
            out.dyn_ = true;
        }
        out
    }

    /// The union of the domains (what the function surely accepts is their union).
    pub fn domain(&self) -> Ty {
        if self.dyn_ || self.funs.is_empty() {
            return Ty::dyn_();
        }
        let mut dom: Option<Ty> = None;
        for f in &self.funs {
            let d = Ty::union_all(f.arrows.iter().map(|(d, _)| d.clone()));
            dom = Some(match dom {
                None => d,
                Some(x) => x.inter(&d),
            });
        }
        dom.unwrap_or_else(Ty::dyn_)
    }

    /// The arrows of a single function type (for checking lambdas against an annotation).
    pub fn arrows(&self) -> Option<Vec<(Ty, Ty)>> {
        let only_funs = Ty {
            funs: vec![],
            ..self.clone()
        };
        if !only_funs.is_never() || self.funs.len() != 1 || self.funs[0].is_any() {
            return None;
        }
        Some(self.funs[0].arrows.to_vec())
    }

    /// `self // other` (right-biased update).
    pub fn update(&self, other: &Ty) -> Ty {
        if self.attrs.is_empty() || other.attrs.is_empty() {
            let mut t = Ty::attrs();
            t.dyn_ = true;
            return if self.dyn_ || other.dyn_ {
                Ty::dyn_()
            } else {
                t
            };
        }
        let mut out = Ty::never();
        for a in &self.attrs {
            for b in &other.attrs {
                out = out.union(&Ty::record(a.update(b)));
            }
        }
        out.dyn_ = self.dyn_ || other.dyn_;
        out
    }
}

fn bound_lits<T: Ord + Clone>(l: Lits<T>) -> Lits<T> {
    match l {
        Lits::Only(s) if s.len() > 32 => Lits::All,
        other => other,
    }
}

pub struct FieldLookup {
    pub ty: Ty,
    pub surely_present: bool,
    pub may_be_present: bool,
}

impl Rec {
    pub fn closed() -> Rec {
        Rec::default()
    }
    pub fn open() -> Rec {
        Rec {
            fields: Arc::default(),
            rest: Some(Arc::new(Ty::dyn_())),
        }
    }
    fn open_dyn() -> Rec {
        Rec::open()
    }
    /// A closed record of these fields (a later duplicate name wins); one bulk build instead
    /// of an insertion per field.
    pub fn closed_with(fields: Vec<(String, Field)>) -> Rec {
        Rec {
            fields: Arc::new(fields.into_iter().collect()),
            rest: None,
        }
    }
    pub fn set(&mut self, name: &str, ty: Ty, optional: bool) {
        std::sync::Arc::make_mut(&mut self.fields).insert(name.to_string(), Field { ty, optional });
    }
    pub fn is_open(&self) -> bool {
        self.rest.is_some()
    }
    fn is_any_record(&self) -> bool {
        self.fields.is_empty() && self.rest.as_ref().is_some_and(|r| r.is_any_elem())
    }

    fn subrecord(&self, other: &Rec, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        for (name, f) in self.fields.iter() {
            match other.fields.get(name) {
                Some(g) => {
                    if f.optional && !g.optional {
                        return false;
                    }
                    if !(g.ty.is_any_elem() || f.ty.subtype_depth(&g.ty, depth + 1)) {
                        return false;
                    }
                }
                None => match &other.rest {
                    Some(r) => {
                        if !(r.is_any_elem() || f.ty.subtype_depth(r, depth + 1)) {
                            return false;
                        }
                    }
                    None => return false,
                },
            }
        }
        for (name, g) in other.fields.iter() {
            if !g.optional && self.fields.get(name).is_none_or(|f| f.optional) {
                return false;
            }
        }
        match (&self.rest, &other.rest) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => b.is_any_elem() || a.subtype_depth(b, depth + 1),
        }
    }

    /// Intersection of two records; `None` when surely empty (a required field absent in
    /// the other, closed, record).
    fn inter(&self, other: &Rec, depth: u32) -> Option<Rec> {
        let mut out = Rec {
            fields: Arc::default(),
            rest: match (&self.rest, &other.rest) {
                (Some(a), Some(b)) => Some(Arc::new(if a.is_any_elem() {
                    (**b).clone()
                } else if b.is_any_elem() {
                    (**a).clone()
                } else {
                    a.inter_depth(b, depth + 1)
                })),
                _ => None,
            },
        };
        let names: BTreeSet<&String> = self.fields.keys().chain(other.fields.keys()).collect();
        for name in names {
            let a = self.field_or_rest(name);
            let b = other.field_or_rest(name);
            match (a, b) {
                (Some(fa), Some(fb)) => {
                    let ty = if fa.ty.is_any_elem() {
                        fb.ty.clone()
                    } else if fb.ty.is_any_elem() {
                        fa.ty.clone()
                    } else {
                        fa.ty.inter_depth(&fb.ty, depth + 1)
                    };
                    std::sync::Arc::make_mut(&mut out.fields).insert(
                        name.clone(),
                        Field {
                            ty,
                            optional: fa.optional && fb.optional,
                        },
                    );
                }
                (Some(f), None) | (None, Some(f)) => {
                    if !f.optional {
                        return None;
                    }
                }
                (None, None) => {}
            }
        }
        Some(out)
    }

    fn field_or_rest(&self, name: &str) -> Option<Field> {
        match self.fields.get(name) {
            Some(f) => Some(f.clone()),
            None => self.rest.as_ref().map(|r| Field {
                ty: (**r).clone(),
                optional: true,
            }),
        }
    }

    fn update(&self, other: &Rec) -> Rec {
        let mut out = self.clone();
        for (name, f) in other.fields.iter() {
            if f.optional {
                let merged = match self.fields.get(name) {
                    Some(old) => Field {
                        ty: old.ty.union(&f.ty),
                        optional: old.optional,
                    },
                    None => f.clone(),
                };
                std::sync::Arc::make_mut(&mut out.fields).insert(name.clone(), merged);
            } else {
                std::sync::Arc::make_mut(&mut out.fields).insert(name.clone(), f.clone());
            }
        }
        if let Some(r) = &other.rest {
            // Unknown names of the right side may override any field of the left side.
            for (name, f) in std::sync::Arc::make_mut(&mut out.fields).iter_mut() {
                if !other.fields.contains_key(name) {
                    f.ty = f.ty.union(r);
                }
            }
            out.rest = Some(match &self.rest {
                Some(a) => Arc::new(a.union(r)),
                None => r.clone(),
            });
        }
        out
    }
}

impl Fun {
    pub fn any() -> Fun {
        Fun {
            arrows: Arc::new(vec![(Ty::never(), Ty::dyn_())]),
        }
    }
    fn is_any(&self) -> bool {
        self.arrows.len() == 1 && self.arrows[0].0.is_never() && self.arrows[0].1.is_any_elem()
    }
    fn subfun(&self, other: &Fun, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        if other.is_any() {
            return true;
        }
        // Each arrow of `other` must be implied by one arrow of `self`.
        other.arrows.iter().all(|(d2, c2)| {
            self.arrows.iter().any(|(d1, c1)| {
                d2.subtype_depth(d1, depth + 1)
                    && (c2.is_any_elem() || c1.subtype_depth(c2, depth + 1))
            })
        })
    }
}

// ----- display (the grammar of types.md) -----

/// Display options: literal widening as in hovers.
#[derive(Clone, Copy)]
pub struct Show {
    pub widen: bool,
}

impl std::fmt::Display for Ty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.show(Show { widen: false }))
    }
}

impl Ty {
    /// The type in the syntax of types.md. With `widen`, singletons are shown as their kind
    /// unless they are part of a union of literals of one kind (`"a" | "b"`) or booleans.
    pub fn show(&self, opts: Show) -> String {
        let mut out = String::new();
        self.write(&mut out, opts, 0, Prec::Top);
        out
    }

    fn write(&self, out: &mut String, opts: Show, depth: u32, prec: Prec) {
        if depth > 12 {
            out.push('…');
            return;
        }
        if self.is_any() {
            out.push_str(if self.dyn_ { "Any | ?" } else { "Any" });
            return;
        }
        // Fold the `Stringish` alias back when all of it is there.
        let stringish = Ty::stringish();
        if self.string == Lits::All
            && self.path
            && stringish.attrs.iter().all(|r| self.attrs.contains(r))
        {
            let mut rest = self.clone();
            rest.string = Lits::None;
            rest.path = false;
            rest.attrs.retain(|r| !stringish.attrs.contains(r));
            if rest.is_never() {
                out.push_str("Stringish");
                return;
            }
            let mut s = String::new();
            rest.write(&mut s, opts, depth + 1, Prec::Top);
            if prec == Prec::Atom {
                out.push('(');
            }
            out.push_str(&s);
            out.push_str(" | Stringish");
            if prec == Prec::Atom {
                out.push(')');
            }
            return;
        }
        let mut parts: Vec<(String, bool)> = Vec::new(); // (text, is_arrow)
        if self.null {
            parts.push(("Null".into(), false));
        }
        match self.bools {
            1 => parts.push(("false".into(), false)),
            2 => parts.push(("true".into(), false)),
            3 => parts.push(("Bool".into(), false)),
            _ => {}
        }
        let widen_one_kind = opts.widen;
        let int_and_float = self.int == Lits::All && self.float;
        if int_and_float {
            parts.push(("Number".into(), false));
        } else {
            write_lits(
                &self.int,
                "Int",
                widen_one_kind,
                |n| n.to_string(),
                &mut parts,
            );
            if self.float {
                parts.push(("Float".into(), false));
            }
        }
        write_lits(
            &self.string,
            "String",
            widen_one_kind,
            |s| format!("{s:?}"),
            &mut parts,
        );
        if self.path {
            parts.push(("Path".into(), false));
        }
        if let Some(e) = &self.list {
            let mut s = String::from("[");
            e.write(&mut s, opts, depth + 1, Prec::Top);
            s.push(']');
            parts.push((s, false));
        }
        for r in &self.attrs {
            parts.push((r.show(opts, depth), false));
        }
        for fun in &self.funs {
            if fun.is_any() {
                parts.push(("Fun".into(), false));
                continue;
            }
            if fun.arrows.len() == 1 {
                let (d, c) = &fun.arrows[0];
                let mut s = String::new();
                d.write(&mut s, opts, depth + 1, Prec::Diff);
                s.push_str(" -> ");
                c.write(&mut s, opts, depth + 1, Prec::Top);
                parts.push((s, true));
            } else {
                let mut s = String::new();
                for (i, (d, c)) in fun.arrows.iter().enumerate() {
                    if i > 0 {
                        s.push_str(" & ");
                    }
                    s.push('(');
                    d.write(&mut s, opts, depth + 1, Prec::Diff);
                    s.push_str(" -> ");
                    c.write(&mut s, opts, depth + 1, Prec::Top);
                    s.push(')');
                }
                parts.push((s, false));
                if parts.len() > 1 || prec != Prec::Top {
                    let last = parts.pop().unwrap_or_default();
                    parts.push((format!("({})", last.0), false));
                }
            }
        }
        if self.dyn_ {
            parts.push(("?".into(), false));
        }
        if parts.is_empty() {
            out.push_str("Never");
            return;
        }
        let multi = parts.len() > 1;
        let needs_paren = multi && prec == Prec::Atom;
        if needs_paren {
            out.push('(');
        }
        for (i, (p, is_arrow)) in parts.iter().enumerate() {
            if i > 0 {
                out.push_str(" | ");
            }
            if *is_arrow && (multi || prec != Prec::Top) {
                let _ = write!(out, "({p})");
            } else {
                out.push_str(p);
            }
        }
        if needs_paren {
            out.push(')');
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prec {
    Top,
    Diff,
    Atom,
}

fn write_lits<T: Ord + Clone>(
    lits: &Lits<T>,
    kind: &str,
    widen: bool,
    show: impl Fn(&T) -> String,
    parts: &mut Vec<(String, bool)>,
) {
    match lits {
        Lits::None => {}
        Lits::All | Lits::Except(_) => parts.push((kind.into(), false)),
        Lits::Only(s) => {
            if widen && s.len() == 1 {
                parts.push((kind.into(), false));
            } else {
                for v in s {
                    parts.push((show(v), false));
                }
            }
        }
    }
}

impl Rec {
    fn show(&self, opts: Show, depth: u32) -> String {
        if self.fields.is_empty() {
            return match &self.rest {
                None => "{ }".into(),
                Some(r) if r.is_any_elem() => "{ .. }".into(),
                Some(r) => {
                    let mut s = String::from("{ _: ");
                    r.write(&mut s, opts, depth + 1, Prec::Top);
                    s.push_str(" }");
                    s
                }
            };
        }
        let mut s = String::from("{ ");
        for (i, (name, f)) in self.fields.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            if is_plain_name(name) {
                s.push_str(name);
            } else {
                let _ = write!(s, "{name:?}");
            }
            s.push_str(if f.optional { "?: " } else { ": " });
            f.ty.write(&mut s, opts, depth + 1, Prec::Top);
        }
        match &self.rest {
            None => {}
            Some(r) if r.is_any_elem() => s.push_str(", .."),
            Some(r) => {
                s.push_str(", _: ");
                r.write(&mut s, opts, depth + 1, Prec::Top);
            }
        }
        s.push_str(" }");
        s
    }
}

fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && name != "_"
}
