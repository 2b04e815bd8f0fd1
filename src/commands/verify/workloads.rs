//! What `verify` checks for an Express service and a daemon, besides the cluster.
//!
//! An Express service: the roles (the task's two assumed by ECS tasks, the infrastructure role
//! assumed by ECS itself), the primary container's image and secrets, and its log group (which
//! ECS creates when missing). A daemon: its daemon task definition as a task definition is
//! checked, then the capacity providers and the deployment alarms its definition names.

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use serde_json::Value;

use super::checks::task_definition;
use super::resources::{image, log_group, role, secret};
use super::{Check, str_at};
use crate::aws::Clients;
use crate::error::Error;
use crate::state::Rendered;

type Plan<'a> = Vec<BoxFuture<'a, Vec<Check>>>;

/// Adds the checks of the rendered Express and daemon definitions to `plan`.
pub fn plan<'a>(clients: &'a Clients, rendered: &'a Rendered, plan: &mut Plan<'a>) {
    if let Some(def) = &rendered.express_definition {
        express(clients, &def.json, plan);
    }
    if let Some(td) = &rendered.daemon_task_definition {
        let section = vec![format!("daemon task definition {}", td.family())];
        task_definition(clients, plan, &section, &td.json);
    }
    if let Some(def) = &rendered.daemon_definition {
        daemon(clients, &def.json, plan);
    }
}

fn express<'a>(clients: &'a Clients, def: &'a Value, plan: &mut Plan<'a>) {
    let section = vec![format!("Express service {}", str_at(def, "/serviceName").unwrap_or("?"))];
    let roles = [
        ("executionRoleArn", "execution role", "ecs-tasks.amazonaws.com"),
        ("taskRoleArn", "task role", "ecs-tasks.amazonaws.com"),
        ("infrastructureRoleArn", "infrastructure role", "ecs.amazonaws.com"),
    ];
    for (key, label, principal) in roles {
        if let Some(arn) = str_at(def, &format!("/{key}")) {
            let label = format!("{label} {arn}");
            plan.push(
                role(clients, section.clone(), label, arn, principal).map(|c| vec![c]).boxed(),
            );
        }
    }
    let Some(container) = def.get("primaryContainer") else { return };
    let section = [section, vec!["primary container".to_string()]].concat();
    if let Some(name) = str_at(container, "/image") {
        plan.push(image(clients, section.clone(), name).map(|c| vec![c]).boxed());
    }
    for entry in container.get("secrets").and_then(Value::as_array).into_iter().flatten() {
        if let (Some(var), Some(from)) = (str_at(entry, "/name"), str_at(entry, "/valueFrom")) {
            plan.push(secret(clients, section.clone(), var, from).map(|c| vec![c]).boxed());
        }
    }
    if let Some(group) = str_at(container, "/awsLogsConfiguration/logGroup") {
        let target = crate::logs::LogTarget {
            container: "primary".into(),
            group: group.to_string(),
            prefix: str_at(container, "/awsLogsConfiguration/logStreamPrefix").map(String::from),
            region: None,
        };
        // ECS makes the Express service's log group when it is missing.
        plan.push(log_group(clients, section, target, true).map(|c| vec![c]).boxed());
    }
}

fn daemon<'a>(clients: &'a Clients, def: &'a Value, plan: &mut Plan<'a>) {
    let section = vec![format!("daemon {}", str_at(def, "/daemonName").unwrap_or("?"))];
    for provider in def.get("capacityProviderArns").and_then(Value::as_array).into_iter().flatten()
    {
        let Some(provider) = provider.as_str() else { continue };
        plan.push(capacity_provider(clients, section.clone(), provider).map(|c| vec![c]).boxed());
    }
    let alarms: Vec<String> = def
        .pointer("/deploymentConfiguration/alarms/alarmNames")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.as_str().map(String::from))
        .collect();
    if !alarms.is_empty() {
        plan.push(deployment_alarms(clients, section, alarms).boxed());
    }
}

async fn capacity_provider(clients: &Clients, section: Vec<String>, reference: &str) -> Check {
    let label = format!("capacity provider {reference}");
    let out = clients.ecs.describe_capacity_providers().capacity_providers(reference).send().await;
    match out {
        Ok(out) => match out.capacity_providers().first() {
            Some(cp) if cp.status().is_some_and(|s| s.as_str() == "ACTIVE") => {
                Check::ok(&section, label, "exists (ACTIVE)")
            }
            Some(cp) => Check::fail(
                &section,
                label,
                format!("is {}", cp.status().map_or("not ACTIVE", |s| s.as_str())),
                "use an ACTIVE capacity provider of the cluster",
            ),
            None => Check::fail(
                &section,
                label,
                "does not exist",
                "check capacityProviderArns (ARNs or names of the cluster's capacity providers)",
            ),
        },
        Err(e) => Check::error(
            &section,
            label,
            &Error::aws("ecs:DescribeCapacityProviders", reference, e),
        ),
    }
}

async fn deployment_alarms(
    clients: &Clients,
    section: Vec<String>,
    names: Vec<String>,
) -> Vec<Check> {
    let out =
        clients.cloudwatch.describe_alarms().set_alarm_names(Some(names.clone())).send().await;
    let found: Vec<String> = match out {
        Ok(out) => {
            out.metric_alarms().iter().filter_map(|a| a.alarm_name().map(String::from)).collect()
        }
        Err(e) => {
            let error = Error::aws("cloudwatch:DescribeAlarms", &names.join(", "), e);
            return vec![Check::error(&section, "deployment alarms", &error)];
        }
    };
    names
        .into_iter()
        .map(|name| {
            let label = format!("deployment alarm {name}");
            match found.contains(&name) {
                true => Check::ok(&section, label, "exists"),
                false => Check::fail(
                    &section,
                    label,
                    "does not exist: the deployment cannot watch it",
                    "create the alarm, or fix deploymentConfiguration.alarms.alarmNames",
                ),
            }
        })
        .collect()
}
