//! Every diagnostic code nixty's analysis core emits, with its default severity and a one-line
//! description, as data: for documentation, for validating configuration keys, and so that a
//! code is never spelled twice.

use crate::Severity;

/// A diagnostic code of the analysis core (type diagnostics, `type-…`, live in `infer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    SyntaxError,
    NestedTooDeeply,
    UndefinedVariable,
    DuplicateAttribute,
    DuplicateParameter,
    DynamicAttributeForbidden,
    UnusedLetBinding,
    UnusedPatternField,
    UnusedLambdaParameter,
    UnusedWith,
    UnnecessaryRec,
    EmptyInherit,
    DeprecatedUrlLiteral,
    DeprecatedLetSyntax,
    OrAsIdentifier,
}

/// Extra meaning an editor can show (greyed out, struck through).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagnosticTag {
    /// Code that can be removed (unused binding, unnecessary `rec`).
    Unnecessary,
    /// Syntax that still works but should be replaced.
    Deprecated,
}

/// Static facts about one [`Code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: Code,
    /// The stable kebab-case name used in output and configuration.
    pub name: &'static str,
    pub default_severity: Severity,
    pub tag: Option<DiagnosticTag>,
    /// One line for documentation.
    pub description: &'static str,
}

use DiagnosticTag::{Deprecated, Unnecessary};
use Severity::{Error, Hint, Warning};

/// All codes, in documentation order.
pub const ALL_CODES: &[CodeInfo] = &[
    info(Code::SyntaxError, "syntax-error", Error, None, "The file is not valid Nix syntax (Nix refuses to parse it)."),
    info(Code::NestedTooDeeply, "nested-too-deeply", Warning, None, "Expressions nested deeper than nixty analyzes (about 1000 levels); the inner code is not checked."),
    info(Code::UndefinedVariable, "undefined-variable", Error, None, "A variable that is not defined by any enclosing let, rec set, function or builtin, with no `with` that could provide it."),
    info(Code::DuplicateAttribute, "duplicate-attribute", Error, None, "An attribute or let binding defined twice (also across `a.b = …; a = { b = …; };`)."),
    info(Code::DuplicateParameter, "duplicate-parameter", Error, None, "A function pattern that names the same parameter twice (or a field with the `@` alias' name)."),
    info(Code::DynamicAttributeForbidden, "dynamic-attribute-forbidden", Error, None, "A dynamic attribute `${…}` where Nix forbids it: in `let` and in `inherit`."),
    info(Code::UnusedLetBinding, "unused-let-binding", Warning, Some(Unnecessary), "A `let` binding that nothing uses (names starting with `_` are exempt)."),
    info(Code::UnusedPatternField, "unused-pattern-field", Warning, Some(Unnecessary), "A field of a function's `{ … }` pattern that the body never uses (a hint when an `@` alias could still reach it)."),
    info(Code::UnusedLambdaParameter, "unused-lambda-parameter", Hint, Some(Unnecessary), "A parameter `x: …` that the body never uses; a hint, since curried interfaces (`final: prev: …`) often need it."),
    info(Code::UnusedWith, "unused-with", Warning, Some(Unnecessary), "A `with e;` from which no variable can come: every name in its body is bound lexically."),
    info(Code::UnnecessaryRec, "unnecessary-rec", Warning, Some(Unnecessary), "A `rec { … }` set whose attributes never refer to each other."),
    info(Code::EmptyInherit, "empty-inherit", Warning, Some(Unnecessary), "An `inherit;` or `inherit (e);` that names no attribute."),
    info(Code::DeprecatedUrlLiteral, "deprecated-url-literal", Warning, Some(Deprecated), "An unquoted URL literal (RFC 45 deprecated them); quote it as a string."),
    info(Code::DeprecatedLetSyntax, "deprecated-let-syntax", Warning, Some(Deprecated), "The old `let { …; body = …; }` form; use `let … in …`."),
    info(Code::OrAsIdentifier, "or-as-identifier", Warning, None, "The keyword `or` used as a variable (`f x or y`), which Nix parses surprisingly."),
];

const fn info(
    code: Code,
    name: &'static str,
    default_severity: Severity,
    tag: Option<DiagnosticTag>,
    description: &'static str,
) -> CodeInfo {
    CodeInfo {
        code,
        name,
        default_severity,
        tag,
        description,
    }
}

impl Code {
    /// The facts about this code.
    pub fn info(self) -> &'static CodeInfo {
        ALL_CODES
            .iter()
            .find(|i| i.code == self)
            .expect("every code is in ALL_CODES")
    }

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Looks a code up by its kebab-case name.
    pub fn from_name(name: &str) -> Option<Code> {
        ALL_CODES.iter().find(|i| i.name == name).map(|i| i.code)
    }
}
