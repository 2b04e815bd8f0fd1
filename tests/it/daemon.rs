//! ECS daemons end to end: `examples/daemon/` against the bed.

use serde_json::json;

use crate::support::bed::{Bed, RequestLog};
use crate::support::project::{Project, no_crash};
use crate::support::shipper::run;

const POLL: [&str; 2] = ["--poll-interval", "100ms"];
const DAEMON: &str = "acme-dev-log-router";

/// `shipper … ARGS` in the daemon project with Fluent Bit at `tag`.
fn shipper(p: &Project, tag: &str, args: &[&str]) -> crate::support::shipper::Run {
    let mut cmd = p.cmd(args);
    cmd.env("FLUENT_BIT_TAG", tag);
    run(&mut cmd)
}

fn deployed(bed: &Bed) -> Project {
    let p = Project::from_example(bed, "daemon");
    shipper(&p, "2.32.4", &["deploy", POLL[0], POLL[1]]).code(0);
    p
}

#[test]
fn the_first_deploy_registers_creates_and_follows_and_then_nothing_differs() {
    let bed = Bed::start();
    let p = Project::from_example(&bed, "daemon");
    let r = shipper(&p, "2.32.4", &["deploy", POLL[0], POLL[1]]);
    r.code(0)
        .stderr_has("daemon: will be created")
        .stderr_has("registered acme-dev-log-router:1")
        .stderr_has("SUCCESSFUL 2 instances on the new revision")
        .stderr_has(
            "deployed acme-dev-log-router:1 to daemon acme-dev-log-router: 2 instances run it",
        );
    assert_eq!(bed.requests().writes("ecs"), ["RegisterDaemonTaskDefinition", "CreateDaemon"]);
    let create = bed.requests().into_iter().find(|r| r.action == "CreateDaemon").unwrap();
    assert_eq!(create.body["daemonName"], DAEMON);
    assert!(create.body["clusterArn"].as_str().unwrap().ends_with(":cluster/acme-dev-cluster"));
    assert!(
        create.body["daemonTaskDefinitionArn"]
            .as_str()
            .unwrap()
            .ends_with(":daemon-task-definition/acme-dev-log-router:1")
    );
    assert_eq!(create.body["deploymentConfiguration"]["drainPercent"], 25.0);
    assert!(create.body["clientToken"].is_string());

    bed.clear_requests();
    let diff = shipper(&p, "2.32.4", &["diff", "--exit-code"]);
    diff.code(0);
    assert_eq!(diff.stdout, "");
    shipper(&p, "2.32.4", &["deploy", POLL[0], POLL[1]]).code(0).stderr_has("nothing to deploy");
    assert!(bed.requests().writes("ecs").is_empty(), "{:?}", bed.requests().writes("ecs"));
}

#[test]
fn a_new_image_registers_once_and_updates_once() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let diff = shipper(&p, "2.33.0", &["diff", "--exit-code"]);
    diff.code(2).stdout_has("new daemon task definition revision");
    let changed: Vec<&str> = diff.stdout.lines().filter(|l| l.starts_with(['+', '-'])).collect();
    assert_eq!(changed.len(), 4, "the image line, and the headers: {changed:?}");
    assert!(
        changed.iter().any(|l| l.starts_with('+') && l.ends_with("aws-for-fluent-bit:2.33.0\","))
    );
    bed.clear_requests();
    shipper(&p, "2.33.0", &["deploy", POLL[0], POLL[1]])
        .code(0)
        .stderr_has("deployed acme-dev-log-router:2");
    assert_eq!(bed.requests().writes("ecs"), ["RegisterDaemonTaskDefinition", "UpdateDaemon"]);
    let update = bed.requests().into_iter().find(|r| r.action == "UpdateDaemon").unwrap();
    assert!(update.body["daemonTaskDefinitionArn"].as_str().unwrap().ends_with(":2"));
    assert_eq!(update.body["propagateTags"], "DAEMON");
    assert!(update.body.get("tags").is_none(), "tags go by TagResource: {}", update.body);
    // A change of the daemon's settings alone deploys the running revision again.
    p.edit("ecs-daemon-def.json", "\"drainPercent\": 25.0", "\"drainPercent\": 50.0");
    bed.clear_requests();
    shipper(&p, "2.33.0", &["deploy", POLL[0], POLL[1]])
        .code(0)
        .stderr_has("daemon: new deployment: deploymentConfiguration");
    assert_eq!(bed.requests().writes("ecs"), ["UpdateDaemon"]);
}

#[test]
fn a_failed_daemon_deployment_is_rolled_back_by_ecs_and_exits_3() {
    let bed = Bed::start();
    let p = deployed(&bed);
    bed.plan(json!({"kind": "daemon", "daemon": DAEMON, "outcome": "fail", "steps": 3, "failed_tasks": 4}));
    let r = shipper(&p, "2.33.0", &["deploy", POLL[0], POLL[1]]);
    r.code(3)
        .stderr_has("deployment of acme-dev-log-router:2 to daemon acme-dev-log-router failed")
        .stderr_has("ECS rolled the daemon back to its previous revision")
        .stderr_has("circuit breaker: 4 failures (threshold 3)")
        .stderr_has("ROLLBACK_SUCCESSFUL");
    assert!(!r.stderr.contains("deployed acme-dev-log-router:2"), "{}", r.stderr);
    // It runs the earlier revision: the file that failed differs, the earlier one does not.
    shipper(&p, "2.33.0", &["diff", "--exit-code"]).code(2);
    shipper(&p, "2.32.4", &["diff", "--exit-code"]).code(0);
    let status = shipper(&p, "2.32.4", &["status"]);
    status
        .code(0)
        .stdout_has("latest deployment: ROLLBACK_SUCCESSFUL")
        .stdout_has("rolled back: ECS daemon deployment circuit breaker");
}

#[test]
fn an_alarm_in_alarm_rolls_the_deployment_back() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let cloudwatch = crate::support::block_on(async {
        aws_sdk_cloudwatch::Client::new(&bed.sdk_config().await)
    });
    crate::support::block_on(
        cloudwatch
            .set_alarm_state()
            .alarm_name("acme-dev-alb-5xx")
            .state_value(aws_sdk_cloudwatch::types::StateValue::Alarm)
            .state_reason("5xx")
            .send(),
    )
    .unwrap();
    shipper(&p, "2.33.0", &["deploy", POLL[0], POLL[1]])
        .code(3)
        .stderr_has("alarms in ALARM: acme-dev-alb-5xx")
        .stderr_has("ECS rolled the daemon back");
}

#[test]
fn rollback_goes_back_through_the_revisions_never_forth() {
    let bed = Bed::start();
    let p = deployed(&bed);
    shipper(&p, "2.33.0", &["deploy", POLL[0], POLL[1]]).code(0);
    shipper(&p, "2.34.0", &["deploy", POLL[0], POLL[1]]).code(0);
    shipper(&p, "2.34.0", &["rollback", "--dry-run"])
        .code(0)
        .stdout_has("would roll back daemon acme-dev-log-router from acme-dev-log-router:3 to acme-dev-log-router:2");
    bed.clear_requests();
    shipper(&p, "2.34.0", &["rollback", POLL[0], POLL[1]])
        .code(0)
        .stderr_has("rolled back daemon acme-dev-log-router to acme-dev-log-router:2");
    assert_eq!(
        bed.requests().writes("ecs"),
        ["UpdateDaemon"],
        "no registration: the revision exists"
    );
    shipper(&p, "2.34.0", &["rollback", POLL[0], POLL[1]])
        .code(0)
        .stderr_has("to acme-dev-log-router:1");
    shipper(&p, "2.34.0", &["rollback"]).code(1).stderr_has("cannot go back 1");
    shipper(&p, "2.34.0", &["rollback", "--to-revision", "3", POLL[0], POLL[1]])
        .code(0)
        .stderr_has("to acme-dev-log-router:3 (revision 3)");
    let revisions = shipper(&p, "2.34.0", &["revisions"]);
    revisions
        .code(0)
        .stdout_has("*  acme-dev-log-router:3")
        .stdout_has("aws-for-fluent-bit:2.33.0");
    let doc = shipper(&p, "2.34.0", &["--output", "json", "revisions"]).code(0).json();
    assert_eq!(doc["revisions"][0]["running"], true);
    assert_eq!(doc["revisions"].as_array().unwrap().len(), 6);
}

#[test]
fn init_daemon_writes_what_runs_so_diff_exits_0() {
    let bed = Bed::start();
    let p = deployed(&bed);
    let fresh = p.sibling();
    bed.clear_requests();
    let r = run(&mut fresh.bare(&["init", "--daemon", DAEMON, "--cluster", "acme-dev-cluster"]));
    r.code(0).stderr_has("wrote shipper.yml, ecs-daemon-task-def.json, ecs-daemon-def.json from daemon acme-dev-log-router (acme-dev-log-router:1)");
    let config = fresh.read("shipper.yml");
    assert!(config.contains("daemon: acme-dev-log-router\ndaemon_task_definition: ecs-daemon-task-def.json\ndaemon_definition: ecs-daemon-def.json"), "{config}");
    let def: serde_json::Value = serde_json::from_str(&fresh.read("ecs-daemon-def.json")).unwrap();
    assert!(def.get("daemonName").is_none() && def["capacityProviderArns"][0].is_string());
    let diff = run(&mut fresh.bare(&["diff", "--exit-code"]));
    assert_eq!(diff.code, 0, "{}{}", diff.stdout, diff.stderr);
    assert!(bed.requests().writes("ecs").is_empty(), "init and diff only read");
    run(&mut p.sibling().bare(&["init", "--daemon", "nope", "--cluster", "acme-dev-cluster"]))
        .code(1)
        .stderr_has("daemon nope does not exist in cluster acme-dev-cluster");
}

#[test]
fn wait_follows_a_deployment_left_running_and_a_stuck_one_times_out() {
    let bed = Bed::start();
    let p = deployed(&bed);
    // Each read of the daemon moves it a step (the refused deploy reads it too).
    bed.plan(json!({"kind": "daemon", "steps": 12}));
    shipper(&p, "2.33.0", &["deploy", "--no-wait"]).code(0).stderr_has("not waiting (--no-wait)");
    shipper(&p, "2.33.0", &["deploy"]).code(1).stderr_has("already has a deployment in progress");
    shipper(&p, "2.33.0", &["wait", POLL[0], POLL[1]])
        .code(0)
        .stderr_has("the deployment succeeded; 2 instances run the new revision");
    shipper(&p, "2.33.0", &["wait"])
        .code(0)
        .stderr_has("no deployment in progress; it runs acme-dev-log-router:2");
    bed.plan(json!({"kind": "daemon", "outcome": "stuck"}));
    shipper(&p, "2.34.0", &["--timeout", "1s", "deploy", POLL[0], POLL[1]])
        .code(4)
        .stderr_has("gave up waiting for daemon acme-dev-log-router");
}

#[test]
fn delete_verify_and_refusals() {
    let bed = Bed::start();
    let p = deployed(&bed);
    shipper(&p, "2.32.4", &["verify"])
        .code(0)
        .stdout_has("capacity provider arn:aws:ecs:ap-northeast-1:123456789012:capacity-provider/acme-dev-cp: exists (ACTIVE)")
        .stdout_has("deployment alarm acme-dev-alb-5xx: exists");
    for (args, why) in [
        (vec!["scale", "--tasks", "2"], "there is no count to set"),
        (vec!["run"], "not as one-off tasks"),
        (vec!["tasks"], "per container instance"),
        (vec!["logs"], "per container instance"),
        (vec!["appspec"], "never through CodeDeploy"),
        (vec!["refresh"], "redeployed by a change"),
        (vec!["deploy", "--image", "log-router=x"], "--image does not apply to a daemon"),
        (
            vec!["deploy", "--resume-auto-scaling"],
            "--resume-auto-scaling does not apply to a daemon",
        ),
        (vec!["rollback", "--to-tag", "v1"], "--to-tag and --deregister do not apply to a daemon"),
    ] {
        let r = shipper(&p, "2.32.4", &args);
        no_crash(&r);
        r.code(1).stderr_has(why);
    }
    bed.clear_requests();
    shipper(&p, "2.32.4", &["delete", "--force"])
        .code(0)
        .stderr_has("deleted daemon acme-dev-log-router");
    assert_eq!(bed.requests().writes("ecs"), ["DeleteDaemon"]);
    shipper(&p, "2.32.4", &["status"])
        .code(1)
        .stderr_has("daemon acme-dev-log-router does not exist");
    // Deleted, it is created again by the next deploy.
    shipper(&p, "2.32.4", &["deploy", POLL[0], POLL[1]])
        .code(0)
        .stderr_has("daemon: will be created");
}
