//! Renders highlight spans as ANSI-coloured text for terminals or as HTML.

use crate::HighlightSpan;

/// One step of a walk over the source with its (nested) spans.
enum Step<'a> {
    Text(&'a str),
    Open(&'static str),
    Close,
}

/// Walks the source in order, opening and closing spans around the text they cover.
fn walk<'a>(source: &'a str, spans: &[HighlightSpan], mut visit: impl FnMut(Step<'a>)) {
    let mut open_ends: Vec<usize> = Vec::new();
    let mut position = 0;
    let text_to = |end: usize, position: &mut usize, visit: &mut dyn FnMut(Step<'a>)| {
        let end = end.min(source.len());
        if end > *position {
            // Spans come from tree nodes, which start and end on character boundaries.
            if let Some(text) = source.get(*position..end) {
                visit(Step::Text(text));
            }
            *position = end;
        }
    };
    for span in spans {
        while let Some(&end) = open_ends.last() {
            if end > span.range.start {
                break;
            }
            text_to(end, &mut position, &mut visit);
            visit(Step::Close);
            open_ends.pop();
        }
        text_to(span.range.start, &mut position, &mut visit);
        visit(Step::Open(span.capture));
        // A span never outlives its parent (defensive: clamp rather than cross).
        let end = open_ends
            .last()
            .map_or(span.range.end, |&parent| span.range.end.min(parent));
        open_ends.push(end);
    }
    while let Some(end) = open_ends.pop() {
        text_to(end, &mut position, &mut visit);
        visit(Step::Close);
    }
    text_to(source.len(), &mut position, &mut visit);
}

/// HTML: every highlighted token in `<span class="CAPTURE">…</span>` (the capture name as the
/// class, e.g. `class="variable.builtin"`), nested as the spans nest, text escaped. The caller
/// wraps it (`<pre>`) and provides the stylesheet.
pub fn to_html(source: &str, spans: &[HighlightSpan]) -> String {
    let mut out = String::with_capacity(source.len() * 2);
    walk(source, spans, |step| match step {
        Step::Text(text) => escape_html(text, &mut out),
        Step::Open(capture) => {
            out.push_str("<span class=\"");
            out.push_str(capture);
            out.push_str("\">");
        }
        Step::Close => out.push_str("</span>"),
    });
    out
}

fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The SGR parameters for a capture; more specific names fall back to their parent
/// (`string.special.path` → `string.special` → `string`). `Some("")`: the terminal's default
/// colour; `None`: no style of its own (the text keeps the colour of the span around it).
pub fn ansi_style(capture: &str) -> Option<&'static str> {
    let mut name = capture;
    loop {
        let style = match name {
            "comment" => Some("3;90"),
            "keyword" => Some("1;33"),
            "keyword.exception" => Some("1;31"),
            "keyword.operator" => Some("33"),
            "string" => Some("32"),
            "string.escape" => Some("1;36"),
            "string.special.path" => Some("4;32"),
            "string.special.url" => Some("4;34"),
            "number" => Some("35"),
            "constant" => Some("35"),
            "constant.builtin" => Some("1;35"),
            "function" => Some("1;34"),
            "function.builtin" => Some("1;36"),
            "variable.builtin" => Some("36"),
            "variable.parameter" => Some("3;94"),
            "property" => Some("34"),
            "operator" => Some("1"),
            "punctuation.special" => Some("1;36"),
            "embedded" | "variable" | "punctuation" => Some(""),
            _ => None,
        };
        if style.is_some() {
            return style;
        }
        match name.rfind('.') {
            Some(dot) => name = &name[..dot],
            None => return None,
        }
    }
}

/// ANSI: each token in the colour of its innermost styled capture. Colours are reset at every
/// line end, so each line stands alone (`less -R`, `grep`).
pub fn to_ansi(source: &str, spans: &[HighlightSpan]) -> String {
    let mut out = String::with_capacity(source.len() * 2);
    let mut styles: Vec<Option<&'static str>> = Vec::new();
    walk(source, spans, |step| match step {
        Step::Open(capture) => {
            // An unstyled capture keeps the style of the span around it.
            let inherited = styles.last().copied().flatten();
            styles.push(ansi_style(capture).or(inherited));
        }
        Step::Close => {
            styles.pop();
        }
        Step::Text(text) => {
            let Some(style) = styles.last().copied().flatten().filter(|s| !s.is_empty()) else {
                out.push_str(text);
                return;
            };
            for (index, line) in text.split('\n').enumerate() {
                if index > 0 {
                    out.push('\n');
                }
                if !line.is_empty() {
                    out.push_str("\x1b[");
                    out.push_str(style);
                    out.push('m');
                    out.push_str(line);
                    out.push_str("\x1b[0m");
                }
            }
        }
    });
    out
}
