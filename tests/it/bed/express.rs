//! Express Mode services: the four Express APIs on the service simulation, driven through the
//! Rust SDK as shipper drives them.

use aws_sdk_ecs::error::ProvideErrorMetadata;
use aws_sdk_ecs::types::{
    ExpressGatewayContainer, ExpressGatewayServiceInclude, KeyValuePair, ServiceDeploymentStatus,
};
use serde_json::json;

use super::Aws;
use crate::support::bed::{Bed, RequestLog};

const CLUSTER: &str = "acme-dev-cluster";

fn container(image: &str) -> ExpressGatewayContainer {
    ExpressGatewayContainer::builder()
        .image(image)
        .environment(KeyValuePair::builder().name("A").value("1").build())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_express_service_is_an_ecs_managed_service_deployed_by_canary() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = bed.seed();
    let role = seed["roles"]["ecs_infrastructure"].as_str().unwrap();
    let created = aws
        .ecs
        .create_express_gateway_service()
        .cluster(CLUSTER)
        .service_name("web")
        .infrastructure_role_arn(role)
        .primary_container(container("nginx:1"))
        .send()
        .await
        .unwrap();
    let service = created.service().unwrap();
    let config = &service.active_configurations()[0];
    // ECS's defaults for what the request left out.
    assert_eq!(
        (config.cpu(), config.memory(), config.health_check_path()),
        (Some("1024"), Some("2048"), Some("/"))
    );
    assert_eq!(config.primary_container().unwrap().container_port(), Some(80));
    assert!(config.primary_container().unwrap().aws_logs_configuration().is_some());
    assert_eq!(config.scaling_target().unwrap().min_task_count(), Some(1));
    assert!(config.ingress_paths()[0].endpoint().ends_with(".ecs.ap-northeast-1.on.aws"));
    let arn = service.service_arn().unwrap().to_string();

    let described =
        aws.ecs.describe_services().cluster(CLUSTER).services("web").send().await.unwrap();
    let svc = &described.services()[0];
    assert_eq!(svc.resource_management_type().map(|t| t.as_str()), Some("ECS"));
    let strategy = svc.deployment_configuration().and_then(|d| d.strategy()).map(|s| s.as_str());
    assert_eq!(strategy, Some("CANARY"));

    // An update keeps what it does not send (the environment) and starts a deployment.
    let updated = aws
        .ecs
        .update_express_gateway_service()
        .service_arn(&arn)
        .primary_container(ExpressGatewayContainer::builder().image("nginx:2").build().unwrap())
        .send()
        .await
        .unwrap();
    let target = updated.service().unwrap().target_configuration().unwrap();
    assert_eq!(target.primary_container().unwrap().image(), "nginx:2");
    assert!(target.task_definition_arn().unwrap().ends_with("task-definition/web:2"));
    let during = aws.ecs.describe_express_gateway_service().service_arn(&arn).send().await.unwrap();
    assert_eq!(
        during.service().unwrap().active_configurations().len(),
        2,
        "old and new while deploying"
    );
    let mut status = None;
    for _ in 0..20 {
        let list = aws
            .ecs
            .list_service_deployments()
            .cluster(CLUSTER)
            .service("web")
            .send()
            .await
            .unwrap();
        status = list.service_deployments()[0].status().cloned();
        if status == Some(ServiceDeploymentStatus::Successful) {
            break;
        }
    }
    assert_eq!(status, Some(ServiceDeploymentStatus::Successful));
    let after = aws
        .ecs
        .describe_express_gateway_service()
        .service_arn(&arn)
        .include(ExpressGatewayServiceInclude::Tags)
        .send()
        .await
        .unwrap();
    let configs = after.service().unwrap().active_configurations();
    assert_eq!(configs.len(), 1);
    assert_eq!(configs[0].primary_container().unwrap().environment()[0].name(), Some("A"));
    let revision = configs[0].service_revision_arn().unwrap();
    let revisions =
        aws.ecs.describe_service_revisions().service_revision_arns(revision).send().await.unwrap();
    let resources = revisions.service_revisions()[0].ecs_managed_resources().unwrap();
    assert_eq!(resources.ingress_paths()[0].target_groups()[0].health_check_path(), "/");
    assert_eq!(resources.log_groups().len(), 1);
    let request =
        bed.requests().into_iter().find(|r| r.action == "UpdateExpressGatewayService").unwrap();
    assert_eq!(request.body["primaryContainer"], json!({"image": "nginx:2"}));
}

#[tokio::test]
async fn refusals_have_aws_error_shapes() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = bed.seed();
    let role = seed["roles"]["ecs_infrastructure"].as_str().unwrap();
    let create = || {
        aws.ecs
            .create_express_gateway_service()
            .cluster(CLUSTER)
            .service_name("web")
            .infrastructure_role_arn(role)
            .primary_container(container("nginx:1"))
    };
    create().send().await.unwrap();
    let twice = create().send().await.unwrap_err();
    assert_eq!(twice.code(), Some("InvalidParameterException"));
    let nowhere = create().cluster("nope").send().await.unwrap_err();
    assert_eq!(nowhere.code(), Some("ClusterNotFoundException"));
    let arn = format!("arn:aws:ecs:ap-northeast-1:123456789012:service/{CLUSTER}/missing");
    let missing =
        aws.ecs.describe_express_gateway_service().service_arn(&arn).send().await.unwrap_err();
    assert_eq!(missing.code(), Some("ServiceNotFoundException"));
    let web = arn.replace("missing", "web");
    let deleted = aws.ecs.delete_express_gateway_service().service_arn(&web).send().await.unwrap();
    assert_eq!(
        deleted.service().unwrap().status().unwrap().status_code().map(|c| c.as_str()),
        Some("DRAINING")
    );
    let again =
        aws.ecs.delete_express_gateway_service().service_arn(&web).send().await.unwrap_err();
    assert_eq!(again.code(), Some("ServiceNotActiveException"));
    assert_eq!(bed.requests().count("ecs", "DeleteExpressGatewayService"), 2);
}
