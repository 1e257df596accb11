//! The evaluated-environment cache: one JSON file per project under the XDG cache dir, holding
//! the last good environment and the last failure, each with the key of the inputs it came from.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::dirs::{write_atomic, Dirs};
use crate::inputs::sha256_hex;
use crate::model::{EnvError, Environment};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Record {
    pub good: Option<Good>,
    pub failure: Option<CachedFailure>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Good {
    pub key: String,
    pub environment: Environment,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CachedFailure {
    pub key: String,
    pub error: EnvError,
}

/// A short stable name for a project root (file names in the cache and GC-root dirs).
pub fn project_key(root: &Path) -> String {
    sha256_hex(root.as_os_str().as_encoded_bytes())[..32].to_string()
}

fn file(dirs: &Dirs, root: &Path) -> PathBuf {
    dirs.env_cache().join(format!("{}.json", project_key(root)))
}

pub fn lock_file(dirs: &Dirs, root: &Path) -> PathBuf {
    dirs.env_cache().join(format!("{}.lock", project_key(root)))
}

pub fn load(dirs: &Dirs, root: &Path) -> Record {
    std::fs::read(file(dirs, root))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub fn store(dirs: &Dirs, root: &Path, record: &Record) -> std::io::Result<()> {
    let json = serde_json::to_vec(record).map_err(std::io::Error::other)?;
    write_atomic(&file(dirs, root), &json)
}
