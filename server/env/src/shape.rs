//! From the variables a shell ends up with to the environment an editor applies: drop what
//! belongs to the build sandbox or the shell itself, and turn `PATH` into entries to prepend.

use std::collections::BTreeMap;

use crate::nix::Vars;

/// Variables of the build or of bash, not of the project (the same set `nix develop` drops,
/// plus what `nix-shell` adds).
const IGNORED: &[&str] = &[
    "BASHOPTS",
    "HOME",
    "NIX_BUILD_TOP",
    "NIX_ENFORCE_PURITY",
    "NIX_LOG_FD",
    "NIX_REMOTE",
    "PPID",
    "SHELLOPTS",
    "SSL_CERT_FILE",
    "TEMP",
    "TEMPDIR",
    "TERM",
    "TMP",
    "TMPDIR",
    "TZ",
    "UID",
    "OLDPWD",
    "PWD",
    "SHLVL",
    "_",
    "__ETC_PROFILE_SOURCED",
    "NIX_BUILD_SHELL",
    "LINENO",
    "SHELL",
];

/// PATH values Nix's setup uses when nothing is on PATH.
const PLACEHOLDERS: &[&str] = &["/path-not-set", "/no-such-path"];

pub struct Shaped {
    pub set: BTreeMap<String, String>,
    pub path_prepend: Vec<String>,
}

pub fn is_placeholder(path_entry: &str) -> bool {
    PLACEHOLDERS.contains(&path_entry)
}

/// Removes the variables of the build sandbox and of bash (HOME=/homeless-shelter, …).
pub fn drop_build_variables(vars: &mut Vars) {
    vars.retain(|name, _| !IGNORED.contains(&name.as_str()));
}

/// `outer_path` is the PATH of the Nix process: entries of it that `nix-shell` appended are
/// not the project's.
pub fn shape(mut vars: Vars, outer_path: Option<&str>) -> Shaped {
    let path = vars.remove("PATH").unwrap_or_default();
    let outer: Vec<&str> = outer_path
        .map(|p| p.split(':').collect())
        .unwrap_or_default();
    let mut path_prepend: Vec<String> = Vec::new();
    for entry in path.split(':') {
        if entry.is_empty() || PLACEHOLDERS.contains(&entry) || outer.contains(&entry) {
            continue;
        }
        if !path_prepend.iter().any(|e| e == entry) {
            path_prepend.push(entry.to_string());
        }
    }
    drop_build_variables(&mut vars);
    Shaped {
        set: vars,
        path_prepend,
    }
}

/// Every top-level store path mentioned in `values` (`/nix/store/<hash>-<name>`).
pub fn store_paths<'a>(values: impl Iterator<Item = &'a str>, store_dir: &str) -> Vec<String> {
    let prefix = format!("{}/", store_dir.trim_end_matches('/'));
    let mut found: Vec<String> = Vec::new();
    for value in values {
        let mut rest = value;
        while let Some(at) = rest.find(&prefix) {
            let tail = &rest[at + prefix.len()..];
            let len = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || "+-._?=".contains(c)))
                .unwrap_or(tail.len());
            let name = &tail[..len];
            // A store path name is a 32-character hash, a dash, and a name.
            if name.len() > 33 && name.as_bytes()[32] == b'-' {
                let path = format!("{prefix}{name}");
                if !found.contains(&path) {
                    found.push(path);
                }
            }
            rest = &tail[len..];
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    #[test]
    fn drops_build_variables_and_splits_path() {
        let vars: Vars = [
            (
                "PATH",
                "/nix/store/aaa-hello/bin::/usr/bin:/path-not-set:/nix/store/aaa-hello/bin",
            ),
            ("HOME", "/homeless-shelter"),
            ("FOO", "bar"),
            ("NIX_BUILD_TOP", "/tmp/x"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let shaped = shape(vars, Some("/usr/bin:/bin"));
        expect![[r#"{"FOO": "bar"} ["/nix/store/aaa-hello/bin"]"#]]
            .assert_eq(&format!("{:?} {:?}", shaped.set, shaped.path_prepend));
    }

    #[test]
    fn finds_store_paths() {
        let h = "0123456789abcdfghijklmnpqrsvwxyz";
        let values = [
            format!("/nix/store/{h}-bash-5.1/bin:/nix/store/{h}-gcc/lib/x"),
            "/nix/store/short".to_string(),
        ];
        expect![[r#"["/nix/store/0123456789abcdfghijklmnpqrsvwxyz-bash-5.1", "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-gcc"]"#]]
            .assert_eq(&format!("{:?}", store_paths(values.iter().map(String::as_str), "/nix/store")));
    }
}
