//! Inlay hints: the inferred types of `let` bindings and lambda parameters (not of annotated
//! names, not when nothing is known).

use nixty_check::infer::NameKind;
use nixty_parse::{TextRange, TextSize};

use crate::{Db, FileId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHintsConfig {
    pub binding_types: bool,
    pub parameter_types: bool,
    /// Hints longer than this are folded with `…`.
    pub max_length: usize,
}

impl Default for InlayHintsConfig {
    fn default() -> Self {
        InlayHintsConfig {
            binding_types: true,
            parameter_types: true,
            max_length: 40,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlayHintKind {
    Type,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown (right after the name).
    pub offset: TextSize,
    /// `: Int`
    pub label: String,
    pub kind: InlayHintKind,
}

pub(crate) fn inlay_hints(db: &Db, file: FileId, range: Option<TextRange>) -> Vec<InlayHint> {
    let config = &db.config.inlay_hints;
    if !config.binding_types && !config.parameter_types {
        return Vec::new();
    }
    crate::types_hook::binding_types(db, file, config.max_length)
        .into_iter()
        .filter(|(name_range, kind, ty)| {
            let wanted = match kind {
                NameKind::Let => config.binding_types,
                NameKind::Param | NameKind::PatternField => config.parameter_types,
                NameKind::Attr => false,
            };
            wanted
                && ty != "?"
                && range.is_none_or(|r| {
                    r.contains_range(*name_range) || r.intersect(*name_range).is_some()
                })
        })
        .map(|(name_range, _, ty)| InlayHint {
            offset: name_range.end(),
            label: format!(": {ty}"),
            kind: InlayHintKind::Type,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;
    use crate::{AnalysisConfig, AnalysisHost, InlayHintsConfig};

    fn render(fixture: &Fixture) -> String {
        let text = fixture.text(fixture.file());
        let mut out = text.clone();
        let hints = fixture.analysis.inlay_hints(fixture.file(), None);
        for hint in hints.iter().rev() {
            out.insert_str(usize::from(hint.offset), &format!("⟨{}⟩", hint.label));
        }
        out
    }

    #[test]
    fn shows_binding_and_parameter_types() {
        let fixture = Fixture::new("let\n  n = 1;\n  f = x: x + 1;\nin f n");
        expect![[r#"
            let
              n⟨: Int⟩ = 1;
              f⟨: Number -> Number⟩ = x⟨: Number⟩: x + 1;
            in f n"#]]
        .assert_eq(&render(&fixture));
    }

    #[test]
    fn configurable() {
        let mut host = AnalysisHost::new();
        host.set_config(AnalysisConfig {
            inlay_hints: InlayHintsConfig {
                binding_types: false,
                ..InlayHintsConfig::default()
            },
            ..AnalysisConfig::default()
        });
        let fixture = Fixture::with_host("let n = 1; f = x: x + 1; in f n", host);
        expect!["let n = 1; f = x⟨: Number⟩: x + 1; in f n"].assert_eq(&render(&fixture));
    }
}
