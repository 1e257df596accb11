//! Binary decision diagrams over constructor atoms (lists, records, arrows).
//!
//! A node `(atom, pos, neg)` denotes `(atom & pos) | (~atom & neg)`. Atoms are totally ordered
//! and appear in increasing order along every path, which makes the diagrams canonical enough
//! for structural equality to be a cheap, useful approximation of semantic equality.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::ControlFlow;
use std::sync::Arc;

/// Clauses of a DNF: `(positive atoms, negative atoms)` each.
pub(crate) type Clauses<A> = Vec<(Vec<A>, Vec<A>)>;

/// A visitor of clauses: `(positive atoms, negative atoms)`.
pub(crate) type ClauseFn<'a, A, B> = dyn FnMut(&[A], &[A]) -> ControlFlow<B> + 'a;

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) enum Bdd<A> {
    False,
    True,
    Node(Arc<BddNode<A>>),
}

/// Diagrams share sub-diagrams (a DAG): hashing is cached per node, and every walk below
/// visits a shared node once, so costs follow the DAG's size, not its tree unfolding.
#[derive(PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) struct BddNode<A> {
    pub(crate) atom: A,
    pub(crate) pos: Bdd<A>,
    pub(crate) neg: Bdd<A>,
    hash: u64,
}

impl<A> Hash for Bdd<A> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash_value())
    }
}

impl<A> Bdd<A> {
    fn hash_value(&self) -> u64 {
        match self {
            Bdd::False => 0,
            Bdd::True => 1,
            Bdd::Node(n) => n.hash,
        }
    }

    /// Identity of a diagram for the memo tables of one operation.
    fn key(&self) -> usize {
        match self {
            Bdd::False => 0,
            Bdd::True => 1,
            Bdd::Node(n) => Arc::as_ptr(n) as usize,
        }
    }
}

#[derive(Clone, Copy)]
enum SetOp {
    Union,
    Inter,
}

type Memo<A> = HashMap<(usize, usize), Bdd<A>>;

impl<A: Ord + Clone + Hash> Bdd<A> {
    pub(crate) fn atom(atom: A) -> Self {
        Self::node(atom, Bdd::True, Bdd::False)
    }

    fn node(atom: A, pos: Bdd<A>, neg: Bdd<A>) -> Self {
        if pos == neg {
            return pos;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        atom.hash(&mut h);
        h.write_u64(pos.hash_value());
        h.write_u64(neg.hash_value());
        let hash = h.finish();
        Bdd::Node(Arc::new(BddNode {
            atom,
            pos,
            neg,
            hash,
        }))
    }

    pub(crate) fn is_false(&self) -> bool {
        matches!(self, Bdd::False)
    }

    pub(crate) fn is_true(&self) -> bool {
        matches!(self, Bdd::True)
    }

    pub(crate) fn union(&self, other: &Self) -> Self {
        self.combine(SetOp::Union, other, &mut HashMap::new())
    }

    pub(crate) fn inter(&self, other: &Self) -> Self {
        self.combine(SetOp::Inter, other, &mut HashMap::new())
    }

    /// Union and intersection share the Shannon expansion; they differ only at the leaves.
    /// One memo serves one operation (the key does not say which).
    fn combine(&self, op: SetOp, other: &Self, memo: &mut Memo<A>) -> Self {
        let (a, b) = match (self, other) {
            (Bdd::Node(a), Bdd::Node(b)) => (a, b),
            (leaf @ (Bdd::True | Bdd::False), x) | (x, leaf @ (Bdd::True | Bdd::False)) => {
                // True absorbs a union and is neutral for an intersection; False the reverse.
                let absorbs = matches!(
                    (op, leaf),
                    (SetOp::Union, Bdd::True) | (SetOp::Inter, Bdd::False)
                );
                return if absorbs { leaf.clone() } else { x.clone() };
            }
        };
        if Arc::ptr_eq(a, b) {
            return self.clone();
        }
        let key = (self.key(), other.key());
        if let Some(done) = memo.get(&key) {
            return done.clone();
        }
        let result = match a.atom.cmp(&b.atom) {
            Ordering::Equal => Self::node(
                a.atom.clone(),
                a.pos.combine(op, &b.pos, memo),
                a.neg.combine(op, &b.neg, memo),
            ),
            Ordering::Less => Self::node(
                a.atom.clone(),
                a.pos.combine(op, other, memo),
                a.neg.combine(op, other, memo),
            ),
            Ordering::Greater => Self::node(
                b.atom.clone(),
                self.combine(op, &b.pos, memo),
                self.combine(op, &b.neg, memo),
            ),
        };
        memo.insert(key, result.clone());
        result
    }

    pub(crate) fn neg(&self) -> Self {
        self.neg_in(&mut HashMap::new())
    }

    fn neg_in(&self, memo: &mut Memo<A>) -> Self {
        match self {
            Bdd::True => Bdd::False,
            Bdd::False => Bdd::True,
            Bdd::Node(n) => {
                let key = (self.key(), 0);
                if let Some(done) = memo.get(&key) {
                    return done.clone();
                }
                let result = Self::node(n.atom.clone(), n.pos.neg_in(memo), n.neg.neg_in(memo));
                memo.insert(key, result.clone());
                result
            }
        }
    }

    pub(crate) fn diff(&self, other: &Self) -> Self {
        self.inter(&other.neg())
    }

    /// Calls `f(positives, negatives)` for every path to `True` (a clause of the DNF), until
    /// `f` breaks.
    pub(crate) fn for_each_clause<B>(&self, f: &mut ClauseFn<'_, A, B>) -> ControlFlow<B> {
        let mut pos = Vec::new();
        let mut neg = Vec::new();
        self.walk(&mut pos, &mut neg, f)
    }

    fn walk<B>(
        &self,
        pos: &mut Vec<A>,
        neg: &mut Vec<A>,
        f: &mut ClauseFn<'_, A, B>,
    ) -> ControlFlow<B> {
        match self {
            Bdd::False => ControlFlow::Continue(()),
            Bdd::True => f(pos, neg),
            Bdd::Node(n) => {
                pos.push(n.atom.clone());
                let r = n.pos.walk(pos, neg, f);
                pos.pop();
                r?;
                neg.push(n.atom.clone());
                let r = n.neg.walk(pos, neg, f);
                neg.pop();
                r
            }
        }
    }

    /// All clauses, or `None` when there are more than `limit` (operations then fall back to
    /// a sound over-approximation instead of enumerating exponentially many).
    pub(crate) fn clauses_capped(&self, limit: usize) -> Option<Clauses<A>> {
        let mut out = Vec::new();
        let flow = self.for_each_clause(&mut |p, n| {
            if out.len() >= limit {
                return ControlFlow::Break(());
            }
            out.push((p.to_vec(), n.to_vec()));
            ControlFlow::Continue(())
        });
        flow.is_continue().then_some(out)
    }

    /// The clauses of an equivalent DNF with fewer negations, for display: below a node whose
    /// positive branch is `True`, `a | (~a & N)` is `a | N`, so `~a` is not added to the clauses
    /// of `N` (and symmetrically when the negative branch is `True`). Unions of atoms thus
    /// read back as their atoms.
    /// At most `limit` clauses are returned; the flag tells whether some were left out.
    pub(crate) fn display_clauses(&self, limit: usize) -> (Clauses<A>, bool) {
        fn walk<A: Ord + Clone + Hash>(
            bdd: &Bdd<A>,
            pos: &mut Vec<A>,
            neg: &mut Vec<A>,
            out: &mut Clauses<A>,
            limit: usize,
        ) {
            if out.len() > limit {
                return;
            }
            match bdd {
                Bdd::False => {}
                Bdd::True => out.push((pos.clone(), neg.clone())),
                Bdd::Node(n) => {
                    if n.pos.is_true() {
                        pos.push(n.atom.clone());
                        out.push((pos.clone(), neg.clone()));
                        pos.pop();
                        walk(&n.neg, pos, neg, out, limit);
                    } else if n.neg.is_true() {
                        neg.push(n.atom.clone());
                        out.push((pos.clone(), neg.clone()));
                        neg.pop();
                        walk(&n.pos, pos, neg, out, limit);
                    } else {
                        pos.push(n.atom.clone());
                        walk(&n.pos, pos, neg, out, limit);
                        pos.pop();
                        neg.push(n.atom.clone());
                        walk(&n.neg, pos, neg, out, limit);
                        neg.pop();
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(self, &mut Vec::new(), &mut Vec::new(), &mut out, limit);
        let truncated = out.len() > limit;
        out.truncate(limit);
        (out, truncated)
    }

    /// Whether the diagram, walked as a tree, has more than `limit` nodes.
    pub(crate) fn exceeds(&self, limit: usize) -> bool {
        fn count<A>(b: &Bdd<A>, left: &mut usize) -> bool {
            if let Bdd::Node(n) = b {
                if *left == 0 {
                    return true;
                }
                *left -= 1;
                return count(&n.pos, left) || count(&n.neg, left);
            }
            false
        }
        let mut left = limit;
        count(self, &mut left)
    }

    /// Every atom occurring in the diagram (each shared node once).
    pub(crate) fn visit_atoms(&self, f: &mut dyn FnMut(&A)) {
        fn walk<A>(b: &Bdd<A>, f: &mut dyn FnMut(&A), seen: &mut HashSet<usize>) {
            if let Bdd::Node(n) = b {
                if !seen.insert(b.key()) {
                    return;
                }
                f(&n.atom);
                walk(&n.pos, f, seen);
                walk(&n.neg, f, seen);
            }
        }
        walk(self, f, &mut HashSet::new());
    }

    /// Rebuilds the diagram with every atom mapped; `map(atom, positive)` gets whether the atom
    /// occurs positively (so polarity-sensitive maps, like the gradual projections, can differ).
    pub(crate) fn map_atoms(&self, map: &mut dyn FnMut(&A, bool) -> Bdd<A>) -> Bdd<A> {
        fn walk<A: Ord + Clone + Hash>(
            b: &Bdd<A>,
            map: &mut dyn FnMut(&A, bool) -> Bdd<A>,
            memo: &mut HashMap<usize, Bdd<A>>,
        ) -> Bdd<A> {
            match b {
                Bdd::True => Bdd::True,
                Bdd::False => Bdd::False,
                Bdd::Node(n) => {
                    if let Some(done) = memo.get(&b.key()) {
                        return done.clone();
                    }
                    let pos = map(&n.atom, true).inter(&walk(&n.pos, map, memo));
                    let neg = map(&n.atom, false).neg().inter(&walk(&n.neg, map, memo));
                    let result = pos.union(&neg);
                    memo.insert(b.key(), result.clone());
                    result
                }
            }
        }
        walk(self, map, &mut HashMap::new())
    }
}
