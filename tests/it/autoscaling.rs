//! Application Auto Scaling around deploys (`--suspend-auto-scaling`, `--resume-auto-scaling`),
//! `scale`'s min/max, and `status`, through the real binary against the bed (moto answers
//! Application Auto Scaling).

use aws_sdk_applicationautoscaling::types::{
    MetricType, PolicyType, PredefinedMetricSpecification, ScalableDimension, ServiceNamespace,
    TargetTrackingScalingPolicyConfiguration,
};
use serde_json::{Value, json};

use crate::support::bed::{Bed, Request, RequestLog};
use crate::support::block_on;
use crate::support::project::{Project, no_crash};
use crate::support::shipper::run;

const POLL: [&str; 2] = ["--poll-interval", "100ms"];
const RESOURCE: &str = "service/acme-dev-cluster/acme-dev-app";

fn client(bed: &Bed) -> aws_sdk_applicationautoscaling::Client {
    block_on(async { aws_sdk_applicationautoscaling::Client::new(&bed.sdk_config().await) })
}

/// The example deployed, with a scalable target (min 1, max 4) and a CPU target tracking
/// policy, as the team's Terraform sets it up.
fn scaled(bed: &Bed) -> Project {
    let p = Project::example(bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    let aas = client(bed);
    block_on(async {
        aas.register_scalable_target()
            .service_namespace(ServiceNamespace::Ecs)
            .resource_id(RESOURCE)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .min_capacity(1)
            .max_capacity(4)
            .send()
            .await
            .unwrap();
        let metric = PredefinedMetricSpecification::builder()
            .predefined_metric_type(MetricType::EcsServiceAverageCpuUtilization)
            .build()
            .unwrap();
        aas.put_scaling_policy()
            .policy_name("acme-dev-app-cpu")
            .service_namespace(ServiceNamespace::Ecs)
            .resource_id(RESOURCE)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .policy_type(PolicyType::TargetTrackingScaling)
            .target_tracking_scaling_policy_configuration(
                TargetTrackingScalingPolicyConfiguration::builder()
                    .target_value(60.0)
                    .predefined_metric_specification(metric)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    });
    bed.clear_requests();
    p
}

/// The scalable target: `(min, max, [scale-in, scale-out, scheduled] suspended)`.
fn target(bed: &Bed) -> (i32, i32, [bool; 3]) {
    let aas = client(bed);
    let out =
        block_on(aas.describe_scalable_targets().service_namespace(ServiceNamespace::Ecs).send())
            .unwrap();
    let t = out.scalable_targets().iter().find(|t| t.resource_id() == RESOURCE).unwrap().clone();
    let s = t.suspended_state();
    let flag = |v: Option<bool>| v == Some(true);
    (
        t.min_capacity(),
        t.max_capacity(),
        [
            flag(s.and_then(|s| s.dynamic_scaling_in_suspended())),
            flag(s.and_then(|s| s.dynamic_scaling_out_suspended())),
            flag(s.and_then(|s| s.scheduled_scaling_suspended())),
        ],
    )
}

/// The RegisterScalableTarget requests, in order.
fn registers(requests: &[Request]) -> Vec<&Request> {
    requests.iter().filter(|r| r.action == "RegisterScalableTarget").collect()
}

fn seq_of(requests: &[Request], action: &str) -> u64 {
    requests.iter().find(|r| r.action == action).unwrap_or_else(|| panic!("no {action}")).seq
}

/// The request-log seq of the read that finished the newest rollout.
fn finished_seq(bed: &Bed) -> u64 {
    let state = bed.state();
    state["services"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["deployments"].as_array().unwrap().clone())
        .filter_map(|d| d["finishedSeq"].as_u64())
        .max()
        .unwrap_or_else(|| panic!("no finished rollout: {state}"))
}

#[test]
fn deploy_suspends_scaling_for_the_rollout_and_resumes_it_after() {
    let bed = Bed::start();
    let p = scaled(&bed);
    let r = run(p
        .shipper("v1.2.0")
        .args(["deploy", "--suspend-auto-scaling", "--resume-auto-scaling"])
        .args(POLL));
    no_crash(&r);
    r.code(0)
        .stderr_has("suspended auto scaling of acme-dev-app")
        .stderr_has("resumed auto scaling of acme-dev-app");
    let sent = bed.requests();
    let writes = registers(&sent);
    assert_eq!(writes.len(), 2, "{writes:?}");
    let all = |on: bool| json!({"DynamicScalingInSuspended": on, "DynamicScalingOutSuspended": on, "ScheduledScalingSuspended": on});
    assert_eq!(writes[0].body["SuspendedState"], all(true));
    assert_eq!(writes[0].body["ResourceId"], RESOURCE);
    assert!(writes[0].body.get("MinCapacity").is_none(), "min and max are left alone");
    assert_eq!(writes[1].body["SuspendedState"], all(false));
    // Suspended before the update, resumed only after the rollout was seen to end.
    assert!(writes[0].seq < seq_of(&sent, "UpdateService"));
    assert!(writes[1].seq > finished_seq(&bed), "resumed before the rollout ended");
    assert_eq!(target(&bed), (1, 4, [false; 3]));
}

#[test]
fn a_failed_deploy_leaves_scaling_suspended_and_says_so() {
    let bed = Bed::start();
    let p = scaled(&bed);
    bed.plan(json!({"service": "acme-dev-app", "outcome": "fail", "steps": 2}));
    let r = run(p
        .shipper("v1.2.0")
        .args(["deploy", "--suspend-auto-scaling", "--resume-auto-scaling"])
        .args(POLL));
    no_crash(&r);
    r.code(3).stderr_has(
        "auto scaling of acme-dev-app was suspended (--suspend-auto-scaling) and stays suspended",
    );
    assert_eq!(registers(&bed.requests()).len(), 1);
    assert_eq!(target(&bed), (1, 4, [true; 3]));
    // `scale --resume-auto-scaling` alone changes only the suspended state.
    bed.clear_requests();
    p.run(&["scale", "--resume-auto-scaling"]).code(0);
    assert_eq!(target(&bed), (1, 4, [false; 3]));
    assert_eq!(bed.requests().count("ecs", "UpdateService"), 0);
}

#[test]
fn scale_sets_min_max_and_count_and_refuses_a_count_scaling_would_undo() {
    let bed = Bed::start();
    let p = scaled(&bed);
    let r = p.run(&[
        "scale",
        "--tasks",
        "3",
        "--auto-scaling-min",
        "2",
        "--auto-scaling-max",
        "6",
        "--dry-run",
    ]);
    r.code(0)
        .stdout_has("would set auto scaling of acme-dev-app to min 2, max 6 (now min 1, max 4)");
    assert!(registers(&bed.requests()).is_empty());

    let r = run(p
        .cmd(&["scale", "--tasks", "3", "--auto-scaling-min", "2", "--auto-scaling-max", "6"])
        .args(POLL));
    no_crash(&r);
    r.code(0);
    assert_eq!(target(&bed), (2, 6, [false; 3]));
    let sent = bed.requests();
    let write = registers(&sent)[0];
    assert_eq!(
        (write.body["MinCapacity"].clone(), write.body["MaxCapacity"].clone()),
        (json!(2), json!(6))
    );
    assert!(write.seq < seq_of(&sent, "UpdateService"));
    let service = block_on(crate::support::service_of(&bed, "acme-dev-cluster", "acme-dev-app"));
    assert_eq!(service.desired_count(), 3);

    // A count outside the range while scaling runs: refused before any write.
    bed.clear_requests();
    let r = p.run(&["scale", "--tasks", "9", "--auto-scaling-max", "8"]);
    r.code(1).stderr_has("outside the auto scaling range").stderr_has("--suspend-auto-scaling");
    p.run(&["scale", "--auto-scaling-min", "7"]).code(1).stderr_has("min 7 is above its max 6");
    assert!(
        bed.requests()
            .iter()
            .all(|r| !r.action.starts_with("Register") && r.action != "UpdateService")
    );
    // Only the suspended state.
    p.run(&["scale", "--suspend-auto-scaling"]).code(0);
    assert_eq!(target(&bed), (2, 6, [true; 3]));
    assert_eq!(bed.requests().count("ecs", "UpdateService"), 0);
}

#[test]
fn status_shows_the_scalable_target_and_its_policies() {
    let bed = Bed::start();
    let p = scaled(&bed);
    let r = p.run(&["status"]);
    r.code(0).stdout_has("auto scaling: min 1, max 4, suspended: no").stdout_has(
        "policy acme-dev-app-cpu (TargetTrackingScaling: ECSServiceAverageCPUUtilization at 60)",
    );
    p.run(&["scale", "--suspend-auto-scaling"]).code(0);
    let json = p.run(&["status", "--output", "json"]).code(0).json();
    let scaling = &json["auto_scaling"];
    assert_eq!((scaling["min"].clone(), scaling["max"].clone()), (json!(1), json!(4)));
    assert_eq!(scaling["suspended"]["dynamic_scaling_in"], true);
    assert_eq!(scaling["policies"][0]["name"], "acme-dev-app-cpu");
    assert_eq!(scaling["policies"][0]["target_value"], 60.0);
}

#[test]
fn the_flags_are_refused_for_a_service_without_a_scalable_target_before_any_write() {
    let bed = Bed::start();
    let p = Project::example(&bed);
    run(p.shipper("v1.1.0").arg("deploy").args(POLL)).code(0);
    bed.clear_requests();
    let r = run(p.shipper("v1.2.0").args(["deploy", "--suspend-auto-scaling"]).args(POLL));
    no_crash(&r);
    r.code(1)
        .stderr_has("service acme-dev-app has no Application Auto Scaling target: --suspend-auto-scaling has nothing to act on")
        .stderr_has(RESOURCE);
    let sent = bed.requests();
    assert!(sent.writes("ecs").is_empty(), "{:?}", sent.writes("ecs"));
    assert!(registers(&sent).is_empty());
    p.run(&["scale", "--auto-scaling-max", "3"])
        .code(1)
        .stderr_has("has no Application Auto Scaling target");
    // Without the flags, nothing is read from Application Auto Scaling at all: diff is unaffected.
    bed.clear_requests();
    p.run(&["diff"]).code(0);
    assert_eq!(bed.requests().actions("application-autoscaling"), Vec::<String>::new());
}

#[test]
fn dry_run_shows_the_auto_scaling_steps_and_changes_nothing() {
    let bed = Bed::start();
    let p = scaled(&bed);
    let r = p.run(&["deploy", "--dry-run", "--suspend-auto-scaling", "--resume-auto-scaling"]);
    r.code(0)
        .stdout_has("would suspend auto scaling of acme-dev-app")
        .stdout_has("would resume auto scaling of acme-dev-app after a successful rollout");
    let json = p
        .run(&["deploy", "--dry-run", "--suspend-auto-scaling", "--output", "json"])
        .code(0)
        .json();
    let scaling: &Value = &json["auto_scaling"];
    assert_eq!(scaling["suspend"], true);
    assert_eq!(scaling["resume"], false);
    assert_eq!(scaling["target"]["resource_id"], RESOURCE);
    assert!(registers(&bed.requests()).is_empty());
    // --resume-auto-scaling needs the rollout followed.
    p.run(&["deploy", "--resume-auto-scaling", "--no-wait"]).code(1);
}
