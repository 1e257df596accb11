//! The environments extension (`nixty/environment`, `nixty.env.allow`,
//! `nixty/environmentChanged`), wired to `environment.rs` once that module exists.

/// Commands this extension handles through `workspace/executeCommand`.
pub(crate) const COMMANDS: &[&str] = &[];

use serde_json::Value;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::ExecuteCommandParams;

use crate::dispatch::invalid_params;
use crate::server::Server;

pub(crate) async fn execute_command(
    _server: &Server,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    Err(invalid_params(format!(
        "unknown command `{}`; nixty handles: {}",
        params.command,
        if COMMANDS.is_empty() {
            "none".to_string()
        } else {
            COMMANDS.join(", ")
        }
    )))
}
