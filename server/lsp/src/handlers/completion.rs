use nixty_ide::{CompletionKind, FilePosition};
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::on_file;
use crate::convert;
use crate::limits::MAX_COMPLETIONS;
use crate::server::Server;

pub(crate) async fn completion(
    server: &Server,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let position = params.text_document_position;
    on_file(
        server,
        "completion",
        &position.text_document.uri,
        move |snap, index| {
            let offset = snap.offset(index, position.position)?;
            let mut items = snap.analysis.completions(FilePosition {
                file: snap.file,
                offset,
            });
            // Past the limit, the best ones (ide sorts them as the client would); the list
            // says it is incomplete, so the client asks again as the user types more.
            let is_incomplete = items.len() > MAX_COMPLETIONS;
            items.truncate(MAX_COMPLETIONS);
            let items = items
                .into_iter()
                .map(|item| CompletionItem {
                    kind: Some(kind(item.kind)),
                    detail: item.detail,
                    documentation: item.documentation.map(|value| {
                        Documentation::MarkupContent(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value,
                        })
                    }),
                    sort_text: Some(format!("{:03}{}", item.sort_priority, item.label)),
                    filter_text: Some(item.label.clone()),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                        convert::range(index, item.edit.range),
                        item.edit.new_text,
                    ))),
                    tags: item.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
                    label: item.label,
                    ..CompletionItem::default()
                })
                .collect();
            Ok(Some(CompletionResponse::List(CompletionList {
                is_incomplete,
                items,
            })))
        },
    )
    .await
}

fn kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Variable => CompletionItemKind::VARIABLE,
        CompletionKind::Parameter => CompletionItemKind::VARIABLE,
        CompletionKind::Function => CompletionItemKind::FUNCTION,
        CompletionKind::Builtin => CompletionItemKind::FUNCTION,
        CompletionKind::Field => CompletionItemKind::FIELD,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::File => CompletionItemKind::FILE,
        CompletionKind::Folder => CompletionItemKind::FOLDER,
    }
}
