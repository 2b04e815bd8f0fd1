//! Load balancer target health, for `status` (and, later, health gates).

use crate::aws::Clients;
use crate::error::{Error, Result};

/// One target of a target group and its health.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Target {
    pub target_group: String,
    pub id: String,
    pub port: Option<i32>,
    pub state: String,
    pub reason: Option<String>,
    pub description: Option<String>,
}

/// The targets of a target group (`arn:…:targetgroup/NAME/ID`) with their health.
pub async fn target_health(clients: &Clients, target_group_arn: &str) -> Result<Vec<Target>> {
    let out = clients
        .elbv2
        .describe_target_health()
        .target_group_arn(target_group_arn)
        .send()
        .await
        .map_err(|e| {
            Error::aws("elasticloadbalancing:DescribeTargetHealth", target_group_arn, e)
        })?;
    let name = target_group_arn.split('/').nth(1).unwrap_or(target_group_arn).to_string();
    Ok(out
        .target_health_descriptions()
        .iter()
        .map(|d| {
            let health = d.target_health();
            Target {
                target_group: name.clone(),
                id: d.target().and_then(|t| t.id()).unwrap_or_default().to_string(),
                port: d.target().and_then(|t| t.port()),
                state: health
                    .and_then(|h| h.state())
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                reason: health.and_then(|h| h.reason()).map(|r| r.as_str().to_string()),
                description: health.and_then(|h| h.description()).map(ToString::to_string),
            }
        })
        .collect())
}

/// The target groups a listener rule forwards to, with their weights.
pub async fn forward_weights(clients: &Clients, rule_arn: &str) -> Result<Vec<(String, i32)>> {
    let out = clients
        .elbv2
        .describe_rules()
        .rule_arns(rule_arn)
        .send()
        .await
        .map_err(|e| Error::aws("elasticloadbalancing:DescribeRules", rule_arn, e))?;
    let mut groups = Vec::new();
    for rule in out.rules() {
        for action in rule.actions() {
            if let Some(forward) = action.forward_config() {
                for group in forward.target_groups() {
                    if let Some(arn) = group.target_group_arn() {
                        groups.push((arn.to_string(), group.weight().unwrap_or(1)));
                    }
                }
            } else if let Some(arn) = action.target_group_arn() {
                groups.push((arn.to_string(), 1));
            }
        }
    }
    Ok(groups)
}

/// The load balancer a target group (`arn:…:targetgroup/NAME/ID`) is attached to (the first,
/// where it is attached to several), if any: ALB metrics name both.
pub async fn load_balancer_of(clients: &Clients, target_group_arn: &str) -> Result<Option<String>> {
    let out = clients
        .elbv2
        .describe_target_groups()
        .target_group_arns(target_group_arn)
        .send()
        .await
        .map_err(|e| {
            Error::aws("elasticloadbalancing:DescribeTargetGroups", target_group_arn, e)
        })?;
    Ok(out
        .target_groups()
        .first()
        .and_then(|g| g.load_balancer_arns().first())
        .map(ToString::to_string))
}

/// The part of a load balancer or target group ARN CloudWatch's dimensions use:
/// `targetgroup/NAME/ID`, `app/NAME/ID`.
pub fn arn_suffix(arn: &str) -> &str {
    match arn.split_once(":targetgroup/") {
        Some((_, rest)) => &arn[arn.len() - rest.len() - "targetgroup/".len()..],
        None => arn.split_once(":loadbalancer/").map_or(arn, |(_, rest)| rest),
    }
}
