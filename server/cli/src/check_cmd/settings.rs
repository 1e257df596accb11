//! The configuration each file is checked with: the nearest `nixty.toml` above the file (or the
//! `--config` file), then the command-line `--severity` and `--disable` flags on top.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use nixty_check::Config;

pub const CONFIG_FILE_NAME: &str = "nixty.toml";

/// Codes `nixty check` itself gives (files it cannot analyze), unknown to the analysis core.
const CLI_CODES: [&str; 4] = [
    "io-file-too-large",
    "io-not-utf8",
    "io-binary-file",
    "internal-error",
];

/// Configured codes that nixty does not know: likely typos, worth a warning.
fn unknown_codes(config: &Config) -> Vec<String> {
    config
        .unknown_codes()
        .into_iter()
        .filter(|code| !CLI_CODES.contains(&code.as_str()))
        .collect()
}

/// Overrides given on the command line; they win over the configuration file.
pub struct CliOverrides {
    pub disable: Vec<String>,
    pub severity: Vec<(String, String)>,
}

impl CliOverrides {
    fn apply_to(&self, mut config: Config) -> Config {
        for (code, level) in &self.severity {
            // Already validated by `parse_severity_flag`.
            let _ = config.set_severity_str(code, level);
        }
        for code in &self.disable {
            config.disable(code);
        }
        config
    }
}

/// Parses `CODE=LEVEL` for `--severity`, rejecting unknown levels at the command line.
pub fn parse_severity_flag(flag: &str) -> Result<(String, String), String> {
    let (code, level) = flag
        .split_once('=')
        .ok_or_else(|| format!("expected CODE=LEVEL (e.g. unused-with=hint), got `{flag}`"))?;
    let (code, level) = (code.trim(), level.trim());
    if code.is_empty() {
        return Err(format!("missing diagnostic code before `=` in `{flag}`"));
    }
    Config::default()
        .set_severity_str(code, level)
        .map_err(|e| e.to_string())?;
    Ok((code.to_string(), level.to_string()))
}

/// The configurations of the files, and warnings about them (unknown codes).
pub struct Resolved {
    /// One per file, in the order of the files; shared between files of the same project.
    pub configs: Vec<Arc<Config>>,
    pub warnings: Vec<String>,
}

/// Finds and loads each file's configuration. An unreadable or invalid configuration file is
/// an error naming that file.
pub fn resolve_configs(
    files: &[PathBuf],
    config_file: Option<&Path>,
    overrides: &CliOverrides,
) -> Result<Resolved, String> {
    let mut loader = Loader {
        overrides,
        by_config_file: HashMap::new(),
        config_file_of_dir: HashMap::new(),
        without_file: Arc::new(overrides.apply_to(Config::default())),
        warnings: Vec::new(),
    };
    for code in unknown_codes(&loader.without_file) {
        loader.warnings.push(format!(
            "--disable/--severity: unknown diagnostic code `{code}` (a typo?)"
        ));
    }
    let configs = loader.configs_of(files, config_file)?;
    Ok(Resolved {
        configs,
        warnings: loader.warnings,
    })
}

impl Loader<'_> {
    fn configs_of(
        &mut self,
        files: &[PathBuf],
        config_file: Option<&Path>,
    ) -> Result<Vec<Arc<Config>>, String> {
        if let Some(path) = config_file {
            let config = self.load(path)?;
            return Ok(vec![config; files.len()]);
        }
        let mut config_file_of_parent: HashMap<&Path, Option<PathBuf>> = HashMap::new();
        files
            .iter()
            .map(|file| {
                let parent = file.parent().unwrap_or(Path::new(""));
                let found = match config_file_of_parent.get(parent) {
                    Some(found) => found.clone(),
                    None => {
                        let found = real_dir(parent).and_then(|dir| self.config_file_above(&dir));
                        config_file_of_parent.insert(parent, found.clone());
                        found
                    }
                };
                match found {
                    Some(path) => self.load(&path),
                    None => Ok(self.without_file.clone()),
                }
            })
            .collect()
    }
}

/// The directory with symlinks and `..` resolved, so that walking up follows the file system.
fn real_dir(dir: &Path) -> Option<PathBuf> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .ok()
}

struct Loader<'a> {
    overrides: &'a CliOverrides,
    by_config_file: HashMap<PathBuf, Arc<Config>>,
    config_file_of_dir: HashMap<PathBuf, Option<PathBuf>>,
    without_file: Arc<Config>,
    warnings: Vec<String>,
}

impl Loader<'_> {
    /// The nearest `nixty.toml` in `dir` or its ancestors (cached per directory, since a tree
    /// of thousands of files has few directories).
    fn config_file_above(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.config_file_of_dir.get(dir) {
            return found.clone();
        }
        let candidate = dir.join(CONFIG_FILE_NAME);
        let found = if candidate.is_file() {
            Some(candidate)
        } else {
            dir.parent()
                .and_then(|parent| self.config_file_above(parent))
        };
        self.config_file_of_dir
            .insert(dir.to_path_buf(), found.clone());
        found
    }

    fn load(&mut self, path: &Path) -> Result<Arc<Config>, String> {
        if let Some(config) = self.by_config_file.get(path) {
            return Ok(config.clone());
        }
        let shown = shown_path(path);
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read configuration file {shown}: {e}"))?;
        let config = Config::from_toml_str(&text).map_err(|e| format!("{shown}: {e}"))?;
        for code in unknown_codes(&config) {
            self.warnings.push(format!(
                "{shown}: unknown diagnostic code `{code}` (a typo?)"
            ));
        }
        let config = Arc::new(self.overrides.apply_to(config));
        self.by_config_file
            .insert(path.to_path_buf(), config.clone());
        Ok(config)
    }
}

/// A configuration path as the user would type it: relative to the working directory when it
/// lies below it.
fn shown_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
