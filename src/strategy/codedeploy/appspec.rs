//! The AppSpec of a CodeDeploy ECS deployment, from the service definition and the config.

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};

/// The AppSpec for deploying `task_definition` to the service defined by `def` (a service
/// definition's JSON: the file, or the running service), with the config's `appspec:` merged
/// in (its `Hooks`, and any other top-level key but `version` and `Resources`).
pub fn appspec(def: &Value, task_definition: &str, extra: Option<&Value>) -> Result<Value> {
    let lb = def.pointer("/loadBalancers/0").ok_or_else(|| {
        Error::new("a CodeDeploy deployment needs the service's load balancer (loadBalancers[0]), and the service has none")
    })?;
    let (Some(container), Some(port)) = (lb.get("containerName"), lb.get("containerPort")) else {
        return Err(Error::new(
            "loadBalancers[0] needs containerName and containerPort for the AppSpec's LoadBalancerInfo",
        ));
    };
    let mut properties = Map::new();
    properties.insert("TaskDefinition".into(), json!(task_definition));
    properties.insert(
        "LoadBalancerInfo".into(),
        json!({"ContainerName": container, "ContainerPort": port}),
    );
    if let Some(v) = def.get("platformVersion") {
        properties.insert("PlatformVersion".into(), v.clone());
    }
    if let Some(vpc) = def.pointer("/networkConfiguration/awsvpcConfiguration") {
        let mut awsvpc = Map::new();
        for (from, to) in [
            ("subnets", "Subnets"),
            ("securityGroups", "SecurityGroups"),
            ("assignPublicIp", "AssignPublicIp"),
        ] {
            if let Some(v) = vpc.get(from) {
                awsvpc.insert(to.into(), v.clone());
            }
        }
        properties.insert("NetworkConfiguration".into(), json!({"AwsvpcConfiguration": awsvpc}));
    }
    if let Some(strategy) = def.get("capacityProviderStrategy").and_then(Value::as_array)
        && !strategy.is_empty()
    {
        let items: Vec<Value> = strategy
            .iter()
            .map(|s| {
                let mut item = Map::new();
                for (from, to) in [
                    ("capacityProvider", "CapacityProvider"),
                    ("base", "Base"),
                    ("weight", "Weight"),
                ] {
                    if let Some(v) = s.get(from) {
                        item.insert(to.into(), v.clone());
                    }
                }
                Value::Object(item)
            })
            .collect();
        properties.insert("CapacityProviderStrategy".into(), Value::Array(items));
    }
    let mut spec = Map::new();
    spec.insert("version".into(), json!(0.0));
    spec.insert(
        "Resources".into(),
        json!([{"TargetService": {"Type": "AWS::ECS::Service", "Properties": properties}}]),
    );
    match extra {
        None | Some(Value::Null) => {}
        Some(Value::Object(extra)) => {
            for (key, value) in extra {
                if key != "version" && key != "Resources" {
                    spec.insert(key.clone(), value.clone());
                }
            }
        }
        Some(_) => {
            return Err(Error::new("`appspec` in the config must be a mapping (e.g. `Hooks:`)"));
        }
    }
    Ok(Value::Object(spec))
}

/// The AppSpec as YAML (the default) or JSON.
pub fn appspec_text(spec: &Value, as_json: bool) -> String {
    if as_json {
        serde_json::to_string_pretty(spec).unwrap_or_default()
    } else {
        serde_yaml::to_string(spec).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_appspec_carries_the_service_settings_and_the_configs_hooks() {
        let def = json!({
            "loadBalancers": [{"targetGroupArn": "tg", "containerName": "app", "containerPort": 3000}],
            "platformVersion": "1.4.0",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s-1"], "securityGroups": ["sg-1"], "assignPublicIp": "DISABLED"}},
            "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]
        });
        let extra = json!({"version": 1, "Resources": [], "Hooks": [{"BeforeInstall": "fn"}]});
        let spec = appspec(&def, "arn:td:7", Some(&extra)).unwrap();
        assert_eq!(
            spec,
            json!({"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {
                "TaskDefinition": "arn:td:7",
                "LoadBalancerInfo": {"ContainerName": "app", "ContainerPort": 3000},
                "PlatformVersion": "1.4.0",
                "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["s-1"], "SecurityGroups": ["sg-1"], "AssignPublicIp": "DISABLED"}},
                "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1}]
            }}}], "Hooks": [{"BeforeInstall": "fn"}]})
        );
        let yaml = appspec_text(&spec, false);
        assert!(yaml.starts_with("version: 0.0\nResources:\n"), "{yaml}");
        assert!(appspec(&json!({}), "td", None).is_err());
        assert!(appspec(&def, "td", Some(&json!("Hooks"))).is_err());
    }
}
