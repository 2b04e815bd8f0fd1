//! Behaviour 3: the service deployments / service revisions APIs (moto: HTTP 500).

use aws_sdk_ecs::types::{CreatedAt, ServiceDeploymentStatus, StopServiceDeploymentStopType};
use aws_smithy_types::DateTime;
use serde_json::json;

use super::{
    Aws, CLUSTER, cluster_and_revisions, create_service, describe, register, steady, steady_web,
    update_web,
};
use crate::support::bed::{ACCOUNT, Bed, REGION};

fn status(deployment: &aws_sdk_ecs::types::ServiceDeployment) -> &str {
    deployment.status().map(|s| s.as_str()).unwrap_or_default()
}

async fn describe_deployment(aws: &Aws, arn: &str) -> aws_sdk_ecs::types::ServiceDeployment {
    let output =
        aws.ecs.describe_service_deployments().service_deployment_arns(arn).send().await.unwrap();
    output.service_deployments()[0].clone()
}

#[tokio::test]
async fn deployments_and_revisions_describe_the_history() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    // v2 is an ECR image of this account: its revision resolves the digest.
    let repository = aws.ecr.create_repository().repository_name("app").send().await.unwrap();
    let uri = repository.repository().unwrap().repository_uri().unwrap().to_owned();
    let manifest = json!({"schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "layers": [{"digest": "sha256:aaaa"}]})
    .to_string();
    let pushed = aws
        .ecr
        .put_image()
        .repository_name("app")
        .image_manifest(manifest)
        .image_tag("v2")
        .send()
        .await
        .unwrap();
    let digest = pushed.image().unwrap().image_id().unwrap().image_digest().unwrap().to_owned();
    let revisions = cluster_and_revisions(&aws.ecs, 1).await;
    let v2 = register(&aws.ecs, "web", &format!("{uri}:v2")).await;
    create_service(&aws.ecs, "web", &revisions[0], 2, None).await;
    steady(&aws.ecs, "web").await;
    let between = DateTime::from(std::time::SystemTime::now());
    let updated = update_web(&aws.ecs, &v2).await;
    let current = updated.current_service_deployment().unwrap().to_owned();
    assert!(
        current.starts_with(&format!(
            "arn:aws:ecs:{REGION}:{ACCOUNT}:service-deployment/{CLUSTER}/web/"
        )),
        "{current}"
    );

    // In flight: listed first, with both revisions and live counts.
    let listed =
        aws.ecs.list_service_deployments().cluster(CLUSTER).service("web").send().await.unwrap();
    let briefs = listed.service_deployments();
    assert_eq!(briefs.len(), 2);
    assert_eq!(briefs[0].service_deployment_arn(), Some(current.as_str()));
    assert_eq!(briefs[0].status(), Some(&ServiceDeploymentStatus::InProgress));
    assert_eq!(briefs[1].status(), Some(&ServiceDeploymentStatus::Successful));
    let deployment = describe_deployment(&aws, &current).await;
    assert_eq!(status(&deployment), "SUCCESSFUL"); // that read was the rollout's last step
    let target = deployment.target_service_revision().unwrap();
    assert_eq!((target.requested_task_count(), target.running_task_count()), (2, 2));
    assert_eq!(deployment.source_service_revisions().len(), 1);
    assert!(deployment.finished_at().is_some() && deployment.started_at().is_some());
    assert_eq!(
        deployment.deployment_circuit_breaker().unwrap().status().map(|s| s.as_str()),
        Some("DISABLED")
    );

    // Filters: by status, and by creation time.
    let successful = aws
        .ecs
        .list_service_deployments()
        .cluster(CLUSTER)
        .service("web")
        .status(ServiceDeploymentStatus::Successful)
        .created_at(CreatedAt::builder().after(between).build())
        .send()
        .await
        .unwrap();
    assert_eq!(successful.service_deployments().len(), 1);
    let before = aws
        .ecs
        .list_service_deployments()
        .cluster(CLUSTER)
        .service("web")
        .created_at(CreatedAt::builder().before(between).build())
        .send()
        .await
        .unwrap();
    assert_ne!(before.service_deployments()[0].service_deployment_arn(), Some(current.as_str()));

    // Revisions: the task definition, the launch settings, and the image digest from ECR.
    let revision_arn = target.arn().unwrap();
    assert!(revision_arn.contains(":service-revision/bed/web/"), "{revision_arn}");
    let revisions_output = aws
        .ecs
        .describe_service_revisions()
        .service_revision_arns(revision_arn)
        .send()
        .await
        .unwrap();
    let revision = &revisions_output.service_revisions()[0];
    assert_eq!(revision.task_definition(), Some(v2.as_str()));
    assert_eq!(revision.launch_type().map(|l| l.as_str()), Some("EC2"));
    let image = &revision.container_images()[0];
    assert_eq!(image.container_name(), Some("web"));
    assert_eq!(image.image(), Some(format!("{uri}:v2").as_str()));
    assert_eq!(image.image_digest(), Some(digest.as_str()));
    assert!(revision.created_at().is_some());
}

#[tokio::test]
async fn stop_with_rollback_returns_to_the_source_revision() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let revisions = steady_web(&aws.ecs, 2, 2, None).await;
    bed.plan(json!({"service": "web", "steps": 5}));
    let updated = update_web(&aws.ecs, "web:2").await;
    let arn = updated.current_service_deployment().unwrap().to_owned();
    describe(&aws.ecs, "web").await;

    aws.ecs
        .stop_service_deployment()
        .service_deployment_arn(&arn)
        .stop_type(StopServiceDeploymentStopType::Rollback)
        .send()
        .await
        .unwrap();
    let list = aws.ecs.list_service_deployments().cluster(CLUSTER).service("web");
    // ListServiceDeployments is a read: each one moves the rollback one step.
    let statuses = [
        list.clone().send().await.unwrap().service_deployments()[0].status().cloned(),
        list.clone().send().await.unwrap().service_deployments()[0].status().cloned(),
    ];
    assert_eq!(
        statuses,
        [
            Some(ServiceDeploymentStatus::RollbackInProgress),
            Some(ServiceDeploymentStatus::RollbackSuccessful)
        ]
    );
    let deployment = describe_deployment(&aws, &arn).await;
    let rollback = deployment.rollback().unwrap();
    assert_eq!(rollback.service_revision_arn(), deployment.source_service_revisions()[0].arn());
    assert!(rollback.started_at().is_some());
    let service = steady(&aws.ecs, "web").await;
    assert_eq!(service.task_definition(), Some(revisions[0].as_str()));

    // Finished deployments cannot be stopped; unknown ones do not exist.
    let again =
        aws.ecs.stop_service_deployment().service_deployment_arn(&arn).send().await.unwrap_err();
    assert_eq!(again.as_service_error().and_then(|e| e.meta().code()), Some("ConflictException"));
    let unknown = aws
        .ecs
        .stop_service_deployment()
        .service_deployment_arn(format!("{arn}0"))
        .send()
        .await
        .unwrap_err();
    assert!(unknown.into_service_error().is_service_deployment_not_found_exception());
}

#[tokio::test]
async fn abort_stops_the_deployment_where_it_is() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    steady_web(&aws.ecs, 2, 2, None).await;
    bed.plan(json!({"service": "web", "steps": 5}));
    let updated = update_web(&aws.ecs, "web:2").await;
    let arn = updated.current_service_deployment().unwrap().to_owned();
    aws.ecs
        .stop_service_deployment()
        .service_deployment_arn(&arn)
        .stop_type(StopServiceDeploymentStopType::Abort)
        .send()
        .await
        .unwrap();
    let briefs =
        aws.ecs.list_service_deployments().cluster(CLUSTER).service("web").send().await.unwrap();
    assert_eq!(briefs.service_deployments()[0].status(), Some(&ServiceDeploymentStatus::Stopped));
    let deployment = describe_deployment(&aws, &arn).await;
    assert_eq!(status(&deployment), "STOPPED");
    assert!(deployment.stopped_at().is_some());
    // Nothing moves any more.
    let service = describe(&aws.ecs, "web").await;
    assert_eq!(service.deployments()[0].rollout_state().map(|s| s.as_str()), Some("FAILED"));
    assert_eq!(service.deployments().len(), 2);
}
