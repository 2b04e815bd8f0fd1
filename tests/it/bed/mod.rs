//! Tests of the bed itself (`tests/bed/`): each behaviour the bed adds to moto, driven through the
//! Rust AWS SDK the way shipper drives AWS. They pin what shipper's end-to-end tests rely on, and
//! fail loudly when a moto upgrade breaks a patch.

mod alarms;
mod bluegreen;
mod codedeploy;
mod daemons;
mod express;
mod failure;
mod faults;
mod metrics;
mod probe;
mod requestlog;
mod rollout;
mod run_task;
mod seed;
mod service_deployments;
mod sessions;
mod targets;
mod throttle;

use aws_sdk_ecs::types::{
    ContainerDefinition, DeploymentConfiguration, LaunchType, PortMapping, Service,
};

use crate::support::bed::Bed;

/// One SDK client per service the tests drive, all pointed at one bed.
pub struct Aws {
    pub ecs: aws_sdk_ecs::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    pub codedeploy: aws_sdk_codedeploy::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub ecr: aws_sdk_ecr::Client,
    pub ssm: aws_sdk_ssm::Client,
}

impl Aws {
    pub async fn new(bed: &Bed) -> Aws {
        let config = bed.sdk_config().await;
        Aws {
            ecs: aws_sdk_ecs::Client::new(&config),
            elb: aws_sdk_elasticloadbalancingv2::Client::new(&config),
            codedeploy: aws_sdk_codedeploy::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            ecr: aws_sdk_ecr::Client::new(&config),
            ssm: aws_sdk_ssm::Client::new(&config),
        }
    }
}

/// The cluster the simple fixtures use (no container instances: tasks run unplaced).
pub const CLUSTER: &str = "bed";

/// Registers a revision of family `family` (bridge networking, container `web` on port 3000 with
/// a dynamic host port, as in the team's setup); returns its ARN.
pub async fn register(ecs: &aws_sdk_ecs::Client, family: &str, image: &str) -> String {
    let container = ContainerDefinition::builder()
        .name("web")
        .image(image)
        .essential(true)
        .memory_reservation(128)
        .port_mappings(PortMapping::builder().container_port(3000).host_port(0).build())
        .build();
    let output = ecs
        .register_task_definition()
        .family(family)
        .container_definitions(container)
        .send()
        .await
        .expect("register_task_definition");
    output.task_definition().and_then(|t| t.task_definition_arn()).expect("an ARN").to_owned()
}

/// Cluster [`CLUSTER`] plus revisions `web:1..=revisions` (images `app:v1`, `app:v2`, ...).
pub async fn cluster_and_revisions(ecs: &aws_sdk_ecs::Client, revisions: usize) -> Vec<String> {
    ecs.create_cluster().cluster_name(CLUSTER).send().await.expect("create_cluster");
    let mut arns = Vec::new();
    for n in 1..=revisions {
        arns.push(register(ecs, "web", &format!("app:v{n}")).await);
    }
    arns
}

/// Registers the seed's EC2 instances as container instances of [`CLUSTER`] too, so tests can
/// use the simple fixtures with placed tasks (instance targets, dynamic host ports).
pub async fn register_seed_instances(ecs: &aws_sdk_ecs::Client, seed: &serde_json::Value) {
    for instance in seed["instances"].as_array().expect("seed instances") {
        let document =
            serde_json::json!({"instanceId": instance, "region": crate::support::bed::REGION});
        ecs.register_container_instance()
            .cluster(CLUSTER)
            .instance_identity_document(document.to_string())
            .send()
            .await
            .expect("register_container_instance");
    }
}

/// CreateService of `web` in [`CLUSTER`] running `web:1`, for a test to add its settings to.
pub fn web_service(
    ecs: &aws_sdk_ecs::Client,
    desired: i32,
) -> aws_sdk_ecs::operation::create_service::builders::CreateServiceFluentBuilder {
    ecs.create_service()
        .cluster(CLUSTER)
        .service_name("web")
        .task_definition("web:1")
        .desired_count(desired)
}

/// Creates EC2-launch-type service `name` in [`CLUSTER`] running `task_definition`.
pub async fn create_service(
    ecs: &aws_sdk_ecs::Client,
    name: &str,
    task_definition: &str,
    desired: i32,
    deployment: Option<DeploymentConfiguration>,
) -> Service {
    ecs.create_service()
        .cluster(CLUSTER)
        .service_name(name)
        .task_definition(task_definition)
        .desired_count(desired)
        .launch_type(LaunchType::Ec2)
        .set_deployment_configuration(deployment)
        .send()
        .await
        .expect("create_service")
        .service
        .expect("a service")
}

/// One DescribeServices read (in reads mode, one step of the service's simulation).
pub async fn describe(ecs: &aws_sdk_ecs::Client, name: &str) -> Service {
    let output = ecs
        .describe_services()
        .cluster(CLUSTER)
        .services(name)
        .send()
        .await
        .expect("describe_services");
    output.services().first().cloned().unwrap_or_else(|| panic!("no service {name}"))
}

/// Reads the service until it has a single COMPLETED deployment (at most 30 reads).
pub async fn steady(ecs: &aws_sdk_ecs::Client, name: &str) -> Service {
    for _ in 0..30 {
        let service = describe(ecs, name).await;
        let deployments = service.deployments();
        if deployments.len() == 1
            && deployments[0].rollout_state().map(|s| s.as_str()) == Some("COMPLETED")
        {
            return service;
        }
    }
    panic!("service {name} did not reach a steady state in 30 reads")
}

/// Where most behaviour tests start: `revisions` revisions of family `web` in [`CLUSTER`], and
/// service `web` running the first with `desired` tasks, read until steady. Returns the revisions.
pub async fn steady_web(
    ecs: &aws_sdk_ecs::Client,
    revisions: usize,
    desired: i32,
    deployment: Option<DeploymentConfiguration>,
) -> Vec<String> {
    let revisions = cluster_and_revisions(ecs, revisions).await;
    create_service(ecs, "web", &revisions[0], desired, deployment).await;
    steady(ecs, "web").await;
    revisions
}

/// UpdateService of `web` in [`CLUSTER`] to `task_definition`: the service as ECS answers.
pub async fn update_web(ecs: &aws_sdk_ecs::Client, task_definition: &str) -> Service {
    ecs.update_service()
        .cluster(CLUSTER)
        .service("web")
        .task_definition(task_definition)
        .send()
        .await
        .expect("update_service")
        .service
        .expect("a service")
}

/// The tasks of service `web` (ListTasks, then DescribeTasks): those desired to run, or those
/// `stopped`; with `started_by`, only the ones that deployment started.
pub async fn web_tasks(
    ecs: &aws_sdk_ecs::Client,
    stopped: bool,
    started_by: Option<&str>,
) -> Vec<aws_sdk_ecs::types::Task> {
    let arns = ecs
        .list_tasks()
        .cluster(CLUSTER)
        .service_name("web")
        .set_desired_status(stopped.then_some(aws_sdk_ecs::types::DesiredStatus::Stopped))
        .set_started_by(started_by.map(str::to_owned))
        .send()
        .await
        .expect("list_tasks")
        .task_arns()
        .to_vec();
    if arns.is_empty() {
        return Vec::new();
    }
    let described = ecs
        .describe_tasks()
        .cluster(CLUSTER)
        .set_tasks(Some(arns))
        .send()
        .await
        .expect("describe_tasks");
    described.tasks().to_vec()
}

/// `(status, rolloutState, running, pending)` of each `deployments[]` entry, PRIMARY first.
pub fn deployments(service: &Service) -> Vec<(String, String, i32, i32)> {
    service
        .deployments()
        .iter()
        .map(|d| {
            (
                d.status().unwrap_or_default().to_owned(),
                d.rollout_state().map(|s| s.as_str().to_owned()).unwrap_or_default(),
                d.running_count(),
                d.pending_count(),
            )
        })
        .collect()
}

/// The service's event messages, newest first.
pub fn events(service: &Service) -> Vec<String> {
    service.events().iter().filter_map(|e| e.message().map(str::to_owned)).collect()
}
