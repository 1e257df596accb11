use nixty_ide::FilePosition;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::on_file;
use crate::convert::utf16_len;
use crate::server::Server;

pub(crate) async fn signature_help(
    server: &Server,
    params: SignatureHelpParams,
) -> Result<Option<SignatureHelp>> {
    let position = params.text_document_position_params;
    on_file(
        server,
        "signature help",
        &position.text_document.uri,
        move |snap, index| {
            let offset = snap.offset(index, position.position)?;
            let Some(help) = snap.analysis.signature_help(FilePosition {
                file: snap.file,
                offset,
            }) else {
                return Ok(None);
            };
            // Parameter ranges are bytes of the label; LSP wants UTF-16 offsets into it.
            let label = &help.label;
            let to_utf16 = |byte: u32| {
                let byte = (byte as usize).min(label.len());
                label.get(..byte).map(utf16_len)
            };
            let parameters = help
                .parameters
                .iter()
                .filter_map(|&(start, end)| {
                    Some(ParameterInformation {
                        label: ParameterLabel::LabelOffsets([to_utf16(start)?, to_utf16(end)?]),
                        documentation: None,
                    })
                })
                .collect();
            let active = help.active_parameter.map(|p| p as u32);
            Ok(Some(SignatureHelp {
                signatures: vec![SignatureInformation {
                    label: help.label.clone(),
                    documentation: help.documentation.map(|value| {
                        Documentation::MarkupContent(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value,
                        })
                    }),
                    parameters: Some(parameters),
                    active_parameter: active,
                }],
                active_signature: Some(0),
                active_parameter: active,
            }))
        },
    )
    .await
}
