//! What a person sees at a terminal: shipper runs under a pseudo-terminal, its output goes
//! through a terminal emulator (`support/onscreen.py`, pyte), and the tests assert the final
//! screen — the live rows gone after success, failure and Ctrl-C, events oldest first, target
//! groups by name.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::bed::Bed;
use crate::support::project::Project;

/// The final screen of one run.
struct Screen {
    code: i32,
    lines: Vec<String>,
}

impl Screen {
    fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// The live rows (`⠁ PRIMARY acme-dev-app:2  running 1/2 …`) are drawn only while following:
    /// none may be left on screen.
    #[track_caller]
    fn no_live_rows(&self) -> &Self {
        for line in &self.lines {
            let row = ["PRIMARY ", "ACTIVE ", "INACTIVE "].iter().any(|s| line.contains(s))
                && line.contains("  running ");
            assert!(!row, "a live row is left on screen: {line:?}\n{}", self.text());
        }
        self
    }

    /// The index of the first line containing `needle`.
    #[track_caller]
    fn at(&self, needle: &str) -> usize {
        self.lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("the screen lacks {needle:?}:\n{}", self.text()))
    }
}

/// Runs `cmd` under a pseudo-terminal (160 columns); with `interrupt_on`, presses Ctrl-C once
/// that text is on screen.
fn on_screen(cmd: &Command, interrupt_on: Option<&str>) -> Screen {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pty = Command::new(root.join(".venv/bin/python"));
    pty.arg(root.join("tests/it/support/onscreen.py"));
    if let Some(text) = interrupt_on {
        pty.args(["--interrupt-on", text]);
    }
    pty.arg("--").arg(cmd.get_program()).args(cmd.get_args());
    pty.env_clear();
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            pty.env(key, value);
        }
    }
    pty.env("TERM", "xterm-256color");
    if let Some(dir) = cmd.get_current_dir() {
        pty.current_dir(dir);
    }
    let out = pty.output().expect("python runs");
    assert!(out.status.success(), "onscreen.py failed: {}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("onscreen.py prints JSON");
    Screen {
        code: report["code"].as_i64().unwrap_or(-1) as i32,
        lines: report["screen"]
            .as_array()
            .expect("screen lines")
            .iter()
            .map(|l| l.as_str().unwrap_or_default().to_string())
            .collect(),
    }
}

/// A slow rollout, so there is something live to look at (and to interrupt).
fn slow(bed: &Bed, steps: u32) {
    bed.plan(
        json!({"service": "acme-dev-app", "mode": "time", "steps": steps, "step_seconds": 0.3}),
    );
}

#[test]
fn a_successful_deploy_leaves_no_live_row_and_reads_oldest_first() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    slow(&bed, 3);
    let s = on_screen(p.shipper("v1.1.0").args(["deploy", "--poll-interval", "200ms"]), None);
    assert_eq!(s.code, 0, "{}", s.text());
    s.no_live_rows();
    // Oldest first, within one poll too (ECS lists them newest first, often in the same
    // second): tasks start, targets register, and only then the steady state.
    let started = s.at("has started 2 tasks");
    let registered = s.at("registered 1 targets");
    let steady = s.at("has reached a steady state");
    assert!(started < registered && registered < steady, "events out of order:\n{}", s.text());
    // `deployment SUCCESSFUL` comes once the service agrees, right before the summary.
    let successful = s.at("deployment SUCCESSFUL");
    assert!(successful > started, "{}", s.text());
    assert!(s.lines.last().unwrap().starts_with("deployed acme-dev-app:1"), "{}", s.text());
    // Target groups by name, not by ARN.
    assert!(
        s.text().contains("registered 1 targets in (target-group acme-dev-blue)"),
        "{}",
        s.text()
    );
    assert!(!s.text().contains("arn:aws:elasticloadbalancing"), "{}", s.text());
}

#[test]
fn a_failed_deploy_leaves_no_live_row_and_says_the_reason_once() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.run(&["deploy", "--poll-interval", "100ms"]).code(0);
    bed.plan(json!({"service": "acme-dev-app", "outcome": "fail", "steps": 3,
                    "stopped_reason": "Essential container in task exited", "exit_code": 137}));
    let s = on_screen(p.shipper("v1.1.0").args(["deploy", "--poll-interval", "200ms"]), None);
    assert_eq!(s.code, 3, "{}", s.text());
    s.no_live_rows();
    s.at("error: deployment of acme-dev-app:2 to acme-dev-app failed");
    // The reason once: `rollback:` only when it says something `reason:` did not.
    let reason = s.lines.iter().find(|l| l.trim_start().starts_with("reason: ")).cloned();
    let rollback = s.lines.iter().find(|l| l.trim_start().starts_with("rollback: ")).cloned();
    if let (Some(reason), Some(rollback)) = (&reason, &rollback) {
        assert_ne!(
            reason.trim_start().trim_start_matches("reason: "),
            rollback.trim_start().trim_start_matches("rollback: "),
            "{}",
            s.text()
        );
    }
    assert!(reason.is_some() || rollback.is_some(), "no reason shown:\n{}", s.text());
    assert!(!s.text().contains("arn:aws:elasticloadbalancing"), "{}", s.text());
}

#[test]
fn ctrl_c_during_deploy_and_wait_leaves_no_live_row() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.run(&["deploy", "--poll-interval", "100ms"]).code(0);

    slow(&bed, 40);
    let s = on_screen(
        p.shipper("v1.1.0").args(["deploy", "--poll-interval", "200ms"]),
        Some("  running "),
    );
    assert_eq!(s.code, 130, "{}", s.text());
    s.no_live_rows();
    s.at("error: interrupted (SIGINT)");

    // `wait` follows the same deployment, still in flight.
    let s = on_screen(
        p.shipper("v1.1.0").args(["wait", "--poll-interval", "200ms"]),
        Some("  running "),
    );
    assert_eq!(s.code, 130, "{}", s.text());
    s.no_live_rows();
    s.at("error: interrupted (SIGINT)");
}
