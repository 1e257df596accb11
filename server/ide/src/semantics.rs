//! What a name in the source means: the bridge from syntax (a token under the cursor) to the
//! analysis (names, resolutions), and static value tracing through `let`s, selections and
//! `import`s, used by goto, hover, references, rename, completion and signature help.

use std::path::PathBuf;

use nixty_check::ir::{BindingValue, Expr, ExprId, Literal, NameId};
use nixty_check::resolve::Resolution;
use nixty_check::workspace::{resolve_path_literal, AnalyzedFile};
use nixty_parse::SyntaxKind::*;
use nixty_parse::{SyntaxNode, TextRange, TextSize};

use crate::syntax_util::token_at;
use crate::{Db, FileId, FilePosition};

/// What a name refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Def {
    /// A name bound in a file: `let` binding, attribute, parameter, pattern field, alias.
    Name { file: FileId, name: NameId },
    /// A builtin, by its name in `builtins` (`map`, `true`, …; `__x` forms stripped).
    Builtin(&'static str),
    /// Not bound lexically: one of these `with`s (innermost first) may provide it.
    With {
        file: FileId,
        withs: Vec<ExprId>,
        text: String,
    },
    /// Not bound anywhere.
    Unresolved { text: String },
    /// A file (path literal).
    File(PathBuf),
}

/// How the name under the cursor is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Site {
    /// Where a name is bound.
    Definition,
    /// A variable reference.
    Reference,
    /// The name of a plain `inherit x;`: defines attribute `x` and reads variable `x`.
    Inherit,
    /// An attribute in a selection `e.x` or `e ? x`.
    Select,
    /// A path literal.
    Path,
}

pub(crate) struct Classified {
    /// The file of the cursor.
    pub file: FileId,
    /// The range of the name (or path) under the cursor.
    pub range: TextRange,
    pub site: Site,
    /// What it refers to; `None` for an attribute of an unknown set.
    pub def: Option<Def>,
    /// The text of the name.
    pub text: String,
}

/// The name node (`NODE_IDENT`, or a `NODE_STRING` used as an attribute name) or path node
/// at an offset.
pub(crate) fn name_node_at(root: &SyntaxNode, offset: TextSize) -> Option<SyntaxNode> {
    let token = token_at(root, offset)?;
    let parent = token.parent()?;
    match token.kind() {
        TOKEN_IDENT | TOKEN_OR if parent.kind() == NODE_IDENT => Some(parent),
        TOKEN_STRING_START | TOKEN_STRING_CONTENT | TOKEN_STRING_END
            if parent.kind() == NODE_STRING
                && parent
                    .parent()
                    .is_some_and(|p| matches!(p.kind(), NODE_ATTRPATH | NODE_INHERIT)) =>
        {
            Some(parent)
        }
        TOKEN_PATH_ABS | TOKEN_PATH_REL | TOKEN_PATH_HOME
            if matches!(
                parent.kind(),
                NODE_PATH_ABS | NODE_PATH_REL | NODE_PATH_HOME
            ) =>
        {
            Some(parent)
        }
        _ => None,
    }
}

pub(crate) fn classify(db: &Db, position: FilePosition) -> Option<Classified> {
    let file = db.file(position.file)?;
    let root = file.core.syntax();
    match name_node_at(&root, position.offset) {
        Some(node) => classify_node(db, position.file, &file, &node),
        None => classify_stranded_ident(position.file, &file, &root, position.offset),
    }
}

/// An identifier that the parser's error recovery left as a bare token inside an error node
/// (`let a = 1; b = ; in a`: rnix swallows `in a` into the error of `b`): read it as a
/// variable of the scope around it, so hover and goto keep working on broken code.
fn classify_stranded_ident(
    file_id: FileId,
    file: &AnalyzedFile,
    root: &SyntaxNode,
    offset: TextSize,
) -> Option<Classified> {
    let token = token_at(root, offset)?;
    if token.kind() != TOKEN_IDENT || token.parent()?.kind() != NODE_ERROR {
        return None;
    }
    let text = token.text().to_string();
    let scope = file.core.scope_at(token.text_range().start());
    let def = match file.core.scopes().resolve(scope, &text) {
        Resolution::Definition(name) => Def::Name {
            file: file_id,
            name,
        },
        Resolution::Builtin(name) => Def::Builtin(builtin_name(name)?),
        Resolution::WithCandidates(withs) => Def::With {
            file: file_id,
            withs,
            text: text.clone(),
        },
        Resolution::Unresolved => Def::Unresolved { text: text.clone() },
    };
    Some(Classified {
        file: file_id,
        range: token.text_range(),
        site: Site::Reference,
        def: Some(def),
        text,
    })
}

pub(crate) fn classify_node(
    db: &Db,
    file_id: FileId,
    file: &AnalyzedFile,
    node: &SyntaxNode,
) -> Option<Classified> {
    let source_map = file.core.source_map();
    let range = node.text_range();
    let text = crate::syntax_util::attr_name(node).unwrap_or_else(|| node.text().to_string());
    if matches!(node.kind(), NODE_PATH_ABS | NODE_PATH_REL | NODE_PATH_HOME) {
        let path = db.workspace.path(file_id)?;
        let interpolated = node.children().next().is_some();
        let def = (!interpolated)
            .then(|| {
                resolve_path_literal(path, &node.text().to_string(), &|p| {
                    db.workspace.is_known_file(p)
                })
            })
            .flatten()
            .map(Def::File);
        return Some(Classified {
            file: file_id,
            range,
            site: Site::Path,
            def,
            text,
        });
    }
    let parent = node.parent()?;
    let plain_inherit =
        parent.kind() == NODE_INHERIT && !parent.children().any(|c| c.kind() == NODE_INHERIT_FROM);
    if plain_inherit {
        let def = source_map
            .expr_for_node(node)
            .and_then(|e| reference_def(file_id, file, e));
        return Some(Classified {
            file: file_id,
            range,
            site: Site::Inherit,
            def,
            text,
        });
    }
    if let Some(name) = source_map.name_for_node(node) {
        // `f { x = …; }`: the attribute gives `f`'s pattern field `x`; that is what it means.
        let (def_file, def_name) =
            argument_field(db, file_id, file, name).unwrap_or((file_id, name));
        return Some(Classified {
            file: file_id,
            range,
            site: Site::Definition,
            def: Some(Def::Name {
                file: def_file,
                name: def_name,
            }),
            text,
        });
    }
    if parent.kind() == NODE_ATTRPATH {
        let owner = parent.parent()?;
        if matches!(owner.kind(), NODE_SELECT | NODE_HAS_ATTR) {
            let index = parent.children().position(|c| &c == node)?;
            let owner_expr = source_map.expr_for_node(&owner)?;
            let (set, attrpath) = match &file.core.module()[owner_expr] {
                Expr::Select { set, attrpath, .. } => (*set, attrpath.clone()),
                Expr::HasAttr { set, attrpath } => (*set, attrpath.clone()),
                _ => return None,
            };
            let def = select_def(db, file_id, set, &attrpath, index);
            return Some(Classified {
                file: file_id,
                range,
                site: Site::Select,
                def,
                text,
            });
        }
        return None;
    }
    let expr = source_map.expr_for_node(node)?;
    let def = reference_def(file_id, file, expr)?;
    Some(Classified {
        file: file_id,
        range,
        site: Site::Reference,
        def: Some(def),
        text,
    })
}

/// For an attribute of a set passed to a function with a pattern (`f { x = 1; }`), the
/// pattern field it fills.
pub(crate) fn argument_field(
    db: &Db,
    file_id: FileId,
    file: &AnalyzedFile,
    name: NameId,
) -> Option<(FileId, NameId)> {
    let module = file.core.module();
    if module[name].kind != nixty_check::ir::NameKind::PlainAttr {
        return None;
    }
    let (owner, _) = *file.bindings.get(&name)?;
    let fun = module.exprs().find_map(|(_, expr)| match expr {
        Expr::Apply { fun, arg } if *arg == owner => Some(*fun),
        _ => None,
    })?;
    let lambda = trace(
        db,
        Value {
            file: file_id,
            expr: fun,
        },
        &mut Fuel::default(),
    )?;
    let target = db.file(lambda.file)?;
    let target_module = target.core.module();
    let Expr::Lambda {
        pattern: Some(pattern),
        ..
    } = &target_module[lambda.expr]
    else {
        return None;
    };
    let text = &module[name].text;
    pattern
        .fields
        .iter()
        .find(|f| &target_module[f.name].text == text)
        .map(|f| (lambda.file, f.name))
}

/// The meaning of a reference expression.
pub(crate) fn reference_def(file_id: FileId, file: &AnalyzedFile, expr: ExprId) -> Option<Def> {
    let Expr::Reference(text) = &file.core.module()[expr] else {
        return None;
    };
    Some(match file.core.names().resolution(expr)? {
        Resolution::Definition(name) => Def::Name {
            file: file_id,
            name: *name,
        },
        Resolution::Builtin(name) => Def::Builtin(builtin_name(name)?),
        Resolution::WithCandidates(withs) => Def::With {
            file: file_id,
            withs: withs.clone(),
            text: text.clone(),
        },
        Resolution::Unresolved => Def::Unresolved { text: text.clone() },
    })
}

/// The canonical builtin name of a global (`__map` → `map`); `builtins` itself is kept.
pub(crate) fn builtin_name(global: &str) -> Option<&'static str> {
    let stripped = global.strip_prefix("__").unwrap_or(global);
    nixty_check::builtins::lookup(stripped)
        .map(|b| b.name)
        .or_else(|| (global == "builtins").then_some("builtins"))
        .or_else(|| nixty_check::builtins::global(global))
}

/// The definition of the `index`th attribute of a selection `set.a.b.c`.
pub(crate) fn select_def(
    db: &Db,
    file: FileId,
    set: ExprId,
    attrpath: &[ExprId],
    index: usize,
) -> Option<Def> {
    let mut fuel = Fuel::default();
    let mut current = Value { file, expr: set };
    for (i, attr) in attrpath.iter().enumerate().take(index + 1) {
        let text = static_attr(db, file, *attr)?;
        if is_builtins(db, current) {
            return (i == index)
                .then(|| nixty_check::builtins::lookup(&text).map(|b| Def::Builtin(b.name)))
                .flatten();
        }
        let (owner_file, name) = attr_of(db, current, &text, &mut fuel)?;
        if i == index {
            return Some(Def::Name {
                file: owner_file,
                name,
            });
        }
        current = value_of_name(db, owner_file, name, &mut fuel)?;
    }
    None
}

/// The text of a static attribute name expression (a string literal).
pub(crate) fn static_attr(db: &Db, file: FileId, attr: ExprId) -> Option<String> {
    let analysis = db.file(file)?;
    match &analysis.core.module()[attr] {
        Expr::Literal(Literal::String(text)) => Some(text.clone()),
        _ => None,
    }
}

/// An expression of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Value {
    pub file: FileId,
    pub expr: ExprId,
}

/// Bounds static tracing, so reference cycles (`rec { a = b; b = a; }`) terminate.
pub(crate) struct Fuel(pub(crate) u32);

impl Default for Fuel {
    fn default() -> Self {
        Fuel(256)
    }
}

impl Fuel {
    fn burn(&mut self) -> Option<()> {
        self.0 = self.0.checked_sub(1)?;
        Some(())
    }
}

/// The value bound to a name, when it is statically known.
pub(crate) fn value_of_name(db: &Db, file: FileId, name: NameId, fuel: &mut Fuel) -> Option<Value> {
    fuel.burn()?;
    let analysis = db.file(file)?;
    let (owner, value) = *analysis.bindings.get(&name)?;
    match value {
        BindingValue::Expr(expr) => Some(Value { file, expr }),
        BindingValue::Inherit(reference) => Some(Value {
            file,
            expr: reference,
        }),
        BindingValue::InheritFrom(index) => {
            let from = match &analysis.core.module()[owner] {
                Expr::LetIn { bindings, .. } | Expr::AttrSet { bindings, .. } => {
                    *bindings.inherit_froms.get(index)?
                }
                _ => return None,
            };
            let text = analysis.core.module()[name].text.clone();
            let (f, n) = attr_of(db, Value { file, expr: from }, &text, fuel)?;
            value_of_name(db, f, n, fuel)
        }
    }
}

/// Follows references, selections, `let`/`with`/`assert` bodies, `import`s and applications of
/// known lambdas to the expression that makes the value.
pub(crate) fn trace(db: &Db, value: Value, fuel: &mut Fuel) -> Option<Value> {
    fuel.burn()?;
    let analysis = db.file(value.file)?;
    let module = analysis.core.module();
    match &module[value.expr] {
        Expr::Reference(_) => match analysis.core.names().resolution(value.expr) {
            Some(Resolution::Definition(name)) => {
                let bound = value_of_name(db, value.file, *name, fuel);
                match bound {
                    Some(bound) => trace(db, bound, fuel),
                    None => Some(value),
                }
            }
            _ => Some(value),
        },
        Expr::Select {
            set,
            attrpath,
            default: None,
        } => {
            let mut current = Value {
                file: value.file,
                expr: *set,
            };
            for attr in attrpath {
                let text = static_attr(db, value.file, *attr)?;
                let (f, n) = attr_of(db, current, &text, fuel)?;
                current = value_of_name(db, f, n, fuel)?;
            }
            trace(db, current, fuel)
        }
        Expr::LetIn { body, .. } | Expr::With { body, .. } | Expr::Assert { body, .. } => trace(
            db,
            Value {
                file: value.file,
                expr: *body,
            },
            fuel,
        ),
        Expr::Apply { fun, arg } => {
            if let Some(imported) = imported_file(db, value.file, *fun, *arg, fuel) {
                let target = db.file(imported)?;
                return trace(
                    db,
                    Value {
                        file: imported,
                        expr: target.core.module().entry(),
                    },
                    fuel,
                );
            }
            let function = trace(
                db,
                Value {
                    file: value.file,
                    expr: *fun,
                },
                fuel,
            )?;
            let function_file = db.file(function.file)?;
            match &function_file.core.module()[function.expr] {
                Expr::Lambda { body, .. } => trace(
                    db,
                    Value {
                        file: function.file,
                        expr: *body,
                    },
                    fuel,
                ),
                _ => Some(value),
            }
        }
        _ => Some(value),
    }
}

/// `import ./x.nix` / `callPackage ./x.nix`: the file id of the imported file (when the host
/// has it).
pub(crate) fn imported_file(
    db: &Db,
    file: FileId,
    fun: ExprId,
    arg: ExprId,
    fuel: &mut Fuel,
) -> Option<FileId> {
    let analysis = db.file(file)?;
    let module = analysis.core.module();
    let is_import = match &module[fun] {
        Expr::Reference(text) => {
            matches!(
                analysis.core.names().resolution(fun),
                Some(Resolution::Builtin(_))
            ) && (text == "import" || text == "__import")
                || text.ends_with("callPackage")
        }
        Expr::Select { set, attrpath, .. } => {
            let last = attrpath.last().and_then(|a| static_attr(db, file, *a));
            match last.as_deref() {
                Some("import") => is_builtins(db, Value { file, expr: *set }),
                Some(name) => name.ends_with("callPackage"),
                None => false,
            }
        }
        _ => false,
    };
    if !is_import {
        return None;
    }
    let path_value = trace(db, Value { file, expr: arg }, fuel)?;
    let path_file = db.file(path_value.file)?;
    let Expr::Literal(Literal::Path(text)) = &path_file.core.module()[path_value.expr] else {
        return None;
    };
    let base = db.workspace.path(path_value.file)?;
    let target = resolve_path_literal(base, text, &|p| db.workspace.is_known_file(p))?;
    db.workspace.lookup(&target)
}

/// Whether an expression is the global `builtins`.
pub(crate) fn is_builtins(db: &Db, value: Value) -> bool {
    let Some(analysis) = db.file(value.file) else {
        return false;
    };
    matches!(
        analysis.core.names().resolution(value.expr),
        Some(Resolution::Builtin("builtins"))
    )
}

/// The name bound to attribute `text` in the set a value evaluates to, when statically known
/// (`{ … }`, `rec { … }`, `a // b`, through references and imports).
pub(crate) fn attr_of(
    db: &Db,
    value: Value,
    text: &str,
    fuel: &mut Fuel,
) -> Option<(FileId, NameId)> {
    let value = trace(db, value, fuel)?;
    let analysis = db.file(value.file)?;
    let module = analysis.core.module();
    match &module[value.expr] {
        Expr::AttrSet { bindings, .. } => bindings
            .statics
            .iter()
            .find(|b| module[b.name].text == text)
            .map(|b| (value.file, b.name)),
        Expr::Binary {
            op: nixty_check::ir::BinaryOp::Update,
            lhs,
            rhs,
        } => attr_of(
            db,
            Value {
                file: value.file,
                expr: *rhs,
            },
            text,
            fuel,
        )
        .or_else(|| {
            attr_of(
                db,
                Value {
                    file: value.file,
                    expr: *lhs,
                },
                text,
                fuel,
            )
        }),
        _ => None,
    }
}

/// The static attributes of the set a value evaluates to: (name text, file, name).
pub(crate) fn attrs_of(db: &Db, value: Value, fuel: &mut Fuel) -> Vec<(String, FileId, NameId)> {
    let Some(value) = trace(db, value, fuel) else {
        return Vec::new();
    };
    let Some(analysis) = db.file(value.file) else {
        return Vec::new();
    };
    let module = analysis.core.module();
    match &module[value.expr] {
        Expr::AttrSet { bindings, .. } => bindings
            .statics
            .iter()
            .map(|b| (module[b.name].text.clone(), value.file, b.name))
            .collect(),
        Expr::Binary {
            op: nixty_check::ir::BinaryOp::Update,
            lhs,
            rhs,
        } => {
            let mut out = attrs_of(
                db,
                Value {
                    file: value.file,
                    expr: *rhs,
                },
                fuel,
            );
            for attr in attrs_of(
                db,
                Value {
                    file: value.file,
                    expr: *lhs,
                },
                fuel,
            ) {
                if !out.iter().any(|o| o.0 == attr.0) {
                    out.push(attr);
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// The ranges where a name is bound (several for merged paths `a.b = 1; a.c = 2;`).
pub(crate) fn name_def_ranges(file: &AnalyzedFile, name: NameId) -> Vec<TextRange> {
    file.core
        .source_map()
        .name_syntax(name)
        .iter()
        .map(|p| p.text_range())
        .collect()
}

/// The syntax node of a name's first definition.
pub(crate) fn name_def_node(file: &AnalyzedFile, name: NameId) -> Option<SyntaxNode> {
    let ptr = file.core.source_map().name_syntax(name).first()?;
    ptr.try_to_node(&file.core.syntax())
}
