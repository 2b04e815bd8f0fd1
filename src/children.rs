//! The process groups shipper starts (a command gate's `sh -c` and everything it starts in
//! turn), so that none outlives what it was started for.
//!
//! Each runs in a group of its own; [`Group`] ends the group when it is dropped — when the gate
//! check finished, timed out, or was abandoned because the verdict no longer needs it, or
//! because shipper was interrupted: SIGTERM to the whole group, then SIGKILL after [`GRACE`]
//! to whatever ignored it. [`end_all`] does the same, waiting, for every group still alive
//! when shipper exits. Killing only the shell would leave its children running with parent 1,
//! still hitting the service after a rollback.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a group has between SIGTERM and SIGKILL.
pub const GRACE: Duration = Duration::from_secs(2);

/// The groups started and not known to be gone.
static LIVE: Mutex<Vec<i32>> = Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<i32>> {
    LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A process group started for a task, ended when this is dropped.
#[derive(Debug)]
pub struct Group {
    id: i32,
}

impl Group {
    /// Takes charge of the group whose leader is `pid` (a child started in a new group).
    pub fn track(pid: u32) -> Self {
        let id = i32::try_from(pid).unwrap_or(0);
        if id > 1 {
            live().push(id);
        }
        Self { id }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        if !alive(self.id) {
            forget(self.id);
            return;
        }
        signal(self.id, Kill::Term);
        // Whatever ignores SIGTERM gets SIGKILL after the grace period; a shipper that exits
        // sooner does the same in `end_all`.
        let id = self.id;
        std::thread::spawn(move || {
            if !wait_gone(id, GRACE) {
                signal(id, Kill::Kill);
            }
            forget(id);
        });
    }
}

/// Ends every group still alive: SIGTERM, up to [`GRACE`] for them to go, then SIGKILL. Called
/// as shipper exits, however it exits (success, error, interruption).
pub fn end_all() {
    let groups: Vec<i32> = live().iter().copied().filter(|id| alive(*id)).collect();
    if groups.is_empty() {
        return;
    }
    for id in &groups {
        signal(*id, Kill::Term);
    }
    let deadline = Instant::now() + GRACE;
    for id in &groups {
        if !wait_gone(*id, deadline.saturating_duration_since(Instant::now())) {
            signal(*id, Kill::Kill);
        }
        forget(*id);
    }
}

fn forget(id: i32) {
    live().retain(|g| *g != id);
}

/// Waits up to `limit` for the group to have no process left; whether it is gone.
fn wait_gone(id: i32, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while alive(id) {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

enum Kill {
    Term,
    Kill,
}

/// Whether any process of the group still runs. A killed process stays a zombie until its
/// parent (or init, for an orphan) reaps it, and `kill(-pgid, 0)` still finds it: on Linux the
/// group's members are read from /proc and zombies do not count.
#[cfg(unix)]
fn alive(id: i32) -> bool {
    let signalable = rustix::process::Pid::from_raw(id)
        .filter(|_| id > 1)
        .is_some_and(|pid| rustix::process::test_kill_process_group(pid).is_ok());
    if !signalable || !cfg!(target_os = "linux") {
        return signalable;
    }
    let Ok(entries) = std::fs::read_dir("/proc") else { return signalable };
    entries.flatten().any(|entry| {
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses.
        let fields: Vec<&str> =
            stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
        matches!(fields.as_slice(), [state, _ppid, pgrp, ..] if *state != "Z" && *pgrp == id.to_string())
    })
}

#[cfg(unix)]
fn signal(id: i32, kill: Kill) {
    use rustix::process::{Pid, Signal, kill_process_group};
    let signal = match kill {
        Kill::Term => Signal::TERM,
        Kill::Kill => Signal::KILL,
    };
    // Never group 1 (kill(-1) would reach every process shipper may signal).
    if let Some(pid) = Pid::from_raw(id).filter(|_| id > 1) {
        let _ = kill_process_group(pid, signal);
    }
}

#[cfg(not(unix))]
fn alive(_id: i32) -> bool {
    false
}

#[cfg(not(unix))]
fn signal(_id: i32, _kill: Kill) {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::process::CommandExt;

    /// `end_all` ends every group of the process: one test at a time.
    static SERIAL: Mutex<()> = Mutex::new(());

    fn start(script: &str) -> std::process::Child {
        std::process::Command::new("sh").arg("-c").arg(script).process_group(0).spawn().unwrap()
    }

    #[test]
    fn a_dropped_group_is_terminated_with_its_grandchildren() {
        let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut child = start("sleep 30 & wait");
        let group = Group::track(child.id());
        std::thread::sleep(Duration::from_millis(100));
        assert!(alive(group.id));
        let id = group.id;
        drop(group);
        let _ = child.wait();
        assert!(wait_gone(id, GRACE), "the background sleep went with its shell");
    }

    #[test]
    fn a_group_that_ignores_sigterm_is_killed_at_exit() {
        let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // The shell says when its trap is set: on a busy machine, a SIGTERM sent before that
        // would end it at once and the test would measure nothing.
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg("trap '' TERM; echo ready; sleep 30 & wait; sleep 30")
            .process_group(0)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let group = Group::track(child.id());
        let mut ready = String::new();
        let stdout = child.stdout.take().unwrap();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut ready).unwrap();
        assert_eq!(ready.trim(), "ready");
        let id = group.id;
        std::mem::forget(group);
        let started = Instant::now();
        end_all();
        let _ = child.wait();
        assert!(!alive(id), "SIGKILL after the grace period");
        assert!(started.elapsed() >= GRACE - Duration::from_millis(100));
    }
}
