//! Exit when the editor that started us dies (`processId` of `initialize`), so no orphaned
//! servers pile up when a client crashes without sending `exit`.

use std::time::Duration;

const POLL_INTERVAL: Duration = Duration::from_millis(500);

pub(crate) fn watch(pid: u32) {
    let Ok(pid) = i32::try_from(pid) else { return };
    // 0 and negative ids address process groups with kill(2); not a parent we can watch.
    if pid <= 0 {
        return;
    }
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(POLL_INTERVAL).await;
            if !is_alive(pid) {
                eprintln!("nixty lsp: the editor (process {pid}) is gone; exiting");
                std::process::exit(1);
            }
        }
    });
}

#[cfg(unix)]
fn is_alive(pid: i32) -> bool {
    // Signal 0 checks existence and permission without sending anything; EPERM means the
    // process exists but belongs to someone else.
    // SAFETY: kill with signal 0 has no effect on the target process.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn is_alive(_pid: i32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn our_own_process_is_alive_and_a_reaped_child_is_not() {
        assert!(super::is_alive(std::process::id() as i32));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id() as i32;
        child.wait().unwrap();
        assert!(!super::is_alive(pid));
    }
}
