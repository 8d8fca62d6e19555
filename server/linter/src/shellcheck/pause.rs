//! Pausing ShellCheck processes while an editor's user types or waits for an answer.
//!
//! The language server checks a big file with ShellCheck in the background, for a
//! minute or more. Even in the idle scheduling class, a ShellCheck process beside the
//! server slowed every keystroke by a third on a two-core machine (the cores share
//! caches and memory bandwidth). So the server stops the running ShellCheck processes
//! (`SIGSTOP`) for a while on every change and request ([`pause_for`]); a thread of this
//! module lets them go on (`SIGCONT`) once no call has asked for longer. The resume never depends
//! on the caller still being there.
//!
//! Signals only ever go to a child that has not been reaped yet, so its process id cannot
//! belong to anyone else: a child leaves the list before it is waited for.

use std::process::Child;
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

struct State {
    /// Until when the running children stay stopped; `None` when they run.
    until: Option<Instant>,
    running: Vec<u32>,
}

static STATE: Mutex<State> = Mutex::new(State {
    until: None,
    running: Vec::new(),
});
static WAKE: Condvar = Condvar::new();

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(unix)]
fn signal(pid: u32, sig: libc::c_int) {
    // SAFETY: `kill` has no memory effects; `pid` is an unreaped child (see above).
    unsafe {
        libc::kill(pid as libc::pid_t, sig);
    }
}

#[cfg(not(unix))]
fn signal(_: u32, _: i32) {}

#[cfg(unix)]
const STOP: i32 = libc::SIGSTOP;
#[cfg(unix)]
const CONT: i32 = libc::SIGCONT;
#[cfg(not(unix))]
const STOP: i32 = 0;
#[cfg(not(unix))]
const CONT: i32 = 0;

/// Stops the ShellCheck processes running now, and those started meanwhile, until
/// `quiet` has passed without another call.
pub fn pause_for(quiet: Duration) {
    if !resumer_started() {
        // Without the thread that resumes them, stopped processes would stay stopped.
        return;
    }
    let mut s = state();
    if s.until.is_none() {
        s.running.iter().for_each(|&pid| signal(pid, STOP));
    }
    s.until = Some(Instant::now() + quiet);
    WAKE.notify_all();
}

/// Whether ShellCheck processes are being held stopped.
pub fn is_paused() -> bool {
    state().until.is_some()
}

/// Starts (once) the thread that resumes stopped children when their time is up.
fn resumer_started() -> bool {
    static STARTED: OnceLock<bool> = OnceLock::new();
    *STARTED.get_or_init(|| {
        std::thread::Builder::new()
            .name("dlint-shellcheck-resume".into())
            .spawn(resumer)
            .is_ok()
    })
}

fn resumer() {
    let mut s = state();
    loop {
        s = match s.until {
            None => WAKE.wait(s).unwrap_or_else(|e| e.into_inner()),
            Some(until) if Instant::now() >= until => {
                s.until = None;
                s.running.iter().for_each(|&pid| signal(pid, CONT));
                s
            }
            Some(until) => {
                let left = until.saturating_duration_since(Instant::now());
                WAKE.wait_timeout(s, left)
                    .map(|(s, _)| s)
                    .unwrap_or_else(|e| e.into_inner().0)
            }
        };
    }
}

/// A running child that [`pause_for`] may stop. Dropped before the child is reaped.
pub(super) struct Registered(u32);

pub(super) fn register(child: &Child) -> Registered {
    let mut s = state();
    s.running.push(child.id());
    if s.until.is_some() {
        signal(child.id(), STOP);
    }
    Registered(child.id())
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut s = state();
        s.running.retain(|&pid| pid != self.0);
        // It is about to be waited for: never leave it stopped.
        if s.until.is_some() {
            signal(self.0, CONT);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_paused_child_makes_no_progress_until_the_quiet_time_is_up() {
        // `sleep` stands in for ShellCheck: stopped, it cannot finish.
        let mut child = std::process::Command::new("sleep")
            .arg("0.2")
            .spawn()
            .expect("sleep runs");
        let started = Instant::now();
        let registered = register(&child);
        pause_for(Duration::from_millis(700));
        assert!(is_paused());
        std::thread::sleep(Duration::from_millis(400));
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished while stopped"
        );
        // Nobody resumes it: the time running out does.
        while child.try_wait().unwrap().is_none() {
            assert!(started.elapsed() < Duration::from_secs(10), "never resumed");
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(registered);
        assert!(started.elapsed() >= Duration::from_millis(600));
        assert!(!is_paused());
    }
}
