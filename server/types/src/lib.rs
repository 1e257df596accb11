//! nixty-types: the type algebra of nixty. Pure: no syntax trees, no files, no LSP.
//!
//! A [`Ty`] is a set of Nix values (null, booleans, integers, floats, strings, paths, lists,
//! attribute sets, functions), closed under union, intersection and negation, with singleton
//! types, records that are both structs and maps, arrows, recursive types and the gradual type
//! `?`. Subtyping is semantic (`A <: B` iff `A & ~B` is empty) and every query runs on fuel,
//! answering [`Answer::Unknown`] when it runs out.
//!
//! ```
//! use nixty_types::{parse_type, Answer, Ty};
//! let f = parse_type("(Int -> String) & (Bool -> Bool)").unwrap();
//! assert_eq!(f.apply(&Ty::bool_lit(true)).to_string(), "Bool");
//! assert_eq!(Ty::int().is_subtype(&Ty::number()), Answer::Yes);
//! ```

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
