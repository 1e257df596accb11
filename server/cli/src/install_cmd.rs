//! `nixty install mcedit|neovim [--dry-run]`: puts nixty's syntax files (embedded in the
//! binary) into the user's editor directories, idempotently.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const MCEDIT_SYNTAX: &str = include_str!("../../../syntax/mcedit/nix.syntax");

/// The two lines that hook nix.syntax into mc's `Syntax` index.
const MCEDIT_ENTRY: &str = "file ..\\*\\\\.nix$ Nix\\sExpression\ninclude nix.syntax\n";

#[derive(clap::Args)]
#[command(after_help = "\
mcedit: writes nix.syntax to $XDG_DATA_HOME/mc/syntax/ (default ~/.local/share/mc/syntax/) and \
a Syntax index beside it: a copy of mc's own (from $MC_DATADIR/syntax, /usr/share/mc/syntax, …) \
with a `*.nix` entry before the catch-all one. mc 4.8.29 and later read that user Syntax instead \
of the system one. Older mc reads ~/.config/mc/mcedit/ (4.7–4.8.x) or ~/.mc/cedit/ (before 4.7): \
copy both files there.
neovim: writes highlights/injections/locals/folds/indents.scm to \
$XDG_CONFIG_HOME/nvim/queries/nix/ (default ~/.config/nvim/queries/nix/), or with --site to \
$XDG_DATA_HOME/nvim/site/queries/nix/; they take precedence over the queries of nvim-treesitter's \
nix parser, which must be installed (`:TSInstall nix`).
Running it again changes nothing unless nixty's files changed.")]
pub struct Args {
    /// The editor to install syntax files for.
    #[arg(value_enum)]
    editor: Editor,

    /// Print what would be written, write nothing.
    #[arg(long)]
    dry_run: bool,

    /// neovim: install into the site directory ($XDG_DATA_HOME/nvim/site) instead of the
    /// configuration directory.
    #[arg(long)]
    site: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Editor {
    Mcedit,
    Neovim,
}

/// One file to put in place.
struct Planned {
    path: PathBuf,
    contents: String,
}

pub fn run(args: Args) -> ExitCode {
    let plan = match args.editor {
        Editor::Mcedit => plan_mcedit(),
        Editor::Neovim => plan_neovim(args.site),
    };
    let plan = match plan {
        Ok(plan) => plan,
        Err(message) => {
            eprintln!("nixty install: {message}");
            return ExitCode::from(2);
        }
    };
    for file in &plan {
        let current = std::fs::read_to_string(&file.path).ok();
        let shown = file.path.display();
        if current.as_deref() == Some(file.contents.as_str()) {
            println!("unchanged {shown}");
            continue;
        }
        let verb = if current.is_some() {
            "update"
        } else {
            "create"
        };
        if args.dry_run {
            println!("would {verb} {shown} ({} bytes)", file.contents.len());
            continue;
        }
        if let Err(e) = write_atomically(&file.path, &file.contents) {
            eprintln!("nixty install: cannot write {shown}: {e}");
            return ExitCode::from(2);
        }
        println!("{verb}d {shown}");
    }
    if !args.dry_run {
        match args.editor {
            Editor::Mcedit => println!(
                "mcedit now highlights *.nix files (mc 4.8.29 or later; for older mc see \
                 `nixty install --help`)."
            ),
            Editor::Neovim => println!(
                "Neovim uses these queries for nix buffers once the nix parser is installed \
                 (nvim-treesitter: `:TSInstall nix`)."
            ),
        }
    }
    ExitCode::SUCCESS
}

fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temporary = path.with_extension("nixty-tmp");
    std::fs::write(&temporary, contents)?;
    std::fs::rename(&temporary, path)
}

/// `$NAME` when set to an absolute path (the XDG rule), else `$HOME/default`.
fn xdg_dir(name: &str, default: &str) -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os(name).map(PathBuf::from) {
        if dir.is_absolute() {
            return Ok(dir);
        }
    }
    match std::env::var_os("HOME").map(PathBuf::from) {
        Some(home) if home.is_absolute() => Ok(home.join(default)),
        _ => Err(format!(
            "neither ${name} nor $HOME is set to an absolute directory; set one of them"
        )),
    }
}

fn plan_mcedit() -> Result<Vec<Planned>, String> {
    let dir = xdg_dir("XDG_DATA_HOME", ".local/share")?.join("mc/syntax");
    let user_index = dir.join("Syntax");
    // Keep the user's own index (and their edits) when there is one; otherwise start from
    // mc's, since the user index replaces it entirely.
    let index = match std::fs::read_to_string(&user_index) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => system_mc_syntax()?,
        Err(e) => return Err(format!("cannot read {}: {e}", user_index.display())),
    };
    Ok(vec![
        Planned {
            path: dir.join("nix.syntax"),
            contents: MCEDIT_SYNTAX.to_string(),
        },
        Planned {
            path: user_index,
            contents: with_nix_entry(&index),
        },
    ])
}

/// mc's own `Syntax` index: in `$MC_DATADIR` when set (mc then reads its data only there),
/// else under the usual prefixes.
fn system_mc_syntax() -> Result<String, String> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os("MC_DATADIR") {
        candidates.push(PathBuf::from(dir).join("syntax/Syntax"));
    } else {
        for prefix in [
            "/usr/share",
            "/usr/local/share",
            "/run/current-system/sw/share",
            "/opt/homebrew/share",
            "/opt/local/share",
        ] {
            candidates.push(Path::new(prefix).join("mc/syntax/Syntax"));
        }
        if let Some(home) = std::env::var_os("HOME") {
            candidates.push(PathBuf::from(home).join(".nix-profile/share/mc/syntax/Syntax"));
        }
    }
    for candidate in &candidates {
        if let Ok(text) = std::fs::read_to_string(candidate) {
            return Ok(text);
        }
    }
    let looked: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
    Err(format!(
        "Midnight Commander's Syntax file was not found (looked in {}); install mc, or set \
         MC_DATADIR to the directory that holds its syntax/ folder",
        looked.join(", ")
    ))
}

/// The index with the Nix entry before the catch-all `file .\* …` entry (or at the end); the
/// index unchanged when it already includes nix.syntax.
fn with_nix_entry(index: &str) -> String {
    let includes_nix = index
        .lines()
        .any(|line| line.split_whitespace().collect::<Vec<_>>() == ["include", "nix.syntax"]);
    if includes_nix {
        return index.to_string();
    }
    let mut out = String::with_capacity(index.len() + MCEDIT_ENTRY.len() + 1);
    let mut inserted = false;
    for line in index.split_inclusive('\n') {
        let mut words = line.split_whitespace();
        if !inserted && words.next() == Some("file") && words.next() == Some(".\\*") {
            out.push_str(MCEDIT_ENTRY);
            out.push('\n');
            inserted = true;
        }
        out.push_str(line);
    }
    if !inserted {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(MCEDIT_ENTRY);
    }
    out
}

fn plan_neovim(site: bool) -> Result<Vec<Planned>, String> {
    let dir = if site {
        xdg_dir("XDG_DATA_HOME", ".local/share")?.join("nvim/site/queries/nix")
    } else {
        xdg_dir("XDG_CONFIG_HOME", ".config")?.join("nvim/queries/nix")
    };
    Ok(nixty_highlight::queries::neovim_query_files()
        .into_iter()
        .map(|(name, contents)| Planned {
            path: dir.join(name),
            contents,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::with_nix_entry;

    #[test]
    fn nix_entry_goes_before_the_catch_all_once() {
        let index =
            "file ..\\*\\\\.c$ C\ninclude c.syntax\n\nfile .\\* unknown\ninclude unknown.syntax\n";
        let once = with_nix_entry(index);
        assert_eq!(
            once,
            "file ..\\*\\\\.c$ C\ninclude c.syntax\n\nfile ..\\*\\\\.nix$ Nix\\sExpression\n\
             include nix.syntax\n\nfile .\\* unknown\ninclude unknown.syntax\n"
        );
        assert_eq!(with_nix_entry(&once), once);
        let no_catch_all = with_nix_entry("file ..\\*\\\\.c$ C\ninclude c.syntax");
        assert!(no_catch_all
            .ends_with("\n\nfile ..\\*\\\\.nix$ Nix\\sExpression\ninclude nix.syntax\n"));
    }
}
