//! The parser of the type language (annotations and displayed types).
//!
//! ```text
//! type   := arrow
//! arrow  := diff ('->' arrow)?            | 'rec' NAME '.' type   (recursive type)
//! diff   := union ('\' union)*
//! union  := inter ('|' inter)*
//! inter  := unary ('&' unary)*
//! unary  := '~' unary | atom
//! atom   := Any | Never | ? | Null | Bool | Int | Float | String | Path | true | false
//!         | INTEGER | FLOAT | STRING | PATH | '[' type ']' | record | '(' type ')' | ALIAS
//! ```

use crate::alias::ALIAS_NAMES;
use crate::record::RecordBuilder;
use crate::ty::{set_rec_body, RecDef, Ty};
use std::fmt;
use std::sync::Arc;

/// A syntax error in a type, at a byte offset of the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeParseError {
    /// Byte offset in the text given to the parser.
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for TypeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at offset {})", self.message, self.offset)
    }
}

impl std::error::Error for TypeParseError {}

/// Nesting (parentheses, brackets, braces, `~`, arrows) past which parsing stops with an error
/// instead of recursing further.
const MAX_NESTING: usize = 200;

/// Parses a type.
pub fn parse_type(text: &str) -> Result<Ty, TypeParseError> {
    parse_type_with(text, &|_| None)
}

/// Parses a type; names that are not built in are first looked up with `resolve` (type
/// variables of schematic signatures, lower-case names of doc comments).
pub fn parse_type_with(
    text: &str,
    resolve: &dyn Fn(&str) -> Option<Ty>,
) -> Result<Ty, TypeParseError> {
    let tokens = lex(text)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
        bound: Vec::new(),
        binders: 0,
        resolve,
        end: text.len(),
    };
    let node = p.ty()?;
    if let Some(tok) = p.peek() {
        return Err(p.error_at(
            tok.start,
            format!("unexpected {} after the type", tok.kind.describe()),
        ));
    }
    let mut builder = Builder {
        vars: vec![None; p.binders],
        pending: Vec::new(),
        open_binders: 0,
    };
    Ok(builder.build(&node))
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Int(i64),
    Float(f64),
    Str(String),
    Path(String),
    Arrow,
    Backslash,
    Bar,
    Amp,
    Tilde,
    Question,
    Colon,
    Comma,
    DotDot,
    Dot,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Ellipsis,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Int(i) => format!("`{i}`"),
            Tok::Float(f) => format!("`{f}`"),
            Tok::Str(s) => format!("string {}", crate::display::quote(s)),
            Tok::Path(p) => format!("path `{p}`"),
            Tok::Arrow => "`->`".into(),
            Tok::Backslash => "`\\`".into(),
            Tok::Bar => "`|`".into(),
            Tok::Amp => "`&`".into(),
            Tok::Tilde => "`~`".into(),
            Tok::Question => "`?`".into(),
            Tok::Colon => "`:`".into(),
            Tok::Comma => "`,`".into(),
            Tok::DotDot => "`..`".into(),
            Tok::Dot => "`.`".into(),
            Tok::LBracket => "`[`".into(),
            Tok::RBracket => "`]`".into(),
            Tok::LBrace => "`{`".into(),
            Tok::RBrace => "`}`".into(),
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::Ellipsis => "`…`".into(),
        }
    }
}

#[derive(Clone, Debug)]
struct Token {
    kind: Tok,
    start: usize,
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '/' | '~')
}

fn lex(text: &str) -> Result<Vec<Token>, TypeParseError> {
    let err = |offset: usize, message: String| TypeParseError { offset, message };
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| bytes.get(i).map(|&(_, c)| c);
    let offset = |i: usize| bytes.get(i).map(|&(o, _)| o).unwrap_or(text.len());
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        let start = offset(i);
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let path_start = (c == '/' && at(i + 1).is_some_and(|n| is_path_char(n) && n != '/'))
            || (c == '.' && at(i + 1) == Some('/'))
            || (c == '.' && at(i + 1) == Some('.') && at(i + 2) == Some('/'))
            || (c == '~' && at(i + 1) == Some('/'));
        if path_start {
            let mut j = i;
            while at(j).is_some_and(is_path_char) {
                j += 1;
            }
            out.push(Token {
                kind: Tok::Path(text[start..offset(j)].to_string()),
                start,
            });
            i = j;
            continue;
        }
        if c == '<' {
            let mut j = i + 1;
            while at(j).is_some_and(|c| is_path_char(c) && c != '>') {
                j += 1;
            }
            if at(j) != Some('>') {
                return Err(err(start, "unterminated `<…>` path: expected `>`".into()));
            }
            out.push(Token {
                kind: Tok::Path(text[start..offset(j + 1)].to_string()),
                start,
            });
            i = j + 1;
            continue;
        }
        if c.is_ascii_digit() || (c == '-' && at(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let mut j = i + 1;
            while at(j).is_some_and(|d| d.is_ascii_digit()) {
                j += 1;
            }
            let mut is_float = false;
            if at(j) == Some('.') && at(j + 1).is_some_and(|d| d.is_ascii_digit()) {
                is_float = true;
                j += 1;
                while at(j).is_some_and(|d| d.is_ascii_digit()) {
                    j += 1;
                }
            }
            if matches!(at(j), Some('e' | 'E')) {
                let mut k = j + 1;
                if matches!(at(k), Some('+' | '-')) {
                    k += 1;
                }
                if at(k).is_some_and(|d| d.is_ascii_digit()) {
                    is_float = true;
                    j = k;
                    while at(j).is_some_and(|d| d.is_ascii_digit()) {
                        j += 1;
                    }
                }
            }
            let lexeme = &text[start..offset(j)];
            let kind = if is_float {
                match lexeme.parse::<f64>() {
                    Ok(f) => Tok::Float(f),
                    Err(_) => return Err(err(start, format!("invalid float literal `{lexeme}`"))),
                }
            } else {
                match lexeme.parse::<i64>() {
                    Ok(n) => Tok::Int(n),
                    Err(_) => {
                        return Err(err(
                            start,
                            format!("integer literal `{lexeme}` does not fit in 64 bits"),
                        ))
                    }
                }
            };
            out.push(Token { kind, start });
            i = j;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let mut j = i + 1;
            while at(j).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
            {
                // `-` followed by `>` is an arrow, not part of the name.
                if at(j) == Some('-') && at(j + 1) == Some('>') {
                    break;
                }
                j += 1;
            }
            out.push(Token {
                kind: Tok::Ident(text[start..offset(j)].to_string()),
                start,
            });
            i = j;
            continue;
        }
        if c == '"' {
            let mut j = i + 1;
            let mut s = String::new();
            loop {
                match at(j) {
                    None => {
                        return Err(err(
                            start,
                            "unterminated string literal: expected `\"`".into(),
                        ))
                    }
                    Some('"') => break,
                    Some('\\') => {
                        let e = at(j + 1);
                        match e {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some('r') => s.push('\r'),
                            Some('"') => s.push('"'),
                            Some('\\') => s.push('\\'),
                            Some('$') => s.push('$'),
                            Some('u') if at(j + 2) == Some('{') => {
                                let mut k = j + 3;
                                let mut hex = String::new();
                                while let Some(h) = at(k).filter(|h| h.is_ascii_hexdigit()) {
                                    hex.push(h);
                                    k += 1;
                                }
                                let ch =
                                    u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                                match (ch, at(k)) {
                                    (Some(ch), Some('}')) => s.push(ch),
                                    _ => {
                                        return Err(err(
                                            offset(j),
                                            "invalid `\\u{…}` escape".into(),
                                        ))
                                    }
                                }
                                j = k + 1;
                                continue;
                            }
                            _ => {
                                return Err(err(
                                    offset(j),
                                    "unknown escape in string literal".into(),
                                ))
                            }
                        }
                        j += 2;
                    }
                    Some(ch) => {
                        s.push(ch);
                        j += 1;
                    }
                }
            }
            out.push(Token {
                kind: Tok::Str(s),
                start,
            });
            i = j + 1;
            continue;
        }
        let (kind, len) = match (c, at(i + 1)) {
            ('-', Some('>')) => (Tok::Arrow, 2),
            ('.', Some('.')) => (Tok::DotDot, 2),
            ('.', _) => (Tok::Dot, 1),
            ('\\', _) => (Tok::Backslash, 1),
            ('|', _) => (Tok::Bar, 1),
            ('&', _) => (Tok::Amp, 1),
            ('~', _) => (Tok::Tilde, 1),
            ('?', _) => (Tok::Question, 1),
            (':', _) => (Tok::Colon, 1),
            (',', _) => (Tok::Comma, 1),
            ('[', _) => (Tok::LBracket, 1),
            (']', _) => (Tok::RBracket, 1),
            ('{', _) => (Tok::LBrace, 1),
            ('}', _) => (Tok::RBrace, 1),
            ('(', _) => (Tok::LParen, 1),
            (')', _) => (Tok::RParen, 1),
            ('…', _) => (Tok::Ellipsis, 1),
            _ => return Err(err(start, format!("unexpected character `{c}` in a type"))),
        };
        out.push(Token { kind, start });
        i += len;
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    /// Names of the enclosing `rec` binders, with their binder index.
    bound: Vec<(String, usize)>,
    binders: usize,
    resolve: &'a dyn Fn(&str) -> Option<Ty>,
    end: usize,
}

type PResult<T> = Result<T, TypeParseError>;

/// The parsed type before construction: recursive types need their body's structure, not its
/// value (see `Builder`).
#[derive(Clone, Debug)]
enum Node {
    Leaf(Ty),
    Var(usize),
    List(Box<Node>),
    Record {
        fields: Vec<(String, bool, Node)>,
        rest: Option<Box<Node>>,
    },
    Arrow(Box<Node>, Box<Node>),
    Union(Vec<Node>),
    Inter(Vec<Node>),
    /// `first \ second \ …`
    Diff(Vec<Node>),
    Neg(Box<Node>),
    Rec(usize, Box<Node>),
}

impl Node {
    fn mentions_var(&self) -> bool {
        match self {
            Node::Leaf(_) => false,
            Node::Var(_) => true,
            Node::List(e) | Node::Neg(e) | Node::Rec(_, e) => e.mentions_var(),
            Node::Record { fields, rest } => {
                fields.iter().any(|(_, _, t)| t.mentions_var())
                    || rest.as_ref().is_some_and(|r| r.mentions_var())
            }
            Node::Arrow(a, b) => a.mentions_var() || b.mentions_var(),
            Node::Union(ts) | Node::Inter(ts) | Node::Diff(ts) => ts.iter().any(Node::mentions_var),
        }
    }
}

/// Builds types from nodes. While a recursive type's body is being built its self-reference
/// has no value yet, so a constructor argument that combines it (`{ next: X | Null }`) cannot
/// be computed then: it becomes a recursive node of its own, built once every enclosing body
/// is known.
struct Builder {
    vars: Vec<Option<Ty>>,
    pending: Vec<(Arc<RecDef>, Node)>,
    open_binders: usize,
}

impl Builder {
    fn build(&mut self, n: &Node) -> Ty {
        match n {
            Node::Leaf(t) => t.clone(),
            Node::Var(i) => self
                .vars
                .get(*i)
                .cloned()
                .flatten()
                .unwrap_or_else(Ty::never),
            Node::List(e) => Ty::list_of(self.guarded(e)),
            Node::Record { fields, rest } => {
                let mut b = RecordBuilder::new();
                for (name, optional, t) in fields {
                    let t = self.guarded(t);
                    b = if *optional {
                        b.optional(name, t)
                    } else {
                        b.field(name, t)
                    };
                }
                if let Some(r) = rest {
                    b = b.rest(self.guarded(r));
                }
                b.build()
            }
            Node::Arrow(a, b) => Ty::arrow(self.guarded(a), self.guarded(b)),
            Node::Union(ts) => ts
                .iter()
                .fold(Ty::never(), |acc, t| acc.union(&self.build(t))),
            Node::Inter(ts) => ts
                .iter()
                .fold(Ty::any(), |acc, t| acc.inter(&self.build(t))),
            Node::Diff(ts) => {
                let mut it = ts.iter();
                let first = it.next().map(|t| self.build(t)).unwrap_or_else(Ty::never);
                it.fold(first, |acc, t| acc.diff(&self.build(t)))
            }
            Node::Neg(t) => self.build(t).neg(),
            Node::Rec(i, body) => {
                self.open_binders += 1;
                let t = Ty::recursive(|this| {
                    if let Some(slot) = self.vars.get_mut(*i) {
                        *slot = Some(this.clone());
                    }
                    self.build(body)
                });
                self.open_binders -= 1;
                if self.open_binders == 0 {
                    while let Some((def, node)) = self.pending.pop() {
                        let body = self.build(&node);
                        set_rec_body(&def, body);
                    }
                }
                t
            }
        }
    }

    /// A constructor argument.
    fn guarded(&mut self, n: &Node) -> Ty {
        if self.open_binders > 0 && !matches!(n, Node::Var(_)) && n.mentions_var() {
            let (t, def) = Ty::rec_placeholder();
            self.pending.push((def, n.clone()));
            return t;
        }
        self.build(n)
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_kind(&self) -> Option<&Tok> {
        self.peek().map(|t| &t.kind)
    }

    fn offset(&self) -> usize {
        self.peek().map(|t| t.start).unwrap_or(self.end)
    }

    fn error_at(&self, offset: usize, message: String) -> TypeParseError {
        TypeParseError { offset, message }
    }

    fn unexpected(&self, expected: &str) -> TypeParseError {
        match self.peek() {
            Some(t) => self.error_at(
                t.start,
                format!("expected {expected}, found {}", t.kind.describe()),
            ),
            None => self.error_at(
                self.end,
                format!("expected {expected}, found the end of the type"),
            ),
        }
    }

    fn eat(&mut self, kind: &Tok) -> bool {
        if self.peek_kind() == Some(kind) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, kind: &Tok, expected: &str) -> PResult<()> {
        if self.eat(kind) {
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error_at(
                self.offset(),
                format!("type nested too deeply (more than {MAX_NESTING} levels)"),
            ));
        }
        Ok(())
    }

    fn ty(&mut self) -> PResult<Node> {
        self.enter()?;
        let r = self.arrow();
        self.depth -= 1;
        r
    }

    fn at_rec_binder(&self) -> bool {
        matches!(self.peek_kind(), Some(Tok::Ident(n)) if n == "rec")
            && matches!(
                self.tokens.get(self.pos + 1).map(|t| &t.kind),
                Some(Tok::Ident(_))
            )
    }

    fn arrow(&mut self) -> PResult<Node> {
        if self.at_rec_binder() {
            return self.rec_binder();
        }
        let dom = self.diff()?;
        if self.eat(&Tok::Arrow) {
            let cod = self.ty()?;
            return Ok(Node::Arrow(Box::new(dom), Box::new(cod)));
        }
        Ok(dom)
    }

    fn rec_binder(&mut self) -> PResult<Node> {
        self.pos += 1; // rec
        let name_start = self.offset();
        let Some(Tok::Ident(name)) = self.peek_kind().cloned() else {
            return Err(self.unexpected("a name after `rec`"));
        };
        if is_builtin_name(&name) {
            return Err(self.error_at(
                name_start,
                format!("`{name}` is a built-in type and cannot name a recursive type"),
            ));
        }
        self.pos += 1;
        self.expect(&Tok::Dot, "`.` after the name of a recursive type")?;
        let index = self.binders;
        self.binders += 1;
        self.bound.push((name, index));
        let body = self.ty();
        self.bound.pop();
        Ok(Node::Rec(index, Box::new(body?)))
    }

    fn diff(&mut self) -> PResult<Node> {
        let mut ts = vec![self.union()?];
        while self.eat(&Tok::Backslash) {
            ts.push(self.union()?);
        }
        Ok(if ts.len() == 1 {
            ts.remove(0)
        } else {
            Node::Diff(ts)
        })
    }

    fn union(&mut self) -> PResult<Node> {
        let mut ts = vec![self.inter()?];
        while self.eat(&Tok::Bar) {
            ts.push(self.inter()?);
        }
        Ok(if ts.len() == 1 {
            ts.remove(0)
        } else {
            Node::Union(ts)
        })
    }

    fn inter(&mut self) -> PResult<Node> {
        let mut ts = vec![self.unary()?];
        while self.eat(&Tok::Amp) {
            ts.push(self.unary()?);
        }
        Ok(if ts.len() == 1 {
            ts.remove(0)
        } else {
            Node::Inter(ts)
        })
    }

    fn unary(&mut self) -> PResult<Node> {
        if self.eat(&Tok::Tilde) {
            self.enter()?;
            let t = self.unary();
            self.depth -= 1;
            return Ok(Node::Neg(Box::new(t?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> PResult<Node> {
        // Like a lambda, a binder in operand position extends as far right as possible.
        if self.at_rec_binder() {
            self.enter()?;
            let t = self.rec_binder();
            self.depth -= 1;
            return t;
        }
        let Some(tok) = self.peek().cloned() else {
            return Err(self.unexpected("a type"));
        };
        self.pos += 1;
        let leaf = |t: Ty| Ok(Node::Leaf(t));
        match tok.kind {
            Tok::Int(n) => leaf(Ty::int_lit(n)),
            Tok::Float(f) => leaf(Ty::float_lit(f)),
            Tok::Str(s) => leaf(Ty::string_lit(&s)),
            Tok::Path(p) => leaf(Ty::path_lit(&p)),
            Tok::Question => leaf(Ty::dynamic()),
            Tok::LParen => {
                let t = self.ty()?;
                self.expect(&Tok::RParen, "`)`")?;
                Ok(t)
            }
            Tok::LBracket => {
                let t = self.ty()?;
                self.expect(&Tok::RBracket, "`]` to close the list type")?;
                Ok(Node::List(Box::new(t)))
            }
            Tok::LBrace => self.record(tok.start),
            Tok::Ident(name) => self.named(&name, tok.start),
            Tok::Ellipsis => Err(self.error_at(
                tok.start,
                "`…` marks a part of a displayed type that was folded; write the type out".into(),
            )),
            other => {
                self.pos -= 1;
                Err(self.error_at(
                    tok.start,
                    format!("expected a type, found {}", other.describe()),
                ))
            }
        }
    }

    fn named(&mut self, name: &str, start: usize) -> PResult<Node> {
        if let Some((_, index)) = self.bound.iter().rev().find(|(n, _)| n == name) {
            return Ok(Node::Var(*index));
        }
        let t = match name {
            "Any" => Ty::any(),
            "Never" => Ty::never(),
            "Null" => Ty::null(),
            "Bool" => Ty::bool(),
            "Int" => Ty::int(),
            "Float" => Ty::float(),
            "String" => Ty::string(),
            "Path" => Ty::path(),
            "true" => Ty::bool_lit(true),
            "false" => Ty::bool_lit(false),
            _ => match Ty::alias(name).or_else(|| (self.resolve)(name)) {
                Some(t) => t,
                None => {
                    return Err(self.error_at(
                        start,
                        format!(
                            "unknown type `{name}`: expected Any, Never, Null, Bool, Int, Float, \
                             String, Path, a literal, or one of {}",
                            ALIAS_NAMES.join(", ")
                        ),
                    ))
                }
            },
        };
        Ok(Node::Leaf(t))
    }

    fn record(&mut self, open_at: usize) -> PResult<Node> {
        let mut fields: Vec<(String, bool, Node)> = Vec::new();
        let mut rest: Option<Box<Node>> = None;
        loop {
            if self.eat(&Tok::RBrace) {
                return Ok(Node::Record { fields, rest });
            }
            if self.peek().is_none() {
                return Err(self.error_at(open_at, "unclosed `{`: expected `}`".into()));
            }
            let field_start = self.offset();
            match self.peek_kind().cloned() {
                Some(Tok::DotDot) => {
                    self.pos += 1;
                    if rest.is_some() {
                        return Err(self.error_at(
                            field_start,
                            "`..` given together with `_:` or twice".into(),
                        ));
                    }
                    rest = Some(Box::new(Node::Leaf(Ty::any())));
                }
                Some(Tok::Ident(n)) if n == "_" => {
                    self.pos += 1;
                    if rest.is_some() {
                        return Err(self.error_at(
                            field_start,
                            "`_:` given together with `..` or twice".into(),
                        ));
                    }
                    self.expect(&Tok::Colon, "`:` after `_`")?;
                    rest = Some(Box::new(self.ty()?));
                }
                // A quoted `"_"` is a field named `_`, not the map syntax.
                Some(Tok::Ident(name)) | Some(Tok::Str(name)) => {
                    self.pos += 1;
                    if fields.iter().any(|(n, _, _)| *n == name) {
                        return Err(
                            self.error_at(field_start, format!("field `{name}` is given twice"))
                        );
                    }
                    let optional = self.eat(&Tok::Question);
                    self.expect(
                        &Tok::Colon,
                        if optional {
                            "`:` after `?`"
                        } else {
                            "`:` or `?:` after the field name"
                        },
                    )?;
                    let t = self.ty()?;
                    fields.push((name, optional, t));
                }
                Some(Tok::Ellipsis) => {
                    return Err(self.error_at(
                        field_start,
                        "`…` marks fields of a displayed type that were folded; write them out"
                            .into(),
                    ))
                }
                _ => return Err(self.unexpected("a field name, `..` or `}`")),
            }
            if self.peek().is_none() {
                return Err(self.error_at(open_at, "unclosed `{`: expected `}`".into()));
            }
            if !self.eat(&Tok::Comma) && !matches!(self.peek_kind(), Some(Tok::RBrace)) {
                return Err(self.unexpected("`,` or `}`"));
            }
        }
    }
}

fn is_builtin_name(name: &str) -> bool {
    matches!(
        name,
        "Any"
            | "Never"
            | "Null"
            | "Bool"
            | "Int"
            | "Float"
            | "String"
            | "Path"
            | "true"
            | "false"
            | "rec"
    ) || ALIAS_NAMES.contains(&name)
}
