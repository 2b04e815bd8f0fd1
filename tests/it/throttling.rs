//! Under the account's API rate limits (the bed's token buckets, `POST /_bed/throttle`): many
//! services in one run, several runs at once, throttled writes sent again but never twice, and
//! one line per rate-limited group instead of a stack of retries.
//!
//! The bed's buckets here are smaller and faster than AWS's (AWS refills RegisterTaskDefinition
//! once a second; a test of fifty would last a minute), and shipper is told numbers above the
//! bed's (`--rate-limit`), as when other processes share the account: the bed refuses some of its
//! calls, and the run must adapt rather than fail.

use serde_json::{Value, json};

use crate::support::bed::{Bed, Request};
use crate::support::fleet::{Services, service};
use crate::support::project::{Project, no_crash};
use crate::support::shipper::{Run, finish, run, spawn};

const POLL: [&str; 2] = ["--poll-interval", "100ms"];

/// `count` services (names that are not prefixes of one another) on a bed whose buckets of the
/// actions in `buckets` are as given (`{"ecs:Action": [burst, rate]}`).
fn throttled_services(bed: &Bed, prefix: &str, count: usize, buckets: Value) -> Services {
    let names: Vec<String> = (0..count).map(|i| format!("{prefix}{i:02}x")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let fleet = Services::new(bed, &refs);
    bed.throttle(buckets);
    fleet
}

/// How many of `action`'s requests for `name`'s service (or task family) succeeded.
fn done(log: &[Request], action: &str, name: &str) -> usize {
    let needle = format!("\"{}\"", service(name));
    log.iter()
        .filter(|r| r.action == action && r.status == 200 && r.body.to_string().contains(&needle))
        .count()
}

/// Every service registered its task definition and created its service exactly once.
fn each_write_once(log: &[Request], names: &[String]) {
    for name in names {
        assert_eq!(done(log, "RegisterTaskDefinition", name), 1, "{name}: one revision");
        assert_eq!(done(log, "CreateService", name), 1, "{name}: one service");
    }
}

/// At most one "… is rate-limited" line per group, and no retry noise.
fn quiet_about_it(r: &Run) {
    let notices: Vec<&str> = r.stderr.lines().filter(|l| l.contains("is rate-limited")).collect();
    let mut groups: Vec<&str> = notices.iter().filter_map(|l| l.split(':').next()).collect();
    groups.dedup();
    assert_eq!(groups.len(), notices.len(), "once per group: {notices:?}");
    assert!(!r.stderr.contains("status read failed"), "{}", r.stderr);
    assert!(!r.stderr.contains("Rate exceeded"), "{}", r.stderr);
    no_crash(r);
}

#[test]
fn fifty_services_in_one_run_all_deploy_under_the_accounts_rate_limits() {
    let bed = Bed::start();
    let fleet = throttled_services(&bed, "f", 50, json!({"ecs:RegisterTaskDefinition": [5, 10]}));
    let r = run(fleet.cmd(&["deploy", "--rate-limit", "RegisterTaskDefinition=20/20"]).args(POLL));
    r.code(0).stderr_has("50 services: 50 ok; exit 0");
    assert!(bed.throttled() > 0, "the bed refused calls: the limiter adapted, not bypassed");
    each_write_once(&bed.requests(), &fleet.names);
    quiet_about_it(&r);
}

#[test]
fn three_runs_of_twenty_services_at_once_share_the_accounts_buckets_and_all_deploy() {
    let bed = Bed::start();
    let fleet = throttled_services(&bed, "p", 60, json!({"ecs:RegisterTaskDefinition": [10, 10]}));
    // Each process believes the whole bucket is its own.
    let limit = ["--rate-limit", "RegisterTaskDefinition=10/10"];
    let children: Vec<_> = fleet
        .names
        .chunks(20)
        .map(|some| spawn(fleet.cmd_for(some, &["deploy"]).args(limit).args(POLL)))
        .collect();
    for child in children {
        let r = finish(child);
        r.code(0).stderr_has("20 services: 20 ok; exit 0");
        quiet_about_it(&r);
    }
    assert!(bed.throttled() > 0, "three processes overdraw one bucket");
    each_write_once(&bed.requests(), &fleet.names);
}

#[test]
fn a_throttled_write_is_sent_again_and_never_doubled() {
    let bed = Bed::start();
    let project = Project::example(&bed);
    bed.fault(json!([
        {"action": "RegisterTaskDefinition", "kind": "throttle", "count": 2},
        {"action": "CreateService", "kind": "throttle", "count": 1},
    ]));
    project.run(&["deploy", "--poll-interval", "100ms"]).code(0);
    bed.clear_requests();
    bed.fault(json!({"action": "UpdateService", "kind": "throttle", "count": 2}));
    let r = run(project.shipper("v1.3.0").args(["deploy", "--poll-interval", "100ms"]));
    r.code(0).stderr_has("registered acme-dev-app:2");
    quiet_about_it(&r);
    let log = bed.requests();
    let statuses = |action: &str| -> Vec<u16> {
        log.iter().filter(|r| r.action == action).map(|r| r.status).collect()
    };
    assert_eq!(statuses("UpdateService"), [400, 400, 200], "sent again until it went through");
    assert_eq!(statuses("RegisterTaskDefinition"), [200]);
    let state = bed.state();
    let deployments = state["services"]
        .as_array()
        .and_then(|s| {
            s.iter().find(|s| s["service"].as_str().is_some_and(|n| n.ends_with("/acme-dev-app")))
        })
        .map(|s| s["deployments"].as_array().map_or(0, Vec::len));
    assert_eq!(deployments, Some(2), "the first deployment and one update: {state}");
}

#[test]
fn a_rate_limited_run_says_so_once_with_the_wait_it_adds() {
    let bed = Bed::start();
    let fleet = Services::new(&bed, &["alpha", "bravo", "charlie"]);
    // One registration every two seconds: the third waits about four.
    let r = run(fleet.cmd(&["deploy", "--rate-limit", "RegisterTaskDefinition=1/0.5"]).args(POLL));
    r.code(0).stderr_has("3 services: 3 ok; exit 0");
    let notices: Vec<&str> =
        r.stderr.lines().filter(|l| l.contains("RegisterTaskDefinition is rate-limited")).collect();
    assert_eq!(notices.len(), 1, "{}", r.stderr);
    assert!(
        notices[0].starts_with("ECS RegisterTaskDefinition is rate-limited: ")
            && notices[0].contains(" queued, ~"),
        "{notices:?}"
    );
    quiet_about_it(&r);
}

#[test]
fn an_action_without_a_rate_limit_is_named_before_any_aws_call() {
    let bed = Bed::start();
    let project = Project::example(&bed);
    bed.clear_requests();
    let r = project.run(&["deploy", "--rate-limit", "RegisterTask=10/1"]);
    r.code(1).stderr_has("--rate-limit RegisterTask: no rate-limited group has this action");
    assert!(
        r.stderr.contains("RegisterTaskDefinition"),
        "the hint lists the actions: {}",
        r.stderr
    );
    assert!(bed.requests().is_empty(), "no AWS call");
    project
        .run(&["deploy", "--rate-limit", "RegisterTaskDefinition=forty"])
        .code(1)
        .stderr_has("expected ACTION=BURST/RATE (e.g. RegisterTaskDefinition=40/2) or off");
}
