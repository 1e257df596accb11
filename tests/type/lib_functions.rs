//! Which attributes of a nixpkgs `lib` file are its top-level functions, found syntactically
//! (no inference, so the precision report does not grade the engine with its own answers).
//!
//! A file's *record* is the attribute set it evaluates to once the usual wrappers are peeled:
//! lambdas (`{ lib, ... }:`), `let … in`, parentheses, `with e;` and `assert c;`; for
//! `a // b`, the attribute sets written on either side (`private // { inherit f; }`). A file
//! whose root is anything else (`makeExtensible (…)`, a list, a string) has no top-level
//! functions.
//!
//! A *top-level function* is an attribute of that record bound by a plain name (`f = …;` or
//! `inherit f;`, not `a.b = …`, `"${x}" = …` or `inherit (e) f`) whose value is syntactically a
//! function: a lambda (in parentheses or not), or a name that the file's own `let`s (or, in a
//! `rec` record, its sibling attributes) bind to one, followed through at most
//! [`MAX_ALIAS_CHAIN`] names. Partial applications (`f = g 1;`) and functions from other files
//! (`inherit (lib.lists) map`) do not count: syntax alone cannot tell what they are.

use std::collections::HashMap;

use nixty_parse::ast::{self, HasEntry};

/// How many `a = b;` aliases are followed before giving up (bounds cycles like `a = b; b = a;`).
const MAX_ALIAS_CHAIN: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopLevelFunction {
    pub name: String,
    /// Byte offset of the attribute's name in the file (where the hover is asked).
    pub offset: usize,
}

/// The top-level functions of the file `text`, in source order.
pub fn top_level_functions(text: &str) -> Vec<TopLevelFunction> {
    let parsed = nixty_parse::parse(text);
    let mut scope = Scope::default();
    let mut expr = parsed.root().expr();
    let body = loop {
        expr = match expr {
            Some(ast::Expr::Lambda(lambda)) => lambda.body(),
            Some(ast::Expr::LetIn(let_in)) => {
                scope.push_bindings(&let_in);
                let_in.body()
            }
            Some(ast::Expr::Paren(paren)) => paren.expr(),
            Some(ast::Expr::With(with)) => with.body(),
            Some(ast::Expr::Assert(assert)) => assert.body(),
            Some(body) => break body,
            None => return Vec::new(),
        };
    };
    let mut records = Vec::new();
    written_records(&body, &mut records);
    let mut functions = Vec::new();
    for record in records {
        functions.extend(record_functions(&record, &mut scope));
    }
    functions
}

/// The attribute sets `expr` is written as: itself, or the operands of `//` (recursively).
fn written_records(expr: &ast::Expr, out: &mut Vec<ast::AttrSet>) {
    match expr {
        ast::Expr::AttrSet(set) => out.push(set.clone()),
        ast::Expr::Paren(paren) => {
            if let Some(inner) = paren.expr() {
                written_records(&inner, out);
            }
        }
        ast::Expr::BinOp(op) if op.operator() == Some(ast::BinOpKind::Update) => {
            for side in [op.lhs(), op.rhs()].into_iter().flatten() {
                written_records(&side, out);
            }
        }
        _ => {}
    }
}

fn record_functions(record: &ast::AttrSet, scope: &mut Scope) -> Vec<TopLevelFunction> {
    let is_rec = record.rec_token().is_some();
    if is_rec {
        // `rec { f = x: x; g = f; }`: siblings shadow the `let`s.
        scope.push_bindings(record);
    }
    let mut functions = Vec::new();
    for entry in record.entries() {
        match entry {
            ast::Entry::AttrpathValue(binding) => {
                let Some(name) = single_name(&binding) else {
                    continue;
                };
                if binding.value().is_some_and(|v| scope.is_function(&v)) {
                    functions.push(top_level(&name));
                }
            }
            ast::Entry::Inherit(inherit) if inherit.from().is_none() => {
                for attr in inherit.attrs() {
                    let ast::Attr::Ident(ident) = attr else {
                        continue;
                    };
                    let Some(token) = ident.ident_token() else {
                        continue;
                    };
                    if scope.names_function(token.text(), 0) {
                        functions.push(top_level(&token));
                    }
                }
            }
            ast::Entry::Inherit(_) => {}
        }
    }
    if is_rec {
        scope.frames.pop();
    }
    functions
}

fn top_level(token: &nixty_parse::SyntaxToken) -> TopLevelFunction {
    TopLevelFunction {
        name: token.text().to_string(),
        offset: usize::from(token.text_range().start()),
    }
}

/// The name token of `f = …;` (a one-part, plain attribute path).
fn single_name(binding: &ast::AttrpathValue) -> Option<nixty_parse::SyntaxToken> {
    let mut attrs = binding.attrpath()?.attrs();
    let (Some(ast::Attr::Ident(ident)), None) = (attrs.next(), attrs.next()) else {
        return None;
    };
    ident.ident_token()
}

/// The file's own bindings seen from its record: the peeled `let`s, outermost first (and a
/// `rec` record's attributes last). An `inherit` without a source re-binds an outer name.
#[derive(Default)]
struct Scope {
    frames: Vec<HashMap<String, Binding>>,
}

enum Binding {
    Value(ast::Expr),
    /// `inherit x;` in a `let`: the `x` of the enclosing frames.
    Inherited,
}

impl Scope {
    fn push_bindings(&mut self, node: &impl HasEntry) {
        let mut frame = HashMap::new();
        for entry in node.entries() {
            match entry {
                ast::Entry::AttrpathValue(binding) => {
                    if let (Some(name), Some(value)) = (single_name(&binding), binding.value()) {
                        frame
                            .entry(name.text().to_string())
                            .or_insert(Binding::Value(value));
                    }
                }
                ast::Entry::Inherit(inherit) if inherit.from().is_none() => {
                    for attr in inherit.attrs() {
                        if let ast::Attr::Ident(ident) = attr {
                            if let Some(token) = ident.ident_token() {
                                frame
                                    .entry(token.text().to_string())
                                    .or_insert(Binding::Inherited);
                            }
                        }
                    }
                }
                // `inherit (e) x`: what `x` is depends on `e`; it hides outer `x`s though.
                ast::Entry::Inherit(inherit) => {
                    for attr in inherit.attrs() {
                        if let ast::Attr::Ident(ident) = attr {
                            if let Some(token) = ident.ident_token() {
                                frame
                                    .entry(token.text().to_string())
                                    .or_insert(Binding::Value(ast::Expr::Ident(ident)));
                            }
                        }
                    }
                }
            }
        }
        self.frames.push(frame);
    }

    fn is_function(&self, expr: &ast::Expr) -> bool {
        self.is_function_at(expr, 0)
    }

    fn is_function_at(&self, expr: &ast::Expr, chain: usize) -> bool {
        match expr {
            ast::Expr::Lambda(_) => true,
            ast::Expr::Paren(paren) => paren
                .expr()
                .is_some_and(|inner| self.is_function_at(&inner, chain)),
            ast::Expr::Ident(ident) => ident
                .ident_token()
                .is_some_and(|token| self.names_function(token.text(), chain + 1)),
            _ => false,
        }
    }

    /// Does `name`, looked up from the innermost frame, stand for a function?
    fn names_function(&self, name: &str, chain: usize) -> bool {
        self.names_function_below(self.frames.len(), name, chain)
    }

    fn names_function_below(&self, frames: usize, name: &str, chain: usize) -> bool {
        if chain > MAX_ALIAS_CHAIN {
            return false;
        }
        let Some(depth) = (0..frames)
            .rev()
            .find(|&i| self.frames[i].contains_key(name))
        else {
            return false;
        };
        match &self.frames[depth][name] {
            // `inherit (e) x` stores `x` itself as its value: not followed further.
            Binding::Value(ast::Expr::Ident(ident))
                if ident.ident_token().is_some_and(|t| t.text() == name) =>
            {
                false
            }
            Binding::Value(value) => self.is_function_at(value, chain + 1),
            Binding::Inherited => self.names_function_below(depth, name, chain + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::top_level_functions;

    fn names(text: &str) -> Vec<String> {
        let functions = top_level_functions(text);
        for f in &functions {
            assert_eq!(&text[f.offset..f.offset + f.name.len()], f.name, "offset");
        }
        functions.into_iter().map(|f| f.name).collect()
    }

    #[test]
    fn lambdas_behind_the_usual_header() {
        let text = "{ lib, ... }:\nlet\n  inherit (lib) id;\n  helper = x: x;\n  alias = (helper);\n  value = 1;\nin\nrec {\n  f = a: b: a;\n  g = (x: x);\n  h = f;\n  inherit helper alias value id;\n  inherit (lib) map;\n  app = f 1;\n  a.b = x: x;\n  n = 2;\n}\n";
        assert_eq!(names(text), ["f", "g", "h", "helper", "alias"]);
    }

    #[test]
    fn other_roots_have_none() {
        assert!(names("makeExtensible (self: { f = x: x; })").is_empty());
        assert!(names("[ (x: x) ]").is_empty());
        assert_eq!(
            names("{ lib }: with lib; assert true; { f = x: x; }"),
            ["f"]
        );
        assert_eq!(
            names("let g = x: x; private = { }; in private // ({ inherit g; } // rec { h = g; })"),
            ["g", "h"]
        );
    }

    #[test]
    fn alias_cycles_and_inherit_chains_end() {
        let text =
            "let a = b; b = a; c = x: x; in let inherit c; d = c; in { inherit a d; e = d; }";
        assert_eq!(names(text), ["d", "e"]);
    }
}
