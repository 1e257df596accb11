use nixty_ide::FileRange;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{self as lsp, *};

use super::{on_file, Targets};
use crate::convert;
use crate::server::Server;

pub(crate) async fn code_action(
    server: &Server,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    on_file(
        server,
        "code actions",
        &params.text_document.uri,
        move |snap, index| {
            let range = convert::text_range(index, params.range)
                .map_err(crate::dispatch::invalid_params)?;
            let actions = snap.analysis.code_actions(FileRange {
                file: snap.file,
                range,
            });
            let only = params.context.only.unwrap_or_default();
            let mut files = Targets::new(&snap.analysis);
            let result = actions
                .into_iter()
                .filter_map(|action| {
                    let action_kind = kind(action.kind);
                    // `only: ["refactor"]` also asks for `refactor.rewrite`.
                    if !only.is_empty()
                        && !only.iter().any(|k| {
                            action_kind == *k
                                || action_kind
                                    .as_str()
                                    .starts_with(&format!("{}.", k.as_str()))
                        })
                    {
                        return None;
                    }
                    let diagnostics: Vec<lsp::Diagnostic> = params
                        .context
                        .diagnostics
                        .iter()
                        .filter(|d| {
                            action.fixes_code.as_deref().is_some_and(|code| {
                                d.code == Some(NumberOrString::String(code.to_string()))
                            })
                        })
                        .cloned()
                        .collect();
                    Some(CodeActionOrCommand::CodeAction(lsp::CodeAction {
                        title: action.title,
                        kind: Some(action_kind),
                        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                        edit: Some(files.workspace_edit(action.edit)),
                        is_preferred: action.is_preferred.then_some(true),
                        ..lsp::CodeAction::default()
                    }))
                })
                .collect();
            Ok(Some(result))
        },
    )
    .await
}

fn kind(kind: nixty_ide::CodeActionKind) -> CodeActionKind {
    match kind {
        nixty_ide::CodeActionKind::QuickFix => CodeActionKind::QUICKFIX,
        nixty_ide::CodeActionKind::Refactor => CodeActionKind::REFACTOR,
        nixty_ide::CodeActionKind::RefactorRewrite => CodeActionKind::REFACTOR_REWRITE,
    }
}
