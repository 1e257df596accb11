//! The library the language server uses, in-process: `Loader::request` answers at once and
//! evaluates in the background once; concurrent `resolve` calls in one process share one run.

use std::sync::mpsc;
use std::time::Duration;

use nixty_env::{Dirs, Event, Loader, Options, Status};

use crate::fixture::{Fixture, NIX_CONFIG};

fn options(f: &Fixture) -> Options {
    Options {
        dirs: Dirs {
            data: f.xdg.join("data/nixty"),
            cache: f.xdg.join("cache/nixty"),
        },
        timeout: Duration::from_secs(120),
        force: false,
    }
}

/// The only test of this binary that runs Nix in-process: it sets the process environment
/// once (the other tests pass everything explicitly to the processes they start).
#[test]
fn loader_answers_at_once_and_evaluates_once_in_the_background() {
    let Some(f) = Fixture::with_nix() else {
        return;
    };
    std::env::set_var("NIX_CONFIG", NIX_CONFIG);
    std::env::set_var("NIX_BUILD_SHELL", "/bin/bash");
    std::env::set_var("PATH", f.path_var());
    std::env::set_var("NIXTY_TEST_NIX_LOG", &f.log);

    f.write_slow_shell();
    let options = options(&f);
    let project = nixty_env::discover(&f.root, None).unwrap();

    let (send, receive) = mpsc::channel();
    let loader = Loader::new(options.clone(), move |event| {
        let _ = send.send(event);
    });
    // Untrusted: answered without evaluating, nothing started.
    let (env, _) = loader.request(&project);
    assert_eq!(env.status, Status::Untrusted);
    assert!(!loader.is_running(&project.root));

    loader.allow(&project).unwrap();
    // The build takes seconds; these answers come before it ends, so they say "evaluating".
    let (first, _) = loader.request(&project);
    let (second, _) = loader.request(&project);
    assert_eq!(
        (first.status, second.status),
        (Status::Evaluating, Status::Evaluating)
    );
    assert!(loader.is_running(&project.root));

    let mut started = 0;
    let finished = loop {
        match receive
            .recv_timeout(Duration::from_secs(120))
            .expect("no result from the background evaluation")
        {
            Event::Started { .. } => started += 1,
            Event::Finished { result, .. } => break result,
        }
    };
    assert_eq!(started, 1);
    assert_eq!(
        finished.environment.status,
        Status::Ready,
        "{:?}",
        finished.environment.error
    );
    assert!(finished.environment.set["SLOW"].contains(&format!("nixty-slow-{}", f.nonce)));
    let (now, _) = loader.request(&project);
    assert_eq!(now.status, Status::Ready);
    assert!(!loader.is_running(&project.root));
    assert_eq!(f.print_dev_env_calls(), 1);

    // Two threads resolving a changed project at once: Nix runs once, both get the result.
    f.clear_nix_calls();
    f.write("extra.nix", "1");
    f.write_slow_shell();
    let shell = std::fs::read_to_string(f.root.join("shell.nix")).unwrap();
    f.write(
        "shell.nix",
        &shell.replace("SLOW = slow;", "SLOW = slow; EXTRA = import ./extra.nix;"),
    );
    nixty_env::allow(&project, &options).unwrap();
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let (project, options) = (project.clone(), options.clone());
            std::thread::spawn(move || {
                nixty_env::resolve(&project, &options, &nixty_env::CancelToken::new())
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    for result in &results {
        assert_eq!(result.environment.set["EXTRA"], "1");
    }
    assert_eq!(
        results.iter().filter(|r| r.from_cache).count(),
        1,
        "one evaluated, the other waited and read it"
    );
    assert_eq!(f.print_dev_env_calls(), 1);
}
