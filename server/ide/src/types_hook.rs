//! Where type inference (`nixty_check::infer`, cached per file by the workspace) plugs into
//! the features: hover types, inlay hints, record fields after `.`, signature types, type
//! diagnostics.

use nixty_check::infer;
use nixty_parse::{TextRange, TextSize};

use crate::{Db, FileId};

/// The type of the innermost expression at `offset`: its range and type text.
pub(crate) fn type_at(
    db: &Db,
    file: FileId,
    offset: TextSize,
    max_len: usize,
) -> Option<(TextRange, String)> {
    let inference = db.workspace.inference(file)?;
    let (range, ty) = inference.type_at(offset)?;
    Some((range, display(&ty, max_len)))
}

/// [`infer::display`] that costs in proportion to what is shown, not to the size of the type.
///
/// `infer::display` converts the whole type before folding it at `max_len` characters: for the
/// 20 000-field record of an `all-packages.nix`-sized set that is ~200 ms per hover. A record
/// with more than `max_len` fields never fits, so the printer folds it to its first few fields
/// and `…`; keeping `max_len + 1` fields of every record prints the same text. (Remove when
/// check's printer folds as it goes.)
pub(crate) fn display(ty: &infer::Ty, max_len: usize) -> String {
    if max_len == 0 || max_len == usize::MAX {
        return infer::display(ty, max_len);
    }
    infer::display(&fields_within(ty, max_len + 1, 0), max_len)
}

/// A copy of `ty` whose records keep at most `keep` fields each (the first by name).
fn fields_within(ty: &infer::Ty, keep: usize, depth: u32) -> infer::Ty {
    // Deeper than this the printer has folded long before; the rest is a cheap clone.
    const MAX_DEPTH: u32 = 16;
    let mut out = ty.clone();
    if depth > MAX_DEPTH {
        return out;
    }
    if let Some(elem) = &ty.list {
        out.list = Some(std::sync::Arc::new(fields_within(elem, keep, depth + 1)));
    }
    for record in &mut out.attrs {
        let kept = record
            .fields
            .iter()
            .take(keep)
            .map(|(name, field)| {
                let ty = fields_within(&field.ty, keep, depth + 1);
                let optional = field.optional;
                (name.clone(), infer::ty::Field { ty, optional })
            })
            .collect();
        record.fields = std::sync::Arc::new(kept);
    }
    for fun in &mut out.funs {
        for (domain, codomain) in std::sync::Arc::make_mut(&mut fun.arrows).iter_mut() {
            *domain = fields_within(domain, keep, depth + 1);
            *codomain = fields_within(codomain, keep, depth + 1);
        }
    }
    out
}

/// The type of the name (definition or reference) at `range`.
pub(crate) fn type_of_name_range(
    db: &Db,
    file: FileId,
    range: TextRange,
    max_len: usize,
) -> Option<String> {
    let inference = db.workspace.inference(file)?;
    let mut found: Option<infer::Ty> = None;
    for name in inference.names.iter().filter(|n| n.range == range) {
        found = Some(match found {
            None => name.ty.clone(),
            Some(t) => t.union(&name.ty),
        });
    }
    let ty = match found {
        Some(ty) => ty,
        None => {
            let (at, ty) = inference.type_of_range(range)?;
            if at != range {
                return None;
            }
            ty
        }
    };
    Some(display(&ty, max_len))
}

/// The type of a builtin.
pub(crate) fn builtin_type(name: &str, _max_len: usize) -> Option<String> {
    infer::builtin_types::builtin_type(name).map(str::to_string)
}

/// The fields (with their type text) of the record type of the expression at `range`.
pub(crate) fn fields_of_range(
    db: &Db,
    file: FileId,
    range: TextRange,
) -> Option<Vec<(String, Option<String>)>> {
    let inference = db.workspace.inference(file)?;
    let fields = inference.fields_at(range);
    (!fields.is_empty()).then(|| {
        fields
            .into_iter()
            .map(|(name, ty, optional)| {
                let shown = display(&ty, 60);
                (
                    name,
                    Some(if optional {
                        format!("{shown} (optional)")
                    } else {
                        shown
                    }),
                )
            })
            .collect()
    })
}

/// The fields of the record a function at `callee_range` expects: (name, type, optional).
pub(crate) fn expected_fields(
    db: &Db,
    file: FileId,
    callee_range: TextRange,
) -> Vec<(String, String, bool)> {
    let Some(inference) = db.workspace.inference(file) else {
        return Vec::new();
    };
    let Some(record) = infer::expected_record(&inference, callee_range) else {
        return Vec::new();
    };
    infer::fields_of(&record)
        .into_iter()
        .map(|(name, ty, optional)| (name, display(&ty, 60), optional))
        .collect()
}

/// The type of the function at `range` (signature help).
pub(crate) fn callee_type(
    db: &Db,
    file: FileId,
    range: TextRange,
    max_len: usize,
) -> Option<String> {
    let inference = db.workspace.inference(file)?;
    infer::callee_type(&inference, range).map(|t| display(&t, max_len))
}

/// Types of `let` bindings, parameters and pattern fields: (name range, kind, type text).
pub(crate) fn binding_types(
    db: &Db,
    file: FileId,
    max_len: usize,
) -> Vec<(TextRange, infer::NameKind, String)> {
    let Some(inference) = db.workspace.inference(file) else {
        return Vec::new();
    };
    inference
        .binding_types()
        .into_iter()
        .filter(|n| n.annotation.is_none())
        .map(|n| (n.range, n.kind, display(&n.ty, max_len)))
        .collect()
}

/// Type diagnostics of a file (`type-…` codes).
pub(crate) fn type_diagnostics(db: &Db, file: FileId) -> Vec<nixty_check::Diagnostic> {
    db.workspace
        .inference(file)
        .map(|i| i.diagnostics.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use nixty_check::infer::ty::{Rec, Ty};

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
                assert_eq!(display(ty, max), infer::display(ty, max));
            }
        }
        let tiny = record([("a".to_string(), Ty::int())]);
        assert_eq!(display(&tiny, 200), "{ a: Int }");
    }
}
