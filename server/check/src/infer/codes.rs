//! The type diagnostic codes (`type-…`) inference emits, as data: for documentation and for
//! validating configuration keys. Severity is decided per diagnostic: an error only where the
//! code surely fails when it runs; the default below is the most severe one it can have.

use crate::Severity;

pub const ANNOTATION_SYNTAX: &str = "type-annotation-syntax";
pub const ANNOTATION_VIOLATED: &str = "type-annotation-violated";
pub const ARGUMENT: &str = "type-argument";
pub const INTERPOLATION: &str = "type-interpolation";
pub const MAYBE_NULL: &str = "type-maybe-null";
pub const MISMATCH: &str = "type-mismatch";
pub const MISSING_ATTRIBUTE: &str = "type-missing-attribute";
pub const NOT_A_FUNCTION: &str = "type-not-a-function";
pub const UNREACHABLE_BRANCH: &str = "type-unreachable-branch";

/// `(code, most severe severity, description)`, in documentation order.
pub const TYPE_CODES: &[(&str, Severity, &str)] = &[
    (ANNOTATION_SYNTAX, Severity::Error, "A `/*: T */` annotation that is not a type in nixty's type syntax."),
    (ANNOTATION_VIOLATED, Severity::Error, "A value, default or function result outside its annotated type (a possibly-null value: warning)."),
    (ARGUMENT, Severity::Error, "A function argument outside the function's domain (builtin, annotation, pattern, or what the body surely needs); names a missing or unexpected field."),
    (INTERPOLATION, Severity::Error, "`${…}` of a value Nix cannot put in a string (numbers, booleans, lists, functions, sets without `outPath`/`__toString`)."),
    (MAYBE_NULL, Severity::Warning, "A possibly-null value used where null fails (arithmetic, interpolation, selection, call)."),
    (MISMATCH, Severity::Error, "An operand of the wrong kind (`1 + \"a\"`, `!1`, `[] // {}`), or a function returning the wrong type where it is passed."),
    (MISSING_ATTRIBUTE, Severity::Error, "`e.a` where `e` surely has no attribute `a` (or is not a set)."),
    (NOT_A_FUNCTION, Severity::Error, "A value that is surely not a function, applied to an argument."),
    (UNREACHABLE_BRANCH, Severity::Warning, "A branch that never runs because an annotated variable is compared with a literal it cannot be (a typo?)."),
];
