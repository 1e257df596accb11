//! Sorted views of an [`super::Inference`]'s recorded types, so that editor lookups (hover,
//! completion, signature help) are binary searches instead of scans of every expression.
//!
//! Expression ranges form a tree (an expression's range contains its children's), so after
//! sorting by (start, longest first) each entry's enclosing entry is found with a stack, and
//! "the innermost expression containing X" is a binary search plus a walk up that chain.

use nixty_parse::{TextRange, TextSize};

use super::{NameType, Ty};

#[derive(Clone, Debug, Default)]
pub(super) struct Index {
    /// For each entry of the sorted `exprs`, the entry that encloses it.
    expr_parent: Vec<Option<u32>>,
    /// Indices of `names`, sorted by range.
    name_order: Vec<u32>,
}

fn key(r: TextRange) -> (TextSize, std::cmp::Reverse<TextSize>) {
    (r.start(), std::cmp::Reverse(r.end()))
}

impl Index {
    /// Sorts `exprs` (joining the types of equal ranges) and indexes `names`.
    pub(super) fn build(exprs: &mut Vec<(TextRange, Ty)>, names: &[NameType]) -> Index {
        exprs.sort_by_key(|(r, _)| key(*r));
        let mut merged: Vec<(TextRange, Ty)> = Vec::with_capacity(exprs.len());
        for (r, t) in exprs.drain(..) {
            match merged.last_mut() {
                Some((last, lt)) if *last == r => *lt = lt.union(&t),
                _ => merged.push((r, t)),
            }
        }
        *exprs = merged;
        let mut expr_parent = Vec::with_capacity(exprs.len());
        let mut stack: Vec<u32> = Vec::new();
        for (i, (r, _)) in exprs.iter().enumerate() {
            while let Some(&top) = stack.last() {
                if exprs[top as usize].0.contains_range(*r) {
                    break;
                }
                stack.pop();
            }
            expr_parent.push(stack.last().copied());
            stack.push(i as u32);
        }
        let mut name_order: Vec<u32> = (0..names.len() as u32).collect();
        name_order.sort_by_key(|&i| {
            let r = names[i as usize].range;
            (r.start(), r.end())
        });
        Index {
            expr_parent,
            name_order,
        }
    }

    /// Walks up from entry `i` to the first entry whose range satisfies `fits`.
    fn up(
        &self,
        exprs: &[(TextRange, Ty)],
        mut i: usize,
        fits: impl Fn(TextRange) -> bool,
    ) -> Option<usize> {
        loop {
            if fits(exprs[i].0) {
                return Some(i);
            }
            i = self.expr_parent.get(i).copied().flatten()? as usize;
        }
    }

    /// The entry with exactly this range.
    pub(super) fn expr_exact(&self, exprs: &[(TextRange, Ty)], range: TextRange) -> Option<usize> {
        exprs
            .binary_search_by_key(&key(range), |(r, _)| key(*r))
            .ok()
    }

    /// The innermost entry containing `offset` (an end offset counts as inside).
    pub(super) fn expr_at(&self, exprs: &[(TextRange, Ty)], offset: TextSize) -> Option<usize> {
        let inside = |r: TextRange| r.contains_inclusive(offset);
        // From the last entry starting at or before `offset`, and from the last starting
        // strictly before it (an entry ending exactly at `offset` is found from there).
        let upto = exprs.partition_point(|(r, _)| r.start() <= offset);
        let before = exprs.partition_point(|(r, _)| r.start() < offset);
        let a = upto.checked_sub(1).and_then(|i| self.up(exprs, i, inside));
        let b = before
            .checked_sub(1)
            .and_then(|i| self.up(exprs, i, inside));
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
        let upto = exprs.partition_point(|(r, _)| key(*r) <= key(range));
        let i = upto.checked_sub(1)?;
        self.up(exprs, i, |r| r.contains_range(range))
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
