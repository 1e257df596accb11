//! A readable text form of the IR with source ranges and resolutions, for golden tests and
//! debugging (`FileAnalysis::dump`).

use std::fmt::Write;

use crate::ir::{BindingValue, Bindings, Expr, ExprId, InterpolPart, Literal, Module, NameId};
use crate::lower::SourceMap;
use crate::resolve::{NameResolution, Resolution};

/// Renders the module as an indented tree.
pub fn dump(module: &Module, source_map: &SourceMap, names: &NameResolution) -> String {
    let mut d = Dumper {
        module,
        source_map,
        names,
        out: String::new(),
    };
    d.expr(module.entry(), 0);
    d.out
}

struct Dumper<'a> {
    module: &'a Module,
    source_map: &'a SourceMap,
    names: &'a NameResolution,
    out: String,
}

impl Dumper<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{:indent$}{text}", "", indent = indent * 2);
    }

    fn name(&self, id: NameId) -> String {
        let n = &self.module[id];
        format!("{}#{}@{:?}", n.text, id.0, self.source_map.name_range(id))
    }

    fn expr(&mut self, id: ExprId, indent: usize) {
        let range = self.source_map.expr_range(id);
        let head = match &self.module[id] {
            Expr::Missing => "Missing".to_string(),
            Expr::Reference(name) => {
                let r = match self.names.resolution(id) {
                    Some(Resolution::Definition(n)) => format!("-> {}", self.name(*n)),
                    Some(Resolution::Builtin(b)) => format!("-> builtin {b}"),
                    Some(Resolution::WithCandidates(ws)) => format!(
                        "-> with {}",
                        ws.iter()
                            .map(|w| format!("{:?}", self.source_map.expr_range(*w)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Some(Resolution::Unresolved) => "-> UNRESOLVED".into(),
                    None => "-> ?".into(),
                };
                format!("Reference {name} {r}")
            }
            Expr::Literal(l) => match l {
                Literal::Int(i) => format!("Int {i}"),
                Literal::Float(f) => format!("Float {f}"),
                Literal::String(s) => format!("String {s:?}"),
                Literal::Path(p) => format!("Path {p}"),
                Literal::SearchPath(p) => format!("SearchPath <{p}>"),
                Literal::Uri(u) => format!("Uri {u}"),
            },
            Expr::CurPos => "CurPos".into(),
            Expr::StringInterpolation(_) => "StringInterpolation".into(),
            Expr::PathInterpolation(_) => "PathInterpolation".into(),
            Expr::Lambda { param, pattern, .. } => {
                let mut s = "Lambda".to_string();
                if let Some(p) = param {
                    let _ = write!(s, " param={}", self.name(*p));
                }
                if let Some(p) = pattern {
                    let _ = write!(s, " pattern{}", if p.ellipsis { " ..." } else { "" });
                }
                s
            }
            Expr::Apply { .. } => "Apply".into(),
            Expr::Select { default, .. } => {
                format!("Select{}", if default.is_some() { " or" } else { "" })
            }
            Expr::HasAttr { .. } => "HasAttr".into(),
            Expr::Binary { op, .. } => format!("Binary {}", op.as_str()),
            Expr::Unary { op, .. } => format!("Unary {op:?}"),
            Expr::IfThenElse { .. } => "IfThenElse".into(),
            Expr::Assert { .. } => "Assert".into(),
            Expr::With { .. } => format!("With uses={}", self.names.with_uses(id).len()),
            Expr::LetIn { .. } => "LetIn".into(),
            Expr::AttrSet { rec, .. } => {
                let synthetic = self.source_map.expr_syntax(id).is_none();
                format!(
                    "AttrSet{}{}",
                    if *rec { " rec" } else { "" },
                    if synthetic { " (merged path)" } else { "" }
                )
            }
            Expr::List(_) => "List".into(),
        };
        self.line(indent, &format!("{head} @{range:?}"));
        match &self.module[id] {
            Expr::Lambda { pattern, body, .. } => {
                if let Some(p) = pattern {
                    for f in &p.fields {
                        self.line(indent + 1, &format!("field {}", self.name(f.name)));
                        if let Some(d) = f.default {
                            self.expr(d, indent + 2);
                        }
                    }
                }
                self.expr(*body, indent + 1);
            }
            Expr::LetIn { bindings, body } => {
                self.bindings(bindings, indent + 1);
                self.line(indent + 1, "in");
                self.expr(*body, indent + 1);
            }
            Expr::AttrSet { bindings, .. } => self.bindings(bindings, indent + 1),
            Expr::StringInterpolation(parts) | Expr::PathInterpolation(parts) => {
                for p in parts {
                    match p {
                        InterpolPart::Literal(s) => self.line(indent + 1, &format!("{s:?}")),
                        InterpolPart::Interpolation(e) => self.expr(*e, indent + 1),
                    }
                }
            }
            _ => {
                for child in self.module.children(id) {
                    self.expr(child, indent + 1);
                }
            }
        }
    }

    fn bindings(&mut self, bindings: &Bindings, indent: usize) {
        for (i, from) in bindings.inherit_froms.iter().enumerate() {
            self.line(indent, &format!("inherit-from #{i}"));
            self.expr(*from, indent + 1);
        }
        for b in &bindings.statics {
            let kind = format!("{:?}", self.module[b.name].kind);
            match b.value {
                BindingValue::Expr(e) => {
                    self.line(indent, &format!("{} ({kind}) =", self.name(b.name)));
                    self.expr(e, indent + 1);
                }
                BindingValue::Inherit(e) => {
                    self.line(indent, &format!("{} ({kind}) inherit", self.name(b.name)));
                    self.expr(e, indent + 1);
                }
                BindingValue::InheritFrom(i) => {
                    self.line(
                        indent,
                        &format!("{} ({kind}) inherit from #{i}", self.name(b.name)),
                    );
                }
            }
        }
        for d in &bindings.dynamics {
            self.line(indent, "dynamic");
            self.expr(d.key, indent + 1);
            self.expr(d.value, indent + 1);
        }
    }
}
