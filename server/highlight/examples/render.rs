//! Developer tool: `cargo run -p nixty-highlight --example render FILE [html|spans]`; the
//! same output as `nixty highlight` without building the whole binary.
fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: render FILE [ansi|html|spans]");
    let format = std::env::args().nth(2).unwrap_or_else(|| "ansi".into());
    let source = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let spans = nixty_highlight::highlight(&source).expect("highlight");
    match format.as_str() {
        "html" => println!("{}", nixty_highlight::render::to_html(&source, &spans)),
        "spans" => {
            for span in &spans {
                println!(
                    "{:?} {} {:?}",
                    span.range,
                    span.capture,
                    &source[span.range.clone()]
                );
            }
        }
        _ => print!("{}", nixty_highlight::render::to_ansi(&source, &spans)),
    }
}
