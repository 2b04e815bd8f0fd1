//! What a gate leaves behind: its processes end with it (at its timeout, and when shipper is
//! interrupted), and its evidence is bounded in every output however much the command printed.

use std::time::{Duration, Instant};

use crate::support::bed::{Bed, RequestLog};
use crate::support::gates::{POLL, blue_green, deployed, gate, hook_answers, running};
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
    // The JSON of a failed deploy has the fields of a successful one, and says where it ended.
    let json = r.json();
    assert_eq!(json["status"], "rolled_back", "{json}");
    assert_eq!(json["strategy"], "ROLLING");
    assert_eq!(json["gates"][0]["name"], "loud");
    assert_eq!(json["gates"][0]["verdict"], "failed");
    let evidence = json["gates"][0]["evidence"].as_array().unwrap();
    assert!(evidence.iter().all(|e| e.as_str().unwrap().len() <= 330), "{evidence:?}");
    assert!(json["rolled_back"]["from"].as_str().unwrap().ends_with("acme-dev-app:2"), "{json}");
    assert!(json["running"].as_str().unwrap().ends_with("acme-dev-app:1"), "{json}");
    assert!(json["error"]["message"].as_str().unwrap().contains("gate `loud` failed"));
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

/// `continue` runs the gates of the phase it releases; `--skip-gates` answers at once and says
/// which gates it skipped, in the log, the JSON and the step summary.
#[test]
fn continue_runs_the_paused_phases_gates_and_skip_gates_names_them() {
    let bed = Bed::start();
    let p = deployed(
        &bed,
        blue_green(&["POST_TEST_TRAFFIC_SHIFT"]),
        &gate("name: smoke\ntype: command\nphase: test\ninterval: 100ms\nrun: test ! -e broken"),
    );
    let paused = |tag: &str| {
        run(p.shipper(tag).args(["deploy", "--wait-until", "POST_TEST_TRAFFIC_SHIFT"]).args(POLL))
            .code(0)
            .stderr_has("deployment waits at a pause hook on POST_TEST_TRAFFIC_SHIFT");
    };
    paused("v1.2.0");
    assert!(hook_answers(&bed).is_empty());
    p.write("broken", "");
    run(p.cmd(&["continue"]).args(POLL))
        .code(3)
        .stderr_has("paused at POST_TEST_TRAFFIC_SHIFT: test gates: smoke")
        .stderr_has("gate `smoke` failed: answering the pause hook with ROLLBACK")
        .stderr_has("ECS rolled it back: the service runs acme-dev-app:1");
    assert_eq!(hook_answers(&bed), ["ROLLBACK"]);
    assert_eq!(running(&bed), "acme-dev-app:1");

    // A person verified green by hand: --skip-gates, named everywhere.
    paused("v1.2.0");
    bed.clear_requests();
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let r = run(p
        .cmd(&["--output", "json", "continue", "--skip-gates"])
        .args(POLL)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", dir.path().join("output.txt")));
    r.code(0).stderr_has(
        "paused at POST_TEST_TRAFFIC_SHIFT: test gates smoke skipped (--skip-gates): answering the pause hook with CONTINUE",
    );
    assert_eq!(r.json()["skipped_gates"], serde_json::json!(["smoke"]), "{}", r.stdout);
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(summary.contains("`--skip-gates`") && summary.contains("`smoke`"), "{summary}");
    assert_eq!(hook_answers(&bed), ["CONTINUE"]);
    assert_eq!(running(&bed), "acme-dev-app:2");
    // The skip is recorded: nothing is owed, so `wait` runs no gate.
    run(p.cmd(&["wait"]).args(POLL)).code(0).stderr_has("is stable").never_shows("test gates");
}

/// A deploy interrupted while its production gate runs leaves a finished rollout whose gate has
/// not passed: the interruption says so, and `deploy` or `wait` runs the gate (rolling back
/// when it fails) before any success is reported. Gates that passed are recorded and not run
/// again.
#[test]
fn gates_an_interrupted_rolling_deploy_owes_are_run_by_the_next_wait_or_deploy() {
    let bed = Bed::start();
    let p = deployed_with_gate(
        &bed,
        "name: e2e\ntype: command\nphase: production\ninterval: 100ms\ntimeout: 60s\nrun: 'touch started; test -e pass || sleep 60'",
    );
    let interrupted = |tag: &str| {
        let _ = std::fs::remove_file(p.path("started"));
        let child = spawn(p.shipper(tag).arg("deploy").args(POLL));
        let deadline = Instant::now() + Duration::from_secs(30);
        while !p.path("started").exists() {
            assert!(Instant::now() < deadline, "the gate never started");
            std::thread::sleep(Duration::from_millis(50));
        }
        signal(&child, "TERM");
        finish(child)
    };
    interrupted("v1.2.0")
        .code(130)
        .stderr_has("the deployment of acme-dev-app:2 to acme-dev-app finished; its production gates had not passed")
        .stderr_has("`shipper wait --config config.yaml` runs them again (and rolls back if one fails)")
        .never_shows("is running");
    // `deploy` with nothing to deploy runs the owed gate first.
    p.write("pass", "");
    run(p.shipper("v1.2.0").arg("deploy").args(POLL))
        .code(0)
        .stderr_has("nothing to deploy")
        .stderr_has("finished without its production gates passing: running them now")
        .stderr_has("gate e2e (command");
    // Recorded: neither `wait` nor another unchanged deploy runs it again.
    bed.clear_requests();
    run(p.cmd(&["wait"]).args(POLL)).code(0).stderr_has("is stable").never_shows("gate e2e");
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(0).never_shows("gate e2e");
    assert_eq!(bed.requests().writes("ecs"), Vec::<String>::new());

    // Interrupted again; the gate now fails: `wait` runs it and rolls back.
    std::fs::remove_file(p.path("pass")).unwrap();
    interrupted("v1.3.0").code(130);
    p.edit("config.yaml", "test -e pass || sleep 60", "echo broken; exit 1");
    run(p.cmd(&["wait"]).args(POLL))
        .code(3)
        .stderr_has("gate `e2e` failed after acme-dev-app:3 was deployed to acme-dev-app; shipper rolled it back: the service runs acme-dev-app:2")
        .stderr_has("evidence: exited 1");
    assert_eq!(running(&bed), "acme-dev-app:2");
}
