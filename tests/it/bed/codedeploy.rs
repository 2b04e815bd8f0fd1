//! Behaviour 4: CodeDeploy ECS blue/green deployments that progress (moto: stuck at Created).

use aws_sdk_codedeploy::types::{
    AppSpecContent, BlueGreenDeploymentConfiguration, BlueInstanceTerminationOption,
    DeploymentOption, DeploymentReadyAction, DeploymentReadyOption, DeploymentStatus,
    DeploymentStyle, DeploymentType, DeploymentWaitType, EcsService, InstanceAction,
    LoadBalancerInfo, RevisionLocation, RevisionLocationType, TargetGroupInfo, TargetGroupPairInfo,
    TrafficRoute,
};
use aws_sdk_ecs::types::{
    DeploymentController, DeploymentControllerType, LaunchType, LoadBalancer,
};
use serde_json::{Value, json};

use super::{Aws, CLUSTER, cluster_and_revisions, describe, steady, web_service};
use crate::support::bed::Bed;

/// Seed, revisions web:1..3 and the CodeDeploy-controlled service the seed's group deploys.
async fn codedeploy_service(bed: &Bed, aws: &Aws) -> Value {
    let seed = bed.seed();
    // The seed's deployment group targets `acme-dev-app-cd` in the seed's cluster.
    let cluster = seed["cluster"]["name"].as_str().unwrap();
    cluster_and_revisions(&aws.ecs, 3).await;
    let balancer = LoadBalancer::builder()
        .target_group_arn(seed["target_groups"]["blue"].as_str().unwrap())
        .container_name("web")
        .container_port(3000)
        .build();
    aws.ecs
        .create_service()
        .cluster(cluster)
        .service_name(seed["codedeploy"]["service"].as_str().unwrap())
        .task_definition("web:1")
        .desired_count(2)
        .launch_type(LaunchType::Ec2)
        .load_balancers(balancer)
        .deployment_controller(
            DeploymentController::builder()
                .r#type(DeploymentControllerType::CodeDeploy)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    seed
}

async fn create_deployment(
    aws: &Aws,
    seed: &Value,
    appspec: &str,
) -> Result<String, aws_sdk_codedeploy::Error> {
    let revision = RevisionLocation::builder()
        .revision_type(RevisionLocationType::AppSpecContent)
        .app_spec_content(AppSpecContent::builder().content(appspec).build())
        .build();
    let output = aws
        .codedeploy
        .create_deployment()
        .application_name(seed["codedeploy"]["application"].as_str().unwrap())
        .deployment_group_name(seed["codedeploy"]["deployment_group"].as_str().unwrap())
        .revision(revision)
        .send()
        .await?;
    Ok(output.deployment_id().unwrap().to_owned())
}

fn yaml_appspec(revision: &str) -> String {
    format!(
        "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        \
         TaskDefinition: \"{revision}\"\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 3000\n"
    )
}

async fn status(aws: &Aws, id: &str) -> DeploymentStatus {
    let output = aws.codedeploy.get_deployment().deployment_id(id).send().await.unwrap();
    output.deployment_info().unwrap().status().cloned().unwrap()
}

async fn service_definition(aws: &Aws, seed: &Value) -> String {
    let output = aws
        .ecs
        .describe_services()
        .cluster(seed["cluster"]["name"].as_str().unwrap())
        .services(seed["codedeploy"]["service"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    output.services()[0].task_definition().unwrap().to_owned()
}

#[tokio::test]
async fn a_deployment_progresses_and_the_service_runs_the_appspec_revision() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = codedeploy_service(&bed, &aws).await;
    bed.plan(json!({"kind": "codedeploy", "steps": 3}));
    let id = create_deployment(&aws, &seed, &yaml_appspec("web:2")).await.unwrap();
    assert!(id.starts_with("d-") && id.len() == 11, "{id}");

    // AWS allows one deployment in flight per group.
    let second = create_deployment(&aws, &seed, &yaml_appspec("web:3")).await.unwrap_err();
    assert!(
        matches!(second, aws_sdk_codedeploy::Error::DeploymentLimitExceededException(_)),
        "{second:?}"
    );

    let target_id = format!(
        "{}:{}",
        seed["cluster"]["name"].as_str().unwrap(),
        seed["codedeploy"]["service"].as_str().unwrap()
    );
    let targets = aws.codedeploy.list_deployment_targets().deployment_id(&id).send().await.unwrap();
    assert_eq!(targets.target_ids(), [target_id.as_str()]);

    assert_eq!(status(&aws, &id).await, DeploymentStatus::InProgress);
    let target = aws
        .codedeploy
        .get_deployment_target()
        .deployment_id(&id)
        .target_id(&target_id)
        .send()
        .await
        .unwrap();
    let ecs_target = target.deployment_target().unwrap().ecs_target().unwrap().clone();
    let events: Vec<_> = ecs_target
        .lifecycle_events()
        .iter()
        .map(|e| {
            (e.lifecycle_event_name().unwrap().to_owned(), e.status().unwrap().as_str().to_owned())
        })
        .collect();
    assert_eq!(events[0], ("BeforeInstall".into(), "Succeeded".into()));
    assert_eq!(events[2], ("AfterInstall".into(), "InProgress".into()));
    assert_eq!(events[7], ("AfterAllowTraffic".into(), "Pending".into()));
    let labels: Vec<_> = ecs_target
        .task_sets_info()
        .iter()
        .map(|t| (t.task_set_label().unwrap().as_str().to_owned(), t.traffic_weight()))
        .collect();
    assert_eq!(labels, [("Blue".into(), 100.0), ("Green".into(), 0.0)]);
    assert!(service_definition(&aws, &seed).await.ends_with("web:1"));

    assert_eq!(status(&aws, &id).await, DeploymentStatus::InProgress);
    // Traffic has shifted; the seed's group keeps blue for 5 minutes (terminationWaitTimeInMinutes)
    // and the deployment stays InProgress until then or until ContinueDeployment.
    assert_eq!(status(&aws, &id).await, DeploymentStatus::InProgress);
    let waiting = aws.codedeploy.get_deployment().deployment_id(&id).send().await.unwrap();
    assert!(waiting.deployment_info().unwrap().instance_termination_wait_time_started());
    assert!(service_definition(&aws, &seed).await.ends_with("web:2"));
    aws.codedeploy
        .continue_deployment()
        .deployment_id(&id)
        .deployment_wait_type(DeploymentWaitType::TerminationWait)
        .send()
        .await
        .unwrap();
    assert_eq!(status(&aws, &id).await, DeploymentStatus::Succeeded);
    let info = aws.codedeploy.get_deployment().deployment_id(&id).send().await.unwrap();
    let info = info.deployment_info().unwrap();
    assert!(info.complete_time().is_some() && info.start_time().is_some());
    assert_eq!(info.deployment_overview().unwrap().succeeded(), 1);
    assert!(info.error_information().is_none());
    assert!(service_definition(&aws, &seed).await.ends_with("web:2"));
    // The production listener now forwards to the replacement (green) target group.
    let listener = aws
        .elb
        .describe_listeners()
        .listener_arns(seed["listeners"]["http"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let forward = listener.listeners()[0].default_actions()[0].forward_config().unwrap().clone();
    let green = forward.target_groups().iter().find(|g| g.weight() == Some(100)).unwrap();
    assert_eq!(green.target_group_arn(), seed["target_groups"]["green"].as_str());

    // The group is free again.
    create_deployment(&aws, &seed, &yaml_appspec("web:3")).await.unwrap();
}

#[tokio::test]
async fn a_failing_deployment_rolls_back_and_a_stopped_one_stops() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = codedeploy_service(&bed, &aws).await;
    bed.plan(json!({"kind": "codedeploy", "outcome": "fail", "steps": 2}));
    // A JSON AppSpec this time.
    let appspec = json!({"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service",
        "Properties": {"TaskDefinition": "web:2", "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 3000}}}}]});
    let id = create_deployment(&aws, &seed, &appspec.to_string()).await.unwrap();
    assert_eq!(status(&aws, &id).await, DeploymentStatus::InProgress);
    assert_eq!(status(&aws, &id).await, DeploymentStatus::Failed);
    let info = aws.codedeploy.get_deployment().deployment_id(&id).send().await.unwrap();
    let info = info.deployment_info().unwrap();
    assert!(info.error_information().unwrap().message().is_some());
    let rollback = info.rollback_info().unwrap();
    let rollback_id = rollback.rollback_deployment_id().unwrap();
    assert_eq!(status(&aws, rollback_id).await, DeploymentStatus::Succeeded);
    assert!(service_definition(&aws, &seed).await.ends_with("web:1"));

    let id = create_deployment(&aws, &seed, &yaml_appspec("web:3")).await.unwrap();
    let stopped = aws
        .codedeploy
        .stop_deployment()
        .deployment_id(&id)
        .auto_rollback_enabled(true)
        .send()
        .await
        .unwrap();
    assert_eq!(stopped.status().map(|s| s.as_str()), Some("Succeeded"));
    assert_eq!(status(&aws, &id).await, DeploymentStatus::Stopped);
    assert!(service_definition(&aws, &seed).await.ends_with("web:1"));
    let again = aws.codedeploy.stop_deployment().deployment_id(&id).send().await.unwrap_err();
    assert!(again.into_service_error().is_deployment_already_completed_exception());
}

#[tokio::test]
async fn ecs_refuses_task_definition_changes_on_codedeploy_services() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    cluster_and_revisions(&aws.ecs, 2).await;
    web_service(&aws.ecs, 1)
        .deployment_controller(
            DeploymentController::builder()
                .r#type(DeploymentControllerType::CodeDeploy)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    steady(&aws.ecs, "web").await;
    let refused = aws
        .ecs
        .update_service()
        .cluster(CLUSTER)
        .service("web")
        .task_definition("web:2")
        .send()
        .await
        .unwrap_err();
    assert!(refused.into_service_error().is_invalid_parameter_exception());
    assert!(describe(&aws.ecs, "web").await.task_definition().unwrap().ends_with("web:1"));
}

/// Forward weights of a listener's default action, as (target group name, weight).
async fn listener_weights(aws: &Aws, listener: &str) -> Vec<(String, i32)> {
    let output = aws.elb.describe_listeners().listener_arns(listener).send().await.unwrap();
    let forward = output.listeners()[0].default_actions()[0].forward_config().unwrap().clone();
    forward
        .target_groups()
        .iter()
        .map(|g| {
            let name = g.target_group_arn().unwrap().split('/').nth(1).unwrap().to_owned();
            (name, g.weight().unwrap_or_default())
        })
        .collect()
}

/// (event name, status) of the deployment's lifecycle events.
async fn lifecycle(aws: &Aws, seed: &Value, id: &str) -> Vec<(String, String)> {
    let target_id = format!(
        "{}:{}",
        seed["cluster"]["name"].as_str().unwrap(),
        seed["codedeploy"]["service"].as_str().unwrap()
    );
    let target = aws
        .codedeploy
        .get_deployment_target()
        .deployment_id(id)
        .target_id(target_id)
        .send()
        .await
        .unwrap();
    let ecs_target = target.deployment_target().unwrap().ecs_target().unwrap().clone();
    ecs_target
        .lifecycle_events()
        .iter()
        .map(|e| (e.lifecycle_event_name().unwrap().into(), e.status().unwrap().as_str().into()))
        .collect()
}

#[tokio::test]
async fn ready_and_termination_waits_hold_the_deployment_until_continued() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = codedeploy_service(&bed, &aws).await;
    // A group like the seed's, but stopping at Ready and keeping blue an hour after the shift.
    let pair = TargetGroupPairInfo::builder()
        .target_groups(TargetGroupInfo::builder().name("acme-dev-blue").build())
        .target_groups(TargetGroupInfo::builder().name("acme-dev-green").build())
        .prod_traffic_route(
            TrafficRoute::builder()
                .listener_arns(seed["listeners"]["http"].as_str().unwrap())
                .build(),
        )
        .test_traffic_route(
            TrafficRoute::builder()
                .listener_arns(seed["listeners"]["test"].as_str().unwrap())
                .build(),
        )
        .build();
    let waits = BlueGreenDeploymentConfiguration::builder()
        .deployment_ready_option(
            DeploymentReadyOption::builder()
                .action_on_timeout(DeploymentReadyAction::StopDeployment)
                .wait_time_in_minutes(60)
                .build(),
        )
        .terminate_blue_instances_on_deployment_success(
            BlueInstanceTerminationOption::builder()
                .action(InstanceAction::Terminate)
                .termination_wait_time_in_minutes(60)
                .build(),
        )
        .build();
    aws.codedeploy
        .create_deployment_group()
        .application_name(seed["codedeploy"]["application"].as_str().unwrap())
        .deployment_group_name("acme-dev-app-gated")
        .service_role_arn(seed["roles"]["codedeploy"].as_str().unwrap())
        .deployment_style(
            DeploymentStyle::builder()
                .deployment_type(DeploymentType::BlueGreen)
                .deployment_option(DeploymentOption::WithTrafficControl)
                .build(),
        )
        .blue_green_deployment_configuration(waits)
        .ecs_services(
            EcsService::builder()
                .service_name(seed["codedeploy"]["service"].as_str().unwrap())
                .cluster_name(seed["cluster"]["name"].as_str().unwrap())
                .build(),
        )
        .load_balancer_info(LoadBalancerInfo::builder().target_group_pair_info_list(pair).build())
        .send()
        .await
        .unwrap();
    let revision = RevisionLocation::builder()
        .revision_type(RevisionLocationType::AppSpecContent)
        .app_spec_content(AppSpecContent::builder().content(yaml_appspec("web:2")).build())
        .build();
    let created = aws
        .codedeploy
        .create_deployment()
        .application_name(seed["codedeploy"]["application"].as_str().unwrap())
        .deployment_group_name("acme-dev-app-gated")
        .revision(revision)
        .send()
        .await
        .unwrap();
    let id = created.deployment_id().unwrap().to_owned();
    let continue_ = |wait: DeploymentWaitType| {
        aws.codedeploy.continue_deployment().deployment_id(&id).deployment_wait_type(wait).send()
    };
    let (http, test) =
        (seed["listeners"]["http"].as_str().unwrap(), seed["listeners"]["test"].as_str().unwrap());
    let blue_only = [("acme-dev-blue".to_owned(), 100), ("acme-dev-green".to_owned(), 0)];
    let green_only = [("acme-dev-blue".to_owned(), 0), ("acme-dev-green".to_owned(), 100)];

    // Not Ready yet: READY_WAIT is refused.
    let early = continue_(DeploymentWaitType::ReadyWait).await.unwrap_err();
    assert!(early.into_service_error().is_deployment_is_not_in_ready_state_exception());
    // Ready: test traffic on green, production on blue, and reads do not move it.
    assert_eq!(status(&aws, &id).await, DeploymentStatus::InProgress);
    for _ in 0..3 {
        assert_eq!(status(&aws, &id).await, DeploymentStatus::Ready);
    }
    assert_eq!(listener_weights(&aws, test).await, green_only);
    assert_eq!(listener_weights(&aws, http).await, blue_only);
    let events = lifecycle(&aws, &seed, &id).await;
    assert_eq!(events[4], ("AfterAllowTestTraffic".into(), "Succeeded".into()));
    assert_eq!(events[5], ("BeforeAllowTraffic".into(), "Pending".into()));
    assert!(service_definition(&aws, &seed).await.ends_with("web:1"));
    let wrong = continue_(DeploymentWaitType::TerminationWait).await.unwrap_err();
    assert!(wrong.into_service_error().is_invalid_deployment_wait_type_exception());

    // Continue: production shifts, then the termination wait holds it InProgress.
    continue_(DeploymentWaitType::ReadyWait).await.unwrap();
    for _ in 0..3 {
        assert_eq!(status(&aws, &id).await, DeploymentStatus::InProgress);
    }
    let info = aws.codedeploy.get_deployment().deployment_id(&id).send().await.unwrap();
    assert!(info.deployment_info().unwrap().instance_termination_wait_time_started());
    assert_eq!(listener_weights(&aws, http).await, green_only);
    assert!(lifecycle(&aws, &seed, &id).await.iter().all(|(_, status)| status == "Succeeded"));
    assert!(service_definition(&aws, &seed).await.ends_with("web:2"));

    continue_(DeploymentWaitType::TerminationWait).await.unwrap();
    assert_eq!(status(&aws, &id).await, DeploymentStatus::Succeeded);
    let late = continue_(DeploymentWaitType::TerminationWait).await.unwrap_err();
    assert!(late.into_service_error().is_deployment_already_completed_exception());
}
