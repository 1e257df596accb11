//! Where nixty keeps its environment state: the trust store and GC roots under the XDG data
//! directory, evaluated environments under the XDG cache directory.

use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dirs {
    /// `$XDG_DATA_HOME/nixty` (default `~/.local/share/nixty`).
    pub data: PathBuf,
    /// `$XDG_CACHE_HOME/nixty` (default `~/.cache/nixty`).
    pub cache: PathBuf,
}

impl Dirs {
    /// The directories from the XDG variables (absolute values only, as the spec says) or `$HOME`.
    pub fn from_env() -> Result<Dirs, String> {
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|h| h.is_absolute());
        let pick = |var: &str, fallback: &str| -> Result<PathBuf, String> {
            match std::env::var_os(var)
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
            {
                Some(dir) => Ok(dir.join("nixty")),
                None => home
                    .as_ref()
                    .map(|h| h.join(fallback).join("nixty"))
                    .ok_or_else(|| {
                        format!(
                            "neither {var} nor HOME is set to an absolute path; set one of them"
                        )
                    }),
            }
        };
        Ok(Dirs {
            data: pick("XDG_DATA_HOME", ".local/share")?,
            cache: pick("XDG_CACHE_HOME", ".cache")?,
        })
    }

    pub fn under(root: &Path) -> Dirs {
        Dirs {
            data: root.join("data/nixty"),
            cache: root.join("cache/nixty"),
        }
    }

    pub fn trust_file(&self) -> PathBuf {
        self.data.join("trust.json")
    }

    pub fn env_cache(&self) -> PathBuf {
        self.cache.join("env")
    }

    pub fn gc_roots(&self) -> PathBuf {
        self.data.join("gcroots")
    }
}

/// Writes `bytes` to `path` atomically (a temporary file in the same directory, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id(),
        unique()
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// A number unique within this process (for temporary names).
pub fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos ^ (NEXT.fetch_add(1, Ordering::SeqCst) << 48)
}

/// Now as RFC 3339 UTC (`2026-11-23T16:40:17Z`).
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339(secs)
}

fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil-from-days (proleptic Gregorian), days since 1970-01-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_utc_times() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(super::rfc3339(1_795_452_027), "2026-11-23T16:40:27Z");
    }
}
