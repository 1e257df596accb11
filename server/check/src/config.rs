//! User configuration of diagnostics: codes disabled or with another severity.
//! Read from `nixty.toml` at the project root (and from CLI flags / LSP settings).
//!
//! ```toml
//! [diagnostics]
//! disable = ["unused-binding"]
//! severity = { "unused-with" = "hint" }
//! ```

use std::collections::BTreeMap;

use crate::{Diagnostic, Severity};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Code → severity override; `None` disables the code.
    pub overrides: BTreeMap<String, Option<Severity>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    diagnostics: DiagnosticsSection,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DiagnosticsSection {
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

impl Config {
    /// Parses the text of a `nixty.toml`.
    pub fn from_toml_str(text: &str) -> Result<Config, ConfigError> {
        let file: FileConfig =
            toml::from_str(text).map_err(|e| ConfigError(format!("invalid nixty.toml: {e}")))?;
        let mut config = Config::default();
        for code in file.diagnostics.disable {
            config.disable(&code);
        }
        for (code, severity) in file.diagnostics.severity {
            config.set_severity_str(&code, &severity)?;
        }
        Ok(config)
    }

    pub fn disable(&mut self, code: &str) {
        self.overrides.insert(code.to_string(), None);
    }

    pub fn set_severity(&mut self, code: &str, severity: Severity) {
        self.overrides.insert(code.to_string(), Some(severity));
    }

    /// Sets a severity given as text (`error`, `warning`, `info`, `hint`, or `off`).
    pub fn set_severity_str(&mut self, code: &str, severity: &str) -> Result<(), ConfigError> {
        if severity == "off" || severity == "none" {
            self.disable(code);
            return Ok(());
        }
        let severity = Severity::parse(severity).ok_or_else(|| {
            ConfigError(format!(
                "unknown severity `{severity}` for `{code}`: use error, warning, info, hint or off"
            ))
        })?;
        self.set_severity(code, severity);
        Ok(())
    }

    /// The configured codes that nixty does not know (typos, or codes of another version), so
    /// the caller can warn about them. Codes of type diagnostics (`type-…`) and syntax errors
    /// (`syntax-…`) are accepted as a family.
    pub fn unknown_codes(&self) -> Vec<String> {
        self.overrides
            .keys()
            .filter(|code| {
                crate::codes::Code::from_name(code).is_none()
                    && !code.starts_with("type-")
                    && !code.starts_with("syntax-")
            })
            .cloned()
            .collect()
    }

    /// Drops disabled diagnostics, overrides severities, and sorts by position.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter_map(|mut d| match self.overrides.get(&d.code) {
                Some(None) => None,
                Some(Some(severity)) => {
                    d.severity = *severity;
                    Some(d)
                }
                None => Some(d),
            })
            .collect();
        out.sort_by_key(|d| (d.range.start(), d.range.end()));
        out
    }
}
