//! Printing an environment: JSON (the data), and commands that apply it for sh, fish, and
//! Emacs (a plist the Emacs package reads with `read`, never evaluates).

use crate::model::{EnvError, Environment, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Sh,
    Fish,
    Elisp,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(text: &str) -> Result<Format, String> {
        match text {
            "json" => Ok(Format::Json),
            "sh" | "bash" | "zsh" => Ok(Format::Sh),
            "fish" => Ok(Format::Fish),
            "elisp" => Ok(Format::Elisp),
            other => Err(format!(
                "unknown format `{other}`; use json, sh, fish or elisp"
            )),
        }
    }
}

pub fn render(env: &Environment, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(env).unwrap_or_default() + "\n",
        Format::Sh => sh(env),
        Format::Fish => fish(env),
        Format::Elisp => elisp(env),
    }
}

/// Names a POSIX shell can export.
fn is_shell_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether the variables are worth applying (ready, or a failure that kept the last good one).
fn applicable(env: &Environment) -> bool {
    matches!(
        env.status,
        Status::Ready | Status::Failed | Status::Evaluating
    ) && env.evaluated_at.is_some()
}

pub fn sh_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

fn sh(env: &Environment) -> String {
    let mut out = String::new();
    if !applicable(env) {
        return out;
    }
    for name in &env.unset {
        if is_shell_name(name) {
            out.push_str(&format!("unset {name}\n"));
        }
    }
    for (name, value) in &env.set {
        if is_shell_name(name) {
            out.push_str(&format!("export {name}={}\n", sh_quote(value)));
        }
    }
    out
}

fn fish_quote(value: &str) -> String {
    format!("'{}'", value.replace('\\', r"\\").replace('\'', r"\'"))
}

fn fish(env: &Environment) -> String {
    let mut out = String::new();
    if !applicable(env) {
        return out;
    }
    for name in &env.unset {
        if is_shell_name(name) {
            out.push_str(&format!("set -e {name}\n"));
        }
    }
    for (name, value) in &env.set {
        if !is_shell_name(name) {
            continue;
        }
        if name == "PATH" {
            // fish keeps PATH as a list.
            let parts: Vec<String> = value
                .split(':')
                .filter(|p| !p.is_empty())
                .map(fish_quote)
                .collect();
            out.push_str(&format!("set -gx PATH {}\n", parts.join(" ")));
        } else {
            out.push_str(&format!("set -gx {name} {}\n", fish_quote(value)));
        }
    }
    out
}

fn elisp_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A symbol that reads back as the same name (special characters escaped).
fn elisp_symbol(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || "-+=*/_~!@$%^&:<>{}?".contains(c) {
            out.push(c);
        } else {
            out.push('\\');
            out.push(c);
        }
    }
    if out.is_empty() {
        "##".to_string()
    } else {
        out
    }
}

/// JSON as Emacs Lisp data: objects → alists with symbol keys, arrays → vectors, null/false → nil.
fn elisp_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null | serde_json::Value::Bool(false) => "nil".into(),
        serde_json::Value::Bool(true) => "t".into(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => elisp_string(s),
        serde_json::Value::Array(items) => format!(
            "[{}]",
            items.iter().map(elisp_json).collect::<Vec<_>>().join(" ")
        ),
        serde_json::Value::Object(map) => format!(
            "({})",
            map.iter()
                .map(|(k, v)| format!("({} . {})", elisp_symbol(k), elisp_json(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

fn elisp_list(items: &[String]) -> String {
    format!(
        "({})",
        items
            .iter()
            .map(|s| elisp_string(s))
            .collect::<Vec<_>>()
            .join(" ")
    )
}

fn elisp_error(error: &EnvError) -> String {
    let mut out = format!("(:message {}", elisp_string(&error.message));
    if let Some(file) = &error.file {
        out.push_str(&format!(" :file {}", elisp_string(file)));
    }
    if let (Some(line), Some(column)) = (error.line, error.column) {
        out.push_str(&format!(" :line {line} :column {column}"));
    }
    out.push(')');
    out
}

fn elisp(env: &Environment) -> String {
    let opt = |v: &Option<String>| {
        v.as_deref()
            .map(elisp_string)
            .unwrap_or_else(|| "nil".into())
    };
    let set: Vec<String> = env
        .set
        .iter()
        .map(|(k, v)| format!("({} . {})", elisp_string(k), elisp_string(v)))
        .collect();
    let status = serde_json::to_value(env.status)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    format!(
        "(:root {} :source {} :status {} :set ({}) :unset {} :path-prepend {} :editor {} :inputs {} :evaluated-at {} :nix-version {} :error {})\n",
        elisp_string(&env.root),
        elisp_string(&env.source),
        status,
        set.join(" "),
        elisp_list(&env.unset),
        elisp_list(&env.path_prepend),
        elisp_json(&env.editor),
        elisp_list(&env.inputs),
        opt(&env.evaluated_at),
        opt(&env.nix_version),
        env.error.as_ref().map(elisp_error).unwrap_or_else(|| "nil".into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn sample() -> Environment {
        let mut env = Environment::empty("/p", "dir-locals.nix", Status::Ready);
        env.set
            .insert("GREETING".into(), "it's \"quoted\" $HOME \\ `x`".into());
        env.set.insert("bad-name".into(), "x".into());
        env.unset.push("OLD".into());
        env.path_prepend.push("/nix/store/x-hello/bin".into());
        env.editor = serde_json::json!({ "fill-column": 80, "my var": [true, null, "s"] });
        env.evaluated_at = Some("2026-11-23T16:40:27Z".into());
        env.with_path(Some("/usr/bin"))
    }

    #[test]
    fn sh_fish_elisp() {
        let env = sample();
        expect![[r#"
            unset OLD
            export GREETING='it'\''s "quoted" $HOME \ `x`'
            export PATH='/nix/store/x-hello/bin:/usr/bin'
        "#]]
        .assert_eq(&render(&env, Format::Sh));
        expect![[r#"
            set -e OLD
            set -gx GREETING 'it\'s "quoted" $HOME \\ `x`'
            set -gx PATH '/nix/store/x-hello/bin' '/usr/bin'
        "#]]
        .assert_eq(&render(&env, Format::Fish));
        expect![[r#"
            (:root "/p" :source "dir-locals.nix" :status ready :set (("GREETING" . "it's \"quoted\" $HOME \\ `x`") ("PATH" . "/nix/store/x-hello/bin:/usr/bin") ("bad-name" . "x")) :unset ("OLD") :path-prepend ("/nix/store/x-hello/bin") :editor ((fill-column . 80) (my\ var . [t nil "s"])) :inputs () :evaluated-at "2026-11-23T16:40:27Z" :nix-version nil :error nil)
        "#]]
        .assert_eq(&render(&env, Format::Elisp));
    }

    #[test]
    fn untrusted_prints_no_commands() {
        let env = Environment::empty("/p", "shell.nix", Status::Untrusted);
        assert_eq!(render(&env, Format::Sh), "");
        assert_eq!(render(&env, Format::Fish), "");
    }
}
