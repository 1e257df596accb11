//! The query files shipped in `syntax/tree-sitter/queries`, embedded at compile time, and the
//! capture names they may use.

/// Highlighting (`@keyword`, `@string`, `@variable.builtin`, …).
pub const HIGHLIGHTS: &str = include_str!("../../../syntax/tree-sitter/queries/highlights.scm");
/// Embedded languages (`bash` in phases, `/* lang */ ''…''`).
pub const INJECTIONS: &str = include_str!("../../../syntax/tree-sitter/queries/injections.scm");
/// Scopes and definitions (`@local.*`).
pub const LOCALS: &str = include_str!("../../../syntax/tree-sitter/queries/locals.scm");
/// Foldable regions (`@fold`).
pub const FOLDS: &str = include_str!("../../../syntax/tree-sitter/queries/folds.scm");
/// Indentation (`@indent.*`).
pub const INDENTS: &str = include_str!("../../../syntax/tree-sitter/queries/indents.scm");

/// Every query file with the name editors look it up by (Neovim: `queries/nix/NAME`).
pub const QUERY_FILES: [(&str, &str); 5] = [
    ("highlights.scm", HIGHLIGHTS),
    ("injections.scm", INJECTIONS),
    ("locals.scm", LOCALS),
    ("folds.scm", FOLDS),
    ("indents.scm", INDENTS),
];

/// The standard highlight capture names (tree-sitter's and Neovim's shared vocabulary) that
/// nixty recognizes; `highlights.scm` may only use these.
pub const STANDARD_HIGHLIGHT_CAPTURES: &[&str] = &[
    "attribute",
    "boolean",
    "character",
    "character.special",
    "comment",
    "comment.documentation",
    "constant",
    "constant.builtin",
    "constructor",
    "embedded",
    "function",
    "function.builtin",
    "function.call",
    "function.method",
    "keyword",
    "keyword.conditional",
    "keyword.exception",
    "keyword.function",
    "keyword.import",
    "keyword.operator",
    "keyword.repeat",
    "label",
    "module",
    "number",
    "number.float",
    "operator",
    "property",
    "punctuation",
    "punctuation.bracket",
    "punctuation.delimiter",
    "punctuation.special",
    "string",
    "string.escape",
    "string.regexp",
    "string.special",
    "string.special.path",
    "string.special.symbol",
    "string.special.url",
    "tag",
    "type",
    "type.builtin",
    "variable",
    "variable.builtin",
    "variable.member",
    "variable.parameter",
];

/// Captures with a fixed meaning in the other query files.
pub const STANDARD_INJECTION_CAPTURES: &[&str] = &["injection.content", "injection.language"];
pub const STANDARD_LOCALS_CAPTURES: &[&str] =
    &["local.scope", "local.definition", "local.reference"];
pub const STANDARD_FOLDS_CAPTURES: &[&str] = &["fold"];
pub const STANDARD_INDENTS_CAPTURES: &[&str] = &[
    "indent.begin",
    "indent.end",
    "indent.align",
    "indent.dedent",
    "indent.branch",
    "indent.ignore",
    "indent.auto",
    "indent.zero",
];

/// The query files as `nixty install neovim` writes them: the same, except that `highlights.scm`
/// loses its `(#is-not? local)` predicates, which only tree-sitter-highlight evaluates (Neovim
/// has no handler for `is-not?` and would reject every pattern that carries one).
pub fn neovim_query_files() -> Vec<(&'static str, String)> {
    QUERY_FILES
        .iter()
        .map(|&(name, contents)| {
            let contents = if name == "highlights.scm" {
                contents
                    .lines()
                    .map(|line| line.replace("(#is-not? local)", ""))
                    .filter(|line| !line.trim().is_empty() || line.is_empty())
                    .map(|line| line.trim_end().to_string() + "\n")
                    .collect()
            } else {
                contents.to_string()
            };
            (name, contents)
        })
        .collect()
}
