//! nixty-types: the type algebra of nixty. Pure: no syntax trees, no files, no LSP.
//!
//! A [`Ty`] is a set of Nix values (null, booleans, integers, floats, strings, paths, lists,
//! attribute sets, functions), closed under union, intersection and negation, with singleton
//! types, records that are both structs and maps, arrows, recursive types and the gradual type
//! `?`. Subtyping is semantic (`A <: B` iff `A & ~B` is empty) and every query runs on fuel,
//! answering [`Answer::Unknown`] when it runs out (never a reason for a diagnostic).
//!
//! ```
//! use nixty_types::{parse_type, Answer, DisplayOptions, RecordBuilder, Ty};
//! // Build: constructors, the record builder, set operations, or the annotation syntax.
//! let point = RecordBuilder::new().field("x", Ty::int()).optional("y", Ty::int()).build();
//! let f = parse_type("(Int -> String) & (Bool -> Bool)").unwrap();
//! // Query (tri-state answers).
//! assert_eq!(Ty::int().is_subtype(&Ty::number()), Answer::Yes);
//! assert_eq!(Ty::dynamic().is_compatible(&point), Answer::Yes);
//! // Operate.
//! assert_eq!(f.apply(&Ty::bool_lit(true)).to_string(), "Bool");
//! assert_eq!(point.select("x").ty.to_string(), "Int");
//! // Display (parses back to an equivalent type; hovers widen and fold).
//! assert_eq!(point.to_string(), "{ x: Int, y?: Int }");
//! assert_eq!(Ty::int_lit(1).display(&DisplayOptions::hover()), "Int");
//! ```
//!
//! # API map
//!
//! - Construct: [`Ty::any`], [`Ty::never`], [`Ty::dynamic`] (`?`), kind tops ([`Ty::int`],
//!   [`Ty::of_kind`], …), singletons ([`Ty::int_lit`], [`Ty::string_lit`], …),
//!   [`Ty::list_of`], [`RecordBuilder`], [`Ty::arrow`], [`Ty::recursive`], the aliases
//!   ([`Ty::alias`], [`Ty::stringish`], [`Ty::derivation`], [`Ty::number`], [`Ty::attrs`],
//!   [`Ty::list`], [`Ty::fun`]), [`Ty::interval`] (a gradual type from its bounds).
//! - Combine: [`Ty::union`], [`Ty::inter`], [`Ty::neg`], [`Ty::diff`], [`Ty::union_all`],
//!   [`Ty::inter_all`]; occurrence typing refines with `t.inter(&Ty::of_kind(k))`,
//!   `t.diff(&Ty::null())`, `t.inter(&Ty::has_field("a"))`.
//! - Ask: [`Ty::is_empty`], [`Ty::is_subtype`], [`Ty::is_equivalent`], [`Ty::is_compatible`]
//!   (gradual `A <:? B`), [`Ty::is_disjoint`], each with a `_with(fuel)` variant;
//!   structural shortcuts [`Ty::is_never`], [`Ty::is_any`], [`Ty::is_dynamic`],
//!   [`Ty::is_fully_static`], [`Ty::may_be`].
//! - Project: [`Ty::select`] (field type and [`Presence`]), [`Ty::fields`], [`Ty::merge`]
//!   (`//`), [`Ty::with_field`], [`Ty::without_field`], [`Ty::list_element`], [`Ty::apply`],
//!   [`Ty::domain`], [`Ty::arrow_clauses`], [`Ty::string_literals`], [`Ty::lower`] /
//!   [`Ty::upper`] (the gradual bounds ⇓ / ⇑), [`Ty::widen`].
//! - Text: [`parse_type`], [`parse_type_with`] (unknown names resolved by the caller: type
//!   variables of schematic signatures, lower-case doc-comment names), `Display`,
//!   [`Ty::display`] with [`DisplayOptions`].
//!
//! There are no type variables in the algebra: schematic builtin types are instantiated by
//! the caller, e.g. by parsing the signature text with [`parse_type_with`] and a resolver that
//! maps each variable to its instance.
//!
//! # Representation (see ARCHITECTURE.md)
//!
//! A type is an `Arc` node holding `stat | (dynamic & ?)`: the interval of materializations
//! `[stat, stat | dynamic]`. Each part is a union over the kinds of values: flags for null and
//! the booleans, finite or cofinite literal sets for int, float, string and path, and BDDs over
//! constructor atoms for lists, records and functions. Atoms hold only static types (a
//! constructor given a gradual argument builds the interval instead), so the bounds ⇓/⇑ are
//! read off directly. Recursive types are `Rec` nodes whose body is set once.

mod alias;
mod bdd;
mod display;
mod gradual;
mod lit;
mod ops;
mod parse;
mod query;
mod record;
mod ty;

pub use alias::ALIAS_NAMES;
pub use display::DisplayOptions;
pub use ops::{FieldInfo, Kind, Presence};
pub use parse::{parse_type, parse_type_with, TypeParseError};
pub use query::{Answer, DEFAULT_FUEL};
pub use record::RecordBuilder;
pub use ty::Ty;
