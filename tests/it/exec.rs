//! `shipper exec`: ECS Exec and port forwarding through the real binary against the bed, with a
//! stand-in `session-manager-plugin` that records what it was handed (see `support::plugin`).

use serde_json::{Value, json};

use crate::support::bed::{Bed, REGION, RequestLog};
use crate::support::block_on;
use crate::support::plugin::{Plugin, path_with};
use crate::support::project::{Project, no_crash};
use crate::support::shipper::{Run, finish, run, signal, spawn};

const POLL: [&str; 2] = ["--poll-interval", "100ms"];
const CLUSTER: &str = "acme-dev-cluster";
/// A plugin that reads the session from the environment (newer than 1.2.497.0).
const NEW: &str = "1.2.707.0";

/// The example with ECS Exec on (`enableExecuteCommand`) or off, deployed with `tasks` tasks.
fn deployed(bed: &Bed, exec: bool, tasks: u32) -> Project {
    let p = Project::example(bed);
    let mut def: Value = serde_json::from_str(&p.read("ecs-service-def.json")).unwrap();
    def["enableExecuteCommand"] = json!(exec);
    def["desiredCount"] = json!(tasks);
    p.write("ecs-service-def.json", &serde_json::to_string_pretty(&def).unwrap());
    run(p.shipper("v1.2.0").arg("deploy").args(POLL)).code(0);
    p
}

/// The service's running tasks: `(id, runtime id of container app)`.
fn tasks(bed: &Bed) -> Vec<(String, String)> {
    block_on(async {
        let ecs = aws_sdk_ecs::Client::new(&bed.sdk_config().await);
        let arns = ecs
            .list_tasks()
            .cluster(CLUSTER)
            .service_name("acme-dev-app")
            .send()
            .await
            .unwrap()
            .task_arns
            .unwrap_or_default();
        let described = ecs.describe_tasks().cluster(CLUSTER).set_tasks(Some(arns)).send().await;
        described
            .unwrap()
            .tasks()
            .iter()
            .map(|t| {
                let id = t.task_arn().unwrap().rsplit('/').next().unwrap().to_string();
                (id, t.containers()[0].runtime_id().unwrap().to_string())
            })
            .collect()
    })
}

fn exec(p: &Project, plugin: &Plugin, args: &[&str]) -> Run {
    let mut cmd = p.cmd(&["exec"]);
    cmd.args(args);
    let r = run(plugin.on_path(&mut cmd));
    no_crash(&r);
    r
}

/// The sessions the bed handed out (`/_bed/state`).
fn sessions(bed: &Bed) -> Vec<Value> {
    bed.state()["sessions"].as_array().cloned().unwrap_or_default()
}

#[test]
fn exec_with_id_hands_the_session_to_the_plugin_as_the_aws_cli_does() {
    let bed = Bed::start();
    let p = deployed(&bed, true, 2);
    let (id, runtime) = tasks(&bed)[1].clone();
    let plugin = Plugin::new(NEW, 0);
    let r = exec(&p, &plugin, &["--id", &id, "--command", "bin/rails console"]);
    r.code(0);

    let sent = bed.requests();
    let call = sent.iter().find(|r| r.action == "ExecuteCommand").expect("ExecuteCommand");
    assert_eq!(call.body["command"], "bin/rails console");
    assert_eq!(call.body["interactive"], true);
    assert_eq!(call.body["container"], "app");
    assert!(call.body["task"].as_str().unwrap().ends_with(&id), "{:?}", call.body);
    let session = &sessions(&bed)[0];

    // session-manager-plugin SESSION REGION StartSession PROFILE REQUEST ENDPOINT, the session
    // in the environment variable named first (a plugin newer than 1.2.497.0).
    let handed = plugin.call().expect("the plugin ran");
    let endpoint = bed.endpoint();
    let target = format!("ecs:{CLUSTER}_{id}_{runtime}");
    assert_eq!(
        handed.args,
        [
            "AWS_SSM_START_SESSION_RESPONSE",
            REGION,
            "StartSession",
            "",
            &json!({"Target": target}).to_string(),
            &endpoint
        ]
    );
    let env: Value = serde_json::from_str(&handed.session_env).unwrap();
    assert_eq!(env["sessionId"], session["sessionId"]);
    assert!(env["streamUrl"].as_str().unwrap().starts_with("wss://ssmmessages."), "{env}");
    let token = env["tokenValue"].as_str().unwrap();
    assert!(token.len() > 20, "{env}");
    r.never_shows(token);
}

#[test]
fn an_older_plugin_gets_the_session_as_its_first_argument_and_its_exit_code_is_shippers() {
    let bed = Bed::start();
    let p = deployed(&bed, true, 1);
    let plugin = Plugin::new("1.2.497.0", 42);
    // One running task: no --id needed.
    let r = exec(&p, &plugin, &[]);
    r.code(42);
    let handed = plugin.call().expect("the plugin ran");
    let session: Value = serde_json::from_str(&handed.args[0]).unwrap();
    assert_eq!(session["sessionId"], sessions(&bed)[0]["sessionId"]);
    assert_eq!(handed.session_env, "");
    assert_eq!(bed.requests().count("ecs", "ExecuteCommand"), 1);
    let call = bed.requests().into_iter().find(|r| r.action == "ExecuteCommand").unwrap();
    assert_eq!(call.body["command"], "sh", "the default command");
}

#[test]
fn several_tasks_without_a_terminal_are_listed_and_no_session_starts() {
    let bed = Bed::start();
    let p = deployed(&bed, true, 2);
    let plugin = Plugin::new(NEW, 0);
    let r = exec(&p, &plugin, &[]);
    r.code(1).stderr_has("runs 2 tasks").stderr_has("--id");
    for (id, _) in tasks(&bed) {
        r.stderr_has(&id);
    }
    r.stderr_has("acme-dev-app:1");
    assert_eq!(bed.requests().count("ecs", "ExecuteCommand"), 0);
    assert!(plugin.call().is_none());
    // A task the service does not run, and a container the task does not have.
    exec(&p, &plugin, &["--id", "0123456789abcdef0123456789abcdef"])
        .code(1)
        .stderr_has("has no running task 0123456789abcdef0123456789abcdef");
    let (id, _) = tasks(&bed)[0].clone();
    exec(&p, &plugin, &["--id", &id, "--container", "ap"])
        .code(1)
        .stderr_has("has no container ap")
        .stderr_has("did you mean --container app");
    assert_eq!(bed.requests().count("ecs", "ExecuteCommand"), 0);
}

#[test]
fn port_forwarding_starts_an_ssm_session_to_the_task_or_through_it_to_a_host() {
    let bed = Bed::start();
    let p = deployed(&bed, true, 1);
    let (id, runtime) = tasks(&bed)[0].clone();
    let target = format!("ecs:{CLUSTER}_{id}_{runtime}");

    let plugin = Plugin::new(NEW, 0);
    let r = exec(&p, &plugin, &["--port-forward", "--port", "3000", "--local-port", "8080"]);
    r.code(0).stderr_has("localhost:8080");
    let handed = plugin.call().unwrap();
    let request = json!({"Target": target, "DocumentName": "AWS-StartPortForwardingSession",
        "Parameters": {"portNumber": ["3000"], "localPortNumber": ["8080"]}});
    assert_eq!(handed.args[1..4], [REGION, "StartSession", ""]);
    assert_eq!(serde_json::from_str::<Value>(&handed.args[4]).unwrap(), request);
    assert_eq!(handed.args[5], bed.endpoint());
    let env: Value = serde_json::from_str(&handed.session_env).unwrap();
    assert_eq!(env["SessionId"], sessions(&bed)[0]["sessionId"]);
    assert!(env["TokenValue"].is_string() && env["StreamUrl"].is_string(), "{env}");

    let plugin = Plugin::new(NEW, 0);
    let r = exec(&p, &plugin, &["--port-forward", "--port", "5432", "--host", "db.internal"]);
    r.code(0);
    let handed = plugin.call().unwrap();
    let request = json!({"Target": target,
        "DocumentName": "AWS-StartPortForwardingSessionToRemoteHost",
        "Parameters": {"host": ["db.internal"], "portNumber": ["5432"]}});
    assert_eq!(serde_json::from_str::<Value>(&handed.args[4]).unwrap(), request);
    let started: Vec<_> =
        bed.requests().into_iter().filter(|r| r.action == "StartSession").collect();
    assert_eq!(started.len(), 2);
    assert_eq!(started[1].body["DocumentName"], "AWS-StartPortForwardingSessionToRemoteHost");
    assert_eq!(bed.requests().count("ecs", "ExecuteCommand"), 0);
}

#[test]
fn a_missing_plugin_or_exec_turned_off_is_an_error_before_any_session() {
    let bed = Bed::start();
    let p = deployed(&bed, false, 1);
    bed.clear_requests();
    // No plugin on PATH: said before any AWS call.
    let mut cmd = p.cmd(&["exec"]);
    cmd.env("PATH", path_with(None));
    let r = run(&mut cmd);
    no_crash(&r);
    r.code(1)
        .stderr_has("session-manager-plugin is not on PATH")
        .stderr_has("session-manager-working-with-install-plugin");
    assert!(bed.requests().is_empty(), "{:?}", bed.requests());

    // ECS Exec off on the service: the fix named, no session asked for, the plugin not run.
    let plugin = Plugin::new(NEW, 0);
    let r = exec(&p, &plugin, &[]);
    r.code(1).stderr_has("ECS Exec is not enabled").stderr_has("\"enableExecuteCommand\": true");
    let r2 = exec(&p, &plugin, &["--port-forward", "--port", "3000"]);
    r2.code(1).stderr_has("ECS Exec is not enabled");
    assert_eq!(bed.requests().count("ecs", "ExecuteCommand"), 0);
    assert_eq!(bed.requests().count("ssm", "StartSession"), 0);
    assert!(plugin.call().is_none());
}

#[test]
fn ctrl_c_during_a_session_is_the_plugins_and_shipper_waits_for_it() {
    let bed = Bed::start();
    let p = deployed(&bed, true, 1);
    let plugin = Plugin::new(NEW, 0);
    plugin.hold();
    let mut cmd = p.cmd(&["exec"]);
    let child = spawn(plugin.on_path(&mut cmd));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !plugin.started() {
        assert!(std::time::Instant::now() < deadline, "the plugin never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The terminal sends Ctrl-C to the whole foreground group; shipper's share must not end it
    // (the plugin's ends the session, here: it goes on until released).
    signal(&child, "INT");
    signal(&child, "TERM");
    std::thread::sleep(std::time::Duration::from_millis(200));
    plugin.release();
    let r = finish(child);
    no_crash(&r);
    r.code(0);
    assert!(!r.stderr.contains("interrupted"), "{}", r.stderr);
}

#[test]
fn a_task_role_without_the_ssm_channel_permissions_is_refused_before_any_session() {
    let bed = Bed::start();
    let p = deployed(&bed, true, 1);
    block_on(async {
        let iam = aws_sdk_iam::Client::new(&bed.sdk_config().await);
        iam.delete_role_policy()
            .role_name("acme-dev-ecs-task")
            .policy_name("ecs-exec")
            .send()
            .await
            .unwrap();
    });
    let plugin = Plugin::new(NEW, 0);
    let r = exec(&p, &plugin, &[]);
    r.code(1)
        .stderr_has("the task role arn:aws:iam::123456789012:role/acme-dev-ecs-task of acme-dev-app:1 does not allow ssmmessages:CreateControlChannel")
        .stderr_has("ssmmessages:OpenDataChannel");
    assert_eq!(bed.requests().count("ecs", "ExecuteCommand"), 0);
    assert!(plugin.call().is_none());
}
