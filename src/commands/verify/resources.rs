//! The checks of one AWS resource each, all reads: a cluster, a role and its trust policy, an
//! image in ECR, a secret's metadata (never its value), a log group, a target group, a listener
//! rule.

use serde_json::Value;

use super::Check;
use crate::aws::Clients;
use crate::ecr::ImageRef;
use crate::error::Error;

pub async fn cluster(clients: &Clients, section: Vec<String>, name: &str) -> Check {
    let what = "cluster";
    match clients.ecs.describe_clusters().clusters(name).send().await {
        Ok(out) => match out.clusters().iter().find(|c| c.status() == Some("ACTIVE")) {
            Some(_) => Check::ok(&section, what, "ACTIVE"),
            None => Check::fail(
                &section,
                what,
                "does not exist (or is INACTIVE)",
                "check `cluster` in the config, or create the cluster",
            ),
        },
        Err(e) => Check::error(&section, what, &Error::aws("ecs:DescribeClusters", name, e)),
    }
}

/// An IAM role, and whether its trust policy lets `principal` assume it.
pub async fn role(
    clients: &Clients,
    section: Vec<String>,
    label: String,
    arn: &str,
    principal: &str,
) -> Check {
    let Some(name) = arn
        .strip_prefix("arn:")
        .and_then(|_| arn.rsplit('/').next())
        .filter(|_| arn.contains(":role/"))
    else {
        return Check::fail(
            &section,
            label,
            "not an IAM role ARN",
            "use arn:aws:iam::ACCOUNT:role/NAME",
        );
    };
    match clients.iam.get_role().role_name(name).send().await {
        Ok(out) => {
            let policy = out
                .role()
                .map(|r| r.assume_role_policy_document().unwrap_or_default())
                .unwrap_or_default();
            if trusts(&percent_decode(policy), principal) {
                Check::ok(&section, label, format!("exists, trusts {principal}"))
            } else {
                Check::fail(
                    &section,
                    label,
                    format!("its trust policy does not let {principal} assume it"),
                    format!(
                        "add a statement allowing sts:AssumeRole for the service principal {principal}"
                    ),
                )
            }
        }
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception()) => {
            Check::fail(
                &section,
                label,
                "does not exist",
                "create the role, or fix the ARN in the definition",
            )
        }
        Err(e) => Check::error(&section, label, &Error::aws("iam:GetRole", name, e)),
    }
}

/// Whether a trust policy allows `sts:AssumeRole` to the service `principal`.
fn trusts(policy: &str, principal: &str) -> bool {
    let Ok(doc) = serde_json::from_str::<Value>(policy) else { return false };
    let one_or_many = |v: Option<&Value>, want: &str| match v {
        Some(Value::String(s)) => s == want || s == "*",
        Some(Value::Array(items)) => {
            items.iter().any(|i| i.as_str().is_some_and(|s| s == want || s == "*"))
        }
        _ => false,
    };
    let statements = match doc.get("Statement") {
        Some(Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
        None => Vec::new(),
    };
    statements.iter().any(|s| {
        s.get("Effect").and_then(Value::as_str) == Some("Allow")
            && one_or_many(s.get("Action"), "sts:AssumeRole")
            && one_or_many(s.pointer("/Principal/Service"), principal)
    })
}

/// IAM returns policy documents URL-encoded (RFC 3986).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub async fn image(clients: &Clients, section: Vec<String>, image: &str) -> Check {
    let label = format!("image {image}");
    let Some(r) = ImageRef::parse(image) else {
        return Check::skip(&section, label, "not in ECR: shipper checks ECR images only");
    };
    let region =
        r.registry.split(".dkr.ecr.").nth(1).and_then(|s| s.split('.').next()).unwrap_or_default();
    if region != clients.region {
        return Check::skip(
            &section,
            label,
            format!("in ECR region {region}; shipper checks {} (pass --region)", clients.region),
        );
    }
    let account = r.registry.split('.').next().unwrap_or_default();
    let mut id = aws_sdk_ecr::types::ImageIdentifier::builder();
    id = match (&r.digest, &r.tag) {
        (Some(digest), _) => id.image_digest(digest),
        (None, tag) => id.image_tag(tag.as_deref().unwrap_or("latest")),
    };
    let out = clients
        .ecr
        .describe_images()
        .registry_id(account)
        .repository_name(&r.repository)
        .image_ids(id.build())
        .send()
        .await;
    let wanted =
        r.digest.clone().unwrap_or_else(|| format!("tag {}", r.tag.as_deref().unwrap_or("latest")));
    match out {
        Ok(out) if !out.image_details().is_empty() => {
            let digest = out.image_details()[0].image_digest().unwrap_or_default();
            Check::ok(
                &section,
                label,
                if r.digest.is_some() {
                    "exists".to_string()
                } else {
                    format!("exists ({digest})")
                },
            )
        }
        Ok(_) => Check::fail(
            &section,
            label,
            format!("{wanted} is not in repository {}", r.repository),
            "push the image, or fix the tag",
        ),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_image_not_found_exception()) => {
            Check::fail(
                &section,
                label,
                format!("{wanted} is not in repository {}", r.repository),
                "push the image (or fix the tag/digest), then deploy",
            )
        }
        Err(e) if e.as_service_error().is_some_and(|s| s.is_repository_not_found_exception()) => {
            Check::fail(
                &section,
                label,
                format!("repository {} does not exist in {account}", r.repository),
                "create the repository and push the image, or fix the image URI",
            )
        }
        Err(e) => Check::error(&section, label, &Error::aws("ecr:DescribeImages", image, e)),
    }
}

/// A `secrets` entry: an SSM parameter (name or ARN) or a Secrets Manager secret (ARN, maybe
/// with `:json-key:version-stage:version-id` after it). Only metadata is read, never the value.
pub async fn secret(clients: &Clients, section: Vec<String>, var: &str, from: &str) -> Check {
    let label = format!("secret {var} ({from})");
    if from.starts_with("arn:") && from.split(':').nth(2) == Some("secretsmanager") {
        let id: String = from.split(':').take(7).collect::<Vec<_>>().join(":");
        return match clients.secretsmanager.describe_secret().secret_id(&id).send().await {
            Ok(_) => Check::ok(&section, label, "Secrets Manager secret exists"),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => {
                Check::fail(
                    &section,
                    label,
                    "no such Secrets Manager secret",
                    "create the secret, or fix valueFrom",
                )
            }
            Err(e) => {
                Check::error(&section, label, &Error::aws("secretsmanager:DescribeSecret", &id, e))
            }
        };
    }
    let name = parameter_name(from);
    let filter = aws_sdk_ssm::types::ParameterStringFilter::builder()
        .key("Name")
        .option("Equals")
        .values(&name)
        .build();
    let filter = match filter {
        Ok(f) => f,
        Err(e) => return Check::error(&section, label, &Error::new(e.to_string())),
    };
    match clients.ssm.describe_parameters().parameter_filters(filter).send().await {
        Ok(out) if out.parameters().iter().any(|p| p.name() == Some(name.as_str())) => {
            let kind = out.parameters()[0].r#type().map_or("?", |t| t.as_str()).to_string();
            Check::ok(&section, label, format!("SSM parameter exists ({kind})"))
        }
        Ok(_) => Check::fail(
            &section,
            label,
            format!("no SSM parameter {name}"),
            "create it (a SecureString for a secret), or fix valueFrom",
        ),
        Err(e) => Check::error(&section, label, &Error::aws("ssm:DescribeParameters", &name, e)),
    }
}

/// `arn:aws:ssm:REGION:ACCOUNT:parameter/a/b` → `/a/b`; a name stays as it is.
fn parameter_name(from: &str) -> String {
    match from.split_once(":parameter/") {
        Some((arn, rest)) if arn.starts_with("arn:") => {
            if rest.contains('/') {
                format!("/{rest}")
            } else {
                rest.to_string()
            }
        }
        _ => from.to_string(),
    }
}

pub async fn log_group(
    clients: &Clients,
    section: Vec<String>,
    target: crate::logs::LogTarget,
    create: bool,
) -> Check {
    let label = format!("log group {}", target.group);
    if target.region.as_deref().is_some_and(|r| r != clients.region) {
        return Check::skip(
            &section,
            label,
            format!(
                "in region {}; shipper checks {}",
                target.region.unwrap_or_default(),
                clients.region
            ),
        );
    }
    let out = clients.logs.describe_log_groups().log_group_name_prefix(&target.group).send().await;
    match out {
        Ok(out)
            if out
                .log_groups()
                .iter()
                .any(|g| g.log_group_name() == Some(target.group.as_str())) =>
        {
            Check::ok(&section, label, "exists")
        }
        Ok(_) if create => {
            Check::ok(&section, label, "does not exist yet; ECS creates it (awslogs-create-group)")
        }
        Ok(_) => Check::fail(
            &section,
            label,
            "does not exist: the containers cannot start without it",
            "create it (aws logs create-log-group), or set awslogs-create-group: \"true\" and allow logs:CreateLogGroup to the execution role",
        ),
        Err(e) => {
            Check::error(&section, label, &Error::aws("logs:DescribeLogGroups", &target.group, e))
        }
    }
}

pub async fn target_group(clients: &Clients, section: Vec<String>, arn: &str) -> Check {
    let label = format!("target group {arn}");
    match clients.elbv2.describe_target_groups().target_group_arns(arn).send().await {
        Ok(out) if !out.target_groups().is_empty() => {
            let tg = &out.target_groups()[0];
            Check::ok(
                &section,
                label,
                format!(
                    "exists ({} port {})",
                    tg.target_type().map_or("?", |t| t.as_str()),
                    tg.port().unwrap_or(0)
                ),
            )
        }
        Ok(_) => Check::fail(
            &section,
            label,
            "does not exist",
            "create it, or fix the ARN in loadBalancers",
        ),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_target_group_not_found_exception()) => {
            Check::fail(
                &section,
                label,
                "does not exist",
                "create it, or fix the ARN in loadBalancers",
            )
        }
        Err(e) => Check::error(
            &section,
            label,
            &Error::aws("elasticloadbalancing:DescribeTargetGroups", arn, e),
        ),
    }
}

pub async fn listener_rule(clients: &Clients, section: Vec<String>, key: &str, arn: &str) -> Check {
    let label = format!("{key} {arn}");
    match clients.elbv2.describe_rules().rule_arns(arn).send().await {
        Ok(out) if !out.rules().is_empty() => Check::ok(&section, label, "exists"),
        Ok(_) => Check::fail(
            &section,
            label,
            "does not exist",
            "create the listener rule, or fix advancedConfiguration",
        ),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_rule_not_found_exception()) => {
            Check::fail(
                &section,
                label,
                "does not exist",
                "create the listener rule, or fix advancedConfiguration",
            )
        }
        Err(e) => {
            Check::error(&section, label, &Error::aws("elasticloadbalancing:DescribeRules", arn, e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_policies_in_every_spelling() {
        let one = r#"{"Statement":{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}}"#;
        let many = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","ecs-tasks.amazonaws.com"]},"Action":["sts:AssumeRole"]}]}"#;
        assert!(trusts(one, "ecs-tasks.amazonaws.com"));
        assert!(trusts(many, "ecs-tasks.amazonaws.com"));
        assert!(!trusts(many, "ecs.amazonaws.com"));
        assert!(trusts(
            &percent_decode(
                "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ecs.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%7D"
            ),
            "ecs.amazonaws.com"
        ));
    }

    #[test]
    fn parameter_names_from_arns() {
        assert_eq!(
            parameter_name("arn:aws:ssm:ap-northeast-1:1:parameter/acme/dev/x"),
            "/acme/dev/x"
        );
        assert_eq!(parameter_name("arn:aws:ssm:ap-northeast-1:1:parameter/flat"), "flat");
        assert_eq!(parameter_name("/acme/dev/x"), "/acme/dev/x");
    }
}
