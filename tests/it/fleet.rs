//! Many services in one run: `--config` repeated, globs and stack files, through the binary
//! against the bed. Output order and prefixes, the concurrency bound, the worst exit code, shared
//! SSM reads, DescribeServices (ten services) and DescribeServiceDeployments (twenty) batched
//! while polling, a failing service among
//! succeeding ones, --fail-fast, and Ctrl-C with several services in flight.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::bed::{Bed, RequestLog};
use crate::support::fleet::{
    Services, deployment_batches, describe_batches, max_in_flight, service,
};
use crate::support::github::{self, StepFiles};
use crate::support::project::no_crash;
use crate::support::shipper::{finish, run, signal, spawn};
use crate::support::{block_on, service_of};

const POLL: [&str; 2] = ["--poll-interval", "100ms"];

#[test]
fn several_services_deploy_in_one_run_sharing_clients_and_ssm_reads() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo", "charlie"]);
    let r = run(fleet.cmd(&["deploy"]).args(POLL));
    r.code(0)
        .stderr_has("alpha   | registered acme-dev-alpha:1")
        .stderr_has("charlie | created acme-dev-charlie with acme-dev-charlie:1: 2/2 tasks running")
        .stderr_has("3 services: 3 ok; exit 0");
    no_crash(&r);
    for name in &fleet.names {
        let s = block_on(service_of(&bed, "acme-dev-cluster", &service(name)));
        assert_eq!((s.running_count(), s.desired_count()), (2, 2), "{name}");
    }
    let log = bed.requests();
    // Seven SSM parameters per service, the same for all three: fetched once for the run.
    assert_eq!(log.count("ssm", "GetParameters"), 1, "one SSM read for three services");
    assert_eq!(log.count("ecs", "CreateService"), 3);
    // Every line a service printed names it.
    for line in r.stderr.lines().filter(|l| l.contains(" | ")) {
        assert!(
            ["alpha   | ", "bravo   | ", "charlie | "].iter().any(|p| line.starts_with(p)),
            "{line}"
        );
    }
}

#[test]
fn polling_reads_are_batched_up_to_ecs_limits_per_call() {
    let bed = Bed::start();
    let names: Vec<String> = (0..24).map(|i| format!("svc{}x", (b'a' + i) as char)).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let fleet = Services::new(&bed, &refs);
    // 24 names a letter apart: each is a typo of the others, so their creation is confirmed.
    run(fleet.cmd(&["deploy", "--create", "--concurrency", "24"]).args(POLL)).code(0);
    let log = bed.requests();
    let batches = describe_batches(&log);
    let reads: usize = batches.iter().map(Vec::len).sum();
    assert!(batches.iter().all(|b| b.len() <= 10), "at most ten a call: {batches:?}");
    // How many reads meet in one call depends on timing (a read waits 50 ms for company); on
    // an idle machine the first reads of all twelve fill a call of ten. Unbatched, every service
    // read is a call of its own.
    assert!(batches.iter().any(|b| b.len() >= 3), "reads share calls: {batches:?}");
    assert!(
        reads >= 2 * batches.len(),
        "{reads} service reads in {} DescribeServices calls: {batches:?}",
        batches.len()
    );
    // Service deployments: up to twenty a call, every one read, and reads share calls.
    let batches = deployment_batches(&log);
    let reads: usize = batches.iter().map(Vec::len).sum();
    assert!(batches.iter().all(|b| b.len() <= 20), "at most twenty a call: {batches:?}");
    // How many meet depends on timing (services poll on their own schedules, staggered by when
    // the bed answered each create): on an idle machine 3 calls carry the 24 reads, under load
    // 10. Unbatched, each read is a call of its own.
    assert!(batches.iter().any(|b| b.len() >= 2), "reads share calls: {batches:?}");
    let read: std::collections::HashSet<&str> =
        batches.iter().flatten().filter_map(|arn| arn.split('/').nth(2)).collect();
    assert_eq!(read.len(), 24, "every service's deployment read: {read:?}");
    assert!(
        batches.len() < reads,
        "{reads} deployment reads in {} DescribeServiceDeployments calls: {batches:?}",
        batches.len()
    );
}

/// Services of one Terraform project share its state: read once for the run, not per service.
#[test]
fn a_shared_terraform_state_is_read_once_for_the_run() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo", "charlie"]);
    let p = &fleet.project;
    bed.put_s3_object("acme-terraform", "dev/terraform.tfstate", &p.read("terraform.tfstate"));
    for name in &fleet.names {
        p.edit(
            &format!("{name}.yml"),
            "      path: '{{ env `TFSTATE` `terraform.tfstate` }}'",
            "      url: s3://acme-terraform/dev/terraform.tfstate",
        );
    }
    bed.clear_requests();
    let r = run(&mut fleet.cmd(&["render", "servicedef"]));
    r.code(0);
    assert_eq!(r.stdout.matches(&p.seed_str("/target_groups/blue")).count(), 3, "{}", r.stdout);
    assert_eq!(bed.requests().count("s3", "GET /acme-terraform/dev/terraform.tfstate"), 1);
}

#[test]
fn output_keeps_config_order_while_services_finish_on_their_own() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo", "charlie"]);
    run(fleet.cmd(&["deploy"]).args(POLL)).code(0);
    // alpha's rollout takes ~2 s; bravo and charlie complete within a few reads.
    bed.plan(
        json!({"service": "acme-dev-alpha", "mode": "time", "steps": 20, "step_seconds": 0.1}),
    );
    let mut cmd = fleet.cmd(&["--output", "json", "deploy"]);
    let r = run(cmd.args(POLL).env("IMAGE_TAG", "v1.3.0"));
    r.code(0);
    let done = |name: &str| {
        r.stderr
            .find(&format!("deployed {}:2", service(name)))
            .unwrap_or_else(|| panic!("{name} not deployed:\n{}", r.stderr))
    };
    assert!(done("charlie") < done("alpha"), "charlie did not wait for alpha:\n{}", r.stderr);
    let doc = r.json();
    let services = doc["services"].as_array().unwrap();
    let labels: Vec<_> = services.iter().map(|s| s["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["alpha", "bravo", "charlie"], "config order, not finishing order");
    assert_eq!(doc["exit"], 0);
    assert_eq!(services[0]["output"]["status"], "succeeded");
    assert_eq!(services[0]["output"]["service"], "acme-dev-alpha");
    assert!(services[0]["seconds"].as_f64() > services[2]["seconds"].as_f64(), "{doc}");

    // Text: each service's stdout whole, in config order, under its header.
    let r = run(&mut fleet.cmd(&["status"]));
    r.code(0);
    let at =
        |needle: &str| r.stdout.find(needle).unwrap_or_else(|| panic!("{needle}:\n{}", r.stdout));
    assert!(at("==> alpha (alpha.yml) <==") < at("==> bravo (bravo.yml) <=="));
    assert!(at("==> bravo (bravo.yml) <==") < at("==> charlie (charlie.yml) <=="));
    let bravo = &r.stdout[at("==> bravo")..at("==> charlie")];
    assert!(bravo.contains("acme-dev-bravo") && !bravo.contains("acme-dev-alpha"), "{bravo}");
}

#[test]
fn concurrency_bounds_the_services_in_flight() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo", "charlie", "delta"]);
    run(fleet.cmd(&["deploy", "--concurrency", "2"]).args(POLL)).code(0);
    let log = bed.requests();
    assert_eq!(log.count("ecs", "CreateService"), 4);
    assert_eq!(max_in_flight(&log, &fleet.names), 2, "never more than --concurrency 2");
    // The measure can see more: unbounded, all four are in flight together.
    bed.clear_requests();
    run(fleet.cmd(&["deploy", "--concurrency", "4"]).args(POLL).env("IMAGE_TAG", "v1.3.0")).code(0);
    assert_eq!(max_in_flight(&bed.requests(), &fleet.names), 4);
}

#[test]
fn a_failing_service_among_succeeding_ones_sets_the_exit_code_and_leaves_the_others_deployed() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo", "charlie"]);
    run(fleet.cmd(&["deploy"]).args(POLL)).code(0);
    bed.plan(json!({"service": "acme-dev-bravo", "outcome": "fail", "steps": 3}));
    let r = run(fleet.cmd(&["deploy"]).args(POLL).env("IMAGE_TAG", "v1.3.0"));
    r.code(3)
        .stderr_has("bravo   | error: deployment of acme-dev-bravo:2 to acme-dev-bravo failed")
        .stderr_has("3 services: 2 ok, 1 rolled back; exit 3");
    for (name, revision) in [("alpha", ":2"), ("bravo", ":1"), ("charlie", ":2")] {
        let s = block_on(service_of(&bed, "acme-dev-cluster", &service(name)));
        assert!(s.task_definition().unwrap().ends_with(revision), "{name}: {s:?}");
    }
}

#[test]
fn under_github_actions_every_services_outputs_survive_and_the_flags_combine() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo", "charlie"]);
    run(fleet.cmd(&["deploy"]).args(POLL)).code(0);
    bed.plan(json!({"service": "acme-dev-bravo", "outcome": "fail", "steps": 3}));
    let files = StepFiles::new();
    let mut cmd = fleet.cmd(&["deploy"]);
    cmd.args(POLL).env("IMAGE_TAG", "v1.3.0");
    cmd.envs(files.env(fleet.project.path(".").as_path(), "http://127.0.0.1:1"));
    run(&mut cmd).code(3);
    let out = files.read("output");
    let value =
        |name: &str| github::output(&out, name).unwrap_or_else(|| panic!("{name}:\n{out}")).0;
    let services: serde_json::Value = serde_json::from_str(&value("services")).unwrap();
    let field = |i: usize, name: &str| services[i][name].clone();
    for (i, (name, code, revision, rolled_back)) in
        [("alpha", 0, ":2", "false"), ("bravo", 3, ":2", "true"), ("charlie", 0, ":2", "false")]
            .into_iter()
            .enumerate()
    {
        assert_eq!(field(i, "service"), json!(name), "{services}");
        assert_eq!(field(i, "exit-code"), json!(code), "{services}");
        assert_eq!(field(i, "rolled-back"), json!(rolled_back), "{services}");
        let arn = field(i, "task-definition-arn");
        let want = format!("task-definition/acme-dev-{name}{revision}");
        assert!(arn.as_str().unwrap().ends_with(&want), "{name}: {services}");
    }
    // One value per name for the run: the flags for any service, the worst exit code.
    assert_eq!(value("rolled-back"), "true");
    assert_eq!(value("exit-code"), "3");
    for name in ["rolled-back", "exit-code", "services"] {
        assert_eq!(
            out.matches(&format!("\n{name}<<")).count()
                + usize::from(out.starts_with(&format!("{name}<<"))),
            1,
            "{name} once:\n{out}"
        );
    }
    assert!(
        github::output(&out, "task-definition-arn").is_none(),
        "no single ARN for three services:\n{out}"
    );
}

#[test]
fn verbose_lines_name_their_service() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo"]);
    let r = run(&mut fleet.cmd(&["-v", "diff"]));
    r.code(0);
    // Each service's AWS calls are logged under its name (the shared SSM read, by whichever
    // service asked first).
    for prefix in ["alpha | ", "bravo | "] {
        assert!(
            r.stderr.lines().any(|l| l.starts_with(prefix) && l.contains("DEBUG")),
            "{prefix}:\n{}",
            r.stderr
        );
    }
    let unprefixed: Vec<&str> =
        r.stderr.lines().filter(|l| l.contains("DEBUG") && !l.contains(" | ")).collect();
    assert!(unprefixed.is_empty(), "{unprefixed:?}");
}

#[test]
fn the_worst_outcome_decides_the_exit_code() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo", "charlie"]);
    run(fleet.cmd(&["deploy"]).args(POLL)).code(0);
    // bravo fails (3), charlie never finishes (4 at the timeout), alpha succeeds: 4 wins.
    bed.plan(json!([
        {"service": "acme-dev-bravo", "outcome": "fail", "steps": 3},
        {"service": "acme-dev-charlie", "outcome": "stuck"}
    ]));
    let r = run(fleet.cmd(&["--timeout", "4s", "deploy"]).args(POLL).env("IMAGE_TAG", "v1.3.0"));
    r.code(4).stderr_has("1 ok, 1 rolled back, 1 timed out; exit 4");

    // An error (1) outranks differences (2): a broken config next to one with changes.
    fleet.project.write(
        "broken.yml",
        "region: ap-northeast-1\ncluster: c\nservice: '{{ must_env `NOPE` }}'\n",
    );
    let mut cmd = fleet.project.bare(&[
        "--config",
        "alpha.yml",
        "--config",
        "broken.yml",
        "diff",
        "--exit-code",
    ]);
    let r = run(cmd.env("IMAGE_TAG", "v1.4.0"));
    r.code(1).stderr_has("broken | error:").stderr_has("1 differences, 1 failed; exit 1");
    // Alone, the differences give 2.
    let mut cmd = fleet.project.bare(&[
        "--config",
        "alpha.yml",
        "--config",
        "bravo.yml",
        "diff",
        "--exit-code",
    ]);
    run(cmd.env("IMAGE_TAG", "v1.4.0")).code(2);
}

#[test]
fn fail_fast_starts_no_service_after_a_failure() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo"]);
    fleet.project.write(
        "broken.yml",
        "region: ap-northeast-1\ncluster: c\nservice: '{{ must_env `NOPE` }}'\n",
    );
    let mut cmd = fleet.project.bare(&[
        "--config",
        "broken.yml",
        "--config",
        "alpha.yml",
        "--config",
        "bravo.yml",
        "deploy",
        "--concurrency",
        "1",
        "--fail-fast",
    ]);
    let r = run(cmd.args(POLL));
    r.code(1).stderr_has("1 failed, 2 skipped; exit 1");
    assert_eq!(bed.requests().writes("ecs"), Vec::<String>::new(), "nothing deployed");
}

#[test]
fn globs_and_stack_files_name_the_configs() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo"]);
    fleet.project.write("stack.yml", "services:\n  - alpha.yml\n  - 'b*.yml'\nconcurrency: 1\n");
    let r = run(&mut fleet.project.bare(&[
        "--stack",
        "stack.yml",
        "--output",
        "json",
        "render",
        "config",
    ]));
    let doc = r.code(0).json();
    let labels: Vec<_> = doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(labels, ["alpha", "bravo"]);
    assert_eq!(doc["services"][1]["output"]["config"]["service"], "acme-dev-bravo");
    let r = run(&mut fleet.project.bare(&["--config", "[ab]*.yml", "render", "config"]));
    r.code(0).stdout_has("==> alpha (alpha.yml) <==").stdout_has("==> bravo (bravo.yml) <==");
    // A glob matching nothing, and a command that works on one service, are refused up front.
    run(&mut fleet.project.bare(&["--config", "zz*.yml", "render"]))
        .code(1)
        .stderr_has("matches no config file");
    run(&mut fleet.project.bare(&["--config", "alpha.yml", "--config", "bravo.yml", "revisions"]))
        .code(1)
        .stderr_has("works on one service at a time");
    assert_eq!(bed.requests().count("ecs", "DescribeServices"), 0, "refused before any AWS call");
}

#[test]
fn sigint_with_several_services_in_flight_reports_each_and_exits_130() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo", "charlie"]);
    run(fleet.cmd(&["deploy"]).args(POLL)).code(0);
    bed.plan(json!({"service": "*", "mode": "time", "steps": 100, "step_seconds": 1, "count": 0}));
    bed.clear_requests();
    let mut cmd = fleet.cmd(&["deploy", "--concurrency", "2"]);
    let child = spawn(cmd.args(POLL).env("IMAGE_TAG", "v1.3.0"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while bed.requests().count("ecs", "UpdateService") < 2 {
        assert!(Instant::now() < deadline, "two updates never arrived");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(400));
    signal(&child, "INT");
    let r = finish(child);
    r.code(130)
        .stderr_has("interrupted (SIGINT) with 2 service(s) in flight")
        .stderr_has("alpha: the update was sent: a deployment of acme-dev-alpha:2 to acme-dev-alpha is running")
        .stderr_has("bravo: the update was sent: a deployment of acme-dev-bravo:2 to acme-dev-bravo is running")
        .stderr_has("shipper wait --config alpha.yml")
        .stderr_has("2 interrupted, 1 not started; exit 130");
    no_crash(&r);
    assert_eq!(bed.requests().count("ecs", "UpdateService"), 2, "charlie never started");
}

#[test]
fn a_stack_of_a_service_an_express_service_and_a_daemon_deploys_in_one_run() {
    let bed = Bed::start();
    let p = crate::support::project::Project::example(&bed);
    for dir in ["express", "daemon"] {
        let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(dir);
        crate::support::copy_tree(&source, &p.path(dir));
    }
    p.write(
        "stack.yml",
        "services:\n  - config.yaml\n  - express/config.yaml\n  - daemon/config.yaml\n",
    );
    let stack = ["--stack", "stack.yml"];
    let r = run(p.bare(&stack).args(["deploy"]).args(POLL));
    r.code(0)
        .stderr_has("created acme-dev-app with acme-dev-app:1")
        .stderr_has("deployed acme-dev-web:1 to Express service acme-dev-web")
        .stderr_has("deployed acme-dev-log-router:1 to daemon acme-dev-log-router");
    let mut writes = bed.requests().writes("ecs");
    writes.sort();
    assert_eq!(
        writes,
        [
            "CreateDaemon",
            "CreateExpressGatewayService",
            "CreateService",
            "RegisterDaemonTaskDefinition",
            "RegisterTaskDefinition"
        ]
    );
    bed.clear_requests();
    run(p.bare(&stack).args(["diff", "--exit-code"])).code(0);
    let status = run(p.bare(&stack).arg("status"));
    status
        .code(0)
        .stdout_has("==> express (express/config.yaml) <==")
        .stdout_has("Express service acme-dev-web (cluster acme-dev-cluster): ACTIVE")
        .stdout_has("daemon acme-dev-log-router (cluster acme-dev-cluster): ACTIVE");
    assert!(bed.requests().writes("ecs").is_empty());
    // The worst outcome decides: the daemon's rolled-back deployment makes the run exit 3.
    bed.plan(json!({"kind": "daemon", "outcome": "fail"}));
    let mut cmd = p.bare(&stack);
    cmd.env("FLUENT_BIT_TAG", "2.33.0").env("IMAGE_TAG", "v1.2.0").arg("deploy").args(POLL);
    let r = run(&mut cmd);
    no_crash(&r);
    r.code(3).stderr_has("ECS rolled the daemon back");
}
