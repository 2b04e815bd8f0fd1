//! What a gate leaves behind: its processes end with it (at its timeout, and when shipper is
//! interrupted), and its evidence is bounded in every output however much the command printed.

use std::time::{Duration, Instant};

use crate::support::bed::{Bed, RequestLog};
use crate::support::gates::{POLL, gate};
use crate::support::project::Project;
use crate::support::shipper::{finish, run, signal, spawn};

/// The example deployed once, then given `gate` (one gate's YAML) in its config.
fn deployed_with_gate(bed: &Bed, gate_yaml: &str) -> Project {
    let p = Project::example(bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    let config = p.read("config.yaml");
    p.write("config.yaml", &format!("{config}\nshipper:\n{}", gate(gate_yaml)));
    p
}

/// A command that starts `sleep 600` in the background, writes its PID to `file`, and waits.
fn sleeper(file: &std::path::Path) -> String {
    format!("sleep 600 & echo $! > {}; wait", file.display())
}

/// The PID written to `file`, once it is there.
fn pid_in(file: &std::path::Path) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(pid) = std::fs::read_to_string(file).ok().and_then(|t| t.trim().parse().ok()) {
            return pid;
        }
        assert!(Instant::now() < deadline, "the gate never started its sleep");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether process `pid` runs (a zombie waiting to be reaped does not).
fn runs(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| stat.rsplit_once(')').map(|(_, rest)| rest.trim_start().to_string()))
        .is_some_and(|rest| !rest.starts_with('Z'))
}

/// Asserts `pid` is gone within `limit`.
fn gone_within(pid: u32, limit: Duration, what: &str) {
    let deadline = Instant::now() + limit;
    while runs(pid) {
        assert!(Instant::now() < deadline, "{what}: `sleep 600` (pid {pid}) still runs");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_command_gates_processes_end_at_its_timeout_and_when_shipper_is_stopped() {
    let bed = Bed::start();
    let pid_file = tempfile::NamedTempFile::new().unwrap().into_temp_path();
    let p = deployed_with_gate(
        &bed,
        &format!(
            "name: e2e\ntype: command\nphase: production\ntimeout: 2s\nrun: '{}'",
            sleeper(&pid_file)
        ),
    );
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(3).stderr_has("gate `e2e` failed").stderr_has("evidence: no answer within 2s");
    // SIGTERM at the timeout: it is long gone by the time shipper has rolled back.
    gone_within(pid_in(&pid_file), Duration::from_millis(500), "after the gate's timeout");

    // SIGTERM to shipper while the gate runs: the gate's group goes with it.
    std::fs::remove_file(&pid_file).unwrap();
    p.edit("config.yaml", "timeout: 2s", "timeout: 60s");
    let child = spawn(p.shipper("v1.3.0").arg("deploy").args(POLL));
    let pid = pid_in(&pid_file);
    signal(&child, "TERM");
    let stopped = Instant::now();
    finish(child).code(130);
    // SIGTERM at once, SIGKILL after the grace period (2 s) for what ignores it.
    gone_within(pid, Duration::from_secs(2), "after SIGTERM to shipper");
    assert!(stopped.elapsed() < Duration::from_secs(10));
}

#[test]
fn one_long_line_of_gate_output_is_bounded_in_the_log_the_json_and_the_step_summary() {
    let bed = Bed::start();
    let p = deployed_with_gate(
        &bed,
        "name: loud\ntype: command\nphase: production\nrun: 'head -c 5000000 /dev/zero | tr \"\\000\" x; echo; exit 1'",
    );
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let r = run(p
        .shipper("v1.2.0")
        .args(["--output", "json", "deploy"])
        .args(POLL)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", dir.path().join("output.txt")));
    r.code(3).stderr_has("gate `loud` failed").stderr_has("bytes cut)");
    let summary = std::fs::read_to_string(&summary).unwrap();
    for (what, len) in
        [("stderr", r.stderr.len()), ("stdout", r.stdout.len()), ("summary", summary.len())]
    {
        assert!(len < 64 * 1024, "{what} has {len} bytes");
    }
    assert!(summary.contains("bytes cut)"), "the summary shows the evidence, cut:\n{summary}");
}

#[test]
fn rollback_count_zero_and_below_are_refused_naming_the_flag() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    // A deployment in flight: `--count 0` once meant "stop it".
    bed.plan(serde_json::json!({"service": "acme-dev-app", "outcome": "stuck"}));
    run(p.shipper("v1.2.0").args(["deploy", "--no-wait"])).code(0);
    bed.clear_requests();
    for (count, says) in [
        ("0", "`0` goes back nowhere: --count is at least 1"),
        ("-1", "`-1` is not a whole number"),
    ] {
        run(&mut p.cmd(&["rollback", "--count", count]))
            .code(1)
            .stderr_has("--count <N>")
            .stderr_has(says);
    }
    assert!(bed.requests().is_empty(), "no AWS call at all: {:?}", bed.requests());
}

#[test]
fn a_service_name_one_typo_from_an_existing_one_is_not_created_without_create() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    for typo in ["acme-dev-ap", "acme-dev-appp", "acme-dve-app", "Acme-Dev-App"] {
        p.edit("config.yaml", "service: acme-dev-app\n", &format!("service: {typo}\n"));
        bed.clear_requests();
        for dry_run in [&["deploy", "--dry-run"][..], &["deploy"]] {
            run(p.shipper("v1.1.0").args(dry_run).args(POLL))
                .code(1)
                .stderr_has(&format!(
                    "service {typo} does not exist in cluster acme-dev-cluster, but acme-dev-app does"
                ))
                .stderr_has("pass --create");
        }
        assert_eq!(bed.requests().writes("ecs"), Vec::<String>::new(), "{typo}: no write");
        p.edit("config.yaml", &format!("service: {typo}\n"), "service: acme-dev-app\n");
    }
    // --create confirms the new name.
    p.edit("config.yaml", "service: acme-dev-app\n", "service: acme-dev-ap\n");
    run(p.shipper("v1.1.0").args(["deploy", "--create"]).args(POLL))
        .code(0)
        .stderr_has("service: will be created");
    // Digits are no typos; nor is a longer difference: created as before.
    for other in ["acme-dev-app-2", "acme-dev-app-canary"] {
        p.edit("config.yaml", "service: acme-dev-ap\n", &format!("service: {other}\n"));
        run(p.shipper("v1.1.0").arg("deploy").args(POLL))
            .code(0)
            .stderr_has("service: will be created");
        p.edit("config.yaml", &format!("service: {other}\n"), "service: acme-dev-ap\n");
    }
    p.edit("config.yaml", "service: acme-dev-ap\n", "service: acme-dev-app-3\n");
    run(p.shipper("v1.1.0").arg("deploy").args(POLL))
        .code(0)
        .stderr_has("service: will be created");
}

#[test]
fn a_revision_registered_for_a_failed_update_is_named_and_reused_by_the_next_deploy() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.fault(serde_json::json!({"action": "UpdateService", "kind": "throttle",
        "code": "AccessDeniedException", "message": "not allowed to update", "count": 1}));
    run(p.shipper("v1.2.0").arg("deploy").args(POLL))
        .code(1)
        .stderr_has("AccessDeniedException")
        .stderr_has("revision acme-dev-app:2 was registered and is unused: the next deploy of the same definition uses it");
    bed.clear_requests();
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(0).stderr_has("deployed acme-dev-app:2");
    assert_eq!(bed.requests().count("ecs", "RegisterTaskDefinition"), 0, "no identical twin");
    // Something else is registered anew, as always.
    run(p.shipper("v1.3.0").arg("deploy").args(POLL)).code(0).stderr_has("deployed acme-dev-app:3");
}
