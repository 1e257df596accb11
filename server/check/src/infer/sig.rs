//! Type expressions as written by people: the annotation grammar of types.md extended with
//! type variables (lower-case names, for builtins and doc signatures), and a reader for the
//! `# Type` signatures of RFC 145 doc comments (`concatStringsSep :: string -> [string] -> string`).
//!
//! Parsing never fails on bad input: it returns an error with a byte range into the text.
//! Both readers produce the same [`TyExpr`], which inference turns into an algebra type.

use std::fmt;

/// A type expression, possibly with type variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TyExpr {
    Any,
    Never,
    Dyn,
    Null,
    Bool,
    Int,
    Float,
    String,
    Path,
    BoolLit(bool),
    IntLit(i64),
    StrLit(String),
    PathLit(String),
    /// `Number`, `Attrs`, `List`, `Fun`, `Stringish`, `Derivation`.
    Alias(Alias),
    Var(String),
    List(Box<TyExpr>),
    Record(Record),
    Arrow(Box<TyExpr>, Box<TyExpr>),
    Union(Vec<TyExpr>),
    Inter(Vec<TyExpr>),
    Not(Box<TyExpr>),
    Diff(Box<TyExpr>, Box<TyExpr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alias {
    Number,
    Attrs,
    List,
    Fun,
    Stringish,
    Derivation,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Record {
    pub fields: Vec<Field>,
    /// The type of every other name (`_: T`); `None` with `open == false` means closed.
    pub rest: Option<Box<TyExpr>>,
    /// `..`: any other name, any value.
    pub open: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub ty: TyExpr,
    pub optional: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigError {
    /// Byte range in the parsed text.
    pub start: usize,
    pub end: usize,
    pub message: String,
}

impl fmt::Display for SigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl TyExpr {
    pub fn arrow(a: TyExpr, b: TyExpr) -> TyExpr {
        TyExpr::Arrow(Box::new(a), Box::new(b))
    }

    pub fn has_vars(&self) -> bool {
        let mut found = false;
        self.visit(&mut |t| found |= matches!(t, TyExpr::Var(_)));
        found
    }

    fn visit(&self, f: &mut dyn FnMut(&TyExpr)) {
        f(self);
        match self {
            TyExpr::List(t) | TyExpr::Not(t) => t.visit(f),
            TyExpr::Arrow(a, b) | TyExpr::Diff(a, b) => {
                a.visit(f);
                b.visit(f);
            }
            TyExpr::Union(ts) | TyExpr::Inter(ts) => ts.iter().for_each(|t| t.visit(f)),
            TyExpr::Record(r) => {
                r.fields.iter().for_each(|fl| fl.ty.visit(f));
                if let Some(rest) = &r.rest {
                    rest.visit(f);
                }
            }
            _ => {}
        }
    }
}

/// Nesting limit of type expressions (guards recursion on hostile input).
const MAX_DEPTH: usize = 200;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Int(i64),
    Str(String),
    PathLit(String),
    Sym(&'static str),
}

fn lex(text: &str) -> Result<Vec<(Tok, usize, usize)>, SigError> {
    const SYMS: &[&str] = &[
        "->", "?:", "::", "...", "..", "|", "&", "~", "\\", "(", ")", "[", "]", "{", "}", ",", ":",
        ";", "?", "=", "*",
    ];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == b'"' {
            let mut s = String::new();
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                if bytes[i] == b'\\' && i + 1 < bytes.len() {
                    i += 1;
                }
                let ch = text[i..].chars().next().unwrap_or('?');
                s.push(ch);
                i += ch.len_utf8();
            }
            if i >= bytes.len() {
                return Err(SigError {
                    start,
                    end: text.len(),
                    message: "unterminated string literal in type".into(),
                });
            }
            i += 1;
            out.push((Tok::Str(s), start, i));
            continue;
        }
        if c.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let n = text[start..i].parse::<i64>().map_err(|_| SigError {
                start,
                end: i,
                message: "integer literal too large".into(),
            })?;
            out.push((Tok::Int(n), start, i));
            continue;
        }
        if c == b'.' && bytes.get(i + 1) == Some(&b'/')
            || c == b'/' && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric())
        {
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !b",|&)]}".contains(&bytes[i])
            {
                i += 1;
            }
            out.push((Tok::PathLit(text[start..i].to_string()), start, i));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || bytes[i] == b'_'
                    || bytes[i] == b'\''
                    || bytes[i] == b'-')
            {
                // `-` is part of a name only when not followed by `>` (an arrow).
                if bytes[i] == b'-' && (bytes.get(i + 1) == Some(&b'>') || i == start) {
                    break;
                }
                i += 1;
            }
            out.push((Tok::Ident(text[start..i].to_string()), start, i));
            continue;
        }
        if c == b'-' && bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit()) {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let n = text[start..i].parse::<i64>().map_err(|_| SigError {
                start,
                end: i,
                message: "integer literal too large".into(),
            })?;
            out.push((Tok::Int(n), start, i));
            continue;
        }
        for sym in SYMS {
            if text[i..].starts_with(sym) {
                i += sym.len();
                out.push((Tok::Sym(sym), start, i));
                continue 'outer;
            }
        }
        let ch = text[i..].chars().next().unwrap_or('?');
        return Err(SigError {
            start,
            end: i + ch.len_utf8(),
            message: format!("unexpected character `{ch}` in type"),
        });
    }
    Ok(out)
}

/// Which surface syntax is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// The annotation grammar of types.md (plus lower-case type variables).
    Nixty,
    /// nixpkgs doc-comment signatures: `::` fields, `;` separators, lower-case kind names,
    /// `attrsOf`/`listOf`, `or`, unknown capitalised names read as `?`.
    Doc,
}

struct Parser {
    toks: Vec<(Tok, usize, usize)>,
    pos: usize,
    end: usize,
    depth: usize,
    dialect: Dialect,
}

/// Parses a type in the annotation grammar (type variables allowed: lower-case names).
pub fn parse_type(text: &str) -> Result<TyExpr, SigError> {
    parse_with(text, Dialect::Nixty)
}

/// Parses the type part of an RFC 145 signature (after `name ::`), nixpkgs style.
pub fn parse_doc_type(text: &str) -> Result<TyExpr, SigError> {
    parse_with(text, Dialect::Doc)
}

fn parse_with(text: &str, dialect: Dialect) -> Result<TyExpr, SigError> {
    let toks = lex(text)?;
    let mut p = Parser {
        toks,
        pos: 0,
        end: text.len(),
        depth: 0,
        dialect,
    };
    if p.toks.is_empty() {
        return Err(SigError {
            start: 0,
            end: text.len(),
            message: "empty type".into(),
        });
    }
    let ty = p.ty()?;
    if let Some((tok, s, e)) = p.toks.get(p.pos) {
        return Err(SigError {
            start: *s,
            end: *e,
            message: format!("unexpected {} after the type", describe(tok)),
        });
    }
    Ok(ty)
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Int(n) => format!("`{n}`"),
        Tok::Str(s) => format!("`\"{s}\"`"),
        Tok::PathLit(s) => format!("`{s}`"),
        Tok::Sym(s) => format!("`{s}`"),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    fn at_sym(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Sym(x)) if *x == s)
    }

    fn at_ident(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(x)) if x == s)
    }

    fn eat_sym(&mut self, s: &str) -> bool {
        if self.at_sym(s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn err_here(&self, message: String) -> SigError {
        match self.toks.get(self.pos) {
            Some((_, s, e)) => SigError {
                start: *s,
                end: *e,
                message,
            },
            None => SigError {
                start: self.end,
                end: self.end,
                message,
            },
        }
    }

    fn expect_sym(&mut self, s: &str) -> Result<(), SigError> {
        if self.eat_sym(s) {
            Ok(())
        } else {
            let found = self
                .peek()
                .map(describe)
                .unwrap_or_else(|| "the end".into());
            Err(self.err_here(format!("expected `{s}` in type, found {found}")))
        }
    }

    fn enter(&mut self) -> Result<(), SigError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err_here("type is nested too deeply".into()));
        }
        Ok(())
    }

    fn ty(&mut self) -> Result<TyExpr, SigError> {
        self.enter()?;
        let lhs = self.diff()?;
        let result = if self.eat_sym("->") {
            let rhs = self.ty()?;
            TyExpr::arrow(lhs, rhs)
        } else {
            lhs
        };
        self.depth -= 1;
        Ok(result)
    }

    fn diff(&mut self) -> Result<TyExpr, SigError> {
        let mut lhs = self.union()?;
        while self.eat_sym("\\") {
            let rhs = self.union()?;
            lhs = TyExpr::Diff(Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn union(&mut self) -> Result<TyExpr, SigError> {
        let mut items = vec![self.inter()?];
        while self.eat_sym("|") || (self.dialect == Dialect::Doc && self.eat_ident("or")) {
            items.push(self.inter()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(TyExpr::Never)
        } else {
            TyExpr::Union(items)
        })
    }

    fn eat_ident(&mut self, s: &str) -> bool {
        if self.at_ident(s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn inter(&mut self) -> Result<TyExpr, SigError> {
        let mut items = vec![self.unary()?];
        while self.eat_sym("&") {
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(TyExpr::Any)
        } else {
            TyExpr::Inter(items)
        })
    }

    fn unary(&mut self) -> Result<TyExpr, SigError> {
        if self.eat_sym("~") {
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(TyExpr::Not(Box::new(inner)));
        }
        self.app()
    }

    /// In doc signatures, `attrsOf T`, `listOf T`, `nullOr T`; elsewhere just an atom.
    fn app(&mut self) -> Result<TyExpr, SigError> {
        if self.dialect == Dialect::Doc {
            for (name, wrap) in [
                ("attrsOf", 0),
                ("lazyAttrsOf", 0),
                ("listOf", 1),
                ("nullOr", 2),
            ] {
                if self.eat_ident(name) {
                    self.enter()?;
                    let inner = self.app()?;
                    self.depth -= 1;
                    return Ok(match wrap {
                        0 => TyExpr::Record(Record {
                            fields: vec![],
                            rest: Some(Box::new(inner)),
                            open: false,
                        }),
                        1 => TyExpr::List(Box::new(inner)),
                        _ => TyExpr::Union(vec![TyExpr::Null, inner]),
                    });
                }
            }
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<TyExpr, SigError> {
        let Some((tok, _, _)) = self.toks.get(self.pos).cloned() else {
            return Err(self.err_here("expected a type, found the end".into()));
        };
        match tok {
            Tok::Sym("?") => {
                self.pos += 1;
                Ok(TyExpr::Dyn)
            }
            Tok::Sym("(") => {
                self.pos += 1;
                let inner = self.ty()?;
                self.expect_sym(")")?;
                Ok(inner)
            }
            Tok::Sym("[") => {
                self.pos += 1;
                let inner = self.ty()?;
                // Doc signatures sometimes list several element types (`[(a -> b) (b -> c) ...]`).
                if self.dialect == Dialect::Doc && !self.at_sym("]") {
                    while !self.at_sym("]") && self.peek().is_some() {
                        self.pos += 1;
                    }
                    self.expect_sym("]")?;
                    return Ok(TyExpr::List(Box::new(TyExpr::Dyn)));
                }
                self.expect_sym("]")?;
                Ok(TyExpr::List(Box::new(inner)))
            }
            Tok::Sym("{") => {
                self.pos += 1;
                self.enter()?;
                let r = self.record()?;
                self.depth -= 1;
                Ok(r)
            }
            Tok::Int(n) => {
                self.pos += 1;
                Ok(TyExpr::IntLit(n))
            }
            Tok::Str(s) => {
                self.pos += 1;
                Ok(TyExpr::StrLit(s))
            }
            Tok::PathLit(s) => {
                self.pos += 1;
                Ok(TyExpr::PathLit(s))
            }
            Tok::Ident(name) => {
                self.pos += 1;
                self.named(&name)
            }
            Tok::Sym(s) => Err(self.err_here(format!("expected a type, found `{s}`"))),
        }
    }

    fn named(&mut self, name: &str) -> Result<TyExpr, SigError> {
        let known = match name {
            "Any" => Some(TyExpr::Any),
            "Never" => Some(TyExpr::Never),
            "Null" => Some(TyExpr::Null),
            "Bool" => Some(TyExpr::Bool),
            "Int" => Some(TyExpr::Int),
            "Float" => Some(TyExpr::Float),
            "String" => Some(TyExpr::String),
            "Path" => Some(TyExpr::Path),
            "true" => Some(TyExpr::BoolLit(true)),
            "false" => Some(TyExpr::BoolLit(false)),
            "Number" => Some(TyExpr::Alias(Alias::Number)),
            "Attrs" => Some(TyExpr::Alias(Alias::Attrs)),
            "List" => Some(TyExpr::Alias(Alias::List)),
            "Fun" => Some(TyExpr::Alias(Alias::Fun)),
            "Stringish" => Some(TyExpr::Alias(Alias::Stringish)),
            "Derivation" => Some(TyExpr::Alias(Alias::Derivation)),
            _ => None,
        };
        if let Some(t) = known {
            return Ok(t);
        }
        if self.dialect == Dialect::Doc {
            let doc = match name {
                "string" | "str" => Some(TyExpr::String),
                "int" | "integer" => Some(TyExpr::Int),
                "bool" | "boolean" | "Boolean" => Some(TyExpr::Bool),
                "float" => Some(TyExpr::Float),
                "path" => Some(TyExpr::Path),
                "null" => Some(TyExpr::Null),
                "any" => Some(TyExpr::Any),
                "number" => Some(TyExpr::Alias(Alias::Number)),
                "AttrSet" | "AttrsSet" | "attrs" | "attrset" | "set" | "Set" | "AttrSets" => {
                    Some(TyExpr::Alias(Alias::Attrs))
                }
                "list" => Some(TyExpr::Alias(Alias::List)),
                "function" | "Function" | "lambda" | "Lambda" => Some(TyExpr::Alias(Alias::Fun)),
                "derivation" | "package" | "Package" | "drv" => {
                    Some(TyExpr::Alias(Alias::Derivation))
                }
                _ => None,
            };
            if let Some(t) = doc {
                return Ok(t);
            }
        }
        let lower = name.starts_with(|c: char| c.is_ascii_lowercase());
        if lower && (name.chars().count() <= 2 || self.dialect == Dialect::Nixty) {
            // `a`, `b'`: a type variable.
            return Ok(TyExpr::Var(name.to_string()));
        }
        if self.dialect == Dialect::Doc {
            // An unknown named type of the documentation (`FileSet`): unknown to nixty.
            return Ok(TyExpr::Dyn);
        }
        Err(SigError {
            start: self.toks[self.pos - 1].1,
            end: self.toks[self.pos - 1].2,
            message: format!(
                "unknown type `{name}`; use Any, Never, ?, Null, Bool, Int, Float, String, Path, \
                 Number, Attrs, List, Fun, Stringish, Derivation, a literal, [T] or {{ … }}"
            ),
        })
    }

    fn record(&mut self) -> Result<TyExpr, SigError> {
        let mut rec = Record::default();
        loop {
            if self.eat_sym("}") {
                return Ok(TyExpr::Record(rec));
            }
            if self.eat_sym("..") || self.eat_sym("...") {
                rec.open = true;
                self.eat_sym(",");
                self.eat_sym(";");
                self.expect_sym("}")?;
                return Ok(TyExpr::Record(rec));
            }
            // Doc: `[String] :: a` is the map form.
            if self.dialect == Dialect::Doc && self.at_sym("[") {
                self.pos += 1;
                let _key = self.ty()?;
                self.expect_sym("]")?;
                self.expect_sym("::")?;
                let t = self.ty()?;
                rec.rest = Some(Box::new(t));
                self.separator()?;
                continue;
            }
            let name = match self.toks.get(self.pos).cloned() {
                Some((Tok::Ident(n), _, _)) => n,
                Some((Tok::Str(s), _, _)) => s,
                _ => {
                    if self.dialect == Dialect::Doc {
                        // Something this reader does not model (`${name} :: …`): give up softly.
                        return Ok(TyExpr::Dyn);
                    }
                    let found = self
                        .peek()
                        .map(describe)
                        .unwrap_or_else(|| "the end".into());
                    return Err(self.err_here(format!(
                        "expected a field name in record type, found {found}"
                    )));
                }
            };
            self.pos += 1;
            let optional;
            if self.eat_sym("?:") {
                optional = true;
            } else if self.eat_sym(":") || self.eat_sym("::") {
                optional = false;
            } else if self.dialect == Dialect::Doc && self.eat_sym("=") {
                // `_type = "lua-inline";`: a field with a known value.
                let t = self.ty()?;
                rec.fields.push(Field {
                    name,
                    ty: t,
                    optional: false,
                });
                self.separator()?;
                continue;
            } else if self.dialect == Dialect::Doc && self.eat_sym("?") {
                self.expect_sym(":")?;
                optional = true;
            } else {
                let found = self
                    .peek()
                    .map(describe)
                    .unwrap_or_else(|| "the end".into());
                return Err(
                    self.err_here(format!("expected `:` after field `{name}`, found {found}"))
                );
            }
            let t = self.ty()?;
            // Doc: `{ x :: Bool ? false }` (a default): the field may be absent.
            let optional = if self.dialect == Dialect::Doc && self.eat_sym("?") {
                let _default = self.atom();
                true
            } else {
                optional
            };
            if name == "_" && !optional {
                rec.rest = Some(Box::new(t));
            } else {
                rec.fields.push(Field {
                    name,
                    ty: t,
                    optional,
                });
            }
            self.separator()?;
        }
    }

    fn separator(&mut self) -> Result<(), SigError> {
        if self.eat_sym(",") || self.eat_sym(";") {
            return Ok(());
        }
        if self.at_sym("}") {
            return Ok(());
        }
        let found = self
            .peek()
            .map(describe)
            .unwrap_or_else(|| "the end".into());
        Err(self.err_here(format!(
            "expected `,` or `}}` in record type, found {found}"
        )))
    }
}

/// Reads the signature in the `# Type` section of an RFC 145 doc comment (or an older
/// `Type: name :: T` line), if any. Returns `None` when there is none or it does not parse
/// (doc comments are documentation: a signature nixty cannot read is ignored, not reported).
pub fn doc_comment_signature(comment: &str) -> Option<TyExpr> {
    let lines: Vec<&str> = comment.lines().map(|l| l.trim()).collect();
    let heading = lines.iter().position(|l| {
        let l = l.trim_start_matches('#').trim();
        l == "Type" || l == "Type:" || l.starts_with("Type:")
    })?;
    let inline = lines[heading]
        .trim_start_matches('#')
        .trim()
        .strip_prefix("Type:")
        .map(str::trim)
        .filter(|rest| rest.contains("::"));
    let mut sig = String::new();
    let mut rest_lines = lines[heading + 1..].iter();
    match inline {
        Some(text) => sig.push_str(text),
        None => {
            for line in rest_lines.by_ref() {
                if line.contains("::") {
                    sig.push_str(line);
                    break;
                }
                if line.starts_with('#') {
                    return None;
                }
            }
        }
    }
    // Continuation lines: inside brackets, or starting with an arrow.
    for line in rest_lines {
        let open = sig.matches(['(', '[', '{']).count();
        let close = sig.matches([')', ']', '}']).count();
        if line.is_empty() || line.starts_with("```") || line.starts_with('#') {
            break;
        }
        if open > close || line.starts_with("->") {
            sig.push(' ');
            sig.push_str(line);
        } else {
            break;
        }
    }
    let sig = sig.split(" # ").next().unwrap_or("");
    let (_, ty) = sig.split_once("::")?;
    parse_doc_type(ty.trim()).ok()
}

#[cfg(test)]
#[path = "sig_tests.rs"]
mod tests;
