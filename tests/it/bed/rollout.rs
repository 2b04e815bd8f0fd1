//! Behaviour 1: ECS rollouts that move over reads (or time), like a rolling update on AWS.

use std::time::Duration;

use aws_sdk_ecs::types::{
    AvailabilityZoneRebalancing, DeploymentCircuitBreaker, DeploymentConfiguration,
    PlacementStrategy, PlacementStrategyType, PropagateTags, ServiceConnectConfiguration,
};
use serde_json::json;

use super::{
    Aws, CLUSTER, cluster_and_revisions, create_service, deployments, describe, events, steady,
    steady_web, update_web, web_tasks,
};
use crate::support::bed::Bed;

#[tokio::test]
async fn an_update_rolls_out_one_step_per_read() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let revisions = steady_web(&aws.ecs, 2, 2, None).await;

    // The family:revision reference comes back as the full ARN, as on AWS.
    let updated = update_web(&aws.ecs, "web:2").await;
    assert_eq!(updated.task_definition(), Some(revisions[1].as_str()));
    assert_eq!(
        deployments(&updated),
        [
            ("PRIMARY".into(), "IN_PROGRESS".into(), 0, 0),
            ("ACTIVE".into(), "COMPLETED".into(), 2, 0)
        ]
    );
    let new_id = updated.deployments()[0].id().unwrap().to_owned();
    assert!(new_id.starts_with("ecs-svc/") && new_id.len() == "ecs-svc/".len() + 19, "{new_id}");

    // Halfway: one new task running and one launching, the old deployment shrunk to one.
    let halfway = describe(&aws.ecs, "web").await;
    assert_eq!(
        deployments(&halfway),
        [
            ("PRIMARY".into(), "IN_PROGRESS".into(), 1, 1),
            ("ACTIVE".into(), "COMPLETED".into(), 1, 0)
        ]
    );
    assert_eq!((halfway.running_count(), halfway.pending_count()), (2, 1));

    let done = describe(&aws.ecs, "web").await;
    assert_eq!(deployments(&done), [("PRIMARY".into(), "COMPLETED".into(), 2, 0)]);
    assert_eq!(done.deployments()[0].id(), Some(new_id.as_str()));
    assert_eq!(done.deployments()[0].task_definition(), Some(revisions[1].as_str()));
    assert_eq!((done.desired_count(), done.running_count(), done.pending_count()), (2, 2, 0));
    let messages = events(&done);
    assert_eq!(messages[0], "(service web) has reached a steady state.");
    assert_eq!(messages[1], format!("(service web) (deployment {new_id}) deployment completed."));
    assert!(
        messages.iter().any(|m| m.starts_with("(service web) has started 2 tasks: (task ")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("(service web) has stopped 1 running tasks: (task ")),
        "{messages:#?}"
    );
    assert!(done.events().iter().all(|e| e.id().is_some() && e.created_at().is_some()));
}

#[tokio::test]
async fn create_service_reads_back_what_it_was_given() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let revisions = cluster_and_revisions(&aws.ecs, 1).await;
    let configuration = DeploymentConfiguration::builder()
        .maximum_percent(150)
        .minimum_healthy_percent(50)
        .deployment_circuit_breaker(
            DeploymentCircuitBreaker::builder().enable(true).rollback(true).build(),
        )
        .build();
    let strategy = PlacementStrategy::builder()
        .r#type(PlacementStrategyType::Spread)
        .field("instanceId")
        .build();
    let connect = ServiceConnectConfiguration::builder().enabled(false).build();
    let created = aws
        .ecs
        .create_service()
        .cluster(CLUSTER)
        .service_name("web")
        .task_definition("web") // the latest revision, by family
        .desired_count(1)
        .launch_type(aws_sdk_ecs::types::LaunchType::Ec2)
        .deployment_configuration(configuration.clone())
        .health_check_grace_period_seconds(45)
        .enable_execute_command(true)
        .enable_ecs_managed_tags(true)
        .propagate_tags(PropagateTags::Service)
        .placement_strategy(strategy.clone())
        .availability_zone_rebalancing(AvailabilityZoneRebalancing::Enabled)
        .service_connect_configuration(connect.clone())
        .send()
        .await
        .unwrap()
        .service
        .unwrap();
    let read = describe(&aws.ecs, "web").await;
    for service in [&created, &read] {
        assert_eq!(service.task_definition(), Some(revisions[0].as_str()));
        assert_eq!(service.deployment_configuration(), Some(&configuration));
        assert_eq!(service.health_check_grace_period_seconds(), Some(45));
        assert!(service.enable_execute_command());
        assert!(service.enable_ecs_managed_tags());
        assert_eq!(service.propagate_tags(), Some(&PropagateTags::Service));
        assert_eq!(service.placement_strategy(), std::slice::from_ref(&strategy));
        assert_eq!(
            service.availability_zone_rebalancing(),
            Some(&AvailabilityZoneRebalancing::Enabled)
        );
        assert_eq!(service.launch_type().map(|l| l.as_str()), Some("EC2"));
        assert!(service.created_at().is_some());
        // Not part of the Service shape: AWS shows it on the deployment.
        assert_eq!(service.deployments()[0].service_connect_configuration(), Some(&connect));
    }
    // The service's first deployment rolls out like any other.
    assert_eq!(deployments(&created), [("PRIMARY".into(), "IN_PROGRESS".into(), 0, 0)]);
    assert_eq!(deployments(&read), [("PRIMARY".into(), "IN_PROGRESS".into(), 0, 1)]);
    assert_eq!(
        deployments(&steady(&aws.ecs, "web").await),
        [("PRIMARY".into(), "COMPLETED".into(), 1, 0)]
    );

    // AWS fills what was left out of deploymentConfiguration; so does the bed.
    let other = create_service(&aws.ecs, "other", &revisions[0], 1, None).await;
    let defaults = other.deployment_configuration().unwrap();
    assert_eq!(
        (defaults.maximum_percent(), defaults.minimum_healthy_percent()),
        (Some(200), Some(100))
    );
    assert!(!defaults.deployment_circuit_breaker().unwrap().enable());

    // A second service of the same name is refused, as on AWS.
    let again = aws
        .ecs
        .create_service()
        .cluster(CLUSTER)
        .service_name("web")
        .task_definition("web:1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        again.as_service_error().and_then(|e| e.meta().code()),
        Some("InvalidParameterException")
    );
}

#[tokio::test]
async fn desired_count_moves_tasks_at_the_next_step_without_a_deployment() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    steady_web(&aws.ecs, 1, 1, None).await;

    let updated = aws
        .ecs
        .update_service()
        .cluster(CLUSTER)
        .service("web")
        .desired_count(3)
        .send()
        .await
        .unwrap();
    let updated = updated.service.unwrap();
    // moto would report running 3 here; AWS (and the bed) have not started anything yet.
    assert_eq!((updated.desired_count(), updated.running_count()), (3, 1));
    assert_eq!(updated.deployments().len(), 1);

    let scaled = describe(&aws.ecs, "web").await;
    assert_eq!((scaled.desired_count(), scaled.running_count()), (3, 3));
    assert_eq!(deployments(&scaled), [("PRIMARY".into(), "COMPLETED".into(), 3, 0)]);
    assert_eq!(events(&scaled)[0], "(service web) has reached a steady state.");
}

#[tokio::test]
async fn only_deployment_relevant_changes_start_a_deployment() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let revisions = cluster_and_revisions(&aws.ecs, 1).await;
    create_service(&aws.ecs, "web", &revisions[0], 1, None).await;
    let first = steady(&aws.ecs, "web").await.deployments()[0].id().unwrap().to_owned();

    // A grace period is a plain attribute: no new deployment.
    let same = aws
        .ecs
        .update_service()
        .cluster(CLUSTER)
        .service("web")
        .health_check_grace_period_seconds(60)
        .task_definition("web:1")
        .send()
        .await
        .unwrap()
        .service
        .unwrap();
    assert_eq!(same.health_check_grace_period_seconds(), Some(60));
    assert_eq!(same.deployments().len(), 1);
    assert_eq!(same.deployments()[0].id(), Some(first.as_str()));

    // Placement is part of the service revision: AWS starts a new deployment.
    let strategy =
        PlacementStrategy::builder().r#type(PlacementStrategyType::Binpack).field("memory").build();
    let moved = aws
        .ecs
        .update_service()
        .cluster(CLUSTER)
        .service("web")
        .placement_strategy(strategy)
        .send()
        .await
        .unwrap()
        .service
        .unwrap();
    assert_eq!(deployments(&moved)[0].1, "IN_PROGRESS");
    assert_ne!(moved.deployments()[0].id(), Some(first.as_str()));

    // forceNewDeployment does too, with the same task definition.
    steady(&aws.ecs, "web").await;
    let forced = aws
        .ecs
        .update_service()
        .cluster(CLUSTER)
        .service("web")
        .force_new_deployment(true)
        .send()
        .await
        .unwrap()
        .service
        .unwrap();
    assert_eq!(deployments(&forced).len(), 2);
    assert_eq!(forced.deployments()[0].task_definition(), Some(revisions[0].as_str()));
}

#[tokio::test]
async fn a_second_update_supersedes_the_rollout_in_flight() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let revisions = steady_web(&aws.ecs, 3, 2, None).await;
    bed.plan(json!({"service": "web", "steps": 4}));

    let update = |td: &'static str| {
        let ecs = aws.ecs.clone();
        async move {
            ecs.update_service().cluster(CLUSTER).service("web").task_definition(td).send().await
        }
    };
    let second = update("web:2").await.unwrap().service.unwrap();
    let in_flight = second.deployments()[0].id().unwrap().to_owned();
    describe(&aws.ecs, "web").await; // the second revision is partly rolled out
    let third = update("web:3").await.unwrap().service.unwrap();
    let statuses: Vec<_> = third
        .deployments()
        .iter()
        .map(|d| (d.status().unwrap(), d.task_definition().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("PRIMARY", revisions[2].as_str()),
            ("ACTIVE", revisions[1].as_str()),
            ("ACTIVE", revisions[0].as_str())
        ]
    );
    let superseded =
        aws.ecs.list_service_deployments().cluster(CLUSTER).service("web").send().await.unwrap();
    let brief = superseded
        .service_deployments()
        .iter()
        .find(|d| {
            d.service_deployment_arn().unwrap().ends_with(in_flight.trim_start_matches("ecs-svc/"))
        })
        .expect("the superseded deployment is listed");
    assert_eq!(brief.status().map(|s| s.as_str()), Some("STOPPED"));

    let done = steady(&aws.ecs, "web").await;
    assert_eq!(done.task_definition(), Some(revisions[2].as_str()));
    assert_eq!(done.running_count(), 2);
}

#[tokio::test]
async fn time_mode_advances_with_the_clock() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let revisions = cluster_and_revisions(&aws.ecs, 2).await;
    bed.plan(
        json!({"service": "web", "mode": "time", "steps": 2, "step_seconds": 0.1, "count": 0}),
    );
    create_service(&aws.ecs, "web", &revisions[0], 2, None).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    // No read advanced it: the clock did.
    assert_eq!(
        deployments(&describe(&aws.ecs, "web").await),
        [("PRIMARY".into(), "COMPLETED".into(), 2, 0)]
    );

    update_web(&aws.ecs, "web:2").await;
    // Reads do not advance a time-mode rollout.
    for _ in 0..3 {
        assert_eq!(deployments(&describe(&aws.ecs, "web").await)[0].1, "IN_PROGRESS");
    }
    tokio::time::sleep(Duration::from_millis(250)).await;
    let done = describe(&aws.ecs, "web").await;
    assert_eq!(deployments(&done), [("PRIMARY".into(), "COMPLETED".into(), 2, 0)]);
    assert_eq!(done.task_definition(), Some(revisions[1].as_str()));
}

#[tokio::test]
async fn service_tasks_are_listed_and_described() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let revisions = cluster_and_revisions(&aws.ecs, 2).await;
    create_service(&aws.ecs, "web", &revisions[0], 2, None).await;
    let service = steady(&aws.ecs, "web").await;
    let deployment = service.deployments()[0].id().unwrap().to_owned();

    let tasks = web_tasks(&aws.ecs, false, None).await;
    assert_eq!(tasks.len(), 2);
    for task in &tasks {
        assert_eq!(task.last_status(), Some("RUNNING"));
        assert_eq!(task.group(), Some("service:web"));
        assert_eq!(task.started_by(), Some(deployment.as_str()));
        assert_eq!(task.task_definition_arn(), Some(revisions[0].as_str()));
        assert!(task.started_at().is_some());
        assert_eq!(task.containers()[0].name(), Some("web"));
    }

    // After a rollout the old tasks are stopped (and listed only with desiredStatus=STOPPED).
    update_web(&aws.ecs, "web:2").await;
    steady(&aws.ecs, "web").await;
    let old = web_tasks(&aws.ecs, true, None).await;
    assert_eq!(old.len(), 2);
    for task in &old {
        assert_eq!(task.last_status(), Some("STOPPED"));
        assert_eq!(task.stop_code().map(|c| c.as_str()), Some("ServiceSchedulerInitiated"));
        assert!(task.stopped_reason().unwrap().starts_with("Scaling activity initiated by"));
    }
    let definition =
        aws.ecs.describe_task_definition().task_definition("web:1").send().await.unwrap();
    assert!(definition.task_definition().unwrap().registered_at().is_some());
}
