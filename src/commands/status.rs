//! `shipper status`: the service, its deployments, recent events, target health, stopped tasks.

use serde_json::json;

use super::service::Existing;
use crate::autoscaling;
use crate::cli::StatusArgs;
use crate::context::Context;
use crate::deploy::strategy::Strategy;
use crate::ecs;
use crate::elb;
use crate::error::{Exit, Result};
use crate::history;
use crate::output::progress::event_text;
use crate::output::{table, timestamp, when};
use crate::strategy::codedeploy;
use crate::wait;

pub async fn run(ctx: &Context, args: &StatusArgs) -> Result<Exit> {
    let existing = Existing::load(ctx, "show").await?;
    let (json, text) = report(args, &existing).await?;
    match ctx.out.is_json() {
        true => ctx.out.json(&json),
        false => ctx.out.data(&text),
    }
    Ok(Exit::Success)
}

/// The service's status, as JSON (`--output json`) and as text.
pub async fn report(
    args: &StatusArgs,
    existing: &Existing<'_>,
) -> Result<(serde_json::Value, String)> {
    let Existing { rendered, clients, name, service } = existing;
    let (clients, name) = (*clients, name.as_str());
    let config = &rendered.config;

    let history =
        history::deployments(clients, &config.cluster, name, &[]).await?.unwrap_or_default();
    let mut targets = Vec::new();
    for lb in service.load_balancers() {
        if let Some(tg) = lb.target_group_arn() {
            targets.extend(elb::target_health(clients, tg).await?);
        }
    }
    let mut events: Vec<_> = service.events().iter().collect();
    events.sort_by_key(|e| {
        std::cmp::Reverse(e.created_at().map(aws_smithy_types::DateTime::as_nanos))
    });
    events.truncate(args.events);
    let stopped = ecs::stopped_tasks(clients, &config.cluster, name, None, 5).await?;
    // A CODE_DEPLOY service: its group and the deployment in flight (an error here is shown,
    // not fatal: the rest of the status stands).
    let codedeploy = match Strategy::of_service(service) {
        Strategy::CodeDeploy => Some(match codedeploy::find_group(clients, config, name).await {
            Ok(group) => codedeploy::in_flight_status(clients, &group)
                .await
                .map(|in_flight| (group, in_flight)),
            Err(e) => Err(e),
        }),
        _ => None,
    };

    // A staged (blue/green, linear, canary) deployment in flight: its stage, traffic, and
    // whether it waits at a pause hook.
    let strategy = Strategy::of_service(service);
    let staged = match strategy.staged() {
        true => history::in_progress(clients, &config.cluster, name).await?.map(|sd| {
            let revision = sd.target_service_revision();
            json!({
                "arn": sd.service_deployment_arn(),
                "stage": sd.lifecycle_stage().map(|s| s.as_str()),
                "production_weight": revision.and_then(|r| r.requested_production_traffic_weight()),
                "test_weight": revision.and_then(|r| r.requested_test_traffic_weight()),
                "paused": sd.lifecycle_hook_details().iter().any(|h| {
                    h.status() == Some(&aws_sdk_ecs::types::DeploymentLifecycleHookStatus::AwaitingAction)
                }),
            })
        }),
        false => None,
    };

    // Application Auto Scaling: an error here (no permission to read it) is shown, not fatal.
    let scaling = match autoscaling::target(clients, &config.cluster, name).await {
        Ok(Some(target)) => autoscaling::policies(clients, &config.cluster, name)
            .await
            .map(|policies| Some((target, policies))),
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    };

    let json = json!({
        "service": name,
        "strategy": strategy.name(),
        "in_flight": staged,
        "cluster": config.cluster,
        "status": service.status(),
        "task_definition": service.task_definition(),
        "desired": service.desired_count(),
        "running": service.running_count(),
        "pending": service.pending_count(),
        "deployments": service.deployments().iter().map(|d| json!({
            "id": d.id(), "status": d.status(), "task_definition": d.task_definition(),
            "desired": d.desired_count(), "running": d.running_count(), "pending": d.pending_count(),
            "failed": d.failed_tasks(), "rollout_state": d.rollout_state().map(|s| s.as_str()),
            "rollout_state_reason": d.rollout_state_reason(),
        })).collect::<Vec<_>>(),
        "service_deployments": history.iter().take(5).map(|h| json!({
            "arn": h.arn, "status": h.status, "task_definition": h.task_definition,
            "started_at": timestamp(h.started_at.as_ref()), "finished_at": timestamp(h.finished_at.as_ref()),
        })).collect::<Vec<_>>(),
        "targets": targets,
        "events": events.iter().map(|e| json!({"at": timestamp(e.created_at()), "message": e.message()})).collect::<Vec<_>>(),
        "stopped_tasks": stopped,
        "codedeploy": codedeploy.as_ref().map(|c| match c {
            Ok((group, in_flight)) => json!({
                "application": group.application, "deployment_group": group.name,
                "in_flight": in_flight.as_ref().map(|(id, status)| json!({"id": id, "status": status})),
            }),
            Err(e) => json!({"error": e.message()}),
        }),
        "auto_scaling": match &scaling {
            Ok(Some((target, policies))) => {
                let mut value = target.to_json();
                value["policies"] = json!(policies);
                value
            }
            Ok(None) => json!(null),
            Err(e) => json!({"error": e.message()}),
        },
    });

    let mut text = format!(
        "service {name} (cluster {}): {}, {}/{} running, {} pending, task definition {}\n",
        config.cluster,
        service.status().unwrap_or("?"),
        service.running_count(),
        service.desired_count(),
        service.pending_count(),
        service.task_definition().map(ecs::short_name).unwrap_or("-"),
    );
    text.push_str(&format!("strategy {}\n", strategy.name()));
    text.push_str("\ndeployments:\n");
    for row in wait::rows(service) {
        text.push_str(&format!("  {row}\n"));
    }
    if let Some(sd) = &staged {
        let num = |key: &str| sd[key].as_f64().unwrap_or(0.0);
        text.push_str(&format!(
            "\nin flight: stage {}, traffic production {}% test {}%{}\n",
            sd["stage"].as_str().unwrap_or("?"),
            num("production_weight"),
            num("test_weight"),
            if sd["paused"] == true {
                "; waits at a pause hook: `shipper continue` goes on, `shipper rollback` rolls back"
            } else {
                ""
            }
        ));
    }
    match &codedeploy {
        Some(Ok((group, Some((id, status))))) => text.push_str(&format!(
            "\ncodedeploy ({}): deployment {id} in flight: {status}\n",
            group.describe()
        )),
        Some(Ok((group, None))) => text
            .push_str(&format!("\ncodedeploy ({}): no deployment in flight\n", group.describe())),
        Some(Err(e)) => text.push_str(&format!("\ncodedeploy: {}\n", e.message())),
        None => {}
    }
    match &scaling {
        Ok(Some((target, policies))) => {
            text.push_str(&format!(
                "\nauto scaling: min {}, max {}, suspended: {}\n",
                target.min,
                target.max,
                target.suspended.describe()
            ));
            for policy in policies {
                text.push_str(&format!("  policy {}\n", policy.describe()));
            }
        }
        Ok(None) => {}
        Err(e) => text.push_str(&format!("\nauto scaling: {}\n", e.message())),
    }
    if !history.is_empty() {
        text.push_str("\nrecent service deployments:\n");
        let mut rows = vec![vec![
            "STATUS".into(),
            "TASK DEFINITION".into(),
            "STARTED".into(),
            "FINISHED".into(),
        ]];
        for h in history.iter().take(5) {
            rows.push(vec![
                h.status.clone(),
                h.task_definition.as_deref().map(ecs::short_name).unwrap_or("-").to_string(),
                when(h.started_at.as_ref()),
                when(h.finished_at.as_ref()),
            ]);
        }
        text.push_str(&indent(&table(&rows)));
    }
    if !targets.is_empty() {
        text.push_str("\ntarget health:\n");
        let mut rows =
            vec![vec!["TARGET GROUP".into(), "TARGET".into(), "STATE".into(), "REASON".into()]];
        for t in &targets {
            let target = t.port.map_or_else(|| t.id.clone(), |p| format!("{}:{p}", t.id));
            let reason = match (&t.reason, &t.description) {
                (Some(r), Some(d)) => format!("{r}: {d}"),
                (Some(r), None) => r.clone(),
                _ => String::new(),
            };
            rows.push(vec![t.target_group.clone(), target, t.state.clone(), reason]);
        }
        text.push_str(&indent(&table(&rows)));
    }
    text.push_str(&format!("\nevents (newest first, {}):\n", events.len()));
    for e in &events {
        // Target groups by name, as the live view shows them (`--output json` keeps ECS's text).
        text.push_str(&format!(
            "  {}  {}\n",
            when(e.created_at()),
            event_text(e.message().unwrap_or_default())
        ));
    }
    if !stopped.is_empty() {
        text.push_str("\nrecently stopped tasks:\n");
        for task in &stopped {
            text.push_str(&format!("  {}  {}\n", when(task.stopped_at.as_ref()), task.summary()));
        }
    }
    Ok((json, text))
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
