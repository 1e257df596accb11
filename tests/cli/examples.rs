//! The examples project (examples/ at the repository root): what `nixty check examples` prints.
//! A snapshot, so that README and examples stay honest; bless with `UPDATE_EXPECT=1`.

use expect_test::expect;

use crate::{json_diagnostics, nixty, repo_root};

#[test]
fn check_examples_output() {
    let run = nixty(&repo_root(), &["check", "examples"]);
    expect![[r#"
        examples/mistakes.nix:7:3: warning[unused-let-binding]: `unusedHelper` is bound but never used; remove it or rename it `_unusedHelper`
        examples/mistakes.nix:10:11: warning[unused-with]: unused `with`: every variable in its body is bound elsewhere; remove it
        examples/mistakes.nix:13:14: warning[unnecessary-rec]: unnecessary `rec`: no attribute of this set refers to another; remove `rec`
        examples/mistakes.nix:22:11: error[undefined-variable]: undefined variable `lenght`: no let, function parameter, rec attribute or builtin of that name is in scope
        examples/mistakes.nix:26:3: error[duplicate-attribute]: attribute `name` is already defined
        examples/types.nix:13:16: warning[type-interpolation]: cannot interpolate `Int` into a string: only strings, paths and sets with `outPath` or `__toString` can be (use `toString`)
        examples/types.nix:16:17: warning[type-missing-attribute]: attribute `z` missing in `{ x: Int, y: Int }`
        examples/types.nix:19:18: warning[type-argument]: argument of `double` must be `Int`, but it is `String`
    "#]].assert_eq(&run.stdout);
}

#[test]
fn the_clean_example_files_have_no_diagnostics() {
    let run = nixty(&repo_root(), &["check", "examples", "--format", "json"]);
    let noisy: Vec<String> = json_diagnostics(&run)
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .filter(|f| !f.ends_with("/mistakes.nix") && !f.ends_with("/types.nix"))
        .collect();
    assert_eq!(noisy, Vec::<String>::new(), "{}", run.stdout);
}
