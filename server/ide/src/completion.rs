//! Completion: names in scope (locals, `with`-provided attributes of known sets, builtins),
//! keywords in expression position, `builtins.` members, attributes of statically known sets
//! (also through `import`) after `.`, `inherit` names, the missing fields of a function's
//! pattern inside `f { … }`, and file names inside path literals.

use crate::syntax_util::one_line_excerpt;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use nixty_check::ir::{Expr, NameKind};
use nixty_check::resolve::VisibleName;
use nixty_parse::SyntaxKind::*;
use nixty_parse::{SyntaxNode, SyntaxToken, TextRange, TextSize};

use crate::semantics::{
    attr_of, attrs_of, builtin_name, is_builtins, trace, value_of_name, Fuel, Value,
};
use crate::syntax_util::{attr_name, render_attr_name, strip_parens};
use crate::{Db, FileId, FilePosition, TextEdit};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CompletionKind {
    Variable,
    Parameter,
    Function,
    Builtin,
    Field,
    Keyword,
    File,
    Folder,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label (a type, `let`, `builtin`, …).
    pub detail: Option<String>,
    /// Markdown docs.
    pub documentation: Option<String>,
    /// What accepting the item does: replace the range (the word typed so far) by the text.
    pub edit: TextEdit,
    /// Order among items (lower first); ties sort by label.
    pub sort_priority: u8,
    pub deprecated: bool,
}

const EXPRESSION_KEYWORDS: &[&str] = &[
    "assert", "if", "let", "rec", "with", "inherit", "then", "else", "in", "or",
];
/// Completing a directory lists at most this many entries.
const MAX_DIR_ENTRIES: usize = 1000;

struct Ctx<'a> {
    db: &'a Db,
    file: FileId,
    /// The range of the word being typed (replaced by the item).
    word: TextRange,
    out: Vec<CompletionItem>,
    seen: HashSet<String>,
}

impl Ctx<'_> {
    fn add(&mut self, label: String, kind: CompletionKind, detail: Option<String>, priority: u8) {
        self.add_with_doc(label, kind, detail, None, priority);
    }

    fn add_with_doc(
        &mut self,
        label: String,
        kind: CompletionKind,
        detail: Option<String>,
        documentation: Option<String>,
        priority: u8,
    ) {
        if !self.seen.insert(label.clone()) {
            return;
        }
        self.out.push(CompletionItem {
            edit: TextEdit {
                range: self.word,
                new_text: label.clone(),
            },
            label,
            kind,
            detail,
            documentation,
            sort_priority: priority,
            deprecated: false,
        });
    }
}

pub(crate) fn completions(db: &Db, position: FilePosition) -> Vec<CompletionItem> {
    let Some(analysis) = db.file(position.file) else {
        return Vec::new();
    };
    let root = analysis.core.syntax();
    let offset = position.offset;
    if offset > root.text_range().end() {
        return Vec::new();
    }
    let left = root.token_at_offset(offset).left_biased();
    let word = left
        .as_ref()
        .filter(|t| matches!(t.kind(), TOKEN_IDENT | TOKEN_OR) && t.text_range().end() >= offset)
        .map(|t| TextRange::new(t.text_range().start(), offset))
        .unwrap_or_else(|| TextRange::empty(offset));
    let mut ctx = Ctx {
        db,
        file: position.file,
        word,
        out: Vec::new(),
        seen: HashSet::new(),
    };
    if let Some(token) = &left {
        if is_in_comment_or_string(token, offset) {
            return Vec::new();
        }
        // Paths are matched on the text: a path being typed (`./`, `../a/`) is often not a
        // path token yet.
        if let Some(typed) = path_being_typed(analysis.core.text(), offset) {
            complete_path(&mut ctx, &typed, offset);
            return finish(ctx);
        }
        if let Some((select, index)) = select_at(token) {
            complete_attrs(&mut ctx, &select, index);
            return finish(ctx);
        }
        if let Some(inherit) = token.parent_ancestors().find(|n| n.kind() == NODE_INHERIT) {
            complete_inherit(&mut ctx, &inherit, offset);
            return finish(ctx);
        }
        if let Some(set) = binding_name_position(token, offset) {
            complete_binding_names(&mut ctx, &set);
            return finish(ctx);
        }
        if token
            .parent_ancestors()
            .any(|n| matches!(n.kind(), NODE_PATTERN | NODE_IDENT_PARAM | NODE_PAT_BIND))
            && !token
                .parent_ancestors()
                .any(|n| n.kind() == NODE_PAT_ENTRY && n.children().nth(1).is_some())
        {
            return Vec::new(); // naming a parameter
        }
    }
    complete_expression(&mut ctx, offset);
    finish(ctx)
}

fn finish(ctx: Ctx) -> Vec<CompletionItem> {
    let mut out = ctx.out;
    out.sort_by(|a, b| (a.sort_priority, &a.label).cmp(&(b.sort_priority, &b.label)));
    out
}

fn is_in_comment_or_string(token: &SyntaxToken, offset: TextSize) -> bool {
    match token.kind() {
        TOKEN_COMMENT => {
            // At the very end of a `#` comment line the cursor is still in it.
            token.text_range().end() > offset || token.text().starts_with('#')
        }
        TOKEN_STRING_CONTENT | TOKEN_STRING_START => true,
        _ => false,
    }
}

/// The select (or `?`) node whose attribute path the cursor is in, and the index of the
/// attribute being typed.
fn select_at(token: &SyntaxToken) -> Option<(SyntaxNode, usize)> {
    let parent = token.parent()?;
    let (attrpath, owner) = match token.kind() {
        TOKEN_DOT if matches!(parent.kind(), NODE_SELECT | NODE_HAS_ATTR) => (
            parent.children().find(|c| c.kind() == NODE_ATTRPATH),
            parent,
        ),
        TOKEN_DOT if parent.kind() == NODE_ATTRPATH => (Some(parent.clone()), parent.parent()?),
        TOKEN_IDENT | TOKEN_OR => {
            let attrpath = parent.parent().filter(|p| p.kind() == NODE_ATTRPATH)?;
            let owner = attrpath.parent()?;
            (Some(attrpath), owner)
        }
        _ => return None,
    };
    if !matches!(owner.kind(), NODE_SELECT | NODE_HAS_ATTR) {
        return None;
    }
    let before = token.text_range().end();
    let index = attrpath
        .map(|p| {
            p.children()
                .filter(|a| {
                    a.text_range().end() < before
                        || (a.text_range().end() == before && token.kind() == TOKEN_DOT)
                })
                .count()
        })
        .unwrap_or(0);
    Some((owner, index))
}

/// Attributes of the set before the `.`: `builtins.`, known sets, types' record fields.
fn complete_attrs(ctx: &mut Ctx, select: &SyntaxNode, index: usize) {
    let Some(analysis) = ctx.db.file(ctx.file) else {
        return;
    };
    let Some(set_node) = select.children().next() else {
        return;
    };
    let Some(set) = analysis
        .core
        .source_map()
        .expr_for_node(&strip_parens(set_node.clone()))
    else {
        return;
    };
    let attrs: Vec<SyntaxNode> = select
        .children()
        .find(|c| c.kind() == NODE_ATTRPATH)
        .map(|p| p.children().collect())
        .unwrap_or_default();
    let mut fuel = Fuel::default();
    let mut current = Some(Value {
        file: ctx.file,
        expr: set,
    });
    for attr in attrs.iter().take(index) {
        let Some(value) = current else {
            break;
        };
        if is_builtins(ctx.db, value) {
            current = None;
            break;
        }
        current = attr_name(attr)
            .and_then(|text| attr_of(ctx.db, value, &text, &mut fuel))
            .and_then(|(f, n)| value_of_name(ctx.db, f, n, &mut fuel));
    }
    // Record fields known from the type of the set expression (only the set itself has a
    // syntax node, hence a type: not `s.b` in `s.b.c`).
    let typed: Vec<(String, Option<String>)> = if index == 0 {
        crate::types_hook::fields_of_range(ctx.db, ctx.file, analysis.core.expr_range(set))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let type_of = |name: &str| {
        typed
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, t)| t.clone())
    };
    if let Some(value) = current {
        if is_builtins(ctx.db, value) {
            for builtin in nixty_check::builtins::BUILTINS {
                ctx.add_with_doc(
                    builtin.name.to_string(),
                    CompletionKind::Builtin,
                    Some("builtin".into()),
                    Some(builtin.doc.to_string()),
                    0,
                );
            }
            return;
        }
        for (text, file, name) in attrs_of(ctx.db, value, &mut fuel) {
            let kind = value_kind(ctx.db, file, name);
            let detail = type_of(&text);
            ctx.add(render_attr_name(&text), kind, detail, 0);
        }
    }
    for (field, ty) in &typed {
        ctx.add(
            render_attr_name(field),
            CompletionKind::Field,
            ty.clone(),
            0,
        );
    }
}

fn value_kind(db: &Db, file: FileId, name: nixty_check::ir::NameId) -> CompletionKind {
    let mut fuel = Fuel::default();
    let value = value_of_name(db, file, name, &mut fuel).and_then(|v| trace(db, v, &mut fuel));
    let Some(value) = value else {
        return CompletionKind::Field;
    };
    let Some(analysis) = db.file(value.file) else {
        return CompletionKind::Field;
    };
    match &analysis.core.module()[value.expr] {
        Expr::Lambda { .. } => CompletionKind::Function,
        _ => CompletionKind::Field,
    }
}

/// `inherit x` takes names from the enclosing scope; `inherit (e) x` attributes of `e`.
fn complete_inherit(ctx: &mut Ctx, inherit: &SyntaxNode, offset: TextSize) {
    let Some(analysis) = ctx.db.file(ctx.file) else {
        return;
    };
    let from = inherit.children().find(|c| c.kind() == NODE_INHERIT_FROM);
    if let Some(from) = from {
        if from.text_range().contains_inclusive(offset) && from.text_range().end() != offset {
            complete_expression(ctx, offset);
            return;
        }
        let Some(expr) = from
            .children()
            .next()
            .and_then(|e| analysis.core.source_map().expr_for_node(&strip_parens(e)))
        else {
            return;
        };
        let value = Value {
            file: ctx.file,
            expr,
        };
        let mut fuel = Fuel::default();
        if is_builtins(ctx.db, value) {
            for builtin in nixty_check::builtins::BUILTINS {
                ctx.add(
                    builtin.name.to_string(),
                    CompletionKind::Builtin,
                    Some("builtin".into()),
                    0,
                );
            }
            return;
        }
        for (text, file, name) in attrs_of(ctx.db, value, &mut fuel) {
            let kind = value_kind(ctx.db, file, name);
            ctx.add(render_attr_name(&text), kind, None, 0);
        }
        return;
    }
    // Plain `inherit`: the names visible outside the set or `let` it is in.
    let container = inherit.parent();
    let outer_offset = container
        .as_ref()
        .map(|c| c.text_range().start())
        .unwrap_or(offset);
    let already: HashSet<String> = container
        .iter()
        .flat_map(|c| c.children())
        .filter(|c| c.kind() == NODE_INHERIT)
        .flat_map(|i| {
            i.children()
                .filter_map(|a| attr_name(&a))
                .collect::<Vec<_>>()
        })
        .collect();
    for visible in analysis.core.visible_names_at(outer_offset) {
        let (text, kind, detail) = describe_visible(ctx.db, ctx.file, &visible);
        if !already.contains(&text)
            || ctx.word.contains_range(TextRange::empty(offset)) && !ctx.word.is_empty()
        {
            ctx.add(text, kind, detail, priority_of(&visible));
        }
    }
}

/// Inside `{ … }` where a binding name goes: when the set is the argument of a function with
/// a pattern, the fields not given yet.
fn binding_name_position(token: &SyntaxToken, offset: TextSize) -> Option<SyntaxNode> {
    let parent = token.parent()?;
    let set = match token.kind() {
        TOKEN_IDENT => {
            let attrpath = parent.parent().filter(|p| p.kind() == NODE_ATTRPATH)?;
            let binding = attrpath
                .parent()
                .filter(|p| p.kind() == NODE_ATTRPATH_VALUE)?;
            // Only the first attribute of the path, before `=`.
            if attrpath.children().next()? != parent {
                return None;
            }
            binding.parent()?
        }
        TOKEN_WHITESPACE | TOKEN_L_BRACE | TOKEN_SEMICOLON | TOKEN_COMMENT => {
            if token.kind() == TOKEN_SEMICOLON {
                parent.parent()?
            } else {
                parent
            }
        }
        _ => return None,
    };
    let inside = match set.kind() {
        NODE_ATTR_SET => true,
        // In a `let`, before `in`.
        NODE_LET_IN => set
            .children_with_tokens()
            .find(|t| t.kind() == TOKEN_IN)
            .is_none_or(|t| t.text_range().start() >= offset),
        _ => false,
    };
    inside.then_some(set)
}

fn complete_binding_names(ctx: &mut Ctx, set: &SyntaxNode) {
    ctx.add("inherit".into(), CompletionKind::Keyword, None, 3);
    if set.kind() != NODE_ATTR_SET {
        return;
    }
    // `f { … }`: the fields of `f`'s pattern not given yet.
    let Some(apply) = set.parent().filter(|p| p.kind() == NODE_APPLY) else {
        return;
    };
    if apply.children().nth(1).as_ref() != Some(set) {
        return;
    }
    let given: HashSet<String> = set
        .children()
        .flat_map(|entry| match entry.kind() {
            NODE_ATTRPATH_VALUE => entry
                .children()
                .find(|c| c.kind() == NODE_ATTRPATH)
                .and_then(|p| p.children().next())
                .and_then(|a| attr_name(&a))
                .into_iter()
                .collect::<Vec<_>>(),
            NODE_INHERIT => entry.children().filter_map(|a| attr_name(&a)).collect(),
            _ => Vec::new(),
        })
        .collect();
    let typing = ctx.word.start() != ctx.word.end();
    let fields = pattern_fields_of_callee(ctx.db, ctx.file, &apply);
    if fields.is_empty() {
        // No pattern in sight: the record type the function expects, from inference.
        let callee = apply
            .children()
            .next()
            .map(|f| strip_parens(f).text_range());
        for (field, ty, optional) in callee
            .map(|range| crate::types_hook::expected_fields(ctx.db, ctx.file, range))
            .unwrap_or_default()
        {
            if !given.contains(&field) || typing {
                let detail = Some(if optional {
                    format!("{ty} (optional)")
                } else {
                    ty
                });
                ctx.add(
                    render_attr_name(&field),
                    CompletionKind::Field,
                    detail,
                    u8::from(optional),
                );
            }
        }
    }
    for (field, has_default) in fields {
        if !given.contains(&field) || typing {
            let detail = Some(
                if has_default {
                    "optional field"
                } else {
                    "field"
                }
                .to_string(),
            );
            ctx.add(
                render_attr_name(&field),
                CompletionKind::Field,
                detail,
                u8::from(has_default),
            );
        }
    }
}

/// The fields of the pattern of the function applied in `apply` (`f { … }`), with whether
/// each has a default.
pub(crate) fn pattern_fields_of_callee(
    db: &Db,
    file: FileId,
    apply: &SyntaxNode,
) -> Vec<(String, bool)> {
    let Some(analysis) = db.file(file) else {
        return Vec::new();
    };
    let Some(function) = apply.children().next() else {
        return Vec::new();
    };
    let Some(expr) = analysis
        .core
        .source_map()
        .expr_for_node(&strip_parens(function))
    else {
        return Vec::new();
    };
    let mut fuel = Fuel::default();
    let Some(value) = trace(db, Value { file, expr }, &mut fuel) else {
        return Vec::new();
    };
    let Some(target) = db.file(value.file) else {
        return Vec::new();
    };
    let module = target.core.module();
    match &module[value.expr] {
        Expr::Lambda {
            pattern: Some(pattern),
            ..
        } => pattern
            .fields
            .iter()
            .map(|f| (module[f.name].text.clone(), f.default.is_some()))
            .collect(),
        _ => Vec::new(),
    }
}

fn describe_visible(
    db: &Db,
    file: FileId,
    visible: &VisibleName,
) -> (String, CompletionKind, Option<String>) {
    match visible {
        VisibleName::Definition(text, name) => {
            let Some(analysis) = db.file(file) else {
                return (text.clone(), CompletionKind::Variable, None);
            };
            let kind = analysis.core.module()[*name].kind;
            let (kind, detail) = match kind {
                NameKind::Param => (CompletionKind::Parameter, "parameter"),
                NameKind::PatField => (CompletionKind::Parameter, "pattern field"),
                NameKind::PatAlias => (CompletionKind::Parameter, "pattern alias"),
                NameKind::LetIn => (value_kind_or_variable(db, file, *name), "let"),
                NameKind::RecAttr | NameKind::PlainAttr => {
                    (value_kind_or_variable(db, file, *name), "rec attribute")
                }
            };
            (text.clone(), kind, Some(detail.to_string()))
        }
        VisibleName::Builtin(text) => (
            text.to_string(),
            CompletionKind::Builtin,
            Some("builtin".into()),
        ),
    }
}

fn value_kind_or_variable(db: &Db, file: FileId, name: nixty_check::ir::NameId) -> CompletionKind {
    match value_kind(db, file, name) {
        CompletionKind::Function => CompletionKind::Function,
        _ => CompletionKind::Variable,
    }
}

fn priority_of(visible: &VisibleName) -> u8 {
    match visible {
        VisibleName::Definition(..) => 0,
        VisibleName::Builtin(_) => 2,
    }
}

fn complete_expression(ctx: &mut Ctx, offset: TextSize) {
    let Some(analysis) = ctx.db.file(ctx.file) else {
        return;
    };
    let scope = analysis
        .core
        .scope_at(scope_offset(&analysis.core.syntax(), ctx.word, offset));
    for visible in analysis.core.scopes().visible_names(scope) {
        let (text, kind, detail) = describe_visible(ctx.db, ctx.file, &visible);
        let documentation = match &visible {
            VisibleName::Builtin(b) => builtin_name(b).and_then(crate::builtin_docs::doc),
            _ => None,
        };
        ctx.add_with_doc(text, kind, detail, documentation, priority_of(&visible));
    }
    // Attributes of the sets of enclosing `with`s, when known.
    let mut fuel = Fuel::default();
    for with in analysis.core.scopes().withs(scope) {
        if let Expr::With { env, .. } = &analysis.core.module()[with] {
            let env_text = analysis.core.text()[analysis.core.expr_range(*env)].to_string();
            for (text, file, name) in attrs_of(
                ctx.db,
                Value {
                    file: ctx.file,
                    expr: *env,
                },
                &mut fuel,
            ) {
                let kind = value_kind(ctx.db, file, name);
                ctx.add(
                    text,
                    kind,
                    Some(format!("with {}", one_line_excerpt(&env_text, 30))),
                    1,
                );
            }
        }
    }
    ctx.add(
        "builtins".into(),
        CompletionKind::Builtin,
        Some("builtin".into()),
        2,
    );
    for keyword in EXPRESSION_KEYWORDS {
        if matches!(*keyword, "inherit" | "then" | "else" | "in" | "or") {
            continue;
        }
        ctx.add(keyword.to_string(), CompletionKind::Keyword, None, 3);
    }
    // `then`/`else`/`in` where they can come next.
    if let Some(node) = root_ancestor_kinds(&analysis.core.syntax(), offset) {
        for keyword in node {
            ctx.add(keyword.to_string(), CompletionKind::Keyword, None, 3);
        }
    }
}

/// Where to ask for the scope: the start of the word being typed, or else the start of the
/// previous token (the cursor usually sits in whitespace that belongs to no expression).
fn scope_offset(root: &SyntaxNode, word: TextRange, offset: TextSize) -> TextSize {
    if !word.is_empty() {
        return word.start();
    }
    let mut token = root.token_at_offset(offset).left_biased();
    while let Some(t) = token {
        if !matches!(t.kind(), TOKEN_WHITESPACE | TOKEN_COMMENT) {
            return t.text_range().start();
        }
        token = t.prev_token();
    }
    offset
}

/// Keywords that may continue an enclosing construct at `offset`: `then` / `else` in an
/// `if`, `in` in a `let`.
fn root_ancestor_kinds(root: &SyntaxNode, offset: TextSize) -> Option<Vec<&'static str>> {
    let mut token = root.token_at_offset(offset).left_biased()?;
    while matches!(token.kind(), TOKEN_WHITESPACE | TOKEN_COMMENT) {
        token = token.prev_token()?;
    }
    let mut out = Vec::new();
    for node in token.parent_ancestors() {
        let has = |kind| node.children_with_tokens().any(|t| t.kind() == kind);
        match node.kind() {
            NODE_IF_ELSE => {
                if !has(TOKEN_THEN) {
                    out.push("then");
                } else if !has(TOKEN_ELSE) {
                    out.push("else");
                }
                break;
            }
            NODE_LET_IN if !has(TOKEN_IN) => {
                out.push("in");
                break;
            }
            _ => {}
        }
    }
    Some(out)
}

/// The path literal before the cursor (`./a/b`, `../x`, `~/y`, `/etc/z`), if any.
fn path_being_typed(text: &str, offset: TextSize) -> Option<String> {
    let before = text.get(..usize::from(offset))?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '/' | '~')
        })
        .last()
        .map(|(i, _)| i)?;
    let typed = &before[start..];
    let is_path = typed.starts_with("./")
        || typed.starts_with("../")
        || typed.starts_with("~/")
        || (typed.starts_with('/') && !before[..start].ends_with(['.', '/']));
    (is_path && !before[..start].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '}'))
        .then(|| typed.to_string())
}

/// Files and folders for the last segment of a path literal being typed.
fn complete_path(ctx: &mut Ctx, typed: &str, offset: TextSize) {
    let Some(file_path) = ctx.db.workspace.path(ctx.file).map(Path::to_path_buf) else {
        return;
    };
    let (dir_part, _) = match typed.rfind('/') {
        Some(at) => typed.split_at(at + 1),
        None => return,
    };
    let path_start = offset - TextSize::of(typed);
    let segment_start = path_start + TextSize::from(dir_part.len() as u32);
    ctx.word = TextRange::new(segment_start, offset);
    let base = if let Some(rest) = dir_part.strip_prefix("~/") {
        match std::env::var_os("HOME") {
            Some(home) => PathBuf::from(home).join(rest),
            None => return,
        }
    } else if dir_part.starts_with('/') {
        PathBuf::from(dir_part)
    } else {
        match file_path.parent() {
            Some(parent) => parent.join(dir_part),
            None => return,
        }
    };
    let mut entries: Vec<(String, bool)> = Vec::new();
    // Files the host knows (unsaved ones too), then the disk.
    for id in ctx.db.workspace.files() {
        if let Some(path) = ctx.db.workspace.path(id) {
            if let Ok(rest) = path.strip_prefix(&base) {
                let mut components = rest.components();
                if let Some(first) = components.next() {
                    let is_dir = components.next().is_some();
                    entries.push((first.as_os_str().to_string_lossy().into_owned(), is_dir));
                }
            }
        }
    }
    if let Ok(read) = std::fs::read_dir(&base) {
        for entry in read.flatten().take(MAX_DIR_ENTRIES) {
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            entries.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
        }
    }
    entries.sort();
    for (name, is_dir) in entries {
        if name.starts_with('.') || name.contains(|c: char| c.is_whitespace()) {
            continue;
        }
        let own_file = file_path
            .file_name()
            .is_some_and(|f| f.to_string_lossy() == name)
            && !is_dir
            && base
                == file_path
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
        if own_file {
            continue;
        }
        let (kind, priority) = if is_dir {
            (CompletionKind::Folder, 0)
        } else if name.ends_with(".nix") {
            (CompletionKind::File, 0)
        } else {
            (CompletionKind::File, 1)
        };
        ctx.add(name, kind, None, priority);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    fn check(text: &str, expect: expect_test::Expect) {
        let fixture = Fixture::new(text);
        let items = fixture.analysis.completions(fixture.position());
        let out: String = items
            .iter()
            .filter(|i| i.kind != super::CompletionKind::Builtin || items.len() < 30)
            .filter(|i| i.kind != super::CompletionKind::Keyword)
            .map(|i| {
                format!(
                    "{} {:?}{} @{:?}\n",
                    i.label,
                    i.kind,
                    i.detail
                        .as_ref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default(),
                    i.edit.range
                )
            })
            .collect();
        expect.assert_eq(&out);
    }

    /// Label and kind only: details hold inferred types, checked separately on stable cases.
    fn check_kinds(text: &str, expect: expect_test::Expect) {
        let fixture = Fixture::new(text);
        let out: String = fixture
            .analysis
            .completions(fixture.position())
            .iter()
            .map(|i| format!("{} {:?} @{:?}\n", i.label, i.kind, i.edit.range))
            .collect();
        expect.assert_eq(&out);
    }

    fn labels(text: &str) -> Vec<String> {
        let fixture = Fixture::new(text);
        fixture
            .analysis
            .completions(fixture.position())
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn names_in_scope() {
        check(
            "let\n  helper = x: x;\n  value = 1;\nin { a, b ? 2 }: h$0",
            expect![[r#"
                a Parameter (pattern field) @51..52
                b Parameter (pattern field) @51..52
                helper Function (let) @51..52
                value Variable (let) @51..52
            "#]],
        );
        let all = labels("let v = 1; in $0");
        for expected in ["v", "map", "builtins", "if", "let", "true"] {
            assert!(
                all.contains(&expected.to_string()),
                "{expected} missing from {all:?}"
            );
        }
        assert!(labels("if x $0").contains(&"then".to_string()));
    }

    #[test]
    fn attributes_after_dot() {
        check(
            "let s = { a = 1; b = \"s\"; }; in s.$0",
            expect![[r#"
            a Field (Int) @34..34
            b Field (String) @34..34
        "#]],
        );
        check_kinds(
            "let s = { a = 1; b.c = x: x; }; in s.$0",
            expect![[r#"
            a Field @37..37
            b Field @37..37
        "#]],
        );
        check_kinds(
            "let s = { a = 1; b.c = x: x; }; in s.b.$0",
            expect![[r#"
                c Function @39..39
            "#]],
        );
        check_kinds(
            "let s = { a = 1; b.c = x: x; }; in s.b.c$0",
            expect![[r#"
                c Function @39..40
            "#]],
        );
        assert!(labels("builtins.$0").contains(&"attrNames".to_string()));
        assert!(labels("{ a = builtins.$0; }").contains(&"attrNames".to_string()));
    }

    #[test]
    fn attributes_of_imported_files_and_with() {
        check(
            "//- /p/lib.nix\n{ foo = 1; bar = \"b\"; }\n//- /p/main.nix\nlet l = import ./lib.nix; in l.$0\n",
            expect![[r#"
                bar Field (String) @31..31
                foo Field (Int) @31..31
            "#]],
        );
        let with =
            labels("//- /p/lib.nix\n{ foo = 1; }\n//- /p/main.nix\nwith import ./lib.nix; f$0\n");
        assert!(with.contains(&"foo".to_string()), "{with:?}");
    }

    #[test]
    fn inherit_and_pattern_fields() {
        check(
            "let s = { a = 1; b = 2; }; in { inherit (s) $0; }",
            expect![[r#"
            a Field @44..44
            b Field @44..44
        "#]],
        );
        check(
            "let f = { name, version ? \"1\", src }: name; in f { name = \"x\"; $0 }",
            expect![[r#"
                src Field (field) @63..63
                version Field (optional field) @63..63
            "#]],
        );
    }

    #[test]
    fn fields_expected_by_the_function_type() {
        let fixture = Fixture::new("(x /*: { name: String, size?: Int } */: 1) { $0 }");
        let labels: Vec<String> = fixture
            .analysis
            .completions(fixture.position())
            .into_iter()
            .map(|i| i.label)
            .collect();
        expect![[r#"
            [
                "name",
                "size",
                "inherit",
            ]
        "#]]
        .assert_debug_eq(&labels);
    }

    #[test]
    fn file_names_in_paths() {
        check(
            "//- /p/main.nix\nimport ./$0\n//- /p/lib.nix\n{ }\n//- /p/sub/default.nix\n{ }\n",
            expect![[r#"
                lib.nix File @9..9
                sub Folder @9..9
            "#]],
        );
    }

    #[test]
    fn nothing_in_comments_and_strings() {
        assert!(labels("# comm$0ent\n1").is_empty());
        assert!(labels("\"str$0ing\"").is_empty());
        assert!(labels("x$0: x").is_empty());
    }
}
