//! Behaviour 3 (continued): ECS-native blue/green, linear and canary rollouts, lifecycle hooks.

use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{
    AdvancedConfiguration, CanaryConfiguration, DeploymentConfiguration, DeploymentLifecycleHook,
    DeploymentLifecycleHookAction, DeploymentLifecycleHookStage, DeploymentLifecycleHookTargetType,
    DeploymentStrategy, LaunchType, LinearConfiguration, LoadBalancer, ServiceDeployment,
};
use serde_json::{Value, json};

use super::{Aws, CLUSTER, cluster_and_revisions, register_seed_instances, steady, web_service};
use crate::support::bed::Bed;

const STAGES: [&str; 11] = [
    "RECONCILE_SERVICE",
    "PRE_SCALE_UP",
    "SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRE_PRODUCTION_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
    "BAKE_TIME",
    "CLEAN_UP",
];

/// Seed, three revisions, and service `web` (2 tasks) wired to the seed's blue/green pair.
async fn blue_green_service(bed: &Bed, aws: &Aws, configuration: DeploymentConfiguration) -> Value {
    let seed = bed.seed();
    cluster_and_revisions(&aws.ecs, 3).await;
    register_seed_instances(&aws.ecs, &seed).await;
    let advanced = AdvancedConfiguration::builder()
        .alternate_target_group_arn(seed["target_groups"]["green"].as_str().unwrap())
        .production_listener_rule(seed["rules"]["production"].as_str().unwrap())
        .test_listener_rule(seed["rules"]["test"].as_str().unwrap())
        .role_arn(seed["roles"]["ecs_infrastructure"].as_str().unwrap())
        .build();
    let balancer = LoadBalancer::builder()
        .target_group_arn(seed["target_groups"]["blue"].as_str().unwrap())
        .container_name("web")
        .container_port(3000)
        .advanced_configuration(advanced)
        .build();
    web_service(&aws.ecs, 2)
        .launch_type(LaunchType::Ec2)
        .load_balancers(balancer)
        .deployment_configuration(configuration)
        .send()
        .await
        .unwrap();
    steady(&aws.ecs, "web").await;
    seed
}

async fn deploy(aws: &Aws, revision: &str) -> String {
    let output = aws
        .ecs
        .update_service()
        .cluster(CLUSTER)
        .service("web")
        .task_definition(revision)
        .send()
        .await
        .unwrap();
    output.service().unwrap().current_service_deployment().unwrap().to_owned()
}

/// One DescribeServiceDeployments read (one step of the rollout).
async fn read(aws: &Aws, arn: &str) -> ServiceDeployment {
    let output =
        aws.ecs.describe_service_deployments().service_deployment_arns(arn).send().await.unwrap();
    output.service_deployments()[0].clone()
}

fn stage(deployment: &ServiceDeployment) -> &str {
    deployment.lifecycle_stage().map(|s| s.as_str()).unwrap_or_default()
}

/// The forward weights of a listener rule, as (target group ARN, weight).
async fn weights(aws: &Aws, rule: &str) -> Vec<(String, i32)> {
    let rules = aws.elb.describe_rules().rule_arns(rule).send().await.unwrap();
    let forward =
        rules.rules()[0].actions().iter().find_map(|a| a.forward_config()).cloned().unwrap();
    forward
        .target_groups()
        .iter()
        .map(|g| (g.target_group_arn().unwrap().to_owned(), g.weight().unwrap_or_default()))
        .collect()
}

async fn target_count(aws: &Aws, group: &str) -> usize {
    let health = aws.elb.describe_target_health().target_group_arn(group).send().await.unwrap();
    health.target_health_descriptions().len()
}

#[tokio::test]
async fn blue_green_walks_the_lifecycle_and_shifts_traffic() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let configuration = DeploymentConfiguration::builder()
        .strategy(DeploymentStrategy::BlueGreen)
        .bake_time_in_minutes(0)
        .build();
    let seed = blue_green_service(&bed, &aws, configuration).await;
    let (blue, green) = (
        seed["target_groups"]["blue"].as_str().unwrap(),
        seed["target_groups"]["green"].as_str().unwrap(),
    );
    let (production, test) =
        (seed["rules"]["production"].as_str().unwrap(), seed["rules"]["test"].as_str().unwrap());
    assert_eq!(target_count(&aws, blue).await, 2, "the first deployment serves from blue");

    let arn = deploy(&aws, "web:2").await;
    let mut seen = Vec::new();
    for _ in STAGES {
        let deployment = read(&aws, &arn).await;
        let target = deployment.target_service_revision().unwrap().clone();
        match stage(&deployment) {
            "POST_SCALE_UP" => {
                // Green runs next to blue, in the idle target group, with no traffic yet.
                assert_eq!(target.running_task_count(), 2);
                assert_eq!(deployment.source_service_revisions()[0].running_task_count(), 2);
                assert_eq!(target.requested_production_traffic_weight(), Some(0.0));
                assert_eq!(target_count(&aws, green).await, 2);
            }
            "TEST_TRAFFIC_SHIFT" => {
                assert_eq!(target.requested_test_traffic_weight(), Some(100.0));
                assert_eq!(
                    weights(&aws, test).await,
                    [(blue.to_owned(), 0), (green.to_owned(), 100)]
                );
                assert_eq!(
                    weights(&aws, production).await,
                    [(blue.to_owned(), 100), (green.to_owned(), 0)]
                );
            }
            "PRODUCTION_TRAFFIC_SHIFT" => {
                assert_eq!(target.requested_production_traffic_weight(), Some(100.0));
                assert_eq!(
                    weights(&aws, production).await,
                    [(blue.to_owned(), 0), (green.to_owned(), 100)]
                );
            }
            _ => {}
        }
        seen.push(stage(&deployment).to_owned());
    }
    assert_eq!(seen, STAGES);
    let done = read(&aws, &arn).await;
    assert_eq!(done.status().map(|s| s.as_str()), Some("SUCCESSFUL"));
    let service = steady(&aws.ecs, "web").await;
    assert_eq!(service.deployments().len(), 1);
    assert_eq!(service.running_count(), 2);

    // Green is production now: the next revision goes to blue.
    let next = deploy(&aws, "web:3").await;
    for _ in 0..4 {
        read(&aws, &next).await;
    }
    assert_eq!(target_count(&aws, blue).await, 2 + 2, "draining blue targets plus the new ones");
}

#[tokio::test]
async fn a_pause_hook_waits_for_continue_or_rollback() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let configuration = pause_on(&[DeploymentLifecycleHookStage::PostTestTrafficShift]);
    let seed = blue_green_service(&bed, &aws, configuration).await;

    let arn = deploy(&aws, "web:2").await;
    for _ in 0..6 {
        read(&aws, &arn).await;
    }
    // Paused: reads no longer move it.
    for _ in 0..3 {
        let paused = read(&aws, &arn).await;
        assert_eq!(stage(&paused), "POST_TEST_TRAFFIC_SHIFT");
        assert_eq!(paused.status().map(|s| s.as_str()), Some("IN_PROGRESS"));
        let details = paused.lifecycle_hook_details();
        assert_eq!(details.len(), 1);
        assert_eq!(details[0].status().map(|s| s.as_str()), Some("AWAITING_ACTION"));
        assert_eq!(details[0].target_type(), Some(&DeploymentLifecycleHookTargetType::Pause));
    }
    let hook_id = read(&aws, &arn).await.lifecycle_hook_details()[0].hook_id().unwrap().to_owned();
    aws.ecs
        .continue_service_deployment()
        .service_deployment_arn(&arn)
        .hook_id(&hook_id)
        .action(DeploymentLifecycleHookAction::Continue)
        .send()
        .await
        .unwrap();
    assert_eq!(stage(&read(&aws, &arn).await), "PRE_PRODUCTION_TRAFFIC_SHIFT");
    steady(&aws.ecs, "web").await;

    // This time the CI check says no: ECS rolls back and traffic stays on the old revision.
    let second = deploy(&aws, "web:3").await;
    for _ in 0..6 {
        read(&aws, &second).await;
    }
    let hook_id =
        read(&aws, &second).await.lifecycle_hook_details()[0].hook_id().unwrap().to_owned();
    aws.ecs
        .continue_service_deployment()
        .service_deployment_arn(&second)
        .hook_id(&hook_id)
        .action(DeploymentLifecycleHookAction::Rollback)
        .send()
        .await
        .unwrap();
    let statuses = [read(&aws, &second).await, read(&aws, &second).await]
        .map(|d| d.status().map(|s| s.as_str().to_owned()).unwrap_or_default());
    assert_eq!(statuses, ["ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"]);
    let service = steady(&aws.ecs, "web").await;
    assert!(service.task_definition().unwrap().ends_with("web:2"));
    let green = seed["target_groups"]["green"].as_str().unwrap().to_owned();
    let blue = seed["target_groups"]["blue"].as_str().unwrap().to_owned();
    assert_eq!(
        weights(&aws, seed["rules"]["production"].as_str().unwrap()).await,
        [(green, 100), (blue, 0)]
    );
    // Continuing a hook that is not waiting is an error.
    let late = aws
        .ecs
        .continue_service_deployment()
        .service_deployment_arn(&second)
        .hook_id(hook_id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        late.as_service_error().and_then(|e| e.meta().code()),
        Some("InvalidParameterException")
    );
}

/// Production traffic weights seen at each PRODUCTION_TRAFFIC_SHIFT read, until SUCCESSFUL.
async fn production_shifts(aws: &Aws, arn: &str) -> Vec<Option<f64>> {
    let mut production = Vec::new();
    loop {
        let deployment = read(aws, arn).await;
        if stage(&deployment) == "PRODUCTION_TRAFFIC_SHIFT" {
            let target = deployment.target_service_revision().unwrap();
            production.push(target.requested_production_traffic_weight());
        }
        if deployment.status().map(|s| s.as_str()) == Some("SUCCESSFUL") {
            return production;
        }
    }
}

/// LINEAR in four steps of 25%, no bake between them.
fn linear_by_quarters() -> DeploymentConfiguration {
    DeploymentConfiguration::builder()
        .strategy(DeploymentStrategy::Linear)
        .linear_configuration(
            LinearConfiguration::builder().step_percent(25.0).step_bake_time_in_minutes(0).build(),
        )
        .build()
}

#[tokio::test]
async fn linear_and_canary_shift_production_traffic_step_by_step() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let configuration = linear_by_quarters();
    blue_green_service(&bed, &aws, configuration).await;
    let arn = deploy(&aws, "web:2").await;
    assert_eq!(
        production_shifts(&aws, &arn).await,
        [Some(25.0), Some(50.0), Some(75.0), Some(100.0)]
    );

    // Canary, with a Lambda hook (reported as succeeded; nothing is invoked).
    let lambda = "arn:aws:lambda:ap-northeast-1:123456789012:function:smoke";
    let hook = DeploymentLifecycleHook::builder()
        .target_type(DeploymentLifecycleHookTargetType::AwsLambda)
        .hook_target_arn(lambda)
        .lifecycle_stages(DeploymentLifecycleHookStage::PostProductionTrafficShift)
        .build();
    let canary = DeploymentConfiguration::builder()
        .strategy(DeploymentStrategy::Canary)
        .canary_configuration(
            CanaryConfiguration::builder()
                .canary_percent(10.0)
                .canary_bake_time_in_minutes(0)
                .build(),
        )
        .lifecycle_hooks(hook)
        .build();
    let service = aws.ecs.update_service().cluster(CLUSTER).service("web");
    service.deployment_configuration(canary).send().await.unwrap();
    let arn = deploy(&aws, "web:3").await;
    let mut stages = Vec::new();
    loop {
        let deployment = read(&aws, &arn).await;
        if stage(&deployment) == "POST_PRODUCTION_TRAFFIC_SHIFT" {
            let hooks = deployment.lifecycle_hook_details();
            assert_eq!(hooks.len(), 1);
            assert_eq!(hooks[0].status().map(|s| s.as_str()), Some("SUCCEEDED"));
            assert_eq!(hooks[0].target_arn(), Some(lambda));
        }
        stages.push((
            stage(&deployment).to_owned(),
            deployment.target_service_revision().unwrap().requested_production_traffic_weight(),
        ));
        if deployment.status().map(|s| s.as_str()) == Some("SUCCESSFUL") {
            break;
        }
    }
    let shifts: Vec<_> =
        stages.iter().filter(|(s, _)| s == "PRODUCTION_TRAFFIC_SHIFT").map(|(_, w)| *w).collect();
    assert_eq!(shifts, [Some(10.0), Some(100.0)]);
    assert!(stages.iter().any(|(s, _)| s == "POST_PRODUCTION_TRAFFIC_SHIFT"));
}

/// Blue/green without bake time, with one PAUSE hook on `stages`.
fn pause_on(stages: &[DeploymentLifecycleHookStage]) -> DeploymentConfiguration {
    let hook = DeploymentLifecycleHook::builder()
        .target_type(DeploymentLifecycleHookTargetType::Pause)
        .set_lifecycle_stages(Some(stages.to_vec()))
        .build();
    DeploymentConfiguration::builder()
        .strategy(DeploymentStrategy::BlueGreen)
        .bake_time_in_minutes(0)
        .lifecycle_hooks(hook)
        .build()
}

#[tokio::test]
async fn pause_hooks_are_refused_on_the_traffic_shift_stages() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    cluster_and_revisions(&aws.ecs, 1).await;
    for stage in [
        DeploymentLifecycleHookStage::TestTrafficShift,
        DeploymentLifecycleHookStage::ProductionTrafficShift,
    ] {
        let error = aws
            .ecs
            .create_service()
            .cluster(CLUSTER)
            .service_name("web")
            .task_definition("web:1")
            .desired_count(1)
            .deployment_configuration(pause_on(&[
                DeploymentLifecycleHookStage::PostScaleUp,
                stage.clone(),
            ]))
            .send()
            .await
            .unwrap_err();
        let error = error.into_service_error();
        assert_eq!(error.meta().code(), Some("InvalidParameterException"));
        let message = error.meta().message().unwrap_or_default();
        assert!(message.contains(stage.as_str()) && message.contains("PAUSE"), "{message}");
    }
    // Refused: no service was created.
    let listed = aws.ecs.list_services().cluster(CLUSTER).send().await.unwrap();
    assert!(listed.service_arns().is_empty());

    // Accepted on the other stages (and a Lambda hook may use the traffic shifts).
    let lambda = DeploymentLifecycleHook::builder()
        .target_type(DeploymentLifecycleHookTargetType::AwsLambda)
        .hook_target_arn("arn:aws:lambda:ap-northeast-1:123456789012:function:smoke")
        .lifecycle_stages(DeploymentLifecycleHookStage::ProductionTrafficShift)
        .build();
    let mut fine = pause_on(&[
        DeploymentLifecycleHookStage::PostScaleUp,
        DeploymentLifecycleHookStage::PostTestTrafficShift,
    ]);
    fine.lifecycle_hooks.get_or_insert_with(Vec::new).push(lambda);
    web_service(&aws.ecs, 1).deployment_configuration(fine).send().await.unwrap();

    // UpdateService refuses it too, and leaves the service's configuration alone.
    let error = aws
        .ecs
        .update_service()
        .cluster(CLUSTER)
        .service("web")
        .deployment_configuration(pause_on(&[
            DeploymentLifecycleHookStage::PostScaleUp,
            DeploymentLifecycleHookStage::TestTrafficShift,
        ]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.into_service_error().meta().code(), Some("InvalidParameterException"));
    let service = steady(&aws.ecs, "web").await;
    let hooks = service.deployment_configuration().unwrap().lifecycle_hooks();
    assert_eq!(hooks.len(), 2);
    assert_eq!(hooks[0].lifecycle_stages()[1], DeploymentLifecycleHookStage::PostTestTrafficShift);
}

#[tokio::test]
async fn a_time_paced_linear_rollout_raises_production_weight_step_by_step() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let configuration = linear_by_quarters();
    let seed = blue_green_service(&bed, &aws, configuration).await;
    let green = seed["target_groups"]["green"].as_str().unwrap().to_owned();
    let production = seed["rules"]["production"].as_str().unwrap();
    // One lifecycle stage per 0.2 s of wall time, whoever reads or not.
    let step = Duration::from_millis(250);
    bed.plan(json!({"mode": "time", "step_seconds": step.as_secs_f64()}));

    let started = Instant::now();
    let arn = deploy(&aws, "web:2").await;
    // Reads do not move a time-paced rollout.
    let stages: Vec<String> =
        [read(&aws, &arn).await, read(&aws, &arn).await, read(&aws, &arn).await]
            .iter()
            .map(|d| stage(d).to_owned())
            .collect();
    // (Unless this machine took a whole step for three calls, they all precede the first stage.)
    assert!(started.elapsed() >= step || stages.iter().all(|s| s.is_empty()), "{stages:?}");

    // Poll (10 reads per step) and record each change of stage and production weight, and of the
    // production listener rule's weight on green.
    let mut seen: Vec<(String, Option<f64>)> = Vec::new();
    let mut on_green: Vec<i32> = Vec::new();
    loop {
        let deployment = read(&aws, &arn).await;
        let target = deployment.target_service_revision().unwrap();
        let entry = (stage(&deployment).to_owned(), target.requested_production_traffic_weight());
        if seen.last() != Some(&entry) {
            seen.push(entry);
        }
        let rule = weights(&aws, production).await;
        let weight = rule.iter().find(|(g, _)| *g == green).map(|(_, w)| *w).unwrap_or_default();
        if on_green.last() != Some(&weight) {
            on_green.push(weight);
        }
        if deployment.status().map(|s| s.as_str()) == Some("SUCCESSFUL") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "still rolling out: {seen:?}");
        tokio::time::sleep(step / 10).await;
    }
    // RECONCILE_SERVICE .. PRE_PRODUCTION_TRAFFIC_SHIFT (7), 4 shifts, then 3 stages.
    assert!(started.elapsed() >= step * 14, "paced by the clock: {:?}", started.elapsed());
    let shifts: Vec<Option<f64>> =
        seen.iter().filter(|(s, _)| s == "PRODUCTION_TRAFFIC_SHIFT").map(|(_, w)| *w).collect();
    assert_eq!(shifts, [Some(25.0), Some(50.0), Some(75.0), Some(100.0)], "{seen:?}");
    assert_eq!(on_green, [0, 25, 50, 75, 100]);
    assert_eq!(seen.last().map(|(s, ..)| s.as_str()), Some("CLEAN_UP"));
}

/// (target id, port, state) of each target of `group`.
async fn target_states(aws: &Aws, group: &str) -> Vec<(String, i32, String)> {
    let health = aws.elb.describe_target_health().target_group_arn(group).send().await.unwrap();
    health
        .target_health_descriptions()
        .iter()
        .map(|d| {
            let target = d.target().unwrap();
            let state = d.target_health().and_then(|h| h.state()).map(|s| s.as_str().to_owned());
            (target.id().unwrap().to_owned(), target.port().unwrap(), state.unwrap_or_default())
        })
        .collect()
}

#[tokio::test]
async fn an_unhealthy_green_group_shows_while_paused_after_the_test_traffic_shift() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let configuration = pause_on(&[DeploymentLifecycleHookStage::PostTestTrafficShift]);
    let seed = blue_green_service(&bed, &aws, configuration).await;
    let (blue, green) = (
        seed["target_groups"]["blue"].as_str().unwrap(),
        seed["target_groups"]["green"].as_str().unwrap(),
    );
    let arn = deploy(&aws, "web:2").await;
    for _ in 0..6 {
        read(&aws, &arn).await;
    }
    let paused = read(&aws, &arn).await;
    assert_eq!(stage(&paused), "POST_TEST_TRAFFIC_SHIFT");
    // Green's tasks: the ones the new deployment started.
    let service = super::describe(&aws.ecs, "web").await;
    let green_deployment = service.deployments()[0].id().unwrap().to_owned();
    let tasks = aws.ecs.list_tasks().cluster(CLUSTER).started_by(&green_deployment).send().await;
    let arns = tasks.unwrap().task_arns().to_vec();
    let described = aws.ecs.describe_tasks().cluster(CLUSTER).set_tasks(Some(arns)).send().await;
    let mut green_ports: Vec<i32> = described
        .unwrap()
        .tasks()
        .iter()
        .flat_map(|t| t.containers().iter().flat_map(|c| c.network_bindings()))
        .filter_map(|b| b.host_port())
        .collect();
    green_ports.sort();
    assert_eq!(green_ports.len(), 2);

    // Settle both groups (a target is `initial` at its first observation), then fail green.
    target_states(&aws, green).await;
    target_states(&aws, blue).await;
    bed.health(json!({"targetGroupArn": green, "state": "unhealthy"}));
    let unhealthy = target_states(&aws, green).await;
    let mut ports: Vec<i32> = unhealthy.iter().map(|(_, port, _)| *port).collect();
    ports.sort();
    assert_eq!(ports, green_ports, "green's targets are green's tasks");
    assert!(unhealthy.iter().all(|(.., state)| state == "unhealthy"), "{unhealthy:?}");
    let detail = aws.elb.describe_target_health().target_group_arn(green).send().await.unwrap();
    let reason = detail.target_health_descriptions()[0].target_health().unwrap().reason();
    assert_eq!(reason.map(|r| r.as_str()), Some("Target.FailedHealthChecks"));
    // Blue, serving production, is untouched; the deployment stays paused.
    let blue_states = target_states(&aws, blue).await;
    assert!(blue_states.iter().all(|(.., state)| state == "healthy"), "{blue_states:?}");
    assert_eq!(blue_states.len(), 2);
    assert_eq!(stage(&read(&aws, &arn).await), "POST_TEST_TRAFFIC_SHIFT");

    // A gate that sees this rolls back; clearing the override makes green healthy again.
    bed.health(json!({"targetGroupArn": green, "clear": true}));
    let cleared = target_states(&aws, green).await;
    assert!(cleared.iter().all(|(.., state)| state == "healthy"), "{cleared:?}");
}
