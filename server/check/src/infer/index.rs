//! Sorted views of an [`super::Inference`]'s recorded types, so that editor lookups (hover,
//! completion, signature help) are binary searches instead of scans of every expression.
//!
//! Expression ranges form a tree (an expression's range contains its children's), so after
//! sorting by (start, longest first) each entry's enclosing entry is found with a stack, and
//! "the innermost expression containing X" is a binary search plus a walk up that chain.
//! `exprs` keeps the engine's order; only indices are sorted.

use nixty_parse::{TextRange, TextSize};

use super::{NameType, Ty};

#[derive(Clone, Debug, Default)]
pub(super) struct Index {
    /// Indices of `exprs`, sorted by (start, longest first), one per distinct range (the
    /// first entry of a range holds the union of the types recorded for it).
    order: Vec<u32>,
    /// For each position of `order`, the position of the entry that encloses it.
    expr_parent: Vec<Option<u32>>,
    /// Indices of `names`, sorted by range.
    name_order: Vec<u32>,
}

fn key(r: TextRange) -> (TextSize, std::cmp::Reverse<TextSize>) {
    (r.start(), std::cmp::Reverse(r.end()))
}

impl Index {
    /// Indexes `exprs` (joining the types of equal ranges into the first) and `names`. Sorts
    /// indices, not the entries: the types stay where they are.
    pub(super) fn build(exprs: &mut [(TextRange, Ty)], names: &[NameType]) -> Index {
        let mut sorted: Vec<u32> = (0..exprs.len() as u32).collect();
        sorted.sort_by_key(|&i| key(exprs[i as usize].0));
        let mut order: Vec<u32> = Vec::with_capacity(sorted.len());
        for i in sorted {
            match order.last() {
                Some(&first) if exprs[first as usize].0 == exprs[i as usize].0 => {
                    let t = exprs[i as usize].1.clone();
                    let joined = exprs[first as usize].1.union(&t);
                    exprs[first as usize].1 = joined;
                }
                _ => order.push(i),
            }
        }
        let mut expr_parent = Vec::with_capacity(order.len());
        let mut stack: Vec<u32> = Vec::new();
        for (pos, &i) in order.iter().enumerate() {
            let r = exprs[i as usize].0;
            while let Some(&top) = stack.last() {
                if exprs[order[top as usize] as usize].0.contains_range(r) {
                    break;
                }
                stack.pop();
            }
            expr_parent.push(stack.last().copied());
            stack.push(pos as u32);
        }
        let mut name_order: Vec<u32> = (0..names.len() as u32).collect();
        name_order.sort_by_key(|&i| {
            let r = names[i as usize].range;
            (r.start(), r.end())
        });
        Index {
            order,
            expr_parent,
            name_order,
        }
    }

    fn range_at(&self, exprs: &[(TextRange, Ty)], pos: usize) -> TextRange {
        exprs[self.order[pos] as usize].0
    }

    /// Walks up from position `pos` to the first entry whose range satisfies `fits`; returns
    /// its index in `exprs`.
    fn up(
        &self,
        exprs: &[(TextRange, Ty)],
        mut pos: usize,
        fits: impl Fn(TextRange) -> bool,
    ) -> Option<usize> {
        loop {
            if fits(self.range_at(exprs, pos)) {
                return Some(self.order[pos] as usize);
            }
            pos = self.expr_parent.get(pos).copied().flatten()? as usize;
        }
    }

    /// The number of positions whose range satisfies `before` (a prefix of `order`).
    fn count(&self, exprs: &[(TextRange, Ty)], before: impl Fn(TextRange) -> bool) -> usize {
        self.order.partition_point(|&i| before(exprs[i as usize].0))
    }

    /// The entry with exactly this range.
    pub(super) fn expr_exact(&self, exprs: &[(TextRange, Ty)], range: TextRange) -> Option<usize> {
        let pos = self.count(exprs, |r| key(r) < key(range));
        let &i = self.order.get(pos)?;
        (exprs[i as usize].0 == range).then_some(i as usize)
    }

    /// The innermost entry containing `offset` (an end offset counts as inside).
    pub(super) fn expr_at(&self, exprs: &[(TextRange, Ty)], offset: TextSize) -> Option<usize> {
        let inside = |r: TextRange| r.contains_inclusive(offset);
        // From the last entry starting at or before `offset`, and from the last starting
        // strictly before it (an entry ending exactly at `offset` is found from there).
        let upto = self.count(exprs, |r| r.start() <= offset);
        let before = self.count(exprs, |r| r.start() < offset);
        let a = upto.checked_sub(1).and_then(|p| self.up(exprs, p, inside));
        let b = before
            .checked_sub(1)
            .and_then(|p| self.up(exprs, p, inside));
        match (a, b) {
            (Some(a), Some(b)) if exprs[b].0.len() < exprs[a].0.len() => Some(b),
            (Some(a), _) => Some(a),
            (None, b) => b,
        }
    }

    /// The innermost entry containing `range`.
    pub(super) fn expr_containing(
        &self,
        exprs: &[(TextRange, Ty)],
        range: TextRange,
    ) -> Option<usize> {
        let upto = self.count(exprs, |r| key(r) <= key(range));
        self.up(exprs, upto.checked_sub(1)?, |r| r.contains_range(range))
    }

    /// The shortest name range containing `offset` (names are identifiers: disjoint, or
    /// equal when a lambda was typed once per arrow).
    pub(super) fn name_at(&self, names: &[NameType], offset: TextSize) -> Option<TextRange> {
        let upto = self
            .name_order
            .partition_point(|&i| names[i as usize].range.start() <= offset);
        let mut best: Option<TextRange> = None;
        for &i in self.name_order[..upto].iter().rev() {
            let r = names[i as usize].range;
            if r.end() < offset {
                break;
            }
            if r.contains_inclusive(offset) && best.is_none_or(|b| r.len() < b.len()) {
                best = Some(r);
            }
        }
        best
    }

    /// Every recorded name, ordered by range (start, then end; records of one range in the
    /// order they were made).
    pub(super) fn names_in_order<'a>(
        &'a self,
        names: &'a [NameType],
    ) -> impl Iterator<Item = &'a NameType> + 'a {
        self.name_order.iter().map(move |&i| &names[i as usize])
    }

    /// Every recorded name with exactly this range.
    pub(super) fn names_at_range<'a>(
        &'a self,
        names: &'a [NameType],
        range: TextRange,
    ) -> impl Iterator<Item = &'a NameType> + 'a {
        let k = (range.start(), range.end());
        let from = self.name_order.partition_point(|&i| {
            let r = names[i as usize].range;
            (r.start(), r.end()) < k
        });
        self.name_order[from..]
            .iter()
            .map(move |&i| &names[i as usize])
            .take_while(move |n| n.range == range)
    }
}
