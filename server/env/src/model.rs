//! The environment as data: what `nixty env` prints and the LSP request returns.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The project was not allowed (or changed since): nothing was evaluated.
    Untrusted,
    /// An evaluation is running; the fields hold the last good environment, if any.
    Evaluating,
    Ready,
    /// The last evaluation failed; `error` says why, the fields hold the last good environment.
    Failed,
}

/// A Nix error, with the place it points to when Nix printed one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvError {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl std::fmt::Display for EnvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => {
                write!(f, "{file}:{line}:{column}: {}", self.message)
            }
            (Some(file), _, _) => write!(f, "{file}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    pub root: String,
    /// The source file name relative to the root (`shell.nix`, `dir-locals.nix`, …).
    pub source: String,
    pub status: Status,
    /// Variables to set. `PATH`, when present, is `path_prepend` followed by the PATH of the
    /// process that asked (added by [`Environment::with_path`]).
    pub set: BTreeMap<String, String>,
    pub unset: Vec<String>,
    pub path_prepend: Vec<String>,
    pub editor: serde_json::Value,
    pub inputs: Vec<String>,
    pub evaluated_at: Option<String>,
    pub nix_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<EnvError>,
}

impl Environment {
    pub fn empty(root: &str, source: &str, status: Status) -> Environment {
        Environment {
            root: root.to_string(),
            source: source.to_string(),
            status,
            set: BTreeMap::new(),
            unset: Vec::new(),
            path_prepend: Vec::new(),
            editor: serde_json::Value::Object(Default::default()),
            inputs: Vec::new(),
            evaluated_at: None,
            nix_version: None,
            error: None,
        }
    }

    /// Adds `PATH` to `set`: the environment's entries, then `outer` (the caller's PATH).
    pub fn with_path(mut self, outer: Option<&str>) -> Environment {
        if self.path_prepend.is_empty() {
            return self;
        }
        let mut path = self.path_prepend.join(":");
        if let Some(outer) = outer.filter(|o| !o.is_empty()) {
            path.push(':');
            path.push_str(outer);
        }
        self.set.insert("PATH".to_string(), path);
        self
    }
}
