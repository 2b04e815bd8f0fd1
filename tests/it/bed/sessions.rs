//! ECS ExecuteCommand and SSM StartSession (moto answers neither): a session for a running,
//! exec-enabled task's container, AWS's refusals otherwise.

use aws_sdk_ecs::error::ProvideErrorMetadata;
use aws_sdk_ecs::types::Task;

use super::{Aws, CLUSTER, describe, register, web_service};
use crate::support::bed::Bed;

/// Service `web` (one task) with ECS Exec on or off, run until its task runs; the task.
async fn running(aws: &Aws, exec: bool) -> Task {
    aws.ecs.create_cluster().cluster_name(CLUSTER).send().await.unwrap();
    register(&aws.ecs, "web", "app:v1").await;
    web_service(&aws.ecs, 1).enable_execute_command(exec).send().await.unwrap();
    for _ in 0..50 {
        if describe(&aws.ecs, "web").await.running_count() == 1 {
            break;
        }
    }
    let arns = aws.ecs.list_tasks().cluster(CLUSTER).service_name("web").send().await.unwrap();
    let out = aws.ecs.describe_tasks().cluster(CLUSTER).set_tasks(arns.task_arns).send().await;
    out.unwrap().tasks()[0].clone()
}

/// ExecuteCommand of `sh` in `task` (its `container`, if named).
async fn exec(
    aws: &Aws,
    task: &Task,
    container: Option<&str>,
    interactive: bool,
) -> Result<
    aws_sdk_ecs::operation::execute_command::ExecuteCommandOutput,
    aws_sdk_ecs::error::SdkError<aws_sdk_ecs::operation::execute_command::ExecuteCommandError>,
> {
    let request = aws.ecs.execute_command().cluster(CLUSTER).task(task.task_arn().unwrap());
    let request = request.set_container(container.map(String::from));
    request.command("sh").interactive(interactive).send().await
}

#[tokio::test]
async fn execute_command_answers_a_session_for_an_exec_enabled_task() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let task = running(&aws, true).await;
    assert!(task.enable_execute_command());
    let agent = &task.containers()[0].managed_agents()[0];
    assert_eq!(
        (agent.name().unwrap().as_str(), agent.last_status()),
        ("ExecuteCommandAgent", Some("RUNNING"))
    );
    let out = exec(&aws, &task, None, true).await.unwrap();
    assert_eq!(out.container_name(), Some("web"));
    assert_eq!(out.task_arn(), task.task_arn());
    let session = out.session().unwrap();
    assert!(session.session_id().unwrap().starts_with("ecs-execute-command-"));
    assert!(
        session
            .stream_url()
            .unwrap()
            .starts_with("wss://ssmmessages.ap-northeast-1.amazonaws.com/v1/data-channel/")
    );
    assert!(session.token_value().is_some());

    let refused =
        |e: &dyn ProvideErrorMetadata| (e.code().map(String::from), e.message().map(String::from));
    let err = exec(&aws, &task, Some("nope"), true).await.unwrap_err();
    assert_eq!(
        refused(err.as_service_error().unwrap()).0.as_deref(),
        Some("InvalidParameterException")
    );
    let err = exec(&aws, &task, None, false).await.unwrap_err();
    assert!(refused(err.as_service_error().unwrap()).1.unwrap().contains("Interactive"));

    // StartSession to the container's target; a target that is no running task is not connected.
    let id = task.task_arn().unwrap().rsplit('/').next().unwrap();
    let target = format!("ecs:{CLUSTER}_{id}_{}", task.containers()[0].runtime_id().unwrap());
    let out = aws
        .ssm
        .start_session()
        .target(&target)
        .document_name("AWS-StartPortForwardingSessionToRemoteHost")
        .parameters("host", vec!["db".into()])
        .parameters("portNumber", vec!["5432".into()])
        .send()
        .await
        .unwrap();
    assert!(
        out.session_id().is_some() && out.token_value().is_some() && out.stream_url().is_some()
    );
    let state = bed.state();
    let sessions = state["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[1]["target"], target);
    let err = aws
        .ssm
        .start_session()
        .target(format!("ecs:{CLUSTER}_{id}_nope"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.as_service_error().unwrap().code(), Some("TargetNotConnected"));
    let err = aws
        .ssm
        .start_session()
        .target(&target)
        .document_name("AWS-StartPortForwardingSession")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.as_service_error().unwrap().code(), Some("ValidationException"));
}

#[tokio::test]
async fn execute_command_refuses_a_task_started_without_ecs_exec() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let task = running(&aws, false).await;
    assert!(!task.enable_execute_command());
    let err = exec(&aws, &task, None, true).await.unwrap_err();
    let err = err.as_service_error().unwrap();
    assert_eq!(err.code(), Some("InvalidParameterException"));
    assert!(err.message().unwrap().contains("execute command was not enabled"));
}
