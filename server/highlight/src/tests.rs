use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::*;

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../syntax/tree-sitter/test")
}

fn sample_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(sample_dir())
        .expect("syntax/tree-sitter/test exists")
        .map(|entry| entry.expect("readable directory").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "nix"))
        .collect();
    files.sort();
    files
}

#[test]
fn golden_samples_highlight_as_their_assertions_say() {
    let files = sample_files();
    assert!(files.len() >= 4, "sample files missing: {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let spans = highlight(&source).unwrap();
        if let Err(messages) = assertions::check(&source, &spans) {
            for message in messages {
                failures.push(format!("{}: {message}", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn query_captures(language: tree_sitter::Language, source: &str) -> Vec<String> {
    let query = tree_sitter::Query::new(&language, source)
        .unwrap_or_else(|e| panic!("query does not compile against the grammar: {e}"));
    query
        .capture_names()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn every_query_compiles_and_uses_standard_captures() {
    let nix: tree_sitter::Language = tree_sitter_nix::LANGUAGE.into();
    for (file, source) in queries::QUERY_FILES {
        let allowed: &[&str] = match file {
            "highlights.scm" => queries::STANDARD_HIGHLIGHT_CAPTURES,
            "injections.scm" => queries::STANDARD_INJECTION_CAPTURES,
            "locals.scm" => queries::STANDARD_LOCALS_CAPTURES,
            "folds.scm" => queries::STANDARD_FOLDS_CAPTURES,
            "indents.scm" => queries::STANDARD_INDENTS_CAPTURES,
            other => panic!("unexpected query file {other}"),
        };
        let captures = query_captures(nix.clone(), source);
        assert!(!captures.is_empty(), "{file} captures nothing");
        for capture in captures {
            // `@_name` captures are private to predicates.
            assert!(
                capture.starts_with('_') || allowed.contains(&capture.as_str()),
                "{file}: @{capture} is not a standard capture name (allowed: {allowed:?})"
            );
        }
    }
}

#[test]
fn the_highlighter_uses_every_capture_of_highlights_scm() {
    // A capture the highlighter is not configured for would silently highlight nothing.
    let captures = query_captures(tree_sitter_nix::LANGUAGE.into(), queries::HIGHLIGHTS);
    let configured: HashSet<&str> = queries::STANDARD_HIGHLIGHT_CAPTURES
        .iter()
        .copied()
        .collect();
    for capture in captures.iter().filter(|c| !c.starts_with('_')) {
        assert!(configured.contains(capture.as_str()), "@{capture}");
    }
}

#[test]
fn spans_nest_and_stay_inside_the_source() {
    let source = "{ a = \"x${ { b = ''y''; }.b }\"; c = ./p/${q}; }";
    let spans = highlight(source).unwrap();
    let mut open: Vec<std::ops::Range<usize>> = Vec::new();
    for span in &spans {
        assert!(span.range.end <= source.len());
        while open
            .last()
            .is_some_and(|outer| outer.end <= span.range.start)
        {
            open.pop();
        }
        if let Some(outer) = open.last() {
            assert!(
                outer.start <= span.range.start && span.range.end <= outer.end,
                "{span:?} crosses {outer:?}"
            );
        }
        open.push(span.range.clone());
    }
}

#[test]
fn assertion_checker_reports_wrong_and_misplaced_assertions() {
    let source = "x = true;\n#   ^^^^ constant.builtin\n#   ^ string\n#              ^ keyword\n";
    let spans = highlight(source).unwrap();
    let failures = assertions::check(source, &spans).unwrap_err();
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(
        failures[0].contains("expected string, got constant.builtin"),
        "{failures:?}"
    );
    assert!(
        failures[1].contains("past the end of line 1"),
        "{failures:?}"
    );
    assert_eq!(
        assertions::check("x\n", &[]).unwrap_err().len(),
        1,
        "no assertions is an error"
    );
    let good = "[ x null ]\n# ^ variable\n#   ^^^^ constant.builtin\n";
    assert_eq!(assertions::check(good, &highlight(good).unwrap()), Ok(2));
}

#[test]
fn comment_names_the_injected_language() {
    use tree_sitter::StreamingIterator;
    let source = "{ a = /* lua */ ''print(1)''; b = /*python*/ ''x = 1''; }";
    let language: tree_sitter::Language = tree_sitter_nix::LANGUAGE.into();
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&language).unwrap();
    let tree = parser.parse(source, None).unwrap();
    let query = tree_sitter::Query::new(&language, queries::INJECTIONS).unwrap();
    let language_index = query.capture_index_for_name("injection.language").unwrap();
    let content_index = query.capture_index_for_name("injection.content").unwrap();
    let mut cursor = tree_sitter::QueryCursor::new();
    let mut matches = cursor.matches(&query, tree.root_node(), source.as_bytes());
    let mut found = Vec::new();
    while let Some(m) = matches.next() {
        let text = |index| {
            m.captures()
                .iter()
                .find(|c| c.index == index)
                .map(|c| &source[c.node.byte_range()])
        };
        found.push((
            text(language_index).map(driver::injected_language),
            text(content_index),
        ));
    }
    assert_eq!(
        found,
        [
            (Some("lua".to_string()), Some("print(1)")),
            (Some("python".to_string()), Some("x = 1"))
        ]
    );
}

#[test]
fn html_escapes_text_and_names_the_capture() {
    let source = "a < b && \"<&>\"";
    let html = render::to_html(source, &highlight(source).unwrap());
    expect_test::expect![[r#"<span class="variable">a</span> <span class="operator">&lt;</span> <span class="variable">b</span> <span class="operator">&amp;&amp;</span> <span class="string">&quot;&lt;&amp;&gt;&quot;</span>"#]]
    .assert_eq(&html);
}

#[test]
fn ansi_colours_tokens_and_resets_at_line_ends() {
    let source = "if x then ''\n  a\n'' else builtins.map";
    let ansi = render::to_ansi(source, &highlight(source).unwrap());
    expect_test::expect![[r#"
        [1;33mif[0m x [1;33mthen[0m [32m''[0m
        [32m  a[0m
        [32m''[0m [1;33melse[0m [36mbuiltins[0m.[1;36mmap[0m"#]]
    .assert_eq(&ansi.replace('\x1b', ""));
}

#[test]
fn broken_and_hostile_input_does_not_panic() {
    let deep_parens = format!("{}x{}", "(".repeat(9_000), ")".repeat(9_000));
    let deep_lists = "[".repeat(2_000);
    let deep_strings = "\"${".repeat(2_000);
    for source in [
        "",
        "{",
        "''",
        "\"${",
        "let in in in",
        "/* unterminated",
        "\u{feff}{ a = \"é\u{1F600}\"; }",
        deep_parens.as_str(),
        deep_lists.as_str(),
        deep_strings.as_str(),
    ] {
        let spans = highlight(source).unwrap();
        render::to_html(source, &spans);
        render::to_ansi(source, &spans);
        assert!(spans.iter().all(|s| s.range.end <= source.len()));
    }
}

#[test]
fn nesting_beyond_the_limit_is_refused_with_a_reason() {
    for source in [
        format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000)),
        "[".repeat(100_000),
        "\"${".repeat(20_000),
    ] {
        let error = highlight(&source).unwrap_err().to_string();
        assert!(error.contains("levels deep"), "{error}");
    }
}

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "nix") {
                files.push(path);
            }
        }
    }
    assert!(
        files.len() > 100,
        "the corpus at {} is missing",
        root.display()
    );
    files.sort();
    files
}

/// Node kinds a string or comment highlight may lie in.
const LITERAL_KINDS: &[&str] = &[
    "string_expression",
    "indented_string_expression",
    "comment",
    "path_expression",
    "hpath_expression",
    "spath_expression",
    "uri_expression",
];

fn is_literal_capture(capture: &str) -> bool {
    capture.starts_with("string") || capture == "comment"
}

/// The string/comment spans that do not lie inside one string, comment, path or URL node.
fn spans_outside_literals<'a>(
    tree: &tree_sitter::Tree,
    spans: &'a [HighlightSpan],
) -> Vec<&'a HighlightSpan> {
    spans
        .iter()
        .filter(|span| is_literal_capture(span.capture))
        .filter(|span| {
            let mut node = tree
                .root_node()
                .descendant_for_byte_range(span.range.start, span.range.end);
            while let Some(n) = node {
                if LITERAL_KINDS.contains(&n.kind()) {
                    break;
                }
                node = n.parent();
            }
            !node.is_some_and(|n| {
                n.start_byte() <= span.range.start && span.range.end <= n.end_byte()
            })
        })
        .collect()
}

#[test]
fn the_runaway_check_catches_a_string_span_past_its_node() {
    let source = "{ a = \"x\"; b = 1; }";
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_nix::LANGUAGE.into())
        .unwrap();
    let tree = parser.parse(source, None).unwrap();
    let mut spans = highlight(source).unwrap();
    assert!(spans_outside_literals(&tree, &spans).is_empty());
    let string = spans.iter_mut().find(|s| s.capture == "string").unwrap();
    string.range.end += 4; // `"x"; b` — a string that runs into the next binding
    assert_eq!(spans_outside_literals(&tree, &spans).len(), 1);
}

/// No runaway strings or comments: on every corpus file that parses without error, each
/// string/comment span lies inside one string, comment, path or URL node of the tree (shell
/// strings and comments inside an injected Nix string included), never across its end.
#[test]
fn corpus_string_and_comment_spans_stay_inside_their_nodes() {
    let language: tree_sitter::Language = tree_sitter_nix::LANGUAGE.into();
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&language).unwrap();
    let mut checked_files = 0;
    let mut checked_spans = 0;
    let mut failures = Vec::new();
    for file in corpus_files() {
        let Ok(source) = std::fs::read_to_string(&file) else {
            continue;
        };
        let spans = match highlight(&source) {
            Ok(spans) => spans,
            Err(e) => {
                failures.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        let tree = parser.parse(&source, None).unwrap();
        if tree.root_node().has_error() {
            continue;
        }
        checked_files += 1;
        checked_spans += spans
            .iter()
            .filter(|s| is_literal_capture(s.capture))
            .count();
        for span in spans_outside_literals(&tree, &spans) {
            failures.push(format!(
                "{}: {} span {:?} ({:?}…) is not inside a string/comment node",
                file.display(),
                span.capture,
                span.range,
                source[span.range.clone()]
                    .chars()
                    .take(30)
                    .collect::<String>()
            ));
        }
    }
    assert!(
        checked_files > 100 && checked_spans > 1000,
        "{checked_files} files, {checked_spans} spans"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The `(#any-of? @CAPTURE …)` names of the highlights pattern that follows `marker`.
fn any_of_names(marker: &str, capture: &str) -> Vec<String> {
    let start = queries::HIGHLIGHTS
        .find(marker)
        .expect("marker in highlights.scm");
    let rest = &queries::HIGHLIGHTS[start..];
    let predicate = format!("(#any-of? @{capture}");
    let list = &rest[rest.find(&predicate).expect("any-of list") + predicate.len()..];
    let list = &list[..list.find(')').unwrap()];
    list.lines()
        .map(|line| line.split(';').next().unwrap())
        .flat_map(|line| {
            line.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether `name` is one alternative of a `(?:a|b|…)` group of the grammar's regexes.
fn in_alternation(grammar: &str, name: &str) -> bool {
    ["(?:", "|"].iter().any(|before| {
        ["|", ")"]
            .iter()
            .any(|after| grammar.contains(&format!("{before}{name}{after}")))
    })
}

#[test]
fn builtins_cover_nix_and_agree_across_the_three_syntaxes() {
    let selected: Vec<String> = [
        any_of_names("; `builtins.NAME`", "function.builtin"),
        any_of_names("; `builtins.NAME`", "constant.builtin"),
    ]
    .concat();
    let global = any_of_names("((identifier) @function.builtin", "function.builtin");
    // `builtins.attrNames builtins` of Nix 2.8 (the oldest Nix nixty supports); newer
    // builtins are in the lists too.
    let nix_2_8 =
        "abort add addErrorContext all any appendContext attrNames attrValues baseNameOf \
        bitAnd bitOr bitXor builtins catAttrs ceil compareVersions concatLists concatMap \
        concatStringsSep currentSystem currentTime deepSeq derivation derivationStrict dirOf div \
        elem elemAt false fetchGit fetchMercurial fetchTarball fetchTree fetchurl filter \
        filterSource findFile floor foldl' fromJSON fromTOML functionArgs genList genericClosure \
        getAttr getContext getEnv groupBy hasAttr hasContext hashFile hashString head import \
        intersectAttrs isAttrs isBool isFloat isFunction isInt isList isNull isPath isString \
        langVersion length lessThan listToAttrs map mapAttrs match mul nixPath nixVersion null \
        parseDrvName partition path pathExists placeholder readDir readFile removeAttrs \
        replaceStrings scopedImport seq sort split splitVersion storeDir storePath stringLength \
        sub substring tail throw toFile toJSON toPath toString toXML trace true tryEval typeOf \
        unsafeDiscardOutputDependency unsafeDiscardStringContext unsafeGetAttrPos zipAttrsWith";
    for name in nix_2_8.split_whitespace().filter(|n| *n != "builtins") {
        assert!(
            selected.iter().any(|s| s == name),
            "builtins.{name} is not highlighted"
        );
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../syntax");
    let mcedit = std::fs::read_to_string(root.join("mcedit/nix.syntax")).unwrap();
    let textmate = std::fs::read_to_string(root.join("textmate/nix.tmLanguage.json")).unwrap();
    for name in &selected {
        let rule = format!("keyword whole builtins.{name} cyan");
        assert!(
            mcedit.lines().any(|l| l.trim() == rule),
            "nix.syntax lacks builtins.{name}"
        );
        assert!(
            in_alternation(&textmate, name),
            "the TextMate grammar lacks builtins.{name}"
        );
    }
    for name in &global {
        let rule = format!("keyword whole {name} cyan");
        assert!(
            mcedit.lines().any(|l| l.trim() == rule),
            "nix.syntax lacks {name}"
        );
        assert!(
            in_alternation(&textmate, name),
            "the TextMate grammar lacks {name}"
        );
    }
    assert!(
        global.len() > 100 && selected.len() > 110,
        "{} {}",
        global.len(),
        selected.len()
    );
}

#[test]
fn the_samples_contain_every_construct_of_the_grammar() {
    let language: tree_sitter::Language = tree_sitter_nix::LANGUAGE.into();
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&language).unwrap();
    let mut seen = HashSet::new();
    for file in sample_files() {
        let source = std::fs::read_to_string(&file).unwrap();
        let tree = parser.parse(&source, None).unwrap();
        let mut cursor = tree.walk();
        loop {
            seen.insert(cursor.node().kind().to_string());
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break;
                }
            }
            if cursor.depth() == 0 {
                break;
            }
        }
    }
    let missing: Vec<&str> = (0..language.node_kind_count() as u16)
        .filter(|&id| language.node_kind_is_visible(id))
        .filter_map(|id| language.node_kind_for_id(id))
        .filter(|kind| !seen.contains(*kind))
        .filter(|kind| *kind != "ERROR" && *kind != "keyword")
        .collect();
    assert!(missing.is_empty(), "no sample contains {missing:?}");
}

#[test]
fn folds_cover_multi_line_constructs() {
    use tree_sitter::StreamingIterator;
    let source = "{\n  a = [\n    1\n  ];\n  b = ''\n    x\n  '';\n}\n";
    let language: tree_sitter::Language = tree_sitter_nix::LANGUAGE.into();
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&language).unwrap();
    let tree = parser.parse(source, None).unwrap();
    let query = tree_sitter::Query::new(&language, queries::FOLDS).unwrap();
    let mut cursor = tree_sitter::QueryCursor::new();
    let mut captures = cursor.captures(&query, tree.root_node(), source.as_bytes());
    let mut folds = Vec::new();
    while let Some((m, index)) = captures.next() {
        let node = m.captures()[*index].node;
        folds.push(format!(
            "{} {}-{}",
            node.kind(),
            node.start_position().row,
            node.end_position().row
        ));
    }
    expect_test::expect![[r#"
        [
            "attrset_expression 0-7",
            "binding 1-3",
            "list_expression 1-3",
            "binding 4-6",
            "indented_string_expression 4-6",
        ]
    "#]]
    .assert_debug_eq(&folds);
}

#[test]
fn neovim_queries_compile_without_is_not_predicates() {
    let language: tree_sitter::Language = tree_sitter_nix::LANGUAGE.into();
    for (name, contents) in queries::neovim_query_files() {
        assert!(!contents.contains("(#is-not?"), "{name}");
        let query =
            tree_sitter::Query::new(&language, &contents).unwrap_or_else(|e| panic!("{name}: {e}"));
        let original = queries::QUERY_FILES
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1;
        let original = tree_sitter::Query::new(&language, original).unwrap();
        assert_eq!(query.pattern_count(), original.pattern_count(), "{name}");
    }
}
