//! Framing between the client and tower-lsp. tower-lsp 0.20 stops reading for good after one
//! malformed message (its framed reader ends on the first decode error), so every message is
//! checked here first: valid ones are passed on, malformed ones are answered with `ParseError`
//! or `InvalidRequest` (id `null`, as JSON-RPC says) and the server keeps serving. Both
//! tower-lsp's frames and these answers go to the output whole, never interleaved.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Messages larger than this are refused (and skipped) rather than buffered.
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// One framed message read from the client.
enum Frame {
    Body(Vec<u8>),
    /// Headers without a usable `Content-Length`.
    BadHeader,
    Eof,
}

async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> std::io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(Frame::Eof);
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim();
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        // After a malformed frame (a body shorter or longer than declared, or a bad length),
        // the next header may follow leftover bytes on the same line: resynchronize on the
        // last `Content-Length`, or every later message would be lost.
        let line = match line.to_ascii_lowercase().rfind("content-length") {
            Some(start) => &line[start..],
            None => line,
        };
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    match length {
        Some(n) if n <= MAX_MESSAGE => {
            let mut body = vec![0; n];
            reader.read_exact(&mut body).await?;
            Ok(Frame::Body(body))
        }
        _ => Ok(Frame::BadHeader),
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_response(code: i64, message: &str, id: Value) -> Vec<u8> {
    let response =
        json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
    frame(response.to_string().as_bytes())
}

/// Why a message cannot be handed to tower-lsp, as the error response to send instead.
fn check(body: &[u8]) -> Result<(), Vec<u8>> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        error_response(
            -32700,
            &format!("invalid JSON in message: {e}"),
            Value::Null,
        )
    })?;
    let invalid = |why: &str| {
        let id = match value.get("id") {
            Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
            _ => Value::Null,
        };
        Err(error_response(
            -32600,
            &format!("invalid JSON-RPC message: {why}"),
            id,
        ))
    };
    let Some(object) = value.as_object() else {
        return invalid("not an object");
    };
    if object.get("jsonrpc") != Some(&json!("2.0")) {
        return invalid("`jsonrpc` must be \"2.0\"");
    }
    if let Some(id) = object.get("id") {
        if !matches!(id, Value::Number(_) | Value::String(_) | Value::Null) {
            return invalid("`id` must be a number or a string");
        }
    }
    match object.get("method") {
        Some(Value::String(_)) => {
            if let Some(params) = object.get("params") {
                if !params.is_object() && !params.is_array() && !params.is_null() {
                    return invalid("`params` must be an object or an array");
                }
            }
            Ok(())
        }
        Some(_) => invalid("`method` must be a string"),
        None if object.contains_key("id")
            && (object.contains_key("result") || object.contains_key("error")) =>
        {
            Ok(())
        }
        None => invalid("neither a request, a notification nor a response"),
    }
}

/// Copies checked messages from `input` to `to_server`; answers malformed ones through
/// `answers`. Returns at the end of input.
pub(crate) async fn pump_input<R, W>(
    input: R,
    mut to_server: W,
    answers: mpsc::UnboundedSender<Vec<u8>>,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::with_capacity(64 * 1024, input);
    loop {
        match read_frame(&mut reader).await {
            Ok(Frame::Body(body)) => match check(&body) {
                Ok(()) => {
                    if to_server.write_all(&frame(&body)).await.is_err() {
                        return;
                    }
                }
                Err(answer) => {
                    let _ = answers.send(answer);
                }
            },
            Ok(Frame::BadHeader) => {
                let _ = answers.send(error_response(
                    -32700,
                    "message without a valid Content-Length header",
                    Value::Null,
                ));
            }
            Ok(Frame::Eof) | Err(_) => return,
        }
    }
}

/// Writes tower-lsp's frames (read back from `from_server`) and our own answers to `output`,
/// each frame whole. Returns when tower-lsp's side closes.
pub(crate) async fn pump_output<R, W>(
    from_server: R,
    mut output: W,
    mut answers: mpsc::UnboundedReceiver<Vec<u8>>,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::with_capacity(64 * 1024, from_server);
    loop {
        let message = tokio::select! {
            frame = read_frame(&mut reader) => match frame {
                Ok(Frame::Body(body)) => frame_bytes(body),
                Ok(Frame::BadHeader) => continue,
                Ok(Frame::Eof) | Err(_) => return,
            },
            Some(answer) = answers.recv() => answer,
        };
        if output.write_all(&message).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}

fn frame_bytes(body: Vec<u8>) -> Vec<u8> {
    frame(&body)
}

#[cfg(test)]
mod tests {
    use super::check;

    fn answer(body: &str) -> String {
        match check(body.as_bytes()) {
            Ok(()) => "ok".into(),
            Err(frame) => {
                let text = String::from_utf8(frame).unwrap();
                text.split("\r\n\r\n").nth(1).unwrap().to_string()
            }
        }
    }

    #[test]
    fn messages_are_checked_before_tower_lsp_sees_them() {
        assert_eq!(
            answer(r#"{"jsonrpc":"2.0","id":1,"method":"x","params":{}}"#),
            "ok"
        );
        assert_eq!(answer(r#"{"jsonrpc":"2.0","method":"exit"}"#), "ok");
        assert_eq!(answer(r#"{"jsonrpc":"2.0","id":"a","result":null}"#), "ok");
        assert!(answer("{ nope").contains("-32700"));
        assert!(answer("[1]").contains("-32600"));
        let bad_id = answer(r#"{"jsonrpc":"2.0","id":{},"method":"x"}"#);
        assert!(
            bad_id.contains("-32600") && bad_id.contains("\"id\":null"),
            "{bad_id}"
        );
        let bad_params = answer(r#"{"jsonrpc":"2.0","id":4,"method":"x","params":3}"#);
        assert!(bad_params.contains("\"id\":4"), "{bad_params}");
        assert!(answer(r#"{"id":4,"method":"x"}"#).contains("jsonrpc"));
    }
}
