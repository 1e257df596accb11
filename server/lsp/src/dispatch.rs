//! Running feature computations off the async threads: on tokio's blocking pool, with panics
//! caught and turned into an error response, and with cancellation noticed before starting.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp::jsonrpc::{Error, ErrorCode, Result};

/// Set when the request's future is dropped (tower-lsp drops it on `$/cancelRequest`).
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Runs `compute` on the blocking pool. A panic inside becomes an `InternalError` naming the
/// feature; the server keeps serving. If the request was cancelled while waiting for a blocking
/// thread, the computation does not start.
pub(crate) async fn run_blocking<T, F>(feature: &'static str, compute: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    let cancelled = Arc::new(AtomicBool::new(false));
    let guard = CancelOnDrop(cancelled.clone());
    let task = tokio::task::spawn_blocking(move || {
        if cancelled.load(Ordering::Relaxed) {
            return Err(Error::request_cancelled());
        }
        catch_unwind(AssertUnwindSafe(compute)).unwrap_or_else(|payload| {
            Err(internal_error(feature, &panic_message(payload.as_ref())))
        })
    });
    let result = task
        .await
        .unwrap_or_else(|e| Err(internal_error(feature, &e.to_string())));
    std::mem::forget(guard);
    result
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

pub(crate) fn internal_error(feature: &str, message: &str) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: format!(
            "nixty failed while computing {feature}: {message} (this is a bug in nixty; please report it)"
        )
        .into(),
        data: None,
    }
}

pub(crate) fn invalid_params(message: impl std::fmt::Display) -> Error {
    Error::invalid_params(message.to_string())
}

/// `RequestFailed` (LSP): the request was valid but could not be carried out.
pub(crate) fn request_failed(message: impl std::fmt::Display) -> Error {
    Error {
        code: ErrorCode::ServerError(-32803),
        message: message.to_string().into(),
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_an_internal_error_naming_the_feature() {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let result: Result<()> = run_blocking("hover", || panic!("boom at offset 3")).await;
        std::panic::set_hook(previous);
        let error = result.unwrap_err();
        assert_eq!(error.code, ErrorCode::InternalError);
        assert!(error.message.contains("hover"), "{}", error.message);
        assert!(
            error.message.contains("boom at offset 3"),
            "{}",
            error.message
        );
        // The pool still works after the panic.
        assert_eq!(run_blocking("hover", || Ok(7)).await.unwrap(), 7);
    }
}
