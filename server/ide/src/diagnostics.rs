//! Diagnostics of a file: syntax errors and the analysis core's diagnostics (names, lints),
//! plus type diagnostics when inference is wired; the configuration (disabled codes,
//! severities) applied.

use nixty_check::Diagnostic;

use crate::{Db, FileId};

pub(crate) fn diagnostics(db: &Db, file: FileId) -> Vec<Diagnostic> {
    let Some(analysis) = db.file(file) else {
        return Vec::new();
    };
    let mut diagnostics = analysis.core.diagnostics().to_vec();
    diagnostics.extend(crate::types_hook::type_diagnostics(db, file));
    db.config.diagnostics.apply(diagnostics)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;
    use crate::{AnalysisConfig, AnalysisHost, Severity};

    fn render(fixture: &Fixture) -> String {
        fixture
            .analysis
            .diagnostics(fixture.file())
            .iter()
            .map(|d| {
                format!(
                    "{:?} {} {:?}: {}\n",
                    d.range,
                    d.severity.as_str(),
                    d.code,
                    d.message
                )
            })
            .collect()
    }

    #[test]
    fn core_diagnostics_with_config() {
        let text = "let unused = 1; in { a = undefinedName; b = 1 ";
        expect![[r#"
            4..10 warning "unused-let-binding": `unused` is bound but never used; remove it or rename it `_unused`
            25..38 error "undefined-variable": undefined variable `undefinedName`: no let, function parameter, rec attribute or builtin of that name is in scope
            46..46 error "syntax-error": unexpected end of file: expected `;`
        "#]].assert_eq(&render(&Fixture::new(text)));
        let mut host = AnalysisHost::new();
        let mut config = AnalysisConfig::default();
        config.diagnostics.disable("unused-let-binding");
        config
            .diagnostics
            .set_severity("undefined-variable", Severity::Hint);
        host.set_config(config);
        expect![[r#"
            25..38 hint "undefined-variable": undefined variable `undefinedName`: no let, function parameter, rec attribute or builtin of that name is in scope
            46..46 error "syntax-error": unexpected end of file: expected `;`
        "#]].assert_eq(&render(&Fixture::with_host(text, host)));
    }
}
