//! Runs tree-sitter-highlight with the embedded queries and flattens its event stream into
//! nested spans.

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

use crate::queries;

/// One highlighted region: a byte range of the source and the capture name that applies to it.
/// Spans nest properly (an injected shell command sits inside its string); a list of spans is
/// ordered by start, outer spans before the spans they contain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HighlightSpan {
    pub range: Range<usize>,
    pub capture: &'static str,
}

/// Why highlighting stopped (tree-sitter-highlight's own failures; bad Nix is not one).
#[derive(Debug)]
pub struct HighlightError(String);

impl fmt::Display for HighlightError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "highlighting failed: {}", self.0)
    }
}

impl std::error::Error for HighlightError {}

struct Configs {
    nix: HighlightConfiguration,
    bash: HighlightConfiguration,
}

fn configs() -> Result<&'static Configs, HighlightError> {
    static CONFIGS: OnceLock<Result<Configs, String>> = OnceLock::new();
    CONFIGS
        .get_or_init(|| {
            let mut nix = HighlightConfiguration::new(
                tree_sitter_nix::LANGUAGE.into(),
                "nix",
                queries::HIGHLIGHTS,
                queries::INJECTIONS,
                queries::LOCALS,
            )
            .map_err(|e| format!("nixty's Nix queries do not compile: {e}"))?;
            nix.configure(queries::STANDARD_HIGHLIGHT_CAPTURES);
            let mut bash = HighlightConfiguration::new(
                tree_sitter_bash::LANGUAGE.into(),
                "bash",
                tree_sitter_bash::HIGHLIGHT_QUERY,
                "",
                "",
            )
            .map_err(|e| format!("the bash highlight query does not compile: {e}"))?;
            bash.configure(queries::STANDARD_HIGHLIGHT_CAPTURES);
            Ok(Configs { nix, bash })
        })
        .as_ref()
        .map_err(|e| HighlightError(e.clone()))
}

/// The language an injection names: `bash`, or the word in a `/* lang */` comment.
pub(crate) fn injected_language(name: &str) -> String {
    name.trim()
        .trim_start_matches("/*")
        .trim_end_matches("*/")
        .trim()
        .to_ascii_lowercase()
}

/// Deeper bracket nesting than this is refused: tree-sitter's queries slow down sharply on very
/// deep (and especially on unclosed, error-recovered) nesting, from seconds at 20 000 levels to
/// minutes at 100 000; real Nix code stays far below a hundred.
pub const MAX_NESTING: usize = 10_000;

/// Above this [`nixty_parse::depth_bound`] the file is refused (real code stays under 1 000:
/// nixpkgs' lib and a generated all-packages.nix reach a few hundred).
pub const MAX_EXPRESSION_DEPTH: usize = 4_096;

/// The same bound as the parser's (`nixty_parse`'s `MAX_LOOKAHEAD_COST`).
const MAX_LOOKAHEAD_COST: u64 = 50_000_000;

/// An upper bound of the file's nesting: brackets and `${` opened minus closed, also counting
/// those inside strings and comments (a false refusal needs thousands of unbalanced brackets in
/// one file's strings).
fn nesting_bound(source: &str) -> usize {
    let mut depth: usize = 0;
    let mut deepest = 0;
    for byte in source.bytes() {
        match byte {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Highlights Nix source. Never fails on bad Nix (tree-sitter recovers from syntax errors);
/// fails on nesting deeper than [`MAX_NESTING`] and on tree-sitter-highlight's own errors.
pub fn highlight(source: &str) -> Result<Vec<HighlightSpan>, HighlightError> {
    let nesting = nesting_bound(source);
    if nesting > MAX_NESTING {
        return Err(HighlightError(format!(
            "brackets nest {nesting} levels deep; nixty highlights files nested up to \
             {MAX_NESTING} levels"
        )));
    }
    // Deep trees without brackets (`1+1+…`, `f a a …`, chains of `let`, lambdas, `if`) are
    // quadratic for tree-sitter's queries too (5 000 `+1` take seconds, 100 000 minutes).
    // rnix's tokenizer (used for the bound) is quadratic on long runs of path characters
    // (`1+1+…`, `a.b.c…`): check that first.
    let (lookahead, at) = nixty_parse::lookahead_cost(source);
    if lookahead > MAX_LOOKAHEAD_COST {
        return Err(HighlightError(format!(
            "the run of name and operator characters at byte {at} (like `a.b.c…` or \
             `1+1+…`) is too long; nixty does not highlight files with such runs"
        )));
    }
    // The bound counts each bracket level twice; brackets have their own limit above.
    let depth = nixty_parse::depth_bound(source).saturating_sub(2 * nesting);
    if depth > MAX_EXPRESSION_DEPTH {
        return Err(HighlightError(format!(
            "expressions nest about {depth} levels deep (long operator or application chains, \
             or nested let/with/if/lambdas); nixty highlights files nested up to \
             {MAX_EXPRESSION_DEPTH} levels"
        )));
    }
    let configs = configs()?;
    let mut highlighter = Highlighter::new();
    let events = highlighter
        .highlight(
            &configs.nix,
            source.as_bytes(),
            None,
            None,
            |name| match injected_language(name).as_str() {
                "bash" | "sh" | "shell" => Some(&configs.bash),
                _ => None,
            },
        )
        .map_err(|e| HighlightError(e.to_string()))?;

    let names = queries::STANDARD_HIGHLIGHT_CAPTURES;
    let mut spans: Vec<HighlightSpan> = Vec::new();
    // Indices into `spans` of the spans still open.
    let mut open: Vec<usize> = Vec::new();
    let mut position = 0;
    for event in events {
        match event.map_err(|e| HighlightError(e.to_string()))? {
            HighlightEvent::Source { start: _, end } => position = end,
            HighlightEvent::HighlightStart(highlight) => {
                open.push(spans.len());
                spans.push(HighlightSpan {
                    range: position..position,
                    capture: names[highlight.0],
                });
            }
            HighlightEvent::HighlightEnd => {
                if let Some(index) = open.pop() {
                    spans[index].range.end = position;
                }
            }
        }
    }
    for index in open {
        spans[index].range.end = position;
    }
    spans.retain(|span| !span.range.is_empty());
    Ok(spans)
}

/// The innermost capture covering byte `offset`, if any.
pub fn innermost_capture_at(spans: &[HighlightSpan], offset: usize) -> Option<&'static str> {
    // Containing spans form a chain, listed outer first: the last one is the innermost.
    spans
        .iter()
        .rev()
        .find(|span| span.range.contains(&offset))
        .map(|span| span.capture)
}
