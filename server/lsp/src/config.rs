//! User settings, from `initializationOptions`, `workspace/configuration` (section `nixty`)
//! and `workspace/didChangeConfiguration`, laid over the project's `nixty.toml`.
//!
//! ```json
//! {
//!   "diagnostics": { "disable": ["syntax-error"], "severity": { "unused-let-binding": "hint" } },
//!   "inlayHints": { "enable": true, "bindingTypes": true, "parameterTypes": true, "maxLength": 40 },
//!   "hover": { "maxTypeLength": 200 },
//!   "formatter": { "command": ["nixfmt"] }
//! }
//! ```

use std::collections::BTreeMap;

use nixty_ide::{AnalysisConfig, DiagnosticsConfig};
use serde::Deserialize;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub diagnostics: DiagnosticsSettings,
    pub inlay_hints: InlayHintsSettings,
    pub hover: HoverSettings,
    pub formatter: FormatterSettings,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiagnosticsSettings {
    /// Codes never reported.
    pub disable: Vec<String>,
    /// Code → `error`, `warning`, `info`, `hint` or `off`.
    pub severity: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InlayHintsSettings {
    pub enable: Option<bool>,
    pub binding_types: Option<bool>,
    pub parameter_types: Option<bool>,
    pub max_length: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HoverSettings {
    pub max_type_length: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FormatterSettings {
    /// An external formatter as argv, e.g. `["nixfmt"]`; absent: the built-in one.
    pub command: Option<Vec<String>>,
}

impl Settings {
    /// Reads settings sent by a client: either the `nixty` section itself or an object holding
    /// it under `nixty` (what `didChangeConfiguration` usually sends). `null` means defaults.
    /// Invalid settings give the defaults and a message for the user.
    pub fn from_json(value: &Value) -> (Settings, Option<String>) {
        let section = match value.get("nixty") {
            Some(inner) if inner.is_object() => inner,
            _ => value,
        };
        if section.is_null() {
            return (Settings::default(), None);
        }
        match Settings::deserialize(section) {
            Ok(settings) => (settings, None),
            Err(e) => (
                Settings::default(),
                Some(format!(
                    "nixty: ignoring invalid settings ({e}); see the README for the format"
                )),
            ),
        }
    }

    /// The features' configuration: `base` (from `nixty.toml`) with these settings on top.
    /// Returns the messages about settings that could not be applied.
    pub fn to_analysis_config(&self, base: &DiagnosticsConfig) -> (AnalysisConfig, Vec<String>) {
        let mut problems = Vec::new();
        let mut config = AnalysisConfig {
            diagnostics: base.clone(),
            ..AnalysisConfig::default()
        };
        for code in &self.diagnostics.disable {
            config.diagnostics.disable(code);
        }
        for (code, severity) in &self.diagnostics.severity {
            if let Err(e) = config.diagnostics.set_severity_str(code, severity) {
                problems.push(format!("nixty settings: {e}"));
            }
        }
        let hints = &mut config.inlay_hints;
        let enabled = self.inlay_hints.enable.unwrap_or(true);
        hints.binding_types = enabled && self.inlay_hints.binding_types.unwrap_or(true);
        hints.parameter_types = enabled && self.inlay_hints.parameter_types.unwrap_or(true);
        if let Some(max) = self.inlay_hints.max_length {
            hints.max_length = max;
        }
        if let Some(max) = self.hover.max_type_length {
            config.hover.max_type_len = max;
        }
        match &self.formatter.command {
            Some(argv) if argv.is_empty() => {
                problems.push(
                    "nixty settings: `formatter.command` is empty; using the built-in formatter"
                        .into(),
                );
            }
            Some(argv) => config.formatter.command = Some(argv.clone()),
            None => {}
        }
        (config, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nixty_ide::Severity;
    use serde_json::json;

    #[test]
    fn settings_apply_over_nixty_toml() {
        let mut base = DiagnosticsConfig::default();
        base.disable("from-toml");
        base.set_severity("overridden", Severity::Error);
        let (settings, problem) = Settings::from_json(&json!({
            "nixty": {
                "diagnostics": { "disable": ["syntax-error"], "severity": { "overridden": "hint", "bad": "loud" } },
                "inlayHints": { "enable": false },
                "hover": { "maxTypeLength": 80 },
                "formatter": { "command": ["nixfmt", "--width=80"] },
                "somethingElse": 1
            }
        }));
        assert_eq!(problem, None);
        let (config, problems) = settings.to_analysis_config(&base);
        assert_eq!(config.diagnostics.overrides.get("from-toml"), Some(&None));
        assert_eq!(
            config.diagnostics.overrides.get("syntax-error"),
            Some(&None)
        );
        assert_eq!(
            config.diagnostics.overrides.get("overridden"),
            Some(&Some(Severity::Hint))
        );
        assert!(!config.inlay_hints.binding_types && !config.inlay_hints.parameter_types);
        assert_eq!(config.hover.max_type_len, 80);
        assert_eq!(
            config.formatter.command,
            Some(vec!["nixfmt".to_string(), "--width=80".to_string()])
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("`loud`"), "{problems:?}");
    }

    #[test]
    fn invalid_or_missing_settings_give_defaults() {
        assert_eq!(
            Settings::from_json(&Value::Null),
            (Settings::default(), None)
        );
        let (settings, problem) = Settings::from_json(&json!({ "diagnostics": { "disable": 3 } }));
        assert_eq!(settings, Settings::default());
        assert!(problem.unwrap().contains("invalid settings"));
    }
}
