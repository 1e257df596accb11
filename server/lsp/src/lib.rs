//! nixty's language server: LSP over stdio with tower-lsp. The only crate of nixty that knows
//! LSP: it converts between LSP (URIs, UTF-16 positions, JSON) and the plain data of
//! `nixty_ide` (paths, byte offsets), keeps the open documents, and schedules the work.
//!
//! Invariants:
//! - `didOpen`/`didChange`/`didClose` are applied to the host synchronously, before the
//!   handler's first `.await`, so every later request sees them.
//! - The state lock is held only to apply a change or take an `Analysis` snapshot; features are
//!   computed on the snapshot in `spawn_blocking`, with panics caught (see `dispatch`).
//! - Results carry the document version they were computed for; stale ones are dropped.

mod capabilities;
mod config;
mod convert;
mod diagnostics;
mod dispatch;
mod documents;
pub mod environment;
mod handlers;
mod indexing;
mod limits;
mod parent;
mod server;
mod state;
mod transport;

use std::sync::Arc;
use std::task::{Context, Poll};

pub use config::Settings;
pub use server::Server;

use tower_lsp::jsonrpc::Request;
use tower_lsp::{LspService, Server as Transport};
use tower_service::Service;

/// Serves LSP on stdin/stdout until `exit` (or the end of input, or the editor's death).
/// Returns the process exit status: 0 after `shutdown` + `exit`, 1 otherwise (as the spec asks).
pub fn run_stdio() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("nixty-lsp")
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("nixty lsp: cannot start the async runtime: {e}");
            return 2;
        }
    };
    let status = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Tokio reads stdin on a blocking thread that may never return; don't wait for it.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    status
}

/// Serves LSP over any byte streams; returns the exit status (see [`run_stdio`]).
pub async fn serve<I, O>(input: I, output: O) -> i32
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (service, socket) = LspService::build(Server::new)
        .custom_method(environment::REQUEST, Server::environment)
        .finish();
    let exit = Arc::new(tokio::sync::Notify::new());
    let watched = ExitWatch {
        inner: service,
        exit: exit.clone(),
    };
    let state = watched.inner.inner().state.clone();
    // client -> checks -> tower-lsp -> whole frames -> client (see `transport`).
    let (to_server, server_input) = tokio::io::duplex(1 << 16);
    let (server_output, from_server) = tokio::io::duplex(1 << 16);
    let (answers, answers_rx) = tokio::sync::mpsc::unbounded_channel();
    let input_done = tokio::spawn(transport::pump_input(input, to_server, answers));
    tokio::spawn(transport::pump_output(from_server, output, answers_rx));
    tokio::select! {
        () = Transport::new(server_input, server_output, socket).serve(watched) => {}
        () = exit.notified() => {}
        // The client is gone: stop even if handlers wait for answers to our own requests
        // (tower-lsp would wait for them forever).
        _ = input_done => {}
    }
    // Let the last responses (to `shutdown`, say) reach the client.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    if state
        .shutdown_requested
        .load(std::sync::atomic::Ordering::SeqCst)
    {
        0
    } else {
        1
    }
}

/// Notices the `exit` notification: tower-lsp stops reading only at the next message, and
/// some clients keep stdin open after `exit`.
struct ExitWatch<S> {
    inner: S,
    exit: Arc<tokio::sync::Notify>,
}

impl<S: Service<Request>> Service<Request> for ExitWatch<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let is_exit = request.method() == "exit";
        let future = self.inner.call(request);
        if is_exit {
            self.exit.notify_one();
        }
        future
    }
}
