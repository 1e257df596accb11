//! Building record types.

use crate::bdd::Bdd;
use crate::ty::{Descr, Field, RecordAtom, Ty, MAX_TYPE_DEPTH};
use std::sync::Arc;

/// Builds a record type: `RecordBuilder::new().field("a", Ty::int()).open().build()` is
/// `{ a: Int, .. }`. Records are closed unless `open` or `rest` is called. A later field of the
/// same name replaces an earlier one.
#[derive(Clone, Debug, Default)]
pub struct RecordBuilder {
    fields: Vec<(Arc<str>, Field)>,
    rest: Option<Ty>,
}

impl RecordBuilder {
    pub fn new() -> RecordBuilder {
        RecordBuilder::default()
    }

    /// A field that is surely present (`name: ty`).
    pub fn field(mut self, name: &str, ty: Ty) -> RecordBuilder {
        self.push(
            name,
            Field {
                ty,
                optional: false,
            },
        );
        self
    }

    /// A field that may be absent (`name?: ty`).
    pub fn optional(mut self, name: &str, ty: Ty) -> RecordBuilder {
        self.push(name, Field { ty, optional: true });
        self
    }

    /// Other fields may be present with any type (`..`).
    pub fn open(mut self) -> RecordBuilder {
        self.rest = Some(Ty::any());
        self
    }

    /// Other fields may be present with type `ty` (`_: ty`, a map).
    pub fn rest(mut self, ty: Ty) -> RecordBuilder {
        self.rest = Some(ty);
        self
    }

    /// No other field (the default).
    pub fn closed(mut self) -> RecordBuilder {
        self.rest = None;
        self
    }

    /// Constant time: a replaced field is dropped by `build` (replacing here was quadratic in
    /// the number of fields).
    fn push(&mut self, name: &str, field: Field) {
        self.fields.push((Arc::from(name), field));
    }

    /// Sorts the fields by name, keeping the last one pushed of each name.
    fn sort_last_wins(&mut self) {
        // A stable sort keeps fields of one name in push order: the last of each run wins.
        self.fields.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(Arc<str>, Field)> = Vec::with_capacity(self.fields.len());
        for entry in self.fields.drain(..) {
            match kept.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => kept.push(entry),
            }
        }
        self.fields = kept;
    }

    pub fn build(mut self) -> Ty {
        self.sort_last_wins();
        let too_deep = self
            .fields
            .iter()
            .any(|(_, f)| f.ty.0.depth >= MAX_TYPE_DEPTH)
            || self
                .rest
                .as_ref()
                .is_some_and(|t| t.0.depth >= MAX_TYPE_DEPTH);
        if too_deep {
            return Ty::attrs();
        }
        let gradual = self.fields.iter().any(|(_, f)| !f.ty.is_fully_static())
            || self.rest.as_ref().is_some_and(|t| !t.is_fully_static());
        if gradual {
            // Atoms hold static types only: a record with `?` inside is the interval between
            // its smallest and largest materializations.
            let bound = |upper: bool| {
                let pick = |t: &Ty| if upper { t.upper() } else { t.lower() };
                RecordBuilder {
                    fields: self
                        .fields
                        .iter()
                        .map(|(n, f)| {
                            (
                                n.clone(),
                                Field {
                                    ty: pick(&f.ty),
                                    optional: f.optional,
                                },
                            )
                        })
                        .collect(),
                    rest: self.rest.as_ref().map(pick),
                }
                .build()
            };
            return Ty::interval(&bound(false), &bound(true));
        }
        let atom = RecordAtom {
            fields: self.fields.into(),
            rest: self.rest,
        };
        Ty::from_descr(Descr {
            records: Bdd::atom(atom),
            ..Descr::empty()
        })
    }
}

impl RecordAtom {
    /// One atom containing every given atom: each field's type is the union of its types,
    /// optional unless present in all; other fields allowed if any atom allows them.
    pub(crate) fn join(atoms: &[RecordAtom]) -> RecordAtom {
        let mut names: Vec<Arc<str>> = atoms
            .iter()
            .flat_map(|a| a.fields.iter().map(|(n, _)| n.clone()))
            .collect();
        names.sort();
        names.dedup();
        let rests: Vec<Ty> = atoms.iter().filter_map(|a| a.rest.clone()).collect();
        let rest = (!rests.is_empty()).then(|| Ty::union_all(rests));
        let fields = names
            .into_iter()
            .map(|n| {
                let mut types = Vec::new();
                let mut optional = false;
                for a in atoms {
                    match a.field(&n) {
                        Some(f) => {
                            types.push(f.ty.clone());
                            optional |= f.optional;
                        }
                        None => {
                            optional = true;
                            types.extend(a.rest.clone());
                        }
                    }
                }
                (
                    n,
                    Field {
                        ty: Ty::union_all(types),
                        optional,
                    },
                )
            })
            .collect();
        RecordAtom { fields, rest }
    }

    pub(crate) fn field(&self, name: &str) -> Option<&Field> {
        self.fields
            .binary_search_by(|(n, _)| (**n).cmp(name))
            .ok()
            .map(|i| &self.fields[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Answer;

    #[test]
    fn a_later_field_of_the_same_name_replaces_an_earlier_one() {
        let built = RecordBuilder::new()
            .field("b", Ty::int())
            .field("a", Ty::int())
            .optional("b", Ty::string())
            .field("a", Ty::bool())
            .build();
        let expected = RecordBuilder::new()
            .field("a", Ty::bool())
            .optional("b", Ty::string())
            .build();
        assert_eq!(built.is_equivalent(&expected), Answer::Yes);
        assert_eq!(built.to_string(), expected.to_string());
    }

    #[test]
    fn push_order_does_not_matter() {
        let build = |names: Vec<usize>| {
            let mut builder = RecordBuilder::new();
            for i in names {
                builder = builder.field(&format!("f{i:05}"), Ty::int());
            }
            builder.build()
        };
        let forward = build((0..2_000).collect());
        let backward = build((0..2_000).rev().collect());
        assert_eq!(forward.is_equivalent(&backward), Answer::Yes);
    }
}
