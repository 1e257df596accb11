use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::on_file;
use crate::convert;
use crate::server::Server;
use nixty_ide::FilePosition;

pub(crate) async fn hover(server: &Server, params: HoverParams) -> Result<Option<Hover>> {
    let position = params.text_document_position_params;
    let markdown = crate::state::lock(&server.state.client).markdown_hover;
    on_file(
        server,
        "hover",
        &position.text_document.uri,
        move |snap, index| {
            let offset = snap.offset(index, position.position)?;
            let file = snap.file;
            let Some(result) = snap.analysis.hover(FilePosition { file, offset }) else {
                return Ok(None);
            };
            Ok(Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: if markdown {
                        MarkupKind::Markdown
                    } else {
                        MarkupKind::PlainText
                    },
                    value: if markdown {
                        result.markdown
                    } else {
                        plain_text(&result.markdown)
                    },
                }),
                range: Some(convert::range(index, result.range)),
            }))
        },
    )
    .await
}

/// For clients without Markdown: the same text without code fences.
fn plain_text(markdown: &str) -> String {
    markdown
        .lines()
        .filter(|line| !line.trim_start().starts_with("```"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_text_drops_code_fences() {
        assert_eq!(
            super::plain_text("```nix\n(let binding) x\n```\n\nThe docs."),
            "(let binding) x\n\nThe docs."
        );
    }
}
