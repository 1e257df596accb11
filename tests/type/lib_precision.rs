//! Precision on nixpkgs `lib` as a user sees it (issue 4, types.md "How it is judged"): the
//! real `nixty lsp`, started once with the nixpkgs-lib corpus as its workspace, opens every
//! `lib/**/*.nix` file and hovers each top-level function's name (see `lib_functions.rs` for
//! which attributes those are). Run it with
//! `cargo test -p nixty --test type lib_precision -- --nocapture` to see the figures.
//!
//! What the hover's type counts as (types are shown unfolded: `hover.maxTypeLength` is raised):
//! - *unknown*: no hover, a hover without a type, `?`, `Any`, or only the shape of a function
//!   (every part around the arrows is `?`, `Any` or `Fun`: `? -> ?`, `? -> ? -> ?`,
//!   `(? -> ?) -> ?`), which the syntax already says;
//! - *precise* (not `?`/`Any`): anything else, i.e. some part is known: `String -> ?`,
//!   `{ a: ?, .. } -> ?` (the attributes a function takes), `? -> Int | ?`;
//! - *fully known*: precise and without `?` anywhere (`String -> ?` is precise, not fully
//!   known; `Any -> String` is fully known). Decided on the type parsed back with
//!   `nixty_types::parse_type` (`Ty::is_fully_static`), since `?` also marks optional fields
//!   (`{ a?: Int }`).
//!
//! Checks that can fail: every hover is answered (no timeout, no error response, no `null`)
//! with the function's name; every shown type parses back; no error-severity type diagnostic
//! on the opened files; precision does not drop below [`PRECISE_FLOOR`] / [`FULLY_KNOWN_FLOOR`]
//! (just below the figures measured when they were set: raise them as inference improves).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::lib_functions::top_level_functions;
use crate::support::{default_capabilities, position_of, text_document_position, Server};

/// Minimum share (in %) of top-level functions whose hover type is not `?`/`Any`.
const PRECISE_FLOOR: f64 = 80.0;
/// Minimum share (in %) of top-level functions whose hover type has no `?` at all.
const FULLY_KNOWN_FLOOR: f64 = 4.0;
/// How many of the least precise functions are printed for inspection.
const SHOWN: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Grade {
    /// The hover has no type.
    Missing,
    /// `?`.
    Dynamic,
    /// `Any`.
    Any,
    /// `? -> ?`, `? -> ? -> ?`, …: nothing beyond "a function".
    FunctionShape,
    /// Something is known, some `?` remains.
    Partial,
    FullyKnown,
}

struct Measured {
    file: String,
    line: usize,
    name: String,
    type_text: Option<String>,
    grade: Grade,
}

impl Measured {
    /// Sort key, least precise first: by grade, then by how many `?` the type still has.
    fn imprecision(&self) -> (Grade, std::cmp::Reverse<usize>) {
        let marks = self.type_text.as_deref().map_or(0, dynamic_marks);
        (self.grade, std::cmp::Reverse(marks))
    }
}

#[test]
fn lib_precision() {
    let root = std::fs::canonicalize(crate::corpora().join("nixpkgs-lib"))
        .expect("the nixpkgs-lib corpus is missing from ../shared/corpora");
    let files = nix_files(&root.join("lib"));
    assert!(files.len() > 200, "too few lib files: {}", files.len());

    let mut server = start_in(&root);
    let mut measured = Vec::new();
    let mut problems = Vec::new();
    let mut uris = Vec::new();
    // Every top-level function found; one whose hover went wrong counts as unknown.
    let mut found = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read lib file");
        let relative = path.strip_prefix(&root).unwrap().display().to_string();
        let uri = file_uri(path);
        server.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "nix", "version": 1, "text": text } }),
        );
        uris.push((relative.clone(), uri.clone()));
        // Send the file's hovers together, then read the answers.
        let functions = top_level_functions(&text);
        let ids: Vec<i64> = functions
            .iter()
            .map(|f| {
                let position = position_of(&text, f.offset);
                server.send_request(
                    "textDocument/hover",
                    text_document_position(&uri, &position),
                )
            })
            .collect();
        found += functions.len();
        for (function, id) in functions.iter().zip(ids) {
            let line = line_of(&text, function.offset);
            let graded = server
                .response(id)
                .map_err(|error| format!("hover on `{}` failed: {error}", function.name))
                .and_then(|hover| grade(&hover, &function.name));
            match graded {
                Ok((type_text, grade)) => measured.push(Measured {
                    file: relative.clone(),
                    line,
                    name: function.name.clone(),
                    type_text,
                    grade,
                }),
                Err(problem) => problems.push(format!("{relative}:{line}: {problem}")),
            }
        }
    }
    let type_errors = type_errors(&mut server, &uris);
    server.shutdown();

    let total = found;
    let count = |pred: fn(Grade) -> bool| measured.iter().filter(|m| pred(m.grade)).count();
    let precise = count(|g| g >= Grade::Partial);
    let fully_known = count(|g| g == Grade::FullyKnown);
    let percent = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
    println!(
        "lib hover precision: {} files, {} top-level functions; precise (not ?/Any): {} ({:.1} %); fully known (no ?): {} ({:.1} %)",
        files.len(),
        total,
        precise,
        percent(precise),
        fully_known,
        percent(fully_known),
    );
    println!(
        "lib hover precision: unknown: {} failed hovers, {} without a type, {} `?`, {} `Any`, {} only `? -> ?`-like",
        problems.len(),
        count(|g| g == Grade::Missing),
        count(|g| g == Grade::Dynamic),
        count(|g| g == Grade::Any),
        count(|g| g == Grade::FunctionShape),
    );
    measured.sort_by_key(Measured::imprecision);
    println!("lib hover precision: the {SHOWN} least precise:");
    for m in measured.iter().take(SHOWN) {
        let shown = m.type_text.as_deref().unwrap_or("(no type)");
        println!(
            "  {}:{} {}: {}",
            m.file,
            m.line,
            m.name,
            shorten(shown, 100)
        );
    }

    assert!(
        problems.is_empty(),
        "{} hover(s) went wrong:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(total > 400, "too few top-level functions found: {total}");
    assert!(
        type_errors.is_empty(),
        "false type errors on nixpkgs lib:\n{}",
        type_errors.join("\n")
    );
    assert!(
        percent(precise) >= PRECISE_FLOOR,
        "precision fell below {PRECISE_FLOOR} %: {:.1} %",
        percent(precise)
    );
    assert!(
        percent(fully_known) >= FULLY_KNOWN_FLOOR,
        "fully known share fell below {FULLY_KNOWN_FLOOR} %: {:.1} %",
        percent(fully_known)
    );
}

/// Starts `nixty lsp` with `root` as its workspace folder and waits for indexing to end.
fn start_in(root: &Path) -> Server {
    // No folding with `…`: the whole type is graded.
    let settings = json!({ "hover": { "maxTypeLength": 1_000_000 } });
    let mut server = Server::spawn(settings.clone());
    let root_uri = file_uri(root);
    let initialized = server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root_uri,
            "workspaceFolders": [{ "uri": root_uri, "name": "nixpkgs-lib" }],
            "capabilities": default_capabilities(),
            "initializationOptions": settings,
        }),
    );
    assert!(initialized.is_ok(), "initialize failed: {initialized:?}");
    server.notify("initialized", json!({}));
    server.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    server
}

/// The type shown by one hover answer on `name`, and its grade (an `Err` is a defect of the
/// server, not imprecision).
fn grade(hover: &Value, name: &str) -> Result<(Option<String>, Grade), String> {
    let markdown = hover["contents"]["value"]
        .as_str()
        .ok_or_else(|| format!("no hover on `{name}`: {hover}"))?;
    // "```nix\n(kind) name: type\n```…"
    let head = markdown
        .strip_prefix("```nix\n")
        .and_then(|rest| rest.lines().next())
        .ok_or_else(|| format!("hover on `{name}` has no code block: {markdown:?}"))?;
    let after_kind = match head.strip_prefix('(') {
        Some(rest) => rest.split_once(") ").map_or(rest, |(_, after)| after),
        None => head,
    };
    let shown = after_kind
        .strip_prefix(name)
        .ok_or_else(|| format!("hover on `{name}` names something else: {head:?}"))?;
    let type_text = shown.strip_prefix(": ").map(str::to_string);
    let grade = match type_text.as_deref() {
        None => Grade::Missing,
        Some("?") => Grade::Dynamic,
        Some("Any") => Grade::Any,
        Some(text) if only_function_shape(text) => Grade::FunctionShape,
        Some(text) => {
            let ty = nixty_types::parse_type(text).map_err(|e| {
                format!("the type shown for `{name}` does not parse back ({e:?}): {text}")
            })?;
            if ty.is_fully_static() {
                Grade::FullyKnown
            } else {
                Grade::Partial
            }
        }
    };
    Ok((type_text, grade))
}

/// Error-severity `type-…` diagnostics published for the opened files.
fn type_errors(server: &mut Server, uris: &[(String, String)]) -> Vec<String> {
    let mut errors = Vec::new();
    for (relative, uri) in uris {
        let published = server.diagnostics(uri, Some(1));
        for d in published["diagnostics"].as_array().into_iter().flatten() {
            let code = d["code"].as_str().unwrap_or_default();
            if d["severity"] == 1 && code.starts_with("type-") {
                let line = d["range"]["start"]["line"].as_u64().unwrap_or(0) + 1;
                errors.push(format!("{relative}:{line}: {code}: {}", d["message"]));
            }
        }
    }
    errors
}

/// Is every part of `text` around its arrows (and `|`, `&`, parentheses) `?`, `Any` or `Fun`?
fn only_function_shape(text: &str) -> bool {
    text.replace(['(', ')'], " ")
        .split_whitespace()
        .all(|token| matches!(token, "->" | "|" | "&" | "?" | "Any" | "Fun"))
}

/// How many `?` stand for unknown types in a shown type (`a?:` marks an optional field).
fn dynamic_marks(text: &str) -> usize {
    text.match_indices('?')
        .filter(|(i, _)| !text[i + 1..].starts_with(':'))
        .count()
}

/// The `.nix` files below `dir`, sorted (every file: no ignore rules apply to a corpus).
fn nix_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
        .map(|entry| entry.expect("read corpus folder").into_path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "nix"))
        .collect();
    files.sort();
    files
}

/// `file://` URI of an absolute path, percent-encoding what URIs do not allow in a path.
fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.to_str().expect("UTF-8 corpus path").bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[test]
fn function_shapes_are_unknown() {
    assert!(only_function_shape("? -> ?"));
    assert!(only_function_shape("(? -> ?) -> Any -> ?"));
    assert!(!only_function_shape("String -> ?"));
    assert!(!only_function_shape("{ a: ?, .. } -> ?"));
}

#[test]
fn dynamic_marks_skip_optional_fields() {
    assert_eq!(dynamic_marks("{ a?: Int, b: ? } -> ?"), 2);
    assert_eq!(dynamic_marks("String -> String"), 0);
}
