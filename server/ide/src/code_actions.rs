//! Code actions: quick fixes for diagnostics and small rewrites, each a set of text edits.
//!
//! Rewrites offered at the cursor:
//! - `x = x;` in a set → `inherit x;`, and `x = e.x;` → `inherit (e) x;`;
//! - flatten `a = { b = 1; c = 2; };` → `a.b = 1; a.c = 2;` and pack it back;
//! - a string ↔ an indented string (only when the value stays the same);
//! - quote / unquote an attribute name.
//!
//! Quick fixes for the diagnostics in the range: remove an unused binding, pattern field,
//! `with`, `rec` or empty `inherit`; prefix an unused name with `_`; add an undefined name to
//! the enclosing function's pattern, or replace it by a similar name in scope; quote a URL.

use nixty_parse::SyntaxKind::*;
use nixty_parse::{SyntaxNode, TextRange};

use crate::syntax_util::{
    attr_name, is_valid_ident, quote_string, static_string, token_at, well_formed_string,
};
use crate::{Db, FileId, FileRange, SourceChange, TextEdit};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeActionKind {
    QuickFix,
    Refactor,
    RefactorRewrite,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub kind: CodeActionKind,
    pub edit: SourceChange,
    /// The code of the diagnostic this action fixes.
    pub fixes_code: Option<String>,
    pub is_preferred: bool,
}

pub(crate) fn code_actions(db: &Db, range: FileRange) -> Vec<CodeAction> {
    let Some(analysis) = db.file(range.file) else {
        return Vec::new();
    };
    let root = analysis.core.syntax();
    let Some(token) = token_at(&root, range.range.start()) else {
        return Vec::new();
    };
    let Some(parent) = token.parent() else {
        return Vec::new();
    };
    let file = range.file;
    let mut out = Vec::new();
    for diagnostic in crate::diagnostics::diagnostics(db, file) {
        let touches = diagnostic.range.intersect(range.range).is_some()
            || diagnostic.range.contains_inclusive(range.range.start());
        if touches {
            quick_fixes(db, file, &root, &diagnostic, &mut out);
        }
    }
    // The innermost enclosing binding and string only: actions about the thing under the cursor.
    let binding = parent
        .ancestors()
        .take_while(|n| !matches!(n.kind(), NODE_ATTR_SET | NODE_LET_IN | NODE_LEGACY_LET))
        .find(|n| n.kind() == NODE_ATTRPATH_VALUE);
    if let Some(binding) = &binding {
        inherit_rewrite(file, binding, &mut out);
        flatten_set(file, binding, &mut out);
        pack_paths(file, binding, &mut out);
    }
    if let Some(string) = parent.ancestors().find(|n| n.kind() == NODE_STRING) {
        if string.parent().is_some_and(|p| p.kind() == NODE_ATTRPATH) {
            unquote_attr(file, &string, &mut out);
        } else {
            string_conversion(file, &string, &mut out);
        }
    }
    if parent.kind() == NODE_IDENT && parent.parent().is_some_and(|p| p.kind() == NODE_ATTRPATH) {
        out.push(action(
            "Quote the attribute name",
            CodeActionKind::RefactorRewrite,
            file,
            vec![edit(
                parent.text_range(),
                quote_string(&parent.text().to_string()),
            )],
        ));
    }
    out
}

fn quick_fixes(
    db: &Db,
    file: FileId,
    root: &SyntaxNode,
    diagnostic: &nixty_check::Diagnostic,
    out: &mut Vec<CodeAction>,
) {
    let Some(node) = crate::syntax_util::node_covering(root, diagnostic.range) else {
        return;
    };
    let text = root.text().to_string();
    let source = |r: TextRange| {
        text.get(std::ops::Range::<usize>::from(r))
            .unwrap_or("")
            .to_string()
    };
    let mut fixes: Vec<(String, Vec<TextEdit>)> = Vec::new();
    match diagnostic.code.as_str() {
        "unused-let-binding" => {
            let name = source(diagnostic.range);
            if let Some(edits) = remove_let_binding(&node) {
                fixes.push((format!("Remove the unused binding `{name}`"), edits));
            }
            fixes.push((
                format!("Rename `{name}` to `_{name}`"),
                vec![edit(TextRange::empty(diagnostic.range.start()), "_".into())],
            ));
        }
        "unused-pattern-field" => {
            let name = source(diagnostic.range);
            if let Some(entry) = node.ancestors().find(|n| n.kind() == NODE_PAT_ENTRY) {
                fixes.push((
                    format!("Remove the unused field `{name}`"),
                    remove_pattern_entry(&entry),
                ));
            }
        }
        "unused-lambda-parameter" => {
            let name = source(diagnostic.range);
            fixes.push((
                format!("Rename `{name}` to `_{name}`"),
                vec![edit(TextRange::empty(diagnostic.range.start()), "_".into())],
            ));
        }
        "unused-with" => {
            if let Some(with) = node.ancestors().find(|n| n.kind() == NODE_WITH) {
                if let Some(body) = with.children().nth(1) {
                    fixes.push((
                        "Remove the unused `with`".into(),
                        vec![edit(with.text_range(), body.text().to_string())],
                    ));
                }
            }
        }
        "unnecessary-rec" => {
            let rec = node
                .ancestors()
                .find(|n| n.kind() == NODE_ATTR_SET)
                .and_then(|set| {
                    set.children_with_tokens()
                        .filter_map(|e| e.into_token())
                        .find(|t| t.kind() == TOKEN_REC)
                });
            if let Some(rec) = rec {
                let end = rec
                    .next_token()
                    .filter(|t| t.kind() == TOKEN_WHITESPACE)
                    .map(|t| t.text_range().end())
                    .unwrap_or(rec.text_range().end());
                fixes.push((
                    "Remove the unnecessary `rec`".into(),
                    vec![edit(
                        TextRange::new(rec.text_range().start(), end),
                        String::new(),
                    )],
                ));
            }
        }
        "empty-inherit" => {
            if let Some(inherit) = node.ancestors().find(|n| n.kind() == NODE_INHERIT) {
                fixes.push((
                    "Remove the empty `inherit`".into(),
                    vec![remove_with_leading_space(&inherit)],
                ));
            }
        }
        "deprecated-url-literal" => {
            let url = source(diagnostic.range);
            fixes.push((
                "Quote the URL".into(),
                vec![edit(diagnostic.range, quote_string(&url))],
            ));
        }
        "undefined-variable" => {
            let name = source(diagnostic.range);
            undefined_fixes(db, file, &node, &name, diagnostic.range, &mut fixes);
        }
        _ => {}
    }
    for (i, (title, edits)) in fixes.into_iter().enumerate() {
        let mut action = action(&title, CodeActionKind::QuickFix, file, edits);
        action.fixes_code = Some(diagnostic.code.clone());
        action.is_preferred = i == 0;
        out.push(action);
    }
}

/// Removes `name = …;` from a `let`; the whole `let … in` when it was the only binding.
fn remove_let_binding(name_node: &SyntaxNode) -> Option<Vec<TextEdit>> {
    let entry = name_node
        .ancestors()
        .find(|n| matches!(n.kind(), NODE_ATTRPATH_VALUE | NODE_INHERIT))?;
    let let_in = entry.parent().filter(|p| p.kind() == NODE_LET_IN)?;
    if entry.kind() == NODE_INHERIT
        && entry
            .children()
            .filter(|c| matches!(c.kind(), NODE_IDENT | NODE_STRING))
            .count()
            > 1
    {
        return Some(vec![remove_with_leading_space(name_node)]);
    }
    let entries = let_in
        .children()
        .filter(|c| matches!(c.kind(), NODE_ATTRPATH_VALUE | NODE_INHERIT))
        .count();
    if entries == 1 {
        let body = let_in
            .children()
            .filter(|c| !matches!(c.kind(), NODE_ATTRPATH_VALUE | NODE_INHERIT))
            .last()?;
        return Some(vec![edit(let_in.text_range(), body.text().to_string())]);
    }
    Some(vec![remove_with_leading_space(&entry)])
}

/// Removes a node and the whitespace before it.
pub(crate) fn remove_with_leading_space(node: &SyntaxNode) -> TextEdit {
    let start = node
        .first_token()
        .and_then(|t| t.prev_token())
        .filter(|t| t.kind() == TOKEN_WHITESPACE)
        .map(|t| t.text_range().start())
        .unwrap_or(node.text_range().start());
    edit(
        TextRange::new(start, node.text_range().end()),
        String::new(),
    )
}

/// Removes a field from `{ a, b ? 1, c }` with its comma.
fn remove_pattern_entry(entry: &SyntaxNode) -> Vec<TextEdit> {
    let next_comma = entry
        .next_sibling_or_token()
        .into_iter()
        .chain(std::iter::successors(entry.next_sibling_or_token(), |e| {
            e.next_sibling_or_token()
        }))
        .find(|e| e.kind() != TOKEN_WHITESPACE);
    if let Some(comma) = next_comma.filter(|e| e.kind() == TOKEN_COMMA) {
        // `a, ` → ``: up to the next non-space.
        let mut end = comma.text_range().end();
        if let Some(space) = comma
            .as_token()
            .and_then(|t| t.next_token())
            .filter(|t| t.kind() == TOKEN_WHITESPACE)
        {
            end = space.text_range().end();
        }
        return vec![edit(
            TextRange::new(entry.text_range().start(), end),
            String::new(),
        )];
    }
    // The last field: remove the comma before it.
    let prev_comma =
        std::iter::successors(entry.prev_sibling_or_token(), |e| e.prev_sibling_or_token())
            .find(|e| e.kind() != TOKEN_WHITESPACE)
            .filter(|e| e.kind() == TOKEN_COMMA);
    match prev_comma {
        Some(comma) => vec![edit(
            TextRange::new(comma.text_range().start(), entry.text_range().end()),
            String::new(),
        )],
        None => vec![edit(entry.text_range(), String::new())],
    }
}

fn undefined_fixes(
    db: &Db,
    file: FileId,
    node: &SyntaxNode,
    name: &str,
    range: TextRange,
    fixes: &mut Vec<(String, Vec<TextEdit>)>,
) {
    // Similar names in scope (typos).
    if let Some(analysis) = db.file(file) {
        let mut similar: Vec<(usize, String)> = analysis
            .core
            .visible_names_at(range.start())
            .into_iter()
            .map(|v| match v {
                nixty_check::resolve::VisibleName::Definition(text, _) => text,
                nixty_check::resolve::VisibleName::Builtin(text) => text.to_string(),
            })
            .filter_map(|candidate| {
                let distance = edit_distance(name, &candidate);
                (name.len() >= 3 && distance > 0 && distance <= name.len().div_ceil(3).min(2))
                    .then_some((distance, candidate))
            })
            .collect();
        similar.sort();
        for (_, candidate) in similar.into_iter().take(3) {
            fixes.push((
                format!("Replace by `{candidate}`"),
                vec![edit(range, candidate)],
            ));
        }
    }
    // Add it to the pattern of the enclosing function.
    let pattern = node
        .ancestors()
        .filter(|n| n.kind() == NODE_LAMBDA)
        .find_map(|lambda| lambda.children().find(|c| c.kind() == NODE_PATTERN));
    if let Some(pattern) = pattern {
        let entries: Vec<SyntaxNode> = pattern
            .children()
            .filter(|c| c.kind() == NODE_PAT_ENTRY)
            .collect();
        let ellipsis = pattern
            .children_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| t.kind() == TOKEN_ELLIPSIS);
        let insert = match (&ellipsis, entries.last()) {
            (Some(ellipsis), _) => edit(
                TextRange::empty(ellipsis.text_range().start()),
                format!("{name}, "),
            ),
            (None, Some(last)) => edit(
                TextRange::empty(last.text_range().end()),
                format!(", {name}"),
            ),
            (None, None) => match pattern
                .children_with_tokens()
                .filter_map(|e| e.into_token())
                .find(|t| t.kind() == TOKEN_L_BRACE)
            {
                Some(brace) => edit(
                    TextRange::empty(brace.text_range().end()),
                    format!(" {name}"),
                ),
                None => return,
            },
        };
        fixes.push((
            format!("Add `{name}` to the function's arguments"),
            vec![insert],
        ));
    }
}

/// Levenshtein distance (names are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return usize::MAX;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

fn action(title: &str, kind: CodeActionKind, file: FileId, edits: Vec<TextEdit>) -> CodeAction {
    CodeAction {
        title: title.to_string(),
        kind,
        edit: SourceChange::from_edits(edits.into_iter().map(|e| (file, e)).collect()),
        fixes_code: None,
        is_preferred: false,
    }
}

fn edit(range: TextRange, new_text: String) -> TextEdit {
    TextEdit { range, new_text }
}

fn attrpath_names(binding: &SyntaxNode) -> Option<(SyntaxNode, Vec<Option<String>>)> {
    let path = binding.children().find(|c| c.kind() == NODE_ATTRPATH)?;
    let names = path.children().map(|a| attr_name(&a)).collect();
    Some((path, names))
}

fn value_of(binding: &SyntaxNode) -> Option<SyntaxNode> {
    binding.children().nth(1)
}

/// `x = x;` → `inherit x;` (in a non-recursive set, where both mean the outer `x`), and
/// `x = e.x;` → `inherit (e) x;` (anywhere: `e` is evaluated in the same scope).
fn inherit_rewrite(file: FileId, binding: &SyntaxNode, out: &mut Vec<CodeAction>) {
    let Some((_, names)) = attrpath_names(binding) else {
        return;
    };
    let [Some(name)] = names.as_slice() else {
        return;
    };
    let Some(value) = value_of(binding) else {
        return;
    };
    let container = binding.parent();
    let in_plain_set = container.as_ref().is_some_and(|c| {
        c.kind() == NODE_ATTR_SET && !c.children_with_tokens().any(|t| t.kind() == TOKEN_REC)
    });
    if value.kind() == NODE_IDENT && value.text() == name.as_str() && in_plain_set {
        out.push(action(
            &format!("Replace `{name} = {name};` by `inherit {name};`"),
            CodeActionKind::RefactorRewrite,
            file,
            vec![edit(binding.text_range(), format!("inherit {name};"))],
        ));
    }
    if value.kind() == NODE_SELECT && value.children().count() == 2 {
        let (Some(set), Some(path)) = (value.children().next(), value.children().nth(1)) else {
            return;
        };
        let attrs: Vec<SyntaxNode> = path.children().collect();
        let Some(last) = attrs.last() else {
            return;
        };
        if attr_name(last).as_deref() != Some(name.as_str()) {
            return;
        }
        let from = if attrs.len() == 1 {
            set.text().to_string()
        } else {
            let prefix_end = attrs[attrs.len() - 2].text_range().end();
            let start = value.text_range().start();
            let text = value.text().to_string();
            text[..usize::from(prefix_end - start)].to_string()
        };
        let shown_name = crate::syntax_util::render_attr_name(name);
        out.push(action(
            &format!("Replace by `inherit ({from}) {shown_name};`"),
            CodeActionKind::RefactorRewrite,
            file,
            vec![edit(
                binding.text_range(),
                format!("inherit ({from}) {shown_name};"),
            )],
        ));
    }
}

/// The whitespace that starts the line of `node`.
fn indentation(node: &SyntaxNode) -> String {
    let mut indent = String::new();
    let mut token = node.first_token().and_then(|t| t.prev_token());
    while let Some(t) = token {
        if t.kind() == TOKEN_WHITESPACE {
            if let Some(at) = t.text().rfind('\n') {
                indent = t.text()[at + 1..].to_string();
                break;
            }
        } else {
            return String::from(" ");
        }
        token = t.prev_token();
    }
    indent
}

/// `a = { b = 1; c.d = 2; };` → `a.b = 1;\n a.c.d = 2;`
fn flatten_set(file: FileId, binding: &SyntaxNode, out: &mut Vec<CodeAction>) {
    let Some((path, _)) = attrpath_names(binding) else {
        return;
    };
    let Some(value) = value_of(binding) else {
        return;
    };
    let is_rec = value.children_with_tokens().any(|t| t.kind() == TOKEN_REC);
    if value.kind() != NODE_ATTR_SET || is_rec {
        return;
    }
    let entries: Vec<SyntaxNode> = value.children().collect();
    // An `inherit` inside means the outer scope; flattened, it would mean something else.
    if entries.is_empty() || entries.iter().any(|e| e.kind() != NODE_ATTRPATH_VALUE) {
        return;
    }
    let indent = indentation(binding);
    let outer = path.text().to_string();
    let mut lines = Vec::new();
    for entry in &entries {
        let (Some(inner_path), Some(inner_value)) = (
            entry.children().find(|c| c.kind() == NODE_ATTRPATH),
            value_of(entry),
        ) else {
            return;
        };
        lines.push(format!(
            "{outer}.{} = {};",
            inner_path.text(),
            inner_value.text()
        ));
    }
    out.push(action(
        &format!("Flatten `{outer}` into `{outer}.…` bindings"),
        CodeActionKind::RefactorRewrite,
        file,
        vec![edit(
            binding.text_range(),
            lines.join(&format!("\n{indent}")),
        )],
    ));
}

/// `a.b = 1; a.c = 2;` → `a = { b = 1; c = 2; };` (all sibling bindings under `a`).
fn pack_paths(file: FileId, binding: &SyntaxNode, out: &mut Vec<CodeAction>) {
    let Some((path, names)) = attrpath_names(binding) else {
        return;
    };
    let Some(Some(first)) = names.first() else {
        return;
    };
    if names.len() < 2 {
        return;
    }
    let Some(container) = binding.parent() else {
        return;
    };
    let mut siblings = Vec::new();
    for entry in container
        .children()
        .filter(|c| c.kind() == NODE_ATTRPATH_VALUE)
    {
        let Some((_, entry_names)) = attrpath_names(&entry) else {
            continue;
        };
        if entry_names.first() == Some(&Some(first.clone())) {
            if entry_names.len() < 2 {
                return; // `a = …;` beside `a.b = …;`: merging is beyond a simple rewrite.
            }
            siblings.push(entry);
        }
    }
    let first_attr_end = path.children().next().map(|a| a.text_range().end());
    let Some(first_attr_end) = first_attr_end else {
        return;
    };
    let _ = first_attr_end;
    let mut inner = Vec::new();
    for entry in &siblings {
        let Some(entry_path) = entry.children().find(|c| c.kind() == NODE_ATTRPATH) else {
            return;
        };
        let attrs: Vec<SyntaxNode> = entry_path.children().collect();
        let rest_start = attrs[1].text_range().start() - entry.text_range().start();
        let text = entry.text().to_string();
        inner.push(text[usize::from(rest_start)..].to_string());
    }
    let head = path
        .children()
        .next()
        .map(|a| a.text().to_string())
        .unwrap_or_default();
    let packed = format!("{head} = {{ {} }};", inner.join(" "));
    let mut edits = vec![edit(siblings[0].text_range(), packed)];
    edits.extend(siblings[1..].iter().map(remove_with_leading_space));
    out.push(action(
        &format!("Pack the `{head}.…` bindings into `{head} = {{ … }}`"),
        CodeActionKind::RefactorRewrite,
        file,
        edits,
    ));
}

/// `"a" = 1` → `a = 1` when the name is an identifier.
fn unquote_attr(file: FileId, string: &SyntaxNode, out: &mut Vec<CodeAction>) {
    let Some(name) = static_string(string) else {
        return;
    };
    if is_valid_ident(&name) {
        out.push(action(
            "Unquote the attribute name",
            CodeActionKind::RefactorRewrite,
            file,
            vec![edit(string.text_range(), name)],
        ));
    }
}

/// The literal parts (`Ok`) and interpolations (`Err(source text)`) of a string.
fn string_parts(string: &SyntaxNode) -> Option<Vec<Result<String, String>>> {
    use rowan::ast::AstNode;
    if !well_formed_string(string) {
        return None;
    }
    let node = rnix::ast::Str::cast(string.clone())?;
    Some(
        node.normalized_parts()
            .into_iter()
            .map(|part| match part {
                rnix::ast::InterpolPart::Literal(text) => Ok(text),
                rnix::ast::InterpolPart::Interpolation(i) => Err(i.syntax().text().to_string()),
            })
            .collect(),
    )
}

fn string_conversion(file: FileId, string: &SyntaxNode, out: &mut Vec<CodeAction>) {
    let Some(parts) = string_parts(string) else {
        return;
    };
    let indented = string
        .first_token()
        .is_some_and(|t| t.text().starts_with("''"));
    let (new_text, title) = if indented {
        let mut text = String::from("\"");
        for part in &parts {
            match part {
                Ok(literal) => {
                    let quoted = quote_string(literal).replace("\\n", "\n");
                    text.push_str(&quoted[1..quoted.len() - 1]);
                }
                Err(interpolation) => text.push_str(interpolation),
            }
        }
        text.push('"');
        (text, "Convert to a \"string\"")
    } else {
        let mut text = String::from("''");
        for part in &parts {
            match part {
                Ok(literal) => {
                    let mut chars = literal.chars().peekable();
                    while let Some(c) = chars.next() {
                        match c {
                            '\'' if chars.peek() == Some(&'\'') => {
                                chars.next();
                                text.push_str("'''");
                            }
                            '$' if chars.peek() == Some(&'{') => text.push_str("''$"),
                            '\t' => text.push_str("''\\t"),
                            '\r' => text.push_str("''\\r"),
                            c => text.push(c),
                        }
                    }
                }
                Err(interpolation) => text.push_str(interpolation),
            }
        }
        text.push_str("''");
        (text, "Convert to an ''indented string''")
    };
    // Offer it only when the new literal means the same string (indentation stripping and
    // escapes can change it).
    let reparsed = nixty_parse::parse(&new_text);
    let same = reparsed.errors.is_empty()
        && reparsed
            .syntax()
            .children()
            .next()
            .filter(|n| n.kind() == NODE_STRING)
            .and_then(|n| string_parts(&n))
            .is_some_and(|p| same_parts(&p, &parts));
    if same {
        out.push(action(
            title,
            CodeActionKind::RefactorRewrite,
            file,
            vec![edit(string.text_range(), new_text)],
        ));
    }
}

fn same_parts(a: &[Result<String, String>], b: &[Result<String, String>]) -> bool {
    let literal = |p: &[Result<String, String>]| -> Vec<Result<String, String>> {
        // Merge adjacent literals, normalize interpolation text.
        let mut out: Vec<Result<String, String>> = Vec::new();
        for part in p {
            match (out.last_mut(), part) {
                (Some(Ok(prev)), Ok(text)) => prev.push_str(text),
                (_, Ok(text)) if text.is_empty() => {}
                (_, part) => out.push(part.clone()),
            }
        }
        out
    };
    literal(a) == literal(b)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    fn check(text: &str, expect: expect_test::Expect) {
        let fixture = Fixture::new(text);
        let source = fixture.text(fixture.file());
        let mut out = String::new();
        for action in fixture.analysis.code_actions(fixture.range()) {
            let mut result = source.clone();
            for file in &action.edit.files {
                for edit in file.edits.iter().rev() {
                    result
                        .replace_range(std::ops::Range::<usize>::from(edit.range), &edit.new_text);
                }
            }
            out.push_str(&format!(
                "{} ({:?})\n  {}\n",
                action.title,
                action.kind,
                result.replace('\n', "\n  ")
            ));
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn quick_fixes_for_diagnostics() {
        check(
            "let a = 1; u$0nused = 2; in a",
            expect![[r#"
            Remove the unused binding `unused` (QuickFix)
              let a = 1; in a
            Rename `unused` to `_unused` (QuickFix)
              let a = 1; _unused = 2; in a
            Quote the attribute name (RefactorRewrite)
              let a = 1; "unused" = 2; in a
        "#]],
        );
        check(
            "let u$0nused = 2; in 1",
            expect![[r#"
            Remove the unused binding `unused` (QuickFix)
              1
            Rename `unused` to `_unused` (QuickFix)
              let _unused = 2; in 1
            Quote the attribute name (RefactorRewrite)
              let "unused" = 2; in 1
        "#]],
        );
        // The field's comma goes with it wherever it stands.
        for fixture in ["{ a, b$0, c }: a + c", "{ a, c, b$0 }: a + c"] {
            check(
                fixture,
                expect![[r#"
                Remove the unused field `b` (QuickFix)
                  { a, c }: a + c
            "#]],
            );
        }
        check(
            "{ a, ... }: a + b$0",
            expect![[r#"
            Add `b` to the function's arguments (QuickFix)
              { a, b, ... }: a + b
        "#]],
        );
        check(
            "let value = 1; in valeu$0",
            expect![[r#"
            Replace by `value` (QuickFix)
              let value = 1; in value
        "#]],
        );
        check(
            "with {}; r$0ec { a = 1; }",
            expect![[r#"
            Remove the unnecessary `rec` (QuickFix)
              with {}; { a = 1; }
        "#]],
        );
        check(
            "{ u = http://e$0x.com; }",
            expect![[r#"
            Quote the URL (QuickFix)
              { u = "http://ex.com"; }
        "#]],
        );
    }

    #[test]
    fn inherit_rewrites() {
        check(
            "{ x$0 = x; }",
            expect![[r#"
                Replace `x = x;` by `inherit x;` (RefactorRewrite)
                  { inherit x; }
                Quote the attribute name (RefactorRewrite)
                  { "x" = x; }
            "#]],
        );
        check(
            "let y$0 = pkgs.lib.y; in y",
            expect![[r#"
                Replace by `inherit (pkgs.lib) y;` (RefactorRewrite)
                  let inherit (pkgs.lib) y; in y
                Quote the attribute name (RefactorRewrite)
                  let "y" = pkgs.lib.y; in y
            "#]],
        );
        // In a `let`, `x = x` is self-reference, `inherit x` the outer `x`: not the same.
        check("let x = x$0; in x", expect![""]);
    }

    #[test]
    fn flatten_and_pack() {
        check(
            "{\n  a$0 = { b = 1; c.d = 2; };\n}",
            expect![[r#"
                Flatten `a` into `a.…` bindings (RefactorRewrite)
                  {
                    a.b = 1;
                    a.c.d = 2;
                  }
                Quote the attribute name (RefactorRewrite)
                  {
                    "a" = { b = 1; c.d = 2; };
                  }
            "#]],
        );
        check(
            "{\n  a.b$0 = 1;\n  x = 0;\n  a.c.d = 2;\n}",
            expect![[r#"
                Pack the `a.…` bindings into `a = { … }` (RefactorRewrite)
                  {
                    a = { b = 1; c.d = 2; };
                    x = 0;
                  }
                Quote the attribute name (RefactorRewrite)
                  {
                    a."b" = 1;
                    x = 0;
                    a.c.d = 2;
                  }
            "#]],
        );
    }

    #[test]
    fn strings_and_quotes() {
        check(
            "{ \"a$0\" = \"x\"; \"b c\" = 1; }",
            expect![[r#"
                Unquote the attribute name (RefactorRewrite)
                  { a = "x"; "b c" = 1; }
            "#]],
        );
        check(
            "\"say \\\"hi\\\" ${n} ''$0 \\${x}\\n\"",
            expect![[r#"
                Convert to an ''indented string'' (RefactorRewrite)
                  ''say "hi" ${n} ''' ''${x}
                  ''
            "#]],
        );
        check(
            "''\n  a \"b\" ${c}\n  d$0\n''",
            expect![[r#"
                Convert to a "string" (RefactorRewrite)
                  "a \"b\" ${c}
                  d
                  "
            "#]],
        );
    }
}
