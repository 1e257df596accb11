//! Abuse suite: the real `nixty` binary against hostile input and hostile clients.
//!
//! - `inputs`: generators of pathological Nix text (100 000 levels of nesting of every kind,
//!   long chains, 100 000 interpolations, a 50 MB file).
//! - `cli`: `nixty check`, `nixty type`, `nixty highlight` on those inputs: an answer (exit 0, 1
//!   or 2 with a message), never a crash or a hang.
//! - `lsp_inputs`: the server opens those documents and keeps answering.
//! - `framing`: malformed JSON-RPC on the wire (bad Content-Length, bad JSON, wrong types).
//! - `floods`: thousands of edits, cancellation storms, requests interleaved with edits.
//! - `death`: the client dies (stdin closed mid-message, parent killed).
//! - `documents`: every request for unopened/closed documents and out-of-range positions.
//! - `limits`: answers that grow with the document stop at their limit and say so.
//!
//! Every wait has a timeout (`support::TIMEOUT`, or the explicit ones here), so a hung server
//! fails a test instead of hanging it.

#[path = "../lsp/support.rs"]
#[allow(dead_code)]
mod support;

mod cli;
mod death;
mod documents;
mod floods;
mod framing;
mod inputs;
mod limits;
mod lsp_inputs;
