//! The bridge to nixty's type algebra (`nixty-types`): inference computes with its own
//! kind-partitioned [`Ty`] (fast, over-approximating), and converts to the algebra for what the
//! algebra does best: printing in the annotation syntax (folding, aliases, widening) and exact
//! semantic questions (equivalence in tests, subtyping for editor features, the verdicts on
//! user-written annotations: a value's converted type against the annotation as the algebra
//! reads it, see `walk::Engine::annotation_violation`, and the confirmation of every other type
//! diagnostic inference proposes, see `walk/confirm.rs`).

use std::sync::Arc;

use nixty_types as algebra;

use super::ty::{Lits, Ty};

/// Depth past which nested types convert to `?` (guards recursion).
const MAX_DEPTH: u32 = 64;

/// The algebra type with the same values (`?` parts stay `?`).
pub fn to_algebra(t: &Ty) -> algebra::Ty {
    convert(t, 0)
}

fn convert(t: &Ty, depth: u32) -> algebra::Ty {
    if depth > MAX_DEPTH {
        return algebra::Ty::dynamic();
    }
    if t.is_any() {
        let any = algebra::Ty::any();
        return if t.dyn_ {
            any.union(&algebra::Ty::dynamic())
        } else {
            any
        };
    }
    // The `Stringish` alias, folded back so the printer can name it.
    let stringish = Ty::stringish();
    if t.string == Lits::All && t.path && stringish.attrs.iter().all(|r| t.attrs.contains(r)) {
        let mut rest = t.clone();
        rest.string = Lits::None;
        rest.path = false;
        rest.attrs.retain(|r| !stringish.attrs.contains(r));
        return convert(&rest, depth).union(&algebra_stringish());
    }
    let mut parts: Vec<algebra::Ty> = Vec::new();
    if t.null {
        parts.push(algebra::Ty::null());
    }
    match t.bools {
        1 => parts.push(algebra::Ty::bool_lit(false)),
        2 => parts.push(algebra::Ty::bool_lit(true)),
        3 => parts.push(algebra::Ty::bool()),
        _ => {}
    }
    match &t.int {
        Lits::None => {}
        Lits::All => parts.push(algebra::Ty::int()),
        Lits::Only(s) => parts.push(algebra::Ty::int_lits(s.iter().copied())),
        Lits::Except(s) => {
            parts.push(algebra::Ty::int().diff(&algebra::Ty::int_lits(s.iter().copied())))
        }
    }
    if t.float {
        parts.push(algebra::Ty::float());
    }
    match &t.string {
        Lits::None => {}
        Lits::All => parts.push(algebra::Ty::string()),
        Lits::Only(s) => {
            parts.push(algebra::Ty::union_all(
                s.iter().map(|v| algebra::Ty::string_lit(v)),
            ));
        }
        Lits::Except(s) => parts.push(algebra::Ty::string().diff(&algebra::Ty::union_all(
            s.iter().map(|v| algebra::Ty::string_lit(v)),
        ))),
    }
    if t.path {
        parts.push(algebra::Ty::path());
    }
    if let Some(e) = &t.list {
        parts.push(algebra::Ty::list_of(convert(e, depth + 1)));
    }
    for r in &t.attrs {
        let mut b = algebra::RecordBuilder::new();
        for (name, f) in r.fields.iter() {
            let ft = convert(&f.ty, depth + 1);
            b = if f.optional {
                b.optional(name, ft)
            } else {
                b.field(name, ft)
            };
        }
        b = match &r.rest {
            None => b.closed(),
            Some(rest) if rest.is_dyn() || rest.is_any() => b.open(),
            Some(rest) => b.rest(convert(rest, depth + 1)),
        };
        parts.push(b.build());
    }
    for f in &t.funs {
        let arrows = f.arrows.iter().map(|(d, c)| {
            if d.is_never() && (c.is_dyn() || c.is_any()) {
                algebra::Ty::fun()
            } else {
                algebra::Ty::arrow(convert(d, depth + 1), convert(c, depth + 1))
            }
        });
        parts.push(algebra::Ty::inter_all(arrows));
    }
    if t.dyn_ {
        parts.push(algebra::Ty::dynamic());
    }
    algebra::Ty::union_all(parts)
}

/// Displays with the algebra's printer: the annotation syntax of types.md, a lone literal of
/// its kind widened (`1 | "a"` → `Int | String`; `"a" | "b"` and booleans stay), folded
/// with `…` past `max_width` characters (0: unlimited).
///
/// Costs in proportion to what is shown, not to the size of the type: a record with more than
/// `max_width` fields never fits, so the printer folds it to its first few fields and `…`;
/// only `max_width + 1` fields of every record are converted (the 20 000-field set of an
/// `all-packages.nix` took ~200 ms to print whole).
pub fn display(t: &Ty, max_width: usize) -> String {
    if max_width == 0 || max_width == usize::MAX {
        return display_whole(t, max_width);
    }
    display_whole(&fields_within(t, max_width + 1, 0), max_width)
}

/// A copy of `t` whose records keep at most `keep` fields each (the first by name).
fn fields_within(t: &Ty, keep: usize, depth: u32) -> Ty {
    let mut out = t.clone();
    // Deeper than this the printer has folded long before; the rest is a cheap clone.
    if depth > 16 {
        return out;
    }
    if let Some(elem) = &t.list {
        out.list = Some(Arc::new(fields_within(elem, keep, depth + 1)));
    }
    for record in &mut out.attrs {
        if record.fields.len() > keep {
            let kept = record.fields.iter().take(keep);
            record.fields = Arc::new(kept.map(|(n, f)| (n.clone(), f.clone())).collect());
        }
        for field in Arc::make_mut(&mut record.fields).values_mut() {
            field.ty = fields_within(&field.ty, keep, depth + 1);
        }
    }
    for fun in &mut out.funs {
        for (domain, codomain) in Arc::make_mut(&mut fun.arrows).iter_mut() {
            *domain = fields_within(domain, keep, depth + 1);
            *codomain = fields_within(codomain, keep, depth + 1);
        }
    }
    out
}

/// [`display`] of the whole type.
fn display_whole(t: &Ty, max_width: usize) -> String {
    let options = algebra::DisplayOptions {
        max_width: if max_width == usize::MAX {
            0
        } else {
            max_width
        },
        max_depth: 0,
        widen: true,
    };
    let widened = t.widened();
    let converted = to_algebra(&widened);
    if converted.is_fully_static() {
        return converted.display(&options);
    }
    // Gradual types: the algebra keeps `?` apart from the static part (`(Any -> Int) | (Never
    // -> Any) & ?` for `? -> Int`); inference's own printer writes them as they were inferred,
    // in the same syntax.
    let s = widened.show(super::ty::Show { widen: true });
    if max_width != 0 && max_width != usize::MAX && s.chars().count() > max_width {
        let cut: String = s.chars().take(max_width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        s
    }
}

fn algebra_stringish() -> algebra::Ty {
    static STRINGISH: std::sync::OnceLock<algebra::Ty> = std::sync::OnceLock::new();
    STRINGISH
        .get_or_init(|| algebra::parse_type("Stringish").unwrap_or_else(|_| algebra::Ty::dynamic()))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::super::ty::Rec;
    use super::*;

    fn record(fields: impl IntoIterator<Item = (String, Ty)>) -> Ty {
        let mut rec = Rec::closed();
        for (name, ty) in fields {
            rec.set(&name, ty, false);
        }
        Ty::record(rec)
    }

    /// Dropping what cannot be printed changes nothing in what is printed.
    #[test]
    fn bounded_display_prints_what_the_full_display_prints() {
        let wide = record((0..400).map(|i| (format!("f{i:04}"), Ty::int())));
        let nested = record((0..12).map(|i| (format!("n{i}"), wide.clone())));
        let small = record([
            ("a".to_string(), Ty::string()),
            ("b".to_string(), wide.clone()),
        ]);
        let list = Ty::list(nested.clone());
        let fun = Ty::arrow(wide.clone(), small.clone());
        for ty in [&wide, &nested, &small, &list, &fun, &Ty::int().union(&wide)] {
            for max in [1, 10, 60, 200] {
                assert_eq!(display(ty, max), display_whole(ty, max));
            }
        }
        let tiny = record([("a".to_string(), Ty::int())]);
        assert_eq!(display(&tiny, 200), "{ a: Int }");
    }
}
