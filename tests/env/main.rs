//! End-to-end tests of `nixty env` with real Nix: project files that need no nixpkgs (hand-written
//! derivations), temporary projects, isolated XDG directories, and wrappers around the Nix
//! commands that log every invocation (to prove what ran and what did not).
//!
//! Needs Nix (Debian's nix-bin as root works). Without it the tests fail when CI=true, and
//! otherwise print why they did nothing.

mod fixture;
mod lsp_loader;
mod lsp_server;

use fixture::{shell_derivation, Fixture};

// Builder scripts end with a shell builtin (`; :`): on this machine's kernel, Nix 2.8 builders
// whose last command bash execs in place (chmod, cp) are killed by signal 9 now and then.
const TOOL_SHELL: &str = r#"
let
  greeting = import ./nix/greeting.nix;
  tool = derivation {
    name = "nixty-test-tool-@NONCE@";
    system = builtins.currentSystem;
    builder = "/bin/bash";
    args = [ "-c" "/bin/mkdir -p $out/bin && printf '#!/bin/sh\\necho tool-ran\\n' > $out/bin/nixty-tool && /bin/chmod +x $out/bin/nixty-tool; :" ];
  };
in
derivation {
  name = "shell";
  system = builtins.currentSystem;
  builder = "/bin/bash";
  outputs = [ "out" ];
  PATH = "${tool}/bin";
  GREETING = greeting.text;
  WEIRD = "it's \"quoted\" $HOME `x` \\ done";
}
"#;

/// A fixture (when Nix is installed) holding `TOOL_SHELL` and the greeting it imports.
fn tool_project() -> Option<Fixture> {
    let f = Fixture::with_nix()?;
    f.write("shell.nix", &TOOL_SHELL.replace("@NONCE@", &f.nonce));
    f.write("nix/greeting.nix", r#"{ text = "hello world"; }"#);
    Some(f)
}

#[test]
fn untrusted_project_is_never_evaluated() {
    let Some(f) = Fixture::with_nix() else {
        return;
    };
    // Evaluating this file would add a store path named after the nonce.
    let trace = format!("nixty-trace-{}", f.nonce);
    f.write(
        "shell.nix",
        &format!(r#"builtins.seq (builtins.toFile "{trace}" "x") (import ./other.nix)"#),
    );
    f.write("other.nix", &shell_derivation(""));

    let out = f.nixty(&["env"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.json()["status"], "untrusted");
    assert!(out.stderr.contains("nixty env allow"), "{}", out.stderr);
    assert_eq!(
        f.nix_calls(),
        Vec::<String>::new(),
        "Nix ran for an untrusted project"
    );
    assert!(!f.store_has(&trace), "the untrusted file was evaluated");

    // --format sh prints nothing to apply; --exec refuses.
    let out = f.nixty(&["env", "--format", "sh"]);
    assert_eq!((out.code, out.stdout.as_str()), (1, ""));
    let out = f.nixty(&["env", "--exec", "true"]);
    assert_eq!(out.code, 1);

    // Denied stays unevaluated, and status says so without running Nix.
    assert_eq!(f.nixty(&["env", "deny"]).code, 0);
    let out = f.nixty(&["env", "status"]);
    assert!(out.stdout.contains("trust:   denied"), "{}", out.stdout);
    assert_eq!(f.nixty(&["env"]).code, 1);
    assert!(f.nix_calls().is_empty());
    assert!(!f.store_has(&trace));

    // The probe is sensitive: once allowed, evaluation leaves the trace.
    assert_eq!(f.nixty(&["env", "allow"]).code, 0);
    let out = f.nixty(&["env"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        f.store_has(&trace),
        "evaluation did not leave the expected trace"
    );
}

#[test]
fn allowed_project_resolves_caches_and_invalidates_exactly() {
    let Some(f) = tool_project() else {
        return;
    };

    let env = f.allowed_env();
    assert_eq!(env["status"], "ready");
    assert_eq!(env["source"], "shell.nix");
    assert_eq!(env["root"], f.root_str());
    assert_eq!(env["set"]["GREETING"], "hello world");
    assert!(
        env["set"].get("HOME").is_none() && env["set"].get("NIX_BUILD_TOP").is_none(),
        "{env}"
    );
    let prepend = env["path_prepend"].as_array().unwrap();
    assert_eq!(prepend.len(), 1, "{env}");
    let tool_bin = prepend[0].as_str().unwrap().to_string();
    assert!(
        tool_bin.starts_with("/nix/store/")
            && tool_bin.ends_with(&format!("nixty-test-tool-{}/bin", f.nonce)),
        "{tool_bin}"
    );
    assert!(env["set"]["PATH"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{tool_bin}:")));
    let inputs: Vec<String> = env["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        inputs,
        [
            format!("{}/nix/greeting.nix", f.root_str()),
            format!("{}/shell.nix", f.root_str())
        ]
    );
    assert_eq!(env["nix_version"], fixture::nix_version());
    assert!(env["evaluated_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(f.print_dev_env_calls(), 1, "{:?}", f.nix_calls());

    // Second call: from the cache, no Nix at all.
    f.clear_nix_calls();
    let again = f.nixty(&["env"]);
    assert_eq!(again.code, 0);
    assert_eq!(again.json()["set"], env["set"]);
    assert_eq!(f.nix_calls(), Vec::<String>::new());

    // Touching without changing: still no Nix.
    f.touch("nix/greeting.nix");
    f.touch("shell.nix");
    assert_eq!(f.nixty(&["env"]).code, 0);
    assert_eq!(f.nix_calls(), Vec::<String>::new());

    // Changing an imported file asks for trust again, then re-evaluates.
    f.write("nix/greeting.nix", r#"{ text = "changed"; }"#);
    let out = f.nixty(&["env"]);
    assert_eq!(out.json()["status"], "untrusted");
    assert!(out.stderr.contains("greeting.nix"), "{}", out.stderr);
    assert_eq!(f.nix_calls(), Vec::<String>::new());
    f.nixty(&["env", "allow"]);
    let out = f.nixty(&["env"]);
    assert_eq!(out.json()["set"]["GREETING"], "changed");
    assert_eq!(f.print_dev_env_calls(), 1);

    // --reload evaluates even when fresh.
    f.clear_nix_calls();
    assert_eq!(f.nixty(&["env", "--reload"]).code, 0);
    assert_eq!(f.print_dev_env_calls(), 1);
}

#[test]
fn broken_edit_keeps_the_last_good_environment_and_locates_the_error() {
    let Some(f) = tool_project() else {
        return;
    };
    f.allowed_env();

    f.write("nix/greeting.nix", "{ text = 1 + \"a\"; }\n");
    f.nixty(&["env", "allow"]);
    let out = f.nixty(&["env"]);
    assert_eq!(out.code, 1, "{out:?}");
    let env = out.json();
    assert_eq!(env["status"], "failed");
    assert_eq!(
        env["set"]["GREETING"], "hello world",
        "the last good environment is kept"
    );
    let error = &env["error"];
    assert_eq!(error["file"], format!("{}/nix/greeting.nix", f.root_str()));
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(1), Some(14))
    );
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("cannot add a string to an integer"),
        "{error}"
    );
    assert!(
        out.stderr
            .contains("nix/greeting.nix:1:14: error: cannot add a string to an integer"),
        "{}",
        out.stderr
    );

    // The failure is cached for these inputs: asking again does not run Nix again.
    f.clear_nix_calls();
    assert_eq!(f.nixty(&["env"]).json()["status"], "failed");
    assert_eq!(f.nix_calls(), Vec::<String>::new());

    // A sh consumer still gets the last good variables.
    let out = f.nixty(&["env", "--format", "sh"]);
    assert!(
        out.stdout.contains("export GREETING='hello world'"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_hanging_evaluation_times_out_and_leaves_no_process() {
    let Some(f) = Fixture::with_nix() else {
        return;
    };
    let marker = format!("999.{}", f.nonce);
    let started = f.root.join("builder-started");
    let started_file = started.display();
    f.write(
        "shell.nix",
        &format!(
            r#"let hang = derivation {{ name = "nixty-hang"; system = builtins.currentSystem; builder = "/bin/bash";
                 args = [ "-c" "echo started > {started_file}; /bin/sleep {marker}; echo never" ]; }};
               in {}"#,
            shell_derivation("HANG = hang;")
        ),
    );
    f.nixty(&["env", "allow"]);
    let out = f.nixty(&["env", "--timeout", "3"]);
    assert_eq!(out.code, 1, "{out:?}");
    let env = out.json();
    assert_eq!(env["status"], "failed");
    assert!(
        env["error"]["message"]
            .as_str()
            .unwrap()
            .contains("did not finish within 3 s"),
        "{env}"
    );
    // The builder really started (the timeout is what stopped it)...
    assert!(started.exists(), "the hanging builder never ran");
    // ...and nothing is left: neither the sleeping builder nor Nix itself.
    assert_eq!(fixture::pgrep(&marker), "", "builder left behind");
    assert_eq!(fixture::pgrep(&f.root_str()), "", "Nix left behind");
    // A timeout is not cached as the answer for these files.
    f.clear_nix_calls();
    f.nixty(&["env", "--timeout", "1"]);
    assert!(f.print_dev_env_calls() > 0, "{:?}", f.nix_calls());
    assert_eq!(fixture::pgrep(&marker), "");
}

#[test]
fn concurrent_processes_evaluate_once() {
    let Some(f) = Fixture::with_nix() else {
        return;
    };
    // A derivation that takes a moment to build, so the two requests overlap.
    f.write_slow_shell();
    f.nixty(&["env", "allow"]);
    let first = f.spawn_nixty(&["env"]);
    let second = f.spawn_nixty(&["env"]);
    let (a, b) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    assert!(a.status.success() && b.status.success(), "{a:?} {b:?}");
    let a: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&b.stdout).unwrap();
    assert_eq!(a["set"], b["set"]);
    assert_eq!(f.print_dev_env_calls(), 1, "{:?}", f.nix_calls());
}

#[test]
fn gc_root_protects_the_environment_until_the_project_is_gone() {
    let Some(f) = tool_project() else {
        return;
    };
    let env = f.allowed_env();
    let tool_bin = env["path_prepend"][0].as_str().unwrap().to_string();
    let tool = tool_bin.trim_end_matches("/bin").to_string();
    // print-dev-env's output (the captured environment) refers to the tool.
    let shell_env = env["set"]["out"].as_str().unwrap().to_string();
    let paths = [shell_env.as_str(), tool.as_str()];

    let listing = f.nixty(&["env", "gc", "--dry-run"]);
    assert!(
        listing.stdout.contains(&f.root_str()) && listing.stdout.contains("kept"),
        "{}",
        listing.stdout
    );
    // Nix itself refuses to delete a path that is alive through our root.
    let delete = fixture::nix_store_delete(&paths);
    assert!(
        !delete.status.success(),
        "the environment was not protected"
    );
    assert!(
        String::from_utf8_lossy(&delete.stderr).contains("alive"),
        "{delete:?}"
    );

    // Re-evaluating replaces the root: still exactly one root directory for the project.
    f.nixty(&["env", "--reload"]);
    assert_eq!(
        std::fs::read_dir(f.xdg.join("data/nixty/gcroots"))
            .unwrap()
            .count(),
        1
    );

    // Once the project is gone, gc removes its roots and the store path can be collected.
    std::fs::remove_dir_all(&f.root).unwrap();
    let out = f.nixty(&["env", "gc"]);
    assert!(
        out.stdout.contains("removed (project gone)"),
        "{}",
        out.stdout
    );
    assert_eq!(
        std::fs::read_dir(f.xdg.join("data/nixty/gcroots"))
            .unwrap()
            .count(),
        0
    );
    let delete = fixture::nix_store_delete(&paths);
    assert!(delete.status.success(), "{delete:?}");
}

#[test]
fn dir_locals_packages_env_unset_shell_and_editor() {
    let Some(f) = tool_project() else {
        return;
    };
    f.write(
        "dir-locals.nix",
        &format!(
            r#"{{ root, system }}:
            let pkg = derivation {{ name = "nixty-pkg-{}"; inherit system; builder = "/bin/bash";
                  args = [ "-c" "/bin/mkdir -p $out/bin && printf '#!/bin/sh\\necho pkg-ran\\n' > $out/bin/nixty-pkg && /bin/chmod +x $out/bin/nixty-pkg; :" ]; }};
            in {{
              packages = [ pkg ];
              env = {{ PROJECT_ROOT = root; ANSWER = 42; FLAG = true; }};
              unset = [ "WEIRD" "SOME_USER_VAR" ];
              shell = ./shell.nix;
              editor = {{ fill-column = 100; eglot = {{ server = "nixty"; }}; }};
            }}"#,
            f.nonce
        ),
    );
    let env = f.allowed_env();
    assert_eq!(env["source"], "dir-locals.nix");
    assert_eq!(
        env["set"]["GREETING"], "hello world",
        "the shell's variables are merged"
    );
    assert_eq!(env["set"]["PROJECT_ROOT"], f.root_str());
    assert_eq!(env["set"]["ANSWER"], "42");
    assert_eq!(env["set"]["FLAG"], "1");
    assert!(env["set"].get("WEIRD").is_none());
    assert_eq!(env["unset"], serde_json::json!(["WEIRD", "SOME_USER_VAR"]));
    assert_eq!(
        env["editor"],
        serde_json::json!({ "fill-column": 100, "eglot": { "server": "nixty" } })
    );
    let prepend: Vec<&str> = env["path_prepend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(prepend.len(), 2, "{prepend:?}");
    assert!(
        prepend[0].ends_with(&format!("nixty-pkg-{}/bin", f.nonce)),
        "packages come first: {prepend:?}"
    );
    assert!(prepend[1].ends_with(&format!("nixty-test-tool-{}/bin", f.nonce)));
    // Imports through `shell = ./shell.nix` are inputs too.
    let inputs = env["inputs"].as_array().unwrap();
    assert!(
        inputs
            .iter()
            .any(|i| i.as_str().unwrap().ends_with("nix/greeting.nix")),
        "{inputs:?}"
    );

    // Both programs run inside the environment; the unset variable is gone.
    let out = f.nixty_with_env(
        &[
            "env",
            "--exec",
            "sh",
            "-c",
            "nixty-pkg; nixty-tool; echo \"[$SOME_USER_VAR]\"",
        ],
        &[("SOME_USER_VAR", "x")],
    );
    assert_eq!(out.stdout, "pkg-ran\ntool-ran\n[]\n", "{out:?}");
}

#[test]
fn nix_buffer_style_dir_locals_returning_a_derivation() {
    let Some(f) = Fixture::with_nix() else {
        return;
    };
    f.write(
        "dir-locals.nix",
        r#"derivation { name = "buffer-env"; system = builtins.currentSystem; builder = "/bin/bash"; outputs = [ "out" ]; FROM_BUFFER = "yes"; }"#,
    );
    assert_eq!(f.allowed_env()["set"]["FROM_BUFFER"], "yes");
}

#[test]
fn a_bin_sh_shell_falls_back_to_nix_shell() {
    let Some(f) = Fixture::with_nix() else {
        return;
    };
    f.write(
        "default.nix",
        r#"derivation { name = "sh-shell"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo > $out" ]; VIA = "nix-shell"; }"#,
    );
    let env = f.allowed_env();
    assert_eq!(env["source"], "default.nix");
    assert_eq!(env["set"]["VIA"], "nix-shell");
    assert!(
        env["set"].get("NIXTY_TEST_NIX_LOG").is_none(),
        "our own variables leaked in: {env}"
    );
    assert!(f.nix_calls().iter().any(|c| c.starts_with("nix-shell")));
}

#[test]
fn formats_apply_in_real_shells_and_emacs() {
    let Some(f) = tool_project() else {
        return;
    };
    f.nixty(&["env", "allow"]);
    let nixty = fixture::nixty_bin();

    let script = format!(
        r#"eval "$('{nixty}' env --format sh)" && printf '%s\n' "$GREETING" "$WEIRD" && nixty-tool"#
    );
    let out = f.command("bash").args(["-c", &script]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "hello world\nit's \"quoted\" $HOME `x` \\ done\ntool-ran\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let fish = f.nixty(&["env", "--format", "fish"]).stdout;
    assert!(
        fish.contains(r#"set -gx WEIRD 'it\'s "quoted" $HOME `x` \\ done'"#),
        "{fish}"
    );
    assert!(fish.contains("set -gx PATH '/nix/store/"), "{fish}");

    let elisp = f.nixty(&["env", "--format", "elisp"]).stdout;
    let file = f.xdg.join("env.el");
    std::fs::write(&file, &elisp).unwrap();
    if fixture::have("emacs") {
        let form = format!(
            r#"(with-temp-buffer (insert-file-contents "{}") (let ((env (read (current-buffer)))) (princ (format "%s|%s|%s" (plist-get env :status) (cdr (assoc "GREETING" (plist-get env :set))) (cdr (assoc "WEIRD" (plist-get env :set)))))))"#,
            file.display()
        );
        let out = std::process::Command::new("emacs")
            .args(["--batch", "--eval", &form])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "ready|hello world|it's \"quoted\" $HOME `x` \\ done",
            "{out:?}"
        );
    } else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "emacs is missing (apt-get install emacs-nox)"
        );
        assert!(elisp.starts_with("(:root "), "{elisp}");
    }
}

#[test]
fn no_project_and_bad_arguments_say_what_to_do() {
    let f = Fixture::new();
    let out = f.nixty(&["env"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no project found"), "{}", out.stderr);
    f.write("shell.nix", "{}");
    let out = f.nixty(&["env", "--format", "xml"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("use json, sh, fish or elisp"),
        "{}",
        out.stderr
    );
    let out = f.nixty(&["env", "--timeout", "soon"]);
    assert_eq!(out.code, 2);
    let out = f.nixty(&["env", "status"]);
    assert!(out.stdout.contains("not allowed yet"), "{}", out.stdout);
}

#[test]
fn flake_dev_shell_without_inputs() {
    let Some(f) = Fixture::with_nix() else {
        return;
    };
    f.write(
        "flake.nix",
        r#"{
  outputs = { self }: {
    devShells.x86_64-linux.default = derivation {
      name = "flake-shell"; system = "x86_64-linux"; builder = "/bin/bash"; outputs = [ "out" ];
      FROM_FLAKE = import ./greeting.nix;
    };
  };
}"#,
    );
    f.write("greeting.nix", r#""flake hello""#);
    let env = f.allowed_env();
    assert_eq!(env["source"], "flake.nix");
    assert_eq!(env["set"]["FROM_FLAKE"], "flake hello");
    assert!(
        !f.root.join("flake.lock").exists(),
        "nixty wrote a lock file into the project"
    );

    // Errors point at the project's file, not at Nix's copy of it in the store.
    f.write("greeting.nix", "1 + \"a\"");
    f.nixty(&["env", "allow"]);
    let env = f.nixty(&["env"]).json();
    assert_eq!(env["status"], "failed");
    assert_eq!(
        env["error"]["file"],
        format!("{}/greeting.nix", f.root_str()),
        "{env}"
    );
    assert_eq!(env["set"]["FROM_FLAKE"], "flake hello");
}

#[test]
fn dir_locals_of_the_wrong_shape_is_reported_on_the_file() {
    let Some(f) = Fixture::with_nix() else {
        return;
    };
    f.write("dir-locals.nix", r#""not a set""#);
    f.nixty(&["env", "allow"]);
    let out = f.nixty(&["env"]);
    assert_eq!(out.code, 1, "{out:?}");
    let error = &out.json()["error"];
    assert_eq!(error["file"], format!("{}/dir-locals.nix", f.root_str()));
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("dir-locals.nix must evaluate to an attribute set"),
        "{error}"
    );
}

#[test]
fn the_shell_hook_runs_like_nix_shell_with_the_setup_functions() {
    let Some(f) = Fixture::with_nix() else {
        return;
    };
    f.write(
        "shell.nix",
        &format!(
            r#"let
  # A minimal stand-in for nixpkgs' stdenv: print-dev-env sources its `setup`.
  stdenv = derivation {{
    name = "nixty-stdenv-{}"; system = builtins.currentSystem; builder = "/bin/bash";
    args = [ "-c" "/bin/mkdir -p $out && printf 'greet() {{ echo \"greet-$1\"; }}\\n' > $out/setup; :" ];
  }};
in derivation {{
  name = "shell"; system = builtins.currentSystem; builder = "/bin/bash"; outputs = [ "out" ];
  inherit stdenv;
  GREETING = "world";
  shellHook = ''
    export HOOKED="$(greet "$GREETING") in $(basename "$PWD")"
    echo "noise on stdout"
  '';
}}"#,
            f.nonce
        ),
    );
    let env = f.allowed_env();
    assert_eq!(
        env["set"]["HOOKED"],
        format!(
            "greet-world in {}",
            f.root.file_name().unwrap().to_string_lossy()
        )
    );
    assert_eq!(env["set"]["GREETING"], "world");
    assert!(env["set"].get("HOME").is_none(), "{env}");
    assert!(
        env["set"].get("NIXTY_TEST_NIX_LOG").is_none(),
        "our own variables leaked in: {env}"
    );
}
