//! What people read after a run: the final verdicts in `--output json`, the step summary's
//! gates and Mermaid charts (parsed, as GitHub would), the `::error` annotation's evidence,
//! `status`'s events, and the duration a rollback reports.

use std::collections::HashSet;

use serde_json::json;

use crate::support::bed::Bed;
use crate::support::gates::{POLL, blue_green, deployed, gate, probe_gate};
use crate::support::github::StepFiles;
use crate::support::project::Project;
use crate::support::shipper::run;

#[test]
fn a_successful_deploys_gates_are_never_pending_in_its_json() {
    let bed = Bed::start();
    let bake = gate(
        "name: alarms\ntype: alarms\nphase: bake\nprefix: acme-dev-\ninterval: 100ms\npasses: 3\nbake: 1s",
    );
    let gates =
        format!("{}{}", probe_gate(&bed), bake.trim_start_matches("  gates:\n    checks:\n"));
    let p = deployed(&bed, blue_green(&["POST_TEST_TRAFFIC_SHIFT"]), &gates);
    let r = run(p.shipper("v1.2.0").args(["--output", "json", "deploy"]).args(POLL));
    r.code(0);
    let out = r.json();
    let gates = out["gates"].as_array().unwrap();
    let mut seen = HashSet::new();
    for g in gates {
        assert_ne!(g["verdict"], "pending", "a final verdict: {out:#}");
        assert!(g["checks"].as_u64().unwrap() > 0, "checks counted: {out:#}");
        let key = (g["name"].to_string(), g["phase"].to_string());
        assert!(seen.insert(key), "one record per gate and phase: {out:#}");
    }
    assert!(seen.len() == 2, "both gates: {out:#}");
}

/// A period of the Mermaid timeline: its clock and its events.
#[derive(Debug)]
struct Period {
    secs: u64,
    events: Vec<String>,
}

/// The periods of the step summary's Mermaid timeline.
fn timeline(md: &str) -> Vec<Period> {
    let start = md.find("```mermaid\ntimeline\n").unwrap_or_else(|| panic!("no timeline:\n{md}"));
    let body = &md[start..];
    let body = &body[..body[3..].find("```").unwrap() + 3];
    let mut periods: Vec<Period> = Vec::new();
    for line in body.lines().skip(2) {
        if let Some(event) = line.strip_prefix("        : ") {
            periods.last_mut().expect("an event under a period").events.push(event.into());
        } else if let Some((clock, event)) = line.trim().split_once(" : ") {
            let (m, s) = clock.trim_end_matches('s').split_once('m').unwrap();
            let secs = m.parse::<u64>().unwrap() * 60 + s.parse::<u64>().unwrap();
            periods.push(Period { secs, events: vec![event.into()] });
        } else if !line.trim().starts_with("title ") {
            panic!("not a timeline line: {line:?}\n{md}");
        }
    }
    periods
}

/// The x-axis and the series of the traffic chart, as numbers of points.
fn traffic_chart(md: &str) -> (usize, Vec<Vec<f64>>) {
    let start = md.find("```mermaid\nxychart-beta\n").unwrap_or_else(|| panic!("no chart:\n{md}"));
    let body = &md[start..];
    let body = &body[..body[3..].find("```").unwrap() + 3];
    let list = |line: &str| line[line.find('[').unwrap() + 1..line.rfind(']').unwrap()].to_string();
    let mut axis = 0;
    let mut series = Vec::new();
    for line in body.lines().map(str::trim) {
        if line.starts_with("x-axis") {
            axis = list(line).split(", ").count();
        } else if line.starts_with("line [") || line.starts_with("bar [") {
            series.push(list(line).split(", ").map(|v| v.parse::<f64>().unwrap()).collect());
        }
    }
    (axis, series)
}

#[test]
fn a_failed_deploys_summary_has_its_gates_a_timeline_forward_and_the_traffic() {
    let bed = Bed::start();
    let p = deployed(&bed, blue_green(&["POST_TEST_TRAFFIC_SHIFT"]), &probe_gate(&bed));
    bed.probe(json!({"path": "/api/health", "status": 503, "body": "starting: the database is not ready"}));
    // A stage every 0.6 s: the timeline spans seconds, and the traffic moves between them.
    bed.plan(json!({"service": "acme-dev-app", "mode": "time", "step_seconds": 0.6}));
    let files = StepFiles::new();
    let mut cmd = p.shipper("v1.2.0");
    cmd.arg("deploy").args(POLL).envs(files.env(p.dir.path(), "http://127.0.0.1:1"));
    let r = run(&mut cmd);
    r.code(3);
    // The annotation carries the evidence (the run page shows it, not the log).
    let annotation = r.stderr.lines().find(|l| l.starts_with("::error::")).unwrap();
    assert!(annotation.contains("%0Aevidence: GET http"), "{annotation}");
    assert!(annotation.contains("503"), "{annotation}");

    let md = files.read("summary.md");
    assert!(md.contains("### Gates\n\n| Gate | Phase | Verdict | Checks | Evidence |"), "{md}");
    assert!(md.contains("| probe | test | failed | 1 | GET http"), "{md}");

    let periods = timeline(&md);
    assert!(periods.len() >= 2, "{md}");
    for pair in periods.windows(2) {
        assert!(pair[0].secs < pair[1].secs, "periods go forward, once each:\n{md}");
    }
    let labels: Vec<&String> = periods.iter().flat_map(|p| &p.events).collect();
    let distinct: HashSet<&String> = labels.iter().copied().collect();
    assert_eq!(distinct.len(), labels.len(), "no label twice:\n{md}");
    let in_progress = labels.iter().filter(|l| l.contains("deployment IN_PROGRESS")).count();
    assert_eq!(in_progress, 1, "the status is said when it changes:\n{md}");
    for label in &labels {
        assert!(!label.contains("  "), "no double space: {label:?}");
        assert!(label.chars().count() <= 100, "bounded: {label:?}");
        // Cut, if at all, after a whole word.
        if let Some(cut) = label.strip_suffix('…') {
            assert!(!cut.ends_with(' '), "{label:?}");
        }
    }
    assert!(labels.iter().any(|l| l.contains("gate `probe` failed — answering")), "{md}");

    let (axis, series) = traffic_chart(&md);
    assert_eq!(series.len(), 2, "production and test:\n{md}");
    for points in &series {
        assert_eq!(points.len(), axis, "a value for every point of the axis:\n{md}");
        assert!(points.iter().all(|v| (0.0..=100.0).contains(v)), "{md}");
    }
    assert!(series.iter().any(|s| s.contains(&100.0)), "test traffic went to green:\n{md}");
}

#[test]
fn status_names_target_groups_as_the_live_view_does() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    let r = run(&mut p.cmd(&["status"]));
    r.code(0).stdout_has("(target-group acme-dev-blue)");
    assert!(!r.stdout.contains("arn:aws:elasticloadbalancing"), "{}", r.stdout);
}

#[test]
fn a_rollback_says_how_long_it_took() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    let r = run(p.cmd(&["rollback"]).args(POLL));
    r.code(0);
    let line = r
        .stderr
        .lines()
        .find(|l| l.starts_with("rolled back acme-dev-app to acme-dev-app:1: 2/2 tasks running ("))
        .unwrap_or_else(|| panic!("{}", r.stderr));
    let secs = line.rsplit('(').next().unwrap().trim_end_matches(')');
    assert!(secs.ends_with('s') && secs.trim_end_matches('s').parse::<u64>().is_ok(), "{line}");
}

#[test]
fn a_deploy_that_failed_before_its_gates_lists_them_as_not_run() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    let config = p.read("config.yaml");
    let probe = format!("name: probe\ntype: http\nphase: production\nurl: {}", bed.probe_url("/"));
    p.write("config.yaml", &format!("{config}\nshipper:\n{}", gate(&probe)));
    bed.plan(json!({"service": "acme-dev-app", "outcome": "fail", "steps": 2}));
    let files = StepFiles::new();
    let mut cmd = p.shipper("v1.2.0");
    cmd.arg("deploy").args(POLL).envs(files.env(p.dir.path(), "http://127.0.0.1:1"));
    run(&mut cmd).code(3);
    let md = files.read("summary.md");
    assert!(md.contains("| probe | production | not run | 0 | — |"), "{md}");
}
