//! The checks `verify` makes: one future per resource, all describe calls.

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use serde_json::Value;

use super::resources::{cluster, image, listener_rule, log_group, role, secret, target_group};
use super::{Check, str_at};
use crate::aws::Clients;
use crate::deploy::strategy::Strategy;
use crate::state::Rendered;
use crate::strategy::codedeploy;

/// Every check for the rendered config and definitions, not yet run.
pub fn plan<'a>(clients: &'a Clients, rendered: &'a Rendered) -> Vec<BoxFuture<'a, Vec<Check>>> {
    let config = &rendered.config;
    let mut plan: Vec<BoxFuture<'a, Vec<Check>>> = Vec::new();
    let top = vec![format!("cluster {}", config.cluster)];
    plan.push(cluster(clients, top.clone(), &config.cluster).map(|c| vec![c]).boxed());

    let td = rendered.task_definition.as_ref().map(|t| &t.json);
    if let Some(td) = td {
        let section = vec![format!("task definition {}", str_at(td, "/family").unwrap_or("?"))];
        task_definition(clients, &mut plan, &section, td);
    }

    if let (Some(sd), Some(service)) = (&rendered.service_definition, &config.service) {
        let sd = &sd.json;
        let section = vec![format!("service {service}")];
        plan.push(local_service_checks(section.clone(), sd, td).boxed());
        let strategy = Strategy::of_definition(sd);
        for lb in sd.get("loadBalancers").and_then(Value::as_array).into_iter().flatten() {
            let container = str_at(lb, "/containerName").map(String::from);
            let port = lb.get("containerPort").and_then(Value::as_i64);
            let groups = [
                str_at(lb, "/targetGroupArn"),
                str_at(lb, "/advancedConfiguration/alternateTargetGroupArn"),
            ];
            for arn in groups.into_iter().flatten() {
                plan.push(target_group(clients, section.clone(), arn).map(|c| vec![c]).boxed());
            }
            if let Some(advanced) = lb.get("advancedConfiguration") {
                for key in ["productionListenerRule", "testListenerRule"] {
                    if let Some(rule) = str_at(advanced, &format!("/{key}")) {
                        plan.push(
                            listener_rule(clients, section.clone(), key, rule)
                                .map(|c| vec![c])
                                .boxed(),
                        );
                    }
                }
                if let Some(arn) = str_at(advanced, "/roleArn") {
                    let label = format!("blue/green role {arn}");
                    plan.push(
                        role(clients, section.clone(), label, arn, "ecs.amazonaws.com")
                            .map(|c| vec![c])
                            .boxed(),
                    );
                }
            } else if strategy.staged() {
                let what = format!(
                    "load balancer {}:{}",
                    container.as_deref().unwrap_or("?"),
                    port.unwrap_or(0)
                );
                let check = Check::fail(
                    &section,
                    what,
                    format!("{} needs loadBalancers[].advancedConfiguration", strategy.name()),
                    "add alternateTargetGroupArn, productionListenerRule and roleArn (see the README's Blue/green section)",
                );
                plan.push(async move { vec![check] }.boxed());
            }
        }
        for hook in sd
            .pointer("/deploymentConfiguration/lifecycleHooks")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let target = str_at(hook, "/hookTargetArn").unwrap_or("?").to_string();
            let check = Check::skip(
                &section,
                format!("lifecycle hook {target}"),
                "Lambda hooks are not checked",
            );
            plan.push(async move { vec![check] }.boxed());
            if let Some(arn) = str_at(hook, "/roleArn") {
                let label = format!("lifecycle hook role {arn}");
                plan.push(
                    role(clients, section.clone(), label, arn, "ecs.amazonaws.com")
                        .map(|c| vec![c])
                        .boxed(),
                );
            }
        }
        if strategy == Strategy::CodeDeploy {
            let section = section.clone();
            plan.push(
                async move {
                    match codedeploy::find_group(clients, config, service).await {
                        Ok(group) => vec![Check::ok(
                            &section,
                            format!("CodeDeploy group {}", group.describe()),
                            "exists",
                        )],
                        Err(e) => vec![Check::error(&section, "CodeDeploy deployment group", &e)],
                    }
                }
                .boxed(),
            );
        }
    }
    plan
}

/// The checks of a task definition's (or a daemon task definition's) roles and containers:
/// the roles ECS tasks assume, each image, secret and awslogs log group.
pub fn task_definition<'a>(
    clients: &'a Clients,
    plan: &mut Vec<BoxFuture<'a, Vec<Check>>>,
    section: &[String],
    td: &'a Value,
) {
    let section = section.to_vec();
    for (key, label) in [("executionRoleArn", "execution role"), ("taskRoleArn", "task role")] {
        if let Some(arn) = str_at(td, &format!("/{key}")) {
            let label = format!("{label} {arn}");
            plan.push(
                role(clients, section.clone(), label, arn, "ecs-tasks.amazonaws.com")
                    .map(|c| vec![c])
                    .boxed(),
            );
        }
    }
    for container in td.get("containerDefinitions").and_then(Value::as_array).into_iter().flatten()
    {
        let name = str_at(container, "/name").unwrap_or("?");
        let section = [section.clone(), vec![format!("container {name}")]].concat();
        if let Some(image) = str_at(container, "/image") {
            plan.push(self::image(clients, section.clone(), image).map(|c| vec![c]).boxed());
        }
        for secret in container.get("secrets").and_then(Value::as_array).into_iter().flatten() {
            let (Some(var), Some(from)) = (str_at(secret, "/name"), str_at(secret, "/valueFrom"))
            else {
                continue;
            };
            plan.push(self::secret(clients, section.clone(), var, from).map(|c| vec![c]).boxed());
        }
        for target in
            crate::logs::targets(&serde_json::json!({"containerDefinitions": [container]}))
        {
            let create = container
                .pointer("/logConfiguration/options/awslogs-create-group")
                .and_then(Value::as_str)
                == Some("true");
            plan.push(log_group(clients, section.clone(), target, create).map(|c| vec![c]).boxed());
        }
    }
}

/// What the definitions alone can tell: each load balancer names a container and port of the
/// task definition; awsvpc tasks have a network configuration.
async fn local_service_checks(section: Vec<String>, sd: &Value, td: Option<&Value>) -> Vec<Check> {
    let mut out = Vec::new();
    let Some(td) = td else { return out };
    let containers =
        td.get("containerDefinitions").and_then(Value::as_array).cloned().unwrap_or_default();
    for lb in sd.get("loadBalancers").and_then(Value::as_array).into_iter().flatten() {
        let name = str_at(lb, "/containerName").unwrap_or_default();
        let port = lb.get("containerPort").and_then(Value::as_i64).unwrap_or(0);
        let label = format!("load balancer → container {name} port {port}");
        let container = containers.iter().find(|c| str_at(c, "/name") == Some(name));
        out.push(match container {
            None => Check::fail(
                &section,
                label,
                format!("the task definition has no container {name}"),
                "fix loadBalancers[].containerName",
            ),
            Some(c) => {
                let ports: Vec<i64> = c
                    .get("portMappings")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|m| m.get("containerPort").and_then(Value::as_i64))
                    .collect();
                if ports.contains(&port) {
                    Check::ok(&section, label, "the container maps it")
                } else {
                    Check::fail(
                        &section,
                        label,
                        format!("container {name} maps no port {port} (it maps {ports:?})"),
                        "fix loadBalancers[].containerPort or the container's portMappings",
                    )
                }
            }
        });
    }
    if str_at(td, "/networkMode") == Some("awsvpc") {
        let label = "network configuration (awsvpc)";
        out.push(if sd.pointer("/networkConfiguration/awsvpcConfiguration/subnets").is_some() {
            Check::ok(&section, label, "subnets set")
        } else {
            Check::fail(
                &section,
                label,
                "an awsvpc task definition needs networkConfiguration.awsvpcConfiguration",
                "add subnets (and security groups) to the service definition",
            )
        });
    }
    out
}
