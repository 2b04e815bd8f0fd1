//! Behaviour 2: rollouts that fail by plan (circuit breaker) or by a CloudWatch alarm.

use aws_sdk_cloudwatch::types::{ComparisonOperator, StateValue, Statistic};
use aws_sdk_ecs::types::{DeploymentAlarms, DeploymentCircuitBreaker, DeploymentConfiguration};
use serde_json::json;

use super::{
    Aws, cluster_and_revisions, create_service, deployments, describe, events, steady, steady_web,
    update_web, web_tasks,
};
use crate::support::bed::Bed;

fn circuit_breaker(rollback: bool) -> DeploymentConfiguration {
    DeploymentConfiguration::builder()
        .deployment_circuit_breaker(
            DeploymentCircuitBreaker::builder().enable(true).rollback(rollback).build(),
        )
        .build()
}

async fn update_to_v2(aws: &Aws) -> String {
    let service = update_web(&aws.ecs, "web:2").await;
    service.deployments()[0].id().unwrap().to_owned()
}

#[tokio::test]
async fn the_circuit_breaker_fails_the_rollout_and_rolls_back() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let revisions = cluster_and_revisions(&aws.ecs, 2).await;
    create_service(&aws.ecs, "web", &revisions[0], 2, Some(circuit_breaker(true))).await;
    let old = steady(&aws.ecs, "web").await.deployments()[0].id().unwrap().to_owned();
    bed.plan(json!({"service": "web", "outcome": "fail", "steps": 2, "failed_tasks": 4,
                    "stopped_reason": "Essential container in task exited", "exit_code": 137}));
    let new = update_to_v2(&aws).await;

    // Step 1: new tasks keep exiting, nothing of v2 runs, v1 still serves.
    let failing = describe(&aws.ecs, "web").await;
    assert_eq!(
        deployments(&failing),
        [
            ("PRIMARY".into(), "IN_PROGRESS".into(), 0, 0),
            ("ACTIVE".into(), "COMPLETED".into(), 2, 0)
        ]
    );
    assert_eq!(failing.deployments()[0].failed_tasks(), 2);

    // Step 2 (fail_at): FAILED, and the circuit breaker rolls back to the last COMPLETED one.
    let failed = describe(&aws.ecs, "web").await;
    let entries = failed.deployments();
    assert_eq!((entries[0].id(), entries[0].status()), (Some(old.as_str()), Some("PRIMARY")));
    assert_eq!(entries[0].rollout_state().map(|s| s.as_str()), Some("IN_PROGRESS"));
    assert_eq!((entries[1].id(), entries[1].status()), (Some(new.as_str()), Some("ACTIVE")));
    assert_eq!(entries[1].rollout_state().map(|s| s.as_str()), Some("FAILED"));
    assert_eq!(entries[1].failed_tasks(), 4);
    assert_eq!(
        entries[1].rollout_state_reason(),
        Some("ECS deployment circuit breaker: tasks failed to start.")
    );
    let messages = events(&failed);
    assert_eq!(messages[0], format!("(service web) rolling back to deployment {old}."));
    assert_eq!(
        messages[1],
        format!("(service web) (deployment {new}) deployment failed: tasks failed to start.")
    );

    let rolled_back = describe(&aws.ecs, "web").await;
    assert_eq!(deployments(&rolled_back), [("PRIMARY".into(), "COMPLETED".into(), 2, 0)]);
    assert_eq!(rolled_back.task_definition(), Some(revisions[0].as_str()));
    assert_eq!(events(&rolled_back)[0], "(service web) has reached a steady state.");

    // The failed tasks are there to explain why, with the plan's reason and exit code.
    let tasks = web_tasks(&aws.ecs, true, Some(&new)).await;
    assert_eq!(tasks.len(), 4);
    for task in &tasks {
        assert_eq!(task.stop_code().map(|c| c.as_str()), Some("EssentialContainerExited"));
        assert_eq!(task.stopped_reason(), Some("Essential container in task exited"));
        assert_eq!(task.containers()[0].exit_code(), Some(137));
        assert_eq!(task.task_definition_arn(), Some(revisions[1].as_str()));
    }
}

#[tokio::test]
async fn without_rollback_the_failed_deployment_stays() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let revisions = steady_web(&aws.ecs, 2, 2, Some(circuit_breaker(false))).await;
    bed.plan(json!({"service": "web", "outcome": "fail", "steps": 1}));
    update_to_v2(&aws).await;

    for _ in 0..3 {
        let service = describe(&aws.ecs, "web").await;
        assert_eq!(
            deployments(&service),
            [
                ("PRIMARY".into(), "FAILED".into(), 0, 0),
                ("ACTIVE".into(), "COMPLETED".into(), 2, 0)
            ]
        );
        // The default number of failures is the circuit breaker's threshold (min 3).
        assert_eq!(service.deployments()[0].failed_tasks(), 3);
        assert_eq!(service.task_definition(), Some(revisions[1].as_str()));
    }
}

#[tokio::test]
async fn an_alarm_in_alarm_state_fails_the_rollout() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let revisions = cluster_and_revisions(&aws.ecs, 2).await;
    aws.cloudwatch
        .put_metric_alarm()
        .alarm_name("web-5xx")
        .namespace("AWS/ApplicationELB")
        .metric_name("HTTPCode_Target_5XX_Count")
        .statistic(Statistic::Sum)
        .period(60)
        .evaluation_periods(1)
        .threshold(10.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .send()
        .await
        .unwrap();
    let configuration = DeploymentConfiguration::builder()
        .alarms(
            DeploymentAlarms::builder()
                .alarm_names("web-5xx")
                .enable(true)
                .rollback(true)
                .build()
                .unwrap(),
        )
        .build();
    create_service(&aws.ecs, "web", &revisions[0], 1, Some(configuration)).await;
    steady(&aws.ecs, "web").await;
    bed.plan(json!({"service": "web", "steps": 3}));
    update_to_v2(&aws).await;
    assert_eq!(deployments(&describe(&aws.ecs, "web").await)[0].1, "IN_PROGRESS");

    aws.cloudwatch
        .set_alarm_state()
        .alarm_name("web-5xx")
        .state_value(StateValue::Alarm)
        .state_reason("5xx storm")
        .send()
        .await
        .unwrap();
    let failed = describe(&aws.ecs, "web").await;
    assert_eq!(failed.deployments()[1].rollout_state().map(|s| s.as_str()), Some("FAILED"));
    assert_eq!(events(&failed)[1].split(") ").last(), Some("deployment failed: alarm detected."));
    let arn = failed.current_service_deployment().unwrap().to_owned();
    let described =
        aws.ecs.describe_service_deployments().service_deployment_arns(&arn).send().await.unwrap();
    let deployment = &described.service_deployments()[0];
    let alarms = deployment.alarms().unwrap();
    assert_eq!(alarms.status().map(|s| s.as_str()), Some("TRIGGERED"));
    assert_eq!(alarms.triggered_alarm_names(), ["web-5xx"]);
    assert_eq!(deployment.status().map(|s| s.as_str()), Some("ROLLBACK_SUCCESSFUL"));
    assert_eq!(steady(&aws.ecs, "web").await.task_definition(), Some(revisions[0].as_str()));
}
