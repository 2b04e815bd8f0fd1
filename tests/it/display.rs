//! What a person sees at a terminal: shipper runs under a pseudo-terminal, its output goes
//! through a terminal emulator (`support/onscreen.py`, pyte), and the tests assert the final
//! screen — the live rows gone after success, failure and Ctrl-C, events oldest first, target
//! groups by name — and what was on it meanwhile: every live row in its own row at 80 and 120
//! columns, the clock never going back.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::bed::Bed;
use crate::support::project::Project;

/// The final screen of one run.
struct Screen {
    code: i32,
    lines: Vec<String>,
    /// Lines seen at any moment with a spinner past their first column (see onscreen.py).
    stray: Vec<String>,
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
    on_screen_at(cmd, interrupt_on, 160)
}

/// [`on_screen`] on a terminal `cols` wide.
fn on_screen_at(cmd: &Command, interrupt_on: Option<&str>, cols: u16) -> Screen {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pty = Command::new(root.join(".venv/bin/python"));
    pty.arg(root.join("tests/it/support/onscreen.py"));
    pty.args(["--cols", &cols.to_string()]);
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
    let strings = |key: &str| -> Vec<String> {
        report[key]
            .as_array()
            .unwrap_or_else(|| panic!("onscreen.py reports {key}"))
            .iter()
            .map(|l| l.as_str().unwrap_or_default().to_string())
            .collect()
    };
    Screen {
        code: report["code"].as_i64().unwrap_or(-1) as i32,
        lines: strings("screen"),
        stray: strings("stray"),
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
    assert!(
        s.lines.last().unwrap().starts_with("created acme-dev-app with acme-dev-app:1"),
        "{}",
        s.text()
    );
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

#[test]
fn live_rows_stay_in_their_own_row_at_80_and_120_columns() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.run(&["deploy", "--poll-interval", "100ms"]).code(0);
    for (cols, version) in [(80, "v1.1.0"), (120, "v1.2.0")] {
        // Two rows (the new deployment and the old one) for a while.
        slow(&bed, 6);
        let s = on_screen_at(
            p.shipper(version).args(["deploy", "--poll-interval", "200ms"]),
            None,
            cols,
        );
        assert_eq!(s.code, 0, "{}", s.text());
        s.no_live_rows();
        // A row padded short of the terminal's width leaves the next row's spinner at its end.
        assert!(
            s.stray.is_empty(),
            "at {cols} columns, a spinner was drawn into the row above:\n{}",
            s.stray.join("\n")
        );
    }
}

#[test]
fn the_clock_runs_on_through_a_followed_rollback() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    p.run(&["deploy", "--poll-interval", "100ms"]).code(0);
    let config = p.read("config.yaml");
    let gate = format!(
        "  gates:\n    checks:\n      - name: probe\n        type: http\n        phase: production\n        url: {}\n        interval: 100ms\n",
        bed.probe_url("/api/health")
    );
    p.write("config.yaml", &format!("{config}\nshipper:\n{gate}"));
    bed.probe(json!({"path": "/api/health", "status": 503, "body": "down"}));
    // A rollout of over a second, so a clock started again would read less afterwards.
    slow(&bed, 6);
    let s = on_screen(p.shipper("v1.1.0").args(["deploy", "--poll-interval", "200ms"]), None);
    assert_eq!(s.code, 3, "{}", s.text());
    let returning = s.at("gate `probe` failed: returning acme-dev-app to acme-dev-app:1");
    let stamps: Vec<(usize, u64)> = s
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let (clock, _) = line.strip_prefix('[')?.split_once(']')?;
            let (m, sec) = clock.trim().split_once(':')?;
            Some((i, m.parse::<u64>().ok()? * 60 + sec.parse::<u64>().ok()?))
        })
        .collect();
    assert!(stamps.iter().any(|(_, t)| *t >= 1), "the rollout took a second:\n{}", s.text());
    assert!(stamps.iter().any(|(i, _)| *i > returning), "the rollback's lines:\n{}", s.text());
    for pair in stamps.windows(2) {
        assert!(pair[0].1 <= pair[1].1, "the clock went back:\n{}", s.text());
    }
}

#[test]
fn a_run_over_several_services_on_a_terminal_keeps_what_it_creates_in_view() {
    let bed = Bed::start();
    let fleet = crate::support::fleet::Services::new(&bed, &["alpha", "bravo"]);
    let s = on_screen(fleet.cmd(&["deploy"]).args(["--poll-interval", "200ms"]), None);
    assert_eq!(s.code, 0, "{}", s.text());
    for name in ["alpha", "bravo"] {
        // The plan's line stays above the live lines, not only on the service's own line.
        s.at(&format!("{name} | service: will be created"));
        s.at(&format!(
            "{name} | created acme-dev-{name} with acme-dev-{name}:1: 2/2 tasks running"
        ));
    }
    assert!(!s.text().contains("deployed acme-dev-"), "a creation is no deployment:\n{}", s.text());
}
