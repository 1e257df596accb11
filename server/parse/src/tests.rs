use super::*;
use expect_test::expect;

fn errors(text: &str) -> String {
    parse(text)
        .errors
        .iter()
        .map(|e| format!("{:?}: {}\n", e.range, e.message))
        .collect()
}

#[test]
fn valid_code_has_no_errors() {
    assert_eq!(errors("let a = 1; in a |> (x: x) <| 2"), "");
}

#[test]
fn syntax_errors_speak_nix() {
    expect![[r#"
        17..17: unexpected end of file: the expression is incomplete
    "#]]
    .assert_eq(&errors("let a = 1; b = 2;"));
    expect![[r#"
        8..9: expected `;`, found `}`
    "#]]
    .assert_eq(&errors("{ a = 1 }"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let parsed = parse(&text);
    assert!(!parsed.errors.is_empty());
}

#[test]
fn line_index_round_trips_utf16() {
    let text = "a = \"é😀\";\r\nb = 1;\n";
    let index = LineIndex::new(text);
    let off = TextSize::from(text.find(';').unwrap() as u32);
    let lc = index.line_col(off);
    assert_eq!(lc, LineCol { line: 0, col: 12 });
    let wide = index.to_wide(lc);
    assert_eq!(wide, WideLineCol { line: 0, col: 9 });
    assert_eq!(index.to_utf8(wide), lc);
    assert_eq!(
        index.line_col(TextSize::from(15)),
        LineCol { line: 1, col: 0 }
    );
    assert_eq!(
        index.offset(LineCol { line: 1, col: 99 }),
        Some(TextSize::from(21))
    );
    assert_eq!(index.offset(LineCol { line: 9, col: 0 }), None);
}

#[test]
fn refuses_binary_and_non_utf8() {
    assert!(matches!(
        decode_source(b"a\0b"),
        Err(RefusedInput::Binary { offset: 1 })
    ));
    assert!(matches!(
        decode_source(b"ab\xff"),
        Err(RefusedInput::NotUtf8 { offset: 2 })
    ));
    assert_eq!(decode_source(b"1"), Ok("1"));
}

#[test]
fn corpus_error_messages() {
    // rnix-parser's error vectors, as a reviewable snapshot of nixty's messages.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/rnix-parser/parser/error");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "nix"))
        .collect();
    names.sort();
    let mut out = String::new();
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        out.push_str(&format!(
            "# {}\n",
            path.file_name().unwrap().to_string_lossy()
        ));
        out.push_str(&errors(&text));
    }
    expect_test::expect_file!["../test_data/error_messages.txt"].assert_eq(&out);
}
