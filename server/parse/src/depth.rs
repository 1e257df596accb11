//! Keeps deeply nested input from overflowing the stack.
//!
//! rnix recurses for nested lists, unary operators, right-associative operators and `or`
//! defaults without a limit, builds left-deep trees for `1+1+…` and `f a a …` (which rowan
//! hashes and drops recursively), and every later stage walks the tree. So:
//!
//! 1. [`depth_bound`] scans the tokens for a cheap upper bound of the tree's depth;
//! 2. when it is high, rnix runs on a helper thread with a stack big enough for that bound;
//! 3. a tree deeper than [`MAX_TREE_DEPTH`] is rebuilt with everything below that depth
//!    flattened into an error node (and the deep original is dropped on the big stack).
//!
//! Invariant for every consumer: a tree from [`crate::parse`] is at most `MAX_TREE_DEPTH`
//! nodes deep, so recursive walks with modest frames are safe on a 2 MiB stack.

use rnix::SyntaxKind::{self, *};
use rowan::{GreenNode, GreenNodeBuilder, Language, NodeOrToken, TextRange, WalkEvent};

use crate::SyntaxNode;

/// The deepest tree [`crate::parse`] returns (in nodes from the root).
pub const MAX_TREE_DEPTH: usize = 1024;

/// Above this bound rnix is not run at all: its parser gets quadratic on deep nesting (100 000
/// nested lists take minutes); the file becomes one error node with a `too_deep` error.
pub const HARD_DEPTH_BOUND: usize = 20_000;

/// rnix's tokenizer looks ahead to the end of every run of path characters
/// (`[A-Za-z0-9_.+-]`) at each token start inside it, which is quadratic on input like
/// `a.a.a.…`. Input whose estimated lookahead cost exceeds this is not tokenized.
pub const MAX_LOOKAHEAD_COST: u64 = 50_000_000;

/// Runs of path characters cheaper than this are not counted by [`lookahead_cost`].
const SHORT_RUN_COST: u64 = 4096;

/// The estimated cost of rnix's path lookahead over `text` (see [`MAX_LOOKAHEAD_COST`]) and
/// the start of the costliest run of path characters.
pub fn lookahead_cost(text: &str) -> (u64, usize) {
    let bytes = text.as_bytes();
    let path_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'+' | b'-');
    let mut total: u64 = 0;
    let mut worst = (0u64, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        if !path_char(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut splits: u64 = 1;
        while i < bytes.len() && path_char(bytes[i]) {
            if matches!(bytes[i], b'.' | b'+' | b'-') {
                splits += 1;
            }
            i += 1;
        }
        let cost = splits * (i - start) as u64;
        // Short runs (names, `lib.strings.foo`, versions) cost linear time overall; only long
        // runs with many token boundaries make the lookahead quadratic.
        if cost > SHORT_RUN_COST {
            total += cost;
        }
        if cost > worst.0 {
            worst = (cost, start);
        }
    }
    (total, worst.1)
}

/// Below this bound rnix runs on the caller's stack (measured safe on a 2 MiB stack).
pub(crate) const DIRECT_PARSE_BOUND: usize = 256;

/// Stack bytes per unit of the bound on the helper thread (generous: frames are lazily mapped).
const STACK_PER_LEVEL: usize = 4096;

struct Level {
    list: bool,
    count: usize,
    sticky: usize,
}

fn ends_operand(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        TOKEN_IDENT
            | TOKEN_INTEGER
            | TOKEN_FLOAT
            | TOKEN_URI
            | TOKEN_STRING_END
            | TOKEN_PATH_ABS
            | TOKEN_PATH_REL
            | TOKEN_PATH_HOME
            | TOKEN_PATH_SEARCH
            | TOKEN_R_PAREN
            | TOKEN_R_BRACK
            | TOKEN_R_BRACE
            | TOKEN_CUR_POS
    )
}

/// An upper bound (up to a small constant factor) of the depth of the tree rnix will build and
/// of its recursion: per open bracket level, the tokens since the last `;`/`,` (or list
/// element), plus the `with`/`assert`/`let`/`if` whose bodies run past a `;`.
pub fn depth_bound(text: &str) -> usize {
    depth_scan(text).0
}

/// [`depth_bound`], and the offset of the first token where the bound exceeds
/// [`HARD_DEPTH_BOUND`].
pub(crate) fn depth_scan(text: &str) -> (usize, Option<usize>) {
    let mut offset = 0usize;
    let mut exceeded_at = None;
    let mut levels = vec![Level {
        list: false,
        count: 0,
        sticky: 0,
    }];
    let mut total: usize = 1;
    let mut max = total;
    let mut prev_ends_operand = false;
    for (kind, token_text) in rnix::tokenize(text) {
        let token_start = offset;
        offset += token_text.len();
        if kind.is_trivia() || kind == TOKEN_STRING_CONTENT {
            continue;
        }
        let top = levels.last_mut().expect("the root level is never popped");
        match kind {
            TOKEN_R_PAREN | TOKEN_R_BRACK | TOKEN_R_BRACE | TOKEN_INTERPOL_END => {
                if levels.len() > 1 {
                    let level = levels.pop().expect("checked length");
                    total -= 1 + level.count + level.sticky;
                }
            }
            TOKEN_SEMICOLON | TOKEN_COMMA => {
                total -= top.count;
                top.count = 0;
            }
            TOKEN_WITH | TOKEN_ASSERT | TOKEN_LET | TOKEN_IF => {
                top.sticky += 1;
                total += 1;
            }
            _ => {
                if top.list && prev_ends_operand && kind.is_fn_arg() {
                    // A new list element: siblings, not nesting.
                    total -= top.count;
                    top.count = 0;
                }
                top.count += 1;
                total += 1;
                if matches!(
                    kind,
                    TOKEN_L_PAREN | TOKEN_L_BRACK | TOKEN_L_BRACE | TOKEN_INTERPOL_START
                ) {
                    levels.push(Level {
                        list: kind == TOKEN_L_BRACK,
                        count: 0,
                        sticky: 0,
                    });
                    total += 1;
                }
            }
        }
        prev_ends_operand = ends_operand(kind);
        max = max.max(total);
        if total > HARD_DEPTH_BOUND && exceeded_at.is_none() {
            exceeded_at = Some(token_start);
        }
    }
    (max, exceeded_at)
}

/// Parses with rnix where it is safe to: on this stack for shallow input, on a helper thread
/// with a stack sized for `bound` otherwise; then limits the tree's depth.
pub(crate) fn parse_bounded(
    text: &str,
    bound: usize,
) -> (GreenNode, Vec<rnix::ParseError>, Option<TextRange>) {
    if bound <= DIRECT_PARSE_BOUND {
        let parsed = rnix::Root::parse(text);
        let green = parsed.syntax().green().to_owned();
        return (green, parsed.errors().to_vec(), None);
    }
    let stack = bound
        .saturating_mul(STACK_PER_LEVEL)
        .clamp(16 << 20, 2 << 30);
    // Scoped: the helper borrows the text instead of copying it.
    let result = std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("nixty-deep-parse".into())
            .stack_size(stack)
            .spawn_scoped(scope, || {
                let parsed = rnix::Root::parse(text);
                let errors = parsed.errors().to_vec();
                let root = parsed.syntax();
                let (green, flattened_at) = limit_depth(&root);
                drop(root);
                // `parsed` (maybe very deep) is dropped here, on the big stack.
                drop(parsed);
                (green, errors, flattened_at)
            });
        worker.map(|w| w.join())
    });
    match result {
        Ok(Ok(result)) => result,
        // No thread (resource limits) or a panic in rnix: give up on structure, keep the text.
        _ => {
            let green = flat_tree(text, true);
            let at = TextRange::empty(0.into());
            (green, Vec::new(), Some(at))
        }
    }
}

/// The tree with every node deeper than [`MAX_TREE_DEPTH`] replaced by an error node holding
/// its tokens, and where the first replaced node starts (`None` if nothing was replaced).
fn limit_depth(root: &SyntaxNode) -> (GreenNode, Option<TextRange>) {
    if tree_depth(root) <= MAX_TREE_DEPTH {
        return (root.green().to_owned(), None);
    }
    let mut builder = GreenNodeBuilder::new();
    let mut depth = 0usize;
    let mut first = None;
    for event in root.preorder_with_tokens() {
        match event {
            WalkEvent::Enter(NodeOrToken::Node(node)) => {
                depth += 1;
                if depth < MAX_TREE_DEPTH {
                    builder.start_node(rnix::NixLanguage::kind_to_raw(node.kind()));
                } else if depth == MAX_TREE_DEPTH {
                    first.get_or_insert(node.text_range());
                    builder.start_node(rnix::NixLanguage::kind_to_raw(NODE_ERROR));
                }
            }
            WalkEvent::Enter(NodeOrToken::Token(token)) => {
                builder.token(rnix::NixLanguage::kind_to_raw(token.kind()), token.text());
            }
            WalkEvent::Leave(NodeOrToken::Node(_)) => {
                if depth <= MAX_TREE_DEPTH {
                    builder.finish_node();
                }
                depth -= 1;
            }
            WalkEvent::Leave(NodeOrToken::Token(_)) => {}
        }
    }
    (builder.finish(), first)
}

/// The depth of a tree in nodes, computed without recursion (over the green tree: no red
/// node is allocated).
pub fn tree_depth(root: &SyntaxNode) -> usize {
    let green = root.green();
    let mut stack: Vec<(&rowan::GreenNodeData, usize)> = vec![(green, 1)];
    let mut max = 0usize;
    while let Some((node, depth)) = stack.pop() {
        max = max.max(depth);
        for child in node.children() {
            if let NodeOrToken::Node(child) = child {
                stack.push((child, depth + 1));
            }
        }
    }
    max
}

/// A root holding all tokens of `text` in one error node (or the whole text as one error token
/// when `tokenize` is false).
pub(crate) fn flat_tree(text: &str, tokenize: bool) -> GreenNode {
    let mut builder = GreenNodeBuilder::new();
    builder.start_node(rnix::NixLanguage::kind_to_raw(NODE_ROOT));
    builder.start_node(rnix::NixLanguage::kind_to_raw(NODE_ERROR));
    if tokenize {
        for (kind, s) in rnix::tokenize(text) {
            builder.token(rnix::NixLanguage::kind_to_raw(kind), s);
        }
    } else if !text.is_empty() {
        builder.token(rnix::NixLanguage::kind_to_raw(TOKEN_ERROR), text);
    }
    builder.finish_node();
    builder.finish_node();
    builder.finish()
}

/// Trees up to this depth are walked on the caller's stack by [`with_stack_for_depth`].
pub const INLINE_WALK_DEPTH: usize = 64;

/// Stack reserved per tree level for deep walks (debug builds use large frames; the memory is
/// only committed as far as it is used).
const WALK_STACK_PER_LEVEL: usize = 64 * 1024;

/// Runs `f` (a recursive walk over a tree of depth `depth`) where it cannot overflow: inline
/// for shallow trees, on a scoped helper thread with a stack sized for `depth` otherwise.
/// Falls back to running inline if no thread can be started.
pub fn with_stack_for_depth<R: Send>(depth: usize, f: impl FnOnce() -> R + Send) -> R {
    if depth <= INLINE_WALK_DEPTH {
        return f();
    }
    let stack = depth
        .saturating_mul(WALK_STACK_PER_LEVEL)
        .clamp(8 << 20, 1 << 30);
    let cell = std::sync::Mutex::new(Some(f));
    let take = || cell.lock().unwrap_or_else(|e| e.into_inner()).take();
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("nixty-deep-walk".into())
            .stack_size(stack)
            .spawn_scoped(scope, || take().map(|f| f()));
        match spawned {
            Ok(handle) => match handle.join() {
                Ok(Some(r)) => r,
                Ok(None) => unreachable!("the closure is taken once"),
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => (take().expect("not taken: the thread did not start"))(),
        }
    })
}
