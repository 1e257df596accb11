//! The `Ty` handle, its representation and the set operations.
//!
//! A type is a pair of descriptors `stat | (dynamic & ?)` (every gradual type has this form,
//! Castagna & Lanvin 2017). A descriptor is a union over the kinds of Nix values: flags for
//! null and the booleans, finite/cofinite literal sets for int, float, string and path, and
//! BDDs over constructor atoms for lists, records and functions. Atoms contain `Ty`s, so
//! `?` may occur anywhere (`{ a: ? }`, `? -> Int`).
//!
//! `Ty` is an `Arc`: cheap to clone, `Send + Sync`, compared structurally with a cached hash
//! (pointer equality first). Recursive types are `Rec` nodes whose body is set once; they
//! compare by identity.

use crate::bdd::Bdd;
use crate::lit::LitSet;
use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

/// A type: a set of Nix values, possibly with gradual `?` parts. Cheap to clone.
#[derive(Clone)]
pub struct Ty(pub(crate) Arc<TyNode>);

pub(crate) struct TyNode {
    hash: u64,
    /// Nesting of constructors (1 for a type without any); bounded by `MAX_TYPE_DEPTH`.
    pub(crate) depth: u32,
    /// Whether no `?` occurs anywhere; computed on first use (not at construction, because a
    /// recursive type's body is unknown while it is being built).
    pub(crate) fully_static: OnceLock<bool>,
    pub(crate) kind: TyKind,
}

// The node lives behind an `Arc`; boxing the large variant would only add an indirection.
#[allow(clippy::large_enum_variant)]
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum TyKind {
    Shape(Shape),
    Rec(RecRef),
}

/// `stat | (dynamic & ?)`: the interval of materializations `[stat, stat | dynamic]`.
/// `dynamic` is empty for static types. Atoms only hold static types (constructors given a
/// gradual type build the interval instead), except for references to recursive types.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(crate) struct Shape {
    pub(crate) stat: Descr,
    pub(crate) dynamic: Descr,
}

/// A union over the kinds of values, without `?` at this level.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(crate) struct Descr {
    pub(crate) null: bool,
    /// bit 0: `false`, bit 1: `true`.
    pub(crate) bools: u8,
    pub(crate) ints: LitSet<i64>,
    /// Floats as their bit patterns (so the set is `Eq`/`Ord`); `-0.0` is normalized to `0.0`.
    pub(crate) floats: LitSet<u64>,
    pub(crate) strings: LitSet<Arc<str>>,
    pub(crate) paths: LitSet<Arc<str>>,
    /// Atom: the element type of `[T]`.
    pub(crate) lists: Bdd<Ty>,
    pub(crate) records: Bdd<RecordAtom>,
    pub(crate) arrows: Bdd<ArrowAtom>,
}

/// A record type constructor: explicit fields (sorted by name) and what every other field is.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(crate) struct RecordAtom {
    pub(crate) fields: Arc<[(Arc<str>, Field)]>,
    /// `None`: closed (other fields absent). `Some(t)`: other fields absent or of type `t`
    /// (`..` is `Some(Any)`, a map `_: t` is `Some(t)`).
    pub(crate) rest: Option<Ty>,
}

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(crate) struct Field {
    pub(crate) ty: Ty,
    pub(crate) optional: bool,
}

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(crate) struct ArrowAtom {
    pub(crate) dom: Ty,
    pub(crate) cod: Ty,
}

/// A recursive type's definition; identity is the id.
#[derive(Clone)]
pub(crate) struct RecRef(pub(crate) Arc<RecDef>);

pub(crate) struct RecDef {
    pub(crate) id: u64,
    pub(crate) body: OnceLock<Ty>,
    /// The name to display instead of the body (built-in aliases such as `Stringish`).
    pub(crate) alias: Option<&'static str>,
    /// Set operations applied to this type while its body was unknown, run once it is set.
    deferred: Mutex<Vec<Deferred>>,
}

type Deferred = Box<dyn FnOnce() + Send>;

/// Constructor nesting past which constructors return their kind's top (`[Any]`, `{ .. }`,
/// `Fun`): a sound approximation that keeps every recursion over types shallow.
pub(crate) const MAX_TYPE_DEPTH: u32 = 128;

/// Diagram size past which a union is coarsened (see `Descr::coarsened`).
const MAX_BDD_NODES: usize = 256;

static NEXT_REC_ID: AtomicU64 = AtomicU64::new(1);

impl PartialEq for RecRef {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}
impl Eq for RecRef {}
impl Hash for RecRef {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.id.hash(state)
    }
}
impl PartialOrd for RecRef {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for RecRef {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.id.cmp(&other.0.id)
    }
}

impl PartialEq for Ty {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.hash == other.0.hash && self.0.kind == other.0.kind)
    }
}
impl Eq for Ty {}
impl Hash for Ty {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0.hash)
    }
}
impl PartialOrd for Ty {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ty {
    fn cmp(&self, other: &Self) -> Ordering {
        if Arc::ptr_eq(&self.0, &other.0) {
            return Ordering::Equal;
        }
        self.0
            .hash
            .cmp(&other.0.hash)
            .then_with(|| self.0.kind.cmp(&other.0.kind))
    }
}

impl std::fmt::Debug for Ty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ty({self})")
    }
}

impl std::fmt::Debug for RecRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rec#{}", self.0.id)
    }
}

static EMPTY_SHAPE: LazyLock<Shape> = LazyLock::new(|| Shape {
    stat: Descr::empty(),
    dynamic: Descr::empty(),
});

impl Descr {
    pub(crate) fn empty() -> Descr {
        Descr {
            null: false,
            bools: 0,
            ints: LitSet::empty(),
            floats: LitSet::empty(),
            strings: LitSet::empty(),
            paths: LitSet::empty(),
            lists: Bdd::False,
            records: Bdd::False,
            arrows: Bdd::False,
        }
    }

    pub(crate) fn full() -> Descr {
        Descr {
            null: true,
            bools: 3,
            ints: LitSet::full(),
            floats: LitSet::full(),
            strings: LitSet::full(),
            paths: LitSet::full(),
            lists: Bdd::True,
            records: Bdd::True,
            arrows: Bdd::True,
        }
    }

    /// Empty by construction (no emptiness check of atoms).
    pub(crate) fn is_trivially_empty(&self) -> bool {
        !self.null
            && self.bools == 0
            && self.ints.is_empty()
            && self.floats.is_empty()
            && self.strings.is_empty()
            && self.paths.is_empty()
            && self.lists.is_false()
            && self.records.is_false()
            && self.arrows.is_false()
    }

    pub(crate) fn is_trivially_full(&self) -> bool {
        self.null
            && self.bools == 3
            && self.ints.is_full()
            && self.floats.is_full()
            && self.strings.is_full()
            && self.paths.is_full()
            && self.lists.is_true()
            && self.records.is_true()
            && self.arrows.is_true()
    }

    /// The largest depth of a type inside an atom.
    fn atom_depth(&self) -> u32 {
        let mut depth = 0;
        self.lists
            .visit_atoms(&mut |e| depth = depth.max(e.0.depth));
        self.records.visit_atoms(&mut |r| {
            for (_, f) in r.fields.iter() {
                depth = depth.max(f.ty.0.depth);
            }
            if let Some(t) = &r.rest {
                depth = depth.max(t.0.depth);
            }
        });
        self.arrows
            .visit_atoms(&mut |a| depth = depth.max(a.dom.0.depth).max(a.cod.0.depth));
        depth
    }

    pub(crate) fn union(&self, o: &Descr) -> Descr {
        let d = self.union_exact(o);
        if d.lists.exceeds(MAX_BDD_NODES)
            || d.records.exceeds(MAX_BDD_NODES)
            || d.arrows.exceeds(MAX_BDD_NODES)
        {
            return d.coarsened();
        }
        d
    }

    /// Replaces a constructor kind whose diagram grew past `MAX_BDD_NODES` by one atom that
    /// contains it (lists: the union of the elements; records: the field-wise union; arrows:
    /// every function). Keeps huge unions (a long list of distinct attribute sets) from making
    /// every later operation, and the recursion over the diagram, huge.
    fn coarsened(mut self) -> Descr {
        if self.lists.exceeds(MAX_BDD_NODES) {
            let mut elems = Vec::new();
            self.lists.visit_atoms(&mut |e| elems.push(e.clone()));
            self.lists = Bdd::atom(Ty::union_all(elems));
        }
        if self.records.exceeds(MAX_BDD_NODES) {
            let mut atoms = Vec::new();
            self.records.visit_atoms(&mut |r| atoms.push(r.clone()));
            self.records = Bdd::atom(RecordAtom::join(&atoms));
        }
        if self.arrows.exceeds(MAX_BDD_NODES) {
            self.arrows = Bdd::True;
        }
        self
    }

    /// `self = self ∪ o` in place (unions of many types, e.g. long lists of literals).
    fn union_assign(&mut self, o: &Descr) {
        self.null |= o.null;
        self.bools |= o.bools;
        self.ints.union_assign(&o.ints);
        self.floats.union_assign(&o.floats);
        self.strings.union_assign(&o.strings);
        self.paths.union_assign(&o.paths);
        self.lists = self.lists.union(&o.lists);
        self.records = self.records.union(&o.records);
        self.arrows = self.arrows.union(&o.arrows);
        if self.lists.exceeds(MAX_BDD_NODES)
            || self.records.exceeds(MAX_BDD_NODES)
            || self.arrows.exceeds(MAX_BDD_NODES)
        {
            *self = std::mem::replace(self, Descr::empty()).coarsened();
        }
    }

    fn union_exact(&self, o: &Descr) -> Descr {
        Descr {
            null: self.null || o.null,
            bools: self.bools | o.bools,
            ints: self.ints.union(&o.ints),
            floats: self.floats.union(&o.floats),
            strings: self.strings.union(&o.strings),
            paths: self.paths.union(&o.paths),
            lists: self.lists.union(&o.lists),
            records: self.records.union(&o.records),
            arrows: self.arrows.union(&o.arrows),
        }
    }

    pub(crate) fn inter(&self, o: &Descr) -> Descr {
        Descr {
            null: self.null && o.null,
            bools: self.bools & o.bools,
            ints: self.ints.inter(&o.ints),
            floats: self.floats.inter(&o.floats),
            strings: self.strings.inter(&o.strings),
            paths: self.paths.inter(&o.paths),
            lists: self.lists.inter(&o.lists),
            records: self.records.inter(&o.records),
            arrows: self.arrows.inter(&o.arrows),
        }
    }

    pub(crate) fn neg(&self) -> Descr {
        Descr {
            null: !self.null,
            bools: !self.bools & 3,
            ints: self.ints.neg(),
            floats: self.floats.neg(),
            strings: self.strings.neg(),
            paths: self.paths.neg(),
            lists: self.lists.neg(),
            records: self.records.neg(),
            arrows: self.arrows.neg(),
        }
    }

    pub(crate) fn diff(&self, o: &Descr) -> Descr {
        self.inter(&o.neg())
    }
}

impl Shape {
    pub(crate) fn is_static(&self) -> bool {
        self.dynamic.is_trivially_empty()
    }

    /// Drops a `dynamic` part that adds nothing to `stat` (so static types stay recognizably
    /// static); otherwise keeps it as given, which keeps single atoms for display.
    fn normalized(stat: Descr, dynamic: Descr) -> Shape {
        if dynamic.is_trivially_empty() || dynamic.diff(&stat).is_trivially_empty() {
            return Shape {
                stat,
                dynamic: Descr::empty(),
            };
        }
        Shape { stat, dynamic }
    }

    fn union(&self, o: &Shape) -> Shape {
        Shape::normalized(self.stat.union(&o.stat), self.dynamic.union(&o.dynamic))
    }

    fn inter(&self, o: &Shape) -> Shape {
        let stat = self.stat.inter(&o.stat);
        if self.is_static() && o.is_static() {
            return Shape {
                stat,
                dynamic: Descr::empty(),
            };
        }
        let dynamic = self
            .stat
            .inter(&o.dynamic)
            .union(&self.dynamic.inter(&o.stat))
            .union(&self.dynamic.inter(&o.dynamic));
        Shape::normalized(stat, dynamic)
    }

    fn neg(&self) -> Shape {
        if self.is_static() {
            return Shape {
                stat: self.stat.neg(),
                dynamic: Descr::empty(),
            };
        }
        // ~(s | d & ?) = ~(s | d) | (~s & ?)   (since ~? = ?)
        Shape::normalized(self.stat.union(&self.dynamic).neg(), self.stat.neg())
    }
}

fn hash_of<T: Hash>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl Ty {
    pub(crate) fn from_kind(kind: TyKind) -> Ty {
        let depth = match &kind {
            TyKind::Rec(_) => 1,
            TyKind::Shape(s) => 1 + s.stat.atom_depth().max(s.dynamic.atom_depth()),
        };
        Ty(Arc::new(TyNode {
            hash: hash_of(&kind),
            depth,
            fully_static: OnceLock::new(),
            kind,
        }))
    }

    pub(crate) fn from_shape(shape: Shape) -> Ty {
        Ty::from_kind(TyKind::Shape(shape))
    }

    pub(crate) fn from_descr(stat: Descr) -> Ty {
        Ty::from_shape(Shape {
            stat,
            dynamic: Descr::empty(),
        })
    }

    /// The shape, unfolding recursive definitions (an unset body reads as `Never`).
    pub(crate) fn shape(&self) -> &Shape {
        let mut t = self;
        // Bodies are never bare `Rec`s (see `set_rec_body`), so one step suffices; the loop is
        // a guard.
        for _ in 0..64 {
            match &t.0.kind {
                TyKind::Shape(s) => return s,
                TyKind::Rec(r) => match r.0.body.get() {
                    Some(body) => t = body,
                    None => return &EMPTY_SHAPE,
                },
            }
        }
        &EMPTY_SHAPE
    }

    pub(crate) fn rec_ref(&self) -> Option<&RecRef> {
        match &self.0.kind {
            TyKind::Rec(r) => Some(r),
            TyKind::Shape(_) => None,
        }
    }

    // ----- constructors -----

    /// Every value.
    pub fn any() -> Ty {
        static ANY: LazyLock<Ty> = LazyLock::new(|| Ty::from_descr(Descr::full()));
        ANY.clone()
    }

    /// No value.
    pub fn never() -> Ty {
        static NEVER: LazyLock<Ty> = LazyLock::new(|| Ty::from_descr(Descr::empty()));
        NEVER.clone()
    }

    /// The gradual type `?`: what cannot be known; compatible with everything.
    pub fn dynamic() -> Ty {
        static DYN: LazyLock<Ty> = LazyLock::new(|| {
            Ty::from_shape(Shape {
                stat: Descr::empty(),
                dynamic: Descr::full(),
            })
        });
        DYN.clone()
    }

    pub fn null() -> Ty {
        Ty::from_descr(Descr {
            null: true,
            ..Descr::empty()
        })
    }

    pub fn bool() -> Ty {
        Ty::from_descr(Descr {
            bools: 3,
            ..Descr::empty()
        })
    }

    pub fn bool_lit(value: bool) -> Ty {
        Ty::from_descr(Descr {
            bools: if value { 2 } else { 1 },
            ..Descr::empty()
        })
    }

    pub fn int() -> Ty {
        Ty::from_descr(Descr {
            ints: LitSet::full(),
            ..Descr::empty()
        })
    }

    pub fn int_lit(value: i64) -> Ty {
        Ty::from_descr(Descr {
            ints: LitSet::single(value),
            ..Descr::empty()
        })
    }

    /// A union of integer singletons, e.g. `-1 | 0 | 1`.
    pub fn int_lits(values: impl IntoIterator<Item = i64>) -> Ty {
        Ty::from_descr(Descr {
            ints: LitSet::Finite(values.into_iter().collect()),
            ..Descr::empty()
        })
    }

    pub fn float() -> Ty {
        Ty::from_descr(Descr {
            floats: LitSet::full(),
            ..Descr::empty()
        })
    }

    /// A float singleton (`NaN` and infinities, which no literal denotes, give `Float`).
    pub fn float_lit(value: f64) -> Ty {
        if !value.is_finite() {
            return Ty::float();
        }
        let value = if value == 0.0 { 0.0 } else { value };
        Ty::from_descr(Descr {
            floats: LitSet::single(value.to_bits()),
            ..Descr::empty()
        })
    }

    pub fn string() -> Ty {
        Ty::from_descr(Descr {
            strings: LitSet::full(),
            ..Descr::empty()
        })
    }

    pub fn string_lit(value: &str) -> Ty {
        Ty::from_descr(Descr {
            strings: LitSet::single(Arc::from(value)),
            ..Descr::empty()
        })
    }

    pub fn path() -> Ty {
        Ty::from_descr(Descr {
            paths: LitSet::full(),
            ..Descr::empty()
        })
    }

    pub fn path_lit(value: &str) -> Ty {
        Ty::from_descr(Descr {
            paths: LitSet::single(Arc::from(value)),
            ..Descr::empty()
        })
    }

    /// `[elem]`: lists whose elements all have type `elem` (the empty list included).
    pub fn list_of(elem: Ty) -> Ty {
        if elem.0.depth >= MAX_TYPE_DEPTH {
            return Ty::list();
        }
        if !elem.is_fully_static() {
            // Atoms hold static types only; a gradual element gives the interval of lists.
            return Ty::interval(&Ty::list_of(elem.lower()), &Ty::list_of(elem.upper()));
        }
        Ty::from_descr(Descr {
            lists: Bdd::atom(elem),
            ..Descr::empty()
        })
    }

    /// `[Any]`, every list.
    pub fn list() -> Ty {
        Ty::from_descr(Descr {
            lists: Bdd::True,
            ..Descr::empty()
        })
    }

    /// `{ .. }`, every attribute set.
    pub fn attrs() -> Ty {
        Ty::from_descr(Descr {
            records: Bdd::True,
            ..Descr::empty()
        })
    }

    /// `dom -> cod`.
    pub fn arrow(dom: Ty, cod: Ty) -> Ty {
        if dom.0.depth.max(cod.0.depth) >= MAX_TYPE_DEPTH {
            return Ty::fun();
        }
        if !dom.is_fully_static() || !cod.is_fully_static() {
            // The domain is contravariant: the smallest arrow has the largest domain.
            return Ty::interval(
                &Ty::arrow(dom.upper(), cod.lower()),
                &Ty::arrow(dom.lower(), cod.upper()),
            );
        }
        Ty::from_descr(Descr {
            arrows: Bdd::atom(ArrowAtom { dom, cod }),
            ..Descr::empty()
        })
    }

    /// Every function (`Never -> Any`, alias `Fun`).
    pub fn fun() -> Ty {
        Ty::from_descr(Descr {
            arrows: Bdd::True,
            ..Descr::empty()
        })
    }

    /// `Int | Float`.
    pub fn number() -> Ty {
        Ty::from_descr(Descr {
            ints: LitSet::full(),
            floats: LitSet::full(),
            ..Descr::empty()
        })
    }

    /// A recursive type: `build` gets the type being defined and returns its body. Set
    /// operations on the self-reference (`x.union(&Ty::null())` for a field `next: X | Null`)
    /// are deferred until the body is known. The self-reference must end up under a
    /// constructor (list element, record field, arrow): an unguarded occurrence at the top of
    /// the body (`X | Int`) reads as `Never`, and queries or projections (`select`, `apply`, …)
    /// inside `build` see it as `Never`.
    pub fn recursive(build: impl FnOnce(&Ty) -> Ty) -> Ty {
        match Ty::try_recursive::<()>(None, |t| Ok(build(t))) {
            Ok(t) => t,
            Err(()) => unreachable!("the builder cannot fail"),
        }
    }

    /// `recursive` with a fallible builder, and an optional display name (built-in aliases).
    pub(crate) fn try_recursive<E>(
        alias: Option<&'static str>,
        build: impl FnOnce(&Ty) -> Result<Ty, E>,
    ) -> Result<Ty, E> {
        let def = Arc::new(RecDef {
            id: NEXT_REC_ID.fetch_add(1, AtomicOrdering::Relaxed),
            body: OnceLock::new(),
            alias,
            deferred: Mutex::new(Vec::new()),
        });
        let this = Ty::from_kind(TyKind::Rec(RecRef(def.clone())));
        let body = build(&this)?;
        set_rec_body(&def, body);
        Ok(this)
    }

    // ----- set operations -----

    pub fn union(&self, other: &Ty) -> Ty {
        if let Some(t) = Ty::defer(&[self, other], |a, b| a.union(b)) {
            return t;
        }
        // The shortcuts keep identities (recursive types, aliases) that display relies on.
        if self == other || other.is_never() {
            return self.clone();
        }
        if self.is_never() {
            return other.clone();
        }
        Ty::from_shape(self.shape().union(other.shape()))
    }

    pub fn inter(&self, other: &Ty) -> Ty {
        if let Some(t) = Ty::defer(&[self, other], |a, b| a.inter(b)) {
            return t;
        }
        if self == other || other.is_any() {
            return self.clone();
        }
        if self.is_any() {
            return other.clone();
        }
        Ty::from_shape(self.shape().inter(other.shape()))
    }

    /// `~self`: every value not in `self`.
    pub fn neg(&self) -> Ty {
        if let Some(t) = Ty::defer(&[self, self], |a, _| a.neg()) {
            return t;
        }
        Ty::from_shape(self.shape().neg())
    }

    /// `self \ other` = `self & ~other`.
    pub fn diff(&self, other: &Ty) -> Ty {
        if let Some(t) = Ty::defer(&[self, other], |a, b| a.diff(b)) {
            return t;
        }
        Ty::from_shape(self.shape().inter(&other.shape().neg()))
    }

    /// The union of all (one type is kept as is; more are combined without building the
    /// intermediate types).
    pub fn union_all(types: impl IntoIterator<Item = Ty>) -> Ty {
        let types: Vec<Ty> = types.into_iter().collect();
        if types.iter().any(|t| t.unset_rec().is_some()) {
            return types.iter().fold(Ty::never(), |acc, t| acc.union(t));
        }
        let mut types: Vec<Ty> = types.into_iter().filter(|t| !t.is_never()).collect();
        match types.len() {
            0 => Ty::never(),
            1 => types.pop().unwrap_or_else(Ty::never),
            _ if types.iter().all(|t| t.shape().is_static()) => {
                let mut stat = types[0].shape().stat.clone();
                for t in &types[1..] {
                    stat.union_assign(&t.shape().stat);
                }
                Ty::from_descr(stat)
            }
            _ => {
                let mut shape = types[0].shape().clone();
                for t in &types[1..] {
                    shape = shape.union(t.shape());
                }
                Ty::from_shape(shape)
            }
        }
    }

    /// The intersection of all (`Any` for none).
    pub fn inter_all(types: impl IntoIterator<Item = Ty>) -> Ty {
        let types: Vec<Ty> = types.into_iter().collect();
        if types.iter().any(|t| t.unset_rec().is_some()) {
            return types.iter().fold(Ty::any(), |acc, t| acc.inter(t));
        }
        let mut types: Vec<Ty> = types.into_iter().filter(|t| !t.is_any()).collect();
        match types.len() {
            0 => Ty::any(),
            1 => types.pop().unwrap_or_else(Ty::any),
            _ => {
                let mut shape = types[0].shape().clone();
                for t in &types[1..] {
                    shape = shape.inter(t.shape());
                }
                Ty::from_shape(shape)
            }
        }
    }

    /// The gradual type whose materializations range from `lo` to `hi` (`lo` should be a
    /// subtype of `hi`): `lo | (hi & ?)`.
    pub fn interval(lo: &Ty, hi: &Ty) -> Ty {
        let lo_s = lo.shape();
        let hi_s = hi.shape();
        Ty::from_shape(Shape::normalized(
            lo_s.stat.clone(),
            hi_s.stat.union(&hi_s.dynamic).union(&lo_s.dynamic),
        ))
    }

    /// True when no `?` occurs at the top level (nested `?`, e.g. in `{ a: ? }`, may still
    /// occur; see `is_fully_static`).
    pub fn is_static_at_top(&self) -> bool {
        self.shape().is_static()
    }

    /// True when no `?` occurs anywhere in the type.
    pub fn is_fully_static(&self) -> bool {
        if let Some(&fully_static) = self.0.fully_static.get() {
            return fully_static;
        }
        let (dynamic, is_final) = crate::gradual::contains_dynamic(self);
        if is_final {
            let _ = self.0.fully_static.set(!dynamic);
        }
        !dynamic
    }

    /// Structurally `?` itself.
    pub fn is_dynamic(&self) -> bool {
        let s = self.shape();
        s.stat.is_trivially_empty() && s.dynamic.is_trivially_full()
    }

    /// Structurally `Any` (use `is_equivalent` for the semantic question).
    pub fn is_any(&self) -> bool {
        let s = self.shape();
        s.stat.is_trivially_full()
    }

    /// Structurally `Never`.
    pub fn is_never(&self) -> bool {
        let s = self.shape();
        s.stat.is_trivially_empty() && s.dynamic.is_trivially_empty()
    }
}

impl Ty {
    /// A recursive node whose body is set later with `set_rec_body`.
    pub(crate) fn rec_placeholder() -> (Ty, Arc<RecDef>) {
        let def = Arc::new(RecDef {
            id: NEXT_REC_ID.fetch_add(1, AtomicOrdering::Relaxed),
            body: OnceLock::new(),
            alias: None,
            deferred: Mutex::new(Vec::new()),
        });
        (Ty::from_kind(TyKind::Rec(RecRef(def.clone()))), def)
    }
}

impl Ty {
    /// The definition of a recursive type whose body is not set yet.
    fn unset_rec(&self) -> Option<&Arc<RecDef>> {
        match &self.0.kind {
            TyKind::Rec(r) if r.0.body.get().is_none() => Some(&r.0),
            _ => None,
        }
    }

    /// When an operand is a recursive type still being defined (inside `Ty::recursive`), the
    /// result of `op` is a recursive node of its own whose body is computed once every such
    /// operand is known (so `{ next: X | Null }` can be built inside the definition of `X`).
    fn defer(operands: &[&Ty; 2], op: fn(&Ty, &Ty) -> Ty) -> Option<Ty> {
        let unset: Vec<Arc<RecDef>> = {
            let mut defs: Vec<Arc<RecDef>> = Vec::new();
            for t in operands {
                if let Some(d) = t.unset_rec() {
                    if !defs.iter().any(|e| e.id == d.id) {
                        defs.push(d.clone());
                    }
                }
            }
            defs
        };
        if unset.is_empty() {
            return None;
        }
        let (placeholder, pdef) = Ty::rec_placeholder();
        let (a, b) = (operands[0].clone(), operands[1].clone());
        let remaining = Arc::new(std::sync::atomic::AtomicUsize::new(unset.len()));
        let job = Arc::new(Mutex::new(Some(move || set_rec_body(&pdef, op(&a, &b)))));
        for def in &unset {
            let remaining = remaining.clone();
            let job = job.clone();
            let task: Deferred = Box::new(move || {
                if remaining.fetch_sub(1, AtomicOrdering::AcqRel) == 1 {
                    let run = job.lock().ok().and_then(|mut j| j.take());
                    if let Some(run) = run {
                        run();
                    }
                }
            });
            if let Ok(mut list) = def.deferred.lock() {
                list.push(task);
            }
        }
        Some(placeholder)
    }
}

/// Sets a recursive definition's body, never leaving a bare `Rec` as a body (an unguarded
/// `X = X` or `X = Y` is unfolded; a cycle of bare references becomes `Never`).
pub(crate) fn set_rec_body(def: &Arc<RecDef>, body: Ty) {
    let body = match &body.0.kind {
        TyKind::Shape(_) => body,
        TyKind::Rec(_) => Ty::from_shape(body.shape().clone()),
    };
    let _ = def.body.set(body);
    let deferred = def
        .deferred
        .lock()
        .map(|mut d| std::mem::take(&mut *d))
        .unwrap_or_default();
    for task in deferred {
        task();
    }
}

impl Default for Ty {
    fn default() -> Ty {
        Ty::dynamic()
    }
}
