//! ECS daemons: daemon task definitions, daemons placed on the capacity provider's container
//! instances, deployments that move per read and fail by plan, driven through the Rust SDK.

use aws_sdk_ecs::error::ProvideErrorMetadata;
use aws_sdk_ecs::types::{DaemonContainerDefinition, DaemonDeploymentStatus as Status};
use serde_json::json;

use super::Aws;
use crate::support::bed::Bed;

async fn register(aws: &Aws, image: &str) -> String {
    let container =
        DaemonContainerDefinition::builder().name("agent").image(image).build().unwrap();
    let out = aws
        .ecs
        .register_daemon_task_definition()
        .family("agent")
        .container_definitions(container)
        .send()
        .await;
    out.unwrap().daemon_task_definition_arn.unwrap()
}

async fn deployment(aws: &Aws, arn: &str) -> aws_sdk_ecs::types::DaemonDeployment {
    let out =
        aws.ecs.describe_daemon_deployments().daemon_deployment_arns(arn).send().await.unwrap();
    out.daemon_deployments()[0].clone()
}

#[tokio::test]
async fn a_deployment_moves_the_instances_and_a_failing_one_is_rolled_back() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = bed.seed();
    let (cluster, provider) = (
        seed["cluster"]["arn"].as_str().unwrap(),
        seed["capacity_provider"]["arn"].as_str().unwrap(),
    );
    let first = register(&aws, "agent:1").await;
    assert!(first.ends_with(":daemon-task-definition/agent:1"));
    let created = aws
        .ecs
        .create_daemon()
        .daemon_name("agent")
        .cluster_arn(cluster)
        .daemon_task_definition_arn(&first)
        .capacity_provider_arns(provider)
        .send()
        .await
        .unwrap();
    let arn = created.daemon_arn.clone().unwrap();
    assert!(arn.ends_with(":daemon/acme-dev-cluster/agent"));
    // The seed's two container instances, one per read with two steps: one, then both.
    let d = deployment(&aws, created.deployment_arn().unwrap()).await;
    assert_eq!(d.status(), Some(&Status::InProgress));
    assert_eq!(d.target_daemon_revision().unwrap().total_running_instance_count(), Some(1));
    let d = deployment(&aws, created.deployment_arn().unwrap()).await;
    assert_eq!(d.status(), Some(&Status::Successful));
    assert_eq!(d.target_daemon_revision().unwrap().total_running_instance_count(), Some(2));

    bed.plan(json!({"kind": "daemon", "daemon": "agent", "outcome": "fail", "steps": 1}));
    let second = register(&aws, "agent:2").await;
    let updated = aws
        .ecs
        .update_daemon()
        .daemon_arn(&arn)
        .daemon_task_definition_arn(&second)
        .capacity_provider_arns("acme-dev-cp")
        .send()
        .await
        .unwrap();
    let id = updated.deployment_arn().unwrap();
    let d = deployment(&aws, id).await;
    assert_eq!(d.status(), Some(&Status::RollbackInProgress));
    assert_eq!(d.circuit_breaker().unwrap().status().map(|s| s.as_str()), Some("TRIGGERED"));
    let d = deployment(&aws, id).await;
    assert_eq!(d.status(), Some(&Status::RollbackSuccessful));
    let back_to = d.rollback().unwrap().rollback_target_daemon_revision_arn().unwrap().to_string();
    let revisions =
        aws.ecs.describe_daemon_revisions().daemon_revision_arns(&back_to).send().await.unwrap();
    assert_eq!(revisions.daemon_revisions()[0].daemon_task_definition_arn(), Some(first.as_str()));
    let daemon = aws.ecs.describe_daemon().daemon_arn(&arn).send().await.unwrap();
    let current = daemon.daemon().unwrap().current_revisions();
    assert_eq!((current.len(), current[0].arn()), (1, Some(back_to.as_str())));
    assert_eq!(current[0].total_running_count(), 2);
    let listed = aws.ecs.list_daemon_deployments().daemon_arn(&arn).send().await.unwrap();
    let statuses: Vec<_> =
        listed.daemon_deployments().iter().map(|d| d.status().cloned()).collect();
    assert_eq!(
        statuses,
        [Some(Status::RollbackSuccessful), Some(Status::Successful)],
        "newest first"
    );
}

#[tokio::test]
async fn refusals_have_aws_error_shapes_and_tags_stick() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = bed.seed();
    let cluster = seed["cluster"]["arn"].as_str().unwrap();
    let td = register(&aws, "agent:1").await;
    let create = |provider: &str| {
        aws.ecs
            .create_daemon()
            .daemon_name("agent")
            .cluster_arn(cluster)
            .daemon_task_definition_arn(&td)
            .capacity_provider_arns(provider)
    };
    let unknown = create("nope").send().await.unwrap_err();
    assert_eq!(unknown.code(), Some("InvalidParameterException"));
    let missing_td =
        create("acme-dev-cp").daemon_task_definition_arn("agent:9").send().await.unwrap_err();
    assert_eq!(missing_td.code(), Some("ClientException"));
    let arn = create("acme-dev-cp").send().await.unwrap().daemon_arn.unwrap();
    assert_eq!(
        create("acme-dev-cp").send().await.unwrap_err().code(),
        Some("InvalidParameterException")
    );
    aws.ecs
        .tag_resource()
        .resource_arn(&arn)
        .tags(aws_sdk_ecs::types::Tag::builder().key("team").value("sre").build())
        .send()
        .await
        .unwrap();
    let tags = aws.ecs.list_tags_for_resource().resource_arn(&arn).send().await.unwrap();
    assert_eq!(tags.tags()[0].key(), Some("team"));
    aws.ecs.delete_daemon().daemon_arn(&arn).send().await.unwrap();
    let gone = aws
        .ecs
        .update_daemon()
        .daemon_arn(&arn)
        .daemon_task_definition_arn(&td)
        .capacity_provider_arns("acme-dev-cp")
        .send()
        .await;
    assert_eq!(gone.unwrap_err().code(), Some("DaemonNotActiveException"));
    let nothing = aws
        .ecs
        .describe_daemon()
        .daemon_arn(arn.replace("agent", "other"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(nothing.code(), Some("DaemonNotFoundException"));
}
