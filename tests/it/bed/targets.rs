//! Behaviour 5: a service's simulated tasks as ELB targets, with health that moves.

use aws_sdk_ecs::types::{
    AwsVpcConfiguration, LaunchType, LoadBalancer, NetworkConfiguration, NetworkMode,
};
use aws_sdk_elasticloadbalancingv2::types::{TargetHealthDescription, TargetTypeEnum};
use serde_json::json;

use super::{
    Aws, CLUSTER, cluster_and_revisions, register_seed_instances, steady, update_web, web_service,
    web_tasks,
};
use crate::support::bed::Bed;

async fn health(aws: &Aws, group: &str) -> Vec<TargetHealthDescription> {
    let output = aws.elb.describe_target_health().target_group_arn(group).send().await.unwrap();
    output.target_health_descriptions().to_vec()
}

fn states(descriptions: &[TargetHealthDescription]) -> Vec<String> {
    descriptions
        .iter()
        .map(|d| {
            d.target_health()
                .and_then(|h| h.state())
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn bridge_tasks_register_on_their_instance_with_dynamic_ports() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = bed.seed();
    cluster_and_revisions(&aws.ecs, 2).await;
    register_seed_instances(&aws.ecs, &seed).await;
    let blue = seed["target_groups"]["blue"].as_str().unwrap();
    let balancer = LoadBalancer::builder()
        .target_group_arn(blue)
        .container_name("web")
        .container_port(3000)
        .build();
    web_service(&aws.ecs, 2)
        .launch_type(LaunchType::Ec2)
        .load_balancers(balancer)
        .send()
        .await
        .unwrap();
    let service = steady(&aws.ecs, "web").await;
    assert!(
        service.events().iter().any(|e| e
            .message()
            .unwrap()
            .starts_with("(service web) registered 1 targets in (target-group ")),
        "{:#?}",
        service.events()
    );

    // A steady service's targets passed their health checks: ECS completes a deployment only
    // then (`initial` is seen while a rollout registers them, e.g. by a blue/green gate).
    let first = health(&aws, blue).await;
    assert_eq!(states(&first), ["healthy", "healthy"]);
    let instances: Vec<_> =
        seed["instances"].as_array().unwrap().iter().map(|i| i.as_str().unwrap()).collect();
    for description in &first {
        let target = description.target().unwrap();
        assert!(instances.contains(&target.id().unwrap()), "{target:?}");
        assert!((32768..=65535).contains(&target.port().unwrap()), "{target:?}");
        assert_eq!(description.target_health().unwrap().reason(), None);
    }
    assert_eq!(states(&health(&aws, blue).await), ["healthy", "healthy"]);

    // An override pins the state a health gate sees, for targets registered later too.
    bed.health(json!({"targetGroupArn": blue, "state": "unhealthy"}));
    let unhealthy = health(&aws, blue).await;
    assert_eq!(states(&unhealthy), ["unhealthy", "unhealthy"]);
    assert_eq!(
        unhealthy[0].target_health().unwrap().reason().map(|r| r.as_str()),
        Some("Target.FailedHealthChecks")
    );
    bed.health(json!({"targetGroupArn": blue, "clear": true}));

    // A rollout replaces the targets: the old ones drain, then leave.
    update_web(&aws.ecs, "web:2").await;
    steady(&aws.ecs, "web").await;
    let mut replaced = states(&health(&aws, blue).await);
    replaced.sort();
    assert_eq!(replaced, ["draining", "draining", "healthy", "healthy"]);
    assert_eq!(states(&health(&aws, blue).await), ["healthy", "healthy"]);
}

#[tokio::test]
async fn awsvpc_tasks_register_their_private_ip() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = bed.seed();
    aws.ecs.create_cluster().cluster_name(CLUSTER).send().await.unwrap();
    let group = aws
        .elb
        .create_target_group()
        .name("web-ip")
        .protocol(aws_sdk_elasticloadbalancingv2::types::ProtocolEnum::Http)
        .port(3000)
        .vpc_id(seed["vpc_id"].as_str().unwrap())
        .target_type(TargetTypeEnum::Ip)
        .send()
        .await
        .unwrap();
    let group = group.target_groups()[0].target_group_arn().unwrap().to_owned();
    let container = aws_sdk_ecs::types::ContainerDefinition::builder()
        .name("web")
        .image("app:v1")
        .port_mappings(aws_sdk_ecs::types::PortMapping::builder().container_port(3000).build())
        .build();
    aws.ecs
        .register_task_definition()
        .family("web")
        .network_mode(NetworkMode::Awsvpc)
        .requires_compatibilities(aws_sdk_ecs::types::Compatibility::Fargate)
        .cpu("256")
        .memory("512")
        .container_definitions(container)
        .send()
        .await
        .unwrap();
    let subnets: Vec<String> = seed["subnets"]["private"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect();
    let network = NetworkConfiguration::builder()
        .awsvpc_configuration(
            AwsVpcConfiguration::builder()
                .set_subnets(Some(subnets[..1].to_vec()))
                .security_groups(seed["security_groups"]["ecs"].as_str().unwrap())
                .build()
                .unwrap(),
        )
        .build();
    let balancer = LoadBalancer::builder()
        .target_group_arn(&group)
        .container_name("web")
        .container_port(3000)
        .build();
    create_service_fargate(&aws, network, balancer).await;
    steady(&aws.ecs, "web").await;
    let descriptions = health(&aws, &group).await;
    assert_eq!(descriptions.len(), 2);
    for description in descriptions {
        let target = description.target().unwrap();
        assert!(target.id().unwrap().starts_with("10.0.1."), "{target:?}"); // the subnet's CIDR
        assert_eq!(target.port(), Some(3000));
        assert_eq!(target.availability_zone(), Some("ap-northeast-1a"));
    }
    // The same IPs are on the tasks.
    let tasks = web_tasks(&aws.ecs, false, None).await;
    let ip =
        tasks[0].containers()[0].network_interfaces()[0].private_ipv4_address().unwrap().to_owned();
    assert!(ip.starts_with("10.0.1."), "{ip}");
}

async fn create_service_fargate(aws: &Aws, network: NetworkConfiguration, balancer: LoadBalancer) {
    aws.ecs
        .create_service()
        .cluster(CLUSTER)
        .service_name("web")
        .task_definition("web")
        .desired_count(2)
        .launch_type(LaunchType::Fargate)
        .network_configuration(network)
        .load_balancers(balancer)
        .send()
        .await
        .unwrap();
}
