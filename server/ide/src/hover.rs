//! Hover: what the name at the cursor is (let binding, parameter, pattern field, attribute,
//! builtin, `with`-provided, inherited), where it is defined, its doc comment, builtin docs,
//! and its type (from inference, through `types_hook`).

use crate::syntax_util::one_line_excerpt;
use nixty_check::ir::{Expr, NameKind};
use nixty_parse::TextRange;

use crate::goto_definition::{definition_node, inherited_source};
use crate::semantics::{classify, name_def_node, Classified, Def, Site};
use crate::syntax_util::doc_comment;
use crate::{types_hook, Db, FileId, FilePosition, FileRange};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverConfig {
    /// Types longer than this are folded with `…`.
    pub max_type_len: usize,
}

impl Default for HoverConfig {
    fn default() -> Self {
        HoverConfig { max_type_len: 200 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    /// The range the hover is about (the name under the cursor).
    pub range: TextRange,
    /// The hover text as Markdown: a `nix` code block with the kind, name and type, then the
    /// docs and where the name is defined.
    pub markdown: String,
    /// The parts, for clients that render their own.
    pub name: Option<String>,
    /// `let binding`, `parameter`, `pattern field`, `attribute`, `builtin`, `with`, …
    pub kind: Option<String>,
    pub type_text: Option<String>,
    pub doc: Option<String>,
    pub definition: Option<FileRange>,
}

pub(crate) fn hover(db: &Db, position: FilePosition) -> Option<HoverResult> {
    let max = db.config.hover.max_type_len;
    let Some(classified) = classify(db, position) else {
        if !shows_expression_type(db, position) {
            return None;
        }
        // Not a name: the type of the innermost expression, if inference knows it.
        let (range, type_text) = types_hook::type_at(db, position.file, position.offset, max)?;
        return Some(render(HoverResult {
            range,
            markdown: String::new(),
            name: None,
            kind: None,
            type_text: Some(type_text),
            doc: None,
            definition: None,
        }));
    };
    let type_text = types_hook::type_of_name_range(db, position.file, classified.range, max);
    let mut result = HoverResult {
        range: classified.range,
        markdown: String::new(),
        name: Some(classified.text.clone()),
        kind: None,
        type_text,
        doc: None,
        definition: None,
    };
    match &classified.def {
        Some(Def::Name { file, name }) => describe_name(db, &classified, *file, *name, &mut result),
        Some(Def::Builtin(name)) => {
            result.kind = Some("builtin".into());
            result.name = Some(format!("builtins.{name}"));
            result.doc = crate::builtin_docs::doc(name);
            // The builtin's schematic signature reads better than its instance here.
            if let Some(signature) = types_hook::builtin_type(name, max) {
                result.type_text = Some(signature);
            }
        }
        Some(Def::With { file, withs, .. }) => {
            result.kind = Some("from `with`".into());
            let analysis = db.file(*file)?;
            let sources: Vec<String> = withs
                .iter()
                .filter_map(|w| match &analysis.core.module()[*w] {
                    Expr::With { env, .. } => {
                        let range = analysis.core.expr_range(*env);
                        Some(format!(
                            "`with {};`",
                            one_line_excerpt(&analysis.core.text()[range], 40)
                        ))
                    }
                    _ => None,
                })
                .collect();
            result.doc = Some(format!(
                "Not bound by any `let`, parameter or `rec`: provided at run time by {}.",
                join_or(&sources)
            ));
        }
        Some(Def::Unresolved { .. }) => {
            result.kind = Some("undefined variable".into());
            result.doc = Some(
                "No `let`, function parameter, `rec` attribute, builtin or `with` defines this name: evaluating it fails.".into(),
            );
        }
        Some(Def::File(path)) => {
            result.kind = Some("path".into());
            result.name = Some(path.display().to_string());
            let exists = db.workspace.is_known_file(path);
            result.doc = Some(if exists {
                format!("`{}`", path.display())
            } else {
                format!("`{}` (does not exist)", path.display())
            });
        }
        None => {
            result.kind = Some("attribute".into());
        }
    }
    Some(render(result))
}

/// Whether the token at the cursor belongs to an expression whose type is worth showing.
/// Whitespace, comments and the parts of bindings (`inherit`, `=`, `;`, the parentheses of
/// `inherit (…)`) are not: their innermost expression is the whole enclosing set, whose type
/// says nothing about the cursor and, for an `all-packages.nix`-sized set, takes hundreds of
/// milliseconds to print.
fn shows_expression_type(db: &Db, position: FilePosition) -> bool {
    use nixty_parse::SyntaxKind::*;
    let Some(file) = db.file(position.file) else {
        return false;
    };
    let Some(token) = crate::syntax_util::token_at(&file.core.syntax(), position.offset) else {
        return false;
    };
    if matches!(token.kind(), TOKEN_WHITESPACE | TOKEN_COMMENT) {
        return false;
    }
    !token.parent().is_some_and(|parent| {
        matches!(
            parent.kind(),
            NODE_INHERIT | NODE_INHERIT_FROM | NODE_ATTRPATH_VALUE | NODE_ATTRPATH
        )
    })
}

fn describe_name(
    db: &Db,
    classified: &Classified,
    file: FileId,
    name: nixty_check::ir::NameId,
    result: &mut HoverResult,
) {
    let Some(analysis) = db.file(file) else {
        return;
    };
    let kind = analysis.core.module()[name].kind;
    let inherited = analysis
        .bindings
        .get(&name)
        .is_some_and(|(_, v)| !matches!(v, nixty_check::ir::BindingValue::Expr(_)));
    result.kind = Some(
        match kind {
            NameKind::LetIn if inherited => "inherited let binding",
            NameKind::LetIn => "let binding",
            NameKind::RecAttr | NameKind::PlainAttr if inherited => "inherited attribute",
            NameKind::RecAttr | NameKind::PlainAttr => "attribute",
            NameKind::Param => "parameter",
            NameKind::PatField => "pattern field",
            NameKind::PatAlias => "pattern alias",
        }
        .to_string(),
    );
    // Docs: the doc comment at the definition; for `inherit (e) x`, at `e`'s `x`.
    let (doc_file, doc_name) = inherited_source(db, file, name).unwrap_or((file, name));
    if let Some(doc_analysis) = db.file(doc_file) {
        if let Some(node) = name_def_node(&doc_analysis, doc_name) {
            result.doc = doc_comment(&definition_node(&node));
        }
    }
    // `{ b ? default }`: show the default.
    if kind == NameKind::PatField {
        let default = name_def_node(&analysis, name)
            .map(|n| definition_node(&n))
            .filter(|entry| entry.kind() == nixty_parse::SyntaxKind::NODE_PAT_ENTRY)
            .and_then(|entry| entry.children().nth(1));
        if let Some(default) = default {
            let line = format!(
                "Default: `{}`",
                one_line_excerpt(&default.text().to_string(), 40)
            );
            result.doc = Some(match result.doc.take() {
                Some(doc) => format!("{doc}\n\n{line}"),
                None => line,
            });
        }
    }
    let range = analysis.core.source_map().name_range(name);
    result.definition = Some(FileRange { file, range });
    if file != classified_file(classified) {
        if let Some(path) = db.workspace.path(file) {
            let line = analysis.line_index.line_col(range.start()).line + 1;
            let place = format!("Defined in `{}`, line {line}.", path.display());
            result.doc = Some(match result.doc.take() {
                Some(doc) => format!("{doc}\n\n{place}"),
                None => place,
            });
        }
    }
    if classified.site != Site::Definition && result.type_text.is_none() {
        result.type_text =
            types_hook::type_of_name_range(db, file, range, db.config.hover.max_type_len);
    }
}

fn classified_file(classified: &Classified) -> FileId {
    classified.file
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => "a `with`".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

fn render(mut result: HoverResult) -> HoverResult {
    let mut head = String::new();
    if let Some(kind) = &result.kind {
        head.push_str(&format!("({kind}) "));
    }
    if let Some(name) = &result.name {
        head.push_str(name);
    }
    if let Some(ty) = &result.type_text {
        if result.name.is_some() {
            head.push_str(": ");
        }
        head.push_str(ty);
    }
    let mut markdown = format!("```nix\n{}\n```", head.trim_end());
    if let Some(doc) = &result.doc {
        markdown.push_str("\n\n");
        markdown.push_str(doc);
    }
    result.markdown = markdown;
    result
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    fn check(text: &str, expect: expect_test::Expect) {
        let fixture = Fixture::new(text);
        let out = match fixture.analysis.hover(fixture.position()) {
            Some(h) => format!(
                "{:?} def={:?}\n{}\n",
                h.range,
                h.definition.map(|d| fixture.describe(d)),
                h.markdown
            ),
            None => "none\n".to_string(),
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn names_with_docs() {
        check(
            "let\n  /** Adds one. */\n  inc = x: x + 1;\nin inc$0 2",
            expect![[r#"
                44..47 def=Some("/main.nix 25..28 \"inc\"")
                ```nix
                (let binding) inc: Number -> Number
                ```

                Adds one.
            "#]],
        );
        check(
            "rec {\n  # The answer.\n  answer = 42;\n  q = answer$0;\n}",
            expect![[r#"
                43..49 def=Some("/main.nix 24..30 \"answer\"")
                ```nix
                (attribute) answer: Int
                ```

                The answer.
            "#]],
        );
        check(
            "{ a ? 1 }: a$0",
            expect![[r#"
                11..12 def=Some("/main.nix 2..3 \"a\"")
                ```nix
                (pattern field) a: Int | ?
                ```

                Default: `1`
            "#]],
        );
        check(
            "x: x$0",
            expect![[r#"
                3..4 def=Some("/main.nix 0..1 \"x\"")
                ```nix
                (parameter) x: ?
                ```
            "#]],
        );
        check(
            "args@{ ... }: args$0",
            expect![[r#"
                14..18 def=Some("/main.nix 0..4 \"args\"")
                ```nix
                (pattern alias) args: { .. }
                ```
            "#]],
        );
    }

    #[test]
    fn builtins_with_and_undefined() {
        check(
            "map$0 (x: x) [ ]",
            expect![[r#"
                0..3 def=None
                ```nix
                (builtin) builtins.map: (a -> b) -> [a] -> [b]
                ```

                Applies a function to every element of a list. (2 arguments)
            "#]],
        );
        check(
            "builtins.toStr$0ing 1",
            expect![[r#"
                9..17 def=None
                ```nix
                (builtin) builtins.toString: Any -> String
                ```

                Converts a value to a string (paths, numbers, lists, sets with `__toString`). (1 argument)
            "#]],
        );
        check(
            "{ pkgs }: with pkgs; hello$0",
            expect![[r#"
                21..26 def=None
                ```nix
                (from `with`) hello: ?
                ```

                Not bound by any `let`, parameter or `rec`: provided at run time by `with pkgs;`.
            "#]],
        );
        check(
            "nope$0",
            expect![[r#"
                0..4 def=None
                ```nix
                (undefined variable) nope: ?
                ```

                No `let`, function parameter, `rec` attribute, builtin or `with` defines this name: evaluating it fails.
            "#]],
        );
    }

    #[test]
    fn the_set_of_an_inherit_from_is_a_reference() {
        check(
            "{ pkgs }: with pkgs; { inherit (xPack$0ages) a; }",
            expect![[r#"
                32..41 def=None
                ```nix
                (from `with`) xPackages: ?
                ```

                Not bound by any `let`, parameter or `rec`: provided at run time by `with pkgs;`.
            "#]],
        );
    }

    /// The innermost expression around these is the whole set: its type says nothing about
    /// the cursor (and is slow to print for a huge set).
    #[test]
    fn no_type_for_binding_syntax_whitespace_and_comments() {
        for text in [
            "{ inh$0erit ({ a = 1; }) a; }",
            "{ inherit $0({ a = 1; }) a; }",
            "{ a =$0 1; }",
            "{ a = 1;$0 }",
            "{ a = 1; $0 b = 2; }",
            "{ a = 1; # no$0te\n }",
        ] {
            let fixture = crate::fixture::Fixture::new(text);
            assert_eq!(fixture.analysis.hover(fixture.position()), None, "{text}");
        }
        // An expression's own tokens still show its type.
        check(
            "{ a = [$0 1 ]; }",
            expect![[r#"
                6..11 def=None
                ```nix
                [Int]
                ```
            "#]],
        );
    }

    #[test]
    fn attributes_of_other_files() {
        check(
            "//- /p/lib.nix\n{\n  /** The version. */\n  version = \"1.0\";\n}\n//- /p/main.nix\n(import ./lib.nix).vers$0ion",
            expect![[r#"
                19..26 def=Some("/p/lib.nix 26..33 \"version\"")
                ```nix
                (attribute) version: String
                ```

                The version.

                Defined in `/p/lib.nix`, line 3.
            "#]],
        );
    }

    #[test]
    fn inherited_docs_come_from_the_source() {
        check(
            "//- /lib.nix\n{\n  # Says hi.\n  greet = n: \"hi ${n}\";\n}\n//- /main.nix\nlet inherit (import ./lib.nix) greet$0; in greet",
            expect![[r#"
                31..36 def=Some("/main.nix 31..36 \"greet\"")
                ```nix
                (inherited let binding) greet: Stringish -> String
                ```

                Says hi.
            "#]],
        );
    }
}

#[cfg(test)]
mod broken_code_tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    fn markdown(text: &str) -> String {
        let fixture = Fixture::new(text);
        let hover = fixture.analysis.hover(fixture.position());
        hover.map_or("no hover".into(), |h| {
            format!("{:?}\n{}", h.range, h.markdown)
        })
    }

    /// rnix's recovery after `b = ;` swallows `in greeting` into an error node: the name is
    /// still a variable of the `let`.
    #[test]
    fn name_after_a_syntax_error_in_the_line_above() {
        expect![[r#"
            34..42
            ```nix
            (let binding) greeting: String
            ```"#]]
        .assert_eq(&markdown(
            "let\n  greeting = \"hi\";\n  b = ;\nin greet$0ing",
        ));
        expect![[r#"
            6..14
            ```nix
            (let binding) greeting: String
            ```"#]]
        .assert_eq(&markdown(
            "let\n  greet$0ing = \"hi\";\n  b = ;\nin greeting",
        ));
    }
}
