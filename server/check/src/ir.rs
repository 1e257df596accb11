//! The IR: a desugared, arena-allocated form of one file's expression tree.
//!
//! Lowering (see [`crate::lower`]) turns the rowan tree into a [`Module`]: every expression is an
//! [`Expr`] in one arena addressed by [`ExprId`], every name a binding construct introduces (let
//! binding, attribute, lambda parameter, pattern field, `@` alias) is a [`Name`] addressed by
//! [`NameId`]. The desugarings:
//!
//! - parentheses disappear (the `(e)` node maps to the same [`ExprId`] as `e`);
//! - nested attribute paths are merged: `a.b = 1; a.c = 2;` and `a = { b = 1; }; a.c = 2;` give
//!   one binding `a` whose value is a single attribute set (synthetic when it came from paths);
//! - `inherit x;` becomes a binding whose value is a [`Expr::Reference`] resolved in the
//!   enclosing scope; `inherit (e) x;` a binding whose value selects `x` from `e`
//!   ([`BindingValue::InheritFrom`]);
//! - attribute names in selections (`e.a.${b}`) are expressions: static names are string
//!   literals with their own source, dynamic ones the interpolated expression;
//! - `let { …; body = e; }` becomes `(rec { … }).body`.
//!
//! Scopes are explicit: `let` and `rec` bind their [`Bindings::statics`]; lambdas bind their
//! parameter, pattern fields and alias; `with` opens a dynamic scope (see [`crate::resolve`]).
//!
//! The depth of the IR is bounded by [`crate::lower::MAX_DEPTH`], so consumers may recurse over it.

use std::ops::Index;

macro_rules! arena_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub struct $name(pub u32);

        impl $name {
            /// The index of this id in its arena.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

arena_id!(
    /// An expression of a [`Module`].
    ExprId
);
arena_id!(
    /// A name introduced by a binding construct of a [`Module`].
    NameId
);

/// One file's IR: the expression and name arenas, and the root expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    pub(crate) exprs: Vec<Expr>,
    pub(crate) names: Vec<Name>,
    pub(crate) entry: ExprId,
}

impl Module {
    /// The root expression of the file.
    pub fn entry(&self) -> ExprId {
        self.entry
    }

    /// All expressions with their ids, in allocation order.
    pub fn exprs(&self) -> impl Iterator<Item = (ExprId, &Expr)> + '_ {
        self.exprs
            .iter()
            .enumerate()
            .map(|(i, e)| (ExprId(i as u32), e))
    }

    /// All names with their ids, in allocation order (source order for one binding list).
    pub fn names(&self) -> impl Iterator<Item = (NameId, &Name)> + '_ {
        self.names
            .iter()
            .enumerate()
            .map(|(i, n)| (NameId(i as u32), n))
    }

    /// Number of expressions (ids are `0..expr_count()`).
    pub fn expr_count(&self) -> usize {
        self.exprs.len()
    }

    /// Number of names (ids are `0..name_count()`).
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Calls `f` on each direct child expression of `id`, in evaluation-neutral source order.
    pub fn walk_children(&self, id: ExprId, mut f: impl FnMut(ExprId)) {
        match &self[id] {
            Expr::Missing | Expr::Reference(_) | Expr::Literal(_) | Expr::CurPos => {}
            Expr::StringInterpolation(parts) | Expr::PathInterpolation(parts) => {
                for part in parts {
                    if let InterpolPart::Interpolation(e) = part {
                        f(*e);
                    }
                }
            }
            Expr::Lambda { pattern, body, .. } => {
                if let Some(pattern) = pattern {
                    for field in &pattern.fields {
                        if let Some(default) = field.default {
                            f(default);
                        }
                    }
                }
                f(*body);
            }
            Expr::Apply { fun, arg } => {
                f(*fun);
                f(*arg);
            }
            Expr::Select {
                set,
                attrpath,
                default,
            } => {
                f(*set);
                attrpath.iter().copied().for_each(&mut f);
                if let Some(d) = default {
                    f(*d);
                }
            }
            Expr::HasAttr { set, attrpath } => {
                f(*set);
                attrpath.iter().copied().for_each(&mut f);
            }
            Expr::Binary { lhs, rhs, .. } => {
                f(*lhs);
                f(*rhs);
            }
            Expr::Unary { operand, .. } => f(*operand),
            Expr::IfThenElse {
                cond,
                then_body,
                else_body,
            } => {
                f(*cond);
                f(*then_body);
                f(*else_body);
            }
            Expr::Assert { cond, body } => {
                f(*cond);
                f(*body);
            }
            Expr::With { env, body } => {
                f(*env);
                f(*body);
            }
            Expr::LetIn { bindings, body } => {
                bindings.walk_children(&mut f);
                f(*body);
            }
            Expr::AttrSet { bindings, .. } => bindings.walk_children(&mut f),
            Expr::List(items) => items.iter().copied().for_each(&mut f),
        }
    }

    /// The direct children of `id` (see [`Module::walk_children`]).
    pub fn children(&self, id: ExprId) -> Vec<ExprId> {
        let mut out = Vec::new();
        self.walk_children(id, |c| out.push(c));
        out
    }
}

impl Index<ExprId> for Module {
    type Output = Expr;
    fn index(&self, id: ExprId) -> &Expr {
        &self.exprs[id.index()]
    }
}

impl Index<NameId> for Module {
    type Output = Name;
    fn index(&self, id: NameId) -> &Name {
        &self.names[id.index()]
    }
}

/// A desugared expression. Children are [`ExprId`]s into the same [`Module`].
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Absent or unparsable code (the tree has an error here, or it was nested too deeply).
    Missing,
    /// A variable reference; its meaning is in [`crate::resolve::NameResolution`].
    Reference(String),
    /// A literal without interpolation.
    Literal(Literal),
    /// `__curPos`.
    CurPos,
    /// A string with at least one `${…}`.
    StringInterpolation(Vec<InterpolPart>),
    /// A path with at least one `${…}`, e.g. `./foo/${name}.nix`.
    PathInterpolation(Vec<InterpolPart>),
    /// `x: body` (`param`), `{ a, b ? d, ... }: body` (`pattern`), `x @ { … }: body` (both).
    Lambda {
        param: Option<NameId>,
        pattern: Option<Pattern>,
        body: ExprId,
    },
    /// `fun arg`.
    Apply { fun: ExprId, arg: ExprId },
    /// `set.a.b or default`; each attrpath element is an attribute-name expression.
    Select {
        set: ExprId,
        attrpath: Vec<ExprId>,
        default: Option<ExprId>,
    },
    /// `set ? a.b`.
    HasAttr { set: ExprId, attrpath: Vec<ExprId> },
    /// `lhs op rhs`.
    Binary {
        op: BinaryOp,
        lhs: ExprId,
        rhs: ExprId,
    },
    /// `!e` or `-e`.
    Unary { op: UnaryOp, operand: ExprId },
    /// `if cond then then_body else else_body`.
    IfThenElse {
        cond: ExprId,
        then_body: ExprId,
        else_body: ExprId,
    },
    /// `assert cond; body`.
    Assert { cond: ExprId, body: ExprId },
    /// `with env; body`.
    With { env: ExprId, body: ExprId },
    /// `let bindings in body`; the statics are in scope in the bindings and the body.
    LetIn {
        bindings: Box<Bindings>,
        body: ExprId,
    },
    /// `{ … }` or `rec { … }` (also the synthetic sets of merged attribute paths).
    AttrSet { rec: bool, bindings: Box<Bindings> },
    /// `[ a b c ]`.
    List(Vec<ExprId>),
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Int(i64),
    Float(f64),
    /// A string without interpolation (escapes and indentation already processed), or a static
    /// attribute name.
    String(String),
    /// A path literal as written (`./a.nix`, `/etc`, `~/x`), without interpolation.
    Path(String),
    /// A search path `<nixpkgs/lib>`, as written without the angle brackets.
    SearchPath(String),
    /// A URL literal (deprecated syntax) as written.
    Uri(String),
}

/// A part of an interpolated string or path.
#[derive(Clone, Debug, PartialEq)]
pub enum InterpolPart {
    Literal(String),
    Interpolation(ExprId),
}

/// Binary operators, including the pipe operators `|>` and `<|`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Concat,
    Update,
    Add,
    Sub,
    Mul,
    Div,
    And,
    Or,
    Implication,
    Equal,
    NotEqual,
    Less,
    LessOrEq,
    More,
    MoreOrEq,
    PipeRight,
    PipeLeft,
}

impl BinaryOp {
    /// The operator as written in Nix.
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Concat => "++",
            BinaryOp::Update => "//",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
            BinaryOp::Implication => "->",
            BinaryOp::Equal => "==",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessOrEq => "<=",
            BinaryOp::More => ">",
            BinaryOp::MoreOrEq => ">=",
            BinaryOp::PipeRight => "|>",
            BinaryOp::PipeLeft => "<|",
        }
    }
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `!e`
    Not,
    /// `-e`
    Negate,
}

/// The `{ a, b ? d, ... }` part of a lambda.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub fields: Vec<PatField>,
    /// `...` present: other attributes are allowed.
    pub ellipsis: bool,
}

/// One field of a [`Pattern`].
#[derive(Clone, Debug, PartialEq)]
pub struct PatField {
    pub name: NameId,
    /// The default after `?`.
    pub default: Option<ExprId>,
}

/// The bindings of a `let`, an attribute set, or a merged attribute path.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Bindings {
    /// Bindings with a static name, in source order. A duplicate keeps its own entry (and gets a
    /// diagnostic); scopes see the first one.
    pub statics: Vec<Binding>,
    /// The `e` of each `inherit (e) …;`, in source order; [`BindingValue::InheritFrom`] indexes
    /// this list.
    pub inherit_froms: Vec<ExprId>,
    /// `${key} = value;` bindings (only allowed in attribute sets).
    pub dynamics: Vec<DynamicBinding>,
}

impl Bindings {
    /// Calls `f` on every expression owned by these bindings: inherit sources, values (including
    /// the references of plain `inherit`), dynamic keys and values.
    pub fn walk_children(&self, f: &mut impl FnMut(ExprId)) {
        for &from in &self.inherit_froms {
            f(from);
        }
        for binding in &self.statics {
            match binding.value {
                BindingValue::Expr(e) | BindingValue::Inherit(e) => f(e),
                BindingValue::InheritFrom(_) => {}
            }
        }
        for dynamic in &self.dynamics {
            f(dynamic.key);
            f(dynamic.value);
        }
    }
}

/// A binding with a static name.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    pub name: NameId,
    pub value: BindingValue,
}

/// The value of a [`Binding`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BindingValue {
    /// `name = e;` (or a merged attribute path, whose value is a synthetic [`Expr::AttrSet`]).
    Expr(ExprId),
    /// `inherit name;`: the [`Expr::Reference`] to `name`, resolved *outside* the let/rec scope.
    Inherit(ExprId),
    /// `inherit (e) name;`: index into [`Bindings::inherit_froms`]; the value is `e.name`.
    InheritFrom(usize),
}

/// `${key} = value;`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DynamicBinding {
    pub key: ExprId,
    pub value: ExprId,
}

/// A name introduced by a binding construct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub kind: NameKind,
}

/// What introduced a [`Name`]; decides whether it is in lexical scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A binding of `let … in` (or `let { }`).
    LetIn,
    /// An attribute of a `rec { }` set (in scope inside the set).
    RecAttr,
    /// An attribute of a plain set (never in lexical scope).
    PlainAttr,
    /// The parameter of `x: …`.
    Param,
    /// A field of a pattern `{ x, … }: …`.
    PatField,
    /// The `@` alias of a pattern: `args @ { … }: …`.
    PatAlias,
}

impl NameKind {
    /// Whether names of this kind are visible to variable references.
    pub fn is_lexical(self) -> bool {
        !matches!(self, NameKind::PlainAttr)
    }
}
