//! The comments inference reads, found in one pass over the file's comment tokens and keyed by
//! IR ids: annotations (`/*: T */`) of lambda parameters, pattern fields, bindings and
//! parenthesized expressions, and the doc comments (RFC 145) before bindings. The same pass
//! notes the ranges of parentheses, which the IR drops (`(e)` is `e`), so that the types
//! recorded for editors cover them as the syntax does.

use rustc_hash::FxHashMap as HashMap;

use nixty_parse::{ast, SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::super::annot::{self, Annotation};
use crate::ir::{ExprId, NameId};
use crate::lower::SourceMap;

#[derive(Default)]
pub(crate) struct Comments {
    /// `x /*: T */: …` and `{ … } /*: T */: …`, by the lambda.
    pub lambda_param: HashMap<ExprId, Annotation>,
    /// `(e /*: T */)`, by `e`.
    pub paren: HashMap<ExprId, Annotation>,
    /// `name /*: T */ = value;`, by the value.
    pub binding: HashMap<ExprId, Annotation>,
    /// The doc comment before `name = value;`, by the value.
    pub doc: HashMap<ExprId, String>,
    /// `{ name /*: T */, … }`, by the field's name.
    pub pat_field: HashMap<NameId, Annotation>,
    /// `(e)`: the range of the parentheses, by `e`.
    pub parens: Vec<(ExprId, nixty_parse::TextRange)>,
}

impl Comments {
    pub(crate) fn collect(root: &SyntaxNode, source_map: &SourceMap) -> Comments {
        let mut out = Comments::default();
        for el in root.descendants_with_tokens() {
            let token = match el {
                rowan::NodeOrToken::Token(token) => token,
                rowan::NodeOrToken::Node(node) => {
                    if node.kind() == SyntaxKind::NODE_PAREN {
                        if let Some(id) = source_map.expr_for_node(&node) {
                            out.parens.push((id, node.text_range()));
                        }
                    }
                    continue;
                }
            };
            if token.kind() != SyntaxKind::TOKEN_COMMENT {
                continue;
            }
            let Some(parent) = token.parent() else {
                continue;
            };
            if token.text().starts_with("/*:") {
                out.annotation(&parent, &token, source_map);
            }
            out.doc_comment(&token, source_map);
        }
        out
    }

    fn annotation(
        &mut self,
        parent: &SyntaxNode,
        token: &nixty_parse::SyntaxToken,
        source_map: &SourceMap,
    ) {
        let here = |a: &Annotation| a.range == token.text_range();
        match parent.kind() {
            SyntaxKind::NODE_LAMBDA => {
                let Some(param) = ast::Lambda::cast(parent.clone()).and_then(|l| l.param()) else {
                    return;
                };
                let Some(a) = annot::between(
                    parent,
                    param.syntax().text_range().end(),
                    &[SyntaxKind::TOKEN_COLON],
                ) else {
                    return;
                };
                if let (true, Some(id)) = (here(&a), source_map.expr_for_node(parent)) {
                    self.lambda_param.entry(id).or_insert(a);
                }
            }
            SyntaxKind::NODE_PAREN => {
                let Some(inner) = ast::Paren::cast(parent.clone()).and_then(|p| p.expr()) else {
                    return;
                };
                let Some(a) = annot::between(
                    parent,
                    inner.syntax().text_range().end(),
                    &[SyntaxKind::TOKEN_R_PAREN],
                ) else {
                    return;
                };
                if let (true, Some(id)) = (here(&a), source_map.expr_for_node(inner.syntax())) {
                    self.paren.entry(id).or_insert(a);
                }
            }
            SyntaxKind::NODE_ATTRPATH_VALUE => {
                let Some(apv) = ast::AttrpathValue::cast(parent.clone()) else {
                    return;
                };
                let (Some(path), Some(value)) = (apv.attrpath(), apv.value()) else {
                    return;
                };
                let Some(a) = annot::between(
                    parent,
                    path.syntax().text_range().end(),
                    &[SyntaxKind::TOKEN_ASSIGN],
                ) else {
                    return;
                };
                if let (true, Some(id)) = (here(&a), source_map.expr_for_node(value.syntax())) {
                    self.binding.entry(id).or_insert(a);
                }
            }
            SyntaxKind::NODE_PATTERN => {
                // The annotation follows a field: find the entry before the comment.
                let mut prev = token.prev_sibling_or_token();
                while let Some(el) = prev {
                    match &el {
                        rowan::NodeOrToken::Node(n) if n.kind() == SyntaxKind::NODE_PAT_ENTRY => {
                            let Some(a) = annot::after_node(n) else {
                                return;
                            };
                            let ident = n.children().find(|c| c.kind() == SyntaxKind::NODE_IDENT);
                            if let (true, Some(name)) =
                                (here(&a), ident.and_then(|i| source_map.name_for_node(&i)))
                            {
                                self.pat_field.entry(name).or_insert(a);
                            }
                            return;
                        }
                        rowan::NodeOrToken::Node(_) => return,
                        rowan::NodeOrToken::Token(_) => {}
                    }
                    prev = el.prev_sibling_or_token();
                }
            }
            _ => {}
        }
    }

    /// A comment followed (past whitespace and other comments) by a binding documents it.
    fn doc_comment(&mut self, token: &nixty_parse::SyntaxToken, source_map: &SourceMap) {
        let mut next = token.next_sibling_or_token();
        while let Some(el) = next {
            match &el {
                rowan::NodeOrToken::Token(t)
                    if matches!(
                        t.kind(),
                        SyntaxKind::TOKEN_WHITESPACE | SyntaxKind::TOKEN_COMMENT
                    ) => {}
                rowan::NodeOrToken::Node(n) if n.kind() == SyntaxKind::NODE_ATTRPATH_VALUE => {
                    let Some(value) = ast::AttrpathValue::cast(n.clone()).and_then(|a| a.value())
                    else {
                        return;
                    };
                    let Some(id) = source_map.expr_for_node(value.syntax()) else {
                        return;
                    };
                    if self.doc.contains_key(&id) {
                        return;
                    }
                    if let Some(doc) = annot::doc_comment_before(n) {
                        self.doc.insert(id, doc);
                    }
                    return;
                }
                _ => return,
            }
            next = el.next_sibling_or_token();
        }
    }
}
