//! Running Nix: argv only, its own process group, a deadline, cancellation, bounded output.
//!
//! Nix starts builders in sessions of their own, so killing our process group with SIGKILL
//! would orphan them. We first send SIGTERM to the group: Nix treats it as an interrupt and
//! kills its builders before exiting; SIGKILL follows only if it does not exit in time.

use std::collections::HashSet;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Largest stdout kept from one Nix run (an environment is a few hundred kB at most).
pub const MAX_STDOUT: usize = 64 * 1024 * 1024;
/// How much of Nix's stderr is kept (its tail: the error is at the end).
pub const MAX_STDERR: usize = 64 * 1024;
/// How long Nix gets to stop its builders after SIGTERM before SIGKILL.
const TERMINATE_GRACE: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(20);

/// Cooperative cancellation shared between a request and the evaluation it started.
#[derive(Clone, Debug, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

#[derive(Debug)]
pub enum RunError {
    Spawn {
        program: String,
        error: std::io::Error,
    },
    TimedOut {
        program: String,
        after: Duration,
    },
    Cancelled,
    OutputTooLarge {
        program: String,
        limit: usize,
    },
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Spawn { program, error } if error.kind() == std::io::ErrorKind::NotFound => {
                write!(f, "`{program}` was not found on PATH; install Nix (for example `apt-get install nix-bin`)")
            }
            RunError::Spawn { program, error } => write!(f, "could not start `{program}`: {error}"),
            RunError::TimedOut { program, after } => write!(
                f,
                "`{program}` did not finish within {} s and was stopped; raise the limit with --timeout or NIXTY_ENV_TIMEOUT",
                after.as_secs()
            ),
            RunError::Cancelled => write!(f, "the evaluation was cancelled"),
            RunError::OutputTooLarge { program, limit } => {
                write!(f, "`{program}` printed more than {limit} bytes and was stopped")
            }
        }
    }
}

/// Process groups of the Nix processes running now, so that shutdown can stop them all.
static RUNNING: Mutex<Vec<i32>> = Mutex::new(Vec::new());

fn running_groups() -> HashSet<i32> {
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .copied()
        .collect()
}

/// Stops every Nix process this process started that is still running (server shutdown):
/// SIGTERM first so Nix stops its builders, SIGKILL for what is left after the grace period.
/// Blocks for at most that period.
pub fn kill_all_running() {
    for group in running_groups() {
        signal_group(group, libc::SIGTERM);
    }
    let until = Instant::now() + TERMINATE_GRACE;
    while !running_groups().is_empty() && Instant::now() < until {
        std::thread::sleep(POLL);
    }
    for group in running_groups() {
        signal_group(group, libc::SIGKILL);
    }
}

fn signal_group(group: i32, signal: i32) {
    // SAFETY: killpg only sends a signal; a group that is already gone yields ESRCH.
    unsafe {
        libc::killpg(group, signal);
    }
}

/// Runs `command` to completion, or until `deadline` / `cancel`, whichever comes first.
pub fn run(
    mut command: Command,
    deadline: Instant,
    cancel: &CancelToken,
) -> Result<Output, RunError> {
    let program = command.get_program().to_string_lossy().into_owned();
    if cancel.is_cancelled() {
        return Err(RunError::Cancelled);
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let started = Instant::now();
    let mut child = command.spawn().map_err(|error| RunError::Spawn {
        program: program.clone(),
        error,
    })?;
    let group = child.id() as i32;
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(group);
    let overflow = Arc::new(AtomicBool::new(false));
    let stdout = read_bounded(
        child.stdout.take().expect("piped"),
        MAX_STDOUT,
        false,
        overflow.clone(),
    );
    let stderr = read_bounded(
        child.stderr.take().expect("piped"),
        MAX_STDERR,
        true,
        Arc::new(AtomicBool::new(false)),
    );

    let mut stop_reason = None;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) => {}
            Err(_) => break None,
        }
        if cancel.is_cancelled() {
            stop_reason = Some(RunError::Cancelled);
        } else if Instant::now() >= deadline {
            stop_reason = Some(RunError::TimedOut {
                program: program.clone(),
                after: started.elapsed(),
            });
        } else if overflow.load(Ordering::SeqCst) {
            stop_reason = Some(RunError::OutputTooLarge {
                program: program.clone(),
                limit: MAX_STDOUT,
            });
        }
        if stop_reason.is_some() {
            terminate(&mut child, group);
            break None;
        }
        std::thread::sleep(POLL);
    };
    {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = running.iter().position(|g| *g == group) {
            running.swap_remove(i);
        }
    }
    if let Some(reason) = stop_reason {
        return Err(reason);
    }
    let status = match status {
        Some(status) => status,
        None => child.wait().map_err(|error| RunError::Spawn {
            program: program.clone(),
            error,
        })?,
    };
    // A grandchild that kept the pipes open must not hang us: bounded waits on the readers.
    let stdout = stdout
        .recv_timeout(Duration::from_secs(2))
        .unwrap_or_default();
    let stderr = stderr
        .recv_timeout(Duration::from_secs(2))
        .unwrap_or_default();
    if overflow.load(Ordering::SeqCst) {
        return Err(RunError::OutputTooLarge {
            program,
            limit: MAX_STDOUT,
        });
    }
    Ok(Output {
        status,
        stdout,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}

fn terminate(child: &mut std::process::Child, group: i32) {
    signal_group(group, libc::SIGTERM);
    let until = Instant::now() + TERMINATE_GRACE;
    while Instant::now() < until {
        if let Ok(Some(_)) = child.try_wait() {
            // The leader is gone; kill whatever else is left in its group, then we are done.
            signal_group(group, libc::SIGKILL);
            return;
        }
        std::thread::sleep(POLL);
    }
    signal_group(group, libc::SIGKILL);
    let _ = child.wait();
}

/// Reads a pipe on a thread, keeping at most `limit` bytes (the head, or the tail with `keep_tail`).
fn read_bounded(
    mut pipe: impl Read + Send + 'static,
    limit: usize,
    keep_tail: bool,
    overflow: Arc<AtomicBool>,
) -> mpsc::Receiver<Vec<u8>> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buffer = [0u8; 64 * 1024];
        loop {
            match pipe.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    kept.extend_from_slice(&buffer[..n]);
                    if kept.len() > limit {
                        if keep_tail {
                            let excess = kept.len() - limit;
                            kept.drain(..excess);
                        } else {
                            kept.truncate(limit);
                            overflow.store(true, Ordering::SeqCst);
                            break;
                        }
                    }
                }
            }
        }
        let _ = send.send(kept);
    });
    receive
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("/bin/sh");
        command.arg("-c").arg(script);
        command
    }

    #[test]
    fn captures_output_and_status() {
        let out = run(
            sh("echo out; echo err >&2; exit 3"),
            Instant::now() + Duration::from_secs(10),
            &CancelToken::new(),
        )
        .unwrap();
        assert_eq!(out.stdout, b"out\n");
        assert_eq!(out.stderr, "err\n");
        assert_eq!(out.status.code(), Some(3));
    }

    #[test]
    fn timeout_kills_the_whole_group() {
        let marker = format!("nixty-process-test-{}", std::process::id());
        // The background subshell is a fork of sh, so its command line carries the marker too.
        let script = format!("(sleep 1000; :) & sleep 1001; : {marker}");
        let error = run(
            sh(&script),
            Instant::now() + Duration::from_millis(300),
            &CancelToken::new(),
        )
        .unwrap_err();
        assert!(matches!(error, RunError::TimedOut { .. }), "{error}");
        let left = Command::new("pgrep")
            .arg("-f")
            .arg(&marker)
            .output()
            .unwrap();
        assert!(
            left.stdout.is_empty(),
            "processes left behind: {}",
            String::from_utf8_lossy(&left.stdout)
        );
    }

    #[test]
    fn cancel_stops_the_run() {
        let cancel = CancelToken::new();
        let c = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            c.cancel();
        });
        let error = run(
            sh("sleep 1000"),
            Instant::now() + Duration::from_secs(60),
            &cancel,
        )
        .unwrap_err();
        assert!(matches!(error, RunError::Cancelled));
    }

    #[test]
    fn output_is_bounded() {
        let error = run(
            sh("yes"),
            Instant::now() + Duration::from_secs(60),
            &CancelToken::new(),
        )
        .unwrap_err();
        assert!(matches!(error, RunError::OutputTooLarge { .. }), "{error}");
    }

    #[test]
    fn missing_program_says_what_to_do() {
        let error = run(
            Command::new("nixty-no-such-program"),
            Instant::now() + Duration::from_secs(5),
            &CancelToken::new(),
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("was not found on PATH"),
            "{error}"
        );
    }
}
