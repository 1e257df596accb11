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
    Some((range, infer::display(&ty, max_len)))
}

/// The type of the name (definition or reference) at `range`.
pub(crate) fn type_of_name_range(
    db: &Db,
    file: FileId,
    range: TextRange,
    max_len: usize,
) -> Option<String> {
    let inference = db.workspace.inference(file)?;
    let ty = match inference.name_type(range) {
        Some(ty) => ty,
        None => {
            let (at, ty) = inference.type_of_range(range)?;
            if at != range {
                return None;
            }
            ty
        }
    };
    Some(infer::display(&ty, max_len))
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
                let shown = infer::display(&ty, 60);
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
        .map(|(name, ty, optional)| (name, infer::display(&ty, 60), optional))
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
    infer::callee_type(&inference, range).map(|t| infer::display(&t, max_len))
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
        .map(|n| (n.range, n.kind, infer::display(&n.ty, max_len)))
        .collect()
}

/// Type diagnostics of a file (`type-…` codes).
pub(crate) fn type_diagnostics(db: &Db, file: FileId) -> Vec<nixty_check::Diagnostic> {
    db.workspace
        .inference(file)
        .map(|i| i.diagnostics.clone())
        .unwrap_or_default()
}
