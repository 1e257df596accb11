//! The queries as `nixty install neovim` writes them, loaded by the real Neovim with a
//! tree-sitter-nix parser compiled from the same crate sources nixty links.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::nixty;

fn tool_exists(name: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The directory of the tree-sitter-nix crate (its `src/parser.c` and `src/scanner.c`).
fn grammar_dir() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    let text = String::from_utf8(output.stdout).unwrap();
    // Find `"manifest_path":".../tree-sitter-nix-0.3.x/Cargo.toml"` without a JSON parser.
    let dir = text
        .match_indices("/Cargo.toml\"")
        .find_map(|(i, _)| {
            let dir = &text[text[..i].rfind('"')? + 1..i];
            let name = Path::new(dir).file_name()?.to_str()?;
            name.starts_with("tree-sitter-nix-")
                .then(|| dir.to_string())
        })
        .expect("tree-sitter-nix in cargo metadata");
    PathBuf::from(dir)
}

#[test]
fn neovim_loads_the_installed_queries_and_highlights_with_them() {
    if !tool_exists("nvim") || !tool_exists("cc") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "nvim and cc are needed: sudo apt-get install neovim gcc"
        );
        eprintln!("SKIPPED: nvim or cc missing (not in CI)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let install = nixty(
        &["install", "neovim"],
        &[("XDG_CONFIG_HOME", config.as_path()), ("HOME", dir.path())],
    );
    assert_eq!(install.status, 0, "{}", install.stderr);

    // Neovim looks parsers up as parser/nix.so on the runtimepath.
    let grammar = grammar_dir().join("src");
    let parser_dir = dir.path().join("rtp/parser");
    std::fs::create_dir_all(&parser_dir).unwrap();
    let cc = Command::new("cc")
        .args(["-shared", "-fPIC", "-O1", "-o"])
        .arg(parser_dir.join("nix.so"))
        .arg("-I")
        .arg(&grammar)
        .arg(grammar.join("parser.c"))
        .arg(grammar.join("scanner.c"))
        .output()
        .unwrap();
    assert!(
        cc.status.success(),
        "{}",
        String::from_utf8_lossy(&cc.stderr)
    );

    let script = dir.path().join("check.lua");
    std::fs::write(
        &script,
        r#"
local get = (vim.treesitter.query and vim.treesitter.query.get) or vim.treesitter.get_query
local out = {}
for _, name in ipairs({ 'highlights', 'injections', 'locals', 'folds', 'indents' }) do
  local ok, query = pcall(get, 'nix', name)
  table.insert(out, name .. '=' .. (ok and query and 'ok' or tostring(query)))
end
local src = '{ map }: [ builtins.attrNames true "s" ./p ]'
local tree = vim.treesitter.get_string_parser(src, 'nix'):parse()[1]
local q = get('nix', 'highlights')
local last = {}
for id, node in q:iter_captures(tree:root(), src, 0, 1) do
  local sr, sc = node:range()
  last[sc] = q.captures[id]
end
for _, col in ipairs({ 2, 11, 20, 30, 35, 39 }) do
  table.insert(out, col .. '=' .. tostring(last[col]))
end
io.stdout:write(table.concat(out, ' ') .. '\n')
"#,
    )
    .unwrap();
    let rtp = dir.path().join("rtp");
    let output = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE"])
        .arg("--cmd")
        .arg(format!(
            "set runtimepath^={},{}",
            config.join("nvim").display(),
            rtp.display()
        ))
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .args(["-c", "qa!"])
        .env("XDG_CONFIG_HOME", &config)
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The capture Neovim applies is the last one per node (the same rule as nixty's).
    assert_eq!(
        stdout.trim(),
        "highlights=ok injections=ok locals=ok folds=ok indents=ok 2=variable.parameter \
         11=variable.builtin 20=function.builtin 30=constant.builtin 35=string \
         39=string.special.path",
        "stderr: {stderr}"
    );
}
