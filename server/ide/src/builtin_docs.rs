//! Documentation of builtins: nixty's own one-line docs (from `check`'s table), replaced by
//! the installed Nix's own documentation when `nix __dump-builtins` answers. The probe runs
//! once, on a background thread (never on a request's path), with a timeout; until it has
//! answered, hovers use the built-in text.

use std::collections::HashMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Docs from the installed Nix, once probed (`None` inside: the probe failed).
static NIX_DOCS: OnceLock<Option<HashMap<String, NixDoc>>> = OnceLock::new();
static PROBE_STARTED: OnceLock<()> = OnceLock::new();

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NixDoc {
    pub args: Vec<String>,
    pub doc: String,
}

/// Starts the `nix __dump-builtins` probe in the background (once per process).
pub fn start_probe() {
    PROBE_STARTED.get_or_init(|| {
        let _ = std::thread::Builder::new()
            .name("nixty-builtins-probe".into())
            .spawn(|| {
                let _ = NIX_DOCS.set(probe());
            });
    });
}

/// The Markdown doc of a builtin (by its name in `builtins`).
pub(crate) fn doc(name: &str) -> Option<String> {
    // Tests see nixty's own text only, whatever Nix is installed.
    #[cfg(not(test))]
    start_probe();
    if let Some(Some(docs)) = NIX_DOCS.get() {
        if let Some(doc) = docs.get(name) {
            let args = if doc.args.is_empty() {
                String::new()
            } else {
                format!("`builtins.{name} {}`\n\n", doc.args.join(" "))
            };
            return Some(format!("{args}{}", doc.doc.trim()));
        }
    }
    let builtin = nixty_check::builtins::lookup(name)?;
    let arity = match builtin.arity {
        0 => String::new(),
        1 => " (1 argument)".to_string(),
        n => format!(" ({n} arguments)"),
    };
    Some(format!("{}{arity}", builtin.doc))
}

fn probe() -> Option<HashMap<String, NixDoc>> {
    let mut command = Command::new("nix");
    command
        .arg("__dump-builtins")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().ok()?;
    let mut stdout = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        // Bounded: the real dump is well under 1 MB.
        let _ = (&mut stdout).take(8 * 1024 * 1024).read_to_end(&mut out);
        out
    });
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break,
            Ok(Some(_)) | Err(_) => return None,
            Ok(None) if started.elapsed() > Duration::from_secs(10) => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    parse_dump(&reader.join().ok()?)
}

/// Parses the JSON of `nix __dump-builtins`: `{ name: { args: [..], doc: ".." } }` (newer Nix
/// wraps it as `{ builtins: { … } }`).
pub(crate) fn parse_dump(bytes: &[u8]) -> Option<HashMap<String, NixDoc>> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let object = value
        .get("builtins")
        .and_then(|b| b.as_object())
        .or_else(|| value.as_object())?;
    let mut out = HashMap::new();
    for (name, entry) in object {
        let Some(doc) = entry.get("doc").and_then(|d| d.as_str()) else {
            continue;
        };
        let args = entry
            .get("args")
            .and_then(|a| a.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        out.insert(
            name.clone(),
            NixDoc {
                args,
                doc: doc.to_string(),
            },
        );
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_dump_shapes() {
        let old = br#"{"map": {"args": ["f", "list"], "doc": "Apply f."}}"#;
        let new =
            br#"{"builtins": {"map": {"args": ["f", "list"], "doc": "Apply f.", "arity": 2}}}"#;
        for dump in [&old[..], &new[..]] {
            let docs = parse_dump(dump).unwrap();
            assert_eq!(
                docs["map"],
                NixDoc {
                    args: vec!["f".into(), "list".into()],
                    doc: "Apply f.".into()
                }
            );
        }
        assert!(parse_dump(b"not json").is_none());
    }

    #[test]
    fn probes_the_installed_nix() {
        let has_nix = Command::new("nix")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !has_nix {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "nix is required in CI: apt-get install nix-bin"
            );
            eprintln!("nix is not installed: probe not exercised");
            return;
        }
        let docs = probe().expect("`nix __dump-builtins` answers");
        assert!(docs["map"].doc.contains("list"), "{:?}", docs["map"]);
    }

    #[test]
    fn falls_back_to_nixtys_table() {
        // Whatever the probe says, a builtin has docs.
        assert!(doc("map").is_some());
        assert!(doc("noSuchBuiltin").is_none());
    }
}
