//! CodeDeploy arrangements for end-to-end tests: deployment groups beside the seed's.

use aws_sdk_codedeploy::types::{
    AutoRollbackConfiguration, AutoRollbackEvent, BlueGreenDeploymentConfiguration,
    BlueInstanceTerminationOption, DeploymentOption, DeploymentReadyAction, DeploymentReadyOption,
    DeploymentStyle, DeploymentType, EcsService, InstanceAction, LoadBalancerInfo, TargetGroupInfo,
    TargetGroupPairInfo, TrafficRoute,
};

use super::bed::Bed;
use super::project::Project;

/// Creates deployment group `name` in the seed's application for the seed's CodeDeploy service,
/// like the seed's own group but with these waits: `ready_stop` holds a deployment at the ready
/// wait (`actionOnTimeout: STOP_DEPLOYMENT`); `termination_minutes` keeps blue after the shift.
pub async fn group(bed: &Bed, p: &Project, name: &str, ready_stop: bool, termination_minutes: i32) {
    let client = aws_sdk_codedeploy::Client::new(&bed.sdk_config().await);
    let ready = if ready_stop {
        DeploymentReadyAction::StopDeployment
    } else {
        DeploymentReadyAction::ContinueDeployment
    };
    let pair = TargetGroupPairInfo::builder()
        .target_groups(TargetGroupInfo::builder().name("acme-dev-blue").build())
        .target_groups(TargetGroupInfo::builder().name("acme-dev-green").build())
        .prod_traffic_route(
            TrafficRoute::builder().listener_arns(p.seed_str("/listeners/http")).build(),
        )
        .test_traffic_route(
            TrafficRoute::builder().listener_arns(p.seed_str("/listeners/test")).build(),
        )
        .build();
    client
        .create_deployment_group()
        .application_name(p.seed_str("/codedeploy/application"))
        .deployment_group_name(name)
        .service_role_arn(p.seed_str("/roles/codedeploy"))
        .deployment_config_name("CodeDeployDefault.ECSAllAtOnce")
        .deployment_style(
            DeploymentStyle::builder()
                .deployment_type(DeploymentType::BlueGreen)
                .deployment_option(DeploymentOption::WithTrafficControl)
                .build(),
        )
        .blue_green_deployment_configuration(
            BlueGreenDeploymentConfiguration::builder()
                .deployment_ready_option(
                    DeploymentReadyOption::builder()
                        .action_on_timeout(ready)
                        .wait_time_in_minutes(if ready_stop { 60 } else { 0 })
                        .build(),
                )
                .terminate_blue_instances_on_deployment_success(
                    BlueInstanceTerminationOption::builder()
                        .action(InstanceAction::Terminate)
                        .termination_wait_time_in_minutes(termination_minutes)
                        .build(),
                )
                .build(),
        )
        .auto_rollback_configuration(
            AutoRollbackConfiguration::builder()
                .enabled(true)
                .events(AutoRollbackEvent::DeploymentFailure)
                .build(),
        )
        .ecs_services(
            EcsService::builder()
                .service_name(p.seed_str("/codedeploy/service"))
                .cluster_name(p.seed_str("/cluster/name"))
                .build(),
        )
        .load_balancer_info(LoadBalancerInfo::builder().target_group_pair_info_list(pair).build())
        .send()
        .await
        .expect("CreateDeploymentGroup");
}
