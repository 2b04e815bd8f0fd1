//! `shipper tasks`, `logs` and `delete`, and the log lines a failure report quotes: through the
//! binary against the bed, whose simulated containers write to CloudWatch Logs (awslogs).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::bed::Bed;
use crate::support::project::{Project, no_crash};
use crate::support::shipper::{Run, finish, run, signal, spawn, wait_for_request};
use crate::support::{block_on, service_of};

const POLL: [&str; 2] = ["--poll-interval", "100ms"];

/// The example deployed at v1.1.0 (two tasks of revision 1).
fn deployed(bed: &Bed) -> Project {
    let p = Project::example(bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    p
}

/// Runs with `input` on stdin (a person answering the question).
fn run_with_stdin(cmd: &mut Command, input: &str) -> Run {
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    finish(child)
}

fn writes(bed: &Bed, action: &str) -> usize {
    bed.requests().iter().filter(|r| r.action == action).count()
}

fn ids(json: &Value, status: &str) -> Vec<String> {
    json.as_array()
        .unwrap()
        .iter()
        .filter(|t| t["last_status"] == status)
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn tasks_lists_running_and_stopped_tasks_with_revision_health_and_reason() {
    let bed = Bed::start();
    let p = deployed(&bed);
    bed.plan(json!({"service": "acme-dev-app", "outcome": "fail", "steps": 2, "exit_code": 137,
        "stopped_reason": "Essential container in task exited"}));
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(3);

    let r = p.run(&["tasks"]);
    r.code(0);
    no_crash(&r);
    let rows: Vec<&str> = r.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "two running tasks:\n{}", r.stdout);
    for row in rows {
        assert!(
            row.contains("acme-dev-app:1") && row.contains("RUNNING") && row.contains("HEALTHY"),
            "{row}"
        );
    }
    let all = p.run(&["tasks", "--stopped", "--output", "json"]).code(0).json();
    assert_eq!(ids(&all, "RUNNING").len(), 2, "{all:#}");
    let stopped: Vec<&Value> =
        all.as_array().unwrap().iter().filter(|t| t["last_status"] == "STOPPED").collect();
    assert!(!stopped.is_empty(), "{all:#}");
    for t in &stopped {
        assert_eq!(t["revision"], 2);
        assert_eq!(t["stopped_reason"], "Essential container in task exited");
        assert_eq!(t["containers"][0]["exit_code"], 137);
    }
    let text = p.run(&["tasks", "--stopped"]).code(0).stdout.clone();
    assert!(text.contains("Essential container in task exited; app exited 137"), "{text}");
    // One task by id, and an id the service does not have.
    let id = &ids(&all, "RUNNING")[0];
    let one = p.run(&["tasks", "--id", id, "--output", "json"]).code(0).json();
    assert_eq!(ids(&one, "RUNNING"), std::slice::from_ref(id));
    p.run(&["tasks", "--id", "0123456789abcdef"])
        .code(1)
        .stderr_has("has no task 0123456789abcdef");
}

#[test]
fn tasks_and_logs_see_a_service_of_more_than_100_tasks() {
    let bed = Bed::start();
    let p = deployed(&bed);
    // 118 more tasks in the service's group: 120 in all, two ListTasks pages and two
    // DescribeTasks batches (the bed pages and limits them as AWS does).
    block_on(async {
        let service = service_of(&bed, "acme-dev-cluster", "acme-dev-app").await;
        let ecs = aws_sdk_ecs::Client::new(&bed.sdk_config().await);
        for count in [10; 11].into_iter().chain([8]) {
            let out = ecs
                .run_task()
                .cluster("acme-dev-cluster")
                .task_definition(service.task_definition().unwrap())
                .group("service:acme-dev-app")
                .count(count)
                .send()
                .await
                .unwrap();
            assert_eq!(out.tasks().len(), usize::try_from(count).unwrap(), "{out:?}");
        }
    });
    let before = bed.requests().len();
    let all = p.run(&["tasks", "--output", "json"]).code(0).json();
    let ids: std::collections::HashSet<&str> =
        all.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 120, "every task, once: {}", all.as_array().unwrap().len());
    let calls =
        |action: &str| bed.requests()[before..].iter().filter(|r| r.action == action).count();
    assert_eq!((calls("ListTasks"), calls("DescribeTasks")), (2, 2));
    // `logs` finds the newest task too, which ListTasks lists on its second page.
    let newest = all[0]["id"].as_str().unwrap();
    let r = p.run(&["logs", "--id", newest, "--since", "1h"]);
    r.code(0);
    no_crash(&r);
}

#[test]
fn tasks_stop_asks_first_and_stops_only_when_confirmed() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let all = p.run(&["tasks", "--output", "json"]).code(0).json();
    let running = ids(&all, "RUNNING");
    assert_eq!(running.len(), 2);

    bed.clear_requests();
    // No answer (stdin closed) and a wrong one: nothing stopped.
    run_with_stdin(&mut p.cmd(&["tasks", "--stop"]), "").code(1).stderr_has("not confirmed");
    run_with_stdin(&mut p.cmd(&["tasks", "--stop"]), "no\n").code(1).stderr_has("--force");
    assert_eq!(writes(&bed, "StopTask"), 0);

    let r = run_with_stdin(&mut p.cmd(&["tasks", "--stop", "--id", &running[0]]), "yes\n");
    r.code(0)
        .stderr_has("Stop 1 task(s) of service acme-dev-app")
        .stderr_has(&format!("stopped task {}", running[0]));
    assert_eq!(writes(&bed, "StopTask"), 1);
    let r = p.run(&["tasks", "--stop", "--force", "--id", &running[1]]);
    r.code(0);
    assert!(!r.stderr.contains("Type yes"), "--force does not ask: {}", r.stderr);
    assert_eq!(writes(&bed, "StopTask"), 2);
    let after = p.run(&["tasks", "--stopped", "--output", "json"]).code(0).json();
    for id in &running {
        let t = after.as_array().unwrap().iter().find(|t| t["id"] == id.as_str()).unwrap();
        assert_eq!(t["desired_status"], "STOPPED", "{t:#}");
        assert_eq!(t["stopped_reason"], "stopped with shipper tasks --stop");
    }
}

#[test]
fn logs_print_the_service_containers_lines_by_task_container_and_time() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let running = ids(&p.run(&["tasks", "--output", "json"]).code(0).json(), "RUNNING");

    let r = p.run(&["logs"]);
    r.code(0);
    no_crash(&r);
    for id in &running {
        r.stdout_has(&format!("[bed] app started in task {id}"));
        r.stdout_has(&format!("app/{}", &id[..8]));
    }
    let one = p.run(&["logs", "--id", &running[0], "--output", "json"]).code(0).json();
    let lines = one.as_array().unwrap();
    assert_eq!(lines.len(), 1, "{one:#}");
    assert_eq!(lines[0]["task"], running[0].as_str());
    assert_eq!(lines[0]["container"], "app");

    // A line from three hours ago shows only with a --since that reaches back that far.
    let logs = block_on(async { aws_sdk_cloudwatchlogs::Client::new(&bed.sdk_config().await) });
    let three_hours_ago = now_ms() - 3 * 3600 * 1000;
    put_line(&logs, &format!("app/app/{}", running[1]), three_hours_ago, "an old line");
    assert!(!p.run(&["logs"]).code(0).stdout.contains("an old line"));
    p.run(&["logs", "--since", "4h"]).code(0).stdout_has("an old line");

    p.run(&["logs", "--container", "nope"])
        .code(1)
        .stderr_has("container nope does not")
        .stderr_has("awslogs");
}

#[test]
fn logs_follow_prints_new_lines_until_interrupted() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let running = ids(&p.run(&["tasks", "--output", "json"]).code(0).json(), "RUNNING");
    bed.clear_requests();
    let child = spawn(&mut p.cmd(&["logs", "--follow"]));
    wait_for_request(&bed, "FilterLogEvents");
    let logs = block_on(async { aws_sdk_cloudwatchlogs::Client::new(&bed.sdk_config().await) });
    put_line(&logs, &format!("app/app/{}", running[0]), now_ms(), "a line written while following");
    // Two more polls after the line was written.
    let seen = bed.requests().iter().filter(|r| r.action == "FilterLogEvents").count();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while bed.requests().iter().filter(|r| r.action == "FilterLogEvents").count() < seen + 2 {
        assert!(std::time::Instant::now() < deadline, "logs --follow stopped polling");
        std::thread::sleep(Duration::from_millis(50));
    }
    signal(&child, "INT");
    let r = finish(child);
    r.code(130);
    r.stdout_has("[bed] app started in task").stdout_has("a line written while following");
    assert_eq!(
        r.stdout.matches("a line written while following").count(),
        1,
        "each line once:\n{}",
        r.stdout
    );
}

fn put_line(logs: &aws_sdk_cloudwatchlogs::Client, stream: &str, at: i64, message: &str) {
    block_on(async {
        logs.put_log_events()
            .log_group_name("/ecs/acme/app")
            .log_stream_name(stream)
            .log_events(
                aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                    .timestamp(at)
                    .message(message)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .expect("PutLogEvents");
    });
}

fn now_ms() -> i64 {
    i64::try_from(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis(),
    )
    .unwrap()
}

#[test]
fn a_failed_deploy_and_a_failed_run_quote_the_stopped_tasks_last_log_lines() {
    let bed = Bed::start();
    let p = deployed(&bed);
    bed.plan(json!({"service": "acme-dev-app", "outcome": "fail", "steps": 2,
        "log_lines": ["{container}: connecting to db:5432", "{container}: FATAL: password authentication failed"]}));
    let r = run(p.shipper("v1.2.0").arg("deploy").args(POLL));
    r.code(3)
        .stderr_has("last log lines of task")
        .stderr_has("container app (/ecs/acme/app)")
        .stderr_has("| app: FATAL: password authentication failed");

    bed.plan(json!({"kind": "task", "outcome": "fail", "exit_code": 2, "steps": 2,
        "log_lines": ["migration 0042 failed: column exists"]}));
    let r = p.run(&["run", "--poll-interval", "100ms"]);
    r.code(2)
        .stderr_has("container app exited 2")
        .stderr_has("| migration 0042 failed: column exists");
    // A task that succeeds is not followed by its logs.
    bed.plan(json!({"kind": "task", "steps": 2}));
    let r = p.run(&["run", "--poll-interval", "100ms"]);
    r.code(0);
    assert!(!r.stderr.contains("last log lines"), "{}", r.stderr);
}

#[test]
fn delete_refuses_a_service_with_tasks_asks_for_its_name_and_terminates() {
    let bed = Bed::start();
    let p = deployed(&bed);
    bed.clear_requests();
    p.run(&["delete", "--force"]).code(1).stderr_has("still has tasks").stderr_has("--terminate");
    p.run(&["delete", "--terminate", "--dry-run"])
        .code(0)
        .stderr_has("would delete service acme-dev-app");
    run_with_stdin(&mut p.cmd(&["delete", "--terminate"]), "").code(1).stderr_has("not confirmed");
    run_with_stdin(&mut p.cmd(&["delete", "--terminate"]), "acme-dev\n")
        .code(1)
        .stderr_has("type `acme-dev-app` when asked");
    assert_eq!(writes(&bed, "DeleteService"), 0, "nothing deleted yet");

    let r = run_with_stdin(&mut p.cmd(&["delete", "--terminate"]), "acme-dev-app\n");
    r.code(0).stderr_has("Type the service name").stderr_has("deleted service acme-dev-app");
    let delete = bed.requests().into_iter().find(|r| r.action == "DeleteService").unwrap();
    assert_eq!(delete.body["force"], true);
    let service = block_on(service_of(&bed, "acme-dev-cluster", "acme-dev-app"));
    assert_ne!(service.status(), Some("ACTIVE"));
    p.run(&["delete", "--force"]).code(1).stderr_has("does not exist");
}

#[test]
fn delete_force_deletes_a_service_scaled_to_zero_without_asking() {
    let bed = Bed::start();
    let p = deployed(&bed);
    run(p.shipper("v1.1.0").args(["scale", "--tasks", "0"]).args(POLL)).code(0);
    let r = p.run(&["delete", "--force"]);
    r.code(0);
    assert!(!r.stderr.contains("Type the service name"), "{}", r.stderr);
    let delete = bed.requests().into_iter().find(|r| r.action == "DeleteService").unwrap();
    assert_ne!(delete.body["force"], true);
}
