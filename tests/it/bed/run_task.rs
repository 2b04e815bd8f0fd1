//! RunTask: tasks that progress per `kind: task` plan to STOPPED with an exit code, including
//! the shapes moto 5.2.5 crashes on (no container-level memory; awsvpc).

use aws_sdk_ecs::types::{
    AwsVpcConfiguration, Compatibility, ContainerDefinition, LaunchType, NetworkConfiguration,
    NetworkMode, Task,
};
use serde_json::json;

use super::{Aws, CLUSTER};
use crate::support::bed::Bed;

async fn describe(aws: &Aws, arn: &str) -> Task {
    let output = aws.ecs.describe_tasks().cluster(CLUSTER).tasks(arn).send().await.unwrap();
    output.tasks()[0].clone()
}

#[tokio::test]
async fn a_fargate_task_runs_and_exits_per_plan() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = bed.seed();
    aws.ecs.create_cluster().cluster_name(CLUSTER).send().await.unwrap();
    // Fargate style: memory only at task level (moto 5.2.5 raises a TypeError on this).
    let container =
        ContainerDefinition::builder().name("migrate").image("app:v1").essential(true).build();
    aws.ecs
        .register_task_definition()
        .family("migrate")
        .network_mode(NetworkMode::Awsvpc)
        .requires_compatibilities(Compatibility::Fargate)
        .cpu("256")
        .memory("512")
        .container_definitions(container)
        .send()
        .await
        .unwrap();
    let network = NetworkConfiguration::builder()
        .awsvpc_configuration(
            AwsVpcConfiguration::builder()
                .subnets(seed["subnets"]["private"][0].as_str().unwrap())
                .security_groups(seed["security_groups"]["ecs"].as_str().unwrap())
                .build()
                .unwrap(),
        )
        .build();
    bed.plan(json!({"kind": "task", "family": "migrate", "steps": 2, "exit_code": 3, "stopped_reason": "migration failed"}));
    let run = aws
        .ecs
        .run_task()
        .cluster(CLUSTER)
        .task_definition("migrate")
        .launch_type(LaunchType::Fargate)
        .network_configuration(network.clone())
        .send()
        .await
        .unwrap();
    let task = &run.tasks()[0];
    assert_eq!(task.last_status(), Some("PENDING"));
    assert_eq!(task.group(), Some("family:migrate"));
    let arn = task.task_arn().unwrap().to_owned();

    assert_eq!(describe(&aws, &arn).await.last_status(), Some("RUNNING"));
    let stopped = describe(&aws, &arn).await;
    assert_eq!(
        (stopped.last_status(), stopped.desired_status()),
        (Some("STOPPED"), Some("STOPPED"))
    );
    assert_eq!(stopped.stopped_reason(), Some("migration failed"));
    assert_eq!(stopped.stop_code().map(|c| c.as_str()), Some("EssentialContainerExited"));
    assert_eq!(stopped.containers()[0].exit_code(), Some(3));
    assert!(stopped.stopped_at().is_some());
    assert!(
        stopped.attachments()[0].details().iter().any(|d| d.name() == Some("privateIPv4Address"))
    );

    // Without a plan: exit 0 after two reads.
    let run = aws
        .ecs
        .run_task()
        .cluster(CLUSTER)
        .task_definition("migrate")
        .launch_type(LaunchType::Fargate)
        .network_configuration(network)
        .send()
        .await
        .unwrap();
    let arn = run.tasks()[0].task_arn().unwrap().to_owned();
    describe(&aws, &arn).await;
    assert_eq!(describe(&aws, &arn).await.containers()[0].exit_code(), Some(0));
}

#[tokio::test]
async fn an_ec2_task_without_container_instances_is_a_failure_not_a_crash() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    super::cluster_and_revisions(&aws.ecs, 1).await;
    let run = aws
        .ecs
        .run_task()
        .cluster(CLUSTER)
        .task_definition("web")
        .launch_type(LaunchType::Ec2)
        .send()
        .await
        .unwrap();
    assert!(run.tasks().is_empty());
    assert_eq!(
        run.failures()[0].reason(),
        Some("No Container Instances were found in your cluster.")
    );
}
