//! Lowering: rowan tree → [`Module`] + [`SourceMap`], with the diagnostics only lowering sees
//! (duplicate attributes and parameters, forbidden dynamic attributes, empty `inherit`,
//! deprecated syntax, nesting too deep).

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use nixty_parse::{ast, NixLanguage, SyntaxKind, SyntaxKind::*, SyntaxNode, TextRange, TextSize};
use rowan::ast::AstNode;

use crate::codes::Code;
use crate::ir::*;
use crate::Diagnostic;

/// A pointer to a syntax node that survives the tree being dropped (kind + range).
pub type SyntaxNodePtr = rowan::ast::SyntaxNodePtr<NixLanguage>;

/// Expressions nested deeper than this are lowered to [`Expr::Missing`] with a
/// `nested-too-deeply` diagnostic, so every pass over the IR may recurse safely.
pub const MAX_DEPTH: usize = 1000;

/// Links the IR back to the syntax, both ways.
///
/// Compact: per expression a range and an optional pointer; node → expression and node → name
/// are vectors sorted by node (binary search), and each name's definition sites are one slice
/// of a shared vector.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    expr_ranges: Vec<TextRange>,
    expr_ptrs: Vec<Option<SyntaxNodePtr>>,
    /// Sorted by [`node_key`], one entry per node.
    node_to_expr: Vec<(SyntaxNodePtr, ExprId)>,
    /// The sites of name `i` are `name_sites[name_site_starts[i]..name_site_starts[i + 1]]`.
    name_sites: Vec<SyntaxNodePtr>,
    name_site_starts: Vec<u32>,
    /// Sorted by [`node_key`], one entry per node.
    node_to_name: Vec<(SyntaxNodePtr, NameId)>,
}

/// The order of the sorted node maps: by start, then end, then kind.
fn node_key(ptr: &SyntaxNodePtr) -> (TextSize, TextSize, u16) {
    let range = ptr.text_range();
    (range.start(), range.end(), ptr.kind() as u16)
}

fn lookup<T: Copy>(sorted: &[(SyntaxNodePtr, T)], ptr: &SyntaxNodePtr) -> Option<T> {
    let key = node_key(ptr);
    sorted
        .binary_search_by(|(p, _)| node_key(p).cmp(&key))
        .ok()
        .map(|i| sorted[i].1)
}

/// Sorts `(node, value)` pairs by node, keeping the smallest value for each node (the first
/// pushed: ids grow as they are allocated).
fn sorted_first_wins<T: Ord + Copy>(mut pairs: Vec<(SyntaxNodePtr, T)>) -> Vec<(SyntaxNodePtr, T)> {
    pairs.sort_unstable_by_key(|(p, value)| (node_key(p), *value));
    pairs.dedup_by(|later, earlier| later.0 == earlier.0);
    pairs.shrink_to_fit();
    pairs
}

impl SourceMap {
    /// The source range of an expression. Synthetic expressions (merged attribute paths) get
    /// the range of the binding that created them; `Missing` ones an empty or enclosing range.
    pub fn expr_range(&self, id: ExprId) -> TextRange {
        self.expr_ranges[id.index()]
    }

    /// The syntax node an expression was lowered from (`None` for synthetic expressions).
    pub fn expr_syntax(&self, id: ExprId) -> Option<SyntaxNodePtr> {
        self.expr_ptrs[id.index()]
    }

    /// The expression lowered from a node. Parentheses map to the expression inside; the name
    /// of `inherit x;` maps to its reference; a static name in a selection (`e.a`) to its
    /// string literal.
    pub fn node_expr(&self, ptr: &SyntaxNodePtr) -> Option<ExprId> {
        lookup(&self.node_to_expr, ptr)
    }

    /// The expression lowered from a node, looked up by the node itself.
    pub fn expr_for_node(&self, node: &SyntaxNode) -> Option<ExprId> {
        self.node_expr(&SyntaxNodePtr::new(node))
    }

    /// Every place a name is defined (one, or several for merged paths `a.b = 1; a.c = 2;`),
    /// as pointers to the name's node (an `Ident`, `Str` or `Dynamic` node).
    pub fn name_syntax(&self, id: NameId) -> &[SyntaxNodePtr] {
        let start = self.name_site_starts[id.index()] as usize;
        let end = self.name_site_starts[id.index() + 1] as usize;
        &self.name_sites[start..end]
    }

    /// The range of the first definition of a name.
    pub fn name_range(&self, id: NameId) -> TextRange {
        self.name_syntax(id)
            .first()
            .map(|p| p.text_range())
            .unwrap_or_default()
    }

    /// The name defined by a node (a binding's name, parameter, field or alias).
    pub fn node_name(&self, ptr: &SyntaxNodePtr) -> Option<NameId> {
        lookup(&self.node_to_name, ptr)
    }

    /// The name defined by a node, looked up by the node itself.
    pub fn name_for_node(&self, node: &SyntaxNode) -> Option<NameId> {
        self.node_name(&SyntaxNodePtr::new(node))
    }
}

/// The source map while lowering: appended to, sorted once at the end.
#[derive(Default)]
struct SourceMapBuilder {
    expr_ranges: Vec<TextRange>,
    expr_ptrs: Vec<Option<SyntaxNodePtr>>,
    node_to_expr: Vec<(SyntaxNodePtr, ExprId)>,
    /// The first site of each name.
    name_first_sites: Vec<SyntaxNodePtr>,
    /// Further sites (merged attribute paths), in the order they were found.
    name_more_sites: Vec<(NameId, SyntaxNodePtr)>,
}

impl SourceMapBuilder {
    fn finish(self) -> SourceMap {
        let mut expr_ranges = self.expr_ranges;
        let mut expr_ptrs = self.expr_ptrs;
        expr_ranges.shrink_to_fit();
        expr_ptrs.shrink_to_fit();
        // Each name's sites: its first, then the others in the order they were found.
        let mut more = self.name_more_sites;
        more.sort_by_key(|(name, _)| *name);
        let mut more = more.into_iter().peekable();
        let names = self.name_first_sites.len();
        let mut name_sites = Vec::with_capacity(names + more.len());
        let mut name_site_starts = Vec::with_capacity(names + 1);
        for (i, first) in self.name_first_sites.into_iter().enumerate() {
            name_site_starts.push(name_sites.len() as u32);
            name_sites.push(first);
            while let Some((_, site)) = more.next_if(|(name, _)| name.index() == i) {
                name_sites.push(site);
            }
        }
        name_site_starts.push(name_sites.len() as u32);
        // Each site belongs to one name (a name's sites are distinct binding nodes).
        let mut node_to_name: Vec<(SyntaxNodePtr, NameId)> = Vec::with_capacity(name_sites.len());
        for (i, window) in name_site_starts.windows(2).enumerate() {
            for site in &name_sites[window[0] as usize..window[1] as usize] {
                node_to_name.push((*site, NameId(i as u32)));
            }
        }
        SourceMap {
            expr_ranges,
            expr_ptrs,
            node_to_expr: sorted_first_wins(self.node_to_expr),
            name_sites,
            name_site_starts,
            node_to_name: sorted_first_wins(node_to_name),
        }
    }
}

/// The result of lowering one file.
#[derive(Clone, Debug)]
pub struct Lowered {
    pub module: Module,
    pub source_map: SourceMap,
    /// Diagnostics found while lowering (codes of [`Code`]).
    pub diagnostics: Vec<Diagnostic>,
}

/// An upper bound of the depth of the IR [`lower`] builds for `root` (and of lowering's
/// recursion), without recursion: the tree depth plus the extra nesting of attribute paths
/// (`a.b.c = …` nests three sets), capped at [`MAX_DEPTH`] + 1. Walks the green tree (no
/// red node is allocated) and stops at the cap.
pub fn depth_bound(root: &SyntaxNode) -> usize {
    use rowan::{Language, NodeOrToken};
    let attrpath_value = NixLanguage::kind_to_raw(NODE_ATTRPATH_VALUE);
    let attrpath = NixLanguage::kind_to_raw(NODE_ATTRPATH);
    let green = root.green();
    let extra = |node: &rowan::GreenNodeData| -> usize {
        if node.kind() != attrpath_value {
            return 0;
        }
        let path = node.children().find_map(|c| match c {
            NodeOrToken::Node(n) if n.kind() == attrpath => Some(n),
            _ => None,
        });
        path.map_or(0, |p| {
            p.children()
                .filter(|c| c.as_node().is_some())
                .count()
                .saturating_sub(1)
        })
    };
    let mut stack: Vec<(&rowan::GreenNodeData, usize)> = vec![(green, 1 + extra(green))];
    let mut max = 0;
    while let Some((node, depth)) = stack.pop() {
        max = max.max(depth);
        if max > MAX_DEPTH {
            break;
        }
        for child in node.children() {
            if let NodeOrToken::Node(child) = child {
                stack.push((child, depth + 1 + extra(child)));
            }
        }
    }
    max.min(MAX_DEPTH + 1)
}

/// The number of nodes of a tree (a walk over the green tree: no red node is allocated).
fn green_node_count(root: &SyntaxNode) -> usize {
    let mut stack: Vec<&rowan::GreenNodeData> = vec![root.green()];
    let mut count = 0;
    while let Some(node) = stack.pop() {
        count += 1;
        stack.extend(node.children().filter_map(|c| c.into_node()));
    }
    count
}

/// Lowers a parsed file's root node.
pub fn lower(root: &SyntaxNode) -> Lowered {
    let mut lowerer = Lowerer::default();
    // Sized up front (about one expression per node): growing by doubling copied the arenas
    // and left their old blocks to the allocator, which keeps them as slack.
    let nodes = green_node_count(root);
    lowerer.exprs.reserve(nodes);
    lowerer.source_map.expr_ranges.reserve(nodes);
    lowerer.source_map.expr_ptrs.reserve(nodes);
    lowerer.source_map.node_to_expr.reserve(nodes);
    let entry = match root.children().next() {
        Some(node) if root.kind() == NODE_ROOT => lowerer.lower_expr(Some(node)),
        _ if root.kind() == NODE_ROOT => lowerer.missing(TextRange::empty(root.text_range().end())),
        _ => lowerer.lower_expr(Some(root.clone())),
    };
    // Give the unused part of the arenas back (they live as long as the analysis).
    lowerer.exprs.shrink_to_fit();
    lowerer.names.shrink_to_fit();
    Lowered {
        module: Module {
            exprs: lowerer.exprs,
            names: lowerer.names,
            entry,
        },
        source_map: lowerer.source_map.finish(),
        diagnostics: lowerer.diagnostics,
    }
}

#[derive(Default)]
struct Lowerer {
    exprs: Vec<Expr>,
    names: Vec<Name>,
    source_map: SourceMapBuilder,
    diagnostics: Vec<Diagnostic>,
    depth: usize,
    reported_depth: bool,
}

/// A binding list being built; nested attribute paths and set literals merge into it.
struct PendingSet {
    rec: bool,
    name_kind: NameKind,
    range: TextRange,
    ptr: Option<SyntaxNodePtr>,
    statics: Vec<(NameId, PendingValue)>,
    by_name: FxHashMap<String, usize>,
    inherit_froms: Vec<ExprId>,
    dynamics: Vec<(ExprId, PendingValue)>,
}

enum PendingValue {
    Expr(ExprId),
    Inherit(ExprId),
    InheritFrom(usize),
    /// Boxed: a `PendingSet` is large, and a file's top-level set holds thousands of values.
    Set(Box<PendingSet>),
}

/// Where a binding list lives: Nix forbids dynamic attributes in `let`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BindingsOwner {
    Let,
    AttrSet,
}

impl PendingSet {
    fn new(rec: bool, name_kind: NameKind, node: Option<&SyntaxNode>, range: TextRange) -> Self {
        PendingSet {
            rec,
            name_kind,
            range,
            ptr: node.map(SyntaxNodePtr::new),
            statics: Vec::new(),
            by_name: FxHashMap::default(),
            inherit_froms: Vec::new(),
            dynamics: Vec::new(),
        }
    }

    /// The plain set a dotted binding (`a.b = …`) opens for each attribute of its path prefix.
    fn implied_by(binding: &SyntaxNode) -> PendingValue {
        let set = PendingSet::new(
            false,
            NameKind::PlainAttr,
            Some(binding),
            binding.text_range(),
        );
        PendingValue::Set(Box::new(set))
    }
}

/// An attribute name as written: static text or an expression.
enum AttrKey {
    Static(String),
    Dynamic(SyntaxNode),
}

fn attr_key(node: &SyntaxNode) -> AttrKey {
    match node.kind() {
        NODE_IDENT => AttrKey::Static(ident_text(node)),
        NODE_STRING => match static_string(node) {
            Some(s) => AttrKey::Static(s),
            None => AttrKey::Dynamic(node.clone()),
        },
        NODE_DYNAMIC => match node.children().next() {
            Some(inner) if inner.kind() == NODE_STRING => match static_string(&inner) {
                Some(s) => AttrKey::Static(s),
                None => AttrKey::Dynamic(node.clone()),
            },
            _ => AttrKey::Dynamic(node.clone()),
        },
        _ => AttrKey::Dynamic(node.clone()),
    }
}

/// The text of an `Ident` node (its one token; cheaper than `node.text()`).
fn ident_text(node: &SyntaxNode) -> String {
    match node.first_token() {
        Some(token) if token.text_range() == node.text_range() => token.text().to_string(),
        _ => node.text().to_string(),
    }
}

/// Whether a string node has only the shape rnix's string helpers accept (they assert it).
fn well_formed_string(node: &SyntaxNode) -> bool {
    node.children_with_tokens().all(|child| match child {
        rowan::NodeOrToken::Token(t) => matches!(
            t.kind(),
            TOKEN_STRING_START | TOKEN_STRING_END | TOKEN_STRING_CONTENT
        ),
        rowan::NodeOrToken::Node(n) => n.kind() == NODE_INTERPOL,
    })
}

fn string_parts(node: &SyntaxNode) -> Vec<ast::InterpolPart<StringPartSource>> {
    if well_formed_string(node) {
        if let Some(s) = ast::Str::cast(node.clone()) {
            return s
                .normalized_parts()
                .into_iter()
                .map(|p| match p {
                    ast::InterpolPart::Literal(s) => {
                        ast::InterpolPart::Literal(StringPartSource(s))
                    }
                    ast::InterpolPart::Interpolation(i) => ast::InterpolPart::Interpolation(i),
                })
                .collect();
        }
    }
    // Broken string: keep the interpolations, take the raw text of the rest.
    node.children_with_tokens()
        .filter_map(|child| match child {
            rowan::NodeOrToken::Token(t) if t.kind() == TOKEN_STRING_CONTENT => Some(
                ast::InterpolPart::Literal(StringPartSource(t.text().to_string())),
            ),
            rowan::NodeOrToken::Node(n) => {
                ast::Interpol::cast(n).map(ast::InterpolPart::Interpolation)
            }
            _ => None,
        })
        .collect()
}

struct StringPartSource(String);

/// The text of a string without interpolation.
fn static_string(node: &SyntaxNode) -> Option<String> {
    let mut out = String::new();
    for part in string_parts(node) {
        match part {
            ast::InterpolPart::Literal(s) => out.push_str(&s.0),
            ast::InterpolPart::Interpolation(_) => return None,
        }
    }
    Some(out)
}

fn is_expr_kind(kind: SyntaxKind) -> bool {
    !matches!(
        kind,
        NODE_ATTRPATH
            | NODE_ATTRPATH_VALUE
            | NODE_INHERIT
            | NODE_INHERIT_FROM
            | NODE_PATTERN
            | NODE_PAT_BIND
            | NODE_PAT_ENTRY
            | NODE_IDENT_PARAM
            | NODE_INTERPOL
            | NODE_DYNAMIC
    )
}

/// The `n`th child node that is an expression (rnix's typed getters, on raw nodes).
fn expr_child(node: &SyntaxNode, n: usize) -> Option<SyntaxNode> {
    expr_children(node).nth(n)
}

/// The child nodes that are expressions, in order (walked once for nodes with several).
fn expr_children(node: &SyntaxNode) -> impl Iterator<Item = SyntaxNode> {
    node.children().filter(|c| is_expr_kind(c.kind()))
}

impl Lowerer {
    fn alloc(&mut self, expr: Expr, node: Option<&SyntaxNode>, range: TextRange) -> ExprId {
        let id = ExprId(self.exprs.len() as u32);
        self.exprs.push(expr);
        self.source_map.expr_ranges.push(range);
        let ptr = node.map(SyntaxNodePtr::new);
        self.source_map.expr_ptrs.push(ptr);
        if let Some(ptr) = ptr {
            self.source_map.node_to_expr.push((ptr, id));
        }
        id
    }

    fn missing(&mut self, range: TextRange) -> ExprId {
        self.alloc(Expr::Missing, None, range)
    }

    fn new_name(&mut self, text: String, kind: NameKind, node: &SyntaxNode) -> NameId {
        let id = NameId(self.names.len() as u32);
        self.names.push(Name { text, kind });
        let ptr = SyntaxNodePtr::new(node);
        self.source_map.name_first_sites.push(ptr);
        id
    }

    fn add_name_site(&mut self, id: NameId, node: &SyntaxNode) {
        let ptr = SyntaxNodePtr::new(node);
        self.source_map.name_more_sites.push((id, ptr));
    }

    fn diagnostic(&mut self, code: Code, range: TextRange, message: String) {
        self.diagnostics
            .push(Diagnostic::from_code(code, range, message));
    }

    /// A diagnostic that also points at the first occurrence of what it repeats.
    fn diagnostic_with_first(
        &mut self,
        code: Code,
        range: TextRange,
        message: String,
        first: TextRange,
        note: String,
    ) {
        let mut d = Diagnostic::from_code(code, range, message);
        d.related.push((first, note));
        self.diagnostics.push(d);
    }

    /// Guards recursion: returns false (after reporting once) when nesting is too deep.
    fn enter(&mut self, node: &SyntaxNode) -> bool {
        if self.depth >= MAX_DEPTH {
            self.enter_depth_exceeded(node);
            return false;
        }
        self.depth += 1;
        true
    }

    fn enter_depth_exceeded(&mut self, node: &SyntaxNode) {
        {
            if !self.reported_depth {
                self.reported_depth = true;
                let range = node.text_range();
                let start = TextRange::at(range.start(), TextSize::from(0));
                self.diagnostic(
                    Code::NestedTooDeeply,
                    start,
                    format!(
                        "expression nested too deeply: nixty analyzes up to {MAX_DEPTH} levels; the code inside is not checked"
                    ),
                );
            }
        }
    }

    fn lower_expr(&mut self, node: Option<SyntaxNode>) -> ExprId {
        let Some(node) = node else {
            return self.missing(TextRange::default());
        };
        if !self.enter(&node) {
            return self.missing(node.text_range());
        }
        let id = self.lower_expr_inner(&node);
        self.depth -= 1;
        id
    }

    /// Lowers the next of `children` (of `node`), or a `Missing` at the end of `node`.
    fn lower_next(
        &mut self,
        children: &mut impl Iterator<Item = SyntaxNode>,
        node: &SyntaxNode,
    ) -> ExprId {
        match children.next() {
            Some(child) => self.lower_expr(Some(child)),
            None => self.missing(TextRange::empty(node.text_range().end())),
        }
    }

    fn lower_child(&mut self, node: &SyntaxNode, n: usize) -> ExprId {
        match expr_child(node, n) {
            Some(child) => self.lower_expr(Some(child)),
            None => self.missing(TextRange::empty(node.text_range().end())),
        }
    }

    fn lower_expr_inner(&mut self, node: &SyntaxNode) -> ExprId {
        let range = node.text_range();
        let some = Some(node);
        match node.kind() {
            NODE_PAREN => {
                let inner = self.lower_child(node, 0);
                self.source_map
                    .node_to_expr
                    .push((SyntaxNodePtr::new(node), inner));
                inner
            }
            NODE_IDENT => {
                let text = ident_text(node);
                if text == "or" {
                    self.diagnostic(
                        Code::OrAsIdentifier,
                        range,
                        "`or` is a keyword; using it as a variable is deprecated and confusing (`f x or y` is not a default)".into(),
                    );
                }
                self.alloc(Expr::Reference(text), some, range)
            }
            NODE_LITERAL => {
                let literal = match node.first_token() {
                    Some(t) if t.kind() == TOKEN_INTEGER => {
                        Literal::Int(t.text().parse::<i64>().unwrap_or(i64::MAX))
                    }
                    Some(t) if t.kind() == TOKEN_FLOAT => {
                        Literal::Float(t.text().parse::<f64>().unwrap_or(f64::NAN))
                    }
                    Some(t) if t.kind() == TOKEN_URI => {
                        self.diagnostic(
                            Code::DeprecatedUrlLiteral,
                            range,
                            format!(
                                "URL literals are deprecated; write the URL as a string: \"{}\"",
                                t.text()
                            ),
                        );
                        Literal::Uri(t.text().to_string())
                    }
                    _ => return self.alloc(Expr::Missing, some, range),
                };
                self.alloc(Expr::Literal(literal), some, range)
            }
            NODE_STRING => {
                let parts = string_parts(node);
                if parts
                    .iter()
                    .all(|p| matches!(p, ast::InterpolPart::Literal(_)))
                {
                    let text = parts
                        .into_iter()
                        .map(|p| match p {
                            ast::InterpolPart::Literal(s) => s.0,
                            ast::InterpolPart::Interpolation(_) => String::new(),
                        })
                        .collect();
                    return self.alloc(Expr::Literal(Literal::String(text)), some, range);
                }
                let parts = parts
                    .into_iter()
                    .map(|p| match p {
                        ast::InterpolPart::Literal(s) => InterpolPart::Literal(s.0),
                        ast::InterpolPart::Interpolation(i) => {
                            InterpolPart::Interpolation(self.lower_child(i.syntax(), 0))
                        }
                    })
                    .collect();
                self.alloc(Expr::StringInterpolation(parts), some, range)
            }
            NODE_PATH_ABS | NODE_PATH_REL | NODE_PATH_HOME | NODE_PATH_SEARCH => {
                let has_interpolation = node.children().any(|c| c.kind() == NODE_INTERPOL);
                if !has_interpolation {
                    let text = node.text().to_string();
                    let literal = if node.kind() == NODE_PATH_SEARCH {
                        Literal::SearchPath(
                            text.trim_start_matches('<')
                                .trim_end_matches('>')
                                .to_string(),
                        )
                    } else {
                        Literal::Path(text)
                    };
                    return self.alloc(Expr::Literal(literal), some, range);
                }
                let mut parts = Vec::new();
                for child in node.children_with_tokens() {
                    match child {
                        rowan::NodeOrToken::Token(t) => {
                            parts.push(InterpolPart::Literal(t.text().to_string()))
                        }
                        rowan::NodeOrToken::Node(n) => {
                            parts.push(InterpolPart::Interpolation(self.lower_child(&n, 0)))
                        }
                    }
                }
                self.alloc(Expr::PathInterpolation(parts), some, range)
            }
            NODE_CUR_POS => self.alloc(Expr::CurPos, some, range),
            NODE_LAMBDA => self.lower_lambda(node),
            NODE_APPLY => {
                let mut children = expr_children(node);
                let fun = self.lower_next(&mut children, node);
                let arg = self.lower_next(&mut children, node);
                self.alloc(Expr::Apply { fun, arg }, some, range)
            }
            NODE_SELECT => {
                let set = self.lower_child(node, 0);
                let attrpath = self.lower_attrpath(node);
                let default = expr_child(node, 1).map(|d| self.lower_expr(Some(d)));
                self.alloc(
                    Expr::Select {
                        set,
                        attrpath,
                        default,
                    },
                    some,
                    range,
                )
            }
            NODE_HAS_ATTR => {
                let set = self.lower_child(node, 0);
                let attrpath = self.lower_attrpath(node);
                self.alloc(Expr::HasAttr { set, attrpath }, some, range)
            }
            NODE_BIN_OP => {
                let op = ast::BinOp::cast(node.clone())
                    .and_then(|b| b.operator())
                    .map(convert_binop);
                let mut children = expr_children(node);
                let lhs = self.lower_next(&mut children, node);
                let rhs = self.lower_next(&mut children, node);
                match op {
                    Some(op) => self.alloc(Expr::Binary { op, lhs, rhs }, some, range),
                    None => self.alloc(Expr::Missing, some, range),
                }
            }
            NODE_UNARY_OP => {
                let op = match node.first_token().map(|t| t.kind()) {
                    Some(TOKEN_INVERT) => UnaryOp::Not,
                    _ => UnaryOp::Negate,
                };
                let operand = self.lower_child(node, 0);
                self.alloc(Expr::Unary { op, operand }, some, range)
            }
            NODE_IF_ELSE => {
                let mut children = expr_children(node);
                let cond = self.lower_next(&mut children, node);
                let then_body = self.lower_next(&mut children, node);
                let else_body = self.lower_next(&mut children, node);
                self.alloc(
                    Expr::IfThenElse {
                        cond,
                        then_body,
                        else_body,
                    },
                    some,
                    range,
                )
            }
            NODE_ASSERT => {
                let mut children = expr_children(node);
                let cond = self.lower_next(&mut children, node);
                let body = self.lower_next(&mut children, node);
                self.alloc(Expr::Assert { cond, body }, some, range)
            }
            NODE_WITH => {
                let mut children = expr_children(node);
                let env = self.lower_next(&mut children, node);
                let body = self.lower_next(&mut children, node);
                self.alloc(Expr::With { env, body }, some, range)
            }
            NODE_LIST => {
                let items = node
                    .children()
                    .filter(|c| is_expr_kind(c.kind()))
                    .collect::<Vec<_>>();
                let items = items
                    .into_iter()
                    .map(|item| self.lower_expr(Some(item)))
                    .collect();
                self.alloc(Expr::List(items), some, range)
            }
            NODE_ATTR_SET => {
                let rec = node.children_with_tokens().any(|c| c.kind() == TOKEN_REC);
                let kind = if rec {
                    NameKind::RecAttr
                } else {
                    NameKind::PlainAttr
                };
                let mut set = PendingSet::new(rec, kind, some, range);
                self.lower_bindings_into(&mut set, node, BindingsOwner::AttrSet);
                let bindings = self.finish_set(set);
                self.alloc(Expr::AttrSet { rec, bindings }, some, range)
            }
            NODE_LET_IN => {
                let mut set = PendingSet::new(false, NameKind::LetIn, some, range);
                self.lower_bindings_into(&mut set, node, BindingsOwner::Let);
                let bindings = self.finish_set(set);
                let body = self.lower_child(node, 0);
                self.alloc(Expr::LetIn { bindings, body }, some, range)
            }
            NODE_LEGACY_LET => {
                let let_range = node.first_token().map(|t| t.text_range()).unwrap_or(range);
                self.diagnostic(
                    Code::DeprecatedLetSyntax,
                    let_range,
                    "`let { …; body = …; }` is deprecated; write `let …; in …`".into(),
                );
                // The old form is a `rec` set whose `body` is the result: its names are
                // attributes (none is "unused"), and dynamic names are forbidden as in `let`.
                let mut set = PendingSet::new(true, NameKind::RecAttr, some, range);
                self.lower_bindings_into(&mut set, node, BindingsOwner::Let);
                let bindings = self.finish_set(set);
                let set = self.alloc(
                    Expr::AttrSet {
                        rec: true,
                        bindings,
                    },
                    None,
                    range,
                );
                let body_name = self.alloc(
                    Expr::Literal(Literal::String("body".into())),
                    None,
                    TextRange::empty(range.end()),
                );
                self.alloc(
                    Expr::Select {
                        set,
                        attrpath: vec![body_name],
                        default: None,
                    },
                    some,
                    range,
                )
            }
            _ => self.alloc(Expr::Missing, some, range),
        }
    }

    /// The attribute names of the `Attrpath` child of `node`, as expressions.
    fn lower_attrpath(&mut self, node: &SyntaxNode) -> Vec<ExprId> {
        let Some(path) = node.children().find(|c| c.kind() == NODE_ATTRPATH) else {
            return Vec::new();
        };
        path.children()
            .map(|attr| self.lower_attr_name(&attr))
            .collect()
    }

    /// An attribute name as an expression: static names become string literals.
    fn lower_attr_name(&mut self, attr: &SyntaxNode) -> ExprId {
        match attr_key(attr) {
            AttrKey::Static(text) => self.alloc(
                Expr::Literal(Literal::String(text)),
                Some(attr),
                attr.text_range(),
            ),
            AttrKey::Dynamic(node) if node.kind() == NODE_DYNAMIC => {
                let id = self.lower_child(&node, 0);
                self.source_map
                    .node_to_expr
                    .push((SyntaxNodePtr::new(&node), id));
                id
            }
            AttrKey::Dynamic(node) => self.lower_expr(Some(node)),
        }
    }

    fn lower_lambda(&mut self, node: &SyntaxNode) -> ExprId {
        let range = node.text_range();
        let mut param = None;
        let mut pattern = None;
        let mut seen: HashMap<String, TextRange> = HashMap::new();
        for child in node.children() {
            match child.kind() {
                NODE_IDENT_PARAM => {
                    if let Some(ident) = child.children().find(|c| c.kind() == NODE_IDENT) {
                        param = Some(self.new_name(ident_text(&ident), NameKind::Param, &ident));
                    }
                }
                NODE_PATTERN => {
                    let mut fields = Vec::new();
                    let mut ellipsis = false;
                    for part in child.children_with_tokens() {
                        match part {
                            rowan::NodeOrToken::Token(t) if t.kind() == TOKEN_ELLIPSIS => {
                                ellipsis = true
                            }
                            rowan::NodeOrToken::Node(n) if n.kind() == NODE_PAT_ENTRY => {
                                let Some(ident) = n.children().find(|c| c.kind() == NODE_IDENT)
                                else {
                                    continue;
                                };
                                let text = ident_text(&ident);
                                self.check_duplicate_param(&mut seen, &text, &ident);
                                let name = self.new_name(text, NameKind::PatField, &ident);
                                // `ident ? default`: the default is the second expression child.
                                let default = expr_child(&n, 1).map(|d| self.lower_expr(Some(d)));
                                fields.push(PatField { name, default });
                            }
                            rowan::NodeOrToken::Node(n) if n.kind() == NODE_PAT_BIND => {
                                if let Some(ident) = n.children().find(|c| c.kind() == NODE_IDENT) {
                                    let text = ident_text(&ident);
                                    self.check_duplicate_param(&mut seen, &text, &ident);
                                    param = Some(self.new_name(text, NameKind::PatAlias, &ident));
                                }
                            }
                            _ => {}
                        }
                    }
                    pattern = Some(Pattern { fields, ellipsis });
                }
                _ => {}
            }
        }
        let body = self.lower_child(node, 0);
        self.alloc(
            Expr::Lambda {
                param,
                pattern,
                body,
            },
            Some(node),
            range,
        )
    }

    fn check_duplicate_param(
        &mut self,
        seen: &mut HashMap<String, TextRange>,
        text: &str,
        ident: &SyntaxNode,
    ) {
        if let Some(first) = seen.get(text).copied() {
            self.diagnostic_with_first(
                Code::DuplicateParameter,
                ident.text_range(),
                format!("duplicate function parameter `{text}`: each name may appear once"),
                first,
                format!("`{text}` first declared here"),
            );
        } else {
            seen.insert(text.to_string(), ident.text_range());
        }
    }

    /// Lowers the `inherit` and `a.b = v;` children of `node` into `set`.
    fn lower_bindings_into(
        &mut self,
        set: &mut PendingSet,
        node: &SyntaxNode,
        owner: BindingsOwner,
    ) {
        for child in node.children() {
            match child.kind() {
                NODE_INHERIT => self.lower_inherit(set, &child, owner),
                NODE_ATTRPATH_VALUE => {
                    // One pass over the binding's children: its path and its value.
                    let mut attrs: Option<Vec<SyntaxNode>> = None;
                    let mut value = None;
                    for part in child.children() {
                        if part.kind() == NODE_ATTRPATH {
                            if attrs.is_none() {
                                attrs = Some(part.children().collect());
                            }
                        } else if value.is_none() && is_expr_kind(part.kind()) {
                            value = Some(part);
                        }
                    }
                    let attrs = attrs.unwrap_or_default();
                    if attrs.is_empty() {
                        // Broken binding: still lower the value so its names resolve.
                        if let Some(value) = value {
                            let _ = self.lower_expr(Some(value));
                        }
                        continue;
                    }
                    self.lower_path_binding(set, &attrs, value, &child, owner);
                }
                _ => {}
            }
        }
    }

    fn lower_path_binding(
        &mut self,
        root: &mut PendingSet,
        attrs: &[SyntaxNode],
        value: Option<SyntaxNode>,
        binding: &SyntaxNode,
        owner: BindingsOwner,
    ) {
        let (last, prefix) = attrs.split_last().expect("non-empty attrpath");
        // Each path component nests one set deeper in the IR: count it against MAX_DEPTH.
        if self.depth + prefix.len() >= MAX_DEPTH {
            self.enter_depth_exceeded(binding);
            return;
        }
        self.depth += prefix.len();
        self.lower_path_binding_at(root, last, prefix, value, binding, owner);
        self.depth -= prefix.len();
    }

    fn lower_path_binding_at(
        &mut self,
        root: &mut PendingSet,
        last: &SyntaxNode,
        prefix: &[SyntaxNode],
        value: Option<SyntaxNode>,
        binding: &SyntaxNode,
        owner: BindingsOwner,
    ) {
        // Walk (and create) the nested sets of the path prefix.
        let mut set: &mut PendingSet = root;
        let mut at_top = true;
        for attr in prefix {
            match attr_key(attr) {
                AttrKey::Static(text) => {
                    let existing = set.by_name.get(&text).copied();
                    let index = match existing {
                        Some(i) if matches!(set.statics[i].1, PendingValue::Set(_)) => {
                            let name = set.statics[i].0;
                            self.add_name_site(name, attr);
                            i
                        }
                        Some(i) => {
                            self.report_duplicate(&text, attr, set.statics[i].0);
                            let name = self.new_name(text, set.name_kind, attr);
                            set.statics.push((name, PendingSet::implied_by(binding)));
                            set.statics.len() - 1
                        }
                        None => {
                            let name = self.new_name(text.clone(), set.name_kind, attr);
                            set.statics.push((name, PendingSet::implied_by(binding)));
                            set.by_name.insert(text, set.statics.len() - 1);
                            set.statics.len() - 1
                        }
                    };
                    let PendingValue::Set(nested) = &mut set.statics[index].1 else {
                        unreachable!("just checked or created a set")
                    };
                    set = nested;
                }
                AttrKey::Dynamic(node) => {
                    if at_top && owner == BindingsOwner::Let {
                        self.report_dynamic_in_let(attr);
                    }
                    let key = self.lower_attr_name(&node);
                    set.dynamics.push((key, PendingSet::implied_by(binding)));
                    let Some((_, PendingValue::Set(nested))) = set.dynamics.last_mut() else {
                        unreachable!("just pushed a set")
                    };
                    set = nested;
                }
            }
            at_top = false;
        }
        // The last attribute gets the value.
        let value_is_set_literal = value.as_ref().is_some_and(|v| v.kind() == NODE_ATTR_SET);
        match attr_key(last) {
            AttrKey::Static(text) => {
                let existing = set.by_name.get(&text).copied();
                match existing {
                    Some(i)
                        if value_is_set_literal
                            && matches!(set.statics[i].1, PendingValue::Set(_)) =>
                    {
                        // `a.b = 1; a = { c = 2; };` merge.
                        let name = set.statics[i].0;
                        self.add_name_site(name, last);
                        let value = value.expect("checked above");
                        let rec = value.children_with_tokens().any(|c| c.kind() == TOKEN_REC);
                        let PendingValue::Set(nested) = &mut set.statics[i].1 else {
                            unreachable!("just checked")
                        };
                        nested.rec |= rec;
                        if self.enter(&value) {
                            self.lower_bindings_into(nested, &value, BindingsOwner::AttrSet);
                            self.depth -= 1;
                        }
                    }
                    Some(i) => {
                        self.report_duplicate(&text, last, set.statics[i].0);
                        let name = self.new_name(text, set.name_kind, last);
                        let value = self.lower_binding_value(value, binding);
                        set.statics.push((name, value));
                    }
                    None => {
                        let name = self.new_name(text.clone(), set.name_kind, last);
                        let value = self.lower_binding_value(value, binding);
                        set.statics.push((name, value));
                        set.by_name.insert(text, set.statics.len() - 1);
                    }
                }
            }
            AttrKey::Dynamic(node) => {
                if at_top && owner == BindingsOwner::Let {
                    self.report_dynamic_in_let(last);
                }
                let key = self.lower_attr_name(&node);
                let value = match value {
                    Some(v) => self.lower_expr(Some(v)),
                    None => self.missing(TextRange::empty(binding.text_range().end())),
                };
                set.dynamics.push((key, PendingValue::Expr(value)));
            }
        }
    }

    /// A binding's value: set literals stay open so later paths can merge into them.
    fn lower_binding_value(
        &mut self,
        value: Option<SyntaxNode>,
        binding: &SyntaxNode,
    ) -> PendingValue {
        match value {
            Some(v) if v.kind() == NODE_ATTR_SET => {
                if !self.enter(&v) {
                    return PendingValue::Expr(self.missing(v.text_range()));
                }
                let rec = v.children_with_tokens().any(|c| c.kind() == TOKEN_REC);
                let kind = if rec {
                    NameKind::RecAttr
                } else {
                    NameKind::PlainAttr
                };
                let mut nested = PendingSet::new(rec, kind, Some(&v), v.text_range());
                self.lower_bindings_into(&mut nested, &v, BindingsOwner::AttrSet);
                self.depth -= 1;
                PendingValue::Set(Box::new(nested))
            }
            Some(v) => PendingValue::Expr(self.lower_expr(Some(v))),
            None => PendingValue::Expr(self.missing(TextRange::empty(binding.text_range().end()))),
        }
    }

    fn lower_inherit(&mut self, set: &mut PendingSet, node: &SyntaxNode, owner: BindingsOwner) {
        let from = node
            .children()
            .find(|c| c.kind() == NODE_INHERIT_FROM)
            .map(|from| {
                let e = self.lower_child(&from, 0);
                set.inherit_froms.push(e);
                set.inherit_froms.len() - 1
            });
        let attrs: Vec<SyntaxNode> = node
            .children()
            .filter(|c| matches!(c.kind(), NODE_IDENT | NODE_STRING | NODE_DYNAMIC))
            .collect();
        if attrs.is_empty() {
            let range = node
                .first_token()
                .map(|t| t.text_range())
                .unwrap_or(node.text_range());
            self.diagnostic(
                Code::EmptyInherit,
                range,
                "this `inherit` names no attribute and does nothing; add names or remove it".into(),
            );
        }
        for attr in attrs {
            match attr_key(&attr) {
                AttrKey::Static(text) => {
                    let value = match from {
                        Some(index) => PendingValue::InheritFrom(index),
                        None => PendingValue::Inherit(self.alloc(
                            Expr::Reference(text.clone()),
                            Some(&attr),
                            attr.text_range(),
                        )),
                    };
                    match set.by_name.get(&text).copied() {
                        Some(i) => {
                            self.report_duplicate(&text, &attr, set.statics[i].0);
                            let name = self.new_name(text, set.name_kind, &attr);
                            set.statics.push((name, value));
                        }
                        None => {
                            let name = self.new_name(text.clone(), set.name_kind, &attr);
                            set.statics.push((name, value));
                            set.by_name.insert(text, set.statics.len() - 1);
                        }
                    }
                }
                AttrKey::Dynamic(dynamic) => {
                    let _ = owner;
                    self.diagnostic(
                        Code::DynamicAttributeForbidden,
                        attr.text_range(),
                        "dynamic attributes are not allowed in `inherit`; write `name = expr;` instead".into(),
                    );
                    let _ = self.lower_attr_name(&dynamic);
                }
            }
        }
    }

    fn report_dynamic_in_let(&mut self, attr: &SyntaxNode) {
        self.diagnostic(
            Code::DynamicAttributeForbidden,
            attr.text_range(),
            "dynamic attributes are not allowed in `let`; use a static name".into(),
        );
    }

    fn report_duplicate(&mut self, text: &str, attr: &SyntaxNode, first: NameId) {
        let first_range = self.source_map.name_first_sites[first.index()].text_range();
        self.diagnostic_with_first(
            Code::DuplicateAttribute,
            attr.text_range(),
            format!("attribute `{text}` is already defined"),
            first_range,
            format!("`{text}` first defined here"),
        );
    }

    fn finish_set(&mut self, set: PendingSet) -> Box<Bindings> {
        let mut bindings = Bindings {
            statics: Vec::with_capacity(set.statics.len()),
            inherit_froms: set.inherit_froms,
            dynamics: Vec::with_capacity(set.dynamics.len()),
        };
        for (name, value) in set.statics {
            let value = self.finish_value(value);
            bindings.statics.push(Binding { name, value });
        }
        for (key, value) in set.dynamics {
            let value = match self.finish_value(value) {
                BindingValue::Expr(e) => e,
                _ => self.missing(set.range),
            };
            bindings.dynamics.push(DynamicBinding { key, value });
        }
        Box::new(bindings)
    }

    fn finish_value(&mut self, value: PendingValue) -> BindingValue {
        match value {
            PendingValue::Expr(e) => BindingValue::Expr(e),
            PendingValue::Inherit(e) => BindingValue::Inherit(e),
            PendingValue::InheritFrom(i) => BindingValue::InheritFrom(i),
            PendingValue::Set(set) => {
                let rec = set.rec;
                let range = set.range;
                let ptr = set.ptr;
                let from_literal = ptr.is_some_and(|p| p.kind() == NODE_ATTR_SET);
                let bindings = self.finish_set(*set);
                let id = ExprId(self.exprs.len() as u32);
                self.exprs.push(Expr::AttrSet { rec, bindings });
                self.source_map.expr_ranges.push(range);
                self.source_map
                    .expr_ptrs
                    .push(if from_literal { ptr } else { None });
                if let (true, Some(ptr)) = (from_literal, ptr) {
                    self.source_map.node_to_expr.push((ptr, id));
                }
                BindingValue::Expr(id)
            }
        }
    }
}

fn convert_binop(op: ast::BinOpKind) -> BinaryOp {
    use ast::BinOpKind as K;
    match op {
        K::Concat => BinaryOp::Concat,
        K::Update => BinaryOp::Update,
        K::Add => BinaryOp::Add,
        K::Sub => BinaryOp::Sub,
        K::Mul => BinaryOp::Mul,
        K::Div => BinaryOp::Div,
        K::And => BinaryOp::And,
        K::Or => BinaryOp::Or,
        K::Implication => BinaryOp::Implication,
        K::Equal => BinaryOp::Equal,
        K::NotEqual => BinaryOp::NotEqual,
        K::Less => BinaryOp::Less,
        K::LessOrEq => BinaryOp::LessOrEq,
        K::More => BinaryOp::More,
        K::MoreOrEq => BinaryOp::MoreOrEq,
        K::PipeRight => BinaryOp::PipeRight,
        K::PipeLeft => BinaryOp::PipeLeft,
    }
}
