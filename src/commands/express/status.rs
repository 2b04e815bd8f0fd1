//! `shipper status` of an Express service: its status and endpoint, the configuration it runs,
//! the resources ECS made for it (load balancer, listener, target group, certificate, security
//! groups, scaling, log group), then the service's own status (deployments, events, tasks).

use serde_json::{Value, json};

use crate::cli::StatusArgs;
use crate::commands::service::Existing;
use crate::context::Context;
use crate::ecs;
use crate::error::{Exit, Result};
use crate::model::ser::to_value;
use crate::state::express::not_express;

pub async fn run(ctx: &Context, args: &StatusArgs) -> Result<Exit> {
    let existing = Existing::load(ctx, "show").await?;
    if !ecs::express::is_express(&existing.service) {
        return Err(not_express(&existing.rendered.config, &existing.name));
    }
    let clients = existing.clients;
    let arn = existing.service.service_arn().unwrap_or_default().to_string();
    let express = ecs::express::describe(clients, &arn).await?;
    let newest = crate::model::express::newest(&express);
    let resources = match newest.and_then(|c| c.service_revision_arn()) {
        Some(revision) => ecs::express::managed_resources(clients, revision).await?,
        None => None,
    };
    let (mut json, service_text) = crate::commands::status::report(args, &existing).await?;
    let status = express.status().and_then(|s| s.status_code()).map(|c| c.as_str().to_string());
    let config = newest.map(|c| to_value(c)).unwrap_or(Value::Null);
    let resources = resources.as_ref().map(|r| to_value(r)).unwrap_or(Value::Null);
    json["express"] = json!({
        "status": status,
        "infrastructure_role": express.infrastructure_role_arn(),
        "ingress_paths": config.get("ingressPaths"),
        "configuration": config,
        "managed_resources": resources,
    });
    if ctx.out.is_json() {
        ctx.out.json(&json);
        return Ok(Exit::Success);
    }
    let mut text = format!(
        "Express service {} (cluster {}): {}\n",
        existing.name,
        existing.rendered.config.cluster,
        status.as_deref().unwrap_or("?")
    );
    for path in config.get("ingressPaths").and_then(Value::as_array).into_iter().flatten() {
        text.push_str(&format!(
            "endpoint https://{} ({})\n",
            str_of(path, "/endpoint"),
            str_of(path, "/accessType")
        ));
    }
    text.push_str(&format!("configuration: {}\n", summary(&config)));
    text.push_str(&managed(&resources));
    text.push('\n');
    text.push_str(&service_text);
    ctx.out.data(&text);
    Ok(Exit::Success)
}

fn str_of<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value.pointer(pointer).and_then(Value::as_str).unwrap_or("?")
}

fn num_of(value: &Value, pointer: &str) -> String {
    value.pointer(pointer).map_or_else(|| "?".into(), ToString::to_string)
}

/// `image nginx:2, port 80, cpu 1024, memory 2048, health check /, 1–20 tasks (AVERAGE_CPU 60)`.
fn summary(config: &Value) -> String {
    format!(
        "image {}, port {}, cpu {}, memory {}, health check {}, {}–{} tasks ({} {})",
        str_of(config, "/primaryContainer/image"),
        num_of(config, "/primaryContainer/containerPort"),
        str_of(config, "/cpu"),
        str_of(config, "/memory"),
        str_of(config, "/healthCheckPath"),
        num_of(config, "/scalingTarget/minTaskCount"),
        num_of(config, "/scalingTarget/maxTaskCount"),
        str_of(config, "/scalingTarget/autoScalingMetric"),
        num_of(config, "/scalingTarget/autoScalingTargetValue"),
    )
}

/// The resources ECS made, one line each: what, its ARN or name, its status.
fn managed(resources: &Value) -> String {
    let mut lines = Vec::new();
    let mut line = |what: &str, item: &Value, extra: String| {
        let name = item.get("arn").or_else(|| item.get("logGroupName")).and_then(Value::as_str);
        lines.push(format!(
            "  {what:<16} {} ({}{extra})",
            name.unwrap_or("?"),
            str_of(item, "/status")
        ));
    };
    for path in resources.get("ingressPaths").and_then(Value::as_array).into_iter().flatten() {
        if let Some(lb) = path.get("loadBalancer") {
            line("load balancer", lb, format!(", {}", str_of(lb, "/scheme")));
        }
        for (what, key) in [("listener", "listener"), ("listener rule", "rule")] {
            if let Some(item) = path.get(key) {
                line(what, item, String::new());
            }
        }
        if let Some(cert) = path.get("certificate") {
            line("certificate", cert, format!(", {}", str_of(cert, "/domainName")));
        }
        for tg in path.get("targetGroups").and_then(Value::as_array).into_iter().flatten() {
            let extra = format!(
                ", port {}, health check {}",
                num_of(tg, "/port"),
                str_of(tg, "/healthCheckPath")
            );
            line("target group", tg, extra);
        }
    }
    for sg in resources.get("serviceSecurityGroups").and_then(Value::as_array).into_iter().flatten()
    {
        line("security group", sg, String::new());
    }
    if let Some(target) = resources.pointer("/autoScaling/scalableTarget") {
        let extra = format!(
            ", {}–{} tasks",
            num_of(target, "/minCapacity"),
            num_of(target, "/maxCapacity")
        );
        line("scalable target", target, extra);
    }
    for policy in resources
        .pointer("/autoScaling/applicationAutoScalingPolicies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let extra = format!(
            ", {} {} {}",
            str_of(policy, "/policyType"),
            str_of(policy, "/metric"),
            num_of(policy, "/targetValue")
        );
        line("scaling policy", policy, extra);
    }
    for alarm in resources.get("metricAlarms").and_then(Value::as_array).into_iter().flatten() {
        line("metric alarm", alarm, String::new());
    }
    for group in resources.get("logGroups").and_then(Value::as_array).into_iter().flatten() {
        line("log group", group, String::new());
    }
    match lines.is_empty() {
        true => "managed resources: none reported\n".into(),
        false => format!("managed resources:\n{}\n", lines.join("\n")),
    }
}
